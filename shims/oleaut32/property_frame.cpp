// OleCreatePropertyFrame and OleCreatePropertyFrameIndirect: a modal property sheet (COMCTL32's,
// comctl32/property_sheet.cpp) over the owner window with one page per property page class. Each
// class is made with CoCreateInstance (in-process: a class the program registered with
// CoRegisterClassObject, polyrun having no COM servers of its own) as an IPropertyPage, given a page
// site of polyrun's (IPropertyPageSite: the frame's locale, OnStatusChange's dirty state turning
// the sheet's Apply button on or off), the objects (SetObjects), and asked for its title and size
// (GetPageInfo); a class that cannot be made or refuses one of these has no page. Its page of the
// sheet is an empty dialog of that size in which the property page makes its own window
// (Activate, Show) when the page is first shown and which it leaves at the end (Show(SW_HIDE),
// Deactivate). OK and Apply apply the pages whose IsPageDirty says S_OK (Apply). The order of the
// calls is wine's (dlls/oleaut32/olepropframe.c); the dialog units of the pages' sizes are those of
// the sheet's font, MS Shell Dlg 8. The frame's x, y (reserved) and dispidInitialProperty (which
// would pick the first page through IPerPropertyBrowsing) are not used.
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "shims/ole32/exports.h"
#include "shims/oleaut32/exports.h"
#include "shims/comctl32/comctl32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/ole32/com_object.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace {

constexpr GuidBytes kIidIPropertyPage =
    make_guid(0xb196b28d, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07});
constexpr GuidBytes kIidIPropertyPageSite =
    make_guid(0xb196b28c, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07});
// IPropertyPage's methods after IUnknown's.
enum : unsigned {
  kSetPageSite = 3, kActivate = 4, kDeactivate = 5, kGetPageInfo = 6, kSetObjects = 7, kShow = 8, kIsPageDirty = 10,
  kApply = 11,
};
enum : uint32_t {
  PROPPAGESTATUS_DIRTY = 0x1, PROPPAGESTATUS_CLEAN = 0x4, PSM_CHANGED_ = 0x400 + 104, PSM_UNCHANGED_ = 0x400 + 109,
  PSH_PROPTITLE_ = 0x1, PSP_DLGINDIRECT_ = 0x1, PSP_USETITLE_ = 0x8, SW_HIDE_ = 0, SW_SHOW_ = 5,
  CLSCTX_INPROC_SERVER_ = 1,
};
constexpr int32_t PSN_APPLY_ = -202, PSNRET_INVALID_NOCHANGEPAGE_ = 2;

// A page site: its references, the frame's locale, and the page's dialog once it is made (where
// OnStatusChange tells the sheet).
struct PageSite {
  uint32_t refs = 1, lcid = 0;
  uint64_t dialog = 0;
};
std::map<uint64_t, PageSite>& page_sites() {
  static std::map<uint64_t, PageSite> sites;
  return sites;
}
// Each property page's site, by the page's interface pointer.
std::map<uint64_t, uint64_t>& site_of_page() {
  static std::map<uint64_t, uint64_t> m;
  return m;
}
PageSite& site_state(uint64_t self) {
  auto it = page_sites().find(self);
  if (it == page_sites().end()) touch_guest_byte(0);  // (a released site's use: a freed object's fault)
  return it->second;
}

int32_t Site_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIPropertyPageSite)) {
    ++site_state(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Site_AddRef(WindowsProcess&, Ptr self) { return ++site_state(self.addr).refs; }
uint32_t Site_Release(WindowsProcess& p, Ptr self) {
  const uint32_t refs = --site_state(self.addr).refs;
  if (refs == 0) {
    page_sites().erase(self.addr);
    p.heap.free(self.addr);
  }
  return refs;
}
// OnStatusChange: a dirty page turns the sheet's Apply button on (PSM_CHANGED), a clean one off
// when no other page is dirty (PSM_UNCHANGED).
int32_t Site_OnStatusChange(WindowsProcess& p, Ptr self, uint32_t flags) {
  const uint64_t dialog = site_state(self.addr).dialog;
  const user32::Window* w = dialog ? user32::find_window(p, dialog) : nullptr;
  if (w && (flags & PROPPAGESTATUS_DIRTY)) user32::send_message(p, w->parent, PSM_CHANGED_, dialog, 0);
  else if (w && (flags & PROPPAGESTATUS_CLEAN)) user32::send_message(p, w->parent, PSM_UNCHANGED_, dialog, 0);
  return com::S_OK;
}
int32_t Site_GetLocaleID(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return com::E_POINTER;
  put<uint32_t>(out.addr, site_state(self.addr).lcid);
  return com::S_OK;
}
// The frame has no page container object, and translates no keys for the pages.
int32_t Site_GetPageContainer(WindowsProcess& p, Ptr, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  return com::E_NOTIMPL;
}
int32_t Site_TranslateAccelerator(WindowsProcess&, Ptr, Ptr) { return com::E_NOTIMPL; }

const std::vector<Export>& site_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IPropertyPageSite::QueryInterface", Site_QueryInterface),
      EXPORT("IPropertyPageSite::AddRef", Site_AddRef),
      EXPORT("IPropertyPageSite::Release", Site_Release),
      EXPORT("IPropertyPageSite::OnStatusChange", Site_OnStatusChange),
      EXPORT("IPropertyPageSite::GetLocaleID", Site_GetLocaleID),
      EXPORT("IPropertyPageSite::GetPageContainer", Site_GetPageContainer),
      EXPORT("IPropertyPageSite::TranslateAccelerator", Site_TranslateAccelerator),
  };
  return methods;
}

uint64_t new_site(WindowsProcess& p, uint32_t lcid) {
  const uint64_t self = p.heap.alloc(p.isa->ptr, true);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOleaut32, site_methods()));
  page_sites()[self] = PageSite{1, lcid, 0};
  return self;
}

// A dialog's DWLP_USER (its third pointer of extra bytes): the property page of a frame's page.
uint64_t dialog_user(WindowsProcess& p, uint64_t hwnd) {
  const user32::Window* w = user32::find_window(p, hwnd);
  uint64_t v = 0;
  if (w && w->extra.size() >= 3 * p.isa->ptr) std::memcpy(&v, w->extra.data() + 2 * p.isa->ptr, p.isa->ptr);
  return v;
}
void set_dialog_word(WindowsProcess& p, uint64_t hwnd, unsigned index, uint64_t v) {
  user32::Window* w = user32::find_window(p, hwnd);
  if (w && w->extra.size() >= (index + 1) * p.isa->ptr) std::memcpy(w->extra.data() + index * p.isa->ptr, &v, p.isa->ptr);
}

// The dialog procedure of a frame's page: the property page's window made in it when it is made
// (its lParam, PROPSHEETPAGE's, is the page), left when it goes; PSN_APPLY applies a dirty page.
USize FramePageProc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wparam, USize lparam) {
  (void)wparam;
  switch (msg) {
    case user32::WM_INITDIALOG: {
      const uint64_t page = p.get_ptr(lparam + 8 + 5 * uint64_t{p.isa->ptr});
      if (const auto it = site_of_page().find(page); it != site_of_page().end())
        if (auto s = page_sites().find(it->second); s != page_sites().end()) s->second.dialog = hwnd.addr;
      const user32::Window* w = user32::find_window(p, hwnd.addr);
      const uint64_t rect = p.heap.alloc(16, true);
      if (w && rect) put<user32::Rect>(rect, user32::Rect{0, 0, w->client.width(), w->client.height()});
      call_method(p, page, kActivate, {hwnd.addr, rect, 1});
      call_method(p, page, kShow, {SW_SHOW_});
      if (rect) p.heap.free(rect);
      set_dialog_word(p, hwnd.addr, 2, page);
      return FALSE;
    }
    case user32::WM_DESTROY: {
      const uint64_t page = dialog_user(p, hwnd.addr);
      if (!page) return FALSE;
      call_method(p, page, kShow, {SW_HIDE_});
      call_method(p, page, kDeactivate);
      return FALSE;
    }
    case user32::WM_NOTIFY: {
      const int32_t code = static_cast<int32_t>(get<uint32_t>(lparam + 2 * uint64_t{p.isa->ptr}));
      const uint64_t page = dialog_user(p, hwnd.addr);
      if (code != PSN_APPLY_ || !page) return FALSE;
      uint64_t answer = 0;
      if (call_method(p, page, kIsPageDirty) == static_cast<uint32_t>(com::S_OK) &&
          com::failed(static_cast<int32_t>(call_method(p, page, kApply))))
        answer = PSNRET_INVALID_NOCHANGEPAGE_;
      set_dialog_word(p, hwnd.addr, 0, answer);  // DWLP_MSGRESULT
      return TRUE;
    }
    default: return FALSE;
  }
}
const Export kFramePageProc = EXPORT("PropertyFramePageProc", FramePageProc);

// The dialog base units of the sheet's font (MS Shell Dlg 8 at 96 dots per inch): the average
// width of the 52 letters, rounded as Windows does, and the height.
void sheet_base_units(WindowsProcess& p, int32_t& x, int32_t& y) {
  auto f = std::make_unique<gdi32::Font>();
  f->log.height = -((8 * 96 + 36) / 72);
  f->log.weight = 400;
  f->log.face = u"MS Shell Dlg";
  const uint64_t font = gdi32::gdi_table(p).add(std::move(f));
  gdi32::DeviceContext& dc = gdi32::new_dc(p, true);
  gdi32::select_object(p, dc, static_cast<uint32_t>(font));
  const int32_t width = user32::text_width(p, dc, u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  x = (width / 26 + 1) / 2;
  y = user32::text_height(p, dc);
  gdi32::delete_dc(p, dc);
  gdi32::gdi_table(p).remove(static_cast<uint32_t>(font));
  if (x <= 0) x = 8;
  if (y <= 0) y = 16;
}

int32_t scaled(int32_t v, int32_t num, int32_t den) {
  const int64_t n = static_cast<int64_t>(v) * num;
  return static_cast<int32_t>(n >= 0 ? (n + den / 2) / den : (n - den / 2) / den);
}

uint64_t ole32_call(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export(kOle32, "OLE32.dll", name, args);
}

// OCPFIPARAMS: cbStructSize, hWndOwner, x, y, lpszCaption, cObjects, lplpUnk, cPages, lpPages,
// lcid, dispidInitialProperty (72 bytes on x64, 44 on i386).
struct FrameParams {
  uint64_t owner = 0, caption = 0, objects = 0, classes = 0;
  uint32_t object_count = 0, page_count = 0, lcid = 0;
};

int32_t property_frame(WindowsProcess& p, const FrameParams& f) {
  const unsigned w = p.isa->ptr;
  int32_t base_x = 0, base_y = 0;
  sheet_base_units(p, base_x, base_y);
  // PROPSHEETPAGEW and PROPSHEETHEADERW (8 bytes and eleven pointers each), the page handles,
  // and each page's DLGTEMPLATE (no items, no font: 24 bytes with its empty menu, class and title).
  const uint64_t page_size = 8 + 11 * w, header_size = 8 + 11 * w;
  const uint64_t block = p.heap.alloc(header_size + page_size + f.page_count * (w + 24) + 32, true);
  const uint64_t info = p.heap.alloc(8 + 5 * w, true);
  const uint64_t out = p.heap.alloc(w, true);
  if (!block || !info || !out) {
    if (block) p.heap.free(block);
    if (info) p.heap.free(info);
    if (out) p.heap.free(out);
    return com::E_OUTOFMEMORY;
  }
  const uint64_t header = block, psp = block + header_size, handles = psp + page_size;
  const uint64_t templates = handles + f.page_count * w;
  put<uint32_t>(header, static_cast<uint32_t>(header_size));
  if (f.caption) {
    put<uint32_t>(header + 4, PSH_PROPTITLE_);
    p.put_ptr(header + 8 + 3 * w, f.caption);
  }
  p.put_ptr(header + 8, f.owner);
  p.put_ptr(header + 8 + 6 * w, handles);
  put<uint32_t>(psp, static_cast<uint32_t>(page_size));
  put<uint32_t>(psp + 4, PSP_DLGINDIRECT_ | PSP_USETITLE_);
  p.put_ptr(psp + 8 + 4 * w, p.export_thunk(nullptr, "OLEAUT32.dll", kFramePageProc.name, &kFramePageProc));
  // PROPPAGEINFO: cb, pszTitle, size, pszDocString, pszHelpFile, dwHelpContext.
  const unsigned title_at = w, size_at = 2 * w, doc_at = 2 * w + 8, help_at = 3 * w + 8;
  std::vector<uint64_t> pages, strings;
  uint32_t made = 0;
  // (IPropertyPage's IID, after the templates, for CoCreateInstance)
  const uint64_t iid = templates + f.page_count * 24;
  std::memcpy(guest_pointer(iid), kIidIPropertyPage.data(), 16);
  for (uint32_t i = 0; i < f.page_count; ++i) {
    p.put_ptr(out, 0);
    int32_t hr = static_cast<int32_t>(
        ole32_call(p, "CoCreateInstance", {f.classes + 16 * uint64_t{i}, 0, CLSCTX_INPROC_SERVER_, iid, out}));
    const uint64_t page = com::failed(hr) ? 0 : p.get_ptr(out);
    if (!page) continue;
    pages.push_back(page);
    const uint64_t site = new_site(p, f.lcid);
    if (!site) continue;
    site_of_page()[page] = site;
    hr = static_cast<int32_t>(call_method(p, page, kSetPageSite, {site}));
    Site_Release(p, Ptr(site));
    if (com::failed(hr)) continue;
    hr = static_cast<int32_t>(call_method(p, page, kSetObjects, {f.object_count, f.objects}));
    if (com::failed(hr)) continue;
    std::memset(guest_pointer(info), 0, 8 + 5 * w);
    put<uint32_t>(info, 8 + 5 * w);
    hr = static_cast<int32_t>(call_method(p, page, kGetPageInfo, {info}));
    if (com::failed(hr)) continue;
    for (unsigned at : {title_at, doc_at, help_at})
      if (const uint64_t s = p.get_ptr(info + at)) strings.push_back(s);
    const uint64_t tmpl = templates + uint64_t{made} * 24;
    put<int16_t>(tmpl + 12, static_cast<int16_t>(scaled(get<int32_t>(info + size_at), 4, base_x)));
    put<int16_t>(tmpl + 14, static_cast<int16_t>(scaled(get<int32_t>(info + size_at + 4), 8, base_y)));
    p.put_ptr(psp + 8 + w, tmpl);
    p.put_ptr(psp + 8 + 5 * w, page);
    p.put_ptr(psp + 8 + 3 * w, p.get_ptr(info + title_at));
    const uint64_t handle = comctl32::create_property_sheet_page(p, psp, true);
    if (handle) p.put_ptr(handles + uint64_t{made++} * w, handle);
  }
  put<uint32_t>(header + 8 + 4 * w, made);
  comctl32::property_sheet(p, header, true);
  for (uint64_t page : pages) {
    site_of_page().erase(page);
    call_method(p, page, kRelease);
  }
  for (uint64_t s : strings) task_free(p, s);
  p.heap.free(out);
  p.heap.free(info);
  p.heap.free(block);
  return com::S_OK;
}

int32_t OleCreatePropertyFrameIndirect(WindowsProcess& p, Ptr params) {
  if (!params) return com::E_POINTER;
  const unsigned w = p.isa->ptr;
  const uint64_t at = params.addr;
  // (x64: cbStructSize 0, hWndOwner 8, x 16, y 20, lpszCaption 24, cObjects 32, lplpUnk 40,
  // cPages 48, lpPages 56, lcid 64, dispidInitialProperty 68; i386: every field 4 bytes)
  const uint64_t objects_at = w == 8 ? 40 : 24, classes_at = w == 8 ? 56 : 32;
  FrameParams f;
  f.owner = p.get_ptr(at + w);
  f.caption = p.get_ptr(at + (w == 8 ? 24 : 16));
  f.object_count = get<uint32_t>(at + (w == 8 ? 32 : 20));
  f.objects = p.get_ptr(at + objects_at);
  f.page_count = get<uint32_t>(at + (w == 8 ? 48 : 28));
  f.classes = p.get_ptr(at + classes_at);
  f.lcid = get<uint32_t>(at + (w == 8 ? 64 : 36));
  if (!f.objects || !f.classes) return com::E_POINTER;
  if (get<uint32_t>(at) != (w == 8 ? 72u : 44u)) return com::E_INVALIDARG;
  return property_frame(p, f);
}

int32_t OleCreatePropertyFrame(WindowsProcess& p, Ptr owner, uint32_t, uint32_t, Ptr caption, uint32_t object_count,
                               Ptr objects, uint32_t page_count, Ptr classes, uint32_t lcid, uint32_t, Ptr) {
  if (!objects || !classes) return com::E_POINTER;
  FrameParams f;
  f.owner = owner.addr;
  f.caption = caption.addr;
  f.object_count = object_count;
  f.objects = objects.addr;
  f.page_count = page_count;
  f.classes = classes.addr;
  f.lcid = lcid;
  return property_frame(p, f);
}

}  // namespace

const std::vector<Export>& property_frame_exports() {
  static const std::vector<Export> exports = {
      EXPORT("OleCreatePropertyFrameIndirect", OleCreatePropertyFrameIndirect),
      EXPORT("OleCreatePropertyFrame", OleCreatePropertyFrame),
  };
  return exports;
}

}  // namespace polyrun::shims
