#include "shims/core/filetime.h"
#include "shims/core/user_shared_data.h"

#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>

#include "common/log.h"
#include "memory/address_space.h"
#include "shims/core/text.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

namespace {

// Offsets in KUSER_SHARED_DATA (the same for 32- and 64-bit programs).
constexpr uint32_t kTickCountMultiplier = 0x004, kInterruptTime = 0x008, kSystemTime = 0x014, kTimeZoneBias = 0x020,
                   kImageNumberLow = 0x02c, kImageNumberHigh = 0x02e, kNtSystemRoot = 0x030, kNtBuildNumber = 0x260,
                   kNtProductType = 0x264, kProductTypeIsValid = 0x268, kNativeArchitecture = 0x26a,
                   kNtMajorVersion = 0x26c, kNtMinorVersion = 0x270, kTickCount = 0x320, kActiveProcessorCount = 0x3c0;
constexpr uint64_t kPage = 4096;

int64_t hundred_ns(clockid_t clock) {
  timespec ts;
  ::clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 10000000 + ts.tv_nsec / 100;
}

// A KSYSTEM_TIME {LowPart, High1Time, High2Time}: readers take High1, LowPart, High2 and read again
// while the two highs differ, so the writer stores High2 first and High1 last.
void store_system_time(uint8_t* page, uint32_t at, int64_t value) {
  auto* f = reinterpret_cast<std::atomic<uint32_t>*>(page + at);
  const auto hi = static_cast<uint32_t>(static_cast<uint64_t>(value) >> 32);
  f[2].store(hi, std::memory_order_release);
  f[0].store(static_cast<uint32_t>(value), std::memory_order_release);
  f[1].store(hi, std::memory_order_release);
}

void update_clocks(uint8_t* page) {
  const int64_t interrupt = hundred_ns(CLOCK_MONOTONIC);
  store_system_time(page, kInterruptTime, interrupt);
  store_system_time(page, kSystemTime, hundred_ns(CLOCK_REALTIME) + kUnixEpochAsFiletime);
  // The tick count in milliseconds: with a multiplier of 1 << 24, (ticks * multiplier) >> 24 is it.
  store_system_time(page, kTickCount, interrupt / 10000);
  reinterpret_cast<std::atomic<uint32_t>*>(page)->store(static_cast<uint32_t>(interrupt / 10000), std::memory_order_release);
  // UTC = local time + bias.
  time_t now = ::time(nullptr);
  struct tm local;
  ::localtime_r(&now, &local);
  store_system_time(page, kTimeZoneBias, -static_cast<int64_t>(local.tm_gmtoff) * 10000000);
}

}  // namespace

void map_user_shared_data(WindowsProcess& p) {
  int fd = ::memfd_create("polyrun-user-shared-data", MFD_CLOEXEC);
  if (fd < 0 || ::ftruncate(fd, kPage) != 0) {
    if (fd >= 0) ::close(fd);
    polyrun::log().warn("KUSER_SHARED_DATA not mapped: no memory file ({})", std::strerror(errno));
    return;
  }
  // The program's view is read-only, as on Windows; polyrun writes through a second view.
  void* writable = ::mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  mem::MapRequest req;
  req.fixed = true;
  req.shared = true;
  req.fd = fd;
  req.name = "[KUSER_SHARED_DATA]";
  int64_t at = writable == MAP_FAILED ? -1 : p.memory.map(kUserSharedData, kPage, PROT_READ, req);
  ::close(fd);
  if (at != static_cast<int64_t>(kUserSharedData)) {
    if (writable != MAP_FAILED) ::munmap(writable, kPage);
    polyrun::log().warn("KUSER_SHARED_DATA not mapped at 0x{:x}", kUserSharedData);
    return;
  }
  auto* page = static_cast<uint8_t*>(writable);
  auto put16 = [&](uint32_t off, uint16_t v) { std::memcpy(page + off, &v, 2); };
  auto put32 = [&](uint32_t off, uint32_t v) { std::memcpy(page + off, &v, 4); };
  put32(kTickCountMultiplier, 1u << 24);
  const uint16_t machine = p.isa->ptr == 8 ? 0x8664 : 0x014c;
  put16(kImageNumberLow, machine);
  put16(kImageNumberHigh, machine);
  std::u16string root = utf8_to_utf16("C:\\Windows");
  std::memcpy(page + kNtSystemRoot, root.c_str(), (root.size() + 1) * 2);
  put32(kNtBuildNumber, 19045);
  put32(kNtProductType, 1);  // NtProductWinNt: a workstation
  page[kProductTypeIsValid] = 1;
  put16(kNativeArchitecture, 9);  // PROCESSOR_ARCHITECTURE_AMD64: the machine is x86-64
  put32(kNtMajorVersion, 10);
  put32(kNtMinorVersion, 0);
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  put32(kActiveProcessorCount, cpus > 0 ? static_cast<uint32_t>(cpus) : 1);
  update_clocks(page);
  std::thread([page] {
    const timespec tick{0, 1000000};
    for (;;) {
      ::nanosleep(&tick, nullptr);
      update_clocks(page);
    }
  }).detach();
}

}  // namespace polyrun::shims
