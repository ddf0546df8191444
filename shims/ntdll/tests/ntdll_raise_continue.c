/* NTDLL's RtlRaiseException (an exception described by a record, taken by a vectored handler that
 * continues, its code, flags and parameters as the handler sees them) and NtContinue (the thread
 * going on at a context RtlCaptureContext took). Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

static volatile LONG seen_code, seen_flags, seen_params, seen_first;
static LONG WINAPI handler(EXCEPTION_POINTERS* e) {
  if (e->ExceptionRecord->ExceptionCode != 0xe0001234) return EXCEPTION_CONTINUE_SEARCH;
  seen_code = (LONG)e->ExceptionRecord->ExceptionCode;
  seen_flags = (LONG)e->ExceptionRecord->ExceptionFlags;
  seen_params = (LONG)e->ExceptionRecord->NumberParameters;
  seen_first = (LONG)e->ExceptionRecord->ExceptionInformation[0];
  return EXCEPTION_CONTINUE_EXECUTION;
}

static volatile int times;

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  void(NTAPI * raise)(EXCEPTION_RECORD*) = (void*)FN("RtlRaiseException");
  NTSTATUS(NTAPI * cont)(CONTEXT*, BOOLEAN) = (void*)FN("NtContinue");
  void(NTAPI * capture)(CONTEXT*) = (void*)FN("RtlCaptureContext");
  printf("found: %d %d\n", raise != NULL, cont != NULL);

  void* h = AddVectoredExceptionHandler(1, handler);
  EXCEPTION_RECORD rec;
  memset(&rec, 0, sizeof rec);
  rec.ExceptionCode = 0xe0001234;
  rec.NumberParameters = 2;
  rec.ExceptionInformation[0] = 42;
  rec.ExceptionInformation[1] = 43;
  raise(&rec);
  printf("raised and continued: code 0x%lx, flags %ld, %ld parameters, the first %ld\n", S(seen_code), seen_flags,
         seen_params, seen_first);
  RemoveVectoredExceptionHandler(h);

  static CONTEXT ctx;
  memset(&ctx, 0, sizeof ctx);
  capture(&ctx);
  ++times;
  if (times == 1) cont(&ctx, FALSE);
  printf("NtContinue went back: the code after the capture ran %d times\n", times);
  return 0;
}
