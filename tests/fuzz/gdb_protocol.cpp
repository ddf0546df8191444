// The GDB remote protocol as the stub reads it (gdbstub/): bytes split into packets, interrupts
// and acknowledgements (PacketReader), and every packet answered by the server's handler for a
// stopped target of each ISA — registers (g, G, p, P), memory (m, M, X), breakpoints (Z, z),
// threads (H, T, qfThreadInfo), resuming (c, s, C, S, vCont), qXfer objects, qSupported. The
// target is a fake with two threads and a page of memory; the replies must be well-formed frames.
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

#include "cpu-emu/cpu.h"
#include "gdbstub/gdb_server.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;

namespace {

class FakeCpu final : public cpu::Cpu {
 public:
  explicit FakeCpu(Isa isa) : isa_(isa) {}
  Isa isa() const override { return isa_; }
  uint64_t reg(int id) override { return regs_[static_cast<size_t>(id) % regs_.size()]; }
  void set_reg(int id, uint64_t v) override { regs_[static_cast<size_t>(id) % regs_.size()] = v; }
  void read_vector(int id, uint8_t out[16]) override { std::memcpy(out, vectors_[static_cast<size_t>(id) % 64], 16); }
  void write_vector(int id, const uint8_t in[16]) override { std::memcpy(vectors_[static_cast<size_t>(id) % 64], in, 16); }
  uint64_t pc() override { return pc_; }
  void set_pc(uint64_t pc) override { pc_ = pc; }
  cpu::Trap run() override { return {}; }
  void stop() override {}
  void watch_interrupts(const std::atomic<bool>*) override {}
  void invalidate(uint64_t, uint64_t) override {}
  cpu::CpuContext save_context() override { return {}; }
  void load_context(const cpu::CpuContext&) override {}
  void share_execution(cpu::ExecutionLock&) override {}
  const std::vector<std::string>& features() const override { return features_; }
  bool read_system_register(uint32_t, uint64_t& v) override { return v = 0, false; }
  size_t engine_region_count() const override { return 0; }
  void push_x87(double v) override { x87_ = v; }
  long double pop_x87() override { return x87_; }
  void set_segment_base(cpu::Segment, uint64_t) override {}

 private:
  Isa isa_;
  std::array<uint64_t, 512> regs_{};
  uint8_t vectors_[64][16]{};
  uint64_t pc_ = 0x1000;
  long double x87_ = 0;
  std::vector<std::string> features_;
};

// kill() cannot return; the fuzzer goes on with the next input.
struct Killed {};

class FakeTarget final : public gdb::Target {
 public:
  explicit FakeTarget(const gdb::ArchDesc& arch) : arch_(arch), cpus_{FakeCpu(arch.isa), FakeCpu(arch.isa)} {}
  const gdb::ArchDesc& arch() override { return arch_; }
  const char* osabi() override { return "GNU/Linux"; }
  int pid() override { return 100; }
  std::vector<int> threads() override { return {100, 101}; }
  cpu::Cpu* cpu_of(int tid) override { return tid == 100 || tid == 101 ? &cpus_[tid - 100] : nullptr; }
  size_t read_memory(uint64_t addr, void* out, size_t len) override {
    if (addr < kBase || addr >= kBase + sizeof memory_) return 0;
    size_t n = std::min<uint64_t>(len, kBase + sizeof memory_ - addr);
    std::memcpy(out, memory_ + (addr - kBase), n);
    return n;
  }
  size_t write_memory(uint64_t addr, const void* in, size_t len) override {
    if (addr < kBase || addr >= kBase + sizeof memory_) return 0;
    size_t n = std::min<uint64_t>(len, kBase + sizeof memory_ - addr);
    std::memcpy(memory_ + (addr - kBase), in, n);
    return n;
  }
  void set_breakpoints(const std::set<uint64_t>&) override {}
  void resume(const std::map<int, gdb::ResumeAction>&, gdb::ResumeAction) override {}
  int stop_fd() override { return -1; }
  void interrupt() override {}
  bool wait_stop(gdb::StopEvent&) override { return false; }
  void end_reported() override {}
  void detach() override {}
  [[noreturn]] void kill() override { throw Killed{}; }
  std::string auxv() override { return std::string(64, '\1'); }
  std::string exec_file() override { return "/tmp/program"; }

 private:
  static constexpr uint64_t kBase = 0x10000;
  const gdb::ArchDesc& arch_;
  FakeCpu cpus_[2];
  uint8_t memory_[4096]{};
};

bool well_formed_reply(const std::string& r) {
  // Replies are packet contents: no framing characters unescaped ('}' only as an escape).
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] == '$' || r[i] == '#') return false;
    if (r[i] == '}' && i + 1 == r.size()) return false;
    if (r[i] == '}') ++i;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gdb::ArchDesc* const arches[] = {&gdb::arch_aarch64(), &gdb::arch_riscv64(), &gdb::arch_arm(),
                                                &gdb::arch_i386(),    &gdb::arch_s390x(),   &gdb::arch_x86_64()};
  if (size == 0) return 0;
  FakeTarget target(*arches[data[0] % 6]);
  gdb::Server server(0);
  server.set_target(target);
  gdb::PacketReader reader;
  reader.feed(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    while (auto ev = reader.next()) {
      if (ev->kind != gdb::PacketReader::Event::Packet || ev->data.empty()) continue;
      bool resumed = false;
      std::string reply = server.handle(ev->data, resumed);
      POLYRUN_FUZZ_CHECK(well_formed_reply(reply), "reply \"%s\"", reply.c_str());
      std::string framed = gdb::frame(reply);
      POLYRUN_FUZZ_CHECK(framed.size() == reply.size() + 4, "frame of %zu bytes", reply.size());
    }
  } catch (const Killed&) {
  }
  return 0;
}
