// msvcrt.dll, the Universal CRT and vcruntime140: the C++ runtime's handlers and small helpers:
// set_terminate, set_unexpected and unexpected (each thread's handlers; terminate() calls the
// thread's before it aborts, msvcrt/signals.cpp), _set_purecall_handler (the process's; _purecall
// calls it, msvcrt/exit.cpp), __std_exception_copy and __std_exception_destroy (std::exception's
// message, owned or not), __std_type_info_compare and __std_type_info_hash (over the decorated
// name), type_info's raw_name, ==, != and before, _SetWinRTOutOfMemoryExceptionCallback, and
// vcruntime's telemetry triggers.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace cxx_handlers {
namespace {

// ---- handlers ----

Ptr set_terminate_(WindowsProcess& p, Ptr fn) {
  uint64_t old = crt_thread(p).terminate_handler;
  crt_thread(p).terminate_handler = fn.addr;
  return Ptr(old);
}
Ptr _get_terminate_(WindowsProcess& p) { return Ptr(crt_thread(p).terminate_handler); }
Ptr set_unexpected_(WindowsProcess& p, Ptr fn) {
  uint64_t old = crt_thread(p).unexpected_handler;
  crt_thread(p).unexpected_handler = fn.addr;
  return Ptr(old);
}
Ptr _get_unexpected_(WindowsProcess& p) { return Ptr(crt_thread(p).unexpected_handler); }
// unexpected(): the thread's handler, then terminate().
void unexpected_(WindowsProcess& p) {
  if (uint64_t h = crt_thread(p).unexpected_handler) p.call_guest(h, {});
  msvcrt_terminate(p);
}
Ptr _set_purecall_handler_(WindowsProcess& p, Ptr fn) {
  uint64_t& slot = data_slot(p, "purecall-handler");
  uint64_t old = get<uint64_t>(slot);
  put<uint64_t>(slot, fn.addr);
  return Ptr(old);
}
Ptr _get_purecall_handler_(WindowsProcess& p) { return Ptr(get<uint64_t>(data_slot(p, "purecall-handler"))); }
// The callback the runtime would call when WinRT runs out of memory (none runs here); the
// previous one.
Ptr _SetWinRTOutOfMemoryExceptionCallback_(WindowsProcess& p, Ptr fn) {
  uint64_t& slot = data_slot(p, "winrt-oom-callback");
  uint64_t old = get<uint64_t>(slot);
  put<uint64_t>(slot, fn.addr);
  return Ptr(old);
}
// vcruntime's telemetry triggers around main: there is no telemetry provider to signal.
void __telemetry_main_trigger_(WindowsProcess&, Ptr) {}

// ---- std::exception's data: {const char* what; bool dofree} ----

// A message the source owns is duplicated (the copy owns it); one it does not is shared.
void __std_exception_copy_(WindowsProcess& p, Ptr from, Ptr to) {
  const uint64_t w = p.isa->ptr;
  uint64_t what = p.get_ptr(from.addr);
  bool owned = get<uint8_t>(from.addr + w) != 0;
  if (owned && what) {
    size_t n = std::strlen(reinterpret_cast<const char*>(what)) + 1;
    uint64_t copy = p.heap.alloc(n);
    if (copy) std::memcpy(reinterpret_cast<void*>(copy), reinterpret_cast<const void*>(what), n);
    p.put_ptr(to.addr, copy);
    put<uint8_t>(to.addr + w, 1);
  } else {
    p.put_ptr(to.addr, what);
    put<uint8_t>(to.addr + w, 0);
  }
}
void __std_exception_destroy_(WindowsProcess& p, Ptr data) {
  const uint64_t w = p.isa->ptr;
  if (get<uint8_t>(data.addr + w)) {
    uint64_t what = p.get_ptr(data.addr);
    if (what) p.heap.free(what);
  }
  p.put_ptr(data.addr, 0);
  put<uint8_t>(data.addr + w, 0);
}

// ---- type_info ----

// vcruntime's __std_type_info_data is {const char* undecorated name; char decorated[]}; the
// decorated name starts with '.', which comparison and hashing skip.
const char* decorated(WindowsProcess& p, Ptr data) { return reinterpret_cast<const char*>(data.addr + p.isa->ptr); }
int32_t __std_type_info_compare_(WindowsProcess& p, Ptr a, Ptr b) {
  if (a.addr == b.addr) return 0;
  return std::strcmp(decorated(p, a) + 1, decorated(p, b) + 1);
}
// FNV-1a over the decorated name (64 bits on x64, folded once; 32 bits on i386).
USize __std_type_info_hash_(WindowsProcess& p, Ptr data) {
  const unsigned char* s = reinterpret_cast<const unsigned char*>(decorated(p, data) + 1);
  if (p.isa->ptr == 8) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; ++s) h = (h ^ static_cast<uint64_t>(static_cast<int64_t>(static_cast<signed char>(*s)))) * 0x100000001b3ull;
    return h ^ (h >> 32);
  }
  uint32_t h = 0x811c9dc5u;
  for (; *s; ++s) h = (h ^ static_cast<uint32_t>(static_cast<int32_t>(static_cast<signed char>(*s)))) * 0x1000193u;
  return h;
}
// msvcrt.dll's type_info: {vftable, cached name, char decorated[]}.
const char* raw(WindowsProcess& p, Ptr ti) { return reinterpret_cast<const char*>(ti.addr + 2ull * p.isa->ptr); }
Ptr type_info_raw_name_(WindowsProcess& p, Ptr self) { return Ptr(self.addr + 2ull * p.isa->ptr); }
int32_t type_info_eq_(WindowsProcess& p, Ptr self, Ptr other) { return std::strcmp(raw(p, self), raw(p, other)) == 0; }
int32_t type_info_ne_(WindowsProcess& p, Ptr self, Ptr other) { return std::strcmp(raw(p, self), raw(p, other)) != 0; }
int32_t type_info_before_(WindowsProcess& p, Ptr self, Ptr other) { return std::strcmp(raw(p, self), raw(p, other)) < 0; }

}  // namespace
}  // namespace cxx_handlers

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_cxx_handlers_exports() {
  using namespace cxx_handlers;
  static const std::vector<Export> exports = {
      EXPORT("?set_terminate@@YAP6AXXZP6AXXZ@Z", set_terminate_),
      EXPORT("_get_terminate", _get_terminate_),
      EXPORT("?set_unexpected@@YAP6AXXZP6AXXZ@Z", set_unexpected_),
      EXPORT("_get_unexpected", _get_unexpected_),
      EXPORT("?unexpected@@YAXXZ", unexpected_),
      EXPORT_METHOD("?raw_name@type_info@@QEBAPEBDXZ", type_info_raw_name_),
      EXPORT_METHOD("?raw_name@type_info@@QBEPBDXZ", type_info_raw_name_),
      EXPORT_METHOD("??8type_info@@QEBAHAEBV0@@Z", type_info_eq_),
      EXPORT_METHOD("??8type_info@@QBEHABV0@@Z", type_info_eq_),
      EXPORT_METHOD("??9type_info@@QEBAHAEBV0@@Z", type_info_ne_),
      EXPORT_METHOD("??9type_info@@QBEHABV0@@Z", type_info_ne_),
      EXPORT_METHOD("?before@type_info@@QEBAHAEBV1@@Z", type_info_before_),
      EXPORT_METHOD("?before@type_info@@QBEHABV1@@Z", type_info_before_),
  };
  return exports;
}

// The Universal CRT's and vcruntime140's (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_cxx_handlers_exports() {
  using namespace cxx_handlers;
  static const std::vector<Export> exports = {
      EXPORT("set_terminate", set_terminate_),
      EXPORT("set_unexpected", set_unexpected_),
      EXPORT("_set_purecall_handler", _set_purecall_handler_),
      EXPORT("_get_purecall_handler", _get_purecall_handler_),
      EXPORT("_SetWinRTOutOfMemoryExceptionCallback", _SetWinRTOutOfMemoryExceptionCallback_),
      EXPORT("__telemetry_main_invoke_trigger", __telemetry_main_trigger_),
      EXPORT("__telemetry_main_return_trigger", __telemetry_main_trigger_),
      EXPORT("__std_exception_copy", __std_exception_copy_),
      EXPORT("__std_exception_destroy", __std_exception_destroy_),
      EXPORT("__std_type_info_compare", __std_type_info_compare_),
      EXPORT("__std_type_info_hash", __std_type_info_hash_),
  };
  return exports;
}

}  // namespace polyrun::shims
