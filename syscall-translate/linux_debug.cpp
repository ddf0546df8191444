#include "syscall-translate/linux_debug.h"

#include "common/error.h"
#include "syscall-translate/guest_access.h"

namespace polyrun::linux_abi {

namespace {

const gdb::ArchDesc& arch_of(LinuxProcess& p) {
  // aarch64 with SVE: its registers, at the vector length the program has now.
  if (const cpu::ScalableVectors* sv = p.cpu().scalable_vectors()) return gdb::arch_aarch64_sve(sv->vector_length());
  const gdb::ArchDesc* a = gdb::arch_for(p.isa.isa);
  if (!a) throw UserError(std::string("the gdb stub does not know ") + isa_name(p.isa.isa) + " yet", 2);
  return *a;
}

}  // namespace

LinuxDebugger::LinuxDebugger(LinuxProcess& p, int port)
    : gdb::Debugger(p.lock, p.memory, arch_of(p), p.exe_path, "GNU/Linux", port), p_(p) {}

void LinuxDebugger::thread_started(LinuxThread& t) {
  t.debug = Debugger::thread_started(*t.cpu, t.tid, &t == &p_.main_thread);
}

void LinuxDebugger::thread_exiting(LinuxThread& t) {
  Debugger::thread_exiting(t.debug);
  t.debug = nullptr;
}

int LinuxDebugger::report(LinuxThread& t, int sig, bool breakpoint) {
  const int g = gdb::gdb_signal_from_linux(sig);
  if (!g) return sig;  // a signal gdb has no number for goes on unreported
  return gdb::linux_signal_from_gdb(Debugger::report(t.debug, g, breakpoint));
}

void LinuxDebugger::report_end(bool killed, int value) {
  Debugger::report_end(killed, killed ? gdb::gdb_signal_from_linux(value) : value);
}

void LinuxDebugger::forget_in_child(LinuxThread& t) {
  Debugger::forget_in_child(t.debug, t.cpu.get());
  t.debug = nullptr;
  p_.debugger = nullptr;
}

void debugger_enter_blocking(LinuxProcess& p) { p.debugger->enter_blocking(p.thread()); }
void debugger_leave_blocking(LinuxProcess& p) { p.debugger->leave_blocking(p.thread()); }

}  // namespace polyrun::linux_abi
