/* NTDLL's loader functions: resources (LdrFindResource_U, LdrFindResourceDirectory_U at each level
 * with the language fallbacks, LdrAccessResource, RtlFindMessage over the program's message table,
 * ntdll_loader.rc), the loader's entries (LdrEnumerateLoadedModules, LdrFindEntryForAddress,
 * LdrQueryProcessModuleInformation), the loader lock across threads (LdrLockLoaderLock,
 * LdrUnlockLoaderLock), DLL notifications around loading and unloading ntdll_loader_lib.dll
 * (LdrRegisterDllNotification, LdrUnregisterDllNotification) and the image file execution options
 * of a program with none (LdrQueryImageFileExecutionOptions). Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef struct {
  ULONG_PTR Type, Name;
  ULONG Language;
} RES_INFO;
typedef struct {
  LIST_ENTRY InLoadOrderLinks, InMemoryOrderLinks, InInitializationOrderLinks;
  void* DllBase;
  void* EntryPoint;
  ULONG SizeOfImage;
  USTR FullDllName, BaseDllName;
  ULONG Flags;
  USHORT LoadCount, TlsIndex;
} LDR_ENTRY;
typedef struct {
  HANDLE Section;
  void* MappedBase;
  void* ImageBase;
  ULONG ImageSize, Flags;
  USHORT LoadOrderIndex, InitOrderIndex, LoadCount, OffsetToFileName;
  char FullPathName[256];
} MODULE_INFO;
typedef struct {
  ULONG Count;
  MODULE_INFO Modules[1];
} MODULES;
typedef struct {
  void* BaseAddress;
  SIZE_T SizeOfImage;
  ULONG Sequence, TimeDateStamp, CheckSum;
  WCHAR ImageName[32];
} UNLOAD_TRACE;
typedef struct {
  ULONG Flags;
  const USTR* FullDllName;
  const USTR* BaseDllName;
  void* DllBase;
  ULONG SizeOfImage;
} NOTIFICATION_DATA;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)

static NTSTATUS(NTAPI* find_resource)(HMODULE, RES_INFO*, ULONG, IMAGE_RESOURCE_DATA_ENTRY**);
static NTSTATUS(NTAPI* find_directory)(HMODULE, RES_INFO*, ULONG, IMAGE_RESOURCE_DIRECTORY**);
static NTSTATUS(NTAPI* access_resource)(HMODULE, IMAGE_RESOURCE_DATA_ENTRY*, void**, ULONG*);
static NTSTATUS(NTAPI* find_message)(HMODULE, ULONG, ULONG, ULONG, MESSAGE_RESOURCE_ENTRY**);
static NTSTATUS(NTAPI* enumerate)(void*, void*, void*);
static NTSTATUS(NTAPI* find_entry)(const void*, LDR_ENTRY**);
static NTSTATUS(NTAPI* query_modules)(MODULES*, ULONG, ULONG*);
static NTSTATUS(NTAPI* lock)(ULONG, ULONG*, ULONG_PTR*);
static NTSTATUS(NTAPI* unlock)(ULONG, ULONG_PTR);
static NTSTATUS(NTAPI* register_notification)(ULONG, void*, void*, void**);
static NTSTATUS(NTAPI* unregister_notification)(void*);
static NTSTATUS(NTAPI* query_options)(const USTR*, const WCHAR*, ULONG, void*, ULONG, ULONG*);

static HMODULE exe;

static void resource(ULONG_PTR type, ULONG_PTR name, ULONG lang, const char* what) {
  RES_INFO info = {type, name, lang};
  IMAGE_RESOURCE_DATA_ENTRY* e = NULL;
  NTSTATUS st = find_resource(exe, &info, 3, &e);
  printf("find %s lang %04lx: %08lx", what, lang, st);
  if (!st) {
    void* data = NULL;
    ULONG size = 0;
    NTSTATUS a = access_resource(exe, e, &data, &size);
    printf(" access %08lx size %lu \"%s\" in image %d", a, size, (char*)data,
           (char*)data > (char*)exe && (char*)data < (char*)exe + 0x100000);
  }
  printf("\n");
}

static void directory(ULONG level, ULONG_PTR type, ULONG_PTR name, const char* what) {
  RES_INFO info = {type, name, 0};
  IMAGE_RESOURCE_DIRECTORY* d = NULL;
  NTSTATUS st = find_directory(exe, &info, level, &d);
  printf("directory level %lu %s: %08lx", level, what, st);
  if (!st) printf(" named %u ids %u", d->NumberOfNamedEntries, d->NumberOfIdEntries);
  printf("\n");
}

static void message(ULONG id, ULONG lang) {
  MESSAGE_RESOURCE_ENTRY* m = NULL;
  NTSTATUS st = find_message(exe, 11, lang, id, &m);
  printf("message %lx lang %04lx: %08lx", id, lang, st);
  if (!st) {
    printf(" length %u flags %u ", m->Length, m->Flags);
    if (m->Flags & 1)
      printf("\"%ls\"", (WCHAR*)m->Text);
    else
      printf("\"%.3s\"", (char*)m->Text);
  }
  printf("\n");
}

static int seen, seen_exe, seen_ntdll, seen_kernel32, stop_after;
static void NTAPI each_module(LDR_ENTRY* e, void* context, BOOLEAN* stop) {
  ++seen;
  if (context != (void*)0x77) printf("  wrong context %p\n", context);
  if (seen == 1 && e->DllBase == (void*)exe) seen_exe = 1;
  if (e->BaseDllName.Buffer && !_wcsnicmp(e->BaseDllName.Buffer, L"ntdll.dll", e->BaseDllName.Length / 2) &&
      e->BaseDllName.Length == 18)
    seen_ntdll = 1;
  if (e->BaseDllName.Buffer && !_wcsnicmp(e->BaseDllName.Buffer, L"kernel32.dll", e->BaseDllName.Length / 2) &&
      e->BaseDllName.Length == 24)
    seen_kernel32 = 1;
  if (stop_after && seen == stop_after) *stop = TRUE;
}

/* Another thread, made before the lock is taken (a thread starting needs the loader lock), tries
 * to take it each time it is asked to. */
static ULONG_PTR other_cookie;
static ULONG other_disposition;
static NTSTATUS other_status;
static int other_own_id;
static HANDLE ask, done;
static DWORD WINAPI try_lock(void* arg) {
  (void)arg;
  SetEvent(done);  /* started */
  for (;;) {
    WaitForSingleObject(ask, INFINITE);
    other_cookie = 0;
    other_disposition = 9;
    other_status = lock(2, &other_disposition, &other_cookie);
    other_own_id = other_cookie == GetCurrentThreadId();
    if (!other_status && other_disposition == 1) unlock(0, other_cookie);
    SetEvent(done);
  }
  return 0;
}
static void other_tries(void) {
  SetEvent(ask);
  WaitForSingleObject(done, INFINITE);
}

static void NTAPI notified(ULONG reason, const NOTIFICATION_DATA* data, void* context) {
  HMODULE h = GetModuleHandleA("ntdll_loader_lib.dll");
  printf("  notification %lu context %p flags %lx base %.*ls full ends with it %d dllbase is module %d size %d\n",
         reason, context, data->Flags, data->BaseDllName->Length / 2, data->BaseDllName->Buffer,
         data->FullDllName->Length >= data->BaseDllName->Length &&
             !memcmp((char*)data->FullDllName->Buffer + data->FullDllName->Length - data->BaseDllName->Length,
                     data->BaseDllName->Buffer, data->BaseDllName->Length),
         reason == 1 ? data->DllBase == (void*)h || h == NULL : 1, data->SizeOfImage > 0);
  fflush(stdout);
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  exe = GetModuleHandleA(NULL);
  find_resource = (void*)FN("LdrFindResource_U");
  find_directory = (void*)FN("LdrFindResourceDirectory_U");
  access_resource = (void*)FN("LdrAccessResource");
  find_message = (void*)FN("RtlFindMessage");
  enumerate = (void*)FN("LdrEnumerateLoadedModules");
  find_entry = (void*)FN("LdrFindEntryForAddress");
  query_modules = (void*)FN("LdrQueryProcessModuleInformation");
  lock = (void*)FN("LdrLockLoaderLock");
  unlock = (void*)FN("LdrUnlockLoaderLock");
  register_notification = (void*)FN("LdrRegisterDllNotification");
  unregister_notification = (void*)FN("LdrUnregisterDllNotification");
  query_options = (void*)FN("LdrQueryImageFileExecutionOptions");
  printf("functions: %d%d%d%d %d%d%d %d%d %d%d %d\n", !!find_resource, !!find_directory, !!access_resource,
         !!find_message, !!enumerate, !!find_entry, !!query_modules, !!lock, !!unlock, !!register_notification,
         !!unregister_notification, !!query_options);

  /* Resources. */
  resource(10, 5, 0x409, "rcdata 5");
  resource(10, 5, 0x407, "rcdata 5");
  resource(10, 5, 0x0407 & 0x3ff, "rcdata 5");
  resource(10, 5, 0, "rcdata 5");
  resource(10, 5, 0x40c, "rcdata 5");
  resource(10, 7, 0x409, "rcdata 7");
  resource(10, 7, 0x40c, "rcdata 7");
  resource(10, 8, 0, "rcdata 8");
  resource(0x7777, 5, 0, "type 7777");
  resource((ULONG_PTR)L"MYTYPE", (ULONG_PTR)L"MYNAME", 0, "MYTYPE/MYNAME");
  resource((ULONG_PTR)L"MYTYPE", 1, 0, "MYTYPE/1");
  {
    RES_INFO info = {10, 5, 0x409};
    IMAGE_RESOURCE_DATA_ENTRY* e = (void*)1;
    printf("find_resource level 1: %08lx\n", find_resource(exe, &info, 1, &e));
    printf("find_resource level 2: %08lx\n", find_resource(exe, &info, 2, &e));
    printf("find_resource level 4: %08lx\n", find_resource(exe, &info, 4, &e));
    NTSTATUS st = find_resource(exe, &info, 3, &e);
    ULONG size = 0;
    NTSTATUS a = access_resource(exe, e, NULL, &size);
    printf("access size only: %08lx %lu\n", a, size);
    void* data = NULL;
    a = st ? st : access_resource(exe, e, &data, NULL);
    printf("access data only: %08lx %d\n", a, data != NULL);
  }
  directory(0, 0, 0, "root");
  directory(1, 10, 0, "rcdata");
  directory(2, 10, 5, "rcdata/5");
  directory(3, 10, 5, "rcdata/5/lang");
  directory(1, 0x7777, 0, "type 7777");
  directory(2, 10, 9, "rcdata/9");

  /* The message table. */
  message(1, 0x409);
  message(2, 0x409);
  message(0x100, 0x409);
  message(3, 0x409);
  message(0xff, 0x409);
  message(1, 0);
  message(1, 0x407);

  /* The loader's entries. */
  printf("enumerate reserved: %08lx\n", enumerate((void*)1, (void*)each_module, NULL));
  printf("enumerate no callback: %08lx\n", enumerate(NULL, NULL, NULL));
  NTSTATUS st = enumerate(NULL, (void*)each_module, (void*)0x77);
  printf("enumerate: %08lx first is exe %d ntdll %d kernel32 %d more than 2 %d\n", st, seen_exe, seen_ntdll,
         seen_kernel32, seen > 2);
  seen = 0;
  stop_after = 2;
  st = enumerate(NULL, (void*)each_module, (void*)0x77);
  printf("enumerate stopped: %08lx seen %d\n", st, seen);

  LDR_ENTRY* e = NULL;
  st = find_entry((char*)exe + 0x1000, &e);
  printf("find entry in exe: %08lx base is exe %d name %.*ls size covers %d flags dll %lu\n", st,
         e && e->DllBase == (void*)exe, e ? e->BaseDllName.Length / 2 : 0, e ? e->BaseDllName.Buffer : L"",
         e && e->SizeOfImage > 0x1000, e ? e->Flags & 4 : 9);
  printf("  full name ends with the base name %d, base name is in the full name's buffer %d\n",
         e && !wcsncmp(e->FullDllName.Buffer + (e->FullDllName.Length - e->BaseDllName.Length) / 2,
                       e->BaseDllName.Buffer, e->BaseDllName.Length / 2),
         e && e->BaseDllName.Buffer == e->FullDllName.Buffer + (e->FullDllName.Length - e->BaseDllName.Length) / 2);
  LDR_ENTRY* again = NULL;
  find_entry((char*)exe + 0x10, &again);
  printf("find entry again: same %d\n", again == e);
  int local;
  e = (void*)1;
  printf("find entry on the stack: %08lx untouched %d\n", find_entry(&local, &e), e == (void*)1);

  ULONG need = 0;
  MODULES small;
  memset(&small, 0xcc, sizeof small);
  st = query_modules(&small, sizeof(ULONG), &need);
  printf("module information, no room: %08lx count %lu need more %d\n", st, small.Count, need > sizeof(ULONG));
  MODULES* all = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, need + 512);
  ULONG need2 = 0;
  st = query_modules(all, need + 512, &need2);
  char exe_name[MAX_PATH];
  GetModuleFileNameA(NULL, exe_name, MAX_PATH);
  const char* exe_file = strrchr(exe_name, '\\') ? strrchr(exe_name, '\\') + 1 : exe_name;
  printf("module information: %08lx need same %d count fits %d first is exe %d order %u name %s offset ok %d\n", st,
         need2 == need, all->Count > 2 && all->Count * sizeof(MODULE_INFO) < need, all->Modules[0].ImageBase == exe,
         all->Modules[0].LoadOrderIndex, all->Modules[0].FullPathName + all->Modules[0].OffsetToFileName,
         !_stricmp(all->Modules[0].FullPathName + all->Modules[0].OffsetToFileName, exe_file));
  printf("  second order %u mapped base is image base %d\n", all->Modules[1].LoadOrderIndex,
         all->Modules[1].MappedBase == all->Modules[1].ImageBase);
  HeapFree(GetProcessHeap(), 0, all);

  /* The loader lock. */
  ask = CreateEventA(NULL, FALSE, FALSE, NULL);
  done = CreateEventA(NULL, FALSE, FALSE, NULL);
  CloseHandle(CreateThread(NULL, 0, try_lock, NULL, 0, NULL));
  WaitForSingleObject(done, INFINITE);
  ULONG disposition = 9;
  ULONG_PTR cookie = 9;
  st = lock(4, &disposition, &cookie);
  printf("lock bad flags: %08lx disposition %lu cookie %lu\n", st, disposition, (ULONG)cookie);
  printf("lock try without disposition: %08lx\n", lock(2, NULL, &cookie));
  printf("lock without cookie: %08lx\n", lock(0, &disposition, NULL));
  st = lock(0, &disposition, &cookie);
  printf("lock: %08lx disposition %lu cookie is thread id %d\n", st, disposition, cookie == GetCurrentThreadId());
  other_tries();
  printf("other thread tries: %08lx disposition %lu cookie %lu\n", other_status, other_disposition,
         (ULONG)other_cookie);
  ULONG_PTR cookie2 = 0;
  st = lock(2, &disposition, &cookie2);
  printf("lock again (try): %08lx disposition %lu\n", st, disposition);
  printf("unlock again: %08lx\n", unlock(0, cookie2));
  printf("unlock wrong cookie: %08lx\n", unlock(0, cookie + 1));
  printf("unlock: %08lx\n", unlock(0, cookie));
  other_tries();
  printf("other thread tries after: %08lx disposition %lu cookie is its id %d\n", other_status, other_disposition,
         other_own_id);
  printf("unlock no cookie: %08lx\n", unlock(0, 0));

  /* DLL notifications. */
  void* reg = (void*)1;
  printf("register no callback: %08lx\n", register_notification(0, NULL, NULL, &reg));
  printf("register no cookie: %08lx\n", register_notification(0, (void*)notified, NULL, NULL));
  st = register_notification(0, (void*)notified, (void*)0x1234, &reg);
  printf("register: %08lx cookie set %d\n", st, reg != NULL && reg != (void*)1);
  fflush(stdout);
  HMODULE lib = LoadLibraryA("ntdll_loader_lib.dll");
  printf("loaded %d\n", lib != NULL);
  fflush(stdout);
  FreeLibrary(lib);
  printf("freed\n");
  printf("unregister: %08lx\n", unregister_notification(reg));
  fflush(stdout);
  lib = LoadLibraryA("ntdll_loader_lib.dll");
  FreeLibrary(lib);
  printf("unregister null: %08lx\n", unregister_notification(NULL));

  /* The unload event trace: the DLL unloaded twice. */
  UNLOAD_TRACE* (NTAPI * get_trace)(void) = (void*)FN("RtlGetUnloadEventTrace");
  void(NTAPI * get_trace_ex)(ULONG**, ULONG**, void**) = (void*)FN("RtlGetUnloadEventTraceEx");
  printf("unload trace functions: %d %d\n", !!get_trace, !!get_trace_ex);
  if (get_trace && get_trace_ex) {
    UNLOAD_TRACE* trace = get_trace();
    ULONG *size = NULL, *count = NULL;
    UNLOAD_TRACE** pointer = NULL;
    get_trace_ex(&size, &count, (void**)&pointer);
    printf("  element size at least %d count %lu pointer to the array %d\n", *size >= sizeof(UNLOAD_TRACE), *count,
           pointer && *pointer == trace);
    int found = 0, stamps = 1;
    for (ULONG i = 0; i < *count; ++i) {
      UNLOAD_TRACE* e = (UNLOAD_TRACE*)((char*)trace + i * *size);
      if (!_wcsicmp(e->ImageName, L"ntdll_loader_lib.dll")) {
        if (e->Sequence != i || !e->SizeOfImage || !e->TimeDateStamp || !e->BaseAddress) stamps = 0;
        ++found;
      }
    }
    printf("  entries of the DLL %d, sequence numbers their places and bases, sizes and stamps set %d\n", found,
           stamps);
  }

  /* Image file execution options: none for this program. */
  USTR image;
  image.Buffer = L"C:\\apps\\ntdll_loader_no_options.exe";
  image.Length = (USHORT)(wcslen(image.Buffer) * 2);
  image.MaximumLength = image.Length + 2;
  DWORD value = 7;
  ULONG got = 9;
  st = query_options(&image, L"GlobalFlag", REG_DWORD, &value, sizeof value, &got);
  printf("image file execution options: %08lx value %lu size %lu\n", st, value, got);
  return 0;
}
