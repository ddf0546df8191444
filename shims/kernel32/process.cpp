// KERNEL32.dll, other processes: CreateProcessA/W, OpenProcess, TerminateProcess,
// GetExitCodeProcess, GetProcessTimes, Get/SetHandleInformation, and ResumeThread of a child's
// main thread. Children are started, reaped and ended by core/child_process.cpp (a Windows program
// in a polyrun of its own, a host program directly); a child's handle is signalled when it ends,
// with its full exit code. CREATE_SUSPENDED: the child's polyrun maps the program and waits, before
// its first instruction, until the parent resumes the thread handle it got.
#include <fcntl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/log.h"
#include "shims/ntdll/thread_control.h"
#include "shims/core/filetime.h"
#include "shims/core/proc_stat.h"
#include "shims/core/child_process.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/pseudo_console.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

using Kind = Waitable::Kind;
constexpr uint32_t kCreateUnicodeEnvironment = 0x400, kStartfUseStdHandles = 0x100, kExtendedStartupInfoPresent = 0x80000;

// An environment block: VAR=VALUE strings ending with an empty one (UTF-16, or the ANSI code page's).
std::vector<std::string> read_environment_block(uint64_t block, bool wide) {
  std::vector<std::string> env;
  if (wide) {
    const char16_t* at = reinterpret_cast<const char16_t*>(block);
    while (*at) {
      std::u16string s(at);
      at += s.size() + 1;
      env.push_back(utf16_to_utf8(s));
    }
  } else {
    const char* at = reinterpret_cast<const char*>(block);
    while (*at) {
      std::string s(at);
      at += s.size() + 1;
      env.push_back(ansi_to_utf8(s));
    }
  }
  return env;
}

}  // namespace

// Another process's thread (core/windows_handoff.h's ProcessRecord; kernel32/sync.cpp asks): a child's
// main thread created suspended is resumed through its suspend cell; once it runs, it cannot be
// suspended from here.
uint32_t resume_remote_thread(WindowsProcess& p, Waitable& w) {
  (void)p;
  std::shared_ptr<SharedCell> cell = w.process->suspend;
  if (!cell) return 0;  // running, or ended: its suspend count is 0
  int64_t v = cell->page->count.load();
  do {
    if (v <= 0) return 0;
  } while (!cell->page->count.compare_exchange_weak(v, v - 1));
  cell->changed();
  return static_cast<uint32_t>(v);
}

uint32_t suspend_remote_thread(WindowsProcess& p, Waitable& w) {
  if (w.process->pid == static_cast<uint32_t>(::getpid())) return fail(p, ERROR_INVALID_HANDLE), 0xffffffffu;  // ended
  std::shared_ptr<SharedCell> cell = w.process->suspend;
  int64_t v = cell ? cell->page->count.load() : 0;
  while (v > 0 && !cell->page->count.compare_exchange_weak(v, v + 1)) {
  }
  if (v > 0) return static_cast<uint32_t>(v);
  log().warn("SuspendThread of another process's running thread is not supported");
  return fail(p, ERROR_NOT_SUPPORTED), 0xffffffffu;
}

namespace {

// STARTUPINFO: dwFlags and the three standard handles, at the ISA's offsets.
struct Startup {
  uint32_t flags = 0;
  uint64_t std_handles[3] = {0, 0, 0};
  std::string reserved;  // lpReserved2's cbReserved2 bytes
  uint64_t attributes = 0;  // STARTUPINFOEX's lpAttributeList (EXTENDED_STARTUPINFO_PRESENT)
};

// ---- proc-thread attribute lists ----
// The list is the caller's memory, laid out here as: u32 capacity, u32 used, then `capacity`
// entries of {u64 attribute, u64 value, u64 size}.
constexpr uint32_t kAttributeHeader = 8, kAttributeEntry = 24;
constexpr uint64_t kAttributeHandleList = 0x20002, kAttributeParentProcess = 0x20000, kAttributePseudoConsole = 0x20016;

BOOL InitializeProcThreadAttributeList(WindowsProcess& p, Ptr list, uint32_t count, uint32_t flags, Ptr size) {
  if (flags || !size) return fail(p, ERROR_INVALID_PARAMETER);
  const uint64_t need = kAttributeHeader + uint64_t{kAttributeEntry} * count;
  const uint64_t have = p.get_ptr(size.addr);
  p.put_ptr(size.addr, need);
  if (!list || have < need) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  put<uint32_t>(list.addr, count);
  put<uint32_t>(list.addr + 4, 0);
  return TRUE;
}

// The attributes polyrun carries out: the handle list (the only handles a child inherits), the
// parent process (accepted for this process only) and the pseudo console the child runs in
// (kernel32/pseudo_console.cpp). Others are ERROR_NOT_SUPPORTED.
BOOL UpdateProcThreadAttribute(WindowsProcess& p, Ptr list, uint32_t flags, USize attribute, Ptr value, USize size, Ptr,
                               Ptr) {
  if (flags || !list) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t capacity = get<uint32_t>(list.addr), used = get<uint32_t>(list.addr + 4);
  if (attribute != kAttributeHandleList && attribute != kAttributeParentProcess && attribute != kAttributePseudoConsole)
    return fail(p, ERROR_NOT_SUPPORTED);
  if (attribute == kAttributePseudoConsole && size != p.isa->ptr) return fail(p, ERROR_BAD_LENGTH);
  if (attribute == kAttributeHandleList && (size == 0 || size % p.isa->ptr)) return fail(p, ERROR_BAD_LENGTH);
  if (attribute == kAttributeParentProcess && (size != p.isa->ptr || !p.is_current_process(p.get_ptr(value.addr))))
    return fail(p, ERROR_NOT_SUPPORTED);
  if (used >= capacity) return fail(p, ERROR_GEN_FAILURE);
  const uint64_t e = list.addr + kAttributeHeader + uint64_t{kAttributeEntry} * used;
  put<uint64_t>(e, attribute);
  put<uint64_t>(e + 8, value.addr);
  put<uint64_t>(e + 16, size);
  put<uint32_t>(list.addr + 4, used + 1);
  return TRUE;
}
void DeleteProcThreadAttributeList(WindowsProcess&, Ptr) {}

// The handle list of an attribute list (nullopt: none).
std::optional<std::vector<uint64_t>> handle_list_of(WindowsProcess& p, uint64_t list) {
  if (!list) return std::nullopt;
  const uint32_t used = std::min(get<uint32_t>(list + 4), get<uint32_t>(list));
  for (uint32_t i = 0; i < used; ++i) {
    const uint64_t e = list + kAttributeHeader + uint64_t{kAttributeEntry} * i;
    if (get<uint64_t>(e) != kAttributeHandleList) continue;
    const uint64_t value = get<uint64_t>(e + 8), size = get<uint64_t>(e + 16);
    std::vector<uint64_t> handles;
    for (uint64_t at = 0; at + p.isa->ptr <= size; at += p.isa->ptr) handles.push_back(p.get_ptr(value + at));
    return handles;
  }
  return std::nullopt;
}

// The pseudo console an attribute list names (0: none).
uint64_t pseudo_console_of(uint64_t list) {
  if (!list) return 0;
  const uint32_t used = std::min(get<uint32_t>(list + 4), get<uint32_t>(list));
  for (uint32_t i = 0; i < used; ++i) {
    const uint64_t e = list + kAttributeHeader + uint64_t{kAttributeEntry} * i;
    if (get<uint64_t>(e) == kAttributePseudoConsole) return get<uint64_t>(e + 8);
  }
  return 0;
}

Startup read_startup_info(WindowsProcess& p, uint64_t si) {
  Startup s;
  if (!si) return s;
  const bool x64 = p.isa->ptr == 8;
  s.flags = get<uint32_t>(si + (x64 ? 60 : 44));
  const uint64_t handles = si + (x64 ? 80 : 56);
  for (int i = 0; i < 3; ++i) s.std_handles[i] = p.get_ptr(handles + i * p.isa->ptr);
  // STARTUPINFOEX: the attribute list after the STARTUPINFO (cb says it is there).
  if (get<uint32_t>(si) >= (x64 ? 112u : 72u)) s.attributes = p.get_ptr(si + (x64 ? 104 : 68));
  const uint16_t reserved_size = get<uint16_t>(si + (x64 ? 66 : 50));
  const uint64_t reserved = p.get_ptr(si + (x64 ? 72 : 52));
  if (reserved_size && reserved) s.reserved.assign(reinterpret_cast<const char*>(reserved), reserved_size);
  return s;
}

BOOL create_process(WindowsProcess& p, std::string app, std::string cmd, int32_t inherit, uint32_t flags,
                    uint64_t env_block, std::string cwd, uint64_t startup, uint64_t info) {
  ChildRequest r;
  r.application = std::move(app);
  r.command_line = std::move(cmd);
  r.inherit_handles = inherit != 0;
  r.flags = flags;
  if (env_block) r.environment = read_environment_block(env_block, (flags & kCreateUnicodeEnvironment) != 0);
  r.directory = std::move(cwd);
  Startup si = read_startup_info(p, startup);
  r.startup_reserved = si.reserved;
  if (flags & kExtendedStartupInfoPresent) r.handle_list = handle_list_of(p, si.attributes);
  if (si.flags & kStartfUseStdHandles)
    for (int i = 0; i < 3; ++i) r.std_fds[i] = p.fd_for_handle(si.std_handles[i]);
  // A pseudo console: the child's standard descriptors and controlling terminal are its terminal.
  if (const uint64_t hpc = flags & kExtendedStartupInfoPresent ? pseudo_console_of(si.attributes) : 0) {
    const int terminal = pseudo_console_terminal(hpc);
    if (terminal < 0) return fail(p, ERROR_INVALID_HANDLE);
    r.std_fds = {terminal, terminal, terminal};
    r.terminal_session = true;
  }
  ChildStarted started;
  if (!start_child(p, r, started)) return FALSE;
  if (info) {
    const uint64_t ptr = p.isa->ptr;
    p.put_ptr(info, started.process);
    p.put_ptr(info + ptr, started.thread);
    put<uint32_t>(info + 2 * ptr, started.pid);
    put<uint32_t>(info + 2 * ptr + 4, started.tid);
  } else {
    p.waitables.erase(started.process);
    p.waitables.erase(started.thread);
  }
  return TRUE;
}

// CreateProcessA: the command line in the ANSI code page, the program's and the directory's names in
// the file functions' (ANSI, or OEM after SetFileApisToOEM).
BOOL CreateProcessA(WindowsProcess& p, AStr app, Ptr cmd, Ptr, Ptr, int32_t inherit, uint32_t flags, Ptr env,
                    AStr cwd, Ptr startup, Ptr info) {
  std::string c = cmd.addr ? ansi_to_utf8(reinterpret_cast<const char*>(cmd.addr)) : std::string();
  return create_process(p, file_api_to_utf8(p.file_apis_oem, app.bytes()), c, inherit, flags, env.addr,
                        file_api_to_utf8(p.file_apis_oem, cwd.bytes()), startup.addr, info.addr);
}

BOOL CreateProcessW(WindowsProcess& p, WStr app, Ptr cmd, Ptr, Ptr, int32_t inherit, uint32_t flags, Ptr env,
                    WStr cwd, Ptr startup, Ptr info) {
  std::string c = cmd.addr ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(cmd.addr))) : std::string();
  return create_process(p, utf16_to_utf8(app.str()), c, inherit, flags, env.addr, utf16_to_utf8(cwd.str()),
                        startup.addr, info.addr);
}

// CreateProcessInternal(token, app, command line, process and thread attributes, inherit, flags,
// environment, directory, startup info, process info, *new token): KernelBase's function under
// CreateProcess and CreateProcessAsUser. Without a token, CreateProcess's process; with one,
// CreateProcessAsUser's (ADVAPI32's, which checks the token); no new token is made (*new token 0).
BOOL create_process_internal(WindowsProcess& p, Ptr token, Ptr app, Ptr cmd, Ptr pattr, Ptr tattr, int32_t inherit,
                             uint32_t flags, Ptr env, Ptr cwd, Ptr startup, Ptr info, Ptr new_token, bool wide) {
  if (new_token) p.put_ptr(new_token.addr, 0);
  if (token)
    return static_cast<BOOL>(p.call_export("advapi32.dll", wide ? "CreateProcessAsUserW" : "CreateProcessAsUserA",
                                           {token.addr, app.addr, cmd.addr, pattr.addr, tattr.addr,
                                            static_cast<uint64_t>(inherit != 0), flags, env.addr, cwd.addr,
                                            startup.addr, info.addr}));
  return wide ? CreateProcessW(p, WStr{app.addr}, cmd, pattr, tattr, inherit, flags, env, WStr{cwd.addr}, startup, info)
              : CreateProcessA(p, AStr{app.addr}, cmd, pattr, tattr, inherit, flags, env, AStr{cwd.addr}, startup, info);
}
BOOL CreateProcessInternalW(WindowsProcess& p, Ptr token, Ptr app, Ptr cmd, Ptr pattr, Ptr tattr, int32_t inherit,
                            uint32_t flags, Ptr env, Ptr cwd, Ptr startup, Ptr info, Ptr new_token) {
  return create_process_internal(p, token, app, cmd, pattr, tattr, inherit, flags, env, cwd, startup, info, new_token, true);
}
BOOL CreateProcessInternalA(WindowsProcess& p, Ptr token, Ptr app, Ptr cmd, Ptr pattr, Ptr tattr, int32_t inherit,
                            uint32_t flags, Ptr env, Ptr cwd, Ptr startup, Ptr info, Ptr new_token) {
  return create_process_internal(p, token, app, cmd, pattr, tattr, inherit, flags, env, cwd, startup, info, new_token, false);
}

// OpenProcess is NtOpenProcess's work (ntdll/thread_control.cpp); PROCESS_* access rights are not
// checked.
Ptr OpenProcess(WindowsProcess& p, uint32_t, int32_t inherit, uint32_t pid) {
  uint64_t h = 0;
  if (ntdll_threads::open_process(p, pid, &h) != 0) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return Ptr(p.mark_inheritable(h, inherit != 0));
}

BOOL GetExitCodeProcess(WindowsProcess& p, Ptr h, Ptr code) {
  if (p.is_current_process(h.addr)) {
    put<uint32_t>(code.addr, kStillActive);
    return TRUE;
  }
  Waitable* w = waitable_of_kind(p, h.addr, Kind::Process);
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  put<uint32_t>(code.addr, w->count ? w->exit_code : kStillActive);
  return TRUE;
}


// Another process ends at once with `code`: its exit code is reported in its end cell (every
// process holding a handle to it reads it there) before it is killed.
BOOL TerminateProcess(WindowsProcess& p, Ptr h, uint32_t code) {
  Waitable* w = waitable_of_kind(p, h.addr, Kind::Process);
  if (p.is_current_process(h.addr) || (w && w->id == static_cast<uint32_t>(::getpid()))) {
    p.onexit.clear();  // as ExitProcess: the CRT's atexit functions do not run
    p.terminate(static_cast<int>(code));
    return TRUE;
  }
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  return end_other_process(*w, code) ? TRUE : fail(p, ERROR_ACCESS_DENIED);  // ended, or out of reach
}

// Creation time, exit time (0 while it runs), kernel and user CPU time of a process: this one, a
// child (its times once reaped), or another one /proc shows.
BOOL GetProcessTimes(WindowsProcess& p, Ptr process, Ptr created, Ptr exited, Ptr kernel, Ptr user) {
  Waitable* w = waitable_of_kind(p, process.addr, Kind::Process);
  if (p.is_current_process(process.addr) || (w && w->id == static_cast<uint32_t>(::getpid()))) {
    struct rusage ru;
    ::getrusage(RUSAGE_SELF, &ru);
    put<uint64_t>(created.addr, p.created_filetime);
    put<uint64_t>(exited.addr, 0);
    put<uint64_t>(kernel.addr, units_100ns(ru.ru_stime));
    put<uint64_t>(user.addr, units_100ns(ru.ru_utime));
    return TRUE;
  }
  if (!w || !w->process) return fail(p, ERROR_INVALID_HANDLE);
  const ProcessRecord& r = *w->process;
  uint64_t start = r.created, k = r.kernel_time, u = r.user_time;
  if (uint64_t proc_start = 0; !w->count && proc_times(w->id, proc_start, k, u) && !r.child) start = proc_start;
  put<uint64_t>(created.addr, start);
  put<uint64_t>(exited.addr, w->count ? r.exited : 0);
  put<uint64_t>(kernel.addr, k);
  put<uint64_t>(user.addr, u);
  return TRUE;
}

// GetThreadTimes: a thread of this process's creation time (its start, /proc's), no exit time while
// it runs, its kernel and user time; another process's threads are out of reach.
BOOL GetThreadTimes(WindowsProcess& p, Ptr thread, Ptr created, Ptr exited, Ptr kernel, Ptr user) {
  uint32_t tid = 0;
  if (p.is_current_thread(thread.addr)) tid = p.thread().id;
  else if (Waitable* w = waitable_of_kind(p, thread.addr, Kind::Thread); w && !w->process) tid = w->id;
  else return fail(p, ERROR_INVALID_HANDLE);
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string line;
  uint64_t start = p.created_filetime, k = 0, u = 0;
  if (std::getline(stat, line)) {
    const size_t close = line.rfind(')');
    std::istringstream fields(line.substr(close + 2));
    std::vector<std::string> f;
    for (std::string x; fields >> x;) f.push_back(x);
    if (f.size() >= 20) {
      const uint64_t ticks = static_cast<uint64_t>(::sysconf(_SC_CLK_TCK));
      u = std::stoull(f[11]) * 10000000ull / ticks;
      k = std::stoull(f[12]) * 10000000ull / ticks;
      uint64_t process_start = 0, pk, pu;
      std::ifstream self("/proc/self/stat");
      std::string self_line;
      if (std::getline(self, self_line) && proc_times(static_cast<uint32_t>(::getpid()), process_start, pk, pu)) {
        // The thread's start relative to the process's, added to the process's creation time.
        std::istringstream pf(self_line.substr(self_line.rfind(')') + 2));
        std::vector<std::string> g;
        for (std::string x; pf >> x;) g.push_back(x);
        if (g.size() >= 20) {
          const int64_t delta = static_cast<int64_t>(std::stoull(f[19])) - static_cast<int64_t>(std::stoull(g[19]));
          start = p.created_filetime + static_cast<uint64_t>(std::max<int64_t>(delta, 0)) * 10000000ull / ticks;
        }
      }
    }
  }
  Waitable* w = p.is_current_thread(thread.addr) ? nullptr : waitable_of_kind(p, thread.addr, Kind::Thread);
  put<uint64_t>(created.addr, start);
  put<uint64_t>(exited.addr, w && w->count ? filetime_now() : 0);
  put<uint64_t>(kernel.addr, k);
  put<uint64_t>(user.addr, u);
  return TRUE;
}

// This process's own counters: IO_COUNTERS from /proc/self/io (read and write calls and bytes;
// the other operations: none counted) and PROCESS_MEMORY_COUNTERS from /proc/self/status.
bool own_process(WindowsProcess& p, uint64_t h) {
  if (p.is_current_process(h)) return true;
  Waitable* w = waitable_of_kind(p, h, Kind::Process);
  return w && w->id == static_cast<uint32_t>(::getpid());
}
BOOL GetProcessIoCounters(WindowsProcess& p, Ptr h, Ptr counters) {
  if (!own_process(p, h.addr)) return fail(p, ERROR_ACCESS_DENIED);
  auto io = proc_fields("/proc/self/io");
  const uint64_t v[6] = {io["syscr"], io["syscw"], 0, io["rchar"], io["wchar"], 0};
  std::memcpy(counters.as<uint64_t>(), v, sizeof v);
  return TRUE;
}
BOOL K32GetProcessMemoryInfo(WindowsProcess& p, Ptr h, Ptr counters, uint32_t size) {
  const uint32_t ps = p.isa->ptr;
  const uint32_t need = 8 + 8 * ps;  // cb, PageFaultCount, then eight SIZE_Ts
  if (size < need) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (!own_process(p, h.addr)) return fail(p, ERROR_ACCESS_DENIED);
  auto st = proc_fields("/proc/self/status");
  struct rusage ru;
  ::getrusage(RUSAGE_SELF, &ru);
  const uint64_t kib = 1024;
  // PeakWorkingSetSize, WorkingSetSize, Quota peak/now paged and nonpaged pool, PagefileUsage
  // (committed private memory), PeakPagefileUsage.
  const uint64_t fields[8] = {st["VmHWM"] * kib, st["VmRSS"] * kib, 0, 0, 0, 0, st["VmData"] * kib, st["VmPeak"] * kib};
  put<uint32_t>(counters.addr, need);
  put<uint32_t>(counters.addr + 4, static_cast<uint32_t>(ru.ru_minflt + ru.ru_majflt));
  for (int i = 0; i < 8; ++i) p.put_ptr(counters.addr + 8 + i * ps, fields[i]);
  if (size >= need + ps) p.put_ptr(counters.addr + need, st["VmData"] * kib);  // _EX: PrivateUsage
  if (size >= need + ps) put<uint32_t>(counters.addr, need + ps);
  return TRUE;
}

// Handle flags: HANDLE_FLAG_INHERIT 1 (HANDLE_FLAG_PROTECT_FROM_CLOSE 2 is accepted, not kept).
bool known_handle(WindowsProcess& p, uint64_t h) {
  return p.waitables.count(h) || p.tokens.count(h) || p.snapshots.count(h) || p.handle_fd.count(h) ||
         p.is_current_process(h) || p.is_current_thread(h);
}
BOOL GetHandleInformation(WindowsProcess& p, Ptr h, Ptr flags) {
  if (!known_handle(p, h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (flags) put<uint32_t>(flags.addr, p.inheritable.count(h.addr) ? 1 : 0);
  return TRUE;
}
BOOL SetHandleInformation(WindowsProcess& p, Ptr h, uint32_t mask, uint32_t flags) {
  if (!known_handle(p, h.addr) || p.is_current_process(h.addr) || p.is_current_thread(h.addr))
    return fail(p, ERROR_INVALID_HANDLE);
  if (mask & 1) {
    if (flags & 1) p.inheritable.insert(h.addr);
    else p.inheritable.erase(h.addr);
  }
  return TRUE;
}

// Whether CreateProcess and SearchPath look in the current directory for a program of this name:
// yes, unless the name has a path of its own or NoDefaultCurrentDirectoryInExePath is set.
BOOL need_current_directory(WindowsProcess& p, const std::string& name) {
  if (name.find_first_of("\\/") != std::string::npos) return TRUE;
  return p.find_env("NoDefaultCurrentDirectoryInExePath") ? FALSE : TRUE;
}
BOOL NeedCurrentDirectoryForExePathW(WindowsProcess& p, WStr name) { return need_current_directory(p, utf16_to_utf8(name.str())); }
BOOL NeedCurrentDirectoryForExePathA(WindowsProcess& p, AStr name) { return need_current_directory(p, file_api_to_utf8(p.file_apis_oem, name.bytes())); }

}  // namespace

// DuplicateHandle from another process: a handle this one inherited from it has the same value
// here (the only handles of another process within reach).
bool inherited_from(WindowsProcess& p, uint64_t process_handle, uint64_t h) {
  Waitable* w = waitable_of_kind(p, process_handle, Kind::Process);
  return w && w->id == static_cast<uint32_t>(::getppid()) && p.inherited.count(h);
}

// K32GetProcessMemoryInfo for PSAPI's GetProcessMemoryInfo (kernel32/psapi.cpp).
BOOL process_memory_info(WindowsProcess& p, Ptr process, Ptr counters, uint32_t size) {
  return K32GetProcessMemoryInfo(p, process, counters, size);
}

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_process_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateProcessA", CreateProcessA),
      EXPORT("CreateProcessW", CreateProcessW),
      EXPORT("CreateProcessInternalA", CreateProcessInternalA),
      EXPORT("CreateProcessInternalW", CreateProcessInternalW),
      EXPORT("InitializeProcThreadAttributeList", InitializeProcThreadAttributeList),
      EXPORT("UpdateProcThreadAttribute", UpdateProcThreadAttribute),
      EXPORT("DeleteProcThreadAttributeList", DeleteProcThreadAttributeList),
      EXPORT("NeedCurrentDirectoryForExePathA", NeedCurrentDirectoryForExePathA),
      EXPORT("NeedCurrentDirectoryForExePathW", NeedCurrentDirectoryForExePathW),
      EXPORT("OpenProcess", OpenProcess),
      EXPORT("GetExitCodeProcess", GetExitCodeProcess),
      EXPORT("TerminateProcess", TerminateProcess),
      EXPORT("GetProcessTimes", GetProcessTimes),
      EXPORT("GetThreadTimes", GetThreadTimes),
      EXPORT("GetProcessIoCounters", GetProcessIoCounters),
      EXPORT("K32GetProcessMemoryInfo", K32GetProcessMemoryInfo),
      EXPORT("GetHandleInformation", GetHandleInformation),
      EXPORT("SetHandleInformation", SetHandleInformation),
  };
  return exports;
}

}  // namespace polyrun::shims
