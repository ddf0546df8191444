// What Visual C++ 2005–2013's runtimes (msvcr80 … msvcr120, which the Universal CRT's table serves
// with msvcrt.dll's beneath it: core's find_dll) have beyond msvcrt.dll's names: the pointer
// encoding of their start-up code (_encode_pointer, _decode_pointer, _encoded_null), the runtime's
// own heap names (_malloc_crt …), the locale names with two underscores, the type_info name list
// their start-up code frees at exit, _invoke_watson, the run-time checks' start (_CRT_RTC_INIT),
// the per-thread data block (_getptd), _vacopy, and msvcr110/120's __crt* wrappers of KERNEL32's
// functions; and msvcrt.dll's own leftovers: the __p__ forms of the time-zone variables,
// _amblksiz, the small-block heap's threshold and __badioinfo (msvcrt/descriptors.cpp).
#include <cstring>
#include <vector>

#include "cpu-emu/x86_regs.h"
#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/seh_x64.h"
#include "shims/core/shim.h"
#include "shims/msvcrt/crt_internal.h"

namespace polyrun::shims {

namespace versioned_runtimes {
namespace {

Ptr kernel32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return Ptr(p.call_export("kernel32.dll", name, args));
}

Ptr _encode_pointer_(WindowsProcess& p, Ptr v) { return kernel32(p, "EncodePointer", {v.addr}); }
Ptr _decode_pointer_(WindowsProcess& p, Ptr v) { return kernel32(p, "DecodePointer", {v.addr}); }
Ptr _encoded_null_(WindowsProcess& p) { return kernel32(p, "EncodePointer", {0}); }

// __crt_debugger_hook: msvcr80 … msvcr120's name for _crt_debugger_hook, a place for debuggers to
// break on that does nothing itself.
void __crt_debugger_hook_(WindowsProcess&, int32_t) {}

// __clean_type_info_names_internal(&__type_info_root_node): the undecorated names type_info::name
// cached on the list ({memory, next} nodes from the runtime's heap) freed, at the program's exit.
void __clean_type_info_names_internal_(WindowsProcess& p, Ptr root) {
  if (!root) return;
  const unsigned w = p.isa->ptr;
  for (uint64_t node = p.get_ptr(root.addr + w); node;) {
    const uint64_t next = p.get_ptr(node + w);
    p.call_export("msvcrt.dll", "free", {p.get_ptr(node)});
    p.call_export("msvcrt.dll", "free", {node});
    node = next;
  }
  p.put_ptr(root.addr + w, 0);
}

// _invoke_watson(expression, function, file, line, reserved): what the runtime calls for an invalid
// parameter nobody handles: the process ends at once, as __fastfail(FAST_FAIL_INVALID_ARG) ends it
// (STATUS_STACK_BUFFER_OVERRUN, no handler runs).
void _invoke_watson_(WindowsProcess& p, Ptr, Ptr, Ptr, uint32_t, Ptr) {
  constexpr uint64_t kFastFailInvalidArg = 5;
  auto f = abi::make_frame(p.isa->crt_convention, p.cpu());
  end_by_exception(p, new_exception_record(p, kStatusStackBufferOverrun, kExceptionNoncontinuable, f->return_address(),
                                           {kFastFailInvalidArg}));
}

// _CRT_RTC_INIT(heap, exception, major, minor, flags) (and the wide form): the run-time checks'
// start in a /RTC program, which gives the function that reports their failures: none, so the
// checks report through the runtime's default (a breakpoint, then the end of the program).
Ptr _CRT_RTC_INIT_(WindowsProcess&, Ptr, Ptr, int32_t, int32_t, int32_t) { return Ptr(0); }

// _getptd(): the calling thread's block of runtime data (_tiddata: its id, then its handle), made at
// its first call and zeroed otherwise.
struct ThreadData : DllStateBase {
  uint64_t block = 0;
};
Ptr _getptd_(WindowsProcess& p) {
  uint64_t& block = dll_state<ThreadData>(p.thread()).block;
  if (!block) {
    block = p.heap.alloc(0x400, true);
    put<uint32_t>(block, p.thread().id);
    p.put_ptr(block + p.isa->ptr, p.isa->ptr == 4 ? 0xfffffffeull : ~1ull);  // the thread's pseudo handle
  }
  return Ptr(block);
}

// _vacopy(&destination, source) (msvcr120's va_copy): a va_list is a pointer into the arguments.
void _vacopy_(WindowsProcess& p, Ptr dest, Ptr src) { p.put_ptr(dest.addr, src.addr); }

// msvcr110 and msvcr120's wrappers of KERNEL32's functions (the ones Windows XP lacks, where the
// runtime would do without).
Ptr __crtGetLocaleInfoEx_(WindowsProcess& p, Ptr name, uint32_t type, Ptr buf, int32_t n) {
  return kernel32(p, "GetLocaleInfoEx", {name.addr, type, buf.addr, static_cast<uint32_t>(n)});
}
Ptr __crtInitializeCriticalSectionEx_(WindowsProcess& p, Ptr cs, uint32_t spin, uint32_t flags) {
  return kernel32(p, "InitializeCriticalSectionEx", {cs.addr, spin, flags});
}
Ptr __crtSetUnhandledExceptionFilter_(WindowsProcess& p, Ptr filter) {
  return kernel32(p, "SetUnhandledExceptionFilter", {filter.addr});
}
void __crtSleep_(WindowsProcess& p, uint32_t ms) { kernel32(p, "Sleep", {ms}); }
void __crtTerminateProcess_(WindowsProcess& p, uint32_t code) {
  kernel32(p, "TerminateProcess", {p.isa->ptr == 4 ? 0xffffffffull : ~0ull, code});
}
Ptr __crtUnhandledException_(WindowsProcess& p, Ptr pointers) {
  return kernel32(p, "UnhandledExceptionFilter", {pointers.addr});
}
// __crtGetShowWindowMode(): how the program was asked to show its window (STARTUPINFO's
// wShowWindow where STARTF_USESHOWWINDOW says it was given), else SW_SHOWDEFAULT.
int32_t __crtGetShowWindowMode_(WindowsProcess& p) {
  const uint64_t si = p.heap.alloc(104, true);
  kernel32(p, "GetStartupInfoW", {si});
  const unsigned w = p.isa->ptr;
  const uint64_t flags_at = w == 8 ? 60 : 44, show_at = flags_at + 4;
  const int32_t mode = (get<uint32_t>(si + flags_at) & 1) ? get<uint16_t>(si + show_at) : 10;
  p.heap.free(si);
  return mode;
}
// __crtCaptureCurrentContext(context): its caller's registers, as RtlCaptureContext takes them;
// __crtCapturePreviousContext(context) (x64): those of the caller's caller, one frame unwound.
void __crtCaptureCurrentContext_(WindowsProcess& p, Ptr ctx) {
  auto f = abi::make_frame(p.isa->crt_convention, p.cpu());
  p.isa->seh->capture(p, ctx.addr, f->return_address(), p.cpu().reg(cpu::x86::RSP) + p.isa->ptr);
}
void __crtCapturePreviousContext_(WindowsProcess& p, Ptr ctx) {
  __crtCaptureCurrentContext_(p, ctx);
  if (p.isa->ptr == 8) seh_x64::step(p, ctx.addr);
}

// msvcrt.dll's __p__ forms of the time-zone variables: the functions named without them, which give
// the same addresses.
struct Alias {
  const char* name;
  const char* serves;
};
constexpr Alias kAliases[] = {
    {"__p__daylight", "__daylight"},
    {"__p__timezone", "__timezone"},
    {"__p__tzname", "__tzname"},
    {"__p__dstbias", "__dstbias"},
    {"_malloc_crt", "malloc"},
    {"_calloc_crt", "calloc"},
    {"_realloc_crt", "realloc"},
    {"__create_locale", "_create_locale"},
    {"__free_locale", "_free_locale"},
    {"__get_current_locale", "_get_current_locale"},
};

// _amblksiz: the granularity msvcrt.dll's heap grows by (16), which programs may read and set;
// __p__amblksiz its address.
uint64_t amblksiz_data(WindowsProcess& p) {
  uint64_t& var = p.data["_amblksiz"];
  if (!var) {
    var = p.alloc_data(4);
    put<uint32_t>(var, 16);
  }
  return var;
}
Ptr __p__amblksiz_(WindowsProcess& p) { return Ptr(amblksiz_data(p)); }

// The small-block heap's threshold (i386's msvcrt.dll): requests up to it came from a heap of small
// blocks; settable up to 1016 bytes, kept rounded up to 16. x64 has none (0, and setting fails).
struct SbhState : DllStateBase {
  uint32_t threshold = 0;
};
uint32_t _get_sbh_threshold_(WindowsProcess& p) { return p.isa->ptr == 4 ? dll_state<SbhState>(p).threshold : 0; }
int32_t _set_sbh_threshold_(WindowsProcess& p, uint32_t threshold) {
  if (p.isa->ptr != 4 || threshold > 1016) return 0;
  dll_state<SbhState>(p).threshold = (threshold + 15) & ~15u;
  return 1;
}

}  // namespace

std::vector<Export> aliases(const std::vector<Export>& table) {
  std::vector<Export> out;
  for (const Alias& a : kAliases)
    for (const Export& e : table)
      if (std::strcmp(e.name, a.serves) == 0) {
        Export alias = e;
        alias.name = a.name;
        out.push_back(alias);
        break;
      }
  return out;
}

}  // namespace versioned_runtimes

const std::vector<Export>& msvcrt_versioned_exports() {
  using namespace versioned_runtimes;
  static const std::vector<Export> exports = {
      EXPORT("_encode_pointer", _encode_pointer_),
      EXPORT("_decode_pointer", _decode_pointer_),
      EXPORT("_encoded_null", _encoded_null_),
      EXPORT("__crt_debugger_hook", __crt_debugger_hook_),
      EXPORT("__clean_type_info_names_internal", __clean_type_info_names_internal_),
      EXPORT("_invoke_watson", _invoke_watson_),
      EXPORT("_CRT_RTC_INIT", _CRT_RTC_INIT_),
      EXPORT("_CRT_RTC_INITW", _CRT_RTC_INIT_),
      EXPORT("_getptd", _getptd_),
      EXPORT("_vacopy", _vacopy_),
      EXPORT("__crtGetLocaleInfoEx", __crtGetLocaleInfoEx_),
      EXPORT("__crtInitializeCriticalSectionEx", __crtInitializeCriticalSectionEx_),
      EXPORT("__crtSetUnhandledExceptionFilter", __crtSetUnhandledExceptionFilter_),
      EXPORT("__crtSleep", __crtSleep_),
      EXPORT("__crtTerminateProcess", __crtTerminateProcess_),
      EXPORT("__crtUnhandledException", __crtUnhandledException_),
      EXPORT("__crtGetShowWindowMode", __crtGetShowWindowMode_),
      EXPORT("__crtCaptureCurrentContext", __crtCaptureCurrentContext_),
      EXPORT("__crtCapturePreviousContext", __crtCapturePreviousContext_),
      EXPORT_DATA("_amblksiz", amblksiz_data),
      EXPORT("__p__amblksiz", __p__amblksiz_),
      EXPORT("_get_sbh_threshold", _get_sbh_threshold_),
      EXPORT("_set_sbh_threshold", _set_sbh_threshold_),
  };
  return exports;
}

}  // namespace polyrun::shims
