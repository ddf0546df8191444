// The Windows versions polyrun reports, and VerifyVersionInfo's comparison of one with what a
// program asks (OSVERSIONINFOEX and VerSetConditionMask's conditions).
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims {

struct WindowsVersion {
  uint32_t major, minor, build;
};
// Windows 10 22H2: what RtlGetVersion and RtlVerifyVersionInfo use, the real version.
constexpr WindowsVersion kRealVersion{10, 0, 19045};
// What GetVersionEx and VerifyVersionInfo report to a program without a compatibility manifest.
constexpr WindowsVersion kManifestlessVersion{6, 2, 9200};

// What GetVersionEx, GetVersion and VerifyVersionInfo report to a program: the real version when
// its application manifest declares Windows 10 and 11 among its supported OSes (their supportedOS
// Id), else kManifestlessVersion.
const WindowsVersion& reported_version(const std::string& manifest);

// VerSetConditionMask (KERNEL32's and NTDLL's): `condition` for the field `type` names, added to
// `mask` (three bits a field, by the field's bit).
uint64_t ver_set_condition_mask(uint64_t mask, uint32_t type, uint8_t condition);

// Whether version `v` (a workstation, no service pack) meets the OSVERSIONINFOEX at `info` (A or W:
// `char_size` 1 or 2) under the conditions for the fields in `type`: 0, ERROR_OLD_WIN_VERSION, or
// ERROR_BAD_ARGUMENTS.
uint32_t version_mismatch(uint64_t info, uint32_t type, uint64_t conditions, uint32_t char_size, const WindowsVersion& v);

}  // namespace polyrun::shims
