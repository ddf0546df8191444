// The guest-wide execution lock: polyrun serves one guest thread at a time, and — unless the
// process runs its threads in parallel — guest code of two threads never runs at the same moment.
//
// Unicorn translates guest atomics (aarch64 LDXR/STXR, LSE, x86 lock prefixes) as plain
// load/compare/store, so two engines running at once lose updates. Where the CPU backend cannot
// take the atomic instructions out of the engine's hands, every guest thread holds this lock while
// its engine runs and while polyrun serves its calls, releases it around host calls that block,
// and hands it over at safe points (syscalls, and block boundaries once a process has more than
// one thread) when another thread waits; handover is first come, first served. Where it can
// (go_parallel), engines run without the lock, and it guards polyrun's own state alone: a plain
// mutex, which a thread takes to make a syscall or apply another thread's changes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <new>
#include <thread>

namespace polyrun::cpu {

class ExecutionLock {
 public:
  void acquire() {
    if (parallel()) return acquire_parallel();
    std::unique_lock<std::mutex> g(m_);
    uint64_t ticket = next_++;
    waiting_.fetch_add(1, std::memory_order_relaxed);
    // (A thread that waits as the holder goes parallel takes the mutex instead: its ticket is
    // never served.)
    cv_.wait(g, [&] { return serving_ == ticket || parallel(); });
    waiting_.fetch_sub(1, std::memory_order_relaxed);
    if (parallel()) {
      g.unlock();
      return acquire_parallel();
    }
    held_since_ = std::chrono::steady_clock::now();
    note_holder();
  }
  // Notifies under the mutex: once the next holder has the lock, the one that released it no
  // longer touches it (a thread's last release may be followed by the process ending).
  void release() {
    if (parallel()) {
      owner_.store(std::thread::id(), std::memory_order_relaxed);
      pm_.unlock();
      return;
    }
    std::lock_guard<std::mutex> g(m_);
    ++serving_;
    cv_.notify_all();
  }
  // In a child process made by fork while this thread held the lock: the threads that waited
  // do not exist there, and the mutex may have been caught held by one of them.
  void reset_after_fork() {
    if (parallel()) {
      new (&pm_) std::mutex();
      pm_.lock();
      owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
      return;
    }
    new (&m_) std::mutex();
    new (&cv_) std::condition_variable();
    next_ = serving_ + 1;
    waiting_.store(0, std::memory_order_relaxed);
  }
  // From now on the lock guards polyrun's state only (engines run without it): a plain mutex,
  // with no handover. Called by the holder; threads waiting for their turn then (polyrun's own
  // host threads, a display's) queue for the mutex instead.
  void go_parallel() {
    if (parallel()) return;
    pm_.lock();
    owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
    std::lock_guard<std::mutex> g(m_);
    ++serving_;
    parallel_.store(true, std::memory_order_release);
    cv_.notify_all();
  }
  bool parallel() const { return parallel_.load(std::memory_order_acquire); }
  // Whether the calling thread holds the lock. Before go_parallel only the holder runs polyrun's
  // code (a thread that released it around a blocking call makes no other call meanwhile); after,
  // a natively running thread calls some host functions directly, without it.
  bool held() const { return !parallel() || owner_.load(std::memory_order_relaxed) == std::this_thread::get_id(); }
  // How many times the lock went to a thread other than its previous holder, in either mode
  // (read by the holder: a value that moved since the holder last read it means another thread
  // held it meanwhile).
  uint64_t holder_changes() const { return changes_; }
  // True when another thread waits for the lock (read without the mutex: a hint).
  bool contended() const { return !parallel() && waiting_.load(std::memory_order_relaxed) > 0; }
  // Lets the threads that wait run first, then takes the lock again.
  void yield() {
    if (!contended()) return;
    release();
    acquire();
  }
  // The same at a preemption point, once the holder has had its time slice: handing over at every
  // block would make threads that compute take turns block by block, in host context switches.
  void yield_after_slice() {
    if (!contended() || std::chrono::steady_clock::now() - held_since_ < kSlice) return;
    release();
    acquire();
  }

 private:
  void acquire_parallel() {
    pm_.lock();
    owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
    note_holder();
  }
  void note_holder() {
    if (last_holder_ != std::this_thread::get_id()) {
      last_holder_ = std::this_thread::get_id();
      ++changes_;
    }
  }

  static constexpr std::chrono::microseconds kSlice{2000};
  std::chrono::steady_clock::time_point held_since_;  // written by the holder only
  std::mutex m_;
  std::condition_variable cv_;
  uint64_t next_ = 0, serving_ = 0;
  std::thread::id last_holder_{};  // written by the holder only
  uint64_t changes_ = 0;           // likewise
  std::atomic<int> waiting_{0};
  std::atomic<bool> parallel_{false};  // set once, by the holder (under m_)
  std::mutex pm_;           // the lock in parallel execution
  std::atomic<std::thread::id> owner_{};  // its holder (each thread only compares with itself)
};

// Releases the lock for the duration of a host call that may block.
class Unlocked {
 public:
  explicit Unlocked(ExecutionLock& l) : l_(l) { l_.release(); }
  ~Unlocked() { l_.acquire(); }
  Unlocked(const Unlocked&) = delete;
  Unlocked& operator=(const Unlocked&) = delete;

 private:
  ExecutionLock& l_;
};

}  // namespace polyrun::cpu
