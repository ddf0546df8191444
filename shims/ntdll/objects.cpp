// NTDLL.dll, the object manager's view of a handle: NtQueryObject (basic information, the object's
// name, its type, every type, the handle's flags) and NtSetInformationObject (the handle's flags).
// Each kind of handle polyrun makes is an object of the type Windows gives it: files, pipes,
// sockets and consoles are File objects; events, mutexes (Mutant), semaphores, timers, threads,
// processes, tokens, sections, completion ports, jobs, keyed events and wait completion packets
// their own. Names are the object manager's: a file's through its drive's device
// (\Device\HarddiskVolume1\dir\file), a pipe's under \Device\NamedPipe\, a named object's in the
// session's \Sessions\1\BaseNamedObjects (\BaseNamedObjects for a Global\ name).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/ntdll/named_pipes.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kStatusSuccess = 0, kStatusInfoLengthMismatch = 0xc0000004,
                   kStatusInvalidHandle = 0xc0000008, kStatusInvalidInfoClass = 0xc0000003,
                   kStatusAccessViolation = 0xc0000005;
constexpr uint32_t kObjInherit = 2;
constexpr uint32_t kObjectBasicInformation = 0, kObjectNameInformation = 1, kObjectTypeInformation = 2,
                   kObjectTypesInformation = 3, kObjectHandleFlagInformation = 4;

// An object type: its name, its generic mapping (what GENERIC_READ, _WRITE, _EXECUTE and _ALL
// mean for it, winnt.h's *_ALL_ACCESS and the standard rights) and the access rights it has.
struct ObjectType {
  const char16_t* name;
  uint32_t read, write, execute, all;
};
constexpr ObjectType kTypes[] = {
    {u"File", 0x120089, 0x120116, 0x1200a0, 0x1f01ff},
    {u"Event", 0x20001, 0x20002, 0x100000, 0x1f0003},
    {u"Mutant", 0x20001, 0x20000, 0x100000, 0x1f0001},
    {u"Semaphore", 0x20001, 0x20002, 0x100000, 0x1f0003},
    {u"Timer", 0x20001, 0x20002, 0x100000, 0x1f0003},
    {u"Thread", 0x20048, 0x20037, 0x121800, 0x1fffff},
    {u"Process", 0x20410, 0x20bea, 0x121000, 0x1fffff},
    {u"Token", 0x20008, 0x200e0, 0x20000, 0xf01ff},
    {u"Section", 0x20005, 0x20002, 0x20008, 0xf001f},
    {u"IoCompletion", 0x20001, 0x20002, 0x100000, 0x1f0003},
    {u"Job", 0x20004, 0x2000b, 0x100000, 0x1f003f},
    {u"KeyedEvent", 0x20001, 0x20002, 0x20000, 0xf0003},
    {u"WaitCompletionPacket", 0x20001, 0x20002, 0x100000, 0x1f0003},
    {u"Directory", 0x20003, 0x2000c, 0x20003, 0xf000f},
    {u"SymbolicLink", 0x20001, 0x20000, 0x20001, 0xf0001},
};

const ObjectType* type_named(const std::u16string& name) {
  for (const ObjectType& t : kTypes)
    if (name == t.name) return &t;
  return nullptr;
}

// What NtQueryObject tells of one handle.
struct Facts {
  const ObjectType* type = nullptr;
  std::u16string name;
  uint32_t granted = 0;
  uint32_t handles = 1;
};

// A named object's name in the object manager's namespace.
std::u16string named_object(const std::string& name) {
  if (name.empty()) return {};
  if (name.rfind("Global\\", 0) == 0) return u"\\BaseNamedObjects\\" + utf8_to_utf16(name.substr(7));
  const std::string local = name.rfind("Local\\", 0) == 0 ? name.substr(6) : name;
  return u"\\Sessions\\1\\BaseNamedObjects\\" + utf8_to_utf16(local);
}

// A File object's name: a pipe's, the console's and null device's, a socket's (AFD's), or a file's
// or directory's path through its drive's device.
std::u16string file_object_name(WindowsProcess& p, uint64_t h, int fd) {
  if (std::optional<std::string> pipe = pipe_object_name(p, h)) return utf8_to_utf16(*pipe);
  struct stat st;
  if (::fstat(fd, &st) != 0) return {};
  if (S_ISSOCK(st.st_mode)) return u"\\Device\\Afd";
  if (S_ISCHR(st.st_mode)) {
    struct stat null_st;
    if (::stat("/dev/null", &null_st) == 0 && null_st.st_rdev == st.st_rdev) return u"\\Device\\Null";
    return u"\\Device\\ConDrv";
  }
  if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return {};
  const std::string target = host_path_of(fd);
  if (target.empty()) return {};
  return nt_path_of_dos_path(utf8_to_utf16(host_to_windows_path(target)));
}

uint32_t file_access(int fd) {
  const int mode = ::fcntl(fd, F_GETFL) & O_ACCMODE;
  return mode == O_RDONLY ? 0x120089u : mode == O_WRONLY ? 0x120116u : 0x12019fu;
}

// The facts of a handle; false for one that names nothing.
bool facts_of(WindowsProcess& p, uint64_t h, Facts& f) {
  if (p.is_current_process(h) || p.is_current_thread(h)) {
    f.type = type_named(p.is_current_process(h) ? u"Process" : u"Thread");
    f.granted = f.type->all;
    return true;
  }
  if (auto it = p.waitables.find(h); it != p.waitables.end()) {
    static const char16_t* const kKinds[] = {u"Semaphore", u"Event", u"Mutant", u"Thread", u"Process", u"Timer"};
    const Waitable& w = *it->second;
    f.type = type_named(kKinds[static_cast<int>(w.kind)]);
    f.name = named_object(w.name);
    f.granted = f.type->all;
    f.handles = 0;
    for (const auto& [other, object] : p.waitables) f.handles += object == it->second;
    return true;
  }
  if (p.tokens.count(h) || p.snapshots.count(h)) {
    f.type = type_named(p.tokens.count(h) ? u"Token" : u"Section");  // (a snapshot is a section)
    f.granted = f.type->all;
    return true;
  }
  if (auto it = p.file_mappings.find(h); it != p.file_mappings.end()) {
    f.type = type_named(u"Section");
    f.name = named_object(it->second->name);
    f.granted = f.type->all;
    return true;
  }
  const int fd = p.fd_for_handle(h);
  if (fd < 0) return false;
  if (auto it = p.object_types.find(h); it != p.object_types.end()) {
    f.type = type_named(utf8_to_utf16(it->second));
    f.granted = f.type->all;
    return true;
  }
  f.type = type_named(u"File");
  f.name = file_object_name(p, h, fd);
  f.granted = file_access(fd);
  return true;
}

// How many handles of each type (kTypes' order) the process holds.
std::vector<uint32_t> handles_by_type(WindowsProcess& p) {
  std::vector<uint64_t> all;
  for (const auto& [h, fd] : p.handle_fd) all.push_back(h);
  for (const auto& [h, object] : p.waitables) all.push_back(h);
  for (const auto& [h, object] : p.snapshots) all.push_back(h);
  for (const auto& [h, object] : p.file_mappings) all.push_back(h);
  all.insert(all.end(), p.tokens.begin(), p.tokens.end());
  std::vector<uint32_t> counts(std::size(kTypes), 0);
  for (uint64_t h : all) {
    Facts f;
    if (facts_of(p, h, f)) ++counts[static_cast<size_t>(f.type - kTypes)];
  }
  return counts;
}

// A UNICODE_STRING at `at` whose characters follow at `chars` (NUL-ended; none for the empty
// string, whose buffer is null).
void put_unicode_string(WindowsProcess& p, uint64_t at, uint64_t chars, const std::u16string& s) {
  put<uint16_t>(at, static_cast<uint16_t>(s.size() * 2));
  put<uint16_t>(at + 2, static_cast<uint16_t>(s.empty() ? 0 : s.size() * 2 + 2));
  p.put_ptr(at + p.isa->ptr, s.empty() ? 0 : chars);
  if (!s.empty()) {
    std::memcpy(guest_pointer(chars), s.data(), s.size() * 2);
    put<uint16_t>(chars + s.size() * 2, 0);
  }
}

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

// OBJECT_TYPE_INFORMATION's size (after it, the type's name): a UNICODE_STRING, then 12 counters,
// InvalidAttributes, GENERIC_MAPPING, ValidAccessMask, two BOOLEANs, TypeIndex and a reserved byte,
// PoolType and two charges.
uint32_t type_information_size(const WindowsProcess& p) { return static_cast<uint32_t>(2 * p.isa->ptr + 88); }

// One OBJECT_TYPE_INFORMATION at `at`, `objects` and `handles` its counts, its name after it.
void put_type_information(WindowsProcess& p, uint64_t at, const ObjectType& t, uint32_t objects, uint32_t handles,
                          uint8_t index) {
  const uint64_t u = 2 * p.isa->ptr;  // after the UNICODE_STRING
  std::memset(guest_pointer(at), 0, type_information_size(p));
  put_unicode_string(p, at, at + type_information_size(p), t.name);
  put<uint32_t>(at + u, objects);
  put<uint32_t>(at + u + 4, handles);
  put<uint32_t>(at + u + 24, objects);  // the high-water marks
  put<uint32_t>(at + u + 28, handles);
  put<uint32_t>(at + u + 48, t.read);
  put<uint32_t>(at + u + 52, t.write);
  put<uint32_t>(at + u + 56, t.execute);
  put<uint32_t>(at + u + 60, t.all);
  put<uint32_t>(at + u + 64, t.all);  // ValidAccessMask
  put<uint8_t>(at + u + 68, 1);       // SecurityRequired
  put<uint8_t>(at + u + 70, index);   // TypeIndex
}

// NtQueryObject(handle, class, buffer, length, &needed): a buffer too small for what the class
// gives (a name or type name included) is STATUS_INFO_LENGTH_MISMATCH, with the length needed.
uint32_t NtQueryObject(WindowsProcess& p, Ptr h, uint32_t cls, Ptr out, uint32_t length, Ptr needed) {
  const uint64_t w = p.isa->ptr;
  auto need = [&](uint64_t n) {
    if (needed) put<uint32_t>(needed.addr, static_cast<uint32_t>(n));
  };
  auto fits = [&](uint64_t n) { return length >= n && (!n || p.memory.accessible(out.addr, n, mem::kWrite)); };
  if (cls == kObjectTypesInformation) {  // every type, each with this process's count of handles
    const std::vector<uint32_t> handles = handles_by_type(p);
    uint64_t size = align_up(4, w);
    for (const ObjectType& t : kTypes)
      size += align_up(type_information_size(p) + std::char_traits<char16_t>::length(t.name) * 2 + 2, w);
    need(size);
    if (!fits(size)) return kStatusInfoLengthMismatch;
    put<uint32_t>(out.addr, static_cast<uint32_t>(std::size(kTypes)));
    uint64_t at = out.addr + align_up(4, w);
    for (size_t i = 0; i < std::size(kTypes); ++i) {
      put_type_information(p, at, kTypes[i], handles[i], handles[i], static_cast<uint8_t>(i + 2));
      at += align_up(type_information_size(p) + std::char_traits<char16_t>::length(kTypes[i].name) * 2 + 2, w);
    }
    return kStatusSuccess;
  }
  Facts f;
  if (cls > kObjectHandleFlagInformation) return kStatusInvalidInfoClass;
  if (!facts_of(p, h.addr, f)) return kStatusInvalidHandle;
  switch (cls) {
    case kObjectBasicInformation: {  // OBJECT_BASIC_INFORMATION: 56 bytes, both widths
      need(56);
      if (length < 56) return kStatusInfoLengthMismatch;
      if (!fits(56)) return kStatusAccessViolation;
      std::memset(guest_pointer(out.addr), 0, 56);
      put<uint32_t>(out.addr, p.inheritable.count(h.addr) ? kObjInherit : 0);
      put<uint32_t>(out.addr + 4, f.granted);
      put<uint32_t>(out.addr + 8, f.handles);
      put<uint32_t>(out.addr + 12, f.handles);  // PointerCount
      return kStatusSuccess;
    }
    case kObjectNameInformation: {  // OBJECT_NAME_INFORMATION: a UNICODE_STRING, the name after it
      const uint64_t size = 2 * w + (f.name.empty() ? 0 : f.name.size() * 2 + 2);
      need(size);
      if (length < size) return kStatusInfoLengthMismatch;
      if (!fits(size)) return kStatusAccessViolation;
      put_unicode_string(p, out.addr, out.addr + 2 * w, f.name);
      return kStatusSuccess;
    }
    case kObjectTypeInformation: {
      const uint64_t size = type_information_size(p) + std::char_traits<char16_t>::length(f.type->name) * 2 + 2;
      need(size);
      if (length < size) return kStatusInfoLengthMismatch;
      if (!fits(size)) return kStatusAccessViolation;
      const uint32_t count = handles_by_type(p)[static_cast<size_t>(f.type - kTypes)];
      put_type_information(p, out.addr, *f.type, std::max(count, 1u), std::max(count, 1u),
                           static_cast<uint8_t>(f.type - kTypes + 2));
      return kStatusSuccess;
    }
    default: {  // kObjectHandleFlagInformation: Inherit, ProtectFromClose (two BOOLEANs)
      need(2);
      if (length < 2) return kStatusInfoLengthMismatch;
      if (!fits(2)) return kStatusAccessViolation;
      put<uint8_t>(out.addr, p.inheritable.count(h.addr) ? 1 : 0);
      put<uint8_t>(out.addr + 1, 0);
      return kStatusSuccess;
    }
  }
}

// NtSetInformationObject(handle, ObjectHandleFlagInformation, flags, length): whether a child
// inherits the handle. The other classes cannot be set.
uint32_t NtSetInformationObject(WindowsProcess& p, Ptr h, uint32_t cls, Ptr in, uint32_t length) {
  if (cls != kObjectHandleFlagInformation) return kStatusInvalidInfoClass;
  if (length < 2) return kStatusInfoLengthMismatch;
  Facts f;
  if (!facts_of(p, h.addr, f) || p.is_current_process(h.addr) || p.is_current_thread(h.addr)) return kStatusInvalidHandle;
  if (get<uint8_t>(in.addr)) p.inheritable.insert(h.addr);
  else p.inheritable.erase(h.addr);
  return kStatusSuccess;
}

}  // namespace

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_object_exports() {
  static const std::vector<Export> exports = {
      EXPORT("NtQueryObject", NtQueryObject),
      EXPORT("ZwQueryObject", NtQueryObject),
      EXPORT("NtSetInformationObject", NtSetInformationObject),
      EXPORT("ZwSetInformationObject", NtSetInformationObject),
  };
  return exports;
}

}  // namespace polyrun::shims
