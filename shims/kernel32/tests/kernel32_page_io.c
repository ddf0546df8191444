/* WriteFileGather and ReadFileScatter (page buffers, an overlapped offset, the event), the working
 * set (QueryWorkingSetEx of a page touched and of one never touched, QueryWorkingSet), and
 * GetEnabledXStateFeatures. */
// Links: -lpsapi
#include <windows.h>
#include <psapi.h>

#include <stdio.h>
#include <string.h>

typedef DWORD64(WINAPI* GetEnabledXStateFeatures_t)(void);

int main(void) {
  char path[MAX_PATH];
  GetTempPathA(sizeof path, path);
  strcat(path, "k32_page_io.tmp");
  HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                         FILE_FLAG_NO_BUFFERING | FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
  char* pages = VirtualAlloc(NULL, 4 * 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  memset(pages, 'a', 4096);
  memset(pages + 4096, 'b', 4096);
  FILE_SEGMENT_ELEMENT seg[3];
  memset(seg, 0, sizeof seg);
  seg[0].Buffer = PtrToPtr64(pages);
  seg[1].Buffer = PtrToPtr64(pages + 4096);
  OVERLAPPED ov;
  memset(&ov, 0, sizeof ov);
  ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  BOOL r = WriteFileGather(f, seg, 8192, NULL, &ov);
  DWORD done = 0;
  BOOL got = GetOverlappedResult(f, &ov, &done, TRUE);
  printf("WriteFileGather %d result %d bytes %lu\n", r || GetLastError() == ERROR_IO_PENDING, got, done);
  seg[0].Buffer = PtrToPtr64(pages + 2 * 4096);
  seg[1].Buffer = PtrToPtr64(pages + 3 * 4096);
  memset(&ov, 0, sizeof ov);
  ov.Offset = 4096;
  ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
  r = ReadFileScatter(f, seg, 4096, NULL, &ov);
  got = GetOverlappedResult(f, &ov, &done, TRUE);
  printf("ReadFileScatter %d result %d bytes %lu first %c\n", r || GetLastError() == ERROR_IO_PENDING, got, done, pages[2 * 4096]);
  CloseHandle(f);

  char* fresh = VirtualAlloc(NULL, 2 * 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  fresh[0] = 1;
  PSAPI_WORKING_SET_EX_INFORMATION ex[2];
  ex[0].VirtualAddress = fresh;
  ex[1].VirtualAddress = fresh + 4096;
  r = QueryWorkingSetEx(GetCurrentProcess(), ex, sizeof ex);
  printf("QueryWorkingSetEx %d touched valid %d protection %lx, untouched valid %d\n", r, (int)ex[0].VirtualAttributes.Valid,
         (unsigned long)ex[0].VirtualAttributes.Win32Protection, (int)ex[1].VirtualAttributes.Valid);
  ULONG_PTR small[1];
  SetLastError(0);
  r = QueryWorkingSet(GetCurrentProcess(), small, sizeof small);
  printf("QueryWorkingSet small %d err %lu some %d\n", r, GetLastError(), small[0] > 0);
  GetEnabledXStateFeatures_t xstate =
      (GetEnabledXStateFeatures_t)GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetEnabledXStateFeatures");
  printf("GetEnabledXStateFeatures x87 and SSE %d\n", (int)((xstate() & 3) == 3));
  return 0;
}
