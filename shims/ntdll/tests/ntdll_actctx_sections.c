/* Activation context sections: NTDLL's RtlFindActivationContextSectionString and KERNEL32's
 * FindActCtxSectionStringW/A find a DLL of the active context's manifest (its DLL redirection
 * section), with the context's handle asked back; a DLL it lacks, and a GUID section, are not found
 * (RtlFindActivationContextSectionGuid, FindActCtxSectionGuid). Expected output: wine 8.0's (x64);
 * the i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  WCHAR* Buffer;
} US;
typedef LONG(NTAPI* FindString_fn)(ULONG, const GUID*, ULONG, const US*, ACTCTX_SECTION_KEYED_DATA*);
typedef LONG(NTAPI* FindGuid_fn)(ULONG, const GUID*, ULONG, const GUID*, ACTCTX_SECTION_KEYED_DATA*);

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<assembly xmlns=\"urn:schemas-microsoft-com:asm.v1\" manifestVersion=\"1.0\">\n"
    "  <assemblyIdentity type=\"win32\" name=\"polyrun.sections\" version=\"1.0.0.0\"/>\n"
    "  <file name=\"polyrun_section_test.dll\"/>\n"
    "</assembly>\n";

static void show(const char* what, BOOL found, const ACTCTX_SECTION_KEYED_DATA* d, HANDLE ctx) {
  printf("%s: %d", what, found);
  if (found)
    printf(", format %lu, data %d, the context %d, roster %lu", d->ulDataFormatVersion, d->lpData != NULL,
           d->hActCtx == ctx, d->ulAssemblyRosterIndex);
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  FindString_fn find_string = (FindString_fn)GetProcAddress(ntdll, "RtlFindActivationContextSectionString");
  FindGuid_fn find_guid = (FindGuid_fn)GetProcAddress(ntdll, "RtlFindActivationContextSectionGuid");
  printf("found: %d %d\n", find_string != NULL, find_guid != NULL);

  WCHAR path[MAX_PATH];
  GetTempPathW(MAX_PATH, path);
  wcscat(path, L"polyrun_sections.manifest");
  HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD written;
  WriteFile(f, manifest, sizeof manifest - 1, &written, NULL);
  CloseHandle(f);
  ACTCTXW ac;
  memset(&ac, 0, sizeof ac);
  ac.cbSize = sizeof ac;
  ac.lpSource = path;
  HANDLE h = CreateActCtxW(&ac);
  ULONG_PTR cookie = 0;
  printf("activated: %d\n", ActivateActCtx(h, &cookie));

  ACTCTX_SECTION_KEYED_DATA d;
  memset(&d, 0, sizeof d);
  d.cbSize = sizeof d;
  WCHAR name[] = L"polyrun_section_test.dll";
  US us = {(USHORT)(wcslen(name) * 2), (USHORT)(wcslen(name) * 2 + 2), name};
  LONG s = find_string(1 /* FIND_ACTCTX_SECTION_KEY_RETURN_HACTCTX */, NULL,
                       ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, &us, &d);
  printf("RtlFindActivationContextSectionString: 0x%lx\n", (unsigned long)s);
  show("found by NTDLL", s == 0, &d, h);
  if (s == 0 && d.hActCtx) ReleaseActCtx(d.hActCtx);

  memset(&d, 0, sizeof d);
  d.cbSize = sizeof d;
  BOOL ok = FindActCtxSectionStringW(FIND_ACTCTX_SECTION_KEY_RETURN_HACTCTX, NULL,
                                     ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, L"POLYRUN_SECTION_TEST.DLL", &d);
  show("FindActCtxSectionStringW in capitals", ok, &d, h);
  if (ok && d.hActCtx) ReleaseActCtx(d.hActCtx);
  memset(&d, 0, sizeof d);
  d.cbSize = sizeof d;
  ok = FindActCtxSectionStringA(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, "polyrun_section_test.dll", &d);
  show("FindActCtxSectionStringA", ok, &d, NULL);

  memset(&d, 0, sizeof d);
  d.cbSize = sizeof d;
  SetLastError(0);
  ok = FindActCtxSectionStringW(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, L"polyrun_not_there.dll", &d);
  printf("a DLL not there: %d, error %lu\n", ok, GetLastError());
  WCHAR other[] = L"polyrun_not_there.dll";
  US ous = {(USHORT)(wcslen(other) * 2), (USHORT)(wcslen(other) * 2 + 2), other};
  printf("by NTDLL: 0x%lx\n", (unsigned long)find_string(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, &ous, &d));

  static const GUID clsid = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
  SetLastError(0);
  ok = FindActCtxSectionGuid(0, NULL, ACTIVATION_CONTEXT_SECTION_COM_SERVER_REDIRECTION, &clsid, &d);
  printf("a class not there: %d, error %lu\n", ok, GetLastError());
  printf("by NTDLL: 0x%lx\n",
         (unsigned long)find_guid(0, NULL, ACTIVATION_CONTEXT_SECTION_COM_SERVER_REDIRECTION, &clsid, &d));

  DeactivateActCtx(0, cookie);
  memset(&d, 0, sizeof d);
  d.cbSize = sizeof d;
  ok = FindActCtxSectionStringW(0, NULL, ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION, L"polyrun_section_test.dll", &d);
  printf("after deactivating: %d\n", ok);
  ReleaseActCtx(h);
  DeleteFileW(path);
  return 0;
}
