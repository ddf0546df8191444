/* KERNELBASE.dll as a DLL of its own: a module apart from KERNEL32's, whose table has KERNEL32's
   functions and, by their names, the path, string, security, character and version functions
   Windows' KernelBase exports (which SHLWAPI, ADVAPI32, USER32 and VERSION forward to). Each is
   called through KernelBase's own address and its result printed. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlwapi.h>

typedef LPWSTR (WINAPI *PathFindFileNameW_t)(LPCWSTR);
typedef LPSTR (WINAPI *PathFindExtensionA_t)(LPCSTR);
typedef BOOL (WINAPI *PathIsRelativeA_t)(LPCSTR);
typedef LPWSTR (WINAPI *StrStrIW_t)(LPCWSTR, LPCWSTR);
typedef int (WINAPI *StrCmpNIW_t)(LPCWSTR, LPCWSTR, int);
typedef LPSTR (WINAPI *StrRStrIA_t)(LPCSTR, LPCSTR, LPCSTR);
typedef BOOL (WINAPI *AllocateAndInitializeSid_t)(PSID_IDENTIFIER_AUTHORITY, BYTE, DWORD, DWORD, DWORD, DWORD, DWORD,
                                                  DWORD, DWORD, DWORD, PSID *);
typedef BOOL (WINAPI *EqualSid_t)(PSID, PSID);
typedef DWORD (WINAPI *GetLengthSid_t)(PSID);
typedef PVOID (WINAPI *FreeSid_t)(PSID);
typedef LPSTR (WINAPI *CharUpperA_t)(LPSTR);
typedef BOOL (WINAPI *IsCharAlphaW_t)(WCHAR);
typedef DWORD (WINAPI *GetFileVersionInfoSizeW_t)(LPCWSTR, LPDWORD);
typedef DWORD (WINAPI *GetCurrentProcessId_t)(void);
typedef BOOL (WINAPI *UrlIsW_t)(LPCWSTR, int);

#define FIND(type, name) type name = (type)(void *)GetProcAddress(kb, #name); \
  printf("%-26s %s\n", #name, name ? "found" : "missing")

int main(void) {
  HMODULE kb = LoadLibraryA("kernelbase.dll");
  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  printf("kernelbase loaded: %d, apart from kernel32: %d\n", kb != NULL, kb != NULL && kb != k32);
  printf("GetModuleHandle(kernelbase) == LoadLibrary: %d\n", GetModuleHandleA("KERNELBASE") == kb);
  FIND(PathFindFileNameW_t, PathFindFileNameW);
  FIND(PathFindExtensionA_t, PathFindExtensionA);
  FIND(PathIsRelativeA_t, PathIsRelativeA);
  FIND(StrStrIW_t, StrStrIW);
  FIND(StrCmpNIW_t, StrCmpNIW);
  FIND(StrRStrIA_t, StrRStrIA);
  FIND(AllocateAndInitializeSid_t, AllocateAndInitializeSid);
  FIND(EqualSid_t, EqualSid);
  FIND(GetLengthSid_t, GetLengthSid);
  FIND(FreeSid_t, FreeSid);
  FIND(CharUpperA_t, CharUpperA);
  FIND(IsCharAlphaW_t, IsCharAlphaW);
  FIND(GetFileVersionInfoSizeW_t, GetFileVersionInfoSizeW);
  FIND(GetCurrentProcessId_t, GetCurrentProcessId);
  FIND(UrlIsW_t, UrlIsW);

  if (PathFindFileNameW) {
    char out[64];
    WideCharToMultiByte(CP_ACP, 0, PathFindFileNameW(L"C:\\dir\\sub\\file.txt"), -1, out, sizeof out, NULL, NULL);
    printf("PathFindFileNameW: %s\n", out);
  }
  if (PathFindExtensionA) printf("PathFindExtensionA: %s\n", PathFindExtensionA("archive.tar.gz"));
  if (PathIsRelativeA) printf("PathIsRelativeA: %d %d\n", PathIsRelativeA("a\\b"), PathIsRelativeA("C:\\a"));
  if (StrStrIW) {
    const WCHAR *hay = L"Hello World";
    LPWSTR at = StrStrIW(hay, L"WORLD");
    printf("StrStrIW: offset %d\n", at ? (int)(at - hay) : -1);
  }
  if (StrCmpNIW) printf("StrCmpNIW: %d %d\n", StrCmpNIW(L"ABCdef", L"abcXYZ", 3), StrCmpNIW(L"abc", L"abd", 3) < 0);
  if (StrRStrIA) {
    const char *s = "one two ONE two";
    char *at = StrRStrIA(s, NULL, "one");
    printf("StrRStrIA: offset %d\n", at ? (int)(at - s) : -1);
  }
  if (AllocateAndInitializeSid && EqualSid && GetLengthSid && FreeSid) {
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    PSID a = NULL, b = NULL;
    BOOL ok1 = AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &a);
    BOOL ok2 = AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS, 0, 0, 0, 0, 0, 0, &b);
    printf("AllocateAndInitializeSid: %d %d, length %lu, equal self %d, equal other %d\n", ok1, ok2,
           (unsigned long)GetLengthSid(a), EqualSid(a, a), EqualSid(a, b));
    FreeSid(a);
    FreeSid(b);
  }
  if (CharUpperA) {
    char s[] = "mixed Case 123";
    printf("CharUpperA: %s\n", CharUpperA(s));
  }
  if (IsCharAlphaW) printf("IsCharAlphaW: %d %d\n", IsCharAlphaW(L'x'), IsCharAlphaW(L'7'));
  if (GetFileVersionInfoSizeW) {
    DWORD handle = 1;
    SetLastError(0);
    DWORD size = GetFileVersionInfoSizeW(L"C:\\no\\such\\file.dll", &handle);
    printf("GetFileVersionInfoSizeW: %lu, handle %lu, error %lu\n", (unsigned long)size, (unsigned long)handle,
           (unsigned long)GetLastError());
  }
  if (GetCurrentProcessId) printf("GetCurrentProcessId: same as kernel32's %d\n", GetCurrentProcessId() == GetCurrentProcessId());
  if (UrlIsW) printf("UrlIsW: %d %d\n", UrlIsW(L"http://example.com/", URLIS_URL), UrlIsW(L"not a url", URLIS_URL));
  return 0;
}
