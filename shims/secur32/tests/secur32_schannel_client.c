/* TLS through SSPI's Schannel package, as curl and other programs use it: the package's info,
 * client credentials, the handshake loop of InitializeSecurityContext over a socket (an
 * incomplete record first, to see SEC_E_INCOMPLETE_MESSAGE), the negotiated protocol, cipher,
 * ALPN and stream sizes, a line sent with EncryptMessage and the reply read with DecryptMessage
 * (two records in one buffer: SECBUFFER_EXTRA; the server's close_notify: SEC_I_CONTEXT_EXPIRED),
 * and the shutdown with ApplyControlToken. The server (tests/windows/tls_server.py) listens on
 * 127.0.0.1 at the port in POLYRUN_TLS_PORT or the first argument, with a self-signed
 * certificate for "localhost": Schannel's own validation refuses it (an untrusted root, checked
 * before the name), manual validation takes it. Then server credentials without a certificate, an
 * unknown package and the package list. */
// Links: -lsecur32 -lws2_32 -lcrypt32
#define _WIN32_WINNT 0x0601
#define SECURITY_WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <schannel.h>
#include <wininet.h> /* SECURITY_FLAG_* */
#include <security.h>
#include <sspi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SECBUFFER_APPLICATION_PROTOCOLS
#define SECBUFFER_APPLICATION_PROTOCOLS 18
#endif
#ifndef SECPKG_ATTR_APPLICATION_PROTOCOL
#define SECPKG_ATTR_APPLICATION_PROTOCOL 35
#endif

static int port;
static char buf[65536];
static int have;

static SOCKET connect_server(void) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((u_short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
    printf("connect failed: %d\n", WSAGetLastError());
    exit(1);
  }
  return s;
}

static int send_all(SOCKET s, const void *p, int n) {
  const char *c = p;
  while (n > 0) {
    int k = send(s, c, n, 0);
    if (k <= 0) return 0;
    c += k, n -= k;
  }
  return 1;
}

/* Reads more from the socket into buf; 0 at the end of the stream. */
static int read_more(SOCKET s) {
  int k = recv(s, buf + have, (int)sizeof buf - have, 0);
  if (k <= 0) return 0;
  have += k;
  return 1;
}

/* The size of the complete TLS records at the start of buf. */
static int complete_records(int want) {
  int at = 0, n = 0;
  while (n < want && have - at >= 5) {
    int len = 5 + ((unsigned char)buf[at + 3] << 8 | (unsigned char)buf[at + 4]);
    if (have - at < len) break;
    at += len, ++n;
  }
  return n < want ? -1 : at;
}

static int wide; /* whether handshakes use InitializeSecurityContextW */

static SECURITY_STATUS isc(CredHandle *cred, CtxtHandle *ctx, const char *target, ULONG req, SecBufferDesc *in,
                           CtxtHandle *new_ctx, SecBufferDesc *out, ULONG *attrs) {
  if (!wide) return InitializeSecurityContextA(cred, ctx, (SEC_CHAR *)target, req, 0, 0, in, 0, new_ctx, out, attrs, NULL);
  WCHAR w[256];
  MultiByteToWideChar(CP_UTF8, 0, target, -1, w, 256);
  return InitializeSecurityContextW(cred, ctx, w, req, 0, 0, in, 0, new_ctx, out, attrs, NULL);
}

/* The handshake on socket s; returns ISC's last status. */
static SECURITY_STATUS handshake(SOCKET s, CredHandle *cred, CtxtHandle *ctx, const char *target, int verbose) {
  /* ALPN: one list of protocols, "http/1.1". */
  unsigned char alpn[64];
  unsigned long *lists_size = (unsigned long *)alpn;
  SEC_APPLICATION_PROTOCOL_LIST *list = (SEC_APPLICATION_PROTOCOL_LIST *)(alpn + sizeof(unsigned long));
  list->ProtoNegoExt = SecApplicationProtocolNegotiationExt_ALPN;
  list->ProtocolListSize = 9;
  list->ProtocolList[0] = 8;
  memcpy(list->ProtocolList + 1, "http/1.1", 8);
  *lists_size = (unsigned long)(FIELD_OFFSET(SEC_APPLICATION_PROTOCOL_LIST, ProtocolList) + 9);
  SecBuffer first_in = {(unsigned long)(sizeof(unsigned long) + *lists_size), SECBUFFER_APPLICATION_PROTOCOLS, alpn};
  SecBufferDesc first_desc = {SECBUFFER_VERSION, 1, &first_in};

  const ULONG req = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                    ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM;
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs = 0;
  SECURITY_STATUS st = isc(cred, NULL, target, req, &first_desc, ctx, &out_desc, &attrs);
  if (verbose) printf("first InitializeSecurityContext: 0x%08lx, a token: %s\n", st, out.cbBuffer > 0 ? "yes" : "no");
  if (out.pvBuffer) {
    send_all(s, out.pvBuffer, out.cbBuffer);
    FreeContextBuffer(out.pvBuffer);
  }
  have = 0;
  int incomplete_shown = !verbose;
  while (st == SEC_I_CONTINUE_NEEDED || st == SEC_E_INCOMPLETE_MESSAGE) {
    if (have == 0 || st == SEC_E_INCOMPLETE_MESSAGE) {
      if (!read_more(s)) {
        printf("the server closed the connection\n");
        return st;
      }
    }
    SecBuffer in[2] = {{(unsigned long)have, SECBUFFER_TOKEN, buf}, {0, SECBUFFER_EMPTY, NULL}};
    if (!incomplete_shown && have >= 5) {
      /* Three bytes of the server's first record: not a whole record. */
      in[0].cbBuffer = 3;
      SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in};
      out.pvBuffer = NULL, out.cbBuffer = 0, out.BufferType = SECBUFFER_TOKEN;
      SECURITY_STATUS part = isc(cred, ctx, target, req, &in_desc, NULL, &out_desc, &attrs);
      printf("three bytes of a record: 0x%08lx\n", part);
      incomplete_shown = 1;
      in[0].cbBuffer = (unsigned long)have;
      in[1].BufferType = SECBUFFER_EMPTY, in[1].cbBuffer = 0, in[1].pvBuffer = NULL;
    }
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in};
    out.pvBuffer = NULL, out.cbBuffer = 0, out.BufferType = SECBUFFER_TOKEN;
    st = isc(cred, ctx, target, req, &in_desc, NULL, &out_desc, &attrs);
    if (out.pvBuffer) {
      if (out.cbBuffer) send_all(s, out.pvBuffer, out.cbBuffer);
      FreeContextBuffer(out.pvBuffer);
    }
    if (st == SEC_E_INCOMPLETE_MESSAGE) continue;
    if (in[1].BufferType == SECBUFFER_EXTRA && in[1].cbBuffer > 0) {
      memmove(buf, buf + have - in[1].cbBuffer, in[1].cbBuffer);
      have = (int)in[1].cbBuffer;
    } else {
      have = 0;
    }
  }
  if (verbose) {
    printf("handshake: 0x%08lx\n", st);
    printf("allocated memory: %s, stream: %s, confidentiality: %s\n", attrs & ISC_RET_ALLOCATED_MEMORY ? "yes" : "no",
           attrs & ISC_RET_STREAM ? "yes" : "no", attrs & ISC_RET_CONFIDENTIALITY ? "yes" : "no");
  }
  return st;
}

static SECURITY_STATUS get_credentials(CredHandle *cred, DWORD flags) {
  SCHANNEL_CRED sc;
  memset(&sc, 0, sizeof sc);
  sc.dwVersion = SCHANNEL_CRED_VERSION;
  sc.dwFlags = flags;
  TimeStamp expiry;
  if (wide)
    return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL, NULL,
                                     cred, &expiry);
  return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL, NULL, cred,
                                   &expiry);
}

/* A connection whose certificate Schannel checks itself: refused. */
static void validated(const char *label, const char *target) {
  CredHandle cred;
  SECURITY_STATUS st = get_credentials(&cred, SCH_CRED_NO_DEFAULT_CREDS);
  printf("%s: credentials 0x%08lx\n", label, st);
  SOCKET s = connect_server();
  CtxtHandle ctx;
  st = handshake(s, &cred, &ctx, target, 0);
  printf("%s: handshake 0x%08lx\n", label, st);
  DeleteSecurityContext(&ctx);
  closesocket(s);
  FreeCredentialsHandle(&cred);
}

int main(int argc, char **argv) {
  const char *env = getenv("POLYRUN_TLS_PORT");
  port = argc > 1 ? atoi(argv[1]) : env ? atoi(env) : 0;
  if (!port) {
    printf("usage: secur32_schannel_client PORT (or POLYRUN_TLS_PORT)\n");
    return 2;
  }
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);

  PSecPkgInfoA info;
  SECURITY_STATUS st = QuerySecurityPackageInfoA((SEC_CHAR *)UNISP_NAME_A, &info);
  printf("QuerySecurityPackageInfo: 0x%08lx\n", st);
  if (st == SEC_E_OK) {
    printf("name %s, capabilities 0x%lx, version %u, RPC id %u, max token %lu\n", info->Name, info->fCapabilities,
           info->wVersion, info->wRPCID, info->cbMaxToken);
    FreeContextBuffer(info);
  }
  st = QuerySecurityPackageInfoA((SEC_CHAR *)"Schannel", &info);
  printf("QuerySecurityPackageInfo(Schannel): 0x%08lx\n", st);
  if (st == SEC_E_OK) FreeContextBuffer(info);

  CredHandle cred;
  st = get_credentials(&cred, SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS);
  printf("AcquireCredentialsHandle: 0x%08lx\n", st);
  SOCKET s = connect_server();
  CtxtHandle ctx;
  st = handshake(s, &cred, &ctx, "localhost", 1);
  if (st != SEC_E_OK) return 1;

  /* The server's certificate as a program validating it by hand sees it: a CRYPT32 context whose
     store holds what the server sent, its chain and the SSL policy over it. */
  PCCERT_CONTEXT peer = NULL;
  st = QueryContextAttributesA(&ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &peer);
  printf("remote certificate: 0x%08lx, a context: %s\n", st, peer ? "yes" : "no");
  if (peer) {
    char name[64];
    CertGetNameStringA(peer, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name, sizeof name);
    int in_store = 0;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(peer->hCertStore, c))) ++in_store;
    printf("its name %s, certificates in its store: %d\n", name, in_store);
    CERT_CHAIN_PARA cp;
    memset(&cp, 0, sizeof cp);
    cp.cbSize = sizeof cp;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    BOOL ok = CertGetCertificateChain(NULL, peer, NULL, peer->hCertStore, &cp, 0, NULL, &chain);
    printf("its chain: %d, error 0x%lx, %lu element(s)\n", ok, chain ? chain->TrustStatus.dwErrorStatus : 0,
           chain ? chain->rgpChain[0]->cElement : 0);
    static const struct { const WCHAR *name; DWORD checks; const char *what; } checks[] = {
        {L"localhost", 0, "localhost"},
        {L"localhost", SECURITY_FLAG_IGNORE_UNKNOWN_CA, "localhost, the CA unknown"},
        {L"wrong.example", SECURITY_FLAG_IGNORE_UNKNOWN_CA, "wrong.example, the CA unknown"},
    };
    for (int i = 0; chain && i < 3; ++i) {
      SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl;
      memset(&ssl, 0, sizeof ssl);
      ssl.cbSize = sizeof ssl;
      ssl.dwAuthType = AUTHTYPE_SERVER;
      ssl.fdwChecks = checks[i].checks;
      ssl.pwszServerName = (WCHAR *)checks[i].name;
      CERT_CHAIN_POLICY_PARA pp = {sizeof pp, 0, &ssl};
      CERT_CHAIN_POLICY_STATUS ps = {sizeof ps};
      ok = CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &pp, &ps);
      printf("ssl policy for %s: %d, 0x%08lx\n", checks[i].what, ok, ps.dwError);
    }
    if (chain) CertFreeCertificateChain(chain);
    CertFreeCertificateContext(peer);
  }

  SecPkgContext_ConnectionInfo ci;
  st = QueryContextAttributesA(&ctx, SECPKG_ATTR_CONNECTION_INFO, &ci);
  printf("connection info: 0x%08lx, protocol 0x%lx, cipher 0x%x, strength %lu\n", st, ci.dwProtocol, ci.aiCipher,
         ci.dwCipherStrength);
  SecPkgContext_ApplicationProtocol ap;
  memset(&ap, 0, sizeof ap);
  st = QueryContextAttributesA(&ctx, SECPKG_ATTR_APPLICATION_PROTOCOL, &ap);
  printf("application protocol: 0x%08lx, status %d, %.*s\n", st, (int)ap.ProtoNegoStatus, (int)ap.ProtocolIdSize,
         (const char *)ap.ProtocolId);
  SecPkgContext_StreamSizes sizes;
  st = QueryContextAttributesA(&ctx, SECPKG_ATTR_STREAM_SIZES, &sizes);
  printf("stream sizes: 0x%08lx, maximum message %lu, buffers %lu, header and trailer hold a record's: %s\n", st,
         sizes.cbMaximumMessage, sizes.cBuffers, sizes.cbHeader + sizes.cbTrailer >= 29 ? "yes" : "no");

  /* One line, encrypted in place: header, data, trailer. */
  const char line[] = "hello over schannel\n";
  char *msg = malloc(sizes.cbHeader + sizeof line + sizes.cbTrailer);
  memcpy(msg + sizes.cbHeader, line, sizeof line - 1);
  SecBuffer eb[4] = {{sizes.cbHeader, SECBUFFER_STREAM_HEADER, msg},
                     {sizeof line - 1, SECBUFFER_DATA, msg + sizes.cbHeader},
                     {sizes.cbTrailer, SECBUFFER_STREAM_TRAILER, msg + sizes.cbHeader + sizeof line - 1},
                     {0, SECBUFFER_EMPTY, NULL}};
  SecBufferDesc ed = {SECBUFFER_VERSION, 4, eb};
  st = EncryptMessage(&ctx, 0, &ed, 0);
  printf("EncryptMessage: 0x%08lx, data %lu bytes, a trailer: %s\n", st, eb[1].cbBuffer, eb[2].cbBuffer > 0 ? "yes" : "no");
  send_all(s, eb[0].pvBuffer, eb[0].cbBuffer);
  send_all(s, eb[1].pvBuffer, eb[1].cbBuffer);
  send_all(s, eb[2].pvBuffer, eb[2].cbBuffer);
  free(msg);

  /* The reply comes in two records; both read before the first is decrypted. */
  while (complete_records(2) < 0)
    if (!read_more(s)) break;
  SecBuffer db[4];
  SecBufferDesc dd = {SECBUFFER_VERSION, 4, db};
  db[0].BufferType = SECBUFFER_DATA, db[0].pvBuffer = buf, db[0].cbBuffer = 5;
  for (int i = 1; i < 4; ++i) db[i].BufferType = SECBUFFER_EMPTY, db[i].pvBuffer = NULL, db[i].cbBuffer = 0;
  st = DecryptMessage(&ctx, &dd, 0, NULL);
  int missing = 0;
  for (int i = 0; i < 4; ++i) missing |= db[i].BufferType == SECBUFFER_MISSING;
  printf("DecryptMessage of a record's header: 0x%08lx, a missing buffer: %s\n", st, missing ? "yes" : "no");
  char reply[256];
  int reply_len = 0;
  for (int round = 0; round < 3; ++round) {
    /* Rounds 0 and 1: the reply's two records (the first with the second after it: EXTRA);
       round 2: the server's close_notify. */
    while (complete_records(1) < 0)
      if (!read_more(s)) break;
    db[0].BufferType = SECBUFFER_DATA, db[0].pvBuffer = buf, db[0].cbBuffer = (unsigned long)have;
    for (int i = 1; i < 4; ++i) db[i].BufferType = SECBUFFER_EMPTY, db[i].pvBuffer = NULL, db[i].cbBuffer = 0;
    st = DecryptMessage(&ctx, &dd, 0, NULL);
    SecBuffer *data = NULL, *extra = NULL;
    for (int i = 0; i < 4; ++i) {
      if (db[i].BufferType == SECBUFFER_DATA) data = &db[i];
      if (db[i].BufferType == SECBUFFER_EXTRA) extra = &db[i];
    }
    if (round == 0)
      printf("DecryptMessage: 0x%08lx, %lu bytes of data, extra: %s\n", st, data ? data->cbBuffer : 0,
             extra ? "yes" : "no");
    else if (round == 1)
      printf("DecryptMessage: 0x%08lx, %lu bytes of data\n", st, data ? data->cbBuffer : 0);
    else
      printf("close_notify from the server: 0x%08lx, %lu bytes of data\n", st, data ? data->cbBuffer : 0);
    if (data && data->cbBuffer && reply_len + (int)data->cbBuffer < (int)sizeof reply) {
      memcpy(reply + reply_len, data->pvBuffer, data->cbBuffer);
      reply_len += (int)data->cbBuffer;
    }
    if (st != SEC_E_OK) break;
    if (extra) {
      memmove(buf, (char *)extra->pvBuffer, extra->cbBuffer);
      have = (int)extra->cbBuffer;
    } else {
      have = 0;
    }
  }
  printf("reply: %.*s", reply_len, reply);

  /* The shutdown: a control token, then InitializeSecurityContext makes the close_notify. */
  DWORD shutdown = SCHANNEL_SHUTDOWN;
  SecBuffer tb = {sizeof shutdown, SECBUFFER_TOKEN, &shutdown};
  SecBufferDesc td = {SECBUFFER_VERSION, 1, &tb};
  st = ApplyControlToken(&ctx, &td);
  printf("ApplyControlToken: 0x%08lx\n", st);
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  st = InitializeSecurityContextA(&cred, &ctx, (SEC_CHAR *)"localhost",
                                  ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                                      ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM,
                                  0, 0, NULL, 0, NULL, &out_desc, &attrs, NULL);
  printf("shutdown InitializeSecurityContext: 0x%08lx, close_notify: %s\n", st,
         out.pvBuffer && out.cbBuffer > 0 ? "yes" : "no");
  if (out.pvBuffer) {
    send_all(s, out.pvBuffer, out.cbBuffer);
    FreeContextBuffer(out.pvBuffer);
  }
  closesocket(s);
  printf("CompleteAuthToken: 0x%08lx\n", CompleteAuthToken(&ctx, &td));
  printf("DeleteSecurityContext: 0x%08lx\n", DeleteSecurityContext(&ctx));
  printf("DeleteSecurityContext again: 0x%08lx\n", DeleteSecurityContext(&ctx));
  printf("FreeCredentialsHandle: 0x%08lx\n", FreeCredentialsHandle(&cred));

  /* Schannel's own validation, through the W forms. */
  wide = 1;
  validated("validated", "localhost");
  validated("validated wrong name", "wrong.example");

  /* A server's credentials are its certificate: none given, none. */
  SCHANNEL_CRED server;
  memset(&server, 0, sizeof server);
  server.dwVersion = SCHANNEL_CRED_VERSION;
  st = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &server, NULL, NULL, &cred,
                                 NULL);
  printf("server credentials without a certificate: 0x%08lx\n", st);
  st = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"No Such Package", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                 &cred, NULL);
  printf("an unknown package: 0x%08lx\n", st);
  ULONG count = 0;
  PSecPkgInfoA list = NULL;
  st = EnumerateSecurityPackagesA(&count, &list);
  int listed = 0;
  for (ULONG i = 0; i < count; ++i) listed |= strcmp(list[i].Name, UNISP_NAME_A) == 0;
  printf("EnumerateSecurityPackages: 0x%08lx, Schannel listed: %s\n", st, listed ? "yes" : "no");
  FreeContextBuffer(list);
  WSACleanup();
  return 0;
}
