// OLE32's streams and marshalling within a process: streams and byte arrays over HGLOBAL, HRESULTs
// in streams, CoMarshalInterface/CoUnmarshalInterface (normal and table marshals, the free-threaded
// marshaler, the global interface table, another thread of the multithreaded apartment),
// CoLockObjectExternal and CoDisconnectObject, the wire forms of handles, clipboard formats,
// global blocks and storage mediums (*_UserSize/_UserMarshal/_UserUnmarshal/_UserFree),
// PropVariantCopy, ReleaseStgMedium and OleDuplicateData.
// Links: -lole32 -loleaut32 -luuid
#define _WIN32_WINNT 0x0A00
#define COBJMACROS
#include <objbase.h>
#include <objidl.h>
#include <ole2.h>
#include <propidl.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

// (mingw-w64's headers lack these two)
BSTR WINAPI PropSysAllocString(LPCOLESTR text);
void WINAPI PropSysFreeString(LPOLESTR text);

static void show(const char* what, HRESULT hr) { printf("%s: %08lx\n", what, (unsigned long)hr); }

// ---- an object of the program's own: IUnknown and IPersist, counted ----
typedef struct {
  IPersistVtbl* vtbl;
  LONG refs;
  IUnknown* ftm;  // the aggregated free-threaded marshaler, when made with one
} Thing;
static HRESULT STDMETHODCALLTYPE thing_qi(IPersist* self, REFIID iid, void** out) {
  Thing* t = (Thing*)self;
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IPersist)) {
    *out = self;
    t->refs++;
    return S_OK;
  }
  if (t->ftm && IsEqualIID(iid, &IID_IMarshal)) return IUnknown_QueryInterface(t->ftm, iid, out);
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE thing_addref(IPersist* self) { return ++((Thing*)self)->refs; }
static ULONG STDMETHODCALLTYPE thing_release(IPersist* self) { return --((Thing*)self)->refs; }
static HRESULT STDMETHODCALLTYPE thing_class(IPersist* self, CLSID* clsid) {
  *clsid = CLSID_NULL;
  return S_OK;
}
static IPersistVtbl thing_vtbl = {thing_qi, thing_addref, thing_release, thing_class};

static void rewind_stream(IStream* stream) {
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
}

static void hglobal_streams(void) {
  IStream* stream = NULL;
  show("CreateStreamOnHGlobal", CreateStreamOnHGlobal(NULL, TRUE, &stream));
  ULONG done = 0;
  show("  Write", IStream_Write(stream, "hello, world", 12, &done));
  printf("  written %lu\n", (unsigned long)done);
  LARGE_INTEGER move;
  ULARGE_INTEGER position;
  move.QuadPart = 7;
  show("  Seek set", IStream_Seek(stream, move, STREAM_SEEK_SET, &position));
  printf("  position %lu\n", (unsigned long)position.QuadPart);
  char text[32] = {0};
  show("  Read", IStream_Read(stream, text, sizeof text - 1, &done));
  printf("  read %lu '%s'\n", (unsigned long)done, text);
  move.QuadPart = -20;
  show("  Seek before the start", IStream_Seek(stream, move, STREAM_SEEK_CUR, &position));
  printf("  position %lu\n", (unsigned long)position.QuadPart);
  move.QuadPart = 0;
  show("  Seek bad origin", IStream_Seek(stream, move, 7, &position));
  STATSTG stat;
  memset(&stat, 0xcc, sizeof stat);
  show("  Stat", IStream_Stat(stream, &stat, STATFLAG_NONAME));
  printf("  type %lu size %lu name null %d\n", (unsigned long)stat.type, (unsigned long)stat.cbSize.QuadPart,
         stat.pwcsName == NULL);
  IStream* clone = NULL;
  show("  Clone", IStream_Clone(stream, &clone));
  move.QuadPart = 0;
  IStream_Seek(clone, move, STREAM_SEEK_CUR, &position);
  printf("  clone position %lu\n", (unsigned long)position.QuadPart);
  ULARGE_INTEGER size;
  size.QuadPart = 5;
  show("  SetSize", IStream_SetSize(stream, size));
  IStream_Stat(clone, &stat, STATFLAG_NONAME);
  printf("  clone size %lu\n", (unsigned long)stat.cbSize.QuadPart);
  HGLOBAL global = NULL;
  show("  GetHGlobalFromStream", GetHGlobalFromStream(stream, &global));
  printf("  block starts '%.5s'\n", (char*)GlobalLock(global));
  GlobalUnlock(global);
  ULARGE_INTEGER offset, length;
  offset.QuadPart = 0;
  length.QuadPart = 1;
  show("  LockRegion", IStream_LockRegion(stream, offset, length, LOCK_WRITE));
  show("  UnlockRegion", IStream_UnlockRegion(stream, offset, length, LOCK_WRITE));
  show("  Commit", IStream_Commit(stream, STGC_DEFAULT));
  show("  Revert", IStream_Revert(stream));
  IStream* other = NULL;
  CreateStreamOnHGlobal(NULL, TRUE, &other);
  rewind_stream(stream);
  ULARGE_INTEGER read_total, written_total;
  size.QuadPart = 100;
  show("  CopyTo", IStream_CopyTo(stream, other, size, &read_total, &written_total));
  printf("  copied %lu %lu\n", (unsigned long)read_total.QuadPart, (unsigned long)written_total.QuadPart);
  show("  CopyTo NULL", IStream_CopyTo(stream, NULL, size, NULL, NULL));
  IUnknown* unk = NULL;
  show("  QueryInterface ISequentialStream", IStream_QueryInterface(stream, &IID_ISequentialStream, (void**)&unk));
  if (unk) IUnknown_Release(unk);
  show("  QueryInterface IPersist", IStream_QueryInterface(stream, &IID_IPersist, (void**)&unk));

  // HRESULTs in a stream.
  rewind_stream(other);
  show("CoMarshalHresult", CoMarshalHresult(other, E_ACCESSDENIED));
  rewind_stream(other);
  HRESULT back = 0;
  show("CoUnmarshalHresult", CoUnmarshalHresult(other, &back));
  printf("  %08lx\n", (unsigned long)back);

  printf("  Release clone: %lu\n", (unsigned long)IStream_Release(clone));
  printf("  Release: %lu\n", (unsigned long)IStream_Release(stream));
  IStream_Release(other);
  show("CreateStreamOnHGlobal NULL out", CreateStreamOnHGlobal(NULL, TRUE, NULL));
  show("GetHGlobalFromStream NULL", GetHGlobalFromStream(NULL, &global));

  // A stream over the program's own block.
  HGLOBAL mine = GlobalAlloc(GMEM_MOVEABLE, 8);
  memcpy(GlobalLock(mine), "abcdefgh", 8);
  GlobalUnlock(mine);
  CreateStreamOnHGlobal(mine, FALSE, &stream);
  IStream_Stat(stream, &stat, STATFLAG_NONAME);
  printf("stream over a block: size %lu\n", (unsigned long)stat.cbSize.QuadPart);
  memset(text, 0, sizeof text);
  IStream_Read(stream, text, 3, &done);
  printf("  read '%s'\n", text);
  IStream_Release(stream);
  GlobalFree(mine);

  // Byte arrays.
  ILockBytes* bytes = NULL;
  show("CreateILockBytesOnHGlobal", CreateILockBytesOnHGlobal(NULL, TRUE, &bytes));
  offset.QuadPart = 4;
  show("  WriteAt", ILockBytes_WriteAt(bytes, offset, "data", 4, &done));
  printf("  written %lu\n", (unsigned long)done);
  memset(text, 0, sizeof text);
  offset.QuadPart = 2;
  show("  ReadAt past the end", ILockBytes_ReadAt(bytes, offset, text, 10, &done));
  printf("  read %lu\n", (unsigned long)done);
  offset.QuadPart = 100;
  show("  ReadAt far", ILockBytes_ReadAt(bytes, offset, text, 1, &done));
  show("  Stat", ILockBytes_Stat(bytes, &stat, STATFLAG_NONAME));
  printf("  type %lu size %lu\n", (unsigned long)stat.type, (unsigned long)stat.cbSize.QuadPart);
  show("  Flush", ILockBytes_Flush(bytes));
  offset.QuadPart = 0;
  show("  LockRegion", ILockBytes_LockRegion(bytes, offset, length, LOCK_WRITE));
  show("  UnlockRegion", ILockBytes_UnlockRegion(bytes, offset, length, LOCK_WRITE));
  size.QuadPart = 2;
  show("  SetSize", ILockBytes_SetSize(bytes, size));
  show("  GetHGlobalFromILockBytes", GetHGlobalFromILockBytes(bytes, &global));
  printf("  block nonzero %d\n", global != NULL);
  printf("  Release: %lu\n", (unsigned long)ILockBytes_Release(bytes));
}

static IStream* marshal_stream;
static HRESULT thread_result;
static DWORD WINAPI unmarshal_in_mta(void* arg) {
  CoInitializeEx(NULL, COINIT_MULTITHREADED);
  IPersist* persist = NULL;
  thread_result = CoGetInterfaceAndReleaseStream(marshal_stream, &IID_IPersist, (void**)&persist);
  if (persist) {
    CLSID clsid;
    IPersist_GetClassID(persist, &clsid);
    IPersist_Release(persist);
  }
  CoUninitialize();
  return 0;
}

static void marshalling(void) {
  Thing thing = {&thing_vtbl, 1, NULL};
  IStream* stream = NULL;
  CreateStreamOnHGlobal(NULL, TRUE, &stream);
  DWORD size = 0;
  show("CoGetMarshalSizeMax", CoGetMarshalSizeMax(&size, &IID_IPersist, (IUnknown*)&thing, MSHCTX_INPROC, NULL,
                                                  MSHLFLAGS_NORMAL));
  printf("  size nonzero %d\n", size > 0);
  show("CoMarshalInterface", CoMarshalInterface(stream, &IID_IPersist, (IUnknown*)&thing, MSHCTX_INPROC, NULL,
                                                MSHLFLAGS_NORMAL));
  printf("  the marshal holds references: %d\n", thing.refs > 1);
  rewind_stream(stream);
  IPersist* back = NULL;
  show("CoUnmarshalInterface", CoUnmarshalInterface(stream, &IID_IPersist, (void**)&back));
  printf("  same object %d, refs %ld\n", back == (IPersist*)&thing, thing.refs);
  if (back) IPersist_Release(back);
  rewind_stream(stream);
  show("CoUnmarshalInterface again", CoUnmarshalInterface(stream, &IID_IPersist, (void**)&back));
  rewind_stream(stream);
  show("CoReleaseMarshalData after", CoReleaseMarshalData(stream));
  printf("  refs %ld\n", thing.refs);

  // Released without an unmarshal.
  rewind_stream(stream);
  CoMarshalInterface(stream, &IID_IUnknown, (IUnknown*)&thing, MSHCTX_INPROC, NULL, MSHLFLAGS_NORMAL);
  printf("a second marshal holds references: %d\n", thing.refs > 1);
  rewind_stream(stream);
  show("CoReleaseMarshalData", CoReleaseMarshalData(stream));
  printf("  refs %ld\n", thing.refs);

  // A table-strong marshal unmarshals many times.
  rewind_stream(stream);
  CoMarshalInterface(stream, &IID_IUnknown, (IUnknown*)&thing, MSHCTX_INPROC, NULL, MSHLFLAGS_TABLESTRONG);
  for (int i = 0; i < 2; i++) {
    IUnknown* unk = NULL;
    rewind_stream(stream);
    show("CoUnmarshalInterface table-strong", CoUnmarshalInterface(stream, &IID_IUnknown, (void**)&unk));
    if (unk) IUnknown_Release(unk);
  }
  printf("  the marshal holds references: %d\n", thing.refs > 1);
  rewind_stream(stream);
  show("CoReleaseMarshalData table-strong", CoReleaseMarshalData(stream));
  printf("  refs %ld\n", thing.refs);

  // Garbage.
  rewind_stream(stream);
  IStream_Write(stream, "not an objref, nothing like one", 32, NULL);
  rewind_stream(stream);
  IUnknown* unk = NULL;
  show("CoUnmarshalInterface garbage", CoUnmarshalInterface(stream, &IID_IUnknown, (void**)&unk));
  show("CoMarshalInterface NULL", CoMarshalInterface(stream, &IID_IUnknown, NULL, MSHCTX_INPROC, NULL, 0));
  IStream_Release(stream);

  // External locks and disconnection.
  show("CoLockObjectExternal lock", CoLockObjectExternal((IUnknown*)&thing, TRUE, TRUE));
  printf("  refs %ld\n", thing.refs);
  show("CoLockObjectExternal unlock", CoLockObjectExternal((IUnknown*)&thing, FALSE, TRUE));
  printf("  refs %ld\n", thing.refs);
  CreateStreamOnHGlobal(NULL, TRUE, &stream);
  CoMarshalInterface(stream, &IID_IUnknown, (IUnknown*)&thing, MSHCTX_INPROC, NULL, MSHLFLAGS_NORMAL);
  show("CoDisconnectObject", CoDisconnectObject((IUnknown*)&thing, 0));
  printf("  refs %ld\n", thing.refs);
  IStream_Release(stream);
  show("CoDisconnectObject NULL", CoDisconnectObject(NULL, 0));

  // The free-threaded marshaler.
  Thing free = {&thing_vtbl, 1, NULL};
  show("CoCreateFreeThreadedMarshaler", CoCreateFreeThreadedMarshaler((IUnknown*)&free, &free.ftm));
  IMarshal* marshal = NULL;
  show("  QueryInterface IMarshal", IUnknown_QueryInterface((IUnknown*)&free, &IID_IMarshal, (void**)&marshal));
  printf("  refs %ld\n", free.refs);
  CLSID clsid;
  WCHAR text[39];
  show("  GetUnmarshalClass inproc", IMarshal_GetUnmarshalClass(marshal, &IID_IUnknown, &free, MSHCTX_INPROC, NULL,
                                                                 MSHLFLAGS_NORMAL, &clsid));
  StringFromGUID2(&clsid, text, 39);
  printf("  %ls\n", text);
  show("  GetUnmarshalClass local", IMarshal_GetUnmarshalClass(marshal, &IID_IUnknown, &free, MSHCTX_LOCAL, NULL,
                                                                MSHLFLAGS_NORMAL, &clsid));
  StringFromGUID2(&clsid, text, 39);
  printf("  %ls\n", text);
  show("  GetMarshalSizeMax", IMarshal_GetMarshalSizeMax(marshal, &IID_IUnknown, &free, MSHCTX_INPROC, NULL,
                                                         MSHLFLAGS_NORMAL, &size));
  printf("  size %lu\n", (unsigned long)size);
  IMarshal_Release(marshal);
  show("CoGetMarshalSizeMax free-threaded", CoGetMarshalSizeMax(&size, &IID_IPersist, (IUnknown*)&free, MSHCTX_INPROC,
                                                                NULL, MSHLFLAGS_NORMAL));
  printf("  size %lu\n", (unsigned long)size);
  show("CoMarshalInterThreadInterfaceInStream", CoMarshalInterThreadInterfaceInStream(&IID_IPersist, (IUnknown*)&free,
                                                                                     &marshal_stream));
  HANDLE thread = CreateThread(NULL, 0, unmarshal_in_mta, NULL, 0, NULL);
  WaitForSingleObject(thread, INFINITE);
  CloseHandle(thread);
  show("  unmarshalled in the multithreaded apartment", thread_result);
  printf("  refs %ld\n", free.refs);
  IUnknown_Release(free.ftm);

  // The global interface table.
  IGlobalInterfaceTable* table = NULL;
  show("CoCreateInstance StdGlobalInterfaceTable",
       CoCreateInstance(&CLSID_StdGlobalInterfaceTable, NULL, CLSCTX_INPROC_SERVER, &IID_IGlobalInterfaceTable,
                        (void**)&table));
  if (table) {
    DWORD cookie = 0;
    show("  RegisterInterfaceInGlobal", IGlobalInterfaceTable_RegisterInterfaceInGlobal(table, (IUnknown*)&thing,
                                                                                        &IID_IPersist, &cookie));
    printf("  cookie nonzero %d, references held %d\n", cookie != 0, thing.refs > 1);
    IPersist* got = NULL;
    show("  GetInterfaceFromGlobal", IGlobalInterfaceTable_GetInterfaceFromGlobal(table, cookie, &IID_IPersist,
                                                                                  (void**)&got));
    printf("  same object %d\n", got == (IPersist*)&thing);
    if (got) IPersist_Release(got);
    show("  RevokeInterfaceFromGlobal", IGlobalInterfaceTable_RevokeInterfaceFromGlobal(table, cookie));
    printf("  refs %ld\n", thing.refs);
    show("  RevokeInterfaceFromGlobal again", IGlobalInterfaceTable_RevokeInterfaceFromGlobal(table, cookie));
    show("  GetInterfaceFromGlobal revoked", IGlobalInterfaceTable_GetInterfaceFromGlobal(table, cookie,
                                                                                          &IID_IPersist, (void**)&got));
    IGlobalInterfaceTable_Release(table);
  }

  // The standard marshaler.
  IMarshal* standard = NULL;
  show("CoGetStandardMarshal", CoGetStandardMarshal(&IID_IUnknown, (IUnknown*)&thing, MSHCTX_INPROC, NULL,
                                                    MSHLFLAGS_NORMAL, &standard));
  if (standard) {
    show("  GetUnmarshalClass", IMarshal_GetUnmarshalClass(standard, &IID_IUnknown, &thing, MSHCTX_INPROC, NULL,
                                                           MSHLFLAGS_NORMAL, &clsid));
    StringFromGUID2(&clsid, text, 39);
    printf("  %ls\n", text);
    IMarshal_Release(standard);
  }
}

static void user_marshal(void) {
  unsigned char buffer[256];
  ULONG inproc = MSHCTX_INPROC, local = MSHCTX_LOCAL, remote = MSHCTX_DIFFERENTMACHINE;
  HWND hwnd = (HWND)(ULONG_PTR)0x12345678, hwnd_back = NULL;
  memset(buffer, 0xcc, sizeof buffer);
  printf("HWND_UserSize: %lu\n", HWND_UserSize(&inproc, 1, &hwnd));
  unsigned char* end = HWND_UserMarshal(&inproc, buffer + 1, &hwnd);
  printf("HWND_UserMarshal: end %d, %08lx %08lx\n", (int)(end - buffer), *(ULONG*)(buffer + 4),
         *(ULONG*)(buffer + 8));
  end = HWND_UserUnmarshal(&inproc, buffer + 1, &hwnd_back);
  printf("HWND_UserUnmarshal: end %d, same %d\n", (int)(end - buffer), hwnd_back == hwnd);
  HWND_UserFree(&inproc, &hwnd_back);
  HMENU menu = (HMENU)(ULONG_PTR)0x2222;
  printf("HMENU_UserSize local: %lu\n", HMENU_UserSize(&local, 0, &menu));

  // Global blocks.
  HGLOBAL global = GlobalAlloc(GMEM_MOVEABLE, 5), global_back = NULL;
  memcpy(GlobalLock(global), "12345", 5);
  GlobalUnlock(global);
  printf("HGLOBAL_UserSize inproc: %lu\n", HGLOBAL_UserSize(&inproc, 0, &global));
  printf("HGLOBAL_UserSize local: %lu\n", HGLOBAL_UserSize(&local, 0, &global));
  memset(buffer, 0, sizeof buffer);
  end = HGLOBAL_UserMarshal(&local, buffer, &global);
  printf("HGLOBAL_UserMarshal local: end %d, tag %08lx size %lu data %.5s\n", (int)(end - buffer), *(ULONG*)buffer,
         *(ULONG*)(buffer + 8), (char*)(buffer + 20));
  end = HGLOBAL_UserUnmarshal(&local, buffer, &global_back);
  printf("HGLOBAL_UserUnmarshal local: end %d, new block %d, size %lu, data %.5s\n", (int)(end - buffer),
         global_back != global, (unsigned long)GlobalSize(global_back), (char*)GlobalLock(global_back));
  GlobalUnlock(global_back);
  HGLOBAL_UserFree(&local, &global_back);
  end = HGLOBAL_UserMarshal(&inproc, buffer, &global);
  printf("HGLOBAL_UserMarshal inproc: end %d, tag %08lx\n", (int)(end - buffer), *(ULONG*)buffer);
  HGLOBAL_UserUnmarshal(&inproc, buffer, &global_back);
  printf("HGLOBAL_UserUnmarshal inproc: same %d\n", global_back == global);
  HGLOBAL none = NULL;
  printf("HGLOBAL_UserSize local NULL: %lu\n", HGLOBAL_UserSize(&local, 0, &none));

  // Clipboard formats.
  CLIPFORMAT cf = CF_TEXT, cf_back = 0;
  printf("CLIPFORMAT_UserSize: %lu\n", CLIPFORMAT_UserSize(&remote, 0, &cf));
  end = CLIPFORMAT_UserMarshal(&remote, buffer, &cf);
  printf("CLIPFORMAT_UserMarshal: end %d, %08lx %08lx\n", (int)(end - buffer), *(ULONG*)buffer, *(ULONG*)(buffer + 4));
  CLIPFORMAT_UserUnmarshal(&remote, buffer, &cf_back);
  printf("CLIPFORMAT_UserUnmarshal: %u\n", cf_back);
  CLIPFORMAT registered = RegisterClipboardFormatW(L"Polyrun Test Format");
  printf("CLIPFORMAT_UserSize registered remote: %lu\n", CLIPFORMAT_UserSize(&remote, 0, &registered));
  end = CLIPFORMAT_UserMarshal(&remote, buffer, &registered);
  printf("CLIPFORMAT_UserMarshal registered: end %d, %08lx, count %lu, name %ls\n", (int)(end - buffer),
         *(ULONG*)buffer, *(ULONG*)(buffer + 8), (WCHAR*)(buffer + 20));
  CLIPFORMAT_UserUnmarshal(&remote, buffer, &cf_back);
  printf("CLIPFORMAT_UserUnmarshal registered: same %d\n", cf_back == registered);

  // Storage mediums.
  STGMEDIUM medium, medium_back;
  medium.tymed = TYMED_HGLOBAL;
  medium.hGlobal = global;
  medium.pUnkForRelease = NULL;
  printf("STGMEDIUM_UserSize: %lu\n", STGMEDIUM_UserSize(&local, 0, &medium));
  end = STGMEDIUM_UserMarshal(&local, buffer, &medium);
  printf("STGMEDIUM_UserMarshal: end %d, tymed %lu\n", (int)(end - buffer), *(ULONG*)buffer);
  memset(&medium_back, 0, sizeof medium_back);
  end = STGMEDIUM_UserUnmarshal(&local, buffer, &medium_back);
  printf("STGMEDIUM_UserUnmarshal: end %d, tymed %lu, data %.5s\n", (int)(end - buffer),
         (unsigned long)medium_back.tymed, (char*)GlobalLock(medium_back.hGlobal));
  GlobalUnlock(medium_back.hGlobal);
  STGMEDIUM_UserFree(&local, &medium_back);
  printf("  after free: tymed %lu\n", (unsigned long)medium_back.tymed);
  medium.tymed = TYMED_NULL;
  printf("STGMEDIUM_UserSize NULL: %lu\n", STGMEDIUM_UserSize(&local, 0, &medium));

  // Interface pointers.
  IStream* stream = NULL;
  CreateStreamOnHGlobal(NULL, TRUE, &stream);
  medium.tymed = TYMED_ISTREAM;
  medium.pstm = stream;
  medium.pUnkForRelease = NULL;
  ULONG stgsize = STGMEDIUM_UserSize(&inproc, 0, &medium);
  printf("STGMEDIUM_UserSize stream: nonzero %d\n", stgsize > 12);
  unsigned char big[512];
  end = STGMEDIUM_UserMarshal(&inproc, big, &medium);
  memset(&medium_back, 0, sizeof medium_back);
  STGMEDIUM_UserUnmarshal(&inproc, big, &medium_back);
  printf("STGMEDIUM stream round trip: same %d\n", medium_back.pstm == stream);
  STGMEDIUM_UserFree(&inproc, &medium_back);
  printf("  Release: %lu\n", (unsigned long)IStream_Release(stream));

  // ReleaseStgMedium and OleDuplicateData.
  HGLOBAL copy = OleDuplicateData(global, CF_TEXT, 0);
  printf("OleDuplicateData: new %d, size %lu, data %.5s\n", copy != global, (unsigned long)GlobalSize(copy),
         (char*)GlobalLock(copy));
  GlobalUnlock(copy);
  medium.tymed = TYMED_HGLOBAL;
  medium.hGlobal = copy;
  medium.pUnkForRelease = NULL;
  ReleaseStgMedium(&medium);
  printf("ReleaseStgMedium: tymed %lu\n", (unsigned long)medium.tymed);
  Thing owner = {&thing_vtbl, 1, NULL};
  medium.tymed = TYMED_HGLOBAL;
  medium.hGlobal = global;
  medium.pUnkForRelease = (IUnknown*)&owner;
  ReleaseStgMedium(&medium);
  printf("ReleaseStgMedium with an owner: refs %ld, block kept %d\n", owner.refs, GlobalSize(global) == 5);
  GlobalFree(global);
}

static void propvariants(void) {
  PROPVARIANT a, b;
  PropVariantInit(&a);
  a.vt = VT_LPWSTR;
  a.pwszVal = CoTaskMemAlloc(12);
  memcpy(a.pwszVal, L"hello", 12);
  show("PropVariantCopy LPWSTR", PropVariantCopy(&b, &a));
  printf("  %ls, new block %d\n", b.pwszVal, b.pwszVal != a.pwszVal);
  PropVariantClear(&b);
  PropVariantClear(&a);
  a.vt = VT_BSTR;
  a.bstrVal = PropSysAllocString(L"bstr text");
  show("PropVariantCopy BSTR", PropVariantCopy(&b, &a));
  printf("  %ls, length %u, new %d\n", b.bstrVal, SysStringLen(b.bstrVal), b.bstrVal != a.bstrVal);
  PropVariantClear(&b);
  PropSysFreeString(a.bstrVal);
  a.vt = VT_VECTOR | VT_I4;
  LONG values[3] = {1, 2, 3};
  a.cal.cElems = 3;
  a.cal.pElems = values;
  show("PropVariantCopy VECTOR|I4", PropVariantCopy(&b, &a));
  printf("  %lu: %ld %ld %ld\n", (unsigned long)b.cal.cElems, b.cal.pElems[0], b.cal.pElems[1], b.cal.pElems[2]);
  PROPVARIANT array[2];
  array[0] = b;
  PropVariantInit(&array[1]);
  array[1].vt = VT_I4;
  show("FreePropVariantArray", FreePropVariantArray(2, array));
  printf("  vt %u %u\n", array[0].vt, array[1].vt);
  show("FreePropVariantArray NULL", FreePropVariantArray(1, NULL));
  a.vt = 0x7fff;
  show("PropVariantCopy bad type", PropVariantCopy(&b, &a));
  Thing object = {&thing_vtbl, 1, NULL};
  a.vt = VT_UNKNOWN;
  a.punkVal = (IUnknown*)&object;
  PropVariantCopy(&b, &a);
  printf("PropVariantCopy UNKNOWN: refs %ld\n", object.refs);
  PropVariantClear(&b);
  printf("  after clear: refs %ld\n", object.refs);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  CoInitializeEx(NULL, COINIT_MULTITHREADED);
  hglobal_streams();
  marshalling();
  user_marshal();
  propvariants();
  CoUninitialize();
  return 0;
}
