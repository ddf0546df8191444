// What KERNEL32's file functions' files (kernel32/files.cpp, file_info.cpp, nt_files.cpp …) share:
// the layouts of a directory listing's entries and the reading of them, attributes and times
// from a stat, storing a result string in a caller's buffer, and the functions one file has for
// another.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>

#include "shims/core/shim.h"
#include "shims/kernel32/files.h"

namespace polyrun::shims::kernel32_files {

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

// kernel32/files.cpp:
std::string wide(WStr s);
uint64_t invalid_parameter(WindowsProcess& p);
uint64_t creation_time(const struct stat& st);
uint32_t attributes_of(const struct stat& st, const std::string& name);

// kernel32/file_info.cpp:
uint32_t directory_entries(int fd, const EntryLayout& l, bool restart, bool single, const std::u16string* mask,
                           uint64_t out, uint32_t size, uint32_t& used);
BOOL SetFileInformationByHandle(WindowsProcess& p, Ptr h, uint32_t cls, Ptr in, uint32_t size);

// kernel32/paths.cpp:
uint32_t store(const std::string& s, Ptr buf, uint32_t size);
uint32_t storew(const std::string& s, Ptr buf, uint32_t size);

}  // namespace polyrun::shims::kernel32_files
