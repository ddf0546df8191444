// What the EDIT control's files (user32/edit*.cpp) share: the messages', styles' and
// notifications' numbers, the control's state (EditState) and its lines, measuring with the
// control's font, and the functions each file has for the others.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/caret.h"
#include "shims/user32/controls.h"

namespace polyrun::shims::user32::edit_control {

enum : uint32_t {
  ES_CENTER = 0x1, ES_RIGHT = 0x2, ES_MULTILINE = 0x4, ES_UPPERCASE = 0x8, ES_LOWERCASE = 0x10, ES_PASSWORD = 0x20,
  ES_AUTOVSCROLL = 0x40, ES_AUTOHSCROLL = 0x80, ES_NOHIDESEL = 0x100, ES_READONLY = 0x800, ES_WANTRETURN = 0x1000,
  ES_NUMBER = 0x2000,
};
enum : uint32_t {
  EM_GETSEL = 0xb0, EM_SETSEL = 0xb1, EM_GETRECT = 0xb2, EM_SETRECT = 0xb3, EM_SETRECTNP = 0xb4, EM_SCROLL = 0xb5,
  EM_LINESCROLL = 0xb6, EM_SCROLLCARET = 0xb7, EM_GETMODIFY = 0xb8, EM_SETMODIFY = 0xb9, EM_GETLINECOUNT = 0xba,
  EM_LINEINDEX = 0xbb, EM_LINELENGTH = 0xc1, EM_REPLACESEL = 0xc2, EM_GETLINE = 0xc4, EM_SETLIMITTEXT = 0xc5,
  EM_CANUNDO = 0xc6, EM_UNDO = 0xc7, EM_LINEFROMCHAR = 0xc9, EM_SETTABSTOPS = 0xcb, EM_SETPASSWORDCHAR = 0xcc,
  EM_EMPTYUNDOBUFFER = 0xcd, EM_GETFIRSTVISIBLELINE = 0xce, EM_SETREADONLY = 0xcf, EM_SETWORDBREAKPROC = 0xd0,
  EM_GETWORDBREAKPROC = 0xd1, EM_GETPASSWORDCHAR = 0xd2, EM_SETMARGINS = 0xd3, EM_GETMARGINS = 0xd4,
  EM_FMTLINES_ = 0xc8, EM_GETLIMITTEXT = 0xd5, EM_POSFROMCHAR = 0xd6, EM_CHARFROMPOS = 0xd7, EM_SETHANDLE_ = 0xbc, EM_GETHANDLE_ = 0xbd,
};
enum : uint32_t {
  EN_SETFOCUS = 0x100, EN_KILLFOCUS = 0x200, EN_CHANGE = 0x300, EN_UPDATE = 0x400, EN_MAXTEXT = 0x501,
  EN_HSCROLL = 0x601, EN_VSCROLL = 0x602,
};
enum : uint32_t { EC_LEFTMARGIN = 1, EC_RIGHTMARGIN = 2, EC_USEFONTINFO = 0xffff };
enum : int32_t { WB_LEFT = 0, WB_RIGHT = 1 };
enum : uint32_t {
  SB_LINEUP = 0, SB_LINEDOWN = 1, SB_PAGEUP = 2, SB_PAGEDOWN = 3, SB_THUMBPOSITION = 4, SB_THUMBTRACK = 5,
  SB_TOP = 6, SB_BOTTOM = 7,
};
enum : uint32_t {
  ES_COMBO = 0x200, CB_SHOWDROPDOWN_ = 0x014f, CB_SETEXTENDEDUI_ = 0x0155, CB_GETEXTENDEDUI_ = 0x0156,
  CB_GETDROPPEDSTATE_ = 0x0157, VK_F4_ = 0x73, kComboListId = 1000,
};
enum : uint32_t {
  WM_RBUTTONDOWN_ = 0x0204, WM_MBUTTONDOWN_ = 0x0207, WM_UNICHAR_ = 0x0109, DM_GETDEFID_ = 0x0400,
  DC_HASDEFID_ = 0x534b, MK_SHIFT_ = 0x4,
};
enum : int32_t {
  COLOR_WINDOWFRAME_ = 6, COLOR_HIGHLIGHT_ = 13, COLOR_HIGHLIGHTTEXT_ = 14, COLOR_GRAYTEXT_ = 17,
};
constexpr uint32_t kInitialLimit = 30000;
constexpr int32_t kHScrollFraction = 3;

// A line of a multiline edit: where it starts, its visible characters, with its break.
struct Line {
  int32_t index = 0, net = 0, length = 0;
  int32_t width = 0;
  bool wrapped = false;  // ends where the text was wrapped (no break characters)
};

struct EditState : ControlState {
  bool made = false;  // WM_NCCREATE has been
  bool unicode = true;  // made by a Unicode caller (the word-break procedure's strings)
  std::u16string text;
  uint32_t style = 0;  // the control's own idea of its style
  uint64_t parent = 0;  // the window notified (the one it was created with)
  int32_t sel_start = 0, sel_end = 0;  // sel_end is the caret's end
  uint32_t limit = kInitialLimit;
  bool modified = false, update_due = false, focused = false, enabled = true, after_wrap = false;
  bool tracking = false, dialog_mode = false;
  int32_t drag_side = 0;
  bool soft_breaks = false;  // EM_FMTLINES: WM_GETTEXT shows wrapped lines' ends as "\r\r\n"  // dragging: the pointer left (-1) or right (1) of the text, for WM_TIMER
  uint64_t list_box = 0;  // ES_COMBO: the combo box's list (its child 1000)
  // EM_GETHANDLE's and EM_SETHANDLE's block of the process heap (LocalAlloc's): the text in the
  // creator's kind of characters, NUL-ended, kept as the text changes and read back when the
  // program changed it; `given`: EM_GETHANDLE handed it out (the program's to free).
  uint64_t buffer = 0;
  bool given = false;
  int32_t undo_insert = 0, undo_position = 0;
  std::u16string undo_text;
  char16_t password = 0;
  int32_t left_margin = 0, right_margin = 0;
  Rect format;
  int32_t line_height = 16, char_width = 8;
  int32_t x_offset = 0;  // multiline: pixels; single-line: characters
  int32_t y_offset = 0;  // the first line shown
  int32_t text_width = 0;
  std::vector<Line> lines{Line{}};
  std::vector<int32_t> tabs;  // EM_SETTABSTOPS', in dialog units
  uint64_t word_break_proc = 0;
  int32_t wheel_rest = 0;
  EditNotifyFilter notify_filter = nullptr;  // set_edit_notify_filter's
};

inline bool multiline(const EditState& s) { return (s.style & ES_MULTILINE) != 0; }
inline int32_t length_of(const EditState& s) { return static_cast<int32_t>(s.text.size()); }

// A DC of the window with the control's font, for measuring.
class Measure {
 public:
  Measure(WindowsProcess& p, uint64_t hwnd, const EditState& s) : p_(p), hwnd_(hwnd) {
    hdc_ = window_dc(p, hwnd, false);
    dc_ = gdi32::find_dc(p, hdc_);
    if (dc_) {
      saved_font_ = dc_->s.font;
      gdi32::select_object(p, *dc_, static_cast<uint32_t>(s.font ? s.font : gdi32::gdi_table(p).stock(gdi32::SYSTEM_FONT)));
    }
  }
  ~Measure() {
    if ((dc_ = gdi32::find_dc(p_, hdc_))) gdi32::select_object(p_, *dc_, saved_font_);
    if (hdc_) release_window_dc(p_, hwnd_, hdc_);
  }
  Measure(const Measure&) = delete;
  Measure& operator=(const Measure&) = delete;
  gdi32::DeviceContext* dc() const { return dc_; }
  int32_t width(const std::u16string& str) const { return dc_ && !str.empty() ? text_width(p_, *dc_, str) : 0; }
  int32_t width(char16_t c) const {
    if (c < 128 && ascii_[c] >= 0) return ascii_[c];
    const int32_t w = width(std::u16string(1, c));
    if (c < 128) ascii_[c] = w;
    return w;
  }

 private:
  WindowsProcess& p_;
  uint64_t hwnd_, hdc_ = 0;
  gdi32::DeviceContext* dc_ = nullptr;
  uint32_t saved_font_ = 0;
  mutable int32_t ascii_[128] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
};

// user32/edit_text.cpp:
EditState* state_of(WindowsProcess& p, uint64_t hwnd);
void notify(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t code);
std::u16string buffer_text(WindowsProcess& p, const EditState& s, uint64_t block);
void sync_buffer(WindowsProcess& p, EditState& s);
void update_text(WindowsProcess& p, uint64_t hwnd, EditState& s);
void place_caret(WindowsProcess& p, uint64_t hwnd, EditState& s);
void set_sel(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t start, uint32_t end, bool after_wrap);
bool line_scroll_pixels(WindowsProcess& p, uint64_t hwnd, EditState& s, int32_t dx, int32_t dy);
void scroll_caret(WindowsProcess& p, uint64_t hwnd, EditState& s);
void empty_undo(EditState& s);
void replace_sel(WindowsProcess& p, uint64_t hwnd, EditState& s, bool can_undo, std::u16string insert,
                 bool send_update, bool honor_limit);
void set_rect_np(WindowsProcess& p, uint64_t hwnd, EditState& s, const Rect& r);
Rect client_of(WindowsProcess& p, uint64_t hwnd);
void set_margins(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action, uint32_t left, uint32_t right,
                 bool repaint);
void set_font(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t font, bool redraw);

// user32/edit_lines.cpp:
std::u16string shown(const EditState& s, int32_t index, int32_t count);
std::vector<int32_t> boundaries(const EditState& s, const Measure& m, int32_t index, int32_t count);
int32_t word_break(WindowsProcess& p, EditState& s, int32_t start, int32_t index, int32_t count, int32_t action);
int32_t visible_lines(const EditState& s);
void build_lines(WindowsProcess& p, uint64_t hwnd, EditState& s);
int32_t line_count(const EditState& s);
int32_t line_from_char(const EditState& s, int32_t index);
int32_t line_index(const EditState& s, int32_t line);
int32_t line_length(const EditState& s, int32_t index);
void pos_from_char(WindowsProcess& p, uint64_t hwnd, const EditState& s, int32_t index, bool after_wrap, int32_t& x,
                   int32_t& y);
int32_t char_from_pos(WindowsProcess& p, uint64_t hwnd, EditState& s, int32_t x, int32_t y, bool* after_wrap);

// user32/edit_input.cpp:
void move_backward(WindowsProcess& p, uint64_t hwnd, EditState& s, bool extend);
void move_forward(WindowsProcess& p, uint64_t hwnd, EditState& s, bool extend);
void copy(WindowsProcess& p, uint64_t hwnd, EditState& s);
void clear(WindowsProcess& p, uint64_t hwnd, EditState& s);
void paste(WindowsProcess& p, uint64_t hwnd, EditState& s);
bool undo(WindowsProcess& p, uint64_t hwnd, EditState& s);
bool can_undo(const EditState& s);
void on_char(WindowsProcess& p, uint64_t hwnd, EditState& s, char16_t c);
uint64_t child_with_id(WindowsProcess& p, uint64_t parent, uint64_t id);
bool combo_key(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t msg, uint32_t key);
uint64_t on_key_down(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t key);
void release_mouse(WindowsProcess& p, uint64_t hwnd, EditState& s);
void on_button_down(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t keys, int32_t x, int32_t y);
void on_double_click(WindowsProcess& p, uint64_t hwnd, EditState& s);
void on_mouse_move(WindowsProcess& p, uint64_t hwnd, EditState& s, int32_t x, int32_t y);
uint64_t scroll(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action);
uint64_t on_vscroll(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action, int32_t pos);
uint64_t on_hscroll(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action, int32_t pos);

// user32/edit_paint.cpp:
void paint(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t given_dc);

}  // namespace polyrun::shims::user32::edit_control
