// ELF programs as polyrun loads them (syscall-translate/linux_guest.cpp): the file's kind from its
// first bytes, its program headers read and checked against the file, its segments mapped into a
// guest address space at the ISA's places (ET_DYN at the dynamic base), for any of the five ISAs,
// both classes and both byte orders. A bad file must end in UserError (polyrun's one-line error),
// nothing else; the address space is torn down after each input.
#include "common/error.h"
#include "loader/elf_loader.h"
#include "loader/format.h"
#include "memory/address_space.h"
#include "syscall-translate/isa/guest_window.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InputFile file(data, size);
  try {
    loader::FileKind kind = loader::identify(file.path(), file.fd());
    if (kind.format != loader::Format::Elf) return 0;
    loader::ElfInfo info = loader::read_elf(file.path(), file.fd());
    const linux_abi::GuestWindow& w = info.is64 ? linux_abi::kGuest : linux_abi::kGuest32;
    mem::AddressSpace memory(mem::Layout{4096, w.mmap_bottom, w.mmap_top});
    loader::LoadedImage image = loader::load_elf(memory, file.path(), file.fd(), info, w.dyn_base);
    POLYRUN_FUZZ_CHECK(image.lowest <= image.highest, "span %#llx..%#llx", (unsigned long long)image.lowest,
                       (unsigned long long)image.highest);
  } catch (const UserError&) {
  }
  return 0;
}
