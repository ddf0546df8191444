// C++ threads on Windows (mingw-w64's POSIX thread model: libstdc++ over winpthreads, itself built on
// the Win32 API): std::thread, std::mutex, std::condition_variable, std::atomic, std::async and
// futures, thread_local objects with destructors, std::this_thread::sleep_for and yield.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

static std::atomic<int> destroyed{0};

struct PerThread {
  int value = 0;
  ~PerThread() { destroyed.fetch_add(1); }
};
static thread_local PerThread per_thread;

int main() {
  // Counting under a mutex and with an atomic.
  std::mutex m;
  long locked_total = 0;
  std::atomic<long> atomic_total{0};
  std::vector<std::thread> threads;
  for (int t = 1; t <= 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        std::lock_guard<std::mutex> g(m);
        locked_total += t;
      }
      for (int i = 0; i < 10000; ++i) atomic_total.fetch_add(t, std::memory_order_relaxed);
    });
  for (auto& th : threads) th.join();
  std::printf("mutex total %ld, atomic total %ld (expected %d)\n", locked_total, atomic_total.load(), 10000 * 10);

  // Producer/consumer on a condition variable.
  std::deque<int> queue;
  std::condition_variable cv;
  bool done = false;
  long long sum = 0;
  int count = 0;
  std::thread consumer([&] {
    std::unique_lock<std::mutex> lk(m);
    for (;;) {
      cv.wait(lk, [&] { return !queue.empty() || done; });
      while (!queue.empty()) {
        sum += queue.front();
        queue.pop_front();
        ++count;
      }
      if (done) return;
    }
  });
  std::thread producer([&] {
    for (int i = 1; i <= 3000; ++i) {
      {
        std::lock_guard<std::mutex> g(m);
        queue.push_back(i);
      }
      cv.notify_one();
      if (i % 500 == 0) std::this_thread::yield();
    }
    {
      std::lock_guard<std::mutex> g(m);
      done = true;
    }
    cv.notify_one();
  });
  producer.join();
  consumer.join();
  std::printf("consumed %d items, sum %lld (expected %d)\n", count, sum, 3000 * 3001 / 2);

  // std::async and futures.
  std::vector<std::future<long long>> parts;
  for (int k = 0; k < 4; ++k)
    parts.push_back(std::async(std::launch::async, [k] {
      long long s = 0;
      for (int i = k * 25000 + 1; i <= (k + 1) * 25000; ++i) s += i;
      return s;
    }));
  long long total = 0;
  for (auto& f : parts) total += f.get();
  std::printf("async sum %lld (expected %lld)\n", total, 100000LL * 100001LL / 2);
  std::promise<int> pr;
  std::future<int> fut = pr.get_future();
  std::thread setter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pr.set_value(99);
  });
  std::printf("future ready at once: %s\n", fut.wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout ? "no" : "yes");
  std::printf("promise value %d\n", fut.get());
  setter.join();

  // thread_local objects: one per thread, destroyed when each thread ends.
  int before = destroyed.load();
  per_thread.value = 1;
  std::vector<std::thread> tl;
  std::atomic<int> own{0};
  for (int t = 0; t < 3; ++t)
    tl.emplace_back([&, t] {
      if (per_thread.value == 0) own.fetch_add(1);
      per_thread.value = t + 10;
    });
  for (auto& th : tl) th.join();
  std::printf("threads with a fresh thread_local: %d of 3, destroyed %d, main's value %d\n", own.load(),
              destroyed.load() - before, per_thread.value);
  std::printf("hardware threads known: %s\n", std::thread::hardware_concurrency() > 0 ? "yes" : "no");
  return 0;
}
