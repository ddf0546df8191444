// What one built-in DLL keeps per process or per thread (the C runtime's streams, its rand()
// generator, Winsock's WSAStartup count …), in slots of core's that name no DLL's types: each DLL
// defines its own state types and reaches them with dll_state<T>(p) / dll_state<T>(p.thread()).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstdio>

namespace polyrun::shims {

// The base of every DLL's state type; a slot deletes its state through it.
struct DllStateBase {
  virtual ~DllStateBase() = default;
};

// The slots of one process or one thread: one per state type, the state made (default-constructed)
// at its first use. A lookup is a load and a test; making one takes a compare-exchange, so two
// threads that reach a process's slot at once (direct calls run without the execution lock) make
// one state between them.
class DllStates {
 public:
  // (room for every state type of every DLL: 61 today, the MSVCP90 and MSVCP100 builds of
  // MSVCP140's files having types of their own; a process uses the slots of the DLLs it calls)
  static constexpr size_t kSlots = 128;

  DllStates() = default;
  DllStates(const DllStates&) = delete;
  DllStates& operator=(const DllStates&) = delete;
  ~DllStates() {
    for (auto& s : slots_) delete s.load(std::memory_order_relaxed);
  }

  template <class T>
  T& get() {
    static const size_t slot = next_slot();
    DllStateBase* s = slots_[slot].load(std::memory_order_acquire);
    if (s == nullptr) [[unlikely]] s = make(slot, new T());
    return *static_cast<T*>(s);
  }

 private:
  // A number for each state type, given at its first use; every DllStates has the same slots.
  static size_t next_slot() {
    static std::atomic<size_t> count{0};
    size_t n = count.fetch_add(1, std::memory_order_relaxed);
    if (n >= kSlots) {
      std::fprintf(stderr, "polyrun: internal error: more than %zu kinds of per-DLL state (core/dll_state.h)\n", kSlots);
      std::abort();
    }
    return n;
  }
  DllStateBase* make(size_t slot, DllStateBase* made) {
    DllStateBase* expected = nullptr;
    if (slots_[slot].compare_exchange_strong(expected, made, std::memory_order_acq_rel)) return made;
    delete made;  // (another thread made it first)
    return expected;
  }

  std::array<std::atomic<DllStateBase*>, kSlots> slots_{};
};

}  // namespace polyrun::shims
