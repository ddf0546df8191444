// COMCTL32's common controls: each control's file gives its window class (and the exports it adds
// beyond the window procedure), listed in comctl32.cpp; what several of them use is here.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "shims/core/shim.h"
#include "shims/user32/controls.h"

namespace polyrun::shims::comctl32 {

// The controls' classes and export lists (comctl32.cpp joins them).
std::vector<const user32::ControlClass*> control_classes();
std::vector<const std::vector<Export>*> export_lists();

// The classes and export lists of the controls' files.
const user32::ControlClass& progress_class();
const user32::ControlClass& status_bar_class();
const user32::ControlClass& trackbar_class();
const user32::ControlClass& updown_class();
const user32::ControlClass& tooltips_class();
const user32::ControlClass& toolbar_class();
const std::vector<Export>& toolbar_exports();
const std::vector<Export>& status_bar_exports();
// The font a status bar (and a toolbar's texts) draws in until it is given one:
// SystemParametersInfo's lfStatusFont (Tahoma, 11 pixels), as wine's controls make it
// (comctl32/status_bar.cpp).
uint32_t status_font(WindowsProcess& p);
const std::vector<Export>& updown_exports();
const std::vector<Export>& subclass_exports();  // comctl32/subclass.cpp: SetWindowSubclass …
const std::vector<Export>& flat_scroll_bar_exports();  // comctl32/flat_scroll_bars.cpp: FlatSB_* …
// comctl32/property_sheet.cpp: PropertySheetA/W, CreatePropertySheetPageA/W,
// DestroyPropertySheetPage; and their work for another DLL (OLEAUT32's property frame): a
// PROPSHEETHEADER's sheet (a modal one's result, a modeless one's window; -1 when it could not be
// made), a PROPSHEETPAGE's page handle (0 for none), of either kind of strings.
const std::vector<Export>& property_sheet_exports();
int64_t property_sheet(WindowsProcess& p, uint64_t header, bool unicode);
uint64_t create_property_sheet_page(WindowsProcess& p, uint64_t psp, bool unicode);

// WM_NOTIFY from a control to its parent (views.h's NMHDR): `extra` bytes after the NMHDR, which
// `fill` writes at the address it is given and `read` reads back once the parent has answered; the
// parent's answer.
uint64_t wm_notify(WindowsProcess& p, uint64_t hwnd, int32_t code, unsigned extra = 0,
                   const std::function<void(uint64_t)>& fill = {}, const std::function<void(uint64_t)>& read = {});
// A USER32 export called as the program would (SetTimer, KillTimer …).
uint64_t call_user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args);
// The mouse cursor's position in a window's client area (GetCursorPos', as a held button's repeats
// follow it).
void cursor_in_client(WindowsProcess& p, uint64_t hwnd, int32_t& x, int32_t& y);
// Another window's messages seen first by a control (an up-down control's buddy, a tooltip's tools
// with TTF_SUBCLASS): its procedure is taken over, and `hook(p, owner, hwnd, msg, wparam, lparam)`
// runs before it for each message (with the window's kind of strings), for every owner that
// subclassed it; the window gets its procedure back when the last owner lets it go (unless the
// program changed it since), or when it is destroyed. (comctl32/subclass.cpp, with the program's
// SetWindowSubclass chain.)
using SubclassHook = void (*)(WindowsProcess& p, uint64_t owner, uint64_t hwnd, uint32_t msg, uint64_t wparam,
                              uint64_t lparam);
void subclass(WindowsProcess& p, uint64_t hwnd, uint64_t owner, SubclassHook hook);
void unsubclass(WindowsProcess& p, uint64_t hwnd, uint64_t owner);

// Common control messages (CCM_*) and notifications every control shares.
enum : uint32_t { CCM_SETBKCOLOR = 0x2001, CCM_SETUNICODEFORMAT = 0x2005, CCM_GETUNICODEFORMAT = 0x2006 };
enum : int32_t { NM_RELEASEDCAPTURE = -16 };
// CLR_DEFAULT: the control's own colour.
constexpr uint32_t CLR_DEFAULT = 0xff000000u;

}  // namespace polyrun::shims::comctl32
