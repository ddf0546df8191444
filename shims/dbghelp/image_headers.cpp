// DBGHELP.dll, a PE image's headers as the program holds them (loaded by the loader, or a file's
// bytes mapped or read as they are): ImageNtHeader (the IMAGE_NT_HEADERS after the DOS header),
// ImageRvaToSection (the section header whose virtual range holds an RVA), ImageRvaToVa (where an
// RVA's bytes lie in a file's image: the section's file offset), ImageDirectoryEntryToData(Ex) (a
// data directory's bytes and size, for a loaded image at base + RVA, for a file through its
// section), GetTimestampForLoadedLibrary (the file header's TimeDateStamp).
#include <algorithm>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_process.h"
#include "shims/dbghelp/dbghelp.h"

namespace polyrun::shims {

namespace dbghelp_image {
namespace {

constexpr uint16_t kMagic32 = 0x10b, kMagic64 = 0x20b;
constexpr uint32_t kSectionHeaderSize = 40;

// The NT headers of the image at `base`: "MZ" and a "PE\0\0" signature at e_lfanew; 0 otherwise.
uint64_t nt_headers(WindowsProcess& p, uint64_t base) {
  if (!base || !p.memory.accessible(base, 0x40, mem::kRead) || get<uint16_t>(base) != 0x5a4d) return 0;
  const uint64_t nt = base + get<uint32_t>(base + 0x3c);
  if (nt < base || !p.memory.accessible(nt, 24 + 2, mem::kRead) || get<uint32_t>(nt) != 0x4550) return 0;
  return nt;
}

uint64_t section_of(uint64_t nt, uint32_t rva) {
  const uint16_t count = get<uint16_t>(nt + 6), optional = get<uint16_t>(nt + 20);
  const uint64_t table = nt + 24 + optional;
  for (uint16_t i = 0; i < count; ++i) {
    const uint64_t s = table + kSectionHeaderSize * i;
    const uint32_t va = get<uint32_t>(s + 12), size = std::max(get<uint32_t>(s + 8), get<uint32_t>(s + 16));
    if (rva >= va && rva - va < size) return s;
  }
  return 0;
}

// The file-image address of an RVA (its section's raw data), the section header put in *last
// when given; 0 when no section holds it.
uint64_t rva_to_va(WindowsProcess& p, uint64_t nt, uint64_t base, uint32_t rva, uint64_t last) {
  uint64_t s = last ? p.get_ptr(last) : 0;
  if (!s || rva < get<uint32_t>(s + 12) || rva - get<uint32_t>(s + 12) >= get<uint32_t>(s + 16)) s = section_of(nt, rva);
  if (!s) return 0;
  if (last) p.put_ptr(last, s);
  return base + (rva - get<uint32_t>(s + 12)) + get<uint32_t>(s + 20);
}

Ptr ImageNtHeader(WindowsProcess& p, Ptr base) { return Ptr(nt_headers(p, base.addr)); }

Ptr ImageRvaToSection(WindowsProcess&, Ptr nt, Ptr, uint32_t rva) { return Ptr(nt ? section_of(nt.addr, rva) : 0); }

Ptr ImageRvaToVa(WindowsProcess& p, Ptr nt, Ptr base, uint32_t rva, Ptr last) {
  if (!nt) return Ptr(0);
  return Ptr(rva_to_va(p, nt.addr, base.addr, rva, last.addr));
}

// ImageDirectoryEntryToDataEx(base, image, index, *size, *section): the directory's address (null
// when the image has none of that index), its size in *size (0 when there is none); for a file's
// bytes (image FALSE) the address through the section that holds it, that section in *section.
Ptr ImageDirectoryEntryToDataEx(WindowsProcess& p, Ptr base, uint8_t image, uint16_t index, Ptr size, Ptr section) {
  if (size) put<uint32_t>(size.addr, 0);
  if (section) p.put_ptr(section.addr, 0);
  const uint64_t nt = nt_headers(p, base.addr);
  if (!nt) return Ptr(0);
  const uint64_t optional = nt + 24;
  const uint16_t magic = get<uint16_t>(optional);
  uint64_t count_at = 0;
  if (magic == kMagic64) count_at = optional + 108;
  else if (magic == kMagic32) count_at = optional + 92;
  else return Ptr(0);
  if (index >= get<uint32_t>(count_at)) return Ptr(0);
  const uint64_t entry = count_at + 4 + 8u * index;
  const uint32_t rva = get<uint32_t>(entry);
  if (!rva) return Ptr(0);
  if (size) put<uint32_t>(size.addr, get<uint32_t>(entry + 4));
  const uint32_t headers = get<uint32_t>(optional + 60);  // SizeOfHeaders: the same offset in both forms
  if (image || rva < headers) return Ptr(base.addr + rva);
  const uint64_t s = section_of(nt, rva);
  if (!s) return Ptr(0);
  if (section) p.put_ptr(section.addr, s);
  return Ptr(base.addr + (rva - get<uint32_t>(s + 12)) + get<uint32_t>(s + 20));
}
Ptr ImageDirectoryEntryToData(WindowsProcess& p, Ptr base, uint8_t image, uint16_t index, Ptr size) {
  return ImageDirectoryEntryToDataEx(p, base, image, index, size, Ptr(0));
}

uint32_t GetTimestampForLoadedLibrary(WindowsProcess& p, Ptr module) {
  const uint64_t nt = nt_headers(p, module.addr);
  return nt ? get<uint32_t>(nt + 8) : 0;
}

}  // namespace
}  // namespace dbghelp_image

const std::vector<Export>& dbghelp_image_exports() {
  static const std::vector<Export> e = {
      EXPORT("ImageNtHeader", dbghelp_image::ImageNtHeader),
      EXPORT("ImageRvaToSection", dbghelp_image::ImageRvaToSection),
      EXPORT("ImageRvaToVa", dbghelp_image::ImageRvaToVa),
      EXPORT("ImageDirectoryEntryToData", dbghelp_image::ImageDirectoryEntryToData),
      EXPORT("ImageDirectoryEntryToDataEx", dbghelp_image::ImageDirectoryEntryToDataEx),
      EXPORT("GetTimestampForLoadedLibrary", dbghelp_image::GetTimestampForLoadedLibrary),
  };
  return e;
}

}  // namespace polyrun::shims
