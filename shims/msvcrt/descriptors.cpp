// msvcrt.dll's descriptor table in the program's memory (__pioinfo), kept as the runtime's
// descriptors open, change mode and close. __pioinfo is an array of 64 pointers to blocks of 32
// entries (IOINFO_L2E 5), a block allocated when a descriptor of its range first opens; programs
// find an entry's size as _msize of block 0 divided by 32, so blocks come from the heap malloc
// uses. An entry is laid out as msvcrt.dll's ioinfo: the Win32 handle (INVALID_HANDLE_VALUE when
// closed), the flag byte (FOPEN, FPIPE, FAPPEND, FDEV, FTEXT), pipech, lockinitflag, the
// descriptor's CRITICAL_SECTION (zeroed: not held), then the text mode and the rest, unused here.
#include "shims/msvcrt/descriptors.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"

namespace polyrun::shims {

namespace {

constexpr uint64_t kBlockEntries = 32, kBlocks = 64;
constexpr uint8_t kFopen = 0x01, kFpipe = 0x08, kFappend = 0x20, kFdev = 0x40, kFtext = 0x80;

// sizeof(ioinfo): 88 bytes on x64 (a 40-byte CRITICAL_SECTION at 16), 64 on i386 (24 bytes at 12).
uint64_t entry_size(const WindowsProcess& p) { return p.isa->ptr == 8 ? 88 : 64; }
uint64_t lockinitflag_offset(const WindowsProcess& p) { return p.isa->ptr == 8 ? 12 : 8; }

uint64_t invalid_handle(const WindowsProcess& p) { return p.isa->ptr == 8 ? ~0ull : 0xffffffffull; }

uint64_t new_block(WindowsProcess& p) {
  const uint64_t size = entry_size(p);
  uint64_t block = p.heap.alloc(kBlockEntries * size, true);
  if (!block) return 0;
  for (uint64_t i = 0; i < kBlockEntries; ++i) p.put_ptr(block + i * size, invalid_handle(p));
  return block;
}

void write_entry(WindowsProcess& p, uint64_t e, int fd) {
  auto it = p.fd_binary.find(fd);
  if (it == p.fd_binary.end()) {
    p.put_ptr(e, invalid_handle(p));
    put<uint8_t>(e + p.isa->ptr, 0);
    return;
  }
  uint8_t flags = kFopen;
  if (!it->second) flags |= kFtext;
  struct stat st;
  if (::fstat(fd, &st) == 0) {
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) flags |= kFpipe;
    else if (S_ISCHR(st.st_mode)) flags |= kFdev;
  }
  int status = ::fcntl(fd, F_GETFL);
  if (status >= 0 && (status & O_APPEND)) flags |= kFappend;
  p.put_ptr(e, crt_descriptor_handle(p, fd));
  put<uint8_t>(e + p.isa->ptr, flags);
  put<uint32_t>(e + lockinitflag_offset(p), 1);
}

// The entry of one descriptor, once the program has the table.
void mirror(WindowsProcess& p, int fd) {
  auto table = p.data.find("__pioinfo");
  if (table == p.data.end() || !table->second || fd < 0 || static_cast<uint64_t>(fd) >= kBlocks * kBlockEntries) return;
  const uint64_t slot = table->second + (static_cast<uint64_t>(fd) / kBlockEntries) * p.isa->ptr;
  uint64_t block = p.get_ptr(slot);
  if (!block) {
    if (!p.fd_binary.count(fd) || !(block = new_block(p))) return;
    p.put_ptr(slot, block);
  }
  write_entry(p, block + (static_cast<uint64_t>(fd) % kBlockEntries) * entry_size(p), fd);
}

}  // namespace

void crt_descriptor_open(WindowsProcess& p, int fd, bool binary) {
  p.fd_binary[fd] = binary;
  mirror(p, fd);
}

void crt_descriptor_closed(WindowsProcess& p, int fd) {
  p.fd_binary.erase(fd);
  crt(p).fd_osfhandle.erase(fd);
  mirror(p, fd);
}

uint64_t crt_descriptor_handle(WindowsProcess& p, int fd) {
  const auto& given_handles = crt(p).fd_osfhandle;
  if (auto given = given_handles.find(fd); given != given_handles.end()) return given->second;
  for (const auto& [h, f] : p.handle_fd)
    if (f == fd) return h;
  return p.handle_for_fd(fd);
}

// __badioinfo: the entry msvcrt.dll's macros read for a descriptor out of range — closed
// (INVALID_HANDLE_VALUE), in text mode.
uint64_t crt_badioinfo(WindowsProcess& p) {
  uint64_t& entry = p.data["__badioinfo"];
  if (!entry) {
    entry = p.alloc_data(entry_size(p));
    p.put_ptr(entry, invalid_handle(p));
    put<uint8_t>(entry + p.isa->ptr, kFtext);
  }
  return entry;
}

uint64_t crt_pioinfo(WindowsProcess& p) {
  uint64_t& table = p.data["__pioinfo"];
  if (table) return table;
  table = p.alloc_data(kBlocks * p.isa->ptr);
  p.put_ptr(table, new_block(p));  // block 0 is there from the start, as msvcrt.dll's is
  // The standard descriptors are the runtime's from the start, in text mode unless set otherwise.
  for (int fd = 0; fd < 3; ++fd)
    if (!p.fd_binary.count(fd) && ::fcntl(fd, F_GETFD) >= 0) p.fd_binary[fd] = false;
  for (const auto& [fd, binary] : p.fd_binary) mirror(p, fd);
  return table;
}

}  // namespace polyrun::shims
