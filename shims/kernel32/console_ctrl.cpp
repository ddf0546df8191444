// KERNEL32.dll: Console control events (Ctrl-C, Ctrl-Break): SetConsoleCtrlHandler, GenerateConsoleCtrlEvent and
// the thread that runs the program's handlers (the console itself: console.cpp).
#include <signal.h>

#include <algorithm>
#include <atomic>

#include "cpu-emu/x86_64_thread_pointer.h"
#include "shims/core/guest_memory.h"
#include "shims/kernel32/console.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

// ---- console control events (Ctrl-C, Ctrl-Break) ----
// Windows runs the program's handlers, newest first, on a thread of their own until one returns
// TRUE; if none does, the process ends with STATUS_CONTROL_C_EXIT. The C runtime's signal(SIGINT)
// and signal(SIGBREAK) install a handler of its own that calls the signal handler (here it comes
// after the program's handlers). Here the host's SIGINT (or GenerateConsoleCtrlEvent) marks the
// event pending, and the next thread to notice starts the handlers' thread, which runs
// concurrently with the program's: a thread notices at its next call into polyrun, at once when it
// is sleeping or reading, and the main thread while it computes at its CPU's next block boundary
// (SIGINT sets its interrupt flag, which its engine watches while handlers are installed). With no
// handler installed SIGINT keeps its default action and ends polyrun at once, wherever the
// program is.

volatile sig_atomic_t g_ctrl_event = -1;  // the pending event (CTRL_C_EVENT 0, CTRL_BREAK_EVENT 1)
std::atomic<std::atomic<bool>*> g_ctrl_wake{nullptr};  // the main thread's interrupt flag
std::atomic<cpu::Cpu*> g_ctrl_cpu{nullptr};              // and its CPU
static_assert(std::atomic<bool>::is_always_lock_free);  // set by a signal handler
static_assert(std::atomic<std::atomic<bool>*>::is_always_lock_free);

void on_sigint(int) {
  g_ctrl_event = 0;
  if (std::atomic<bool>* wake = g_ctrl_wake.load(std::memory_order_relaxed)) wake->store(true, std::memory_order_relaxed);
  if (cpu::Cpu* c = g_ctrl_cpu.load(std::memory_order_relaxed)) c->interrupt();
}

constexpr uint64_t kCrtSigIgn = 1;  // msvcrt's SIG_IGN (SIG_DFL is 0)
constexpr int kCrtSigInt = 2, kCrtSigBreak = 21;

// The C runtime's signal handler for a console event: 0 (none), SIG_IGN, or a function.
uint64_t crt_ctrl_signal(WindowsProcess& p, uint32_t event) {
  auto it = p.signal_handlers.find(event == 0 ? kCrtSigInt : kCrtSigBreak);
  return it == p.signal_handlers.end() ? 0 : it->second;
}

}  // namespace

// What SIGINT does now: nothing (ignored), or marks a Ctrl-C event for the handlers.
void update_sigint(WindowsProcess& p) {
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  uint64_t crt = crt_ctrl_signal(p, 0);
  bool handlers = !p.ctrl_handlers.empty() || crt > kCrtSigIgn;
  if (p.ctrl_c_ignored || (!handlers && crt == kCrtSigIgn)) sa.sa_handler = SIG_IGN;
  else if (handlers) sa.sa_handler = cpu::with_thread_pointer<on_sigint>;  // no SA_RESTART: blocking calls return
  else sa.sa_handler = console_default_signal_action();  // (the terminal given back first)
  ::sigaction(SIGINT, &sa, nullptr);
  bool watch = !p.ctrl_handlers.empty() || crt > kCrtSigIgn || crt_ctrl_signal(p, 1) > kCrtSigIgn;
  g_ctrl_wake = &p.threads.front()->interrupt;
  g_ctrl_cpu = p.threads.front()->cpu.get();
  // (With threads, every engine watches its flag already.)
  if (watch || p.had_threads) watch_interrupts(p);
  else p.cpu().watch_interrupts(nullptr);
}

namespace {

BOOL SetConsoleCtrlHandler(WindowsProcess& p, Ptr handler, int32_t add) {
  if (!handler) {
    p.ctrl_c_ignored = add != 0;  // inherited by child processes on Windows; Ctrl-Break still arrives
  } else if (add) {
    p.ctrl_handlers.push_back(handler.addr);
  } else {
    auto& hs = p.ctrl_handlers;
    auto it = std::find(hs.rbegin(), hs.rend(), handler.addr);
    if (it == hs.rend()) return fail(p, ERROR_INVALID_PARAMETER);
    hs.erase(std::next(it).base());
  }
  update_sigint(p);
  return TRUE;
}

// GenerateConsoleCtrlEvent(event, group): the event reaches this process (the one process of its
// console group here): its handlers' thread starts now and runs alongside the caller.
BOOL GenerateConsoleCtrlEvent(WindowsProcess& p, uint32_t event, uint32_t) {
  if (event > 1) return fail(p, ERROR_INVALID_PARAMETER);
  if (event == 0 && p.ctrl_c_ignored) return TRUE;
  g_ctrl_event = static_cast<sig_atomic_t>(event);
  poll_console_ctrl(p);
  return TRUE;
}

// The body of the thread Windows starts for a console control event.
void run_ctrl_handlers(WindowsProcess& p, uint32_t event) {
  auto handlers = p.ctrl_handlers;
  for (size_t i = handlers.size(); i-- > 0;) {
    if (p.call_guest(handlers[i], {event}) & 0xffffffffu) return;  // handled
    if (p.exited) return;
  }
  // The C runtime's handler: SIGINT or SIGBREAK's handler, reset to SIG_DFL first, handles it.
  if (uint64_t h = crt_ctrl_signal(p, event)) {
    if (h == kCrtSigIgn) return;
    p.signal_handlers[event == 0 ? kCrtSigInt : kCrtSigBreak] = 0;
    update_sigint(p);
    p.call_guest(h, {event == 0 ? uint64_t{kCrtSigInt} : uint64_t{kCrtSigBreak}});
    return;
  }
  // The default handler: ExitProcess(STATUS_CONTROL_C_EXIT).
  if (p.crt_hooks.flush_all) p.crt_hooks.flush_all(p);
  p.onexit.clear();
  note_orderly_exit(p);
  p.terminate(static_cast<int>(0xc000013au));
}

}  // namespace

bool console_ctrl_pending() { return g_ctrl_event >= 0; }

// A pending console control event: its handlers' thread starts (core's poll_console_ctrl).
void start_ctrl_handlers(WindowsProcess& p) {
  if (g_ctrl_event < 0 || p.exited) return;
  uint32_t event = static_cast<uint32_t>(g_ctrl_event);
  g_ctrl_event = -1;
  uint32_t tid = 0;
  uint64_t h = create_thread(p, 0, 0, 0, false, &tid, [event](WindowsProcess& p) {
    run_ctrl_handlers(p, event);
    return 0u;
  });
  if (!h) {
    run_ctrl_handlers(p, event);  // no thread to be had: on this one
    return;
  }
  if (WindowsThread* t = find_thread(p, tid)) t->close_at_exit = h;  // nobody waits for it
}
const std::vector<Export>& kernel32_console_ctrl_exports() {
  static const std::vector<Export> exports = {
          EXPORT("SetConsoleCtrlHandler", SetConsoleCtrlHandler),
          EXPORT("GenerateConsoleCtrlEvent", GenerateConsoleCtrlEvent),
  };
  return exports;
}

}  // namespace polyrun::shims
