#include "syscall-translate/interruptible_syscall.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>

using namespace polyrun::linux_abi;

extern "C" const char polyrun_interruptible_window[], polyrun_interruptible_window_end[], polyrun_interruptible_not_started[];

namespace {

long arg(const void* p) { return static_cast<long>(reinterpret_cast<uintptr_t>(p)); }

TEST(InterruptibleSyscall, MakesTheCallWithItsSixArguments) {
  std::atomic<bool> pending{false};
  long r = interruptible_syscall(pending, SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_GT(r, 0);
  auto* page = reinterpret_cast<volatile char*>(r);
  page[100] = 7;
  EXPECT_EQ(page[100], 7);
  EXPECT_EQ(::munmap(const_cast<char*>(page), 4096), 0);
  // The fifth argument reaches the kernel: a file mapping of a closed descriptor.
  EXPECT_EQ(interruptible_syscall(pending, SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, 12345, 0), -EBADF);
  // Errors come back as -errno.
  EXPECT_EQ(interruptible_syscall(pending, SYS_close, -1), -EBADF);
}

TEST(InterruptibleSyscall, APendingSignalStopsTheCallBeforeItStarts) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK), 0);
  std::atomic<bool> pending{true};
  EXPECT_EQ(interruptible_syscall(pending, SYS_write, fds[1], arg("x"), 1), kNotStarted);
  char c;
  EXPECT_EQ(::read(fds[0], &c, 1), -1);  // nothing was written
  EXPECT_EQ(errno, EAGAIN);
  pending = false;
  EXPECT_EQ(interruptible_syscall(pending, SYS_write, fds[1], arg("y"), 1), 1);
  EXPECT_EQ(::read(fds[0], &c, 1), 1);
  EXPECT_EQ(c, 'y');
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(InterruptibleSyscall, TheHandlerMovesAThreadInsideTheWindowToTheNotStartedReturn) {
  auto at = [](const char* label) { return reinterpret_cast<uintptr_t>(label); };
  auto pc_after = [](uintptr_t pc) {
    ucontext_t uc{};
    uc.uc_mcontext.gregs[REG_RIP] = static_cast<greg_t>(pc);
    interrupt_syscall_before_it_blocks(&uc);
    return static_cast<uintptr_t>(uc.uc_mcontext.gregs[REG_RIP]);
  };
  uintptr_t start = at(polyrun_interruptible_window), end = at(polyrun_interruptible_window_end);
  uintptr_t not_started = at(polyrun_interruptible_not_started);
  // The pending check, and the syscall instruction (two bytes) where the kernel puts a call it
  // restarts.
  EXPECT_EQ(pc_after(start), not_started);
  EXPECT_EQ(pc_after(end - 2), not_started);
  // After the syscall the kernel's answer stands; elsewhere nothing changes.
  EXPECT_EQ(pc_after(end), end);
  EXPECT_EQ(pc_after(start - 1), start - 1);
  interrupt_syscall_before_it_blocks(nullptr);
}

std::atomic<bool> g_pending{false};

void on_signal(int, siginfo_t*, void* uc) {
  g_pending.store(true, std::memory_order_relaxed);
  interrupt_syscall_before_it_blocks(uc);
}

TEST(InterruptibleSyscall, ASignalEndsTheWait) {
  struct sigaction sa {}, old{};
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO;  // no SA_RESTART, as polyrun's host handlers
  sigemptyset(&sa.sa_mask);
  ASSERT_EQ(::sigaction(SIGUSR2, &sa, &old), 0);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  g_pending = false;
  std::atomic<long> result{1};
  std::atomic<pid_t> tid{0};
  std::thread reader([&] {
    tid = ::gettid();
    char c;
    result = interruptible_syscall(g_pending, SYS_read, fds[0], arg(&c), 1);
  });
  // Signal the reader until its read ends, whether the signal finds it waiting or not yet there.
  while (tid == 0) std::this_thread::yield();
  for (int i = 0; i < 5000 && result == 1; ++i) {
    ::syscall(SYS_tgkill, ::getpid(), tid.load(), SIGUSR2);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  reader.join();
  // EINTR from the kernel when the signal found the read waiting, as it almost always does.
  EXPECT_TRUE(result == -EINTR || result == kNotStarted) << result;
  char c;
  ASSERT_EQ(::write(fds[1], "z", 1), 1);  // the pipe is intact: nothing was read
  EXPECT_EQ(::read(fds[0], &c, 1), 1);
  EXPECT_EQ(c, 'z');
  ::close(fds[0]);
  ::close(fds[1]);
  ::sigaction(SIGUSR2, &old, nullptr);
}

}  // namespace
