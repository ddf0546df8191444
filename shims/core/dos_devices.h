// The MS-DOS device names and what they stand for (core/dos_devices.cpp): QueryDosDevice's and
// DefineDosDevice's table (kernel32/dos_devices.cpp), and the NT paths it gives DOS paths.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace polyrun::shims {

// What a name stands for, newest first (several targets for a name defined more than once); none
// for a name that is no device's. Names are matched without ASCII case.
std::vector<std::u16string> dos_device_targets(const std::u16string& name);
// Every name that stands for something: the fixed ones first.
std::vector<std::u16string> dos_device_names();
// DefineDosDevice(flags, name, target): a new definition of the name ("\??\target", or the target
// raw with DDD_RAW_TARGET_PATH 1), or one removed (DDD_REMOVE_DEFINITION 2: the newest, or the one
// the target matches, exactly with DDD_EXACT_MATCH_ON_REMOVE 4, else as a prefix). 0, or the
// Windows error.
uint32_t define_dos_device(uint32_t flags, const std::u16string& name, const std::u16string* target);

// The reserved device a DOS path names, as RtlIsDosDeviceName_U finds it: AUX, CON, NUL, PRN,
// COM1-9, LPT1-9, CONIN$ or CONOUT$ as the last component, in any directory but a share's, in any
// case, with any extension, a ':' or trailing spaces after it ("C:\dir\nul.txt", "lpt1:"), and
// \\.\CON. Its offset and length in characters; a length of 0 for a path that names none.
struct ReservedDevice {
  size_t offset = 0, length = 0;
};
ReservedDevice reserved_dos_device(const std::u16string& path);

// The NT name of a DOS path through its drive's device, as QueryDosDevice tells it
// (C:\dir\file → \Device\HarddiskVolume1\dir\file); empty when the path has no drive with a device.
std::u16string nt_path_of_dos_path(const std::u16string& dos);
// The other way: an NT path in the DOS namespace (\??\C:\dir) or through a drive's device
// (\Device\HarddiskVolume1\dir, as GetFinalPathNameByHandle's VOLUME_NAME_NT gives it) as a DOS
// path (C:\dir); empty for another NT path.
std::u16string dos_path_of_nt_path(const std::u16string& nt);

}  // namespace polyrun::shims
