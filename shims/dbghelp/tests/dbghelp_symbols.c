/* DBGHELP's symbol handler over the process's own modules: initialization, options, the search
 * path, module bases and information, symbols by address and by name from what the images carry
 * (the program's export table and COFF symbols, KERNEL32's exports), the missing line information
 * of an image without a PDB, and UnDecorateSymbolName over decorated MSVC names. */
// Links: -ldbghelp
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <string.h>
#include <ctype.h>

__declspec(dllexport) __declspec(noinline) int sample_exported(int x) { return x * 3 + 1; }

static void lower(char* s) {
  for (; *s; ++s) *s = (char)tolower((unsigned char)*s);
}

static void symbol_at(HANDLE process, const char* what, DWORD64 address) {
  char buffer[sizeof(SYMBOL_INFO) + 256];
  SYMBOL_INFO* info = (SYMBOL_INFO*)buffer;
  memset(buffer, 0, sizeof buffer);
  info->SizeOfStruct = sizeof(SYMBOL_INFO);
  info->MaxNameLen = 255;
  DWORD64 displacement = 99;
  if (SymFromAddr(process, address, &displacement, info))
    printf("SymFromAddr(%s): %s, displacement %llu, address matches %d\n", what, info->Name,
           (unsigned long long)displacement, info->Address == address);
  else
    printf("SymFromAddr(%s) failed: %lu\n", what, GetLastError());
}

static BOOL CALLBACK count_symbol(PSYMBOL_INFO info, ULONG size, PVOID user) {
  (void)size;
  if (!strcmp(info->Name, "sample_exported")) ++*(int*)user;
  return TRUE;
}

int main(void) {
  HANDLE process = GetCurrentProcess();
  printf("version %d\n", ImagehlpApiVersion() != NULL);
  DWORD options = SymSetOptions(SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS);
  (void)options;
  printf("options 0x%lx\n", SymGetOptions());
  printf("initialize: %d\n", SymInitialize(process, NULL, TRUE));

  printf("set search path: %d\n", SymSetSearchPath(process, "C:\\symbols;C:\\more"));
  char path[MAX_PATH];
  if (SymGetSearchPath(process, path, sizeof path)) printf("search path: %s\n", path);
  WCHAR wpath[MAX_PATH];
  if (SymGetSearchPathW(process, wpath, MAX_PATH)) printf("wide search path: %ls\n", wpath);
  printf("set wide search path: %d\n", SymSetSearchPathW(process, L"C:\\wide"));
  if (SymGetSearchPath(process, path, sizeof path)) printf("search path: %s\n", path);

  HMODULE exe = GetModuleHandleA(NULL), k32 = GetModuleHandleA("kernel32.dll");
  DWORD64 main_address = (DWORD64)(ULONG_PTR)&sample_exported;
  printf("module base of a function is the exe: %d\n", SymGetModuleBase64(process, main_address) == (DWORD64)(ULONG_PTR)exe);
  FARPROC sleep_ex = GetProcAddress(k32, "SleepEx");
  printf("module base of SleepEx is kernel32: %d\n", SymGetModuleBase64(process, (DWORD64)(ULONG_PTR)sleep_ex) == (DWORD64)(ULONG_PTR)k32);
  printf("module base of 0x10: %llu\n", (unsigned long long)SymGetModuleBase64(process, 0x10));

  IMAGEHLP_MODULE64 mod;
  memset(&mod, 0, sizeof mod);
  mod.SizeOfStruct = sizeof mod;
  if (SymGetModuleInfo64(process, (DWORD64)(ULONG_PTR)exe, &mod)) {
    lower(mod.ModuleName);
    printf("exe module: %s, base matches %d, size matches %d\n", mod.ModuleName, mod.BaseOfImage == (DWORD64)(ULONG_PTR)exe,
           mod.ImageSize == ((IMAGE_NT_HEADERS*)((char*)exe + ((IMAGE_DOS_HEADER*)exe)->e_lfanew))->OptionalHeader.SizeOfImage);
  } else {
    printf("SymGetModuleInfo64(exe) failed: %lu\n", GetLastError());
  }
  memset(&mod, 0, sizeof mod);
  mod.SizeOfStruct = sizeof mod;
  if (SymGetModuleInfo64(process, (DWORD64)(ULONG_PTR)k32, &mod)) {
    lower(mod.ModuleName);
    printf("kernel32 module: %s\n", mod.ModuleName);
  } else {
    printf("SymGetModuleInfo64(kernel32) failed: %lu\n", GetLastError());
  }
  IMAGEHLP_MODULEW64 modw;
  memset(&modw, 0, sizeof modw);
  modw.SizeOfStruct = sizeof modw;
  if (SymGetModuleInfoW64(process, (DWORD64)(ULONG_PTR)exe, &modw)) {
    for (WCHAR* c = modw.ModuleName; *c; ++c) *c = towlower(*c);
    printf("exe module (wide): %ls\n", modw.ModuleName);
  }
  memset(&mod, 0, sizeof mod);
  mod.SizeOfStruct = sizeof mod;
  printf("module info of 0x10: %d\n", SymGetModuleInfo64(process, 0x10, &mod));

  symbol_at(process, "sample_exported", main_address);
  symbol_at(process, "sample_exported+2", main_address + 2);
  symbol_at(process, "SleepEx", (DWORD64)(ULONG_PTR)sleep_ex);
  symbol_at(process, "0x10", 0x10);

  char buffer[sizeof(SYMBOL_INFO) + 256];
  SYMBOL_INFO* info = (SYMBOL_INFO*)buffer;
  memset(buffer, 0, sizeof buffer);
  info->SizeOfStruct = sizeof(SYMBOL_INFO);
  info->MaxNameLen = 255;
  if (SymFromName(process, "sample_exported", info))
    printf("SymFromName(sample_exported): address matches %d\n", info->Address == main_address);
  else
    printf("SymFromName(sample_exported) failed: %lu\n", GetLastError());
  if (SymFromName(process, "no_such_symbol_anywhere", info))
    printf("SymFromName(no_such_symbol_anywhere) found it\n");
  else
    printf("SymFromName(no_such_symbol_anywhere) failed: %lu\n", GetLastError());

  char sym_buffer[sizeof(IMAGEHLP_SYMBOL64) + 256];
  IMAGEHLP_SYMBOL64* sym = (IMAGEHLP_SYMBOL64*)sym_buffer;
  memset(sym_buffer, 0, sizeof sym_buffer);
  sym->SizeOfStruct = sizeof(IMAGEHLP_SYMBOL64);
  sym->MaxNameLength = 255;
  DWORD64 displacement = 0;
  if (SymGetSymFromAddr64(process, main_address + 1, &displacement, sym))
    printf("SymGetSymFromAddr64: %s +%llu\n", sym->Name, (unsigned long long)displacement);
  else
    printf("SymGetSymFromAddr64 failed: %lu\n", GetLastError());

  int matches = 0;
  BOOL enumerated = SymEnumSymbols(process, (DWORD64)(ULONG_PTR)exe, "sample_*", count_symbol, &matches);
  printf("SymEnumSymbols(sample_*): %d, sample_exported seen %d\n", enumerated, matches);
  char exe_path[MAX_PATH];
  GetModuleFileNameA(NULL, exe_path, MAX_PATH);
  SetLastError(1234);
  DWORD64 again = SymLoadModuleEx(process, NULL, exe_path, NULL, (DWORD64)(ULONG_PTR)exe, 0, NULL, 0);
  printf("SymLoadModuleEx of the loaded exe: %llu, error %lu\n", (unsigned long long)again, GetLastError());

  IMAGEHLP_LINE64 line;
  memset(&line, 0, sizeof line);
  line.SizeOfStruct = sizeof line;
  DWORD line_displacement = 0;
  SetLastError(0);
  BOOL have_line = SymGetLineFromAddr64(process, main_address, &line_displacement, &line);
  printf("line of sample_exported: %d, error %lu\n", have_line, GetLastError());

  static const char* const decorated[] = {
      "?func@@YAHH@Z",
      "?method@Widget@@QAEXPAD@Z",
      "?method@Widget@@QEAAXPEAD@Z",
      "??0Widget@@QAE@XZ",
      "??1Widget@@UAE@XZ",
      "?get@?$Box@H@@QBEHXZ",
      "?run@inner@outer@@YGXN_N@Z",
      "??2@YAPAXI@Z",
      "??HWidget@@QAE?AV0@ABV0@@Z",
      "?count@Widget@@2HA",
      "?f@@YAXPBDAAH@Z",
      "?g@@YIMM@Z",
      "?x@@3PEAHEA",
      "?h@ns@@YAXV?$vector@V?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@@std@@@Z",
      "not_decorated",
  };
  for (size_t i = 0; i < sizeof decorated / sizeof *decorated; ++i) {
    char out[512];
    DWORD n = UnDecorateSymbolName(decorated[i], out, sizeof out, UNDNAME_COMPLETE);
    printf("%s -> %s (%lu)\n", decorated[i], n ? out : "", n == strlen(out));
    n = UnDecorateSymbolName(decorated[i], out, sizeof out, UNDNAME_NAME_ONLY);
    printf("  name only -> %s\n", n ? out : "");
  }
  WCHAR wout[256];
  DWORD wn = UnDecorateSymbolNameW(L"?func@@YAHH@Z", wout, 256, UNDNAME_COMPLETE);
  printf("wide -> %ls (%lu)\n", wn ? wout : L"", wn);

  printf("cleanup: %d\n", SymCleanup(process));
  printf("cleanup again: %d\n", SymCleanup(process));
  return 0;
}
