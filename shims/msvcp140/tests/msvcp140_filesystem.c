// MSVCP140.dll's file system functions, called by name in a directory of the test's own: making and
// removing directories, a path's type, permissions and size, resizing, copies, renames, hard links,
// identity, last write times, listing a directory, the current and temporary directories,
// removal, and paths between UTF-16 and the ANSI code page.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "msvcp_names.h"

static int(__cdecl* stat_)(const WCHAR*, int*);
static int(__cdecl* lstat_)(const WCHAR*, int*);
static unsigned long long(__cdecl* file_size)(const WCHAR*);
static int(__cdecl* resize)(const WCHAR*, unsigned long long);
static int(__cdecl* equivalent)(const WCHAR*, const WCHAR*);
static long long(__cdecl* last_write)(const WCHAR*);
static int(__cdecl* set_last_write)(const WCHAR*, long long);
static void*(__cdecl* open_dir)(WCHAR*, const WCHAR*, int*, int*);
static WCHAR*(__cdecl* read_dir)(WCHAR*, void*, int*);
static void(__cdecl* close_dir)(void*);
static int(__cdecl* make_dir)(const WCHAR*);
static unsigned char(__cdecl* remove_dir)(const WCHAR*);
static int(__cdecl* current_get)(WCHAR*);
static unsigned char(__cdecl* current_set)(const WCHAR*);
static WCHAR*(__cdecl* temp_get)(WCHAR*);
static int(__cdecl* copy_file)(const WCHAR*, const WCHAR*);
static int(__cdecl* rename_)(const WCHAR*, const WCHAR*);
static int(__cdecl* link_)(const WCHAR*, const WCHAR*);
static int(__cdecl* symlink_)(const WCHAR*, const WCHAR*);
static int(__cdecl* unlink_)(const WCHAR*);
static int(__cdecl* to_byte)(const WCHAR*, char*);
static int(__cdecl* to_wide)(const char*, WCHAR*);

static void write_file(const WCHAR* path, const char* text) {
  HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
  CloseHandle(h);
}

static void show_stat(const char* label, const WCHAR* path) {
  int perms = -1, lperms = -1;
  int t = stat_(path, &perms);
  int lt = lstat_(path, &lperms);
  printf("  %s: type %d permissions %o; lstat type %d permissions %o\n", label, t, perms, lt, lperms);
}

static int compare_names(const void* a, const void* b) { return wcscmp((const WCHAR*)a, (const WCHAR*)b); }

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  stat_ = fn("_Stat");
  lstat_ = fn("_Lstat");
  file_size = fn("_File_size");
  resize = fn("_Resize");
  equivalent = fn("_Equivalent");
  last_write = fn("_Last_write_time");
  set_last_write = fn("_Set_last_write_time");
  open_dir = fn("_Open_dir");
  read_dir = fn("_Read_dir");
  close_dir = fn("_Close_dir");
  make_dir = fn("_Make_dir");
  remove_dir = fn("_Remove_dir");
  current_get = fn("_Current_get");
  current_set = fn("_Current_set");
  temp_get = fn("_Temp_get");
  copy_file = fn("_Copy_file");
  rename_ = fn("_Rename");
  link_ = fn("_Link");
  symlink_ = fn("_Symlink");
  unlink_ = fn("_Unlink");
  to_byte = fn("_To_byte");
  to_wide = fn("_To_wide");

  WCHAR tmp[MAX_PATH], base[MAX_PATH], sub[MAX_PATH], a[MAX_PATH], b[MAX_PATH], c[MAX_PATH], d[MAX_PATH];
  GetTempPathW(MAX_PATH, tmp);
  WCHAR got[MAX_PATH];
  temp_get(got);
  printf("_Temp_get is GetTempPathW's: %d\n", wcscmp(got, tmp) == 0);
  swprintf(base, MAX_PATH, L"%lsmsvcp140_fs_%lu", tmp, GetCurrentProcessId());
  swprintf(sub, MAX_PATH, L"%ls\\sub", base);
  swprintf(a, MAX_PATH, L"%ls\\a.txt", base);
  swprintf(b, MAX_PATH, L"%ls\\b.txt", base);
  swprintf(c, MAX_PATH, L"%ls\\c.txt", base);
  swprintf(d, MAX_PATH, L"%ls\\d.txt", base);

  printf("directories:\n");
  int r1 = make_dir(base);
  int r2 = make_dir(base);
  int r3 = make_dir(L"Q:\\no\\such\\parent\\dir");
  printf("  _Make_dir: %d, again %d, under a missing parent %d\n", r1, r2, r3);
  make_dir(sub);

  printf("types:\n");
  write_file(a, "hello, world");
  show_stat("file", a);
  show_stat("directory", base);
  show_stat("missing", c);
  SetFileAttributesW(a, FILE_ATTRIBUTE_READONLY);
  show_stat("read-only file", a);
  SetFileAttributesW(a, FILE_ATTRIBUTE_NORMAL);
  printf("  null path: %d\n", stat_(NULL, NULL));

  printf("sizes:\n");
  printf("  _File_size: %llu, of a missing file %llx\n", file_size(a), file_size(c));
  int rr = resize(a, 5);
  printf("  _Resize to 5: %d, size %llu\n", rr, file_size(a));
  rr = resize(a, 100);
  printf("  _Resize to 100: %d, size %llu\n", rr, file_size(a));
  printf("  _Resize of a missing file: %d\n", resize(c, 1));

  printf("copies and renames:\n");
  int cp = copy_file(a, b);
  printf("  _Copy_file: %d, size %llu\n", cp, file_size(b));
  printf("  _Copy_file over it: %d\n", copy_file(a, b));
  printf("  _Copy_file of a missing file: %d\n", copy_file(c, d));
  int rn = rename_(b, c);
  int tb = stat_(b, NULL), tc = stat_(c, NULL);
  printf("  _Rename b to c: %d, b %d, c %d\n", rn, tb, tc);
  printf("  _Rename of a missing file: %d\n", rename_(b, d));

  printf("identity:\n");
  int e1 = equivalent(a, a), e2 = equivalent(a, c), e3 = equivalent(a, b), e4 = equivalent(b, d);
  printf("  same path %d, other file %d, one missing %d, both missing %d\n", e1, e2, e3, e4);
  int lk = link_(a, d);
  printf("  _Link: %d, the link is the same file %d\n", lk, equivalent(a, d));
  printf("  _Link with no name: %d, _Symlink with no name: %d\n", link_(a, NULL), symlink_(NULL, d));

  printf("times:\n");
  long long t = 13000000000000000ll;  // 100 ns units since 1970: 2011-03-13
  int st = set_last_write(a, t);
  printf("  _Set_last_write_time: %d, read back the same %d\n", st, last_write(a) == t);
  int sm = set_last_write(b, t);
  printf("  of a missing file: set %d, read %lld\n", sm, last_write(b));

  printf("listing:\n");
  WCHAR names[8][MAX_PATH];
  int types[8], n = 0, err = -1, type = -1;
  void* h = open_dir(names[0], base, &err, &type);
  printf("  _Open_dir: handle %d, err %d\n", h != NULL, err);
  if (h) {
    types[n++] = type;
    while (n < 8) {
      WCHAR* r = read_dir(names[n], h, &types[n]);
      if (r != names[n]) printf("  _Read_dir returned another buffer\n");
      if (!names[n][0]) {
        printf("  end: type %d\n", types[n]);
        break;
      }
      ++n;
    }
    close_dir(h);
  }
  // (the order is the file system's: sorted here, with each name's type)
  WCHAR sorted[8][MAX_PATH];
  for (int i = 0; i < n; ++i) swprintf(sorted[i], MAX_PATH, L"%ls %d", names[i], types[i]);
  qsort(sorted, (size_t)n, sizeof sorted[0], compare_names);
  for (int i = 0; i < n; ++i) printf("  %ls\n", sorted[i]);
  WCHAR empty[MAX_PATH];
  err = -1;
  type = -1;
  h = open_dir(empty, sub, &err, &type);
  printf("  an empty directory: handle %d, err %d, type %d, name empty %d\n", h != NULL, err, type, empty[0] == 0);
  err = -1;
  h = open_dir(empty, L"Q:\\no\\such\\dir", &err, &type);
  printf("  a missing directory: handle %d, err %d\n", h != NULL, err);

  printf("current directory:\n");
  WCHAR before[MAX_PATH], now[MAX_PATH];
  int g = current_get(before);
  printf("  _Current_get: %d, GetCurrentDirectoryW's %d\n", g, GetCurrentDirectoryW(MAX_PATH, now) && !wcscmp(now, before));
  printf("  _Current_set to the test directory: %d\n", current_set(base));
  current_get(now);
  printf("  now there: %d\n", !wcscmp(now, base));
  printf("  _Current_set to a missing one: %d\n", current_set(L"Q:\\no\\such\\dir"));
  current_set(before);

  printf("removal:\n");
  printf("  _Remove_dir of a directory with files: %d\n", remove_dir(base));
  int u1 = unlink_(a), u2 = unlink_(c), u3 = unlink_(d), u4 = unlink_(a);
  printf("  _Unlink: %d %d %d, again %d\n", u1, u2, u3, u4);
  int d1 = remove_dir(sub), d2 = remove_dir(base), d3 = remove_dir(base);
  printf("  _Remove_dir: %d %d, again %d\n", d1, d2, d3);
  printf("  the directory is gone: %d\n", stat_(base, NULL));

  printf("conversions:\n");
  char narrow[MAX_PATH];
  WCHAR wide[MAX_PATH];
  int nb = to_byte(L"C:\\dir\\file.txt", narrow);
  int nw = to_wide("D:\\other\\name.dat", wide);
  printf("  _To_byte: %d \"%s\"; _To_wide: %d \"%ls\"\n", nb, narrow, nw, wide);
  fflush(stdout);
  return 0;
}
