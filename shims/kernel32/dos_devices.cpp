// KERNEL32.dll, the MS-DOS device names and volumes: QueryDosDevice (a name's NT device, or every
// name), DefineDosDevice (names of the process's own making: "\??\target", raw with
// DDD_RAW_TARGET_PATH, removed with DDD_REMOVE_DEFINITION), SetVolumeLabel, and GetBinaryType,
// which tells what kind of program a file is. The names and what they stand for are core's table
// (core/dos_devices.cpp).
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

// The text (several strings, each NUL-ended, then a final NUL) into the buffer: characters written.
uint32_t store_multi(WindowsProcess& p, const std::vector<std::u16string>& items, Ptr buf, uint32_t size, bool wide) {
  std::u16string all;
  for (const auto& s : items) all += s + u'\0';
  all += u'\0';
  if (wide) {
    if (all.size() > size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    std::memcpy(buf.as<char16_t>(), all.data(), all.size() * 2);
    return static_cast<uint32_t>(all.size());
  }
  // In the file functions' code page; the NULs between the strings stay NULs.
  const std::string a = utf8_to_file_api(p.file_apis_oem, utf16_to_utf8(all));
  if (a.size() > size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(buf.as<char>(), a.data(), a.size());
  return static_cast<uint32_t>(a.size());
}

uint32_t query_dos_device(WindowsProcess& p, const std::u16string* name, Ptr buf, uint32_t size, bool wide) {
  if (!name) return store_multi(p, dos_device_names(), buf, size, wide);
  std::vector<std::u16string> t = dos_device_targets(*name);
  if (t.empty()) return fail(p, ERROR_FILE_NOT_FOUND);
  return store_multi(p, t, buf, size, wide);
}
uint32_t QueryDosDeviceW(WindowsProcess& p, WStr name, Ptr buf, uint32_t size) {
  const std::u16string n = name.str();
  return query_dos_device(p, name.addr ? &n : nullptr, buf, size, true);
}
uint32_t QueryDosDeviceA(WindowsProcess& p, AStr name, Ptr buf, uint32_t size) {
  const std::u16string n = utf8_to_utf16(file_api_to_utf8(p.file_apis_oem, name.bytes()));
  return query_dos_device(p, name.addr ? &n : nullptr, buf, size, false);
}

BOOL DefineDosDeviceW(WindowsProcess& p, uint32_t flags, WStr name, WStr target) {
  const std::u16string t = target.str();
  const uint32_t error = define_dos_device(flags, name.str(), target.addr ? &t : nullptr);
  return error ? fail(p, error) : TRUE;
}
BOOL DefineDosDeviceA(WindowsProcess& p, uint32_t flags, AStr name, AStr target) {
  const std::u16string t = utf8_to_utf16(file_api_to_utf8(p.file_apis_oem, target.bytes()));
  const uint32_t error = define_dos_device(flags, utf8_to_utf16(file_api_to_utf8(p.file_apis_oem, name.bytes())), target.addr ? &t : nullptr);
  return error ? fail(p, error) : TRUE;
}

// A volume's label is the administrator's to change: ERROR_ACCESS_DENIED, as Windows answers a
// program without that right.
BOOL SetVolumeLabelW(WindowsProcess& p, WStr, WStr) { return fail(p, ERROR_ACCESS_DENIED); }
BOOL SetVolumeLabelA(WindowsProcess& p, AStr, AStr) { return fail(p, ERROR_ACCESS_DENIED); }

// GetBinaryType: SCS_32BIT_BINARY 0, SCS_DOS_BINARY 1, SCS_WOW_BINARY 2 (16-bit Windows),
// SCS_PIF_BINARY 3, SCS_POSIX_BINARY 4, SCS_OS216_BINARY 5, SCS_64BIT_BINARY 6; a file that is no
// program: ERROR_BAD_EXE_FORMAT.
BOOL get_binary_type(WindowsProcess& p, const std::string& name, Ptr type) {
  constexpr uint32_t ERROR_BAD_EXE_FORMAT = 193;
  const std::string host = windows_to_host_path(name);
  const int fd = ::open(host.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(p, win_error_from_errno(errno));
  uint8_t head[0x40] = {}, sig[4] = {};
  uint8_t opt[2] = {};
  const ssize_t n = ::pread(fd, head, sizeof head, 0);
  uint32_t kind = ~0u;
  if (n >= 2 && head[0] == 'M' && head[1] == 'Z') {
    kind = 1;  // an MS-DOS program unless a newer header follows
    uint32_t at = 0;
    std::memcpy(&at, head + 0x3c, 4);
    if (n >= 0x40 && ::pread(fd, sig, 4, at) == 4) {
      if (sig[0] == 'P' && sig[1] == 'E' && sig[2] == 0 && sig[3] == 0 && ::pread(fd, opt, 2, at + 24) == 2)
        kind = opt[0] == 0x0b && opt[1] == 0x02 ? 6 : 0;  // PE32+ or PE32
      else if (sig[0] == 'N' && sig[1] == 'E') kind = 2;
      else if (sig[0] == 'L' && (sig[1] == 'E' || sig[1] == 'X')) kind = 1;
    }
  } else {
    const std::string lower = [&] {
      std::string s = name;
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    }();
    if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".pif") == 0) kind = 3;
    else if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".com") == 0) kind = 1;
  }
  ::close(fd);
  if (kind == ~0u) return fail(p, ERROR_BAD_EXE_FORMAT);
  put<uint32_t>(type.addr, kind);
  return TRUE;
}
BOOL GetBinaryTypeW(WindowsProcess& p, WStr name, Ptr type) { return get_binary_type(p, utf16_to_utf8(name.str()), type); }
BOOL GetBinaryTypeA(WindowsProcess& p, AStr name, Ptr type) {
  return get_binary_type(p, file_api_to_utf8(p.file_apis_oem, name.bytes()), type);
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_dos_device_exports() {
  static const std::vector<Export> exports = {
      EXPORT("QueryDosDeviceW", QueryDosDeviceW),   EXPORT("QueryDosDeviceA", QueryDosDeviceA),
      EXPORT("DefineDosDeviceW", DefineDosDeviceW), EXPORT("DefineDosDeviceA", DefineDosDeviceA),
      EXPORT("SetVolumeLabelW", SetVolumeLabelW),   EXPORT("SetVolumeLabelA", SetVolumeLabelA),
      EXPORT("GetBinaryTypeW", GetBinaryTypeW),     EXPORT("GetBinaryTypeA", GetBinaryTypeA),
      EXPORT("GetBinaryType", GetBinaryTypeA),
  };
  return exports;
}

}  // namespace polyrun::shims
