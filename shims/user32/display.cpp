// The window manager's side of the display: without a display back end (headless), the windows'
// surfaces are all there is, and --screenshot writes them as PNG files: each top-level window that
// was drawn, as it was last drawn, when it is destroyed or the program ends, and at the end the
// screen (the desktop in its colour with the windows still shown over it, bottom to top).
#include "shims/core/text.h"
#include "shims/display/screenshots.h"
#include "shims/gdi32/gdi32.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

void display_window_gone(WindowsProcess& p, const Window& w) {
  if (p.screenshot_dir.empty() || !w.surface) return;
  display::write_screenshot(p.screenshot_dir, {w.handle, utf16_to_utf8(w.text), screen_rect(p, w), w.surface.get()});
}

void display_at_exit(WindowsProcess& p) {
  if (p.screenshot_dir.empty()) return;
  WindowManager& wm = window_manager(p);
  Window* desktop = find_window(p, wm.desktop);
  if (!desktop) return;
  if (!wm.screen_surface) {
    wm.screen_surface = std::make_shared<gdi32::Surface>(wm.screen.width(), wm.screen.height(), gdi32::screen_format());
    const uint32_t v = wm.screen_surface->pixel_of(sys_color(1 /* COLOR_DESKTOP */));
    for (int32_t y = 0; y < wm.screen_surface->height(); ++y)
      wm.screen_surface->and_xor_span(y, 0, wm.screen_surface->width(), 0, v);
  }
  std::vector<display::WindowImage> shown;
  // The desktop's children are in z-order, the topmost first: the pictures go bottom to top.
  for (auto it = desktop->children.rbegin(); it != desktop->children.rend(); ++it) {
    Window* w = find_window(p, *it);
    if (!w || !(w->style & WS_VISIBLE) || !w->surface) continue;
    shown.push_back({w->handle, utf16_to_utf8(w->text), screen_rect(p, *w), w->surface.get()});
  }
  display::write_screenshots(p.screenshot_dir, shown, *wm.screen_surface);
}

}  // namespace polyrun::shims::user32
