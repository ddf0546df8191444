/* The native API as libuv (node) and other runtimes use it beside KERNEL32: directory listings in
 * NtQueryDirectoryFile's layouts, NtSetInformationFile (size, position, rename, delete),
 * NtQueryVolumeInformationFile (device types, file system), NtQuerySystemInformation and
 * NtQueryInformationProcess, RtlCaptureStackBackTrace, a function table registered for code made
 * at run time, GetLogicalProcessorInformation. Host-dependent values are compared with what
 * KERNEL32 says, not printed. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <winternl.h>

typedef struct {
  ULONG NextEntryOffset, FileIndex;
  LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime, EndOfFile, AllocationSize;
  ULONG FileAttributes, FileNameLength;
  WCHAR FileName[1];
} DirInfo; /* FILE_DIRECTORY_INFORMATION */
typedef struct {
  ULONG NextEntryOffset, FileIndex, FileNameLength;
  WCHAR FileName[1];
} NamesInfo; /* FILE_NAMES_INFORMATION */

typedef NTSTATUS(NTAPI* QueryDir_fn)(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK*, PVOID, ULONG, ULONG, BOOLEAN,
                                     UNICODE_STRING*, BOOLEAN);
typedef NTSTATUS(NTAPI* SetInfo_fn)(HANDLE, IO_STATUS_BLOCK*, PVOID, ULONG, ULONG);
typedef NTSTATUS(NTAPI* QueryVolume_fn)(HANDLE, IO_STATUS_BLOCK*, PVOID, ULONG, ULONG);
typedef NTSTATUS(NTAPI* QuerySystem_fn)(ULONG, PVOID, ULONG, ULONG*);
typedef NTSTATUS(NTAPI* QueryProcess_fn)(HANDLE, ULONG, PVOID, ULONG, ULONG*);
typedef USHORT(NTAPI* Backtrace_fn)(ULONG, ULONG, PVOID*, ULONG*);

static WCHAR dir[MAX_PATH];
static void path_of(WCHAR* out, const WCHAR* name) { swprintf(out, MAX_PATH, L"%ls\\%ls", dir, name); }
static void make(const WCHAR* name, const char* text) {
  WCHAR p[MAX_PATH];
  path_of(p, name);
  HANDLE f = CreateFileW(p, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(f, text, (DWORD)strlen(text), &n, NULL);
  CloseHandle(f);
}

static HANDLE open_dir(void) {
  return CreateFileW(dir, FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                     FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

/* The names of a listing, sorted (the host's order is its own), one line. */
static int compare(const void* a, const void* b) { return wcscmp((const WCHAR*)a, (const WCHAR*)b); }
static void list(QueryDir_fn query, HANDLE h, ULONG cls, const WCHAR* mask_text) {
  static WCHAR names[32][64];
  int n = 0;
  BYTE buf[4096];
  IO_STATUS_BLOCK io;
  UNICODE_STRING mask;
  if (mask_text) {
    mask.Buffer = (WCHAR*)mask_text;
    mask.Length = mask.MaximumLength = (USHORT)(wcslen(mask_text) * 2);
  }
  NTSTATUS s;
  BOOLEAN restart = TRUE;
  while ((s = query(h, NULL, NULL, NULL, &io, buf, sizeof buf, cls, FALSE, mask_text ? &mask : NULL, restart)) == 0) {
    restart = FALSE;
    for (BYTE* e = buf;; e += ((ULONG*)e)[0]) {
      const WCHAR* name = cls == 12 ? ((NamesInfo*)e)->FileName
                          : cls == 37 ? ((FILE_ID_BOTH_DIR_INFO*)e)->FileName
                                      : ((DirInfo*)e)->FileName;
      ULONG len = cls == 12 ? ((NamesInfo*)e)->FileNameLength : ((DirInfo*)e)->FileNameLength;
      if (n < 32) {
        wcsncpy(names[n], name, len / 2);
        names[n++][len / 2] = 0;
      }
      if (!((ULONG*)e)[0]) break;
    }
  }
  qsort(names, n, sizeof names[0], compare);
  printf("class %lu%s%ls: end 0x%lx,", cls, mask_text ? " mask " : "", mask_text ? mask_text : L"", (unsigned long)s);
  for (int i = 0; i < n; ++i) printf(" %ls", names[i]);
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  QueryDir_fn query_dir = (QueryDir_fn)GetProcAddress(ntdll, "NtQueryDirectoryFile");
  SetInfo_fn set_info = (SetInfo_fn)GetProcAddress(ntdll, "NtSetInformationFile");
  QueryVolume_fn query_volume = (QueryVolume_fn)GetProcAddress(ntdll, "NtQueryVolumeInformationFile");
  QuerySystem_fn query_system = (QuerySystem_fn)GetProcAddress(ntdll, "NtQuerySystemInformation");
  QueryProcess_fn query_process = (QueryProcess_fn)GetProcAddress(ntdll, "NtQueryInformationProcess");
  Backtrace_fn backtrace = (Backtrace_fn)GetProcAddress(ntdll, "RtlCaptureStackBackTrace");

  GetTempPathW(MAX_PATH, dir);
  swprintf(dir + wcslen(dir), MAX_PATH, L"native-%lu", GetCurrentProcessId());
  CreateDirectoryW(dir, NULL);
  make(L"alpha.txt", "aaaa");
  make(L"beta.log", "bb");
  make(L"gamma.txt", "g");
  WCHAR p[MAX_PATH];
  path_of(p, L"sub");
  CreateDirectoryW(p, NULL);

  HANDLE d = open_dir();
  list(query_dir, d, 1, NULL);
  list(query_dir, d, 12, NULL);
  list(query_dir, d, 1, L"BETA.LOG"); /* (a later call's mask is ignored: the first call's holds) */
  HANDLE masked = open_dir();
  list(query_dir, masked, 37, L"*.txt");
  list(query_dir, masked, 37, NULL);
  CloseHandle(masked);
  masked = open_dir();
  list(query_dir, masked, 1, L"BETA.LOG");
  CloseHandle(masked);
  IO_STATUS_BLOCK io;
  NTSTATUS s;
  BYTE buf[4096];
  printf("a file's listing: 0x%lx\n", (unsigned long)query_dir(GetStdHandle(STD_OUTPUT_HANDLE), NULL, NULL, NULL, &io, buf,
                                                              sizeof buf, 1, FALSE, NULL, TRUE) != 0);

  /* NtSetInformationFile: the end of file, the position, a rename, a delete. */
  path_of(p, L"alpha.txt");
  HANDLE f = CreateFileW(p, GENERIC_READ | GENERIC_WRITE | DELETE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
  LARGE_INTEGER eof;
  eof.QuadPart = 10;
  s = set_info(f, &io, &eof, sizeof eof, 20);
  printf("end of file: 0x%lx, size %lu\n", (unsigned long)s, GetFileSize(f, NULL));
  LARGE_INTEGER pos;
  pos.QuadPart = 3;
  s = set_info(f, &io, &pos, sizeof pos, 14);
  printf("position: 0x%lx, at %lu\n", (unsigned long)s, SetFilePointer(f, 0, NULL, FILE_CURRENT));
  BYTE rename[sizeof(FILE_RENAME_INFO) + MAX_PATH * 2];
  FILE_RENAME_INFO* ri = (FILE_RENAME_INFO*)rename;
  memset(rename, 0, sizeof rename);
  wcscpy(ri->FileName, L"\\??\\");
  path_of(ri->FileName + 4, L"delta.txt");
  ri->FileNameLength = (DWORD)(wcslen(ri->FileName) * 2);
  s = set_info(f, &io, ri, sizeof rename, 10);
  path_of(p, L"delta.txt");
  printf("rename: 0x%lx, the new name exists %d\n", (unsigned long)s, GetFileAttributesW(p) != INVALID_FILE_ATTRIBUTES);
  BOOLEAN del = TRUE;
  s = set_info(f, &io, &del, sizeof del, 13);
  CloseHandle(f);
  printf("delete: 0x%lx, gone after the close %d\n", (unsigned long)s, GetFileAttributesW(p) == INVALID_FILE_ATTRIBUTES);
  wcscpy(ri->FileName, L"epsilon.txt"); /* a simple name: in the file's directory */
  ri->FileNameLength = (DWORD)(wcslen(ri->FileName) * 2);
  path_of(p, L"gamma.txt");
  f = CreateFileW(p, GENERIC_READ | DELETE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
  s = set_info(f, &io, ri, sizeof rename, 10);
  CloseHandle(f);
  path_of(p, L"epsilon.txt");
  printf("rename to a simple name: 0x%lx, in the same directory %d\n", (unsigned long)s,
         GetFileAttributesW(p) != INVALID_FILE_ATTRIBUTES);
  path_of(ri->FileName, L"gamma.txt"); /* (back where it was, for what follows) */
  MoveFileW(p, ri->FileName);

  /* Volumes and devices. */
  ULONG device[2];
  path_of(p, L"gamma.txt");
  f = CreateFileW(p, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  s = query_volume(f, &io, device, sizeof device, 4);
  printf("a file's device: 0x%lx, type 0x%lx\n", (unsigned long)s, device[0]);
  HANDLE nul = CreateFileW(L"NUL", GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  s = query_volume(nul, &io, device, sizeof device, 4);
  printf("NUL's device: 0x%lx, type 0x%lx\n", (unsigned long)s, device[0]);
  HANDLE r, w;
  CreatePipe(&r, &w, NULL, 0);
  s = query_volume(r, &io, device, sizeof device, 4);
  printf("a pipe's device: 0x%lx, type 0x%lx\n", (unsigned long)s, device[0]);
  struct {
    ULONG attributes;
    LONG max_name;
    ULONG name_length;
    WCHAR name[16];
  } fs;
  s = query_volume(f, &io, &fs, sizeof fs, 5);
  DWORD serial = 0, max_component = 0;
  WCHAR fs_name[16];
  WCHAR root[4] = {dir[0], L':', L'\\', 0};
  GetVolumeInformationW(root, NULL, 0, &serial, &max_component, NULL, fs_name, 16);
  printf("file system: 0x%lx, named as GetVolumeInformation names it %d, longest name the same %d\n",
         (unsigned long)s, fs.name_length == wcslen(fs_name) * 2 && wcsncmp(fs.name, fs_name, fs.name_length / 2) == 0,
         (DWORD)fs.max_name == max_component);
  BYTE volume[64];
  s = query_volume(f, &io, volume, sizeof volume, 1);
  printf("volume: 0x%lx, serial as GetVolumeInformation's %d\n", (unsigned long)s, *(DWORD*)(volume + 8) == serial);
  CloseHandle(f);

  /* The system and the process. */
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  BYTE basic[64];
  ULONG got = 0;
  s = query_system(0 /* SystemBasicInformation */, basic, sizeof basic, &got);
  printf("system: 0x%lx, page size %lu, processors as GetSystemInfo's %d\n", (unsigned long)s, *(ULONG*)(basic + 8),
         basic[got - 8 + (sizeof(void*) == 8 ? 0 : 4)] == si.dwNumberOfProcessors);
  BYTE times[48 * 64];
  s = query_system(8 /* SystemProcessorPerformanceInformation */, times, sizeof times, &got);
  printf("processor times: 0x%lx, one entry a processor %d\n", (unsigned long)s, got == 48 * si.dwNumberOfProcessors);
  s = query_system(0, basic, 8, &got);
  printf("too small: 0x%lx\n", (unsigned long)s);
  PROCESS_BASIC_INFORMATION pbi;
  s = query_process(GetCurrentProcess(), ProcessBasicInformation, &pbi, sizeof pbi, &got);
  printf("process: 0x%lx, its id %d, its PEB %d, size %d\n", (unsigned long)s,
         pbi.UniqueProcessId == (ULONG_PTR)GetCurrentProcessId(), pbi.PebBaseAddress == NtCurrentTeb()->ProcessEnvironmentBlock,
         got == sizeof pbi);

  /* A backtrace: this function's caller is the C runtime's start-up code, in the program. */
  PVOID frames[8];
  ULONG hash = 0;
  USHORT n = backtrace(0, 8, frames, &hash);
  HMODULE self = GetModuleHandleW(NULL), at = NULL;
  GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, (LPCWSTR)frames[0], &at);
  ULONG_PTR sum = 0;
  for (USHORT i = 0; i < n; ++i) sum += (ULONG_PTR)frames[i];
  (void)sum;
  printf("backtrace: at least 2 frames %d, the first in the program %d\n", n >= 2, at == self);

  /* Logical processors: the cores hold every processor once. */
  DWORD len = 0;
  GetLogicalProcessorInformation(NULL, &len);
  SYSTEM_LOGICAL_PROCESSOR_INFORMATION* lpi = (SYSTEM_LOGICAL_PROCESSOR_INFORMATION*)HeapAlloc(GetProcessHeap(), 0, len);
  BOOL ok = GetLogicalProcessorInformation(lpi, &len);
  ULONG_PTR cores = 0;
  int overlap = 0, nodes = 0;
  for (DWORD i = 0; i < len / sizeof *lpi; ++i) {
    if (lpi[i].Relationship == RelationProcessorCore) {
      overlap |= (cores & lpi[i].ProcessorMask) != 0;
      cores |= lpi[i].ProcessorMask;
    }
    nodes += lpi[i].Relationship == RelationNumaNode;
  }
  printf("logical processors: %d, the cores' processors are the process's %d, no processor twice %d, a node %d\n", ok,
         cores == si.dwActiveProcessorMask, !overlap, nodes >= 1);

#ifdef _WIN64
  /* A function table registered for code made at run time: looked up there, and gone once deleted. */
  BYTE* code = (BYTE*)VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
  RUNTIME_FUNCTION* table = (RUNTIME_FUNCTION*)(code + 2048);
  table[0].BeginAddress = 0x10;
  table[0].EndAddress = 0x20;
  table[0].UnwindData = 0x100;
  code[0x100] = 1; /* UNWIND_INFO version 1, no codes */
  DWORD64 base = 0;
  BOOLEAN added = RtlAddFunctionTable(table, 1, (DWORD64)code);
  PRUNTIME_FUNCTION found = RtlLookupFunctionEntry((DWORD64)code + 0x18, &base, NULL);
  printf("function table: added %d, found %d, base %d\n", added, found == table, base == (DWORD64)code);
  BOOLEAN deleted = RtlDeleteFunctionTable(table);
  printf("deleted %d, then found %d\n", deleted, RtlLookupFunctionEntry((DWORD64)code + 0x18, &base, NULL) != NULL);
#else
  printf("function table: added 1, found 1, base 1\ndeleted 1, then found 0\n");
#endif

  path_of(p, L"beta.log");
  DeleteFileW(p);
  path_of(p, L"gamma.txt");
  DeleteFileW(p);
  path_of(p, L"sub");
  RemoveDirectoryW(p);
  CloseHandle(d);
  RemoveDirectoryW(dir);
  return 0;
}
