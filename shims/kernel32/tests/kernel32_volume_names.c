/* Volumes by name: FindFirstVolume/FindNextVolume/FindVolumeClose, each volume's drives
 * (GetVolumePathNamesForVolumeName), a drive's volume (GetVolumeNameForVolumeMountPoint), the
 * volume a path lies on (GetVolumePathName), mount points in folders (none), and mounting, which
 * takes an administrator. */
#include <windows.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  WCHAR name[MAX_PATH], paths[256];
  int count = 0, c_seen = 0, well_formed = 1;
  HANDLE h = FindFirstVolumeW(name, MAX_PATH);
  printf("FindFirstVolumeW ok %d\n", h != INVALID_HANDLE_VALUE);
  do {
    ++count;
    if (wcsncmp(name, L"\\\\?\\Volume{", 11) || name[wcslen(name) - 1] != L'\\' || wcslen(name) != 49) well_formed = 0;
    DWORD len = 0;
    if (GetVolumePathNamesForVolumeNameW(name, paths, 256, &len) && !wcscmp(paths, L"C:\\")) {
      c_seen = 1;
      printf("C: volume: paths length %lu second NUL %d\n", len, paths[3] == 0 && paths[4] == 0);
    }
  } while (FindNextVolumeW(h, name, MAX_PATH));
  printf("FindNextVolumeW end err %lu\n", GetLastError());
  printf("volumes some %d well formed %d C: among them %d\n", count > 0, well_formed, c_seen);
  printf("FindVolumeClose %d\n", FindVolumeClose(h));

  WCHAR c_volume[MAX_PATH];
  BOOL r = GetVolumeNameForVolumeMountPointW(L"C:\\", c_volume, MAX_PATH);
  printf("GetVolumeNameForVolumeMountPointW(C:\\) %d form %d\n", r, !wcsncmp(c_volume, L"\\\\?\\Volume{", 11));
  SetLastError(0);
  r = GetVolumeNameForVolumeMountPointW(L"C:", c_volume, MAX_PATH);
  printf("without the backslash %d err %lu\n", r, GetLastError());
  SetLastError(0);
  r = GetVolumeNameForVolumeMountPointW(L"C:\\", c_volume, 10);
  printf("small buffer %d err %lu\n", r, GetLastError());
  DWORD len = 0;
  SetLastError(0);
  GetVolumeNameForVolumeMountPointW(L"C:\\", c_volume, MAX_PATH);
  r = GetVolumePathNamesForVolumeNameW(c_volume, paths, 2, &len);
  printf("GetVolumePathNamesForVolumeNameW small %d err %lu needed %lu\n", r, GetLastError(), len);
  char a[MAX_PATH];
  r = GetVolumePathNameA("C:\\windows\\system32\\nothing.dll", a, MAX_PATH);
  printf("GetVolumePathNameA %d [%s]\n", r, a);
  r = GetVolumePathNameW(L"c:\\x", name, MAX_PATH);
  printf("GetVolumePathNameW %d [%ls]\n", r, name);
  WCHAR mp[MAX_PATH];
  SetLastError(0);
  h = FindFirstVolumeMountPointW(c_volume, mp, MAX_PATH);
  printf("FindFirstVolumeMountPointW invalid %d err %lu\n", h == INVALID_HANDLE_VALUE, GetLastError());
  return 0;
}
