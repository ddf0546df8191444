// SHLWAPI's (and KernelBase's) registry helpers over a key handle, built on ADVAPI32's registry
// functions as Windows' are (called through their thunks, shlwapi/system_calls.h): reading a value
// with REG_EXPAND_SZ's variables expanded and reported as REG_SZ (SHQueryValueEx, SHGetValue,
// SHRegGetPath, SHRegGetIntW), writing one under a subkey made as needed (SHSetValue, SHRegSetPath:
// the path with its folders written back as variables, REG_EXPAND_SZ, when one begins it), deleting
// values and keys (SHDeleteValue, SHDeleteKey with everything under it, SHDeleteEmptyKey:
// ERROR_KEY_HAS_CHILDREN when it has subkeys, SHDeleteOrphanKey: only without subkeys and values),
// copying a key's tree (SHCopyKey), enumerating (SHEnumKeyEx, SHEnumValue), SHQueryInfoKey,
// SHRegGetValue (RegGetValue's rules) and SHRegDuplicateHKey (another handle to the same key).
// Every function returns the Win32 error code of the registry function that failed, or 0.
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/shlwapi/registry_calls.h"
#include "shims/shlwapi/string_util.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_registry {

namespace {

using shlwapi_calls::GuestBlock;
using shlwapi_calls::GuestText;

constexpr uint32_t kKeyHasChildren = 1020;  // ERROR_KEY_HAS_CHILDREN

// ---- values ----

// SHQueryValueEx: RegQueryValueEx, with a REG_EXPAND_SZ's variables expanded in the data (and the
// size the expanded text needs when the buffer is too small or absent) and its type given as REG_SZ.
template <typename C>
uint32_t SHQueryValueEx(WindowsProcess& p, Ptr hkey, Ptr name, Ptr reserved, Ptr type, Ptr data, Ptr size) {
  GuestBlock value_type(p, 4), data_len(p, 4);
  put<uint32_t>(data_len.addr(), size ? get<uint32_t>(size.addr) : 0);
  uint32_t e = reg<C>(p, "RegQueryValueEx", {hkey.addr, name.addr, reserved.addr, value_type.addr(), data.addr, data_len.addr()});
  if (e != 0 && e != kErrorMoreData) return e;
  uint32_t len = get<uint32_t>(data_len.addr());
  const uint32_t t = get<uint32_t>(value_type.addr());
  if (size && t == kRegExpandSz) {
    // The unexpanded text: the caller's buffer's, or read again into a block of our own.
    GuestBlock raw(p, len + sizeof(C));
    if (!data || e == kErrorMoreData) {
      GuestBlock raw_len(p, 4);
      put<uint32_t>(raw_len.addr(), len);
      reg<C>(p, "RegQueryValueEx", {hkey.addr, name.addr, reserved.addr, 0, raw.addr(), raw_len.addr()});
      const uint32_t chars = static_cast<uint32_t>(
          shlwapi_calls::call(p, "kernel32.dll", sizeof(C) == 1 ? "ExpandEnvironmentStringsA" : "ExpandEnvironmentStringsW", {raw.addr(), 0, 0}));
      len = std::max(len, chars * static_cast<uint32_t>(sizeof(C)));
    } else {
      const size_t n = shlwapi_text::length(data.as<const C>());
      std::memcpy(raw.as<C>(), data.as<const C>(), (n + 1) * sizeof(C));
      const uint32_t room = get<uint32_t>(size.addr) / sizeof(C);
      const uint32_t chars = static_cast<uint32_t>(shlwapi_calls::call(
          p, "kernel32.dll", sizeof(C) == 1 ? "ExpandEnvironmentStringsA" : "ExpandEnvironmentStringsW", {raw.addr(), data.addr, room}));
      if (chars > room) e = kErrorMoreData;
      len = std::max(len, chars * static_cast<uint32_t>(sizeof(C)));
    }
  }
  if (type) put<uint32_t>(type.addr, t == kRegExpandSz ? kRegSz : t);
  if (size) put<uint32_t>(size.addr, len);
  return e;
}

// SHGetValue(hkey, subkey, value, type, data, size): SHQueryValueEx of the subkey's value.
template <typename C>
uint32_t SHGetValue(WindowsProcess& p, Ptr hkey, Ptr subkey, Ptr value, Ptr type, Ptr data, Ptr size) {
  GuestBlock sub(p, 8);
  uint32_t e = 0;
  if (subkey) e = reg<C>(p, "RegOpenKeyEx", {hkey.addr, subkey.addr, 0, kKeyQueryValue, sub.addr()});
  if (e) return e;
  const uint64_t key = subkey ? p.get_ptr(sub.addr()) : hkey.addr;
  e = SHQueryValueEx<C>(p, Ptr(key), value, Ptr(0), type, data, size);
  if (subkey) close_key(p, key);
  return e;
}

// SHSetValue(hkey, subkey, value, type, data, size): the subkey made if missing.
template <typename C>
uint32_t SHSetValue(WindowsProcess& p, Ptr hkey, Ptr subkey, Ptr value, uint32_t type, Ptr data, uint32_t size) {
  uint64_t key = hkey.addr;
  if (subkey && *subkey.as<const C>()) {
    GuestBlock sub(p, 8), disposition(p, 4);
    const uint32_t e = reg<C>(p, "RegCreateKeyEx", {hkey.addr, subkey.addr, 0, 0, 0, kKeySetValue, 0, sub.addr(), disposition.addr()});
    if (e) return e;
    key = p.get_ptr(sub.addr());
  }
  const uint32_t e = reg<C>(p, "RegSetValueEx", {key, value.addr, 0, type, data.addr, size});
  if (key != hkey.addr) close_key(p, key);
  return e;
}

template <typename C>
uint32_t SHDeleteValue(WindowsProcess& p, Ptr hkey, Ptr subkey, Ptr value) {
  GuestBlock sub(p, 8);
  uint32_t e = reg<C>(p, "RegOpenKeyEx", {hkey.addr, subkey.addr, 0, kKeySetValue, sub.addr()});
  if (e) return e;
  const uint64_t key = p.get_ptr(sub.addr());
  e = reg<C>(p, "RegDeleteValue", {key, value.addr});
  close_key(p, key);
  return e;
}

// SHRegGetPath(hkey, subkey, value, path, flags): the value into a buffer of MAX_PATH characters.
template <typename C>
uint32_t SHRegGetPath(WindowsProcess& p, Ptr hkey, Ptr subkey, Ptr value, Ptr path, uint32_t) {
  GuestBlock size(p, 4);
  put<uint32_t>(size.addr(), 260 * sizeof(C));
  return SHGetValue<C>(p, hkey, subkey, value, Ptr(0), path, Ptr(size.addr()));
}

// SHRegSetPath(hkey, subkey, value, path, flags): the path with PathUnExpandEnvStrings' variables
// as REG_EXPAND_SZ, or as it is as REG_SZ when no folder of the environment begins it.
template <typename C>
uint32_t SHRegSetPath(WindowsProcess& p, Ptr hkey, Ptr subkey, Ptr value, Ptr path, uint32_t) {
  if (!path) return ERROR_INVALID_PARAMETER;
  GuestBlock unexpanded(p, 260 * sizeof(C));
  const bool shorter = static_cast<uint32_t>(shlwapi_calls::call(
      p, "shlwapi.dll", sizeof(C) == 1 ? "PathUnExpandEnvStringsA" : "PathUnExpandEnvStringsW", {path.addr, unexpanded.addr(), 260}));
  const uint64_t text = shorter ? unexpanded.addr() : path.addr;
  const size_t n = shlwapi_text::length(reinterpret_cast<const C*>(text));
  return SHSetValue<C>(p, hkey, subkey, value, shorter ? kRegExpandSz : kRegSz, Ptr(text), static_cast<uint32_t>((n + 1) * sizeof(C)));
}

// SHRegGetIntW(hkey, value, default): a REG_SZ value's leading decimal number, else `default`.
int32_t SHRegGetIntW(WindowsProcess& p, Ptr hkey, Ptr value, int32_t fallback) {
  GuestBlock buf(p, 32 * 2 + 2), size(p, 4);
  put<uint32_t>(size.addr(), 32 * 2);
  if (SHQueryValueEx<char16_t>(p, hkey, value, Ptr(0), Ptr(0), Ptr(buf.addr()), Ptr(size.addr()))) return fallback;
  const char16_t* s = buf.as<const char16_t>();
  if (*s < u'0' || *s > u'9') return fallback;
  int64_t v = 0;
  while (*s >= u'0' && *s <= u'9' && v <= 0x7fffffff) v = v * 10 + (*s++ - u'0');
  return static_cast<int32_t>(std::min<int64_t>(v, 0x7fffffff));
}

// ---- keys ----

template <typename C>
uint32_t SHDeleteKey(WindowsProcess& p, Ptr hkey, Ptr subkey) { return reg<C>(p, "RegDeleteTree", {hkey.addr, subkey.addr}); }

// The subkey's counts of subkeys and values (RegQueryInfoKey), after opening it for reading.
template <typename C>
uint32_t counts_of(WindowsProcess& p, Ptr hkey, Ptr subkey, uint32_t& subkeys, uint32_t& values) {
  GuestBlock sub(p, 8), nkeys(p, 4), nvalues(p, 4);
  uint32_t e = reg<C>(p, "RegOpenKeyEx", {hkey.addr, subkey.addr, 0, kKeyRead, sub.addr()});
  if (e) return e;
  const uint64_t key = p.get_ptr(sub.addr());
  e = reg<C>(p, "RegQueryInfoKey", {key, 0, 0, 0, nkeys.addr(), 0, 0, nvalues.addr(), 0, 0, 0, 0});
  close_key(p, key);
  subkeys = get<uint32_t>(nkeys.addr());
  values = get<uint32_t>(nvalues.addr());
  return e;
}
template <typename C>
uint32_t SHDeleteEmptyKey(WindowsProcess& p, Ptr hkey, Ptr subkey) {
  uint32_t subkeys = 0, values = 0;
  if (const uint32_t e = counts_of<C>(p, hkey, subkey, subkeys, values)) return e;
  if (subkeys) return kKeyHasChildren;
  return reg<C>(p, "RegDeleteKey", {hkey.addr, subkey.addr});
}
template <typename C>
uint32_t SHDeleteOrphanKey(WindowsProcess& p, Ptr hkey, Ptr subkey) {
  uint32_t subkeys = 0, values = 0;
  if (const uint32_t e = counts_of<C>(p, hkey, subkey, subkeys, values)) return e;
  if (subkeys || values) return 0;
  return reg<C>(p, "RegDeleteKey", {hkey.addr, subkey.addr});
}

// SHCopyKey(source, subkey, destination, reserved): the source's (or its subkey's) subkeys, all
// the way down, and values made or replaced under the destination key.
uint32_t copy_tree(WindowsProcess& p, uint64_t from, uint64_t to) {
  GuestBlock nkeys(p, 4), max_key(p, 4), nvalues(p, 4), max_value(p, 4), max_data(p, 4);
  uint32_t e = reg<char16_t>(p, "RegQueryInfoKey",
                             {from, 0, 0, 0, nkeys.addr(), max_key.addr(), 0, nvalues.addr(), max_value.addr(), max_data.addr(), 0, 0});
  if (e) return e;
  const uint32_t name_room = std::max(get<uint32_t>(max_key.addr()), get<uint32_t>(max_value.addr())) + 1;
  GuestBlock name(p, name_room * 2), length(p, 4), data(p, get<uint32_t>(max_data.addr()) + 2), data_len(p, 4), type(p, 4),
      child(p, 8), made(p, 8);
  for (uint32_t i = 0; i < get<uint32_t>(nkeys.addr()) && !e; ++i) {
    put<uint32_t>(length.addr(), name_room);
    e = reg<char16_t>(p, "RegEnumKeyEx", {from, i, name.addr(), length.addr(), 0, 0, 0, 0});
    if (e) break;
    e = reg<char16_t>(p, "RegOpenKeyEx", {from, name.addr(), 0, kKeyRead, child.addr()});
    if (e) break;
    const uint64_t source = p.get_ptr(child.addr());
    e = reg<char16_t>(p, "RegCreateKeyEx", {to, name.addr(), 0, 0, 0, kMaximumAllowed, 0, made.addr(), 0});
    if (!e) {
      const uint64_t target = p.get_ptr(made.addr());
      e = copy_tree(p, source, target);
      close_key(p, target);
    }
    close_key(p, source);
  }
  for (uint32_t i = 0; i < get<uint32_t>(nvalues.addr()) && !e; ++i) {
    put<uint32_t>(length.addr(), name_room);
    put<uint32_t>(data_len.addr(), get<uint32_t>(max_data.addr()));
    e = reg<char16_t>(p, "RegEnumValue", {from, i, name.addr(), length.addr(), 0, type.addr(), data.addr(), data_len.addr()});
    if (!e)
      e = reg<char16_t>(p, "RegSetValueEx", {to, name.addr(), 0, get<uint32_t>(type.addr()), data.addr(), get<uint32_t>(data_len.addr())});
  }
  return e;
}
template <typename C>
uint32_t SHCopyKey(WindowsProcess& p, Ptr from, Ptr subkey, Ptr to, uint32_t) {
  if (!from || !to) return ERROR_INVALID_PARAMETER;
  uint64_t source = from.addr;
  if (subkey) {
    GuestBlock sub(p, 8);
    if (const uint32_t e = reg<C>(p, "RegOpenKeyEx", {from.addr, subkey.addr, 0, kKeyRead, sub.addr()})) return e;
    source = p.get_ptr(sub.addr());
  }
  const uint32_t e = copy_tree(p, source, to.addr);
  if (subkey) close_key(p, source);
  return e;
}

template <typename C>
uint32_t SHEnumKeyEx(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr length) {
  return reg<C>(p, "RegEnumKeyEx", {hkey.addr, index, name.addr, length.addr, 0, 0, 0, 0});
}
template <typename C>
uint32_t SHEnumValue(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr length, Ptr type, Ptr data, Ptr data_len) {
  return reg<C>(p, "RegEnumValue", {hkey.addr, index, name.addr, length.addr, 0, type.addr, data.addr, data_len.addr});
}
template <typename C>
uint32_t SHQueryInfoKey(WindowsProcess& p, Ptr hkey, Ptr subkeys, Ptr max_subkey, Ptr values, Ptr max_value) {
  return reg<C>(p, "RegQueryInfoKey", {hkey.addr, 0, 0, 0, subkeys.addr, max_subkey.addr, 0, values.addr, max_value.addr, 0, 0, 0});
}
template <typename C>
uint32_t SHRegGetValue(WindowsProcess& p, Ptr hkey, Ptr subkey, Ptr value, uint32_t flags, Ptr type, Ptr data, Ptr size) {
  return reg<C>(p, "RegGetValue", {hkey.addr, subkey.addr, value.addr, flags, type.addr, data.addr, size.addr});
}
// SHRegDuplicateHKey: a new handle to the key (NULL when it cannot be opened).
Ptr SHRegDuplicateHKey(WindowsProcess& p, Ptr hkey) {
  GuestBlock out(p, 8);
  if (reg<char16_t>(p, "RegOpenKeyEx", {hkey.addr, 0, 0, kMaximumAllowed, out.addr()})) return Ptr(0);
  return Ptr(p.get_ptr(out.addr()));
}

#define SHLWAPI_BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& value_exports() {
  static const std::vector<Export> exports = {
      SHLWAPI_BOTH(SHQueryValueEx),  SHLWAPI_BOTH(SHGetValue),     SHLWAPI_BOTH(SHSetValue),
      SHLWAPI_BOTH(SHDeleteValue),   SHLWAPI_BOTH(SHRegGetPath),   SHLWAPI_BOTH(SHRegSetPath),
      EXPORT("SHRegGetIntW", SHRegGetIntW), SHLWAPI_BOTH(SHDeleteKey), SHLWAPI_BOTH(SHDeleteEmptyKey),
      SHLWAPI_BOTH(SHDeleteOrphanKey), SHLWAPI_BOTH(SHCopyKey),    SHLWAPI_BOTH(SHEnumKeyEx),
      SHLWAPI_BOTH(SHEnumValue),     SHLWAPI_BOTH(SHQueryInfoKey), SHLWAPI_BOTH(SHRegGetValue),
      EXPORT("SHRegDuplicateHKey", SHRegDuplicateHKey),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_registry
