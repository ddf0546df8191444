// aarch64 for gdb: org.gnu.gdb.aarch64.core (x0–x30, sp, pc, cpsr) and org.gnu.gdb.aarch64.fpu
// (v0–v31, fpsr, fpcr), numbered as gdb numbers them (x0 = 0 … cpsr = 33, v0 = 34 … fpcr = 67);
// for a CPU with SVE, org.gnu.gdb.aarch64.sve instead of the fpu feature (gdb takes one or the
// other, and makes v0–v31 of the Z registers): z0–z31 = 34–65, fpsr, fpcr, p0–p15 = 68–83, ffr,
// vg (the vector length in 64-bit granules) = 85, sized for the vector length the program has
// when the debugger attaches.
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "cpu-emu/aarch64_regs.h"
#include "cpu-emu/cpu.h"
#include "gdbstub/gdb_arch.h"

namespace polyrun::gdb {

namespace {

const char kXml[] = R"(<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>aarch64</architecture>
<feature name="org.gnu.gdb.aarch64.core">
<flags id="cpsr_flags" size="4">
<field name="SP" start="0" end="0"/>
<field name="EL" start="2" end="3"/>
<field name="nRW" start="4" end="4"/>
<field name="F" start="6" end="6"/>
<field name="I" start="7" end="7"/>
<field name="A" start="8" end="8"/>
<field name="D" start="9" end="9"/>
<field name="SS" start="21" end="21"/>
<field name="V" start="28" end="28"/>
<field name="C" start="29" end="29"/>
<field name="Z" start="30" end="30"/>
<field name="N" start="31" end="31"/>
</flags>
<reg name="x0" bitsize="64" type="int" regnum="0"/>
<reg name="x1" bitsize="64" type="int"/>
<reg name="x2" bitsize="64" type="int"/>
<reg name="x3" bitsize="64" type="int"/>
<reg name="x4" bitsize="64" type="int"/>
<reg name="x5" bitsize="64" type="int"/>
<reg name="x6" bitsize="64" type="int"/>
<reg name="x7" bitsize="64" type="int"/>
<reg name="x8" bitsize="64" type="int"/>
<reg name="x9" bitsize="64" type="int"/>
<reg name="x10" bitsize="64" type="int"/>
<reg name="x11" bitsize="64" type="int"/>
<reg name="x12" bitsize="64" type="int"/>
<reg name="x13" bitsize="64" type="int"/>
<reg name="x14" bitsize="64" type="int"/>
<reg name="x15" bitsize="64" type="int"/>
<reg name="x16" bitsize="64" type="int"/>
<reg name="x17" bitsize="64" type="int"/>
<reg name="x18" bitsize="64" type="int"/>
<reg name="x19" bitsize="64" type="int"/>
<reg name="x20" bitsize="64" type="int"/>
<reg name="x21" bitsize="64" type="int"/>
<reg name="x22" bitsize="64" type="int"/>
<reg name="x23" bitsize="64" type="int"/>
<reg name="x24" bitsize="64" type="int"/>
<reg name="x25" bitsize="64" type="int"/>
<reg name="x26" bitsize="64" type="int"/>
<reg name="x27" bitsize="64" type="int"/>
<reg name="x28" bitsize="64" type="int"/>
<reg name="x29" bitsize="64" type="int"/>
<reg name="x30" bitsize="64" type="int"/>
<reg name="sp" bitsize="64" type="data_ptr"/>
<reg name="pc" bitsize="64" type="code_ptr"/>
<reg name="cpsr" bitsize="32" type="cpsr_flags"/>
</feature>
)";
const char kFpuXml[] = R"(<feature name="org.gnu.gdb.aarch64.fpu">
<vector id="v2d" type="ieee_double" count="2"/>
<vector id="v2u" type="uint64" count="2"/>
<vector id="v2i" type="int64" count="2"/>
<vector id="v4f" type="ieee_single" count="4"/>
<vector id="v4u" type="uint32" count="4"/>
<vector id="v4i" type="int32" count="4"/>
<vector id="v8f" type="ieee_half" count="8"/>
<vector id="v8u" type="uint16" count="8"/>
<vector id="v8i" type="int16" count="8"/>
<vector id="v16u" type="uint8" count="16"/>
<vector id="v16i" type="int8" count="16"/>
<vector id="v1u" type="uint128" count="1"/>
<vector id="v1i" type="int128" count="1"/>
<union id="vnd"><field name="f" type="v2d"/><field name="u" type="v2u"/><field name="s" type="v2i"/></union>
<union id="vns"><field name="f" type="v4f"/><field name="u" type="v4u"/><field name="s" type="v4i"/></union>
<union id="vnh"><field name="f" type="v8f"/><field name="u" type="v8u"/><field name="s" type="v8i"/></union>
<union id="vnb"><field name="u" type="v16u"/><field name="s" type="v16i"/></union>
<union id="vnq"><field name="u" type="v1u"/><field name="s" type="v1i"/></union>
<union id="aarch64v"><field name="d" type="vnd"/><field name="s" type="vns"/><field name="h" type="vnh"/><field name="b" type="vnb"/><field name="q" type="vnq"/></union>
<reg name="v0" bitsize="128" type="aarch64v" regnum="34"/>
<reg name="v1" bitsize="128" type="aarch64v"/>
<reg name="v2" bitsize="128" type="aarch64v"/>
<reg name="v3" bitsize="128" type="aarch64v"/>
<reg name="v4" bitsize="128" type="aarch64v"/>
<reg name="v5" bitsize="128" type="aarch64v"/>
<reg name="v6" bitsize="128" type="aarch64v"/>
<reg name="v7" bitsize="128" type="aarch64v"/>
<reg name="v8" bitsize="128" type="aarch64v"/>
<reg name="v9" bitsize="128" type="aarch64v"/>
<reg name="v10" bitsize="128" type="aarch64v"/>
<reg name="v11" bitsize="128" type="aarch64v"/>
<reg name="v12" bitsize="128" type="aarch64v"/>
<reg name="v13" bitsize="128" type="aarch64v"/>
<reg name="v14" bitsize="128" type="aarch64v"/>
<reg name="v15" bitsize="128" type="aarch64v"/>
<reg name="v16" bitsize="128" type="aarch64v"/>
<reg name="v17" bitsize="128" type="aarch64v"/>
<reg name="v18" bitsize="128" type="aarch64v"/>
<reg name="v19" bitsize="128" type="aarch64v"/>
<reg name="v20" bitsize="128" type="aarch64v"/>
<reg name="v21" bitsize="128" type="aarch64v"/>
<reg name="v22" bitsize="128" type="aarch64v"/>
<reg name="v23" bitsize="128" type="aarch64v"/>
<reg name="v24" bitsize="128" type="aarch64v"/>
<reg name="v25" bitsize="128" type="aarch64v"/>
<reg name="v26" bitsize="128" type="aarch64v"/>
<reg name="v27" bitsize="128" type="aarch64v"/>
<reg name="v28" bitsize="128" type="aarch64v"/>
<reg name="v29" bitsize="128" type="aarch64v"/>
<reg name="v30" bitsize="128" type="aarch64v"/>
<reg name="v31" bitsize="128" type="aarch64v"/>
<reg name="fpsr" bitsize="32"/>
<reg name="fpcr" bitsize="32"/>
</feature>
</target>
)";

// The SVE feature for a vector length of vq quadwords, with gdb's type names.
std::string sve_xml(unsigned vq) {
  std::string x = "<feature name=\"org.gnu.gdb.aarch64.sve\">\n";
  char b[160];
  const auto vec = [&](const char* id, const char* type, unsigned count) {
    std::snprintf(b, sizeof b, "<vector id=\"%s\" type=\"%s\" count=\"%u\"/>\n", id, type, count);
    x += b;
  };
  vec("svevqu", "uint128", vq), vec("svevqs", "int128", vq);
  vec("svevdf", "ieee_double", 2 * vq), vec("svevdu", "uint64", 2 * vq), vec("svevds", "int64", 2 * vq);
  vec("svevsf", "ieee_single", 4 * vq), vec("svevsu", "uint32", 4 * vq), vec("svevss", "int32", 4 * vq);
  vec("svevhf", "ieee_half", 8 * vq), vec("svevhu", "uint16", 8 * vq), vec("svevhs", "int16", 8 * vq);
  vec("svevbu", "uint8", 16 * vq), vec("svevbs", "int8", 16 * vq);
  vec("svep", "uint8", 2 * vq);
  x += "<union id=\"svevnq\"><field name=\"u\" type=\"svevqu\"/><field name=\"s\" type=\"svevqs\"/></union>\n"
       "<union id=\"svevnd\"><field name=\"f\" type=\"svevdf\"/><field name=\"u\" type=\"svevdu\"/>"
       "<field name=\"s\" type=\"svevds\"/></union>\n"
       "<union id=\"svevns\"><field name=\"f\" type=\"svevsf\"/><field name=\"u\" type=\"svevsu\"/>"
       "<field name=\"s\" type=\"svevss\"/></union>\n"
       "<union id=\"svevnh\"><field name=\"f\" type=\"svevhf\"/><field name=\"u\" type=\"svevhu\"/>"
       "<field name=\"s\" type=\"svevhs\"/></union>\n"
       "<union id=\"svevnb\"><field name=\"u\" type=\"svevbu\"/><field name=\"s\" type=\"svevbs\"/></union>\n"
       "<union id=\"svev\"><field name=\"q\" type=\"svevnq\"/><field name=\"d\" type=\"svevnd\"/>"
       "<field name=\"s\" type=\"svevns\"/><field name=\"h\" type=\"svevnh\"/>"
       "<field name=\"b\" type=\"svevnb\"/></union>\n";
  for (unsigned n = 0; n < 32; ++n) {
    std::snprintf(b, sizeof b, "<reg name=\"z%u\" bitsize=\"%u\" type=\"svev\"%s/>\n", n, 128 * vq, n ? "" : " regnum=\"34\"");
    x += b;
  }
  x += "<reg name=\"fpsr\" bitsize=\"32\" type=\"int\"/>\n<reg name=\"fpcr\" bitsize=\"32\" type=\"int\"/>\n";
  for (unsigned n = 0; n < 16; ++n) {
    std::snprintf(b, sizeof b, "<reg name=\"p%u\" bitsize=\"%u\" type=\"svep\"/>\n", n, 16 * vq);
    x += b;
  }
  std::snprintf(b, sizeof b, "<reg name=\"ffr\" bitsize=\"%u\" type=\"svep\"/>\n", 16 * vq);
  x += b;
  x += "<reg name=\"vg\" bitsize=\"64\" type=\"int\"/>\n</feature>\n</target>\n";
  return x;
}

void read_vg(cpu::Cpu& cpu, uint8_t* out) {
  const cpu::ScalableVectors* sv = cpu.scalable_vectors();
  const uint64_t vg = sv ? sv->vector_length() / 8 : 0;
  for (unsigned i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(vg >> (8 * i));
}

std::vector<RegisterDesc> registers() {
  using cpu::a64::Reg;
  static const char* const kX[] = {"x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",  "x8",  "x9",  "x10",
                                   "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21",
                                   "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30"};
  static const char* const kV[] = {"v0",  "v1",  "v2",  "v3",  "v4",  "v5",  "v6",  "v7",  "v8",  "v9",  "v10",
                                   "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21",
                                   "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31"};
  std::vector<RegisterDesc> r;
  for (int i = 0; i <= 30; ++i) r.push_back({kX[i], 64, RegisterDesc::Reg, cpu::a64::X0 + i});
  r.push_back({"sp", 64, RegisterDesc::Reg, cpu::a64::SP});
  r.push_back({"pc", 64, RegisterDesc::Reg, cpu::a64::PC});
  r.push_back({"cpsr", 32, RegisterDesc::Reg, cpu::a64::NZCV});  // EL0t: the flags are all there is
  for (int i = 0; i < 32; ++i) r.push_back({kV[i], 128, RegisterDesc::Vector, cpu::a64::Q0 + i});
  r.push_back({"fpsr", 32, RegisterDesc::Reg, cpu::a64::FPSR});
  r.push_back({"fpcr", 32, RegisterDesc::Reg, cpu::a64::FPCR});
  return r;
}

}  // namespace

const ArchDesc& arch_aarch64() {
  static const std::string xml = std::string(kXml) + kFpuXml;
  static const ArchDesc a{Isa::Aarch64, xml.c_str(), registers(), false, 32};
  return a;
}

const ArchDesc& arch_aarch64_sve(unsigned vector_length) {
  struct Sve {
    std::string xml;
    ArchDesc desc;
  };
  static std::map<unsigned, std::unique_ptr<Sve>> made;  // (made by the thread that attaches)
  std::unique_ptr<Sve>& s = made[vector_length];
  if (!s) {
    const unsigned vq = vector_length / 16;
    s = std::make_unique<Sve>();
    s->xml = std::string(kXml) + sve_xml(vq);
    std::vector<RegisterDesc> r = registers();
    r.resize(34);  // x0–x30, sp, pc, cpsr
    static const char* const kZ[] = {"z0",  "z1",  "z2",  "z3",  "z4",  "z5",  "z6",  "z7",  "z8",  "z9",  "z10",
                                     "z11", "z12", "z13", "z14", "z15", "z16", "z17", "z18", "z19", "z20", "z21",
                                     "z22", "z23", "z24", "z25", "z26", "z27", "z28", "z29", "z30", "z31"};
    static const char* const kP[] = {"p0", "p1", "p2",  "p3",  "p4",  "p5",  "p6",  "p7",
                                     "p8", "p9", "p10", "p11", "p12", "p13", "p14", "p15"};
    for (int i = 0; i < 32; ++i) r.push_back({kZ[i], 128 * vq, RegisterDesc::Scalable, i});
    r.push_back({"fpsr", 32, RegisterDesc::Reg, cpu::a64::FPSR});
    r.push_back({"fpcr", 32, RegisterDesc::Reg, cpu::a64::FPCR});
    for (int i = 0; i < 16; ++i) r.push_back({kP[i], 16 * vq, RegisterDesc::Scalable, 32 + i});
    r.push_back({"ffr", 16 * vq, RegisterDesc::Scalable, 48});
    r.push_back({"vg", 64, RegisterDesc::Custom, 0, &read_vg, nullptr});
    s->desc = ArchDesc{Isa::Aarch64, s->xml.c_str(), std::move(r), false, 32};
  }
  return s->desc;
}

}  // namespace polyrun::gdb
