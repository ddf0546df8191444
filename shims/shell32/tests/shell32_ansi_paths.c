/* Paths of the ANSI code page (1252) through SHELL32's A functions: the names of a DROPFILES block
 * made of UTF-16 names read by DragQueryFileA and of one made of ANSI names read by
 * DragQueryFileW (with their lengths and a buffer too small), ILCreateFromPathA of the ANSI path
 * of a file whose name has letters above ASCII (made by CreateFileW) and SHGetPathFromIDListA/W of
 * the list (the file name part), ShellExecuteA and ShellExecuteExA of a file that is not there, and
 * SHGetFolderPathA/SHGetSpecialFolderPathA against their W forms. Bytes and UTF-16 units in hex. */
// Links: -lshell32 -lole32
#include <windows.h>
#include <shlobj.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static void print_bytes(const char* label, const char* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)strlen(s);
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
  printf("\n");
}
static void print_units(const char* label, const wchar_t* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)wcslen(s);
  for (int i = 0; i < n; ++i) printf(" %04x", (unsigned)s[i]);
  printf("\n");
}

static HDROP make_drop(const void* names, size_t bytes, BOOL wide) {
  HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, sizeof(DROPFILES) + bytes);
  DROPFILES* d = GlobalLock(h);
  d->pFiles = sizeof(DROPFILES);
  d->fWide = wide;
  memcpy((char*)d + sizeof(DROPFILES), names, bytes);
  GlobalUnlock(h);
  return (HDROP)h;
}

int main(void) {
  static const WCHAR wide_names[] = L"C:\\caf\x00e9.txt\0D:\\\x20ac\x0411\0";
  HDROP drop = make_drop(wide_names, sizeof wide_names, TRUE);
  char a[MAX_PATH];
  printf("DragQueryFileA count: %u\n", DragQueryFileA(drop, 0xffffffff, NULL, 0));
  printf("DragQueryFileA(0) length: %u\n", DragQueryFileA(drop, 0, NULL, 0));
  UINT n = DragQueryFileA(drop, 0, a, sizeof a);
  printf("DragQueryFileA(0): %u\n", n);
  print_bytes("  bytes", a, (int)n);
  n = DragQueryFileA(drop, 1, a, sizeof a);
  printf("DragQueryFileA(1): %u\n", n);
  print_bytes("  bytes", a, (int)n);
  memset(a, 0x55, sizeof a);
  n = DragQueryFileA(drop, 0, a, 5);
  printf("DragQueryFileA(0) into 5: %u\n", n);
  print_bytes("  bytes", a, 5);
  GlobalFree(drop);

  static const char ansi_names[] = "C:\\\xfc\xdf\\\x80.txt\0E:\\\x9c\0";
  drop = make_drop(ansi_names, sizeof ansi_names, FALSE);
  WCHAR w[MAX_PATH];
  printf("DragQueryFileW(0) length: %u\n", DragQueryFileW(drop, 0, NULL, 0));
  n = DragQueryFileW(drop, 0, w, MAX_PATH);
  printf("DragQueryFileW(0): %u\n", n);
  print_units("  units", w, (int)n);
  n = DragQueryFileA(drop, 1, a, sizeof a);
  printf("DragQueryFileA(1): %u\n", n);
  print_bytes("  bytes", a, (int)n);
  GlobalFree(drop);

  WCHAR wtemp[MAX_PATH], wfile[MAX_PATH];
  GetTempPathW(MAX_PATH, wtemp);
  wcscpy(wfile, wtemp);
  wcscat(wfile, L"polyrun caf\x00e9 \x20ac.txt");
  HANDLE f = CreateFileW(wfile, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  printf("CreateFileW: %d\n", f != INVALID_HANDLE_VALUE);
  CloseHandle(f);
  char file[MAX_PATH];
  WideCharToMultiByte(CP_ACP, 0, wfile, -1, file, sizeof file, NULL, NULL);
  LPITEMIDLIST pidl = ILCreateFromPathA(file);
  printf("ILCreateFromPathA: %d\n", pidl != NULL);
  if (pidl) {
    char back[MAX_PATH] = "";
    WCHAR wback[MAX_PATH] = L"";
    printf("SHGetPathFromIDListA: %d\n", SHGetPathFromIDListA(pidl, back));
    const char* part = strrchr(back, '\\');
    print_bytes("  file name", part ? part + 1 : back, -1);
    printf("SHGetPathFromIDListW: %d\n", SHGetPathFromIDListW(pidl, wback));
    const WCHAR* wpart = wcsrchr(wback, L'\\');
    print_units("  file name", wpart ? wpart + 1 : wback, -1);
    ILFree(pidl);
  }
  DeleteFileW(wfile);

  SetLastError(0);
  INT_PTR r = (INT_PTR)ShellExecuteA(NULL, "open", "polyrun-n\xe9" "ant \x80" ".exe", NULL, NULL, SW_SHOWNORMAL);
  printf("ShellExecuteA of a file that is not there: %d, error %lu\n", (int)r, GetLastError());
  SHELLEXECUTEINFOA sei;
  memset(&sei, 0, sizeof sei);
  sei.cbSize = sizeof sei;
  sei.lpFile = "polyrun-n\xe9" "ant \x80" ".exe";
  sei.nShow = SW_SHOWNORMAL;
  SetLastError(0);
  BOOL ok = ShellExecuteExA(&sei);
  printf("ShellExecuteExA of it: %d, hInstApp %d\n", ok, (int)(INT_PTR)sei.hInstApp);

  char fa[MAX_PATH];
  WCHAR fw[MAX_PATH];
  HRESULT ha = SHGetFolderPathA(NULL, CSIDL_APPDATA, NULL, SHGFP_TYPE_CURRENT, fa);
  HRESULT hw = SHGetFolderPathW(NULL, CSIDL_APPDATA, NULL, SHGFP_TYPE_CURRENT, fw);
  char fwa[MAX_PATH];
  WideCharToMultiByte(CP_ACP, 0, fw, -1, fwa, sizeof fwa, NULL, NULL);
  printf("SHGetFolderPathA(CSIDL_APPDATA): %08lx %08lx, the same path %d\n", (unsigned long)ha, (unsigned long)hw, !strcmp(fa, fwa));
  printf("SHGetSpecialFolderPathA(CSIDL_WINDOWS): %d\n", SHGetSpecialFolderPathA(NULL, fa, CSIDL_WINDOWS, FALSE));
  SHGetSpecialFolderPathW(NULL, fw, CSIDL_WINDOWS, FALSE);
  WideCharToMultiByte(CP_ACP, 0, fw, -1, fwa, sizeof fwa, NULL, NULL);
  printf("  the same path as W: %d\n", !strcmp(fa, fwa));
  return 0;
}
