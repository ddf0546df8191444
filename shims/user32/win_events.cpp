// WinEvent hooks (SetWinEventHook, UnhookWinEvent, IsWinEventHookInstalled, NotifyWinEvent): a
// range of events, for every process or this one (only this process's windows exist here, so a
// hook for another process, or one with WINEVENT_SKIPOWNPROCESS, is kept and never called), every
// thread or one. An in-context hook (WINEVENT_INCONTEXT, which needs its module) is called at once
// by the thread that raised the event; an out-of-context one is called on the thread that set it
// when that thread next looks for messages (GetMessage, PeekMessage, a SendMessage waiting), as
// Windows delivers them, and never for the setting thread's own events with
// WINEVENT_SKIPOWNTHREAD. The window manager raises the events Windows raises for its windows
// (notify_win_event's callers: creation, destruction, showing, hiding, moving, sizing, renaming,
// focus, the foreground window, capture, minimizing and restoring, menu loops). A thread's hooks
// go with it when it ends.
#include <algorithm>
#include <unistd.h>

#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t { WINEVENT_SKIPOWNTHREAD = 1, WINEVENT_SKIPOWNPROCESS = 2, WINEVENT_INCONTEXT = 4 };
constexpr uint32_t kErrorInvalidHookFilter = 1426, kErrorHookNeedsModule = 1428;

struct WinEventHook {
  uint64_t handle = 0, proc = 0;
  uint32_t first = 0, last = 0;    // the range of events
  uint32_t process = 0, thread = 0;  // the events of that process and thread only (0: any)
  uint32_t flags = 0;
  uint32_t owner = 0;  // the thread that set it
};

struct WinEvents {
  std::vector<WinEventHook> hooks;  // the newest first
  bool watching_threads = false;    // the thread-end hook is in place
};
WinEvents& event_hooks() {
  static WinEvents all;
  return all;
}

uint32_t own_process_id() { return static_cast<uint32_t>(::getpid()); }

// Calls a WinEventProc(hook, event, hwnd, idObject, idChild, idEventThread, dwmsEventTime).
void call_win_event_proc(WindowsProcess& p, uint64_t proc, uint64_t hook, uint32_t event, uint64_t hwnd, int32_t object,
                         int32_t child, uint32_t thread, uint32_t time) {
  auto wide = [](int32_t v) { return static_cast<uint64_t>(static_cast<int64_t>(v)); };
  p.call_guest(proc, {hook, event, hwnd, wide(object), wide(child), thread, time});
}

Ptr SetWinEventHook(WindowsProcess& p, uint32_t first, uint32_t last, Ptr module, Ptr proc, uint32_t process,
                    uint32_t thread, uint32_t flags) {
  if ((flags & WINEVENT_INCONTEXT) && !module) return fail(p, kErrorHookNeedsModule), Ptr(0);
  if (first > last) return fail(p, kErrorInvalidHookFilter), Ptr(0);
  if (!proc) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  WinEvents& all = event_hooks();
  if (!all.watching_threads) {
    all.watching_threads = true;
    p.thread_end_hooks.push_back([](WindowsProcess&, WindowsThread& t) {
      std::erase_if(event_hooks().hooks, [&](const WinEventHook& h) { return h.owner == t.id; });
    });
  }
  WinEventHook h;
  h.handle = new_window_handle(window_manager(p));  // (a USER handle, as a window's)
  h.proc = proc.addr;
  h.first = first, h.last = last;
  h.process = process, h.thread = thread, h.flags = flags;
  h.owner = p.thread().id;
  all.hooks.insert(all.hooks.begin(), h);
  return h.handle;
}

// The hook a handle names (the end of the list for none).
std::vector<WinEventHook>::iterator find_hook(uint64_t handle) {
  auto& hooks = event_hooks().hooks;
  return std::find_if(hooks.begin(), hooks.end(),
                      [&](const WinEventHook& h) { return h.handle == (handle & 0xffffffffu); });
}
bool hooked(uint64_t handle) { return find_hook(handle) != event_hooks().hooks.end(); }

BOOL UnhookWinEvent(WindowsProcess& p, Ptr hook) {
  const auto it = find_hook(hook.addr);
  if (it == event_hooks().hooks.end()) return fail(p, ERROR_INVALID_HANDLE);
  event_hooks().hooks.erase(it);
  return TRUE;
}

// Whether a hook would see the event raised by the calling thread.
bool sees(const WinEventHook& h, uint32_t event, uint32_t me) {
  if (event < h.first || event > h.last) return false;
  if ((h.process && h.process != own_process_id()) || (h.flags & WINEVENT_SKIPOWNPROCESS)) return false;
  if (h.thread && h.thread != me) return false;
  return !((h.flags & WINEVENT_SKIPOWNTHREAD) && h.owner == me);
}

BOOL IsWinEventHookInstalled(WindowsProcess& p, uint32_t event) {
  const uint32_t me = p.thread().id;
  const auto& hooks = event_hooks().hooks;
  const bool any = std::any_of(hooks.begin(), hooks.end(), [&](const WinEventHook& h) { return sees(h, event, me); });
  return any ? TRUE : FALSE;
}

void NotifyWinEvent(WindowsProcess& p, uint32_t event, Ptr hwnd, int32_t object, int32_t child) {
  if (!window_or_fail(p, hwnd.addr)) return;
  notify_win_event(p, event, hwnd.addr, object, child);
}

}  // namespace

void notify_win_event(WindowsProcess& p, uint32_t event, uint64_t hwnd, int32_t object, int32_t child) {
  if (event_hooks().hooks.empty()) return;
  const uint32_t me = p.thread().id;
  const uint32_t time = message_time();
  hwnd &= 0xffffffffu;
  // The hooks as they are now (a hook procedure may set or remove hooks); each called only while
  // it is still there.
  const std::vector<WinEventHook> hooks = event_hooks().hooks;
  for (const WinEventHook& h : hooks) {
    if (!sees(h, event, me)) continue;
    if (h.flags & WINEVENT_INCONTEXT) {
      if (hooked(h.handle)) call_win_event_proc(p, h.proc, h.handle, event, hwnd, object, child, me, time);
      continue;
    }
    ThreadQueue* q = h.owner == me ? &own_queue(p) : queue_of(p, h.owner);
    if (!q) continue;
    q->owed.push_back([=, handle = h.handle, proc = h.proc](WindowsProcess& on) {
      if (hooked(handle)) call_win_event_proc(on, proc, handle, event, hwnd, object, child, me, time);
    });
    p.wake_waiters();
  }
}

const std::vector<Export>& win_event_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetWinEventHook", SetWinEventHook),
      EXPORT("UnhookWinEvent", UnhookWinEvent),
      EXPORT("IsWinEventHookInstalled", IsWinEventHookInstalled),
      EXPORT("NotifyWinEvent", NotifyWinEvent),
  };
  return e;
}

}  // namespace polyrun::shims::user32
