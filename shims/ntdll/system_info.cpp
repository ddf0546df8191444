// NTDLL's queries of the system and of the process (NtQuerySystemInformation,
// NtQueryInformationProcess) for the classes runtimes ask: the machine's basics, each processor's
// times (libuv's uv_cpu_info, node's os.cpus()), the time of day and boot time; the process's basic
// information (its PEB, id and parent's id) and that no debugger is attached. Other classes are
// refused with STATUS_INVALID_INFO_CLASS and said once at debug level.
#include <sys/sysinfo.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/log.h"
#include "shims/core/guest_memory.h"
#include "shims/core/filetime.h"
#include "shims/core/machine_identity.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

// /proc/stat's per-processor lines: user, nice, system, idle, iowait, irq, softirq (clock ticks).
std::vector<std::vector<uint64_t>> processor_times() {
  std::vector<std::vector<uint64_t>> out;
  std::ifstream f("/proc/stat");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("cpu", 0) != 0 || line.size() < 4 || line[3] == ' ') continue;
    std::vector<uint64_t> t(7, 0);
    std::sscanf(line.c_str(), "%*s %lu %lu %lu %lu %lu %lu %lu", &t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6]);
    out.push_back(t);
  }
  return out;
}

// Writes `bytes` built by `fill` if the buffer holds them: the status, *returned the size needed.
template <typename Fill>
uint32_t answer(Ptr out, uint32_t size, Ptr returned, uint32_t bytes, Fill fill) {
  if (returned) put<uint32_t>(returned.addr, bytes);
  if (size < bytes) return nt::kInfoLengthMismatch;
  std::memset(out.as<void>(), 0, bytes);
  fill();
  return nt::kSuccess;
}

uint32_t NtQuerySystemInformation(WindowsProcess& p, uint32_t cls, Ptr out, uint32_t size, Ptr returned) {
  const unsigned w = p.isa->ptr;
  switch (cls) {
    case 0: {  // SystemBasicInformation
      const uint32_t bytes = w == 8 ? 64 : 44;
      return answer(out, size, returned, bytes, [&] {
        struct sysinfo si {};
        ::sysinfo(&si);
        const uint64_t pages = static_cast<uint64_t>(si.totalram) * si.mem_unit / 4096;
        put<uint32_t>(out.addr + 4, 156250);  // TimerResolution: 15.625 ms, in 100 ns units
        put<uint32_t>(out.addr + 8, 4096);    // PageSize
        put<uint32_t>(out.addr + 12, static_cast<uint32_t>(pages));
        put<uint32_t>(out.addr + 16, 1);
        put<uint32_t>(out.addr + 20, static_cast<uint32_t>(pages));
        put<uint32_t>(out.addr + 24, 65536);  // AllocationGranularity
        const uint64_t at = out.addr + 28 + (w == 8 ? 4 : 0);
        p.put_ptr(at, 0x10000);                                         // MinimumUserModeAddress
        p.put_ptr(at + w, p.isa->limit - 0x10001);                      // MaximumUserModeAddress
        p.put_ptr(at + 2 * w, processor_mask());                                   // ActiveProcessorsAffinityMask
        put<uint8_t>(at + 3 * w, static_cast<uint8_t>(processor_count()));        // NumberOfProcessors
      });
    }
    case 3:  // SystemTimeOfDayInformation: BootTime, CurrentTime, TimeZoneBias, TimeZoneId, …
      return answer(out, size, returned, 48, [&] {
        struct sysinfo si {};
        ::sysinfo(&si);
        const uint64_t now = filetime_now();
        put<uint64_t>(out.addr, now - static_cast<uint64_t>(si.uptime) * kFiletimeSecond);
        put<uint64_t>(out.addr + 8, now);
      });
    case 8: {  // SystemProcessorPerformanceInformation: per processor Idle, Kernel (with idle), User,
               // Dpc and Interrupt times (100 ns) and an interrupt count; 48 bytes each
      const auto times = processor_times();
      const uint32_t n = std::min<uint32_t>(processor_count(), static_cast<uint32_t>(times.size()));
      if (n == 0) return nt::kUnsuccessful;
      const double tick = 1e7 / static_cast<double>(::sysconf(_SC_CLK_TCK));
      return answer(out, size, returned, 48 * n, [&] {
        for (uint32_t i = 0; i < n; ++i) {
          const auto& t = times[i];
          const uint64_t idle = static_cast<uint64_t>((t[3] + t[4]) * tick), system = static_cast<uint64_t>(t[2] * tick);
          const uint64_t user = static_cast<uint64_t>((t[0] + t[1]) * tick), irq = static_cast<uint64_t>((t[5] + t[6]) * tick);
          const uint64_t e = out.addr + 48ull * i;
          put<uint64_t>(e, idle);
          put<uint64_t>(e + 8, system + idle + irq);
          put<uint64_t>(e + 16, user);
          put<uint64_t>(e + 24, static_cast<uint64_t>(t[6] * tick));
          put<uint64_t>(e + 32, static_cast<uint64_t>(t[5] * tick));
        }
      });
    }
    default:
      log().debug("NtQuerySystemInformation: class {} is not implemented", cls);
      return nt::kInvalidInfoClass;
  }
}

uint32_t NtQueryInformationProcess(WindowsProcess& p, Ptr h, uint32_t cls, Ptr out, uint32_t size, Ptr returned) {
  if (!p.is_current_process(h.addr)) {
    log().debug("NtQueryInformationProcess: only of the process itself");
    return nt::kInvalidHandle;
  }
  const unsigned w = p.isa->ptr;
  switch (cls) {
    case 0:  // ProcessBasicInformation: ExitStatus, PebBaseAddress, AffinityMask, BasePriority,
             // UniqueProcessId, InheritedFromUniqueProcessId (each at a pointer's stride)
      return answer(out, size, returned, 6 * w, [&] {
        put<uint32_t>(out.addr, nt::kPending);  // STILL_ACTIVE
        p.put_ptr(out.addr + w, p.peb);
        p.put_ptr(out.addr + 2 * w, processor_mask());
        put<int32_t>(out.addr + 3 * w, 8);  // NORMAL_PRIORITY_CLASS's base priority
        p.put_ptr(out.addr + 4 * w, static_cast<uint64_t>(::getpid()));
        p.put_ptr(out.addr + 5 * w, static_cast<uint64_t>(::getppid()));
      });
    case 7:  // ProcessDebugPort: none
      return answer(out, size, returned, w, [] {});
    case 0x1e:  // ProcessDebugObjectHandle: no debugger, so no object
      if (returned) put<uint32_t>(returned.addr, w);
      return size < w ? nt::kInfoLengthMismatch : nt::kPortNotSet;
    case 0x1f:  // ProcessDebugFlags: NoDebugInherit, as without a debugger
      return answer(out, size, returned, 4, [&] { put<uint32_t>(out.addr, 1); });
    default:
      log().debug("NtQueryInformationProcess: class {} is not implemented", cls);
      return nt::kInvalidInfoClass;
  }
}

}  // namespace

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_system_info_exports() {
  static const std::vector<Export> exports = {
      EXPORT("NtQuerySystemInformation", NtQuerySystemInformation),
      EXPORT("NtQueryInformationProcess", NtQueryInformationProcess),
      // (The native system's information: this process's, 64-bit Windows' answers for both widths.)
      EXPORT("RtlGetNativeSystemInformation", NtQuerySystemInformation),
  };
  return exports;
}

}  // namespace polyrun::shims
