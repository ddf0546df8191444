// SETUPAPI's compressed files: a cabinet (made with CABINET's FCI) walked with SetupIterateCabinet
// (its notifications, files extracted, skipped, an error from the callback), the compression of a
// cabinet, an LZ (SZDD) file and a plain one (SetupGetFileCompressionInfoEx,
// SetupGetFileCompressionInfo), and each expanded or copied with SetupDecompressOrCopyFile.
// Links: -lsetupapi -lcabinet
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>
#include <fci.h>
#include <setupapi.h>

static char dir[MAX_PATH];

static void* DIAMONDAPI mem_alloc(ULONG cb) { return malloc(cb); }
static void DIAMONDAPI mem_free(void* p) { free(p); }
static INT_PTR DIAMONDAPI fci_open(char* name, int flags, int mode, int* err, void* pv) { return _open(name, flags, mode); }
static UINT DIAMONDAPI fci_read(INT_PTR hf, void* mem, UINT cb, int* err, void* pv) { return _read((int)hf, mem, cb); }
static UINT DIAMONDAPI fci_write(INT_PTR hf, void* mem, UINT cb, int* err, void* pv) { return _write((int)hf, mem, cb); }
static int DIAMONDAPI fci_close(INT_PTR hf, int* err, void* pv) { return _close((int)hf); }
static LONG DIAMONDAPI fci_seek(INT_PTR hf, LONG dist, int whence, int* err, void* pv) { return _lseek((int)hf, dist, whence); }
static int DIAMONDAPI fci_delete(char* name, int* err, void* pv) { return remove(name); }
static BOOL DIAMONDAPI fci_temp(char* name, int cb, void* pv) {
  static int n;
  snprintf(name, cb, "%s\\fci%d.tmp", dir, n++);
  return TRUE;
}
static int DIAMONDAPI fci_placed(PCCAB ccab, char* name, LONG cb, BOOL cont, void* pv) { return 0; }
static INT_PTR DIAMONDAPI fci_open_info(char* name, USHORT* date, USHORT* time, USHORT* attribs, int* err, void* pv) {
  *date = 0x5a21, *time = 0x6000, *attribs = FILE_ATTRIBUTE_ARCHIVE;
  return _open(name, _O_RDONLY | _O_BINARY);
}
static LONG DIAMONDAPI fci_status(UINT type, ULONG cb1, ULONG cb2, void* pv) { return type == statusCabinet ? (LONG)cb2 : 0; }
static BOOL DIAMONDAPI fci_next(PCCAB ccab, ULONG prev, void* pv) { return TRUE; }

static void write_file(const char* name, const void* data, size_t n) {
  char path[MAX_PATH];
  snprintf(path, sizeof path, "%s\\%s", dir, name);
  FILE* f = fopen(path, "wb");
  fwrite(data, 1, n, f);
  fclose(f);
}

static int mode = -1;  // 0: extract all, 1: skip alpha.txt, 2: the callback fails the extraction

static void show_file(const char* name) {
  char path[MAX_PATH], data[128] = {0};
  snprintf(path, sizeof path, "%s\\%s", dir, name);
  FILE* f = fopen(path, "rb");
  if (!f) {
    printf("[%d]  %s: none\n", mode, name);
    return;
  }
  size_t n = fread(data, 1, sizeof data - 1, f);
  fclose(f);
  printf("[%d]  %s: %u bytes [%s]\n", mode, name, (unsigned)n, data);
  remove(path);
}

static UINT CALLBACK handler(PVOID context, UINT note, UINT_PTR p1, UINT_PTR p2) {
  if (note == SPFILENOTIFY_CABINETINFO) {
    CABINET_INFO_A* ci = (void*)p1;
    printf("[%d] CABINETINFO next [%s] disk [%s] set %u number %u path ends with \\: %d\n", mode, ci->CabinetFile, ci->DiskName, ci->SetId,
           ci->CabinetNumber, ci->CabinetPath[strlen(ci->CabinetPath) - 1] == '\\');
    return NO_ERROR;
  }
  if (note == SPFILENOTIFY_FILEINCABINET) {
    FILE_IN_CABINET_INFO_A* fi = (void*)p1;
    printf("[%d] FILEINCABINET %s %lu bytes date %04x time %04x attribs %04x, cabinet is ours: %d\n", mode, fi->NameInCabinet, fi->FileSize,
           fi->DosDate, fi->DosTime, fi->DosAttribs, strstr((const char*)p2, "test.cab") != NULL);
    if (mode == 1 && !strcmp(fi->NameInCabinet, "alpha.txt")) return FILEOP_SKIP;
    snprintf(fi->FullTargetName, sizeof fi->FullTargetName, "%s\\out_%s", dir, fi->NameInCabinet);
    return FILEOP_DOIT;
  }
  if (note == SPFILENOTIFY_FILEEXTRACTED) {
    FILEPATHS_A* fp = (void*)p1;
    printf("[%d] FILEEXTRACTED %s error %u\n", mode, strrchr(fp->Target, '\\') + 1, fp->Win32Error);
    return mode == 2 ? ERROR_WRITE_FAULT : NO_ERROR;
  }
  printf("notification %#x\n", note);
  return NO_ERROR;
}

int main(void) {
  GetTempPathA(sizeof dir, dir);
  char unique[32];
  snprintf(unique, sizeof unique, "setupcab%lu", GetCurrentProcessId());
  strcat(dir, unique);
  CreateDirectoryA(dir, NULL);
  write_file("alpha.txt", "alpha, stored", 13);
  write_file("beta.txt", "beta, compressed with MSZIP", 27);
  // "abcabcabcabc" in SZDD: three literals, then nine bytes from the window's first of them.
  static const unsigned char szdd[] = {'S', 'Z', 'D', 'D', 0x88, 0xf0, 0x27, 0x33, 'A', 't', 12, 0, 0, 0,
                                       0x07, 'a', 'b', 'c', 0xf0, 0xf6};
  write_file("lz.tx_", szdd, sizeof szdd);
  write_file("plain.txt", "just text", 9);

  ERF erf;
  CCAB ccab;
  memset(&ccab, 0, sizeof ccab);
  ccab.cb = 0x7fffffff;
  ccab.cbFolderThresh = 0x7fffffff;
  ccab.setID = 77;
  strcpy(ccab.szCab, "test.cab");
  snprintf(ccab.szCabPath, sizeof ccab.szCabPath, "%s\\", dir);
  HFCI fci = FCICreate(&erf, fci_placed, mem_alloc, mem_free, fci_open, fci_read, fci_write, fci_close, fci_seek, fci_delete,
                       fci_temp, &ccab, NULL);
  char src[MAX_PATH];
  snprintf(src, sizeof src, "%s\\alpha.txt", dir);
  FCIAddFile(fci, src, "alpha.txt", FALSE, fci_next, fci_status, fci_open_info, tcompTYPE_NONE);
  snprintf(src, sizeof src, "%s\\beta.txt", dir);
  FCIAddFile(fci, src, "beta.txt", FALSE, fci_next, fci_status, fci_open_info, tcompTYPE_MSZIP);
  printf("cabinet made: %d\n", FCIFlushCabinet(fci, FALSE, fci_next, fci_status));
  FCIDestroy(fci);

  char cab[MAX_PATH];
  snprintf(cab, sizeof cab, "%s\\test.cab", dir);
  for (mode = 0; mode < 3; mode++) {
    SetLastError(0xdeadbeef);
    BOOL ok = SetupIterateCabinetA(cab, 0, handler, NULL);
    printf("[%d] SetupIterateCabinetA: %d error %lu\n", mode, ok, ok ? 0 : GetLastError());
    show_file("out_alpha.txt");
    show_file("out_beta.txt");
  }
  mode = -1;
  char missing[MAX_PATH];
  snprintf(missing, sizeof missing, "%s\\missing.cab", dir);
  SetLastError(0xdeadbeef);
  BOOL ok = SetupIterateCabinetA(missing, 0, handler, NULL);
  printf("SetupIterateCabinetA of a missing cabinet: %d error %lu\n", ok, GetLastError());

  const char* names[] = {"test.cab", "lz.tx_", "plain.txt"};
  for (int i = 0; i < 3; i++) {
    char path[MAX_PATH], actual[MAX_PATH];
    snprintf(path, sizeof path, "%s\\%s", dir, names[i]);
    DWORD need = 0, source = 0, target = 0;
    UINT type = 99;
    ok = SetupGetFileCompressionInfoExA(path, actual, sizeof actual, &need, &source, &target, &type);
    printf("%s: CompressionInfoEx %d type %u source %lu target %lu name length the path's + 1: %d same name %d\n", names[i], ok, type,
           source, target, need == strlen(path) + 1, !strcmp(actual, path));
    PSTR name = NULL;
    DWORD r = SetupGetFileCompressionInfoA(path, &name, &source, &target, &type);
    printf("%s: CompressionInfo %lu type %u target %lu same name %d\n", names[i], r, type, target, name && !strcmp(name, path));
    LocalFree(name);
    char out[MAX_PATH];
    snprintf(out, sizeof out, "%s\\expanded_%d", dir, i);
    r = SetupDecompressOrCopyFileA(path, out, NULL);
    printf("%s: DecompressOrCopy %lu\n", names[i], r);
    snprintf(out, sizeof out, "expanded_%d", i);
    show_file(out);
  }
  DWORD need = 0;
  char small[4];
  snprintf(src, sizeof src, "%s\\plain.txt", dir);
  ok = SetupGetFileCompressionInfoExA(src, small, sizeof small, &need, NULL, NULL, NULL);
  printf("CompressionInfoEx with a short name buffer: %d need the path's + 1: %d\n", ok, need == strlen(src) + 1);

  const char* all[] = {"alpha.txt", "beta.txt", "lz.tx_", "plain.txt", "test.cab"};
  for (int i = 0; i < 5; i++) {
    snprintf(src, sizeof src, "%s\\%s", dir, all[i]);
    remove(src);
  }
  RemoveDirectoryA(dir);
  return 0;
}
