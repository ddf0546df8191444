// What NTDLL's file functions (ntdll/file.cpp) share with KERNEL32's (kernel32/files_internal.h):
// the layouts of a directory listing's entries and the reading of them, attributes and times from a
// stat, a FILETIME argument as the host's time, and setting what is known of a file.
#pragma once

#include <sys/stat.h>
#include <time.h>

#include <cstdint>
#include <string>

#include "shims/core/shim.h"
#include "shims/core/win_result.h"

namespace polyrun::shims::ntdll_files {

// The layout of a directory listing's entries (FILE_*_DIR_INFO, FILE_*_DIRECTORY_INFORMATION): each
// starts with NextEntryOffset and FileIndex; where its name, the name's length in bytes and its file
// id (0: none) go; whether it has the times, sizes and attributes from offset 8.
struct EntryLayout {
  uint32_t name_at, name_length_at, id_at;
  bool details;
};
constexpr EntryLayout kDirectoryInfo{64, 60, 0, true}, kFullDirectoryInfo{68, 60, 0, true},
    kBothDirectoryInfo{94, 60, 0, true}, kIdFullDirectoryInfo{80, 60, 72, true}, kIdBothDirectoryInfo{104, 60, 96, true},
    kNamesInfo{12, 8, 0, false};

// A stat's creation time (Linux keeps none every filesystem reports: the last write time) and
// FILE_ATTRIBUTE_* (`name`: the file's name, whose leading dot makes it hidden; empty: not known).
uint64_t creation_time(const struct stat& st);
uint32_t attributes_of(const struct stat& st, const std::string& name);

// Reads a directory's entries from where its descriptor stands (the start with `restart`) into
// `size` bytes at `out` in the layout given, as many as fit (one with `single`), those matching
// `mask` (a Windows wildcard pattern) if one is given: 0 and the bytes used, ERROR_MORE_DATA when
// not even one fits (the next call starts with it), ERROR_NO_MORE_FILES at the end.
uint32_t directory_entries(int fd, const EntryLayout& l, bool restart, bool single, const std::u16string* mask,
                           uint64_t out, uint32_t size, uint32_t& used);

// A FILETIME argument as a timespec; a null pointer, or 0 / 0xFFFFFFFF'FFFFFFFF ("leave it"),
// leaves the time as it is (UTIME_OMIT).
struct timespec timespec_of(Ptr ft);

// SetFileInformationByHandle's work, by FILE_INFO_BY_HANDLE_CLASS (NtSetInformationFile maps its
// classes onto these): FALSE with the last error set where it fails.
BOOL set_file_information(WindowsProcess& p, Ptr h, uint32_t cls, Ptr in, uint32_t size);

}  // namespace polyrun::shims::ntdll_files
