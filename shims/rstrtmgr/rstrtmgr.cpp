// RSTRTMGR.dll: the Restart Manager's sessions and the question they exist for: which processes
// use the files (and which of the applications) registered with a session (RmGetList). The answer
// is the host's: every process of this machine the caller may look at (/proc) that holds one of
// the files open or mapped (a DLL in use), or that is one of the applications registered (its
// process ID and start time). Shutting those processes down and restarting them (RmShutdown,
// RmRestart) and filters are not done.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/rstrtmgr/exports.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t ERROR_MORE_DATA = 234, ERROR_BAD_ARGUMENTS = 160;
constexpr uint32_t kAppSize = 668;  // RM_PROCESS_INFO
constexpr uint32_t RmConsole = 5, RmStatusRunning = 1;

struct UniqueProcess {
  uint32_t pid;
  uint64_t start;  // FILETIME
};
struct RmSession {
  std::set<std::string> files;  // host paths
  std::vector<UniqueProcess> apps;
};

std::map<uint32_t, RmSession>& sessions() {
  static std::map<uint32_t, RmSession> t;
  return t;
}

// A process's start time as a FILETIME (its boot-relative start in /proc/PID/stat, after the boot
// time /proc/stat gives), or 0.
uint64_t start_time(uint32_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return 0;
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  unsigned long long ticks = 0;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    if (i == 22) ticks = std::stoull(field);
  std::ifstream sys("/proc/stat");
  unsigned long long btime = 0;
  while (std::getline(sys, line))
    if (line.rfind("btime ", 0) == 0) btime = std::stoull(line.substr(6));
  const long hz = ::sysconf(_SC_CLK_TCK);
  const unsigned long long unix100ns = (btime * 10000000ull) + ticks * (10000000ull / static_cast<unsigned long long>(hz));
  return unix100ns + 116444736000000000ull;  // from 1970 to 1601
}

// Two start times of one process: GetProcessTimes' (the clock when it started) and /proc's (the
// boot time, whole seconds, and the ticks since): up to a second apart by the boot time's
// rounding, and more where the clock drifted from the kernel's since boot (seen: 1.4 s).
bool near(uint64_t a, uint64_t b) { return (a > b ? a - b : b - a) < 30000000ull; }

std::string comm(uint32_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/comm");
  std::string s;
  std::getline(f, s);
  return s;
}

// Whether the process holds one of the files open or mapped.
bool uses(uint32_t pid, const std::set<std::string>& files) {
  const std::string base = "/proc/" + std::to_string(pid);
  if (DIR* d = ::opendir((base + "/fd").c_str())) {
    while (dirent* e = ::readdir(d)) {
      char target[4096];
      const ssize_t n = ::readlink((base + "/fd/" + e->d_name).c_str(), target, sizeof target - 1);
      if (n > 0 && files.count(std::string(target, n))) {
        ::closedir(d);
        return true;
      }
    }
    ::closedir(d);
  }
  std::ifstream maps(base + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const size_t slash = line.find('/');
    if (slash != std::string::npos && files.count(line.substr(slash))) return true;
  }
  return false;
}

uint32_t RmStartSession(WindowsProcess&, Ptr handle, uint32_t flags, Ptr key) {
  if (!handle || !key || flags) return ERROR_BAD_ARGUMENTS;
  static uint32_t next = 0;
  const uint32_t id = next++;
  sessions()[id] = RmSession{};
  // The session's key: 32 hexadecimal digits, unique to it.
  char text[40];
  std::snprintf(text, sizeof text, "%08x%08x%08x%08x", static_cast<unsigned>(::getpid()), id,
                static_cast<unsigned>(start_time(static_cast<uint32_t>(::getpid()))), 0x52734d67u);
  const std::u16string u = utf8_to_utf16(text);
  copy_guest(guest_pointer(key.addr), u.c_str(), (u.size() + 1) * 2, key.addr, true);
  put<uint32_t>(handle.addr, id);
  return ERROR_SUCCESS;
}

uint32_t RmEndSession(WindowsProcess&, uint32_t session) {
  return sessions().erase(session) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

// RmRegisterResources: files (their full paths), applications (RM_UNIQUE_PROCESS: a process ID and
// its start time) and services (none run on this machine: a service's name is kept and matches no
// process).
uint32_t RmRegisterResources(WindowsProcess& p, uint32_t session, uint32_t nfiles, Ptr files, uint32_t napps, Ptr apps,
                             uint32_t nservices, Ptr services) {
  auto it = sessions().find(session);
  if (it == sessions().end()) return ERROR_INVALID_HANDLE;
  if ((nfiles && !files) || (napps && !apps) || (nservices && !services)) return ERROR_BAD_ARGUMENTS;
  for (uint32_t i = 0; i < nfiles; ++i) {
    const uint64_t s = p.get_ptr(files.addr + i * p.isa->ptr);
    if (!s) return ERROR_BAD_ARGUMENTS;
    const std::string win = utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(s))));
    it->second.files.insert(windows_to_host_path(windows_full_path(win)));
  }
  for (uint32_t i = 0; i < napps; ++i)
    it->second.apps.push_back({get<uint32_t>(apps.addr + i * 12), get<uint64_t>(apps.addr + i * 12 + 4)});
  return ERROR_SUCCESS;
}

// RmGetList: the processes that use the session's resources; ERROR_MORE_DATA (with the number
// needed) when the caller's array is too small. No reboot is needed for any of them.
uint32_t RmGetList(WindowsProcess&, uint32_t session, Ptr needed, Ptr count, Ptr infos, Ptr reasons) {
  auto it = sessions().find(session);
  if (it == sessions().end()) return ERROR_INVALID_HANDLE;
  if (!needed || !count) return ERROR_BAD_ARGUMENTS;
  std::vector<uint32_t> found;
  if (DIR* d = ::opendir("/proc")) {
    while (dirent* e = ::readdir(d)) {
      char* end;
      const unsigned long pid = std::strtoul(e->d_name, &end, 10);
      if (*end || !pid) continue;
      bool hit = !it->second.files.empty() && uses(static_cast<uint32_t>(pid), it->second.files);
      for (const auto& a : it->second.apps)
        if (a.pid == pid && (a.start == 0 || near(a.start, start_time(a.pid)))) hit = true;
      if (hit) found.push_back(static_cast<uint32_t>(pid));
    }
    ::closedir(d);
  }
  std::sort(found.begin(), found.end());
  if (reasons) put<uint32_t>(reasons.addr, 0);  // RmRebootReasonNone
  put<uint32_t>(needed.addr, static_cast<uint32_t>(found.size()));
  if (get<uint32_t>(count.addr) < found.size()) {
    put<uint32_t>(count.addr, 0);
    return ERROR_MORE_DATA;
  }
  if (!found.empty() && !infos) return ERROR_BAD_ARGUMENTS;
  for (size_t i = 0; i < found.size(); ++i) {
    const uint64_t r = infos.addr + i * kAppSize;
    std::vector<uint8_t> zero(kAppSize, 0);
    copy_guest(guest_pointer(r), zero.data(), zero.size(), r, true);
    put<uint32_t>(r, found[i]);
    put<uint64_t>(r + 4, start_time(found[i]));
    const std::u16string name = utf8_to_utf16(comm(found[i]).substr(0, 255));
    copy_guest(guest_pointer(r + 12), name.c_str(), name.size() * 2, r + 12, true);
    put<uint32_t>(r + 652, RmConsole);
    put<uint32_t>(r + 656, RmStatusRunning);
    put<uint32_t>(r + 660, 1);  // the console session
    put<uint32_t>(r + 664, 0);  // not registered for restart
  }
  put<uint32_t>(count.addr, static_cast<uint32_t>(found.size()));
  return ERROR_SUCCESS;
}

}  // namespace

const Dll kRstrtmgr{
    "rstrtmgr.dll",
    false,
    {
        EXPORT("RmStartSession", RmStartSession),
        EXPORT("RmEndSession", RmEndSession),
        EXPORT("RmRegisterResources", RmRegisterResources),
        EXPORT("RmGetList", RmGetList),
    },
};

}  // namespace polyrun::shims
