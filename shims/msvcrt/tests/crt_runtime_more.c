/* The runtime's remaining services: _expand and _heapwalk on the heap, _chdrive and _getdiskfree,
 * _loaddll, _getdllprocaddr and _unloaddll, _Cbuild, the exception filter's signal handler with
 * __pxcptinfoptrs and __fpecode (_XcptFilter, the Universal CRT's _seh_filter_exe and
 * _seh_filter_dll), and the FMA3 switch; results, out-parameters and errno. */
#include <direct.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#ifdef _UCRT
#define RUNTIME "ucrtbase.dll"
#define FILTER "_seh_filter_exe"
#else
#define RUNTIME "msvcrt.dll"
#define FILTER "_XcptFilter"
#endif

int* __cdecl __fpecode(void);
void** __cdecl __pxcptinfoptrs(void);

static void on_invalid(const wchar_t* e, const wchar_t* f, const wchar_t* file, unsigned line, uintptr_t r) {
  (void)e; (void)f; (void)file; (void)line; (void)r;
}

static EXCEPTION_POINTERS* seen_pointers;
static int seen_signal, seen_code, seen_fpecode;
static void __cdecl on_fpe(int sig, int code) {
  seen_signal = sig;
  seen_code = code;
  seen_pointers = *(EXCEPTION_POINTERS**)__pxcptinfoptrs();
  seen_fpecode = *__fpecode();
}

int main(void) {
  HMODULE rt = GetModuleHandleA(RUNTIME);
  char* block = malloc(100);
  char* grown;
  _HEAPINFO hi;
  int r, entries = 0, found = 0, used = 0;
  struct _diskfree_t df;
  HMODULE k32;
  _set_invalid_parameter_handler(on_invalid);

  grown = _expand(block, 40);
  printf("_expand smaller: same block %d, size %u\n", grown == block, (unsigned)_msize(block));
  errno = 0;
  grown = _expand(block, 0x7fff0000);
  printf("_expand far larger: %s errno %d, size still %u\n", grown ? "moved?" : "null", errno, (unsigned)_msize(block));

  hi._pentry = NULL;
  while ((r = _heapwalk(&hi)) == _HEAPOK) {
    ++entries;
    if ((char*)hi._pentry == block) {
      found = 1;
      used = hi._useflag == _USEDENTRY && hi._size >= 40;
    }
  }
  printf("_heapwalk: ends with %d (_HEAPEND %d), entries %s, the block found %d in use %d\n", r, _HEAPEND,
         entries > 0 ? "some" : "none", found, used);
  free(block);

  r = _chdrive(3);
  printf("_chdrive(3) %d\n", r);
  errno = 0;
  r = _chdrive(0);
  printf("_chdrive(0) %d errno %d\n", r, errno);
  r = _getdiskfree(0, &df);
  printf("_getdiskfree(0) %d: sectors %d bytes %d clusters %d free<=total %d\n", r, df.sectors_per_cluster > 0,
         df.bytes_per_sector > 0, df.total_clusters > 0, df.avail_clusters <= df.total_clusters);
  r = _getdiskfree(27, &df);
  printf("_getdiskfree(27) %d\n", r);

  {
    intptr_t(__cdecl * loaddll)(const char*) = (void*)GetProcAddress(rt, "_loaddll");
    int(__cdecl * unloaddll)(intptr_t) = (void*)GetProcAddress(rt, "_unloaddll");
    FARPROC(__cdecl * getproc)(intptr_t, const char*, intptr_t) = (void*)GetProcAddress(rt, "_getdllprocaddr");
    intptr_t h = loaddll("kernel32.dll");
    k32 = GetModuleHandleA("kernel32.dll");
    printf("_loaddll kernel32 %d\n", (HMODULE)h == k32);
    printf("_getdllprocaddr by name %d, name and ordinal %s, neither %s\n",
           getproc(h, "GetTickCount", -1) == GetProcAddress(k32, "GetTickCount"),
           getproc(h, "GetTickCount", 5) ? "set" : "null", getproc(h, NULL, 0x10000) ? "set" : "null");
    printf("_unloaddll %d\n", unloaddll(h));
    printf("_loaddll of no such DLL %s\n", loaddll("no-such-dll-here.dll") ? "set" : "null");
  }

  {
    typedef struct {
      double re, im;
    } dcomplex;
    dcomplex(__cdecl * cbuild)(double, double) = (void*)GetProcAddress(GetModuleHandleA("ucrtbase.dll"), "_Cbuild");
    if (cbuild) {
      dcomplex z = cbuild(1.5, -2.25);
      printf("_Cbuild %.2f %.2f\n", z.re, z.im);
    } else {
      printf("_Cbuild %.2f %.2f\n", 1.5, -2.25); /* (msvcrt.dll has none) */
    }
  }

  {
    int(__cdecl * filter)(unsigned long, EXCEPTION_POINTERS*) = (void*)GetProcAddress(rt, FILTER);
    EXCEPTION_RECORD rec = {0};
    CONTEXT ctx;
    EXCEPTION_POINTERS ep = {&rec, &ctx};
    rec.ExceptionCode = EXCEPTION_FLT_DIVIDE_BY_ZERO;
    printf("filter without a handler %d\n", filter(rec.ExceptionCode, &ep));
    signal(SIGFPE, (void (*)(int))on_fpe);
    r = filter(rec.ExceptionCode, &ep);
    printf("filter %d: signal %d code %#x, the pointers %d, fpecode %#x; after: %d\n", r, seen_signal, seen_code,
           seen_pointers == &ep, seen_fpecode, *(EXCEPTION_POINTERS**)__pxcptinfoptrs() == NULL);
    signal(SIGFPE, (void (*)(int))on_fpe);
    rec.ExceptionCode = EXCEPTION_FLT_OVERFLOW;
    r = filter(rec.ExceptionCode, &ep);
    printf("filter (overflow) %d: code %#x\n", r, seen_code);
    printf("the handler is reset: %d\n", signal(SIGFPE, SIG_DFL) == SIG_DFL);
    printf("filter of a breakpoint %d\n", filter(EXCEPTION_BREAKPOINT, &ep));
#ifdef _UCRT
    {
      int(__cdecl * dll_filter)(unsigned long, EXCEPTION_POINTERS*) = (void*)GetProcAddress(rt, "_seh_filter_dll");
      printf("_seh_filter_dll of STATUS_CONTROL_C_EXIT %d\n", dll_filter(0xc000013a, &ep));
    }
#else
    printf("_seh_filter_dll of STATUS_CONTROL_C_EXIT %d\n", 0);
#endif
  }
  return 0;
}
