// The headless display's pictures: what the program's top-level windows show, written as PNG
// files (polyrun --screenshot DIR, at the end of the program). The window manager hands over the
// windows; nothing here knows USER32.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shims/gdi32/geometry.h"
#include "shims/gdi32/region_algebra.h"
#include "shims/gdi32/surface.h"

namespace polyrun::shims::display {

struct WindowImage {
  uint64_t hwnd = 0;
  std::string title;          // UTF-8
  gdi32::Rect screen;         // where it is on the screen
  const gdi32::Surface* surface = nullptr;  // its pixels (the whole window)
  std::shared_ptr<const gdi32::Region> shape;  // its region (window coordinates; null: all of it)
};

// Writes `r` of the surface as an 8-bit RGB PNG. False, with the reason, when it cannot.
bool write_png(const std::string& path, const gdi32::Surface& s, const gdi32::Rect& r, std::string& error);

// window-<handle>.png in `dir` (made if need be); a failure is one line on stderr.
bool write_screenshot(const std::string& dir, const WindowImage& w);

// One PNG per window (window-<handle>.png) and screen.png, the desktop with the windows over it
// in the order given (bottom to top; a window with a region only inside it); a failure is one line
// on stderr.
void write_screenshots(const std::string& dir, const std::vector<WindowImage>& windows, const gdi32::Surface& desktop);

}  // namespace polyrun::shims::display
