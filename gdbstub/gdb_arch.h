// What gdb knows of one ISA's registers: the target description (target.xml, in gdb's standard
// feature names) and, in gdb's register numbering, where each register's value comes from in
// the Cpu interface. One file per ISA (gdb_arch_<isa>.cpp); the server asks nothing else of the ISA.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/isa.h"

namespace polyrun::cpu {
class Cpu;
}

namespace polyrun::gdb {

struct RegisterDesc {
  enum Source : uint8_t {
    Reg,     // Cpu::reg(id), its low `bits`
    Vector,  // Cpu::read_vector(id): 16 bytes, the register's low `bits / 8` of them
    Custom,  // read / write below
    Zero,    // no such state in the CPU: reads as 0, writes are ignored
    Scalable,  // Cpu::scalable_vectors(): id 0–31 Z n, 32–47 P n-32, 48 FFR (zero where the
               // vector length is no longer the one the register was described with)
  };
  const char* name;
  unsigned bits;
  Source source;
  int id = 0;
  // Custom: the register's bytes in the target's order (bits / 8 of them).
  void (*read)(cpu::Cpu& cpu, uint8_t* out) = nullptr;
  void (*write)(cpu::Cpu& cpu, const uint8_t* in) = nullptr;
};

struct ArchDesc {
  Isa isa;
  const char* xml;  // target.xml
  std::vector<RegisterDesc> regs;  // by gdb's register number
  bool big_endian = false;
  // The CPU's pc as gdb shows it (ARM: without the Thumb bit).
  int pc_regnum;
};

// The description of an ISA, or null where the stub does not know it.
const ArchDesc* arch_for(Isa isa);

const ArchDesc& arch_aarch64();
// aarch64 with SVE's registers, for a vector length in bytes.
const ArchDesc& arch_aarch64_sve(unsigned vector_length);
const ArchDesc& arch_riscv64();
const ArchDesc& arch_arm();
const ArchDesc& arch_i386();
const ArchDesc& arch_s390x();
const ArchDesc& arch_x86_64();

// A register's bytes (target order) from the CPU, and back.
std::string read_register(cpu::Cpu& cpu, const ArchDesc& a, size_t regnum);
void write_register(cpu::Cpu& cpu, const ArchDesc& a, size_t regnum, const uint8_t* bytes);

}  // namespace polyrun::gdb
