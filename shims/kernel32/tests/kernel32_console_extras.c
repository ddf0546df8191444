/* The console's aliases, command history, input executable name, fonts, window, process list,
 * keyboard layout, original title and old handle functions, in a process without a console (its
 * standard handles redirected): each function that needs the console fails with
 * ERROR_INVALID_HANDLE; the input executable's name is the process's own. */
#include <windows.h>

#include <stdio.h>
#include <string.h>

BOOL WINAPI GetConsoleKeyboardLayoutNameA(LPSTR name);

static FARPROC k32(const char* name) { return GetProcAddress(GetModuleHandleA("kernel32.dll"), name); }

int main(void) {
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  char buf[256];
  WCHAR w[256];
  DWORD list[8];
  BOOL r;
  DWORD n;
  SetLastError(0);
  r = AddConsoleAliasA("ls", "dir", "cmd.exe");
  printf("AddConsoleAliasA %d err %lu\n", r, GetLastError());
  SetLastError(0);
  n = GetConsoleAliasA("ls", buf, sizeof buf, "cmd.exe");
  printf("GetConsoleAliasA %lu err %lu\n", n, GetLastError());
  SetLastError(0);
  n = GetConsoleAliasesLengthW(L"cmd.exe");
  printf("GetConsoleAliasesLengthW %lu err %lu\n", n, GetLastError());
  SetLastError(0);
  n = GetConsoleAliasExesLengthA();
  printf("GetConsoleAliasExesLengthA %lu err %lu\n", n, GetLastError());
  SetLastError(0);
  n = GetConsoleCommandHistoryLengthA("cmd.exe");
  printf("GetConsoleCommandHistoryLengthA %lu err %lu\n", n, GetLastError());
  SetLastError(0);
  n = GetConsoleCommandHistoryW(w, sizeof w, L"cmd.exe");
  printf("GetConsoleCommandHistoryW %lu err %lu\n", n, GetLastError());
  SetLastError(0);
  ExpungeConsoleCommandHistoryA("cmd.exe");
  printf("ExpungeConsoleCommandHistoryA err %lu\n", GetLastError());

  CONSOLE_FONT_INFO fi;
  SetLastError(0);
  r = GetCurrentConsoleFont(out, FALSE, &fi);
  printf("GetCurrentConsoleFont %d err %lu\n", r, GetLastError());
  CONSOLE_FONT_INFOEX fx;
  memset(&fx, 0, sizeof fx);
  fx.cbSize = sizeof fx;
  SetLastError(0);
  r = GetCurrentConsoleFontEx(out, FALSE, &fx);
  printf("GetCurrentConsoleFontEx %d err %lu\n", r, GetLastError());
  SetLastError(0);
  COORD c = GetConsoleFontSize(out, 0);
  printf("GetConsoleFontSize %d %d err %lu\n", c.X, c.Y, GetLastError());
  SetLastError(0);
  HWND window = GetConsoleWindow();
  printf("GetConsoleWindow %d\n", window == NULL);
  SetLastError(0);
  n = GetConsoleProcessList(list, 8);
  printf("GetConsoleProcessList %lu err %lu\n", n, GetLastError());
  SetLastError(0);
  n = GetConsoleOriginalTitleA(buf, sizeof buf);
  printf("GetConsoleOriginalTitleA %lu err %lu\n", n, GetLastError());
  SetLastError(0);
  r = GetConsoleKeyboardLayoutNameA(buf);
  printf("GetConsoleKeyboardLayoutNameA %d err %lu\n", r, GetLastError());
  SetLastError(0);
  r = GetNumberOfConsoleMouseButtons(list);
  printf("GetNumberOfConsoleMouseButtons %d err %lu\n", r, GetLastError());
  BOOL(WINAPI * verify)(HANDLE) = (void*)k32("VerifyConsoleIoHandle");
  printf("VerifyConsoleIoHandle(stdout) %d\n", verify(out));

  DWORD(WINAPI * get_exe)(DWORD, LPWSTR) = (void*)k32("GetConsoleInputExeNameW");
  BOOL(WINAPI * set_exe)(LPCWSTR) = (void*)k32("SetConsoleInputExeNameW");
  r = get_exe(256, w);
  printf("GetConsoleInputExeNameW %d [%ls]\n", r, w);
  SetLastError(0);
  r = get_exe(3, w);
  printf("GetConsoleInputExeNameW small %d err %lu\n", r, GetLastError());
  r = set_exe(L"other.exe");
  get_exe(256, w);
  printf("SetConsoleInputExeNameW %d [%ls]\n", r, w);
  SetLastError(0);
  r = set_exe(L"");
  printf("SetConsoleInputExeNameW(\"\") %d err %lu\n", r, GetLastError());
  return 0;
}
