#include "shims/core/guest_memory.h"

#include <exception>

namespace polyrun::shims {

namespace {
thread_local bool t_faults_throw = false;
}  // namespace

GuestFaultsThrow::GuestFaultsThrow(bool on) : outer_(t_faults_throw) { t_faults_throw = on; }
GuestFaultsThrow::~GuestFaultsThrow() { t_faults_throw = outer_; }

void copy_guest(void* to, const void* from, size_t n, uint64_t guest_addr, bool write) {
  // A null address faults as any bad one does, by an access the compiler does not see.
  if (!guest_addr) {
    if (t_faults_throw && !std::uncaught_exceptions()) throw GuestMemoryFault{0, write};
    touch_guest_byte(0);
  }
  if (!t_faults_throw) {
    std::memcpy(to, from, n);
    return;
  }
  FaultRecovery r;
  if (run_recovering(r, [&] { std::memcpy(to, from, n); })) return;
  // A destructor that runs while another fault unwinds cannot throw: the copy faults again, this
  // time to the recovery point the call set (its objects are then not unwound).
  if (std::uncaught_exceptions()) std::memcpy(to, from, n);
  throw GuestMemoryFault{r.addr, r.write};
}

}  // namespace polyrun::shims
