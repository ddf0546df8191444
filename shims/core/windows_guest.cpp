#include "shims/core/filetime.h"
#include "shims/core/windows_guest.h"
#include "shims/core/user_shared_data.h"

#include <fcntl.h>
#include <sys/mman.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "common/error.h"
#include "common/fault_report.h"
#include "loader/format.h"
#include "common/log.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/command_line.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/seh.h"
#include "shims/core/path_mapping.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_debug.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {


namespace x86 = cpu::x86;


#if defined(POLYRUN_NATIVE_X64)
// The process heap's handle, set at the process's start: kernel32/heap_x64_leaf.S's HeapAlloc and
// HeapFree take their fast path for it.
extern "C" {
uint64_t polyrun_process_heap = 0;
}
#endif

uint64_t update_process_current_directory(WindowsProcess& p) {
  if (!p.params) return 0;
  const unsigned w = p.isa->ptr;
  const uint64_t curdir = p.params + p.isa->params.std_input + 3 * w;  // after the three standard handles
  constexpr uint16_t kRoom = 260 * 2;
  uint64_t buffer = p.get_ptr(curdir + w);
  if (!buffer) buffer = p.alloc_data(kRoom);
  std::u16string d = utf8_to_utf16(windows_current_directory());
  if (d.empty() || d.back() != u'\\') d += u'\\';
  if ((d.size() + 1) * 2 > kRoom) d.resize(kRoom / 2 - 1);
  std::memcpy(reinterpret_cast<void*>(buffer), d.c_str(), (d.size() + 1) * 2);
  put<uint16_t>(curdir, static_cast<uint16_t>(d.size() * 2));
  put<uint16_t>(curdir + 2, kRoom);
  p.put_ptr(curdir + w, buffer);
  const uint64_t old = p.get_ptr(curdir + 2 * w);
  const int fd = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  p.put_ptr(curdir + 2 * w, fd >= 0 ? p.handle_for_fd(fd) : 0);
  return old;
}

void update_process_environment_block(WindowsProcess& p) {
  if (!p.params) return;
  std::u16string block;
  for (const std::string& kv : p.env) block += utf8_to_utf16(kv) + u'\0';
  block += u'\0';
  const uint64_t at = p.heap.alloc(block.size() * 2);
  if (!at) return;
  std::memcpy(guest_pointer(at), block.data(), block.size() * 2);
  const WindowsIsa& isa = *p.isa;
  if (const uint64_t old = p.get_ptr(p.params + isa.params.environment)) p.heap.free(old);
  p.put_ptr(p.params + isa.params.environment, at);
  p.put_ptr(p.params + isa.params.environment_size, block.size() * 2);
}

namespace {

// Makes the process heap (its first region: the handle GetProcessHeap gives) and returns its
// handle, which the natively running HeapAlloc and HeapFree compare theirs with.
uint64_t make_process_heap(WindowsProcess& p) {
  const uint64_t h = p.heap.handle();
#if defined(POLYRUN_NATIVE_X64)
  polyrun_process_heap = h;
#endif
  return h;
}

uint64_t guest_wstring(WindowsProcess& p, const std::string& utf8) {
  std::u16string w = utf8_to_utf16(utf8);
  uint64_t at = p.alloc_data((w.size() + 1) * 2);
  std::memcpy(reinterpret_cast<void*>(at), w.c_str(), (w.size() + 1) * 2);
  return at;
}

uint64_t guest_string(WindowsProcess& p, const std::string& s) {
  uint64_t at = p.alloc_data(s.size() + 1);
  std::memcpy(reinterpret_cast<void*>(at), s.c_str(), s.size() + 1);
  return at;
}

// PEB and RTL_USER_PROCESS_PARAMETERS with the fields CRTs read, at the ISA's offsets (each
// thread's TEB: init_thread).
// The variables every Windows process finds (Windows sets them at logon), where the environment
// lacks them: the command interpreter (polyrun's: core/path_mapping.h), the Windows directories, the
// user's profile as the Linux home and the application data folders as SHGetKnownFolderPath
// places them (XDG's), the temporary directory as GetTempPath's, the user, OS, PATHEXT, the
// processors, the folders of programs and their data (on drive C:, which is polyrun's current
// directory: they exist where a program, an installer, made them), and PATH in Windows' form.
// (Go's os.UserHomeDir and os.UserConfigDir, Python and node read them.)
void add_windows_variables(WindowsProcess& p) {
  const std::string home = host_to_windows_path(host_home_directory());
  auto xdg = [](const char* variable, const char* under_home) {
    const char* v = std::getenv(variable);
    return host_to_windows_path(v && *v == '/' ? std::string(v) : host_home_directory() + "/" + under_home);
  };
  const char* tmp = std::getenv("TMPDIR");
  const std::string temp = host_to_windows_path(tmp && *tmp == '/' ? tmp : "/tmp");
  const bool x64 = p.isa->ptr == 8;
  const std::pair<const char*, std::string> defaults[] = {
      {"ComSpec", "C:\\windows\\system32\\cmd.exe"},
      {"SystemRoot", "C:\\windows"},
      {"windir", "C:\\windows"},
      {"SystemDrive", "C:"},
      {"OS", "Windows_NT"},
      {"PATHEXT", ".COM;.EXE;.BAT;.CMD"},
      {"USERPROFILE", home},
      {"HOMEDRIVE", home.substr(0, 2)},
      {"HOMEPATH", home.size() > 2 ? home.substr(2) : "\\"},
      {"APPDATA", xdg("XDG_CONFIG_HOME", ".config")},
      {"LOCALAPPDATA", xdg("XDG_DATA_HOME", ".local/share")},
      {"TEMP", temp},
      {"TMP", temp},
      {"USERNAME", account_user_name()},
      {"PROCESSOR_ARCHITECTURE", x64 ? "AMD64" : "x86"},
      // The folders of programs, as HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion names them
      // (ntdll/registry_tree.cpp): a 32-bit program's are the (x86) ones.
      {"ProgramFiles", x64 ? "C:\\Program Files" : "C:\\Program Files (x86)"},
      {"ProgramFiles(x86)", "C:\\Program Files (x86)"},
      {"ProgramW6432", "C:\\Program Files"},
      {"CommonProgramFiles", x64 ? "C:\\Program Files\\Common Files" : "C:\\Program Files (x86)\\Common Files"},
      {"CommonProgramFiles(x86)", "C:\\Program Files (x86)\\Common Files"},
      {"CommonProgramW6432", "C:\\Program Files\\Common Files"},
      {"ProgramData", "C:\\ProgramData"},
      {"ALLUSERSPROFILE", "C:\\ProgramData"},
      {"NUMBER_OF_PROCESSORS", std::to_string(processor_count())},
  };
  for (const auto& [name, value] : defaults)
    if (!p.find_env(name)) p.set_env(name, &value);
  // PATH in Windows' form, which programs split at ';' (Go's exec.LookPath, Perl's and Python's
  // spawning of cmd.exe): the system directories first, then the host's (core/path_mapping.h).
  if (const auto path = p.find_env("PATH")) {
    const std::string windows = windows_path_list(*path);
    p.set_env("PATH", &windows);
  }
  if (!x64 && !p.find_env("PROCESSOR_ARCHITEW6432")) {  // (a 32-bit program on 64-bit Windows)
    const std::string amd64 = "AMD64";
    p.set_env("PROCESSOR_ARCHITEW6432", &amd64);
  }
}

void build_process_environment(WindowsProcess& p) {
  const WindowsIsa& isa = *p.isa;
  p.created_filetime = filetime_now();
  p.peb = p.alloc_data(isa.peb.size);
  p.params = p.alloc_data(isa.params.size);
  p.put_ptr(p.peb + isa.peb.image_base, p.image.base);
  p.put_ptr(p.peb + isa.peb.params, p.params);
  p.put_ptr(p.peb + isa.peb.heap, make_process_heap(p));  // the handle GetProcessHeap returns
  // Heap corruption ends 64-bit programs, and 32-bit ones made for Windows Vista or later
  // (HeapSetInformation's HeapEnableTerminationOnCorruption page).
  p.heap_terminates = isa.ptr == 8 || p.image.subsystem_major >= 6;
  put<uint32_t>(p.peb + isa.peb.os_major, 10);
  put<uint32_t>(p.peb + isa.peb.os_minor, 0);
  put<uint16_t>(p.peb + isa.peb.os_build, 19045);
  put<uint32_t>(p.peb + isa.peb.platform_id, 2);  // VER_PLATFORM_WIN32_NT
  // Standard handles, then the command line as a UNICODE_STRING.
  for (uint64_t i = 0; i < 3; ++i) p.put_ptr(p.params + isa.params.std_input + i * isa.ptr, 0xfffffff6ull - i);
  // The block's sizes, PROCESS_PARAMS_FLAG_NORMALIZED (its strings are addresses); the command
  // line; the program's path, also the window title (what a program started without one gets);
  // no desktop named (as wine 8.0 starts a program); the environment.
  put<uint32_t>(p.params, isa.params.size);
  put<uint32_t>(p.params + 4, isa.params.size);
  put<uint32_t>(p.params + isa.params.flags, 1);
  std::u16string w = utf8_to_utf16(p.command_line);
  put<uint16_t>(p.params + isa.params.command_line, static_cast<uint16_t>(w.size() * 2));
  put<uint16_t>(p.params + isa.params.command_line + 2, static_cast<uint16_t>(w.size() * 2 + 2));
  p.put_ptr(p.params + isa.params.command_line + isa.ptr, p.cmdline_w);
  auto put_string = [&](uint32_t at, const std::string& utf8) {
    const std::u16string s = utf8_to_utf16(utf8);
    put<uint16_t>(p.params + at, static_cast<uint16_t>(s.size() * 2));
    put<uint16_t>(p.params + at + 2, static_cast<uint16_t>(s.size() * 2 + 2));
    p.put_ptr(p.params + at + isa.ptr, guest_wstring(p, utf8));
  };
  put_string(isa.params.image_path, p.exe_path);
  put_string(isa.params.window_title, p.exe_path);
  put_string(isa.params.desktop, "");
  update_process_current_directory(p);
  update_process_environment_block(p);
}

// Whether the host has anything mapped at `addr` (msync answers ENOMEM for an unmapped page).
bool host_mapped(uint64_t addr) {
  return ::msync(reinterpret_cast<void*>(addr & ~uint64_t{4095}), 4096, MS_ASYNC) == 0 || errno != ENOMEM;
}

}  // namespace

// Serves a host call: the CPU executed `int 0x2e` in thunk N.
void dispatch_host_call(WindowsProcess& p) {
  // The process is ending on another thread: this one goes no further.
  if (p.ending && p.ending != &p.thread()) park(p);
  uint64_t at = p.cpu().pc() - (p.native ? 5 : 2);  // after the thunk's int 0x2e, or its call
  // SuspendThread: held here until resumed, as at the thunk (SetThreadContext may choose another
  // place to resume: the call is then not made; at the thunk, it is made afresh).
  if (hold_while_suspended(p, at)) return;
  if (at < p.thunk_base || (at - p.thunk_base) % 8 || (at - p.thunk_base) / 8 >= p.thunks.size()) {
    // `int 0x2e` elsewhere is what it is on Windows, the system service gate: a service number
    // it does not know gets STATUS_INVALID_SYSTEM_SERVICE.
    p.cpu().set_reg(cpu::x86::RAX, 0xc000001c);
    return;
  }
  const size_t thunk = (at - p.thunk_base) / 8;
  // `t` may move (a call can add thunks): what is read of it after a call goes through `thunk`.
  ThunkTarget& t = p.thunks[thunk];
  const bool special = static_cast<bool>(t.special);
  if (p.hook_depth() == 0 && !special) {
    poll_console_ctrl(p);  // a Ctrl-C that arrived since the program's last call
    if (p.stopping()) return;
  }
  if (special) {
    ++p.hook_depth();
    t.special(p);
    --p.hook_depth();
  } else {
    auto frame = abi::make_frame(t.convention, p.cpu());
    if (!t.exp) {
      std::fflush(stdout);
      std::fprintf(stderr, "polyrun: unimplemented: %s (called from 0x%llx)\n", t.label.c_str(),
                   static_cast<unsigned long long>(frame->return_address()));
      p.terminate(127);
      return;
    }
    set_current_export_name(t.label.c_str(), frame->return_address());
    // What the function pops of its stack arguments (i386 stdcall, thiscall), for an exception
    // raised at its return.
    // (volatile: it is read after the fault recovery's longjmp)
    const volatile uint32_t popped = t.convention == abi::Convention::Stdcall ? t.exp->stack_bytes
                      : t.convention == abi::Convention::Thiscall ? t.exp->stack_bytes - 4u : 0u;
    const int depth = p.hook_depth();
    ++p.hook_depth();
    const size_t mutexes = guest_call_mutexes_held();
    FaultRecovery recovery;
    // Natively, a function called directly that faulted comes here with the fault instead (the
    // state is as at its return): the same as a fault during the call below.
    const bool direct_fault = p.cpu().take_direct_fault(recovery.addr, recovery.write);
    // A bad pointer met by the guest-memory accessors is thrown (what the function made is
    // unwound); one met by other host code longjmps to `recovery` (nothing is unwound).
    volatile bool thrown = false;
    if (depth == 0) p.thread().call_return_pc = p.cpu().pc();
    if (!direct_fault && run_recovering(recovery, [&] {
          try {
            GuestFaultsThrow faults_throw(true);
            t.exp->call(p, *frame);
          } catch (const GuestMemoryFault& f) {
            recovery.addr = f.addr;
            recovery.write = f.write;
            thrown = true;
          } catch (const std::logic_error& e) {  // polyrun's own bug (a null string, an index out of range)
            report_internal_error(e.what(), p.thunks[thunk].label.c_str());
          }
        }) && !thrown) {
      --p.hook_depth();
      if (depth == 0) end_call(p);
    } else {
      if (depth == 0) end_call(p);
      // The function touched memory it was given a bad pointer to: an access violation where
      // the program called it (Windows raises it inside the function). A bad pointer is one that
      // leads outside polyrun's own memory — into the program's range (all of the 32-bit space
      // for a 32-bit program), the kernel's half, or nowhere the host has mapped — and not to
      // memory the program may access that way. A fault elsewhere is polyrun's own.
      p.hook_depth() = depth;
      release_guest_call_mutexes(mutexes);  // what the call held when it faulted (if never unwound)
      const uint64_t program_top = p.isa->ptr == 4 ? 0x100000000ull : p.isa->limit;
      const bool bad_pointer = recovery.addr < program_top || recovery.addr >= 0x800000000000ull ||
                               !host_mapped(recovery.addr);
      if (!bad_pointer || p.memory.accessible(recovery.addr, 1, recovery.write ? mem::kWrite : mem::kRead))
        report_internal_fault(recovery, p.thunks[thunk].label.c_str());
      raise_from_host_call(p, kStatusAccessViolation, 0, {recovery.write ? 1u : 0u, recovery.addr}, popped);
    }
  }
  // An unwind or a catch chose where the program resumes: go there, outside every nested call.
  // Inside a nested call (a host function running guest code), this engine run must stop too and
  // hand back to that host function: a stop requested inside an inner run does not outlast it.
  if (p.stopping() || p.restore_pending()) {
    if (p.restore_pending() && p.hook_depth() == 0 && !p.stopping()) {
      p.restore_pending() = false;
      p.isa->seh->restore(p, p.restore_context().data());
    } else if (p.hook_depth() > 0 && !special) {  // (polyrun's own thunks, the stop thunk among them, stop themselves)
      p.stop_guest();
    }
  }
}

int run_windows_guest(const WindowsOptions& o) {
  loader::FileKind kind = loader::identify(o.program);
  const WindowsIsa& isa = kind.isa == Isa::I386 ? windows_isa_i386() : windows_isa_x64();
  WindowsProcess p(isa);
  // The built-in DLLs' own set-up (KERNEL32's console hooks).
  for (const Dll* d : builtin_dlls())
    if (d->process_start) d->process_start(p);
  if (o.gdb_port >= 0 && o.cpu == WindowsOptions::Cpu::Native)
    throw UserError("-g: under gdb an x86-64 program runs on the CPU engine (not with --cpu native)", 2);
  if (isa.isa == Isa::X86_64 && o.cpu != WindowsOptions::Cpu::Emulate && o.gdb_port < 0) {
    p.native = cpu::create_native_cpu(isa.isa) != nullptr;
    if (!p.native && o.cpu == WindowsOptions::Cpu::Native)
      throw UserError("--cpu native: this machine cannot run x86-64 code", 126);
  }
  p.memory.set_native_execution(p.native);
  p.image = loader::load_pe(p.memory, o.program, isa.limit);
  if (p.image.isa != isa.isa) throw cannot_run(o.program, "corrupt PE file (machine and header disagree)");
  p.strace = o.strace;
  p.env = o.env;
  add_windows_variables(p);
  // Writing to a pipe nobody reads fails with ERROR_NO_DATA on Windows; it does not end the process.
  ::signal(SIGPIPE, SIG_IGN);
  p.startup_env = p.env;
  p.exe_path = host_to_windows_path(o.program);

  // Host-call thunks (natively, followed by the direct table: one function address a thunk).
  constexpr uint64_t kThunkBytes = cpu::kNativeDirectTableOffset;
  p.thunk_capacity = kThunkBytes / 8;
  mem::MapRequest treq;
  treq.name = "[polyrun thunks]";
  const uint64_t tlen = p.native ? 2 * kThunkBytes : kThunkBytes;
  int64_t tb = p.memory.map(0, tlen, mem::kRead | mem::kExec, treq);
  if (tb > 0 && static_cast<uint64_t>(tb) + tlen > isa.limit) tb = -ENOMEM;
  if (tb < 0) throw UserError("cannot map the host-call thunks", 126);
  p.thunk_base = static_cast<uint64_t>(tb);
  if (p.native) {
    p.memory.protect(p.thunk_base + kThunkBytes, kThunkBytes, mem::kRead);
    // The stubs thunks call, in the last four slots: jmp [rip+0] to polyrun's host entry, and to
    // its direct entry.
    p.thunk_capacity -= 4;
    p.native_stub = p.thunk_base + p.thunk_capacity * 8;
    p.native_direct_stub = p.native_stub + 16;
    for (auto [at, entry] : {std::pair{p.native_stub, cpu::native_host_entry_address()},
                             std::pair{p.native_direct_stub, cpu::native_direct_entry_address()}}) {
      uint8_t stub[16] = {0xff, 0x25, 0, 0, 0, 0};
      std::memcpy(stub + 6, &entry, 8);
      p.memory.poke(at, stub, sizeof stub);
    }
  }

  // The main thread: its stack, then (once the PEB exists) its engine and TEB.
  p.threads.push_back(std::make_shared<WindowsThread>());
  WindowsThread& main = *p.threads.front();
  WindowsProcess::current_thread() = &main;
  if (!map_stack(p, main, std::max<uint64_t>(p.image.stack_reserve, 1u << 20)))
    throw UserError("cannot map the guest stack", 126);

  // Command line, environment, PEB, TEB.
  std::vector<std::string> wargv = o.argv;
  if (!wargv.empty()) wargv[0] = p.exe_path;
  p.command_line = windows_command_line(wargv);
  // Started by another Windows program under polyrun: its command line and handles.
  take_handoff(p);
  if (o.cpu == WindowsOptions::Cpu::Native) p.child_options = {"--cpu", "native"};
  if (o.cpu == WindowsOptions::Cpu::Emulate) p.child_options = {"--cpu", "emulate"};
  if (o.strace) p.child_options.push_back("--strace");  // (children traced too, each line with its id)
  p.screenshot_dir = o.screenshot_dir;
  p.headless = o.headless;
  // A program without a display starts its child processes without one (an installer's setup
  // runs its extracted second stage so): --headless, or --screenshot where no DISPLAY is set.
  // (A child's windows are not written as screenshots: they would take the parent's file names.)
  const char* display = std::getenv("DISPLAY");
  if (o.headless || (!o.screenshot_dir.empty() && (!display || !*display))) p.child_options.push_back("--headless");
  p.cmdline_a = guest_string(p, utf8_to_ansi(p.command_line));  // GetCommandLineA: the ANSI code page
  p.cmdline_w = guest_wstring(p, p.command_line);
  build_process_environment(p);
  map_user_shared_data(p);
  init_thread(p, main);
  // The image's TLS index: its static TLS block is slot 0 of every thread's TLS array.
  if (const auto& tls = p.image.tls; tls.present && tls.index_slot && p.memory.accessible(tls.index_slot, 4, mem::kNone)) {
    uint32_t zero = 0;
    p.memory.poke(tls.index_slot, &zero, 4);
  }
  // Its imports: built-in DLLs, and DLLs loaded from files.
  bind_program_imports(p);
  if (o.gdb_port >= 0) {
    // gdb connects before the first instruction. (The debugger lives as long as the process: its
    // server thread may still be sending the last reply when this function returns.)
    static WindowsDebugger* debugger = nullptr;
    char real[PATH_MAX];
    debugger = new WindowsDebugger(p, ::realpath(o.program.c_str(), real) ? real : o.program, o.gdb_port);
    p.debugger = debugger;
    p.debugger->thread_started(main);
    p.debugger->start();
  }

  // CREATE_SUSPENDED: the program is mapped; its first instruction waits for the parent's ResumeThread.
  hold_while_created_suspended(p);
  report_host_faults_as_guest_faults();
  p.lock.acquire();
  // DLL_PROCESS_ATTACH: the DLLs first, each after those it imports; then the program's TLS
  // callbacks and its entry point.
  if (attach_startup_dlls(p)) run_tls_callbacks(p, kDllProcessAttach);
  if (!p.stopping() && p.image.entry) {
    uint64_t r = p.call_guest(p.image.entry, {p.peb});
    // The main thread's return ends the process (Windows), other threads or not, as ExitProcess.
    if (!p.stopping()) {
      note_orderly_exit(p);
      p.terminate(static_cast<int>(r));
    }
  }
  if (!p.ending) finish_thread(p);  // ExitThread on the main thread: the process goes on
  if (p.ending != &main) park(p);
  int status = end_process(p);
  p.lock.release();
  return status;
}

}  // namespace polyrun::shims
