// Vectored exception and continue handlers: their order against the frame-based handlers, the
// continue handlers after a handled exception and as the last chance, removal, and the
// unhandled-exception filter. (Go's runtime registers both kinds and relies on this order.)
#ifdef _MSC_VER /* the MSVC-ABI build (win32): no Windows SDK here, only what it uses */
#include "msvc.h"
#define CALLBACK WINAPI
typedef void* PVOID;
typedef unsigned long ULONG;
typedef EXCEPTION_POINTERS* PEXCEPTION_POINTERS;
#else
#include <stdio.h>
#include <windows.h>
#endif

static int order = 0;
static LONG CALLBACK first_veh(PEXCEPTION_POINTERS ep) {
  DWORD code = ep->ExceptionRecord->ExceptionCode;
  printf("%d: first exception handler, code 0x%08lx\n", ++order, code);
  if (code == 0xE0000001) return EXCEPTION_CONTINUE_EXECUTION;
  return EXCEPTION_CONTINUE_SEARCH;
}
static LONG CALLBACK second_veh(PEXCEPTION_POINTERS ep) {
  printf("%d: second exception handler, code 0x%08lx\n", ++order, ep->ExceptionRecord->ExceptionCode);
  return EXCEPTION_CONTINUE_SEARCH;
}
static LONG CALLBACK first_vch(PEXCEPTION_POINTERS ep) {
  printf("%d: first continue handler, code 0x%08lx\n", ++order, ep->ExceptionRecord->ExceptionCode);
  return EXCEPTION_CONTINUE_SEARCH;
}
static LONG CALLBACK last_vch(PEXCEPTION_POINTERS ep) {
  DWORD code = ep->ExceptionRecord->ExceptionCode;
  printf("%d: last continue handler, code 0x%08lx\n", ++order, code);
  if (code == 0xE0000003) return EXCEPTION_CONTINUE_EXECUTION;
  return EXCEPTION_CONTINUE_SEARCH;
}
static LONG WINAPI filter(PEXCEPTION_POINTERS ep) {
  printf("%d: unhandled filter, code 0x%08lx\n", ++order, ep->ExceptionRecord->ExceptionCode);
  return EXCEPTION_EXECUTE_HANDLER;
}

int main(void) {
  PVOID v2 = AddVectoredExceptionHandler(0, second_veh);
  PVOID v1 = AddVectoredExceptionHandler(1, first_veh);
  PVOID c2 = AddVectoredContinueHandler(0, last_vch);
  PVOID c1 = AddVectoredContinueHandler(1, first_vch);
  printf("registered: %d\n", v1 && v2 && c1 && c2);
  printf("-- continued by a vectored handler\n");
  order = 0;
  RaiseException(0xE0000001, 0, 0, NULL);
  printf("-- handled by a frame-based handler\n");
  order = 0;
  __try {
    RaiseException(0xE0000002, 0, 0, NULL);
  } __except (printf("%d: frame filter\n", ++order), EXCEPTION_EXECUTE_HANDLER) {
    printf("%d: in __except\n", ++order);
  }
  printf("-- continued by a frame-based filter\n");
  order = 0;
  __try {
    RaiseException(0xE0000004, 0, 0, NULL);
    printf("%d: resumed after the raise\n", ++order);
  } __except (printf("%d: frame filter\n", ++order), EXCEPTION_CONTINUE_EXECUTION) {
  }
  printf("-- handled by nothing but the last continue handler\n");
  order = 0;
  RaiseException(0xE0000003, 0, 0, NULL);
  printf("%d: resumed\n", ++order);
  ULONG removed_v1 = RemoveVectoredExceptionHandler(v1);
  ULONG removed_c1 = RemoveVectoredContinueHandler(c1);
  ULONG removed_again = RemoveVectoredContinueHandler(c1);
  printf("removed: %lu %lu %lu\n", removed_v1, removed_c1, removed_again);
  printf("-- unhandled\n");
  order = 0;
  SetUnhandledExceptionFilter(filter);
  RaiseException(0xE0000005, 0, 0, NULL);
  printf("not reached\n");
  return 0;
}
