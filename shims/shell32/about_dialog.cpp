// ShellAbout: the About box of polyrun's own (built and run as COMDLG32's dialogs are:
// comdlg32/comdlg32.h), modal to the program's window. As Windows' does, it takes its title from
// szApp ("About" and the name; with a '#' in it, the part before the '#' is the whole title and the
// part after it the first line), shows the program's icon (the Windows logo's place; none given:
// the application icon), the name, the program's other text (szOtherStuff) and what runs it, and
// ends with OK. TRUE once it is closed, FALSE when it could not be shown.
#include <string>

#include "shims/user32/exports.h"
#include "shims/comdlg32/comdlg32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace {

enum : uint32_t { kAboutIcon = 0x3a0, kAboutStmSetIcon = 0x170, kAboutWmCommand = 0x0111, kAboutWmClose = 0x0010 };

USize about_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wparam, USize lparam) {
  const uint64_t dlg = hwnd.addr;
  if (msg == user32::WM_INITDIALOG) {
    comdlg32::remember_key(p, dlg, lparam);
    if (lparam) user32::send_message(p, comdlg32::dialog_item(p, dlg, kAboutIcon), kAboutStmSetIcon, lparam, 0);
    return TRUE;
  }
  if ((msg == kAboutWmCommand && ((wparam & 0xffff) == 1 || (wparam & 0xffff) == 2)) || msg == kAboutWmClose) {
    user32::end_dialog(p, dlg, 1);
    return TRUE;
  }
  return FALSE;
}

BOOL shell_about(WindowsProcess& p, uint64_t owner, const std::u16string& app, const std::u16string& other,
                 uint64_t icon) {
  std::u16string title = u"About " + app, first = app;
  if (const size_t hash = app.find(u'#'); hash != std::u16string::npos) {
    title = app.substr(0, hash);
    first = app.substr(hash + 1);
  }
  if (comdlg32::cancelled_without_display(p, "ShellAbout")) return TRUE;
  if (!icon) {
    // The application icon (IDI_APPLICATION), as the program would load it.
    if (const Export* e = kUser32.find("LoadIconW"))
      icon = p.call_guest(p.export_thunk(&kUser32, "USER32.dll", "LoadIconW", e), {0, 32512});
  }
  std::vector<comdlg32::DialogItem> items = {
      {u"Static", u"", kAboutIcon, 0x3 /* SS_ICON */, 8, 8, 21, 20},
      {u"Static", first, 0xffff, 0x80 /* SS_NOPREFIX */, 40, 10, 170, 10},
      {u"Static", other, 0xffff, 0x80, 40, 24, 170, 28},
      {u"Static", u"Running on Linux under polyrun, which runs Windows programs on Linux.", 0xffff, 0x80, 40, 54, 170,
       18},
      {u"Button", u"OK", 1, user32::WS_TABSTOP | 0x1 /* BS_DEFPUSHBUTTON */, 160, 78, 50, 14},
  };
  static const Export entry = EXPORT("ShellAboutProc", about_proc);
  const int64_t r = comdlg32::run_own_dialog(p, owner, title, 218, 98, items, &entry, icon);
  return r > 0 ? TRUE : FALSE;
}

BOOL ShellAboutW(WindowsProcess& p, Ptr owner, WStr app, WStr other, Ptr icon) {
  return shell_about(p, owner.addr, app.addr ? app.str() : u"", other.addr ? other.str() : u"", icon.addr);
}
BOOL ShellAboutA(WindowsProcess& p, Ptr owner, AStr app, AStr other, Ptr icon) {
  return shell_about(p, owner.addr, app.addr ? ansi_to_utf16(app.bytes()) : u"", other.addr ? ansi_to_utf16(other.bytes()) : u"",
                     icon.addr);
}

}  // namespace

const std::vector<Export>& shell32_about_exports() {
  static const std::vector<Export> e = {
      EXPORT("ShellAboutW", ShellAboutW),
      EXPORT("ShellAboutA", ShellAboutA),
  };
  return e;
}

}  // namespace polyrun::shims
