// Windows hooks of this process: SetWindowsHookEx (for one thread, or every thread of the process
// with thread id 0), UnhookWindowsHookEx, CallNextHookEx. The window manager calls them where
// Windows does: WH_CBT (a window's creation, destruction, activation, focus), WH_CALLWNDPROC and
// WH_CALLWNDPROCRET around a sent message, WH_GETMESSAGE when GetMessage or PeekMessage takes one.
// Input hooks (keyboard, mouse, low-level) are kept and never called: there is no input device.
// CallMsgFilter calls WH_SYSMSGFILTER and WH_MSGFILTER as a modal loop does.
#include <algorithm>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr int32_t WH_MIN = -1, WH_MAX = 14;
constexpr uint32_t ERROR_INVALID_HOOK_HANDLE = 1404, ERROR_INVALID_HOOK_FILTER = 1426;

bool applies(const Hook& h, uint32_t thread) { return !h.removed && (h.thread == 0 || h.thread == thread); }

Ptr set_hook(WindowsProcess& p, int32_t type, Ptr proc, Ptr module, uint32_t thread, bool unicode) {
  (void)module;
  if (type < WH_MIN || type > WH_MAX) return fail(p, ERROR_INVALID_HOOK_FILTER), Ptr(0);
  if (!proc) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  WindowManager& wm = window_manager(p);
  Hook h;
  h.handle = new_window_handle(wm);  // (hooks' handles are USER handles, as windows' are)
  h.type = type;
  h.proc = proc.addr;
  h.thread = thread;
  h.unicode = unicode;
  wm.hooks.insert(wm.hooks.begin(), h);  // the newest first
  return h.handle;
}
Ptr SetWindowsHookExA(WindowsProcess& p, int32_t type, Ptr proc, Ptr module, uint32_t thread) { return set_hook(p, type, proc, module, thread, false); }
Ptr SetWindowsHookExW(WindowsProcess& p, int32_t type, Ptr proc, Ptr module, uint32_t thread) { return set_hook(p, type, proc, module, thread, true); }
Ptr SetWindowsHookA(WindowsProcess& p, int32_t type, Ptr proc) { return set_hook(p, type, proc, 0, p.thread().id, false); }
Ptr SetWindowsHookW(WindowsProcess& p, int32_t type, Ptr proc) { return set_hook(p, type, proc, 0, p.thread().id, true); }

BOOL UnhookWindowsHookEx(WindowsProcess& p, Ptr hook) {
  WindowManager& wm = window_manager(p);
  for (Hook& h : wm.hooks)
    if (h.handle == (hook.addr & 0xffffffffu) && !h.removed) {
      h.removed = true;  // (a chain being walked keeps its place; the entry goes once nothing walks it)
      if (wm.hook_depth == 0) std::erase_if(wm.hooks, [](const Hook& x) { return x.removed; });
      return TRUE;
    }
  return fail(p, ERROR_INVALID_HOOK_HANDLE);
}

// The hook after `from` (0: the first) of `type` that applies to the calling thread; calling it.
uint64_t call_from(WindowsProcess& p, int32_t type, uint64_t from, int32_t code, uint64_t wp, uint64_t lp, bool* called) {
  WindowManager& wm = window_manager(p);
  const uint32_t me = p.thread().id;
  bool past = from == 0;
  for (size_t i = 0; i < wm.hooks.size(); ++i) {
    const Hook h = wm.hooks[i];
    if (!past) {
      past = h.handle == from;
      continue;
    }
    if (h.type != type || !applies(h, me)) continue;
    if (called) *called = true;
    ++wm.hook_depth;
    const uint64_t r = p.call_guest(h.proc, {static_cast<uint64_t>(static_cast<int64_t>(code)), wp, lp});
    if (--wm.hook_depth == 0) std::erase_if(wm.hooks, [](const Hook& x) { return x.removed; });
    return r;
  }
  return 0;
}

USize CallNextHookEx(WindowsProcess& p, Ptr hook, int32_t code, USize wp, USize lp) {
  WindowManager& wm = window_manager(p);
  const auto it = std::find_if(wm.hooks.begin(), wm.hooks.end(), [&](const Hook& h) { return h.handle == (hook.addr & 0xffffffffu); });
  if (it == wm.hooks.end()) return 0;
  return call_from(p, it->type, it->handle, code, wp, lp, nullptr);
}

// CallMsgFilter(msg, code): a modal loop's message to the filter hooks: WH_SYSMSGFILTER's first
// (TRUE when one of them answers nonzero, the message then taken care of), else WH_MSGFILTER's
// answer. (The same for CallMsgFilterA and W: the message is passed as it is.)
BOOL CallMsgFilterW(WindowsProcess& p, Ptr msg, int32_t code) {
  constexpr int32_t WH_MSGFILTER = -1, WH_SYSMSGFILTER = 6;
  if (call_hooks(p, WH_SYSMSGFILTER, code, 0, msg.addr)) return TRUE;
  return call_hooks(p, WH_MSGFILTER, code, 0, msg.addr) ? TRUE : FALSE;
}

}  // namespace

bool has_hooks(WindowsProcess& p, int32_t type) {
  WindowManager& wm = window_manager(p);
  const uint32_t me = p.thread().id;
  return std::any_of(wm.hooks.begin(), wm.hooks.end(), [&](const Hook& h) { return h.type == type && applies(h, me); });
}

uint64_t call_hooks(WindowsProcess& p, int32_t type, int32_t code, uint64_t wparam, uint64_t lparam) {
  if (!has_hooks(p, type)) return 0;
  return call_from(p, type, 0, code, wparam, lparam, nullptr);
}

const std::vector<Export>& hook_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetWindowsHookExA", SetWindowsHookExA),
      EXPORT("SetWindowsHookExW", SetWindowsHookExW),
      EXPORT("SetWindowsHookA", SetWindowsHookA),
      EXPORT("SetWindowsHookW", SetWindowsHookW),
      EXPORT("UnhookWindowsHookEx", UnhookWindowsHookEx),
      EXPORT("CallNextHookEx", CallNextHookEx),
      EXPORT("CallMsgFilter", CallMsgFilterW),
      EXPORT("CallMsgFilterA", CallMsgFilterW),
      EXPORT("CallMsgFilterW", CallMsgFilterW),
  };
  return e;
}

}  // namespace polyrun::shims::user32
