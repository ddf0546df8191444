#include "common/fault_report.h"

#include <pthread.h>
#include <signal.h>
#include <ucontext.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace polyrun {

namespace {

thread_local FaultRecovery* t_recovery = nullptr;
thread_local const char* t_serving = nullptr;

[[noreturn]] void report(int sig, const void* addr) {
  char buf[128];
  int n = std::snprintf(buf, sizeof buf, "polyrun: guest terminated by %s (fault address %p)\n",
                        sig == SIGBUS ? "SIGBUS" : "SIGSEGV", addr);
  if (n > 0) (void)!::write(2, buf, static_cast<size_t>(n));
  die_of_signal(sig);
}

[[noreturn]] void report_internal(int sig, const void* addr, const void* pc, const char* serving) {
  char buf[256];
  int n = std::snprintf(buf, sizeof buf, "polyrun: internal error: host %s at %p (pc %p) serving the guest's %s\n",
                        sig == SIGBUS ? "SIGBUS" : "SIGSEGV", addr, pc, serving);
  if (n > 0) (void)!::write(2, buf, static_cast<size_t>(n));
  die_of_signal(sig);
}

void on_host_fault(int sig, siginfo_t* si, void* uc) {
#if defined(__x86_64__)
  const auto& gregs = static_cast<ucontext_t*>(uc)->uc_mcontext.gregs;
  const uint64_t pc = static_cast<uint64_t>(gregs[REG_RIP]);
  const bool write = (gregs[REG_ERR] & 2) != 0;  // page fault error code: W
#else
  (void)uc;
  const uint64_t pc = 0;
  const bool write = false;
#endif
  if (FaultRecovery* r = t_recovery) {
    t_recovery = nullptr;
    r->addr = reinterpret_cast<uint64_t>(si->si_addr);
    r->sig = sig;
    r->write = write;
    r->pc = pc;
    siglongjmp(r->env, 1);
  }
  if (const char* serving = t_serving) report_internal(sig, si->si_addr, reinterpret_cast<const void*>(pc), serving);
  report(sig, si->si_addr);
}

}  // namespace

void die_of_signal(int sig) {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  struct rlimit no_core {0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, sig);
  ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
  ::raise(sig);
  ::_exit(128 + sig);  // a signal whose default action is not to terminate
}

void report_internal_error(const char* what, const char* serving) {
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: internal error: %s serving the guest's %s\n", what, serving);
  std::_Exit(125);
}

ServingGuestCall::ServingGuestCall(const char* name) : outer_(t_serving) { t_serving = name; }
ServingGuestCall::~ServingGuestCall() { t_serving = outer_; }

FaultRecovery* set_fault_recovery(FaultRecovery* r) {
  FaultRecovery* old = t_recovery;
  t_recovery = r;
  return old;
}

void fault_recovered() {
  sigset_t faults;
  sigemptyset(&faults);
  sigaddset(&faults, SIGSEGV);
  sigaddset(&faults, SIGBUS);
  ::pthread_sigmask(SIG_UNBLOCK, &faults, nullptr);
}

void touch_guest_byte(uint64_t addr) {
  uint8_t v;
  __asm__ volatile("movb (%1), %0" : "=q"(v) : "r"(addr) : "memory");
  (void)v;
}

void report_internal_fault(const FaultRecovery& r, const char* serving) {
  report_internal(r.sig, reinterpret_cast<const void*>(r.addr), reinterpret_cast<const void*>(r.pc), serving);
}

void report_host_faults_as_guest_faults() {
  struct sigaction sa {};
  sa.sa_sigaction = on_host_fault;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGSEGV, &sa, nullptr);
  ::sigaction(SIGBUS, &sa, nullptr);
}

}  // namespace polyrun
