// Scroll bars' parts the rest of USER32 calls (user32/scroll_bars.cpp): the bars of a window with
// WS_HSCROLL/WS_VSCROLL drawn in its non-client area, hit-tested, and a press on them tracked.
#pragma once

#include <cstdint>

#include "shims/core/shim.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::gdi32 {
struct DeviceContext;
}

namespace polyrun::shims::user32 {

// Draws the window's scroll bars on a DC of the whole window (WM_NCPAINT's).
void draw_window_scroll_bars(WindowsProcess& p, uint64_t hwnd, gdi32::DeviceContext& dc);
// HTVSCROLL or HTHSCROLL for a screen point on one of the window's bars; 0 elsewhere.
int32_t scroll_bar_hit_test(WindowsProcess& p, const Window& w, int32_t x, int32_t y);
// DefWindowProc's WM_SYSCOMMAND SC_VSCROLL/SC_HSCROLL: a press at the screen point on the
// vertical (or horizontal) bar tracked until the button is released, with WM_VSCROLL/WM_HSCROLL.
void track_window_scroll_bar(WindowsProcess& p, uint64_t hwnd, bool vertical, int32_t x, int32_t y);
// SetScrollInfo's work for USER32's own controls (SIF_* in `mask`, SB_HORZ 0 or SB_VERT 1): the
// bar's position after it.
int32_t set_scroll_info(WindowsProcess& p, uint64_t hwnd, int32_t bar, uint32_t mask, int32_t min, int32_t max,
                        uint32_t page, int32_t pos, bool redraw);

}  // namespace polyrun::shims::user32
