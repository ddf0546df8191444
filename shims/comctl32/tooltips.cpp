// Tooltips (tooltips_class32): a top-level WS_POPUP window holding tools (a window, or an id and
// a rectangle of it, each with a text) described by TOOLINFO of any of its sizes (TTTOOLINFO_V1 to
// V3, ANSI or Unicode: only the fields the size holds are read or written). A mouse move relayed
// over a tool (TTM_RELAYEVENT, or with TTF_SUBCLASS the tool window's own) shows its tip after the
// initial delay, for the auto-pop delay;
// TTM_TRACKACTIVATE shows a tracking tool's tip at TTM_TRACKPOSITION's point. A tool whose text
// is LPSTR_TEXTCALLBACK has it from its window's answer to TTN_GETDISPINFO when its tip shows.
#include <algorithm>
#include <string>
#include <vector>

#include "shims/comctl32/comctl32.h"
#include "shims/comctl32/views.h"
#include "shims/core/guest_memory.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32 {

using namespace user32;

namespace tooltips {
namespace {

enum : uint32_t {
  TTM_ACTIVATE = WM_USER + 1, TTM_SETDELAYTIME = WM_USER + 3, TTM_ADDTOOLA = WM_USER + 4, TTM_DELTOOLA = WM_USER + 5,
  TTM_NEWTOOLRECTA = WM_USER + 6, TTM_RELAYEVENT = WM_USER + 7, TTM_GETTOOLINFOA = WM_USER + 8,
  TTM_SETTOOLINFOA = WM_USER + 9, TTM_GETTEXTA = WM_USER + 11, TTM_UPDATETIPTEXTA = WM_USER + 12,
  TTM_GETTOOLCOUNT = WM_USER + 13, TTM_ENUMTOOLSA = WM_USER + 14, TTM_TRACKACTIVATE = WM_USER + 17,
  TTM_TRACKPOSITION = WM_USER + 18, TTM_SETTIPBKCOLOR = WM_USER + 19, TTM_SETTIPTEXTCOLOR = WM_USER + 20,
  TTM_GETDELAYTIME = WM_USER + 21, TTM_GETTIPBKCOLOR = WM_USER + 22, TTM_GETTIPTEXTCOLOR = WM_USER + 23,
  TTM_SETMAXTIPWIDTH = WM_USER + 24, TTM_GETMAXTIPWIDTH = WM_USER + 25, TTM_POP = WM_USER + 28,
  TTM_UPDATE = WM_USER + 29, TTM_ADDTOOLW = WM_USER + 50, TTM_DELTOOLW = WM_USER + 51,
  TTM_NEWTOOLRECTW = WM_USER + 52, TTM_GETTOOLINFOW = WM_USER + 53, TTM_SETTOOLINFOW = WM_USER + 54,
  TTM_GETTEXTW = WM_USER + 56, TTM_UPDATETIPTEXTW = WM_USER + 57, TTM_ENUMTOOLSW = WM_USER + 58,
  TTF_IDISHWND = 0x1, TTF_SUBCLASS = 0x10, TTF_TRACK = 0x20, TTF_ABSOLUTE = 0x80,
  TTDT_AUTOMATIC = 0, TTDT_RESHOW = 1, TTDT_AUTOPOP = 2, TTDT_INITIAL = 3,
};
enum : int32_t { COLOR_INFOTEXT = 23, COLOR_INFOBK = 24 };
constexpr uint64_t kShowTimer = 1, kHideTimer = 2;
constexpr uint64_t kTextCallback = ~uint64_t{0};  // LPSTR_TEXTCALLBACK

struct Tool {
  uint32_t flags = 0;
  uint64_t hwnd = 0, id = 0, instance = 0, lparam = 0;
  Rect rect;
  std::u16string text;
  uint64_t text_ref = 0;  // LPSTR_TEXTCALLBACK or a string resource's id (0: `text`)
};

struct TipState : ControlState {
  std::vector<Tool> tools;
  int32_t initial = 500, autopop = 5000, reshow = 100, max_width = -1;
  bool active = true;
  int32_t track_x = 0, track_y = 0;
  int current = -1;  // the tool whose tip shows or waits to
  int32_t at_x = 0, at_y = 0;
  uint32_t bk = 0, fg = 0;
  bool colors_set = false;
  std::u16string shown_text;  // a LPSTR_TEXTCALLBACK tool's text as TTN_GETDISPINFO gave it
};

// TOOLINFO's fields: their offsets for the program's pointer width.
struct Layout {
  unsigned hwnd, id, rect, instance, text, lparam, v1;
};
Layout layout(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  const unsigned hwnd = 8, id = hwnd + w, rect = id + w, instance = rect + 16, text = instance + w;
  return {hwnd, id, rect, instance, text, text + w, text + w};
}

int find_tool(WindowsProcess& p, const TipState& s, uint64_t ti) {
  const Layout l = layout(p);
  const uint64_t hwnd = p.get_ptr(ti + l.hwnd), id = p.get_ptr(ti + l.id);
  for (size_t i = 0; i < s.tools.size(); i++) {
    const Tool& t = s.tools[i];
    if (t.hwnd == hwnd && t.id == id) return static_cast<int>(i);
    if ((t.flags & TTF_IDISHWND) && t.id == id && !hwnd) return static_cast<int>(i);
  }
  return -1;
}

// The fields a TOOLINFO of its size holds, into a tool (`with_text`: its text too).
void read_tool(WindowsProcess& p, uint64_t ti, Tool& t, bool wide, bool with_text) {
  const Layout l = layout(p);
  const uint32_t size = get<uint32_t>(ti);
  t.flags = get<uint32_t>(ti + 4);
  t.hwnd = p.get_ptr(ti + l.hwnd), t.id = p.get_ptr(ti + l.id);
  t.rect = get<Rect>(ti + l.rect);
  t.instance = p.get_ptr(ti + l.instance);
  if (size >= l.v1 + p.isa->ptr) t.lparam = p.get_ptr(ti + l.lparam);
  if (!with_text) return;
  const uint64_t text = p.get_ptr(ti + l.text);
  const uint64_t callback = p.isa->ptr == 4 ? 0xffffffffu : kTextCallback;
  if (text == callback) t.text_ref = kTextCallback, t.text.clear();
  else if (text < 0x10000) t.text_ref = text, t.text.clear();
  else t.text_ref = 0, t.text = message_text(text, wide);
}

// LPSTR_TEXTCALLBACK: TTN_GETDISPINFO (NMTTDISPINFO: lpszText, szText[80], hinst, uFlags, lParam)
// to the tool's window, which answers with a string, its szText, or a string resource.
std::u16string callback_text(WindowsProcess& p, uint64_t tip, const Tool& t) {
  const unsigned ptr = p.isa->ptr, head = views::nmhdr_size(p);
  const bool wide = views::parent_wants_unicode(p, tip, t.hwnd);
  const unsigned text = head, buf = head + ptr, inst = (buf + (wide ? 160 : 80) + ptr - 1) / ptr * ptr;
  const uint64_t at = views::new_notify(p, tip, wide ? -530 : -520, inst + 3 * ptr);
  if (!at) return u"";
  p.put_ptr(at + p.isa->ptr, t.id);
  p.put_ptr(at + text, at + buf);
  put<uint32_t>(at + inst + ptr, t.flags);
  p.put_ptr(at + inst + 2 * ptr, t.lparam);
  views::send_notify(p, tip, t.hwnd, at);
  const uint64_t s = p.get_ptr(at + text);
  std::u16string out;
  if (s >= 0x10000) {
    out = message_text(s, wide);
  } else if (s) {
    const uint64_t b = p.heap.alloc(2 * 1024, true);
    const int32_t n = load_string_resource(p, p.get_ptr(at + inst), static_cast<uint32_t>(s), b, 1024);
    out.assign(reinterpret_cast<const char16_t*>(b), static_cast<size_t>(std::max(n, 0)));
    p.heap.free(b);
  }
  p.heap.free(at);
  return out;
}

std::u16string tool_text(WindowsProcess& p, const Tool& t, uint64_t tip = 0) {
  if (t.text_ref == kTextCallback && tip) return callback_text(p, tip, t);
  if (t.text_ref == 0 || t.text_ref == kTextCallback) return t.text;
  const uint64_t buf = p.heap.alloc(2 * 1024, true);
  const int32_t n = load_string_resource(p, t.instance, static_cast<uint32_t>(t.text_ref), buf, 1024);
  std::u16string s(reinterpret_cast<const char16_t*>(buf), static_cast<size_t>(std::max(n, 0)));
  p.heap.free(buf);
  return s;
}

// A tool into a TOOLINFO of its size; the text into its buffer when it names one.
void write_tool(WindowsProcess& p, uint64_t ti, const Tool& t, bool wide) {
  const Layout l = layout(p);
  const uint32_t size = get<uint32_t>(ti);
  put<uint32_t>(ti + 4, t.flags);
  p.put_ptr(ti + l.hwnd, t.hwnd), p.put_ptr(ti + l.id, t.id);
  put<Rect>(ti + l.rect, t.rect);
  p.put_ptr(ti + l.instance, t.instance);
  if (size >= l.v1 + p.isa->ptr) p.put_ptr(ti + l.lparam, t.lparam);
  const uint64_t buf = p.get_ptr(ti + l.text);
  if (t.text_ref == kTextCallback) p.put_ptr(ti + l.text, p.isa->ptr == 4 ? 0xffffffffu : kTextCallback);
  else if (buf >= 0x10000) copy_text_out(p, tool_text(p, t), Ptr{buf}, 80, wide);
}

bool valid_size(WindowsProcess& p, uint64_t ti) { return ti && get<uint32_t>(ti) >= layout(p).v1; }

// The tip of tool `index` shown at a point of the screen (the window's border outside it).
void show_tip(WindowsProcess& p, uint64_t hwnd, int index, int32_t x, int32_t y) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  TipState& s = control_state<TipState>(*w);
  if (index < 0 || index >= static_cast<int>(s.tools.size())) return;
  s.current = index;
  const std::u16string text = tool_text(p, s.tools[index], hwnd);
  if (!(w = find_window(p, hwnd))) return;
  TipState& s2 = control_state<TipState>(*w);
  s2.shown_text = text;
  // The text's size in the tip's font, with margins (at most TTM_SETMAXTIPWIDTH's width, wrapped).
  const uint64_t font = s2.font;
  const int32_t max_width = s2.max_width;
  int32_t width = 0, height = 0;
  const uint64_t hdc = window_dc(p, hwnd, false);
  if (gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc)) {
    gdi32::select_object(p, *dc, font ? font : gdi32::gdi_table(p).stock(gdi32::SYSTEM_FONT));
    Rect r{0, 0, max_width > 0 ? max_width - 6 : 0x7fff, 0};
    draw_text_in(p, hdc, text, r, DT_CALCRECT | DT_NOPREFIX | (max_width > 0 ? DT_WORDBREAK : DT_SINGLELINE));
    width = r.width() + 6, height = r.height() + 4;
  }
  release_window_dc(p, hwnd, hdc);
  set_window_position(p, hwnd, 0, x - 1, y - 1, width + 2, height + 2, SWP_NOZORDER | SWP_NOACTIVATE | SWP_SHOWWINDOW);
  invalidate_rect(p, hwnd, nullptr, true);
}

void hide_tip(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  control_state<TipState>(*w).current = -1;
  call_user32(p, "KillTimer", {hwnd, kShowTimer});
  call_user32(p, "KillTimer", {hwnd, kHideTimer});
  if (w->style & WS_VISIBLE) set_window_position(p, hwnd, 0, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE | SWP_HIDEWINDOW);
}

// A mouse message of a tool's window (`lp`: the point in its client area): a move onto a tool
// starts the initial delay, after which its tip shows below the point; a move off it, or a
// button, hides the tip.
void relay(WindowsProcess& p, uint64_t hwnd, uint64_t target, uint32_t m, uint64_t lp) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  TipState& s = control_state<TipState>(*w);
  if (!s.active || m < WM_MOUSEFIRST || m > WM_MOUSELAST) return;
  if (m != WM_MOUSEMOVE) {
    hide_tip(p, hwnd);
    return;
  }
  const int32_t x = static_cast<int16_t>(lp), y = static_cast<int16_t>(lp >> 16);
  int hit = -1;
  for (size_t i = 0; i < s.tools.size(); i++) {
    const Tool& t = s.tools[i];
    if (t.flags & TTF_TRACK) continue;
    if (((t.flags & TTF_IDISHWND) && t.id == target) || (!(t.flags & TTF_IDISHWND) && t.hwnd == target && t.rect.contains(x, y)))
      hit = static_cast<int>(i);
  }
  if (hit == s.current) return;
  hide_tip(p, hwnd);
  if (hit < 0 || !(w = find_window(p, hwnd))) return;
  TipState& st = control_state<TipState>(*w);
  st.current = hit;
  int32_t ox = 0, oy = 0;
  client_origin(p, target, ox, oy);
  st.at_x = ox + x, st.at_y = oy + y;
  call_user32(p, "SetTimer", {hwnd, kShowTimer, static_cast<uint64_t>(std::max(st.initial, 1)), 0});
}

// TTF_SUBCLASS: the tool's window's mouse messages relayed as they come.
uint64_t tool_window(const Tool& t) { return (t.flags & TTF_IDISHWND) ? t.id : t.hwnd; }
void relay_hook(WindowsProcess& p, uint64_t tip, uint64_t hwnd, uint32_t msg, uint64_t, uint64_t lparam) {
  relay(p, tip, hwnd, msg, lparam);
}
// The tip's subclassing of the windows of its TTF_SUBCLASS tools, brought in line with them.
void update_subclassing(WindowsProcess& p, uint64_t hwnd, const std::vector<uint64_t>& before) {
  Window* w = find_window(p, hwnd);
  std::vector<uint64_t> now;
  if (w)
    for (const Tool& t : control_state<TipState>(*w).tools)
      if (t.flags & TTF_SUBCLASS) now.push_back(tool_window(t));
  for (uint64_t h : before)
    if (std::find(now.begin(), now.end(), h) == now.end()) unsubclass(p, h, hwnd);
  for (uint64_t h : now) subclass(p, h, hwnd, relay_hook);
}
std::vector<uint64_t> subclassed_windows(const TipState& s) {
  std::vector<uint64_t> v;
  for (const Tool& t : s.tools)
    if (t.flags & TTF_SUBCLASS) v.push_back(tool_window(t));
  return v;
}

void paint(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const TipState& st = control_state<TipState>(*w);
  const std::u16string text = st.current < 0 || st.current >= static_cast<int>(st.tools.size()) ? u""
                               : st.tools[st.current].text_ref == kTextCallback ? st.shown_text
                                                                                 : tool_text(p, st.tools[st.current]);
  const uint64_t font = st.font;
  paint_control(p, hwnd, given_dc, font, [&](ControlPaint& cp) {
    fill_sys_color(p, *cp.dc, cp.client, COLOR_INFOBK);
    cp.dc->s.bk_mode = gdi32::TRANSPARENT;
    cp.dc->s.text_color = sys_color(COLOR_INFOTEXT);
    Rect r{cp.client.left + 4, cp.client.top + 2, cp.client.right - 2, cp.client.bottom};
    draw_text_in(p, cp.hdc, text, r, DT_LEFT | DT_NOPREFIX | DT_WORDBREAK);
  });
}

uint64_t tooltips_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  TipState& s = control_state<TipState>(*w);
  const bool wide = msg >= TTM_ADDTOOLW;
  switch (msg) {
    case WM_NCCREATE:
      // A top-level popup with a thin border, whatever style it was given (an overlapped style's
      // caption, which CreateWindowEx adds to a style of 0, goes).
      w->style = (w->style & ~(WS_CHILD | WS_DLGFRAME)) | WS_POPUP | WS_BORDER | WS_CLIPSIBLINGS;
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_DESTROY:
      for (uint64_t h : subclassed_windows(s)) unsubclass(p, h, hwnd);
      return 0;
    case WM_ERASEBKGND:
      return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, wparam);
      return 0;
    case WM_SETFONT:
      s.font = wparam;
      return 0;
    case WM_GETFONT:
      return s.font;
    case WM_NCHITTEST:
      return static_cast<uint64_t>(-1);  // HTTRANSPARENT
    case WM_TIMER:
      if (wparam == kShowTimer) {
        call_user32(p, "KillTimer", {hwnd, kShowTimer});
        show_tip(p, hwnd, s.current, s.at_x, s.at_y + 20);
        if (s.autopop > 0) call_user32(p, "SetTimer", {hwnd, kHideTimer, static_cast<uint64_t>(s.autopop), 0});
      } else if (wparam == kHideTimer) {
        hide_tip(p, hwnd);
      }
      return 0;
    case TTM_ADDTOOLA:
    case TTM_ADDTOOLW: {
      if (!valid_size(p, lparam)) return 0;
      Tool t;
      read_tool(p, lparam, t, wide, true);
      const std::vector<uint64_t> before = subclassed_windows(s);
      s.tools.push_back(t);
      update_subclassing(p, hwnd, before);
      return 1;
    }
    case TTM_DELTOOLA:
    case TTM_DELTOOLW: {
      if (!valid_size(p, lparam)) return 0;
      const int i = find_tool(p, s, lparam);
      if (i < 0) return 0;
      if (s.current == i) hide_tip(p, hwnd);
      if (!(w = find_window(p, hwnd))) return 0;
      TipState& st = control_state<TipState>(*w);
      const std::vector<uint64_t> before = subclassed_windows(st);
      st.tools.erase(st.tools.begin() + i);
      if (st.current > i) st.current--;
      update_subclassing(p, hwnd, before);
      return 0;
    }
    case TTM_GETTOOLCOUNT:
      return s.tools.size();
    case TTM_ENUMTOOLSA:
    case TTM_ENUMTOOLSW:
      if (!valid_size(p, lparam) || wparam >= s.tools.size()) return 0;
      write_tool(p, lparam, s.tools[wparam], wide);
      return 1;
    case TTM_GETTOOLINFOA:
    case TTM_GETTOOLINFOW: {
      if (!valid_size(p, lparam)) return 0;
      const int i = find_tool(p, s, lparam);
      if (i < 0) return 0;
      write_tool(p, lparam, s.tools[i], wide);
      return 1;
    }
    case TTM_SETTOOLINFOA:
    case TTM_SETTOOLINFOW:
    case TTM_UPDATETIPTEXTA:
    case TTM_UPDATETIPTEXTW:
    case TTM_NEWTOOLRECTA:
    case TTM_NEWTOOLRECTW: {
      if (!valid_size(p, lparam)) return 0;
      const int i = find_tool(p, s, lparam);
      if (i < 0) return 0;
      Tool& t = s.tools[i];
      if (msg == TTM_NEWTOOLRECTA || msg == TTM_NEWTOOLRECTW) {
        t.rect = get<Rect>(lparam + layout(p).rect);
      } else if (msg == TTM_UPDATETIPTEXTA || msg == TTM_UPDATETIPTEXTW) {
        Tool fresh;
        read_tool(p, lparam, fresh, wide, true);
        t.text = fresh.text, t.text_ref = fresh.text_ref;
        if (fresh.text_ref && fresh.text_ref != kTextCallback) t.instance = fresh.instance;
      } else {
        const std::vector<uint64_t> before = subclassed_windows(s);
        read_tool(p, lparam, t, wide, true);
        update_subclassing(p, hwnd, before);
        if (!(w = find_window(p, hwnd))) return 0;
      }
      if (control_state<TipState>(*w).current == i) invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    }
    case TTM_GETTEXTA:
    case TTM_GETTEXTW: {
      if (!valid_size(p, lparam)) return 0;
      const int i = find_tool(p, s, lparam);
      const uint64_t buf = p.get_ptr(lparam + layout(p).text);
      if (i < 0 || !buf) return 0;
      const int32_t room = wparam ? static_cast<int32_t>(wparam) : 80;
      copy_text_out(p, tool_text(p, s.tools[i]), Ptr{buf}, room, wide);
      return 0;
    }
    case TTM_ACTIVATE:
      s.active = wparam != 0;
      if (!s.active) hide_tip(p, hwnd);
      return 0;
    case TTM_SETDELAYTIME: {
      const int32_t v = static_cast<int16_t>(lparam);
      switch (wparam) {
        case TTDT_AUTOMATIC: {
          const int32_t base = v < 0 ? 500 : v;
          s.initial = base, s.autopop = 10 * base, s.reshow = base / 5;
          break;
        }
        case TTDT_INITIAL: s.initial = v < 0 ? 500 : v; break;
        case TTDT_AUTOPOP: s.autopop = v < 0 ? 5000 : v; break;
        case TTDT_RESHOW: s.reshow = v < 0 ? 100 : v; break;
        default: break;
      }
      return 0;
    }
    case TTM_GETDELAYTIME:
      switch (wparam) {
        case TTDT_AUTOMATIC: case TTDT_INITIAL: return static_cast<uint32_t>(s.initial);
        case TTDT_AUTOPOP: return static_cast<uint32_t>(s.autopop);
        case TTDT_RESHOW: return static_cast<uint32_t>(s.reshow);
        default: return 0;
      }
    case TTM_SETMAXTIPWIDTH: {
      const int32_t old = s.max_width;
      s.max_width = static_cast<int32_t>(lparam);
      return static_cast<uint32_t>(old);
    }
    case TTM_GETMAXTIPWIDTH:
      return static_cast<uint32_t>(s.max_width);
    case TTM_SETTIPBKCOLOR:
      s.bk = static_cast<uint32_t>(wparam);
      return 0;
    case TTM_SETTIPTEXTCOLOR:
      s.fg = static_cast<uint32_t>(wparam);
      return 0;
    case TTM_GETTIPBKCOLOR:
      return s.bk;
    case TTM_GETTIPTEXTCOLOR:
      return s.fg;
    case TTM_RELAYEVENT: {
      // MSG: hwnd, message, wParam, lParam.
      if (!lparam) return 0;
      const unsigned ptr = p.isa->ptr;
      relay(p, hwnd, p.get_ptr(lparam), get<uint32_t>(lparam + ptr), p.get_ptr(lparam + (ptr == 8 ? 24 : 12)));
      return 0;
    }
    case TTM_TRACKACTIVATE: {
      if (!wparam) {
        hide_tip(p, hwnd);
        return 0;
      }
      if (!valid_size(p, lparam)) return 0;
      const int i = find_tool(p, s, lparam);
      if (i < 0 || !(s.tools[i].flags & TTF_TRACK)) return 0;
      show_tip(p, hwnd, i, s.track_x, s.track_y);
      return 0;
    }
    case TTM_TRACKPOSITION:
      s.track_x = static_cast<int16_t>(lparam), s.track_y = static_cast<int16_t>(lparam >> 16);
      if (s.current >= 0 && (s.tools[s.current].flags & TTF_TRACK) && (w->style & WS_VISIBLE))
        show_tip(p, hwnd, s.current, s.track_x, s.track_y);
      return 0;
    case TTM_POP:
      hide_tip(p, hwnd);
      return 0;
    case TTM_UPDATE:
      invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace
}  // namespace tooltips

const ControlClass& tooltips_class() {
  static const Export entry = EXPORT("TooltipsWindowProc", user32::control_entry<tooltips::tooltips_proc>);
  // CS_GLOBALCLASS | CS_DBLCLKS | CS_SAVEBITS.
  static const ControlClass c{u"tooltips_class32", 0x4000 | 0x8 | 0x800, 8, tooltips::tooltips_proc, &entry, 32512, 0};
  return c;
}

}  // namespace polyrun::shims::comctl32
