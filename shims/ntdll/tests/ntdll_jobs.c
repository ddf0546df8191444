/* NTDLL's job objects: NtCreateJobObject (named, again with and without OBJ_OPENIF),
 * NtOpenJobObject, NtAssignProcessToJobObject of a child, NtIsProcessInJob, the accounting, limit
 * and process list classes of NtQueryInformationJobObject, NtSetInformationJobObject's limits and
 * what a wrong class or length is told, NtTerminateJobObject ending the child with its status, and
 * KERNEL32's OpenJobObject finding the job by its plain name. Expected output: wine 8.0's (x64); the
 * i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  WCHAR* Buffer;
} US;
typedef struct {
  ULONG Length;
  HANDLE RootDirectory;
  US* ObjectName;
  ULONG Attributes;
  void *SecurityDescriptor, *SecurityQualityOfService;
} OA;

typedef LONG(NTAPI* CreateOpen_fn)(HANDLE*, ACCESS_MASK, OA*);
typedef LONG(NTAPI* Assign_fn)(HANDLE, HANDLE);
typedef LONG(NTAPI* InJob_fn)(HANDLE, HANDLE);
typedef LONG(NTAPI* Terminate_fn)(HANDLE, LONG);
typedef LONG(NTAPI* Query_fn)(HANDLE, ULONG, void*, ULONG, ULONG*);
typedef LONG(NTAPI* Set_fn)(HANDLE, ULONG, void*, ULONG);

int main(int argc, char** argv) {
  if (argc > 1) {
    Sleep(20000);
    return 3;
  }
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  CreateOpen_fn create = (CreateOpen_fn)GetProcAddress(ntdll, "NtCreateJobObject");
  CreateOpen_fn open = (CreateOpen_fn)GetProcAddress(ntdll, "NtOpenJobObject");
  Assign_fn assign = (Assign_fn)GetProcAddress(ntdll, "NtAssignProcessToJobObject");
  InJob_fn in_job = (InJob_fn)GetProcAddress(ntdll, "NtIsProcessInJob");
  Terminate_fn terminate = (Terminate_fn)GetProcAddress(ntdll, "NtTerminateJobObject");
  Query_fn query = (Query_fn)GetProcAddress(ntdll, "NtQueryInformationJobObject");
  Set_fn set = (Set_fn)GetProcAddress(ntdll, "NtSetInformationJobObject");
  printf("found: %d %d %d %d %d %d %d\n", create != NULL, open != NULL, assign != NULL, in_job != NULL,
         terminate != NULL, query != NULL, set != NULL);

  WCHAR session_name[128];
  DWORD session = 0;
  ProcessIdToSessionId(GetCurrentProcessId(), &session);
  swprintf(session_name, 128, L"\\Sessions\\%lu\\BaseNamedObjects\\polyrun ntdll job", session);
  US name = {(USHORT)(wcslen(session_name) * 2), (USHORT)(wcslen(session_name) * 2 + 2), session_name};
  OA oa = {sizeof oa, NULL, &name, 0, NULL, NULL};
  HANDLE job = NULL, again = NULL, opened = NULL;
  LONG s = create(&job, JOB_OBJECT_ALL_ACCESS, &oa);
  printf("create: 0x%lx, a handle %d\n", (unsigned long)s, job != NULL);
  s = create(&again, JOB_OBJECT_ALL_ACCESS, &oa);
  printf("create again: 0x%lx\n", (unsigned long)s);
  oa.Attributes = 0x80; /* OBJ_OPENIF */
  s = create(&again, JOB_OBJECT_ALL_ACCESS, &oa);
  printf("create again with OBJ_OPENIF: 0x%lx, a handle %d\n", (unsigned long)s, again != NULL);
  oa.Attributes = 0;
  s = open(&opened, JOB_OBJECT_ALL_ACCESS, &oa);
  printf("open: 0x%lx, a handle %d\n", (unsigned long)s, opened != NULL);
  HANDLE k32 = OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, FALSE, L"polyrun ntdll job");
  printf("KERNEL32's OpenJobObject by the plain name: %d\n", k32 != NULL);
  WCHAR other[128];
  swprintf(other, 128, L"\\Sessions\\%lu\\BaseNamedObjects\\polyrun no such job", session);
  US other_name = {(USHORT)(wcslen(other) * 2), (USHORT)(wcslen(other) * 2 + 2), other};
  OA other_oa = {sizeof other_oa, NULL, &other_name, 0, NULL, NULL};
  HANDLE none = NULL;
  printf("open a name not there: 0x%lx\n", (unsigned long)open(&none, JOB_OBJECT_ALL_ACCESS, &other_oa));

  printf("this process in the job: 0x%lx\n", (unsigned long)in_job(GetCurrentProcess(), job));

  char cmd[MAX_PATH + 16];
  GetModuleFileNameA(NULL, cmd, MAX_PATH);
  strcat(cmd, " child");
  STARTUPINFOA si = {sizeof si};
  PROCESS_INFORMATION pi;
  if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
    printf("CreateProcess failed: %lu\n", GetLastError());
    return 1;
  }
  printf("child not yet in the job: 0x%lx\n", (unsigned long)in_job(pi.hProcess, job));
  printf("assign the child: 0x%lx\n", (unsigned long)assign(job, pi.hProcess));
  printf("assign it again: 0x%lx\n", (unsigned long)assign(job, pi.hProcess));
  printf("child in the job: 0x%lx\n", (unsigned long)in_job(pi.hProcess, job));
  printf("child in the job by the other handle: 0x%lx\n", (unsigned long)in_job(pi.hProcess, opened));
  printf("child in any job: 0x%lx\n", (unsigned long)in_job(pi.hProcess, NULL));
  printf("a bad job handle: 0x%lx\n", (unsigned long)in_job(pi.hProcess, (HANDLE)0x1230));

  JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acct;
  ULONG len = 0;
  s = query(job, JobObjectBasicAccountingInformation, &acct, sizeof acct, &len);
  printf("accounting: 0x%lx, %lu bytes, total %lu active %lu terminated %lu\n", (unsigned long)s, len,
         acct.TotalProcesses, acct.ActiveProcesses, acct.TotalTerminatedProcesses);
  s = query(job, JobObjectBasicAccountingInformation, &acct, sizeof acct - 1, &len);
  printf("accounting, a byte short: 0x%lx\n", (unsigned long)s);
  s = query(job, 99, &acct, sizeof acct, &len);
  printf("class 99: 0x%lx\n", (unsigned long)s);

  struct {
    JOBOBJECT_BASIC_PROCESS_ID_LIST list;
    ULONG_PTR more[4];
  } ids;
  memset(&ids, 0, sizeof ids);
  s = query(job, JobObjectBasicProcessIdList, &ids, sizeof ids, &len);
  printf("process list: 0x%lx, assigned %lu listed %lu, the child %d\n", (unsigned long)s,
         ids.list.NumberOfAssignedProcesses, ids.list.NumberOfProcessIdsInList,
         ids.list.ProcessIdList[0] == pi.dwProcessId);

  JOBOBJECT_BASIC_LIMIT_INFORMATION limit;
  memset(&limit, 0, sizeof limit);
  limit.LimitFlags = JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
  limit.ActiveProcessLimit = 4;
  s = set(job, JobObjectBasicLimitInformation, &limit, sizeof limit);
  printf("set the basic limit: 0x%lx\n", (unsigned long)s);
  s = set(job, JobObjectBasicLimitInformation, &limit, sizeof limit + 4);
  printf("set with a wrong length: 0x%lx\n", (unsigned long)s);
  memset(&limit, 0xcc, sizeof limit);
  s = query(job, JobObjectBasicLimitInformation, &limit, sizeof limit, &len);
  printf("basic limit: 0x%lx, %d bytes, flags 0x%lx, active %lu\n", (unsigned long)s, len == sizeof limit,
         limit.LimitFlags, limit.ActiveProcessLimit);

  JOBOBJECT_EXTENDED_LIMIT_INFORMATION ext;
  memset(&ext, 0, sizeof ext);
  ext.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  s = set(job, JobObjectExtendedLimitInformation, &ext, sizeof ext);
  printf("set the extended limit: 0x%lx\n", (unsigned long)s);
  memset(&ext, 0xcc, sizeof ext);
  s = query(job, JobObjectExtendedLimitInformation, &ext, sizeof ext, &len);
  printf("extended limit: 0x%lx, %d bytes, flags 0x%lx\n", (unsigned long)s, len == sizeof ext,
         ext.BasicLimitInformation.LimitFlags);

  printf("terminate: 0x%lx\n", (unsigned long)terminate(job, 7));
  printf("the child ended: %lu\n", WaitForSingleObject(pi.hProcess, 5000));
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  printf("its exit code: %lu\n", code);
  s = query(job, JobObjectBasicAccountingInformation, &acct, sizeof acct, &len);
  printf("accounting: 0x%lx, total %lu active %lu terminated %lu\n", (unsigned long)s, acct.TotalProcesses,
         acct.ActiveProcesses, acct.TotalTerminatedProcesses);
  printf("the ended child in the job: 0x%lx\n", (unsigned long)in_job(pi.hProcess, job));
  printf("assign the ended child: 0x%lx\n", (unsigned long)assign(job, pi.hProcess));
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  CloseHandle(k32);
  CloseHandle(opened);
  CloseHandle(again);
  CloseHandle(job);
  return 0;
}
