// NTDLL's NtPowerInformation, the levels CallNtPowerInformation documents, from what the host tells
// of its power: the power supplies (/sys/class/power_supply: the mains and the first battery), the
// sleep states the kernel offers (/sys/power/state: "mem" is S3, "disk" S4 and a hibernation
// file), each processor's frequencies (/sys/devices/system/cpu/cpuN/cpufreq, else /proc/cpuinfo's
// "cpu MHz"). Changing the system's power policy or its hibernation file needs privileges the
// user lacks.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_power_impl {

constexpr uint32_t kPrivilegeNotHeld = 0xc0000061;

// The first line of a file under /sys (empty if there is none).
std::string sys_line(const std::string& path) {
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);
  return line;
}
int64_t sys_number(const std::string& path) {
  const std::string s = sys_line(path);
  return s.empty() ? 0 : std::strtoll(s.c_str(), nullptr, 10);
}

// What the power supplies say: AC on line (true where the host reports no mains), the first
// battery's state and capacities in mWh, its rate in mW (negative while it discharges).
struct Supplies {
  bool ac = true, battery = false, charging = false, discharging = false;
  uint32_t max_capacity = 0, remaining = 0, estimated = ~0u;
  int32_t rate = 0;
};
Supplies supplies() {
  Supplies s;
  DIR* d = ::opendir("/sys/class/power_supply");
  if (!d) return s;
  bool mains_seen = false;
  while (const struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    const std::string dir = std::string("/sys/class/power_supply/") + e->d_name + "/";
    if (sys_line(dir + "scope") == "Device") continue;  // a mouse's or keyboard's battery
    const std::string type = sys_line(dir + "type");
    if (type == "Mains" && !mains_seen) {
      mains_seen = true;
      s.ac = sys_number(dir + "online") != 0;
    } else if (type == "Battery" && !s.battery) {
      const std::string status = sys_line(dir + "status");
      if (status.empty()) continue;
      s.battery = true;
      s.charging = status == "Charging";
      s.discharging = status == "Discharging";
      // Energy in µWh and power in µW, or charge in µAh and current in µA at the voltage in µV.
      int64_t full = sys_number(dir + "energy_full"), now = sys_number(dir + "energy_now"),
              power = sys_number(dir + "power_now");
      if (!full) {
        const int64_t volts = sys_number(dir + "voltage_now");
        full = sys_number(dir + "charge_full") * volts / 1000000;
        now = sys_number(dir + "charge_now") * volts / 1000000;
        power = sys_number(dir + "current_now") * volts / 1000000;
      }
      s.max_capacity = static_cast<uint32_t>(full / 1000);
      s.remaining = static_cast<uint32_t>(now / 1000);
      s.rate = static_cast<int32_t>((s.discharging ? -power : power) / 1000);
      if (s.discharging && s.rate < 0) s.estimated = static_cast<uint32_t>(3600ull * s.remaining / static_cast<uint32_t>(-s.rate));
    }
  }
  ::closedir(d);
  return s;
}

// The sleep states /sys/power/state offers.
bool sleep_state(const char* name) {
  const std::string states = " " + sys_line("/sys/power/state") + " ";
  return states.find(std::string(" ") + name + " ") != std::string::npos;
}

// A processor's frequencies in MHz: its maximum, its current and the limit its governor sets.
struct Frequencies {
  uint32_t max = 0, current = 0, limit = 0;
};
Frequencies frequencies(uint32_t cpu) {
  const std::string dir = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpufreq/";
  Frequencies f;
  f.max = static_cast<uint32_t>(sys_number(dir + "cpuinfo_max_freq") / 1000);
  f.current = static_cast<uint32_t>(sys_number(dir + "scaling_cur_freq") / 1000);
  f.limit = static_cast<uint32_t>(sys_number(dir + "scaling_max_freq") / 1000);
  if (!f.max) {  // no cpufreq (a virtual machine): /proc/cpuinfo's figure for the processor
    std::ifstream info("/proc/cpuinfo");
    std::string line;
    int64_t index = -1;
    double mhz = 0;
    while (std::getline(info, line)) {
      if (line.rfind("processor", 0) == 0) index = std::strtoll(line.substr(line.find(':') + 1).c_str(), nullptr, 10);
      if (line.rfind("cpu MHz", 0) == 0 && (index == cpu || mhz == 0)) mhz = std::strtod(line.substr(line.find(':') + 1).c_str(), nullptr);
    }
    f.max = static_cast<uint32_t>(mhz + 0.5);
  }
  if (!f.current) f.current = f.max;
  if (!f.limit) f.limit = f.max;
  return f;
}

// NtPowerInformation(level, input, input size, output, output size).
uint32_t NtPowerInformation(WindowsProcess&, uint32_t level, Ptr in, uint32_t in_size, Ptr out, uint32_t out_size) {
  switch (level) {
    case 4: {  // SystemPowerCapabilities: SYSTEM_POWER_CAPABILITIES, 76 bytes
      if (out_size < 76) return nt::kBufferTooSmall;
      const Supplies s = supplies();
      uint8_t* c = out.as<uint8_t>();
      std::memset(c, 0, 76);
      c[0] = 1;                                  // PowerButtonPresent
      c[2] = ::access("/proc/acpi/button/lid", F_OK) == 0;  // LidPresent
      c[5] = sleep_state("mem");                 // SystemS3
      c[6] = sleep_state("disk");                // SystemS4
      c[7] = 1;                                  // SystemS5 (off)
      c[8] = c[6];                               // HiberFilePresent
      c[9] = 1;                                  // FullWake
      c[15] = 100, c[16] = 100;                  // ProcessorMinThrottle, ProcessorMaxThrottle
      c[21] = 1;                                 // DiskSpinDown
      c[30] = s.battery;                         // SystemBatteriesPresent
      const uint32_t unspecified = 0, working = 1, sleeping3 = 4;
      put<uint32_t>(out.addr + 56, unspecified);                    // AcOnLineWake
      put<uint32_t>(out.addr + 60, unspecified);                    // SoftLidWake
      put<uint32_t>(out.addr + 64, c[5] ? sleeping3 : unspecified);  // RtcWake
      put<uint32_t>(out.addr + 68, unspecified);                    // MinDeviceWakeState
      put<uint32_t>(out.addr + 72, c[5] ? working : unspecified);   // DefaultLowLatencyWake
      return nt::kSuccess;
    }
    case 5: {  // SystemBatteryState: SYSTEM_BATTERY_STATE, 32 bytes
      if (out_size < 32) return nt::kBufferTooSmall;
      const Supplies s = supplies();
      uint8_t* b = out.as<uint8_t>();
      std::memset(b, 0, 32);
      b[0] = s.ac, b[1] = s.battery, b[2] = s.charging, b[3] = s.discharging;
      put<uint32_t>(out.addr + 8, s.max_capacity);
      put<uint32_t>(out.addr + 12, s.remaining);
      put<uint32_t>(out.addr + 16, static_cast<uint32_t>(s.rate));
      put<uint32_t>(out.addr + 20, s.battery ? s.estimated : 0);
      return nt::kSuccess;
    }
    case 10:  // SystemReserveHiberFile: making or removing the hibernation file needs SeCreatePagefilePrivilege
      if (!in || in_size < 1) return nt::kInvalidParameter;
      return kPrivilegeNotHeld;
    case 11: {  // ProcessorInformation: a PROCESSOR_POWER_INFORMATION (24 bytes) for each processor
      if (!out || !out_size) return nt::kInvalidParameter;
      const uint32_t count = processor_count();
      if (out_size / 24 < count) return nt::kBufferTooSmall;
      for (uint32_t i = 0; i < count; ++i) {
        const Frequencies f = frequencies(i);
        const uint32_t fields[6] = {i, f.max, f.current, f.limit, 0, 0};  // …, MaxIdleState, CurrentIdleState
        std::memcpy(out.as<uint8_t>() + 24 * i, fields, sizeof fields);
      }
      return nt::kSuccess;
    }
    case 12: {  // SystemPowerInformation: MaxIdlenessAllowed, Idleness, TimeRemaining, CoolingMode
      if (out_size < 16) return nt::kBufferTooSmall;
      std::memset(out.as<void>(), 0, 16);
      put<uint8_t>(out.addr + 12, 0);  // PO_TZ_ACTIVE: the fans cool
      return nt::kSuccess;
    }
    case 14:    // LastWakeTime
    case 15: {  // LastSleepTime: interrupt time of the last wake and sleep; 0 for a system that never slept
      if (in) return nt::kInvalidParameter;
      if (out_size < 8) return nt::kBufferTooSmall;
      put<uint64_t>(out.addr, 0);
      return nt::kSuccess;
    }
    case 16:  // SystemExecutionState: ES_USER_PRESENT, someone at the machine
      if (in) return nt::kInvalidParameter;
      if (out_size < 4) return nt::kBufferTooSmall;
      put<uint32_t>(out.addr, 4);
      return nt::kSuccess;
    case 0: case 1:    // SystemPowerPolicyAc, SystemPowerPolicyDc
    case 9:            // AdministratorPowerPolicy
    case 18: case 19:  // ProcessorPowerPolicyAc, ProcessorPowerPolicyDc
      // Setting a policy (an input buffer) is the administrators'; the policies themselves (the
      // power plan's settings) are not provided.
      if (in) return kPrivilegeNotHeld;
      return nt::kInvalidParameter;
    default:
      return nt::kInvalidParameter;
  }
}

}  // namespace ntdll_power_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_power_exports() {
  using namespace ntdll_power_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtPowerInformation", NtPowerInformation),
  };
  return exports;
}

}  // namespace polyrun::shims
