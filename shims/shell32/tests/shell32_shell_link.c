// Shell links (CLSID_ShellLink) through COM: a link made with IShellLinkW (path, arguments, working
// directory, description, icon, show command, hot key, relative path), saved with IPersistFile and
// read back by a new link in both widths; IPersistStream into a memory stream and back;
// IShellLinkDataList's blocks and flags; Resolve of a target that is there; GetCurFile and
// IsDirty. With the arguments "read FILE" it prints what a .lnk file holds
// (to read links another system made); "write FILE" makes the sample's link there.
// Links: -lole32 -luuid -lshell32
#define COBJMACROS
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <objbase.h>
#include <shlobj.h>
#include <shobjidl.h>

static void print_link(IShellLinkW* link) {
  WCHAR s[MAX_PATH];
  char a[MAX_PATH * 3];
  WIN32_FIND_DATAW fd;
  HRESULT hr = IShellLinkW_GetPath(link, s, MAX_PATH, &fd, SLGP_RAWPATH);
  // The path relative to the directory the sample runs in, which differs between machines.
  WCHAR here[MAX_PATH];
  GetCurrentDirectoryW(MAX_PATH, here);
  size_t n = wcslen(here);
  const WCHAR* shown = !_wcsnicmp(s, here, n) ? s + n : s;
  WideCharToMultiByte(CP_UTF8, 0, shown, -1, a, sizeof a, NULL, NULL);
  printf("  path %08lx [.%s]\n", hr, a);
  IShellLinkW_GetArguments(link, s, MAX_PATH);
  WideCharToMultiByte(CP_UTF8, 0, s, -1, a, sizeof a, NULL, NULL);
  printf("  arguments [%s]\n", a);
  IShellLinkW_GetWorkingDirectory(link, s, MAX_PATH);
  WideCharToMultiByte(CP_UTF8, 0, s, -1, a, sizeof a, NULL, NULL);
  printf("  working directory [%s]\n", a);
  IShellLinkW_GetDescription(link, s, MAX_PATH);
  WideCharToMultiByte(CP_UTF8, 0, s, -1, a, sizeof a, NULL, NULL);
  printf("  description [%s]\n", a);
  int icon = -1;
  IShellLinkW_GetIconLocation(link, s, MAX_PATH, &icon);
  WideCharToMultiByte(CP_UTF8, 0, s, -1, a, sizeof a, NULL, NULL);
  printf("  icon [%s] %d\n", a, icon);
  int show = -1;
  WORD key = 0;
  IShellLinkW_GetShowCmd(link, &show);
  IShellLinkW_GetHotkey(link, &key);
  printf("  show %d hot key %04x\n", show, key);
}

static IShellLinkW* new_link(void) {
  IShellLinkW* link = NULL;
  HRESULT hr = CoCreateInstance(&CLSID_ShellLink, NULL, CLSCTX_INPROC_SERVER, &IID_IShellLinkW, (void**)&link);
  if (hr != S_OK) {
    printf("CoCreateInstance(CLSID_ShellLink): %08lx\n", hr);
    ExitProcess(1);
  }
  return link;
}

static void fill(IShellLinkW* link, const WCHAR* target) {
  IShellLinkW_SetPath(link, target);
  IShellLinkW_SetArguments(link, L"--flag \"two words\"");
  IShellLinkW_SetWorkingDirectory(link, L"C:\\work dir");
  IShellLinkW_SetDescription(link, L"A link's description, \x00e9t\x00e9");
  IShellLinkW_SetIconLocation(link, L"C:\\icons\\app.ico", 3);
  IShellLinkW_SetShowCmd(link, SW_SHOWMINNOACTIVE);
  IShellLinkW_SetHotkey(link, MAKEWORD('K', HOTKEYF_CONTROL | HOTKEYF_ALT));
}

int main(int argc, char** argv) {
  CoInitialize(NULL);
  if (argc == 3 && !strcmp(argv[1], "read")) {
    IShellLinkW* link = new_link();
    IPersistFile* pf;
    IShellLinkW_QueryInterface(link, &IID_IPersistFile, (void**)&pf);
    WCHAR name[MAX_PATH];
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, name, MAX_PATH);
    printf("Load %08lx\n", IPersistFile_Load(pf, name, STGM_READ));
    print_link(link);
    return 0;
  }
  CreateDirectoryW(L"link_target", NULL);
  HANDLE f = CreateFileW(L"link_target\\program.exe", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  WriteFile(f, "MZ", 2, &(DWORD){0}, NULL);
  CloseHandle(f);
  WCHAR target[MAX_PATH];
  GetFullPathNameW(L"link_target\\program.exe", MAX_PATH, target, NULL);

  IShellLinkW* link = new_link();
  fill(link, target);
  IPersistFile* pf;
  printf("IPersistFile %08lx\n", IShellLinkW_QueryInterface(link, &IID_IPersistFile, (void**)&pf));
  printf("IsDirty %08lx\n", IPersistFile_IsDirty(pf));
  const WCHAR* file = L"sample.lnk";
  WCHAR file_arg[MAX_PATH];
  if (argc == 3 && !strcmp(argv[1], "write")) {
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, file_arg, MAX_PATH);
    file = file_arg;
  }
  WCHAR full[MAX_PATH];
  GetFullPathNameW(file, MAX_PATH, full, NULL);
  printf("Save %08lx\n", IPersistFile_Save(pf, full, TRUE));
  printf("IsDirty after %08lx\n", IPersistFile_IsDirty(pf));
  LPOLESTR current = NULL;
  HRESULT hr = IPersistFile_GetCurFile(pf, &current);
  printf("GetCurFile %08lx same %d\n", hr, current && !lstrcmpiW(current, full));
  CoTaskMemFree(current);
  CLSID clsid;
  IPersistFile_GetClassID(pf, &clsid);
  printf("class is CLSID_ShellLink %d\n", IsEqualCLSID(&clsid, &CLSID_ShellLink));
  IPersistFile_Release(pf);
  printf("Release %lu\n", IShellLinkW_Release(link));
  if (argc == 3) return 0;

  // A new link reads the file back.
  link = new_link();
  IShellLinkW_QueryInterface(link, &IID_IPersistFile, (void**)&pf);
  printf("Load %08lx\n", IPersistFile_Load(pf, full, STGM_READ));
  print_link(link);
  IShellLinkA* la;
  printf("IShellLinkA %08lx\n", IShellLinkW_QueryInterface(link, &IID_IShellLinkA, (void**)&la));
  char narrow[MAX_PATH];
  IShellLinkA_GetArguments(la, narrow, MAX_PATH);
  printf("  A arguments [%s]\n", narrow);
  IShellLinkA_GetArguments(la, narrow, 6);
  printf("  A arguments in 6 [%s]\n", narrow);
  IShellLinkA_SetDescription(la, "narrow description");
  IShellLinkA_GetDescription(la, narrow, MAX_PATH);
  printf("  A description [%s]\n", narrow);
  printf("Resolve (there) %08lx\n", IShellLinkW_Resolve(link, NULL, SLR_NO_UI));
  IShellLinkA_Release(la);

  // IPersistStream into a memory stream, and a new link from it.
  IPersistStream* ps;
  printf("IPersistStream %08lx\n", IShellLinkW_QueryInterface(link, &IID_IPersistStream, (void**)&ps));
  IStream* stream;
  CreateStreamOnHGlobal(NULL, TRUE, &stream);
  ULARGE_INTEGER max = {{0}};
  IPersistStream_GetSizeMax(ps, &max);
  printf("Save to a stream %08lx\n", IPersistStream_Save(ps, stream, TRUE));
  STATSTG stat;
  IStream_Stat(stream, &stat, STATFLAG_NONAME);
  printf("  size within GetSizeMax %d\n", stat.cbSize.QuadPart > 76 && stat.cbSize.QuadPart <= max.QuadPart);
  IPersistStream_Release(ps);
  IShellLinkW_Release(link);
  LARGE_INTEGER zero = {{0}};
  IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
  link = new_link();
  IShellLinkW_QueryInterface(link, &IID_IPersistStream, (void**)&ps);
  printf("Load from the stream %08lx\n", IPersistStream_Load(ps, stream));
  print_link(link);
  IPersistStream_Release(ps);
  IStream_Release(stream);

  // IShellLinkDataList: an environment-variable block, and the flags.
  IShellLinkDataList* dl;
  printf("IShellLinkDataList %08lx\n", IShellLinkW_QueryInterface(link, &IID_IShellLinkDataList, (void**)&dl));
  EXP_SZ_LINK block;
  memset(&block, 0, sizeof block);
  block.cbSize = sizeof block;
  block.dwSignature = EXP_SZ_LINK_SIG;
  strcpy(block.szTarget, "%SystemRoot%\\notepad.exe");
  wcscpy(block.swzTarget, L"%SystemRoot%\\notepad.exe");
  hr = IShellLinkDataList_AddDataBlock(dl, &block);
  printf("AddDataBlock %08lx", hr);
  printf(", again %08lx\n", IShellLinkDataList_AddDataBlock(dl, &block));
  EXP_SZ_LINK* copy = NULL;
  hr = IShellLinkDataList_CopyDataBlock(dl, EXP_SZ_LINK_SIG, (void**)&copy);
  printf("CopyDataBlock %08lx [%s]\n", hr, copy ? copy->szTarget : "");
  LocalFree(copy);
  hr = IShellLinkDataList_RemoveDataBlock(dl, EXP_SZ_LINK_SIG);
  printf("RemoveDataBlock %08lx", hr);
  printf(", again %08lx\n", IShellLinkDataList_RemoveDataBlock(dl, EXP_SZ_LINK_SIG));
  DWORD flags = 0;
  IShellLinkDataList_GetFlags(dl, &flags);
  printf("flags: has name %d, arguments %d, working dir %d, icon %d, unicode %d\n", !!(flags & SLDF_HAS_NAME),
         !!(flags & SLDF_HAS_ARGS), !!(flags & SLDF_HAS_WORKINGDIR), !!(flags & SLDF_HAS_ICONLOCATION), !!(flags & SLDF_UNICODE));
  IShellLinkDataList_Release(dl);

  IShellLinkW_Release(link);

  DeleteFileW(full);
  DeleteFileW(L"link_target\\program.exe");
  RemoveDirectoryW(L"link_target");
  CoUninitialize();
  return 0;
}
