#include "common/host_heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <mutex>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

namespace polyrun {

namespace {
uintptr_t fill_lo = 0, fill_len = 0;  // the part of the heap fill_host_heap fills in
}  // namespace

void prepare_host_heap() {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  constexpr int kMargin = 16 << 20;         // the heap grows by this much at a time
  constexpr uintptr_t kFilled = 3u << 20;   // what a dynamically linked start uses (bench/README.md)
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, kMargin);
  auto before = reinterpret_cast<uintptr_t>(sbrk(0));
  // A block larger than what is left on top makes malloc extend the heap now, by the margin
  // (volatile: the compiler may not drop the pair).
  void* volatile block = std::malloc(1 << 20);
  std::free(block);
  auto after = reinterpret_cast<uintptr_t>(sbrk(0));
  uintptr_t lo = (before + 4095) & ~uintptr_t{4095};
  uintptr_t len = after > lo ? after - lo : 0;
  if (len > kFilled) len = kFilled;
  fill_lo = lo;
  fill_len = len;
#endif
}

void fill_host_heap() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (fill_len) madvise(reinterpret_cast<void*>(fill_lo), fill_len, MADV_POPULATE_WRITE);
  });
}

}  // namespace polyrun
