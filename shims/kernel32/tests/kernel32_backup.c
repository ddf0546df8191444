// KERNEL32's backup streams: BackupRead of a file in small pieces (the data stream's WIN32_STREAM_ID
// header, then its bytes, then nothing), of an empty file and of a directory (no stream), BackupSeek
// within the data stream (short of the amount asked at its end) and never over a header, and
// BackupWrite of the same stream into a new file, in pieces that split the header.
// Expected output: Microsoft's pages for BackupRead, BackupSeek, BackupWrite and WIN32_STREAM_ID
// (a file's data is one BACKUP_DATA stream, no name, its Size the file's size; 0 bytes read once
// the streams are done; BackupSeek cannot seek past the stream's end nor over a header). wine 8.0
// has these fail with ERROR_NOT_SUPPORTED (wine-differences.txt).
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void hex(const BYTE* b, DWORD n) {
  for (DWORD i = 0; i < n; i++) printf("%02x", b[i]);
}

static HANDLE open_file(const char* name, DWORD access, DWORD disposition, DWORD flags) {
  return CreateFileA(name, access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, disposition, flags, NULL);
}

// Reads the whole backup of `h` in pieces of `piece` bytes, printing each.
static void read_all(const char* what, HANDLE h, DWORD piece) {
  void* context = NULL;
  BYTE buf[64];
  printf("%s:", what);
  for (int i = 0; i < 20; i++) {
    DWORD got = 0xdead;
    if (!BackupRead(h, buf, piece, &got, FALSE, FALSE, &context)) {
      printf(" failed %lu\n", GetLastError());
      return;
    }
    printf(" [");
    hex(buf, got);
    printf("]");
    if (got == 0) break;
  }
  printf("\n");
  printf("%s: abort %d\n", what, BackupRead(h, buf, 0, NULL, TRUE, FALSE, &context));
}

int main(void) {
  char dir[MAX_PATH], file[MAX_PATH], empty[MAX_PATH], copy[MAX_PATH];
  GetTempPathA(MAX_PATH, dir);
  sprintf(dir + strlen(dir), "polyrun_backup_%lu", GetCurrentProcessId());
  CreateDirectoryA(dir, NULL);
  sprintf(file, "%s\\data.txt", dir);
  sprintf(empty, "%s\\empty.txt", dir);
  sprintf(copy, "%s\\copy.txt", dir);

  HANDLE h = open_file(file, GENERIC_WRITE, CREATE_ALWAYS, 0);
  DWORD n;
  WriteFile(h, "hello backup\n", 13, &n, NULL);
  CloseHandle(h);
  CloseHandle(open_file(empty, GENERIC_WRITE, CREATE_ALWAYS, 0));

  h = open_file(file, GENERIC_READ, OPEN_EXISTING, 0);
  read_all("data in 7s", h, 7);
  read_all("data in 64s", h, 64);
  CloseHandle(h);
  h = open_file(empty, GENERIC_READ, OPEN_EXISTING, 0);
  read_all("empty file", h, 64);
  CloseHandle(h);
  h = open_file(dir, GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
  read_all("directory", h, 64);
  CloseHandle(h);

  // BackupSeek: over the header refused, then within the data.
  h = open_file(file, GENERIC_READ, OPEN_EXISTING, 0);
  void* context = NULL;
  BYTE buf[64];
  DWORD low = 0xdead, high = 0xdead;
  BackupRead(h, buf, 8, &n, FALSE, FALSE, &context);
  printf("read %lu of the header\n", n);
  SetLastError(0);
  BOOL ok = BackupSeek(h, 4, 0, &low, &high, &context);
  printf("seek 4 in the header: %d seeked %lu %lu error %s\n", ok, low, high, ok ? "none" : "set");
  BackupRead(h, buf, 12, &n, FALSE, FALSE, &context);
  printf("read %lu: the rest of the header\n", n);
  ok = BackupSeek(h, 6, 0, &low, &high, &context);
  printf("seek 6: %d seeked %lu %lu\n", ok, low, high);
  BackupRead(h, buf, 3, &n, FALSE, FALSE, &context);
  printf("read %lu: \"%.*s\"\n", n, (int)n, buf);
  SetLastError(0);
  ok = BackupSeek(h, 100, 0, &low, &high, &context);
  printf("seek 100: %d seeked %lu %lu error %s\n", ok, low, high, ok ? "none" : "set");
  BackupRead(h, buf, sizeof buf, &n, FALSE, FALSE, &context);
  printf("then read: %lu bytes\n", n);
  BackupRead(h, buf, 0, NULL, TRUE, FALSE, &context);
  CloseHandle(h);

  // BackupWrite: the stream read whole, written back in pieces of 5 bytes.
  h = open_file(file, GENERIC_READ, OPEN_EXISTING, 0);
  context = NULL;
  BYTE stream[64];
  DWORD total = 0;
  while (BackupRead(h, stream + total, sizeof stream - total, &n, FALSE, FALSE, &context) && n) total += n;
  BackupRead(h, buf, 0, NULL, TRUE, FALSE, &context);
  CloseHandle(h);
  printf("the stream: %lu bytes\n", total);
  h = open_file(copy, GENERIC_WRITE, CREATE_ALWAYS, 0);
  context = NULL;
  DWORD written_total = 0;
  for (DWORD at = 0; at < total; at += 5) {
    DWORD piece = total - at < 5 ? total - at : 5, written = 0xdead;
    if (!BackupWrite(h, stream + at, piece, &written, FALSE, FALSE, &context)) {
      printf("BackupWrite failed %lu\n", GetLastError());
      break;
    }
    written_total += written;
  }
  printf("BackupWrite took %lu bytes; abort %d\n", written_total, BackupWrite(h, NULL, 0, NULL, TRUE, FALSE, &context));
  CloseHandle(h);
  h = open_file(copy, GENERIC_READ, OPEN_EXISTING, 0);
  memset(buf, 0, sizeof buf);
  ReadFile(h, buf, sizeof buf, &n, NULL);
  CloseHandle(h);
  printf("the copy: %lu bytes \"%.*s\"\n", n, (int)n - 1, buf);

  DeleteFileA(file);
  DeleteFileA(empty);
  DeleteFileA(copy);
  RemoveDirectoryA(dir);
  return 0;
}
