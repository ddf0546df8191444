#include "shims/core/guest_call_mutex.h"

#include <algorithm>
#include <vector>

namespace polyrun::shims {

namespace {

// This thread's, in the order taken.
std::vector<GuestCallMutex*>& held() {
  thread_local std::vector<GuestCallMutex*> v;
  return v;
}

}  // namespace

void GuestCallMutex::lock() {
  m_.lock();
  held().push_back(this);
}

bool GuestCallMutex::try_lock() {
  if (!m_.try_lock()) return false;
  held().push_back(this);
  return true;
}

void GuestCallMutex::unlock() {
  auto& v = held();
  if (auto it = std::find(v.rbegin(), v.rend(), this); it != v.rend()) v.erase(std::next(it).base());
  m_.unlock();
}

size_t guest_call_mutexes_held() { return held().size(); }

void release_guest_call_mutexes(size_t keep) {
  auto& v = held();
  while (v.size() > keep) {
    GuestCallMutex* m = v.back();
    v.pop_back();
    m->m_.unlock();
  }
}

}  // namespace polyrun::shims
