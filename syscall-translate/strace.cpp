// Signature letters (SyscallDef::signature, "<ret>:<args>"):
//   d signed int    u unsigned     x hex          p pointer (NULL or hex)   o octal
//   f fd (AT_FDCWD by name)        s C string (path)                       O open flags
//   b input buffer, length in the next argument   B output buffer, length = result (the
//     dispatcher tells the address space that the host wrote there: translated code goes stale)
//   P prot flags   M mmap flags    V NULL-terminated array of strings (argv, envp)
//   - argument not shown
// Result letters: d (number or -1 errno=N (text)), x (hex), n (no return), e (does not return
// when it succeeds: execve; the call is written on entry, and again with its error if it fails).
#include "syscall-translate/strace.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace polyrun::linux_abi {

Strace::Strace(const KernelAbiMap& abi) : abi_(abi) { fd_ = ::fcntl(2, F_DUPFD_CLOEXEC, 100); }

void Strace::move_fd() {
  int moved = ::fcntl(fd_, F_DUPFD_CLOEXEC, fd_ + 1);
  if (moved < 0) return;
  ::close(fd_);
  fd_ = moved;
}

Strace::~Strace() {
  if (fd_ >= 0) ::close(fd_);
}

void Strace::write_line(const std::string& s) {
  int fd = fd_ >= 0 ? fd_ : 2;
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
}

static std::string quoted(const char* p, size_t n, size_t max) {
  std::string out = "\"";
  for (size_t i = 0; i < n && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c >= 32 && c < 127) {
          out += static_cast<char>(c);
        } else {
          char b[8];
          std::snprintf(b, sizeof b, "\\%o", c);
          out += b;
        }
    }
  }
  out += "\"";
  if (n > max) out += "...";
  return out;
}

static std::string hexs(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

static std::string flag_names(const pr_named_table& t, const char* prefix, uint64_t v, bool accmode) {
  std::string out;
  uint64_t rest = v;
  if (accmode) {
    uint64_t mode = v & 3;
    out = mode == 0 ? "O_RDONLY" : mode == 1 ? "O_WRONLY" : mode == 2 ? "O_RDWR" : "3";
    rest &= ~3ull;
  }
  // Lowest bit first, one name per bit.
  for (int bit = 0; bit < 64 && rest; ++bit) {
    uint64_t b = 1ull << bit;
    if (!(rest & b)) continue;
    for (unsigned i = 0; i < t.count; ++i) {
      if (static_cast<uint64_t>(t.entries[i].value) != b) continue;
      if (std::strncmp(t.entries[i].name, prefix, std::strlen(prefix)) != 0) continue;
      if (!out.empty()) out += "|";
      out += t.entries[i].name;
      rest &= ~b;
      break;
    }
  }
  if (rest || out.empty()) {
    if (!out.empty()) out += "|";
    out += hexs(rest);
  }
  return out;
}

bool Strace::readable(uint64_t addr, uint64_t len) const {
  return addr && (!memory_ || memory_->accessible(addr, len ? len : 1, mem::kRead));
}

uint64_t Strace::readable_bytes(uint64_t addr, uint64_t max) const {
  if (!addr) return 0;
  max = std::min(max, ~addr);  // not past the top of the address space
  if (!memory_) return max;
  uint64_t n = 0;
  while (n < max) {
    const uint64_t at = addr + n;
    const uint64_t chunk = std::min(max - n, memory_->page_down(at) + memory_->page_size() - at);
    if (!memory_->accessible(at, chunk, mem::kRead)) break;
    n += chunk;
  }
  return n;
}

std::string Strace::guest_string(uint64_t addr) const {
  const uint64_t n = readable_bytes(addr, 256);
  if (!n) return addr ? hexs(addr) : "NULL";
  const char* s = reinterpret_cast<const char*>(addr);
  return quoted(s, ::strnlen(s, n), 255);
}

std::string Strace::arg(char kind, const uint64_t* a, int i, bool after, int64_t result) const {
  uint64_t v = a[i];
  switch (kind) {
    case 'd': return std::to_string(static_cast<int64_t>(v));
    case 'u': return std::to_string(v);
    case 'x': return hexs(v);
    case 'p': return v ? hexs(v) : "NULL";
    case 'o': {
      char b[32];
      std::snprintf(b, sizeof b, "0%llo", static_cast<unsigned long long>(v));
      return b;
    }
    case 'f': return static_cast<int32_t>(v) == -100 ? "AT_FDCWD" : std::to_string(static_cast<int32_t>(v));
    case 's': return guest_string(v);
    case 'V': {
      // An array of the guest's pointers (its word size and byte order), ending in NULL.
      if (!v) return "NULL";
      const pr_field word = abi_.word(0);
      std::string out = "[";
      for (int n = 0;; ++n) {
        uint64_t slot = v + word.size * static_cast<uint64_t>(n);
        if (!readable(slot, word.size)) return out + "?]";
        uint64_t str = get_field(reinterpret_cast<const void*>(slot), word);
        if (!str) break;
        if (n == 8) return out + ",...]";
        if (n) out += ",";
        out += guest_string(str);
      }
      return out + "]";
    }
    case 'O': return flag_names(abi_.guest().open_flags, "O_", v, true);
    case 'P': return v ? flag_names(abi_.guest().prot_flags, "PROT_", v, false) : "PROT_NONE";
    case 'M': return flag_names(abi_.guest().mmap_flags, "MAP_", v, false);
    case 'b': {
      // A buffer whose length is the next argument.
      const uint64_t len = i + 1 < 6 ? a[i + 1] : 0;
      return readable(v, std::min<uint64_t>(len, 32)) ? quoted(reinterpret_cast<const char*>(v), len, 32) : v ? hexs(v) : "NULL";
    }
    case 'B':
      if (after && result >= 0 && readable(v, std::min<uint64_t>(static_cast<uint64_t>(result), 32))) return quoted(reinterpret_cast<const char*>(v), static_cast<size_t>(result), 32);
      return v ? hexs(v) : "NULL";
    default: return "?";
  }
}

std::string Strace::format_result(const char* signature, int64_t r) const {
  char kind = signature && signature[0] ? signature[0] : 'd';
  if (r < 0 && r > -4096) {
    int e = abi_.host_errno(static_cast<int>(-r));
    std::string out = "-1 errno=";
    out += std::to_string(-r);
    out += " (";
    out += std::strerror(e);
    out += ")";
    return out;
  }
  return kind == 'x' ? hexs(static_cast<uint64_t>(r)) : std::to_string(r);
}

std::string Strace::format_call(const char* name, const char* signature, const uint64_t* a, bool after,
                                int64_t result) const {
  std::string s = std::string(name) + "(";
  const char* args = signature ? std::strchr(signature, ':') : nullptr;
  if (args) {
    ++args;
    bool first = true;
    for (int i = 0; args[i] && i < 6; ++i) {
      if (args[i] == '-') continue;
      if (!first) s += ",";
      first = false;
      s += arg(args[i], a, i, after, result);
    }
  } else {
    for (int i = 0; i < 6; ++i) {
      if (i) s += ",";
      s += hexs(a[i]);
    }
  }
  s += ")";
  return s;
}

void Strace::enter(LinuxProcess& p, const char* name, const SyscallDef* def, const uint64_t* a) {
  memory_ = &p.memory;
  if (def && def->signature && (def->signature[0] == 'n' || def->signature[0] == 'e'))
    write_line(std::to_string(::gettid()) + " " + format_call(name, def->signature, a, false, 0) + "\n");
}

void Strace::leave(LinuxProcess& p, const char* name, const SyscallDef* def, const uint64_t* a, int64_t r) {
  memory_ = &p.memory;
  const char* sig = def ? def->signature : nullptr;
  if (sig && (sig[0] == 'n' || (sig[0] == 'e' && r >= 0))) return;
  write_line(std::to_string(::gettid()) + " " + format_call(name, sig, a, true, r) + " = " + format_result(sig, r) + "\n");
}

void Strace::signal(int guest_sig, int code, uint64_t addr, bool fault) {
  std::string name = "signal " + std::to_string(guest_sig);
  const pr_named_table& t = abi_.guest().signals;
  for (unsigned i = 0; i < t.count; ++i)
    if (t.entries[i].value == guest_sig && std::strncmp(t.entries[i].name, "SIGRT", 5) != 0) {
      name = t.entries[i].name;
      break;
    }
  char b[160];
  if (fault)
    std::snprintf(b, sizeof b, " --- %s {si_signo=%s, si_code=%d, si_addr=0x%llx} ---\n", name.c_str(), name.c_str(), code,
                  static_cast<unsigned long long>(addr));
  else
    std::snprintf(b, sizeof b, " --- %s {si_signo=%s, si_code=%d} ---\n", name.c_str(), name.c_str(), code);
  write_line(std::to_string(::gettid()) + b);
}

}  // namespace polyrun::linux_abi
