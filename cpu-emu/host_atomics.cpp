#include "cpu-emu/host_atomics.h"

#include "common/fault_report.h"

namespace polyrun::cpu {

namespace {

void load16(const void* p, uint64_t out[2]) {
  uint64_t lo = 0, hi = 0;
  // lock cmpxchg16b with expected = desired = 0: reads the 16 bytes atomically (a zero value is
  // written back as zero).
  asm volatile("lock cmpxchg16b %2"
               : "+a"(lo), "+d"(hi), "+m"(*static_cast<volatile __int128*>(const_cast<void*>(p)))
               : "b"(0ull), "c"(0ull)
               : "cc", "memory");
  out[0] = lo, out[1] = hi;
}

// (On a mismatch, cmpxchg16b leaves what memory held in rdx:rax.)
bool cas16(void* p, uint64_t expected[2], const uint64_t desired[2]) {
  uint64_t lo = expected[0], hi = expected[1];
  bool ok;
  asm volatile("lock cmpxchg16b %1"
               : "=@ccz"(ok), "+m"(*static_cast<volatile __int128*>(p)), "+a"(lo), "+d"(hi)
               : "b"(desired[0]), "c"(desired[1])
               : "memory");
  expected[0] = lo, expected[1] = hi;
  return ok;
}

template <typename T>
bool cas(void* p, uint64_t& expected, uint64_t desired) {
  T e = static_cast<T>(expected);
  const bool ok = __atomic_compare_exchange_n(static_cast<T*>(p), &e, static_cast<T>(desired), false,
                                              __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  expected = e;
  return ok;
}

template <typename T>
uint64_t fetch_op(void* p, HostOp op, uint64_t operand) {
  T* t = static_cast<T*>(p);
  const T v = static_cast<T>(operand);
  switch (op) {
    case HostOp::And: return __atomic_fetch_and(t, v, __ATOMIC_SEQ_CST);
    case HostOp::Or: return __atomic_fetch_or(t, v, __ATOMIC_SEQ_CST);
    case HostOp::Xor: return __atomic_fetch_xor(t, v, __ATOMIC_SEQ_CST);
    default: return __atomic_exchange_n(t, v, __ATOMIC_SEQ_CST);
  }
}

}  // namespace

bool host_load(uint64_t addr, unsigned size, uint64_t out[2]) {
  FaultRecovery r;
  void* p = reinterpret_cast<void*>(addr);
  return run_recovering(r, [&] {
    out[1] = 0;
    switch (size) {
      case 1: out[0] = __atomic_load_n(static_cast<uint8_t*>(p), __ATOMIC_SEQ_CST); break;
      case 2: out[0] = __atomic_load_n(static_cast<uint16_t*>(p), __ATOMIC_SEQ_CST); break;
      case 4: out[0] = __atomic_load_n(static_cast<uint32_t*>(p), __ATOMIC_SEQ_CST); break;
      case 8: out[0] = __atomic_load_n(static_cast<uint64_t*>(p), __ATOMIC_SEQ_CST); break;
      default: load16(p, out); break;
    }
  });
}

int host_cas(uint64_t addr, unsigned size, const uint64_t expected[2], const uint64_t desired[2]) {
  uint64_t seen[2] = {expected[0], expected[1]};
  return host_cmpxchg(addr, size, seen, desired);
}

int host_cmpxchg(uint64_t addr, unsigned size, uint64_t expected[2], const uint64_t desired[2]) {
  FaultRecovery r;
  void* p = reinterpret_cast<void*>(addr);
  bool ok = false;
  if (!run_recovering(r, [&] {
        switch (size) {
          case 1: ok = cas<uint8_t>(p, expected[0], desired[0]); break;
          case 2: ok = cas<uint16_t>(p, expected[0], desired[0]); break;
          case 4: ok = cas<uint32_t>(p, expected[0], desired[0]); break;
          case 8: ok = cas<uint64_t>(p, expected[0], desired[0]); break;
          default: ok = cas16(p, expected, desired); break;
        }
      }))
    return -1;
  return ok ? 1 : 0;
}

bool host_fetch_op(uint64_t addr, unsigned size, HostOp op, uint64_t operand, uint64_t& old) {
  FaultRecovery r;
  void* p = reinterpret_cast<void*>(addr);
  return run_recovering(r, [&] {
    switch (size) {
      case 1: old = fetch_op<uint8_t>(p, op, operand); break;
      case 2: old = fetch_op<uint16_t>(p, op, operand); break;
      case 4: old = fetch_op<uint32_t>(p, op, operand); break;
      default: old = fetch_op<uint64_t>(p, op, operand); break;
    }
  });
}

}  // namespace polyrun::cpu
