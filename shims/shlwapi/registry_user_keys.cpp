// SHLWAPI's (and KernelBase's) "user-specific" registry keys (HUSKEY): one subkey path open at once
// under HKEY_CURRENT_USER and HKEY_LOCAL_MACHINE (or under the two keys of another HUSKEY), where a
// value is read from the user's key first and from the machine's when the user's lacks it
// (SHRegOpenUSKey, SHRegCreateUSKey, SHRegCloseUSKey, SHRegQueryUSValue, SHRegGetUSValue,
// SHRegGetBoolUSValue: "yes"/"true"/"no"/"false", a DWORD or a byte), written to either or both
// as the SHREGSET_ flags ask (SHRegWriteUSValue, SHRegSetUSValue: SHREGSET_HKCU and SHREGSET_HKLM
// only where the value is not there yet, the FORCE_ forms always), deleted (SHRegDeleteUSValue,
// SHRegDeleteEmptyUSKey: SHREGDEL_DEFAULT the user's if it has one, else the machine's), and
// enumerated (SHRegEnumUSKey, SHRegEnumUSValue, SHRegQueryInfoUSKey: SHREGENUM_DEFAULT the user's
// key when it is open, else the machine's). A HUSKEY is a block of the process heap that names
// polyrun's record of the two keys. ADVAPI32's registry functions do the work (shlwapi/registry_calls.h).
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/kernel32/char_types.h"
#include "shims/shlwapi/registry_calls.h"
#include "shims/shlwapi/string_util.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_registry {

namespace {

using shlwapi_calls::GuestBlock;
using shlwapi_calls::GuestText;

constexpr uint32_t kSetHkcu = 0x1, kSetForceHkcu = 0x2, kSetHklm = 0x4, kSetForceHklm = 0x8;
constexpr uint32_t kUser = 0x1, kMachine = 0x10;  // SHREGDEL_ and SHREGENUM_ HKCU and HKLM
constexpr uint32_t kInvalidFunction = 1;          // ERROR_INVALID_FUNCTION

struct UserKey {
  std::u16string path;
  uint64_t user_start = 0, user_key = 0, machine_start = 0, machine_key = 0;
  bool own_starts = false;  // the starts are handles of our own (a relative HUSKEY's keys duplicated)
};
std::map<uint64_t, UserKey>& user_keys() {
  static std::map<uint64_t, UserKey> keys;
  return keys;
}

bool is_predefined(uint64_t h) {
  const uint32_t low = static_cast<uint32_t>(h);
  return low >= 0x80000000u && low <= 0x80000006u && (h >> 32 == 0 || h >> 32 == 0xffffffffu);
}
// The user's or the machine's open key of a HUSKEY; a predefined key stands for itself.
uint64_t key_of(uint64_t h, bool user) {
  if (is_predefined(h)) return h;
  auto it = user_keys().find(h);
  if (it == user_keys().end()) return 0;
  return user ? it->second.user_key : it->second.machine_key;
}

uint64_t duplicate(WindowsProcess& p, uint64_t key) {
  if (!key) return 0;
  GuestBlock out(p, 8);
  if (reg<char16_t>(p, "RegOpenKeyEx", {key, 0, 0, kMaximumAllowed, out.addr()})) return 0;
  return p.get_ptr(out.addr());
}

UserKey new_key(WindowsProcess& p, const std::u16string& path, uint64_t relative) {
  UserKey k;
  k.path = path.substr(0, 259);
  if (relative) {
    k.user_start = duplicate(p, key_of(relative, true));
    k.machine_start = duplicate(p, key_of(relative, false));
    k.own_starts = true;
  } else {
    k.user_start = predefined_key(p, kHkeyCurrentUser);
    k.machine_start = predefined_key(p, kHkeyLocalMachine);
  }
  return k;
}
uint64_t keep(WindowsProcess& p, UserKey k) {
  const uint64_t h = p.heap.alloc(16, true);
  user_keys()[h] = std::move(k);
  return h;
}
void close_all(WindowsProcess& p, const UserKey& k) {
  for (uint64_t key : {k.user_key, k.machine_key})
    if (key) close_key(p, key);
  if (k.own_starts)
    for (uint64_t key : {k.user_start, k.machine_start})
      if (key) close_key(p, key);
}

uint32_t open_key(WindowsProcess& p, uint64_t start, const std::u16string& path, uint32_t access, uint64_t& out) {
  out = 0;
  if (!start) return ERROR_INVALID_PARAMETER;
  GuestText name(p, path);
  GuestBlock result(p, 8);
  const uint32_t e = reg<char16_t>(p, "RegOpenKeyEx", {start, name.addr(), 0, access, result.addr()});
  if (!e) out = p.get_ptr(result.addr());
  return e;
}
uint32_t create_key(WindowsProcess& p, uint64_t start, const std::u16string& path, uint32_t access, uint64_t& out) {
  out = 0;
  if (!start) return ERROR_INVALID_PARAMETER;
  GuestText name(p, path);
  GuestBlock result(p, 8);
  const uint32_t e = reg<char16_t>(p, "RegCreateKeyEx", {start, name.addr(), 0, 0, 0, access, 0, result.addr(), 0});
  if (!e) out = p.get_ptr(result.addr());
  return e;
}

template <typename C>
std::u16string text(Ptr s) { return s ? shlwapi_text::wide(s.as<const C>()) : std::u16string(); }

// ---- opening and closing ----

// SHRegOpenUSKey(path, access, relative, out, ignore_hkcu): the path opened under both starts (not
// the user's with ignore_hkcu); the error of the machine's when neither opens.
uint32_t open_user_key(WindowsProcess& p, const std::u16string& path, uint32_t access, Ptr relative, Ptr out, int32_t ignore_user) {
  if (out) p.put_ptr(out.addr, 0);
  UserKey k = new_key(p, path, relative.addr);
  uint32_t user_error = ~0u;
  if (!ignore_user) user_error = open_key(p, k.user_start, k.path, access, k.user_key);
  const uint32_t machine_error = open_key(p, k.machine_start, k.path, access, k.machine_key);
  if (user_error && machine_error) {
    close_all(p, k);
    return machine_error;
  }
  if (!out) {
    close_all(p, k);
    return 0;
  }
  p.put_ptr(out.addr, keep(p, std::move(k)));
  return 0;
}
template <typename C>
uint32_t SHRegOpenUSKey(WindowsProcess& p, Ptr path, uint32_t access, Ptr relative, Ptr out, int32_t ignore_user) {
  return open_user_key(p, text<C>(path), access, relative, out, ignore_user);
}

// SHRegCreateUSKey(path, access, relative, out, flags): the key made under the user's start
// (SHREGSET_HKCU, SHREGSET_FORCE_HKCU) and the machine's (SHREGSET_HKLM, SHREGSET_FORCE_HKLM).
template <typename C>
uint32_t SHRegCreateUSKey(WindowsProcess& p, Ptr path, uint32_t access, Ptr relative, Ptr out, uint32_t flags) {
  if (!out) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  UserKey k = new_key(p, text<C>(path), relative.addr);
  uint32_t e = 0;
  if (flags & (kSetHkcu | kSetForceHkcu)) e = create_key(p, k.user_start, k.path, access, k.user_key);
  if (!e && (flags & (kSetHklm | kSetForceHklm))) e = create_key(p, k.machine_start, k.path, access, k.machine_key);
  if (e) {
    close_all(p, k);
    return e;
  }
  p.put_ptr(out.addr, keep(p, std::move(k)));
  return 0;
}

uint32_t SHRegCloseUSKey(WindowsProcess& p, Ptr h) {
  auto it = user_keys().find(h.addr);
  if (!h || it == user_keys().end()) return ERROR_INVALID_PARAMETER;
  close_all(p, it->second);
  user_keys().erase(it);
  p.heap.free(h.addr);
  return 0;
}

// ---- reading ----

// SHRegQueryUSValue(h, value, type, data, size, ignore_hkcu, default, default_size): the user's
// value, else the machine's, else the default data (as much as fits).
template <typename C>
uint32_t SHRegQueryUSValue(WindowsProcess& p, Ptr h, Ptr value, Ptr type, Ptr data, Ptr size, int32_t ignore_user, Ptr fallback,
                           uint32_t fallback_size) {
  uint32_t e = ~0u;
  const uint32_t room = size ? get<uint32_t>(size.addr) : 0;
  if (!ignore_user)
    if (const uint64_t key = key_of(h.addr, true))
      e = reg<C>(p, "RegQueryValueEx", {key, value.addr, 0, type.addr, data.addr, size.addr});
  if (e)
    if (const uint64_t key = key_of(h.addr, false)) {
      if (size) put<uint32_t>(size.addr, room);
      e = reg<C>(p, "RegQueryValueEx", {key, value.addr, 0, type.addr, data.addr, size.addr});
    }
  if (e && fallback && fallback_size && size) {
    const uint32_t n = std::min(fallback_size, room);
    std::memmove(data.as<uint8_t>(), fallback.as<const uint8_t>(), n);
    put<uint32_t>(size.addr, n);
    e = 0;
  }
  return e;
}
// SHRegGetUSValue(subkey, value, …): SHRegQueryUSValue of the subkey opened for the call.
template <typename C>
uint32_t SHRegGetUSValue(WindowsProcess& p, Ptr subkey, Ptr value, Ptr type, Ptr data, Ptr size, int32_t ignore_user, Ptr fallback,
                         uint32_t fallback_size) {
  if (!data || !size) return kInvalidFunction;
  GuestBlock h(p, 8);
  uint32_t e = open_user_key(p, text<C>(subkey), kKeyQueryValue, Ptr(0), Ptr(h.addr()), ignore_user);
  if (e) return e;
  const Ptr key(p.get_ptr(h.addr()));
  e = SHRegQueryUSValue<C>(p, key, value, type, data, size, ignore_user, fallback, fallback_size);
  SHRegCloseUSKey(p, key);
  return e;
}

bool same_without_case(const std::u16string& a, const char16_t* b) {
  const std::u16string w(b);
  if (a.size() != w.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (char_upper(a[i]) != char_upper(w[i])) return false;
  return true;
}
// SHRegGetBoolUSValue(subkey, value, ignore_hkcu, default): "yes" and "true" TRUE, "no" and
// "false" FALSE, a DWORD or a single byte nonzero; the default when there is no value.
template <typename C>
BOOL SHRegGetBoolUSValue(WindowsProcess& p, Ptr subkey, Ptr value, int32_t ignore_user, BOOL fallback) {
  GuestBlock type(p, 4), data(p, 10 * sizeof(C) + 4), size(p, 4);
  put<uint32_t>(size.addr(), 9 * sizeof(C));
  if (SHRegGetUSValue<C>(p, subkey, value, Ptr(type.addr()), Ptr(data.addr()), Ptr(size.addr()), ignore_user, Ptr(0), 0))
    return fallback;
  switch (get<uint32_t>(type.addr())) {
    case kRegSz: {
      const std::u16string s = shlwapi_text::wide(data.as<const C>());
      if (same_without_case(s, u"yes") || same_without_case(s, u"true")) return TRUE;
      if (same_without_case(s, u"no") || same_without_case(s, u"false")) return FALSE;
      return fallback;
    }
    case kRegDword:
      return get<uint32_t>(data.addr()) != 0 ? TRUE : FALSE;
    case kRegBinary:
      if (get<uint32_t>(size.addr()) == 1) return data.as<const uint8_t>()[0] ? TRUE : FALSE;
      return FALSE;
    default:
      return FALSE;
  }
}

// ---- writing ----

// SHRegWriteUSValue(h, value, type, data, size, flags): into the user's key (made if missing) for
// SHREGSET_HKCU or _FORCE_HKCU, the machine's for SHREGSET_HKLM or _FORCE_HKLM; the plain flags
// leave a value that is there already.
template <typename C>
uint32_t SHRegWriteUSValue(WindowsProcess& p, Ptr h, Ptr value, uint32_t type, Ptr data, uint32_t size, uint32_t flags) {
  auto it = user_keys().find(h.addr);
  if (it == user_keys().end() || !(flags & (kSetForceHkcu | kSetForceHklm))) return ERROR_INVALID_PARAMETER;
  UserKey& k = it->second;
  uint32_t e = 0;
  auto write = [&](uint64_t start, uint64_t& key, bool force) {
    if (!key) {
      e = create_key(p, start, k.path, kMaximumAllowed, key);
      if (e) return;
    }
    if (!force) {
      GuestBlock dummy(p, 4);
      if (!reg<C>(p, "RegQueryValueEx", {key, value.addr, 0, 0, 0, dummy.addr()})) return;  // there already
    }
    e = reg<C>(p, "RegSetValueEx", {key, value.addr, 0, type, data.addr, size});
  };
  if (flags & (kSetHkcu | kSetForceHkcu)) {
    write(k.user_start, k.user_key, (flags & kSetForceHkcu) != 0);
    if (e && (flags & kSetForceHkcu)) return e;
  }
  if (flags & (kSetHklm | kSetForceHklm)) write(k.machine_start, k.machine_key, (flags & kSetForceHklm) != 0);
  return e;
}
template <typename C>
uint32_t SHRegSetUSValue(WindowsProcess& p, Ptr subkey, Ptr value, uint32_t type, Ptr data, uint32_t size, uint32_t flags) {
  if (!data) return kInvalidFunction;
  const int32_t ignore_user = !(flags & (kSetHkcu | kSetForceHkcu));
  GuestBlock h(p, 8);
  // The subkey opened where it is; SHRegWriteUSValue makes it where it is not.
  UserKey k = new_key(p, text<C>(subkey), 0);
  if (!ignore_user) open_key(p, k.user_start, k.path, kKeyAllAccess, k.user_key);
  open_key(p, k.machine_start, k.path, kKeyAllAccess, k.machine_key);
  const Ptr key(keep(p, std::move(k)));
  const uint32_t e = SHRegWriteUSValue<C>(p, key, value, type, data, size, flags);
  SHRegCloseUSKey(p, key);
  return e;
}

// ---- deleting ----

// The keys a SHREGDEL_ flag names: both, one, or (SHREGDEL_DEFAULT) the user's when open, else the
// machine's.
std::vector<uint64_t> keys_for(uint64_t h, uint32_t flags) {
  const uint64_t user = key_of(h, true), machine = key_of(h, false);
  std::vector<uint64_t> keys;
  if (flags == 0) {
    if (user) keys.push_back(user);
    else if (machine) keys.push_back(machine);
    return keys;
  }
  if ((flags & kUser) && user) keys.push_back(user);
  if ((flags & kMachine) && machine) keys.push_back(machine);
  return keys;
}
template <typename C>
uint32_t SHRegDeleteUSValue(WindowsProcess& p, Ptr h, Ptr value, uint32_t flags) {
  const std::vector<uint64_t> keys = keys_for(h.addr, flags);
  if (keys.empty()) return ERROR_INVALID_PARAMETER;
  uint32_t e = 0;
  for (uint64_t key : keys)
    if (const uint32_t r = reg<C>(p, "RegDeleteValue", {key, value.addr})) e = r;
  return e;
}
// SHRegDeleteEmptyUSKey(h, subkey, flags): the subkey deleted where it has no subkeys or values.
template <typename C>
uint32_t SHRegDeleteEmptyUSKey(WindowsProcess& p, Ptr h, Ptr subkey, uint32_t flags) {
  const std::vector<uint64_t> keys = keys_for(h.addr, flags);
  if (keys.empty()) return ERROR_INVALID_PARAMETER;
  uint32_t e = 0;
  for (uint64_t key : keys) {
    GuestBlock sub(p, 8), nkeys(p, 4), nvalues(p, 4);
    uint32_t r = reg<C>(p, "RegOpenKeyEx", {key, subkey.addr, 0, kKeyRead, sub.addr()});
    if (!r) {
      const uint64_t opened = p.get_ptr(sub.addr());
      r = reg<C>(p, "RegQueryInfoKey", {opened, 0, 0, 0, nkeys.addr(), 0, 0, nvalues.addr(), 0, 0, 0, 0});
      close_key(p, opened);
      if (!r) r = get<uint32_t>(nkeys.addr()) || get<uint32_t>(nvalues.addr()) ? 1020 /* ERROR_KEY_HAS_CHILDREN */
                                                                               : reg<C>(p, "RegDeleteKey", {key, subkey.addr});
    }
    if (r) e = r;
  }
  return e;
}

// ---- enumerating ----

// The key a SHREGENUM_ flag reads: the user's (SHREGENUM_HKCU, or SHREGENUM_DEFAULT when it is
// open), else the machine's; SHREGENUM_BOTH is not one key (ERROR_INVALID_FUNCTION).
uint64_t enum_key(uint64_t h, uint32_t flags) {
  if ((flags == kUser || flags == 0))
    if (const uint64_t k = key_of(h, true)) return k;
  if ((flags == kMachine || flags == 0))
    if (const uint64_t k = key_of(h, false)) return k;
  return 0;
}
template <typename C>
uint32_t SHRegEnumUSKey(WindowsProcess& p, Ptr h, uint32_t index, Ptr name, Ptr length, uint32_t flags) {
  const uint64_t key = enum_key(h.addr, flags);
  if (!key) return kInvalidFunction;
  return reg<C>(p, "RegEnumKeyEx", {key, index, name.addr, length.addr, 0, 0, 0, 0});
}
template <typename C>
uint32_t SHRegEnumUSValue(WindowsProcess& p, Ptr h, uint32_t index, Ptr name, Ptr length, Ptr type, Ptr data, Ptr size,
                          uint32_t flags) {
  const uint64_t key = enum_key(h.addr, flags);
  if (!key) return kInvalidFunction;
  return reg<C>(p, "RegEnumValue", {key, index, name.addr, length.addr, 0, type.addr, data.addr, size.addr});
}
template <typename C>
uint32_t SHRegQueryInfoUSKey(WindowsProcess& p, Ptr h, Ptr subkeys, Ptr max_subkey, Ptr values, Ptr max_value, uint32_t flags) {
  const uint64_t key = enum_key(h.addr, flags);
  if (!key) return kInvalidFunction;
  return reg<C>(p, "RegQueryInfoKey", {key, 0, 0, 0, subkeys.addr, max_subkey.addr, 0, values.addr, max_value.addr, 0, 0, 0});
}

#define SHLWAPI_BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& user_key_exports() {
  static const std::vector<Export> exports = {
      SHLWAPI_BOTH(SHRegOpenUSKey),     SHLWAPI_BOTH(SHRegCreateUSKey),   EXPORT("SHRegCloseUSKey", SHRegCloseUSKey),
      SHLWAPI_BOTH(SHRegQueryUSValue),  SHLWAPI_BOTH(SHRegGetUSValue),    SHLWAPI_BOTH(SHRegGetBoolUSValue),
      SHLWAPI_BOTH(SHRegWriteUSValue),  SHLWAPI_BOTH(SHRegSetUSValue),    SHLWAPI_BOTH(SHRegDeleteUSValue),
      SHLWAPI_BOTH(SHRegDeleteEmptyUSKey), SHLWAPI_BOTH(SHRegEnumUSKey),  SHLWAPI_BOTH(SHRegEnumUSValue),
      SHLWAPI_BOTH(SHRegQueryInfoUSKey),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_registry
