/* FindExecutable: a program is its own executable; a missing file, or one in a missing directory,
 * fails with SE_ERR_FNF; a type no application opens with SE_ERR_NOASSOC, the result
 * empty. And SHGetMalloc, whose allocator frees what CoTaskMemAlloc gave. */
// Links: -lshell32 -lole32
#include <objbase.h>
#include <shlobj.h>
#include <stdio.h>
#include <wchar.h>
#include <windows.h>

int main(void) {
  wchar_t self[MAX_PATH], result[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  wmemset(result, L'x', MAX_PATH);
  INT_PTR r = (INT_PTR)FindExecutableW(self, NULL, result);
  printf("the program itself: above 32 %d, its own path %d\n", r > 32, _wcsicmp(result, self) == 0);
  r = (INT_PTR)FindExecutableW(L"no_such_file_here.txt", NULL, result);
  printf("missing file: %d, result empty %d\n", (int)r, result[0] == 0);
  r = (INT_PTR)FindExecutableW(L"C:\\no_such_directory_here\\file.txt", NULL, result);
  printf("missing directory: %d\n", (int)r);
  HANDLE h = CreateFileW(L"find_executable_probe.polyrunzz", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(h);
  wmemset(result, L'x', MAX_PATH);
  r = (INT_PTR)FindExecutableW(L"find_executable_probe.polyrunzz", NULL, result);
  printf("no application for the type: %d, result empty %d\n", (int)r, result[0] == 0);
  char a[MAX_PATH], self_a[MAX_PATH];
  GetModuleFileNameA(NULL, self_a, MAX_PATH);
  r = (INT_PTR)FindExecutableA(self_a, NULL, a);
  printf("ANSI: above 32 %d, its own path %d\n", r > 32, _stricmp(a, self_a) == 0);
  DeleteFileW(L"find_executable_probe.polyrunzz");

  IMalloc* m = NULL;
  HRESULT hr = SHGetMalloc(&m);
  void* block = CoTaskMemAlloc(64);
  printf("SHGetMalloc: %08lx, frees a task block: ", (unsigned long)hr);
  m->lpVtbl->Free(m, block);
  printf("1, size of its own block %d\n", (int)m->lpVtbl->GetSize(m, m->lpVtbl->Alloc(m, 24)) >= 24);
  m->lpVtbl->Release(m);
  return 0;
}
