// Starting child processes for KERNEL32's CreateProcess, the C runtime's _spawn, _exec, system and
// _popen, and SHELL32's ShellExecute (core/child_process.h): a Windows program in a polyrun of its
// own (the same options), which takes over the exact command line and the inherited handles at
// their values (core/windows_handoff.h); a host program executed directly, with its arguments
// split as the C runtime splits them. A host thread reaps each child and signals its process and
// thread objects with its full exit code. CREATE_SUSPENDED: the child's polyrun maps the program
// and waits, before its first instruction, until the parent resumes the thread handle it got.
#include "shims/core/child_process.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>
#include <memory>
#include <thread>

#include "common/log.h"
#include "common/own_executable.h"
#include "loader/format.h"
#include "shims/core/command_line.h"
#include "shims/core/filetime.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kCreateSuspended = 0x4;

// Children by process id: their process objects (OpenProcess of a child shares them).
std::map<uint32_t, std::shared_ptr<Waitable>>& children() {
  static std::map<uint32_t, std::shared_ptr<Waitable>> c;
  return c;
}

// The name polyrun is given when it is started again for a child (exec_own finds the file).
std::string polyrun_name() { return own_executable().empty() ? "polyrun" : own_executable(); }

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

uint32_t exit_code_from_status(int status) {
  if (WIFEXITED(status)) return static_cast<uint32_t>(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return 128u + static_cast<uint32_t>(WTERMSIG(status));
  return 1;
}

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
  using Kind = Waitable::Kind;
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

// The handles a child inherits: the inheritable ones, or those of them the handle list names.
std::vector<uint64_t> inherited_by(WindowsProcess& p, const ChildRequest& r) {
  std::vector<uint64_t> out;
  for (uint64_t h : p.inheritable)
    if (!r.handle_list || std::find(r.handle_list->begin(), r.handle_list->end(), h) != r.handle_list->end())
      out.push_back(h);
  return out;
}

}  // namespace

std::shared_ptr<Waitable> child_object(uint32_t pid) {
  auto it = children().find(pid);
  return it == children().end() ? nullptr : it->second;
}

int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

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
  if (name.find_first_of("\\/:") != std::string::npos) {
    for (const auto& n : names)
      if (std::string found = host_file_of(n); !found.empty()) return found;
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
      if (is_host_file(candidate)) return candidate;
      std::string found = windows_to_host_path(d + "\\" + n);  // looked up without case
      if (is_host_file(found)) return found;
    }
  }
  return "";
}

bool start_child(WindowsProcess& p, const ChildRequest& r, ChildStarted& out) {
  std::string cmd = r.command_line, app = r.application;
  if (cmd.empty() && app.empty()) return fail(p, ERROR_INVALID_PARAMETER);
  if (cmd.empty()) cmd = app.find(' ') != std::string::npos ? "\"" + app + "\"" : app;
  std::string host;
  if (!app.empty()) {
    host = windows_to_host_path(windows_full_path(app));
    if (!is_host_file(host)) return fail(p, ERROR_FILE_NOT_FOUND);
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
    // A host program finds its PATH in the host's form.
    for (std::string& e : env)
      if (e.size() > 5 && ::strncasecmp(e.c_str(), "PATH=", 5) == 0) e = "PATH=" + host_path_list(e.substr(5));
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
    if (r.terminal_session && ::setsid() >= 0) ::ioctl(0, TIOCSCTTY, 0);
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
  proc->kind = Waitable::Kind::Process;
  proc->id = static_cast<uint32_t>(pid);
  proc->process = record;
  // Its main thread is the child polyrun's main thread, whose id is the process id.
  auto thread = std::make_shared<Waitable>();
  thread->kind = Waitable::Kind::Thread;
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
  if (it == p.waitables.end() || it->second->kind != Waitable::Kind::Process) return fail(p, ERROR_INVALID_HANDLE);
  std::shared_ptr<Waitable> w = it->second;
  if (w->id == static_cast<uint32_t>(::getpid()) && !w->process) return fail(p, ERROR_INVALID_HANDLE);
  if (!wait_until(p, kInfinite, [&] { return w->count != 0; }, "for a process that cannot end")) return FALSE;
  exit_code = w->exit_code;
  return TRUE;
}

bool end_other_process(Waitable& w, uint32_t code) {
  if (w.count || !w.process || w.process->pidfd < 0) return false;
  if (w.process->end) w.process->end->report_exit(code);
  if (w.process->child) w.terminated_with = code;
  return ::syscall(SYS_pidfd_send_signal, w.process->pidfd, SIGKILL, nullptr, 0) == 0;
}

// What cmd /c would run for `command`: polyrun's cmd.exe (programs/cmd/) with the command line
// `C:\windows\system32\cmd.exe /c COMMAND`, as the C runtime's system() and _popen() start %ComSpec%.
bool start_command(WindowsProcess& p, const std::string& command, const ChildRequest& base, ChildStarted& out) {
  ChildRequest r = base;
  r.application = kSystemCmd;
  r.command_line = std::string(kSystemCmd) + " /c " + command;
  r.host_argv.clear();
  return start_child(p, r, out);
}

}  // namespace polyrun::shims
