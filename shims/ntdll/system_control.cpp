// NTDLL's control of the machine as an unprivileged user's program has it: the timer resolution
// (NtQueryTimerResolution, NtSetTimerResolution), the thread's execution state
// (NtSetThreadExecutionState), UUID time ranges (NtAllocateUuids), license values
// (NtQueryLicenseValue), and what such a user is refused — drivers (NtLoadDriver, NtUnloadDriver),
// paging files (NtCreatePagingFile), the firmware's variables (NtQuerySystemEnvironmentValue(Ex)),
// the boot screen (NtDisplayString), registry hives (NtLoadKey, NtSaveKey, NtRestoreKey …), the
// kernel debugger (NtSystemDebugControl), the system's settings (NtSetSystemInformation's classes,
// NtSetIntervalProfile, NtSetDebugFilterState), trace sessions (NtTraceControl), audits
// (NtAccessCheckAndAuditAlarm) — with the status Windows gives a caller whose token lacks the
// privilege (ntdll/tokens.cpp: the user holds none of them); hard errors with no one to show them
// to (NtRaiseHardError); and the local procedure call ports, of which polyrun has none
// (NtConnectPort: no such port; a port's functions given a handle: it names no port).
#include <sys/random.h>
#include <time.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/handles.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/tokens.h"

namespace polyrun::shims {

namespace ntdll_system_control_impl {

constexpr uint32_t kPrivilegeNotHeld = 0xc0000061, kAccessDenied = 0xc0000022, kObjectNameNotFound = 0xc0000034,
                   kObjectTypeMismatch = 0xc0000024, kTimerResolutionNotSet = 0xc0000245;

// ---- the timer resolution, in 100 ns units: Windows' coarsest 15.625 ms, finest 0.5 ms ----

constexpr uint32_t kCoarsest = 156250, kFinest = 5000;

struct TimerResolution {
  uint32_t requested = 0;  // this process's request (0: none)
};
TimerResolution& timer_resolution() {
  static TimerResolution r;
  return r;
}
// What the system runs at: the finest any request asked for, else the 1 ms polyrun's waits have.
uint32_t current_resolution() {
  const uint32_t r = timer_resolution().requested;
  return r ? r : 10000;
}

uint32_t NtQueryTimerResolution(WindowsProcess&, Ptr coarsest, Ptr finest, Ptr current) {
  put<uint32_t>(coarsest.addr, kCoarsest);
  put<uint32_t>(finest.addr, kFinest);
  put<uint32_t>(current.addr, current_resolution());
  return nt::kSuccess;
}

// NtSetTimerResolution(resolution, set, *current): `set` asks for at least that resolution (within
// what the system has), clear withdraws the process's request (STATUS_TIMER_RESOLUTION_NOT_SET
// when it made none). The resolution then in force in *current.
uint32_t NtSetTimerResolution(WindowsProcess&, uint32_t resolution, uint8_t set, Ptr current) {
  TimerResolution& r = timer_resolution();
  uint32_t status = nt::kSuccess;
  if (set) {
    r.requested = std::max(kFinest, std::min(kCoarsest, resolution));
  } else if (!r.requested) {
    status = kTimerResolutionNotSet;
  } else {
    r.requested = 0;
  }
  put<uint32_t>(current.addr, current_resolution());
  return status;
}

// NtSetThreadExecutionState(state, *previous): the thread's wishes (ES_SYSTEM_REQUIRED,
// ES_DISPLAY_REQUIRED, ES_AWAYMODE_REQUIRED; kept with ES_CONTINUOUS, else for the moment only).
// The host is not put to sleep by polyrun either way.
uint32_t NtSetThreadExecutionState(WindowsProcess&, uint32_t state, Ptr previous) {
  constexpr uint32_t kContinuous = 0x80000000u, kValid = 0x80000047u;
  thread_local uint32_t kept = kContinuous;
  if (state & ~kValid) return nt::kInvalidParameter;
  put<uint32_t>(previous.addr, kept);
  if (state & kContinuous) kept = state;
  return nt::kSuccess;
}

// NtAllocateUuids(*time, *range, *sequence, *seed): a range of UUID times (100 ns units since
// 15 October 1582) no other call hands out: [*time, *time + *range), with the clock sequence; the
// node seed (six bytes, optional) is a random one with the multicast bit set, as for a machine
// whose network address is not used.
uint32_t NtAllocateUuids(WindowsProcess&, Ptr time_out, Ptr range, Ptr sequence, Ptr seed) {
  static uint64_t last = 0;
  static uint16_t clock_sequence = 0;
  static uint8_t node[6];
  static bool started = false;
  if (!time_out || !range || !sequence) return nt::kInvalidParameter;  // (Windows' access violation)
  if (!started) {
    if (::getrandom(&clock_sequence, sizeof clock_sequence, 0) != sizeof clock_sequence) clock_sequence = 0x2b4d;
    if (::getrandom(node, sizeof node, 0) != sizeof node) std::memset(node, 0x5a, sizeof node);
    node[0] |= 1;
    clock_sequence &= 0x3fff;
    started = true;
  }
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  constexpr uint64_t k1582To1970 = 0x01b21dd213814000ull;  // 100 ns units
  uint64_t now = k1582To1970 + static_cast<uint64_t>(ts.tv_sec) * 10000000u + static_cast<uint64_t>(ts.tv_nsec) / 100;
  if (now <= last) now = last + 1;
  constexpr uint32_t kRange = 1;
  put<uint64_t>(time_out.addr, now);
  put<uint32_t>(range.addr, kRange);
  put<uint32_t>(sequence.addr, clock_sequence);
  if (seed) std::memcpy(seed.as<void>(), node, sizeof node);
  last = now + kRange - 1;
  return nt::kSuccess;
}

// NtQueryLicenseValue(name, *type, data, length, *returned): the values of the product policy;
// polyrun's registry has no product policy, so every name is STATUS_OBJECT_NAME_NOT_FOUND (as on
// Windows for a name the policy lacks).
uint32_t NtQueryLicenseValue(WindowsProcess& p, Ptr name, Ptr, Ptr, uint32_t, Ptr returned) {
  if (!name || !returned) return nt::kInvalidParameter;
  const ntdll_text::Counted n = ntdll_text::read_counted(p, name.addr);
  if (!n.buffer || !n.length) return nt::kInvalidParameter;
  return kObjectNameNotFound;
}

// ---- refused: the privilege each needs, which the user's token lacks ----

// SeLoadDriverPrivilege.
uint32_t NtLoadDriver(WindowsProcess&, Ptr) { return kPrivilegeNotHeld; }
uint32_t NtUnloadDriver(WindowsProcess&, Ptr) { return kPrivilegeNotHeld; }
// SeCreatePagefilePrivilege.
uint32_t NtCreatePagingFile(WindowsProcess&, Ptr, Ptr, Ptr, Ptr) { return kPrivilegeNotHeld; }
// SeSystemEnvironmentPrivilege.
uint32_t NtQuerySystemEnvironmentValue(WindowsProcess&, Ptr, Ptr, uint32_t, Ptr) { return kPrivilegeNotHeld; }
uint32_t NtQuerySystemEnvironmentValueEx(WindowsProcess&, Ptr, Ptr, Ptr, Ptr, Ptr) { return kPrivilegeNotHeld; }
// SeTcbPrivilege.
uint32_t NtDisplayString(WindowsProcess&, Ptr) { return kPrivilegeNotHeld; }
// SeRestorePrivilege (loading, unloading, replacing and restoring hives), SeBackupPrivilege (saving).
uint32_t NtLoadKey(WindowsProcess&, Ptr, Ptr) { return kPrivilegeNotHeld; }
uint32_t NtLoadKey2(WindowsProcess&, Ptr, Ptr, uint32_t) { return kPrivilegeNotHeld; }
uint32_t NtLoadKeyEx(WindowsProcess&, Ptr, Ptr, uint32_t, Ptr, Ptr, uint32_t, Ptr, Ptr) { return kPrivilegeNotHeld; }
uint32_t NtUnloadKey(WindowsProcess&, Ptr) { return kPrivilegeNotHeld; }
uint32_t NtReplaceKey(WindowsProcess&, Ptr, Ptr, Ptr) { return kPrivilegeNotHeld; }
uint32_t NtRestoreKey(WindowsProcess&, Ptr, Ptr, uint32_t) { return kPrivilegeNotHeld; }
uint32_t NtSaveKey(WindowsProcess&, Ptr, Ptr) { return kPrivilegeNotHeld; }
// SeDebugPrivilege: the kernel debugger's control is STATUS_ACCESS_DENIED without it.
uint32_t NtSystemDebugControl(WindowsProcess&, uint32_t, Ptr, uint32_t, Ptr, uint32_t, Ptr) { return kAccessDenied; }

// ---- the system's settings: what an unprivileged user may not change ----

// NtSetSystemInformation(class, info, length): the classes Windows lets a caller set, each behind a
// privilege the user's token lacks (SeSystemtimePrivilege for the time adjustment, as
// SetSystemTimeAdjustment's page says; SeIncreaseQuotaPrivilege for the file cache, as
// SetSystemFileCacheSize's says; SeLoadDriverPrivilege for drivers and service tables;
// SeTcbPrivilege for the scheduler's and sessions' settings; SeDebugPrivilege for the global
// flags, STATUS_ACCESS_DENIED without it); a class that can only be queried, or none, is
// STATUS_INVALID_INFO_CLASS.
uint32_t NtSetSystemInformation(WindowsProcess&, uint32_t cls, Ptr, uint32_t) {
  switch (cls) {
    case 9:   // SystemFlagsInformation
      return kAccessDenied;
    case 21:  // SystemFileCacheInformation
    case 37:  // SystemRegistryQuotaInformation
    case 81:  // SystemFileCacheInformationEx
    case 26:  // SystemLoadGdiDriverInformation
    case 27:  // SystemUnloadGdiDriverInformation
    case 31:  // SystemDpcBehaviorInformation
    case 38:  // SystemExtendServiceTableInformation
    case 54:  // SystemLoadGdiDriverInSystemSpace
    case 28:  // SystemTimeAdjustmentInformation
    case 39:  // SystemPrioritySeperation
    case 47:  // SystemSessionCreate
    case 48:  // SystemSessionDetach
    case 50:  // SystemVerifierInformation
    case 69:  // SystemVerifierThunkExtend
    case 80:  // SystemMemoryListInformation
      return kPrivilegeNotHeld;
    default:
      return nt::kInvalidInfoClass;
  }
}

// NtAccessCheckAndAuditAlarm(subsystem, handle id, object type, object name, descriptor, access,
// mapping, creation, &granted, &status, &generate on close): an access check that writes audit
// messages, which needs SeAuditPrivilege enabled in the caller's primary token
// (AccessCheckAndAuditAlarm's page); the user holds no SeAuditPrivilege.
uint32_t NtAccessCheckAndAuditAlarm(WindowsProcess&, Ptr, Ptr, Ptr, Ptr, Ptr, uint32_t, Ptr, uint8_t, Ptr, Ptr, Ptr) {
  return kPrivilegeNotHeld;
}

// NtSetIntervalProfile(interval, source): the kernel profiler's sampling interval, which needs
// SeSystemProfilePrivilege (administrators only).
uint32_t NtSetIntervalProfile(WindowsProcess&, uint32_t, uint32_t) { return kPrivilegeNotHeld; }

// NtSetDebugFilterState(component, level, state): the kernel debugger's output filter, which only a
// caller with SeDebugPrivilege may change (STATUS_ACCESS_DENIED otherwise).
uint32_t NtSetDebugFilterState(WindowsProcess&, uint32_t, uint32_t, uint8_t) { return kAccessDenied; }

// NtTraceControl(code, in, in length, out, out length, *returned): the event tracing sessions'
// control (StartTrace, ControlTrace, QueryAllTraces … are made of it), which only administrators,
// the Performance Log Users group and services may use (StartTrace's and ControlTrace's pages):
// STATUS_ACCESS_DENIED for this user.
uint32_t NtTraceControl(WindowsProcess&, uint32_t, Ptr, uint32_t, Ptr, uint32_t, Ptr returned) {
  if (returned) put<uint32_t>(returned.addr, 0);
  return kAccessDenied;
}

// NtRaiseHardError(status, count, string mask, parameters, option, *response): a hard error is shown
// by the session's error port (CSRSS's message box); polyrun's processes have none, and Windows
// answers a process without an error port ResponseReturnToCaller (0) at once, as it does one whose
// error mode hides critical errors. The options: OptionAbortRetryIgnore 0 … OptionCancelTryContinue
// 7 (OptionShutdownSystem 6 needs SeShutdownPrivilege enabled); at most 5 parameters
// (MAXIMUM_HARDERROR_PARAMETERS).
uint32_t NtRaiseHardError(WindowsProcess&, uint32_t, uint32_t count, uint32_t, Ptr params, uint32_t option,
                          Ptr response) {
  constexpr uint32_t kInvalidParameter2 = 0xc00000f0, kInvalidParameter5 = 0xc00000f3;
  if (count > 5) return kInvalidParameter2;
  if (count && !params) return nt::kInvalidParameter;
  if (option > 7) return kInvalidParameter5;
  if (option == 6 && !ntdll_tokens::privilege_enabled(19)) return kPrivilegeNotHeld;  // SeShutdownPrivilege
  if (!response) return nt::kInvalidParameter;
  put<uint32_t>(response.addr, 0);  // ResponseReturnToCaller
  return nt::kSuccess;
}

// ---- local procedure call ports: polyrun has none ----

uint32_t NtConnectPort(WindowsProcess&, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr) { return kObjectNameNotFound; }
uint32_t NtSecureConnectPort(WindowsProcess&, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr) {
  return kObjectNameNotFound;
}
// A handle a port's function is given: one that names another object is of the wrong type.
uint32_t not_a_port(WindowsProcess& p, uint64_t h) {
  return ntdll_handles::names_object(p, h) ? kObjectTypeMismatch : nt::kInvalidHandle;
}
uint32_t NtListenPort(WindowsProcess& p, Ptr h, Ptr) { return not_a_port(p, h.addr); }
uint32_t NtCompleteConnectPort(WindowsProcess& p, Ptr h) { return not_a_port(p, h.addr); }
uint32_t NtReplyWaitReceivePort(WindowsProcess& p, Ptr h, Ptr, Ptr, Ptr) { return not_a_port(p, h.addr); }
uint32_t NtRequestWaitReplyPort(WindowsProcess& p, Ptr h, Ptr, Ptr) { return not_a_port(p, h.addr); }
uint32_t NtRegisterThreadTerminatePort(WindowsProcess& p, Ptr h) { return not_a_port(p, h.addr); }

// NtSetLdtEntries: 64-bit Windows has no local descriptor table for its processes, 32-bit ones
// included (STATUS_NOT_IMPLEMENTED).
uint32_t NtSetLdtEntries(WindowsProcess&, uint32_t, uint64_t, uint32_t, uint64_t) { return nt::kNotImplemented; }

}  // namespace ntdll_system_control_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_system_control_exports() {
  using namespace ntdll_system_control_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtQueryTimerResolution", NtQueryTimerResolution),
      EXPORT("NtSetTimerResolution", NtSetTimerResolution),
      EXPORT("NtSetThreadExecutionState", NtSetThreadExecutionState),
      EXPORT("NtAllocateUuids", NtAllocateUuids),
      EXPORT("NtQueryLicenseValue", NtQueryLicenseValue),
      EXPORT("NtLoadDriver", NtLoadDriver),
      EXPORT("NtUnloadDriver", NtUnloadDriver),
      EXPORT("NtCreatePagingFile", NtCreatePagingFile),
      EXPORT("NtQuerySystemEnvironmentValue", NtQuerySystemEnvironmentValue),
      EXPORT("NtQuerySystemEnvironmentValueEx", NtQuerySystemEnvironmentValueEx),
      EXPORT("NtDisplayString", NtDisplayString),
      EXPORT("NtLoadKey", NtLoadKey),
      EXPORT("NtLoadKey2", NtLoadKey2),
      EXPORT("NtLoadKeyEx", NtLoadKeyEx),
      EXPORT("NtUnloadKey", NtUnloadKey),
      EXPORT("NtReplaceKey", NtReplaceKey),
      EXPORT("NtRestoreKey", NtRestoreKey),
      EXPORT("NtSaveKey", NtSaveKey),
      EXPORT("NtSystemDebugControl", NtSystemDebugControl),
      EXPORT("NtConnectPort", NtConnectPort),
      EXPORT("NtSecureConnectPort", NtSecureConnectPort),
      EXPORT("NtListenPort", NtListenPort),
      EXPORT("NtCompleteConnectPort", NtCompleteConnectPort),
      EXPORT("NtReplyWaitReceivePort", NtReplyWaitReceivePort),
      EXPORT("NtRequestWaitReplyPort", NtRequestWaitReplyPort),
      EXPORT("NtRegisterThreadTerminatePort", NtRegisterThreadTerminatePort),
      EXPORT("NtSetLdtEntries", NtSetLdtEntries),
      EXPORT("NtSetSystemInformation", NtSetSystemInformation),
      EXPORT("NtSetIntervalProfile", NtSetIntervalProfile),
      EXPORT("NtSetDebugFilterState", NtSetDebugFilterState),
      EXPORT("NtTraceControl", NtTraceControl),
      EXPORT("NtRaiseHardError", NtRaiseHardError),
      EXPORT("NtAccessCheckAndAuditAlarm", NtAccessCheckAndAuditAlarm),
  };
  return exports;
}

}  // namespace polyrun::shims
