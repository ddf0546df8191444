// What the ISAs' signal frames share (isa/<isa>_signal.cpp): frame constants from the ISA's
// kernel ABI table, typed stores into and loads from the frame, the generic 64-bit siginfo
// (si_signo, si_errno, si_code, then the union at 16 with si_addr first for faults), which is also
// the host's (x86-64) layout, and the conversion between it and a 32-bit ISA's siginfo.
#pragma once

#include <signal.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "syscall-translate/kernel_abi/kernel_abi.h"
#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi::sigframe {

// A constant the frame code cannot do without ("sizeof ucontext", "sigcontext.pc" …).
inline uint64_t need(const pr_kernel_abi& abi, const char* name) {
  long long v = lookup(abi.signal_frame, name, -1);
  if (v < 0) throw std::logic_error(std::string(abi.name) + " kernel ABI table lacks " + name);
  return static_cast<uint64_t>(v);
}

template <typename T>
void put(uint64_t addr, T v) {
  std::memcpy(reinterpret_cast<void*>(addr), &v, sizeof v);
}
template <typename T>
T get(uint64_t addr) {
  T v;
  std::memcpy(&v, reinterpret_cast<const void*>(addr), sizeof v);
  return v;
}

// The 64-bit stack_t of uc_stack: ss_sp, ss_flags, ss_size.
inline void put_stack(uint64_t at, uint64_t sp, uint32_t flags, uint64_t size) {
  put<uint64_t>(at, sp);
  put<uint32_t>(at + 8, flags);
  put<uint64_t>(at + 16, size);
}
inline void get_stack(uint64_t at, uint64_t& sp, uint32_t& flags, uint64_t& size) {
  sp = get<uint64_t>(at);
  flags = get<uint32_t>(at + 8);
  size = get<uint64_t>(at + 16);
}

// The host's siginfo as the guest's, renumbered.
inline void siginfo64_to_guest(unsigned size, const uint8_t* host, int guest_sig, uint8_t* guest) {
  std::memcpy(guest, host, size);
  int32_t s = guest_sig;
  std::memcpy(guest, &s, 4);
}

// A siginfo for a fault or a signal polyrun raises: the code and, for faults, the address.
inline void make_siginfo64(unsigned size, int guest_sig, int code, uint64_t addr, uint8_t* guest) {
  std::memset(guest, 0, size);
  int32_t s = guest_sig, c = code;
  std::memcpy(guest, &s, 4);
  std::memcpy(guest + 8, &c, 4);
  std::memcpy(guest + 16, &addr, 8);
}

// A field of a guest struct (a frame, a siginfo) of `size` bytes at `addr`, in the guest's byte
// order: 32-bit frames are read and written through these, which go through get_field and
// put_field (kernel_abi_map.h), the one place that knows it.
inline void put_guest(uint64_t addr, unsigned size, uint64_t v, bool big_endian = false) {
  put_field(reinterpret_cast<void*>(addr), pr_field{0, size, 0, big_endian}, v);
}
inline uint64_t get_guest(uint64_t addr, unsigned size, bool big_endian = false) {
  return get_field(reinterpret_cast<const void*>(addr), pr_field{0, size, 0, big_endian});
}

// Which of siginfo's unions a signal's si_code selects, as Linux's siginfo_layout (kernel/signal.c
// of Linux 6.1) decides, for host signal numbers. Only the 32-bit conversion needs it: 64-bit ISAs
// share the host's layout.
enum class SiginfoLayout { Kill, Timer, Poll, Fault, FaultMceErr, FaultBndErr, FaultPkuErr, FaultPerf, Chld, Rt, Sys };

inline SiginfoLayout siginfo_layout(int sig, int code) {
  // The si_code values each signal has (the NSIG* counts of include/uapi/asm-generic/siginfo.h of
  // Linux 6.1), and TRAP_PERF, which the host's C library may not name.
  constexpr int kNsigIll = 11, kNsigFpe = 15, kNsigSegv = 9, kNsigBus = 5, kNsigTrap = 6, kNsigChld = 6,
                kNsigPoll = 6, kNsigSys = 2, kTrapPerf = 6;
  if (code > SI_USER && code < SI_KERNEL) {
    int limit = 0;
    SiginfoLayout l = SiginfoLayout::Fault;
    switch (sig) {
      case SIGILL: limit = kNsigIll; break;
      case SIGFPE: limit = kNsigFpe; break;
      case SIGSEGV: limit = kNsigSegv; break;
      case SIGBUS: limit = kNsigBus; break;
      case SIGTRAP: limit = kNsigTrap; break;
      case SIGCHLD: limit = kNsigChld, l = SiginfoLayout::Chld; break;
      case SIGPOLL: limit = kNsigPoll, l = SiginfoLayout::Poll; break;
      case SIGSYS: limit = kNsigSys, l = SiginfoLayout::Sys; break;
      default: break;
    }
    if (code <= limit) {
      if (sig == SIGBUS && (code == BUS_MCEERR_AR || code == BUS_MCEERR_AO)) return SiginfoLayout::FaultMceErr;
      if (sig == SIGSEGV && code == SEGV_BNDERR) return SiginfoLayout::FaultBndErr;
      if (sig == SIGSEGV && code == SEGV_PKUERR) return SiginfoLayout::FaultPkuErr;
      if (sig == SIGTRAP && code == kTrapPerf) return SiginfoLayout::FaultPerf;
      return l;
    }
    return code <= kNsigPoll ? SiginfoLayout::Poll : SiginfoLayout::Kill;
  }
  if (code == SI_TIMER) return SiginfoLayout::Timer;
  if (code == SI_SIGIO) return SiginfoLayout::Poll;
  return code < 0 ? SiginfoLayout::Rt : SiginfoLayout::Kill;
}

// Where a 32-bit ISA's siginfo keeps its fields (offsets from its kernel ABI table: "siginfo.si_pid"
// …), and the sizes of those whose type is a pointer, long or clock_t; the others are ints.
struct Siginfo32 {
  unsigned size;
  unsigned signo, errno_, code, pid, uid, timerid, overrun, value, status, utime, stime, addr, addr_lsb,
      lower, upper, pkey, perf_data, perf_type, perf_flags, band, fd, call_addr, syscall, arch;
  unsigned value_size, clock_size, addr_size, addr_lsb_size, band_size;
  bool big_endian;

  explicit Siginfo32(const pr_kernel_abi& abi) {
    auto n = [&](const char* name) { return static_cast<unsigned>(need(abi, name)); };
    size = n("sizeof siginfo");
    signo = n("siginfo.si_signo"), errno_ = n("siginfo.si_errno"), code = n("siginfo.si_code");
    pid = n("siginfo.si_pid"), uid = n("siginfo.si_uid");
    timerid = n("siginfo.si_timerid"), overrun = n("siginfo.si_overrun"), value = n("siginfo.si_value");
    status = n("siginfo.si_status"), utime = n("siginfo.si_utime"), stime = n("siginfo.si_stime");
    addr = n("siginfo.si_addr"), addr_lsb = n("siginfo.si_addr_lsb"), lower = n("siginfo.si_lower");
    upper = n("siginfo.si_upper"), pkey = n("siginfo.si_pkey"), perf_data = n("siginfo.si_perf_data");
    perf_type = n("siginfo.si_perf_type"), perf_flags = n("siginfo.si_perf_flags");
    band = n("siginfo.si_band"), fd = n("siginfo.si_fd");
    call_addr = n("siginfo.si_call_addr"), syscall = n("siginfo.si_syscall"), arch = n("siginfo.si_arch");
    value_size = n("sizeof siginfo.si_value"), clock_size = n("sizeof siginfo.si_utime");
    addr_size = n("sizeof siginfo.si_addr"), addr_lsb_size = n("sizeof siginfo.si_addr_lsb");
    band_size = n("sizeof siginfo.si_band");
    big_endian = abi.big_endian;
  }
};

// The host's (x86-64) siginfo fields the C library does not name: the perf event fields of a
// SIGTRAP with TRAP_PERF, after si_addr where si_addr_lsb and si_pkey are.
constexpr size_t kHostPerfData = offsetof(siginfo_t, si_addr_lsb);
constexpr size_t kHostPerfType = offsetof(siginfo_t, si_pkey);
constexpr size_t kHostPerfFlags = offsetof(siginfo_t, si_pkey) + 4;

// Copies the fields one si_code class has between the host's siginfo and a 32-bit guest's, as
// Linux's copy_siginfo_to_user32 and copy_siginfo_from_user32 do (pointers, longs and clock_t
// truncated to the guest's sizes or extended back; a sigval keeps its int, a 64-bit ISA's its whole union).
template <bool kToGuest>
void siginfo32_fields(const Siginfo32& g, SiginfoLayout layout, uint8_t* host, uint64_t guest) {
  // (The host's fields in its own byte order; the guest's through get_guest and put_guest.)
  auto field = [&](size_t host_off, unsigned host_size, unsigned guest_off, unsigned guest_size) {
    uint64_t v = 0;
    if (kToGuest) {
      std::memcpy(&v, host + host_off, host_size);
      put_guest(guest + guest_off, guest_size, v, g.big_endian);
    } else {
      v = get_guest(guest + guest_off, guest_size, g.big_endian);
      std::memcpy(host + host_off, &v, host_size);
    }
  };
  constexpr unsigned kInt = 4, kPtr = sizeof(void*);
  switch (layout) {
    case SiginfoLayout::Kill:
      field(offsetof(siginfo_t, si_pid), kInt, g.pid, kInt);
      field(offsetof(siginfo_t, si_uid), kInt, g.uid, kInt);
      break;
    case SiginfoLayout::Timer:
      field(offsetof(siginfo_t, si_timerid), kInt, g.timerid, kInt);
      field(offsetof(siginfo_t, si_overrun), kInt, g.overrun, kInt);
      field(offsetof(siginfo_t, si_int), g.value_size, g.value, g.value_size);
      break;
    case SiginfoLayout::Rt:
      field(offsetof(siginfo_t, si_pid), kInt, g.pid, kInt);
      field(offsetof(siginfo_t, si_uid), kInt, g.uid, kInt);
      field(offsetof(siginfo_t, si_int), g.value_size, g.value, g.value_size);
      break;
    case SiginfoLayout::Poll:
      field(offsetof(siginfo_t, si_band), sizeof(long), g.band, g.band_size);
      field(offsetof(siginfo_t, si_fd), kInt, g.fd, kInt);
      break;
    case SiginfoLayout::Chld:
      field(offsetof(siginfo_t, si_pid), kInt, g.pid, kInt);
      field(offsetof(siginfo_t, si_uid), kInt, g.uid, kInt);
      field(offsetof(siginfo_t, si_status), kInt, g.status, kInt);
      field(offsetof(siginfo_t, si_utime), sizeof(clock_t), g.utime, g.clock_size);
      field(offsetof(siginfo_t, si_stime), sizeof(clock_t), g.stime, g.clock_size);
      break;
    case SiginfoLayout::Sys:
      field(offsetof(siginfo_t, si_call_addr), kPtr, g.call_addr, g.addr_size);
      field(offsetof(siginfo_t, si_syscall), kInt, g.syscall, kInt);
      field(offsetof(siginfo_t, si_arch), kInt, g.arch, kInt);
      break;
    default:  // the faults: the address, and what some codes add
      field(offsetof(siginfo_t, si_addr), kPtr, g.addr, g.addr_size);
      if (layout == SiginfoLayout::FaultMceErr) {
        field(offsetof(siginfo_t, si_addr_lsb), 2, g.addr_lsb, g.addr_lsb_size);
      } else if (layout == SiginfoLayout::FaultBndErr) {
        field(offsetof(siginfo_t, si_lower), kPtr, g.lower, g.addr_size);
        field(offsetof(siginfo_t, si_upper), kPtr, g.upper, g.addr_size);
      } else if (layout == SiginfoLayout::FaultPkuErr) {
        field(offsetof(siginfo_t, si_pkey), kInt, g.pkey, kInt);
      } else if (layout == SiginfoLayout::FaultPerf) {
        field(kHostPerfData, sizeof(long), g.perf_data, g.addr_size);
        field(kHostPerfType, kInt, g.perf_type, kInt);
        field(kHostPerfFlags, kInt, g.perf_flags, kInt);
      }
      break;
  }
}

// The host's siginfo as a 32-bit guest's, numbered `guest_sig` (async-signal-safe).
inline void siginfo32_from_host(const Siginfo32& g, const uint8_t* host, int guest_sig, uint8_t* guest) {
  siginfo_t h;
  std::memcpy(&h, host, sizeof h);
  const uint64_t to = reinterpret_cast<uint64_t>(guest);
  std::memset(guest, 0, g.size);
  put_guest(to + g.signo, 4, static_cast<uint32_t>(guest_sig), g.big_endian);
  put_guest(to + g.errno_, 4, static_cast<uint32_t>(h.si_errno), g.big_endian);
  put_guest(to + g.code, 4, static_cast<uint32_t>(h.si_code), g.big_endian);
  siginfo32_fields<true>(g, siginfo_layout(h.si_signo, h.si_code), reinterpret_cast<uint8_t*>(&h), to);
}

// A 32-bit guest's siginfo as the host's, numbered `host_sig`.
inline void siginfo32_to_host(const Siginfo32& g, const uint8_t* guest, int host_sig, uint8_t* host) {
  siginfo_t h;
  std::memset(&h, 0, sizeof h);
  const uint64_t from = reinterpret_cast<uint64_t>(guest);
  h.si_signo = host_sig;
  h.si_errno = static_cast<int>(get_guest(from + g.errno_, 4, g.big_endian));
  h.si_code = static_cast<int>(get_guest(from + g.code, 4, g.big_endian));
  siginfo32_fields<false>(g, siginfo_layout(host_sig, h.si_code), reinterpret_cast<uint8_t*>(&h), from);
  std::memcpy(host, &h, sizeof h);
}

// A siginfo polyrun raises itself (a fault, a signal of its own) in a 32-bit or big-endian guest's
// layout: number, code and, for faults, the address.
inline void make_siginfo32(const Siginfo32& g, int guest_sig, int code, uint64_t addr, uint8_t* guest) {
  const uint64_t at = reinterpret_cast<uint64_t>(guest);
  std::memset(guest, 0, g.size);
  put_guest(at + g.signo, 4, static_cast<uint32_t>(guest_sig), g.big_endian);
  put_guest(at + g.code, 4, static_cast<uint32_t>(code), g.big_endian);
  put_guest(at + g.addr, g.addr_size, addr, g.big_endian);
}

}  // namespace polyrun::linux_abi::sigframe
