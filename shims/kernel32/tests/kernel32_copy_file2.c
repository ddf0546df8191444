// KERNEL32's CopyFile2: a copy with no extended parameters, COPY_FILE_FAIL_IF_EXISTS over an
// existing file, a progress routine told of the finished chunk (COPYFILE2_CALLBACK_CHUNK_FINISHED,
// the file's size) that lets the copy go on and one that cancels it (the copy removed), a source
// that does not exist, and parameters of the wrong size.
// Expected output: Microsoft's pages of CopyFile2, COPYFILE2_EXTENDED_PARAMETERS and
// COPYFILE2_MESSAGE (failures as HRESULT_FROM_WIN32 of CopyFileEx's errors); wine 8.0 has no
// CopyFile2 (wine-differences.txt).
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  DWORD dwSize, dwCopyFlags;
  BOOL* pfCancel;
  void* pProgressRoutine;
  void* pvCallbackContext;
} Params;
typedef struct {
  DWORD Type, dwPadding, dwStreamNumber, dwFlags;
  HANDLE hSourceFile, hDestinationFile;
  ULARGE_INTEGER uliChunkNumber, uliChunkSize, uliStreamSize, uliStreamBytesTransferred, uliTotalFileSize,
      uliTotalBytesTransferred;
} ChunkFinished;
typedef HRESULT(WINAPI* CopyFile2_fn)(const WCHAR*, const WCHAR*, Params*);

static int calls;
static DWORD WINAPI keep_going(const ChunkFinished* m, void* context) {
  calls++;
  printf("progress: type %lu stream %lu total %llu transferred %llu context %s\n", m->Type, m->dwStreamNumber,
         m->uliTotalFileSize.QuadPart, m->uliTotalBytesTransferred.QuadPart, context == (void*)0x77 ? "ours" : "other");
  return 0;  // COPYFILE2_PROGRESS_CONTINUE
}
static DWORD WINAPI cancel(const ChunkFinished* m, void* context) {
  calls++;
  return 1;  // COPYFILE2_PROGRESS_CANCEL
}

int main(void) {
  CopyFile2_fn copy2 = (CopyFile2_fn)GetProcAddress(GetModuleHandleA("kernel32.dll"), "CopyFile2");
  printf("CopyFile2: %s\n", copy2 ? "present" : "absent");
  if (!copy2) return 1;
  WCHAR dir[MAX_PATH], from[MAX_PATH], to[MAX_PATH], other[MAX_PATH];
  GetTempPathW(MAX_PATH, dir);
  swprintf(from, MAX_PATH, L"%lscf2_src_%lu.txt", dir, GetCurrentProcessId());
  swprintf(to, MAX_PATH, L"%lscf2_dst_%lu.txt", dir, GetCurrentProcessId());
  swprintf(other, MAX_PATH, L"%lscf2_other_%lu.txt", dir, GetCurrentProcessId());
  HANDLE h = CreateFileW(from, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(h, "twelve bytes", 12, &n, NULL);
  CloseHandle(h);

  printf("no parameters: %#lx\n", copy2(from, to, NULL));
  printf("the copy exists: %d\n", GetFileAttributesW(to) != INVALID_FILE_ATTRIBUTES);
  Params params = {sizeof params, COPY_FILE_FAIL_IF_EXISTS, NULL, NULL, NULL};
  printf("COPY_FILE_FAIL_IF_EXISTS over it: %#lx\n", copy2(from, to, &params));
  params.dwCopyFlags = 0;
  params.pProgressRoutine = keep_going;
  params.pvCallbackContext = (void*)0x77;
  HRESULT hr = copy2(from, to, &params);
  printf("with a progress routine: %#lx, %d call(s)\n", hr, calls);
  calls = 0;
  params.pProgressRoutine = cancel;
  hr = copy2(from, other, &params);
  printf("cancelled by the routine: %#lx, %d call(s), the copy exists: %d\n", hr, calls,
         GetFileAttributesW(other) != INVALID_FILE_ATTRIBUTES);
  BOOL stop = TRUE;
  params.pProgressRoutine = NULL;
  params.pfCancel = &stop;
  printf("cancelled before the start: %#lx\n", copy2(from, other, &params));
  params.pfCancel = NULL;
  params.dwSize = 8;
  printf("dwSize 8: %#lx\n", copy2(from, other, &params));
  WCHAR missing[MAX_PATH];
  swprintf(missing, MAX_PATH, L"%lscf2_missing_%lu.txt", dir, GetCurrentProcessId());
  printf("a missing source: %#lx\n", copy2(missing, other, NULL));
  DeleteFileW(from);
  DeleteFileW(to);
  DeleteFileW(other);
  return 0;
}
