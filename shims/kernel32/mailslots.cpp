// KERNEL32.dll: mailslots over NTDLL's (ntdll/mailslots.cpp): CreateMailslot (the server's end, which
// reads), CreateFile of \\.\mailslot\NAME (a client's, which writes), ReadFile and WriteFile of
// them, GetMailslotInfo and SetMailslotInfo (the read timeout).
#include "shims/kernel32/mailslots.h"

#include <strings.h>

#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/mailslots.h"

namespace polyrun::shims {

namespace kernel32_mailslots {

constexpr uint32_t kWaitForever = 0xffffffffu;  // MAILSLOT_WAIT_FOREVER
constexpr uint32_t kErrorInvalidName = 123, kErrorSemTimeout = 121, kErrorAlreadyExists = 183;
constexpr uint32_t kIoTimeout = 0xc00000b5;  // STATUS_IO_TIMEOUT

// A Win32 name in the NT namespace, as far as mailslots need it: \\.\X and \\?\X are \??\X; any
// other name is no mailslot's (NTDLL refuses it: ERROR_INVALID_NAME).
std::string nt_name_of(const std::string& win) {
  if (win.rfind("\\\\.\\", 0) == 0 || win.rfind("\\\\?\\", 0) == 0) return "\\??\\" + win.substr(4);
  return win;
}

// A read timeout in milliseconds (MAILSLOT_WAIT_FOREVER: none) in NT form, and back.
int64_t nt_timeout(uint32_t ms) { return ms == kWaitForever ? -1 : -static_cast<int64_t>(ms) * 10000; }
uint32_t ms_timeout(int64_t t) { return t == -1 || t > 0 ? kWaitForever : static_cast<uint32_t>(-t / 10000); }

uint32_t error_of(uint32_t status) {
  if (status == 0xc0000033) return kErrorInvalidName;    // STATUS_OBJECT_NAME_INVALID
  if (status == 0xc0000035) return kErrorAlreadyExists;  // STATUS_OBJECT_NAME_COLLISION
  if (status == kIoTimeout) return kErrorSemTimeout;
  if (status == 0xc0000023) return ERROR_INSUFFICIENT_BUFFER;  // STATUS_BUFFER_TOO_SMALL
  return win_error_from_nt_status(status);
}

Ptr create_mailslot(WindowsProcess& p, const std::string* name, uint32_t max, uint32_t timeout, Ptr sa) {
  const uint64_t invalid = p.isa->ptr == 4 ? 0xffffffffu : ~0ull;
  if (!name) {
    p.set_last_error(ERROR_PATH_NOT_FOUND);
    return Ptr(invalid);
  }
  uint64_t h = 0;
  const uint32_t status =
      ntdll_mailslots::create_server(p, nt_name_of(*name), max, nt_timeout(timeout), p.inherits(sa.addr), h);
  if (status != nt::kSuccess) {
    p.set_last_error(error_of(status));
    return Ptr(invalid);
  }
  p.set_last_error(0);
  return Ptr(h);
}

// CreateMailslot(name, largest message (0: any), read timeout in ms, security attributes).
Ptr CreateMailslotW(WindowsProcess& p, WStr name, uint32_t max, uint32_t timeout, Ptr sa) {
  const std::string n = utf16_to_utf8(name.str());
  return create_mailslot(p, name.addr ? &n : nullptr, max, timeout, sa);
}
Ptr CreateMailslotA(WindowsProcess& p, AStr name, uint32_t max, uint32_t timeout, Ptr sa) {
  const std::string n = ansi_to_utf8(name.bytes());
  return create_mailslot(p, name.addr ? &n : nullptr, max, timeout, sa);
}

// GetMailslotInfo(server, &largest message, &next message's size (MAILSLOT_NO_MESSAGE: none),
// &messages waiting, &read timeout in ms); each out pointer optional.
BOOL GetMailslotInfo(WindowsProcess& p, Ptr h, Ptr max, Ptr next, Ptr count, Ptr timeout) {
  uint8_t info[24] = {};
  const std::optional<uint32_t> st =
      ntdll_mailslots::query(p, h.addr, reinterpret_cast<uint64_t>(info), sizeof info);
  if (!st) return fail(p, ERROR_INVALID_HANDLE);
  if (*st != nt::kSuccess) return fail(p, error_of(*st));
  const uint64_t b = reinterpret_cast<uint64_t>(info);
  if (max) put<uint32_t>(max.addr, get<uint32_t>(b));
  if (next) put<uint32_t>(next.addr, get<uint32_t>(b + 8));
  if (count) put<uint32_t>(count.addr, get<uint32_t>(b + 12));
  if (timeout) put<uint32_t>(timeout.addr, ms_timeout(get<int64_t>(b + 16)));
  return TRUE;
}

// SetMailslotInfo(server, read timeout in ms).
BOOL SetMailslotInfo(WindowsProcess& p, Ptr h, uint32_t timeout) {
  const std::optional<uint32_t> st = ntdll_mailslots::set_timeout(p, h.addr, nt_timeout(timeout));
  if (!st) return fail(p, ERROR_INVALID_HANDLE);
  return *st == nt::kSuccess ? TRUE : fail(p, error_of(*st));
}

}  // namespace kernel32_mailslots

std::optional<uint64_t> open_mailslot_client(WindowsProcess& p, const std::string& win_name) {
  using namespace kernel32_mailslots;
  const std::string nt = nt_name_of(win_name);
  if (nt.size() < 13 || ::strncasecmp(nt.c_str(), "\\??\\mailslot\\", 13) != 0) return std::nullopt;
  uint64_t h = 0;
  const std::optional<uint32_t> st = ntdll_mailslots::open_client(p, nt, 0x40000000u, 1 /* FILE_SHARE_READ */, h);
  if (!st) return std::nullopt;
  if (*st != nt::kSuccess) {
    p.set_last_error(*st == 0xc0000034 ? ERROR_FILE_NOT_FOUND : error_of(*st));  // STATUS_OBJECT_NAME_NOT_FOUND
    return p.isa->ptr == 4 ? 0xffffffffu : ~0ull;
  }
  p.set_last_error(0);
  return h;
}

namespace kernel32_mailslots {

std::optional<int32_t> transfer(WindowsProcess& p, const std::optional<uint32_t>& st, uint64_t iosb, uint64_t done) {
  if (!st) return std::nullopt;
  const uint64_t n = p.get_ptr(iosb + p.isa->ptr);
  if (done) put<uint32_t>(done, *st == nt::kSuccess ? static_cast<uint32_t>(n) : 0);
  if (*st != nt::kSuccess) return fail(p, *st == 0xc0000022 ? ERROR_ACCESS_DENIED : error_of(*st));
  return TRUE;
}

}  // namespace kernel32_mailslots

std::optional<int32_t> mailslot_read(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) {
  uint64_t iosb[2] = {};
  const uint64_t at = reinterpret_cast<uint64_t>(iosb);
  return kernel32_mailslots::transfer(p, ntdll_mailslots::read(p, h, at, buf, len), at, done);
}
std::optional<int32_t> mailslot_write(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) {
  uint64_t iosb[2] = {};
  const uint64_t at = reinterpret_cast<uint64_t>(iosb);
  return kernel32_mailslots::transfer(p, ntdll_mailslots::write(p, h, at, buf, len), at, done);
}

const std::vector<Export>& kernel32_mailslot_exports() {
  using namespace kernel32_mailslots;
  static const std::vector<Export> exports = {
      EXPORT("CreateMailslotA", CreateMailslotA),
      EXPORT("CreateMailslotW", CreateMailslotW),
      EXPORT("GetMailslotInfo", GetMailslotInfo),
      EXPORT("SetMailslotInfo", SetMailslotInfo),
  };
  return exports;
}

}  // namespace polyrun::shims
