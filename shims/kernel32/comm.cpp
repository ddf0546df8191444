// KERNEL32.dll, communications devices: a handle whose descriptor is a terminal device (a serial
// port's /dev/ttyS*, a USB adapter's /dev/ttyUSB*, a pseudo-terminal) is a comm device, driven with
// termios — its line settings as a DCB (GetCommState, SetCommState), its modem lines
// (GetCommModemStatus, EscapeCommFunction, the break), its queues (ClearCommError, PurgeComm),
// the events to wait for (SetCommMask, WaitCommEvent) and its timeouts (kept for the handle and
// given to the terminal as VMIN and VTIME). Another handle's device does not take these requests
// (ERROR_INVALID_FUNCTION, the file system's answer to a serial port's request). BuildCommDCB and
// BuildCommDCBAndTimeouts read the MODE command's device definitions ("COM1:9600,n,8,1",
// "baud=9600 parity=n data=8 stop=1 to=on …").
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/kernel32/console.h"

namespace polyrun::shims {

namespace {

// ---- the DCB ----

// DCB: DCBlength, BaudRate, the flags' bits, wReserved, XonLim, XoffLim, ByteSize, Parity,
// StopBits, XonChar, XoffChar, ErrorChar, EofChar, EvtChar, wReserved1 (28 bytes).
constexpr uint64_t kBaud = 4, kFlags = 8, kXonLim = 14, kXoffLim = 16, kByteSize = 18, kParity = 19, kStopBits = 20,
                   kXonChar = 21, kXoffChar = 22, kEofChar = 24;
// The flags' bits: fBinary 0, fParity 1, fOutxCtsFlow 2, fOutxDsrFlow 3, fDtrControl 4-5,
// fDsrSensitivity 6, fTXContinueOnXoff 7, fOutX 8, fInX 9, fErrorChar 10, fNull 11, fRtsControl
// 12-13, fAbortOnError 14.
constexpr uint32_t kBinary = 1u << 0, kParityCheck = 1u << 1, kOutxCts = 1u << 2, kOutxDsr = 1u << 3, kDsrSensitivity = 1u << 6,
                   kOutX = 1u << 8, kInX = 1u << 9;
constexpr uint32_t kDtrShift = 4, kRtsShift = 12;
constexpr uint32_t kDtrEnable = 1, kDtrHandshake = 2, kRtsEnable = 1, kRtsHandshake = 2, kRtsToggle = 3;
uint32_t with_field(uint32_t bits, uint32_t shift, uint32_t value) { return (bits & ~(3u << shift)) | value << shift; }

// ---- BuildCommDCB ----

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
// The MODE command's two-digit baud rates, and any other number as it is.
uint32_t baud_of(const std::string& s) {
  static const std::map<std::string, uint32_t> abbreviated = {{"11", 110},  {"15", 150},  {"30", 300},
                                                              {"60", 600},  {"12", 1200}, {"24", 2400},
                                                              {"48", 4800}, {"96", 9600}, {"19", 19200}};
  if (auto it = abbreviated.find(s); it != abbreviated.end()) return it->second;
  return static_cast<uint32_t>(std::strtoul(s.c_str(), nullptr, 10));
}
bool number(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }
// NOPARITY 0, ODDPARITY 1, EVENPARITY 2, MARKPARITY 3, SPACEPARITY 4.
int parity_of(const std::string& s) {
  static const std::string letters = "noems";
  return s.size() == 1 && letters.find(s[0]) != std::string::npos ? static_cast<int>(letters.find(s[0])) : -1;
}
// ONESTOPBIT 0, ONE5STOPBITS 1, TWOSTOPBITS 2.
int stop_of(const std::string& s) { return s == "1" ? 0 : s == "1.5" ? 1 : s == "2" ? 2 : -1; }

// "[COMn[:]]baud,parity,data,stop[,x|p]": the line, and the handshake (none: no flow control; x:
// XON/XOFF; p: hardware, CTS and DTR/RTS handshaking).
bool build_old(const std::string& def, uint64_t dcb) {
  std::string s = lower(def);
  if (s.rfind("com", 0) == 0) {
    size_t i = 3;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i < s.size() && s[i] == ':') ++i;
    s = s.substr(i);
  }
  while (!s.empty() && s[0] == ' ') s.erase(0, 1);
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t comma; (comma = s.find(',', start)) != std::string::npos; start = comma + 1) parts.push_back(s.substr(start, comma - start));
  parts.push_back(s.substr(start));
  for (std::string& part : parts) {
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    while (!part.empty() && part.back() == ' ') part.pop_back();
  }
  if (parts.size() < 4 || parts.size() > 5 || !number(parts[0]) || !number(parts[2])) return false;
  const int parity = parity_of(parts[1]), stop = stop_of(parts[3]);
  const unsigned long data = std::strtoul(parts[2].c_str(), nullptr, 10);
  if (parity < 0 || stop < 0 || data < 5 || data > 8) return false;
  const std::string handshake = parts.size() == 5 ? parts[4] : "";
  if (!handshake.empty() && handshake != "x" && handshake != "p") return false;
  put<uint32_t>(dcb + kBaud, baud_of(parts[0]));
  put<uint8_t>(dcb + kParity, static_cast<uint8_t>(parity));
  put<uint8_t>(dcb + kByteSize, static_cast<uint8_t>(data));
  put<uint8_t>(dcb + kStopBits, static_cast<uint8_t>(stop));
  uint32_t bits = get<uint32_t>(dcb + kFlags) & ~(kOutxCts | kOutxDsr | kOutX | kInX);
  if (handshake == "p") {
    bits |= kOutxCts | kOutxDsr;
    bits = with_field(with_field(bits, kDtrShift, kDtrHandshake), kRtsShift, kRtsHandshake);
  } else {
    if (handshake == "x") bits |= kOutX | kInX;
    bits = with_field(with_field(bits, kDtrShift, kDtrEnable), kRtsShift, kRtsEnable);
  }
  put<uint32_t>(dcb + kFlags, bits);
  return true;
}

// "baud=b parity=p data=d stop=s to=on|off xon=on|off odsr=… octs=… dtr=on|off|hs rts=on|off|hs|tg
// idsr=…", each optional; a baud rate without stop bits gives one stop bit (two at 110 baud).
// to=on: a write times out after 60 s (the timeouts given: WriteTotalTimeoutConstant).
bool build_new(const std::string& def, uint64_t dcb, uint64_t timeouts) {
  std::string s = lower(def);
  bool baud = false, stop = false;
  uint32_t bits = get<uint32_t>(dcb + kFlags);
  size_t at = 0;
  while (at < s.size()) {
    if (s[at] == ' ') {
      ++at;
      continue;
    }
    const size_t end = std::min(s.find(' ', at), s.size());
    const std::string item = s.substr(at, end - at);
    at = end;
    const size_t eq = item.find('=');
    if (eq == std::string::npos) return false;
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    const bool on = value == "on", off = value == "off";
    if (key == "baud") {
      if (!number(value)) return false;
      put<uint32_t>(dcb + kBaud, baud_of(value));
      baud = true;
    } else if (key == "parity") {
      const int parity = parity_of(value);
      if (parity < 0) return false;
      put<uint8_t>(dcb + kParity, static_cast<uint8_t>(parity));
    } else if (key == "data") {
      const unsigned long data = std::strtoul(value.c_str(), nullptr, 10);
      if (!number(value) || data < 5 || data > 8) return false;
      put<uint8_t>(dcb + kByteSize, static_cast<uint8_t>(data));
    } else if (key == "stop") {
      const int st = stop_of(value);
      if (st < 0) return false;
      put<uint8_t>(dcb + kStopBits, static_cast<uint8_t>(st));
      stop = true;
    } else if (key == "to") {
      if (!on && !off) return false;
      if (timeouts) {
        std::memset(reinterpret_cast<void*>(timeouts), 0, 20);
        if (on) put<uint32_t>(timeouts + 16, 60000);
      }
    } else if (key == "xon" || key == "odsr" || key == "octs" || key == "idsr") {
      if (!on && !off) return false;
      const uint32_t flag = key == "xon" ? kOutX | kInX : key == "odsr" ? kOutxDsr : key == "octs" ? kOutxCts : kDsrSensitivity;
      bits = on ? bits | flag : bits & ~flag;
    } else if (key == "dtr") {
      const int v = on ? 1 : off ? 0 : value == "hs" ? 2 : -1;
      if (v < 0) return false;
      bits = with_field(bits, kDtrShift, static_cast<uint32_t>(v));
    } else if (key == "rts") {
      const int v = on ? 1 : off ? 0 : value == "hs" ? 2 : value == "tg" ? 3 : -1;
      if (v < 0) return false;
      bits = with_field(bits, kRtsShift, static_cast<uint32_t>(v));
    } else {
      return false;
    }
  }
  if (baud && !stop) put<uint8_t>(dcb + kStopBits, get<uint32_t>(dcb + kBaud) == 110 ? 2 : 0);
  put<uint32_t>(dcb + kFlags, bits);
  return true;
}

BOOL build_dcb(WindowsProcess& p, const std::string& def, Ptr dcb, Ptr timeouts) {
  if (!dcb) return fail(p, ERROR_INVALID_PARAMETER);
  const bool ok = def.find('=') != std::string::npos ? build_new(def, dcb.addr, timeouts.addr) : build_old(def, dcb.addr);
  return ok ? TRUE : fail(p, ERROR_INVALID_PARAMETER);
}
BOOL BuildCommDCBA(WindowsProcess& p, AStr def, Ptr dcb) { return build_dcb(p, def.str(), dcb, Ptr(0)); }
BOOL BuildCommDCBW(WindowsProcess& p, WStr def, Ptr dcb) { return build_dcb(p, utf16_to_utf8(def.str()), dcb, Ptr(0)); }
BOOL BuildCommDCBAndTimeoutsA(WindowsProcess& p, AStr def, Ptr dcb, Ptr timeouts) { return build_dcb(p, def.str(), dcb, timeouts); }
BOOL BuildCommDCBAndTimeoutsW(WindowsProcess& p, WStr def, Ptr dcb, Ptr timeouts) {
  return build_dcb(p, utf16_to_utf8(def.str()), dcb, timeouts);
}

// ---- the device ----

// The terminal descriptor of a comm handle; -1 with the error set (no handle, or no comm device:
// the console's terminal is the console's, not a port).
int comm_fd(WindowsProcess& p, uint64_t h) {
  const int fd = p.fd_for_handle(h);
  if (fd < 0) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return -1;
  }
  if (!::isatty(fd) || console_handle_kind(p, h) != 0) {
    p.set_last_error(ERROR_INVALID_FUNCTION);
    return -1;
  }
  return fd;
}

struct CommState {
  uint32_t mask = 0;
  uint32_t timeouts[5] = {};
};
std::mutex comm_mutex;
std::map<uint64_t, CommState>& comm_states() {
  static std::map<uint64_t, CommState> s;
  return s;
}

const std::pair<uint32_t, speed_t> kSpeeds[] = {
    {50, B50},       {75, B75},       {110, B110},     {134, B134},       {150, B150},       {200, B200},
    {300, B300},     {600, B600},     {1200, B1200},   {1800, B1800},     {2400, B2400},     {4800, B4800},
    {9600, B9600},   {19200, B19200}, {38400, B38400}, {57600, B57600},   {115200, B115200}, {230400, B230400},
    {460800, B460800}, {921600, B921600}};

BOOL GetCommState(WindowsProcess& p, Ptr h, Ptr dcb) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  struct termios t {};
  if (::tcgetattr(fd, &t) != 0) return fail_errno(p);
  std::memset(dcb.as<void>(), 0, 28);
  put<uint32_t>(dcb.addr, 28);
  uint32_t baud = 0;
  for (const auto& [rate, speed] : kSpeeds)
    if (::cfgetospeed(&t) == speed) baud = rate;
  put<uint32_t>(dcb.addr + kBaud, baud);
  uint32_t bits = kBinary;
  if (t.c_iflag & INPCK) bits |= kParityCheck;
  if (t.c_cflag & CRTSCTS) bits |= kOutxCts;
  if (t.c_iflag & IXON) bits |= kOutX;
  if (t.c_iflag & IXOFF) bits |= kInX;
  bits = with_field(bits, kDtrShift, kDtrEnable);
  bits = with_field(bits, kRtsShift, (t.c_cflag & CRTSCTS) ? kRtsHandshake : kRtsEnable);
  put<uint32_t>(dcb.addr + kFlags, bits);
  put<uint16_t>(dcb.addr + kXonLim, 2048);
  put<uint16_t>(dcb.addr + kXoffLim, 512);
  const tcflag_t size = t.c_cflag & CSIZE;
  put<uint8_t>(dcb.addr + kByteSize, size == CS5 ? 5 : size == CS6 ? 6 : size == CS7 ? 7 : 8);
  uint8_t parity = 0;
  if (t.c_cflag & PARENB) {
    if (t.c_cflag & CMSPAR) parity = (t.c_cflag & PARODD) ? 3 : 4;
    else parity = (t.c_cflag & PARODD) ? 1 : 2;
  }
  put<uint8_t>(dcb.addr + kParity, parity);
  put<uint8_t>(dcb.addr + kStopBits, (t.c_cflag & CSTOPB) ? 2 : 0);
  put<uint8_t>(dcb.addr + kXonChar, t.c_cc[VSTART]);
  put<uint8_t>(dcb.addr + kXoffChar, t.c_cc[VSTOP]);
  put<uint8_t>(dcb.addr + kEofChar, t.c_cc[VEOF]);
  return TRUE;
}

// The DCB's line as the terminal's: a rate termios has not is refused (ERROR_INVALID_PARAMETER), as
// are 1.5 stop bits with more than five data bits. The port is raw: bytes pass as they are.
BOOL SetCommState(WindowsProcess& p, Ptr h, Ptr dcb) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  struct termios t {};
  if (::tcgetattr(fd, &t) != 0) return fail_errno(p);
  const uint32_t baud = get<uint32_t>(dcb.addr + kBaud), bits = get<uint32_t>(dcb.addr + kFlags);
  const uint8_t size = get<uint8_t>(dcb.addr + kByteSize), parity = get<uint8_t>(dcb.addr + kParity),
                stop = get<uint8_t>(dcb.addr + kStopBits);
  speed_t speed = 0;
  for (const auto& [rate, s] : kSpeeds)
    if (rate == baud) speed = s;
  if (!speed || size < 5 || size > 8 || parity > 4 || stop > 2 || (stop == 1 && size != 5)) return fail(p, ERROR_INVALID_PARAMETER);
  ::cfmakeraw(&t);
  ::cfsetispeed(&t, speed);
  ::cfsetospeed(&t, speed);
  t.c_cflag &= ~(CSIZE | PARENB | PARODD | CMSPAR | CSTOPB | CRTSCTS);
  t.c_cflag |= (size == 5 ? CS5 : size == 6 ? CS6 : size == 7 ? CS7 : CS8) | CREAD | CLOCAL;
  if (parity) t.c_cflag |= PARENB | (parity == 1 || parity == 3 ? PARODD : 0) | (parity >= 3 ? CMSPAR : 0);
  if (stop == 2) t.c_cflag |= CSTOPB;
  if ((bits & kOutxCts) || ((bits >> kRtsShift) & 3) == kRtsHandshake) t.c_cflag |= CRTSCTS;
  t.c_iflag &= ~(IXON | IXOFF | INPCK);
  if (bits & kOutX) t.c_iflag |= IXON;
  if (bits & kInX) t.c_iflag |= IXOFF;
  if (bits & kParityCheck) t.c_iflag |= INPCK;
  t.c_cc[VSTART] = get<uint8_t>(dcb.addr + kXonChar);
  t.c_cc[VSTOP] = get<uint8_t>(dcb.addr + kXoffChar);
  if (::tcsetattr(fd, TCSANOW, &t) != 0) return fail_errno(p);
  int lines = 0;
  if (::ioctl(fd, TIOCMGET, &lines) == 0) {  // DTR and RTS as the DCB sets them
    const uint32_t dtr = (bits >> kDtrShift) & 3, rts = (bits >> kRtsShift) & 3;
    lines = dtr ? lines | TIOCM_DTR : lines & ~TIOCM_DTR;
    if (rts != kRtsHandshake) lines = rts && rts != kRtsToggle ? lines | TIOCM_RTS : lines & ~TIOCM_RTS;
    ::ioctl(fd, TIOCMSET, &lines);
  }
  return TRUE;
}

// COMMTIMEOUTS: ReadIntervalTimeout, ReadTotalTimeoutMultiplier, ReadTotalTimeoutConstant,
// WriteTotalTimeoutMultiplier, WriteTotalTimeoutConstant. A read returns at once with what is there
// (interval MAXDWORD, no totals: VMIN 0, VTIME 0), waits at most the constant (VTIME, tenths of a
// second), or for a byte.
BOOL GetCommTimeouts(WindowsProcess& p, Ptr h, Ptr out) {
  if (comm_fd(p, h.addr) < 0) return FALSE;
  std::lock_guard<std::mutex> g(comm_mutex);
  std::memcpy(out.as<void>(), comm_states()[h.addr].timeouts, 20);
  return TRUE;
}
BOOL SetCommTimeouts(WindowsProcess& p, Ptr h, Ptr in) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  uint32_t v[5];
  std::memcpy(v, in.as<const void>(), 20);
  struct termios t {};
  if (::tcgetattr(fd, &t) != 0) return fail_errno(p);
  if (v[0] == 0xffffffffu && v[1] == 0 && v[2] == 0) {
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
  } else if (v[2] || v[1]) {
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = static_cast<cc_t>(std::min<uint32_t>(255, (v[2] + 99) / 100));
  } else {
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
  }
  if (::tcsetattr(fd, TCSANOW, &t) != 0) return fail_errno(p);
  std::lock_guard<std::mutex> g(comm_mutex);
  std::memcpy(comm_states()[h.addr].timeouts, v, 20);
  return TRUE;
}

// ---- lines, queues, events ----

// MS_CTS_ON 0x10, MS_DSR_ON 0x20, MS_RING_ON 0x40, MS_RLSD_ON 0x80.
BOOL GetCommModemStatus(WindowsProcess& p, Ptr h, Ptr status) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  int lines = 0;
  if (::ioctl(fd, TIOCMGET, &lines) != 0) lines = 0;  // (a pseudo-terminal has no modem lines)
  uint32_t s = 0;
  if (lines & TIOCM_CTS) s |= 0x10;
  if (lines & TIOCM_DSR) s |= 0x20;
  if (lines & TIOCM_RNG) s |= 0x40;
  if (lines & TIOCM_CD) s |= 0x80;
  put<uint32_t>(status.addr, s);
  return TRUE;
}
BOOL set_line(WindowsProcess& p, int fd, int line, bool on) {
  if (::ioctl(fd, on ? TIOCMBIS : TIOCMBIC, &line) != 0) return fail_errno(p);
  return TRUE;
}
// SETXOFF 1, SETXON 2, SETRTS 3, CLRRTS 4, SETDTR 5, CLRDTR 6, RESETDEV 7 (a printer's), SETBREAK 8,
// CLRBREAK 9.
BOOL EscapeCommFunction(WindowsProcess& p, Ptr h, uint32_t function) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  switch (function) {
    case 1: return ::tcflow(fd, TCIOFF) == 0 ? TRUE : fail_errno(p);
    case 2: return ::tcflow(fd, TCION) == 0 ? TRUE : fail_errno(p);
    case 3: return set_line(p, fd, TIOCM_RTS, true);
    case 4: return set_line(p, fd, TIOCM_RTS, false);
    case 5: return set_line(p, fd, TIOCM_DTR, true);
    case 6: return set_line(p, fd, TIOCM_DTR, false);
    case 8: return ::ioctl(fd, TIOCSBRK) == 0 ? TRUE : fail_errno(p);
    case 9: return ::ioctl(fd, TIOCCBRK) == 0 ? TRUE : fail_errno(p);
    default: return fail(p, ERROR_INVALID_PARAMETER);
  }
}
BOOL SetCommBreak(WindowsProcess& p, Ptr h) { return EscapeCommFunction(p, h, 8); }
BOOL ClearCommBreak(WindowsProcess& p, Ptr h) { return EscapeCommFunction(p, h, 9); }

// COMSTAT: the flags (nothing held back), cbInQue, cbOutQue. No line errors are reported here.
BOOL ClearCommError(WindowsProcess& p, Ptr h, Ptr errors, Ptr stat) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  if (errors) put<uint32_t>(errors.addr, 0);
  if (stat) {
    int in = 0, out = 0;
    ::ioctl(fd, FIONREAD, &in);
    ::ioctl(fd, TIOCOUTQ, &out);
    put<uint32_t>(stat.addr, 0);
    put<uint32_t>(stat.addr + 4, static_cast<uint32_t>(in));
    put<uint32_t>(stat.addr + 8, static_cast<uint32_t>(out));
  }
  return TRUE;
}
// PURGE_TXABORT 1, PURGE_RXABORT 2, PURGE_TXCLEAR 4, PURGE_RXCLEAR 8: the queues emptied (no
// operation is left pending to abort: they end before their call returns).
BOOL PurgeComm(WindowsProcess& p, Ptr h, uint32_t flags) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  if (flags & ~15u) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & 4) ::tcflush(fd, TCOFLUSH);
  if (flags & 8) ::tcflush(fd, TCIFLUSH);
  return TRUE;
}
// The queues' sizes are a recommendation the driver may not take (SetupComm's page): the
// terminal's are fixed.
BOOL SetupComm(WindowsProcess& p, Ptr h, uint32_t, uint32_t) { return comm_fd(p, h.addr) < 0 ? FALSE : TRUE; }
BOOL TransmitCommChar(WindowsProcess& p, Ptr h, uint8_t c) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  return ::write(fd, &c, 1) == 1 ? TRUE : fail_errno(p);
}

// EV_RXCHAR 1, EV_RXFLAG 2, EV_TXEMPTY 4, EV_CTS 8, EV_DSR 0x10, EV_RLSD 0x20, EV_BREAK 0x40, EV_ERR
// 0x80, EV_RING 0x100 …
BOOL GetCommMask(WindowsProcess& p, Ptr h, Ptr mask) {
  if (comm_fd(p, h.addr) < 0) return FALSE;
  std::lock_guard<std::mutex> g(comm_mutex);
  put<uint32_t>(mask.addr, comm_states()[h.addr].mask);
  return TRUE;
}
BOOL SetCommMask(WindowsProcess& p, Ptr h, uint32_t mask) {
  if (comm_fd(p, h.addr) < 0) return FALSE;
  std::lock_guard<std::mutex> g(comm_mutex);
  comm_states()[h.addr].mask = mask;
  return TRUE;
}
// Waits for an event of the mask: a byte received (EV_RXCHAR), the output sent (EV_TXEMPTY), a
// modem line's change (EV_CTS, EV_DSR, EV_RLSD, EV_RING: TIOCMIWAIT). With an OVERLAPPED the wait
// is made at once and the operation reported complete.
BOOL WaitCommEvent(WindowsProcess& p, Ptr h, Ptr event, Ptr overlapped) {
  const int fd = comm_fd(p, h.addr);
  if (fd < 0) return FALSE;
  uint32_t mask;
  {
    std::lock_guard<std::mutex> g(comm_mutex);
    mask = comm_states()[h.addr].mask;
  }
  if (!mask) return fail(p, ERROR_INVALID_PARAMETER);
  uint32_t happened = 0;
  if (mask & 4) {
    blocking(p, [&] { return ::tcdrain(fd); });
    happened = 4;
  } else if (mask & 1) {
    struct pollfd pfd {fd, POLLIN, 0};
    blocking(p, [&] { return ::poll(&pfd, 1, -1); });
    happened = 1;
  } else {
    int lines = (mask & 8 ? TIOCM_CTS : 0) | (mask & 0x10 ? TIOCM_DSR : 0) | (mask & 0x20 ? TIOCM_CD : 0) | (mask & 0x100 ? TIOCM_RNG : 0);
    if (!lines) return fail(p, ERROR_INVALID_PARAMETER);
    if (blocking(p, [&] { return ::ioctl(fd, TIOCMIWAIT, lines); }) != 0) return fail_errno(p);
    happened = mask & (8 | 0x10 | 0x20 | 0x100);
  }
  put<uint32_t>(event.addr, happened);
  if (overlapped) {  // OVERLAPPED: Internal (status), InternalHigh, …, hEvent (after two pointers and two DWORDs)
    p.put_ptr(overlapped.addr, 0);
    p.put_ptr(overlapped.addr + p.isa->ptr, 4);
    const uint64_t ev = p.get_ptr(overlapped.addr + 2 * p.isa->ptr + 8);
    if (ev) p.call_export("kernel32.dll", "SetEvent", {ev});
  }
  return TRUE;
}

// COMMPROP (64 bytes): what a serial port over termios can do.
BOOL GetCommProperties(WindowsProcess& p, Ptr h, Ptr prop) {
  if (comm_fd(p, h.addr) < 0) return FALSE;
  std::memset(prop.as<void>(), 0, 64);
  put<uint16_t>(prop.addr, 64);                     // wPacketLength
  put<uint16_t>(prop.addr + 2, 2);                  // wPacketVersion
  put<uint32_t>(prop.addr + 4, 1);                  // dwServiceMask: SP_SERIALCOMM
  put<uint32_t>(prop.addr + 16, 0x10000000);        // dwMaxBaud: BAUD_USER
  put<uint32_t>(prop.addr + 20, 1);                 // dwProvSubType: PST_RS232
  put<uint32_t>(prop.addr + 24, 0x1 | 0x2 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80);  // DTRDSR, RTSCTS, PARITY_CHECK, XONXOFF, SETXCHAR, TOTAL/INTTIMEOUTS
  put<uint32_t>(prop.addr + 28, 0x7f);              // dwSettableParams
  put<uint32_t>(prop.addr + 32, 0x1007ffff);        // dwSettableBaud: BAUD_075 … BAUD_128K, BAUD_USER
  put<uint16_t>(prop.addr + 36, 0xf);               // wSettableData: 5 to 8 bits
  put<uint16_t>(prop.addr + 38, 0x0007 | 0x1f00);   // wSettableStopParity
  return TRUE;
}

// COMMCONFIG: dwSize, wVersion, wReserved, the DCB, dwProviderSubType, dwProviderOffset,
// dwProviderSize, wcProviderData (52 bytes with its padding).
BOOL GetCommConfig(WindowsProcess& p, Ptr h, Ptr config, Ptr size) {
  if (comm_fd(p, h.addr) < 0) return FALSE;
  if (get<uint32_t>(size.addr) < 52) {
    put<uint32_t>(size.addr, 52);
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  std::memset(config.as<void>(), 0, 52);
  put<uint32_t>(config.addr, 52);
  put<uint16_t>(config.addr + 4, 1);
  if (!GetCommState(p, h, Ptr(config.addr + 8))) return FALSE;
  put<uint32_t>(config.addr + 36, 1);  // PST_RS232
  put<uint32_t>(size.addr, 52);
  return TRUE;
}
BOOL SetCommConfig(WindowsProcess& p, Ptr h, Ptr config, uint32_t size) {
  if (comm_fd(p, h.addr) < 0) return FALSE;
  if (size < 36) return fail(p, ERROR_INVALID_PARAMETER);
  return SetCommState(p, h, Ptr(config.addr + 8));
}

}  // namespace

const std::vector<Export>& kernel32_comm_exports() {
  static const std::vector<Export> exports = {
      EXPORT("BuildCommDCBA", BuildCommDCBA),
      EXPORT("BuildCommDCBW", BuildCommDCBW),
      EXPORT("BuildCommDCBAndTimeoutsA", BuildCommDCBAndTimeoutsA),
      EXPORT("BuildCommDCBAndTimeoutsW", BuildCommDCBAndTimeoutsW),
      EXPORT("GetCommState", GetCommState),
      EXPORT("SetCommState", SetCommState),
      EXPORT("GetCommTimeouts", GetCommTimeouts),
      EXPORT("SetCommTimeouts", SetCommTimeouts),
      EXPORT("GetCommModemStatus", GetCommModemStatus),
      EXPORT("EscapeCommFunction", EscapeCommFunction),
      EXPORT("SetCommBreak", SetCommBreak),
      EXPORT("ClearCommBreak", ClearCommBreak),
      EXPORT("ClearCommError", ClearCommError),
      EXPORT("PurgeComm", PurgeComm),
      EXPORT("SetupComm", SetupComm),
      EXPORT("TransmitCommChar", TransmitCommChar),
      EXPORT("GetCommMask", GetCommMask),
      EXPORT("SetCommMask", SetCommMask),
      EXPORT("WaitCommEvent", WaitCommEvent),
      EXPORT("GetCommProperties", GetCommProperties),
      EXPORT("GetCommConfig", GetCommConfig),
      EXPORT("SetCommConfig", SetCommConfig),
  };
  return exports;
}

}  // namespace polyrun::shims
