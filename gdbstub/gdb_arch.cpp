#include "gdbstub/gdb_arch.h"

#include <cstring>

#include "cpu-emu/cpu.h"

namespace polyrun::gdb {

namespace {

// The CPU's scalable registers, where their size is still the register's as described.
cpu::ScalableVectors* scalable_as_described(cpu::Cpu& cpu, const RegisterDesc& r) {
  cpu::ScalableVectors* sv = cpu.scalable_vectors();
  if (!sv) return nullptr;
  const unsigned bytes = r.id < 32 ? sv->vector_length() : sv->vector_length() / 8;
  return bytes == r.bits / 8 ? sv : nullptr;
}

}  // namespace

const ArchDesc* arch_for(Isa isa) {
  switch (isa) {
    case Isa::Aarch64: return &arch_aarch64();
    case Isa::Riscv64: return &arch_riscv64();
    case Isa::Arm: return &arch_arm();
    case Isa::I386: return &arch_i386();
    case Isa::S390x: return &arch_s390x();
    case Isa::X86_64: return &arch_x86_64();
    default: return nullptr;
  }
}

std::string read_register(cpu::Cpu& cpu, const ArchDesc& a, size_t regnum) {
  const RegisterDesc& r = a.regs.at(regnum);
  const size_t n = r.bits / 8;
  uint8_t bytes[256] = {};
  switch (r.source) {
    case RegisterDesc::Reg: {
      uint64_t v = cpu.reg(r.id);
      for (size_t i = 0; i < n && i < 8; ++i) bytes[a.big_endian ? n - 1 - i : i] = static_cast<uint8_t>(v >> (8 * i));
      break;
    }
    case RegisterDesc::Vector: {
      uint8_t v[16];
      cpu.read_vector(r.id, v);
      std::memcpy(bytes, v, n < 16 ? n : 16);
      break;
    }
    case RegisterDesc::Custom: r.read(cpu, bytes); break;
    case RegisterDesc::Scalable:
      if (cpu::ScalableVectors* sv = scalable_as_described(cpu, r)) {
        if (r.id < 32)
          sv->read_z(static_cast<unsigned>(r.id), bytes);
        else
          sv->read_p(static_cast<unsigned>(r.id - 32), bytes);
      }
      break;
    case RegisterDesc::Zero: break;
  }
  return std::string(reinterpret_cast<const char*>(bytes), n);
}

void write_register(cpu::Cpu& cpu, const ArchDesc& a, size_t regnum, const uint8_t* bytes) {
  const RegisterDesc& r = a.regs.at(regnum);
  const size_t n = r.bits / 8;
  switch (r.source) {
    case RegisterDesc::Reg: {
      uint64_t v = 0;
      for (size_t i = 0; i < n && i < 8; ++i) v |= uint64_t{bytes[a.big_endian ? n - 1 - i : i]} << (8 * i);
      if (n < 8) v |= cpu.reg(r.id) & ~((1ull << (8 * n)) - 1);  // the bits gdb does not show stay
      cpu.set_reg(r.id, v);
      break;
    }
    case RegisterDesc::Vector: {
      uint8_t v[16];
      cpu.read_vector(r.id, v);
      std::memcpy(v, bytes, n < 16 ? n : 16);
      cpu.write_vector(r.id, v);
      break;
    }
    case RegisterDesc::Custom:
      if (r.write) r.write(cpu, bytes);
      break;
    case RegisterDesc::Scalable:
      if (cpu::ScalableVectors* sv = scalable_as_described(cpu, r)) {
        if (r.id < 32)
          sv->write_z(static_cast<unsigned>(r.id), bytes);
        else
          sv->write_p(static_cast<unsigned>(r.id - 32), bytes);
      }
      break;
    case RegisterDesc::Zero: break;
  }
}

}  // namespace polyrun::gdb
