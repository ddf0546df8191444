/* NTDLL's file functions by name (NtQueryAttributesFile, NtQueryFullAttributesFile, NtDeleteFile,
 * relative to a directory's handle too), NtFlushBuffersFile, NtCancelIoFile, and the WOW64 machine
 * functions (RtlWow64GetProcessMachines, RtlWow64GetCurrentMachine,
 * RtlWow64IsWowGuestMachineSupported). Expected output: wine 8.0's (x64); the i686 build has its own
 * for the machines' lines (a 32-bit process on 64-bit Windows). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef struct {
  ULONG Length;
  HANDLE RootDirectory;
  USTR* ObjectName;
  ULONG Attributes;
  PVOID SecurityDescriptor, SecurityQualityOfService;
} OA;
typedef struct {
  union {
    NTSTATUS Status;
    PVOID Pointer;
  };
  ULONG_PTR Information;
} IOSB;
typedef struct {
  LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
  ULONG FileAttributes;
} BASIC;
typedef struct {
  LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime, AllocationSize, EndOfFile;
  ULONG FileAttributes;
} NETWORK_OPEN;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * query_attributes)(OA*, BASIC*) = (void*)FN("NtQueryAttributesFile");
  NTSTATUS(NTAPI * query_full)(OA*, NETWORK_OPEN*) = (void*)FN("NtQueryFullAttributesFile");
  NTSTATUS(NTAPI * delete_file)(OA*) = (void*)FN("NtDeleteFile");
  NTSTATUS(NTAPI * flush)(HANDLE, IOSB*) = (void*)FN("NtFlushBuffersFile");
  NTSTATUS(NTAPI * cancel)(HANDLE, IOSB*) = (void*)FN("NtCancelIoFile");
  printf("found: %d %d %d %d %d\n", query_attributes != NULL, query_full != NULL, delete_file != NULL, flush != NULL,
         cancel != NULL);

  CreateDirectoryA("ntdll_file_names_dir", NULL);
  HANDLE f = CreateFileA("ntdll_file_names_dir\\data.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD written = 0;
  WriteFile(f, "twelve bytes", 12, &written, NULL);
  IOSB io = {{0}, 99};
  NTSTATUS s = flush(f, &io);
  printf("flush: 0x%lx, status 0x%lx, information %lu\n", S(s), S(io.Status), S(io.Information));
  io.Information = 99;
  s = cancel(f, &io);
  printf("cancel with nothing pending: 0x%lx, status 0x%lx\n", S(s), S(io.Status));
  CloseHandle(f);

  WCHAR full[MAX_PATH], nt[MAX_PATH + 8];
  GetFullPathNameW(L"ntdll_file_names_dir\\data.txt", MAX_PATH, full, NULL);
  swprintf(nt, MAX_PATH + 8, L"\\??\\%ls", full);
  USTR name = {(USHORT)(wcslen(nt) * 2), (USHORT)(wcslen(nt) * 2 + 2), nt};
  OA oa = {sizeof oa, NULL, &name, 0x40};
  BASIC basic;
  memset(&basic, 0, sizeof basic);
  s = query_attributes(&oa, &basic);
  printf("attributes: 0x%lx, 0x%lx, a write time: %d\n", S(s), basic.FileAttributes, basic.LastWriteTime.QuadPart != 0);
  NETWORK_OPEN open_info;
  memset(&open_info, 0, sizeof open_info);
  s = query_full(&oa, &open_info);
  printf("full attributes: 0x%lx, 0x%lx, end of file %lld\n", S(s), open_info.FileAttributes, open_info.EndOfFile.QuadPart);

  HANDLE dir = CreateFileA("ntdll_file_names_dir", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
  USTR rel = {16, 18, L"data.txt"};
  OA roa = {sizeof roa, dir, &rel, 0x40};
  s = query_attributes(&roa, &basic);
  printf("relative to the directory: 0x%lx, 0x%lx\n", S(s), basic.FileAttributes);
  USTR dname;
  WCHAR dfull[MAX_PATH], dnt[MAX_PATH + 8];
  GetFullPathNameW(L"ntdll_file_names_dir", MAX_PATH, dfull, NULL);
  swprintf(dnt, MAX_PATH + 8, L"\\??\\%ls", dfull);
  dname.Buffer = dnt;
  dname.Length = (USHORT)(wcslen(dnt) * 2);
  dname.MaximumLength = dname.Length + 2;
  OA doa = {sizeof doa, NULL, &dname, 0x40};
  s = query_attributes(&doa, &basic);
  printf("the directory: 0x%lx, 0x%lx\n", S(s), basic.FileAttributes);

  s = delete_file(&roa);
  printf("delete, relative: 0x%lx, gone: %d\n", S(s), GetFileAttributesA("ntdll_file_names_dir\\data.txt") == INVALID_FILE_ATTRIBUTES);
  printf("query it now: 0x%lx\n", S(query_attributes(&oa, &basic)));
  printf("delete it again: 0x%lx\n", S(delete_file(&oa)));
  CloseHandle(dir);
  s = delete_file(&doa);
  printf("delete the empty directory: 0x%lx, gone: %d\n", S(s), GetFileAttributesA("ntdll_file_names_dir") == INVALID_FILE_ATTRIBUTES);
  USTR bad = {8, 10, L"C:\\x"};
  OA boa = {sizeof boa, NULL, &bad, 0x40};
  printf("a DOS name: 0x%lx\n", S(query_attributes(&boa, &basic)));
  printf("flush a bad handle: 0x%lx\n", S(flush((HANDLE)0x7ff0, &io)));

  NTSTATUS(NTAPI * machines)(HANDLE, USHORT*, USHORT*) = (void*)FN("RtlWow64GetProcessMachines");
  USHORT(NTAPI * current)(void) = (void*)FN("RtlWow64GetCurrentMachine");
  NTSTATUS(NTAPI * supported)(USHORT, BOOLEAN*) = (void*)FN("RtlWow64IsWowGuestMachineSupported");
  USHORT process = 1, host = 1;
  s = machines(GetCurrentProcess(), &process, &host);
  printf("machines: 0x%lx, process 0x%x, native 0x%x, current 0x%x\n", S(s), process, host, current());
  BOOLEAN yes = 9, no = 9;
  supported(0x14c, &yes);
  supported(0x1c4, &no);
  printf("i386 guests: %d, ARM guests: %d\n", yes, no);
  return 0;
}
