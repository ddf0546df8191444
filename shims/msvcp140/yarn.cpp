// MSVCP140.dll's small holders of the locale's data: std::_Yarn<char> and _Yarn<wchar_t> (a string
// the locale keeps: {T* _Myptr; T _Nul}, its text a copy in the heap, null while empty) and
// std::_Timevec (the C runtime's time names, {void* _Timeptr}, which it owns and frees, and hands
// on when copied or assigned: the source is left empty).
//
// The heap is the C runtime's (operator new and delete are its malloc and free here: the process
// heap, msvcrt/heap.cpp), so a block the program's own code frees with them is this one's.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

template <typename Char>
uint64_t nul_at(const WindowsProcess& p, uint64_t self) {
  return self + p.isa->ptr;
}

template <typename Char>
Ptr yarn_ctor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, 0);
  put<Char>(nul_at<Char>(p, self.addr), 0);
  return self;
}

template <typename Char>
void yarn_tidy(WindowsProcess& p, Ptr self) {
  if (const uint64_t s = p.get_ptr(self.addr)) p.heap.free(s);
  p.put_ptr(self.addr, 0);
}

// Takes a copy of `str` (nothing for null, which leaves it empty); assigning its own text keeps it.
template <typename Char>
Ptr yarn_assign_cstr(WindowsProcess& p, Ptr self, Ptr str) {
  if (str.addr == p.get_ptr(self.addr)) return self;
  yarn_tidy<Char>(p, self);
  if (str) {
    const Char* s = static_cast<const Char*>(guest_pointer(str.addr));
    const uint64_t bytes = (std::char_traits<Char>::length(s) + 1) * sizeof(Char);
    const uint64_t copy = p.heap.alloc(bytes);
    if (copy) std::memcpy(guest_pointer(copy), s, bytes);
    p.put_ptr(self.addr, copy);
  }
  return self;
}

template <typename Char>
Ptr yarn_ctor_cstr(WindowsProcess& p, Ptr self, Ptr str) {
  yarn_ctor<Char>(p, self);
  return yarn_assign_cstr<Char>(p, self, str);
}
template <typename Char>
Ptr yarn_assign(WindowsProcess& p, Ptr self, Ptr other) {
  return yarn_assign_cstr<Char>(p, self, Ptr(p.get_ptr(other.addr)));
}
template <typename Char>
Ptr yarn_copy_ctor(WindowsProcess& p, Ptr self, Ptr other) {
  yarn_ctor<Char>(p, self);
  return yarn_assign<Char>(p, self, other);
}
template <typename Char>
void yarn_dtor(WindowsProcess& p, Ptr self) {
  yarn_tidy<Char>(p, self);
}
// The text, or "" (its own _Nul) while empty.
template <typename Char>
Ptr yarn_c_str(WindowsProcess& p, Ptr self) {
  const uint64_t s = p.get_ptr(self.addr);
  return Ptr(s ? s : nul_at<Char>(p, self.addr));
}
template <typename Char>
uint8_t yarn_empty(WindowsProcess& p, Ptr self) {
  return p.get_ptr(self.addr) == 0;
}

// ---- _Timevec ----

Ptr timevec_ctor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, 0);
  return self;
}
Ptr timevec_ctor_ptr(WindowsProcess& p, Ptr self, Ptr names) {
  p.put_ptr(self.addr, names.addr);
  return self;
}
// Copying and assigning move the names: the source is left empty.
Ptr timevec_take(WindowsProcess& p, Ptr self, Ptr other) {
  p.put_ptr(self.addr, p.get_ptr(other.addr));
  p.put_ptr(other.addr, 0);
  return self;
}
void timevec_dtor(WindowsProcess& p, Ptr self) {
  if (const uint64_t names = p.get_ptr(self.addr)) p.heap.free(names);
}
Ptr timevec_getptr(WindowsProcess& p, Ptr self) { return Ptr(p.get_ptr(self.addr)); }

}  // namespace

const std::vector<Export>& yarn_exports() {
  static const std::vector<Export> e = {
      MSVCP_METHOD("??0?$_Yarn@D@std@@QAE@XZ", "??0?$_Yarn@D@std@@QEAA@XZ", yarn_ctor<char>),
      MSVCP_METHOD("??0?$_Yarn@D@std@@QAE@PBD@Z", "??0?$_Yarn@D@std@@QEAA@PEBD@Z", yarn_ctor_cstr<char>),
      MSVCP_METHOD("??0?$_Yarn@D@std@@QAE@ABV01@@Z", "??0?$_Yarn@D@std@@QEAA@AEBV01@@Z", yarn_copy_ctor<char>),
      MSVCP_METHOD("??1?$_Yarn@D@std@@QAE@XZ", "??1?$_Yarn@D@std@@QEAA@XZ", yarn_dtor<char>),
      MSVCP_METHOD("??4?$_Yarn@D@std@@QAEAAV01@ABV01@@Z", "??4?$_Yarn@D@std@@QEAAAEAV01@AEBV01@@Z", yarn_assign<char>),
      MSVCP_METHOD("??4?$_Yarn@D@std@@QAEAAV01@PBD@Z", "??4?$_Yarn@D@std@@QEAAAEAV01@PEBD@Z", yarn_assign_cstr<char>),
      MSVCP_METHOD("?_C_str@?$_Yarn@D@std@@QBEPBDXZ", "?_C_str@?$_Yarn@D@std@@QEBAPEBDXZ", yarn_c_str<char>),
      MSVCP_METHOD("?c_str@?$_Yarn@D@std@@QBEPBDXZ", "?c_str@?$_Yarn@D@std@@QEBAPEBDXZ", yarn_c_str<char>),
      MSVCP_METHOD("?_Empty@?$_Yarn@D@std@@QBE_NXZ", "?_Empty@?$_Yarn@D@std@@QEBA_NXZ", yarn_empty<char>),
      MSVCP_METHOD("?empty@?$_Yarn@D@std@@QBE_NXZ", "?empty@?$_Yarn@D@std@@QEBA_NXZ", yarn_empty<char>),
      MSVCP_METHOD("?_Tidy@?$_Yarn@D@std@@AAEXXZ", "?_Tidy@?$_Yarn@D@std@@AEAAXXZ", yarn_tidy<char>),
      MSVCP_METHOD("??0?$_Yarn@_W@std@@QAE@XZ", "??0?$_Yarn@_W@std@@QEAA@XZ", yarn_ctor<char16_t>),
      MSVCP_METHOD("??1?$_Yarn@_W@std@@QAE@XZ", "??1?$_Yarn@_W@std@@QEAA@XZ", yarn_dtor<char16_t>),
      MSVCP_METHOD("??4?$_Yarn@_W@std@@QAEAAV01@PB_W@Z", "??4?$_Yarn@_W@std@@QEAAAEAV01@PEB_W@Z",
                   yarn_assign_cstr<char16_t>),
      MSVCP_METHOD("?_C_str@?$_Yarn@_W@std@@QBEPB_WXZ", "?_C_str@?$_Yarn@_W@std@@QEBAPEB_WXZ", yarn_c_str<char16_t>),
      MSVCP_METHOD("?_Empty@?$_Yarn@_W@std@@QBE_NXZ", "?_Empty@?$_Yarn@_W@std@@QEBA_NXZ", yarn_empty<char16_t>),
      MSVCP_METHOD("?_Tidy@?$_Yarn@_W@std@@AAEXXZ", "?_Tidy@?$_Yarn@_W@std@@AEAAXXZ", yarn_tidy<char16_t>),
      MSVCP_METHOD("??_F_Timevec@std@@QAEXXZ", "??_F_Timevec@std@@QEAAXXZ", timevec_ctor),
      MSVCP_METHOD("??0_Timevec@std@@QAE@PAX@Z", "??0_Timevec@std@@QEAA@PEAX@Z", timevec_ctor_ptr),
      MSVCP_METHOD("??0_Timevec@std@@QAE@ABV01@@Z", "??0_Timevec@std@@QEAA@AEBV01@@Z", timevec_take),
      MSVCP_METHOD("??4_Timevec@std@@QAEAAV01@ABV01@@Z", "??4_Timevec@std@@QEAAAEAV01@AEBV01@@Z", timevec_take),
      MSVCP_METHOD("??1_Timevec@std@@QAE@XZ", "??1_Timevec@std@@QEAA@XZ", timevec_dtor),
      MSVCP_METHOD("?_Getptr@_Timevec@std@@QBEPAXXZ", "?_Getptr@_Timevec@std@@QEBAPEAXXZ", timevec_getptr),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
