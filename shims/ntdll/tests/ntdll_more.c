// More of NTDLL: RtlPcToFileHeader (the program's code, a KERNEL32 function, the heap),
// NtOpenFile (a file that exists, one that does not, a directory), NtCancelIoFileEx with nothing
// pending. Looked up at run time, as programs do.
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winternl.h>

typedef PVOID(NTAPI* pc_to_header_fn)(PVOID, PVOID*);
typedef NTSTATUS(NTAPI* open_fn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, ULONG, ULONG);
typedef NTSTATUS(NTAPI* cancel_fn)(HANDLE, PIO_STATUS_BLOCK, PIO_STATUS_BLOCK);

static NTSTATUS open_path(open_fn open, const WCHAR* path, ULONG options, HANDLE* h, IO_STATUS_BLOCK* iosb) {
  UNICODE_STRING name = {(USHORT)(wcslen(path) * 2), (USHORT)(wcslen(path) * 2 + 2), (PWSTR)path};
  OBJECT_ATTRIBUTES oa;
  InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
  return open(h, GENERIC_READ | SYNCHRONIZE, &oa, iosb, FILE_SHARE_READ | FILE_SHARE_WRITE, options);
}

int main(void) {
  HMODULE nt = GetModuleHandleA("ntdll.dll"), k32 = GetModuleHandleA("kernel32.dll");
  pc_to_header_fn pc_to_header = (pc_to_header_fn)GetProcAddress(nt, "RtlPcToFileHeader");
  open_fn open = (open_fn)GetProcAddress(nt, "NtOpenFile");
  cancel_fn cancel = (cancel_fn)GetProcAddress(nt, "NtCancelIoFileEx");
  printf("found: %d %d %d\n", pc_to_header != NULL, open != NULL, cancel != NULL);
  PVOID base = (PVOID)1;
  PVOID r = pc_to_header((PVOID)main, &base);
  printf("RtlPcToFileHeader(main): the program %d, same %d\n", base == (PVOID)GetModuleHandleA(NULL), r == base);
  r = pc_to_header((PVOID)GetProcAddress(k32, "Sleep"), &base);
  printf("RtlPcToFileHeader(Sleep): kernel32 %d\n", base == (PVOID)k32 && r == base);
  void* heap = HeapAlloc(GetProcessHeap(), 0, 16);
  r = pc_to_header(heap, &base);
  printf("RtlPcToFileHeader(heap): %s %s\n", r ? "an image" : "NULL", base ? "an image" : "NULL");
  HeapFree(GetProcessHeap(), 0, heap);

  char tmp[MAX_PATH], file[MAX_PATH];
  GetTempPathA(MAX_PATH, tmp);
  snprintf(file, sizeof file, "%spolyrun-ntdll-%lu.txt", tmp, GetCurrentProcessId());
  HANDLE f = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD done;
  WriteFile(f, "contents", 8, &done, NULL);
  CloseHandle(f);
  WCHAR path[MAX_PATH + 8] = L"\\??\\";
  MultiByteToWideChar(CP_ACP, 0, file, -1, path + 4, MAX_PATH);
  HANDLE h = NULL;
  IO_STATUS_BLOCK iosb = {0};
  NTSTATUS s = open_path(open, path, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, &h, &iosb);
  char text[16] = {0};
  BOOL ok = s == 0 && ReadFile(h, text, sizeof text - 1, &done, NULL);
  printf("NtOpenFile(file): %08lx information %lu read %d [%s]\n", (unsigned long)s, (unsigned long)iosb.Information, ok, text);
  s = cancel(h, NULL, &iosb);
  printf("NtCancelIoFileEx(nothing pending): %08lx\n", (unsigned long)s);
  CloseHandle(h);
  wcscat(path, L".missing");
  s = open_path(open, path, FILE_SYNCHRONOUS_IO_NONALERT, &h, &iosb);
  printf("NtOpenFile(missing): %08lx\n", (unsigned long)s);
  DeleteFileA(file);
  WCHAR dir[MAX_PATH + 8] = L"\\??\\";
  MultiByteToWideChar(CP_ACP, 0, tmp, -1, dir + 4, MAX_PATH);
  s = open_path(open, dir, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, &h, &iosb);
  printf("NtOpenFile(directory as a file): %08lx\n", (unsigned long)s);
  s = open_path(open, dir, FILE_SYNCHRONOUS_IO_NONALERT | FILE_DIRECTORY_FILE, &h, &iosb);
  printf("NtOpenFile(directory): %08lx\n", (unsigned long)s);
  if (s == 0) CloseHandle(h);
  return 0;
}
