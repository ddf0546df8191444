// KERNEL32.dll, what the console is beyond its buffers: its window (a terminal is none of USER32's:
// GetConsoleWindow has no handle to give), its font (the terminal's character cell, from the
// terminal's size in pixels where it tells it; one font), the processes attached to it (those whose
// controlling terminal it is), its keyboard layout and mouse, its original title, and the console
// handle functions of old (OpenConsoleW, VerifyConsoleIoHandle, CloseConsoleHandle,
// DuplicateConsoleHandle, GetConsoleInputWaitHandle). Without a console they fail with
// ERROR_INVALID_HANDLE.
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/console.h"

namespace polyrun::shims {

namespace {

// The terminal's character cell in pixels: its size in pixels over its columns and rows, where the
// terminal tells them; else the cell of the console's default raster font, 8 by 16.
void cell_size(WindowsProcess& p, int& w, int& h) {
  w = 8;
  h = 16;
  struct winsize ws {};
  const int fd = console_terminal_fd(p);
  if (fd >= 0 && ::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row && ws.ws_xpixel && ws.ws_ypixel) {
    w = ws.ws_xpixel / ws.ws_col;
    h = ws.ws_ypixel / ws.ws_row;
  }
}
uint32_t pack(int x, int y) { return static_cast<uint16_t>(x) | static_cast<uint32_t>(static_cast<uint16_t>(y)) << 16; }
bool output_handle(WindowsProcess& p, uint64_t h) {
  if (console_handle_kind(p, h) == 2) return true;
  p.set_last_error(ERROR_INVALID_HANDLE);
  return false;
}

// ---- fonts ----

// CONSOLE_FONT_INFO: nFont (DWORD), dwFontSize (COORD).
BOOL GetCurrentConsoleFont(WindowsProcess& p, Ptr h, int32_t, Ptr info) {
  if (!output_handle(p, h.addr)) return FALSE;
  int w, ht;
  cell_size(p, w, ht);
  put<uint32_t>(info.addr, 0);
  put<uint32_t>(info.addr + 4, pack(w, ht));
  return TRUE;
}
// CONSOLE_FONT_INFOEX (84 bytes): cbSize, nFont, dwFontSize, FontFamily, FontWeight, FaceName[32]:
// a fixed-pitch font of normal weight (FF_MODERN | TMPF_FIXED_PITCH … as the console reports its
// fonts: 0x36) whose face is the terminal's, which it does not tell (no name).
BOOL GetCurrentConsoleFontEx(WindowsProcess& p, Ptr h, int32_t, Ptr info) {
  if (get<uint32_t>(info.addr) != 84) return fail(p, ERROR_INVALID_PARAMETER);
  if (!output_handle(p, h.addr)) return FALSE;
  int w, ht;
  cell_size(p, w, ht);
  std::memset(info.as<uint8_t>() + 4, 0, 80);
  put<uint32_t>(info.addr + 8, pack(w, ht));
  put<uint32_t>(info.addr + 12, 0x36);
  put<uint32_t>(info.addr + 16, 400);
  return TRUE;
}
// The size of font `index` of the console's fonts (the one there is: 0); another index: a size of
// 0 and ERROR_INVALID_PARAMETER.
uint32_t GetConsoleFontSize(WindowsProcess& p, Ptr h, uint32_t index) {
  if (!output_handle(p, h.addr)) return 0;
  if (index != 0) return fail(p, ERROR_INVALID_PARAMETER), 0;
  int w, ht;
  cell_size(p, w, ht);
  return pack(w, ht);
}
uint32_t GetNumberOfConsoleFonts(WindowsProcess& p) { return console_present(p) ? 1 : 0; }
// The fonts' CONSOLE_FONT_INFO, as many as `count` takes.
BOOL GetConsoleFontInfo(WindowsProcess& p, Ptr h, int32_t maximum, uint32_t count, Ptr info) {
  if (!output_handle(p, h.addr)) return FALSE;
  if (count < 1) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  return GetCurrentConsoleFont(p, h, maximum, info);
}

// ---- the window, the processes, the keyboard and mouse, the title ----

Ptr GetConsoleWindow(WindowsProcess&) { return Ptr(0); }

// The processes whose controlling terminal is the console's terminal (this one first), their ids in
// `list` if it holds them all: how many there are.
uint32_t GetConsoleProcessList(WindowsProcess& p, Ptr list, uint32_t count) {
  const int fd = console_terminal_fd(p);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (!list || count == 0) return fail(p, ERROR_INVALID_PARAMETER);
  struct stat st {};
  ::fstat(fd, &st);
  std::vector<uint32_t> pids = {static_cast<uint32_t>(::getpid())};
  if (DIR* d = ::opendir("/proc")) {
    while (struct dirent* e = ::readdir(d)) {
      char* end = nullptr;
      const unsigned long pid = std::strtoul(e->d_name, &end, 10);
      if (*end || !pid || pid == static_cast<unsigned long>(::getpid())) continue;
      std::ifstream stat_file(std::string("/proc/") + e->d_name + "/stat");
      std::string line;
      std::getline(stat_file, line);
      const size_t close = line.rfind(')');
      if (close == std::string::npos) continue;
      // After the command: state, ppid, pgrp, session, tty_nr.
      char state;
      long ppid, pgrp, session, tty;
      if (std::sscanf(line.c_str() + close + 1, " %c %ld %ld %ld %ld", &state, &ppid, &pgrp, &session, &tty) == 5 &&
          static_cast<dev_t>(tty) == st.st_rdev)
        pids.push_back(static_cast<uint32_t>(pid));
    }
    ::closedir(d);
  }
  if (pids.size() <= count) std::memcpy(list.as<uint32_t>(), pids.data(), pids.size() * 4);
  return static_cast<uint32_t>(pids.size());
}

// The keyboard layout's name (KL_NAMELENGTH, 9 characters): US English, 00000409, the layout the
// console's key decoding knows (kernel32/console_input.cpp).
BOOL keyboard_layout_name(WindowsProcess& p, Ptr buf, bool wide) {
  if (!console_present(p)) return fail(p, ERROR_INVALID_HANDLE);
  if (wide) std::memcpy(buf.as<char16_t>(), u"00000409", 18);
  else std::memcpy(buf.as<char>(), "00000409", 9);
  return TRUE;
}
BOOL GetConsoleKeyboardLayoutNameW(WindowsProcess& p, Ptr buf) { return keyboard_layout_name(p, buf, true); }
BOOL GetConsoleKeyboardLayoutNameA(WindowsProcess& p, Ptr buf) { return keyboard_layout_name(p, buf, false); }
// The mouse's buttons as a terminal reports them (left, middle, right).
BOOL GetNumberOfConsoleMouseButtons(WindowsProcess& p, Ptr count) {
  if (!console_present(p)) return fail(p, ERROR_INVALID_HANDLE);
  put<uint32_t>(count.addr, 3);
  return TRUE;
}

// The title the console had when the process started (its program's path), into a buffer of
// `size` characters, cut to fit: its length; 0 with no console.
uint32_t original_title(WindowsProcess& p, Ptr buf, uint32_t size, bool wide) {
  if (!console_present(p)) return fail(p, ERROR_INVALID_HANDLE);
  const std::u16string t = console_original_title(p);
  if (!buf || size == 0) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (wide) {
    const size_t n = std::min<size_t>(t.size(), size - 1);
    std::memcpy(buf.as<char16_t>(), t.data(), n * 2);
    buf.as<char16_t>()[n] = 0;
    return static_cast<uint32_t>(t.size());
  }
  const std::string a = utf16_to_console_text(console_output_code_page(), t);  // the A form's page
  const size_t n = std::min<size_t>(a.size(), size - 1);
  std::memcpy(buf.as<char>(), a.data(), n);
  buf.as<char>()[n] = 0;
  return static_cast<uint32_t>(a.size());
}
uint32_t GetConsoleOriginalTitleW(WindowsProcess& p, Ptr buf, uint32_t size) { return original_title(p, buf, size, true); }
uint32_t GetConsoleOriginalTitleA(WindowsProcess& p, Ptr buf, uint32_t size) { return original_title(p, buf, size, false); }

// ---- console handles ----

BOOL VerifyConsoleIoHandle(WindowsProcess& p, Ptr h) { return console_handle_kind(p, h.addr) ? TRUE : FALSE; }
BOOL CloseConsoleHandle(WindowsProcess& p, Ptr h) {
  if (!console_handle_kind(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  return static_cast<BOOL>(p.call_export("kernel32.dll", "CloseHandle", {h.addr}));
}
// A copy in this process (DuplicateHandle's access, inheritance and options); INVALID_HANDLE_VALUE.
Ptr DuplicateConsoleHandle(WindowsProcess& p, Ptr h, uint32_t access, int32_t inherit, uint32_t options) {
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  if (!console_handle_kind(p, h.addr)) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return Ptr(invalid);
  }
  const uint64_t out = p.heap.alloc(8, true);
  const uint64_t self = invalid;  // GetCurrentProcess()
  const bool ok = p.call_export("kernel32.dll", "DuplicateHandle",
                                {self, h.addr, self, out, access, static_cast<uint64_t>(inherit), options}) & 0xffffffffu;
  const uint64_t copy = p.get_ptr(out);
  p.heap.free(out);
  return Ptr(ok ? copy : invalid);
}
// "CONIN$" or "CONOUT$" (CreateFile's, with its access, inheritance and disposition); another name
// is ERROR_INVALID_PARAMETER.
Ptr OpenConsoleW(WindowsProcess& p, WStr name, uint32_t access, int32_t inherit, uint32_t creation) {
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  const std::u16string n = name.str();
  if (n != u"CONIN$" && n != u"CONOUT$" && n != u"conin$" && n != u"conout$") {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return Ptr(invalid);
  }
  uint64_t sa = 0;
  if (inherit) {  // SECURITY_ATTRIBUTES: nLength, lpSecurityDescriptor, bInheritHandle
    sa = p.heap.alloc(3 * p.isa->ptr, true);
    put<uint32_t>(sa, 3 * p.isa->ptr);
    put<int32_t>(sa + 2 * p.isa->ptr, TRUE);
  }
  const uint64_t h = p.call_export("kernel32.dll", "CreateFileW", {name.addr, access, 3, sa, creation, 0, 0});
  if (sa) p.heap.free(sa);
  return Ptr(h);
}
// A handle to wait on for the console's input (its input buffer: signalled while records wait).
Ptr GetConsoleInputWaitHandle(WindowsProcess& p) {
  static uint64_t handle = 0;
  if (!console_present(p)) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  if (!handle || !console_handle_kind(p, handle)) handle = console_open(p, false);
  return Ptr(handle);
}

}  // namespace

const std::vector<Export>& kernel32_console_window_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetCurrentConsoleFont", GetCurrentConsoleFont),
      EXPORT("GetCurrentConsoleFontEx", GetCurrentConsoleFontEx),
      EXPORT("GetConsoleFontSize", GetConsoleFontSize),
      EXPORT("GetNumberOfConsoleFonts", GetNumberOfConsoleFonts),
      EXPORT("GetConsoleFontInfo", GetConsoleFontInfo),
      EXPORT("GetConsoleWindow", GetConsoleWindow),
      EXPORT("GetConsoleProcessList", GetConsoleProcessList),
      EXPORT("GetConsoleKeyboardLayoutNameW", GetConsoleKeyboardLayoutNameW),
      EXPORT("GetConsoleKeyboardLayoutNameA", GetConsoleKeyboardLayoutNameA),
      EXPORT("GetNumberOfConsoleMouseButtons", GetNumberOfConsoleMouseButtons),
      EXPORT("GetConsoleOriginalTitleW", GetConsoleOriginalTitleW),
      EXPORT("GetConsoleOriginalTitleA", GetConsoleOriginalTitleA),
      EXPORT("VerifyConsoleIoHandle", VerifyConsoleIoHandle),
      EXPORT("CloseConsoleHandle", CloseConsoleHandle),
      EXPORT("DuplicateConsoleHandle", DuplicateConsoleHandle),
      EXPORT("OpenConsoleW", OpenConsoleW),
      EXPORT("GetConsoleInputWaitHandle", GetConsoleInputWaitHandle),
  };
  return exports;
}

}  // namespace polyrun::shims
