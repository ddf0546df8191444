// What a Windows process under polyrun hands to a child it starts with CreateProcess, and what the
// child takes over at start-up: its exact command line, the handles it inherits at their values
// (files and pipes as host descriptors, events and semaphores as shared cells), and a cell where
// the child reports its full 32-bit exit code. The hand-off is a memfd whose descriptor the child
// finds in POLYRUN_WINDOWS_HANDOFF (removed from the program's environment).
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

// A page of memory shared between processes: an event's or semaphore's count, or a child's exit
// code. Every change bumps `seq` and wakes the futex on it, which the processes' watchers wait on.
struct SharedCell {
  struct Page {
    std::atomic<int64_t> count;
    std::atomic<uint32_t> seq;
    std::atomic<uint32_t> exit_set;
    std::atomic<uint32_t> exit_code;
  };
  int fd = -1;
  Page* page = nullptr;
  ~SharedCell();
  static std::shared_ptr<SharedCell> create();  // null when the host refuses
  static std::shared_ptr<SharedCell> open(int fd);
  void changed();
};

constexpr const char* kHandoffVariable = "POLYRUN_WINDOWS_HANDOFF";

struct Handoff {
  std::string command_line;
  struct Handle {
    uint64_t value;
    enum class Kind : int { File, Event, Semaphore } kind;
    int fd;  // the descriptor at the same number in the child (a file, or a shared cell's memfd)
    bool manual_reset;
    int64_t maximum;
  };
  std::vector<Handle> handles;
  uint64_t next_handle = 0x100;
  int exit_report_fd = -1;
};

// The hand-off as a sealed memfd the child inherits (its descriptor); -1 when it cannot be made.
int write_handoff(const Handoff& h);
// Reads and closes the hand-off the parent left (false when the descriptor is not one).
bool read_handoff(int fd, Handoff& h);

// In the child, at start-up: takes over the parent's command line and handles, removes the
// variable from the program's environment. False when there is no hand-off.
bool take_handoff(WindowsProcess& p);
// Makes an event or semaphore shareable with other processes (its count moves to a shared cell).
bool share_waitable(WindowsProcess& p, Waitable& w);
// A host thread of polyrun's that waits for what another process does (`wait`, without the lock),
// then changes this process's objects (`changed`, under the lock) and wakes its waiters; it waits
// again while `changed` returns true. Until it ends, waits cannot count on this process alone
// (WindowsProcess::outside_signals).
void watch_outside(WindowsProcess& p, std::function<void()> wait, std::function<bool()> changed);
// Starts the watcher that wakes this process's waiters when a shared cell changes.
void watch_cell(WindowsProcess& p, std::shared_ptr<SharedCell> cell);
// Whether `h` is a handle this process inherited from the process `process_handle` names (its
// parent): DuplicateHandle from that process reaches it (kernel32_process.cpp).
bool inherited_from(WindowsProcess& p, uint64_t process_handle, uint64_t h);

}  // namespace polyrun::shims
