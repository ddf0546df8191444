// Files dropped on a window: DragAcceptFiles marks the window as taking them (WS_EX_ACCEPTFILES,
// as Windows does), and DragQueryFile, DragQueryPoint and DragFinish read and free the HDROP of a
// WM_DROPFILES — a global memory block holding DROPFILES (pFiles, the point, fNC, fWide) and the
// names after it, each with its NUL, a second NUL at the end, in UTF-16 with fWide and in the ANSI
// code page without (each function converts for its caller's width). polyrun's X11 display takes
// no drops from other X clients yet (it does not speak the XDND protocol), so no WM_DROPFILES
// comes from the desktop; what a program builds or is sent itself is read as Windows reads it.
#include <algorithm>
#include <string>
#include <vector>

#include "shims/kernel32/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kWsExAcceptFiles = 0x10;

uint64_t kernel32_call(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  const Export* e = kKernel32.find(name);
  if (!e) return 0;
  return p.call_guest(p.export_thunk(&kKernel32, "KERNEL32.dll", name, e), args);
}

void DragAcceptFiles(WindowsProcess& p, Ptr hwnd, BOOL accept) {
  if (user32::Window* w = user32::find_window(p, hwnd.addr))
    w->ex_style = accept ? (w->ex_style | kWsExAcceptFiles) : (w->ex_style & ~kWsExAcceptFiles);
}

// The names an HDROP holds (empty when it cannot be read).
std::vector<std::u16string> dropped_names(WindowsProcess& p, uint64_t drop) {
  std::vector<std::u16string> names;
  const uint64_t at = kernel32_call(p, "GlobalLock", {drop});
  if (!at) return names;
  const uint64_t size = kernel32_call(p, "GlobalSize", {drop});
  const uint32_t offset = get<uint32_t>(at);
  const bool wide = get<uint32_t>(at + 16) != 0;
  uint64_t i = offset;
  while (i < size) {
    if (wide) {
      std::u16string s;
      for (; i + 2 <= size && get<uint16_t>(at + i); i += 2) s.push_back(static_cast<char16_t>(get<uint16_t>(at + i)));
      i += 2;
      if (s.empty()) break;
      names.push_back(s);
    } else {
      std::string s;
      for (; i < size && get<uint8_t>(at + i); ++i) s.push_back(static_cast<char>(get<uint8_t>(at + i)));
      i += 1;
      if (s.empty()) break;
      names.push_back(ansi_to_utf16(s));
    }
  }
  kernel32_call(p, "GlobalUnlock", {drop});
  return names;
}

// DragQueryFile: 0xFFFFFFFF the count; no buffer the name's length; else the name copied (cut to
// fit `chars` with its NUL) and the characters copied.
uint32_t drag_query_file(WindowsProcess& p, uint64_t drop, uint32_t index, uint64_t buffer, uint32_t chars, bool wide) {
  const std::vector<std::u16string> names = dropped_names(p, drop);
  if (index == 0xffffffffu) return static_cast<uint32_t>(names.size());
  if (index >= names.size()) return 0;
  if (wide) {
    const std::u16string& s = names[index];
    if (!buffer) return static_cast<uint32_t>(s.size());
    if (chars == 0) return 0;
    const size_t n = std::min<size_t>(s.size(), chars - 1);
    for (size_t k = 0; k < n; ++k) put<uint16_t>(buffer + 2 * k, s[k]);
    put<uint16_t>(buffer + 2 * n, 0);
    return static_cast<uint32_t>(n);
  }
  const std::string s = utf16_to_ansi(names[index]);
  if (!buffer) return static_cast<uint32_t>(s.size());
  if (chars == 0) return 0;
  const size_t n = std::min<size_t>(s.size(), chars - 1);
  for (size_t k = 0; k < n; ++k) put<uint8_t>(buffer + k, static_cast<uint8_t>(s[k]));
  put<uint8_t>(buffer + n, 0);
  return static_cast<uint32_t>(n);
}

uint32_t DragQueryFileW(WindowsProcess& p, Ptr drop, uint32_t index, Ptr buffer, uint32_t chars) {
  return drag_query_file(p, drop.addr, index, buffer.addr, chars, true);
}
uint32_t DragQueryFileA(WindowsProcess& p, Ptr drop, uint32_t index, Ptr buffer, uint32_t chars) {
  return drag_query_file(p, drop.addr, index, buffer.addr, chars, false);
}

// DragQueryPoint: the point of the drop (client coordinates of the window, unless fNC); TRUE when
// it was in the client area.
BOOL DragQueryPoint(WindowsProcess& p, Ptr drop, Ptr point) {
  const uint64_t at = kernel32_call(p, "GlobalLock", {drop.addr});
  if (!at) return FALSE;
  if (point) {
    put<int32_t>(point.addr, get<int32_t>(at + 4));
    put<int32_t>(point.addr + 4, get<int32_t>(at + 8));
  }
  const bool non_client = get<uint32_t>(at + 12) != 0;
  kernel32_call(p, "GlobalUnlock", {drop.addr});
  return non_client ? FALSE : TRUE;
}

void DragFinish(WindowsProcess& p, Ptr drop) { kernel32_call(p, "GlobalFree", {drop.addr}); }

}  // namespace

const std::vector<Export>& shell32_drag_exports() {
  static const std::vector<Export> e = {
      EXPORT("DragAcceptFiles", DragAcceptFiles),
      EXPORT("DragQueryFileW", DragQueryFileW),
      EXPORT("DragQueryFileA", DragQueryFileA),
      EXPORT("DragQueryFile", DragQueryFileA),
      EXPORT("DragQueryPoint", DragQueryPoint),
      EXPORT("DragFinish", DragFinish),
  };
  return e;
}

}  // namespace polyrun::shims
