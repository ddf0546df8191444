// DrawFrameControl's pictures, for USER32's own controls (the BUTTON control's boxes, the scroll
// bars' arrows) as well as the export (user32/frame_controls.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "shims/core/shim.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::gdi32 {
struct DeviceContext;
}

namespace polyrun::shims::user32 {

// DFC_* kinds and DFCS_* states.
enum : uint32_t {
  DFC_CAPTION = 1, DFC_MENU = 2, DFC_SCROLL = 3, DFC_BUTTON = 4, DFC_POPUPMENU = 5,
  DFCS_CAPTIONCLOSE = 0, DFCS_CAPTIONMIN = 1, DFCS_CAPTIONMAX = 2, DFCS_CAPTIONRESTORE = 3, DFCS_CAPTIONHELP = 4,
  DFCS_MENUARROW = 0, DFCS_MENUCHECK = 1, DFCS_MENUBULLET = 2, DFCS_MENUARROWRIGHT = 4,
  DFCS_SCROLLUP = 0, DFCS_SCROLLDOWN = 1, DFCS_SCROLLLEFT = 2, DFCS_SCROLLRIGHT = 3, DFCS_SCROLLCOMBOBOX = 5,
  DFCS_SCROLLSIZEGRIP = 8, DFCS_SCROLLSIZEGRIPRIGHT = 0x10,
  DFCS_BUTTONCHECK = 0, DFCS_BUTTONRADIOIMAGE = 1, DFCS_BUTTONRADIOMASK = 2, DFCS_BUTTONRADIO = 4,
  DFCS_BUTTON3STATE = 8, DFCS_BUTTONPUSH = 0x10,
  DFCS_INACTIVE = 0x100, DFCS_PUSHED = 0x200, DFCS_CHECKED = 0x400, DFCS_TRANSPARENT = 0x800, DFCS_HOT = 0x1000,
  DFCS_ADJUSTRECT = 0x2000, DFCS_FLAT = 0x4000, DFCS_MONO = 0x8000,
};

// DrawFrameControl on a DC (logical coordinates, the rectangle as the program gives it): false
// for a kind or state it does not draw.
bool draw_frame_control(WindowsProcess& p, gdi32::DeviceContext& dc, Rect r, uint32_t type, uint32_t state);

}  // namespace polyrun::shims::user32
