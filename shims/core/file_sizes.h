// The size Windows reports for a file the host's stat describes: FindFirstFile's, GetFileSize's,
// GetFileAttributesEx's, GetFileInformationByHandle's, NtQueryInformationFile's EndOfFile and the
// C runtime's _stat/_findfirst give 0 for a directory (NTFS keeps no data size for one; Linux
// reports the blocks its entries take, 4096 and up), a file's length for everything else.
#pragma once

#include <sys/stat.h>

#include <cstdint>

namespace polyrun::shims {

inline uint64_t windows_file_size(const struct stat& st) {
  return S_ISDIR(st.st_mode) ? 0 : static_cast<uint64_t>(st.st_size);
}

}  // namespace polyrun::shims
