// OLE32's property sets and the ANSI code page (1252): VT_LPSTR values with "caf\xe9", the euro
// sign \x80 and "\xfc\xdf" written to an ANSI set (PROPSETFLAG_ANSI, code page 1252), committed,
// and read back from the reopened set as VT_LPSTR (bytes); the set's code page. (A Unicode set is
// left out: wine 8.0 reads its LPSTR values back cut to half their length.)
// Links: -lole32 -loleaut32 -luuid
#define _WIN32_WINNT 0x0A00
#define COBJMACROS
#include <objbase.h>
#include <objidl.h>
#include <ole2.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

static const FMTID kSets[2] = {{0x7a1c9e41, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}},
                               {0x7a1c9e42, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}}};

static void hex(const char* what, const char* s) {
  printf("  %s (%u):", what, s ? (unsigned)strlen(s) : 0);
  for (const char* c = s; c && *c; ++c) printf(" %02x", (BYTE)*c);
  printf("\n");
}

static void one_set(IPropertySetStorage* sets, int ansi) {
  IPropertyStorage* props = NULL;
  HRESULT hr = IPropertySetStorage_Create(sets, &kSets[ansi], NULL, ansi ? PROPSETFLAG_ANSI : PROPSETFLAG_DEFAULT,
                                          STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, &props);
  printf("%s set: Create %08lx\n", ansi ? "ANSI" : "Unicode", (unsigned long)hr);
  if (!props) return;
  PROPSPEC specs[2];
  PROPVARIANT values[2];
  for (int i = 0; i < 2; ++i) {
    specs[i].ulKind = PRSPEC_PROPID;
    specs[i].propid = 2 + i;
    PropVariantInit(&values[i]);
  }
  values[0].vt = VT_LPSTR;
  values[0].pszVal = "caf\xe9 \x80";
  values[1].vt = VT_LPSTR;
  values[1].pszVal = "\xfc\xdf";
  hr = IPropertyStorage_WriteMultiple(props, 2, specs, values, 1000);
  printf("  WriteMultiple %08lx\n", (unsigned long)hr);
  printf("  Commit %08lx\n", (unsigned long)IPropertyStorage_Commit(props, STGC_DEFAULT));
  IPropertyStorage_Release(props);
  props = NULL;
  hr = IPropertySetStorage_Open(sets, &kSets[ansi], STGM_READ | STGM_SHARE_EXCLUSIVE, &props);
  printf("  Open %08lx\n", (unsigned long)hr);
  if (!props) return;
  PROPVARIANT back[2];
  hr = IPropertyStorage_ReadMultiple(props, 2, specs, back);
  printf("  ReadMultiple %08lx: vt %u %u\n", (unsigned long)hr, back[0].vt, back[1].vt);
  if (hr == S_OK) {
    hex("2", back[0].pszVal);
    hex("3", back[1].pszVal);
    FreePropVariantArray(2, back);
  }
  PROPSPEC cp = {PRSPEC_PROPID, {1}};
  PROPVARIANT page;
  hr = IPropertyStorage_ReadMultiple(props, 1, &cp, &page);
  printf("  code page %08lx: vt %u %u\n", (unsigned long)hr, page.vt, page.vt == VT_I2 ? (unsigned)(USHORT)page.iVal : 0);
  IPropertyStorage_Release(props);
}

int main(void) {
  ILockBytes* bytes = NULL;
  IStorage* root = NULL;
  CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
  StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &root);
  IPropertySetStorage* sets = NULL;
  printf("StgCreatePropSetStg: %08lx\n", (unsigned long)StgCreatePropSetStg(root, 0, &sets));
  if (!sets) return 1;
  one_set(sets, 1);
  IPropertySetStorage_Release(sets);
  IStorage_Release(root);
  ILockBytes_Release(bytes);
  return 0;
}
