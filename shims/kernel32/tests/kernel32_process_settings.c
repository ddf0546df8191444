// KERNEL32's process settings and smaller process functions: SetSearchPathMode (its flags, made
// permanent, SearchPath still finding a file of the current directory), TlsAllocInternal and
// TlsFreeInternal, the token functions KERNEL32 exports (OpenProcessToken, OpenThreadToken),
// CreateProcessInternalW and CreateProcessAsUserW through KERNEL32 (the program run again as a
// child that exits 7), the recovery callback's registration, power requests, CPU sets and the
// affinity update mode.
// Expected output: wine 8.0's (x64), but for the lines marked [doc]: where wine 8.0's functions are
// stubs (power requests and wake-up requests, the affinity update mode, ApplicationRecoveryInProgress's error,
// RegisterApplicationRecoveryCallback's checks, the CPU sets kept) or absent
// (GetApplicationRecoveryCallback, Get*CpuSets), Microsoft's pages of those functions
// (wine-differences.txt).
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef BOOL(WINAPI* CreateProcessInternalW_fn)(HANDLE, const WCHAR*, WCHAR*, SECURITY_ATTRIBUTES*,
                                                SECURITY_ATTRIBUTES*, BOOL, DWORD, void*, const WCHAR*,
                                                STARTUPINFOW*, PROCESS_INFORMATION*, HANDLE*);
typedef BOOL(WINAPI* CreateProcessAsUserW_fn)(HANDLE, const WCHAR*, WCHAR*, SECURITY_ATTRIBUTES*,
                                              SECURITY_ATTRIBUTES*, BOOL, DWORD, void*, const WCHAR*, STARTUPINFOW*,
                                              PROCESS_INFORMATION*);
typedef BOOL(WINAPI* OpenProcessToken_fn)(HANDLE, DWORD, HANDLE*);
typedef BOOL(WINAPI* OpenThreadToken_fn)(HANDLE, DWORD, BOOL, HANDLE*);
typedef DWORD(WINAPI* Tls_fn)(void);
typedef BOOL(WINAPI* TlsFree_fn)(DWORD);
typedef HRESULT(WINAPI* RegisterRecovery_fn)(APPLICATION_RECOVERY_CALLBACK, void*, DWORD, DWORD);
typedef HRESULT(WINAPI* GetRecovery_fn)(HANDLE, APPLICATION_RECOVERY_CALLBACK*, void**, DWORD*, DWORD*);
typedef HRESULT(WINAPI* RecoveryInProgress_fn)(BOOL*);
typedef HANDLE(WINAPI* PowerCreate_fn)(REASON_CONTEXT*);
typedef BOOL(WINAPI* PowerChange_fn)(HANDLE, POWER_REQUEST_TYPE);
typedef BOOL(WINAPI* SetCpuSets_fn)(HANDLE, const ULONG*, ULONG);
typedef BOOL(WINAPI* GetCpuSets_fn)(HANDLE, ULONG*, ULONG, ULONG*);
typedef BOOL(WINAPI* SetUpdateMode_fn)(HANDLE, DWORD);
typedef BOOL(WINAPI* QueryUpdateMode_fn)(HANDLE, DWORD*);
typedef BOOL(WINAPI* SetSearchPathMode_fn)(DWORD);

static HMODULE k32;
static FARPROC fn(const char* name) { return GetProcAddress(k32, name); }

static DWORD WINAPI recovery(void* p) { return 0; }

static DWORD run_child(const char* how, BOOL (*start)(WCHAR*, STARTUPINFOW*, PROCESS_INFORMATION*)) {
  WCHAR self[MAX_PATH], cmd[MAX_PATH + 16];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  swprintf(cmd, MAX_PATH + 16, L"\"%ls\" child", self);
  STARTUPINFOW si = {sizeof si};
  PROCESS_INFORMATION pi;
  if (!start(cmd, &si, &pi)) {
    printf("%s: failed %lu\n", how, GetLastError());
    return 0;
  }
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  printf("%s: the child exited %lu\n", how, code);
  return code;
}
static BOOL internal_no_token(WCHAR* cmd, STARTUPINFOW* si, PROCESS_INFORMATION* pi) {
  HANDLE new_token = (HANDLE)1;
  BOOL ok = ((CreateProcessInternalW_fn)fn("CreateProcessInternalW"))(NULL, NULL, cmd, NULL, NULL, FALSE, 0, NULL,
                                                                      NULL, si, pi, &new_token);
  return ok;
}
static HANDLE primary;
static BOOL as_user(WCHAR* cmd, STARTUPINFOW* si, PROCESS_INFORMATION* pi) {
  return ((CreateProcessAsUserW_fn)fn("CreateProcessAsUserW"))(primary, NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL,
                                                               si, pi);
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return 7;
  k32 = GetModuleHandleA("kernel32.dll");
  const char* names[] = {"SetSearchPathMode", "TlsAllocInternal", "TlsFreeInternal", "OpenProcessToken",
                         "OpenThreadToken", "SetThreadToken", "CreateProcessInternalW", "CreateProcessInternalA",
                         "CreateProcessAsUserW", "RegisterApplicationRecoveryCallback",
                         "ApplicationRecoveryInProgress", "ApplicationRecoveryFinished", "PowerCreateRequest",
                         "PowerSetRequest", "PowerClearRequest", "SetProcessDefaultCpuSets",
                         "SetThreadSelectedCpuSets", "SetProcessAffinityUpdateMode", "RegGetKeySecurity",
                         "RegLoadMUIStringW", "CreateMailslotW", "BackupRead"};
  for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
    printf("kernel32 has %s: %s\n", names[i], fn(names[i]) ? "yes" : "no");
  printf("[doc] kernel32 has GetProcessDefaultCpuSets: %s\n", fn("GetProcessDefaultCpuSets") ? "yes" : "no");
  printf("[doc] kernel32 has GetApplicationRecoveryCallback: %s\n",
         fn("GetApplicationRecoveryCallback") ? "yes" : "no");

  // SetSearchPathMode.
  SetSearchPathMode_fn set_mode = (SetSearchPathMode_fn)fn("SetSearchPathMode");
  char file[MAX_PATH];
  sprintf(file, "polyrun_spm_%lu.txt", GetCurrentProcessId());
  CloseHandle(CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
  const DWORD flags[] = {0x12345, BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE, BASE_SEARCH_PATH_DISABLE_SAFE_SEARCHMODE,
                         BASE_SEARCH_PATH_PERMANENT, BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE | BASE_SEARCH_PATH_PERMANENT,
                         BASE_SEARCH_PATH_DISABLE_SAFE_SEARCHMODE, BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE};
  for (int i = 0; i < 7; i++) {
    SetLastError(0);
    BOOL ok = set_mode(flags[i]);
    DWORD e = GetLastError();
    char found[MAX_PATH];
    DWORD n = SearchPathA(NULL, file, NULL, MAX_PATH, found, NULL);
    printf("SetSearchPathMode(%#lx): %d error %lu; SearchPath finds the file: %s\n", flags[i], ok, e,
           n && strstr(found, file) ? "yes" : "no");
  }
  DeleteFileA(file);

  // TlsAllocInternal and TlsFreeInternal are TlsAlloc and TlsFree.
  DWORD index = ((Tls_fn)fn("TlsAllocInternal"))();
  printf("TlsAllocInternal: %s\n", index != TLS_OUT_OF_INDEXES ? "an index" : "none");
  TlsSetValue(index, (void*)0x1234);
  printf("TlsGetValue: %p\n", TlsGetValue(index));
  printf("TlsFreeInternal: %d\n", ((TlsFree_fn)fn("TlsFreeInternal"))(index));

  // The token functions through KERNEL32.
  HANDLE token = NULL;
  printf("OpenProcessToken: %d\n", ((OpenProcessToken_fn)fn("OpenProcessToken"))(GetCurrentProcess(), TOKEN_ALL_ACCESS, &token));
  TOKEN_TYPE type = 0;
  DWORD size = 0;
  printf("its type: %d (GetTokenInformation %d)\n", type,
         GetTokenInformation(token, TokenType, &type, sizeof type, &size));
  HANDLE thread_token = (HANDLE)1;
  SetLastError(0);
  BOOL ok = ((OpenThreadToken_fn)fn("OpenThreadToken"))(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_token);
  printf("OpenThreadToken without impersonation: %d error %lu\n", ok, GetLastError());
  DuplicateTokenEx(token, TOKEN_ALL_ACCESS, NULL, SecurityImpersonation, TokenPrimary, &primary);

  run_child("CreateProcessInternalW without a token", internal_no_token);
  run_child("CreateProcessAsUserW with a primary token", as_user);
  CloseHandle(primary);
  CloseHandle(token);

  // Recovery.
  RegisterRecovery_fn reg = (RegisterRecovery_fn)fn("RegisterApplicationRecoveryCallback");
  printf("[doc] RegisterApplicationRecoveryCallback(ping too long): %#lx\n", reg(recovery, NULL, 5 * 60 * 1000 + 1, 0));
  printf("RegisterApplicationRecoveryCallback: %#lx\n", reg(recovery, (void*)0x55, 0, 0));
  GetRecovery_fn get_recovery = (GetRecovery_fn)fn("GetApplicationRecoveryCallback");
  if (get_recovery) {
    APPLICATION_RECOVERY_CALLBACK cb = NULL;
    void* param = NULL;
    DWORD ping = 0, fl = 1;
    HRESULT hr = get_recovery(GetCurrentProcess(), &cb, &param, &ping, &fl);
    printf("[doc] GetApplicationRecoveryCallback: %#lx callback %s parameter %p ping %lu flags %lu\n", hr,
           cb == recovery ? "ours" : "other", param, ping, fl);
  }
  BOOL cancelled = 5;
  SetLastError(0);
  printf("ApplicationRecoveryInProgress outside a recovery: %#lx cancelled %d\n",
         ((RecoveryInProgress_fn)fn("ApplicationRecoveryInProgress"))(&cancelled), cancelled);

  // Power requests.
  REASON_CONTEXT reason = {POWER_REQUEST_CONTEXT_VERSION, POWER_REQUEST_CONTEXT_SIMPLE_STRING};
  reason.Reason.SimpleReasonString = L"the sample";
  HANDLE request = ((PowerCreate_fn)fn("PowerCreateRequest"))(&reason);
  printf("[doc] PowerCreateRequest: %s\n", request != INVALID_HANDLE_VALUE && request ? "a handle" : "invalid");
  PowerChange_fn set_request = (PowerChange_fn)fn("PowerSetRequest"), clear = (PowerChange_fn)fn("PowerClearRequest");
  SetLastError(0);
  ok = set_request(request, PowerRequestSystemRequired);
  printf("[doc] PowerSetRequest(system required): %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = clear(request, PowerRequestSystemRequired);
  printf("[doc] PowerClearRequest(system required): %d error %lu\n", ok, GetLastError());
  printf("[doc] CloseHandle: %d\n", CloseHandle(request));
  reason.Version = 7;
  SetLastError(0);
  request = ((PowerCreate_fn)fn("PowerCreateRequest"))(&reason);
  printf("[doc] PowerCreateRequest of version 7: %s error %lu\n", request == INVALID_HANDLE_VALUE ? "invalid" : "a handle",
         GetLastError() == ERROR_INVALID_PARAMETER ? 87ul : 0ul);

  typedef BOOL(WINAPI * RequestWakeupLatency_fn)(LATENCY_TIME);
  typedef BOOL(WINAPI * RequestDeviceWakeup_fn)(HANDLE);
  printf("[doc] RequestWakeupLatency: %#lx\n", (DWORD)((RequestWakeupLatency_fn)fn("RequestWakeupLatency"))(LT_LOWEST_LATENCY));
  printf("[doc] RequestDeviceWakeup: %#lx\n", (DWORD)((RequestDeviceWakeup_fn)fn("RequestDeviceWakeup"))(GetCurrentProcess()));

  // CPU sets: the first processor's ID (GetSystemCpuSetInformation), an ID of none.
  BYTE info[32 * 64];
  ULONG length = 0;
  typedef BOOL(WINAPI * CpuSetInformation_fn)(void*, ULONG, ULONG*, HANDLE, ULONG);
  ((CpuSetInformation_fn)fn("GetSystemCpuSetInformation"))(info, sizeof info, &length, GetCurrentProcess(), 0);
  ULONG first = *(ULONG*)(info + 8), bad = 0x7777;  // SYSTEM_CPU_SET_INFORMATION's CpuSet.Id
  printf("first CPU set: %#lx\n", first);
  SetCpuSets_fn set_process = (SetCpuSets_fn)fn("SetProcessDefaultCpuSets"),
                set_thread = (SetCpuSets_fn)fn("SetThreadSelectedCpuSets");
  printf("SetProcessDefaultCpuSets(first): %d\n", set_process(GetCurrentProcess(), &first, 1));
  SetLastError(0);
  ok = set_process(GetCurrentProcess(), &bad, 1);
  printf("[doc] SetProcessDefaultCpuSets(%#lx): %d error %lu\n", bad, ok, GetLastError());
  printf("SetThreadSelectedCpuSets(first): %d\n", set_thread(GetCurrentThread(), &first, 1));
  GetCpuSets_fn get_process = (GetCpuSets_fn)fn("GetProcessDefaultCpuSets"),
                get_thread = (GetCpuSets_fn)fn("GetThreadSelectedCpuSets");
  if (get_process && get_thread) {
    ULONG ids[4] = {0}, required = 99;
    SetLastError(0);
    ok = get_process(GetCurrentProcess(), ids, 0, &required);
    printf("[doc] GetProcessDefaultCpuSets(no room): %d required %lu error %lu\n", ok, required, GetLastError());
    ok = get_process(GetCurrentProcess(), ids, 4, &required);
    printf("[doc] GetProcessDefaultCpuSets: %d required %lu first %s\n", ok, required, ids[0] == first ? "yes" : "no");
    ok = get_thread(GetCurrentThread(), ids, 4, &required);
    printf("[doc] GetThreadSelectedCpuSets: %d required %lu\n", ok, required);
    set_process(GetCurrentProcess(), NULL, 0);
    ok = get_process(GetCurrentProcess(), ids, 4, &required);
    printf("[doc] after clearing: %d required %lu\n", ok, required);
  }

  // The affinity update mode.
  SetUpdateMode_fn set_update = (SetUpdateMode_fn)fn("SetProcessAffinityUpdateMode");
  QueryUpdateMode_fn query_update = (QueryUpdateMode_fn)fn("QueryProcessAffinityUpdateMode");
  SetLastError(0);
  ok = set_update(GetCurrentProcess(), PROCESS_AFFINITY_ENABLE_AUTO_UPDATE);
  printf("[doc] SetProcessAffinityUpdateMode(auto): %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = set_update(GetCurrentProcess(), 2);
  printf("[doc] SetProcessAffinityUpdateMode(2): %d error %lu\n", ok, GetLastError());
  if (query_update) {
    DWORD mode = 9;
    ok = query_update(GetCurrentProcess(), &mode);
    printf("[doc] QueryProcessAffinityUpdateMode: %d mode %lu\n", ok, mode);
  }
  return 0;
}
