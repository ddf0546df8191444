/* Window stations and desktops: the process's (WinSta0, Default) and their information, ones the
 * program creates, opens, enumerates and closes, a thread moved to another desktop, the windows of
 * a desktop, and the errors for handles that are not theirs. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static BOOL CALLBACK name_found(LPWSTR name, LPARAM lp) {
  if (!wcscmp(name, (const WCHAR *)lp)) printf("  found %ls\n", name);
  return TRUE;
}
static BOOL CALLBACK first_only(LPSTR name, LPARAM lp) {
  (*(int *)lp)++;
  (void)name;
  return FALSE;
}
static int windows_seen;
static HWND mine;
static BOOL CALLBACK window_found(HWND h, LPARAM lp) {
  (void)lp;
  if (h == mine) windows_seen++;
  return TRUE;
}

static void info(const char *what, HANDLE h) {
  WCHAR name[64] = L"", type[64] = L"";
  DWORD need = 0;
  BOOL a = GetUserObjectInformationW(h, UOI_NAME, name, sizeof name, &need);
  BOOL b = GetUserObjectInformationW(h, UOI_TYPE, type, sizeof type, NULL);
  USEROBJECTFLAGS f = {0};
  BOOL c = GetUserObjectInformationW(h, UOI_FLAGS, &f, sizeof f, NULL);
  printf("%s: name %d \"%ls\" (%lu bytes), type %d \"%ls\", flags %d inherit %d flags 0x%lx\n", what, a, name, need, b, type,
         c, f.fInherit, f.dwFlags);
}

static DWORD WINAPI on_other_desktop(LPVOID arg) {
  HDESK d = (HDESK)arg;
  BOOL ok = SetThreadDesktop(d);
  printf("SetThreadDesktop(new desktop) on a thread without windows: %d\n", ok);
  printf("  GetThreadDesktop is it: %d\n", GetThreadDesktop(GetCurrentThreadId()) == d);
  return 0;
}

int main(void) {
  HWINSTA ws = GetProcessWindowStation();
  HDESK desk = GetThreadDesktop(GetCurrentThreadId());
  info("process window station", ws);
  info("thread desktop", desk);
  char small[2];
  DWORD need = 0;
  SetLastError(0);
  BOOL ok = GetUserObjectInformationA(desk, UOI_NAME, small, sizeof small, &need);
  printf("UOI_NAME (A) into 2 bytes: %d, error %lu, needs %lu\n", ok, GetLastError(), need);
  DWORD io = 9;
  ok = GetUserObjectInformationW(desk, UOI_IO, &io, sizeof io, NULL);
  printf("UOI_IO of the thread desktop: %d %lu\n", ok, io);

  HWINSTA opened = OpenWindowStationW(L"WinSta0", FALSE, WINSTA_ENUMDESKTOPS);
  printf("OpenWindowStation(WinSta0): %d\n", opened != NULL);
  SetLastError(0);
  HWINSTA none = OpenWindowStationW(L"NoSuchStation", FALSE, WINSTA_ENUMDESKTOPS);
  printf("OpenWindowStation(NoSuchStation): %d, error %lu\n", none != NULL, GetLastError());
  printf("EnumDesktops(WinSta0) finds Default:\n");
  EnumDesktopsW(opened, name_found, (LPARAM)L"Default");
  int calls = 0;
  ok = EnumDesktopsA(opened, first_only, (LPARAM)&calls);
  printf("EnumDesktopsA stopped by its callback: %d after %d call(s)\n", ok, calls);
  printf("CloseWindowStation(opened): %d\n", CloseWindowStation(opened));
  SetLastError(0);
  ok = CloseWindowStation(ws);
  printf("CloseWindowStation(the process's): %d, error %lu\n", ok, GetLastError());

  HDESK made = CreateDesktopW(L"polyrun_test_desktop", NULL, NULL, 0, GENERIC_ALL, NULL);
  printf("CreateDesktop: %d\n", made != NULL);
  info("created desktop", made);
  printf("EnumDesktops(NULL) finds it:\n");
  EnumDesktopsW(NULL, name_found, (LPARAM)L"polyrun_test_desktop");
  HDESK again = OpenDesktopW(L"POLYRUN_TEST_DESKTOP", 0, FALSE, GENERIC_ALL);
  printf("OpenDesktop by another case: %d\n", again != NULL);
  printf("CloseDesktop(again): %d\n", CloseDesktop(again));

  HANDLE t = CreateThread(NULL, 0, on_other_desktop, made, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);

  WNDCLASSA wc = {0};
  wc.lpfnWndProc = DefWindowProcA;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "window_stations";
  RegisterClassA(&wc);
  mine = CreateWindowA("window_stations", "t", WS_POPUP, 0, 0, 10, 10, NULL, NULL, wc.hInstance, NULL);
  SetLastError(0);
  ok = SetThreadDesktop(made);
  printf("SetThreadDesktop(new desktop) with a window: %d\n", ok);
  EnumDesktopWindows(desk, window_found, 0);
  printf("EnumDesktopWindows(thread desktop) sees the window: %d\n", windows_seen);
  windows_seen = 0;
  EnumDesktopWindows(made, window_found, 0);
  printf("EnumDesktopWindows(new desktop) sees it: %d\n", windows_seen);
  DestroyWindow(mine);
  SetLastError(0);
  ok = CloseDesktop(desk);
  printf("CloseDesktop(the thread's): %d, error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = GetUserObjectInformationW((HANDLE)0x1234, UOI_NAME, NULL, 0, &need);
  printf("GetUserObjectInformation(bad handle): %d, error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = CloseDesktop((HDESK)ws);
  printf("CloseDesktop(a window station): %d, error %lu\n", ok, GetLastError());
  return 0;
}
