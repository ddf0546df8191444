// x86-64 for gdb (Windows programs on the engine): org.gnu.gdb.i386.core with the 64-bit general
// registers (rax … r15, rip) and org.gnu.gdb.i386.sse (xmm0–xmm15, mxcsr), in gdb's amd64
// numbering (rax = 0 … gs = 23, st0 = 24 … fop = 39, xmm0 = 40 … mxcsr = 56).
#include "cpu-emu/x86_regs.h"
#include "gdbstub/gdb_arch.h"
#include "gdbstub/gdb_arch_x87.h"

namespace polyrun::gdb {

namespace {

const char kXml[] = R"(<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>i386:x86-64</architecture>
<feature name="org.gnu.gdb.i386.core">
)" X86_EFLAGS_XML R"(<reg name="rax" bitsize="64" type="int64" regnum="0"/>
<reg name="rbx" bitsize="64" type="int64"/>
<reg name="rcx" bitsize="64" type="int64"/>
<reg name="rdx" bitsize="64" type="int64"/>
<reg name="rsi" bitsize="64" type="int64"/>
<reg name="rdi" bitsize="64" type="int64"/>
<reg name="rbp" bitsize="64" type="data_ptr"/>
<reg name="rsp" bitsize="64" type="data_ptr"/>
<reg name="r8" bitsize="64" type="int64"/>
<reg name="r9" bitsize="64" type="int64"/>
<reg name="r10" bitsize="64" type="int64"/>
<reg name="r11" bitsize="64" type="int64"/>
<reg name="r12" bitsize="64" type="int64"/>
<reg name="r13" bitsize="64" type="int64"/>
<reg name="r14" bitsize="64" type="int64"/>
<reg name="r15" bitsize="64" type="int64"/>
<reg name="rip" bitsize="64" type="code_ptr"/>
<reg name="eflags" bitsize="32" type="i386_eflags"/>
)" X86_SEGMENTS_X87_XML R"(</feature>
<feature name="org.gnu.gdb.i386.sse">
)" X86_SSE_TYPES_XML R"(<reg name="xmm0" bitsize="128" type="vec128" regnum="40"/>
<reg name="xmm1" bitsize="128" type="vec128"/>
<reg name="xmm2" bitsize="128" type="vec128"/>
<reg name="xmm3" bitsize="128" type="vec128"/>
<reg name="xmm4" bitsize="128" type="vec128"/>
<reg name="xmm5" bitsize="128" type="vec128"/>
<reg name="xmm6" bitsize="128" type="vec128"/>
<reg name="xmm7" bitsize="128" type="vec128"/>
<reg name="xmm8" bitsize="128" type="vec128"/>
<reg name="xmm9" bitsize="128" type="vec128"/>
<reg name="xmm10" bitsize="128" type="vec128"/>
<reg name="xmm11" bitsize="128" type="vec128"/>
<reg name="xmm12" bitsize="128" type="vec128"/>
<reg name="xmm13" bitsize="128" type="vec128"/>
<reg name="xmm14" bitsize="128" type="vec128"/>
<reg name="xmm15" bitsize="128" type="vec128"/>
<reg name="mxcsr" bitsize="32" type="i386_mxcsr" group="vector"/>
</feature>
</target>
)";

std::vector<RegisterDesc> registers() {
  using namespace cpu::x86;
  std::vector<RegisterDesc> r = {
      {"rax", 64, RegisterDesc::Reg, RAX}, {"rbx", 64, RegisterDesc::Reg, RBX}, {"rcx", 64, RegisterDesc::Reg, RCX},
      {"rdx", 64, RegisterDesc::Reg, RDX}, {"rsi", 64, RegisterDesc::Reg, RSI}, {"rdi", 64, RegisterDesc::Reg, RDI},
      {"rbp", 64, RegisterDesc::Reg, RBP}, {"rsp", 64, RegisterDesc::Reg, RSP}, {"r8", 64, RegisterDesc::Reg, R8},
      {"r9", 64, RegisterDesc::Reg, R9},   {"r10", 64, RegisterDesc::Reg, R10}, {"r11", 64, RegisterDesc::Reg, R11},
      {"r12", 64, RegisterDesc::Reg, R12}, {"r13", 64, RegisterDesc::Reg, R13}, {"r14", 64, RegisterDesc::Reg, R14},
      {"r15", 64, RegisterDesc::Reg, R15}, {"rip", 64, RegisterDesc::Reg, RIP},
      {"eflags", 32, RegisterDesc::Reg, RFLAGS}, {"cs", 32, RegisterDesc::Reg, CS}, {"ss", 32, RegisterDesc::Reg, SS},
      {"ds", 32, RegisterDesc::Reg, DS},   {"es", 32, RegisterDesc::Reg, ES},   {"fs", 32, RegisterDesc::Reg, FS},
      {"gs", 32, RegisterDesc::Reg, GS},
  };
  add_x87_registers(r);
  static const char* const kXmm[] = {"xmm0", "xmm1", "xmm2",  "xmm3",  "xmm4",  "xmm5",  "xmm6",  "xmm7",
                                     "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"};
  for (int i = 0; i < 16; ++i) r.push_back({kXmm[i], 128, RegisterDesc::Vector, XMM0 + i});
  r.push_back({"mxcsr", 32, RegisterDesc::Reg, MXCSR});
  return r;
}

}  // namespace

const ArchDesc& arch_x86_64() {
  static const ArchDesc a{Isa::X86_64, kXml, registers(), false, 16};
  return a;
}

}  // namespace polyrun::gdb
