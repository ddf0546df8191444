/* NTDLL's locale names: RtlLcidToLocaleName (into a caller's string and allocated, the default and
 * invariant locales, an LCID of no locale), RtlLocaleNameToLcid and RtlIsValidLocaleName, against
 * KERNEL32's LCIDToLocaleName, LocaleNameToLCID and IsValidLocaleName. Expected output: wine 8.0's
 * (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  WCHAR* Buffer;
} US;
typedef LONG(NTAPI* ToName_fn)(LCID, US*, ULONG, BOOLEAN);
typedef LONG(NTAPI* ToLcid_fn)(const WCHAR*, LCID*, ULONG);
typedef BOOLEAN(NTAPI* Valid_fn)(const WCHAR*, ULONG);
typedef void(NTAPI* Free_fn)(US*);

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  ToName_fn to_name = (ToName_fn)GetProcAddress(ntdll, "RtlLcidToLocaleName");
  ToLcid_fn to_lcid = (ToLcid_fn)GetProcAddress(ntdll, "RtlLocaleNameToLcid");
  Valid_fn valid = (Valid_fn)GetProcAddress(ntdll, "RtlIsValidLocaleName");
  Free_fn free_string = (Free_fn)GetProcAddress(ntdll, "RtlFreeUnicodeString");
  printf("found: %d %d %d\n", to_name != NULL, to_lcid != NULL, valid != NULL);

  WCHAR buf[LOCALE_NAME_MAX_LENGTH];
  US s = {0, sizeof buf, buf};
  LONG st = to_name(0x409, &s, 0, FALSE);
  printf("0x409: 0x%lx, %.*ls, length %u\n", (unsigned long)st, s.Length / 2, buf, s.Length);
  s.Length = 0;
  st = to_name(0x7f, &s, 0, FALSE);
  printf("the invariant locale: 0x%lx, length %u\n", (unsigned long)st, s.Length);
  st = to_name(0x1234, &s, 0, FALSE);
  printf("0x1234: 0x%lx\n", (unsigned long)st);
  US small = {0, 4, buf};
  st = to_name(0x409, &small, 0, FALSE);
  printf("into 4 bytes: 0x%lx\n", (unsigned long)st);
  US allocated = {0, 0, NULL};
  st = to_name(0x409, &allocated, 0, TRUE);
  printf("allocated: 0x%lx, %.*ls, a buffer %d\n", (unsigned long)st, allocated.Length / 2, allocated.Buffer,
         allocated.Buffer != NULL);
  if (allocated.Buffer) free_string(&allocated);

  LCID lcid = 0xcccc;
  st = to_lcid(L"en-US", &lcid, 0);
  printf("en-US: 0x%lx, 0x%lx\n", (unsigned long)st, lcid);
  lcid = 0xcccc;
  st = to_lcid(L"EN-us", &lcid, 0);
  printf("EN-us: 0x%lx, 0x%lx\n", (unsigned long)st, lcid);
  lcid = 0xcccc;
  st = to_lcid(L"", &lcid, 0);
  printf("\"\": 0x%lx, 0x%lx\n", (unsigned long)st, lcid);
  st = to_lcid(L"zz-ZZ", &lcid, 0);
  printf("zz-ZZ: 0x%lx\n", (unsigned long)st);

  printf("valid: en-US %d, zz-ZZ %d, empty %d\n", valid(L"en-US", 0), valid(L"zz-ZZ", 0), valid(L"", 0));
  printf("KERNEL32: %d %d, 0x%lx, %d\n", LCIDToLocaleName(0x409, buf, LOCALE_NAME_MAX_LENGTH, 0),
         LCIDToLocaleName(0x1234, buf, LOCALE_NAME_MAX_LENGTH, 0), LocaleNameToLCID(L"en-US", 0),
         IsValidLocaleName(L"en-US"));
  return 0;
}
