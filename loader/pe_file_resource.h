// A resource of a PE file read from the file itself, without mapping it as an image (VERSION.dll's
// GetFileVersionInfo reads a file's RT_VERSION so, as Windows does with
// LOAD_LIBRARY_AS_IMAGE_RESOURCE): RVAs are turned into file offsets through the section table and
// the resource directory is walked by pe_resource_directory.h, as FindResource walks a mapped one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace polyrun::loader {

// Reads `n` bytes at file offset `off` into `out`; false when they cannot be read.
using FileReader = std::function<bool(uint64_t off, void* out, size_t n)>;

enum class ResourceLookup {
  Found,
  NoResource,  // a PE image without such a resource
  NotPe,       // not a PE image (no MZ and PE signatures)
  Corrupt,     // a PE image whose headers, resource directory or data lie outside the file
};

// The data of the resource of integer `type` and `id` in a file of `size` bytes read by `read`
// (only its headers, its resource directory, at most 64 MiB of it, and the data). Its language is chosen
// by the first of `languages` that finds one: a language as FindResourceEx chooses (that
// language, its neutral form, the neutral language), or -1 as FindResource does (the neutral
// language, en-US, English, then the first there is). At most 16 MiB (a larger one is corrupt).
ResourceLookup find_pe_file_resource(const FileReader& read, uint64_t size, uint32_t type, uint32_t id,
                                     const std::vector<int32_t>& languages, std::vector<uint8_t>& data);

// The same for the file at host path `path`; NotPe when it cannot be opened (errno says why).
ResourceLookup find_pe_file_resource(const std::string& path, uint32_t type, uint32_t id,
                                     const std::vector<int32_t>& languages, std::vector<uint8_t>& data);

}  // namespace polyrun::loader
