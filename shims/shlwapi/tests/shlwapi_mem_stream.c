// SHLWAPI's SHCreateMemStream: its IStream over a copy of the data — Read to and past the end,
// Write past the end (zeros in the gap), Seek from each origin and before the start, SetSize, Stat,
// CopyTo into another memory stream, QueryInterface, the unsupported methods, reference counts;
// a stream of no data. Found by name and by its number (12).
// Links: -lole32 -luuid
#define COBJMACROS
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <objbase.h>
#include <shlwapi.h>

typedef IStream*(WINAPI* create_fn)(const BYTE*, UINT);

static void show_stat(IStream* s) {
  STATSTG st;
  memset(&st, 0xcc, sizeof st);
  HRESULT hr = IStream_Stat(s, &st, STATFLAG_DEFAULT);
  printf(" stat %#lx name %d type %lu size %lu mode %#lx locks %lu", (unsigned long)hr, st.pwcsName == NULL, st.type,
         (unsigned long)st.cbSize.QuadPart, st.grfMode, st.grfLocksSupported);
}

int main(void) {
  HMODULE dll = LoadLibraryA("shlwapi.dll");
  create_fn create = (create_fn)GetProcAddress(dll, "SHCreateMemStream");
  printf("by number %d\n", (FARPROC)create == GetProcAddress(dll, (LPCSTR)12));
  const BYTE data[] = "0123456789";
  IStream* s = create(data, 10);
  char buf[32];
  ULONG n = 99;
  memset(buf, 0, sizeof buf);
  HRESULT hr = IStream_Read(s, buf, 4, &n);
  printf("read %#lx %lu [%s]", (unsigned long)hr, n, buf);
  memset(buf, 0, sizeof buf);
  hr = IStream_Read(s, buf, 20, &n);
  printf(" rest %#lx %lu [%s]", (unsigned long)hr, n, buf);
  hr = IStream_Read(s, buf, 20, &n);
  printf(" end %#lx %lu\n", (unsigned long)hr, n);

  LARGE_INTEGER move;
  ULARGE_INTEGER at;
  move.QuadPart = 3;
  hr = IStream_Seek(s, move, STREAM_SEEK_SET, &at);
  printf("seek set %#lx %lu", (unsigned long)hr, (unsigned long)at.QuadPart);
  move.QuadPart = 2;
  hr = IStream_Seek(s, move, STREAM_SEEK_CUR, &at);
  printf(" cur %#lx %lu", (unsigned long)hr, (unsigned long)at.QuadPart);
  move.QuadPart = -1;
  hr = IStream_Seek(s, move, STREAM_SEEK_END, &at);
  printf(" end %#lx %lu", (unsigned long)hr, (unsigned long)at.QuadPart);
  move.QuadPart = -20;
  at.QuadPart = 77;
  hr = IStream_Seek(s, move, STREAM_SEEK_CUR, &at);
  printf(" before start %#lx %lu", (unsigned long)hr, (unsigned long)at.QuadPart);
  hr = IStream_Seek(s, move, 7, &at);
  printf(" bad origin %#lx\n", (unsigned long)hr);

  move.QuadPart = 14;
  IStream_Seek(s, move, STREAM_SEEK_SET, NULL);
  hr = IStream_Write(s, "XY", 2, &n);
  printf("write past end %#lx %lu", (unsigned long)hr, n);
  show_stat(s);
  move.QuadPart = 8;
  IStream_Seek(s, move, STREAM_SEEK_SET, NULL);
  memset(buf, 0x55, sizeof buf);
  IStream_Read(s, buf, 8, &n);
  printf(" tail %lu: %02x %02x %02x %02x %02x %02x %02x %02x\n", n, (BYTE)buf[0], (BYTE)buf[1], (BYTE)buf[2], (BYTE)buf[3],
         (BYTE)buf[4], (BYTE)buf[5], (BYTE)buf[6], (BYTE)buf[7]);
  ULARGE_INTEGER size;
  size.QuadPart = 5;
  hr = IStream_SetSize(s, size);
  printf("set size %#lx", (unsigned long)hr);
  show_stat(s);
  size.QuadPart = 7;
  IStream_SetSize(s, size);
  move.QuadPart = 0;
  IStream_Seek(s, move, STREAM_SEEK_SET, NULL);
  memset(buf, 0x55, sizeof buf);
  IStream_Read(s, buf, 10, &n);
  printf(" grown %lu last %02x %02x\n", n, (BYTE)buf[5], (BYTE)buf[6]);

  IStream* other = create(NULL, 0);
  show_stat(other);
  move.QuadPart = 1;
  IStream_Seek(s, move, STREAM_SEEK_SET, NULL);
  ULARGE_INTEGER read_total, written_total;
  size.QuadPart = 4;
  hr = IStream_CopyTo(s, other, size, &read_total, &written_total);
  printf(" copy %#lx %lu %lu", (unsigned long)hr, (unsigned long)read_total.QuadPart, (unsigned long)written_total.QuadPart);
  size.QuadPart = 100;
  hr = IStream_CopyTo(s, other, size, &read_total, &written_total);
  printf(" rest %#lx %lu %lu", (unsigned long)hr, (unsigned long)read_total.QuadPart, (unsigned long)written_total.QuadPart);
  show_stat(other);
  printf(" null dest %#lx\n", (unsigned long)IStream_CopyTo(s, NULL, size, NULL, NULL));

  IUnknown* unk = NULL;
  hr = IStream_QueryInterface(s, &IID_ISequentialStream, (void**)&unk);
  printf("QI %#lx %d", (unsigned long)hr, unk == (IUnknown*)s);
  ULONG refs = IStream_AddRef(s);
  printf(" refs %lu", refs);
  IStream_Release(s);
  IStream_Release(s);
  IStream* clone = (IStream*)1;
  printf(" commit %#lx revert %#lx lock %#lx", (unsigned long)IStream_Commit(s, 0), (unsigned long)IStream_Revert(s),
         (unsigned long)IStream_LockRegion(s, size, size, 0));
  hr = IStream_Clone(s, &clone);
  printf(" clone %#lx %d", (unsigned long)hr, clone == NULL);
  IUnknown* bad = (IUnknown*)1;
  hr = IStream_QueryInterface(s, &IID_IPersist, (void**)&bad);
  ULONG r1 = IStream_Release(other);
  ULONG r2 = IStream_Release(s);
  printf(" no interface %#lx %d release %lu %lu\n", (unsigned long)hr, bad == NULL, r1, r2);
  return 0;
}
