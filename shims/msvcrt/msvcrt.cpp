// msvcrt.dll's and ucrtbase.dll's tables (the Universal CRT's api-ms-win-crt-* sets map onto
// ucrtbase.dll): the exports of the files under msvcrt/, each by concern, with the compilers' frame
// handlers (except_i386.cpp, NTDLL's __C_specific_handler) and MSVC's C++ exceptions' (cxx_eh.cpp);
// the runtime's variables by name; what it registers for core at the process's start (CrtHooks,
// where its Win64 leaves are).
#include <cstdint>
#include <vector>

#include "shims/msvcrt/exports.h"
#include "shims/msvcrt/cxx_eh.h"
#include "shims/ntdll/ntdll.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/x64_leaf.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

uint64_t msvcrt_data(WindowsProcess& p, const char* name, uint64_t size) { return data_slot(p, name, size); }

const std::vector<Export>& msvcrt_stdio_exports();
const std::vector<Export>& msvcrt_printf_exports();
const std::vector<Export>& msvcrt_locale_exports();
const std::vector<Export>& msvcrt_time_exports();
const std::vector<Export>& msvcrt_startup_exports();
const std::vector<Export>& msvcrt_exit_exports();
const std::vector<Export>& msvcrt_threads_exports();
const std::vector<Export>& msvcrt_signals_exports();
const std::vector<Export>& msvcrt_errors_exports();
const std::vector<Export>& msvcrt_setjmp_exports();
const std::vector<Export>& msvcrt_heap_exports();
const std::vector<Export>& msvcrt_sort_exports();
const std::vector<Export>& msvcrt_wide_exports();
const std::vector<Export>& msvcrt_float_exports();
const std::vector<Export>& msvcrt_math_exports();
const std::vector<Export>& msvcrt_string_exports();
const std::vector<Export>& msvcrt_lowio_exports();
const std::vector<Export>& msvcrt_process_exports();
const std::vector<Export>& msvcrt_scanf_exports();
const std::vector<Export>& ucrtbase_string_exports();
const std::vector<Export>& ucrtbase_setjmp_exports();
const std::vector<Export>& msvcrt_except_i386_exports();

static std::vector<Export> msvcrt_exports() {
  std::vector<Export> all;
  for (const auto* more : {&msvcrt_stdio_exports(), &msvcrt_printf_exports(), &msvcrt_locale_exports(),
                           &msvcrt_time_exports(), &msvcrt_startup_exports(), &msvcrt_exit_exports(),
                           &msvcrt_threads_exports(), &msvcrt_signals_exports(), &msvcrt_errors_exports(),
                           &msvcrt_setjmp_exports(), &msvcrt_heap_exports(), &msvcrt_sort_exports(),
                           &msvcrt_wide_exports(), &msvcrt_float_exports(), &msvcrt_math_exports(),
                           &msvcrt_string_exports(), &msvcrt_lowio_exports(), &msvcrt_process_exports(),
                           &msvcrt_scanf_exports()})
    all.insert(all.end(), more->begin(), more->end());
  // The compilers' frame handlers: x64's __C_specific_handler (NTDLL's, as Windows' msvcrt.dll
  // forwards it there), i386's for __try scopes.
  for (const auto* seh : {&ntdll_frame_handler_exports(), &msvcrt_except_i386_exports()})
    all.insert(all.end(), seh->begin(), seh->end());
  const auto& cxx = cxx::cxx_exports();
  all.insert(all.end(), cxx.begin(), cxx.end());
  return all;
}

namespace {

// MSVCRT's part at the process's start: core flushes the streams at the end through these; natively, exception dispatch steps out of the Win64 leaf
// functions (msvcrt/x64_leaf.S) as out of the program's own leaves.
void msvcrt_process_start(WindowsProcess& p) {
  p.crt_hooks = {.flush_all = msvcrt_flush_all};
#if defined(POLYRUN_NATIVE_X64)
  p.leaf_code.emplace_back(reinterpret_cast<uint64_t>(polyrun_msvcrt_leaf_begin),
                           reinterpret_cast<uint64_t>(polyrun_msvcrt_leaf_end));
#endif
}

}  // namespace

// (NTDLL forwards its C runtime functions here: ntdll/crt.cpp.)
const Dll kMsvcrt{"msvcrt.dll", true, msvcrt_exports(), {}, nullptr, msvcrt_process_start};

static std::vector<Export> ucrtbase_exports() {
  std::vector<Export> all = ucrtbase_string_exports();
  const auto& setjmp = ucrtbase_setjmp_exports();
  all.insert(all.end(), setjmp.begin(), setjmp.end());
  return all;
}

// ucrtbase.dll and the api-ms-win-crt-* sets: msvcrt.dll's functions but where the Universal CRT's
// rules differ, and setjmp's names of its own.
const Dll kUcrtbase{
    "ucrtbase.dll",
    true,
    ucrtbase_exports(),
    {},
    &kMsvcrt,
};

}  // namespace polyrun::shims
