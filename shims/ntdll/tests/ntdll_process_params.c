/* NTDLL's process parameters: RtlCreateProcessParameters(Ex) with strings given and left out, the
 * block's sizes, flags and strings in the normalized form (addresses) and the denormalized one
 * (offsets from the block), RtlNormalizeProcessParams and RtlDeNormalizeProcessParams both ways,
 * the environment copied at the end of the block, RtlDestroyProcessParameters; the process's own
 * block in its PEB (normalized, its image path, title and desktop, its environment kept up to date).
 * Expected output: wine 8.0's (x64); the i686 build's file differs only in the 32-bit block's
 * offsets and sizes. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winternl.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef struct {
  USTR DosPath;
  HANDLE Handle;
} CURDIR_;
typedef struct {
  USHORT Flags, Length;
  ULONG TimeStamp;
  USTR DosPath;
} DLCURDIR;
typedef struct {
  ULONG AllocationSize, Size, Flags, DebugFlags;
  HANDLE ConsoleHandle;
  ULONG ConsoleFlags;
  HANDLE hStdInput, hStdOutput, hStdError;
  CURDIR_ CurrentDirectory;
  USTR DllPath, ImagePathName, CommandLine;
  PWSTR Environment;
  ULONG dwX, dwY, dwXSize, dwYSize, dwXCountChars, dwYCountChars, dwFillAttribute, dwFlags, wShowWindow;
  USTR WindowTitle, Desktop, ShellInfo, RuntimeInfo;
  DLCURDIR DLCurrentDirectory[0x20];
  ULONG_PTR EnvironmentSize, EnvironmentVersion;
  PVOID PackageDependencyData;
  ULONG ProcessGroupId, LoaderThreads;
} PARAMS;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)

typedef NTSTATUS(NTAPI* create_fn)(PARAMS**, USTR*, USTR*, USTR*, USTR*, PWSTR, USTR*, USTR*, USTR*, USTR*);
typedef NTSTATUS(NTAPI* create_ex_fn)(PARAMS**, USTR*, USTR*, USTR*, USTR*, PWSTR, USTR*, USTR*, USTR*, USTR*,
                                      ULONG);
typedef PARAMS*(NTAPI* norm_fn)(PARAMS*);

static void init(USTR* s, const WCHAR* text) {
  s->Length = (USHORT)(wcslen(text) * 2);
  s->MaximumLength = (USHORT)(s->Length + 2);
  s->Buffer = (PWSTR)text;
}

/* Where a string's buffer is: "none", "@+N" (an offset N bytes past the structure, denormalized) or
 * "+N" (an address that far past the structure), and its text. */
static void show(const char* name, PARAMS* p, USTR* s) {
  ULONG_PTR b = (ULONG_PTR)s->Buffer;
  printf("  %-12s len %u max %u ", name, s->Length, s->MaximumLength);
  if (!b) {
    printf("none\n");
    return;
  }
  const WCHAR* text;
  if (p->Flags & 1) {
    printf("+%ld", (long)(b - (ULONG_PTR)p - sizeof(PARAMS)));
    text = (const WCHAR*)b;
  } else {
    printf("@+%ld", (long)(b - sizeof(PARAMS)));
    text = (const WCHAR*)((char*)p + b);
  }
  printf(" \"%.*ls\"\n", s->Length / 2, text);
}

static void dump(const char* what, PARAMS* p) {
  printf("%s: alloc-sizeof %ld size-sizeof %ld flags %lx debug %lu console %p/%lx std %p %p %p\n", what,
         (long)(p->AllocationSize - sizeof(PARAMS)), (long)(p->Size - sizeof(PARAMS)), p->Flags, p->DebugFlags,
         p->ConsoleHandle, p->ConsoleFlags, p->hStdInput, p->hStdOutput, p->hStdError);
  show("curdir", p, &p->CurrentDirectory.DosPath);
  show("dllpath", p, &p->DllPath);
  show("image", p, &p->ImagePathName);
  show("cmdline", p, &p->CommandLine);
  show("title", p, &p->WindowTitle);
  show("desktop", p, &p->Desktop);
  show("shellinfo", p, &p->ShellInfo);
  show("runtime", p, &p->RuntimeInfo);
  printf("  environment at block+size %d envsize %lu version %lu window %lu %lu %lu show %lu\n",
         (char*)p->Environment == (char*)p + p->Size, (unsigned long)p->EnvironmentSize,
         (unsigned long)p->EnvironmentVersion, p->dwX, p->dwXSize, p->dwFlags, p->wShowWindow);
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  create_fn create = (create_fn)FN("RtlCreateProcessParameters");
  create_ex_fn create_ex = (create_ex_fn)FN("RtlCreateProcessParametersEx");
  norm_fn normalize = (norm_fn)FN("RtlNormalizeProcessParams");
  norm_fn denormalize = (norm_fn)FN("RtlDeNormalizeProcessParams");
  void(NTAPI * destroy)(PARAMS*) = (void*)FN("RtlDestroyProcessParameters");
  printf("functions: %d %d %d %d %d\n", !!create, !!create_ex, !!normalize, !!denormalize, !!destroy);
  if (!create || !create_ex || !normalize || !denormalize || !destroy) return 1;

  USTR image, dllpath, curdir, cmdline, title, desktop, shell, runtime;
  init(&image, L"C:\\apps\\tool.exe");
  init(&dllpath, L"C:\\apps;C:\\windows\\system32");
  init(&curdir, L"C:\\work\\");
  init(&cmdline, L"tool.exe -x --flag=1");
  init(&title, L"The title");
  init(&desktop, L"WinSta0\\Default");
  init(&shell, L"shell");
  init(&runtime, L"rt");
  static WCHAR env[] = L"A=1\0BB=two\0C=\0";
  PARAMS* p = NULL;
  NTSTATUS st = create(&p, &image, &dllpath, &curdir, &cmdline, env, &title, &desktop, &shell, &runtime);
  printf("create all: %08lx\n", st);
  dump("denormalized", p);
  printf("  environment offset past strings %ld first \"%ls\"\n",
         (long)((ULONG_PTR)p->Environment - (ULONG_PTR)p - p->Size), p->Environment);
  printf("normalize returns it %d\n", normalize(p) == p);
  dump("normalized", p);
  printf("normalize again same %d flags %lx\n", normalize(p) == p, p->Flags);
  printf("denormalize returns it %d\n", denormalize(p) == p);
  dump("denormalized again", p);
  printf("denormalize again flags %lx image offset %ld\n", denormalize(p)->Flags,
         (long)((ULONG_PTR)p->ImagePathName.Buffer - sizeof(PARAMS)));
  printf("null: %p %p\n", (void*)normalize(NULL), (void*)denormalize(NULL));
  destroy(p);

  p = NULL;
  st = create_ex(&p, &image, NULL, &curdir, NULL, env, NULL, NULL, NULL, NULL, 1);
  printf("create ex normalized, defaults: %08lx\n", st);
  dump("ex", p);
  destroy(p);

  /* A string with room beyond its text, one with an odd maximum. */
  USTR big = image;
  big.MaximumLength = 100;
  USTR odd;
  init(&odd, L"abc");
  odd.MaximumLength = 7;
  p = NULL;
  st = create_ex(&p, &big, NULL, &curdir, &odd, env, NULL, NULL, NULL, NULL, 1);
  printf("create ex sizes: %08lx\n", st);
  dump("sizes", p);
  destroy(p);

  /* The current directory (the temporary one) and environment left to the process's. */
  WCHAR cwd0[MAX_PATH];
  p = NULL;
  GetTempPathW(MAX_PATH, cwd0);
  SetCurrentDirectoryW(cwd0);
  SetEnvironmentVariableW(L"PARAMS_TEST", L"yes");
  st = create_ex(&p, &image, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
  WCHAR cwd[MAX_PATH];
  DWORD n = GetCurrentDirectoryW(MAX_PATH, cwd);
  if (n && cwd[n - 1] != '\\') wcscat(cwd, L"\\");
  printf("create ex process's: %08lx curdir is the current directory with its backslash %d max %u\n", st,
         p->CurrentDirectory.DosPath.Length == wcslen(cwd) * 2 &&
             !_wcsnicmp(p->CurrentDirectory.DosPath.Buffer, cwd, wcslen(cwd)),
         p->CurrentDirectory.DosPath.MaximumLength);
  int found = 0;
  for (WCHAR* e = p->Environment; *e; e += wcslen(e) + 1)
    if (!wcscmp(e, L"PARAMS_TEST=yes")) found = 1;
  printf("  environment has PARAMS_TEST=yes %d, own copy %d\n", found, (char*)p->Environment > (char*)p);
  destroy(p);

  /* The process's own block, as the PEB holds it (programs that read it directly: Zig's standard
   * library reads Environment, others ImagePathName). */
  PARAMS* own = (PARAMS*)NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
  WCHAR module[MAX_PATH];
  DWORD mlen = GetModuleFileNameW(NULL, module, MAX_PATH);
  printf("own: normalized %d, size-sizeof %d, image is the module's path %d (max %d)\n", (int)(own->Flags & 1),
         own->Size >= sizeof(PARAMS), own->ImagePathName.Length == mlen * 2 &&
             !_wcsnicmp(own->ImagePathName.Buffer, module, mlen),
         own->ImagePathName.MaximumLength == own->ImagePathName.Length + 2);
  printf("  title set %d, desktop \"%.*ls\"\n", own->WindowTitle.Length > 0, own->Desktop.Length / 2,
         own->Desktop.Buffer);
  const WCHAR* names[] = {L"PARAMS_TEST=yes", L"PARAMS_LATER=1"};
  for (int round = 0; round < 2; ++round) {
    if (round) {
      SetEnvironmentVariableW(L"PARAMS_LATER", L"1");
      SetEnvironmentVariableW(L"PARAMS_TEST", NULL);
    }
    int has[2] = {0, 0};
    size_t chars = 0;
    for (WCHAR* e = own->Environment; *e; e += wcslen(e) + 1) {
      for (int i = 0; i < 2; ++i) has[i] |= !wcscmp(e, names[i]);
      chars += wcslen(e) + 1;
    }
    printf("  environment%s: PARAMS_TEST=yes %d PARAMS_LATER=1 %d, size covers it %d\n", round ? " after changes" : "",
           has[0], has[1], own->EnvironmentSize >= (chars + 1) * 2);
  }
  return 0;
}
