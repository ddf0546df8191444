// MSVC's run-time type information, as vcruntime140.dll and msvcrt.dll export it: __RTtypeid
// (typeid of a polymorphic object), __RTDynamicCast (dynamic_cast), __RTCastToVoid
// (dynamic_cast<void*>) and __AdjustPointer, and the exceptions they throw: std::bad_typeid,
// std::bad_cast and std::__non_rtti_object (msvcrt.dll's: the same classes outside std).
//
// A polymorphic object's vftable has the class's complete object locator just before it:
// {signature, offset of this vftable in the complete object, cdOffset, TypeDescriptor, class
// hierarchy descriptor, [x64: its own image-relative address]}; the hierarchy descriptor lists the
// base class descriptors {TypeDescriptor, contained bases, PMD {mdisp, pdisp, vdisp}, attributes}.
// x64's locators (signature 1) hold offsets relative to the image, found from the locator's own
// offset; i386's (signature 0) hold pointers. A cast finds the target class among the complete
// object's bases by its decorated name.
//
// The runtime's exceptions are objects {vftable, what, owned} (std::exception's layout) whose
// vftable has a scalar deleting destructor and what(); each throw makes one on the heap, and its
// ThrowInfo lists the class and std::exception, copied bit for bit (the message is the runtime's
// own, never freed). The tables are made once per process in one block, which is also what x64's
// image-relative offsets count from.
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/windows_modules.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/cxx_eh.h"
#include "shims/msvcrt/exports.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace cxx_rtti {
namespace {

constexpr uint64_t kMagic = 0x19930520;

enum Kind { kException, kBadCast, kBadTypeid, kNonRtti, kKinds };
const char* const kStdNames[kKinds] = {".?AVexception@std@@", ".?AVbad_cast@std@@", ".?AVbad_typeid@std@@",
                                        ".?AV__non_rtti_object@std@@"};
const char* const kOldNames[kKinds] = {".?AVexception@@", ".?AVbad_cast@@", ".?AVbad_typeid@@",
                                        ".?AV__non_rtti_object@@"};
// Each class's bases as a catch clause may name them: itself first.
const std::vector<Kind> kBases[kKinds] = {{kException}, {kBadCast, kException}, {kBadTypeid, kException},
                                          {kNonRtti, kBadTypeid, kException}};

// ---- the exceptions' methods ----

uint64_t ptr_at(WindowsProcess& p, uint64_t a) { return p.isa->ptr == 8 ? get<uint64_t>(a) : get<uint32_t>(a); }

// what(): the message, or "Unknown exception" without one.
Ptr what_(WindowsProcess& p, Ptr self) {
  if (uint64_t w = ptr_at(p, self.addr + p.isa->ptr)) return Ptr(w);
  uint64_t& slot = data_slot(p, "cxx-unknown-exception", 24);
  std::memcpy(reinterpret_cast<void*>(slot), "Unknown exception", 18);
  return Ptr(slot);
}
// The scalar deleting destructor: the message freed if owned, the object too if flags & 1.
Ptr deleting_destructor_(WindowsProcess& p, Ptr self, uint32_t flags) {
  const uint64_t w = p.isa->ptr;
  if (get<uint8_t>(self.addr + 2 * w)) {
    if (uint64_t m = ptr_at(p, self.addr + w)) p.heap.free(m);
  }
  p.put_ptr(self.addr + w, 0);
  put<uint8_t>(self.addr + 2 * w, 0);
  if (flags & 1) p.heap.free(self.addr);
  return self;
}
const Export kWhat = EXPORT_METHOD("std::exception::what", what_);
const Export kDeletingDestructor = EXPORT_METHOD("std::exception::`scalar deleting destructor'", deleting_destructor_);

// ---- the tables ----

struct Tables {
  uint64_t base = 0;              // what x64's offsets count from
  uint64_t vftable = 0;           // {destructor, what}
  uint64_t throw_info[kKinds] = {};
};

void put32(uint64_t a, uint64_t v) { put<uint32_t>(a, static_cast<uint32_t>(v)); }

Tables make_tables(WindowsProcess& p, bool ucrt) {
  const uint64_t w = p.isa->ptr;
  const bool rel = p.isa->ptr == 8;
  const char* const* names = ucrt ? kStdNames : kOldNames;
  const uint64_t size = 2048;
  Tables t;
  t.base = p.heap.alloc(size, true);
  uint64_t at = t.base;
  auto take = [&](uint64_t n) {
    uint64_t r = at;
    at += (n + 7) & ~7ull;
    return r;
  };
  auto ref = [&](uint64_t a) { return rel ? a - t.base : a; };
  // The vftable, its locator slot left empty.
  uint64_t v = take(3 * w);
  t.vftable = v + w;
  p.put_ptr(t.vftable, p.export_thunk(&kUcrtbase, "ucrtbase.dll", kDeletingDestructor.name, &kDeletingDestructor));
  p.put_ptr(t.vftable + w, p.export_thunk(&kUcrtbase, "ucrtbase.dll", kWhat.name, &kWhat));
  uint64_t type[kKinds], catchable[kKinds];
  for (int k = 0; k < kKinds; ++k) {
    const size_t len = std::strlen(names[k]) + 1;
    type[k] = take(2 * w + len);
    std::memcpy(reinterpret_cast<void*>(type[k] + 2 * w), names[k], len);
    // CatchableType {properties, type, PMD {0, -1, 0}, size, copy function (none: bit for bit)}.
    catchable[k] = take(28);
    put32(catchable[k], 0);
    put32(catchable[k] + 4, ref(type[k]));
    put32(catchable[k] + 8, 0);
    put<int32_t>(catchable[k] + 12, -1);
    put32(catchable[k] + 16, 0);
    put32(catchable[k] + 20, 3 * w);
    put32(catchable[k] + 24, 0);
  }
  for (int k = 0; k < kKinds; ++k) {
    const auto& bases = kBases[k];
    uint64_t array = take(4 + 4 * bases.size());
    put32(array, bases.size());
    for (size_t i = 0; i < bases.size(); ++i) put32(array + 4 + 4 * i, ref(catchable[bases[i]]));
    // ThrowInfo {attributes, destructor (none), forward compatibility, catchable types}.
    t.throw_info[k] = take(16);
    put32(t.throw_info[k] + 12, ref(array));
  }
  return t;
}

const Tables& tables(WindowsProcess& p, bool ucrt) {
  uint64_t& slot = data_slot(p, ucrt ? "cxx-rtti-exceptions-ucrt" : "cxx-rtti-exceptions", sizeof(Tables));
  auto* t = reinterpret_cast<Tables*>(slot);
  if (!t->base) *t = make_tables(p, ucrt);
  return *t;
}

// Throws the runtime's exception of kind `k` with `message` where the current call returns to.
void throw_exception(WindowsProcess& p, bool ucrt, Kind k, const char* message) {
  const Tables& t = tables(p, ucrt);
  const uint64_t w = p.isa->ptr;
  const std::string key = std::string("cxx-rtti-message:") + message;
  uint64_t& text = data_slot(p, key.c_str(), std::strlen(message) + 1);
  std::memcpy(reinterpret_cast<void*>(text), message, std::strlen(message) + 1);
  uint64_t object = p.heap.alloc(3 * w, true);
  p.put_ptr(object, t.vftable);
  p.put_ptr(object + w, text);
  std::vector<uint64_t> params = {kMagic, object, t.throw_info[k]};
  if (w == 8) params.push_back(t.base);
  raise_from_host_call(p, cxx::kCxxExceptionCode, 1 /* EXCEPTION_NONCONTINUABLE */, params, 0);
}

// ---- reading an object's type information (a bad pointer throws GuestMemoryFault) ----

struct Locator {
  uint64_t base = 0;  // what its offsets count from (0 on i386)
  uint64_t addr = 0;
};
Locator locator_of(WindowsProcess& p, uint64_t object) {
  const uint64_t w = p.isa->ptr;
  uint64_t vftable = ptr_at(p, object);
  Locator l;
  l.addr = ptr_at(p, vftable - w);
  if (w == 8) {
    if (get<uint32_t>(l.addr) == 0) {
      const loader::PeImage* img = image_containing(p, l.addr);
      l.base = img ? img->base : 0;
    } else {
      l.base = l.addr - get<uint32_t>(l.addr + 20);
    }
  }
  return l;
}
uint64_t field(WindowsProcess& p, const Locator& l, uint64_t at) {
  return p.isa->ptr == 8 ? l.base + get<uint32_t>(at) : get<uint32_t>(at);
}
const char* decorated_name(WindowsProcess& p, uint64_t type) {
  return reinterpret_cast<const char*>(type + 2 * p.isa->ptr);
}

template <bool Ucrt>
Ptr __RTtypeid_(WindowsProcess& p, Ptr object) {
  if (!object) {
    throw_exception(p, Ucrt, kBadTypeid, "Attempted a typeid of NULL pointer!");
    return Ptr(0);
  }
  uint64_t type = 0;
  {
    GuestFaultsThrow faults(true);
    try {
      Locator l = locator_of(p, object.addr);
      type = field(p, l, l.addr + 12);
    } catch (const GuestMemoryFault&) {
      type = 0;
    }
  }
  if (!type) throw_exception(p, Ucrt, kNonRtti, "Bad read pointer - no RTTI data!");
  return Ptr(type);
}

// dynamic_cast: the complete object (the vftable's offset in it taken off), then the first of its
// bases whose decorated name is the target's; null if none (or, with `throw_on_failure`, bad_cast).
template <bool Ucrt>
Ptr __RTDynamicCast_(WindowsProcess& p, Ptr object, int32_t, Ptr, Ptr target, int32_t throw_on_failure) {
  if (!object) return Ptr(0);
  uint64_t result = 0;
  bool fault = false;
  {
    GuestFaultsThrow faults(true);
    try {
      Locator l = locator_of(p, object.addr);
      const uint64_t complete = object.addr - get<uint32_t>(l.addr + 4);
      const uint64_t hierarchy = field(p, l, l.addr + 16);
      const uint32_t count = get<uint32_t>(hierarchy + 8);
      const uint64_t array = field(p, l, hierarchy + 12);
      const char* want = decorated_name(p, target.addr);
      for (uint32_t i = 0; i < count; ++i) {
        const uint64_t bcd = field(p, l, array + 4ull * i);
        const uint64_t type = field(p, l, bcd);
        if (std::strcmp(decorated_name(p, type), want) == 0) {
          result = cxx::adjust_this(p, complete, bcd + 8);
          break;
        }
      }
    } catch (const GuestMemoryFault&) {
      fault = true;
    }
  }
  if (fault) {
    throw_exception(p, Ucrt, kNonRtti, "Access violation - no RTTI data!");
    return Ptr(0);
  }
  if (!result && throw_on_failure) throw_exception(p, Ucrt, kBadCast, "Bad dynamic_cast!");
  return Ptr(result);
}

// dynamic_cast<void*>: the complete object.
template <bool Ucrt>
Ptr __RTCastToVoid_(WindowsProcess& p, Ptr object) {
  if (!object) return Ptr(0);
  uint64_t result = 0;
  bool fault = false;
  {
    GuestFaultsThrow faults(true);
    try {
      Locator l = locator_of(p, object.addr);
      result = object.addr - get<uint32_t>(l.addr + 4);
    } catch (const GuestMemoryFault&) {
      fault = true;
    }
  }
  if (fault) throw_exception(p, Ucrt, kNonRtti, "Access violation - no RTTI data!");
  return Ptr(result);
}

// __AdjustPointer: a base-class sub-object's address by its PMD.
Ptr __AdjustPointer_(WindowsProcess& p, Ptr object, Ptr pmd) { return Ptr(cxx::adjust_this(p, object.addr, pmd.addr)); }

}  // namespace
}  // namespace cxx_rtti

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_cxx_rtti_exports() {
  using namespace cxx_rtti;
  static const std::vector<Export> exports = {
      EXPORT("__RTtypeid", __RTtypeid_<false>),
      EXPORT("__RTDynamicCast", __RTDynamicCast_<false>),
      EXPORT("__RTCastToVoid", __RTCastToVoid_<false>),
  };
  return exports;
}

// vcruntime140.dll's (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_cxx_rtti_exports() {
  using namespace cxx_rtti;
  static const std::vector<Export> exports = {
      EXPORT("__RTtypeid", __RTtypeid_<true>),
      EXPORT("__RTDynamicCast", __RTDynamicCast_<true>),
      EXPORT("__RTCastToVoid", __RTCastToVoid_<true>),
      EXPORT("__AdjustPointer", __AdjustPointer_),
  };
  return exports;
}

}  // namespace polyrun::shims
