// KERNEL32.dll, other processes: CreateProcessA/W, OpenProcess, TerminateProcess,
// GetExitCodeProcess, GetProcessTimes, Get/SetHandleInformation, and ResumeThread of a child's
// main thread. A Windows program started by another runs in a polyrun of its own (the same
// options), which takes over the exact command line and the inherited handles at their values
// (core/windows_handoff.h); a host program is executed directly, with its arguments split as the C
// runtime splits them. A child's handle is signalled when it ends, with its full exit code.
// CREATE_SUSPENDED: the child's polyrun maps the program and waits, before its first instruction,
// until the parent resumes the thread handle it got.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/log.h"
#include "common/own_executable.h"
#include "loader/format.h"
#include "shims/core/filetime.h"
#include "shims/core/proc_stat.h"
#include "shims/core/child_process.h"
#include "shims/core/command_line.h"
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

using Kind = Waitable::Kind;
constexpr uint32_t kCreateSuspended = 0x4, kCreateUnicodeEnvironment = 0x400, kStartfUseStdHandles = 0x100,
                   kExtendedStartupInfoPresent = 0x80000;

// Children by process id: their process objects (OpenProcess of a child shares them).
std::map<uint32_t, std::shared_ptr<Waitable>>& children() {
  static std::map<uint32_t, std::shared_ptr<Waitable>> c;
  return c;
}

// The name polyrun is given when it is started again for a child (exec_own finds the file).
std::string polyrun_name() { return own_executable().empty() ? "polyrun" : own_executable(); }

bool is_file(const std::string& host) {
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool has_extension(const std::string& name) {
  size_t slash = name.find_last_of("\\/");
  size_t dot = name.rfind('.');
  return dot != std::string::npos && (slash == std::string::npos || dot > slash);
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

uint64_t units_100ns(const struct timeval& tv) {
  return static_cast<uint64_t>(tv.tv_sec) * 10000000ull + static_cast<uint64_t>(tv.tv_usec) * 10ull;
}

int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Waits for a child in a host thread of its own, then signals its process and thread objects with
// the exit code it reported (or TerminateProcess set; else its host status), and records its times.
void reap(WindowsProcess& p, pid_t pid, std::shared_ptr<Waitable> proc, std::shared_ptr<Waitable> thread,
          std::shared_ptr<ProcessRecord> record) {
  struct Reaped {
    int status = 0;
    struct rusage usage {};
  };
  auto reaped = std::make_shared<Reaped>();
  watch_outside(
      p,
      [pid, reaped, record] {
        while (::wait4(pid, &reaped->status, 0, &reaped->usage) < 0 && errno == EINTR) {
        }
        // Seen by every process holding a handle to it (inherited ones too): the first report counts.
        if (record->end) record->end->report_exit(exit_code_from_status(reaped->status));
      },
      [&p, proc, thread, reaped, record] {
        recheck_shared_mutexes(p);
        uint32_t code = exit_code_from_status(reaped->status);
        if (proc->terminated_with) code = *proc->terminated_with;
        else if (record->end && record->end->page->exit_set.load() == 1) code = record->end->page->exit_code.load();
        record->exited = filetime_now();
        record->kernel_time = units_100ns(reaped->usage.ru_stime);
        record->user_time = units_100ns(reaped->usage.ru_utime);
        for (auto* w : {proc.get(), thread.get()}) {
          w->exit_code = code;
          w->count = 1;
        }
        return false;
      });
}

// ---- handles a Windows child inherits ----

// The record of this process itself (a handle to it that a child inherits): the child learns of
// its end through a pidfd and reads its exit code in the report end_process writes.
std::shared_ptr<ProcessRecord> self_record(WindowsProcess& p) {
  static std::shared_ptr<ProcessRecord> self;
  if (!self) {
    if (!p.exit_report) p.exit_report = SharedCell::create();
    self = std::make_shared<ProcessRecord>();
    self->pid = static_cast<uint32_t>(::getpid());
    self->pidfd = open_pidfd(::getpid());
    self->end = p.exit_report;
    self->created = p.created_filetime;
  }
  return self;
}

// The execution lock as a BasicLockable, for the process's condition variable.
// A thread of this process that a child inherits a handle to: a cell of its own reports its end,
// copied from its object by a host thread that waits for it.
std::shared_ptr<ProcessRecord> own_thread_record(WindowsProcess& p, std::shared_ptr<Waitable> w) {
  auto cell = SharedCell::create();
  if (!cell) return nullptr;
  auto record = std::make_shared<ProcessRecord>(*self_record(p));
  record->pidfd = ::fcntl(self_record(p)->pidfd, F_DUPFD_CLOEXEC, 3);
  record->thread_end = cell;
  if (w->count) {  // it has ended already
    cell->report_exit(w->exit_code);
    return record;
  }
  p.helper_threads = true;
  std::thread([&p, w, cell] {
    ExecutionLockable l{p.lock};
    l.lock();
    while (!w->count) p.sync.wait(l);
    uint32_t code = w->exit_code;
    l.unlock();
    cell->report_exit(code);
  }).detach();
  return record;
}

// Adds handle `h` to what a Windows child inherits: files and pipes as descriptors, events,
// semaphores and mutexes as shared cells, processes and threads as a pidfd and an end cell.
void hand_off(WindowsProcess& p, uint64_t h, Handoff& handoff, std::vector<int>& keep_fds) {
  using HKind = Handoff::Handle::Kind;
  if (auto it = p.handle_fd.find(h); it != p.handle_fd.end()) {
    Handoff::Handle e{h, HKind::File, it->second};
    e.overlapped = p.overlapped_handles.count(h) != 0;
    handoff.handles.push_back(e);
    keep_fds.push_back(it->second);
    return;
  }
  auto it = p.waitables.find(h);
  if (it == p.waitables.end()) {
    log().debug("CreateProcess: handle {:#x} is not a kind a child process can inherit", h);
    return;
  }
  Waitable& w = *it->second;
  if (w.kind == Kind::Event || w.kind == Kind::Semaphore || w.kind == Kind::Mutex) {
    if (!share_waitable(p, w)) return;
    HKind k = w.kind == Kind::Event ? HKind::Event : w.kind == Kind::Semaphore ? HKind::Semaphore : HKind::Mutex;
    handoff.handles.push_back({h, k, w.shared->fd, w.manual_reset, w.maximum});
    keep_fds.push_back(w.shared->fd);
    return;
  }
  if (!w.process) {
    if (w.kind == Kind::Process && w.id == static_cast<uint32_t>(::getpid())) w.process = self_record(p);
    else if (w.kind == Kind::Thread) w.process = own_thread_record(p, it->second);
    if (!w.process) return;
  }
  const ProcessRecord& r = *w.process;
  Handoff::Handle e{h, w.kind == Kind::Process ? HKind::Process : HKind::Thread, -1};
  e.id = w.id;
  e.pidfd = r.pidfd;
  if (r.thread_end && w.kind == Kind::Thread) {
    e.fd = r.thread_end->fd;
    e.process_end_fd = r.end ? r.end->fd : -1;
  } else {
    e.fd = r.end ? r.end->fd : -1;
  }
  for (int fd : {e.fd, e.pidfd, e.process_end_fd})
    if (fd >= 0) keep_fds.push_back(fd);
  handoff.handles.push_back(e);
}

}  // namespace

std::vector<std::string> polyrun_command(WindowsProcess& p) {
  std::vector<std::string> argv = {polyrun_name()};
  argv.insert(argv.end(), p.child_options.begin(), p.child_options.end());
  return argv;
}

std::vector<std::string> search_path(WindowsProcess& p) {
  std::vector<std::string> dirs;
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
  return dirs;
}

std::string find_program(WindowsProcess& p, const std::string& name) {
  if (name.empty()) return "";
  // "name.exe" where the name has no extension, then the name itself: a host program (a Windows
  // program always has one). Wine looks for both, in that order.
  std::vector<std::string> names = {name};
  if (!has_extension(name)) names.insert(names.begin(), name + ".exe");
  auto try_path = [](const std::string& win) {
    std::string host = windows_to_host_path(windows_full_path(win));
    return is_file(host) ? host : std::string();
  };
  if (name.find_first_of("\\/:") != std::string::npos) {
    for (const auto& n : names)
      if (std::string found = try_path(n); !found.empty()) return found;
    return "";
  }
  std::vector<std::string> dirs;
  size_t cut = p.exe_path.find_last_of('\\');
  if (cut != std::string::npos) dirs.push_back(p.exe_path.substr(0, cut));
  dirs.push_back(windows_current_directory());
  dirs.push_back("C:\\windows\\system32");  // (as Windows, before PATH: its one program here is cmd.exe)
  for (auto& d : search_path(p)) dirs.push_back(std::move(d));
  for (const auto& d : dirs) {
    std::string host = windows_to_host_path(d);
    if (host.empty()) continue;
    for (const auto& n : names) {
      if (is_system_cmd(d + "\\" + n)) return windows_to_host_path(d + "\\" + n);
      std::string candidate = host + "/" + n;
      if (is_file(candidate)) return candidate;
      std::string found = windows_to_host_path(d + "\\" + n);  // looked up without case
      if (is_file(found)) return found;
    }
  }
  return "";
}

// The handles a child inherits: the inheritable ones, or those of them the handle list names.
std::vector<uint64_t> inherited_by(WindowsProcess& p, const ChildRequest& r) {
  std::vector<uint64_t> out;
  for (uint64_t h : p.inheritable)
    if (!r.handle_list || std::find(r.handle_list->begin(), r.handle_list->end(), h) != r.handle_list->end())
      out.push_back(h);
  return out;
}

bool start_child(WindowsProcess& p, const ChildRequest& r, ChildStarted& out) {
  std::string cmd = r.command_line, app = r.application;
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
  // A batch file runs as Windows runs one: cmd.exe /c "the command line".
  if (size_t dot = host.rfind('.'); dot != std::string::npos && host.find('/', dot) == std::string::npos) {
    std::string ext = host.substr(dot);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".bat" || ext == ".cmd") {
      cmd = std::string(kSystemCmd) + " /c \"" + cmd + "\"";
      host = windows_to_host_path(kSystemCmd);
    }
  }
  // cmd.exe is polyrun's own interpreter (programs/cmd/), started as polyrun --windows-cmd with
  // the command line and handles handed over as to a Windows program.
  const bool own_cmd = host == windows_to_host_path(kSystemCmd) && r.host_argv.empty();
  std::string host_cwd;
  if (!r.directory.empty()) {
    host_cwd = windows_to_host_path(windows_full_path(r.directory));
    struct stat st;
    if (::stat(host_cwd.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return fail(p, ERROR_DIRECTORY);
  }

  loader::FileKind kind;
  try {
    kind = loader::identify(host);
  } catch (const std::exception&) {
    return fail(p, ERROR_BAD_EXE_FORMAT);
  }
  if (own_cmd) {
    // (the interpreter cannot be held before it starts: it is no Windows program)
    if (r.flags & kCreateSuspended) return fail(p, ERROR_NOT_SUPPORTED);
    kind.format = loader::Format::Pe;
  }
  const bool suspended = r.flags & kCreateSuspended;
  if (suspended && kind.format != loader::Format::Pe) {
    // A host program cannot be held before its first instruction and still have its start
    // reported as CreateProcess reports it.
    log().warn("CreateProcess with CREATE_SUSPENDED of a program that is not a Windows one: not supported");
    return fail(p, ERROR_NOT_SUPPORTED);
  }
  std::vector<std::string> env = r.environment ? *r.environment : p.env;
  env.erase(std::remove_if(env.begin(), env.end(), [](const std::string& e) { return e.empty() || e[0] == '='; }),
            env.end());

  // What the child runs: a Windows program in a polyrun of its own, which takes the command line
  // and handles over; a host program directly; a Linux program of another ISA through polyrun.
  std::vector<std::string> argv;
  std::string exe = host;     // what execve runs; empty: polyrun itself (exec_own)
  std::vector<int> keep_fds;  // descriptors the child keeps (inherited handles, cells)
  int handoff_fd = -1;
  auto record = std::make_shared<ProcessRecord>();
  record->child = true;
  if (kind.format == loader::Format::Pe) {
    argv = polyrun_command(p);
    exe.clear();
    if (own_cmd) argv.insert(argv.begin() + 1, "--windows-cmd");
    argv.push_back("--");
    if (!own_cmd) argv.push_back(host);
    Handoff handoff;
    handoff.command_line = cmd;
    handoff.startup_reserved = r.startup_reserved;
    handoff.next_handle = p.next_handle;
    if (r.inherit_handles)
      for (uint64_t h : inherited_by(p, r)) hand_off(p, h, handoff, keep_fds);
    record->end = SharedCell::create();
    if (record->end) {
      handoff.exit_report_fd = record->end->fd;
      keep_fds.push_back(record->end->fd);
    }
    if (suspended) {
      record->suspend = SharedCell::create();
      if (!record->suspend) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
      record->suspend->page->count.store(1);
      handoff.suspend_fd = record->suspend->fd;
      keep_fds.push_back(record->suspend->fd);
    }
    handoff_fd = write_handoff(handoff);
    if (handoff_fd < 0) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    keep_fds.push_back(handoff_fd);
    env.push_back(std::string(kHandoffVariable) + "=" + std::to_string(handoff_fd));
  } else if (kind.format == loader::Format::Elf || kind.format == loader::Format::Script) {
    std::vector<std::string> args = r.host_argv.empty() ? split_command_line(cmd) : r.host_argv;
    if (kind.format == loader::Format::Elf && kind.isa != Isa::X86_64) {
      exe.clear();
      argv = {polyrun_name()};
      if (!args.empty()) argv.insert(argv.end(), {"-0", args[0]});
      argv.insert(argv.end(), {"--", host});
      if (!args.empty()) argv.insert(argv.end(), args.begin() + 1, args.end());
    } else {
      argv = args.empty() ? std::vector<std::string>{host} : args;
    }
    if (r.inherit_handles)
      for (uint64_t h : inherited_by(p, r))
        if (auto it = p.handle_fd.find(h); it != p.handle_fd.end()) keep_fds.push_back(it->second);
  } else {
    return fail(p, ERROR_BAD_EXE_FORMAT);
  }

  // The child's standard descriptors: those asked for, else this process's (after SetStdHandle).
  int std_src[3] = {-1, -1, -1};
  for (int i = 0; i < 3; ++i) {
    int fd = r.std_fds[i];
    if (fd == ChildRequest::kInherit) {
      fd = i;
      if (auto it = p.std_handles.find(static_cast<uint32_t>(-10 - i)); it != p.std_handles.end())
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
    ::signal(SIGPIPE, SIG_DFL);  // polyrun's own (a Windows program gets ERROR_NO_DATA instead)
    // Reported to the parent: the errno of the step that failed, negated for the directory.
    int e = 0;
    if (!host_cwd.empty() && ::chdir(host_cwd.c_str()) != 0) e = -errno;
    if (!e) {
      if (exe.empty()) exec_own(av.data(), ev.data());
      else ::execve(exe.c_str(), av.data(), ev.data());
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
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return fail(p, child_errno < 0 ? ERROR_DIRECTORY : win_error_from_errno(child_errno));
  }

  record->pid = static_cast<uint32_t>(pid);
  record->pidfd = open_pidfd(pid);
  record->created = filetime_now();
  auto proc = std::make_shared<Waitable>();
  proc->kind = Kind::Process;
  proc->id = static_cast<uint32_t>(pid);
  proc->process = record;
  // Its main thread is the child polyrun's main thread, whose id is the process id.
  auto thread = std::make_shared<Waitable>();
  thread->kind = Kind::Thread;
  thread->id = static_cast<uint32_t>(pid);
  thread->process = record;
  children()[proc->id] = proc;
  reap(p, pid, proc, thread, record);
  out.process = new_waitable_handle(p, proc);
  out.thread = new_waitable_handle(p, thread);
  out.pid = proc->id;
  out.tid = thread->id;
  return TRUE;
}

bool wait_for_process(WindowsProcess& p, uint64_t handle, uint32_t& exit_code) {
  auto it = p.waitables.find(handle);
  if (it == p.waitables.end() || it->second->kind != Kind::Process) return fail(p, ERROR_INVALID_HANDLE);
  std::shared_ptr<Waitable> w = it->second;
  if (w->id == static_cast<uint32_t>(::getpid()) && !w->process) return fail(p, ERROR_INVALID_HANDLE);
  if (!wait_until(p, kInfinite, [&] { return w->count != 0; }, "for a process that cannot end")) return FALSE;
  exit_code = w->exit_code;
  return TRUE;
}

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
constexpr uint64_t kAttributeHandleList = 0x20002, kAttributeParentProcess = 0x20000;

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

// The attributes polyrun carries out: the handle list (the only handles a child inherits) and the
// parent process (accepted for this process only). Others are ERROR_NOT_SUPPORTED.
BOOL UpdateProcThreadAttribute(WindowsProcess& p, Ptr list, uint32_t flags, USize attribute, Ptr value, USize size, Ptr,
                               Ptr) {
  if (flags || !list) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t capacity = get<uint32_t>(list.addr), used = get<uint32_t>(list.addr + 4);
  if (attribute != kAttributeHandleList && attribute != kAttributeParentProcess) return fail(p, ERROR_NOT_SUPPORTED);
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

// PROCESS_* access rights are not checked: a process the host lets us see can be opened. One that
// is not a child of this one is seen to end through a pidfd; its exit code is not known here (0).
Ptr OpenProcess(WindowsProcess& p, uint32_t, int32_t inherit, uint32_t pid) {
  std::shared_ptr<Waitable> proc;
  if (pid == static_cast<uint32_t>(::getpid())) {
    proc = std::make_shared<Waitable>();
    proc->kind = Kind::Process;
    proc->id = pid;
  } else if (auto it = children().find(pid); it != children().end()) {
    proc = it->second;
  } else if (int fd = pid != 0 ? open_pidfd(static_cast<pid_t>(pid)) : -1; fd >= 0) {
    proc = std::make_shared<Waitable>();
    proc->kind = Kind::Process;
    proc->id = pid;
    proc->process = std::make_shared<ProcessRecord>();
    proc->process->pid = pid;
    proc->process->pidfd = fd;
    watch_process_end(p, proc, proc->process);
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
  Waitable* w = waitable_of_kind(p, h.addr, Kind::Process);
  if (!w) return fail(p, ERROR_INVALID_HANDLE);
  put<uint32_t>(code.addr, w->count ? w->exit_code : kStillActive);
  return TRUE;
}

}  // namespace

bool end_other_process(Waitable& w, uint32_t code) {
  if (w.count || !w.process || w.process->pidfd < 0) return false;
  if (w.process->end) w.process->end->report_exit(code);
  if (w.process->child) w.terminated_with = code;
  return ::syscall(SYS_pidfd_send_signal, w.process->pidfd, SIGKILL, nullptr, 0) == 0;
}

namespace {

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
std::map<std::string, uint64_t> proc_fields(const char* file) {
  std::map<std::string, uint64_t> out;
  std::ifstream in(file);
  for (std::string key, value; in >> key >> value;) {
    if (!key.empty() && key.back() == ':') key.pop_back();
    try {
      out[key] = std::stoull(value);
    } catch (...) {
    }
    std::string rest;
    std::getline(in, rest);
  }
  return out;
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
BOOL NeedCurrentDirectoryForExePathA(WindowsProcess& p, CStr name) { return need_current_directory(p, name.str()); }

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
