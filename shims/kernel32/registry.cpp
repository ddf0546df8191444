// KERNEL32.dll's registry functions, KERNELBASE's on Windows 7 and later, which ADVAPI32 exports
// too (advapi32/registry.cpp, with the 16-bit era's RegOpenKey, RegCreateKey, RegEnumKey and
// RegDeleteKey, ADVAPI32's alone). The registry is an in-memory tree that lives as long as the
// process (ntdll/registry_tree.cpp, which NTDLL's Nt*Key functions share: ntdll/nt_registry.cpp), seeded with what programs commonly read (the Windows
// version polyrun reports, the host's time zone, processor and environment, a machine GUID).
// Writes stay for the life of the process, under HKEY_CURRENT_USER and HKEY_LOCAL_MACHINE alike:
// Windows would refuse a standard user's writes under HKEY_LOCAL_MACHINE with ERROR_ACCESS_DENIED
// (or, for a 32-bit program without a manifest, redirect them to the user's VirtualStore); here
// they succeed and are seen by the process only.
//
// Keys are found by name without case, their subkeys enumerated in Windows' order (by upper-case
// name), their values in the order they were first set. A handle is a number from the process's
// handle counter (core/windows_process.h), remembered here with the access it grants; handles to a key
// that was deleted answer ERROR_KEY_DELETED. The predefined keys are HKEY_CLASSES_ROOT
// (HKLM\SOFTWARE\Classes: the per-user classes are not merged into it), HKEY_CURRENT_USER
// (HKEY_USERS\<the user's SID>), HKEY_LOCAL_MACHINE, HKEY_USERS, HKEY_CURRENT_CONFIG and
// HKEY_CURRENT_USER_LOCAL_SETTINGS; HKEY_PERFORMANCE_DATA, whose values are performance counters,
// is not provided. The registry's two views are one but for the keys of HKLM\SOFTWARE that have a
// copy of their own under HKLM\SOFTWARE\WOW6432Node (seeded ones whose values differ between the
// views: the Program Files folders): a 32-bit program, or KEY_WOW64_32KEY, opens the copy, and a
// 64-bit one, or KEY_WOW64_64KEY, the key (ntdll/registry_tree.h, walk_view). Windows redirects
// all of a 32-bit program's HKLM\SOFTWARE but its shared keys.
// Every call runs under the process's execution lock, as every call into polyrun does; the tree
// has a mutex of its own besides, so that no two calls change it at once whatever their caller.
//
// RegNotifyChangeKeyValue watches a key (and its subtree) for the changes this process makes, the
// only ones there can be: a subkey added or deleted (REG_NOTIFY_CHANGE_NAME), a value set or
// deleted (REG_NOTIFY_CHANGE_LAST_SET); attributes and security descriptors never change here.
// Each watch fires once, also when its key is deleted or the handle it was made through closed.
// A watch outlives the thread that made it (as with REG_NOTIFY_THREAD_AGNOSTIC; without it,
// Windows ends the watch when that thread exits).
#include "shims/kernel32/registry.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/registry_tree.h"

namespace polyrun::shims::registry {

namespace {

// An A function's key or value name: the ANSI code page's bytes (null: "").
std::u16string ansi_name(CStr s) { return s.addr ? ansi_to_utf16(s.c_str()) : std::u16string(); }
std::u16string ansi_name(AStr s) { return s.addr ? ansi_to_utf16(s.data()) : std::u16string(); }

// ---- opening and creating ----

int32_t open_key(WindowsProcess& p, uint64_t hkey, const char16_t* name, uint32_t sam, Ptr result) {
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  std::u16string n = name ? std::u16string(name) : std::u16string();
  // The predefined handle itself, for no subkey.
  if (result && n.empty() && predefined_of(hkey)) {
    p.put_ptr(result.addr, hkey);
    return ERROR_SUCCESS;
  }
  // One leading backslash is allowed under HKEY_CLASSES_ROOT (Windows NT's exception).
  if (predefined_of(hkey) == kClassesRoot && !n.empty() && n[0] == u'\\') n.erase(0, 1);
  if (!result) return ERROR_INVALID_PARAMETER;
  p.put_ptr(result.addr, 0);
  OpenKey base;
  if (int32_t e = resolve(p, r, hkey, 0, base)) return e;
  KeyPtr k;
  if (int32_t e = walk_view(p, r, base.key, n, sam, k)) return e;
  p.put_ptr(result.addr, new_handle(p, r, k, granted(sam)));
  return ERROR_SUCCESS;
}

int32_t create_key(WindowsProcess& p, uint64_t hkey, const std::u16string& name, uint32_t reserved,
                   const std::u16string& cls, uint32_t options, uint32_t sam, Ptr result, Ptr disposition) {
  if (!result) return kErrorBadKey;
  if (reserved) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey base;
  if (int32_t e = resolve(p, r, hkey, 0, base)) return e;
  // Symbolic links between keys are not provided; backup-restore semantics need SeBackupPrivilege
  // and SeRestorePrivilege, which a standard user's token does not hold (advapi32/advapi32.cpp).
  if (options & REG_OPTION_CREATE_LINK) return ERROR_NOT_SUPPORTED;
  if (options & REG_OPTION_BACKUP_RESTORE) return ERROR_ACCESS_DENIED;
  std::vector<std::u16string> parts;
  if (int32_t e = split_path(name, parts)) return e;
  // A key that exists is opened in the view asked for (walk_view); a new one is made in the view
  // both share.
  if (KeyPtr existing; !parts.empty() && walk_view(p, r, base.key, name, sam, existing) == ERROR_SUCCESS) {
    p.put_ptr(result.addr, new_handle(p, r, existing, granted(sam)));
    put<uint32_t>(disposition.addr, REG_OPENED_EXISTING_KEY);
    return ERROR_SUCCESS;
  }
  KeyPtr k = base.key;
  uint32_t dispo = REG_OPENED_EXISTING_KEY;
  for (const auto& n : parts) {
    KeyPtr c = k->child_ptr(n);
    if (!c) {
      k->add(n).class_name = cls;
      c = k->child_ptr(n);
      dispo = REG_CREATED_NEW_KEY;
      notify(p, r, *k, REG_NOTIFY_CHANGE_NAME);
    }
    k = std::move(c);
  }
  p.put_ptr(result.addr, new_handle(p, r, k, granted(sam)));
  put<uint32_t>(disposition.addr, dispo);
  return ERROR_SUCCESS;
}

}  // namespace

int32_t RegOpenKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t, uint32_t sam, Ptr result) {
  std::u16string n = wide_arg(name);
  return open_key(p, hkey.addr, n.c_str(), sam, result);
}
int32_t RegOpenKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t, uint32_t sam, Ptr result) {
  std::u16string n = ansi_name(name);
  return open_key(p, hkey.addr, n.c_str(), sam, result);
}
int32_t RegCreateKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t reserved, WStr cls, uint32_t options,
                        uint32_t sam, Ptr, Ptr result, Ptr disposition) {
  return create_key(p, hkey.addr, wide_arg(name), reserved, wide_arg(cls), options, sam, result, disposition);
}
int32_t RegCreateKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t reserved, CStr cls, uint32_t options,
                        uint32_t sam, Ptr, Ptr result, Ptr disposition) {
  return create_key(p, hkey.addr, ansi_name(name), reserved, ansi_name(cls), options, sam, result, disposition);
}

namespace {
int32_t RegCloseKey(WindowsProcess& p, Ptr hkey) {
  if (predefined_of(hkey.addr)) return ERROR_SUCCESS;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  if (!r.handles.erase(hkey.addr)) return ERROR_INVALID_HANDLE;
  end_watches(p, r, [&](const Watch& w) { return w.handle == hkey.addr; });
  return ERROR_SUCCESS;
}

// The tree is in memory only: there is nothing to write out.
int32_t RegFlushKey(WindowsProcess& p, Ptr hkey) {
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  return resolve(p, r, hkey.addr, 0, k);
}

// ---- values ----

// Copies a value's data as RegQueryValueEx does: the size (and type) always, the data when the
// buffer holds it (ERROR_MORE_DATA otherwise, the buffer untouched); a string that fits with room
// to spare and does not end in a NUL gets one.
int32_t put_data(uint32_t type, const std::vector<uint8_t>& d, Ptr type_out, Ptr data, Ptr count, unsigned nul) {
  int32_t status = ERROR_SUCCESS;
  if (data) {
    uint32_t have = get<uint32_t>(count.addr);
    if (d.size() > have) {
      status = kErrorMoreData;
    } else {
      if (!d.empty()) std::memcpy(guest_pointer(data.addr), d.data(), d.size());
      if (is_string(type) && d.size() >= nul && d.size() + nul <= have) {
        bool ended = true;
        for (unsigned i = 0; i < nul; ++i) ended = ended && d[d.size() - nul + i] == 0;
        if (!ended) std::memset(guest_pointer(data.addr + d.size()), 0, nul);
      }
    }
  }
  put<uint32_t>(type_out.addr, type);
  put<uint32_t>(count.addr, static_cast<uint32_t>(d.size()));
  return status;
}

// A string value's data in the ANSI code page: every UTF-16 unit converted, NULs too.
std::vector<uint8_t> to_ansi(const std::vector<uint8_t>& d) {
  std::u16string s(d.size() / 2, u'\0');
  if (!s.empty()) std::memcpy(s.data(), d.data(), s.size() * 2);
  std::string a = utf16_to_ansi(s);
  return std::vector<uint8_t>(a.begin(), a.end());
}
std::vector<uint8_t> from_ansi(const uint8_t* d, size_t n) {
  std::u16string s = ansi_to_utf16(std::string_view(reinterpret_cast<const char*>(d), n));
  std::vector<uint8_t> b(s.size() * 2);
  if (!b.empty()) std::memcpy(b.data(), s.data(), b.size());
  return b;
}

// Finds a value (its type and data, UTF-16 strings converted to ANSI when `ansi`).
int32_t find_value(WindowsProcess& p, Registry& r, uint64_t hkey, const std::u16string& name, bool ansi, uint32_t& type,
                   std::vector<uint8_t>& data) {
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_QUERY_VALUE, k)) return e;
  Value* v = k.key->value(name);
  if (!v) return ERROR_FILE_NOT_FOUND;
  type = v->type;
  data = ansi && is_string(v->type) ? to_ansi(v->data) : v->data;
  return ERROR_SUCCESS;
}

int32_t query_value(WindowsProcess& p, Ptr hkey, const std::u16string& name, Ptr reserved, Ptr type, Ptr data, Ptr count,
                    bool ansi) {
  if ((data && !count) || reserved) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  uint32_t t = 0;
  std::vector<uint8_t> d;
  if (int32_t e = find_value(p, r, hkey.addr, name, ansi, t, d)) return e;
  return put_data(t, d, type, data, count, ansi ? 1 : 2);
}
int32_t RegQueryValueExW(WindowsProcess& p, Ptr hkey, WStr name, Ptr reserved, Ptr type, Ptr data, Ptr count) {
  return query_value(p, hkey, wide_arg(name), reserved, type, data, count, false);
}
int32_t RegQueryValueExA(WindowsProcess& p, Ptr hkey, AStr name, Ptr reserved, Ptr type, Ptr data, Ptr count) {
  return query_value(p, hkey, ansi_name(name), reserved, type, data, count, true);
}

// %NAME% replaced by the variable's value where it is set, as ExpandEnvironmentStrings does.
std::string expand(WindowsProcess& p, const std::string& s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '%') {
      out += s[i++];
      continue;
    }
    size_t j = s.find('%', i + 1);
    if (j == std::string::npos) {
      out += s.substr(i);
      break;
    }
    std::optional<std::string> v = j > i + 1 ? p.find_env(s.substr(i + 1, j - i - 1)) : std::nullopt;
    if (v) {
      out += *v;
      i = j + 1;
    } else {
      out += s.substr(i, j - i);  // the second '%' may begin a name
      i = j;
    }
  }
  return out;
}

uint32_t type_mask(uint32_t type) {
  switch (type) {
    case REG_NONE: return RRF_RT_REG_NONE;
    case REG_SZ: return RRF_RT_REG_SZ;
    case REG_EXPAND_SZ: return RRF_RT_REG_EXPAND_SZ;
    case REG_BINARY: return RRF_RT_REG_BINARY;
    case REG_DWORD: return RRF_RT_REG_DWORD;
    case REG_MULTI_SZ: return RRF_RT_REG_MULTI_SZ;
    case REG_QWORD: return RRF_RT_REG_QWORD;
    default: return 0;
  }
}

// RegGetValue: a value of hkey or of its subkey, of a type the flags allow, strings always ending
// in a NUL and REG_EXPAND_SZ expanded (reported as REG_SZ) unless RRF_NOEXPAND.
int32_t get_value(WindowsProcess& p, Ptr hkey, const std::u16string& subkey, const std::u16string& name, uint32_t flags,
                  Ptr type_out, Ptr data, Ptr count, bool ansi) {
  if (data && !count) return ERROR_INVALID_PARAMETER;
  // Expansion gives REG_SZ: asking for REG_EXPAND_SZ alone needs RRF_NOEXPAND.
  if ((flags & RRF_RT_REG_EXPAND_SZ) && !(flags & RRF_NOEXPAND) && (flags & RRF_RT_ANY) != RRF_RT_ANY)
    return ERROR_INVALID_PARAMETER;
  if ((flags & RRF_WOW64_MASK) == RRF_WOW64_MASK) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  uint64_t h = hkey.addr;
  uint64_t opened = 0;
  if (!subkey.empty()) {
    OpenKey base;
    if (int32_t e = resolve(p, r, h, 0, base)) return e;
    KeyPtr k;
    // RRF_SUBKEY_WOW6464KEY (0x10000) and RRF_SUBKEY_WOW6432KEY (0x20000) choose the view.
    const uint32_t sam = (flags & 0x10000) ? KEY_WOW64_64KEY : (flags & 0x20000) ? KEY_WOW64_32KEY : 0;
    if (int32_t e = walk_view(p, r, base.key, subkey, sam, k)) return e;
    opened = h = new_handle(p, r, k, KEY_QUERY_VALUE);
  }
  uint32_t type = 0;
  std::vector<uint8_t> d;
  int32_t status = find_value(p, r, h, name, ansi, type, d);
  if (opened) r.handles.erase(opened);
  const uint32_t have = data ? get<uint32_t>(count.addr) : 0;
  if (status == ERROR_SUCCESS) {
    const unsigned unit = ansi ? 1 : 2;
    if (is_string(type)) {
      d.resize(d.size() / unit * unit);
      bool ended = d.size() >= unit;
      for (unsigned i = 0; ended && i < unit; ++i) ended = d[d.size() - unit + i] == 0;
      if (!ended) d.insert(d.end(), unit, 0);
      if (type == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)) {
        std::string s;
        if (ansi) {
          s = ansi_to_utf8(reinterpret_cast<const char*>(d.data()));
        } else {
          std::u16string u(reinterpret_cast<const char16_t*>(d.data()));
          s = utf16_to_utf8(u);
        }
        std::string x = expand(p, s);
        if (ansi) {
          x = utf8_to_ansi(x);
          d.assign(x.begin(), x.end());
          d.push_back(0);
        } else {
          d = bytes_of(utf8_to_utf16(x));
        }
        type = REG_SZ;
      }
    }
    if (data) {
      if (d.size() > have) status = kErrorMoreData;
      else if (!d.empty()) std::memcpy(guest_pointer(data.addr), d.data(), d.size());
    }
    // The flags' restriction on the type; binary data passes for RRF_RT_DWORD (RRF_RT_QWORD)
    // only when it is 4 (8) bytes long.
    if (!(flags & type_mask(type))) {
      status = kErrorUnsupportedType;
    } else if (type == REG_BINARY) {
      uint32_t want = (flags & RRF_RT_ANY) == RRF_RT_DWORD ? 4 : (flags & RRF_RT_ANY) == RRF_RT_QWORD ? 8 : 0;
      if (want && d.size() != want) status = kErrorDatatypeMismatch;
    }
    put<uint32_t>(type_out.addr, type);
    put<uint32_t>(count.addr, static_cast<uint32_t>(d.size()));
  }
  if (data && status != ERROR_SUCCESS && (flags & RRF_ZEROONFAILURE) && have)
    std::memset(guest_pointer(data.addr), 0, have);
  return status;
}
int32_t RegGetValueW(WindowsProcess& p, Ptr hkey, WStr subkey, WStr value, uint32_t flags, Ptr type, Ptr data, Ptr count) {
  return get_value(p, hkey, wide_arg(subkey), wide_arg(value), flags, type, data, count, false);
}
int32_t RegGetValueA(WindowsProcess& p, Ptr hkey, AStr subkey, AStr value, uint32_t flags, Ptr type, Ptr data, Ptr count) {
  return get_value(p, hkey, ansi_name(subkey), ansi_name(value), flags, type, data, count, true);
}

// RegSetValueEx: a string whose size leaves out its final NUL (the NUL just after it) gets it
// counted, as Windows does.
int32_t set_value(WindowsProcess& p, uint64_t hkey, const std::u16string& name, uint32_t type, Ptr data, uint32_t count,
                  bool ansi) {
  if ((data && (data.addr >> 16) == 0) || (!data && count)) return kErrorNoAccess;
  const uint8_t* d = data.as<const uint8_t>();
  if (count && is_string(type)) {
    if (ansi) {
      if (d[count - 1] && !d[count]) ++count;
    } else if (count >= 2) {
      const char16_t* s = data.as<const char16_t>();
      if (s[count / 2 - 1] && !s[count / 2]) count += 2;
    }
  }
  if (name.size() > kMaxValueName) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_SET_VALUE, k)) return e;
  std::vector<uint8_t> bytes = ansi && is_string(type) ? from_ansi(d, count) : std::vector<uint8_t>(d, d + count);
  k.key->set(name, type, std::move(bytes));
  notify(p, r, *k.key, REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegSetValueExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t, uint32_t type, Ptr data, uint32_t count) {
  return set_value(p, hkey.addr, wide_arg(name), type, data, count, false);
}
int32_t RegSetValueExA(WindowsProcess& p, Ptr hkey, AStr name, uint32_t, uint32_t type, Ptr data, uint32_t count) {
  return set_value(p, hkey.addr, ansi_name(name), type, data, count, true);
}

// RegSetKeyValue: the value of a subkey, created if missing.
int32_t set_key_value(WindowsProcess& p, Ptr hkey, const std::u16string& subkey, const std::u16string& name,
                      uint32_t type, Ptr data, uint32_t count, bool ansi) {
  uint64_t h = hkey.addr;
  uint64_t sub = 0;
  if (!subkey.empty()) {
    uint64_t slot = p.alloc_data(8);
    int32_t e = create_key(p, h, subkey, 0, u"", 0, KEY_SET_VALUE, Ptr(slot), Ptr(0));
    sub = p.get_ptr(slot);
    p.heap.free(slot);
    if (e) return e;
    h = sub;
  }
  int32_t e = set_value(p, h, name, type, data, count, ansi);
  if (sub) RegCloseKey(p, Ptr(sub));
  return e;
}
int32_t RegSetKeyValueW(WindowsProcess& p, Ptr hkey, WStr subkey, WStr name, uint32_t type, Ptr data, uint32_t count) {
  return set_key_value(p, hkey, wide_arg(subkey), wide_arg(name), type, data, count, false);
}
int32_t RegSetKeyValueA(WindowsProcess& p, Ptr hkey, AStr subkey, AStr name, uint32_t type, Ptr data, uint32_t count) {
  return set_key_value(p, hkey, ansi_name(subkey), ansi_name(name), type, data, count, true);
}

int32_t delete_value(WindowsProcess& p, uint64_t hkey, const std::u16string& name) {
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_SET_VALUE, k)) return e;
  std::u16string u = upcase(name);
  auto& vs = k.key->values;
  auto it = std::find_if(vs.begin(), vs.end(), [&](const Value& v) { return upcase(v.name) == u; });
  if (it == vs.end()) return ERROR_FILE_NOT_FOUND;
  vs.erase(it);
  k.key->written = filetime_now();
  notify(p, r, *k.key, REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegDeleteValueW(WindowsProcess& p, Ptr hkey, WStr name) { return delete_value(p, hkey.addr, wide_arg(name)); }
int32_t RegDeleteValueA(WindowsProcess& p, Ptr hkey, AStr name) { return delete_value(p, hkey.addr, ansi_name(name)); }

// ---- deleting keys ----

// RegDeleteKey(Ex): a key without subkeys (an empty name: the key hkey names).
int32_t delete_key(WindowsProcess& p, uint64_t hkey, const std::u16string* name) {
  if (!name) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey base;
  if (int32_t e = resolve(p, r, hkey, 0, base)) return e;
  KeyPtr k;
  if (int32_t e = walk(base.key, *name, k)) return e;
  if (!k->subkeys.empty()) return ERROR_ACCESS_DENIED;
  return remove_key(p, r, *k);
}
}  // namespace

int32_t RegDeleteKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t, uint32_t) {
  std::u16string n = wide_arg(name);
  return delete_key(p, hkey.addr, name.addr ? &n : nullptr);
}
int32_t RegDeleteKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t, uint32_t) {
  std::u16string n = ansi_name(name);
  return delete_key(p, hkey.addr, name.addr ? &n : nullptr);
}

namespace {

// RegDeleteTree: a subkey with everything under it; with no subkey named, what is under hkey (its
// subkeys and values), hkey staying.
int32_t delete_tree(WindowsProcess& p, uint64_t hkey, const std::u16string* name) {
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey base;
  if (int32_t e = resolve(p, r, hkey, name ? 0 : KEY_ENUMERATE_SUB_KEYS | KEY_SET_VALUE, base)) return e;
  KeyPtr k = base.key;
  if (name)
    if (int32_t e = walk(base.key, *name, k)) return e;
  const bool had_subkeys = !k->subkeys.empty(), had_values = !k->values.empty();
  for (auto& [n, c] : k->subkeys) delete_under(p, r, *c);
  k->subkeys.clear();
  if (name) return remove_key(p, r, *k);
  k->values.clear();
  k->written = filetime_now();
  if (had_subkeys) notify(p, r, *k, REG_NOTIFY_CHANGE_NAME);
  if (had_values) notify(p, r, *k, REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegDeleteTreeW(WindowsProcess& p, Ptr hkey, WStr name) {
  std::u16string n = wide_arg(name);
  return delete_tree(p, hkey.addr, name.addr ? &n : nullptr);
}
int32_t RegDeleteTreeA(WindowsProcess& p, Ptr hkey, AStr name) {
  std::u16string n = ansi_name(name);
  return delete_tree(p, hkey.addr, name.addr ? &n : nullptr);
}

// ---- enumeration and key facts ----

// A name into a buffer of `*len` characters (bytes, in ANSI) with its NUL: ERROR_MORE_DATA, *len
// unchanged, when it does not fit; else *len becomes its length.
struct NameOut {
  std::vector<uint8_t> bytes;  // without the NUL
  uint32_t units = 0;          // its length in characters (ANSI: bytes)
  unsigned unit = 2;
};
NameOut name_out(const std::u16string& s, bool ansi) {
  NameOut n;
  if (ansi) {
    std::string a = utf16_to_ansi(s);
    n.bytes.assign(a.begin(), a.end());
    n.unit = 1;
  } else {
    n.bytes.resize(s.size() * 2);
    if (!s.empty()) std::memcpy(n.bytes.data(), s.data(), n.bytes.size());
  }
  n.units = static_cast<uint32_t>(n.bytes.size() / n.unit);
  return n;
}
void store_name(const NameOut& n, uint64_t buf) {
  if (!n.bytes.empty()) std::memcpy(guest_pointer(buf), n.bytes.data(), n.bytes.size());
  std::memset(guest_pointer(buf + n.bytes.size()), 0, n.unit);
}

int32_t enum_key(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr cls, Ptr cls_len,
                 Ptr ft, bool ansi) {
  if (reserved) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_ENUMERATE_SUB_KEYS, k)) return e;
  if (index >= k.key->subkeys.size()) return kErrorNoMoreItems;
  const Key& sub = *std::next(k.key->subkeys.begin(), index)->second;
  put<uint64_t>(ft.addr, sub.written);
  NameOut n = name_out(sub.name, ansi), c = name_out(sub.class_name, ansi);
  if (n.units >= get<uint32_t>(name_len.addr) || (cls && cls_len && c.units >= get<uint32_t>(cls_len.addr)))
    return kErrorMoreData;
  store_name(n, name.addr);
  put<uint32_t>(name_len.addr, n.units);
  if (cls_len) {
    put<uint32_t>(cls_len.addr, c.units);
    if (cls) store_name(c, cls.addr);
  }
  return ERROR_SUCCESS;
}
}  // namespace

int32_t RegEnumKeyExW(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr cls,
                      Ptr cls_len, Ptr ft) {
  return enum_key(p, hkey, index, name, name_len, reserved, cls, cls_len, ft, false);
}
int32_t RegEnumKeyExA(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr cls,
                      Ptr cls_len, Ptr ft) {
  return enum_key(p, hkey, index, name, name_len, reserved, cls, cls_len, ft, true);
}

namespace {
int32_t enum_value(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr type, Ptr data,
                   Ptr count, bool ansi) {
  if ((data && !count) || reserved || !name || !name_len) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_QUERY_VALUE, k)) return e;
  if (index >= k.key->values.size()) return kErrorNoMoreItems;
  const Value& v = k.key->values[index];
  std::vector<uint8_t> d = ansi && is_string(v.type) ? to_ansi(v.data) : v.data;
  NameOut n = name_out(v.name, ansi);
  if (n.units >= get<uint32_t>(name_len.addr)) {
    put<uint32_t>(type.addr, v.type);
    put<uint32_t>(count.addr, static_cast<uint32_t>(d.size()));
    return kErrorMoreData;
  }
  store_name(n, name.addr);
  put<uint32_t>(name_len.addr, n.units);
  return put_data(v.type, d, type, data, count, ansi ? 1 : 2);
}
int32_t RegEnumValueW(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr type,
                      Ptr data, Ptr count) {
  return enum_value(p, hkey, index, name, name_len, reserved, type, data, count, false);
}
int32_t RegEnumValueA(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr type,
                      Ptr data, Ptr count) {
  return enum_value(p, hkey, index, name, name_len, reserved, type, data, count, true);
}

// RegQueryInfoKey: the key's class, how many subkeys and values it has and their longest names
// (in characters, without the NUL) and data (bytes), and when it was last written. No key here has
// a security descriptor: its size is 0.
int32_t query_info(WindowsProcess& p, Ptr hkey, Ptr cls, Ptr cls_len, Ptr, Ptr subkeys, Ptr max_subkey, Ptr max_class,
                   Ptr values, Ptr max_value_name, Ptr max_data, Ptr security, Ptr ft, bool ansi) {
  if (cls && !cls_len) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_QUERY_VALUE, k)) return e;
  const Key& key = *k.key;
  int32_t status = ERROR_SUCCESS;
  NameOut c = name_out(key.class_name, ansi);
  if (cls && get<uint32_t>(cls_len.addr)) {
    if (c.units + 1 > get<uint32_t>(cls_len.addr)) status = kErrorMoreData;
    else store_name(c, cls.addr);
  }
  put<uint32_t>(cls_len.addr, c.units);
  uint32_t longest_key = 0, longest_class = 0, longest_value = 0, longest_data = 0;
  for (const auto& [n, s] : key.subkeys) {
    longest_key = std::max(longest_key, static_cast<uint32_t>(s->name.size()));
    longest_class = std::max(longest_class, static_cast<uint32_t>(s->class_name.size()));
  }
  for (const auto& v : key.values) {
    longest_value = std::max(longest_value, static_cast<uint32_t>(v.name.size()));
    longest_data = std::max(longest_data, static_cast<uint32_t>(v.data.size()));
  }
  put<uint32_t>(subkeys.addr, static_cast<uint32_t>(key.subkeys.size()));
  put<uint32_t>(max_subkey.addr, longest_key);
  put<uint32_t>(max_class.addr, longest_class);
  put<uint32_t>(values.addr, static_cast<uint32_t>(key.values.size()));
  put<uint32_t>(max_value_name.addr, longest_value);
  put<uint32_t>(max_data.addr, longest_data);
  put<uint32_t>(security.addr, 0);
  put<uint64_t>(ft.addr, key.written);
  return status;
}
int32_t RegQueryInfoKeyW(WindowsProcess& p, Ptr hkey, Ptr cls, Ptr cls_len, Ptr reserved, Ptr subkeys, Ptr max_subkey,
                         Ptr max_class, Ptr values, Ptr max_value_name, Ptr max_data, Ptr security, Ptr ft) {
  return query_info(p, hkey, cls, cls_len, reserved, subkeys, max_subkey, max_class, values, max_value_name, max_data,
                    security, ft, false);
}
int32_t RegQueryInfoKeyA(WindowsProcess& p, Ptr hkey, Ptr cls, Ptr cls_len, Ptr reserved, Ptr subkeys, Ptr max_subkey,
                         Ptr max_class, Ptr values, Ptr max_value_name, Ptr max_data, Ptr security, Ptr ft) {
  return query_info(p, hkey, cls, cls_len, reserved, subkeys, max_subkey, max_class, values, max_value_name, max_data,
                    security, ft, true);
}

// RegNotifyChangeKeyValue (see the top of the file): asynchronously, the event is set when the
// watch fires; else the call returns then.
int32_t RegNotifyChangeKeyValue(WindowsProcess& p, Ptr hkey, int32_t subtree, uint32_t filter, Ptr event, int32_t async) {
  if (!filter || (filter & ~kNotifyFilters)) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::unique_lock g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_NOTIFY, k)) return e;
  Watch w{k.key, subtree != 0, filter, hkey.addr, nullptr, nullptr};
  if (async) {
    auto it = p.waitables.find(event.addr);
    if (it == p.waitables.end() || it->second->kind != Waitable::Kind::Event) return ERROR_INVALID_HANDLE;
    w.event = it->second;
    r.watches.push_back(std::move(w));
    return ERROR_SUCCESS;
  }
  auto fired = std::make_shared<bool>(false);
  w.fired = fired;
  r.watches.push_back(std::move(w));
  g.unlock();
  wait_until(p, kInfinite, [&] { return *fired || p.stopping(); }, "for a change of a registry key no thread can make");
  if (!*fired) {  // (the process is ending)
    std::lock_guard again(r.mutex);
    std::erase_if(r.watches, [&](const Watch& x) { return x.fired == fired; });
  }
  return ERROR_SUCCESS;
}

}  // namespace

}  // namespace polyrun::shims::registry

namespace polyrun::shims {

// These join KERNEL32's table (kernel32/kernel32.cpp), and ADVAPI32's (advapi32/registry.cpp). Not
// the 16-bit era's RegOpenKey, RegCreateKey, RegEnumKey and RegDeleteKey: KERNEL32 exports the
// newer ones only (KERNELBASE's, since Windows 7; the API set api-ms-win-core-registry-l1-1-0
// names them).
const std::vector<Export>& kernel32_registry_exports() {
  using namespace registry;
  static const std::vector<Export> exports = {
      EXPORT("RegOpenKeyExA", RegOpenKeyExA),       EXPORT("RegOpenKeyExW", RegOpenKeyExW),
      EXPORT("RegCreateKeyExA", RegCreateKeyExA),   EXPORT("RegCreateKeyExW", RegCreateKeyExW),
      EXPORT("RegCloseKey", RegCloseKey),           EXPORT("RegFlushKey", RegFlushKey),
      EXPORT("RegQueryValueExA", RegQueryValueExA), EXPORT("RegQueryValueExW", RegQueryValueExW),
      EXPORT("RegGetValueA", RegGetValueA),         EXPORT("RegGetValueW", RegGetValueW),
      EXPORT("RegSetValueExA", RegSetValueExA),     EXPORT("RegSetValueExW", RegSetValueExW),
      EXPORT("RegSetKeyValueA", RegSetKeyValueA),   EXPORT("RegSetKeyValueW", RegSetKeyValueW),
      EXPORT("RegDeleteValueA", RegDeleteValueA),   EXPORT("RegDeleteValueW", RegDeleteValueW),
      EXPORT("RegDeleteKeyExA", RegDeleteKeyExA),   EXPORT("RegDeleteKeyExW", RegDeleteKeyExW),
      EXPORT("RegDeleteTreeA", RegDeleteTreeA),     EXPORT("RegDeleteTreeW", RegDeleteTreeW),
      EXPORT("RegEnumKeyExA", RegEnumKeyExA),       EXPORT("RegEnumKeyExW", RegEnumKeyExW),
      EXPORT("RegEnumValueA", RegEnumValueA),       EXPORT("RegEnumValueW", RegEnumValueW),
      EXPORT("RegQueryInfoKeyA", RegQueryInfoKeyA), EXPORT("RegQueryInfoKeyW", RegQueryInfoKeyW),
      EXPORT("RegNotifyChangeKeyValue", RegNotifyChangeKeyValue),
  };
  return exports;
}

}  // namespace polyrun::shims
