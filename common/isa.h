// The instruction sets polyrun knows of, shared by every layer.
#pragma once

namespace polyrun {

enum class Isa { Aarch64, X86_64, I386, Arm, Riscv64, S390x };

constexpr const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Aarch64: return "aarch64";
    case Isa::X86_64: return "x86_64";
    case Isa::I386: return "i386";
    case Isa::Arm: return "arm";
    case Isa::Riscv64: return "riscv64";
    case Isa::S390x: return "s390x";
  }
  return "?";
}

}  // namespace polyrun
