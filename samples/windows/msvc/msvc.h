/* What the MSVC-ABI samples need of the Windows SDK and the Universal CRT, declared the way the
 * real headers declare it (Debian has no MSVC headers; mingw-w64's do not compile for the MSVC
 * target). Programs built with clang --target=*-windows-msvc and linked by lld-link against
 * vcruntime140.dll, the api-ms-win-crt-* DLLs and KERNEL32.dll, as MSVC console programs are. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long DWORD;
typedef __SIZE_TYPE__ size_t;
typedef struct _EXCEPTION_POINTERS EXCEPTION_POINTERS;

#define NULL 0
#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)
#define GetExceptionCode _exception_code
#define AbnormalTermination _abnormal_termination
unsigned long __cdecl _exception_code(void);
int __cdecl _abnormal_termination(void);

__declspec(dllimport) void __stdcall RaiseException(DWORD code, DWORD flags, DWORD nargs, const size_t* args);

int __cdecl printf(const char* fmt, ...);
int __cdecl puts(const char* s);
__declspec(dllimport) void* __cdecl malloc(size_t n);
__declspec(dllimport) void __cdecl free(void* p);
__declspec(dllimport) __declspec(noreturn) void __cdecl exit(int code);
__declspec(dllimport) void __cdecl qsort(void* base, size_t count, size_t size, int(__cdecl* compare)(const void*, const void*));

#ifdef __cplusplus
}
#endif
