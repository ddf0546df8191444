// polyrun's thread pointer (the FS base glibc's thread-local storage hangs from) kept safe from
// guest code that runs natively. x86-64 Windows code never needs FS, but it may load the register
// (`mov fs, r16`): a null or GDT selector makes the base 0 and every thread-local access of
// polyrun's fault. The base each thread had when it first entered guest code is remembered in a
// table reached without thread-local storage, and a signal handler that may interrupt guest code
// puts it back before anything else (restore_thread_pointer, or its handler wrapper).
#pragma once

#include <signal.h>

namespace polyrun::cpu {

// The calling thread's thread pointer, remembered (for the thread's life) where
// restore_thread_pointer finds it. Idempotent; cheap after the first call on a thread.
void remember_thread_pointer();

// If this thread's FS base is not the one remembered for it, puts it back and returns true.
// Async-signal-safe; touches no thread-local storage, errno included (so it may run first in a
// handler that guest code with a wrecked FS interrupted).
bool restore_thread_pointer() noexcept;

// A signal handler that puts the thread pointer back before `Handler` runs (which may then use
// thread-local storage freely), in either form sigaction takes.
template <void (*Handler)(int, siginfo_t*, void*)>
[[gnu::no_stack_protector]] void with_thread_pointer(int sig, siginfo_t* si, void* context) {
  restore_thread_pointer();
  asm volatile("" ::: "memory");
  Handler(sig, si, context);
}
template <void (*Handler)(int)>
[[gnu::no_stack_protector]] void with_thread_pointer(int sig) {
  restore_thread_pointer();
  asm volatile("" ::: "memory");
  Handler(sig);
}

}  // namespace polyrun::cpu
