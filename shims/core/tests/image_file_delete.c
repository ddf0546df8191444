// A file mapped as an image cannot be deleted while it is: a copy of modbase.dll (a sample DLL)
// loaded with LoadLibrary resists DeleteFile (ERROR_ACCESS_DENIED) and the C runtime's _unlink
// (EACCES), and goes once FreeLibrary has unmapped it. A copy never loaded goes at once.
#include <errno.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(void) {
  char dir[MAX_PATH], source[MAX_PATH], copy[64], other[64];
  GetModuleFileNameA(NULL, dir, MAX_PATH);
  *strrchr(dir, '\\') = 0;
  snprintf(source, sizeof source, "%s\\modbase.dll", dir);
  snprintf(copy, sizeof copy, "image_delete_%lu.dll", GetCurrentProcessId());
  snprintf(other, sizeof other, "image_delete_%lu.tmp", GetCurrentProcessId());
  printf("copied: %d %d\n", CopyFileA(source, copy, FALSE), CopyFileA(source, other, FALSE));
  HMODULE m = LoadLibraryA(copy);
  printf("loaded: %s\n", m ? "yes" : "no");
  BOOL ok = DeleteFileA(copy);
  printf("DeleteFile while loaded: %d, error %lu\n", ok, ok ? 0 : GetLastError());
  errno = 0;
  int r = _unlink(copy);
  printf("_unlink while loaded: %d, errno %s\n", r, errno == EACCES ? "EACCES" : errno ? "another" : "none");
  printf("still there: %s\n", GetFileAttributesA(copy) != INVALID_FILE_ATTRIBUTES ? "yes" : "no");
  printf("FreeLibrary: %d\n", FreeLibrary(m));
  ok = DeleteFileA(copy);
  printf("DeleteFile after: %d\n", ok);
  ok = DeleteFileA(other);
  printf("DeleteFile of a copy never loaded: %d\n", ok);
  printf("gone: %s\n", GetFileAttributesA(copy) == INVALID_FILE_ATTRIBUTES && GetFileAttributesA(other) == INVALID_FILE_ATTRIBUTES ? "yes" : "no");
  return 0;
}
