// KERNEL32's package names and a desktop program's policies: PackageIdFromFullName (the length it
// needs, the fields of PACKAGE_ID, an empty resource ID, each architecture's name, names of other
// forms), and KernelBase's AppPolicyGet* answers for a program outside any package.
// Expected output: wine 8.0's (x64).
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG(WINAPI* PackageIdFromFullName_fn)(const WCHAR*, UINT32, UINT32*, BYTE*);
typedef LONG(WINAPI* AppPolicy_fn)(HANDLE, int*);

typedef struct {
  UINT32 reserved, arch;
  UINT64 version;
  WCHAR *name, *publisher, *resource, *publisher_id;
} Id;

static PackageIdFromFullName_fn from_full;

static void parse(const WCHAR* full, UINT32 room) {
  static BYTE buffer[1024];
  UINT32 length = room;
  memset(buffer, 0xcc, sizeof buffer);
  LONG r = from_full(full, 0, &length, room ? buffer : NULL);
  printf("%ls: %ld length %u", full ? full : L"(null)", r, length);
  if (r == 0) {
    const Id* id = (const Id*)buffer;
    printf(" arch %u version %u.%u.%u.%u name %ls publisher %s resource \"%ls\" publisher id %ls", id->arch,
           (unsigned)(id->version >> 48), (unsigned)(id->version >> 32 & 0xffff), (unsigned)(id->version >> 16 & 0xffff),
           (unsigned)(id->version & 0xffff), id->name, id->publisher ? "set" : "null", id->resource, id->publisher_id);
  }
  printf("\n");
}

int main(void) {
  from_full = (PackageIdFromFullName_fn)GetProcAddress(GetModuleHandleA("kernel32.dll"), "PackageIdFromFullName");
  const WCHAR* calc = L"Microsoft.WindowsCalculator_10.1906.55.0_x64__8wekyb3d8bbwe";
  parse(calc, 0);
  parse(calc, 40);
  parse(calc, 1024);
  parse(L"Contoso.App_1.2.3.4_neutral_split.scale-100_8wekyb3d8bbwe", 1024);
  parse(L"A_1.2.3.4_x86_r_abcdefghijklm", 1024);
  parse(L"A_1.2.3.4_ARM64_r_abcdefghijklm", 1024);
  parse(L"A_1.2.3.4_arm_r_abcdefghijklm", 1024);
  parse(L"A_1.2.3.4_sparc_r_abcdefghijklm", 1024);
  parse(L"A_1.2.3.4_x64_r_short", 1024);
  parse(L"A_1.2.3_x64_r_abcdefghijklm", 1024);
  parse(L"A_1.2.3.4_x64", 1024);
  parse(L"no underscores", 1024);
  parse(NULL, 1024);

  HMODULE base = GetModuleHandleA("kernelbase.dll");
  const char* names[] = {"AppPolicyGetProcessTerminationMethod", "AppPolicyGetThreadInitializationType",
                         "AppPolicyGetShowDeveloperDiagnostic", "AppPolicyGetWindowingModel"};
  for (int i = 0; i < 4; i++) {
    AppPolicy_fn f = (AppPolicy_fn)GetProcAddress(base, names[i]);
    int policy = -1;
    LONG r = f ? f((HANDLE)(LONG_PTR)-6, &policy) : -1;
    printf("%s: %ld policy %d\n", names[i], r, policy);
  }
  return 0;
}
