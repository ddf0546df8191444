// SHLWAPI's shared memory (SHAllocShared, SHLockShared, SHUnlockShared, SHFreeShared) in this
// process, its module helpers (MLLoadLibrary and MLFreeLibrary on a DLL beside KERNEL32's, and on a
// DLL that is not there) and SHLoadIndirectString (plain text, "@dll,-id" of a DLL that is not
// there, and without an id). Each function is found by name or number in SHLWAPI.dll.
#define _WIN32_WINNT 0x0A00
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlwapi.h>

static HMODULE dll;
static FARPROC proc(const char* name) {
  FARPROC f = GetProcAddress(dll, name);
  if (!f) {
    printf("missing %s\n", name);
    ExitProcess(1);
  }
  return f;
}
typedef HANDLE(WINAPI* alloc_fn)(const void*, DWORD, DWORD);
typedef void*(WINAPI* lock_fn)(HANDLE, DWORD);
typedef BOOL(WINAPI* unlock_fn)(void*);
typedef BOOL(WINAPI* free_fn)(HANDLE, DWORD);
typedef HMODULE(WINAPI* ml_load_a)(const char*, HMODULE, DWORD);
typedef HMODULE(WINAPI* ml_load_w)(const WCHAR*, HMODULE, DWORD);
typedef BOOL(WINAPI* ml_free)(HMODULE);
typedef HRESULT(WINAPI* indirect_fn)(const WCHAR*, WCHAR*, UINT, void**);

static void w2a(const WCHAR* w, char* a, int n) { WideCharToMultiByte(CP_UTF8, 0, w, -1, a, n, NULL, NULL); }

int main(void) {
  dll = LoadLibraryA("shlwapi.dll");
  alloc_fn alloc = (alloc_fn)proc("SHAllocShared");
  lock_fn lock = (lock_fn)proc("SHLockShared");
  unlock_fn unlock = (unlock_fn)proc("SHUnlockShared");
  free_fn release = (free_fn)proc("SHFreeShared");
  printf("by number %d %d %d %d\n", (FARPROC)alloc == GetProcAddress(dll, (LPCSTR)7), (FARPROC)lock == GetProcAddress(dll, (LPCSTR)8),
         (FARPROC)unlock == GetProcAddress(dll, (LPCSTR)9), (FARPROC)release == GetProcAddress(dll, (LPCSTR)10));

  DWORD me = GetCurrentProcessId();
  HANDLE h = alloc("shared data", 12, me);
  char* view = lock(h, me);
  printf("alloc %d lock %d size %lu [%s]", h != NULL, view != NULL, view ? ((DWORD*)view)[-1] : 0, view ? view : "");
  strcpy(view, "changed");
  printf(" unlock %d", unlock(view));
  char* again = lock(h, me);
  printf(" again [%s]", again ? again : "");
  BOOL u = unlock(again);
  BOOL f = release(h, me);
  printf(" unlock %d free %d null %d\n", u, f, release(NULL, me));
  HANDLE empty = alloc(NULL, 8, me);
  char* zeros = lock(empty, me);
  printf("no data %d size %lu", zeros != NULL, zeros ? ((DWORD*)zeros)[-1] : 0);
  unlock(zeros);
  printf(" free %d\n", release(empty, me));

  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  HMODULE loaded = ((ml_load_a)proc("MLLoadLibraryA"))("user32.dll", k32, 0);
  printf("MLLoadLibrary %d same %d", loaded != NULL, loaded == GetModuleHandleA("user32.dll"));
  printf(" free %d", ((ml_free)proc("MLFreeLibrary"))(loaded));
  HMODULE none = ((ml_load_w)proc("MLLoadLibraryW"))(L"no_such_library.dll", k32, 0);
  printf(" missing %d\n", none == NULL);

  indirect_fn indirect = (indirect_fn)proc("SHLoadIndirectString");
  WCHAR buf[64];
  char a[64];
  HRESULT hr = indirect(L"plain text", buf, 64, NULL);
  w2a(buf, a, 64);
  printf("indirect plain %#lx [%s]", (unsigned long)hr, a);
  hr = indirect(L"plain text", buf, 6, NULL);
  w2a(buf, a, 64);
  printf(" cut %#lx [%s]", (unsigned long)hr, a);
  buf[0] = 'x';
  hr = indirect(L"@no_such_library.dll,-12", buf, 64, NULL);
  printf(" missing dll %#lx %d", (unsigned long)hr, buf[0] == 0);
  hr = indirect(L"@shlwapi.dll", buf, 64, NULL);
  printf(" no id %#lx\n", (unsigned long)hr);
  return 0;
}
