/* Pseudo consoles: a program created with PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE has the pseudo console
 * as its console (its output handle is a console's); what the host writes to the input pipe is the
 * console's input, what the program writes comes out of the output pipe (among the console's own
 * sequences, so only the text is looked for); ResizePseudoConsole and ClosePseudoConsole; an empty
 * size is E_INVALIDARG. With the argument "child": the hosted program. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE
#define PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE 0x20016
#endif
typedef VOID* HPCON_;
typedef HRESULT(WINAPI* Create)(COORD, HANDLE, HANDLE, DWORD, HPCON_*);
typedef HRESULT(WINAPI* Resize)(HPCON_, COORD);
typedef void(WINAPI* Close)(HPCON_);

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) {
    DWORD mode = 0;
    const BOOL console = GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode);
    char line[64] = "";
    if (!fgets(line, sizeof line, stdin)) strcpy(line, "(nothing)");
    line[strcspn(line, "\r\n")] = 0;
    printf("child-says: console %d, read [%s]\n", console, line);
    fflush(stdout);
    return 7;
  }
  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  Create create = (Create)GetProcAddress(k32, "CreatePseudoConsole");
  Resize resize = (Resize)GetProcAddress(k32, "ResizePseudoConsole");
  Close close = (Close)GetProcAddress(k32, "ClosePseudoConsole");
  printf("functions found: %d\n", create && resize && close);

  HANDLE in_read, in_write, out_read, out_write;
  CreatePipe(&in_read, &in_write, NULL, 0);
  CreatePipe(&out_read, &out_write, NULL, 0);
  COORD none = {0, 0}, size = {80, 25};
  HPCON_ pc = NULL;
  printf("empty size: %08lx\n", (unsigned long)create(none, in_read, out_write, 0, &pc));
  HRESULT hr = create(size, in_read, out_write, 0, &pc);
  printf("created: %08lx\n", (unsigned long)hr);

  SIZE_T bytes = 0;
  InitializeProcThreadAttributeList(NULL, 1, 0, &bytes);
  LPPROC_THREAD_ATTRIBUTE_LIST list = (LPPROC_THREAD_ATTRIBUTE_LIST)HeapAlloc(GetProcessHeap(), 0, bytes);
  InitializeProcThreadAttributeList(list, 1, 0, &bytes);
  BOOL updated = UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE, pc, sizeof pc, NULL, NULL);
  printf("attribute: %d\n", updated);
  STARTUPINFOEXA si;
  memset(&si, 0, sizeof si);
  si.StartupInfo.cb = sizeof si;
  si.lpAttributeList = list;
  char self[MAX_PATH], command[MAX_PATH + 16];
  GetModuleFileNameA(NULL, self, MAX_PATH);
  snprintf(command, sizeof command, "\"%s\" child", self);
  PROCESS_INFORMATION pi;
  BOOL started = CreateProcessA(NULL, command, NULL, NULL, FALSE, EXTENDED_STARTUPINFO_PRESENT, NULL, NULL,
                                &si.StartupInfo, &pi);
  printf("child started: %d\n", started);
  CloseHandle(in_read);
  CloseHandle(out_write);
  DWORD written;
  WriteFile(in_write, "polyrun\r", 8, &written, NULL);

  /* The output, read as it comes until the child has ended and the console is closed. */
  static char output[65536];
  DWORD total = 0, got;
  HANDLE reader_done = NULL;
  (void)reader_done;
  DWORD code = 0;
  if (started) {
    for (int i = 0; i < 200 && WaitForSingleObject(pi.hProcess, 0) == WAIT_TIMEOUT; ++i) {
      DWORD avail = 0;
      if (PeekNamedPipe(out_read, NULL, 0, NULL, &avail, NULL) && avail && total + avail < sizeof output - 1 &&
          ReadFile(out_read, output + total, avail, &got, NULL))
        total += got;
      Sleep(50);
    }
    GetExitCodeProcess(pi.hProcess, &code);
  }
  printf("child's exit code: %lu\n", (unsigned long)code);
  COORD bigger = {100, 30};
  printf("resized: %08lx\n", (unsigned long)resize(pc, bigger));
  close(pc);
  while (total < sizeof output - 1 && ReadFile(out_read, output + total, sizeof output - 1 - total, &got, NULL) && got)
    total += got;
  output[total] = 0;
  const char* said = strstr(output, "child-says: ");
  char text[128] = "";
  if (said) {
    size_t n = strcspn(said, "\r\n");
    if (n >= sizeof text) n = sizeof text - 1;
    memcpy(text, said, n);
    text[n] = 0;
  }
  printf("the child's line came out: [%s]\n", text);
  return 0;
}
