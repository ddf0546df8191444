#include "shims/core/windows_debug.h"

#include "common/error.h"
#include "shims/core/windows_process.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

const gdb::ArchDesc& arch_of(const WindowsProcess& p) {
  const gdb::ArchDesc* a = gdb::arch_for(p.isa->isa);
  if (!a) throw UserError("the gdb stub does not know this program's ISA", 2);
  return *a;
}

// gdb's signal for an exception from a trap, as gdb's Windows targets report them (0: none).
int gdb_signal(const cpu::Trap& t) {
  switch (t.kind) {
    case cpu::TrapKind::MemoryFault:
    case cpu::TrapKind::ProtectionFault:
    case cpu::TrapKind::SoftwareInterrupt:
    case cpu::TrapKind::BoundRange: return 11;  // SIGSEGV
    case cpu::TrapKind::IllegalInstruction:
    case cpu::TrapKind::PrivilegedInstruction: return 4;  // SIGILL
    case cpu::TrapKind::Breakpoint:
    case cpu::TrapKind::SingleStep: return 5;  // SIGTRAP
    case cpu::TrapKind::DivideError:
    case cpu::TrapKind::Overflow:
    case cpu::TrapKind::FloatingPoint: return 8;  // SIGFPE
    case cpu::TrapKind::AlignmentFault: return 10;  // SIGBUS
    default: return 0;
  }
}

}  // namespace

// (No OS in the target description: gdb takes the program's, a PE file's, as it knows it; a
// gdb built without Windows support rejects a description that names it.)
WindowsDebugger::WindowsDebugger(WindowsProcess& p, const std::string& program, int port)
    : gdb::Debugger(p.lock, p.memory, arch_of(p), program, nullptr, port), p_(p) {}

bool WindowsDebugger::load_offset(uint64_t& delta) {
  delta = p_.image.base - p_.image.preferred_base;
  return true;
}

void WindowsDebugger::thread_started(WindowsThread& t) {
  t.debug = Debugger::thread_started(*t.cpu, static_cast<int>(t.id), !started_);
}

void WindowsDebugger::thread_exiting(WindowsThread& t) {
  Debugger::thread_exiting(t.debug);
  t.debug = nullptr;
}

void WindowsDebugger::checkpoint(WindowsThread& t) {
  if (!started_) {
    started_ = true;
    report(t.debug, 5);  // SIGTRAP: before the first instruction
  }
  Debugger::checkpoint(t.debug);
}

bool WindowsDebugger::handle_trap(WindowsThread& t, const cpu::Trap& trap) {
  switch (trap.kind) {
    case cpu::TrapKind::DebugBreakpoint:
    case cpu::TrapKind::DebugStep:
      report(t.debug, 5, trap.kind == cpu::TrapKind::DebugBreakpoint);
      return true;
    case cpu::TrapKind::Stopped:
      // A host call that stopped the engine ended a step.
      if (stepping(t.debug)) report(t.debug, 5);
      return false;
    case cpu::TrapKind::Interrupted: return false;
    default: break;
  }
  const int sig = gdb_signal(trap);
  return sig && report(t.debug, sig) == 0;
}

void WindowsDebugger::enter_blocking(WindowsThread& t) { Debugger::enter_blocking(t.debug); }

void WindowsDebugger::leave_blocking(WindowsThread& t, bool locked) { Debugger::leave_blocking(t.debug, locked); }

void debugger_enter_blocking(WindowsProcess& p) {
  if (p.debugger) p.debugger->enter_blocking(p.thread());
}

void debugger_leave_blocking(WindowsProcess& p) {
  if (p.debugger) p.debugger->leave_blocking(p.thread(), false);
}

}  // namespace polyrun::shims
