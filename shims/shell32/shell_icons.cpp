// SHELL32's own icons: pictures of polyrun's, drawn at any size for SHELL32's icon resource ids
// (the stock icons' kinds: files, documents, applications, folders, drives and discs, the network,
// computers, printers, the recycle bin, the shield, warning, information and error …). Plain on
// purpose, like USER32's system icons: a shape and its colours, transparent around it.
#include <cmath>
#include <memory>

#include "shims/core/guest_memory.h"
#include "shims/gdi32/gdi32.h"
#include "shims/shell32/shell_icons.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::shell32 {

namespace {

enum class Kind {
  File, Document, Application, Folder, FolderOpen, Drive, Disc, Network, Computer, Printer, Find, Help,
  Link, Recycler, Lock, Shield, Warning, Info, Error,
};

Kind kind_of(uint32_t id) {
  const uint32_t s = id - 1;  // the stock icon's SIID
  switch (s) {
    case 0: case 30: return Kind::File;
    case 2: case 82: case 106: return Kind::Application;
    case 3: case 57: case 75: case 76: case 105: return Kind::Folder;
    case 4: return Kind::FolderOpen;
    case 5: case 6: case 7: case 8: case 12: case 58: case 140: return Kind::Drive;
    case 9: case 10: case 13: case 17: case 103: case 104: return Kind::Network;
    case 15: case 51: case 94: case 95: return Kind::Computer;
    case 16: case 50: case 52: case 53: case 54: return Kind::Printer;
    case 22: return Kind::Find;
    case 23: return Kind::Help;
    case 28: case 29: return Kind::Link;
    case 31: case 32: case 84: return Kind::Recycler;
    case 47: case 81: return Kind::Lock;
    case 77: return Kind::Shield;
    case 78: return Kind::Warning;
    case 79: return Kind::Info;
    case 80: return Kind::Error;
    default: break;
  }
  if (s == 11 || s == 40 || (s >= 56 && s <= 70 && s != 57 && s != 58) || (s >= 85 && s <= 93) ||
      (s >= 132 && s <= 139))
    return Kind::Disc;
  return Kind::Document;
}

struct Ink {
  bool opaque = false;
  uint32_t color = 0;  // 0x00rrggbb
};

// The picture of a kind at (u, v) of the unit square.
Ink ink(Kind k, double u, double v) {
  const Ink none{}, outline{true, 0x404040};
  auto in = [&](double l, double t, double r, double b) { return u >= l && u < r && v >= t && v < b; };
  auto edge = [&](double l, double t, double r, double b, double w) {
    return in(l, t, r, b) && !in(l + w, t + w, r - w, b - w);
  };
  const double r = std::hypot(u - 0.5, v - 0.5);
  switch (k) {
    case Kind::File:
    case Kind::Document: {
      // A page with its top right corner folded.
      if (!in(0.2, 0.08, 0.8, 0.92) || (u - 0.62) > (v - 0.08)) return none;
      if (edge(0.2, 0.08, 0.8, 0.92, 0.04) || std::abs((u - 0.62) - (v - 0.08)) < 0.03) return outline;
      if (k == Kind::Document && in(0.3, 0.35, 0.7, 0.8) && std::fmod(v, 0.1) < 0.04) return {true, 0x4060a0};
      return {true, 0xffffff};
    }
    case Kind::Application:
      if (!in(0.08, 0.15, 0.92, 0.85)) return none;
      if (v < 0.3) return {true, 0x103090};
      return edge(0.08, 0.15, 0.92, 0.85, 0.04) ? outline : Ink{true, 0xf0f0f0};
    case Kind::Folder:
    case Kind::FolderOpen:
      if (in(0.08, 0.2, 0.45, 0.32)) return {true, 0xd8a830};  // the tab
      if (!in(0.08, 0.3, 0.92, 0.85)) return none;
      if (k == Kind::FolderOpen && v > 0.45 && (u - 0.08) > (v - 0.45) * 0.3) return {true, 0xf8d870};
      return edge(0.08, 0.3, 0.92, 0.85, 0.03) ? Ink{true, 0x907020} : Ink{true, 0xf0c850};
    case Kind::Drive:
      if (!in(0.08, 0.35, 0.92, 0.7)) return none;
      if (in(0.72, 0.48, 0.82, 0.56)) return {true, 0x30c030};  // its light
      return edge(0.08, 0.35, 0.92, 0.7, 0.04) ? outline : Ink{true, 0xb0b0b0};
    case Kind::Disc:
      if (r > 0.45 || r < 0.08) return none;
      return r > 0.42 ? outline : Ink{true, r < 0.15 ? 0xe0e0e0u : 0xa0c0e0u};
    case Kind::Network:
      if (r > 0.45) return none;
      if (r > 0.42 || std::abs(u - 0.5) < 0.02 || std::abs(v - 0.5) < 0.02) return {true, 0x205080};
      return {true, 0x60a0e0};
    case Kind::Computer:
      if (in(0.4, 0.7, 0.6, 0.8) || in(0.25, 0.8, 0.75, 0.88)) return outline;  // the stand
      if (!in(0.1, 0.12, 0.9, 0.7)) return none;
      return edge(0.1, 0.12, 0.9, 0.7, 0.05) ? outline : Ink{true, 0x3070c0};
    case Kind::Printer:
      if (in(0.25, 0.1, 0.75, 0.4)) return {true, 0xffffff};  // the paper
      if (!in(0.08, 0.4, 0.92, 0.8)) return none;
      return edge(0.08, 0.4, 0.92, 0.8, 0.04) ? outline : Ink{true, 0x909090};
    case Kind::Find: {
      const double lens = std::hypot(u - 0.4, v - 0.4);
      if (lens < 0.28) return lens > 0.22 ? outline : Ink{true, 0xd0e8ff};
      if (u > 0.55 && v > 0.55 && std::abs(u - v) < 0.07 && u < 0.9) return {true, 0x604020};
      return none;
    }
    case Kind::Help:
    case Kind::Info:
      if (r > 0.45) return none;
      return {true, std::abs(u - 0.5) < 0.06 && v > 0.25 && v < 0.75 ? 0xffffffu : 0x2060c0u};
    case Kind::Link:
      if (!in(0.0, 0.55, 0.45, 1.0)) return none;
      if (edge(0.0, 0.55, 0.45, 1.0, 0.04)) return outline;
      return {true, std::abs((u - 0.1) - (0.9 - v)) < 0.06 ? 0x2060c0u : 0xffffffu};  // an arrow up to the right
    case Kind::Recycler:
      if (in(0.2, 0.12, 0.8, 0.2)) return outline;  // the lid
      if (!in(0.25, 0.2, 0.75, 0.9)) return none;
      return std::fmod(u, 0.12) < 0.03 ? Ink{true, 0x4080a0} : Ink{true, 0x90c0d8};
    case Kind::Lock:
      if (in(0.2, 0.45, 0.8, 0.9)) return {true, 0xc8a020};
      if (std::hypot(u - 0.5, v - 0.45) < 0.25 && std::hypot(u - 0.5, v - 0.45) > 0.17 && v < 0.45) return outline;
      return none;
    case Kind::Shield:
      if (v < 0.1 || v > 0.92 || std::abs(u - 0.5) > 0.38 - std::max(0.0, v - 0.5) * 0.9) return none;
      return {true, u < 0.5 ? 0x2050c0u : 0xe0b020u};
    case Kind::Warning:
      if (v < 0.1 || std::abs(u - 0.5) > (v - 0.1) * 0.55) return none;
      return {true, std::abs(u - 0.5) < 0.05 && v > 0.35 ? 0u : 0xf0d020u};
    case Kind::Error:
      if (r > 0.45) return none;
      return {true, std::abs(u - v) < 0.08 || std::abs(u - 1 + v) < 0.08 ? 0xffffffu : 0xc02020u};
  }
  return none;
}

}  // namespace

uint64_t own_icon(WindowsProcess& p, uint32_t id, int32_t size, uint32_t effects) {
  if (id < 1 || id > kOwnIcons || size <= 0 || size > 256) return 0;
  const Kind k = kind_of(id);
  auto color = std::make_shared<gdi32::Surface>(size, size, gdi32::PixelFormat::rgb_default(32));
  auto mask = std::make_shared<gdi32::Surface>(size, size, gdi32::PixelFormat::monochrome());
  for (int32_t y = 0; y < size; ++y)
    for (int32_t x = 0; x < size; ++x) {
      const double u = (x + 0.5) / size, v = (y + 0.5) / size;
      Ink i = ink(k, u, v);
      if (effects & kLinkOverlay) {
        const Ink link = ink(Kind::Link, u, v);
        if (link.opaque) i = link;
      }
      if ((effects & kSelected) && i.opaque) {
        const uint32_t h = user32::sys_color(13 /* COLOR_HIGHLIGHT */);  // 0x00bbggrr
        const uint32_t hr = h & 0xff, hg = (h >> 8) & 0xff, hb = (h >> 16) & 0xff;
        i.color = (((i.color >> 16) + hr) / 2) << 16 | ((((i.color >> 8) & 0xff) + hg) / 2) << 8 | ((i.color & 0xff) + hb) / 2;
      }
      color->set_pixel(x, y, i.opaque ? 0xff000000u | i.color : 0);
      mask->set_pixel(x, y, mask->pixel_of(i.opaque ? 0 : 0xffffff));
    }
  return user32::new_icon(p, *color, *mask);
}

}  // namespace polyrun::shims::shell32
