// Reporting host faults that guest code causes.
#pragma once

#include <setjmp.h>

#include <cstddef>
#include <cstdint>

namespace polyrun {

// From now on a host SIGSEGV/SIGBUS is reported as the guest's: "polyrun: guest terminated by
// SIGSEGV (fault address …)", and polyrun dies of that signal. It happens when guest code touches memory whose host
// protection refuses the access where the engine's coarser view allowed it. Called by the
// personalities just before guest code first runs, so faults of polyrun's own are not disguised.
void report_host_faults_as_guest_faults();

// While a personality serves a guest call (a syscall handler, a DLL function) on this thread,
// what it serves: a host fault there, with no recovery point set, is polyrun's own bug — the call
// should have answered EFAULT or raised the guest's exception — and is reported as such
// ("polyrun: internal error: host fault … serving NAME") before polyrun dies of the signal, not
// disguised as the guest's fault. Restores the outer one when it ends.
class ServingGuestCall {
 public:
  explicit ServingGuestCall(const char* name);
  ~ServingGuestCall();
  ServingGuestCall(const ServingGuestCall&) = delete;
  ServingGuestCall& operator=(const ServingGuestCall&) = delete;

 private:
  const char* outer_;
};

// Where a host fault goes instead, while set (on the faulting thread): the handler records the
// fault and siglongjmp(env, 1)s there. The code that set it decides what the guest sees (host code
// that read or wrote guest memory the guest gave it a bad pointer to) — or reports the fault as
// the guest's with report_host_fault. Nothing between sigsetjmp and the fault is unwound: C++
// objects it made are lost, so only around code that holds no lock.
struct FaultRecovery {
  sigjmp_buf env;
  uint64_t addr = 0;   // the fault address
  bool write = false;  // the access was a write
  int sig = 0;         // SIGSEGV or SIGBUS
  uint64_t pc = 0;     // the host instruction that faulted
};
// Sets the recovery point of this thread (null: none); returns the one it replaces.
FaultRecovery* set_fault_recovery(FaultRecovery* r);
// After a recovery: SIGSEGV and SIGBUS are deliverable again (sigsetjmp(env, 0) keeps the
// handler's mask).
void fault_recovered();
// Runs f() with `r` as this thread's recovery point: true when f returned, false when a host fault
// ended it (r says where; SIGSEGV and SIGBUS are deliverable again). The outer recovery point is
// restored either way. What f made on its stack is not unwound (see FaultRecovery).
template <typename F>
bool run_recovering(FaultRecovery& r, F&& f) {
  FaultRecovery* outer = set_fault_recovery(&r);
  if (sigsetjmp(r.env, 0)) {
    set_fault_recovery(outer);
    fault_recovered();
    return false;
  }
  f();
  set_fault_recovery(outer);
  return true;
}
// Ends polyrun for a recovered fault that was not the guest's doing (polyrun's own, serving the
// guest's `serving`): "polyrun: internal error: host SIGSEGV at … serving the guest's NAME".
[[noreturn]] void report_internal_fault(const FaultRecovery& r, const char* serving);
// The same for an exception of polyrun's own code that says it is a bug (std::logic_error):
// "polyrun: internal error: WHAT serving the guest's NAME", and polyrun ends with status 125.
[[noreturn]] void report_internal_error(const char* what, const char* serving);

// Reads the byte at addr with an instruction the compiler does not see: a bad address (null
// above all) faults there as any host access to guest memory does, where handing it to a C library
// function that declares its argument non-null would be undefined (and a sanitizer's report).
void touch_guest_byte(uint64_t addr);

// Copies n bytes between host and guest memory by instructions the compiler does not see (rep
// movsb): an address the guest made up, even one outside the host's address space, faults there
// (to the recovery point) instead of being judged first by a sanitizer's interceptor of memcpy.
inline void copy_guest_bytes(void* to, const void* from, size_t n) {
  __asm__ volatile("rep movsb" : "+D"(to), "+S"(from), "+c"(n) : : "memory");
}

// Ends polyrun by the signal the guest died of, so that its parent sees what a native program's
// would (WIFSIGNALED; a shell shows 128+N): default action, no core file. Async-signal-safe.
[[noreturn]] void die_of_signal(int sig);

}  // namespace polyrun
