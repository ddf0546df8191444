// Batch files through cmd.exe, as programs start them: each script below is written to a work
// directory and run with CreateProcess of `cmd.exe /c NAME.bat ARGS` there, its standard output
// read from a pipe (CR LF shown as a line end, a lone CR as \r) and its exit code printed. The
// scripts use cmd's language: ECHO, REM and ::, & && || and redirections, ^ and quotes,
// variables with their edits, SET /A, SETLOCAL with delayed expansion, IF, GOTO, CALL :label,
// SHIFT, the %~ modifiers, FOR in all its forms, and the file commands. Then an npm-style .cmd
// shim (node_modules/.bin's) that finds node.exe beside it (a copy of this program, which then
// prints its arguments) started as node's child_process does (cmd.exe /d /s /c "…"), system()
// with a block, a missing command (9009) and `exit` codes. Everything made is removed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static const char basics_bat[] =
    "@echo off\r\n"
    "echo plain text\r\n"
    "echo.\r\n"
    "echo:colon\r\n"
    "echo   two spaces\r\n"
    "echo a & echo b\r\n"
    "echo one && echo two\r\n"
    "nosuchcommand 2>nul || echo failed %errorlevel%\r\n"
    "echo caret ^& amp ^| pipe ^> gt\r\n"
    "echo \"quoted & not split\"\r\n"
    "rem a comment & echo not shown\r\n"
    ":: another comment\r\n"
    "echo to file> out.txt\r\n"
    "echo more>> out.txt\r\n"
    "type out.txt\r\n"
    "echo err 1>&2 2>nul\r\n"
    "(echo in & echo block) > out.txt\r\n"
    "type out.txt\r\n"
    "del out.txt\r\n"
    "echo ends with space \r\n"
    "echo %%percent%% and %undefinedvar%x\r\n"
    "ver > nul\r\n"
    "title my title\r\n"
    "echo %~nx0 %~x0 args: %*\r\n"
    "echo first=%1 second=%2 second-unquoted=%~2 third=%3\r\n";

static const char vars_bat[] =
    "@echo off\r\n"
    "set NAME=hello world\r\n"
    "echo %NAME%\r\n"
    "echo %NAME:world=there%\r\n"
    "echo %NAME:~0,5%/%NAME:~6%/%NAME:~-3%/%NAME:~2,-2%\r\n"
    "echo %NAME:*o=X%\r\n"
    "set \"QUOTED=a & b\"\r\n"
    "echo \"%QUOTED%\"\r\n"
    "set /a X=3+4*2\r\n"
    "echo X=%X%\r\n"
    "set /a Y=(X-1)/2, Z=X%%4, W=1^<^<4\r\n"
    "echo Y=%Y% Z=%Z% W=%W%\r\n"
    "set /a X+=5\r\n"
    "echo X=%X%\r\n"
    "set NAMEB=second\r\n"
    "set NAM\r\n"
    "set NOSUCHPREFIX 2>nul || call echo not defined: %%errorlevel%%\r\n"
    "set NAME=\r\n"
    "if defined NAME (echo still) else echo removed\r\n"
    "setlocal\r\n"
    "set LOCALVAR=inside\r\n"
    "echo local=%LOCALVAR%\r\n"
    "endlocal\r\n"
    "echo after=%LOCALVAR%\r\n"
    "setlocal enabledelayedexpansion\r\n"
    "set COUNT=0\r\n"
    "for %%i in (a b c) do (set /a COUNT+=1 >nul\r\n"
    "echo !COUNT! %%i)\r\n"
    "set V=first\r\n"
    "(set V=second\r\n"
    "echo percent=%V% delayed=!V!)\r\n"
    "endlocal\r\n"
    "cmd /c exit 7\r\n"
    "echo errorlevel=%errorlevel%\r\n"
    "if errorlevel 7 echo ge7\r\n"
    "if errorlevel 8 echo ge8\r\n"
    "if not errorlevel 8 echo not ge8\r\n";

static const char flow_bat[] =
    "@echo off\r\n"
    "if \"a\"==\"a\" echo eq\r\n"
    "if /i \"A\"==\"a\" echo ieq\r\n"
    "if not \"a\"==\"b\" echo neq\r\n"
    "if 10 GTR 9 echo numeric gtr\r\n"
    "if \"10\" LSS \"9\" echo text lss\r\n"
    "if 3 EQU 3 (echo equ) else (echo not equ)\r\n"
    "if 3 NEQ 3 (\r\n"
    "  echo wrong\r\n"
    ") else (\r\n"
    "  echo else branch\r\n"
    ")\r\n"
    "if exist flow.bat echo exists\r\n"
    "if not exist nofile.txt echo missing\r\n"
    "goto skip\r\n"
    "echo skipped\r\n"
    ":skip\r\n"
    "echo after skip\r\n"
    "call :sub one \"two words\" three\r\n"
    "echo sub returned %errorlevel%\r\n"
    "call :shifter a b c d\r\n"
    "echo before exit\r\n"
    "goto :eof\r\n"
    ":sub\r\n"
    "echo in sub: %1 %2 %~2 %3 [%0]\r\n"
    "exit /b 3\r\n"
    ":shifter\r\n"
    "echo %1 %2\r\n"
    "shift\r\n"
    "echo %1 %2\r\n"
    "shift\r\n"
    "echo %1 %2 all=%*\r\n"
    "goto :eof\r\n";

static const char loops_bat[] =
    "@echo off\r\n"
    "for %%i in (one two three) do echo item %%i\r\n"
    "for /l %%n in (1,2,7) do echo n=%%n\r\n"
    "for /l %%n in (3,-1,1) do echo down %%n\r\n"
    "for /f \"tokens=1,3 delims=,\" %%a in (\"a,b,c,d\") do echo %%a %%b\r\n"
    "for /f \"tokens=2*\" %%a in (\"x y z w\") do echo [%%a] [%%b]\r\n"
    "> data.txt echo # comment line\r\n"
    ">> data.txt echo skip me\r\n"
    ">> data.txt echo k1=v1\r\n"
    ">> data.txt echo k2=v2\r\n"
    "for /f \"skip=1 tokens=1,2 delims==\" %%k in (data.txt) do echo key %%k value %%l\r\n"
    "for /f \"usebackq tokens=*\" %%l in (\"data.txt\") do echo line: %%l\r\n"
    "for /f \"delims=\" %%o in ('echo from command') do echo got %%o\r\n"
    "md sub1\r\n"
    "md sub2\r\n"
    "echo x > sub1\\f.txt\r\n"
    "for /d %%d in (sub*) do echo dir %%d\r\n"
    "for %%f in (*.txt) do echo file %%~nf ext %%~xf\r\n"
    "for /r %%f in (*.txt) do echo r %%~nxf\r\n"
    "for %%a in (1 2) do (\r\n"
    "  for %%b in (x y) do echo %%a%%b\r\n"
    ")\r\n"
    "del data.txt sub1\\f.txt\r\n"
    "rd sub1\r\n"
    "rd sub2\r\n";

static const char files_bat[] =
    "@echo off\r\n"
    "md work\\deep\\er\r\n"
    "if exist work\\deep\\er echo made\r\n"
    "cd work\r\n"
    "echo hello> a.txt\r\n"
    "copy a.txt b.txt > nul\r\n"
    "type b.txt\r\n"
    "ren b.txt c.txt\r\n"
    "move c.txt deep > nul\r\n"
    "dir /b\r\n"
    "dir /b deep\r\n"
    "pushd deep\r\n"
    "type c.txt\r\n"
    "popd\r\n"
    "del a.txt\r\n"
    "if not exist a.txt echo deleted\r\n"
    "cd ..\r\n"
    "rd /s /q work\r\n"
    "if not exist work echo removed tree\r\n"
    "cd nosuchdir 2>nul || echo cd failed %errorlevel%\r\n";

static const char shim_cmd[] =
    "@ECHO off\r\n"
    "GOTO start\r\n"
    ":find_dp0\r\n"
    "SET dp0=%~dp0\r\n"
    "EXIT /b\r\n"
    ":start\r\n"
    "SETLOCAL\r\n"
    "CALL :find_dp0\r\n"
    "\r\n"
    "IF EXIST \"%dp0%\\node.exe\" (\r\n"
    "  SET \"_prog=%dp0%\\node.exe\"\r\n"
    ") ELSE (\r\n"
    "  SET \"_prog=node\"\r\n"
    "  SET PATHEXT=%PATHEXT:;.JS;=;%\r\n"
    ")\r\n"
    "\r\n"
    "endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & \"%_prog%\"  \"%dp0%\\..\\lib\\cli.js\" %*\r\n";

static void write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "wb");
  if (!f) {
    printf("cannot write %s\n", path);
    return;
  }
  fputs(text, f);
  fclose(f);
}

static void run(const char* title, const char* command, const char* directory) {
  SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
  HANDLE read_end, write_end;
  CreatePipe(&read_end, &write_end, &sa, 0);
  SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si.hStdOutput = write_end;
  si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION pi;
  char line[1024];
  strcpy(line, command);
  BOOL started = CreateProcessA(NULL, line, NULL, NULL, TRUE, 0, NULL, directory, &si, &pi);
  CloseHandle(write_end);
  static char out[16384];
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
  printf("== %s: started %d, exit %lu\n", title, started, code);
  for (DWORD i = 0; i < total; i++) {
    if (out[i] == '\r' && i + 1 < total && out[i + 1] == '\n') continue;
    if (out[i] == '\r') printf("\\r");
    else putchar(out[i]);
  }
  fflush(stdout);
}

int main(int argc, char** argv) {
  // Started by the shim: the script it names, then the arguments it passed on.
  if (argc > 1 && strlen(argv[1]) >= 6 && strcmp(argv[1] + strlen(argv[1]) - 6, "cli.js") == 0) {
    printf("node.exe runs %s", strstr(argv[1], "\\..\\lib\\") ? "DP0\\..\\lib\\cli.js" : "another script");
    for (int i = 2; i < argc; i++) printf(" [%s]", argv[i]);
    printf("\n");
    return 5;
  }
  // The work directory's name is this process's own: the x64 and the emulated runs may run at once.
  static char dir[64], path[MAX_PATH];
  snprintf(dir, sizeof dir, "cmd_batch_%lu", GetCurrentProcessId());
#define IN_DIR(name) (snprintf(path, sizeof path, "%s\\%s", dir, name), path)
  CreateDirectoryA(dir, NULL);
  CreateDirectoryA(IN_DIR("bin"), NULL);
  CreateDirectoryA(IN_DIR("lib"), NULL);
  write_file(IN_DIR("basics.bat"), basics_bat);
  write_file(IN_DIR("vars.bat"), vars_bat);
  write_file(IN_DIR("flow.bat"), flow_bat);
  write_file(IN_DIR("loops.bat"), loops_bat);
  write_file(IN_DIR("files.bat"), files_bat);
  write_file(IN_DIR("bin\\tool.cmd"), shim_cmd);
  write_file(IN_DIR("lib\\cli.js"), "// the package's script\r\n");
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  printf("node.exe copied: %d\n", CopyFileA(self, IN_DIR("bin\\node.exe"), FALSE));

  run("basics", "cmd.exe /c basics.bat A \"B C\"", dir);
  run("vars", "cmd.exe /c vars.bat", dir);
  run("flow", "cmd.exe /c flow.bat", dir);
  run("loops", "cmd.exe /c loops.bat", dir);
  run("files", "cmd.exe /c files.bat", dir);
  run("shim through cmd /d /s /c", "cmd.exe /d /s /c \"\"bin\\tool.cmd\" first \"second arg\"\"", dir);
  run("shim by name", "cmd.exe /c bin\\tool.cmd one", dir);
  run("missing command", "cmd.exe /c nosuch_program_here 2>nul", dir);
  run("exit code", "cmd.exe /c exit 3", dir);
  run("exit without code", "cmd.exe /c \"cmd /c exit 4 & exit\"", dir);
  run("quoted command", "cmd.exe /c \"if 1==1 (echo yes) else echo no\"", dir);
  run("set /a on the command line", "cmd.exe /c \"set /a 6*7 & echo. & echo after\"", dir);
  fflush(stdout);
  int status = system("if \"x\"==\"x\" (echo system: block) else echo system: else");
  printf("system: %d\n", status);

  const char* const made[] = {"basics.bat", "vars.bat", "flow.bat", "loops.bat", "files.bat",
                              "bin\\tool.cmd", "bin\\node.exe", "lib\\cli.js"};
  for (size_t i = 0; i < sizeof made / sizeof *made; i++) DeleteFileA(IN_DIR(made[i]));
  RemoveDirectoryA(IN_DIR("bin"));
  RemoveDirectoryA(IN_DIR("lib"));
  printf("cleaned up: %d\n", RemoveDirectoryA(dir));
  return 0;
}
