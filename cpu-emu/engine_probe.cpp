// polyrun_engine_probe: measures, on the Unicorn engine it is built against, the engine facts
// polyrun's workarounds rest on (region cap, unmap cost, store slow path, fault pc, translation
// cache flush, TLB type, i386 FS base, x86 double fault, start/stop round trip, i386 instruction
// hooks). One line per fact: key, value, note. The same source builds against Unicorn 2.0.1 and
// 2.1.x:
//   cmake --build <dir> --target polyrun_engine_probe        (the engine polyrun links: 2.1)
//   g++ -O2 cpu-emu/engine_probe.cpp -lunicorn -lpthread     (the system's engine, e.g. 2.0.1)
// Timings are the best of 3 runs; the machine is shared, so compare ratios rather than times.
// Not part of polyrun nor of the test suite.
#include <unicorn/unicorn.h>

#include "x86_descriptor.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#define PROBE_UC_2_1 (UC_API_MAJOR > 2 || (UC_API_MAJOR == 2 && UC_API_MINOR >= 1))

namespace {

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

template <class F>
uint64_t best3(F f) {
  uint64_t best = ~0ull;
  for (int i = 0; i < 3; ++i) best = std::min<uint64_t>(best, f());
  return best;
}

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, f);
  vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

void row(const std::string& key, const std::string& value, const std::string& note = "") {
  std::printf("%-38s %-24s %s\n", key.c_str(), value.c_str(), note.c_str());
  std::fflush(stdout);
}

long rss_kib() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// ---- aarch64 guest code (assembled with aarch64-linux-gnu-as; offsets below) ----
const uint32_t kA64[] = {
    0xf9000001,  // 000 store_loop:    str x1, [x0]
    0xf9000401,  // 004                str x1, [x0, #8]
    0xf9000801,  // 008                str x1, [x0, #16]
    0xf9000c01,  // 00c                str x1, [x0, #24]
    0xf9001001,  // 010                str x1, [x0, #32]
    0xf9001401,  // 014                str x1, [x0, #40]
    0xf9001801,  // 018                str x1, [x0, #48]
    0xf9001c01,  // 01c                str x1, [x0, #56]
    0xf1000442,  // 020                subs x2, x2, #0x1
    0x54fffee1,  // 024                b.ne 0 <store_loop>
    0xd503201f,  // 028 store_end:     nop
    0xf9400003,  // 02c load_loop:     ldr x3, [x0]
    0xf9400403,  // 030                ldr x3, [x0, #8]
    0xf9400803,  // 034                ldr x3, [x0, #16]
    0xf9400c03,  // 038                ldr x3, [x0, #24]
    0xf9401003,  // 03c                ldr x3, [x0, #32]
    0xf9401403,  // 040                ldr x3, [x0, #40]
    0xf9401803,  // 044                ldr x3, [x0, #48]
    0xf9401c03,  // 048                ldr x3, [x0, #56]
    0xf1000442,  // 04c                subs x2, x2, #0x1
    0x54fffee1,  // 050                b.ne 2c <load_loop>
    0xd503201f,  // 054 load_end:      nop
    0xaa0603e0,  // 058 spread_outer:  mov x0, x6
    0xf9400003,  // 05c spread_inner:  ldr x3, [x0]
    0x91000463,  // 060                add x3, x3, #0x1
    0xf9000003,  // 064                str x3, [x0]
    0x8b040000,  // 068                add x0, x0, x4
    0xeb05001f,  // 06c                cmp x0, x5
    0x54ffff63,  // 070                b.cc 5c <spread_inner>
    0xf1000442,  // 074                subs x2, x2, #0x1
    0x54ffff01,  // 078                b.ne 58 <spread_outer>
    0xd503201f,  // 07c spread_end:    nop
    0xd63f00c0,  // 080 call_loop:     blr x6
    0xf1000442,  // 084                subs x2, x2, #0x1
    0x54ffffc1,  // 088                b.ne 80 <call_loop>
    0xd503201f,  // 08c call_end:      nop
    0x910004e7,  // 090 call_func:     add x7, x7, #0x1
    0xd65f03c0,  // 094                ret
    0x100001ca,  // 098 interp:        adr x10, d0 <op0>
    0xf90000aa,  // 09c                str x10, [x5]
    0x100001ca,  // 0a0                adr x10, d8 <op1>
    0xf90004aa,  // 0a4                str x10, [x5, #8]
    0x100001ca,  // 0a8                adr x10, e0 <op2>
    0xf90008aa,  // 0ac                str x10, [x5, #16]
    0x1000020a,  // 0b0                adr x10, f0 <op3>
    0xf9000caa,  // 0b4                str x10, [x5, #24]
    0x1000024a,  // 0b8                adr x10, 100 <op4>
    0xf90010aa,  // 0bc                str x10, [x5, #32]
    0xaa0003e1,  // 0c0 interp_start:  mov x1, x0
    0x38401423,  // 0c4 dispatch:      ldrb w3, [x1], #1
    0xf86378a4,  // 0c8                ldr x4, [x5, x3, lsl #3]
    0xd61f0080,  // 0cc                br x4
    0x91000d29,  // 0d0 op0:           add x9, x9, #0x3
    0x17fffffc,  // 0d4                b c4 <dispatch>
    0xca490d29,  // 0d8 op1:           eor x9, x9, x9, lsr #3
    0x17fffffa,  // 0dc                b c4 <dispatch>
    0xf940010a,  // 0e0 op2:           ldr x10, [x8]
    0x8b09014a,  // 0e4                add x10, x10, x9
    0xf900010a,  // 0e8                str x10, [x8]
    0x17fffff6,  // 0ec                b c4 <dispatch>
    0xf240013f,  // 0f0 op3:           tst x9, #0x1
    0x54000040,  // 0f4                b.eq fc <op3+0xc>
    0x91001d29,  // 0f8                add x9, x9, #0x7
    0x17fffff2,  // 0fc                b c4 <dispatch>
    0xf1000442,  // 100 op4:           subs x2, x2, #0x1
    0x54fffde1,  // 104                b.ne c0 <interp_start>
    0xd503201f,  // 108 interp_end:    nop
    0xd2800021,  // 10c fault_load:    mov x1, #0x1
    0x91000822,  // 110                add x2, x1, #0x2
    0x91000c43,  // 114                add x3, x2, #0x3
    0xf9400124,  // 118                ldr x4, [x9]
    0x91000485,  // 11c                add x5, x4, #0x1
    0xd503201f,  // 120 fault_load_end: nop
    0xd2800021,  // 124 fault_store:   mov x1, #0x1
    0x91000822,  // 128                add x2, x1, #0x2
    0x91000c43,  // 12c                add x3, x2, #0x3
    0xf9000123,  // 130                str x3, [x9]
    0x91000465,  // 134                add x5, x3, #0x1
    0xd503201f,  // 138 fault_store_end: nop
    0x91000400,  // 13c exit_one:      add x0, x0, #0x1
    0xd503201f,  // 140 exit_at:       nop
    0x91000400,  // 144 svc_one:       add x0, x0, #0x1
    0xd4000001,  // 148                svc #0x0
    0xd503201f,  // 14c svc_end:       nop
};
enum : uint64_t {
    kStoreLoop = 0x0,
    kStoreEnd = 0x28,
    kLoadLoop = 0x2c,
    kLoadEnd = 0x54,
    kSpreadOuter = 0x58,
    kSpreadInner = 0x5c,
    kSpreadEnd = 0x7c,
    kCallLoop = 0x80,
    kCallEnd = 0x8c,
    kCallFunc = 0x90,
    kInterp = 0x98,
    kInterpStart = 0xc0,
    kDispatch = 0xc4,
    kOp0 = 0xd0,
    kOp1 = 0xd8,
    kOp2 = 0xe0,
    kOp3 = 0xf0,
    kOp4 = 0x100,
    kInterpEnd = 0x108,
    kFaultLoad = 0x10c,
    kFaultLoadEnd = 0x120,
    kFaultStore = 0x124,
    kFaultStoreEnd = 0x138,
    kExitOne = 0x13c,
    kExitAt = 0x140,
    kSvcOne = 0x144,
    kSvcEnd = 0x14c,
};
constexpr uint32_t kA64Nop = 0xd503201f, kA64AddX0_1 = 0x91000400, kA64AddX0_2 = 0x91000800;

// Guest layout of an aarch64 engine.
constexpr uint64_t kCode = 0x100000;    // the code above, R-X, 64 KiB
constexpr uint64_t kCode2 = 0x110000;   // RWX page: `add x0, x0, #1; nop`, translated by tests
constexpr uint64_t kNoCode = 0x120000;  // RWX page never executed
constexpr uint64_t kData = 0x200000;    // RW, 64 KiB: interpreter table, bytecode, cells
constexpr uint64_t kSpread = 0x1000000; // RW, kSpreadBytes split into N regions
constexpr size_t kSpreadBytes = 4096000;  // 1000 host pages: divisible into 1, 10, 100, 500 regions
constexpr uint64_t kUnmapped = 0x7000000;

struct Engine {
  uc_engine* uc = nullptr;
  std::vector<std::pair<void*, size_t>> host;
  uc_err open_err = UC_ERR_OK;

  Engine(uc_arch arch, uc_mode mode, uint32_t tcg_mib = 0) {
    open_err = uc_open(arch, mode, &uc);
    if (open_err != UC_ERR_OK) {
      std::fprintf(stderr, "uc_open: %s\n", uc_strerror(open_err));
      std::exit(1);
    }
#if PROBE_UC_2_1
    if (tcg_mib) uc_ctl_set_tcg_buffer_size(uc, tcg_mib << 20);
#else
    (void)tcg_mib;
#endif
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine() {
    if (uc) uc_close(uc);
    for (auto& h : host) munmap(h.first, h.second);
  }
  // Host memory mapped into the engine, as polyrun does (uc_mem_map_ptr).
  uint8_t* map(uint64_t addr, size_t size, uint32_t perms) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) std::abort();
    uc_err e = uc_mem_map_ptr(uc, addr, size, perms, p);
    if (e != UC_ERR_OK) {
      std::fprintf(stderr, "uc_mem_map_ptr %#" PRIx64 " +%zu: %s\n", addr, size, uc_strerror(e));
      std::exit(1);
    }
    host.emplace_back(p, size);
    return static_cast<uint8_t*>(p);
  }
  void set(int reg, uint64_t v) { uc_reg_write(uc, reg, &v); }
  uint64_t get(int reg) {
    uint64_t v = 0;
    uc_reg_read(uc, reg, &v);
    return v;
  }
  uc_err run(uint64_t begin, uint64_t until) { return uc_emu_start(uc, begin, until, 0, 0); }
};

struct Arm : Engine {
  uint8_t* code2 = nullptr;
  explicit Arm(int spread_regions = 1, uint32_t tcg_mib = 0) : Engine(UC_ARCH_ARM64, UC_MODE_ARM, tcg_mib) {
    std::memcpy(map(kCode, 0x10000, UC_PROT_READ | UC_PROT_EXEC), kA64, sizeof kA64);
    code2 = map(kCode2, 0x1000, UC_PROT_ALL);
    const uint32_t two[] = {kA64AddX0_1, kA64Nop};
    std::memcpy(code2, two, sizeof two);
    map(kNoCode, 0x1000, UC_PROT_ALL);
    map(kData, 0x10000, UC_PROT_READ | UC_PROT_WRITE);
    if (spread_regions > 0) {
      size_t each = kSpreadBytes / static_cast<size_t>(spread_regions);
      for (int i = 0; i < spread_regions; ++i) map(kSpread + i * each, each, UC_PROT_READ | UC_PROT_WRITE);
    }
  }
  uc_err call(uint64_t off, uint64_t end_off) { return run(kCode + off, kCode + end_off); }
  void x(int n, uint64_t v) { set(UC_ARM64_REG_X0 + n, v); }
  uint64_t x(int n) { return get(UC_ARM64_REG_X0 + n); }
};

// ---- workloads (aarch64) ----

// ns per access (a load, an add and a store) over [kSpread, kSpread + bytes) every `stride` bytes.
double spread_ns(Arm& a, uint64_t stride, uint64_t bytes, uint64_t passes) {
  uint64_t per_pass = (bytes + stride - 1) / stride;
  uint64_t t = best3([&] {
    a.x(6, kSpread);
    a.x(5, kSpread + bytes);
    a.x(4, stride);
    a.x(2, passes);
    uint64_t t0 = now_ns();
    a.call(kSpreadOuter, kSpreadEnd);
    return now_ns() - t0;
  });
  return static_cast<double>(t) / static_cast<double>(per_pass * passes);
}
// Misses the engine's TLB on every access: a new 1 KiB guest page each time, 3,969 pages.
double spread_miss_ns(Arm& a) { return spread_ns(a, 1032, kSpreadBytes, 40); }
// Hits: 64 KiB, every 64 bytes.
double spread_hit_ns(Arm& a) { return spread_ns(a, 64, 65536, 200); }

// ns per call through blr / ret (two indirect jumps: two TB lookups).
double call_ns(Arm& a) {
  const uint64_t n = 300000;
  uint64_t t = best3([&] {
    a.x(6, kCode + kCallFunc);
    a.x(2, n);
    uint64_t t0 = now_ns();
    a.call(kCallLoop, kCallEnd);
    return now_ns() - t0;
  });
  return static_cast<double>(t) / n;
}

// ns per bytecode op of a jump-table interpreter (ldrb, ldr, br per op; branchy handlers).
double interp_ns(Arm& a) {
  const int len = 256;
  uint8_t bc[len];
  uint32_t s = 12345;
  for (int i = 0; i < len - 1; ++i) {
    s = s * 1103515245u + 12345u;
    bc[i] = static_cast<uint8_t>((s >> 16) % 4);
  }
  bc[len - 1] = 4;
  uc_mem_write(a.uc, kData + 0x1000, bc, len);
  const uint64_t runs = 4000;
  uint64_t t = best3([&] {
    a.x(0, kData + 0x1000);
    a.x(5, kData);
    a.x(8, kData + 0x2000);
    a.x(2, runs);
    uint64_t t0 = now_ns();
    a.call(kInterp, kInterpEnd);
    return now_ns() - t0;
  });
  return static_cast<double>(t) / static_cast<double>(runs * len);
}

// ns per load or store of 8 bytes to `target` (8 per loop iteration).
double store_ns(Arm& a, uint64_t target, bool load = false) {
  const uint64_t n = 100000;
  uint64_t t = best3([&] {
    a.x(0, target);
    a.x(1, 0x1111);
    a.x(2, n);
    uint64_t t0 = now_ns();
    if (load) a.call(kLoadLoop, kLoadEnd);
    else a.call(kStoreLoop, kStoreEnd);
    return now_ns() - t0;
  });
  return static_cast<double>(t) / (8.0 * n);
}

// ---- 1. memory regions ----

struct CapResult {
  volatile long count;
  volatile int err;
  volatile int timed_out;
  volatile double us_per_map_at_500;
  volatile double us_per_map_at_1000;
  volatile double us_per_map_last;
};

void region_cap(const char* key, uc_arch arch, uc_mode mode, uint32_t page_size, int seconds) {
  auto* r = static_cast<CapResult*>(mmap(nullptr, sizeof(CapResult), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  std::memset(const_cast<CapResult*>(r), 0, sizeof *r);
  char errfile[] = "/tmp/polyrun_engine_probe_XXXXXX";
  int efd = mkstemp(errfile);
  const long limit = 20000;
  const uint64_t stride = 0x2000;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(efd, 2);
    uc_engine* uc = nullptr;
    if (uc_open(arch, mode, &uc) != UC_ERR_OK) _exit(2);
    if (page_size) {
      uc_err e = uc_ctl_set_page_size(uc, page_size);
      if (e != UC_ERR_OK) {
        r->err = -static_cast<int>(e);
        _exit(0);
      }
    }
    void* host = mmap(nullptr, limit * stride, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    uint64_t start = now_ns(), batch = start;
    for (long i = 0; i < limit; ++i) {
      uc_err e = uc_mem_map_ptr(uc, 0x10000000 + i * stride, 0x1000, UC_PROT_READ | UC_PROT_WRITE,
                                static_cast<char*>(host) + i * stride);
      if (e != UC_ERR_OK) {
        r->err = static_cast<int>(e);
        _exit(0);
      }
      r->count = i + 1;
      if ((i + 1) % 250 == 0) {
        uint64_t t = now_ns();
        double us = static_cast<double>(t - batch) / 250e3;
        if (i + 1 == 500) r->us_per_map_at_500 = us;
        if (i + 1 == 1000) r->us_per_map_at_1000 = us;
        r->us_per_map_last = us;
        batch = t;
        if (t - start > static_cast<uint64_t>(seconds) * 1000000000ull) {
          r->timed_out = 1;
          _exit(0);
        }
      }
    }
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  char msg[200] = {};
  lseek(efd, 0, SEEK_SET);
  ssize_t got = read(efd, msg, sizeof msg - 1);
  if (got > 0) {
    msg[got] = 0;
    if (char* nl = std::strchr(msg, '\n')) *nl = 0;
  }
  close(efd);
  unlink(errfile);
  std::string v, note;
  if (r->err < 0) {
    v = "n/a";
    note = fmt("uc_ctl_set_page_size(%u): %s", page_size, uc_strerror(static_cast<uc_err>(-r->err)));
    row(key, v, note);
    munmap(const_cast<CapResult*>(r), sizeof *r);
    return;
  } else if (WIFSIGNALED(status)) {
    v = fmt("abort@%ld", r->count + 1);
    const char* m = std::strstr(msg, "Assertion");
    note = fmt("signal %d after %ld regions: %.48s", WTERMSIG(status), r->count, m ? m : msg);
  } else if (r->err) {
    v = fmt("fail@%ld", r->count + 1);
    note = uc_strerror(static_cast<uc_err>(r->err));
  } else {
    v = fmt(">=%ld", r->count);
    note = r->timed_out ? fmt("stopped after %d s", seconds) : std::string("no failure up to the probe's limit");
  }
  note += fmt("; uc_mem_map_ptr %.0f us at 500 regions, %.0f at 1000, %.0f at the last", r->us_per_map_at_500,
               r->us_per_map_at_1000, r->us_per_map_last);
  row(key, v, note);
  munmap(const_cast<CapResult*>(r), sizeof *r);
}

void regions() {
  region_cap("1.region cap, arm64", UC_ARCH_ARM64, UC_MODE_ARM, 0, 6);
  region_cap("1.region cap, arm64 page size 4K", UC_ARCH_ARM64, UC_MODE_ARM, 4096, 6);
  region_cap("1.region cap, x86-64", UC_ARCH_X86, UC_MODE_64, 0, 3);
  double miss1 = 0, hit1 = 0, call1 = 0;
  for (int k : {1, 10, 100, 500}) {
    Arm a(k);
    double miss = spread_miss_ns(a), hit = spread_hit_ns(a), call = call_ns(a);
    if (k == 1) {
      miss1 = miss;
      hit1 = hit;
      call1 = call;
      row("1.tlb-miss ld+st, 1 region", fmt("%.1f ns", miss), "per access, a new 1K page each");
      row("1.tlb-hit ld+st, 1 region", fmt("%.1f ns", hit), "per access");
      row("1.blr+ret, 1 region", fmt("%.1f ns", call), "per call (two TB lookups)");
    } else {
      row(fmt("1.tlb-miss ld+st, %d regions", k), fmt("x%.2f", miss / miss1), fmt("%.1f ns", miss));
      row(fmt("1.tlb-hit ld+st, %d regions", k), fmt("x%.2f", hit / hit1), fmt("%.1f ns", hit));
      row(fmt("1.blr+ret, %d regions", k), fmt("x%.2f", call / call1), fmt("%.1f ns", call));
    }
  }
}

// ---- 2. map / protect / unmap ----

void unmap_cost() {
  Arm a;
  a.run(kCode2, kCode2 + 4);  // the engine is running: unmapping flushes its TLB
  const uint64_t base = 0x40000000;
  for (size_t mib : {1, 10, 40}) {
    size_t size = mib << 20;
    uint64_t tmap = ~0ull, tprot = ~0ull, tunmap = ~0ull, tsplit = ~0ull, tunmap3 = ~0ull;
    for (int i = 0; i < 3; ++i) {
      void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      uint64_t t0 = now_ns();
      uc_mem_map_ptr(a.uc, base, size, UC_PROT_READ | UC_PROT_WRITE, p);
      uint64_t t1 = now_ns();
      uc_mem_protect(a.uc, base, size, UC_PROT_READ);
      uint64_t t2 = now_ns();
      uc_err e = uc_mem_unmap(a.uc, base, size);
      uint64_t t3 = now_ns();
      if (e != UC_ERR_OK) std::fprintf(stderr, "unmap: %s\n", uc_strerror(e));
      // A protection change of one page in the middle (splits the region in three), then unmapping all.
      uc_mem_map_ptr(a.uc, base, size, UC_PROT_READ | UC_PROT_WRITE, p);
      uint64_t t4 = now_ns();
      uc_mem_protect(a.uc, base + size / 2, 0x1000, UC_PROT_READ);
      uint64_t t5 = now_ns();
      uc_mem_unmap(a.uc, base, size);
      uint64_t t6 = now_ns();
      munmap(p, size);
      tmap = std::min(tmap, t1 - t0);
      tprot = std::min(tprot, t2 - t1);
      tunmap = std::min(tunmap, t3 - t2);
      tsplit = std::min(tsplit, t5 - t4);
      tunmap3 = std::min(tunmap3, t6 - t5);
    }
    row(fmt("2.unmap %zu MiB", mib), fmt("%.3f ms", tunmap / 1e6), fmt("%.2f us per 4 KiB", tunmap / 1e3 / (size / 4096.0)));
    row(fmt("2.map %zu MiB", mib), fmt("%.3f ms", tmap / 1e6));
    row(fmt("2.protect all %zu MiB", mib), fmt("%.3f ms", tprot / 1e6));
    row(fmt("2.protect 4K mid %zu MiB", mib), fmt("%.3f ms", tsplit / 1e6), fmt("then unmap of the 3 pieces %.3f ms", tunmap3 / 1e6));
  }
}

// ---- 3. the store slow path ----

void stores() {
  Arm a;
  a.run(kCode2, kCode2 + 4);  // code in kCode2's page is translated
  double ld = store_ns(a, kData + 0x4000, true);
  double st = store_ns(a, kData + 0x4000);
  double rwx = store_ns(a, kNoCode + 0x100);
  double code = store_ns(a, kCode2 + 0x100);
  row("3.load, RW data page", fmt("%.2f ns", ld), "per 8-byte load (baseline)");
  row("3.store, RW data page", fmt("%.2f ns", st), fmt("x%.1f a load", st / ld));
  row("3.store, RWX page without code", fmt("%.2f ns", rwx), fmt("x%.1f a load", rwx / ld));
  row("3.store, page with translated code", fmt("%.2f ns", code), fmt("x%.1f a load (stores 256 B past the code)", code / ld));
  // Self-modifying code after those stores: the guest rewrites `add x0, x0, #1` into `#2` and runs it.
  auto smc = [](Arm& e) {
    e.x(0, kCode2);
    e.x(1, (static_cast<uint64_t>(kA64Nop) << 32) | kA64AddX0_2);
    e.x(2, 1);
    e.call(kStoreLoop, kStoreEnd);  // 64 bytes of `add x0, x0, #2; nop`
    e.x(0, 0);
    e.run(kCode2, kCode2 + 4);
    return e.x(0) == 2 ? std::string("seen") : fmt("STALE (x0=%" PRIu64 ")", e.x(0));
  };
  row("3.guest rewrites code after stores", smc(a), "code page stored to 800k times first");
  Arm fresh;
  fresh.run(kCode2, kCode2 + 4);
  row("3.guest rewrites code (no stores)", smc(fresh), "code page translated, then rewritten");
}

// ---- 4. the pc of a memory fault ----

struct FaultSeen {
  int pc_reg, probe_reg;
  uint64_t pc = 0, probe = 0, addr = 0;
  int calls = 0;
};

bool on_fault(uc_engine* uc, uc_mem_type, uint64_t addr, int, int64_t, void* user) {
  auto* f = static_cast<FaultSeen*>(user);
  if (f->calls++ == 0) {
    uc_reg_read(uc, f->pc_reg, &f->pc);
    uc_reg_read(uc, f->probe_reg, &f->probe);
    f->addr = addr;
  }
  return false;
}

void on_mem_nothing(uc_engine*, uc_mem_type, uint64_t, int, int64_t, void*) {}

#if PROBE_UC_2_1
// UC_TLB_VIRTUAL: identity, except the page of kUnmapped, which is refused (an MMU fault).
struct Refused {
  uint64_t vaddr = 0;
  int calls = 0;
};
bool refusing_tlb(uc_engine*, uint64_t vaddr, uc_mem_type, uc_tlb_entry* result, void* user) {
  if ((vaddr & ~0xfffull) == kUnmapped) {
    auto* r = static_cast<Refused*>(user);
    if (r->calls++ == 0) r->vaddr = vaddr;
    return false;
  }
  result->paddr = vaddr;
  result->perms = UC_PROT_ALL;
  return true;
}
#endif

std::string where(uint64_t pc, uint64_t block, uint64_t insn) {
  if (pc == insn) return "insn";
  if (pc == block) return "block";
  return fmt("%#" PRIx64, pc);
}

void fault_pc() {
  for (int store = 0; store < 2; ++store) {
    for (int with_hook = 0; with_hook < 2; ++with_hook) {
      Arm a;
      FaultSeen f{UC_ARM64_REG_PC, UC_ARM64_REG_X3};
      uc_hook h;
      uc_hook_add(a.uc, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&on_fault), &f, 1, 0);
      if (with_hook)  // a memory hook bounded to the code's addresses (never a data address here)
        uc_hook_add(a.uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, reinterpret_cast<void*>(&on_mem_nothing), nullptr,
                    kCode, kCode + 0xffff);
      a.x(9, kUnmapped);
      a.x(3, 0);
      uint64_t block = kCode + (store ? kFaultStore : kFaultLoad), insn = block + 12;
      uc_err e = a.run(block, kCode + (store ? kFaultStoreEnd : kFaultLoadEnd));
      uint64_t pc_after = a.get(UC_ARM64_REG_PC), x3_after = a.x(3);
      uc_context* ctx = nullptr;
      uint64_t pc_ctx = 0;
      uc_context_alloc(a.uc, &ctx);
      uc_context_save(a.uc, ctx);
      uc_context_reg_read(ctx, UC_ARM64_REG_PC, &pc_ctx);
      uc_context_free(ctx);
      std::string key = fmt("4.a64 %s fault pc%s", store ? "store" : "load", with_hook ? " +memhook" : "");
      row(key, fmt("hook:%s after:%s", where(f.pc, block, insn).c_str(), where(pc_after, block, insn).c_str()),
          fmt("ctx:%s; x3=6 in hook:%s after:%s; %s", where(pc_ctx, block, insn).c_str(), f.probe == 6 ? "yes" : "no",
              x3_after == 6 ? "yes" : "no", uc_strerror(e)));
    }
  }
  if (true) {
    // the memory hook's price: a bounded hook that never fires, on the load/store loops
    Arm plain, hooked;
    uc_hook h;
    uc_hook_add(hooked.uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, reinterpret_cast<void*>(&on_mem_nothing), nullptr,
                kCode, kCode + 0xffff);
    double hit0 = spread_hit_ns(plain), hit1 = spread_hit_ns(hooked);
    double st0 = store_ns(plain, kData + 0x4000), st1 = store_ns(hooked, kData + 0x4000);
    row("4.a64 +memhook cost (ld+st loop)", fmt("x%.2f", hit1 / hit0), fmt("%.1f vs %.1f ns", hit1, hit0));
    row("4.a64 +memhook cost (store loop)", fmt("x%.2f", st1 / st0), fmt("%.1f vs %.1f ns", st1, st0));
  }
#if PROBE_UC_2_1
  // A fault raised by a UC_HOOK_TLB_FILL hook (UC_TLB_VIRTUAL) instead of an unmapped region.
  for (int store = 0; store < 2; ++store) {
    Arm a;
    uc_ctl_tlb_mode(a.uc, UC_TLB_VIRTUAL);
    Refused r;
    uc_hook h;
    uc_hook_add(a.uc, &h, UC_HOOK_TLB_FILL, reinterpret_cast<void*>(&refusing_tlb), &r, 1, 0);
    a.x(9, kUnmapped);
    a.x(3, 0);
    a.x(5, 0);
    uint64_t block = kCode + (store ? kFaultStore : kFaultLoad), insn = block + 12;
    uc_err e = a.run(block, kCode + (store ? kFaultStoreEnd : kFaultLoadEnd));
    row(fmt("4.a64 %s fault pc, tlb-fill refuses", store ? "store" : "load"), fmt("after:%s", where(a.get(UC_ARM64_REG_PC), block, insn).c_str()),
        fmt("x3=6:%s x5 untouched:%s; hook saw %#" PRIx64 "; %s", a.x(3) == 6 ? "yes" : "no", a.x(5) == 0 ? "yes" : "no", r.vaddr,
            uc_strerror(e)));
  }
#endif
  // x86-64: mov eax,1; add eax,2; mov rbx,[rcx] / mov [rcx],rbx; add eax,3; nop
  const uint8_t x64[] = {0xb8, 1, 0, 0, 0, 0x83, 0xc0, 2, 0x48, 0x8b, 0x19, 0x83, 0xc0, 3, 0x90,
                         0xb8, 1, 0, 0, 0, 0x83, 0xc0, 2, 0x48, 0x89, 0x19, 0x83, 0xc0, 3, 0x90};
  for (int store = 0; store < 2; ++store) {
    Engine e(UC_ARCH_X86, UC_MODE_64);
    std::memcpy(e.map(0x10000, 0x1000, UC_PROT_ALL), x64, sizeof x64);
    FaultSeen f{UC_X86_REG_RIP, UC_X86_REG_RAX};
    uc_hook h;
    uc_hook_add(e.uc, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&on_fault), &f, 1, 0);
    e.set(UC_X86_REG_RCX, kUnmapped);
    e.set(UC_X86_REG_RAX, 0);
    uint64_t block = 0x10000 + (store ? 15 : 0), insn = block + 8;
    uc_err err = e.run(block, block + 14);
    uint64_t pc_after = e.get(UC_X86_REG_RIP), rax = e.get(UC_X86_REG_RAX) & 0xffffffff;
    row(fmt("4.x64 %s fault pc", store ? "store" : "load"),
        fmt("hook:%s after:%s", where(f.pc, block, insn).c_str(), where(pc_after, block, insn).c_str()),
        fmt("eax=3 in hook:%s after:%s; %s", (f.probe & 0xffffffff) == 3 ? "yes" : "no", rax == 3 ? "yes" : "no",
            uc_strerror(err)));
  }
#if PROBE_UC_2_1
  for (int store = 0; store < 2; ++store) {
    Engine e(UC_ARCH_X86, UC_MODE_64);
    std::memcpy(e.map(0x10000, 0x1000, UC_PROT_ALL), x64, sizeof x64);
    uc_ctl_tlb_mode(e.uc, UC_TLB_VIRTUAL);
    Refused r;
    uc_hook h;
    uc_hook_add(e.uc, &h, UC_HOOK_TLB_FILL, reinterpret_cast<void*>(&refusing_tlb), &r, 1, 0);
    e.set(UC_X86_REG_RCX, kUnmapped);
    e.set(UC_X86_REG_RAX, 0);
    uint64_t block = 0x10000 + (store ? 15 : 0), insn = block + 8;
    uc_err err = e.run(block, block + 14);
    uint64_t rax = e.get(UC_X86_REG_RAX) & 0xffffffff;
    row(fmt("4.x64 %s fault pc, tlb-fill refuses", store ? "store" : "load"), fmt("after:%s", where(e.get(UC_X86_REG_RIP), block, insn).c_str()),
        fmt("eax=3:%s; hook saw %#" PRIx64 "; %s", rax == 3 ? "yes" : "no", r.vaddr, uc_strerror(err)));
  }
#endif
}

// ---- 5. translation cache flush, buffer size, engine cost ----

void engines() {
#if PROBE_UC_2_1
  const uint32_t sizes[] = {0, 8, 32, 128};
#else
  const uint32_t sizes[] = {0};
#endif
  for (uint32_t mib : sizes) {
    std::string tag = mib ? fmt("tcg %u MiB", mib) : std::string("tcg default");
    // Three engines kept alive: creation time (best) and resident memory each (average).
    const int n = 3;
    std::vector<Arm*> live;
    uint64_t tcreate = ~0ull;
    long r0 = rss_kib();
    for (int i = 0; i < n; ++i) {
      uint64_t t0 = now_ns();
      Arm* a = new Arm(1, mib);
      a->run(kCode2, kCode2 + 4);
      tcreate = std::min(tcreate, now_ns() - t0);
      live.push_back(a);
    }
    long r1 = rss_kib();
    uint32_t actual = 0;
#if PROBE_UC_2_1
    uc_ctl_get_tcg_buffer_size(live[0]->uc, &actual);
#endif
    // A workload on each, then a flush of its whole translation cache (twice), and a removal.
    uint64_t tflush = ~0ull, tflush2 = ~0ull, tremove = ~0ull, twork = ~0ull;
    for (Arm* a : live) {
      uint64_t t0 = now_ns();
      interp_ns(*a);
      twork = std::min(twork, now_ns() - t0);
      t0 = now_ns();
      uc_ctl(a->uc, UC_CTL_WRITE(UC_CTL_TB_FLUSH, 0));  // uc_ctl_flush_tb (2.0.1 names it uc_ctl_flush_tlb)
      uint64_t t1 = now_ns();
      uc_ctl(a->uc, UC_CTL_WRITE(UC_CTL_TB_FLUSH, 0));  // uc_ctl_flush_tb (2.0.1 names it uc_ctl_flush_tlb)
      uint64_t t2 = now_ns();
      uc_ctl_remove_cache(a->uc, kCode, kCode + 0x10000);
      uint64_t t3 = now_ns();
      tflush = std::min(tflush, t1 - t0);
      tflush2 = std::min(tflush2, t2 - t1);
      tremove = std::min(tremove, t3 - t2);
    }
    long r2 = rss_kib();
    for (Arm* a : live) delete a;
    if (mib == 0) row("5.tcg buffer default", actual ? fmt("%u MiB", actual >> 20) : std::string("n/a"), "uc_ctl_get_tcg_buffer_size");
    row(fmt("5.create+first run, %s", tag.c_str()), fmt("%.2f ms", tcreate / 1e6), "uc_open + map + uc_emu_start");
    row(fmt("5.RSS per engine, %s", tag.c_str()), fmt("%.1f MiB", (r1 - r0) / 1024.0 / n),
        fmt("after a flush: +%.1f MiB more per engine", (r2 - r1) / 1024.0 / n));
    row(fmt("5.flush_tb, %s", tag.c_str()), fmt("%.3f ms", tflush / 1e6), fmt("second call %.3f ms", tflush2 / 1e6));
    row(fmt("5.remove_cache 64K, %s", tag.c_str()), fmt("%.3f ms", tremove / 1e6));
    (void)twork;
  }
}

// ---- 6. TLB type ----

#if PROBE_UC_2_1
bool identity_tlb(uc_engine*, uint64_t vaddr, uc_mem_type, uc_tlb_entry* result, void*) {
  result->paddr = vaddr;
  result->perms = UC_PROT_ALL;
  return true;
}
#endif

void tlb_type() {
#if PROBE_UC_2_1
  double base[3] = {};
  for (int mode = 0; mode < 3; ++mode) {
    Arm a;
    if (mode > 0) {
      uc_err e = uc_ctl_tlb_mode(a.uc, UC_TLB_VIRTUAL);
      if (e != UC_ERR_OK) row("6.tlb virtual", "error", uc_strerror(e));
    }
    if (mode == 2) {
      uc_hook h;
      uc_hook_add(a.uc, &h, UC_HOOK_TLB_FILL, reinterpret_cast<void*>(&identity_tlb), nullptr, 1, 0);
    }
    double v[3] = {spread_miss_ns(a), spread_hit_ns(a), interp_ns(a)};
    const char* names[3] = {"tlb-miss ld+st", "tlb-hit ld+st", "interpreter op"};
    const char* modes[3] = {"cpu", "virtual", "virtual+hook"};
    for (int i = 0; i < 3; ++i) {
      if (mode == 0) {
        base[i] = v[i];
        row(fmt("6.%s, tlb cpu", names[i]), fmt("%.1f ns", v[i]));
      } else {
        row(fmt("6.%s, tlb %s", names[i], modes[mode]), fmt("x%.2f", v[i] / base[i]), fmt("%.1f ns", v[i]));
      }
    }
    if (mode == 2) {
      uint64_t t = best3([&] {
        uint64_t t0 = now_ns();
        uc_ctl_flush_tlb(a.uc);
        return now_ns() - t0;
      });
      row("6.uc_ctl_flush_tlb, tlb virtual+hook", fmt("%.1f us", t / 1e3), "what a protection change would cost");
    }
  }
#else
  row("6.UC_CTL_TLB_TYPE", "n/a", "not in this engine");
#endif
}

// ---- 7. i386 FS/GS base ----

void i386_fs() {
  // mov eax, fs:[0]; mov dword fs:[4], 0x1234; mov ebx, gs:[0]; mov dword gs:[8], 0x5678; nop
  const uint8_t code[] = {0x64, 0xa1, 0, 0, 0, 0, 0x64, 0xc7, 0x05, 4, 0, 0, 0, 0x34, 0x12, 0, 0,
                          0x65, 0x8b, 0x1d, 0, 0, 0, 0, 0x65, 0xc7, 0x05, 8, 0, 0, 0, 0x78, 0x56, 0, 0, 0x90};
  Engine e(UC_ARCH_X86, UC_MODE_32);
  std::memcpy(e.map(0x1000, 0x1000, UC_PROT_ALL), code, sizeof code);
  uint8_t* fs1 = e.map(0x5000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
  uint8_t* gs1 = e.map(0x6000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
  uint8_t* fs2 = e.map(0x7000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
  const uint32_t m1 = 0xaabbccdd, m2 = 0x11223344, m3 = 0x55667788;
  std::memcpy(fs1, &m1, 4);
  std::memcpy(gs1, &m2, 4);
  std::memcpy(fs2, &m3, 4);
  auto attempt = [&](uint8_t* fs, uint32_t fs_marker) {
    std::memset(fs + 4, 0, 4);
    std::memset(gs1 + 8, 0, 4);
    e.set(UC_X86_REG_EAX, 0);
    e.set(UC_X86_REG_EBX, 0);
    uc_err err = e.run(0x1000, 0x1000 + sizeof code - 1);
    uint32_t w1 = 0, w2 = 0;
    std::memcpy(&w1, fs + 4, 4);
    std::memcpy(&w2, gs1 + 8, 4);
    bool ok = err == UC_ERR_OK && (e.get(UC_X86_REG_EAX) & 0xffffffff) == fs_marker && w1 == 0x1234 &&
              (e.get(UC_X86_REG_EBX) & 0xffffffff) == m2 && w2 == 0x5678;
    return ok ? std::string("works") : err != UC_ERR_OK ? fmt("NO: %s", uc_strerror(err)) : std::string("NO: wrong values");
  };
  uint64_t fsb = 0x5000, gsb = 0x6000;
  uc_err w1 = uc_reg_write(e.uc, UC_X86_REG_FS_BASE, &fsb);
  uc_err w2 = uc_reg_write(e.uc, UC_X86_REG_GS_BASE, &gsb);
  row("7.i386 fs:/gs: base write, ld+st", attempt(fs1, m1),
      fmt("reg_write %s/%s, FS_BASE reads back %#" PRIx64, uc_strerror(w1), uc_strerror(w2), e.get(UC_X86_REG_FS_BASE)));
  row("7.i386 same, restarted", attempt(fs1, m1), "second uc_emu_start, same code");
  uc_context* ctx = nullptr;
  uc_context_alloc(e.uc, &ctx);
  uc_context_save(e.uc, ctx);
  uint64_t other = 0x7000;
  uc_reg_write(e.uc, UC_X86_REG_FS_BASE, &other);
  row("7.i386 FS_BASE changed between runs", attempt(fs2, m3), "translated code reads the new base");
  uc_context_restore(e.uc, ctx);
  uc_context_free(ctx);
  row("7.i386 after uc_context_restore", attempt(fs1, m1), fmt("FS_BASE %#" PRIx64, e.get(UC_X86_REG_FS_BASE)));

  // polyrun's way (cpu-emu/x86_unicorn.cpp): a GDT page of the engine's own, flat code and data,
  // one data descriptor per segment base, selectors loaded through uc_reg_write.
  const uint64_t gdt = 0xfffff000;
  uint8_t* g = e.map(gdt, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
  auto desc = [](uint32_t base, uint32_t limit, uint8_t access) { return polyrun::cpu::x86_descriptor(base, limit, access); };
  const uint64_t ds[5] = {0, desc(0, 0xffffffff, 0x9b), desc(0, 0xffffffff, 0x93), desc(0x5000, 0xfff, 0xf3),
                          desc(0x6000, 0xfff, 0xf3)};
  std::memcpy(g, ds, sizeof ds);
  uc_x86_mmr gdtr{};
  gdtr.base = gdt;
  gdtr.limit = 8 * 16 - 1;
  uc_reg_write(e.uc, UC_X86_REG_GDTR, &gdtr);
  uint32_t data_sel = 2 << 3, fs_sel = 3 << 3 | 3, gs_sel = 4 << 3 | 3;
  for (int r : {UC_X86_REG_SS, UC_X86_REG_DS, UC_X86_REG_ES}) uc_reg_write(e.uc, r, &data_sel);
  uc_reg_write(e.uc, UC_X86_REG_FS, &fs_sel);
  uc_reg_write(e.uc, UC_X86_REG_GS, &gs_sel);
  row("7.i386 GDT descriptors (polyrun)", attempt(fs1, m1), fmt("FS_BASE reads back %#" PRIx64, e.get(UC_X86_REG_FS_BASE)));
}

// ---- 8. x86 double fault ----

struct Intr {
  std::vector<uint32_t> seen;
};
void on_intr(uc_engine* uc, uint32_t intno, void* user) {
  static_cast<Intr*>(user)->seen.push_back(intno);
  uc_emu_stop(uc);
}

void double_fault() {
  for (uc_mode mode : {UC_MODE_64, UC_MODE_32}) {
    Engine e(UC_ARCH_X86, mode);
    const uint8_t code[] = {0x31, 0xc9, 0xf7, 0xf1, 0xf7, 0xf1, 0xf7, 0xf1, 0x90};  // xor ecx,ecx; div ecx x3; nop
    std::memcpy(e.map(0x10000, 0x1000, UC_PROT_ALL), code, sizeof code);
    e.map(0x20000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
    e.set(mode == UC_MODE_64 ? UC_X86_REG_RSP : UC_X86_REG_ESP, 0x20800);
    Intr in;
    uc_hook h;
    uc_hook_add(e.uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&on_intr), &in, 1, 0);
    std::string seq;
    uint64_t starts[] = {0x10000, 0x10004, 0x10006};
    for (uint64_t s : starts) {
      size_t before = in.seen.size();
      uc_err err = e.run(s, 0x10008);
      if (!seq.empty()) seq += ",";
      seq += in.seen.size() > before ? fmt("#%u", in.seen.back()) : fmt("none(%s)", uc_strerror(err));
    }
    row(fmt("8.x86 %s: 3 div-by-0 in a row", mode == UC_MODE_64 ? "64" : "32"), seq,
        "vector the hook sees each time (0 = #DE, 8 = double fault)");
  }
}

// ---- 9. start/stop round trip ----

void on_svc(uc_engine* uc, uint32_t, void*) { uc_emu_stop(uc); }

void round_trips() {
  const int n = 20000;
  auto per = [&](uint64_t t) { return fmt("%.0f ns", static_cast<double>(t) / n); };
  // Every round trip runs one `add x0, x0, #1`: x0 counts them.
  auto ran = [&](Arm& a) { return a.x(0) == 3ull * n ? std::string("; all ran") : fmt("; ONLY %" PRIu64 " of %d RAN", a.x(0), 3 * n); };
  {
    Arm a;
    a.x(0, 0);
    uint64_t t = best3([&] {
      uint64_t t0 = now_ns();
      for (int i = 0; i < n; ++i) a.call(kExitOne, kExitAt);
      return now_ns() - t0;
    });
    row("9.start/stop, until address", per(t), "one instruction per uc_emu_start" + ran(a));
    a.x(0, 0);
    uint64_t t2 = best3([&] {
      uint64_t t0 = now_ns();
      for (int i = 0; i < n / 2; ++i) {
        a.call(kExitOne, kExitAt);
        a.run(kCode2, kCode2 + 4);
      }
      return now_ns() - t0;
    });
    row("9.start/stop, until alternating", per(t2), "two programs, two until addresses" + ran(a));
  }
  {
    Arm a;
    uc_err e1 = uc_ctl_exits_enable(a.uc);
    uint64_t exits[] = {kCode + kExitAt, kCode2 + 4};
    uc_err e2 = uc_ctl_set_exits(a.uc, exits, 2);
    a.x(0, 0);
    uint64_t t = best3([&] {
      uint64_t t0 = now_ns();
      for (int i = 0; i < n; ++i) a.call(kExitOne, 0);
      return now_ns() - t0;
    });
    row("9.start/stop, exits", per(t), fmt("use_exits %s, set_exits %s", uc_strerror(e1), uc_strerror(e2)) + ran(a));
    a.x(0, 0);
    uint64_t t2 = best3([&] {
      uint64_t t0 = now_ns();
      for (int i = 0; i < n / 2; ++i) {
        a.call(kExitOne, 0);
        a.run(kCode2, 0);
      }
      return now_ns() - t0;
    });
    row("9.start/stop, exits alternating", per(t2), "two programs, each ends at one of 2 exits" + ran(a));
  }
  {
    Arm a;
    uc_hook h;
    uc_hook_add(a.uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&on_svc), nullptr, 1, 0);
    a.x(0, 0);
    uint64_t t = best3([&] {
      uint64_t t0 = now_ns();
      for (int i = 0; i < n; ++i) a.run(kCode + kSvcOne, ~0ull);
      return now_ns() - t0;
    });
    row("9.start/stop, svc hook stops", per(t), "as polyrun: until ~0, uc_emu_stop in the svc hook" + ran(a));
  }
}

// ---- 10. i386 instruction hooks (locked instructions run by polyrun) ----

struct InsnHook {
  uint8_t* data = nullptr;
  uint32_t mem_at_hook = 0, flags_at_hook = 0;
  bool write_flags = false, skip = false;
  uint32_t flags_out = 0, next = 0;
  int fired = 0;
};
void on_insn(uc_engine* uc, uint64_t, uint32_t, void* user) {
  auto* h = static_cast<InsnHook*>(user);
  ++h->fired;
  std::memcpy(&h->mem_at_hook, h->data, 4);
  uint32_t f = 0;
  uc_reg_read(uc, UC_X86_REG_EFLAGS, &f);
  h->flags_at_hook = f;
  if (h->write_flags) uc_reg_write(uc, UC_X86_REG_EFLAGS, &h->flags_out);
  if (h->skip) uc_reg_write(uc, UC_X86_REG_EIP, &h->next);
}
// The loop's hook: the add done on host memory, flags read and written, eip moved past.
void on_loop_insn(uc_engine* uc, uint64_t, uint32_t, void* user) {
  auto* h = static_cast<InsnHook*>(user);
  uint32_t f = 0, eax = 0;
  uc_reg_read(uc, UC_X86_REG_EFLAGS, &f);
  uc_reg_read(uc, UC_X86_REG_EAX, &eax);
  __atomic_fetch_add(reinterpret_cast<uint32_t*>(h->data), eax, __ATOMIC_SEQ_CST);
  uc_reg_write(uc, UC_X86_REG_EFLAGS, &f);
  uc_reg_write(uc, UC_X86_REG_EIP, &h->next);
}
struct BlockSizes {
  std::vector<std::pair<uint64_t, uint32_t>> seen;
};
void on_block_size(uc_engine*, uint64_t addr, uint32_t size, void* user) {
  static_cast<BlockSizes*>(user)->seen.emplace_back(addr, size);
}

void i386_insn_hooks() {
  // 0x1000: cmp ecx, ecx (ZF=1); stc (CF=1); lock add [ebx], eax (hooked); setc al; setz ah;
  //         pushfd; pop edx; nop (the end)
  const uint8_t code[] = {0x39, 0xc9, 0xf9, 0xf0, 0x01, 0x03, 0x0f, 0x92, 0xc0, 0x0f, 0x94, 0xc4, 0x9c, 0x5a, 0x90};
  const uint64_t at = 0x1003, end = 0x1000 + sizeof code - 1;
  auto once = [&](bool skip, bool write_flags, uint32_t flags_out, InsnHook& h, uint32_t& mem_after) {
    Engine e(UC_ARCH_X86, UC_MODE_32);
    std::memcpy(e.map(0x1000, 0x1000, UC_PROT_ALL), code, sizeof code);
    h.data = e.map(0x5000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
    const uint32_t v = 100;
    std::memcpy(h.data, &v, 4);
    e.set(UC_X86_REG_EBX, 0x5000);
    e.set(UC_X86_REG_EAX, 5);
    e.set(UC_X86_REG_ESP, 0x5800);
    h.skip = skip, h.write_flags = write_flags, h.flags_out = flags_out, h.next = 0x1006;
    uc_hook hh;
    uc_hook_add(e.uc, &hh, UC_HOOK_CODE, reinterpret_cast<void*>(&on_insn), &h, at, at);
    uc_err err = e.run(0x1000, end);
    std::memcpy(&mem_after, h.data, 4);
    const uint64_t eax = e.get(UC_X86_REG_EAX), edx = e.get(UC_X86_REG_EDX);
    return fmt("%s; setc %u setz %u pushfd %#x", uc_strerror(err), static_cast<unsigned>(eax & 0xff),
               static_cast<unsigned>(eax >> 8 & 0xff), static_cast<unsigned>(edx & 0x8d5));
  };
  {
    InsnHook h;
    uint32_t after = 0;
    std::string out = once(false, false, 0, h, after);
    row("10.i386 code hook at one address", h.fired == 1 && h.mem_at_hook == 100 && after == 105 ? "before the insn" : "NO",
        fmt("fired %d, memory at the hook %u, after %u; flags at the hook %#x (stc after cmp: CF, ZF)", h.fired,
            h.mem_at_hook, after, h.flags_at_hook & 0x8d5));
  }
  {
    InsnHook h;
    uint32_t after = 0;
    std::string out = once(true, false, 0, h, after);
    row("10.i386 eip written in the hook", after == 100 ? "skips the insn" : "NO", out + fmt(", memory after %u", after));
  }
  {
    InsnHook h;
    uint32_t after = 0;
    const uint32_t flags = 0x2 | 0x800 | 0x80 | 0x4;  // OF SF PF; CF and ZF clear
    std::string out = once(true, true, flags, h, after);
    row("10.i386 eflags written in the hook", out.find("setc 0 setz 0 pushfd 0x884") != std::string::npos ? "seen after" : "NO",
        out + " (wrote OF SF PF: 0x884)");
  }
  {
    // inc eax; inc eax; jmp +0; nop: the first block's size.
    const uint8_t blk[] = {0x40, 0x40, 0xeb, 0x00, 0x90};
    Engine e(UC_ARCH_X86, UC_MODE_32);
    std::memcpy(e.map(0x1000, 0x1000, UC_PROT_ALL), blk, sizeof blk);
    BlockSizes b;
    uc_hook hh;
    uc_hook_add(e.uc, &hh, UC_HOOK_BLOCK, reinterpret_cast<void*>(&on_block_size), &b, 1, 0);
    e.run(0x1000, 0x1004);
    std::string seen;
    for (auto& [a, s] : b.seen) seen += fmt("%#" PRIx64 "+%u ", a, s);
    row("10.i386 block hook size", !b.seen.empty() && b.seen[0].second == 4 ? "the block's bytes" : "NO", seen);
  }
  {
    // The segment bases of FS and GS set through GDT descriptors (section 7's way), read back.
    Engine e(UC_ARCH_X86, UC_MODE_32);
    const uint64_t gdt = 0xfffff000;
    uint8_t* g = e.map(gdt, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
    auto desc = [](uint32_t base, uint32_t limit, uint8_t access) { return polyrun::cpu::x86_descriptor(base, limit, access); };
    const uint64_t ds[5] = {0, desc(0, 0xffffffff, 0x9b), desc(0, 0xffffffff, 0x93), desc(0x5000, 0xfff, 0xf3),
                            desc(0x6000, 0xfff, 0xf3)};
    std::memcpy(g, ds, sizeof ds);
    uc_x86_mmr gdtr{};
    gdtr.base = gdt;
    gdtr.limit = 8 * 16 - 1;
    uc_reg_write(e.uc, UC_X86_REG_GDTR, &gdtr);
    uint32_t data_sel = 2 << 3, fs_sel = 3 << 3 | 3, gs_sel = 4 << 3 | 3;
    for (int r : {UC_X86_REG_SS, UC_X86_REG_DS, UC_X86_REG_ES}) uc_reg_write(e.uc, r, &data_sel);
    uc_reg_write(e.uc, UC_X86_REG_FS, &fs_sel);
    uc_reg_write(e.uc, UC_X86_REG_GS, &gs_sel);
    uint64_t fsb = 0, gsb = 0;
    uc_err ef = uc_reg_read(e.uc, UC_X86_REG_FS_BASE, &fsb), eg = uc_reg_read(e.uc, UC_X86_REG_GS_BASE, &gsb);
    uc_x86_msr mf{0xc0000100, 0}, mg{0xc0000101, 0};
    uc_err emf = uc_reg_read(e.uc, UC_X86_REG_MSR, &mf), emg = uc_reg_read(e.uc, UC_X86_REG_MSR, &mg);
    row("10.i386 fs/gs base read (bases 0x5000/0x6000)", mg.value == 0x6000 && fsb == 0x5000 ? "FS_BASE, MSR GSBASE" : "NO",
        fmt("FS_BASE %#" PRIx64 " (%s), GS_BASE %#" PRIx64 " (%s), MSR FSBASE %#" PRIx64 " (%s), MSR GSBASE %#" PRIx64 " (%s)",
            fsb, uc_strerror(ef), gsb, uc_strerror(eg), mf.value, uc_strerror(emf), mg.value, uc_strerror(emg)));
  }
  {
    // 0x2000: lock add [ebx], eax; dec ecx; jnz 0x2000; nop. ns per iteration, the add left to
    // the engine or done by a hook that reads and writes eflags and moves eip past it.
    const uint8_t loop[] = {0xf0, 0x01, 0x03, 0x49, 0x75, 0xfa, 0x90};
    const int n = 200000;
    auto time_loop = [&](bool hooked) {
      Engine e(UC_ARCH_X86, UC_MODE_32);
      std::memcpy(e.map(0x2000, 0x1000, UC_PROT_ALL), loop, sizeof loop);
      InsnHook h;
      h.data = e.map(0x5000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
      h.next = 0x2003;
      uc_hook hh;
      if (hooked) uc_hook_add(e.uc, &hh, UC_HOOK_CODE, reinterpret_cast<void*>(&on_loop_insn), &h, 0x2000, 0x2000);
      e.set(UC_X86_REG_EBX, 0x5000);
      e.set(UC_X86_REG_EAX, 1);
      uint64_t t = best3([&] {
        e.set(UC_X86_REG_ECX, n);
        uint64_t t0 = now_ns();
        e.run(0x2000, 0x2006);
        return now_ns() - t0;
      });
      uint32_t sum = 0;  // (three runs)
      std::memcpy(&sum, h.data, 4);
      return fmt("%.1f ns", static_cast<double>(t) / n) + (sum == 3u * n ? "" : fmt(" (SUM %u WRONG)", sum));
    };
    const std::string plain = time_loop(false), hooked = time_loop(true);
    row("10.i386 lock add loop, engine's / hooked", plain + " / " + hooked, "per iteration (lock add; dec; jnz)");
  }
}

}  // namespace

int main(int argc, char** argv) {
  unsigned major = 0, minor = 0;
  uc_version(&major, &minor);
  std::printf("Unicorn %u.%u (headers %d.%d.%d)\n", major, minor, UC_API_MAJOR, UC_API_MINOR, UC_API_PATCH);
  {
    Arm a;
    uint32_t ps = 0;
    uc_ctl_get_page_size(a.uc, &ps);
    row("0.arm64 engine page size", fmt("%u", ps));
  }
  // Optional: a subset of facts by number ("1 3 5").
  auto want = [&](int fact) {
    if (argc < 2) return true;
    for (int i = 1; i < argc; ++i)
      if (std::atoi(argv[i]) == fact) return true;
    return false;
  };
  if (want(1)) regions();
  if (want(2)) unmap_cost();
  if (want(3)) stores();
  if (want(4)) fault_pc();
  if (want(5)) engines();
  if (want(6)) tlb_type();
  if (want(7)) i386_fs();
  if (want(8)) double_fault();
  if (want(9)) round_trips();
  if (want(10)) i386_insn_hooks();
  return 0;
}
