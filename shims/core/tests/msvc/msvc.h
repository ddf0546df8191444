/* What the MSVC-ABI samples need of the Windows SDK and the Universal CRT, declared the way the
 * real headers declare it (Debian has no MSVC headers; mingw-w64's do not compile for the MSVC
 * target). Programs built with clang --target=*-windows-msvc and linked by lld-link against
 * vcruntime140.dll, the api-ms-win-crt-* DLLs and KERNEL32.dll, as MSVC console programs are. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long DWORD;
typedef long LONG;
typedef __SIZE_TYPE__ size_t;
typedef __UINTPTR_TYPE__ ULONG_PTR;
typedef struct _EXCEPTION_RECORD {
  DWORD ExceptionCode, ExceptionFlags;
  struct _EXCEPTION_RECORD* ExceptionRecord;
  void* ExceptionAddress;
  DWORD NumberParameters;
  ULONG_PTR ExceptionInformation[15];
} EXCEPTION_RECORD;
#ifdef _M_IX86
typedef struct _CONTEXT {  /* i386 */
  DWORD ContextFlags, Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
  unsigned char FloatSave[112];
  DWORD SegGs, SegFs, SegEs, SegDs, Edi, Esi, Ebx, Edx, Ecx, Eax, Ebp, Eip, SegCs, EFlags, Esp, SegSs;
  unsigned char ExtendedRegisters[512];
} CONTEXT;
#else
typedef struct _CONTEXT CONTEXT;
#endif
typedef struct _EXCEPTION_POINTERS {
  EXCEPTION_RECORD* ExceptionRecord;
  CONTEXT* ContextRecord;
} EXCEPTION_POINTERS;
#define WINAPI __stdcall
typedef LONG(WINAPI* PVECTORED_EXCEPTION_HANDLER)(EXCEPTION_POINTERS*);

#define NULL 0
#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)
#define GetExceptionCode _exception_code
#define GetExceptionInformation() ((EXCEPTION_POINTERS*)_exception_info())
#define AbnormalTermination _abnormal_termination
unsigned long __cdecl _exception_code(void);
void* __cdecl _exception_info(void);
int __cdecl _abnormal_termination(void);

__declspec(dllimport) void __stdcall RaiseException(DWORD code, DWORD flags, DWORD nargs, const size_t* args);
__declspec(dllimport) void* __stdcall AddVectoredExceptionHandler(DWORD first, PVECTORED_EXCEPTION_HANDLER handler);
__declspec(dllimport) DWORD __stdcall RemoveVectoredExceptionHandler(void* handle);
__declspec(dllimport) void* __stdcall AddVectoredContinueHandler(DWORD first, PVECTORED_EXCEPTION_HANDLER handler);
__declspec(dllimport) DWORD __stdcall RemoveVectoredContinueHandler(void* handle);
__declspec(dllimport) PVECTORED_EXCEPTION_HANDLER __stdcall SetUnhandledExceptionFilter(PVECTORED_EXCEPTION_HANDLER filter);

int __cdecl printf(const char* fmt, ...);
int __cdecl puts(const char* s);
__declspec(dllimport) size_t __cdecl strlen(const char* s);
struct FILE_;
__declspec(dllimport) struct FILE_* __cdecl __acrt_iob_func(unsigned);
__declspec(dllimport) int __cdecl fflush(struct FILE_* stream);
#define stdout (__acrt_iob_func(1))
__declspec(dllimport) void* __cdecl malloc(size_t n);
__declspec(dllimport) void __cdecl free(void* p);
__declspec(dllimport) __declspec(noreturn) void __cdecl exit(int code);
__declspec(dllimport) void __cdecl qsort(void* base, size_t count, size_t size, int(__cdecl* compare)(const void*, const void*));

/* setjmp as <setjmp.h> makes it on i386: _setjmp3 (clang adds the frame's unwind data where the
 * function has any). */
typedef int jmp_buf[16];
int __cdecl _setjmp(jmp_buf env);
#define setjmp(env) _setjmp(env)
__declspec(noreturn) void __cdecl longjmp(jmp_buf env, int value);
__declspec(dllimport) int __cdecl _resetstkoflw(void);

#ifdef __cplusplus
}
#endif
