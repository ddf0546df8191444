// USER32's window manager's core: window handles, the thread queues, sending and posting, and
// window procedures called with strings of their own kind (user32/window_manager.h).
#include "shims/user32/window_manager.h"

#include "shims/user32/controls.h"
#include "shims/user32/menus.h"

#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims::user32 {

namespace {

std::shared_ptr<Window> make_root(WindowManager& wm, const char16_t* class_name) {
  auto w = std::make_shared<Window>();
  w->handle = new_window_handle(wm);
  auto cls = std::make_shared<WindowClass>();
  cls->name = class_name;
  cls->system = true;
  w->cls = cls;
  w->style = WS_POPUP | WS_VISIBLE | WS_CLIPSIBLINGS | WS_CLIPCHILDREN;
  w->window = w->client = wm.screen;
  wm.windows[w->handle] = w;
  return w;
}

// ---- ANSI and Unicode window procedures ----
// A message whose parameters hold text, converted for a procedure of the other kind: the text
// copied to guest memory of its own for the call, and what the procedure wrote back (WM_GETTEXT)
// converted back into the caller's buffer.
std::string narrow(const std::u16string& s) { return utf16_to_ansi(s); }

uint64_t guest_copy(WindowsProcess& p, const void* data, size_t bytes) {
  const uint64_t at = p.heap.alloc(bytes ? bytes : 1);
  if (at && bytes) std::memcpy(guest_pointer(at), data, bytes);
  return at;
}

// A string argument of the caller's kind as the other kind (a resource id or atom stays as it is).
uint64_t convert_string(WindowsProcess& p, uint64_t s, bool from_unicode, std::vector<uint64_t>& temps) {
  if (s < 0x10000) return s;
  uint64_t at;
  if (from_unicode) {
    const std::string n = narrow(reinterpret_cast<const char16_t*>(s));
    at = guest_copy(p, n.c_str(), n.size() + 1);
  } else {
    const std::u16string w = ansi_to_utf16(reinterpret_cast<const char*>(s));
    at = guest_copy(p, w.c_str(), 2 * (w.size() + 1));
  }
  temps.push_back(at);
  return at;
}

// A sent message to its window's procedure on the window's thread, with the WH_CALLWNDPROC hooks
// before (CWPSTRUCT: lParam, wParam, message, hwnd) and the WH_CALLWNDPROCRET ones after
// (CWPRETSTRUCT: lResult first); `own`: the calling thread sent it.
uint64_t deliver(WindowsProcess& p, Window& w, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode, bool own) {
  const uint64_t hwnd = w.handle;
  const unsigned width = p.isa->ptr;
  // (Both structures are pointer-sized fields in a row.)
  auto hook_with = [&](int32_t type, std::initializer_list<uint64_t> fields) {
    const uint64_t at = p.heap.alloc(fields.size() * width, true);
    uint64_t field = at;
    for (uint64_t v : fields) p.put_ptr(field, v), field += width;
    call_hooks(p, type, 0, own ? 1 : 0, at);
    p.heap.free(at);
  };
  if (has_hooks(p, WH_CALLWNDPROC)) hook_with(WH_CALLWNDPROC, {lparam, wparam, msg, hwnd});
  Window* now = find_window(p, hwnd);
  if (!now) return 0;
  const uint64_t result = call_window_proc(p, now->wndproc, now->unicode, hwnd, msg, wparam, lparam, unicode);
  if (has_hooks(p, WH_CALLWNDPROCRET)) hook_with(WH_CALLWNDPROCRET, {result, lparam, wparam, msg, hwnd});
  return result;
}

}  // namespace

bool is_char_message(uint32_t msg) {
  return msg == WM_CHAR || msg == WM_DEADCHAR || msg == WM_SYSCHAR || msg == WM_SYSDEADCHAR;
}

uint64_t char_message_wparam(uint64_t wparam, bool from_unicode) {
  if (from_unicode) {
    const std::string a = utf16_to_ansi(std::u16string(1, static_cast<char16_t>(wparam & 0xffff)));
    if (a.empty()) return '?';
    return a.size() == 1 ? static_cast<uint8_t>(a[0]) : (static_cast<uint8_t>(a[0]) << 8) | static_cast<uint8_t>(a[1]);
  }
  const std::u16string u = ansi_to_utf16(std::string(1, static_cast<char>(wparam & 0xff)));
  return u.empty() ? 0 : u[0];
}

// Window handles as Windows makes them: an index in the low word (even, from 0x20), a generation in
// the high word; never given twice.
uint64_t new_window_handle(WindowManager& wm) {
  const uint32_t n = wm.next_window++;
  return (static_cast<uint64_t>(n / 0x7ff0 + 1) << 16) | (0x20 + 2 * (n % 0x7ff0));
}

WindowManager& window_manager(WindowsProcess& p) {
  static WindowManager* wm = [&] {
    auto* m = new WindowManager;
    m->desktop = make_root(*m, u"#32769")->handle;
    m->message_root = make_root(*m, u"Message")->handle;
    m->windows[m->message_root]->style = WS_POPUP | WS_CLIPSIBLINGS;
    register_control_classes(p, *m);
    // The program's end: the display shows (or writes) its windows' last pictures.
    p.process_end_hooks.push_back([](WindowsProcess& proc) { display_at_exit(proc); });
    // A thread's end takes its windows (no messages: the thread is gone) and its queue; a thread
    // waiting for a reply from it stops waiting.
    p.thread_end_hooks.push_back([](WindowsProcess& proc, WindowsThread& t) {
      WindowManager& wm = window_manager(proc);
      std::vector<uint64_t> gone;
      for (const auto& [h, w] : wm.windows)
        if (w->thread_id == t.id) gone.push_back(h);
      for (uint64_t h : gone) forget_window(proc, h);
      wm.queues.erase(t.id);
      proc.wake_waiters();
    });
    return m;
  }();
  return *wm;
}

CreateStructLayout create_struct_layout(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  const unsigned ints = 4 * w;                       // cy cx y x style after four pointers
  const unsigned name = (ints + 20 + w - 1) / w * w;  // (aligned for a pointer)
  return {ints, name, name + w, name + 2 * w, (name + 2 * w + 4 + w - 1) / w * w};
}

void forget_window(WindowsProcess& p, uint64_t hwnd) {
  WindowManager& wm = window_manager(p);
  auto it = wm.windows.find(hwnd);
  if (it == wm.windows.end()) return;
  const std::shared_ptr<Window> w = it->second;
  if (w->parent == wm.desktop) display_window_gone(p, *w);
  window_menus_gone(p, *w);
  if (Window* parent = find_window(p, w->parent)) std::erase(parent->children, hwnd);
  wm.windows.erase(it);
  --w->cls->windows;
  for (auto& [tid, q] : wm.queues) {
    std::erase_if(q->timers, [&](const Timer& t) { return t.hwnd == hwnd; });
    std::erase_if(q->posted, [&](const Message& m) { return m.hwnd == hwnd; });
    for (uint64_t* held : {&q->input->focus, &q->input->active, &q->input->capture})
      if (*held == hwnd) *held = 0;
  }
  if (wm.foreground == hwnd) wm.foreground = 0;
}

int64_t signed_handle(WindowsProcess& p, uint64_t h) {
  return p.isa->ptr == 4 ? static_cast<int32_t>(h) : static_cast<int64_t>(h);
}

Window* find_window(WindowsProcess& p, uint64_t hwnd) {
  WindowManager& wm = window_manager(p);
  hwnd &= 0xffffffffu;  // (handles are 32 bits wide, also in 64-bit programs)
  auto it = wm.windows.find(hwnd);
  if (it == wm.windows.end() && hwnd && hwnd < 0x10000) {
    // A 16-bit handle: the window with that low word.
    for (auto& [h, w] : wm.windows)
      if ((h & 0xffff) == hwnd) return w.get();
    return nullptr;
  }
  return it == wm.windows.end() ? nullptr : it->second.get();
}

Window* window_or_fail(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) p.set_last_error(ERROR_INVALID_WINDOW_HANDLE);
  return w;
}

ThreadQueue& own_queue(WindowsProcess& p) {
  WindowManager& wm = window_manager(p);
  const uint32_t me = p.thread().id;
  auto& q = wm.queues[me];
  if (!q) {
    q = std::make_shared<ThreadQueue>();
    q->thread_id = me;
    q->input = new_input_state();
  }
  return *q;
}

std::shared_ptr<InputState> new_input_state() {
  static uint64_t made = 0;
  auto s = std::make_shared<InputState>();
  s->id = ++made;
  return s;
}

ThreadQueue* queue_of(WindowsProcess& p, uint32_t thread_id) {
  WindowManager& wm = window_manager(p);
  auto it = wm.queues.find(thread_id);
  return it == wm.queues.end() ? nullptr : it->second.get();
}

uint32_t message_time() {
  return static_cast<uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

uint64_t call_window_proc(WindowsProcess& p, uint64_t proc, bool proc_unicode, uint64_t hwnd, uint32_t msg,
                          uint64_t wparam, uint64_t lparam, bool caller_unicode) {
  if (!proc) return 0;
  if (const ControlProc control = control_proc_at(p, proc)) return control(p, hwnd, msg, wparam, lparam, caller_unicode);
  const uint64_t mask = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  auto call = [&](uint64_t wp, uint64_t lp) {
    return p.call_guest(proc, {hwnd & mask, msg, wp & mask, lp & mask});
  };
  if (proc_unicode == caller_unicode) return call(wparam, lparam);
  std::vector<uint64_t> temps;
  struct Free {
    WindowsProcess& p;
    std::vector<uint64_t>& t;
    ~Free() {
      for (uint64_t a : t) p.heap.free(a);
    }
  } free_temps{p, temps};
  switch (msg) {
    case WM_SETTEXT:
    case WM_SETTINGCHANGE:
      return lparam ? call(wparam, convert_string(p, lparam, caller_unicode, temps)) : call(wparam, lparam);
    case WM_NCCREATE:
    case WM_CREATE: {
      if (!lparam) return call(wparam, lparam);
      const CreateStructLayout l = create_struct_layout(p);
      std::vector<uint8_t> copy(l.size);
      std::memcpy(copy.data(), guest_pointer(lparam), l.size);
      const uint64_t cs = guest_copy(p, copy.data(), copy.size());
      temps.push_back(cs);
      p.put_ptr(cs + l.name, convert_string(p, p.get_ptr(lparam + l.name), caller_unicode, temps));
      p.put_ptr(cs + l.cls, convert_string(p, p.get_ptr(lparam + l.cls), caller_unicode, temps));
      return call(wparam, cs);
    }
    case WM_GETTEXT: {
      // wparam: the caller's buffer size in its characters; the result: characters copied.
      const uint64_t chars = wparam & 0xffffffffu;
      const uint64_t tmp = p.heap.alloc((chars ? chars : 1) * 4 + 4);
      temps.push_back(tmp);
      // (The procedure is told the caller's size; its buffer has room for a double-byte page.)
      const uint64_t got = call(chars, tmp);
      if (!lparam || !chars) return got;
      if (caller_unicode) {  // an ANSI procedure wrote text in the ANSI code page
        std::u16string w = ansi_to_utf16(std::string(reinterpret_cast<const char*>(tmp), std::min<uint64_t>(got, chars * 2)));
        if (w.size() > chars - 1) w.resize(chars - 1);
        std::memcpy(guest_pointer(lparam), w.c_str(), 2 * (w.size() + 1));
        return w.size();
      }
      std::string n = narrow(std::u16string(reinterpret_cast<const char16_t*>(tmp), std::min<uint64_t>(got, chars)));
      if (n.size() > chars - 1) n.resize(chars - 1);
      std::memcpy(guest_pointer(lparam), n.c_str(), n.size() + 1);
      return n.size();
    }
    case WM_GETTEXTLENGTH: {
      // An ANSI caller of a Unicode procedure: the length in the ANSI code page's bytes, of the
      // text the procedure then gives with WM_GETTEXT.
      const uint64_t length = call(wparam, lparam);
      if (caller_unicode || static_cast<int64_t>(length) < 0) return length;
      const uint64_t chars = (length & 0xffffffffu) + 1;
      const uint64_t tmp = p.heap.alloc(chars * 2, true);
      if (!tmp) return length;
      temps.push_back(tmp);
      const uint64_t got = p.call_guest(proc, {hwnd & mask, WM_GETTEXT, chars & mask, tmp & mask});
      return utf16_to_ansi(std::u16string(reinterpret_cast<const char16_t*>(tmp), std::min<uint64_t>(got, chars))).size();
    }
    case WM_CHAR:
    case WM_DEADCHAR:
    case WM_SYSCHAR:
    case WM_SYSDEADCHAR: {
      // A character code: UTF-16 for the Unicode procedure, the ANSI code page's byte for the
      // ANSI one (a character the page has not: '?').
      return call(char_message_wparam(static_cast<uint32_t>(wparam), caller_unicode), lparam);
    }
    default:
      return call(wparam, lparam);
  }
}

bool receive_sent_messages(WindowsProcess& p) {
  ThreadQueue& q = own_queue(p);
  bool any = false;
  // USER32's calls owed to the thread (out-of-context WinEvent hooks, the session's end).
  while (!q.owed.empty() && !p.stopping()) {
    const std::function<void(WindowsProcess&)> call = std::move(q.owed.front());
    q.owed.pop_front();
    any = true;
    call(p);
  }
  // Answers to this thread's SendMessageCallback: the callback (hwnd, message, data, result).
  while (!q.answered.empty() && !p.stopping()) {
    std::shared_ptr<SentMessage> s = q.answered.front();
    q.answered.pop_front();
    any = true;
    p.call_guest(s->callback, {s->msg.hwnd, s->msg.message, s->callback_data, s->result});
  }
  while (!q.sent.empty() && !p.stopping()) {
    std::shared_ptr<SentMessage> s = q.sent.front();
    q.sent.pop_front();
    any = true;
    q.receiving.push_back(s);
    uint64_t result = 0;
    if (Window* w = find_window(p, s->msg.hwnd)) result = deliver(p, *w, s->msg.message, s->msg.wparam, s->msg.lparam, s->unicode, false);
    q.receiving.erase(std::find(q.receiving.begin(), q.receiving.end(), s));
    if (!s->done) {  // (ReplyMessage may have answered already)
      s->result = result;
      s->done = true;
    }
    if (s->callback)
      if (ThreadQueue* sender = queue_of(p, s->sender)) sender->answered.push_back(s);
    p.wake_waiters();
  }
  return any;
}

uint64_t send_message(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = window_or_fail(p, hwnd);
  if (!w) return 0;
  const uint32_t me = p.thread().id;
  if (w->thread_id == me || w->thread_id == 0) {
    own_queue(p);
    return deliver(p, *w, msg, wparam, lparam, unicode, true);
  }
  ThreadQueue* target = queue_of(p, w->thread_id);
  if (!target) return 0;
  ThreadQueue& mine = own_queue(p);
  const std::shared_ptr<SentMessage> s = queue_sent(p, *target, *w, msg, wparam, lparam, unicode);
  while (!s->done && !p.stopping()) {
    if (receive_sent_messages(p)) continue;
    wait_until(p, kInfinite,
               [&] { return s->done || !mine.sent.empty() || !mine.owed.empty() || p.stopping(); },
               "for a reply to a message sent to a thread that no longer takes messages");
    if (!queue_of(p, w->thread_id)) break;  // the thread ended
  }
  return s->result;
}

std::shared_ptr<SentMessage> queue_sent(WindowsProcess& p, ThreadQueue& q, const Window& w, uint32_t msg,
                                        uint64_t wparam, uint64_t lparam, bool unicode) {
  auto s = std::make_shared<SentMessage>();
  s->msg = {w.handle, msg, wparam, lparam, message_time(), 0, 0};
  s->unicode = unicode;
  s->sender = p.thread().id;
  q.sent.push_back(s);
  q.changed |= 0x40;  // QS_SENDMESSAGE
  p.wake_waiters();
  return s;
}

void post_to_queue(WindowsProcess& p, ThreadQueue& q, const Message& m) {
  q.posted.push_back(m);
  q.changed |= 0x8;  // QS_POSTMESSAGE
  p.wake_waiters();
}

bool post_message(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam) {
  Message m{hwnd, msg, wparam, lparam, message_time(), 0, 0};
  if (!hwnd) {
    post_to_queue(p, own_queue(p), m);
    return true;
  }
  Window* w = window_or_fail(p, hwnd);
  if (!w) return false;
  m.hwnd = w->handle;
  ThreadQueue* q = w->thread_id == p.thread().id ? &own_queue(p) : queue_of(p, w->thread_id);
  if (!q) return false;
  post_to_queue(p, *q, m);
  return true;
}

bool post_message_from_outside(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam) {
  Window* w = find_window(p, hwnd);
  if (!w) return false;
  ThreadQueue* q = queue_of(p, w->thread_id);
  if (!q) return false;
  post_to_queue(p, *q, Message{w->handle, msg, wparam, lparam, message_time(), 0, 0});
  return true;
}

std::vector<uint64_t> descendants(WindowsProcess& p, uint64_t root) {
  std::vector<uint64_t> out;
  Window* r = find_window(p, root);
  if (!r) return out;
  for (uint64_t c : r->children) {
    out.push_back(c);
    for (uint64_t d : descendants(p, c)) out.push_back(d);
  }
  return out;
}

bool is_descendant(WindowsProcess& p, uint64_t parent, uint64_t hwnd) {
  for (Window* w = find_window(p, hwnd); w && w->parent; w = find_window(p, w->parent))
    if (w->parent == parent) return true;
  return false;
}

void client_origin(WindowsProcess& p, uint64_t hwnd, int32_t& x, int32_t& y) {
  x = y = 0;
  for (Window* w = find_window(p, hwnd); w && w->parent; w = find_window(p, w->parent)) {
    x += w->client.left;
    y += w->client.top;
  }
}

Rect screen_rect(WindowsProcess& p, const Window& w) {
  int32_t x, y;
  client_origin(p, w.parent, x, y);
  return {w.window.left + x, w.window.top + y, w.window.right + x, w.window.bottom + y};
}

Rect client_screen_rect(WindowsProcess& p, const Window& w) {
  int32_t x, y;
  client_origin(p, w.parent, x, y);
  return {w.client.left + x, w.client.top + y, w.client.right + x, w.client.bottom + y};
}

bool visible(WindowsProcess& p, uint64_t hwnd) {
  WindowManager& wm = window_manager(p);
  for (Window* w = find_window(p, hwnd); w; w = find_window(p, w->parent)) {
    if (!(w->style & WS_VISIBLE)) return false;
    if (w->handle == wm.desktop) return true;
    if (!w->parent) return false;
  }
  return false;
}

}  // namespace polyrun::shims::user32
