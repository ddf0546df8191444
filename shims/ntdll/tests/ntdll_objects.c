// The object manager's view of handles (NtQueryObject): the type of each kind of handle, the names
// of named objects, pipes and files, the basic information's inherit attribute, the handle flags
// (read, and set with NtSetInformationObject), the list of all types, and the statuses of a bad
// handle, a bad class and buffers too small. Also GetFinalPathNameByHandle's NT form of a path.
// Links: -lntdll
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <winternl.h>

typedef NTSTATUS(NTAPI* QueryObjectFn)(HANDLE, ULONG, PVOID, ULONG, PULONG);
typedef NTSTATUS(NTAPI* SetObjectFn)(HANDLE, ULONG, PVOID, ULONG);
static QueryObjectFn query;
static SetObjectFn set_information;

static union {
  char bytes[8192];
  void* align;
} buf;

static void type_of(const char* what, HANDLE h) {
  ULONG len = 0;
  NTSTATUS st = query(h, 2 /* ObjectTypeInformation */, buf.bytes, sizeof buf.bytes, &len);
  if (st) {
    printf("%-28s status %08lx\n", what, (unsigned long)st);
    return;
  }
  UNICODE_STRING* name = (UNICODE_STRING*)buf.bytes;
  printf("%-28s %.*ls\n", what, (int)(name->Length / 2), name->Buffer);
}

// The object's name, or what it ends with when the start is the machine's own (a drive's device).
static void name_of(const char* what, HANDLE h, const wchar_t* tail) {
  ULONG len = 0;
  NTSTATUS st = query(h, 1 /* ObjectNameInformation */, buf.bytes, sizeof buf.bytes, &len);
  if (st) {
    printf("%-28s status %08lx\n", what, (unsigned long)st);
    return;
  }
  UNICODE_STRING* name = (UNICODE_STRING*)buf.bytes;
  size_t n = name->Length / 2;
  if (!tail) {
    printf("%-28s \"%.*ls\"\n", what, (int)n, name->Buffer ? name->Buffer : L"");
    return;
  }
  size_t t = wcslen(tail);
  int ends = n >= t && wcsncmp(name->Buffer + n - t, tail, t) == 0;
  printf("%-28s starts with \\Device\\: %s, ends with %ls: %s\n", what,
         n > 8 && wcsncmp(name->Buffer, L"\\Device\\", 8) == 0 ? "yes" : "no", tail, ends ? "yes" : "no");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  query = (QueryObjectFn)GetProcAddress(ntdll, "NtQueryObject");
  set_information = (SetObjectFn)GetProcAddress(ntdll, "NtSetInformationObject");
  printf("NtQueryObject found: %s\n", query ? "yes" : "no");
  if (!query || !set_information) return 1;

  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE event = CreateEventA(&inherit, TRUE, FALSE, "polyrun-nt-objects-event");
  HANDLE global_event = CreateEventA(NULL, TRUE, FALSE, "Global\\polyrun-nt-objects-global");
  HANDLE unnamed_event = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE mutex = CreateMutexA(NULL, FALSE, "Local\\polyrun-nt-objects-mutex");
  HANDLE semaphore = CreateSemaphoreA(NULL, 1, 2, NULL);
  HANDLE timer = CreateWaitableTimerA(NULL, TRUE, NULL);
  HANDLE section = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "polyrun-nt-objects-section");
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  HANDLE job = CreateJobObjectA(NULL, NULL);
  HANDLE token = NULL;
  OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
  HANDLE file = CreateFileA("nt_objects.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  HANDLE pipe = CreateNamedPipeA("\\\\.\\pipe\\polyrun-nt-objects-pipe", PIPE_ACCESS_DUPLEX, 0, 1, 512, 512, 0, NULL);
  HANDLE thread = NULL;
  DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &thread, 0, FALSE, DUPLICATE_SAME_ACCESS);

  printf("-- types\n");
  type_of("event", event);
  type_of("mutex", mutex);
  type_of("semaphore", semaphore);
  type_of("waitable timer", timer);
  type_of("file mapping", section);
  type_of("completion port", port);
  type_of("job", job);
  type_of("token", token);
  type_of("file", file);
  type_of("named pipe", pipe);
  type_of("thread", thread);
  type_of("current process (pseudo)", GetCurrentProcess());
  type_of("current thread (pseudo)", GetCurrentThread());

  printf("-- names\n");
  name_of("named event", event, NULL);
  name_of("Global\\ event", global_event, NULL);
  name_of("unnamed event", unnamed_event, NULL);
  name_of("Local\\ mutex", mutex, NULL);
  name_of("file mapping", section, NULL);
  name_of("named pipe", pipe, NULL);
  name_of("file", file, L"\\nt_objects.tmp");

  wchar_t path[MAX_PATH];
  DWORD n = GetFinalPathNameByHandleW(file, path, MAX_PATH, VOLUME_NAME_NT);
  printf("GetFinalPathNameByHandle (NT): starts with \\Device\\: %s, ends with \\nt_objects.tmp: %s\n",
         n > 8 && wcsncmp(path, L"\\Device\\", 8) == 0 ? "yes" : "no",
         n >= 15 && wcscmp(path + n - 15, L"\\nt_objects.tmp") == 0 ? "yes" : "no");

  printf("-- basic information and handle flags\n");
  ULONG len = 0;
  NTSTATUS st = query(event, 0 /* ObjectBasicInformation */, buf.bytes, 56, &len);
  printf("basic (inheritable event): status %08lx, length %lu, attributes %lu\n", (unsigned long)st, len,
         *(ULONG*)buf.bytes);
  st = query(unnamed_event, 0, buf.bytes, 56, &len);
  printf("basic (other event): status %08lx, attributes %lu, handle count >= 1: %s\n", (unsigned long)st,
         *(ULONG*)buf.bytes, ((ULONG*)buf.bytes)[2] >= 1 ? "yes" : "no");
  st = query(event, 4 /* ObjectHandleFlagInformation */, buf.bytes, 2, &len);
  printf("handle flags (inheritable event): status %08lx, inherit %d, protect %d\n", (unsigned long)st, buf.bytes[0],
         buf.bytes[1]);
  BOOLEAN flags[2] = {TRUE, FALSE};
  st = set_information(unnamed_event, 4, flags, sizeof flags);
  DWORD info = 0;
  GetHandleInformation(unnamed_event, &info);
  printf("NtSetInformationObject inherit: status %08lx, GetHandleInformation %lu\n", (unsigned long)st, info);
  flags[0] = FALSE;
  set_information(unnamed_event, 4, flags, sizeof flags);
  GetHandleInformation(unnamed_event, &info);
  printf("and back: GetHandleInformation %lu\n", info);

  printf("-- all types\n");
  st = query(NULL, 3 /* ObjectTypesInformation */, buf.bytes, sizeof buf.bytes, &len);
  printf("ObjectTypesInformation: status %08lx\n", (unsigned long)st);
  if (!st) {
    ULONG count = *(ULONG*)buf.bytes;
    char* at = buf.bytes + sizeof(void*);
    int seen_event = 0, seen_file = 0, seen_process = 0;
    for (ULONG i = 0; i < count; ++i) {
      OBJECT_TYPE_INFORMATION* t = (OBJECT_TYPE_INFORMATION*)at;
      if (t->TypeName.Length == 10 && !wcsncmp(t->TypeName.Buffer, L"Event", 5)) seen_event = 1;
      if (t->TypeName.Length == 8 && !wcsncmp(t->TypeName.Buffer, L"File", 4)) seen_file = 1;
      if (t->TypeName.Length == 14 && !wcsncmp(t->TypeName.Buffer, L"Process", 7)) seen_process = 1;
      at = (char*)(((ULONG_PTR)(at + sizeof *t + t->TypeName.MaximumLength) + sizeof(void*) - 1) & ~(sizeof(void*) - 1));
    }
    printf("lists Event, File and Process: %s\n", seen_event && seen_file && seen_process ? "yes" : "no");
  }

  printf("-- failures\n");
  st = query((HANDLE)(ULONG_PTR)0x7654, 2, buf.bytes, sizeof buf.bytes, &len);
  printf("a handle that names nothing: %08lx\n", (unsigned long)st);
  st = query(event, 0, buf.bytes, 8, &len);
  printf("basic information into 8 bytes: %08lx\n", (unsigned long)st);
  len = 0;
  st = query(event, 1, buf.bytes, sizeof(UNICODE_STRING) + 4, &len);
  printf("a name into too little room: %08lx, length needed %s\n", (unsigned long)st,
         len > sizeof(UNICODE_STRING) + 4 ? "larger" : "not larger");
  st = query(event, 2, buf.bytes, 8, &len);
  printf("type information into 8 bytes: %08lx\n", (unsigned long)st);

  HANDLE all[] = {event, global_event, unnamed_event, mutex, semaphore, timer, section, port, job, token, file, pipe, thread};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i) CloseHandle(all[i]);
  DeleteFileA("nt_objects.tmp");
  return 0;
}
