/* ADVAPI32's A functions with text of the ANSI code page (1252: "caf\xe9", the euro sign \x80,
 * "\xfc\xdf"): registry keys named and default values set by the A forms and read by the W forms
 * (and the other way), RegEnumKey's bytes and a buffer too small for them, RegQueryMultipleValuesA
 * of REG_SZ, REG_MULTI_SZ, REG_EXPAND_SZ and REG_BINARY values set by the W forms (their sizes in
 * ANSI bytes, ERROR_MORE_DATA), RegDeleteKeyValueA and RegDeleteKeyA; a key container named by
 * CryptAcquireContextA and opened again by CryptAcquireContextW; a credential written by
 * CredWriteA and read by CredReadW and CredReadA. Bytes are printed in hex, UTF-16 in code units.
 * Keys are made under HKCU\Software\polyrun_advapi32_ansi and removed again. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <wincred.h>
#include <wincrypt.h>
#include <stdio.h>
#include <string.h>

static void hex(const char *what, const void *data, DWORD n) {
  printf("%s (%lu):", what, n);
  for (DWORD i = 0; i < n; ++i) printf(" %02x", ((const BYTE *)data)[i]);
  printf("\n");
}

static void units(const char *what, const WCHAR *w, DWORD n) {
  printf("%s (%lu):", what, n);
  for (DWORD i = 0; i < n; ++i) printf(" %04x", w[i]);
  printf("\n");
}

static void registry(void) {
  HKEY root, k, o;
  RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\polyrun_advapi32_ansi");
  RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\polyrun_advapi32_ansi", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &root, NULL);

  /* A key named by RegCreateKeyA: the name the W form sees. */
  LONG e = RegCreateKeyA(root, "caf\xe9", &k);
  printf("RegCreateKeyA(caf\\xe9): %ld\n", e);
  RegCloseKey(k);
  WCHAR wname[64];
  DWORD wn = 64;
  e = RegEnumKeyExW(root, 0, wname, &wn, NULL, NULL, NULL, NULL);
  printf("RegEnumKeyExW: %ld ", e);
  units("name", wname, wn);

  /* RegEnumKeyA: the name's ANSI bytes; a buffer of 4 bytes is too small for 4 and the NUL. */
  char name[64];
  memset(name, '#', sizeof name);
  e = RegEnumKeyA(root, 0, name, sizeof name);
  printf("RegEnumKeyA: %ld ", e);
  hex("name", name, (DWORD)strlen(name) + 1);
  memset(name, '#', sizeof name);
  e = RegEnumKeyA(root, 0, name, 4);
  printf("RegEnumKeyA into 4: %ld first byte %02x\n", e, (BYTE)name[0]);
  e = RegEnumKeyA(root, 0, name, 5);
  printf("RegEnumKeyA into 5: %ld ", e);
  hex("name", name, 5);

  /* RegOpenKeyA by its ANSI name. */
  e = RegOpenKeyA(root, "caf\xe9", &o);
  printf("RegOpenKeyA(caf\\xe9): %ld\n", e);

  /* A default value set by RegSetValueA, read by the W and the A forms. */
  e = RegSetValueA(root, "caf\xe9", REG_SZ, "\x80 caf\xe9 \xfc\xdf", 0);
  printf("RegSetValueA: %ld\n", e);
  WCHAR wv[64];
  LONG wl = sizeof wv;
  e = RegQueryValueW(root, L"caf\u00e9", wv, &wl);
  printf("RegQueryValueW: %ld ", e);
  units("value", wv, (DWORD)wl / 2);
  char av[64];
  LONG al = sizeof av;
  memset(av, '#', sizeof av);
  e = RegQueryValueA(root, "caf\xe9", av, &al);
  printf("RegQueryValueA: %ld ", e);
  hex("value", av, (DWORD)al);
  al = 0;
  e = RegQueryValueA(root, "caf\xe9", NULL, &al);
  printf("RegQueryValueA with no buffer: %ld size %ld\n", e, al);
  al = 5;
  memset(av, '#', sizeof av);
  e = RegQueryValueA(root, "caf\xe9", av, &al);
  printf("RegQueryValueA into 5: %ld size %ld first byte %02x\n", e, al, (BYTE)av[0]);
  al = 12;
  e = RegQueryValueA(root, "caf\xe9", av, &al);
  printf("RegQueryValueA into 12: %ld size %ld\n", e, al);

  /* The other way: set by RegSetValueW, read by RegQueryValueA. */
  e = RegSetValueW(root, L"w\u00e9", REG_SZ, L"\u20ac\u00e9\u00fc\u00df", 0);
  printf("RegSetValueW: %ld\n", e);
  al = sizeof av;
  e = RegQueryValueA(root, "w\xe9", av, &al);
  printf("RegQueryValueA(w\\xe9): %ld ", e);
  hex("value", av, (DWORD)al);

  /* Values of each string type set by the W forms, read by RegQueryMultipleValuesA. */
  static const WCHAR multi[] = L"\u20ac\0\u00fc\u00df\0";
  static const WCHAR expand[] = L"%caf\u00e9%\\\u00e9";
  RegSetValueExW(o, L"sz", 0, REG_SZ, (const BYTE *)L"caf\u00e9", 10);
  RegSetValueExW(o, L"multi", 0, REG_MULTI_SZ, (const BYTE *)multi, sizeof multi);
  RegSetValueExW(o, L"bin", 0, REG_BINARY, (const BYTE *)"\xe9\x80", 2);
  RegSetValueExW(o, L"caf\u00e9", 0, REG_EXPAND_SZ, (const BYTE *)expand, sizeof expand);
  VALENTA v[4] = {{(LPSTR) "sz"}, {(LPSTR) "multi"}, {(LPSTR) "bin"}, {(LPSTR) "caf\xe9"}};
  DWORD total = 0;
  e = RegQueryMultipleValuesA(o, v, 4, NULL, &total);
  printf("RegQueryMultipleValuesA with no buffer: %ld total %lu\n", e, total);
  char buf[256];
  total = 10;
  e = RegQueryMultipleValuesA(o, v, 4, buf, &total);
  printf("RegQueryMultipleValuesA into 10: %ld total %lu\n", e, total);
  total = sizeof buf;
  e = RegQueryMultipleValuesA(o, v, 4, buf, &total);
  printf("RegQueryMultipleValuesA: %ld total %lu\n", e, total);
  for (int i = 0; i < 4 && e == ERROR_SUCCESS; ++i) {
    printf("  %s type %lu ", i == 3 ? "caf\\xe9" : v[i].ve_valuename, v[i].ve_type);
    hex("data", (const void *)v[i].ve_valueptr, v[i].ve_valuelen);
  }

  /* RegDeleteKeyValueA: a value of the subkey named in ANSI. */
  e = RegDeleteKeyValueA(root, "caf\xe9", "caf\xe9");
  printf("RegDeleteKeyValueA: %ld\n", e);
  e = RegQueryValueExW(o, L"caf\u00e9", NULL, NULL, NULL, NULL);
  printf("RegQueryValueExW of the deleted value: %ld\n", e);
  RegCloseKey(o);

  /* RegDeleteKeyA of each key, and the W form finds them gone. */
  e = RegDeleteKeyA(root, "w\xe9");
  printf("RegDeleteKeyA(w\\xe9): %ld\n", e);
  e = RegDeleteKeyA(root, "caf\xe9");
  printf("RegDeleteKeyA(caf\\xe9): %ld\n", e);
  e = RegOpenKeyExW(root, L"caf\u00e9", 0, KEY_READ, &k);
  printf("RegOpenKeyExW of it: %ld\n", e);
  RegCloseKey(root);
  RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\polyrun_advapi32_ansi");
}

static void crypt(void) {
  static const char container[] = "polyrun caf\xe9 \x80";
  HCRYPTPROV h = 0;
  CryptAcquireContextA(&h, container, MS_ENHANCED_PROV_A, PROV_RSA_FULL, CRYPT_DELETEKEYSET);
  BOOL ok = CryptAcquireContextA(&h, container, MS_ENHANCED_PROV_A, PROV_RSA_FULL, CRYPT_NEWKEYSET);
  printf("CryptAcquireContextA(new keyset): %d\n", ok);
  if (!ok) return;
  BYTE name[64];
  DWORD n = sizeof name;
  ok = CryptGetProvParam(h, PP_CONTAINER, name, &n, 0);
  printf("PP_CONTAINER: %d ", ok);
  hex("name", name, n);
  n = 4;
  ok = CryptGetProvParam(h, PP_CONTAINER, name, &n, 0);
  printf("PP_CONTAINER into 4: %d error %lu size %lu\n", ok, GetLastError(), n);
  CryptReleaseContext(h, 0);
  ok = CryptAcquireContextW(&h, L"polyrun caf\u00e9 \u20ac", MS_ENHANCED_PROV_W, PROV_RSA_FULL, 0);
  printf("CryptAcquireContextW(the same name): %d\n", ok);
  if (ok) CryptReleaseContext(h, 0);
  ok = CryptAcquireContextA(&h, container, MS_ENHANCED_PROV_A, PROV_RSA_FULL, CRYPT_DELETEKEYSET);
  printf("CryptAcquireContextA(delete keyset): %d\n", ok);
}

static void credentials(void) {
  CREDENTIALA c;
  memset(&c, 0, sizeof c);
  c.Type = CRED_TYPE_GENERIC;
  c.TargetName = (LPSTR) "polyrun_caf\xe9";
  c.UserName = (LPSTR) "\xfc\xdf\x80";
  c.Comment = (LPSTR) "caf\xe9";
  c.Persist = CRED_PERSIST_LOCAL_MACHINE;
  c.CredentialBlob = (BYTE *)"\xe9";
  c.CredentialBlobSize = 1;
  BOOL ok = CredWriteA(&c, 0);
  printf("CredWriteA: %d\n", ok);
  PCREDENTIALW w = NULL;
  ok = CredReadW(L"polyrun_caf\u00e9", CRED_TYPE_GENERIC, 0, &w);
  printf("CredReadW: %d\n", ok);
  if (ok) {
    units("  target", w->TargetName, (DWORD)wcslen(w->TargetName));
    units("  user", w->UserName, (DWORD)wcslen(w->UserName));
    units("  comment", w->Comment, (DWORD)wcslen(w->Comment));
    hex("  blob", w->CredentialBlob, w->CredentialBlobSize);
    CredFree(w);
  }
  PCREDENTIALA a = NULL;
  ok = CredReadA("polyrun_caf\xe9", CRED_TYPE_GENERIC, 0, &a);
  printf("CredReadA: %d\n", ok);
  if (ok) {
    hex("  target", a->TargetName, (DWORD)strlen(a->TargetName));
    hex("  user", a->UserName, (DWORD)strlen(a->UserName));
    hex("  comment", a->Comment, (DWORD)strlen(a->Comment));
    CredFree(a);
  }
  ok = CredDeleteA("polyrun_caf\xe9", CRED_TYPE_GENERIC, 0);
  printf("CredDeleteA: %d\n", ok);
  ok = CredReadW(L"polyrun_caf\u00e9", CRED_TYPE_GENERIC, 0, &w);
  printf("CredReadW after: %d error %lu\n", ok, GetLastError());
}

int main(void) {
  registry();
  crypt();
  credentials();
  return 0;
}
