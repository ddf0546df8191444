// SHELL32 beyond the command line: folders by CSIDL (SHGetFolderPathW and SHGetSpecialFolderPath,
// against SHGetKnownFolderPath and GetWindowsDirectory; CSIDL_FLAG_CREATE and _DONT_VERIFY, the
// CSIDLs with no folder), ShellExecuteW and ShellExecuteExW (the program itself as a child with a
// real process handle, by a relative name in a working directory; programs, documents and URLs
// that are not there or have no association), and ExtractIconExW's count of the program's icon
// groups (shell32_folders.rc). Paths differ between machines: only facts about them are printed.
// Links: -lshell32 -lole32 -luuid
#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>
#include <knownfolders.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static void show(const char* what, HRESULT hr) { printf("%s: %08lx\n", what, (unsigned long)hr); }

static int is_directory(const WCHAR* path) {
  DWORD a = GetFileAttributesW(path);
  return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
}

// SHGetFolderPathW(csidl) is the known folder's path when that folder is there, and
// HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) when it is not.
static void compare_folder(const char* name, int csidl, REFKNOWNFOLDERID id) {
  WCHAR path[MAX_PATH];
  PWSTR known = NULL;
  HRESULT hr = SHGetFolderPathW(NULL, csidl, NULL, SHGFP_TYPE_CURRENT, path);
  HRESULT kr = SHGetKnownFolderPath(id, KF_FLAG_DONT_VERIFY, NULL, &known);
  int agrees = kr == S_OK && ((hr == S_OK && wcscmp(path, known) == 0 && path[1] == L':' && path[2] == L'\\') ||
                              (hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) && !is_directory(known)));
  printf("%s: agrees with its known folder: %d\n", name, agrees);
  CoTaskMemFree(known);
}

static void try_execute_ex(const char* what, const WCHAR* file, const WCHAR* params, const WCHAR* dir, ULONG mask) {
  SHELLEXECUTEINFOW info;
  memset(&info, 0, sizeof info);
  info.cbSize = sizeof info;
  info.fMask = mask | SEE_MASK_FLAG_NO_UI;
  info.lpFile = file;
  info.lpParameters = params;
  info.lpDirectory = dir;
  info.nShow = SW_HIDE;
  info.hProcess = (HANDLE)1;
  SetLastError(0);
  BOOL ok = ShellExecuteExW(&info);
  DWORD error = GetLastError();
  printf("%s: %d, hInstApp above 32: %d, process handle: %d\n", what, ok, (INT_PTR)info.hInstApp > 32,
         info.hProcess != NULL);
  if (!ok) printf("%s: hInstApp %d\n", what, (int)(INT_PTR)info.hInstApp);
  if (!ok) printf("%s error: %lu\n", what, error);
  if (ok && info.hProcess) {
    DWORD code = 0;
    WaitForSingleObject(info.hProcess, INFINITE);
    GetExitCodeProcess(info.hProcess, &code);
    printf("%s: the child ended with %lu\n", what, code);
    CloseHandle(info.hProcess);
  }
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) return 7;
  WCHAR self[MAX_PATH], dir[MAX_PATH], path[MAX_PATH], other[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  wcscpy(dir, self);
  *wcsrchr(dir, L'\\') = 0;
  const WCHAR* base = wcsrchr(self, L'\\') + 1;

  // ---- folders ----
  compare_folder("CSIDL_PROFILE", CSIDL_PROFILE, &FOLDERID_Profile);
  compare_folder("CSIDL_APPDATA", CSIDL_APPDATA, &FOLDERID_RoamingAppData);
  compare_folder("CSIDL_LOCAL_APPDATA", CSIDL_LOCAL_APPDATA, &FOLDERID_LocalAppData);
  compare_folder("CSIDL_PERSONAL", CSIDL_PERSONAL, &FOLDERID_Documents);
  compare_folder("CSIDL_DESKTOPDIRECTORY", CSIDL_DESKTOPDIRECTORY, &FOLDERID_Desktop);
  compare_folder("CSIDL_DESKTOP", CSIDL_DESKTOP, &FOLDERID_Desktop);
  compare_folder("CSIDL_PROGRAM_FILES", CSIDL_PROGRAM_FILES, &FOLDERID_ProgramFiles);
  compare_folder("CSIDL_PROGRAM_FILESX86", CSIDL_PROGRAM_FILESX86, &FOLDERID_ProgramFilesX86);
  compare_folder("CSIDL_PROGRAM_FILES_COMMON", CSIDL_PROGRAM_FILES_COMMON, &FOLDERID_ProgramFilesCommon);
  compare_folder("CSIDL_COMMON_APPDATA", CSIDL_COMMON_APPDATA, &FOLDERID_ProgramData);
  compare_folder("CSIDL_STARTMENU", CSIDL_STARTMENU, &FOLDERID_StartMenu);
  compare_folder("CSIDL_PROGRAMS", CSIDL_PROGRAMS, &FOLDERID_Programs);
  compare_folder("CSIDL_COMMON_PROGRAMS", CSIDL_COMMON_PROGRAMS, &FOLDERID_CommonPrograms);
  compare_folder("CSIDL_MYMUSIC", CSIDL_MYMUSIC, &FOLDERID_Music);
  compare_folder("CSIDL_FONTS", CSIDL_FONTS, &FOLDERID_Fonts);
  // The known folders that are environment variables' folders (and below them).
  static const struct {
    const char* name;
    REFKNOWNFOLDERID id;
    const WCHAR* text;
  } by_variable[] = {{"ProgramFiles", &FOLDERID_ProgramFiles, L"%ProgramFiles%"},
                     {"ProgramFilesX86", &FOLDERID_ProgramFilesX86, L"%ProgramFiles(x86)%"},
                     {"ProgramData", &FOLDERID_ProgramData, L"%ProgramData%"},
                     {"UserProgramFiles", &FOLDERID_UserProgramFiles, L"%LOCALAPPDATA%\\Programs"},
                     {"StartMenu", &FOLDERID_StartMenu, L"%APPDATA%\\Microsoft\\Windows\\Start Menu"}};
  for (size_t i = 0; i < sizeof by_variable / sizeof *by_variable; ++i) {
    PWSTR k = NULL;
    WCHAR expanded[MAX_PATH];
    HRESULT hr = SHGetKnownFolderPath(by_variable[i].id, KF_FLAG_DONT_VERIFY, NULL, &k);
    ExpandEnvironmentStringsW(by_variable[i].text, expanded, MAX_PATH);
    printf("FOLDERID_%s: %08lx, %ls: %d\n", by_variable[i].name, (unsigned long)hr, by_variable[i].text,
           k && lstrcmpiW(k, expanded) == 0);
    CoTaskMemFree(k);
  }
  PWSTR known = NULL;
  SHGetKnownFolderPath(&FOLDERID_Documents, KF_FLAG_DONT_VERIFY, NULL, &known);
  show("CSIDL_PERSONAL|CSIDL_FLAG_DONT_VERIFY", SHGetFolderPathW(NULL, CSIDL_PERSONAL | CSIDL_FLAG_DONT_VERIFY, NULL, 0, path));
  printf("  the known folder's path: %d\n", wcscmp(path, known) == 0);
  CoTaskMemFree(known);
  show("CSIDL_LOCAL_APPDATA|CSIDL_FLAG_CREATE", SHGetFolderPathW(NULL, CSIDL_LOCAL_APPDATA | CSIDL_FLAG_CREATE, NULL, 0, path));
  printf("  a directory: %d\n", is_directory(path));
  show("CSIDL_PROFILE, SHGFP_TYPE_DEFAULT", SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, SHGFP_TYPE_DEFAULT, path));
  SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, SHGFP_TYPE_CURRENT, other);
  printf("  the current one's: %d\n", wcscmp(path, other) == 0);
  show("CSIDL_WINDOWS", SHGetFolderPathW(NULL, CSIDL_WINDOWS, NULL, 0, path));
  GetWindowsDirectoryW(other, MAX_PATH);
  printf("  GetWindowsDirectory's: %d\n", lstrcmpiW(path, other) == 0);
  show("CSIDL_SYSTEM", SHGetFolderPathW(NULL, CSIDL_SYSTEM, NULL, 0, path));
  GetSystemDirectoryW(other, MAX_PATH);
  printf("  GetSystemDirectory's: %d\n", lstrcmpiW(path, other) == 0);
  show("flags 2", SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, 2, path));
  static const int invalid[] = {CSIDL_INTERNET, CSIDL_BITBUCKET, CSIDL_DRIVES, CSIDL_NETWORK, 0x3c, 0x7f,
                                0xff | CSIDL_FLAG_CREATE};
  for (size_t i = 0; i < sizeof invalid / sizeof *invalid; ++i) {
    char what[40];
    snprintf(what, sizeof what, "CSIDL %#x", invalid[i]);
    show(what, SHGetFolderPathW(NULL, invalid[i], NULL, 0, path));
  }
  show("CSIDL_ALTSTARTUP (no such folder)", SHGetFolderPathW(NULL, CSIDL_ALTSTARTUP, NULL, 0, path));
  show("CSIDL_CDBURN_AREA (no such folder)", SHGetFolderPathW(NULL, CSIDL_CDBURN_AREA, NULL, 0, path));
  SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, 0, other);
  printf("SHGetSpecialFolderPathW(CSIDL_PROFILE): %d\n", SHGetSpecialFolderPathW(NULL, path, CSIDL_PROFILE, FALSE));
  printf("  SHGetFolderPathW's: %d\n", wcscmp(path, other) == 0);
  char narrow[MAX_PATH], expected[MAX_PATH];
  WideCharToMultiByte(CP_ACP, 0, other, -1, expected, MAX_PATH, NULL, NULL);
  printf("SHGetSpecialFolderPathA(CSIDL_PROFILE): %d\n", SHGetSpecialFolderPathA(NULL, narrow, CSIDL_PROFILE, FALSE));
  printf("  the same in narrow characters: %d\n", strcmp(narrow, expected) == 0);
  printf("SHGetSpecialFolderPathW(CSIDL_DRIVES): %d\n", SHGetSpecialFolderPathW(NULL, path, CSIDL_DRIVES, FALSE));
  printf("SHGetSpecialFolderPathW(0x7f, create): %d\n", SHGetSpecialFolderPathW(NULL, path, 0x7f, TRUE));

  // ---- icons ----
  // An empty document of a type nothing opens, and a file of text.
  HANDLE f = CreateFileW(L"shell_folders.zzqq", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(f);
  f = CreateFileW(L"shell_folders.dat", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD wrote;
  WriteFile(f, "no program\r\n", 12, &wrote, NULL);
  CloseHandle(f);
  HICON large = NULL;
  printf("icons in the program: %u\n", ExtractIconExW(self, -1, NULL, NULL, 0));
  printf("icons from index 0 into nothing: %u\n", ExtractIconExW(self, 0, NULL, NULL, 1));
  printf("icons from index 5: %u\n", ExtractIconExW(self, 5, &large, NULL, 1));
  printf("icons from group id 3: %u\n", ExtractIconExW(self, -3, &large, NULL, 1));
  printf("icons in a file that is no program: %u\n", ExtractIconExW(L"shell_folders.dat", -1, NULL, NULL, 0));
  printf("icons extracted from it: %u\n", ExtractIconExW(L"shell_folders.dat", 0, &large, NULL, 1));
  printf("icons in a missing file: %d\n", (int)ExtractIconExW(L"no-such-file.exe", -1, NULL, NULL, 0));
  printf("  no icon handle: %d\n", large == NULL);

  // ---- ShellExecute ----
  try_execute_ex("the program, kept", self, L"child", NULL, SEE_MASK_NOCLOSEPROCESS);
  try_execute_ex("the program, by name in its directory", base, L"child", dir, SEE_MASK_NOCLOSEPROCESS);
  try_execute_ex("the program, not kept", self, L"child", NULL, 0);
  INT_PTR r = (INT_PTR)ShellExecuteW(NULL, L"open", self, L"child", NULL, SW_HIDE);
  printf("ShellExecuteW of the program: above 32: %d\n", r > 32);
  printf("ShellExecuteW of a missing program: %d\n", (int)(INT_PTR)ShellExecuteW(NULL, NULL, L"no-such-program.exe", NULL, NULL, SW_HIDE));
  printf("ShellExecuteW of a missing document: %d\n", (int)(INT_PTR)ShellExecuteW(NULL, NULL, L"no-such-file.zzqq", NULL, NULL, SW_HIDE));
  printf("ShellExecuteW of a document with no association: %d\n", (int)(INT_PTR)ShellExecuteW(NULL, NULL, L"shell_folders.zzqq", NULL, NULL, SW_HIDE));
  printf("ShellExecuteW of a URL with no association: %d\n", (int)(INT_PTR)ShellExecuteW(NULL, NULL, L"zzqq-polyrun:test", NULL, NULL, SW_HIDE));
  try_execute_ex("a missing program", L"no-such-program.exe", NULL, NULL, SEE_MASK_NOCLOSEPROCESS);
  try_execute_ex("in a missing directory", L"Z:\\no-such-directory\\no-such-program.exe", NULL, NULL, SEE_MASK_NOCLOSEPROCESS);
  try_execute_ex("a missing document", L"no-such-file.zzqq", NULL, NULL, SEE_MASK_NOCLOSEPROCESS);
  try_execute_ex("no association", L"shell_folders.zzqq", NULL, NULL, SEE_MASK_NOCLOSEPROCESS);
  DeleteFileW(L"shell_folders.zzqq");
  DeleteFileW(L"shell_folders.dat");
  return 0;
}
