// The engine's translation buffer, watched. Unicorn 2.1.1 starts with its one code region not yet
// claimed (tcg_region_init leaves region.current at 0), so the first time the buffer fills, the
// engine takes that region anew (code written again from its start) without flushing what it had
// translated: the page lists and the hash table still hold blocks whose memory new code now fills,
// and the next invalidation or chained jump through them crashes the host (a JIT that rewrites its
// code fills the 1 GiB buffer in under a minute). Any flush of the whole cache claims the region,
// after which the engine flushes on its own when the buffer fills, as it should (fixed upstream in
// Unicorn 2.1.2, "Init tcg region buffer"). A flush costs the zeroing of the whole buffer (every
// page of it made resident, about 0.7 s for 1 GiB), so polyrun does it once, only for an engine
// whose buffer is three quarters used: UnicornCpu notes the buffer as its engine maps it and looks
// at how far the engine has written (which pages of it are resident: code is written from the
// start onward, and nothing touches the rest before the first fill) every 16 syscalls (host calls
// for Windows programs) and, where the engine has a new-block hook anyway (threads in parallel),
// every 64 translations. (A new-block hook only for this made gdb's interrupt of an i386 program
// land before main now and then: engines without threads have none.)
#pragma once

#include <cstddef>
#include <cstdint>

namespace polyrun::cpu {

struct EngineCodeBuffer {
  uint8_t* start = nullptr;
  size_t size = 0;
  explicit operator bool() const { return start != nullptr; }
};

// Between begin and end, on the calling thread: the buffer an engine created there maps (the
// executable anonymous mapping of the given size; 0 takes the largest). end returns it, or an
// empty buffer when none was mapped (the link of this program does not wrap mmap: see
// cpu-emu/CMakeLists.txt).
void begin_noting_code_buffer();
EngineCodeBuffer end_noting_code_buffer(size_t size);

// Whether the engine has written code into the last quarter of its buffer.
bool code_buffer_nearly_full(const EngineCodeBuffer& b);

}  // namespace polyrun::cpu
