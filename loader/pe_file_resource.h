// A resource of a PE file read from the file itself, without mapping it (VERSION.dll's
// GetFileVersionInfo reads a file's RT_VERSION so, as Windows does with
// LOAD_LIBRARY_AS_IMAGE_RESOURCE): RVAs are turned into file offsets through the section table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace polyrun::loader {

// Reads `n` bytes at file offset `off` into `out`; false when the file is shorter.
using FileReader = std::function<bool(uint64_t off, void* out, size_t n)>;

enum class ResourceLookup {
  Found,
  NoResource,  // a PE image without such a resource
  NotPe,       // not a PE image (no MZ and PE signatures)
  Corrupt,     // a PE image whose headers or resource directory lie outside the file
};

// The data of the resource of integer `type` and `id`, in the first of `languages` the file has,
// else in its first language. At most 16 MiB (a larger one is corrupt).
ResourceLookup find_pe_file_resource(const FileReader& read, uint32_t type, uint32_t id,
                                     const std::vector<uint16_t>& languages, std::vector<uint8_t>& data);

// The same for the file at host path `path`; NotPe when it cannot be opened (errno says why).
ResourceLookup find_pe_file_resource(const std::string& path, uint32_t type, uint32_t id,
                                     const std::vector<uint16_t>& languages, std::vector<uint8_t>& data);

}  // namespace polyrun::loader
