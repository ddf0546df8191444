/* NTDLL's processes and threads: a child process suspended and resumed (NtSuspendProcess,
 * NtResumeProcess: it does not end while suspended), a thread alerted (NtAlertThread) in an
 * alertable delay and wait and through NtTestAlert, an exception raised at a captured context
 * (NtRaiseException, taken by a vectored handler that continues there), named keyed events
 * (NtCreateKeyedEvent with a name, NtOpenKeyedEvent, a release through one handle of a wait through
 * the other, names taken and missing), the token's mandatory groups (NtAdjustGroupsToken) and an
 * audited access check (NtAccessCheckAndAuditAlarm). Expected output: wine 8.0's (x64), but for
 * NtAlertThread, NtAdjustGroupsToken and NtAccessCheckAndAuditAlarm, which wine does not provide
 * (wine-differences.txt). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

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

static NTSTATUS(NTAPI* delay)(BOOLEAN, LARGE_INTEGER*);
static NTSTATUS(NTAPI* wait_one)(HANDLE, BOOLEAN, LARGE_INTEGER*);
static NTSTATUS(NTAPI* test_alert)(void);
static NTSTATUS(NTAPI* wait_keyed)(HANDLE, void*, BOOLEAN, LARGE_INTEGER*);
static NTSTATUS(NTAPI* release_keyed)(HANDLE, void*, BOOLEAN, LARGE_INTEGER*);
static volatile LONG delay_status = -1, wait_status = -1, ready;
static HANDLE never;

static DWORD WINAPI sleeper(void* arg) {
  LARGE_INTEGER t;
  t.QuadPart = -50000000; /* 5 s */
  InterlockedIncrement(&ready);
  delay_status = delay(TRUE, &t);
  wait_status = wait_one(never, TRUE, &t);
  return 0;
}

static HANDLE keyed_b;
static DWORD WINAPI keyed_waiter(void* arg) { return (DWORD)wait_keyed(keyed_b, (void*)0x40, FALSE, NULL); }

static volatile LONG seen_code, seen_params, raised;
static LONG WINAPI handler(EXCEPTION_POINTERS* e) {
  if (e->ExceptionRecord->ExceptionCode != 0xe0004321) return EXCEPTION_CONTINUE_SEARCH;
  seen_code = (LONG)e->ExceptionRecord->ExceptionCode;
  seen_params = (LONG)e->ExceptionRecord->NumberParameters;
  return EXCEPTION_CONTINUE_EXECUTION;
}

static void init_name(USTR* u, OA* oa, const WCHAR* name) {
  u->Buffer = (PWSTR)name;
  u->Length = (USHORT)(wcslen(name) * 2);
  u->MaximumLength = u->Length + 2;
  memset(oa, 0, sizeof *oa);
  oa->Length = sizeof *oa;
  oa->ObjectName = u;
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) {
    Sleep(300);
    return 7;
  }
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * suspend)(HANDLE) = (void*)FN("NtSuspendProcess");
  NTSTATUS(NTAPI * resume)(HANDLE) = (void*)FN("NtResumeProcess");
  NTSTATUS(NTAPI * alert)(HANDLE) = (void*)FN("NtAlertThread");
  NTSTATUS(NTAPI * raise)(EXCEPTION_RECORD*, CONTEXT*, BOOL) = (void*)FN("NtRaiseException");
  NTSTATUS(NTAPI * create_keyed)(HANDLE*, ACCESS_MASK, OA*, ULONG) = (void*)FN("NtCreateKeyedEvent");
  NTSTATUS(NTAPI * open_keyed)(HANDLE*, ACCESS_MASK, OA*) = (void*)FN("NtOpenKeyedEvent");
  void(NTAPI * capture)(CONTEXT*) = (void*)FN("RtlCaptureContext");
  delay = (void*)FN("NtDelayExecution");
  wait_one = (void*)FN("NtWaitForSingleObject");
  test_alert = (void*)FN("NtTestAlert");
  wait_keyed = (void*)FN("NtWaitForKeyedEvent");
  release_keyed = (void*)FN("NtReleaseKeyedEvent");
  printf("found: %d %d %d %d %d\n", suspend != NULL, resume != NULL, alert != NULL, raise != NULL, open_keyed != NULL);
  printf("Zw names: %d %d %d %d %d %d\n", FN("ZwSuspendProcess") != NULL, FN("ZwResumeProcess") != NULL,
         FN("ZwAlertThread") != NULL, FN("ZwRaiseException") != NULL, FN("ZwOpenKeyedEvent") != NULL,
         FN("ZwAdjustGroupsToken") != NULL);

  /* ---- a child suspended and resumed ---- */
  char self[MAX_PATH], line[MAX_PATH + 16];
  GetModuleFileNameA(NULL, self, sizeof self);
  snprintf(line, sizeof line, "\"%s\" child", self);
  STARTUPINFOA si;
  PROCESS_INFORMATION pi;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
    printf("CreateProcess failed: %lu\n", GetLastError());
    return 1;
  }
  printf("suspend the child: 0x%lx\n", S(suspend(pi.hProcess)));
  printf("suspend it again: 0x%lx\n", S(suspend(pi.hProcess)));
  printf("the child ends while suspended: %d\n", WaitForSingleObject(pi.hProcess, 1500) == WAIT_OBJECT_0);
  printf("resume once: 0x%lx\n", S(resume(pi.hProcess)));
  printf("the child ends while suspended once: %d\n", WaitForSingleObject(pi.hProcess, 800) == WAIT_OBJECT_0);
  printf("resume again: 0x%lx\n", S(resume(pi.hProcess)));
  DWORD code = 0;
  printf("the child ends: %d\n", WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0);
  GetExitCodeProcess(pi.hProcess, &code);
  printf("its exit code: %lu\n", S(code));
  HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
  printf("suspend an event: 0x%lx\n", S(suspend(event)));
  printf("resume a closed handle: 0x%lx\n", S(resume((HANDLE)(ULONG_PTR)0x7ffc)));

  /* ---- alerts ---- */
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE t = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
  while (!ready) Sleep(10);
  Sleep(100);
  printf("alert the thread in an alertable delay: 0x%lx\n", S(alert(t)));
  Sleep(200);
  printf("its delay ends with: 0x%lx\n", S(delay_status));
  printf("alert it in an alertable wait: 0x%lx\n", S(alert(t)));
  WaitForSingleObject(t, 10000);
  printf("its wait ends with: 0x%lx\n", S(wait_status));
  printf("alert this thread: 0x%lx\n", S(alert(GetCurrentThread())));
  printf("NtTestAlert: 0x%lx\n", S(test_alert()));
  printf("NtTestAlert again: 0x%lx\n", S(test_alert()));
  printf("alert an event: 0x%lx\n", S(alert(event)));

  /* ---- NtRaiseException at a captured context ---- */
  void* vh = AddVectoredExceptionHandler(1, handler);
  static CONTEXT ctx;
  static EXCEPTION_RECORD rec;
  memset(&rec, 0, sizeof rec);
  rec.ExceptionCode = 0xe0004321;
  rec.NumberParameters = 1;
  rec.ExceptionInformation[0] = 5;
  capture(&ctx);
  if (!raised) {
    raised = 1;
#ifdef _WIN64
    rec.ExceptionAddress = (void*)ctx.Rip;
#else
    rec.ExceptionAddress = (void*)ctx.Eip;
#endif
    NTSTATUS r = raise(&rec, &ctx, TRUE);
    printf("NtRaiseException returned 0x%lx\n", S(r));
  }
  printf("raised and continued at the context: code 0x%lx, %ld parameters\n", S(seen_code), seen_params);
  RemoveVectoredExceptionHandler(vh);

  /* ---- named keyed events ---- */
  USTR name;
  OA oa;
  init_name(&name, &oa, L"\\BaseNamedObjects\\polyrun_keyed_test");
  HANDLE a = NULL, b = NULL, c = NULL;
  printf("create a named keyed event: 0x%lx\n", S(create_keyed(&a, 0xf0003, &oa, 0)));
  NTSTATUS s = open_keyed(&b, 0xf0003, &oa);
  printf("open it: 0x%lx, another handle %d\n", S(s), b != NULL && b != a);
  keyed_b = b;
  HANDLE w = CreateThread(NULL, 0, keyed_waiter, NULL, 0, NULL);
  Sleep(100);
  printf("release through the first handle: 0x%lx\n", S(release_keyed(a, (void*)0x40, FALSE, NULL)));
  WaitForSingleObject(w, 10000);
  GetExitCodeThread(w, &code);
  printf("the wait through the second ends with: 0x%lx\n", S(code));
  printf("create the name again: 0x%lx\n", S(create_keyed(&c, 0xf0003, &oa, 0)));
  oa.Attributes = 0x80; /* OBJ_OPENIF */
  printf("create it with OBJ_OPENIF: 0x%lx\n", S(create_keyed(&c, 0xf0003, &oa, 0)));
  CloseHandle(c);
  oa.Attributes = 0;
  CloseHandle(a);
  CloseHandle(b);
  printf("open it once every handle is closed: 0x%lx\n", S(open_keyed(&c, 0xf0003, &oa)));
  init_name(&name, &oa, L"\\BaseNamedObjects\\polyrun_keyed_missing");
  printf("open a missing name: 0x%lx\n", S(open_keyed(&c, 0xf0003, &oa)));
  HANDLE ev = CreateEventA(NULL, FALSE, FALSE, "polyrun_keyed_event_name");
  init_name(&name, &oa, L"\\Sessions\\1\\BaseNamedObjects\\polyrun_keyed_event_name");
  printf("open an event's name: 0x%lx\n", S(open_keyed(&c, 0xf0003, &oa)));
  init_name(&name, &oa, L"polyrun_relative");
  printf("open a name without a directory: 0x%lx\n", S(open_keyed(&c, 0xf0003, &oa)));
  CloseHandle(ev);

  /* ---- the token's groups and audits ---- */
  NTSTATUS(NTAPI * adjust_groups)(HANDLE, BOOLEAN, TOKEN_GROUPS*, ULONG, TOKEN_GROUPS*, ULONG*) =
      (void*)FN("NtAdjustGroupsToken");
  NTSTATUS(NTAPI * audit_check)(USTR*, HANDLE, USTR*, USTR*, PSECURITY_DESCRIPTOR, ACCESS_MASK, GENERIC_MAPPING*, BOOLEAN,
                                ACCESS_MASK*, NTSTATUS*, BOOLEAN*) = (void*)FN("NtAccessCheckAndAuditAlarm");
  HANDLE token;
  OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_GROUPS | TOKEN_QUERY, &token);
  SID_IDENTIFIER_AUTHORITY world = {SECURITY_WORLD_SID_AUTHORITY}, nt = {SECURITY_NT_AUTHORITY};
  PSID everyone, admins;
  AllocateAndInitializeSid(&world, 1, SECURITY_WORLD_RID, 0, 0, 0, 0, 0, 0, 0, &everyone);
  AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &admins);
  TOKEN_GROUPS groups;
  groups.GroupCount = 1;
  groups.Groups[0].Sid = everyone;
  groups.Groups[0].Attributes = SE_GROUP_ENABLED;
  printf("adjust groups: enable Everyone: 0x%lx\n", S(adjust_groups(token, FALSE, &groups, 0, NULL, NULL)));
  groups.Groups[0].Attributes = 0;
  printf("adjust groups: disable Everyone: 0x%lx\n", S(adjust_groups(token, FALSE, &groups, 0, NULL, NULL)));
  groups.Groups[0].Sid = admins;
  groups.Groups[0].Attributes = SE_GROUP_ENABLED;
  printf("adjust groups: enable Administrators: 0x%lx\n", S(adjust_groups(token, FALSE, &groups, 0, NULL, NULL)));
  printf("adjust groups: reset: 0x%lx\n", S(adjust_groups(token, TRUE, NULL, 0, NULL, NULL)));
  USTR subsystem, type;
  OA unused;
  init_name(&subsystem, &unused, L"polyrun");
  init_name(&type, &unused, L"File");
  GENERIC_MAPPING mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS};
  SECURITY_DESCRIPTOR sd;
  InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  ACCESS_MASK granted = 0;
  NTSTATUS access_status = 0;
  BOOLEAN on_close = 0;
  printf("access check with audit: 0x%lx\n", S(audit_check(&subsystem, NULL, &type, &type, &sd, FILE_GENERIC_READ, &mapping,
                                                            FALSE, &granted, &access_status, &on_close)));
  return 0;
}
