/* Hardware exceptions as structured exceptions (built with clang -fms-extensions, like
 * seh_scopes): access violations, an illegal instruction, a breakpoint, division errors and a
 * stack overflow reach __try/__except scopes and vectored handlers with the record and context
 * Windows gives; a vectored handler that repairs a register resumes the faulting instruction.
 * With an argument the exception goes unhandled: "filter" (SetUnhandledExceptionFilter answering
 * EXCEPTION_EXECUTE_HANDLER), "none" (no handler at all) or "stack" (the stack pointer wrecked: no
 * handler can run, the filter neither); the exit status is the exception code. */
#ifdef _MSC_VER /* the MSVC-ABI build (win32): no Windows SDK here, only what it uses */
#include "msvc.h"
#else
#include <stdio.h>
#include <string.h>
#include <windows.h>
#endif

#ifdef _WIN64
#define PC(c) ((c)->Rip)
#define CX(c) ((c)->Rcx)
#else
#define PC(c) ((c)->Eip)
#define CX(c) ((c)->Ecx)
#endif

static int* volatile null_ptr;  /* NULL, out of the compiler's sight */
static volatile int zero, minus_one = -1, int_min = -2147483647 - 1, seven = 7;
static int good = 1234;
/* The C runtime's own strlen, called (not expanded by the compiler) with a bad pointer. */
static size_t (*volatile c_strlen)(const char*) = strlen;

/* The faulting operations, each in a function of its own: the fault happens in a callee of the
 * __try block, as when a library function is handed a bad pointer. */
__declspec(noinline) static int read_at(int* p) { return *p; }
__declspec(noinline) static void write_at(int* p) { p[2] = 1; }
__declspec(noinline) static void illegal(void) { __asm__ volatile("ud2"); }
__declspec(noinline) static int divide(volatile int* a, volatile int* b) { return *a / *b; }
__declspec(noinline) static int load_via_ecx(int* p) {
  int v;
  __asm__ volatile("movl (%1), %0" : "=r"(v) : "c"(p) : "memory");
  return v;
}
/* The stack pointer made garbage (as a smashed stack leaves it), then a return through it. */
__declspec(noinline) static void wreck_stack(void) {
#ifdef _WIN64
  __asm__ volatile("movq $0x7000, %%rsp\n\tret" ::: "memory");
#else
  __asm__ volatile("movl $0x7000, %%esp\n\tret" ::: "memory");
#endif
}
__declspec(noinline) static int recurse(int n) {
  volatile char frame[512];
  frame[0] = (char)n;
  return recurse(n + 1) + frame[0];
}

static int show(const char* what, EXCEPTION_POINTERS* ep) {
  EXCEPTION_RECORD* r = ep->ExceptionRecord;
  printf("%s: code %lx, %lu parameters", what, (unsigned long)r->ExceptionCode, (unsigned long)r->NumberParameters);
  for (DWORD i = 0; i < r->NumberParameters && i < 2; ++i)
    printf(" %llx", (unsigned long long)r->ExceptionInformation[i]);
  printf(", context pc at the exception address: %d\n", (void*)PC(ep->ContextRecord) == r->ExceptionAddress);
  return EXCEPTION_EXECUTE_HANDLER;
}

/* Repairs the register a load went through, and resumes the load. */
static LONG WINAPI fix_pointer(EXCEPTION_POINTERS* ep) {
  EXCEPTION_RECORD* r = ep->ExceptionRecord;
  if (r->ExceptionCode != 0xC0000005 || r->ExceptionInformation[1] != 0x10) return EXCEPTION_CONTINUE_SEARCH;
  printf("vectored handler: reading %llx, cx %llx\n", (unsigned long long)r->ExceptionInformation[1],
         (unsigned long long)CX(ep->ContextRecord));
  CX(ep->ContextRecord) = (ULONG_PTR)&good;
  return EXCEPTION_CONTINUE_EXECUTION;
}

/* Steps over a breakpoint: Windows reports it, and resumes, at the int3 itself. */
static LONG WINAPI skip_breakpoint(EXCEPTION_POINTERS* ep) {
  EXCEPTION_RECORD* r = ep->ExceptionRecord;
  if (r->ExceptionCode != 0x80000003) return EXCEPTION_CONTINUE_SEARCH;
  printf("vectored handler: breakpoint, %lu parameter %llx, at an int3: %d, context pc there: %d\n",
         (unsigned long)r->NumberParameters, (unsigned long long)r->ExceptionInformation[0],
         *(unsigned char*)r->ExceptionAddress == 0xcc, (void*)PC(ep->ContextRecord) == r->ExceptionAddress);
  PC(ep->ContextRecord) += 1;
  return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG WINAPI top_filter(EXCEPTION_POINTERS* ep) {
  show("unhandled-exception filter", ep);
  fflush(stdout);
  return EXCEPTION_EXECUTE_HANDLER;
}

int main(int argc, char** argv) {
  if (argc > 1 && argv[1][0] == 's') {  /* "stack": no stack to deliver the exception on */
    SetUnhandledExceptionFilter(top_filter);
    printf("returning through a wrecked stack pointer\n");
    fflush(stdout);
    wreck_stack();
    printf("not reached\n");
    return 0;
  }
  if (argc > 1) {
    if (argv[1][0] == 'f') SetUnhandledExceptionFilter(top_filter);  /* "filter" */
    printf("writing through a null pointer\n");
    fflush(stdout);
    write_at(null_ptr);
    printf("not reached\n");
    return 0;
  }
  __try {
    printf("read %d\n", read_at(null_ptr));
  } __except (show("null read", GetExceptionInformation())) {
    printf("handled %lx\n", (unsigned long)GetExceptionCode());
  }
  __try {
    write_at(null_ptr);
  } __except (show("null write", GetExceptionInformation())) {
    printf("handled %lx\n", (unsigned long)GetExceptionCode());
  }
  __try {
    illegal();
  } __except (show("ud2", GetExceptionInformation())) {
    printf("handled %lx\n", (unsigned long)GetExceptionCode());
  }
  __try {
    printf("quotient %d\n", divide(&seven, &zero));
  } __except (show("divide by zero", GetExceptionInformation())) {
    printf("handled %lx\n", (unsigned long)GetExceptionCode());
  }
  __try {
    printf("quotient %d\n", divide(&int_min, &minus_one));
  } __except (show("INT_MIN / -1", GetExceptionInformation())) {
    printf("handled %lx\n", (unsigned long)GetExceptionCode());
  }
  __try {
    printf("length %d\n", (int)c_strlen((const char*)null_ptr));
  } __except (show("strlen(NULL)", GetExceptionInformation())) {
    printf("handled %lx\n", (unsigned long)GetExceptionCode());
  }
  void* h = AddVectoredExceptionHandler(1, fix_pointer);
  printf("loaded %d\n", load_via_ecx((int*)0x10));
  RemoveVectoredExceptionHandler(h);
  h = AddVectoredExceptionHandler(1, skip_breakpoint);
  __asm__ volatile("int3");
  printf("went on after the breakpoint\n");
  RemoveVectoredExceptionHandler(h);
  __try {
    printf("depth %d\n", recurse(0));
  } __except (GetExceptionCode() == 0xC00000FD ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) {
    printf("stack overflow caught: %lx\n", (unsigned long)GetExceptionCode());
  }
  return 0;
}
