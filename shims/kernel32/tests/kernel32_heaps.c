/* Heaps: the process heap and heaps of a program's own (HeapCreate), their flags, sizes,
 * reallocation in place, validation, walking, locking against another thread, the
 * low-fragmentation heap's setting, fixed-size heaps, and what ends a process: HEAP_GENERATE_EXCEPTIONS
 * out of memory, and a double free (heap corruption), each in a child process of this program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#ifndef HEAP_CREATE_ENABLE_EXECUTE
#define HEAP_CREATE_ENABLE_EXECUTE 0x40000
#endif

static const char* yes(int b) { return b ? "yes" : "no"; }

static int aligned16(const void* p) { return ((ULONG_PTR)p & 15) == 0; }

/* The process heap's handle as the PEB holds it (PEB.ProcessHeap). */
static HANDLE peb_heap(void) {
  BYTE* teb = (BYTE*)NtCurrentTeb();
  BYTE* peb = *(BYTE**)(teb + (sizeof(void*) == 8 ? 0x60 : 0x30));
  return *(HANDLE*)(peb + (sizeof(void*) == 8 ? 0x30 : 0x18));
}

static int count_heaps(HANDLE find, int* found) {
  HANDLE list[256];
  DWORD n = GetProcessHeaps(256, list);
  *found = 0;
  for (DWORD i = 0; i < n && i < 256; ++i)
    if (list[i] == find) *found = 1;
  return (int)n;
}

/* Walks the heap: how many entries of each kind, and whether the blocks given are listed busy with
 * their sizes. */
static void walk(HANDLE heap, void** blocks, SIZE_T* sizes, int n, const char* what) {
  PROCESS_HEAP_ENTRY e;
  int regions = 0, busy = 0, listed = 0, large = 0, entries = 0;
  memset(&e, 0, sizeof e);
  while (HeapWalk(heap, &e)) {
    ++entries;
    if (e.wFlags & PROCESS_HEAP_REGION) ++regions;
    if (e.wFlags & PROCESS_HEAP_ENTRY_BUSY) {
      ++busy;
      for (int i = 0; i < n; ++i)
        if (e.lpData == blocks[i] && e.cbData == sizes[i]) {
          ++listed;
          if (sizes[i] >= 0x200000) large += e.iRegionIndex == 64;
        }
    }
    if (entries > 100000) break;
  }
  DWORD err = GetLastError();
  printf("%s: regions >= 1: %s, busy >= %d: %s, listed with their sizes: %d of %d, large with region index 64: %d, "
         "end: %lu\n",
         what, yes(regions >= 1), n, yes(busy >= n), listed, n, large, err);
}

static HANDLE locked_heap;
static DWORD WINAPI alloc_on_locked(void* done) {
  void* p = HeapAlloc(locked_heap, 0, 64);
  HeapFree(locked_heap, 0, p);
  SetEvent((HANDLE)done);
  return 0;
}

/* Whether another thread's HeapAlloc on `heap` finishes while this thread holds HeapLock. */
static void lock_test(HANDLE heap, const char* what) {
  HANDLE done = CreateEventA(NULL, TRUE, FALSE, NULL);
  locked_heap = heap;
  BOOL l = HeapLock(heap);
  HANDLE t = CreateThread(NULL, 0, alloc_on_locked, done, 0, NULL);
  DWORD during = WaitForSingleObject(done, 200);
  BOOL u = HeapUnlock(heap);
  DWORD after = WaitForSingleObject(done, 5000);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(done);
  printf("%s: HeapLock %d, other thread's HeapAlloc while locked: %s, after HeapUnlock: %s\n", what, l,
         during == WAIT_OBJECT_0 ? "done" : during == WAIT_TIMEOUT ? "waits" : "?", after == WAIT_OBJECT_0 ? "done" : "?");
  (void)u;
}

static ULONG compat(HANDLE heap) {
  ULONG v = 99;
  SIZE_T n = 0;
  if (!HeapQueryInformation(heap, HeapCompatibilityInformation, &v, sizeof v, &n)) return 1000 + GetLastError();
  return v;
}

/* The process ends with the exception's code, quietly (no debugger, no report). */
static LONG WINAPI end_quietly(EXCEPTION_POINTERS* e) {
  (void)e;
  return EXCEPTION_EXECUTE_HANDLER;
}

/* The child's cases: each ends the process in its own way. */
static int child(const char* what) {
  SetUnhandledExceptionFilter(end_quietly);
  if (strcmp(what, "nomem") == 0) {
    HANDLE h = HeapCreate(0, 0, 0);
    HeapAlloc(h, HEAP_GENERATE_EXCEPTIONS, ~(SIZE_T)0 - 0x10000);
    return 3;  /* not reached: STATUS_NO_MEMORY */
  }
  if (strcmp(what, "nomem_heap") == 0) {
    HANDLE h = HeapCreate(HEAP_GENERATE_EXCEPTIONS, 0x10000, 0x20000);
    HeapAlloc(h, 0, 0x40000);
    return 3;  /* not reached: STATUS_NO_MEMORY */
  }
  /* Heap corruption ends 64-bit programs; 32-bit ones once asked to (here, so that both widths
   * behave alike). */
  HeapSetInformation(NULL, HeapEnableTerminationOnCorruption, NULL, 0);
  if (strcmp(what, "double_free") == 0) {
    HANDLE h = GetProcessHeap();
    void* p = HeapAlloc(h, 0, 100);
    HeapFree(h, 0, p);
    HeapFree(h, 0, p);
    return 4;  /* not reached on Windows: STATUS_HEAP_CORRUPTION */
  }
  if (strcmp(what, "double_free_private") == 0) {
    HANDLE h = HeapCreate(0, 0, 0);
    void* p = HeapAlloc(h, 0, 5000);
    HeapFree(h, 0, p);
    HeapFree(h, 0, p);
    return 4;
  }
  if (strcmp(what, "crt_double_free") == 0) {
    char* volatile p = malloc(48);
    strcpy(p, "freed twice");
    free(p);
    free(p);
    return 4;
  }
  return 2;
}

static void run_child(const char* self, const char* what) {
  char cmd[MAX_PATH + 64];
  STARTUPINFOA si;
  PROCESS_INFORMATION pi;
  DWORD code = 0;
  snprintf(cmd, sizeof cmd, "\"%s\" child %s", self, what);
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
  HANDLE nul = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, NULL);
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES; /* what the child's end says of itself goes nowhere */
  si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si.hStdOutput = si.hStdError = nul;
  BOOL made = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
  CloseHandle(nul);
  if (!made) {
    printf("child %s: CreateProcess failed\n", what);
    return;
  }
  WaitForSingleObject(pi.hProcess, INFINITE);
  GetExitCodeProcess(pi.hProcess, &code);
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  printf("child %s: exit code 0x%08lx\n", what, code);
}

int main(int argc, char** argv) {
  char self[MAX_PATH];
  if (argc > 2 && strcmp(argv[1], "child") == 0) return child(argv[2]);
  setvbuf(stdout, NULL, _IONBF, 0);
  GetModuleFileNameA(NULL, self, sizeof self);

  /* The process heap. */
  HANDLE ph = GetProcessHeap();
  printf("process heap: 64 KiB aligned: %s, the PEB's: %s\n", yes(((ULONG_PTR)ph & 0xffff) == 0), yes(ph == peb_heap()));

  /* A heap of the program's own. */
  int found, before = count_heaps(NULL, &found);
  HANDLE h = HeapCreate(0, 0, 0);
  int after = count_heaps(h, &found);
  HANDLE list[256];
  GetProcessHeaps(256, list);
  printf("HeapCreate: %s, 64 KiB aligned: %s, GetProcessHeaps: one more: %s, listed: %s, process heap first: %s\n",
         yes(h != NULL), yes(((ULONG_PTR)h & 0xffff) == 0), yes(after == before + 1), yes(found), yes(list[0] == ph));
  printf("compatibility of a new heap: %lu\n", compat(h));

  /* Sizes, alignment, zeroing. */
  static const SIZE_T sizes[] = {0, 1, 17, 123, 4000, 70000, 0x200000};
  void* blocks[7];
  int exact = 1, align = 1;
  for (int i = 0; i < 7; ++i) {
    blocks[i] = HeapAlloc(h, 0, sizes[i]);
    exact &= blocks[i] != NULL && HeapSize(h, 0, blocks[i]) == sizes[i];
    align &= aligned16(blocks[i]);
    if (sizes[i]) memset(blocks[i], 0xab, sizes[i]);
  }
  printf("HeapAlloc of 0 to 2 MiB: HeapSize exact: %s, 16-byte aligned: %s\n", yes(exact), yes(align));
  walk(h, blocks, (SIZE_T*)sizes, 7, "HeapWalk");
  for (int i = 0; i < 7; ++i) HeapFree(h, 0, blocks[i]);
  {
    unsigned char* z = HeapAlloc(h, HEAP_ZERO_MEMORY, 4000);
    int zero = 1;
    for (int i = 0; i < 4000; ++i) zero &= z[i] == 0;
    printf("HEAP_ZERO_MEMORY after a block was freed: all zero: %s\n", yes(zero));
    HeapFree(h, 0, z);
  }

  /* Reallocation. */
  {
    unsigned char* p = HeapAlloc(h, 0, 100);
    memset(p, 0x5a, 100);
    unsigned char* q = HeapReAlloc(h, HEAP_ZERO_MEMORY, p, 3000);
    int kept = 1, zero = 1;
    for (int i = 0; i < 100; ++i) kept &= q[i] == 0x5a;
    for (int i = 100; i < 3000; ++i) zero &= q[i] == 0;
    printf("HeapReAlloc 100 -> 3000 with HEAP_ZERO_MEMORY: data kept: %s, the rest zero: %s, size %lu\n", yes(kept),
           yes(zero), (unsigned long)HeapSize(h, 0, q));
    unsigned char* r = HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY, q, 1000);
    printf("shrinking in place: same block: %s, size %lu\n", yes(r == q), (unsigned long)HeapSize(h, 0, q));
    SetLastError(0xdead);
    r = HeapReAlloc(h, HEAP_REALLOC_IN_PLACE_ONLY, q, 0x100000);
    DWORD err = GetLastError();
    printf("growing 1000 -> 1 MiB in place: %s, error %lu, block as it was: %s\n", r ? "moved?" : "null", err,
           yes(HeapSize(h, 0, q) == 1000 && q[0] == 0x5a));
    HeapFree(h, 0, q);
  }

  /* Validation. */
  {
    static char not_heap[64];
    void* p = HeapAlloc(h, 0, 40);
    void* q = HeapAlloc(h, 0, 40);
    printf("HeapValidate: heap %d, live block %d", HeapValidate(h, 0, NULL), HeapValidate(h, 0, p));
    HeapFree(h, 0, p);
    printf(", freed block %d, static buffer %d, heap afterwards %d\n", HeapValidate(h, 0, p), HeapValidate(h, 0, not_heap + 16),
           HeapValidate(h, 0, NULL));
    HeapFree(h, 0, q);
    void* big = HeapAlloc(h, 0, 0x300000);
    printf("HeapValidate of a 3 MiB block: %d\n", HeapValidate(h, 0, big));
    HeapFree(h, 0, big);
  }

  /* A block written past its end, over the next block's header. */
  {
    HANDLE c = HeapCreate(0, 0, 0);
    char* a = HeapAlloc(c, 0, 100);
    char* b = HeapAlloc(c, 0, 100);
    int adjacent = b > a && b - a < 4096;
    if (adjacent) memset(a, 0xcc, b - a);
    printf("HeapValidate after a block was written over the next one's header: %d (adjacent: %s)\n",
           HeapValidate(c, 0, NULL), yes(adjacent));
    HeapDestroy(c);
  }

  /* Walking an emptied heap: its regions, no busy block of ours. */
  {
    PROCESS_HEAP_ENTRY e;
    int region_first = 0, n = 0, busy = 0;
    memset(&e, 0, sizeof e);
    while (HeapWalk(h, &e) && n < 100000) {
      if (n == 0) region_first = (e.wFlags & PROCESS_HEAP_REGION) && e.lpData == (void*)h;
      busy += (e.wFlags & PROCESS_HEAP_ENTRY_BUSY) != 0;
      ++n;
    }
    printf("emptied heap: the first entry is its region at its handle: %s, busy entries %d, end: %lu\n", yes(region_first),
           busy, GetLastError());
  }

  /* Locking. */
  lock_test(h, "heap");
  HANDLE ns = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
  lock_test(ns, "HEAP_NO_SERIALIZE heap");
  {
    BOOL l1 = HeapLock(h), l2 = HeapLock(h), u1 = HeapUnlock(h), u2 = HeapUnlock(h);
    printf("HeapLock twice: %d %d, HeapUnlock twice: %d %d\n", l1, l2, u1, u2);
  }

  /* HeapCompact: the largest free block. */
  {
    void* p = HeapAlloc(h, 0, 5000);
    HeapFree(h, 0, p);
    printf("HeapCompact after a free: nonzero: %s\n", yes(HeapCompact(h, 0) != 0));
  }

  /* The low-fragmentation heap. */
  {
    ULONG lfh = 2, zero = 0;
    HANDLE a = HeapCreate(0, 0, 0);
    BOOL set = HeapSetInformation(a, HeapCompatibilityInformation, &lfh, sizeof lfh);
    printf("LFH on a new heap: %d, compatibility %lu", set, compat(a));
    SetLastError(0);
    set = HeapSetInformation(a, HeapCompatibilityInformation, &zero, sizeof zero);
    DWORD err = GetLastError();
    printf(", back to 0: %d (error %lu), compatibility %lu\n", set, err, compat(a));
    SetLastError(0);
    set = HeapSetInformation(ns, HeapCompatibilityInformation, &lfh, sizeof lfh);
    err = GetLastError();
    printf("LFH on a HEAP_NO_SERIALIZE heap: %d (error %lu), compatibility %lu\n", set, err, compat(ns));
    HANDLE b = HeapCreate(0, 0, 0);
    void* many[40];
    for (int i = 0; i < 40; ++i) many[i] = HeapAlloc(b, 0, 40);
    printf("after 40 blocks of one size: compatibility %lu\n", compat(b));
    for (int i = 0; i < 40; ++i) HeapFree(b, 0, many[i]);
    SIZE_T needed = 0;
    SetLastError(0);
    BOOL q = HeapQueryInformation(a, HeapCompatibilityInformation, NULL, 0, &needed);
    printf("HeapQueryInformation without a buffer: %d (error %lu), size %lu\n", q, GetLastError(), (unsigned long)needed);
    HeapDestroy(a);
    HeapDestroy(b);
  }

  /* A fixed-size heap. */
  {
    HANDLE f = HeapCreate(0, 0x10000, 0x40000);
    void* a = HeapAlloc(f, 0, 0x30000);
    SetLastError(0);
    void* b = HeapAlloc(f, 0, 0x30000);
    DWORD err = GetLastError();
    SetLastError(0);
    void* c = HeapAlloc(f, 0, 0x100000);
    printf("fixed-size heap of 256 KiB: 192 KiB: %s, another 192 KiB: %s (error %lu), 1 MiB: %s (error %lu)\n",
           a ? "ok" : "null", b ? "ok" : "null", err, c ? "ok" : "null", GetLastError());
    HeapFree(f, 0, a);
    void* d = HeapAlloc(f, 0, 0x30000);
    printf("after freeing the first: 192 KiB: %s\n", d ? "ok" : "null");
    HeapDestroy(f);
  }

  /* An executable heap. */
  {
    HANDLE x = HeapCreate(HEAP_CREATE_ENABLE_EXECUTE, 0, 0);
    static const unsigned char code[] = {0xb8, 42, 0, 0, 0, 0xc3}; /* mov eax, 42; ret */
    void* p = HeapAlloc(x, 0, sizeof code);
    memcpy(p, code, sizeof code);
    FlushInstructionCache(GetCurrentProcess(), p, sizeof code);
    int (*fn)(void) = (int (*)(void))p;
    printf("HEAP_CREATE_ENABLE_EXECUTE: code in a block returns %d\n", fn());
    HeapDestroy(x);
  }

  /* Failures that do not end the process. */
  SetLastError(0);
  void* huge = HeapAlloc(h, 0, ~(SIZE_T)0 - 0x10000);
  printf("HeapAlloc of nearly all the address space: %s (error %lu)\n", huge ? "ok?" : "null", GetLastError());
  printf("HeapFree of null: %d\n", HeapFree(h, 0, NULL));
  HLOCAL last = LocalAlloc(LMEM_FIXED, 10);
  SetLastError(0);
  BOOL unlocked = LocalUnlock(last);
  DWORD unlock_error = GetLastError();
  printf("LocalUnlock of a fixed block: %d (error %lu), GlobalUnlock: %d\n", unlocked, unlock_error, GlobalUnlock(last));
  LocalFree(last);

  /* ntdll's functions under KERNEL32's. */
  {
    typedef void*(WINAPI * RtlAllocateHeapFn)(HANDLE, ULONG, SIZE_T);
    typedef BOOLEAN(WINAPI * RtlFreeHeapFn)(HANDLE, ULONG, void*);
    typedef SIZE_T(WINAPI * RtlSizeHeapFn)(HANDLE, ULONG, const void*);
    typedef HANDLE(WINAPI * RtlDestroyHeapFn)(HANDLE);
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    RtlAllocateHeapFn rtl_alloc = (RtlAllocateHeapFn)(void*)GetProcAddress(nt, "RtlAllocateHeap");
    RtlFreeHeapFn rtl_free = (RtlFreeHeapFn)(void*)GetProcAddress(nt, "RtlFreeHeap");
    RtlSizeHeapFn rtl_size = (RtlSizeHeapFn)(void*)GetProcAddress(nt, "RtlSizeHeap");
    RtlDestroyHeapFn rtl_destroy = (RtlDestroyHeapFn)(void*)GetProcAddress(nt, "RtlDestroyHeap");
    HANDLE r = HeapCreate(0, 0, 0);
    void* p = rtl_alloc(r, HEAP_ZERO_MEMORY, 77);
    SIZE_T rtl_n = rtl_size(r, 0, p), n = HeapSize(r, 0, p);
    BOOLEAN freed = rtl_free(r, 0, p);
    HANDLE left = rtl_destroy(r);
    printf("RtlAllocateHeap: %s, RtlSizeHeap %lu, HeapSize %lu, RtlFreeHeap %d, RtlDestroyHeap gives null: %s\n",
           p ? "ok" : "null", (unsigned long)rtl_n, (unsigned long)n, freed, yes(left == NULL));
  }

  /* Destroying. */
  int live = count_heaps(NULL, &found);
  BOOL destroyed = HeapDestroy(h) && HeapDestroy(ns);
  printf("HeapDestroy: %d, GetProcessHeaps: two fewer: %s, the heap listed: %s\n", destroyed,
         yes(count_heaps(h, &found) == live - 2), yes(found));

  /* What ends a process. */
  run_child(self, "nomem");
  run_child(self, "nomem_heap");
  run_child(self, "double_free");
  run_child(self, "double_free_private");
  run_child(self, "crt_double_free");
  return 0;
}
