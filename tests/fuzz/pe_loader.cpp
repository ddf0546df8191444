// PE programs and DLLs as polyrun loads them (shims/core/windows_guest.cpp, LoadLibrary): the
// headers, the sections mapped with their protections at the preferred base or relocated, and the
// tables read from the mapped image — imports by name and by ordinal, exports and
// forwarders, base relocations, TLS, the exception directory, the manifest. A bad file must end in
// UserError, nothing else. The input is loaded as a program and as a DLL, in the 64-bit
// window polyrun uses and in the 32-bit one.
#include "common/error.h"
#include "loader/format.h"
#include "loader/pe_loader.h"
#include "memory/address_space.h"
#include "tests/fuzz/pe_input.h"

using namespace polyrun;

namespace {

using fuzz::kWindow32;
using fuzz::kWindow64;
using fuzz::Window;

void load(const std::string& path, bool as_dll, const Window& w) {
  const uint64_t limit = w.limit;
  mem::AddressSpace memory(w.layout);
  try {
    loader::PeImage image = as_dll ? loader::load_pe_dll(memory, path, limit) : loader::load_pe(memory, path, limit);
    POLYRUN_FUZZ_CHECK(image.base + image.size <= limit, "image at %#llx+%#llx past the limit",
                       (unsigned long long)image.base, (unsigned long long)image.size);
    for (const auto& imp : image.imports)
      POLYRUN_FUZZ_CHECK(imp.iat_slot >= image.base && imp.iat_slot < image.base + image.size,
                         "IAT slot %#llx outside the image", (unsigned long long)imp.iat_slot);
  } catch (const UserError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InputFile file(data, size);
  if (!fuzz::is_pe(file)) return 0;
  load(file.path(), false, kWindow64);
  load(file.path(), true, kWindow64);
  load(file.path(), false, kWindow32);
  return 0;
}
