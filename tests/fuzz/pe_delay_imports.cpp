// Delay-loaded imports as ResolveDelayLoadedAPI reads them (shims/core/delay_import_table.h): the
// input is loaded as polyrun loads a program (64-bit and 32-bit windows), and for each descriptor
// of its delay-import directory and each of the descriptor's IAT slots, what the slot imports is
// read as the resolver reads it when the program's call goes through that slot — the DLL's name,
// its handle variable, the name table's entry, the function's ordinal or name. A read outside the
// image's readable pages is the program's access violation (as on Windows) and ends that slot;
// nothing else may go wrong.
#include <cstring>

#include "common/error.h"
#include "loader/format.h"
#include "loader/pe_loader.h"
#include "memory/address_space.h"
#include "shims/core/delay_import_table.h"
#include "tests/fuzz/pe_input.h"

using namespace polyrun;
namespace dl = shims::delay_imports;

namespace {

struct AccessViolation {};

// The image's readable pages, at their host addresses.
struct Bounded {
  const mem::AddressSpace& memory;
  template <typename T>
  T read(uint64_t a) const {
    if (a + sizeof(T) < a || !memory.accessible(a, sizeof(T), mem::kRead)) throw AccessViolation{};
    T v;
    std::memcpy(&v, reinterpret_cast<const void*>(a), sizeof v);
    return v;
  }
};

// Descriptors and slots looked at, at most (real modules have a few DLLs of at most a few hundred
// functions each).
constexpr unsigned kMaxDescriptors = 64, kMaxSlots = 1024;

void walk(const mem::AddressSpace& memory, const loader::PeImage& image) {
  const Bounded m{memory};
  const uint32_t ptr = image.is64 ? 8 : 4;
  uint64_t dir = 0;
  try {
    // The data directory, from the headers the loader mapped: e_lfanew, then the PE signature,
    // the file header (20 bytes) and the optional header, whose directories start at 96 (PE32)
    // or 112 (PE32+) after NumberOfRvaAndSizes.
    const uint64_t optional = image.base + m.read<uint32_t>(image.base + 0x3c) + 24;
    const uint64_t dirs = optional + (image.is64 ? 112 : 96);
    if (m.read<uint32_t>(dirs - 4) <= dl::kDirectory) return;
    const uint32_t rva = m.read<uint32_t>(dirs + 8 * dl::kDirectory);
    if (!rva || !m.read<uint32_t>(dirs + 8 * dl::kDirectory + 4)) return;
    dir = image.base + rva;
  } catch (const AccessViolation&) {
    return;
  }
  for (unsigned d = 0; d < kMaxDescriptors; ++d) {
    const uint64_t desc = dir + d * dl::kDescriptorSize;
    try {
      if (!m.read<uint32_t>(desc + 4)) return;  // the all-zero descriptor that ends the directory
      const uint64_t iat = image.base + m.read<uint32_t>(desc + 12);
      for (unsigned i = 0; i < kMaxSlots; ++i) {
        const dl::Import imp = dl::describe(m, image.base, desc, iat + uint64_t{i} * ptr, ptr);
        if (!imp.entry) break;  // the end of the name table
        dl::name(m, imp.dll_name);
        if (!imp.by_ordinal) dl::name(m, imp.function);
      }
    } catch (const AccessViolation&) {
    }
  }
}

void load(const std::string& path, const fuzz::Window& w) {
  mem::AddressSpace memory(w.layout);
  try {
    const loader::PeImage image = loader::load_pe(memory, path, w.limit);
    walk(memory, image);
  } catch (const UserError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InputFile file(data, size);
  if (!fuzz::is_pe(file)) return 0;
  load(file.path(), fuzz::kWindow64);
  load(file.path(), fuzz::kWindow32);
  return 0;
}
