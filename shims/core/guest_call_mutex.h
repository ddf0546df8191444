// A mutex that host calls hold while they read or write the program's memory. A bad pointer from
// the program ends such a call with a fault recovery that unwinds nothing (common/fault_report.h):
// no lock_guard's destructor runs, and a std::mutex would stay locked for good — the process's
// next call that needs it would wait forever (a registry call after one given a bad result
// pointer, found by the API fuzzer). The recovery (dispatch_host_call) releases instead every
// GuestCallMutex the failed call still holds. Used as std::mutex is (lock_guard, unique_lock);
// not recursive.
#pragma once

#include <cstddef>
#include <mutex>

namespace polyrun::shims {

class GuestCallMutex {
 public:
  void lock();
  bool try_lock();
  void unlock();

 private:
  std::mutex m_;
  friend void release_guest_call_mutexes(size_t keep);
};

// How many GuestCallMutexes this thread holds now.
size_t guest_call_mutexes_held();
// Unlocks those this thread took after it held `keep` of them, latest first.
void release_guest_call_mutexes(size_t keep);

}  // namespace polyrun::shims
