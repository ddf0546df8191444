// msvcrt.dll, low-level I/O and the file system by name: _open/_sopen (narrow and wide) with the C
// runtime's flags and text mode, _dup/_dup2, _stat64 and friends, _findfirst/_findnext, _utime
// and _futime, the wide forms of the directory functions, _fullpath, the drives (_getdrive,
// _getdcwd), console input (the keys _kbhit and _getch read: msvcrt/console_io.cpp), and the links between C runtime descriptors and Win32
// handles. C runtime descriptors are host descriptors.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>

#include "shims/kernel32/console.h"
#include "shims/msvcrt/descriptors.h"
#include "shims/core/file_sizes.h"
#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/core/windows_modules.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

int32_t error(WindowsProcess& p, int e) {
  *msvcrt_errno(p) = e;
  return -1;
}
// A host call failed: errno and _doserrno from its errno.
int32_t failure(WindowsProcess& p) {
  msvcrt_host_failure(p, errno);
  return -1;
}
int32_t result(WindowsProcess& p, int r) { return r == 0 ? 0 : failure(p); }
std::string wide(WStr s) { return utf16_to_utf8(s.str()); }
// A narrow name's text: the ANSI code page's (msvcrt/crt_locale.h), as Windows' C runtime passes
// it to the A functions; and a name given back in it.
std::string crt_name(WindowsProcess& p, CStr s) { return crt_locale::name_to_utf8(p, s.c_str()); }
std::string crt_name_out(WindowsProcess& p, const std::string& utf8) { return crt_locale::utf8_to_name(p, utf8); }
std::string host(const std::string& win) { return windows_to_host_path(win); }

// ---- _open ----

// The C runtime's _O_* flags; text mode unless _O_BINARY (or _fmode says binary).
constexpr int32_t O_WRONLY_ = 1, O_RDWR_ = 2, O_APPEND_ = 8, O_CREAT_ = 0x100, O_TRUNC_ = 0x200, O_EXCL_ = 0x400,
                  O_TEXT_ = 0x4000, O_BINARY_ = 0x8000;

int32_t open_file(WindowsProcess& p, const std::string& win_path, int32_t oflag, int32_t pmode) {
  int flags = (oflag & O_RDWR_) ? O_RDWR : (oflag & O_WRONLY_) ? O_WRONLY : O_RDONLY;
  if (oflag & O_APPEND_) flags |= O_APPEND;
  if (oflag & O_CREAT_) flags |= O_CREAT;
  if (oflag & O_TRUNC_) flags |= O_TRUNC;
  if (oflag & O_EXCL_) flags |= O_EXCL;
  // _S_IWRITE (0x80) absent: the file is created read-only.
  mode_t mode = (oflag & O_CREAT_) && !(pmode & 0x80) ? 0444 : 0666;
  std::string path = ::strcasecmp(win_path.c_str(), "NUL") == 0 ? "/dev/null" : host(win_path);
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) return failure(p);
  bool binary = (oflag & O_BINARY_) || (!(oflag & O_TEXT_) && get<int32_t>(msvcrt_data(p, "_fmode", 8)) == O_BINARY_);
  crt_descriptor_open(p, fd, binary);
  return fd;
}

int32_t _open_(WindowsProcess& p, CStr name, int32_t oflag, VarArgs va) {
  return open_file(p, crt_name(p, name), oflag, (oflag & O_CREAT_) ? static_cast<int32_t>(va.next_int()) : 0);
}
int32_t _wopen_(WindowsProcess& p, WStr name, int32_t oflag, VarArgs va) {
  return open_file(p, wide(name), oflag, (oflag & O_CREAT_) ? static_cast<int32_t>(va.next_int()) : 0);
}
// Sharing modes (the third argument) are not enforced: Linux has no mandatory sharing.
int32_t _sopen_(WindowsProcess& p, CStr name, int32_t oflag, int32_t, VarArgs va) {
  return open_file(p, crt_name(p, name), oflag, (oflag & O_CREAT_) ? static_cast<int32_t>(va.next_int()) : 0);
}
int32_t _wsopen_(WindowsProcess& p, WStr name, int32_t oflag, int32_t, VarArgs va) {
  return open_file(p, wide(name), oflag, (oflag & O_CREAT_) ? static_cast<int32_t>(va.next_int()) : 0);
}
int32_t _sopen_s_(WindowsProcess& p, Ptr fd, CStr name, int32_t oflag, int32_t, int32_t pmode) {
  int32_t r = open_file(p, crt_name(p, name), oflag, pmode);
  put<int32_t>(fd.addr, r);
  return r < 0 ? *msvcrt_errno(p) : 0;
}
int32_t _wsopen_s_(WindowsProcess& p, Ptr fd, WStr name, int32_t oflag, int32_t, int32_t pmode) {
  int32_t r = open_file(p, wide(name), oflag, pmode);
  put<int32_t>(fd.addr, r);
  return r < 0 ? *msvcrt_errno(p) : 0;
}
int32_t _creat_(WindowsProcess& p, CStr name, int32_t pmode) {
  return open_file(p, crt_name(p, name), O_WRONLY_ | O_CREAT_ | O_TRUNC_, pmode);
}
// _wcreat: _wopen(name, _O_CREAT | _O_TRUNC | _O_RDWR, pmode).
int32_t _wcreat_(WindowsProcess& p, WStr name, int32_t pmode) {
  return open_file(p, wide(name), O_RDWR_ | O_CREAT_ | O_TRUNC_, pmode);
}
// The Universal CRT's _sopen_dispatch(name, oflag, share, pmode, &fd, secure), which _open and
// _sopen_s call: the descriptor in *fd (-1 on failure) and 0 or the error.
int32_t open_dispatch(WindowsProcess& p, const std::string& name, int32_t oflag, int32_t pmode, Ptr fd) {
  if (!fd) {
    *msvcrt_errno(p) = EINVAL;
    crt_invalid_parameter(p, true);
    return EINVAL;
  }
  int32_t r = open_file(p, name, oflag, pmode);
  put<int32_t>(fd.addr, r);
  return r < 0 ? *msvcrt_errno(p) : 0;
}
int32_t _sopen_dispatch_(WindowsProcess& p, CStr name, int32_t oflag, int32_t, int32_t pmode, Ptr fd, int32_t) {
  return open_dispatch(p, crt_name(p, name), oflag, pmode, fd);
}
int32_t _wsopen_dispatch_(WindowsProcess& p, WStr name, int32_t oflag, int32_t, int32_t pmode, Ptr fd, int32_t) {
  return open_dispatch(p, wide(name), oflag, pmode, fd);
}

int32_t _dup_(WindowsProcess& p, int32_t fd) {
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return failure(p);
  crt_descriptor_open(p, copy, p.fd_binary[fd]);
  return copy;
}
int32_t _dup2_(WindowsProcess& p, int32_t fd, int32_t to) {
  if (::dup2(fd, to) < 0) return failure(p);
  crt_descriptor_open(p, to, p.fd_binary[fd]);
  return 0;
}

int64_t _telli64_(WindowsProcess& p, int32_t fd) {
  off_t r = ::lseek(fd, 0, SEEK_CUR);
  return r < 0 ? failure(p) : r;
}
int32_t _tell_(WindowsProcess& p, int32_t fd) { return static_cast<int32_t>(_telli64_(p, fd)); }
int32_t _lseek_(WindowsProcess& p, int32_t fd, int32_t offset, int32_t origin) {
  off_t r = ::lseek(fd, offset, origin);
  return r < 0 ? failure(p) : static_cast<int32_t>(r);
}
int32_t _eof_(WindowsProcess& p, int32_t fd) {
  off_t here = ::lseek(fd, 0, SEEK_CUR), end = ::lseek(fd, 0, SEEK_END);
  if (here < 0 || end < 0) return failure(p);
  ::lseek(fd, here, SEEK_SET);
  return here >= end ? 1 : 0;
}
int32_t _chsize_s_(WindowsProcess& p, int32_t fd, int64_t size) { return ::ftruncate(fd, size) == 0 ? 0 : (failure(p), *msvcrt_errno(p)); }
int32_t _chsize_(WindowsProcess& p, int32_t fd, int32_t size) { return result(p, ::ftruncate(fd, size)); }
int32_t _commit_(WindowsProcess& p, int32_t fd) { return result(p, ::fsync(fd)); }
// _locking: byte-range locks through fcntl (advisory, as every lock on Linux).
int32_t _locking_(WindowsProcess& p, int32_t fd, int32_t mode, int32_t bytes) {
  struct flock fl {};
  fl.l_whence = SEEK_CUR;
  fl.l_len = bytes;
  fl.l_type = mode == 0 ? F_UNLCK : (mode == 3 ? F_RDLCK : F_WRLCK);  // _LK_UNLCK 0, _LK_RLCK 3
  bool wait = mode == 1 || mode == 3;                                 // _LK_LOCK, _LK_RLCK retry
  return ::fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl) == 0 ? 0 : error(p, errno == EAGAIN ? EACCES : errno);
}
int32_t _umask_(WindowsProcess& p, int32_t mode) {
  int32_t& umask = crt(p).umask;
  int32_t old = umask;
  umask = mode & 0x180;
  return old;
}

// ---- names ----

// _S_IWRITE (0x80) grants writing; without it the file becomes read-only.
int32_t chmod_file(WindowsProcess& p, const std::string& win, int32_t mode) {
  std::string path = host(win);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return failure(p);
  mode_t m = st.st_mode & 07777;
  m = (mode & 0x80) ? m | S_IWUSR : m & ~mode_t{0222};
  return result(p, ::chmod(path.c_str(), m));
}
int32_t _chmod_(WindowsProcess& p, CStr name, int32_t mode) { return chmod_file(p, crt_name(p, name), mode); }
int32_t _wchmod_(WindowsProcess& p, WStr name, int32_t mode) { return chmod_file(p, wide(name), mode); }
int32_t _waccess_(WindowsProcess& p, WStr name, int32_t mode) { return result(p, ::access(host(wide(name)).c_str(), mode & 6)); }
int32_t _wmkdir_(WindowsProcess& p, WStr name) { return result(p, ::mkdir(host(wide(name)).c_str(), 0777)); }
int32_t _wrmdir_(WindowsProcess& p, WStr name) { return result(p, ::rmdir(host(wide(name)).c_str())); }
int32_t _wchdir_(WindowsProcess& p, WStr name) { return result(p, ::chdir(host(wide(name)).c_str())); }
int32_t _wunlink_(WindowsProcess& p, WStr name) { return result(p, unlink_file(p, host(wide(name)))); }
int32_t _wrename_(WindowsProcess& p, WStr from, WStr to) {
  std::string t = host(wide(to));
  if (::access(t.c_str(), F_OK) == 0) return error(p, EEXIST);  // the C runtime does not replace
  return result(p, ::rename(host(wide(from)).c_str(), t.c_str()));
}

// _wgetcwd(buf, size): size in characters; a null buffer gets one allocated.
Ptr _wgetcwd_(WindowsProcess& p, Ptr buf, int32_t size) {
  std::u16string w = utf8_to_utf16(windows_current_directory());
  if (!buf) {
    buf = Ptr(p.heap.alloc(std::max<uint64_t>(w.size() + 1, static_cast<uint64_t>(std::max(size, 0))) * 2));
  } else if (w.size() + 1 > static_cast<size_t>(size)) {
    error(p, ERANGE);
    return Ptr(0);
  }
  std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return buf;
}

Ptr _fullpath_(WindowsProcess& p, Ptr buf, CStr name, USize size) {
  std::string full = crt_name_out(p, windows_full_path(name.addr ? crt_name(p, name) : "."));
  if (!buf) buf = Ptr(p.heap.alloc(full.size() + 1));
  else if (full.size() + 1 > size) return error(p, ERANGE), Ptr(0);
  std::memcpy(buf.as<char>(), full.c_str(), full.size() + 1);
  return buf;
}
Ptr _wfullpath_(WindowsProcess& p, Ptr buf, WStr name, USize size) {
  std::u16string full = utf8_to_utf16(windows_full_path(name.addr ? wide(name) : "."));
  if (!buf) buf = Ptr(p.heap.alloc((full.size() + 1) * 2));
  else if (full.size() + 1 > size) return error(p, ERANGE), Ptr(0);
  std::memcpy(buf.as<char16_t>(), full.c_str(), (full.size() + 1) * 2);
  return buf;
}

// ---- stat ----

// struct _stat64: dev, ino (16 bits), mode, nlink, uid, gid (16 bits each), rdev, size (64),
// access/modify/change times (64); _stat32 has 32-bit size and times, _stat64i32 32-bit size.
enum class StatKind { Time64Size64, Time32Size32, Time64Size32, Time32Size64 };

int32_t fill_stat(WindowsProcess& p, const struct stat& st, int drive, Ptr out, StatKind kind) {
  uint16_t mode = S_ISDIR(st.st_mode) ? 0x4000 : S_ISCHR(st.st_mode) ? 0x2000 : S_ISFIFO(st.st_mode) ? 0x1000 : 0x8000;
  mode |= (st.st_mode & S_IRUSR) ? 0x100 : 0;
  mode |= (st.st_mode & S_IWUSR) ? 0x80 : 0;
  mode |= (st.st_mode & S_IXUSR) || S_ISDIR(st.st_mode) ? 0x40 : 0;
  mode |= static_cast<uint16_t>((mode & 0x1c0) >> 3 | (mode & 0x1c0) >> 6);  // group and other as the owner
  uint64_t size = kind == StatKind::Time64Size64 ? 56 : kind == StatKind::Time32Size32 ? 36 : 48;  // Time32Size64: 48
  std::memset(out.as<void>(), 0, size);
  put<uint32_t>(out.addr, static_cast<uint32_t>(drive));
  put<uint16_t>(out.addr + 6, mode);
  put<int16_t>(out.addr + 8, static_cast<int16_t>(st.st_nlink));
  put<uint32_t>(out.addr + 16, static_cast<uint32_t>(drive));
  switch (kind) {
    case StatKind::Time64Size64:
      put<uint64_t>(out.addr + 24, windows_file_size(st));
      put<int64_t>(out.addr + 32, st.st_atime);
      put<int64_t>(out.addr + 40, st.st_mtime);
      put<int64_t>(out.addr + 48, st.st_ctime);
      break;
    case StatKind::Time32Size32:
      put<int32_t>(out.addr + 20, static_cast<int32_t>(windows_file_size(st)));
      put<int32_t>(out.addr + 24, static_cast<int32_t>(st.st_atime));
      put<int32_t>(out.addr + 28, static_cast<int32_t>(st.st_mtime));
      put<int32_t>(out.addr + 32, static_cast<int32_t>(st.st_ctime));
      break;
    case StatKind::Time32Size64:
      put<uint64_t>(out.addr + 24, windows_file_size(st));
      put<int32_t>(out.addr + 32, static_cast<int32_t>(st.st_atime));
      put<int32_t>(out.addr + 36, static_cast<int32_t>(st.st_mtime));
      put<int32_t>(out.addr + 40, static_cast<int32_t>(st.st_ctime));
      break;
    case StatKind::Time64Size32:
      put<int32_t>(out.addr + 20, static_cast<int32_t>(windows_file_size(st)));
      put<int64_t>(out.addr + 24, st.st_atime);
      put<int64_t>(out.addr + 32, st.st_mtime);
      put<int64_t>(out.addr + 40, st.st_ctime);
      break;
  }
  (void)p;
  return 0;
}

int32_t stat_path(WindowsProcess& p, const std::string& win, Ptr out, StatKind kind) {
  std::string name = win;
  // A trailing separator is accepted on a directory only.
  bool trailing = name.size() > 1 && (name.back() == '\\' || name.back() == '/') && !(name.size() == 3 && name[1] == ':');
  struct stat st;
  if (::stat(host(name).c_str(), &st) != 0) return failure(p);
  if (trailing && !S_ISDIR(st.st_mode)) return error(p, ENOENT);
  int drive = name.size() >= 2 && name[1] == ':' ? std::toupper(static_cast<unsigned char>(name[0])) - 'A' : 2;
  return fill_stat(p, st, drive, out, kind);
}
int32_t _stat64_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, crt_name(p, name), out, StatKind::Time64Size64); }
int32_t _wstat64_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, StatKind::Time64Size64); }
int32_t _stat32_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, crt_name(p, name), out, StatKind::Time32Size32); }
int32_t _wstat32_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, StatKind::Time32Size32); }
int32_t _stat64i32_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, crt_name(p, name), out, StatKind::Time64Size32); }
int32_t _wstat64i32_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, StatKind::Time64Size32); }
// _stati64: a 64-bit size with the program's time_t (64-bit on x64, 32-bit on i386).
StatKind stati64(WindowsProcess& p) { return p.isa->ptr == 8 ? StatKind::Time64Size64 : StatKind::Time32Size64; }
int32_t _stati64_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, crt_name(p, name), out, stati64(p)); }
int32_t _wstati64_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, stati64(p)); }
int32_t fstat_kind(WindowsProcess& p, int32_t fd, Ptr out, StatKind kind) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return failure(p);
  return fill_stat(p, st, S_ISCHR(st.st_mode) ? fd : 0, out, kind);
}
int32_t _fstat64_(WindowsProcess& p, int32_t fd, Ptr out) { return fstat_kind(p, fd, out, StatKind::Time64Size64); }
int32_t _fstat32_(WindowsProcess& p, int32_t fd, Ptr out) { return fstat_kind(p, fd, out, StatKind::Time32Size32); }
int32_t _fstat64i32_(WindowsProcess& p, int32_t fd, Ptr out) { return fstat_kind(p, fd, out, StatKind::Time64Size32); }
int32_t _fstati64_(WindowsProcess& p, int32_t fd, Ptr out) { return fstat_kind(p, fd, out, stati64(p)); }
int32_t _stat32i64_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, crt_name(p, name), out, StatKind::Time32Size64); }
int32_t _wstat32i64_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, StatKind::Time32Size64); }
int32_t _fstat32i64_(WindowsProcess& p, int32_t fd, Ptr out) { return fstat_kind(p, fd, out, StatKind::Time32Size64); }
// msvcrt.dll's _stat, _wstat and _fstat: struct _stat, the program's time_t (64-bit on x64, 32-bit on
// i386) and a 32-bit size.
StatKind stat_t(WindowsProcess& p) { return p.isa->ptr == 8 ? StatKind::Time64Size32 : StatKind::Time32Size32; }
int32_t _stat_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, crt_name(p, name), out, stat_t(p)); }
int32_t _wstat_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, stat_t(p)); }
int32_t _fstat_(WindowsProcess& p, int32_t fd, Ptr out) { return fstat_kind(p, fd, out, stat_t(p)); }

// ---- _findfirst / _findnext ----

// struct _finddata*_t: attrib, then the creation, access and write times (32 or 64 bits), the size
// (32 or 64 bits, 8-aligned) and name[260] (narrow, or UTF-16 for the wide forms).
struct FindLayout {
  unsigned time_bytes, size_bytes;
};
constexpr FindLayout kFind64{8, 8}, kFind32{4, 4}, kFind64i32{8, 4}, kFind32i64{4, 8};
// msvcrt.dll's unsuffixed names: time_t as wide as a pointer and a 32-bit size (_finddata_t); the
// i64 names a 64-bit size.
FindLayout find_t(WindowsProcess& p) { return p.isa->ptr == 8 ? kFind64i32 : kFind32; }
FindLayout find_ti64(WindowsProcess& p) { return p.isa->ptr == 8 ? kFind64 : kFind32i64; }

struct Find {
  std::string dir;
  std::vector<std::string> names;
  size_t next = 0;
};

void put_sized(uint64_t at, int64_t v, unsigned bytes) {
  if (bytes == 8) put<int64_t>(at, v);
  else put<int32_t>(at, static_cast<int32_t>(v));
}

void fill_find(WindowsProcess& p, const Find& f, const std::string& name, Ptr out, FindLayout layout, bool w) {
  struct stat st {};
  ::stat((f.dir + "/" + name).c_str(), &st);
  const unsigned t = layout.time_bytes, z = layout.size_bytes;
  const uint64_t size_at = t * 4, name_at = size_at + z;
  const uint64_t align = t == 8 || z == 8 ? 8 : 4, total = (name_at + 260 * (w ? 2 : 1) + align - 1) / align * align;
  std::memset(out.as<void>(), 0, total);
  uint32_t attrib = S_ISDIR(st.st_mode) ? 0x10 : 0x20;  // _A_SUBDIR / _A_ARCH
  if (!(st.st_mode & S_IWUSR)) attrib |= 0x1;          // _A_RDONLY
  if (name.size() > 1 && name[0] == '.' && name != "..") attrib |= 0x2;  // _A_HIDDEN
  put<uint32_t>(out.addr, attrib);
  put_sized(out.addr + t, st.st_mtime, t);  // (Linux keeps no creation time)
  put_sized(out.addr + 2 * t, st.st_atime, t);
  put_sized(out.addr + 3 * t, st.st_mtime, t);
  put_sized(out.addr + size_at, windows_file_size(st), z);
  if (w) {
    std::u16string n = utf8_to_utf16(name).substr(0, 259);
    std::memcpy(out.as<char>() + name_at, n.c_str(), (n.size() + 1) * 2);
  } else {
    std::string n = crt_name_out(p, name).substr(0, 259);
    std::memcpy(out.as<char>() + name_at, n.c_str(), n.size() + 1);
  }
}

USize find_first(WindowsProcess& p, const std::string& spec, Ptr out, FindLayout layout, bool w) {
  auto f = std::make_unique<Find>();
  const USize failed(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  if (!list_matching(spec, f->dir, f->names) || f->names.empty()) return msvcrt_host_failure(p, ENOENT), failed;
  fill_find(p, *f, f->names[0], out, layout, w);
  f->next = 1;
  uint64_t h = p.next_handle;
  p.next_handle += 4;
  crt(p).finds[h] = std::shared_ptr<void>(f.release(), [](void* x) { delete static_cast<Find*>(x); });
  return USize(h);
}
int32_t find_next(WindowsProcess& p, uint64_t h, Ptr out, FindLayout layout, bool w) {
  auto& finds = crt(p).finds;
  auto it = finds.find(h);
  if (it == finds.end()) return error(p, EINVAL);
  Find& f = *static_cast<Find*>(it->second.get());
  if (f.next >= f.names.size()) return error(p, ENOENT);
  fill_find(p, f, f.names[f.next++], out, layout, w);
  return 0;
}
template <FindLayout (*Layout)(WindowsProcess&)>
USize findfirst_(WindowsProcess& p, CStr spec, Ptr out) { return find_first(p, crt_name(p, spec), out, Layout(p), false); }
template <FindLayout (*Layout)(WindowsProcess&)>
USize wfindfirst_(WindowsProcess& p, WStr spec, Ptr out) { return find_first(p, wide(spec), out, Layout(p), true); }
template <FindLayout (*Layout)(WindowsProcess&)>
int32_t findnext_(WindowsProcess& p, USize h, Ptr out) { return find_next(p, h.v, out, Layout(p), false); }
template <FindLayout (*Layout)(WindowsProcess&)>
int32_t wfindnext_(WindowsProcess& p, USize h, Ptr out) { return find_next(p, h.v, out, Layout(p), true); }
FindLayout find64(WindowsProcess&) { return kFind64; }
FindLayout find32(WindowsProcess&) { return kFind32; }
FindLayout find64i32(WindowsProcess&) { return kFind64i32; }
FindLayout find32i64(WindowsProcess&) { return kFind32i64; }
int32_t _findclose_(WindowsProcess& p, USize h) { return crt(p).finds.erase(h.v) ? 0 : error(p, ENOENT); }

// ---- file times ----

// struct _utimbuf (__utimbuf32, __utimbuf64): access and modification times, 32 or 64 bits; a
// null one sets both to now. As on Windows the file is opened for writing to set them: a
// directory or a read-only file gives EACCES.
int32_t set_times(WindowsProcess& p, int fd, Ptr times, unsigned time_bytes) {
  struct timespec ts[2];
  if (times) {
    const int64_t access = time_bytes == 8 ? get<int64_t>(times.addr) : get<int32_t>(times.addr);
    const int64_t modify = time_bytes == 8 ? get<int64_t>(times.addr + 8) : get<int32_t>(times.addr + 4);
    if (access < 0 || modify < 0) return error(p, EINVAL);
    ts[0] = {static_cast<time_t>(access), 0};
    ts[1] = {static_cast<time_t>(modify), 0};
  }
  return result(p, ::futimens(fd, times ? ts : nullptr));
}
int32_t utime_file(WindowsProcess& p, const std::string& win, Ptr times, unsigned time_bytes) {
  int fd = ::open(host(win).c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return errno == EISDIR ? (msvcrt_host_failure(p, EACCES), -1) : failure(p);
  int32_t r = set_times(p, fd, times, time_bytes);
  ::close(fd);
  return r;
}
unsigned time_t_bytes(WindowsProcess& p) { return p.isa->ptr; }  // msvcrt.dll's time_t
int32_t _utime64_(WindowsProcess& p, CStr name, Ptr times) { return utime_file(p, crt_name(p, name), times, 8); }
int32_t _utime32_(WindowsProcess& p, CStr name, Ptr times) { return utime_file(p, crt_name(p, name), times, 4); }
int32_t _utime_(WindowsProcess& p, CStr name, Ptr times) { return utime_file(p, crt_name(p, name), times, time_t_bytes(p)); }
int32_t _wutime64_(WindowsProcess& p, WStr name, Ptr times) { return utime_file(p, wide(name), times, 8); }
int32_t _wutime32_(WindowsProcess& p, WStr name, Ptr times) { return utime_file(p, wide(name), times, 4); }
int32_t _wutime_(WindowsProcess& p, WStr name, Ptr times) { return utime_file(p, wide(name), times, time_t_bytes(p)); }
int32_t _futime64_(WindowsProcess& p, int32_t fd, Ptr times) { return set_times(p, fd, times, 8); }
int32_t _futime32_(WindowsProcess& p, int32_t fd, Ptr times) { return set_times(p, fd, times, 4); }
int32_t _futime_(WindowsProcess& p, int32_t fd, Ptr times) { return set_times(p, fd, times, time_t_bytes(p)); }

// ---- drives ----

// The current drive: 1 for A: … 26 for Z: (the current directory's).
// _getdrives: the drives that exist, a bit each from A: (GetLogicalDrives': C: and Z:).
uint32_t _getdrives_(WindowsProcess&) { return 1u << 2 | 1u << 25; }
int32_t _getdrive_(WindowsProcess&) {
  const std::string cwd = windows_current_directory();
  return std::toupper(static_cast<unsigned char>(cwd[0])) - 'A' + 1;
}
// The current directory of a drive (0: the current one): the current directory on its own drive,
// the root of another drive that exists (C: and Z:); null, errno EACCES and _doserrno
// ERROR_INVALID_DRIVE for one that does not. `count` characters at most with the NUL (ERANGE);
// a null buffer is allocated, at least `count` long.
template <typename C>
Ptr getdcwd(WindowsProcess& p, int32_t drive, Ptr buf, int32_t count) {
  const std::string cwd = windows_current_directory();
  const int32_t current = std::toupper(static_cast<unsigned char>(cwd[0])) - 'A' + 1;
  std::string dir;
  if (drive == 0 || drive == current) {
    dir = cwd;
  } else if (drive == 3 || drive == 26) {  // polyrun's drives (GetLogicalDrives)
    dir = std::string(1, static_cast<char>('A' + drive - 1)) + ":\\";
  } else {
    *msvcrt_errno(p) = EACCES;
    *msvcrt_doserrno(p) = 15;  // ERROR_INVALID_DRIVE
    return Ptr(0);
  }
  std::basic_string<C> text;
  if constexpr (sizeof(C) == 2) text = utf8_to_utf16(dir);
  else text = crt_name_out(p, dir);
  if (!buf) {
    buf = Ptr(p.heap.alloc(std::max<uint64_t>(text.size() + 1, static_cast<uint64_t>(std::max(count, 0))) * sizeof(C)));
    if (!buf) return error(p, ENOMEM), Ptr(0);
  } else if (count <= 0 || text.size() + 1 > static_cast<size_t>(count)) {
    error(p, count <= 0 ? EINVAL : ERANGE);
    return Ptr(0);
  }
  std::memcpy(buf.as<C>(), text.c_str(), (text.size() + 1) * sizeof(C));
  return buf;
}
Ptr _getdcwd_(WindowsProcess& p, int32_t drive, Ptr buf, int32_t count) { return getdcwd<char>(p, drive, buf, count); }
Ptr _wgetdcwd_(WindowsProcess& p, int32_t drive, Ptr buf, int32_t count) { return getdcwd<char16_t>(p, drive, buf, count); }

// ---- console input (conio.h): the console is the terminal on the standard input, as CONIN$ is ----

// Runs `read` with the standard input, where that is a terminal, in raw mode: no line editing,
// echo or signals, and Enter as CR, one key at a time, as a console gives keys with its line
// input, echo and processed input off. The terminal's settings are restored after.
template <class Read>
auto with_raw_terminal(Read&& read) {
  struct termios saved;
  const bool tty = ::tcgetattr(0, &saved) == 0;
  if (tty) {
    struct termios raw = saved;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | INLCR | IXON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(0, TCSANOW, &raw);
  }
  auto r = read();
  if (tty) ::tcsetattr(0, TCSANOW, &saved);
  return r;
}

}  // namespace

// _kbhit: nonzero when a key waits to be read (a byte of the standard input: without a terminal,
// data waiting in its pipe or file; none at its end).
int32_t crt_key_waiting(WindowsProcess& p) {
  if (auto hit = console_kbhit(p)) return *hit;  // the console's queue, once it reads the terminal
  int waiting = 0;
  return with_raw_terminal([&] { return ::ioctl(0, FIONREAD, &waiting) == 0 && waiting > 0; }) ? 1 : 0;
}
// _getch: the next key, without echo, waiting for one; EOF (-1) at the end of the input.
int32_t crt_read_key(WindowsProcess& p) {
  if (auto key = console_getch(p)) return *key;  // the console's queue, once it reads the terminal
  unsigned char key = 0;
  const ssize_t n = with_raw_terminal([&] {
    ssize_t r;
    do r = blocking(p, [&] { return ::read(0, &key, 1); });
    while (r < 0 && errno == EINTR);
    return r;
  });
  return n == 1 ? key : -1;
}

namespace {

// ---- descriptors and handles ----

Ptr _get_osfhandle_(WindowsProcess& p, int32_t fd) {
  if (::fcntl(fd, F_GETFD) < 0) {
    error(p, EBADF);
    return Ptr(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);  // INVALID_HANDLE_VALUE
  }
  return Ptr(crt_descriptor_handle(p, fd));
}
int32_t _open_osfhandle_(WindowsProcess& p, Ptr h, int32_t flags) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return error(p, EBADF);
  crt(p).fd_osfhandle[fd] = h.addr;
  crt_descriptor_open(p, fd, !(flags & O_TEXT_));
  return fd;
}
int32_t _getmaxstdio_(WindowsProcess& p) { return crt(p).max_stdio; }
int32_t _setmaxstdio_(WindowsProcess& p, int32_t n) {
  if (n < 20 || n > 8192) return error(p, EINVAL);
  return crt(p).max_stdio = n;
}

// ---- files and directories by name ----

int32_t errno_result(WindowsProcess& p, int r) {
  if (r != 0) host_failure(p, errno);
  return r == 0 ? 0 : -1;
}
int32_t remove_(WindowsProcess& p, CStr name) { return errno_result(p, unlink_file(p, windows_to_host_path(crt_name(p, name)))); }
int32_t rename_(WindowsProcess& p, CStr from, CStr to) {
  std::string f = windows_to_host_path(crt_name(p, from)), t = windows_to_host_path(crt_name(p, to));
  // Unlike POSIX rename, the C runtime's refuses to replace an existing file.
  if (::access(t.c_str(), F_OK) == 0) {
    *guest_errno(p) = EEXIST;
    return -1;
  }
  return errno_result(p, ::rename(f.c_str(), t.c_str()));
}
int32_t _mkdir_(WindowsProcess& p, CStr name) { return errno_result(p, ::mkdir(windows_to_host_path(crt_name(p, name)).c_str(), 0777)); }
int32_t _rmdir_(WindowsProcess& p, CStr name) { return errno_result(p, ::rmdir(windows_to_host_path(crt_name(p, name)).c_str())); }
int32_t _chdir_(WindowsProcess& p, CStr name) { return errno_result(p, ::chdir(windows_to_host_path(crt_name(p, name)).c_str())); }
int32_t _access_(WindowsProcess& p, CStr name, int32_t mode) {
  return errno_result(p, ::access(windows_to_host_path(crt_name(p, name)).c_str(), mode & 6));
}
Ptr _getcwd_(WindowsProcess& p, Ptr buf, int32_t size) {
  char cwd[4096];
  if (!::getcwd(cwd, sizeof cwd)) return Ptr(0);
  std::string w = crt_name_out(p, host_to_windows_path(cwd));
  if (!buf) {
    buf = Ptr(p.heap.alloc(std::max<size_t>(w.size() + 1, static_cast<size_t>(std::max(size, 0)))));
  } else if (w.size() + 1 > static_cast<size_t>(size)) {
    *guest_errno(p) = ERANGE;
    return Ptr(0);
  }
  std::memcpy(buf.as<char>(), w.c_str(), w.size() + 1);
  return buf;
}

// ---- low-level I/O on descriptors (text mode turns \n into \r\n on the way out) ----

int32_t _write_(WindowsProcess& p, int32_t fd, Ptr buf, uint32_t n) {
  std::string out;
  const char* data = buf.as<const char>();
  size_t len = n;
  if (!p.fd_binary[fd]) {
    for (uint32_t i = 0; i < n; ++i) {
      if (data[i] == '\n') out += '\r';
      out += data[i];
    }
    data = out.data();
    len = out.size();
  }
  if (::isatty(fd) && console_write_fd(p, fd, data, len)) return static_cast<int32_t>(n);  // the console's screen
  size_t done = 0;
  while (done < len) {
    ssize_t w = synchronous_io(p, [&] { return ::write(fd, data + done, len - done); });
    if (w < 0) {
      if (errno == EINTR) continue;
      host_failure(p, errno);
      return -1;
    }
    done += static_cast<size_t>(w);
  }
  return static_cast<int32_t>(n);
}

int32_t _read_(WindowsProcess& p, int32_t fd, Ptr buf, uint32_t n) {
  ssize_t r;
  if (auto from_console = ::isatty(fd) ? console_read_fd(p, fd, buf.as<char>(), n) : std::nullopt) {
    r = *from_console;
  } else {
    do r = synchronous_io(p, [&] { return ::read(fd, buf.as<char>(), n); });
    while (r < 0 && errno == EINTR);
  }
  if (r < 0) {
    host_failure(p, errno);
    return -1;
  }
  if (p.fd_binary[fd]) return static_cast<int32_t>(r);
  // Text mode: \r\n reads as \n.
  char* d = buf.as<char>();
  ssize_t j = 0;
  for (ssize_t i = 0; i < r; ++i)
    if (!(d[i] == '\r' && i + 1 < r && d[i + 1] == '\n')) d[j++] = d[i];
  return static_cast<int32_t>(j);
}

int32_t _close_(WindowsProcess& p, int32_t fd) {
  if (::close(fd) != 0) {
    host_failure(p, errno);
    return -1;
  }
  crt_descriptor_closed(p, fd);
  return 0;
}

int64_t _lseeki64_(WindowsProcess& p, int32_t fd, int64_t off, int32_t whence) {
  off_t r = ::lseek(fd, off, whence);
  if (r < 0) host_failure(p, errno);
  return r;
}

int64_t _filelengthi64_(WindowsProcess& p, int32_t fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    host_failure(p, errno);
    return -1;
  }
  return st.st_size;
}
int32_t _filelength_(WindowsProcess& p, int32_t fd) { return static_cast<int32_t>(_filelengthi64_(p, fd)); }

// struct _stat64: dev, ino(16), mode(16), nlink(16), uid(16), gid(16), rdev, size, atime, mtime, ctime.

int32_t _isatty_(WindowsProcess&, int32_t fd) { return ::isatty(fd) ? 0x40 : 0; }  // FDEV

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_lowio_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_open", _open_),
      EXPORT("_wopen", _wopen_),
      EXPORT("_sopen", _sopen_),
      EXPORT("_wsopen", _wsopen_),
      EXPORT("_sopen_s", _sopen_s_),
      EXPORT("_wsopen_s", _wsopen_s_),
      EXPORT("_wcreat", _wcreat_),
      EXPORT("_sopen_dispatch", _sopen_dispatch_),
      EXPORT("_wsopen_dispatch", _wsopen_dispatch_),
      EXPORT("_creat", _creat_),
      EXPORT("_dup", _dup_),
      EXPORT("_dup2", _dup2_),
      EXPORT("_tell", _tell_),
      EXPORT("_telli64", _telli64_),
      EXPORT("_lseek", _lseek_),
      EXPORT("_eof", _eof_),
      EXPORT("_chsize", _chsize_),
      EXPORT("_chsize_s", _chsize_s_),
      EXPORT("_commit", _commit_),
      EXPORT("_locking", _locking_),
      EXPORT("_umask", _umask_),
      EXPORT("_chmod", _chmod_),
      EXPORT("_wchmod", _wchmod_),
      EXPORT("_waccess", _waccess_),
      EXPORT("_wmkdir", _wmkdir_),
      EXPORT("_wrmdir", _wrmdir_),
      EXPORT("_wchdir", _wchdir_),
      EXPORT("_wunlink", _wunlink_),
      EXPORT("_wremove", _wunlink_),
      EXPORT("_wrename", _wrename_),
      EXPORT("_wgetcwd", _wgetcwd_),
      EXPORT("_fullpath", _fullpath_),
      EXPORT("_wfullpath", _wfullpath_),
      EXPORT("_stat64", _stat64_),
      EXPORT("_wstat64", _wstat64_),
      EXPORT("_stati64", _stati64_),
      EXPORT("_wstati64", _wstati64_),
      EXPORT("_stat32", _stat32_),
      EXPORT("_wstat32", _wstat32_),
      EXPORT("_stat64i32", _stat64i32_),
      EXPORT("_wstat64i32", _wstat64i32_),
      EXPORT("_fstat64", _fstat64_),
      EXPORT("_fstati64", _fstati64_),
      EXPORT("_fstat32", _fstat32_),
      EXPORT("_fstat64i32", _fstat64i32_),
      EXPORT("_stat32i64", _stat32i64_),
      EXPORT("_wstat32i64", _wstat32i64_),
      EXPORT("_fstat32i64", _fstat32i64_),
      EXPORT("_stat", _stat_),
      EXPORT("_wstat", _wstat_),
      EXPORT("_fstat", _fstat_),
      EXPORT("_findfirst", findfirst_<find_t>),
      EXPORT("_findfirsti64", findfirst_<find_ti64>),
      EXPORT("_findfirst32", findfirst_<find32>),
      EXPORT("_findfirst32i64", findfirst_<find32i64>),
      EXPORT("_findfirst64i32", findfirst_<find64i32>),
      EXPORT("_findfirst64", findfirst_<find64>),
      EXPORT("_wfindfirst", wfindfirst_<find_t>),
      EXPORT("_wfindfirsti64", wfindfirst_<find_ti64>),
      EXPORT("_wfindfirst32", wfindfirst_<find32>),
      EXPORT("_wfindfirst32i64", wfindfirst_<find32i64>),
      EXPORT("_wfindfirst64i32", wfindfirst_<find64i32>),
      EXPORT("_wfindfirst64", wfindfirst_<find64>),
      EXPORT("_findnext", findnext_<find_t>),
      EXPORT("_findnexti64", findnext_<find_ti64>),
      EXPORT("_findnext32", findnext_<find32>),
      EXPORT("_findnext32i64", findnext_<find32i64>),
      EXPORT("_findnext64i32", findnext_<find64i32>),
      EXPORT("_findnext64", findnext_<find64>),
      EXPORT("_wfindnext", wfindnext_<find_t>),
      EXPORT("_wfindnexti64", wfindnext_<find_ti64>),
      EXPORT("_wfindnext32", wfindnext_<find32>),
      EXPORT("_wfindnext32i64", wfindnext_<find32i64>),
      EXPORT("_wfindnext64i32", wfindnext_<find64i32>),
      EXPORT("_wfindnext64", wfindnext_<find64>),
      EXPORT("_findclose", _findclose_),
      EXPORT("_utime", _utime_),
      EXPORT("_utime32", _utime32_),
      EXPORT("_utime64", _utime64_),
      EXPORT("_wutime", _wutime_),
      EXPORT("_wutime32", _wutime32_),
      EXPORT("_wutime64", _wutime64_),
      EXPORT("_futime", _futime_),
      EXPORT("_futime32", _futime32_),
      EXPORT("_futime64", _futime64_),
      EXPORT("_getdrive", _getdrive_),
      EXPORT("_getdrives", _getdrives_),
      EXPORT("_getdcwd", _getdcwd_),
      EXPORT("_wgetdcwd", _wgetdcwd_),
      EXPORT("_get_osfhandle", _get_osfhandle_),
      EXPORT("_open_osfhandle", _open_osfhandle_),
      EXPORT("_getmaxstdio", _getmaxstdio_),
      EXPORT("_setmaxstdio", _setmaxstdio_),
      EXPORT_DATA("__pioinfo", crt_pioinfo),
      EXPORT_DATA("__badioinfo", crt_badioinfo),
      EXPORT("_write", _write_),
      EXPORT("_read", _read_),
      EXPORT("_close", _close_),
      EXPORT("_lseeki64", _lseeki64_),
      EXPORT("_filelengthi64", _filelengthi64_),
      EXPORT("_filelength", _filelength_),
      EXPORT("remove", remove_),
      EXPORT("_unlink", remove_),
      EXPORT("rename", rename_),
      EXPORT("_mkdir", _mkdir_),
      EXPORT("_rmdir", _rmdir_),
      EXPORT("_chdir", _chdir_),
      EXPORT("_access", _access_),
      EXPORT("_getcwd", _getcwd_),
      EXPORT("_isatty", _isatty_),
  };
  return exports;
}

}  // namespace polyrun::shims
