/* Subject interface packages over the files beside the program (build.cmake makes them: a small
 * program unsigned, signed by osslsigncode, and a text file): CRYPT32's CryptSIPRetrieveSubjectGuid
 * (and ...ForCatalogFile), CryptSIPLoad of the PE image package, its dispatchers reading the
 * signature, putting it into a copy of the unsigned program and removing it, creating and
 * verifying the image's indirect data, and a package registered (CryptSIPAddProvider) and removed.
 * Expected output: wine 8.0's (x64), but as wine-differences.txt says. */
#include <windows.h>
#include <wincrypt.h>
#include <mssip.h>
#include <stdio.h>
#include <string.h>

static WCHAR dir[MAX_PATH];

static void path_of(const WCHAR *name, WCHAR *out) {
  lstrcpyW(out, dir);
  lstrcatW(out, name);
}

static HMODULE crypt32;
static void *fn(const char *name) {
  void *f = (void *)GetProcAddress(crypt32, name);
  if (!f) {
    printf("missing %s\n", name);
    ExitProcess(1);
  }
  return f;
}

static const char *guid_name(const GUID *g) {
  static const GUID pe = {0xC689AAB8, 0x8E78, 0x11D0, {0x8C, 0x47, 0x00, 0xC0, 0x4F, 0xC2, 0x95, 0xEE}};
  static const GUID cab = {0xC689AABA, 0x8E78, 0x11D0, {0x8C, 0x47, 0x00, 0xC0, 0x4F, 0xC2, 0x95, 0xEE}};
  static const GUID flat = {0xDE351A42, 0x8E59, 0x11D0, {0x8C, 0x47, 0x00, 0xC0, 0x4F, 0xC2, 0x95, 0xEE}};
  static const GUID cat = {0xDE351A43, 0x8E59, 0x11D0, {0x8C, 0x47, 0x00, 0xC0, 0x4F, 0xC2, 0x95, 0xEE}};
  static const GUID zero;
  if (!memcmp(g, &pe, sizeof pe)) return "PE image";
  if (!memcmp(g, &cab, sizeof cab)) return "cabinet";
  if (!memcmp(g, &flat, sizeof flat)) return "flat";
  if (!memcmp(g, &cat, sizeof cat)) return "catalog";
  if (!memcmp(g, &zero, sizeof zero)) return "zero";
  return "other";
}

typedef BOOL(WINAPI *retrieve_fn)(LPCWSTR, HANDLE, GUID *);

static void show_guid(retrieve_fn retrieve, const char *what, const WCHAR *name, int by_handle) {
  WCHAR path[MAX_PATH];
  path_of(name, path);
  GUID g;
  memset(&g, 0x55, sizeof g);
  HANDLE h = NULL;
  if (by_handle) h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  SetLastError(0xdead);
  BOOL r = retrieve(by_handle ? NULL : path, h, &g);
  DWORD err = GetLastError();
  printf("%s(%ls%s): %d error %08lx %s\n", what, name, by_handle ? ", a handle" : "", r, (unsigned long)err, guid_name(&g));
  if (h && h != INVALID_HANDLE_VALUE) CloseHandle(h);
}

static SIP_SUBJECTINFO subject_of(GUID *type, const WCHAR *path) {
  SIP_SUBJECTINFO s;
  memset(&s, 0, sizeof s);
  s.cbSize = sizeof s;
  s.pgSubjectType = type;
  s.pwsFileName = path;
  s.hFile = INVALID_HANDLE_VALUE;
  return s;
}

static void hex(const BYTE *b, DWORD n) {
  for (DWORD i = 0; i < n; ++i) printf("%02x", b[i]);
}

int main(void) {
  GetModuleFileNameW(NULL, dir, MAX_PATH);
  *(wcsrchr(dir, L'\\') + 1) = 0;
  crypt32 = LoadLibraryA("crypt32.dll");
  retrieve_fn retrieve = fn("CryptSIPRetrieveSubjectGuid");
  retrieve_fn for_catalog = fn("CryptSIPRetrieveSubjectGuidForCatalogFile");
  BOOL(WINAPI * load)(const GUID *, DWORD, SIP_DISPATCH_INFO *) = fn("CryptSIPLoad");
  BOOL(WINAPI * add)(SIP_ADD_NEWPROVIDER *) = fn("CryptSIPAddProvider");
  BOOL(WINAPI * remove_provider)(GUID *) = fn("CryptSIPRemoveProvider");

  show_guid(retrieve, "RetrieveSubjectGuid", L"wintrust_signed.exe", 0);
  show_guid(retrieve, "RetrieveSubjectGuid", L"wintrust_signed.exe", 1);
  show_guid(retrieve, "RetrieveSubjectGuid", L"wintrust_hello.txt", 0);
  show_guid(retrieve, "RetrieveSubjectGuid", L"wintrust_missing.exe", 0);
  SetLastError(0xdead);
  printf("RetrieveSubjectGuid(no GUID): %d error %08lx\n", retrieve(L"x", NULL, NULL), (unsigned long)GetLastError());
  show_guid(for_catalog, "ForCatalogFile", L"wintrust_signed.exe", 0);
  show_guid(for_catalog, "ForCatalogFile", L"wintrust_hello.txt", 0);

  GUID pe = {0xC689AAB8, 0x8E78, 0x11D0, {0x8C, 0x47, 0x00, 0xC0, 0x4F, 0xC2, 0x95, 0xEE}};
  GUID unknown = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
  SIP_DISPATCH_INFO sip;
  memset(&sip, 0x55, sizeof sip);
  sip.cbSize = sizeof sip;
  SetLastError(0xdead);
  BOOL r = load(&pe, 0, &sip);
  printf("CryptSIPLoad(PE image): %d, hSIP null %d, functions %d %d %d %d %d\n", r, sip.hSIP == NULL, sip.pfGet != NULL, sip.pfPut != NULL,
         sip.pfCreate != NULL, sip.pfVerify != NULL, sip.pfRemove != NULL);
  SetLastError(0xdead);
  r = load(&pe, 1, &sip);
  printf("  with flags: %d error %08lx\n", r, (unsigned long)GetLastError());
  SIP_DISPATCH_INFO none;
  memset(&none, 0, sizeof none);
  SetLastError(0xdead);
  r = load(&unknown, 0, &none);
  printf("  of an unknown subject: %d error %08lx\n", r, (unsigned long)GetLastError());

  // The signature of the signed image, through the dispatcher.
  WCHAR signed_path[MAX_PATH], unsigned_path[MAX_PATH], copy_path[MAX_PATH];
  path_of(L"wintrust_signed.exe", signed_path);
  path_of(L"wintrust_unsigned.exe", unsigned_path);
  GetTempPathW(MAX_PATH, copy_path);
  lstrcatW(copy_path, L"polyrun-sip-copy.exe");
  SIP_SUBJECTINFO s = subject_of(&pe, signed_path);
  DWORD enc = 0, size = 0;
  r = sip.pfGet(&s, &enc, 0, &size, NULL);
  printf("pfGet(signed, 0) without a buffer: %d, size > 0 %d\n", r, size > 0);
  BYTE *sig = malloc(size);
  DWORD small = 8;
  SetLastError(0xdead);
  r = sip.pfGet(&s, &enc, 0, &small, sig);
  printf("  into 8 bytes: %d error %08lx, size asked again > 8 %d\n", r, (unsigned long)GetLastError(), small > 8);
  DWORD got = size;
  r = sip.pfGet(&s, &enc, 0, &got, sig);
  printf("  into its size: %d, encoding %08lx, %s, within the entry %d\n", r, (unsigned long)enc, sig[0] == 0x30 ? "a DER SEQUENCE" : "?",
         got <= size && got + 8 >= size);
  DWORD n1 = 0;
  r = sip.pfGet(&s, &enc, 1, &n1, NULL);
  printf("  entry 1: %d\n", r);
  SIP_SUBJECTINFO u = subject_of(&pe, unsigned_path);
  DWORD nu = 0;
  r = sip.pfGet(&u, &enc, 0, &nu, NULL);
  printf("pfGet(unsigned, 0): %d\n", r);

  // Into a copy of the unsigned image, and out again.
  CopyFileW(unsigned_path, copy_path, FALSE);
  SIP_SUBJECTINFO c = subject_of(&pe, copy_path);
  DWORD index = 77;
  r = sip.pfPut(&c, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, &index, got, sig);
  printf("pfPut(copy): %d, index %lu\n", r, (unsigned long)index);
  BYTE *back = malloc(size + 16);
  DWORD nb = size + 16;
  r = sip.pfGet(&c, &enc, 0, &nb, back);
  printf("  pfGet(copy, 0): %d, the same signature %d\n", r, r && nb >= got && !memcmp(back, sig, got));

  // The image's indirect data, as Authenticode signs it with SHA-256.
  SIP_SUBJECTINFO d = subject_of(&pe, unsigned_path);
  d.DigestAlgorithm.pszObjId = (char *)szOID_NIST_sha256;
  DWORD need = 0;
  SetLastError(0xdead);
  r = sip.pfCreate(&d, &need, NULL);
  printf("pfCreate(unsigned, SHA-256) size: %d error %08lx, size > 0 %d\n", r, (unsigned long)GetLastError(), need > 0);
  if (r) {
    SIP_INDIRECT_DATA *ind = malloc(need);
    r = sip.pfCreate(&d, &need, ind);
    printf("  %d: data %s value ", r, ind->Data.pszObjId);
    hex(ind->Data.Value.pbData, ind->Data.Value.cbData);
    printf(", digest %s of %lu bytes\n", ind->DigestAlgorithm.pszObjId, (unsigned long)ind->Digest.cbData);
    r = sip.pfVerify(&d, ind);
    printf("  pfVerify(unsigned): %d\n", r);
    SIP_SUBJECTINFO sv = subject_of(&pe, signed_path);
    r = sip.pfVerify(&sv, ind);
    printf("  pfVerify(signed: the signature is not hashed): %d\n", r);
    ind->Digest.pbData[0] ^= 1;
    SetLastError(0xdead);
    r = sip.pfVerify(&d, ind);
    printf("  pfVerify(a digest changed): %d error %08lx\n", r, (unsigned long)GetLastError());
    free(ind);
  }
  SetLastError(0xdead);
  r = sip.pfRemove(&c, 0);
  printf("pfRemove(copy, 0): %d error %08lx\n", r, (unsigned long)GetLastError());
  if (r) {
    DWORD nr = 0;
    r = sip.pfGet(&c, &enc, 0, &nr, NULL);
    printf("  pfGet(copy, 0) after: %d\n", r);
  }
  DeleteFileW(copy_path);

  // A package of WINTRUST's functions under a GUID of the test's.
  SIP_ADD_NEWPROVIDER np;
  memset(&np, 0, sizeof np);
  np.cbStruct = sizeof np;
  np.pgSubject = &unknown;
  np.pwszDLLFileName = (WCHAR *)L"wintrust.dll";
  np.pwszGetFuncName = (WCHAR *)L"CryptSIPGetSignedDataMsg";
  np.pwszPutFuncName = (WCHAR *)L"CryptSIPPutSignedDataMsg";
  np.pwszCreateFuncName = (WCHAR *)L"CryptSIPCreateIndirectData";
  np.pwszVerifyFuncName = (WCHAR *)L"CryptSIPVerifyIndirectData";
  SetLastError(0xdead);
  r = add(&np);
  printf("CryptSIPAddProvider without a remove function: %d error %08lx\n", r, (unsigned long)GetLastError());
  np.pwszRemoveFuncName = (WCHAR *)L"CryptSIPRemoveSignedDataMsg";
  r = add(&np);
  printf("CryptSIPAddProvider: %d\n", r);
  memset(&none, 0, sizeof none);
  r = load(&unknown, 0, &none);
  printf("  CryptSIPLoad of it: %d, functions %d\n", r, none.pfGet != NULL);
  SetLastError(0xdead);
  r = remove_provider(&unknown);
  printf("CryptSIPRemoveProvider (no IsMyFileType keys): %d error %08lx\n", r, (unsigned long)GetLastError());
  SetLastError(0xdead);
  r = remove_provider(&unknown);
  printf("  again: %d error %08lx\n", r, (unsigned long)GetLastError());
  return 0;
}
