/* Segment register loads in x86-64 code. Windows' 64-bit code addresses nothing through FS (the
 * thread block is in GS), yet a program may load it: a null selector or the user data segment's
 * (0x2b) is accepted and the program goes on, calling into the system and taking exceptions as
 * before; a selector outside the descriptor tables raises a general-protection fault, which
 * Windows reports as an access violation with parameters 0 and all ones (no address). */
#include <stdio.h>
#include <windows.h>

static int good = 1234;

/* A load through a null rcx, repaired by the handler (as hw_exceptions' fix_pointer does). */
static LONG WINAPI on_exception(EXCEPTION_POINTERS* ep) {
  EXCEPTION_RECORD* r = ep->ExceptionRecord;
  CONTEXT* c = ep->ContextRecord;
  const unsigned char* pc = (const unsigned char*)c->Rip;
  if (r->ExceptionCode == 0xC0000005 && pc[0] == 0x8e) {  /* mov fs, r16 */
    printf("  fault: code %lx, %lu parameters %llx %llx, at the load: %d\n", (unsigned long)r->ExceptionCode,
           (unsigned long)r->NumberParameters, (unsigned long long)r->ExceptionInformation[0],
           (unsigned long long)r->ExceptionInformation[1], (void*)c->Rip == r->ExceptionAddress);
    c->Rip += 2;
    return EXCEPTION_CONTINUE_EXECUTION;
  }
  if (r->ExceptionCode == 0xC0000005 && r->ExceptionInformation[1] == 0) {
    printf("  fault: reading %llx through rcx %llx\n", (unsigned long long)r->ExceptionInformation[1],
           (unsigned long long)c->Rcx);
    c->Rcx = (DWORD64)&good;
    return EXCEPTION_CONTINUE_EXECUTION;
  }
  return EXCEPTION_CONTINUE_SEARCH;
}

/* Loads fs with `selector`, then reads through rcx (null: a fault while fs is the program's). */
__attribute__((noinline)) static int load_then_read(unsigned selector, int* p) {
  int v;
  __asm__ volatile("movw %w1, %%fs\n\tmovl (%2), %0" : "=r"(v) : "r"(selector), "c"(p) : "memory");
  return v;
}

int main(void) {
  const DWORD tid = GetCurrentThreadId();
  AddVectoredExceptionHandler(1, on_exception);
  static const unsigned selectors[] = {0, 0x2b, 0x7, 0xfff8};
  for (int i = 0; i < 4; ++i) {
    printf("fs <- %#x\n", selectors[i]);
    const int v = load_then_read(selectors[i], NULL);
    const DWORD same = GetCurrentThreadId() == tid;
    printf("  read %d; the thread's id unchanged: %lu\n", v, (unsigned long)same);
    const int w = load_then_read(selectors[i], &good);
    char text[32];
    const int n = wsprintfA(text, "%d", w);
    printf("  read %s (%d characters)\n", text, n);
  }
  return 0;
}
