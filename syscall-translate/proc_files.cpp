// Emulated /proc files. Like qemu-user, polyrun makes their contents when the guest opens them and
// gives it a descriptor on a memory file holding them; what they describe is the guest's view: its
// mappings from the AddressSpace (not polyrun's), its initial auxv and arguments, its code, data
// and stack in the stat line, the emulated CPU in cpuinfo.
#include "syscall-translate/proc_files.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <vector>

#include "syscall-translate/guest_access.h"

namespace polyrun::linux_abi {

namespace {

struct Name {
  const char* name;
  ProcFile file;
};
constexpr Name kPerProcess[] = {{"exe", ProcFile::Exe},         {"maps", ProcFile::Maps},
                                {"auxv", ProcFile::Auxv},       {"cmdline", ProcFile::Cmdline},
                                {"stat", ProcFile::Stat}};

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// Which emulated file a canonical path (as the kernel names it) is: /proc/<pid>/NAME or
// /proc/<pid>/task/<tid>/NAME for this process, or /proc/cpuinfo.
ProcFile classify(const std::string& canon, const std::string& last) {
  if (canon == "/proc/cpuinfo") return ProcFile::Cpuinfo;
  const std::string own = "/proc/" + std::to_string(::getpid()) + "/";
  if (canon.compare(0, own.size(), own) != 0) return ProcFile::None;
  std::string rest = canon.substr(own.size());
  if (rest.compare(0, 5, "task/") == 0) {
    size_t slash = rest.find('/', 5);
    if (slash == std::string::npos || !all_digits(rest.substr(5, slash - 5))) return ProcFile::None;
    rest = rest.substr(slash + 1);
  }
  if (rest != last) return ProcFile::None;
  for (const auto& n : kPerProcess)
    if (last == n.name) return n.file;
  return ProcFile::None;
}

// /proc/PID/maps, as fs/proc/task_mmu.c prints it: addresses and offset in at least 8 hex digits,
// the device as major:minor, the inode, then the name from column 73 (64-bit) when there is one.
std::string maps(const LinuxProcess& p) {
  std::string out;
  for (const auto& [start, v] : p.memory.vmas()) {
    char b[160];
    int n = std::snprintf(b, sizeof b, "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c %08" PRIx64 " %02x:%02x %" PRIu64 " ",
                          v.start, v.end, v.prot & mem::kRead ? 'r' : '-', v.prot & mem::kWrite ? 'w' : '-',
                          v.prot & mem::kExec ? 'x' : '-', v.shared ? 's' : 'p', v.inode ? v.offset : 0,
                          v.inode ? ::major(v.dev) : 0, v.inode ? ::minor(v.dev) : 0, v.inode);
    out.append(b, static_cast<size_t>(std::max(n, 0)));
    if (!v.name.empty()) {
      if (n < 72) out.append(static_cast<size_t>(72 - n), ' ');
      out += ' ';
      for (char c : v.name) c == '\n' ? out.append("\\012") : out.append(1, c);
    }
    out += '\n';
  }
  return out;
}

// The guest's bytes in [lo, hi), or as many of them as are readable.
std::string guest_bytes(const LinuxProcess& p, uint64_t lo, uint64_t hi) {
  if (hi <= lo) return {};
  uint64_t n = p.memory.accessible_prefix(lo, hi - lo, mem::kRead);
  return std::string(gptr<const char>(lo), n);
}

// /proc/PID/cmdline: the argument strings as they are now. A program that overwrote the final NUL
// (setproctitle) gets what it wrote, up to the first NUL within a page, as Linux gives it.
std::string cmdline(const LinuxProcess& p) {
  std::string args = guest_bytes(p, p.argv_start, p.argv_end);
  if (args.size() != p.argv_end - p.argv_start || args.empty() || args.back() == '\0') return args;
  std::string title = guest_bytes(p, p.argv_start, std::min(p.env_end, p.argv_start + p.memory.page_size()));
  size_t nul = title.find('\0');
  return nul == std::string::npos ? title : title.substr(0, nul + 1);
}

// /proc/PID/stat: the host's line for what is a fact of the process (ids, state, times, counts,
// the name, which polyrun sets to the guest program's), the guest's for what describes its memory
// and signals.
std::string stat(const LinuxProcess& p) {
  std::string host;
  if (int fd = ::open("/proc/self/stat", O_RDONLY | O_CLOEXEC); fd >= 0) {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) host.append(buf, static_cast<size_t>(n));
    ::close(fd);
  }
  size_t close_paren = host.rfind(')');
  if (close_paren == std::string::npos) return host;
  // Fields from 3 (state) on, numbered as proc(5) numbers them.
  std::vector<std::string> f(3);
  for (size_t i = close_paren + 2, e; i < host.size(); i = e + 1) {
    e = host.find_first_of(" \n", i);
    if (e == std::string::npos) e = host.size();
    f.push_back(host.substr(i, e - i));
  }
  auto set = [&](size_t field, uint64_t v) {
    if (field < f.size()) f[field] = std::to_string(v);
  };
  uint64_t vsize = 0;
  for (const auto& [start, v] : p.memory.vmas()) vsize += v.end - v.start;
  uint64_t ignored = 0, caught = 0;
  for (size_t sig = 1; sig < p.sigactions.size(); ++sig) {
    uint64_t h = p.sigactions[sig].handler;
    if (h == 1) ignored |= 1ull << (sig - 1);
    else if (h > 1) caught |= 1ull << (sig - 1);
  }
  set(23, vsize);
  set(26, p.start_code);
  set(27, p.end_code);
  set(28, p.start_stack);
  set(32, p.thread().sigmask & 0x7fffffff);  // Linux shows the first 31 signals here
  set(33, ignored & 0x7fffffff);
  set(34, caught & 0x7fffffff);
  set(45, p.start_data);
  set(46, p.end_data);
  set(47, p.brk_start);
  set(48, p.argv_start);
  set(49, p.argv_end);
  set(50, p.env_start);
  set(51, p.env_end);
  std::string out = host.substr(0, close_paren + 1);
  for (size_t i = 3; i < f.size(); ++i) out += " " + f[i];
  return out + "\n";
}

// /proc/cpuinfo: one entry per online host CPU, each the emulated CPU with the features AT_HWCAP
// announces.
std::string cpuinfo(const LinuxProcess& p) {
  std::string features;
  for (const auto& [feature, hwcap] : p.isa.hwcap_names) {
    if (!p.cpu().has_feature(feature)) continue;
    if (!features.empty()) features += ' ';
    features += feature;
  }
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  std::string out;
  for (long n = 0; n < std::max(cpus, 1L); ++n) out += p.isa.cpuinfo_entry(static_cast<unsigned>(n), features, p.cpu());
  return out;
}

bool write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

int64_t open_emulated(LinuxProcess& p, ProcFile f, int host_flags) {
  int acc = host_flags & O_ACCMODE;
  if (f == ProcFile::Exe) {
    // The running program cannot be opened for writing (once permissions allow it).
    if (acc != O_RDONLY) {
      if (::faccessat(AT_FDCWD, p.exe_path.c_str(), W_OK, AT_EACCESS) != 0) return -errno;
      return -ETXTBSY;
    }
    return host_result(::openat(AT_FDCWD, p.exe_path.c_str(), host_flags));
  }
  if (host_flags & O_DIRECTORY) return -ENOTDIR;
  if ((host_flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return -EEXIST;

  int mfd = ::memfd_create("polyrun-proc", MFD_CLOEXEC);
  if (mfd < 0) return -errno;
  // Read-only for everyone, as the /proc files are (fstat shows it).
  if (!write_all(mfd, proc_file_contents(p, f)) || ::fchmod(mfd, 0444) != 0) {
    int e = errno;
    ::close(mfd);
    return -e;
  }
  // A read-only description of the same file, then moved onto the memory file's number: the
  // guest gets the lowest free descriptor, as from any open.
  int ro = ::open(("/proc/self/fd/" + std::to_string(mfd)).c_str(),
                  O_RDONLY | O_CLOEXEC | (host_flags & O_NONBLOCK));
  if (ro < 0) {
    int e = errno;
    ::close(mfd);
    return -e;
  }
  int r = ::dup3(ro, mfd, host_flags & O_CLOEXEC);
  int e = errno;
  ::close(ro);
  if (r < 0) {
    ::close(mfd);
    return -e;
  }
  return mfd;
}

}  // namespace

ProcFile proc_file_of(int dirfd, const std::string& path) {
  size_t slash = path.rfind('/');
  std::string last = slash == std::string::npos ? path : path.substr(slash + 1);
  bool candidate = last == "cpuinfo";
  for (const auto& n : kPerProcess) candidate = candidate || last == n.name;
  if (!candidate) return ProcFile::None;
  // Let the kernel resolve the path (/proc/self, thread-self, "..", the directory descriptor).
  int fd = ::openat(dirfd, path.c_str(), O_PATH | O_CLOEXEC | (last == "exe" ? O_NOFOLLOW : 0));
  if (fd < 0) return ProcFile::None;
  char buf[4096];
  ssize_t n = ::readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return ProcFile::None;
  return classify(std::string(buf, static_cast<size_t>(n)), last);
}

std::string proc_file_contents(LinuxProcess& p, ProcFile f) {
  switch (f) {
    case ProcFile::Maps: return maps(p);
    case ProcFile::Auxv: return std::string(p.auxv.begin(), p.auxv.end());
    case ProcFile::Cmdline: return cmdline(p);
    case ProcFile::Stat: return stat(p);
    case ProcFile::Cpuinfo: return cpuinfo(p);
    case ProcFile::Exe: case ProcFile::None: break;
  }
  return {};
}

bool proc_openat(LinuxProcess& p, int dirfd, const std::string& path, int host_flags, int64_t& result) {
  ProcFile f = proc_file_of(dirfd, path);
  // The exe link itself (O_NOFOLLOW) is the host's. So are mere references to the other files
  // (O_PATH) and opens for writing, which Linux refuses but to root, whose writes then fail: the
  // host's files answer the same.
  if (f == ProcFile::None || (f == ProcFile::Exe && (host_flags & O_NOFOLLOW)) ||
      (f != ProcFile::Exe && (host_flags & (O_PATH | O_ACCMODE))) ||
      (f == ProcFile::Cpuinfo && !p.isa.cpuinfo_entry))
    return false;
  result = open_emulated(p, f, host_flags);
  return true;
}

bool proc_readlink(LinuxProcess& p, int dirfd, const std::string& path, std::string& target) {
  if (proc_file_of(dirfd, path) != ProcFile::Exe) return false;
  target = p.exe_path;
  return true;
}

void proc_follow_exe(LinuxProcess& p, int& dirfd, std::string& path) {
  if (proc_file_of(dirfd, path) != ProcFile::Exe) return;
  dirfd = AT_FDCWD;
  path = p.exe_path;
}

}  // namespace polyrun::linux_abi
