// Dialogs: windows made from DLGTEMPLATE and DLGTEMPLATEEX resources (CreateDialog*, DialogBox*
// with its modal loop, EndDialog), the dialog class "#32770" and DefDlgProc (the program's dialog
// procedure first, then the dialog manager's defaults: background, focus kept across activation,
// the default push button, WM_NEXTDLGCTL, WM_CLOSE as Cancel), the keyboard of IsDialogMessage (Tab,
// arrows in groups, Enter, Esc, mnemonics) and the dialog-item helpers. Sizes in the templates are
// dialog units: a quarter of the dialog font's average character width and an eighth of its height.
#include <algorithm>
#include <cstring>
#include <optional>

#include "shims/core/guest_memory.h"
#include "shims/kernel32/resources.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

// Dialog styles, messages and codes.
enum : uint32_t {
  DS_ABSALIGN = 0x01, DS_SYSMODAL = 0x02, DS_LOCALEDIT = 0x20, DS_SETFONT = 0x40, DS_MODALFRAME = 0x80,
  DS_NOIDLEMSG = 0x100, DS_SETFOREGROUND = 0x200, DS_3DLOOK = 0x4, DS_FIXEDSYS = 0x8, DS_NOFAILCREATE = 0x10,
  DS_CONTROL = 0x400, DS_CENTER = 0x800, DS_CENTERMOUSE = 0x1000, DS_CONTEXTHELP = 0x2000,
  DM_GETDEFID = 0x400, DM_SETDEFID = 0x401, DM_REPOSITION = 0x402, DC_HASDEFID = 0x534b,
  WS_EX_CONTROLPARENT = 0x10000, WM_ENTERIDLE_ = 0x0121, MSGF_DIALOGBOX = 0, WM_CANCELMODE_ = 0x001f,
  BM_GETCHECK_ = 0xf0, BM_SETCHECK_ = 0xf1, BM_SETSTYLE_ = 0xf4, BM_CLICK_ = 0xf5, EM_SETSEL_ = 0xb1,
  BS_TYPEMASK_ = 0xf, BS_PUSHBUTTON_ = 0, BS_DEFPUSHBUTTON_ = 1, BS_AUTORADIOBUTTON_ = 9, SS_TYPEMASK_ = 0x1f,
  SS_NOPREFIX_ = 0x80, IDOK = 1, IDCANCEL = 2,
};
constexpr uint16_t kDialogAtom = 32770;

// The dialog manager's part of a dialog window (the program's procedure lives in the window's
// extra bytes at DWLP_DLGPROC, where GetWindowLongPtr finds it).
struct DialogState : ControlState {
  bool proc_unicode = true;  // the dialog procedure's kind (DialogBoxParamA or …W)
  bool owns_font = false;
  int32_t base_x = 0, base_y = 0;  // the dialog base units (0: not a template's dialog)
  uint64_t focus = 0;              // the control that had the focus when the dialog lost it
  uint32_t def_id = 0;             // DM_SETDEFID's
  bool ended = false, owner_disabled = false;
  int64_t result = 0;
};

// ---- templates ----

struct TemplateItem {
  uint32_t style = 0, ex_style = 0, help_id = 0;
  int16_t x = 0, y = 0, cx = 0, cy = 0;
  uint32_t id = 0;
  uint64_t cls = 0;    // a guest UTF-16 string, or an atom (below 0x10000)
  uint64_t title = 0;  // likewise (an ordinal: a resource id, as for an icon)
  uint64_t data = 0;   // creation data (its size word first), or 0
};

struct Template {
  uint32_t style = 0, ex_style = 0, help_id = 0;
  int16_t x = 0, y = 0, cx = 0, cy = 0;
  uint64_t menu = 0, cls = 0, title = 0;
  bool has_font = false;
  int16_t point_size = 0;
  int16_t weight = 0;
  uint8_t italic = 0, charset = 0;
  std::u16string face;
  std::vector<TemplateItem> items;
};

// A name-or-ordinal field: 0x0000 none, 0xFFFF then a word, else a NUL-terminated UTF-16 string
// (its address). `at` moves past it.
uint64_t name_or_ordinal(uint64_t& at) {
  const uint16_t first = get<uint16_t>(at);
  if (first == 0) {
    at += 2;
    return 0;
  }
  if (first == 0xffff) {
    const uint16_t ordinal = get<uint16_t>(at + 2);
    at += 4;
    return ordinal;
  }
  const uint64_t s = at;
  while (get<uint16_t>(at)) at += 2;
  at += 2;
  return s;
}
uint64_t align4(uint64_t a) { return (a + 3) & ~uint64_t{3}; }

Template parse_template(uint64_t t) {
  Template d;
  const bool ex = get<uint16_t>(t) == 1 && get<uint16_t>(t + 2) == 0xffff;
  uint64_t at = t;
  uint16_t count = 0;
  if (ex) {
    d.help_id = get<uint32_t>(t + 4), d.ex_style = get<uint32_t>(t + 8), d.style = get<uint32_t>(t + 12);
    at = t + 16;
  } else {
    d.style = get<uint32_t>(t), d.ex_style = get<uint32_t>(t + 4);
    at = t + 8;
  }
  count = get<uint16_t>(at);
  d.x = get<int16_t>(at + 2), d.y = get<int16_t>(at + 4), d.cx = get<int16_t>(at + 6), d.cy = get<int16_t>(at + 8);
  at += 10;
  d.menu = name_or_ordinal(at);
  d.cls = name_or_ordinal(at);
  d.title = name_or_ordinal(at);
  if (d.style & DS_SETFONT) {
    d.has_font = true;
    d.point_size = get<int16_t>(at);
    at += 2;
    if (ex) {
      d.weight = get<int16_t>(at), d.italic = get<uint8_t>(at + 2), d.charset = get<uint8_t>(at + 3);
      at += 4;
    }
    while (const char16_t c = get<char16_t>(at)) d.face += c, at += 2;
    at += 2;
  }
  for (uint16_t i = 0; i < count; ++i) {
    at = align4(at);
    TemplateItem item;
    if (ex) {
      item.help_id = get<uint32_t>(at), item.ex_style = get<uint32_t>(at + 4), item.style = get<uint32_t>(at + 8);
      at += 12;
    } else {
      item.style = get<uint32_t>(at), item.ex_style = get<uint32_t>(at + 4);
      at += 8;
    }
    item.x = get<int16_t>(at), item.y = get<int16_t>(at + 2), item.cx = get<int16_t>(at + 4), item.cy = get<int16_t>(at + 6);
    at += 8;
    if (ex) {
      item.id = get<uint32_t>(at);
      at += 4;
    } else {
      item.id = get<uint16_t>(at);
      at += 2;
    }
    item.cls = name_or_ordinal(at);
    item.title = name_or_ordinal(at);
    const uint16_t extra = get<uint16_t>(at);
    if (extra) item.data = at;  // (the control gets the address of the size word)
    at += 2 + extra;
    d.items.push_back(item);
  }
  return d;
}

// The class a template's ordinal names (0x80 Button … 0x85 ComboBox).
const char16_t* ordinal_class(uint64_t ordinal) {
  switch (ordinal) {
    case 0x80: return u"Button";
    case 0x81: return u"Edit";
    case 0x82: return u"Static";
    case 0x83: return u"ListBox";
    case 0x84: return u"ScrollBar";
    case 0x85: return u"ComboBox";
    default: return nullptr;
  }
}

// ---- base units ----

// The average character width (of the 52 letters, rounded as Windows does) and the height of a
// font (0: the system font).
void font_base_units(WindowsProcess& p, uint64_t font, int32_t& x, int32_t& y) {
  gdi32::DeviceContext& dc = gdi32::new_dc(p, true);
  gdi32::select_object(p, dc, font ? font : gdi32::gdi_table(p).stock(gdi32::SYSTEM_FONT));
  const int32_t width = text_width(p, dc, u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  x = (width / 26 + 1) / 2;
  y = text_height(p, dc);
  gdi32::delete_dc(p, dc);
  if (x <= 0) x = 8;
  if (y <= 0) y = 16;
}

int32_t mul_div(int32_t v, int32_t num, int32_t den) {
  const int64_t n = static_cast<int64_t>(v) * num;
  return static_cast<int32_t>(n >= 0 ? (n + den / 2) / den : (n - den / 2) / den);
}

// ---- the dialog procedure ----

uint64_t dialog_proc_of(WindowsProcess& p, const Window& w) {
  const unsigned width = p.isa->ptr;
  if (w.extra.size() < 2 * width) return 0;
  uint64_t v = 0;
  std::memcpy(&v, w.extra.data() + width, width);
  return v;
}
void set_extra_ptr(WindowsProcess& p, Window& w, unsigned index, uint64_t v) {
  const unsigned width = p.isa->ptr;
  if (w.extra.size() < (index + 1) * width) return;
  std::memcpy(w.extra.data() + index * width, &v, width);
}
uint64_t extra_ptr(WindowsProcess& p, const Window& w, unsigned index) {
  const unsigned width = p.isa->ptr;
  uint64_t v = 0;
  if (w.extra.size() >= (index + 1) * width) std::memcpy(&v, w.extra.data() + index * width, width);
  return v;
}

DialogState* dialog_state(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? &control_state<DialogState>(*w) : nullptr;
}

uint64_t focus_of_thread(WindowsProcess& p) { return own_queue(p).input->focus; }

bool is_child_of(WindowsProcess& p, uint64_t parent, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  for (; w && (w->style & WS_CHILD); w = find_window(p, w->parent))
    if (w->parent == parent) return true;
  return false;
}

uint32_t style_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? w->style : 0;
}

uint32_t dlg_code(WindowsProcess& p, uint64_t hwnd, uint64_t wparam = 0, uint64_t lparam = 0) {
  return static_cast<uint32_t>(send_message(p, hwnd, WM_GETDLGCODE, wparam, lparam));
}

// A child's siblings in z-order (GetWindow's GW_HWNDNEXT/PREV, GW_CHILD, GW_HWNDLAST).
uint64_t first_child(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w && !w->children.empty() ? w->children.front() : 0;
}
uint64_t last_child(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w && !w->children.empty() ? w->children.back() : 0;
}
uint64_t sibling(WindowsProcess& p, uint64_t hwnd, bool previous) {
  Window* w = find_window(p, hwnd);
  Window* parent = w ? find_window(p, w->parent) : nullptr;
  if (!parent) return 0;
  const auto& c = parent->children;
  const auto it = std::find(c.begin(), c.end(), hwnd);
  if (it == c.end()) return 0;
  if (previous) return it == c.begin() ? 0 : *(it - 1);
  return it + 1 == c.end() ? 0 : *(it + 1);
}
uint64_t parent_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w && (w->style & WS_CHILD) ? w->parent : 0;
}

// GetNextDlgTabItem's walk: the next (or previous) visible, enabled WS_TABSTOP control, going
// into WS_EX_CONTROLPARENT children and around the end.
uint64_t next_tab_item(WindowsProcess& p, uint64_t main, uint64_t dlg, uint64_t ctrl, bool previous, int depth = 0) {
  if (depth > 32) return 0;
  uint64_t child = 0;
  if (!ctrl) {
    child = previous ? last_child(p, dlg) : first_child(p, dlg);
  } else if (is_child_of(p, main, ctrl)) {
    child = sibling(p, ctrl, previous);
    if (!child) {
      if (parent_of(p, ctrl) != main) child = sibling(p, parent_of(p, ctrl), previous);
      else child = previous ? last_child(p, main) : first_child(p, main);
    }
  }
  int guard = 0;
  while (child && ++guard < 100000) {
    Window* w = find_window(p, child);
    if (!w) break;
    const uint32_t style = w->style;
    if ((w->ex_style & WS_EX_CONTROLPARENT) && (style & WS_VISIBLE) && !(style & WS_DISABLED)) {
      if (const uint64_t r = next_tab_item(p, main, child, 0, previous, depth + 1)) return r;
    } else if ((style & WS_TABSTOP) && (style & WS_VISIBLE) && !(style & WS_DISABLED)) {
      return child;
    }
    child = sibling(p, child, previous);
  }
  uint64_t result = 0;
  if (ctrl) {
    for (uint64_t up = parent_of(p, ctrl); up && up != main; up = parent_of(p, up))
      if ((result = next_tab_item(p, main, parent_of(p, up), up, previous, depth + 1))) break;
    if (!result && depth == 0) result = next_tab_item(p, main, main, 0, previous, depth + 1);
  }
  return result ? result : ctrl;
}

uint64_t get_next_tab_item(WindowsProcess& p, uint64_t dlg, uint64_t ctrl, bool previous) {
  if (ctrl == dlg) ctrl = 0;
  if (!ctrl && previous) return 0;  // (not the last tab stop, as the documentation has it: Windows gives none)
  if (ctrl && !is_child_of(p, dlg, ctrl)) return 0;
  return next_tab_item(p, dlg, dlg, ctrl, previous);
}

// GetNextDlgGroupItem: around the group (from a WS_GROUP control to the next) of `ctrl`.
uint64_t get_next_group_item(WindowsProcess& p, uint64_t dlg, uint64_t ctrl, bool previous) {
  if (ctrl == dlg) ctrl = 0;
  if (!ctrl && previous) return 0;
  if (ctrl) {
    if (!is_child_of(p, dlg, ctrl)) return 0;
  } else {
    if (!(ctrl = first_child(p, dlg))) return 0;
    if ((style_of(p, ctrl) & (WS_VISIBLE | WS_DISABLED)) == WS_VISIBLE) return ctrl;
  }
  uint64_t result = ctrl, hwnd = ctrl, last_group = 0;
  bool looped = false, skipping = false;
  for (int guard = 0; guard < 100000; ++guard) {
    uint64_t next = sibling(p, hwnd, false);
    while (!next) {
      if (parent_of(p, hwnd) == dlg) {
        if (looped) return result;
        looped = true;
        next = first_child(p, dlg);
        if (!next) return result;
      } else {
        hwnd = parent_of(p, hwnd);
        if (!hwnd) return result;
        next = sibling(p, hwnd, false);
      }
    }
    hwnd = next;
    for (uint64_t down; ; hwnd = down) {
      Window* w = find_window(p, hwnd);
      if (!w || !(w->ex_style & WS_EX_CONTROLPARENT) || (w->style & (WS_VISIBLE | WS_DISABLED)) != WS_VISIBLE ||
          !(down = first_child(p, hwnd)))
        break;
    }
    const uint32_t style = style_of(p, hwnd);
    if (style & WS_GROUP) {
      last_group = hwnd;
      if (!skipping) skipping = true;
    }
    if (hwnd == ctrl) {
      if (!skipping) break;
      if (last_group == hwnd) break;
      hwnd = last_group;
      skipping = false;
      looped = false;
    }
    if (!skipping && (style_of(p, hwnd) & (WS_VISIBLE | WS_DISABLED)) == WS_VISIBLE) {
      result = hwnd;
      if (!previous) break;
    }
  }
  return result;
}

uint64_t dialog_item(WindowsProcess& p, uint64_t dlg, int32_t id) {
  Window* d = find_window(p, dlg);
  if (!d) return 0;
  for (uint64_t h : d->children)
    if (Window* c = find_window(p, h); c && static_cast<int32_t>(c->id) == id) return h;
  return 0;
}

// The focus given to a control the dialog manager's way: an edit control's text selected.
void set_dialog_focus(WindowsProcess& p, uint64_t ctrl) {
  if (dlg_code(p, ctrl) & DLGC_HASSETSEL) send_message(p, ctrl, EM_SETSEL_, 0, 0x7fffffff);
  set_focus(p, ctrl);
}

void save_focus(WindowsProcess& p, uint64_t dlg) {
  const uint64_t f = focus_of_thread(p);
  if (f && is_child_of(p, dlg, f))
    if (DialogState* d = dialog_state(p, dlg)) d->focus = f;
}
void restore_focus(WindowsProcess& p, uint64_t dlg) {
  DialogState* d = dialog_state(p, dlg);
  Window* w = find_window(p, dlg);
  if (!d || !w || (w->style & WS_MINIMIZE)) return;
  uint64_t f = d->focus;
  if (!f || !is_child_of(p, dlg, f)) f = get_next_tab_item(p, dlg, 0, false);
  if (!f || !find_window(p, f)) f = 0;
  if (f) set_dialog_focus(p, f);
  else set_focus(p, dlg);
}

// The default push button: BS_DEFPUSHBUTTON moves to `to` (a push button) from the button that had it.
void set_default_button(WindowsProcess& p, uint64_t dlg, uint64_t to) {
  Window* d = find_window(p, dlg);
  if (!d) return;
  const std::vector<uint64_t> kids = d->children;
  for (uint64_t h : kids) {
    if (h == to) continue;
    if (dlg_code(p, h) & DLGC_DEFPUSHBUTTON) send_message(p, h, BM_SETSTYLE_, BS_PUSHBUTTON_, 1);
  }
  if (to && (dlg_code(p, to) & DLGC_UNDEFPUSHBUTTON)) send_message(p, to, BM_SETSTYLE_, BS_DEFPUSHBUTTON_, 1);
}

uint64_t def_dlg_default(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  DialogState& d = control_state<DialogState>(*w);
  switch (msg) {
    case WM_ERASEBKGND: {
      uint64_t brush = send_message(p, hwnd, WM_CTLCOLORDLG, wparam, hwnd, unicode);
      if (p.isa->ptr == 4) brush &= 0xffffffffu;
      if (!brush || !gdi32::gdi_table(p).find(static_cast<uint32_t>(brush)))
        brush = default_control_color(p, wparam, WM_CTLCOLORDLG);
      gdi32::DeviceContext* dc = gdi32::find_dc(p, wparam);
      if (!(w = find_window(p, hwnd)) || !dc) return 1;
      fill_with_brush(p, *dc, {0, 0, w->client.width(), w->client.height()}, brush);
      return 1;
    }
    case WM_NCDESTROY:
      if (d.owns_font && d.font) gdi32::gdi_table(p).remove(static_cast<uint32_t>(d.font));
      d.font = 0;
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_SHOWWINDOW:
      if (!wparam) save_focus(p, hwnd);
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_ACTIVATE:
      if (wparam & 0xffff) restore_focus(p, hwnd);
      else save_focus(p, hwnd);
      return 0;
    case WM_SETFOCUS:
      restore_focus(p, hwnd);
      return 0;
    case DM_SETDEFID: {
      if (d.ended) return 0;
      d.def_id = static_cast<uint32_t>(wparam & 0xffff);
      const uint64_t button = dialog_item(p, hwnd, static_cast<int32_t>(d.def_id));
      set_default_button(p, hwnd, button);
      return 1;
    }
    case DM_GETDEFID: {
      if (d.ended) return 0;
      if (d.def_id) return pack_words(static_cast<int32_t>(d.def_id), DC_HASDEFID);
      const std::vector<uint64_t> kids = w->children;
      for (uint64_t h : kids)
        if (dlg_code(p, h) & DLGC_DEFPUSHBUTTON)
          if (Window* c = find_window(p, h)) return pack_words(static_cast<int32_t>(c->id), DC_HASDEFID);
      return 0;
    }
    case WM_NEXTDLGCTL: {
      const uint64_t to = (lparam & 0xffff) ? wparam : get_next_tab_item(p, hwnd, focus_of_thread(p), wparam != 0);
      if (to && find_window(p, to)) {
        set_dialog_focus(p, to);
        // A push button taking the focus is the default one while it has it; elsewhere the
        // dialog's default id has it again.
        if (dlg_code(p, to) & (DLGC_UNDEFPUSHBUTTON | DLGC_DEFPUSHBUTTON)) {
          set_default_button(p, hwnd, to);
        } else if (DialogState* again = dialog_state(p, hwnd)) {
          const uint64_t def = again->def_id ? dialog_item(p, hwnd, static_cast<int32_t>(again->def_id)) : 0;
          if (def) set_default_button(p, hwnd, def);
        }
      }
      return 0;
    }
    case WM_GETFONT:
      return d.font;
    case WM_CLOSE: {
      const uint64_t cancel = dialog_item(p, hwnd, IDCANCEL);
      if (!cancel || !(style_of(p, cancel) & WS_DISABLED)) post_message(p, hwnd, WM_COMMAND, IDCANCEL, cancel);
      return 0;
    }
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace

uint64_t def_dlg_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  set_extra_ptr(p, *w, 0, 0);  // DWLP_MSGRESULT
  const uint64_t proc = dialog_proc_of(p, *w);
  const bool proc_unicode = control_state<DialogState>(*w).proc_unicode;
  uint64_t result = proc ? call_window_proc(p, proc, proc_unicode, hwnd, msg, wparam, lparam, unicode) : 0;
  if (p.isa->ptr == 4) result &= 0xffffffffu;
  if (!result && (w = find_window(p, hwnd))) {
    switch (msg) {
      case WM_ERASEBKGND: case WM_NCDESTROY: case WM_SHOWWINDOW: case WM_ACTIVATE: case WM_SETFOCUS:
      case DM_SETDEFID: case DM_GETDEFID: case WM_NEXTDLGCTL: case WM_GETFONT: case WM_CLOSE:
        return def_dlg_default(p, hwnd, msg, wparam, lparam, unicode);
      case WM_INITDIALOG: case 0x002e /* WM_VKEYTOITEM */: case 0x0039 /* WM_COMPAREITEM */:
      case 0x002f /* WM_CHARTOITEM */:
        break;
      default:
        return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    }
  }
  if ((msg >= WM_CTLCOLORMSGBOX && msg <= WM_CTLCOLORSTATIC) || msg == 0x0039 || msg == 0x002e || msg == 0x002f ||
      msg == 0x0037 /* WM_QUERYDRAGICON */ || msg == WM_INITDIALOG)
    return result;
  w = find_window(p, hwnd);
  return w ? extra_ptr(p, *w, 0) : 0;
}

namespace {

uint64_t dialog_class_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  return def_dlg_proc(p, hwnd, msg, wparam, lparam, unicode);
}

// ---- creation ----

// CreateDialogIndirectParam's work (`modal`: DialogBox's, which disables the owner): 0 if the
// dialog or a control (without DS_NOFAILCREATE) could not be made.
uint64_t create_dialog(WindowsProcess& p, uint64_t instance, uint64_t tmpl, uint64_t owner, uint64_t proc,
                       uint64_t param, bool unicode, bool modal) {
  if (!tmpl) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const Template t = parse_template(tmpl);
  uint32_t style = t.style, ex_style = t.ex_style;
  // The dialog font: the template's (its point size at 96 dots per inch), else the system font.
  uint64_t font = 0;
  if (t.has_font) {
    auto f = std::make_unique<gdi32::Font>();
    f->log.height = -mul_div(t.point_size == 0x7fff ? 8 : t.point_size, 96, 72);
    f->log.weight = t.weight ? t.weight : 400;
    f->log.italic = t.italic;
    f->log.char_set = t.charset;
    f->log.face = t.point_size == 0x7fff || t.face.empty() ? u"Tahoma" : t.face;
    font = gdi32::gdi_table(p).add(std::move(f));
  }
  int32_t base_x = 0, base_y = 0;
  font_base_units(p, font, base_x, base_y);
  if (style & DS_CONTROL) {
    style &= ~(WS_CAPTION | WS_SYSMENU);
    ex_style |= WS_EX_CONTROLPARENT;
  }
  if (style & DS_MODALFRAME) ex_style |= WS_EX_DLGMODALFRAME;
  if (!(style & WS_CHILD) && owner) {  // a pop-up dialog's owner is a top-level window
    for (Window* o = find_window(p, owner); o && (o->style & WS_CHILD); o = find_window(p, o->parent)) owner = o->parent;
  }
  Rect r{0, 0, mul_div(t.cx, base_x, 4), mul_div(t.cy, base_y, 8)};
  const Rect frame = window_rect_for_client(p, r, style, ex_style, t.menu != 0);
  int32_t x = mul_div(t.x, base_x, 4) + frame.left, y = mul_div(t.y, base_y, 8) + frame.top;
  const int32_t cx = frame.width(), cy = frame.height();
  WindowManager& wm = window_manager(p);
  if (style & DS_CENTER) {
    x = wm.screen.left + (wm.screen.width() - cx) / 2;
    y = wm.screen.top + (wm.screen.height() - cy) / 2;
  } else if (!(style & DS_ABSALIGN) && owner) {
    int32_t ox = 0, oy = 0;
    client_origin(p, owner, ox, oy);
    if (!(style & WS_CHILD)) x += ox, y += oy;
  }
  if (!(style & WS_CHILD)) {  // kept on the screen
    x = std::max(wm.screen.left, std::min(x, wm.screen.right - cx));
    y = std::max(wm.screen.top, std::min(y, wm.screen.bottom - cy));
  }
  if (t.x == static_cast<int16_t>(0x8000)) x = static_cast<int32_t>(0x80000000u);
  uint64_t menu = 0;
  (void)menu;  // (a template's menu waits for USER32's menus)
  const uint64_t cls = t.cls ? t.cls : kDialogAtom;
  // The owner is disabled before the dialog exists, as DialogBox does.
  bool owner_disabled = false;
  if (modal && owner) {
    Window* o = find_window(p, owner);
    if (o && !(o->style & WS_DISABLED)) owner_disabled = true, enable_window(p, owner, false);
  }
  const uint64_t hwnd = create_window(p, ex_style, cls, t.title, style & ~WS_VISIBLE, x, y, cx, cy, owner, 0,
                                         instance, 0, true);
  Window* w = find_window(p, hwnd);
  if (!w) {
    if (font) gdi32::gdi_table(p).remove(static_cast<uint32_t>(font));
    if (owner_disabled) enable_window(p, owner, true);
    return 0;
  }
  DialogState& d = control_state<DialogState>(*w);
  d.proc_unicode = unicode;
  d.font = font;
  d.owns_font = font != 0;
  d.base_x = base_x, d.base_y = base_y;
  d.owner_disabled = owner_disabled;
  set_extra_ptr(p, *w, 1, proc);  // DWLP_DLGPROC
  if (font) send_message(p, hwnd, WM_SETFONT, font, 0);
  // The controls, in the template's order (which is the tab order).
  for (const TemplateItem& item : t.items) {
    if (!find_window(p, hwnd)) return 0;
    uint64_t item_cls = item.cls;
    const char16_t* ordinal_name = item_cls && item_cls < 0x10000 ? ordinal_class(item_cls) : nullptr;
    std::optional<GuestText> named;
    if (ordinal_name) item_cls = named.emplace(p, ordinal_name).at;
    // (A control's WS_BORDER becomes a client edge, as Windows' and wine's dialog managers make it.)
    uint32_t item_style = item.style, item_ex_style = item.ex_style;
    if (item_style & 0x00800000u /* WS_BORDER */) item_style &= ~0x00800000u, item_ex_style |= 0x200u /* WS_EX_CLIENTEDGE */;
    const uint64_t ctrl = create_window(
        p, item_ex_style | WS_EX_NOPARENTNOTIFY, item_cls, item.title, item_style | WS_CHILD, mul_div(item.x, base_x, 4),
        mul_div(item.y, base_y, 8), mul_div(item.cx, base_x, 4), mul_div(item.cy, base_y, 8), hwnd, item.id, instance,
        item.data, true);
    if (!ctrl) {
      if (t.style & DS_NOFAILCREATE) continue;
      if (find_window(p, hwnd)) destroy_window(p, hwnd);
      if (owner_disabled) enable_window(p, owner, true);
      return 0;
    }
    if (font) send_message(p, ctrl, WM_SETFONT, font, 0);
    // The template's default push button gives the dialog its default id.
    if (dlg_code(p, ctrl) & DLGC_DEFPUSHBUTTON)
      if (DialogState* again = dialog_state(p, hwnd)) again->def_id = item.id & 0xffff;
  }
  if (!find_window(p, hwnd)) return 0;
  // WM_INITDIALOG with the first tab stop; TRUE asks for the focus to go there.
  uint64_t focus = get_next_tab_item(p, hwnd, 0, false);
  if (!focus) focus = get_next_group_item(p, hwnd, 0, false);
  const uint64_t wants = send_message(p, hwnd, WM_INITDIALOG, focus, param, unicode);
  if (!find_window(p, hwnd)) return 0;
  if ((p.isa->ptr == 4 ? (wants & 0xffffffffu) : wants) && (!(t.style & DS_CONTROL) || (t.style & WS_VISIBLE))) {
    focus = get_next_tab_item(p, hwnd, 0, false);
    if (!focus) focus = get_next_group_item(p, hwnd, 0, false);
    if (focus) {
      set_dialog_focus(p, focus);
      if (DialogState* again = dialog_state(p, hwnd)) again->focus = focus;
    } else if (!(t.style & WS_CHILD)) {
      set_focus(p, hwnd);
    }
  }
  if (!find_window(p, hwnd)) return 0;
  if ((t.style & WS_VISIBLE) && !(style_of(p, hwnd) & WS_VISIBLE)) {
    show_window_command(p, hwnd, 1 /* SW_SHOWNORMAL */);
    update_window(p, hwnd);
  }
  return find_window(p, hwnd) ? hwnd : 0;
}

}  // namespace

uint64_t dialog_resource(WindowsProcess& p, uint64_t instance, uint64_t name, bool wide, uint32_t* size) {
  const uint64_t res = find_resource(p, instance, 5 /* RT_DIALOG */, name, -1, wide);
  if (!res) return 0;
  return resource_data(p, instance, res, size);
}

namespace {

// ---- IsDialogMessage ----

// A mnemonic (&X) of a control's text: the control whose text has it, after the focus and around,
// gets the focus, or is clicked (buttons), or hands the focus to the next tab stop (a static).
bool mnemonic(WindowsProcess& p, uint64_t dlg, uint64_t from, char16_t ch) {
  if (!ch || ch == u'\t' || ch == u'\r' || ch == 0x1b) return false;
  auto lower = [](char16_t c) { return c < 0x80 ? static_cast<char16_t>(std::tolower(c)) : c; };
  std::vector<uint64_t> order = descendants(p, dlg);
  std::erase(order, dlg);
  if (order.empty()) return false;
  size_t start = 0;
  if (const auto it = std::find(order.begin(), order.end(), from); it != order.end()) start = (it - order.begin()) + 1;
  for (size_t k = 0; k < order.size(); ++k) {
    const uint64_t h = order[(start + k) % order.size()];
    Window* w = find_window(p, h);
    if (!w || (w->style & (WS_VISIBLE | WS_DISABLED)) != WS_VISIBLE) continue;
    const uint32_t code = dlg_code(p, h);
    if ((code & DLGC_STATIC) && w->cls && same_name(w->cls->name, u"Static") && (w->style & SS_NOPREFIX_)) continue;
    if (!(code & (DLGC_STATIC | DLGC_BUTTON | DLGC_UNDEFPUSHBUTTON | DLGC_DEFPUSHBUTTON | DLGC_RADIOBUTTON))) continue;
    const std::u16string& text = w->text;
    bool match = false;
    for (size_t i = 0; i + 1 < text.size(); ++i) {
      if (text[i] != u'&') continue;
      if (text[i + 1] == u'&') { ++i; continue; }
      match = lower(text[i + 1]) == lower(ch);
      break;
    }
    if (!match) continue;
    if (code & DLGC_STATIC) {  // a label names the control after it
      if (const uint64_t next = get_next_tab_item(p, dlg, h, false)) send_message(p, dlg, WM_NEXTDLGCTL, next, 1);
    } else if (code & (DLGC_UNDEFPUSHBUTTON | DLGC_DEFPUSHBUTTON)) {
      send_message(p, h, BM_CLICK_, 0, 0);
    } else {
      send_message(p, dlg, WM_NEXTDLGCTL, h, 1);
      if (find_window(p, h)) send_message(p, h, BM_CLICK_, 0, 0);
    }
    return true;
  }
  return false;
}

}  // namespace

bool is_dialog_message(WindowsProcess& p, uint64_t dlg, const Message& m, uint64_t msg_addr, bool unicode) {
  if (!find_window(p, dlg)) return false;
  if (m.hwnd != dlg && !is_child_of(p, dlg, m.hwnd)) return false;
  uint32_t code = 0;
  switch (m.message) {
    case WM_KEYDOWN: {
      code = dlg_code(p, m.hwnd, m.wparam, msg_addr);
      if (code & (DLGC_WANTALLKEYS | DLGC_WANTMESSAGE)) break;
      switch (m.wparam) {
        case VK_TAB:
          if (code & DLGC_WANTTAB) break;
          send_message(p, dlg, WM_NEXTDLGCTL, key_down(p, VK_SHIFT) ? 1 : 0, 0);
          return true;
        case VK_RIGHT: case VK_DOWN: case VK_LEFT: case VK_UP: {
          if (code & DLGC_WANTARROWS) break;
          const bool previous = m.wparam == VK_LEFT || m.wparam == VK_UP;
          const uint64_t next = get_next_group_item(p, dlg, m.hwnd, previous);
          if (next && dlg_code(p, next, m.wparam, msg_addr) == (DLGC_BUTTON | DLGC_RADIOBUTTON)) {
            set_focus(p, next);
            if ((style_of(p, next) & BS_TYPEMASK_) == BS_AUTORADIOBUTTON_ && send_message(p, next, BM_GETCHECK_, 0, 0) != 1)
              send_message(p, next, BM_CLICK_, 1, 0);
          } else {
            send_message(p, dlg, WM_NEXTDLGCTL, next, 1);
          }
          return true;
        }
        case 0x03 /* VK_CANCEL */: case VK_ESCAPE:
          send_message(p, dlg, WM_COMMAND, IDCANCEL, dialog_item(p, dlg, IDCANCEL));
          return true;
        case 0x2b /* VK_EXECUTE */: case VK_RETURN: {
          const uint64_t f = focus_of_thread(p);
          uint64_t dw = 0;
          if (is_child_of(p, dlg, f) && (dlg_code(p, f) & DLGC_DEFPUSHBUTTON)) {
            Window* fw = find_window(p, f);
            send_message(p, dlg, WM_COMMAND, pack_words(fw ? static_cast<int32_t>(fw->id) : 0, 0), f);
          } else if (((dw = send_message(p, dlg, DM_GETDEFID, 0, 0)) >> 16 & 0xffff) == DC_HASDEFID) {
            const uint64_t def = dialog_item(p, dlg, static_cast<int32_t>(dw & 0xffff));
            if (!def || !(style_of(p, def) & WS_DISABLED))
              send_message(p, dlg, WM_COMMAND, pack_words(static_cast<int32_t>(dw & 0xffff), 0), def);
          } else {
            send_message(p, dlg, WM_COMMAND, IDOK, dialog_item(p, dlg, IDOK));
          }
          return true;
        }
        default:
          break;
      }
      break;
    }
    case WM_CHAR:
      code = dlg_code(p, m.hwnd, m.wparam, msg_addr);
      if (code & (DLGC_WANTCHARS | DLGC_WANTMESSAGE)) break;
      if (m.wparam == u'\t' && (code & DLGC_WANTTAB)) break;
      // (IsDialogMessageA's character is the ANSI code page's.)
      if (mnemonic(p, dlg, m.hwnd, static_cast<char16_t>(unicode ? m.wparam : char_message_wparam(m.wparam, false)))) return true;
      break;
    case WM_SYSCHAR:
      if (mnemonic(p, dlg, m.hwnd, static_cast<char16_t>(unicode ? m.wparam : char_message_wparam(m.wparam, false)))) return true;
      break;
    default:
      break;
  }
  translate_message(p, m);
  dispatch_message(p, m, unicode);
  return true;
}

namespace {

// DialogBox's modal loop: the dialog shown when the queue first runs dry, messages through
// IsDialogMessage until EndDialog; the dialog's result.
int64_t run_modal(WindowsProcess& p, uint64_t hwnd, uint64_t owner) {
  bool first_empty = true;
  DialogState* d = dialog_state(p, hwnd);
  if (!d) return -1;
  while (!d->ended) {
    Message m;
    if (!poll_message(p, m)) {
      if (first_empty) {
        show_window_command(p, hwnd, 1 /* SW_SHOWNORMAL */);
        first_empty = false;
      }
      if (!find_window(p, hwnd)) return 0;
      if (owner && !(style_of(p, hwnd) & DS_NOIDLEMSG)) send_message(p, owner, WM_ENTERIDLE_, MSGF_DIALOGBOX, hwnd);
      if (!(d = dialog_state(p, hwnd))) return 0;
      if (d->ended) break;
      wait_message(p, m);
    }
    if (m.message == WM_QUIT || p.stopping()) {
      own_queue(p).quit = true;  // (for the program's own loop, as PostQuitMessage left it)
      own_queue(p).quit_code = static_cast<int32_t>(m.wparam);
      if (!find_window(p, hwnd)) return 0;
      break;
    }
    if (!(d = dialog_state(p, hwnd))) return 0;
    if (!d->ended) {
      // The message as a MSG of the program's width: controls learn from WM_GETDLGCODE's MSG
      // that they are in a dialog (a multi-line edit then gives Tab and Enter to the dialog).
      const unsigned w = p.isa->ptr;
      const uint64_t at = p.heap.alloc(4 * w + 16, true);
      p.put_ptr(at, m.hwnd), put<uint32_t>(at + w, m.message), p.put_ptr(at + 2 * w, m.wparam);
      p.put_ptr(at + 3 * w, m.lparam), put<uint32_t>(at + 4 * w, m.time);
      put<int32_t>(at + 4 * w + 4, m.x), put<int32_t>(at + 4 * w + 8, m.y);
      // (What is not for the dialog, such as the WM_PAINT of the window a message box asked from
      // is dispatched as DialogBox's loop does: left, it came back forever.)
      if (!is_dialog_message(p, hwnd, m, at, true)) {
        translate_message(p, m);
        dispatch_message(p, m, true);
      }
      p.heap.free(at);
    }
    if (!(d = dialog_state(p, hwnd))) return 0;
    if (first_empty && m.message == WM_TIMER) {
      show_window_command(p, hwnd, 1);
      first_empty = false;
    }
  }
  d = dialog_state(p, hwnd);
  const int64_t result = d ? d->result : 0;
  destroy_window(p, hwnd);
  return result;
}

int64_t dialog_box(WindowsProcess& p, uint64_t instance, uint64_t tmpl, uint64_t owner, uint64_t proc, uint64_t param,
                   bool unicode) {
  if (owner && !find_window(p, owner)) return fail(p, ERROR_INVALID_WINDOW_HANDLE), 0;
  const uint64_t hwnd = create_dialog(p, instance, tmpl, owner, proc, param, unicode, true);
  if (!hwnd) return -1;
  Window* w = find_window(p, hwnd);
  const uint64_t real_owner = w ? w->owner : 0;
  return run_modal(p, hwnd, real_owner);
}

BOOL EndDialog(WindowsProcess& p, Ptr hwnd, USize result);

}  // namespace

bool end_dialog(WindowsProcess& p, uint64_t hwnd, int64_t result) { return EndDialog(p, hwnd, static_cast<uint64_t>(result)) != 0; }

int64_t run_dialog(WindowsProcess& p, uint64_t instance, uint64_t tmpl, uint64_t owner, uint64_t proc, uint64_t param,
                   bool unicode) {
  return dialog_box(p, instance, tmpl, owner, proc, param, unicode);
}

uint64_t make_modeless_dialog(WindowsProcess& p, uint64_t instance, uint64_t tmpl, uint64_t owner, uint64_t proc,
                              uint64_t param, bool unicode) {
  return create_dialog(p, instance, tmpl, owner, proc, param, unicode, false);
}

namespace {

// ---- exports ----

Ptr CreateDialogIndirectParamW(WindowsProcess& p, Ptr inst, Ptr tmpl, Ptr owner, Ptr proc, USize param) {
  return create_dialog(p, inst.addr, tmpl.addr, owner.addr, proc.addr, param, true, false);
}
Ptr CreateDialogIndirectParamA(WindowsProcess& p, Ptr inst, Ptr tmpl, Ptr owner, Ptr proc, USize param) {
  return create_dialog(p, inst.addr, tmpl.addr, owner.addr, proc.addr, param, false, false);
}
Ptr CreateDialogParamW(WindowsProcess& p, Ptr inst, Ptr name, Ptr owner, Ptr proc, USize param) {
  const uint64_t t = dialog_resource(p, inst.addr, name.addr, true);
  return t ? create_dialog(p, inst.addr, t, owner.addr, proc.addr, param, true, false) : 0;
}
Ptr CreateDialogParamA(WindowsProcess& p, Ptr inst, Ptr name, Ptr owner, Ptr proc, USize param) {
  const uint64_t t = dialog_resource(p, inst.addr, name.addr, false);
  return t ? create_dialog(p, inst.addr, t, owner.addr, proc.addr, param, false, false) : 0;
}
USize DialogBoxIndirectParamW(WindowsProcess& p, Ptr inst, Ptr tmpl, Ptr owner, Ptr proc, USize param) {
  return static_cast<uint64_t>(dialog_box(p, inst.addr, tmpl.addr, owner.addr, proc.addr, param, true));
}
USize DialogBoxIndirectParamA(WindowsProcess& p, Ptr inst, Ptr tmpl, Ptr owner, Ptr proc, USize param) {
  return static_cast<uint64_t>(dialog_box(p, inst.addr, tmpl.addr, owner.addr, proc.addr, param, false));
}
USize DialogBoxParamW(WindowsProcess& p, Ptr inst, Ptr name, Ptr owner, Ptr proc, USize param) {
  const uint64_t t = dialog_resource(p, inst.addr, name.addr, true);
  return t ? static_cast<uint64_t>(dialog_box(p, inst.addr, t, owner.addr, proc.addr, param, true)) : ~uint64_t{0};
}
USize DialogBoxParamA(WindowsProcess& p, Ptr inst, Ptr name, Ptr owner, Ptr proc, USize param) {
  const uint64_t t = dialog_resource(p, inst.addr, name.addr, false);
  return t ? static_cast<uint64_t>(dialog_box(p, inst.addr, t, owner.addr, proc.addr, param, false)) : ~uint64_t{0};
}

// EndDialog: the result kept, the owner enabled again, the dialog hidden; the modal loop (woken
// by a WM_NULL) ends and destroys it.
BOOL EndDialog(WindowsProcess& p, Ptr hwnd, USize result) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  DialogState& d = control_state<DialogState>(*w);
  d.result = static_cast<int64_t>(result);
  d.ended = true;
  const uint64_t owner = w->owner;
  if (owner && d.owner_disabled) {
    d.owner_disabled = false;
    enable_window(p, owner, true);
  }
  set_window_position(p, hwnd.addr, 0, 0, 0, 0, 0,
                      SWP_NOMOVE | SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE | SWP_HIDEWINDOW);
  if (owner && find_window(p, owner) && own_queue(p).input->active == 0) set_active_window(p, owner);
  post_message(p, hwnd.addr, WM_NULL, 0, 0);
  return TRUE;
}

USize DefDlgProcW(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) { return def_dlg_proc(p, hwnd.addr, msg, wp, lp, true); }
USize DefDlgProcA(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) { return def_dlg_proc(p, hwnd.addr, msg, wp, lp, false); }

// MSG: hwnd, message, wParam, lParam, time, pt.
Message read_message(WindowsProcess& p, uint64_t at) {
  const unsigned w = p.isa->ptr;
  Message m;
  m.hwnd = p.get_ptr(at);
  m.message = get<uint32_t>(at + w);
  m.wparam = p.get_ptr(at + 2 * w);
  m.lparam = p.get_ptr(at + 3 * w);
  m.time = get<uint32_t>(at + 4 * w);
  m.x = get<int32_t>(at + 4 * w + 4), m.y = get<int32_t>(at + 4 * w + 8);
  return m;
}
BOOL IsDialogMessageW(WindowsProcess& p, Ptr dlg, Ptr msg) {
  if (!msg) return FALSE;
  return is_dialog_message(p, dlg.addr, read_message(p, msg.addr), msg.addr, true);
}
BOOL IsDialogMessageA(WindowsProcess& p, Ptr dlg, Ptr msg) {
  if (!msg) return FALSE;
  return is_dialog_message(p, dlg.addr, read_message(p, msg.addr), msg.addr, false);
}

Ptr GetNextDlgTabItem(WindowsProcess& p, Ptr dlg, Ptr ctrl, BOOL previous) {
  if (!window_or_fail(p, dlg.addr)) return 0;
  return get_next_tab_item(p, dlg.addr, ctrl.addr, previous != 0);
}
Ptr GetNextDlgGroupItem(WindowsProcess& p, Ptr dlg, Ptr ctrl, BOOL previous) {
  if (!window_or_fail(p, dlg.addr)) return 0;
  return get_next_group_item(p, dlg.addr, ctrl.addr, previous != 0);
}

USize SendDlgItemMessageW(WindowsProcess& p, Ptr dlg, int32_t id, uint32_t msg, USize wp, USize lp) {
  const uint64_t c = dialog_item(p, dlg.addr, id);
  return c ? send_message(p, c, msg, wp, lp, true) : 0;
}
USize SendDlgItemMessageA(WindowsProcess& p, Ptr dlg, int32_t id, uint32_t msg, USize wp, USize lp) {
  const uint64_t c = dialog_item(p, dlg.addr, id);
  return c ? send_message(p, c, msg, wp, lp, false) : 0;
}
BOOL SetDlgItemTextW(WindowsProcess& p, Ptr dlg, int32_t id, Ptr text) {
  return static_cast<BOOL>(SendDlgItemMessageW(p, dlg, id, WM_SETTEXT, 0, text.addr));
}
BOOL SetDlgItemTextA(WindowsProcess& p, Ptr dlg, int32_t id, Ptr text) {
  return static_cast<BOOL>(SendDlgItemMessageA(p, dlg, id, WM_SETTEXT, 0, text.addr));
}
uint32_t GetDlgItemTextW(WindowsProcess& p, Ptr dlg, int32_t id, Ptr buf, int32_t size) {
  if (buf && size > 0) put<uint16_t>(buf.addr, 0);
  return static_cast<uint32_t>(SendDlgItemMessageW(p, dlg, id, WM_GETTEXT, static_cast<uint32_t>(size), buf.addr));
}
uint32_t GetDlgItemTextA(WindowsProcess& p, Ptr dlg, int32_t id, Ptr buf, int32_t size) {
  if (buf && size > 0) put<uint8_t>(buf.addr, 0);
  return static_cast<uint32_t>(SendDlgItemMessageA(p, dlg, id, WM_GETTEXT, static_cast<uint32_t>(size), buf.addr));
}
BOOL SetDlgItemInt(WindowsProcess& p, Ptr dlg, int32_t id, uint32_t value, BOOL is_signed) {
  const std::string s = is_signed ? std::to_string(static_cast<int32_t>(value)) : std::to_string(value);
  const GuestText text(p, utf8_to_utf16(s));
  SendDlgItemMessageW(p, dlg, id, WM_SETTEXT, 0, text.at);
  return TRUE;
}
// GetDlgItemInt: the text read as strtol or strtoul read it (blanks, a sign, decimal digits; an
// unsigned read of "-7" wraps around as strtoul's does); FALSE in *translated for no number or
// one out of range.
uint32_t GetDlgItemInt(WindowsProcess& p, Ptr dlg, int32_t id, Ptr translated, BOOL is_signed) {
  if (translated) put<int32_t>(translated.addr, 0);
  const uint64_t c = dialog_item(p, dlg.addr, id);
  if (!c) return 0;
  const uint64_t buf = p.heap.alloc(64, true);
  send_message(p, c, WM_GETTEXT, 30, buf, false);
  const std::string s(reinterpret_cast<const char*>(buf));
  p.heap.free(buf);
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  if (i >= s.size() || s[i] < '0' || s[i] > '9') return 0;
  uint64_t v = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
    if (v > 0xffffffffull) return 0;
  }
  if (is_signed && (negative ? v > 0x80000000ull : v > 0x7fffffffull)) return 0;
  if (translated) put<int32_t>(translated.addr, 1);
  return negative ? static_cast<uint32_t>(-static_cast<int64_t>(v)) : static_cast<uint32_t>(v);
}
BOOL CheckDlgButton(WindowsProcess& p, Ptr dlg, int32_t id, uint32_t check) {
  SendDlgItemMessageW(p, dlg, id, BM_SETCHECK_, check, 0);
  return TRUE;
}
uint32_t IsDlgButtonChecked(WindowsProcess& p, Ptr dlg, int32_t id) {
  return static_cast<uint32_t>(SendDlgItemMessageW(p, dlg, id, BM_GETCHECK_, 0, 0));
}
// CheckRadioButton: every child whose id is in the range checked or not.
BOOL CheckRadioButton(WindowsProcess& p, Ptr dlg, int32_t first, int32_t last, int32_t check) {
  Window* d = window_or_fail(p, dlg.addr);
  if (!d) return FALSE;
  for (uint64_t h : descendants(p, dlg.addr)) {
    Window* c = find_window(p, h);
    if (!c || h == dlg.addr) continue;
    const int32_t id = static_cast<int32_t>(c->id);
    if (id >= first && id <= last) send_message(p, h, BM_SETCHECK_, id == check ? 1 : 0, 0);
  }
  return TRUE;
}

int32_t GetDialogBaseUnits(WindowsProcess& p) {
  int32_t x = 0, y = 0;
  font_base_units(p, 0, x, y);
  return static_cast<int32_t>(pack_words(x, y));
}
BOOL MapDialogRect(WindowsProcess& p, Ptr hwnd, Ptr rect) {
  Window* w = window_or_fail(p, hwnd.addr);
  DialogState* d = w ? dynamic_cast<DialogState*>(w->control.get()) : nullptr;
  if (!d || !rect) return FALSE;
  Rect r = get<Rect>(rect.addr);
  r = {mul_div(r.left, d->base_x, 4), mul_div(r.top, d->base_y, 8), mul_div(r.right, d->base_x, 4),
       mul_div(r.bottom, d->base_y, 8)};
  put<Rect>(rect.addr, r);
  return TRUE;
}

}  // namespace

const ControlClass& dialog_class() {
  static const Export entry = EXPORT("DefDlgProcW", control_entry<dialog_class_proc>);
  static const ControlClass c{u"#32770", 0x0800 /* CS_SAVEBITS */ | 0x0008 /* CS_DBLCLKS */, 30 /* DLGWINDOWEXTRA */,
                              dialog_class_proc, &entry, 32512 /* IDC_ARROW */, 0};
  return c;
}

const std::vector<Export>& dialog_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateDialogIndirectParamW", CreateDialogIndirectParamW),
      EXPORT("CreateDialogIndirectParamA", CreateDialogIndirectParamA),
      EXPORT("CreateDialogParamW", CreateDialogParamW),
      EXPORT("CreateDialogParamA", CreateDialogParamA),
      EXPORT("DialogBoxIndirectParamW", DialogBoxIndirectParamW),
      EXPORT("DialogBoxIndirectParamA", DialogBoxIndirectParamA),
      EXPORT("DialogBoxParamW", DialogBoxParamW),
      EXPORT("DialogBoxParamA", DialogBoxParamA),
      EXPORT("EndDialog", EndDialog),
      EXPORT("DefDlgProcW", DefDlgProcW),
      EXPORT("DefDlgProcA", DefDlgProcA),
      EXPORT("IsDialogMessageW", IsDialogMessageW),
      EXPORT("IsDialogMessageA", IsDialogMessageA),
      EXPORT("IsDialogMessage", IsDialogMessageA),
      EXPORT("GetNextDlgTabItem", GetNextDlgTabItem),
      EXPORT("GetNextDlgGroupItem", GetNextDlgGroupItem),
      EXPORT("SendDlgItemMessageW", SendDlgItemMessageW),
      EXPORT("SendDlgItemMessageA", SendDlgItemMessageA),
      EXPORT("SetDlgItemTextW", SetDlgItemTextW),
      EXPORT("SetDlgItemTextA", SetDlgItemTextA),
      EXPORT("GetDlgItemTextW", GetDlgItemTextW),
      EXPORT("GetDlgItemTextA", GetDlgItemTextA),
      EXPORT("SetDlgItemInt", SetDlgItemInt),
      EXPORT("GetDlgItemInt", GetDlgItemInt),
      EXPORT("CheckDlgButton", CheckDlgButton),
      EXPORT("IsDlgButtonChecked", IsDlgButtonChecked),
      EXPORT("CheckRadioButton", CheckRadioButton),
      EXPORT("GetDialogBaseUnits", GetDialogBaseUnits),
      EXPORT("MapDialogRect", MapDialogRect),
  };
  return e;
}

}  // namespace polyrun::shims::user32
