// KERNEL32.dll, other processes: CreateProcessA/W, OpenProcess, TerminateProcess,
// GetExitCodeProcess, Get/SetHandleInformation. A Windows program started by another runs in a
// polyrun of its own (the same options), which takes over the exact command line and the
// inherited handles at their values (windows_handoff.h); a host program is executed directly,
// with its arguments split as the C runtime splits them. A child's handle is signalled when it
// ends, with its full exit code.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/log.h"
#include "common/own_executable.h"
#include "loader/format.h"
#include "shims/command_line.h"
#include "shims/guest_memory.h"
#include "shims/path_mapping.h"
#include "shims/shim.h"
#include "shims/text.h"
#include "shims/win_errors.h"
#include "shims/windows_handoff.h"
#include "shims/windows_threads.h"

namespace polyrun::shims {

namespace {

using BOOL = int32_t;
constexpr BOOL TRUE = 1, FALSE = 0;
using Kind = Waitable::Kind;
constexpr uint32_t kStillActive = 259;
constexpr uint32_t kCreateSuspended = 0x4, kCreateUnicodeEnvironment = 0x400, kStartfUseStdHandles = 0x100;

BOOL fail(WindowsProcess& p, uint32_t error) {
  p.set_last_error(error);
  return FALSE;
}

Waitable* object(WindowsProcess& p, uint64_t h, Kind kind) { return waitable_of_kind(p, h, kind); }

// Children by process id: their process objects (OpenProcess of a child shares them).
std::map<uint32_t, std::shared_ptr<Waitable>>& children() {
  static std::map<uint32_t, std::shared_ptr<Waitable>> c;
  return c;
}

// polyrun itself, started again for a child (in the forked child, /proc/self/exe is polyrun too).
std::string polyrun_path() { return own_executable().empty() ? "/proc/self/exe" : own_executable(); }

bool is_file(const std::string& host) {
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool has_extension(const std::string& name) {
  size_t slash = name.find_last_of("\\/");
  size_t dot = name.rfind('.');
  return dot != std::string::npos && (slash == std::string::npos || dot > slash);
}

// The program a command line names, found as CreateProcess finds it: a path as given (".exe"
// added when it has no extension), else the program's own directory, the current directory and
// PATH. Its host path, or "".
std::string find_program(WindowsProcess& p, std::string name) {
  if (name.empty()) return "";
  if (!has_extension(name)) name += ".exe";
  auto try_path = [](const std::string& win) {
    std::string host = windows_to_host_path(windows_full_path(win));
    return is_file(host) ? host : std::string();
  };
  if (name.find_first_of("\\/:") != std::string::npos) return try_path(name);
  std::vector<std::string> dirs;
  size_t cut = p.exe_path.find_last_of('\\');
  if (cut != std::string::npos) dirs.push_back(p.exe_path.substr(0, cut));
  dirs.push_back(windows_current_directory());
  if (auto path = p.find_env("PATH")) {
    // Windows separates PATH with ';'; a host PATH (/usr/bin:/bin) with ':'.
    const char sep = path->find(';') != std::string::npos || (path->size() > 1 && (*path)[1] == ':') ? ';' : ':';
    size_t at = 0;
    while (at <= path->size()) {
      size_t end = path->find(sep, at);
      if (end == std::string::npos) end = path->size();
      if (end > at) dirs.push_back(path->substr(at, end - at));
      at = end + 1;
    }
  }
  for (const auto& d : dirs) {
    std::string host = windows_to_host_path(d);
    if (host.empty()) continue;
    std::string candidate = host + "/" + name;
    if (is_file(candidate)) return candidate;
    std::string found = windows_to_host_path(d + "\\" + name);  // looked up without case
    if (is_file(found)) return found;
  }
  return "";
}

// The first argument of a command line: quoted, or up to the first blank.
std::string first_argument(const std::string& cmd) {
  size_t i = 0;
  while (i < cmd.size() && (cmd[i] == ' ' || cmd[i] == '\t')) ++i;
  if (i < cmd.size() && cmd[i] == '"') {
    size_t end = cmd.find('"', i + 1);
    return cmd.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
  }
  size_t end = cmd.find_first_of(" \t", i);
  return cmd.substr(i, end == std::string::npos ? std::string::npos : end - i);
}

// An environment block: VAR=VALUE strings ending with an empty one (UTF-16 or ANSI).
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
      env.push_back(s);
    }
  }
  return env;
}

uint32_t exit_code_from_status(int status) {
  if (WIFEXITED(status)) return static_cast<uint32_t>(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return 128u + static_cast<uint32_t>(WTERMSIG(status));
  return 1;
}

// Waits for a child in a host thread of its own, then signals its process and thread objects.
void reap(WindowsProcess& p, pid_t pid, std::shared_ptr<Waitable> proc, std::shared_ptr<Waitable> thread,
          std::shared_ptr<SharedCell> report) {
  auto status = std::make_shared<int>(0);
  watch_outside(
      p,
      [pid, status] {
        while (::waitpid(pid, status.get(), 0) < 0 && errno == EINTR) {
        }
      },
      [proc, thread, report, status] {
        uint32_t code = exit_code_from_status(*status);
        if (proc->terminated_with) code = *proc->terminated_with;
        else if (report && report->page->exit_set.load()) code = report->page->exit_code.load();
        for (auto* w : {proc.get(), thread.get()}) {
          w->exit_code = code;
          w->count = 1;
        }
        return false;
      });
}

// A process that is not our child (OpenProcess): signalled when it ends, seen through a pidfd;
// its exit code is not known here.
void watch_foreign(WindowsProcess& p, pid_t pid, std::shared_ptr<Waitable> proc) {
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return;
  watch_outside(
      p,
      [fd] {
        pollfd pf{fd, POLLIN, 0};
        while (::poll(&pf, 1, -1) < 0 && errno == EINTR) {
        }
        ::close(fd);
      },
      [proc] {
        proc->count = 1;
        return false;
      });
}

struct Startup {
  uint32_t flags = 0;
  uint64_t std_handles[3] = {0, 0, 0};
};

Startup read_startup_info(WindowsProcess& p, uint64_t si) {
  Startup s;
  if (!si) return s;
  const bool x64 = p.isa->ptr == 8;
  s.flags = get<uint32_t>(si + (x64 ? 60 : 44));
  const uint64_t handles = si + (x64 ? 80 : 56);
  for (int i = 0; i < 3; ++i) s.std_handles[i] = p.get_ptr(handles + i * p.isa->ptr);
  return s;
}

BOOL create_process(WindowsProcess& p, std::string app, std::string cmd, int32_t inherit, uint32_t flags,
                    uint64_t env_block, std::string cwd, uint64_t startup, uint64_t info) {
  if (flags & kCreateSuspended) {
    log().warn("CreateProcess with CREATE_SUSPENDED is not supported: the call fails");
    return fail(p, ERROR_NOT_SUPPORTED);
  }
  if (cmd.empty() && app.empty()) return fail(p, ERROR_INVALID_PARAMETER);
  if (cmd.empty()) cmd = app.find(' ') != std::string::npos ? "\"" + app + "\"" : app;
  std::string host;
  if (!app.empty()) {
    host = windows_to_host_path(windows_full_path(app));
    if (!is_file(host)) return fail(p, ERROR_FILE_NOT_FOUND);
  } else {
    host = find_program(p, first_argument(cmd));
    if (host.empty()) return fail(p, ERROR_FILE_NOT_FOUND);
  }
  std::string host_cwd;
  if (!cwd.empty()) {
    host_cwd = windows_to_host_path(windows_full_path(cwd));
    struct stat st;
    if (::stat(host_cwd.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return fail(p, ERROR_DIRECTORY);
  }

  loader::FileKind kind;
  try {
    kind = loader::identify(host);
  } catch (const std::exception&) {
    return fail(p, ERROR_BAD_EXE_FORMAT);
  }
  std::vector<std::string> env =
      env_block ? read_environment_block(env_block, (flags & kCreateUnicodeEnvironment) != 0) : p.env;
  env.erase(std::remove_if(env.begin(), env.end(), [](const std::string& e) { return e.empty() || e[0] == '='; }),
            env.end());

  // What the child runs: a Windows program in a polyrun of its own, which takes the command line
  // and handles over; a host program directly; a Linux program of another ISA through polyrun.
  std::vector<std::string> argv;
  std::string exe = host;     // what execve runs
  std::vector<int> keep_fds;  // descriptors the child keeps (inherited handles, cells)
  int handoff_fd = -1;
  Handoff handoff;
  std::shared_ptr<SharedCell> report;
  if (kind.format == loader::Format::Pe) {
    exe = polyrun_path();
    argv = {exe};
    argv.insert(argv.end(), p.child_options.begin(), p.child_options.end());
    argv.insert(argv.end(), {"--", host});
    handoff.command_line = cmd;
    handoff.next_handle = p.next_handle;
    if (inherit) {
      for (uint64_t h : p.inheritable) {
        if (auto it = p.handle_fd.find(h); it != p.handle_fd.end()) {
          handoff.handles.push_back({h, Handoff::Handle::Kind::File, it->second, false, 0});
          keep_fds.push_back(it->second);
        } else if (auto w = p.waitables.find(h); w != p.waitables.end() && share_waitable(p, *w->second)) {
          const bool event = w->second->kind == Kind::Event;
          handoff.handles.push_back({h, event ? Handoff::Handle::Kind::Event : Handoff::Handle::Kind::Semaphore,
                                     w->second->shared->fd, w->second->manual_reset, w->second->maximum});
          keep_fds.push_back(w->second->shared->fd);
        } else {
          log().debug("CreateProcess: handle {:#x} is not a kind a child process can inherit", h);
        }
      }
    }
    report = SharedCell::create();
    if (report) {
      handoff.exit_report_fd = report->fd;
      keep_fds.push_back(report->fd);
    }
    handoff_fd = write_handoff(handoff);
    if (handoff_fd < 0) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    keep_fds.push_back(handoff_fd);
    env.push_back(std::string(kHandoffVariable) + "=" + std::to_string(handoff_fd));
  } else if (kind.format == loader::Format::Elf || kind.format == loader::Format::Script) {
    std::vector<std::string> args = split_command_line(cmd);
    if (kind.format == loader::Format::Elf && kind.isa != Isa::X86_64) {
      exe = polyrun_path();
      argv = {exe};
      if (!args.empty()) argv.insert(argv.end(), {"-0", args[0]});
      argv.insert(argv.end(), {"--", host});
      if (!args.empty()) argv.insert(argv.end(), args.begin() + 1, args.end());
    } else {
      argv = args.empty() ? std::vector<std::string>{host} : args;
    }
    if (inherit)
      for (uint64_t h : p.inheritable)
        if (auto it = p.handle_fd.find(h); it != p.handle_fd.end()) keep_fds.push_back(it->second);
  } else {
    return fail(p, ERROR_BAD_EXE_FORMAT);
  }

  // The child's standard descriptors: STARTUPINFO's handles, else this process's.
  Startup si = read_startup_info(p, startup);
  int std_src[3] = {-1, -1, -1};
  for (int i = 0; i < 3; ++i) {
    int fd = i;
    if (si.flags & kStartfUseStdHandles) {
      fd = p.fd_for_handle(si.std_handles[i]);
    } else if (auto it = p.std_handles.find(static_cast<uint32_t>(-10 - i)); it != p.std_handles.end()) {
      fd = p.fd_for_handle(it->second);
    }
    std_src[i] = fd >= 0 ? ::fcntl(fd, F_DUPFD_CLOEXEC, 10) : -1;
  }

  std::vector<char*> av, ev;
  for (auto& a : argv) av.push_back(a.data());
  av.push_back(nullptr);
  for (auto& e : env) ev.push_back(e.data());
  ev.push_back(nullptr);
  // What the parent's copies are for ends with the fork (or with a failure before it).
  auto close_parent_copies = [&] {
    for (int fd : std_src)
      if (fd >= 0) ::close(fd);
    if (handoff_fd >= 0) ::close(handoff_fd);
  };
  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    const int e = errno;
    close_parent_copies();
    return fail(p, win_error_from_errno(e));
  }
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    // In the child: only calls that are safe after fork in a threaded process.
    for (int i = 0; i < 3; ++i) {
      if (std_src[i] >= 0) ::dup2(std_src[i], i);
      else ::close(i);
    }
    for (int fd : keep_fds) ::fcntl(fd, F_SETFD, 0);
    // Reported to the parent: the errno of the step that failed, negated for the directory.
    int e = 0;
    if (!host_cwd.empty() && ::chdir(host_cwd.c_str()) != 0) e = -errno;
    if (!e) {
      ::execve(exe.c_str(), av.data(), ev.data());
      e = errno;
    }
    (void)!::write(err_pipe[1], &e, sizeof e);
    ::_exit(127);
  }
  const int fork_errno = errno;
  close_parent_copies();
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(err_pipe[0]);
    return fail(p, win_error_from_errno(fork_errno));
  }
  int child_errno = 0;
  ssize_t got;
  while ((got = ::read(err_pipe[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR) {
  }
  ::close(err_pipe[0]);
  if (got == sizeof child_errno) {
    ::waitpid(pid, nullptr, 0);
    return fail(p, child_errno < 0 ? ERROR_DIRECTORY : win_error_from_errno(child_errno));
  }

  auto proc = std::make_shared<Waitable>();
  proc->kind = Kind::Process;
  proc->id = static_cast<uint32_t>(pid);
  auto thread = std::make_shared<Waitable>();
  thread->kind = Kind::Thread;
  thread->id = static_cast<uint32_t>(pid);
  children()[proc->id] = proc;
  reap(p, pid, proc, thread, report);
  if (info) {
    const uint64_t ptr = p.isa->ptr;
    p.put_ptr(info, new_waitable_handle(p, proc));
    p.put_ptr(info + ptr, new_waitable_handle(p, thread));
    put<uint32_t>(info + 2 * ptr, proc->id);
    put<uint32_t>(info + 2 * ptr + 4, thread->id);
  }
  return TRUE;
}

BOOL CreateProcessA(WindowsProcess& p, CStr app, Ptr cmd, Ptr, Ptr, int32_t inherit, uint32_t flags, Ptr env,
                    CStr cwd, Ptr startup, Ptr info) {
  std::string c = cmd.addr ? std::string(reinterpret_cast<const char*>(cmd.addr)) : std::string();
  return create_process(p, app.str(), c, inherit, flags, env.addr, cwd.str(), startup.addr, info.addr);
}

BOOL CreateProcessW(WindowsProcess& p, WStr app, Ptr cmd, Ptr, Ptr, int32_t inherit, uint32_t flags, Ptr env,
                    WStr cwd, Ptr startup, Ptr info) {
  std::string c = cmd.addr ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(cmd.addr))) : std::string();
  return create_process(p, utf16_to_utf8(app.str()), c, inherit, flags, env.addr, utf16_to_utf8(cwd.str()),
                        startup.addr, info.addr);
}

// PROCESS_* access rights are not checked: a process the host lets us see can be opened.
Ptr OpenProcess(WindowsProcess& p, uint32_t, int32_t inherit, uint32_t pid) {
  std::shared_ptr<Waitable> proc;
  if (pid == static_cast<uint32_t>(::getpid())) {
    proc = std::make_shared<Waitable>();
    proc->kind = Kind::Process;
    proc->id = pid;
  } else if (auto it = children().find(pid); it != children().end()) {
    proc = it->second;
  } else if (pid != 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) {
    proc = std::make_shared<Waitable>();
    proc->kind = Kind::Process;
    proc->id = pid;
    watch_foreign(p, static_cast<pid_t>(pid), proc);
  } else {
    return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  }
  return Ptr(p.mark_inheritable(new_waitable_handle(p, proc), inherit != 0));
}

BOOL GetExitCodeProcess(WindowsProcess& p, Ptr h, Ptr code) {
  if (p.is_current_process(h.addr)) {
    put<uint32_t>(code.addr, kStillActive);
    return TRUE;
  }
  Waitable* w = object(p, h.addr, Kind::Process);
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  put<uint32_t>(code.addr, w->count ? w->exit_code : kStillActive);
  return TRUE;
}

BOOL TerminateProcess(WindowsProcess& p, Ptr h, uint32_t code) {
  Waitable* w = object(p, h.addr, Kind::Process);
  if (p.is_current_process(h.addr) || (w && w->id == static_cast<uint32_t>(::getpid()))) {
    p.onexit.clear();  // as ExitProcess: the CRT's atexit functions do not run
    p.terminate(static_cast<int>(code));
    return TRUE;
  }
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  if (w->count) return fail(p, ERROR_ACCESS_DENIED);  // it has ended already
  if (!children().count(w->id)) return fail(p, ERROR_ACCESS_DENIED);
  w->terminated_with = code;
  ::kill(static_cast<pid_t>(w->id), SIGKILL);
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

}  // namespace

// DuplicateHandle from another process: a handle this one inherited from it has the same value
// here (the only handles of another process within reach).
bool inherited_from(WindowsProcess& p, uint64_t process_handle, uint64_t h) {
  Waitable* w = object(p, process_handle, Kind::Process);
  return w && w->id == static_cast<uint32_t>(::getppid()) && p.inherited.count(h);
}

// These join KERNEL32's table (kernel32.cpp).
const std::vector<Export>& kernel32_process_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateProcessA", CreateProcessA),
      EXPORT("CreateProcessW", CreateProcessW),
      EXPORT("OpenProcess", OpenProcess),
      EXPORT("GetExitCodeProcess", GetExitCodeProcess),
      EXPORT("TerminateProcess", TerminateProcess),
      EXPORT("GetHandleInformation", GetHandleInformation),
      EXPORT("SetHandleInformation", SetHandleInformation),
  };
  return exports;
}

}  // namespace polyrun::shims
