/* SHELL32's SHGetFolderPathA against SHGetFolderPathW: the same folders (the user's application
 * data, the Windows and system directories, with CSIDL_FLAG_CREATE), the same HRESULTs for a CSIDL
 * that is none and a type that is neither SHGFP_TYPE_CURRENT nor SHGFP_TYPE_DEFAULT. */
// Links: -lshell32
#include <windows.h>
#include <shlobj.h>
#include <stdio.h>
#include <string.h>

static void compare(const char* what, int csidl, DWORD type) {
  char a[MAX_PATH] = "x";
  wchar_t w[MAX_PATH] = L"x";
  HRESULT ha = SHGetFolderPathA(NULL, csidl, NULL, type, a);
  HRESULT hw = SHGetFolderPathW(NULL, csidl, NULL, type, w);
  char wa[MAX_PATH * 3] = "";
  WideCharToMultiByte(CP_ACP, 0, w, -1, wa, sizeof wa, NULL, NULL);
  printf("%s: A 0x%08lx, W 0x%08lx, the same path %d, empty %d\n", what, (unsigned long)ha, (unsigned long)hw, !strcmp(a, wa),
         a[0] == 0);
}

int main(void) {
  compare("CSIDL_APPDATA | CSIDL_FLAG_CREATE", CSIDL_APPDATA | CSIDL_FLAG_CREATE, SHGFP_TYPE_CURRENT);
  compare("CSIDL_LOCAL_APPDATA | CSIDL_FLAG_CREATE", CSIDL_LOCAL_APPDATA | CSIDL_FLAG_CREATE, SHGFP_TYPE_CURRENT);
  compare("CSIDL_WINDOWS", CSIDL_WINDOWS, SHGFP_TYPE_CURRENT);
  compare("CSIDL_SYSTEM, default", CSIDL_SYSTEM, SHGFP_TYPE_DEFAULT);
  compare("CSIDL 0xff", 0xff, SHGFP_TYPE_CURRENT);
  compare("CSIDL_WINDOWS, type 7", CSIDL_WINDOWS, 7);
  char a[MAX_PATH];
  SHGetFolderPathA(NULL, CSIDL_WINDOWS, NULL, SHGFP_TYPE_CURRENT, a);
  printf("CSIDL_WINDOWS: %s\n", a);
  return 0;
}
