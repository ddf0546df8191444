// NTDLL's CONTEXT records with extended processor state, and KERNEL32's functions over them
// (kernel32/context_xstate.cpp, `ntdll/context_xstate.h`): RtlGetExtendedContextLength(2) tells the
// room a record needs, RtlInitializeExtendedContext(2) lays a CONTEXT out in a caller's buffer
// (aligned), followed by its CONTEXT_EX (the offsets and lengths of the whole record, the legacy
// part and the XSAVE area) and, with CONTEXT_XSTATE, a 64-byte aligned XSAVE header and the AVX
// registers' upper halves; RtlLocateLegacyContext and RtlLocateExtendedFeature(2) find the CONTEXT
// and a feature's registers from the CONTEXT_EX, Rtl(Get/Set)ExtendedFeaturesMask read and set
// which features its XSAVE area holds, RtlGetEnabledExtendedFeatures tells the host's, and
// RtlCopyContext and RtlCopyExtendedContext copy the parts the flags name. The record is the
// program's width's: AMD64's for 64-bit programs, i386's for 32-bit ones. The features are those
// the host's XCR0 enables (no compaction).
#include <cstring>

#include "shims/ntdll/context_xstate.h"

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_context_xstate {

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

}  // namespace

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

namespace {

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

// Without extended state on the host, CONTEXT_XSTATE is dropped.
uint32_t effective_flags(uint32_t flags) {
  return (flags & kXStateFlag) && !(enabled_features() & ~uint64_t{3}) ? flags & ~kXStateFlag : flags;
}

}  // namespace

uint32_t context_length(WindowsProcess& p, uint32_t flags, uint64_t compaction, uint32_t* length) {
  const Layout& l = layout(p);
  if (!flags_ok(l, flags)) return nt::kInvalidParameter;
  *length = needed(l, effective_flags(flags), compaction);
  return nt::kSuccess;
}

uint32_t initialize_context(WindowsProcess& p, uint64_t buffer, uint32_t flags, uint64_t compaction, uint64_t* context) {
  const Layout& l = layout(p);
  if (!flags_ok(l, flags)) return nt::kInvalidParameter;
  flags = effective_flags(flags);
  const uint64_t ctx = (buffer + l.align) & ~uint64_t{l.align};
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
  *context = ctx;
  return nt::kSuccess;
}

uint64_t context_ex_of(WindowsProcess& p, uint64_t context) { return context + layout(p).size; }

namespace {

// The XSAVE area of a record with CONTEXT_XSTATE (its CONTEXT_EX follows the CONTEXT), or 0.
uint64_t xstate_of(const Layout& l, uint64_t ctx) {
  if ((get<uint32_t>(ctx + l.flags_at) & (l.arch | kXStateFlag)) != (l.arch | kXStateFlag)) return 0;
  const uint64_t ex = ctx + l.size;
  return ex + static_cast<int64_t>(get<int32_t>(ex + 16));
}

}  // namespace

uint64_t locate_feature(WindowsProcess& p, uint64_t context, uint32_t feature, uint64_t length) {
  const Layout& l = layout(p);
  if (!(get<uint32_t>(context + l.flags_at) & l.arch)) return 0;
  if (feature == 0) {
    if (length) put<uint32_t>(length, 160);
    return context + l.float_at;
  }
  if (feature == 1) {
    if (length) put<uint32_t>(length, 16 * l.xmm_count);
    return context + l.float_at + 160;
  }
  const uint64_t xs = xstate_of(l, context);
  if (feature != 2 || !xs) return 0;
  if (length) put<uint32_t>(length, kYmmSize);
  if (get<uint32_t>(context + l.size + 20) < kXStateHeader + kYmmSize) return 0;
  return xs + kXStateHeader;
}

// Features 0 and 1 are the record's floating-point state (CONTEXT_FLOATING_POINT on AMD64,
// CONTEXT_EXTENDED_REGISTERS on i386); the others the XSAVE header's Mask.
bool set_features_mask(WindowsProcess& p, uint64_t context, uint64_t mask) {
  const Layout& l = layout(p);
  const uint32_t flags = get<uint32_t>(context + l.flags_at);
  if (!(flags & l.arch)) return false;
  if (mask & 3) put<uint32_t>(context + l.flags_at, flags | l.float_flag);
  const uint64_t xs = xstate_of(l, context);
  if (!xs) return !(mask & ~uint64_t{3});
  put<uint64_t>(xs, mask & enabled_features() & ~uint64_t{3});
  return true;
}
bool get_features_mask(WindowsProcess& p, uint64_t context, uint64_t* mask) {
  const Layout& l = layout(p);
  const uint32_t flags = get<uint32_t>(context + l.flags_at);
  if (!(flags & l.arch)) return false;
  uint64_t m = (flags & l.float_flag) == l.float_flag ? 3 : 0;
  if (const uint64_t xs = xstate_of(l, context)) m |= get<uint64_t>(xs) & ~uint64_t{3};
  *mask = m;
  return true;
}

// The parts of `src` that `flags` names (and `src` has) into `dst`, both records of this width; with
// CONTEXT_XSTATE the XSAVE area's features both hold.
uint32_t copy_context(WindowsProcess& p, uint64_t dst_addr, uint32_t flags, uint64_t src_addr) {
  const Ptr dst(dst_addr), src(src_addr);
  const Layout& l = layout(p);
  if ((flags & kXStateFlag) && !(enabled_features() & ~uint64_t{3})) return nt::kNotSupported;
  const uint32_t dst_flags = get<uint32_t>(dst.addr + l.flags_at), src_flags = get<uint32_t>(src.addr + l.flags_at);
  if ((flags & l.arch) == 0 || (dst_flags & l.arch) == 0 || (src_flags & l.arch) == 0) return nt::kInvalidParameter;
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
    if (!dxs || !sxs) return nt::kInvalidParameter;
    const uint64_t features = get<uint64_t>(sxs);
    put<uint64_t>(dxs, features);
    if ((features & kAvx) && get<uint32_t>(dst.addr + l.size + 20) >= kXStateHeader + kYmmSize)
      std::memmove(reinterpret_cast<void*>(dxs + kXStateHeader), reinterpret_cast<const void*>(sxs + kXStateHeader), kYmmSize);
    result |= kXStateFlag | l.arch;
  } else if (dst_flags & kXStateFlag) {
    result |= kXStateFlag;
  }
  put<uint32_t>(dst.addr + l.flags_at, result | l.arch);
  return nt::kSuccess;
}

}  // namespace ntdll_context_xstate

namespace ntdll_context_xstate_impl {

using namespace ntdll_context_xstate;

// CONTEXT_EX: All {Offset, Length}, Legacy {Offset, Length}, XState {Offset, Length}, each offset
// from the CONTEXT_EX itself.
uint64_t legacy_of(uint64_t ex) { return ex + static_cast<int64_t>(get<int32_t>(ex + 8)); }
uint64_t xsave_of(uint64_t ex) { return get<uint32_t>(ex + 20) ? ex + static_cast<int64_t>(get<int32_t>(ex + 16)) : 0; }

uint32_t RtlGetExtendedContextLength2(WindowsProcess& p, uint32_t flags, Ptr length, uint64_t compaction) {
  uint32_t n = 0;
  if (!length) return nt::kInvalidParameter;
  const uint32_t s = context_length(p, flags, compaction, &n);
  if (!s) put<uint32_t>(length.addr, n);
  return s;
}
uint32_t RtlGetExtendedContextLength(WindowsProcess& p, uint32_t flags, Ptr length) {
  return RtlGetExtendedContextLength2(p, flags, length, ~0ull);
}

// The record in the buffer (which has the room RtlGetExtendedContextLength2 told); *context_ex its
// CONTEXT_EX.
uint32_t RtlInitializeExtendedContext2(WindowsProcess& p, Ptr buffer, uint32_t flags, Ptr context_ex, uint64_t compaction) {
  uint64_t context = 0;
  const uint32_t s = initialize_context(p, buffer.addr, flags, compaction, &context);
  if (!s && context_ex) p.put_ptr(context_ex.addr, context_ex_of(p, context));
  return s;
}
uint32_t RtlInitializeExtendedContext(WindowsProcess& p, Ptr buffer, uint32_t flags, Ptr context_ex) {
  return RtlInitializeExtendedContext2(p, buffer, flags, context_ex, ~0ull);
}

Ptr RtlLocateLegacyContext(WindowsProcess&, Ptr ex, Ptr length) {
  if (length) put<uint32_t>(length.addr, get<uint32_t>(ex.addr + 12));
  return Ptr(legacy_of(ex.addr));
}

// The XSAVE area's features (AVX, 2: the YMM registers' upper halves, in the standard layout the
// host's XSAVE configuration gives); the legacy ones (0 and 1) are the CONTEXT's, which
// RtlLocateLegacyContext finds: null. The 2 form takes the configuration (XSTATE_CONFIGURATION)
// the offsets come from: without one, null (wine 8.0's answer).
Ptr locate_extended(WindowsProcess& p, uint64_t ex, uint32_t feature, uint64_t length) {
  if (feature < 2) return Ptr(0);
  return Ptr(locate_feature(p, legacy_of(ex), feature, length));
}
Ptr RtlLocateExtendedFeature2(WindowsProcess& p, Ptr ex, uint32_t feature, Ptr configuration, Ptr length) {
  if (!configuration) return Ptr(0);
  return locate_extended(p, ex.addr, feature, length.addr);
}
Ptr RtlLocateExtendedFeature(WindowsProcess& p, Ptr ex, uint32_t feature, Ptr length) {
  return locate_extended(p, ex.addr, feature, length.addr);
}

uint64_t RtlGetEnabledExtendedFeatures(WindowsProcess&, uint64_t mask) { return enabled_features() & mask; }

// The XSAVE area's feature mask (the legacy features left out); 0 for a record without one.
uint64_t RtlGetExtendedFeaturesMask(WindowsProcess&, Ptr ex) {
  const uint64_t xs = xsave_of(ex.addr);
  return xs ? get<uint64_t>(xs) & ~uint64_t{3} : 0;
}
void RtlSetExtendedFeaturesMask(WindowsProcess&, Ptr ex, uint64_t mask) {
  if (const uint64_t xs = xsave_of(ex.addr)) put<uint64_t>(xs, mask & enabled_features() & ~uint64_t{3});
}

uint32_t RtlCopyContext(WindowsProcess& p, Ptr dst, uint32_t flags, Ptr src) { return copy_context(p, dst.addr, flags, src.addr); }
uint32_t RtlCopyExtendedContext(WindowsProcess& p, Ptr dst, uint32_t flags, Ptr src) {
  return copy_context(p, legacy_of(dst.addr), flags, legacy_of(src.addr));
}

}  // namespace ntdll_context_xstate_impl

const std::vector<Export>& ntdll_context_xstate_exports() {
  using namespace ntdll_context_xstate_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlGetExtendedContextLength", RtlGetExtendedContextLength),
      EXPORT("RtlGetExtendedContextLength2", RtlGetExtendedContextLength2),
      EXPORT("RtlInitializeExtendedContext", RtlInitializeExtendedContext),
      EXPORT("RtlInitializeExtendedContext2", RtlInitializeExtendedContext2),
      EXPORT("RtlLocateLegacyContext", RtlLocateLegacyContext),
      EXPORT("RtlLocateExtendedFeature", RtlLocateExtendedFeature),
      EXPORT("RtlLocateExtendedFeature2", RtlLocateExtendedFeature2),
      EXPORT("RtlGetEnabledExtendedFeatures", RtlGetEnabledExtendedFeatures),
      EXPORT("RtlGetExtendedFeaturesMask", RtlGetExtendedFeaturesMask),
      EXPORT("RtlSetExtendedFeaturesMask", RtlSetExtendedFeaturesMask),
      EXPORT("RtlCopyContext", RtlCopyContext),
      EXPORT("RtlCopyExtendedContext", RtlCopyExtendedContext),
  };
  return exports;
}

}  // namespace polyrun::shims
