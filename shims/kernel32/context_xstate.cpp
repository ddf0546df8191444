// KERNEL32.dll, CONTEXT records with extended processor state: InitializeContext(2) lays a CONTEXT
// out in a caller's buffer (aligned), followed by its CONTEXT_EX (the offsets and lengths of the
// whole record, the legacy part and the XSAVE area) and, with CONTEXT_XSTATE, a 64-byte aligned
// XSAVE header and the AVX registers' upper halves; LocateXStateFeature finds a feature's registers
// in it, Get/SetXStateFeaturesMask read and set which features it holds, CopyContext copies the
// parts the flags name. The record is the program's width's: AMD64's for 64-bit programs, i386's
// for 32-bit ones. The features are those the host's XCR0 enables (no compaction).
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

// One width's CONTEXT: its architecture flag, the flags it takes, its size and the size of its
// legacy part, its CONTEXT_EX's size, the alignment the length asks room for and the alignment the
// record gets, where ContextFlags is, and which bytes each of its flags covers ([start, next
// start) for each entry; 0: no flag).
struct Range {
  uint32_t start, flag;
};
struct Layout {
  uint32_t arch, supported, size, legacy, ex_size, room, align, flags_at;
  const Range* ranges;
  size_t range_count;
  // The legacy floating state (XSAVE_FORMAT) and its XMM registers.
  uint32_t float_at, float_flag, xmm_count;
};
// AMD64: CONTEXT_CONTROL 1 (SegCs, EFlags, Rsp, Rip …), INTEGER 2, SEGMENTS 4, FLOATING_POINT 8
// (FltSave and the vector registers), DEBUG_REGISTERS 0x10.
constexpr Range kAmd64Ranges[] = {{0x38, 0x1}, {0x3a, 0x4}, {0x42, 0x1},  {0x48, 0x10}, {0x78, 0x2},  {0x98, 0x1},
                                  {0xa0, 0x2}, {0xf8, 0x1}, {0x100, 0x8}, {0x2a0, 0},   {0x4b0, 0x10}, {0x4d0, 0}};
// i386: DEBUG_REGISTERS 0x10, FLOATING_POINT 8, SEGMENTS 4, INTEGER 2, CONTROL 1, EXTENDED_REGISTERS 0x20.
constexpr Range kI386Ranges[] = {{0x4, 0x10}, {0x1c, 0x8}, {0x8c, 0x4}, {0x9c, 0x2}, {0xb4, 0x1},
                                 {0xcc, 0x20}, {0x1ec, 0},  {0x2cc, 0}};
const Layout kAmd64{0x100000, 0xd8000000u | 0x10005f, 0x4d0, 0x4d0, 0x20, 7, 15, 0x30,
                    kAmd64Ranges, sizeof kAmd64Ranges / sizeof *kAmd64Ranges, 0x100, 0x100008, 16};
const Layout kI386{0x10000, 0xd8000000u | 0x1007f, 0x2cc, 0xcc, 0x18, 3, 3, 0,
                   kI386Ranges, sizeof kI386Ranges / sizeof *kI386Ranges, 0xcc, 0x10020, 8};
const Layout& layout(WindowsProcess& p) { return p.isa->ptr == 8 ? kAmd64 : kI386; }

constexpr uint32_t kXStateFlag = 0x40;
constexpr uint32_t kXStateHeader = 64, kYmmSize = 256;  // XSTATE's header; YMMCONTEXT
constexpr uint64_t kAvx = 1u << 2;

uint64_t enabled_features() {
#if defined(__x86_64__)
  uint32_t a, b, c, d;
  __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
  if (!(c & (1u << 27))) return 3;
  uint32_t lo, hi;
  __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return static_cast<uint64_t>(hi) << 32 | lo;
#else
  return 3;
#endif
}

// The flags a CONTEXT of this width takes (its architecture's bit and no unknown ones).
bool flags_ok(const Layout& l, uint32_t flags) { return (flags & l.arch) && !(flags & ~l.supported); }

// The buffer a record of these flags needs: the CONTEXT, its CONTEXT_EX and room to align them;
// with CONTEXT_XSTATE the XSAVE header aligned to 64 bytes and, if AVX is enabled and asked for,
// its registers' upper halves.
uint32_t needed(const Layout& l, uint32_t flags, uint64_t compaction) {
  if (!(flags & kXStateFlag)) return l.size + l.ex_size + l.room;
  uint32_t n = l.size + l.ex_size + kXStateHeader + 63;
  if (compaction & enabled_features() & kAvx) n += kYmmSize;
  return n;
}

BOOL initialize(WindowsProcess& p, Ptr buffer, uint32_t flags, Ptr context, Ptr length, uint64_t compaction) {
  const Layout& l = layout(p);
  if (!length || !flags_ok(l, flags)) return fail(p, ERROR_INVALID_PARAMETER);
  if ((flags & kXStateFlag) && !(enabled_features() & ~uint64_t{3})) flags &= ~kXStateFlag;  // no extended state here
  const uint32_t need = needed(l, flags, compaction), have = get<uint32_t>(length.addr);
  put<uint32_t>(length.addr, need);
  if (!buffer || have < need) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  const uint64_t ctx = (buffer.addr + l.align) & ~uint64_t{l.align};
  std::memset(reinterpret_cast<void*>(ctx), 0, l.size + l.ex_size);
  put<uint32_t>(ctx + l.flags_at, flags);
  // CONTEXT_EX: All, Legacy, XState, each {LONG Offset; DWORD Length}, from the CONTEXT_EX.
  const uint64_t ex = ctx + l.size;
  const int32_t back = -static_cast<int32_t>(l.size);
  put<int32_t>(ex, back);
  put<int32_t>(ex + 8, back);
  put<uint32_t>(ex + 12, (flags & 0x20) ? l.size : l.legacy);
  if (flags & kXStateFlag) {
    const uint64_t xs = (ex + l.ex_size + 63) & ~uint64_t{63};
    uint32_t xs_len = kXStateHeader;
    if (compaction & enabled_features() & kAvx) xs_len += kYmmSize;
    std::memset(reinterpret_cast<void*>(xs), 0, xs_len);
    put<int32_t>(ex + 16, static_cast<int32_t>(xs - ex));
    put<uint32_t>(ex + 20, xs_len);
    put<uint32_t>(ex + 4, l.size + static_cast<uint32_t>(xs - ex) + xs_len);
  } else {
    put<int32_t>(ex + 16, 25);  // (what Windows leaves there without extended state)
    put<uint32_t>(ex + 20, 0);
    put<uint32_t>(ex + 4, l.size + 24);
  }
  p.put_ptr(context.addr, ctx);
  return TRUE;
}
BOOL InitializeContext(WindowsProcess& p, Ptr buffer, uint32_t flags, Ptr context, Ptr length) {
  return initialize(p, buffer, flags, context, length, ~0ull);
}
BOOL InitializeContext2(WindowsProcess& p, Ptr buffer, uint32_t flags, Ptr context, Ptr length, uint64_t compaction) {
  return initialize(p, buffer, flags, context, length, compaction);
}

// The XSAVE area of a record with CONTEXT_XSTATE (its CONTEXT_EX follows the CONTEXT), or 0.
uint64_t xstate_of(const Layout& l, uint64_t ctx) {
  if ((get<uint32_t>(ctx + l.flags_at) & (l.arch | kXStateFlag)) != (l.arch | kXStateFlag)) return 0;
  const uint64_t ex = ctx + l.size;
  return ex + static_cast<int64_t>(get<int32_t>(ex + 16));
}

// Feature 0: the legacy x87 state (the XSAVE_FORMAT up to its XMM registers); 1: the XMM registers;
// 2 (AVX): the YMM registers' upper halves in the XSAVE area; others: none (null).
Ptr LocateXStateFeature(WindowsProcess& p, Ptr context, uint32_t feature, Ptr length) {
  const Layout& l = layout(p);
  if (!(get<uint32_t>(context.addr + l.flags_at) & l.arch)) return Ptr(0);
  if (feature == 0) {
    if (length) put<uint32_t>(length.addr, 160);
    return Ptr(context.addr + l.float_at);
  }
  if (feature == 1) {
    if (length) put<uint32_t>(length.addr, 16 * l.xmm_count);
    return Ptr(context.addr + l.float_at + 160);
  }
  const uint64_t xs = xstate_of(l, context.addr);
  if (feature != 2 || !xs) return Ptr(0);
  if (length) put<uint32_t>(length.addr, kYmmSize);
  if (get<uint32_t>(context.addr + l.size + 20) < kXStateHeader + kYmmSize) return Ptr(0);
  return Ptr(xs + kXStateHeader);
}

// Features 0 and 1 are the record's floating-point state (CONTEXT_FLOATING_POINT on AMD64,
// CONTEXT_EXTENDED_REGISTERS on i386); the others the XSAVE header's Mask.
BOOL SetXStateFeaturesMask(WindowsProcess& p, Ptr context, uint64_t mask) {
  const Layout& l = layout(p);
  const uint32_t flags = get<uint32_t>(context.addr + l.flags_at);
  if (!(flags & l.arch)) return FALSE;
  if (mask & 3) put<uint32_t>(context.addr + l.flags_at, flags | l.float_flag);
  const uint64_t xs = xstate_of(l, context.addr);
  if (!xs) return (mask & ~uint64_t{3}) ? FALSE : TRUE;
  put<uint64_t>(xs, mask & enabled_features() & ~uint64_t{3});
  return TRUE;
}
BOOL GetXStateFeaturesMask(WindowsProcess& p, Ptr context, Ptr mask) {
  const Layout& l = layout(p);
  const uint32_t flags = get<uint32_t>(context.addr + l.flags_at);
  if (!(flags & l.arch)) return FALSE;
  uint64_t m = (flags & l.float_flag) == l.float_flag ? 3 : 0;
  if (const uint64_t xs = xstate_of(l, context.addr)) m |= get<uint64_t>(xs) & ~uint64_t{3};
  put<uint64_t>(mask.addr, m);
  return TRUE;
}

// The parts of `src` that `flags` names (and `src` has) into `dst`, both records of this width; with
// CONTEXT_XSTATE the XSAVE area's features both hold.
BOOL CopyContext(WindowsProcess& p, Ptr dst, uint32_t flags, Ptr src) {
  const Layout& l = layout(p);
  if ((flags & kXStateFlag) && !(enabled_features() & ~uint64_t{3})) return fail(p, ERROR_NOT_SUPPORTED);
  const uint32_t dst_flags = get<uint32_t>(dst.addr + l.flags_at), src_flags = get<uint32_t>(src.addr + l.flags_at);
  if ((flags & l.arch) == 0 || (dst_flags & l.arch) == 0 || (src_flags & l.arch) == 0) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t copy = flags & src_flags & ~l.arch;
  for (size_t i = 0; i + 1 < l.range_count; ++i) {
    const Range& r = l.ranges[i];
    if (r.flag && (copy & r.flag) == r.flag)
      std::memmove(reinterpret_cast<void*>(dst.addr + r.start), reinterpret_cast<const void*>(src.addr + r.start),
                   l.ranges[i + 1].start - r.start);
  }
  uint32_t result = (dst_flags | copy) & ~kXStateFlag;
  if (copy & kXStateFlag) {
    const uint64_t dxs = xstate_of(l, dst.addr), sxs = xstate_of(l, src.addr);
    if (!dxs || !sxs) return fail(p, ERROR_INVALID_PARAMETER);
    const uint64_t features = get<uint64_t>(sxs);
    put<uint64_t>(dxs, features);
    if ((features & kAvx) && get<uint32_t>(dst.addr + l.size + 20) >= kXStateHeader + kYmmSize)
      std::memmove(reinterpret_cast<void*>(dxs + kXStateHeader), reinterpret_cast<const void*>(sxs + kXStateHeader), kYmmSize);
    result |= kXStateFlag | l.arch;
  } else if (dst_flags & kXStateFlag) {
    result |= kXStateFlag;
  }
  put<uint32_t>(dst.addr + l.flags_at, result | l.arch);
  return TRUE;
}

}  // namespace

const std::vector<Export>& kernel32_context_xstate_exports() {
  static const std::vector<Export> exports = {
      EXPORT("InitializeContext", InitializeContext),
      EXPORT("InitializeContext2", InitializeContext2),
      EXPORT("LocateXStateFeature", LocateXStateFeature),
      EXPORT("SetXStateFeaturesMask", SetXStateFeaturesMask),
      EXPORT("GetXStateFeaturesMask", GetXStateFeaturesMask),
      EXPORT("CopyContext", CopyContext),
  };
  return exports;
}

}  // namespace polyrun::shims
