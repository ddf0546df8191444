// ChooseFont: a dialog of polyrun's own with the font's face (an edit over the list of the faces
// GDI32 enumerates: Windows' usual names, each served by a font of the system), its style (Regular,
// Italic, Bold, Bold Italic) and its size in points (an edit over the usual sizes), each list
// reached by its label's mnemonic, and a sample drawn in the font chosen. With CF_EFFECTS,
// Strikeout and Underline check boxes. OK answers with the LOGFONT written to lpLogFont (the face,
// lfHeight for the size at 96 dots per inch, lfWeight 400 or 700, lfItalic, the effects, the
// face's pitch and family, and the precisions Windows' enumeration gives a TrueType face),
// iPointSize in tenths of a point, nFontType (SCREEN_FONTTYPE with BOLD_, ITALIC_ or
// REGULAR_FONTTYPE) and, with CF_USESTYLE, the style's name in lpszStyle. The flags followed:
// CF_INITTOLOGFONTSTRUCT (start from lpLogFont; else from the first face, Regular, 10 points),
// CF_FIXEDPITCHONLY and CF_TTONLY (which faces are listed), CF_LIMITSIZE (sizes from nSizeMin to
// nSizeMax; a maximum below the minimum fails with CFERR_MAXLESSTHANMIN), CF_EFFECTS; the screen
// and printer font flags are ignored, as Windows 7 and later ignore them. Hooks and custom
// templates are not supported (a line on stderr says so; the dialog is the standard one).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "shims/gdi32/exports.h"
#include "shims/comdlg32/comdlg32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comdlg32 {

namespace {

enum : uint32_t {
  CF_ENABLEHOOK = 0x8, CF_ENABLETEMPLATE = 0x10, CF_ENABLETEMPLATEHANDLE = 0x20, CF_INITTOLOGFONTSTRUCT = 0x40,
  CF_USESTYLE = 0x80, CF_EFFECTS = 0x100, CF_LIMITSIZE = 0x2000, CF_FIXEDPITCHONLY = 0x4000, CF_TTONLY = 0x40000,
  BOLD_FONTTYPE = 0x100, ITALIC_FONTTYPE = 0x200, REGULAR_FONTTYPE = 0x400, SCREEN_FONTTYPE = 0x2000,
  CFERR_MAXLESSTHANMIN = 0x2002, CDERR_STRUCTSIZE_C = 1, CDERR_INITIALIZATION_C = 2, CDERR_NOHOOK_C = 0xb,
  kIdFaceEdit = 0x3e8, kIdFaceList = 0x470, kIdStyleList = 0x471, kIdSizeEdit = 0x3ea, kIdSizeList = 0x472,
  kIdStrikeout = 0x410, kIdUnderline = 0x411, kIdSample = 0x444, kIdEffects = 0x431,
  kFontLbAdd = 0x180, kFontLbSetSel = 0x186, kFontLbGetSel = 0x188, kFontLbGetText = 0x189, kFontLbFindExact = 0x1a2,
  kFontLbSelChange = 1, kFontEnChange = 0x300, kFontBmGetCheck = 0xf0, kFontBmSetCheck = 0xf1,
  kFontWmCommand = 0x0111, kFontWmSetFont = 0x0030,
};

// CHOOSEFONT's fields for a pointer width.
struct CfLayout {
  uint32_t size, owner, log_font, point_size, flags, hook, style, font_type, size_min, size_max;
};
constexpr CfLayout kCf64{104, 8, 24, 32, 36, 56, 80, 88, 92, 96};
constexpr CfLayout kCf32{60, 4, 12, 16, 20, 32, 44, 48, 52, 56};

constexpr int32_t kUsualSizes[] = {8, 9, 10, 11, 12, 14, 16, 18, 20, 22, 24, 26, 28, 36, 48, 72};
const char16_t* const kStyleNames[4] = {u"Regular", u"Italic", u"Bold", u"Bold Italic"};

struct FontDialog {
  uint64_t cf;
  CfLayout l;
  bool wide;
  uint32_t flags;
  std::u16string face;
  int style = 0;          // an index of kStyleNames: bit 0 italic, bit 1 bold
  int32_t points = 10;
  bool strikeout = false, underline = false;
  uint8_t pitch_and_family = 0;
  uint64_t sample_font = 0;
  bool updating = false;
};
std::map<uint64_t, std::unique_ptr<FontDialog>>& font_dialogs() {
  static std::map<uint64_t, std::unique_ptr<FontDialog>> d;
  return d;
}

uint64_t font_gdi_call(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  const Export* e = kGdi32.find(name);
  if (!e) return 0;
  return p.call_guest(p.export_thunk(&kGdi32, "GDI32.dll", name, e), args);
}

bool same_face(const std::u16string& a, const std::u16string& b) { return user32::same_name(a, b); }

// The families the dialog lists, as its flags choose them.
std::vector<const gdi32::FontFamilyInfo*> listed_faces(uint32_t flags) {
  std::vector<const gdi32::FontFamilyInfo*> out;
  for (const gdi32::FontFamilyInfo& f : gdi32::font_families()) {
    if ((flags & CF_FIXEDPITCHONLY) && (f.pitch_and_family & 3) != 1 /* FIXED_PITCH */) continue;
    if ((flags & CF_TTONLY) && !f.truetype) continue;
    out.push_back(&f);
  }
  return out;
}

gdi32::LogFont chosen_font(const FontDialog& d) {
  gdi32::LogFont f;
  f.height = -((d.points * 96 + 36) / 72);
  f.weight = (d.style & 2) ? 700 : 400;
  f.italic = (d.style & 1) ? 1 : 0;
  f.underline = d.underline ? 1 : 0;
  f.strike_out = d.strikeout ? 1 : 0;
  f.char_set = 0;        // ANSI_CHARSET
  f.out_precision = 3;   // OUT_STROKE_PRECIS
  f.clip_precision = 2;  // CLIP_STROKE_PRECIS
  f.quality = 1;         // DRAFT_QUALITY
  f.pitch_and_family = d.pitch_and_family;
  f.face = d.face;
  return f;
}

// The sample shown in the font chosen.
void show_sample(WindowsProcess& p, FontDialog& d, uint64_t dlg) {
  auto font = std::make_unique<gdi32::Font>();
  font->log = chosen_font(d);
  const uint64_t made = gdi32::gdi_table(p).add(std::move(font));
  const uint64_t sample = dialog_item(p, dlg, kIdSample);
  user32::send_message(p, sample, kFontWmSetFont, made, 1);
  if (d.sample_font) font_gdi_call(p, "DeleteObject", {d.sample_font});
  d.sample_font = made;
  user32::invalidate_rect(p, sample, nullptr, true);
}

int32_t list_index(WindowsProcess& p, uint64_t dlg, uint32_t id) {
  return static_cast<int32_t>(user32::send_message(p, dialog_item(p, dlg, id), kFontLbGetSel, 0, 0));
}

std::u16string list_text(WindowsProcess& p, uint64_t dlg, uint32_t id, int32_t index) {
  const uint64_t buf = p.heap.alloc(2 * 256, true);
  if (!buf) return {};
  const uint64_t n = user32::send_message(p, dialog_item(p, dlg, id), kFontLbGetText, static_cast<uint64_t>(index), buf);
  std::u16string s = n == ~uint64_t(0) || n > 255 ? std::u16string() : std::u16string(reinterpret_cast<const char16_t*>(buf), n);
  p.heap.free(buf);
  return s;
}

void select_in_list(WindowsProcess& p, uint64_t dlg, uint32_t id, const std::u16string& s) {
  const uint64_t list = dialog_item(p, dlg, id);
  const int64_t i = static_cast<int64_t>(send_string(p, list, kFontLbFindExact, ~uint64_t(0), s));
  user32::send_message(p, list, kFontLbSetSel, static_cast<uint64_t>(i < 0 ? -1 : i), 0);
}

void set_face(WindowsProcess& p, FontDialog& d, const std::u16string& face) {
  d.face = face;
  for (const gdi32::FontFamilyInfo* f : listed_faces(d.flags))
    if (same_face(f->name, face)) d.pitch_and_family = f->pitch_and_family;
  (void)p;
}

USize font_dialog_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wparam, USize lparam) {
  const uint64_t dlg = hwnd.addr;
  if (msg == user32::WM_INITDIALOG) {
    remember_key(p, dlg, lparam);
    const auto it = font_dialogs().find(lparam);
    if (it == font_dialogs().end()) return TRUE;
    FontDialog& d = *it->second;
    d.updating = true;
    const uint64_t faces = dialog_item(p, dlg, kIdFaceList);
    for (const gdi32::FontFamilyInfo* f : listed_faces(d.flags)) send_string(p, faces, kFontLbAdd, 0, f->name);
    const uint64_t styles = dialog_item(p, dlg, kIdStyleList);
    for (const char16_t* s : kStyleNames) send_string(p, styles, kFontLbAdd, 0, s);
    const uint64_t sizes = dialog_item(p, dlg, kIdSizeList);
    const int32_t lo = get<int32_t>(d.cf + d.l.size_min), hi = get<int32_t>(d.cf + d.l.size_max);
    for (int32_t s : kUsualSizes)
      if (!(d.flags & CF_LIMITSIZE) || (s >= lo && s <= hi)) send_string(p, sizes, kFontLbAdd, 0, utf8_to_utf16(std::to_string(s)));
    set_window_text(p, dialog_item(p, dlg, kIdFaceEdit), d.face);
    select_in_list(p, dlg, kIdFaceList, d.face);
    user32::send_message(p, styles, kFontLbSetSel, static_cast<uint64_t>(d.style), 0);
    const std::u16string size = utf8_to_utf16(std::to_string(d.points));
    set_window_text(p, dialog_item(p, dlg, kIdSizeEdit), size);
    select_in_list(p, dlg, kIdSizeList, size);
    if (d.flags & CF_EFFECTS) {
      user32::send_message(p, dialog_item(p, dlg, kIdStrikeout), kFontBmSetCheck, d.strikeout ? 1 : 0, 0);
      user32::send_message(p, dialog_item(p, dlg, kIdUnderline), kFontBmSetCheck, d.underline ? 1 : 0, 0);
    }
    d.updating = false;
    show_sample(p, d, dlg);
    user32::set_focus(p, dialog_item(p, dlg, kIdFaceEdit));
    return FALSE;
  }
  const auto it = font_dialogs().find(key_of(p, dlg));
  if (it == font_dialogs().end()) return FALSE;
  FontDialog& d = *it->second;
  if (msg != kFontWmCommand) return FALSE;
  const uint32_t id = wparam & 0xffff, code = (wparam >> 16) & 0xffff;
  if (d.updating) return FALSE;
  if (id == 1 || id == 2) {
    if (id == 1) {
      const gdi32::LogFont f = chosen_font(d);
      const uint64_t lf = p.get_ptr(d.cf + d.l.log_font);
      if (lf) {
        const std::vector<uint8_t> zero(d.wide ? 92 : 60, 0);
        std::memcpy(reinterpret_cast<void*>(lf), zero.data(), zero.size());
        put<int32_t>(lf, f.height);
        put<int32_t>(lf + 16, f.weight);
        const uint8_t bytes[8] = {f.italic, f.underline, f.strike_out, f.char_set, f.out_precision, f.clip_precision,
                                  f.quality, f.pitch_and_family};
        std::memcpy(reinterpret_cast<void*>(lf + 20), bytes, 8);
        std::u16string face = f.face;
        while (string_units(face, d.wide) + 1 > 32) face.pop_back();
        write_string(lf + 28, 32, face, d.wide);
      }
      put<int32_t>(d.cf + d.l.point_size, d.points * 10);
      const uint16_t type = SCREEN_FONTTYPE | ((d.style & 2) ? BOLD_FONTTYPE : 0) | ((d.style & 1) ? ITALIC_FONTTYPE : 0) |
                            ((d.style & 3) == 0 ? REGULAR_FONTTYPE : 0);
      put<uint16_t>(d.cf + d.l.font_type, type);
      if (d.flags & CF_USESTYLE)
        if (const uint64_t style = p.get_ptr(d.cf + d.l.style)) write_string(style, 32, kStyleNames[d.style], d.wide);
    }
    set_dialog_error(0);
    user32::end_dialog(p, dlg, id == 1 ? 1 : 0);
    return TRUE;
  }
  if (id == kIdFaceList && code == kFontLbSelChange) {
    const int32_t i = list_index(p, dlg, kIdFaceList);
    if (i < 0) return TRUE;
    set_face(p, d, list_text(p, dlg, kIdFaceList, i));
    d.updating = true;
    set_window_text(p, dialog_item(p, dlg, kIdFaceEdit), d.face);
    d.updating = false;
  } else if (id == kIdFaceEdit && code == kFontEnChange) {
    set_face(p, d, window_text(p, dialog_item(p, dlg, kIdFaceEdit)));
    d.updating = true;
    select_in_list(p, dlg, kIdFaceList, d.face);
    d.updating = false;
  } else if (id == kIdStyleList && code == kFontLbSelChange) {
    const int32_t i = list_index(p, dlg, kIdStyleList);
    if (i >= 0 && i < 4) d.style = i;
  } else if (id == kIdSizeList && code == kFontLbSelChange) {
    const int32_t i = list_index(p, dlg, kIdSizeList);
    if (i < 0) return TRUE;
    const std::u16string s = list_text(p, dlg, kIdSizeList, i);
    d.points = std::max(1, std::atoi(utf16_to_utf8(s).c_str()));
    d.updating = true;
    set_window_text(p, dialog_item(p, dlg, kIdSizeEdit), s);
    d.updating = false;
  } else if (id == kIdSizeEdit && code == kFontEnChange) {
    const std::u16string s = window_text(p, dialog_item(p, dlg, kIdSizeEdit));
    const int32_t v = std::atoi(utf16_to_utf8(s).c_str());
    if (v > 0 && v < 1639) d.points = v;
    d.updating = true;
    select_in_list(p, dlg, kIdSizeList, s);
    d.updating = false;
  } else if ((id == kIdStrikeout || id == kIdUnderline) && code == 0 /* BN_CLICKED */) {
    const bool on = user32::send_message(p, dialog_item(p, dlg, id), kFontBmGetCheck, 0, 0) == 1;
    (id == kIdStrikeout ? d.strikeout : d.underline) = on;
  } else {
    return FALSE;
  }
  show_sample(p, d, dlg);
  return TRUE;
}

// CHOOSEFONT: lStructSize, hwndOwner, hDC, lpLogFont, iPointSize, Flags, rgbColors, lCustData,
// lpfnHook, lpTemplateName, hInstance, lpszStyle, nFontType, nSizeMin, nSizeMax.
BOOL choose_font(WindowsProcess& p, uint64_t cf, bool wide) {
  const CfLayout& l = p.isa->ptr == 8 ? kCf64 : kCf32;
  if (!cf) return set_dialog_error(CDERR_INITIALIZATION_C), FALSE;
  if (get<uint32_t>(cf) != l.size) return set_dialog_error(CDERR_STRUCTSIZE_C), FALSE;
  const uint32_t flags = get<uint32_t>(cf + l.flags);
  if ((flags & CF_ENABLEHOOK) && !p.get_ptr(cf + l.hook)) return set_dialog_error(CDERR_NOHOOK_C), FALSE;
  if ((flags & CF_LIMITSIZE) && get<int32_t>(cf + l.size_max) < get<int32_t>(cf + l.size_min))
    return set_dialog_error(CFERR_MAXLESSTHANMIN), FALSE;
  set_dialog_error(0);
  if (cancelled_without_display(p, "ChooseFont")) return FALSE;
  if (flags & (CF_ENABLEHOOK | CF_ENABLETEMPLATE | CF_ENABLETEMPLATEHANDLE)) {
    std::fflush(stdout);
    std::fprintf(stderr, "ChooseFont: hook procedures and custom templates are not supported: the standard dialog shows\n");
  }
  auto d = std::make_unique<FontDialog>();
  d->cf = cf, d->l = l, d->wide = wide, d->flags = flags;
  const auto faces = listed_faces(flags);
  const uint64_t lf = p.get_ptr(cf + l.log_font);
  if ((flags & CF_INITTOLOGFONTSTRUCT) && lf) {
    const int32_t height = get<int32_t>(lf);
    if (height != 0) d->points = std::max(1, ((height < 0 ? -height : height) * 72 + 48) / 96);
    d->style = (get<int32_t>(lf + 16) >= 600 ? 2 : 0) | (get<uint8_t>(lf + 20) ? 1 : 0);
    d->underline = get<uint8_t>(lf + 21) != 0;
    d->strikeout = get<uint8_t>(lf + 22) != 0;
    d->pitch_and_family = get<uint8_t>(lf + 27);
    set_face(p, *d, read_string(lf + 28, wide));
  } else if (!faces.empty()) {
    set_face(p, *d, faces.front()->name);
  }
  std::vector<DialogItem> items;
  constexpr uint32_t kTab = user32::WS_TABSTOP, kGroup = user32::WS_GROUP;
  constexpr uint32_t kList = user32::WS_BORDER | user32::WS_VSCROLL | 0x1 /* LBS_NOTIFY */;
  const uint32_t kEditStyle = user32::WS_BORDER | 0x80 /* ES_AUTOHSCROLL */ | kTab | kGroup;
  items.push_back({u"Static", u"&Font:", 0xffff, 0, 7, 7, 98, 9});
  items.push_back({u"Edit", u"", kIdFaceEdit, kEditStyle, 7, 16, 98, 12});
  items.push_back({u"ListBox", u"", kIdFaceList, kList, 7, 28, 98, 76});
  items.push_back({u"Static", u"Font st&yle:", 0xffff, 0, 114, 7, 74, 9});
  items.push_back({u"ListBox", u"", kIdStyleList, kList | kTab | kGroup, 114, 16, 74, 88});
  items.push_back({u"Static", u"&Size:", 0xffff, 0, 198, 7, 36, 9});
  items.push_back({u"Edit", u"", kIdSizeEdit, kEditStyle | 0x2000 /* ES_NUMBER */, 198, 16, 36, 12});
  items.push_back({u"ListBox", u"", kIdSizeList, kList, 198, 28, 36, 76});
  items.push_back({u"Button", u"OK", 1, 0x1 /* BS_DEFPUSHBUTTON */ | kTab | kGroup, 243, 16, 56, 14});
  items.push_back({u"Button", u"Cancel", 2, kTab | kGroup, 243, 32, 56, 14});
  if (flags & CF_EFFECTS) {
    items.push_back({u"Button", u"Effects", kIdEffects, 0x7 /* BS_GROUPBOX */, 7, 110, 98, 40});
    items.push_back({u"Button", u"Stri&keout", kIdStrikeout, 0x3 /* BS_AUTOCHECKBOX */ | kTab | kGroup, 13, 122, 80, 10});
    items.push_back({u"Button", u"&Underline", kIdUnderline, 0x3 | kTab, 13, 136, 80, 10});
  }
  items.push_back({u"Button", u"Sample", 0xffff, 0x7, 114, 110, 120, 40});
  items.push_back({u"Static", u"AaBbYyZz", kIdSample, 0x1 /* SS_CENTER */ | 0x200 /* SS_CENTERIMAGE */, 120, 120, 108, 26});
  static uint64_t next_key = 1;
  const uint64_t key = next_key++;
  FontDialog* state = d.get();
  font_dialogs()[key] = std::move(d);
  static const Export entry = EXPORT("FontDialogProc", font_dialog_proc);
  const int64_t r = run_own_dialog(p, p.get_ptr(cf + l.owner), u"Font", 306, 158, items, &entry, key);
  if (state->sample_font) font_gdi_call(p, "DeleteObject", {state->sample_font});
  font_dialogs().erase(key);
  if (r < 0) set_dialog_error(CDERR_INITIALIZATION_C);
  return r > 0 ? TRUE : FALSE;
}

BOOL ChooseFontW(WindowsProcess& p, Ptr cf) { return choose_font(p, cf.addr, true); }
BOOL ChooseFontA(WindowsProcess& p, Ptr cf) { return choose_font(p, cf.addr, false); }

}  // namespace

const std::vector<Export>& font_dialog_exports() {
  static const std::vector<Export> e = {
      EXPORT("ChooseFontW", ChooseFontW),
      EXPORT("ChooseFontA", ChooseFontA),
  };
  return e;
}

}  // namespace polyrun::shims::comdlg32
