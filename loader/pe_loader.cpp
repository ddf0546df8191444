#include "loader/pe_loader.h"

#include <LIEF/PE/Structures.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "loader/format.h"
#include "loader/pe_resource_directory.h"

namespace polyrun::loader {

namespace P = LIEF::PE;

namespace {

constexpr uint16_t kMachineAmd64 = 0x8664, kMachineI386 = 0x14c;
constexpr uint16_t kMagicPe32 = 0x10b, kMagicPe32Plus = 0x20b;
constexpr uint32_t kScnExecute = 0x20000000, kScnRead = 0x40000000, kScnWrite = 0x80000000;
constexpr int kDirExport = 0, kDirImport = 1, kDirResource = 2, kDirException = 3, kDirBaseReloc = 5, kDirTls = 9,
              kDirLoadConfig = 10;
constexpr uint16_t kDllNoSeh = 0x400;  // IMAGE_DLLCHARACTERISTICS_NO_SEH
// IMAGE_LOAD_CONFIG_DIRECTORY32: Size at 0, SEHandlerTable (a VA) at 0x40, SEHandlerCount at 0x44.
constexpr uint32_t kLoadConfigSehTable = 0x40, kLoadConfigSehCount = 0x44;

std::vector<uint8_t> read_all(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UserError(path + ": " + std::strerror(errno), errno == ENOENT ? 127 : 126);
  struct stat st;
  ::fstat(fd, &st);
  std::vector<uint8_t> data(static_cast<size_t>(st.st_size));
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::read(fd, data.data() + off, data.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(off);
  return data;
}

// The mapped image seen through RVAs, every access bounds-checked.
struct ImageView {
  uint64_t base, size;
  const std::string& path;
  bool ok(uint64_t rva, uint64_t len) const { return rva <= size && len <= size - rva; }
  template <typename T>
  T get(uint64_t rva, const char* what) const {
    if (!ok(rva, sizeof(T))) throw cannot_run(path, std::string("corrupt PE file (") + what + " outside the image)");
    T v;
    std::memcpy(&v, reinterpret_cast<const void*>(base + rva), sizeof(T));
    return v;
  }
  std::string str(uint64_t rva, const char* what) const {
    if (!ok(rva, 1)) throw cannot_run(path, std::string("corrupt PE file (") + what + " outside the image)");
    const char* p = reinterpret_cast<const char*>(base + rva);
    size_t n = ::strnlen(p, size - rva);
    if (n == size - rva) throw cannot_run(path, std::string("corrupt PE file (") + what + " not terminated)");
    return std::string(p, n);
  }
  void* at(uint64_t rva) const { return reinterpret_cast<void*>(base + rva); }
};

// The export table of a mapped image. An address inside the export directory is a forwarder: the
// name of what it stands for.
void read_exports(const ImageView& v, const P::pe_data_directory& directory, PeImage& img, const std::string& path) {
  const uint64_t base = v.base;
  const uint64_t dir = directory.RelativeVirtualAddress, dir_end = dir + directory.Size;
  auto e = v.get<P::pe_export_directory_table>(dir, "the export directory");
  PeExportTable& t = img.export_table;
  t.ordinal_base = e.OrdinalBase;
  const uint32_t count = std::min<uint32_t>(e.AddressTableEntries, 65536);
  t.functions.assign(count, 0);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t fn = v.get<uint32_t>(e.ExportAddressTableRVA + i * 4ull, "an export address");
    if (!fn) continue;
    if (fn >= dir && fn < dir_end) t.forwards[i] = v.str(fn, "a forwarded export");
    else t.functions[i] = base + fn;
  }
  for (uint32_t i = 0; i < e.NumberOfNamePointers && i < 65536; ++i) {
    uint32_t name_rva = v.get<uint32_t>(e.NamePointerRVA + i * 4ull, "an export name");
    uint16_t ord = v.get<uint16_t>(e.OrdinalTableRVA + i * 2ull, "an export ordinal");
    if (ord >= count) throw cannot_run(path, "corrupt PE file (an export name's ordinal is outside the table)");
    std::string name = v.str(name_rva, "an export name");
    t.names[name] = ord;
    if (t.functions[ord]) img.exports[name] = t.functions[ord];
  }
}

// Fills a mapped image: its sections, relocations, imports, TLS, exports and protections.
void fill_image(mem::AddressSpace& memory, const std::string& path, const std::vector<uint8_t>& file, PeImage& img,
                const std::vector<P::pe_data_directory>& dirs, const std::vector<P::pe_section>& sections,
                uint64_t sec_off) {
  auto need = [&](uint64_t off, uint64_t len, const char* what) {
    if (off > file.size() || len > file.size() - off)
      throw cannot_run(path, std::string("truncated PE file (") + what + " lies beyond the end of the file)");
  };
  const uint64_t base = img.base;
  ImageView v{base, img.size, path};

  uint64_t headers = std::min<uint64_t>({file.size(), img.size, sec_off + sections.size() * sizeof(P::pe_section) + 0x200});
  std::memcpy(v.at(0), file.data(), headers);
  for (const auto& s : sections) {
    uint64_t vsize = s.VirtualSize ? s.VirtualSize : s.SizeOfRawData;
    if (!v.ok(s.VirtualAddress, vsize)) throw cannot_run(path, "corrupt PE file (a section lies outside the image)");
    uint64_t raw = std::min<uint64_t>(s.SizeOfRawData, vsize);
    if (raw) {
      need(s.PointerToRawData, raw, "a section");
      std::memcpy(v.at(s.VirtualAddress), file.data() + s.PointerToRawData, raw);
    }
  }

  // Base relocations.
  int64_t delta = static_cast<int64_t>(base - img.preferred_base);
  if (delta != 0 && dirs[kDirBaseReloc].Size) {
    uint64_t rva = dirs[kDirBaseReloc].RelativeVirtualAddress, end = rva + dirs[kDirBaseReloc].Size;
    if (!v.ok(rva, dirs[kDirBaseReloc].Size)) throw cannot_run(path, "corrupt PE file (the relocations lie outside the image)");
    while (rva + 8 <= end) {
      auto block = v.get<P::pe_base_relocation_block>(rva, "a relocation block");
      if (block.BlockSize < 8) break;
      // (A block past the directory's end is a corrupt image's: its entries would be read from
      // whatever follows, up to 2^31 of them.)
      if (block.BlockSize > end - rva) throw cannot_run(path, "corrupt PE file (a relocation block past the relocations)");
      for (uint64_t e = rva + 8; e + 2 <= rva + block.BlockSize; e += 2) {
        uint16_t entry = v.get<uint16_t>(e, "a relocation");
        uint64_t target = uint64_t{block.PageRVA} + (entry & 0xfff);
        switch (entry >> 12) {
          case 0: break;  // padding
          case 3: {       // HIGHLOW
            uint32_t val = v.get<uint32_t>(target, "a relocated address");
            val += static_cast<uint32_t>(delta);
            std::memcpy(v.at(target), &val, 4);
            break;
          }
          case 10: {  // DIR64
            uint64_t val = v.get<uint64_t>(target, "a relocated address");
            val += static_cast<uint64_t>(delta);
            std::memcpy(v.at(target), &val, 8);
            break;
          }
          default:
            throw cannot_run(path, "unsupported base relocation type " + std::to_string(entry >> 12));
        }
      }
      rva += block.BlockSize;
    }
  }

  // Imports.
  if (dirs[kDirImport].Size) {
    for (uint64_t d = dirs[kDirImport].RelativeVirtualAddress;; d += sizeof(P::pe_import)) {
      auto imp = v.get<P::pe_import>(d, "the import directory");
      if (imp.NameRVA == 0 && imp.ImportAddressTableRVA == 0) break;
      std::string dll = v.str(imp.NameRVA, "an imported DLL's name");
      uint64_t lookup = imp.ImportLookupTableRVA ? imp.ImportLookupTableRVA : imp.ImportAddressTableRVA;
      const unsigned slot = img.is64 ? 8 : 4;
      for (uint64_t i = 0;; ++i) {
        uint64_t entry = img.is64 ? v.get<uint64_t>(lookup + i * slot, "an import lookup entry")
                                  : v.get<uint32_t>(lookup + i * slot, "an import lookup entry");
        if (entry == 0) break;
        PeImport pi;
        pi.dll = dll;
        pi.iat_slot = base + imp.ImportAddressTableRVA + i * slot;
        if (!v.ok(imp.ImportAddressTableRVA + i * slot, slot)) throw cannot_run(path, "corrupt PE file (IAT outside the image)");
        bool by_ordinal = img.is64 ? (entry >> 63) : (entry >> 31);
        if (by_ordinal) {
          pi.ordinal = static_cast<uint16_t>(entry & 0xffff);
        } else {
          pi.name = v.str((entry & 0x7fffffff) + 2, "an imported name");
        }
        img.imports.push_back(std::move(pi));
        if (i > 65536) throw cannot_run(path, "corrupt PE file (import table does not end)");
      }
      if (d > dirs[kDirImport].RelativeVirtualAddress + (1u << 20)) throw cannot_run(path, "corrupt PE file (import directory does not end)");
    }
  }

  // TLS (addresses in the directory are VAs, already relocated).
  if (dirs[kDirTls].Size) {
    uint64_t rva = dirs[kDirTls].RelativeVirtualAddress;
    img.tls.present = true;
    if (img.is64) {
      auto t = v.get<P::pe64_tls>(rva, "the TLS directory");
      img.tls = {true, t.RawDataStartVA, t.RawDataEndVA, t.AddressOfIndex, t.AddressOfCallback, t.SizeOfZeroFill};
    } else {
      auto t = v.get<P::pe32_tls>(rva, "the TLS directory");
      img.tls = {true, t.RawDataStartVA, t.RawDataEndVA, t.AddressOfIndex, t.AddressOfCallback, t.SizeOfZeroFill};
    }
    // Each thread gets a copy of the template (the image's bytes from start to end) and the zeros
    // after it: a template outside the image, or a block larger than the image could hold, is a
    // damaged directory.
    const PeTls& tls = img.tls;
    if (tls.raw_end > tls.raw_start &&
        (tls.raw_start < base || tls.raw_end > base + img.size))
      throw cannot_run(path, "corrupt PE file (TLS template outside the image)");
    if (tls.zero_fill > img.size) throw cannot_run(path, "corrupt PE file (TLS zero fill larger than the image)");
  }

  // The image's own exports. Windows reads a program's export directory only when GetProcAddress
  // asks it, so a program whose directory is not readable at load time runs without exports: a
  // packed program's (UPX) points into a section its own stub fills in. A DLL's is read now.
  if (dirs[kDirExport].Size) {
    if (img.is_dll) {
      read_exports(v, dirs[kDirExport], img, path);
    } else {
      try {
        read_exports(v, dirs[kDirExport], img, path);
      } catch (const std::exception&) {
        img.export_table = PeExportTable{};
        img.exports.clear();
      }
    }
  }

  // The application manifest: resource type RT_MANIFEST (24), its first name (1 for a program),
  // its first language. A resource directory that cannot be read leaves none (as a program without).
  if (const uint64_t root = dirs[kDirResource].RelativeVirtualAddress; dirs[kDirResource].Size && v.ok(root, 16)) {
    const resources::Directory d{static_cast<const uint8_t*>(v.at(root)),
                                 static_cast<uint32_t>(std::min<uint64_t>(dirs[kDirResource].Size, v.size - root))};
    const resources::Found manifests = resources::subdirectory(d, resources::Key{true, 24, {}}, nullptr);
    const auto names = manifests.error ? std::vector<resources::Entry>{} : resources::entries(d, manifests.offset);
    const auto langs = !names.empty() && names.front().subdirectory() ? resources::entries(d, names.front().offset)
                                                                      : std::vector<resources::Entry>{};
    if (!langs.empty() && !langs.front().subdirectory()) {
      uint32_t entry[2];  // IMAGE_RESOURCE_DATA_ENTRY: OffsetToData (an RVA), Size (inside the directory)
      std::memcpy(entry, d.root + langs.front().offset, sizeof entry);
      if (entry[1] < (1u << 20) && v.ok(entry[0], entry[1]))
        img.manifest.assign(static_cast<const char*>(v.at(entry[0])), entry[1]);
    }
  }

  // i386 SafeSEH: the load configuration's table of handler RVAs (a VA, relocated above), read
  // when the configuration is large enough to hold it (its own Size field says how large it is).
  // A table outside the image is a corrupt image's; it is sorted here, as RtlIsValidHandler's
  // binary search expects of the linker.
  if (!img.is64 && !img.no_seh && dirs[kDirLoadConfig].Size) {
    const uint64_t rva = dirs[kDirLoadConfig].RelativeVirtualAddress;
    const uint32_t size = v.get<uint32_t>(rva, "the load configuration");
    if (size >= kLoadConfigSehCount + 4) {
      const uint32_t table = v.get<uint32_t>(rva + kLoadConfigSehTable, "the load configuration"),
                     count = v.get<uint32_t>(rva + kLoadConfigSehCount, "the load configuration");
      if (table && count) {
        if (table < base || !v.ok(table - base, uint64_t{count} * 4))
          throw cannot_run(path, "corrupt PE file (the SafeSEH handler table lies outside the image)");
        img.safe_seh.resize(count);
        std::memcpy(img.safe_seh.data(), v.at(table - base), uint64_t{count} * 4);
        std::sort(img.safe_seh.begin(), img.safe_seh.end());
      }
    }
  }

  if (dirs[kDirException].Size && v.ok(dirs[kDirException].RelativeVirtualAddress, dirs[kDirException].Size)) {
    img.pdata = base + dirs[kDirException].RelativeVirtualAddress;
    img.pdata_size = dirs[kDirException].Size;
  }

  // Section protections (headers read-only).
  memory.protect(base, memory.page_size(), mem::kRead);
  for (const auto& s : sections) {
    uint64_t vsize = s.VirtualSize ? s.VirtualSize : s.SizeOfRawData;
    uint32_t prot = 0;
    if (s.Characteristics & kScnRead) prot |= mem::kRead;
    if (s.Characteristics & kScnWrite) prot |= mem::kWrite;
    if (s.Characteristics & kScnExecute) prot |= mem::kExec | mem::kRead;
    uint64_t lo = memory.page_down(base + s.VirtualAddress), hi = memory.page_up(base + s.VirtualAddress + vsize);
    if (hi > lo) memory.protect(lo, hi - lo, prot);
  }
  if (img.entry) img.entry += base;
}

// Throws for a range of the file it does not hold.
void need_in(const std::vector<uint8_t>& file, const std::string& path, uint64_t off, uint64_t len, const char* what) {
  if (off > file.size() || len > file.size() - off)
    throw cannot_run(path, std::string("truncated PE file (") + what + " lies beyond the end of the file)");
}

// The PE header of a file with a DOS header, and where it lies (`pe_off`); its signature unchecked.
P::pe_header pe_header_of(const std::vector<uint8_t>& file, const std::string& path, uint64_t& pe_off) {
  need_in(file, path, 0, sizeof(P::pe_dos_header), "the DOS header");
  P::pe_dos_header dos;
  std::memcpy(&dos, file.data(), sizeof dos);
  if (dos.Magic != 0x5a4d) throw cannot_run(path, "not a PE file (no MZ signature)");
  pe_off = dos.AddressOfNewExeHeader;
  need_in(file, path, pe_off, sizeof(P::pe_header), "the PE header");
  P::pe_header hdr;
  std::memcpy(&hdr, file.data() + pe_off, sizeof hdr);
  return hdr;
}

PeImage map_image(mem::AddressSpace& memory, const std::string& path, uint64_t limit, bool dll) {
  std::vector<uint8_t> file = read_all(path);
  auto need = [&](uint64_t off, uint64_t len, const char* what) { need_in(file, path, off, len, what); };
  uint64_t pe_off = 0;
  const P::pe_header hdr = pe_header_of(file, path, pe_off);
  if (std::memcmp(hdr.signature, "PE\0\0", 4) != 0) throw cannot_run(path, "MS-DOS executable without a PE header is not supported");
  FileKind kind = identify_bytes(file.data(), std::min<size_t>(file.size(), pe_off + 26));
  // An image of another machine is refused once it is known to hold code (below): one without
  // (a resource-only DLL) is data to any process.
  const bool known_machine = hdr.Machine == kMachineAmd64 || hdr.Machine == kMachineI386;
  const bool is_dll = (hdr.Characteristics & 0x2000) != 0;
  if (is_dll && !dll) throw cannot_run(path, kind.description + ": a DLL, not a program");
  if (!is_dll && dll) throw cannot_run(path, "not a DLL");

  PeImage img;
  uint64_t opt_off = pe_off + sizeof(P::pe_header);
  need(opt_off, 2, "the optional header");
  uint16_t magic;
  std::memcpy(&magic, file.data() + opt_off, 2);
  uint64_t dirs_off = 0;
  uint32_t ndirs = 0;
  bool machine_ok = false;
  const char* machine_mismatch = "";
  // The two optional headers differ in field widths only: read either the same way.
  auto read_optional = [&](auto header, bool is64, uint16_t machine, Isa isa, const char* mismatch) {
    need(opt_off, sizeof header, "the optional header");
    std::memcpy(&header, file.data() + opt_off, sizeof header);
    img.is64 = is64;
    img.preferred_base = header.ImageBase;
    img.size = header.SizeOfImage;
    img.entry = header.AddressOfEntryPoint;
    img.subsystem = header.Subsystem;
    img.subsystem_major = header.MajorSubsystemVersion;
    img.stack_reserve = header.SizeOfStackReserve;
    img.stack_commit = header.SizeOfStackCommit;
    img.no_seh = (header.DLLCharacteristics & kDllNoSeh) != 0;
    dirs_off = opt_off + sizeof header;
    ndirs = header.NumberOfRvaAndSize;
    img.isa = isa;
    img.machine = hdr.Machine;
    // What Windows calls an image that contains code: a code size, an entry point, or sections
    // aligned below a page (mapped flat); or an executable section (below).
    img.contains_code = header.SizeOfCode || header.AddressOfEntryPoint || header.SectionAlignment < 0x1000;
    machine_ok = hdr.Machine == machine;
    machine_mismatch = mismatch;
  };

  if (magic == kMagicPe32Plus) {
    read_optional(P::pe64_optional_header{}, true, kMachineAmd64, Isa::X86_64,
                  "corrupt PE file (PE32+ header for a 32-bit machine)");
  } else if (magic == kMagicPe32) {
    read_optional(P::pe32_optional_header{}, false, kMachineI386, Isa::I386,
                  "corrupt PE file (PE32 header for a 64-bit machine)");
  } else {
    throw cannot_run(path, "corrupt PE file (unknown optional header magic)");
  }
  img.is_dll = is_dll;
  // (A DLL's subsystem says nothing about the program that loads it.) GUI and console programs
  // run; drivers, native, POSIX and EFI programs do not.
  if (!dll && img.subsystem != kSubsystemWindowsCui && img.subsystem != kSubsystemWindowsGui)
    throw cannot_run(path, kind.description + " for subsystem " + std::to_string(img.subsystem) +
                               ": only Windows GUI and console programs are supported");
  if (img.size == 0 || img.size > (1ull << 31)) throw cannot_run(path, "corrupt PE file (image size)");

  ndirs = std::min<uint32_t>(ndirs, 16);
  need(dirs_off, ndirs * sizeof(P::pe_data_directory), "the data directories");
  std::vector<P::pe_data_directory> dirs(16, P::pe_data_directory{0, 0});
  std::memcpy(dirs.data(), file.data() + dirs_off, ndirs * sizeof(P::pe_data_directory));
  uint64_t sec_off = opt_off + hdr.SizeOfOptionalHeader;
  need(sec_off, uint64_t{hdr.NumberOfSections} * sizeof(P::pe_section), "the section table");
  std::vector<P::pe_section> sections(hdr.NumberOfSections);
  if (!sections.empty())  // (an image of no sections: nothing to copy, and no vector storage)
    std::memcpy(sections.data(), file.data() + sec_off, sections.size() * sizeof(P::pe_section));
  for (const auto& s : sections)
    if (s.Characteristics & kScnExecute) img.contains_code = true;
  if (img.contains_code) {
    if (!known_machine) throw cannot_run(path, kind.description + " is not supported");
    if (!machine_ok) throw cannot_run(path, machine_mismatch);
  } else if (!dll && !(known_machine && machine_ok)) {
    throw cannot_run(path, kind.description + " is not supported");
  }

  // Place the image: preferred base if free, else anywhere (relocated).
  const uint64_t span = memory.page_up(img.size);
  mem::MapRequest req;
  req.fixed = true;
  req.name = path;
  // Never below 64 KiB, which Windows keeps unmapped (MM_LOWEST_USER_ADDRESS): a preferred base
  // of 0 would otherwise map the image at address 0 where the host allows it (as root).
  uint64_t base = img.preferred_base;
  bool placed = base >= 0x10000 && base + span <= limit && base % memory.page_size() == 0 &&
                memory.map(base, span, mem::kRead | mem::kWrite, req) >= 0;
  if (!placed) {
    // (An image without code is data that needs no relocating: a resource-only DLL goes anywhere.)
    if (dirs[kDirBaseReloc].Size == 0 && img.contains_code)
      throw cannot_run(path, std::string("cannot place the ") + (dll ? "DLL" : "program") + " at its base address and it has no relocations");
    // Anywhere the guest map and the host leave room (a placement skips ranges the host holds).
    req.fixed = false;
    const int64_t at = memory.map(0, span, mem::kRead | mem::kWrite, req);
    if (at >= 0 && static_cast<uint64_t>(at) + span > limit) memory.unmap(static_cast<uint64_t>(at), span);
    if (at < 0 || static_cast<uint64_t>(at) + span > limit)
      throw cannot_run(path, std::string("no room in the guest address space for the ") + (dll ? "DLL" : "program"));
    base = static_cast<uint64_t>(at);
  }
  img.base = base;
  try {
    fill_image(memory, path, file, img, dirs, sections, sec_off);
  } catch (...) {
    memory.unmap(base, span);
    throw;
  }
  return img;
}

}  // namespace

PeDataMapping map_pe_data(mem::AddressSpace& memory, const std::string& path, uint64_t limit, bool flat) {
  std::vector<uint8_t> file = read_all(path);
  auto need = [&](uint64_t off, uint64_t len, const char* what) { need_in(file, path, off, len, what); };
  uint64_t pe_off = 0;
  const P::pe_header hdr = pe_header_of(file, path, pe_off);
  if (std::memcmp(hdr.signature, "PE\0\0", 4) != 0) throw cannot_run(path, "not a PE file (no PE signature)");
  const uint64_t opt_off = pe_off + sizeof(P::pe_header);
  need(opt_off, 2, "the optional header");
  uint16_t magic;
  std::memcpy(&magic, file.data() + opt_off, 2);
  uint32_t image_size = 0, headers_size = 0;
  if (magic == kMagicPe32Plus) {
    P::pe64_optional_header h;
    need(opt_off, sizeof h, "the optional header");
    std::memcpy(&h, file.data() + opt_off, sizeof h);
    image_size = h.SizeOfImage;
    headers_size = h.SizeOfHeaders;
  } else if (magic == kMagicPe32) {
    P::pe32_optional_header h;
    need(opt_off, sizeof h, "the optional header");
    std::memcpy(&h, file.data() + opt_off, sizeof h);
    image_size = h.SizeOfImage;
    headers_size = h.SizeOfHeaders;
  } else {
    throw cannot_run(path, "corrupt PE file (unknown optional header magic)");
  }
  const uint64_t sec_off = opt_off + hdr.SizeOfOptionalHeader;
  need(sec_off, uint64_t{hdr.NumberOfSections} * sizeof(P::pe_section), "the section table");
  std::vector<P::pe_section> sections(hdr.NumberOfSections);
  if (!sections.empty())
    std::memcpy(sections.data(), file.data() + sec_off, sections.size() * sizeof(P::pe_section));
  const uint64_t size = flat ? file.size() : image_size;
  if (size == 0 || size > (1ull << 31)) throw cannot_run(path, "corrupt PE file (image size)");
  const uint64_t span = memory.page_up(size);
  mem::MapRequest req;
  req.name = path;
  const int64_t at = memory.map(0, span, mem::kRead | mem::kWrite, req);
  if (at >= 0 && static_cast<uint64_t>(at) + span > limit) memory.unmap(static_cast<uint64_t>(at), span);
  if (at < 0 || static_cast<uint64_t>(at) + span > limit)
    throw cannot_run(path, "no room in the guest address space for the file");
  const uint64_t base = static_cast<uint64_t>(at);
  auto* dst = reinterpret_cast<uint8_t*>(base);
  if (flat) {
    std::memcpy(dst, file.data(), file.size());
  } else {
    // Headers, then each section's raw data at its RVA, as far as both the file and the image go.
    std::memcpy(dst, file.data(), std::min<uint64_t>({headers_size ? headers_size : file.size(), file.size(), size}));
    for (const auto& sec : sections) {
      if (sec.VirtualAddress >= size || sec.PointerToRawData >= file.size()) continue;
      const uint64_t n = std::min<uint64_t>({sec.SizeOfRawData, file.size() - sec.PointerToRawData,
                                             size - sec.VirtualAddress});
      std::memcpy(dst + sec.VirtualAddress, file.data() + sec.PointerToRawData, n);
    }
  }
  memory.protect(base, span, mem::kRead);
  return {base, span, hdr.Machine};
}

PeImage load_pe(mem::AddressSpace& memory, const std::string& path, uint64_t limit) {
  return map_image(memory, path, limit, false);
}

PeImage load_pe_dll(mem::AddressSpace& memory, const std::string& path, uint64_t limit) {
  return map_image(memory, path, limit, true);
}

}  // namespace polyrun::loader
