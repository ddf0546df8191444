/* The C runtime's processes: _spawnl/_spawnv/_spawnve/_spawnlp and their wide forms with _P_WAIT
   and _P_NOWAIT (+ _cwait), arguments joined without quotes as the C runtime joins them, a missing
   program, system() (a program, cmd's echo, exit, set and type, &&, &, |, redirections,
   %VARIABLES%, ^, a command that is not there), _popen and _pclose ("rt", "w", "rb"), _wpopen and
   _wsystem, _pipe, and _execl, which ends the caller once the new program has started. The program
   runs itself as the child. */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static int child(int argc, char** argv) {
  if (strcmp(argv[1], "args") == 0) {
    printf("  child: %d arguments:", argc - 2);
    for (int i = 2; i < argc; ++i) printf(" [%s]", argv[i]);
    const char* v = getenv("SPAWN_SAMPLE");
    printf(", SPAWN_SAMPLE=%s\n", v ? v : "(unset)");
    return 40 + argc;
  }
  if (strcmp(argv[1], "upper") == 0) {  /* standard input to standard output in capitals */
    int c;
    while ((c = getchar()) != EOF) putchar(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return 3;
  }
  if (strcmp(argv[1], "exec") == 0) {
    printf("the program _execl started: %s\n", argv[2]);
    return 0;
  }
  return 1;
}

int main(int argc, char** argv) {
  if (argc > 1) return child(argc, argv);
  char self[MAX_PATH], dir[MAX_PATH], cmd[3 * MAX_PATH], line[256];
  GetModuleFileNameA(NULL, self, sizeof self);
  strcpy(dir, self);
  *strrchr(dir, '\\') = 0;

  /* 1. _spawn: what the child sees, and its exit code. */
  printf("_spawnl with \"a b\":\n");
  fflush(stdout);
  intptr_t r = _spawnl(_P_WAIT, self, "name", "args", "a b", "c", NULL);
  printf("  returned %d\n", (int)r);
  const char* with_quotes[] = {"name", "args", "\"in quotes\"", "x\\\"y", NULL};
  printf("_spawnv with quoted arguments:\n");
  fflush(stdout);
  r = _spawnv(_P_WAIT, self, with_quotes);
  printf("  returned %d\n", (int)r);
  const char* env[] = {"SPAWN_SAMPLE=from envp", NULL};
  printf("_spawnve:\n");
  fflush(stdout);
  r = _spawnve(_P_WAIT, self, with_quotes, env);
  printf("  returned %d\n", (int)r);
  printf("_wspawnl:\n");
  fflush(stdout);
  wchar_t wself[MAX_PATH];
  GetModuleFileNameW(NULL, wself, MAX_PATH);
  r = _wspawnl(_P_WAIT, wself, L"name", L"args", L"wide", NULL);
  printf("  returned %d\n", (int)r);

  /* 2. _P_NOWAIT gives a process handle for _cwait. */
  printf("_P_NOWAIT and _cwait:\n");
  fflush(stdout);
  intptr_t h = _spawnl(_P_NOWAIT, self, "name", "args", "nowait", NULL);
  int status = -1;
  intptr_t w = _cwait(&status, h, _WAIT_CHILD);
  printf("  _cwait returned the handle: %s, status %d\n", w == h ? "yes" : "no", status);
  errno = 0;
  w = _cwait(&status, (intptr_t)0x12340, _WAIT_CHILD);
  printf("  _cwait of a bad handle: %d, errno ECHILD: %s\n", (int)w, errno == ECHILD ? "yes" : "no");

  /* 3. Looking for the program: the current directory, PATH for the p forms, .exe added. */
  errno = 0;
  r = _spawnl(_P_WAIT, "no-such-program", "no-such-program", NULL);
  printf("missing program: %d, errno ENOENT: %s\n", (int)r, errno == ENOENT ? "yes" : "no");
  char* old_path = strdup(getenv("PATH") ? getenv("PATH") : "");
  snprintf(cmd, sizeof cmd, "PATH=%s\\", dir); /* (wine 8.0 can miss the name without the backslash) */
  _putenv(cmd);
  const char* base = strrchr(self, '\\') + 1;
  char name[MAX_PATH];
  strcpy(name, base);
  *strrchr(name, '.') = 0; /* without .exe */
  printf("_spawnlp of the name without .exe, along PATH:\n");
  fflush(stdout);
  r = _spawnlp(_P_WAIT, name, name, "args", "found", NULL);
  printf("  returned %d\n", (int)r);
  snprintf(cmd, sizeof cmd, "PATH=%s", old_path);
  _putenv(cmd);
  free(old_path);

  /* 4. system(): cmd /c COMMAND. */
  printf("system(NULL): %d\n", system(NULL));
  fflush(stdout);
  snprintf(cmd, sizeof cmd, "\"\"%s\" args \"two words\" three\"", self);
  r = system(cmd);
  printf("system of the program: %d\n", (int)r);
  fflush(stdout);
  r = system("echo  echoed by cmd, with  its spaces ");
  printf("system echo: %d\n", (int)r);
  fflush(stdout);
  r = system("exit 7");
  printf("system exit 7: %d\n", (int)r);
  fflush(stdout);
  r = system("echo first&& echo second & exit 4");
  printf("system with && and &: %d\n", (int)r);
  fflush(stdout);
  snprintf(cmd, sizeof cmd, "echo piped through | \"%s\" upper", self);
  r = system(cmd);
  printf("system with a pipe: %d\n", (int)r);
  fflush(stdout);
  _putenv("CRT_PROCESSES_VAR=expanded");
  r = system("echo %CRT_PROCESSES_VAR%, %NOT_SET_ANYWHERE%, a^&b");
  printf("system with %%VARIABLES%% and ^: %d\n", (int)r);
  fflush(stdout);
  snprintf(cmd, sizeof cmd, "set SPAWN_SAMPLE=from set&& \"%s\" args after-set 2>nul", self);
  r = system(cmd);
  printf("system with set: %d\n", (int)r);
  fflush(stdout);
  char file[64];
  snprintf(file, sizeof file, "crt-processes-%lu.txt", GetCurrentProcessId());
  snprintf(cmd, sizeof cmd, "echo into a file> %s& echo appended>>%s& type %s", file, file, file);
  r = system(cmd);
  printf("system with > >> and type: %d, file deleted: %d\n", (int)r, DeleteFileA(file));
  r = system("no-such-command-anywhere");
  printf("system of a command that is not there: %d\n", (int)r);
  fflush(stdout);
  r = _wsystem(L"echo wide");
  printf("_wsystem: %d\n", (int)r);

  /* 5. _popen: reading a command's output, writing its input. */
  snprintf(cmd, sizeof cmd, "\"%s\" args from popen", self);
  FILE* f = _popen(cmd, "rt");
  while (f && fgets(line, sizeof line, f)) printf("_popen read: %s", line);
  printf("_pclose: %d\n", f ? _pclose(f) : -99);
  fflush(stdout);
  snprintf(cmd, sizeof cmd, "\"%s\" upper", self);
  f = _popen(cmd, "w");
  fputs("written into _popen\n", f);
  printf("_pclose of \"w\": %d\n", _pclose(f));
  f = _popen("echo binary", "rb");
  size_t n = fread(line, 1, sizeof line - 1, f);
  printf("_popen rb: %u bytes, CR LF at the end: %s\n", (unsigned)n, n >= 2 && line[n - 2] == '\r' && line[n - 1] == '\n' ? "yes" : "no");
  printf("_pclose: %d\n", _pclose(f));
  FILE* wf = _wpopen(L"echo from _wpopen", L"r");
  while (wf && fgets(line, sizeof line, wf)) printf("_wpopen read: %s", line);
  printf("_pclose: %d\n", wf ? _pclose(wf) : -99);
  errno = 0;
  int pc = _pclose(stdout);
  printf("_pclose of stdout: %d, errno EBADF: %s\n", pc, errno == EBADF ? "yes" : "no");

  /* 6. _pipe: the child writes into the pipe as its standard output. */
  int fds[2];
  if (_pipe(fds, 4096, _O_TEXT) != 0) return 1;
  _setmode(fds[0], _O_BINARY); /* (the write end stays text: the child's standard output is) */
  int saved = _dup(1);
  fflush(stdout);
  _dup2(fds[1], 1);
  _close(fds[1]);
  h = _spawnl(_P_NOWAIT, self, "name", "args", "into _pipe", NULL);
  _dup2(saved, 1);
  _close(saved);
  _cwait(&status, h, _WAIT_CHILD);
  n = (size_t)_read(fds[0], line, sizeof line - 1);
  line[n] = 0;
  _close(fds[0]);
  if (strchr(line, '\r')) *strchr(line, '\r') = 0;
  printf("_pipe got %u bytes: %s\n", (unsigned)n, line);

  /* 7. _execl: the new program runs, this one ends (status 0) without returning. */
  fflush(stdout);
  r = _execl(self, "name", "exec", "as the last step", NULL);
  printf("_execl returned %d\n", (int)r);
  return 1;
}
