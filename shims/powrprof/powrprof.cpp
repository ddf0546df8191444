// POWRPROF.dll: CallNtPowerInformation's processor information (each logical processor's maximum
// and current clock from the host's cpufreq, else /proc/cpuinfo) and battery state (the host's
// /sys/class/power_supply: on mains without a battery when it lists none). Other information levels
// stop the program with the unimplemented line, naming the level. Suspend and resume
// notifications (what Go's runtime and Node register for at start-up) are registered and never
// sent: polyrun hears of no suspend of the host. SetSuspendState never suspends the host: it needs
// SeShutdownPrivilege enabled in the process token (Microsoft's SetSuspendState page), which
// AdjustTokenPrivileges enables as on Windows; without it the call fails with
// ERROR_PRIVILEGE_NOT_HELD; with it, the machine the program sees has no sleep state it may enter
// (the host's power is not the program's to change): ERROR_NOT_SUPPORTED, as Windows fails a
// machine whose firmware offers no S3 or S4.
#include <dirent.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shims/powrprof/exports.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

namespace powrprof {
namespace {

constexpr uint32_t kStatusSuccess = 0, kStatusBufferTooSmall = 0xC0000023;
constexpr uint32_t kSystemBatteryState = 5, kProcessorInformation = 11;

uint64_t read_number(const std::string& path) {
  std::ifstream f(path);
  uint64_t v = 0;
  f >> v;
  return v;
}

std::string read_text(const std::string& path) {
  std::ifstream f(path);
  std::string s;
  std::getline(f, s);
  return s;
}

// Each CPU's clock in MHz from /proc/cpuinfo's "cpu MHz" lines (where cpufreq says nothing).
std::vector<uint32_t> cpuinfo_mhz() {
  std::vector<uint32_t> out;
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.compare(0, 7, "cpu MHz") == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) out.push_back(static_cast<uint32_t>(std::stod(line.substr(colon + 1)) + 0.5));
    }
  return out;
}

uint32_t processor_information(Ptr out, uint32_t out_size) {
  const uint32_t n = processor_count();
  constexpr uint32_t kEntry = 24;  // PROCESSOR_POWER_INFORMATION: six ULONGs
  if (!out || out_size < n * kEntry) return kStatusBufferTooSmall;
  const std::vector<uint32_t> listed = cpuinfo_mhz();
  for (uint32_t i = 0; i < n; ++i) {
    const std::string dir = "/sys/devices/system/cpu/cpu" + std::to_string(i) + "/cpufreq/";
    uint32_t max = static_cast<uint32_t>(read_number(dir + "cpuinfo_max_freq") / 1000);
    uint32_t current = static_cast<uint32_t>(read_number(dir + "scaling_cur_freq") / 1000);
    const uint32_t fallback = i < listed.size() ? listed[i] : listed.empty() ? 0 : listed.back();
    if (!current) current = fallback;
    if (!max) max = std::max(current, fallback);
    const uint32_t v[6] = {i, max, current, max, 0, 0};  // Number, MaxMhz, CurrentMhz, MhzLimit, idle states
    copy_guest(guest_pointer(out.addr + i * kEntry), v, sizeof v, out.addr + i * kEntry, true);
  }
  return kStatusSuccess;
}

// SYSTEM_BATTERY_STATE: AcOnLine, BatteryPresent, Charging, Discharging, Spare1[3], Tag (BYTEs),
// then MaxCapacity, RemainingCapacity, Rate, EstimatedTime, DefaultAlert1, DefaultAlert2 (ULONGs).
uint32_t battery_state(Ptr out, uint32_t out_size) {
  constexpr uint32_t kSize = 32;
  if (!out || out_size < kSize) return kStatusBufferTooSmall;
  bool mains = false, mains_listed = false, battery = false, charging = false, discharging = false;
  uint64_t full = 0, now = 0, rate = 0;
  if (DIR* d = ::opendir("/sys/class/power_supply")) {
    while (dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      const std::string base = "/sys/class/power_supply/" + name + "/";
      const std::string type = read_text(base + "type");
      if (type == "Mains") {
        mains_listed = true;
        mains = mains || read_number(base + "online") != 0;
      } else if (type == "Battery" && read_number(base + "present")) {
        battery = true;
        const std::string status = read_text(base + "status");
        charging = charging || status == "Charging";
        discharging = discharging || status == "Discharging";
        // (µWh, else µAh: the capacities in mWh as Windows gives them, near enough for a µAh one)
        full += read_number(base + "energy_full") + read_number(base + "charge_full");
        now += read_number(base + "energy_now") + read_number(base + "charge_now");
        rate += read_number(base + "power_now");
      }
    }
    ::closedir(d);
  }
  if (!mains_listed && !discharging) mains = true;  // (no supply listed: a machine on mains)
  uint8_t bytes[kSize] = {};
  bytes[0] = mains, bytes[1] = battery, bytes[2] = charging, bytes[3] = discharging;
  const uint32_t unknown = 0xffffffffu;
  const uint32_t v[6] = {static_cast<uint32_t>(full / 1000), static_cast<uint32_t>(now / 1000),
                         discharging ? static_cast<uint32_t>(0u - static_cast<uint32_t>(rate / 1000))
                                     : static_cast<uint32_t>(rate / 1000),
                         unknown, 0, 0};
  std::memcpy(bytes + 8, v, sizeof v);
  copy_guest(guest_pointer(out.addr), bytes, kSize, out.addr, true);
  return kStatusSuccess;
}

uint32_t CallNtPowerInformation(WindowsProcess& p, uint32_t level, Ptr, uint32_t, Ptr out, uint32_t out_size) {
  switch (level) {
    case kProcessorInformation: return processor_information(out, out_size);
    case kSystemBatteryState: return battery_state(out, out_size);
    default:
      std::fflush(stdout);
      std::fprintf(stderr,
                   "polyrun: unimplemented: POWRPROF.dll!CallNtPowerInformation of information level %u (processor "
                   "information and battery state are)\n",
                   level);
      p.terminate(127);
      return kStatusSuccess;
  }
}

// DEVICE_NOTIFY_CALLBACK (2) with a DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS, or a window handle (1):
// a registration handle, which PowerUnregisterSuspendResumeNotification ends.
uint32_t PowerRegisterSuspendResumeNotification(WindowsProcess& p, uint32_t flags, Ptr recipient, Ptr out) {
  constexpr uint32_t kErrorInvalidParameter = 87, kErrorNotEnoughMemory = 8;
  if (!out || !recipient || (flags != 1 && flags != 2)) return kErrorInvalidParameter;
  const uint64_t handle = p.heap.alloc(16, true);
  if (!handle) return kErrorNotEnoughMemory;
  p.put_ptr(out.addr, handle);
  return kStatusSuccess;
}

uint32_t PowerUnregisterSuspendResumeNotification(WindowsProcess& p, Ptr handle) {
  constexpr uint32_t kErrorInvalidHandle = 6;
  if (!handle || !p.heap.free(handle.addr)) return kErrorInvalidHandle;
  return kStatusSuccess;
}

// SetSuspendState(hibernate, force, no wake events): see the header.
uint8_t SetSuspendState(WindowsProcess& p, uint8_t, uint8_t, uint8_t) {
  constexpr uint32_t kShutdownPrivilege = 19;  // SE_SHUTDOWN_PRIVILEGE's LUID
  constexpr uint32_t kErrorPrivilegeNotHeld = 1314, kErrorNotSupported = 50;
  p.set_last_error(privilege_enabled(kShutdownPrivilege) ? kErrorNotSupported : kErrorPrivilegeNotHeld);
  return 0;
}

}  // namespace
}  // namespace powrprof

const Dll kPowrprof{
    "powrprof.dll",
    false,
    {
        EXPORT("CallNtPowerInformation", powrprof::CallNtPowerInformation),
        EXPORT("PowerRegisterSuspendResumeNotification", powrprof::PowerRegisterSuspendResumeNotification),
        EXPORT("PowerUnregisterSuspendResumeNotification", powrprof::PowerUnregisterSuspendResumeNotification),
        EXPORT("SetSuspendState", powrprof::SetSuspendState),
    },
};

}  // namespace polyrun::shims
