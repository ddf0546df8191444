// WLDAP32's A functions and the ANSI code page (1252): a distinguished name with "caf\xe9", the
// euro sign \x80 and "\xfc\xdf" taken apart by ldap_explode_dnA (with and without the types) and
// made user-friendly by ldap_dn2ufnA, the parts in the ANSI code page (OpenLDAP works in UTF-8),
// beside ldap_explode_dnW's UTF-16. No server is needed. Bytes are printed in hex, UTF-16 in code
// units.
// Links: -lwldap32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winldap.h>

static void hex(const char* what, const char* s) {
  printf("  %s (%u):", what, (unsigned)strlen(s));
  for (const char* c = s; *c; ++c) printf(" %02x", (BYTE)*c);
  printf("\n");
}

static void explode(ULONG notypes) {
  char** parts = ldap_explode_dnA((PSTR) "CN=caf\xe9 \x80,O=\xfc\xdf,C=FR", notypes);
  printf("ldap_explode_dnA(notypes %lu): %d parts\n", notypes, parts ? (int)ldap_count_valuesA(parts) : -1);
  for (char** p = parts; p && *p; ++p) hex("part", *p);
  if (parts) ldap_value_freeA(parts);
}

int main(void) {
  explode(0);
  explode(1);
  char* ufn = ldap_dn2ufnA((PSTR) "CN=caf\xe9 \x80,O=\xfc\xdf");
  printf("ldap_dn2ufnA: %d\n", ufn != NULL);
  if (ufn) {
    hex("ufn", ufn);
    ldap_memfreeA(ufn);
  }
  WCHAR** w = ldap_explode_dnW((PWSTR)L"CN=caf\u00e9 \u20ac,O=\u00fc\u00df", 1);
  printf("ldap_explode_dnW(notypes 1): %d parts\n", w ? (int)ldap_count_valuesW(w) : -1);
  for (WCHAR** p = w; p && *p; ++p) {
    printf("  part (%u):", (unsigned)wcslen(*p));
    for (WCHAR* c = *p; *c; ++c) printf(" %04x", *c);
    printf("\n");
  }
  if (w) ldap_value_freeW(w);
  return 0;
}
