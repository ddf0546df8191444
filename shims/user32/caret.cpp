// The caret: one per thread (per input state: threads attached by AttachThreadInput share one),
// owned by a window of the thread, made hidden (ShowCaret counts the hidings down to show it) at
// a position in the window's client area. While shown it is drawn by inverting its rectangle in
// the window's DC (twice gives the pixels back), and blinks: a system timer of its window
// (WM_SYSTIMER, as Windows' caret has) whose procedure, USER32's own, turns it off and on each
// GetCaretBlinkTime milliseconds; moving or showing it starts it on. A caret whose window is gone
// is gone with it.
#include <cstring>
#include "shims/user32/caret.h"

#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

struct ThreadCaret {
  uint64_t hwnd = 0;  // 0: the thread has none
  uint64_t owner = 0;  // the window of the last caret made (0 once destroyed, with its window or not)
  int32_t x = 0, y = 0, width = 0, height = 0;
  int32_t hidden = 0;  // ShowCaret calls owed before it shows
  bool drawn = false;  // its rectangle is inverted on the window now
  bool off = false;    // in the blink's off half
  bool blinking = false;  // its window has the blink timer
};

constexpr uint64_t kBlinkTimer = 0xffff;

std::map<uint64_t, ThreadCaret>& carets() {  // by input state (InputState::id)
  static std::map<uint64_t, ThreadCaret> all;
  return all;
}

uint32_t caret_blink_ms = 530;

// A thread's caret (the one of its input state: threads attached by AttachThreadInput share it),
// forgotten (its position with it) when its window no longer exists.
ThreadCaret& caret_of(WindowsProcess& p, uint32_t thread) {
  const ThreadQueue* q = thread == p.thread().id ? &own_queue(p) : queue_of(p, thread);
  static ThreadCaret none;  // (a thread without a queue has no caret)
  if (!q) return none = ThreadCaret{};
  ThreadCaret& c = carets()[q->input->id];
  if (c.hwnd && !find_window(p, c.hwnd))
    c.hwnd = c.owner = 0, c.x = c.y = 0, c.drawn = false, c.hidden = 0, c.blinking = false;
  return c;
}

// The calling thread's caret.
ThreadCaret& own_caret(WindowsProcess& p) {
  return caret_of(p, p.thread().id);
}

// Inverts the caret's rectangle on its window (drawing it or taking it away).
void invert_caret(WindowsProcess& p, ThreadCaret& c) {
  const uint64_t hdc = window_dc(p, c.hwnd, false);
  if (gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc)) {
    constexpr int kNot = 6;  // R2_NOT
    gdi32::rop2_rect(p, *dc, Rect{c.x, c.y, c.x + c.width, c.y + c.height}, kNot);
  }
  if (hdc) release_window_dc(p, c.hwnd, hdc);
  c.drawn = !c.drawn;
}

void draw_as_due(WindowsProcess& p, ThreadCaret& c) {
  const bool want = c.hwnd && c.hidden == 0 && !c.off && visible(p, c.hwnd);
  if (want != c.drawn) invert_caret(p, c);
}

uint64_t call_timer_function(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  for (const Export& e : message_exports())
    if (std::strcmp(e.name, name) == 0) return p.call_guest(p.export_thunk(nullptr, "USER32.dll", e.name, &e), args);
  return 0;
}

void blink_timer_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize id, uint32_t time);
const Export& blink_export() {
  static const Export e = EXPORT("CaretBlinkTimerProc", blink_timer_proc);
  return e;
}

// The blink timer runs while the caret is shown (and the blink time is not INFINITE); the caret
// starts in its on half.
void restart_blink(WindowsProcess& p, ThreadCaret& c) {
  c.off = false;
  const bool want = c.hwnd && c.hidden == 0 && caret_blink_ms != 0xffffffffu;
  if (c.blinking) call_timer_function(p, "KillSystemTimer", {c.hwnd, kBlinkTimer});
  c.blinking = false;
  if (want) {
    const uint64_t proc = p.export_thunk(nullptr, "USER32.dll", blink_export().name, &blink_export());
    c.blinking = call_timer_function(p, "SetSystemTimer", {c.hwnd, kBlinkTimer, caret_blink_ms, proc}) != 0;
  }
}

void stop_blink(WindowsProcess& p, ThreadCaret& c) {
  if (c.blinking && c.hwnd) call_timer_function(p, "KillSystemTimer", {c.hwnd, kBlinkTimer});
  c.blinking = false;
  c.off = false;
}

void blink_timer_proc(WindowsProcess& p, Ptr hwnd, uint32_t, USize, uint32_t) {
  ThreadCaret& c = own_caret(p);
  if (!c.hwnd || c.hwnd != hwnd.addr || c.hidden) return;
  c.off = !c.off;
  draw_as_due(p, c);
}

// Whether `hwnd` (0: any window of the thread) names the thread's caret's window.
bool caret_owned_by(WindowsProcess& p, const ThreadCaret& c, uint64_t hwnd) {
  if (!c.hwnd) return false;
  if (!hwnd) return true;
  Window* w = find_window(p, hwnd);
  return w && w->handle == c.hwnd;
}

}  // namespace

bool create_caret(WindowsProcess& p, uint64_t hwnd, uint64_t bitmap, int32_t width, int32_t height) {
  Window* w = window_or_fail(p, hwnd);
  if (!w) return false;
  if (w->thread_id != p.thread().id) return fail(p, ERROR_ACCESS_DENIED), false;
  ThreadCaret& c = own_caret(p);
  if (c.hwnd) {
    if (c.drawn) invert_caret(p, c);
    stop_blink(p, c);
    c.hwnd = 0;
  }
  // A bitmap (other than 1, the grey caret's) gives the size; otherwise 0 is the border's width.
  if (bitmap > 1) {
    if (auto* b = gdi32::gdi_table(p).find_as<gdi32::Bitmap>(bitmap, gdi32::OBJ_BITMAP); b && b->surface)
      width = b->surface->width(), height = b->surface->height();
  }
  if (width <= 0) width = system_metric(p, 5);    // SM_CXBORDER
  if (height <= 0) height = system_metric(p, 6);  // SM_CYBORDER
  // The position is kept for a caret made again in the same window, and starts at 0, 0 in another.
  if (c.owner != w->handle) c.x = c.y = 0;
  c.hwnd = c.owner = w->handle;
  c.width = width, c.height = height;
  c.hidden = 1;
  c.drawn = false;
  return true;
}

bool destroy_caret(WindowsProcess& p) {
  ThreadCaret& c = own_caret(p);
  if (c.hwnd && c.drawn) invert_caret(p, c);
  stop_blink(p, c);
  c.hwnd = c.owner = 0, c.drawn = false, c.hidden = 0;
  return true;
}

CaretInfo thread_caret(WindowsProcess& p, uint32_t thread) {
  const ThreadCaret& c = caret_of(p, thread);
  if (!c.hwnd) return {};
  return {c.hwnd, Rect{c.x, c.y, c.x + c.width, c.y + c.height}, c.hidden == 0};
}

bool show_caret(WindowsProcess& p, uint64_t hwnd) {
  ThreadCaret& c = own_caret(p);
  if (!caret_owned_by(p, c, hwnd)) return fail(p, ERROR_ACCESS_DENIED), false;
  if (c.hidden > 0 && --c.hidden == 0) restart_blink(p, c);
  draw_as_due(p, c);
  return true;
}

bool hide_caret(WindowsProcess& p, uint64_t hwnd) {
  ThreadCaret& c = own_caret(p);
  if (!caret_owned_by(p, c, hwnd)) return fail(p, ERROR_ACCESS_DENIED), false;
  if (c.hidden++ == 0) stop_blink(p, c);
  draw_as_due(p, c);
  return true;
}

bool set_caret_pos(WindowsProcess& p, int32_t x, int32_t y) {
  ThreadCaret& c = own_caret(p);
  if (c.x == x && c.y == y) return true;
  const bool was = c.drawn;
  if (was) invert_caret(p, c);
  c.x = x, c.y = y;
  if (c.hwnd && c.hidden == 0) restart_blink(p, c);
  draw_as_due(p, c);
  return true;
}

namespace {

BOOL CreateCaret(WindowsProcess& p, Ptr hwnd, Ptr bitmap, int32_t width, int32_t height) {
  return create_caret(p, hwnd.addr, bitmap.addr, width, height) ? TRUE : FALSE;
}
BOOL DestroyCaret(WindowsProcess& p) { return destroy_caret(p) ? TRUE : FALSE; }
BOOL ShowCaret(WindowsProcess& p, Ptr hwnd) { return show_caret(p, hwnd.addr) ? TRUE : FALSE; }
BOOL HideCaret(WindowsProcess& p, Ptr hwnd) { return hide_caret(p, hwnd.addr) ? TRUE : FALSE; }
BOOL SetCaretPos(WindowsProcess& p, int32_t x, int32_t y) { return set_caret_pos(p, x, y) ? TRUE : FALSE; }
// GetCaretPos: the caret's position in its window's client area (the last one set when the
// thread has no caret).
BOOL GetCaretPos(WindowsProcess& p, Ptr out) {
  if (!out) return fail(p, ERROR_NOACCESS);
  const ThreadCaret& c = own_caret(p);
  put<int32_t>(out.addr, c.x);
  put<int32_t>(out.addr + 4, c.y);
  return TRUE;
}
uint32_t GetCaretBlinkTime(WindowsProcess&) { return caret_blink_ms; }
BOOL SetCaretBlinkTime(WindowsProcess& p, uint32_t ms) {
  caret_blink_ms = ms;
  ThreadCaret& c = own_caret(p);
  if (c.hwnd && c.hidden == 0) restart_blink(p, c), draw_as_due(p, c);
  return TRUE;
}

}  // namespace

const std::vector<Export>& caret_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateCaret", CreateCaret),
      EXPORT("DestroyCaret", DestroyCaret),
      EXPORT("ShowCaret", ShowCaret),
      EXPORT("HideCaret", HideCaret),
      EXPORT("SetCaretPos", SetCaretPos),
      EXPORT("GetCaretPos", GetCaretPos),
      EXPORT("GetCaretBlinkTime", GetCaretBlinkTime),
      EXPORT("SetCaretBlinkTime", SetCaretBlinkTime),
  };
  return e;
}

}  // namespace polyrun::shims::user32
