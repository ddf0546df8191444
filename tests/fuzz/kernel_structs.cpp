// The kernel-ABI conversions between each guest ISA and the host (syscall-translate/
// kernel_abi_map.cpp): every converted struct layout guest → host → guest (little- and big-endian
// guests, 32- and 64-bit), errno values, open flags, signal numbers and sets. A field the host
// holds at least as wide as the guest comes back as it was; a known errno or signal maps back to
// itself.
#include <cstring>
#include <vector>

#include "syscall-translate/kernel_abi_map.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;
using linux_abi::get_field;

namespace {

std::vector<const pr_layout*> layouts(const pr_kernel_abi& a) {
  return {&a.stat,     &a.statfs,   &a.epoll_event, &a.flock,      &a.sigaction,  &a.termios,  &a.termios2,
          &a.sockaddr_in, &a.sockaddr_in6, &a.sockaddr_un, &a.stat64, &a.statfs64, &a.flock64, &a.iovec,
          &a.msghdr,   &a.cmsghdr,  &a.stack,       &a.timespec,   &a.timeval,    &a.itimerspec, &a.itimerval,
          &a.kernel_timespec, &a.rlimit, &a.rusage, &a.sysinfo, &a.tms};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pr_kernel_abi* const abis[] = {&pr_kernel_abi_aarch64, &pr_kernel_abi_riscv64, &pr_kernel_abi_arm,
                                              &pr_kernel_abi_i386, &pr_kernel_abi_s390x};
  static linux_abi::KernelAbiMap* const maps[] = {
      new linux_abi::KernelAbiMap(*abis[0], pr_kernel_abi_host), new linux_abi::KernelAbiMap(*abis[1], pr_kernel_abi_host),
      new linux_abi::KernelAbiMap(*abis[2], pr_kernel_abi_host), new linux_abi::KernelAbiMap(*abis[3], pr_kernel_abi_host),
      new linux_abi::KernelAbiMap(*abis[4], pr_kernel_abi_host)};
  fuzz::InputReader in(data, size);
  const size_t isa = in.take<uint8_t>() % 5;
  const pr_kernel_abi& guest = *abis[isa];
  const auto gl = layouts(guest), hl = layouts(pr_kernel_abi_host);
  const size_t which = in.take<uint8_t>() % gl.size();
  const pr_layout& g = *gl[which];
  const pr_layout& h = *hl[which];
  if (g.size && h.size) {
    std::string src = in.take_string(g.size);
    src.resize(g.size, '\0');
    std::vector<uint8_t> host(h.size), back(g.size);
    linux_abi::convert_struct(g, src.data(), h, host.data());
    linux_abi::convert_struct(h, host.data(), g, back.data());
    for (unsigned i = 0; i < g.nfields && i < h.nfields; ++i) {
      const pr_field& gf = g.fields[i];
      const pr_field& hf = h.fields[i];
      if (!gf.size || !hf.size || hf.size < gf.size) continue;
      if (gf.size <= 8 && (gf.size & (gf.size - 1)) == 0 && hf.size <= 8) {
        // A signed guest field widened and narrowed again, an unsigned one zero-extended: the same.
        POLYRUN_FUZZ_CHECK(get_field(back.data(), gf) == get_field(src.data(), gf), "%s: layout %zu field %u changed",
                           guest.name, which, i);
      } else {
        POLYRUN_FUZZ_CHECK(std::memcmp(back.data() + gf.offset, src.data() + gf.offset, gf.size) == 0,
                           "%s: layout %zu field %u (%u bytes) changed", guest.name, which, i, gf.size);
      }
    }
  }
  const linux_abi::KernelAbiMap& abi = *maps[isa];
  const int e = in.take<uint16_t>() % 4096;
  if (int host = abi.host_errno(e); host > 0 && host < 4096 && abi.guest_errno(host) > 0)
    POLYRUN_FUZZ_CHECK(abi.host_errno(abi.guest_errno(host)) == host, "%s: errno %d", guest.name, host);
  const int sig = in.take<uint8_t>() % 70;
  if (int host = abi.signal_to_host(sig))
    POLYRUN_FUZZ_CHECK(abi.signal_to_guest(host) == sig, "%s: signal %d -> %d -> %d", guest.name, sig, host,
                       abi.signal_to_guest(host));
  const uint64_t set = in.take<uint64_t>();
  (void)abi.sigset_to_guest(abi.sigset_to_host(set));
  (void)abi.open_flags_to_guest(abi.open_flags_to_host(in.take<uint64_t>()));
  (void)abi.mmap_flags_to_host(in.take<uint64_t>());
  (void)abi.ioctl_to_host(in.take<uint64_t>());
  return 0;
}
