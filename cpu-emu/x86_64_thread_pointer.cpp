#include "cpu-emu/x86_64_thread_pointer.h"

#include <asm/prctl.h>
#include <sys/syscall.h>

#include <atomic>
#include <cstdint>

namespace polyrun::cpu {

namespace {

// One slot per thread that has run guest code: its kernel thread id and its FS base. A thread
// claims a free slot (tid 0), then writes the base; it clears the base, then frees the slot, when it
// ends. A base of 0 is none yet. A full table leaves a thread unprotected.
struct Slot {
  std::atomic<long> tid{0};
  std::atomic<uint64_t> base{0};
};
constexpr int kSlots = 4096;
Slot slots[kSlots];

// System calls made here, not through libc's wrappers: errno (thread-local) is not touched.
[[gnu::always_inline]] inline long raw_syscall(long n, long a = 0, long b = 0) {
  long r;
  asm volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b) : "rcx", "r11", "memory");
  return r;
}

[[gnu::always_inline]] inline int first_slot(long tid) { return static_cast<int>(static_cast<unsigned long>(tid) % kSlots); }

// Frees the thread's slot when the thread ends.
struct Remembered {
  int slot = -1;
  ~Remembered() {
    if (slot < 0) return;
    slots[slot].base.store(0, std::memory_order_release);
    slots[slot].tid.store(0, std::memory_order_release);
  }
};
thread_local Remembered remembered;

}  // namespace

void remember_thread_pointer() {
  if (remembered.slot >= 0) return;
  const long tid = raw_syscall(SYS_gettid);
  uint64_t base = 0;
  if (raw_syscall(SYS_arch_prctl, ARCH_GET_FS, reinterpret_cast<long>(&base)) != 0) return;
  for (int i = 0, s = first_slot(tid); i < kSlots; ++i, s = (s + 1) % kSlots) {
    long expected = 0;
    if (slots[s].tid.load(std::memory_order_relaxed) == 0 &&
        slots[s].tid.compare_exchange_strong(expected, tid, std::memory_order_acq_rel)) {
      slots[s].base.store(base, std::memory_order_release);
      remembered.slot = s;
      return;
    }
  }
}

[[gnu::no_stack_protector]] bool restore_thread_pointer() noexcept {
  const long tid = raw_syscall(SYS_gettid);
  for (int i = 0, s = first_slot(tid); i < kSlots; ++i, s = (s + 1) % kSlots) {
    if (slots[s].tid.load(std::memory_order_acquire) != tid) continue;
    const uint64_t want = slots[s].base.load(std::memory_order_acquire);
    if (want == 0) return false;
    uint64_t now = 0;
    raw_syscall(SYS_arch_prctl, ARCH_GET_FS, reinterpret_cast<long>(&now));
    if (now == want) return false;
    raw_syscall(SYS_arch_prctl, ARCH_SET_FS, static_cast<long>(want));
    return true;
  }
  return false;
}

}  // namespace polyrun::cpu
