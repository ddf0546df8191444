// OLEAUT32.dll: BSTR strings (made and freed by OLE32's alloc_bstr and free_bstr, ole32/bstr.cpp),
// VARIANT clearing and copying, which COM-style C++ code (7-Zip's PROPVARIANTs, for one) uses
// without any COM server, the thread's error object (GetErrorInfo, SetErrorInfo: COM's, from
// ole32/error_info.cpp), and the property frame (oleaut32/property_frame.cpp). Programs import
// these by ordinal; the numbers are Windows' own.
#include <cstring>

#include "shims/oleaut32/exports.h"
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

// VARIANT: vt (16 bits), three reserved 16-bit words, then the value at offset 8; 16 bytes on
// i386, 24 on x64.
uint64_t variant_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 24 : 16; }

void VariantInit(WindowsProcess&, Ptr v) { put<uint16_t>(v.addr, VT_EMPTY); }

// IUnknown::AddRef or Release of an interface pointer (none for NULL).
void call_unknown(WindowsProcess& p, uint64_t object, unsigned slot) {
  if (object) call_method(p, object, slot);
}

int32_t VariantClear(WindowsProcess& p, Ptr v) {
  uint16_t vt = get<uint16_t>(v.addr);
  if (vt & (VT_ARRAY | VT_VECTOR)) return com::DISP_E_BADVARTYPE;  // SAFEARRAYs are not provided
  if (!(vt & VT_BYREF)) {
    if (vt == VT_BSTR) SysFreeString(p, Ptr(p.get_ptr(v.addr + 8)));
    if (vt == VT_UNKNOWN || vt == VT_DISPATCH) call_unknown(p, p.get_ptr(v.addr + 8), kRelease);
  }
  std::memset(guest_pointer(v.addr), 0, variant_size(p));
  return com::S_OK;
}

int32_t VariantCopy(WindowsProcess& p, Ptr dst, Ptr src) {
  uint16_t vt = get<uint16_t>(src.addr);
  if (vt & (VT_ARRAY | VT_VECTOR)) return com::DISP_E_BADVARTYPE;
  if (dst.addr == src.addr) return com::S_OK;
  if (int32_t r = VariantClear(p, dst); r != com::S_OK) return r;
  std::memcpy(guest_pointer(dst.addr), guest_pointer(src.addr), variant_size(p));
  if (vt == VT_BSTR) {
    uint64_t b = p.get_ptr(src.addr + 8);
    if (b) {
      uint64_t copy = alloc_bstr(p, b, get<uint32_t>(b - 4));
      if (!copy) {
        put<uint16_t>(dst.addr, VT_EMPTY);
        return com::E_OUTOFMEMORY;
      }
      p.put_ptr(dst.addr + 8, copy);
    }
  }
  if (vt == VT_UNKNOWN || vt == VT_DISPATCH) call_unknown(p, p.get_ptr(src.addr + 8), kAddRef);
  return com::S_OK;
}

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
        EXPORT("VariantInit", VariantInit),
        EXPORT("VariantClear", VariantClear),
        EXPORT("VariantCopy", VariantCopy),
        EXPORT("SysStringByteLen", SysStringByteLen),
        EXPORT("SysAllocStringByteLen", SysAllocStringByteLen),
        EXPORT("GetErrorInfo", GetErrorInfo),
        EXPORT("SetErrorInfo", SetErrorInfo),
    },
    {
        {2, "SysAllocString"},
        {3, "SysReAllocString"},
        {4, "SysAllocStringLen"},
        {5, "SysReAllocStringLen"},
        {6, "SysFreeString"},
        {7, "SysStringLen"},
        {8, "VariantInit"},
        {9, "VariantClear"},
        {10, "VariantCopy"},
        {149, "SysStringByteLen"},
        {150, "SysAllocStringByteLen"},
        {200, "GetErrorInfo"},
        {201, "SetErrorInfo"},
        {416, "OleCreatePropertyFrameIndirect"},
        {417, "OleCreatePropertyFrame"},
    },
  };
  // (and the property frame's, from oleaut32/property_frame.cpp)
  for (const Export& e : property_frame_exports()) d.exports.push_back(e);
  return d;
}();

}  // namespace polyrun::shims
