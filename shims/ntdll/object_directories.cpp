// NTDLL's object directories and symbolic links: NtCreateDirectoryObject, NtOpenDirectoryObject,
// NtQueryDirectoryObject, NtCreateSymbolicLinkObject, NtOpenSymbolicLinkObject and
// NtQuerySymbolicLinkObject over the object manager's namespace as polyrun has it: the root's
// directories (BaseNamedObjects, Sessions, Device, GLOBAL??, KernelObjects), the session's
// \Sessions\1\BaseNamedObjects, the named objects in them (the events, mutexes, semaphores, timers
// and sections KERNEL32 names: a plain name is the session's, a Global\ one \BaseNamedObjects'),
// the MS-DOS devices as symbolic links in \GLOBAL?? (\?? is that directory: C: links to
// \Device\HarddiskVolume1, as QueryDosDevice tells), and the directories and links the program
// makes, which last while the process does. An unprivileged user may make them only in the
// session's BaseNamedObjects, or unnamed (elsewhere: STATUS_ACCESS_DENIED).
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/handle_objects.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/handles.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_object_directories_impl {

constexpr uint32_t kObjectNameNotFound = 0xc0000034, kObjectPathSyntaxBad = 0xc000003b,
                   kObjectNameCollision = 0xc0000035, kObjectNameExists = 0x40000000,
                   kObjectTypeMismatch = 0xc0000024, kAccessDenied = 0xc0000022, kMoreEntries = 0x105,
                   kNoMoreEntries = 0x8000001a;
constexpr uint32_t kObjInherit = 2, kObjOpenIf = 0x80;
const std::u16string kSessionObjects = u"\\Sessions\\1\\BaseNamedObjects";

// An open directory or link: the path it is at ("" for one made with no name), and a link's target.
struct Object {
  int fd = -1;
  std::u16string path, target;
  bool directory = true;
};
std::map<uint64_t, std::shared_ptr<Object>>& handles() {
  static std::map<uint64_t, std::shared_ptr<Object>> all;
  return all;
}
// What the program made: paths → a link's target, or the empty string for a directory (by upper
// case path).
struct Made {
  std::u16string path, target;
  bool directory;
};
std::map<std::u16string, Made>& made() {
  static std::map<std::u16string, Made> all;
  return all;
}

std::u16string upper(std::u16string s) {
  for (char16_t& c : s) c = ntdll_text::upcase(c);
  return s;
}

// The fixed directories, by upper-case path, with their names as Windows spells them.
const std::vector<std::u16string>& fixed_directories() {
  static const std::vector<std::u16string> all = {u"\\", u"\\BaseNamedObjects", u"\\Sessions", u"\\Sessions\\1",
                                                  kSessionObjects, u"\\Device", u"\\GLOBAL??", u"\\KernelObjects"};
  return all;
}
// The directory a path names (spelt as Windows spells it), or none.
bool directory_at(const std::u16string& path, std::u16string* out) {
  const std::u16string u = upper(path == u"\\??" ? std::u16string(u"\\GLOBAL??") : path);
  for (const auto& d : fixed_directories())
    if (upper(d) == u) return *out = d, true;
  auto it = made().find(u);
  if (it != made().end() && it->second.directory) return *out = it->second.path, true;
  return false;
}

// A MS-DOS device's link: \??\NAME or \GLOBAL??\NAME, its target.
bool dos_link(const std::u16string& path, std::u16string* target) {
  const std::u16string u = upper(path);
  std::u16string name;
  if (u.rfind(u"\\??\\", 0) == 0) name = path.substr(4);
  else if (u.rfind(u"\\GLOBAL??\\", 0) == 0) name = path.substr(10);
  else return false;
  if (name.empty() || name.find(u'\\') != std::u16string::npos) return false;
  const std::vector<std::u16string> targets = dos_device_targets(name);
  if (targets.empty()) return false;
  *target = targets.front();
  return true;
}

// OBJECT_ATTRIBUTES' full path (relative to a directory handle's), its attributes.
uint32_t path_of(WindowsProcess& p, uint64_t oa, std::u16string* path, uint32_t* attributes, bool* named) {
  *named = false;
  *attributes = 0;
  if (!oa) return nt::kInvalidParameter;
  const unsigned w = p.isa->ptr;
  const uint64_t root = p.get_ptr(oa + w), name = p.get_ptr(oa + 2 * w);
  *attributes = get<uint32_t>(oa + 3 * w);
  std::u16string n = name ? ntdll_text::unicode_of(p, name) : std::u16string();
  if (root) {
    auto h = find_handle_object(p, handles(), root);
    if (!h) return nt::kInvalidHandle;
    if (!h->directory) return kObjectTypeMismatch;
    if (!n.empty() && n[0] == u'\\') return kObjectPathSyntaxBad;
    if (n.empty()) {
      *path = h->path;
    } else {
      if (h->path.empty()) return kObjectNameNotFound;  // (nothing is in an unnamed directory)
      *path = (h->path == u"\\" ? std::u16string() : h->path) + u"\\" + n;
    }
    *named = !path->empty();
    return nt::kSuccess;
  }
  if (n.empty()) return nt::kSuccess;
  if (n[0] != u'\\') return kObjectPathSyntaxBad;
  *path = n;
  *named = true;
  return nt::kSuccess;
}

uint32_t new_object(WindowsProcess& p, Object o, uint32_t attributes, Ptr out) {
  const char* type = o.directory ? "Directory" : "SymbolicLink";
  const uint64_t h = new_handle_object(p, handles(), std::make_shared<Object>(std::move(o)), type);
  if (!h) return nt::kNoMemory;
  p.put_ptr(out.addr, p.mark_inheritable(h, attributes & kObjInherit));
  return nt::kSuccess;
}

// Where the program may make an object: unnamed, or in the session's BaseNamedObjects (or a
// directory it made there).
bool may_make_in(const std::u16string& path) {
  const size_t at = path.rfind(u'\\');
  if (at == std::u16string::npos || at == 0) return false;
  const std::u16string parent = upper(path.substr(0, at));
  if (parent == upper(kSessionObjects)) return true;
  auto it = made().find(parent);
  return it != made().end() && it->second.directory;
}

// Whether a name is taken in the namespace (a fixed directory, a made object, a named object).
bool taken(WindowsProcess& p, const std::u16string& path);

uint32_t make(WindowsProcess& p, Ptr out, Ptr oa, bool directory, const std::u16string& target) {
  std::u16string path;
  uint32_t attributes;
  bool named;
  if (const uint32_t s = path_of(p, oa.addr, &path, &attributes, &named)) return s;
  if (!named) return new_object(p, {-1, u"", target, directory}, attributes, out);
  std::u16string existing;
  if (directory && directory_at(path, &existing)) {
    if (!(attributes & kObjOpenIf)) return kObjectNameCollision;
    const uint32_t s = new_object(p, {-1, existing, u"", true}, attributes, out);
    return s ? s : kObjectNameExists;
  }
  if (taken(p, path)) return kObjectNameCollision;
  if (!may_make_in(path)) {
    std::u16string parent;
    const size_t at = path.rfind(u'\\');
    if (!directory_at(at == 0 ? std::u16string(u"\\") : path.substr(0, at), &parent)) return 0xc000003a;  // STATUS_OBJECT_PATH_NOT_FOUND
    return kAccessDenied;
  }
  made()[upper(path)] = {path, target, directory};
  return new_object(p, {-1, path, target, directory}, attributes, out);
}

uint32_t NtCreateDirectoryObject(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) {
  if (!out) return nt::kInvalidParameter;
  return make(p, out, oa, true, u"");
}

uint32_t NtOpenDirectoryObject(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) {
  if (!out) return nt::kInvalidParameter;
  std::u16string path, found;
  uint32_t attributes;
  bool named;
  if (const uint32_t s = path_of(p, oa.addr, &path, &attributes, &named)) return s;
  if (!named) return kObjectPathSyntaxBad;
  if (!directory_at(path, &found)) {
    std::u16string target;
    if (dos_link(path, &target) || taken(p, path)) return kObjectTypeMismatch;
    return kObjectNameNotFound;
  }
  return new_object(p, {-1, found, u"", true}, attributes, out);
}

// NtCreateSymbolicLinkObject(*handle, access, attributes, target).
uint32_t NtCreateSymbolicLinkObject(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, Ptr target) {
  if (!out || !target) return nt::kInvalidParameter;
  return make(p, out, oa, false, ntdll_text::unicode_of(p, target.addr));
}

uint32_t NtOpenSymbolicLinkObject(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) {
  if (!out) return nt::kInvalidParameter;
  std::u16string path, target, found;
  uint32_t attributes;
  bool named;
  if (const uint32_t s = path_of(p, oa.addr, &path, &attributes, &named)) return s;
  if (!named) return kObjectPathSyntaxBad;
  if (dos_link(path, &target)) return new_object(p, {-1, path, target, false}, attributes, out);
  auto it = made().find(upper(path));
  if (it != made().end() && !it->second.directory) return new_object(p, {-1, it->second.path, it->second.target, false}, attributes, out);
  if (directory_at(path, &found) || taken(p, path)) return kObjectTypeMismatch;
  return kObjectNameNotFound;
}

// NtQuerySymbolicLinkObject(h, UNICODE_STRING* target, *returned): the target into the string's
// buffer (STATUS_BUFFER_TOO_SMALL when it does not fit, with the room it needs).
uint32_t NtQuerySymbolicLinkObject(WindowsProcess& p, Ptr h, Ptr target, Ptr returned) {
  auto o = find_handle_object(p, handles(), h.addr);
  if (!o) return ntdll_handles::names_object(p, h.addr) ? kObjectTypeMismatch : nt::kInvalidHandle;
  if (o->directory) return kObjectTypeMismatch;
  const ntdll_text::Counted c = ntdll_text::read_counted(p, target.addr);
  const uint32_t bytes = static_cast<uint32_t>(o->target.size() * 2);
  const bool room_for_nul = c.max >= bytes + 2;
  if (c.max < bytes) {
    if (returned) put<uint32_t>(returned.addr, bytes + 2);
    return nt::kBufferTooSmall;
  }
  std::memcpy(reinterpret_cast<void*>(c.buffer), o->target.data(), bytes);
  if (room_for_nul) put<uint16_t>(c.buffer + bytes, 0);
  ntdll_text::set_length(target.addr, static_cast<uint16_t>(bytes));
  if (returned) put<uint32_t>(returned.addr, room_for_nul ? bytes + 2 : bytes);
  return nt::kSuccess;
}

// ---- what a directory holds ----

// KERNEL32's name of a named object as its path in the namespace.
std::u16string object_path(const std::string& name) {
  if (name.rfind("Global\\", 0) == 0) return u"\\BaseNamedObjects\\" + utf8_to_utf16(name.substr(7));
  const std::string local = name.rfind("Local\\", 0) == 0 ? name.substr(6) : name;
  return kSessionObjects + u"\\" + utf8_to_utf16(local);
}

struct Entry {
  std::u16string name, type;
};

// Everything in the directory at `path`, in the order a query gives it.
std::vector<Entry> entries(WindowsProcess& p, const std::u16string& path) {
  std::vector<Entry> out;
  const std::u16string u = upper(path);
  auto add = [&](const std::u16string& full, const std::u16string& type) {
    const size_t at = full.rfind(u'\\');
    const std::u16string parent = upper(at == 0 ? std::u16string(u"\\") : full.substr(0, at));
    if (parent != u) return;
    const std::u16string name = full.substr(at + 1);
    for (const Entry& e : out)
      if (upper(e.name) == upper(name)) return;
    out.push_back({name, type});
  };
  for (const auto& d : fixed_directories())
    if (d != u"\\") add(d, u"Directory");
  if (u == u"\\GLOBAL??")
    for (const std::u16string& n : dos_device_names()) out.push_back({n, u"SymbolicLink"});
  for (const auto& [key, m] : made()) add(m.path, m.directory ? u"Directory" : u"SymbolicLink");
  for (const auto& [h, w] : p.waitables) {
    if (w->name.empty()) continue;
    const char16_t* type = w->kind == Waitable::Kind::Event       ? u"Event"
                           : w->kind == Waitable::Kind::Mutex     ? u"Mutant"
                           : w->kind == Waitable::Kind::Semaphore ? u"Semaphore"
                           : w->kind == Waitable::Kind::Timer     ? u"Timer"
                                                                  : nullptr;
    if (type) add(object_path(w->name), type);
  }
  for (const auto& [h, m] : p.file_mappings)
    if (!m->name.empty()) add(object_path(m->name), u"Section");
  return out;
}

bool taken(WindowsProcess& p, const std::u16string& path) {
  std::u16string found;
  if (directory_at(path, &found)) return true;
  if (made().count(upper(path))) return true;
  const size_t at = path.rfind(u'\\');
  const std::u16string parent = at == 0 ? std::u16string(u"\\") : path.substr(0, at);
  const std::u16string name = upper(path.substr(at + 1));
  for (const Entry& e : entries(p, parent))
    if (upper(e.name) == name) return true;
  return false;
}

// NtQueryDirectoryObject(h, buffer, length, single entry, restart, *context, *returned):
// OBJECT_DIRECTORY_INFORMATION entries (Name, TypeName: UNICODE_STRINGs), a zeroed one after
// them, then their strings; from the entry *context names (0 with `restart`), one or as many as fit
// (STATUS_MORE_ENTRIES when some are left), STATUS_NO_MORE_ENTRIES past the last.
uint32_t NtQueryDirectoryObject(WindowsProcess& p, Ptr h, Ptr buffer, uint32_t length, uint8_t single,
                                uint8_t restart, Ptr context, Ptr returned) {
  auto o = find_handle_object(p, handles(), h.addr);
  if (!o) return ntdll_handles::names_object(p, h.addr) ? kObjectTypeMismatch : nt::kInvalidHandle;
  if (!o->directory) return kObjectTypeMismatch;
  if (!context) return nt::kInvalidParameter;
  const std::vector<Entry> all = o->path.empty() ? std::vector<Entry>{} : entries(p, o->path);
  uint32_t index = restart ? 0 : get<uint32_t>(context.addr);
  if (index >= all.size()) {
    if (returned) put<uint32_t>(returned.addr, 0);
    return kNoMoreEntries;
  }
  const unsigned w = p.isa->ptr;
  const uint32_t record = 4 * w;  // two UNICODE_STRINGs
  auto strings_of = [](const Entry& e) { return static_cast<uint32_t>((e.name.size() + 1 + e.type.size() + 1) * 2); };
  // How many fit from `index`.
  uint32_t count = 0, strings = 0;
  for (uint32_t i = index; i < all.size() && (!single || count < 1); ++i) {
    const uint32_t need = (count + 2) * record + strings + strings_of(all[i]);
    if (need > length) break;
    strings += strings_of(all[i]);
    ++count;
  }
  if (count == 0) {
    if (returned) put<uint32_t>(returned.addr, 2 * record + strings_of(all[index]));
    return nt::kBufferTooSmall;
  }
  std::memset(buffer.as<void>(), 0, (count + 1) * record);
  uint64_t text = buffer.addr + (count + 1) * record;
  auto put_string = [&](uint64_t at, const std::u16string& s) {
    const uint16_t bytes = static_cast<uint16_t>(s.size() * 2);
    std::memcpy(reinterpret_cast<void*>(text), s.c_str(), bytes + 2);
    ntdll_text::write_counted(p, at, {bytes, static_cast<uint16_t>(bytes + 2), text});
    text += bytes + 2;
  };
  for (uint32_t i = 0; i < count; ++i) {
    put_string(buffer.addr + i * record, all[index + i].name);
    put_string(buffer.addr + i * record + 2 * w, all[index + i].type);
  }
  put<uint32_t>(context.addr, index + count);
  if (returned) put<uint32_t>(returned.addr, static_cast<uint32_t>(text - buffer.addr));
  return single || index + count >= all.size() ? nt::kSuccess : kMoreEntries;
}

}  // namespace ntdll_object_directories_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_object_directory_exports() {
  using namespace ntdll_object_directories_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateDirectoryObject", NtCreateDirectoryObject),
      EXPORT("NtOpenDirectoryObject", NtOpenDirectoryObject),
      EXPORT("NtQueryDirectoryObject", NtQueryDirectoryObject),
      EXPORT("NtCreateSymbolicLinkObject", NtCreateSymbolicLinkObject),
      EXPORT("NtOpenSymbolicLinkObject", NtOpenSymbolicLinkObject),
      EXPORT("NtQuerySymbolicLinkObject", NtQuerySymbolicLinkObject),
  };
  return exports;
}

}  // namespace polyrun::shims
