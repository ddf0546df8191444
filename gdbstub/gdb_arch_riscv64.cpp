// riscv64 for gdb: org.gnu.gdb.riscv.cpu (x0–x31 by their ABI names, pc) and
// org.gnu.gdb.riscv.fpu (f0–f31, and the CSRs fflags, frm and fcsr at gdb's numbers 66–68).
#include "cpu-emu/cpu.h"
#include "cpu-emu/riscv64_regs.h"
#include "gdbstub/gdb_arch.h"

namespace polyrun::gdb {

namespace {

const char* const kX[] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "fp", "s1", "a0",
                          "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                          "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
const char* const kF[] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                          "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                          "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                          "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

std::string xml() {
  std::string x =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
      "<architecture>riscv:rv64</architecture>\n"
      "<feature name=\"org.gnu.gdb.riscv.cpu\">\n";
  for (int i = 0; i < 32; ++i)
    x += std::string("<reg name=\"") + kX[i] + "\" bitsize=\"64\" type=\"" +
         (i == 1 || i == 2 || i == 3 || i == 4 || i == 8 ? (i == 1 ? "code_ptr" : "data_ptr") : "int") + "\" regnum=\"" +
         std::to_string(i) + "\"/>\n";
  x += "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n</feature>\n"
       "<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
       "<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/>"
       "<field name=\"double\" type=\"ieee_double\"/></union>\n";
  for (int i = 0; i < 32; ++i)
    x += std::string("<reg name=\"") + kF[i] + "\" bitsize=\"64\" type=\"riscv_double\" regnum=\"" +
         std::to_string(33 + i) + "\"/>\n";
  x += "<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>\n"
       "<reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"67\"/>\n"
       "<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>\n</feature>\n</target>\n";
  return x;
}

void put32(uint8_t* out, uint64_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint64_t get32(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint64_t{in[i]} << (8 * i);
  return v;
}

// fcsr holds frm (bits 5–7) and fflags (bits 0–4).
void read_fflags(cpu::Cpu& c, uint8_t* out) { put32(out, c.reg(cpu::rv64::FCSR) & 0x1f); }
void write_fflags(cpu::Cpu& c, const uint8_t* in) {
  c.set_reg(cpu::rv64::FCSR, (c.reg(cpu::rv64::FCSR) & ~0x1full) | (get32(in) & 0x1f));
}
void read_frm(cpu::Cpu& c, uint8_t* out) { put32(out, (c.reg(cpu::rv64::FCSR) >> 5) & 7); }
void write_frm(cpu::Cpu& c, const uint8_t* in) {
  c.set_reg(cpu::rv64::FCSR, (c.reg(cpu::rv64::FCSR) & ~0xe0ull) | (get32(in) & 7) << 5);
}

std::vector<RegisterDesc> registers() {
  std::vector<RegisterDesc> r;
  for (int i = 0; i < 32; ++i) r.push_back({kX[i], 64, RegisterDesc::Reg, cpu::rv64::X0 + i});
  r.push_back({"pc", 64, RegisterDesc::Reg, cpu::rv64::PC});
  for (int i = 0; i < 32; ++i) r.push_back({kF[i], 64, RegisterDesc::Reg, cpu::rv64::F0 + i});
  r.push_back({"", 0, RegisterDesc::Zero});  // 65: gdb's first CSR number, not described
  r.push_back({"fflags", 32, RegisterDesc::Custom, 0, &read_fflags, &write_fflags});
  r.push_back({"frm", 32, RegisterDesc::Custom, 0, &read_frm, &write_frm});
  r.push_back({"fcsr", 32, RegisterDesc::Reg, cpu::rv64::FCSR});
  return r;
}

}  // namespace

const ArchDesc& arch_riscv64() {
  static const std::string x = xml();
  static const ArchDesc a{Isa::Riscv64, x.c_str(), registers(), false, 32};
  return a;
}

}  // namespace polyrun::gdb
