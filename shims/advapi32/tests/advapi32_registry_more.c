/* ADVAPI32's registry functions beyond KERNEL32's: RegCopyTree, RegRenameKey, RegDeleteKeyValue,
 * RegQueryMultipleValues, RegQueryValue and RegSetValue, RegLoadMUIString of a plain string,
 * RegOpenCurrentUser, a key's security, reflection, RegConnectRegistry, and the hive functions a
 * standard user may not call (RegSaveKey, RegRestoreKey, RegLoadKey). Keys are made under
 * HKCU\Software\polyrun_registry_more and removed again. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <stdio.h>
#include <string.h>

static void list(HKEY key, const char *what) {
  char name[64];
  DWORD i = 0, n = sizeof name;
  printf("%s:", what);
  while (RegEnumKeyExA(key, i++, name, &n, NULL, NULL, NULL, NULL) == ERROR_SUCCESS) {
    printf(" [%s]", name);
    n = sizeof name;
  }
  i = 0;
  n = sizeof name;
  BYTE data[64];
  DWORD dn = sizeof data, type;
  while (RegEnumValueA(key, i++, name, &n, NULL, &type, data, &dn) == ERROR_SUCCESS) {
    printf(" %s=%lu:%lu", name, type, dn);
    n = sizeof name;
    dn = sizeof data;
  }
  printf("\n");
}

int main(void) {
  HKEY root, a, b, copy;
  RegDeleteTreeA(HKEY_CURRENT_USER, "Software\\polyrun_registry_more");
  RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\polyrun_registry_more", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &root, NULL);
  RegCreateKeyExA(root, "a\\inner", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &a, NULL);
  DWORD one = 1;
  RegSetValueExA(a, "one", 0, REG_DWORD, (BYTE *)&one, 4);
  RegSetValueExA(a, "text", 0, REG_SZ, (BYTE *)"hello", 6);
  RegCloseKey(a);
  RegCreateKeyExA(root, "a", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &a, NULL);
  RegSetValueExA(a, "top", 0, REG_BINARY, (BYTE *)"\1\2\3", 3);
  RegCreateKeyExA(root, "copy", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &copy, NULL);
  LONG e = RegCopyTreeA(a, NULL, copy);
  printf("RegCopyTree: %ld\n", e);
  list(copy, "copy");
  HKEY inner;
  RegOpenKeyExA(copy, "inner", 0, KEY_READ, &inner);
  list(inner, "copy\\inner");
  RegCloseKey(inner);
  e = RegCopyTreeA(a, "nosuchkey", copy);
  printf("RegCopyTree(no such subkey): %ld\n", e);

  LONG(WINAPI * rename_key)(HKEY, LPCWSTR, LPCWSTR) =
      (void *)GetProcAddress(GetModuleHandleA("advapi32.dll"), "RegRenameKey");
  e = rename_key(copy, L"inner", L"renamed");
  printf("RegRenameKey: %ld\n", e);
  list(copy, "copy");
  RegCreateKeyExA(copy, "other", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &b, NULL);
  RegCloseKey(b);
  e = rename_key(copy, L"other", L"renamed");
  printf("RegRenameKey(to an existing name): %ld\n", e);

  e = RegDeleteKeyValueA(root, "a\\inner", "one");
  printf("RegDeleteKeyValue: %ld\n", e);
  e = RegDeleteKeyValueA(root, "a\\inner", "one");
  printf("RegDeleteKeyValue(again): %ld\n", e);

  VALENTA vals[2] = {{"top"}, {"nosuch"}};
  char buf[64];
  DWORD total = sizeof buf;
  e = RegQueryMultipleValuesA(a, vals, 1, buf, &total);
  printf("RegQueryMultipleValues: %ld total %lu len %lu type %lu data %d\n", e, total, vals[0].ve_valuelen,
         vals[0].ve_type, vals[0].ve_valueptr == (DWORD_PTR)buf);
  total = 1;
  e = RegQueryMultipleValuesA(a, vals, 1, buf, &total);
  printf("RegQueryMultipleValues(1 byte): %ld total %lu\n", e, total);
  total = sizeof buf;
  e = RegQueryMultipleValuesA(a, vals, 2, buf, &total);
  printf("RegQueryMultipleValues(a missing one): %ld\n", e);

  e = RegSetValueA(root, "legacy\\deep", REG_SZ, "default text", 12);
  printf("RegSetValue: %ld\n", e);
  LONG size = sizeof buf;
  e = RegQueryValueA(root, "legacy\\deep", buf, &size);
  printf("RegQueryValue: %ld \"%s\" %ld\n", e, buf, size);
  size = sizeof buf;
  e = RegQueryValueA(root, "a", buf, &size);
  printf("RegQueryValue(no default value): %ld \"%s\" %ld\n", e, buf, size);
  WCHAR wbuf[64];
  size = sizeof wbuf;
  e = RegQueryValueW(root, L"legacy\\deep", wbuf, &size);
  printf("RegQueryValueW: %ld %ls %ld\n", e, wbuf, size);
  e = RegSetValueA(root, "legacy", REG_DWORD, "x", 1);
  printf("RegSetValue(REG_DWORD): %ld\n", e);

  RegSetValueExW(a, L"mui", 0, REG_SZ, (BYTE *)L"plain string", 26);
  LONG(WINAPI * load_mui)(HKEY, LPCWSTR, LPWSTR, DWORD, LPDWORD, DWORD, LPCWSTR) =
      (void *)GetProcAddress(GetModuleHandleA("advapi32.dll"), "RegLoadMUIStringW");
  DWORD needed = 0;
  e = load_mui(a, L"mui", wbuf, sizeof wbuf, &needed, 0, NULL);
  printf("RegLoadMUIStringW(a plain string): %ld\n", e);
  e = load_mui(a, L"mui", wbuf, 7, &needed, 0, NULL);
  printf("RegLoadMUIStringW(odd size): %ld\n", e);
  e = load_mui(a, L"nosuch", wbuf, sizeof wbuf, &needed, 0, NULL);
  printf("RegLoadMUIStringW(no such value): %ld\n", e);
  e = load_mui(a, L"top", wbuf, sizeof wbuf, &needed, 0, NULL);
  printf("RegLoadMUIStringW(binary): %ld\n", e);

  HKEY cu;
  e = RegOpenCurrentUser(KEY_READ, &cu);
  HKEY sw;
  LONG e2 = RegOpenKeyExA(cu, "Software\\polyrun_registry_more", 0, KEY_READ, &sw);
  printf("RegOpenCurrentUser: %ld, our key under it %ld\n", e, e2);
  RegCloseKey(sw);
  RegCloseKey(cu);

  BYTE sd[512];
  DWORD sdn = sizeof sd;
  e = RegGetKeySecurity(root, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, sd, &sdn);
  PSID owner;
  BOOL def, present;
  PACL dacl;
  GetSecurityDescriptorOwner(sd, &owner, &def);
  GetSecurityDescriptorDacl(sd, &present, &dacl, &def);
  BYTE user[SECURITY_MAX_SID_SIZE];
  HANDLE token;
  DWORD n;
  BYTE info[256];
  OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
  GetTokenInformation(token, TokenUser, info, sizeof info, &n);
  CopySid(sizeof user, user, ((TOKEN_USER *)info)->User.Sid);
  CloseHandle(token);
  printf("security: RegGetKeySecurity: %ld owner the user %d DACL present %d\n", e, owner && EqualSid(owner, user), present);
  sdn = 4;
  e = RegGetKeySecurity(root, OWNER_SECURITY_INFORMATION, sd, &sdn);
  printf("RegGetKeySecurity(4 bytes): %ld needed>4 %d\n", e, sdn > 4);

  BOOL disabled = -1;
  LONG(WINAPI * query_reflection)(HKEY, BOOL *) =
      (void *)GetProcAddress(GetModuleHandleA("advapi32.dll"), "RegQueryReflectionKey");
  e = query_reflection(root, &disabled);
  printf("reflection: RegQueryReflectionKey: %ld disabled %d\n", e, disabled);

  HKEY remote;
  e = RegConnectRegistryA(NULL, HKEY_LOCAL_MACHINE, &remote);
  printf("RegConnectRegistry(local): %ld same %d\n", e, remote == HKEY_LOCAL_MACHINE);
  e = RegConnectRegistryA("\\\\no-such-host-polyrun", HKEY_LOCAL_MACHINE, &remote);
  printf("remote: RegConnectRegistry(another machine): %ld\n", e);

  e = RegSaveKeyA(root, "polyrun_saved.hiv", NULL);
  printf("hive: RegSaveKey: %ld\n", e);
  DeleteFileA("polyrun_saved.hiv");
  e = RegRestoreKeyA(root, "polyrun_saved.hiv", 0);
  printf("hive: RegRestoreKey: %ld\n", e);
  e = RegLoadKeyA(HKEY_USERS, "polyrun_hive", "polyrun_saved.hiv");
  printf("hive: RegLoadKey: %ld\n", e);

  RegCloseKey(a);
  RegCloseKey(copy);
  RegCloseKey(root);
  e = RegDeleteTreeA(HKEY_CURRENT_USER, "Software\\polyrun_registry_more");
  printf("cleanup: %ld\n", e);
  return 0;
}
