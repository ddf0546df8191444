// 32-bit ARM (armhf) for gdb: org.gnu.gdb.arm.core (r0–r12, sp, lr, pc; cpsr at gdb's number 25,
// after the FPA registers no ARM Linux CPU has) and org.gnu.gdb.arm.vfp (d0–d31, fpscr).
#include "cpu-emu/arm_regs.h"
#include "gdbstub/gdb_arch.h"

namespace polyrun::gdb {

namespace {

std::string xml() {
  std::string x =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
      "<architecture>arm</architecture>\n"
      "<feature name=\"org.gnu.gdb.arm.core\">\n";
  for (int i = 0; i < 13; ++i)
    x += "<reg name=\"r" + std::to_string(i) + "\" bitsize=\"32\" type=\"uint32\" regnum=\"" + std::to_string(i) + "\"/>\n";
  x += "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\" regnum=\"13\"/>\n"
       "<reg name=\"lr\" bitsize=\"32\" regnum=\"14\"/>\n"
       "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\" regnum=\"15\"/>\n"
       "<reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/>\n</feature>\n"
       "<feature name=\"org.gnu.gdb.arm.vfp\">\n";
  for (int i = 0; i < 32; ++i)
    x += "<reg name=\"d" + std::to_string(i) + "\" bitsize=\"64\" type=\"ieee_double\" regnum=\"" +
         std::to_string(26 + i) + "\"/>\n";
  x += "<reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"58\"/>\n</feature>\n</target>\n";
  return x;
}

std::vector<RegisterDesc> registers() {
  static const char* const kR[] = {"r0", "r1", "r2", "r3", "r4",  "r5",  "r6", "r7",
                                   "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};
  static const char* const kD[] = {"d0",  "d1",  "d2",  "d3",  "d4",  "d5",  "d6",  "d7",
                                   "d8",  "d9",  "d10", "d11", "d12", "d13", "d14", "d15",
                                   "d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23",
                                   "d24", "d25", "d26", "d27", "d28", "d29", "d30", "d31"};
  std::vector<RegisterDesc> r;
  for (int i = 0; i < 16; ++i) r.push_back({kR[i], 32, RegisterDesc::Reg, cpu::arm::R0 + i});
  for (int i = 16; i < 25; ++i) r.push_back({"", 0, RegisterDesc::Zero});  // f0–f7, fps: not described
  r.push_back({"cpsr", 32, RegisterDesc::Reg, cpu::arm::CPSR});
  for (int i = 0; i < 32; ++i) r.push_back({kD[i], 64, RegisterDesc::Reg, cpu::arm::D0 + i});
  r.push_back({"fpscr", 32, RegisterDesc::Reg, cpu::arm::FPSCR});
  return r;
}

}  // namespace

const ArchDesc& arch_arm() {
  static const std::string x = xml();
  static const ArchDesc a{Isa::Arm, x.c_str(), registers(), false, 15};
  return a;
}

}  // namespace polyrun::gdb
