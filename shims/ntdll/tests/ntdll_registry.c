/* NTDLL's registry: keys made, opened, queried, enumerated, renamed and deleted through the native
 * API under \Registry\User\<SID>\Software (RtlFormatCurrentUserKeyPath), values set, queried in
 * each layout, enumerated and deleted, KERNEL32's view of the same keys, a watch that fires, and
 * the Rtl registry functions. Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef struct {
  ULONG Length;
  HANDLE RootDirectory;
  USTR* ObjectName;
  ULONG Attributes;
  PVOID SecurityDescriptor, SecurityQualityOfService;
} OA;
typedef struct {
  union {
    NTSTATUS Status;
    PVOID Pointer;
  };
  ULONG_PTR Information;
} IOSB;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

static NTSTATUS(NTAPI* open_key)(HANDLE*, ACCESS_MASK, OA*);
static NTSTATUS(NTAPI* create_key)(HANDLE*, ACCESS_MASK, OA*, ULONG, USTR*, ULONG, ULONG*);

static void init(USTR* u, const WCHAR* s) {
  u->Buffer = (PWSTR)s;
  u->Length = (USHORT)(wcslen(s) * 2);
  u->MaximumLength = u->Length + 2;
}

static NTSTATUS create(HANDLE root, const WCHAR* name, HANDLE* out, ULONG* dispo) {
  USTR u;
  init(&u, name);
  OA oa = {sizeof oa, root, &u, 0x40 /* OBJ_CASE_INSENSITIVE */};
  return create_key(out, KEY_ALL_ACCESS, &oa, 0, NULL, 0, dispo);
}
static NTSTATUS open(HANDLE root, const WCHAR* name, HANDLE* out) {
  USTR u;
  init(&u, name);
  OA oa = {sizeof oa, root, &u, 0x40};
  return open_key(out, KEY_ALL_ACCESS, &oa);
}

static void print_name(const char* what, const WCHAR* name, ULONG bytes) {
  printf("%s \"%.*ls\"\n", what, (int)(bytes / 2), name);
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  open_key = (void*)FN("NtOpenKey");
  create_key = (void*)FN("NtCreateKey");
  NTSTATUS(NTAPI * close)(HANDLE) = (void*)FN("NtClose");
  NTSTATUS(NTAPI * delete_key)(HANDLE) = (void*)FN("NtDeleteKey");
  NTSTATUS(NTAPI * set_value)(HANDLE, USTR*, ULONG, ULONG, void*, ULONG) = (void*)FN("NtSetValueKey");
  NTSTATUS(NTAPI * query_value)(HANDLE, USTR*, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtQueryValueKey");
  NTSTATUS(NTAPI * enum_value)(HANDLE, ULONG, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtEnumerateValueKey");
  NTSTATUS(NTAPI * delete_value)(HANDLE, USTR*) = (void*)FN("NtDeleteValueKey");
  NTSTATUS(NTAPI * query_key)(HANDLE, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtQueryKey");
  NTSTATUS(NTAPI * enum_key)(HANDLE, ULONG, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtEnumerateKey");
  NTSTATUS(NTAPI * rename_key)(HANDLE, USTR*) = (void*)FN("NtRenameKey");
  NTSTATUS(NTAPI * flush)(HANDLE) = (void*)FN("NtFlushKey");
  NTSTATUS(NTAPI * notify)(HANDLE, HANDLE, void*, void*, IOSB*, ULONG, BOOLEAN, void*, ULONG, BOOLEAN) =
      (void*)FN("NtNotifyChangeKey");
  NTSTATUS(NTAPI * user_path)(USTR*) = (void*)FN("RtlFormatCurrentUserKeyPath");
  NTSTATUS(NTAPI * open_user)(ACCESS_MASK, HANDLE*) = (void*)FN("RtlOpenCurrentUser");
  NTSTATUS(NTAPI * check)(ULONG, const WCHAR*) = (void*)FN("RtlCheckRegistryKey");
  NTSTATUS(NTAPI * write_value)(ULONG, const WCHAR*, const WCHAR*, ULONG, void*, ULONG) = (void*)FN("RtlWriteRegistryValue");
  NTSTATUS(NTAPI * rtl_delete)(ULONG, const WCHAR*, const WCHAR*) = (void*)FN("RtlDeleteRegistryValue");
  void(NTAPI * free_string)(USTR*) = (void*)FN("RtlFreeUnicodeString");
  printf("found: %d %d %d, Zw: %d\n", open_key != NULL, create_key != NULL, notify != NULL,
         FN("ZwQueryValueKey") != NULL);

  USTR path;
  NTSTATUS s = user_path(&path);
  printf("user path: 0x%lx, starts \"%.15ls\", ends with a SID: %d\n", S(s), path.Buffer,
         wcsncmp(path.Buffer + 15, L"S-1-5-", 6) == 0);
  HANDLE user = NULL, soft = NULL, test = NULL, sub = NULL, again = NULL;
  s = open(NULL, path.Buffer, &user);
  printf("open the user's key: 0x%lx\n", S(s));
  free_string(&path);
  HANDLE current = NULL;
  s = open_user(KEY_READ, &current);
  printf("RtlOpenCurrentUser: 0x%lx\n", S(s));
  close(current);
  s = open(user, L"Software", &soft);
  printf("open Software under it: 0x%lx\n", S(s));
  ULONG dispo = 0;
  s = create(soft, L"PolyrunNtTest", &test, &dispo);
  printf("create: 0x%lx, disposition %lu\n", S(s), dispo);
  s = create(soft, L"PolyrunNtTest", &again, &dispo);
  printf("create again: 0x%lx, disposition %lu\n", S(s), dispo);
  close(again);
  s = create(test, L"Missing\\Child", &sub, &dispo);
  printf("create under a missing key: 0x%lx\n", S(s));
  s = create(test, L"Child", &sub, &dispo);
  printf("create a child: 0x%lx, disposition %lu\n", S(s), dispo);
  s = open(NULL, L"Software", &again);
  printf("open a relative name with no root: 0x%lx\n", S(s));
  s = open(test, L"\\Child", &again);
  printf("open a name with a leading backslash under a root: 0x%lx\n", S(s));
  s = open(test, L"Nothing", &again);
  printf("open a missing key: 0x%lx\n", S(s));
  s = open(NULL, L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion", &again);
  printf("open HKLM's CurrentVersion: 0x%lx\n", S(s));
  close(again);

  /* (Set in the order of their names: Windows enumerates values in the order they were made,
   * wine in their names' order.) */
  USTR unnamed = {0, 0, NULL};
  printf("set the unnamed value: 0x%lx\n", S(set_value(test, &unnamed, 0, REG_BINARY, "\1\2\3", 3)));
  USTR name;
  init(&name, L"Number");
  DWORD number = 0x1234;
  printf("set a DWORD: 0x%lx\n", S(set_value(test, &name, 0, REG_DWORD, &number, 4)));
  USTR text;
  init(&text, L"Text");
  printf("set a string: 0x%lx\n", S(set_value(test, &text, 0, REG_SZ, L"hello", 12)));

  BYTE buf[256];
  ULONG len = 0;
  s = query_value(test, &name, 2 /* Partial */, buf, sizeof buf, &len);
  printf("partial: 0x%lx, %lu bytes, type %lu, length %lu, data 0x%lx\n", S(s), len, *(ULONG*)(buf + 4),
         *(ULONG*)(buf + 8), *(ULONG*)(buf + 12));
  s = query_value(test, &text, 1 /* Full */, buf, sizeof buf, &len);
  printf("full: 0x%lx, %lu bytes, type %lu, data at %lu, %lu bytes, name %lu bytes: \"%ls\"\n", S(s), len,
         *(ULONG*)(buf + 4), *(ULONG*)(buf + 8), *(ULONG*)(buf + 12), *(ULONG*)(buf + 16),
         (WCHAR*)(buf + *(ULONG*)(buf + 8)));
  s = query_value(test, &text, 0 /* Basic */, buf, sizeof buf, &len);
  printf("basic: 0x%lx, %lu bytes, ", S(s), len);
  print_name("name", (WCHAR*)(buf + 12), *(ULONG*)(buf + 8));
  s = query_value(test, &text, 2, buf, 14, &len);
  printf("partial, short: 0x%lx, %lu bytes, length %lu\n", S(s), len, *(ULONG*)(buf + 8));
  s = query_value(test, &text, 2, buf, 8, &len);
  printf("partial, shorter than the header: 0x%lx, %lu bytes\n", S(s), len);
  USTR missing;
  init(&missing, L"Missing");
  printf("query a missing value: 0x%lx\n", S(query_value(test, &missing, 2, buf, sizeof buf, &len)));
  printf("query a bad class: 0x%lx\n", S(query_value(test, &name, 9, buf, sizeof buf, &len)));
  for (ULONG i = 0;; ++i) {
    s = enum_value(test, i, 0, buf, sizeof buf, &len);
    if (s) {
      printf("enumerate value %lu: 0x%lx\n", i, S(s));
      break;
    }
    printf("value %lu: type %lu, ", i, *(ULONG*)(buf + 4));
    print_name("name", (WCHAR*)(buf + 12), *(ULONG*)(buf + 8));
  }

  s = query_key(test, 2 /* Full */, buf, sizeof buf, &len);
  printf("full key: 0x%lx, %lu bytes, subkeys %lu, max name %lu, values %lu, max value name %lu, max data %lu\n",
         S(s), len, *(ULONG*)(buf + 20), *(ULONG*)(buf + 24), *(ULONG*)(buf + 32), *(ULONG*)(buf + 36),
         *(ULONG*)(buf + 40));
  s = query_key(test, 0 /* Basic */, buf, sizeof buf, &len);
  printf("basic key: 0x%lx, %lu bytes, ", S(s), len);
  print_name("name", (WCHAR*)(buf + 16), *(ULONG*)(buf + 12));
  s = query_key(sub, 3 /* Name */, buf, sizeof buf, &len);
  printf("name key: 0x%lx, starts \\REGISTRY\\USER\\: %d, ends \"%ls\"\n", S(s),
         _wcsnicmp((WCHAR*)(buf + 4), L"\\REGISTRY\\USER\\", 15) == 0, (WCHAR*)(buf + 4 + *(ULONG*)buf) - 28);
  s = enum_key(test, 0, 0, buf, sizeof buf, &len);
  printf("enumerate key 0: 0x%lx, ", S(s));
  print_name("name", (WCHAR*)(buf + 16), *(ULONG*)(buf + 12));
  printf("enumerate key 1: 0x%lx\n", S(enum_key(test, 1, 0, buf, sizeof buf, &len)));
  printf("flush: 0x%lx\n", S(flush(test)));

  /* KERNEL32's view of the same key. */
  HKEY k;
  LONG e = RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\PolyrunNtTest", 0, KEY_READ, &k);
  DWORD got = 0, size = sizeof got;
  if (!e) e = RegQueryValueExW(k, L"Number", NULL, NULL, (BYTE*)&got, &size);
  printf("RegQueryValueEx: %ld, 0x%lx\n", e, got);
  RegCloseKey(k);

  /* A watch, fired by a value set. */
  HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
  IOSB io = {{0}, 0};
  s = notify(test, ev, NULL, NULL, &io, REG_NOTIFY_CHANGE_LAST_SET, FALSE, NULL, 0, TRUE);
  printf("notify: 0x%lx, signalled before the change: %lu\n", S(s), WaitForSingleObject(ev, 0));
  number = 0x5678;
  printf("set: 0x%lx\n", S(set_value(test, &name, 0, REG_DWORD, &number, 4)));
  printf("signalled after: %lu\n", WaitForSingleObject(ev, 2000));
  CloseHandle(ev);

  printf("delete a value: 0x%lx, again: ", S(delete_value(test, &name)));
  printf("0x%lx\n", S(delete_value(test, &name)));
  USTR renamed;
  init(&renamed, L"Renamed");
  printf("rename the child: 0x%lx\n", S(rename_key(sub, &renamed)));
  printf("open it by its new name: 0x%lx\n", S(open(test, L"Renamed", &again)));
  close(again);
  printf("delete a key with a subkey: 0x%lx\n", S(delete_key(test)));
  printf("delete the child: 0x%lx, again: ", S(delete_key(sub)));
  printf("0x%lx\n", S(delete_key(sub)));
  printf("query the deleted key: 0x%lx\n", S(query_key(sub, 0, buf, sizeof buf, &len)));
  printf("close it: 0x%lx\n", S(close(sub)));

  /* The Rtl functions, with absolute paths (RTL_REGISTRY_ABSOLUTE 0). */
  WCHAR full[300], missing_key[300];
  user_path(&path);
  swprintf(full, 300, L"%.*ls\\Software\\PolyrunNtTest", (int)(path.Length / 2), path.Buffer);
  swprintf(missing_key, 300, L"%ls\\Nothing", full);
  free_string(&path);
  printf("check: 0x%lx\n", S(check(0, full)));
  printf("check a missing key: 0x%lx\n", S(check(0, missing_key)));
  printf("check an empty path: 0x%lx, relative to the services: 0x%lx\n", S(check(0, L"")), S(check(1, L"")));
  DWORD v = 5;
  printf("write: 0x%lx\n", S(write_value(0, full, L"Written", REG_DWORD, &v, 4)));
  USTR written;
  init(&written, L"Written");
  s = query_value(test, &written, 2, buf, sizeof buf, &len);
  printf("written: 0x%lx, %lu\n", S(s), *(ULONG*)(buf + 12));
  printf("delete: 0x%lx, again: ", S(rtl_delete(0, full, L"Written")));
  printf("0x%lx\n", S(rtl_delete(0, full, L"Written")));

  printf("delete the test key: 0x%lx\n", S(delete_key(test)));
  close(test);
  close(soft);
  close(user);
  printf("close a closed key: 0x%lx\n", S(close(test)));
  return 0;
}
