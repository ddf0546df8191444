// CABINET's FCI and FDI: a cabinet made with FCI (a stored folder and an MSZIP folder of several
// 32 KB blocks, a file marked to run), its header read with FDIIsCabinet, its files extracted with
// FDICopy through the C runtime's file functions and compared with the originals; a file skipped,
// a missing cabinet, a file that is no cabinet, DllGetVersion.
// Links: -lcabinet
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>
#include <fci.h>
#include <fdi.h>
#include <shlwapi.h>

static char dir[MAX_PATH];

// Extract's SESSION (as Windows' extraction tools pass it) and its file list.
struct FILELIST {
  LPSTR FileName;
  struct FILELIST* next;
  BOOL DoExtract;
};
typedef struct {
  INT FileSize;
  ERF Error;
  struct FILELIST* FileList;
  INT FileCount;
  INT Operation;
  CHAR Destination[MAX_PATH];
  CHAR CurrentFile[MAX_PATH];
  CHAR Reserved[MAX_PATH];
  struct FILELIST* FilterList;
} SESSION;

static void* DIAMONDAPI mem_alloc(ULONG cb) { return malloc(cb); }
static void DIAMONDAPI mem_free(void* p) { free(p); }

// FDI's file functions.
static INT_PTR DIAMONDAPI fdi_open(char* name, int flags, int mode) { return _open(name, flags, mode); }
static UINT DIAMONDAPI fdi_read(INT_PTR hf, void* pv, UINT cb) { return _read((int)hf, pv, cb); }
static UINT DIAMONDAPI fdi_write(INT_PTR hf, void* pv, UINT cb) { return _write((int)hf, pv, cb); }
static int DIAMONDAPI fdi_close(INT_PTR hf) { return _close((int)hf); }
static LONG DIAMONDAPI fdi_seek(INT_PTR hf, LONG dist, int whence) { return _lseek((int)hf, dist, whence); }

// FCI's.
static INT_PTR DIAMONDAPI fci_open(char* name, int flags, int mode, int* err, void* pv) {
  int h = _open(name, flags, mode);
  if (h == -1) *err = errno;
  return h;
}
static UINT DIAMONDAPI fci_read(INT_PTR hf, void* mem, UINT cb, int* err, void* pv) {
  int r = _read((int)hf, mem, cb);
  if (r == -1) *err = errno;
  return r;
}
static UINT DIAMONDAPI fci_write(INT_PTR hf, void* mem, UINT cb, int* err, void* pv) {
  int r = _write((int)hf, mem, cb);
  if (r == -1) *err = errno;
  return r;
}
static int DIAMONDAPI fci_close(INT_PTR hf, int* err, void* pv) { return _close((int)hf); }
static LONG DIAMONDAPI fci_seek(INT_PTR hf, LONG dist, int whence, int* err, void* pv) { return _lseek((int)hf, dist, whence); }
static int DIAMONDAPI fci_delete(char* name, int* err, void* pv) { return remove(name); }
static BOOL DIAMONDAPI fci_temp(char* name, int cb, void* pv) {
  static int n;
  snprintf(name, cb, "%s\\fci%d.tmp", dir, n++);
  return TRUE;
}
static int DIAMONDAPI fci_placed(PCCAB ccab, char* name, LONG cb, BOOL cont, void* pv) {
  printf("placed %s (%ld bytes) in %s, continuation %d\n", name, (long)cb, ccab->szCab, cont);
  return 0;
}
static INT_PTR DIAMONDAPI fci_open_info(char* name, USHORT* date, USHORT* time, USHORT* attribs, int* err, void* pv) {
  *date = 0x5a21;  // 2025-01-01
  *time = 0x6000;  // 12:00:00
  *attribs = FILE_ATTRIBUTE_ARCHIVE;
  return fci_open(name, _O_RDONLY | _O_BINARY, 0, err, pv);
}
static LONG DIAMONDAPI fci_status(UINT type, ULONG cb1, ULONG cb2, void* pv) {
  if (type == statusCabinet) return cb2;
  return 0;
}
static BOOL DIAMONDAPI fci_next(PCCAB ccab, ULONG prev, void* pv) { return TRUE; }

static void write_file(const char* name, const char* data, size_t n) {
  char path[MAX_PATH];
  snprintf(path, sizeof path, "%s\\%s", dir, name);
  FILE* f = fopen(path, "wb");
  fwrite(data, 1, n, f);
  fclose(f);
}

static char* big;
static size_t big_size;

static int skip_small;
static INT_PTR DIAMONDAPI notify(FDINOTIFICATIONTYPE type, PFDINOTIFICATION n) {
  char path[MAX_PATH];
  switch (type) {
    case fdintCABINET_INFO:
      printf("CABINET_INFO next [%s] disk [%s] set %u cabinet %u\n", n->psz1, n->psz2, n->setID, n->iCabinet);
      return 0;
    case fdintCOPY_FILE:
      printf("COPY_FILE %s %ld bytes date %04x time %04x attribs %04x\n", n->psz1, (long)n->cb, n->date, n->time, n->attribs);
      if (skip_small && !strcmp(n->psz1, "small.txt")) return 0;
      snprintf(path, sizeof path, "%s\\out_%s", dir, n->psz1);
      return _open(path, _O_BINARY | _O_CREAT | _O_WRONLY | _O_TRUNC, _S_IREAD | _S_IWRITE);
    case fdintCLOSE_FILE_INFO:
      printf("CLOSE_FILE_INFO %s run %ld attribs %04x\n", n->psz1, (long)n->cb, n->attribs);
      _close((int)n->hf);
      return TRUE;
    default:
      printf("notification %d\n", type);
      return 0;
  }
}

static void compare(const char* name, const char* data, size_t n) {
  char path[MAX_PATH];
  snprintf(path, sizeof path, "%s\\out_%s", dir, name);
  FILE* f = fopen(path, "rb");
  if (!f) {
    printf("%s: not extracted\n", name);
    return;
  }
  char* back = malloc(n + 1);
  size_t got = fread(back, 1, n + 1, f);
  fclose(f);
  printf("%s: %u bytes, %s\n", name, (unsigned)got, got == n && !memcmp(back, data, n) ? "same" : "DIFFERENT");
  free(back);
  remove(path);
}

int main(void) {
  GetTempPathA(sizeof dir, dir);
  char unique[32];
  snprintf(unique, sizeof unique, "cabtest%lu", GetCurrentProcessId());
  strcat(dir, unique);
  CreateDirectoryA(dir, NULL);

  const char* small = "a small file, stored\r\n";
  big_size = 100000;
  big = malloc(big_size);
  for (size_t i = 0; i < big_size; i++) big[i] = "the quick brown fox jumps over the lazy dog\n"[i % 44] + (i / 5000 % 3);
  write_file("small.txt", small, strlen(small));
  write_file("big.txt", big, big_size);
  write_file("run.exe", "MZ", 2);

  ERF erf = {0};
  CCAB ccab;
  memset(&ccab, 0, sizeof ccab);
  ccab.cb = 0x7fffffff;
  ccab.cbFolderThresh = 0x7fffffff;
  ccab.setID = 1234;
  strcpy(ccab.szCab, "test.cab");
  snprintf(ccab.szCabPath, sizeof ccab.szCabPath, "%s\\", dir);
  HFCI fci = FCICreate(&erf, fci_placed, mem_alloc, mem_free, fci_open, fci_read, fci_write, fci_close, fci_seek, fci_delete,
                       fci_temp, &ccab, NULL);
  printf("FCICreate: %s\n", fci ? "a context" : "NULL");
  char src[MAX_PATH];
  snprintf(src, sizeof src, "%s\\small.txt", dir);
  printf("FCIAddFile small (none): %d\n", FCIAddFile(fci, src, "small.txt", FALSE, fci_next, fci_status, fci_open_info, tcompTYPE_NONE));
  snprintf(src, sizeof src, "%s\\run.exe", dir);
  printf("FCIAddFile run (none, execute): %d\n", FCIAddFile(fci, src, "run.exe", TRUE, fci_next, fci_status, fci_open_info, tcompTYPE_NONE));
  printf("FCIFlushFolder: %d\n", FCIFlushFolder(fci, fci_next, fci_status));
  snprintf(src, sizeof src, "%s\\big.txt", dir);
  printf("FCIAddFile big (MSZIP): %d\n", FCIAddFile(fci, src, "big.txt", FALSE, fci_next, fci_status, fci_open_info, tcompTYPE_MSZIP));
  BOOL r = FCIFlushCabinet(fci, FALSE, fci_next, fci_status);
  printf("FCIFlushCabinet: %d erf %d %d %d\n", r, erf.erfOper, erf.erfType, erf.fError);
  snprintf(src, sizeof src, "%s\\nothere.txt", dir);
  r = FCIAddFile(fci, src, "nothere.txt", FALSE, fci_next, fci_status, fci_open_info, tcompTYPE_MSZIP);
  printf("FCIAddFile missing: %d erf %d %d %d\n", r, erf.erfOper, erf.erfType, erf.fError);
  printf("FCIDestroy: %d\n", FCIDestroy(fci));

  memset(&erf, 0, sizeof erf);
  HFDI fdi = FDICreate(mem_alloc, mem_free, fdi_open, fdi_read, fdi_write, fdi_close, fdi_seek, cpuUNKNOWN, &erf);
  printf("FDICreate: %s\n", fdi ? "a context" : "NULL");
  char cab[MAX_PATH];
  snprintf(cab, sizeof cab, "%s\\test.cab", dir);
  int hf = _open(cab, _O_RDONLY | _O_BINARY);
  FDICABINETINFO info;
  memset(&info, 0xcc, sizeof info);
  BOOL is = FDIIsCabinet(fdi, hf, &info);
  printf("FDIIsCabinet: %d folders %u files %u set %u cabinet %u reserve %d prev %d next %d\n", is, info.cFolders, info.cFiles,
         info.setID, info.iCabinet, info.fReserve, info.hasprev, info.hasnext);
  _close(hf);
  snprintf(src, sizeof src, "%s\\small.txt", dir);
  hf = _open(src, _O_RDONLY | _O_BINARY);
  memset(&erf, 0, sizeof erf);
  is = FDIIsCabinet(fdi, hf, &info);
  printf("FDIIsCabinet of a text file: %d erf %d %d\n", is, erf.erfOper, erf.fError);
  _close(hf);

  char path[MAX_PATH];
  snprintf(path, sizeof path, "%s\\", dir);
  BOOL ok = FDICopy(fdi, "test.cab", path, 0, notify, NULL, NULL);
  printf("FDICopy: %d\n", ok);
  compare("small.txt", small, strlen(small));
  compare("run.exe", "MZ", 2);
  compare("big.txt", big, big_size);
  skip_small = 1;
  ok = FDICopy(fdi, "test.cab", path, 0, notify, NULL, NULL);
  printf("FDICopy skipping small.txt: %d\n", ok);
  compare("small.txt", small, strlen(small));
  compare("run.exe", "MZ", 2);
  compare("big.txt", big, big_size);
  memset(&erf, 0, sizeof erf);
  ok = FDICopy(fdi, "missing.cab", path, 0, notify, NULL, NULL);
  printf("FDICopy of a missing cabinet: %d erf %d %d\n", ok, erf.erfOper, erf.fError);
  memset(&erf, 0, sizeof erf);
  ok = FDICopy(fdi, "small.txt", path, 0, notify, NULL, NULL);
  printf("FDICopy of a text file: %d erf %d %d\n", ok, erf.erfOper, erf.fError);
  printf("FDIDestroy: %d\n", FDIDestroy(fdi));

  // Extract: the list alone, then the list and the files.
  HRESULT (WINAPI *extract)(SESSION*, LPCSTR) = (void*)GetProcAddress(LoadLibraryA("cabinet.dll"), "Extract");
  SESSION session;
  HRESULT hr;
  memset(&session, 0, sizeof session);
  snprintf(session.Destination, sizeof session.Destination, "%s\\x", dir);
  CreateDirectoryA(session.Destination, NULL);
  session.Operation = 1;  // EXTRACT_FILLFILELIST
  hr = extract(&session, cab);
  printf("Extract (list): %#lx FileSize %d FileCount %d current [%s]\n", (unsigned long)hr, session.FileSize, session.FileCount,
         session.CurrentFile + strlen(dir));
  for (struct FILELIST* n = session.FileList; n; n = n->next) printf("  %s extract %d\n", n->FileName, n->DoExtract);
  memset(&session, 0, sizeof session);
  snprintf(session.Destination, sizeof session.Destination, "%s\\x", dir);
  session.Operation = 3;  // EXTRACT_FILLFILELIST | EXTRACT_EXTRACTFILES
  hr = extract(&session, cab);
  printf("Extract (list, files): %#lx FileSize %d FileCount %d\n", (unsigned long)hr, session.FileSize, session.FileCount);
  for (struct FILELIST* n = session.FileList; n; n = n->next) printf("  %s extract %d\n", n->FileName, n->DoExtract);
  snprintf(path, sizeof path, "%s\\x\\big.txt", dir);
  FILE* bf = fopen(path, "rb");
  char* back = malloc(big_size);
  printf("x\\big.txt: %s\n", bf && fread(back, 1, big_size, bf) == big_size && !memcmp(back, big, big_size) ? "same" : "DIFFERENT");
  if (bf) fclose(bf);
  remove(path);
  snprintf(path, sizeof path, "%s\\x\\small.txt", dir);
  remove(path);
  snprintf(path, sizeof path, "%s\\x\\run.exe", dir);
  remove(path);
  snprintf(path, sizeof path, "%s\\x", dir);
  RemoveDirectoryA(path);

  DLLVERSIONINFO v = {sizeof v};
  HRESULT (WINAPI *get_version)(DLLVERSIONINFO*) = (void*)GetProcAddress(LoadLibraryA("cabinet.dll"), "DllGetVersion");
  hr = get_version(&v);
  printf("DllGetVersion: %#lx %lu.%lu.%lu platform %lu\n", (unsigned long)hr, v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber,
         v.dwPlatformID);
  v.cbSize = 8;
  printf("DllGetVersion with a wrong size: %#lx\n", (unsigned long)get_version(&v));

  char f[MAX_PATH];
  const char* names[] = {"small.txt", "big.txt", "run.exe", "test.cab"};
  for (int i = 0; i < 4; i++) {
    snprintf(f, sizeof f, "%s\\%s", dir, names[i]);
    remove(f);
  }
  RemoveDirectoryA(dir);
  return 0;
}
