// A resource read from a PE file without mapping it (loader/pe_file_resource.h), as
// GetFileVersionInfo reads a file's version resource: the version (RT_VERSION 1), manifest
// (RT_MANIFEST 1) and first icon (RT_ICON 1) lookups over the input's bytes, in the languages
// VERSION.dll asks for. Whatever the input, the answer is one of the four outcomes, and a found
// resource is at most 16 MiB.
#include <cstdlib>
#include <cstring>

#include "loader/pe_file_resource.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const loader::FileReader read = [&](uint64_t off, void* out, size_t n) {
    if (off > size || n > size - off) return false;
    if (n) std::memcpy(out, data + off, n);
    return true;
  };
  for (uint32_t type : {16u, 24u, 3u}) {
    std::vector<uint8_t> found;
    const loader::ResourceLookup r = loader::find_pe_file_resource(read, size, type, 1, {0x409, -1}, found);
    if (r == loader::ResourceLookup::Found && found.size() > (16u << 20)) std::abort();
  }
  return 0;
}
