#include "cli/targets.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/error.h"

namespace polyrun::cli {

const std::vector<Target>& targets() {
  static const std::vector<Target> t = {
      {"aarch64", "aarch64 Linux", false, Isa::Aarch64, true, false, EM_AARCH64},
      {"riscv64", "riscv64 Linux", false, Isa::Riscv64, true, false, EM_RISCV},
      {"arm", "armhf Linux", false, Isa::Arm, false, false, EM_ARM},
      {"i386", "i386 Linux", false, Isa::I386, false, false, EM_386},
      {"s390x", "s390x Linux", false, Isa::S390x, true, true, EM_S390},
      {"win64", "x86-64 Windows", true, Isa::X86_64},
      {"win32", "i686 Windows", true, Isa::I386},
  };
  return t;
}

const Target* target_for_invocation(const std::string& argv0) {
  std::string base = argv0.substr(argv0.find_last_of('/') + 1);
  const std::string prefix = "polyrun-";
  if (base.compare(0, prefix.size(), prefix) != 0) return nullptr;
  std::string name = base.substr(prefix.size());
  if (name == "armhf") name = "arm";
  for (const auto& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

bool target_accepts(const Target& t, const loader::FileKind& kind) {
  const loader::Format want = t.windows ? loader::Format::Pe : loader::Format::Elf;
  return kind.format == want && kind.isa == t.isa;
}

namespace {

std::string escaped(const std::vector<uint8_t>& bytes) {
  std::string s;
  char b[5];
  for (uint8_t v : bytes) {
    std::snprintf(b, sizeof b, "\\x%02x", v);
    s += b;
  }
  return s;
}

}  // namespace

std::vector<std::string> binfmt_lines(const std::string& polyrun, bool credentials) {
  std::vector<std::string> lines;
  const std::string flags = credentials ? "FPC" : "FP";
  for (const auto& t : targets()) {
    std::string name = std::string("polyrun-") + t.name;
    if (t.windows) {
      // PE32 and PE32+ alike start with the DOS header's "MZ" (their PE header lies at an offset
      // the DOS header gives, out of binfmt_misc's reach): one entry serves both, win64's.
      if (std::strcmp(t.name, "win64") != 0) continue;
      lines.push_back(":polyrun-windows:M::MZ::" + polyrun + ":" + flags);
      continue;
    }
    // e_ident (magic, class, byte order, version, OS ABI — any — and padding), e_type (executable
    // or shared object: the mask leaves out the bit between 2 and 3), e_machine.
    std::vector<uint8_t> magic = {0x7f, 'E', 'L', 'F', static_cast<uint8_t>(t.elf64 ? ELFCLASS64 : ELFCLASS32),
                                  static_cast<uint8_t>(t.big_endian ? ELFDATA2MSB : ELFDATA2LSB), EV_CURRENT};
    std::vector<uint8_t> mask = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    for (int i = 7; i < 16; ++i) {
      magic.push_back(0);
      mask.push_back(i == 7 ? 0x00 : 0xff);
    }
    auto half = [&](uint16_t v, uint16_t m) {
      uint8_t lo = v & 0xff, hi = v >> 8, mlo = m & 0xff, mhi = m >> 8;
      if (t.big_endian) {
        magic.insert(magic.end(), {hi, lo});
        mask.insert(mask.end(), {mhi, mlo});
      } else {
        magic.insert(magic.end(), {lo, hi});
        mask.insert(mask.end(), {mlo, mhi});
      }
    };
    half(ET_EXEC, 0xfffe);
    half(t.e_machine, 0xffff);
    lines.push_back(":" + name + ":M::" + escaped(magic) + ":" + escaped(mask) + ":" + polyrun + ":" + flags);
  }
  return lines;
}

int binfmt_command(const std::string& action, bool credentials, const std::string& polyrun) {
  const std::vector<std::string> lines = binfmt_lines(polyrun, credentials);
  if (action == "print") {
    for (const auto& l : lines) std::printf("%s\n", l.c_str());
    return 0;
  }
  const std::string dir = "/proc/sys/fs/binfmt_misc";
  if (::access((dir + "/register").c_str(), F_OK) != 0)
    throw UserError("binfmt_misc is not mounted (mount -t binfmt_misc binfmt_misc " + dir + ")", 1);
  auto write_to = [](const std::string& path, const std::string& text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    ssize_t n = ::write(fd, text.data(), text.size());
    int e = n == static_cast<ssize_t>(text.size()) ? 0 : errno;
    ::close(fd);
    return e;
  };
  for (const auto& l : lines) {
    const std::string name = l.substr(1, l.find(':', 1) - 1);
    const std::string entry = dir + "/" + name;
    if (::access(entry.c_str(), F_OK) == 0) {
      if (int e = write_to(entry, "-1")) throw UserError("cannot remove " + entry + ": " + std::strerror(e), 1);
      if (action == "remove") std::printf("removed %s\n", name.c_str());
    }
    if (action == "install") {
      if (int e = write_to(dir + "/register", l))
        throw UserError("cannot register " + name + ": " + std::strerror(e) + (e == EACCES || e == EPERM ? " (needs root)" : ""), 1);
      std::printf("registered %s\n", name.c_str());
    }
  }
  return 0;
}

}  // namespace polyrun::cli
