// Keyboard accelerators: a table from the program's RT_ACCELERATOR resource and one made from an
// ACCEL array, their entries read back, and TranslateAccelerator over key and character messages
// with different modifiers held (the thread's key state set with SetKeyboardState): which make
// the window's WM_COMMAND and which do not; errors for bad handles. The same program under wine
// 8.0 gives the expected output.
// Links: -luser32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_COMMAND) printf("  WM_COMMAND id %u source %u\n", LOWORD(w), HIWORD(w));
  return DefWindowProcA(h, m, w, l);
}

static void hold(int shift, int ctrl, int alt) {
  BYTE keys[256];
  memset(keys, 0, sizeof keys);
  if (shift) keys[VK_SHIFT] = 0x80;
  if (ctrl) keys[VK_CONTROL] = 0x80;
  if (alt) keys[VK_MENU] = 0x80;
  SetKeyboardState(keys);
}

static void try_key(HWND h, HACCEL a, UINT message, WPARAM key, int shift, int ctrl, int alt) {
  hold(shift, ctrl, alt);
  MSG m;
  memset(&m, 0, sizeof m);
  m.hwnd = h;
  m.message = message;
  m.wParam = key;
  m.lParam = 1;
  int r = TranslateAcceleratorA(h, a, &m);
  printf("msg %04x key %02x shift %d ctrl %d alt %d: %d\n", message, (unsigned)key, shift, ctrl, alt, r);
}

int main(void) {
  WNDCLASSA wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "accels";
  RegisterClassA(&wc);
  HWND h = CreateWindowA("accels", "accels", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, wc.hInstance, NULL);

  HACCEL a = LoadAcceleratorsA(wc.hInstance, "ACCELS");
  HACCEL again = LoadAcceleratorsA(wc.hInstance, "ACCELS");
  printf("loaded %d, again the same %d\n", a != NULL, a == again);
  int n = CopyAcceleratorTableA(a, NULL, 0);
  ACCEL entries[16];
  int copied = CopyAcceleratorTableA(a, entries, 16);
  printf("entries %d copied %d\n", n, copied);
  for (int i = 0; i < copied; ++i)
    printf("  fVirt %02x key %04x cmd %u\n", entries[i].fVirt & 0x7f, entries[i].key, entries[i].cmd);

  try_key(h, a, WM_KEYDOWN, 'A', 0, 1, 0);
  try_key(h, a, WM_KEYDOWN, 'A', 0, 0, 0);
  try_key(h, a, WM_KEYDOWN, 'A', 1, 1, 0);
  try_key(h, a, WM_KEYDOWN, VK_F5, 0, 0, 0);
  try_key(h, a, WM_KEYDOWN, VK_F5, 1, 0, 0);
  try_key(h, a, WM_KEYUP, VK_F5, 0, 0, 0);
  try_key(h, a, WM_CHAR, 'b', 0, 0, 0);
  try_key(h, a, WM_CHAR, 'B', 1, 0, 0);
  try_key(h, a, WM_KEYDOWN, 'C', 1, 1, 0);
  try_key(h, a, WM_KEYDOWN, 'C', 0, 1, 0);
  try_key(h, a, WM_SYSKEYDOWN, VK_DELETE, 0, 0, 1);
  try_key(h, a, WM_KEYDOWN, VK_DELETE, 0, 0, 0);
  try_key(h, a, WM_SYSCHAR, 'x', 0, 0, 1);
  try_key(h, a, WM_CHAR, 'x', 0, 0, 0);

  ACCEL made[2] = {{FVIRTKEY | FCONTROL, 'Z', 200}, {0, '#', 201}};
  HACCEL b = CreateAcceleratorTableA(made, 2);
  printf("created %d entries %d\n", b != NULL, CopyAcceleratorTableA(b, NULL, 0));
  try_key(h, b, WM_KEYDOWN, 'Z', 0, 1, 0);
  try_key(h, b, WM_CHAR, '#', 0, 0, 0);
  printf("destroy %d\n", DestroyAcceleratorTable(b));
  SetLastError(0);
  int bad = DestroyAcceleratorTable(b);
  printf("destroy again %d\n", bad);
  SetLastError(0);
  MSG m;
  memset(&m, 0, sizeof m);
  m.message = WM_KEYDOWN;
  m.wParam = 'Z';
  int r = TranslateAcceleratorA(h, b, &m);
  DWORD err = GetLastError();
  printf("translate with a destroyed table %d error %lu\n", r, (unsigned long)err);
  DestroyWindow(h);
  return 0;
}
