// SHLWAPI's registry helpers under HKEY_CURRENT_USER\Software\PolyrunShlwapiTest (made and removed
// here): SHSetValue and SHGetValue (REG_SZ, REG_DWORD, REG_EXPAND_SZ expanded and given as REG_SZ),
// SHQueryValueEx, SHRegGetValue, SHRegGetPath, SHRegGetIntW, SHQueryInfoKey, SHEnumKeyEx,
// SHEnumValue, SHCopyKey, SHDeleteValue, SHDeleteEmptyKey, SHDeleteOrphanKey, SHRegDuplicateHKey,
// SHDeleteKey; and the user-specific keys (SHRegCreateUSKey, SHRegWriteUSValue, SHRegOpenUSKey,
// SHRegQueryUSValue, SHRegGetUSValue with its default data, SHRegGetBoolUSValue, SHRegSetUSValue,
// SHRegQueryInfoUSKey, SHRegEnumUSKey, SHRegEnumUSValue, SHRegDeleteUSValue,
// SHRegDeleteEmptyUSKey, SHRegCloseUSKey). Each function is found by name in SHLWAPI.dll.
#define _WIN32_WINNT 0x0A00
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlwapi.h>

static HMODULE dll;
static FARPROC proc(const char* name) {
  FARPROC f = GetProcAddress(dll, name);
  if (!f) {
    printf("missing %s\n", name);
    ExitProcess(1);
  }
  return f;
}
#define F(n) ((__typeof__(&n))proc(#n))
// Not in mingw-w64's shlwapi.h.
typedef int(WINAPI* get_int_fn)(HKEY, const WCHAR*, int);
DWORD WINAPI SHDeleteOrphanKeyA(HKEY, const char*);
DWORD WINAPI SHDeleteOrphanKeyW(HKEY, const WCHAR*);

#define ROOT "Software\\PolyrunShlwapiTest"
#define SUB ROOT "\\sub"

static void w2a(const WCHAR* w, char* a, int n) { WideCharToMultiByte(CP_UTF8, 0, w, -1, a, n, NULL, NULL); }

static void values(void) {
  DWORD dw = 0x12345678;
  SetEnvironmentVariableA("PRTEST", "C:\\expanded");
  // (Made in the order of their names: the order RegEnumValue gives them is the registry's.)
  DWORD s1 = F(SHSetValueA)(HKEY_CURRENT_USER, SUB, "bad", REG_SZ, "x12", 4);
  DWORD s2 = F(SHSetValueW)(HKEY_CURRENT_USER, L"" SUB, L"dw", REG_DWORD, &dw, 4);
  DWORD s3 = F(SHSetValueA)(HKEY_CURRENT_USER, SUB, "exp", REG_EXPAND_SZ, "%PRTEST%\\x", 11);
  DWORD s4 = F(SHSetValueA)(HKEY_CURRENT_USER, SUB, "num", REG_SZ, "123abc", 7);
  DWORD s5 = F(SHSetValueA)(HKEY_CURRENT_USER, SUB, "str", REG_SZ, "hello", 6);
  printf("set %lu %lu %lu %lu %lu\n", s1, s2, s3, s4, s5);

  char a[64];
  WCHAR w[64];
  DWORD type = 0, size = sizeof a;
  DWORD r = F(SHGetValueA)(HKEY_CURRENT_USER, SUB, "str", &type, a, &size);
  printf("get str %lu type %lu size %lu [%s]", r, type, size, a);
  type = 0, size = sizeof w;
  r = F(SHGetValueW)(HKEY_CURRENT_USER, L"" SUB, L"str", &type, w, &size);
  w2a(w, a, 64);
  printf(" W %lu type %lu size %lu [%s]\n", r, type, size, a);
  DWORD v = 0;
  type = 0, size = 4;
  r = F(SHGetValueA)(HKEY_CURRENT_USER, SUB, "dw", &type, &v, &size);
  printf("get dw %lu type %lu size %lu %#lx\n", r, type, size, v);
  type = 0, size = sizeof a;
  r = F(SHGetValueA)(HKEY_CURRENT_USER, SUB, "exp", &type, a, &size);
  printf("get exp %lu type %lu [%s]", r, type, a);
  type = 0, size = sizeof w;
  r = F(SHGetValueW)(HKEY_CURRENT_USER, L"" SUB, L"exp", &type, w, &size);
  w2a(w, a, 64);
  printf(" W %lu type %lu [%s]\n", r, type, a);
  size = sizeof a;
  printf("missing value %lu missing key %lu", F(SHGetValueA)(HKEY_CURRENT_USER, SUB, "nope", NULL, a, &size),
         F(SHGetValueA)(HKEY_CURRENT_USER, ROOT "\\nokey", "str", NULL, a, &size));
  size = 2;
  r = F(SHGetValueA)(HKEY_CURRENT_USER, SUB, "str", &type, a, &size);
  printf(" small %lu size %lu", r, size);
  size = 0;
  r = F(SHGetValueA)(HKEY_CURRENT_USER, SUB, "str", &type, NULL, &size);
  printf(" size only %lu %lu\n", r, size);

  HKEY key;
  RegOpenKeyExA(HKEY_CURRENT_USER, SUB, 0, KEY_ALL_ACCESS, &key);
  type = 0, size = 0;
  r = F(SHQueryValueExW)(key, L"str", NULL, &type, NULL, &size);
  printf("SHQueryValueExW size %lu type %lu size %lu", r, type, size);
  size = sizeof a;
  r = F(SHQueryValueExA)(key, "str", NULL, &type, a, &size);
  printf(" A %lu [%s] %lu\n", r, a, size);
  size = 4;
  v = 0;
  r = F(SHRegGetValueA)(HKEY_CURRENT_USER, SUB, "dw", SRRF_RT_REG_DWORD, &type, &v, &size);
  printf("SHRegGetValue %lu %#lx", r, v);
  size = sizeof a;
  r = F(SHRegGetValueA)(HKEY_CURRENT_USER, SUB, "dw", SRRF_RT_REG_SZ, &type, a, &size);
  printf(" wrong type %lu\n", r);
  char path[MAX_PATH];
  printf("SHRegGetPathA %lu", F(SHRegGetPathA)(HKEY_CURRENT_USER, SUB, "str", path, 0));
  printf(" [%s]\n", path);
  get_int_fn get_int = (get_int_fn)proc("SHRegGetIntW");
  printf("SHRegGetIntW %d %d %d\n", get_int(key, L"num", -1), get_int(key, L"bad", -1), get_int(key, L"none", 7));

  DWORD subkeys = 99, maxsub = 99, nvalues = 99, maxvalue = 99;
  r = F(SHQueryInfoKeyA)(key, &subkeys, &maxsub, &nvalues, &maxvalue);
  printf("SHQueryInfoKey %lu %lu %lu %lu %lu\n", r, subkeys, maxsub, nvalues, maxvalue);
  for (DWORD i = 0;; ++i) {
    char name[32];
    DWORD nlen = sizeof name, dlen = sizeof a;
    r = F(SHEnumValueA)(key, i, name, &nlen, &type, a, &dlen);
    if (r) {
      printf("SHEnumValueA %lu: %lu\n", i, r);
      break;
    }
    printf("SHEnumValueA %lu: [%s] %lu type %lu size %lu\n", i, name, nlen, type, dlen);
  }
  WCHAR namew[32];
  DWORD nlen = 32;
  r = F(SHEnumValueW)(key, 1, namew, &nlen, NULL, NULL, NULL);
  w2a(namew, a, 64);
  printf("SHEnumValueW 1 %lu [%s] %lu\n", r, a, nlen);
  HKEY dup = F(SHRegDuplicateHKey)(key);
  size = sizeof a;
  r = RegQueryValueExA(dup, "str", NULL, NULL, (BYTE*)a, &size);
  printf("duplicate %d %lu [%s]\n", dup != NULL && dup != key, r, a);
  RegCloseKey(dup);
  RegCloseKey(key);
}

static void keys(void) {
  F(SHSetValueA)(HKEY_CURRENT_USER, SUB "\\child1", "c", REG_SZ, "1", 2);
  F(SHSetValueA)(HKEY_CURRENT_USER, SUB "\\child2\\grand", "g", REG_SZ, "2", 2);
  HKEY key;
  RegOpenKeyExA(HKEY_CURRENT_USER, SUB, 0, KEY_ALL_ACCESS, &key);
  for (DWORD i = 0;; ++i) {
    char name[32];
    DWORD len = sizeof name;
    DWORD r = F(SHEnumKeyExA)(key, i, name, &len);
    if (r) {
      printf("SHEnumKeyExA %lu: %lu\n", i, r);
      break;
    }
    printf("SHEnumKeyExA %lu: [%s] %lu\n", i, name, len);
  }
  WCHAR namew[4];
  DWORD len = 4;
  printf("SHEnumKeyExW small %lu %lu\n", F(SHEnumKeyExW)(key, 0, namew, &len), len);
  RegCloseKey(key);

  HKEY copy;
  RegCreateKeyExA(HKEY_CURRENT_USER, ROOT "\\copy", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &copy, NULL);
  DWORD r = F(SHCopyKeyA)(HKEY_CURRENT_USER, SUB, copy, 0);
  char a[32];
  DWORD size = sizeof a;
  DWORD r2 = F(SHGetValueA)(copy, "child2\\grand", "g", NULL, a, &size);
  printf("SHCopyKey %lu grandchild %lu [%s]", r, r2, a);
  size = sizeof a;
  r2 = F(SHGetValueA)(copy, NULL, "str", NULL, a, &size);
  printf(" value %lu [%s] bad args %lu\n", r2, a, F(SHCopyKeyW)(NULL, NULL, copy, 0));
  RegCloseKey(copy);

  printf("SHDeleteEmptyKey with children %lu", F(SHDeleteEmptyKeyA)(HKEY_CURRENT_USER, SUB "\\child2"));
  printf(" with a value %lu", F(SHDeleteEmptyKeyA)(HKEY_CURRENT_USER, SUB "\\child1"));
  printf(" gone %lu missing %lu\n", RegOpenKeyExA(HKEY_CURRENT_USER, SUB "\\child1", 0, KEY_READ, &key),
         F(SHDeleteEmptyKeyW)(HKEY_CURRENT_USER, L"" ROOT "\\nokey"));
  printf("SHDeleteOrphanKey with a value %lu", F(SHDeleteOrphanKeyA)(HKEY_CURRENT_USER, SUB "\\child2\\grand"));
  r = RegOpenKeyExA(HKEY_CURRENT_USER, SUB "\\child2\\grand", 0, KEY_READ, &key);
  printf(" still there %lu", r);
  if (!r) RegCloseKey(key);
  F(SHDeleteValueA)(HKEY_CURRENT_USER, SUB "\\child2\\grand", "g");
  printf(" empty %lu", F(SHDeleteOrphanKeyW)(HKEY_CURRENT_USER, L"" SUB L"\\child2\\grand"));
  printf(" gone %lu\n", RegOpenKeyExA(HKEY_CURRENT_USER, SUB "\\child2\\grand", 0, KEY_READ, &key));

  printf("SHDeleteValue %lu", F(SHDeleteValueA)(HKEY_CURRENT_USER, SUB, "str"));
  size = sizeof a;
  printf(" then %lu again %lu W %lu\n", F(SHGetValueA)(HKEY_CURRENT_USER, SUB, "str", NULL, a, &size),
         F(SHDeleteValueA)(HKEY_CURRENT_USER, SUB, "str"), F(SHDeleteValueW)(HKEY_CURRENT_USER, L"" SUB, L"dw"));
}

static void user_keys(void) {
  HKEY key;
  HUSKEY h = NULL;
  DWORD r = F(SHRegCreateUSKeyA)(ROOT "\\us", KEY_ALL_ACCESS, NULL, &h, SHREGSET_FORCE_HKCU);
  printf("SHRegCreateUSKey %lu %d", r, h != NULL);
  // (Made in the order of their names; the strings by the wide form, since wine 8.0's ANSI form
  // stores an ANSI string's bytes as UTF-16.)
  DWORD one = 1, zero = 0;
  BYTE byte = 7;
  DWORD w1 = F(SHRegWriteUSValueA)(h, "byte", REG_BINARY, &byte, 1, SHREGSET_FORCE_HKCU);
  DWORD w2 = F(SHRegWriteUSValueW)(h, L"no", REG_SZ, L"FALSE", 12, SHREGSET_FORCE_HKCU);
  DWORD w3 = F(SHRegWriteUSValueA)(h, "one", REG_DWORD, &one, 4, SHREGSET_FORCE_HKCU);
  DWORD w4 = F(SHRegWriteUSValueW)(h, L"yes", REG_SZ, L"Yes", 8, SHREGSET_FORCE_HKCU);
  DWORD w5 = F(SHRegWriteUSValueA)(h, "zero", REG_DWORD, &zero, 4, SHREGSET_FORCE_HKCU);
  printf(" write %lu %lu %lu %lu %lu", w1, w2, w3, w4, w5);
  printf(" no force %lu", F(SHRegWriteUSValueA)(h, "x", REG_SZ, "x", 2, SHREGSET_HKCU));
  char a[32];
  DWORD type = 0, size = sizeof a;
  r = F(SHRegQueryUSValueA)(h, "yes", &type, a, &size, FALSE, NULL, 0);
  printf(" query %lu %lu [%s] %lu close %lu\n", r, type, a, size, F(SHRegCloseUSKey)(h));

  h = NULL;
  r = F(SHRegOpenUSKeyA)(ROOT "\\us", KEY_READ, NULL, &h, FALSE);
  DWORD subkeys = 9, maxsub = 9, nvalues = 9, maxvalue = 9;
  DWORD r2 = F(SHRegQueryInfoUSKeyA)(h, &subkeys, &maxsub, &nvalues, &maxvalue, SHREGENUM_DEFAULT);
  printf("SHRegOpenUSKey %lu info %lu %lu %lu %lu %lu\n", r, r2, subkeys, maxsub, nvalues, maxvalue);
  for (DWORD i = 0;; ++i) {
    char name[32];
    DWORD nlen = sizeof name, dlen = sizeof a;
    r = F(SHRegEnumUSValueA)(h, i, name, &nlen, &type, a, &dlen, SHREGENUM_DEFAULT);
    if (r) {
      printf("SHRegEnumUSValueA %lu: %lu\n", i, r);
      break;
    }
    printf("SHRegEnumUSValueA %lu: [%s] type %lu size %lu\n", i, name, type, dlen);
  }
  char name[32];
  DWORD nlen = sizeof name;
  printf("SHRegEnumUSKeyA %lu", F(SHRegEnumUSKeyA)(h, 0, name, &nlen, SHREGENUM_HKCU));
  WCHAR valuew[32];
  size = sizeof valuew;
  r = F(SHRegQueryUSValueW)(h, L"no", &type, valuew, &size, FALSE, NULL, 0);
  w2a(valuew, a, 32);
  printf(" query W %lu [%s]", r, a);
  size = sizeof a;
  r = F(SHRegQueryUSValueA)(h, "missing", &type, a, &size, FALSE, "dflt", 5);
  printf(" default %lu [%s] %lu close %lu\n", r, a, size, F(SHRegCloseUSKey)(h));
  printf("SHRegOpenUSKey missing %lu\n", F(SHRegOpenUSKeyA)(ROOT "\\nokey", KEY_READ, NULL, &h, FALSE));

  size = sizeof a;
  r = F(SHRegGetUSValueA)(ROOT "\\us", "yes", &type, a, &size, FALSE, NULL, 0);
  printf("SHRegGetUSValue %lu %lu [%s]", r, type, a);
  size = sizeof a;
  r = F(SHRegGetUSValueA)(ROOT "\\us", "missing", &type, a, &size, FALSE, "dd", 3);
  printf(" default %lu [%s] %lu", r, a, size);
  size = sizeof a;
  r = F(SHRegGetUSValueA)(ROOT "\\nokey", "missing", &type, a, &size, FALSE, "dd", 3);
  printf(" no key %lu\n", r);
  printf("SHRegGetBoolUSValue yes %d no %d one %d zero %d byte %d missing %d/%d W %d\n",
         F(SHRegGetBoolUSValueA)(ROOT "\\us", "yes", FALSE, FALSE), F(SHRegGetBoolUSValueA)(ROOT "\\us", "no", FALSE, TRUE),
         F(SHRegGetBoolUSValueA)(ROOT "\\us", "one", FALSE, FALSE), F(SHRegGetBoolUSValueA)(ROOT "\\us", "zero", FALSE, TRUE),
         F(SHRegGetBoolUSValueA)(ROOT "\\us", "byte", FALSE, FALSE), F(SHRegGetBoolUSValueA)(ROOT "\\us", "missing", FALSE, TRUE),
         F(SHRegGetBoolUSValueA)(ROOT "\\us", "missing", FALSE, FALSE), F(SHRegGetBoolUSValueW)(L"" ROOT L"\\us", L"yes", FALSE, FALSE));
  DWORD seven = 7;
  r = F(SHRegSetUSValueA)(ROOT "\\us", "seven", REG_DWORD, &seven, 4, SHREGSET_FORCE_HKCU);
  DWORD v = 0;
  size = 4;
  r2 = F(SHGetValueA)(HKEY_CURRENT_USER, ROOT "\\us", "seven", NULL, &v, &size);
  printf("SHRegSetUSValue %lu then %lu %lu", r, r2, v);
  printf(" no data %lu\n", F(SHRegSetUSValueA)(ROOT "\\us", "x", REG_SZ, NULL, 0, SHREGSET_FORCE_HKCU));

  RegCreateKeyA(HKEY_CURRENT_USER, ROOT "\\us\\empty", &key);
  RegCloseKey(key);
  r = F(SHRegOpenUSKeyA)(ROOT "\\us", KEY_ALL_ACCESS, NULL, &h, FALSE);
  DWORD d1 = F(SHRegDeleteUSValueA)(h, "yes", SHREGDEL_HKCU);
  DWORD d2 = F(SHRegDeleteEmptyUSKeyA)(h, "empty", SHREGDEL_HKCU);
  printf("SHRegDeleteUSValue %lu SHRegDeleteEmptyUSKey %lu close %lu\n", d1, d2, F(SHRegCloseUSKey)(h));
}

int main(void) {
  dll = LoadLibraryA("shlwapi.dll");
  F(SHDeleteKeyA)(HKEY_CURRENT_USER, ROOT);
  values();
  keys();
  user_keys();
  DWORD r = F(SHDeleteKeyA)(HKEY_CURRENT_USER, ROOT);
  HKEY key;
  printf("SHDeleteKey %lu gone %lu again %lu\n", r, RegOpenKeyExA(HKEY_CURRENT_USER, ROOT, 0, KEY_READ, &key),
         F(SHDeleteKeyW)(HKEY_CURRENT_USER, L"" ROOT));
  return 0;
}
