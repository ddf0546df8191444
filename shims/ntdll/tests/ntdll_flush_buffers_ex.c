// NTDLL's NtFlushBuffersFileEx (and ZwFlushBuffersFileEx): each flag of the WDK's
// (FLUSH_FLAGS_FILE_DATA_ONLY, FLUSH_FLAGS_NO_SYNC, FLUSH_FLAGS_FILE_DATA_SYNC_ONLY) and none, with
// the IO_STATUS_BLOCK filled in; an unknown flag and parameters given are STATUS_INVALID_PARAMETER,
// a bad handle STATUS_INVALID_HANDLE; the data written reads back.
// Expected output: the WDK's page of ZwFlushBuffersFileEx; wine 8.0 has no NtFlushBuffersFileEx
// (wine-differences.txt).
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  union {
    LONG Status;
    void* Pointer;
  };
  ULONG_PTR Information;
} IoStatus;
typedef LONG(WINAPI* Flush_fn)(HANDLE, ULONG, void*, ULONG, IoStatus*);

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Flush_fn flush = (Flush_fn)GetProcAddress(ntdll, "NtFlushBuffersFileEx");
  Flush_fn zw = (Flush_fn)GetProcAddress(ntdll, "ZwFlushBuffersFileEx");
  printf("NtFlushBuffersFileEx %d ZwFlushBuffersFileEx %d\n", flush != NULL, zw != NULL);
  if (!flush || !zw) return 1;
  char path[MAX_PATH];
  GetTempPathA(MAX_PATH, path);
  sprintf(path + strlen(path), "flush_ex_%lu.txt", GetCurrentProcessId());
  HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(h, "flushed", 7, &n, NULL);
  const ULONG flags[] = {0, 1, 2, 4, 8};
  for (int i = 0; i < 5; i++) {
    IoStatus io = {{(LONG)0xdeadbeef}, 0x55};
    LONG st = flush(h, flags[i], NULL, 0, &io);
    printf("flags %lu: %#lx iosb %#lx %lu\n", flags[i], (unsigned long)st, (unsigned long)io.Status,
           (unsigned long)io.Information);
  }
  IoStatus io;
  char params[8] = {0};
  printf("parameters: %#lx\n", (unsigned long)zw(h, 0, params, sizeof params, &io));
  printf("a bad handle: %#lx\n", (unsigned long)zw((HANDLE)(ULONG_PTR)0x1230, 0, NULL, 0, &io));
  char back[8] = {0};
  SetFilePointer(h, 0, NULL, FILE_BEGIN);
  ReadFile(h, back, 7, &n, NULL);
  printf("read back: %s\n", back);
  CloseHandle(h);
  DeleteFileA(path);
  return 0;
}
