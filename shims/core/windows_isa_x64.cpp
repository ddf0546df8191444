// x86-64 Windows: the Microsoft x64 convention everywhere, TEB through GS, 64-bit structures.
#include "shims/core/windows_isa.h"

#include "shims/core/seh.h"

namespace polyrun::shims {

// Where guest memory goes: the same window as the Linux personality's, clear of the host program,
// its libraries and stack, and AddressSanitizer's shadow. ThreadSanitizer builds reserve
// everything from 0x010000000000 to 0x7b0000000000 but leave application memory below
// 0x008000000000 (where images' preferred bases lie too): guest memory goes there.
#if defined(__SANITIZE_THREAD__)
constexpr uint64_t kMmapBottom = 0x001000000000ull, kMmapTop = 0x007000000000ull, kLimit = 0x008000000000ull;
#else
constexpr uint64_t kMmapBottom = 0x110000000000ull, kMmapTop = 0x1f0000000000ull, kLimit = 0x200000000000ull;
#endif

const WindowsIsa& windows_isa_x64() {
  static const WindowsIsa isa{
      Isa::X86_64,
      8,
      abi::Convention::Win64,
      abi::Convention::Win64,
      mem::Layout{4096, kMmapBottom, kMmapTop},
      kLimit,
      cpu::Segment::GS,
      9,     // PROCESSOR_ARCHITECTURE_AMD64
      8664,  // PROCESSOR_AMD_X8664
      {0x00, 0x08, 0x10, 0x30, 0x40, 0x58, 0x60, 0x68, 0x1480, 0x2000},
      {0x10, 0x20, 0x30, 0x118, 0x11c, 0x120, 0x124, 0x1000},
      {0x08, 0x20, 0x60, 0x70, 0x80, 0xb0, 0xc0, 0x3f0, 0x440},
      {48, 28},
      {40, 12},
      {0x10, 0x70},  // HEAP.SegmentSignature, HEAP.Flags (Windows 10)
      &seh_runtime_x64(),
  };
  return isa;
}

}  // namespace polyrun::shims
