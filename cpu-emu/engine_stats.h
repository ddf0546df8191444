// Counts of what polyrun asks of the CPU engine and what the engine calls back for, process-wide,
// for finding where a program's time goes (bench/README.md). Counting is on only when the
// environment has POLYRUN_ENGINE_STATS set (the count of block-hook calls alone would cost a
// locked add per block otherwise); the counts go to standard error when the process ends.
#pragma once

#include <atomic>
#include <cstdint>

namespace polyrun::cpu::stats {

enum Counter : unsigned {
  Runs,              // uc_emu_start calls
  Translations,      // blocks the engine translated (seen by its new-block hook, when it has one)
  BlockHookCalls,    // calls of the per-block hook
  Invalidations,     // ranges of translated code dropped
  InvalidatedBytes,  // their sizes
  CodeSyncs,         // the guest made code coherent (ic ivau, cacheflush, a serializing instruction)
  MapChanges,        // guest map changes applied to an engine
  RegionsMapped,     // engine regions mapped and unmapped for them
  RegionsUnmapped,
  TlbFlushes,        // whole-TLB flushes polyrun asked for
  CatchUps,          // a thread applied what others changed
  Restarts,          // a hook stopped a run to translate a block again or to catch up
  BufferFlushes,     // translation buffers flushed before they filled (engine_code_buffer.h)
  Faults,            // memory faults the engine reported
  FaultsRetried,     // of them, made again once the thread had caught up
  kCount
};

extern bool g_enabled;
extern std::atomic<uint64_t> g_counts[kCount];

inline void add(Counter c, uint64_t n = 1) {
  if (g_enabled) g_counts[c].fetch_add(n, std::memory_order_relaxed);
}

// Prints the counts (once) if counting is on; also called at exit.
void report();

}  // namespace polyrun::cpu::stats
