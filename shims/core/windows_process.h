// The state of one emulated Windows process: address space, CPU, the mapped image, TEB/PEB, the
// host-call thunks its imports are bound to, its heap, handles and each DLL's state (dll_states).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "abi/call_frame.h"
#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"
#include "loader/pe_loader.h"
#include "memory/address_space.h"
#include "shims/core/dll_state.h"
#include "shims/core/guest_heap.h"
#include "shims/core/windows_isa.h"

namespace polyrun::gdb {
struct DebugThread;
}

namespace polyrun::shims {

struct SharedCell;     // core/windows_handoff.h
struct ProcessRecord;  // core/windows_handoff.h

// A kernel32 object a handle can wait on (core/waitables.cpp). `count` is how signalled it is: a
// semaphore's count, 0 or 1 for an event; for a mutex, how many times its owner holds it. Threads
// and processes are signalled when they end; a waitable timer when it comes due.
struct Waitable {
  enum class Kind { Semaphore, Event, Mutex, Thread, Process, Timer } kind;
  bool manual_reset = false;
  int64_t count = 0, maximum = 0;
  std::string name;
  uint32_t id = 0;         // threads and processes: their id; a mutex: its owner's thread id
  uint32_t exit_code = 0;  // threads: how the thread ended (once count is 1)
  std::u16string description = {};  // threads: SetThreadDescription's
  bool abandoned = false;  // a mutex whose owner ended without releasing it
  // PulseEvent: the threads waiting on the event when it was pulsed (those that began their wait
  // before pulse `pulses`) are released, one of them for an auto-reset event (`pulse_tokens`).
  int waiting = 0;
  uint64_t pulses = 0;
  int64_t pulse_tokens = 0;
  // An event, semaphore or mutex another process shares (a handle inherited by or from a child):
  // its count (a mutex: owner and count) lives in memory both map, and `count` and `id` are not
  // used (core/waitables.cpp's waitable_level(), core/windows_handoff.h's shared_mutex_*).
  std::shared_ptr<SharedCell> shared = nullptr;
  // A process's or thread's object whose process is another one (a child, one opened or
  // inherited): its id, pidfd, end cell and, for a child's main thread, its suspend cell.
  std::shared_ptr<ProcessRecord> process = nullptr;
  // A waitable timer: when it is next due (unset: not armed) and its period (zero: once).
  std::optional<std::chrono::steady_clock::time_point> due = std::nullopt;
  std::chrono::milliseconds period{0};
  // A child process's handle: what TerminateProcess asked its exit code to be.
  std::optional<uint32_t> terminated_with = std::nullopt;
};

// A file mapping object (kernel32/mapping.cpp): its own descriptor of the file (or of anonymous
// shared memory), its size and PAGE_* protection.
struct FileMapping {
  int fd = -1;
  uint64_t size = 0;
  uint32_t protect = 0;
  std::string name;
  ~FileMapping();
};

struct WindowsProcess;
class WindowsDebugger;

// What belongs to one guest thread: its CPU (an engine of its own, made and run by the host thread
// that runs the guest thread), its TEB and stack, the exception dispatch under way in it and what
// each DLL keeps for it (dll_states). Reached through WindowsProcess::thread().
struct WindowsThread {
  std::unique_ptr<cpu::Cpu> cpu;
  gdb::DebugThread* debug = nullptr;  // under gdb (core/windows_debug.h): the debugger's state of it
  uint32_t id = 0;  // the thread id (the host thread's tid)
  uint64_t teb = 0, stack_base = 0, stack_limit = 0;
  // The guard region [stack_guard, stack_limit) below the stack: running into it raises a stack
  // overflow, whose handlers run on it; 0 once an overflow used it.
  uint64_t stack_guard = 0;
  std::shared_ptr<Waitable> object;  // what handles to the thread wait on: signalled at its end

  // Structured exception handling: the raises being dispatched (innermost last), and a
  // context RtlUnwindEx asked to resume at once the host-call nesting has been left.
  struct Raise {
    uint64_t record, context;
  };
  std::vector<Raise> raises;
  bool restore_pending = false;
  // Guest calls host code started on a stack of its own making (C++ catch blocks): a stack walk
  // reaching return_pc with the stack pointer at sp continues at the CONTEXT `outer`; unwinding
  // through the frame ends it (`unwound`).
  struct HostFrame {
    uint64_t return_pc, sp, outer;
    std::function<void(WindowsProcess&)> unwound;
  };
  std::vector<HostFrame> host_frames;
  // Asynchronous procedure calls queued to the thread (QueueUserAPC, ReadFileEx/WriteFileEx
  // completion routines): the routine and its arguments, run by the thread's next alertable wait.
  struct Apc {
    uint64_t routine;
    std::vector<uint64_t> args;
    // QUEUE_USER_APC_CALLBACK_DATA_CONTEXT: the routine gets an APC_CALLBACK_DATA {args[0], the
    // thread's CONTEXT where the APC runs, 0, 0} instead of args.
    bool callback_data = false;
  };
  std::deque<Apc> apcs;
  // Special user-mode APCs (QueueUserAPC2): run at the thread's next instruction boundary or in
  // whatever wait it is in, alertable or not (serve_interrupt, wait_until).
  std::deque<Apc> special_apcs;
  std::vector<uint8_t> restore_context;  // a CONTEXT of the guest's ISA
  int hook_depth = 0;
  bool returned_to_host = false;

  std::vector<uint64_t> fls;    // fiber-local storage values (of the fiber it runs)
  uint64_t fiber = 0;           // the fiber it runs (ConvertThreadToFiber made it one), 0 if none
  uint32_t stack_guarantee = 0; // SetThreadStackGuarantee
  bool exiting = false;         // ExitThread: the thread's guest calls unwind, then it ends
  uint32_t exit_code = 0;
  bool terminated = false;      // TerminateThread: it ends without running TLS or FLS callbacks
  int suspend_count = 0;        // CREATE_SUSPENDED / SuspendThread
  // Set by another thread (SuspendThread, TerminateThread) or by a console control event: the
  // thread's engine, which watches it once the process has threads or control handlers, stops at
  // its next block boundary and the thread serves it (serve_interrupt).
  std::atomic<bool> interrupt{false};
  // While suspended at a block boundary or at a call of a Windows function: its registers as a
  // CONTEXT in guest memory (GetThreadContext), `context_set` once SetThreadContext replaced them.
  bool held = false;
  uint64_t held_context = 0;
  bool context_set = false;
  // While the Windows function the thread's guest code called (the outermost call) is served:
  // where the call returns to, its thunk's ret; 0 otherwise. A thread suspended while it waits in
  // that function is held there (wait_until), as Windows holds a thread in a system call; a
  // context SetThreadContext gave it meanwhile (`call_context`) takes effect when the call returns.
  uint64_t call_return_pc = 0;
  uint64_t call_context = 0;
  uint64_t close_at_exit = 0;   // _beginthread: the thread's handle, closed when it ends
  uint32_t error_mode = 0;      // SetThreadErrorMode
  // While the thread sleeps in SleepConditionVariable* or WaitOnAddress (execution lock released):
  // the host futex word it sleeps on, set and cleared under the lock. TerminateThread adds one to
  // it and wakes it (kernel32/sync.cpp).
  uint32_t* wait_word = nullptr;
  // Whether the thread is in synchronous I/O that CancelSynchronousIo may end (synchronous_io in
  // core/windows_threads.h): kIoNone, kIoPending, or kIoCancelled once another thread asked to end it.
  std::atomic<int> synchronous_io{0};
  // What each DLL keeps for the thread (the C runtime's strtok position, its rand() generator …):
  // dll_state<T>(thread), core/dll_state.h.
  DllStates dll_states;
};

// One function or variable a built-in DLL exports.
struct Export {
  const char* name;
  void (*call)(WindowsProcess& p, abi::CallFrame& f);  // functions
  uint16_t stack_bytes;                                 // i386 stdcall: bytes the callee pops
  uint64_t (*data)(WindowsProcess& p);                  // variables: their guest address
  bool float_result = false;                            // returns a double
  bool thiscall = false;                                // a C++ method: i386 passes `this` in ecx
  void (*direct)() = nullptr;                           // natively, called straight from the thunk
  // Natively, Win64 code of polyrun's bound straight into the import table (no thunk): a leaf
  // function that keeps every register the program's code may rely on (msvcrt/x64_leaf.S).
  void (*leaf)() = nullptr;
  // Where such a leaf jumps for what it cannot finish alone: the address of the function's thunk,
  // stored here when the import is bound (kernel32/x64_leaf.S).
  uint64_t* leaf_slow = nullptr;
  // Its thunk is `int3; ret`, natively and on the engine (DebugBreak): the program's own breakpoint
  // exception at an address of its own, as in Windows' function; `call` raises the same.
  bool breakpoint = false;
  // A C runtime function served by a system DLL (NTDLL's _vsnprintf, strtol …): the C runtime's
  // convention (cdecl on i386) though the DLL's other functions have the system's.
  bool crt_call = false;
  // The reverse, an i386 stdcall function of a C runtime DLL (msvcrt's _seh_longjmp_unwind, which
  // longjmp calls through the jump buffer).
  bool stdcall = false;
};

struct Dll {
  const char* name;  // canonical, lower case ("kernel32.dll")
  bool crt;          // the C runtime's convention (cdecl on i386) rather than the system's
  std::vector<Export> exports;
  // Functions that programs import by number (OLEAUT32's): ordinal → export name.
  std::vector<std::pair<uint16_t, const char*>> ordinals = {};
  // A DLL that exports everything `base` does but the functions it has itself (ucrtbase.dll over
  // msvcrt.dll: the same C runtime, with the Universal CRT's rules where the two differ).
  const Dll* base = nullptr;
  // Its own set-up at the process's start, before the program's first instruction (KERNEL32
  // registers the console's hooks, ConsoleHooks; MSVCRT the C runtime's, CrtHooks; WS2_32 its
  // socket I/O's, SocketHooks).
  void (*process_start)(WindowsProcess& p) = nullptr;
  // Names another DLL's table serves, as Windows forwards an export to another DLL (NTDLL's C
  // runtime functions are msvcrt.dll's). Each is found in that DLL (find_dll) on its first use and
  // becomes an export of this DLL's own: its name, a thunk of its own (no Win64 leaf code), the
  // convention the function has in the DLL that serves it (the C runtime's there: crt_call). A name
  // that DLL lacks is not exported.
  struct Forward {
    const char* dll;                 // "msvcrt.dll"
    std::vector<const char*> names;  // string literals (the exports' names point into them)
  };
  std::vector<Forward> forwards = {};
  // As `base`, named rather than linked: a DLL whose table ends in another's, found at run time
  // through the DLL registry (KERNELBASE over KERNEL32, which implements its functions), so that
  // the folder serving it needs no link to that DLL's folder.
  const char* base_dll = nullptr;
  // A file of the DLL's name in the program's directory (or at the path a load names) is loaded
  // instead, as Windows' search order finds it first for a DLL that is no KnownDLL: a program that
  // ships its own copy of a DLL polyrun serves only in part (MSVCP140) keeps it.
  bool app_local_first = false;
  // Its own export, or a forwarded one (found where it leads), or `base`'s (or `base_dll`'s).
  const Export* find(const std::string& name) const;
  const Export* find(uint16_t ordinal) const;
  // Every export of its own and every forwarded one the DLL it leads to has (not `base`'s), in that
  // order: what a listing of the DLL's functions shows (DBGHELP's symbols of a built-in DLL).
  std::vector<const Export*> listed_exports() const;
};

// What a host-call thunk leads to.
struct ThunkTarget {
  std::string dll, name;       // for messages and --strace
  const Export* exp = nullptr; // null: not implemented (the program stops if it calls it)
  abi::Convention convention = abi::Convention::Win64;
  std::function<void(WindowsProcess&)> special;  // internal thunks (return to host …)
  std::string label;           // "KERNEL32.dll!GetStdHandle"
};

// Registers a guest call sets besides its arguments: i386 funclets (filters, __finally blocks,
// catch blocks) run with their function's frame in ebp; thiscall methods take `this` in ecx.
struct CallRegs {
  uint64_t frame_pointer = 0, this_reg = 0;
  // x64: each of the first four arguments goes to its XMM register too (XMM0-3), as a caller that
  // does not know which are floating-point passes them (DispCallFunc).
  bool fp_slots = false;
  // i386: the function returns a floating-point value in x87's ST0, which the call pops.
  bool x87_result = false;
};
// What a guest function returned: rax (eax), rdx (edx: a 64-bit result's high half on i386),
// XMM0's low 8 bytes (x64's float and double results), ST0 (CallRegs::x87_result), and on i386
// how many bytes of its stack arguments the function removed (stdcall's; 0 for cdecl).
struct GuestResult {
  uint64_t rax = 0, rdx = 0, xmm0 = 0;
  double st0 = 0;
  int64_t popped = 0;
};

// What core and NTDLL ask of the console, which KERNEL32 keeps (kernel32/console.cpp,
// kernel32/kernel32.cpp) and registers at the process's start (Dll::process_start). Unset, they go
// without: no console control events, no console handle to wait on or read and write natively, no
// terminal to give back.
struct ConsoleHooks {
  // A pending Ctrl-C or Ctrl-Break: starts the thread that runs the console control handlers.
  void (*poll_ctrl)(WindowsProcess& p) = nullptr;
  // The C runtime's SIGINT or SIGBREAK handler changed: they take console control events too.
  void (*ctrl_changed)(WindowsProcess& p) = nullptr;
  // What a wait on the console's input handle waits for (records to read), or null for another handle.
  std::shared_ptr<Waitable> (*waitable)(WindowsProcess& p, uint64_t h) = nullptr;
  // NtWriteFile and NtReadFile of a console handle: what WriteFile and ReadFile do with it (their
  // result and last error, the bytes moved at `done`); nothing for a handle that is not the console's.
  std::optional<int32_t> (*write_file)(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) = nullptr;
  std::optional<int32_t> (*read_file)(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) = nullptr;
  // The process ends: what is left to draw is drawn and the terminal gets back its modes, screen,
  // colours and cursor.
  void (*end)(WindowsProcess& p) = nullptr;
};

// What core asks of the C runtime, which MSVCRT keeps (msvcrt/msvcrt.cpp) and registers at the
// process's start (Dll::process_start). Unset, core goes without: no streams to flush.
struct CrtHooks {
  // Every stdio stream's buffered output written (the process's end; the default console control
  // action), leaving alone a stream another thread is blocked on.
  void (*flush_all)(WindowsProcess& p) = nullptr;
};

// What NTDLL and KERNEL32 ask of overlapped socket I/O, which WS2_32 keeps (ws2_32/io.cpp) and
// registers at the process's start (Dll::process_start). Unset, no socket I/O is pending.
struct SocketHooks {
  // NtCancelIoFileEx, CancelIoEx, CancelIo: the operations on handle `h` (all, or the one with that
  // OVERLAPPED; `thread` non-zero: only those that thread started) complete with STATUS_CANCELLED.
  // How many.
  int (*cancel_io)(WindowsProcess& p, uint64_t h, uint64_t overlapped, uint32_t thread) = nullptr;
};

struct WindowsProcess {
  explicit WindowsProcess(const WindowsIsa& isa_)
      : isa(&isa_), memory(isa_.layout), heap(memory, isa_.limit, lock, heap_options(isa_)) {
    heap.set_low_fragmentation();  // (Windows' process heap has it from the start)
    instance_slot() = this;
  }
  // A heap's options with the ISA's header layout: the process heap's, or (HeapCreate) `flags`.
  static GuestHeap::Options heap_options(const WindowsIsa& isa, uint32_t flags = GuestHeap::kGrowable) {
    GuestHeap::Options o;
    o.flags = flags;
    o.flags_at = isa.heap.flags;
    o.signature_at = isa.heap.signature;
    return o;
  }
  // The process being run: what direct host calls (core/shim.h, direct<F>) serve.
  static WindowsProcess& instance() { return *instance_slot(); }

  const WindowsIsa* isa;
  mem::AddressSpace memory;
  loader::PeImage image;
  std::string exe_path;      // Windows form (Z:\…) for GetModuleFileName
  GuestHeap heap;  // the process heap
  // The heaps HeapCreate made, by handle, and their handles in the order made (kernel32/heap.cpp).
  std::map<uint64_t, std::unique_ptr<GuestHeap>> heaps;
  std::vector<uint64_t> heap_order;
  // A free of a block that is not live ends the process with STATUS_HEAP_CORRUPTION (always for
  // 64-bit programs; HeapSetInformation(HeapEnableTerminationOnCorruption) or a subsystem version
  // of 6 or later for 32-bit ones), rather than failing.
  bool heap_terminates = false;

  uint64_t peb = 0, params = 0;
  uint64_t thunk_base = 0, thunk_capacity = 0;
  // The program's code runs on the host CPU: thunks `call` the host entry (through a stub at the
  // end of the thunk region) instead of executing `int 0x2e`.
  bool native = false;
  WindowsDebugger* debugger = nullptr;  // gdb's hold on the process (-g PORT), or null
  uint64_t native_stub = 0;
  // A function that can be called directly (Export::direct) gets a thunk that calls this stub
  // instead, with the function's address in the direct table (kNativeDirectTableOffset after the
  // thunk). Not with --strace, whose lines the dispatcher writes.
  uint64_t native_direct_stub = 0;
  std::vector<ThunkTarget> thunks;

  // Command line and environment as the guest sees them (allocated in guest memory).
  std::vector<std::string> env;  // VAR=VALUE, names compared without case
  // The environment the process started with, which the registry's Environment keys hold: what the
  // program sets later is its own process's, not the registry's.
  std::vector<std::string> startup_env;
  std::string command_line;
  uint64_t cmdline_a = 0, cmdline_w = 0;

  // Kernel objects: file handles are host file descriptors.
  std::map<uint64_t, int> handle_fd;
  uint64_t next_handle = 0x100;
  // Handles a child made by CreateProcess(bInheritHandles) gets (HANDLE_FLAG_INHERIT), and those
  // this process got from its parent, at the same values (core/windows_handoff.h).
  std::set<uint64_t> inheritable;
  std::set<uint64_t> inherited;
  // What another process can signal (child processes, shared objects): a wait on them may end
  // with no thread of this one left to end it.
  std::atomic<int> outside_signals{0};
  bool helper_threads = false;  // host threads that watch children and shared objects
  std::vector<std::string> child_options;  // polyrun's options for a Windows child (--cpu …)
  // Where this process reports its full 32-bit exit code to the polyrun that started it.
  std::shared_ptr<SharedCell> exit_report;
  uint64_t unhandled_filter = 0;
  std::vector<std::pair<uint64_t, uint64_t>> vectored_handlers;  // AddVectoredExceptionHandler: entry, handler
  std::vector<std::pair<uint64_t, uint64_t>> vectored_continue_handlers;  // AddVectoredContinueHandler
  int32_t thread_priority = 0;                                   // SetThreadPriority
  uint32_t priority_class = 0x20;                                // NORMAL_PRIORITY_CLASS
  bool priority_boost_disabled = false;                          // SetProcessPriorityBoost
  uint64_t handle_for_fd(int fd);
  // A SECURITY_ATTRIBUTES' bInheritHandle (null: not inheritable); `mark_inheritable` records it.
  bool inherits(uint64_t security_attributes) const;
  uint64_t mark_inheritable(uint64_t handle, bool inherit) {
    if (inherit) inheritable.insert(handle);
    return handle;
  }
  int fd_for_handle(uint64_t handle) const;  // -1 if none
  void set_last_error(uint32_t code);
  uint32_t last_error() const;

  // The C runtime's low-level I/O: its descriptors in binary mode (those a parent passed placed
  // by core/windows_handoff.cpp).
  std::map<int, bool> fd_binary;
  // STARTUPINFO's lpReserved2 from the parent (the C runtime's descriptors), and its copy in guest
  // memory that GetStartupInfo gives (0 until asked).
  std::string startup_reserved;
  uint64_t startup_reserved_copy = 0;
  // Handles opened for overlapped I/O (FILE_FLAG_OVERLAPPED): NtQueryInformationFile's
  // FileModeInformation tells them from synchronous ones, as libuv asks of a pipe.
  std::set<uint64_t> overlapped_handles;
  // kernel32's waitable objects (core/waitables.cpp): handles → objects, several handles may share
  // one (DuplicateHandle, named objects).
  std::map<uint64_t, std::shared_ptr<Waitable>> waitables;
  std::map<uint64_t, uint64_t> virtual_allocs;  // VirtualAlloc regions: base → length
  std::map<uint64_t, uint64_t> placeholders;    // MEM_RESERVE_PLACEHOLDER ranges: base → length
  std::set<uint64_t> placeholder_allocations;   // virtual_allocs that replaced a placeholder
  std::map<uint64_t, std::shared_ptr<FileMapping>> file_mappings;  // CreateFileMapping handles
  std::map<uint64_t, uint64_t> mapped_views;  // MapViewOfFile: base → length
  std::set<uint64_t> tokens;                  // advapi32 OpenProcessToken handles
  std::map<uint64_t, std::shared_ptr<void>> snapshots;  // CreateToolhelp32Snapshot handles
  // The object type of a handle whose object is an eventfd of its own (core/handle_objects.h): a
  // completion port's, a job's; kept after CloseHandle (handle values are not reused).
  std::map<uint64_t, const char*> object_types;
  std::map<uint32_t, uint64_t> std_handles;   // SetStdHandle: STD_*_HANDLE → handle
  std::vector<uint64_t> ctrl_handlers;        // SetConsoleCtrlHandler, in the order added
  ConsoleHooks console_hooks;                 // KERNEL32's console, for core
  CrtHooks crt_hooks;                         // MSVCRT's C runtime, for core
  // Natively: polyrun's Win64 leaf functions, [begin, end) of host code a natively running program
  // calls (msvcrt/x64_leaf.S, kernel32/x64_leaf.S …), registered by their DLLs at the process's
  // start. Exception dispatch steps out of them as it does a leaf function of the program's.
  std::vector<std::pair<uint64_t, uint64_t>> leaf_code;
  bool in_leaf_code(uint64_t pc) const {
    for (const auto& [begin, end] : leaf_code)
      if (pc >= begin && pc < end) return true;
    return false;
  }
  SocketHooks socket_hooks;                   // WS2_32's socket I/O, for NTDLL and KERNEL32
  bool ctrl_c_ignored = false;                // SetConsoleCtrlHandler(NULL, TRUE)
  bool file_apis_oem = false;                 // SetFileApisToOEM
  uint32_t error_mode = 0;                    // SetErrorMode
  uint32_t wer_flags = 0;                     // WerSetFlags
  uint64_t affinity = 0;                      // SetProcessAffinityMask (0: every CPU)
  uint64_t created_filetime = 0;              // when the process started (GetProcessTimes)
  std::vector<uint64_t> fls_callbacks;       // FlsAlloc: one per index (0: none)
  // What a DLL keeps per thread and drops when a thread ends (USER32: its windows and queue), run
  // by the ending thread after its DLL_THREAD_DETACH callbacks, in the order registered.
  std::vector<std::function<void(WindowsProcess&, WindowsThread&)>> thread_end_hooks;
  // Run once as the process ends, after its DLLs detached (USER32's: the screenshots).
  std::vector<std::function<void(WindowsProcess&)>> process_end_hooks;
  std::string screenshot_dir;  // --screenshot DIR
  bool headless = false;       // --headless: no display
  // TLS indexes handed out by TlsAlloc. Index 0 is the system's, as on Windows, where the system's
  // own DLLs take the first ones before a program asks (Rust's std asserts it never gets 0).
  uint64_t tls_used = 1;
  std::map<int, uint64_t> signal_handlers;   // msvcrt signal(): SIGINT 2 … SIGABRT 22
  std::vector<uint64_t> onexit;              // _onexit/atexit functions, run at exit
  std::map<std::string, uint64_t> data;      // exported variables by "dll!name"
  // What each DLL keeps for the process (the C runtime's streams, Winsock's WSAStartup count …):
  // dll_state<T>(p), core/dll_state.h.
  DllStates dll_states;

  bool strace = false;
  bool exited = false;
  int exit_code = 0;

  // Threads: the guest thread the calling host thread runs, every live one (the main thread
  // first), and the lock that lets one of them run guest code or polyrun's calls at a time. Waits
  // release the lock and sleep on `sync`, which every change that can end a wait notifies.
  WindowsThread& thread() const { return *current_thread(); }
  cpu::Cpu& cpu() const { return *thread().cpu; }
  uint64_t teb() const { return thread().teb; }
  static WindowsProcess*& instance_slot() {
    static WindowsProcess* p = nullptr;
    return p;
  }
  static WindowsThread*& current_thread() {
    static thread_local WindowsThread* t = nullptr;
    return t;
  }
  std::list<std::shared_ptr<WindowsThread>> threads;
  std::atomic<int> live_threads{1};
  bool had_threads = false;         // a second thread was ever started
  WindowsThread* ending = nullptr;  // the thread that ends the process, once one does
  cpu::ExecutionLock lock;
  std::condition_variable_any sync;
  // Notifies every waiting thread that an object, lock or address may have changed.
  void wake_waiters() { sync.notify_all(); }
  // Counts SetWaitableTimer/CancelWaitableTimer calls: a wait on a timer looks again at when it is due.
  uint64_t timers_set = 0;

  // The SEH state of the calling thread (seh*.cpp).
  using Raise = WindowsThread::Raise;
  using HostFrame = WindowsThread::HostFrame;
  std::vector<Raise>& raises() const { return thread().raises; }
  bool& restore_pending() const { return thread().restore_pending; }
  std::vector<HostFrame>& host_frames() const { return thread().host_frames; }
  std::vector<uint8_t>& restore_context() const { return thread().restore_context; }
  int& hook_depth() const { return thread().hook_depth; }
  bool& returned_to_host() const { return thread().returned_to_host; }
  // Whether the calling thread's guest calls must unwind: the process or the thread is ending.
  bool stopping() const { return exited || thread().exiting; }

  // The value of an environment variable (name without case), if set.
  std::optional<std::string> find_env(const std::string& name) const;
  // Each %NAME% of a set variable replaced by its value; the rest as it is (ExpandEnvironmentStrings,
  // cmd's expansion of a command).
  std::string expand_env(const std::string& s) const;
  // Sets (value) or removes (null) an environment variable; publish: the process parameters'
  // environment block made anew (the caller of a run of changes does that once, at the end:
  // update_process_environment_block).
  void set_env(const std::string& name, const std::string* value, bool publish = true);

  // Guest pointers (4 or 8 bytes) in guest memory.
  void put_ptr(uint64_t addr, uint64_t value) const;
  uint64_t get_ptr(uint64_t addr) const;

  // Guest memory for a variable of `size` bytes, zeroed, never freed.
  uint64_t alloc_data(uint64_t size);
  // A thunk address for a host function (or an unimplemented import).
  uint64_t make_thunk(ThunkTarget target);
  // GetCurrentProcess()'s pseudo handle, -1, as the guest passes it (32 bits wide on i386).
  bool is_current_process(uint64_t handle) const { return handle == (isa->ptr == 4 ? 0xffffffffull : ~0ull); }
  // GetCurrentThread()'s pseudo handle, -2.
  bool is_current_thread(uint64_t handle) const { return handle == (isa->ptr == 4 ? 0xfffffffeull : ~1ull); }
  // A thunk for a built-in DLL's function (`e` null: not implemented, a trap), under the
  // calling convention of that DLL and function on this ISA.
  uint64_t export_thunk(const Dll* dll, const std::string& dll_name, const std::string& name, const Export* e);
  // Calls the built-in DLL `dll`'s function `name` ("kernel32.dll", "CreateFileW") with `args`
  // (pointer-sized each) as a Windows DLL calls its imports: through the function's thunk, under
  // its convention, with its --strace line. Its result (rax / eax), or `missing` where the DLL
  // lacks the function. A DLL calls another's functions so without linking to its folder.
  uint64_t call_export(const char* dll, const char* name, const std::vector<uint64_t>& args, uint64_t missing = 0);
  // The same for a function polyrun's DLL may lack yet: where it does, the program stops as at any
  // call of a function polyrun lacks ("polyrun: unimplemented: LABEL!NAME").
  uint64_t call_export_needed(const char* dll, const char* label, const char* name, const std::vector<uint64_t>& args);
  // The same for a DLL the caller links to, its --strace lines naming it `label` ("USER32.dll",
  // the spelling of the import table it stands for).
  uint64_t call_export(const Dll& dll, const char* label, const char* name, const std::vector<uint64_t>& args,
                       uint64_t missing = 0);
  // The thunk of one of polyrun's own functions (return to the host, stop, a catch block's
  // return …), made on first use.
  uint64_t own_thunk(const char* name, void (*fn)(WindowsProcess&));
  // Runs guest code at `addr` with integer arguments until it returns to the host.
  uint64_t call_guest(uint64_t addr, const std::vector<uint64_t>& args, CallRegs regs = {}) {
    return call_guest_full(addr, args, regs).rax;
  }
  // The same, with every register the function may return a value in (arguments pointer-sized
  // each: on i386 a 64-bit or larger value is passed as its 32-bit words).
  GuestResult call_guest_full(uint64_t addr, const std::vector<uint64_t>& args, CallRegs regs = {});
  // Ends the process (ExitProcess, exit): runs nothing more.
  void terminate(int code);
  // Whether the `bytes` below sp are writable memory: where the program's code can be called or an
  // exception delivered (a program that wrecked its stack pointer has no such stack).
  bool stack_usable(uint64_t sp, uint64_t bytes) const {
    return sp >= 0x1000 && memory.accessible(sp - bytes, bytes, mem::kRead | mem::kWrite);
  }
  // Makes the CPU stop before the guest executes anything more, also when the current host call
  // ran guest code of its own (after a nested run the engine may ignore a plain stop request).
  void stop_guest();
  std::map<void (*)(WindowsProcess&), uint64_t> own_thunks;
  std::map<std::string, uint64_t> export_thunks;  // "DLL!Name" → its thunk
};

// A DLL's state of type T (derived from DllStateBase) for the process or for one thread, made at
// its first use.
template <class T>
T& dll_state(WindowsProcess& p) { return p.dll_states.get<T>(); }
template <class T>
T& dll_state(WindowsThread& t) { return t.dll_states.get<T>(); }

// The DLLs polyrun implements: those the registry above the DLL folders hands over at start-up
// (shims/dll_registry/, install_builtin_dlls), before any Windows program runs.
const std::vector<const Dll*>& builtin_dlls();
void register_builtin_dlls(std::vector<const Dll*> dlls);
const Dll* find_dll(const std::string& name);  // case-insensitive; api-ms-win-crt-* map to msvcrt

// A pending Ctrl-C or Ctrl-Break: starts the thread that runs the console control handlers
// (ConsoleHooks::poll_ctrl).
void poll_console_ctrl(WindowsProcess& p);
// The C runtime's SIGINT or SIGBREAK handler changed: they take console control events too
// (ConsoleHooks::ctrl_changed).
void console_ctrl_changed(WindowsProcess& p);


}  // namespace polyrun::shims
