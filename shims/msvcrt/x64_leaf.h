// The functions of msvcrt/x64_leaf.S, msvcrt's functions as Win64 code that natively running
// programs call without a crossing, and the macros the export tables name them with (null where
// polyrun has no native x64 code: the C++ functions serve alone).
#pragma once

#include <cstdint>

#if defined(POLYRUN_NATIVE_X64)
// msvcrt's functions as Win64 code, for natively running programs (msvcrt/x64_leaf.S).
extern "C" void polyrun_msvcrt_strlen();
extern "C" void polyrun_msvcrt_strchr();
extern "C" void polyrun_msvcrt_strcmp();
extern "C" void polyrun_msvcrt_memcpy();
extern "C" void polyrun_msvcrt_memset();
extern "C" void polyrun_msvcrt_strstr();
extern "C" void polyrun_msvcrt_memcmp();
extern "C" void polyrun_msvcrt_memchr();
extern "C" void polyrun_msvcrt_strnlen();
extern "C" void polyrun_msvcrt_strncmp();
extern "C" void polyrun_msvcrt__stricmp();
extern "C" void polyrun_msvcrt__strnicmp();
extern "C" void polyrun_msvcrt_strcpy();
extern "C" void polyrun_msvcrt_strncpy();
extern "C" void polyrun_msvcrt_strcat();
extern "C" void polyrun_msvcrt_strrchr();
extern "C" void polyrun_msvcrt_wcslen();
extern "C" void polyrun_msvcrt_wcscmp();
extern "C" void polyrun_msvcrt_wcschr();
extern "C" void polyrun_msvcrt_errno();
extern "C" void polyrun_msvcrt_malloc();
extern "C" void polyrun_msvcrt_free();
extern "C" void polyrun_msvcrt_lc_codepage();
extern "C" void polyrun_msvcrt_mb_cur_max();
extern "C" void polyrun_msvcrt_localeconv();
extern "C" uint64_t polyrun_msvcrt_malloc_slow, polyrun_msvcrt_free_slow, polyrun_msvcrt_localeconv_slow,
    polyrun_msvcrt__stricmp_slow, polyrun_msvcrt__strnicmp_slow;
extern "C" uint64_t polyrun_msvcrt_lconv;
extern "C" int32_t polyrun_msvcrt_codepage, polyrun_msvcrt_mb_cur_max_value;
extern "C" char polyrun_msvcrt_leaf_begin[], polyrun_msvcrt_leaf_end[];
#define LEAF(fn) &polyrun_msvcrt_##fn
#if defined(__SANITIZE_THREAD__)
// The heap cache's leaves hand blocks between threads where ThreadSanitizer cannot see it: the
// heap's C++ functions serve instead.
#define HEAP_LEAF(fn) nullptr
#define LEAF_SLOW(fn) nullptr
#else
#define HEAP_LEAF(fn) &polyrun_msvcrt_##fn
#define LEAF_SLOW(fn) &polyrun_msvcrt_##fn##_slow
#endif
#define LOCALE_SLOW(fn) &polyrun_msvcrt_##fn##_slow
#else
#define HEAP_LEAF(fn) nullptr
#define LEAF(fn) nullptr
#define LEAF_SLOW(fn) nullptr
#define LOCALE_SLOW(fn) nullptr
#endif
