/* NTDLL's RtlSetUnhandledExceptionFilter: an exception no handler takes goes to the filter it set,
 * in place of KERNEL32's (whose SetUnhandledExceptionFilter filter is then not called); the filter
 * answers EXCEPTION_EXECUTE_HANDLER and the process ends with the exception's code (0xE0000042:
 * status 0x42). Expected output: wine 8.0's (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <windows.h>

typedef void(NTAPI* SetFilter_fn)(LONG(WINAPI*)(EXCEPTION_POINTERS*));

static LONG WINAPI top_filter(EXCEPTION_POINTERS* ep) {
  printf("KERNEL32's filter: 0x%lx\n", ep->ExceptionRecord->ExceptionCode);
  fflush(stdout);
  return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI rtl_filter(EXCEPTION_POINTERS* ep) {
  printf("the RTL filter: 0x%lx, %lu parameters\n", ep->ExceptionRecord->ExceptionCode,
         ep->ExceptionRecord->NumberParameters);
  fflush(stdout);
  return EXCEPTION_EXECUTE_HANDLER;
}

int main(void) {
  SetFilter_fn set_filter = (SetFilter_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlSetUnhandledExceptionFilter");
  printf("found: %d\n", set_filter != NULL);
  SetUnhandledExceptionFilter(top_filter);
  set_filter(rtl_filter);
  printf("raising\n");
  fflush(stdout);
  ULONG_PTR args[1] = {7};
  RaiseException(0xE0000042, 0, 1, args);
  printf("not reached\n");
  return 0;
}
