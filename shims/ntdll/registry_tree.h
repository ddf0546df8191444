// The registry's tree (ntdll/registry_tree.cpp), under KERNEL32's registry functions
// (kernel32/registry.cpp) and NTDLL's (ntdll/nt_registry.cpp): keys and their values, the predefined handles, open handles and the
// watches of RegNotifyChangeKeyValue. What each of them means: kernel32/registry.cpp's head.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/core/filetime.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/shim.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims::registry {

// Value types (winnt.h).
inline constexpr uint32_t REG_NONE = 0, REG_SZ = 1, REG_EXPAND_SZ = 2, REG_BINARY = 3, REG_DWORD = 4,
                          REG_MULTI_SZ = 7, REG_QWORD = 11;
// Errors the registry functions return besides core/win_errors.h's.
inline constexpr int32_t kErrorBadPathname = 161, kErrorMoreData = 234, kErrorNoMoreItems = 259,
                         kErrorNoAccess = 998, kErrorBadKey = 1010, kErrorKeyDeleted = 1018,
                         kErrorCallNotImplemented = 120, kErrorDatatypeMismatch = 1629,
                         kErrorUnsupportedType = 1630;
// Access rights.
inline constexpr uint32_t KEY_QUERY_VALUE = 0x1, KEY_SET_VALUE = 0x2, KEY_CREATE_SUB_KEY = 0x4,
                          KEY_ENUMERATE_SUB_KEYS = 0x8, KEY_NOTIFY = 0x10, KEY_CREATE_LINK = 0x20,
                          KEY_WOW64_64KEY = 0x100, KEY_WOW64_32KEY = 0x200, KEY_WOW64_MASK = 0x300,
                          DELETE = 0x10000, READ_CONTROL = 0x20000, WRITE_DAC = 0x40000,
                          WRITE_OWNER = 0x80000, MAXIMUM_ALLOWED = 0x2000000;
inline constexpr uint32_t KEY_READ = READ_CONTROL | KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY;
inline constexpr uint32_t KEY_WRITE = READ_CONTROL | KEY_SET_VALUE | KEY_CREATE_SUB_KEY;
inline constexpr uint32_t KEY_ALL_ACCESS = 0xf003f;
// RegCreateKeyEx options.
inline constexpr uint32_t REG_OPTION_CREATE_LINK = 0x2, REG_OPTION_BACKUP_RESTORE = 0x4;
inline constexpr uint32_t REG_CREATED_NEW_KEY = 1, REG_OPENED_EXISTING_KEY = 2;
// RegNotifyChangeKeyValue filters.
inline constexpr uint32_t REG_NOTIFY_CHANGE_NAME = 0x1, REG_NOTIFY_CHANGE_LAST_SET = 0x4,
                          REG_NOTIFY_THREAD_AGNOSTIC = 0x10000000, kNotifyFilters = 0xf | REG_NOTIFY_THREAD_AGNOSTIC;
// RegGetValue flags.
inline constexpr uint32_t RRF_RT_REG_NONE = 0x1, RRF_RT_REG_SZ = 0x2, RRF_RT_REG_EXPAND_SZ = 0x4,
                          RRF_RT_REG_BINARY = 0x8, RRF_RT_REG_DWORD = 0x10, RRF_RT_REG_MULTI_SZ = 0x20,
                          RRF_RT_REG_QWORD = 0x40, RRF_RT_DWORD = RRF_RT_REG_BINARY | RRF_RT_REG_DWORD,
                          RRF_RT_QWORD = RRF_RT_REG_BINARY | RRF_RT_REG_QWORD, RRF_RT_ANY = 0xffff,
                          RRF_WOW64_MASK = 0x30000, RRF_NOEXPAND = 0x10000000, RRF_ZEROONFAILURE = 0x20000000;
// Limits of names (characters).
inline constexpr size_t kMaxKeyName = 255, kMaxValueName = 16383;

inline bool is_string(uint32_t type) { return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ; }

// Upper case as the registry compares names (the host's Unicode case mapping).
std::u16string upcase(const std::u16string& s);

struct Value {
  std::u16string name;
  uint32_t type = REG_NONE;
  std::vector<uint8_t> data;
};

struct Key {
  std::u16string name, class_name;
  Key* parent = nullptr;  // null for the root and a deleted key
  std::map<std::u16string, std::shared_ptr<Key>> subkeys;  // by upper-case name
  std::vector<Value> values;
  uint64_t written = filetime_now();
  bool deleted = false;
  bool predefined = false;  // a root of a predefined handle: never deleted

  Value* value(const std::u16string& n) {
    std::u16string u = upcase(n);
    for (auto& v : values)
      if (upcase(v.name) == u) return &v;
    return nullptr;
  }
  Key* child(const std::u16string& n) {
    auto it = subkeys.find(upcase(n));
    return it == subkeys.end() ? nullptr : it->second.get();
  }
  std::shared_ptr<Key> child_ptr(const std::u16string& n) {
    auto it = subkeys.find(upcase(n));
    return it == subkeys.end() ? nullptr : it->second;
  }
  Key& add(const std::u16string& n) {
    auto k = std::make_shared<Key>();
    k->name = n;
    k->parent = this;
    Key& r = *k;
    subkeys[upcase(n)] = std::move(k);
    written = filetime_now();
    return r;
  }
  void set(const std::u16string& n, uint32_t type, std::vector<uint8_t> data) {
    if (Value* v = value(n)) {
      v->type = type;
      v->data = std::move(data);
    } else {
      values.push_back({n, type, std::move(data)});
    }
    written = filetime_now();
  }
};
using KeyPtr = std::shared_ptr<Key>;

// Marks a key and everything under it deleted: handles to them answer ERROR_KEY_DELETED.
void mark_deleted(Key& k);

// Predefined handles (winreg.h), as 32-bit values; on x64 the program passes them sign-extended.
inline constexpr uint32_t kClassesRoot = 0x80000000, kCurrentUser = 0x80000001, kLocalMachine = 0x80000002,
                          kUsers = 0x80000003, kPerformanceData = 0x80000004, kCurrentConfig = 0x80000005,
                          kDynData = 0x80000006, kCurrentUserLocalSettings = 0x80000007, kPerformanceText = 0x80000050,
                          kPerformanceNlsText = 0x80000060;

// An open handle: the key and the access it grants.
struct OpenKey {
  KeyPtr key;
  uint32_t access = 0;
};

// A RegNotifyChangeKeyValue in wait: what it watches, and what it sets when it fires (an event, or
// the flag a synchronous call waits for).
struct Watch {
  KeyPtr key;
  bool subtree = false;
  uint32_t filter = 0;
  uint64_t handle = 0;  // the handle it was made through
  std::shared_ptr<Waitable> event;
  std::shared_ptr<bool> fired;
};

struct Registry {
  GuestCallMutex mutex;
  std::vector<Watch> watches;
  bool seeded = false;
  KeyPtr machine, users;
  KeyPtr classes_root, current_user, current_config, local_settings;
  std::map<uint64_t, OpenKey> handles;
};

// The process's tree (seeded at its first use: resolve).
Registry& registry();

// A UTF-16 string's bytes with its NUL, as a REG_SZ value holds them.
std::vector<uint8_t> bytes_of(const std::u16string& s);

// What a requested access grants: the generic rights mapped to the key's, and everything asked
// for (no key here has a security descriptor that refuses anything).
uint32_t granted(uint32_t sam);
// The 32-bit value of a predefined handle, or 0 for another handle. Only the low 32 bits count
// when the rest is their sign or zero extension, as advapi32 compares them.
uint32_t predefined_of(uint64_t h);
// The key a handle names, if it grants `need` (the tree seeded first).
int32_t resolve(WindowsProcess& p, Registry& r, uint64_t h, uint32_t need, OpenKey& out);
// A new handle to `key` granting `access`.
uint64_t new_handle(WindowsProcess& p, Registry& r, KeyPtr key, uint32_t access);
// A subkey path: its names between backslashes (a run of them counts as one, a trailing one is
// ignored). A path may not begin with one, as NT refuses a relative name that does.
int32_t split_path(const std::u16string& path, std::vector<std::u16string>& parts);
// The key at a subkey path under `from` (ERROR_FILE_NOT_FOUND when one is missing).
int32_t walk(KeyPtr from, const std::u16string& path, KeyPtr& out);
// walk() in the registry view an open asks for: a 32-bit program's own view (or KEY_WOW64_32KEY's,
// `sam`) finds a key under HKLM\SOFTWARE in HKLM\SOFTWARE\WOW6432Node where a 32-bit copy of it is
// there (the seeded keys whose values differ between the views: Program Files' paths), and where
// none is, the one key both views share.
int32_t walk_view(WindowsProcess& p, Registry& r, KeyPtr from, const std::u16string& path, uint32_t sam, KeyPtr& out);

// A name argument as UTF-16 (a null one empty); a narrow one is in the ANSI code page.
std::u16string wide_arg(WStr s);
std::u16string narrow_arg(CStr s);
std::u16string narrow_arg(AStr s);

// Whether `k` is `key` or under it.
bool under(const Key& key, const Key* k);
// A change of `what` (REG_NOTIFY_CHANGE_*) to `changed`: the watches on it, or on a key above it
// with its subtree, fire and end.
void notify(WindowsProcess& p, Registry& r, const Key& changed, uint32_t what);
// Keys deleted (or a handle closed): the watches on them end, firing.
void end_watches(WindowsProcess& p, Registry& r, const std::function<bool(const Watch&)>& ends);

// A key and what is under it deleted: the watches on them end (firing).
void delete_under(WindowsProcess& p, Registry& r, Key& k);
// A key deleted from its parent (ERROR_ACCESS_DENIED for a predefined key or the root), with what is
// under it: its watches fire, and so do those on the parent.
int32_t remove_key(WindowsProcess& p, Registry& r, Key& k);

}  // namespace polyrun::shims::registry
