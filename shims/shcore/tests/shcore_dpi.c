// SHCORE: the monitors' DPI and scale, the process's DPI awareness (once), the explicit
// AppUserModelID, the process reference, a feature's state, and SHLWAPI's and SHELL32's functions
// under SHCORE's name. Each function is found by name in SHCORE.dll.
// Links: -luser32 -lole32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <objbase.h>

static HMODULE dll;
static FARPROC proc(const char* name) {
  FARPROC f = GetProcAddress(dll, name);
  if (!f) {
    printf("missing %s\n", name);
    ExitProcess(1);
  }
  return f;
}

typedef HRESULT(WINAPI* GetDpiForMonitorFn)(HMONITOR, int, UINT*, UINT*);
typedef HRESULT(WINAPI* GetScaleFactorForMonitorFn)(HMONITOR, int*);
typedef int(WINAPI* GetScaleFactorForDeviceFn)(int);
typedef HRESULT(WINAPI* SetProcessDpiAwarenessFn)(int);
typedef HRESULT(WINAPI* GetProcessDpiAwarenessFn)(HANDLE, int*);
typedef HRESULT(WINAPI* SetAppIdFn)(PCWSTR);
typedef HRESULT(WINAPI* GetAppIdFn)(PWSTR*);
typedef HRESULT(WINAPI* GetProcessReferenceFn)(IUnknown**);
typedef int(WINAPI* GetFeatureEnabledStateFn)(UINT32, int);
typedef HRESULT(WINAPI* SHStrDupWFn)(LPCWSTR, LPWSTR*);
typedef LPWSTR*(WINAPI* CommandLineToArgvWFn)(LPCWSTR, int*);
typedef IStream*(WINAPI* SHCreateMemStreamFn)(const BYTE*, UINT);
typedef HRESULT(WINAPI* IStream_SizeFn)(IStream*, ULARGE_INTEGER*);

int main(void) {
  dll = LoadLibraryA("shcore.dll");
  printf("shcore loaded %d\n", dll != NULL);
  HMONITOR mon = MonitorFromPoint((POINT){0, 0}, MONITOR_DEFAULTTOPRIMARY);
  UINT x = 0, y = 0;
  HRESULT hr = ((GetDpiForMonitorFn)proc("GetDpiForMonitor"))(mon, 0, &x, &y);
  printf("GetDpiForMonitor effective %08lx %u %u\n", hr, x, y);
  hr = ((GetDpiForMonitorFn)proc("GetDpiForMonitor"))(mon, 2, &x, &y);
  printf("GetDpiForMonitor raw %08lx\n", hr);
  printf("GetDpiForMonitor(type 3) %08lx\n", ((GetDpiForMonitorFn)proc("GetDpiForMonitor"))(mon, 3, &x, &y));
  int scale = 0;
  hr = ((GetScaleFactorForMonitorFn)proc("GetScaleFactorForMonitor"))(mon, &scale);
  printf("GetScaleFactorForMonitor %08lx %d\n", hr, scale);
  printf("GetScaleFactorForDevice %d\n", ((GetScaleFactorForDeviceFn)proc("GetScaleFactorForDevice"))(0));

  int awareness = -1;
  hr = ((GetProcessDpiAwarenessFn)proc("GetProcessDpiAwareness"))(NULL, &awareness);
  printf("GetProcessDpiAwareness %08lx %d\n", hr, awareness);
  printf("SetProcessDpiAwareness(5) %08lx\n", ((SetProcessDpiAwarenessFn)proc("SetProcessDpiAwareness"))(5));
  printf("SetProcessDpiAwareness(2) %08lx\n", ((SetProcessDpiAwarenessFn)proc("SetProcessDpiAwareness"))(2));
  printf("again %08lx\n", ((SetProcessDpiAwarenessFn)proc("SetProcessDpiAwareness"))(1));
  hr = ((GetProcessDpiAwarenessFn)proc("GetProcessDpiAwareness"))(NULL, &awareness);
  printf("GetProcessDpiAwareness %08lx %d\n", hr, awareness);

  PWSTR id = NULL;
  hr = ((GetAppIdFn)proc("GetCurrentProcessExplicitAppUserModelID"))(&id);
  printf("GetCurrentProcessExplicitAppUserModelID (none) %08lx %d\n", hr, id != NULL);
  printf("SetCurrentProcessExplicitAppUserModelID %08lx\n", ((SetAppIdFn)proc("SetCurrentProcessExplicitAppUserModelID"))(L"Polyrun.Sample.1"));
  hr = ((GetAppIdFn)proc("GetCurrentProcessExplicitAppUserModelID"))(&id);
  printf("GetCurrentProcessExplicitAppUserModelID %08lx [%ls]\n", hr, id ? id : L"");
  CoTaskMemFree(id);
  IUnknown* ref = (IUnknown*)1;
  hr = ((GetProcessReferenceFn)proc("GetProcessReference"))(&ref);
  printf("GetProcessReference (none) %08lx %d\n", hr, ref != NULL);
  printf("GetFeatureEnabledState %d\n", ((GetFeatureEnabledStateFn)proc("GetFeatureEnabledState"))(12345, 0));

  // SHLWAPI's and SHELL32's functions under SHCORE's name.
  LPWSTR copy = NULL;
  hr = ((SHStrDupWFn)proc("SHStrDupW"))(L"copied", &copy);
  printf("SHStrDupW %08lx [%ls]\n", hr, copy);
  CoTaskMemFree(copy);
  int argc = 0;
  LPWSTR* argv = ((CommandLineToArgvWFn)proc("CommandLineToArgvW"))(L"prog \"two words\" three", &argc);
  printf("CommandLineToArgvW %d [%ls] [%ls]\n", argc, argv[1], argv[2]);
  LocalFree(argv);
  static const BYTE bytes[10] = {1, 2, 3};
  IStream* s = ((SHCreateMemStreamFn)proc("SHCreateMemStream"))(bytes, sizeof bytes);
  ULARGE_INTEGER size = {{0}};
  hr = ((IStream_SizeFn)proc("IStream_Size"))(s, &size);
  printf("SHCreateMemStream, IStream_Size %08lx %lu\n", hr, (unsigned long)size.QuadPart);
  s->lpVtbl->Release(s);
  return 0;
}
