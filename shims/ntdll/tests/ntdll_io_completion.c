/* NTDLL's I/O completion ports: NtCreateIoCompletion (named, and opened again by name),
 * NtSetIoCompletion, NtQueryIoCompletion's depth, NtRemoveIoCompletion and NtRemoveIoCompletionEx,
 * timeouts, and KERNEL32's GetQueuedCompletionStatus on a port the native API made. Expected
 * output: wine 8.0's (x64). */
#include <stdio.h>
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
  ULONG_PTR KeyContext;
  void* ApcContext;
  IOSB IoStatusBlock;
} COMPLETION_INFO;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * create)(HANDLE*, ACCESS_MASK, OA*, ULONG) = (void*)FN("NtCreateIoCompletion");
  NTSTATUS(NTAPI * open)(HANDLE*, ACCESS_MASK, OA*) = (void*)FN("NtOpenIoCompletion");
  NTSTATUS(NTAPI * set)(HANDLE, ULONG_PTR, ULONG_PTR, NTSTATUS, ULONG_PTR) = (void*)FN("NtSetIoCompletion");
  NTSTATUS(NTAPI * remove)(HANDLE, ULONG_PTR*, ULONG_PTR*, IOSB*, LARGE_INTEGER*) = (void*)FN("NtRemoveIoCompletion");
  NTSTATUS(NTAPI * remove_ex)(HANDLE, COMPLETION_INFO*, ULONG, ULONG*, LARGE_INTEGER*, BOOLEAN) =
      (void*)FN("NtRemoveIoCompletionEx");
  NTSTATUS(NTAPI * query)(HANDLE, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtQueryIoCompletion");
  printf("found: %d %d %d %d %d %d, Zw: %d\n", create != NULL, open != NULL, set != NULL, remove != NULL, remove_ex != NULL,
         query != NULL, FN("ZwRemoveIoCompletion") != NULL);

  WCHAR name[64];
  DWORD session = 0;
  session = 1; /* (the interactive session) */
  swprintf(name, 64, L"\\Sessions\\%lu\\BaseNamedObjects\\polyrun_port_%lu", session, GetCurrentProcessId());
  USTR u = {(USHORT)(wcslen(name) * 2), (USHORT)(wcslen(name) * 2 + 2), name};
  OA oa = {sizeof oa, NULL, &u, 0x40};
  HANDLE port = NULL, again = NULL;
  printf("create: 0x%lx\n", S(create(&port, IO_COMPLETION_ALL_ACCESS, &oa, 0)));
  printf("open by name: 0x%lx\n", S(open(&again, IO_COMPLETION_ALL_ACCESS, &oa)));

  LONG depth = -1;
  ULONG len = 0;
  NTSTATUS s = query(port, 0, &depth, sizeof depth, &len);
  printf("depth: 0x%lx, %ld, %lu bytes\n", S(s), depth, len);
  printf("set: 0x%lx, ", S(set(port, 1, 0x10, 0, 100)));
  printf("0x%lx, ", S(set(again, 2, 0x20, 0xc0000001, 200)));
  printf("0x%lx\n", S(set(port, 3, 0x30, 0, 300)));
  query(port, 0, &depth, sizeof depth, &len);
  printf("depth: %ld\n", depth);

  ULONG_PTR key = 0, context = 0;
  IOSB io = {{0}, 0};
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  s = remove(port, &key, &context, &io, &zero);
  printf("remove: 0x%lx, key %lu, context 0x%lx, status 0x%lx, information %lu\n", S(s), S(key), S(context),
         S(io.Status), S(io.Information));
  COMPLETION_INFO entries[4];
  ULONG removed = 0;
  s = remove_ex(again, entries, 4, &removed, &zero, FALSE);
  printf("remove ex: 0x%lx, %lu removed\n", S(s), removed);
  for (ULONG i = 0; i < removed; ++i)
    printf("  key %lu, context 0x%lx, status 0x%lx, information %lu\n", S(entries[i].KeyContext),
           S((ULONG_PTR)entries[i].ApcContext), S(entries[i].IoStatusBlock.Status), S(entries[i].IoStatusBlock.Information));
  LARGE_INTEGER short_wait;
  short_wait.QuadPart = -200000;
  s = remove(port, &key, &context, &io, &short_wait);
  printf("remove from an empty port: 0x%lx\n", S(s));
  s = remove_ex(port, entries, 4, &removed, &zero, FALSE);
  printf("remove ex from an empty port: 0x%lx\n", S(s));

  set(port, 9, 0x90, 0, 900);
  DWORD bytes = 0;
  ULONG_PTR k32key = 0;
  OVERLAPPED* ov = NULL;
  BOOL ok = GetQueuedCompletionStatus(port, &bytes, &k32key, &ov, 0);
  printf("GetQueuedCompletionStatus: %d, %lu bytes, key %lu, overlapped 0x%lx\n", ok, bytes, S(k32key), S((ULONG_PTR)ov));
  PostQueuedCompletionStatus(port, 5, 6, (OVERLAPPED*)0x70);
  s = remove(again, &key, &context, &io, &zero);
  printf("KERNEL32's packet: 0x%lx, key %lu, context 0x%lx, information %lu\n", S(s), S(key), S(context),
         S(io.Information));

  HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
  printf("set on an event: 0x%lx\n", S(set(ev, 1, 1, 0, 1)));
  printf("query a bad class: 0x%lx\n", S(query(port, 5, &depth, sizeof depth, &len)));
  CloseHandle(again);
  CloseHandle(port);
  printf("open after every handle closed: 0x%lx\n", S(open(&again, IO_COMPLETION_ALL_ACCESS, &oa)));
  return 0;
}
