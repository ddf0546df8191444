// FindText and ReplaceText: modeless dialogs of polyrun's own (Windows' controls and ids: the
// "Find what" edit edt1, "Replace with" edt2, "Match whole word only" chx1, "Match case" chx2, the
// direction's Up rad1 and Down rad2, Find Next IDOK, Replace psh1, Replace All psh2, Cancel), which
// the program's message loop serves with IsDialogMessage. Each button tells the owner with the
// registered message FINDMSGSTRING ("commdlg_FindReplace"), whose lParam is the program's own
// FINDREPLACE: its Flags cleared of the last answer's and given the direction and checks shown and
// FR_FINDNEXT, FR_REPLACE or FR_REPLACEALL, the texts typed copied into its buffers (at most
// wFindWhatLen and wReplaceWithLen characters with the NUL). Cancel, Esc and the close box send
// FR_DIALOGTERM and destroy the dialog. The flags that shape it: FR_DOWN, FR_MATCHCASE and
// FR_WHOLEWORD start the controls; FR_HIDE* hide and FR_NO* disable them; FR_SHOWHELP shows Help
// (which sends HELPMSGSTRING). The failures are Windows' (CommDlgExtendedError): no structure
// (CDERR_INITIALIZATION), a wrong size (CDERR_STRUCTSIZE), no owner window (CDERR_DIALOGFAILURE), no
// buffer (FRERR_BUFFERLENGTHZERO), a hook asked for without one (CDERR_NOHOOK). Hooks and custom
// templates are not supported (a line on stderr says so; the dialog is the standard one).
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "shims/comdlg32/comdlg32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comdlg32 {

namespace {

enum : uint32_t {
  FR_DOWN = 0x1, FR_WHOLEWORD = 0x2, FR_MATCHCASE = 0x4, FR_FINDNEXT = 0x8, FR_REPLACE = 0x10, FR_REPLACEALL = 0x20,
  FR_DIALOGTERM = 0x40, FR_SHOWHELP = 0x80, FR_ENABLEHOOK = 0x100, FR_ENABLETEMPLATE = 0x200, FR_NOUPDOWN = 0x400,
  FR_NOMATCHCASE = 0x800, FR_NOWHOLEWORD = 0x1000, FR_ENABLETEMPLATEHANDLE = 0x2000, FR_HIDEUPDOWN = 0x4000,
  FR_HIDEMATCHCASE = 0x8000, FR_HIDEWHOLEWORD = 0x10000,
  kFindAnswerFlags = FR_DOWN | FR_WHOLEWORD | FR_MATCHCASE | FR_FINDNEXT | FR_REPLACE | FR_REPLACEALL | FR_DIALOGTERM,
  kIdFindEdit = 0x480, kIdReplaceEdit = 0x481, kIdWholeWord = 0x410, kIdMatchCase = 0x411, kIdUp = 0x420,
  kIdDown = 0x421, kIdDirection = 0x430, kIdReplaceOne = 0x400, kIdReplaceAll = 0x401, kIdFindHelp = 0x40e,
  kFindBmGetCheck = 0xf0, kFindBmSetCheck = 0xf1, kFindEmLimitText = 0xc5, kFindEnChange = 0x300,
  kFindWmCommand = 0x0111, kFindWmClose = 0x0010, kFindWmDestroy = 0x0002,
  CDERR_STRUCTSIZE_R = 1, CDERR_INITIALIZATION_R = 2, CDERR_NOHOOK_R = 0xb, CDERR_DIALOGFAILURE_R = 0xffff,
  FRERR_BUFFERLENGTHZERO = 0x4001,
};

// FINDREPLACE's fields for a pointer width.
struct FrLayout {
  uint32_t size, owner, flags, find_what, replace_with, find_len, replace_len, hook;
};
constexpr FrLayout kFr64{80, 8, 24, 32, 40, 48, 50, 64};
constexpr FrLayout kFr32{40, 4, 12, 16, 20, 24, 26, 32};

struct FindDialog {
  uint64_t fr;
  FrLayout l;
  bool wide, replace;
  uint64_t owner;
  uint32_t message, help_message;
};
std::map<uint64_t, std::unique_ptr<FindDialog>>& find_dialogs() {
  static std::map<uint64_t, std::unique_ptr<FindDialog>> d;
  return d;
}

bool checked(WindowsProcess& p, uint64_t dlg, uint32_t id) {
  const uint64_t h = dialog_item(p, dlg, id);
  return h && user32::send_message(p, h, kFindBmGetCheck, 0, 0) == 1;
}

// The flags the dialog's controls show.
uint32_t shown_flags(WindowsProcess& p, uint64_t dlg) {
  uint32_t f = 0;
  if (checked(p, dlg, kIdDown)) f |= FR_DOWN;
  if (checked(p, dlg, kIdWholeWord)) f |= FR_WHOLEWORD;
  if (checked(p, dlg, kIdMatchCase)) f |= FR_MATCHCASE;
  return f;
}

// The text of an edit copied into one of the program's buffers (`chars` with the NUL), cut short
// to fit: false when it is empty.
bool copy_edit(WindowsProcess& p, const FindDialog& d, uint64_t dlg, uint32_t id, uint32_t buffer_field,
               uint32_t length_field) {
  std::u16string s = window_text(p, dialog_item(p, dlg, id));
  const uint64_t at = p.get_ptr(d.fr + buffer_field);
  const uint16_t chars = get<uint16_t>(d.fr + length_field);
  if (!at || chars == 0) return !s.empty();
  while (!s.empty() && string_units(s, d.wide) + 1 > chars) s.pop_back();
  write_string(at, chars, s, d.wide);
  return !s.empty();
}

void tell_owner(WindowsProcess& p, const FindDialog& d, uint32_t answer) {
  const uint32_t flags = get<uint32_t>(d.fr + d.l.flags) & ~kFindAnswerFlags;
  put<uint32_t>(d.fr + d.l.flags, flags | answer);
  user32::send_message(p, d.owner, d.message, 0, d.fr, d.wide);
}

USize find_dialog_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wparam, USize lparam) {
  const uint64_t dlg = hwnd.addr;
  if (msg == user32::WM_INITDIALOG) {
    remember_key(p, dlg, lparam);
    const auto it = find_dialogs().find(lparam);
    if (it == find_dialogs().end()) return TRUE;
    const FindDialog& d = *it->second;
    const uint32_t flags = get<uint32_t>(d.fr + d.l.flags);
    auto item = [&](uint32_t id) { return dialog_item(p, dlg, id); };
    user32::send_message(p, item(kIdFindEdit), kFindEmLimitText, get<uint16_t>(d.fr + d.l.find_len), 0);
    set_window_text(p, item(kIdFindEdit), read_string(p.get_ptr(d.fr + d.l.find_what), d.wide));
    if (d.replace) {
      user32::send_message(p, item(kIdReplaceEdit), kFindEmLimitText, get<uint16_t>(d.fr + d.l.replace_len), 0);
      set_window_text(p, item(kIdReplaceEdit), read_string(p.get_ptr(d.fr + d.l.replace_with), d.wide));
    }
    if (!(flags & FR_SHOWHELP)) user32::show_window_command(p, item(kIdFindHelp), 0 /* SW_HIDE */);
    if (!d.replace) {
      if (flags & FR_HIDEUPDOWN) {
        for (uint32_t id : {kIdUp, kIdDown, kIdDirection}) user32::show_window_command(p, item(id), 0);
      } else if (flags & FR_NOUPDOWN) {
        for (uint32_t id : {kIdUp, kIdDown, kIdDirection}) user32::enable_window(p, item(id), false);
      } else {
        user32::send_message(p, item(kIdUp), kFindBmSetCheck, (flags & FR_DOWN) ? 0 : 1, 0);
        user32::send_message(p, item(kIdDown), kFindBmSetCheck, (flags & FR_DOWN) ? 1 : 0, 0);
      }
    }
    const struct {
      uint32_t id, hide, disable, check;
    } boxes[2] = {{kIdMatchCase, FR_HIDEMATCHCASE, FR_NOMATCHCASE, FR_MATCHCASE},
                  {kIdWholeWord, FR_HIDEWHOLEWORD, FR_NOWHOLEWORD, FR_WHOLEWORD}};
    for (const auto& b : boxes) {
      if (flags & b.hide)
        user32::show_window_command(p, item(b.id), 0);
      else if (flags & b.disable)
        user32::enable_window(p, item(b.id), false);
      else
        user32::send_message(p, item(b.id), kFindBmSetCheck, (flags & b.check) ? 1 : 0, 0);
    }
    const bool any = !window_text(p, item(kIdFindEdit)).empty();
    for (uint32_t id : {1u, static_cast<uint32_t>(kIdReplaceOne), static_cast<uint32_t>(kIdReplaceAll)})
      if (const uint64_t b = item(id)) user32::enable_window(p, b, any);
    user32::show_window_command(p, dlg, 1 /* SW_SHOWNORMAL */);
    return TRUE;
  }
  const auto it = find_dialogs().find(key_of(p, dlg));
  if (it == find_dialogs().end()) return FALSE;
  FindDialog& d = *it->second;
  if (msg == kFindWmDestroy) {
    find_dialogs().erase(it);
    return FALSE;
  }
  uint32_t id = 0, code = 0;
  if (msg == kFindWmClose) {
    id = 2;
  } else if (msg == kFindWmCommand) {
    id = wparam & 0xffff, code = (wparam >> 16) & 0xffff;
  } else {
    return FALSE;
  }
  if (code == kFindEnChange && id == kIdFindEdit) {
    const bool any = !window_text(p, dialog_item(p, dlg, kIdFindEdit)).empty();
    for (uint32_t b : {1u, static_cast<uint32_t>(kIdReplaceOne), static_cast<uint32_t>(kIdReplaceAll)})
      if (const uint64_t h = dialog_item(p, dlg, b)) user32::enable_window(p, h, any);
    return TRUE;
  }
  if (code != 0 /* BN_CLICKED */) return FALSE;
  // (A replace dialog's search always goes down.)
  const uint32_t down = d.replace ? FR_DOWN : 0;
  if (id == 1) {
    if (copy_edit(p, d, dlg, kIdFindEdit, d.l.find_what, d.l.find_len))
      tell_owner(p, d, shown_flags(p, dlg) | down | FR_FINDNEXT);
  } else if (id == 2) {
    const uint64_t key = key_of(p, dlg);
    tell_owner(p, d, shown_flags(p, dlg) | down | FR_DIALOGTERM);
    user32::destroy_window(p, dlg);
    find_dialogs().erase(key);
  } else if ((id == kIdReplaceOne || id == kIdReplaceAll) && d.replace) {
    if (copy_edit(p, d, dlg, kIdFindEdit, d.l.find_what, d.l.find_len)) {
      copy_edit(p, d, dlg, kIdReplaceEdit, d.l.replace_with, d.l.replace_len);
      tell_owner(p, d, shown_flags(p, dlg) | down | (id == kIdReplaceOne ? FR_REPLACE : FR_REPLACEALL));
    }
  } else if (id == kIdFindHelp) {
    put<uint32_t>(d.fr + d.l.flags, (get<uint32_t>(d.fr + d.l.flags) & ~kFindAnswerFlags) | shown_flags(p, dlg));
    user32::send_message(p, d.owner, d.help_message, dlg, d.fr, d.wide);
  } else {
    return FALSE;
  }
  return TRUE;
}

uint64_t find_or_replace(WindowsProcess& p, uint64_t fr, bool wide, bool replace) {
  const FrLayout& l = p.isa->ptr == 8 ? kFr64 : kFr32;
  const char* what = replace ? "ReplaceText" : "FindText";
  if (!fr) return set_dialog_error(CDERR_INITIALIZATION_R), 0;
  if (get<uint32_t>(fr) != l.size) return set_dialog_error(CDERR_STRUCTSIZE_R), 0;
  const uint64_t owner = p.get_ptr(fr + l.owner);
  if (!user32::find_window(p, owner)) return set_dialog_error(CDERR_DIALOGFAILURE_R), 0;
  if (get<uint16_t>(fr + l.find_len) < 1 || !p.get_ptr(fr + l.find_what) || (replace && !p.get_ptr(fr + l.replace_with)))
    return set_dialog_error(FRERR_BUFFERLENGTHZERO), 0;
  const uint32_t flags = get<uint32_t>(fr + l.flags);
  if ((flags & FR_ENABLEHOOK) && !p.get_ptr(fr + l.hook)) return set_dialog_error(CDERR_NOHOOK_R), 0;
  if (cancelled_without_display(p, what)) return 0;
  if (flags & (FR_ENABLEHOOK | FR_ENABLETEMPLATE | FR_ENABLETEMPLATEHANDLE)) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s: hook procedures and custom templates are not supported: the standard dialog shows\n", what);
  }
  set_dialog_error(0);
  auto d = std::make_unique<FindDialog>();
  d->fr = fr, d->l = l, d->wide = wide, d->replace = replace, d->owner = owner;
  d->message = user32::atom_of(p, u"commdlg_FindReplace");
  d->help_message = user32::atom_of(p, u"commdlg_help");
  static uint64_t next_key = 1;
  const uint64_t key = next_key++;
  find_dialogs()[key] = std::move(d);
  std::vector<DialogItem> items;
  constexpr uint32_t kTab = user32::WS_TABSTOP, kGroup = user32::WS_GROUP, kEdit = user32::WS_BORDER | 0x80 /* ES_AUTOHSCROLL */;
  constexpr uint32_t kCheck = 0x3 /* BS_AUTOCHECKBOX */, kRadio = 0x9 /* BS_AUTORADIOBUTTON */;
  if (!replace) {
    items = {
        {u"Static", u"Fi&nd what:", 0xffff, 0, 4, 8, 42, 8},
        {u"Edit", u"", kIdFindEdit, kEdit | kGroup | kTab, 47, 7, 128, 12},
        {u"Button", u"Match &whole word only", kIdWholeWord, kCheck | kGroup | kTab, 4, 26, 100, 12},
        {u"Button", u"Match &case", kIdMatchCase, kCheck | kTab, 4, 42, 64, 12},
        {u"Button", u"Direction", kIdDirection, 0x7 /* BS_GROUPBOX */, 107, 26, 68, 28},
        {u"Button", u"&Up", kIdUp, kRadio | kGroup | kTab, 111, 38, 25, 12},
        {u"Button", u"&Down", kIdDown, kRadio, 138, 38, 35, 12},
        {u"Button", u"&Find Next", 1, 0x1 /* BS_DEFPUSHBUTTON */ | kGroup | kTab, 182, 5, 50, 14},
        {u"Button", u"Cancel", 2, kGroup | kTab, 182, 23, 50, 14},
        {u"Button", u"&Help", kIdFindHelp, kGroup | kTab, 182, 45, 50, 14},
    };
  } else {
    items = {
        {u"Static", u"Fi&nd what:", 0xffff, 0, 4, 9, 48, 8},
        {u"Edit", u"", kIdFindEdit, kEdit | kGroup | kTab, 54, 7, 114, 12},
        {u"Static", u"Re&place with:", 0xffff, 0, 4, 26, 48, 8},
        {u"Edit", u"", kIdReplaceEdit, kEdit | kGroup | kTab, 54, 24, 114, 12},
        {u"Button", u"Match &whole word only", kIdWholeWord, kCheck | kGroup | kTab, 5, 46, 104, 12},
        {u"Button", u"Match &case", kIdMatchCase, kCheck | kTab, 5, 62, 59, 12},
        {u"Button", u"&Find Next", 1, 0x1 | kGroup | kTab, 174, 4, 50, 14},
        {u"Button", u"&Replace", kIdReplaceOne, kGroup | kTab, 174, 21, 50, 14},
        {u"Button", u"Replace &All", kIdReplaceAll, kGroup | kTab, 174, 38, 50, 14},
        {u"Button", u"Cancel", 2, kGroup | kTab, 174, 55, 50, 14},
        {u"Button", u"&Help", kIdFindHelp, kGroup | kTab, 174, 75, 50, 14},
    };
  }
  static const Export entry = EXPORT("FindReplaceDialogProc", find_dialog_proc);
  const uint64_t dlg = make_own_dialog(p, owner, replace ? u"Replace" : u"Find", replace ? 230 : 236,
                                       replace ? 94 : 62, items, &entry, key);
  if (!dlg) {
    find_dialogs().erase(key);
    set_dialog_error(CDERR_DIALOGFAILURE_R);
  }
  return dlg;
}

Ptr FindTextW(WindowsProcess& p, Ptr fr) { return find_or_replace(p, fr.addr, true, false); }
Ptr FindTextA(WindowsProcess& p, Ptr fr) { return find_or_replace(p, fr.addr, false, false); }
Ptr ReplaceTextW(WindowsProcess& p, Ptr fr) { return find_or_replace(p, fr.addr, true, true); }
Ptr ReplaceTextA(WindowsProcess& p, Ptr fr) { return find_or_replace(p, fr.addr, false, true); }

}  // namespace

const std::vector<Export>& find_dialog_exports() {
  static const std::vector<Export> e = {
      EXPORT("FindTextW", FindTextW),
      EXPORT("FindTextA", FindTextA),
      EXPORT("ReplaceTextW", ReplaceTextW),
      EXPORT("ReplaceTextA", ReplaceTextA),
  };
  return e;
}

}  // namespace polyrun::shims::comdlg32
