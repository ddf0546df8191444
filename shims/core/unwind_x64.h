// The x64 unwinder's reading of .pdata and .xdata, apart from any process: the search of a sorted
// RUNTIME_FUNCTION table and RtlVirtualUnwind's undoing of a function's prolog from its UNWIND_INFO
// codes, chained entries included. Templated over how memory is reached (`Memory`: read<T>(addr),
// write<T>(addr, v), copy(to, from, n)): the exception dispatcher (core/seh_x64.cpp) passes the
// process's memory, where a bad address faults as Windows' does; the fuzz target
// (tests/fuzz/pe_unwind.cpp) a bounded view of its input.
//
// CONTEXT (x64): Rax…R15 at 0x78 + 8*i in the CPU's register order (rax rcx rdx rbx rsp rbp rsi
// rdi r8…r15), Rip 0xf8, Xmm0…15 at 0x1a0 + 16*i. RUNTIME_FUNCTION: BeginAddress, EndAddress,
// UnwindData (RVAs). UNWIND_INFO: version/flags, prolog size, code count, frame register/offset,
// then the unwind codes (latest prolog operation first), then the handler RVA and its data, or a
// chained RUNTIME_FUNCTION. KNONVOLATILE_CONTEXT_POINTERS: FloatingContext[16] (the addresses of
// Xmm0…15) at 0, IntegerContext[16] (of Rax…R15, the same order) at 0x80.
#pragma once

#include <cstdint>

namespace polyrun::shims::unwind_x64 {

constexpr uint64_t kCtxGpr = 0x78, kCtxRip = 0xf8, kCtxXmm = 0x1a0;
constexpr uint64_t kPointersXmm = 0, kPointersGpr = 0x80;
constexpr unsigned kRsp = 4;
constexpr uint32_t kUnwFlagEHandler = 1, kUnwFlagUHandler = 2, kUnwFlagChainInfo = 4;
// Chained entries followed at most: compilers chain one or two deep; a corrupt image's chain may
// lead back to itself.
constexpr int kMaxChain = 32;
enum { UWOP_PUSH_NONVOL, UWOP_ALLOC_LARGE, UWOP_ALLOC_SMALL, UWOP_SET_FPREG, UWOP_SAVE_NONVOL,
       UWOP_SAVE_NONVOL_FAR, UWOP_EPILOG, UWOP_SPARE, UWOP_SAVE_XMM128, UWOP_SAVE_XMM128_FAR,
       UWOP_PUSH_MACHFRAME };

template <typename Memory>
uint64_t gpr(Memory& m, uint64_t ctx, unsigned i) {
  return m.template read<uint64_t>(ctx + kCtxGpr + 8 * i);
}
template <typename Memory>
void set_gpr(Memory& m, uint64_t ctx, unsigned i, uint64_t v) {
  m.template write<uint64_t>(ctx + kCtxGpr + 8 * i, v);
}

// The entry of a sorted RUNTIME_FUNCTION table (12 bytes each) covering `rva`, or 0.
template <typename Memory>
uint64_t search_table(Memory& m, uint64_t table, uint64_t count, uint32_t rva) {
  uint64_t lo = 0, hi = count;
  while (lo < hi) {
    const uint64_t mid = (lo + hi) / 2, e = table + mid * 12;
    const uint32_t begin = m.template read<uint32_t>(e), end = m.template read<uint32_t>(e + 4);
    if (rva < begin) hi = mid;
    else if (rva >= end) lo = mid + 1;
    else return e;
  }
  return 0;
}

// Undoes the prolog operations of the function entry `fe` that have run at `offset` into it (all of
// a chained entry's), following chained entries; the handler (RVA, with the flags in its upper
// half) and its data where the entry has one and the prolog has run.
template <typename Memory>
void apply_unwind_info(Memory& m, uint64_t base, uint64_t fe, uint64_t offset, uint64_t ctx, uint64_t frame,
                       uint64_t* handler_rva, uint64_t* handler_data, uint64_t pointers = 0) {
  // A register restored from the stack: its value, and where it was (for the caller's
  // KNONVOLATILE_CONTEXT_POINTERS, when given).
  auto restore = [&](unsigned reg, uint64_t from) {
    set_gpr(m, ctx, reg, m.template read<uint64_t>(from));
    if (pointers) m.template write<uint64_t>(pointers + kPointersGpr + 8 * reg, from);
  };
  auto restore_xmm = [&](unsigned reg, uint64_t from) {
    m.copy(ctx + kCtxXmm + 16 * reg, from, 16);
    if (pointers) m.template write<uint64_t>(pointers + kPointersXmm + 8 * reg, from);
  };
  for (int chain = 0; chain <= kMaxChain; ++chain) {
    const bool chained = chain > 0;
    const uint64_t info = base + m.template read<uint32_t>(fe + 8);
    const uint8_t b0 = m.template read<uint8_t>(info), prolog = m.template read<uint8_t>(info + 1),
                  count = m.template read<uint8_t>(info + 2);
    const uint8_t flags = b0 >> 3;
    const uint64_t codes = info + 4;
    for (unsigned i = 0; i < count;) {
      const uint8_t at = m.template read<uint8_t>(codes + 2 * i), opbyte = m.template read<uint8_t>(codes + 2 * i + 1);
      const unsigned op = opbyte & 0xf, opinfo = opbyte >> 4;
      unsigned slots = 1;
      switch (op) {
        case UWOP_ALLOC_LARGE: slots = opinfo ? 3 : 2; break;
        case UWOP_SAVE_NONVOL: case UWOP_SAVE_XMM128: case UWOP_EPILOG: slots = 2; break;
        case UWOP_SAVE_NONVOL_FAR: case UWOP_SAVE_XMM128_FAR: slots = 3; break;
        default: break;
      }
      if (chained || at <= offset) {
        const uint64_t rsp = gpr(m, ctx, kRsp);
        switch (op) {
          case UWOP_PUSH_NONVOL:
            restore(opinfo, rsp);
            set_gpr(m, ctx, kRsp, rsp + 8);
            break;
          case UWOP_ALLOC_LARGE: {
            const uint64_t size = opinfo ? m.template read<uint32_t>(codes + 2 * (i + 1))
                                         : uint64_t{m.template read<uint16_t>(codes + 2 * (i + 1))} * 8;
            set_gpr(m, ctx, kRsp, rsp + size);
            break;
          }
          case UWOP_ALLOC_SMALL: set_gpr(m, ctx, kRsp, rsp + opinfo * 8 + 8); break;
          case UWOP_SET_FPREG: {
            const uint8_t fr = m.template read<uint8_t>(info + 3);
            set_gpr(m, ctx, kRsp, gpr(m, ctx, fr & 0xf) - (fr >> 4) * 16ull);
            break;
          }
          case UWOP_SAVE_NONVOL:
            restore(opinfo, frame + uint64_t{m.template read<uint16_t>(codes + 2 * (i + 1))} * 8);
            break;
          case UWOP_SAVE_NONVOL_FAR:
            restore(opinfo, frame + m.template read<uint32_t>(codes + 2 * (i + 1)));
            break;
          case UWOP_SAVE_XMM128:
            restore_xmm(opinfo, frame + uint64_t{m.template read<uint16_t>(codes + 2 * (i + 1))} * 16);
            break;
          case UWOP_SAVE_XMM128_FAR:
            restore_xmm(opinfo, frame + m.template read<uint32_t>(codes + 2 * (i + 1)));
            break;
          case UWOP_PUSH_MACHFRAME: {
            const uint64_t f = rsp + (opinfo ? 8 : 0);
            m.template write<uint64_t>(ctx + kCtxRip, m.template read<uint64_t>(f));
            set_gpr(m, ctx, kRsp, m.template read<uint64_t>(f + 24));
            break;
          }
          default: break;  // UWOP_EPILOG describes epilogs: nothing to undo in a body
        }
      }
      i += slots;
    }
    const uint64_t after = codes + 2 * ((count + 1u) & ~1u);
    if (flags & kUnwFlagChainInfo) {
      fe = after;
      continue;
    }
    if (!chained && (flags & (kUnwFlagEHandler | kUnwFlagUHandler)) && offset >= prolog) {
      *handler_rva = m.template read<uint32_t>(after) | static_cast<uint64_t>(flags) << 32;
      *handler_data = after + 4;
    }
    return;
  }
}

// The length of the epilog instruction at `at` that sets rsp (add rsp, imm8/imm32; lea rsp,
// [frame register + disp8/disp32] in a function with one), or 0. *value: the new rsp.
template <typename Memory>
unsigned epilog_rsp_step(Memory& m, uint64_t at, uint64_t ctx, unsigned frame_reg, uint64_t* value) {
  auto b = [&](uint64_t i) { return m.template read<uint8_t>(at + i); };
  const uint64_t rsp = gpr(m, ctx, kRsp);
  if ((b(0) & 0xf8) != 0x48) return 0;  // REX.W (B in bit 0)
  if (b(0) == 0x48 && b(1) == 0x83 && b(2) == 0xc4) {
    *value = rsp + static_cast<int8_t>(b(3));
    return 4;
  }
  if (b(0) == 0x48 && b(1) == 0x81 && b(2) == 0xc4) {
    *value = rsp + static_cast<int32_t>(m.template read<uint32_t>(at + 3));
    return 7;
  }
  if (b(1) == 0x8d && !(b(0) & 4) && ((b(2) >> 3) & 7) == kRsp) {  // lea rsp, [base + disp]
    const unsigned mod = b(2) >> 6, rm = b(2) & 7;
    if (mod == 0 || mod == 3) return 0;
    unsigned len = 3, reg = rm | (b(0) & 1) << 3;
    if (rm == 4) {  // SIB: a base without index
      if (((b(3) >> 3) & 7) != 4) return 0;
      reg = (b(3) & 7) | (b(0) & 1) << 3;
      len = 4;
    }
    if (!frame_reg || reg != frame_reg) return 0;
    const int64_t disp = mod == 1 ? static_cast<int8_t>(b(len)) : static_cast<int32_t>(m.template read<uint32_t>(at + len));
    *value = gpr(m, ctx, reg) + disp;
    return len + (mod == 1 ? 1 : 4);
  }
  return 0;
}

// Whether `pc` is in an epilog of the function [begin, end): what is left of add rsp or lea rsp,
// pops, and a ret or a jmp out of the function (the forms the x64 calling convention allows an
// epilog: "Unwind procedure" of Microsoft's x64 exception handling). An epilog is not undone by
// the unwind codes but by doing the rest of it.
template <typename Memory>
bool in_epilog(Memory& m, uint64_t pc, uint64_t ctx, unsigned frame_reg, uint64_t begin, uint64_t end) {
  auto b = [&](uint64_t i) { return m.template read<uint8_t>(pc + i); };
  uint64_t at = 0, ignored = 0;
  at += epilog_rsp_step(m, pc, ctx, frame_reg, &ignored);
  for (;;) {
    if (b(at) >= 0x58 && b(at) <= 0x5f) ++at;
    else if (b(at) == 0x41 && b(at + 1) >= 0x58 && b(at + 1) <= 0x5f) at += 2;
    else break;
  }
  const uint8_t op = b(at);
  if (op == 0xc3 || op == 0xc2 || (op == 0xf3 && b(at + 1) == 0xc3)) return true;  // ret, ret imm16, rep ret
  if (op == 0xe9 || op == 0xeb) {  // a jmp out of the function: a tail call
    const uint64_t next = pc + at + (op == 0xe9 ? 5 : 2);
    const int64_t rel = op == 0xe9 ? static_cast<int32_t>(m.template read<uint32_t>(pc + at + 1)) : static_cast<int8_t>(b(at + 1));
    const uint64_t target = next + rel;
    return target < begin || target >= end;
  }
  const uint64_t jmp = (b(at) & 0xf0) == 0x40 ? at + 1 : at;  // (a REX prefix)
  return b(jmp) == 0xff && (b(jmp + 1) & 0xf8) == 0x20;  // jmp qword ptr [mod 00]
}

// Does the rest of the epilog at `pc` on ctx, to the return: rsp set, registers popped (their
// places noted in `pointers`), the return address taken.
template <typename Memory>
void finish_epilog(Memory& m, uint64_t pc, uint64_t ctx, unsigned frame_reg, uint64_t pointers) {
  uint64_t rsp = 0;
  if (const unsigned len = epilog_rsp_step(m, pc, ctx, frame_reg, &rsp)) {
    set_gpr(m, ctx, kRsp, rsp);
    pc += len;
  }
  for (;;) {
    unsigned reg;
    const uint8_t op = m.template read<uint8_t>(pc);
    if (op >= 0x58 && op <= 0x5f) {
      reg = op - 0x58;
      pc += 1;
    } else if (op == 0x41 && m.template read<uint8_t>(pc + 1) >= 0x58 && m.template read<uint8_t>(pc + 1) <= 0x5f) {
      reg = m.template read<uint8_t>(pc + 1) - 0x58 + 8;
      pc += 2;
    } else {
      break;
    }
    rsp = gpr(m, ctx, kRsp);
    set_gpr(m, ctx, reg, m.template read<uint64_t>(rsp));
    if (pointers) m.template write<uint64_t>(pointers + kPointersGpr + 8 * reg, rsp);
    set_gpr(m, ctx, kRsp, rsp + 8);
  }
}

// RtlVirtualUnwind: moves ctx to the caller's frame; returns the handler of `type` (or 0), its data
// and the establisher frame; where `pointers` is given (KNONVOLATILE_CONTEXT_POINTERS), the
// addresses the restored registers were read from. In an epilog no handler is called: the rest of
// the epilog is done.
template <typename Memory>
uint64_t virtual_unwind(Memory& m, uint32_t type, uint64_t base, uint64_t pc, uint64_t fe, uint64_t ctx,
                        uint64_t* handler_data, uint64_t* establisher, uint64_t pointers = 0) {
  const uint64_t info = base + m.template read<uint32_t>(fe + 8);
  const uint8_t prolog = m.template read<uint8_t>(info + 1), count = m.template read<uint8_t>(info + 2),
                fr = m.template read<uint8_t>(info + 3);
  const uint64_t begin = base + m.template read<uint32_t>(fe), end = base + m.template read<uint32_t>(fe + 4);
  const uint64_t offset = pc - begin;
  uint64_t frame = gpr(m, ctx, kRsp);
  if (fr & 0xf) {
    // Once the frame register has been set, the frame is addressed from it.
    bool fp_set = offset >= prolog;
    for (unsigned i = 0; i < count && !fp_set; ++i)
      if ((m.template read<uint8_t>(info + 4 + 2 * i + 1) & 0xf) == UWOP_SET_FPREG &&
          m.template read<uint8_t>(info + 4 + 2 * i) <= offset)
        fp_set = true;
    if (fp_set) frame = gpr(m, ctx, fr & 0xf) - (fr >> 4) * 16ull;
  }
  uint64_t handler = 0, data = 0;
  const bool epilog = offset >= prolog && in_epilog(m, pc, ctx, fr & 0xf, begin, end);
  if (epilog) finish_epilog(m, pc, ctx, fr & 0xf, pointers);
  else apply_unwind_info(m, base, fe, offset, ctx, frame, &handler, &data, pointers);
  const uint64_t rsp = gpr(m, ctx, kRsp);
  m.template write<uint64_t>(ctx + kCtxRip, m.template read<uint64_t>(rsp));
  set_gpr(m, ctx, kRsp, rsp + 8);
  if (establisher) *establisher = frame;
  if (handler && ((handler >> 32) & type)) {
    if (handler_data) *handler_data = data;
    return base + static_cast<uint32_t>(handler);
  }
  return 0;
}

}  // namespace polyrun::shims::unwind_x64
