/* NTDLL's byte-range locks: NtLockFile (exclusive and shared, refused at once for a range another
 * handle holds), NtUnlockFile (no bytes), and KERNEL32's LockFileEx seeing NTDLL's locks. Called as
 * KERNEL32's LockFileEx calls them, with no IO_STATUS_BLOCK, event or APC (all wine 8.0 takes).
 * Expected output: wine 8.0's (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  union {
    LONG Status;
    void* Pointer;
  };
  ULONG_PTR Information;
} IOSB;
/* (The key, a ULONG, is passed as a null pointer-sized slot, as KERNEL32's LockFileEx passes it:
 * wine 8.0 takes it as a pointer.) */
typedef LONG(NTAPI* Lock_fn)(HANDLE, HANDLE, void*, void*, IOSB*, LARGE_INTEGER*, LARGE_INTEGER*, ULONG_PTR, BOOLEAN,
                             BOOLEAN);
typedef LONG(NTAPI* Unlock_fn)(HANDLE, IOSB*, LARGE_INTEGER*, LARGE_INTEGER*, ULONG_PTR);

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Lock_fn lock = (Lock_fn)GetProcAddress(ntdll, "NtLockFile");
  Unlock_fn unlock = (Unlock_fn)GetProcAddress(ntdll, "NtUnlockFile");
  printf("found: %d %d\n", lock != NULL, unlock != NULL);

  char path[MAX_PATH];
  GetTempPathA(MAX_PATH, path);
  strcat(path, "polyrun_ntdll_locks.tmp");
  HANDLE a = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, CREATE_ALWAYS,
                         FILE_ATTRIBUTE_NORMAL, NULL);
  HANDLE b = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                         FILE_ATTRIBUTE_NORMAL, NULL);
  DWORD written;
  WriteFile(a, "0123456789abcdef", 16, &written, NULL);

  LARGE_INTEGER off, len;
  off.QuadPart = 0;
  len.QuadPart = 8;
  LONG s = lock(a, NULL, NULL, NULL, NULL, &off, &len, 0, TRUE, TRUE);
  printf("lock 0-8 exclusively: 0x%lx\n", (unsigned long)s);
  s = lock(b, NULL, NULL, NULL, NULL, &off, &len, 0, TRUE, FALSE);
  printf("the other handle, shared, at once: 0x%lx\n", (unsigned long)s);
  off.QuadPart = 4;
  s = lock(b, NULL, NULL, NULL, NULL, &off, &len, 0, TRUE, TRUE);
  printf("the other handle, 4-12: 0x%lx\n", (unsigned long)s);
  off.QuadPart = 8;
  s = lock(b, NULL, NULL, NULL, NULL, &off, &len, 0, TRUE, FALSE);
  printf("the other handle, 8-16 shared: 0x%lx\n", (unsigned long)s);
  off.QuadPart = 8;
  s = lock(a, NULL, NULL, NULL, NULL, &off, &len, 0, TRUE, FALSE);
  printf("the first handle, 8-16 shared too: 0x%lx\n", (unsigned long)s);
  s = lock(a, NULL, NULL, NULL, NULL, &off, &len, 0, TRUE, TRUE);
  printf("the first handle, 8-16 exclusively: 0x%lx\n", (unsigned long)s);

  OVERLAPPED ov;
  memset(&ov, 0, sizeof ov);
  SetLastError(0);
  BOOL ok = LockFileEx(b, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 8, 0, &ov);
  printf("LockFileEx of 0-8 by the other handle: %d, error %lu\n", ok, GetLastError());

  off.QuadPart = 0;
  s = unlock(a, NULL, &off, &len, 0);
  printf("unlock 0-8: 0x%lx\n", (unsigned long)s);
  s = lock(b, NULL, NULL, NULL, NULL, &off, &len, 0, TRUE, TRUE);
  printf("now the other handle, 0-8: 0x%lx\n", (unsigned long)s);
  len.QuadPart = 0;
  s = unlock(b, NULL, &off, &len, 0);
  printf("unlock no bytes: 0x%lx\n", (unsigned long)s);
  len.QuadPart = 8;
  s = unlock(b, NULL, &off, &len, 0);
  printf("unlock it: 0x%lx\n", (unsigned long)s);
  s = lock((HANDLE)0x1230, NULL, NULL, NULL, NULL, &off, &len, 0, TRUE, TRUE);
  printf("a bad handle: 0x%lx\n", (unsigned long)s);
  CloseHandle(a);
  CloseHandle(b);
  DeleteFileA(path);
  return 0;
}
