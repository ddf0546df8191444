// Region objects (HRGN: CreateRectRgn … ExtCreateRegion, CombineRgn, GetRegionData, PtInRegion …),
// filling and framing them on a DC (FillRgn, PaintRgn, FrameRgn, InvertRgn), and a DC's clip
// region (SelectClipRgn, ExtSelectClipRgn, IntersectClipRect, ExcludeClipRect, OffsetClipRgn,
// GetClipBox, GetClipRgn, PtVisible, RectVisible). Regions are pixel sets kept as Windows keeps
// them (region_algebra.h); a region object's coordinates are logical where a drawing call takes
// it and device units where the clip does, as on Windows.
#include <cmath>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

namespace {

enum : int32_t { RGN_ERROR = 0, NULLREGION = 1, SIMPLEREGION = 2, COMPLEXREGION = 3 };
enum : int32_t { RGN_AND = 1, RGN_OR = 2, RGN_XOR = 3, RGN_DIFF = 4, RGN_COPY = 5 };

Rect ordered(int32_t l, int32_t t, int32_t r, int32_t b) {
  return {std::min(l, r), std::min(t, b), std::max(l, r), std::max(t, b)};
}

Ptr add_region(WindowsProcess& p, Region r) {
  auto o = std::make_unique<RegionObject>();
  *o->region = std::move(r);
  return Ptr(gdi_table(p).add(std::move(o)));
}
RegionObject* region_of(WindowsProcess& p, uint64_t h) { return gdi_table(p).find_as<RegionObject>(h, OBJ_REGION); }

Ptr CreateRectRgn(WindowsProcess& p, int32_t l, int32_t t, int32_t r, int32_t b) {
  return add_region(p, Region(ordered(l, t, r, b)));
}
Ptr CreateRectRgnIndirect(WindowsProcess& p, Ptr rect) {
  const Rect r = get<Rect>(rect.addr);
  return CreateRectRgn(p, r.left, r.top, r.right, r.bottom);
}
Ptr CreateEllipticRgn(WindowsProcess& p, int32_t l, int32_t t, int32_t r, int32_t b) {
  return add_region(p, Region::ellipse(ordered(l, t, r, b)));
}
Ptr CreateEllipticRgnIndirect(WindowsProcess& p, Ptr rect) {
  const Rect r = get<Rect>(rect.addr);
  return CreateEllipticRgn(p, r.left, r.top, r.right, r.bottom);
}
Ptr CreateRoundRectRgn(WindowsProcess& p, int32_t l, int32_t t, int32_t r, int32_t b, int32_t ew, int32_t eh) {
  return add_region(p, Region::round_rect(ordered(l, t, r, b), ew, eh));
}
Ptr CreatePolyPolygonRgn(WindowsProcess& p, Ptr points, Ptr counts, int32_t polygons, int32_t mode) {
  if (polygons <= 0 || !points || !counts || (mode != ALTERNATE && mode != WINDING)) return Ptr();
  std::vector<int32_t> n(static_cast<size_t>(polygons));
  size_t total = 0;
  for (int32_t i = 0; i < polygons; ++i) {
    n[i] = get<int32_t>(counts.addr + 4 * i);
    if (n[i] < 0) return Ptr();
    total += static_cast<size_t>(n[i]);
  }
  std::vector<Point> pts(total);
  if (total) std::memcpy(pts.data(), guest_pointer(points.addr), total * sizeof(Point));
  return add_region(p, Region::polygon(pts.data(), n.data(), n.size(), mode));
}
Ptr CreatePolygonRgn(WindowsProcess& p, Ptr points, int32_t count, int32_t mode) {
  if (count <= 0 || !points || (mode != ALTERNATE && mode != WINDING)) return Ptr();
  std::vector<Point> pts(static_cast<size_t>(count));
  std::memcpy(pts.data(), guest_pointer(points.addr), pts.size() * sizeof(Point));
  const int32_t n = count;
  return add_region(p, Region::polygon(pts.data(), &n, 1, mode));
}

int32_t CombineRgn(WindowsProcess& p, Ptr dest, Ptr a, Ptr b, int32_t mode) {
  RegionObject* d = region_of(p, dest.addr);
  RegionObject* ra = region_of(p, a.addr);
  if (!d || !ra || mode < RGN_AND || mode > RGN_COPY) return RGN_ERROR;
  if (mode == RGN_COPY) {
    *d->region = Region(*ra->region);
    return d->region->kind();
  }
  RegionObject* rb = region_of(p, b.addr);
  if (!rb) return RGN_ERROR;
  *d->region = Region::combine(*ra->region, *rb->region, static_cast<Region::Op>(mode));
  return d->region->kind();
}

BOOL SetRectRgn(WindowsProcess& p, Ptr rgn, int32_t l, int32_t t, int32_t r, int32_t b) {
  RegionObject* o = region_of(p, rgn.addr);
  if (!o) return FALSE;
  *o->region = Region(ordered(l, t, r, b));
  return TRUE;
}
int32_t OffsetRgn(WindowsProcess& p, Ptr rgn, int32_t dx, int32_t dy) {
  RegionObject* o = region_of(p, rgn.addr);
  if (!o) return RGN_ERROR;
  o->region->offset(dx, dy);
  return o->region->kind();
}
int32_t GetRgnBox(WindowsProcess& p, Ptr rgn, Ptr out) {
  RegionObject* o = region_of(p, rgn.addr);
  if (!o) return RGN_ERROR;
  put<Rect>(out.addr, o->region->bounds());
  return o->region->kind();
}
BOOL PtInRegion(WindowsProcess& p, Ptr rgn, int32_t x, int32_t y) {
  RegionObject* o = region_of(p, rgn.addr);
  return o && o->region->contains(x, y);
}
BOOL RectInRegion(WindowsProcess& p, Ptr rgn, Ptr rect) {
  RegionObject* o = region_of(p, rgn.addr);
  if (!o || !rect) return FALSE;
  const Rect r = get<Rect>(rect.addr);
  return o->region->intersects(ordered(r.left, r.top, r.right, r.bottom));
}
BOOL EqualRgn(WindowsProcess& p, Ptr a, Ptr b) {
  RegionObject *ra = region_of(p, a.addr), *rb = region_of(p, b.addr);
  if (!ra || !rb) return RGN_ERROR;
  return *ra->region == *rb->region;
}

// RGNDATA: RGNDATAHEADER (dwSize 32, iType RDH_RECTANGLES, nCount, nRgnSize, rcBound), then the
// rectangles. Returns the size needed; with a buffer too small, 0 (and nothing written).
uint32_t GetRegionData(WindowsProcess& p, Ptr rgn, uint32_t size, Ptr out) {
  RegionObject* o = region_of(p, rgn.addr);
  if (!o) return 0;
  const auto& rects = o->region->rects();
  const uint32_t body = static_cast<uint32_t>(rects.size() * sizeof(Rect)), needed = 32 + body;
  if (!out) return needed;
  if (size < needed) return 0;
  put<uint32_t>(out.addr, 32), put<uint32_t>(out.addr + 4, 1);
  put<uint32_t>(out.addr + 8, static_cast<uint32_t>(rects.size())), put<uint32_t>(out.addr + 12, body);
  put<Rect>(out.addr + 16, o->region->bounds());
  if (body) std::memcpy(guest_pointer(out.addr + 32), rects.data(), body);
  return needed;
}
Ptr ExtCreateRegion(WindowsProcess& p, Ptr xform, uint32_t size, Ptr data) {
  if (!data || size < 32) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const uint32_t header = get<uint32_t>(data.addr), type = get<uint32_t>(data.addr + 4);
  const uint32_t count = get<uint32_t>(data.addr + 8);
  if (header != 32 || type != 1 || size < 32 + count * 16ull) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  std::vector<Rect> rects(count);
  if (count) std::memcpy(rects.data(), guest_pointer(data.addr + 32), count * sizeof(Rect));
  if (xform) {
    // (only translations and scales: each rectangle's corners mapped)
    const Xform x = get<Xform>(xform.addr);
    for (Rect& r : rects) {
      const auto tx = [&](double v) { return static_cast<int32_t>(std::lround(v)); };
      r = ordered(tx(r.left * x.m11 + x.dx), tx(r.top * x.m22 + x.dy), tx(r.right * x.m11 + x.dx),
                  tx(r.bottom * x.m22 + x.dy));
    }
  }
  std::vector<Rect> valid;
  for (const Rect& r : rects)
    if (!r.empty()) valid.push_back(r);
  return add_region(p, Region::from_rects(valid));
}

// A region object's logical coordinates on the DC's surface.
Region on_surface(const DeviceContext& dc, const Region& r) {
  if (simple_mapping(dc)) {
    Region out = r;
    const Point o = to_device(dc, {0, 0});
    out.offset(o.x + dc.origin.x, o.y + dc.origin.y);
    return out;
  }
  std::vector<Rect> rects;
  for (const Rect& x : r.rects()) rects.push_back(rect_to_device(dc, x).offset(dc.origin.x, dc.origin.y));
  return Region::from_rects(rects);
}

void paint_region(WindowsProcess& p, DeviceContext& dc, const Region& logical, uint32_t brush, int rop2) {
  Surface* s = dc_surface(p, dc);
  if (!s) return;
  FillPattern f;
  if (!brush_pattern(p, dc, *s, brush, rop2, f)) return;
  const Region area = Region::combine(on_surface(dc, logical), drawing_clip(p, dc), Region::Op::And);
  for (const Rect& r : area.rects()) fill_rect(*s, r, area, f);
}

BOOL FillRgn(WindowsProcess& p, Ptr hdc, Ptr rgn, Ptr brush) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  RegionObject* o = region_of(p, rgn.addr);
  if (!dc || !o || !gdi_table(p).find_as<Brush>(brush.addr, OBJ_BRUSH)) return FALSE;
  paint_region(p, *dc, *o->region, static_cast<uint32_t>(brush.addr), R2_COPYPEN);
  return TRUE;
}
BOOL PaintRgn(WindowsProcess& p, Ptr hdc, Ptr rgn) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  RegionObject* o = region_of(p, rgn.addr);
  if (!dc || !o) return FALSE;
  paint_region(p, *dc, *o->region, 0, dc->s.rop2);
  return TRUE;
}
BOOL InvertRgn(WindowsProcess& p, Ptr hdc, Ptr rgn) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  RegionObject* o = region_of(p, rgn.addr);
  if (!dc || !o) return FALSE;
  Surface* s = dc_surface(p, *dc);
  if (!s) return TRUE;
  const Region area = Region::combine(on_surface(*dc, *o->region), drawing_clip(p, *dc), Region::Op::And);
  for (const Rect& r : area.rects()) fill_rect(*s, r, area, FillPattern::solid(rop2_masks(6 /*R2_NOT*/, 0)));
  return TRUE;
}
// FrameRgn: the region less itself shrunk by the frame's width and height in every direction.
BOOL FrameRgn(WindowsProcess& p, Ptr hdc, Ptr rgn, Ptr brush, int32_t w, int32_t h) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  RegionObject* o = region_of(p, rgn.addr);
  if (!dc || !o || !gdi_table(p).find_as<Brush>(brush.addr, OBJ_BRUSH)) return FALSE;
  if (w <= 0 || h <= 0) return FALSE;
  const Region& r = *o->region;
  Region inner = r;
  for (int32_t dx : {-w, w}) {
    Region moved = r;
    moved.offset(dx, 0);
    inner = Region::combine(inner, moved, Region::Op::And);
  }
  for (int32_t dy : {-h, h}) {
    Region moved = r;
    moved.offset(0, dy);
    inner = Region::combine(inner, moved, Region::Op::And);
  }
  paint_region(p, *dc, Region::combine(r, inner, Region::Op::Diff), static_cast<uint32_t>(brush.addr), R2_COPYPEN);
  return TRUE;
}

// The DC's device area when it has no clip region: its surface, or for a window its visible part.
Rect device_bounds(const DeviceContext& dc) {
  Rect r = dc.visible ? dc.visible->bounds() : dc.surface ? dc.surface->rect() : Rect{};
  return r.offset(-dc.origin.x, -dc.origin.y);
}

}  // namespace

int32_t select_clip_region(WindowsProcess& p, DeviceContext& dc, RegionObject* rgn, int32_t mode) {
  if (mode < RGN_AND || mode > RGN_COPY) return RGN_ERROR;
  dc_surface(p, dc);
  if (mode == RGN_COPY) {
    dc.s.clip = rgn ? std::make_shared<Region>(*rgn->region) : nullptr;
  } else {
    if (!rgn) return RGN_ERROR;
    const Region current = dc.s.clip ? *dc.s.clip : Region(device_bounds(dc));
    dc.s.clip = std::make_shared<Region>(Region::combine(current, *rgn->region, static_cast<Region::Op>(mode)));
  }
  dc_changed(dc);
  return drawing_clip(p, dc).kind();
}

namespace {

int32_t SelectClipRgn(WindowsProcess& p, Ptr hdc, Ptr rgn) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return RGN_ERROR;
  RegionObject* o = rgn ? region_of(p, rgn.addr) : nullptr;
  if (rgn && !o) return RGN_ERROR;
  return select_clip_region(p, *dc, o, RGN_COPY);
}
int32_t ExtSelectClipRgn(WindowsProcess& p, Ptr hdc, Ptr rgn, int32_t mode) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return RGN_ERROR;
  RegionObject* o = rgn ? region_of(p, rgn.addr) : nullptr;
  if (rgn && !o) return RGN_ERROR;
  if (!o && mode != RGN_COPY) return fail(p, ERROR_INVALID_PARAMETER);
  return select_clip_region(p, *dc, o, mode);
}

int32_t clip_rect(WindowsProcess& p, uint64_t hdc, int32_t l, int32_t t, int32_t r, int32_t b, Region::Op op) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc) return RGN_ERROR;
  dc_surface(p, *dc);
  const Rect d = rect_to_device(*dc, ordered(l, t, r, b));
  if (!dc->s.clip && op == Region::Op::And) {
    // No clip region yet: the rectangle becomes it, whatever the surface is now (a memory DC's
    // bitmap may be selected after; drawing_clip meets it with the surface as it is then).
    dc->s.clip = std::make_shared<Region>(Region(d));
  } else {
    const Region current = dc->s.clip ? *dc->s.clip : Region(device_bounds(*dc));
    dc->s.clip = std::make_shared<Region>(Region::combine(current, Region(d), op));
  }
  dc_changed(*dc);
  return drawing_clip(p, *dc).kind();
}
int32_t IntersectClipRect(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b) {
  return clip_rect(p, hdc.addr, l, t, r, b, Region::Op::And);
}
int32_t ExcludeClipRect(WindowsProcess& p, Ptr hdc, int32_t l, int32_t t, int32_t r, int32_t b) {
  return clip_rect(p, hdc.addr, l, t, r, b, Region::Op::Diff);
}
int32_t OffsetClipRgn(WindowsProcess& p, Ptr hdc, int32_t dx, int32_t dy) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return RGN_ERROR;
  if (dc->s.clip) {
    const Point a = to_device(*dc, {0, 0}), b = to_device(*dc, {dx, dy});
    auto moved = std::make_shared<Region>(*dc->s.clip);
    moved->offset(b.x - a.x, b.y - a.y);
    dc->s.clip = moved;
    dc_changed(*dc);
  }
  return drawing_clip(p, *dc).kind();
}

int32_t GetClipBox(WindowsProcess& p, Ptr hdc, Ptr out) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return RGN_ERROR;
  const Region& clip = drawing_clip(p, *dc);
  const Rect b = clip.bounds().offset(-dc->origin.x, -dc->origin.y);
  if (clip.empty()) {
    put<Rect>(out.addr, Rect{});
    return NULLREGION;
  }
  const Point a = to_logical(*dc, {b.left, b.top}), c = to_logical(*dc, {b.right, b.bottom});
  put<Rect>(out.addr, ordered(a.x, a.y, c.x, c.y));
  return clip.kind();
}
int32_t GetClipRgn(WindowsProcess& p, Ptr hdc, Ptr rgn) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  RegionObject* o = region_of(p, rgn.addr);
  if (!dc || !o) return -1;
  if (!dc->s.clip) return 0;
  *o->region = *dc->s.clip;
  return 1;
}
int32_t GetMetaRgn(WindowsProcess& p, Ptr hdc, Ptr rgn) {
  return find_dc(p, hdc.addr) && region_of(p, rgn.addr) ? 0 : -1;
}
BOOL PtVisible(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return -1;
  const Point d = to_device(*dc, {x, y});
  return drawing_clip(p, *dc).contains(d.x + dc->origin.x, d.y + dc->origin.y);
}
BOOL RectVisible(WindowsProcess& p, Ptr hdc, Ptr rect) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc || !rect) return FALSE;
  const Rect r = rect_to_device(*dc, get<Rect>(rect.addr)).offset(dc->origin.x, dc->origin.y);
  return drawing_clip(p, *dc).intersects(r);
}

}  // namespace

const std::vector<Export>& region_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateRectRgn", CreateRectRgn), EXPORT("CreateRectRgnIndirect", CreateRectRgnIndirect),
      EXPORT("CreateEllipticRgn", CreateEllipticRgn), EXPORT("CreateEllipticRgnIndirect", CreateEllipticRgnIndirect),
      EXPORT("CreateRoundRectRgn", CreateRoundRectRgn), EXPORT("CreatePolyPolygonRgn", CreatePolyPolygonRgn),
      EXPORT("CreatePolygonRgn", CreatePolygonRgn), EXPORT("CombineRgn", CombineRgn), EXPORT("SetRectRgn", SetRectRgn),
      EXPORT("OffsetRgn", OffsetRgn), EXPORT("GetRgnBox", GetRgnBox), EXPORT("PtInRegion", PtInRegion),
      EXPORT("RectInRegion", RectInRegion), EXPORT("EqualRgn", EqualRgn), EXPORT("GetRegionData", GetRegionData),
      EXPORT("ExtCreateRegion", ExtCreateRegion), EXPORT("FillRgn", FillRgn), EXPORT("PaintRgn", PaintRgn),
      EXPORT("InvertRgn", InvertRgn), EXPORT("FrameRgn", FrameRgn), EXPORT("SelectClipRgn", SelectClipRgn),
      EXPORT("ExtSelectClipRgn", ExtSelectClipRgn), EXPORT("IntersectClipRect", IntersectClipRect),
      EXPORT("ExcludeClipRect", ExcludeClipRect), EXPORT("OffsetClipRgn", OffsetClipRgn),
      EXPORT("GetClipBox", GetClipBox), EXPORT("GetClipRgn", GetClipRgn), EXPORT("GetMetaRgn", GetMetaRgn),
      EXPORT("PtVisible", PtVisible), EXPORT("RectVisible", RectVisible),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
