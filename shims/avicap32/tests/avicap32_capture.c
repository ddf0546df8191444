// AVICAP32 on a machine with no capture driver: capGetDriverDescription finds none, and a capture
// window (capCreateCaptureWindow) cannot connect to a driver; what it keeps without one (user
// data), its window's properties.
// Links: -lavicap32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <vfw.h>

int main(void) {
  char name[80], version[80];
  WCHAR namew[80], versionw[80];
  for (WORD i = 0; i < 3; i++) {
    strcpy(name, "unchanged");
    BOOL ok = capGetDriverDescriptionA(i, name, sizeof name, version, sizeof version);
    printf("capGetDriverDescriptionA(%u): %d [%s]\n", i, ok, name);
  }
  printf("capGetDriverDescriptionW(0): %d\n", capGetDriverDescriptionW(0, namew, 80, versionw, 80));

  HWND w = capCreateCaptureWindowA("capture", WS_POPUP, 0, 0, 160, 120, NULL, 0);
  printf("capCreateCaptureWindowA: %s\n", w ? "a window" : "NULL");
  char text[80] = "";
  GetWindowTextA(w, text, sizeof text);
  printf("  text [%s] style %#lx visible %d\n", text, (unsigned long)GetWindowLongA(w, GWL_STYLE), IsWindowVisible(w));
  printf("  WM_CAP_DRIVER_CONNECT 0: %d\n", (int)capDriverConnect(w, 0));
  printf("  WM_CAP_DRIVER_CONNECT 1: %d\n", (int)capDriverConnect(w, 1));
  printf("  WM_CAP_DRIVER_GET_NAME: %d\n", (int)capDriverGetName(w, name, sizeof name));
  CAPDRIVERCAPS caps;
  memset(&caps, 0, sizeof caps);
  printf("  WM_CAP_DRIVER_GET_CAPS: %d\n", (int)capDriverGetCaps(w, &caps, sizeof caps));
  CAPSTATUS status;
  printf("  WM_CAP_GET_STATUS: %d\n", (int)capGetStatus(w, &status, sizeof status));
  printf("  WM_CAP_GRAB_FRAME: %d\n", (int)capGrabFrame(w));
  printf("  WM_CAP_DRIVER_DISCONNECT: %d\n", (int)capDriverDisconnect(w));
  printf("  DestroyWindow: %d\n", DestroyWindow(w));

  HWND parent = CreateWindowA("STATIC", "parent", WS_POPUP, 0, 0, 320, 240, NULL, NULL, NULL, NULL);
  HWND child = capCreateCaptureWindowW(L"child", WS_CHILD, 10, 10, 160, 120, parent, 7);
  printf("capCreateCaptureWindowW child: %s parent ok %d id %ld\n", child ? "a window" : "NULL", GetParent(child) == parent,
         (long)GetWindowLongPtrA(child, GWLP_ID));
  printf("  WM_CAP_DRIVER_CONNECT: %d\n", (int)SendMessageW(child, WM_CAP_DRIVER_CONNECT, 0, 0));
  DestroyWindow(parent);
  printf("  the child went with its parent: %d\n", !IsWindow(child));
  return 0;
}
