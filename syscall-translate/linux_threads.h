// Guest threads (Linux): each guest thread is a host thread running an engine of its own over the
// one guest address space, one at a time under the process's execution lock.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

struct ThreadStart {
  uint64_t flags = 0;  // clone flags (CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID/CLEARTID)
  uint64_t stack = 0;  // the new thread's stack pointer, or 0 for the creator's
  uint64_t parent_tid = 0, child_tid = 0, tls = 0;
  int tls_reg = -1;    // the register CLONE_SETTLS sets to tls
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

// What Linux does with a dying thread's robust list (set_robust_list): every futex word on it
// that `tid` still owns gets FUTEX_OWNER_DIED and, if it has waiters, one is woken, so the next
// locker sees EOWNERDEAD; the entry in list_op_pending is woken even when unowned, as a lock or
// unlock may have been cut short. `head` is the guest's struct robust_list_head, its fields and
// links words of `word_size` bytes.
void release_robust_list(const mem::AddressSpace& memory, uint64_t head, unsigned word_size, pid_t tid, bool big_endian);

// The process ends (exit_group, the last thread's exit, a fatal signal): as Linux does for each of
// its threads, the robust list of every thread that has not exited is released.
void release_robust_lists(LinuxProcess& p);

// What the calling thread leaves behind when it exits: its tid word cleared and woken, its
// engine gone; then the lock is released. The main thread then waits for the process to end.
void finish_thread(LinuxProcess& p);

}  // namespace polyrun::linux_abi
