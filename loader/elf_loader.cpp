#include "loader/elf_loader.h"

#include <LIEF/ELF/Structures.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "loader/format.h"

namespace polyrun::loader {

namespace E = LIEF::ELF;

namespace {

constexpr uint32_t kPtLoad = static_cast<uint32_t>(E::SEGMENT_TYPES::PT_LOAD);
constexpr uint32_t kPtInterp = static_cast<uint32_t>(E::SEGMENT_TYPES::PT_INTERP);
constexpr uint32_t kPtPhdr = static_cast<uint32_t>(E::SEGMENT_TYPES::PT_PHDR);
constexpr uint32_t kPtGnuStack = static_cast<uint32_t>(E::SEGMENT_TYPES::PT_GNU_STACK);
constexpr uint16_t kEtExec = static_cast<uint16_t>(E::E_TYPE::ET_EXEC);
constexpr uint16_t kEtDyn = static_cast<uint16_t>(E::E_TYPE::ET_DYN);

bool read_exact(int fd, void* buf, size_t len, uint64_t off) {
  auto* p = static_cast<uint8_t*>(buf);
  while (len) {
    ssize_t n = ::pread(fd, p, len, static_cast<off_t>(off));
    if (n <= 0) return false;
    p += n, len -= static_cast<size_t>(n), off += static_cast<uint64_t>(n);
  }
  return true;
}

uint32_t prot_of(uint32_t pflags) {
  uint32_t p = 0;
  if (pflags & static_cast<uint32_t>(E::ELF_SEGMENT_FLAGS::PF_R)) p |= mem::kRead;
  if (pflags & static_cast<uint32_t>(E::ELF_SEGMENT_FLAGS::PF_W)) p |= mem::kWrite;
  if (pflags & static_cast<uint32_t>(E::ELF_SEGMENT_FLAGS::PF_X)) p |= mem::kExec;
  return p;
}

// The file's absolute path as the kernel names it (symbolic links resolved), or `fallback`.
std::string path_of(int fd, const std::string& fallback) {
  char buf[4096];
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  return n > 0 && buf[0] == '/' ? std::string(buf, static_cast<size_t>(n)) : fallback;
}

std::string hex(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

}  // namespace

namespace {

// The file's ELF header and program headers in one width-independent form (ELFCLASS32 fields
// widened).
struct Headers {
  uint16_t type = 0, version_ok = 0, phentsize = 0, phnum = 0;
  uint64_t entry = 0, phoff = 0;
};

// A field of the file in the host's byte order (the file's is big-endian for s390x).
template <typename T>
T host_order(T v, bool big_endian) {
  if (!big_endian || sizeof(T) == 1) return v;
  if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(static_cast<uint16_t>(v)));
  if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(static_cast<uint32_t>(v)));
  return static_cast<T>(__builtin_bswap64(static_cast<uint64_t>(v)));
}

template <typename Ehdr>
Headers headers_of(const Ehdr& eh, bool be) {
  return Headers{host_order(eh.e_type, be), host_order(eh.e_version, be) == 1, host_order(eh.e_phentsize, be),
                 host_order(eh.e_phnum, be), host_order(eh.e_entry, be), host_order(eh.e_phoff, be)};
}

template <typename Phdr>
void read_phdrs(const std::string& path, int fd, const Headers& h, bool be, std::vector<E::Elf64_Phdr>& out) {
  std::vector<Phdr> ph(h.phnum);
  if (!read_exact(fd, ph.data(), ph.size() * sizeof(Phdr), h.phoff))
    throw cannot_run(path, "cannot read the program headers");
  for (const auto& p : ph)
    out.push_back(E::Elf64_Phdr{host_order(p.p_type, be), host_order(p.p_flags, be), host_order(p.p_offset, be),
                                host_order(p.p_vaddr, be), host_order(p.p_paddr, be), host_order(p.p_filesz, be),
                                host_order(p.p_memsz, be), host_order(p.p_align, be)});
}

}  // namespace

ElfInfo read_elf(const std::string& path, int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) throw cannot_run(path, std::strerror(errno));
  ElfInfo info;
  info.file_size = static_cast<uint64_t>(st.st_size);
  uint8_t ident[sizeof(E::Elf64_Ehdr)] = {};
  if (info.file_size < sizeof(E::Elf32_Ehdr) || !read_exact(fd, ident, sizeof(E::Elf32_Ehdr), 0))
    throw cannot_run(path, "truncated ELF file (the ELF header is incomplete)");
  FileKind kind = identify_bytes(ident, sizeof(E::Elf32_Ehdr));
  if (!kind.isa) throw cannot_run(path, kind.description + " is not supported");
  Headers h;
  size_t phdr_size;
  if (kind.is64) {
    E::Elf64_Ehdr eh;
    if (info.file_size < sizeof eh || !read_exact(fd, &eh, sizeof eh, 0))
      throw cannot_run(path, "truncated ELF file (the ELF header is incomplete)");
    h = headers_of(eh, kind.big_endian);
    phdr_size = sizeof(E::Elf64_Phdr);
  } else {
    E::Elf32_Ehdr eh;
    std::memcpy(&eh, ident, sizeof eh);
    h = headers_of(eh, kind.big_endian);
    phdr_size = sizeof(E::Elf32_Phdr);
  }
  info.isa = *kind.isa;
  info.type = h.type;
  if (h.type != kEtExec && h.type != kEtDyn) {
    const char* what = h.type == 1 ? "a relocatable object file" : h.type == 4 ? "a core dump" : "not an executable";
    throw cannot_run(path, kind.description + " " + what + ", not a program");
  }
  if (!h.version_ok) throw cannot_run(path, "corrupt ELF header (e_version)");
  if (h.phentsize != phdr_size)
    throw cannot_run(path, "corrupt ELF header (program header size " + std::to_string(h.phentsize) + ")");
  if (h.phnum == 0 || h.phnum > 4096) throw cannot_run(path, "corrupt ELF header (no program headers)");
  uint64_t ph_end = h.phoff + static_cast<uint64_t>(h.phnum) * phdr_size;
  if (h.phoff > info.file_size || ph_end > info.file_size || ph_end < h.phoff)
    throw cannot_run(path, "truncated ELF file (program headers lie beyond the end of the file)");
  info.entry = h.entry;
  info.phoff = h.phoff;
  info.phnum = h.phnum;
  info.phentsize = h.phentsize;
  info.is64 = kind.is64;

  std::vector<E::Elf64_Phdr> ph;
  if (kind.is64)
    read_phdrs<E::Elf64_Phdr>(path, fd, h, kind.big_endian, ph);
  else
    read_phdrs<E::Elf32_Phdr>(path, fd, h, kind.big_endian, ph);
  size_t loads = 0;
  for (const auto& p : ph) {
    ElfSegment s{p.p_type, p.p_flags, p.p_offset, p.p_vaddr, p.p_filesz, p.p_memsz, p.p_align};
    if (p.p_type == kPtLoad) {
      ++loads;
      if (p.p_filesz > p.p_memsz) throw cannot_run(path, "corrupt program header (file size above memory size)");
      if (p.p_offset > info.file_size || p.p_offset + p.p_filesz > info.file_size || p.p_offset + p.p_filesz < p.p_offset)
        throw cannot_run(path, "truncated ELF file (a loadable segment lies beyond the end of the file)");
      if (p.p_vaddr + p.p_memsz < p.p_vaddr || p.p_vaddr + p.p_memsz > (kind.is64 ? 1ull << 47 : 1ull << 32))
        throw cannot_run(path, "corrupt program header (segment address out of range)");
      if (((p.p_vaddr - p.p_offset) & 0xfff) != 0)
        throw cannot_run(path, "corrupt program header (segment address and file offset disagree modulo the page size)");
    } else if (p.p_type == kPtInterp) {
      if (p.p_filesz == 0 || p.p_filesz > 4096 || p.p_offset + p.p_filesz > info.file_size)
        throw cannot_run(path, "corrupt PT_INTERP");
      std::string interp(p.p_filesz, '\0');
      if (!read_exact(fd, interp.data(), interp.size(), p.p_offset)) throw cannot_run(path, "cannot read PT_INTERP");
      interp.resize(std::strlen(interp.c_str()));
      info.interpreter = interp;
    } else if (p.p_type == kPtGnuStack) {
      info.exec_stack = p.p_flags & static_cast<uint32_t>(E::ELF_SEGMENT_FLAGS::PF_X);
    }
    info.segments.push_back(s);
  }
  if (loads == 0) throw cannot_run(path, "ELF file without loadable segments");
  return info;
}

LoadedImage load_elf(mem::AddressSpace& memory, const std::string& path, int fd, const ElfInfo& info,
                     uint64_t dyn_base) {
  uint64_t lo = ~0ull, hi = 0;
  for (const auto& s : info.segments) {
    if (s.type != kPtLoad) continue;
    lo = std::min(lo, memory.page_down(s.vaddr));
    hi = std::max(hi, memory.page_up(s.vaddr + s.memsz));
  }
  LoadedImage img;
  if (info.type == kEtDyn) {
    // Reserve the whole span first so the segments land together, then map them over it.
    uint64_t span = hi - lo;
    uint64_t base = memory.find_free(span, dyn_base);
    if (base == 0) throw cannot_run(path, "no room in the guest address space for the program");
    mem::MapRequest res;
    res.fixed = true;
    res.noreserve = true;
    if (memory.map(base, span, mem::kNone, res) < 0) throw cannot_run(path, "cannot reserve the program's address range");
    img.bias = base - lo;
  }
  const std::string name = path_of(fd, path);
  uint64_t start_code = ~0ull, end_code = 0, start_data = 0, end_data = 0;
  for (const auto& s : info.segments) {
    if (s.type != kPtLoad) continue;
    // As Linux's load_elf_binary records them.
    if (s.flags & static_cast<uint32_t>(E::ELF_SEGMENT_FLAGS::PF_X)) {
      start_code = std::min(start_code, s.vaddr);
      end_code = std::max(end_code, s.vaddr + s.filesz);
    }
    start_data = std::max(start_data, s.vaddr);
    end_data = std::max(end_data, s.vaddr + s.filesz);
    uint32_t prot = prot_of(s.flags);
    uint64_t vaddr = s.vaddr + img.bias;
    uint64_t start = memory.page_down(vaddr);
    uint64_t file_end = vaddr + s.filesz;
    uint64_t mem_end = memory.page_up(vaddr + s.memsz);
    uint64_t file_map_end = memory.page_up(file_end);
    mem::MapRequest req;
    req.fixed = true;
    req.replace = info.type == kEtDyn;
    req.name = name;
    if (s.filesz > 0) {
      req.fd = fd;
      req.offset = s.offset - (vaddr - start);
      int64_t r = memory.map(start, file_map_end - start, prot, req);
      if (r < 0)
        throw cannot_run(path, "cannot map the segment at " + hex(start) + ": " +
                                   (r == -ENOMEM || r == -EEXIST ? "the address is in use by polyrun itself" : std::strerror(static_cast<int>(-r))));
      // The rest of the last file page belongs to .bss: zero it.
      if (s.memsz > s.filesz && file_map_end > file_end) {
        std::vector<uint8_t> zeros(file_map_end - file_end, 0);
        memory.poke(file_end, zeros.data(), zeros.size());
      }
    } else {
      file_map_end = start;
    }
    if (mem_end > file_map_end) {
      mem::MapRequest anon;
      anon.fixed = true;
      anon.replace = info.type == kEtDyn;
      int64_t r = memory.map(file_map_end, mem_end - file_map_end, prot, anon);
      if (r < 0) throw cannot_run(path, "cannot map the zero-filled segment at " + hex(file_map_end));
    }
  }
  img.entry = info.entry + img.bias;
  img.start_code = start_code + img.bias;
  img.end_code = end_code + img.bias;
  img.start_data = start_data + img.bias;
  img.end_data = end_data + img.bias;
  img.phnum = info.phnum;
  img.phent = info.phentsize;
  img.lowest = lo + img.bias;
  img.highest = hi + img.bias;
  img.interpreter = info.interpreter;
  for (const auto& s : info.segments)
    if (s.type == kPtPhdr) img.phdr = s.vaddr + img.bias;
  if (!img.phdr) {
    for (const auto& s : info.segments)
      if (s.type == kPtLoad && info.phoff >= s.offset && info.phoff < s.offset + s.filesz)
        img.phdr = s.vaddr + (info.phoff - s.offset) + img.bias;
  }
  return img;
}

}  // namespace polyrun::loader
