// The execution lock's two modes and the switch between them: a thread that waits for its turn
// while the holder makes the lock a plain mutex (the first guest thread created while polyrun's
// display thread waits) gets the lock when the holder releases it, and not before.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "cpu-emu/execution_lock.h"

using polyrun::cpu::ExecutionLock;
using namespace std::chrono_literals;

TEST(ExecutionLock, TicketsGoInTurn) {
  ExecutionLock lock;
  lock.acquire();
  std::atomic<int> got{0};
  std::thread other([&] {
    lock.acquire();
    got = 1;
    lock.release();
  });
  while (!lock.contended()) std::this_thread::yield();
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(got.load(), 0);  // held: the other waits
  lock.release();
  other.join();
  EXPECT_EQ(got.load(), 1);
}

TEST(ExecutionLock, AWaiterGetsTheLockAfterTheHolderGoesParallel) {
  // (Kept for ever: a waiter never woken must not be destroyed with it.)
  static ExecutionLock& lock = *new ExecutionLock;
  lock.acquire();
  static std::atomic<bool> in{false};
  std::promise<void> got;
  std::future<void> got_it = got.get_future();
  // (Detached: were the waiter never woken, the test reports it instead of hanging.)
  std::thread([p = std::move(got)]() mutable {
    lock.acquire();
    in = true;
    p.set_value();
    std::this_thread::sleep_for(20ms);
    in = false;
    lock.release();
  }).detach();
  while (!lock.contended()) std::this_thread::yield();
  lock.go_parallel();
  EXPECT_TRUE(lock.parallel());
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(in.load());  // still the holder's
  lock.release();
  ASSERT_EQ(got_it.wait_for(10s), std::future_status::ready) << "the waiter was never given the lock";
  lock.acquire();  // after the waiter's release: a plain mutex now
  EXPECT_FALSE(in.load());
  EXPECT_TRUE(lock.held());
  lock.release();
}
