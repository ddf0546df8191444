// x86-64 on Unicorn: engine mode, register mapping and the interrupt vectors polyrun uses.
#include <unicorn/unicorn.h>

#include "cpu-emu/unicorn_cpu.h"
#include "cpu-emu/x86_regs.h"

namespace polyrun::cpu {

namespace {

// Vectors the engine passes to the interrupt hook: `int 0x2e` is how polyrun's host-call thunks
// enter the host (the vector Windows NT once used for system calls); `int3` is a breakpoint; #UD
// an undefined instruction.
constexpr uint32_t kVecUd = 6;
constexpr uint32_t kVecBp = 3;
constexpr uint32_t kVecHostCall = 0x2e;

InterruptMeaning classify(uint32_t intno) {
  switch (intno) {
    case kVecHostCall: return InterruptMeaning::Syscall;
    case kVecBp: return InterruptMeaning::Breakpoint;
    case kVecUd: return InterruptMeaning::Undefined;
    default: return InterruptMeaning::Other;
  }
}

std::vector<int> reg_ids_64() {
  std::vector<int> ids(x86::kCount);
  const int gpr[] = {UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX,
                     UC_X86_REG_RSP, UC_X86_REG_RBP, UC_X86_REG_RSI, UC_X86_REG_RDI,
                     UC_X86_REG_R8,  UC_X86_REG_R9,  UC_X86_REG_R10, UC_X86_REG_R11,
                     UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15};
  for (int i = 0; i < 16; ++i) ids[i] = gpr[i];
  ids[x86::RIP] = UC_X86_REG_RIP;
  ids[x86::RFLAGS] = UC_X86_REG_RFLAGS;
  ids[x86::FS_BASE] = UC_X86_REG_FS_BASE;
  ids[x86::GS_BASE] = UC_X86_REG_GS_BASE;
  ids[x86::FS] = UC_X86_REG_FS;
  ids[x86::GS] = UC_X86_REG_GS;
  ids[x86::CS] = UC_X86_REG_CS;
  ids[x86::SS] = UC_X86_REG_SS;
  ids[x86::DS] = UC_X86_REG_DS;
  ids[x86::ES] = UC_X86_REG_ES;
  for (int i = 0; i < 8; ++i) ids[x86::XMM0 + i] = UC_X86_REG_XMM0 + i;
  return ids;
}

}  // namespace

const UnicornIsa& unicorn_isa_x86_64() {
  // The engine's default 64-bit model (SSE, SSE2, SSE3 …); x86 target pages are 4 KiB and the
  // section bound 4,096, so the same 512-region cap leaves a wide margin.
  static const UnicornIsa desc{
      Isa::X86_64, UC_ARCH_X86, UC_MODE_64, -1, reg_ids_64(), UC_X86_REG_RIP, 512,
      {"sse", "sse2"}, &classify, nullptr,
  };
  return desc;
}

}  // namespace polyrun::cpu
