// C++ threads: std::thread with std::atomic and std::mutex, std::async futures (one of which
// throws across threads), std::condition_variable, thread_local objects with destructors.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

std::atomic<long> destroyed{0};

struct PerThread {
  long value = 0;
  ~PerThread() { destroyed += value; }
};
thread_local PerThread per_thread;

long sum_range(long from, long to) {
  long s = 0;
  for (long i = from; i < to; ++i) s += i % 7;
  return s;
}

}  // namespace

int main() {
  std::atomic<long> counter{0};
  long plain = 0;
  std::mutex m;
  std::vector<std::thread> workers;
  for (int t = 0; t < 6; ++t)
    workers.emplace_back([&, t] {
      per_thread.value = t + 1;
      for (int i = 0; i < 50000; ++i) {
        counter.fetch_add(1);
        std::lock_guard<std::mutex> g(m);
        ++plain;
      }
    });
  for (auto& w : workers) w.join();
  std::printf("atomic %ld, locked %ld, thread_local destructors saw %ld\n", counter.load(), plain, destroyed.load());

  std::vector<std::future<long>> parts;
  for (long k = 0; k < 4; ++k) parts.push_back(std::async(std::launch::async, sum_range, k * 250000, (k + 1) * 250000));
  long total = 0;
  for (auto& f : parts) total += f.get();
  std::printf("async sum %ld (one thread: %ld)\n", total, sum_range(0, 1000000));

  auto failing = std::async(std::launch::async, []() -> int { throw std::runtime_error("thrown in a worker"); });
  try {
    failing.get();
  } catch (const std::exception& e) {
    std::printf("caught on the main thread: %s\n", e.what());
  }

  std::mutex qm;
  std::condition_variable cv;
  std::vector<int> q;
  bool finished = false;
  std::thread consumer([&] {
    long got = 0;
    std::unique_lock<std::mutex> l(qm);
    for (;;) {
      cv.wait(l, [&] { return !q.empty() || finished; });
      got += std::accumulate(q.begin(), q.end(), 0L);
      q.clear();
      if (finished) break;
    }
    std::printf("consumer got %ld\n", got);
  });
  for (int i = 1; i <= 1000; ++i) {
    std::lock_guard<std::mutex> g(qm);
    q.push_back(i);
    cv.notify_one();
  }
  {
    std::lock_guard<std::mutex> g(qm);
    finished = true;
  }
  cv.notify_one();
  consumer.join();
  return 0;
}
