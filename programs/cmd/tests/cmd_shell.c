// The command interpreter through CreateProcess, as programs reach it: ComSpec names it; `cmd.exe
// /c` found by name (the system directory) and by ComSpec's path runs built-in commands, joins
// commands with & and &&, and ends with the command's exit code; its output read from a pipe; a
// child started with a STARTUPINFOEX whose attribute list names the one handle it inherits.
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void run_with(const char* title, char* command_line, const char* application, BOOL handle_list) {
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
  HANDLE read_end, write_end;
  CreatePipe(&read_end, &write_end, &sa, 0);
  SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
  STARTUPINFOEXA six;
  memset(&six, 0, sizeof six);
  STARTUPINFOA* si = &six.StartupInfo;
  si->cb = handle_list ? sizeof six : sizeof *si;
  si->dwFlags = STARTF_USESTDHANDLES;
  si->hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si->hStdOutput = write_end;
  si->hStdError = write_end;
  // STARTUPINFOEX with PROC_THREAD_ATTRIBUTE_HANDLE_LIST: the child inherits the pipe's end only
  // (what Go's os/exec does).
  SIZE_T size = 0;
  BOOL sized = InitializeProcThreadAttributeList(NULL, 1, 0, &size);
  DWORD size_error = GetLastError();
  char list_memory[256];
  if (handle_list) {
    six.lpAttributeList = (LPPROC_THREAD_ATTRIBUTE_LIST)list_memory;
    BOOL made = size <= sizeof list_memory && InitializeProcThreadAttributeList(six.lpAttributeList, 1, 0, &size);
    BOOL updated = UpdateProcThreadAttribute(six.lpAttributeList, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, &write_end,
                                             sizeof write_end, NULL, NULL);
    printf("attribute list: sizing %d (%lu), made %d, updated %d\n", sized, size_error, made, updated);
  }
  PROCESS_INFORMATION pi;
  BOOL started = CreateProcessA(application, command_line, NULL, NULL, TRUE, handle_list ? EXTENDED_STARTUPINFO_PRESENT : 0,
                                NULL, NULL, si, &pi);
  if (handle_list) DeleteProcThreadAttributeList(six.lpAttributeList);
  CloseHandle(write_end);
  char out[512];
  DWORD total = 0, n;
  while (total < sizeof out - 1 && ReadFile(read_end, out + total, sizeof out - 1 - total, &n, NULL) && n) total += n;
  out[total] = 0;
  CloseHandle(read_end);
  DWORD code = 99;
  if (started) {
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
  }
  printf("%s: started %d, exit %lu, output \"", title, started, code);
  for (DWORD i = 0; i < total; i++) printf(out[i] == '\r' ? "\\r" : out[i] == '\n' ? "\\n" : "%c", out[i]);
  printf("\"\n");
}

static void run(const char* title, char* command_line, const char* application) {
  run_with(title, command_line, application, FALSE);
}

int main(void) {
  char comspec[MAX_PATH] = "";
  DWORD len = GetEnvironmentVariableA("ComSpec", comspec, sizeof comspec);
  char lower[MAX_PATH];
  for (DWORD i = 0; i <= len; i++) lower[i] = (char)(comspec[i] >= 'A' && comspec[i] <= 'Z' ? comspec[i] + 32 : comspec[i]);
  printf("ComSpec: %s\n", lower);
  char one[] = "cmd.exe /c echo first& echo second&& exit 4";
  run("by name", one, NULL);
  char two[] = "cmd /d /s /c \"echo quoted /s rule\"";
  run("by ComSpec", two, comspec);
  char three[] = "cmd.exe /c no-such-program-here";
  run("not found", three, NULL);
  char four[] = "cmd.exe /c echo through a handle list";
  run_with("handle list", four, NULL, TRUE);
  return 0;
}
