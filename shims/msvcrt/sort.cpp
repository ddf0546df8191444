// msvcrt.dll, searching and sorting: qsort and bsearch with the program's comparator, and qsort_s
// and bsearch_s, whose comparator takes the caller's context first (a missing comparator or
// element size is an invalid parameter).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

// qsort and bsearch call the guest's comparator for every comparison (a nested guest call), with
// the context first when there is one (the _s forms).
int32_t compare_call(WindowsProcess& p, Ptr compare, const Ptr* context, uint64_t a, uint64_t b) {
  return static_cast<int32_t>(context ? p.call_guest(compare.addr, {context->addr, a, b}) : p.call_guest(compare.addr, {a, b}));
}
void sort_elements(WindowsProcess& p, Ptr base, USize count, USize size, Ptr compare, const Ptr* context) {
  if (count < 2 || size == 0) return;
  // Sort an index array with the guest's order, then permute the elements once. The array stays
  // where it is meanwhile, so the comparator is given pointers into it, as the C runtime's own
  // qsort gives. A comparator that throws leaves the array as it was.
  std::vector<uint64_t> order(count);
  for (uint64_t i = 0; i < count; ++i) order[i] = i;
  auto less = [&](uint64_t a, uint64_t b) {
    if (p.exited || p.restore_pending()) return false;
    return compare_call(p, compare, context, base.addr + a * size, base.addr + b * size) < 0;
  };
  std::stable_sort(order.begin(), order.end(), less);
  if (p.exited || p.restore_pending()) return;
  std::vector<uint8_t> copy(base.as<uint8_t>(), base.as<uint8_t>() + count * size);
  for (uint64_t i = 0; i < count; ++i) std::memcpy(base.as<uint8_t>() + i * size, &copy[order[i] * size], size);
}

void qsort_(WindowsProcess& p, Ptr base, USize count, USize size, Ptr compare) { sort_elements(p, base, count, size, compare, nullptr); }
template <bool Ucrt>
void qsort_s_(WindowsProcess& p, Ptr base, USize count, USize size, Ptr compare, Ptr context) {
  if ((!base && count) || !size || !compare) {
    *msvcrt_errno(p) = EINVAL;
    crt_invalid_parameter(p, Ucrt);
    return;
  }
  sort_elements(p, base, count, size, compare, &context);
}

Ptr search_elements(WindowsProcess& p, Ptr key, Ptr base, USize count, USize size, Ptr compare, const Ptr* context) {
  uint64_t lo = 0, hi = count;
  while (lo < hi && !p.exited && !p.restore_pending()) {
    uint64_t mid = lo + (hi - lo) / 2;
    uint64_t elem = base.addr + mid * size;
    int32_t c = compare_call(p, compare, context, key.addr, elem);
    if (c == 0) return Ptr(elem);
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return Ptr(0);
}

Ptr bsearch_(WindowsProcess& p, Ptr key, Ptr base, USize count, USize size, Ptr compare) {
  return search_elements(p, key, base, count, size, compare, nullptr);
}
template <bool Ucrt>
Ptr bsearch_s_(WindowsProcess& p, Ptr key, Ptr base, USize count, USize size, Ptr compare, Ptr context) {
  if (!size || !compare) {
    *msvcrt_errno(p) = EINVAL;
    crt_invalid_parameter(p, Ucrt);
    return Ptr(0);
  }
  return search_elements(p, key, base, count, size, compare, &context);
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_sort_exports() {
  static const std::vector<Export> exports = {
      EXPORT("qsort", qsort_),
      EXPORT("bsearch", bsearch_),
      EXPORT("qsort_s", qsort_s_<false>),
      EXPORT("bsearch_s", bsearch_s_<false>),
  };
  return exports;
}

// The Universal CRT's forms (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_sort_exports() {
  static const std::vector<Export> exports = {
      EXPORT("qsort_s", qsort_s_<true>),
      EXPORT("bsearch_s", bsearch_s_<true>),
  };
  return exports;
}

}  // namespace polyrun::shims
