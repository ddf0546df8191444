// Property sheets (PropertySheetA/W, CreatePropertySheetPageA/W, DestroyPropertySheetPage): a
// dialog of COMCTL32's own template (Windows' IDD_PROPSHEET: a tab control over OK, Cancel, Apply
// and Help, 220 by 140 dialog units in MS Shell Dlg 8) whose procedure is the host function below,
// and one child dialog per page made from the page's template (a resource or PSP_DLGINDIRECT's
// memory) when it is first shown, as Windows makes them. The sheet grows to hold the largest page
// and lays its buttons out from the right, the padding between them the tab control's distance
// from the sheet's corner (wine's comctl32/propsheet.c documents the layout and the orders below).
//
// A page handle (HPROPSHEETPAGE) is a copy of the program's PROPSHEETPAGE in guest memory, which is
// what the page's WM_INITDIALOG gets; with PSP_USECALLBACK a second copy follows it, given to the
// page callback's PSPCB_ADDREF and PSPCB_RELEASE (PSPCB_CREATE gets the first). The pages hear of
// the sheet through WM_NOTIFY (PSHNOTIFY: PSN_SETACTIVE, PSN_KILLACTIVE, PSN_APPLY, PSN_RESET,
// PSN_QUERYCANCEL, PSN_HELP) and answer through DWLP_MSGRESULT. A modal sheet runs its own message
// loop and answers 0 (cancelled), IDOK (applied) or what PSM_RESTARTWINDOWS or PSM_REBOOTSYSTEM
// asked for (ID_PSRESTARTWINDOWS 2, ID_PSREBOOTSYSTEM 3); a modeless one (PSH_MODELESS) is
// returned as its window, and PSM_GETCURRENTPAGEHWND answers 0 once OK or Cancel ended it.
//
// A wizard (PSH_WIZARD, PSH_WIZARD97, PSH_WIZARD_LITE) is Windows' IDD_WIZARD instead: Back, Next
// (or Finish) and Cancel below a sunken line, the pages one at a time (PSN_WIZBACK, PSN_WIZNEXT and
// PSN_WIZFINISH, their answers a page's resource id to go to or -1 to stay; PSM_SETWIZBUTTONS,
// PSM_SETFINISHTEXT), the sheet's title the page's.
//
// Not implemented (the messages answer 0): Wizard97's header and watermark pictures and the
// header's titles (PSM_SETHEADERTITLE, PSM_SETHEADERSUBTITLE; the pages sit where Windows puts them,
// below the header's line), the icons of pages in their tabs, PSM_RECALCPAGESIZES.
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/user32/exports.h"
#include "shims/comctl32/comctl32.h"
#include "shims/comctl32/views.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32 {

namespace propsheet {
namespace {

using namespace user32;

enum : uint32_t {
  PSP_DLGINDIRECT = 0x1, PSP_USEHICON = 0x2, PSP_USEICONID = 0x4, PSP_USETITLE = 0x8, PSP_HASHELP = 0x20,
  PSP_USECALLBACK = 0x80, PSP_PREMATURE = 0x400,
  PSH_PROPTITLE = 0x1, PSH_USEHICON = 0x2, PSH_USEICONID = 0x4, PSH_PROPSHEETPAGE = 0x8, PSH_WIZARD = 0x20,
  PSH_USEPSTARTPAGE = 0x40, PSH_NOAPPLYNOW = 0x80, PSH_USECALLBACK = 0x100, PSH_HASHELP = 0x200,
  PSH_MODELESS = 0x400, PSH_WIZARD97_OLD = 0x2000, PSH_WIZARD_LITE = 0x400000, PSH_WIZARD97_NEW = 0x1000000,
  PSH_NOCONTEXTHELP = 0x2000000, PSH_WIZARDHASFINISH = 0x10, PSH_HEADER = 0x80000,
  PSP_HIDEHEADER = 0x800, PSP_USEHEADERTITLE = 0x1000, PSP_USEHEADERSUBTITLE = 0x2000,
  PSM_SETWIZBUTTONS = WM_USER + 112, PSM_SETFINISHTEXTA = WM_USER + 115, PSM_SETFINISHTEXTW = WM_USER + 121,
  PSBTN_BACK = 0, PSBTN_NEXT = 1, PSBTN_FINISH = 2, PSWIZB_BACK = 1, PSWIZB_NEXT = 2, PSWIZB_FINISH = 4,
  PSWIZB_DISABLEDFINISH = 8,
  IDC_BACK_BUTTON = 12323, IDC_NEXT_BUTTON = 12324, IDC_FINISH_BUTTON = 12325, IDC_SUNKEN_LINE = 12326,
  IDC_SUNKEN_LINEHEADER = 12327, DM_SETDEFID_ = 0x401,
  PSCB_INITIALIZED = 1, PSCB_PRECREATE = 2, PSPCB_ADDREF = 0, PSPCB_RELEASE = 1, PSPCB_CREATE = 2,
  PSM_SETCURSEL = WM_USER + 101, PSM_REMOVEPAGE = WM_USER + 102, PSM_ADDPAGE = WM_USER + 103,
  PSM_CHANGED = WM_USER + 104, PSM_RESTARTWINDOWS = WM_USER + 105, PSM_REBOOTSYSTEM = WM_USER + 106,
  PSM_CANCELTOCLOSE = WM_USER + 107, PSM_QUERYSIBLINGS = WM_USER + 108, PSM_UNCHANGED = WM_USER + 109,
  PSM_APPLY = WM_USER + 110, PSM_SETTITLEA = WM_USER + 111, PSM_PRESSBUTTON = WM_USER + 113,
  PSM_SETCURSELID = WM_USER + 114, PSM_GETTABCONTROL = WM_USER + 116, PSM_ISDIALOGMESSAGE = WM_USER + 117,
  PSM_GETCURRENTPAGEHWND = WM_USER + 118, PSM_INSERTPAGE = WM_USER + 119, PSM_SETTITLEW = WM_USER + 120,
  PSM_HWNDTOINDEX = WM_USER + 129, PSM_INDEXTOHWND = WM_USER + 130, PSM_PAGETOINDEX = WM_USER + 131,
  PSM_INDEXTOPAGE = WM_USER + 132, PSM_IDTOINDEX = WM_USER + 133, PSM_INDEXTOID = WM_USER + 134,
  PSM_GETRESULT = WM_USER + 135,
  PSBTN_OK = 3, PSBTN_APPLYNOW = 4, PSBTN_CANCEL = 5, PSBTN_HELP = 6,
  IDOK_ = 1, IDCANCEL_ = 2, IDHELP_ = 9, IDC_TABCONTROL = 12320, IDC_APPLY_BUTTON = 12321,
  ID_PSRESTARTWINDOWS = 2, ID_PSREBOOTSYSTEM = 3,
  TCM_INSERTITEMW_ = 0x133e, TCM_DELETEITEM_ = 0x1308, TCM_GETCURSEL_ = 0x130b, TCM_SETCURSEL_ = 0x130c,
  TCM_ADJUSTRECT_ = 0x1328, TCIF_TEXT_ = 1,
};
// Styles of the templates (plain numbers: they are combined with USER32's WS_*).
constexpr uint32_t TCS_MULTILINE_ = 0x200, DS_MODALFRAME_ = 0x80, DS_SETFONT_ = 0x40, DS_3DLOOK_ = 0x4,
                   DS_CONTROL_ = 0x400, DS_CONTEXTHELP_ = 0x2000, BS_DEFPUSHBUTTON_ = 1, WS_EX_CONTROLPARENT_ = 0x10000,
                   SS_SUNKEN_ = 0x1000;
// A wizard's margins round its pages and the height of Wizard97's header, in dialog units.
constexpr int32_t kWizardPadding = 7, kWizardHeader = 36;
enum : int32_t {
  PSN_SETACTIVE = -200, PSN_KILLACTIVE = -201, PSN_APPLY = -202, PSN_RESET = -203, PSN_HELP = -205,
  PSN_QUERYCANCEL = -209, PSN_WIZBACK = -206, PSN_WIZNEXT = -207, PSN_WIZFINISH = -208, PSNRET_INVALID = 1, PSNRET_INVALID_NOCHANGEPAGE = 2,
  TCN_SELCHANGE_ = -551, TCN_SELCHANGING_ = -552,
};
constexpr uint32_t kAnyWizard = PSH_WIZARD | PSH_WIZARD97_OLD | PSH_WIZARD97_NEW | PSH_WIZARD_LITE;
constexpr uint32_t kWizard97 = PSH_WIZARD97_OLD | PSH_WIZARD97_NEW;

bool is_resource_id(uint64_t v) { return v < 0x10000; }

// PROPSHEETPAGE's fields (A and W alike): dwSize and dwFlags, then pointer-wide fields; its
// version 1 size ends after pcRefParent.
struct PageFields {
  unsigned instance, resource, icon, title, proc, lparam, callback, v1_size, full_size;
};
PageFields page_fields(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  return {8, 8 + w, 8 + 2 * w, 8 + 3 * w, 8 + 4 * w, 8 + 5 * w, 8 + 6 * w, 8 + 8 * w, 8 + 11 * w};
}

// PROPSHEETHEADER's fields (nPages is padded to a pointer's width).
struct HeaderFields {
  unsigned parent, instance, icon, caption, pages, start, ppsp, callback;
};
HeaderFields header_fields(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  return {8, 8 + w, 8 + 2 * w, 8 + 3 * w, 8 + 4 * w, 8 + 5 * w, 8 + 6 * w, 8 + 7 * w};
}

// What polyrun keeps of a page handle beside its copies.
struct PageRecord {
  bool unicode = true;
  uint32_t flags = 0;
  uint64_t copies = 0;         // the PROPSHEETPAGE copies (the handle itself)
  uint64_t template_name = 0;  // a resource named by a string: its UTF-16 copy
  std::u16string title;        // PSP_USETITLE's text
  bool has_title = false;
  bool title_missing = false;  // PSP_USETITLE's string resource is not there
};
std::map<uint64_t, PageRecord>& page_records() {
  static std::map<uint64_t, PageRecord> r;
  return r;
}

struct SheetPage {
  uint64_t handle = 0, hwnd = 0;
  bool dirty = false, has_help = false;
  std::u16string text;
};

struct Sheet {
  uint64_t hwnd = 0, parent = 0, instance = 0, icon = 0, callback = 0, caption = 0;
  uint32_t flags = 0;
  bool unicode = true, modeless = false, has_help = false, has_apply = true, active_valid = false, ended = false;
  bool wizard = false, has_finish = false;
  bool caption_is_id = false;
  std::u16string caption_text, properties_for;
  std::vector<SheetPage> pages;
  int active = -1;
  int32_t width = 0, height = 0;  // the largest page, in dialog units
  int32_t result = 0;
};
std::map<uint64_t, std::unique_ptr<Sheet>>& sheets() {
  static std::map<uint64_t, std::unique_ptr<Sheet>> s;
  return s;
}
uint64_t next_sheet_key = 1;

Sheet* sheet_of(uint64_t hwnd) {
  for (auto& [key, s] : sheets())
    if (s->hwnd == hwnd) return s.get();
  return nullptr;
}

// ---- window helpers ----

uint64_t item(WindowsProcess& p, uint64_t dlg, uint32_t id) {
  const Window* w = find_window(p, dlg);
  if (!w) return 0;
  for (uint64_t c : w->children)
    if (const Window* cw = find_window(p, c); cw && cw->id == id) return c;
  return 0;
}

Rect client_of(WindowsProcess& p, uint64_t hwnd) {
  const Window* w = find_window(p, hwnd);
  return w ? Rect{0, 0, w->client.width(), w->client.height()} : Rect{};
}

// A child's window rectangle in its parent's client coordinates.
Rect place_of(WindowsProcess& p, uint64_t hwnd) {
  const Window* w = find_window(p, hwnd);
  return w ? w->window : Rect{};
}

// A rectangle through a message or export that reads and writes a RECT of the program's memory.
Rect through_rect(WindowsProcess& p, const Rect& r, const std::function<void(uint64_t)>& call) {
  const uint64_t at = p.heap.alloc(16, true);
  if (!at) return r;
  put<Rect>(at, r);
  call(at);
  const Rect out = get<Rect>(at);
  p.heap.free(at);
  return out;
}

Rect map_dialog_rect(WindowsProcess& p, uint64_t dlg, const Rect& r) {
  return through_rect(p, r, [&](uint64_t at) { call_user32(p, "MapDialogRect", {dlg, at}); });
}

Rect tab_adjust(WindowsProcess& p, uint64_t tab, bool larger, const Rect& r) {
  return through_rect(p, r, [&](uint64_t at) { send_message(p, tab, TCM_ADJUSTRECT_, larger, at); });
}

void move_to(WindowsProcess& p, uint64_t hwnd, int32_t x, int32_t y) {
  set_window_position(p, hwnd, 0, x, y, 0, 0, SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE);
}
void resize_to(WindowsProcess& p, uint64_t hwnd, int32_t cx, int32_t cy) {
  set_window_position(p, hwnd, 0, 0, 0, cx, cy, SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE);
}
void show(WindowsProcess& p, uint64_t hwnd, bool on) {
  if (hwnd) show_window_command(p, hwnd, on ? 5 /* SW_SHOW */ : 0 /* SW_HIDE */);
}

void set_text(WindowsProcess& p, uint64_t hwnd, const std::u16string& s) {
  const GuestText t(p, s);
  if (t.at) send_message(p, hwnd, WM_SETTEXT, 0, t.at, true);
}

std::u16string text_of(WindowsProcess& p, uint64_t hwnd) {
  const Window* w = find_window(p, hwnd);
  return w ? w->text : std::u16string();
}

// A dialog's answer to the message it is handling (DWLP_MSGRESULT, the first of its extra bytes).
void set_msg_result(WindowsProcess& p, uint64_t hwnd, uint64_t v) {
  Window* w = find_window(p, hwnd);
  if (w && w->extra.size() >= p.isa->ptr) std::memcpy(w->extra.data(), &v, p.isa->ptr);
}

// The string `id` of a module's table (empty when it has none).
std::u16string module_string(WindowsProcess& p, uint64_t module, uint32_t id) {
  constexpr int32_t kChars = 256;
  const uint64_t buf = p.heap.alloc(2 * kChars, true);
  if (!buf) return {};
  const int32_t n = load_string_resource(p, module, id, buf, kChars);
  std::u16string s(reinterpret_cast<const char16_t*>(guest_pointer(buf)), static_cast<size_t>(std::max(n, 0)));
  p.heap.free(buf);
  return s;
}

// ---- templates ----

// A name-or-ordinal field of a dialog template: its size in bytes.
uint64_t field_size(uint64_t at) {
  const uint16_t first = get<uint16_t>(at);
  if (first == 0) return 2;
  if (first == 0xffff) return 4;
  uint64_t n = 0;
  while (get<uint16_t>(at + n)) n += 2;
  return n + 2;
}

bool is_extended(uint64_t tmpl) { return get<uint16_t>(tmpl + 2) == 0xffff; }
uint64_t style_offset(uint64_t tmpl) { return is_extended(tmpl) ? 12 : 0; }
uint64_t ex_style_offset(uint64_t tmpl) { return is_extended(tmpl) ? 8 : 4; }
// The header's end: where the menu field starts.
uint64_t header_end(uint64_t tmpl) { return is_extended(tmpl) ? 26 : 18; }

// The caption of a template (what follows its menu and class).
uint64_t template_caption(uint64_t tmpl) {
  uint64_t at = tmpl + header_end(tmpl);
  at += field_size(at);
  at += field_size(at);
  return at;
}

// The bytes of a DLGTEMPLATE(EX) with its items (what a copy of it takes).
uint64_t template_size(uint64_t tmpl) {
  const bool ex = is_extended(tmpl);
  const uint16_t items = get<uint16_t>(tmpl + (ex ? 16 : 8));
  uint64_t at = template_caption(tmpl);
  at += field_size(at);
  if (get<uint32_t>(tmpl + style_offset(tmpl)) & DS_SETFONT_) {
    at += ex ? 6 : 2;
    at += field_size(at);
  }
  for (uint16_t i = 0; i < items; ++i) {
    at = tmpl + ((at - tmpl + 3) & ~uint64_t{3});
    at += ex ? 24 : 18;
    at += field_size(at);
    at += field_size(at);
    at += 2 + get<uint16_t>(at);
  }
  return at - tmpl;
}

// The template of a page handle (0: its resource is missing), and its size when it is known.
uint64_t page_template(WindowsProcess& p, uint64_t handle, uint32_t* size) {
  const PageFields f = page_fields(p);
  auto& records = page_records();
  const auto it = records.find(handle);
  if (it == records.end()) return 0;
  const uint64_t instance = p.get_ptr(handle + f.instance), resource = p.get_ptr(handle + f.resource);
  if (it->second.flags & PSP_DLGINDIRECT) {
    if (size && resource) *size = static_cast<uint32_t>(template_size(resource));
    return resource;
  }
  const uint64_t name = it->second.template_name ? it->second.template_name : resource;
  return dialog_resource(p, instance, name, true, size);
}

// ---- pages ----

uint64_t call_page_callback(WindowsProcess& p, uint64_t handle, uint32_t msg, uint64_t psp) {
  const uint64_t callback = p.get_ptr(handle + page_fields(p).callback);
  return callback ? p.call_guest(callback, {0, msg, psp}) : 0;
}

uint64_t create_page(WindowsProcess& p, uint64_t psp, bool unicode) {
  const PageFields f = page_fields(p);
  if (!psp) return 0;
  const uint32_t size = get<uint32_t>(psp);
  if (size < f.v1_size) return 0;
  const uint32_t flags = get<uint32_t>(psp + 4);
  const bool callback = (flags & PSP_USECALLBACK) && p.get_ptr(psp + f.callback);
  const uint32_t copied = std::min(size, f.full_size);
  const uint64_t block = p.heap.alloc(callback ? 2 * f.full_size : f.full_size, true);
  if (!block) return 0;
  std::memcpy(guest_pointer(block), guest_pointer(psp), copied);
  if (callback) std::memcpy(guest_pointer(block + f.full_size), guest_pointer(psp), copied);
  PageRecord r;
  r.unicode = unicode;
  r.flags = flags;
  r.copies = block;
  const uint64_t resource = p.get_ptr(psp + f.resource);
  if (!(flags & PSP_DLGINDIRECT) && !is_resource_id(resource)) {
    const std::u16string name = views::guest_string(resource, unicode);
    r.template_name = p.heap.alloc(2 * (name.size() + 1), true);
    if (r.template_name) std::memcpy(guest_pointer(r.template_name), name.data(), 2 * name.size());
  }
  if (flags & PSP_USETITLE) {
    const uint64_t title = p.get_ptr(psp + f.title);
    r.has_title = true;
    r.title = is_resource_id(title) ? module_string(p, p.get_ptr(psp + f.instance), static_cast<uint32_t>(title))
                                    : views::guest_string(title, unicode);
    r.title_missing = is_resource_id(title) && r.title.empty();
  }
  page_records()[block] = std::move(r);
  if (callback && size > f.v1_size) call_page_callback(p, block, PSPCB_ADDREF, block + f.full_size);
  return block;
}

bool destroy_page(WindowsProcess& p, uint64_t handle) {
  auto& records = page_records();
  const auto it = records.find(handle);
  if (!handle || it == records.end()) return false;
  const PageFields f = page_fields(p);
  if ((it->second.flags & PSP_USECALLBACK) && p.get_ptr(handle + f.callback))
    call_page_callback(p, handle, PSPCB_RELEASE, handle + f.full_size);
  const auto again = records.find(handle);
  if (again == records.end()) return true;
  if (again->second.template_name) p.heap.free(again->second.template_name);
  records.erase(again);
  p.heap.free(handle);
  return true;
}

// The sheet's knowledge of a page: its tab's text (PSP_USETITLE's or the template's caption), the
// largest page's size; false when its template cannot be found.
bool collect_page(WindowsProcess& p, Sheet& s, SheetPage& page, bool resize) {
  const auto it = page_records().find(page.handle);
  if (it == page_records().end()) return false;
  const uint64_t tmpl = page_template(p, page.handle, nullptr);
  if (!tmpl) return false;
  const uint64_t dims = tmpl + (is_extended(tmpl) ? 22 : 14);
  int32_t width = get<uint16_t>(dims), height = get<uint16_t>(dims + 2);
  const uint32_t page_flags = it->second.flags;
  if (page_flags & (PSP_USEHEADERTITLE | PSP_USEHEADERSUBTITLE)) s.flags |= PSH_HEADER;
  // (A wizard's page has its margins, and Wizard97's header, within the largest size.)
  if ((s.flags & kWizard97) && (s.flags & PSH_HEADER) && !(page_flags & PSP_HIDEHEADER)) {
    height += 2 * kWizardPadding + kWizardHeader;
    width += 2 * kWizardPadding;
  }
  if (s.flags & PSH_WIZARD) {
    height += 2 * kWizardPadding;
    width += 2 * kWizardPadding;
  }
  if (resize) {
    s.width = std::max(s.width, width);
    s.height = std::max(s.height, height);
  }
  page.has_help = it->second.flags & PSP_HASHELP;
  if (page.has_help) s.has_help = true;
  const std::u16string caption = views::guest_string(template_caption(tmpl), true);
  if (!it->second.has_title) page.text = caption;
  else if (!it->second.title_missing) page.text = it->second.title;
  else page.text = caption.empty() ? u"(null)" : caption;
  return true;
}

// The page's dialog: a child copy of its template (no caption, frame or popup style; a control
// parent), made with the page's procedure and its handle as WM_INITDIALOG's lParam.
bool make_page(WindowsProcess& p, Sheet& s, int index) {
  SheetPage& page = s.pages[static_cast<size_t>(index)];
  const auto it = page_records().find(page.handle);
  if (it == page_records().end()) return false;
  uint32_t size = 0;
  const uint64_t tmpl = page_template(p, page.handle, &size);
  if (!tmpl || !size) return false;
  const uint64_t copy = p.heap.alloc(size + 4, true);
  if (!copy) return false;
  std::memcpy(guest_pointer(copy), guest_pointer(tmpl), size);
  uint32_t style = get<uint32_t>(copy + style_offset(copy));
  style |= WS_CHILD | WS_TABSTOP | DS_CONTROL_;
  style &= ~(DS_MODALFRAME_ | WS_CAPTION | WS_SYSMENU | WS_POPUP | WS_DISABLED | WS_VISIBLE | WS_THICKFRAME);
  put<uint32_t>(copy + style_offset(copy), style);
  put<uint32_t>(copy + ex_style_offset(copy), get<uint32_t>(copy + ex_style_offset(copy)) | WS_EX_CONTROLPARENT_);
  const PageFields f = page_fields(p);
  const bool unicode = it->second.unicode;
  if ((it->second.flags & PSP_USECALLBACK) && p.get_ptr(page.handle + f.callback))
    call_page_callback(p, page.handle, PSPCB_CREATE, page.handle);
  const uint64_t hwnd = make_modeless_dialog(p, p.get_ptr(page.handle + f.instance), copy, s.hwnd,
                                             p.get_ptr(page.handle + f.proc), page.handle, unicode);
  p.heap.free(copy);
  Sheet* still = sheet_of(s.hwnd);
  if (!hwnd || still != &s || static_cast<size_t>(index) >= s.pages.size()) return false;
  s.pages[static_cast<size_t>(index)].hwnd = hwnd;
  return true;
}

// ---- notifications ----

// PSHNOTIFY (an NMHDR from the sheet, id 0, then lParam) sent to a page: its answer.
int64_t notify_page(WindowsProcess& p, Sheet& s, uint64_t page, int32_t code, uint64_t lparam = 0) {
  if (!page) return 0;
  const unsigned w = p.isa->ptr;
  const uint64_t at = p.heap.alloc(4 * w + 8, true);
  if (!at) return 0;
  p.put_ptr(at, s.hwnd);
  put<uint32_t>(at + 2 * w, static_cast<uint32_t>(code));
  p.put_ptr(at + views::nmhdr_size(p), lparam);
  uint64_t r = send_message(p, page, WM_NOTIFY, 0, at);
  p.heap.free(at);
  if (w == 4) r = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(r)));
  return static_cast<int64_t>(r);
}

uint64_t active_hwnd(const Sheet& s) {
  return s.active >= 0 && s.active < static_cast<int>(s.pages.size()) ? s.pages[static_cast<size_t>(s.active)].hwnd : 0;
}

bool has_header(const Sheet& s, int index) {
  const auto rec = page_records().find(s.pages[static_cast<size_t>(index)].handle);
  const uint32_t flags = rec != page_records().end() ? rec->second.flags : 0;
  return (s.flags & kWizard97) && (s.flags & PSH_HEADER) && !(flags & PSP_HIDEHEADER);
}

// The place of a page in the sheet's client coordinates: the tab control's display area; in a
// wizard the largest page's size, within its margins (and below Wizard97's header line).
Rect page_rect(WindowsProcess& p, const Sheet& s, int index) {
  if (s.wizard) {
    const bool header = has_header(s, index);
    const int32_t margin = header || (s.flags & PSH_WIZARD) ? kWizardPadding : 0;
    Rect r = map_dialog_rect(p, s.hwnd, {margin, margin, s.width - margin, s.height - margin});
    if (header) r.top += place_of(p, item(p, s.hwnd, IDC_SUNKEN_LINEHEADER)).top + 1;
    return r;
  }
  const uint64_t tab = item(p, s.hwnd, IDC_TABCONTROL);
  const Rect area = tab_adjust(p, tab, false, client_of(p, tab));
  const Rect at = place_of(p, tab);
  const Window* tw = find_window(p, tab);
  const int32_t dx = tw ? tw->client.left - tw->window.left : 0, dy = tw ? tw->client.top - tw->window.top : 0;
  return area.offset(at.left + dx, at.top + dy);
}

bool sheet_alive(Sheet& s) { return sheet_of(s.hwnd) == &s; }

void set_title(WindowsProcess& p, Sheet& s, uint32_t style, std::u16string text, bool is_id, uint64_t id);

void show_page(WindowsProcess& p, Sheet& s, int index) {
  if (index == s.active) return;
  if (!s.pages[static_cast<size_t>(index)].hwnd && !make_page(p, s, index)) return;
  if (s.wizard) {
    set_title(p, s, s.flags, s.pages[static_cast<size_t>(index)].text, false, 0);
    const uint64_t page = s.pages[static_cast<size_t>(index)].hwnd;
    if (const uint64_t control = call_user32(p, "GetNextDlgTabItem", {page, 0, 0})) set_focus(p, control);
  }
  if (s.active != -1) show(p, active_hwnd(s), false);
  show(p, s.pages[static_cast<size_t>(index)].hwnd, true);
  send_message(p, item(p, s.hwnd, IDC_TABCONTROL), TCM_SETCURSEL_, static_cast<uint64_t>(index), 0);
  s.active = index;
  s.active_valid = true;
}

int page_index(const Sheet& s, uint64_t handle, int fallback) {
  for (size_t i = 0; i < s.pages.size(); ++i)
    if (s.pages[i].handle == handle) return static_cast<int>(i);
  return fallback;
}

// The page a resource id names (its template's id), or the count when none does.
int page_by_resource(WindowsProcess& p, const Sheet& s, uint64_t id) {
  for (size_t i = 0; i < s.pages.size(); ++i)
    if (p.get_ptr(s.pages[i].handle + page_fields(p).resource) == id) return static_cast<int>(i);
  return static_cast<int>(s.pages.size());
}

bool can_change_page(WindowsProcess& p, Sheet& s) {
  if (s.active < 0) return true;
  return notify_page(p, s, active_hwnd(s), PSN_KILLACTIVE) == 0;
}

bool remove_page(WindowsProcess& p, Sheet& s, int index, uint64_t handle);

// Selects a page: made if it is new, placed over the tab control's display area, told
// PSN_SETACTIVE (whose -1 skips it in `skip`'s direction, and a resource id jumps to that page).
bool set_current(WindowsProcess& p, Sheet& s, int index, int skip, uint64_t handle) {
  index = page_index(s, handle, index);
  if (index < 0 || index >= static_cast<int>(s.pages.size())) return false;
  if (s.active != -1) show(p, active_hwnd(s), false);
  s.active = -1;
  const uint64_t tab = item(p, s.hwnd, IDC_TABCONTROL);
  for (;;) {
    if (tab) send_message(p, tab, TCM_SETCURSEL_, static_cast<uint64_t>(index), 0);
    if (!s.pages[static_cast<size_t>(index)].hwnd) {
      if (!make_page(p, s, index)) {
        if (!sheet_alive(s)) return false;
        remove_page(p, s, index, 0);
        if (!s.modeless) {
          destroy_window(p, s.hwnd);
          return false;
        }
        if (index >= static_cast<int>(s.pages.size())) --index;
        if (index < 0) return false;
        continue;
      }
    }
    const Rect r = page_rect(p, s, index);
    const uint64_t hwnd = s.pages[static_cast<size_t>(index)].hwnd;
    set_window_position(p, hwnd, 0 /* HWND_TOP */, r.left, r.top, r.width(), r.height(), 0);
    const int64_t answer = notify_page(p, s, hwnd, PSN_SETACTIVE);
    if (!sheet_alive(s)) return false;
    if (answer == 0) break;
    if (answer == -1) {
      index += skip;
      if (index < 0) {
        index = 0;
        break;
      }
      if (index >= static_cast<int>(s.pages.size())) {
        index = static_cast<int>(s.pages.size()) - 1;
        break;
      }
    } else {
      const int to = page_by_resource(p, s, static_cast<uint64_t>(answer));
      if (to >= static_cast<int>(s.pages.size())) break;
      index = to;
    }
  }
  show_page(p, s, index);
  enable_window(p, item(p, s.hwnd, IDHELP_), s.pages[static_cast<size_t>(index)].has_help);
  return true;
}

bool apply(WindowsProcess& p, Sheet& s, uint64_t lparam) {
  if (s.active < 0) return false;
  if (notify_page(p, s, active_hwnd(s), PSN_KILLACTIVE) != 0) return false;
  for (size_t i = 0; i < s.pages.size() && sheet_alive(s); ++i) {
    const int64_t r = notify_page(p, s, s.pages[i].hwnd, PSN_APPLY, lparam);
    if (!sheet_alive(s)) return false;
    if (r == PSNRET_INVALID) show_page(p, s, static_cast<int>(i));
    if (r == PSNRET_INVALID || r == PSNRET_INVALID_NOCHANGEPAGE) return false;
  }
  if (!sheet_alive(s)) return false;
  if (lparam) s.active_valid = false;
  else if (s.active >= 0) notify_page(p, s, active_hwnd(s), PSN_SETACTIVE);
  return true;
}

void cancel(WindowsProcess& p, Sheet& s, uint64_t lparam) {
  if (s.active < 0) return;
  if (notify_page(p, s, active_hwnd(s), PSN_QUERYCANCEL)) return;
  for (size_t i = 0; i < s.pages.size() && sheet_alive(s); ++i) notify_page(p, s, s.pages[i].hwnd, PSN_RESET, lparam);
  if (!sheet_alive(s)) return;
  if (s.modeless) s.active_valid = false;
  else s.ended = true;
}

void changed(WindowsProcess& p, Sheet& s, uint64_t page) {
  for (SheetPage& sp : s.pages)
    if (sp.hwnd == page) sp.dirty = true;
  if (s.has_apply) enable_window(p, item(p, s.hwnd, IDC_APPLY_BUTTON), true);
}

void unchanged(WindowsProcess& p, Sheet& s, uint64_t page) {
  bool clean = true;
  for (SheetPage& sp : s.pages) {
    if (sp.hwnd == page) sp.dirty = false;
    if (sp.dirty) clean = false;
  }
  if (clean) enable_window(p, item(p, s.hwnd, IDC_APPLY_BUTTON), false);
}

// A wizard's Back and Next: the page asked (PSN_WIZBACK, PSN_WIZNEXT: -1 stays, 0 goes to the page
// before or after, else a page's resource id), the current page let go (PSN_KILLACTIVE), the new
// one selected (skipping, as its PSN_SETACTIVE asks, in the same direction).
void wizard_step(WindowsProcess& p, Sheet& s, int direction) {
  if (s.active < 0) return;
  const int64_t answer = notify_page(p, s, active_hwnd(s), direction < 0 ? PSN_WIZBACK : PSN_WIZNEXT);
  if (answer == -1 || !sheet_alive(s)) return;
  const int to = answer == 0 ? s.active + direction : page_by_resource(p, s, static_cast<uint64_t>(answer));
  if (to < 0 || to >= static_cast<int>(s.pages.size()) || !can_change_page(p, s) || !sheet_alive(s)) return;
  const uint32_t button = direction < 0 ? IDC_BACK_BUTTON : IDC_NEXT_BUTTON;
  set_focus(p, item(p, s.hwnd, button));
  send_message(p, s.hwnd, DM_SETDEFID_, button, 0);
  set_current(p, s, to, direction, 0);
}

// Finish: the page asked (PSN_WIZFINISH, which a nonzero answer refuses), the wizard ended with IDOK.
void wizard_finish(WindowsProcess& p, Sheet& s) {
  if (s.active < 0) return;
  if (notify_page(p, s, active_hwnd(s), PSN_WIZFINISH) != 0 || !sheet_alive(s)) return;
  if (s.result == 0) s.result = IDOK_;
  if (s.modeless) s.active_valid = false;
  else s.ended = true;
}

// PSM_SETWIZBUTTONS: Back and Next enabled as asked, Finish shown instead of Next (unless the
// wizard has both), the default button the first enabled of Finish, Next, Back, Cancel.
void set_wizard_buttons(WindowsProcess& p, Sheet& s, uint32_t flags) {
  const uint64_t back = item(p, s.hwnd, IDC_BACK_BUTTON), next = item(p, s.hwnd, IDC_NEXT_BUTTON);
  const uint64_t finish = item(p, s.hwnd, IDC_FINISH_BUTTON);
  const bool finish_on = ((flags & PSWIZB_FINISH) || s.has_finish) && !(flags & PSWIZB_DISABLEDFINISH);
  enable_window(p, back, flags & PSWIZB_BACK);
  enable_window(p, next, flags & PSWIZB_NEXT);
  enable_window(p, finish, finish_on);
  const uint32_t def = finish_on ? IDC_FINISH_BUTTON
                       : (flags & PSWIZB_NEXT) ? IDC_NEXT_BUTTON
                       : (flags & PSWIZB_BACK) ? IDC_BACK_BUTTON
                                               : IDCANCEL_;
  send_message(p, s.hwnd, DM_SETDEFID_, def, 0);
  if (!s.has_finish) {
    const bool finish_shown = flags & (PSWIZB_FINISH | PSWIZB_DISABLEDFINISH);
    show(p, finish_shown ? next : finish, false);
    show(p, finish_shown ? finish : next, true);
  }
}

// PSM_SETFINISHTEXT: Finish shown with the text, enabled and the default; Back hidden, and Next
// unless the wizard has both.
void set_finish_text(WindowsProcess& p, Sheet& s, const std::u16string& text) {
  const uint64_t finish = item(p, s.hwnd, IDC_FINISH_BUTTON);
  set_text(p, finish, text);
  show(p, finish, true);
  enable_window(p, finish, true);
  send_message(p, s.hwnd, DM_SETDEFID_, IDC_FINISH_BUTTON, 0);
  show(p, item(p, s.hwnd, IDC_BACK_BUTTON), false);
  if (!s.has_finish) show(p, item(p, s.hwnd, IDC_NEXT_BUTTON), false);
}

// A button's work (OK and Apply apply, Cancel cancels, Help asks the page, a wizard's Back, Next
// and Finish); false for other ids.
bool command(WindowsProcess& p, Sheet& s, uint32_t id) {
  switch (id) {
    case IDC_BACK_BUTTON: wizard_step(p, s, -1); break;
    case IDC_NEXT_BUTTON: wizard_step(p, s, 1); break;
    case IDC_FINISH_BUTTON: wizard_finish(p, s); break;
    case IDOK_:
    case IDC_APPLY_BUTTON: {
      if (!apply(p, s, id == IDOK_ ? 1 : 0) || !sheet_alive(s)) break;
      if (id == IDOK_) {
        // (ID_PSRESTARTWINDOWS and ID_PSREBOOTSYSTEM stay)
        if (s.result == 0) s.result = IDOK_;
        if (s.modeless) s.active_valid = false;
        else s.ended = true;
      } else {
        enable_window(p, item(p, s.hwnd, IDC_APPLY_BUTTON), false);
      }
      break;
    }
    case IDCANCEL_: cancel(p, s, 0); break;
    case IDHELP_:
      if (s.active >= 0) notify_page(p, s, active_hwnd(s), PSN_HELP);
      break;
    default: return false;
  }
  return true;
}

void set_title(WindowsProcess& p, Sheet& s, uint32_t style, std::u16string text, bool is_id, uint64_t id) {
  if (is_id) {
    text = module_string(p, s.instance, static_cast<uint32_t>(id));
    if (text.empty()) return;
  }
  if (style & PSH_PROPTITLE) {
    std::u16string t = s.properties_for;
    const size_t at = t.find(u"%s");
    if (at != std::u16string::npos) t.replace(at, 2, text);
    set_text(p, s.hwnd, t);
  } else {
    set_text(p, s.hwnd, text);
  }
}

// TCITEMW with a text, for TCM_INSERTITEMW.
void insert_tab(WindowsProcess& p, uint64_t tab, int index, const std::u16string& text) {
  const unsigned w = p.isa->ptr;
  const GuestText t(p, text);
  const uint64_t at = p.heap.alloc(16 + 4 * w + 8, true);
  if (!at || !t.at) return;
  put<uint32_t>(at, TCIF_TEXT_);
  p.put_ptr(at + (w == 8 ? 16 : 12), t.at);
  put<int32_t>(at + (w == 8 ? 24 : 16), 255);
  send_message(p, tab, TCM_INSERTITEMW_, static_cast<uint64_t>(index), at);
  p.heap.free(at);
}

bool insert_page(WindowsProcess& p, Sheet& s, uint64_t after, uint64_t handle) {
  int index;
  if (is_resource_id(after)) {
    index = static_cast<int>(after & 0xffff);
  } else {
    index = page_index(s, after, -1);
    if (index < 0) return false;
    ++index;
  }
  index = std::min(index, static_cast<int>(s.pages.size()));
  SheetPage page;
  page.handle = handle;
  if (!collect_page(p, s, page, false)) return false;
  s.pages.insert(s.pages.begin() + index, page);
  const auto rec = page_records().find(handle);
  if (rec != page_records().end() && (rec->second.flags & PSP_PREMATURE) && !make_page(p, s, index)) {
    if (sheet_alive(s)) s.pages.erase(s.pages.begin() + index);
    return false;
  }
  if (index <= s.active) ++s.active;
  insert_tab(p, item(p, s.hwnd, IDC_TABCONTROL), index, s.pages[static_cast<size_t>(index)].text);
  if (s.pages.size() == 1) set_current(p, s, 0, 1, 0);
  return true;
}

bool remove_page(WindowsProcess& p, Sheet& s, int index, uint64_t handle) {
  index = page_index(s, handle, index);
  if (index < 0 || index >= static_cast<int>(s.pages.size())) return false;
  if (index == s.active) {
    if (s.pages.size() > 1) {
      if (index > 0) {
        set_current(p, s, index - 1, -1, 0);
      } else {
        set_current(p, s, index + 1, 1, 0);
        s.active = index;
      }
    } else {
      s.active = -1;
      if (!s.modeless) {
        s.ended = true;
        return true;
      }
    }
  } else if (index < s.active) {
    --s.active;
  }
  if (!sheet_alive(s)) return false;
  const SheetPage gone = s.pages[static_cast<size_t>(index)];
  if (gone.hwnd) destroy_window(p, gone.hwnd);
  if (!sheet_alive(s)) return false;
  destroy_page(p, gone.handle);
  send_message(p, item(p, s.hwnd, IDC_TABCONTROL), TCM_DELETEITEM_, static_cast<uint64_t>(index), 0);
  const int at = page_index(s, gone.handle, -1);
  if (at >= 0) s.pages.erase(s.pages.begin() + at);
  return false;
}

// PSM_ISDIALOGMESSAGE: Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+PageDown and Ctrl+PageUp turn the pages (a
// control that wants the key keeps it); the rest is IsDialogMessage's.
bool sheet_dialog_message(WindowsProcess& p, Sheet& s, uint64_t msg_at) {
  // (MSG: hwnd, message, wParam …)
  const unsigned w = p.isa->ptr;
  const uint64_t target = p.get_ptr(msg_at), key = p.get_ptr(msg_at + 2 * w);
  if (target != s.hwnd && !is_descendant(p, s.hwnd, target)) return false;
  if (get<uint32_t>(msg_at + w) == WM_KEYDOWN && key_down(p, VK_CONTROL)) {
    int step = 0;
    if (!(send_message(p, target, WM_GETDLGCODE, 0, msg_at) & DLGC_WANTMESSAGE)) {
      if (key == VK_TAB) step = key_down(p, VK_SHIFT) ? -1 : 1;
      else if (key == VK_NEXT) step = 1;
      else if (key == VK_PRIOR) step = -1;
    }
    if (step) {
      if (can_change_page(p, s) && sheet_alive(s)) {
        const int n = static_cast<int>(s.pages.size());
        int to = s.active + step;
        if (to < 0) to = n - 1;
        else if (to >= n) to = 0;
        set_current(p, s, to, 1, 0);
      }
      return true;
    }
  }
  return call_user32(p, "IsDialogMessageW", {s.hwnd, msg_at}) != 0;
}

// The sheet grown (or shrunk) to the largest page: the tab control sized so that its display area
// holds the page, the sheet so that its client area holds the tab control and the row of buttons
// with the padding round them.
void adjust_size(WindowsProcess& p, Sheet& s) {
  const uint64_t tab = item(p, s.hwnd, IDC_TABCONTROL);
  const int32_t pad_x = place_of(p, tab).left, pad_y = place_of(p, tab).top;
  const int32_t button_h = client_of(p, item(p, s.hwnd, IDOK_)).bottom;
  Rect r = map_dialog_rect(p, s.hwnd, {0, 0, s.width, s.height});
  const Rect units = map_dialog_rect(p, s.hwnd, {4, 8, 4, 8});
  const Rect area = tab_adjust(p, tab, false, client_of(p, tab));
  if (r.height() < area.height()) {
    r.bottom = r.top + area.height();
    if (units.top) s.height = r.height() * 8 / units.top;
  }
  if (r.width() < area.width()) {
    r.right = r.left + area.width();
    if (units.left) s.width = r.width() * 4 / units.left;
  }
  r = tab_adjust(p, tab, true, r);
  resize_to(p, tab, r.width(), r.height());
  Rect c = client_of(p, tab);
  c.right += 2 * pad_x;
  c.bottom += button_h + 3 * pad_y;
  const Window* w = find_window(p, s.hwnd);
  if (w && !(w->style & WS_CHILD)) c = window_rect_for_client(p, c, w->style, w->ex_style, false);
  resize_to(p, s.hwnd, c.width(), c.height());
}

// The buttons in a row from the right, in the order OK, Cancel, Apply, Help (Apply hidden with
// PSH_NOAPPLYNOW, its place then Help's; Help hidden without PSH_HASHELP or a page's PSP_HASHELP).
void adjust_buttons(WindowsProcess& p, Sheet& s) {
  const uint64_t tab = item(p, s.hwnd, IDC_TABCONTROL);
  const Rect pad = place_of(p, tab);
  int buttons = 2 + (s.has_apply ? 1 : 0) + (s.has_help ? 1 : 0);
  const Rect b = client_of(p, item(p, s.hwnd, IDOK_));
  const Rect c = client_of(p, s.hwnd);
  const int32_t y = c.bottom - (pad.top + b.bottom);
  int32_t x = c.right - (pad.left + b.right) * buttons;
  move_to(p, item(p, s.hwnd, IDOK_), x, y);
  send_message(p, s.hwnd, 0x401 /* DM_SETDEFID */, IDOK_, 0);
  x += pad.left + b.right;
  move_to(p, item(p, s.hwnd, IDCANCEL_), x, y);
  const uint64_t apply_button = item(p, s.hwnd, IDC_APPLY_BUTTON);
  if (s.has_apply) x += pad.left + b.right;
  else show(p, apply_button, false);
  move_to(p, apply_button, x, y);
  enable_window(p, apply_button, false);
  x += pad.left + b.right;
  const uint64_t help = item(p, s.hwnd, IDHELP_);
  move_to(p, help, x, y);
  if (!s.has_help) show(p, help, false);
}

// A wizard grown to the largest page (with its margins) over the row of buttons below the line.
void adjust_wizard_size(WindowsProcess& p, Sheet& s) {
  Rect r = map_dialog_rect(p, s.hwnd, {0, 0, s.width, s.height});
  const Rect line = place_of(p, item(p, s.hwnd, IDC_SUNKEN_LINE));
  r.bottom += client_of(p, s.hwnd).bottom - line.top - 1;
  const Window* w = find_window(p, s.hwnd);
  if (w) r = window_rect_for_client(p, r, w->style, w->ex_style, false);
  resize_to(p, s.hwnd, r.width(), r.height());
}

// A wizard's buttons from the right (Back and Next touching, then Finish if the wizard has both,
// Cancel and Help), the padding the distance between the line and the buttons; the line across
// above them (edge to edge in Wizard97), the header's line across the top.
void adjust_wizard_buttons(WindowsProcess& p, Sheet& s) {
  const uint64_t line = item(p, s.hwnd, IDC_SUNKEN_LINE);
  const Rect measure = place_of(p, item(p, s.hwnd, s.has_help ? IDHELP_ : IDC_NEXT_BUTTON));
  int32_t pad_y = measure.top - place_of(p, line).bottom, pad_x = pad_y;
  const int buttons = 3 + (s.has_help ? 1 : 0) + (s.has_finish ? 1 : 0);
  const Rect b = client_of(p, item(p, s.hwnd, IDCANCEL_));
  const int32_t line_h = client_of(p, line).bottom;
  const Rect c = client_of(p, s.hwnd);
  int32_t y = c.bottom - (pad_y + b.bottom);
  int32_t x = c.right - (pad_x + b.right) * (buttons - 1) - b.right;
  move_to(p, item(p, s.hwnd, IDC_BACK_BUTTON), x, y);
  x += b.right;
  move_to(p, item(p, s.hwnd, IDC_NEXT_BUTTON), x, y);
  const uint64_t finish = item(p, s.hwnd, IDC_FINISH_BUTTON);
  if (s.has_finish) x += pad_x + b.right;
  move_to(p, finish, x, y);
  if (!s.has_finish) show(p, finish, false);
  x += pad_x + b.right;
  move_to(p, item(p, s.hwnd, IDCANCEL_), x, y);
  const uint64_t help = item(p, s.hwnd, IDHELP_);
  if (s.has_help) {
    x += pad_x + b.right;
    move_to(p, help, x, y);
  } else {
    show(p, help, false);
  }
  if (s.flags & (kWizard97 | PSH_WIZARD_LITE)) pad_x = 0;
  y = c.bottom - (2 * pad_y + b.bottom + line_h);
  set_window_position(p, line, 0, pad_x, y, c.right - 2 * pad_x, 2, SWP_NOZORDER | SWP_NOACTIVATE);
  const uint64_t header_line = item(p, s.hwnd, IDC_SUNKEN_LINEHEADER);
  set_window_position(p, header_line, 0, 0, 0, c.right, 2, SWP_NOZORDER | SWP_NOMOVE | SWP_NOACTIVATE);
  if (!(s.flags & kWizard97)) show(p, header_line, false);
}

void clean_up(WindowsProcess& p, uint64_t hwnd) {
  auto& all = sheets();
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (it->second->hwnd != hwnd) continue;
    std::unique_ptr<Sheet> s = std::move(it->second);
    all.erase(it);
    for (const SheetPage& page : s->pages) {
      if (page.hwnd) destroy_window(p, page.hwnd);
      destroy_page(p, page.handle);
    }
    return;
  }
}

void init_sheet(WindowsProcess& p, uint64_t hwnd, Sheet& s) {
  s.hwnd = hwnd;
  if (s.wizard) set_wizard_buttons(p, s, PSWIZB_BACK | PSWIZB_NEXT);
  if (s.flags & (PSH_USEICONID | PSH_USEHICON)) {
    const uint64_t icon = (s.flags & PSH_USEICONID) ? load_image_resource(p, s.instance, s.icon, true, 1 /* IMAGE_ICON */)
                                                    : s.icon;
    send_message(p, hwnd, WM_SETICON, 0, icon);
  }
  s.properties_for = text_of(p, hwnd);
  const uint64_t tab = item(p, hwnd, IDC_TABCONTROL);
  for (size_t i = 0; i < s.pages.size(); ++i) insert_tab(p, tab, static_cast<int>(i), s.pages[i].text);
  if (s.wizard) {
    show(p, tab, false);
    adjust_wizard_size(p, s);
    adjust_wizard_buttons(p, s);
    set_focus(p, item(p, hwnd, IDC_NEXT_BUTTON));
  } else {
    // (Only when the largest page is not the tab control's size does the layout change.)
    const Rect page = map_dialog_rect(p, hwnd, {0, 0, s.width, s.height});
    const Rect tab_client = client_of(p, tab);
    if (page.width() != tab_client.width() || page.height() != tab_client.height()) {
      adjust_size(p, s);
      adjust_buttons(p, s);
    }
    set_focus(p, item(p, hwnd, IDOK_));
  }
  set_title(p, s, s.flags, s.caption_text, s.caption_is_id, s.caption);
  if (s.callback) p.call_guest(s.callback, {hwnd, PSCB_INITIALIZED, 0});
  if (!sheet_alive(s) || s.pages.empty()) return;
  const int index = s.active;
  s.active = -1;
  set_current(p, s, index, 1, s.pages[static_cast<size_t>(index)].handle);
  if (!sheet_alive(s)) return;
  send_message(p, tab, TCM_SETCURSEL_, static_cast<uint64_t>(static_cast<int64_t>(s.active)), 0);
  unchanged(p, s, 0);
}

// The sheet's dialog procedure (a dialog procedure's answers: TRUE for a message it handled, with
// the result in DWLP_MSGRESULT).
USize SheetDialogProc(WindowsProcess& p, Ptr hwnd_ptr, uint32_t msg, USize wparam, USize lparam) {
  const uint64_t hwnd = hwnd_ptr.addr;
  if (msg == WM_INITDIALOG) {
    const auto it = sheets().find(lparam);
    if (it == sheets().end()) return FALSE;
    Sheet& s = *it->second;
    init_sheet(p, hwnd, s);
    // (a wizard set its focus itself)
    return sheet_of(hwnd) == &s && s.wizard ? FALSE : TRUE;
  }
  Sheet* sp = sheet_of(hwnd);
  if (!sp) return FALSE;
  Sheet& s = *sp;
  auto answer = [&](uint64_t v) {
    set_msg_result(p, hwnd, v);
    return static_cast<USize>(TRUE);
  };
  switch (msg) {
    case WM_DESTROY: clean_up(p, hwnd); return TRUE;
    case WM_CLOSE: cancel(p, s, 1); return FALSE;  // (DefDlgProc goes on with IDCANCEL)
    case WM_COMMAND:
      if (!command(p, s, static_cast<uint32_t>(wparam & 0xffff)) && sheet_alive(s) && s.active_valid && s.active != -1)
        send_message(p, active_hwnd(s), WM_COMMAND, wparam, lparam);
      return TRUE;
    case WM_NOTIFY: {
      const int32_t code = static_cast<int32_t>(get<uint32_t>(lparam + 2 * p.isa->ptr));
      if (code == TCN_SELCHANGE_) {
        const uint64_t from = p.get_ptr(lparam);
        set_current(p, s, static_cast<int32_t>(send_message(p, from, TCM_GETCURSEL_, 0, 0)), 1, 0);
      }
      if (code == TCN_SELCHANGING_) return answer(sheet_alive(s) && !can_change_page(p, s));
      return FALSE;
    }
    case PSM_GETCURRENTPAGEHWND: return answer(s.active_valid && s.active != -1 ? active_hwnd(s) : 0);
    case PSM_CHANGED: changed(p, s, wparam); return TRUE;
    case PSM_UNCHANGED: unchanged(p, s, wparam); return TRUE;
    case PSM_GETTABCONTROL: return answer(item(p, hwnd, IDC_TABCONTROL));
    case PSM_SETCURSEL: {
      bool ok = can_change_page(p, s);
      if (ok && sheet_alive(s)) ok = set_current(p, s, static_cast<int32_t>(wparam), 1, lparam);
      return answer(ok);
    }
    case PSM_SETCURSELID: {
      const int index = page_by_resource(p, s, lparam);
      if (index < static_cast<int>(s.pages.size()) && can_change_page(p, s) && sheet_alive(s))
        set_current(p, s, index, 1, 0);
      return TRUE;
    }
    case PSM_CANCELTOCLOSE:
      enable_window(p, item(p, hwnd, IDCANCEL_), false);
      set_text(p, item(p, hwnd, IDOK_), u"Close");
      return FALSE;
    case PSM_RESTARTWINDOWS:
      if (s.result != static_cast<int32_t>(ID_PSREBOOTSYSTEM)) s.result = ID_PSRESTARTWINDOWS;
      return TRUE;
    case PSM_REBOOTSYSTEM: s.result = ID_PSREBOOTSYSTEM; return TRUE;
    case PSM_SETTITLEA:
    case PSM_SETTITLEW:
      set_title(p, s, static_cast<uint32_t>(wparam),
                is_resource_id(lparam) ? std::u16string() : views::guest_string(lparam, msg == PSM_SETTITLEW),
                is_resource_id(lparam), lparam);
      return TRUE;
    case PSM_APPLY: return answer(apply(p, s, 0));
    case PSM_QUERYSIBLINGS: {
      uint64_t r = 0;
      for (size_t i = 0; r == 0 && sheet_alive(s) && i < s.pages.size(); ++i)
        if (s.pages[i].hwnd) r = send_message(p, s.pages[i].hwnd, PSM_QUERYSIBLINGS, wparam, lparam);
      return sheet_alive(s) ? answer(r) : USize(TRUE);
    }
    case PSM_ADDPAGE: return answer(insert_page(p, s, s.pages.size(), lparam));
    case PSM_INSERTPAGE: return answer(insert_page(p, s, wparam, lparam));
    case PSM_REMOVEPAGE: remove_page(p, s, static_cast<int32_t>(wparam), lparam); return TRUE;
    case PSM_ISDIALOGMESSAGE: return answer(lparam && sheet_dialog_message(p, s, lparam));
    case PSM_SETWIZBUTTONS: set_wizard_buttons(p, s, static_cast<uint32_t>(lparam)); return TRUE;
    case PSM_SETFINISHTEXTA:
    case PSM_SETFINISHTEXTW:
      set_finish_text(p, s, views::guest_string(lparam, msg == PSM_SETFINISHTEXTW));
      return msg == PSM_SETFINISHTEXTA;
    case PSM_PRESSBUTTON:
      switch (wparam) {
        case PSBTN_BACK: wizard_step(p, s, -1); break;
        case PSBTN_NEXT: wizard_step(p, s, 1); break;
        case PSBTN_FINISH: wizard_finish(p, s); break;
        case PSBTN_APPLYNOW: command(p, s, IDC_APPLY_BUTTON); break;
        case PSBTN_CANCEL: command(p, s, IDCANCEL_); break;
        case PSBTN_HELP: command(p, s, IDHELP_); break;
        case PSBTN_OK: command(p, s, IDOK_); break;
        default: break;
      }
      return TRUE;
    case PSM_HWNDTOINDEX: {
      int64_t r = -1;
      for (size_t i = 0; i < s.pages.size(); ++i)
        if (s.pages[i].hwnd == wparam) r = static_cast<int64_t>(i);
      return answer(static_cast<uint64_t>(r));
    }
    case PSM_INDEXTOHWND:
      return answer(wparam < s.pages.size() ? s.pages[wparam].hwnd : 0);
    case PSM_PAGETOINDEX: return answer(static_cast<uint64_t>(static_cast<int64_t>(page_index(s, lparam, -1))));
    case PSM_INDEXTOPAGE: return answer(wparam < s.pages.size() ? s.pages[wparam].handle : 0);
    case PSM_IDTOINDEX: {
      const int index = page_by_resource(p, s, lparam);
      return answer(static_cast<uint64_t>(index < static_cast<int>(s.pages.size()) ? index : -1));
    }
    case PSM_INDEXTOID: {
      if (wparam >= s.pages.size()) return answer(0);
      const uint64_t handle = s.pages[wparam].handle;
      const auto rec = page_records().find(handle);
      const uint64_t id = p.get_ptr(handle + page_fields(p).resource);
      const bool indirect = rec != page_records().end() && (rec->second.flags & PSP_DLGINDIRECT);
      return answer(indirect || !is_resource_id(id) ? 0 : id);
    }
    case PSM_GETRESULT: return answer(static_cast<uint64_t>(static_cast<int64_t>(s.result)));
    default: return FALSE;
  }
}

const Export kSheetProc = EXPORT("PropertySheetDialogProc", SheetDialogProc);

// A template's words: a 32-bit value's two, a NUL-terminated text's.
void add_long(std::vector<uint16_t>& t, uint32_t v) { t.insert(t.end(), {static_cast<uint16_t>(v), static_cast<uint16_t>(v >> 16)}); }
void add_text(std::vector<uint16_t>& t, const std::u16string& s) {
  t.insert(t.end(), s.begin(), s.end());
  t.push_back(0);
}

// Windows' IDD_PROPSHEET, or for a wizard IDD_WIZARD, in guest memory (the caller frees it).
uint64_t sheet_template(WindowsProcess& p, uint32_t flags) {
  std::vector<uint16_t> t;
  const bool wizard = flags & kAnyWizard;
  uint32_t style = DS_MODALFRAME_ | DS_3DLOOK_ | DS_SETFONT_ | WS_POPUP | WS_CAPTION | WS_SYSMENU | WS_VISIBLE;
  if (wizard ? (flags & 0x1000 /* PSH_WIZARDCONTEXTHELP */) : !(flags & PSH_NOCONTEXTHELP)) style |= DS_CONTEXTHELP_;
  struct Item {
    uint32_t style;
    int16_t x, y, cx, cy;
    uint16_t id;
    uint16_t ordinal;     // the class: Button 0x80, Static 0x82; 0: the tab control
    const char16_t* title;
  };
  const std::vector<Item> items =
      wizard ? std::vector<Item>{
                   {WS_TABSTOP, 56, 138, 55, 14, IDC_BACK_BUTTON, 0x80, u"< &Back"},
                   {BS_DEFPUSHBUTTON_ | WS_TABSTOP, 111, 138, 55, 14, IDC_NEXT_BUTTON, 0x80, u"&Next >"},
                   {BS_DEFPUSHBUTTON_ | WS_TABSTOP, 111, 138, 55, 14, IDC_FINISH_BUTTON, 0x80, u"Finish"},
                   {WS_TABSTOP, 173, 138, 55, 14, IDCANCEL_, 0x80, u"Cancel"},
                   {WS_TABSTOP | WS_GROUP, 235, 138, 55, 14, IDHELP_, 0x80, u"Help"},
                   {SS_SUNKEN_ | WS_GROUP, 7, 129, 278, 1, IDC_SUNKEN_LINE, 0x82, u""},
                   {WS_CLIPSIBLINGS | WS_DISABLED, 7, 7, 258, 5, IDC_TABCONTROL, 0, u""},
                   {SS_SUNKEN_ | WS_GROUP, 0, 35, 290, 1, IDC_SUNKEN_LINEHEADER, 0x82, u""},
               }
             : std::vector<Item>{
                   {BS_DEFPUSHBUTTON_ | WS_TABSTOP | WS_GROUP, 4, 122, 50, 14, IDOK_, 0x80, u"OK"},
                   {WS_TABSTOP, 58, 122, 50, 14, IDCANCEL_, 0x80, u"Cancel"},
                   {WS_TABSTOP | WS_DISABLED, 112, 122, 50, 14, IDC_APPLY_BUTTON, 0x80, u"&Apply"},
                   {WS_TABSTOP | WS_GROUP, 166, 122, 50, 14, IDHELP_, 0x80, u"Help"},
                   {WS_CLIPSIBLINGS | WS_GROUP | WS_TABSTOP | TCS_MULTILINE_, 4, 4, 212, 114, IDC_TABCONTROL, 0, u""},
               };
  // (style, extended style, item count, x, y, cx, cy, no menu, the dialog class)
  add_long(t, style);
  add_long(t, 0);
  t.insert(t.end(), {static_cast<uint16_t>(items.size()), 0, 0, static_cast<uint16_t>(wizard ? 290 : 220),
                     static_cast<uint16_t>(wizard ? 159 : 140), 0, 0});
  add_text(t, wizard ? u"Wizard" : u"Properties for %s");
  t.push_back(8);
  add_text(t, u"MS Shell Dlg");
  for (const Item& i : items) {
    if (t.size() % 2) t.push_back(0);  // (each item DWORD-aligned)
    add_long(t, i.style | WS_CHILD | WS_VISIBLE);
    add_long(t, 0);
    t.insert(t.end(), {static_cast<uint16_t>(i.x), static_cast<uint16_t>(i.y), static_cast<uint16_t>(i.cx),
                       static_cast<uint16_t>(i.cy), i.id});
    if (i.ordinal) t.insert(t.end(), {0xffff, i.ordinal});
    else add_text(t, u"SysTabControl32");
    add_text(t, i.title);
    t.push_back(0);  // (no creation data)
  }
  const uint64_t at = p.heap.alloc(2 * t.size() + 4, true);
  if (at) std::memcpy(guest_pointer(at), t.data(), 2 * t.size());
  return at;
}

// A modal sheet's loop, Windows' own through USER32's exports (GetMessage, IsDialogMessage,
// TranslateMessage, DispatchMessage) until OK or Cancel ended it or its window went; WM_QUIT ends
// it and is posted again for the program's loop. The sheet's result (-1 when GetMessage failed).
int64_t run_sheet(WindowsProcess& p, Sheet& s, uint64_t hwnd) {
  const uint64_t msg = p.heap.alloc(4 * uint64_t{p.isa->ptr} + 16, true);
  if (!msg) return -1;
  int32_t got = 1;
  while (find_window(p, hwnd) && sheet_alive(s) && !s.ended) {
    got = static_cast<int32_t>(call_user32(p, "GetMessageW", {msg, 0, 0, 0}));
    if (got == 0) call_user32(p, "PostQuitMessage", {p.get_ptr(msg + 2 * uint64_t{p.isa->ptr})});
    if (got == 0 || got == -1) break;
    if (!call_user32(p, "IsDialogMessageW", {hwnd, msg})) {
      call_user32(p, "TranslateMessage", {msg});
      call_user32(p, "DispatchMessageW", {msg});
    }
  }
  p.heap.free(msg);
  const Sheet* still = sheet_of(hwnd);
  return got == -1 ? -1 : still == &s ? s.result : 0;
}

// PropertySheet's work: the pages gathered (made from PSH_PROPSHEETPAGE's array, or the handles
// given), the sheet made; a modeless sheet's window or -1, a modal sheet's result.
int64_t property_sheet(WindowsProcess& p, uint64_t header, bool unicode) {
  if (!header) return -1;
  const HeaderFields f = header_fields(p);
  const uint32_t flags = get<uint32_t>(header + 4);
  const uint64_t key = next_sheet_key++;
  auto made = std::make_unique<Sheet>();
  Sheet& s = *made;
  sheets()[key] = std::move(made);
  s.unicode = unicode;
  s.flags = flags;
  s.parent = p.get_ptr(header + f.parent);
  s.instance = p.get_ptr(header + f.instance);
  s.icon = p.get_ptr(header + f.icon);
  s.wizard = flags & kAnyWizard;
  s.has_finish = flags & PSH_WIZARDHASFINISH;
  // (a wizard's title is its pages')
  s.caption = s.wizard ? 0 : p.get_ptr(header + f.caption);
  s.caption_is_id = is_resource_id(s.caption);
  if (!s.caption_is_id) s.caption_text = views::guest_string(s.caption, unicode);
  s.callback = (flags & PSH_USECALLBACK) ? p.get_ptr(header + f.callback) : 0;
  s.has_help = flags & PSH_HASHELP;
  s.has_apply = !(flags & PSH_NOAPPLYNOW);
  s.modeless = flags & PSH_MODELESS;
  const uint32_t count = get<uint32_t>(header + f.pages);
  const uint64_t start = p.get_ptr(header + f.start);
  uint64_t ppsp = p.get_ptr(header + f.ppsp);
  for (uint32_t i = 0; i < count; ++i) {
    SheetPage page;
    if (flags & PSH_PROPSHEETPAGE) {
      page.handle = create_page(p, ppsp, unicode);
      ppsp += get<uint32_t>(ppsp);
    } else {
      page.handle = p.get_ptr(ppsp + uint64_t{i} * p.isa->ptr);
    }
    if (collect_page(p, s, page, true)) s.pages.push_back(page);
    else if (flags & PSH_PROPSHEETPAGE) destroy_page(p, page.handle);
  }
  s.active = 0;
  if (flags & PSH_USEPSTARTPAGE) {
    // (the page whose tab has pStartPage's text)
    const std::u16string name = is_resource_id(start) ? module_string(p, s.instance, static_cast<uint32_t>(start))
                                                      : views::guest_string(start, unicode);
    for (size_t i = 0; i < s.pages.size(); ++i)
      if (s.pages[i].text == name) s.active = static_cast<int>(i);
  } else {
    s.active = static_cast<int32_t>(start);
  }
  if (s.active < 0 || s.active >= static_cast<int>(s.pages.size())) s.active = 0;

  const uint64_t parent = s.modeless ? 0 : s.parent;
  if (parent) enable_window(p, parent, false);
  const uint64_t tmpl = sheet_template(p, flags);
  uint64_t hwnd = 0;
  if (tmpl) {
    if (s.callback) p.call_guest(s.callback, {0, PSCB_PRECREATE, tmpl});
    const uint64_t proc = p.export_thunk(nullptr, "COMCTL32.dll", kSheetProc.name, &kSheetProc);
    hwnd = make_modeless_dialog(p, s.instance, tmpl, s.parent, proc, key, unicode);
    p.heap.free(tmpl);
  }
  if (!hwnd) {
    // (never shown: its pages go with it)
    const auto it = sheets().find(key);
    if (it != sheets().end()) {
      for (const SheetPage& page : it->second->pages) destroy_page(p, page.handle);
      sheets().erase(it);
    }
    if (parent) enable_window(p, parent, true);
    return -1;
  }
  if (s.modeless) return static_cast<int64_t>(hwnd);
  const auto it = sheets().find(key);
  const int64_t r = it != sheets().end() && it->second->hwnd == hwnd ? run_sheet(p, *it->second, hwnd) : 0;
  if (parent) enable_window(p, parent, true);
  if (find_window(p, hwnd)) destroy_window(p, hwnd);
  return r;
}

USize PropertySheetW(WindowsProcess& p, Ptr header) { return static_cast<USize>(property_sheet(p, header.addr, true)); }
USize PropertySheetA(WindowsProcess& p, Ptr header) { return static_cast<USize>(property_sheet(p, header.addr, false)); }
Ptr CreatePropertySheetPageW(WindowsProcess& p, Ptr psp) { return Ptr(create_page(p, psp.addr, true)); }
Ptr CreatePropertySheetPageA(WindowsProcess& p, Ptr psp) { return Ptr(create_page(p, psp.addr, false)); }
BOOL DestroyPropertySheetPage(WindowsProcess& p, Ptr page) { return destroy_page(p, page.addr); }

}  // namespace
}  // namespace propsheet

int64_t property_sheet(WindowsProcess& p, uint64_t header, bool unicode) {
  return propsheet::property_sheet(p, header, unicode);
}
uint64_t create_property_sheet_page(WindowsProcess& p, uint64_t psp, bool unicode) {
  return propsheet::create_page(p, psp, unicode);
}

const std::vector<Export>& property_sheet_exports() {
  using namespace propsheet;
  static const std::vector<Export> exports = {
      EXPORT("PropertySheetW", PropertySheetW),
      EXPORT("PropertySheetA", PropertySheetA),
      EXPORT("PropertySheet", PropertySheetA),
      EXPORT("CreatePropertySheetPageW", CreatePropertySheetPageW),
      EXPORT("CreatePropertySheetPageA", CreatePropertySheetPageA),
      EXPORT("CreatePropertySheetPage", CreatePropertySheetPageA),
      EXPORT("DestroyPropertySheetPage", DestroyPropertySheetPage),
  };
  return exports;
}

}  // namespace polyrun::shims::comctl32
