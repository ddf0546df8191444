#include "cli/binfmt.h"

#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/targets.h"
#include "common/error.h"

namespace polyrun::cli {

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

std::vector<uint8_t> from_hex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

// ELF header bytes: e_ident (magic, class, byte order, version, OS ABI — any — and padding),
// e_type (executable or shared object: the mask leaves out the bit between 2 and 3), e_machine.
void elf_header(const Target& t, BinfmtEntry& e) {
  e.magic = {0x7f, 'E', 'L', 'F', static_cast<uint8_t>(t.elf64 ? ELFCLASS64 : ELFCLASS32),
             static_cast<uint8_t>(t.big_endian ? ELFDATA2MSB : ELFDATA2LSB), EV_CURRENT};
  e.mask.assign(7, 0xff);
  for (int i = 7; i < 16; ++i) {
    e.magic.push_back(0);
    e.mask.push_back(i == 7 ? 0x00 : 0xff);
  }
  auto half = [&](uint16_t v, uint16_t m) {
    uint8_t lo = v & 0xff, hi = v >> 8, mlo = m & 0xff, mhi = m >> 8;
    if (t.big_endian) {
      e.magic.insert(e.magic.end(), {hi, lo});
      e.mask.insert(e.mask.end(), {mhi, mlo});
    } else {
      e.magic.insert(e.magic.end(), {lo, hi});
      e.mask.insert(e.mask.end(), {mlo, mhi});
    }
  };
  half(ET_EXEC, 0xfffe);
  half(t.e_machine, 0xffff);
}

std::string read_text(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

int write_to(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  ssize_t n = ::write(fd, text.data(), text.size());
  int e = n == static_cast<ssize_t>(text.size()) ? 0 : errno;
  ::close(fd);
  return e;
}

// Every entry registered now, polyrun's own included.
std::vector<BinfmtEntry> registered(const std::string& dir) {
  std::vector<BinfmtEntry> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (dirent* de = ::readdir(d)) {
    std::string name = de->d_name;
    if (name == "." || name == ".." || name == "register" || name == "status") continue;
    if (auto e = parse_binfmt_status(name, read_text(dir + "/" + name))) out.push_back(*e);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const BinfmtEntry& a, const BinfmtEntry& b) { return a.name < b.name; });
  return out;
}

}  // namespace

std::vector<BinfmtEntry> binfmt_entries(const std::string& polyrun, bool credentials) {
  std::vector<BinfmtEntry> out;
  for (const auto& t : targets()) {
    BinfmtEntry e;
    e.interpreter = polyrun;
    e.flags = credentials ? "FPC" : "FP";
    if (t.windows) {
      // PE32 and PE32+ alike start with the DOS header's "MZ" (their PE header lies at an offset
      // the DOS header gives, out of binfmt_misc's reach): one entry serves both, win64's.
      if (std::strcmp(t.name, "win64") != 0) continue;
      e.name = "polyrun-windows";
      e.what = "Windows";
      e.magic = {'M', 'Z'};
      e.mask = {0xff, 0xff};
    } else {
      e.name = std::string("polyrun-") + t.name;
      e.what = t.description;
      elf_header(t, e);
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string binfmt_line(const BinfmtEntry& e) {
  const bool plain = std::all_of(e.magic.begin(), e.magic.end(), [](uint8_t c) { return std::isalnum(c) != 0; });
  const bool no_mask = std::all_of(e.mask.begin(), e.mask.end(), [](uint8_t c) { return c == 0xff; });
  return ":" + e.name + ":M:" + (e.offset ? std::to_string(e.offset) : "") + ":" +
         (plain ? std::string(e.magic.begin(), e.magic.end()) : escaped(e.magic)) + ":" + (no_mask ? "" : escaped(e.mask)) +
         ":" + e.interpreter + ":" + e.flags;
}

std::optional<BinfmtEntry> parse_binfmt_status(const std::string& name, const std::string& text) {
  BinfmtEntry e;
  e.name = name;
  std::istringstream in(text);
  std::string line;
  bool state = false;
  while (std::getline(in, line)) {
    auto value = [&](const char* key) -> std::optional<std::string> {
      const size_t n = std::strlen(key);
      if (line.compare(0, n, key) != 0) return std::nullopt;
      return line.substr(n);
    };
    if (line == "enabled" || line == "disabled") {
      e.enabled = line == "enabled";
      state = true;
    } else if (auto v = value("interpreter ")) {
      e.interpreter = *v;
    } else if (auto v = value("flags:")) {
      e.flags = v->substr(v->find_first_not_of(' ') == std::string::npos ? v->size() : v->find_first_not_of(' '));
    } else if (auto v = value("offset ")) {
      e.offset = static_cast<unsigned>(std::strtoul(v->c_str(), nullptr, 10));
    } else if (auto v = value("magic ")) {
      e.magic = from_hex(*v);
    } else if (auto v = value("mask ")) {
      e.mask = from_hex(*v);
    } else if (auto v = value("extension ")) {
      e.by_magic = false;
      e.extension = *v;
    }
  }
  if (!state || e.interpreter.empty() || (e.by_magic && e.magic.empty())) return std::nullopt;
  if (e.mask.size() < e.magic.size()) e.mask.resize(e.magic.size(), 0xff);
  return e;
}

bool binfmt_overlap(const BinfmtEntry& a, const BinfmtEntry& b) {
  if (!a.enabled || !b.enabled || !a.by_magic || !b.by_magic) return false;
  // Byte i of the file is looked at by a at a.offset + i: compare where both look.
  for (size_t i = 0; i < a.magic.size(); ++i) {
    const size_t at = a.offset + i;
    if (at < b.offset || at - b.offset >= b.magic.size()) continue;
    const size_t j = at - b.offset;
    const uint8_t both = a.mask[i] & b.mask[j];
    if ((a.magic[i] & both) != (b.magic[j] & both)) return false;
  }
  return true;
}

int binfmt_command(const BinfmtRequest& r, const std::string& dir) {
  const std::vector<BinfmtEntry> ours = binfmt_entries(r.interpreter, r.credentials);
  if (r.action == "print") {
    for (const auto& e : ours) std::printf("%s\n", binfmt_line(e).c_str());
    return 0;
  }
  if (::access((dir + "/register").c_str(), F_OK) != 0 && r.action == "install")
    ::mount("binfmt_misc", dir.c_str(), "binfmt_misc", 0, nullptr);  // as systemd would (root only)
  if (::access((dir + "/register").c_str(), F_OK) != 0)
    throw UserError("binfmt_misc is not mounted (mount -t binfmt_misc binfmt_misc " + dir + ")", 1);

  int status = 0;
  const std::vector<BinfmtEntry> present = registered(dir);
  for (const auto& e : ours) {
    const std::string entry = dir + "/" + e.name;
    if (::access(entry.c_str(), F_OK) == 0) {
      if (int err = write_to(entry, "-1")) throw UserError("cannot remove " + entry + ": " + std::strerror(err), 1);
      if (r.action == "remove") std::printf("removed %s\n", e.name.c_str());
    }
    if (r.action != "install") continue;
    // Another interpreter's entry for the same files: binfmt_misc tries the newest entry first,
    // so polyrun's would take them over; only when told.
    const BinfmtEntry* other = nullptr;
    for (const auto& o : present)
      if (o.name.rfind("polyrun-", 0) != 0 && binfmt_overlap(e, o)) other = &o;
    if (other && !r.force) {
      std::fflush(stdout);
      std::fprintf(stderr,
                   "polyrun: %s not registered: %s (%s) already starts %s programs; --force registers polyrun "
                   "ahead of it\n",
                   e.name.c_str(), other->name.c_str(), other->interpreter.c_str(), e.what.c_str());
      status = 1;
      continue;
    }
    if (int err = write_to(dir + "/register", binfmt_line(e)))
      throw UserError("cannot register " + e.name + ": " + std::strerror(err) +
                          (err == EACCES || err == EPERM ? " (needs root)" : ""),
                      1);
    std::printf("registered %s: %s programs start %s (flags %s)", e.name.c_str(), e.what.c_str(), e.interpreter.c_str(),
                e.flags.c_str());
    if (other)
      std::printf(", ahead of %s, which stays registered (polyrun --binfmt remove gives the format back to it)",
                  other->name.c_str());
    std::printf("\n");
  }
  return status;
}

}  // namespace polyrun::cli
