// UnicornIsa::direct_successors for aarch64: B, BL, B.cond, CBZ/CBNZ and TBZ/TBNZ, which the engine
// chains its blocks through, and the instructions after which it stores a pc (BR, BLR, RET and
// the other register branches; SVC, HVC, SMC, BRK, HLT).
#include <cstring>

#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

// The signed field of `bits` bits at bit `lo` of w, in instructions (x4).
int64_t offset(uint32_t w, unsigned lo, unsigned bits) {
  const auto field = static_cast<int64_t>(w >> lo & ((1u << bits) - 1));
  const int64_t sign = int64_t{1} << (bits - 1);
  return ((field ^ sign) - sign) * 4;
}

}  // namespace

bool aarch64_direct_successors(const uint8_t* insn, uint32_t size, uint64_t pc, std::vector<uint64_t>& targets) {
  if (size != 4) return true;
  uint32_t w;
  std::memcpy(&w, insn, 4);
  if ((w & 0x7c000000u) == 0x14000000u) {  // B, BL
    targets.push_back(pc + static_cast<uint64_t>(offset(w, 0, 26)));
    return false;
  }
  if ((w & 0xff000010u) == 0x54000000u) {  // B.cond
    targets.push_back(pc + static_cast<uint64_t>(offset(w, 5, 19)));
    return true;
  }
  if ((w & 0x7e000000u) == 0x34000000u) {  // CBZ, CBNZ
    targets.push_back(pc + static_cast<uint64_t>(offset(w, 5, 19)));
    return true;
  }
  if ((w & 0x7e000000u) == 0x36000000u) {  // TBZ, TBNZ
    targets.push_back(pc + static_cast<uint64_t>(offset(w, 5, 14)));
    return true;
  }
  if ((w & 0xfe000000u) == 0xd6000000u) return false;  // branches to a register
  if ((w & 0xff000000u) == 0xd4000000u) return false;  // exception generation
  return true;
}

}  // namespace polyrun::cpu
