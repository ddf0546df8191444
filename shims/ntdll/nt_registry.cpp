// NTDLL's registry: the native API's keys (NtCreateKey, NtOpenKey(Ex), NtDeleteKey, NtRenameKey,
// NtQueryKey, NtEnumerateKey, NtSetInformationKey, NtFlushKey, NtNotifyChangeKey,
// NtNotifyChangeMultipleKeys) and values (NtSetValueKey, NtQueryValueKey, NtEnumerateValueKey,
// NtDeleteValueKey, NtQueryMultipleValueKey), with the Rtlp forms of them, over the tree KERNEL32's
// Reg* functions keep (ntdll/registry_tree.cpp): a key's NT name is \Registry\Machine\… (the
// tree's HKEY_LOCAL_MACHINE) or \Registry\User\… (HKEY_USERS), or a name relative to an open
// key's handle. Handles are the ones RegOpenKeyEx gives (each serves both APIs); the predefined
// HKEY_* values are KERNEL32's, not handles NTDLL knows (STATUS_INVALID_HANDLE).
#include <algorithm>
#include <cstring>
#include <iterator>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/nt_registry.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/registry_tree.h"

namespace polyrun::shims {

namespace ntdll_nt_registry_impl {

using namespace registry;

constexpr uint32_t kObjectNameNotFound = 0xc0000034, kObjectPathSyntaxBad = 0xc000003b,
                   kObjectNameInvalid = 0xc0000033, kAccessDenied = 0xc0000022, kKeyDeleted = 0xc000017c,
                   kNoMoreEntries = 0x8000001a, kObjectNameCollision = 0xc0000035,
                   kNotifyEnumDir = 0x10c;

// A Win32 error of the tree's as the NTSTATUS the native API gives.
uint32_t status_of(int32_t e) {
  switch (e) {
    case ERROR_SUCCESS: return nt::kSuccess;
    case ERROR_INVALID_HANDLE: return nt::kInvalidHandle;
    case ERROR_ACCESS_DENIED: return kAccessDenied;
    case kErrorKeyDeleted: return kKeyDeleted;
    case ERROR_FILE_NOT_FOUND: return kObjectNameNotFound;
    case kErrorBadPathname: return kObjectPathSyntaxBad;
    default: return nt::kInvalidParameter;
  }
}

// The key a handle of the native API names, if it grants `need` (the predefined HKEY_* values are
// not handles here).
uint32_t key_of(WindowsProcess& p, Registry& r, uint64_t h, uint32_t need, OpenKey& out) {
  if (predefined_of(h)) return nt::kInvalidHandle;
  return status_of(resolve(p, r, h, need, out));
}

std::u16string upper(const std::u16string& s) { return upcase(s); }

// OBJECT_ATTRIBUTES' RootDirectory and ObjectName: the key the name starts from and the path left
// under it.
uint32_t start_of(WindowsProcess& p, Registry& r, uint64_t oa, KeyPtr& from, std::u16string& rest) {
  if (!oa) return nt::kInvalidParameter;
  const unsigned w = p.isa->ptr;
  const uint64_t root = p.get_ptr(oa + w), name = p.get_ptr(oa + 2 * w);
  std::u16string n = name ? ntdll_text::unicode_of(p, name) : std::u16string();
  if (root) {
    OpenKey k;
    if (const uint32_t s = key_of(p, r, root, 0, k)) return s;
    if (!n.empty() && n[0] == u'\\') return kObjectPathSyntaxBad;
    from = k.key;
    rest = n;
    return nt::kSuccess;
  }
  OpenKey any;  // (seeds the tree)
  resolve(p, r, kLocalMachine, 0, any);
  const std::u16string u = upper(n);
  for (const auto& [prefix, key] : {std::pair{std::u16string(u"\\REGISTRY\\MACHINE"), r.machine},
                                    std::pair{std::u16string(u"\\REGISTRY\\USER"), r.users}}) {
    if (u.rfind(prefix, 0) == 0 && (u.size() == prefix.size() || u[prefix.size()] == u'\\')) {
      from = key;
      rest = n.substr(std::min(n.size(), prefix.size() + 1));
      return nt::kSuccess;
    }
  }
  if (n.empty() || n[0] != u'\\') return kObjectPathSyntaxBad;
  return kObjectNameNotFound;
}

uint32_t open(WindowsProcess& p, Ptr out, uint32_t access, Ptr oa) {
  if (!out) return nt::kInvalidParameter;
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  KeyPtr from;
  std::u16string rest;
  if (const uint32_t s = start_of(p, r, oa.addr, from, rest)) return s;
  KeyPtr k;
  if (const int32_t e = walk_view(p, r, from, rest, access, k)) return status_of(e);
  p.put_ptr(out.addr, new_handle(p, r, k, granted(access)));
  return nt::kSuccess;
}

uint32_t NtOpenKey(WindowsProcess& p, Ptr out, uint32_t access, Ptr oa) { return open(p, out, access, oa); }
// REG_OPTION_BACKUP_RESTORE (4) needs SeBackupPrivilege or SeRestorePrivilege, which the user lacks.
uint32_t NtOpenKeyEx(WindowsProcess& p, Ptr out, uint32_t access, Ptr oa, uint32_t options) {
  if (options & REG_OPTION_BACKUP_RESTORE) return kAccessDenied;
  return open(p, out, access, oa);
}

// NtCreateKey(*handle, access, attributes, title index, class, options, *disposition): the last
// name of the path is made if it is missing (its parent must be there).
uint32_t NtCreateKey(WindowsProcess& p, Ptr out, uint32_t access, Ptr oa, uint32_t, Ptr cls, uint32_t options,
                     Ptr disposition) {
  if (!out) return nt::kInvalidParameter;
  if (options & REG_OPTION_CREATE_LINK) return nt::kNotSupported;  // (links between keys are not provided)
  if (options & REG_OPTION_BACKUP_RESTORE) return kAccessDenied;
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  KeyPtr from;
  std::u16string rest;
  if (const uint32_t s = start_of(p, r, oa.addr, from, rest)) return s;
  std::vector<std::u16string> parts;
  if (const int32_t e = split_path(rest, parts)) return status_of(e);
  if (parts.empty()) {
    p.put_ptr(out.addr, new_handle(p, r, from, granted(access)));
    put<uint32_t>(disposition.addr, REG_OPENED_EXISTING_KEY);
    return nt::kSuccess;
  }
  KeyPtr k = from;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    KeyPtr c = k->child_ptr(parts[i]);
    if (!c) return kObjectNameNotFound;
    k = std::move(c);
  }
  uint32_t dispo = REG_OPENED_EXISTING_KEY;
  KeyPtr c = k->child_ptr(parts.back());
  if (!c) {
    k->add(parts.back()).class_name = cls ? ntdll_text::unicode_of(p, cls.addr) : std::u16string();
    c = k->child_ptr(parts.back());
    dispo = REG_CREATED_NEW_KEY;
    notify(p, r, *k, REG_NOTIFY_CHANGE_NAME);
  }
  p.put_ptr(out.addr, new_handle(p, r, c, granted(access)));
  put<uint32_t>(disposition.addr, dispo);
  return nt::kSuccess;
}

// NtDeleteKey: the key a handle names, which has no subkeys (STATUS_ACCESS_DENIED otherwise, as
// RegDeleteKey's ERROR_ACCESS_DENIED); a key deleted already stays so.
uint32_t NtDeleteKey(WindowsProcess& p, Ptr h) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  const uint32_t s = key_of(p, r, h.addr, DELETE, k);
  if (s == kKeyDeleted) return nt::kSuccess;
  if (s) return s;
  if (!k.key->subkeys.empty()) return kAccessDenied;
  return status_of(remove_key(p, r, *k.key));
}

// NtRenameKey(h, new name): the key takes the name, which no sibling may have.
uint32_t NtRenameKey(WindowsProcess& p, Ptr h, Ptr name) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_WRITE & ~READ_CONTROL, k)) return s;
  if (!name) return nt::kInvalidParameter;
  const std::u16string n = ntdll_text::unicode_of(p, name.addr);
  if (n.empty() || n.find(u'\\') != std::u16string::npos || n.size() > kMaxKeyName) return kObjectNameInvalid;
  Key* parent = k.key->parent;
  if (!parent || k.key->predefined) return kAccessDenied;
  if (parent->child(n)) return kObjectNameCollision;
  KeyPtr keep = parent->child_ptr(k.key->name);
  parent->subkeys.erase(upcase(k.key->name));
  keep->name = n;
  parent->subkeys[upcase(n)] = keep;
  parent->written = filetime_now();
  notify(p, r, *parent, REG_NOTIFY_CHANGE_NAME);
  return nt::kSuccess;
}

// ---- what a key tells ----

// A structure being answered: its fixed part (`fixed` bytes) must fit, what follows it may be cut
// (STATUS_BUFFER_OVERFLOW); the whole size goes to *returned.
uint32_t answer(Ptr out, uint32_t len, Ptr returned, const std::vector<uint8_t>& bytes, uint32_t fixed) {
  put<uint32_t>(returned.addr, static_cast<uint32_t>(bytes.size()));
  if (len < fixed) return nt::kBufferTooSmall;
  std::memcpy(out.as<void>(), bytes.data(), std::min<size_t>(len, bytes.size()));
  return len < bytes.size() ? nt::kBufferOverflow : nt::kSuccess;
}

void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); }
void put64(std::vector<uint8_t>& b, size_t at, uint64_t v) { std::memcpy(b.data() + at, &v, 8); }
void append(std::vector<uint8_t>& b, const std::u16string& s) {
  const auto* c = reinterpret_cast<const uint8_t*>(s.data());
  b.insert(b.end(), c, c + s.size() * 2);
}

// The key's full NT name (\REGISTRY\MACHINE\SOFTWARE\…).
std::u16string full_name(Registry& r, const Key& k) {
  std::u16string path;
  const Key* at = &k;
  for (; at && at != r.machine.get() && at != r.users.get(); at = at->parent) path = u"\\" + at->name + path;
  if (at == r.machine.get()) return u"\\REGISTRY\\MACHINE" + path;
  if (at == r.users.get()) return u"\\REGISTRY\\USER" + path;
  return path;
}

// KEY_INFORMATION_CLASS: KeyBasicInformation 0, KeyNodeInformation 1, KeyFullInformation 2,
// KeyNameInformation 3, KeyCachedInformation 4.
uint32_t key_information(Registry& r, const Key& k, const std::u16string& name, uint32_t cls, Ptr out, uint32_t len,
                         Ptr returned) {
  std::vector<uint8_t> b;
  switch (cls) {
    case 0:
      b.resize(16);
      put64(b, 0, k.written);
      put32(b, 12, static_cast<uint32_t>(name.size() * 2));
      append(b, name);
      return answer(out, len, returned, b, 16);
    case 1:
      b.resize(24);
      put64(b, 0, k.written);
      put32(b, 12, k.class_name.empty() ? 0xffffffffu : static_cast<uint32_t>(24 + name.size() * 2));
      put32(b, 16, static_cast<uint32_t>(k.class_name.size() * 2));
      put32(b, 20, static_cast<uint32_t>(name.size() * 2));
      append(b, name);
      append(b, k.class_name);
      return answer(out, len, returned, b, 24);
    case 2:
    case 4: {
      uint32_t max_name = 0, max_class = 0, max_value_name = 0, max_data = 0;
      for (const auto& [n, c] : k.subkeys) {
        max_name = std::max<uint32_t>(max_name, static_cast<uint32_t>(c->name.size() * 2));
        max_class = std::max<uint32_t>(max_class, static_cast<uint32_t>(c->class_name.size() * 2));
      }
      for (const Value& v : k.values) {
        max_value_name = std::max<uint32_t>(max_value_name, static_cast<uint32_t>(v.name.size() * 2));
        max_data = std::max<uint32_t>(max_data, static_cast<uint32_t>(v.data.size()));
      }
      if (cls == 4) {  // KEY_CACHED_INFORMATION: the fixed part alone
        b.resize(40);
        put64(b, 0, k.written);
        put32(b, 12, static_cast<uint32_t>(k.subkeys.size()));
        put32(b, 16, max_name);
        put32(b, 20, static_cast<uint32_t>(k.values.size()));
        put32(b, 24, max_value_name);
        put32(b, 28, max_data);
        put32(b, 32, static_cast<uint32_t>(name.size() * 2));
        b.resize(36);
        return answer(out, len, returned, b, 36);
      }
      b.resize(44);
      put64(b, 0, k.written);
      put32(b, 12, k.class_name.empty() ? 0xffffffffu : 44u);
      put32(b, 16, static_cast<uint32_t>(k.class_name.size() * 2));
      put32(b, 20, static_cast<uint32_t>(k.subkeys.size()));
      put32(b, 24, max_name);
      put32(b, 28, max_class);
      put32(b, 32, static_cast<uint32_t>(k.values.size()));
      put32(b, 36, max_value_name);
      put32(b, 40, max_data);
      append(b, k.class_name);
      return answer(out, len, returned, b, 44);
    }
    case 3: {
      const std::u16string full = full_name(r, k);
      b.resize(4);
      put32(b, 0, static_cast<uint32_t>(full.size() * 2));
      append(b, full);
      return answer(out, len, returned, b, 4);
    }
    default:
      return nt::kInvalidParameter;
  }
}

uint32_t NtQueryKey(WindowsProcess& p, Ptr h, uint32_t cls, Ptr out, uint32_t len, Ptr returned) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, cls == 3 ? 0 : KEY_QUERY_VALUE, k)) return s;
  return key_information(r, *k.key, k.key->name, cls, out, len, returned);
}

// NtEnumerateKey(h, index, class, …): the index-th subkey, in Windows' order (by upper-case name).
uint32_t NtEnumerateKey(WindowsProcess& p, Ptr h, uint32_t index, uint32_t cls, Ptr out, uint32_t len, Ptr returned) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_ENUMERATE_SUB_KEYS, k)) return s;
  if (cls > 2) return nt::kInvalidParameter;
  if (index >= k.key->subkeys.size()) return kNoMoreEntries;
  auto it = k.key->subkeys.begin();
  std::advance(it, index);
  return key_information(r, *it->second, it->second->name, cls, out, len, returned);
}

// NtSetInformationKey(h, KeyWriteTimeInformation 0, LARGE_INTEGER, 8): the key's last write time.
uint32_t NtSetInformationKey(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, uint32_t len) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_SET_VALUE, k)) return s;
  if (cls != 0) return nt::kInvalidInfoClass;
  if (len != 8) return nt::kInfoLengthMismatch;
  k.key->written = get<uint64_t>(info.addr);
  return nt::kSuccess;
}

// The tree is in memory only: there is nothing to write out.
uint32_t NtFlushKey(WindowsProcess& p, Ptr h) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  return key_of(p, r, h.addr, 0, k);
}

// ---- values ----

// KEY_VALUE_INFORMATION_CLASS: KeyValueBasicInformation 0, KeyValueFullInformation 1,
// KeyValuePartialInformation 2, KeyValueFullInformationAlign64 3, KeyValuePartialInformationAlign64 4.
uint32_t value_information(const Value& v, uint32_t cls, Ptr out, uint32_t len, Ptr returned) {
  std::vector<uint8_t> b;
  const uint32_t name_bytes = static_cast<uint32_t>(v.name.size() * 2), size = static_cast<uint32_t>(v.data.size());
  switch (cls) {
    case 0:
      b.resize(12);
      put32(b, 4, v.type);
      put32(b, 8, name_bytes);
      append(b, v.name);
      return answer(out, len, returned, b, 12);
    case 1:
    case 3: {
      b.resize(20);
      put32(b, 4, v.type);
      put32(b, 16, name_bytes);
      append(b, v.name);
      if (cls == 3)
        while ((b.size() + (out.addr & 7)) % 8) b.push_back(0);
      put32(b, 8, static_cast<uint32_t>(b.size()));
      put32(b, 12, size);
      b.insert(b.end(), v.data.begin(), v.data.end());
      return answer(out, len, returned, b, 20);
    }
    case 2:
      b.resize(12);
      put32(b, 4, v.type);
      put32(b, 8, size);
      b.insert(b.end(), v.data.begin(), v.data.end());
      return answer(out, len, returned, b, 12);
    case 4:
      b.resize(8);
      put32(b, 0, v.type);
      put32(b, 4, size);
      b.insert(b.end(), v.data.begin(), v.data.end());
      return answer(out, len, returned, b, 8);
    default:
      return nt::kInvalidParameter;
  }
}

uint32_t NtQueryValueKey(WindowsProcess& p, Ptr h, Ptr name, uint32_t cls, Ptr out, uint32_t len, Ptr returned) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_QUERY_VALUE, k)) return s;
  const Value* v = k.key->value(name ? ntdll_text::unicode_of(p, name.addr) : std::u16string());
  if (!v) return kObjectNameNotFound;
  return value_information(*v, cls, out, len, returned);
}

// NtEnumerateValueKey: the index-th value, in the order the values were first set.
uint32_t NtEnumerateValueKey(WindowsProcess& p, Ptr h, uint32_t index, uint32_t cls, Ptr out, uint32_t len,
                             Ptr returned) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_QUERY_VALUE, k)) return s;
  if (index >= k.key->values.size()) return kNoMoreEntries;
  return value_information(k.key->values[index], cls, out, len, returned);
}

// NtSetValueKey(h, name, title index, type, data, size).
uint32_t NtSetValueKey(WindowsProcess& p, Ptr h, Ptr name, uint32_t, uint32_t type, Ptr data, uint32_t size) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_SET_VALUE, k)) return s;
  const std::u16string n = name ? ntdll_text::unicode_of(p, name.addr) : std::u16string();
  if (n.size() > kMaxValueName) return nt::kInvalidParameter;
  std::vector<uint8_t> bytes(size);
  if (size) std::memcpy(bytes.data(), data.as<const void>(), size);
  k.key->set(n, type, std::move(bytes));
  notify(p, r, *k.key, REG_NOTIFY_CHANGE_LAST_SET);
  return nt::kSuccess;
}

uint32_t NtDeleteValueKey(WindowsProcess& p, Ptr h, Ptr name) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_SET_VALUE, k)) return s;
  const std::u16string u = upcase(name ? ntdll_text::unicode_of(p, name.addr) : std::u16string());
  auto& vs = k.key->values;
  auto it = std::find_if(vs.begin(), vs.end(), [&](const Value& v) { return upcase(v.name) == u; });
  if (it == vs.end()) return kObjectNameNotFound;
  vs.erase(it);
  k.key->written = filetime_now();
  notify(p, r, *k.key, REG_NOTIFY_CHANGE_LAST_SET);
  return nt::kSuccess;
}

// NtQueryMultipleValueKey(h, KEY_VALUE_ENTRY[count], count, buffer, *length, *required): each
// entry (ValueName, DataLength, DataOffset, Type) gets its value's data, one after another in the
// buffer (at a pointer's alignment); STATUS_BUFFER_OVERFLOW when they do not all fit.
uint32_t NtQueryMultipleValueKey(WindowsProcess& p, Ptr h, Ptr entries, uint32_t count, Ptr buffer, Ptr length,
                                 Ptr required) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_QUERY_VALUE, k)) return s;
  const unsigned w = p.isa->ptr;
  const uint64_t entry = w + 12 + (w == 8 ? 4 : 0);
  const uint32_t room = get<uint32_t>(length.addr);
  uint32_t at = 0;
  bool fits = true;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t e = entries.addr + i * entry;
    const uint64_t name = p.get_ptr(e);
    const Value* v = k.key->value(name ? ntdll_text::unicode_of(p, name) : std::u16string());
    if (!v) return kObjectNameNotFound;
    at = (at + w - 1) / w * w;
    const uint32_t size = static_cast<uint32_t>(v->data.size());
    put<uint32_t>(e + w, size);
    put<uint32_t>(e + w + 4, at);
    put<uint32_t>(e + w + 8, v->type);
    if (fits && at + size <= room) std::memcpy(reinterpret_cast<void*>(buffer.addr + at), v->data.data(), size);
    else fits = false;
    at += size;
  }
  if (required) put<uint32_t>(required.addr, at);
  if (!fits) return nt::kBufferOverflow;
  put<uint32_t>(length.addr, at);
  return nt::kSuccess;
}

// ---- watches ----

// NtNotifyChangeMultipleKeys(h, count 0, …, event, apc, context, iosb, filter, subtree, buffer,
// length, asynchronous): a watch on the key (see kernel32/registry.cpp's head: the changes this
// process makes). Asynchronously, STATUS_PENDING, and the event set when it fires (the I/O status
// block then STATUS_NOTIFY_ENUM_DIR); else the call returns then, with that status.
uint32_t notify_change(WindowsProcess& p, uint64_t h, uint64_t event, uint64_t apc, uint64_t iosb, uint32_t filter,
                       uint8_t subtree, uint8_t asynchronous) {
  if (!filter || (filter & ~kNotifyFilters)) return nt::kInvalidParameter;
  if (apc) return nt::kNotSupported;  // (completion routines of registry watches are not provided)
  Registry& r = registry::registry();
  std::unique_lock g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h, KEY_NOTIFY, k)) return s;
  Watch w{k.key, subtree != 0, filter, h, nullptr, nullptr};
  auto fired = std::make_shared<bool>(false);
  w.fired = fired;
  if (asynchronous) {
    if (event) {
      auto it = p.waitables.find(event);
      if (it == p.waitables.end() || it->second->kind != Waitable::Kind::Event) return nt::kInvalidHandle;
      w.event = it->second;
    }
    if (iosb) put<uint32_t>(iosb, nt::kPending);
    r.watches.push_back(std::move(w));
    return nt::kPending;
  }
  r.watches.push_back(std::move(w));
  g.unlock();
  wait_until(p, kInfinite, [&] { return *fired || p.stopping(); }, "for a change of a registry key no thread can make");
  if (!*fired) {
    std::lock_guard again(r.mutex);
    std::erase_if(r.watches, [&](const Watch& x) { return x.fired == fired; });
  }
  if (iosb) {
    put<uint32_t>(iosb, kNotifyEnumDir);
    p.put_ptr(iosb + p.isa->ptr, 0);
  }
  return kNotifyEnumDir;
}
uint32_t NtNotifyChangeKey(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr, Ptr iosb, uint32_t filter,
                           uint8_t subtree, Ptr, uint32_t, uint8_t asynchronous) {
  return notify_change(p, h.addr, event.addr, apc.addr, iosb.addr, filter, subtree, asynchronous);
}
uint32_t NtNotifyChangeMultipleKeys(WindowsProcess& p, Ptr h, uint32_t count, Ptr, Ptr event, Ptr apc, Ptr, Ptr iosb,
                                    uint32_t filter, uint8_t subtree, Ptr, uint32_t, uint8_t asynchronous) {
  if (count) return nt::kNotSupported;  // (watches of several keys at once are not provided)
  return notify_change(p, h.addr, event.addr, apc.addr, iosb.addr, filter, subtree, asynchronous);
}

// ---- the Rtlp forms, the native calls with the old argument lists ----

uint32_t RtlpNtOpenKey(WindowsProcess& p, Ptr out, uint32_t access, Ptr oa) {
  if (oa) put<uint32_t>(oa.addr + 3 * p.isa->ptr, 0);  // (the attributes are cleared, as Windows does)
  return open(p, out, access, oa);
}
uint32_t RtlpNtCreateKey(WindowsProcess& p, Ptr out, uint32_t access, Ptr oa, uint32_t, Ptr, Ptr disposition) {
  if (oa) put<uint32_t>(oa.addr + 3 * p.isa->ptr, 0);
  return NtCreateKey(p, out, access, oa, 0, Ptr(0), 0, disposition);
}
// RtlpNtQueryValueKey(h, *type, data, *length, unused): the unnamed value's type, data and size.
uint32_t RtlpNtQueryValueKey(WindowsProcess& p, Ptr h, Ptr type, Ptr data, Ptr length, uint32_t) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_QUERY_VALUE, k)) return s;
  const Value* v = k.key->value(u"");
  if (!v) return kObjectNameNotFound;
  const uint32_t size = static_cast<uint32_t>(v->data.size());
  put<uint32_t>(type.addr, v->type);
  if (length) {
    if (data && get<uint32_t>(length.addr) < size) return put<uint32_t>(length.addr, size), nt::kBufferOverflow;
    put<uint32_t>(length.addr, size);
  }
  if (data && size) std::memcpy(data.as<void>(), v->data.data(), size);
  return nt::kSuccess;
}
uint32_t RtlpNtSetValueKey(WindowsProcess& p, Ptr h, uint32_t type, Ptr data, uint32_t size) {
  return NtSetValueKey(p, h, Ptr(0), 0, type, data, size);
}
// RtlpNtEnumerateSubKey(h, UNICODE_STRING* name, index, unused): the index-th subkey's name.
uint32_t RtlpNtEnumerateSubKey(WindowsProcess& p, Ptr h, Ptr name, uint32_t index) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const uint32_t s = key_of(p, r, h.addr, KEY_ENUMERATE_SUB_KEYS, k)) return s;
  if (index >= k.key->subkeys.size()) return kNoMoreEntries;
  auto it = k.key->subkeys.begin();
  std::advance(it, index);
  const std::u16string& n = it->second->name;
  ntdll_text::Counted c = ntdll_text::read_counted(p, name.addr);
  if (n.size() * 2 > c.max) return nt::kBufferOverflow;
  std::memcpy(reinterpret_cast<void*>(c.buffer), n.data(), n.size() * 2);
  ntdll_text::set_length(name.addr, static_cast<uint16_t>(n.size() * 2));
  return nt::kSuccess;
}
// RtlpNtMakeTemporaryKey: every key here lasts only as long as the process.
uint32_t RtlpNtMakeTemporaryKey(WindowsProcess& p, Ptr h) { return NtFlushKey(p, h); }


// ---- the Rtl registry functions: a path relative to one of the system's keys ----

// RTL_REGISTRY_ABSOLUTE 0, _SERVICES 1, _CONTROL 2, _WINDOWS_NT 3, _DEVICEMAP 4, _USER 5; with
// RTL_REGISTRY_HANDLE (0x40000000) the path is an open key's handle.
constexpr uint32_t kRtlRegistryHandle = 0x40000000, kRtlRegistryOptional = 0x80000000;

std::u16string current_user_path() { return u"\\Registry\\User\\" + utf8_to_utf16(account_sid()); }

// The key [relative_to, path] names, made where missing when `create`; its handle (which the
// caller closes when `opened`).
uint32_t rtl_key(WindowsProcess& p, uint32_t relative_to, uint64_t path, bool create, uint64_t* h, bool* opened) {
  *opened = false;
  if (relative_to & kRtlRegistryHandle) {
    *h = path;
    return nt::kSuccess;
  }
  static const char16_t* const kBases[] = {
      u"", u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\",
      u"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\",
      u"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion\\",
      u"\\Registry\\Machine\\Hardware\\DeviceMap\\"};
  const uint32_t base = relative_to & ~kRtlRegistryOptional;
  if (base > 5) return nt::kInvalidParameter;
  std::u16string full = base == 5 ? current_user_path() + u"\\" : std::u16string(kBases[base]);
  full += path ? std::u16string(reinterpret_cast<const char16_t*>(path)) : std::u16string();
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey any;
  resolve(p, r, kLocalMachine, 0, any);  // (seeds the tree)
  const std::u16string u = upcase(full);
  KeyPtr from;
  std::u16string rest;
  for (const auto& [prefix, key] : {std::pair{std::u16string(u"\\REGISTRY\\MACHINE"), r.machine},
                                    std::pair{std::u16string(u"\\REGISTRY\\USER"), r.users}})
    if (u.rfind(prefix, 0) == 0 && (u.size() == prefix.size() || u[prefix.size()] == u'\\')) {
      from = key;
      rest = full.substr(std::min(full.size(), prefix.size() + 1));
    }
  if (!from) return kObjectNameNotFound;
  std::vector<std::u16string> parts;
  if (const int32_t e = split_path(rest, parts)) return status_of(e);
  for (const auto& n : parts) {
    KeyPtr c = from->child_ptr(n);
    if (!c) {
      if (!create) return kObjectNameNotFound;
      from->add(n);
      notify(p, r, *from, REG_NOTIFY_CHANGE_NAME);
      c = from->child_ptr(n);
    }
    from = std::move(c);
  }
  *h = new_handle(p, r, from, KEY_ALL_ACCESS);
  *opened = true;
  return nt::kSuccess;
}

void close_if(WindowsProcess& p, uint64_t h, bool opened) {
  if (opened) ntdll_registry::close_key(p, h);
}

// An empty path: none to an absolute key (STATUS_OBJECT_PATH_SYNTAX_BAD), the base itself for the
// others.
bool empty_path(Ptr path) { return !path || get<uint16_t>(path.addr) == 0; }

uint32_t RtlCheckRegistryKey(WindowsProcess& p, uint32_t relative_to, Ptr path) {
  if (relative_to & kRtlRegistryHandle) return nt::kSuccess;
  if (empty_path(path)) return relative_to == 0 ? kObjectPathSyntaxBad : relative_to <= 5 ? nt::kSuccess : nt::kInvalidParameter;
  uint64_t h;
  bool opened;
  const uint32_t s = rtl_key(p, relative_to, path.addr, false, &h, &opened);
  close_if(p, h, opened);
  return s;
}
uint32_t RtlCreateRegistryKey(WindowsProcess& p, uint32_t relative_to, Ptr path) {
  if (relative_to & kRtlRegistryHandle) return nt::kInvalidParameter;
  if (empty_path(path)) return relative_to == 0 ? kObjectPathSyntaxBad : relative_to <= 5 ? nt::kSuccess : nt::kInvalidParameter;
  uint64_t h;
  bool opened;
  const uint32_t s = rtl_key(p, relative_to, path.addr, true, &h, &opened);
  close_if(p, h, opened);
  return s;
}

// RtlWriteRegistryValue(relative_to, path, name, type, data, length): the key is made if missing.
uint32_t RtlWriteRegistryValue(WindowsProcess& p, uint32_t relative_to, Ptr path, WStr name, uint32_t type, Ptr data,
                               uint32_t length) {
  uint64_t h;
  bool opened;
  if (const uint32_t s = rtl_key(p, relative_to, path.addr, true, &h, &opened)) return s;
  const std::u16string n = name.addr ? name.str() : std::u16string();
  uint32_t s;
  {
    Registry& r = registry::registry();
    std::lock_guard g(r.mutex);
    OpenKey k;
    s = key_of(p, r, h, KEY_SET_VALUE, k);
    if (!s) {
      std::vector<uint8_t> bytes(length);
      if (length) std::memcpy(bytes.data(), data.as<const void>(), length);
      k.key->set(n, type, std::move(bytes));
      notify(p, r, *k.key, REG_NOTIFY_CHANGE_LAST_SET);
    }
  }
  close_if(p, h, opened);
  return s;
}

uint32_t RtlDeleteRegistryValue(WindowsProcess& p, uint32_t relative_to, Ptr path, WStr name) {
  uint64_t h;
  bool opened;
  if (const uint32_t s = rtl_key(p, relative_to, path.addr, false, &h, &opened)) return s;
  const std::u16string u = upcase(name.addr ? name.str() : std::u16string());
  uint32_t s;
  {
    Registry& r = registry::registry();
    std::lock_guard g(r.mutex);
    OpenKey k;
    s = key_of(p, r, h, KEY_SET_VALUE, k);
    if (!s) {
      auto& vs = k.key->values;
      auto it = std::find_if(vs.begin(), vs.end(), [&](const Value& v) { return upcase(v.name) == u; });
      if (it == vs.end()) {
        s = kObjectNameNotFound;
      } else {
        vs.erase(it);
        k.key->written = filetime_now();
        notify(p, r, *k.key, REG_NOTIFY_CHANGE_LAST_SET);
      }
    }
  }
  close_if(p, h, opened);
  return s;
}

// RtlFormatCurrentUserKeyPath(UNICODE_STRING*): \Registry\User\<the user's SID>, in a block of the
// process heap (RtlFreeUnicodeString frees it).
uint32_t RtlFormatCurrentUserKeyPath(WindowsProcess& p, Ptr out) {
  const std::u16string path = current_user_path();
  const uint64_t bytes = path.size() * 2;
  const uint64_t block = ntdll_text::heap_alloc(p, bytes + 2);
  if (!block) return nt::kNoMemory;
  std::memcpy(reinterpret_cast<void*>(block), path.c_str(), bytes + 2);
  ntdll_text::write_counted(p, out.addr, {static_cast<uint16_t>(bytes), static_cast<uint16_t>(bytes + 2), block});
  return nt::kSuccess;
}

// RtlOpenCurrentUser(access, *handle): the user's key (HKEY_CURRENT_USER's).
uint32_t RtlOpenCurrentUser(WindowsProcess& p, uint32_t access, Ptr out) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (const int32_t e = resolve(p, r, kCurrentUser, 0, k)) return status_of(e);
  p.put_ptr(out.addr, new_handle(p, r, k.key, granted(access)));
  return nt::kSuccess;
}

}  // namespace ntdll_nt_registry_impl

namespace ntdll_registry {

using namespace registry;

uint32_t close_key(WindowsProcess& p, uint64_t h) {
  if (predefined_of(h)) return nt::kInvalidHandle;
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  if (!r.handles.erase(h)) return nt::kInvalidHandle;
  end_watches(p, r, [&](const Watch& w) { return w.handle == h; });
  return nt::kSuccess;
}

bool is_key(uint64_t h) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  return !predefined_of(h) && r.handles.count(h);
}

}  // namespace ntdll_registry

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_registry_exports() {
  using namespace ntdll_nt_registry_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtOpenKey", NtOpenKey),
      EXPORT("NtOpenKeyEx", NtOpenKeyEx),
      EXPORT("NtCreateKey", NtCreateKey),
      EXPORT("NtDeleteKey", NtDeleteKey),
      EXPORT("NtRenameKey", NtRenameKey),
      EXPORT("NtQueryKey", NtQueryKey),
      EXPORT("NtEnumerateKey", NtEnumerateKey),
      EXPORT("NtSetInformationKey", NtSetInformationKey),
      EXPORT("NtFlushKey", NtFlushKey),
      EXPORT("NtQueryValueKey", NtQueryValueKey),
      EXPORT("NtEnumerateValueKey", NtEnumerateValueKey),
      EXPORT("NtSetValueKey", NtSetValueKey),
      EXPORT("NtDeleteValueKey", NtDeleteValueKey),
      EXPORT("NtQueryMultipleValueKey", NtQueryMultipleValueKey),
      EXPORT("NtNotifyChangeKey", NtNotifyChangeKey),
      EXPORT("NtNotifyChangeMultipleKeys", NtNotifyChangeMultipleKeys),
      EXPORT("RtlpNtOpenKey", RtlpNtOpenKey),
      EXPORT("RtlpNtCreateKey", RtlpNtCreateKey),
      EXPORT("RtlpNtQueryValueKey", RtlpNtQueryValueKey),
      EXPORT("RtlpNtSetValueKey", RtlpNtSetValueKey),
      EXPORT("RtlpNtEnumerateSubKey", RtlpNtEnumerateSubKey),
      EXPORT("RtlpNtMakeTemporaryKey", RtlpNtMakeTemporaryKey),
      EXPORT("RtlCheckRegistryKey", RtlCheckRegistryKey),
      EXPORT("RtlCreateRegistryKey", RtlCreateRegistryKey),
      EXPORT("RtlWriteRegistryValue", RtlWriteRegistryValue),
      EXPORT("RtlDeleteRegistryValue", RtlDeleteRegistryValue),
      EXPORT("RtlFormatCurrentUserKeyPath", RtlFormatCurrentUserKeyPath),
      EXPORT("RtlOpenCurrentUser", RtlOpenCurrentUser),
  };
  return exports;
}

}  // namespace polyrun::shims
