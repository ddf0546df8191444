// KERNEL32.dll, what takes a privilege a user's process does not have enabled, and what it is
// refused: loading, unloading, restoring and saving registry hives (SE_RESTORE_NAME,
// SE_BACKUP_NAME), physical pages for Address Windowing Extensions (SE_LOCK_MEMORY_NAME), firmware
// environment variables (SE_SYSTEM_ENVIRONMENT_NAME, where the firmware has any), the system's power state (SE_SHUTDOWN_NAME)
// and time zone (SE_TIME_ZONE_NAME, disabled until asked for): ERROR_PRIVILEGE_NOT_HELD, as each
// function's page says. Also the registry's keys of the current user (RegOpenCurrentUser,
// RegOpenUserClassesRoot), KTM transactions (none can be made here: no handle names one), the
// power facts of a machine that resumed by the user's hand, and what a program without an app
// package is told of its package.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <cwctype>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kPrivilegeNotHeld = 1314;
constexpr uint32_t kAppModelNoPackage = 15700;

// ---- registry hives ----

int32_t RegLoadKeyW(WindowsProcess&, Ptr, Ptr, Ptr) { return kPrivilegeNotHeld; }
int32_t RegLoadKeyA(WindowsProcess&, Ptr, Ptr, Ptr) { return kPrivilegeNotHeld; }
int32_t RegUnLoadKeyW(WindowsProcess&, Ptr, Ptr) { return kPrivilegeNotHeld; }
int32_t RegUnLoadKeyA(WindowsProcess&, Ptr, Ptr) { return kPrivilegeNotHeld; }
int32_t RegRestoreKeyW(WindowsProcess&, Ptr, Ptr, uint32_t) { return kPrivilegeNotHeld; }
int32_t RegRestoreKeyA(WindowsProcess&, Ptr, Ptr, uint32_t) { return kPrivilegeNotHeld; }
int32_t RegSaveKeyExW(WindowsProcess&, Ptr, Ptr, Ptr, uint32_t) { return kPrivilegeNotHeld; }
int32_t RegSaveKeyExA(WindowsProcess&, Ptr, Ptr, Ptr, uint32_t) { return kPrivilegeNotHeld; }

// HKEY_CURRENT_USER's key itself, and its Software\Classes (the user's part of HKEY_CLASSES_ROOT),
// opened with the access asked (the token must be the process's own, or none).
constexpr uint64_t kCurrentUser = 0x80000001;
int32_t RegOpenCurrentUser(WindowsProcess& p, uint32_t sam, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  return static_cast<int32_t>(p.call_export("kernel32.dll", "RegOpenKeyExW", {kCurrentUser, 0, 0, sam, result.addr}));
}
int32_t RegOpenUserClassesRoot(WindowsProcess& p, Ptr, uint32_t options, uint32_t sam, Ptr result) {
  if (!result || options) return ERROR_INVALID_PARAMETER;
  static const char16_t kClasses[] = u"Software\\Classes";
  const uint64_t name = p.heap.alloc(sizeof kClasses, false);
  std::memcpy(reinterpret_cast<void*>(name), kClasses, sizeof kClasses);
  const int32_t r = static_cast<int32_t>(p.call_export("kernel32.dll", "RegCreateKeyExW",
                                                       {kCurrentUser, name, 0, 0, 0, sam, 0, result.addr, 0}));
  p.heap.free(name);
  return r;
}

// ---- physical pages, firmware, power, time zone ----

BOOL AllocateUserPhysicalPages(WindowsProcess& p, Ptr, Ptr, Ptr) { return fail(p, kPrivilegeNotHeld); }
BOOL AllocateUserPhysicalPagesNuma(WindowsProcess& p, Ptr, Ptr, Ptr, uint32_t) { return fail(p, kPrivilegeNotHeld); }
// No physical pages are ever given out, so none is the caller's to free or map.
BOOL FreeUserPhysicalPages(WindowsProcess& p, Ptr, Ptr, Ptr) { return fail(p, ERROR_INVALID_PARAMETER); }
BOOL MapUserPhysicalPages(WindowsProcess& p, Ptr, USize, Ptr) { return fail(p, ERROR_INVALID_PARAMETER); }

// Firmware variables are UEFI's: a machine that booted from a legacy BIOS has none
// (ERROR_INVALID_FUNCTION, the functions' pages); on a UEFI machine the privilege is missing.
uint32_t firmware_error() { return ::access("/sys/firmware/efi", F_OK) == 0 ? kPrivilegeNotHeld : ERROR_INVALID_FUNCTION; }
uint32_t GetFirmwareEnvironmentVariableW(WindowsProcess& p, Ptr, Ptr, Ptr, uint32_t) { return fail(p, firmware_error()); }
uint32_t GetFirmwareEnvironmentVariableA(WindowsProcess& p, Ptr, Ptr, Ptr, uint32_t) { return fail(p, firmware_error()); }
BOOL SetFirmwareEnvironmentVariableW(WindowsProcess& p, Ptr, Ptr, Ptr, uint32_t) { return fail(p, firmware_error()); }

BOOL SetSystemPowerState(WindowsProcess& p, int32_t, int32_t) { return fail(p, kPrivilegeNotHeld); }
BOOL SetTimeZoneInformation(WindowsProcess& p, Ptr) { return fail(p, kPrivilegeNotHeld); }
// The machine did not wake by itself to run a task: it is running at the user's hand.
BOOL IsSystemResumeAutomatic(WindowsProcess&) { return FALSE; }
// A device a handle opens is working (its power on): only a handle is asked for.
BOOL GetDevicePowerState(WindowsProcess& p, Ptr h, Ptr on) {
  if (p.fd_for_handle(h.addr) < 0) return fail(p, ERROR_INVALID_HANDLE);
  put<int32_t>(on.addr, TRUE);
  return TRUE;
}

// ---- transactions ----

// A transacted operation needs a KTM transaction's handle; no transaction can be made here, so the
// handle given names none (ERROR_INVALID_HANDLE).
BOOL MoveFileTransactedW(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr, uint32_t, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL MoveFileTransactedA(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr, uint32_t, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL CreateHardLinkTransactedW(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL CreateHardLinkTransactedA(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }

// ---- packages ----

// A desktop program has no package: APPMODEL_ERROR_NO_PACKAGE for its own; another process's
// handle must name a process (ERROR_INVALID_HANDLE), which has none either.
int32_t GetCurrentPackageFamilyName(WindowsProcess&, Ptr, Ptr) { return kAppModelNoPackage; }
int32_t GetCurrentPackagePath(WindowsProcess&, Ptr, Ptr) { return kAppModelNoPackage; }
int32_t GetPackageFamilyName(WindowsProcess& p, Ptr process, Ptr, Ptr) {
  if (!p.is_current_process(process.addr) && p.fd_for_handle(process.addr) < 0 && !p.waitables.count(process.addr))
    return ERROR_INVALID_HANDLE;
  return kAppModelNoPackage;
}
int32_t GetPackageFullName(WindowsProcess& p, Ptr process, Ptr length, Ptr name) { return GetPackageFamilyName(p, process, length, name); }
// LoadPackagedLibrary loads a DLL of the caller's package, which a desktop program has not
// (APPMODEL_ERROR_NO_PACKAGE, the function's page).
Ptr LoadPackagedLibrary(WindowsProcess& p, WStr, uint32_t reserved) {
  return Ptr(fail(p, reserved ? ERROR_INVALID_PARAMETER : kAppModelNoPackage));
}
// AppPolicyMediaFoundationCodecLoading_All (0): a desktop program loads any codec.
int32_t AppPolicyGetMediaFoundationCodecLoading(WindowsProcess&, Ptr, Ptr policy) {
  if (!policy) return ERROR_INVALID_PARAMETER;
  put<uint32_t>(policy.addr, 0);
  return ERROR_SUCCESS;
}
// The other policies of a desktop program (AppPolicy*: the token is the process's): it ends by
// ExitProcess (AppPolicyProcessTerminationMethod_ExitProcess, 0), its threads are not initialized
// for the Windows Runtime (AppPolicyThreadInitializationType_None, 0), it may show developer
// diagnostics (AppPolicyShowDeveloperDiagnostic_ShowUI, 1), its windows are the classic desktop's
// (AppPolicyWindowingModel_ClassicDesktop, 2).
int32_t app_policy(Ptr policy, uint32_t value) {
  if (!policy) return ERROR_INVALID_PARAMETER;
  put<uint32_t>(policy.addr, value);
  return ERROR_SUCCESS;
}
int32_t AppPolicyGetProcessTerminationMethod(WindowsProcess&, Ptr, Ptr policy) { return app_policy(policy, 0); }
int32_t AppPolicyGetThreadInitializationType(WindowsProcess&, Ptr, Ptr policy) { return app_policy(policy, 0); }
int32_t AppPolicyGetShowDeveloperDiagnostic(WindowsProcess&, Ptr, Ptr policy) { return app_policy(policy, 1); }
int32_t AppPolicyGetWindowingModel(WindowsProcess&, Ptr, Ptr policy) { return app_policy(policy, 2); }

// PackageIdFromFullName(full name, flags, &length, buffer): a package's full name
// (Name_Version_Architecture_ResourceId_PublisherId, the version four numbers, the publisher ID 13
// characters) as a PACKAGE_ID (reserved, processorArchitecture, the 64-bit version, then the name,
// publisher, resourceId and publisherId pointers; the publisher itself is not in the full name:
// null) followed by its strings. The length needed always in *length; ERROR_INSUFFICIENT_BUFFER
// when the buffer is shorter, ERROR_INVALID_PARAMETER for a name of another form.
int32_t PackageIdFromFullName(WindowsProcess& p, WStr full, uint32_t, Ptr length, Ptr buffer) {
  if (!full.addr || !length || (!buffer && get<uint32_t>(length.addr))) return ERROR_INVALID_PARAMETER;
  const std::u16string f = full.str();
  std::vector<std::u16string> parts;
  for (size_t at = 0;;) {
    const size_t end = f.find(u'_', at);
    parts.push_back(f.substr(at, end == std::u16string::npos ? std::u16string::npos : end - at));
    if (end == std::u16string::npos) break;
    at = end + 1;
  }
  if (parts.size() != 5) return ERROR_INVALID_PARAMETER;
  const unsigned w = p.isa->ptr;
  const uint32_t header = w == 8 ? 48 : 32;
  const uint32_t need =
      header + 2 * static_cast<uint32_t>(parts[0].size() + 1 + parts[3].size() + 1 + 13 + 1);
  const uint32_t have = get<uint32_t>(length.addr);
  put<uint32_t>(length.addr, need);
  if (have < need) return ERROR_INSUFFICIENT_BUFFER;
  static const struct { const char16_t* name; uint32_t code; } arches[] = {
      {u"x86", 0}, {u"arm", 5}, {u"x64", 9}, {u"neutral", 11}, {u"arm64", 12}, {u"unknown", 0xffff}};
  uint32_t arch = ~0u;
  for (const auto& a : arches)
    if (parts[2].size() == std::char_traits<char16_t>::length(a.name) &&
        std::equal(parts[2].begin(), parts[2].end(), a.name,
                   [](char16_t x, char16_t y) { return std::towlower(x) == std::towlower(y); }))
      arch = a.code;
  if (arch == ~0u || parts[4].size() != 13) return ERROR_INVALID_PARAMETER;
  uint64_t version = 0;
  size_t at = 0;
  for (int i = 0; i < 4; ++i) {
    size_t end = parts[1].find(u'.', at);
    if (i < 3 && end == std::u16string::npos) return ERROR_INVALID_PARAMETER;
    const std::u16string n = parts[1].substr(at, end == std::u16string::npos ? std::u16string::npos : end - at);
    uint64_t v = 0;
    for (char16_t c : n) {
      if (c < u'0' || c > u'9') break;
      v = v * 10 + (c - u'0');
    }
    version = version << 16 | (v & 0xffff);  // Major in the high word, Revision in the low
    at = end + 1;
  }
  const uint64_t b = buffer.addr;
  std::memset(buffer.as<void>(), 0, header);
  put<uint32_t>(b + 4, arch);
  put<uint64_t>(b + 8, version);
  uint64_t text = b + header;
  auto place = [&](const std::u16string& s, uint64_t slot) {
    std::memcpy(reinterpret_cast<void*>(text), s.c_str(), (s.size() + 1) * 2);
    p.put_ptr(slot, text);
    text += (s.size() + 1) * 2;
  };
  place(parts[0], b + 16);           // name
  place(parts[3], b + 16 + 2 * w);   // resourceId
  place(parts[4], b + 16 + 3 * w);   // publisherId
  return ERROR_SUCCESS;
}

// ---- memory hints ----

// WIN32_MEMORY_RANGE_ENTRY: VirtualAddress, NumberOfBytes: each range read ahead (MADV_WILLNEED);
// this process's memory only.
BOOL PrefetchVirtualMemory(WindowsProcess& p, Ptr process, USize count, Ptr entries, uint32_t flags) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (flags) return fail(p, ERROR_INVALID_PARAMETER);
  const unsigned w = p.isa->ptr;
  for (uint64_t i = 0; i < count.v; ++i) {
    const uint64_t at = p.get_ptr(entries.addr + i * 2 * w), size = p.get_ptr(entries.addr + i * 2 * w + w);
    const uint64_t page = at & ~uint64_t{0xfff};
    if (size) ::madvise(reinterpret_cast<void*>(page), size + (at - page), MADV_WILLNEED);
  }
  return TRUE;
}

}  // namespace

const std::vector<Export>& kernel32_privileged_exports() {
  static const std::vector<Export> exports = {
      EXPORT("RegLoadKeyW", RegLoadKeyW),
      EXPORT("RegLoadKeyA", RegLoadKeyA),
      EXPORT("RegUnLoadKeyW", RegUnLoadKeyW),
      EXPORT("RegUnLoadKeyA", RegUnLoadKeyA),
      EXPORT("RegRestoreKeyW", RegRestoreKeyW),
      EXPORT("RegRestoreKeyA", RegRestoreKeyA),
      EXPORT("RegSaveKeyExW", RegSaveKeyExW),
      EXPORT("RegSaveKeyExA", RegSaveKeyExA),
      EXPORT("RegOpenCurrentUser", RegOpenCurrentUser),
      EXPORT("RegOpenUserClassesRoot", RegOpenUserClassesRoot),
      EXPORT("AllocateUserPhysicalPages", AllocateUserPhysicalPages),
      EXPORT("AllocateUserPhysicalPagesNuma", AllocateUserPhysicalPagesNuma),
      EXPORT("FreeUserPhysicalPages", FreeUserPhysicalPages),
      EXPORT("MapUserPhysicalPages", MapUserPhysicalPages),
      EXPORT("GetFirmwareEnvironmentVariableW", GetFirmwareEnvironmentVariableW),
      EXPORT("GetFirmwareEnvironmentVariableA", GetFirmwareEnvironmentVariableA),
      EXPORT("SetFirmwareEnvironmentVariableW", SetFirmwareEnvironmentVariableW),
      EXPORT("SetSystemPowerState", SetSystemPowerState),
      EXPORT("SetTimeZoneInformation", SetTimeZoneInformation),
      EXPORT("IsSystemResumeAutomatic", IsSystemResumeAutomatic),
      EXPORT("GetDevicePowerState", GetDevicePowerState),
      EXPORT("MoveFileTransactedW", MoveFileTransactedW),
      EXPORT("MoveFileTransactedA", MoveFileTransactedA),
      EXPORT("CreateHardLinkTransactedW", CreateHardLinkTransactedW),
      EXPORT("CreateHardLinkTransactedA", CreateHardLinkTransactedA),
      EXPORT("GetCurrentPackageFamilyName", GetCurrentPackageFamilyName),
      EXPORT("GetCurrentPackagePath", GetCurrentPackagePath),
      EXPORT("GetPackageFamilyName", GetPackageFamilyName),
      EXPORT("GetPackageFullName", GetPackageFullName),
      EXPORT("AppPolicyGetMediaFoundationCodecLoading", AppPolicyGetMediaFoundationCodecLoading),
      EXPORT("AppPolicyGetProcessTerminationMethod", AppPolicyGetProcessTerminationMethod),
      EXPORT("AppPolicyGetThreadInitializationType", AppPolicyGetThreadInitializationType),
      EXPORT("AppPolicyGetShowDeveloperDiagnostic", AppPolicyGetShowDeveloperDiagnostic),
      EXPORT("AppPolicyGetWindowingModel", AppPolicyGetWindowingModel),
      EXPORT("PackageIdFromFullName", PackageIdFromFullName),
      EXPORT("LoadPackagedLibrary", LoadPackagedLibrary),
      EXPORT("PrefetchVirtualMemory", PrefetchVirtualMemory),
  };
  return exports;
}

}  // namespace polyrun::shims
