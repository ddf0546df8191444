/* Breakpoints in a program with no debugger: DebugBreak (KERNEL32) and DbgBreakPoint (NTDLL), looked
 * up by name as programs that check for them do, and the program's own int3, reach its vectored
 * handler as EXCEPTION_BREAKPOINT at the breakpoint instruction; the handler steps over it and
 * execution goes on after the call. With the argument "unhandled", DebugBreak with no handler
 * ends the program with EXCEPTION_BREAKPOINT (0x80000003) as its exit status. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifdef _WIN64
#define PC(c) ((c)->Rip)
#else
#define PC(c) ((c)->Eip)
#endif

static int breakpoints, at_instruction, other;

static LONG CALLBACK on_exception(EXCEPTION_POINTERS* ep) {
  EXCEPTION_RECORD* r = ep->ExceptionRecord;
  if (r->ExceptionCode != EXCEPTION_BREAKPOINT) {
    ++other;
    return EXCEPTION_CONTINUE_SEARCH;
  }
  ++breakpoints;
  /* The exception address holds the int3 (0xcc) that raised it: resume after it. */
  const unsigned char* at = (const unsigned char*)r->ExceptionAddress;
  at_instruction += *at == 0xcc;
  PC(ep->ContextRecord) = (ULONG_PTR)at + 1;
  return EXCEPTION_CONTINUE_EXECUTION;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  void (WINAPI* debug_break)(void) = (void (WINAPI*)(void))GetProcAddress(GetModuleHandleA("kernel32.dll"), "DebugBreak");
  void (NTAPI* dbg_break_point)(void) = (void (NTAPI*)(void))GetProcAddress(GetModuleHandleA("ntdll.dll"), "DbgBreakPoint");
  printf("found: DebugBreak %d, DbgBreakPoint %d\n", debug_break != NULL, dbg_break_point != NULL);
  if (argc > 1 && strcmp(argv[1], "unhandled") == 0) {
    printf("DebugBreak without a handler\n");
    DebugBreak();
    printf("not reached\n");
    return 1;
  }
  PVOID h = AddVectoredExceptionHandler(1, on_exception);
  DebugBreak();
  printf("after DebugBreak: %d breakpoint(s), %d at an int3\n", breakpoints, at_instruction);
  debug_break();
  printf("after DebugBreak through GetProcAddress: %d, %d\n", breakpoints, at_instruction);
  dbg_break_point();
  printf("after DbgBreakPoint: %d, %d\n", breakpoints, at_instruction);
  __asm__ volatile("int3");
  printf("after the program's own int3: %d, %d\n", breakpoints, at_instruction);
  RemoveVectoredExceptionHandler(h);
  printf("other exceptions: %d\n", other);
  return 0;
}
