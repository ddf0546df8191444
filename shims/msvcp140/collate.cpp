// MSVCP140.dll's collation beneath the collate facet: comparing two ranges of characters
// (_Strcoll, _Wcscoll) and the transformed form whose plain comparison orders as they collate
// (_Strxfrm, _Wcsxfrm), by a _Collvec {unsigned page; wchar_t* locale name} or, without one, the
// C runtime's collation locale.
//
// The "C" locale (no locale name: the C runtime's only one here) collates by the characters'
// values: the comparison is memcmp's (wmemcmp's) of the common length, then the shorter first,
// as -1, 0 or 1, and the transformation a copy. A vector that names a locale collates by
// KERNEL32's CompareStringEx (SORT_STRINGSORT) and LCMapStringEx's sort keys, the narrow ranges
// converted from its code page first; a comparison that fails sets errno to EINVAL and returns
// _NLSCMPERROR (INT_MAX), as MSVC's STL does.
#include <climits>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/kernel32/exports.h"
#include "shims/msvcp140/msvcp_internal.h"
#include "shims/msvcrt/crt_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

constexpr int kEinval = 22;
constexpr uint32_t kSortStringSort = 0x1000, kLcmapSortKey = 0x400;

// The locale name a vector names (0: the "C" locale); the C runtime's without one.
uint64_t locale_name(const WindowsProcess& p, uint64_t coll) { return coll ? p.get_ptr(coll + p.isa->ptr) : 0; }
uint32_t code_page(uint64_t coll) { return coll ? get<uint32_t>(coll) : 0; }

// -1, 0 or 1: by the values of the common length's elements, then by length.
template <typename Char>
int32_t ordinal(uint64_t a, uint64_t n1, uint64_t b, uint64_t n2) {
  const Char* x = static_cast<const Char*>(guest_pointer(a));
  const Char* y = static_cast<const Char*>(guest_pointer(b));
  for (uint64_t i = 0; i < std::min(n1, n2); ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return n1 == n2 ? 0 : n1 < n2 ? -1 : 1;
}

// A narrow range as UTF-16 in the process heap (its length at *len); 0 when it does not convert.
uint64_t widen(WindowsProcess& p, uint32_t page, uint64_t s, uint64_t n, uint64_t* len) {
  *len = 0;
  if (!n) return p.heap.alloc(2, true);
  const uint64_t w = call_kernel32(p, "MultiByteToWideChar", {page, 8, s, n, 0, 0}) & 0xffffffffu;
  if (!w) return 0;
  const uint64_t buf = p.heap.alloc(w * 2);
  if (buf) call_kernel32(p, "MultiByteToWideChar", {page, 8, s, n, buf, w});
  *len = w;
  return buf;
}

int32_t compare_in_locale(WindowsProcess& p, uint64_t name, uint64_t a, uint64_t n1, uint64_t b, uint64_t n2) {
  const int32_t r = static_cast<int32_t>(call_kernel32(p, "CompareStringEx", {name, kSortStringSort, a, n1, b, n2, 0, 0, 0}));
  if (!r) {
    *msvcrt_errno(p) = kEinval;
    return INT_MAX;
  }
  return r - 2;
}

int32_t _Strcoll(WindowsProcess& p, Ptr first1, Ptr last1, Ptr first2, Ptr last2, Ptr coll) {
  const uint64_t n1 = last1.addr - first1.addr, n2 = last2.addr - first2.addr;
  const uint64_t name = locale_name(p, coll.addr);
  if (!name) return ordinal<uint8_t>(first1.addr, n1, first2.addr, n2);
  uint64_t w1 = 0, w2 = 0;
  const uint64_t a = widen(p, code_page(coll.addr), first1.addr, n1, &w1);
  const uint64_t b = widen(p, code_page(coll.addr), first2.addr, n2, &w2);
  int32_t r = INT_MAX;
  if (a && b) r = compare_in_locale(p, name, a, w1, b, w2);
  else *msvcrt_errno(p) = kEinval;
  if (a) p.heap.free(a);
  if (b) p.heap.free(b);
  return r;
}

int32_t _Wcscoll(WindowsProcess& p, Ptr first1, Ptr last1, Ptr first2, Ptr last2, Ptr coll) {
  const uint64_t n1 = (last1.addr - first1.addr) / 2, n2 = (last2.addr - first2.addr) / 2;
  const uint64_t name = locale_name(p, coll.addr);
  if (!name) return ordinal<uint16_t>(first1.addr, n1, first2.addr, n2);
  return compare_in_locale(p, name, first1.addr, n1, first2.addr, n2);
}

// The sort key of UTF-16 text (bytes) into `dest` when it fits `room` bytes; its length.
uint64_t sort_key(WindowsProcess& p, uint64_t name, uint64_t w, uint64_t n, uint64_t dest, uint64_t room) {
  const uint64_t len = call_kernel32(p, "LCMapStringEx", {name, kLcmapSortKey, w, n, 0, 0, 0, 0, 0}) & 0xffffffffu;
  if (len && len <= room) call_kernel32(p, "LCMapStringEx", {name, kLcmapSortKey, w, n, dest, len, 0, 0, 0});
  return len ? len : INT_MAX;
}

// The transformed range into [dest, dest_end) when it fits; its length in characters.
USize _Strxfrm(WindowsProcess& p, Ptr dest, Ptr dest_end, Ptr src, Ptr src_end, Ptr coll) {
  const uint64_t room = dest_end.addr - dest.addr, n = src_end.addr - src.addr;
  const uint64_t name = locale_name(p, coll.addr);
  if (!name) {
    if (n <= room && n) copy_guest(guest_pointer(dest.addr), guest_pointer(src.addr), n, dest.addr, true);
    return n;
  }
  uint64_t wn = 0;
  const uint64_t w = widen(p, code_page(coll.addr), src.addr, n, &wn);
  if (!w) return INT_MAX;
  const uint64_t len = sort_key(p, name, w, wn, dest.addr, room);
  p.heap.free(w);
  return len;
}

// (a sort key's bytes, one to a wide character)
USize _Wcsxfrm(WindowsProcess& p, Ptr dest, Ptr dest_end, Ptr src, Ptr src_end, Ptr coll) {
  const uint64_t room = (dest_end.addr - dest.addr) / 2, n = (src_end.addr - src.addr) / 2;
  const uint64_t name = locale_name(p, coll.addr);
  if (!name) {
    if (n <= room && n) copy_guest(guest_pointer(dest.addr), guest_pointer(src.addr), n * 2, dest.addr, true);
    return n;
  }
  const uint64_t key = p.heap.alloc(room ? room : 1);
  if (!key) return INT_MAX;
  const uint64_t len = sort_key(p, name, src.addr, n, key, room);
  if (len <= room)
    for (uint64_t i = 0; i < len; ++i) put<uint16_t>(dest.addr + 2 * i, get<uint8_t>(key + i));
  p.heap.free(key);
  return len;
}

}  // namespace

const std::vector<Export>& collate_exports() {
  static const std::vector<Export> e = {
      EXPORT("_Strcoll", _Strcoll),
      EXPORT("_Wcscoll", _Wcscoll),
      EXPORT("_Strxfrm", _Strxfrm),
      EXPORT("_Wcsxfrm", _Wcsxfrm),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
