/* longjmp out of __try blocks (built as seh_scopes is: clang with mingw-w64 for x64, the MSVC
 * target for i386): Windows' longjmp unwinds the frames it
 * leaves as an exception would, so their __finally blocks run, innermost first (Microsoft's
 * longjmp page: "uses the same stack-unwinding semantics as exception-handling code"); with the
 * argument "overflow", _resetstkoflw, which puts a stack's guard back after an overflow a program
 * survived, so that the next overflow is caught again. */
#ifdef _MSC_VER /* the MSVC-ABI build (win32): no Windows SDK here, only what it uses */
#include "msvc.h"
#else
#include <malloc.h>
#include <setjmp.h>
#include <stdio.h>
#include <windows.h>
#endif

static jmp_buf env;
static int finally_runs;

__declspec(noinline) static void jump(int v) { longjmp(env, v); }

__declspec(noinline) static void inner(void) {
  __try {
    printf("inner __try\n");
    jump(7);
  } __finally {
    ++finally_runs;
    printf("inner __finally\n");
  }
}

__declspec(noinline) static void outer(void) {
  __try {
    printf("outer __try\n");
    inner();
  } __finally {
    ++finally_runs;
    printf("outer __finally\n");
  }
}

__declspec(noinline) static int recurse(int n) {
  volatile char frame[512];
  frame[0] = (char)n;
  return recurse(n + 1) + frame[0];
}

static int overflow(void) {
  __try {
    recurse(0);
  } __except (GetExceptionCode() == 0xC00000FD ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) {
    return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  (void)argv;
  if (argc > 1) {  /* "overflow" */
    printf("stack overflow caught: %d\n", overflow());
    int reset = _resetstkoflw();
    printf("guard put back: %d\n", reset != 0);
    printf("stack overflow caught again: %d\n", overflow());
    return 0;
  }
  int r = setjmp(env);
  if (r == 0) {
    outer();
    printf("not reached\n");
  }
  printf("setjmp returned %d; __finally blocks run: %d\n", r, finally_runs);
  return 0;
}
