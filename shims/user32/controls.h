// USER32's standard controls (BUTTON, STATIC, EDIT, LISTBOX, COMBOBOX, SCROLLBAR) and the dialog
// class: window classes of the system whose window procedures are polyrun's own code. Each control
// is one file holding its ControlClass; controls.cpp lists them and registers them with the window
// manager. A control's procedure gets the messages straight from USER32 with the caller's kind of
// strings (`unicode`), as wine's controls do; the program sees the class's window procedure as an
// address in USER32 (GetClassLongPtr, subclassing with SetWindowLongPtr and CallWindowProc).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "shims/core/shim.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::gdi32 {
struct DeviceContext;
}

namespace polyrun::shims::user32 {

using ControlProc = uint64_t (*)(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam,
                                 bool unicode);

// The procedure as the program's code calls it (a stdcall/Win64 function of four arguments, with
// Unicode strings): what CallWindowProc does not route to `proc` itself.
template <ControlProc F>
USize control_entry(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return F(p, hwnd.addr, msg, wp, lp, true);
}

struct ControlClass {
  const char16_t* name;  // as GetClassName gives it ("Button")
  uint32_t style;        // CS_* (GetClassInfo's)
  int32_t wnd_extra;     // cbWndExtra as Windows reports it
  ControlProc proc;
  const Export* entry;   // the function the program sees as the class's window procedure
  uint16_t cursor;       // the class cursor (IDC_ARROW 32512, IDC_IBEAM 32513)
  int32_t background;    // the class brush (COLOR_* + 1), 0 for none
};

// The classes, each defined in its control's file.
const ControlClass& button_class();
const ControlClass& static_class();
const ControlClass& edit_class();
const ControlClass& listbox_class();
const ControlClass& combobox_class();
const ControlClass& combolbox_class();
const ControlClass& scrollbar_class();
const ControlClass& dialog_class();

// DefDlgProc (user32/dialogs.cpp), and IsDialogMessage's work on a message (`msg_addr`: the
// program's MSG, for WM_GETDLGCODE; 0 for one of USER32's own loops), dispatching what is not the
// dialog manager's.
uint64_t def_dlg_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode);
bool is_dialog_message(WindowsProcess& p, uint64_t dlg, const Message& m, uint64_t msg_addr, bool unicode);
const std::vector<Export>& dialog_exports();
// A module's dialog template resource (RT_DIALOG) `name` (an integer, or a string of the width
// `wide` says): its data in the mapped image (0: there is none, the last error set), and its size
// if asked.
uint64_t dialog_resource(WindowsProcess& p, uint64_t instance, uint64_t name, bool wide, uint32_t* size = nullptr);
// DialogBoxIndirectParam's work: the modal dialog of a template in guest memory, its EndDialog
// result (-1: it could not be made).
int64_t run_dialog(WindowsProcess& p, uint64_t instance, uint64_t tmpl, uint64_t owner, uint64_t proc, uint64_t param,
                   bool unicode);
bool end_dialog(WindowsProcess& p, uint64_t hwnd, int64_t result);
// CreateDialogIndirectParam's work: the modeless dialog of a template in guest memory (0: it could
// not be made).
uint64_t make_modeless_dialog(WindowsProcess& p, uint64_t instance, uint64_t tmpl, uint64_t owner, uint64_t proc,
                              uint64_t param, bool unicode);
const std::vector<Export>& message_box_exports();
// A combo box and its list (user32/combobox.cpp, user32/listbox.cpp): the combo box a ComboLBox's
// creation parameter names (0: none), the height its owner-drawn fixed items get (0: the list asks
// the owner), its edit part, whether it is dropped, the item selected when it was dropped, and its
// list dropped or closed (`ok`: the selection accepted).
uint64_t combo_box_of(WindowsProcess& p, uint64_t combo);
int32_t combo_item_height(WindowsProcess& p, uint64_t combo);
uint64_t combo_edit(WindowsProcess& p, uint64_t combo);
bool combo_dropped(WindowsProcess& p, uint64_t combo);
int32_t combo_dropped_index(WindowsProcess& p, uint64_t combo);
void combo_set_dropped_index(WindowsProcess& p, uint64_t combo, int32_t index);
void combo_flip(WindowsProcess& p, uint64_t combo, bool ok);

// A control built on the EDIT control (RICHED20's rich edit) chooses which of the EDIT's
// notifications reach the parent: `allow` is asked for each code before it is sent.
using EditNotifyFilter = bool (*)(WindowsProcess& p, uint64_t hwnd, uint32_t code);
void set_edit_notify_filter(WindowsProcess& p, uint64_t hwnd, EditNotifyFilter allow);
// Where an EDIT control draws character `index` (its text's length: the place after the last
// character), in client coordinates; false for a window that is no EDIT control.
bool edit_char_position(WindowsProcess& p, uint64_t hwnd, int32_t index, int32_t& x, int32_t& y);

// System classes of another DLL (COMCTL32's common controls), registered with USER32's own when
// the window manager starts: a static object of that DLL's names the function listing them.
struct ExtraClasses {
  explicit ExtraClasses(std::vector<const ControlClass*> (*list)());
};

// Registers the system's classes (at the window manager's start: user32/window_manager.cpp).
void register_control_classes(WindowsProcess& p, WindowManager& wm);
// The control procedure the window-procedure address `proc` leads to; null if it is not one.
ControlProc control_proc_at(WindowsProcess& p, uint64_t proc);

// A control's own state, kept with its window (Window::control) until the window goes.
struct ControlState {
  virtual ~ControlState() = default;
  uint64_t font = 0;  // WM_SETFONT's (0: the system font)
};
template <class T>
T& control_state(Window& w) {
  T* s = dynamic_cast<T*>(w.control.get());
  if (!s) {
    auto made = std::make_shared<T>();
    s = made.get();
    w.control = std::move(made);
  }
  return *s;
}

// WM_COMMAND with a notification code (BN_CLICKED, EN_CHANGE …) from a child control to its parent.
void notify_parent(WindowsProcess& p, uint64_t hwnd, uint32_t code);
// The brush a control paints its background with: WM_CTLCOLOR* (`msg`) sent to its parent (which
// may set the DC's colours), or DefWindowProc's answer when the parent gives none.
uint64_t control_brush(WindowsProcess& p, uint64_t hwnd, uint64_t hdc, uint32_t msg);
// DefWindowProc's WM_CTLCOLOR*: the DC's text and background colours and the brush for the kind.
uint64_t default_control_color(WindowsProcess& p, uint64_t hdc, uint32_t msg);

// A control's painting: `draw` gets the DC (WM_PAINT's wparam when the caller gave one, as
// WM_PRINTCLIENT does; BeginPaint's otherwise) with the control's font selected.
struct ControlPaint {
  WindowsProcess& p;
  uint64_t hwnd, hdc;
  gdi32::DeviceContext* dc;
  Rect client;  // the client rectangle, from 0, 0
};
void paint_control(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc, uint64_t font,
                   const std::function<void(ControlPaint&)>& draw);
// Text in a rectangle (DrawText's flags), a rectangle filled with a brush handle, the focus
// rectangle (DrawFocusRect's dotted frame), text extents in the DC's font.
int32_t draw_text_in(WindowsProcess& p, uint64_t hdc, const std::u16string& text, Rect& rect, uint32_t flags);
void fill_with_brush(WindowsProcess& p, gdi32::DeviceContext& dc, const Rect& r, uint64_t brush);
void draw_focus_rect(WindowsProcess& p, gdi32::DeviceContext& dc, const Rect& r);
int32_t text_width(WindowsProcess& p, gdi32::DeviceContext& dc, const std::u16string& s);
int32_t text_height(WindowsProcess& p, gdi32::DeviceContext& dc);
// The text height of a font (0: the system font) in a window's DC (16 when it cannot be measured).
int32_t font_text_height(WindowsProcess& p, uint64_t hwnd, uint64_t font);

// BeginPaint and EndPaint without a PAINTSTRUCT (user32/window_dcs.cpp): the DC, the update
// rectangle and whether the background is still to be erased.
uint64_t begin_paint(WindowsProcess& p, uint64_t hwnd, Rect& paint, bool& erase_left);
void end_paint(WindowsProcess& p, uint64_t hwnd, uint64_t hdc);

// WM_DRAWITEM to an owner-drawn control's parent (DRAWITEMSTRUCT of the program's width): the
// control type (ODT_*), item, action (ODA_*), state (ODS_*), DC, rectangle and item data.
uint64_t send_draw_item(WindowsProcess& p, uint64_t hwnd, uint32_t type, uint32_t item, uint32_t action, uint32_t state,
                        uint64_t hdc, const Rect& rect, uint64_t data);
// A UTF-16 string in guest memory of its own for the calls that read one (a message's lParam, a
// class or window name), freed when it goes.
struct GuestText {
  WindowsProcess& p;
  uint64_t at = 0;
  GuestText(WindowsProcess& proc, const std::u16string& s);
  ~GuestText();
  GuestText(const GuestText&) = delete;
  GuestText& operator=(const GuestText&) = delete;
};

// Text of a control's message parameter in the caller's kind (NUL-terminated; none for 0).
std::u16string message_text(uint64_t s, bool unicode);

// Messages and codes the controls and dialogs share.
enum : uint32_t {
  WM_CTLCOLOREDIT = 0x0133, WM_CTLCOLORLISTBOX = 0x0134, WM_CTLCOLORBTN = 0x0135, WM_CTLCOLORDLG = 0x0136,
  WM_CTLCOLORSCROLLBAR = 0x0137, WM_PRINTCLIENT = 0x0318, WM_NEXTDLGCTL = 0x0028, WM_INITDIALOG = 0x0110,
  WM_LBUTTONDOWN = 0x0201, WM_LBUTTONUP = 0x0202, WM_LBUTTONDBLCLK = 0x0203,
  WM_CAPTURECHANGED = 0x0215, WM_HSCROLL = 0x0114, WM_VSCROLL = 0x0115,
  WM_NOTIFY = 0x004e, WM_HELP = 0x0053, WM_CONTEXTMENU = 0x007b, WM_UPDATEUISTATE = 0x0128,
  WM_CHANGEUISTATE = 0x0127, WM_QUERYUISTATE = 0x0129, WM_COPY = 0x0301,
  WM_CUT = 0x0300, WM_PASTE = 0x0302, WM_CLEAR = 0x0303, WM_UNDO = 0x0304,
};
// Dialog codes (WM_GETDLGCODE's answers).
enum : uint32_t {
  DLGC_WANTARROWS = 0x1, DLGC_WANTTAB = 0x2, DLGC_WANTALLKEYS = 0x4, DLGC_WANTMESSAGE = 0x4,
  DLGC_HASSETSEL = 0x8, DLGC_DEFPUSHBUTTON = 0x10, DLGC_UNDEFPUSHBUTTON = 0x20, DLGC_RADIOBUTTON = 0x40,
  DLGC_WANTCHARS = 0x80, DLGC_STATIC = 0x100, DLGC_BUTTON = 0x2000,
};
constexpr uint32_t WS_GROUP = 0x00020000u, WS_TABSTOP = 0x00010000u;
// Virtual keys the controls and the dialog manager use.
enum : uint32_t {
  VK_BACK = 0x08, VK_TAB = 0x09, VK_RETURN = 0x0d,
  VK_ESCAPE = 0x1b, VK_SPACE = 0x20, VK_PRIOR = 0x21, VK_NEXT = 0x22, VK_END = 0x23, VK_HOME = 0x24,
  VK_LEFT = 0x25, VK_UP = 0x26, VK_RIGHT = 0x27, VK_DOWN = 0x28, VK_INSERT = 0x2d, VK_DELETE = 0x2e,
};
// DrawText's flags.
enum : uint32_t {
  DT_LEFT = 0, DT_CENTER = 0x1, DT_RIGHT = 0x2, DT_VCENTER = 0x4, DT_BOTTOM = 0x8, DT_WORDBREAK = 0x10,
  DT_SINGLELINE = 0x20, DT_EXPANDTABS = 0x40, DT_TABSTOP = 0x80, DT_NOCLIP = 0x100, DT_EXTERNALLEADING = 0x200,
  DT_CALCRECT = 0x400, DT_NOPREFIX = 0x800, DT_PATH_ELLIPSIS = 0x4000, DT_END_ELLIPSIS = 0x8000,
  DT_WORD_ELLIPSIS = 0x40000, DT_HIDEPREFIX = 0x100000, DT_PREFIXONLY = 0x200000,
};
// Whether a key is down in the calling thread's key state.
bool key_down(WindowsProcess& p, uint32_t vk);

}  // namespace polyrun::shims::user32
