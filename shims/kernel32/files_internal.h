// What KERNEL32's file functions' files (kernel32/files.cpp, file_info.cpp, find_files.cpp …) share:
// NTDLL's layouts of a directory listing's entries and the reading of them, attributes and times
// from a stat (ntdll/file.h), storing a result string in a caller's buffer, and the functions one
// file has for another.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>

#include "shims/core/shim.h"
#include "shims/kernel32/files.h"
#include "shims/ntdll/file.h"

namespace polyrun::shims::kernel32_files {

// NTDLL's (ntdll/file.cpp):
using ntdll_files::attributes_of;
using ntdll_files::creation_time;
using ntdll_files::directory_entries;
using ntdll_files::kFullDirectoryInfo;
using ntdll_files::kIdBothDirectoryInfo;
using ntdll_files::timespec_of;

// kernel32/files.cpp:
std::string wide(WStr s);
// The reserved DOS device a name opens (NUL, CON, CONIN$, CONOUT$, AUX, PRN, COMn, LPTn), upper-cased,
// in any directory and with any extension, or after \\.\; empty for a file. *directory_missing
// (when given): the name's directory does not exist.
std::string reserved_device(const std::string& win_path, bool* directory_missing);
uint64_t invalid_parameter(WindowsProcess& p);

// kernel32/paths.cpp:
// An A file function's name as UTF-8: its bytes are in the ANSI code page, or the OEM one after
// SetFileApisToOEM.
std::string narrow_path(WindowsProcess& p, AStr s);
// A result string (UTF-8) into an A caller's buffer of `size` bytes, in that same code page: the
// length without the NUL on success, the size needed (with the NUL) when it does not fit.
uint32_t store(WindowsProcess& p, const std::string& s, Ptr buf, uint32_t size);
uint32_t storew(const std::string& s, Ptr buf, uint32_t size);

}  // namespace polyrun::shims::kernel32_files
