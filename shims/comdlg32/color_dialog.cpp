// ChooseColor: a dialog of polyrun's own with the 48 basic colours and the 16 custom ones as
// swatches (a click picks one), and, opened full (CC_FULLOPEN, or "Define Custom Colors >>"), the
// colour chosen shown beside red, green and blue edits (0 to 255, typed or reached by their
// labels' mnemonics) and "Add to Custom Colors", which puts it in the next custom swatch. OK
// answers with the colour in rgbResult and the custom colours written back to lpCustColors.
// CC_RGBINIT starts from rgbResult (else black). Hooks and custom templates are not supported (a
// line on stderr says so; the dialog is the standard one).
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "shims/gdi32/exports.h"
#include "shims/comdlg32/comdlg32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comdlg32 {

namespace {

enum : uint32_t {
  CC_RGBINIT = 0x1, CC_FULLOPEN = 0x2, CC_PREVENTFULLOPEN = 0x4, CC_ENABLEHOOK = 0x10, CC_ENABLETEMPLATE = 0x20,
  CC_ENABLETEMPLATEHANDLE = 0x40,
  kIdHueEdit = 703, kIdRedEdit = 706, kIdGreenEdit = 707, kIdBlueEdit = 708, kIdPreview = 709, kIdAddCustom = 712,
  kIdDefineCustom = 719, kIdBasic = 0x2000, kIdCustom = 0x2100, kIdRightLabel = 0x2200,
  kColorEmLimit = 0xc5, kColorEnChange = 0x300, kColorCtlStatic = 0x138,
};

// The basic colours, as Windows' dialog shows them (6 rows of 8).
constexpr uint32_t kBasicColors[48] = {
    0x8080ff, 0x80ffff, 0x80ff80, 0x80ff00, 0xffff80, 0xff8000, 0xc080ff, 0xff80ff, 0x0000ff, 0x00ffff, 0x00ff80,
    0x40ff00, 0xffff00, 0xc08000, 0xc08080, 0xff00ff, 0x404080, 0x4080ff, 0x00ff00, 0x808000, 0x804000, 0xff8080,
    0x400080, 0x8000ff, 0x000080, 0x0080ff, 0x008000, 0x408000, 0xff0000, 0xa00000, 0x800080, 0xff0080, 0x000040,
    0x004080, 0x004000, 0x404000, 0x800000, 0x400000, 0x400040, 0x800040, 0x000000, 0x008080, 0x408080, 0x808080,
    0x808040, 0xc0c0c0, 0x400040, 0xffffff,
};

struct ColorDialog {
  WindowsProcess* p;
  uint64_t cc;
  uint32_t flags;
  uint32_t color = 0;
  uint32_t custom[16] = {};
  int next_custom = 0;
  bool updating = false;
  bool full = false;
  std::map<uint64_t, uint64_t> brushes;  // swatch or preview window → its brush
  user32::Rect wide_frame;                        // the dialog's size opened full
};
std::map<uint64_t, std::unique_ptr<ColorDialog>>& color_dialogs() {
  static std::map<uint64_t, std::unique_ptr<ColorDialog>> d;
  return d;
}

// GDI32's exports, called as the program would.
uint64_t gdi_call(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  const Export* e = kGdi32.find(name);
  if (!e) return 0;
  return p.call_guest(p.export_thunk(&kGdi32, "GDI32.dll", name, e), args);
}

void set_brush(ColorDialog& d, uint64_t hwnd, uint32_t color) {
  WindowsProcess& p = *d.p;
  if (const auto it = d.brushes.find(hwnd); it != d.brushes.end()) gdi_call(p, "DeleteObject", {it->second});
  d.brushes[hwnd] = gdi_call(p, "CreateSolidBrush", {color});
  user32::invalidate_rect(p, hwnd, nullptr, true);
}

// The colour chosen shown: the preview and (unless they are being typed in) the edits.
void show_color(ColorDialog& d, uint64_t dlg, bool edits) {
  WindowsProcess& p = *d.p;
  set_brush(d, dialog_item(p, dlg, kIdPreview), d.color);
  if (!edits) return;
  d.updating = true;
  const uint32_t parts[3] = {d.color & 0xff, (d.color >> 8) & 0xff, (d.color >> 16) & 0xff};
  const uint32_t ids[3] = {kIdRedEdit, kIdGreenEdit, kIdBlueEdit};
  for (int i = 0; i < 3; ++i) set_window_text(p, dialog_item(p, dlg, ids[i]), utf8_to_utf16(std::to_string(parts[i])));
  d.updating = false;
}

// The right-hand part (the colour and its edits) shown or not, the dialog sized to match.
void open_full(ColorDialog& d, uint64_t dlg, bool full) {
  WindowsProcess& p = *d.p;
  d.full = full;
  user32::Window* w = user32::find_window(p, dlg);
  if (!w) return;
  for (uint64_t c : std::vector<uint64_t>(w->children)) {
    const user32::Window* cw = user32::find_window(p, c);
    if (cw && cw->id >= kIdHueEdit && cw->id <= kIdDefineCustom && cw->id != kIdDefineCustom)
      user32::show_window_command(p, c, full ? 5 /* SW_SHOW */ : 0 /* SW_HIDE */);
    if (cw && cw->id >= kIdRightLabel && cw->id < kIdRightLabel + 16)
      user32::show_window_command(p, c, full ? 5 : 0);
  }
  if (const uint64_t define = dialog_item(p, dlg, kIdDefineCustom))
    user32::enable_window(p, define, !full && !(d.flags & CC_PREVENTFULLOPEN));
  if (!full) {
    // The dialog as wide as its left part: the right edge of its Cancel button and a margin.
    const uint64_t cancel = dialog_item(p, dlg, 2);
    const user32::Window* cw = user32::find_window(p, cancel);
    if (!cw) return;
    const int32_t width = cw->window.right + (cw->window.left > 8 ? 8 : 4);
    const user32::Rect frame = user32::window_rect_for_client(p, {0, 0, width, w->client.height()}, w->style, w->ex_style, false);
    user32::set_window_position(p, dlg, 0, 0, 0, frame.width(), frame.height(),
                                0x2 /* SWP_NOMOVE */ | 0x4 /* SWP_NOZORDER */ | 0x10 /* SWP_NOACTIVATE */);
  } else if (d.wide_frame.width() > 0) {
    user32::set_window_position(p, dlg, 0, 0, 0, d.wide_frame.width(), d.wide_frame.height(), 0x2 | 0x4 | 0x10);
  }
}

USize color_dialog_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wparam, USize lparam) {
  const uint64_t dlg = hwnd.addr;
  if (msg == user32::WM_INITDIALOG) {
    remember_key(p, dlg, lparam);
    const auto it = color_dialogs().find(lparam);
    if (it == color_dialogs().end()) return TRUE;
    ColorDialog& d = *it->second;
    for (int i = 0; i < 48; ++i) set_brush(d, dialog_item(p, dlg, kIdBasic + i), kBasicColors[i]);
    for (int i = 0; i < 16; ++i) set_brush(d, dialog_item(p, dlg, kIdCustom + i), d.custom[i]);
    for (uint32_t id : {kIdRedEdit, kIdGreenEdit, kIdBlueEdit})
      user32::send_message(p, dialog_item(p, dlg, id), kColorEmLimit, 3, 0);
    show_color(d, dlg, true);
    if (const user32::Window* w = user32::find_window(p, dlg)) d.wide_frame = {0, 0, w->window.width(), w->window.height()};
    if (!(d.flags & CC_FULLOPEN)) open_full(d, dlg, false);
    user32::set_focus(p, dialog_item(p, dlg, 1));
    return FALSE;
  }
  const auto it = color_dialogs().find(key_of(p, dlg));
  if (it == color_dialogs().end()) return FALSE;
  ColorDialog& d = *it->second;
  if (msg == kColorCtlStatic) {
    const auto b = d.brushes.find(lparam);
    return b == d.brushes.end() ? FALSE : b->second;
  }
  if (msg != 0x0111 /* WM_COMMAND */) return FALSE;
  const uint32_t id = wparam & 0xffff, code = (wparam >> 16) & 0xffff;
  if (id == 1 || id == 2) {
    if (id == 1) {
      const uint64_t custom = p.get_ptr(d.cc + 4 * p.isa->ptr);
      if (custom)
        for (int i = 0; i < 16; ++i) put<uint32_t>(custom + 4 * i, d.custom[i]);
      put<uint32_t>(d.cc + 3 * p.isa->ptr, d.color);
    }
    set_dialog_error(0);
    user32::end_dialog(p, dlg, id == 1 ? 1 : 0);
    return TRUE;
  }
  if (id >= kIdBasic && id < kIdBasic + 48 && code == 0 /* STN_CLICKED */) {
    d.color = kBasicColors[id - kIdBasic];
    show_color(d, dlg, true);
  } else if (id >= kIdCustom && id < kIdCustom + 16 && code == 0) {
    d.color = d.custom[id - kIdCustom];
    d.next_custom = static_cast<int>(id - kIdCustom);
    show_color(d, dlg, true);
  } else if (id >= kIdRedEdit && id <= kIdBlueEdit && code == kColorEnChange && !d.updating) {
    const std::string s = utf16_to_utf8(window_text(p, dialog_item(p, dlg, id)));
    uint32_t v = 0;
    for (char c : s)
      if (c >= '0' && c <= '9') v = std::min<uint32_t>(v * 10 + (c - '0'), 255);
    const int shift = 8 * static_cast<int>(id - kIdRedEdit);
    d.color = (d.color & ~(0xffu << shift)) | (v << shift);
    show_color(d, dlg, false);
  } else if (id == kIdAddCustom) {
    d.custom[d.next_custom] = d.color;
    set_brush(d, dialog_item(p, dlg, kIdCustom + d.next_custom), d.color);
    d.next_custom = (d.next_custom + 1) % 16;
  } else if (id == kIdDefineCustom) {
    open_full(d, dlg, true);
    user32::set_focus(p, dialog_item(p, dlg, kIdRedEdit));
  } else {
    return FALSE;
  }
  return TRUE;
}

// CHOOSECOLOR: lStructSize, hwndOwner, hInstance, rgbResult, lpCustColors, Flags, lCustData,
// lpfnHook, lpTemplateName.
BOOL choose_color(WindowsProcess& p, uint64_t cc) {
  set_dialog_error(0);
  const unsigned w = p.isa->ptr;
  if (!cc) {
    set_dialog_error(2);  // CDERR_INITIALIZATION
    return FALSE;
  }
  if (get<uint32_t>(cc) != (w == 8 ? 72u : 36u)) {
    set_dialog_error(1);  // CDERR_STRUCTSIZE
    return FALSE;
  }
  if (cancelled_without_display(p, "ChooseColor")) return FALSE;
  const uint64_t custom_at = p.get_ptr(cc + 4 * w);
  const uint32_t flags = get<uint32_t>(cc + 5 * w);
  if (flags & (CC_ENABLEHOOK | CC_ENABLETEMPLATE | CC_ENABLETEMPLATEHANDLE)) {
    std::fflush(stdout);
    std::fprintf(stderr, "ChooseColor: hook procedures and custom templates are not supported: the standard dialog shows\n");
  }
  auto d = std::make_unique<ColorDialog>();
  d->p = &p;
  d->cc = cc;
  d->flags = flags;
  d->color = (flags & CC_RGBINIT) ? get<uint32_t>(cc + 3 * w) & 0xffffff : 0;
  if (custom_at)
    for (int i = 0; i < 16; ++i) d->custom[i] = get<uint32_t>(custom_at + 4 * i);
  std::vector<DialogItem> items;
  items.push_back({u"Static", u"&Basic colors:", 0xffff, 0, 4, 4, 140, 9});
  for (int i = 0; i < 48; ++i)
    items.push_back({u"Static", u"", static_cast<uint16_t>(kIdBasic + i), 0x100 /* SS_NOTIFY */ | 0x1000 /* SS_SUNKEN */,
                     static_cast<int16_t>(6 + (i % 8) * 18), static_cast<int16_t>(15 + (i / 8) * 14), 14, 11});
  items.push_back({u"Static", u"&Custom colors:", 0xffff, 0, 4, 102, 140, 9});
  for (int i = 0; i < 16; ++i)
    items.push_back({u"Static", u"", static_cast<uint16_t>(kIdCustom + i), 0x100 | 0x1000,
                     static_cast<int16_t>(6 + (i % 8) * 18), static_cast<int16_t>(113 + (i / 8) * 14), 14, 11});
  items.push_back({u"Button", u"&Define Custom Colors >>", kIdDefineCustom, user32::WS_TABSTOP, 4, 146, 142, 14});
  items.push_back({u"Button", u"OK", 1, user32::WS_TABSTOP | 0x1 /* BS_DEFPUSHBUTTON */, 4, 166, 66, 14});
  items.push_back({u"Button", u"Cancel", 2, user32::WS_TABSTOP, 80, 166, 66, 14});
  // The right-hand part.
  items.push_back({u"Static", u"", kIdPreview, 0x1000, 160, 15, 60, 40});
  items.push_back({u"Static", u"Color", kIdRightLabel, 0, 160, 57, 60, 9});
  const char16_t* labels[3] = {u"&Red:", u"&Green:", u"Bl&ue:"};
  for (int i = 0; i < 3; ++i) {
    items.push_back({u"Static", labels[i], static_cast<uint16_t>(kIdRightLabel + 1 + i), 0x2 /* SS_RIGHT */, 160,
                     static_cast<int16_t>(74 + 16 * i), 30, 9});
    items.push_back({u"Edit", u"", static_cast<uint16_t>(kIdRedEdit + i),
                     user32::WS_BORDER | user32::WS_TABSTOP | 0x2000 /* ES_NUMBER */ | 0x80 /* ES_AUTOHSCROLL */, 194,
                     static_cast<int16_t>(72 + 16 * i), 26, 12});
  }
  items.push_back({u"Button", u"&Add to Custom Colors", kIdAddCustom, user32::WS_TABSTOP, 160, 146, 120, 14});
  static uint64_t next_key = 1;
  const uint64_t key = next_key++;
  ColorDialog* state = d.get();
  color_dialogs()[key] = std::move(d);
  static const Export entry = EXPORT("ColorDialogProc", color_dialog_proc);
  const int64_t r = run_own_dialog(p, p.get_ptr(cc + w), u"Color", 290, 186, items, &entry, key);
  for (const auto& b : state->brushes) gdi_call(p, "DeleteObject", {b.second});
  color_dialogs().erase(key);
  if (r < 0) set_dialog_error(2);
  return r > 0 ? TRUE : FALSE;
}

BOOL ChooseColorW(WindowsProcess& p, Ptr cc) { return choose_color(p, cc.addr); }
BOOL ChooseColorA(WindowsProcess& p, Ptr cc) { return choose_color(p, cc.addr); }

}  // namespace

const std::vector<Export>& color_dialog_exports() {
  static const std::vector<Export> e = {
      EXPORT("ChooseColorW", ChooseColorW),
      EXPORT("ChooseColorA", ChooseColorA),
  };
  return e;
}

}  // namespace polyrun::shims::comdlg32
