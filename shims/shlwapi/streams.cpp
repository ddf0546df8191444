// SHLWAPI.dll's streams on files: SHCreateStreamOnFile(A/W/Ex) give an IStream that reads and
// writes a file, as Windows' shlwapi does — Read, Write, Seek, SetSize, CopyTo into another
// stream, Commit (the file flushed), Stat (STATSTG with the file's name, size and times); Revert,
// the region locks and Clone are not supported by Windows' file stream either and say so
// (E_NOTIMPL).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/shlwapi/exports.h"
#include "shims/core/filetime.h"
#include "shims/ole32/com_object.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {


namespace {

constexpr GuidBytes kIidISequentialStream = make_guid(0x0c733a30, 0x2a1c, 0x11ce, {0xad, 0xe5, 0, 0xaa, 0, 0x44, 0x77, 0x3d});
constexpr GuidBytes kIidIStream = make_guid(0x0000000c, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr int32_t STG_E_ACCESSDENIED = static_cast<int32_t>(0x80030005);
// STGM flags: access (the low two bits), creation, and the ones a file stream refuses.
constexpr uint32_t kStgmWrite = 1, kStgmReadWrite = 2, kStgmCreate = 0x1000, kStgmConvert = 0x20000,
                   kStgmTransacted = 0x10000, kStgmDeleteOnRelease = 0x4000000;

struct FileStream {
  uint32_t refs = 1;
  int fd = -1;
  uint32_t mode = 0;     // the STGM flags it was made with
  std::u16string name;   // the file's name as given (Stat's)
  std::string host_path; // for STGM_DELETEONRELEASE
};
std::map<uint64_t, FileStream>& streams() {
  static std::map<uint64_t, FileStream> s;
  return s;
}
// A method called on a stream that is no more: the access violation of a freed object's use.
FileStream& stream_of(uint64_t self) {
  auto it = streams().find(self);
  if (it == streams().end()) touch_guest_byte(0);
  return it->second;
}

int32_t hresult_from_errno(int err) { return hresult_from_win32(win_error_from_errno(err)); }

int32_t Stream_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidISequentialStream) || guid_is(iid.addr, kIidIStream)) {
    ++stream_of(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}

uint32_t Stream_AddRef(WindowsProcess&, Ptr self) { return ++stream_of(self.addr).refs; }

// The last reference closes the file (deleting it for STGM_DELETEONRELEASE).
uint32_t Stream_Release(WindowsProcess& p, Ptr self) {
  FileStream& s = stream_of(self.addr);
  if (--s.refs) return s.refs;
  ::close(s.fd);
  if (s.mode & kStgmDeleteOnRelease) ::unlink(s.host_path.c_str());
  streams().erase(self.addr);
  p.heap.free(self.addr);
  return 0;
}

// Read(buffer, count, &read): S_OK, or S_FALSE when the end of the file came first (fewer bytes
// read).
int32_t Stream_Read(WindowsProcess& p, Ptr self, Ptr buf, uint32_t count, Ptr read) {
  FileStream& s = stream_of(self.addr);
  if (read) put<uint32_t>(read.addr, 0);
  if (count && !p.memory.accessible(buf.addr, count, mem::kWrite)) return com::STG_E_INVALIDPOINTER;
  ssize_t n;
  do n = ::read(s.fd, buf.as<char>(), count);
  while (n < 0 && errno == EINTR);
  if (n < 0) return hresult_from_errno(errno);
  if (read) put<uint32_t>(read.addr, static_cast<uint32_t>(n));
  return static_cast<uint32_t>(n) == count ? com::S_OK : com::S_FALSE;
}

// Write(data, count, &written): STG_E_ACCESSDENIED on a stream opened for reading only.
int32_t Stream_Write(WindowsProcess& p, Ptr self, Ptr data, uint32_t count, Ptr written) {
  FileStream& s = stream_of(self.addr);
  if (written) put<uint32_t>(written.addr, 0);
  if (!(s.mode & (kStgmWrite | kStgmReadWrite))) return STG_E_ACCESSDENIED;
  if (count && !p.memory.accessible(data.addr, count, mem::kRead)) return com::STG_E_INVALIDPOINTER;
  uint32_t done = 0;
  while (done < count) {
    const ssize_t n = ::write(s.fd, data.as<const char>() + done, count - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return hresult_from_errno(errno);
    done += static_cast<uint32_t>(n);
  }
  if (written) put<uint32_t>(written.addr, done);
  return com::S_OK;
}

// Seek(move, origin, &position): STREAM_SEEK_SET, _CUR, _END, as SetFilePointerEx moves a file's
// pointer (and fails: another origin, ERROR_INVALID_PARAMETER; a position before the start,
// ERROR_NEGATIVE_SEEK), its error as an HRESULT.
int32_t Stream_Seek(WindowsProcess&, Ptr self, int64_t move, uint32_t origin, Ptr position) {
  FileStream& s = stream_of(self.addr);
  if (origin > 2) return hresult_from_win32(ERROR_INVALID_PARAMETER);
  const off_t at = ::lseek(s.fd, move, origin == 0 ? SEEK_SET : origin == 1 ? SEEK_CUR : SEEK_END);
  if (at < 0) return hresult_from_win32(131);  // ERROR_NEGATIVE_SEEK
  if (position) put<uint64_t>(position.addr, static_cast<uint64_t>(at));
  return com::S_OK;
}

int32_t Stream_SetSize(WindowsProcess&, Ptr self, uint64_t size) {
  FileStream& s = stream_of(self.addr);
  if (!(s.mode & (kStgmWrite | kStgmReadWrite))) return STG_E_ACCESSDENIED;
  return ::ftruncate(s.fd, static_cast<off_t>(size)) == 0 ? com::S_OK : hresult_from_errno(errno);
}

// CopyTo(stream, count, &read, &written): up to `count` bytes from here written to the other
// stream through its Write, in blocks of guest memory.
int32_t Stream_CopyTo(WindowsProcess& p, Ptr self, Ptr to, uint64_t count, Ptr read_total, Ptr written_total) {
  FileStream& s = stream_of(self.addr);
  if (read_total) put<uint64_t>(read_total.addr, 0);
  if (written_total) put<uint64_t>(written_total.addr, 0);
  if (!to) return com::S_OK;  // (nowhere to copy to: nothing copied)
  constexpr uint32_t kBlock = 64 * 1024;
  const uint64_t block = p.heap.alloc(kBlock), written = p.heap.alloc(4);
  if (!block || !written) return com::E_OUTOFMEMORY;
  uint64_t read_sum = 0, written_sum = 0;
  int32_t hr = com::S_OK;
  while (read_sum < count) {
    const uint32_t want = static_cast<uint32_t>(std::min<uint64_t>(kBlock, count - read_sum));
    ssize_t n;
    do n = ::read(s.fd, guest_pointer(block), want);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      hr = hresult_from_errno(errno);
      break;
    }
    if (n == 0) break;
    read_sum += static_cast<uint64_t>(n);
    put<uint32_t>(written, 0);
    hr = static_cast<int32_t>(call_method(p, to.addr, 4 /* ISequentialStream::Write */, {block, static_cast<uint64_t>(n), written}));
    written_sum += get<uint32_t>(written);
    if (com::failed(hr)) break;
  }
  p.heap.free(block);
  p.heap.free(written);
  if (read_total) put<uint64_t>(read_total.addr, read_sum);
  if (written_total) put<uint64_t>(written_total.addr, written_sum);
  return com::failed(hr) ? hr : com::S_OK;
}

int32_t Stream_Commit(WindowsProcess&, Ptr self, uint32_t) {
  ::fsync(stream_of(self.addr).fd);
  return com::S_OK;
}
int32_t Stream_NotSupported(WindowsProcess&, Ptr) { return com::E_NOTIMPL; }
int32_t Stream_RegionNotSupported(WindowsProcess&, Ptr, uint64_t, uint64_t, uint32_t) { return com::E_NOTIMPL; }
int32_t Stream_CloneNotSupported(WindowsProcess& p, Ptr, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  return com::E_NOTIMPL;
}

// Stat(&statstg, flags): STATSTG — the name (the task allocator's block, none with STATFLAG_NONAME),
// the size, the write, creation (as the write time: Linux keeps none) and access
// times, the mode, no locks.
int32_t Stream_Stat(WindowsProcess& p, Ptr self, Ptr out, uint32_t flags) {
  FileStream& s = stream_of(self.addr);
  if (!out) return com::STG_E_INVALIDPOINTER;
  struct stat st;
  if (::fstat(s.fd, &st) != 0) return hresult_from_errno(errno);
  const uint64_t w = p.isa->ptr;
  std::memset(guest_pointer(out.addr), 0, w == 8 ? 80 : 72);
  uint64_t name = 0;
  constexpr uint32_t kStatFlagNoName = 1;
  if (!(flags & kStatFlagNoName)) {
    name = p.heap.alloc((s.name.size() + 1) * 2);
    if (!name) return com::E_OUTOFMEMORY;
    std::memcpy(guest_pointer(name), s.name.c_str(), (s.name.size() + 1) * 2);
  }
  p.put_ptr(out.addr, name);
  put<uint32_t>(out.addr + w, 0);  // type: 0, not STGTY_STREAM, from Windows' file streams (as wine has it)
  const uint64_t times = w == 8 ? 24 : 16;
  put<uint64_t>(out.addr + times - 8, static_cast<uint64_t>(st.st_size));
  put<uint64_t>(out.addr + times, filetime_of(st.st_mtim));
  put<uint64_t>(out.addr + times + 8, filetime_of(st.st_mtim));
  put<uint64_t>(out.addr + times + 16, filetime_of(st.st_atim));
  put<uint32_t>(out.addr + times + 24, s.mode);
  return com::S_OK;
}

const std::vector<Export>& stream_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IStream::QueryInterface", Stream_QueryInterface),
      EXPORT("IStream::AddRef", Stream_AddRef),
      EXPORT("IStream::Release", Stream_Release),
      EXPORT("IStream::Read", Stream_Read),
      EXPORT("IStream::Write", Stream_Write),
      EXPORT("IStream::Seek", Stream_Seek),
      EXPORT("IStream::SetSize", Stream_SetSize),
      EXPORT("IStream::CopyTo", Stream_CopyTo),
      EXPORT("IStream::Commit", Stream_Commit),
      EXPORT("IStream::Revert", Stream_NotSupported),
      EXPORT("IStream::LockRegion", Stream_RegionNotSupported),
      EXPORT("IStream::UnlockRegion", Stream_RegionNotSupported),
      EXPORT("IStream::Stat", Stream_Stat),
      EXPORT("IStream::Clone", Stream_CloneNotSupported),
  };
  return methods;
}

// SHCreateStreamOnFileEx(name, mode, attributes, create, template, &stream): STGM_CREATE makes or
// empties the file; without it the file must exist, unless `create` asks for a new one (which then
// must not exist). STGM_CONVERT and STGM_TRANSACTED are not for file streams (E_INVALIDARG), nor is
// a template; the failure to open is the file system's error as an HRESULT.
int32_t create_stream(WindowsProcess& p, const std::u16string* name, uint32_t mode, uint32_t attributes, bool create,
                      uint64_t templ, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (!name || templ || (mode & (kStgmConvert | kStgmTransacted)) || (mode & 3) == 3) return com::E_INVALIDARG;
  const std::string host = windows_to_host_path(utf16_to_utf8(*name));
  // (A stream for writing reads too, as under wine; Write checks the mode.)
  int flags = (mode & 3) ? O_RDWR : O_RDONLY;
  if (mode & kStgmCreate) flags |= O_CREAT | O_TRUNC;
  else if (create) flags |= O_CREAT | O_EXCL;
  struct stat st;
  if (::stat(host.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return hresult_from_win32(ERROR_ACCESS_DENIED);
  const int fd = ::open(host.c_str(), flags | O_CLOEXEC, (attributes & 1) ? 0444 : 0666);  // FILE_ATTRIBUTE_READONLY
  if (fd < 0) return hresult_from_win32(errno == EEXIST ? ERROR_FILE_EXISTS : path_error(host, errno));
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) {
    ::close(fd);
    return com::E_OUTOFMEMORY;
  }
  p.put_ptr(self, com_vtable(p, kShlwapi, stream_methods()));
  FileStream s;
  s.fd = fd;
  s.mode = mode;
  s.name = *name;
  s.host_path = host;
  streams()[self] = std::move(s);
  p.put_ptr(out.addr, self);
  return com::S_OK;
}

int32_t SHCreateStreamOnFileEx(WindowsProcess& p, WStr name, uint32_t mode, uint32_t attributes, int32_t create,
                               Ptr templ, Ptr out) {
  std::u16string n = name.addr ? name.str() : std::u16string();
  return create_stream(p, name.addr ? &n : nullptr, mode, attributes, create != 0, templ.addr, out);
}
int32_t SHCreateStreamOnFileW(WindowsProcess& p, WStr name, uint32_t mode, Ptr out) {
  if (mode & kStgmDeleteOnRelease) return com::E_INVALIDARG;
  std::u16string n = name.addr ? name.str() : std::u16string();
  return create_stream(p, name.addr ? &n : nullptr, mode, 0x80 /* FILE_ATTRIBUTE_NORMAL */, false, 0, out);
}
int32_t SHCreateStreamOnFileA(WindowsProcess& p, AStr name, uint32_t mode, Ptr out) {
  if (mode & kStgmDeleteOnRelease) return com::E_INVALIDARG;
  std::u16string n = name.addr ? ansi_to_utf16(name.bytes()) : std::u16string();
  return create_stream(p, name.addr ? &n : nullptr, mode, 0x80, false, 0, out);
}

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& shlwapi_stream_exports() {
  static const std::vector<Export> exports = {
      EXPORT("SHCreateStreamOnFileA", SHCreateStreamOnFileA),
      EXPORT("SHCreateStreamOnFileW", SHCreateStreamOnFileW),
      EXPORT("SHCreateStreamOnFileEx", SHCreateStreamOnFileEx),
  };
  return exports;
}

}  // namespace polyrun::shims
