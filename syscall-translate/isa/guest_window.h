// Where the memory of a guest goes on this host, whatever its ISA: clear of the host's own
// ranges — the host program (0x55…/0x56…), its libraries and stack (0x7f…), and AddressSanitizer's
// shadow (below 0x10007fff8000) in Debug builds. ThreadSanitizer builds reserve everything from
// 0x010000000000 to 0x7b0000000000 but application memory below 0x008000000000, which the host
// program and its libraries leave free: guest memory goes there.
#pragma once

#include <cstdint>

namespace polyrun::linux_abi {

struct GuestWindow {
  uint64_t mmap_bottom, mmap_top, stack_top, dyn_base;
  uint64_t interp_base;  // where the dynamic linker goes
};

// The end of a guest's address space (mem::Layout::end): the host's user space for a 64-bit
// guest, whose memory is host memory at the same address; 4 GiB for a 32-bit one.
constexpr uint64_t kGuestEnd = 0x800000000000ull;
constexpr uint64_t kGuest32End = 0x100000000ull;
#if defined(__SANITIZE_THREAD__)
constexpr GuestWindow kGuest{0x001000000000ull, 0x007000000000ull, 0x007f00000000ull, 0x000800000000ull,
                           0x000900000000ull};
#else
constexpr GuestWindow kGuest{0x110000000000ull, 0x1f0000000000ull, 0x200000000000ull, 0x120000000000ull,
                           0x120100000000ull};
#endif

// The same for a 32-bit guest: everything below 4 GiB, which the host leaves free (its program and
// libraries lie far above), and below AddressSanitizer's low shadow (0x7fff8000) in its builds.
#if defined(__SANITIZE_ADDRESS__)
constexpr GuestWindow kGuest32{0x00100000ull, 0x6f000000ull, 0x7f000000ull, 0x00400000ull, 0x40000000ull};
#else
constexpr GuestWindow kGuest32{0x00100000ull, 0xf0000000ull, 0xff000000ull, 0x00400000ull, 0x40000000ull};
#endif

}  // namespace polyrun::linux_abi
