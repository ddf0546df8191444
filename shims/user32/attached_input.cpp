// AttachThreadInput: threads that share one input state (user32/window_manager.h's InputState):
// their focus, active window, capture, key state, mouse buttons and caret are the same, as
// Windows' attached threads share their input processing. Attaching gives the thread the other
// thread's state (which takes the thread's focus and active window where it has none) with its
// keys all up, as Windows resets the key state; detaching gives it a state of its own again, taking
// the focus and the active window with it when they are its own windows.
#include <algorithm>

#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

// Whether a thread of the process has that id.
bool thread_exists(WindowsProcess& p, uint32_t id) {
  return std::any_of(p.threads.begin(), p.threads.end(), [&](const auto& t) { return t && t->id == id; });
}

// The thread a window belongs to, 0 for none.
uint32_t window_thread(WindowsProcess& p, uint64_t hwnd) {
  const Window* w = find_window(p, hwnd);
  return w ? w->thread_id : 0;
}

// Threads without a message queue cannot be attached, except the calling thread, which gets its
// queue here (as USER32 gives it at its first use).
BOOL AttachThreadInput(WindowsProcess& p, uint32_t from, uint32_t to, BOOL attach) {
  if (!thread_exists(p, from) || !thread_exists(p, to)) return fail(p, ERROR_INVALID_PARAMETER);
  if (from == to) return fail(p, ERROR_ACCESS_DENIED);
  const uint32_t me = p.thread().id;
  ThreadQueue* qf = from == me ? &own_queue(p) : queue_of(p, from);
  ThreadQueue* qt = to == me ? &own_queue(p) : queue_of(p, to);
  if (attach) {
    if (!qf || !qt) return fail(p, ERROR_INVALID_PARAMETER);
    InputState& joined = *qt->input;
    if (!joined.active) joined.active = qf->input->active;
    if (!joined.focus) joined.focus = qf->input->focus;
    qf->input = qt->input;
    joined.keys.fill(0);
    return TRUE;
  }
  if (!qf || !qt || qf->input != qt->input) return fail(p, ERROR_ACCESS_DENIED);
  InputState& shared = *qf->input;
  const std::shared_ptr<InputState> own = new_input_state();
  if (shared.focus && window_thread(p, shared.focus) == from) own->focus = shared.focus, shared.focus = 0;
  if (shared.active && window_thread(p, shared.active) == from) own->active = shared.active, shared.active = 0;
  qf->input = own;
  return TRUE;
}

}  // namespace

bool shares_input(WindowsProcess& p, uint32_t thread) {
  if (thread == p.thread().id) return true;
  const ThreadQueue* q = queue_of(p, thread);
  return q && q->input == own_queue(p).input;
}

const std::vector<Export>& attached_input_exports() {
  static const std::vector<Export> e = {
      EXPORT("AttachThreadInput", AttachThreadInput),
  };
  return e;
}

}  // namespace polyrun::shims::user32
