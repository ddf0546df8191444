// The caret (user32/caret.cpp): one per thread, a rectangle of a window's client area inverted
// while it is shown. The functions behind CreateCaret, DestroyCaret, ShowCaret, HideCaret and
// SetCaretPos, for USER32's own controls.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims::user32 {

bool create_caret(WindowsProcess& p, uint64_t hwnd, uint64_t bitmap, int32_t width, int32_t height);
bool destroy_caret(WindowsProcess& p);
bool show_caret(WindowsProcess& p, uint64_t hwnd);
bool hide_caret(WindowsProcess& p, uint64_t hwnd);
bool set_caret_pos(WindowsProcess& p, int32_t x, int32_t y);

// The caret functions' exports, joined in USER32's table (user32/user32.cpp).
const std::vector<Export>& caret_exports();

}  // namespace polyrun::shims::user32
