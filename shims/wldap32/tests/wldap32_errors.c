// WLDAP32 without a server: the result codes' Win32 errors and texts, a session whose server
// refuses the connection, distinguished names taken apart, filter values escaped, session options.
// Links: -lwldap32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winldap.h>

int main(void) {
  ULONG e;
  printf("LdapMapErrorToWin32:");
  for (e = 0; e <= 0x62; e++) printf(" %lx=%lu", e, LdapMapErrorToWin32(e));
  printf("\n");
  ULONG codes[] = {0, 1, 5, 6, 0x20, 0x22, 0x31, 0x32, 0x44, 0x51, 0x55, 0x59, 0x5b, 0x61, 0x62, 1000};
  for (unsigned i = 0; i < sizeof codes / sizeof *codes; i++) {
    printf("ldap_err2stringA(%#lx) = \"%s\"\n", codes[i], ldap_err2stringA(codes[i]));
    WCHAR* w = ldap_err2stringW(codes[i]);
    char buf[200];
    WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, sizeof buf, NULL, NULL);
    printf("ldap_err2stringW(%#lx) = \"%s\"\n", codes[i], buf);
  }

  // A session with a server that refuses the connection (port 1 on the loopback).
  LDAP* ld = ldap_initA("127.0.0.1", 1);
  printf("ldap_initA: %s\n", ld ? "a session" : "NULL");
  ULONG version = 0, r = ldap_get_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  printf("get PROTOCOL_VERSION: %lu version %lu\n", r, version);
  version = LDAP_VERSION2;
  printf("set PROTOCOL_VERSION 2: %lu\n", ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version));
  version = 0;
  ldap_get_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  printf("get PROTOCOL_VERSION: %lu\n", version);
  version = LDAP_VERSION3;
  ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  ULONG limit = 25;
  printf("set SIZELIMIT 25: %lu\n", ldap_set_option(ld, LDAP_OPT_SIZELIMIT, &limit));
  limit = 0;
  r = ldap_get_option(ld, LDAP_OPT_SIZELIMIT, &limit);
  printf("get SIZELIMIT: %lu %lu\n", r, limit);
  limit = 7;
  printf("set TIMELIMIT 7: %lu\n", ldap_set_option(ld, LDAP_OPT_TIMELIMIT, &limit));
  limit = 0;
  r = ldap_get_option(ld, LDAP_OPT_TIMELIMIT, &limit);
  printf("get TIMELIMIT: %lu %lu\n", r, limit);
  printf("set REFERRALS OFF: %lu\n", ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF));
  printf("get with NULL value: %#lx\n", ldap_get_option(ld, LDAP_OPT_SIZELIMIT, NULL));
  printf("get on NULL session: %#lx\n", ldap_get_option(NULL, LDAP_OPT_SIZELIMIT, &limit));

  printf("ldap_simple_bind_sA: %#lx\n", ldap_simple_bind_sA(ld, "cn=admin,dc=example,dc=com", "secret"));
  LDAPMessage* res = NULL;
  char* attrs[] = {"cn", NULL};
  printf("ldap_search_sA: %#lx\n", ldap_search_sA(ld, "dc=example,dc=com", LDAP_SCOPE_SUBTREE, "(cn=*)", attrs, 0, &res));
  printf("result: %s\n", res ? "a message" : "NULL");
  if (res) ldap_msgfree(res);
  printf("ldap_unbind: %lu\n", ldap_unbind(ld));
  printf("ldap_unbind(NULL): %#lx\n", ldap_unbind(NULL));

  // Distinguished names.
  char** parts = ldap_explode_dnA("uid=alice,ou=people,dc=example,dc=com", 0);
  printf("ldap_explode_dnA: %lu parts:", ldap_count_valuesA(parts));
  for (char** p = parts; p && *p; p++) printf(" [%s]", *p);
  printf("\n");
  ldap_value_freeA(parts);
  parts = ldap_explode_dnA("uid=alice,ou=people,dc=example,dc=com", 1);
  printf("ldap_explode_dnA notypes:");
  for (char** p = parts; p && *p; p++) printf(" [%s]", *p);
  printf("\n");
  ldap_value_freeA(parts);
  WCHAR** wparts = ldap_explode_dnW(L"cn=Bob Builder,o=Example", 0);
  printf("ldap_explode_dnW: %lu parts\n", ldap_count_valuesW(wparts));
  ldap_value_freeW(wparts);
  char* ufn = ldap_dn2ufnA("uid=alice,ou=people,dc=example,dc=com");
  printf("ldap_dn2ufnA: [%s]\n", ufn ? ufn : "(null)");
  ldap_memfreeA(ufn);

  // Filter values.
  char esc[64];
  ULONG need = ldap_escape_filter_elementA("a*b(c)\\d e", 10, NULL, 0);
  printf("escape size: %lu\n", need);
  memset(esc, 'X', sizeof esc);
  printf("escape: %lu [%s]\n", ldap_escape_filter_elementA("a*b(c)\\d e", 10, esc, sizeof esc), esc);
  printf("escape short buffer: %#lx\n", ldap_escape_filter_elementA("a*b", 3, esc, 3));
  return 0;
}
