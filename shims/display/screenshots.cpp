// PNG files of the windows, through libpng's simplified writer (Debian's libpng-dev: the format's
// reference library, a few hundred kilobytes in a static polyrun, against writing deflate and CRC
// framing here).
#include "shims/display/screenshots.h"

#include <png.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace polyrun::shims::display {

bool write_png(const std::string& path, const gdi32::Surface& s, const gdi32::Rect& r, std::string& error) {
  const gdi32::Rect area = r.intersect(s.rect());
  if (area.empty()) {
    error = "the window has no pixels";
    return false;
  }
  std::vector<uint8_t> rgb(static_cast<size_t>(area.width()) * area.height() * 3);
  size_t i = 0;
  for (int32_t y = area.top; y < area.bottom; ++y)
    for (int32_t x = area.left; x < area.right; ++x) {
      const gdi32::ColorRef c = s.color_of(s.pixel(x, y));
      rgb[i++] = gdi32::red_of(c), rgb[i++] = gdi32::green_of(c), rgb[i++] = gdi32::blue_of(c);
    }
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(area.width());
  image.height = static_cast<png_uint_32>(area.height());
  image.format = PNG_FORMAT_RGB;
  if (!png_image_write_to_file(&image, path.c_str(), 0, rgb.data(), 0, nullptr)) {
    error = image.message[0] ? image.message : std::strerror(errno);
    return false;
  }
  return true;
}

bool write_screenshot(const std::string& dir, const WindowImage& w) {
  if (!w.surface) return false;
  ::mkdir(dir.c_str(), 0777);
  char name[64];
  std::snprintf(name, sizeof name, "/window-%08llx.png", static_cast<unsigned long long>(w.hwnd));
  const std::string path = dir + name;
  std::string error;
  if (write_png(path, *w.surface, w.surface->rect(), error)) return true;
  std::fprintf(stderr, "polyrun: cannot write %s: %s\n", path.c_str(), error.c_str());
  return false;
}

void write_screenshots(const std::string& dir, const std::vector<WindowImage>& windows, const gdi32::Surface& desktop) {
  ::mkdir(dir.c_str(), 0777);
  std::string error;
  // The screen: the desktop, then each window over it from the bottom up.
  gdi32::Surface screen(desktop.width(), desktop.height(), gdi32::PixelFormat::rgb_default(32));
  for (int32_t y = 0; y < desktop.height(); ++y)
    for (int32_t x = 0; x < desktop.width(); ++x) screen.set_pixel(x, y, screen.pixel_of(desktop.color_of(desktop.pixel(x, y))));
  for (const WindowImage& w : windows) {
    if (!w.surface) continue;
    write_screenshot(dir, w);
    for (int32_t y = 0; y < w.surface->height(); ++y)
      for (int32_t x = 0; x < w.surface->width(); ++x) {
        const int32_t sx = w.screen.left + x, sy = w.screen.top + y;
        if (w.shape && !w.shape->contains(x, y)) continue;  // (what lies under it shows there)
        if (screen.rect().contains(sx, sy)) screen.set_pixel(sx, sy, screen.pixel_of(w.surface->color_of(w.surface->pixel(x, y))));
      }
  }
  const std::string path = dir + "/screen.png";
  if (!write_png(path, screen, screen.rect(), error)) std::fprintf(stderr, "polyrun: cannot write %s: %s\n", path.c_str(), error.c_str());
}

}  // namespace polyrun::shims::display
