// What the samples that call the C++ runtimes by name share (shims/msvcp140/tests,
// shims/msvcp120/tests, shims/msvcp90/tests): the decorated name of the process's width, the
// member functions' convention (thiscall on i386), and a lookup in `dll` that stops the program
// when a name is missing.
#pragma once

#include <stdio.h>
#include <windows.h>

#ifdef _WIN64
#define NAME(x86, x64) x64
#define THISCALL
#else
#define NAME(x86, x64) x86
#define THISCALL __thiscall
#endif

static HMODULE dll;  // (the DLL fn looks names up in)
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(dll, name);
  if (!f) {
    printf("missing %s\n", name);
    fflush(stdout);
    ExitProcess(1);
  }
  return f;
}
