// KERNEL32.dll: std handles, console control events, files, process and module facts, memory,
// errors, time, code pages, TLS and (single-threaded) critical sections; the other parts live
// beside it in kernel32/ (the console itself in console.cpp).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <bit>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <thread>

#include "shims/core/filetime.h"
#include "shims/core/path_mapping.h"
#include "shims/core/seh.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/kernel32/async_io.h"
#include "shims/kernel32/console.h"
#include "shims/kernel32/directory_changes.h"
#include "shims/kernel32/pipes.h"
#include "shims/ntdll/named_pipes.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/virtual.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/core/windows_time_zone.h"
#include "shims/core/windows_version.h"
#include "shims/ws2_32/ws2_32.h"

namespace polyrun::shims {

uint64_t duplicate_object(WindowsProcess& p, uint64_t h);  // kernel32/sync.cpp
// Whether `h` is a handle this process inherited from the process `process_handle` names (its
// parent): DuplicateHandle from that process reaches it (kernel32/process.cpp).
bool inherited_from(WindowsProcess& p, uint64_t process_handle, uint64_t h);
// At the end of this process: the processes of its jobs that end with the job's last handle
// (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) are ended (kernel32/jobs.cpp).
void end_closing_jobs(WindowsProcess& p);

namespace {

constexpr uint32_t kStdInput = static_cast<uint32_t>(-10), kStdOutput = static_cast<uint32_t>(-11),
                   kStdError = static_cast<uint32_t>(-12);

// ---- standard handles, reads and writes ----

Ptr GetStdHandle(WindowsProcess& p, uint32_t which) {
  int fd = which == kStdInput ? 0 : which == kStdOutput ? 1 : which == kStdError ? 2 : -1;
  if (fd < 0) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return Ptr(kInvalidHandle);
  }
  if (auto it = p.std_handles.find(which); it != p.std_handles.end()) return Ptr(it->second);
  for (const auto& [h, f] : p.handle_fd)
    if (f == fd) return Ptr(h);
  return Ptr(p.handle_for_fd(fd));
}

// SetStdHandle: what GetStdHandle returns from now on (the descriptors 0-2 stay as they are).
BOOL SetStdHandle(WindowsProcess& p, uint32_t which, Ptr h) {
  if (which != kStdInput && which != kStdOutput && which != kStdError) return fail(p, ERROR_INVALID_HANDLE);
  p.std_handles[which] = h.addr;
  return TRUE;
}

BOOL WriteFile(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr written, Ptr overlapped) {
  int fd = p.fd_for_handle(h.addr);
  put<uint32_t>(written.addr, 0);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (overlapped) return write_overlapped(p, h.addr, buf.addr, len, written.addr, overlapped.addr);
  if (len && !p.memory.accessible(buf.addr, len, mem::kRead)) return fail(p, 998);  // ERROR_NOACCESS
  if (auto r = pipe_write(p, h.addr, buf.addr, len, written.addr)) return *r;  // kernel32/pipes.cpp
  if (auto r = console_write_file(p, h.addr, buf.addr, len, written.addr)) return *r;  // kernel32/console.cpp
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = synchronous_io(p, [&] { return ::write(fd, buf.as<const char>() + done, len - done); });
    if (n < 0) {
      if (errno == EINTR) continue;
      put<uint32_t>(written.addr, done);
      return fail_errno(p);
    }
    done += static_cast<uint32_t>(n);
  }
  put<uint32_t>(written.addr, done);
  return TRUE;
}

BOOL ReadFile(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr read, Ptr overlapped) {
  int fd = p.fd_for_handle(h.addr);
  put<uint32_t>(read.addr, 0);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (overlapped) return read_overlapped(p, h.addr, buf.addr, len, read.addr, overlapped.addr);
  if (len && !p.memory.accessible(buf.addr, len, mem::kWrite)) return fail(p, 998);
  if (auto r = pipe_read(p, h.addr, buf.addr, len, read.addr)) return *r;  // kernel32/pipes.cpp
  if (auto r = console_read_file(p, h.addr, buf.addr, len, read.addr)) return *r;  // kernel32/console.cpp
  ssize_t n;
  do n = synchronous_io(p, [&] { return ::read(fd, buf.as<char>(), len); });
  while (n < 0 && errno == EINTR && (poll_console_ctrl(p), !p.stopping()));
  if (n < 0) return errno == EPIPE ? (put<uint32_t>(read.addr, 0), TRUE) : fail_errno(p);
  put<uint32_t>(read.addr, static_cast<uint32_t>(n));
  return TRUE;
}

}  // namespace

int32_t read_file_now(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) {
  return ReadFile(p, Ptr(h), Ptr(buf), len, Ptr(done), Ptr(0));
}
int32_t write_file_now(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) {
  return WriteFile(p, Ptr(h), Ptr(buf), len, Ptr(done), Ptr(0));
}

namespace {

// ---- console control events (Ctrl-C, Ctrl-Break) ----
// Windows runs the program's handlers, newest first, on a thread of their own until one returns
// TRUE; if none does, the process ends with STATUS_CONTROL_C_EXIT. The C runtime's signal(SIGINT)
// and signal(SIGBREAK) install a handler of its own that calls the signal handler (here it comes
// after the program's handlers). Here the host's SIGINT (or GenerateConsoleCtrlEvent) marks the
// event pending, and the next thread to notice starts the handlers' thread, which runs
// concurrently with the program's: a thread notices at its next call into polyrun, at once when it
// is sleeping or reading, and the main thread while it computes at its CPU's next block boundary
// (SIGINT sets its interrupt flag, which its engine watches while handlers are installed). With no
// handler installed SIGINT keeps its default action and ends polyrun at once, wherever the
// program is.

volatile sig_atomic_t g_ctrl_event = -1;  // the pending event (CTRL_C_EVENT 0, CTRL_BREAK_EVENT 1)
std::atomic<std::atomic<bool>*> g_ctrl_wake{nullptr};  // the main thread's interrupt flag
std::atomic<cpu::Cpu*> g_ctrl_cpu{nullptr};              // and its CPU
static_assert(std::atomic<bool>::is_always_lock_free);  // set by a signal handler
static_assert(std::atomic<std::atomic<bool>*>::is_always_lock_free);

void on_sigint(int) {
  g_ctrl_event = 0;
  if (std::atomic<bool>* wake = g_ctrl_wake.load(std::memory_order_relaxed)) wake->store(true, std::memory_order_relaxed);
  if (cpu::Cpu* c = g_ctrl_cpu.load(std::memory_order_relaxed)) c->interrupt();
}

constexpr uint64_t kCrtSigIgn = 1;  // msvcrt's SIG_IGN (SIG_DFL is 0)
constexpr int kCrtSigInt = 2, kCrtSigBreak = 21;

// The C runtime's signal handler for a console event: 0 (none), SIG_IGN, or a function.
uint64_t crt_ctrl_signal(WindowsProcess& p, uint32_t event) {
  auto it = p.signal_handlers.find(event == 0 ? kCrtSigInt : kCrtSigBreak);
  return it == p.signal_handlers.end() ? 0 : it->second;
}

// What SIGINT does now: nothing (ignored), or marks a Ctrl-C event for the handlers.
void update_sigint(WindowsProcess& p) {
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  uint64_t crt = crt_ctrl_signal(p, 0);
  bool handlers = !p.ctrl_handlers.empty() || crt > kCrtSigIgn;
  if (p.ctrl_c_ignored || (!handlers && crt == kCrtSigIgn)) sa.sa_handler = SIG_IGN;
  else if (handlers) sa.sa_handler = on_sigint;  // no SA_RESTART: blocking calls return
  else sa.sa_handler = console_default_signal_action();  // (the terminal given back first)
  ::sigaction(SIGINT, &sa, nullptr);
  bool watch = !p.ctrl_handlers.empty() || crt > kCrtSigIgn || crt_ctrl_signal(p, 1) > kCrtSigIgn;
  g_ctrl_wake = &p.threads.front()->interrupt;
  g_ctrl_cpu = p.threads.front()->cpu.get();
  // (With threads, every engine watches its flag already.)
  if (watch || p.had_threads) watch_interrupts(p);
  else p.cpu().watch_interrupts(nullptr);
}

BOOL SetConsoleCtrlHandler(WindowsProcess& p, Ptr handler, int32_t add) {
  if (!handler) {
    p.ctrl_c_ignored = add != 0;  // inherited by child processes on Windows; Ctrl-Break still arrives
  } else if (add) {
    p.ctrl_handlers.push_back(handler.addr);
  } else {
    auto& hs = p.ctrl_handlers;
    auto it = std::find(hs.rbegin(), hs.rend(), handler.addr);
    if (it == hs.rend()) return fail(p, ERROR_INVALID_PARAMETER);
    hs.erase(std::next(it).base());
  }
  update_sigint(p);
  return TRUE;
}

// GenerateConsoleCtrlEvent(event, group): the event reaches this process (the one process of its
// console group here): its handlers' thread starts now and runs alongside the caller.
BOOL GenerateConsoleCtrlEvent(WindowsProcess& p, uint32_t event, uint32_t) {
  if (event > 1) return fail(p, ERROR_INVALID_PARAMETER);
  if (event == 0 && p.ctrl_c_ignored) return TRUE;
  g_ctrl_event = static_cast<sig_atomic_t>(event);
  poll_console_ctrl(p);
  return TRUE;
}

// The file functions' code page: every code page here is UTF-8, so OEM and ANSI are the same.
void SetFileApisToOEM(WindowsProcess& p) { p.file_apis_oem = true; }
void SetFileApisToANSI(WindowsProcess& p) { p.file_apis_oem = false; }
BOOL AreFileApisANSI(WindowsProcess& p) { return p.file_apis_oem ? FALSE : TRUE; }

uint32_t GetFileType(WindowsProcess& p, Ptr h) {
  int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;  // FILE_TYPE_UNKNOWN
  }
  p.set_last_error(0);
  if (S_ISCHR(st.st_mode)) return 2;                       // FILE_TYPE_CHAR
  if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) return 3;  // FILE_TYPE_PIPE
  return 1;                                                // FILE_TYPE_DISK
}

BOOL CloseHandle(WindowsProcess& p, Ptr h) {
  p.inheritable.erase(h.addr);
  p.inherited.erase(h.addr);
  if (p.waitables.erase(h.addr) || p.tokens.erase(h.addr) || p.snapshots.erase(h.addr) || p.file_mappings.erase(h.addr))
    return TRUE;
  if (p.is_current_process(h.addr) || p.is_current_thread(h.addr)) return TRUE;  // pseudo handles
  auto it = p.handle_fd.find(h.addr);
  if (it == p.handle_fd.end()) return fail(p, ERROR_INVALID_HANDLE);
  close_pipe_end(p, h.addr);  // ntdll/named_pipes.cpp
  close_directory_watch(p, h.addr);  // kernel32/directory_changes.cpp
  p.overlapped_handles.erase(h.addr);
  console_handle_closed(p, h.addr);  // kernel32/console.cpp
  if (it->second > 2) ::close(it->second);
  p.handle_fd.erase(it);
  return TRUE;
}

BOOL FlushFileBuffers(WindowsProcess& p, Ptr h) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  ::fsync(fd);
  return TRUE;
}

// ---- errors ----

uint32_t GetLastError(WindowsProcess& p) { return p.last_error(); }
void SetLastError(WindowsProcess& p, uint32_t code) { p.set_last_error(code); }

// ---- process ----

void ExitProcess(WindowsProcess& p, uint32_t code) {
  p.onexit.clear();  // ExitProcess does not run the CRT's atexit functions
  note_orderly_exit(p);  // (its DLLs get DLL_PROCESS_DETACH)
  p.terminate(static_cast<int>(code));
}

Ptr GetCommandLineA(WindowsProcess& p) { return Ptr(p.cmdline_a); }
Ptr GetCommandLineW(WindowsProcess& p) { return Ptr(p.cmdline_w); }

// STARTUPINFO: 104 bytes on x64, 68 on i386 (pointer and handle fields shrink).
// cbReserved2 and lpReserved2: what the parent passed (the C runtime's descriptors).
void GetStartupInfoA(WindowsProcess& p, Ptr info) {
  const bool x64 = p.isa->ptr == 8;
  uint32_t size = x64 ? 104 : 68;
  std::memset(info.as<void>(), 0, size);
  put<uint32_t>(info.addr, size);  // cb
  const std::string& reserved = p.startup_reserved;
  if (!reserved.empty() && reserved.size() <= 0xffff) {
    if (!p.startup_reserved_copy && (p.startup_reserved_copy = p.heap.alloc(reserved.size())))
      std::memcpy(guest_pointer(p.startup_reserved_copy), reserved.data(), reserved.size());
    if (p.startup_reserved_copy) {
      put<uint16_t>(info.addr + (x64 ? 66 : 50), static_cast<uint16_t>(reserved.size()));
      p.put_ptr(info.addr + (x64 ? 72 : 52), p.startup_reserved_copy);
    }
  }
}
void GetStartupInfoW(WindowsProcess& p, Ptr info) { GetStartupInfoA(p, info); }

Ptr GetCurrentProcess(WindowsProcess&) { return Ptr(kInvalidHandle); }
Ptr GetCurrentThread(WindowsProcess& p) { return Ptr(p.isa->ptr == 4 ? 0xfffffffeull : ~1ull); }
uint32_t GetCurrentProcessId(WindowsProcess&) { return static_cast<uint32_t>(::getpid()); }
uint32_t GetCurrentThreadId(WindowsProcess&) { return static_cast<uint32_t>(::gettid()); }

Ptr SetUnhandledExceptionFilter(WindowsProcess& p, Ptr filter) {
  uint64_t old = p.unhandled_filter;
  p.unhandled_filter = filter.addr;
  return Ptr(old);
}

// ---- environment ----

// Copies a value into a caller's buffer of `size` characters: the length without the NUL, or
// the size needed (with it) when it does not fit; 0 and ERROR_ENVVAR_NOT_FOUND when unset.
uint32_t GetEnvironmentVariableA(WindowsProcess& p, CStr name, Ptr buf, uint32_t size) {
  std::optional<std::string> value = p.find_env(name.str());
  if (!value) return fail(p, ERROR_ENVVAR_NOT_FOUND);
  if (value->size() + 1 > size) return static_cast<uint32_t>(value->size() + 1);
  std::memcpy(buf.as<char>(), value->c_str(), value->size() + 1);
  return static_cast<uint32_t>(value->size());
}

uint32_t GetEnvironmentVariableW(WindowsProcess& p, WStr name, Ptr buf, uint32_t size) {
  std::optional<std::string> found = p.find_env(utf16_to_utf8(name.str()));
  if (!found) return fail(p, ERROR_ENVVAR_NOT_FOUND);
  std::u16string value = utf8_to_utf16(*found);
  if (value.size() + 1 > size) return static_cast<uint32_t>(value.size() + 1);
  std::memcpy(buf.as<char16_t>(), value.c_str(), (value.size() + 1) * 2);
  return static_cast<uint32_t>(value.size());
}

// ExpandEnvironmentStrings: each %NAME% of a set variable becomes its value (names without case);
// the rest stays as it is. Returns the characters the result takes with its NUL (the buffer is
// written only when that fits).
std::string expand_environment(WindowsProcess& p, const std::string& s) { return p.expand_env(s); }
uint32_t ExpandEnvironmentStringsA(WindowsProcess& p, CStr src, Ptr dst, uint32_t size) {
  const std::string r = expand_environment(p, src.str());
  if (r.size() + 1 <= size && dst) std::memcpy(dst.as<char>(), r.c_str(), r.size() + 1);
  return static_cast<uint32_t>(r.size() + 1);
}
uint32_t ExpandEnvironmentStringsW(WindowsProcess& p, WStr src, Ptr dst, uint32_t size) {
  const std::u16string r = utf8_to_utf16(expand_environment(p, utf16_to_utf8(src.str())));
  if (r.size() + 1 <= size && dst) std::memcpy(dst.as<char16_t>(), r.c_str(), (r.size() + 1) * 2);
  return static_cast<uint32_t>(r.size() + 1);
}

BOOL SetEnvironmentVariableA(WindowsProcess& p, CStr name, CStr value) {
  std::string v = value.str();
  p.set_env(name.str(), value.addr ? &v : nullptr);
  return TRUE;
}

BOOL SetEnvironmentVariableW(WindowsProcess& p, WStr name, WStr value) {
  std::string v = utf16_to_utf8(value.str());
  p.set_env(utf16_to_utf8(name.str()), value.addr ? &v : nullptr);
  return TRUE;
}

// The environment block: VAR=VALUE strings one after another, ended by an empty string.
Ptr GetEnvironmentStringsA(WindowsProcess& p) {
  std::string block;
  for (const auto& kv : p.env) block += kv + '\0';
  block += '\0';
  uint64_t b = p.heap.alloc(block.size());
  std::memcpy(guest_pointer(b), block.data(), block.size());
  return Ptr(b);
}

Ptr GetEnvironmentStringsW(WindowsProcess& p) {
  std::u16string block;
  for (const auto& kv : p.env) block += utf8_to_utf16(kv) + u'\0';
  block += u'\0';
  uint64_t b = p.heap.alloc(block.size() * 2);
  std::memcpy(guest_pointer(b), block.data(), block.size() * 2);
  return Ptr(b);
}

BOOL FreeEnvironmentStrings(WindowsProcess& p, Ptr block) {
  p.heap.free(block.addr);
  return TRUE;
}

// OSVERSIONINFO(EX)A/W: size, major, minor, build, platform, CSD string (128 characters).
BOOL version_ex(WindowsProcess& p, Ptr info, uint32_t char_size) {
  uint32_t size = get<uint32_t>(info.addr);
  if (size < 20 + 128 * char_size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memset(guest_pointer(info.addr + 4), 0, size - 4);
  // Windows 8.1 and later report 6.2 (build 9200) to programs without a compatibility manifest
  // that declares them (core/windows_version.cpp).
  const WindowsVersion& r = reported_version(p.image.manifest);
  uint32_t v[4] = {r.major, r.minor, r.build, 2};
  std::memcpy(guest_pointer(info.addr + 4), v, sizeof v);
  return TRUE;
}
BOOL GetVersionExA(WindowsProcess& p, Ptr info) { return version_ex(p, info, 1); }
BOOL GetVersionExW(WindowsProcess& p, Ptr info) { return version_ex(p, info, 2); }

// VerSetConditionMask: each VER_* type (its bit's index) has three bits of condition in the mask;
// of several types given at once only the highest is set, as Windows does (core/windows_version.cpp).
uint64_t VerSetConditionMask(WindowsProcess&, uint64_t mask, uint32_t type, uint8_t condition) {
  return ver_set_condition_mask(mask, type, condition);
}

// VerifyVersionInfo compares against the version GetVersionEx reports (a workstation, no service
// pack): 6.2.9200 to programs without a compatibility manifest that declares Windows 10.
BOOL VerifyVersionInfoA(WindowsProcess& p, Ptr info, uint32_t type, uint64_t conditions) {
  const uint32_t e = version_mismatch(info.addr, type, conditions, 1, reported_version(p.image.manifest));
  return e ? fail(p, e) : TRUE;
}
BOOL VerifyVersionInfoW(WindowsProcess& p, Ptr info, uint32_t type, uint64_t conditions) {
  const uint32_t e = version_mismatch(info.addr, type, conditions, 2, reported_version(p.image.manifest));
  return e ? fail(p, e) : TRUE;
}

// ---- strings ----

int32_t lstrlenA(WindowsProcess&, CStr s) { return s.addr ? static_cast<int32_t>(std::strlen(s.c_str())) : 0; }
int32_t lstrlenW(WindowsProcess&, WStr s) { return s.addr ? static_cast<int32_t>(s.str().size()) : 0; }
int32_t lstrcmpA(WindowsProcess&, CStr a, CStr b) {
  int r = std::strcmp(a.str().c_str(), b.str().c_str());
  return (r > 0) - (r < 0);
}
int32_t lstrcmpiA(WindowsProcess&, CStr a, CStr b) {
  int r = ::strcasecmp(a.str().c_str(), b.str().c_str());
  return (r > 0) - (r < 0);
}
std::u16string fold(std::u16string s) {
  for (auto& c : s)
    if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + 32);
  return s;
}
int32_t lstrcmpW(WindowsProcess&, WStr a, WStr b) {
  int r = a.str().compare(b.str());
  return (r > 0) - (r < 0);
}
int32_t lstrcmpiW(WindowsProcess&, WStr a, WStr b) {
  int r = fold(a.str()).compare(fold(b.str()));
  return (r > 0) - (r < 0);
}
Ptr lstrcpyA(WindowsProcess&, Ptr d, CStr s) {
  std::strcpy(d.as<char>(), s.c_str());
  return d;
}
Ptr lstrcpyW(WindowsProcess&, Ptr d, WStr s) {
  std::u16string w = s.str();
  std::memcpy(d.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return d;
}
// lstrcpyn: at most n - 1 characters and always the NUL (none at all for n 0).
Ptr lstrcpynA(WindowsProcess&, Ptr d, Ptr s, int32_t n) {
  char* to = d.as<char>();
  const char* from = s.as<char>();
  for (; n > 1 && *from; --n) *to++ = *from++;
  if (n > 0) *to = 0;
  return d;
}
Ptr lstrcpynW(WindowsProcess&, Ptr d, Ptr s, int32_t n) {
  char16_t* to = d.as<char16_t>();
  const char16_t* from = s.as<char16_t>();
  for (; n > 1 && *from; --n) *to++ = *from++;
  if (n > 0) *to = 0;
  return d;
}
Ptr lstrcatA(WindowsProcess&, Ptr d, CStr s) {
  std::strcat(d.as<char>(), s.c_str());
  return d;
}
Ptr lstrcatW(WindowsProcess&, Ptr d, WStr s) {
  const std::u16string w = s.str();
  char16_t* end = d.as<char16_t>();
  while (*end) ++end;
  std::memcpy(end, w.c_str(), (w.size() + 1) * 2);
  return d;
}

// MulDiv: a * b / c with a 64-bit product, rounded half away from zero; -1 when c is 0 or the
// result does not fit in 32 bits.
int32_t MulDiv(WindowsProcess&, int32_t a, int32_t b, int32_t c) {
  if (c == 0) return -1;
  int64_t n = static_cast<int64_t>(a) * b;
  int64_t d = c;
  if (d < 0) n = -n, d = -d;
  const int64_t q = n >= 0 ? (n + d / 2) / d : -((-n + d / 2) / d);
  return q > INT32_MAX || q < INT32_MIN ? -1 : static_cast<int32_t>(q);
}

// CompareString: CSTR_LESS_THAN 1, CSTR_EQUAL 2, CSTR_GREATER_THAN 3; NORM_IGNORECASE is 1.
int32_t compare_result(int r) { return r < 0 ? 1 : r == 0 ? 2 : 3; }
int32_t CompareStringA(WindowsProcess&, uint32_t, uint32_t flags, CStr a, int32_t na, CStr b, int32_t nb) {
  std::string x = na < 0 ? a.str() : std::string(a.c_str(), static_cast<size_t>(na));
  std::string y = nb < 0 ? b.str() : std::string(b.c_str(), static_cast<size_t>(nb));
  if (flags & 1) {
    for (auto& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : y) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return compare_result(x.compare(y));
}
int32_t CompareStringW(WindowsProcess&, uint32_t, uint32_t flags, WStr a, int32_t na, WStr b, int32_t nb) {
  std::u16string x = na < 0 ? a.str() : std::u16string(a.data(), static_cast<size_t>(na));
  std::u16string y = nb < 0 ? b.str() : std::u16string(b.data(), static_cast<size_t>(nb));
  if (flags & 1) x = fold(x), y = fold(y);
  return compare_result(x.compare(y));
}

// ---- fiber-local storage, interlocked operations (atomic: every call holds the execution lock) ----

// FLS indexes are the process's, each with its callback (run at a thread's end for a value it
// leaves set); the values are each thread's (one fiber per thread).
uint32_t FlsAlloc(WindowsProcess& p, Ptr callback) {
  p.fls_callbacks.push_back(callback.addr);
  return static_cast<uint32_t>(p.fls_callbacks.size() - 1);
}
Ptr FlsGetValue(WindowsProcess& p, uint32_t index) {
  if (index >= p.fls_callbacks.size()) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  p.set_last_error(0);
  auto& fls = p.thread().fls;
  return Ptr(index < fls.size() ? fls[index] : 0);
}
// FlsGetValue2 (Windows 11 24H2's, which current C runtimes look up): the same value, without
// checking the index or touching the last error.
Ptr FlsGetValue2(WindowsProcess& p, uint32_t index) {
  auto& fls = p.thread().fls;
  return Ptr(index < fls.size() ? fls[index] : 0);
}
BOOL FlsSetValue(WindowsProcess& p, uint32_t index, Ptr value) {
  if (index >= p.fls_callbacks.size()) return fail(p, ERROR_INVALID_PARAMETER);
  auto& fls = p.thread().fls;
  if (fls.size() <= index) fls.resize(index + 1);
  fls[index] = value.addr;
  return TRUE;
}
// FlsFree: the slot's callback runs for the calling thread's value (if set); every thread's value
// is cleared and the index is no longer valid for the callback.
BOOL FlsFree(WindowsProcess& p, uint32_t index) {
  if (index >= p.fls_callbacks.size()) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t callback = p.fls_callbacks[index];
  p.fls_callbacks[index] = 0;
  auto& mine = p.thread().fls;
  uint64_t value = index < mine.size() ? mine[index] : 0;
  for (const auto& t : p.threads)
    if (index < t->fls.size()) t->fls[index] = 0;
  if (value && callback) p.call_guest(callback, {value});
  return TRUE;
}

// i386's KERNEL32 exports the Interlocked family (x64 code has only the compiler's intrinsics):
// host atomics on the guest's word, sequentially consistent as a `lock`-prefixed instruction, so
// they are atomic with the program's own locked instructions on every other thread.
int32_t* word32(Ptr v) { return v.as<int32_t>(); }
int32_t InterlockedIncrement(WindowsProcess&, Ptr v) { return __atomic_add_fetch(word32(v), 1, __ATOMIC_SEQ_CST); }
int32_t InterlockedDecrement(WindowsProcess&, Ptr v) { return __atomic_sub_fetch(word32(v), 1, __ATOMIC_SEQ_CST); }
int32_t InterlockedExchange(WindowsProcess&, Ptr v, int32_t x) { return __atomic_exchange_n(word32(v), x, __ATOMIC_SEQ_CST); }
int32_t InterlockedExchangeAdd(WindowsProcess&, Ptr v, int32_t x) { return __atomic_fetch_add(word32(v), x, __ATOMIC_SEQ_CST); }
int32_t InterlockedCompareExchange(WindowsProcess&, Ptr v, int32_t x, int32_t cmp) {
  __atomic_compare_exchange_n(word32(v), &cmp, x, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return cmp;  // the value found: cmp when it matched, else what was there
}
int64_t InterlockedCompareExchange64(WindowsProcess&, Ptr v, int64_t x, int64_t cmp) {
  __atomic_compare_exchange_n(v.as<int64_t>(), &cmp, x, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return cmp;
}

BOOL DuplicateHandle(WindowsProcess& p, Ptr src_process, Ptr src, Ptr dst_process, Ptr dst, uint32_t, int32_t inherit,
                     uint32_t options) {
  // Of another process, only the handles this one inherited from it are within reach (at the
  // same values); handles cannot be given to another process.
  if ((!p.is_current_process(src_process.addr) && !inherited_from(p, src_process.addr, src.addr)) ||
      !p.is_current_process(dst_process.addr))
    return fail(p, ERROR_INVALID_HANDLE);
  if (uint64_t h = duplicate_object(p, src.addr)) {
    p.put_ptr(dst.addr, p.mark_inheritable(h, inherit != 0));
    if (options & 1) CloseHandle(p, src);  // DUPLICATE_CLOSE_SOURCE
    return TRUE;
  }
  int fd = p.fd_for_handle(src.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return fail_errno(p);
  const uint64_t h = p.handle_for_fd(copy);
  console_handle_duplicated(p, src.addr, h);  // (a console handle's copy: the same buffer)
  p.put_ptr(dst.addr, p.mark_inheritable(h, inherit != 0));
  if (options & 1) CloseHandle(p, src);  // DUPLICATE_CLOSE_SOURCE
  return TRUE;
}

// ---- memory ----

// IsBadReadPtr / IsBadWritePtr / IsBadCodePtr: whether the whole range is accessible that way
// (an empty range is fine), from the guest map rather than by touching it.
BOOL IsBadReadPtr(WindowsProcess& p, Ptr addr, USize size) {
  return size && (!addr || !p.memory.accessible(addr.addr, size, mem::kRead)) ? TRUE : FALSE;
}
BOOL IsBadWritePtr(WindowsProcess& p, Ptr addr, USize size) {
  return size && (!addr || !p.memory.accessible(addr.addr, size, mem::kWrite)) ? TRUE : FALSE;
}
// IsBadStringPtrA / IsBadStringPtrW: whether the string is readable up to its terminating NUL or
// `max` characters, whichever comes first; a null pointer is bad whatever the length.
template <typename Char>
BOOL bad_string(WindowsProcess& p, uint64_t s, uint64_t max) {
  if (!s) return TRUE;
  uint64_t readable_to = s;  // [s, readable_to) checked
  for (uint64_t i = 0; i < max; ++i) {
    const uint64_t at = s + i * sizeof(Char);
    if (at + sizeof(Char) > readable_to) {
      const uint64_t page_end = p.memory.page_down(at) + p.memory.page_size();
      const uint64_t to = std::max(page_end, at + sizeof(Char));
      if (!p.memory.accessible(at, to - at, mem::kRead)) return TRUE;
      readable_to = to;
    }
    if (get<Char>(at) == 0) break;
  }
  return FALSE;
}
BOOL IsBadStringPtrA(WindowsProcess& p, Ptr s, USize max) { return bad_string<char>(p, s.addr, max); }
BOOL IsBadStringPtrW(WindowsProcess& p, Ptr s, USize max) { return bad_string<char16_t>(p, s.addr, max); }
BOOL IsBadCodePtr(WindowsProcess& p, Ptr addr) { return !addr || !p.memory.accessible(addr.addr, 1, mem::kExec) ? TRUE : FALSE; }

// Code written into memory runs as written: natively the CPU sees it; the engine drops what it
// translated from the range (another thread's engine re-reads code after this call, as after any
// system call).
BOOL FlushInstructionCache(WindowsProcess& p, Ptr, Ptr addr, USize size) {
  if (addr && size.v) p.cpu().invalidate(addr.addr, addr.addr + size.v);
  return TRUE;
}

// VirtualLock / VirtualUnlock: the pages stay in memory (mlock); more than the host lets this
// process lock is ERROR_WORKING_SET_QUOTA, as Windows says when the working set is too small.
BOOL VirtualLock(WindowsProcess& p, Ptr addr, USize size) {
  constexpr uint32_t kErrorWorkingSetQuota = 1453;
  if (!size || !p.memory.accessible(addr.addr, size, mem::kNone)) return fail(p, ERROR_INVALID_ADDRESS_W);
  return ::mlock(addr.as<void>(), size) == 0 ? TRUE : fail(p, kErrorWorkingSetQuota);
}
BOOL VirtualUnlock(WindowsProcess& p, Ptr addr, USize size) {
  if (!size || !p.memory.accessible(addr.addr, size, mem::kNone)) return fail(p, ERROR_INVALID_ADDRESS_W);
  return ::munlock(addr.as<void>(), size) == 0 ? TRUE : fail(p, ERROR_NOT_LOCKED);
}

BOOL VirtualProtect(WindowsProcess& p, Ptr addr, USize size, uint32_t newprot, Ptr oldprot) {
  uint32_t prot = host_protection(newprot);
  if (prot == ~0u) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t lo = p.memory.page_down(addr.addr), hi = p.memory.page_up(addr.addr + size);
  const mem::Vma* v = p.memory.find(lo);
  if (!v) return fail(p, ERROR_INVALID_ADDRESS_W);
  put<uint32_t>(oldprot.addr, page_protection(v->prot));
  if (p.memory.protect(lo, hi - lo, prot) != 0) return fail(p, ERROR_INVALID_ADDRESS_W);
  return TRUE;
}

// MEMORY_BASIC_INFORMATION: BaseAddress, AllocationBase, AllocationProtect, RegionSize, State,
// Protect, Type (pointer-sized fields; 48 bytes on x64, 28 on i386).
USize VirtualQuery(WindowsProcess& p, Ptr addr, Ptr info, USize len) {
  const unsigned w = p.isa->ptr;
  const uint64_t size = w == 8 ? 48 : 28;
  const uint64_t o_alloc = w, o_aprot = 2 * w, o_region = w == 8 ? 0x18 : 12, o_state = o_region + w;
  if (len < size) return USize(fail(p, 24));  // ERROR_BAD_LENGTH
  std::memset(info.as<void>(), 0, size);
  uint64_t page = p.memory.page_down(addr.addr);
  const mem::Vma* v = p.memory.find(page);
  p.put_ptr(info.addr, page);
  if (!v) {
    uint64_t next = p.isa->limit;
    auto it = p.memory.vmas().upper_bound(page);
    if (it != p.memory.vmas().end()) next = std::min(next, it->first);
    p.put_ptr(info.addr + o_region, next > page ? next - page : p.memory.page_size());
    put<uint32_t>(info.addr + o_state, 0x10000);  // MEM_FREE
    put<uint32_t>(info.addr + o_state + 4, 0x01);  // PAGE_NOACCESS
    return size;
  }
  uint64_t base = v->start;
  if (auto it = p.virtual_allocs.upper_bound(page); it != p.virtual_allocs.begin() && page < std::prev(it)->first + std::prev(it)->second)
    base = std::prev(it)->first;
  const loader::PeImage* image = image_containing(p, page);  // an image's pages: its base (its module handle)
  if (image) base = image->base;
  p.put_ptr(info.addr + o_alloc, base);
  put<uint32_t>(info.addr + o_aprot, page_protection(v->prot));
  p.put_ptr(info.addr + o_region, v->end - page);
  put<uint32_t>(info.addr + o_state, 0x1000);  // MEM_COMMIT
  put<uint32_t>(info.addr + o_state + 4, page_protection(v->prot));
  put<uint32_t>(info.addr + o_state + 8, image ? 0x1000000 : 0x20000);  // MEM_IMAGE / MEM_PRIVATE
  return size;
}

Ptr VirtualAlloc(WindowsProcess& p, Ptr addr, USize size, uint32_t type, uint32_t protect) {
  return virtual_alloc(p, addr.addr, size, type, protect);
}

BOOL VirtualFree(WindowsProcess& p, Ptr addr, USize size, uint32_t type) { return virtual_free(p, addr.addr, size, type); }

// DiscardVirtualMemory: the pages' contents are no longer needed (they read as zeros or as they
// were until written again; here, zeros), the pages stay committed. ERROR_INVALID_PARAMETER for
// memory that is not the program's committed pages.
uint32_t DiscardVirtualMemory(WindowsProcess& p, Ptr addr, USize size) {
  if (!size || addr.addr % p.memory.page_size() || !p.memory.accessible(addr.addr, size, mem::kNone))
    return ERROR_INVALID_PARAMETER;
  ::madvise(reinterpret_cast<void*>(addr.addr), p.memory.page_up(size), MADV_DONTNEED);
  return ERROR_SUCCESS;
}

// ---- TLS (TEB.TlsSlots, 64 slots, each thread its own) ----

uint64_t tls_slot(WindowsProcess& p, uint32_t index) { return p.teb() + p.isa->teb.tls_slots + index * p.isa->ptr; }

uint32_t TlsAlloc(WindowsProcess& p) {
  for (uint32_t i = 0; i < 64; ++i)
    if (!(p.tls_used >> i & 1)) {
      p.tls_used |= 1ull << i;
      for (const auto& t : p.threads)  // a new index starts out null in every thread
        if (t->teb) p.put_ptr(t->teb + p.isa->teb.tls_slots + i * p.isa->ptr, 0);
      return i;
    }
  return 0xffffffffu;  // TLS_OUT_OF_INDEXES
}

Ptr TlsGetValue(WindowsProcess& p, uint32_t index) {
  if (index >= 64) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  p.set_last_error(0);
  return Ptr(p.get_ptr(tls_slot(p, index)));
}

BOOL TlsSetValue(WindowsProcess& p, uint32_t index, Ptr value) {
  if (index >= 64) return fail(p, ERROR_INVALID_PARAMETER);
  p.put_ptr(tls_slot(p, index), value.addr);
  return TRUE;
}

BOOL TlsFree(WindowsProcess& p, uint32_t index) {
  if (index >= 64 || !(p.tls_used >> index & 1)) return fail(p, ERROR_INVALID_PARAMETER);
  p.tls_used &= ~(1ull << index);
  return TRUE;
}

// ---- time ----

void GetSystemTimeAsFileTime(WindowsProcess&, Ptr ft) { put<uint64_t>(ft.addr, filetime_now()); }
void GetSystemTimePreciseAsFileTime(WindowsProcess&, Ptr ft) { put<uint64_t>(ft.addr, filetime_now()); }

// SYSTEMTIME: year, month, day of week, day, hour, minute, second, milliseconds (16 bits each).
void put_systemtime(uint64_t out, uint64_t filetime) {
  time_t secs = static_cast<time_t>(unix_seconds_of(filetime));
  struct tm tm;
  ::gmtime_r(&secs, &tm);
  uint16_t v[8] = {static_cast<uint16_t>(tm.tm_year + 1900), static_cast<uint16_t>(tm.tm_mon + 1),
                   static_cast<uint16_t>(tm.tm_wday),        static_cast<uint16_t>(tm.tm_mday),
                   static_cast<uint16_t>(tm.tm_hour),        static_cast<uint16_t>(tm.tm_min),
                   static_cast<uint16_t>(tm.tm_sec),         static_cast<uint16_t>(filetime / 10000 % 1000)};
  std::memcpy(guest_pointer(out), v, sizeof v);
}

void GetSystemTime(WindowsProcess&, Ptr out) { put_systemtime(out.addr, filetime_now()); }

void GetLocalTime(WindowsProcess&, Ptr out) {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  ::localtime_r(&ts.tv_sec, &tm);
  uint64_t local = filetime_now() + static_cast<uint64_t>(static_cast<int64_t>(tm.tm_gmtoff) * 10000000ll);
  put_systemtime(out.addr, local);
}

BOOL FileTimeToSystemTime(WindowsProcess& p, Ptr ft, Ptr out) {
  uint64_t t = get<uint64_t>(ft.addr);
  if (t >> 63) return fail(p, ERROR_INVALID_PARAMETER);
  put_systemtime(out.addr, t);
  return TRUE;
}

// TIME_ZONE_INFORMATION (172 bytes): Bias (minutes, UTC = local standard time + bias),
// StandardName[32], StandardDate (SYSTEMTIME), StandardBias, DaylightName[32], DaylightDate,
// DaylightBias; DYNAMIC_TIME_ZONE_INFORMATION adds TimeZoneKeyName[128] and
// DynamicDaylightTimeDisabled (432 bytes). The host's zone (core/windows_time_zone.cpp) gives the names,
// the biases and the dates of the changes, the same every year (its POSIX rule).
constexpr uint64_t kTimeZoneInformationSize = 172, kDynamicTimeZoneInformationSize = 432;

void put_wide_field(uint64_t at, const std::string& s, size_t chars) {
  std::u16string w = utf8_to_utf16(s).substr(0, chars - 1);
  std::memcpy(guest_pointer(at), w.c_str(), (w.size() + 1) * 2);
}
void put_zone_date(uint64_t at, const ZoneDate& d) {
  const uint16_t v[8] = {d.year, d.month, d.day_of_week, d.day, d.hour, d.minute, d.second, d.milliseconds};
  std::memcpy(guest_pointer(at), v, sizeof v);
}
void put_time_zone_information(uint64_t out, const HostTimeZone& z) {
  std::memset(guest_pointer(out), 0, kTimeZoneInformationSize);
  put<int32_t>(out, z.bias);
  put_wide_field(out + 4, z.standard_name, 32);
  put_zone_date(out + 68, z.standard_date);
  put<int32_t>(out + 84, z.standard_bias);
  put_wide_field(out + 88, z.daylight_name, 32);
  put_zone_date(out + 152, z.daylight_date);
  put<int32_t>(out + 168, z.daylight_bias);
}
// TIME_ZONE_ID_UNKNOWN (no changes), _STANDARD or _DAYLIGHT: which is in effect now.
uint32_t time_zone_id(const HostTimeZone& z) {
  if (!z.daylight_date.month) return 0;
  return z.active_bias != z.bias ? 2 : 1;
}

uint32_t GetTimeZoneInformation(WindowsProcess&, Ptr out) {
  const HostTimeZone z = host_time_zone();
  put_time_zone_information(out.addr, z);
  return time_zone_id(z);
}

uint32_t GetDynamicTimeZoneInformation(WindowsProcess&, Ptr out) {
  const HostTimeZone z = host_time_zone();
  std::memset(guest_pointer(out.addr), 0, kDynamicTimeZoneInformationSize);
  put_time_zone_information(out.addr, z);
  put_wide_field(out.addr + kTimeZoneInformationSize, z.key_name, 128);
  return time_zone_id(z);
}

// The rules of a zone in a given year: the zone given (its own rules: no zone here has rules that
// change from year to year), or with none the host's.
BOOL GetTimeZoneInformationForYear(WindowsProcess& p, uint16_t, Ptr dynamic_zone, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  if (dynamic_zone) std::memmove(guest_pointer(out.addr), guest_pointer(dynamic_zone.addr), kTimeZoneInformationSize);
  else put_time_zone_information(out.addr, host_time_zone());
  return TRUE;
}

int32_t CompareFileTime(WindowsProcess&, Ptr a, Ptr b) {
  uint64_t x = get<uint64_t>(a.addr), y = get<uint64_t>(b.addr);
  return x < y ? -1 : x > y ? 1 : 0;
}

// The local time zone's current bias, as Windows applies it to any FILETIME.
int64_t local_offset_100ns() {
  time_t now = ::time(nullptr);
  struct tm tm;
  ::localtime_r(&now, &tm);
  return static_cast<int64_t>(tm.tm_gmtoff) * 10000000ll;
}
BOOL FileTimeToLocalFileTime(WindowsProcess&, Ptr in, Ptr out) {
  put<uint64_t>(out.addr, get<uint64_t>(in.addr) + static_cast<uint64_t>(local_offset_100ns()));
  return TRUE;
}
BOOL LocalFileTimeToFileTime(WindowsProcess&, Ptr in, Ptr out) {
  put<uint64_t>(out.addr, get<uint64_t>(in.addr) - static_cast<uint64_t>(local_offset_100ns()));
  return TRUE;
}

// ---- a time zone's rules (TIME_ZONE_INFORMATION) applied to a moment ----

// The moment a transition rule (a SYSTEMTIME with wYear 0: the wDay-th wDayOfWeek of wMonth, 5 the
// last, at wHour:wMinute local time) names in `year`, as seconds since 1970 of that local time.
int64_t transition_in(int year, const uint16_t* rule) {
  struct tm tm {};
  tm.tm_year = year - 1900, tm.tm_mon = rule[1] - 1, tm.tm_mday = 1;
  int64_t first = ::timegm(&tm);
  int first_wday = static_cast<int>((first / 86400 + 4) % 7);  // 1970-01-01 was a Thursday
  int day = 1 + (rule[2] - first_wday + 7) % 7 + (rule[3] - 1) * 7;
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int month_days = kDays[rule[1] - 1] + (rule[1] == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0));
  while (day > month_days) day -= 7;
  return first + (day - 1) * 86400ll + rule[4] * 3600ll + rule[5] * 60ll + rule[6];
}

// Minutes to add to local time for UTC at a moment given as UTC (or, `local`, as local time).
int32_t zone_bias(uint64_t tzi, int64_t secs, bool local) {
  const int32_t bias = get<int32_t>(tzi), std_bias = get<int32_t>(tzi + 84), dst_bias = get<int32_t>(tzi + 168);
  uint16_t std_rule[8], dst_rule[8];
  std::memcpy(std_rule, guest_pointer(tzi + 68), 16);
  std::memcpy(dst_rule, guest_pointer(tzi + 152), 16);
  if (std_rule[1] == 0 || dst_rule[1] == 0) return bias + std_bias;
  time_t t = static_cast<time_t>(secs);
  struct tm tm;
  ::gmtime_r(&t, &tm);
  const int year = tm.tm_year + 1900;
  // Both transitions in local time: daylight starts in standard time, ends in daylight time.
  const int64_t local_now = local ? secs : secs - (bias + std_bias) * 60ll;
  const int64_t start = transition_in(year, dst_rule), end = transition_in(year, std_rule);
  const int64_t now_in_dst_terms = local ? secs : secs - (bias + dst_bias) * 60ll;
  bool dst = start < end ? local_now >= start && now_in_dst_terms < end : !(now_in_dst_terms >= end && local_now < start);
  return bias + (dst ? dst_bias : std_bias);
}

int64_t systemtime_secs(uint64_t st, uint16_t* ms) {
  uint16_t v[8];
  std::memcpy(v, guest_pointer(st), sizeof v);
  struct tm tm {};
  tm.tm_year = v[0] - 1900, tm.tm_mon = v[1] - 1, tm.tm_mday = v[3];
  tm.tm_hour = v[4], tm.tm_min = v[5], tm.tm_sec = v[6];
  *ms = v[7];
  return ::timegm(&tm);
}
uint64_t secs_to_filetime(int64_t secs, uint16_t ms) {
  return filetime_of_seconds(secs) + ms * 10000ull;
}

// Without a zone, the host's own rules for that date.
BOOL SystemTimeToTzSpecificLocalTime(WindowsProcess&, Ptr tzi, Ptr utc, Ptr out) {
  uint16_t ms;
  int64_t secs = systemtime_secs(utc.addr, &ms);
  int64_t offset;
  if (tzi) {
    offset = -zone_bias(tzi.addr, secs, false) * 60ll;
  } else {
    time_t t = static_cast<time_t>(secs);
    struct tm tm;
    ::localtime_r(&t, &tm);
    offset = tm.tm_gmtoff;
  }
  put_systemtime(out.addr, secs_to_filetime(secs + offset, ms));
  return TRUE;
}
BOOL TzSpecificLocalTimeToSystemTime(WindowsProcess&, Ptr tzi, Ptr local, Ptr out) {
  uint16_t ms;
  int64_t secs = systemtime_secs(local.addr, &ms);
  int64_t utc;
  if (tzi) {
    utc = secs + zone_bias(tzi.addr, secs, true) * 60ll;
  } else {
    time_t t = static_cast<time_t>(secs);
    struct tm tm;
    ::gmtime_r(&t, &tm);
    tm.tm_isdst = -1;
    utc = ::mktime(&tm);
  }
  put_systemtime(out.addr, secs_to_filetime(utc, ms));
  return TRUE;
}

// MS-DOS date and time: years from 1980, two-second resolution.
BOOL FileTimeToDosDateTime(WindowsProcess& p, Ptr ft, Ptr date, Ptr time) {
  time_t secs = static_cast<time_t>(unix_seconds_of(get<uint64_t>(ft.addr)));
  struct tm tm;
  ::gmtime_r(&secs, &tm);
  if (tm.tm_year < 80 || tm.tm_year > 207) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint16_t>(date.addr, static_cast<uint16_t>((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday));
  put<uint16_t>(time.addr, static_cast<uint16_t>(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2));
  return TRUE;
}
BOOL DosDateTimeToFileTime(WindowsProcess& p, uint32_t date, uint32_t time, Ptr ft) {
  struct tm tm {};
  tm.tm_year = static_cast<int>((date >> 9) & 0x7f) + 80;
  tm.tm_mon = static_cast<int>((date >> 5) & 0xf) - 1;
  tm.tm_mday = static_cast<int>(date & 0x1f);
  tm.tm_hour = static_cast<int>((time >> 11) & 0x1f);
  tm.tm_min = static_cast<int>((time >> 5) & 0x3f);
  tm.tm_sec = static_cast<int>(time & 0x1f) * 2;
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
    return fail(p, ERROR_INVALID_PARAMETER);
  int64_t secs = ::timegm(&tm);
  put<uint64_t>(ft.addr, filetime_of_seconds(secs));
  return TRUE;
}

BOOL SystemTimeToFileTime(WindowsProcess& p, Ptr st, Ptr out) {
  uint16_t v[8];
  std::memcpy(v, guest_pointer(st.addr), sizeof v);
  if (v[1] < 1 || v[1] > 12 || v[3] < 1 || v[3] > 31 || v[4] > 23 || v[5] > 59 || v[6] > 59 || v[7] > 999)
    return fail(p, ERROR_INVALID_PARAMETER);
  struct tm tm {};
  tm.tm_year = v[0] - 1900, tm.tm_mon = v[1] - 1, tm.tm_mday = v[3];
  tm.tm_hour = v[4], tm.tm_min = v[5], tm.tm_sec = v[6];
  int64_t secs = ::timegm(&tm);
  put<uint64_t>(out.addr, filetime_of_seconds(secs) + v[7] * 10000ull);
  return TRUE;
}

uint64_t monotonic_ns() {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

uint32_t GetTickCount(WindowsProcess&) { return static_cast<uint32_t>(monotonic_ns() / 1000000); }
uint64_t GetTickCount64(WindowsProcess&) { return monotonic_ns() / 1000000; }

BOOL QueryPerformanceCounter(WindowsProcess&, Ptr out) {
  put<uint64_t>(out.addr, monotonic_ns() / 100);
  return TRUE;
}
BOOL QueryPerformanceFrequency(WindowsProcess&, Ptr out) {
  put<uint64_t>(out.addr, 10000000);
  return TRUE;
}

// ---- code pages (the ANSI and OEM code pages are UTF-8) ----

uint32_t GetACP(WindowsProcess&) { return kAnsiCodePage; }
uint32_t GetOEMCP(WindowsProcess&) { return kAnsiCodePage; }
BOOL IsValidCodePage(WindowsProcess&, uint32_t cp) { return cp == kAnsiCodePage || cp == 0 || cp == 1 || cp == 20127; }
BOOL IsDBCSLeadByteEx(WindowsProcess&, uint32_t, uint32_t) { return FALSE; }
BOOL IsDBCSLeadByte(WindowsProcess&, uint32_t) { return FALSE; }

BOOL GetCPInfo(WindowsProcess& p, uint32_t cp, Ptr info) {
  if (!IsValidCodePage(p, cp)) return fail(p, ERROR_INVALID_PARAMETER);
  std::memset(info.as<void>(), 0, 20);
  put<uint32_t>(info.addr, 4);   // MaxCharSize
  put<uint8_t>(info.addr + 4, '?');  // DefaultChar
  return TRUE;
}

// GetCPInfoEx: CPINFO's fields, then the Unicode default character, the code page (CP_ACP and the
// like resolved: UTF-8 here) and its name as Windows gives it ("65001 (UTF-8)"), the name of
// MAX_PATH characters of the caller's width.
BOOL get_cp_info_ex(WindowsProcess& p, uint32_t cp, uint64_t info, bool wide) {
  if (!GetCPInfo(p, cp, Ptr(info))) return FALSE;
  put<uint16_t>(info + 18, '?');  // UnicodeDefaultChar
  const uint32_t resolved = cp == 20127 ? 20127u : kAnsiCodePage;
  put<uint32_t>(info + 20, resolved);
  const std::string name = resolved == 20127 ? "20127 (US-ASCII)" : "65001 (UTF-8)";
  if (wide) {
    const std::u16string w = utf8_to_utf16(name);
    std::memcpy(reinterpret_cast<void*>(info + 24), w.c_str(), 2 * (w.size() + 1));
  } else {
    std::memcpy(reinterpret_cast<void*>(info + 24), name.c_str(), name.size() + 1);
  }
  return TRUE;
}
BOOL GetCPInfoExW(WindowsProcess& p, uint32_t cp, uint32_t, Ptr info) { return get_cp_info_ex(p, cp, info.addr, true); }
BOOL GetCPInfoExA(WindowsProcess& p, uint32_t cp, uint32_t, Ptr info) { return get_cp_info_ex(p, cp, info.addr, false); }

int32_t MultiByteToWideChar(WindowsProcess& p, uint32_t cp, uint32_t, Ptr src, int32_t srclen, Ptr dst, int32_t dstlen) {
  if (!IsValidCodePage(p, cp) || !text_arguments_ok(src.addr, srclen, dst.addr, dstlen)) return fail(p, ERROR_INVALID_PARAMETER);
  std::string in = srclen < 0 ? std::string(src.as<const char>()) + '\0' : std::string(src.as<const char>(), static_cast<size_t>(srclen));
  std::u16string out = utf8_to_utf16(in);
  if (dstlen == 0) return static_cast<int32_t>(out.size());
  if (out.size() > static_cast<size_t>(dstlen)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(dst.as<char16_t>(), out.data(), out.size() * 2);
  return static_cast<int32_t>(out.size());
}

int32_t WideCharToMultiByte(WindowsProcess& p, uint32_t cp, uint32_t, Ptr src, int32_t srclen, Ptr dst, int32_t dstlen,
                            Ptr, Ptr used_default) {
  if (!IsValidCodePage(p, cp) || !text_arguments_ok(src.addr, srclen, dst.addr, dstlen)) return fail(p, ERROR_INVALID_PARAMETER);
  const char16_t* s = src.as<const char16_t>();
  size_t n = srclen < 0 ? std::char_traits<char16_t>::length(s) + 1 : static_cast<size_t>(srclen);
  std::string out = utf16_to_utf8(s, n);
  put<int32_t>(used_default.addr, 0);
  if (dstlen == 0) return static_cast<int32_t>(out.size());
  if (out.size() > static_cast<size_t>(dstlen)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(dst.as<char>(), out.data(), out.size());
  return static_cast<int32_t>(out.size());
}

// ---- system facts ----

BOOL IsProcessorFeaturePresent(WindowsProcess&, uint32_t feature) {
  switch (feature) {
    case 6: case 7: case 10: case 12: case 13: return TRUE;  // MMX/XMMI/XMMI64/NX/SSE3-era basics
    case 23: return TRUE;                                    // PF_FASTFAIL_AVAILABLE
    default: return FALSE;
  }
}

// 6.2 build 9200: what Windows 10 tells programs without a compatibility manifest (that declares it).
uint32_t GetVersion(WindowsProcess& p) {
  const WindowsVersion& r = reported_version(p.image.manifest);
  return r.build << 16 | r.minor << 8 | r.major;
}

// SYSTEM_INFO: architecture, page size, address range, processor mask and count, type,
// allocation granularity, level (pointer-sized fields in the middle).
BOOL GetProcessAffinityMask(WindowsProcess& p, Ptr process, Ptr mine, Ptr system) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  uint64_t mask = p.isa->ptr == 4 ? processor_mask() & 0xffffffffu : processor_mask();
  p.put_ptr(mine.addr, p.affinity ? p.affinity : mask);
  p.put_ptr(system.addr, mask);
  return TRUE;
}
BOOL SetProcessAffinityMask(WindowsProcess& p, Ptr process, USize mask) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!mask || (mask & ~processor_mask())) return fail(p, ERROR_INVALID_PARAMETER);
  p.affinity = mask;
  return TRUE;
}
// Returns the thread's previous mask (the process's, as no thread has one of its own).
USize SetThreadAffinityMask(WindowsProcess& p, Ptr, USize mask) {
  uint64_t process = p.affinity ? p.affinity : processor_mask();
  if (!mask || (mask & ~process)) return USize(fail(p, ERROR_INVALID_PARAMETER));
  return USize(process);
}

// GROUP_AFFINITY: Mask (pointer-sized), Group, three reserved WORDs. One processor group here.
BOOL GetThreadGroupAffinity(WindowsProcess& p, Ptr, Ptr out) {
  const uint64_t mask = p.affinity ? p.affinity : (p.isa->ptr == 4 ? processor_mask() & 0xffffffffu : processor_mask());
  std::memset(out.as<void>(), 0, p.isa->ptr + 8);
  p.put_ptr(out.addr, mask);
  return TRUE;
}
BOOL SetThreadGroupAffinity(WindowsProcess& p, Ptr thread, Ptr in, Ptr previous) {
  const uint64_t mask = p.get_ptr(in.addr);
  const uint16_t group = get<uint16_t>(in.addr + p.isa->ptr);
  const uint64_t process = p.affinity ? p.affinity : processor_mask();
  if (group != 0 || !mask || (mask & ~process)) return fail(p, ERROR_INVALID_PARAMETER);
  if (previous) GetThreadGroupAffinity(p, thread, previous);
  return TRUE;
}

// The CPU time a thread or the process has used, in cycles: nanoseconds of CPU time at the
// processor's nominal rate (/proc/cpuinfo's "cpu MHz"), so that it only grows while it runs.
uint64_t cycles_per_microsecond() {
  static const uint64_t mhz = [] {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("cpu MHz", 0) == 0) return static_cast<uint64_t>(std::strtod(line.c_str() + line.find(':') + 1, nullptr));
    return uint64_t{1000};
  }();
  return mhz ? mhz : 1000;
}
BOOL QueryThreadCycleTime(WindowsProcess& p, Ptr thread, Ptr cycles) {
  uint32_t tid = static_cast<uint32_t>(::syscall(SYS_gettid));
  if (!p.is_current_thread(thread.addr)) {
    Waitable* w = waitable_of_kind(p, thread.addr, Waitable::Kind::Thread);
    if (!w) return fail(p, ERROR_INVALID_HANDLE);
    tid = w->id;
  }
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/schedstat");
  uint64_t ns = 0;
  stat >> ns;  // the first field: time on a processor, in nanoseconds
  put<uint64_t>(cycles.addr, ns / 1000 * cycles_per_microsecond());
  return TRUE;
}
BOOL QueryProcessCycleTime(WindowsProcess& p, Ptr process, Ptr cycles) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_ACCESS_DENIED);
  struct timespec ts {};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  const uint64_t us = static_cast<uint64_t>(ts.tv_sec) * 1000000 + static_cast<uint64_t>(ts.tv_nsec) / 1000;
  put<uint64_t>(cycles.addr, us * cycles_per_microsecond());
  return TRUE;
}

// MEMORYSTATUSEX: length, load (percent), total/available physical, page file and virtual
// memory, available extended virtual memory (always 0).
BOOL GlobalMemoryStatusEx(WindowsProcess& p, Ptr out) {
  if (get<uint32_t>(out.addr) != 64) return fail(p, ERROR_INVALID_PARAMETER);
  struct sysinfo si;
  ::sysinfo(&si);
  uint64_t unit = si.mem_unit ? si.mem_unit : 1;
  uint64_t total = si.totalram * unit, avail = (si.freeram + si.bufferram) * unit;
  uint64_t virt = p.isa->limit - 0x10000;
  uint64_t v[8] = {total, avail, total + si.totalswap * unit, avail + si.freeswap * unit, virt, virt, 0, 0};
  put<uint32_t>(out.addr + 4, total ? static_cast<uint32_t>(100 - avail * 100 / total) : 0);
  std::memcpy(guest_pointer(out.addr + 8), v, 7 * 8);
  return TRUE;
}
// MEMORYSTATUS: the same with SIZE_T fields, capped at 2 GiB on i386 as for programs that are not
// large-address aware.
void GlobalMemoryStatus(WindowsProcess& p, Ptr out) {
  uint8_t ex[64] = {};
  put<uint32_t>(reinterpret_cast<uint64_t>(ex), 64);
  GlobalMemoryStatusEx(p, Ptr(reinterpret_cast<uint64_t>(ex)));
  const unsigned w = p.isa->ptr;
  put<uint32_t>(out.addr, w == 8 ? 56 : 32);
  std::memcpy(guest_pointer(out.addr + 4), ex + 4, 4);
  for (unsigned i = 0; i < 6; ++i) {
    uint64_t v = get<uint64_t>(reinterpret_cast<uint64_t>(ex) + 8 + 8 * i);
    if (w == 4) v = std::min<uint64_t>(v, 0x7fffffff);
    p.put_ptr(out.addr + 8 + i * w, v);
  }
}

void GetSystemInfo(WindowsProcess& p, Ptr info) {
  const unsigned w = p.isa->ptr;
  std::memset(info.as<void>(), 0, w == 8 ? 48 : 36);
  put<uint16_t>(info.addr, p.isa->machine_arch);
  put<uint32_t>(info.addr + 4, static_cast<uint32_t>(p.memory.page_size()));
  p.put_ptr(info.addr + 8, 0x10000);
  p.put_ptr(info.addr + 8 + w, p.isa->limit - 0x10001);
  const uint64_t mask = w == 4 ? processor_mask() & 0xffffffffu : processor_mask();  // the processors counted below
  p.put_ptr(info.addr + 8 + 2 * w, mask);
  uint64_t o = 8 + 3 * w;
  put<uint32_t>(info.addr + o, static_cast<uint32_t>(std::popcount(mask)));
  put<uint32_t>(info.addr + o + 4, p.isa->processor_type);
  put<uint32_t>(info.addr + o + 8, 0x10000);
  put<uint16_t>(info.addr + o + 12, 6);
}

}  // namespace

namespace {

// The body of the thread Windows starts for a console control event.
void run_ctrl_handlers(WindowsProcess& p, uint32_t event) {
  auto handlers = p.ctrl_handlers;
  for (size_t i = handlers.size(); i-- > 0;) {
    if (p.call_guest(handlers[i], {event}) & 0xffffffffu) return;  // handled
    if (p.exited) return;
  }
  // The C runtime's handler: SIGINT or SIGBREAK's handler, reset to SIG_DFL first, handles it.
  if (uint64_t h = crt_ctrl_signal(p, event)) {
    if (h == kCrtSigIgn) return;
    p.signal_handlers[event == 0 ? kCrtSigInt : kCrtSigBreak] = 0;
    update_sigint(p);
    p.call_guest(h, {event == 0 ? uint64_t{kCrtSigInt} : uint64_t{kCrtSigBreak}});
    return;
  }
  // The default handler: ExitProcess(STATUS_CONTROL_C_EXIT).
  msvcrt_flush_all(p);
  p.onexit.clear();
  note_orderly_exit(p);
  p.terminate(static_cast<int>(0xc000013au));
}

}  // namespace

bool console_ctrl_pending() { return g_ctrl_event >= 0; }

namespace {

// A pending console control event: its handlers' thread starts (core's poll_console_ctrl).
void start_ctrl_handlers(WindowsProcess& p) {
  if (g_ctrl_event < 0 || p.exited) return;
  uint32_t event = static_cast<uint32_t>(g_ctrl_event);
  g_ctrl_event = -1;
  uint32_t tid = 0;
  uint64_t h = create_thread(p, 0, 0, 0, false, &tid, [event](WindowsProcess& p) {
    run_ctrl_handlers(p, event);
    return 0u;
  });
  if (!h) {
    run_ctrl_handlers(p, event);  // no thread to be had: on this one
    return;
  }
  if (WindowsThread* t = find_thread(p, tid)) t->close_at_exit = h;  // nobody waits for it
}

// KERNEL32's part at the process's start: core reaches the console through these, NTDLL the
// socket I/O it cancels, and the process's end ends the members of the jobs that close with it.
void kernel32_process_start(WindowsProcess& p) {
  p.console_hooks = {.poll_ctrl = start_ctrl_handlers,
                     .ctrl_changed = update_sigint,
                     .waitable = console_waitable,
                     .write_file = console_write_file,
                     .read_file = console_read_file,
                     .end = console_end};
  p.socket_hooks = {.cancel_io = winsock::cancel_socket_io};
  p.process_end_hooks.push_back(end_closing_jobs);
}

}  // namespace

const std::vector<Export>& kernel32_file_exports();
const std::vector<Export>& kernel32_file_info_exports();
const std::vector<Export>& kernel32_volume_exports();
const std::vector<Export>& kernel32_file_operation_exports();
const std::vector<Export>& kernel32_find_file_exports();
const std::vector<Export>& kernel32_path_exports();
const std::vector<Export>& kernel32_message_exports();
const std::vector<Export>& kernel32_runtime_exports();
const std::vector<Export>& kernel32_sync_exports();
const std::vector<Export>& kernel32_locale_exports();
const std::vector<Export>& kernel32_toolhelp_exports();
const std::vector<Export>& kernel32_registry_exports();  // advapi32/registry.cpp
const std::vector<Export>& kernel32_process_exports();
const std::vector<Export>& kernel32_pipes_exports();
const std::vector<Export>& kernel32_mapping_exports();
const std::vector<Export>& kernel32_async_io_exports();
const std::vector<Export>& kernel32_iocp_exports();
const std::vector<Export>& kernel32_heap_exports();
const std::vector<Export>& kernel32_system_exports();
const std::vector<Export>& kernel32_job_exports();
const std::vector<Export>& kernel32_thread_pool_exports();
const std::vector<Export>& kernel32_directory_change_exports();
const std::vector<Export>& kernel32_resource_exports();
const std::vector<Export>& kernel32_pathcch_exports();
const std::vector<Export>& kernel32_psapi_exports();

// VirtualProtect for VirtualProtectEx of this process (kernel32/virtual.cpp).
BOOL virtual_protect(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t protect, uint64_t old) {
  return VirtualProtect(p, Ptr(addr), USize(size), protect, Ptr(old));
}
const std::vector<Export>& kernel32_virtual_exports();
const std::vector<Export>& kernel32_fiber_exports();
const std::vector<Export>& kernel32_number_format_exports();
const std::vector<Export>& kernel32_dos_device_exports();
const std::vector<Export>& kernel32_atom_exports();
const std::vector<Export>& kernel32_profile_exports();

// VirtualQuery for VirtualQueryEx of this process (kernel32/psapi.cpp).
USize virtual_query(WindowsProcess& p, uint64_t addr, uint64_t info, uint64_t len) {
  return VirtualQuery(p, Ptr(addr), Ptr(info), USize(len));
}

static std::vector<Export> kernel32_exports(std::vector<Export> own) {
  for (const auto* more : {&kernel32_file_exports(), &kernel32_file_info_exports(), &kernel32_volume_exports(),
                            &kernel32_file_operation_exports(), &kernel32_find_file_exports(), &kernel32_path_exports(),
                            &kernel32_message_exports(), &kernel32_runtime_exports(),
                            &kernel32_sync_exports(), &kernel32_locale_exports(),
                            &kernel32_toolhelp_exports(), &kernel32_process_exports(), &kernel32_registry_exports(),
                            &module_exports(), &kernel32_mapping_exports(),
                            &kernel32_iocp_exports(), &kernel32_pipes_exports(), &kernel32_async_io_exports(),
                            &kernel32_heap_exports(), &kernel32_system_exports(), &kernel32_job_exports(),
                            &kernel32_thread_pool_exports(), &kernel32_directory_change_exports(),
                            &kernel32_resource_exports(), &kernel32_pathcch_exports(), &kernel32_psapi_exports(),
                            &kernel32_virtual_exports(), &kernel32_fiber_exports(),
                            &kernel32_number_format_exports(), &kernel32_dos_device_exports(),
                            &kernel32_console_exports(), &kernel32_delay_load_exports(),
                            &kernel32_atom_exports(), &kernel32_profile_exports()})
    own.insert(own.end(), more->begin(), more->end());
  const auto& seh = seh_kernel32_exports();
  own.insert(own.end(), seh.begin(), seh.end());
  // (Windows' KERNEL32 forwards these to NTDLL.)
  for (const auto* ntdll : {&ntdll_exception_exports(), &ntdll_module_exports()})
    own.insert(own.end(), ntdll->begin(), ntdll->end());
  return own;
}

const Dll kKernel32{
    "kernel32.dll",
    false,
    kernel32_exports({
        EXPORT("GetStdHandle", GetStdHandle),
        EXPORT("WriteFile", WriteFile),
        EXPORT("ReadFile", ReadFile),
        EXPORT("GetFileType", GetFileType),
        EXPORT("CloseHandle", CloseHandle),
        EXPORT("FlushFileBuffers", FlushFileBuffers),
        EXPORT("GetLastError", GetLastError),
        EXPORT("SetConsoleCtrlHandler", SetConsoleCtrlHandler),
        EXPORT("GenerateConsoleCtrlEvent", GenerateConsoleCtrlEvent),
        EXPORT("SetFileApisToOEM", SetFileApisToOEM),
        EXPORT("SetFileApisToANSI", SetFileApisToANSI),
        EXPORT("AreFileApisANSI", AreFileApisANSI),
        EXPORT("CompareFileTime", CompareFileTime),
        EXPORT("GetTimeZoneInformation", GetTimeZoneInformation),
        EXPORT("GetDynamicTimeZoneInformation", GetDynamicTimeZoneInformation),
        EXPORT("GetTimeZoneInformationForYear", GetTimeZoneInformationForYear),
        EXPORT("SystemTimeToTzSpecificLocalTime", SystemTimeToTzSpecificLocalTime),
        EXPORT("TzSpecificLocalTimeToSystemTime", TzSpecificLocalTimeToSystemTime),
        EXPORT("FileTimeToLocalFileTime", FileTimeToLocalFileTime),
        EXPORT("LocalFileTimeToFileTime", LocalFileTimeToFileTime),
        EXPORT("FileTimeToDosDateTime", FileTimeToDosDateTime),
        EXPORT("DosDateTimeToFileTime", DosDateTimeToFileTime),
        EXPORT("GetProcessAffinityMask", GetProcessAffinityMask),
        EXPORT("SetProcessAffinityMask", SetProcessAffinityMask),
        EXPORT("SetThreadAffinityMask", SetThreadAffinityMask),
        EXPORT("GetThreadGroupAffinity", GetThreadGroupAffinity),
        EXPORT("SetThreadGroupAffinity", SetThreadGroupAffinity),
        EXPORT("QueryThreadCycleTime", QueryThreadCycleTime),
        EXPORT("QueryProcessCycleTime", QueryProcessCycleTime),
        EXPORT("GlobalMemoryStatusEx", GlobalMemoryStatusEx),
        EXPORT("GlobalMemoryStatus", GlobalMemoryStatus),
        EXPORT("SetLastError", SetLastError),
        EXPORT("ExitProcess", ExitProcess),
        EXPORT("GetCommandLineA", GetCommandLineA),
        EXPORT("GetCommandLineW", GetCommandLineW),
        EXPORT("GetStartupInfoA", GetStartupInfoA),
        EXPORT("GetStartupInfoW", GetStartupInfoW),
        EXPORT("GetCurrentProcess", GetCurrentProcess),
        EXPORT("GetCurrentThread", GetCurrentThread),
        EXPORT("GetCurrentProcessId", GetCurrentProcessId),
        EXPORT("GetCurrentThreadId", GetCurrentThreadId),
        EXPORT("SetUnhandledExceptionFilter", SetUnhandledExceptionFilter),
        EXPORT("GetEnvironmentVariableA", GetEnvironmentVariableA),
        EXPORT("SetEnvironmentVariableA", SetEnvironmentVariableA),
        EXPORT("GetEnvironmentVariableW", GetEnvironmentVariableW),
        EXPORT("ExpandEnvironmentStringsA", ExpandEnvironmentStringsA),
        EXPORT("ExpandEnvironmentStringsW", ExpandEnvironmentStringsW),
        EXPORT("SetEnvironmentVariableW", SetEnvironmentVariableW),
        EXPORT("GetEnvironmentStrings", GetEnvironmentStringsA),
        EXPORT("GetEnvironmentStringsA", GetEnvironmentStringsA),
        EXPORT("GetEnvironmentStringsW", GetEnvironmentStringsW),
        EXPORT("FreeEnvironmentStringsA", FreeEnvironmentStrings),
        EXPORT("FreeEnvironmentStringsW", FreeEnvironmentStrings),
        EXPORT("GetVersionExA", GetVersionExA),
        EXPORT("GetVersionExW", GetVersionExW),
        EXPORT("VerSetConditionMask", VerSetConditionMask),
        EXPORT("VerifyVersionInfoA", VerifyVersionInfoA),
        EXPORT("VerifyVersionInfoW", VerifyVersionInfoW),
        EXPORT("lstrlenA", lstrlenA),
        EXPORT("lstrlenW", lstrlenW),
        EXPORT("lstrcmpA", lstrcmpA),
        EXPORT("lstrcmpiA", lstrcmpiA),
        EXPORT("lstrcmpW", lstrcmpW),
        EXPORT("lstrcmpiW", lstrcmpiW),
        EXPORT("lstrcpyA", lstrcpyA),
        EXPORT("lstrcpyW", lstrcpyW),
        EXPORT("lstrcpynA", lstrcpynA),
        EXPORT("lstrcpynW", lstrcpynW),
        EXPORT("lstrcatA", lstrcatA),
        EXPORT("lstrcatW", lstrcatW),
        EXPORT("MulDiv", MulDiv),
        EXPORT("CompareStringA", CompareStringA),
        EXPORT("CompareStringW", CompareStringW),
        EXPORT("FlsAlloc", FlsAlloc),
        EXPORT("FlsGetValue", FlsGetValue),
        EXPORT("FlsGetValue2", FlsGetValue2),
        EXPORT("FlsSetValue", FlsSetValue),
        EXPORT("FlsFree", FlsFree),
        EXPORT("InterlockedIncrement", InterlockedIncrement),
        EXPORT("InterlockedDecrement", InterlockedDecrement),
        EXPORT("InterlockedExchange", InterlockedExchange),
        EXPORT("InterlockedExchangeAdd", InterlockedExchangeAdd),
        EXPORT("InterlockedCompareExchange", InterlockedCompareExchange),
        EXPORT("InterlockedCompareExchange64", InterlockedCompareExchange64),
        EXPORT("DuplicateHandle", DuplicateHandle),
        EXPORT("VirtualProtect", VirtualProtect),
        EXPORT("VirtualLock", VirtualLock),
        EXPORT("VirtualUnlock", VirtualUnlock),
        EXPORT("FlushInstructionCache", FlushInstructionCache),
        EXPORT("VirtualQuery", VirtualQuery),
        EXPORT("VirtualAlloc", VirtualAlloc),
        EXPORT("IsBadReadPtr", IsBadReadPtr),
        EXPORT("IsBadWritePtr", IsBadWritePtr),
        EXPORT("IsBadCodePtr", IsBadCodePtr),
        EXPORT("IsBadStringPtrA", IsBadStringPtrA),
        EXPORT("IsBadStringPtrW", IsBadStringPtrW),
        EXPORT("VirtualFree", VirtualFree),
        EXPORT("DiscardVirtualMemory", DiscardVirtualMemory),
        EXPORT("SetStdHandle", SetStdHandle),
        EXPORT("TlsAlloc", TlsAlloc),
        EXPORT("TlsGetValue", TlsGetValue),
        EXPORT("TlsSetValue", TlsSetValue),
        EXPORT("TlsFree", TlsFree),
        EXPORT("GetSystemTimeAsFileTime", GetSystemTimeAsFileTime),
        EXPORT("GetSystemTime", GetSystemTime),
        EXPORT("GetLocalTime", GetLocalTime),
        EXPORT("FileTimeToSystemTime", FileTimeToSystemTime),
        EXPORT("SystemTimeToFileTime", SystemTimeToFileTime),
        EXPORT("GetSystemTimePreciseAsFileTime", GetSystemTimePreciseAsFileTime),
        EXPORT("GetTickCount", GetTickCount),
        EXPORT("GetTickCount64", GetTickCount64),
        EXPORT("QueryPerformanceCounter", QueryPerformanceCounter),
        EXPORT("QueryPerformanceFrequency", QueryPerformanceFrequency),
        EXPORT("GetACP", GetACP),
        EXPORT("GetOEMCP", GetOEMCP),
        EXPORT("IsValidCodePage", IsValidCodePage),
        EXPORT("IsDBCSLeadByteEx", IsDBCSLeadByteEx),
        EXPORT("IsDBCSLeadByte", IsDBCSLeadByte),
        EXPORT("GetCPInfo", GetCPInfo),
        EXPORT("GetCPInfoExW", GetCPInfoExW),
        EXPORT("GetCPInfoExA", GetCPInfoExA),
        EXPORT("MultiByteToWideChar", MultiByteToWideChar),
        EXPORT("WideCharToMultiByte", WideCharToMultiByte),
        EXPORT("IsProcessorFeaturePresent", IsProcessorFeaturePresent),
        EXPORT("GetVersion", GetVersion),
        EXPORT("GetSystemInfo", GetSystemInfo),
        EXPORT("GetNativeSystemInfo", GetSystemInfo),
    }),
    {},
    nullptr,
    kernel32_process_start,
};

}  // namespace polyrun::shims
