/* SECUR32's QuerySecurityContextToken: for no context, and for a Schannel client context after its
 * first InitializeSecurityContext (its ClientHello made, no server needed), which has no access
 * token; the context deleted, then asked again. */
// Links: -lsecur32
#define SECURITY_WIN32
#include <windows.h>
#include <schannel.h>
#include <security.h>
#include <stdio.h>

int main(void) {
  HANDLE token = (HANDLE)1;
  SECURITY_STATUS st = QuerySecurityContextToken(NULL, &token);
  printf("QuerySecurityContextToken(NULL): 0x%08lx\n", st);

  SCHANNEL_CRED sc = {0};
  sc.dwVersion = SCHANNEL_CRED_VERSION;
  sc.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
  CredHandle cred;
  TimeStamp expiry;
  st = AcquireCredentialsHandleW(NULL, (SEC_WCHAR*)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL, NULL, &cred, &expiry);
  printf("AcquireCredentialsHandle: 0x%08lx\n", st);
  CtxtHandle ctx;
  SecBuffer out_buf = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &out_buf};
  ULONG attrs = 0;
  st = InitializeSecurityContextW(&cred, NULL, (SEC_WCHAR*)L"localhost",
                                  ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_CONFIDENTIALITY, 0, 0, NULL, 0, &ctx, &out,
                                  &attrs, NULL);
  printf("InitializeSecurityContext: 0x%08lx, a token %s\n", st, out_buf.cbBuffer ? "yes" : "no");
  if (out_buf.pvBuffer) FreeContextBuffer(out_buf.pvBuffer);
  token = (HANDLE)1;
  st = QuerySecurityContextToken(&ctx, &token);
  printf("QuerySecurityContextToken(a client context): 0x%08lx\n", st);
  printf("DeleteSecurityContext: 0x%08lx\n", DeleteSecurityContext(&ctx));
  FreeCredentialsHandle(&cred);
  return 0;
}
