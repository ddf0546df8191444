// COMCTL32.dll: the common controls (one file each beside this one), their window classes
// registered with USER32's system classes for every program (as a program linking COMCTL32 has
// them once the DLL is loaded), and InitCommonControls(Ex), which has nothing left to do.
#include "shims/comctl32/comctl32.h"
#include "shims/comctl32/views.h"

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"

namespace polyrun::shims {

namespace comctl32 {

namespace {

const user32::ExtraClasses kRegistered{control_classes};

void InitCommonControls(WindowsProcess&) {}

// INITCOMMONCONTROLSEX: dwSize (8), dwICC (the ICC_ classes asked for); FALSE for a wrong size.
BOOL InitCommonControlsEx(WindowsProcess& p, Ptr init) {
  if (!init || get<uint32_t>(init.addr) != 8) return fail(p, ERROR_INVALID_PARAMETER);
  return TRUE;
}

}  // namespace

// The common controls' classes, each from its control's file.
std::vector<const user32::ControlClass*> control_classes() {
  return {
      &listview_class(),
      &header_class(),
      &tab_control_class(),
      &treeview_class(),
  };
}

// The exports of the controls' files beyond their window procedures (ImageList_*, …).
std::vector<const std::vector<Export>*> export_lists() {
  return {
      &imagelist_exports(),
  };
}

}  // namespace comctl32

const Dll kComctl32 = [] {
  Dll d{"comctl32.dll", false, {
      EXPORT("InitCommonControls", comctl32::InitCommonControls),
      EXPORT("InitCommonControlsEx", comctl32::InitCommonControlsEx),
  }};
  for (const auto* list : comctl32::export_lists())
    for (const Export& e : *list) d.exports.push_back(e);
  return d;
}();

}  // namespace polyrun::shims
