// KERNEL32's Tool Help heap functions: a TH32CS_SNAPHEAPLIST snapshot of the process lists its
// heaps (Heap32ListFirst/Next), the process heap first and flagged HF32_DEFAULT, a heap made with
// HeapCreate among them; Heap32First/Next walk that heap's blocks, the three allocated found busy
// (LF32_FIXED) with their sizes, a freed one not busy; a small dwSize is refused, a heap of
// another process is not walked.
// Expected output: Microsoft's pages of CreateToolhelp32Snapshot, HEAPLIST32, Heap32ListFirst,
// Heap32First and HEAPENTRY32; wine 8.0 has Heap32ListFirst fail and lacks the other three
// (wine-differences.txt).
#include <stdio.h>
#include <windows.h>
#include <tlhelp32.h>

typedef BOOL(WINAPI* list_fn)(HANDLE, HEAPLIST32*);
typedef BOOL(WINAPI* first_fn)(HEAPENTRY32*, DWORD, ULONG_PTR);
typedef BOOL(WINAPI* next_fn)(HEAPENTRY32*);

int main(void) {
  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  list_fn list_first = (list_fn)GetProcAddress(k32, "Heap32ListFirst");
  list_fn list_next = (list_fn)GetProcAddress(k32, "Heap32ListNext");
  first_fn first = (first_fn)GetProcAddress(k32, "Heap32First");
  next_fn next = (next_fn)GetProcAddress(k32, "Heap32Next");
  printf("functions: %d %d %d %d\n", list_first != NULL, list_next != NULL, first != NULL, next != NULL);
  if (!list_first || !list_next || !first || !next) return 1;

  HANDLE mine = HeapCreate(0, 0, 0);
  void* a = HeapAlloc(mine, 0, 100);
  void* b = HeapAlloc(mine, 0, 200);
  void* c = HeapAlloc(mine, 0, 300);
  void* d = HeapAlloc(mine, 0, 400);
  HeapFree(mine, 0, d);

  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, 0);
  printf("snapshot: %s\n", snap != INVALID_HANDLE_VALUE ? "made" : "failed");
  HEAPLIST32 hl;
  hl.dwSize = 8;
  SetLastError(0);
  BOOL ok = list_first(snap, &hl);
  printf("dwSize 8: %d\n", ok);
  hl.dwSize = sizeof hl;
  int count = 0, found = 0, default_first = 0, defaults = 0, own_pid = 1;
  for (ok = list_first(snap, &hl); ok; ok = list_next(snap, &hl)) {
    if (count == 0) default_first = hl.th32HeapID == (ULONG_PTR)GetProcessHeap() && (hl.dwFlags & HF32_DEFAULT);
    defaults += (hl.dwFlags & HF32_DEFAULT) != 0;
    found += hl.th32HeapID == (ULONG_PTR)mine;
    own_pid &= hl.th32ProcessID == GetCurrentProcessId();
    count++;
  }
  printf("heaps: at least 2 %d, the process heap first and the default %d, one default %d, ours listed %d, our process %d, then error %lu\n",
         count >= 2, default_first, defaults == 1, found == 1, own_pid, GetLastError());
  CloseHandle(snap);

  HEAPENTRY32 he;
  he.dwSize = 8;
  SetLastError(0);
  ok = first(&he, GetCurrentProcessId(), (ULONG_PTR)mine);
  printf("HEAPENTRY32 dwSize 8: %d\n", ok);
  he.dwSize = sizeof he;
  int busy[3] = {0, 0, 0}, blocks = 0, others_ok = 1, freed_busy = 0;
  for (ok = first(&he, GetCurrentProcessId(), (ULONG_PTR)mine); ok; ok = next(&he)) {
    blocks++;
    void* at = (void*)he.dwAddress;
    if (at == a) busy[0] = he.dwBlockSize == 100 && he.dwFlags == LF32_FIXED;
    else if (at == b) busy[1] = he.dwBlockSize == 200 && he.dwFlags == LF32_FIXED;
    else if (at == c) busy[2] = he.dwBlockSize == 300 && he.dwFlags == LF32_FIXED;
    else if (at == d && he.dwFlags == LF32_FIXED) freed_busy = 1;
    others_ok &= he.th32HeapID == (ULONG_PTR)mine && he.th32ProcessID == GetCurrentProcessId();
  }
  printf("blocks: more than 3 %d; 100 %d, 200 %d, 300 %d; the freed one busy %d; heap and process %d; then error %lu\n",
         blocks > 3, busy[0], busy[1], busy[2], freed_busy, others_ok, GetLastError());
  SetLastError(0);
  ok = first(&he, GetCurrentProcessId() + 100000, (ULONG_PTR)mine);
  printf("another process: %d\n", ok);
  HeapDestroy(mine);
  return 0;
}
