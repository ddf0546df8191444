// NTDLL's C runtime: the string, number and character functions NTDLL exports for code that does
// not load a C runtime (wine's programs print through NTDLL's _vsnprintf; drivers' and native
// programs' helpers use _snwprintf, _wcsicmp, strtol …). They are msvcrt.dll's functions, forwarded
// to its table (Dll::forwards, resolved through core's DLL registry on first use) whether or not the
// program loads msvcrt.dll, with the C runtime's convention (cdecl on i386) as on Windows. A name
// msvcrt.dll's table lacks is left out: the program stops on it as on any function polyrun lacks.
#include <vector>

#include "shims/core/windows_process.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

// NTDLL's C runtime exports (Windows 10's ntdll.dll).
constexpr const char* kNtdllCrtNames[] = {
    "_atoi64", "_i64toa", "_i64tow", "_itoa", "_itow", "_lfind", "_ltoa", "_ltow", "_memccpy", "_memicmp",
    "_snprintf", "_snprintf_s", "_snwprintf", "_snwprintf_s", "_splitpath", "_splitpath_s", "_strcmpi",
    "_stricmp", "_strlwr", "_strnicmp", "_strnset", "_strset", "_strupr", "_swprintf", "_tolower", "_toupper",
    "_ui64toa", "_ui64tow", "_ultoa", "_ultow", "_vscprintf", "_vscwprintf", "_vsnprintf", "_vsnprintf_s",
    "_vsnwprintf", "_vsnwprintf_s", "_vswprintf", "_wcsicmp", "_wcslwr", "_wcsnicmp", "_wcsnset", "_wcsset",
    "_wcstoi64", "_wcstoui64", "_wcsupr", "_wmakepath_s", "_wsplitpath_s", "_wtoi", "_wtoi64", "_wtol", "abs",
    "atan", "atan2", "atoi", "atol", "bsearch", "ceil", "cos", "fabs", "floor", "isalnum", "isalpha",
    "iscntrl", "isdigit", "isgraph", "islower", "isprint", "ispunct", "isspace", "isupper", "iswalnum",
    "iswalpha", "iswctype", "iswdigit", "iswlower", "iswspace", "iswxdigit", "isxdigit", "labs", "log",
    "mbstowcs", "memchr", "memcmp", "memcpy", "memcpy_s", "memmove", "memmove_s", "memset", "pow", "qsort",
    "qsort_s", "sin", "sprintf", "sprintf_s", "sqrt", "sscanf", "sscanf_s", "strcat", "strcat_s", "strchr",
    "strcmp", "strcpy", "strcpy_s", "strcspn", "strlen", "strncat", "strncat_s", "strncmp", "strncpy",
    "strncpy_s", "strnlen", "strpbrk", "strrchr", "strspn", "strstr", "strtok_s", "strtol", "strtoul",
    "swprintf", "swprintf_s", "tan", "tolower", "toupper", "towlower", "towupper", "vsprintf", "vsprintf_s",
    "vswprintf_s", "wcscat", "wcscat_s", "wcschr", "wcscmp", "wcscpy", "wcscpy_s", "wcscspn", "wcslen",
    "wcsncat", "wcsncat_s", "wcsncmp", "wcsncpy", "wcsncpy_s", "wcsnlen", "wcspbrk", "wcsrchr", "wcsspn",
    "wcsstr", "wcstok_s", "wcstol", "wcstombs", "wcstoul",
    "__isascii", "__iscsym", "__iscsymf", "__toascii", "_i64toa_s", "_i64tow_s", "_itoa_s", "_itow_s", "_ltoa_s",
    "_ltow_s", "_makepath_s", "_strlwr_s", "_strupr_s", "_ui64toa_s", "_ui64tow_s", "_ultoa_s", "_ultow_s",
    "_wcslwr_s", "_wcsupr_s", "bsearch_s", "iswascii", "iswgraph", "iswprint", "wcstok",
    // 32-bit NTDLL's conversion of the x87 stack's top to an integer (the compilers' helpers).
    "_ftol", "_ftol2", "_ftol2_sse",
    // 32-bit NTDLL's x87 forms of the math functions (the argument and result on the x87 stack).
    "_CIcos", "_CIlog", "_CIpow", "_CIsin", "_CIsqrt",
};

}  // namespace

// These are NTDLL's forwards (ntdll/ntdll.cpp).
Dll::Forward ntdll_crt_forward() {
  return {"msvcrt.dll", std::vector<const char*>(std::begin(kNtdllCrtNames), std::end(kNtdllCrtNames))};
}

}  // namespace polyrun::shims
