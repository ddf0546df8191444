// The registry: keys created, opened, enumerated and deleted under HKEY_CURRENT_USER, values of
// every common type written and read back (sizes, ERROR_MORE_DATA, the ANSI forms, RegGetValue's
// type filters and expansion), error codes, and the values Windows always has (their types, and
// that they agree with what the version and time zone functions report).
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const char* type_name(DWORD t) {
  switch (t) {
    case REG_NONE: return "REG_NONE";
    case REG_SZ: return "REG_SZ";
    case REG_EXPAND_SZ: return "REG_EXPAND_SZ";
    case REG_BINARY: return "REG_BINARY";
    case REG_DWORD: return "REG_DWORD";
    case REG_MULTI_SZ: return "REG_MULTI_SZ";
    case REG_QWORD: return "REG_QWORD";
    default: return "other";
  }
}

static int by_name(const void* a, const void* b) { return strcmp((const char*)a, (const char*)b); }

static void round_trip(void) {
  HKEY base, k, k2;
  DWORD dispo = 0;
  LONG st = RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\polyrun-sample\\registry", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                            &base, &dispo);
  printf("create: %ld, disposition %lu\n", st, dispo);
  st = RegCreateKeyExW(HKEY_CURRENT_USER, L"SOFTWARE\\POLYRUN-SAMPLE\\Registry", 0, NULL, 0, KEY_READ, NULL, &k, &dispo);
  printf("create again (other case): %ld, disposition %lu\n", st, dispo);
  RegCloseKey(k);

  // Values of each type, through the W and A functions.
  st = RegSetValueExW(base, L"text", 0, REG_SZ, (const BYTE*)L"hello, registry", 32);
  printf("set REG_SZ: %ld\n", st);
  SetEnvironmentVariableA("POLYRUN_REG_DIR", "C:\\polyrun");
  RegSetValueExW(base, L"expand", 0, REG_EXPAND_SZ, (const BYTE*)L"%POLYRUN_REG_DIR%\\bin;%NOT_SET_VAR%", 72);
  RegSetValueExW(base, L"multi", 0, REG_MULTI_SZ, (const BYTE*)L"one\0two\0three\0", 30);
  DWORD dw = 0x12345678;
  RegSetValueExW(base, L"dword", 0, REG_DWORD, (const BYTE*)&dw, 4);
  ULONGLONG qw = 0x1122334455667788ull;
  RegSetValueExW(base, L"qword", 0, REG_QWORD, (const BYTE*)&qw, 8);
  BYTE bin[5] = {1, 2, 3, 4, 5};
  RegSetValueExW(base, L"binary", 0, REG_BINARY, bin, 5);
  RegSetValueExA(base, "ansi", 0, REG_SZ, (const BYTE*)"narrow text", 12);
  RegSetValueExA(base, NULL, 0, REG_SZ, (const BYTE*)"the default", 12);
  // A string whose size leaves out the final NUL gets it counted; one that is cut short does not.
  RegSetValueExW(base, L"counted", 0, REG_SZ, (const BYTE*)L"abc", 6);
  RegSetValueExW(base, L"cut", 0, REG_SZ, (const BYTE*)L"abcdef", 4);

  // Sizes: with no buffer, then too small a buffer, then enough.
  DWORD type = 0, size = 0;
  st = RegQueryValueExW(base, L"text", NULL, &type, NULL, &size);
  printf("query size: %ld, %s, %lu bytes\n", st, type_name(type), size);
  WCHAR wbuf[64];
  size = 8;
  st = RegQueryValueExW(base, L"TEXT", NULL, &type, (BYTE*)wbuf, &size);
  printf("query small buffer: %ld, %s, %lu bytes\n", st, type_name(type), size);
  size = sizeof wbuf;
  st = RegQueryValueExW(base, L"text", NULL, &type, (BYTE*)wbuf, &size);
  printf("query: %ld, %lu bytes, \"%ls\"\n", st, size, wbuf);
  char abuf[64];
  size = 0;
  st = RegQueryValueExA(base, "text", NULL, &type, NULL, &size);
  printf("query A size: %ld, %lu bytes\n", st, size);
  size = sizeof abuf;
  st = RegQueryValueExA(base, "text", NULL, &type, (BYTE*)abuf, &size);
  printf("query A: %ld, %lu bytes, \"%s\"\n", st, size, abuf);
  size = sizeof wbuf;
  st = RegQueryValueExW(base, L"ansi", NULL, &type, (BYTE*)wbuf, &size);
  printf("A-written value read with W: %ld, %lu bytes, \"%ls\"\n", st, size, wbuf);
  size = sizeof abuf;
  st = RegQueryValueExA(base, "", NULL, &type, (BYTE*)abuf, &size);
  printf("default value: %ld, %s, \"%s\"\n", st, type_name(type), abuf);
  size = sizeof wbuf;
  RegQueryValueExW(base, L"counted", NULL, &type, (BYTE*)wbuf, &size);
  printf("counted: %lu bytes\n", size);
  size = 0;
  RegQueryValueExW(base, L"cut", NULL, &type, NULL, &size);
  printf("cut: %lu bytes\n", size);
  size = sizeof abuf;
  st = RegQueryValueExA(base, "multi", NULL, &type, (BYTE*)abuf, &size);
  printf("multi A: %ld, %s, %lu bytes, second \"%s\"\n", st, type_name(type), size, abuf + 4);
  DWORD d = 0;
  size = sizeof d;
  RegQueryValueExW(base, L"dword", NULL, &type, (BYTE*)&d, &size);
  printf("dword: %s 0x%lx (%lu bytes)\n", type_name(type), d, size);
  ULONGLONG q = 0;
  size = sizeof q;
  RegQueryValueExW(base, L"qword", NULL, &type, (BYTE*)&q, &size);
  printf("qword: %s 0x%llx (%lu bytes)\n", type_name(type), q, size);
  BYTE b[8] = {0};
  size = sizeof b;
  RegQueryValueExW(base, L"binary", NULL, &type, b, &size);
  printf("binary: %s %u %u %u %u %u (%lu bytes)\n", type_name(type), b[0], b[1], b[2], b[3], b[4], size);
  st = RegQueryValueExW(base, L"missing", NULL, &type, NULL, &size);
  printf("missing value: %ld\n", st);

  // RegGetValue: type filters, expansion, a subkey path.
  size = sizeof wbuf;
  st = RegGetValueW(base, NULL, L"expand", RRF_RT_REG_SZ, &type, wbuf, &size);
  printf("RegGetValue expanded: %ld, %s, \"%ls\" (%lu bytes)\n", st, type_name(type), wbuf, size);
  size = sizeof wbuf;
  st = RegGetValueW(base, NULL, L"expand", RRF_RT_ANY | RRF_NOEXPAND, &type, wbuf, &size);
  printf("RegGetValue not expanded: %ld, %s, \"%ls\"\n", st, type_name(type), wbuf);
  size = 0;
  st = RegGetValueW(base, NULL, L"expand", RRF_RT_REG_SZ, &type, NULL, &size);
  printf("RegGetValue expanded size: %ld, %lu bytes\n", st, size);
  size = sizeof abuf;
  st = RegGetValueA(HKEY_CURRENT_USER, "Software\\polyrun-sample\\registry", "expand", RRF_RT_REG_SZ, &type, abuf, &size);
  printf("RegGetValueA through a subkey: %ld, \"%s\" (%lu bytes)\n", st, abuf, size);
  st = RegGetValueW(base, NULL, L"expand", RRF_RT_REG_EXPAND_SZ, &type, wbuf, &size);
  printf("RegGetValue REG_EXPAND_SZ without RRF_NOEXPAND: %ld\n", st);
  size = sizeof d;
  st = RegGetValueW(base, NULL, L"dword", RRF_RT_DWORD, &type, &d, &size);
  printf("RegGetValue RRF_RT_DWORD: %ld, 0x%lx\n", st, d);
  size = sizeof d;
  st = RegGetValueW(base, NULL, L"dword", RRF_RT_REG_SZ | RRF_ZEROONFAILURE, &type, &d, &size);
  printf("RegGetValue dword as REG_SZ: %ld, zeroed %s\n", st, d == 0 ? "yes" : "no");
  size = sizeof d;
  st = RegGetValueW(base, NULL, L"binary", RRF_RT_DWORD, &type, &d, &size);
  printf("RegGetValue 5-byte binary as RRF_RT_DWORD: %ld\n", st);
  size = 2;
  st = RegGetValueW(base, NULL, L"qword", RRF_RT_QWORD, &type, &q, &size);
  printf("RegGetValue small buffer: %ld, %lu bytes\n", st, size);
  st = RegGetValueW(base, NULL, L"missing", RRF_RT_ANY, &type, NULL, NULL);
  printf("RegGetValue missing: %ld\n", st);

  // Enumeration: every value and subkey once (Windows promises no order: printed sorted).
  RegSetValueExW(base, L"text", 0, REG_SZ, (const BYTE*)L"changed", 16);
  char names[16][40];
  int count = 0;
  DWORD i = 0;
  for (;; ++i) {
    WCHAR name[32];
    DWORD nlen = 32, dlen = 0;
    st = RegEnumValueW(base, i, name, &nlen, NULL, &type, NULL, &dlen);
    if (st != ERROR_SUCCESS || count == 16) break;
    snprintf(names[count++], sizeof names[0], "\"%ls\" %s %lu", name, type_name(type), dlen);
  }
  qsort(names, count, sizeof names[0], by_name);
  for (int n = 0; n < count; ++n) printf("  value %s bytes\n", names[n]);
  printf("RegEnumValue at the end: %ld (index %lu)\n", st, i);
  const WCHAR* subs[] = {L"beta", L"Alpha", L"gamma", L"_under", L"Zeta"};
  for (int n = 0; n < 5; ++n) {
    RegCreateKeyExW(base, subs[n], 0, L"cls", 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCloseKey(k);
  }
  count = 0;
  for (i = 0;; ++i) {
    char name[32];
    DWORD nlen = sizeof name;
    st = RegEnumKeyExA(base, i, name, &nlen, NULL, NULL, NULL, NULL);
    if (st != ERROR_SUCCESS || count == 16) break;
    snprintf(names[count++], sizeof names[0], "\"%s\" (%lu)", name, nlen);
  }
  qsort(names, count, sizeof names[0], by_name);
  for (int n = 0; n < count; ++n) printf("  subkey %s\n", names[n]);
  printf("RegEnumKeyEx at the end: %ld (index %lu)\n", st, i);
  WCHAR small[2];
  DWORD slen = 2;
  st = RegEnumKeyExW(base, 0, small, &slen, NULL, NULL, NULL, NULL);
  printf("RegEnumKeyEx small buffer: %ld (%lu)\n", st, slen);
  WCHAR kname[32];
  st = RegEnumKeyW(base, 2, kname, 32);
  printf("RegEnumKey: %ld, %u characters or more\n", st, wcslen(kname) >= 4);
  DWORD subkeys = 0, maxsub = 0, maxclass = 0, values = 0, maxvname = 0, maxdata = 0;
  FILETIME ft;
  st = RegQueryInfoKeyW(base, NULL, NULL, NULL, &subkeys, &maxsub, &maxclass, &values, &maxvname, &maxdata, NULL, &ft);
  printf("RegQueryInfoKey: %ld, %lu subkeys (longest %lu, class %lu), %lu values (longest name %lu, data %lu)\n", st,
         subkeys, maxsub, maxclass, values, maxvname, maxdata);
  WCHAR cls[8];
  DWORD clen = 8;
  RegOpenKeyExW(base, L"alpha", 0, KEY_READ, &k);
  st = RegQueryInfoKeyW(k, cls, &clen, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  printf("class of a subkey: %ld \"%ls\" (%lu)\n", st, cls, clen);
  RegCloseKey(k);

  // Deleting: values, keys (not one with subkeys), a tree; a handle to a deleted key.
  st = RegDeleteValueW(base, L"qword");
  printf("delete value: %ld; again: %ld\n", st, RegDeleteValueW(base, L"qword"));
  RegCreateKeyExW(base, L"gamma\\deep\\deeper", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k2, NULL);
  RegSetValueExW(k2, L"v", 0, REG_DWORD, (const BYTE*)&dw, 4);
  st = RegDeleteKeyW(base, L"gamma");
  printf("delete a key with subkeys: %ld\n", st);
  st = RegSetKeyValueW(base, L"gamma\\deep\\new", L"made", REG_SZ, L"by RegSetKeyValue", 36);
  printf("RegSetKeyValue: %ld\n", st);
  st = RegDeleteTreeW(base, L"gamma");
  printf("delete tree: %ld\n", st);
  st = RegSetValueExW(k2, L"v", 0, REG_DWORD, (const BYTE*)&dw, 4);
  printf("set through a handle to a deleted key: %ld; close: %ld\n", st, RegCloseKey(k2));
  st = RegOpenKeyExW(base, L"gamma\\deep", 0, KEY_READ, &k);
  printf("open deleted: %ld\n", st);
  st = RegDeleteKeyExW(base, L"beta", KEY_WOW64_64KEY, 0);
  printf("RegDeleteKeyEx: %ld\n", st);
  st = RegDeleteTreeW(base, NULL);
  subkeys = values = 99;
  RegQueryInfoKeyW(base, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL);
  printf("delete tree of the key itself: %ld, %lu subkeys and %lu values left\n", st, subkeys, values);
  RegCloseKey(base);
  st = RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\polyrun-sample\\registry");
  printf("delete: %ld\n", st);
  st = RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\polyrun-sample");
  printf("delete parent: %ld\n", st);
}

static void errors(void) {
  HKEY k;
  LONG st = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\polyrun\\does-not-exist", 0, KEY_READ, &k);
  printf("open missing: %ld\n", st);
  st = RegOpenKeyExA(HKEY_CURRENT_USER, "\\Software", 0, KEY_READ, &k);
  printf("leading backslash: %ld\n", st);
  st = RegOpenKeyExA(HKEY_CURRENT_USER, "Software\\\\Microsoft\\", 0, KEY_READ, &k);
  printf("doubled and trailing backslashes: %ld\n", st);
  RegCloseKey(k);
  st = RegCloseKey((HKEY)(ULONG_PTR)0x1234);
  printf("close a bad handle: %ld; NULL: %ld\n", st, RegCloseKey(NULL));
  st = RegQueryValueExA((HKEY)(ULONG_PTR)0x1234, "x", NULL, NULL, NULL, NULL);
  printf("query through a bad handle: %ld\n", st);
  st = RegOpenKeyExA(HKEY_CURRENT_USER, "Software", 0, KEY_READ, &k);
  DWORD v = 1;
  printf("set through a read-only handle: %ld\n", RegSetValueExA(k, "x", 0, REG_DWORD, (const BYTE*)&v, 4));
  RegCloseKey(k);
  HKEY same = NULL;
  st = RegOpenKeyExW(HKEY_LOCAL_MACHINE, NULL, 0, KEY_READ, &same);
  printf("open HKLM with no subkey: %ld, the same handle: %s\n", st, same == HKEY_LOCAL_MACHINE ? "yes" : "no");
  printf("close a predefined key: %ld\n", RegCloseKey(HKEY_LOCAL_MACHINE));
  st = RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\polyrun\\does-not-exist");
  printf("delete missing: %ld\n", st);
  st = RegQueryValueExA(HKEY_CURRENT_USER, "no-such-value", NULL, NULL, NULL, NULL);
  printf("query missing value of a predefined key: %ld\n", st);
}

// Opens a seeded key and prints a value's type (and, for checks, hands back its data).
static LONG seeded(HKEY root, const char* path, const char* value, DWORD* type, void* data, DWORD* size) {
  HKEY k;
  LONG st = RegOpenKeyExA(root, path, 0, KEY_READ | KEY_WOW64_64KEY, &k);
  if (st != ERROR_SUCCESS) return st;
  st = RegQueryValueExA(k, value, NULL, type, data, size);
  RegCloseKey(k);
  return st;
}

static void seeded_values(void) {
  const char* nt = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
  char s[256];
  DWORD type = 0, size = sizeof s;
  LONG st = seeded(HKEY_LOCAL_MACHINE, nt, "ProductName", &type, s, &size);
  printf("ProductName: %ld %s, begins \"Windows\": %s\n", st, type_name(type), strncmp(s, "Windows", 7) == 0 ? "yes" : "no");
  size = sizeof s;
  st = seeded(HKEY_LOCAL_MACHINE, nt, "CurrentVersion", &type, s, &size);
  printf("CurrentVersion: %ld %s \"%s\"\n", st, type_name(type), s);
  DWORD major = 0;
  size = 4;
  st = seeded(HKEY_LOCAL_MACHINE, nt, "CurrentMajorVersionNumber", &type, &major, &size);
  printf("CurrentMajorVersionNumber: %ld %s %lu\n", st, type_name(type), major);
  size = sizeof s;
  st = seeded(HKEY_LOCAL_MACHINE, nt, "CurrentBuildNumber", &type, s, &size);
  RTL_OSVERSIONINFOW vi = {sizeof vi};
  LONG(WINAPI * get_version)(RTL_OSVERSIONINFOW*) =
      (LONG(WINAPI*)(RTL_OSVERSIONINFOW*))GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
  get_version(&vi);
  printf("CurrentBuildNumber: %ld %s, RtlGetVersion's build: %s\n", st, type_name(type),
         (DWORD)atoi(s) == vi.dwBuildNumber ? "yes" : "no");
  size = sizeof s;
  st = seeded(HKEY_LOCAL_MACHINE, nt, "CurrentBuild", &type, s, &size);
  printf("CurrentBuild: %ld %s\n", st, type_name(type));

  const char* tzkey = "SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation";
  TIME_ZONE_INFORMATION tzi;
  GetTimeZoneInformation(&tzi);
  LONG bias = 0;
  size = 4;
  st = seeded(HKEY_LOCAL_MACHINE, tzkey, "Bias", &type, &bias, &size);
  printf("TimeZoneInformation Bias: %ld %s, GetTimeZoneInformation's: %s\n", st, type_name(type),
         bias == tzi.Bias ? "yes" : "no");
  char zone[128];
  size = sizeof zone;
  st = seeded(HKEY_LOCAL_MACHINE, tzkey, "TimeZoneKeyName", &type, zone, &size);
  printf("TimeZoneKeyName: %ld %s\n", st, type_name(type));
  char zpath[256];
  snprintf(zpath, sizeof zpath, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\%s", zone);
  BYTE tz[44];
  size = sizeof tz;
  st = seeded(HKEY_LOCAL_MACHINE, zpath, "TZI", &type, tz, &size);
  LONG tzi_bias;
  memcpy(&tzi_bias, tz, 4);
  printf("Time Zones entry TZI: %ld %s %lu bytes, its Bias: %s\n", st, type_name(type), size,
         tzi_bias == tzi.Bias ? "yes" : "no");

  HKEY k;
  st = RegOpenKeyExA(HKEY_CURRENT_USER, "Environment", 0, KEY_READ, &k);
  printf("HKCU\\Environment: %ld\n", st);
  RegCloseKey(k);
  size = 0;
  st = seeded(HKEY_LOCAL_MACHINE, "SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment", "PATH", &type, NULL, &size);
  printf("Session Manager\\Environment Path: %ld, a string: %s\n", st,
         type == REG_SZ || type == REG_EXPAND_SZ ? "yes" : "no");
  size = sizeof s;
  st = seeded(HKEY_LOCAL_MACHINE, "HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", "ProcessorNameString", &type, s, &size);
  printf("ProcessorNameString: %ld %s\n", st, type_name(type));
  size = 4;
  st = seeded(HKEY_LOCAL_MACHINE, "HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", "~MHz", &type, &major, &size);
  printf("~MHz: %ld %s\n", st, type_name(type));
  size = sizeof s;
  st = seeded(HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Cryptography", "MachineGuid", &type, s, &size);
  printf("MachineGuid: %ld %s, %u characters, dashes at 8 13 18 23: %s\n", st, type_name(type), (unsigned)strlen(s),
         s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' ? "yes" : "no");
  size = sizeof s;
  char again[256];
  DWORD size2 = sizeof again;
  seeded(HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Cryptography", "MachineGuid", &type, again, &size2);
  printf("MachineGuid the same twice: %s\n", strcmp(s, again) == 0 ? "yes" : "no");
  st = RegOpenKeyExA(HKEY_CURRENT_USER, "Software", 0, KEY_READ, &k);
  printf("HKCU\\Software: %ld\n", st);
  RegCloseKey(k);
  HKEY roots[] = {HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG};
  for (int i = 0; i < 3; ++i) {
    DWORD n = 0;
    st = RegQueryInfoKeyA(roots[i], NULL, NULL, NULL, &n, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    printf("predefined key %d: %ld\n", i, st);
  }
  st = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "software\\microsoft\\windows nt\\currentversion", 0, KEY_READ | KEY_WOW64_32KEY, &k);
  printf("any case, KEY_WOW64_32KEY: %ld\n", st);
  RegCloseKey(k);
}

static HKEY watched;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  LONG st = RegNotifyChangeKeyValue(watched, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, FALSE);
  printf("thread: synchronous RegNotifyChangeKeyValue returned %ld\n", st);
  return 0;
}

static const char* signalled(HANDLE ev) { return WaitForSingleObject(ev, 0) == WAIT_OBJECT_0 ? "yes" : "no"; }

// A new handle to the key the notifications watch, and a new event.
static HKEY open_watched(HANDLE* ev) {
  HKEY k;
  RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\polyrun-sample\\notify", 0, KEY_ALL_ACCESS, &k);
  if (*ev) CloseHandle(*ev);
  *ev = CreateEventA(NULL, TRUE, FALSE, NULL);
  return k;
}

// RegNotifyChangeKeyValue: an event set by the change watched for (once), a subtree, and a thread
// waiting synchronously.
static void notifications(void) {
  HKEY k, sub, w;
  HANDLE ev = NULL;
  DWORD v = 1;
  RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\polyrun-sample\\notify", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
  w = open_watched(&ev);
  LONG st = RegNotifyChangeKeyValue(w, FALSE, REG_NOTIFY_CHANGE_LAST_SET, ev, TRUE);
  printf("RegNotifyChangeKeyValue: %ld, set before a change: %s\n", st, signalled(ev));
  RegCreateKeyExW(k, L"child", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
  printf("a subkey added (not watched for): %s\n", signalled(ev));
  RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE*)&v, 4);
  printf("a value set: %s\n", signalled(ev));
  ResetEvent(ev);
  RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE*)&v, 4);
  printf("another change, not asked for again: %s\n", signalled(ev));
  RegCloseKey(w);
  w = open_watched(&ev);
  RegNotifyChangeKeyValue(w, TRUE, REG_NOTIFY_CHANGE_LAST_SET, ev, TRUE);
  RegSetValueExW(sub, L"deep", 0, REG_DWORD, (const BYTE*)&v, 4);
  printf("a value set in the subtree: %s\n", signalled(ev));
  RegCloseKey(w);
  w = open_watched(&ev);
  RegNotifyChangeKeyValue(w, FALSE, REG_NOTIFY_CHANGE_NAME, ev, TRUE);
  RegDeleteValueW(k, L"v");
  printf("a value deleted (not watched for): %s\n", signalled(ev));
  RegCloseKey(sub);
  RegDeleteKeyW(k, L"child");
  printf("a subkey deleted: %s\n", signalled(ev));
  RegCloseKey(w);
  HKEY ro;
  RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\polyrun-sample\\notify", 0, KEY_QUERY_VALUE, &ro);
  printf("without KEY_NOTIFY: %ld\n", RegNotifyChangeKeyValue(ro, FALSE, REG_NOTIFY_CHANGE_NAME, ev, TRUE));
  RegCloseKey(ro);
  // A thread waits; the value changes until the thread has seen a change.
  watched = k;
  HANDLE t = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  while (WaitForSingleObject(t, 20) == WAIT_TIMEOUT) RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE*)&v, 4);
  CloseHandle(t);
  CloseHandle(ev);
  RegCloseKey(k);
  RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\polyrun-sample");
}

int main(void) {
  round_trip();
  errors();
  seeded_values();
  notifications();
  return 0;
}
