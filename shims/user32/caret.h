// The caret (user32/caret.cpp): one per thread, a rectangle of a window's client area inverted
// while it is shown. The functions behind CreateCaret, DestroyCaret, ShowCaret, HideCaret and
// SetCaretPos, for USER32's own controls.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/core/shim.h"
#include "shims/gdi32/geometry.h"

namespace polyrun::shims::user32 {

bool create_caret(WindowsProcess& p, uint64_t hwnd, uint64_t bitmap, int32_t width, int32_t height);
bool destroy_caret(WindowsProcess& p);
bool show_caret(WindowsProcess& p, uint64_t hwnd);
bool hide_caret(WindowsProcess& p, uint64_t hwnd);
bool set_caret_pos(WindowsProcess& p, int32_t x, int32_t y);

// A thread's caret for GetGUIThreadInfo: its window (0: none), its rectangle in the window's client
// area, whether it is shown.
struct CaretInfo {
  uint64_t hwnd = 0;
  gdi32::Rect rect;
  bool shown = false;
};
CaretInfo thread_caret(WindowsProcess& p, uint32_t thread);

// The caret functions' exports, joined in USER32's table (user32/user32.cpp).
const std::vector<Export>& caret_exports();

}  // namespace polyrun::shims::user32
