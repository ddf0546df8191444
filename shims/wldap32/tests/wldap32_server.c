// WLDAP32 against an LDAP server on the loopback (slapd, started by the test for the case: its port
// in POLYRUN_LDAP_PORT; a database under dc=example,dc=com with alice, bob and carol under
// ou=people): binds, searches (synchronous, asynchronous, extended, limits, paged), reading entries
// and values narrow, wide and as bervals, add, compare, modify, rename, delete, and the errors a
// server answers.
// Links: -lwldap32
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <winldap.h>
#include <winber.h>

static void show_entries(LDAP* ld, LDAPMessage* res) {
  printf("  %lu entries\n", ldap_count_entries(ld, res));
  for (LDAPMessage* e = ldap_first_entry(ld, res); e; e = ldap_next_entry(ld, e)) {
    char* dn = ldap_get_dnA(ld, e);
    printf("  dn: %s\n", dn);
    ldap_memfreeA(dn);
    BerElement* ber = NULL;
    for (char* a = ldap_first_attributeA(ld, e, &ber); a; a = ldap_next_attributeA(ld, e, ber)) {
      char** v = ldap_get_valuesA(ld, e, a);
      printf("    %s (%lu):", a, ldap_count_valuesA(v));
      for (char** x = v; x && *x; x++) printf(" [%s]", *x);
      printf("\n");
      ldap_value_freeA(v);
      ldap_memfreeA(a);
    }
    if (ber) ber_free(ber, 0);
  }
}

int main(void) {
  const char* port_text = getenv("POLYRUN_LDAP_PORT");
  if (!port_text) {
    printf("no POLYRUN_LDAP_PORT\n");
    return 1;
  }
  LDAP* ld = ldap_initA("127.0.0.1", atoi(port_text));
  ULONG version = LDAP_VERSION3;
  ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  printf("bind with a wrong password: %#lx\n", ldap_simple_bind_sA(ld, "cn=admin,dc=example,dc=com", "wrong"));
  printf("bind: %#lx\n", ldap_simple_bind_sA(ld, "cn=admin,dc=example,dc=com", "secret"));

  // Synchronous search, narrow.
  char* attrs[] = {"cn", "mail", "sn", NULL};
  LDAPMessage* res = NULL;
  printf("search_s people: %#lx\n",
         ldap_search_sA(ld, "ou=people,dc=example,dc=com", LDAP_SCOPE_ONELEVEL, "(objectClass=inetOrgPerson)", attrs, 0, &res));
  show_entries(ld, res);
  ldap_msgfree(res);

  // Wide, and values as bervals.
  WCHAR* wattrs[] = {L"description", L"uid", NULL};
  res = NULL;
  printf("search_sW bob: %#lx\n", ldap_search_sW(ld, L"dc=example,dc=com", LDAP_SCOPE_SUBTREE, L"(uid=bob)", wattrs, 0, &res));
  LDAPMessage* e = ldap_first_entry(ld, res);
  WCHAR* wdn = ldap_get_dnW(ld, e);
  char text[256];
  WideCharToMultiByte(CP_UTF8, 0, wdn, -1, text, sizeof text, NULL, NULL);
  printf("  dnW: %s\n", text);
  ldap_memfreeW(wdn);
  WCHAR** wv = ldap_get_valuesW(ld, e, L"description");
  printf("  descriptionW (%lu):", ldap_count_valuesW(wv));
  for (WCHAR* c = wv ? wv[0] : NULL; c && *c; c++) printf(" %04x", *c);
  printf("\n");
  ldap_value_freeW(wv);
  struct berval** bv = ldap_get_values_lenA(ld, e, "description");
  printf("  description bervals (%lu): len %lu:", ldap_count_values_len(bv), bv ? bv[0]->bv_len : 0);
  for (ULONG i = 0; bv && i < bv[0]->bv_len; i++) printf(" %02x", (unsigned char)bv[0]->bv_val[i]);
  printf("\n");
  ldap_value_free_len(bv);
  printf("  values of an attribute it lacks: %s\n", ldap_get_valuesA(ld, e, "mail") ? "some" : "NULL");
  ldap_msgfree(res);

  // Asynchronous search and ldap_result.
  ULONG id = ldap_searchA(ld, "ou=people,dc=example,dc=com", LDAP_SCOPE_ONELEVEL, "(uid=c*)", attrs, 0);
  printf("searchA: %s\n", id != (ULONG)-1 ? "a message number" : "-1");
  res = NULL;
  ULONG type = ldap_result(ld, id, LDAP_MSG_ALL, NULL, &res);
  printf("ldap_result: %#lx\n", type);
  show_entries(ld, res);
  ULONG code = 99;
  char *matched = NULL, *error = NULL;
  ULONG r = ldap_parse_resultA(ld, res, &code, &matched, &error, NULL, NULL, FALSE);
  printf("parse_resultA: %#lx code %#lx matched [%s]\n", r, code, matched ? matched : "(null)");
  ldap_memfreeA(matched);
  ldap_memfreeA(error);
  ldap_msgfree(res);

  // Limits and errors.
  res = NULL;
  printf("search_ext_s size limit 1: %#lx\n",
         ldap_search_ext_sA(ld, "ou=people,dc=example,dc=com", LDAP_SCOPE_ONELEVEL, "(objectClass=*)", attrs, 0, NULL, NULL,
                            NULL, 1, &res));
  printf("  %lu entries\n", ldap_count_entries(ld, res));
  ldap_msgfree(res);
  res = NULL;
  printf("search_s bad filter: %#lx\n", ldap_search_sA(ld, "dc=example,dc=com", LDAP_SCOPE_SUBTREE, "(uid=", attrs, 0, &res));
  if (res) ldap_msgfree(res);
  res = NULL;
  printf("search_s no such base: %#lx\n",
         ldap_search_sA(ld, "ou=nobody,dc=example,dc=com", LDAP_SCOPE_SUBTREE, "(objectClass=*)", attrs, 0, &res));
  if (res) {
    matched = NULL;
    ldap_parse_resultA(ld, res, &code, &matched, NULL, NULL, NULL, FALSE);
    printf("  code %#lx matched [%s]\n", code, matched ? matched : "(null)");
    ldap_memfreeA(matched);
    ldap_msgfree(res);
  }
  res = NULL;
  printf("search_s bad base DN: %#lx\n", ldap_search_sA(ld, "not a dn", LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0, &res));
  if (res) ldap_msgfree(res);

  // Add, compare, modify, rename, delete.
  char* oc[] = {"inetOrgPerson", NULL};
  char* uid[] = {"dave", NULL};
  char* cn[] = {"Dave", NULL};
  char* sn[] = {"Bowman", NULL};
  char* mail[] = {"dave@example.com", NULL};
  LDAPModA m_oc = {LDAP_MOD_ADD, "objectClass", {oc}}, m_uid = {LDAP_MOD_ADD, "uid", {uid}},
           m_cn = {LDAP_MOD_ADD, "cn", {cn}}, m_sn = {LDAP_MOD_ADD, "sn", {sn}}, m_mail = {LDAP_MOD_ADD, "mail", {mail}};
  LDAPModA* add[] = {&m_oc, &m_uid, &m_cn, &m_sn, &m_mail, NULL};
  printf("add_s dave: %#lx\n", ldap_add_sA(ld, "uid=dave,ou=people,dc=example,dc=com", add));
  printf("add_s dave again: %#lx\n", ldap_add_sA(ld, "uid=dave,ou=people,dc=example,dc=com", add));
  printf("compare_s mail (true): %#lx\n", ldap_compare_sA(ld, "uid=dave,ou=people,dc=example,dc=com", "mail", "dave@example.com"));
  printf("compare_s mail (false): %#lx\n", ldap_compare_sA(ld, "uid=dave,ou=people,dc=example,dc=com", "mail", "hal@example.com"));
  char* newmail[] = {"d.bowman@example.com", NULL};
  struct berval phone = {11, "+1 555 0199"};
  struct berval* phones[] = {&phone, NULL};
  LDAPModA r_mail = {LDAP_MOD_REPLACE, "mail", {newmail}};
  LDAPModA a_phone = {LDAP_MOD_ADD | LDAP_MOD_BVALUES, "telephoneNumber", {(char**)phones}};
  LDAPModA* mod[] = {&r_mail, &a_phone, NULL};
  printf("modify_s: %#lx\n", ldap_modify_sA(ld, "uid=dave,ou=people,dc=example,dc=com", mod));
  printf("modify_s no such entry: %#lx\n", ldap_modify_sA(ld, "uid=hal,ou=people,dc=example,dc=com", mod));
  printf("rename_ext_s: %#lx\n",
         ldap_rename_ext_sA(ld, "uid=dave,ou=people,dc=example,dc=com", "uid=david", NULL, 1, NULL, NULL));
  char* all[] = {"uid", "mail", "telephoneNumber", NULL};
  res = NULL;
  printf("search_s david: %#lx\n", ldap_search_sA(ld, "ou=people,dc=example,dc=com", LDAP_SCOPE_ONELEVEL, "(cn=Dave)", all, 0, &res));
  show_entries(ld, res);
  ldap_msgfree(res);
  ULONG msg = 0;
  printf("delete_extA: %#lx\n", ldap_delete_extA(ld, "uid=david,ou=people,dc=example,dc=com", NULL, NULL, &msg));
  res = NULL;
  type = ldap_result(ld, msg, LDAP_MSG_ALL, NULL, &res);
  printf("ldap_result: %#lx, result2error %#lx\n", type, ldap_result2error(ld, res, TRUE));
  printf("delete_s again: %#lx\n", ldap_delete_sA(ld, "uid=david,ou=people,dc=example,dc=com"));

  // A paged search, two entries a page.
  WCHAR* pattrs[] = {L"uid", NULL};
  PLDAPSearch page = ldap_search_init_pageW(ld, L"ou=people,dc=example,dc=com", LDAP_SCOPE_ONELEVEL,
                                            L"(objectClass=inetOrgPerson)", pattrs, 0, NULL, NULL, 0, 0, NULL);
  printf("search_init_pageW: %s\n", page ? "a search" : "NULL");
  for (int i = 0; i < 4; i++) {
    ULONG count = 99;
    res = NULL;
    r = ldap_get_next_page_s(ld, page, NULL, 2, &count, &res);
    printf("get_next_page_s: %#lx, %lu entries\n", r, res ? ldap_count_entries(ld, res) : 0);
    if (res) ldap_msgfree(res);
    if (r != LDAP_SUCCESS) break;
  }
  printf("search_abandon_page: %#lx\n", ldap_search_abandon_page(ld, page));

  printf("unbind: %#lx\n", ldap_unbind(ld));
  return 0;
}
