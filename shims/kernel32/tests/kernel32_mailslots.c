// KERNEL32's mailslots: CreateMailslot's names (none, one outside the device, one taken), the
// server's information (largest message, next message's size, messages waiting, read timeout),
// reads that time out and reads of messages in order (one too long for the buffer stays), a
// client opened with CreateFile that writes and cannot read, the server that cannot write,
// SetMailslotInfo's timeout, and a mailslot gone with its server. Expected output: wine 8.0's (x64),
// but for the messages counted and the read with too small a buffer, where wine 8.0 is not
// Windows (its own tests mark them todo_wine: three messages waiting are three, an empty one is
// read as one); ReadFile's page: a buffer too small for the next message fails with
// ERROR_INSUFFICIENT_BUFFER and the message stays (wine-differences.txt).
#include <stdio.h>
#include <string.h>
#include <windows.h>

static char path[MAX_PATH];

static void info(const char* what, HANDLE slot) {
  DWORD max = 1, next = 1, count = 1, timeout = 1;
  SetLastError(0);
  BOOL ok = GetMailslotInfo(slot, &max, &next, &count, &timeout);
  DWORD e = GetLastError();
  printf("%s: GetMailslotInfo %d max %lu next %#lx count %lu timeout %#lx error %lu\n", what, ok, max, next, count,
         timeout, e);
}

static void read_slot(const char* what, HANDLE slot, DWORD size) {
  char buf[64] = {0};
  DWORD got = 0xdead;
  SetLastError(0);
  BOOL ok = ReadFile(slot, buf, size, &got, NULL);
  DWORD e = GetLastError();
  printf("%s: ReadFile(%lu) %d got %lu \"%.*s\" error %lu\n", what, size, ok, got, ok ? (int)got : 0, buf, e);
}

int main(void) {
  sprintf(path, "\\\\.\\mailslot\\polyrun_sample_%lu", GetCurrentProcessId());
  DWORD e;

  SetLastError(0);
  HANDLE h = CreateMailslotA("blah", 0, 0, NULL);
  e = GetLastError();
  printf("outside the device: %s error %lu\n", h == INVALID_HANDLE_VALUE ? "invalid" : "a handle", e);
  SetLastError(0);
  h = CreateMailslotA(NULL, 0, 0, NULL);
  e = GetLastError();
  printf("no name: %s error %lu\n", h == INVALID_HANDLE_VALUE ? "invalid" : "a handle", e);
  info("an invalid handle", INVALID_HANDLE_VALUE);

  SetLastError(0);
  HANDLE client = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  e = GetLastError();
  printf("no mailslot yet: CreateFile %s error %lu\n", client == INVALID_HANDLE_VALUE ? "invalid" : "a handle", e);

  HANDLE slot = CreateMailslotA(path, (DWORD)-1, (DWORD)-1, NULL);
  printf("wacky parameters: %s\n", slot == INVALID_HANDLE_VALUE ? "invalid" : "a handle");
  info("wacky", slot);
  printf("GetMailslotInfo with no out pointers: %d\n", GetMailslotInfo(slot, NULL, NULL, NULL, NULL));
  CloseHandle(slot);

  slot = CreateMailslotA(path, 0, 0, NULL);
  printf("created: %s\n", slot == INVALID_HANDLE_VALUE ? "invalid" : "a handle");
  info("empty", slot);
  SetLastError(0);
  HANDLE second = CreateMailslotA(path, 0, 0, NULL);
  e = GetLastError();
  printf("the same name again: %s error %lu\n", second == INVALID_HANDLE_VALUE ? "invalid" : "a handle", e);
  read_slot("empty, no timeout", slot, 10);
  DWORD n = 0;
  SetLastError(0);
  BOOL ok = WriteFile(slot, "x", 1, &n, NULL);
  e = GetLastError();
  printf("the server writes: %d error %lu\n", ok, e);

  client = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  printf("client: %s\n", client == INVALID_HANDLE_VALUE ? "invalid" : "a handle");
  char buf[16];
  SetLastError(0);
  ok = ReadFile(client, buf, sizeof buf, &n, NULL);
  e = GetLastError();
  printf("the client reads: %d error %s\n", ok, e == ERROR_INVALID_PARAMETER || e == ERROR_ACCESS_DENIED ? "refused" : "other");
  printf("write \"first\": %d", WriteFile(client, "first", 5, &n, NULL));
  printf(" wrote %lu\n", n);
  printf("write \"second message\": %d", WriteFile(client, "second message", 14, &n, NULL));
  printf(" wrote %lu\n", n);
  printf("write \"\": %d", WriteFile(client, "", 0, &n, NULL));
  printf(" wrote %lu\n", n);
  info("three waiting", slot);
  read_slot("first", slot, 10);
  read_slot("too small", slot, 10);
  info("after the small read", slot);
  read_slot("second", slot, 20);
  read_slot("empty message", slot, 20);
  read_slot("none left", slot, 20);

  printf("SetMailslotInfo(50): %d\n", SetMailslotInfo(slot, 50));
  info("timeout 50", slot);
  DWORD before = GetTickCount();
  read_slot("after 50 ms", slot, 20);
  printf("waited at least 40 ms: %s\n", GetTickCount() - before >= 40 ? "yes" : "no");
  SetLastError(0);
  ok = SetMailslotInfo(client, 10);
  e = GetLastError();
  printf("SetMailslotInfo of the client: %d error %s\n", ok, e ? "set" : "none");

  CloseHandle(slot);
  CloseHandle(client);
  SetLastError(0);
  client = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  e = GetLastError();
  printf("reopened after close: %s error %lu\n", client == INVALID_HANDLE_VALUE ? "invalid" : "a handle", e);
  return 0;
}
