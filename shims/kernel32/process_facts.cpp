// KERNEL32.dll, what a process and its threads are and may ask of the system: the stack's limits,
// the data execution prevention policy (DEP: a 32-bit process's, fixed on as the host enforces
// non-executable pages; a 64-bit process has none to ask about), the session, the image's name and
// its subsystem version, working set sizes and shutdown parameters (kept for the process: the host
// decides what stays in memory and the order of a shutdown), thread priority boosts and ideal
// processors (kept per thread: the host schedules), the processor groups (one), the system's
// directories Windows keeps, the product type, the system file cache's size (what the host's page
// cache may use), and the file system redirection a 32-bit process has under WOW64.
#include <sys/sysinfo.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <string>

#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorNoSuchDevice = 433;  // ERROR_DEV_NOT_EXIST's STATUS_NO_SUCH_DEVICE: a path of no drive

// What is kept for the process: the working set's limits (SetProcessWorkingSetSizeEx), the shutdown
// parameters, the threads' priority boosts and ideal processors, the WOW64 redirection. Windows'
// defaults: a working set of 200 KiB to 1380 KiB (the values a new process reports), shutdown level
// 0x280, boosts enabled, the ideal processor the thread's first.
struct ProcessFacts {
  std::mutex m;
  uint64_t ws_min = 204800, ws_max = 1413120;
  uint32_t ws_flags = 0;
  uint32_t shutdown_level = 0x280, shutdown_flags = 0;
  std::map<uint32_t, bool> boost_disabled;
  std::map<uint32_t, uint8_t> ideal;
  std::map<uint32_t, bool> wow64_redirection_off;
};
ProcessFacts& facts() {
  static ProcessFacts f;
  return f;
}

// The process a handle names: its id, or 0.
uint32_t process_id_of(WindowsProcess& p, uint64_t h) {
  if (p.is_current_process(h)) return static_cast<uint32_t>(::getpid());
  Waitable* w = waitable_of_kind(p, h, Waitable::Kind::Process);
  return w ? w->id : 0;
}

// ---- the stack, DEP ----

// The whole stack's reservation: from its lowest page (the guard below the committed part) to its top.
void GetCurrentThreadStackLimits(WindowsProcess& p, Ptr low, Ptr high) {
  WindowsThread& t = p.thread();
  p.put_ptr(low.addr, t.stack_guard ? t.stack_guard : t.stack_limit);
  p.put_ptr(high.addr, t.stack_base);
}

constexpr uint32_t kDepEnable = 1, kDepDisableAtlThunkEmulation = 2;
// DEP_SYSTEM_POLICY_TYPE: OptIn (2), the client editions' policy.
uint32_t GetSystemDEPPolicy(WindowsProcess&) { return 2; }
// Only for 32-bit processes: ERROR_NOT_SUPPORTED in a 64-bit one (GetProcessDEPPolicy's and
// SetProcessDEPPolicy's pages). A 32-bit process has DEP on for good: the host never executes a
// page that is not executable, and no call turns that off.
BOOL GetProcessDEPPolicy(WindowsProcess& p, Ptr process, Ptr flags, Ptr permanent) {
  if (p.isa->ptr == 8) return fail(p, ERROR_NOT_SUPPORTED);
  if (!process_id_of(p, process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (flags) put<uint32_t>(flags.addr, kDepEnable);
  if (permanent) put<int32_t>(permanent.addr, TRUE);
  return TRUE;
}
// Enabling (again) is accepted, as calls after DEP is on are ignored; turning it off is refused
// (ERROR_ACCESS_DENIED: a policy that cannot change for the process's life); the ATL flag alone is
// no valid request.
BOOL SetProcessDEPPolicy(WindowsProcess& p, uint32_t flags) {
  if (p.isa->ptr == 8) return fail(p, ERROR_NOT_SUPPORTED);
  if (flags & ~(kDepEnable | kDepDisableAtlThunkEmulation)) return fail(p, ERROR_INVALID_PARAMETER);
  if ((flags & kDepDisableAtlThunkEmulation) && !(flags & kDepEnable)) return fail(p, ERROR_INVALID_PARAMETER);
  if (!(flags & kDepEnable)) return fail(p, ERROR_ACCESS_DENIED);
  return TRUE;
}

// ---- sessions ----

// Every process of the user's runs in the first interactive session, 1 (session 0 is the services').
constexpr uint32_t kSession = 1;
BOOL ProcessIdToSessionId(WindowsProcess& p, uint32_t pid, Ptr session) {
  if (pid != static_cast<uint32_t>(::getpid()) && ::access(("/proc/" + std::to_string(pid)).c_str(), F_OK) != 0)
    return fail(p, ERROR_INVALID_PARAMETER);
  put<uint32_t>(session.addr, kSession);
  return TRUE;
}
uint32_t WTSGetActiveConsoleSessionId(WindowsProcess&) { return kSession; }

// ---- the process and its threads ----

uint32_t GetProcessIdOfThread(WindowsProcess& p, Ptr thread) {
  if (p.is_current_thread(thread.addr)) return static_cast<uint32_t>(::getpid());
  Waitable* w = waitable_of_kind(p, thread.addr, Waitable::Kind::Thread);
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  return w->process ? w->process->pid : static_cast<uint32_t>(::getpid());
}

// The handles the process holds: its objects' and its files', with the three standard ones.
BOOL GetProcessHandleCount(WindowsProcess& p, Ptr process, Ptr count) {
  const uint32_t pid = process_id_of(p, process.addr);
  if (!pid) return fail(p, ERROR_INVALID_HANDLE);
  uint32_t n = 0;
  if (pid == static_cast<uint32_t>(::getpid())) {
    n = static_cast<uint32_t>(p.handle_fd.size() + p.waitables.size() + p.file_mappings.size() + p.snapshots.size());
  } else {  // another process: its open descriptors
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    if (!status) return fail(p, ERROR_ACCESS_DENIED);
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("FDSize:", 0) == 0) n = static_cast<uint32_t>(std::stoul(line.substr(7)));
  }
  put<uint32_t>(count.addr, n);
  return TRUE;
}

// The subsystem version the program was built for, MAKELONG(minor, major) (its optional header's
// MinorSubsystemVersion and MajorSubsystemVersion); another process's is not known (0,
// ERROR_INVALID_PARAMETER as for no such process).
uint32_t GetProcessVersion(WindowsProcess& p, uint32_t pid) {
  if (pid && pid != static_cast<uint32_t>(::getpid())) return fail(p, ERROR_INVALID_PARAMETER);
  const uint64_t base = p.image.base;
  const uint64_t nt = base + get<uint32_t>(base + 0x3c);
  const uint64_t optional = nt + 24;
  return static_cast<uint32_t>(get<uint16_t>(optional + 50)) | static_cast<uint32_t>(get<uint16_t>(optional + 48)) << 16;
}

// PDB32_CONSOLE_PROC (0x20) for a console program's own process; 0 for another.
uint32_t GetProcessFlags(WindowsProcess& p, uint32_t pid) {
  if (pid && pid != static_cast<uint32_t>(::getpid())) return 0;
  return p.image.subsystem == 3 ? 0x20 : 0;
}

// QUOTA_LIMITS_HARDWS_MIN_DISABLE 2, _MAX_DISABLE 8 (the flags Windows reports when no hard limit is set).
BOOL GetProcessWorkingSetSizeEx(WindowsProcess& p, Ptr process, Ptr min, Ptr max, Ptr flags) {
  if (!process_id_of(p, process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  p.put_ptr(min.addr, f.ws_min);
  p.put_ptr(max.addr, f.ws_max);
  if (flags) put<uint32_t>(flags.addr, f.ws_flags ? f.ws_flags : 2 | 8);
  return TRUE;
}
BOOL GetProcessWorkingSetSize(WindowsProcess& p, Ptr process, Ptr min, Ptr max) {
  return GetProcessWorkingSetSizeEx(p, process, min, max, Ptr(0));
}
// Both -1: the process's pages may all be trimmed (what EmptyWorkingSet asks); both 0 is no request
// (ERROR_INVALID_PARAMETER, as is a maximum below the minimum). The values are kept as asked.
BOOL SetProcessWorkingSetSizeEx(WindowsProcess& p, Ptr process, USize min, USize max, uint32_t flags) {
  if (!process_id_of(p, process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  const uint64_t all = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  if (min.v == all && max.v == all) return TRUE;
  if ((min.v == 0 && max.v == 0) || max.v < min.v) return fail(p, ERROR_INVALID_PARAMETER);
  if ((flags & 3) == 3 || (flags & 12) == 12 || (flags & ~15u)) return fail(p, ERROR_INVALID_PARAMETER);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  f.ws_min = min.v;
  f.ws_max = max.v;
  f.ws_flags = flags;
  return TRUE;
}
BOOL SetProcessWorkingSetSize(WindowsProcess& p, Ptr process, USize min, USize max) {
  return SetProcessWorkingSetSizeEx(p, process, min, max, 0);
}

// Levels 0x000-0x0ff are the system's, 0x100-0x4ff the applications' (SetProcessShutdownParameters'
// page); SHUTDOWN_NORETRY (1) the only flag.
BOOL GetProcessShutdownParameters(WindowsProcess&, Ptr level, Ptr flags) {
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  put<uint32_t>(level.addr, f.shutdown_level);
  put<uint32_t>(flags.addr, f.shutdown_flags);
  return TRUE;
}
BOOL SetProcessShutdownParameters(WindowsProcess& p, uint32_t level, uint32_t flags) {
  if (level > 0x4ff) return fail(p, ERROR_INVALID_PARAMETER);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  f.shutdown_level = level;
  f.shutdown_flags = flags;
  return TRUE;
}

// One processor group: its number, 0, in a USHORT array of *count (ERROR_INSUFFICIENT_BUFFER and
// the count it needs where none fits).
BOOL GetProcessGroupAffinity(WindowsProcess& p, Ptr process, Ptr count, Ptr groups) {
  if (!process_id_of(p, process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (get<uint16_t>(count.addr) < 1) {
    put<uint16_t>(count.addr, 1);
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  put<uint16_t>(count.addr, 1);
  put<uint16_t>(groups.addr, 0);
  return TRUE;
}

BOOL GetThreadPriorityBoost(WindowsProcess& p, Ptr thread, Ptr disabled) {
  const uint32_t id = thread_id_of(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  put<int32_t>(disabled.addr, f.boost_disabled[id] ? TRUE : FALSE);
  return TRUE;
}
BOOL SetThreadPriorityBoost(WindowsProcess& p, Ptr thread, int32_t disable) {
  const uint32_t id = thread_id_of(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  f.boost_disabled[id] = disable != 0;
  return TRUE;
}

uint32_t processors() {
  const int n = ::get_nprocs();
  return n > 0 ? static_cast<uint32_t>(n) : 1;
}
// PROCESSOR_NUMBER: Group (WORD), Number (BYTE), Reserved (BYTE).
BOOL GetThreadIdealProcessorEx(WindowsProcess& p, Ptr thread, Ptr ideal) {
  const uint32_t id = thread_id_of(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  put<uint16_t>(ideal.addr, 0);
  put<uint8_t>(ideal.addr + 2, f.ideal.count(id) ? f.ideal[id] : 0);
  put<uint8_t>(ideal.addr + 3, 0);
  return TRUE;
}
// The previous ideal processor; MAXIMUM_PROCESSORS (32 or 64) asks for it without a change; a
// processor the system lacks is refused with (DWORD)-1 (ERROR_INVALID_PARAMETER).
uint32_t SetThreadIdealProcessor(WindowsProcess& p, Ptr thread, uint32_t processor) {
  const uint32_t id = thread_id_of(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE), 0xffffffffu;
  const uint32_t maximum = p.isa->ptr == 8 ? 64 : 32;
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  const uint32_t previous = f.ideal.count(id) ? f.ideal[id] : 0;
  if (processor == maximum) return previous;
  if (processor >= processors()) return fail(p, ERROR_INVALID_PARAMETER), 0xffffffffu;
  f.ideal[id] = static_cast<uint8_t>(processor);
  return previous;
}
BOOL SetThreadIdealProcessorEx(WindowsProcess& p, Ptr thread, Ptr ideal, Ptr previous) {
  const uint32_t id = thread_id_of(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE);
  const uint16_t group = get<uint16_t>(ideal.addr);
  const uint8_t number = get<uint8_t>(ideal.addr + 2);
  if (group != 0 || number >= processors()) return fail(p, ERROR_INVALID_PARAMETER);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  if (previous) {
    put<uint16_t>(previous.addr, 0);
    put<uint8_t>(previous.addr + 2, f.ideal.count(id) ? f.ideal[id] : 0);
    put<uint8_t>(previous.addr + 3, 0);
  }
  f.ideal[id] = number;
  return TRUE;
}

// Whether the thread has I/O requests pending: none, as a thread's file and pipe operations end
// before their call returns or are carried on by a host thread of polyrun's (kernel32/async_io.cpp).
BOOL GetThreadIOPendingFlag(WindowsProcess& p, Ptr thread, Ptr pending) {
  if (!thread_id_of(p, thread.addr)) return fail(p, ERROR_INVALID_HANDLE);
  put<int32_t>(pending.addr, FALSE);
  return TRUE;
}

// ---- the image's name ----

// The process's image as a Windows path: this process's program, or another's executable.
bool image_path(WindowsProcess& p, uint64_t process, std::string& path) {
  const uint32_t pid = process_id_of(p, process);
  if (!pid) return false;
  if (pid == static_cast<uint32_t>(::getpid())) {
    path = p.exe_path;
    return true;
  }
  char target[4096];
  const ssize_t n = ::readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), target, sizeof target - 1);
  if (n <= 0) return false;
  target[n] = 0;
  path = host_to_windows_path(target);
  return true;
}

// PROCESS_NAME_NATIVE (1): the NT path through the drive's device.
BOOL query_image_name(WindowsProcess& p, Ptr process, uint32_t flags, Ptr buf, Ptr size, bool wide) {
  std::string path;
  if (!image_path(p, process.addr, path)) return fail(p, ERROR_INVALID_HANDLE);
  std::u16string name = utf8_to_utf16(path);
  if (flags & 1) {
    name = nt_path_of_dos_path(name);
    if (name.empty()) return fail(p, kErrorNoSuchDevice);
  }
  const std::string narrow = utf16_to_ansi(name);  // the A form's: the ANSI code page
  const size_t chars = wide ? name.size() : narrow.size();
  if (chars + 1 > get<uint32_t>(size.addr)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (wide) std::memcpy(buf.as<char16_t>(), name.c_str(), (name.size() + 1) * 2);
  else std::memcpy(buf.as<char>(), narrow.c_str(), narrow.size() + 1);
  put<uint32_t>(size.addr, static_cast<uint32_t>(chars));
  return TRUE;
}
BOOL QueryFullProcessImageNameW(WindowsProcess& p, Ptr process, uint32_t flags, Ptr buf, Ptr size) {
  return query_image_name(p, process, flags, buf, size, true);
}
BOOL QueryFullProcessImageNameA(WindowsProcess& p, Ptr process, uint32_t flags, Ptr buf, Ptr size) {
  return query_image_name(p, process, flags, buf, size, false);
}

// ---- the system ----

// What the host's page cache may use: from none to all of memory (no limit set: flags 0).
BOOL GetSystemFileCacheSize(WindowsProcess& p, Ptr min, Ptr max, Ptr flags) {
  struct sysinfo si {};
  ::sysinfo(&si);
  p.put_ptr(min.addr, 0);
  p.put_ptr(max.addr, static_cast<uint64_t>(si.totalram) * si.mem_unit);
  put<uint32_t>(flags.addr, 0);
  return TRUE;
}
// Setting it takes SeIncreaseQuotaPrivilege, which no user process holds (ERROR_PRIVILEGE_NOT_HELD,
// SetSystemFileCacheSize's page).
BOOL SetSystemFileCacheSize(WindowsProcess& p, USize, USize, uint32_t) { return fail(p, 1314); }

// PRODUCT_* for the version asked (6.0 and later): Windows 10 Pro, PRODUCT_PROFESSIONAL (0x30),
// what a desktop edition of this version reports; before 6.0, PRODUCT_UNDEFINED and FALSE.
BOOL GetProductInfo(WindowsProcess&, uint32_t major, uint32_t, uint32_t, uint32_t, Ptr type) {
  if (major < 6) {
    put<uint32_t>(type.addr, 0);
    return FALSE;
  }
  put<uint32_t>(type.addr, 0x30);
  return TRUE;
}

// A result string into a buffer of `size` characters: its length, or the size it needs.
uint32_t store(const std::string& s, Ptr buf, uint32_t size, bool wide) {
  if (wide) {
    const std::u16string w = utf8_to_utf16(s);
    if (w.size() + 1 > size) return static_cast<uint32_t>(w.size() + 1);
    std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
    return static_cast<uint32_t>(w.size());
  }
  if (s.size() + 1 > size) return static_cast<uint32_t>(s.size() + 1);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<uint32_t>(s.size());
}
// The shared Windows directory (a terminal server's per-user one is the same here), and the
// directory of the 32-bit system DLLs on a 64-bit system (both widths see it, as under WOW64).
const char* const kWindowsDir = "C:\\windows";
const char* const kWow64Dir = "C:\\windows\\syswow64";
uint32_t GetSystemWindowsDirectoryA(WindowsProcess&, Ptr buf, uint32_t size) { return store(kWindowsDir, buf, size, false); }
uint32_t GetSystemWindowsDirectoryW(WindowsProcess&, Ptr buf, uint32_t size) { return store(kWindowsDir, buf, size, true); }
uint32_t GetSystemWow64DirectoryA(WindowsProcess&, Ptr buf, uint32_t size) { return store(kWow64Dir, buf, size, false); }
uint32_t GetSystemWow64DirectoryW(WindowsProcess&, Ptr buf, uint32_t size) { return store(kWow64Dir, buf, size, true); }
// By the guest machine asked: IMAGE_FILE_MACHINE_I386 (0x14c) the 32-bit DLLs' directory, the
// system's own (AMD64, 0x8664) system32; no other machine's DLLs are on the system.
uint32_t wow64_directory2(WindowsProcess& p, Ptr buf, uint32_t size, uint16_t machine, bool wide) {
  if (machine == 0x14c) return store(kWow64Dir, buf, size, wide);
  if (machine == 0x8664) return store("C:\\windows\\system32", buf, size, wide);
  return fail(p, ERROR_INVALID_PARAMETER);
}
uint32_t GetSystemWow64Directory2A(WindowsProcess& p, Ptr buf, uint32_t size, uint16_t machine) {
  return wow64_directory2(p, buf, size, machine, false);
}
uint32_t GetSystemWow64Directory2W(WindowsProcess& p, Ptr buf, uint32_t size, uint16_t machine) {
  return wow64_directory2(p, buf, size, machine, true);
}

// The WOW64 file system redirection of the calling thread: a 32-bit process's to turn off and on
// (its old state as the opaque value); a 64-bit process has none (ERROR_INVALID_FUNCTION, as
// Windows' STATUS_NOT_IMPLEMENTED for a process that is not WOW64's).
BOOL Wow64DisableWow64FsRedirection(WindowsProcess& p, Ptr old) {
  if (p.isa->ptr == 8) return fail(p, ERROR_INVALID_FUNCTION);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  bool& off = f.wow64_redirection_off[p.thread().id];
  p.put_ptr(old.addr, off ? 1 : 0);
  off = true;
  return TRUE;
}
BOOL Wow64RevertWow64FsRedirection(WindowsProcess& p, Ptr old) {
  if (p.isa->ptr == 8) return fail(p, ERROR_INVALID_FUNCTION);
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  f.wow64_redirection_off[p.thread().id] = old.addr != 0;
  return TRUE;
}
// (BOOLEAN enable: the redirection's state for the thread.)
uint8_t Wow64EnableWow64FsRedirection(WindowsProcess& p, uint8_t enable) {
  if (p.isa->ptr == 8) return static_cast<uint8_t>(fail(p, ERROR_INVALID_FUNCTION));
  ProcessFacts& f = facts();
  std::lock_guard<std::mutex> g(f.m);
  f.wow64_redirection_off[p.thread().id] = !enable;
  return TRUE;
}

}  // namespace

const std::vector<Export>& kernel32_process_fact_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetCurrentThreadStackLimits", GetCurrentThreadStackLimits),
      EXPORT("GetSystemDEPPolicy", GetSystemDEPPolicy),
      EXPORT("GetProcessDEPPolicy", GetProcessDEPPolicy),
      EXPORT("SetProcessDEPPolicy", SetProcessDEPPolicy),
      EXPORT("ProcessIdToSessionId", ProcessIdToSessionId),
      EXPORT("WTSGetActiveConsoleSessionId", WTSGetActiveConsoleSessionId),
      EXPORT("GetProcessIdOfThread", GetProcessIdOfThread),
      EXPORT("GetProcessHandleCount", GetProcessHandleCount),
      EXPORT("GetProcessVersion", GetProcessVersion),
      EXPORT("GetProcessFlags", GetProcessFlags),
      EXPORT("GetProcessWorkingSetSize", GetProcessWorkingSetSize),
      EXPORT("GetProcessWorkingSetSizeEx", GetProcessWorkingSetSizeEx),
      EXPORT("SetProcessWorkingSetSize", SetProcessWorkingSetSize),
      EXPORT("SetProcessWorkingSetSizeEx", SetProcessWorkingSetSizeEx),
      EXPORT("GetProcessShutdownParameters", GetProcessShutdownParameters),
      EXPORT("SetProcessShutdownParameters", SetProcessShutdownParameters),
      EXPORT("GetProcessGroupAffinity", GetProcessGroupAffinity),
      EXPORT("GetThreadPriorityBoost", GetThreadPriorityBoost),
      EXPORT("SetThreadPriorityBoost", SetThreadPriorityBoost),
      EXPORT("GetThreadIdealProcessorEx", GetThreadIdealProcessorEx),
      EXPORT("SetThreadIdealProcessor", SetThreadIdealProcessor),
      EXPORT("SetThreadIdealProcessorEx", SetThreadIdealProcessorEx),
      EXPORT("GetThreadIOPendingFlag", GetThreadIOPendingFlag),
      EXPORT("QueryFullProcessImageNameA", QueryFullProcessImageNameA),
      EXPORT("QueryFullProcessImageNameW", QueryFullProcessImageNameW),
      EXPORT("GetSystemFileCacheSize", GetSystemFileCacheSize),
      EXPORT("SetSystemFileCacheSize", SetSystemFileCacheSize),
      EXPORT("GetProductInfo", GetProductInfo),
      EXPORT("GetSystemWindowsDirectoryA", GetSystemWindowsDirectoryA),
      EXPORT("GetSystemWindowsDirectoryW", GetSystemWindowsDirectoryW),
      EXPORT("GetSystemWow64DirectoryA", GetSystemWow64DirectoryA),
      EXPORT("GetSystemWow64DirectoryW", GetSystemWow64DirectoryW),
      EXPORT("GetSystemWow64Directory2A", GetSystemWow64Directory2A),
      EXPORT("GetSystemWow64Directory2W", GetSystemWow64Directory2W),
      EXPORT("Wow64DisableWow64FsRedirection", Wow64DisableWow64FsRedirection),
      EXPORT("Wow64RevertWow64FsRedirection", Wow64RevertWow64FsRedirection),
      EXPORT("Wow64EnableWow64FsRedirection", Wow64EnableWow64FsRedirection),
  };
  return exports;
}

}  // namespace polyrun::shims
