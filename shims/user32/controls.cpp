// The standard controls' common part: their classes registered as the system's, the way from a
// class's window-procedure address to its code, and what every control does alike (notifying its
// parent, asking it for colours, painting with its font).
#include "shims/user32/controls.h"

#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi_objects.h"

namespace polyrun::shims::user32 {

namespace {

// Window-procedure addresses of the system's classes, and the code each leads to.
std::map<uint64_t, ControlProc>& control_procs() {
  static std::map<uint64_t, ControlProc> procs;
  return procs;
}

std::vector<std::vector<const ControlClass*> (*)()>& extra_class_lists() {
  static std::vector<std::vector<const ControlClass*> (*)()> lists;
  return lists;
}

enum : int32_t { COLOR_WINDOW = 5, COLOR_WINDOWTEXT = 8, COLOR_BTNFACE = 15, COLOR_SCROLLBAR = 0 };

}  // namespace

ExtraClasses::ExtraClasses(std::vector<const ControlClass*> (*list)()) { extra_class_lists().push_back(list); }

void register_control_classes(WindowsProcess& p, WindowManager& wm) {
  std::vector<const ControlClass*> all = {&button_class(), &static_class(), &dialog_class(), &scrollbar_class(),
                                          &edit_class(), &listbox_class(), &combobox_class(), &combolbox_class()};
  for (const auto list : extra_class_lists())
    for (const ControlClass* c : list()) all.push_back(c);
  for (const ControlClass* c : all) {
    auto cls = std::make_shared<WindowClass>();
    cls->name = c->name;
    cls->system = true;
    cls->style = c->style;
    cls->wnd_extra = c->wnd_extra;
    cls->wndproc = p.export_thunk(nullptr, "USER32.dll", c->entry->name, c->entry);
    cls->unicode = true;
    cls->background = static_cast<uint64_t>(c->background);
    cls->cursor = system_cursor(p, c->cursor);
    // "#32770" is the atom 32770; the others get atoms of their names (the window manager is being
    // made: its atom table is taken directly).
    if (c->name[0] == u'#') {
      cls->atom = static_cast<uint16_t>(std::stoi(utf16_to_utf8(c->name + 1)));
    } else {
      cls->atom = wm.next_atom++;
      wm.atoms.emplace_back(c->name, cls->atom);
    }
    control_procs()[cls->wndproc] = c->proc;
    wm.classes.push_back(std::move(cls));
  }
}

ControlProc control_proc_at(WindowsProcess&, uint64_t proc) {
  const auto& procs = control_procs();
  const auto it = procs.find(proc);
  return it == procs.end() ? nullptr : it->second;
}

void notify_parent(WindowsProcess& p, uint64_t hwnd, uint32_t code) {
  Window* w = find_window(p, hwnd);
  if (!w || !(w->style & WS_CHILD)) return;
  const uint64_t parent = w->parent;
  send_message(p, parent, WM_COMMAND, pack_words(static_cast<int32_t>(w->id & 0xffff), static_cast<int32_t>(code)),
               hwnd);
}

uint64_t default_control_color(WindowsProcess& p, uint64_t hdc, uint32_t msg) {
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (msg == WM_CTLCOLORSCROLLBAR) {
    if (dc) dc->s.bk_color = sys_color(COLOR_WINDOW), dc->s.text_color = sys_color(COLOR_BTNFACE);
    return sys_color_brush(p, COLOR_SCROLLBAR);
  }
  const bool window_colored = msg == WM_CTLCOLOREDIT || msg == WM_CTLCOLORLISTBOX;
  if (dc) {
    dc->s.text_color = sys_color(COLOR_WINDOWTEXT);
    dc->s.bk_color = sys_color(window_colored ? COLOR_WINDOW : COLOR_BTNFACE);
    gdi32::dc_changed(*dc);
  }
  return sys_color_brush(p, window_colored ? COLOR_WINDOW : COLOR_BTNFACE);
}

uint64_t control_brush(WindowsProcess& p, uint64_t hwnd, uint64_t hdc, uint32_t msg) {
  Window* w = find_window(p, hwnd);
  const uint64_t parent = w && (w->style & WS_CHILD) ? w->parent : 0;
  uint64_t brush = parent ? send_message(p, parent, msg, hdc, hwnd) : 0;
  if (p.isa->ptr == 4) brush &= 0xffffffffu;
  if (!brush || !gdi32::gdi_table(p).find(static_cast<uint32_t>(brush))) brush = default_control_color(p, hdc, msg);
  return brush;
}

void paint_control(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc, uint64_t font,
                   const std::function<void(ControlPaint&)>& draw) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  uint64_t hdc = given_dc;
  Rect update;
  bool erase_left = false;
  if (!hdc) hdc = begin_paint(p, hwnd, update, erase_left);
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (dc && (w = find_window(p, hwnd))) {
    const gdi32::DcState saved = dc->s;
    gdi32::select_object(p, *dc, static_cast<uint32_t>(font ? font : gdi32::gdi_table(p).stock(gdi32::SYSTEM_FONT)));
    ControlPaint cp{p, hwnd, hdc, dc, {0, 0, w->client.width(), w->client.height()}};
    draw(cp);
    if ((dc = gdi32::find_dc(p, hdc))) {
      gdi32::select_object(p, *dc, saved.font);
      gdi32::select_object(p, *dc, saved.brush);
      gdi32::select_object(p, *dc, saved.pen);
      dc->s.text_color = saved.text_color, dc->s.bk_color = saved.bk_color, dc->s.bk_mode = saved.bk_mode;
      gdi32::dc_changed(*dc);
    }
  }
  if (!given_dc) end_paint(p, hwnd, hdc);
}

void fill_with_brush(WindowsProcess& p, gdi32::DeviceContext& dc, const Rect& r, uint64_t brush) {
  gdi32::fill_rect_with_brush(p, dc, r, static_cast<uint32_t>(background_brush(p, brush)));
}

int32_t text_width(WindowsProcess& p, gdi32::DeviceContext& dc, const std::u16string& s) {
  int32_t w = 0;
  gdi32::logical_text_width(p, dc, s, w);
  return w;
}

int32_t font_text_height(WindowsProcess& p, uint64_t hwnd, uint64_t font) {
  const uint64_t hdc = window_dc(p, hwnd, false);
  int32_t h = 0;
  if (gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc)) {
    const uint32_t old = dc->s.font;
    gdi32::select_object(p, *dc, static_cast<uint32_t>(font ? font : gdi32::gdi_table(p).stock(gdi32::SYSTEM_FONT)));
    h = text_height(p, *dc);
    gdi32::select_object(p, *dc, old);
  }
  release_window_dc(p, hwnd, hdc);
  return h > 0 ? h : 16;
}

int32_t text_height(WindowsProcess& p, gdi32::DeviceContext& dc) {
  gdi32::TextMetrics tm;
  return gdi32::logical_text_metrics(p, dc, tm) ? tm.height : 0;
}

uint64_t send_draw_item(WindowsProcess& p, uint64_t hwnd, uint32_t type, uint32_t item, uint32_t action, uint32_t state,
                        uint64_t hdc, const Rect& rect, uint64_t data) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  const uint64_t parent = (w->style & WS_CHILD) ? w->parent : w->owner;
  const uint32_t id = static_cast<uint32_t>(w->id);
  const unsigned ptr = p.isa->ptr;
  // DRAWITEMSTRUCT: CtlType, CtlID, itemID, itemAction, itemState, hwndItem, hDC, rcItem, itemData.
  const unsigned hwnd_at = ptr == 8 ? 24 : 20, size = ptr == 8 ? 64 : 48;
  const uint64_t at = p.heap.alloc(size, true);
  put<uint32_t>(at, type), put<uint32_t>(at + 4, id), put<uint32_t>(at + 8, item), put<uint32_t>(at + 12, action);
  put<uint32_t>(at + 16, state);
  p.put_ptr(at + hwnd_at, hwnd);
  p.put_ptr(at + hwnd_at + ptr, hdc);
  put<Rect>(at + hwnd_at + 2 * ptr, rect);
  p.put_ptr(at + hwnd_at + 2 * ptr + 16, data);
  const uint64_t r = parent ? send_message(p, parent, 0x002b /* WM_DRAWITEM */, id, at) : 0;
  p.heap.free(at);
  return r;
}

GuestText::GuestText(WindowsProcess& proc, const std::u16string& s) : p(proc) {
  at = p.heap.alloc(2 * (s.size() + 1), true);
  if (at) std::memcpy(reinterpret_cast<char16_t*>(at), s.c_str(), 2 * (s.size() + 1));
}
GuestText::~GuestText() {
  if (at) p.heap.free(at);
}

std::u16string message_text(uint64_t s, bool unicode) {
  if (!s) return {};
  return unicode ? std::u16string(reinterpret_cast<const char16_t*>(s)) : ansi_to_utf16(reinterpret_cast<const char*>(s));
}

bool key_down(WindowsProcess& p, uint32_t vk) { return (own_queue(p).input->keys[vk & 0xff] & 0x80) != 0; }

}  // namespace polyrun::shims::user32
