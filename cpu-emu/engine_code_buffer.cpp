#include "cpu-emu/engine_code_buffer.h"

#include <sys/mman.h>
#include <unistd.h>

namespace polyrun::cpu {
namespace {

thread_local bool t_noting = false;
thread_local EngineCodeBuffer t_noted[4];  // (the engine's other mappings are not executable)
thread_local int t_count = 0;

}  // namespace

void begin_noting_code_buffer() {
  t_count = 0;
  t_noting = true;
}

EngineCodeBuffer end_noting_code_buffer(size_t size) {
  t_noting = false;
  EngineCodeBuffer best;
  for (int i = 0; i < t_count; ++i)
    if ((size ? t_noted[i].size == size : t_noted[i].size > best.size)) best = t_noted[i];
  return best;
}

bool code_buffer_nearly_full(const EngineCodeBuffer& b) {
  if (!b) return false;
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  // Two pages, in case one of them was paged out: at three quarters and seven eighths.
  for (size_t part : {b.size / 4 * 3, b.size / 8 * 7}) {
    const uintptr_t at = (reinterpret_cast<uintptr_t>(b.start) + part) & ~(page - 1);
    unsigned char resident = 0;
    if (mincore(reinterpret_cast<void*>(at), page, &resident) == 0 && (resident & 1)) return true;
  }
  return false;
}

}  // namespace polyrun::cpu

// Every mmap call of the program's own code and its static libraries (the link wraps the names:
// cpu-emu/CMakeLists.txt; the engine's calls are to mmap64), the engine's among them; the C
// library's internal calls are not wrapped.
namespace {
void* noted(void* p, size_t len, int prot, int flags) {
  using namespace polyrun::cpu;
  if (t_noting && p != MAP_FAILED && (prot & PROT_EXEC) && (flags & MAP_ANONYMOUS) &&
      t_count < static_cast<int>(sizeof t_noted / sizeof t_noted[0]))
    t_noted[t_count++] = {static_cast<uint8_t*>(p), len};
  return p;
}
}  // namespace

extern "C" void* __real_mmap(void* addr, size_t len, int prot, int flags, int fd, off_t off);
extern "C" void* __real_mmap64(void* addr, size_t len, int prot, int flags, int fd, off_t off);
extern "C" void* __wrap_mmap(void* addr, size_t len, int prot, int flags, int fd, off_t off) {
  return noted(__real_mmap(addr, len, prot, flags, fd, off), len, prot, flags);
}
extern "C" void* __wrap_mmap64(void* addr, size_t len, int prot, int flags, int fd, off_t off) {
  return noted(__real_mmap64(addr, len, prot, flags, fd, off), len, prot, flags);
}
