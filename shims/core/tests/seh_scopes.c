/* Structured exception handling scopes (__try/__except/__finally, built with clang
 * -fms-extensions): filters, handlers, and __finally blocks run while unwinding. */
#ifdef _MSC_VER /* the MSVC-ABI build (win32): no Windows SDK here, only what it uses */
#include "msvc.h"
#else
#include <stdio.h>
#include <windows.h>
#endif

static int filter(DWORD code, int verdict) {
  printf("filter sees %lx, answers %d\n", code, verdict);
  return verdict;
}

static void thrower(void) {
  __try {
    RaiseException(0xE0000002, 0, 0, NULL);
  } __finally {
    printf("finally in thrower, abnormal: %d\n", AbnormalTermination());
  }
}

int main(void) {
  __try {
    RaiseException(0xE0000001, 0, 0, NULL);
    printf("not reached\n");
  } __except (filter(GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER)) {
    printf("handled %lx\n", GetExceptionCode());
  }
  __try {
    printf("in try\n");
  } __finally {
    printf("finally, abnormal: %d\n", AbnormalTermination());
  }
  __try {
    __try {
      thrower();
    } __except (filter(GetExceptionCode(), EXCEPTION_CONTINUE_SEARCH)) {
      printf("not reached either\n");
    }
  } __except (filter(GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER)) {
    printf("outer handler ran\n");
  }
  return 0;
}
