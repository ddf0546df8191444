// OLE32's basics and activation: versions, GUID strings (StringFromIID, IIDFromString,
// IsEqualGUID), ProgIDs and TreatAs in HKEY_CLASSES_ROOT, proxy/stub classes, file times, the
// thread's numbers and state, the task allocator's spy, apartments (CoGetApartmentType, the
// context object, MTA usage, initialize spies, message filters, CoWaitForMultipleHandles), class
// objects (CoGetClassObject, CoCreateInstanceEx, duplicate registrations), call contexts and
// cancellation.
// Links: -lole32 -loleaut32 -luuid -ladvapi32
#define _WIN32_WINNT 0x0A00
#define COBJMACROS
#include <objbase.h>
#include <objidl.h>
#include <ole2.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>
HRESULT WINAPI CoGetState(IUnknown**);
HRESULT WINAPI CoSetState(IUnknown*);

static void show(const char* what, HRESULT hr) { printf("%s: %08lx\n", what, (unsigned long)hr); }
static void show_guid(const char* what, const GUID* g) {
  WCHAR s[39];
  StringFromGUID2(g, s, 39);
  printf("%s: %ls\n", what, s);
}

static const CLSID kClass = {0x7a1c9e30, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}};
static const CLSID kOther = {0x7a1c9e31, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}};
static const IID kIface = {0x7a1c9e32, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}};

// ---- a class factory of the program's own, whose objects answer IUnknown and IPersist ----
typedef struct {
  IUnknownVtbl* vtbl;
  LONG refs;
} Thing;
static HRESULT STDMETHODCALLTYPE thing_qi(IUnknown* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IPersist)) {
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
static Thing the_thing = {&thing_vtbl, 0};

static LONG factory_refs = 0;
static HRESULT STDMETHODCALLTYPE cf_qi(IClassFactory* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IClassFactory)) {
    *out = self;
    factory_refs++;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE cf_addref(IClassFactory* self) { return ++factory_refs; }
static ULONG STDMETHODCALLTYPE cf_release(IClassFactory* self) { return --factory_refs; }
static HRESULT STDMETHODCALLTYPE cf_create(IClassFactory* self, IUnknown* outer, REFIID iid, void** out) {
  if (outer) return CLASS_E_NOAGGREGATION;
  return thing_qi((IUnknown*)&the_thing, iid, out);
}
static HRESULT STDMETHODCALLTYPE cf_lock(IClassFactory* self, BOOL lock) { return S_OK; }
static IClassFactoryVtbl cf_vtbl = {cf_qi, cf_addref, cf_release, cf_create, cf_lock};
static IClassFactory factory = {&cf_vtbl};

// ---- an IMallocSpy that counts what it sees ----
static int spy_allocs, spy_frees, spy_sizes;
static HRESULT STDMETHODCALLTYPE spy_qi(IMallocSpy* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMallocSpy)) {
    *out = self;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE spy_addref(IMallocSpy* self) { return 2; }
static ULONG STDMETHODCALLTYPE spy_release(IMallocSpy* self) { return 1; }
static SIZE_T STDMETHODCALLTYPE spy_prealloc(IMallocSpy* self, SIZE_T size) {
  spy_allocs++;
  return size;
}
static void* STDMETHODCALLTYPE spy_postalloc(IMallocSpy* self, void* p) { return p; }
static void* STDMETHODCALLTYPE spy_prefree(IMallocSpy* self, void* p, BOOL spied) {
  spy_frees++;
  return p;
}
static void STDMETHODCALLTYPE spy_postfree(IMallocSpy* self, BOOL spied) {}
static SIZE_T STDMETHODCALLTYPE spy_prerealloc(IMallocSpy* self, void* p, SIZE_T size, void** real, BOOL spied) {
  *real = p;
  return size;
}
static void* STDMETHODCALLTYPE spy_postrealloc(IMallocSpy* self, void* p, BOOL spied) { return p; }
static void* STDMETHODCALLTYPE spy_pregetsize(IMallocSpy* self, void* p, BOOL spied) {
  spy_sizes++;
  return p;
}
static SIZE_T STDMETHODCALLTYPE spy_postgetsize(IMallocSpy* self, SIZE_T size, BOOL spied) { return size; }
static void* STDMETHODCALLTYPE spy_predidalloc(IMallocSpy* self, void* p, BOOL spied) { return p; }
static int STDMETHODCALLTYPE spy_postdidalloc(IMallocSpy* self, void* p, BOOL spied, int actual) { return actual; }
static void STDMETHODCALLTYPE spy_preheapmin(IMallocSpy* self) {}
static void STDMETHODCALLTYPE spy_postheapmin(IMallocSpy* self) {}
static IMallocSpyVtbl spy_vtbl = {spy_qi, spy_addref, spy_release, spy_prealloc, spy_postalloc, spy_prefree,
                                  spy_postfree, spy_prerealloc, spy_postrealloc, spy_pregetsize, spy_postgetsize,
                                  spy_predidalloc, spy_postdidalloc, spy_preheapmin, spy_postheapmin};
static IMallocSpy spy = {&spy_vtbl};

// ---- an IInitializeSpy that prints what it sees ----
static HRESULT STDMETHODCALLTYPE ispy_qi(IInitializeSpy* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IInitializeSpy)) {
    *out = self;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE ispy_addref(IInitializeSpy* self) { return 2; }
static ULONG STDMETHODCALLTYPE ispy_release(IInitializeSpy* self) { return 1; }
static HRESULT STDMETHODCALLTYPE ispy_preinit(IInitializeSpy* self, DWORD model, DWORD refs) {
  printf("  PreInitialize(%lu, %lu)\n", (unsigned long)model, (unsigned long)refs);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ispy_postinit(IInitializeSpy* self, HRESULT hr, DWORD model, DWORD refs) {
  printf("  PostInitialize(%08lx, %lu, %lu)\n", (unsigned long)hr, (unsigned long)model, (unsigned long)refs);
  return hr;
}
static HRESULT STDMETHODCALLTYPE ispy_preuninit(IInitializeSpy* self, DWORD refs) {
  printf("  PreUninitialize(%lu)\n", (unsigned long)refs);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ispy_postuninit(IInitializeSpy* self, DWORD refs) {
  printf("  PostUninitialize(%lu)\n", (unsigned long)refs);
  return S_OK;
}
static IInitializeSpyVtbl ispy_vtbl = {ispy_qi, ispy_addref, ispy_release, ispy_preinit, ispy_postinit, ispy_preuninit,
                                       ispy_postuninit};
static IInitializeSpy ispy = {&ispy_vtbl};

static void apartment_type(const char* what) {
  APTTYPE type = 99;
  APTTYPEQUALIFIER qualifier = 99;
  HRESULT hr = CoGetApartmentType(&type, &qualifier);
  printf("%s: %08lx type %d qualifier %d\n", what, (unsigned long)hr, (int)type, (int)qualifier);
}

static DWORD WINAPI other_thread(void* arg) {
  apartment_type("other thread, no COM");
  CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
  apartment_type("other thread, STA");
  CoUninitialize();
  return 0;
}

// HKEY_CLASSES_ROOT\path's default value.
static void set_default(const WCHAR* path, const WCHAR* value) {
  HKEY key;
  if (RegCreateKeyExW(HKEY_CLASSES_ROOT, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL)) return;
  RegSetValueExW(key, NULL, 0, REG_SZ, (const BYTE*)value, (DWORD)(wcslen(value) + 1) * sizeof(WCHAR));
  RegCloseKey(key);
}

static void registry_tests(void) {
  // A ProgID and a class under HKEY_CLASSES_ROOT.
  set_default(L"PolyrunTest.Thing\\CLSID", L"{7A1C9E30-51D2-4C1B-9A11-223344556677}");
  set_default(L"CLSID\\{7A1C9E30-51D2-4C1B-9A11-223344556677}\\ProgID", L"PolyrunTest.Thing.1");
  set_default(L"CLSID\\{7A1C9E31-51D2-4C1B-9A11-223344556677}", L"Other");
  set_default(L"Interface\\{7A1C9E32-51D2-4C1B-9A11-223344556677}\\ProxyStubClsid32",
              L"{7A1C9E31-51D2-4C1B-9A11-223344556677}");

  CLSID clsid;
  memset(&clsid, 0xab, sizeof clsid);
  show("CLSIDFromProgID", CLSIDFromProgID(L"PolyrunTest.Thing", &clsid));
  show_guid("  clsid", &clsid);
  memset(&clsid, 0xab, sizeof clsid);
  show("CLSIDFromProgID unknown", CLSIDFromProgID(L"PolyrunTest.Nobody", &clsid));
  show_guid("  clsid", &clsid);
  show("CLSIDFromProgIDEx", CLSIDFromProgIDEx(L"PolyrunTest.Thing", &clsid));
  memset(&clsid, 0, sizeof clsid);
  show("CLSIDFromString ProgID", CLSIDFromString(L"PolyrunTest.Thing", &clsid));
  show_guid("  clsid", &clsid);
  show("CLSIDFromString unknown", CLSIDFromString(L"PolyrunTest.Nobody", &clsid));

  LPOLESTR progid = (LPOLESTR)1;
  show("ProgIDFromCLSID", ProgIDFromCLSID(&kClass, &progid));
  printf("  progid: %ls\n", progid ? progid : L"(null)");
  CoTaskMemFree(progid);
  progid = (LPOLESTR)1;
  show("ProgIDFromCLSID no ProgID key", ProgIDFromCLSID(&kOther, &progid));
  printf("  progid null: %d\n", progid == NULL);
  show("ProgIDFromCLSID unregistered", ProgIDFromCLSID(&IID_IPersist, &progid));

  CLSID treat;
  show("CoGetTreatAsClass none", CoGetTreatAsClass(&kClass, &treat));
  show_guid("  treat", &treat);
  show("CoTreatAsClass", CoTreatAsClass(&kClass, &kOther));
  show("CoGetTreatAsClass", CoGetTreatAsClass(&kClass, &treat));
  show_guid("  treat", &treat);
  show("CoTreatAsClass NULL", CoTreatAsClass(&kClass, &CLSID_NULL));
  show("CoGetTreatAsClass after", CoGetTreatAsClass(&kClass, &treat));
  show("CoTreatAsClass unregistered", CoTreatAsClass(&IID_IPersist, &kOther));

  CLSID ps;
  memset(&ps, 0, sizeof ps);
  show("CoGetPSClsid registry", CoGetPSClsid(&kIface, &ps));
  show_guid("  ps", &ps);
  show("CoGetPSClsid unknown", CoGetPSClsid(&kOther, &ps));
  show("CoRegisterPSClsid", CoRegisterPSClsid(&kOther, &kClass));
  show("CoGetPSClsid registered", CoGetPSClsid(&kOther, &ps));
  show_guid("  ps", &ps);

  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"PolyrunTest.Thing\\CLSID");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"PolyrunTest.Thing");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E30-51D2-4C1B-9A11-223344556677}\\ProgID");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E30-51D2-4C1B-9A11-223344556677}\\TreatAs");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E30-51D2-4C1B-9A11-223344556677}");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E31-51D2-4C1B-9A11-223344556677}");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"Interface\\{7A1C9E32-51D2-4C1B-9A11-223344556677}\\ProxyStubClsid32");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"Interface\\{7A1C9E32-51D2-4C1B-9A11-223344556677}");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("CoBuildVersion: %08lx\n", (unsigned long)CoBuildVersion());
  printf("OleBuildVersion: %08lx\n", (unsigned long)OleBuildVersion());

  // GUIDs.
  IID iid;
  LPOLESTR text;
  show("StringFromIID", StringFromIID(&IID_IClassFactory, &text));
  printf("  %ls\n", text);
  CoTaskMemFree(text);
  show("IIDFromString", IIDFromString(L"{00000001-0000-0000-c000-000000000046}", &iid));
  printf("  equal IClassFactory: %d\n", IsEqualGUID(&iid, &IID_IClassFactory));
  printf("  equal IUnknown: %d\n", IsEqualGUID(&iid, &IID_IUnknown));
  show("IIDFromString short", IIDFromString(L"{00000001-0000-0000-c000-00000000004}", &iid));
  show("IIDFromString bad digit", IIDFromString(L"{00000001-0000-0000-c000-00000000004g}", &iid));
  show("IIDFromString no brace", IIDFromString(L"x00000001-0000-0000-c000-000000000046}", &iid));
  show("IIDFromString NULL", IIDFromString(NULL, &iid));
  show_guid("  iid", &iid);
  printf("CoIsOle1Class: %d\n", CoIsOle1Class(&kClass));

  // File times.
  FILETIME ft;
  WORD date = 0, time = 0;
  ft.dwLowDateTime = 0xd53e8000;
  ft.dwHighDateTime = 0x01c07385;
  BOOL ok = CoFileTimeToDosDateTime(&ft, &date, &time);
  printf("CoFileTimeToDosDateTime: %d %04x %04x\n", ok, date, time);
  memset(&ft, 0, sizeof ft);
  ok = CoDosDateTimeToFileTime(0x2a21, 0x6000, &ft);
  printf("CoDosDateTimeToFileTime: %d %08lx %08lx\n", ok, (unsigned long)ft.dwHighDateTime,
         (unsigned long)ft.dwLowDateTime);
  memset(&ft, 0, sizeof ft);
  show("CoFileTimeNow", CoFileTimeNow(&ft));
  printf("  after 2020: %d\n", ft.dwHighDateTime > 0x01d5c000);
  DWORD number = CoGetCurrentProcess();
  printf("CoGetCurrentProcess: nonzero %d same %d\n", number != 0, number == CoGetCurrentProcess());

  // Outside COM.
  apartment_type("CoGetApartmentType outside");
  ULONG_PTR token;
  show("CoGetContextToken outside", CoGetContextToken(&token));
  show("CoRegisterMessageFilter outside", CoRegisterMessageFilter(NULL, NULL));
  CLSID ps;
  show("CoGetPSClsid outside", CoGetPSClsid(&IID_IUnknown, &ps));
  IUnknown* unk;
  show("CoGetClassObject outside", CoGetClassObject(&kClass, CLSCTX_INPROC_SERVER, NULL, &IID_IUnknown, (void**)&unk));

  // MTA usage.
  // (i686's import library lacks these two)
  HMODULE ole32 = GetModuleHandleW(L"ole32.dll");
  HRESULT(WINAPI * increment)(CO_MTA_USAGE_COOKIE*) = (void*)GetProcAddress(ole32, "CoIncrementMTAUsage");
  HRESULT(WINAPI * decrement)(CO_MTA_USAGE_COOKIE) = (void*)GetProcAddress(ole32, "CoDecrementMTAUsage");
  CO_MTA_USAGE_COOKIE cookie;
  show("CoIncrementMTAUsage", increment(&cookie));
  apartment_type("CoGetApartmentType implicit MTA");
  show("CoDecrementMTAUsage", decrement(cookie));
  apartment_type("CoGetApartmentType after");

  // Initialize spies.
  ULARGE_INTEGER spy_cookie;
  show("CoRegisterInitializeSpy", CoRegisterInitializeSpy(&ispy, &spy_cookie));
  printf("  cookie low %lu, high is thread %d\n", (unsigned long)spy_cookie.LowPart,
         spy_cookie.HighPart == GetCurrentThreadId());
  show("CoInitializeEx STA", CoInitializeEx(NULL, COINIT_APARTMENTTHREADED));
  show("CoInitializeEx MTA", CoInitializeEx(NULL, COINIT_MULTITHREADED));
  CoUninitialize();
  show("CoRevokeInitializeSpy", CoRevokeInitializeSpy(spy_cookie));
  show("CoRevokeInitializeSpy again", CoRevokeInitializeSpy(spy_cookie));
  ULARGE_INTEGER wrong = spy_cookie;
  wrong.HighPart++;
  show("CoRevokeInitializeSpy other thread", CoRevokeInitializeSpy(wrong));

  // In the main STA.
  show("CoInitialize", CoInitialize(NULL));
  apartment_type("CoGetApartmentType main STA");
  HANDLE thread = CreateThread(NULL, 0, other_thread, NULL, 0, NULL);
  WaitForSingleObject(thread, INFINITE);
  CloseHandle(thread);

  show("CoGetContextToken", CoGetContextToken(&token));
  printf("  token nonzero: %d\n", token != 0);
  show("CoGetContextToken NULL", CoGetContextToken(NULL));
  IComThreadingInfo* info = NULL;
  show("CoGetObjectContext IComThreadingInfo", CoGetObjectContext(&IID_IComThreadingInfo, (void**)&info));
  if (info) {
    APTTYPE type;
    THDTYPE thread_type;
    show("  GetCurrentApartmentType", IComThreadingInfo_GetCurrentApartmentType(info, &type));
    printf("  type %d\n", (int)type);
    show("  GetCurrentThreadType", IComThreadingInfo_GetCurrentThreadType(info, &thread_type));
    printf("  thread type %d\n", (int)thread_type);
    GUID id1, id2;
    show("  GetCurrentLogicalThreadId", IComThreadingInfo_GetCurrentLogicalThreadId(info, &id1));
    CoGetCurrentLogicalThreadId(&id2);
    printf("  same as CoGetCurrentLogicalThreadId: %d\n", IsEqualGUID(&id1, &id2));
    IUnknown* same = NULL;
    show("  QueryInterface IUnknown", IComThreadingInfo_QueryInterface(info, &IID_IUnknown, (void**)&same));
    printf("  is the token: %d\n", (ULONG_PTR)same == token);
    if (same) IUnknown_Release(same);
    IComThreadingInfo_Release(info);
  }
  show("CoGetObjectContext IPersist", CoGetObjectContext(&IID_IPersist, (void**)&unk));
  {
    HRESULT(WINAPI * get_default)(APTTYPE, REFIID, void**) =
        (void*)GetProcAddress(GetModuleHandleW(L"ole32.dll"), "CoGetDefaultContext");
    IUnknown* context = NULL;
    show("CoGetDefaultContext current", get_default(APTTYPE_CURRENT, &IID_IUnknown, (void**)&context));
    printf("  the context's IUnknown %d\n", context != NULL);
    if (context) IUnknown_Release(context);
    show("CoGetDefaultContext main STA", get_default(APTTYPE_MAINSTA, &IID_IComThreadingInfo, (void**)&context));
    if (context) IUnknown_Release(context);
    show("CoGetDefaultContext STA", get_default(APTTYPE_STA, &IID_IUnknown, (void**)&context));
    show("CoGetDefaultContext no MTA", get_default(APTTYPE_MTA, &IID_IUnknown, (void**)&context));
  }
  show("CoGetCurrentLogicalThreadId NULL", CoGetCurrentLogicalThreadId(NULL));

  // The task allocator's spy.
  IMalloc* malloc_object;
  CoGetMalloc(MEMCTX_TASK, &malloc_object);
  show("CoRegisterMallocSpy", CoRegisterMallocSpy(&spy));
  show("CoRegisterMallocSpy again", CoRegisterMallocSpy(&spy));
  void* block = CoTaskMemAlloc(10);
  printf("  GetSize: %lu\n", (unsigned long)IMalloc_GetSize(malloc_object, block));
  show("CoRevokeMallocSpy with a block", CoRevokeMallocSpy());
  CoTaskMemFree(block);
  printf("  allocs %d frees %d sizes %d\n", spy_allocs, spy_frees, spy_sizes);
  show("CoRevokeMallocSpy after", CoRevokeMallocSpy());
  show("CoRegisterMallocSpy NULL", CoRegisterMallocSpy(NULL));

  // The thread's state object.
  IUnknown* state = (IUnknown*)1;
  show("CoGetState empty", CoGetState(&state));
  printf("  state null: %d\n", state == NULL);
  the_thing.refs = 0;
  show("CoSetState", CoSetState((IUnknown*)&the_thing));
  show("CoGetState", CoGetState(&state));
  printf("  is the thing: %d, refs %ld\n", state == (IUnknown*)&the_thing, the_thing.refs);
  IUnknown_Release(state);
  show("CoSetState NULL", CoSetState(NULL));
  printf("  refs %ld\n", the_thing.refs);

  // Message filters.
  IMessageFilter* previous = (IMessageFilter*)1;
  show("CoRegisterMessageFilter STA", CoRegisterMessageFilter(NULL, &previous));
  printf("  previous null: %d\n", previous == NULL);

  // Class objects.
  DWORD reg = 0, reg2 = 0;
  show("CoRegisterClassObject", CoRegisterClassObject(&kClass, (IUnknown*)&factory, CLSCTX_INPROC_SERVER,
                                                      REGCLS_MULTIPLEUSE, &reg));
  show("CoRegisterClassObject again", CoRegisterClassObject(&kClass, (IUnknown*)&factory, CLSCTX_INPROC_SERVER,
                                                            REGCLS_SINGLEUSE, &reg2));
  printf("  cookie %lu\n", (unsigned long)reg2);
  IClassFactory* cf = NULL;
  show("CoGetClassObject", CoGetClassObject(&kClass, CLSCTX_INPROC_SERVER, NULL, &IID_IClassFactory, (void**)&cf));
  printf("  is the factory: %d\n", cf == &factory);
  if (cf) IClassFactory_Release(cf);
  show("CoGetClassObject unregistered", CoGetClassObject(&kOther, CLSCTX_INPROC_SERVER, NULL, &IID_IClassFactory,
                                                         (void**)&cf));
  show("CoGetClassObject local only", CoGetClassObject(&kClass, CLSCTX_LOCAL_SERVER, NULL, &IID_IClassFactory,
                                                       (void**)&cf));
  MULTI_QI qi[3] = {{&IID_IPersist, NULL, 0}, {&IID_IUnknown, NULL, 0}, {&IID_IStream, NULL, 0}};
  the_thing.refs = 0;
  show("CoCreateInstanceEx", CoCreateInstanceEx(&kClass, NULL, CLSCTX_INPROC_SERVER, NULL, 3, qi));
  for (int i = 0; i < 3; i++) printf("  %d: %08lx %d\n", i, (unsigned long)qi[i].hr, qi[i].pItf != NULL);
  printf("  refs %ld\n", the_thing.refs);
  qi[0].pIID = &IID_IStream;
  show("CoCreateInstanceEx none", CoCreateInstanceEx(&kClass, NULL, CLSCTX_INPROC_SERVER, NULL, 1, qi));
  show("CoCreateInstanceEx zero", CoCreateInstanceEx(&kClass, NULL, CLSCTX_INPROC_SERVER, NULL, 0, qi));
  show("CoCreateInstanceEx unregistered", CoCreateInstanceEx(&kOther, NULL, CLSCTX_INPROC_SERVER, NULL, 1, qi));
  show("CoRevokeClassObject", CoRevokeClassObject(reg));
  show("CoRevokeClassObject again", CoRevokeClassObject(reg));
  printf("factory refs %ld\n", factory_refs);
  printf("CoAddRefServerProcess: %lu\n", (unsigned long)CoAddRefServerProcess());
  printf("CoAddRefServerProcess: %lu\n", (unsigned long)CoAddRefServerProcess());
  printf("CoReleaseServerProcess: %lu\n", (unsigned long)CoReleaseServerProcess());
  printf("CoReleaseServerProcess: %lu\n", (unsigned long)CoReleaseServerProcess());
  HINSTANCE lib = CoLoadLibrary(L"kernel32.dll", TRUE);
  printf("CoLoadLibrary: %d\n", lib != NULL);
  CoFreeLibrary(lib);
  printf("CoLoadLibrary missing: %d\n", CoLoadLibrary(L"no_such_library_here.dll", TRUE) != NULL);
  CoFreeUnusedLibraries();
  CoFreeUnusedLibrariesEx(0, 0);

  registry_tests();

  // Call contexts.
  show("CoGetCallContext", CoGetCallContext(&IID_IUnknown, (void**)&unk));
  show("CoImpersonateClient", CoImpersonateClient());
  show("CoRevertToSelf", CoRevertToSelf());
  DWORD authn;
  show("CoQueryClientBlanket", CoQueryClientBlanket(&authn, NULL, NULL, NULL, NULL, NULL, NULL));
  IUnknown* old = (IUnknown*)1;
  show("CoSwitchCallContext", CoSwitchCallContext(NULL, &old));
  printf("  old null: %d\n", old == NULL);
  show("CoQueryProxyBlanket own object", CoQueryProxyBlanket((IUnknown*)&the_thing, &authn, NULL, NULL, NULL, NULL,
                                                             NULL, NULL));
  show("CoCopyProxy own object", CoCopyProxy((IUnknown*)&the_thing, &unk));
  show("CoDisableCallCancellation", CoDisableCallCancellation(NULL));
  show("CoEnableCallCancellation", CoEnableCallCancellation(NULL));
  show("CoDisableCallCancellation", CoDisableCallCancellation(NULL));

  // Waits.
  HANDLE events[2];
  events[0] = CreateEventW(NULL, TRUE, FALSE, NULL);
  events[1] = CreateEventW(NULL, TRUE, TRUE, NULL);
  DWORD index = 99;
  show("CoWaitForMultipleHandles", CoWaitForMultipleHandles(0, 100, 2, events, &index));
  printf("  index %lu\n", (unsigned long)index);
  show("CoWaitForMultipleHandles timeout", CoWaitForMultipleHandles(0, 10, 1, events, &index));
  show("CoWaitForMultipleHandles none", CoWaitForMultipleHandles(0, 10, 0, events, &index));
  show("CoWaitForMultipleHandles no index", CoWaitForMultipleHandles(0, 10, 1, events, NULL));
  PostMessageW(NULL, WM_USER, 0, 0);
  show("CoWaitForMultipleHandles with a message", CoWaitForMultipleHandles(0, 50, 1, events, &index));
  MSG msg;
  printf("  message left: %d\n", PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE));
  CloseHandle(events[0]);
  CloseHandle(events[1]);

  CoUninitialize();
  apartment_type("CoGetApartmentType at the end");
  return 0;
}
