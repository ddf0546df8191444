/* DBGHELP's stack walk and minidumps: StackWalk64 from a context captured three calls deep, the
 * frames' names (which of them are the sample's own functions), EnumerateLoadedModules64, then
 * MiniDumpWriteDump of the process (normal, with a second thread busy meanwhile, then with full
 * memory) to a file whose header, stream directory and threads the sample reads back before
 * deleting it. */
// Links: -ldbghelp
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <string.h>

#define FRAMED __declspec(dllexport) __attribute__((noinline, optimize("no-omit-frame-pointer")))

static int own_frames, frames;

__attribute__((noinline, optimize("no-omit-frame-pointer"))) static void walk(void) {
  CONTEXT ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.ContextFlags = CONTEXT_FULL;
  RtlCaptureContext(&ctx);
  STACKFRAME64 frame;
  memset(&frame, 0, sizeof frame);
#ifdef _WIN64
  DWORD machine = IMAGE_FILE_MACHINE_AMD64;
  frame.AddrPC.Offset = ctx.Rip;
  frame.AddrFrame.Offset = ctx.Rsp;
  frame.AddrStack.Offset = ctx.Rsp;
#else
  DWORD machine = IMAGE_FILE_MACHINE_I386;
  frame.AddrPC.Offset = ctx.Eip;
  frame.AddrFrame.Offset = ctx.Ebp;
  frame.AddrStack.Offset = ctx.Esp;
#endif
  frame.AddrPC.Mode = frame.AddrFrame.Mode = frame.AddrStack.Mode = AddrModeFlat;
  HANDLE process = GetCurrentProcess(), thread = GetCurrentThread();
  int seen[3] = {0, 0, 0};
  while (frames < 64 && StackWalk64(machine, process, thread, &frame, &ctx, NULL, SymFunctionTableAccess64,
                                    SymGetModuleBase64, NULL)) {
    if (!frame.AddrPC.Offset) break;
    ++frames;
    char buffer[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO* info = (SYMBOL_INFO*)buffer;
    memset(buffer, 0, sizeof buffer);
    info->SizeOfStruct = sizeof(SYMBOL_INFO);
    info->MaxNameLen = 255;
    DWORD64 displacement = 0;
    if (!SymFromAddr(process, frame.AddrPC.Offset - 1, &displacement, info)) continue;
    static const char* const names[3] = {"level_one", "level_two", "level_three"};
    for (int i = 0; i < 3; ++i)
      if (!strcmp(info->Name, names[i]) && !seen[i]) {
        seen[i] = 1;
        ++own_frames;
        printf("frame: %s\n", names[i]);
      }
  }
}

FRAMED int level_three(int x) {
  walk();
  return x + 3;
}
FRAMED int level_two(int x) { return level_three(x * 2) + 2; }
FRAMED int level_one(int x) { return level_two(x + 1) + 1; }

static BOOL CALLBACK count_module(PCSTR name, DWORD64 base, ULONG size, PVOID user) {
  (void)name;
  (void)size;
  if (base == (DWORD64)(ULONG_PTR)GetModuleHandleA(NULL)) ++*(int*)user;
  if (base == (DWORD64)(ULONG_PTR)GetModuleHandleA("kernel32.dll")) ++*(int*)user;
  return TRUE;
}

// A second thread, busy in the sample's own code and in calls of KERNEL32 while a dump is written.
static volatile LONG spinning, stop_spinning;
static DWORD spinner_id;
static DWORD WINAPI spin(LPVOID unused) {
  (void)unused;
  InterlockedExchange(&spinning, 1);
  while (!stop_spinning) SwitchToThread();
  return 0;
}

static void dump(HANDLE process, MINIDUMP_TYPE type, const char* what) {
  char name[64];  // (of this process alone: runs of the sample at the same time do not share it)
  snprintf(name, sizeof name, "dbghelp_stack_%lu.dmp", GetCurrentProcessId());
  HANDLE file = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  BOOL ok = MiniDumpWriteDump(process, GetCurrentProcessId(), file, type, NULL, NULL, NULL);
  printf("%s dump written: %d\n", what, ok);
  DWORD size = GetFileSize(file, NULL), got = 0;
  CloseHandle(file);
  if (size < sizeof(MINIDUMP_HEADER)) {
    printf("the dump has no header (%lu bytes)\n", size);
    DeleteFileA(name);
    return;
  }
  char* data = (char*)malloc(size);
  file = CreateFileA(name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
  ReadFile(file, data, size, &got, NULL);
  CloseHandle(file);
  DeleteFileA(name);
  MINIDUMP_HEADER* header = (MINIDUMP_HEADER*)data;
  printf("signature %d, version 0x%x\n", header->Signature == 0x504d444d /* "MDMP" */, (unsigned)(header->Version & 0xffff));
  int threads = 0, modules = 0, memory = 0, memory64 = 0, system = 0, directory_ok = 1, spinner_sp_in_stack = 0;
  MINIDUMP_DIRECTORY* dir = (MINIDUMP_DIRECTORY*)(data + header->StreamDirectoryRva);
  for (ULONG32 i = 0; i < header->NumberOfStreams; ++i) {
    if (dir[i].Location.Rva + dir[i].Location.DataSize > size) directory_ok = 0;
    switch (dir[i].StreamType) {
      case ThreadListStream: {
        MINIDUMP_THREAD_LIST* list = (MINIDUMP_THREAD_LIST*)(data + dir[i].Location.Rva);
        threads = list->NumberOfThreads;
        for (ULONG32 t = 0; t < list->NumberOfThreads; ++t) {
          MINIDUMP_THREAD* thread = &list->Threads[t];
          if (thread->ThreadId != spinner_id || thread->ThreadContext.DataSize != sizeof(CONTEXT)) continue;
          CONTEXT* ctx = (CONTEXT*)(data + thread->ThreadContext.Rva);
#ifdef _WIN64
          DWORD64 sp = ctx->Rsp;
#else
          DWORD64 sp = ctx->Esp;
#endif
          spinner_sp_in_stack = (ctx->ContextFlags & CONTEXT_CONTROL) == CONTEXT_CONTROL &&
                                sp >= thread->Stack.StartOfMemoryRange &&
                                sp < thread->Stack.StartOfMemoryRange + thread->Stack.Memory.DataSize;
        }
        break;
      }
      case ModuleListStream: modules = ((MINIDUMP_MODULE_LIST*)(data + dir[i].Location.Rva))->NumberOfModules; break;
      case MemoryListStream: memory = 1; break;
      case Memory64ListStream: memory64 = 1; break;
      case SystemInfoStream: system = ((MINIDUMP_SYSTEM_INFO*)(data + dir[i].Location.Rva))->ProcessorArchitecture ==
#ifdef _WIN64
                                      PROCESSOR_ARCHITECTURE_AMD64;
#else
                                      PROCESSOR_ARCHITECTURE_INTEL;
#endif
        break;
    }
  }
  printf("streams fit in the file: %d, threads %d, modules listed %d, memory list %d, full memory list %d, system info %d\n",
         directory_ok, threads, modules >= 2, memory, memory64, system);
  printf("the other thread's stack pointer is in its stack: %d\n", spinner_sp_in_stack);
  free(data);
}

// dbghelp_stack.exe NORMAL FULL: writes the two dumps to those files and keeps them, for a reader
// of the format to check (tests/windows/minidump.py).
static int keep_dumps(const char* normal, const char* full) {
  const char* names[2] = {normal, full};
  const MINIDUMP_TYPE types[2] = {MiniDumpNormal, MiniDumpWithFullMemory};
  for (int i = 0; i < 2; ++i) {
    HANDLE file = CreateFileA(names[i], GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return 2;
    BOOL ok = MiniDumpWriteDump(GetCurrentProcess(), GetCurrentProcessId(), file, types[i], NULL, NULL, NULL);
    CloseHandle(file);
    if (!ok) return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 3) return keep_dumps(argv[1], argv[2]);
  HANDLE process = GetCurrentProcess();
  SymSetOptions(SymGetOptions() | SYMOPT_UNDNAME);
  printf("initialize: %d\n", SymInitialize(process, NULL, TRUE));
  int r = level_one(1);
  printf("result %d, frames walked %d, own frames named %d\n", r, frames > 3, own_frames);
  int found = 0;
  BOOL enumerated = EnumerateLoadedModules64(process, count_module, &found);
  printf("enumerate: %d, exe and kernel32 found %d\n", enumerated, found);
  HANDLE spinner = CreateThread(NULL, 0, spin, NULL, 0, &spinner_id);
  while (!spinning) Sleep(1);
  dump(process, MiniDumpNormal, "normal");
  stop_spinning = 1;
  WaitForSingleObject(spinner, INFINITE);
  CloseHandle(spinner);
  dump(process, MiniDumpWithFullMemory, "full memory");
  printf("cleanup: %d\n", SymCleanup(process));
  return 0;
}
