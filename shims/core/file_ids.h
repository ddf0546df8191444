// Files by their file ID (the inode number GetFileInformationByHandle and FileIdInfo report): the
// search OpenFileById and NtCreateFile's FILE_OPEN_BY_FILE_ID make, over the volume (the host file
// system) that holds a handle's file.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace polyrun::shims {

// The host path of the file or directory whose inode is `id` on the file system of the open
// descriptor `volume_fd` (a 128-bit ID's upper half, `id_high`, is 0 for every file here): first at
// or below `volume_fd`'s directory (or its file's directory), as the file a program asks for
// usually is, then over the rest of that file system from its mount point, never crossing into
// another. nullopt if none has it (or none of the first 500,000 entries looked at has it:
// core/file_ids.cpp).
std::optional<std::string> find_file_by_id(int volume_fd, uint64_t id, uint64_t id_high = 0);

}  // namespace polyrun::shims
