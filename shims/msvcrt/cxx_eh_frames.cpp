// MSVC's C++ exception runtime, the exception objects' bookkeeping its compiler-generated helpers
// and other runtimes call (vcruntime140.dll's and msvcrt.dll's exports): the thread's list of frame
// records naming the exception objects catch blocks hold (_CreateFrameInfo, _FindAndUnlinkFrame,
// _IsExceptionObjectToBeDestroyed), an exception made the thread's current one for a while and
// given back (__CxxRegisterExceptionObject, __CxxUnregisterExceptionObject), the object's
// destruction (__DestructExceptionObject), rethrows told apart (__CxxDetectRethrow), the size of
// the runtime's throw information (__CxxQueryExceptionSize), the thread's "processing a throw"
// flag (__processing_throw), the list type_info::name() caches its names in
// (__std_type_info_destroy_list) and the critical sections vcruntime makes
// (__vcrt_InitializeCriticalSectionEx).
//
// FRAMEINFO {object, next}; the registered frame {FRAMEINFO, saved record, saved context}.
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/cxx_eh.h"

namespace polyrun::shims::cxx {

namespace {

constexpr uint64_t kMagicVc6 = 0x19930520, kMagicVc8 = 0x19930522;

uint64_t w(WindowsProcess& p) { return p.isa->ptr; }

// ---- the frame records ----

Ptr _CreateFrameInfo_(WindowsProcess& p, Ptr fi, Ptr object) {
  uint64_t& head = crt_thread(p).frame_info_head;
  p.put_ptr(fi.addr + w(p), head);
  p.put_ptr(fi.addr, object.addr);
  head = fi.addr;
  return fi;
}
// Unlinks the record (one not in the list is left alone).
void _FindAndUnlinkFrame_(WindowsProcess& p, Ptr fi) {
  uint64_t& head = crt_thread(p).frame_info_head;
  if (head == fi.addr) {
    head = p.get_ptr(fi.addr + w(p));
    return;
  }
  for (uint64_t cur = head; cur; cur = p.get_ptr(cur + w(p))) {
    if (p.get_ptr(cur + w(p)) == fi.addr) {
      p.put_ptr(cur + w(p), p.get_ptr(fi.addr + w(p)));
      return;
    }
  }
}
// Whether no frame record holds the object (its last holder may destroy it).
int32_t _IsExceptionObjectToBeDestroyed_(WindowsProcess& p, Ptr object) {
  for (uint64_t cur = crt_thread(p).frame_info_head; cur; cur = p.get_ptr(cur + w(p)))
    if (p.get_ptr(cur) == object.addr) return 0;
  return 1;
}

// ---- the exception object ----

// The thrown object's destructor (the ThrowInfo's pmfnUnwind) called on it, for a C++ exception
// record of the runtime's own form.
void _DestructExceptionObject_(WindowsProcess& p, Ptr rec) {
  const SehRuntime& rt = *p.isa->seh;
  const uint32_t nparams = get<uint32_t>(rec.addr + rt.rec_nparams);
  if (get<uint32_t>(rec.addr) != kCxxExceptionCode || nparams != (cxx_runtime(p).image_relative ? 4u : 3u)) return;
  const uint64_t magic = p.get_ptr(rec.addr + rt.rec_info);
  if (magic < kMagicVc6 || magic > kMagicVc8) return;
  Thrown t;
  if (!thrown_of(p, rec.addr, &t) || !t.info) return;
  const uint32_t dtor = get<uint32_t>(t.info + 4);
  if (!dtor) return;
  const uint64_t fn = cxx_runtime(p).image_relative ? t.base + dtor : dtor;
  cxx_runtime(p).call_method(p, fn, t.object, {});
}

// __CxxRegisterExceptionObject(EXCEPTION_POINTERS*, frame): the exception becomes the thread's
// current one (what was current is kept in the frame) and its object is held by the frame's
// record. Without an exception the frame is marked (-1) for the unregistering to leave alone.
int32_t __CxxRegisterExceptionObject_(WindowsProcess& p, Ptr ep, Ptr frame) {
  const uint64_t saved = frame.addr + 2 * w(p), slots = current_exception_slots(p);
  const uint64_t rec = ep ? p.get_ptr(ep.addr) : 0;
  if (!rec) {
    const uint64_t none = w(p) == 4 ? 0xffffffffull : ~0ull;
    p.put_ptr(saved, none);
    p.put_ptr(saved + w(p), none);
    return 1;
  }
  p.put_ptr(saved, p.get_ptr(slots));
  p.put_ptr(saved + w(p), p.get_ptr(slots + w(p)));
  p.put_ptr(slots, rec);
  p.put_ptr(slots + w(p), p.get_ptr(ep.addr + w(p)));
  _CreateFrameInfo_(p, frame, Ptr(p.get_ptr(rec + p.isa->seh->rec_info + w(p))));
  return 1;
}
// __CxxUnregisterExceptionObject(frame, in_use): the frame's record let go; the object destroyed
// where nothing else holds it and it is not `in_use`; the exception that was current before is
// current again.
void __CxxUnregisterExceptionObject_(WindowsProcess& p, Ptr frame, int32_t in_use) {
  const uint64_t saved = frame.addr + 2 * w(p), slots = current_exception_slots(p);
  const uint64_t none = w(p) == 4 ? 0xffffffffull : ~0ull;
  if (p.get_ptr(saved) == none) return;
  _FindAndUnlinkFrame_(p, frame);
  const uint64_t rec = p.get_ptr(slots);
  if (rec && get<uint32_t>(rec) == kCxxExceptionCode && !in_use &&
      _IsExceptionObjectToBeDestroyed_(p, Ptr(p.get_ptr(rec + p.isa->seh->rec_info + w(p)))))
    _DestructExceptionObject_(p, Ptr(rec));
  p.put_ptr(slots, p.get_ptr(saved));
  p.put_ptr(slots + w(p), p.get_ptr(saved + w(p)));
}

// __CxxDetectRethrow(EXCEPTION_POINTERS*): whether the exception is a rethrow ("throw;") of the
// current one, whose record then takes its place in the pointers.
int32_t __CxxDetectRethrow_(WindowsProcess& p, Ptr ep) {
  if (!ep) return 0;
  const SehRuntime& rt = *p.isa->seh;
  const uint64_t rec = p.get_ptr(ep.addr), slots = current_exception_slots(p);
  if (get<uint32_t>(rec) == kCxxExceptionCode && get<uint32_t>(rec + rt.rec_nparams) >= 3 &&
      p.get_ptr(rec + rt.rec_info) == kMagicVc6 && p.get_ptr(rec + rt.rec_info + 2 * w(p))) {
    p.put_ptr(ep.addr, p.get_ptr(slots));
    return 1;
  }
  return p.get_ptr(slots) == rec ? 1 : 0;
}

// The size of the runtime's ThrowInfo: {attributes, pmfnUnwind, pForwardCompat,
// pCatchableTypeArray}, four 32-bit fields (image-relative offsets on x64, pointers on i386).
uint32_t __CxxQueryExceptionSize_(WindowsProcess&) { return 16; }

// The thread's "processing a throw" counter, an int of its own in the program's memory.
Ptr __processing_throw_(WindowsProcess& p) {
  uint64_t& slot = crt_thread(p).processing_throw;
  if (!slot) slot = p.alloc_data(4);
  return Ptr(slot);
}

// __std_type_info_destroy_list(SLIST_HEADER*): the list emptied (KERNEL32's InterlockedFlushSList)
// and every name block __std_type_info_name put on it freed.
void __std_type_info_destroy_list_(WindowsProcess& p, Ptr header) {
  uint64_t cur = p.call_export("kernel32.dll", "InterlockedFlushSList", {header.addr});
  if (w(p) == 4) cur &= 0xffffffffull;
  while (cur) {
    const uint64_t next = p.get_ptr(cur);
    p.heap.free(cur);
    cur = next;
  }
}

// __vcrt_InitializeCriticalSectionEx: KERNEL32's InitializeCriticalSectionEx.
int32_t __vcrt_InitializeCriticalSectionEx_(WindowsProcess& p, Ptr cs, uint32_t spin, uint32_t flags) {
  return static_cast<int32_t>(p.call_export("kernel32.dll", "InitializeCriticalSectionEx", {cs.addr, spin, flags}));
}

}  // namespace

const std::vector<Export>& cxx_frames_exports() {
  static const std::vector<Export> e = {
      EXPORT("_CreateFrameInfo", _CreateFrameInfo_),
      EXPORT("_FindAndUnlinkFrame", _FindAndUnlinkFrame_),
      EXPORT("_IsExceptionObjectToBeDestroyed", _IsExceptionObjectToBeDestroyed_),
      EXPORT("__DestructExceptionObject", _DestructExceptionObject_),
      EXPORT("__CxxRegisterExceptionObject", __CxxRegisterExceptionObject_),
      EXPORT("__CxxUnregisterExceptionObject", __CxxUnregisterExceptionObject_),
      EXPORT("__CxxDetectRethrow", __CxxDetectRethrow_),
      EXPORT("__CxxQueryExceptionSize", __CxxQueryExceptionSize_),
      EXPORT("__processing_throw", __processing_throw_),
      EXPORT("__std_type_info_destroy_list", __std_type_info_destroy_list_),
      EXPORT("__vcrt_InitializeCriticalSectionEx", __vcrt_InitializeCriticalSectionEx_),
  };
  return e;
}

}  // namespace polyrun::shims::cxx
