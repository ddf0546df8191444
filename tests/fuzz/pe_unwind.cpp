// x64 unwind data as the exception dispatcher reads it (shims/core/unwind_x64.h): the program is
// loaded as polyrun loads it (its .pdata where the exception directory says), then from the start,
// the prolog and the body of its first functions the stack is walked frame by frame as
// RtlLookupFunctionEntry and RtlVirtualUnwind do — the RUNTIME_FUNCTION search, every unwind code,
// frame registers, chained entries, handlers — over a stack of the target's own. A read outside
// the image's readable pages and the stack is the program's access violation (as on Windows) and
// ends the walk; the unwinder itself must end (a chain that leads back to itself included) and
// write nothing but the CONTEXT it is given.
#include <cstring>
#include <vector>

#include "common/error.h"
#include "loader/format.h"
#include "loader/pe_loader.h"
#include "memory/address_space.h"
#include "shims/core/unwind_x64.h"
#include "tests/fuzz/pe_input.h"

using namespace polyrun;
namespace unw = shims::unwind_x64;

namespace {

constexpr uint64_t kContextSize = 0x4d0, kStackSize = 64 * 1024;

struct AccessViolation {};

// The image's readable pages, a stack and a CONTEXT, all at their host addresses.
struct Bounded {
  const mem::AddressSpace& memory;
  uint64_t stack, ctx;
  bool readable(uint64_t a, uint64_t n) const {
    if (a + n < a) return false;
    if (a >= stack && a + n <= stack + kStackSize) return true;
    if (a >= ctx && a + n <= ctx + kContextSize) return true;
    return memory.accessible(a, n, mem::kRead);
  }
  template <typename T>
  T read(uint64_t a) const {
    if (!readable(a, sizeof(T))) throw AccessViolation{};
    T v;
    std::memcpy(&v, reinterpret_cast<const void*>(a), sizeof v);
    return v;
  }
  template <typename T>
  void write(uint64_t a, T v) const {
    POLYRUN_FUZZ_CHECK(a >= ctx && a + sizeof(T) <= ctx + kContextSize, "a write to %#llx outside the CONTEXT",
                       (unsigned long long)a);
    std::memcpy(reinterpret_cast<void*>(a), &v, sizeof v);
  }
  void copy(uint64_t to, uint64_t from, size_t n) const {
    if (!readable(from, n)) throw AccessViolation{};
    POLYRUN_FUZZ_CHECK(to >= ctx && to + n <= ctx + kContextSize, "a copy to %#llx outside the CONTEXT",
                       (unsigned long long)to);
    std::memcpy(reinterpret_cast<void*>(to), reinterpret_cast<const void*>(from), n);
  }
};

// Walks the stack from `pc` in the image, as the dispatcher does, for a few frames.
void walk(Bounded& m, const loader::PeImage& image, uint64_t pc) {
  std::vector<uint8_t> context(kContextSize);
  m.ctx = reinterpret_cast<uint64_t>(context.data());
  // Every register points into the middle of the stack, which holds return addresses into the image.
  const uint64_t sp = m.stack + kStackSize / 2;
  for (unsigned i = 0; i < 16; ++i) unw::set_gpr(m, m.ctx, i, sp + 64 * i);
  m.write<uint64_t>(m.ctx + unw::kCtxRip, pc);
  try {
    for (int frame = 0; frame < 8; ++frame) {
      const uint64_t here = m.read<uint64_t>(m.ctx + unw::kCtxRip);
      if (here < image.base || here - image.base > 0xffffffffu) return;
      const uint64_t fe = unw::search_table(m, image.pdata, image.pdata_size / 12, static_cast<uint32_t>(here - image.base));
      if (!fe) return;
      uint64_t data = 0, establisher = 0;
      unw::virtual_unwind(m, unw::kUnwFlagEHandler | unw::kUnwFlagUHandler, image.base, here, fe, m.ctx, &data,
                          &establisher);
    }
  } catch (const AccessViolation&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InputFile file(data, size);
  if (!fuzz::is_pe(file)) return 0;
  mem::AddressSpace memory(fuzz::kWindow64.layout);
  loader::PeImage image;
  try {
    image = loader::load_pe(memory, file.path(), fuzz::kWindow64.limit);
  } catch (const UserError&) {
    return 0;
  }
  if (!image.pdata || image.pdata_size < 12 || !memory.accessible(image.pdata, image.pdata_size, mem::kRead)) return 0;
  std::vector<uint8_t> stack(kStackSize);
  // Return addresses into the image (its entries' starts) all over the stack.
  const uint64_t entries = image.pdata_size / 12;
  for (size_t i = 0; i + 8 <= stack.size(); i += 8) {
    uint32_t begin = 0;
    std::memcpy(&begin, reinterpret_cast<const void*>(image.pdata + 12 * ((i / 8) % entries)), 4);
    const uint64_t ret = image.base + begin + 5;
    std::memcpy(stack.data() + i, &ret, 8);
  }
  Bounded m{memory, reinterpret_cast<uint64_t>(stack.data()), 0};
  for (uint64_t i = 0; i < entries && i < 16; ++i) {
    uint32_t begin = 0, end = 0;
    std::memcpy(&begin, reinterpret_cast<const void*>(image.pdata + 12 * i), 4);
    std::memcpy(&end, reinterpret_cast<const void*>(image.pdata + 12 * i + 4), 4);
    for (uint64_t offset : {uint64_t{0}, uint64_t{1}, uint64_t{4}, uint64_t{(end - begin) / 2}})
      walk(m, image, image.base + begin + offset);
  }
  return 0;
}
