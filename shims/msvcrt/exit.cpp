// msvcrt.dll and the Universal CRT, termination: atexit and _onexit, the Universal CRT's onexit
// tables and thread_local destructor callback, a DLL's own atexit table (__dllonexit), exit,
// _exit, _cexit and _c_exit, and the fatal runtime errors (_purecall, _amsg_exit).
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/exports.h"
#include "shims/core/shim.h"
#include "shims/core/windows_modules.h"

namespace polyrun::shims {

namespace {

Ptr _onexit_(WindowsProcess& p, Ptr fn) {
  p.onexit.push_back(fn.addr);
  return fn;
}
int32_t atexit_(WindowsProcess& p, Ptr fn) {
  p.onexit.push_back(fn.addr);
  return 0;
}

// ---- the Universal CRT's tables of exit functions (a DLL's own atexit table, the onexit tables
// of vcruntime's start-up code) ----

// _onexit_table_t: first, last and end of a heap block of function pointers, registered in order
// (kept plain here: Windows keeps them encoded, which only the C runtime reads).
struct OnexitTable {
  WindowsProcess& p;
  uint64_t at;
  uint64_t get(int i) const { return p.get_ptr(at + i * p.isa->ptr); }
  void set(uint64_t first, uint64_t last, uint64_t end) const {
    p.put_ptr(at, first);
    p.put_ptr(at + p.isa->ptr, last);
    p.put_ptr(at + 2 * p.isa->ptr, end);
  }
};

// An empty table; one already in use (first != end) is left as it is.
int32_t _initialize_onexit_table_(WindowsProcess& p, Ptr table) {
  if (!table) return -1;
  OnexitTable t{p, table.addr};
  if (t.get(0) == t.get(2)) t.set(0, 0, 0);
  return 0;
}

// Appends a function, growing the block as the Universal CRT does (by its size, at most 512
// entries at a time, 32 at first); -1 when memory runs out.
int32_t _register_onexit_function_(WindowsProcess& p, Ptr table, Ptr fn) {
  if (!table) return -1;
  OnexitTable t{p, table.addr};
  const unsigned w = p.isa->ptr;
  uint64_t first = t.get(0), last = t.get(1), end = t.get(2);
  if (last == end) {
    const uint64_t count = first ? (end - first) / w : 0, more = std::min<uint64_t>(count ? count : 32, 512);
    const uint64_t block = p.heap.realloc(first, (count + more) * w);
    if (!block) return -1;
    last = block + (last - first);
    first = block;
    end = block + (count + more) * w;
  }
  p.put_ptr(last, fn.addr);
  t.set(first, last + w, end);
  return 0;
}

// Calls the functions newest first, each once; one that registers more starts the walk again
// from the table's new end (those called are cleared). The table is empty after, its block freed.
int32_t _execute_onexit_table_(WindowsProcess& p, Ptr table) {
  if (!table) return -1;
  OnexitTable t{p, table.addr};
  const unsigned w = p.isa->ptr;
  const uint64_t none = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;  // the start-up code's "not in use"
  uint64_t first = t.get(0), last = t.get(1);
  if (!first || first == none) return 0;
  uint64_t walk = last;
  while (!p.exited) {
    while (walk > first && !p.get_ptr(walk - w)) walk -= w;
    if (walk <= first) break;
    walk -= w;
    const uint64_t fn = p.get_ptr(walk);
    p.put_ptr(walk, 0);
    p.call_guest(fn, {});
    if (t.get(0) != first || t.get(1) != last) {  // it registered more: from the new end
      first = t.get(0);
      walk = last = t.get(1);
    }
  }
  p.heap.free(first);
  t.set(0, 0, 0);
  return 0;
}

// The destructor of the program's thread_local objects for the thread that calls exit (a TLS
// callback, called with DLL_PROCESS_DETACH): set once, run before the atexit functions.
void _register_thread_local_exe_atexit_callback_(WindowsProcess& p, Ptr callback) {
  uint64_t& slot = p.data["tls-exit-callback"];
  if (slot) {  // a second one is a fatal error of the program's
    msvcrt_terminate(p);
    return;
  }
  slot = callback.addr;
}
void run_tls_exit_callback(WindowsProcess& p) {
  uint64_t& slot = p.data["tls-exit-callback"];
  const uint64_t callback = std::exchange(slot, ~0ull);  // once (and not set again)
  if (callback && callback != ~0ull) p.call_guest(callback, {0, 0 /* DLL_PROCESS_DETACH */, 0});
}

// exit: the atexit functions run after this returns to the host (see core/windows_guest.cpp).
void exit_(WindowsProcess& p, int32_t code) {
  run_tls_exit_callback(p);
  if (p.exited) return;  // the callback ended the process
  flush_all(p);
  note_orderly_exit(p);  // exit ends in ExitProcess: DLLs get DLL_PROCESS_DETACH
  p.terminate(code);
}
void _exit_(WindowsProcess& p, int32_t code) {
  flush_all(p);
  p.onexit.clear();
  note_orderly_exit(p);
  p.terminate(code);
}

void _cexit_(WindowsProcess& p) {
  run_tls_exit_callback(p);
  flush_all(p);
}
// _c_exit: the C runtime's termination without the atexit functions, and without exiting.
void _c_exit_(WindowsProcess& p) { flush_all(p); }

// A DLL's own atexit table (*begin .. *end, a heap block of function pointers): append to it.
Ptr __dllonexit_(WindowsProcess& p, Ptr fn, Ptr begin, Ptr end) {
  const unsigned ptr = p.isa->ptr;
  uint64_t b = p.get_ptr(begin.addr), e = p.get_ptr(end.addr);
  uint64_t used = e >= b ? e - b : 0;
  uint64_t grown = p.heap.realloc(b, used + ptr);
  if (!grown) return Ptr(0);
  p.put_ptr(grown + used, fn.addr);
  p.put_ptr(begin.addr, grown);
  p.put_ptr(end.addr, grown + used + ptr);
  return fn;
}

// _purecall: the handler _set_purecall_handler gave (msvcrt/cxx_handlers.cpp), then runtime error R6025.
void _purecall_(WindowsProcess& p) {
  if (uint64_t h = get<uint64_t>(data_slot(p, "purecall-handler"))) p.call_guest(h, {});
  flush_all(p);
  std::fputs("runtime error R6025\n- pure virtual function call\n", stderr);
  p.onexit.clear();
  p.terminate(255);
}
void _amsg_exit_(WindowsProcess& p, int32_t msg) {
  flush_all(p);
  std::fprintf(stderr, "runtime error R60%02d\n", msg);
  p.onexit.clear();
  p.terminate(255);
}

int32_t _crt_atexit_(WindowsProcess& p, Ptr fn) {
  p.onexit.push_back(fn.addr);
  return 0;
}
// at_quick_exit's handlers, which quick_exit runs (the last registered first) before _exit.
int32_t _crt_at_quick_exit_(WindowsProcess& p, Ptr fn) {
  crt(p).quick_exit_handlers.push_back(fn.addr);
  return 0;
}
void quick_exit_(WindowsProcess& p, int32_t code) {
  std::vector<uint64_t>& handlers = crt(p).quick_exit_handlers;
  while (!handlers.empty()) {
    uint64_t fn = handlers.back();
    handlers.pop_back();
    p.call_guest(fn, {});
    if (p.exited) return;
  }
  _exit_(p, code);
}

// _aexit_rtn: a variable holding the function the runtime's startup ends the process with, _exit.
uint64_t aexit_rtn_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_aexit_rtn");
  if (!p.get_ptr(slot)) {
    const Export* e = kMsvcrt.find("_exit");
    p.put_ptr(slot, p.export_thunk(&kMsvcrt, "msvcrt.dll", "_exit", e));
  }
  return slot;
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_exit_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_onexit", _onexit_),
      EXPORT("_initialize_onexit_table", _initialize_onexit_table_),
      EXPORT("_register_onexit_function", _register_onexit_function_),
      EXPORT("_execute_onexit_table", _execute_onexit_table_),
      EXPORT("_register_thread_local_exe_atexit_callback", _register_thread_local_exe_atexit_callback_),
      EXPORT("atexit", atexit_),
      EXPORT("exit", exit_),
      EXPORT("_exit", _exit_),
      EXPORT_DATA("_aexit_rtn", aexit_rtn_data),
      EXPORT("_cexit", _cexit_),
      EXPORT("_amsg_exit", _amsg_exit_),
      EXPORT("_crt_atexit", _crt_atexit_),
      EXPORT("_crt_at_quick_exit", _crt_at_quick_exit_),
      EXPORT("quick_exit", quick_exit_),
      EXPORT("_Exit", _exit_),
      EXPORT("_c_exit", _c_exit_),
      EXPORT("__dllonexit", __dllonexit_),
      EXPORT("_purecall", _purecall_),
  };
  return exports;
}

}  // namespace polyrun::shims
