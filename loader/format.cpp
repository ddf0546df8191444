#include "loader/format.h"

#include <LIEF/ELF/EnumToString.hpp>
#include <LIEF/ELF/Structures.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "common/error.h"

namespace polyrun::loader {

namespace {

namespace E = LIEF::ELF;
constexpr uint16_t kEmRiscv = 243;  // not in LIEF 0.9's ARCH list
constexpr uint16_t kEmS390 = 22;

// The ISA of a machine in the file's byte order (s390x: the one big-endian ISA).
std::optional<Isa> elf_isa(uint16_t machine, bool is64, bool le) {
  if (!le) return machine == kEmS390 && is64 ? std::optional(Isa::S390x) : std::nullopt;
  switch (machine) {
    case static_cast<uint16_t>(E::ARCH::EM_AARCH64): return is64 ? std::optional(Isa::Aarch64) : std::nullopt;
    case static_cast<uint16_t>(E::ARCH::EM_X86_64): return is64 ? std::optional(Isa::X86_64) : std::nullopt;
    case static_cast<uint16_t>(E::ARCH::EM_386): return is64 ? std::nullopt : std::optional(Isa::I386);
    case static_cast<uint16_t>(E::ARCH::EM_ARM): return is64 ? std::nullopt : std::optional(Isa::Arm);
    case kEmRiscv: return is64 ? std::optional(Isa::Riscv64) : std::nullopt;
    default: return std::nullopt;
  }
}

std::string machine_name(uint16_t machine) {
  switch (machine) {
    case static_cast<uint16_t>(E::ARCH::EM_AARCH64): return "ARM aarch64";
    case static_cast<uint16_t>(E::ARCH::EM_X86_64): return "x86-64";
    case static_cast<uint16_t>(E::ARCH::EM_386): return "Intel 80386";
    case static_cast<uint16_t>(E::ARCH::EM_ARM): return "ARM";
    case kEmRiscv: return "RISC-V";
    case kEmS390: return "IBM S/390";
    case static_cast<uint16_t>(E::ARCH::EM_MIPS): return "MIPS";
    default: break;
  }
  const char* name = E::to_string(static_cast<E::ARCH>(machine));
  if (name && std::strcmp(name, "UNDEFINED") != 0) {
    std::string s = name;
    if (s.rfind("EM_", 0) == 0) s = s.substr(3);
    return s;
  }
  return "machine " + std::to_string(machine);
}

uint16_t rd16(const uint8_t* p, bool le) { return le ? p[0] | p[1] << 8 : p[1] | p[0] << 8; }
uint32_t rd32(const uint8_t* p, bool le) {
  return le ? p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24
            : p[3] | p[2] << 8 | p[1] << 16 | static_cast<uint32_t>(p[0]) << 24;
}

FileKind identify_pe(const uint8_t* d, size_t n) {
  FileKind k;
  k.format = Format::Pe;
  k.description = "MS-DOS executable";
  if (n < 0x40) return k;
  uint32_t lfanew = rd32(d + 0x3c, true);
  if (lfanew > n - 26 || n < 26 || std::memcmp(d + lfanew, "PE\0\0", 4) != 0) return k;
  uint16_t machine = rd16(d + lfanew + 4, true);
  uint16_t magic = rd16(d + lfanew + 24, true);
  bool plus = magic == 0x20b;
  k.is64 = plus;
  std::string m = machine == 0x8664 ? "x86-64" : machine == 0x14c ? "Intel 80386"
                : machine == 0xaa64 ? "ARM64" : "machine 0x" + std::to_string(machine);
  if (machine == 0x8664) k.isa = Isa::X86_64;
  if (machine == 0x14c) k.isa = Isa::I386;
  k.description = std::string(plus ? "PE32+" : "PE32") + " " + m + " Windows program";
  return k;
}

}  // namespace

FileKind identify_bytes(const uint8_t* d, size_t n) {
  FileKind k;
  if (n >= 4 && std::memcmp(d, E::ElfMagic, 4) == 0) {
    k.format = Format::Elf;
    if (n < 20) {
      k.description = "truncated ELF file";
      return k;
    }
    uint8_t cls = d[4], data = d[5];
    if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) {
      k.description = "ELF file with an invalid class or byte order";
      return k;
    }
    k.is64 = cls == 2;
    bool le = data == 1;
    k.elf_type = rd16(d + 16, le);
    uint16_t machine = rd16(d + 18, le);
    k.description = std::string("ELF ") + (k.is64 ? "64" : "32") + "-bit " +
                    (le ? "" : "big-endian ") + machine_name(machine);
    k.big_endian = !le;
    k.isa = elf_isa(machine, k.is64, le);
    return k;
  }
  if (n >= 2 && d[0] == 'M' && d[1] == 'Z') return identify_pe(d, n);
  if (n >= 2 && d[0] == '#' && d[1] == '!') {
    k.format = Format::Script;
    k.description = "script";
    return k;
  }
  k.description = "not a program polyrun knows (ELF or PE)";
  return k;
}

std::optional<ScriptLine> read_script_line(const char* head, size_t size) {
  if (size < 2 || head[0] != '#' || head[1] != '!') return std::nullopt;
  std::string line(head + 2, size - 2);
  line = line.substr(0, line.find('\n'));
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  size_t b = 0;
  while (b < line.size() && blank(line[b])) ++b;
  size_t e = b;
  while (e < line.size() && !blank(line[e])) ++e;
  if (e == b) return std::nullopt;
  ScriptLine s{line.substr(b, e - b), {}};
  while (e < line.size() && blank(line[e])) ++e;
  s.argument = line.substr(e);
  while (!s.argument.empty() && (blank(s.argument.back()) || s.argument.back() == '\r')) s.argument.pop_back();
  return s;
}

FileKind identify(const std::string& path, int given_fd) {
  int fd = given_fd >= 0 ? given_fd : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UserError(path + ": " + std::strerror(errno), errno == ENOENT ? 127 : 126);
  std::vector<uint8_t> buf(4096);
  ssize_t n = ::pread(fd, buf.data(), buf.size(), 0);
  int err = errno;
  if (n > 0 && n >= 0x40 && buf[0] == 'M' && buf[1] == 'Z') {
    // The PE header may lie beyond the first page.
    uint32_t lfanew = rd32(buf.data() + 0x3c, true);
    if (lfanew + 26u > static_cast<uint32_t>(n) && lfanew < (1u << 20)) {
      buf.resize(lfanew + 26);
      ssize_t m = ::pread(fd, buf.data(), buf.size(), 0);
      if (m > 0) n = m;
    }
  }
  if (given_fd < 0) ::close(fd);
  if (n < 0) throw cannot_run(path, std::strerror(err));
  if (n == 0) throw cannot_run(path, "empty file");
  return identify_bytes(buf.data(), static_cast<size_t>(n));
}

}  // namespace polyrun::loader
