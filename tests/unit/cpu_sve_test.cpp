// aarch64 SVE on the engine (cpu-emu/aarch64_sve_engine.cpp, cpu-emu/sve/): the scalable
// registers a CPU keeps beside the engine's, as the architecture and Linux define them. Which
// instruction computes what is checked against qemu-aarch64 live by tests/sve/check.sh.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "cpu-emu/aarch64_regs.h"
#include "cpu-emu/cpu.h"
#include "memory/address_space.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace a64 = polyrun::cpu::a64;

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr uint64_t kBottom = 0x001720000000ull, kTop = 0x001730000000ull;
#else
constexpr uint64_t kBottom = 0x172000000000ull, kTop = 0x172010000000ull;
#endif
constexpr uint32_t kSvc0 = 0xd4000001;
constexpr uint32_t kLdrZ1X2 = 0x85804041;  // ldr z1, [x2]
constexpr uint32_t kStrZ1X3 = 0xe5804061;  // str z1, [x3]
constexpr uint32_t kLdrZ3X4 = 0x85804083;  // ldr z3, [x4]
constexpr uint32_t kMovV1V2 = 0x4ea21c41;  // mov v1.16b, v2.16b (Advanced SIMD)
constexpr uint32_t kRdvlX0 = 0x04bf5020;   // rdvl x0, #1

struct SveFixture : ::testing::Test {
  AddressSpace as{Layout{4096, kBottom, kTop}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::Aarch64, as);
  uint64_t code = 0, data = 0;

  void SetUp() override {
    data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
    for (unsigned i = 0; i < 512; ++i) reinterpret_cast<uint8_t*>(data)[i] = static_cast<uint8_t>(i * 3 + 1);
    cpu->set_reg(a64::X0 + 2, data);
    cpu->set_reg(a64::X0 + 3, data + 1024);
    cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  }
  void load(const std::vector<uint32_t>& insns) {
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
    ASSERT_TRUE(as.poke(code, insns.data(), insns.size() * 4));
    cpu->set_pc(code);
  }
  const uint8_t* stored() const { return reinterpret_cast<const uint8_t*>(data + 1024); }
};

TEST(CpuSve, MaxHasScalableRegistersTheOlderModelsNone) {
  AddressSpace as{Layout{4096, kBottom, kTop}};
  auto max = cpu::create_cpu(Isa::Aarch64, as);
  ASSERT_NE(max->scalable_vectors(), nullptr);
  EXPECT_EQ(max->scalable_vectors()->vector_length(), 64u);  // qemu-user's default
  cpu::CpuOptions o;
  o.vector_length = 32;
  EXPECT_EQ(cpu::create_cpu(Isa::Aarch64, as, o)->scalable_vectors()->vector_length(), 32u);
  o.model = "cortex-a72";
  EXPECT_EQ(cpu::create_cpu(Isa::Aarch64, as, o)->scalable_vectors(), nullptr);
  // A new thread's CPU takes the vector length of the one whose context it starts from.
  max->scalable_vectors()->set_vector_length(128);
  cpu::CpuContext c = max->save_context();
  EXPECT_EQ(c.vector_length, 128u);
  auto thread = cpu::create_cpu(Isa::Aarch64, as);
  thread->load_context(c);
  EXPECT_EQ(thread->scalable_vectors()->vector_length(), 128u);
}

TEST_F(SveFixture, WholeRegisterLoadAndStoreAtTheVectorLength) {
  load({kLdrZ1X2, kStrZ1X3, kRdvlX0, kSvc0});
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(a64::X0), 64u);
  EXPECT_EQ(std::memcmp(stored(), reinterpret_cast<const void*>(data), 64), 0);
  EXPECT_EQ(stored()[64], 0);  // (nothing past the vector length)
  // Z1's low 128 bits are V1.
  uint8_t v[16];
  cpu->read_vector(a64::Q0 + 1, v);
  EXPECT_EQ(std::memcmp(v, reinterpret_cast<const void*>(data), 16), 0);
}

// An Advanced SIMD write of V1 zeroes the rest of Z1 (the architecture's rule for a write of a
// vector register by an instruction that is not SVE's).
TEST_F(SveFixture, AdvancedSimdWriteZeroesTheRestOfZ) {
  load({kLdrZ1X2, kMovV1V2, kStrZ1X3, kSvc0});
  const uint8_t v2[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
  cpu->write_vector(a64::Q0 + 2, v2);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(std::memcmp(stored(), v2, 16), 0);
  for (unsigned i = 16; i < 64; ++i) EXPECT_EQ(stored()[i], 0) << i;
}

// A syscall keeps V0–V31 and zeroes the rest of the Z registers (Linux's
// Documentation/arch/arm64/sve.rst).
TEST_F(SveFixture, SyscallKeepsOnlyTheLow128Bits) {
  load({kLdrZ1X2, kSvc0, kStrZ1X3, kSvc0});
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  cpu->set_pc(code + 8);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(std::memcmp(stored(), reinterpret_cast<const void*>(data), 16), 0);
  for (unsigned i = 16; i < 64; ++i) EXPECT_EQ(stored()[i], 0) << i;
}

// A load that faults is the instruction's memory fault, its destination unchanged; the SVE
// instructions before it in the same stop of the engine have run.
TEST_F(SveFixture, FaultingLoadIsTheInstructionsFault) {
  load({kLdrZ1X2, kLdrZ3X4, kSvc0});
  cpu->set_reg(a64::X0 + 4, 0x10);
  uint8_t before[64];
  cpu->scalable_vectors()->read_z(3, before);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code + 4);
  EXPECT_EQ(t.access, cpu::Access::Read);
  EXPECT_TRUE(t.unmapped);
  uint8_t z[64];
  cpu->scalable_vectors()->read_z(3, z);
  EXPECT_EQ(std::memcmp(z, before, 64), 0);
  cpu->scalable_vectors()->read_z(1, z);
  EXPECT_EQ(std::memcmp(z, reinterpret_cast<const void*>(data), 64), 0);
}

// SVE's loads and stores go by the guest map, not by what the host has at the address: a load
// from polyrun's own memory (mapped on the host, not in the guest) faults as unmapped, a store to
// a read-only guest page faults before writing anything.
TEST_F(SveFixture, AccessesGoByTheGuestMap) {
  static uint8_t host_own[4096];
  load({kLdrZ1X2, kSvc0});
  cpu->set_reg(a64::X0 + 2, reinterpret_cast<uint64_t>(host_own));
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.fault_addr, reinterpret_cast<uint64_t>(host_own));
  EXPECT_TRUE(t.unmapped);
  const uint64_t ro = static_cast<uint64_t>(as.map(0, 4096, kRead, {}));
  load({kStrZ1X3, kSvc0});
  cpu->set_reg(a64::X0 + 3, ro + 4096 - 32);  // the first 32 bytes would fit
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Write);
  EXPECT_FALSE(t.unmapped);
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(reinterpret_cast<const uint8_t*>(ro)[4096 - 32 + i], 0) << i;
}

// An SVE store into code the engine has run: what runs next is the new code.
TEST_F(SveFixture, StoreIntoCodeIsSeen) {
  constexpr uint32_t kMovX0_1 = 0xd2800020;  // mov x0, #1
  constexpr uint32_t kMovX0_2 = 0xd2800040;  // mov x0, #2
  constexpr uint32_t kBr = 0xd61f00a0;       // br x5
  const uint64_t jit = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite | kExec, {}));
  const uint32_t first[2] = {kMovX0_1, kSvc0};
  ASSERT_TRUE(as.poke(jit, first, sizeof first));
  load({kBr, kStrZ1X3, kBr});
  cpu->set_reg(a64::X0 + 5, jit);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(a64::X0), 1u);
  // z1 holds mov x0, #2; svc 0 (and zeros after them, which the run never reaches).
  uint8_t z[64] = {};
  const uint32_t second[2] = {kMovX0_2, kSvc0};
  std::memcpy(z, second, sizeof second);
  cpu->scalable_vectors()->write_z(1, z);
  cpu->set_reg(a64::X0 + 3, jit);
  cpu->set_pc(code + 4);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(a64::X0), 2u);
}

// Z registers written through the interface (a signal frame's restore) are what the program
// reads, the low 128 bits the V register too.
TEST_F(SveFixture, RegistersWrittenThroughTheInterface) {
  load({kStrZ1X3, kSvc0});
  uint8_t z[64];
  for (unsigned i = 0; i < 64; ++i) z[i] = static_cast<uint8_t>(200 - i);
  cpu->scalable_vectors()->write_z(1, z);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(std::memcmp(stored(), z, 64), 0);
  uint8_t v[16];
  cpu->read_vector(a64::Q0 + 1, v);
  EXPECT_EQ(std::memcmp(v, z, 16), 0);
}

TEST(CpuSve, OlderModelsRunNoSve) {
  AddressSpace as{Layout{4096, kBottom, kTop}};
  cpu::CpuOptions o;
  o.model = "cortex-a53";
  auto c = cpu::create_cpu(Isa::Aarch64, as, o);
  const uint64_t code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
  ASSERT_TRUE(as.poke(code, &kRdvlX0, 4));
  c->set_pc(code);
  EXPECT_EQ(c->run().kind, cpu::TrapKind::IllegalInstruction);
}

}  // namespace
