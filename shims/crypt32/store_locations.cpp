// CRYPT32's CertEnumSystemStoreLocation: Windows' predefined system store locations, each given to
// the program's callback as its name and its CERT_SYSTEM_STORE_* flags (the location's ID shifted
// by CERT_SYSTEM_STORE_LOCATION_SHIFT, 16), in the order of their IDs (Microsoft Learn,
// "CertEnumSystemStoreLocation", "System Store Locations").
#include <array>
#include <string>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/crypt32.h"

namespace polyrun::shims::crypt32 {

namespace store_locations {
namespace {

struct Location {
  const char16_t* name;
  uint32_t id;
};
constexpr Location kLocations[] = {
    {u"CurrentUser", 1},            {u"LocalMachine", 2},           {u"CurrentService", 4},
    {u"Services", 5},               {u"Users", 6},                  {u"CurrentUserGroupPolicy", 7},
    {u"LocalMachineGroupPolicy", 8}, {u"LocalMachineEnterprise", 9},
};
constexpr size_t kLocationCount = sizeof kLocations / sizeof kLocations[0];

// The names in guest memory, placed once a process.
struct LocationNames : DllStateBase {
  std::array<uint64_t, kLocationCount> at{};
};
const LocationNames& location_names(WindowsProcess& p) {
  LocationNames& n = dll_state<LocationNames>(p);
  if (!n.at[0])
    for (size_t i = 0; i < kLocationCount; ++i) {
      const std::u16string s = kLocations[i].name;
      n.at[i] = p.alloc_data(2 * (s.size() + 1));
      for (size_t k = 0; k <= s.size(); ++k) put<char16_t>(n.at[i] + 2 * k, k < s.size() ? s[k] : u'\0');
    }
  return n;
}

// CertEnumSystemStoreLocation(flags, arg, callback): callback(name, flags, reserved, arg) for each
// location until one returns FALSE (then FALSE, with the callback's last error).
BOOL CertEnumSystemStoreLocation(WindowsProcess& p, uint32_t, Ptr arg, Ptr callback) {
  if (!callback) return FALSE;
  const LocationNames& names = location_names(p);
  for (size_t i = 0; i < kLocationCount; ++i)
    if (!static_cast<uint32_t>(p.call_guest(callback.addr, {names.at[i], uint64_t{kLocations[i].id} << 16, 0, arg.addr})))
      return FALSE;
  return TRUE;
}

}  // namespace
}  // namespace store_locations

const std::vector<Export>& store_location_exports() {
  static const std::vector<Export> e = {EXPORT("CertEnumSystemStoreLocation", store_locations::CertEnumSystemStoreLocation)};
  return e;
}

}  // namespace polyrun::shims::crypt32
