// UXTHEME.dll's buffered painting, which needs no visual style: BeginBufferedPaint gives a memory
// DC over a bitmap of the target rectangle (a bitmap compatible with the target, or a 32-bit DIB
// section, bottom-up or top-down, or a 1-bit top-down one) whose logical coordinates are the
// target's, clipped to the rectangle; EndBufferedPaint copies it to the target (BitBlt, or
// AlphaBlend with the BLENDFUNCTION of its BP_PAINTPARAMS) and frees it. GetBufferedPaintBits,
// GetBufferedPaintDC, GetBufferedPaintTargetDC and GetBufferedPaintTargetRect tell about it;
// BufferedPaintClear makes a rectangle of it ARGB 0 and BufferedPaintSetAlpha sets its pixels'
// alpha. Buffered animations run to their end at once: BeginBufferedAnimation gives only the DC
// of the final state, which EndBufferedAnimation copies to the target, and no animation is ever
// running for BufferedPaintRenderAnimation to paint or BufferedPaintStopAllAnimations to stop.
#include <cstring>
#include <map>
#include <mutex>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/uxtheme/exports.h"

namespace polyrun::shims {

namespace uxtheme_paint {
namespace {

// BP_BUFFERFORMAT.
constexpr int32_t kCompatibleBitmap = 0, kDib = 1, kTopDownDib = 2, kTopDownMonoDib = 3;
constexpr uint32_t kBppfErase = 1;

struct PaintBuffer {
  uint64_t target = 0, dc = 0, bitmap = 0, bits = 0;
  int32_t left = 0, top = 0, right = 0, bottom = 0;
  int32_t format = 0;
  uint32_t blend = 0;  // BLENDFUNCTION, when it has one
  bool blends = false;
  int32_t width() const { return right - left; }
  int32_t height() const { return bottom - top; }
};
struct BufferedPaintState : DllStateBase {
  std::mutex m;
  std::map<uint64_t, PaintBuffer> buffers;  // by handle: a guest block of the buffer's own
};
BufferedPaintState& state(WindowsProcess& p) { return dll_state<BufferedPaintState>(p); }

uint64_t gdi32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("gdi32.dll", name, args);
}
uint64_t sx(int32_t v) { return static_cast<uint64_t>(static_cast<int64_t>(v)); }

bool find(WindowsProcess& p, uint64_t handle, PaintBuffer& out) {
  std::lock_guard<std::mutex> g(state(p).m);
  auto it = state(p).buffers.find(handle);
  if (it == state(p).buffers.end()) return false;
  out = it->second;
  return true;
}

// BeginBufferedPaint(target, rect, format, params, *dc): the buffer's handle and DC, or null.
Ptr begin_paint(WindowsProcess& p, uint64_t target, Ptr rect, int32_t format, Ptr params, Ptr dc_out) {
  if (dc_out) p.put_ptr(dc_out.addr, 0);
  if (!target || !rect) return Ptr(0);
  PaintBuffer b;
  const int32_t* r = rect.as<const int32_t>();
  b.left = r[0], b.top = r[1], b.right = r[2], b.bottom = r[3];
  if (b.width() <= 0 || b.height() <= 0) return Ptr(0);
  if (format < kCompatibleBitmap || format > kTopDownMonoDib) return Ptr(0);
  b.target = target;
  b.format = format;
  uint32_t flags = 0;
  if (params) {
    // BP_PAINTPARAMS: cbSize, dwFlags, prcExclude, pBlendFunction.
    const unsigned w = p.isa->ptr;
    flags = get<uint32_t>(params.addr + 4);
    const uint64_t blend = p.get_ptr(params.addr + 8 + w);
    if (blend) b.blend = get<uint32_t>(blend), b.blends = true;
  }
  b.dc = gdi32(p, "CreateCompatibleDC", {target});
  if (!b.dc) return Ptr(0);
  if (format == kCompatibleBitmap) {
    b.bitmap = gdi32(p, "CreateCompatibleBitmap", {target, sx(b.width()), sx(b.height())});
  } else {
    // BITMAPINFOHEADER and two palette entries (black) for the 1-bit form, then the bits' pointer.
    const uint64_t info = p.heap.alloc(40 + 8 + 8, true);
    put<uint32_t>(info, 40);
    put<int32_t>(info + 4, b.width());
    put<int32_t>(info + 8, format == kDib ? b.height() : -b.height());
    put<uint16_t>(info + 12, 1);
    put<uint16_t>(info + 14, format == kTopDownMonoDib ? 1 : 32);
    b.bitmap = gdi32(p, "CreateDIBSection", {b.dc, info, 0 /* DIB_RGB_COLORS */, info + 48, 0, 0});
    b.bits = p.get_ptr(info + 48);
    p.heap.free(info);
  }
  if (!b.bitmap) {
    gdi32(p, "DeleteDC", {b.dc});
    return Ptr(0);
  }
  gdi32(p, "SetWindowOrgEx", {b.dc, sx(b.left), sx(b.top), 0});
  gdi32(p, "IntersectClipRect", {b.dc, sx(b.left), sx(b.top), sx(b.right), sx(b.bottom)});
  gdi32(p, "DeleteObject", {gdi32(p, "SelectObject", {b.dc, b.bitmap})});
  if ((flags & kBppfErase) && format == kCompatibleBitmap)
    gdi32(p, "PatBlt", {b.dc, sx(b.left), sx(b.top), sx(b.width()), sx(b.height()), 0x42 /* BLACKNESS */});
  const uint64_t handle = p.heap.alloc(16, true);
  {
    std::lock_guard<std::mutex> g(state(p).m);
    state(p).buffers[handle] = b;
  }
  if (dc_out) p.put_ptr(dc_out.addr, b.dc);
  return Ptr(handle);
}

// The buffer copied to its target (update) and freed.
HRESULT end_paint(WindowsProcess& p, uint64_t handle, bool update) {
  PaintBuffer b;
  {
    std::lock_guard<std::mutex> g(state(p).m);
    auto it = state(p).buffers.find(handle);
    if (!handle || it == state(p).buffers.end()) return E_INVALIDARG;
    b = it->second;
    state(p).buffers.erase(it);
  }
  if (update) {
    if (b.blends)
      gdi32(p, "GdiAlphaBlend", {b.target, sx(b.left), sx(b.top), sx(b.width()), sx(b.height()), b.dc, sx(b.left), sx(b.top),
                                 sx(b.width()), sx(b.height()), b.blend});
    else
      gdi32(p, "BitBlt", {b.target, sx(b.left), sx(b.top), sx(b.width()), sx(b.height()), b.dc, sx(b.left), sx(b.top),
                          0x00cc0020 /* SRCCOPY */});
  }
  gdi32(p, "DeleteDC", {b.dc});
  gdi32(p, "DeleteObject", {b.bitmap});
  p.heap.free(handle);
  return S_OK;
}

Ptr BeginBufferedPaint(WindowsProcess& p, Ptr target, Ptr rect, int32_t format, Ptr params, Ptr dc) {
  return begin_paint(p, target.addr, rect, format, params, dc);
}
HRESULT EndBufferedPaint(WindowsProcess& p, Ptr handle, BOOL update) { return end_paint(p, handle.addr, update != 0); }

// BufferedPaintInit / BufferedPaintUnInit: a thread's buffers need nothing made ahead.
HRESULT BufferedPaintInit(WindowsProcess&) { return S_OK; }
HRESULT BufferedPaintUnInit(WindowsProcess&) { return S_OK; }

HRESULT GetBufferedPaintBits(WindowsProcess& p, Ptr handle, Ptr bits, Ptr width) {
  if (!bits || !width) return E_POINTER;
  PaintBuffer b;
  if (!find(p, handle.addr, b) || !b.bits) return E_FAIL;
  p.put_ptr(bits.addr, b.bits);
  put<int32_t>(width.addr, b.width());
  return S_OK;
}
Ptr GetBufferedPaintDC(WindowsProcess& p, Ptr handle) {
  PaintBuffer b;
  return Ptr(find(p, handle.addr, b) ? b.dc : 0);
}
Ptr GetBufferedPaintTargetDC(WindowsProcess& p, Ptr handle) {
  PaintBuffer b;
  return Ptr(find(p, handle.addr, b) ? b.target : 0);
}
HRESULT GetBufferedPaintTargetRect(WindowsProcess& p, Ptr handle, Ptr rect) {
  if (!rect) return E_POINTER;
  PaintBuffer b;
  if (!find(p, handle.addr, b)) return E_FAIL;
  int32_t* r = rect.as<int32_t>();
  r[0] = b.left, r[1] = b.top, r[2] = b.right, r[3] = b.bottom;
  return S_OK;
}

// The part of the buffer a rectangle in its coordinates (null: all of it) covers, in pixels of
// the bitmap: [x0, x1) x [y0, y1), false when nothing.
bool pixels_of(const PaintBuffer& b, Ptr rect, int32_t& x0, int32_t& y0, int32_t& x1, int32_t& y1) {
  x0 = 0, y0 = 0, x1 = b.width(), y1 = b.height();
  if (rect) {
    const int32_t* r = rect.as<const int32_t>();
    x0 = std::max(x0, r[0] - b.left), y0 = std::max(y0, r[1] - b.top);
    x1 = std::min(x1, r[2] - b.left), y1 = std::min(y1, r[3] - b.top);
  }
  return x0 < x1 && y0 < y1;
}
// A 32-bit DIB's pixel row `y` (counted from the top).
uint32_t* row(const PaintBuffer& b, int32_t y) {
  const int32_t stored = b.format == kDib ? b.height() - 1 - y : y;
  return reinterpret_cast<uint32_t*>(b.bits + static_cast<uint64_t>(stored) * static_cast<uint64_t>(b.width()) * 4);
}

// BufferedPaintClear(handle, rect): the rectangle (null: the buffer) becomes ARGB 0.
HRESULT BufferedPaintClear(WindowsProcess& p, Ptr handle, Ptr rect) {
  PaintBuffer b;
  if (!find(p, handle.addr, b)) return E_INVALIDARG;
  int32_t x0, y0, x1, y1;
  if (!pixels_of(b, rect, x0, y0, x1, y1)) return S_OK;
  if (b.bits && b.format != kTopDownMonoDib) {
    gdi32(p, "GdiFlush", {});
    for (int32_t y = y0; y < y1; ++y) std::memset(row(b, y) + x0, 0, static_cast<size_t>(x1 - x0) * 4);
  } else {
    gdi32(p, "PatBlt", {b.dc, sx(b.left + x0), sx(b.top + y0), sx(x1 - x0), sx(y1 - y0), 0x42 /* BLACKNESS */});
  }
  return S_OK;
}
// BufferedPaintSetAlpha(handle, rect, alpha): the pixels' alpha, for a buffer of 32-bit pixels.
HRESULT BufferedPaintSetAlpha(WindowsProcess& p, Ptr handle, Ptr rect, uint8_t alpha) {
  PaintBuffer b;
  if (!find(p, handle.addr, b)) return E_INVALIDARG;
  if (!b.bits || b.format == kTopDownMonoDib) return E_FAIL;  // no pixels of their own to set
  int32_t x0, y0, x1, y1;
  if (!pixels_of(b, rect, x0, y0, x1, y1)) return S_OK;
  gdi32(p, "GdiFlush", {});
  for (int32_t y = y0; y < y1; ++y) {
    uint32_t* px = row(b, y);
    for (int32_t x = x0; x < x1; ++x) px[x] = (px[x] & 0x00ffffffu) | (static_cast<uint32_t>(alpha) << 24);
  }
  return S_OK;
}

// BeginBufferedAnimation(hwnd, target, rect, format, paint params, animation params, *from, *to):
// the final state's buffer at once (*from null: the first state need not be painted).
Ptr BeginBufferedAnimation(WindowsProcess& p, Ptr, Ptr target, Ptr rect, int32_t format, Ptr params, Ptr, Ptr from,
                           Ptr to) {
  if (from) p.put_ptr(from.addr, 0);
  return begin_paint(p, target.addr, rect, format, params, to);
}
HRESULT EndBufferedAnimation(WindowsProcess& p, Ptr handle, BOOL update) { return end_paint(p, handle.addr, update != 0); }
BOOL BufferedPaintRenderAnimation(WindowsProcess&, Ptr, Ptr) { return FALSE; }
HRESULT BufferedPaintStopAllAnimations(WindowsProcess&, Ptr) { return S_OK; }

}  // namespace
}  // namespace uxtheme_paint

const std::vector<Export>& uxtheme_buffered_paint_exports() {
  using namespace uxtheme_paint;
  static const std::vector<Export> exports = {
      EXPORT("BeginBufferedPaint", BeginBufferedPaint),
      EXPORT("EndBufferedPaint", EndBufferedPaint),
      EXPORT("BufferedPaintInit", BufferedPaintInit),
      EXPORT("BufferedPaintUnInit", BufferedPaintUnInit),
      EXPORT("GetBufferedPaintBits", GetBufferedPaintBits),
      EXPORT("GetBufferedPaintDC", GetBufferedPaintDC),
      EXPORT("GetBufferedPaintTargetDC", GetBufferedPaintTargetDC),
      EXPORT("GetBufferedPaintTargetRect", GetBufferedPaintTargetRect),
      EXPORT("BufferedPaintClear", BufferedPaintClear),
      EXPORT("BufferedPaintSetAlpha", BufferedPaintSetAlpha),
      EXPORT("BeginBufferedAnimation", BeginBufferedAnimation),
      EXPORT("EndBufferedAnimation", EndBufferedAnimation),
      EXPORT("BufferedPaintRenderAnimation", BufferedPaintRenderAnimation),
      EXPORT("BufferedPaintStopAllAnimations", BufferedPaintStopAllAnimations),
  };
  return exports;
}

}  // namespace polyrun::shims
