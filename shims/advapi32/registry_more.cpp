// ADVAPI32.dll's registry functions beyond KERNEL32's (kernel32/registry.cpp), over the same
// in-memory tree (kernel32/registry_tree.cpp): copying a tree (RegCopyTree), renaming a key,
// deleting a subkey's value, several values at once (RegQueryMultipleValues), the 16-bit era's
// default values (RegQueryValue, RegSetValue), MUI strings (RegLoadMUIString), the user's keys
// (RegOpenCurrentUser, RegOpenUserClassesRoot), keys' security descriptors, the local registry
// by name (RegConnectRegistry), reflection (which 64-bit Windows 7 and later no longer does: a key
// is never reflected), and the hive files: saving, restoring, loading and replacing a hive need
// SeBackupPrivilege or SeRestorePrivilege (Microsoft's RegSaveKey, RegRestoreKey, RegLoadKey,
// RegUnLoadKey and RegReplaceKey pages), which a standard user's token lacks, so they answer
// ERROR_PRIVILEGE_NOT_HELD. Transactions are KTM's (CreateTransaction), which has none to give: a
// transaction handle is ERROR_INVALID_HANDLE.
#include <strings.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/advapi32/acl.h"
#include "shims/advapi32/security.h"
#include "shims/advapi32/tokens.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/ntdll/registry_tree.h"

namespace polyrun::shims {

namespace advapi32_registry_more {

using namespace registry;

constexpr int32_t kErrorPrivilegeNotHeld = 1314, kErrorInvalidData = 13, kErrorBadNetpath = 53, kErrorInsufficientBuffer = 122;

std::u16string to16(const std::string& s) { return utf8_to_utf16(s); }
// An A function's name (or text) argument, in the ANSI code page; NULL as empty.
std::u16string ansi_arg(AStr s) { return s.addr ? ansi_to_utf16(s.bytes()) : std::u16string(); }

// ---- copying and renaming ----

void copy_tree(const Key& from, Key& to) {
  for (const Value& v : from.values) to.set(v.name, v.type, v.data);
  for (const auto& [upper, child] : from.subkeys) {
    Key* dest = to.child(child->name);
    if (!dest) dest = &to.add(child->name);
    dest->class_name = child->class_name;
    copy_tree(*child, *dest);
  }
}

int32_t copy_tree(WindowsProcess& p, uint64_t src, const std::u16string& sub, uint64_t dst) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey s, d;
  if (int32_t e = resolve(p, r, src, KEY_READ & ~READ_CONTROL, s)) return e;
  if (int32_t e = resolve(p, r, dst, KEY_CREATE_SUB_KEY | KEY_SET_VALUE, d)) return e;
  KeyPtr from = s.key;
  if (!sub.empty())
    if (int32_t e = walk(s.key, sub, from)) return e;
  if (under(*from, d.key.get())) return ERROR_INVALID_PARAMETER;  // (into itself)
  copy_tree(*from, *d.key);
  notify(p, r, *d.key, REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegCopyTreeW(WindowsProcess& p, Ptr src, WStr sub, Ptr dst) { return copy_tree(p, src.addr, wide_arg(sub), dst.addr); }
int32_t RegCopyTreeA(WindowsProcess& p, Ptr src, AStr sub, Ptr dst) { return copy_tree(p, src.addr, ansi_arg(sub), dst.addr); }

// RegRenameKey: the key (or its subkey) takes the new name; a sibling of that name already there is
// ERROR_ACCESS_DENIED.
int32_t RegRenameKey(WindowsProcess& p, Ptr hkey, WStr sub, WStr name) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_WRITE & ~READ_CONTROL, k)) return e;
  KeyPtr target = k.key;
  if (sub.addr && !wide_arg(sub).empty())
    if (int32_t e = walk(k.key, wide_arg(sub), target)) return e;
  const std::u16string n = wide_arg(name);
  if (!name.addr || n.empty() || n.find(u'\\') != std::u16string::npos) return ERROR_INVALID_PARAMETER;
  Key* parent = target->parent;
  if (!parent || target->predefined) return ERROR_ACCESS_DENIED;
  if (parent->child(n) && parent->child(n) != target.get()) return ERROR_ACCESS_DENIED;  // (a sibling of that name)
  KeyPtr keep = parent->child_ptr(target->name);
  parent->subkeys.erase(upcase(target->name));
  keep->name = n;
  parent->subkeys[upcase(n)] = keep;
  parent->written = filetime_now();
  notify(p, r, *parent, REG_NOTIFY_CHANGE_NAME);
  return ERROR_SUCCESS;
}

// RegDeleteKeyValue: a value of the key or of its subkey.
int32_t delete_key_value(WindowsProcess& p, uint64_t hkey, const std::u16string& sub, const std::u16string& name) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_SET_VALUE, k)) return e;
  KeyPtr target = k.key;
  if (!sub.empty())
    if (int32_t e = walk(k.key, sub, target)) return e;
  const std::u16string u = upcase(name);
  auto& vs = target->values;
  auto it = std::find_if(vs.begin(), vs.end(), [&](const Value& v) { return upcase(v.name) == u; });
  if (it == vs.end()) return ERROR_FILE_NOT_FOUND;
  vs.erase(it);
  target->written = filetime_now();
  notify(p, r, *target, REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegDeleteKeyValueW(WindowsProcess& p, Ptr hkey, WStr sub, WStr name) {
  return delete_key_value(p, hkey.addr, wide_arg(sub), wide_arg(name));
}
int32_t RegDeleteKeyValueA(WindowsProcess& p, Ptr hkey, AStr sub, AStr name) {
  return delete_key_value(p, hkey.addr, ansi_arg(sub), ansi_arg(name));
}

// The narrow form of a value's data (strings converted to the ANSI code page).
std::vector<uint8_t> narrow_data(const Value& v) {
  if (!is_string(v.type)) return v.data;
  std::u16string w(v.data.size() / 2, u'\0');
  std::memcpy(w.data(), v.data.data(), w.size() * 2);
  const std::string s = utf16_to_ansi(w);
  return std::vector<uint8_t>(s.begin(), s.end());
}

// ---- several values at once ----

// VALENT: ve_valuename, ve_valuelen, ve_valueptr, ve_type (pointer-aligned).
int32_t query_multiple(WindowsProcess& p, uint64_t hkey, Ptr list, uint32_t count, Ptr buf, Ptr total, bool wide) {
  if (!list || !total) return ERROR_INVALID_PARAMETER;
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_QUERY_VALUE, k)) return e;
  const unsigned ps = p.isa->ptr;
  const uint32_t entry = ps == 8 ? 32 : 16;
  std::vector<std::vector<uint8_t>> datas;
  uint32_t need = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t e = list.addr + entry * i;
    const uint64_t name = p.get_ptr(e);
    const std::u16string n = wide ? std::u16string(name ? reinterpret_cast<const char16_t*>(guest_pointer(name)) : u"")
                                  : ansi_to_utf16(name ? reinterpret_cast<const char*>(guest_pointer(name)) : "");
    const Value* v = k.key->value(n);
    if (!v) return ERROR_FILE_NOT_FOUND;
    datas.push_back(wide ? v->data : narrow_data(*v));
    put<uint32_t>(e + ps, static_cast<uint32_t>(datas.back().size()));
    put<uint32_t>(e + 3 * ps, v->type);
    need += static_cast<uint32_t>(datas.back().size());
  }
  const uint32_t have = get<uint32_t>(total.addr);
  put<uint32_t>(total.addr, need);
  if (!buf || have < need) return kErrorMoreData;
  uint64_t at = buf.addr;
  for (uint32_t i = 0; i < count; ++i) {
    std::memcpy(guest_pointer(at), datas[i].data(), datas[i].size());
    p.put_ptr(list.addr + entry * i + 2 * ps, at);
    at += datas[i].size();
  }
  return ERROR_SUCCESS;
}
int32_t RegQueryMultipleValuesW(WindowsProcess& p, Ptr hkey, Ptr list, uint32_t count, Ptr buf, Ptr total) {
  return query_multiple(p, hkey.addr, list, count, buf, total, true);
}
int32_t RegQueryMultipleValuesA(WindowsProcess& p, Ptr hkey, Ptr list, uint32_t count, Ptr buf, Ptr total) {
  return query_multiple(p, hkey.addr, list, count, buf, total, false);
}

// ---- the 16-bit era's default values ----

// RegQueryValue: the default value of the key or its subkey, a string; one not set reads as "".
int32_t query_default(WindowsProcess& p, uint64_t hkey, const std::u16string& sub, Ptr data, Ptr size, bool wide) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_QUERY_VALUE, k)) return e;
  KeyPtr target = k.key;
  if (!sub.empty())
    if (int32_t e = walk(k.key, sub, target)) return e;
  const Value* v = target->value(u"");
  std::vector<uint8_t> bytes;
  if (v) {
    if (v->type != REG_SZ) return kErrorInvalidData;
    bytes = wide ? v->data : narrow_data(*v);
  }
  const size_t unit = wide ? 2 : 1;
  while (bytes.size() >= unit && std::all_of(bytes.end() - unit, bytes.end(), [](uint8_t c) { return c == 0; }))
    bytes.resize(bytes.size() - unit);
  bytes.insert(bytes.end(), unit, 0);
  if (!size) return data ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS;
  const uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(bytes.size()));
  if (!data) return ERROR_SUCCESS;
  if (have < bytes.size()) return kErrorMoreData;
  std::memcpy(data.as<void>(), bytes.data(), bytes.size());
  return ERROR_SUCCESS;
}
int32_t RegQueryValueW(WindowsProcess& p, Ptr hkey, WStr sub, Ptr data, Ptr size) {
  return query_default(p, hkey.addr, wide_arg(sub), data, size, true);
}
int32_t RegQueryValueA(WindowsProcess& p, Ptr hkey, AStr sub, Ptr data, Ptr size) {
  return query_default(p, hkey.addr, ansi_arg(sub), data, size, false);
}

// RegSetValue: the subkey made where missing and its default value set; REG_SZ only.
int32_t set_default(WindowsProcess& p, uint64_t hkey, const std::u16string& sub, uint32_t type, const std::u16string& text,
                    bool has_data) {
  if (type != REG_SZ || !has_data) return ERROR_INVALID_PARAMETER;
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_SET_VALUE, k)) return e;
  Key* target = k.key.get();
  if (!sub.empty()) {
    std::vector<std::u16string> parts;
    if (int32_t e = split_path(sub, parts)) return e;
    for (const auto& part : parts) {
      Key* next = target->child(part);
      if (!next) {
        next = &target->add(part);
        notify(p, r, *target, REG_NOTIFY_CHANGE_NAME);
      }
      target = next;
    }
  }
  target->set(u"", REG_SZ, bytes_of(text));
  notify(p, r, *target, REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegSetValueW(WindowsProcess&p, Ptr hkey, WStr sub, uint32_t type, WStr data, uint32_t) {
  return set_default(p, hkey.addr, wide_arg(sub), type, wide_arg(data), data.addr != 0);
}
int32_t RegSetValueA(WindowsProcess& p, Ptr hkey, AStr sub, uint32_t type, AStr data, uint32_t) {
  return set_default(p, hkey.addr, ansi_arg(sub), type, ansi_arg(data), data.addr != 0);
}

// ---- MUI strings ----

// RegLoadMUIStringW: a REG_SZ or REG_EXPAND_SZ value of the form "@file,-id": the string resource
// `id` of that file (its environment variables expanded, the directory given put before it). Another
// string is ERROR_INVALID_DATA, a value of another type ERROR_FILE_NOT_FOUND. The output size is in
// bytes. RegLoadMUIStringA is not supported (ERROR_CALL_NOT_IMPLEMENTED, Microsoft's page).
int32_t RegLoadMUIStringW(WindowsProcess& p, Ptr hkey, WStr value, Ptr out, uint32_t size, Ptr needed, uint32_t flags,
                          WStr directory) {
  // (REG_MUI_STRING_TRUNCATE is the one flag, and it leaves no size to report.)
  if (!hkey || (!out && size) || (size & 1) || (flags & ~1u) || ((flags & 1) && needed)) return ERROR_INVALID_PARAMETER;
  std::u16string text;
  {
    Registry& r = registry::registry();
    std::lock_guard g(r.mutex);
    OpenKey k;
    if (int32_t e = resolve(p, r, hkey.addr, KEY_QUERY_VALUE, k)) return e;
    const Value* v = k.key->value(wide_arg(value));
    if (!v || (v->type != REG_SZ && v->type != REG_EXPAND_SZ) || v->data.empty()) return ERROR_FILE_NOT_FOUND;
    text.assign(v->data.size() / 2, u'\0');
    std::memcpy(text.data(), v->data.data(), text.size() * 2);
    while (!text.empty() && text.back() == 0) text.pop_back();
  }
  if (text.empty() || text[0] != u'@') return kErrorInvalidData;
  {
    const size_t comma = text.rfind(u',');
    if (comma == std::u16string::npos || comma + 2 > text.size() || text[comma + 1] != u'-') return kErrorInvalidData;
    const uint32_t id = static_cast<uint32_t>(std::stoul(utf16_to_utf8(text.substr(comma + 2))));
    std::u16string file = text.substr(1, comma - 1);
    if (directory.addr && !wide_arg(directory).empty()) file = wide_arg(directory) + file;
    // The file's path expanded and the DLL loaded as data, as Windows reads the resource.
    const uint64_t scratch = p.heap.alloc(2 * 32768 + 2 * (file.size() + 1) + 16, true);
    if (!scratch) return ERROR_NOT_ENOUGH_MEMORY;
    const uint64_t raw = scratch + 2 * 32768;
    std::memcpy(guest_pointer(raw), file.c_str(), 2 * (file.size() + 1));
    const uint32_t n = static_cast<uint32_t>(p.call_export("kernel32.dll", "ExpandEnvironmentStringsW", {raw, scratch, 32768}));
    const uint64_t module = n ? p.call_export("kernel32.dll", "LoadLibraryExW", {scratch, 0, 2}) : 0;  // LOAD_LIBRARY_AS_DATAFILE
    int32_t len = 0;
    const uint64_t where = scratch + 2 * 32768 + 2 * (file.size() + 1);
    if (module) len = static_cast<int32_t>(p.call_export("user32.dll", "LoadStringW", {module, id, where, 0}));
    std::u16string found;
    if (len > 0) {
      const uint64_t at = p.get_ptr(where);
      found.assign(reinterpret_cast<const char16_t*>(guest_pointer(at)), static_cast<size_t>(len));
    }
    if (module) p.call_export("kernel32.dll", "FreeLibrary", {module});
    p.heap.free(scratch);
    if (!module) return ERROR_FILE_NOT_FOUND;
    if (len <= 0) return 1814;  // ERROR_RESOURCE_NAME_NOT_FOUND
    text = found;
  }
  const uint32_t bytes = static_cast<uint32_t>((text.size() + 1) * 2);
  if (needed) put<uint32_t>(needed.addr, bytes);
  if (size < bytes) {
    if (!(flags & 1) || !size) return kErrorMoreData;
    const size_t keep = size / 2 - 1;
    std::memcpy(out.as<char16_t>(), text.c_str(), keep * 2);
    put<uint16_t>(out.addr + keep * 2, 0);
    return ERROR_SUCCESS;
  }
  std::memcpy(out.as<char16_t>(), text.c_str(), bytes);
  return ERROR_SUCCESS;
}
int32_t RegLoadMUIStringA(WindowsProcess&, Ptr, AStr, Ptr, uint32_t, Ptr, uint32_t, AStr) { return kErrorCallNotImplemented; }

// ---- the user's keys ----

int32_t RegOpenCurrentUser(WindowsProcess& p, uint32_t access, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, kCurrentUser, 0, k)) return e;
  p.put_ptr(result.addr, new_handle(p, r, r.current_user, granted(access)));
  return ERROR_SUCCESS;
}

// RegOpenUserClassesRoot: HKEY_USERS\<SID>_Classes of the token's user (the process's own).
int32_t RegOpenUserClassesRoot(WindowsProcess& p, Ptr token, uint32_t, uint32_t access, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  const advapi32_tokens::Token t = advapi32_tokens::token_of(p, token.addr);
  if (!t) return ERROR_INVALID_HANDLE;
  if (t->anonymous) return ERROR_FILE_NOT_FOUND;
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, kUsers, 0, k)) return e;
  const std::u16string name = to16(t->user + "_Classes");
  Key* classes = r.users->child(name);
  if (!classes) classes = &r.users->add(name);
  p.put_ptr(result.addr, new_handle(p, r, r.users->child_ptr(name), granted(access)));
  return ERROR_SUCCESS;
}

// RegDisablePredefinedCache(Ex): the predefined handles are not cached per user here, so nothing
// is to be turned off.
int32_t RegDisablePredefinedCache(WindowsProcess&) { return ERROR_SUCCESS; }

// Reflection: no key is reflected (64-bit Windows 7 and later reflect none), so each key is one
// whose reflection is disabled.
int32_t reflection(WindowsProcess& p, uint64_t hkey) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  return resolve(p, r, hkey, 0, k);
}
int32_t RegDisableReflectionKey(WindowsProcess& p, Ptr hkey) { return reflection(p, hkey.addr); }
int32_t RegEnableReflectionKey(WindowsProcess& p, Ptr hkey) { return reflection(p, hkey.addr); }
int32_t RegQueryReflectionKey(WindowsProcess& p, Ptr hkey, Ptr disabled) {
  if (!disabled) return ERROR_INVALID_PARAMETER;
  if (int32_t e = reflection(p, hkey.addr)) return e;
  put<int32_t>(disabled.addr, 1);
  return ERROR_SUCCESS;
}

// ---- security ----
//
// A key's descriptor: as set (RegSetKeySecurity), else Windows' default for a user's keys (owner
// the user; the user, SYSTEM and Administrators have full control, RESTRICTED reads) or the
// machine's (owner Administrators; Administrators and SYSTEM have full control, Users read).
std::map<const Key*, std::vector<uint8_t>>& key_descriptors() {
  static std::map<const Key*, std::vector<uint8_t>> d;
  return d;
}
std::vector<uint8_t> default_descriptor(Registry& r, const Key& k) {
  const bool user = r.current_user && under(*r.current_user, &k);
  auto ace = [](uint32_t mask, const std::string& sid) {
    advapi32_acl::Ace a;
    a.type = 0;
    a.flags = 0x2;  // CONTAINER_INHERIT_ACE
    a.mask = mask;
    a.sid = sid_bytes(sid);
    return a;
  };
  std::vector<advapi32_acl::Ace> aces;
  std::string owner;
  if (user) {
    owner = account_sid();
    aces = {ace(KEY_ALL_ACCESS, owner), ace(KEY_ALL_ACCESS, "S-1-5-18"), ace(KEY_ALL_ACCESS, "S-1-5-32-544"),
            ace(KEY_READ, "S-1-5-12")};
  } else {
    owner = "S-1-5-32-544";
    aces = {ace(KEY_READ, "S-1-5-32-545"), ace(KEY_ALL_ACCESS, "S-1-5-32-544"), ace(KEY_ALL_ACCESS, "S-1-5-18")};
  }
  const std::vector<uint8_t> dacl = advapi32_acl::acl_bytes(aces, 2);
  return advapi32_acl::self_relative_sd(0, sid_bytes(owner), sid_bytes("S-1-5-18"), nullptr, &dacl);
}

int32_t RegGetKeySecurity(WindowsProcess& p, Ptr hkey, uint32_t info, Ptr sd, Ptr size) {
  if (!size) return ERROR_INVALID_PARAMETER;
  if (info & 0x8) return kErrorPrivilegeNotHeld;  // the SACL: SeSecurityPrivilege
  std::vector<uint8_t> whole;
  {
    Registry& r = registry::registry();
    std::lock_guard g(r.mutex);
    OpenKey k;
    if (int32_t e = resolve(p, r, hkey.addr, READ_CONTROL, k)) return e;
    auto it = key_descriptors().find(k.key.get());
    whole = it != key_descriptors().end() ? it->second : default_descriptor(r, *k.key);
  }
  const uint64_t at = advapi32_acl::heap_copy(p, whole);
  if (!at) return ERROR_NOT_ENOUGH_MEMORY;
  advapi32_acl::SdParts s;
  advapi32_acl::read_sd(p, at, s);
  const std::vector<uint8_t> dacl = advapi32_acl::acl_part(s.dacl);
  const std::vector<uint8_t> b = advapi32_acl::self_relative_sd(
      0, (info & 1) ? advapi32_acl::sid_part(s.owner) : std::vector<uint8_t>{},
      (info & 2) ? advapi32_acl::sid_part(s.group) : std::vector<uint8_t>{}, nullptr,
      (info & 4) && (s.control & 0x4) ? &dacl : nullptr);
  p.heap.free(at);
  const uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(b.size()));
  if (have < b.size() || !sd) return kErrorInsufficientBuffer;
  std::memcpy(sd.as<void>(), b.data(), b.size());
  return ERROR_SUCCESS;
}

// RegSetKeySecurity: the owner (the user only: a standard user may take no other), group and DACL
// of the key's descriptor replaced as `info` says.
int32_t RegSetKeySecurity(WindowsProcess& p, Ptr hkey, uint32_t info, Ptr sd) {
  if (info & 0x8) return kErrorPrivilegeNotHeld;
  advapi32_acl::SdParts m;
  if (!advapi32_acl::read_sd(p, sd.addr, m)) return 1338;  // ERROR_INVALID_SECURITY_DESCR
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  const uint32_t need = ((info & 4) ? WRITE_DAC : 0) | ((info & 3) ? WRITE_OWNER : 0);
  if (int32_t e = resolve(p, r, hkey.addr, need, k)) return e;
  auto it = key_descriptors().find(k.key.get());
  const std::vector<uint8_t> whole = it != key_descriptors().end() ? it->second : default_descriptor(r, *k.key);
  const uint64_t at = advapi32_acl::heap_copy(p, whole);
  if (!at) return ERROR_NOT_ENOUGH_MEMORY;
  advapi32_acl::SdParts o;
  advapi32_acl::read_sd(p, at, o);
  std::vector<uint8_t> owner = advapi32_acl::sid_part(o.owner), group = advapi32_acl::sid_part(o.group);
  std::vector<uint8_t> dacl = advapi32_acl::acl_part(o.dacl);
  bool has_dacl = o.control & 0x4;
  p.heap.free(at);
  if (info & 1) {
    if (!m.owner) return 1307;  // ERROR_INVALID_OWNER
    if (sid_text(m.owner) != account_sid()) return 1307;
    owner = sid_at(m.owner);
  }
  if (info & 2) {
    if (!m.group) return 1308;  // ERROR_INVALID_PRIMARY_GROUP
    group = sid_at(m.group);
  }
  if (info & 4) {
    has_dacl = m.control & 0x4;
    dacl = advapi32_acl::acl_part(m.dacl);
  }
  key_descriptors()[k.key.get()] = advapi32_acl::self_relative_sd(0, owner, group, nullptr, has_dacl ? &dacl : nullptr);
  return ERROR_SUCCESS;
}

// ---- hives: SeBackupPrivilege and SeRestorePrivilege ----

int32_t needs_privilege(WindowsProcess& p, uint64_t hkey) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, 0, k)) return e;
  return kErrorPrivilegeNotHeld;
}
int32_t RegSaveKey(WindowsProcess& p, Ptr hkey, Ptr file, Ptr) {
  if (!file) return ERROR_INVALID_PARAMETER;
  return needs_privilege(p, hkey.addr);
}
int32_t RegSaveKeyEx(WindowsProcess& p, Ptr hkey, Ptr file, Ptr, uint32_t) {
  if (!file) return ERROR_INVALID_PARAMETER;
  return needs_privilege(p, hkey.addr);
}
int32_t RegRestoreKey(WindowsProcess& p, Ptr hkey, Ptr file, uint32_t) {
  if (!file) return ERROR_INVALID_PARAMETER;
  return needs_privilege(p, hkey.addr);
}
int32_t RegLoadKey(WindowsProcess& p, Ptr hkey, Ptr, Ptr file) {
  if (!file) return ERROR_INVALID_PARAMETER;
  return needs_privilege(p, hkey.addr);
}
int32_t RegUnLoadKey(WindowsProcess& p, Ptr hkey, Ptr) { return needs_privilege(p, hkey.addr); }
int32_t RegReplaceKey(WindowsProcess& p, Ptr hkey, Ptr, Ptr file, Ptr old) {
  if (!file || !old) return ERROR_INVALID_PARAMETER;
  return needs_privilege(p, hkey.addr);
}

// ---- the registry by machine name ----

int32_t connect(WindowsProcess& p, const std::string& machine, uint64_t hkey, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  std::string bare = machine.rfind("\\\\", 0) == 0 ? machine.substr(2) : machine;
  if (!bare.empty() && ::strcasecmp(bare.c_str(), netbios_name().c_str()) != 0 && bare != "." && ::strcasecmp(bare.c_str(), "localhost") != 0)
    return kErrorBadNetpath;
  const uint32_t pre = predefined_of(hkey);
  if (!pre) return ERROR_INVALID_HANDLE;
  p.put_ptr(result.addr, hkey);
  return ERROR_SUCCESS;
}
int32_t RegConnectRegistryW(WindowsProcess& p, WStr machine, Ptr hkey, Ptr result) {
  return connect(p, utf16_to_utf8(machine.str()), hkey.addr, result);
}
int32_t RegConnectRegistryA(WindowsProcess& p, AStr machine, Ptr hkey, Ptr result) {
  return connect(p, machine.str(), hkey.addr, result);
}

// RegCreateKeyTransacted: a KTM transaction's handle, which CreateTransaction alone gives.
int32_t RegCreateKeyTransacted(WindowsProcess&, Ptr, Ptr, uint32_t, Ptr, uint32_t, uint32_t, Ptr, Ptr, Ptr, Ptr, Ptr) {
  return ERROR_INVALID_HANDLE;
}

}  // namespace advapi32_registry_more

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_registry_more_exports() {
  using namespace advapi32_registry_more;
  static const std::vector<Export> exports = {
      EXPORT("RegCopyTreeW", RegCopyTreeW),
      EXPORT("RegCopyTreeA", RegCopyTreeA),
      EXPORT("RegRenameKey", RegRenameKey),
      EXPORT("RegDeleteKeyValueW", RegDeleteKeyValueW),
      EXPORT("RegDeleteKeyValueA", RegDeleteKeyValueA),
      EXPORT("RegQueryMultipleValuesW", RegQueryMultipleValuesW),
      EXPORT("RegQueryMultipleValuesA", RegQueryMultipleValuesA),
      EXPORT("RegQueryValueW", RegQueryValueW),
      EXPORT("RegQueryValueA", RegQueryValueA),
      EXPORT("RegSetValueW", RegSetValueW),
      EXPORT("RegSetValueA", RegSetValueA),
      EXPORT("RegLoadMUIStringW", RegLoadMUIStringW),
      EXPORT("RegLoadMUIStringA", RegLoadMUIStringA),
      EXPORT("RegOpenCurrentUser", RegOpenCurrentUser),
      EXPORT("RegOpenUserClassesRoot", RegOpenUserClassesRoot),
      EXPORT("RegDisablePredefinedCache", RegDisablePredefinedCache),
      EXPORT("RegDisableReflectionKey", RegDisableReflectionKey),
      EXPORT("RegEnableReflectionKey", RegEnableReflectionKey),
      EXPORT("RegQueryReflectionKey", RegQueryReflectionKey),
      EXPORT("RegGetKeySecurity", RegGetKeySecurity),
      EXPORT("RegSetKeySecurity", RegSetKeySecurity),
      EXPORT("RegSaveKeyW", RegSaveKey),
      EXPORT("RegSaveKeyA", RegSaveKey),
      EXPORT("RegSaveKeyExW", RegSaveKeyEx),
      EXPORT("RegSaveKeyExA", RegSaveKeyEx),
      EXPORT("RegRestoreKeyW", RegRestoreKey),
      EXPORT("RegRestoreKeyA", RegRestoreKey),
      EXPORT("RegLoadKeyW", RegLoadKey),
      EXPORT("RegLoadKeyA", RegLoadKey),
      EXPORT("RegUnLoadKeyW", RegUnLoadKey),
      EXPORT("RegUnLoadKeyA", RegUnLoadKey),
      EXPORT("RegReplaceKeyW", RegReplaceKey),
      EXPORT("RegReplaceKeyA", RegReplaceKey),
      EXPORT("RegConnectRegistryW", RegConnectRegistryW),
      EXPORT("RegConnectRegistryA", RegConnectRegistryA),
      EXPORT("RegCreateKeyTransactedW", RegCreateKeyTransacted),
      EXPORT("RegCreateKeyTransactedA", RegCreateKeyTransacted),
  };
  return exports;
}

}  // namespace polyrun::shims
