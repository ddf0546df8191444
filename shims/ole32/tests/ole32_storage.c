// OLE32's structured storage: a compound file made (StgCreateDocfile: streams small and large,
// nested storages, a class, state bits, element times, CompObj and Ole streams), committed,
// reopened (StgOpenStorage, StgOpenStorageEx) and read back (EnumElements, Stat, ReadClassStg,
// ReadFmtUserTypeStg, GetConvertStg); renaming and destroying elements; the error cases of names,
// modes and missing files; a compound file in an ILockBytes; StgIsStorageFile; GetClassFile;
// property set names (FmtIdToPropStgName, PropStgNameToFmtId). Run with "write FILE" or
// "read FILE" it does only that half, to carry a file between implementations.
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

static const CLSID kClass = {0x7a1c9e40, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}};
static unsigned char big[10000];

static void show_guid(const char* what, const GUID* g) {
  WCHAR s[39];
  StringFromGUID2(g, s, 39);
  printf("%s: %ls\n", what, s);
}

static void write_file(const WCHAR* path) {
  IStorage* root = NULL;
  show("StgCreateDocfile", StgCreateDocfile(path, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &root));
  if (!root) return;
  show("WriteClassStg", WriteClassStg(root, &kClass));
  show("SetStateBits", IStorage_SetStateBits(root, 0x5, 0xf));
  IStream* stream = NULL;
  show("CreateStream small", IStorage_CreateStream(root, L"Small", STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream));
  ULONG done = 0;
  show("  Write", IStream_Write(stream, "a small stream", 14, &done));
  IStream_Release(stream);
  show("CreateStream again", IStorage_CreateStream(root, L"small", STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream));
  show("CreateStream big", IStorage_CreateStream(root, L"Big", STGM_WRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream));
  for (int i = 0; i < (int)sizeof big; i++) big[i] = (unsigned char)(i * 7 + i / 256);
  show("  Write", IStream_Write(stream, big, sizeof big, &done));
  printf("  written %lu\n", (unsigned long)done);
  IStream_Release(stream);
  IStorage* sub = NULL;
  show("CreateStorage", IStorage_CreateStorage(root, L"Sub", STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &sub));
  for (int i = 0; i < 5; i++) {
    WCHAR name[16];
    swprintf(name, 16, L"Item%d", i);
    IStorage_CreateStream(sub, name, STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream);
    IStream_Write(stream, name, (ULONG)(wcslen(name) * 2), &done);
    IStream_Release(stream);
  }
  IStorage_Release(sub);
  show("WriteFmtUserTypeStg", WriteFmtUserTypeStg(root, CF_TEXT, L"Polyrun Test Document"));
  show("SetConvertStg", SetConvertStg(root, TRUE));
  show("CreateStream bad mode", IStorage_CreateStream(root, L"X", STGM_READWRITE, 0, 0, &stream));
  show("CreateStream long name",
       IStorage_CreateStream(root, L"AVeryLongStreamNameThatIsTooLongForIt", STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0,
                             0, &stream));
  show("Commit", IStorage_Commit(root, STGC_DEFAULT));
  printf("Release: %lu\n", (unsigned long)IStorage_Release(root));
}

static void read_file(const WCHAR* path) {
  show("StgIsStorageFile", StgIsStorageFile(path));
  IStorage* root = NULL;
  show("StgOpenStorage", StgOpenStorage(path, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &root));
  if (!root) return;
  CLSID clsid;
  show("ReadClassStg", ReadClassStg(root, &clsid));
  show_guid("  class", &clsid);
  STATSTG stat;
  show("Stat", IStorage_Stat(root, &stat, STATFLAG_NONAME));
  printf("  type %lu state bits %lx\n", (unsigned long)stat.type, (unsigned long)stat.grfStateBits);
  IEnumSTATSTG* list = NULL;
  show("EnumElements", IStorage_EnumElements(root, 0, NULL, 0, &list));
  ULONG fetched;
  while (IEnumSTATSTG_Next(list, 1, &stat, &fetched) == S_OK) {
    printf("  %ls: type %lu size %lu\n", stat.pwcsName[0] < 32 ? stat.pwcsName + 1 : stat.pwcsName,
           (unsigned long)stat.type, (unsigned long)stat.cbSize.QuadPart);
    CoTaskMemFree(stat.pwcsName);
  }
  IEnumSTATSTG_Release(list);
  IStream* stream = NULL;
  show("OpenStream small", IStorage_OpenStream(root, L"SMALL", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream));
  char text[64] = {0};
  ULONG done = 0;
  if (stream) {
    IStream_Read(stream, text, sizeof text - 1, &done);
    printf("  %lu '%s'\n", (unsigned long)done, text);
    show("OpenStream twice", IStorage_OpenStream(root, L"Small", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0,
                                                 (IStream**)&list));
    IStream_Release(stream);
  }
  show("OpenStream big", IStorage_OpenStream(root, L"Big", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream));
  if (stream) {
    static unsigned char back[12000];
    IStream_Read(stream, back, sizeof back, &done);
    int same = done == sizeof big;
    for (ULONG i = 0; same && i < done; i++) same = back[i] == (unsigned char)(i * 7 + i / 256);
    printf("  read %lu, same %d\n", (unsigned long)done, same);
    LARGE_INTEGER move;
    ULARGE_INTEGER position;
    move.QuadPart = -10;
    show("  Seek from the end", IStream_Seek(stream, move, STREAM_SEEK_END, &position));
    printf("  position %lu\n", (unsigned long)position.QuadPart);
    show("  Write read-only", IStream_Write(stream, "x", 1, &done));
    IStream_Release(stream);
  }
  show("OpenStream missing", IStorage_OpenStream(root, L"Nothing", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream));
  IStorage* sub = NULL;
  show("OpenStorage", IStorage_OpenStorage(root, L"Sub", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &sub));
  if (sub) {
    IStorage_EnumElements(sub, 0, NULL, 0, &list);
    int count = 0;
    while (IEnumSTATSTG_Next(list, 1, &stat, &fetched) == S_OK) {
      count++;
      CoTaskMemFree(stat.pwcsName);
    }
    IEnumSTATSTG_Reset(list);
    show("  Skip", IEnumSTATSTG_Skip(list, 4));
    IEnumSTATSTG_Next(list, 1, &stat, &fetched);
    printf("  %d items, the fifth %ls\n", count, stat.pwcsName);
    CoTaskMemFree(stat.pwcsName);
    IEnumSTATSTG_Release(list);
    IStorage_Release(sub);
  }
  CLIPFORMAT cf = 0;
  LPOLESTR type = NULL;
  show("ReadFmtUserTypeStg", ReadFmtUserTypeStg(root, &cf, &type));
  printf("  format %u, type %ls\n", cf, type ? type : L"(null)");
  CoTaskMemFree(type);
  show("GetConvertStg", GetConvertStg(root));
  show("CreateStream read-only", IStorage_CreateStream(root, L"New", STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream));
  printf("Release: %lu\n", (unsigned long)IStorage_Release(root));
}

static void changes(const WCHAR* path) {
  IStorage* root = NULL;
  show("StgOpenStorage read-write", StgOpenStorage(path, NULL, STGM_READWRITE | STGM_SHARE_EXCLUSIVE, NULL, 0, &root));
  if (!root) return;
  show("RenameElement", IStorage_RenameElement(root, L"Small", L"Renamed"));
  show("RenameElement missing", IStorage_RenameElement(root, L"Small", L"Other"));
  show("DestroyElement", IStorage_DestroyElement(root, L"Big"));
  show("DestroyElement missing", IStorage_DestroyElement(root, L"Big"));
  show("SetConvertStg FALSE", SetConvertStg(root, FALSE));
  show("GetConvertStg", GetConvertStg(root));
  IStorage_Release(root);
  IStorage* again = NULL;
  IID iid = IID_IStorage;
  show("StgOpenStorageEx", StgOpenStorageEx(path, STGM_READ | STGM_SHARE_DENY_WRITE, STGFMT_STORAGE, 0, NULL, NULL,
                                            &iid, (void**)&again));
  if (again) {
    IStream* stream = NULL;
    show("  OpenStream renamed", IStorage_OpenStream(again, L"Renamed", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0,
                                                    &stream));
    if (stream) IStream_Release(stream);
    show("  OpenStream destroyed", IStorage_OpenStream(again, L"Big", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0,
                                                      &stream));
    IStorage_Release(again);
  }
  CLSID clsid;
  show("GetClassFile", GetClassFile(path, &clsid));
  show_guid("  class", &clsid);
  show("StgCreateDocfile exists", StgCreateDocfile(path, STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &root));
  show("StgOpenStorage missing", StgOpenStorage(L"no_such_file.stg", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0,
                                                &root));
  show("StgIsStorageFile missing", StgIsStorageFile(L"no_such_file.stg"));
  HANDLE h = CreateFileW(L"plain.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  WriteFile(h, "just text, not a compound file", 30, (DWORD*)&clsid, NULL);
  CloseHandle(h);
  show("StgIsStorageFile plain", StgIsStorageFile(L"plain.txt"));
  show("StgOpenStorage plain", StgOpenStorage(L"plain.txt", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &root));
  show("GetClassFile plain", GetClassFile(L"plain.txt", &clsid));
  DeleteFileW(L"plain.txt");
  show("GetClassFile no extension", GetClassFile(L"no_extension_here", &clsid));
}

static void lockbytes(void) {
  ILockBytes* bytes = NULL;
  CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
  show("StgIsStorageILockBytes empty", StgIsStorageILockBytes(bytes));
  IStorage* root = NULL;
  show("StgCreateDocfileOnILockBytes",
       StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &root));
  if (root) {
    IStream* stream = NULL;
    IStorage_CreateStream(root, L"Data", STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream);
    IStream_Write(stream, "in memory", 9, NULL);
    IStream_Release(stream);
    IStorage_Commit(root, STGC_DEFAULT);
    IStorage_Release(root);
  }
  show("StgIsStorageILockBytes", StgIsStorageILockBytes(bytes));
  show("StgOpenStorageOnILockBytes",
       StgOpenStorageOnILockBytes(bytes, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &root));
  if (root) {
    IStream* stream = NULL;
    char text[16] = {0};
    show("  OpenStream", IStorage_OpenStream(root, L"Data", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream));
    if (stream) {
      IStream_Read(stream, text, 15, NULL);
      printf("  '%s'\n", text);
      IStream_Release(stream);
    }
    IStorage_Release(root);
  }
  ILockBytes_Release(bytes);
}

static void names(void) {
  WCHAR name[40];
  FMTID back;
  static const FMTID kSummary = {0xf29f85e0, 0x4ff9, 0x1068, {0xab, 0x91, 0x08, 0x00, 0x2b, 0x27, 0xb3, 0xd9}};
  show("FmtIdToPropStgName summary", FmtIdToPropStgName(&kSummary, name));
  printf("  %ls\n", name + 1);
  show("FmtIdToPropStgName", FmtIdToPropStgName(&kClass, name));
  printf("  %ls (%d)\n", name + 1, name[0]);
  show("PropStgNameToFmtId", PropStgNameToFmtId(name, &back));
  printf("  same %d\n", IsEqualGUID(&back, &kClass));
  show("PropStgNameToFmtId bad", PropStgNameToFmtId(L"\5bad name!", &back));
  show("PropStgNameToFmtId summary", PropStgNameToFmtId(L"\5SUMMARYINFORMATION", &back));
  show_guid("  fmtid", &back);
}

// A PMemoryAllocator: a C++ class whose first virtual method allocates (thiscall on i386).
#ifdef __i386__
#define THISCALL __attribute__((thiscall))
#else
#define THISCALL
#endif
typedef struct Allocator Allocator;
typedef struct {
  void*(THISCALL* allocate)(Allocator* self, ULONG size);
  void(THISCALL* free)(Allocator* self, void* block);
} AllocatorVtbl;
struct Allocator {
  const AllocatorVtbl* vtbl;
};
static int allocations;
static void* THISCALL allocate_block(Allocator* self, ULONG size) {
  allocations++;
  return CoTaskMemAlloc(size);
}
static void THISCALL free_block(Allocator* self, void* block) { CoTaskMemFree(block); }
static const AllocatorVtbl allocator_vtbl = {allocate_block, free_block};
// (mingw-w64's headers declare StgConvertPropertyToVariant only for C++)
BOOLEAN WINAPI StgConvertPropertyToVariant(const SERIALIZEDPROPERTYVALUE* prop, USHORT code_page, PROPVARIANT* var,
                                           void* allocator);

static void conversions(void) {
  PROPVARIANT v;
  PropVariantInit(&v);
  v.vt = VT_I4;
  v.lVal = 42;
  ULONG size = 0, indirect = 9;
  SERIALIZEDPROPERTYVALUE* got = StgConvertVariantToProperty(&v, CP_WINUNICODE, NULL, &size, 2, FALSE, &indirect);
  printf("StgConvertVariantToProperty size only: %d, size %lu, indirect %lu\n", got != NULL, (unsigned long)size,
         (unsigned long)indirect);
  unsigned char buffer[64];
  memset(buffer, 0xcc, sizeof buffer);
  size = sizeof buffer;
  got = StgConvertVariantToProperty(&v, CP_WINUNICODE, (SERIALIZEDPROPERTYVALUE*)buffer, &size, 2, FALSE, NULL);
  printf("StgConvertVariantToProperty: the buffer %d, size %lu, %02x %02x %02x %02x %02x\n",
         got == (SERIALIZEDPROPERTYVALUE*)buffer, (unsigned long)size, buffer[0], buffer[1], buffer[4], buffer[5],
         buffer[8]);
  // A serialized LPWSTR back to a PROPVARIANT.
  unsigned char wide[] = {31, 0, 0, 0, 3, 0, 0, 0, 'h', 0, 'i', 0, 0, 0, 0, 0};
  Allocator allocator = {&allocator_vtbl};
  PROPVARIANT back;
  BOOLEAN indirect_back = StgConvertPropertyToVariant((SERIALIZEDPROPERTYVALUE*)wide, CP_WINUNICODE, &back,
                                                      &allocator);
  printf("StgConvertPropertyToVariant: %d, vt %u '%ls', allocations %d\n", indirect_back, back.vt, back.pwszVal,
         allocations);
  CoTaskMemFree(back.pwszVal);
  unsigned char number[] = {3, 0, 0, 0, 7, 0, 0, 0};
  StgConvertPropertyToVariant((SERIALIZEDPROPERTYVALUE*)number, CP_WINUNICODE, &back, &allocator);
  printf("StgConvertPropertyToVariant I4: vt %u %ld\n", back.vt, back.lVal);
}

static void properties(void) {
  ILockBytes* bytes = NULL;
  IStorage* root = NULL;
  CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
  StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &root);
  IPropertySetStorage* sets = NULL;
  show("StgCreatePropSetStg", StgCreatePropSetStg(root, 0, &sets));
  if (!sets) return;
  IPropertyStorage* props = NULL;
  show("  Create", IPropertySetStorage_Create(sets, &kClass, NULL, PROPSETFLAG_DEFAULT,
                                              STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, &props));
  if (props) {
    PROPSPEC specs[3];
    PROPVARIANT values[3];
    specs[0].ulKind = PRSPEC_PROPID;
    specs[0].propid = 2;
    specs[1].ulKind = PRSPEC_PROPID;
    specs[1].propid = 5;
    specs[2].ulKind = PRSPEC_LPWSTR;
    specs[2].lpwstr = L"Polyrun";
    PropVariantInit(&values[0]);
    values[0].vt = VT_LPSTR;
    values[0].pszVal = "A title";
    PropVariantInit(&values[1]);
    values[1].vt = VT_I4;
    values[1].lVal = 42;
    PropVariantInit(&values[2]);
    values[2].vt = VT_LPWSTR;
    values[2].pwszVal = L"named value";
    show("  WriteMultiple", IPropertyStorage_WriteMultiple(props, 3, specs, values, 1000));
    show("  WriteMultiple bad first id", IPropertyStorage_WriteMultiple(props, 1, specs + 2, values + 2, 1));
    show("  Commit", IPropertyStorage_Commit(props, STGC_DEFAULT));
    IPropertyStorage_Release(props);
  }
  props = NULL;
  show("  Open", IPropertySetStorage_Open(sets, &kClass, STGM_READ | STGM_SHARE_EXCLUSIVE, &props));
  if (props) {
    PROPSPEC specs[4];
    PROPVARIANT values[4];
    specs[0].ulKind = PRSPEC_PROPID;
    specs[0].propid = 2;
    specs[1].ulKind = PRSPEC_PROPID;
    specs[1].propid = 5;
    specs[2].ulKind = PRSPEC_LPWSTR;
    specs[2].lpwstr = L"POLYRUN";
    specs[3].ulKind = PRSPEC_PROPID;
    specs[3].propid = 77;
    show("  ReadMultiple", IPropertyStorage_ReadMultiple(props, 4, specs, values));
    printf("  %u '%s', %u %ld, %u '%ls', %u\n", values[0].vt, values[0].pszVal, values[1].vt, values[1].lVal,
           values[2].vt, values[2].pwszVal, values[3].vt);
    FreePropVariantArray(4, values);
    PROPID id = 1000;
    LPOLESTR name = NULL;
    show("  ReadPropertyNames", IPropertyStorage_ReadPropertyNames(props, 1, &id, &name));
    printf("  %ls\n", name ? name : L"(none)");
    CoTaskMemFree(name);
    STATPROPSETSTG stat;
    show("  Stat", IPropertyStorage_Stat(props, &stat));
    printf("  fmtid the class %d\n", IsEqualGUID(&stat.fmtid, &kClass));
    IPropertyStorage_Release(props);
  }
  show("  Open missing", IPropertySetStorage_Open(sets, &IID_IUnknown, STGM_READ | STGM_SHARE_EXCLUSIVE, &props));
  show("  Delete", IPropertySetStorage_Delete(sets, &kClass));
  IPropertySetStorage_Release(sets);
  IStorage_Release(root);
  ILockBytes_Release(bytes);
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  CoInitialize(NULL);
  WCHAR path[MAX_PATH] = L"ole32_storage_test.stg";
  if (argc == 3) {
    MultiByteToWideChar(CP_ACP, 0, argv[2], -1, path, MAX_PATH);
    if (!strcmp(argv[1], "write")) write_file(path);
    else read_file(path);
    CoUninitialize();
    return 0;
  }
  write_file(path);
  read_file(path);
  changes(path);
  DeleteFileW(path);
  lockbytes();
  names();
  properties();
  conversions();
  CoUninitialize();
  return 0;
}
