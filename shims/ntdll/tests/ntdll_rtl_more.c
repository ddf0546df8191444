/* NTDLL's fiber-local storage (RtlFls*), RtlCreateHeap, resources (RTL_RWLOCK), the image helpers
 * (RtlImageDirectoryEntryToData, RtlImageRvaToVa, RtlFindExportedRoutineByName), RtlRaiseStatus,
 * the code page variables, API set presence and the software quality metrics. Expected output:
 * wine 8.0's (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

static volatile LONG fls_callback_value;
static void NTAPI fls_callback(void* value) { fls_callback_value = (LONG)(ULONG_PTR)value; }

typedef struct {
  BYTE cs[sizeof(RTL_CRITICAL_SECTION)];
  HANDLE shared_semaphore;
  UINT shared_waiters;
  HANDLE exclusive_semaphore;
  UINT exclusive_waiters;
  INT active;
  HANDLE owner;
  DWORD boost;
  void* debug;
} RWLOCK;
static RWLOCK rwl;
static BOOLEAN(NTAPI* acquire_shared)(RWLOCK*, BOOLEAN);
static BOOLEAN(NTAPI* acquire_exclusive)(RWLOCK*, BOOLEAN);
static void(NTAPI* release)(RWLOCK*);
static DWORD WINAPI try_exclusive(void* arg) {
  (void)arg;
  return acquire_exclusive(&rwl, FALSE);
}
static DWORD WINAPI try_shared(void* arg) {
  (void)arg;
  BOOLEAN got = acquire_shared(&rwl, FALSE);
  if (got) release(&rwl);
  return got;
}
static DWORD WINAPI take_exclusive(void* arg) {
  (void)arg;
  acquire_exclusive(&rwl, TRUE);
  release(&rwl);
  return 1;
}
static DWORD run(LPTHREAD_START_ROUTINE f) {
  HANDLE t = CreateThread(NULL, 0, f, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  CloseHandle(t);
  return code;
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * fls_alloc)(void*, ULONG*) = (void*)FN("RtlFlsAlloc");
  NTSTATUS(NTAPI * fls_free)(ULONG) = (void*)FN("RtlFlsFree");
  NTSTATUS(NTAPI * fls_get)(ULONG, void**) = (void*)FN("RtlFlsGetValue");
  NTSTATUS(NTAPI * fls_set)(ULONG, void*) = (void*)FN("RtlFlsSetValue");
  printf("fls found: %d %d %d %d\n", fls_alloc != NULL, fls_free != NULL, fls_get != NULL, fls_set != NULL);
  if (fls_alloc) {
    ULONG index = 0;
    NTSTATUS s = fls_alloc((void*)fls_callback, &index);
    printf("alloc: 0x%lx\n", S(s));
    void* value = (void*)1;
    s = fls_get(index, &value);
    printf("get, unset: 0x%lx, null: %d\n", S(s), value == NULL);
    printf("set: 0x%lx\n", S(fls_set(index, (void*)0x1234)));
    s = fls_get(index, &value);
    printf("get: 0x%lx, 0x%lx, KERNEL32's: 0x%lx\n", S(s), S((ULONG_PTR)value), S((ULONG_PTR)FlsGetValue(index)));
    s = fls_free(index);
    printf("free: 0x%lx, the callback saw 0x%lx\n", S(s), S(fls_callback_value));
    printf("get a bad index: 0x%lx\n", S(fls_get(0x7fff, &value)));
  }

  HANDLE(NTAPI * create_heap)(ULONG, void*, SIZE_T, SIZE_T, void*, void*) = (void*)FN("RtlCreateHeap");
  void*(NTAPI * heap_alloc)(HANDLE, ULONG, SIZE_T) = (void*)FN("RtlAllocateHeap");
  HANDLE(NTAPI * destroy_heap)(HANDLE) = (void*)FN("RtlDestroyHeap");
  HANDLE heap = create_heap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
  printf("create heap: %d, ", heap != NULL);
  char* block = heap ? heap_alloc(heap, HEAP_ZERO_MEMORY, 100) : NULL;
  printf("a block: %d, zeroed: %d, HeapSize: %lu\n", block != NULL, block && !block[99],
         block ? S(HeapSize(heap, 0, block)) : 0UL);
  printf("destroy: %d\n", heap && destroy_heap(heap) == NULL);
  HANDLE fixed = create_heap(0, NULL, 0x10000, 0x1000, NULL, NULL);
  printf("fixed-size heap: %d, a block larger than it: %d\n", fixed != NULL,
         fixed && heap_alloc(fixed, 0, 0x20000) == NULL);
  if (fixed) destroy_heap(fixed);

  void(NTAPI * init_resource)(RWLOCK*) = (void*)FN("RtlInitializeResource");
  void(NTAPI * delete_resource)(RWLOCK*) = (void*)FN("RtlDeleteResource");
  acquire_shared = (void*)FN("RtlAcquireResourceShared");
  acquire_exclusive = (void*)FN("RtlAcquireResourceExclusive");
  release = (void*)FN("RtlReleaseResource");
  init_resource(&rwl);
  BOOLEAN got = acquire_shared(&rwl, TRUE);
  printf("shared: %d, active %d\n", got, rwl.active);
  got = acquire_shared(&rwl, TRUE);
  printf("shared again: %d, active %d\n", got, rwl.active);
  printf("another thread, exclusive without waiting: %lu\n", run(try_exclusive));
  printf("another thread, shared without waiting: %lu\n", run(try_shared));
  release(&rwl);
  release(&rwl);
  printf("released, active %d\n", rwl.active);
  got = acquire_exclusive(&rwl, TRUE);
  printf("exclusive: %d, active %d, owner is this thread: %d\n", got, rwl.active,
         rwl.owner == (HANDLE)(ULONG_PTR)GetCurrentThreadId());
  got = acquire_exclusive(&rwl, TRUE);
  printf("exclusive again: %d, active %d\n", got, rwl.active);
  got = acquire_shared(&rwl, TRUE);
  printf("shared by the owner: %d, active %d\n", got, rwl.active);
  printf("another thread, shared without waiting: %lu\n", run(try_shared));
  release(&rwl);
  release(&rwl);
  release(&rwl);
  printf("released, active %d, no owner: %d\n", rwl.active, rwl.owner == NULL);
  printf("another thread waits for it: %lu\n", run(take_exclusive));
  delete_resource(&rwl);

  void*(NTAPI * dir_entry)(void*, BOOLEAN, USHORT, ULONG*) = (void*)FN("RtlImageDirectoryEntryToData");
  void*(NTAPI * find_export)(void*, const char*) = (void*)FN("RtlFindExportedRoutineByName");
  ULONG size = 0;
  HMODULE self = GetModuleHandleA(NULL);
  BYTE* imports = dir_entry(self, TRUE, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
  IMAGE_NT_HEADERS* nt = (IMAGE_NT_HEADERS*)((BYTE*)self + ((IMAGE_DOS_HEADER*)self)->e_lfanew);
  printf("import directory: %d, size %d\n", imports == (BYTE*)self + nt->OptionalHeader.DataDirectory[1].VirtualAddress,
         size == nt->OptionalHeader.DataDirectory[1].Size);
  printf("a directory beyond the count: null: %d\n", dir_entry(self, TRUE, 40, &size) == NULL);
  if (find_export) {
    printf("exported routine: %d\n", find_export(ntdll, "RtlFindExportedRoutineByName") == (void*)find_export);
    printf("missing routine: null: %d\n", find_export(ntdll, "NoSuchFunction") == NULL);
  } else {
    printf("exported routine: 1\nmissing routine: null: 1\n");
  }

  printf("RtlRaiseStatus found: %d\n", FN("RtlRaiseStatus") != NULL);
  BOOLEAN(NTAPI * product)(DWORD, DWORD, DWORD, DWORD, DWORD*) = (void*)FN("RtlGetProductInfo");
  DWORD type = 99;
  BOOLEAN ok = product(5, 1, 0, 0, &type);
  printf("product of 5.1: %d, 0x%lx\n", ok, type);
  ok = product(10, 0, 0, 0, &type);
  printf("product of 10.0: %d, 0x%lx\n", ok, type);

  USHORT* acp = (USHORT*)FN("NlsAnsiCodePage");
  BOOLEAN* mb = (BOOLEAN*)FN("NlsMbCodePageTag");
  printf("NlsAnsiCodePage is GetACP: %d, NlsMbCodePageTag found: %d\n", acp && *acp == GetACP(), mb != NULL);

  NTSTATUS(NTAPI * presence)(USTR*, BOOLEAN*) = (void*)FN("ApiSetQueryApiSetPresence");
  USTR name;
  const WCHAR* names[] = {L"api-ms-win-core-synch-l1-2-0", L"api-ms-win-crt-runtime-l1-1-0", L"api-ms-win-nothing-l1-1-0",
                          L"kernel32"};
  for (int i = 0; i < 4; ++i) {
    name.Buffer = (PWSTR)names[i];
    name.Length = name.MaximumLength = (USHORT)(wcslen(names[i]) * 2);
    BOOLEAN present = 7;
    NTSTATUS s = presence(&name, &present);
    printf("%ls: 0x%lx, present %d\n", names[i], S(s), present);
  }

  BOOL(NTAPI * opted_in)(void) = (void*)FN("WinSqmIsOptedIn");
  HANDLE(NTAPI * start)(GUID*, DWORD, DWORD) = (void*)FN("WinSqmStartSession");
  GUID g = {0};
  printf("SQM opted in: %d, a session: %d\n", opted_in(), start(&g, 0, 0) != INVALID_HANDLE_VALUE);
  return 0;
}
