// z14's instructions the engine's s390x model lacks, as polyrun decodes and executes them
// (cpu-emu/s390x_missing.cpp): the miscellaneous-instruction-extensions facility 2 (AGH, BIC, MG,
// MGH, MGRK, MSC, MSGC, MSGRKC, MSRKC, SGH) and the vector-enhancements facility 1 (the short and
// extended forms of the vector floating-point instructions, the signaling comparisons VFKE, VFKH
// and VFKHE, VFMAX, VFMIN, VFNMA, VFNMS, and VBPERM, VMSL, the left-aligned VLLEZ and VPOPCT of
// every element size). The engine stops at
// each with an operation or specification exception; s390x_unicorn.cpp's run_missing hands the
// instruction to execute() with the CPU state behind a Machine, apart from the engine (the unit
// tests give it plain memory).
#pragma once

#include <cstddef>
#include <cstdint>

namespace polyrun::cpu::s390x_missing {

// The vector registers (v[n][0]: bytes 0-7, the high doubleword; v[n][1]: bytes 8-15; f<n> is
// v[n][0] for n < 16) and the floating-point control register.
struct VectorRegs {
  uint64_t v[32][2];
  uint32_t fpc;
};

// The CPU state an instruction reads and writes.
class Machine {
 public:
  virtual ~Machine() = default;
  virtual uint64_t gpr(unsigned n) = 0;
  virtual void set_gpr(unsigned n, uint64_t value) = 0;
  // The PSW's mask (condition code in bits 18-19, program mask in 20-23 as the PSW numbers them).
  virtual uint64_t psw_mask() = 0;
  // The vector registers and the FPC, read from the CPU on the first call; what the instruction
  // changes there is written back when the outcome says so.
  virtual VectorRegs& vectors() = 0;
  // `len` bytes of guest memory at `addr`, as the program may read them; false: it may not.
  virtual bool read(uint64_t addr, void* out, size_t len) = 0;
};

struct Outcome {
  enum Kind : uint8_t {
    NotMine,             // none of these instructions (or a field the architecture rejects)
    Done,                // executed: the run goes on after it
    Branch,              // executed, and taken to `target`
    Fault,               // its operand at `target` may not be read: nothing changed
    VectorException,     // an IEEE exception whose FPC mask is on (vector-processing
                         // exception, code `vxc`): suppressed, nothing changed
    FixedPointOverflow,  // executed (condition code 3) with the PSW's fixed-point-overflow mask
                         // on: the program interruption follows it
  } kind = NotMine;
  uint32_t size = 0;       // the instruction's length
  int cc = -1;             // the condition code it sets (-1: unchanged)
  bool vectors = false;    // it changed the vector registers or the FPC
  uint64_t target = 0;
  uint8_t vxc = 0;
};

// The length of the instruction whose first byte is `op` (2, 4 or 6).
inline uint32_t length(uint8_t op) { return op < 0x40 ? 2 : op < 0xc0 ? 4 : 6; }

// The mnemonic of the instruction at `insn` (its whole length readable) when it is one of these
// (the form's, as binutils names it: "vfasb", "wfaxb"…), else null.
const char* name(const uint8_t* insn);

// Executes the instruction at `insn` (its whole length readable) on `m`; nothing is changed
// unless the outcome is Done, Branch or FixedPointOverflow. (The condition code is the caller's to
// set.)
Outcome execute(const uint8_t* insn, Machine& m);

}  // namespace polyrun::cpu::s390x_missing
