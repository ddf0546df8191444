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
const std::vector<Export>& msvcrt_math_c99_exports();
const std::vector<Export>& ucrtbase_math_c99_exports();
const std::vector<Export>& ucrtbase_sse2_precise_exports();
const std::vector<Export>& ucrtbase_float_exports();
const std::vector<Export>& msvcrt_string_s_exports();
const std::vector<Export>& ucrtbase_string_s_exports();
const std::vector<Export>& msvcrt_wctype_exports();
const std::vector<Export>& ucrtbase_wctype_exports();
const std::vector<Export>& msvcrt_locale_objects_exports();
const std::vector<Export>& ucrtbase_locale_objects_exports();
const std::vector<Export>& msvcrt_cxx_handlers_exports();
const std::vector<Export>& ucrtbase_cxx_handlers_exports();
const std::vector<Export>& msvcrt_cxx_rtti_exports();
const std::vector<Export>& ucrtbase_cxx_rtti_exports();
const std::vector<Export>& ucrtbase_heap_exports();
const std::vector<Export>& ucrtbase_errors_exports();
const std::vector<Export>& msvcrt_environment_exports();
const std::vector<Export>& ucrtbase_environment_exports();
const std::vector<Export>& msvcrt_time_s_exports();
const std::vector<Export>& ucrtbase_time_s_exports();
const std::vector<Export>& msvcrt_conversions_exports();
const std::vector<Export>& ucrtbase_conversions_exports();
const std::vector<Export>& ucrtbase_sort_exports();
const std::vector<Export>& msvcrt_runtime_info_exports();
const std::vector<Export>& msvcrt_versioned_exports();
namespace versioned_runtimes {
std::vector<Export> aliases(const std::vector<Export>& table);
}
const std::vector<Export>& ucrtbase_runtime_info_exports();
const std::vector<Export>& msvcrt_temp_files_exports();
const std::vector<Export>& ucrtbase_temp_files_exports();
const std::vector<Export>& ucrtbase_stdio_exports();
const std::vector<Export>& ucrtbase_printf_exports();
const std::vector<Export>& msvcrt_paths_s_exports();
const std::vector<Export>& ucrtbase_paths_s_exports();
const std::vector<Export>& msvcrt_type_names_exports();
const std::vector<Export>& ucrtbase_type_names_exports();
const std::vector<Export>& msvcrt_mbcs_chars_exports();
const std::vector<Export>& ucrtbase_mbcs_chars_exports();
const std::vector<Export>& msvcrt_mbcs_strings_exports();
const std::vector<Export>& ucrtbase_mbcs_strings_exports();
const std::vector<Export>& msvcrt_console_io_exports();
const std::vector<Export>& ucrtbase_console_io_exports();
const std::vector<Export>& msvcrt_printf_positional_exports();
const std::vector<Export>& msvcrt_os_services_exports();
const std::vector<Export>& ucrtbase_os_services_exports();
const std::vector<Export>& msvcrt_time_names_exports();
const std::vector<Export>& msvcrt_undname_exports();
const std::vector<Export>& msvcrt_cxx_classes_exports();
const std::vector<Export>& ucrtbase_time_names_exports();
const std::vector<Export>& ucrtbase_printf_positional_exports();
const std::vector<Export>& ucrtbase_locale_exports();
namespace locale_objects {
std::vector<Export> aliases(const std::vector<Export>& table, const Dll* base, bool ucrt);
}
const std::vector<Export>& ucrtbase_string_exports();
const std::vector<Export>& ucrtbase_setjmp_exports();
const std::vector<Export>& msvcrt_except_i386_exports();
namespace ucrt_o_names {
std::vector<Export> aliases(const std::vector<Export>& own, const Dll& base);
}

static std::vector<Export> msvcrt_exports() {
  std::vector<Export> all;
  for (const auto* more : {&msvcrt_stdio_exports(), &msvcrt_printf_exports(), &msvcrt_locale_exports(),
                           &msvcrt_time_exports(), &msvcrt_startup_exports(), &msvcrt_exit_exports(),
                           &msvcrt_threads_exports(), &msvcrt_signals_exports(), &msvcrt_errors_exports(),
                           &msvcrt_setjmp_exports(), &msvcrt_heap_exports(), &msvcrt_sort_exports(),
                           &msvcrt_wide_exports(), &msvcrt_float_exports(), &msvcrt_math_exports(),
                           &msvcrt_string_exports(), &msvcrt_lowio_exports(), &msvcrt_process_exports(),
                           &msvcrt_scanf_exports(), &msvcrt_math_c99_exports(),
                           &msvcrt_string_s_exports(), &msvcrt_wctype_exports(), &msvcrt_locale_objects_exports(),
                           &msvcrt_cxx_handlers_exports(), &msvcrt_cxx_rtti_exports(),
                           &msvcrt_environment_exports(), &msvcrt_time_s_exports(),
                           &msvcrt_conversions_exports(), &msvcrt_runtime_info_exports(),
                           &msvcrt_temp_files_exports(), &msvcrt_paths_s_exports(),
                           &msvcrt_type_names_exports(), &msvcrt_mbcs_chars_exports(),
                           &msvcrt_mbcs_strings_exports(), &msvcrt_console_io_exports(),
                           &msvcrt_printf_positional_exports(), &msvcrt_os_services_exports(),
                           &msvcrt_time_names_exports(), &msvcrt_undname_exports(),
                           &msvcrt_cxx_classes_exports(), &msvcrt_versioned_exports()})
    all.insert(all.end(), more->begin(), more->end());
  // Second names of its functions that msvcrt.dll or Visual C++ 2005–2013's runtimes have.
  const std::vector<Export> second_names = versioned_runtimes::aliases(all);
  all.insert(all.end(), second_names.begin(), second_names.end());
  // The compilers' frame handlers: x64's __C_specific_handler (NTDLL's, as Windows' msvcrt.dll
  // forwards it there), i386's for __try scopes.
  for (const auto* seh : {&ntdll_frame_handler_exports(), &msvcrt_except_i386_exports()})
    all.insert(all.end(), seh->begin(), seh->end());
  const auto& cxx = cxx::cxx_exports();
  all.insert(all.end(), cxx.begin(), cxx.end());
  const auto& frames = cxx::cxx_frames_exports();
  all.insert(all.end(), frames.begin(), frames.end());
  // The functions that take a locale, as their plain forms (locale_objects.cpp).
  const std::vector<Export> with_locale = locale_objects::aliases(all, nullptr, false);
  all.insert(all.end(), with_locale.begin(), with_locale.end());
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
  std::vector<Export> all;
  for (const auto* more : {&ucrtbase_string_exports(), &ucrtbase_setjmp_exports(), &ucrtbase_math_c99_exports(),
                           &ucrtbase_sse2_precise_exports(),
                           &ucrtbase_float_exports(), &ucrtbase_string_s_exports(), &ucrtbase_wctype_exports(),
                           &ucrtbase_locale_objects_exports(), &ucrtbase_cxx_handlers_exports(),
                           &ucrtbase_cxx_rtti_exports(), &ucrtbase_heap_exports(),
                           &ucrtbase_errors_exports(), &ucrtbase_environment_exports(),
                           &ucrtbase_time_s_exports(), &ucrtbase_conversions_exports(),
                           &ucrtbase_sort_exports(), &ucrtbase_runtime_info_exports(),
                           &ucrtbase_temp_files_exports(), &ucrtbase_paths_s_exports(), &ucrtbase_stdio_exports(), &ucrtbase_printf_exports(),
                           &ucrtbase_type_names_exports(), &ucrtbase_mbcs_chars_exports(),
                           &ucrtbase_mbcs_strings_exports(), &ucrtbase_console_io_exports(),
                           &ucrtbase_printf_positional_exports(),
                           &ucrtbase_os_services_exports(), &ucrtbase_time_names_exports(),
                           &ucrtbase_locale_exports()})
    all.insert(all.end(), more->begin(), more->end());
  const std::vector<Export> with_locale = locale_objects::aliases(all, &kMsvcrt, true);
  all.insert(all.end(), with_locale.begin(), with_locale.end());
  // Last, the `_o_` names of every function above or msvcrt.dll's (ucrt_o_names.cpp).
  const std::vector<Export> o_names = ucrt_o_names::aliases(all, kMsvcrt);
  all.insert(all.end(), o_names.begin(), o_names.end());
  return all;
}

// ucrtbase.dll and the api-ms-win-crt-* sets: msvcrt.dll's functions but where the Universal CRT's
// rules differ, setjmp's names of its own, and the `_o_` second names of its functions.
const Dll kUcrtbase{
    "ucrtbase.dll",
    true,
    ucrtbase_exports(),
    {},
    &kMsvcrt,
};

}  // namespace polyrun::shims
