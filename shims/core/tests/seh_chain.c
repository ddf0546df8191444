/* i386 exception registration records as Windows checks them before it calls their handlers
 * (RtlDispatchException and RtlIsValidHandler): a record must lie on the thread's stack at a
 * multiple of 4, and its handler must be listed in the image's SafeSEH table (lld-link builds it
 * from the .safeseh directives below; msvc/crt0.cpp's load configuration points at it). A record
 * that fails stops the dispatch: no handler below it runs, nor the unhandled-exception filter,
 * and the process ends with the exception's code.
 * Without an argument a listed handler on the stack is called and continues execution. With one,
 * the record raised through is "unlisted" (its handler is not in the table), "outside" (it lies in
 * the program's data, not on the stack) or "misaligned" (on the stack, at an address of 4n + 2);
 * the exit status is the code's low byte. "unwind": RtlUnwind to a frame below the chain's head,
 * which RtlUnwind answers with a noncontinuable STATUS_INVALID_UNWIND_TARGET (status 0x29). Built for the MSVC target only (win32). */
#include "msvc.h"

typedef struct Record {
  struct Record* next;
  void* handler;
} Record;

enum { kContinueExecution = 0, kContinueSearch = 1 };

int __cdecl listed_handler(EXCEPTION_RECORD* rec, void* frame, CONTEXT* ctx, void* dispatcher) {
  (void)frame, (void)ctx, (void)dispatcher;
  printf("listed handler: code 0x%08lx, flags %lu\n", rec->ExceptionCode, rec->ExceptionFlags);
  return kContinueExecution;
}

int __cdecl outer_handler(EXCEPTION_RECORD* rec, void* frame, CONTEXT* ctx, void* dispatcher) {
  (void)frame, (void)ctx, (void)dispatcher;
  printf("outer handler: code 0x%08lx\n", rec->ExceptionCode);
  return kContinueExecution;
}

int __cdecl search_handler(EXCEPTION_RECORD* rec, void* frame, CONTEXT* ctx, void* dispatcher) {
  (void)frame, (void)ctx, (void)dispatcher;
  printf("search handler: code 0x%08lx, flags %lu\n", rec->ExceptionCode, rec->ExceptionFlags);
  fflush(stdout);
  return kContinueSearch;
}

/* Not in the SafeSEH table: no .safeseh names it. */
int __cdecl unlisted_handler(EXCEPTION_RECORD* rec, void* frame, CONTEXT* ctx, void* dispatcher) {
  (void)frame, (void)ctx, (void)dispatcher;
  printf("unlisted handler: code 0x%08lx\n", rec->ExceptionCode);
  return kContinueExecution;
}

__asm__(".safeseh _listed_handler\n\t.safeseh _outer_handler\n\t.safeseh _search_handler");

__declspec(dllimport) void __stdcall RtlUnwind(void* target, void* ip, EXCEPTION_RECORD* rec, void* value);

static Record* chain_head(void) {
  Record* r;
  __asm__ volatile("movl %%fs:0, %0" : "=r"(r));
  return r;
}

static void set_chain_head(Record* r) { __asm__ volatile("movl %0, %%fs:0" : : "r"(r) : "memory"); }

static LONG WINAPI filter(EXCEPTION_POINTERS* e) {
  printf("unhandled-exception filter: code 0x%08lx\n", e->ExceptionRecord->ExceptionCode);
  return EXCEPTION_EXECUTE_HANDLER;
}

static int same(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

static Record outside;

/* RtlUnwind to a frame of this function's, below the caller's records. */
static __declspec(noinline) void unwind_below(void) {
  volatile char below[64];
  below[0] = 0;
  RtlUnwind((void*)below, NULL, NULL, NULL);
}

int main(int argc, char** argv) {
  if (argc > 1 && same(argv[1], "unwind")) {
    /* The head's handler sees STATUS_INVALID_UNWIND_TARGET, noncontinuable, and passes it on. */
    Record search = {chain_head(), (void*)search_handler};
    set_chain_head(&search);
    printf("unwind: to a frame below the chain's head\n");
    fflush(stdout);
    unwind_below();
    printf("RtlUnwind returned\n");
    return 0;
  }
  /* A valid record first, whose handler would continue execution if the dispatch reached it. */
  Record outer = {chain_head(), (void*)outer_handler};
  set_chain_head(&outer);
  if (argc < 2) {
    Record listed = {chain_head(), (void*)listed_handler};
    set_chain_head(&listed);
    RaiseException(0xe0000001, 0, 0, NULL);
    printf("RaiseException returned\n");
    set_chain_head(outer.next);
    return 0;
  }
  SetUnhandledExceptionFilter(filter);
  __attribute__((aligned(4))) char space[sizeof(Record) + 4];
  Record* r;
  DWORD code;
  if (same(argv[1], "unlisted")) {
    r = (Record*)space;
    r->handler = (void*)unlisted_handler;
    code = 0xe0000011;
  } else if (same(argv[1], "outside")) {
    r = &outside;
    r->handler = (void*)listed_handler;
    code = 0xe0000012;
  } else if (same(argv[1], "misaligned")) {
    r = (Record*)(space + 2);
    r->handler = (void*)listed_handler;
    code = 0xe0000013;
  } else {
    printf("unknown case %s\n", argv[1]);
    return 1;
  }
  r->next = chain_head();
  set_chain_head(r);
  printf("%s: raising 0x%08lx\n", argv[1], code);
  fflush(stdout);
  RaiseException(code, 0, 0, NULL);
  printf("RaiseException returned\n");
  return 0;
}
