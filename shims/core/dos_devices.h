// The MS-DOS device names where other parts of the Windows personality need them
// (kernel32/dos_devices.cpp keeps them: QueryDosDevice's table).
#pragma once

#include <string>

namespace polyrun::shims {

// The NT name of a DOS path through its drive's device, as QueryDosDevice tells it
// (C:\dir\file → \Device\HarddiskVolume1\dir\file); empty when the path has no drive with a device.
std::u16string nt_path_of_dos_path(const std::u16string& dos);

}  // namespace polyrun::shims
