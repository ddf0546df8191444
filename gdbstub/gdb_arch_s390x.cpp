// s390x for gdb: org.gnu.gdb.s390.core (pswm, pswa, r0–r15), org.gnu.gdb.s390.acr (acr0–acr15:
// acr0 and acr1 hold the thread pointer) and org.gnu.gdb.s390.fpr (fpc, f0–f15), big-endian, in
// gdb's numbering (pswm = 0 … f15 = 50).
#include "cpu-emu/cpu.h"
#include "cpu-emu/s390x_regs.h"
#include "gdbstub/gdb_arch.h"

namespace polyrun::gdb {

namespace {

std::string xml() {
  std::string x =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
      "<architecture>s390:64-bit</architecture>\n"
      "<feature name=\"org.gnu.gdb.s390.core\">\n"
      "<reg name=\"pswm\" bitsize=\"64\" type=\"uint64\" group=\"psw\" regnum=\"0\"/>\n"
      "<reg name=\"pswa\" bitsize=\"64\" type=\"uint64\" group=\"psw\" regnum=\"1\"/>\n";
  for (int i = 0; i < 16; ++i)
    x += "<reg name=\"r" + std::to_string(i) + "\" bitsize=\"64\" type=\"uint64\" group=\"general\" regnum=\"" +
         std::to_string(2 + i) + "\"/>\n";
  x += "</feature>\n<feature name=\"org.gnu.gdb.s390.acr\">\n";
  for (int i = 0; i < 16; ++i)
    x += "<reg name=\"acr" + std::to_string(i) + "\" bitsize=\"32\" type=\"uint32\" group=\"access\" regnum=\"" +
         std::to_string(18 + i) + "\"/>\n";
  x += "</feature>\n<feature name=\"org.gnu.gdb.s390.fpr\">\n"
       "<reg name=\"fpc\" bitsize=\"32\" type=\"uint32\" group=\"float\" regnum=\"34\"/>\n";
  for (int i = 0; i < 16; ++i)
    x += "<reg name=\"f" + std::to_string(i) + "\" bitsize=\"64\" type=\"ieee_double\" group=\"float\" regnum=\"" +
         std::to_string(35 + i) + "\"/>\n";
  x += "</feature>\n</target>\n";
  return x;
}

// The thread pointer is a0 (its high half) and a1 (its low half); big-endian words.
void put32(uint8_t* out, uint64_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
uint64_t get32(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 0; i < 4; ++i) v = v << 8 | in[i];
  return v;
}
void read_a0(cpu::Cpu& c, uint8_t* out) { put32(out, c.reg(cpu::s390x::TP) >> 32); }
void write_a0(cpu::Cpu& c, const uint8_t* in) {
  c.set_reg(cpu::s390x::TP, (c.reg(cpu::s390x::TP) & 0xffffffffull) | get32(in) << 32);
}
void read_a1(cpu::Cpu& c, uint8_t* out) { put32(out, c.reg(cpu::s390x::TP) & 0xffffffffull); }
void write_a1(cpu::Cpu& c, const uint8_t* in) {
  c.set_reg(cpu::s390x::TP, (c.reg(cpu::s390x::TP) & ~0xffffffffull) | get32(in));
}

std::vector<RegisterDesc> registers() {
  static const char* const kR[] = {"r0", "r1", "r2",  "r3",  "r4",  "r5",  "r6",  "r7",
                                   "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
  static const char* const kF[] = {"f0", "f1", "f2",  "f3",  "f4",  "f5",  "f6",  "f7",
                                   "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15"};
  static const char* const kA[] = {"acr0", "acr1", "acr2",  "acr3",  "acr4",  "acr5",  "acr6",  "acr7",
                                   "acr8", "acr9", "acr10", "acr11", "acr12", "acr13", "acr14", "acr15"};
  std::vector<RegisterDesc> r;
  r.push_back({"pswm", 64, RegisterDesc::Reg, cpu::s390x::PSWM});
  r.push_back({"pswa", 64, RegisterDesc::Reg, cpu::s390x::PC});
  for (int i = 0; i < 16; ++i) r.push_back({kR[i], 64, RegisterDesc::Reg, cpu::s390x::R0 + i});
  r.push_back({kA[0], 32, RegisterDesc::Custom, 0, &read_a0, &write_a0});
  r.push_back({kA[1], 32, RegisterDesc::Custom, 0, &read_a1, &write_a1});
  for (int i = 2; i < 16; ++i) r.push_back({kA[i], 32, RegisterDesc::Zero});
  r.push_back({"fpc", 32, RegisterDesc::Reg, cpu::s390x::FPC});
  for (int i = 0; i < 16; ++i) r.push_back({kF[i], 64, RegisterDesc::Reg, cpu::s390x::F0 + i});
  return r;
}

}  // namespace

const ArchDesc& arch_s390x() {
  static const std::string x = xml();
  static const ArchDesc a{Isa::S390x, x.c_str(), registers(), true, 1};
  return a;
}

}  // namespace polyrun::gdb
