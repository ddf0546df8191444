// Image lists as COM objects: IImageList and IImageList2 (commoncontrols.h), whose interface
// pointer is the HIMAGELIST itself; HIMAGELIST_QueryInterface and ImageList_CoCreateInstance
// (CLSID_ImageList: an empty list, given its size by IImageList2::Initialize). The methods do what
// the ImageList_* functions do (called as the program would call them) and give HRESULTs.
#include "shims/comctl32/exports.h"
#include "shims/comctl32/imagelist.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_result.h"
#include "shims/ole32/com_object.h"

namespace polyrun::shims::comctl32::imagelist {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

constexpr GuidBytes kIidImageList = make_guid(0x46eb5926, 0x582e, 0x4017, {0x9f, 0xdf, 0xe8, 0x99, 0x8d, 0xaa, 0x09, 0x50});
constexpr GuidBytes kIidImageList2 = make_guid(0x192b9d83, 0x50fc, 0x457b, {0x90, 0xa0, 0x2b, 0x82, 0xa8, 0xb5, 0xda, 0xe1});
constexpr GuidBytes kClsidImageList = make_guid(0x7c476ba2, 0x02b1, 0x48f4, {0x80, 0x48, 0xb2, 0x46, 0x19, 0xdd, 0xc0, 0x58});
constexpr int32_t CLASS_E_NOAGGREGATION = static_cast<int32_t>(0x80040110),
                  CLASS_E_CLASSNOTAVAILABLE = static_cast<int32_t>(0x80040111);

uint64_t u(int32_t v) { return static_cast<uint32_t>(v); }
uint64_t call(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("comctl32.dll", name, args);
}
int32_t ok_or_fail(uint64_t r) { return static_cast<uint32_t>(r) ? com::S_OK : com::E_FAIL; }
// An index result (-1: failure) given through `out`.
int32_t index_result(uint64_t r, Ptr out) {
  const int32_t i = static_cast<int32_t>(r);
  if (out) put<int32_t>(out.addr, i);
  return i == -1 ? com::E_FAIL : com::S_OK;
}

int32_t query(WindowsProcess& p, uint64_t self, uint64_t iid, uint64_t out) {
  if (!out) return com::E_POINTER;
  Lock g(lock());
  List* l = find(self);
  if (!l) return com::E_FAIL;
  if (guid_is(iid, kIidIUnknown) || guid_is(iid, kIidImageList) || guid_is(iid, kIidImageList2)) {
    ++l->refs;
    p.put_ptr(out, self);
    return com::S_OK;
  }
  p.put_ptr(out, 0);
  return com::E_NOINTERFACE;
}

int32_t QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) { return query(p, self.addr, iid.addr, out.addr); }
uint32_t AddRef(WindowsProcess&, Ptr self) {
  Lock g(lock());
  List* l = find(self.addr);
  return l ? ++l->refs : 0;
}
uint32_t Release(WindowsProcess& p, Ptr self) {
  Lock g(lock());
  List* l = find(self.addr);
  if (!l) return 0;
  const uint32_t left = --l->refs;
  if (!left) destroy(p, self.addr);
  return left;
}

// A list just made (its one reference ours) handed to the program as the interface `iid`: the
// program's reference, or the list gone when it has no such interface.
int32_t hand_out(WindowsProcess& p, uint64_t list, uint64_t iid, uint64_t out) {
  const int32_t hr = query(p, list, iid, out);
  Release(p, Ptr(list));
  return hr;
}

// The image list behind an IUnknown the program gives (its IImageList), released after use.
struct Other {
  WindowsProcess& p;
  uint64_t list = 0;
  Other(WindowsProcess& process, uint64_t unknown) : p(process) {
    if (unknown) query_interface(p, unknown, kIidImageList, list);
  }
  ~Other() {
    if (list) call_method(p, list, kRelease);
  }
};

int32_t Add(WindowsProcess& p, Ptr self, Ptr image, Ptr mask, Ptr out) {
  return index_result(call(p, "ImageList_Add", {self.addr, image.addr, mask.addr}), out);
}
int32_t ReplaceIcon(WindowsProcess& p, Ptr self, int32_t i, Ptr icon, Ptr out) {
  return index_result(call(p, "ImageList_ReplaceIcon", {self.addr, u(i), icon.addr}), out);
}
int32_t SetOverlayImage(WindowsProcess& p, Ptr self, int32_t image, int32_t overlay) {
  return ok_or_fail(call(p, "ImageList_SetOverlayImage", {self.addr, u(image), u(overlay)}));
}
int32_t Replace(WindowsProcess& p, Ptr self, int32_t i, Ptr image, Ptr mask) {
  return ok_or_fail(call(p, "ImageList_Replace", {self.addr, u(i), image.addr, mask.addr}));
}
int32_t AddMasked(WindowsProcess& p, Ptr self, Ptr image, uint32_t color, Ptr out) {
  return index_result(call(p, "ImageList_AddMasked", {self.addr, image.addr, color}), out);
}
// Draw(IMAGELISTDRAWPARAMS*): the structure's list is this one, whatever it names.
int32_t Draw(WindowsProcess& p, Ptr self, Ptr params) {
  if (!params) return com::E_FAIL;
  const uint64_t at = params.addr + (p.isa->ptr == 8 ? 8 : 4);
  const uint64_t old = p.get_ptr(at);
  p.put_ptr(at, self.addr);
  const uint64_t r = call(p, "ImageList_DrawIndirect", {params.addr});
  p.put_ptr(at, old);
  return ok_or_fail(r);
}
int32_t Remove(WindowsProcess& p, Ptr self, int32_t i) { return ok_or_fail(call(p, "ImageList_Remove", {self.addr, u(i)})); }
int32_t GetIcon(WindowsProcess& p, Ptr self, int32_t i, uint32_t flags, Ptr out) {
  if (!out) return com::E_FAIL;
  const uint64_t icon = call(p, "ImageList_GetIcon", {self.addr, u(i), flags});
  p.put_ptr(out.addr, icon);
  return icon ? com::S_OK : com::E_FAIL;
}
int32_t GetImageInfo(WindowsProcess& p, Ptr self, int32_t i, Ptr info) {
  return ok_or_fail(call(p, "ImageList_GetImageInfo", {self.addr, u(i), info.addr}));
}
int32_t Copy(WindowsProcess& p, Ptr self, int32_t dst, Ptr src_unknown, int32_t src, uint32_t flags) {
  Other other(p, src_unknown.addr);
  if (!other.list) return com::E_FAIL;
  return ok_or_fail(call(p, "ImageList_Copy", {self.addr, u(dst), other.list, u(src), flags}));
}
int32_t Merge(WindowsProcess& p, Ptr self, int32_t i1, Ptr unknown2, int32_t i2, int32_t dx, int32_t dy, Ptr iid, Ptr out) {
  Other other(p, unknown2.addr);
  if (!other.list || !out) return com::E_FAIL;
  const uint64_t merged = call(p, "ImageList_Merge", {self.addr, u(i1), other.list, u(i2), u(dx), u(dy)});
  return merged ? hand_out(p, merged, iid.addr, out.addr) : com::E_FAIL;
}
int32_t Clone(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_FAIL;
  const uint64_t copy = call(p, "ImageList_Duplicate", {self.addr});
  return copy ? hand_out(p, copy, iid.addr, out.addr) : com::E_FAIL;
}
int32_t GetImageRect(WindowsProcess& p, Ptr self, int32_t i, Ptr rect) {
  if (!rect) return com::E_FAIL;
  return ok_or_fail(call(p, "ImageList_GetImageRect", {self.addr, u(i), rect.addr}));
}
int32_t GetIconSize(WindowsProcess& p, Ptr self, Ptr cx, Ptr cy) {
  return ok_or_fail(call(p, "ImageList_GetIconSize", {self.addr, cx.addr, cy.addr}));
}
int32_t SetIconSize(WindowsProcess& p, Ptr self, int32_t cx, int32_t cy) {
  return ok_or_fail(call(p, "ImageList_SetIconSize", {self.addr, u(cx), u(cy)}));
}
int32_t GetImageCount(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return com::E_FAIL;
  put<int32_t>(out.addr, static_cast<int32_t>(call(p, "ImageList_GetImageCount", {self.addr})));
  return com::S_OK;
}
int32_t SetImageCount(WindowsProcess& p, Ptr self, uint32_t n) {
  return ok_or_fail(call(p, "ImageList_SetImageCount", {self.addr, n}));
}
int32_t SetBkColor(WindowsProcess& p, Ptr self, uint32_t color, Ptr old) {
  if (!old) return com::E_FAIL;
  put<uint32_t>(old.addr, static_cast<uint32_t>(call(p, "ImageList_SetBkColor", {self.addr, color})));
  return com::S_OK;
}
int32_t GetBkColor(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return com::E_FAIL;
  put<uint32_t>(out.addr, static_cast<uint32_t>(call(p, "ImageList_GetBkColor", {self.addr})));
  return com::S_OK;
}
int32_t BeginDrag(WindowsProcess& p, Ptr self, int32_t i, int32_t hx, int32_t hy) {
  return ok_or_fail(call(p, "ImageList_BeginDrag", {self.addr, u(i), u(hx), u(hy)}));
}
int32_t EndDrag(WindowsProcess& p, Ptr) {
  call(p, "ImageList_EndDrag", {});
  return com::S_OK;
}
int32_t DragEnter(WindowsProcess& p, Ptr, Ptr hwnd, int32_t x, int32_t y) {
  return ok_or_fail(call(p, "ImageList_DragEnter", {hwnd.addr, u(x), u(y)}));
}
int32_t DragLeave(WindowsProcess& p, Ptr, Ptr hwnd) { return ok_or_fail(call(p, "ImageList_DragLeave", {hwnd.addr})); }
int32_t DragMove(WindowsProcess& p, Ptr, int32_t x, int32_t y) {
  return ok_or_fail(call(p, "ImageList_DragMove", {u(x), u(y)}));
}
int32_t SetDragCursorImage(WindowsProcess& p, Ptr, Ptr unknown, int32_t i, int32_t hx, int32_t hy) {
  Other other(p, unknown.addr);
  if (!other.list) return com::E_FAIL;
  return ok_or_fail(call(p, "ImageList_SetDragCursorImage", {other.list, u(i), u(hx), u(hy)}));
}
int32_t DragShowNolock(WindowsProcess& p, Ptr, BOOL show) {
  return ok_or_fail(call(p, "ImageList_DragShowNolock", {u(show)}));
}
int32_t GetDragImage(WindowsProcess& p, Ptr, Ptr pos, Ptr hot, Ptr iid, Ptr out) {
  if (!out) return com::E_FAIL;
  const uint64_t list = call(p, "ImageList_GetDragImage", {pos.addr, hot.addr});
  return list ? query(p, list, iid.addr, out.addr) : com::E_FAIL;
}
int32_t GetItemFlags(WindowsProcess&, Ptr self, int32_t i, Ptr out) {
  Lock g(lock());
  List* l = find(self.addr);
  if (!l || i < 0 || i >= l->count) return com::E_INVALIDARG;
  if (out) put<uint32_t>(out.addr, l->item_flags[static_cast<size_t>(i)]);
  return com::S_OK;
}
// GetOverlayImage(iOverlay, piIndex): the image of overlay mask iOverlay (1 to 15), as Microsoft documents it.
int32_t GetOverlayImage(WindowsProcess&, Ptr self, int32_t overlay, Ptr out) {
  Lock g(lock());
  List* l = find(self.addr);
  if (!l || !out || overlay < 1 || overlay > kOverlays || l->overlay[static_cast<size_t>(overlay - 1)] < 0)
    return com::E_FAIL;
  put<int32_t>(out.addr, l->overlay[static_cast<size_t>(overlay - 1)]);
  return com::S_OK;
}

// ---- IImageList2 ----
// Resize: every image stretched to the new size.
int32_t Resize(WindowsProcess& p, Ptr self, int32_t cx, int32_t cy) {
  Lock g(lock());
  List* l = find(self.addr);
  if (!l || cx <= 0 || cy <= 0) return com::E_INVALIDARG;
  const List before = *l;
  l->cx = cx, l->cy = cy;
  if (!remake(p, *l, before.max, 0)) {
    *l = before;
    return com::E_OUTOFMEMORY;
  }
  for (int32_t i = 0; i < before.count; ++i) copy_image(before, i, *l, i);
  return com::S_OK;
}
// The images are always there (no callback supplies them later): forcing or preloading them has nothing to do.
int32_t ForceImagePresent(WindowsProcess&, Ptr self, int32_t i, uint32_t) {
  Lock g(lock());
  List* l = find(self.addr);
  return l && i >= 0 && i < l->count ? com::S_OK : com::E_INVALIDARG;
}
int32_t PreloadImages(WindowsProcess&, Ptr self, Ptr params) {
  Lock g(lock());
  return find(self.addr) && params ? com::S_OK : com::E_INVALIDARG;
}
// IMAGELISTSTATS: cbSize, cAlloc, cUsed, cStandby.
int32_t GetStatistics(WindowsProcess&, Ptr self, Ptr stats) {
  Lock g(lock());
  List* l = find(self.addr);
  if (!l || !stats || get<uint32_t>(stats.addr) < 16) return com::E_INVALIDARG;
  put<int32_t>(stats.addr + 4, l->max);
  put<int32_t>(stats.addr + 8, l->count);
  put<int32_t>(stats.addr + 12, 0);
  return com::S_OK;
}
int32_t Initialize(WindowsProcess& p, Ptr self, int32_t cx, int32_t cy, uint32_t flags, int32_t initial, int32_t grow) {
  Lock g(lock());
  List* l = find(self.addr);
  if (!l) return com::E_FAIL;
  if (!sizes_ok(cx, cy, flags)) return com::E_INVALIDARG;
  const uint32_t refs = l->refs;
  const uint32_t color_bm = l->color_bitmap, mask_bm = l->mask_bitmap;
  *l = List{};
  l->refs = refs, l->color_bitmap = color_bm, l->mask_bitmap = mask_bm;
  return configure(p, *l, cx, cy, flags, initial, grow) ? com::S_OK : com::E_OUTOFMEMORY;
}
// Replace2(i, image, mask, unk, flags): Replace (ILIF_ALPHA in flags: the image's alpha kept, as Add keeps it).
int32_t Replace2(WindowsProcess& p, Ptr self, int32_t i, Ptr image, Ptr mask, Ptr, uint32_t) {
  return Replace(p, self, i, image, mask);
}
int32_t ReplaceFromImageList(WindowsProcess& p, Ptr self, int32_t i, Ptr other_list, int32_t src, Ptr, uint32_t) {
  Other other(p, other_list.addr);
  if (!other.list) return com::E_FAIL;
  Lock g(lock());
  List* d = find(self.addr);
  List* s = find(other.list);
  if (!d || !s || i < 0 || i >= d->count || src < 0 || src >= s->count) return com::E_INVALIDARG;
  copy_image(*s, src, *d, i);
  return com::S_OK;
}

struct Callback {
  uint64_t object = 0;
};
std::map<uint64_t, Callback>& callbacks() {
  static std::map<uint64_t, Callback> m;
  return m;
}
int32_t SetCallback(WindowsProcess& p, Ptr self, Ptr callback) {
  Callback& c = callbacks()[self.addr];
  if (callback) call_method(p, callback.addr, kAddRef);
  if (c.object) call_method(p, c.object, kRelease);
  c.object = callback.addr;
  return com::S_OK;
}
int32_t GetCallback(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  auto it = callbacks().find(self.addr);
  if (it == callbacks().end() || !it->second.object) return com::E_FAIL;
  return static_cast<int32_t>(call_method(p, it->second.object, kQueryInterface, {iid.addr, out.addr}));
}

const std::vector<Export>& methods() {
  static const std::vector<Export> m = {
      EXPORT("IImageList::QueryInterface", QueryInterface),
      EXPORT("IImageList::AddRef", AddRef),
      EXPORT("IImageList::Release", Release),
      EXPORT("IImageList::Add", Add),
      EXPORT("IImageList::ReplaceIcon", ReplaceIcon),
      EXPORT("IImageList::SetOverlayImage", SetOverlayImage),
      EXPORT("IImageList::Replace", Replace),
      EXPORT("IImageList::AddMasked", AddMasked),
      EXPORT("IImageList::Draw", Draw),
      EXPORT("IImageList::Remove", Remove),
      EXPORT("IImageList::GetIcon", GetIcon),
      EXPORT("IImageList::GetImageInfo", GetImageInfo),
      EXPORT("IImageList::Copy", Copy),
      EXPORT("IImageList::Merge", Merge),
      EXPORT("IImageList::Clone", Clone),
      EXPORT("IImageList::GetImageRect", GetImageRect),
      EXPORT("IImageList::GetIconSize", GetIconSize),
      EXPORT("IImageList::SetIconSize", SetIconSize),
      EXPORT("IImageList::GetImageCount", GetImageCount),
      EXPORT("IImageList::SetImageCount", SetImageCount),
      EXPORT("IImageList::SetBkColor", SetBkColor),
      EXPORT("IImageList::GetBkColor", GetBkColor),
      EXPORT("IImageList::BeginDrag", BeginDrag),
      EXPORT("IImageList::EndDrag", EndDrag),
      EXPORT("IImageList::DragEnter", DragEnter),
      EXPORT("IImageList::DragLeave", DragLeave),
      EXPORT("IImageList::DragMove", DragMove),
      EXPORT("IImageList::SetDragCursorImage", SetDragCursorImage),
      EXPORT("IImageList::DragShowNolock", DragShowNolock),
      EXPORT("IImageList::GetDragImage", GetDragImage),
      EXPORT("IImageList::GetItemFlags", GetItemFlags),
      EXPORT("IImageList::GetOverlayImage", GetOverlayImage),
      EXPORT("IImageList2::Resize", Resize),
      missing_method("IImageList2::GetOriginalSize"),
      missing_method("IImageList2::SetOriginalSize"),
      EXPORT("IImageList2::SetCallback", SetCallback),
      EXPORT("IImageList2::GetCallback", GetCallback),
      EXPORT("IImageList2::ForceImagePresent", ForceImagePresent),
      missing_method("IImageList2::DiscardImages"),
      EXPORT("IImageList2::PreloadImages", PreloadImages),
      EXPORT("IImageList2::GetStatistics", GetStatistics),
      EXPORT("IImageList2::Initialize", Initialize),
      EXPORT("IImageList2::Replace2", Replace2),
      EXPORT("IImageList2::ReplaceFromImageList", ReplaceFromImageList),
  };
  return m;
}

int32_t HIMAGELIST_QueryInterface(WindowsProcess& p, Ptr h, Ptr iid, Ptr out) {
  Lock g(lock());
  if (!find(h.addr)) {
    if (out) p.put_ptr(out.addr, 0);
    return com::E_FAIL;
  }
  return query(p, h.addr, iid.addr, out.addr);
}

int32_t ImageList_CoCreateInstance(WindowsProcess& p, Ptr clsid, Ptr outer, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!clsid || !guid_is(clsid.addr, kClsidImageList)) return CLASS_E_CLASSNOTAVAILABLE;
  if (outer) return CLASS_E_NOAGGREGATION;
  Lock g(lock());
  // An empty list (no size yet), the colour bitmap's default depth.
  const uint64_t h = create(p, 0, 0, ILC_COLORDDB, 0, 4);
  return h ? hand_out(p, h, iid.addr, out.addr) : com::E_OUTOFMEMORY;
}

}  // namespace

uint64_t vtable(WindowsProcess& p) { return com_vtable(p, kComctl32, methods()); }

const std::vector<Export>& com_exports() {
  static const std::vector<Export> e = {
      EXPORT("HIMAGELIST_QueryInterface", HIMAGELIST_QueryInterface),
      EXPORT("ImageList_CoCreateInstance", ImageList_CoCreateInstance),
  };
  return e;
}

}  // namespace polyrun::shims::comctl32::imagelist
