// OLEAUT32.dll: BSTR strings (made and freed by OLE32's alloc_bstr and free_bstr, ole32/bstr.cpp;
// VarBstrCat, VarBstrCmp), the thread's error object (GetErrorInfo, SetErrorInfo: COM's, from
// ole32/error_info.cpp), and the DLL's table, which joins the families of the other files:
// VARIANTs (variant.cpp), the VarXxFromYy conversions (conversions.cpp), DECIMAL (decimal.cpp),
// numbers as text (number_text.cpp), dates (dates.cpp), SAFEARRAYs (safearray.cpp), the property
// frame (property_frame.cpp). Programs import these by ordinal; the numbers are Windows' own
// (ordinals.inc).
#include <algorithm>
#include <cstring>

#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/font.h"
#include "shims/oleaut32/picture.h"
#include "shims/oleaut32/type_library.h"
#include "shims/oleaut32/variant_value.h"
#include "shims/ole32/com_object.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

Ptr SysAllocString(WindowsProcess& p, WStr s) {
  if (!s.addr) return Ptr(0);
  return Ptr(alloc_bstr(p, s.addr, static_cast<uint32_t>(std::char_traits<char16_t>::length(s.data()) * 2)));
}
Ptr SysAllocStringLen(WindowsProcess& p, Ptr s, uint32_t chars) { return Ptr(alloc_bstr(p, s.addr, chars * 2)); }
Ptr SysAllocStringByteLen(WindowsProcess& p, Ptr s, uint32_t bytes) { return Ptr(alloc_bstr(p, s.addr, bytes)); }

void SysFreeString(WindowsProcess& p, Ptr b) { free_bstr(p, b.addr); }

uint32_t SysStringByteLen(WindowsProcess&, Ptr b) { return b ? get<uint32_t>(b.addr - 4) : 0; }
uint32_t SysStringLen(WindowsProcess& p, Ptr b) { return SysStringByteLen(p, b) / 2; }

// Replaces *slot with a new BSTR of the text (which may be the old string itself).
int32_t realloc_bstr(WindowsProcess& p, Ptr slot, uint64_t text, uint32_t chars) {
  uint64_t fresh = alloc_bstr(p, text, chars * 2);
  if (!fresh) return 0;
  SysFreeString(p, Ptr(p.get_ptr(slot.addr)));
  p.put_ptr(slot.addr, fresh);
  return 1;
}
int32_t SysReAllocString(WindowsProcess& p, Ptr slot, WStr s) {
  return realloc_bstr(p, slot, s.addr, s.addr ? static_cast<uint32_t>(std::char_traits<char16_t>::length(s.data())) : 0);
}
int32_t SysReAllocStringLen(WindowsProcess& p, Ptr slot, Ptr s, uint32_t chars) {
  return realloc_bstr(p, slot, s.addr, chars);
}

// VarBstrCat: the two strings' bytes one after the other (a NULL one is empty).
int32_t VarBstrCat(WindowsProcess& p, Ptr left, Ptr right, Ptr out) {
  if (!out) return E_INVALIDARG;
  const uint32_t l = oleaut::bstr_bytes(left.addr), r = oleaut::bstr_bytes(right.addr);
  const uint64_t b = alloc_bstr(p, 0, l + r);
  if (!b) return E_OUTOFMEMORY;
  if (l) std::memcpy(guest_pointer(b), guest_pointer(left.addr), l);
  if (r) std::memcpy(guest_pointer(b + l), guest_pointer(right.addr), r);
  p.put_ptr(out.addr, b);
  return S_OK;
}

// VarBstrCmp: VARCMP_LT 0, EQ 1, GT 2. A NULL or empty string is less than any other; LCID 0
// compares the bytes; otherwise the locale's comparison (CompareString's: letters by their
// alphabetic order, a lowercase letter before its capital; NORM_IGNORECASE, 1, ignores case).
int32_t VarBstrCmp(WindowsProcess&, Ptr left, Ptr right, uint32_t lcid, uint32_t flags) {
  const bool l_empty = !left || get<uint16_t>(left.addr) == 0, r_empty = !right || get<uint16_t>(right.addr) == 0;
  if (l_empty) return r_empty ? 1 : 0;
  if (r_empty) return 2;
  if (lcid == 0) {
    const uint32_t ll = oleaut::bstr_bytes(left.addr), rl = oleaut::bstr_bytes(right.addr);
    const int c = std::memcmp(guest_pointer(left.addr), guest_pointer(right.addr), std::min(ll, rl));
    if (c) return c < 0 ? 0 : 2;
    return ll < rl ? 0 : ll > rl ? 2 : 1;
  }
  const std::u16string a = oleaut::bstr_text(left.addr), b = oleaut::bstr_text(right.addr);
  auto fold = [](char16_t c) { return c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c + 32) : c; };
  const size_t n = std::min(a.size(), b.size());
  for (size_t k = 0; k < n; ++k)
    if (fold(a[k]) != fold(b[k])) return fold(a[k]) < fold(b[k]) ? 0 : 2;
  if (a.size() != b.size()) return a.size() < b.size() ? 0 : 2;
  if (!(flags & 1)) {
    for (size_t k = 0; k < n; ++k)
      if (a[k] != b[k]) return a[k] > b[k] ? 0 : 2;  // lowercase (the larger code) first
  }
  return 1;
}

// SetOaNoCache: Windows keeps freed BSTRs for reuse unless told not to; polyrun keeps none, so
// there is nothing to turn off.
void SetOaNoCache(WindowsProcess&) {}

}  // namespace

const Dll kOleaut32 = [] {
  Dll d{
    "oleaut32.dll",
    false,
    {
        EXPORT("SysAllocString", SysAllocString),
        EXPORT("SysReAllocString", SysReAllocString),
        EXPORT("SysAllocStringLen", SysAllocStringLen),
        EXPORT("SysReAllocStringLen", SysReAllocStringLen),
        EXPORT("SysFreeString", SysFreeString),
        EXPORT("SysStringLen", SysStringLen),
        EXPORT("SysStringByteLen", SysStringByteLen),
        EXPORT("SysAllocStringByteLen", SysAllocStringByteLen),
        EXPORT("GetErrorInfo", GetErrorInfo),
        EXPORT("SetErrorInfo", SetErrorInfo),
        EXPORT("VarBstrCat", VarBstrCat),
        EXPORT("VarBstrCmp", VarBstrCmp),
        EXPORT("SetOaNoCache", SetOaNoCache),
    },
  };
  // (and the other files' families)
  for (const auto* list : {&property_frame_exports(), &oleaut::variant_exports(), &oleaut::conversion_exports(),
                           &oleaut::decimal_exports(), &oleaut::number_text_exports(), &oleaut::date_exports(),
                           &oleaut::safearray_exports(), &oleaut::currency_exports(), &oleaut::arithmetic_exports(),
                           &oleaut::format_exports(), &oleaut::automation_misc_exports(), &oleaut::dispatch_exports(),
                           &oleaut::wire_form_exports(), &oleaut::class_object_exports(),
                           &oleaut::tlb::typelib_exports(), &oleaut::tlb::record_exports(),
                           &oleaut::tlb::disp_typeinfo_exports(), &oleaut::picture::picture_exports(),
                           &oleaut::picture::picture_stream_exports(), &oleaut::font::font_exports()})
    for (const Export& e : *list) d.exports.push_back(e);
  // The ordinals of the functions it has.
  static const std::pair<uint16_t, const char*> kOrdinals[] = {
#include "shims/oleaut32/ordinals.inc"
  };
  for (const auto& [ordinal, name] : kOrdinals) {
    for (const Export& e : d.exports) {
      if (std::strcmp(e.name, name) == 0) {
        d.ordinals.emplace_back(ordinal, name);
        break;
      }
    }
  }
  return d;
}();

}  // namespace polyrun::shims
