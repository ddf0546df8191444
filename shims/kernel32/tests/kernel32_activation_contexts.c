/* Activation contexts: one made from a manifest file (its identity, files, run level,
 * compatibility and windowsSettings), one from the program's own manifest resource; activating and
 * deactivating them on the thread's stack (cookies, out-of-order deactivation), GetCurrentActCtx,
 * QueryActCtxW's basic, run level and compatibility information, QueryActCtxSettingsW. */
#include <windows.h>

#include <stdio.h>
#include <string.h>

static const char kManifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<assembly xmlns=\"urn:schemas-microsoft-com:asm.v1\" manifestVersion=\"1.0\">\n"
    "  <assemblyIdentity type=\"win32\" name=\"Polyrun.Test\" version=\"1.2.3.4\" processorArchitecture=\"*\"/>\n"
    "  <file name=\"helper.dll\"/>\n"
    "  <trustInfo xmlns=\"urn:schemas-microsoft-com:asm.v3\"><security><requestedPrivileges>\n"
    "    <requestedExecutionLevel level=\"highestAvailable\" uiAccess=\"false\"/>\n"
    "  </requestedPrivileges></security></trustInfo>\n"
    "  <compatibility xmlns=\"urn:schemas-microsoft-com:compatibility.v1\"><application>\n"
    "    <supportedOS Id=\"{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}\"/>\n"
    "    <supportedOS Id=\"{1f676c76-80e1-4239-95bb-83d0f6d0da78}\"/>\n"
    "  </application></compatibility>\n"
    "  <application xmlns=\"urn:schemas-microsoft-com:asm.v3\"><windowsSettings>\n"
    "    <dpiAware xmlns=\"http://schemas.microsoft.com/SMI/2005/WindowsSettings\">true/pm</dpiAware>\n"
    "  </windowsSettings></application>\n"
    "</assembly>\n";

int main(void) {
  char path[MAX_PATH];
  GetTempPathA(sizeof path, path);
  strcat(path, "k32_actctx.manifest");
  HANDLE f = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(f, kManifest, sizeof kManifest - 1, &n, NULL);
  CloseHandle(f);

  ACTCTXA ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.cbSize = sizeof ctx;
  ctx.lpSource = path;
  HANDLE h = CreateActCtxA(&ctx);
  printf("CreateActCtxA ok %d\n", h != INVALID_HANDLE_VALUE);

  ACTIVATION_CONTEXT_BASIC_INFORMATION basic;
  SIZE_T size = 0;
  BOOL r = QueryActCtxW(0, h, NULL, ActivationContextBasicInformation, &basic, sizeof basic, &size);
  printf("basic %d same handle %d flags %lu size %d\n", r, basic.hActCtx == h, basic.dwFlags, (int)(size == sizeof basic));
  ReleaseActCtx(basic.hActCtx);
  ACTIVATION_CONTEXT_RUN_LEVEL_INFORMATION level;
  r = QueryActCtxW(0, h, NULL, RunlevelInformationInActivationContext, &level, sizeof level, &size);
  printf("run level %d level %d ui access %lu\n", r, level.RunLevel, level.UiAccess);
  BYTE compat[256];
  r = QueryActCtxW(0, h, NULL, CompatibilityInformationInActivationContext, compat, sizeof compat, &size);
  DWORD count;
  memcpy(&count, compat, 4);
  printf("compatibility %d elements %lu\n", r, count);
  SetLastError(0);
  r = QueryActCtxW(0, h, NULL, CompatibilityInformationInActivationContext, compat, 4, &size);
  printf("compatibility small %d err %lu\n", r, GetLastError());
  WCHAR value[64];
  r = QueryActCtxSettingsW(0, h, NULL, L"dpiAware", value, 64, &size);
  printf("dpiAware %d [%ls] size %d\n", r, r ? value : L"", (int)size);
  SetLastError(0);
  r = QueryActCtxSettingsW(0, h, NULL, L"gdiScaling", value, 64, &size);
  printf("gdiScaling %d err %lu\n", r, GetLastError());

  HANDLE current = (HANDLE)1;
  r = GetCurrentActCtx(&current);
  printf("GetCurrentActCtx before %d null %d\n", r, current == NULL);
  ULONG_PTR c1 = 0, c2 = 0;
  printf("ActivateActCtx %d\n", ActivateActCtx(h, &c1));
  r = GetCurrentActCtx(&current);
  printf("GetCurrentActCtx active %d\n", current == h);
  ReleaseActCtx(current);
  ActivateActCtx(NULL, &c2);
  r = GetCurrentActCtx(&current);
  printf("GetCurrentActCtx after activating none %d null %d\n", r, current == NULL);
  r = DeactivateActCtx(0, c2);
  printf("DeactivateActCtx top %d\n", r);
  ActivateActCtx(NULL, &c2);
  r = DeactivateActCtx(DEACTIVATE_ACTCTX_FLAG_FORCE_EARLY_DEACTIVATION, c1);
  printf("DeactivateActCtx forced early %d\n", r);
  r = GetCurrentActCtx(&current);
  printf("GetCurrentActCtx after %d null %d\n", r, current == NULL);
  ReleaseActCtx(h);

  strcpy(strrchr(path, '.'), ".none");
  ctx.lpSource = path;
  ctx.dwFlags = 0;
  SetLastError(0);
  HANDLE none = CreateActCtxA(&ctx);
  printf("missing manifest %d err %lu\n", none == INVALID_HANDLE_VALUE, GetLastError());
  return 0;
}
