// CRYPT32's CertAddCertificateLinkToStore and CertControlStore: a link in a second memory store to
// a certificate of the first (its encoding, its store, the properties it shares with the original
// both ways, a second link refused with CERT_STORE_ADD_NEW, a link into a collection refused), the
// link outliving the original's store, and CertControlStore on a memory store and on MY.
// Expected output: wine 8.0's (x64).
// Links: -lcrypt32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>

#include "test_certificate.h"

static void show_name(const char* what, PCCERT_CONTEXT c) {
  WCHAR name[64] = {0};
  DWORD size = sizeof name;
  BOOL ok = CertGetCertificateContextProperty(c, CERT_FRIENDLY_NAME_PROP_ID, name, &size);
  printf("%s: friendly name %d \"%ls\"\n", what, ok, ok ? name : L"");
}

int main(void) {
  HCERTSTORE first = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
  HCERTSTORE second = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
  PCCERT_CONTEXT original = NULL, link = NULL, again = NULL;
  BOOL ok = CertAddEncodedCertificateToStore(first, X509_ASN_ENCODING, test_cert, sizeof test_cert,
                                             CERT_STORE_ADD_NEW, &original);
  printf("the original added: %d\n", ok);
  ok = CertAddCertificateLinkToStore(second, original, CERT_STORE_ADD_NEW, &link);
  printf("linked: %d, a context of its own %d, in the second store %d, same encoding %d\n", ok, link != original,
         link && link->hCertStore == second,
         link && link->cbCertEncoded == original->cbCertEncoded &&
             !memcmp(link->pbCertEncoded, original->pbCertEncoded, link->cbCertEncoded));

  CRYPT_DATA_BLOB name = {sizeof L"on the original", (BYTE*)L"on the original"};
  CertSetCertificateContextProperty(original, CERT_FRIENDLY_NAME_PROP_ID, 0, &name);
  show_name("set on the original, the link", link);
  CRYPT_DATA_BLOB other = {sizeof L"on the link", (BYTE*)L"on the link"};
  CertSetCertificateContextProperty(link, CERT_FRIENDLY_NAME_PROP_ID, 0, &other);
  show_name("set on the link, the original", original);

  SetLastError(0xdeadbeef);
  ok = CertAddCertificateLinkToStore(second, original, CERT_STORE_ADD_NEW, &again);
  printf("a second link, CERT_STORE_ADD_NEW: %d, error %#lx\n", ok, GetLastError());
  ok = CertAddCertificateLinkToStore(second, original, CERT_STORE_ADD_USE_EXISTING, &again);
  printf("a second link, CERT_STORE_ADD_USE_EXISTING: %d, the first %d\n", ok, again == link);
  if (again) CertFreeCertificateContext(again);
  int n = 0;
  for (PCCERT_CONTEXT c = NULL; (c = CertEnumCertificatesInStore(second, c));) n++;
  printf("in the second store: %d\n", n);

  HCERTSTORE collection = CertOpenStore(CERT_STORE_PROV_COLLECTION, 0, 0, 0, NULL);
  SetLastError(0xdeadbeef);
  ok = CertAddCertificateLinkToStore(collection, original, CERT_STORE_ADD_ALWAYS, NULL);
  printf("into a collection: %d, error %#lx\n", ok, GetLastError());
  CertCloseStore(collection, 0);

  CertFreeCertificateContext(original);
  CertCloseStore(first, 0);
  show_name("the first store closed, the link", link);
  CertFreeCertificateContext(link);

  // CertControlStore: a memory store has nothing to control; the system store MY resyncs, commits
  // and notifies.
  SetLastError(0xdeadbeef);
  ok = CertControlStore(second, 0, CERT_STORE_CTRL_RESYNC, NULL);
  printf("CertControlStore of a memory store: %d, error %lu\n", ok, GetLastError());
  HCERTSTORE my = CertOpenSystemStoreA(0, "MY");
  HANDLE event = CreateEventW(NULL, FALSE, FALSE, NULL);
  printf("of MY: resync %d, commit %d, notify %d\n", CertControlStore(my, 0, CERT_STORE_CTRL_RESYNC, NULL),
         CertControlStore(my, 0, CERT_STORE_CTRL_COMMIT, NULL), CertControlStore(my, 0, CERT_STORE_CTRL_NOTIFY_CHANGE, &event));
  printf("of MY: the notification cancelled %d\n", CertControlStore(my, 0, CERT_STORE_CTRL_CANCEL_NOTIFY, &event));
  printf("the event set: %d\n", WaitForSingleObject(event, 0) == WAIT_OBJECT_0);
  CloseHandle(event);
  CertCloseStore(my, 0);
  CertCloseStore(second, 0);
  return 0;
}
