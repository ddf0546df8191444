// IMAGEHLP's certificate table on a copy of the program's own image: none at first, two entries
// added (ImageAddCertificate), listed by type, their headers and data read back (a buffer too
// small first), the checksum kept right, the first removed, the file back to its size without the
// table when the last goes.
// Links: -limagehlp
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <imagehlp.h>

static DWORD file_size(HANDLE h) { return GetFileSize(h, NULL); }

int main(void) {
  char self[MAX_PATH], copy[MAX_PATH], dir[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  GetTempPathA(sizeof dir, dir);
  snprintf(copy, sizeof copy, "%simagehlp_certs_%lu.exe", dir, GetCurrentProcessId());
  CopyFileA(self, copy, FALSE);
  HANDLE h = CreateFileA(copy, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  const DWORD original = file_size(h);
  DWORD count = 99;
  BOOL ok = ImageEnumerateCertificates(h, CERT_SECTION_TYPE_ANY, &count, NULL, 0);
  printf("ImageEnumerateCertificates: %d count %lu\n", ok, count);

  union {
    WIN_CERTIFICATE c;
    BYTE b[64];
  } one, two;
  memset(&one, 0, sizeof one);
  one.c.dwLength = 8 + 13;
  one.c.wRevision = WIN_CERT_REVISION_2_0;
  one.c.wCertificateType = WIN_CERT_TYPE_PKCS_SIGNED_DATA;
  memcpy(one.c.bCertificate, "first payload", 13);
  memset(&two, 0, sizeof two);
  two.c.dwLength = 8 + 24;
  two.c.wRevision = WIN_CERT_REVISION_2_0;
  two.c.wCertificateType = WIN_CERT_TYPE_X509;
  memcpy(two.c.bCertificate, "second payload, 24 bytes", 24);
  DWORD index = 99;
  ok = ImageAddCertificate(h, &one.c, &index);
  printf("ImageAddCertificate: %d index %lu, file grew by %lu\n", ok, index, file_size(h) - original);
  ok = ImageAddCertificate(h, &two.c, &index);
  printf("ImageAddCertificate: %d index %lu, file grew by %lu\n", ok, index, file_size(h) - original);

  DWORD indices[4] = {9, 9, 9, 9};
  ok = ImageEnumerateCertificates(h, CERT_SECTION_TYPE_ANY, &count, indices, 4);
  printf("all: %d count %lu indices %lu %lu\n", ok, count, indices[0], indices[1]);
  ok = ImageEnumerateCertificates(h, WIN_CERT_TYPE_X509, &count, indices, 4);
  printf("X.509: %d count %lu index %lu\n", ok, count, indices[0]);

  WIN_CERTIFICATE header;
  ok = ImageGetCertificateHeader(h, 1, &header);
  printf("header 1: %d length %lu revision %#x type %u\n", ok, header.dwLength, header.wRevision, header.wCertificateType);
  union {
    WIN_CERTIFICATE c;
    BYTE b[64];
  } back;
  DWORD need = 10;
  SetLastError(0xdeadbeef);
  ok = ImageGetCertificateData(h, 0, &back.c, &need);
  printf("data 0 short: %d error %lu need %lu\n", ok, GetLastError(), need);
  need = sizeof back;
  ok = ImageGetCertificateData(h, 0, &back.c, &need);
  printf("data 0: %d need %lu [%.13s]\n", ok, need, (char*)back.c.bCertificate);
  SetLastError(0xdeadbeef);
  ok = ImageGetCertificateHeader(h, 5, &header);
  printf("header 5: %d\n", ok);

  // The checksum follows the file.
  CloseHandle(h);
  DWORD stored = 0, computed = 0;
  MapFileAndCheckSumA(copy, &stored, &computed);
  printf("checksum right: %d\n", stored == computed);
  h = CreateFileA(copy, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);

  ok = ImageRemoveCertificate(h, 0);
  ImageEnumerateCertificates(h, CERT_SECTION_TYPE_ANY, &count, NULL, 0);
  ImageGetCertificateHeader(h, 0, &header);
  printf("ImageRemoveCertificate 0: %d count %lu, the first now type %u, file grew by %lu\n", ok, count,
         header.wCertificateType, file_size(h) - original);
  ok = ImageRemoveCertificate(h, 0);
  ImageEnumerateCertificates(h, CERT_SECTION_TYPE_ANY, &count, NULL, 0);
  printf("ImageRemoveCertificate 0: %d count %lu, file grew by %lu\n", ok, count, file_size(h) - original);
  CloseHandle(h);
  DeleteFileA(copy);
  return 0;
}
