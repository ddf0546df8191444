// Delay-loaded imports resolved through KERNEL32's ResolveDelayLoadedAPI and NTDLL's
// LdrResolveDelayLoadedAPI, as the helper of a program linked with /DELAYLOAD calls them, on an
// IMAGE_DELAYLOAD_DESCRIPTOR made here (its RVAs from the start of a block of this program's):
// a DLL already loaded and one loaded on first use (its handle stored in the module's variable),
// functions by name (the thunk written), and the failures: a function or a DLL not there, with the
// DLL's failure hook (given a DELAYLOAD_INFO and the reason) or else the system's hook (given the
// DLL's name and the function's name or ordinal).
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  DWORD ImportDescribedByName;
  union {
    LPCSTR Name;
    DWORD Ordinal;
  } Description;
} ProcDescriptor;

typedef struct {
  DWORD Size;
  PCIMAGE_DELAYLOAD_DESCRIPTOR DelayloadDescriptor;
  PIMAGE_THUNK_DATA ThunkAddress;
  LPCSTR TargetDllName;
  ProcDescriptor TargetApiDescriptor;
  PVOID TargetModuleBase;
  PVOID Unused;
  DWORD LastError;
} DelayLoadInfo;

typedef PVOID(WINAPI* dll_hook_fn)(DWORD, DelayLoadInfo*);
typedef PVOID(WINAPI* system_hook_fn)(LPCSTR, LPCSTR);
typedef PVOID(WINAPI* resolve_fn)(PVOID, PCIMAGE_DELAYLOAD_DESCRIPTOR, dll_hook_fn, system_hook_fn, PIMAGE_THUNK_DATA, ULONG);

typedef struct {
  WORD hint;
  char name[30];
} ByName;

// One DLL's delay-load tables, RVAs from the start of the block.
typedef struct {
  IMAGE_DELAYLOAD_DESCRIPTOR desc;
  HMODULE module;
  IMAGE_THUNK_DATA iat[4];
  IMAGE_THUNK_DATA names[5];
  char dll[32];
  ByName by_name[4];
} Block;

static DWORD rva(Block* b, void* p) { return (DWORD)((char*)p - (char*)b); }

static void setup(Block* b, const char* dll, const char* const* functions, int n) {
  memset(b, 0, sizeof *b);
  strcpy(b->dll, dll);
  b->desc.Attributes.AllAttributes = 1;  // RVAs
  b->desc.DllNameRVA = rva(b, b->dll);
  b->desc.ModuleHandleRVA = rva(b, &b->module);
  b->desc.ImportAddressTableRVA = rva(b, b->iat);
  b->desc.ImportNameTableRVA = rva(b, b->names);
  for (int i = 0; i < n; ++i) {
    if ((ULONG_PTR)functions[i] < 0x10000) {
      b->names[i].u1.Ordinal = IMAGE_ORDINAL_FLAG | (ULONG_PTR)functions[i];
    } else {
      strcpy(b->by_name[i].name, functions[i]);
      b->names[i].u1.AddressOfData = rva(b, &b->by_name[i]);
    }
    b->iat[i].u1.Function = 0x1234;  // where the module's helper would be
  }
}

static char fallback_marker;
static int hook_calls;

static PVOID WINAPI dll_hook(DWORD reason, DelayLoadInfo* info) {
  ++hook_calls;
  printf("  dll hook: reason %s, size %s, dll %s, by name %lu, base %s\n",
         reason == 4 ? "4" : "(not a function's failure)", info->Size == sizeof(DelayLoadInfo) ? "right" : "wrong",
         info->TargetDllName, info->TargetApiDescriptor.ImportDescribedByName,
         info->TargetModuleBase ? "the DLL's" : "null");
  return &fallback_marker;
}

static PVOID WINAPI dll_hook_any(DWORD reason, DelayLoadInfo* info) {
  (void)reason;
  ++hook_calls;
  printf("  dll hook: dll %s, base %s, descriptor %s\n", info->TargetDllName, info->TargetModuleBase ? "set" : "null",
         info->DelayloadDescriptor ? "given" : "null");
  return NULL;
}

static PVOID WINAPI system_hook(LPCSTR dll, LPCSTR function) {
  ++hook_calls;
  if ((ULONG_PTR)function < 0x10000) printf("  system hook: %s ordinal %u\n", dll, (unsigned)(ULONG_PTR)function);
  else printf("  system hook: %s!%s\n", dll, function);
  return &fallback_marker;
}

int main(void) {
  HMODULE kernel32 = GetModuleHandleA("kernel32.dll");
  resolve_fn resolve = (resolve_fn)GetProcAddress(kernel32, "ResolveDelayLoadedAPI");
  resolve_fn ldr_resolve = (resolve_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "LdrResolveDelayLoadedAPI");
  printf("exported: %d %d %d\n", resolve != NULL, ldr_resolve != NULL, GetProcAddress(kernel32, "DelayLoadFailureHook") != NULL);

  static Block k;
  const char* kf[] = {"GetCurrentProcessId", "GetTickCount", "NoSuchFunctionHere", (const char*)(ULONG_PTR)0xfffe};
  setup(&k, "KERNEL32.dll", kf, 4);
  void* got = resolve(&k, &k.desc, NULL, system_hook, &k.iat[0], 0);
  printf("by name: %s, thunk %s, module variable %s\n",
         got == (void*)GetProcAddress(kernel32, "GetCurrentProcessId") ? "GetCurrentProcessId" : "wrong",
         k.iat[0].u1.Function == (ULONG_PTR)got ? "written" : "not written", k.module == kernel32 ? "kernel32" : "wrong");
  printf("call through it: %s\n", ((DWORD(WINAPI*)(void))got)() == GetCurrentProcessId() ? "same id" : "wrong");
  printf("untouched thunk: %s\n", k.iat[1].u1.Function == 0x1234 ? "yes" : "no");
  got = ldr_resolve(&k, &k.desc, NULL, system_hook, &k.iat[1], 0);
  printf("through ntdll: %s, thunk %s\n", got == (void*)GetProcAddress(kernel32, "GetTickCount") ? "GetTickCount" : "wrong",
         k.iat[1].u1.Function == (ULONG_PTR)got ? "written" : "not written");

  hook_calls = 0;
  got = resolve(&k, &k.desc, dll_hook, system_hook, &k.iat[2], 0);
  printf("missing function, dll hook: %s, %d hook call(s), thunk %s\n", got == &fallback_marker ? "hook's result" : "other",
         hook_calls, k.iat[2].u1.Function == 0x1234 ? "unchanged" : "changed");
  hook_calls = 0;
  got = resolve(&k, &k.desc, NULL, system_hook, &k.iat[2], 0);
  printf("missing function, system hook: %s, %d hook call(s)\n", got == &fallback_marker ? "hook's result" : "other", hook_calls);
  hook_calls = 0;
  got = resolve(&k, &k.desc, NULL, system_hook, &k.iat[3], 0);
  printf("missing ordinal, system hook: %s, %d hook call(s)\n", got == &fallback_marker ? "hook's result" : "other", hook_calls);

  static Block s;
  const char* sf[] = {"PathFindExtensionA"};
  setup(&s, "shlwapi.dll", sf, 1);
  got = resolve(&s, &s.desc, NULL, system_hook, &s.iat[0], 0);
  printf("loaded on first use: module variable %s, function %s\n",
         s.module && s.module == GetModuleHandleA("shlwapi.dll") ? "shlwapi" : "wrong", got ? "found" : "missing");
  printf("call through it: %s\n", got ? ((char*(WINAPI*)(const char*))got)("name.txt") : "-");

  static Block m;
  const char* mf[] = {"Anything"};
  setup(&m, "polyrun-no-such-dll.dll", mf, 1);
  hook_calls = 0;
  got = resolve(&m, &m.desc, dll_hook_any, system_hook, &m.iat[0], 0);
  printf("missing dll, dll hook: %s, %d hook call(s), module variable %s\n", got ? "non-null" : "null", hook_calls,
         m.module ? "set" : "null");
  hook_calls = 0;
  got = resolve(&m, &m.desc, NULL, system_hook, &m.iat[0], 0);
  printf("missing dll, system hook: %s, %d hook call(s)\n", got == &fallback_marker ? "hook's result" : "other", hook_calls);
  return 0;
}
