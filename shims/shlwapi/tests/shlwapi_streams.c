// SHLWAPI's streams on files: SHCreateStreamOnFileA/W/Ex make an IStream over a file — written,
// sought, read back, sized, copied into another file's stream, described by Stat — and refuse
// what Windows refuses (a missing file, a new file that exists, writing a read-only stream, a
// transacted mode).
// Links: -lshlwapi -lole32 -luuid
#define COBJMACROS
#include <objbase.h>
#include <shlwapi.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(void) {
  IStream* s = NULL;
  HRESULT hr = SHCreateStreamOnFileA("streams_a.tmp", STGM_CREATE | STGM_READWRITE, &s);
  printf("SHCreateStreamOnFileA (create): %08lx\n", (unsigned long)hr);
  if (FAILED(hr)) return 1;
  ULONG n = 0;
  hr = IStream_Write(s, "0123456789abcdef", 16, &n);
  printf("Write: %08lx, %lu bytes\n", (unsigned long)hr, n);
  LARGE_INTEGER move;
  ULARGE_INTEGER at;
  move.QuadPart = 4;
  hr = IStream_Seek(s, move, STREAM_SEEK_SET, &at);
  printf("Seek to 4: %08lx, at %llu\n", (unsigned long)hr, at.QuadPart);
  char buf[32] = {0};
  hr = IStream_Read(s, buf, 6, &n);
  printf("Read 6: %08lx, %lu bytes \"%s\"\n", (unsigned long)hr, n, buf);
  move.QuadPart = -3;
  hr = IStream_Seek(s, move, STREAM_SEEK_END, &at);
  printf("Seek to 3 before the end: %08lx, at %llu\n", (unsigned long)hr, at.QuadPart);
  memset(buf, 0, sizeof buf);
  hr = IStream_Read(s, buf, 10, &n);
  printf("Read 10 there: %08lx, %lu bytes \"%s\"\n", (unsigned long)hr, n, buf);
  move.QuadPart = -100;
  hr = IStream_Seek(s, move, STREAM_SEEK_CUR, &at);
  printf("Seek before the start: %08lx\n", (unsigned long)hr);

  STATSTG st;
  memset(&st, 0, sizeof st);
  hr = IStream_Stat(s, &st, STATFLAG_DEFAULT);
  printf("Stat: %08lx, type %lu, size %llu, name %ls, mode %08lx\n", (unsigned long)hr, st.type, st.cbSize.QuadPart,
         st.pwcsName ? st.pwcsName : L"(none)", st.grfMode);
  CoTaskMemFree(st.pwcsName);
  memset(&st, 0, sizeof st);
  hr = IStream_Stat(s, &st, STATFLAG_NONAME);
  printf("Stat without the name: %08lx, name %s\n", (unsigned long)hr, st.pwcsName ? "given" : "none");

  ULARGE_INTEGER size;
  size.QuadPart = 10;
  hr = IStream_SetSize(s, size);
  IStream_Stat(s, &st, STATFLAG_NONAME);
  printf("SetSize 10: %08lx, size now %llu\n", (unsigned long)hr, st.cbSize.QuadPart);

  IStream* t = NULL;
  hr = SHCreateStreamOnFileW(L"streams_w.tmp", STGM_CREATE | STGM_WRITE, &t);
  printf("SHCreateStreamOnFileW (create, write only): %08lx\n", (unsigned long)hr);
  move.QuadPart = 0;
  IStream_Seek(s, move, STREAM_SEEK_SET, NULL);
  ULARGE_INTEGER want, got_read, got_written;
  want.QuadPart = 100;
  hr = IStream_CopyTo(s, t, want, &got_read, &got_written);
  printf("CopyTo: %08lx, read %llu, written %llu\n", (unsigned long)hr, got_read.QuadPart, got_written.QuadPart);
  hr = IStream_Commit(t, STGC_DEFAULT);
  printf("Commit: %08lx\n", (unsigned long)hr);
  hr = IStream_Read(t, buf, 4, &n);
  printf("Read from the write-only stream: %s\n", SUCCEEDED(hr) ? "succeeded" : "failed");
  printf("Release: %lu\n", IStream_Release(t));

  IUnknown* unknown = NULL;
  hr = IStream_QueryInterface(s, &IID_IUnknown, (void**)&unknown);
  printf("QueryInterface IUnknown: %08lx, same object %s\n", (unsigned long)hr, (void*)unknown == (void*)s ? "yes" : "no");
  if (unknown) IUnknown_Release(unknown);
  printf("Release: %lu\n", IStream_Release(s));

  // The copy, read back through a stream opened for reading.
  IStream* r = NULL;
  hr = SHCreateStreamOnFileEx(L"streams_w.tmp", STGM_READ, FILE_ATTRIBUTE_NORMAL, FALSE, NULL, &r);
  printf("SHCreateStreamOnFileEx (read): %08lx\n", (unsigned long)hr);
  memset(buf, 0, sizeof buf);
  hr = IStream_Read(r, buf, sizeof buf - 1, &n);
  printf("Read: %08lx, %lu bytes \"%s\"\n", (unsigned long)hr, n, buf);
  hr = IStream_Write(r, "x", 1, &n);
  printf("Write to the read-only stream: %08lx\n", (unsigned long)hr);
  IStream_Release(r);

  IStream* bad = (IStream*)1;
  hr = SHCreateStreamOnFileA("streams_missing.tmp", STGM_READ, &bad);
  printf("a missing file: %08lx, stream %s\n", (unsigned long)hr, bad ? "set" : "NULL");
  hr = SHCreateStreamOnFileEx(L"streams_w.tmp", STGM_READWRITE, FILE_ATTRIBUTE_NORMAL, TRUE, NULL, &bad);
  printf("a new file that exists: %08lx\n", (unsigned long)hr);
  hr = SHCreateStreamOnFileA("streams_w.tmp", STGM_READ | STGM_TRANSACTED, &bad);
  printf("transacted: %08lx\n", (unsigned long)hr);

  DeleteFileA("streams_a.tmp");
  DeleteFileA("streams_w.tmp");
  return 0;
}
