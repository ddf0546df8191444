// The crypt32_encode* samples' one line per CryptEncodeObjectEx call: what, the result and the
// DER in hexadecimal, or the error (and, where `with_size`, what *pcbEncoded says then: a bad
// character's place).
#include <stdio.h>
#include <windows.h>
#include <wincrypt.h>

static void show_encoding(const char *what, LPCSTR type, const void *info, int with_size) {
  BYTE buf[512];
  DWORD size = sizeof buf;
  SetLastError(0);
  BOOL ok = CryptEncodeObjectEx(X509_ASN_ENCODING, type, info, 0, NULL, buf, &size);
  DWORD err = GetLastError();
  printf("%s: %d", what, ok);
  if (!ok) {
    if (with_size) printf(", error 0x%08lx, size %lu\n", err, size);
    else printf(", error 0x%08lx\n", err);
    return;
  }
  printf(", %lu bytes:", size);
  for (DWORD i = 0; i < size; i++) printf(" %02x", buf[i]);
  printf("\n");
}
