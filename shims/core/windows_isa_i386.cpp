// i386 Windows: stdcall for the system DLLs, cdecl for the C runtime, TEB through FS (a GDT
// descriptor: the engine ignores FS base writes in 32-bit mode), 32-bit structures. Guest memory
// stays below 2 GiB, under AddressSanitizer's low shadow in Debug builds.
#include "shims/core/windows_isa.h"

#include "shims/core/seh.h"

namespace polyrun::shims {

const WindowsIsa& windows_isa_i386() {
  static const WindowsIsa isa{
      Isa::I386,
      4,
      abi::Convention::Stdcall,
      abi::Convention::Cdecl,
      mem::Layout{4096, 0x01000000ull, 0x70000000ull, 0x100000000ull},  // (the engine addresses 4 GiB)
      0x70000000ull,
      cpu::Segment::FS,
      0,    // PROCESSOR_ARCHITECTURE_INTEL
      586,  // PROCESSOR_INTEL_PENTIUM
      {0x00, 0x04, 0x08, 0x18, 0x20, 0x2c, 0x30, 0x34, 0xe10, 0x1000},
      {0x08, 0x10, 0x18, 0xa4, 0xa8, 0xac, 0xb0, 0x1000},
      {0x08, 0x18, 0x38, 0x40, 0x48, 0x70, 0x78, 0x290, 0x300},
      {32, 16},
      {24, 8},
      {0x08, 0x40},  // HEAP.SegmentSignature, HEAP.Flags (Windows 10)
      &seh_runtime_i386(),
  };
  return isa;
}

}  // namespace polyrun::shims
