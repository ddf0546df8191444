// Guest threads (Linux): each guest thread is a host thread running an engine of its own over the
// one guest address space, one at a time under the process's execution lock.
#pragma once

#include <cstdint>

#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

struct ThreadStart {
  uint64_t flags = 0;  // clone flags (CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID/CLEARTID)
  uint64_t stack = 0;  // the new thread's stack pointer, or 0 for the creator's
  uint64_t parent_tid = 0, child_tid = 0, tls = 0;
};

// Starts a guest thread that continues from the calling thread's registers with 0 as the
// syscall's result. Returns its tid, or -errno.
int64_t start_thread(LinuxProcess& p, const ThreadStart& s);

// Runs the calling thread's guest code until the thread exits (returns 0) or the process ends
// (returns polyrun's exit status, main thread; other threads end the process themselves).
int run_guest_thread(LinuxProcess& p);

// In a child process made by fork: only the calling thread goes on; the others' engines are
// dropped.
void keep_only_calling_thread(LinuxProcess& p);

// What the calling thread leaves behind when it exits: its tid word cleared and woken, its
// engine gone; then the lock is released. The main thread then waits for the process to end.
void finish_thread(LinuxProcess& p);

}  // namespace polyrun::linux_abi
