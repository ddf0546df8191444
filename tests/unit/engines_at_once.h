// Test helper: runs several engines of one address space at the same time, as guest threads do —
// each shares the execution lock (going parallel where the ISA's atomics are executed by polyrun),
// and all start running together, so that their atomic instructions contend. The traps each run
// ended with, in engine order.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"

namespace polyrun::test {

inline std::vector<cpu::Trap> run_engines_at_once(std::vector<std::unique_ptr<cpu::Cpu>>& cpus,
                                                  cpu::ExecutionLock& lock) {
  std::vector<cpu::Trap> traps(cpus.size());
  std::atomic<size_t> ready{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < cpus.size(); ++i) {
    threads.emplace_back([&, i] {
      lock.acquire();
      cpus[i]->share_execution(lock);
      lock.release();
      // All start counting at once (else the first may be done before the last starts).
      ready.fetch_add(1);
      while (ready.load() < cpus.size()) std::this_thread::yield();
      lock.acquire();
      traps[i] = cpus[i]->run();
      lock.release();
    });
  }
  for (auto& t : threads) t.join();
  return traps;
}

}  // namespace polyrun::test
