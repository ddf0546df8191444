// --strace's decoding of a call (syscall-translate/strace.cpp) for each guest ISA's kernel ABI:
// any signature letters, any argument values — pointers into a page of guest memory holding the
// input's bytes, at its very end (the next page unmapped), or anywhere — and any result. A
// pointer the guest passes is read only where the guest's memory is readable.
#include <cstring>

#include "memory/address_space.h"
#include "syscall-translate/kernel_abi_map.h"
#include "syscall-translate/strace.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;

namespace {

constexpr uint64_t kPage = 0x110000000000ull;  // the 64-bit guest window (isa/guest_window.h)
constexpr char kLetters[] = "duxpofsVOPMbB-?";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pr_kernel_abi* const abis[] = {&pr_kernel_abi_aarch64, &pr_kernel_abi_riscv64, &pr_kernel_abi_arm,
                                              &pr_kernel_abi_i386, &pr_kernel_abi_s390x};
  static mem::AddressSpace* memory = [] {
    auto* m = new mem::AddressSpace(mem::Layout{4096, kPage, kPage + 0x100000});
    mem::MapRequest r;
    r.fixed = true;
    if (m->map(kPage, 4096, mem::kRead | mem::kWrite, r) != static_cast<int64_t>(kPage)) std::abort();
    return m;
  }();
  fuzz::InputReader in(data, size);
  static linux_abi::KernelAbiMap* const maps[] = {
      new linux_abi::KernelAbiMap(*abis[0], pr_kernel_abi_host), new linux_abi::KernelAbiMap(*abis[1], pr_kernel_abi_host),
      new linux_abi::KernelAbiMap(*abis[2], pr_kernel_abi_host), new linux_abi::KernelAbiMap(*abis[3], pr_kernel_abi_host),
      new linux_abi::KernelAbiMap(*abis[4], pr_kernel_abi_host)};
  const linux_abi::KernelAbiMap& abi = *maps[in.take<uint8_t>() % 5];
  linux_abi::Strace trace(abi);
  trace.set_memory(memory);

  std::string signature(1, kLetters[in.take<uint8_t>() % (sizeof kLetters - 1)]);
  signature += ':';
  for (int i = 0, n = in.take<uint8_t>() % 7; i < n; ++i) signature += kLetters[in.take<uint8_t>() % (sizeof kLetters - 1)];
  uint64_t a[6];
  for (auto& v : a) {
    switch (in.take<uint8_t>() % 4) {
      case 0: v = kPage + in.take<uint16_t>() % 4096; break;  // into the page
      case 1: v = kPage + 4096 - in.take<uint8_t>() % 16; break;  // at its end
      case 2: v = 0; break;
      default: v = in.take<uint64_t>(); break;
    }
  }
  const bool after = in.take<uint8_t>() & 1;
  const int64_t result = static_cast<int64_t>(in.take<uint64_t>());
  std::string page = in.take_string(4096);
  std::memset(reinterpret_cast<void*>(kPage), 'a', 4096);
  std::memcpy(reinterpret_cast<void*>(kPage), page.data(), page.size());

  std::string call = trace.format_call("call", signature.c_str(), a, after, result);
  std::string shown = trace.format_result(signature.c_str(), result);
  // At most six arguments, each at most eight strings of 255 characters, escaped four to a byte.
  POLYRUN_FUZZ_CHECK(call.size() < 65536, "%zu characters for one call", call.size());
  (void)shown;
  return 0;
}
