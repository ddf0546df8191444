// A call given a bad pointer raises the access violation in the program, and the program goes on:
// whatever that call held is free again for the next one. Each of these functions is called
// first with an output pointer that faults (recovered by a vectored handler, which resumes the
// program past the call as its own recovery would), then as usual: the registry (RegOpenKeyExA,
// RegCreateKeyExA, RegQueryInfoKeyA) and atoms (GetAtomNameA), twice. (polyrun's registry call
// once left its lock held after such a fault, and the next call waited for it forever.)
// Expected output: wine 8.0's.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void* recover[5];
static volatile LONG armed;
static long faults;

static void resume_after_fault(void) { __builtin_longjmp(recover, 1); }

static LONG CALLBACK on_exception(EXCEPTION_POINTERS* e) {
  if (!armed || e->ExceptionRecord->ExceptionCode != EXCEPTION_ACCESS_VIOLATION) return EXCEPTION_CONTINUE_SEARCH;
  armed = 0;
  ++faults;
#if defined(__x86_64__)
  e->ContextRecord->Rsp = (e->ContextRecord->Rsp & ~(DWORD64)15) - 256 - 8;
  e->ContextRecord->Rip = (DWORD64)(uintptr_t)resume_after_fault;
#else
  e->ContextRecord->Esp = (e->ContextRecord->Esp & ~(DWORD)15) - 256 - 4;
  e->ContextRecord->Eip = (DWORD)(uintptr_t)resume_after_fault;
#endif
  return EXCEPTION_CONTINUE_EXECUTION;
}

// Runs `call` with the handler armed: its result, or "access violation".
#define GUARDED(what, call)                                    \
  do {                                                         \
    if (__builtin_setjmp(recover) == 0) {                      \
      armed = 1;                                               \
      long r_ = (long)(call);                                  \
      armed = 0;                                               \
      printf("%s: %ld\n", what, r_);                           \
    } else {                                                   \
      printf("%s: access violation\n", what);                  \
    }                                                          \
  } while (0)

int main(void) {
  AddVectoredExceptionHandler(1, on_exception);
  char* page = VirtualAlloc(NULL, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READONLY);
  HKEY* bad_key = (HKEY*)page;
  HKEY key = NULL;

  for (int round = 0; round < 2; ++round) {
    printf("round %d\n", round + 1);
    GUARDED("RegOpenKeyExA, result read-only", RegOpenKeyExA(HKEY_CURRENT_USER, "Software", 0, KEY_READ, bad_key));
    LONG e = RegOpenKeyExA(HKEY_CURRENT_USER, "Software", 0, KEY_READ, &key);
    printf("RegOpenKeyExA: %ld\n", e);
    if (e == ERROR_SUCCESS) RegCloseKey(key);
    GUARDED("RegCreateKeyExA, result read-only",
            RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\polyrun-bad-pointer-locks", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                            bad_key, NULL));
    DWORD disposition = 0;
    e = RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\polyrun-bad-pointer-locks", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                        &key, &disposition);
    printf("RegCreateKeyExA: %ld\n", e);
    if (e == ERROR_SUCCESS) {
      DWORD subkeys = 99;
      GUARDED("RegQueryInfoKeyA, subkeys read-only",
              RegQueryInfoKeyA(key, NULL, NULL, NULL, (DWORD*)page, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
      e = RegQueryInfoKeyA(key, NULL, NULL, NULL, &subkeys, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
      printf("RegQueryInfoKeyA: %ld, %lu subkeys\n", e, subkeys);
      RegCloseKey(key);
      RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\polyrun-bad-pointer-locks");
    }
    ATOM atom = AddAtomA("polyrun-bad-pointer-locks");
    GUARDED("GetAtomNameA, buffer read-only", GetAtomNameA(atom, page, 64));
    char name[64] = "";
    UINT n = GetAtomNameA(atom, name, sizeof name);
    printf("GetAtomNameA: %u \"%s\"\n", n, name);
    DeleteAtom(atom);
  }
  printf("access violations: %ld\n", faults);
  return 0;
}
