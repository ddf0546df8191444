// <filesystem>'s functions of Visual Studio 2012 and 2013 (std::tr2::sys, before the C++ TS's
// std::experimental::filesystem of MSVCP140): for narrow paths (the ANSI code page) and wide ones,
// each the KERNEL32 function its work is, A or W, called through KERNEL32's export so that paths,
// handles and last errors are KERNEL32's own.
//
// Their answers (which differ from MSVCP140's functions of the same names): a path's type, with 0
// or the Windows error at `err` (_Stat, _Lstat: tr2's file_type, status_unknown 0, file_not_found
// 1, regular 2, directory 3); the size or 0 (_File_size); 1 for the same file, 0 not, -1 when neither
// opens (_Equivalent, files only); the last write time in seconds since 1970 (0 when it cannot be
// read) and its setting (_Last_write_time); the current directory into a MAX_PATH buffer, or null
// (_Current_get); 1 made, 0 it existed, -1 failed (_Make_dir); 0 or the Windows error (_Copy_file,
// _Rename, _Link, _Symlink, _Unlink); a volume's capacity, free and available bytes, zeros when it
// cannot be read (_Statvfs); and a directory's entries but . and .. (_Open_dir, _Read_dir,
// _Close_dir). MSVCP110's forms take plain pointers where MSVCP120's take char (&)[260].
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/msvcp120/msvcp120_internal.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims::msvcp120 {

namespace {

using msvcp::call_kernel32;

// tr2's file_type: status_unknown 0, file_not_found 1, regular_file 2, directory_file 3 …
constexpr int32_t kStatusUnknown = 0, kNotFound = 1, kRegular = 2, kDirectory = 3;
constexpr uint32_t kMaxPath = 260;
constexpr uint32_t kInvalidAttributes = 0xffffffffu, kAttributeDirectory = 0x10;
constexpr uint32_t kShareAll = 1 | 2 | 4, kOpenExisting = 3, kBackupSemantics = 0x02000000, kFileWriteAttributes = 0x100;
constexpr uint32_t kErrorSuccess = 0, kErrorInvalidParameter = 87, kErrorAlreadyExists = 183, kErrorBadPathname = 161;
constexpr int64_t kTicks1601To1970 = 116444736000000000ll, kTicksPerSecond = 10000000;

// KERNEL32's `name` in its A or W form.
uint64_t k32(WindowsProcess& p, bool wide, const char* name, const std::vector<uint64_t>& args) {
  return call_kernel32(p, (std::string(name) + (wide ? "W" : "A")).c_str(), args);
}
uint32_t last_error(WindowsProcess& p) { return msvcp::kernel32_last_error(p); }
uint64_t invalid_handle(const WindowsProcess& p) { return msvcp::invalid_handle_value(p); }
bool ok(uint64_t r) { return msvcp::succeeded(r); }
using msvcp::Scratch;
uint32_t error_of(WindowsProcess& p, uint64_t r) { return ok(r) ? kErrorSuccess : last_error(p); }

uint64_t open_existing(WindowsProcess& p, bool wide, uint64_t path, uint32_t access, uint32_t flags) {
  return k32(p, wide, "CreateFile", {path, access, kShareAll, 0, kOpenExisting, flags, 0});
}

template <bool Wide>
int32_t Stat(WindowsProcess& p, Ptr path, Ptr err) {
  if (!path) {
    put<int32_t>(err.addr, kErrorInvalidParameter);
    return kStatusUnknown;
  }
  const uint32_t attr = static_cast<uint32_t>(k32(p, Wide, "GetFileAttributes", {path.addr}));
  if (attr == kInvalidAttributes) {
    const uint32_t e = last_error(p);
    switch (e) {
      case 2: case 3: case 53: case 123: case kErrorBadPathname:  // not found, bad names
        put<int32_t>(err.addr, kErrorSuccess);
        return kNotFound;
      default:
        put<int32_t>(err.addr, static_cast<int32_t>(e));
        return kStatusUnknown;
    }
  }
  put<int32_t>(err.addr, kErrorSuccess);
  return (attr & kAttributeDirectory) ? kDirectory : kRegular;
}

template <bool Wide>
uint64_t File_size(WindowsProcess& p, Ptr path) {
  Scratch data(p, 36);  // WIN32_FILE_ATTRIBUTE_DATA
  if (!ok(k32(p, Wide, "GetFileAttributesEx", {path.addr, 0, data.at}))) return 0;
  return uint64_t{get<uint32_t>(data.at + 28)} << 32 | get<uint32_t>(data.at + 32);
}

template <bool Wide>
int32_t Equivalent(WindowsProcess& p, Ptr a, Ptr b) {
  const uint64_t h1 = open_existing(p, Wide, a.addr, 0, 0), h2 = open_existing(p, Wide, b.addr, 0, 0);
  const uint64_t bad = invalid_handle(p);
  int32_t r;
  if (h1 == bad || h2 == bad) {
    r = h1 == h2 ? -1 : 0;
  } else {
    Scratch info(p, 2 * 52);  // two BY_HANDLE_FILE_INFORMATIONs
    if (!ok(call_kernel32(p, "GetFileInformationByHandle", {h1, info.at})) ||
        !ok(call_kernel32(p, "GetFileInformationByHandle", {h2, info.at + 52}))) {
      r = -1;
    } else {  // the volume's serial number at 28, the file index at 44 and 48
      auto same = [&](uint64_t off) { return get<uint32_t>(info.at + off) == get<uint32_t>(info.at + 52 + off); };
      r = same(28) && same(44) && same(48);
    }
  }
  if (h1 != bad) call_kernel32(p, "CloseHandle", {h1});
  if (h2 != bad) call_kernel32(p, "CloseHandle", {h2});
  return r;
}

template <bool Wide>
int64_t Last_write_time(WindowsProcess& p, Ptr path) {
  const uint64_t h = open_existing(p, Wide, path.addr, 0, kBackupSemantics);
  if (h == invalid_handle(p)) return 0;
  Scratch ft(p, 8);
  int64_t r = -1;
  if (ok(call_kernel32(p, "GetFileTime", {h, 0, 0, ft.at}))) r = get<int64_t>(ft.at) - kTicks1601To1970;
  call_kernel32(p, "CloseHandle", {h});
  return r / kTicksPerSecond;
}

template <bool Wide>
void Last_write_time_set(WindowsProcess& p, Ptr path, int64_t seconds) {
  const uint64_t h = open_existing(p, Wide, path.addr, kFileWriteAttributes, kBackupSemantics);
  if (h == invalid_handle(p)) return;
  Scratch ft(p, 8);
  put<int64_t>(ft.at, seconds * kTicksPerSecond + kTicks1601To1970);
  call_kernel32(p, "SetFileTime", {h, 0, 0, ft.at});
  call_kernel32(p, "CloseHandle", {h});
}

template <bool Wide>
Ptr Current_get(WindowsProcess& p, Ptr buf) {
  return ok(k32(p, Wide, "GetCurrentDirectory", {kMaxPath, buf.addr})) ? buf : Ptr(0);
}
template <bool Wide>
uint8_t Current_set(WindowsProcess& p, Ptr path) { return ok(k32(p, Wide, "SetCurrentDirectory", {path.addr})); }

template <bool Wide>
int32_t Make_dir(WindowsProcess& p, Ptr path) {
  if (ok(k32(p, Wide, "CreateDirectory", {path.addr, 0}))) return 1;
  return last_error(p) == kErrorAlreadyExists ? 0 : -1;
}
template <bool Wide>
uint8_t Remove_dir(WindowsProcess& p, Ptr path) { return ok(k32(p, Wide, "RemoveDirectory", {path.addr})); }

template <bool Wide>
uint32_t Copy_file(WindowsProcess& p, Ptr from, Ptr to, uint8_t fail_if_exists) {
  if (!Wide && (!from || !to)) return kErrorInvalidParameter;
  return error_of(p, k32(p, Wide, "CopyFile", {from.addr, to.addr, fail_if_exists ? 1u : 0u}));
}
template <bool Wide>
uint32_t Rename(WindowsProcess& p, Ptr from, Ptr to) {
  if (!Wide && (!from || !to)) return kErrorInvalidParameter;
  return error_of(p, k32(p, Wide, "MoveFileEx", {from.addr, to.addr, 2}));  // MOVEFILE_COPY_ALLOWED
}
template <bool Wide>
uint32_t Link(WindowsProcess& p, Ptr existing, Ptr link) {
  if (!existing || !link) return kErrorInvalidParameter;
  return error_of(p, k32(p, Wide, "CreateHardLink", {link.addr, existing.addr, 0}));
}
template <bool Wide>
uint32_t Symlink(WindowsProcess& p, Ptr existing, Ptr link) {
  if (!existing || !link) return kErrorInvalidParameter;
  return error_of(p, k32(p, Wide, "CreateSymbolicLink", {link.addr, existing.addr, 0}));
}
template <bool Wide>
uint32_t Unlink(WindowsProcess& p, Ptr path) { return error_of(p, k32(p, Wide, "DeleteFile", {path.addr})); }

// space_info {capacity, free, available}, returned through the caller's copy.
template <bool Wide>
Ptr Statvfs(WindowsProcess& p, Ptr ret, Ptr path) {
  Scratch out(p, 24);  // available, total, free
  const bool got = path && ok(k32(p, Wide, "GetDiskFreeSpaceEx", {path.addr, out.at, out.at + 8, out.at + 16}));
  put<uint64_t>(ret.addr, got ? get<uint64_t>(out.at + 8) : 0);
  put<uint64_t>(ret.addr + 8, got ? get<uint64_t>(out.at + 16) : 0);
  put<uint64_t>(ret.addr + 16, got ? get<uint64_t>(out.at) : 0);
  return ret;
}

// ---- directories: entries in UTF-16 (WIN32_FIND_DATAW: attributes first, the name at 44),
// given to a narrow caller in the ANSI code page ----

constexpr uint64_t kFindDataSize = 592;
bool is_dot(uint64_t data) {
  const char16_t* n = static_cast<const char16_t*>(guest_pointer(data + 44));
  return (n[0] == u'.' && n[1] == 0) || (n[0] == u'.' && n[1] == u'.' && n[2] == 0);
}
// The entry's name at `target` (MAX_PATH characters of the caller's kind) and its type.
void give_entry(WindowsProcess& p, bool wide, uint64_t data, uint64_t target, uint64_t type) {
  if (wide) {
    const size_t n = std::char_traits<char16_t>::length(static_cast<const char16_t*>(guest_pointer(data + 44)));
    std::memmove(guest_pointer(target), guest_pointer(data + 44), (n + 1) * 2);
  } else {
    call_kernel32(p, "WideCharToMultiByte", {0, 0, data + 44, ~0ull, target, kMaxPath, 0, 0});
  }
  put<int32_t>(type, (get<uint32_t>(data) & kAttributeDirectory) ? kDirectory : kRegular);
}
void clear_target(bool wide, uint64_t target) {
  if (wide) put<char16_t>(target, 0);
  else put<char>(target, 0);
}

template <bool Wide>
Ptr Open_dir(WindowsProcess& p, Ptr target, Ptr dest, Ptr err, Ptr type) {
  Scratch buf(p, (kMaxPath + 3) * 2 + kFindDataSize);
  const uint64_t pattern = buf.at, data = buf.at + (kMaxPath + 3) * 2;
  size_t n;
  if (!dest) {
    put<int32_t>(err.addr, kErrorBadPathname);
    clear_target(Wide, target.addr);
    return Ptr(0);
  }
  if (Wide) {
    n = std::char_traits<char16_t>::length(static_cast<const char16_t*>(guest_pointer(dest.addr)));
    if (n <= kMaxPath - 3) std::memcpy(guest_pointer(pattern), guest_pointer(dest.addr), n * 2);
  } else {
    const uint64_t got = call_kernel32(p, "MultiByteToWideChar", {0, 0, dest.addr, ~0ull, pattern, kMaxPath});
    if (!static_cast<uint32_t>(got)) {
      put<int32_t>(err.addr, kErrorBadPathname);
      return Ptr(0);
    }
    n = static_cast<uint32_t>(got) - 1;
  }
  if (n > kMaxPath - 3) {
    put<int32_t>(err.addr, kErrorBadPathname);
    clear_target(Wide, target.addr);
    return Ptr(0);
  }
  std::memcpy(guest_pointer(pattern + n * 2), u"\\*", 6);
  const uint64_t h = call_kernel32(p, "FindFirstFileW", {pattern, data});
  if (h == invalid_handle(p)) {
    put<int32_t>(err.addr, kErrorBadPathname);
    clear_target(Wide, target.addr);
    return Ptr(0);
  }
  while (is_dot(data)) {
    if (!ok(call_kernel32(p, "FindNextFileW", {h, data}))) {
      put<int32_t>(err.addr, kErrorSuccess);
      put<int32_t>(type.addr, kStatusUnknown);
      clear_target(Wide, target.addr);
      call_kernel32(p, "FindClose", {h});
      return Ptr(0);
    }
  }
  give_entry(p, Wide, data, target.addr, type.addr);
  put<int32_t>(err.addr, kErrorSuccess);
  return Ptr(h);
}

template <bool Wide>
Ptr Read_dir(WindowsProcess& p, Ptr target, Ptr handle, Ptr type) {
  Scratch data(p, kFindDataSize);
  do {
    if (!ok(call_kernel32(p, "FindNextFileW", {handle.addr, data.at}))) {
      put<int32_t>(type.addr, kStatusUnknown);
      clear_target(Wide, target.addr);
      return target;
    }
  } while (is_dot(data.at));
  give_entry(p, Wide, data.at, target.addr, type.addr);
  return target;
}

void Close_dir(WindowsProcess& p, Ptr handle) { call_kernel32(p, "FindClose", {handle.addr}); }

}  // namespace

#define TR2(name86, name64, fn) EXPORT(name86, fn), EXPORT(name64, fn)

const std::vector<Export>& tr2_filesystem_exports() {
  static const std::vector<Export> e = {
      TR2("?_Stat@sys@tr2@std@@YA?AW4file_type@123@PBDAAH@Z", "?_Stat@sys@tr2@std@@YA?AW4file_type@123@PEBDAEAH@Z", Stat<false>),
      TR2("?_Stat@sys@tr2@std@@YA?AW4file_type@123@PB_WAAH@Z", "?_Stat@sys@tr2@std@@YA?AW4file_type@123@PEB_WAEAH@Z", Stat<true>),
      TR2("?_Lstat@sys@tr2@std@@YA?AW4file_type@123@PBDAAH@Z", "?_Lstat@sys@tr2@std@@YA?AW4file_type@123@PEBDAEAH@Z", Stat<false>),
      TR2("?_Lstat@sys@tr2@std@@YA?AW4file_type@123@PB_WAAH@Z", "?_Lstat@sys@tr2@std@@YA?AW4file_type@123@PEB_WAEAH@Z", Stat<true>),
      TR2("?_File_size@sys@tr2@std@@YA_KPBD@Z", "?_File_size@sys@tr2@std@@YA_KPEBD@Z", File_size<false>),
      TR2("?_File_size@sys@tr2@std@@YA_KPB_W@Z", "?_File_size@sys@tr2@std@@YA_KPEB_W@Z", File_size<true>),
      TR2("?_Equivalent@sys@tr2@std@@YAHPBD0@Z", "?_Equivalent@sys@tr2@std@@YAHPEBD0@Z", Equivalent<false>),
      TR2("?_Equivalent@sys@tr2@std@@YAHPB_W0@Z", "?_Equivalent@sys@tr2@std@@YAHPEB_W0@Z", Equivalent<true>),
      TR2("?_Last_write_time@sys@tr2@std@@YA_JPBD@Z", "?_Last_write_time@sys@tr2@std@@YA_JPEBD@Z", Last_write_time<false>),
      TR2("?_Last_write_time@sys@tr2@std@@YA_JPB_W@Z", "?_Last_write_time@sys@tr2@std@@YA_JPEB_W@Z", Last_write_time<true>),
      TR2("?_Last_write_time@sys@tr2@std@@YAXPBD_J@Z", "?_Last_write_time@sys@tr2@std@@YAXPEBD_J@Z", Last_write_time_set<false>),
      TR2("?_Last_write_time@sys@tr2@std@@YAXPB_W_J@Z", "?_Last_write_time@sys@tr2@std@@YAXPEB_W_J@Z", Last_write_time_set<true>),
      TR2("?_Current_get@sys@tr2@std@@YAPADAAY0BAE@D@Z", "?_Current_get@sys@tr2@std@@YAPEADAEAY0BAE@D@Z", Current_get<false>),
      TR2("?_Current_get@sys@tr2@std@@YAPA_WAAY0BAE@_W@Z", "?_Current_get@sys@tr2@std@@YAPEA_WAEAY0BAE@_W@Z", Current_get<true>),
      TR2("?_Current_set@sys@tr2@std@@YA_NPBD@Z", "?_Current_set@sys@tr2@std@@YA_NPEBD@Z", Current_set<false>),
      TR2("?_Current_set@sys@tr2@std@@YA_NPB_W@Z", "?_Current_set@sys@tr2@std@@YA_NPEB_W@Z", Current_set<true>),
      TR2("?_Make_dir@sys@tr2@std@@YAHPBD@Z", "?_Make_dir@sys@tr2@std@@YAHPEBD@Z", Make_dir<false>),
      TR2("?_Make_dir@sys@tr2@std@@YAHPB_W@Z", "?_Make_dir@sys@tr2@std@@YAHPEB_W@Z", Make_dir<true>),
      TR2("?_Remove_dir@sys@tr2@std@@YA_NPBD@Z", "?_Remove_dir@sys@tr2@std@@YA_NPEBD@Z", Remove_dir<false>),
      TR2("?_Remove_dir@sys@tr2@std@@YA_NPB_W@Z", "?_Remove_dir@sys@tr2@std@@YA_NPEB_W@Z", Remove_dir<true>),
      TR2("?_Copy_file@sys@tr2@std@@YAHPBD0_N@Z", "?_Copy_file@sys@tr2@std@@YAHPEBD0_N@Z", Copy_file<false>),
      TR2("?_Copy_file@sys@tr2@std@@YAHPB_W0_N@Z", "?_Copy_file@sys@tr2@std@@YAHPEB_W0_N@Z", Copy_file<true>),
      TR2("?_Rename@sys@tr2@std@@YAHPBD0@Z", "?_Rename@sys@tr2@std@@YAHPEBD0@Z", Rename<false>),
      TR2("?_Rename@sys@tr2@std@@YAHPB_W0@Z", "?_Rename@sys@tr2@std@@YAHPEB_W0@Z", Rename<true>),
      TR2("?_Link@sys@tr2@std@@YAHPBD0@Z", "?_Link@sys@tr2@std@@YAHPEBD0@Z", Link<false>),
      TR2("?_Link@sys@tr2@std@@YAHPB_W0@Z", "?_Link@sys@tr2@std@@YAHPEB_W0@Z", Link<true>),
      TR2("?_Symlink@sys@tr2@std@@YAHPBD0@Z", "?_Symlink@sys@tr2@std@@YAHPEBD0@Z", Symlink<false>),
      TR2("?_Symlink@sys@tr2@std@@YAHPB_W0@Z", "?_Symlink@sys@tr2@std@@YAHPEB_W0@Z", Symlink<true>),
      TR2("?_Unlink@sys@tr2@std@@YAHPBD@Z", "?_Unlink@sys@tr2@std@@YAHPEBD@Z", Unlink<false>),
      TR2("?_Unlink@sys@tr2@std@@YAHPB_W@Z", "?_Unlink@sys@tr2@std@@YAHPEB_W@Z", Unlink<true>),
      TR2("?_Statvfs@sys@tr2@std@@YA?AUspace_info@123@PBD@Z", "?_Statvfs@sys@tr2@std@@YA?AUspace_info@123@PEBD@Z", Statvfs<false>),
      TR2("?_Statvfs@sys@tr2@std@@YA?AUspace_info@123@PB_W@Z", "?_Statvfs@sys@tr2@std@@YA?AUspace_info@123@PEB_W@Z", Statvfs<true>),
      TR2("?_Open_dir@sys@tr2@std@@YAPAXAAY0BAE@DPBDAAHAAW4file_type@123@@Z",
          "?_Open_dir@sys@tr2@std@@YAPEAXAEAY0BAE@DPEBDAEAHAEAW4file_type@123@@Z", Open_dir<false>),
      TR2("?_Open_dir@sys@tr2@std@@YAPAXAAY0BAE@_WPB_WAAHAAW4file_type@123@@Z",
          "?_Open_dir@sys@tr2@std@@YAPEAXAEAY0BAE@_WPEB_WAEAHAEAW4file_type@123@@Z", Open_dir<true>),
      TR2("?_Read_dir@sys@tr2@std@@YAPADAAY0BAE@DPAXAAW4file_type@123@@Z",
          "?_Read_dir@sys@tr2@std@@YAPEADAEAY0BAE@DPEAXAEAW4file_type@123@@Z", Read_dir<false>),
      TR2("?_Read_dir@sys@tr2@std@@YAPA_WAAY0BAE@_WPAXAAW4file_type@123@@Z",
          "?_Read_dir@sys@tr2@std@@YAPEA_WAEAY0BAE@_WPEAXAEAW4file_type@123@@Z", Read_dir<true>),
      TR2("?_Close_dir@sys@tr2@std@@YAXPAX@Z", "?_Close_dir@sys@tr2@std@@YAXPEAX@Z", Close_dir),
  };
  return e;
}

const std::vector<Export>& tr2_filesystem_vc11_exports() {
  static const std::vector<Export> e = {
      TR2("?_Current_get@sys@tr2@std@@YAPADPAD@Z", "?_Current_get@sys@tr2@std@@YAPEADPEAD@Z", Current_get<false>),
      TR2("?_Current_get@sys@tr2@std@@YAPA_WPA_W@Z", "?_Current_get@sys@tr2@std@@YAPEA_WPEA_W@Z", Current_get<true>),
      TR2("?_Open_dir@sys@tr2@std@@YAPAXPADPBDAAHAAW4file_type@123@@Z",
          "?_Open_dir@sys@tr2@std@@YAPEAXPEADPEBDAEAHAEAW4file_type@123@@Z", Open_dir<false>),
      TR2("?_Open_dir@sys@tr2@std@@YAPAXPA_WPB_WAAHAAW4file_type@123@@Z",
          "?_Open_dir@sys@tr2@std@@YAPEAXPEA_WPEB_WAEAHAEAW4file_type@123@@Z", Open_dir<true>),
      TR2("?_Read_dir@sys@tr2@std@@YAPADPADPAXAAW4file_type@123@@Z",
          "?_Read_dir@sys@tr2@std@@YAPEADPEADPEAXAEAW4file_type@123@@Z", Read_dir<false>),
      TR2("?_Read_dir@sys@tr2@std@@YAPA_WPA_WPAXAAW4file_type@123@@Z",
          "?_Read_dir@sys@tr2@std@@YAPEA_WPEA_WPEAXAEAW4file_type@123@@Z", Read_dir<true>),
  };
  return e;
}

}  // namespace polyrun::shims::msvcp120
