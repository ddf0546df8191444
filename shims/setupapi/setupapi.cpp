// SETUPAPI.dll and CFGMGR32.dll: device information sets (setupapi/devices.cpp), the configuration
// manager's device tree (setupapi/config_manager.cpp, exported by both DLLs as Windows' CFGMGR32
// serves the functions SETUPAPI also exports), and cabinets and compressed files
// (setupapi/cabinets.cpp, over CABINET's reader), INF files (setupapi/inf.cpp).
#include "shims/setupapi/exports.h"
#include "shims/setupapi/setupapi.h"

namespace polyrun::shims {

namespace {

std::vector<Export> setupapi_exports() {
  std::vector<Export> all;
  for (const auto* part : {&setupapi::device_exports(), &setupapi::config_manager_exports(), &setupapi::cabinet_exports(),
                           &setupapi::inf_exports()})
    all.insert(all.end(), part->begin(), part->end());
  return all;
}

}  // namespace

const Dll kSetupapi{"setupapi.dll", false, setupapi_exports()};
const Dll kCfgmgr32{"cfgmgr32.dll", false, setupapi::config_manager_exports()};

}  // namespace polyrun::shims
