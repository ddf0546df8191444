// Opening files relative to a handle and by NT names, as language runtimes do (Zig's, Rust's): the
// process parameters' CurrentDirectory (its DOS path and handle, before and after
// SetCurrentDirectory), NtCreateFile relative to that handle, to a directory handle, with an empty
// name (the root's own file again), and by the NT name GetFinalPathNameByHandle's VOLUME_NAME_NT
// gives; a directory deleted through FileDispositionInfoEx on a handle opened so (Rust's
// remove_dir_all).
// Links: -lntdll
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winternl.h>

typedef struct {
  UNICODE_STRING DosPath;
  HANDLE Handle;
} CURDIR_;

static CURDIR_* current_directory(void) {
  BYTE* params = (BYTE*)NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
  return (CURDIR_*)(params + (sizeof(void*) == 8 ? 0x38 : 0x24));
}

static NTSTATUS open_at(HANDLE root, const WCHAR* name, ACCESS_MASK access, ULONG disposition, ULONG options, HANDLE* out) {
  UNICODE_STRING n;
  RtlInitUnicodeString(&n, name);
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &n, OBJ_CASE_INSENSITIVE, root, NULL);
  IO_STATUS_BLOCK io;
  *out = NULL;
  return NtCreateFile(out, access | SYNCHRONIZE, &oa, &io, NULL, FILE_ATTRIBUTE_NORMAL, 7, disposition,
                      options | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
}

// The directory a handle is on, relative to the starting directory (the part after `base`).
static void show_handle(const char* what, HANDLE h, const WCHAR* base) {
  WCHAR path[MAX_PATH];
  DWORD n = GetFinalPathNameByHandleW(h, path, MAX_PATH, 0);
  const WCHAR* rel = n && wcsstr(path, base) ? wcsstr(path, base) + wcslen(base) : L"?";
  printf("%s: handle %d, [%ls]\n", what, h != NULL, rel);
}

int main(void) {
  WCHAR start[MAX_PATH];
  GetCurrentDirectoryW(MAX_PATH, start);
  CreateDirectoryW(L"rel_dir", NULL);
  SetCurrentDirectoryW(L"rel_dir");
  WCHAR base[MAX_PATH];
  GetCurrentDirectoryW(MAX_PATH, base);
  WCHAR* last = wcsrchr(base, L'\\');  // the part of the path below which this sample works
  const WCHAR* tail = last ? last : base;

  CURDIR_* cd = current_directory();
  printf("CurrentDirectory ends in a backslash: %d, the current directory's: %d\n",
         cd->DosPath.Length >= 2 && cd->DosPath.Buffer[cd->DosPath.Length / 2 - 1] == L'\\',
         (DWORD)(cd->DosPath.Length / 2 - 1) == wcslen(base) && !_wcsnicmp(cd->DosPath.Buffer, base, wcslen(base)));
  show_handle("CurrentDirectory", cd->Handle, tail);

  HANDLE f;
  NTSTATUS st = open_at(cd->Handle, L"made.txt", GENERIC_WRITE, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE, &f);
  printf("created relative to CurrentDirectory.Handle: %08lx\n", st);
  DWORD written = 0;
  WriteFile(f, "abc", 3, &written, NULL);
  CloseHandle(f);
  HANDLE made = CreateFileW(L"made.txt", GENERIC_READ, 7, NULL, OPEN_EXISTING, 0, NULL);
  printf("made.txt: %lu bytes\n", GetFileSize(made, NULL));
  CloseHandle(made);

  CreateDirectoryW(L"sub", NULL);
  CreateDirectoryW(L"sub\\inner", NULL);
  HANDLE sub;
  st = open_at(cd->Handle, L"sub", FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE, &sub);
  printf("open sub: %08lx\n", st);
  HANDLE again;
  st = open_at(sub, L"", FILE_READ_ATTRIBUTES, FILE_OPEN, 0, &again);
  printf("empty name relative to sub: %08lx\n", st);
  show_handle("  it is", again, tail);
  CloseHandle(again);
  st = open_at(sub, L"missing", FILE_READ_ATTRIBUTES, FILE_OPEN, 0, &again);
  printf("a missing name relative to sub: %08lx\n", st);

  // The NT name of a handle, and an open by it.
  WCHAR nt[MAX_PATH];
  DWORD n = GetFinalPathNameByHandleW(sub, nt, MAX_PATH, VOLUME_NAME_NT);
  printf("VOLUME_NAME_NT starts with \\Device\\: %d\n", n && !wcsncmp(nt, L"\\Device\\", 8));
  wcscat(nt, L"\\by_nt_name.txt");
  st = open_at(NULL, nt, GENERIC_WRITE, FILE_CREATE, FILE_NON_DIRECTORY_FILE, &f);
  CloseHandle(f);
  printf("created by its NT name: %08lx, there: %d\n", st, GetFileAttributesW(L"sub\\by_nt_name.txt") != INVALID_FILE_ATTRIBUTES);
  DeleteFileW(L"sub\\by_nt_name.txt");

  // inner deleted through an empty-named handle relative to it (FileDispositionInfoEx).
  HANDLE inner, victim;
  open_at(sub, L"inner", FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE, &inner);
  st = open_at(inner, L"", DELETE, FILE_OPEN, FILE_OPEN_REPARSE_POINT, &victim);
  printf("empty name for DELETE: %08lx\n", st);
  FILE_DISPOSITION_INFO_EX disposition = {FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS};
  BOOL ok = SetFileInformationByHandle(victim, (FILE_INFO_BY_HANDLE_CLASS)21 /* FileDispositionInfoEx */, &disposition, sizeof disposition);
  printf("FileDispositionInfoEx: %d\n", ok);
  CloseHandle(victim);
  CloseHandle(inner);
  printf("inner is gone: %d\n", GetFileAttributesW(L"sub\\inner") == INVALID_FILE_ATTRIBUTES);
  CloseHandle(sub);

  // CurrentDirectory follows SetCurrentDirectory.
  SetCurrentDirectoryW(L"sub");
  show_handle("after SetCurrentDirectory(sub)", cd->Handle, tail);
  printf("DosPath ends in \\sub\\: %d\n", cd->DosPath.Length >= 10 && !_wcsnicmp(cd->DosPath.Buffer + cd->DosPath.Length / 2 - 5, L"\\sub\\", 5));
  SetCurrentDirectoryW(start);
  DeleteFileW(L"rel_dir\\made.txt");
  RemoveDirectoryW(L"rel_dir\\sub");
  RemoveDirectoryW(L"rel_dir");
  return 0;
}
