// NTDLL's reads and writes by page (NtReadFileScatter, NtWriteFileGather: a file's data between its
// offset and a list of page-sized buffers, FILE_SEGMENT_ELEMENTs, as ReadFileScatter and
// WriteFileGather are made of them), and how this folder's file functions end an operation
// (ntdll/file_io.h).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/file_io.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_file_io {

void finish(WindowsProcess& p, uint64_t iosb, uint32_t status, uint64_t information, uint64_t event, uint64_t apc,
            uint64_t apc_context) {
  if (iosb) {
    p.put_ptr(iosb + p.isa->ptr, information);
    p.put_ptr(iosb, status);
  }
  if (event)
    if (Waitable* w = waitable_of_kind(p, event, Waitable::Kind::Event)) set_waitable_level(p, *w, 1);
  if (apc) queue_apc(p, p.thread(), apc, {apc_context, iosb, 0});
}

void reset_event(WindowsProcess& p, uint64_t event) {
  if (event)
    if (Waitable* w = waitable_of_kind(p, event, Waitable::Kind::Event)) set_waitable_level(p, *w, 0);
}

}  // namespace ntdll_file_io

namespace ntdll_file_segments_impl {

constexpr uint64_t kPage = 4096;
constexpr uint32_t kEndOfFile = 0xc0000011, kAccessViolation = 0xc0000005;

// NtReadFileScatter / NtWriteFileGather(handle, event, apc, apc context, &iosb, segments, length,
// &offset, &key): `length` bytes (a whole number of pages) between the file from the offset and
// the pages the FILE_SEGMENT_ELEMENTs (a 64-bit slot each) name, one page after another; a read
// stops at the end of the file (STATUS_END_OF_FILE when nothing was there). The handle must be a
// file's. On a handle opened for overlapped I/O (FILE_FLAG_OVERLAPPED) the offset is needed, and
// the operation ends as overlapped ones do — its IO_STATUS_BLOCK, its event and its APC routine —
// before the call returns, a read saying STATUS_PENDING, a write its status, as both may on
// Windows (the caller looks at the IO_STATUS_BLOCK once the event is set); on a synchronous
// handle, its status, and the
// file's position moves past what was moved (no offset, or FILE_USE_FILE_POINTER_POSITION: from
// there). The pages are the caller's to align and size for unbuffered I/O (FILE_FLAG_NO_BUFFERING,
// which the documentation asks for, is not checked).
uint32_t by_segments(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr apc_context, Ptr iosb, Ptr segments,
                     uint32_t length, Ptr offset, bool write) {
  if (!iosb) return kAccessViolation;
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return nt::kInvalidHandle;
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || length % kPage || (length && !segments))
    return nt::kInvalidParameter;
  const bool overlapped = p.overlapped_handles.count(h.addr) != 0;
  int64_t at = offset ? get<int64_t>(offset.addr) : -2;
  if (at == -2) {  // FILE_USE_FILE_POINTER_POSITION
    if (overlapped) return nt::kInvalidParameter;
    at = ::lseek(fd, 0, SEEK_CUR);
  } else if (at == -1) {  // FILE_WRITE_TO_END_OF_FILE
    if (!write) return nt::kInvalidParameter;
    at = st.st_size;
  } else if (at < 0) {
    return nt::kInvalidParameter;
  }
  ntdll_file_io::reset_event(p, event.addr);
  uint64_t done = 0;
  uint32_t status = nt::kSuccess;
  for (uint64_t i = 0; done < length; ++i) {
    void* page = guest_pointer(get<uint64_t>(segments.addr + 8 * i));
    ssize_t n;
    do n = synchronous_io(p, [&] {
      return write ? ::pwrite(fd, page, kPage, static_cast<off_t>(at + done))
                   : ::pread(fd, page, kPage, static_cast<off_t>(at + done));
    });
    while (n < 0 && errno == EINTR && !p.stopping());
    if (n < 0) {
      status = errno == ECANCELED ? nt::kCancelled : nt_status_from_errno(errno);
      break;
    }
    done += static_cast<uint64_t>(n);
    if (static_cast<uint64_t>(n) < kPage) break;  // the end of the file
  }
  if (status == nt::kSuccess && !write && done == 0 && length) status = kEndOfFile;
  if (!overlapped) ::lseek(fd, at + static_cast<int64_t>(done), SEEK_SET);
  ntdll_file_io::finish(p, iosb.addr, status, done, event.addr, apc.addr, apc_context.addr);
  return overlapped && !write ? nt::kPending : status;
}

uint32_t NtReadFileScatter(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr apc_context, Ptr iosb, Ptr segments,
                           uint32_t length, Ptr offset, Ptr) {
  return by_segments(p, h, event, apc, apc_context, iosb, segments, length, offset, false);
}
uint32_t NtWriteFileGather(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr apc_context, Ptr iosb, Ptr segments,
                           uint32_t length, Ptr offset, Ptr) {
  return by_segments(p, h, event, apc, apc_context, iosb, segments, length, offset, true);
}

}  // namespace ntdll_file_segments_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_file_segment_exports() {
  using namespace ntdll_file_segments_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtReadFileScatter", NtReadFileScatter),
      EXPORT("NtWriteFileGather", NtWriteFileGather),
  };
  return exports;
}

}  // namespace polyrun::shims
