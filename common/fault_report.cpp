#include "common/fault_report.h"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace polyrun {

namespace {

void on_host_fault(int sig, siginfo_t* si, void*) {
  char buf[128];
  int n = std::snprintf(buf, sizeof buf, "polyrun: guest terminated by %s (fault address %p)\n",
                        sig == SIGBUS ? "SIGBUS" : "SIGSEGV", si->si_addr);
  if (n > 0) (void)!::write(2, buf, static_cast<size_t>(n));
  die_of_signal(sig);
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

void report_host_faults_as_guest_faults() {
  struct sigaction sa {};
  sa.sa_sigaction = on_host_fault;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGSEGV, &sa, nullptr);
  ::sigaction(SIGBUS, &sa, nullptr);
}

}  // namespace polyrun
