// The registry's 64-bit and 32-bit views of the folders of programs: HKLM\SOFTWARE\Microsoft\
// Windows\CurrentVersion's ProgramFilesDir, CommonFilesDir and their (x86) and W6432 forms, read in
// the program's own view, with KEY_WOW64_64KEY and KEY_WOW64_32KEY (RegOpenKeyEx) and with
// RRF_SUBKEY_WOW6464KEY and RRF_SUBKEY_WOW6432KEY (RegGetValue); and the environment variables
// that name the same folders. A 32-bit program's own view is the 32-bit one (WOW64).
// Links: -ladvapi32
#include <stdio.h>
#include <windows.h>

static const char* const kValues[] = {"ProgramFilesDir", "ProgramFilesDir (x86)", "ProgramW6432Dir", "CommonFilesDir",
                                      "CommonFilesDir (x86)", "CommonW6432Dir"};
static const char kKey[] = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion";

static void through_open(const char* what, REGSAM view) {
  HKEY k;
  LONG e = RegOpenKeyExA(HKEY_LOCAL_MACHINE, kKey, 0, KEY_QUERY_VALUE | view, &k);
  printf("RegOpenKeyEx %s: %ld\n", what, e);
  if (e) return;
  for (int i = 0; i < 6; ++i) {
    char data[MAX_PATH] = "";
    DWORD size = sizeof data, type = 0;
    e = RegQueryValueExA(k, kValues[i], NULL, &type, (BYTE*)data, &size);
    printf("  %s %s: %ld %lu [%s]\n", what, kValues[i], e, type, data);
  }
  RegCloseKey(k);
}

static void through_get(const char* what, DWORD flags) {
  printf("RegGetValue %s\n", what);
  for (int i = 0; i < 6; ++i) {
    char data[MAX_PATH] = "";
    DWORD size = sizeof data;
    LONG e = RegGetValueA(HKEY_LOCAL_MACHINE, kKey, kValues[i], RRF_RT_REG_SZ | flags, NULL, data, &size);
    printf("  %s %s: %ld [%s]\n", what, kValues[i], e, data);
  }
}

int main(void) {
  through_open("own view", 0);
  through_open("KEY_WOW64_64KEY", KEY_WOW64_64KEY);
  through_open("KEY_WOW64_32KEY", KEY_WOW64_32KEY);
  through_get("own view", 0);
  through_get("RRF_SUBKEY_WOW6464KEY", RRF_SUBKEY_WOW6464KEY);
  through_get("RRF_SUBKEY_WOW6432KEY", RRF_SUBKEY_WOW6432KEY);
  static const char* const vars[] = {"ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "CommonProgramFiles",
                                     "CommonProgramFiles(x86)", "CommonProgramW6432", "ProgramData", "ALLUSERSPROFILE"};
  for (int i = 0; i < 8; ++i) {
    char v[MAX_PATH] = "";
    DWORD n = GetEnvironmentVariableA(vars[i], v, sizeof v);
    printf("%%%s%% %lu [%s]\n", vars[i], n, v);
  }
  return 0;
}
