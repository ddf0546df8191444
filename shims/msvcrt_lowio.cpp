// msvcrt.dll, low-level I/O and the file system by name: _open/_sopen (narrow and wide) with the C
// runtime's flags and text mode, _dup/_dup2, _stat64 and friends, _findfirst/_findnext, the wide
// forms of the directory functions, _fullpath, and the links between C runtime descriptors and
// Win32 handles. C runtime descriptors are host descriptors.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>

#include "shims/guest_memory.h"
#include "shims/path_mapping.h"
#include "shims/shim.h"
#include "shims/text.h"

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
  p.fd_binary[fd] = binary;
  return fd;
}

int32_t _open_(WindowsProcess& p, CStr name, int32_t oflag, VarArgs va) {
  return open_file(p, name.str(), oflag, (oflag & O_CREAT_) ? static_cast<int32_t>(va.next_int()) : 0);
}
int32_t _wopen_(WindowsProcess& p, WStr name, int32_t oflag, VarArgs va) {
  return open_file(p, wide(name), oflag, (oflag & O_CREAT_) ? static_cast<int32_t>(va.next_int()) : 0);
}
// Sharing modes (the third argument) are not enforced: Linux has no mandatory sharing.
int32_t _sopen_(WindowsProcess& p, CStr name, int32_t oflag, int32_t, VarArgs va) {
  return open_file(p, name.str(), oflag, (oflag & O_CREAT_) ? static_cast<int32_t>(va.next_int()) : 0);
}
int32_t _wsopen_(WindowsProcess& p, WStr name, int32_t oflag, int32_t, VarArgs va) {
  return open_file(p, wide(name), oflag, (oflag & O_CREAT_) ? static_cast<int32_t>(va.next_int()) : 0);
}
int32_t _sopen_s_(WindowsProcess& p, Ptr fd, CStr name, int32_t oflag, int32_t, int32_t pmode) {
  int32_t r = open_file(p, name.str(), oflag, pmode);
  put<int32_t>(fd.addr, r);
  return r < 0 ? *msvcrt_errno(p) : 0;
}
int32_t _wsopen_s_(WindowsProcess& p, Ptr fd, WStr name, int32_t oflag, int32_t, int32_t pmode) {
  int32_t r = open_file(p, wide(name), oflag, pmode);
  put<int32_t>(fd.addr, r);
  return r < 0 ? *msvcrt_errno(p) : 0;
}
int32_t _creat_(WindowsProcess& p, CStr name, int32_t pmode) {
  return open_file(p, name.str(), O_WRONLY_ | O_CREAT_ | O_TRUNC_, pmode);
}

int32_t _dup_(WindowsProcess& p, int32_t fd) {
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return failure(p);
  p.fd_binary[copy] = p.fd_binary[fd];
  return copy;
}
int32_t _dup2_(WindowsProcess& p, int32_t fd, int32_t to) {
  if (::dup2(fd, to) < 0) return failure(p);
  p.fd_binary[to] = p.fd_binary[fd];
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
  int32_t old = p.crt_umask;
  p.crt_umask = mode & 0x180;
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
int32_t _chmod_(WindowsProcess& p, CStr name, int32_t mode) { return chmod_file(p, name.str(), mode); }
int32_t _wchmod_(WindowsProcess& p, WStr name, int32_t mode) { return chmod_file(p, wide(name), mode); }
int32_t _waccess_(WindowsProcess& p, WStr name, int32_t mode) { return result(p, ::access(host(wide(name)).c_str(), mode & 6)); }
int32_t _wmkdir_(WindowsProcess& p, WStr name) { return result(p, ::mkdir(host(wide(name)).c_str(), 0777)); }
int32_t _wrmdir_(WindowsProcess& p, WStr name) { return result(p, ::rmdir(host(wide(name)).c_str())); }
int32_t _wchdir_(WindowsProcess& p, WStr name) { return result(p, ::chdir(host(wide(name)).c_str())); }
int32_t _wunlink_(WindowsProcess& p, WStr name) { return result(p, ::unlink(host(wide(name)).c_str())); }
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
  std::string full = windows_full_path(name.addr ? name.str() : ".");
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
      put<int64_t>(out.addr + 24, st.st_size);
      put<int64_t>(out.addr + 32, st.st_atime);
      put<int64_t>(out.addr + 40, st.st_mtime);
      put<int64_t>(out.addr + 48, st.st_ctime);
      break;
    case StatKind::Time32Size32:
      put<int32_t>(out.addr + 20, static_cast<int32_t>(st.st_size));
      put<int32_t>(out.addr + 24, static_cast<int32_t>(st.st_atime));
      put<int32_t>(out.addr + 28, static_cast<int32_t>(st.st_mtime));
      put<int32_t>(out.addr + 32, static_cast<int32_t>(st.st_ctime));
      break;
    case StatKind::Time32Size64:
      put<int64_t>(out.addr + 24, st.st_size);
      put<int32_t>(out.addr + 32, static_cast<int32_t>(st.st_atime));
      put<int32_t>(out.addr + 36, static_cast<int32_t>(st.st_mtime));
      put<int32_t>(out.addr + 40, static_cast<int32_t>(st.st_ctime));
      break;
    case StatKind::Time64Size32:
      put<int32_t>(out.addr + 20, static_cast<int32_t>(st.st_size));
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
int32_t _stat64_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, name.str(), out, StatKind::Time64Size64); }
int32_t _wstat64_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, StatKind::Time64Size64); }
int32_t _stat32_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, name.str(), out, StatKind::Time32Size32); }
int32_t _wstat32_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, StatKind::Time32Size32); }
int32_t _stat64i32_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, name.str(), out, StatKind::Time64Size32); }
int32_t _wstat64i32_(WindowsProcess& p, WStr name, Ptr out) { return stat_path(p, wide(name), out, StatKind::Time64Size32); }
// _stati64: a 64-bit size with the program's time_t (64-bit on x64, 32-bit on i386).
StatKind stati64(WindowsProcess& p) { return p.isa->ptr == 8 ? StatKind::Time64Size64 : StatKind::Time32Size64; }
int32_t _stati64_(WindowsProcess& p, CStr name, Ptr out) { return stat_path(p, name.str(), out, stati64(p)); }
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

// ---- _findfirst / _findnext ----

// struct _finddata64_t: attrib, create/access/write times (64-bit), size (64-bit), name[260];
// the wide form has a UTF-16 name.
struct Find {
  std::string dir;
  std::vector<std::string> names;
  size_t next = 0;
};

void fill_find(const Find& f, const std::string& name, Ptr out, bool w) {
  struct stat st {};
  ::stat((f.dir + "/" + name).c_str(), &st);
  std::memset(out.as<void>(), 0, w ? 560 : 304);
  uint32_t attrib = S_ISDIR(st.st_mode) ? 0x10 : 0x20;  // _A_SUBDIR / _A_ARCH
  if (!(st.st_mode & S_IWUSR)) attrib |= 0x1;          // _A_RDONLY
  if (name.size() > 1 && name[0] == '.' && name != "..") attrib |= 0x2;  // _A_HIDDEN
  put<uint32_t>(out.addr, attrib);
  put<int64_t>(out.addr + 8, st.st_mtime);
  put<int64_t>(out.addr + 16, st.st_atime);
  put<int64_t>(out.addr + 24, st.st_mtime);
  put<int64_t>(out.addr + 32, st.st_size);
  if (w) {
    std::u16string n = utf8_to_utf16(name).substr(0, 259);
    std::memcpy(out.as<char>() + 40, n.c_str(), (n.size() + 1) * 2);
  } else {
    std::string n = name.substr(0, 259);
    std::memcpy(out.as<char>() + 40, n.c_str(), n.size() + 1);
  }
}

int64_t find_first(WindowsProcess& p, const std::string& spec, Ptr out, bool w) {
  auto f = std::make_unique<Find>();
  if (!list_matching(spec, f->dir, f->names)) return error(p, ENOENT);
  if (f->names.empty()) return error(p, ENOENT);
  fill_find(*f, f->names[0], out, w);
  f->next = 1;
  uint64_t h = p.next_handle;
  p.next_handle += 4;
  p.crt_finds[h] = std::shared_ptr<void>(f.release(), [](void* x) { delete static_cast<Find*>(x); });
  return static_cast<int64_t>(h);
}
int32_t find_next(WindowsProcess& p, int64_t h, Ptr out, bool w) {
  auto it = p.crt_finds.find(static_cast<uint64_t>(h));
  if (it == p.crt_finds.end()) return error(p, EINVAL);
  Find& f = *static_cast<Find*>(it->second.get());
  if (f.next >= f.names.size()) return error(p, ENOENT);
  fill_find(f, f.names[f.next++], out, w);
  return 0;
}
USize _findfirst64_(WindowsProcess& p, CStr spec, Ptr out) { return USize(static_cast<uint64_t>(find_first(p, spec.str(), out, false))); }
USize _wfindfirst64_(WindowsProcess& p, WStr spec, Ptr out) { return USize(static_cast<uint64_t>(find_first(p, wide(spec), out, true))); }
int32_t _findnext64_(WindowsProcess& p, USize h, Ptr out) { return find_next(p, static_cast<int64_t>(h.v), out, false); }
int32_t _wfindnext64_(WindowsProcess& p, USize h, Ptr out) { return find_next(p, static_cast<int64_t>(h.v), out, true); }
int32_t _findclose_(WindowsProcess& p, USize h) { return p.crt_finds.erase(h.v) ? 0 : error(p, ENOENT); }

// ---- descriptors and handles ----

Ptr _get_osfhandle_(WindowsProcess& p, int32_t fd) {
  if (::fcntl(fd, F_GETFD) < 0) {
    error(p, EBADF);
    return Ptr(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);  // INVALID_HANDLE_VALUE
  }
  for (const auto& [h, f] : p.handle_fd)
    if (f == fd) return Ptr(h);
  return Ptr(p.handle_for_fd(fd));
}
int32_t _open_osfhandle_(WindowsProcess& p, Ptr h, int32_t flags) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return error(p, EBADF);
  p.fd_binary[fd] = !(flags & O_TEXT_);
  return fd;
}
int32_t _getmaxstdio_(WindowsProcess& p) { return p.crt_max_stdio; }
int32_t _setmaxstdio_(WindowsProcess& p, int32_t n) {
  if (n < 20 || n > 8192) return error(p, EINVAL);
  return p.crt_max_stdio = n;
}

}  // namespace

// These join msvcrt.dll's table (msvcrt.cpp).
const std::vector<Export>& msvcrt_lowio_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_open", _open_),
      EXPORT("_wopen", _wopen_),
      EXPORT("_sopen", _sopen_),
      EXPORT("_wsopen", _wsopen_),
      EXPORT("_sopen_s", _sopen_s_),
      EXPORT("_wsopen_s", _wsopen_s_),
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
      EXPORT("_findfirst64", _findfirst64_),
      EXPORT("_findnext64", _findnext64_),
      EXPORT("_wfindfirst64", _wfindfirst64_),
      EXPORT("_wfindnext64", _wfindnext64_),
      EXPORT("_findclose", _findclose_),
      EXPORT("_get_osfhandle", _get_osfhandle_),
      EXPORT("_open_osfhandle", _open_osfhandle_),
      EXPORT("_getmaxstdio", _getmaxstdio_),
      EXPORT("_setmaxstdio", _setmaxstdio_),
  };
  return exports;
}

}  // namespace polyrun::shims
