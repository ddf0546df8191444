// WINMM.dll's multimedia timers: timeSetEvent starts a one-shot or periodic timer that calls the
// program's TimeProc (uTimerID, 0, dwUser, 0, 0) or sets or pulses its event
// (TIME_CALLBACK_EVENT_SET, _PULSE) after each delay, on a thread of the process's timer queue
// (KERNEL32's CreateTimerQueueTimer, as the callbacks of Windows' multimedia timers run on a thread
// of their own); timeKillEvent stops one, waiting for a callback under way unless it is called from
// that callback. A delay outside timeGetDevCaps' range, or an unknown timer, is refused.
#include <map>
#include <mutex>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/winmm/exports.h"

namespace polyrun::shims::multimedia_timers {

namespace {

constexpr uint32_t kPeriodic = 0x1, kEventSet = 0x10, kEventPulse = 0x20;
constexpr uint32_t kMinDelay = 1, kMaxDelay = 1000000;
constexpr uint32_t kNoError = 0, kNoCanDo = 97;  // TIMERR_NOERROR, TIMERR_NOCANDO

struct Timer {
  uint64_t queue_timer = 0;  // its timer queue timer
  uint64_t proc = 0, user = 0;
  uint32_t flags = 0;
  uint32_t firing_thread = 0;  // the thread running its callback now (0: none)
};

struct Timers {
  GuestCallMutex lock;
  std::map<uint32_t, Timer> by_id;
  uint32_t next_id = 1;
};
Timers& timers() {
  static Timers t;
  return t;
}

// The timer queue's callback (WAITORTIMERCALLBACK: context, fired): the multimedia timer's action.
void fire(WindowsProcess& p, Ptr context, uint32_t) {
  const uint32_t id = static_cast<uint32_t>(context.addr);
  Timer t;
  {
    std::lock_guard<GuestCallMutex> g(timers().lock);
    auto it = timers().by_id.find(id);
    if (it == timers().by_id.end()) return;
    it->second.firing_thread = p.thread().id;
    t = it->second;
  }
  if (t.flags & kEventSet) p.call_export("kernel32.dll", "SetEvent", {t.proc});
  else if (t.flags & kEventPulse) p.call_export("kernel32.dll", "PulseEvent", {t.proc});
  else p.call_guest(t.proc, {id, 0, t.user, 0, 0});
  std::lock_guard<GuestCallMutex> g(timers().lock);
  auto it = timers().by_id.find(id);
  if (it == timers().by_id.end()) return;
  it->second.firing_thread = 0;
  if (!(t.flags & kPeriodic)) {
    // A one-shot timer is done: its queue timer goes (not waiting: this is its own callback).
    p.call_export("kernel32.dll", "DeleteTimerQueueTimer", {0, it->second.queue_timer, 0});
    timers().by_id.erase(it);
  }
}
const Export kFire = EXPORT("mmTimerQueueCallback", fire);

// timeSetEvent(delay, resolution, proc or event, user, flags): the timer's ID, or 0.
uint32_t timeSetEvent(WindowsProcess& p, uint32_t delay, uint32_t, Ptr proc, USize user, uint32_t flags) {
  if (delay < kMinDelay || delay > kMaxDelay || !proc) return 0;
  uint32_t id;
  {
    std::lock_guard<GuestCallMutex> g(timers().lock);
    id = timers().next_id++;
    timers().by_id[id] = Timer{0, proc.addr, user, flags, 0};
  }
  const uint64_t out = p.heap.alloc(8, true);
  if (!out) return 0;
  const uint64_t callback = p.export_thunk(nullptr, "WINMM.dll", kFire.name, &kFire);
  const uint32_t period = (flags & kPeriodic) ? delay : 0;
  const bool ok = static_cast<uint32_t>(
      p.call_export("kernel32.dll", "CreateTimerQueueTimer", {out, 0, callback, id, delay, period, 0}));
  const uint64_t queue_timer = p.get_ptr(out);
  p.heap.free(out);
  std::lock_guard<GuestCallMutex> g(timers().lock);
  if (!ok) {
    timers().by_id.erase(id);
    return 0;
  }
  if (auto it = timers().by_id.find(id); it != timers().by_id.end()) it->second.queue_timer = queue_timer;
  return id;
}

// timeKillEvent(id): TIMERR_NOERROR, or TIMERR_NOCANDO for a timer that is not running (a one-shot
// that has run among them), as Windows answers.
uint32_t timeKillEvent(WindowsProcess& p, uint32_t id) {
  uint64_t queue_timer;
  bool from_callback;
  {
    std::lock_guard<GuestCallMutex> g(timers().lock);
    auto it = timers().by_id.find(id);
    if (it == timers().by_id.end()) return kNoCanDo;
    queue_timer = it->second.queue_timer;
    from_callback = it->second.firing_thread == p.thread().id;
    timers().by_id.erase(it);
  }
  // (INVALID_HANDLE_VALUE: wait for a callback under way, but not from within it)
  const uint64_t wait = from_callback ? 0 : (p.isa->ptr == 8 ? ~0ull : 0xffffffffull);
  p.call_export("kernel32.dll", "DeleteTimerQueueTimer", {0, queue_timer, wait});
  return kNoError;
}

}  // namespace

}  // namespace polyrun::shims::multimedia_timers

namespace polyrun::shims {
const std::vector<Export>& winmm_timer_exports() {
  using namespace multimedia_timers;
  static const std::vector<Export> e = {
      EXPORT("timeSetEvent", timeSetEvent),
      EXPORT("timeKillEvent", timeKillEvent),
  };
  return e;
}
}  // namespace polyrun::shims
