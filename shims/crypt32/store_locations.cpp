// CRYPT32's enumeration of system stores: CertEnumSystemStoreLocation gives Windows' predefined
// system store locations to the program's callback, each as its name and its CERT_SYSTEM_STORE_*
// flags (the location's ID shifted by CERT_SYSTEM_STORE_LOCATION_SHIFT, 16), in the order of their
// IDs (Microsoft Learn, "CertEnumSystemStoreLocation", "System Store Locations");
// CertEnumSystemStore gives the system stores of a user's or the machine's location: those
// CertOpenStore opens with CERT_STORE_OPEN_EXISTING_FLAG (cert_stores.cpp), the machine's without
// the user's own (UserDS, AddressBook). The service and user locations hold none here
// (ERROR_FILE_NOT_FOUND, as for a location whose registry key is missing).
#include <array>
#include <string>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
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

// The system stores, as Windows spells them, and whether the machine's locations have them.
struct SystemStore {
  const char16_t* name;
  bool machine;
};
constexpr SystemStore kSystemStores[] = {
    {u"MY", true},          {u"Root", true},          {u"Trust", true},          {u"CA", true},
    {u"UserDS", false},     {u"TrustedPublisher", true}, {u"Disallowed", true},  {u"AuthRoot", true},
    {u"TrustedPeople", true}, {u"SmartCardRoot", true}, {u"TrustedDevices", true}, {u"AddressBook", false},
};
constexpr size_t kSystemStoreCount = sizeof kSystemStores / sizeof kSystemStores[0];

struct StoreNames : DllStateBase {
  std::array<uint64_t, kSystemStoreCount> at{};
  uint64_t info = 0;  // a CERT_SYSTEM_STORE_INFO: its cbSize (4)
};
const StoreNames& store_names(WindowsProcess& p) {
  StoreNames& n = dll_state<StoreNames>(p);
  if (!n.at[0]) {
    for (size_t i = 0; i < kSystemStoreCount; ++i) {
      const std::u16string s = kSystemStores[i].name;
      n.at[i] = p.alloc_data(2 * (s.size() + 1));
      for (size_t k = 0; k <= s.size(); ++k) put<char16_t>(n.at[i] + 2 * k, k < s.size() ? s[k] : u'\0');
    }
    n.info = p.alloc_data(4);
    put<uint32_t>(n.info, 4);
  }
  return n;
}

// CertEnumSystemStore(flags, location para, arg, callback): callback(name, flags' location bits,
// CERT_SYSTEM_STORE_INFO, reserved, arg) for each system store of the location in `flags`, until
// one returns FALSE.
BOOL CertEnumSystemStore(WindowsProcess& p, uint32_t flags, Ptr, Ptr arg, Ptr callback) {
  constexpr uint32_t kLocationMask = 0x00ff0000;
  const uint32_t location = (flags & kLocationMask) >> 16;
  const bool user = location == 1 || location == 7;                   // CurrentUser, CurrentUserGroupPolicy
  const bool machine = location == 2 || location == 8 || location == 9;  // LocalMachine (its policy, enterprise)
  if (!callback) return FALSE;
  if (!user && !machine) return fail(p, ERROR_FILE_NOT_FOUND);
  const StoreNames& names = store_names(p);
  for (size_t i = 0; i < kSystemStoreCount; ++i) {
    if (machine && !kSystemStores[i].machine) continue;
    if (!static_cast<uint32_t>(p.call_guest(callback.addr, {names.at[i], flags & kLocationMask, names.info, 0, arg.addr})))
      return FALSE;
  }
  return TRUE;
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
  static const std::vector<Export> e = {
      EXPORT("CertEnumSystemStoreLocation", store_locations::CertEnumSystemStoreLocation),
      EXPORT("CertEnumSystemStore", store_locations::CertEnumSystemStore),
  };
  return e;
}

}  // namespace polyrun::shims::crypt32
