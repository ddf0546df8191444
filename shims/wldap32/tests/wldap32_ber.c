// WLDAP32's BER functions: an element written by format (ber_printf: a sequence of an integer, a
// string, an octet string, a boolean, an enumeration and a set of two strings), flattened, read
// back by format (ber_scanf), its tag and length (ber_peek_tag, ber_skip_tag), bervals duplicated
// and freed; and the paged results control made and read back.
// Links: -lwldap32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winldap.h>
#include <winber.h>

static void dump(const char* what, struct berval* bv) {
  printf("%s (%lu bytes):", what, bv->bv_len);
  for (ULONG i = 0; i < bv->bv_len; i++) printf(" %02x", (unsigned char)bv->bv_val[i]);
  printf("\n");
}

int main(void) {
  BerElement* ber = ber_alloc_t(LBER_USE_DER);
  printf("ber_alloc_t: %s\n", ber ? "an element" : "NULL");
  int r = ber_printf(ber, "{isobe[ss]}", 1234, "hello", "\x01\x02\x03", 3, 1, 7, "one", "two");
  printf("ber_printf: %d\n", r);
  struct berval* flat = NULL;
  printf("ber_flatten: %d\n", ber_flatten(ber, &flat));
  dump("flattened", flat);
  ber_free(ber, 1);

  BerElement* in = ber_init(flat);
  printf("ber_init: %s\n", in ? "an element" : "NULL");
  ULONG len = 0;
  ULONG tag = ber_peek_tag(in, &len);
  printf("ber_peek_tag: %#lx len %lu\n", tag, len);
  int i = 0, b = 0, e = 0;
  char* s = NULL;
  struct berval* o = NULL;
  char *s1 = NULL, *s2 = NULL;
  tag = ber_scanf(in, "{iaObe[aa]}", &i, &s, &o, &b, &e, &s1, &s2);
  printf("ber_scanf: %#lx int %d string [%s] octets %lu boolean %d enum %d strings [%s] [%s]\n", tag, i, s, o ? o->bv_len : 0, b, e,
         s1 ? s1 : "", s2 ? s2 : "");
  ldap_memfree(s);
  ldap_memfree(s1);
  ldap_memfree(s2);
  ber_bvfree(o);
  ber_free(in, 1);

  in = ber_init(flat);
  tag = ber_skip_tag(in, &len);
  printf("ber_skip_tag: %#lx len %lu\n", tag, len);
  tag = ber_peek_tag(in, &len);
  printf("then ber_peek_tag: %#lx len %lu\n", tag, len);
  ber_free(in, 1);

  struct berval* dup = ber_bvdup(flat);
  printf("ber_bvdup: %lu bytes, same: %d\n", dup->bv_len, dup->bv_len == flat->bv_len && !memcmp(dup->bv_val, flat->bv_val, flat->bv_len));
  ber_bvfree(dup);
  ber_bvfree(flat);

  LDAP* ld = ldap_initA("127.0.0.1", 1);
  struct berval cookie_in = {3, "abc"};
  LDAPControlA* page = NULL;
  ULONG rc = ldap_create_page_controlA(ld, 50, &cookie_in, TRUE, &page);
  printf("ldap_create_page_controlA: %lu oid %s critical %d\n", rc, page ? page->ldctl_oid : "", page ? page->ldctl_iscritical : 0);
  if (page) dump("  value", &page->ldctl_value);
  LDAPControlA* list[] = {page, NULL};
  ULONG count = 0;
  struct berval* cookie_out = NULL;
  rc = ldap_parse_page_controlA(ld, list, &count, &cookie_out);
  printf("ldap_parse_page_controlA: %lu count %lu cookie %lu bytes\n", rc, count, cookie_out ? cookie_out->bv_len : 0);
  if (cookie_out) ber_bvfree(cookie_out);
  ldap_control_freeA(page);
  ldap_unbind(ld);
  return 0;
}
