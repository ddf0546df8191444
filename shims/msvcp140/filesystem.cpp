// MSVCP140.dll's file system functions beneath <experimental/filesystem> (C++ TS v1 of Visual
// Studio 2015 and 2017): a path's type and permissions (_Stat, _Lstat), size (_File_size,
// _Resize), identity (_Equivalent), last write time (_Last_write_time, _Set_last_write_time),
// directories (_Open_dir, _Read_dir, _Close_dir, _Make_dir, _Remove_dir), the current and
// temporary directories (_Current_get, _Current_set, _Temp_get), copies, renames, links and removal
// (_Copy_file, _Rename, _Link, _Symlink, _Unlink), and path conversions in the ANSI code page
// (_To_byte, _To_wide). Paths are UTF-16 and at most MAX_PATH (260) characters where a buffer
// receives one.
//
// Each is the KERNEL32 function its work is (GetFileAttributesW, CreateFileW, FindFirstFileW …),
// called through KERNEL32's export as MSVCP140 imports it, so that paths, handles and last errors
// are KERNEL32's own. The types are <filesystem>'s file_type: not_found -1, none 0, regular 1,
// directory 2 … unknown 8. A result that is a Windows error is 0 (ERROR_SUCCESS) or the
// thread's last error after the failing call.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/kernel32/exports.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

constexpr int32_t kNotFound = -1, kRegular = 1, kDirectory = 2, kStatusUnknown = 8;
constexpr uint32_t kMaxPath = 260;
constexpr uint32_t kInvalidAttributes = 0xffffffffu, kAttributeReadonly = 1, kAttributeDirectory = 0x10;
constexpr uint32_t kShareAll = 1 | 2 | 4, kOpenExisting = 3, kBackupSemantics = 0x02000000;
constexpr uint32_t kGenericWrite = 0x40000000, kFileWriteAttributes = 0x100;
constexpr uint32_t kErrorSuccess = 0, kErrorInvalidParameter = 87, kErrorAlreadyExists = 183,
                   kErrorBadPathname = 161;
constexpr int64_t kTicks1601To1970 = 116444736000000000ll;

uint32_t last_error(WindowsProcess& p) { return msvcp::kernel32_last_error(p); }
uint64_t invalid_handle(const WindowsProcess& p) { return msvcp::invalid_handle_value(p); }
bool ok(uint64_t r) { return msvcp::succeeded(r); }
using msvcp::Scratch;

// 0 when the call succeeded, else the thread's last error.
uint32_t error_of(WindowsProcess& p, uint64_t result) { return ok(result) ? kErrorSuccess : last_error(p); }

uint64_t open_existing(WindowsProcess& p, uint64_t path, uint32_t access, uint32_t flags) {
  return call_kernel32(p, "CreateFileW", {path, access, kShareAll, 0, kOpenExisting, flags, 0});
}

// ---- a path's type ----

int32_t _Stat(WindowsProcess& p, Ptr path, Ptr permissions) {
  if (!path) return kNotFound;
  const uint32_t attr = static_cast<uint32_t>(call_kernel32(p, "GetFileAttributesW", {path.addr}));
  if (attr == kInvalidAttributes) {
    switch (last_error(p)) {
      case 2: case 3: case 53: case 123: case kErrorBadPathname: return kNotFound;  // not found, bad names
      default: return kStatusUnknown;
    }
  }
  put<int32_t>(permissions.addr, (attr & kAttributeReadonly) ? 0555 : 0777);
  return (attr & kAttributeDirectory) ? kDirectory : kRegular;
}

// The size in bytes, or all ones when the path has none.
uint64_t _File_size(WindowsProcess& p, WStr path) {
  Scratch data(p, 36);  // WIN32_FILE_ATTRIBUTE_DATA
  if (!ok(call_kernel32(p, "GetFileAttributesExW", {path.addr, 0, data.at}))) return ~0ull;
  return uint64_t{get<uint32_t>(data.at + 28)} << 32 | get<uint32_t>(data.at + 32);
}

uint32_t _Resize(WindowsProcess& p, WStr path, uint64_t size) {
  const uint64_t h = open_existing(p, path.addr, kGenericWrite, 0);
  if (h == invalid_handle(p)) return last_error(p);
  const bool x64 = p.isa->ptr == 8;
  uint64_t r = x64 ? call_kernel32(p, "SetFilePointerEx", {h, size, 0, 0})
                   : call_kernel32(p, "SetFilePointerEx", {h, size & 0xffffffffu, size >> 32, 0, 0});
  if (ok(r)) r = call_kernel32(p, "SetEndOfFile", {h});
  const uint32_t err = error_of(p, r);
  call_kernel32(p, "CloseHandle", {h});
  return err;
}

// 1 when the two paths name the same file, 0 when not, -1 when neither exists or either cannot be read.
int32_t _Equivalent(WindowsProcess& p, WStr a, WStr b) {
  const uint64_t h1 = open_existing(p, a.addr, 0, kBackupSemantics);
  const uint64_t h2 = open_existing(p, b.addr, 0, kBackupSemantics);
  int32_t r;
  if (h1 == invalid_handle(p) || h2 == invalid_handle(p)) {
    r = h1 == h2 ? -1 : 0;
  } else {
    Scratch info(p, 2 * 52);  // two BY_HANDLE_FILE_INFORMATIONs
    if (!ok(call_kernel32(p, "GetFileInformationByHandle", {h1, info.at})) ||
        !ok(call_kernel32(p, "GetFileInformationByHandle", {h2, info.at + 52}))) {
      r = -1;
    } else {
      // dwVolumeSerialNumber at 28, nFileIndexHigh at 44, nFileIndexLow at 48
      auto same = [&](uint64_t off) { return get<uint32_t>(info.at + off) == get<uint32_t>(info.at + 52 + off); };
      r = same(28) && same(44) && same(48);
    }
  }
  if (h1 != invalid_handle(p)) call_kernel32(p, "CloseHandle", {h1});
  if (h2 != invalid_handle(p)) call_kernel32(p, "CloseHandle", {h2});
  return r;
}

// ---- times: 100 ns units since 1970 ----

int64_t _Last_write_time(WindowsProcess& p, WStr path) {
  const uint64_t h = open_existing(p, path.addr, 0, kBackupSemantics);
  if (h == invalid_handle(p)) return -1;
  Scratch ft(p, 8);
  int64_t r = -1;
  if (ok(call_kernel32(p, "GetFileTime", {h, 0, 0, ft.at}))) r = get<int64_t>(ft.at) - kTicks1601To1970;
  call_kernel32(p, "CloseHandle", {h});
  return r;
}

int32_t _Set_last_write_time(WindowsProcess& p, WStr path, int64_t time) {
  const uint64_t h = open_existing(p, path.addr, kFileWriteAttributes, kBackupSemantics);
  if (h == invalid_handle(p)) return 0;
  Scratch ft(p, 8);
  put<int64_t>(ft.at, time + kTicks1601To1970);
  const int32_t r = ok(call_kernel32(p, "SetFileTime", {h, 0, 0, ft.at})) ? 1 : 0;
  call_kernel32(p, "CloseHandle", {h});
  return r;
}

// ---- directories ----

constexpr uint64_t kFindDataSize = 592;  // WIN32_FIND_DATAW: attributes first, the name at 44
bool is_dot(const char16_t* name) {
  return (name[0] == u'.' && name[1] == 0) || (name[0] == u'.' && name[1] == u'.' && name[2] == 0);
}
void take_entry(uint64_t data, uint64_t target, uint64_t type) {
  const char16_t* name = static_cast<const char16_t*>(guest_pointer(data + 44));
  const size_t n = std::char_traits<char16_t>::length(name);
  copy_guest(guest_pointer(target), name, (n + 1) * 2, target, true);
  put<int32_t>(type, (get<uint32_t>(data) & kAttributeDirectory) ? kDirectory : kRegular);
}

// Opens the directory `dest`: its first entry (not . or ..) at `target` with its type, and a
// handle for _Read_dir; null with an empty target at the end, or ERROR_BAD_PATHNAME in *err.
Ptr _Open_dir(WindowsProcess& p, Ptr target, WStr dest, Ptr err, Ptr type) {
  const std::u16string dir = dest.str();
  if (dir.size() > kMaxPath - 3) {
    put<int32_t>(err.addr, kErrorBadPathname);
    put<char16_t>(target.addr, 0);
    return Ptr(0);
  }
  const std::u16string pattern = dir + u"\\*";
  Scratch buf(p, (pattern.size() + 1) * 2 + kFindDataSize);
  const uint64_t data = buf.at + (pattern.size() + 1) * 2;
  std::memcpy(guest_pointer(buf.at), pattern.c_str(), (pattern.size() + 1) * 2);
  const uint64_t h = call_kernel32(p, "FindFirstFileW", {buf.at, data});
  if (h == invalid_handle(p)) {
    put<int32_t>(err.addr, kErrorBadPathname);
    put<char16_t>(target.addr, 0);
    return Ptr(0);
  }
  while (is_dot(static_cast<const char16_t*>(guest_pointer(data + 44)))) {
    if (!ok(call_kernel32(p, "FindNextFileW", {h, data}))) {
      put<int32_t>(err.addr, kErrorSuccess);
      put<int32_t>(type.addr, kStatusUnknown);
      put<char16_t>(target.addr, 0);
      call_kernel32(p, "FindClose", {h});
      return Ptr(0);
    }
  }
  take_entry(data, target.addr, type.addr);
  put<int32_t>(err.addr, kErrorSuccess);
  return Ptr(h);
}

// The next entry at `target` (empty, and type unknown, at the end); returns target.
Ptr _Read_dir(WindowsProcess& p, Ptr target, Ptr handle, Ptr type) {
  Scratch data(p, kFindDataSize);
  do {
    if (!ok(call_kernel32(p, "FindNextFileW", {handle.addr, data.at}))) {
      put<int32_t>(type.addr, kStatusUnknown);
      put<char16_t>(target.addr, 0);
      return target;
    }
  } while (is_dot(static_cast<const char16_t*>(guest_pointer(data.at + 44))));
  take_entry(data.at, target.addr, type.addr);
  return target;
}

void _Close_dir(WindowsProcess& p, Ptr handle) { call_kernel32(p, "FindClose", {handle.addr}); }

// 1 made, 0 it exists already, -1 another failure.
int32_t _Make_dir(WindowsProcess& p, WStr path) {
  if (ok(call_kernel32(p, "CreateDirectoryW", {path.addr, 0}))) return 1;
  return last_error(p) == kErrorAlreadyExists ? 0 : -1;
}
uint8_t _Remove_dir(WindowsProcess& p, WStr path) { return ok(call_kernel32(p, "RemoveDirectoryW", {path.addr})); }

// ---- the current and temporary directories ----

int32_t _Current_get(WindowsProcess& p, Ptr buf) { return ok(call_kernel32(p, "GetCurrentDirectoryW", {kMaxPath, buf.addr})); }
uint8_t _Current_set(WindowsProcess& p, WStr path) { return ok(call_kernel32(p, "SetCurrentDirectoryW", {path.addr})); }
Ptr _Temp_get(WindowsProcess& p, Ptr buf) {
  call_kernel32(p, "GetTempPathW", {kMaxPath, buf.addr});
  return buf;
}

// ---- copies, renames, links, removal: 0 or the Windows error ----

uint32_t _Copy_file(WindowsProcess& p, WStr from, WStr to) {
  return error_of(p, call_kernel32(p, "CopyFileW", {from.addr, to.addr, 0}));
}
uint32_t _Rename(WindowsProcess& p, WStr from, WStr to) {
  return error_of(p, call_kernel32(p, "MoveFileExW", {from.addr, to.addr, 2}));  // MOVEFILE_COPY_ALLOWED
}
uint32_t _Link(WindowsProcess& p, Ptr existing, Ptr link) {
  if (!existing || !link) return kErrorInvalidParameter;
  return error_of(p, call_kernel32(p, "CreateHardLinkW", {link.addr, existing.addr, 0}));
}
uint32_t _Symlink(WindowsProcess& p, Ptr existing, Ptr link) {
  if (!existing || !link) return kErrorInvalidParameter;
  return error_of(p, call_kernel32(p, "CreateSymbolicLinkW", {link.addr, existing.addr, 0}));
}
uint32_t _Unlink(WindowsProcess& p, WStr path) { return error_of(p, call_kernel32(p, "DeleteFileW", {path.addr})); }

// ---- a path between UTF-16 and the ANSI code page, into a MAX_PATH buffer: the characters
// written with the NUL, or 0 ----

int32_t _To_byte(WindowsProcess& p, Ptr src, Ptr dst) {
  return static_cast<int32_t>(call_kernel32(p, "WideCharToMultiByte", {0, 0, src.addr, ~0ull, dst.addr, kMaxPath, 0, 0}));
}
int32_t _To_wide(WindowsProcess& p, Ptr src, Ptr dst) {
  return static_cast<int32_t>(call_kernel32(p, "MultiByteToWideChar", {0, 0, src.addr, ~0ull, dst.addr, kMaxPath}));
}

}  // namespace

const std::vector<Export>& filesystem_exports() {
  static const std::vector<Export> e = {
      EXPORT("_Stat", _Stat),
      EXPORT("_Lstat", _Stat),
      EXPORT("_File_size", _File_size),
      EXPORT("_Resize", _Resize),
      EXPORT("_Equivalent", _Equivalent),
      EXPORT("_Last_write_time", _Last_write_time),
      EXPORT("_Set_last_write_time", _Set_last_write_time),
      EXPORT("_Open_dir", _Open_dir),
      EXPORT("_Read_dir", _Read_dir),
      EXPORT("_Close_dir", _Close_dir),
      EXPORT("_Make_dir", _Make_dir),
      EXPORT("_Remove_dir", _Remove_dir),
      EXPORT("_Current_get", _Current_get),
      EXPORT("_Current_set", _Current_set),
      EXPORT("_Temp_get", _Temp_get),
      EXPORT("_Copy_file", _Copy_file),
      EXPORT("_Rename", _Rename),
      EXPORT("_Link", _Link),
      EXPORT("_Symlink", _Symlink),
      EXPORT("_Unlink", _Unlink),
      EXPORT("_To_byte", _To_byte),
      EXPORT("_To_wide", _To_wide),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
