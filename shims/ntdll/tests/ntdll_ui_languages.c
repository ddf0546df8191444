/* NTDLL's preferred UI languages: the user's and the system's by name and by id, sizes asked for
 * and too small a buffer, and a process's and a thread's list set and read back. Expected output:
 * wine 8.0's (x64), under a US English locale. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

static void show(const char* what, NTSTATUS s, ULONG count, const WCHAR* buf, ULONG size) {
  printf("%s: 0x%lx, count %lu, size %lu", what, S(s), count, size);
  if (!s && buf) {
    printf(", \"");
    for (ULONG i = 0; i < size; ++i) printf(buf[i] ? "%lc" : "|", buf[i]);
    printf("\"");
  }
  printf("\n");
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * user)(DWORD, ULONG, ULONG*, WCHAR*, ULONG*) = (void*)FN("RtlGetUserPreferredUILanguages");
  NTSTATUS(NTAPI * system)(DWORD, ULONG, ULONG*, WCHAR*, ULONG*) = (void*)FN("RtlGetSystemPreferredUILanguages");
  NTSTATUS(NTAPI * process)(DWORD, ULONG*, WCHAR*, ULONG*) = (void*)FN("RtlGetProcessPreferredUILanguages");
  NTSTATUS(NTAPI * thread)(DWORD, ULONG*, WCHAR*, ULONG*) = (void*)FN("RtlGetThreadPreferredUILanguages");
  NTSTATUS(NTAPI * set_process)(DWORD, const WCHAR*, ULONG*) = (void*)FN("RtlSetProcessPreferredUILanguages");
  NTSTATUS(NTAPI * set_thread)(DWORD, const WCHAR*, ULONG*) = (void*)FN("RtlSetThreadPreferredUILanguages");
  printf("found: %d %d %d %d %d %d\n", user != NULL, system != NULL, process != NULL, thread != NULL,
         set_process != NULL, set_thread != NULL);
  WCHAR buf[64];
  ULONG count = 0, size = 0;
  NTSTATUS s = user(MUI_LANGUAGE_NAME, 0, &count, NULL, &size);
  show("user, the size", s, count, NULL, size);
  size = 64;
  s = user(MUI_LANGUAGE_NAME, 0, &count, buf, &size);
  show("user by name", s, count, buf, size);
  size = 64;
  s = user(MUI_LANGUAGE_ID, 0, &count, buf, &size);
  show("user by id", s, count, buf, size);
  size = 3;
  s = user(MUI_LANGUAGE_NAME, 0, &count, buf, &size);
  printf("user into 3: 0x%lx, size %lu\n", S(s), size);
  size = 64;
  s = user(MUI_LANGUAGE_NAME | MUI_LANGUAGE_ID, 0, &count, buf, &size);
  printf("user by name and id: 0x%lx\n", S(s));
  size = 64;
  s = system(MUI_LANGUAGE_NAME, 0, &count, buf, &size);
  show("system by name", s, count, buf, size);
  ULONG set = 0;
  s = set_process(MUI_LANGUAGE_NAME, L"en-US\0", &set);
  printf("set the process's: 0x%lx\n", S(s));
  size = 64;
  s = process(MUI_LANGUAGE_NAME, &count, buf, &size);
  show("process", s, count, buf, size);
  s = set_thread(MUI_LANGUAGE_NAME, L"en-US\0", &set);
  printf("set the thread's: 0x%lx\n", S(s));
  size = 64;
  s = thread(MUI_LANGUAGE_NAME, &count, buf, &size);
  show("thread", s, count, buf, size);
  return 0;
}
