// KERNEL32.dll, fibers: ConvertThreadToFiber(Ex), CreateFiber(Ex), SwitchToFiber, DeleteFiber,
// ConvertFiberToThread, IsThreadAFiber. A fiber is a stack and the registers a function keeps for
// its caller, which its thread switches between by hand. Its handle is a block of guest memory
// whose first field is the fiber's data (GetFiberData reads it; GetCurrentFiber reads the TEB's
// NT_TIB.FiberData, both inline in the program); the rest of a fiber is here: its saved
// registers (the ones the calling convention preserves, with the stack pointer and where it
// resumes), its stack (with a guard region below, as a thread's), the TEB's stack bounds and, on
// i386, its exception-handler chain, and its fiber-local storage values. A fiber that has not run
// starts at its routine with its data as the argument; if the routine (a void function) returns,
// the thread exits with code 1, as wine's and ReactOS's fiber start does.
#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "common/log.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

namespace x86 = cpu::x86;

constexpr uint32_t ERROR_ALREADY_FIBER = 1280, ERROR_ALREADY_THREAD = 1281;

struct Fiber {
  uint64_t block = 0;       // the handle: guest memory, [0] the fiber's data
  uint64_t start = 0;       // not yet run: its routine
  bool primary = false;     // a thread converted into it: the thread's own stack
  StackRegion stack;
  uint64_t exception_list = 0;  // i386: the TEB's SEH chain while it does not run
  std::array<uint64_t, 8> regs{};  // rbx rbp rdi rsi r12–r15 (x64); ebx ebp edi esi (i386)
  std::array<std::array<uint8_t, 16>, 10> xmm{};  // xmm6–xmm15 (x64)
  uint64_t sp = 0, pc = 0;
  std::vector<uint64_t> fls;
};

GuestCallMutex g_fibers_lock;
std::map<uint64_t, std::shared_ptr<Fiber>>& fibers() {
  static std::map<uint64_t, std::shared_ptr<Fiber>> all;
  return all;
}
std::shared_ptr<Fiber> find_fiber(uint64_t block) {
  std::lock_guard<GuestCallMutex> lock(g_fibers_lock);
  auto it = fibers().find(block);
  return it == fibers().end() ? nullptr : it->second;
}

// NT_TIB.FiberData: the fifth pointer of the TEB.
uint64_t fiber_data_slot(WindowsProcess& p) { return p.teb() + 4ull * p.isa->ptr; }

uint64_t new_block(WindowsProcess& p, uint64_t data) {
  const uint64_t block = p.heap.alloc(4ull * p.isa->ptr, true);
  if (block) p.put_ptr(block, data);
  return block;
}

std::shared_ptr<Fiber> register_fiber(uint64_t block) {
  auto f = std::make_shared<Fiber>();
  f->block = block;
  std::lock_guard<GuestCallMutex> lock(g_fibers_lock);
  fibers()[block] = f;
  return f;
}

Ptr convert_thread(WindowsProcess& p, uint64_t data) {
  WindowsThread& t = p.thread();
  if (t.fiber) return Ptr(fail(p, ERROR_ALREADY_FIBER));
  const uint64_t block = new_block(p, data);
  if (!block) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  auto f = register_fiber(block);
  f->primary = true;
  f->stack = {t.stack_guard, t.stack_limit, t.stack_base};
  t.fiber = block;
  p.put_ptr(fiber_data_slot(p), block);
  return Ptr(block);
}
Ptr ConvertThreadToFiber(WindowsProcess& p, Ptr data) { return convert_thread(p, data.addr); }
// FIBER_FLAG_FLOAT_SWITCH (1): the floating-point state goes with the fiber (it always does here).
Ptr ConvertThreadToFiberEx(WindowsProcess& p, Ptr data, uint32_t flags) {
  if (flags & ~1u) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return convert_thread(p, data.addr);
}

BOOL ConvertFiberToThread(WindowsProcess& p) {
  WindowsThread& t = p.thread();
  if (!t.fiber) return fail(p, ERROR_ALREADY_THREAD);
  {
    std::lock_guard<GuestCallMutex> lock(g_fibers_lock);
    auto it = fibers().find(t.fiber);
    if (it != fibers().end() && it->second->primary) {
      fibers().erase(it);
      p.heap.free(t.fiber);
    }
  }
  t.fiber = 0;
  p.put_ptr(fiber_data_slot(p), 0);
  return TRUE;
}

// CreateFiberEx(commit, reserve, flags, routine, data): a stack of the reserve size (0: the
// program's default, as a thread's).
Ptr create_fiber(WindowsProcess& p, uint64_t reserve, uint32_t flags, uint64_t routine, uint64_t data) {
  if (flags & ~1u) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  StackRegion stack;
  if (!map_stack_region(p, reserve ? reserve : std::max<uint64_t>(p.image.stack_reserve, 1u << 20), stack))
    return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  const uint64_t block = new_block(p, data);
  if (!block) {
    unmap_stack_region(p, stack);
    return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  }
  auto f = register_fiber(block);
  f->start = routine;
  f->stack = stack;
  return Ptr(block);
}
Ptr CreateFiber(WindowsProcess& p, USize stack, Ptr routine, Ptr data) { return create_fiber(p, stack, 0, routine.addr, data.addr); }
Ptr CreateFiberEx(WindowsProcess& p, USize commit, USize reserve, uint32_t flags, Ptr routine, Ptr data) {
  return create_fiber(p, std::max<uint64_t>(commit, reserve), flags, routine.addr, data.addr);
}

// A fiber's routine that returns ends its thread.
void fiber_returned(WindowsProcess& p) { exit_thread(p, 1); }

void SwitchToFiber(WindowsProcess& p, Ptr to) {
  WindowsThread& t = p.thread();
  auto cur = find_fiber(t.fiber), next = find_fiber(to.addr);
  if (!cur || !next) {
    // Windows does not check: switching from a thread that is no fiber, or to something that is
    // none, crashes there. Here it is said, and the call does nothing.
    log().warn("SwitchToFiber({:#x}) from {}: not a fiber", to.addr, t.fiber ? "a fiber" : "a thread that is no fiber");
    return;
  }
  if (cur == next) return;
  auto& c = p.cpu();
  const bool x64 = p.isa->ptr == 8;
  // The caller's state as at SwitchToFiber's return.
  const uint64_t sp = c.reg(x86::RSP);
  cur->pc = x64 ? get<uint64_t>(sp) : get<uint32_t>(sp);
  cur->sp = sp + 8;  // x64: past the return address; i386: the return address and the argument (stdcall)
  static const int kX64[8] = {x86::RBX, x86::RBP, x86::RDI, x86::RSI, x86::R12, x86::R13, x86::R14, x86::R15};
  const int n = x64 ? 8 : 4;
  for (int i = 0; i < n; ++i) cur->regs[i] = c.reg(kX64[i]);
  if (x64)
    for (int i = 0; i < 10; ++i) c.read_vector(x86::XMM6 + i, cur->xmm[i].data());
  if (!x64) cur->exception_list = get<uint32_t>(p.teb() + p.isa->teb.exception_list);
  cur->fls = t.fls;
  cur->stack = {t.stack_guard, t.stack_limit, t.stack_base};

  // The next fiber's.
  t.fiber = next->block;
  t.fls = next->fls;
  t.stack_guard = next->stack.guard, t.stack_limit = next->stack.limit, t.stack_base = next->stack.base;
  p.put_ptr(fiber_data_slot(p), next->block);
  p.put_ptr(p.teb() + p.isa->teb.stack_base, next->stack.base);
  p.put_ptr(p.teb() + p.isa->teb.stack_limit, next->stack.limit);
  if (next->start) {
    const uint64_t routine = next->start, data = p.get_ptr(next->block);
    next->start = 0;
    const uint64_t exit = p.own_thunk("fiber-returned", fiber_returned);
    if (x64) {
      // At the routine's entry rsp is 8 past a 16-byte boundary, the return address at [rsp] and
      // its 32 bytes of shadow space above.
      const uint64_t rsp = next->stack.base - 0x38;
      put<uint64_t>(rsp, exit);
      c.set_reg(x86::RSP, rsp);
      c.set_reg(x86::RCX, data);
    } else {
      const uint64_t esp = next->stack.base - 16;
      put<uint32_t>(esp, static_cast<uint32_t>(exit));
      put<uint32_t>(esp + 4, static_cast<uint32_t>(data));
      c.set_reg(x86::RSP, esp);
      put<uint32_t>(p.teb() + p.isa->teb.exception_list, 0xffffffffu);  // no handlers yet
    }
    c.set_pc(routine);
    return;
  }
  for (int i = 0; i < n; ++i) c.set_reg(kX64[i], next->regs[i]);
  if (x64)
    for (int i = 0; i < 10; ++i) c.write_vector(x86::XMM6 + i, next->xmm[i].data());
  else
    put<uint32_t>(p.teb() + p.isa->teb.exception_list, static_cast<uint32_t>(next->exception_list));
  c.set_reg(x86::RSP, next->sp);
  c.set_pc(next->pc);
}

// DeleteFiber: its stack and block go, its fiber-local values' callbacks run; a thread deleting
// the fiber it runs ends (ExitThread), as on Windows.
void DeleteFiber(WindowsProcess& p, Ptr fiber) {
  WindowsThread& t = p.thread();
  if (fiber.addr == t.fiber) {
    exit_thread(p, 0);
    return;
  }
  std::shared_ptr<Fiber> f;
  {
    std::lock_guard<GuestCallMutex> lock(g_fibers_lock);
    auto it = fibers().find(fiber.addr);
    if (it == fibers().end()) return;
    f = it->second;
    fibers().erase(it);
  }
  for (size_t i = 0; i < f->fls.size() && i < p.fls_callbacks.size(); ++i)
    if (f->fls[i] && p.fls_callbacks[i]) p.call_guest(p.fls_callbacks[i], {f->fls[i]});
  if (!f->primary) unmap_stack_region(p, f->stack);
  p.heap.free(f->block);
}

BOOL IsThreadAFiber(WindowsProcess& p) { return p.thread().fiber ? TRUE : FALSE; }

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_fiber_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ConvertThreadToFiber", ConvertThreadToFiber),
      EXPORT("ConvertThreadToFiberEx", ConvertThreadToFiberEx),
      EXPORT("ConvertFiberToThread", ConvertFiberToThread),
      EXPORT("CreateFiber", CreateFiber),
      EXPORT("CreateFiberEx", CreateFiberEx),
      EXPORT("SwitchToFiber", SwitchToFiber),
      EXPORT("DeleteFiber", DeleteFiber),
      EXPORT("IsThreadAFiber", IsThreadAFiber),
  };
  return exports;
}

}  // namespace polyrun::shims
