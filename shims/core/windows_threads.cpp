#include "shims/core/windows_threads.h"
#include "shims/core/windows_handoff.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <future>
#include <system_error>
#include <thread>

#include "common/error.h"
#include "cpu-emu/engine_stats.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/seh.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_debug.h"
#include "shims/core/windows_modules.h"

#if defined(POLYRUN_NATIVE_X64)
// 0 while the process has one thread, 1 from when its second starts: kernel32/x64_leaf.S's
// critical sections change their word without a bus lock while it is 0.
extern "C" {
uint32_t polyrun_process_threads = 0;
}
#endif

namespace polyrun::shims {

namespace x86 = cpu::x86;

namespace {

}  // namespace

// The guard region below each thread's stack (WindowsThread::stack_guard).
constexpr uint64_t kStackGuard = 64 * 1024;

bool map_stack_region(WindowsProcess& p, uint64_t size, StackRegion& out) {
  size = (std::max<uint64_t>(size, 64 * 1024) + 0xffff) & ~0xffffull;
  const uint64_t guard = kStackGuard;
  mem::MapRequest req;
  req.noreserve = true;
  req.name = "[stack]";
  int64_t at = p.memory.map(0, guard + size, mem::kRead | mem::kWrite, req);
  if (at < 0 || static_cast<uint64_t>(at) + guard + size > p.isa->limit ||
      p.memory.protect(static_cast<uint64_t>(at), guard, mem::kNone) != 0) {
    if (at >= 0) p.memory.unmap(static_cast<uint64_t>(at), guard + size);
    return false;
  }
  out.guard = static_cast<uint64_t>(at);
  out.limit = out.guard + guard;
  out.base = out.limit + size;
  return true;
}

void unmap_stack_region(WindowsProcess& p, const StackRegion& r) { p.memory.unmap(r.limit - kStackGuard, r.base - r.limit + kStackGuard); }

bool map_stack(WindowsProcess& p, WindowsThread& t, uint64_t size) {
  StackRegion r;
  if (!map_stack_region(p, size, r)) return false;
  t.stack_guard = r.guard;
  t.stack_limit = r.limit;
  t.stack_base = r.base;
  return true;
}

namespace {

// The body of a guest thread's host thread.
void thread_main(WindowsProcess& p, std::shared_ptr<WindowsThread> owned, uint64_t start, uint64_t param,
                 std::promise<uint32_t>* started, std::function<uint32_t(WindowsProcess&)> body) {
  WindowsThread* t = owned.get();
  owned.reset();  // p.threads holds it
  WindowsProcess::current_thread() = t;
  t->id = static_cast<uint32_t>(::gettid());
  started->set_value(t->id);  // the creator returns the id; `started` is gone after this
  p.lock.acquire();
  if (p.ending) park(p);
  init_thread(p, *t);
  if (p.debugger) p.debugger->thread_started(*t);
  // CREATE_SUSPENDED: held until ResumeThread.
  hold_while_suspended(p);
  modules_thread_attach(p);  // DLL_THREAD_ATTACH: the DLLs', then the program's TLS callbacks
  if (!p.stopping() && body) {
    uint32_t r = body(p);
    if (!p.stopping()) t->exit_code = r;
  } else if (!p.stopping()) {
    uint64_t r = p.call_guest(start, {param});
    if (!p.stopping()) t->exit_code = static_cast<uint32_t>(r);
  }
  finish_thread(p);
}

}  // namespace

void init_thread(WindowsProcess& p, WindowsThread& t) {
  const WindowsIsa& isa = *p.isa;
  t.id = static_cast<uint32_t>(::gettid());
  t.cpu = p.native ? cpu::create_native_cpu(isa.isa) : cpu::create_cpu(isa.isa, p.memory);
  t.cpu->set_syscall_handler([&p](cpu::Cpu&) { dispatch_host_call(p); });
  // Windows starts a thread with x87 precision at 53 bits (control word 0x27f); MXCSR as reset.
  t.cpu->set_reg(x86::FPCW, 0x27f);
  t.cpu->set_reg(x86::RSP, t.stack_base - 0x100);
  if (p.had_threads) {
    t.cpu->share_execution(p.lock);
    t.cpu->watch_interrupts(&t.interrupt);
  }

  // After the TEB, the thread's C runtime errno (msvcrt's _errno: natively a leaf function finds it
  // from gs:[0x30]) and _doserrno, and its cache of freed heap blocks (natively running x64 code's
  // malloc and free).
  t.teb = p.alloc_data(isa.teb.size + 16 + sizeof(ThreadHeapCache));
  if (isa.ptr == 8 && isa.teb.size + 16 != ThreadHeapCache::kOffsetX64) std::abort();  // the leaf code's layout
  p.put_ptr(t.teb + isa.teb.exception_list, isa.ptr == 4 ? 0xffffffffu : 0);  // end of the SEH chain
  p.put_ptr(t.teb + isa.teb.stack_base, t.stack_base);
  p.put_ptr(t.teb + isa.teb.stack_limit, t.stack_limit);
  p.put_ptr(t.teb + isa.teb.self, t.teb);
  p.put_ptr(t.teb + isa.teb.client_id, static_cast<uint64_t>(::getpid()));
  p.put_ptr(t.teb + isa.teb.client_id + isa.ptr, t.id);
  p.put_ptr(t.teb + isa.teb.peb, p.peb);
  t.cpu->set_segment_base(isa.teb_segment, t.teb);

  // Static TLS: the template copied into a block whose address sits in slot 0 of the TLS array.
  const auto& tls = p.image.tls;
  uint64_t array = p.alloc_data(64 * 8);
  p.put_ptr(t.teb + isa.teb.tls_pointer, array);
  if (tls.present) {
    p.put_ptr(array, tls_block(p, tls));
  }
  modules_init_thread_tls(p, t);  // the loaded DLLs' static TLS
  if (!t.object) t.object = std::make_shared<Waitable>(Waitable{Waitable::Kind::Thread, false, 0, 0, "", t.id});
  t.object->id = t.id;
}

void run_tls_callbacks(WindowsProcess& p, uint32_t reason) {
  const auto& tls = p.image.tls;
  if (!tls.present || !tls.callbacks) return;
  for (uint64_t slot = tls.callbacks; !p.stopping(); slot += p.isa->ptr) {
    if (!p.memory.accessible(slot, p.isa->ptr, mem::kRead)) break;
    uint64_t cb = p.get_ptr(slot);
    if (!cb) break;
    p.call_guest(cb, {p.image.base, reason, 0});
  }
}

uint64_t create_thread(WindowsProcess& p, uint64_t start, uint64_t param, uint64_t stack_size, bool suspended,
                       uint32_t* id, std::function<uint32_t(WindowsProcess&)> body) {
  auto t = std::make_shared<WindowsThread>();
  if (!map_stack(p, *t, stack_size ? stack_size : std::max<uint64_t>(p.image.stack_reserve, 1u << 20))) {
    p.set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return 0;
  }
  t->suspend_count = suspended ? 1 : 0;
  t->object = std::make_shared<Waitable>(Waitable{Waitable::Kind::Thread, false, 0, 0, "", 0});
  // From the second thread on, every engine hands the lock over between blocks.
  if (!p.had_threads) {
    p.had_threads = true;
    p.heap.share();
#if defined(POLYRUN_NATIVE_X64)
    __atomic_store_n(&polyrun_process_threads, 1u, __ATOMIC_SEQ_CST);  // critical sections' bus locks from now on
#endif
    p.cpu().share_execution(p.lock);
    watch_interrupts(p);
  }
  std::promise<uint32_t> started;
  std::future<uint32_t> tid = started.get_future();
  try {
    std::thread(thread_main, std::ref(p), t, start, param, &started, std::move(body)).detach();
  } catch (const std::system_error&) {
    p.memory.unmap(t->stack_limit - kStackGuard, t->stack_base - t->stack_limit + kStackGuard);
    p.set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return 0;
  }
  p.threads.push_back(t);
  ++p.live_threads;
  uint32_t tid_value = tid.get();
  t->object->id = tid_value;
  if (id) *id = tid_value;
  p.set_last_error(0);
  return new_waitable_handle(p, t->object);
}

void exit_thread(WindowsProcess& p, uint32_t code) {
  WindowsThread& t = p.thread();
  t.exiting = true;
  t.exit_code = code;
  p.stop_guest();
}

// Ends the process now, from the thread ending it (end_process has run).
[[noreturn]] void exit_now(int status) {
  cpu::stats::report();  // (POLYRUN_ENGINE_STATS: atexit's handlers do not run)
  std::fflush(nullptr);
  ::syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

void finish_thread(WindowsProcess& p) {
  WindowsThread& t = p.thread();
  if (p.ending) {
    if (p.ending == &t) exit_now(end_process(p));
    park(p);
  }
  // DLL_THREAD_DETACH and FLS callbacks run as ordinary code of the thread (not after
  // TerminateThread).
  t.exiting = false;
  if (!t.terminated) modules_thread_detach(p);
  // Each callback finds its value still in the thread's slot (FlsGetValue: runtimes check it, .NET's
  // takes its thread off its list only when it does), then the slot is cleared.
  for (size_t i = 0; i < t.fls.size() && i < p.fls_callbacks.size() && !p.stopping() && !t.terminated; ++i)
    if (uint64_t v = t.fls[i]; v && p.fls_callbacks[i]) {
      p.call_guest(p.fls_callbacks[i], {v});
      if (i < t.fls.size()) t.fls[i] = 0;
    }
  if (p.ending) {
    if (p.ending == &t) exit_now(end_process(p));
    park(p);
  }
  for (const auto& hook : p.thread_end_hooks) hook(p, t);
  // Mutexes it still owns are abandoned: the next wait for one takes it with WAIT_ABANDONED.
  for (auto& [h, w] : p.waitables)
    if (w->kind == Waitable::Kind::Mutex && w->count > 0 && w->id == t.id) {
      w->count = 0;
      w->id = 0;
      w->abandoned = true;
    }
  if (t.close_at_exit) p.waitables.erase(t.close_at_exit);  // _beginthread's handle
  t.object->exit_code = t.exit_code;
  t.object->count = 1;
  p.wake_waiters();
  if (--p.live_threads == 0) {
    // The last thread ends the process with its exit code (Windows' ExitThread calls ExitProcess).
    note_orderly_exit(p);
    p.exited = true;
    p.exit_code = static_cast<int>(t.exit_code);
    p.ending = &t;
    exit_now(end_process(p));
  }
  // The process goes on while other threads run; the last one ends it.
  if (&t == p.threads.front().get()) park(p);
  if (p.debugger) p.debugger->thread_exiting(t);
  t.cpu.reset();
  p.memory.unmap(t.stack_limit - kStackGuard, t.stack_base - t.stack_limit + kStackGuard);
  uint64_t tls_array = p.get_ptr(t.teb + p.isa->teb.tls_pointer);
  if (uint64_t block = p.get_ptr(tls_array)) p.heap.free(block);
  modules_free_thread_tls(p, t);
  p.heap.free(tls_array);
  // Its cached blocks go back to the heap (not after TerminateThread, which may have caught the
  // thread inside malloc or free with a list half changed: they stay unused).
  if (!t.terminated) p.heap.drain(*reinterpret_cast<ThreadHeapCache*>(t.teb + p.isa->teb.size + 16));
  p.heap.free(t.teb);
  auto self = std::find_if(p.threads.begin(), p.threads.end(), [&](const auto& x) { return x.get() == &t; });
  std::shared_ptr<WindowsThread> keep = *self;  // until the lock is released
  p.threads.erase(self);
  WindowsProcess::current_thread() = nullptr;
  p.lock.release();
}

int end_process(WindowsProcess& p) {
  // exit() asked for its atexit/_onexit functions to run: newest first.
  while (!p.onexit.empty()) {
    uint64_t fn = p.onexit.back();
    p.onexit.pop_back();
    p.exited = false;
    int code = p.exit_code;
    p.call_guest(fn, {});
    if (!p.exited) p.exit_code = code;
    p.exited = true;
  }
  modules_process_detach(p);  // (after ExitProcess, exit, the end of main or of the last thread)
  for (auto& hook : p.process_end_hooks) hook(p);
  if (p.crt_hooks.flush_all) p.crt_hooks.flush_all(p);
  if (p.console_hooks.end) p.console_hooks.end(p);  // (the terminal given back as the program found it)
  std::fflush(nullptr);
  if (p.debugger) p.debugger->report_end(p.exit_code);
  // Other threads may be anywhere, in host calls too: end them all with the process.
  if (p.exit_report) {
    p.exit_report->page->exit_code.store(static_cast<uint32_t>(p.exit_code));
    p.exit_report->page->exit_set.store(1);
  }
  if (p.had_threads || p.helper_threads) exit_now(p.exit_code & 0xff);
  return p.exit_code & 0xff;
}

void park(WindowsProcess& p) {
  // (Its engine runs no more: not a thread gdb waits for.)
  if (p.debugger && WindowsProcess::current_thread()) p.debugger->thread_exiting(*WindowsProcess::current_thread());
  WindowsProcess::current_thread() = nullptr;
  p.lock.release();
  for (;;) ::pause();
}

void after_blocking(WindowsProcess& p) {
  if (p.ending && p.ending != WindowsProcess::current_thread()) park(p);
}

namespace {

// Whether the calling thread, suspended by another, waits in a Windows function its guest code
// called (not inside guest code that function runs, nor already held).
bool suspended_in_call(WindowsProcess& p) {
  const WindowsThread& t = p.thread();
  return t.suspend_count > 0 && !t.held && t.call_return_pc && p.hook_depth() == 1 && !p.stopping();
}

// Holds the calling thread while its suspend count is not 0 (lock released). With `resume_pc`,
// its registers resuming there are offered to GetThreadContext/SetThreadContext meanwhile; the
// CONTEXT SetThreadContext replaced them with is returned (the caller's to free), else 0.
uint64_t hold_suspended(WindowsProcess& p, uint64_t resume_pc) {
  WindowsThread& t = p.thread();
  if (resume_pc) {
    t.held_context = new_context(p);
    p.isa->seh->capture(p, t.held_context, resume_pc, p.cpu().reg(x86::RSP));
  }
  t.held = true;
  t.context_set = false;
  p.wake_waiters();  // GetThreadContext waits for this
  wait_until(p, kInfinite, [&] { return t.suspend_count == 0 || p.stopping(); });
  t.held = false;
  uint64_t changed = 0;
  if (t.held_context) {
    if (t.context_set && !p.stopping()) changed = t.held_context;
    else p.heap.free(t.held_context);
    t.held_context = 0;
  }
  return changed;
}

// Holds the calling thread, suspended while it waits in a Windows function, until it is resumed:
// GetThreadContext sees it at the function's return (its thunk's ret, the stack as at the call),
// as Windows shows a thread in a system call; what SetThreadContext sets meanwhile is kept for the
// call's return (end_call). The wait goes on meanwhile, as a suspended thread's wait does.
void hold_in_call(WindowsProcess& p) {
  WindowsThread& t = p.thread();
  if (const uint64_t set = hold_suspended(p, t.call_return_pc)) {
    if (t.call_context) p.heap.free(t.call_context);
    t.call_context = set;
  }
}

}  // namespace

namespace {
void run_special_apcs(WindowsProcess& p, uint64_t context);  // (below, with the other APCs)
}  // namespace

bool wait_until(WindowsProcess& p, uint32_t timeout_ms, const std::function<bool()>& ready, const char* what) {
  if (ready()) return true;
  if (timeout_ms == 0) return false;
  if (timeout_ms == kInfinite && p.live_threads == 1 && p.outside_signals == 0) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: the program waits forever %s\n", what);
    p.terminate(1);
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  ExecutionLockable l{p.lock};
  for (;;) {
    bool timed_out = false;
    if (!suspended_in_call(p)) {
      if (p.debugger) p.debugger->enter_blocking(p.thread());
      if (timeout_ms == kInfinite) p.sync.wait(l);
      else timed_out = p.sync.wait_until(l, deadline) == std::cv_status::timeout;
      if (p.debugger) p.debugger->leave_blocking(p.thread(), true);
      after_blocking(p);
    }
    // (suspended meanwhile, or before the wait began: held here until resumed, whatever the wait)
    if (suspended_in_call(p)) {
      hold_in_call(p);
      timed_out = timeout_ms != kInfinite && std::chrono::steady_clock::now() >= deadline;
    }
    // Special APCs run in any wait of a Windows function the program called, which then goes on.
    if (!p.thread().special_apcs.empty() && p.hook_depth() == 1 && !p.stopping()) {
      p.thread().interrupt.store(false);
      run_special_apcs(p, 0);
    }
    if (ready()) return true;
    if (timed_out || p.stopping()) return false;
  }
}

void queue_apc(WindowsProcess& p, WindowsThread& t, uint64_t routine, std::vector<uint64_t> args, bool callback_data) {
  t.apcs.push_back({routine, std::move(args), callback_data});
  p.wake_waiters();
}

namespace {

// One APC, on the calling thread: its routine with its arguments, or with an APC_CALLBACK_DATA
// {parameter, context, 0, 0} whose CONTEXT is the thread's where it runs (`context`, or its
// registers now).
void run_one_apc(WindowsProcess& p, const WindowsThread::Apc& apc, uint64_t context) {
  if (!apc.callback_data) {
    p.call_guest(apc.routine, apc.args);
    return;
  }
  const unsigned w = p.isa->ptr;
  const uint64_t ctx = context ? context : new_context(p);
  if (!context) p.isa->seh->capture(p, ctx, p.cpu().pc(), p.cpu().reg(x86::RSP));
  const uint64_t data = p.heap.alloc(4ull * w, true);
  p.put_ptr(data, apc.args.empty() ? 0 : apc.args[0]);
  p.put_ptr(data + w, ctx);
  p.call_guest(apc.routine, {data});
  p.heap.free(data);
  if (!context) p.heap.free(ctx);
}

// The thread's special APCs, oldest first, with its CONTEXT where they run (`context`: 0 for now).
void run_special_apcs(WindowsProcess& p, uint64_t context) {
  auto& queue = p.thread().special_apcs;
  while (!queue.empty() && !p.stopping()) {
    WindowsThread::Apc apc = std::move(queue.front());
    queue.pop_front();
    run_one_apc(p, apc, context);
  }
}

}  // namespace

bool run_apcs(WindowsProcess& p) {
  auto& queue = p.thread().apcs;
  if (queue.empty()) return false;
  while (!queue.empty() && !p.stopping()) {
    WindowsThread::Apc apc = std::move(queue.front());
    queue.pop_front();
    run_one_apc(p, apc, 0);
  }
  return true;
}

void queue_special_apc(WindowsProcess& p, WindowsThread& t, uint64_t routine, uint64_t data, bool callback_data) {
  t.special_apcs.push_back({routine, {data}, callback_data});
  if (&t == &p.thread()) {  // the calling thread's own: as its call returns
    run_special_apcs(p, 0);
    return;
  }
  t.interrupt.store(true);
  if (t.cpu) t.cpu->interrupt();
  p.wake_waiters();
}

void end_call(WindowsProcess& p) {
  WindowsThread& t = p.thread();
  t.call_return_pc = 0;
  if (!t.call_context) return;
  // SetThreadContext's registers while the thread was held in the call: they take effect now, but
  // for the call's result (a system call's result replaces what was set, as on Windows).
  cpu::Cpu& cpu = p.cpu();
  const uint64_t rax = cpu.reg(x86::RAX), rdx = cpu.reg(x86::RDX);
  if (!p.stopping()) {
    p.isa->seh->restore(p, reinterpret_cast<const uint8_t*>(t.call_context));
    cpu.set_reg(x86::RAX, rax);
    cpu.set_reg(x86::RDX, rdx);
  }
  p.heap.free(t.call_context);
  t.call_context = 0;
}

void watch_interrupts(WindowsProcess& p) { p.cpu().watch_interrupts(&p.thread().interrupt); }

bool hold_while_suspended(WindowsProcess& p, uint64_t resume_pc) {
  if (p.thread().suspend_count == 0) return false;
  const uint64_t set = hold_suspended(p, resume_pc);
  if (!set) return false;
  p.isa->seh->restore(p, reinterpret_cast<const uint8_t*>(set));
  p.heap.free(set);
  return true;
}

void serve_interrupt(WindowsProcess& p) {
  WindowsThread& t = p.thread();
  t.interrupt.store(false);
  after_blocking(p);
  if (p.stopping()) return;  // TerminateThread (or the process's end): the run loop unwinds
  hold_while_suspended(p, p.cpu().pc());
  if (!p.stopping()) poll_console_ctrl(p);
  if (!t.special_apcs.empty() && !p.stopping()) {
    // Between two instructions of the thread's code: every register as it was afterwards.
    const uint64_t ctx = new_context(p);
    p.isa->seh->capture(p, ctx, p.cpu().pc(), p.cpu().reg(x86::RSP));
    run_special_apcs(p, ctx);
    if (!p.stopping()) p.isa->seh->restore(p, reinterpret_cast<const uint8_t*>(ctx));
    p.heap.free(ctx);
  }
}

WindowsThread* find_thread(WindowsProcess& p, uint32_t id) {
  for (const auto& t : p.threads)
    if (t->id == id && t->object && !t->object->count) return t.get();
  return nullptr;
}

}  // namespace polyrun::shims
