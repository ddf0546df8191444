// What the headers of Visual Studio 2012 and 2013 call in MSVCP110/MSVCP120 that keeps no state
// of its own:
//
// - the debug iterators' container bases: _Container_base0 (no iterator checks, _ITERATOR_DEBUG_LEVEL
//   0: every member does nothing) and _Container_base12 ({_Container_proxy* proxy}, the proxy being
//   {container, first iterator}): constructors clear the proxy, _Getpfirst gives the proxy's list
//   head, _Swap_all exchanges two containers' proxies and points each at its new container;
// - std::placeholders::_1 … _20, empty objects the program only takes the addresses of;
// - Concurrency's small helpers: _Byte_reverse_table (each byte's bits reversed), _Runtime_object
//   ({vtable; int id}: ids 0, 2, 4 … handed out in turn, or the one given), _GetCombinableSize (the
//   buckets of a combinable: 11) and is_current_task_group_canceling (no task group of the PPL
//   runs on a thread here, so never).
#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/msvcp120/msvcp120_internal.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims::msvcp120 {

namespace {

// ---- _Container_base0: nothing to do ----

void base0_Orphan_all(WindowsProcess&, Ptr) {}
void base0_Swap_all(WindowsProcess&, Ptr, Ptr) {}
Ptr base0_assign(WindowsProcess&, Ptr self, Ptr) { return self; }

// ---- _Container_base12 ----

Ptr base12_ctor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, 0);
  return self;
}
Ptr base12_copy_ctor(WindowsProcess& p, Ptr self, Ptr) { return base12_ctor(p, self); }
void base12_dtor(WindowsProcess&, Ptr) {}
Ptr base12_assign(WindowsProcess&, Ptr self, Ptr) { return self; }  // (a container keeps its own iterators)
Ptr base12_Getpfirst(WindowsProcess& p, Ptr self) {
  const uint64_t proxy = p.get_ptr(self.addr);
  return Ptr(proxy ? proxy + p.isa->ptr : 0);
}
void base12_Orphan_all(WindowsProcess&, Ptr) {}  // (a release build's: no iterator to orphan)
void base12_Swap_all(WindowsProcess& p, Ptr self, Ptr other) {
  const uint64_t a = p.get_ptr(self.addr), b = p.get_ptr(other.addr);
  p.put_ptr(self.addr, b);
  p.put_ptr(other.addr, a);
  if (b) p.put_ptr(b, self.addr);
  if (a) p.put_ptr(a, other.addr);
}

// ---- std::placeholders: twenty distinct bytes ----

struct Placeholders : DllStateBase {
  uint64_t at = 0;
};
template <int N>
uint64_t placeholder(WindowsProcess& p) {
  uint64_t& at = dll_state<Placeholders>(p).at;
  if (!at) at = p.alloc_data(32);
  return at + N - 1;
}

// ---- Concurrency ----

struct ByteReverse : DllStateBase {
  uint64_t at = 0;
};
uint64_t byte_reverse_table(WindowsProcess& p) {
  uint64_t& at = dll_state<ByteReverse>(p).at;
  if (!at) {
    at = p.alloc_data(256);
    for (unsigned b = 0; b < 256; ++b) {
      unsigned r = 0;
      for (unsigned bit = 0; bit < 8; ++bit)
        if (b & (1u << bit)) r |= 0x80u >> bit;
      put<uint8_t>(at + b, static_cast<uint8_t>(r));
    }
  }
  return at;
}

struct RuntimeObjects : DllStateBase {
  int32_t next_id = 0;
};
int32_t runtime_object_GetId(WindowsProcess& p, Ptr self) { return get<int32_t>(self.addr + p.isa->ptr); }
const std::vector<Export>& runtime_object_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("Concurrency::details::_Runtime_object::_GetId", runtime_object_GetId)};
  return v;
}
Ptr runtime_object_ctor_id(WindowsProcess& p, Ptr self, int32_t id) {
  p.put_ptr(self.addr, msvcp::objects::vtable(p, runtime_object_vtable()));
  put<int32_t>(self.addr + p.isa->ptr, id);
  return self;
}
Ptr runtime_object_ctor(WindowsProcess& p, Ptr self) {
  int32_t& next = dll_state<RuntimeObjects>(p).next_id;
  const int32_t id = next;
  next += 2;
  return runtime_object_ctor_id(p, self, id);
}
USize GetCombinableSize(WindowsProcess&) { return USize(11); }
uint8_t is_current_task_group_canceling(WindowsProcess&) { return 0; }

}  // namespace

#define PLACEHOLDER(n, code) \
  EXPORT_DATA("?_" #n "@placeholders@std@@3V?$_Ph@$" code "@2@A", placeholder<n>)

const std::vector<Export>& header_support_exports() {
  static const std::vector<Export> e = {
      MSVCP_METHOD("?_Orphan_all@_Container_base0@std@@QAEXXZ", "?_Orphan_all@_Container_base0@std@@QEAAXXZ", base0_Orphan_all),
      MSVCP_METHOD("?_Swap_all@_Container_base0@std@@QAEXAAU12@@Z", "?_Swap_all@_Container_base0@std@@QEAAXAEAU12@@Z", base0_Swap_all),
      MSVCP_METHOD("??4_Container_base0@std@@QAEAAU01@ABU01@@Z", "??4_Container_base0@std@@QEAAAEAU01@AEBU01@@Z", base0_assign),
      MSVCP_METHOD("??0_Container_base12@std@@QAE@XZ", "??0_Container_base12@std@@QEAA@XZ", base12_ctor),
      MSVCP_METHOD("??0_Container_base12@std@@QAE@ABU01@@Z", "??0_Container_base12@std@@QEAA@AEBU01@@Z", base12_copy_ctor),
      MSVCP_METHOD("??1_Container_base12@std@@QAE@XZ", "??1_Container_base12@std@@QEAA@XZ", base12_dtor),
      MSVCP_METHOD("??4_Container_base12@std@@QAEAAU01@ABU01@@Z", "??4_Container_base12@std@@QEAAAEAU01@AEBU01@@Z", base12_assign),
      MSVCP_METHOD("?_Getpfirst@_Container_base12@std@@QBEPAPAU_Iterator_base12@2@XZ",
                   "?_Getpfirst@_Container_base12@std@@QEBAPEAPEAU_Iterator_base12@2@XZ", base12_Getpfirst),
      MSVCP_METHOD("?_Orphan_all@_Container_base12@std@@QAEXXZ", "?_Orphan_all@_Container_base12@std@@QEAAXXZ", base12_Orphan_all),
      MSVCP_METHOD("?_Swap_all@_Container_base12@std@@QAEXAAU12@@Z", "?_Swap_all@_Container_base12@std@@QEAAXAEAU12@@Z", base12_Swap_all),
      PLACEHOLDER(1, "00"), PLACEHOLDER(2, "01"), PLACEHOLDER(3, "02"), PLACEHOLDER(4, "03"), PLACEHOLDER(5, "04"),
      PLACEHOLDER(6, "05"), PLACEHOLDER(7, "06"), PLACEHOLDER(8, "07"), PLACEHOLDER(9, "08"), PLACEHOLDER(10, "09"),
      PLACEHOLDER(11, "0L@"), PLACEHOLDER(12, "0M@"), PLACEHOLDER(13, "0N@"), PLACEHOLDER(14, "0O@"), PLACEHOLDER(15, "0P@"),
      PLACEHOLDER(16, "0BA@"), PLACEHOLDER(17, "0BB@"), PLACEHOLDER(18, "0BC@"), PLACEHOLDER(19, "0BD@"), PLACEHOLDER(20, "0BE@"),
      EXPORT_DATA("?_Byte_reverse_table@details@Concurrency@@3QBEB", byte_reverse_table),
      MSVCP_METHOD("??0_Runtime_object@details@Concurrency@@QAE@XZ", "??0_Runtime_object@details@Concurrency@@QEAA@XZ", runtime_object_ctor),
      MSVCP_METHOD("??0_Runtime_object@details@Concurrency@@QAE@H@Z", "??0_Runtime_object@details@Concurrency@@QEAA@H@Z", runtime_object_ctor_id),
      MSVCP_FUNCTION("?_GetCombinableSize@details@Concurrency@@YAIXZ", "?_GetCombinableSize@details@Concurrency@@YA_KXZ", GetCombinableSize),
      EXPORT("?is_current_task_group_canceling@Concurrency@@YA_NXZ", is_current_task_group_canceling),
  };
  return e;
}

}  // namespace polyrun::shims::msvcp120
