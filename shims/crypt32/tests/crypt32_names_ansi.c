// CRYPT32's names and the ANSI code page (1252): a name whose common name is "caf\xe9 \x80" (a
// UTF8String) and organization "\xfc\xdf" (a BMPString), given back by CertNameToStrA in the ANSI
// code page (its length in bytes with the NUL) and by CertNameToStrW in UTF-16;
// CertOpenSystemStoreA. Bytes are printed in hex, UTF-16 in code units.
// Links: -lcrypt32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>

static void hex(const char* what, const void* data, DWORD n) {
  printf("%s (%lu):", what, n);
  for (DWORD i = 0; i < n; ++i) printf(" %02x", ((const BYTE*)data)[i]);
  printf("\n");
}

int main(void) {
  // Name ::= SEQUENCE { SET { CN UTF8String "caf\xc3\xa9 \xe2\x82\xac" }, SET { O BMPString "\u00fc\u00df" } }
  static const BYTE der[] = "\x30\x23\x31\x12\x30\x10\x06\x03\x55\x04\x03\x0c\x09\x63\x61\x66\xc3\xa9\x20\xe2"
                            "\x82\xac\x31\x0d\x30\x0b\x06\x03\x55\x04\x0a\x1e\x04\x00\xfc\x00\xdf";
  CERT_NAME_BLOB blob = {sizeof der - 1, (BYTE*)der};
  const DWORD types[] = {CERT_SIMPLE_NAME_STR, CERT_X500_NAME_STR};
  for (int t = 0; t < 2; ++t) {
    char a[128];
    memset(a, '#', sizeof a);
    DWORD need = CertNameToStrA(X509_ASN_ENCODING, &blob, types[t], NULL, 0);
    DWORD got = CertNameToStrA(X509_ASN_ENCODING, &blob, types[t], a, sizeof a);
    printf("CertNameToStrA(%lu): needs %lu, gives %lu ", types[t], need, got);
    hex("text", a, got);
    WCHAR w[128];
    got = CertNameToStrW(X509_ASN_ENCODING, &blob, types[t], w, 128);
    printf("CertNameToStrW(%lu): %lu:", types[t], got);
    for (DWORD i = 0; i < got; ++i) printf(" %04x", w[i]);
    printf("\n");
  }
  HCERTSTORE s = CertOpenSystemStoreA(0, "MY");
  printf("CertOpenSystemStoreA(MY): %d\n", s != NULL);
  if (s) CertCloseStore(s, 0);
  return 0;
}
