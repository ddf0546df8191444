// i386 for gdb: org.gnu.gdb.i386.core (the general and segment registers, the x87 stack as ST(i)
// and its control registers), org.gnu.gdb.i386.sse (xmm0–xmm7, mxcsr) and org.gnu.gdb.i386.linux
// (orig_eax), in gdb's numbering (eax = 0 … mxcsr = 40, orig_eax = 41).
#include "cpu-emu/x86_regs.h"
#include "gdbstub/gdb_arch.h"
#include "gdbstub/gdb_arch_x87.h"

namespace polyrun::gdb {

namespace {

const char kXml[] = R"(<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>i386</architecture>
<feature name="org.gnu.gdb.i386.core">
)" X86_EFLAGS_XML R"(<reg name="eax" bitsize="32" type="int32" regnum="0"/>
<reg name="ecx" bitsize="32" type="int32"/>
<reg name="edx" bitsize="32" type="int32"/>
<reg name="ebx" bitsize="32" type="int32"/>
<reg name="esp" bitsize="32" type="data_ptr"/>
<reg name="ebp" bitsize="32" type="data_ptr"/>
<reg name="esi" bitsize="32" type="int32"/>
<reg name="edi" bitsize="32" type="int32"/>
<reg name="eip" bitsize="32" type="code_ptr"/>
<reg name="eflags" bitsize="32" type="i386_eflags"/>
)" X86_SEGMENTS_X87_XML R"(</feature>
<feature name="org.gnu.gdb.i386.sse">
)" X86_SSE_TYPES_XML R"(<reg name="xmm0" bitsize="128" type="vec128" regnum="32"/>
<reg name="xmm1" bitsize="128" type="vec128"/>
<reg name="xmm2" bitsize="128" type="vec128"/>
<reg name="xmm3" bitsize="128" type="vec128"/>
<reg name="xmm4" bitsize="128" type="vec128"/>
<reg name="xmm5" bitsize="128" type="vec128"/>
<reg name="xmm6" bitsize="128" type="vec128"/>
<reg name="xmm7" bitsize="128" type="vec128"/>
<reg name="mxcsr" bitsize="32" type="i386_mxcsr" group="vector"/>
</feature>
<feature name="org.gnu.gdb.i386.linux">
<reg name="orig_eax" bitsize="32" type="int" regnum="41"/>
</feature>
</target>
)";

std::vector<RegisterDesc> registers() {
  using namespace cpu::x86;
  std::vector<RegisterDesc> r = {
      {"eax", 32, RegisterDesc::Reg, RAX}, {"ecx", 32, RegisterDesc::Reg, RCX},   {"edx", 32, RegisterDesc::Reg, RDX},
      {"ebx", 32, RegisterDesc::Reg, RBX}, {"esp", 32, RegisterDesc::Reg, RSP},   {"ebp", 32, RegisterDesc::Reg, RBP},
      {"esi", 32, RegisterDesc::Reg, RSI}, {"edi", 32, RegisterDesc::Reg, RDI},   {"eip", 32, RegisterDesc::Reg, RIP},
      {"eflags", 32, RegisterDesc::Reg, RFLAGS}, {"cs", 32, RegisterDesc::Reg, CS}, {"ss", 32, RegisterDesc::Reg, SS},
      {"ds", 32, RegisterDesc::Reg, DS},   {"es", 32, RegisterDesc::Reg, ES},     {"fs", 32, RegisterDesc::Reg, FS},
      {"gs", 32, RegisterDesc::Reg, GS},
  };
  add_x87_registers(r);
  static const char* const kXmm[] = {"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"};
  for (int i = 0; i < 8; ++i) r.push_back({kXmm[i], 128, RegisterDesc::Vector, XMM0 + i});
  r.push_back({"mxcsr", 32, RegisterDesc::Reg, MXCSR});
  r.push_back({"orig_eax", 32, RegisterDesc::Zero});  // (no syscall restart through gdb)
  return r;
}

}  // namespace

const ArchDesc& arch_i386() {
  static const ArchDesc a{Isa::I386, kXml, registers(), false, 8};
  return a;
}

}  // namespace polyrun::gdb
