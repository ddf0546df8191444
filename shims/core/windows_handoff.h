// What a Windows process under polyrun hands to a child it starts with CreateProcess, and what the
// child takes over at start-up: its exact command line, the handles it inherits at their values
// (files and pipes as host descriptors; events, semaphores and mutexes as shared cells; processes
// and threads as a pidfd and the cell their exit code is reported in), a cell where the child
// reports its full 32-bit exit code, and for CREATE_SUSPENDED the cell that holds its main thread
// until the parent's ResumeThread. The hand-off is a memfd whose descriptor the child finds in
// POLYRUN_WINDOWS_HANDOFF (removed from the program's environment).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace polyrun::shims {

struct WindowsProcess;
struct Waitable;

// A page of memory shared between processes: an event's or semaphore's count, a mutex's owner and
// recursion count, a suspended main thread's suspend count, or a process's or thread's end (count
// 1) and exit code. Every change bumps `seq` and wakes the futex on it, which the processes'
// watchers wait on.
struct SharedCell {
  struct Page {
    std::atomic<int64_t> count;
    std::atomic<uint32_t> seq;
    std::atomic<uint32_t> exit_set;
    std::atomic<uint32_t> exit_code;
    // A mutex: the owning thread (host thread ids are unique across processes) and its process;
    // `abandoned` once an owner ended holding it.
    std::atomic<uint32_t> owner_tid;
    std::atomic<uint32_t> owner_pid;
    std::atomic<uint32_t> abandoned;
  };
  int fd = -1;
  Page* page = nullptr;
  ~SharedCell();
  static std::shared_ptr<SharedCell> create();  // null when the host refuses
  static std::shared_ptr<SharedCell> open(int fd);
  void changed();
  // Records an exit code unless one is recorded already (the process's own report, TerminateProcess
  // and the parent's reaper race: the first one counts); marks the end (count 1) and wakes.
  void report_exit(uint32_t code);
};

// What this process knows of another process, or of a thread of one, whose handle it holds: its
// id, a pidfd that becomes readable when the process ends, and the cell its end and exit code are
// reported in (a thread of this process that a child inherited: `thread_end`, mirrored from the
// thread's object). A child's main thread shares its process's record; `suspend` holds it before
// its first instruction (CREATE_SUSPENDED). Process times of a child once it is reaped.
struct ProcessRecord {
  uint32_t pid = 0;
  int pidfd = -1;
  std::shared_ptr<SharedCell> end;
  std::shared_ptr<SharedCell> thread_end;
  std::shared_ptr<SharedCell> suspend;
  bool child = false;                       // started by this process (reaped here)
  uint64_t created = 0, exited = 0;         // FILETIMEs (0: unknown, or still running)
  uint64_t kernel_time = 0, user_time = 0;  // 100 ns units, known once a child is reaped
  ~ProcessRecord();
};

constexpr const char* kHandoffVariable = "POLYRUN_WINDOWS_HANDOFF";

struct Handoff {
  std::string command_line;
  struct Handle {
    uint64_t value;
    enum class Kind : int { File, Event, Semaphore, Mutex, Process, Thread } kind;
    // The descriptor at the same number in the child: a file, a shared cell's memfd, or for a
    // process or thread the cell its end is reported in (-1: not known).
    int fd;
    bool manual_reset = false;
    int64_t maximum = 0;
    uint32_t id = 0;           // a process's or thread's id
    int pidfd = -1;            // a process's, or a thread's process's
    int process_end_fd = -1;   // a thread's process's end cell (the thread ends with it)
    bool overlapped = false;   // a file opened for overlapped I/O
  };
  std::vector<Handle> handles;
  uint64_t next_handle = 0x100;
  int exit_report_fd = -1;
  int suspend_fd = -1;  // CREATE_SUSPENDED: the cell whose count holds the main thread
  std::string startup_reserved;  // STARTUPINFO's lpReserved2 bytes (ChildRequest::startup_reserved)
};

// The hand-off as a sealed memfd the child inherits (its descriptor); -1 when it cannot be made.
int write_handoff(const Handoff& h);
// Reads and closes the hand-off the parent left (false when the descriptor is not one).
bool read_handoff(int fd, Handoff& h);

// In the child, at start-up: takes over the parent's command line and handles, removes the
// variable from the program's environment. False when there is no hand-off.
bool take_handoff(WindowsProcess& p);
// Makes an event, semaphore or mutex shareable with other processes (its state moves to a shared
// cell, which core/waitables.cpp reads from then on).
bool share_waitable(WindowsProcess& p, Waitable& w);
// CREATE_SUSPENDED, in the child: waits (before the program's first instruction) until the
// parent's ResumeThread brings the main thread's suspend count to 0; at once without one.
void hold_while_created_suspended(WindowsProcess& p);

// A mutex shared with other processes (its cell): whether thread `me` may take it now, taking it
// (false: another thread of some process took it first; `abandoned` set if its previous owner had
// ended holding it), and releasing it (false: `me` does not own it).
bool shared_mutex_available(const Waitable& w, uint32_t me);
bool shared_mutex_take(Waitable& w, uint32_t me, bool* abandoned);
bool shared_mutex_release(Waitable& w, uint32_t me);
// A process has ended (a child, reaped): the shared mutexes one of its threads held are abandoned
// now rather than at their watchers' next look.
void recheck_shared_mutexes(WindowsProcess& p);

// Signals `w` (a process's or thread's object held by this process) once `record` says it ended:
// its pidfd became readable or its end cell was set; the exit code is the cell's.
void watch_process_end(WindowsProcess& p, std::shared_ptr<Waitable> w, std::shared_ptr<ProcessRecord> record);
// A host thread of polyrun's that waits for what another process does (`wait`, without the lock),
// then changes this process's objects (`changed`, under the lock) and wakes its waiters; it waits
// again while `changed` returns true. Until it ends, waits cannot count on this process alone
// (WindowsProcess::outside_signals).
void watch_outside(WindowsProcess& p, std::function<void()> wait, std::function<bool()> changed);
// Starts the watcher that wakes this process's waiters when a shared cell changes; for a `mutex`,
// it also abandons the mutex when its owner ended holding it (looked for once a second while it is
// held: an owner killed, or one whose thread ended, leaves no word).
void watch_cell(WindowsProcess& p, std::shared_ptr<SharedCell> cell, bool mutex = false);

}  // namespace polyrun::shims
