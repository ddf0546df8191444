// msvcrt.dll, searching and sorting: qsort and bsearch with the program's comparator.
#include <algorithm>
#include <cstring>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

// qsort and bsearch call the guest's comparator for every comparison (a nested guest call).
void qsort_(WindowsProcess& p, Ptr base, USize count, USize size, Ptr compare) {
  if (count < 2 || size == 0) return;
  // Sort an index array with the guest's order, then permute the elements once. The array stays
  // where it is meanwhile, so the comparator is given pointers into it, as the C runtime's own
  // qsort gives. A comparator that throws leaves the array as it was.
  std::vector<uint64_t> order(count);
  for (uint64_t i = 0; i < count; ++i) order[i] = i;
  auto less = [&](uint64_t a, uint64_t b) {
    if (p.exited || p.restore_pending()) return false;
    return static_cast<int32_t>(p.call_guest(compare.addr, {base.addr + a * size, base.addr + b * size})) < 0;
  };
  std::stable_sort(order.begin(), order.end(), less);
  if (p.exited || p.restore_pending()) return;
  std::vector<uint8_t> copy(base.as<uint8_t>(), base.as<uint8_t>() + count * size);
  for (uint64_t i = 0; i < count; ++i) std::memcpy(base.as<uint8_t>() + i * size, &copy[order[i] * size], size);
}

Ptr bsearch_(WindowsProcess& p, Ptr key, Ptr base, USize count, USize size, Ptr compare) {
  uint64_t lo = 0, hi = count;
  while (lo < hi && !p.exited && !p.restore_pending()) {
    uint64_t mid = lo + (hi - lo) / 2;
    uint64_t elem = base.addr + mid * size;
    int32_t c = static_cast<int32_t>(p.call_guest(compare.addr, {key.addr, elem}));
    if (c == 0) return Ptr(elem);
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return Ptr(0);
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_sort_exports() {
  static const std::vector<Export> exports = {
      EXPORT("qsort", qsort_),
      EXPORT("bsearch", bsearch_),
  };
  return exports;
}

}  // namespace polyrun::shims
