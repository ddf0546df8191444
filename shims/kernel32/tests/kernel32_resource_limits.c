/* A Windows program that runs into the system's limits, one per argument, and says what it got:
 *   reserve  address space reserved (MEM_RESERVE) in regions of 1 GiB (x64) or 256 MiB (32 bits)
 *            until VirtualAlloc fails: the error, whether at least what any Windows of this width
 *            gives was reserved (1 TiB for x64, 1 GiB for 32 bits), and that after freeing them all
 *            a region can be reserved again
 *   threads  10,000 threads over its life, eight at a time, each waited for and closed
 * The stack's overflow is hw_exceptions' (EXCEPTION_STACK_OVERFLOW caught by __except). Committing
 * until the commit limit is left out: the reference (wine) commits lazily and the host's
 * out-of-memory killer ends it first.
 * Expected outputs: wine 8.0's (x64); the same lines for i686. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define MAX_REGIONS (1 << 18)
static void* regions[MAX_REGIONS];

static int reserve_until_failure(void) {
  const SIZE_T chunk = sizeof(void*) == 8 ? (SIZE_T)1 << 30 : (SIZE_T)256 << 20;
  const unsigned long long least = sizeof(void*) == 8 ? 1ull << 40 : 1ull << 30;
  int n = 0;
  DWORD error = 0;
  while (n < MAX_REGIONS) {
    void* p = VirtualAlloc(NULL, chunk, MEM_RESERVE, PAGE_NOACCESS);
    if (!p) {
      error = GetLastError();
      break;
    }
    regions[n++] = p;
  }
  printf("reserve: failed with error %lu after at least %llu MiB: %s\n", error, least >> 20,
         (unsigned long long)n * chunk >= least ? "yes" : "no");
  for (int i = 0; i < n; i++)
    if (!VirtualFree(regions[i], 0, MEM_RELEASE)) printf("reserve: VirtualFree %d failed: %lu\n", i, GetLastError());
  void* again = VirtualAlloc(NULL, chunk, MEM_RESERVE, PAGE_NOACCESS);
  printf("reserve: after freeing them, a region again: %s\n", again ? "yes" : "no");
  if (again) VirtualFree(again, 0, MEM_RELEASE);
  return 0;
}

static volatile LONG ran;

static DWORD WINAPI worker(void* arg) {
  (void)arg;
  InterlockedIncrement(&ran);
  return 7;
}

static int threads(void) {
  int made = 0, good_codes = 0;
  for (int round = 0; round < 10000 / 8; round++) {
    HANDLE h[8];
    for (int i = 0; i < 8; i++) {
      h[i] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
      if (!h[i]) {
        printf("threads: CreateThread failed after %d: %lu\n", made, GetLastError());
        return 1;
      }
      made++;
    }
    WaitForMultipleObjects(8, h, TRUE, INFINITE);
    for (int i = 0; i < 8; i++) {
      DWORD code = 0;
      if (GetExitCodeThread(h[i], &code) && code == 7) good_codes++;
      CloseHandle(h[i]);
    }
  }
  printf("threads: %d made, %ld ran, %d exit codes of 7\n", made, (long)ran, good_codes);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: kernel32_resource_limits reserve|threads\n");
    return 2;
  }
  if (!strcmp(argv[1], "reserve")) return reserve_until_failure();
  if (!strcmp(argv[1], "threads")) return threads();
  return 2;
}
