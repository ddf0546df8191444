/* A program that ships its own MSVCP140.dll beside itself gets that copy, as Windows' search order
   finds the program's directory first for a DLL that is no KnownDLL. The program copies itself and
   app_local_msvcp140.dll (a DLL of its own exporting app_local_marker, built beside it) into a
   directory of its own as msvcp140.dll, runs the copy, and the copy says which MSVCP140 it got:
   through LoadLibrary, GetModuleHandle and GetModuleFileName. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static int child(void) {
  HMODULE h = LoadLibraryA("msvcp140.dll");
  char path[MAX_PATH] = "";
  if (h) GetModuleFileNameA(h, path, sizeof path);
  const char *file = strrchr(path, '\\');
  printf("loaded %d, its own copy %d, GetModuleHandle the same %d, file %s\n", h != NULL,
         h && GetProcAddress(h, "app_local_marker") != NULL, GetModuleHandleA("MSVCP140") == h, file ? file + 1 : "?");
  fflush(stdout);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) return child();
  char self[MAX_PATH], dir[MAX_PATH], dll[MAX_PATH], copy[MAX_PATH], target[MAX_PATH], temp[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  strcpy(dir, self);
  *strrchr(dir, '\\') = 0;
  snprintf(dll, sizeof dll, "%s\\app_local_msvcp140.dll", dir);
  GetTempPathA(sizeof temp, temp);
  snprintf(target, sizeof target, "%sapp_local_%lu", temp, (unsigned long)GetCurrentProcessId());
  CreateDirectoryA(target, NULL);
  snprintf(copy, sizeof copy, "%s\\app.exe", target);
  char local[MAX_PATH];
  snprintf(local, sizeof local, "%s\\msvcp140.dll", target);
  if (!CopyFileA(self, copy, FALSE) || !CopyFileA(dll, local, FALSE)) {
    printf("copy failed: %lu\n", (unsigned long)GetLastError());
    return 1;
  }
  char cmd[2 * MAX_PATH];
  snprintf(cmd, sizeof cmd, "\"%s\" child", copy);
  STARTUPINFOA si = {sizeof si};
  PROCESS_INFORMATION pi;
  fflush(stdout);
  if (!CreateProcessA(copy, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
    printf("CreateProcess failed: %lu\n", (unsigned long)GetLastError());
    return 1;
  }
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = 1;
  GetExitCodeProcess(pi.hProcess, &code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  DeleteFileA(copy);
  DeleteFileA(local);
  RemoveDirectoryA(target);
  printf("child exit %lu\n", (unsigned long)code);
  /* Without a copy beside it, the program gets polyrun's (Windows' system) MSVCP140. */
  HMODULE h = LoadLibraryA("msvcp140.dll");
  printf("here: loaded %d, the system's (with _Mtx_init_in_situ) %d\n", h != NULL,
         h && GetProcAddress(h, "_Mtx_init_in_situ") != NULL);
  return 0;
}
