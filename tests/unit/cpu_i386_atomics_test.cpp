// i386 atomic instructions (cpu-emu/x86_atomics.cpp): the instruction-length decoder, the atomic
// instructions found in a block, each form as polyrun executes it for engines running in parallel
// against the same bytes run on the host CPU, segment overrides, faults, code another thread
// writes, and engines counting on one shared word at once.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/mman.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "common/fault_report.h"
#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"
#include "cpu-emu/x86_atomics.h"
#include "cpu-emu/x86_descriptor.h"
#include "cpu-emu/x86_regs.h"
#include "memory/address_space.h"
#include "tests/unit/engines_at_once.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace x86 = polyrun::cpu::x86;

namespace {

using Bytes = std::vector<uint8_t>;

// ---- the decoder (encodings from i686-linux-gnu-as, lengths as its objdump reports them) ----

struct Length {
  const char* what;
  Bytes bytes;
  bool atomic;
};

const Length kLengths[] = {
    {"nop", {0x90}, false},
    {"mov eax, [esp+4]", {0x8b, 0x44, 0x24, 0x04}, false},
    {"mov eax, moffs32", {0xa1, 0x78, 0x56, 0x34, 0x12}, false},
    {"mov ecx, [disp32]", {0x8b, 0x0d, 0x78, 0x56, 0x34, 0x12}, false},
    {"mov ecx, [eax*4+disp32] (SIB without a base)", {0x8b, 0x0c, 0x85, 0x10, 0, 0, 0}, false},
    {"mov ecx, [ebp+eax*2-8]", {0x8b, 0x4c, 0x45, 0xf8}, false},
    {"mov ecx, [ebp+0]", {0x8b, 0x4d, 0x00}, false},
    {"lea esi, [esi+eiz*1+0] (padding)", {0x8d, 0xb4, 0x26, 0, 0, 0, 0}, false},
    {"nop word cs:[eax+eax*1+0] (padding)", {0x2e, 0x66, 0x0f, 0x1f, 0x84, 0x00, 0, 0, 0, 0}, false},
    {"mov word [ebx], imm16", {0x66, 0xc7, 0x03, 0x34, 0x12}, false},
    {"mov dword [ebx+0x100], imm32", {0xc7, 0x83, 0x00, 0x01, 0, 0, 0x78, 0x56, 0x34, 0x12}, false},
    {"add ax, imm16", {0x66, 0x05, 0x34, 0x12}, false},
    {"imul eax, ecx, imm32", {0x69, 0xc1, 0x00, 0x10, 0, 0}, false},
    {"imul ax, cx, imm8", {0x66, 0x6b, 0xc1, 0x10}, false},
    {"test byte [ebx], imm8", {0xf6, 0x03, 0x01}, false},
    {"test word [ebx], imm16", {0x66, 0xf7, 0x03, 0x00, 0x01}, false},
    {"test dword [ebx+4], imm32", {0xf7, 0x43, 0x04, 0, 0, 1, 0}, false},
    {"neg dword [ebx] (group 3 without an immediate)", {0xf7, 0x1b}, false},
    {"mov eax, gs:moffs32", {0x65, 0xa1, 0x14, 0, 0, 0}, false},
    {"call rel32", {0xe8, 0xfb, 0, 0, 0}, false},
    {"jne rel32", {0x0f, 0x85, 0xfa, 0x01, 0, 0}, false},
    {"call far ptr16:32", {0x9a, 0x34, 0x12, 0, 0, 0x10, 0}, false},
    {"jmp far ptr16:16", {0x66, 0xea, 0x34, 0x12, 0x10, 0}, false},
    {"enter imm16, imm8", {0xc8, 0x10, 0x00, 0x00}, false},
    {"ret imm16", {0xc2, 0x08, 0x00}, false},
    {"int 0x80", {0xcd, 0x80}, false},
    {"movzx eax, byte [ebx+ecx]", {0x0f, 0xb6, 0x04, 0x0b}, false},
    {"pshufd xmm0, xmm1, imm8", {0x66, 0x0f, 0x70, 0xc1, 0x1b}, false},
    {"pshufb xmm0, [ebx] (0F 38)", {0x66, 0x0f, 0x38, 0x00, 0x03}, false},
    {"palignr xmm0, xmm1, imm8 (0F 3A)", {0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x04}, false},
    {"crc32 eax, byte [ebx]", {0xf2, 0x0f, 0x38, 0xf0, 0x03}, false},
    {"movdqu xmm0, [ebx+0x10]", {0xf3, 0x0f, 0x6f, 0x43, 0x10}, false},
    {"fld qword [ebx+8]", {0xdd, 0x43, 0x08}, false},
    {"shld eax, ecx, imm8", {0x0f, 0xa4, 0xc8, 0x05}, false},
    {"bt eax, imm8", {0x0f, 0xba, 0xe0, 0x03}, false},
    {"mov dr4, ebp (the ModRM byte names registers)", {0x0f, 0x23, 0x65}, false},
    {"pfadd mm0, mm1 (3DNow!: an imm8 after ModRM)", {0x0f, 0x0f, 0xc1, 0x9e}, false},
    {"jcxz (67)", {0x67, 0xe3, 0x00}, false},
    {"mov al, moffs16 (67)", {0x67, 0xa0, 0x34, 0x12}, false},
    {"mov ecx, [bx+si+disp16] (67)", {0x67, 0x8b, 0x88, 0x34, 0x12}, false},
    {"lds eax, [ebx]", {0xc5, 0x03}, false},
    {"les eax, [ebx]", {0xc4, 0x03}, false},
    {"andn edx, eax, ecx (VEX, 0F 38)", {0xc4, 0xe2, 0x78, 0xf2, 0xd1}, false},
    {"andn edx, eax, [ebx+8]", {0xc4, 0xe2, 0x78, 0xf2, 0x53, 0x08}, false},
    {"bextr eax, [esi+edi*4], ecx", {0xc4, 0xe2, 0x70, 0xf7, 0x04, 0xbe}, false},
    {"rorx eax, [disp32], imm8 (VEX, 0F 3A)", {0xc4, 0xe3, 0x7b, 0xf0, 0x05, 0x78, 0x56, 0x34, 0x12, 0x09}, false},
    {"vzeroupper (2-byte VEX)", {0xc5, 0xf8, 0x77}, false},
    {"vpshufd xmm2, xmm1, imm8", {0xc5, 0xf9, 0x70, 0xd1, 0x1b}, false},
    {"pcmpistri xmm1, [eax], imm8", {0x66, 0x0f, 0x3a, 0x63, 0x08, 0x0c}, false},
    {"aam imm8", {0xd4, 0x0a}, false},
    {"mov eax, 0xf0f0f0f0 (lock prefixes as data)", {0xb8, 0xf0, 0xf0, 0xf0, 0xf0}, false},
    {"lock cmpxchg8b [esi]", {0xf0, 0x0f, 0xc7, 0x0e}, true},
    {"lock xadd [ecx], eax", {0xf0, 0x0f, 0xc1, 0x01}, true},
    {"lock cmpxchg [edx], ecx", {0xf0, 0x0f, 0xb1, 0x0a}, true},
    {"lock add dword gs:[0x10], imm8", {0x65, 0xf0, 0x83, 0x05, 0x10, 0, 0, 0, 0x01}, true},
    {"xchg [esp+4], eax (locked without the prefix)", {0x87, 0x44, 0x24, 0x04}, true},
    {"xchg gs:[0x1c], eax", {0x65, 0x87, 0x05, 0x1c, 0, 0, 0}, true},
    {"xchg ecx, eax", {0x91}, false},
    {"xchg ecx, edx (registers)", {0x87, 0xd1}, false},
    {"lock bts dword [ebx], imm8", {0xf0, 0x0f, 0xba, 0x2b, 0x03}, true},
    {"lock bts [ebx], eax", {0xf0, 0x0f, 0xab, 0x03}, true},
    {"lock or byte [ebx+ecx*8+disp32], imm8", {0xf0, 0x80, 0x8c, 0xcb, 0x00, 0x01, 0, 0, 0x80}, true},
    {"lock inc word [ebx]", {0x66, 0xf0, 0xff, 0x03}, true},
    {"lock not dword [ebx]", {0xf0, 0xf7, 0x13}, true},
    {"lock xchg byte [ebx], al", {0xf0, 0x86, 0x03}, true},
    {"lock sbb word [ebx+2], imm8", {0x66, 0xf0, 0x83, 0x5b, 0x02, 0x07}, true},
    {"xacquire lock add [ebx], eax", {0xf2, 0xf0, 0x01, 0x03}, true},
    {"lock adc byte [ebx], cl", {0xf0, 0x10, 0x0b}, true},
    {"lock btc word [ebx], imm8", {0x66, 0xf0, 0x0f, 0xba, 0x3b, 0x09}, true},
    {"lock neg byte [ebp-4]", {0xf0, 0xf6, 0x5d, 0xfc}, true},
    {"lock dec dword [esp]", {0xf0, 0xff, 0x0c, 0x24}, true},
    {"lock add [bx], eax (16-bit address)", {0x67, 0xf0, 0x01, 0x07}, true},
    {"cmpxchg [edx], ecx without lock", {0x0f, 0xb1, 0x0a}, false},
    {"xadd [ecx], eax without lock", {0x0f, 0xc1, 0x01}, false},
    {"add [ebx], eax without lock", {0x01, 0x03}, false},
    {"lock cmp (not lockable)", {0xf0, 0x39, 0x03}, false},
    {"lock bt (not lockable)", {0xf0, 0x0f, 0xa3, 0x03}, false},
    {"lock test byte [ebx], imm8 (not lockable)", {0xf0, 0xf6, 0x03, 0x01}, false},
    {"lock add eax, [ebx] (register destination)", {0xf0, 0x03, 0x03}, false},
    {"lock cmpxchg8b with a register operand", {0xf0, 0x0f, 0xc7, 0xc8}, false},
};

TEST(I386Decoder, LengthsAndAtomicForms) {
  for (const Length& c : kLengths) {
    Bytes padded = c.bytes;
    padded.insert(padded.end(), 16, 0x90);
    x86::Insn in;
    ASSERT_TRUE(x86::decode32(padded.data(), padded.size(), in)) << c.what;
    EXPECT_EQ(in.length, c.bytes.size()) << c.what;
    EXPECT_EQ(x86::is_atomic(in), c.atomic) << c.what;
    // It reads no more than the instruction, and needs all of it.
    EXPECT_TRUE(x86::decode32(c.bytes.data(), c.bytes.size(), in)) << c.what;
    EXPECT_FALSE(x86::decode32(c.bytes.data(), c.bytes.size() - 1, in)) << c.what;
  }
}

TEST(I386Decoder, Operands) {
  x86::Insn in;
  const Bytes gs_add = {0x65, 0xf0, 0x83, 0x05, 0x10, 0, 0, 0, 0x01};
  ASSERT_TRUE(x86::decode32(gs_add.data(), gs_add.size(), in));
  EXPECT_EQ(in.segment, x86::kGs);
  EXPECT_TRUE(in.lock);
  EXPECT_EQ(in.map, x86::kOneByte);
  EXPECT_EQ(in.opcode, 0x83);
  EXPECT_EQ(in.mod(), 0u);
  EXPECT_EQ(in.rm(), 5u);
  EXPECT_EQ(in.disp, 0x10);
  EXPECT_EQ(in.imm, 1u);
  const Bytes sib = {0x8b, 0x4c, 0x45, 0xf8};
  ASSERT_TRUE(x86::decode32(sib.data(), sib.size(), in));
  EXPECT_TRUE(in.has_sib);
  EXPECT_EQ(in.sib, 0x45);
  EXPECT_EQ(in.disp, -8);
  EXPECT_EQ(in.segment, -1);
  const Bytes addr16 = {0x67, 0x8b, 0x88, 0x34, 0x12};
  ASSERT_TRUE(x86::decode32(addr16.data(), addr16.size(), in));
  EXPECT_TRUE(in.addr16);
  EXPECT_EQ(in.disp, 0x1234);
  const Bytes word = {0x66, 0xc7, 0x03, 0x34, 0x12};
  ASSERT_TRUE(x86::decode32(word.data(), word.size(), in));
  EXPECT_TRUE(in.opsize16);
  EXPECT_EQ(in.imm, 0x1234u);
  EXPECT_EQ(in.imm_bytes, 2);
  const Bytes cmpxchg8b = {0xf0, 0x0f, 0xc7, 0x0e};
  ASSERT_TRUE(x86::decode32(cmpxchg8b.data(), cmpxchg8b.size(), in));
  EXPECT_EQ(in.map, x86::k0F);
  EXPECT_EQ(in.opcode, 0xc7);
  EXPECT_EQ(in.reg(), 1u);
  const Bytes palignr = {0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x04};
  ASSERT_TRUE(x86::decode32(palignr.data(), palignr.size(), in));
  EXPECT_EQ(in.map, x86::k0F3A);
  EXPECT_EQ(in.opcode, 0x0f);
  EXPECT_EQ(in.imm, 4u);
}

// What the decoder does not know: the engine raises #UD there (it does not decode AVX-512), which
// ends its block; and what no instruction is.
TEST(I386Decoder, UnknownOrInvalid) {
  const Bytes unknown[] = {
      {0x62, 0xf1, 0x7c, 0x48, 0x10, 0x03},  // vmovups zmm (EVEX)
      {0xc4, 0xe4, 0x78, 0xf2, 0xd1},        // VEX of map 4 (none)
      {0xc5, 0xf9, 0x78, 0xc1},              // VEX 0F 78 (none)
      {0x0f, 0x04},                          // undefined
      {0x0f, 0x78, 0x33},                    // vmread
      {0x0f},                                // cut short
      Bytes(15, 0x66),                       // prefixes only, up to the 15-byte limit
  };
  for (const Bytes& b : unknown) {
    x86::Insn in;
    EXPECT_FALSE(x86::decode32(b.data(), b.size(), in)) << b.size() << " bytes from " << int(b[0]);
  }
  Bytes too_long(14, 0x66);
  too_long.insert(too_long.end(), {0x05, 0x34, 0x12});  // 17 bytes: longer than any instruction
  x86::Insn in;
  EXPECT_FALSE(x86::decode32(too_long.data(), too_long.size(), in));
}

// A block decoded from its start: the atomic instructions' addresses, not bytes that merely look
// like a lock prefix; the scan stops at an instruction the decoder does not know.
TEST(I386Decoder, FindsTheAtomicInstructionsOfABlock) {
  const Bytes block = {
      0xb8, 0xf0, 0xf0, 0xf0, 0xf0,  // 00 mov eax, 0xf0f0f0f0
      0xf0, 0x0f, 0xc1, 0x03,        // 05 lock xadd [ebx], eax
      0x0f, 0xb1, 0x0b,              // 09 cmpxchg [ebx], ecx
      0x87, 0xd1,                    // 0c xchg ecx, edx
      0x86, 0x03,                    // 0e xchg [ebx], al
      0x66, 0xf0, 0x83, 0x03, 0x01,  // 10 lock add word [ebx], 1
      0x65, 0x87, 0x05, 0x1c, 0, 0, 0,  // 15 xchg gs:[0x1c], eax
      0xc4, 0xe2, 0x78, 0xf2, 0xd1,  // 1c andn edx, eax, ecx (VEX: BMI1, which the engine runs)
      0xf0, 0xff, 0x03,              // 21 lock inc dword [ebx]
      0x0f, 0x04,                    // 24 undefined: the engine stops there
      0xf0, 0xff, 0x03,              // 26 lock inc dword [ebx]
  };
  const uint64_t lo = reinterpret_cast<uint64_t>(block.data());
  std::vector<uint64_t> found;
  cpu::i386_find_atomic(lo, lo + block.size(), found);
  EXPECT_EQ(found, (std::vector<uint64_t>{lo + 0x05, lo + 0x0e, lo + 0x10, lo + 0x15, lo + 0x21}));
  // From the middle of an instruction another decoding comes out: a block never starts there,
  // but a jump into one would run what the decoder sees (the 0xf0 of the immediate is a lock).
  found.clear();
  cpu::i386_find_atomic(lo + 4, lo + 9, found);
  EXPECT_EQ(found, (std::vector<uint64_t>{lo + 4}));  // f0 f0 0f c1 03: lock xadd
}

// ---- each form: polyrun's execution (engines in parallel) or the engine's, against the host's ----

// Guest memory below 4 GiB (the host runs the same bytes with the same addresses).
constexpr uint64_t kLow = 0x51000000ull, kHigh = 0x52000000ull;
constexpr uint32_t kArith = 0x8d5, kArithNoAf = 0x8c5, kCf = 0x1, kZf = 0x40, kSf = 0x80;

struct HostState {
  uint32_t r[8];   // eax, ecx, edx, ebx, (esp: not loaded), ebp, esi, edi
  uint64_t flags;  // in and out
};

// Runs i386 bytes on the host CPU in 64-bit mode: the same instruction wherever no 64-bit
// meaning differs (the forms below: no RIP-relative disp32, no 16-bit addressing, no FS/GS).
class HostRunner {
 public:
  HostRunner() {
    page_ = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  }
  ~HostRunner() { ::munmap(page_, 4096); }
  bool ok() const { return page_ != MAP_FAILED; }
  void run(const Bytes& insns, HostState& s) {
    static const uint8_t kEnter[] = {
        0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57,  // push rbx rbp r12 r13 r14 r15
        0x49, 0x89, 0xff,                                            // mov r15, rdi
        0x41, 0x8b, 0x07, 0x41, 0x8b, 0x4f, 0x04, 0x41, 0x8b, 0x57, 0x08, 0x41, 0x8b, 0x5f, 0x0c,  // eax … ebx
        0x41, 0x8b, 0x6f, 0x14, 0x41, 0x8b, 0x77, 0x18, 0x41, 0x8b, 0x7f, 0x1c,  // ebp, esi, edi
        0x41, 0xff, 0x77, 0x20, 0x9d,                                            // push [r15+32]; popfq
    };
    static const uint8_t kLeave[] = {
        0x9c, 0x41, 0x8f, 0x47, 0x20,                                            // pushfq; pop [r15+32]
        0x41, 0x89, 0x07, 0x41, 0x89, 0x4f, 0x04, 0x41, 0x89, 0x57, 0x08, 0x41, 0x89, 0x5f, 0x0c,
        0x41, 0x89, 0x6f, 0x14, 0x41, 0x89, 0x77, 0x18, 0x41, 0x89, 0x7f, 0x1c,
        0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3,  // pop …; ret
    };
    auto* p = static_cast<uint8_t*>(page_);
    std::memcpy(p, kEnter, sizeof kEnter);
    std::memcpy(p + sizeof kEnter, insns.data(), insns.size());
    std::memcpy(p + sizeof kEnter + insns.size(), kLeave, sizeof kLeave);
    reinterpret_cast<void (*)(HostState*)>(page_)(&s);
  }

 private:
  void* page_;
};

// One form: `code` runs with ebx = data + 64 and ebp = data + 48 (the operands' bases); `at` names
// an offset in `code` where the 4-byte address data + `address` goes (-1: none).
struct Form {
  const char* name;
  Bytes code;
  uint32_t eax, ecx, edx, esi, edi;
  uint32_t flags;  // arithmetic flags before
  Bytes mem;       // at data + 64, over a pattern that fills data + 32 … data + 128
  uint32_t compared = kArith;
  int at = -1;
  uint32_t address = 0;
};

struct I386Atomics : ::testing::TestWithParam<bool> {
  AddressSpace as{Layout{4096, kLow, kHigh}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::I386, as, cpu::CpuOptions{0x80, true});
  uint64_t code = 0, data = 0;
  cpu::ExecutionLock lock;
  struct sigaction old_segv {}, old_bus {};

  void SetUp() override {
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
    data = static_cast<uint64_t>(as.map(0, 8192, kRead | kWrite, {}));
    cpu->set_reg(x86::RSP, data + 8000);
    cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
    if (GetParam()) {
      // As the personality does before guest code runs: polyrun's host atomics on guest memory
      // recover from host faults (an access the host refuses is then left to the engine).
      ::sigaction(SIGSEGV, nullptr, &old_segv);
      ::sigaction(SIGBUS, nullptr, &old_bus);
      report_host_faults_as_guest_faults();
      lock.acquire();
      cpu->share_execution(lock);  // engines in parallel: atomics performed by polyrun
    }
  }
  void TearDown() override {
    if (!GetParam()) return;
    lock.release();
    ::sigaction(SIGSEGV, &old_segv, nullptr);
    ::sigaction(SIGBUS, &old_bus, nullptr);
  }
  void fill(const Bytes& mem) {
    for (uint64_t i = 32; i < 128; ++i) *reinterpret_cast<uint8_t*>(data + i) = static_cast<uint8_t>(i * 37 + 5);
    std::memcpy(reinterpret_cast<void*>(data + 64), mem.data(), mem.size());
  }
  Bytes memory() { return Bytes(reinterpret_cast<uint8_t*>(data + 32), reinterpret_cast<uint8_t*>(data + 128)); }
};

class I386AtomicForms : public I386Atomics {};

const Form kForms[] = {
    {"lock add [ebx], eax", {0xf0, 0x01, 0x03}, 0x7fffffff, 0, 0, 0, 0, 0, {1, 0, 0, 0}},
    {"lock add byte [ebx], al", {0xf0, 0x00, 0x03}, 0x80, 0, 0, 0, 0, 0, {0x80}},
    {"lock add word [ebx], ax", {0x66, 0xf0, 0x01, 0x03}, 0x10001, 0, 0, 0, 0, 0, {0xff, 0xff}},
    {"lock or [ebx], ecx", {0xf0, 0x09, 0x0b}, 0, 0x80000000, 0, 0, 0, kZf, {1, 0, 0, 0}, kArithNoAf},
    {"stc; lock adc [ebx], eax", {0xf9, 0xf0, 0x11, 0x03}, 0xffffffff, 0, 0, 0, 0, 0, {0, 0, 0, 0}},
    {"add esi, edi; lock adc [ebx], eax (the carry of the add)", {0x01, 0xfe, 0xf0, 0x11, 0x03}, 5, 0, 0, 0xffffffff, 1,
     0, {7, 0, 0, 0}},
    {"lock adc byte [ebx], cl (the carry before)", {0xf0, 0x10, 0x0b}, 0, 0x7f, 0, 0, 0, kCf, {0}},
    {"lock sbb [ebx], edx", {0xf0, 0x19, 0x13}, 0, 0, 1, 0, 0, kCf, {1, 0, 0, 0}},
    {"lock and word [ebx], dx", {0x66, 0xf0, 0x21, 0x13}, 0, 0, 0x8001, 0, 0, 0, {0xff, 0x8f}, kArithNoAf},
    {"lock sub [ebx], esi", {0xf0, 0x29, 0x33}, 0, 0, 0, 5, 0, 0, {3, 0, 0, 0}},
    {"lock xor byte [ebx], dh", {0xf0, 0x30, 0x33}, 0, 0, 0xff00, 0, 0, 0, {0x0f}, kArithNoAf},
    {"lock add dword [ebx+4], imm32", {0xf0, 0x81, 0x43, 0x04, 0x78, 0x56, 0x34, 0x12}, 0, 0, 0, 0, 0, 0,
     {0, 0, 0, 0, 0x88, 0xa9, 0xcb, 0xed}},
    {"lock sub byte [ebx], imm8", {0xf0, 0x80, 0x2b, 0x05}, 0, 0, 0, 0, 0, 0, {3}},
    {"lock and word [ebx], imm16", {0x66, 0xf0, 0x81, 0x23, 0xf0, 0x0f}, 0, 0, 0, 0, 0, 0, {0x34, 0x12}, kArithNoAf},
    {"lock adc dword [ebx], imm8 (sign-extended)", {0xf0, 0x83, 0x13, 0xff}, 0, 0, 0, 0, 0, kCf, {0x10, 0, 0, 0}},
    {"lock xor [ebx+esi*4+8], imm8", {0xf0, 0x83, 0x74, 0xb3, 0x08, 0x5a}, 0, 0, 0, 2, 0, 0, {}, kArithNoAf},
    {"lock or byte [ebx+ecx*8+disp32], imm8", {0xf0, 0x80, 0x8c, 0xcb, 0x10, 0, 0, 0, 0x80}, 0, 1, 0, 0, 0, 0, {},
     kArithNoAf},
    {"lock add [disp32], eax (SIB without base or index)", {0xf0, 0x01, 0x04, 0x25, 0, 0, 0, 0}, 9, 0, 0, 0, 0, 0,
     {0xf8, 0xff, 0xff, 0xff}, kArith, 4, 64},
    {"lock add [ecx*4+disp32], eax", {0xf0, 0x01, 0x04, 0x8d, 0, 0, 0, 0}, 1, 2, 0, 0, 0, 0, {2, 0, 0, 0x80}, kArith,
     4, 56},
    {"lock add [ebp+16], eax (the stack segment)", {0xf0, 0x01, 0x45, 0x10}, 3, 0, 0, 0, 0, 0, {4, 0, 0, 0}},
    {"lock inc dword [ebx] (carry kept)", {0xf0, 0xff, 0x03}, 0, 0, 0, 0, 0, kCf, {0xff, 0xff, 0xff, 0xff}},
    {"cmp edi, esi; lock dec byte [ebx] (carry of the compare kept)", {0x39, 0xf7, 0xf0, 0xfe, 0x0b}, 0, 0, 0, 2, 1, 0,
     {1}},
    {"lock inc word [ebx]", {0x66, 0xf0, 0xff, 0x03}, 0, 0, 0, 0, 0, 0, {0xff, 0x7f}},
    {"lock not word [ebx] (flags kept)", {0x66, 0xf0, 0xf7, 0x13}, 0, 0, 0, 0, 0, kArith, {0xff, 0x00}},
    {"lock neg dword [ebx]", {0xf0, 0xf7, 0x1b}, 0, 0, 0, 0, 0, kCf, {0, 0, 0, 0}},
    {"lock neg byte [ebx]", {0xf0, 0xf6, 0x1b}, 0, 0, 0, 0, 0, 0, {0x80}},
    {"lock xadd [ebx], eax", {0xf0, 0x0f, 0xc1, 0x03}, 3, 0, 0, 0, 0, 0, {0xfe, 0xff, 0xff, 0xff}},
    {"lock xadd byte [ebx], ah", {0xf0, 0x0f, 0xc0, 0x23}, 0x12347f56, 0, 0, 0, 0, 0, {1}},
    {"lock xadd word [ebx], cx", {0x66, 0xf0, 0x0f, 0xc1, 0x0b}, 0, 0x12348000, 0, 0, 0, 0, {0x00, 0x80}},
    {"xchg [ebx], eax", {0x87, 0x03}, 0x11223344, 0, 0, 0, 0, kArith, {0xdd, 0xcc, 0xbb, 0xaa}},
    {"xchg [ebx], dh", {0x86, 0x33}, 0, 0, 0x12345678, 0, 0, 0, {0x99}},
    {"lock xchg word [ebx], dx", {0x66, 0xf0, 0x87, 0x13}, 0, 0, 0xabcd1234, 0, 0, kSf, {0x11, 0x22}},
    {"lock cmpxchg [ebx], ecx (equal)", {0xf0, 0x0f, 0xb1, 0x0b}, 5, 0x77, 0, 0, 0, 0, {5, 0, 0, 0}},
    {"lock cmpxchg [ebx], ecx (different)", {0xf0, 0x0f, 0xb1, 0x0b}, 6, 0x77, 0, 0, 0, 0, {5, 0, 0, 0}},
    {"lock cmpxchg byte [ebx], dl (different)", {0xf0, 0x0f, 0xb0, 0x13}, 0x12345601, 0, 0x33, 0, 0, 0, {0x80}},
    {"lock cmpxchg word [ebx], si (equal)", {0x66, 0xf0, 0x0f, 0xb1, 0x33}, 0xffff1234, 0, 0, 0xbeef, 0, 0,
     {0x34, 0x12}},
    {"lock cmpxchg8b [ebp+16] (equal)", {0xf0, 0x0f, 0xc7, 0x4d, 0x10}, 0x04030201, 0xcafef00d, 0x08070605, 0, 0,
     kCf | kSf, {1, 2, 3, 4, 5, 6, 7, 8}},
    {"lock cmpxchg8b [ebp+16] (different)", {0xf0, 0x0f, 0xc7, 0x4d, 0x10}, 0, 0xcafef00d, 0, 0, 0, kCf | kSf,
     {1, 2, 3, 4, 5, 6, 7, 8}},
    {"lock bts [ebx], eax (bit 37: the next dword)", {0xf0, 0x0f, 0xab, 0x03}, 37, 0, 0, 0, 0, 0, {}, kCf},
    {"lock btr [ebx], ecx (bit -1: the dword before)", {0xf0, 0x0f, 0xb3, 0x0b}, 0, 0xffffffff, 0, 0, 0, 0, {}, kCf},
    {"lock btc word [ebx], dx (bit 20: the next word)", {0x66, 0xf0, 0x0f, 0xbb, 0x13}, 0, 0, 20, 0, 0, kCf, {}, kCf},
    {"lock bts dword [ebx], 35 (the immediate modulo 32)", {0xf0, 0x0f, 0xba, 0x2b, 0x23}, 0, 0, 0, 0, 0, 0, {}, kCf},
    {"lock btr word [ebx], 9", {0x66, 0xf0, 0x0f, 0xba, 0x33, 0x09}, 0, 0, 0, 0, 0, kCf, {0x00, 0x02}, kCf},
    {"lock btc dword [ebx+4], 31", {0xf0, 0x0f, 0xba, 0x7b, 0x04, 0x1f}, 0, 0, 0, 0, 0, 0, {}, kCf},
};

TEST_P(I386AtomicForms, AsTheHostRunsThem) {
  HostRunner host;
  ASSERT_TRUE(host.ok());
  for (const Form& f : kForms) {
    SCOPED_TRACE(f.name);
    Bytes insns = f.code;
    if (f.at >= 0) {
      const uint32_t a = static_cast<uint32_t>(data) + f.address;
      std::memcpy(insns.data() + f.at, &a, 4);
    }
    // Where scan_block looks: the form is found.
    std::vector<uint64_t> found;
    const uint64_t lo = reinterpret_cast<uint64_t>(insns.data());
    cpu::i386_find_atomic(lo, lo + insns.size(), found);
    EXPECT_EQ(found.size(), 1u);

    const uint32_t ebx = static_cast<uint32_t>(data + 64), ebp = static_cast<uint32_t>(data + 48);
    fill(f.mem);
    HostState h{{f.eax, f.ecx, f.edx, ebx, 0, ebp, f.esi, f.edi}, (f.flags & kArith) | 0x2};
    host.run(insns, h);
    const Bytes host_memory = memory();

    fill(f.mem);
    Bytes guest = insns;
    guest.insert(guest.end(), {0xcd, 0x80});  // int 0x80: the handler stops the run
    ASSERT_TRUE(as.poke(code, guest.data(), guest.size()));
    const uint32_t regs[8] = {f.eax, f.ecx, f.edx, ebx, 0, ebp, f.esi, f.edi};
    for (int r = 0; r < 8; ++r)
      if (r != x86::RSP) cpu->set_reg(r, regs[r]);
    cpu->set_reg(x86::RFLAGS, (cpu->reg(x86::RFLAGS) & ~uint64_t{kArith}) | (f.flags & kArith));
    cpu->set_pc(code);
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
    EXPECT_EQ(cpu->pc(), code + guest.size());
    for (int r = 0; r < 8; ++r) {
      if (r == x86::RSP) continue;
      EXPECT_EQ(cpu->reg(r) & 0xffffffff, h.r[r]) << "register " << r;
    }
    EXPECT_EQ(cpu->reg(x86::RFLAGS) & f.compared, h.flags & f.compared);
    EXPECT_EQ(memory(), host_memory);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, I386AtomicForms, ::testing::Values(false, true),
                         [](const auto& info) { return std::string(info.param ? "Parallel" : "EngineAlone"); });

// FS and GS as a Linux program's TLS sets them (GDT entries 6 and 7), and 16-bit addressing within
// a segment: the guest's own results (the host's FS and GS are its own).
class I386AtomicSegments : public I386Atomics {};

TEST_P(I386AtomicSegments, OverridesAddTheSegmentsBase) {
  const Bytes guest = {
      0x66, 0xb8, 0x33, 0x00, 0x8e, 0xe8,              // mov ax, 0x33; mov gs, ax
      0x66, 0xb8, 0x3b, 0x00, 0x8e, 0xe0,              // mov ax, 0x3b; mov fs, ax
      0xb8, 0x07, 0x00, 0x00, 0x00,                    // mov eax, 7
      0x65, 0xf0, 0xff, 0x05, 0x08, 0, 0, 0,           // lock inc dword gs:[8]
      0x65, 0x87, 0x0d, 0x0c, 0, 0, 0,                 // xchg gs:[12], ecx
      0x64, 0xf0, 0x0f, 0xb1, 0x15, 0x10, 0, 0, 0,     // lock cmpxchg fs:[0x10], edx
      0x67, 0x64, 0xf0, 0x01, 0x07,                    // lock add fs:[bx], eax
      0x26, 0xf0, 0x0f, 0xc1, 0x06,                    // lock xadd es:[esi], eax
      0xcd, 0x80,                                      // int 0x80
  };
  ASSERT_TRUE(as.poke(code, guest.data(), guest.size()));
  const uint64_t gs_base = data + 0x100, fs_base = data + 0x200;
  cpu->set_reg(x86::DESC6, cpu::x86_descriptor(static_cast<uint32_t>(gs_base), 0xffffffff));
  cpu->set_reg(x86::DESC7, cpu::x86_descriptor(static_cast<uint32_t>(fs_base), 0xffffffff));
  auto word = [](uint64_t at) { return reinterpret_cast<uint32_t*>(at); };
  *word(gs_base + 8) = 41;
  *word(gs_base + 12) = 0x5678;
  *word(fs_base + 0x10) = 7;
  *word(fs_base + 0x20) = 100;
  *word(data + 0x300) = 1000;
  cpu->set_reg(x86::RCX, 0x1234);
  cpu->set_reg(x86::RDX, 0x99);
  cpu->set_reg(x86::RBX, 0xabcd0020);  // bx: 0x20
  cpu->set_reg(x86::RSI, data + 0x300);
  cpu->set_pc(code);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(*word(gs_base + 8), 42u);
  EXPECT_EQ(*word(gs_base + 12), 0x1234u);
  EXPECT_EQ(cpu->reg(x86::RCX), 0x5678u);
  EXPECT_EQ(*word(fs_base + 0x10), 0x99u);
  EXPECT_EQ(*word(fs_base + 0x20), 107u);
  EXPECT_EQ(*word(data + 0x300), 1007u);
  EXPECT_EQ(cpu->reg(x86::RAX), 1000u);  // xadd: the old value
}

INSTANTIATE_TEST_SUITE_P(Engines, I386AtomicSegments, ::testing::Values(false, true),
                         [](const auto& info) { return std::string(info.param ? "Parallel" : "EngineAlone"); });

// An atomic at an unmapped or read-only address: the engine's fault, at the instruction, which runs
// once (polyrun leaves what the host refuses to the engine).
class I386AtomicFaults : public I386Atomics {};

TEST_P(I386AtomicFaults, AreTheInstructionsFaults) {
  // inc ecx; lock add [ebx], eax; int 0x80 — then inc ecx; xchg [ebx], eax; int 0x80
  const Bytes guest = {0x41, 0xf0, 0x01, 0x03, 0xcd, 0x80, 0x41, 0x87, 0x03, 0xcd, 0x80};
  ASSERT_TRUE(as.poke(code, guest.data(), guest.size()));
  cpu->set_reg(x86::RCX, 0);
  cpu->set_reg(x86::RBX, 0x4000);
  cpu->set_pc(code);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code + 1);
  EXPECT_EQ(t.fault_addr, 0x4000u);
  EXPECT_EQ(cpu->reg(x86::RCX), 1u);
  const uint64_t ro = static_cast<uint64_t>(as.map(0, 4096, kRead, {}));
  cpu->set_reg(x86::RBX, ro + 8);
  cpu->set_pc(code + 6);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code + 7);
  EXPECT_EQ(t.fault_addr, ro + 8);
  EXPECT_EQ(t.access, cpu::Access::Write);
  EXPECT_EQ(cpu->reg(x86::RCX), 2u);
}

INSTANTIATE_TEST_SUITE_P(Engines, I386AtomicFaults, ::testing::Values(false, true),
                         [](const auto& info) { return std::string(info.param ? "Parallel" : "EngineAlone"); });

// ---- engines in parallel ----

// Code another thread writes with plain stores into a writable and executable page an engine has
// run: x86 has the executing processor see it after a serializing instruction, and so does the
// engine (cpuid, or a syscall).
struct Serializing {
  const char* name;
  Bytes code;  // mov esi, 1 (its immediate at offset 1); mov [edi], esi; …; jmp back
};

void PrintTo(const Serializing& s, std::ostream* os) { *os << s.name; }

class I386CodeWrittenByAnotherThread : public ::testing::TestWithParam<Serializing> {};

TEST_P(I386CodeWrittenByAnotherThread, IsSeenAfterASerializingInstruction) {
  AddressSpace as{Layout{4096, kLow, kHigh}};
  const uint64_t code = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite | kExec, {}));
  const uint64_t data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  const Bytes& loop = GetParam().code;
  ASSERT_TRUE(as.poke(code, loop.data(), loop.size()));
  auto seen = [&] { return __atomic_load_n(reinterpret_cast<uint32_t*>(data), __ATOMIC_ACQUIRE); };
  auto cpu = cpu::create_cpu(Isa::I386, as, cpu::CpuOptions{0x80, true});
  cpu->set_reg(x86::RDI, data);
  cpu->set_reg(x86::RSP, data + 4000);
  cpu->set_pc(code);
  cpu->set_syscall_handler([](cpu::Cpu& c) { c.set_reg(x86::RAX, 0); });
  cpu::ExecutionLock lock;
  std::atomic<bool> stop{false};
  cpu::Trap t;
  std::thread engine([&] {
    lock.acquire();
    cpu->share_execution(lock);
    cpu->watch_interrupts(&stop);
    t = cpu->run();
    lock.release();
  });
  auto wait_for = [&](uint32_t value) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (seen() != value && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    return seen();
  };
  EXPECT_EQ(wait_for(1), 1u);
  // Another engine's store: no notice to the others.
  __atomic_store_n(reinterpret_cast<uint8_t*>(code + 1), uint8_t{2}, __ATOMIC_RELAXED);
  EXPECT_EQ(wait_for(2), 2u);
  stop = true;
  engine.join();
  EXPECT_EQ(t.kind, cpu::TrapKind::Interrupted);
}

INSTANTIATE_TEST_SUITE_P(
    Instructions, I386CodeWrittenByAnotherThread,
    ::testing::Values(Serializing{"Cpuid",
                                  {
                                      0xbe, 0x01, 0, 0, 0,  // 00 mov esi, 1
                                      0x89, 0x37,           // 05 mov [edi], esi
                                      0x31, 0xc0,           // 07 xor eax, eax
                                      0x0f, 0xa2,           // 09 cpuid
                                      0xeb, 0xf3,           // 0b jmp 00
                                  }},
                      Serializing{"Syscall",
                                  {
                                      0xbe, 0x01, 0, 0, 0,  // 00 mov esi, 1
                                      0x89, 0x37,           // 05 mov [edi], esi
                                      0xcd, 0x80,           // 07 int 0x80
                                      0xeb, 0xf5,           // 09 jmp 00
                                  }}),
    [](const auto& info) { return std::string(info.param.name); });

// Engines on host threads counting on shared memory with locked instructions: exact only if they
// are atomic across engines. ebx: the counter, ecx: the loops (edi and ebp for cmpxchg8b).
struct Counter {
  const char* name;
  Bytes code;
  unsigned width;  // of the counter: 4 or 8 bytes
};

void PrintTo(const Counter& c, std::ostream* os) { *os << c.name; }

class I386ParallelCounter : public ::testing::TestWithParam<Counter> {};

TEST_P(I386ParallelCounter, IsExact) {
  const Counter& c = GetParam();
  AddressSpace as{Layout{4096, kLow, kHigh}};
  const uint64_t code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
  const uint64_t data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  ASSERT_TRUE(as.poke(code, c.code.data(), c.code.size()));
  // A 64-bit counter starts below a carry into its high word.
  const uint64_t start = c.width == 8 ? 0xffff0000ull : 0;
  std::memcpy(reinterpret_cast<void*>(data), &start, 8);
  constexpr uint32_t kLoops = 200000;
  constexpr int kEngines = 3;
  std::vector<std::unique_ptr<cpu::Cpu>> cpus(kEngines);
  cpu::ExecutionLock lock;
  lock.acquire();
  lock.go_parallel();
  lock.release();
  for (int i = 0; i < kEngines; ++i) {
    cpus[i] = cpu::create_cpu(Isa::I386, as, cpu::CpuOptions{0x80, true});
    cpu::Cpu& cpu = *cpus[i];
    cpu.set_pc(code);
    cpu.set_reg(x86::RBX, data);
    cpu.set_reg(x86::RDI, data);
    cpu.set_reg(x86::RCX, kLoops);
    cpu.set_reg(x86::RBP, kLoops);
    cpu.set_reg(x86::RSP, data + 2048 + 512 * i);
    cpu.set_syscall_handler([](cpu::Cpu& self) { self.stop(); });
  }
  const std::vector<cpu::Trap> traps = test::run_engines_at_once(cpus, lock);
  for (const auto& t : traps) EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  uint64_t count = 0;
  std::memcpy(&count, reinterpret_cast<const void*>(data), c.width);
  EXPECT_EQ(count, start + uint64_t{kEngines} * kLoops);
}

INSTANTIATE_TEST_SUITE_P(
    Loops, I386ParallelCounter,
    ::testing::Values(
        Counter{"LockXadd",
                {
                    0xb8, 0x01, 0, 0, 0,     // 00 mov eax, 1
                    0xf0, 0x0f, 0xc1, 0x03,  // 05 lock xadd [ebx], eax
                    0x49,                    // 09 dec ecx
                    0x75, 0xf4,              // 0a jnz 00
                    0xcd, 0x80,              // 0c int 0x80
                },
                4},
        Counter{"LockCmpxchg",
                {
                    0x8b, 0x03,              // 00 mov eax, [ebx]
                    0x8d, 0x50, 0x01,        // 02 lea edx, [eax+1]
                    0xf0, 0x0f, 0xb1, 0x13,  // 05 lock cmpxchg [ebx], edx
                    0x75, 0xf7,              // 09 jnz 02 (eax: what memory held)
                    0x49,                    // 0b dec ecx
                    0x75, 0xf2,              // 0c jnz 00
                    0xcd, 0x80,              // 0e int 0x80
                },
                4},
        Counter{"XchgSpinLock",
                {
                    0xb8, 0x01, 0, 0, 0,     // 00 mov eax, 1
                    0x87, 0x43, 0x08,        // 05 xchg [ebx+8], eax (the lock word)
                    0x85, 0xc0,              // 08 test eax, eax
                    0x75, 0xf9,              // 0a jnz 05
                    0xff, 0x03,              // 0c inc dword [ebx] (a plain increment)
                    0xc7, 0x43, 0x08, 0, 0, 0, 0,  // 0e mov dword [ebx+8], 0 (unlock)
                    0x49,                    // 15 dec ecx
                    0x75, 0xe8,              // 16 jnz 00
                    0xcd, 0x80,              // 18 int 0x80
                },
                4},
        Counter{"LockIncAndAdd",
                {
                    0xf0, 0xff, 0x03,        // 00 lock inc dword [ebx]
                    0xf0, 0x83, 0x03, 0x02,  // 03 lock add dword [ebx], 2
                    0xf0, 0x83, 0x2b, 0x02,  // 07 lock sub dword [ebx], 2
                    0x49,                    // 0b dec ecx
                    0x75, 0xf2,              // 0c jnz 00
                    0xcd, 0x80,              // 0e int 0x80
                },
                4},
        Counter{"LockCmpxchg8b",
                {
                    0x8b, 0x07,              // 00 mov eax, [edi]
                    0x8b, 0x57, 0x04,        // 02 mov edx, [edi+4]
                    0x89, 0xc3,              // 05 mov ebx, eax
                    0x89, 0xd1,              // 07 mov ecx, edx
                    0x83, 0xc3, 0x01,        // 09 add ebx, 1
                    0x83, 0xd1, 0x00,        // 0c adc ecx, 0
                    0xf0, 0x0f, 0xc7, 0x0f,  // 0f lock cmpxchg8b [edi]
                    0x75, 0xf0,              // 13 jnz 05 (edx:eax: what memory held)
                    0x4d,                    // 15 dec ebp
                    0x75, 0xe8,              // 16 jnz 00
                    0xcd, 0x80,              // 18 int 0x80
                },
                8}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
