/* msvcrt.dll's further names: _HUGE, the __lc_* variables, _aexit_rtn, __CppXcptFilter, _wctype, _strcmpi, _get_environ and _get_wenviron with the _environ and
 * _wenviron variables, the __crt* names of KERNEL32's locale functions, and _heapadd (no longer
 * supported). Found with GetProcAddress. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int main(void) {
  HMODULE crt = GetModuleHandleA("msvcrt.dll");
  int(__cdecl * strcmpi_)(const char*, const char*) = (void*)GetProcAddress(crt, "_strcmpi");
  int(__cdecl * get_environ)(char***) = (void*)GetProcAddress(crt, "_get_environ");
  int(__cdecl * get_wenviron)(wchar_t***) = (void*)GetProcAddress(crt, "_get_wenviron");
  wchar_t*** wenviron = (void*)GetProcAddress(crt, "_wenviron");
  char*** environ_ = (void*)GetProcAddress(crt, "_environ");
  int(__cdecl * compare_w)(LCID, DWORD, const wchar_t*, int, const wchar_t*, int) =
      (void*)GetProcAddress(crt, "__crtCompareStringW");
  int(__cdecl * compare_a)(LCID, DWORD, const char*, int, const char*, int) = (void*)GetProcAddress(crt, "__crtCompareStringA");
  int(__cdecl * map_w)(LCID, DWORD, const wchar_t*, int, wchar_t*, int) = (void*)GetProcAddress(crt, "__crtLCMapStringW");
  BOOL(__cdecl * type_w)(DWORD, DWORD, const wchar_t*, int, WORD*) = (void*)GetProcAddress(crt, "__crtGetStringTypeW");
  int(__cdecl * heapadd)(void*, size_t) = (void*)GetProcAddress(crt, "_heapadd");
  char** env = NULL;
  wchar_t** wenv = NULL;
  wchar_t out[16];
  WORD types[3];
  int r;

  printf("_strcmpi: %d %d %d\n", strcmpi_("ABC", "abc"), strcmpi_("abc", "abd") < 0, strcmpi_("b", "A") > 0);
  r = get_environ(&env);
  printf("_get_environ %d, the same as _environ %d, has entries %d\n", r, env == *environ_, env && env[0] != NULL);
  r = get_wenviron(&wenv);
  printf("_get_wenviron %d, the same as _wenviron %d, has entries %d\n", r, wenv == *wenviron, wenv && wenv[0] != NULL);
  printf("__crtCompareStringW: %d %d %d\n", compare_w(LOCALE_INVARIANT, 0, L"abc", -1, L"abc", -1),
         compare_w(LOCALE_INVARIANT, NORM_IGNORECASE, L"ABC", -1, L"abc", -1), compare_w(LOCALE_INVARIANT, 0, L"a", -1, L"b", -1));
  printf("__crtCompareStringA: %d\n", compare_a(LOCALE_INVARIANT, 0, "abc", 3, "abd", 3));
  r = map_w(LOCALE_INVARIANT, LCMAP_UPPERCASE, L"mixed Case", -1, out, 16);
  printf("__crtLCMapStringW: %d [%ls]\n", r, out);
  r = type_w(0, CT_CTYPE1, L"a1 ", 3, types);
  printf("__crtGetStringTypeW: %d %#x %#x %#x\n", r, types[0], types[1], types[2]);
  errno = 0;
  r = heapadd(NULL, 0);
  printf("_heapadd %d errno %d\n", r, errno);
  {
    const double* huge = (const double*)GetProcAddress(crt, "_HUGE");
    const int* lc_codepage = (const int*)GetProcAddress(crt, "__lc_codepage");
    const int* lc_collate_cp = (const int*)GetProcAddress(crt, "__lc_collate_cp");
    const unsigned* lc_handle = (const unsigned*)GetProcAddress(crt, "__lc_handle");
    unsigned*(__cdecl * lc_handle_func)(void) = (void*)GetProcAddress(crt, "___lc_handle_func");
    const int* setlc_active = (const int*)GetProcAddress(crt, "__setlc_active");
    int(__cdecl * setlc_active_func)(void) = (void*)GetProcAddress(crt, "___setlc_active_func");
    int* readlc = (int*)GetProcAddress(crt, "__unguarded_readlc_active");
    int*(__cdecl * readlc_func)(void) = (void*)GetProcAddress(crt, "___unguarded_readlc_active_add_func");
    void** aexit = (void**)GetProcAddress(crt, "_aexit_rtn");
    int(__cdecl * cpp_filter)(unsigned long, EXCEPTION_POINTERS*) = (void*)GetProcAddress(crt, "__CppXcptFilter");
    EXCEPTION_RECORD rec = {0};
    CONTEXT ctx;
    EXCEPTION_POINTERS ep = {&rec, &ctx};
    printf("_HUGE %g\n", *huge);
    printf("__lc_codepage %d __lc_collate_cp %d __lc_handle %u %u %u %u %u %u, ___lc_handle_func's %u %u\n", *lc_codepage,
           *lc_collate_cp, lc_handle[0], lc_handle[1], lc_handle[2], lc_handle[3], lc_handle[4], lc_handle[5],
           lc_handle_func()[0], lc_handle_func()[5]);
    printf("__setlc_active %d ___setlc_active_func %d; __unguarded_readlc_active %d, its function %d\n", *setlc_active,
           setlc_active_func(), *readlc, readlc_func() == readlc);
    printf("_aexit_rtn is _exit: %d\n", *aexit == (void*)GetProcAddress(crt, "_exit"));
    rec.ExceptionCode = 0xc0000005;
    printf("__CppXcptFilter: access violation %d,", cpp_filter(0xc0000005, &ep));
    rec.ExceptionCode = 0xe06d7363;
    printf(" C++ exception %d\n", cpp_filter(0xe06d7363, &ep));
  }
  {
    const unsigned short* wctype_ = (const unsigned short*)GetProcAddress(crt, "_wctype");
    unsigned short*(__cdecl * pwctype)(void) = (void*)GetProcAddress(crt, "__pwctype_func");
    printf("_wctype: WEOF's entry %#x, _pwctype is _wctype + 1: %d, 'A' %#x '0' %#x\n", wctype_[0], pwctype() == wctype_ + 1,
           wctype_[1 + 'A'], wctype_[1 + '0']);
  }
  return 0;
}
