// Initialization files through KERNEL32's profile functions: a file of the program's read back
// (blanks trimmed, keys and sections without case, quotes stripped, comments and lines without
// '=' where Windows lists them), GetPrivateProfileInt's numbers, the buffer-size rules of strings
// and lists, the same through the wide functions, writing (a new section, a changed value, a key
// and a section deleted, a section replaced, a struct with its checksum) with the file's bytes
// after each, a file named without a directory (the Windows directory's) and win.ini's defaults.
#include <stdio.h>
#include <string.h>
#include <windows.h>

static char path[MAX_PATH];

static void show_list(const char* what, const char* buf, DWORD ret) {
  printf("%s: %lu [", what, ret);
  for (DWORD i = 0; i < ret; ++i) putchar(buf[i] ? buf[i] : '|');
  printf("]%s\n", buf[ret] ? "" : " +NUL");
}

static void dump_file(const char* what) {
  char bytes[1024];
  DWORD n = 0;
  HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
  ReadFile(f, bytes, sizeof bytes, &n, NULL);
  CloseHandle(f);
  printf("%s (%lu bytes): ", what, n);
  for (DWORD i = 0; i < n; ++i) {
    if (bytes[i] == '\r') printf("\\r");
    else if (bytes[i] == '\n') printf("\\n");
    else putchar(bytes[i]);
  }
  printf("\n");
}

static void get(const char* section, const char* key, const char* def, DWORD len) {
  char buf[64];
  memset(buf, '*', sizeof buf);
  buf[sizeof buf - 1] = 0;
  DWORD n = GetPrivateProfileStringA(section, key, def, buf, len, path);
  printf("[%s] %s (def %s, %lu): %lu \"%.*s\"\n", section ? section : "(null)", key ? key : "(null)", def ? def : "(null)",
         len, n, (int)(n < 60 ? n : 60), buf);
}

int main(void) {
  char dir[MAX_PATH];
  GetTempPathA(sizeof dir, dir);
  snprintf(path, sizeof path, "%spolyrun-k32prof-%lu.ini", dir, GetCurrentProcessId());
  const char* text =
      "; leading comment\r\n"
      "top=before any section\r\n"
      "[Settings]\r\n"
      "  Name = Value with spaces   \r\n"
      "Quoted=\"in quotes\"\r\n"
      "Single='single'\r\n"
      "Half=\"half\r\n"
      "Number=42\r\n"
      "Hex=0x1F\r\n"
      "Neg=-5\r\n"
      "Junk=12abc\r\n"
      "QNum=\"5\"\r\n"
      "; a comment=not a key\r\n"
      "NoEquals\r\n"
      "Empty=\r\n"
      "\r\n"
      "[second]\r\n"
      "a=1\r\n"
      "[Settings2] trailing\r\n"
      "b=2\r\n";
  HANDLE f = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD written;
  WriteFile(f, text, (DWORD)strlen(text), &written, NULL);
  CloseHandle(f);

  get("settings", "NAME", "def", 64);
  get("Settings", "  Name  ", "def", 64);
  get("Settings", "Quoted", "def", 64);
  get("Settings", "Quoted", "def", 5);
  get("Settings", "Single", "def", 64);
  get("Settings", "Half", "def", 64);
  get("Settings", "Empty", "def", 64);
  get("Settings", "NoEquals", "def", 64);
  get("Settings", "Missing", "def   ", 64);
  get("Settings", "Missing", NULL, 64);
  get("Settings", "Missing", "\"quoted default\"", 64);
  get("Settings", "Name", "def", 6);
  get("Settings", "Name", "def", 1);
  get("Settings", "", "def", 64);
  get("Nowhere", "Name", "def", 64);
  get("Settings2", "b", "def", 64);
  get("", "top", "def", 64);

  char list[256];
  show_list("keys", list, GetPrivateProfileStringA("Settings", NULL, "", list, sizeof list, path));
  show_list("keys (16)", list, GetPrivateProfileStringA("Settings", NULL, "", list, 16, path));
  show_list("keys of none", list, GetPrivateProfileStringA("Nowhere", NULL, "dflt", list, sizeof list, path));
  show_list("sections", list, GetPrivateProfileStringA(NULL, NULL, "", list, sizeof list, path));
  show_list("section names", list, GetPrivateProfileSectionNamesA(list, sizeof list, path));
  show_list("section names (12)", list, GetPrivateProfileSectionNamesA(list, 12, path));
  show_list("section", list, GetPrivateProfileSectionA("settings", list, sizeof list, path));
  show_list("section (20)", list, GetPrivateProfileSectionA("settings", list, 20, path));
  show_list("section of none", list, GetPrivateProfileSectionA("nowhere", list, sizeof list, path));

  const char* ints[] = {"Number", "Hex", "Neg", "Junk", "QNum", "Name", "Empty", "Missing"};
  for (int i = 0; i < 8; ++i) printf("int %s: %d\n", ints[i], (int)GetPrivateProfileIntA("Settings", ints[i], 7, path));

  WCHAR wpath[MAX_PATH], wbuf[64];
  MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH);
  DWORD wn = GetPrivateProfileStringW(L"SETTINGS", L"quoted", L"x", wbuf, 64, wpath);
  printf("wide: %lu \"%ls\"\n", wn, wbuf);
  wn = GetPrivateProfileStringW(L"Settings", L"Name", L"x", wbuf, 4, wpath);
  printf("wide (4): %lu \"%ls\"\n", wn, wbuf);
  printf("wide int: %u\n", GetPrivateProfileIntW(L"Settings", L"Hex", 0, wpath));

  printf("write new: %d\n", WritePrivateProfileStringA("New Section", "key", "  value", path));
  printf("write changed: %d\n", WritePrivateProfileStringA("settings", "number", "43", path));
  printf("delete key: %d\n", WritePrivateProfileStringA("Settings", "Junk", NULL, path));
  printf("delete section: %d\n", WritePrivateProfileStringA("second", NULL, NULL, path));
  printf("delete missing: %d\n", WritePrivateProfileStringA("none here", NULL, NULL, path));
  dump_file("after writes");
  printf("write section: %d\n", WritePrivateProfileSectionA("Settings2", "x=1\0y = 2\0novalue\0", path));
  printf("write new section: %d\n", WritePrivateProfileSectionA("Sec3", "k=v\0", path));
  dump_file("after sections");
  printf("read new: %d\n", (int)GetPrivateProfileIntA("settings", "Number", 0, path));

  BYTE data[3] = {1, 0x2c, 0xab}, back[3] = {0};
  printf("write struct: %d\n", WritePrivateProfileStructA("Bin", "data", data, 3, path));
  printf("get struct: %d\n", GetPrivateProfileStructA("Bin", "data", back, 3, path));
  printf("get struct (wrong size): %d\n", GetPrivateProfileStructA("Bin", "data", back, 2, path));
  WritePrivateProfileStringA("Bin", "bad", "0102FF", path);
  printf("get struct (bad sum): %d\n", GetPrivateProfileStructA("Bin", "bad", back, 2, path));
  dump_file("after struct");
  printf("flush: %d\n", WritePrivateProfileStringA(NULL, NULL, NULL, path));
  DeleteFileA(path);

  char missing[MAX_PATH];
  snprintf(missing, sizeof missing, "%spolyrun-k32prof-none-%lu\\x.ini", dir, GetCurrentProcessId());
  char buf[32];
  DWORD n = GetPrivateProfileStringA("s", "k", "absent", buf, sizeof buf, missing);
  printf("absent file: %lu \"%s\"\n", n, buf);
  printf("absent file int: %u\n", GetPrivateProfileIntA("s", "k", 5, missing));

  char bare[64], windows[MAX_PATH], full[MAX_PATH];
  snprintf(bare, sizeof bare, "polyrun-k32prof-%lu.ini", GetCurrentProcessId());
  printf("bare write: %d\n", WritePrivateProfileStringA("s", "k", "in windows", bare));
  GetWindowsDirectoryA(windows, sizeof windows);
  snprintf(full, sizeof full, "%s\\%s", windows, bare);
  printf("in the windows directory: %s\n", GetFileAttributesA(full) != INVALID_FILE_ATTRIBUTES ? "yes" : "no");
  n = GetPrivateProfileStringA("s", "k", "", buf, sizeof buf, bare);
  printf("bare read: %lu \"%s\"\n", n, buf);
  DeleteFileA(full);

  printf("win.ini int: %u\n", GetProfileIntA("polyrun-sample-no-such-section", "k", 11));
  n = GetProfileStringA("polyrun-sample-no-such-section", "k", "dflt", buf, sizeof buf);
  printf("win.ini string: %lu \"%s\"\n", n, buf);
  return 0;
}
