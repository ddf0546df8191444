/* The Credential Manager: a generic credential written, read back, found by a filter, overwritten and
 * deleted; credentials that do not exist; a user name's and a certificate hash's marshaled forms,
 * read back and recognized. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <wincred.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  /* Targets of this run's own (the store is the user's, which other runs use at the same time). */
  WCHAR target[64], upper[64], filter[64];
  swprintf(target, 64, L"polyrun/test%lu/target", GetCurrentProcessId());
  swprintf(upper, 64, L"POLYRUN/TEST%lu/TARGET", GetCurrentProcessId());
  swprintf(filter, 64, L"polyrun/test%lu/*", GetCurrentProcessId());
  CREDENTIALW c;
  memset(&c, 0, sizeof c);
  c.Type = CRED_TYPE_GENERIC;
  c.TargetName = target;
  c.Comment = L"a comment";
  c.CredentialBlobSize = 6;
  c.CredentialBlob = (BYTE *)"secret";
  c.Persist = CRED_PERSIST_LOCAL_MACHINE;
  c.UserName = L"someone";
  BOOL r = CredWriteW(&c, 0);
  printf("CredWrite: %d\n", r);
  CREDENTIALW *got = NULL;
  r = CredReadW(target, CRED_TYPE_GENERIC, 0, &got);
  printf("CredRead: %d target ours %d comment %ls user %ls blob %.*s persist %lu\n", r, !wcscmp(got->TargetName, target), got->Comment,
         got->UserName, (int)got->CredentialBlobSize, got->CredentialBlob, got->Persist);
  CredFree(got);
  c.CredentialBlobSize = 0;
  c.CredentialBlob = NULL;
  c.Comment = L"changed";
  r = CredWriteW(&c, CRED_PRESERVE_CREDENTIAL_BLOB);
  CredReadW(upper, CRED_TYPE_GENERIC, 0, &got);
  printf("CredWrite(preserving the blob): %d comment %ls blob %.*s\n", r, got->Comment, (int)got->CredentialBlobSize,
         got->CredentialBlob);
  CredFree(got);
  DWORD count = 0;
  CREDENTIALW **list = NULL;
  r = CredEnumerateW(filter, 0, &count, &list);
  printf("CredEnumerate(this run's targets): %d count %lu first ours %d\n", r, count, r && !wcscmp(list[0]->TargetName, target));
  CredFree(list);
  SetLastError(0);
  r = CredEnumerateW(L"polyrun/nothing/*", 0, &count, &list);
  printf("CredEnumerate(nothing): %d error %lu\n", r, GetLastError());
  r = CredDeleteW(target, CRED_TYPE_GENERIC, 0);
  printf("CredDelete: %d\n", r);
  SetLastError(0);
  r = CredReadW(target, CRED_TYPE_GENERIC, 0, &got);
  printf("CredRead(deleted): %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = CredDeleteW(target, CRED_TYPE_GENERIC, 0);
  printf("CredDelete(again): %d error %lu\n", r, GetLastError());
  c.Type = 99;
  SetLastError(0);
  r = CredWriteW(&c, 0);
  printf("CredWrite(type 99): %d error %lu\n", r, GetLastError());

  USERNAME_TARGET_CREDENTIAL_INFO user = {L"someuser"};
  WCHAR *marshaled = NULL;
  r = CredMarshalCredentialW(UsernameTargetCredential, &user, &marshaled);
  printf("CredMarshalCredential(user): %d %ls\n", r, marshaled);
  CRED_MARSHAL_TYPE type = 0;
  USERNAME_TARGET_CREDENTIAL_INFO *back = NULL;
  r = CredUnmarshalCredentialW(marshaled, &type, (void **)&back);
  printf("CredUnmarshalCredential: %d type %d user %ls\n", r, type, back->UserName);
  printf("CredIsMarshaledCredential: %d\n", CredIsMarshaledCredentialW(marshaled));
  CredFree(back);
  CredFree(marshaled);
  CERT_CREDENTIAL_INFO cert = {sizeof cert};
  for (int i = 0; i < 20; i++) cert.rgbHashOfCert[i] = (BYTE)(i * 13);
  r = CredMarshalCredentialW(CertCredential, &cert, &marshaled);
  printf("CredMarshalCredential(cert): %d %ls\n", r, marshaled);
  CERT_CREDENTIAL_INFO *cback = NULL;
  r = CredUnmarshalCredentialW(marshaled, &type, (void **)&cback);
  printf("CredUnmarshalCredential(cert): %d type %d same %d\n", r, type, !memcmp(cback->rgbHashOfCert, cert.rgbHashOfCert, 20));
  CredFree(cback);
  CredFree(marshaled);
  SetLastError(0);
  printf("CredIsMarshaledCredential(plain): %d error %lu\n", CredIsMarshaledCredentialW(L"plain name"), GetLastError());
  return 0;
}
