// A Windows API fuzzer (tests/fuzz/api_fuzz.sh runs it under polyrun, x86-64 and i686): child
// processes call exported functions of KERNEL32, msvcrt, ucrtbase, ADVAPI32 and WS2_32 — the names
// Windows exports (a file, from mingw-w64's import libraries), those the DLL has — with bad
// pointers (NULL, read-only, guard and unmapped pages, kernel addresses, a buffer's last bytes),
// bad and real handles, huge and negative sizes. Each call returns, or raises an exception inside
// the program (caught here: the child goes on with its next call); a child that dies or hangs is
// the program's business. polyrun must never fail itself, which the script checks in its messages.
//   api_fuzz NAMES SEED CHILDREN CALLS            the parent: runs CHILDREN children in turn
//   api_fuzz NAMES SEED CHILDREN CALLS CHILD [v]   one child (v: each call printed first)
// Functions that would end the process or thread, start programs or threads, wait, or reach
// outside the child are left out.
#include <windows.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE 65536
#define MAX_FUNCS 10000

static uint64_t state;
static uint64_t next(void) {  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}

static const char* blocked_words[] = {
    "Exit", "Terminate", "Fatal", "FailFast", "abort", "exit", "longjmp", "Process", "Thread", "Fiber",
    "Sleep", "Beep", "_jn", "_yn", "Wait", "Exec", "spawn", "system", "popen", "Shell", "Debug",
    "Suspend", "Context",
    "VectoredExceptionHandler", "VectoredContinueHandler", "UnhandledExceptionFilter", "Shutdown",
    "Timer", "Callback", "Apc", "Threadpool", "TrySubmit", "Enum", "FreeLibrary", "FreeConsole",
    "AttachConsole", "AllocConsole", "GenerateConsoleCtrlEvent", "Raise", "signal", "_cexit",
    "_amsg_exit", "Reboot", "Lock", "ReadConsole", "getch", "getc", "gets", "scanf", "Break",
    "ConnectNamedPipe", "accept", "recv", "select", "WSAPoll", "Interrupt", "Restart",
    "Service", "CopyFile", "MoveFile", "FileOperation", "AbortProc", "Replace", "Backup", "beginthread",
    "endthread", "atexit", "onexit", "Register", "Hook", "Heap", "VirtualFree", "VirtualProtect",
    "UnmapView", "LocalFree", "GlobalFree", "free", "realloc", "_aligned", "SetStdHandle",
    "SetErrorMode", "SetConsoleCtrlHandler", "SetUnhandled", "set_", "_set", "Flush", "Thunk",
    "RtlUnwind", "RtlRestore", "NtContinue", "unwind", "Unwind", "except", "Except", "Xcpt",
    "terminate", "unexpected", "_purecall", "_invalid_parameter", "Emergency", "qsort", "bsearch",
    "_lfind", "_lsearch", "LoadLibrary", "Activate", "CreateActCtx", "Once", "Initialize",
    "_EH_prolog", "_chkesp", /* (i386's: they rebuild the caller's frame, or break if its esp moved) */
    NULL};

// Functions named by a blocked word that only read or report (or make what nothing else uses):
// called after all, with the same random arguments.
static const char* allowed_names[] = {
    "HeapAlloc", "HeapCreate", "HeapSize", "HeapValidate", "HeapCompact", "HeapSummary", "HeapWalk",
    "HeapQueryInformation", "GetProcessHeap", "GetProcessHeaps", "GetCurrentProcess", "GetCurrentProcessId",
    "GetCurrentThread", "GetCurrentThreadId", "GetProcessId", "GetThreadId", "GetProcessIdOfThread",
    "GetProcessTimes", "GetThreadTimes", "GetProcessVersion", "GetProcessAffinityMask", "GetThreadPriority",
    "GetThreadPriorityBoost", "GetProcessPriorityBoost", "IsWow64Process", "IsWow64Process2",
    "GetExitCodeProcess", "GetExitCodeThread", "GetProcessHandleCount", "GetThreadIOPendingFlag",
    "QueryProcessCycleTime", "QueryThreadCycleTime", "GetProcessWorkingSetSize", "GetProcessWorkingSetSizeEx",
    "GetCurrentProcessorNumber", "GetCurrentProcessorNumberEx", "GetThreadErrorMode", "ProcessIdToSessionId",
    "GetProcessIoCounters", "GetThreadGroupAffinity", "GetProcessGroupAffinity", "GetThreadIdealProcessorEx",
    "GetCurrentThreadStackLimits", "GetProcessMitigationPolicy", "GetProcessInformation",
    "GetThreadInformation", "NtQueryInformationProcess", "NtQueryInformationThread", "OpenProcess",
    "OpenThread", "GetThreadDescription", "_getpid", NULL};

static int blocked(const char* name) {
  for (const char** a = allowed_names; *a; ++a)
    if (strcmp(name, *a) == 0) return 0;
  for (const char** w = blocked_words; *w; ++w)
    if (strstr(name, *w)) return 1;
  return 0;
}

static struct {
  const char* dll;
  char name[96];
  void* fn;
} funcs[MAX_FUNCS];
static int nfuncs;

static char* buf;
static char *read_only, *guard, *unmapped;
static HANDLE event, file, closed;

static uintptr_t random_arg(void) {
  switch (next() % 16) {
    case 0: return 0;
    case 1: return (uintptr_t)(buf + next() % BUF_SIZE);
    case 2: return (uintptr_t)(buf + BUF_SIZE - 1 - next() % 16);
    case 3: return (uintptr_t)read_only;
    case 4: return (uintptr_t)guard;
    case 5: return (uintptr_t)unmapped;
    case 6: return sizeof(void*) == 8 ? (uintptr_t)0xffff800000001000ull : (uintptr_t)0xc0001000u;
    case 7: return (uintptr_t) - (intptr_t)(next() % 200);
    case 8: return (uintptr_t)(next() % 64);
    case 9: return (uintptr_t)1 << (next() % (8 * sizeof(void*)));
    case 10: return ~(uintptr_t)0 >> (next() % 16);  // a huge size
    case 11: return (uintptr_t)event;
    case 12: return (uintptr_t)file;
    case 13: return (uintptr_t)closed;
    case 14: return (uintptr_t)GetStdHandle(STD_OUTPUT_HANDLE);
    default: return (uintptr_t)(uint32_t)next();
  }
}

// Calls fn with twelve arguments, whatever its convention: the stack pointer is put back after it
// (a stdcall function pops what it believes it was given).
#if defined(__x86_64__)
typedef uintptr_t (*any_fn)(uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t,
                            uintptr_t, uintptr_t, uintptr_t, uintptr_t);
static uintptr_t call_any(void* fn, const uintptr_t* a) {
  return ((any_fn)fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
}
#else
static uintptr_t __attribute__((noinline)) call_any(void* fn, const uintptr_t* a) {
  uintptr_t r;
  __asm__ volatile(
      "movl %%esp, %%edi\n\t"
      "subl $48, %%esp\n\t"
      "andl $-16, %%esp\n\t"
      "xorl %%ecx, %%ecx\n"
      "1:\n\t"
      "movl (%[a],%%ecx,4), %%edx\n\t"
      "movl %%edx, (%%esp,%%ecx,4)\n\t"
      "incl %%ecx\n\t"
      "cmpl $12, %%ecx\n\t"
      "jne 1b\n\t"
      "call *%[fn]\n\t"
      "movl %%edi, %%esp\n\t"
      : "=&a"(r)
      : [fn] "b"(fn), [a] "S"(a)
      : "ecx", "edx", "edi", "memory", "cc");
  return r;
}
#endif

// An exception in a call: the handler sends the thread to resume_after_exception, which goes back
// to the call's recovery point (outside any exception dispatch, as a program's own recovery would).
static void* recover[5];
static volatile LONG in_call;
static DWORD main_thread;
static long exceptions;

static void resume_after_exception(void) { __builtin_longjmp(recover, 1); }

static LONG CALLBACK on_exception(EXCEPTION_POINTERS* e) {
  if (GetCurrentThreadId() != main_thread || !in_call) return EXCEPTION_CONTINUE_SEARCH;
  in_call = 0;
  ++exceptions;
#if defined(__x86_64__)
  e->ContextRecord->Rsp = (e->ContextRecord->Rsp & ~(DWORD64)15) - 256 - 8;
  e->ContextRecord->Rip = (DWORD64)(uintptr_t)resume_after_exception;
#else
  e->ContextRecord->Esp = (e->ContextRecord->Esp & ~(DWORD)15) - 256 - 4;
  e->ContextRecord->Eip = (DWORD)(uintptr_t)resume_after_exception;
#endif
  return EXCEPTION_CONTINUE_EXECUTION;
}

static void load_names(const char* path) {
  FILE* f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "api_fuzz: cannot read %s\n", path);
    exit(2);
  }
  char dll[64], name[96];
  static char dlls[16][64];
  int ndlls = 0;
  while (nfuncs < MAX_FUNCS && fscanf(f, "%63s %95s", dll, name) == 2) {
    if (blocked(name)) continue;
    HMODULE m = GetModuleHandleA(dll);
    if (!m) m = LoadLibraryA(dll);
    if (!m) continue;
    void* fn = (void*)GetProcAddress(m, name);
    if (!fn) continue;
    int k = 0;
    while (k < ndlls && strcmp(dlls[k], dll)) ++k;
    if (k == ndlls && ndlls < 16) strcpy(dlls[ndlls++], dll);
    funcs[nfuncs].dll = dlls[k < 16 ? k : 15];
    strcpy(funcs[nfuncs].name, name);
    funcs[nfuncs].fn = fn;
    ++nfuncs;
  }
  fclose(f);
}

static void setup_memory(void) {
  buf = VirtualAlloc(NULL, BUF_SIZE, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  read_only = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  guard = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_NOACCESS);
  unmapped = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  if (!buf || !read_only || !guard || !unmapped) exit(3);
  VirtualFree(unmapped, 0, MEM_RELEASE);
  for (size_t i = 0; i < BUF_SIZE; i += 8) {
    uint64_t v = next();
    memcpy(buf + i, &v, 8);
  }
  strcpy(buf, "fuzz-file.txt");
  strcpy(read_only, "C:\\");
  DWORD old;
  VirtualProtect(read_only, 4096, PAGE_READONLY, &old);
  event = CreateEventA(NULL, TRUE, FALSE, NULL);
  file = CreateFileA("fuzz-scratch.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  closed = CreateEventA(NULL, FALSE, FALSE, NULL);
  CloseHandle(closed);
}

static int run_child(uint64_t seed, long calls, int verbose) {
  state = seed * 0x9e3779b97f4a7c15ull + 1;
  setup_memory();
  main_thread = GetCurrentThreadId();
  AddVectoredExceptionHandler(1, on_exception);
  for (volatile long i = 0; i < calls; ++i) {
    int f = (int)(next() % (uint64_t)nfuncs);
    uintptr_t a[12];
    for (int k = 0; k < 12; ++k) a[k] = random_arg();
    if (verbose) {
      fprintf(stderr, "call %ld: %s!%s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)\n", (long)i, funcs[f].dll, funcs[f].name,
              (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2], (unsigned long long)a[3],
              (unsigned long long)a[4], (unsigned long long)a[5]);
      fflush(stderr);
    }
    if (__builtin_setjmp(recover) == 0) {
      in_call = 1;
      call_any(funcs[f].fn, a);
      in_call = 0;
    } else if (verbose) {
      fprintf(stderr, "  exception\n");
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: api_fuzz NAMES SEED CHILDREN CALLS [CHILD [v]]\n");
    return 2;
  }
  uint64_t seed = strtoull(argv[2], NULL, 0);
  long children = atol(argv[3]), calls = atol(argv[4]);
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
  load_names(argv[1]);
  if (argc > 5) return run_child(seed + (uint64_t)atol(argv[5]), calls, argc > 6);
  if (!nfuncs) {
    fprintf(stderr, "api_fuzz: no function of %s found\n", argv[1]);
    return 1;
  }
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  // The children's standard output goes nowhere (their random writes would mix with this
  // summary); their standard error stays this process's, where polyrun's messages go.
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE null_out = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, OPEN_EXISTING, 0, NULL);
  long ended = 0, died = 0, hung = 0;
  for (long c = 0; c < children; ++c) {
    char cmd[2 * MAX_PATH + 128];
    snprintf(cmd, sizeof cmd, "\"%s\" \"%s\" %s %ld %ld %ld", self, argv[1], argv[2], children, calls, c);
    STARTUPINFOA si = {sizeof si};
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = null_out;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    PROCESS_INFORMATION pi;
    if (!CreateProcessA(self, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
      fprintf(stderr, "api_fuzz: CreateProcess: error %lu\n", GetLastError());
      return 1;
    }
    if (WaitForSingleObject(pi.hProcess, 10000) == WAIT_TIMEOUT) {
      TerminateProcess(pi.hProcess, 99);
      WaitForSingleObject(pi.hProcess, INFINITE);
      ++hung;
    }
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    if (code == 0) ++ended;
    else ++died;
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
  }
  printf("api_fuzz: seed %llu: %d functions, %ld children of %ld calls: %ld ended, %ld did not (%ld stopped at the time limit)\n",
         (unsigned long long)seed, nfuncs, children, calls, ended, died, hung);
  return 0;
}
