/* NTDLL's activation contexts: RtlCreateActivationContext of a manifest file, RtlAddRef/Release,
 * RtlActivateActivationContext(Ex) and RtlDeactivateActivationContext on the thread's stack,
 * RtlIsActivationContextActive, RtlGetActiveActivationContext (and KERNEL32's GetCurrentActCtx
 * seeing it), RtlQueryInformationActivationContext's run level, the active context's basic
 * information, RtlQueryActivationContextApplicationSettings, RtlZombifyActivationContext,
 * RtlFreeThreadActivationContextStack. Expected output: wine 8.0's (x64); the i686 build is held to
 * the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG(NTAPI* Create_fn)(HANDLE*, const ACTCTXW*);
typedef void(NTAPI* Handle_fn)(HANDLE);
typedef LONG(NTAPI* Zombify_fn)(HANDLE);
typedef LONG(NTAPI* Activate_fn)(ULONG, HANDLE, ULONG_PTR*);
typedef LONG(NTAPI* ActivateEx_fn)(ULONG, void*, HANDLE, ULONG_PTR*);
typedef void(NTAPI* Deactivate_fn)(ULONG, ULONG_PTR);
typedef void(NTAPI* Free_fn)(void);
typedef LONG(NTAPI* GetActive_fn)(HANDLE*);
typedef BOOLEAN(NTAPI* IsActive_fn)(HANDLE);
typedef LONG(NTAPI* Query_fn)(ULONG, HANDLE, void*, ULONG, void*, SIZE_T, SIZE_T*);
typedef LONG(NTAPI* Settings_fn)(ULONG, HANDLE, const WCHAR*, const WCHAR*, WCHAR*, SIZE_T, SIZE_T*);

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<assembly xmlns=\"urn:schemas-microsoft-com:asm.v1\" manifestVersion=\"1.0\">\n"
    "  <assemblyIdentity type=\"win32\" name=\"polyrun.ntdll.test\" version=\"1.2.3.4\"/>\n"
    "  <trustInfo xmlns=\"urn:schemas-microsoft-com:asm.v3\"><security><requestedPrivileges>\n"
    "    <requestedExecutionLevel level=\"asInvoker\" uiAccess=\"false\"/>\n"
    "  </requestedPrivileges></security></trustInfo>\n"
    "  <application xmlns=\"urn:schemas-microsoft-com:asm.v3\"><windowsSettings>\n"
    "    <dpiAware xmlns=\"http://schemas.microsoft.com/SMI/2005/WindowsSettings\">true</dpiAware>\n"
    "  </windowsSettings></application>\n"
    "</assembly>\n";

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Create_fn create = (Create_fn)GetProcAddress(ntdll, "RtlCreateActivationContext");
  Handle_fn add_ref = (Handle_fn)GetProcAddress(ntdll, "RtlAddRefActivationContext");
  Handle_fn release = (Handle_fn)GetProcAddress(ntdll, "RtlReleaseActivationContext");
  Zombify_fn zombify = (Zombify_fn)GetProcAddress(ntdll, "RtlZombifyActivationContext");
  Activate_fn activate = (Activate_fn)GetProcAddress(ntdll, "RtlActivateActivationContext");
  ActivateEx_fn activate_ex = (ActivateEx_fn)GetProcAddress(ntdll, "RtlActivateActivationContextEx");
  Deactivate_fn deactivate = (Deactivate_fn)GetProcAddress(ntdll, "RtlDeactivateActivationContext");
  Free_fn free_stack = (Free_fn)GetProcAddress(ntdll, "RtlFreeThreadActivationContextStack");
  GetActive_fn get_active = (GetActive_fn)GetProcAddress(ntdll, "RtlGetActiveActivationContext");
  IsActive_fn is_active = (IsActive_fn)GetProcAddress(ntdll, "RtlIsActivationContextActive");
  Query_fn query = (Query_fn)GetProcAddress(ntdll, "RtlQueryInformationActivationContext");
  Settings_fn settings = (Settings_fn)GetProcAddress(ntdll, "RtlQueryActivationContextApplicationSettings");
  printf("found: %d %d %d %d %d %d %d %d %d %d %d %d\n", create != NULL, add_ref != NULL, release != NULL,
         zombify != NULL, activate != NULL, activate_ex != NULL, deactivate != NULL, free_stack != NULL,
         get_active != NULL, is_active != NULL, query != NULL, settings != NULL);

  WCHAR path[MAX_PATH];
  GetTempPathW(MAX_PATH, path);
  wcscat(path, L"polyrun_ntdll_actctx.manifest");
  HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD written;
  WriteFile(f, manifest, sizeof manifest - 1, &written, NULL);
  CloseHandle(f);

  ACTCTXW ac;
  memset(&ac, 0, sizeof ac);
  ac.cbSize = sizeof ac;
  ac.lpSource = path;
  HANDLE h = NULL;
  LONG s = create(&h, &ac);
  printf("create: 0x%lx, a handle %d\n", (unsigned long)s, h != NULL && h != INVALID_HANDLE_VALUE);
  ACTCTXW missing = ac;
  missing.lpSource = L"c:\\polyrun_no_such_dir\\none.manifest";
  HANDLE none = NULL;
  printf("create from a file not there: 0x%lx\n", (unsigned long)create(&none, &missing));

  printf("active before: %d\n", is_active(h));
  ULONG_PTR cookie = 0, cookie2 = 0;
  s = activate(0, h, &cookie);
  printf("activate: 0x%lx, a cookie %d, active %d\n", (unsigned long)s, cookie != 0, is_active(h));
  HANDLE current = NULL;
  s = get_active(&current);
  printf("the active context: 0x%lx, it %d\n", (unsigned long)s, current == h);
  release(current);
  HANDLE k32 = NULL;
  GetCurrentActCtx(&k32);
  printf("KERNEL32's GetCurrentActCtx: it %d\n", k32 == h);
  ReleaseActCtx(k32);

  struct {
    HANDLE ctx;
    DWORD flags;
  } basic;
  SIZE_T got = 0;
  memset(&basic, 0xcc, sizeof basic);
  s = query(0x80000000 /* NO_ADDREF */, h, NULL, 1, &basic, sizeof basic, &got);
  printf("basic information: 0x%lx, it %d, flags %lu\n", (unsigned long)s, basic.ctx == h, basic.flags);
  DWORD level[3] = {0xcc, 0xcc, 0xcc};
  s = query(0, h, NULL, 5, level, sizeof level, &got);
  printf("run level: 0x%lx, %lu bytes, level %lu ui access %lu\n", (unsigned long)s, (unsigned long)got, level[1],
         level[2]);
  s = query(0, h, NULL, 5, level, 4, &got);
  printf("run level into 4 bytes: 0x%lx, %lu bytes\n", (unsigned long)s, (unsigned long)got);

  WCHAR value[32];
  got = 0;
  s = settings(0, h, NULL, L"dpiAware", value, 32, &got);
  printf("dpiAware: 0x%lx, %ls, %lu characters\n", (unsigned long)s, s == 0 ? value : L"", (unsigned long)got);
  s = settings(0, h, NULL, L"gdiScaling", value, 32, &got);
  printf("gdiScaling: 0x%lx\n", (unsigned long)s);

  add_ref(h);
  s = activate_ex(0, NtCurrentTeb(), h, &cookie2);
  printf("activate again (Ex): 0x%lx\n", (unsigned long)s);
  deactivate(0, cookie2);
  printf("after deactivating it, still active: %d\n", is_active(h));
  deactivate(0, cookie);
  printf("after deactivating the first: %d\n", is_active(h));

  s = activate(0, h, &cookie);
  free_stack();
  printf("after RtlFreeThreadActivationContextStack: %d\n", is_active(h));
  current = (HANDLE)1;
  get_active(&current);
  printf("the active context: none %d\n", current == NULL);

  printf("zombify: 0x%lx\n", (unsigned long)zombify(h));
  release(h);
  release(h);
  DeleteFileW(path);
  return 0;
}
