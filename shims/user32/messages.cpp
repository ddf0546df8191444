// USER32's messages: SendMessage and its variants, PostMessage, PostThreadMessage, GetMessage,
// PeekMessage, DispatchMessage, TranslateMessage, PostQuitMessage, WaitMessage, GetQueueStatus,
// timers (SetTimer, KillTimer), InSendMessage and ReplyMessage. A queue gives, in Windows' order:
// messages sent from other threads (handled inside the call), posted messages, WM_QUIT, WM_PAINT
// for a window with something to paint, then WM_TIMER for a timer that is due.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr uint32_t PM_REMOVE = 1;
constexpr uint32_t QS_KEY = 0x1, QS_MOUSEMOVE = 0x2, QS_MOUSEBUTTON = 0x4, QS_POSTMESSAGE = 0x8, QS_TIMER = 0x10,
                   QS_PAINT = 0x20, QS_SENDMESSAGE = 0x40, QS_HOTKEY = 0x80, QS_ALLPOSTMESSAGE = 0x100;
constexpr uint64_t kHwndBroadcast = 0xffff;

// MSG: hwnd, message, wParam, lParam, time, pt (pointers as wide as the ISA's).
void write_msg(WindowsProcess& p, uint64_t at, const Message& m) {
  const unsigned w = p.isa->ptr;
  p.put_ptr(at, m.hwnd);
  put<uint32_t>(at + w, m.message);
  const uint64_t wp = (w + 4 + w - 1) / w * w;
  p.put_ptr(at + wp, m.wparam);
  p.put_ptr(at + wp + w, m.lparam);
  put<uint32_t>(at + wp + 2 * w, m.time);
  put<int32_t>(at + wp + 2 * w + 4, m.x);
  put<int32_t>(at + wp + 2 * w + 8, m.y);
}
Message read_msg(WindowsProcess& p, uint64_t at) {
  const unsigned w = p.isa->ptr;
  Message m;
  m.hwnd = p.get_ptr(at);
  m.message = get<uint32_t>(at + w);
  const uint64_t wp = (w + 4 + w - 1) / w * w;
  m.wparam = p.get_ptr(at + wp);
  m.lparam = p.get_ptr(at + wp + w);
  m.time = get<uint32_t>(at + wp + 2 * w);
  m.x = get<int32_t>(at + wp + 2 * w + 4);
  m.y = get<int32_t>(at + wp + 2 * w + 8);
  return m;
}

// Whether a message passes GetMessage/PeekMessage's filter: a window (and its children), -1 for
// the thread's own messages (hwnd NULL), and a range of message numbers (0, 0: every one).
bool matches(WindowsProcess& p, const Message& m, uint64_t hwnd, uint32_t first, uint32_t last) {
  if (first || last) {
    if (last < first) {
      if (m.message > last && m.message < first) return false;  // (a reversed range excludes between)
    } else if (m.message < first || m.message > last) {
      return false;
    }
  }
  if (!hwnd) return true;
  if (signed_handle(p, hwnd) == -1) return m.hwnd == 0;
  const uint64_t h = hwnd & 0xffffffffu;
  return m.hwnd == h || is_descendant(p, h, m.hwnd);
}

// A window of the calling thread that has something to paint, within the filter. Windows
// whose frame alone needs painting have it painted (WM_NCPAINT) on the way.
uint64_t window_to_paint(WindowsProcess& p, uint64_t hwnd) {
  WindowManager& wm = window_manager(p);
  const uint32_t me = p.thread().id;
  if (hwnd && signed_handle(p, hwnd) == -1) return 0;  // (the thread's own messages only)
  const uint64_t only = hwnd & 0xffffffffu;
  for (;;) {
    uint64_t frame_only = 0;
    for (const auto& [h, w] : wm.windows) {
      if (w->thread_id != me || (w->update.empty() && !w->frame_dirty) || !visible(p, h)) continue;
      if (only && h != only && !is_descendant(p, only, h)) continue;
      if (!w->update.empty()) return h;
      if (!frame_only) frame_only = h;
    }
    if (!frame_only) return 0;
    find_window(p, frame_only)->frame_dirty = false;
    send_message(p, frame_only, WM_NCPAINT, 1, 0);
  }
}

std::chrono::steady_clock::time_point now() { return std::chrono::steady_clock::now(); }

// The next message for GetMessage/PeekMessage, if one is there; `remove` takes it from the queue.
bool next_message(WindowsProcess& p, uint64_t hwnd, uint32_t first, uint32_t last, bool remove, Message& out) {
  ThreadQueue& q = own_queue(p);
  // Posted messages come before input (keys), as Windows takes its posted queue before its input
  // queue; each in the order it came.
  for (const bool input : {false, true}) {
    for (auto it = q.posted.begin(); it != q.posted.end(); ++it) {
      if (((it->input & kKeyInput) != 0) != input || !matches(p, *it, hwnd, first, last)) continue;
      out = *it;
      if (remove) {
        q.posted.erase(it);
        apply_key_input(q, out);  // (a key of the display's: the key state as it was then)
      }
      return true;
    }
  }
  // The display's mouse events, made into messages now, in this thread (hit tests, activation).
  const bool mouse_range = (!first && !last) || (first <= 0x20e && last >= 0x200) || (first <= 0xad && last >= 0xa0);
  while (mouse_range && !q.mouse.empty()) {
    Message m;
    if (!take_mouse_message(p, q, m)) continue;
    if (!matches(p, m, hwnd, first, last)) {
      q.posted.push_back(m);  // (for a later GetMessage that takes it)
      continue;
    }
    if (!remove) q.posted.push_front(m);
    out = m;
    return true;
  }
  if (q.quit && matches(p, Message{0, WM_QUIT}, 0, first, last)) {
    out = Message{0, WM_QUIT, static_cast<uint64_t>(static_cast<int64_t>(q.quit_code)), 0, message_time(), 0, 0};
    if (remove) q.quit = false;
    return true;
  }
  if (const uint64_t h = window_to_paint(p, hwnd); h && matches(p, Message{h, WM_PAINT}, 0, first, last)) {
    out = Message{h, WM_PAINT, 0, 0, message_time(), 0, 0};  // (stays until the window is validated)
    return true;
  }
  const auto t = now();
  for (Timer& timer : q.timers) {
    if (timer.due > t) continue;
    const Message m{timer.hwnd, timer.system ? WM_SYSTIMER : WM_TIMER, timer.id, timer.proc, message_time(), 0, 0};
    if (!matches(p, m, hwnd, first, last)) continue;
    out = m;
    if (remove) timer.due = t + std::chrono::milliseconds(timer.elapse_ms);
    return true;
  }
  return false;
}

// How long until the next timer of the calling thread is due (kInfinite: none).
uint32_t next_timer_ms(WindowsProcess& p) {
  ThreadQueue& q = own_queue(p);
  uint32_t best = kInfinite;
  const auto t = now();
  for (const Timer& timer : q.timers) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timer.due - t).count();
    best = std::min<uint32_t>(best, ms <= 0 ? 0 : static_cast<uint32_t>(ms + 1));
  }
  return best;
}

// What the calling thread's queue holds now (QS_* bits).
uint32_t queue_status(WindowsProcess& p) {
  ThreadQueue& q = own_queue(p);
  uint32_t s = 0;
  if (!q.posted.empty() || q.quit) s |= QS_POSTMESSAGE | QS_ALLPOSTMESSAGE;
  if (!q.sent.empty() || !q.answered.empty() || !q.owed.empty()) s |= QS_SENDMESSAGE;
  if (window_to_paint(p, 0)) s |= QS_PAINT;
  const auto t = now();
  for (const Timer& timer : q.timers)
    if (timer.due <= t) s |= QS_TIMER;
  return s;
}

void remember(WindowsProcess& p, const Message& m) { own_queue(p).last = m; }

// WH_GETMESSAGE: the hooks see (and may change) the message GetMessage or PeekMessage returns.
void get_message_hooks(WindowsProcess& p, uint64_t msg, bool removed) {
  if (msg && has_hooks(p, WH_GETMESSAGE)) call_hooks(p, WH_GETMESSAGE, 0, removed ? PM_REMOVE : 0, msg);
}

// Waits, with the lock released, until something comes to the calling thread's queue (a message
// sent or posted, an answer to its SendMessageCallback, WM_QUIT) or its next timer is due.
void wait_for_queue(WindowsProcess& p) {
  ThreadQueue& q = own_queue(p);
  wait_until(p, next_timer_ms(p),
             [&] {
               return !q.sent.empty() || !q.answered.empty() || !q.owed.empty() || !q.posted.empty() ||
                      !q.mouse.empty() || q.quit || p.stopping();
             },
             "for a message no thread can post");
}

// A queue holds its character messages in UTF-16: GetMessageA and PeekMessageA give the ANSI
// code page's character, PostMessageA's is taken from it.
void ansi_char_out(WindowsProcess& p, uint64_t msg) {
  const Message m = read_msg(p, msg);
  if (!is_char_message(m.message)) return;
  Message a = m;
  a.wparam = char_message_wparam(m.wparam, true);
  write_msg(p, msg, a);
}
uint64_t ansi_char_in(uint32_t msg, uint64_t wparam) { return is_char_message(msg) ? char_message_wparam(wparam, false) : wparam; }

int32_t get_message(WindowsProcess& p, Ptr msg, Ptr hwnd, uint32_t first, uint32_t last, bool unicode) {
  if (hwnd && signed_handle(p, hwnd.addr) != -1 && !window_or_fail(p, hwnd.addr)) return -1;
  Message m;
  for (;;) {
    receive_sent_messages(p);
    if (p.stopping()) return 0;
    if (next_message(p, hwnd.addr, first, last, true, m)) break;
    wait_for_queue(p);
  }
  write_msg(p, msg.addr, m);
  get_message_hooks(p, msg.addr, true);
  m = read_msg(p, msg.addr);
  remember(p, m);
  if (!unicode) ansi_char_out(p, msg.addr);
  return m.message == WM_QUIT ? 0 : 1;
}
int32_t GetMessageA(WindowsProcess& p, Ptr msg, Ptr hwnd, uint32_t first, uint32_t last) {
  return get_message(p, msg, hwnd, first, last, false);
}
int32_t GetMessageW(WindowsProcess& p, Ptr msg, Ptr hwnd, uint32_t first, uint32_t last) {
  return get_message(p, msg, hwnd, first, last, true);
}

BOOL peek_message(WindowsProcess& p, Ptr msg, Ptr hwnd, uint32_t first, uint32_t last, uint32_t flags, bool unicode) {
  receive_sent_messages(p);
  Message m;
  if (!next_message(p, hwnd.addr, first, last, (flags & PM_REMOVE) != 0, m)) return FALSE;
  if (msg) {
    write_msg(p, msg.addr, m);
    get_message_hooks(p, msg.addr, (flags & PM_REMOVE) != 0);
    if (!unicode) ansi_char_out(p, msg.addr);
  }
  remember(p, m);
  return TRUE;
}
BOOL PeekMessageA(WindowsProcess& p, Ptr msg, Ptr hwnd, uint32_t first, uint32_t last, uint32_t flags) {
  return peek_message(p, msg, hwnd, first, last, flags, false);
}
BOOL PeekMessageW(WindowsProcess& p, Ptr msg, Ptr hwnd, uint32_t first, uint32_t last, uint32_t flags) {
  return peek_message(p, msg, hwnd, first, last, flags, true);
}

// DispatchMessage: a timer's procedure for WM_TIMER with one, else the window's procedure.
USize dispatch(WindowsProcess& p, Ptr msg, bool unicode) {
  if (!msg) return 0;
  return dispatch_message(p, read_msg(p, msg.addr), unicode);
}
USize DispatchMessageA(WindowsProcess& p, Ptr msg) { return dispatch(p, msg, false); }
USize DispatchMessageW(WindowsProcess& p, Ptr msg) { return dispatch(p, msg, true); }

// TranslateMessage: a key press makes its character (WM_CHAR, or WM_SYSCHAR with Alt) from the
// thread's key state, queued before what input is already waiting, as Windows' posted messages
// come before its input; TRUE for every key message, FALSE for the rest.
BOOL TranslateMessage(WindowsProcess& p, Ptr msg) {
  if (!msg) return FALSE;
  return translate_message(p, read_msg(p, msg.addr)) ? TRUE : FALSE;
}

USize SendMessageA(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return send_message(p, hwnd.addr, msg, wp, lp, false);
}
USize SendMessageW(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return send_message(p, hwnd.addr, msg, wp, lp, true);
}

// SendMessageTimeout: as SendMessage (a window of this process answers; a hung one is not told
// from a slow one), the result through `result`.
USize send_timeout(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp, Ptr result, bool unicode) {
  if (!find_window(p, hwnd.addr) && hwnd.addr != kHwndBroadcast) return fail(p, ERROR_INVALID_WINDOW_HANDLE), 0;
  uint64_t r = 0;
  if (hwnd.addr == kHwndBroadcast) {
    for (uint64_t h : find_window(p, window_manager(p).desktop)->children) send_message(p, h, msg, wp, lp, unicode);
  } else {
    r = send_message(p, hwnd.addr, msg, wp, lp, unicode);
  }
  if (result) p.put_ptr(result.addr, r);
  return 1;
}
USize SendMessageTimeoutA(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp, uint32_t, uint32_t, Ptr result) {
  return send_timeout(p, hwnd, msg, wp, lp, result, false);
}
USize SendMessageTimeoutW(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp, uint32_t, uint32_t, Ptr result) {
  return send_timeout(p, hwnd, msg, wp, lp, result, true);
}

// SendNotifyMessage: to a window of this thread as SendMessage; to another thread's without waiting.
BOOL send_notify(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp, bool unicode) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (w->thread_id == p.thread().id) {
    send_message(p, hwnd.addr, msg, wp, lp, unicode);
    return TRUE;
  }
  ThreadQueue* q = queue_of(p, w->thread_id);
  if (!q) return FALSE;
  queue_sent(p, *q, *w, msg, wp, lp, unicode)->notify = true;
  return TRUE;
}
BOOL SendNotifyMessageA(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) { return send_notify(p, hwnd, msg, wp, lp, false); }

// SendMessageCallback: to a window of this thread, the procedure and then the callback at once; to
// another thread's, without waiting: the callback runs on this thread when it next takes messages
// (GetMessage, PeekMessage, a wait for messages) after the other thread has answered.
BOOL send_callback(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp, Ptr callback, USize data, bool unicode) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (w->thread_id == p.thread().id) {
    const uint64_t result = send_message(p, hwnd.addr, msg, wp, lp, unicode);
    if (callback) p.call_guest(callback.addr, {hwnd.addr, msg, data, result});
    return TRUE;
  }
  ThreadQueue* q = queue_of(p, w->thread_id);
  if (!q) return FALSE;
  own_queue(p);  // (where the answer comes back)
  const std::shared_ptr<SentMessage> s = queue_sent(p, *q, *w, msg, wp, lp, unicode);
  s->notify = true;
  s->callback = callback.addr;
  s->callback_data = data;
  return TRUE;
}
BOOL SendMessageCallbackA(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp, Ptr cb, USize data) {
  return send_callback(p, hwnd, msg, wp, lp, cb, data, false);
}
BOOL SendMessageCallbackW(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp, Ptr cb, USize data) {
  return send_callback(p, hwnd, msg, wp, lp, cb, data, true);
}
BOOL SendNotifyMessageW(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) { return send_notify(p, hwnd, msg, wp, lp, true); }

BOOL post(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  if (hwnd.addr == kHwndBroadcast) {
    for (uint64_t h : find_window(p, window_manager(p).desktop)->children) post_message(p, h, msg, wp, lp);
    return TRUE;
  }
  return post_message(p, hwnd.addr, msg, wp, lp) ? TRUE : FALSE;
}
BOOL PostMessageA(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return post(p, hwnd, msg, ansi_char_in(msg, wp), lp);
}
BOOL PostMessageW(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) { return post(p, hwnd, msg, wp, lp); }

// PostThreadMessage: to a thread that has a queue (it called USER32 before).
BOOL PostThreadMessageW(WindowsProcess& p, uint32_t thread_id, uint32_t msg, USize wp, USize lp) {
  ThreadQueue* q = thread_id == p.thread().id ? &own_queue(p) : queue_of(p, thread_id);
  if (!q) return fail(p, ERROR_INVALID_THREAD_ID);
  post_to_queue(p, *q, Message{0, msg, wp, lp, message_time(), 0, 0});
  return TRUE;
}
BOOL PostThreadMessageA(WindowsProcess& p, uint32_t thread_id, uint32_t msg, USize wp, USize lp) {
  return PostThreadMessageW(p, thread_id, msg, ansi_char_in(msg, wp), lp);
}

void PostQuitMessage(WindowsProcess& p, int32_t code) {
  ThreadQueue& q = own_queue(p);
  q.quit = true;
  q.quit_code = code;
  p.wake_waiters();
}

BOOL WaitMessage(WindowsProcess& p) {
  ThreadQueue& q = own_queue(p);
  if (queue_status(p) & q.changed) return TRUE;
  wait_for_queue(p);
  receive_sent_messages(p);
  return TRUE;
}

// MsgWaitForMultipleObjects(Ex): the objects' wait (kernel32's), ended too by input of the kinds
// `mask` names in the thread's queue (WAIT_OBJECT_0 + count), messages sent from other threads
// among them; a timer coming due ends it too. Input already in the queue counts at once (as with
// MWMO_INPUTAVAILABLE: a program that waits with messages it has not taken returns at once rather
// than waiting for a newer one).
uint32_t msg_wait(WindowsProcess& p, uint32_t count, Ptr handles, bool wait_all, uint32_t timeout_ms, uint32_t mask,
                  bool alertable) {
  constexpr uint32_t kWaitTimeout = 258;
  ThreadQueue& q = own_queue(p);
  const auto start = now();
  for (;;) {
    auto input = [&] { return (queue_status(p) & mask) != 0 || (!q.sent.empty() && (mask & QS_SENDMESSAGE)); };
    if (!wait_all && input()) return count;
    uint32_t slice = timeout_ms;
    if (timeout_ms != kInfinite) {
      const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(now() - start).count();
      slice = spent >= timeout_ms ? 0 : timeout_ms - static_cast<uint32_t>(spent);
    }
    const uint32_t timer = (mask & QS_TIMER) ? next_timer_ms(p) : kInfinite;
    const bool timer_first = timer < slice;
    const uint32_t r = wait_for_objects_or(p, count, handles.addr, wait_all, timer_first ? timer : slice, alertable,
                                           wait_all ? std::function<bool()>(nullptr) : std::function<bool()>(input));
    if (r != kWaitTimeout || !timer_first || p.stopping()) return r;
  }
}
uint32_t MsgWaitForMultipleObjects(WindowsProcess& p, uint32_t count, Ptr handles, int32_t wait_all, uint32_t timeout_ms,
                                   uint32_t mask) {
  return msg_wait(p, count, handles, wait_all != 0, timeout_ms, mask, false);
}
uint32_t MsgWaitForMultipleObjectsEx(WindowsProcess& p, uint32_t count, Ptr handles, uint32_t timeout_ms, uint32_t mask,
                                     uint32_t flags) {
  constexpr uint32_t MWMO_WAITALL = 1, MWMO_ALERTABLE = 2;
  return msg_wait(p, count, handles, (flags & MWMO_WAITALL) != 0, timeout_ms, mask, (flags & MWMO_ALERTABLE) != 0);
}

// GetQueueStatus: the kinds of message in the queue (low word: new since the last call).
uint32_t GetQueueStatus(WindowsProcess& p, uint32_t flags) {
  ThreadQueue& q = own_queue(p);
  const uint32_t status = queue_status(p) & flags;
  const uint32_t changed = q.changed & status;
  q.changed &= ~flags;
  return status << 16 | changed;
}
BOOL GetInputState(WindowsProcess& p) { return (queue_status(p) & (QS_KEY | QS_MOUSEMOVE | QS_MOUSEBUTTON | QS_HOTKEY)) != 0; }

uint32_t GetMessageTime(WindowsProcess& p) { return own_queue(p).last.time; }
uint32_t GetMessagePos(WindowsProcess& p) {
  const Message& m = own_queue(p).last;
  return (static_cast<uint32_t>(m.x) & 0xffff) | (static_cast<uint32_t>(m.y) << 16);
}
USize GetMessageExtraInfo(WindowsProcess& p) { return own_queue(p).extra_info; }
USize SetMessageExtraInfo(WindowsProcess& p, USize v) {
  ThreadQueue& q = own_queue(p);
  const uint64_t old = q.extra_info;
  q.extra_info = v;
  return old;
}

// InSendMessage: whether the message being handled came from another thread; ReplyMessage answers
// it before the handler returns.
BOOL InSendMessage(WindowsProcess& p) { return !own_queue(p).receiving.empty(); }
uint32_t InSendMessageEx(WindowsProcess& p, Ptr) {
  ThreadQueue& q = own_queue(p);
  if (q.receiving.empty()) return 0;  // ISMEX_NOSEND
  return q.receiving.back()->notify ? 0x2 : 0x1;  // ISMEX_NOTIFY, ISMEX_SEND
}
BOOL ReplyMessage(WindowsProcess& p, USize result) {
  ThreadQueue& q = own_queue(p);
  if (q.receiving.empty() || q.receiving.back()->done) return FALSE;
  q.receiving.back()->result = result;
  q.receiving.back()->done = true;
  p.wake_waiters();
  return TRUE;
}

// ---- timers ----
// SetTimer: a window's timer by its id (replacing one of the same id), or a thread timer whose id
// USER32 picks; the period is held between 10 ms and 0x7fffffff.
USize set_timer(WindowsProcess& p, Ptr hwnd, USize id, uint32_t elapse, Ptr proc, bool system) {
  WindowManager& wm = window_manager(p);
  ThreadQueue* q = &own_queue(p);
  uint64_t h = 0;
  if (hwnd) {
    Window* w = window_or_fail(p, hwnd.addr);
    if (!w) return 0;
    h = w->handle;
    if (w->thread_id != p.thread().id) {
      q = queue_of(p, w->thread_id);
      if (!q) return 0;
    }
  }
  elapse = std::clamp<uint32_t>(elapse, 10, 0x7fffffff);
  uint64_t timer_id = id;
  if (!h) {
    // A thread timer: a new id, unless `id` names one of this thread's (then it is replaced).
    const bool existing = id && std::any_of(q->timers.begin(), q->timers.end(), [&](const Timer& t) { return !t.hwnd && t.id == id; });
    timer_id = existing ? static_cast<uint64_t>(id) : wm.next_thread_timer--;
  }
  std::erase_if(q->timers, [&](const Timer& t) { return t.hwnd == h && t.id == timer_id && t.system == system; });
  Timer t;
  t.hwnd = h;
  t.id = timer_id;
  t.proc = proc.addr;
  t.elapse_ms = elapse;
  t.due = now() + std::chrono::milliseconds(elapse);
  t.system = system;
  q->timers.push_back(t);
  p.wake_waiters();
  return h ? (timer_id ? timer_id : 1) : timer_id;
}
USize SetTimer(WindowsProcess& p, Ptr hwnd, USize id, uint32_t elapse, Ptr proc) { return set_timer(p, hwnd, id, elapse, proc, false); }
USize SetSystemTimer(WindowsProcess& p, Ptr hwnd, USize id, uint32_t elapse, Ptr proc) { return set_timer(p, hwnd, id, elapse, proc, true); }

BOOL kill_timer(WindowsProcess& p, Ptr hwnd, USize id, bool system) {
  WindowManager& wm = window_manager(p);
  const uint64_t h = hwnd ? hwnd.addr & 0xffffffffu : 0;
  for (auto& [tid, q] : wm.queues) {
    const size_t before = q->timers.size();
    std::erase_if(q->timers, [&](const Timer& t) { return t.hwnd == h && t.id == id && t.system == system; });
    if (q->timers.size() != before) return TRUE;
  }
  return fail(p, ERROR_INVALID_PARAMETER);
}
BOOL KillTimer(WindowsProcess& p, Ptr hwnd, USize id) { return kill_timer(p, hwnd, id, false); }
BOOL KillSystemTimer(WindowsProcess& p, Ptr hwnd, USize id) { return kill_timer(p, hwnd, id, true); }

}  // namespace

bool wait_message(WindowsProcess& p, Message& out) {
  for (;;) {
    receive_sent_messages(p);
    if (p.stopping()) {
      out = Message{0, WM_QUIT};
      return false;
    }
    if (next_message(p, 0, 0, 0, true, out)) break;
    wait_for_queue(p);
  }
  remember(p, out);
  return out.message != WM_QUIT;
}

bool poll_message(WindowsProcess& p, Message& out) {
  receive_sent_messages(p);
  if (!next_message(p, 0, 0, 0, true, out)) return false;
  remember(p, out);
  return true;
}

uint64_t dispatch_message(WindowsProcess& p, const Message& m, bool unicode) {
  if ((m.message == WM_TIMER || m.message == WM_SYSTIMER) && m.lparam) {
    p.call_guest(m.lparam, {m.hwnd, m.message, m.wparam, message_time()});
    return 0;
  }
  if (!m.hwnd) return 0;
  Window* w = window_or_fail(p, m.hwnd);
  if (!w) return 0;
  const uint64_t r = call_window_proc(p, w->wndproc, w->unicode, w->handle, m.message, m.wparam, m.lparam, unicode);
  if (m.message == WM_PAINT) {
    // A procedure that did not validate its window: Windows validates it rather than ask again.
    if (Window* again = find_window(p, m.hwnd)) {
      again->update = Rect{};
      again->erase = false;
    }
  }
  return r;
}

bool translate_message(WindowsProcess& p, const Message& m) {
  const uint32_t message = m.message;
  if (message < WM_KEYDOWN || message > WM_SYSKEYUP || message == WM_CHAR || message == WM_SYSCHAR ||
      message == WM_DEADCHAR || message == WM_SYSDEADCHAR)
    return false;
  if (message != WM_KEYDOWN && message != WM_SYSKEYDOWN) return true;
  ThreadQueue& q = own_queue(p);
  // (VK_PACKET, SendInput's KEYEVENTF_UNICODE: the character is the high word of lParam.)
  const char16_t c = (m.wparam & 0xff) == 0xe7 ? static_cast<char16_t>(m.lparam >> 16)
                                               : key_char(static_cast<uint32_t>(m.wparam), q.input->keys.data());
  if (c) {
    q.posted.push_front(Message{m.hwnd, message == WM_SYSKEYDOWN ? WM_SYSCHAR : WM_CHAR, c, m.lparam, message_time(), 0, 0});
    q.changed |= QS_POSTMESSAGE;
  }
  return true;
}


const std::vector<Export>& message_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetMessageA", GetMessageA),
      EXPORT("GetMessageW", GetMessageW),
      EXPORT("PeekMessageA", PeekMessageA),
      EXPORT("PeekMessageW", PeekMessageW),
      EXPORT("DispatchMessageA", DispatchMessageA),
      EXPORT("DispatchMessageW", DispatchMessageW),
      EXPORT("TranslateMessage", TranslateMessage),
      EXPORT("SendMessageA", SendMessageA),
      EXPORT("SendMessageW", SendMessageW),
      EXPORT("SendMessageTimeoutA", SendMessageTimeoutA),
      EXPORT("SendMessageTimeoutW", SendMessageTimeoutW),
      EXPORT("SendNotifyMessageA", SendNotifyMessageA),
      EXPORT("SendNotifyMessageW", SendNotifyMessageW),
      EXPORT("SendMessageCallbackA", SendMessageCallbackA),
      EXPORT("SendMessageCallbackW", SendMessageCallbackW),
      EXPORT("PostMessageA", PostMessageA),
      EXPORT("PostMessageW", PostMessageW),
      EXPORT("PostThreadMessageA", PostThreadMessageA),
      EXPORT("PostThreadMessageW", PostThreadMessageW),
      EXPORT("PostQuitMessage", PostQuitMessage),
      EXPORT("WaitMessage", WaitMessage),
      EXPORT("MsgWaitForMultipleObjects", MsgWaitForMultipleObjects),
      EXPORT("MsgWaitForMultipleObjectsEx", MsgWaitForMultipleObjectsEx),
      EXPORT("GetQueueStatus", GetQueueStatus),
      EXPORT("GetInputState", GetInputState),
      EXPORT("GetMessageTime", GetMessageTime),
      EXPORT("GetMessagePos", GetMessagePos),
      EXPORT("GetMessageExtraInfo", GetMessageExtraInfo),
      EXPORT("SetMessageExtraInfo", SetMessageExtraInfo),
      EXPORT("InSendMessage", InSendMessage),
      EXPORT("InSendMessageEx", InSendMessageEx),
      EXPORT("ReplyMessage", ReplyMessage),
      EXPORT("SetTimer", SetTimer),
      EXPORT("KillTimer", KillTimer),
      EXPORT("SetSystemTimer", SetSystemTimer),
      EXPORT("KillSystemTimer", KillSystemTimer),
  };
  return e;
}

}  // namespace polyrun::shims::user32
