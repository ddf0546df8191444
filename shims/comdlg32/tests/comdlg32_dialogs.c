// The common dialogs one after another: GetOpenFileName (a name typed, a name in a folder below,
// two names in quotes, Esc), GetSaveFileName (the default extension added, the question OFN_OVERWRITEPROMPT asks
// answered Yes, a buffer too small for the answer), ChooseColor (red, green and blue typed into
// its edits; Esc) and SHBrowseForFolder (the folder its callback selects at BFFM_INITIALIZED;
// Esc), each printing what it returned: the path
// relative to a folder the program makes under the temporary folder, offsets, flags and
// CommDlgExtendedError. Before them, what needs no dialog: GetFileTitle and structures of a wrong
// size. Driven from outside by tests/windows/x11_driven.sh with tests/windows/comdlg32_dialogs.drive
// (keyboard only: the dialogs' layouts differ between wine's and polyrun's); with --headless (or
// no display) each dialog answers as Cancel does (tests/windows/comdlg32_headless.sh).
// Where wine 8.0 and Windows' documentation part, printed is only what both agree on: wine leaves
// CommDlgExtendedError as it was after ChooseColor (no error is printed for it), and its
// SHBrowseForFolder gives the full path in pszDisplayName where the documentation says the
// folder's display name (polyrun follows the documentation: the name is printed relative to the
// test folder, the same for both).
// Links: -lcomdlg32 -lshell32 -lole32 -luser32 -lgdi32
#include <windows.h>
#include <commdlg.h>
#include <shlobj.h>
#include <stdio.h>
#include <string.h>

static char dir[MAX_PATH];
static size_t dir_len;

static const char* rel(const char* path) {
  if (_strnicmp(path, dir, dir_len) == 0) return path[dir_len] == '\\' ? path + dir_len + 1 : path + dir_len;
  return path;
}

static void make_file(const char* name) {
  char path[MAX_PATH];
  snprintf(path, sizeof path, "%s\\%s", dir, name);
  HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
}

static void remove_tree(void) {
  const char* files[] = {"alpha.txt", "beta.txt", "gamma.log", "sub\\inner.txt", "newfile.txt"};
  char path[MAX_PATH];
  for (int i = 0; i < 5; ++i) {
    snprintf(path, sizeof path, "%s\\%s", dir, files[i]);
    DeleteFileA(path);
  }
  snprintf(path, sizeof path, "%s\\sub", dir);
  RemoveDirectoryA(path);
  RemoveDirectoryA(dir);
}

static void print_open(const char* what, BOOL ok, OPENFILENAMEA* o) {
  DWORD err = CommDlgExtendedError();
  printf("%s: returned %d, error 0x%lx", what, ok, (unsigned long)err);
  if (ok)
    printf(", file %s, offset +%d, extension +%d, filter %lu, flags 0x%lx", rel(o->lpstrFile),
           (int)(o->nFileOffset - dir_len - 1), o->nFileExtension ? (int)(o->nFileExtension - o->nFileOffset) : 0,
           (unsigned long)o->nFilterIndex, (unsigned long)(o->Flags & (OFN_READONLY | OFN_EXTENSIONDIFFERENT)));
  printf("\n");
  fflush(stdout);
}

static int CALLBACK browse_callback(HWND hwnd, UINT msg, LPARAM lp, LPARAM data) {
  (void)lp;
  if (msg == BFFM_INITIALIZED) {
    printf("browse: initialized\n");
    fflush(stdout);
    SendMessageA(hwnd, BFFM_SETSELECTIONA, TRUE, data);
  }
  return 0;
}

int main(void) {
  char temp[MAX_PATH];
  GetTempPathA(sizeof temp, temp);
  snprintf(dir, sizeof dir, "%scomdlg32_%lu", temp, (unsigned long)GetCurrentProcessId());
  dir_len = strlen(dir);
  CreateDirectoryA(dir, NULL);
  char sub[MAX_PATH];
  snprintf(sub, sizeof sub, "%s\\sub", dir);
  CreateDirectoryA(sub, NULL);
  make_file("alpha.txt");
  make_file("beta.txt");
  make_file("gamma.log");
  make_file("sub\\inner.txt");

  // No dialog: GetFileTitle, and structures of a wrong size.
  char title[64];
  short r = GetFileTitleA("C:\\some\\dir\\file.txt", title, sizeof title);
  printf("GetFileTitle: %d \"%s\"\n", r, r == 0 ? title : "");
  printf("GetFileTitle small: %d\n", GetFileTitleA("C:\\some\\dir\\file.txt", title, 4));
  printf("GetFileTitle folder: %d\n", GetFileTitleA("C:\\some\\dir\\", title, sizeof title));
  OPENFILENAMEA bad;
  memset(&bad, 0, sizeof bad);
  char buffer[MAX_PATH] = "";
  bad.lStructSize = 10;
  bad.lpstrFile = buffer;
  bad.nMaxFile = MAX_PATH;
  BOOL ok = GetOpenFileNameA(&bad);
  printf("bad size: returned %d, error 0x%lx\n", ok, (unsigned long)CommDlgExtendedError());
  fflush(stdout);

  // Open: a name typed, then Enter.
  OPENFILENAMEA o;
  memset(&o, 0, sizeof o);
  o.lStructSize = sizeof o;
  o.lpstrFilter = "Text files (*.txt)\0*.txt\0All files (*.*)\0*.*\0";
  o.nFilterIndex = 1;
  o.lpstrFile = buffer;
  o.nMaxFile = MAX_PATH;
  o.lpstrInitialDir = dir;
  o.lpstrTitle = "Open one";
  o.Flags = OFN_FILEMUSTEXIST | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY | OFN_NOCHANGEDIR | OFN_EXPLORER;
  buffer[0] = 0;
  ok = GetOpenFileNameA(&o);
  print_open("open", ok, &o);

  // Open: a name in the folder below, the second filter (the structure's size before Windows 2000).
  o.lStructSize = OPENFILENAME_SIZE_VERSION_400A;
  o.lpstrTitle = "Open below";
  o.nFilterIndex = 2;
  buffer[0] = 0;
  ok = GetOpenFileNameA(&o);
  print_open("open below", ok, &o);

  // Open: two names in quotes (OFN_ALLOWMULTISELECT): the folder, then each name.
  o.lStructSize = sizeof o;
  o.lpstrTitle = "Open several";
  o.nFilterIndex = 1;
  o.Flags = OFN_ALLOWMULTISELECT | OFN_FILEMUSTEXIST | OFN_HIDEREADONLY | OFN_NOCHANGEDIR | OFN_EXPLORER;
  memset(buffer, 0, sizeof buffer);
  ok = GetOpenFileNameA(&o);
  printf("open several: returned %d, error 0x%lx", ok, (unsigned long)CommDlgExtendedError());
  if (ok) {
    printf(", folder %s, offset +%d, names", _stricmp(buffer, dir) == 0 ? "the test's" : buffer,
           (int)(o.nFileOffset - dir_len - 1));
    for (const char* n = buffer + strlen(buffer) + 1; *n; n += strlen(n) + 1) printf(" %s", n);
  }
  printf("\n");
  fflush(stdout);

  // Open: Esc (the wide function).
  o.lStructSize = sizeof o;
  OPENFILENAMEW ow;
  WCHAR wide[MAX_PATH] = L"";
  WCHAR wide_dir[MAX_PATH];
  MultiByteToWideChar(CP_ACP, 0, dir, -1, wide_dir, MAX_PATH);
  memset(&ow, 0, sizeof ow);
  ow.lStructSize = sizeof ow;
  ow.lpstrFilter = L"All files\0*.*\0";
  ow.lpstrFile = wide;
  ow.nMaxFile = MAX_PATH;
  ow.lpstrInitialDir = wide_dir;
  ow.lpstrTitle = L"Open cancelled";
  ow.Flags = OFN_HIDEREADONLY | OFN_NOCHANGEDIR | OFN_EXPLORER;
  ok = GetOpenFileNameW(&ow);
  printf("open cancelled: returned %d, error 0x%lx\n", ok, (unsigned long)CommDlgExtendedError());
  fflush(stdout);

  // Save: the default extension added.
  o.lpstrTitle = "Save one";
  o.lpstrFilter = "Text files (*.txt)\0*.txt\0";
  o.nFilterIndex = 1;
  o.lpstrDefExt = "txt";
  o.Flags = OFN_OVERWRITEPROMPT | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY | OFN_NOCHANGEDIR | OFN_EXPLORER;
  buffer[0] = 0;
  ok = GetSaveFileNameA(&o);
  print_open("save", ok, &o);

  // Save: a name that exists, and the question whether to replace it answered Yes (Enter).
  o.lpstrTitle = "Save over";
  buffer[0] = 0;
  ok = GetSaveFileNameA(&o);
  print_open("save over", ok, &o);

  // Save: a buffer too small for the answer (its first two bytes: the size it needs).
  char small[8] = "";
  o.lpstrTitle = "Save small";
  o.lpstrFile = small;
  o.nMaxFile = sizeof small;
  ok = GetSaveFileNameA(&o);
  printf("save small: returned %d, error 0x%lx", ok, (unsigned long)CommDlgExtendedError());
  if (!ok && CommDlgExtendedError() == FNERR_BUFFERTOOSMALL)
    printf(", needs the folder and %d more", (int)(*(WORD*)small - dir_len));
  printf("\n");
  fflush(stdout);

  // ChooseColor: red, green and blue typed.
  static COLORREF custom[16];
  for (int i = 0; i < 16; ++i) custom[i] = RGB(255, 255, 255);
  custom[0] = RGB(1, 2, 3);
  CHOOSECOLORA c;
  memset(&c, 0, sizeof c);
  c.lStructSize = sizeof c;
  c.rgbResult = RGB(0x12, 0x34, 0x56);
  c.lpCustColors = custom;
  c.Flags = CC_RGBINIT | CC_FULLOPEN;
  ok = ChooseColorA(&c);
  printf("color: returned %d, colour %06lx, custom[0] %06lx\n", ok, (unsigned long)c.rgbResult,
         (unsigned long)custom[0]);
  fflush(stdout);
  // ChooseColor: Esc (rgbResult stays).
  c.rgbResult = RGB(1, 2, 3);
  ok = ChooseColorA(&c);
  printf("color cancelled: returned %d, colour %06lx\n", ok, (unsigned long)c.rgbResult);
  fflush(stdout);

  // SHBrowseForFolder: the folder the callback selects, then Enter; then Esc.
  CoInitialize(NULL);
  char name[MAX_PATH] = "";
  BROWSEINFOA b;
  memset(&b, 0, sizeof b);
  b.pszDisplayName = name;
  b.lpszTitle = "Pick a folder";
  b.ulFlags = BIF_RETURNONLYFSDIRS;
  b.lpfn = browse_callback;
  b.lParam = (LPARAM)sub;
  LPITEMIDLIST pidl = SHBrowseForFolderA(&b);
  char path[MAX_PATH] = "";
  BOOL has_path = pidl && SHGetPathFromIDListA(pidl, path);
  printf("browse: %s, path %s, name %s\n", pidl ? "a list" : "NULL", has_path ? rel(path) : "-", pidl ? rel(name) : "-");
  fflush(stdout);
  if (pidl) CoTaskMemFree(pidl);
  pidl = SHBrowseForFolderA(&b);
  printf("browse cancelled: %s\n", pidl ? "a list" : "NULL");
  if (pidl) CoTaskMemFree(pidl);

  remove_tree();
  printf("done\n");
  return 0;
}
