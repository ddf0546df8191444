// KERNEL32's console taken and given up, run as the tests run it, with no terminal: FreeConsole
// (TRUE, with or without a console), AttachConsole to the parent's console (none: the harness is no
// console's process) and to a process that does not exist, the console functions after
// FreeConsole (no console: ERROR_INVALID_HANDLE), and AllocConsole.
// Expected output: wine 8.0's (x64), but for the line marked [new console] (wine makes a console
// of its own for AllocConsole, where polyrun, without a terminal, has none to take) and the line
// marked [doc] (AttachConsole's page: a process that does not exist is ERROR_INVALID_PARAMETER;
// wine 8.0 gives ERROR_INVALID_HANDLE) (wine-differences.txt).
#include <stdio.h>
#include <windows.h>

int main(void) {
  SetLastError(0);
  printf("FreeConsole: %d\n", FreeConsole());
  printf("FreeConsole again: %d\n", FreeConsole());
  DWORD mode = 0;
  SetLastError(0);
  BOOL ok = GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode);
  printf("GetConsoleMode after FreeConsole: %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = AttachConsole(ATTACH_PARENT_PROCESS);
  printf("AttachConsole(ATTACH_PARENT_PROCESS): %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = AttachConsole(0x7ffffff0);
  printf("[doc] AttachConsole(no such process): %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = AllocConsole();
  printf("[new console] AllocConsole: %d error %lu\n", ok, GetLastError());
  fflush(stdout);
  return 0;
}
