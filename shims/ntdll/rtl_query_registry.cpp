// NTDLL's RtlQueryRegistryValues (and RtlQueryRegistryValuesEx, the same function): a table of
// RTL_QUERY_REGISTRY_TABLE entries (QueryRoutine, Flags, Name, EntryContext, DefaultType,
// DefaultData, DefaultLength), ended by one with no routine that is neither SUBKEY nor DIRECT, read
// against a key (RTL_REGISTRY_ABSOLUTE … RTL_REGISTRY_USER and a path, or RTL_REGISTRY_HANDLE and a
// key's handle) of the registry's tree (ntdll/registry_tree.h), as Microsoft's page of the function
// describes it:
//   - an entry names a value, or with no name asks for every value of the key;
//   - SUBKEY: the entries from this one on read the subkey Name of the key (TOPKEY: the key again);
//     with a routine, this entry also asks for every value of the subkey;
//   - NOVALUE: the routine is called once, with REG_NONE and no data;
//   - REQUIRED: a value that is missing ends the query with STATUS_OBJECT_NAME_NOT_FOUND; without
//     it, a missing value is its default (DefaultType, DefaultData, DefaultLength: 0 for a string
//     counts its characters), none when DefaultType is REG_NONE;
//   - NOEXPAND: REG_EXPAND_SZ and REG_MULTI_SZ values as they are stored; without it, the
//     environment's variables (the Environment argument's block, or the process's) are put in the
//     first, and each string of the second is passed by itself, both as REG_SZ;
//   - DIRECT: no routine, the value is stored where EntryContext points: a string into a
//     UNICODE_STRING (a new block of the process heap when its Buffer is null, else its buffer,
//     STATUS_BUFFER_TOO_SMALL when that is short), data of a ULONG's size or less in the ULONG, larger
//     data after a LONG giving the buffer's size (negative: the data alone; positive: the data's
//     size and type first); TYPECHECK with the expected type in DefaultType's top byte refuses
//     another (STATUS_OBJECT_TYPE_MISMATCH); a REG_MULTI_SZ needs NOEXPAND;
//   - DELETE: the value is deleted once it is reported.
// A routine's status other than success (STATUS_BUFFER_TOO_SMALL aside) ends the query with it.
// The routines are the caller's code, called with the registry unlocked.
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/registry_tree.h"

namespace polyrun::shims {

namespace ntdll_query_registry_impl {

using namespace registry;

constexpr uint32_t kSubkey = 0x1, kTopkey = 0x2, kRequired = 0x4, kNoValue = 0x8, kNoExpand = 0x10, kDirect = 0x20,
                   kDelete = 0x40, kTypecheck = 0x100;
constexpr uint32_t kRegistryHandle = 0x40000000, kRegistryOptional = 0x80000000;
constexpr uint32_t kObjectNameNotFound = 0xc0000034, kObjectTypeMismatch = 0xc0000024;

// RTL_QUERY_REGISTRY_TABLE's entry for pointers of `ps` bytes.
struct Entry {
  uint64_t routine = 0, name = 0, context = 0, default_data = 0;
  uint32_t flags = 0, default_type = 0, default_length = 0;
};
Entry read_entry(WindowsProcess& p, uint64_t at) {
  const unsigned ps = p.isa->ptr;
  Entry e;
  e.routine = p.get_ptr(at);
  e.flags = get<uint32_t>(at + ps);
  e.name = p.get_ptr(at + 2 * ps);
  e.context = p.get_ptr(at + 3 * ps);
  e.default_type = get<uint32_t>(at + 4 * ps);
  e.default_data = p.get_ptr(at + 5 * ps);
  e.default_length = get<uint32_t>(at + 6 * ps);
  return e;
}

std::u16string wide(uint64_t a) {
  return a ? std::u16string(static_cast<const char16_t*>(guest_pointer(a)), ntdll_text::wide_length(a))
           : std::u16string();
}

// The key a RelativeTo and path name (null: none).
KeyPtr base_key(WindowsProcess& p, Registry& r, uint32_t relative_to, uint64_t path) {
  OpenKey any;
  if (relative_to & kRegistryHandle) return resolve(p, r, path, 0, any) ? nullptr : any.key;
  resolve(p, r, kLocalMachine, 0, any);  // (seeds the tree)
  static const char16_t* const kBases[] = {u"", u"System\\CurrentControlSet\\Services\\",
                                           u"System\\CurrentControlSet\\Control\\",
                                           u"Software\\Microsoft\\Windows NT\\CurrentVersion\\",
                                           u"Hardware\\DeviceMap\\"};
  const uint32_t base = relative_to & ~kRegistryOptional;
  std::u16string rest = wide(path);
  KeyPtr from = r.machine;
  if (base == 0) {
    const std::u16string u = upcase(rest);
    from = nullptr;
    for (const auto& [prefix, key] : {std::pair{std::u16string(u"\\REGISTRY\\MACHINE"), r.machine},
                                      std::pair{std::u16string(u"\\REGISTRY\\USER"), r.users}})
      if (u.rfind(prefix, 0) == 0 && (u.size() == prefix.size() || u[prefix.size()] == u'\\')) {
        from = key;
        rest = rest.substr(std::min(rest.size(), prefix.size() + 1));
      }
    if (!from) return nullptr;
  } else if (base == 5) {
    from = r.users;
    rest = utf8_to_utf16(account_sid()) + u"\\" + rest;
  } else {
    rest = kBases[base] + rest;
  }
  KeyPtr out;
  if (rest.empty()) return from;
  return walk(from, rest, out) ? nullptr : out;
}

// A value as the query reports it.
struct Item {
  std::u16string name;
  uint32_t type = REG_NONE;
  std::vector<uint8_t> data;
};

std::u16string text_of(const std::vector<uint8_t>& d) {
  std::u16string s(reinterpret_cast<const char16_t*>(d.data()), d.size() / 2);
  const size_t nul = s.find(u'\0');
  return nul == std::u16string::npos ? s : s.substr(0, nul);
}

// %NAME% of a set variable replaced by its value (the block's, or the process's without one).
std::u16string expand(WindowsProcess& p, uint64_t environment, const std::u16string& s) {
  auto lookup = [&](const std::u16string& name) -> std::optional<std::u16string> {
    if (!environment) {
      const auto v = p.find_env(utf16_to_utf8(name));
      if (!v) return std::nullopt;
      return utf8_to_utf16(*v);
    }
    for (uint64_t at = environment;;) {
      const std::u16string var = wide(at);
      if (var.empty()) return std::nullopt;
      const size_t eq = var.find(u'=', 1);
      if (eq == name.size() && upcase(var.substr(0, eq)) == upcase(name)) return var.substr(eq + 1);
      at += (var.size() + 1) * 2;
    }
  };
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    const size_t end = s[i] == u'%' ? s.find(u'%', i + 1) : std::u16string::npos;
    if (end != std::u16string::npos && end > i + 1) {
      if (const auto v = lookup(s.substr(i + 1, end - i - 1))) {
        out += *v;
        i = end + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::vector<uint8_t> bytes_with_nul(const std::u16string& s) {
  std::vector<uint8_t> b((s.size() + 1) * 2, 0);
  std::memcpy(b.data(), s.data(), s.size() * 2);
  return b;
}

// The default of an entry whose value is missing (none for REG_NONE).
std::optional<Item> default_of(const Entry& e) {
  if (e.default_type == REG_NONE || (e.flags & kTypecheck && (e.default_type & 0xffffff) == REG_NONE)) return std::nullopt;
  Item it;
  it.type = e.default_type & ((e.flags & kTypecheck) ? 0xffffff : 0xffffffff);
  uint32_t length = e.default_length;
  if (!length && e.default_data) {
    if (it.type == REG_SZ || it.type == REG_EXPAND_SZ) {
      length = static_cast<uint32_t>((ntdll_text::wide_length(e.default_data) + 1) * 2);
    } else if (it.type == REG_MULTI_SZ) {
      uint64_t at = e.default_data;
      while (ntdll_text::wide_length(at)) at += (ntdll_text::wide_length(at) + 1) * 2;
      length = static_cast<uint32_t>(at - e.default_data + 2);
    }
  }
  it.data.resize(length);
  if (length && e.default_data) std::memcpy(it.data.data(), guest_pointer(e.default_data), length);
  return it;
}

struct Query {
  WindowsProcess& p;
  uint64_t context, environment;

  // Calls the routine with one value; its status.
  uint32_t call(const Entry& e, const std::u16string* name, uint32_t type, const std::vector<uint8_t>& data) {
    const uint64_t name_at = name ? ntdll_text::heap_alloc(p, (name->size() + 1) * 2) : 0;
    const uint64_t data_at = data.empty() ? 0 : ntdll_text::heap_alloc(p, data.size());
    if ((name && !name_at) || (!data.empty() && !data_at)) return nt::kNoMemory;
    if (name_at) std::memcpy(guest_pointer(name_at), name->c_str(), (name->size() + 1) * 2);
    if (data_at) std::memcpy(guest_pointer(data_at), data.data(), data.size());
    const uint32_t status = static_cast<uint32_t>(
        p.call_guest(e.routine, {name_at, type, data_at, data.size(), context, e.context}));
    if (name_at) ntdll_text::heap_free(p, name_at);
    if (data_at) ntdll_text::heap_free(p, data_at);
    return status;
  }

  // A value to the routine: expanded or split unless NOEXPAND.
  uint32_t report(const Entry& e, const Item& it) {
    const std::u16string* name = &it.name;  // (an entry without a name: each value's own)
    uint32_t status = nt::kSuccess;
    if (!(e.flags & kNoExpand) && it.type == REG_EXPAND_SZ) {
      status = call(e, name, REG_SZ, bytes_with_nul(expand(p, environment, text_of(it.data))));
    } else if (!(e.flags & kNoExpand) && it.type == REG_MULTI_SZ) {
      const std::u16string all(reinterpret_cast<const char16_t*>(it.data.data()), it.data.size() / 2);
      for (size_t at = 0; at < all.size() && all[at];) {
        size_t end = all.find(u'\0', at);
        if (end == std::u16string::npos) end = all.size();
        status = call(e, name, REG_SZ, bytes_with_nul(all.substr(at, end - at)));
        if (status && status != nt::kBufferTooSmall) return status;
        at = end + 1;
      }
    } else {
      status = call(e, name, it.type, it.data);
    }
    return status == nt::kBufferTooSmall ? nt::kSuccess : status;
  }

  // A value stored where a DIRECT entry's EntryContext points.
  uint32_t store(const Entry& e, const Item& it) {
    if ((e.flags & kTypecheck) && it.type != e.default_type >> 24) return kObjectTypeMismatch;
    const unsigned ps = p.isa->ptr;
    if (is_string(it.type)) {
      if (it.type == REG_MULTI_SZ && !(e.flags & kNoExpand)) return nt::kInvalidParameter;
      std::vector<uint8_t> d = it.data;
      if (it.type == REG_EXPAND_SZ && !(e.flags & kNoExpand)) d = bytes_with_nul(expand(p, environment, text_of(d)));
      if (d.size() < 2) d.resize(2, 0);
      if (d.size() > 0xffff) return nt::kBufferTooSmall;
      const uint64_t us = e.context;
      uint64_t buffer = p.get_ptr(us + ps);
      if (!buffer) {
        buffer = ntdll_text::heap_alloc(p, d.size());
        if (!buffer) return nt::kNoMemory;
        put<uint16_t>(us + 2, static_cast<uint16_t>(d.size()));
        p.put_ptr(us + ps, buffer);
      } else if (get<uint16_t>(us + 2) < d.size()) {
        return nt::kBufferTooSmall;
      }
      std::memcpy(guest_pointer(buffer), d.data(), d.size());
      put<uint16_t>(us, static_cast<uint16_t>(d.size() - 2));
      return nt::kSuccess;
    }
    if (it.data.size() <= 4) {
      if (!it.data.empty()) std::memcpy(guest_pointer(e.context), it.data.data(), it.data.size());
      return nt::kSuccess;
    }
    const int32_t room = get<int32_t>(e.context);
    if (room < 0) {
      if (static_cast<uint32_t>(-room) < it.data.size()) return nt::kBufferTooSmall;
      std::memcpy(guest_pointer(e.context), it.data.data(), it.data.size());
    } else {
      if (static_cast<uint32_t>(room) < it.data.size() + 8) return nt::kBufferTooSmall;
      put<uint32_t>(e.context, static_cast<uint32_t>(it.data.size()));
      put<uint32_t>(e.context + 4, it.type);
      std::memcpy(guest_pointer(e.context + 8), it.data.data(), it.data.size());
    }
    return nt::kSuccess;
  }

  uint32_t deliver(const Entry& e, const Item& it) { return (e.flags & kDirect) ? store(e, it) : report(e, it); }
};

void delete_value(WindowsProcess& p, const KeyPtr& key, const std::u16string& name) {
  Registry& r = registry::registry();
  std::lock_guard g(r.mutex);
  const std::u16string u = upcase(name);
  for (auto v = key->values.begin(); v != key->values.end(); ++v)
    if (upcase(v->name) == u) {
      key->values.erase(v);
      key->written = filetime_now();
      notify(p, r, *key, REG_NOTIFY_CHANGE_LAST_SET);
      return;
    }
}

uint32_t RtlQueryRegistryValues(WindowsProcess& p, uint32_t relative_to, Ptr path, Ptr table, Ptr context,
                                Ptr environment) {
  if (!path && !(relative_to & kRegistryHandle)) return nt::kInvalidParameter;
  if ((relative_to & ~(kRegistryHandle | kRegistryOptional)) > 5) return nt::kInvalidParameter;
  KeyPtr top;
  {
    Registry& r = registry::registry();
    std::lock_guard g(r.mutex);
    top = base_key(p, r, relative_to, path.addr);
  }
  if (!top) return (relative_to & kRegistryOptional) ? nt::kSuccess : kObjectNameNotFound;
  Query q{p, context.addr, environment.addr};
  KeyPtr key = top;
  const unsigned entry_size = 7 * p.isa->ptr;
  for (uint64_t at = table.addr;; at += entry_size) {
    const Entry e = read_entry(p, at);
    if (!e.routine && !(e.flags & (kDirect | kSubkey))) break;  // the table's end
    if ((e.flags & kDirect) && (!e.name || (e.flags & kSubkey))) return nt::kInvalidParameter;
    bool all_values = !e.name;
    if (e.flags & (kSubkey | kTopkey)) key = top;
    if (e.flags & kSubkey) {
      if (!e.name) return nt::kInvalidParameter;
      KeyPtr sub;
      {
        Registry& r = registry::registry();
        std::lock_guard g(r.mutex);
        if (walk(top, wide(e.name), sub)) sub = nullptr;
      }
      if (!sub) return kObjectNameNotFound;
      key = sub;
      if (!e.routine) continue;
      all_values = true;
    }
    if (e.flags & kNoValue) {
      const std::u16string n = wide(e.name);
      const uint32_t s = q.call(e, e.name ? &n : nullptr, REG_NONE, {});
      if (s && s != nt::kBufferTooSmall) return s;
      continue;
    }
    std::vector<Item> items;
    {
      Registry& r = registry::registry();
      std::lock_guard g(r.mutex);
      if (all_values) {
        for (const Value& v : key->values) items.push_back({v.name, v.type, v.data});
      } else if (const Value* v = key->value(wide(e.name))) {
        items.push_back({v->name, v->type, v->data});
      }
    }
    if (items.empty()) {
      if (e.flags & kRequired) return kObjectNameNotFound;
      if (all_values) continue;
      std::optional<Item> d = default_of(e);
      if (!d) continue;
      d->name = wide(e.name);
      const uint32_t s = q.deliver(e, *d);
      if (s) return s;
      continue;
    }
    for (const Item& it : items) {
      const uint32_t s = q.deliver(e, it);
      if (s) return s;
      if (e.flags & kDelete) delete_value(p, key, it.name);
    }
  }
  return nt::kSuccess;
}

}  // namespace ntdll_query_registry_impl

const std::vector<Export>& ntdll_query_registry_exports() {
  using namespace ntdll_query_registry_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlQueryRegistryValues", RtlQueryRegistryValues),
      EXPORT("RtlQueryRegistryValuesEx", RtlQueryRegistryValues),
  };
  return exports;
}

}  // namespace polyrun::shims
