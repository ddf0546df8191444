// MSVCP140.dll's std::exception_ptr beneath <exception>: std::current_exception
// (__ExceptionPtrCurrentException), std::make_exception_ptr (__ExceptionPtrCopyException),
// std::rethrow_exception (__ExceptionPtrRethrow), and the pointer's life (__ExceptionPtrCreate,
// Destroy, Copy, Assign, ToBool, Compare).
//
// The program's exception_ptr is two pointers, which only these functions read: here, a copy of
// the exception's EXCEPTION_RECORD and a reference count, both in the process heap. A C++
// exception's record then carries a copy of the thrown object the exception_ptr owns (made by the
// copy constructor its CatchableType names, or bitwise), destroyed (its ThrowInfo's destructor) and
// freed with the last reference. Rethrowing raises the record again with a further copy of the
// object, which the catch block that takes it destroys, so that the exception_ptr's stays valid.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/windows_modules.h"
#include "shims/msvcp140/msvcp_internal.h"
#include "shims/msvcrt/cxx_eh.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

constexpr uint32_t kCtSimpleType = 1, kCtHasVirtualBase = 4;
constexpr uint32_t kExceptionUnwindingFlags = 2 | 4;  // EH_UNWINDING, EH_EXIT_UNWIND

uint64_t record_size(const WindowsProcess& p) { return p.isa->seh->record_size; }

// An offset (x64, from `base`) or pointer (i386) field of MSVC's tables; 0 stays 0.
uint64_t table_ref(uint64_t base, uint64_t field) {
  const uint32_t v = get<uint32_t>(field);
  return v ? base + v : 0;
}

// The sub-object a PMD {mdisp, pdisp, vdisp} names in `object`.
uint64_t adjusted(WindowsProcess& p, uint64_t object, uint64_t pmd) {
  uint64_t r = object + static_cast<int64_t>(get<int32_t>(pmd));
  const int32_t pdisp = get<int32_t>(pmd + 4);
  if (pdisp >= 0) {
    const uint64_t vbtable = p.get_ptr(object + pdisp);
    r += static_cast<int64_t>(get<int32_t>(vbtable + get<int32_t>(pmd + 8))) + pdisp;
  }
  return r;
}

// A copy, in the process heap, of the thrown `object` whose ThrowInfo is `info` (tables relative
// to `base`): as its most derived CatchableType says it is copied.
uint64_t copy_object(WindowsProcess& p, uint64_t object, uint64_t info, uint64_t base) {
  const uint64_t cta = table_ref(base, info + 12);
  const uint64_t ct = cta ? table_ref(base, cta + 4) : 0;
  if (!ct) return 0;
  const uint32_t props = get<uint32_t>(ct), size = get<uint32_t>(ct + 20);
  const uint64_t copy = table_ref(base, ct + 24), pmd = ct + 8;
  const uint64_t data = p.heap.alloc(size ? size : 1, true);
  if (!data) return 0;
  if (props & kCtSimpleType) {
    std::memcpy(guest_pointer(data), guest_pointer(object), size);
    if (size == p.isa->ptr && p.get_ptr(data)) p.put_ptr(data, adjusted(p, p.get_ptr(data), pmd));
  } else if (copy) {
    std::vector<uint64_t> args = {adjusted(p, object, pmd)};
    if (props & kCtHasVirtualBase) args.push_back(1);
    cxx::cxx_runtime(p).call_method(p, copy, data, args);
  } else {
    std::memcpy(guest_pointer(data), guest_pointer(adjusted(p, object, pmd)), size);
  }
  return data;
}

// The record's C++ parameters: {magic, object, ThrowInfo[, base]}; false for another exception.
bool cxx_params(WindowsProcess& p, uint64_t rec, uint64_t* object, uint64_t* info, uint64_t* base) {
  cxx::Thrown t;
  if (!cxx::thrown_of(p, rec, &t)) return false;
  *object = t.object, *info = t.info, *base = t.base;
  return true;
}
void set_object(WindowsProcess& p, uint64_t rec, uint64_t object) {
  p.put_ptr(rec + p.isa->seh->rec_info + p.isa->ptr, object);
}

uint64_t ep_rec(WindowsProcess& p, uint64_t ep) { return p.get_ptr(ep); }
uint64_t ep_ref(WindowsProcess& p, uint64_t ep) { return p.get_ptr(ep + p.isa->ptr); }
void set_ep(WindowsProcess& p, uint64_t ep, uint64_t rec, uint64_t ref) {
  p.put_ptr(ep, rec);
  p.put_ptr(ep + p.isa->ptr, ref);
}
int32_t add_ref(uint64_t ref, int32_t n) { return __atomic_add_fetch(static_cast<int32_t*>(guest_pointer(ref)), n, __ATOMIC_SEQ_CST); }

void ExceptionPtrCreate(WindowsProcess& p, Ptr ep) { set_ep(p, ep.addr, 0, 0); }

// One reference less; the last one destroys and frees the object and the record.
void ExceptionPtrDestroy(WindowsProcess& p, Ptr ep) {
  const uint64_t rec = ep_rec(p, ep.addr), ref = ep_ref(p, ep.addr);
  if (!rec || add_ref(ref, -1) != 0) return;
  uint64_t object = 0, info = 0, base = 0;
  if (cxx_params(p, rec, &object, &info, &base)) {
    const uint64_t dtor = table_ref(base, info + 4);
    if (dtor && object) cxx::cxx_runtime(p).call_method(p, dtor, object, {});
    if (object) p.heap.free(object);
  }
  p.heap.free(rec);
  p.heap.free(ref);
}

void ExceptionPtrCopy(WindowsProcess& p, Ptr ep, Ptr from) {
  const uint64_t rec = ep_rec(p, from.addr), ref = ep_ref(p, from.addr);
  set_ep(p, ep.addr, rec, ref);
  if (ref) add_ref(ref, 1);
}

// Takes `from`'s exception; the one `ep` held loses a reference (not destroyed here: the caller
// destroys what it replaced, as MSVC's STL does).
void ExceptionPtrAssign(WindowsProcess& p, Ptr ep, Ptr from) {
  if (const uint64_t old = ep_ref(p, ep.addr)) add_ref(old, -1);
  ExceptionPtrCopy(p, ep, from);
}

uint8_t ExceptionPtrToBool(WindowsProcess& p, Ptr ep) { return ep_rec(p, ep.addr) != 0; }
uint8_t ExceptionPtrCompare(WindowsProcess& p, Ptr a, Ptr b) { return ep_rec(p, a.addr) == ep_rec(p, b.addr); }

// A new exception_ptr's record: a copy of `rec` (or a fresh C++ one) with its own object.
void own_record(WindowsProcess& p, uint64_t ep, uint64_t rec) {
  const uint64_t ref = p.heap.alloc(4, true);
  put<int32_t>(ref, 1);
  set_ep(p, ep, rec, ref);
}

// The exception the innermost running catch block handles (none outside one).
void ExceptionPtrCurrentException(WindowsProcess& p, Ptr ep) {
  const auto& catches = cxx::active_catches(p);
  const uint64_t current = catches.empty() ? 0 : catches.back().record;
  if (!current) {
    set_ep(p, ep.addr, 0, 0);
    return;
  }
  const uint64_t rec = p.heap.alloc(record_size(p), true);
  std::memcpy(guest_pointer(rec), guest_pointer(current), record_size(p));
  uint64_t object = 0, info = 0, base = 0;
  if (cxx_params(p, rec, &object, &info, &base)) set_object(p, rec, copy_object(p, object, info, base));
  own_record(p, ep.addr, rec);
}

// std::make_exception_ptr: an exception_ptr to a copy of `object`, as `throw` with ThrowInfo
// `info` would have raised it.
void ExceptionPtrCopyException(WindowsProcess& p, Ptr ep, Ptr object, Ptr info) {
  ExceptionPtrDestroy(p, ep);
  const bool x64 = p.isa->ptr == 8;
  const loader::PeImage* img = x64 ? image_containing(p, info.addr) : nullptr;
  const uint64_t base = x64 ? (img ? img->base : p.image.base) : 0;
  std::vector<uint64_t> params = {0x19930520, 0, info.addr};
  if (x64) params.push_back(base);
  const uint64_t rec = new_exception_record(p, cxx::kCxxExceptionCode, kExceptionNoncontinuable, 0, params);
  set_object(p, rec, copy_object(p, object.addr, info.addr, base));
  own_record(p, ep.addr, rec);
}

// Raises the exception again (a C++ one with a copy of its object); a null exception_ptr raises
// std::exception("bad exception").
void ExceptionPtrRethrow(WindowsProcess& p, Ptr ep) {
  const uint64_t rec = ep_rec(p, ep.addr);
  if (!rec) {
    throw_std_exception(p, "bad exception");
    return;
  }
  const SehRuntime& rt = *p.isa->seh;
  std::vector<uint64_t> params(std::min<uint32_t>(get<uint32_t>(rec + rt.rec_nparams), 15));
  for (size_t i = 0; i < params.size(); ++i) params[i] = p.get_ptr(rec + rt.rec_info + i * p.isa->ptr);
  uint64_t object = 0, info = 0, base = 0;
  if (cxx_params(p, rec, &object, &info, &base) && params.size() > 1) params[1] = copy_object(p, object, info, base);
  raise_from_host_call(p, get<uint32_t>(rec), get<uint32_t>(rec + 4) & ~kExceptionUnwindingFlags, params, 0);
}

}  // namespace

const std::vector<Export>& exception_ptr_exports() {
  static const std::vector<Export> e = {
      MSVCP_FUNCTION("?__ExceptionPtrCreate@@YAXPAX@Z", "?__ExceptionPtrCreate@@YAXPEAX@Z", ExceptionPtrCreate),
      MSVCP_FUNCTION("?__ExceptionPtrDestroy@@YAXPAX@Z", "?__ExceptionPtrDestroy@@YAXPEAX@Z", ExceptionPtrDestroy),
      MSVCP_FUNCTION("?__ExceptionPtrCopy@@YAXPAXPBX@Z", "?__ExceptionPtrCopy@@YAXPEAXPEBX@Z", ExceptionPtrCopy),
      MSVCP_FUNCTION("?__ExceptionPtrAssign@@YAXPAXPBX@Z", "?__ExceptionPtrAssign@@YAXPEAXPEBX@Z", ExceptionPtrAssign),
      MSVCP_FUNCTION("?__ExceptionPtrToBool@@YA_NPBX@Z", "?__ExceptionPtrToBool@@YA_NPEBX@Z", ExceptionPtrToBool),
      MSVCP_FUNCTION("?__ExceptionPtrCompare@@YA_NPBX0@Z", "?__ExceptionPtrCompare@@YA_NPEBX0@Z", ExceptionPtrCompare),
      MSVCP_FUNCTION("?__ExceptionPtrCurrentException@@YAXPAX@Z", "?__ExceptionPtrCurrentException@@YAXPEAX@Z",
                     ExceptionPtrCurrentException),
      MSVCP_FUNCTION("?__ExceptionPtrCopyException@@YAXPAXPBX1@Z", "?__ExceptionPtrCopyException@@YAXPEAXPEBX1@Z",
                     ExceptionPtrCopyException),
      MSVCP_FUNCTION("?__ExceptionPtrRethrow@@YAXPBX@Z", "?__ExceptionPtrRethrow@@YAXPEBX@Z", ExceptionPtrRethrow),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
