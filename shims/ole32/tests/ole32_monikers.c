// OLE32's monikers and running object table: file, item, anti, class, pointer and generic
// composite monikers (display names, IsEqual, IsSystemMoniker, GetClassID, Inverse and
// composition, CommonPrefixWith), binding (pointer and class monikers, BindMoniker, CoGetObject),
// MkParseDisplayName, and the running object table (Register, IsRunning, GetObject, Revoke, the
// bind context's table).
// Links: -lole32 -loleaut32 -luuid
#define _WIN32_WINNT 0x0A00
#define COBJMACROS
#include <objbase.h>
#include <objidl.h>
#include <ole2.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void show(const char* what, HRESULT hr) { printf("%s: %08lx\n", what, (unsigned long)hr); }

static const CLSID kClass = {0x7a1c9e60, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}};

static void show_name(const char* what, IMoniker* m, IBindCtx* bc) {
  LPOLESTR name = NULL;
  HRESULT hr = IMoniker_GetDisplayName(m, bc, NULL, &name);
  printf("%s: %08lx %ls\n", what, (unsigned long)hr, name ? name : L"(null)");
  CoTaskMemFree(name);
}

typedef struct {
  IUnknownVtbl* vtbl;
  LONG refs;
} Thing;
static HRESULT STDMETHODCALLTYPE thing_qi(IUnknown* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IClassFactory)) {
    *out = self;
    ((Thing*)self)->refs++;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE thing_addref(IUnknown* self) { return ++((Thing*)self)->refs; }
static ULONG STDMETHODCALLTYPE thing_release(IUnknown* self) { return --((Thing*)self)->refs; }
static IUnknownVtbl thing_vtbl = {thing_qi, thing_addref, thing_release};

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  CoInitialize(NULL);
  IBindCtx* bc = NULL;
  CreateBindCtx(0, &bc);

  IMoniker *file = NULL, *item = NULL, *anti = NULL, *composite = NULL, *klass = NULL, *pointer = NULL;
  show("CreateFileMoniker", CreateFileMoniker(L"C:\\data\\report.doc", &file));
  show("CreateItemMoniker", CreateItemMoniker(L"!", L"Sheet1", &item));
  show("CreateAntiMoniker", CreateAntiMoniker(&anti));
  show("CreateClassMoniker", CreateClassMoniker(&kClass, &klass));
  Thing thing = {&thing_vtbl, 1};
  show("CreatePointerMoniker", CreatePointerMoniker((IUnknown*)&thing, &pointer));
  printf("  refs %ld\n", thing.refs);
  show("CreateGenericComposite", CreateGenericComposite(file, item, &composite));
  show_name("file", file, bc);
  show_name("item", item, bc);
  show_name("anti", anti, bc);
  show_name("class", klass, bc);
  show_name("composite", composite, bc);
  LPOLESTR name = NULL;
  show("pointer GetDisplayName", IMoniker_GetDisplayName(pointer, bc, NULL, &name));

  DWORD sys = 99;
  IMoniker* all[] = {file, item, anti, klass, pointer, composite};
  const char* names[] = {"file", "item", "anti", "class", "pointer", "composite"};
  for (int i = 0; i < 6; i++) {
    CLSID clsid;
    WCHAR text[39];
    IMoniker_IsSystemMoniker(all[i], &sys);
    IMoniker_GetClassID(all[i], &clsid);
    StringFromGUID2(&clsid, text, 39);
    printf("%s: MKSYS %lu class %ls\n", names[i], (unsigned long)sys, text);
  }

  IMoniker* file2 = NULL;
  CreateFileMoniker(L"c:\\DATA\\report.doc", &file2);
  show("IsEqual same path", IMoniker_IsEqual(file, file2));
  show("IsEqual other kind", IMoniker_IsEqual(file, item));
  DWORD h1 = 0, h2 = 0;
  IMoniker* file3 = NULL;
  CreateFileMoniker(L"C:\\data\\report.doc", &file3);
  IMoniker_Hash(file, &h1);
  IMoniker_Hash(file3, &h2);
  printf("Hash equal: %d\n", h1 == h2);
  IMoniker_Release(file3);

  // Inverse and composition.
  IMoniker *inverse = NULL, *back = NULL;
  show("Inverse item", IMoniker_Inverse(item, &inverse));
  show("CreateGenericComposite composite+inverse", CreateGenericComposite(composite, inverse, &back));
  if (back) {
    show("  IsEqual file", IMoniker_IsEqual(back, file));
    IMoniker_Release(back);
  }
  show("Inverse anti", IMoniker_Inverse(anti, &back));
  IMoniker* none = (IMoniker*)1;
  show("ComposeWith item+anti", IMoniker_ComposeWith(item, anti, FALSE, &none));
  printf("  result null: %d\n", none == NULL);
  IMoniker* joined = NULL;
  IMoniker* relative = NULL;
  CreateFileMoniker(L"sub\\file.txt", &relative);
  IMoniker* dir = NULL;
  CreateFileMoniker(L"C:\\base", &dir);
  show("ComposeWith file+file", IMoniker_ComposeWith(dir, relative, FALSE, &joined));
  if (joined) {
    show_name("  joined", joined, bc);
    IMoniker_Release(joined);
  }
  show("ComposeWith only if not generic", IMoniker_ComposeWith(file, item, TRUE, &joined));

  // Common prefixes.
  IMoniker* prefix = NULL;
  show("MonikerCommonPrefixWith composite file", MonikerCommonPrefixWith(composite, file, &prefix));
  if (prefix) {
    show("  the prefix is the file", IMoniker_IsEqual(prefix, file));
    IMoniker_Release(prefix);
  }
  show("CommonPrefixWith same", IMoniker_CommonPrefixWith(composite, composite, &prefix));
  if (prefix) IMoniker_Release(prefix);
  show("CommonPrefixWith none", IMoniker_CommonPrefixWith(item, file, &prefix));

  // Binding.
  IUnknown* bound = NULL;
  show("BindToObject pointer", IMoniker_BindToObject(pointer, bc, NULL, &IID_IUnknown, (void**)&bound));
  printf("  the thing %d\n", bound == (IUnknown*)&thing);
  if (bound) IUnknown_Release(bound);
  show("BindMoniker pointer", BindMoniker(pointer, 0, &IID_IUnknown, (void**)&bound));
  if (bound) IUnknown_Release(bound);
  DWORD cookie;
  CoRegisterClassObject(&kClass, (IUnknown*)&thing, CLSCTX_INPROC_SERVER, REGCLS_MULTIPLEUSE, &cookie);
  show("BindToObject class", IMoniker_BindToObject(klass, bc, NULL, &IID_IClassFactory, (void**)&bound));
  printf("  the thing %d\n", bound == (IUnknown*)&thing);
  if (bound) IUnknown_Release(bound);
  show("CoGetObject clsid", CoGetObject(L"clsid:7A1C9E60-51D2-4C1B-9A11-223344556677:", NULL, &IID_IClassFactory,
                                        (void**)&bound));
  if (bound) IUnknown_Release(bound);
  CoRevokeClassObject(cookie);
  show("BindToObject anti", IMoniker_BindToObject(anti, bc, NULL, &IID_IUnknown, (void**)&bound));

  // MkParseDisplayName.
  ULONG eaten = 0;
  IMoniker* parsed = NULL;
  show("MkParseDisplayName clsid", MkParseDisplayName(bc, L"clsid:7A1C9E60-51D2-4C1B-9A11-223344556677:", &eaten,
                                                      &parsed));
  printf("  eaten %lu\n", (unsigned long)eaten);
  if (parsed) {
    show("  IsEqual class", IMoniker_IsEqual(parsed, klass));
    IMoniker_Release(parsed);
  }
  show("MkParseDisplayName empty", MkParseDisplayName(bc, L"", &eaten, &parsed));

  // The running object table.
  IRunningObjectTable* rot = NULL;
  show("GetRunningObjectTable", GetRunningObjectTable(0, &rot));
  show("GetRunningObjectTable reserved", GetRunningObjectTable(1, (IRunningObjectTable**)&bound));
  IRunningObjectTable* rot2 = NULL;
  show("IBindCtx::GetRunningObjectTable", IBindCtx_GetRunningObjectTable(bc, &rot2));
  printf("  same table %d\n", rot == rot2);
  if (rot2) IRunningObjectTable_Release(rot2);
  DWORD rot_cookie = 0;
  show("Register", IRunningObjectTable_Register(rot, 0, (IUnknown*)&thing, file, &rot_cookie));
  printf("  cookie nonzero %d\n", rot_cookie != 0);
  show("IsRunning equal moniker", IRunningObjectTable_IsRunning(rot, file2));
  show("IsRunning other", IRunningObjectTable_IsRunning(rot, item));
  show("IMoniker::IsRunning", IMoniker_IsRunning(file2, bc, NULL, NULL));
  show("GetObject", IRunningObjectTable_GetObject(rot, file2, &bound));
  printf("  the thing %d\n", bound == (IUnknown*)&thing);
  if (bound) IUnknown_Release(bound);
  show("BindToObject running file", IMoniker_BindToObject(file2, bc, NULL, &IID_IUnknown, (void**)&bound));
  if (bound) IUnknown_Release(bound);
  FILETIME ft = {0x12345678, 0x01d00000}, got = {0, 0};
  show("NoteChangeTime", IRunningObjectTable_NoteChangeTime(rot, rot_cookie, &ft));
  show("GetTimeOfLastChange", IRunningObjectTable_GetTimeOfLastChange(rot, file, &got));
  printf("  %08lx %08lx\n", (unsigned long)got.dwHighDateTime, (unsigned long)got.dwLowDateTime);
  show("Revoke", IRunningObjectTable_Revoke(rot, rot_cookie));
  show("Revoke again", IRunningObjectTable_Revoke(rot, rot_cookie));
  show("GetObject revoked", IRunningObjectTable_GetObject(rot, file, &bound));
  IRunningObjectTable_Release(rot);

  // OBJREF monikers.
  IMoniker* objref = NULL;
  show("CreateObjrefMoniker", CreateObjrefMoniker((IUnknown*)&thing, &objref));
  if (objref) {
    IMoniker_IsSystemMoniker(objref, &sys);
    printf("  MKSYS %lu\n", (unsigned long)sys);
    name = NULL;
    show("  objref GetDisplayName", IMoniker_GetDisplayName(objref, bc, NULL, &name));
    printf("  objref name starts objref: %d, ends with a colon %d\n", name && !wcsncmp(name, L"objref:", 7),
           name && name[wcslen(name) - 1] == ':');
    CoTaskMemFree(name);
    show("  objref BindToObject", IMoniker_BindToObject(objref, bc, NULL, &IID_IUnknown, (void**)&bound));
    printf("  objref bound the thing %d\n", bound == (IUnknown*)&thing);
    if (bound) IUnknown_Release(bound);
    IMoniker_Release(objref);
  }

  IMoniker_Release(dir);
  IMoniker_Release(relative);
  IMoniker_Release(inverse);
  IMoniker_Release(file2);
  for (int i = 0; i < 6; i++) IMoniker_Release(all[i]);
  IBindCtx_Release(bc);
  CoUninitialize();
  return 0;
}
