// msvcrt.dll's C++ exception classes, exported by their decorated names: exception, bad_cast,
// bad_typeid and __non_rtti_object (outside std, as msvcrt.dll has them): constructors, the
// destructor, operator=, the deleting destructors and default constructor closures, what() and
// each class's vftable.
//
// An object is {vftable, name, do_free}: the message, and whether the object owns a copy of it
// (made with the runtime's heap). Each class's vftable is {vector deleting destructor, what}, one
// block of the program's memory made at the first use, with the slot before it (the complete
// object locator's) left null.
#include <cstring>
#include <deque>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/exports.h"

namespace polyrun::shims {

namespace cxx_classes {
namespace {

enum Kind { kException, kBadCast, kBadTypeid, kNonRtti, kKinds };
const char* const kClass[kKinds] = {"exception", "bad_cast", "bad_typeid", "__non_rtti_object"};

uint64_t w(WindowsProcess& p) { return p.isa->ptr; }
uint64_t name_of(WindowsProcess& p, uint64_t self) { return p.get_ptr(self + w(p)); }
bool owns(WindowsProcess& p, uint64_t self) { return get<int32_t>(self + 2 * w(p)) != 0; }

uint64_t vftable(WindowsProcess& p, Kind k);

// The object's message: a copy where `copy` (and there is one), else the pointer itself.
void set_name(WindowsProcess& p, uint64_t self, uint64_t name, bool copy) {
  p.put_ptr(self + w(p), 0);
  put<int32_t>(self + 2 * w(p), 0);
  if (!name) return;
  if (!copy) {
    p.put_ptr(self + w(p), name);
    return;
  }
  const size_t n = std::strlen(reinterpret_cast<const char*>(name)) + 1;
  const uint64_t b = p.heap.alloc(n);
  if (!b) return;
  std::memcpy(reinterpret_cast<void*>(b), reinterpret_cast<const void*>(name), n);
  p.put_ptr(self + w(p), b);
  put<int32_t>(self + 2 * w(p), 1);
}
void destroy(WindowsProcess& p, uint64_t self) {
  if (owns(p, self)) p.heap.free(name_of(p, self));
}
// The copy constructor's rule: an owned message is copied, a borrowed one shared.
void copy_from(WindowsProcess& p, uint64_t self, uint64_t other) {
  set_name(p, self, name_of(p, other), owns(p, other));
}

// exception(), exception(const char* const&), exception(const char* const&, int) (not copied),
// exception(const exception&).
template <Kind K>
Ptr ctor_default(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, vftable(p, K));
  set_name(p, self.addr, 0, false);
  return self;
}
template <Kind K>
Ptr ctor_ref(WindowsProcess& p, Ptr self, Ptr name_ref) {
  p.put_ptr(self.addr, vftable(p, K));
  set_name(p, self.addr, p.get_ptr(name_ref.addr), true);
  return self;
}
Ptr ctor_ref_nocopy(WindowsProcess& p, Ptr self, Ptr name_ref, int32_t) {
  p.put_ptr(self.addr, vftable(p, kException));
  set_name(p, self.addr, p.get_ptr(name_ref.addr), false);
  return self;
}
template <Kind K>
Ptr ctor_str(WindowsProcess& p, Ptr self, Ptr name) {
  p.put_ptr(self.addr, vftable(p, K));
  set_name(p, self.addr, name.addr, true);
  return self;
}
template <Kind K>
Ptr ctor_copy(WindowsProcess& p, Ptr self, Ptr other) {
  p.put_ptr(self.addr, vftable(p, K));
  copy_from(p, self.addr, other.addr);
  return self;
}
// The default constructor closures: bad_cast's "bad cast", bad_typeid's "bad typeid".
template <Kind K>
void ctor_closure(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, vftable(p, K));
  set_name(p, self.addr, 0, false);
  const char* text = K == kBadCast ? "bad cast" : "bad typeid";
  const uint64_t b = p.heap.alloc(std::strlen(text) + 1);
  if (!b) return;
  std::memcpy(reinterpret_cast<void*>(b), text, std::strlen(text) + 1);
  p.put_ptr(self.addr + w(p), b);
  put<int32_t>(self.addr + 2 * w(p), 1);
}
template <Kind K>
void dtor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, vftable(p, K));
  destroy(p, self.addr);
}
// operator=: the other's message taken as the copy constructor takes it (the class stays).
Ptr assign(WindowsProcess& p, Ptr self, Ptr other) {
  if (self.addr != other.addr) {
    destroy(p, self.addr);
    copy_from(p, self.addr, other.addr);
  }
  return self;
}
// The scalar deleting destructor: destroyed, and freed where flags & 1. The vector one, with
// flags & 2, destroys the array whose count is in the pointer-sized word before it.
Ptr scalar_deleting(WindowsProcess& p, Ptr self, uint32_t flags) {
  destroy(p, self.addr);
  if (flags & 1) p.heap.free(self.addr);
  return self;
}
Ptr vector_deleting(WindowsProcess& p, Ptr self, uint32_t flags) {
  if (!(flags & 2)) return scalar_deleting(p, self, flags);
  const uint64_t block = self.addr - w(p), count = p.get_ptr(block), size = 3 * w(p);
  for (uint64_t i = count; i-- > 0;) destroy(p, self.addr + i * size);
  if (flags & 1) p.heap.free(block);
  return Ptr(block);
}
Ptr what(WindowsProcess& p, Ptr self) {
  if (const uint64_t n = name_of(p, self.addr)) return Ptr(n);
  uint64_t& slot = data_slot(p, "cxx-unknown-exception", 24);
  std::memcpy(reinterpret_cast<void*>(slot), "Unknown exception", 18);
  return Ptr(slot);
}

const Export kVectorDeleting = EXPORT_METHOD("exception::`vector deleting destructor'", vector_deleting);
const Export kWhat = EXPORT_METHOD("exception::what", what);

uint64_t vftable(WindowsProcess& p, Kind k) {
  static const char* const kSlots[kKinds] = {"cxx-vftable-exception", "cxx-vftable-bad_cast", "cxx-vftable-bad_typeid",
                                             "cxx-vftable-__non_rtti_object"};
  uint64_t& slot = data_slot(p, kSlots[k], 3 * w(p));
  if (!p.get_ptr(slot + w(p))) {
    p.put_ptr(slot + w(p), p.export_thunk(&kMsvcrt, "msvcrt.dll", kVectorDeleting.name, &kVectorDeleting));
    p.put_ptr(slot + 2 * w(p), p.export_thunk(&kMsvcrt, "msvcrt.dll", kWhat.name, &kWhat));
  }
  return slot + w(p);
}
template <Kind K>
uint64_t vftable_data(WindowsProcess& p) { return vftable(p, K); }

// Each export under its i386 (thiscall) and x64 decorated names.
struct Names {
  const char* i386;
  const char* x64;
};
void add(std::vector<Export>& out, Names n, Export e) {
  Export a = e, b = e;
  a.name = n.i386;
  b.name = n.x64;
  out.push_back(a);
  out.push_back(b);
}

}  // namespace
}  // namespace cxx_classes

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_cxx_classes_exports() {
  using namespace cxx_classes;
  static const std::vector<Export> exports = [] {
    std::vector<Export> e;
    add(e, {"??0exception@@QAE@XZ", "??0exception@@QEAA@XZ"}, EXPORT_METHOD("", ctor_default<kException>));
    add(e, {"??0exception@@QAE@ABQBD@Z", "??0exception@@QEAA@AEBQEBD@Z"}, EXPORT_METHOD("", ctor_ref<kException>));
    add(e, {"??0exception@@QAE@ABQBDH@Z", "??0exception@@QEAA@AEBQEBDH@Z"}, EXPORT_METHOD("", ctor_ref_nocopy));
    add(e, {"??0exception@@QAE@ABV0@@Z", "??0exception@@QEAA@AEBV0@@Z"}, EXPORT_METHOD("", ctor_copy<kException>));
    add(e, {"??1exception@@UAE@XZ", "??1exception@@UEAA@XZ"}, EXPORT_METHOD("", dtor<kException>));
    add(e, {"?what@exception@@UBEPBDXZ", "?what@exception@@UEBAPEBDXZ"}, EXPORT_METHOD("", what));
    add(e, {"??0bad_cast@@AAE@PBQBD@Z", "??0bad_cast@@AEAA@PEBQEBD@Z"}, EXPORT_METHOD("", ctor_ref<kBadCast>));
    add(e, {"??0bad_cast@@QAE@ABQBD@Z", "??0bad_cast@@QEAA@AEBQEBD@Z"}, EXPORT_METHOD("", ctor_ref<kBadCast>));
    add(e, {"??0bad_cast@@QAE@ABV0@@Z", "??0bad_cast@@QEAA@AEBV0@@Z"}, EXPORT_METHOD("", ctor_copy<kBadCast>));
    add(e, {"??0bad_cast@@QAE@PBD@Z", "??0bad_cast@@QEAA@PEBD@Z"}, EXPORT_METHOD("", ctor_str<kBadCast>));
    add(e, {"??1bad_cast@@UAE@XZ", "??1bad_cast@@UEAA@XZ"}, EXPORT_METHOD("", dtor<kBadCast>));
    add(e, {"??_Fbad_cast@@QAEXXZ", "??_Fbad_cast@@QEAAXXZ"}, EXPORT_METHOD("", ctor_closure<kBadCast>));
    add(e, {"??0bad_typeid@@QAE@ABV0@@Z", "??0bad_typeid@@QEAA@AEBV0@@Z"}, EXPORT_METHOD("", ctor_copy<kBadTypeid>));
    add(e, {"??0bad_typeid@@QAE@PBD@Z", "??0bad_typeid@@QEAA@PEBD@Z"}, EXPORT_METHOD("", ctor_str<kBadTypeid>));
    add(e, {"??1bad_typeid@@UAE@XZ", "??1bad_typeid@@UEAA@XZ"}, EXPORT_METHOD("", dtor<kBadTypeid>));
    add(e, {"??_Fbad_typeid@@QAEXXZ", "??_Fbad_typeid@@QEAAXXZ"}, EXPORT_METHOD("", ctor_closure<kBadTypeid>));
    add(e, {"??0__non_rtti_object@@QAE@ABV0@@Z", "??0__non_rtti_object@@QEAA@AEBV0@@Z"},
        EXPORT_METHOD("", ctor_copy<kNonRtti>));
    add(e, {"??0__non_rtti_object@@QAE@PBD@Z", "??0__non_rtti_object@@QEAA@PEBD@Z"}, EXPORT_METHOD("", ctor_str<kNonRtti>));
    add(e, {"??1__non_rtti_object@@UAE@XZ", "??1__non_rtti_object@@UEAA@XZ"}, EXPORT_METHOD("", dtor<kNonRtti>));
    static std::deque<std::string> names;  // the generated names' storage, for the process's lifetime
    uint64_t (*const tables[kKinds])(WindowsProcess&) = {vftable_data<kException>, vftable_data<kBadCast>,
                                                         vftable_data<kBadTypeid>, vftable_data<kNonRtti>};
    for (int k = 0; k < kKinds; ++k) {
      const std::string c = kClass[k];
      auto name = [&](const std::string& n) { return names.emplace_back(n).c_str(); };
      add(e, {name("??4" + c + "@@QAEAAV0@ABV0@@Z"), name("??4" + c + "@@QEAAAEAV0@AEBV0@@Z")}, EXPORT_METHOD("", assign));
      add(e, {name("??_E" + c + "@@UAEPAXI@Z"), name("??_E" + c + "@@UEAAPEAXI@Z")}, EXPORT_METHOD("", vector_deleting));
      add(e, {name("??_G" + c + "@@UAEPAXI@Z"), name("??_G" + c + "@@UEAAPEAXI@Z")}, EXPORT_METHOD("", scalar_deleting));
      e.push_back(Export{name("??_7" + c + "@@6B@"), nullptr, 0, tables[k]});
    }
    return e;
  }();
  return exports;
}

}  // namespace polyrun::shims
