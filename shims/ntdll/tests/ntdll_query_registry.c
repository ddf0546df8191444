/* NTDLL's RtlQueryRegistryValues over a key the program makes (RTL_REGISTRY_HANDLE): values by
 * name, every value, defaults, REQUIRED, NOVALUE, NOEXPAND, expanded strings (the process's
 * environment and a block of the caller's), REG_MULTI_SZ split, DIRECT into strings, ULONGs and
 * larger buffers, TYPECHECK, SUBKEY and TOPKEY, DELETE, a routine's failure, a key that is
 * missing. Expected output: wine 8.0's (x64), but where wine is not Microsoft's page of the
 * function (wine-differences.txt). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef NTSTATUS(NTAPI* ROUTINE)(PWSTR, ULONG, PVOID, ULONG, PVOID, PVOID);
typedef struct {
  ROUTINE QueryRoutine;
  ULONG Flags;
  PWSTR Name;
  PVOID EntryContext;
  ULONG DefaultType;
  PVOID DefaultData;
  ULONG DefaultLength;
} TABLE;
enum {
  SUBKEY = 1, TOPKEY = 2, REQUIRED = 4, NOVALUE = 8, NOEXPAND = 0x10, DIRECT = 0x20, DELETE_ = 0x40,
  TYPECHECK = 0x100
};
#define RTL_REGISTRY_HANDLE 0x40000000

static NTSTATUS(NTAPI* query)(ULONG, PCWSTR, TABLE*, PVOID, PVOID);
static NTSTATUS fail_with;

static NTSTATUS NTAPI routine(PWSTR name, ULONG type, PVOID data, ULONG length, PVOID context, PVOID entry) {
  printf("  routine %ls type %lu length %lu context %lx entry %lx", name ? name : L"(null)", type, length,
         (ULONG)(ULONG_PTR)context, (ULONG)(ULONG_PTR)entry);
  if (!data) {
    printf(" no data");
  } else if (type == REG_SZ || type == REG_EXPAND_SZ) {
    printf(" \"%ls\"", (WCHAR*)data);
  } else {
    printf(" bytes");
    for (ULONG i = 0; i < length && i < 16; ++i) printf(" %02x", ((BYTE*)data)[i]);
  }
  printf("\n");
  return fail_with;
}

static HKEY key;
static NTSTATUS run(const char* what, TABLE* t) {
  NTSTATUS st = query(RTL_REGISTRY_HANDLE, (PCWSTR)key, t, (void*)0xc0, NULL);
  printf("%s: %08lx\n", what, st);
  return st;
}

int main(void) {
  query = (void*)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlQueryRegistryValues");
  void* ex = (void*)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlQueryRegistryValuesEx");
  printf("functions: %d %d\n", !!query, !!ex);
  if (!query) return 1;
  RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\ntdll_query_registry");
  RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\ntdll_query_registry", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL);
  HKEY sub;
  RegCreateKeyExW(key, L"Sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
  RegSetValueExW(sub, L"Inner", 0, REG_SZ, (BYTE*)L"in", 6);
  RegCloseKey(sub);
  RegSetValueExW(key, L"Str", 0, REG_SZ, (BYTE*)L"hello", 12);
  RegSetValueExW(key, L"Exp", 0, REG_EXPAND_SZ, (BYTE*)L"%QRTEST%\\x", 22);
  RegSetValueExW(key, L"Multi", 0, REG_MULTI_SZ, (BYTE*)L"a\0bb\0", 12);
  DWORD seven = 7;
  RegSetValueExW(key, L"Num", 0, REG_DWORD, (BYTE*)&seven, 4);
  BYTE bin[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  RegSetValueExW(key, L"Bin", 0, REG_BINARY, bin, 10);
  SetEnvironmentVariableW(L"QRTEST", L"fromprocess");

  {
    TABLE t[] = {{routine, 0, L"Str", (void*)1}, {routine, 0, L"Num", (void*)2}, {routine, NOEXPAND, L"Exp", (void*)3},
                 {routine, NOEXPAND, L"Multi", (void*)4}, {routine, 0, L"Bin", (void*)5}, {0}};
    run("by name", t);
  }
  {
    TABLE t[] = {{routine, 0, L"Exp", (void*)1}, {0}};
    run("expanded", t);
    static WCHAR env[] = L"QRTEST=fromblock\0\0";
    NTSTATUS st = query(RTL_REGISTRY_HANDLE, (PCWSTR)key, t, (void*)0xc0, env);
    printf("expanded with a block: %08lx\n", st);
  }
  {
    TABLE t[] = {{routine, 0, L"Multi", (void*)1}, {0}};
    run("multi split", t);
  }
  {
    DWORD d = 0x55;
    TABLE t[] = {{routine, 0, L"Missing", (void*)1, REG_DWORD, &d, 4},
                 {routine, 0, L"Missing2", (void*)2, REG_SZ, L"dflt", 0},
                 {routine, 0, L"Missing3", (void*)3, REG_NONE, NULL, 0},
                 {0}};
    run("defaults", t);
  }
  {
    TABLE t[] = {{routine, REQUIRED, L"Missing", (void*)1}, {routine, 0, L"Str", (void*)2}, {0}};
    run("required", t);
  }
  {
    TABLE t[] = {{routine, NOVALUE, L"Whatever", (void*)1}, {0}};
    run("novalue", t);
  }
  {
    TABLE t[] = {{routine, NOEXPAND, NULL, (void*)9}, {0}};
    run("every value", t);
  }
  {
    USTR s = {0, 0, NULL};
    DWORD num = 0;
    LONG neg[5] = {-16, 0, 0, 0, 0};
    LONG pos[6] = {24, 0, 0, 0, 0, 0};
    TABLE t[] = {{NULL, DIRECT, L"Str", &s}, {NULL, DIRECT, L"Num", &num}, {NULL, DIRECT, L"Bin", neg},
                 {NULL, DIRECT, L"Bin", pos}, {0}};
    run("direct", t);
    printf("  string %u/%u \"%ls\" number %lu\n", s.Length, s.MaximumLength, s.Buffer ? s.Buffer : L"", num);
    printf("  negative size: %08lx %08lx %04lx\n", (ULONG)neg[0], (ULONG)neg[1], (ULONG)neg[2] & 0xffff);
    printf("  positive size: length %lu type %lu %08lx %08lx %04lx\n", (ULONG)pos[0], (ULONG)pos[1], (ULONG)pos[2],
           (ULONG)pos[3], (ULONG)pos[4] & 0xffff);
    WCHAR small[3];
    USTR s2 = {0, sizeof small, small};
    TABLE t2[] = {{NULL, DIRECT, L"Str", &s2}, {0}};
    run("direct into a short buffer", t2);
    WCHAR room[32];
    USTR s3 = {0, sizeof room, room};
    TABLE t3[] = {{NULL, DIRECT | NOEXPAND, L"Exp", &s3}, {0}};
    run("direct unexpanded", t3);
    printf("  string %u \"%ls\"\n", s3.Length, room);
    DWORD d = 0x66, got = 0;
    TABLE t4[] = {{NULL, DIRECT, L"Missing", &got, REG_DWORD, &d, 4}, {0}};
    run("direct default", t4);
    printf("  number %lx\n", got);
  }
  {
    DWORD num = 0;
    TABLE t[] = {{NULL, DIRECT | TYPECHECK, L"Num", &num, (REG_SZ << 24) | REG_NONE}, {0}};
    run("typecheck mismatch", t);
    TABLE t2[] = {{NULL, DIRECT | TYPECHECK, L"Num", &num, (REG_DWORD << 24) | REG_NONE}, {0}};
    run("typecheck match", t2);
    printf("  number %lu\n", num);
  }
  {
    TABLE t[] = {{NULL, SUBKEY, L"Sub"}, {routine, 0, L"Inner", (void*)1}, {routine, TOPKEY, L"Str", (void*)2}, {0}};
    run("subkey then topkey", t);
    TABLE t2[] = {{NULL, SUBKEY, L"NoSuchSub"}, {routine, 0, L"Inner", (void*)1}, {0}};
    run("missing subkey", t2);
  }
  {
    fail_with = 0xc0000001;
    TABLE t[] = {{routine, 0, L"Str", (void*)1}, {routine, 0, L"Num", (void*)2}, {0}};
    run("routine fails", t);
    fail_with = 0;
  }
  {
    RegSetValueExW(key, L"Del", 0, REG_SZ, (BYTE*)L"gone", 10);
    TABLE t[] = {{routine, DELETE_, L"Del", (void*)1}, {0}};
    run("delete", t);
    DWORD type, size = 0;
    printf("  value after: %ld\n", RegQueryValueExW(key, L"Del", NULL, &type, NULL, &size));
  }
  {
    TABLE t[] = {{routine, 0, L"Str", (void*)1}, {0}};
    NTSTATUS st = query(0, L"\\Registry\\Machine\\Software\\NoSuchKeyForNtdllTest", t, NULL, NULL);
    printf("missing key: %08lx\n", st);
    st = query(0, NULL, t, NULL, NULL);
    printf("null path: %08lx\n", st);
  }
  RegCloseKey(key);
  RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\ntdll_query_registry");
  return 0;
}
