/* RPCRT4's string bindings (RpcStringBindingCompose and RpcStringBindingParse, with escaped
 * delimiters, endpoints and options), binding handles made from them and written back
 * (RpcBindingFromStringBinding, RpcBindingToStringBinding, RpcBindingCopy, RpcBindingReset,
 * RpcBindingSet/InqObject, RpcBindingFree) and the protocol sequences the runtime knows. */
// Links: -lrpcrt4
#include <windows.h>
#include <rpc.h>
#include <stdio.h>
#include <string.h>

static void show(const char *what, RPC_STATUS s, unsigned char *text) {
  printf("%s: %ld \"%s\"\n", what, s, text ? (char *)text : "(null)");
}

static void parse(const char *binding) {
  unsigned char *uuid = NULL, *protseq = NULL, *address = NULL, *endpoint = NULL, *options = NULL;
  RPC_STATUS s = RpcStringBindingParseA((unsigned char *)binding, &uuid, &protseq, &address, &endpoint, &options);
  printf("parse \"%s\": %ld", binding, s);
  if (s == RPC_S_OK)
    printf(" uuid \"%s\" protseq \"%s\" address \"%s\" endpoint \"%s\" options \"%s\"", uuid ? (char *)uuid : "(null)",
           protseq ? (char *)protseq : "(null)", address ? (char *)address : "(null)",
           endpoint ? (char *)endpoint : "(null)", options ? (char *)options : "(null)");
  printf("\n");
  RpcStringFreeA(&uuid), RpcStringFreeA(&protseq), RpcStringFreeA(&address), RpcStringFreeA(&endpoint),
      RpcStringFreeA(&options);
}

int main(void) {
  unsigned char *text = NULL;
  RPC_STATUS s = RpcStringBindingComposeA((unsigned char *)"12345678-1234-1234-1234-123456789abc",
                                          (unsigned char *)"ncacn_ip_tcp", (unsigned char *)"example.com",
                                          (unsigned char *)"135", (unsigned char *)"security=impersonation", &text);
  show("compose everything", s, text);
  RpcStringFreeA(&text);
  s = RpcStringBindingComposeA(NULL, (unsigned char *)"ncalrpc", NULL, (unsigned char *)"my endpoint", NULL, &text);
  show("compose protseq and endpoint", s, text);
  RpcStringFreeA(&text);
  s = RpcStringBindingComposeA(NULL, (unsigned char *)"ncacn_np", (unsigned char *)"host", NULL, (unsigned char *)"",
                               &text);
  show("compose protseq and address", s, text);
  RpcStringFreeA(&text);
  s = RpcStringBindingComposeA(NULL, (unsigned char *)"ncacn_np", (unsigned char *)"a:b@c",
                               (unsigned char *)"\\pipe\\x[1]", NULL, &text);
  show("compose delimiters", s, text);
  RpcStringFreeA(&text);
  WCHAR *wide = NULL;
  s = RpcStringBindingComposeW(NULL, (WCHAR *)L"ncalrpc", NULL, (WCHAR *)L"ep", (WCHAR *)L"opt=1", &wide);
  printf("compose wide: %ld \"%ls\"\n", s, wide);
  RpcStringFreeW(&wide);

  parse("12345678-1234-1234-1234-123456789abc@ncacn_ip_tcp:example.com[135,security=impersonation]");
  parse("ncalrpc:[my endpoint]");
  parse("ncacn_np:host");
  parse("ncacn_np:a\\:b\\@c[\\\\pipe\\\\x\\[1\\]]");
  parse("ncacn_ip_tcp:host[endpoint=2000,opt=a]");
  parse("ncacn_ip_tcp:host[2000");
  parse("not-a-uuid@ncacn_ip_tcp:host");
  parse("justanaddress");
  unsigned char *only = NULL;
  s = RpcStringBindingParseA((unsigned char *)"ncacn_ip_tcp:host[80]", NULL, NULL, NULL, &only, NULL);
  show("parse the endpoint alone", s, only);
  RpcStringFreeA(&only);

  RPC_BINDING_HANDLE b = NULL, copy = NULL;
  s = RpcBindingFromStringBindingA((unsigned char *)"ncacn_ip_tcp:127.0.0.1[4747]", &b);
  printf("RpcBindingFromStringBinding: %ld, a handle %d\n", s, b != NULL);
  s = RpcBindingToStringBindingA(b, &text);
  show("RpcBindingToStringBinding", s, text);
  RpcStringFreeA(&text);
  UUID object, back;
  UuidFromStringA((unsigned char *)"00112233-4455-6677-8899-aabbccddeeff", &object);
  printf("RpcBindingSetObject: %ld\n", RpcBindingSetObject(b, &object));
  memset(&back, 0, sizeof back);
  s = RpcBindingInqObject(b, &back);
  printf("RpcBindingInqObject: %ld, the same %d\n", s, memcmp(&back, &object, sizeof back) == 0);
  s = RpcBindingToStringBindingA(b, &text);
  show("  with its object", s, text);
  RpcStringFreeA(&text);
  printf("RpcBindingCopy: %ld\n", RpcBindingCopy(b, &copy));
  printf("RpcBindingReset: %ld\n", RpcBindingReset(copy));
  s = RpcBindingToStringBindingA(copy, &text);
  show("  the copy, reset", s, text);
  RpcStringFreeA(&text);
  s = RpcBindingFree(&copy);
  printf("RpcBindingFree: %ld, cleared %d\n", s, copy == NULL);
  RpcBindingFree(&b);
  b = (RPC_BINDING_HANDLE)1;
  printf("RpcBindingFromStringBinding(no protseq): %ld\n", RpcBindingFromStringBindingA((unsigned char *)"host", &b));
  printf("RpcBindingFromStringBinding(unknown protseq): %ld\n",
         RpcBindingFromStringBindingA((unsigned char *)"ncacn_foo:host", &b));
  printf("RpcBindingFromStringBinding(bad uuid): %ld\n",
         RpcBindingFromStringBindingA((unsigned char *)"xyz@ncalrpc:", &b));

  printf("RpcNetworkIsProtseqValid: ncacn_ip_tcp %ld, ncalrpc %ld, ncacn_foo %ld, foo %ld\n",
         RpcNetworkIsProtseqValidA((unsigned char *)"ncacn_ip_tcp"), RpcNetworkIsProtseqValidA((unsigned char *)"ncalrpc"),
         RpcNetworkIsProtseqValidA((unsigned char *)"ncacn_foo"), RpcNetworkIsProtseqValidA((unsigned char *)"foo"));
  return 0;
}
