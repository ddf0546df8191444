/* NTDLL's loader functions (LdrLoadDll, LdrGetDllHandle(Ex), LdrGetProcedureAddress, LdrUnloadDll,
 * LdrAddRefDll, LdrGetDllFullName, the DLL search path, LdrProcessRelocationBlock) against
 * KERNEL32's, and event tracing with no session listening (providers register and unregister, are
 * never enabled, and write without error). Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  WCHAR* Buffer;
} USTR;
typedef struct {
  USHORT Length, MaximumLength;
  char* Buffer;
} STR;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(LONG, LdrLoadDll, (const WCHAR*, ULONG*, USTR*, HMODULE*))
FN(LONG, LdrUnloadDll, (HMODULE))
FN(LONG, LdrGetDllHandle, (const WCHAR*, ULONG*, USTR*, HMODULE*))
FN(LONG, LdrGetDllHandleEx, (ULONG, const WCHAR*, ULONG*, USTR*, HMODULE*))
FN(LONG, LdrGetProcedureAddress, (HMODULE, STR*, ULONG, void**))
FN(LONG, LdrAddRefDll, (ULONG, HMODULE))
FN(LONG, LdrGetDllFullName, (HMODULE, USTR*))
FN(LONG, LdrSetDllDirectory, (USTR*))
FN(LONG, LdrGetDllDirectory, (USTR*))
FN(void*, LdrProcessRelocationBlock, (void*, ULONG, USHORT*, LONG_PTR))
FN(void, RtlInitUnicodeString, (USTR*, const WCHAR*))
FN(ULONG, EtwEventRegister, (const GUID*, void*, void*, ULONGLONG*))
FN(ULONG, EtwEventUnregister, (ULONGLONG))
FN(BOOLEAN, EtwEventEnabled, (ULONGLONG, const void*))
FN(BOOLEAN, EtwEventProviderEnabled, (ULONGLONG, UCHAR, ULONGLONG))
FN(ULONG, EtwEventWrite, (ULONGLONG, const void*, ULONG, void*))
FN(ULONG, EtwEventWriteString, (ULONGLONG, UCHAR, ULONGLONG, const WCHAR*))
FN(ULONG, EtwEventWriteTransfer, (ULONGLONG, const void*, const GUID*, const GUID*, ULONG, void*))
FN(ULONG, EtwEventActivityIdControl, (ULONG, GUID*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(LdrLoadDll); GET(LdrUnloadDll); GET(LdrGetDllHandle); GET(LdrGetDllHandleEx); GET(LdrGetProcedureAddress);
  GET(LdrAddRefDll); GET(LdrGetDllFullName); GET(LdrSetDllDirectory); GET(LdrGetDllDirectory);
  GET(LdrProcessRelocationBlock); GET(RtlInitUnicodeString); GET(EtwEventRegister); GET(EtwEventUnregister);
  GET(EtwEventEnabled); GET(EtwEventProviderEnabled); GET(EtwEventWrite); GET(EtwEventWriteString);
  GET(EtwEventWriteTransfer); GET(EtwEventActivityIdControl);

  USTR name;
  HMODULE m = NULL, m2 = NULL;
  pRtlInitUnicodeString(&name, L"kernel32.dll");
  printf("LdrGetDllHandle(kernel32.dll): 0x%lx", pLdrGetDllHandle(NULL, NULL, &name, &m));
  printf(", the module GetModuleHandle gives %d\n", m == GetModuleHandleA("kernel32.dll"));
  pRtlInitUnicodeString(&name, L"KERNEL32");
  printf("LdrGetDllHandleEx(KERNEL32, unchanged): 0x%lx", pLdrGetDllHandleEx(1, NULL, NULL, &name, &m2));
  printf(", same %d\n", m2 == m);
  printf("LdrGetDllHandleEx (bad flags): 0x%lx\n", pLdrGetDllHandleEx(3, NULL, NULL, &name, &m2));
  pRtlInitUnicodeString(&name, L"not_a_dll_here.dll");
  m2 = (HMODULE)1;
  printf("LdrGetDllHandle(missing): 0x%lx", pLdrGetDllHandle(NULL, NULL, &name, &m2));
  printf(", null %d\n", m2 == NULL);
  printf("LdrLoadDll(missing): 0x%lx\n", pLdrLoadDll(NULL, NULL, &name, &m2));
  STR proc = {12, 13, "GetTickCount"};
  void* addr = NULL;
  printf("LdrGetProcedureAddress(GetTickCount): 0x%lx", pLdrGetProcedureAddress(m, &proc, 0, &addr));
  printf(", as GetProcAddress %d\n", addr == (void*)GetProcAddress(m, "GetTickCount"));
  STR none = {10, 11, "NoSuchFunc"};
  HMODULE self = GetModuleHandleA(NULL); /* (a module with no exports) */
  printf("LdrGetProcedureAddress(missing): 0x%lx, ordinal 60000: 0x%lx\n", pLdrGetProcedureAddress(self, &none, 0, &addr),
         pLdrGetProcedureAddress(self, NULL, 60000, &addr));
  pRtlInitUnicodeString(&name, L"version.dll");
  HMODULE v = NULL;
  printf("LdrLoadDll(version.dll): 0x%lx", pLdrLoadDll(NULL, NULL, &name, &v));
  printf(", loaded %d, GetModuleHandle finds it %d\n", v != NULL, GetModuleHandleA("version.dll") == v);
  printf("LdrAddRefDll: 0x%lx\n", pLdrAddRefDll(0, v));
  printf("LdrUnloadDll: 0x%lx", pLdrUnloadDll(v));
  printf(" 0x%lx\n", pLdrUnloadDll(v));
  WCHAR buf[MAX_PATH], k32path[MAX_PATH];
  USTR full = {0, sizeof buf, buf};
  printf("LdrGetDllFullName(kernel32): 0x%lx", pLdrGetDllFullName(m, &full));
  GetModuleFileNameW(m, k32path, MAX_PATH);
  printf(", as GetModuleFileName %d, length %d\n", wcsncmp(buf, k32path, full.Length / 2) == 0,
         full.Length == wcslen(k32path) * 2);
  USTR small = {0, 6, buf};
  printf("LdrGetDllFullName (small): 0x%lx\n", pLdrGetDllFullName(m, &small));
  full.MaximumLength = sizeof buf;
  GetModuleFileNameW(NULL, k32path, MAX_PATH);
  printf("LdrGetDllFullName(NULL): 0x%lx", pLdrGetDllFullName(NULL, &full));
  printf(", the program's %d\n", wcsncmp(buf, k32path, full.Length / 2) == 0);
  pRtlInitUnicodeString(&name, L"C:\\somewhere");
  printf("LdrSetDllDirectory: 0x%lx", pLdrSetDllDirectory(&name));
  full.MaximumLength = sizeof buf;
  printf(", LdrGetDllDirectory 0x%lx", pLdrGetDllDirectory(&full));
  printf(" \"%.*ls\"", full.Length / 2, buf);
  GetDllDirectoryW(MAX_PATH, k32path);
  printf(", GetDllDirectory \"%ls\"\n", k32path);
  USTR none_dir = {0, 0, NULL};
  pLdrSetDllDirectory(&none_dir);
  full.MaximumLength = sizeof buf;
  printf("LdrSetDllDirectory(none): LdrGetDllDirectory 0x%lx", pLdrGetDllDirectory(&full));
  printf(" len %u\n", full.Length);

  /* relocations: a HIGHLOW, a LOW, an ABSOLUTE */
  static DWORD page[1024];
  page[4] = 0x10001000;
  page[8] = 0x00001234;
  USHORT relocs[3] = {(3 << 12) | 16, (2 << 12) | 32, 0};
  void* next = pLdrProcessRelocationBlock(page, 3, relocs, 0x10100);
  printf("LdrProcessRelocationBlock: next %d, highlow %08lx, low %08lx\n", next == (void*)(relocs + 3), page[4], page[8]);

  /* event tracing */
  static const GUID provider = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
  ULONGLONG handle = 0;
  printf("EtwEventRegister: %lu", pEtwEventRegister(&provider, NULL, NULL, &handle));
  printf(", a handle %d\n", handle != 0);
  printf("EtwEventRegister (no handle): %lu\n", pEtwEventRegister(&provider, NULL, NULL, NULL));
  char descriptor[16];
  memset(descriptor, 0, sizeof descriptor);
  printf("EtwEventEnabled: %d, EtwEventProviderEnabled: %d\n", pEtwEventEnabled(handle, descriptor),
         pEtwEventProviderEnabled(handle, 4, 0));
  printf("EtwEventWrite: %lu, EtwEventWriteString: %lu, EtwEventWriteTransfer: %lu\n",
         pEtwEventWrite(handle, descriptor, 0, NULL), pEtwEventWriteString(handle, 4, 0, L"text"),
         pEtwEventWriteTransfer(handle, descriptor, NULL, NULL, 0, NULL));
  GUID activity;
  memset(&activity, 0, sizeof activity);
  printf("EtwEventActivityIdControl(GET): %lu", pEtwEventActivityIdControl(1, &activity));
  printf(", %08lx\n", activity.Data1);
  printf("EtwEventUnregister: %lu\n", pEtwEventUnregister(handle));
  return 0;
}
