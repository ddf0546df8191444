#include "cpu-emu/engine_stats.h"

#include <cstdio>
#include <cstdlib>

namespace polyrun::cpu::stats {

namespace {

const char* const kNames[kCount] = {
    "runs",           "translations",        "block-hook calls",      "invalidations", "invalidated bytes",
    "code syncs",     "map changes",         "engine regions mapped", "engine regions unmapped",
    "TLB flushes",    "catch-ups",           "restarts",              "buffer flushes", "memory faults",
    "faults made again"};

bool start() {
  const char* v = std::getenv("POLYRUN_ENGINE_STATS");
  if (!v || !*v || *v == '0') return false;
  std::atexit(report);
  return true;
}

}  // namespace

bool g_enabled = start();
std::atomic<uint64_t> g_counts[kCount];

void report() {
  static std::atomic<bool> done{false};
  if (!g_enabled || done.exchange(true)) return;
  std::fprintf(stderr, "polyrun: engine events\n");
  for (unsigned i = 0; i < kCount; ++i)
    std::fprintf(stderr, "  %-24s %llu\n", kNames[i], static_cast<unsigned long long>(g_counts[i].load()));
}

}  // namespace polyrun::cpu::stats
