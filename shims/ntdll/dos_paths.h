// NTDLL's DOS paths for the DLLs above it (ntdll/rtl_paths.cpp): a name made a full path as
// RtlGetFullPathName_U makes it, which KERNEL32's GetFullPathName gives.
#pragma once

#include <string>

namespace polyrun::shims::ntdll_dos_paths {

// Absolute against the current directory (a drive's relative name against that drive's, a rooted
// one against its drive or share), "." and ".." folded, '/' made '\\', a final '\\' kept; a
// reserved device name in any directory is \\.\NAME.
std::u16string full_path(const std::u16string& name);

}  // namespace polyrun::shims::ntdll_dos_paths
