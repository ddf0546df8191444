/* The file functions 16-bit Windows had (_lopen, _lcreat, _lread, _lwrite, _llseek, _hread,
 * _hwrite, _lclose, OpenFile and its OFSTRUCT) and LZEXPAND's (LZOpenFile, LZInit, LZRead, LZSeek,
 * LZCopy, GetExpandedName) over a file COMPRESS.EXE's format holds ("SZDD", LZSS). */
#include <windows.h>

#include <stdio.h>
#include <string.h>

/* "abcabcabc   " compressed: three literals, a reference to them (window position 0xff0, length
 * 6), a reference to the window's initial spaces (position 0, length 3). */
static const unsigned char kCompressed[] = {'S', 'Z', 'D', 'D', 0x88, 0xf0, 0x27, 0x33, 'A', 't', 12, 0, 0, 0,
                                            0x07, 'a', 'b', 'c', 0xf0, 0xf3, 0x00, 0x00};

/* LZEXPAND's functions as KERNEL32 exports them (LZ32.DLL forwards to these). */
static INT(WINAPI* pGetExpandedNameA)(LPSTR, LPSTR);
static INT(WINAPI* pLZOpenFileA)(LPSTR, LPOFSTRUCT, WORD);
static INT(WINAPI* pLZRead)(INT, LPSTR, INT);
static LONG(WINAPI* pLZSeek)(INT, LONG, INT);
static void(WINAPI* pLZClose)(INT);
static LONG(WINAPI* pLZCopy)(INT, INT);
static INT(WINAPI* pLZInit)(INT);
static INT(WINAPI* pLZStart)(void);
static void(WINAPI* pLZDone)(void);
static void load(void) {
  HMODULE k = GetModuleHandleA("kernel32.dll");
  pGetExpandedNameA = (void*)GetProcAddress(k, "GetExpandedNameA");
  pLZOpenFileA = (void*)GetProcAddress(k, "LZOpenFileA");
  pLZRead = (void*)GetProcAddress(k, "LZRead");
  pLZSeek = (void*)GetProcAddress(k, "LZSeek");
  pLZClose = (void*)GetProcAddress(k, "LZClose");
  pLZCopy = (void*)GetProcAddress(k, "LZCopy");
  pLZInit = (void*)GetProcAddress(k, "LZInit");
  pLZStart = (void*)GetProcAddress(k, "LZStart");
  pLZDone = (void*)GetProcAddress(k, "LZDone");
}

static void write_bytes(const char* name, const void* data, DWORD size) {
  HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD done;
  WriteFile(h, data, size, &done, NULL);
  CloseHandle(h);
}

static const char* base_name(const char* path) {
  const char* s = strrchr(path, '\\');
  return s ? s + 1 : path;
}

static void lfiles(void) {
  HFILE f = _lcreat("legacy_a.txt", 0);
  printf("_lcreat ok %d\n", f != HFILE_ERROR);
  printf("_lwrite %u\n", _lwrite(f, "hello world", 11));
  printf("_hwrite %ld\n", _hwrite(f, "!!", 2));
  printf("_llseek end %ld\n", _llseek(f, 0, FILE_END));
  printf("_llseek 5 %ld\n", _llseek(f, 5, FILE_BEGIN));
  printf("_lwrite 0 (truncate) %u\n", _lwrite(f, "", 0));
  printf("_lclose %d\n", _lclose(f));
  f = _lopen("legacy_a.txt", OF_READ);
  char buf[32] = {0};
  printf("_lread %u [%s]\n", _lread(f, buf, sizeof buf - 1), buf);
  printf("_lread at end %u\n", _lread(f, buf, 4));
  _llseek(f, 1, FILE_BEGIN);
  memset(buf, 0, sizeof buf);
  printf("_hread %ld [%s]\n", _hread(f, buf, 3), buf);
  printf("_lwrite to read-only %d\n", (int)_lwrite(f, "x", 1));
  _lclose(f);
  SetLastError(0);
  f = _lopen("legacy_missing.txt", OF_READ);
  printf("_lopen missing %d err %lu\n", f, GetLastError());
  printf("_lclose bad %d\n", _lclose(HFILE_ERROR));
}

static void open_file(void) {
  OFSTRUCT ofs;
  memset(&ofs, 0x55, sizeof ofs);
  HFILE f = OpenFile("legacy_a.txt", &ofs, OF_READ);
  printf("OpenFile ok %d cBytes %u err %u path %s\n", f != HFILE_ERROR, ofs.cBytes, ofs.nErrCode, base_name(ofs.szPathName));
  WORD date = ofs.Reserved1, time = ofs.Reserved2;
  FILETIME ft;
  WORD d2, t2;
  GetFileTime((HANDLE)(INT_PTR)f, NULL, NULL, &ft);
  FileTimeToDosDateTime(&ft, &d2, &t2);
  printf("OpenFile date and time %d\n", date == d2 && time == t2);
  _lclose(f);
  f = OpenFile(NULL, &ofs, OF_REOPEN | OF_VERIFY | OF_READ);
  printf("OF_REOPEN|OF_VERIFY ok %d\n", f != HFILE_ERROR);
  _lclose(f);
  ofs.Reserved1 ^= 1;
  f = OpenFile(NULL, &ofs, OF_REOPEN | OF_VERIFY | OF_READ);
  printf("OF_VERIFY of another date %d err %u\n", f, ofs.nErrCode);
  printf("OF_EXIST %d\n", OpenFile("legacy_a.txt", &ofs, OF_EXIST));
  f = OpenFile("legacy_none.txt", &ofs, OF_EXIST);
  printf("OF_EXIST missing %d err %u\n", f, ofs.nErrCode);
  memset(&ofs, 0, sizeof ofs);
  HFILE parsed = OpenFile("some\\where.txt", &ofs, OF_PARSE);
  printf("OF_PARSE %d fixed %u path %s\n", parsed, ofs.fFixedDisk, base_name(ofs.szPathName));
  f = OpenFile("legacy_b.txt", &ofs, OF_CREATE | OF_WRITE);
  printf("OF_CREATE ok %d\n", f != HFILE_ERROR);
  _lclose(f);
  printf("OF_DELETE %d\n", OpenFile("legacy_b.txt", &ofs, OF_DELETE));
  printf("deleted %d\n", GetFileAttributesA("legacy_b.txt") == INVALID_FILE_ATTRIBUTES);
}

static void lz(void) {
  write_bytes("legacy_c.tx_", kCompressed, sizeof kCompressed);
  write_bytes("legacy_plain.txt", "not compressed", 14);
  char name[MAX_PATH];
  printf("GetExpandedNameA %d %s\n", pGetExpandedNameA("legacy_c.tx_", name), name);
  printf("GetExpandedNameA plain %d %s\n", pGetExpandedNameA("legacy_plain.txt", name), name);
  printf("GetExpandedNameA missing %d\n", pGetExpandedNameA("legacy_nothing.tx_", name));
  OFSTRUCT ofs;
  INT h = pLZOpenFileA("legacy_c.tx_", &ofs, OF_READ);
  printf("LZOpenFileA is an LZ handle %d\n", h >= 0x400 && h < 0x410);
  char buf[32] = {0};
  printf("LZRead %d [%s]\n", pLZRead(h, buf, sizeof buf - 1), buf);
  printf("LZSeek 3 %ld\n", pLZSeek(h, 3, 0));
  memset(buf, 0, sizeof buf);
  printf("LZRead %d [%s]\n", pLZRead(h, buf, 4), buf);
  printf("LZSeek end %ld\n", pLZSeek(h, 0, 2));
  printf("LZSeek before start %ld\n", pLZSeek(h, -100, 1));
  pLZClose(h);
  /* LZOpenFile finds the compressed name of a name that is not there */
  h = pLZOpenFileA("legacy_c.txt", &ofs, OF_READ);
  printf("LZOpenFileA of the expanded name: LZ handle %d path %s\n", h >= 0x400 && h < 0x410, base_name(ofs.szPathName));
  pLZClose(h);
  h = pLZOpenFileA("legacy_plain.txt", &ofs, OF_READ);
  memset(buf, 0, sizeof buf);
  printf("LZOpenFileA plain: LZ handle %d read %d [%s]\n", h >= 0x400 && h < 0x410, pLZRead(h, buf, 5), buf);
  pLZClose(h);
  OFSTRUCT o1, o2;
  INT src = pLZOpenFileA("legacy_c.tx_", &o1, OF_READ);
  INT dst = pLZOpenFileA("legacy_c.out", &o2, OF_CREATE);
  printf("LZCopy %ld\n", pLZCopy(src, dst));
  pLZClose(src);
  pLZClose(dst);
  HANDLE f = CreateFileA("legacy_c.out", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
  DWORD n = 0;
  memset(buf, 0, sizeof buf);
  ReadFile(f, buf, sizeof buf - 1, &n, NULL);
  CloseHandle(f);
  printf("copied %lu [%s]\n", n, buf);
  HFILE plain = _lopen("legacy_plain.txt", OF_READ);
  printf("LZInit plain is the file %d\n", pLZInit(plain) == plain);
  _lclose(plain);
  unsigned char bad[sizeof kCompressed];
  memcpy(bad, kCompressed, sizeof bad);
  bad[8] = 'B';
  write_bytes("legacy_d.tx_", bad, sizeof bad);
  HFILE d = _lopen("legacy_d.tx_", OF_READ);
  printf("LZInit unknown algorithm %d\n", pLZInit(d));
  _lclose(d);
  printf("LZStart %d\n", pLZStart());
  pLZDone();
  DeleteFileA("legacy_a.txt");
  DeleteFileA("legacy_c.tx_");
  DeleteFileA("legacy_c.out");
  DeleteFileA("legacy_d.tx_");
  DeleteFileA("legacy_plain.txt");
}

int main(void) {
  load();
  char dir[MAX_PATH];
  GetTempPathA(sizeof dir, dir);
  strcat(dir, "k32_legacy_files");
  CreateDirectoryA(dir, NULL);
  SetCurrentDirectoryA(dir);
  lfiles();
  open_file();
  lz();
  SetCurrentDirectoryA("..");
  RemoveDirectoryA(dir);
  return 0;
}
