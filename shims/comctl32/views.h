// What COMCTL32's item views (list view, header, tab control, tree view) share: WM_NOTIFY to the
// parent with an NMHDR of the program's pointer width, the parent's notification format (ANSI or
// Unicode codes and strings), texts read from and written to the program's structures, and the
// controls' classes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::gdi32 {
class Surface;
}

namespace polyrun::shims::comctl32 {

const user32::ControlClass& listview_class();
const user32::ControlClass& header_class();
const user32::ControlClass& tab_control_class();
const user32::ControlClass& treeview_class();
// Image lists (comctl32/imagelist.cpp): their exports, an image drawn transparent where masked
// (false: no such list or image), the size of a list's images.
const std::vector<Export>& imagelist_exports();
namespace views {
bool draw_list_image(WindowsProcess& p, uint64_t list, int32_t index, uint64_t hdc, int32_t x, int32_t y);
bool list_image_size(uint64_t list, int32_t& cx, int32_t& cy);
void destroy_image_list(WindowsProcess& p, uint64_t list);
// A check box at the start of `cell` (the list view's and tree view's own: comctl32/listview.cpp).
void draw_check_box(WindowsProcess& p, gdi32::DeviceContext& dc, const gdi32::Rect& cell, bool checked);
// ImageList_Create; images cut from a bitmap or a surface of the list's height, left to right
// (`transparent` a colour made transparent in a masked list, CLR_NONE for none): the first one's
// index, -1 for none; the number of images; an image's colour and mask (a set bit transparent).
uint64_t new_image_list(WindowsProcess& p, int32_t cx, int32_t cy, uint32_t flags);
int32_t add_list_bitmap(WindowsProcess& p, uint64_t list, uint64_t hbm, uint32_t transparent);
int32_t add_list_surface(WindowsProcess& p, uint64_t list, const gdi32::Surface& src, uint32_t transparent);
int32_t list_image_count(uint64_t list);
bool list_image_parts(uint64_t list, int32_t index, std::shared_ptr<gdi32::Surface>& color,
                      std::shared_ptr<gdi32::Surface>& mask);
}  // namespace views

// What the views' files share, kept in a namespace of its own (each file says `using namespace
// views` inside its own), so that files built beside them in one unit see none of these names.
namespace views {

// Common notification codes (NM_*).
enum : int32_t {
  NM_CLICK_ = -2, NM_DBLCLK_ = -3, NM_RETURN_ = -4, NM_RCLICK_ = -5, NM_RDBLCLK_ = -6, NM_SETFOCUS_ = -7,
  NM_KILLFOCUS_ = -8,
};

// NMHDR's size and where the fields after it start: hwndFrom, idFrom (pointer-sized), code.
inline unsigned nmhdr_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 24u : 12u; }

// Whether the parent wants Unicode notifications: WM_NOTIFYFORMAT's NF_QUERY (NFR_ANSI 1).
inline bool parent_wants_unicode(WindowsProcess& p, uint64_t hwnd, uint64_t parent) {
  if (!parent) return true;
  const uint64_t r = user32::send_message(p, parent, user32::WM_NOTIFYFORMAT, hwnd, 3 /* NF_QUERY */);
  return r != 1;
}

// A notification structure of `size` bytes (zeroed) with its NMHDR filled, in guest memory; free
// it with p.heap.free after the send.
inline uint64_t new_notify(WindowsProcess& p, uint64_t hwnd, int32_t code, unsigned size) {
  const uint64_t at = p.heap.alloc(size < 32 ? 32 : size, true);
  if (!at) return 0;
  user32::Window* w = user32::find_window(p, hwnd);
  p.put_ptr(at, hwnd);
  p.put_ptr(at + p.isa->ptr, w ? w->id : 0);
  put<uint32_t>(at + 2 * p.isa->ptr, static_cast<uint32_t>(code));
  return at;
}

// WM_NOTIFY with a filled structure to the control's parent: the parent's answer.
inline uint64_t send_notify(WindowsProcess& p, uint64_t hwnd, uint64_t parent, uint64_t at) {
  if (!parent || !at) return 0;
  user32::Window* w = user32::find_window(p, hwnd);
  uint64_t r = user32::send_message(p, parent, user32::WM_NOTIFY, w ? w->id : 0, at);
  if (p.isa->ptr == 4) r = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(r)));
  return r;
}

// A notification with nothing but its NMHDR.
inline uint64_t notify_simple(WindowsProcess& p, uint64_t hwnd, uint64_t parent, int32_t code) {
  const uint64_t at = new_notify(p, hwnd, code, nmhdr_size(p));
  const uint64_t r = send_notify(p, hwnd, parent, at);
  if (at) p.heap.free(at);
  return r;
}

// The key notifications' structure (NMLVKEYDOWN, NMTCKEYDOWN, NMTVKEYDOWN: packed, WORD wVKey,
// UINT flags after the NMHDR).
inline uint64_t notify_key(WindowsProcess& p, uint64_t hwnd, uint64_t parent, int32_t code, uint32_t vk,
                           uint32_t flags) {
  const unsigned h = nmhdr_size(p);
  const uint64_t at = new_notify(p, hwnd, code, h + 8);
  if (!at) return 0;
  put<uint16_t>(at + h, static_cast<uint16_t>(vk));
  put<uint32_t>(at + h + 2, flags);
  const uint64_t r = send_notify(p, hwnd, parent, at);
  p.heap.free(at);
  return r;
}

// LPSTR_TEXTCALLBACK: a text pointer of -1.
inline bool is_text_callback(WindowsProcess& p, uint64_t s) {
  return p.isa->ptr == 8 ? s == ~0ull : (s & 0xffffffffu) == 0xffffffffu;
}

// A string of the caller's kind at a guest address (none for 0).
inline std::u16string guest_string(uint64_t s, bool unicode) { return user32::message_text(s, unicode); }

// Text into the program's buffer of `size` characters (cut, NUL-ended): the characters copied.
inline int32_t put_text(WindowsProcess& p, const std::u16string& text, uint64_t buf, int32_t size, bool unicode) {
  return user32::copy_text_out(p, text, Ptr(buf), size, unicode);
}

// Case-insensitive comparison for the views' finding and sorting (ASCII and Latin-1 letters).
inline char16_t fold_char(char16_t c) {
  if (c >= u'a' && c <= u'z') return static_cast<char16_t>(c - 32);
  if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return static_cast<char16_t>(c - 32);
  return c;
}
inline int compare_nocase(const std::u16string& a, const std::u16string& b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const char16_t x = fold_char(a[i]), y = fold_char(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// A guest string (UTF-16) for a class name passed to create_window, kept for the process's life.
inline uint64_t guest_class_name(WindowsProcess& p, const std::u16string& name) {
  const uint64_t at = p.alloc_data(2 * (name.size() + 1));
  for (size_t i = 0; i <= name.size(); ++i) put<uint16_t>(at + 2 * i, i < name.size() ? name[i] : 0);
  return at;
}

}  // namespace views

}  // namespace polyrun::shims::comctl32
