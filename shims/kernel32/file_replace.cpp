// KERNEL32.dll, more files by name: ReplaceFile (a file's contents replaced by another file's,
// keeping its name and permissions, the old one kept as a backup if asked), MoveFileWithProgress
// (a move across file systems as a copy with its progress routine), GetCompressedFileSize (the
// space a sparse file takes), CheckNameLegalDOS8Dot3, CreateFile2 (CreateFileW with its extended
// parameters) and SetFileValidData.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorUnableToRemoveReplaced = 1175, kErrorUnableToMoveReplacement = 1176,
                   kErrorUnableToMoveReplacement2 = 1177, kErrorPrivilegeNotHeld = 1314, kErrorRequestAborted = 1235;

// ---- ReplaceFile ----

// Both files must be there (ERROR_FILE_NOT_FOUND), the replaced one writable (ERROR_ACCESS_DENIED).
// The replaced file goes to the backup name first if one is given (else it is removed: the
// replacement's rename takes its place); the replacement then takes the replaced file's name and
// permissions. A failure says which step failed: ERROR_UNABLE_TO_REMOVE_REPLACED (nothing moved),
// ERROR_UNABLE_TO_MOVE_REPLACEMENT (no backup made), ERROR_UNABLE_TO_MOVE_REPLACEMENT_2 (the
// replaced file is under the backup name).
BOOL replace_file(WindowsProcess& p, const std::string* replaced, const std::string* replacement, const std::string* backup) {
  if (!replaced || !replacement) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string target = windows_to_host_path(*replaced), source = windows_to_host_path(*replacement);
  struct stat target_st, source_st;
  if (::stat(target.c_str(), &target_st) != 0) return fail(p, path_error(target, errno));
  if (!(target_st.st_mode & 0200)) return fail(p, ERROR_ACCESS_DENIED);
  if (::stat(source.c_str(), &source_st) != 0) return fail(p, path_error(source, errno));
  if (S_ISDIR(source_st.st_mode) || S_ISDIR(target_st.st_mode)) return fail(p, ERROR_ACCESS_DENIED);
  if (backup) {
    const std::string saved = windows_to_host_path(*backup);
    if (::rename(target.c_str(), saved.c_str()) != 0) return fail(p, kErrorUnableToRemoveReplaced);
    if (::rename(source.c_str(), target.c_str()) != 0) return fail(p, kErrorUnableToMoveReplacement2);
  } else if (::rename(source.c_str(), target.c_str()) != 0) {
    return fail(p, kErrorUnableToMoveReplacement);
  }
  ::chmod(target.c_str(), target_st.st_mode & 07777);
  return TRUE;
}
BOOL ReplaceFileW(WindowsProcess& p, WStr replaced, WStr replacement, WStr backup, uint32_t, Ptr, Ptr) {
  const std::string a = utf16_to_utf8(replaced.str()), b = utf16_to_utf8(replacement.str()), c = utf16_to_utf8(backup.str());
  return replace_file(p, replaced.addr ? &a : nullptr, replacement.addr ? &b : nullptr, backup.addr ? &c : nullptr);
}
BOOL ReplaceFileA(WindowsProcess& p, AStr replaced, AStr replacement, AStr backup, uint32_t, Ptr, Ptr) {
  const bool oem = p.file_apis_oem;
  const std::string a = file_api_to_utf8(oem, replaced.bytes()), b = file_api_to_utf8(oem, replacement.bytes()),
                    c = file_api_to_utf8(oem, backup.bytes());
  return replace_file(p, replaced.addr ? &a : nullptr, replacement.addr ? &b : nullptr, backup.addr ? &c : nullptr);
}

// ---- MoveFileWithProgress ----

// MOVEFILE_REPLACE_EXISTING 1, MOVEFILE_COPY_ALLOWED 2, MOVEFILE_DELAY_UNTIL_REBOOT 4,
// MOVEFILE_WRITE_THROUGH 8. A rename where it can be (no progress then, as nothing is copied);
// across file systems, with MOVEFILE_COPY_ALLOWED, a copy (the progress routine called when its
// data is written: PROGRESS_CANCEL or PROGRESS_STOP undo it, ERROR_REQUEST_ABORTED) and the source
// removed. A move at the next boot writes the machine's PendingFileRenameOperations, which only
// administrators may (ERROR_ACCESS_DENIED, MoveFileEx's page).
BOOL copy_then_remove(WindowsProcess& p, const std::string& from, const std::string& to, uint64_t progress, uint64_t data) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return fail_errno(p);
  struct stat st;
  ::fstat(in, &st);
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0777);
  if (out < 0) {
    const int err = errno;
    ::close(in);
    errno = err;
    return fail_errno(p);
  }
  char buf[1 << 16];
  ssize_t n;
  bool ok = true;
  while ((n = ::read(in, buf, sizeof buf)) > 0)
    if (::write(out, buf, static_cast<size_t>(n)) != n) ok = false;
  const int err = errno;
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ::futimens(out, times);
  ::close(in);
  ::close(out);
  if (!ok || n < 0) {
    ::unlink(to.c_str());
    errno = err;
    return fail_errno(p);
  }
  if (progress) {
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    const std::vector<uint64_t> args =
        p.isa->ptr == 8 ? std::vector<uint64_t>{size, size, size, size, 1, 0, 0, 0, data}
                        : std::vector<uint64_t>{size & 0xffffffff, size >> 32, size & 0xffffffff, size >> 32,
                                                size & 0xffffffff, size >> 32, size & 0xffffffff, size >> 32, 1, 0, 0, 0, data};
    const uint32_t answer = static_cast<uint32_t>(p.call_guest(progress, args));
    if (answer == 1 || answer == 2) {
      ::unlink(to.c_str());
      return fail(p, kErrorRequestAborted);
    }
  }
  ::unlink(from.c_str());
  return TRUE;
}
BOOL move_with_progress(WindowsProcess& p, const std::string& from, const std::string* to, uint64_t progress, uint64_t data,
                        uint32_t flags) {
  if (flags & ~0x3fu) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & 4) return fail(p, ERROR_ACCESS_DENIED);
  if (!to) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string source = windows_to_host_path(from), target = windows_to_host_path(*to);
  struct stat st;
  if (::lstat(source.c_str(), &st) != 0) return fail(p, path_error(source, errno));
  if (!(flags & 1) && ::access(target.c_str(), F_OK) == 0) return fail(p, ERROR_ALREADY_EXISTS);
  if (::rename(source.c_str(), target.c_str()) == 0) return TRUE;
  if (errno != EXDEV) return fail_errno(p);
  if (!(flags & 2) || S_ISDIR(st.st_mode)) return fail(p, 17);  // ERROR_NOT_SAME_DEVICE
  return copy_then_remove(p, source, target, progress, data);
}
BOOL MoveFileWithProgressW(WindowsProcess& p, WStr from, WStr to, Ptr progress, Ptr data, uint32_t flags) {
  const std::string t = utf16_to_utf8(to.str());
  return move_with_progress(p, utf16_to_utf8(from.str()), to.addr ? &t : nullptr, progress.addr, data.addr, flags);
}
BOOL MoveFileWithProgressA(WindowsProcess& p, AStr from, AStr to, Ptr progress, Ptr data, uint32_t flags) {
  const std::string t = file_api_to_utf8(p.file_apis_oem, to.bytes());
  return move_with_progress(p, file_api_to_utf8(p.file_apis_oem, from.bytes()), to.addr ? &t : nullptr, progress.addr,
                            data.addr, flags);
}

// ---- sizes, names ----

// The bytes the file takes on the disk where that is less than its size (a sparse file's
// allocated blocks), else its size; INVALID_FILE_SIZE with the error for no such file (the high
// half in *high).
uint32_t compressed_size(WindowsProcess& p, const std::string& name, Ptr high) {
  const std::string host = windows_to_host_path(name);
  struct stat st;
  if (::stat(host.c_str(), &st) != 0) {
    p.set_last_error(path_error(host, errno));
    return 0xffffffffu;
  }
  const uint64_t allocated = static_cast<uint64_t>(st.st_blocks) * 512, size = static_cast<uint64_t>(st.st_size);
  const uint64_t n = S_ISREG(st.st_mode) && allocated < size ? allocated : size;
  if (high) put<uint32_t>(high.addr, static_cast<uint32_t>(n >> 32));
  p.set_last_error(ERROR_SUCCESS);
  return static_cast<uint32_t>(n);
}
uint32_t GetCompressedFileSizeW(WindowsProcess& p, WStr name, Ptr high) { return compressed_size(p, utf16_to_utf8(name.str()), high); }
uint32_t GetCompressedFileSizeA(WindowsProcess& p, AStr name, Ptr high) {
  return compressed_size(p, file_api_to_utf8(p.file_apis_oem, name.bytes()), high);
}

// Whether a name is a legal MS-DOS 8.3 name: "." and "..", or one to eight characters with an
// optional extension of one to three after a single dot, none of them a control character or one
// of "*+,/:;<=>?[\]| and no dot leading. *spaces: whether it has a space (legal, but a name
// with one needs quotes); the OEM name (the name in capitals) into oem if given.
BOOL check_8dot3(WindowsProcess& p, const std::u16string& name, Ptr oem, uint32_t oem_size, Ptr spaces, Ptr legal) {
  if (!legal || name.empty()) return fail(p, ERROR_INVALID_PARAMETER);
  bool ok = true, space = false;
  if (name != u"." && name != u"..") {
    const size_t dot = name.find(u'.');
    const size_t base = dot == std::u16string::npos ? name.size() : dot;
    const size_t ext = dot == std::u16string::npos ? 0 : name.size() - dot - 1;
    if (base == 0 || base > 8 || ext > 3 || (dot != std::u16string::npos && (ext == 0 || name.find(u'.', dot + 1) != std::u16string::npos)))
      ok = false;
    static const std::u16string bad = u"\"*+,/:;<=>?[\\]|";
    for (char16_t c : name) {
      if (c < 0x20 || bad.find(c) != std::u16string::npos || c > 0x7f) ok = false;
      if (c == u' ') space = true;
    }
  }
  put<int32_t>(legal.addr, ok ? TRUE : FALSE);
  if (spaces) put<int32_t>(spaces.addr, ok && space ? TRUE : FALSE);
  if (ok && oem) {
    std::string upper = utf16_to_utf8(name);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper.size() + 1 > oem_size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    std::memcpy(oem.as<char>(), upper.c_str(), upper.size() + 1);
  }
  return TRUE;
}
BOOL CheckNameLegalDOS8Dot3W(WindowsProcess& p, WStr name, Ptr oem, uint32_t size, Ptr spaces, Ptr legal) {
  return check_8dot3(p, name.str(), oem, size, spaces, legal);
}
BOOL CheckNameLegalDOS8Dot3A(WindowsProcess& p, AStr name, Ptr oem, uint32_t size, Ptr spaces, Ptr legal) {
  return check_8dot3(p, utf8_to_utf16(file_api_to_utf8(p.file_apis_oem, name.bytes())), oem, size, spaces, legal);
}

// ---- CreateFile2, SetFileValidData ----

// CREATEFILE2_EXTENDED_PARAMETERS: dwSize, dwFileAttributes, dwFileFlags, dwSecurityQosFlags
// (DWORDs), lpSecurityAttributes, hTemplateFile; null: none of them.
Ptr CreateFile2(WindowsProcess& p, WStr name, uint32_t access, uint32_t share, uint32_t disposition, Ptr params) {
  uint64_t attributes = 0, sa = 0, tmpl = 0;
  if (params) {
    const unsigned w = p.isa->ptr;
    const uint32_t size = get<uint32_t>(params.addr);
    if (size < 16 + 2 * w) {
      p.set_last_error(ERROR_INVALID_PARAMETER);
      return Ptr(w == 8 ? ~0ull : 0xffffffffull);  // INVALID_HANDLE_VALUE
    }
    attributes = get<uint32_t>(params.addr + 4) | get<uint32_t>(params.addr + 8) | get<uint32_t>(params.addr + 12);
    sa = p.get_ptr(params.addr + 16);
    tmpl = p.get_ptr(params.addr + 16 + w);
  }
  return Ptr(p.call_export("kernel32.dll", "CreateFileW", {name.addr, access, share, sa, disposition, attributes, tmpl}));
}

// Setting a file's valid data length takes SE_MANAGE_VOLUME_NAME, which no user process has
// enabled (SetFileValidData's page): ERROR_PRIVILEGE_NOT_HELD.
BOOL SetFileValidData(WindowsProcess& p, Ptr, int64_t) { return fail(p, kErrorPrivilegeNotHeld); }

}  // namespace

const std::vector<Export>& kernel32_file_replace_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ReplaceFileW", ReplaceFileW),
      EXPORT("ReplaceFileA", ReplaceFileA),
      EXPORT("ReplaceFile", ReplaceFileW),
      EXPORT("MoveFileWithProgressW", MoveFileWithProgressW),
      EXPORT("MoveFileWithProgressA", MoveFileWithProgressA),
      EXPORT("GetCompressedFileSizeW", GetCompressedFileSizeW),
      EXPORT("GetCompressedFileSizeA", GetCompressedFileSizeA),
      EXPORT("CheckNameLegalDOS8Dot3W", CheckNameLegalDOS8Dot3W),
      EXPORT("CheckNameLegalDOS8Dot3A", CheckNameLegalDOS8Dot3A),
      EXPORT("CreateFile2", CreateFile2),
      EXPORT("SetFileValidData", SetFileValidData),
  };
  return exports;
}

}  // namespace polyrun::shims
