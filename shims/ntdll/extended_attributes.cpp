// NTDLL's extended attributes of files (NtQueryEaFile, NtSetEaFile) over the host file system's
// user.* extended attributes: an EA named NAME is the attribute user.NAME (names upper case, as
// NTFS keeps them), its value the attribute's. A file system without user attributes (a tmpfs of
// an older kernel, some network file systems) is a volume without EAs: STATUS_EAS_NOT_SUPPORTED.
// The EAs' flags (FILE_NEED_EA) are not kept: each reads back as 0.
#include <sys/xattr.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_extended_attributes_impl {

constexpr uint32_t kNoMoreEas = 0x80000012, kEaListInconsistent = 0x80000014, kNoEasOnFile = 0xc0000052,
                   kEasNotSupported = 0xc000004f, kNonexistentEaEntry = 0xc0000051, kInvalidEaName = 0x80000013,
                   kEaTooLarge = 0xc0000050;

struct Ea {
  std::string name;   // upper case
  std::string value;
};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A status for an errno of the host's attribute calls.
uint32_t status_of(int err) { return err == ENOTSUP || err == EOPNOTSUPP ? kEasNotSupported : nt_status_from_errno(err); }

// The file's EAs, in the order the host lists its attributes; false (with `err`) if it cannot say.
bool list_eas(int fd, std::vector<Ea>& out, int& err) {
  ssize_t n = ::flistxattr(fd, nullptr, 0);
  if (n < 0) return err = errno, false;
  std::string names(static_cast<size_t>(n), '\0');
  n = ::flistxattr(fd, names.data(), names.size());
  if (n < 0) return err = errno, false;
  names.resize(static_cast<size_t>(n));
  for (size_t at = 0; at < names.size();) {
    const std::string full = names.c_str() + at;
    at += full.size() + 1;
    if (full.rfind("user.", 0) != 0) continue;
    const ssize_t size = ::fgetxattr(fd, full.c_str(), nullptr, 0);
    if (size < 0) continue;
    std::string value(static_cast<size_t>(size), '\0');
    const ssize_t got = ::fgetxattr(fd, full.c_str(), value.data(), value.size());
    if (got < 0) continue;
    value.resize(static_cast<size_t>(got));
    out.push_back({upper(full.substr(5)), value});
  }
  return true;
}

// Where each handle's scan of its file's EAs stands (the next one's index), by handle and its
// descriptor (handle values are not reused).
struct Scan {
  int fd;
  size_t next;
};
std::map<uint64_t, Scan>& scans() {
  static std::map<uint64_t, Scan> all;
  return all;
}

// FILE_FULL_EA_INFORMATION: NextEntryOffset, Flags, EaNameLength, EaValueLength, the name with its
// NUL, the value; entries at 4-byte boundaries.
uint32_t entry_size(const Ea& e) { return static_cast<uint32_t>(8 + e.name.size() + 1 + e.value.size()); }

// NtQueryEaFile(handle, &iosb, buffer, length, single entry, EA list, list length, &index, restart):
// the EAs named in the list (FILE_GET_EA_INFORMATION: NextEntryOffset, EaNameLength, the name; one
// the file lacks comes back with no value), else the file's from the index (1 the first), from the
// start with `restart`, or from where the handle's last call stopped — as many as fit (one with
// `single entry`). STATUS_NO_EAS_ON_FILE for a file with none, STATUS_NO_MORE_EAS past the last,
// STATUS_BUFFER_TOO_SMALL when not even one fits (STATUS_BUFFER_OVERFLOW when some did and a
// named one did not).
uint32_t NtQueryEaFile(WindowsProcess& p, Ptr h, Ptr iosb, Ptr buf, uint32_t length, uint8_t single, Ptr list,
                       uint32_t list_length, Ptr index, uint8_t restart) {
  auto done = [&](uint32_t status, uint64_t information) {
    if (iosb) {
      p.put_ptr(iosb.addr, status);
      p.put_ptr(iosb.addr + p.isa->ptr, information);
    }
    return status;
  };
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return nt::kInvalidHandle;
  std::vector<Ea> all;
  int err = 0;
  if (!list_eas(fd, all, err)) return done(status_of(err), 0);
  std::vector<Ea> chosen;
  bool named = false;
  if (list && list_length) {  // the EAs asked for by name
    named = true;
    for (uint32_t at = 0; at < list_length;) {
      if (at + 5 > list_length) return done(kEaListInconsistent, at);
      const uint32_t next = get<uint32_t>(list.addr + at);
      const uint8_t name_length = get<uint8_t>(list.addr + at + 4);
      if (at + 5 + name_length > list_length) return done(kEaListInconsistent, at);
      const std::string name = upper(std::string(reinterpret_cast<const char*>(guest_pointer(list.addr + at + 5)), name_length));
      Ea e{name, ""};
      for (const Ea& f : all)
        if (f.name == name) e.value = f.value;
      chosen.push_back(e);
      if (!next) break;
      at += next;
    }
  } else {
    if (all.empty()) return done(kNoEasOnFile, 0);
    auto it = scans().find(h.addr);
    if (it == scans().end() || it->second.fd != fd) it = scans().insert_or_assign(h.addr, Scan{fd, 0}).first;
    size_t from = restart ? 0 : it->second.next;
    if (index) {
      const uint32_t i = get<uint32_t>(index.addr);
      if (i == 0 || i > all.size()) return done(kNonexistentEaEntry, 0);
      from = i - 1;
    }
    if (from >= all.size()) return done(kNoMoreEas, 0);
    chosen.assign(all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
    it->second.next = from;  // moved on below by what was returned
  }
  uint32_t used = 0, previous = 0, count = 0;
  for (const Ea& e : chosen) {
    const uint32_t at = (used + 3) & ~3u, size = entry_size(e);
    if (at + size > length) break;
    uint8_t* d = reinterpret_cast<uint8_t*>(guest_pointer(buf.addr + at));
    std::memset(d, 0, 8);
    d[5] = static_cast<uint8_t>(e.name.size());
    const uint16_t value_length = static_cast<uint16_t>(e.value.size());
    std::memcpy(d + 6, &value_length, 2);
    std::memcpy(d + 8, e.name.c_str(), e.name.size() + 1);
    std::memcpy(d + 8 + e.name.size() + 1, e.value.data(), e.value.size());
    if (count) put<uint32_t>(buf.addr + previous, at - previous);
    previous = at;
    used = at + size;
    ++count;
    if (single) break;
  }
  if (!named) scans()[h.addr].next += count;
  if (!count) return done(nt::kBufferTooSmall, 0);
  if (named && count < chosen.size() && !single) return done(nt::kBufferOverflow, used);
  return done(nt::kSuccess, used);
}

// NtSetEaFile(handle, &iosb, buffer, length): each FILE_FULL_EA_INFORMATION of the list set (its
// name upper case), one without a value removed. A malformed list is STATUS_EA_LIST_INCONSISTENT
// (the IO_STATUS_BLOCK's Information: where), a name with a character an EA name cannot have
// STATUS_INVALID_EA_NAME.
uint32_t NtSetEaFile(WindowsProcess& p, Ptr h, Ptr iosb, Ptr buf, uint32_t length) {
  auto done = [&](uint32_t status, uint64_t information) {
    if (iosb) {
      p.put_ptr(iosb.addr, status);
      p.put_ptr(iosb.addr + p.isa->ptr, information);
    }
    return status;
  };
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return nt::kInvalidHandle;
  std::vector<std::pair<Ea, bool>> changes;  // the EA, and whether it is set (else removed)
  for (uint32_t at = 0;;) {
    if (at + 8 > length) return done(kEaListInconsistent, at);
    const uint32_t next = get<uint32_t>(buf.addr + at);
    const uint8_t name_length = get<uint8_t>(buf.addr + at + 5);
    const uint16_t value_length = get<uint16_t>(buf.addr + at + 6);
    const uint32_t size = 8 + name_length + 1 + value_length;
    if (at + size > length || (next && next < size) || (next & 3) || !name_length ||
        get<uint8_t>(buf.addr + at + 8 + name_length) != 0)
      return done(kEaListInconsistent, at);
    const std::string name(reinterpret_cast<const char*>(guest_pointer(buf.addr + at + 8)), name_length);
    for (unsigned char c : name)
      if (c < 0x20 || std::strchr("\"*+,/:;<=>?[\\]|", c)) return done(kInvalidEaName, at);
    const std::string value(reinterpret_cast<const char*>(guest_pointer(buf.addr + at + 9 + name_length)), value_length);
    changes.push_back({{upper(name), value}, value_length != 0});
    if (!next) break;
    at += next;
  }
  for (const auto& [e, set] : changes) {
    const std::string attribute = "user." + e.name;
    const int r = set ? ::fsetxattr(fd, attribute.c_str(), e.value.data(), e.value.size(), 0)
                      : ::fremovexattr(fd, attribute.c_str());
    if (r != 0 && !(errno == ENODATA && !set)) {
      if (errno == E2BIG || errno == ENOSPC) return done(kEaTooLarge, 0);
      return done(status_of(errno), 0);
    }
  }
  return done(nt::kSuccess, 0);
}

}  // namespace ntdll_extended_attributes_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_extended_attribute_exports() {
  using namespace ntdll_extended_attributes_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtQueryEaFile", NtQueryEaFile),
      EXPORT("NtSetEaFile", NtSetEaFile),
  };
  return exports;
}

}  // namespace polyrun::shims
