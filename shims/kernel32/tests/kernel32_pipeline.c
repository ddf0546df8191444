/* A pipeline of processes joined by pipes: this program (the outer one) starts itself as a middle
   program with its standard input and output on anonymous pipes (CreateProcess), feeds it lines
   and prints what comes back. The middle one sorts them through a third program written to with
   _popen (whose output goes straight on to the outer one), runs `hostname | PROGRAM count` with
   _popen and cmd's echo with system(). `hostname` is the host's own program under polyrun (found
   along the host's PATH, a Linux program) and wine's hostname.exe under wine: the transcript is the
   same both ways, because it shows only how many lines and words came through the pipe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static char self[MAX_PATH];

static int by_text(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

/* `sort`: standard input's lines in order. */
static int sort_lines(void) {
  char* lines[64];
  char buf[256];
  int n = 0;
  while (n < 64 && fgets(buf, sizeof buf, stdin)) lines[n++] = strdup(buf);
  qsort(lines, n, sizeof *lines, by_text);
  for (int i = 0; i < n; ++i) printf("  sorted: %s", lines[i]);
  return 0;
}

/* `count`: lines and words of standard input. */
static int count(void) {
  int c, lines = 0, words = 0, in_word = 0;
  while ((c = getchar()) != EOF) {
    if (c == '\n') ++lines;
    int blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!blank && !in_word) ++words;
    in_word = !blank;
  }
  printf("lines %d, words %d\n", lines, words);
  return 0;
}

static int middle(void) {
  char buf[256], cmd[2 * MAX_PATH + 64];
  char* lines[64];
  int n = 0;
  while (n < 64 && fgets(buf, sizeof buf, stdin)) lines[n++] = strdup(buf);
  printf("middle: %d lines from the outer program\n", n);
  fflush(stdout);
  /* Sorted by a program of our own; its output goes to our standard output, the outer program's pipe. */
  snprintf(cmd, sizeof cmd, "\"%s\" sort", self);
  FILE* sorter = _popen(cmd, "w");
  for (int i = 0; i < n; ++i) fputs(lines[i], sorter);
  printf("middle: the sorting program's exit code %d\n", _pclose(sorter));
  /* A host program's output through a pipe into one of ours, read through a third. */
  snprintf(cmd, sizeof cmd, "hostname | \"%s\" count", self);
  FILE* counted = _popen(cmd, "rt");
  while (counted && fgets(buf, sizeof buf, counted)) printf("middle: hostname | count: %s", buf);
  printf("middle: _pclose %d\n", counted ? _pclose(counted) : -1);
  fflush(stdout);
  printf("middle: system: %d\n", system("echo middle: cmd's echo, on the outer program's pipe"));
  return 7;
}

int main(int argc, char** argv) {
  GetModuleFileNameA(NULL, self, sizeof self);
  if (argc > 1 && strcmp(argv[1], "sort") == 0) return sort_lines();
  if (argc > 1 && strcmp(argv[1], "count") == 0) return count();
  if (argc > 1 && strcmp(argv[1], "middle") == 0) return middle();

  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE in_r, in_w, out_r, out_w;
  CreatePipe(&in_r, &in_w, &inherit, 0);
  CreatePipe(&out_r, &out_w, &inherit, 0);
  SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = in_r;
  si.hStdOutput = out_w;
  si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION pi;
  char cmd[2 * MAX_PATH];
  snprintf(cmd, sizeof cmd, "\"%s\" middle", self);
  if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
    printf("CreateProcess failed, error %lu\n", GetLastError());
    return 1;
  }
  CloseHandle(in_r);
  CloseHandle(out_w);
  const char* fruit = "pear\r\napple\r\nfig\r\nbanana\r\n";
  DWORD n;
  WriteFile(in_w, fruit, (DWORD)strlen(fruit), &n, NULL);
  CloseHandle(in_w);

  char all[4096];
  DWORD total = 0;
  while (total < sizeof all - 1 && ReadFile(out_r, all + total, sizeof all - 1 - total, &n, NULL) && n) total += n;
  DWORD end = GetLastError();
  all[total] = 0;
  CloseHandle(out_r);
  for (char* line = strtok(all, "\r\n"); line; line = strtok(NULL, "\r\n")) printf("outer got: %s\n", line);
  printf("outer: the pipe ended with %s\n", end == ERROR_BROKEN_PIPE ? "ERROR_BROKEN_PIPE" : "another error");
  WaitForSingleObject(pi.hProcess, 10000);
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  printf("outer: the middle program's exit code %lu\n", code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  return 0;
}
