// CRYPT32's certificate revocation lists and certificate trust lists: a CRL's context (its
// CRL_INFO), CRLs in a memory store (the add dispositions, enumeration, deletion, the finds: issued
// by a certificate — with the authority key identifier, signature, base and delta flags —,
// existing, issued for), their properties, what a CRL says of a certificate; a CTL's CTL_INFO
// encoded and decoded, signed (CryptMsgEncodeAndSignCTL with a PFX's key), its context (the
// message open in it) and CTLs in a store; an entry made of a certificate's properties.
// Expected output: wine 8.0's (x64), but as wine-differences.txt says.
// Links: -lcrypt32
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>
#include <string.h>

#include "crl_fixtures.h"
#include "test_pfx.h"

static void show_time(const char* what, const FILETIME* ft) {
  SYSTEMTIME st;
  FileTimeToSystemTime(ft, &st);
  printf("%s %04d-%02d-%02d %02d:%02d", what, st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute);
}
static void hex(const BYTE* b, DWORD n) {
  for (DWORD i = 0; i < n; ++i) printf("%02x", b[i]);
}
static void show_name(const char* what, const CERT_NAME_BLOB* name) {
  char s[256];
  CertNameToStrA(X509_ASN_ENCODING, (CERT_NAME_BLOB*)name, CERT_SIMPLE_NAME_STR, s, sizeof s);
  printf("%s \"%s\"", what, s);
}
static void show_extensions(const char* indent, DWORD n, const CERT_EXTENSION* ext) {
  printf("%s%lu extension(s):", indent, (unsigned long)n);
  for (DWORD i = 0; i < n; ++i) printf(" %s%s", ext[i].pszObjId, ext[i].fCritical ? " (critical)" : "");
  printf("\n");
}

static void show_crl(PCCRL_CONTEXT crl) {
  const CRL_INFO* info = crl->pCrlInfo;
  printf("  encoding %lx, %lu bytes, version %lu, algorithm %s", (unsigned long)crl->dwCertEncodingType,
         (unsigned long)crl->cbCrlEncoded, (unsigned long)info->dwVersion, info->SignatureAlgorithm.pszObjId);
  show_name(",", &info->Issuer);
  printf("\n");
  show_time("  this update", &info->ThisUpdate);
  show_time(", next", &info->NextUpdate);
  printf(", %lu entries\n", (unsigned long)info->cCRLEntry);
  for (DWORD i = 0; i < info->cCRLEntry; ++i) {
    printf("    serial ");
    hex(info->rgCRLEntry[i].SerialNumber.pbData, info->rgCRLEntry[i].SerialNumber.cbData);
    show_time(", revoked", &info->rgCRLEntry[i].RevocationDate);
    show_extensions(", ", info->rgCRLEntry[i].cExtension, info->rgCRLEntry[i].rgExtension);
  }
  show_extensions("  ", info->cExtension, info->rgExtension);
}

static int count_crls(HCERTSTORE store) {
  int n = 0;
  for (PCCRL_CONTEXT c = NULL; (c = CertEnumCRLsInStore(store, c));) ++n;
  return n;
}
static int count_ctls(HCERTSTORE store) {
  int n = 0;
  for (PCCTL_CONTEXT c = NULL; (c = CertEnumCTLsInStore(store, c));) ++n;
  return n;
}

static void find_crl(HCERTSTORE store, const char* what, DWORD flags, DWORD type, const void* para) {
  int n = 0;
  DWORD deltas = 0;
  for (PCCRL_CONTEXT c = NULL; (c = CertFindCRLInStore(store, X509_ASN_ENCODING, flags, type, para, c));) {
    ++n;
    if (CertFindExtension(szOID_DELTA_CRL_INDICATOR, c->pCrlInfo->cExtension, c->pCrlInfo->rgExtension)) ++deltas;
  }
  printf("  find %s: %d (%lu delta)\n", what, n, (unsigned long)deltas);
}

static void crls(void) {
  printf("CRLs\n");
  PCCERT_CONTEXT ca = CertCreateCertificateContext(X509_ASN_ENCODING, k_ca_cert, sizeof k_ca_cert);
  PCCERT_CONTEXT leaf = CertCreateCertificateContext(X509_ASN_ENCODING, k_leaf_cert, sizeof k_leaf_cert);
  PCCRL_CONTEXT crl = CertCreateCRLContext(X509_ASN_ENCODING, k_crl, sizeof k_crl);
  printf("CertCreateCRLContext: %d\n", crl != NULL);
  if (!crl) return;
  show_crl(crl);
  SetLastError(0xdead);
  PCCRL_CONTEXT bad = CertCreateCRLContext(PKCS_7_ASN_ENCODING, k_crl, sizeof k_crl);
  printf("  of PKCS #7 encoding: %d error %08lx\n", bad != NULL, (unsigned long)GetLastError());
  static const BYTE junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
  SetLastError(0xdead);
  bad = CertCreateCRLContext(X509_ASN_ENCODING, junk, sizeof junk);
  printf("  of something else: %d error %08lx\n", bad != NULL, (unsigned long)GetLastError());
  PCCRL_CONTEXT dup = CertDuplicateCRLContext(crl);
  printf("  CertDuplicateCRLContext: the same %d, free %d\n", dup == crl, CertFreeCRLContext(dup));

  // Properties.
  BYTE hash[20];
  DWORD size = sizeof hash;
  BOOL ok = CertGetCRLContextProperty(crl, CERT_SHA1_HASH_PROP_ID, hash, &size);
  printf("  SHA-1 property: %d, %lu bytes\n", ok, (unsigned long)size);
  static WCHAR friendly[] = L"polyrun CRL";
  CRYPT_DATA_BLOB name = {sizeof friendly, (BYTE*)friendly};
  ok = CertSetCRLContextProperty(crl, CERT_FRIENDLY_NAME_PROP_ID, 0, &name);
  DWORD id = 0;
  printf("  set a friendly name: %d; properties:", ok);
  while ((id = CertEnumCRLContextProperties(crl, id))) printf(" %lu", (unsigned long)id);
  printf("\n");
  SetLastError(0xdead);
  size = 0;
  ok = CertGetCRLContextProperty(crl, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size);
  printf("  a property it has not: %d error %08lx\n", ok, (unsigned long)GetLastError());

  // A memory store.
  HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
  PCCRL_CONTEXT added = NULL;
  ok = CertAddCRLContextToStore(store, crl, CERT_STORE_ADD_ALWAYS, &added);
  printf("CertAddCRLContextToStore: %d, a context of the store's %d, its store %d, the name kept %d\n", ok, added && added != crl,
         added && added->hCertStore == store, added && CertGetCRLContextProperty(added, CERT_FRIENDLY_NAME_PROP_ID, NULL, &size));
  SetLastError(0xdead);
  ok = CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, k_crl, sizeof k_crl, CERT_STORE_ADD_NEW, NULL);
  printf("  again, new: %d error %08lx\n", ok, (unsigned long)GetLastError());
  PCCRL_CONTEXT existing = NULL;
  ok = CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, k_crl, sizeof k_crl, CERT_STORE_ADD_USE_EXISTING, &existing);
  printf("  again, use existing: %d, the one in the store %d\n", ok, existing == added);
  CertFreeCRLContext(existing);
  ok = CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, k_delta_crl, sizeof k_delta_crl, CERT_STORE_ADD_NEW, NULL);
  printf("  the delta CRL (the same issuer), new: %d error %08lx\n", ok, (unsigned long)GetLastError());
  ok = CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, k_delta_crl, sizeof k_delta_crl, CERT_STORE_ADD_ALWAYS, NULL);
  printf("  always: %d; CRLs in the store: %d\n", ok, count_crls(store));

  find_crl(store, "any", 0, CRL_FIND_ANY, NULL);
  find_crl(store, "issued by the CA", 0, CRL_FIND_ISSUED_BY, ca);
  find_crl(store, "issued by the leaf", 0, CRL_FIND_ISSUED_BY, leaf);
  find_crl(store, "issued by the CA, its key identifier", CRL_FIND_ISSUED_BY_AKI_FLAG, CRL_FIND_ISSUED_BY, ca);
  find_crl(store, "issued by the CA, its signature", CRL_FIND_ISSUED_BY_SIGNATURE_FLAG, CRL_FIND_ISSUED_BY, ca);
  find_crl(store, "issued by the CA, delta", CRL_FIND_ISSUED_BY_DELTA_FLAG, CRL_FIND_ISSUED_BY, ca);
  find_crl(store, "issued by the CA, base", CRL_FIND_ISSUED_BY_BASE_FLAG, CRL_FIND_ISSUED_BY, ca);
  find_crl(store, "existing", 0, CRL_FIND_EXISTING, crl);
  CRL_FIND_ISSUED_FOR_PARA for_para = {leaf, ca};
  find_crl(store, "issued for the leaf", 0, CRL_FIND_ISSUED_FOR, &for_para);

  DWORD flags = CERT_STORE_SIGNATURE_FLAG | CERT_STORE_TIME_VALIDITY_FLAG;
  PCCRL_CONTEXT got = CertGetCRLFromStore(store, ca, NULL, &flags);
  printf("CertGetCRLFromStore(the CA): %d, flags left %lx\n", got != NULL, (unsigned long)flags);
  CertFreeCRLContext(got);
  flags = 0x10;
  SetLastError(0xdead);
  got = CertGetCRLFromStore(store, ca, NULL, &flags);
  printf("  with an unknown flag: %d error %08lx\n", got != NULL, (unsigned long)GetLastError());

  PCRL_ENTRY entry = (PCRL_ENTRY)1;
  ok = CertFindCertificateInCRL(leaf, crl, 0, NULL, &entry);
  printf("CertFindCertificateInCRL(the leaf): %d, an entry %d", ok, entry != NULL);
  if (entry) {
    printf(", serial ");
    hex(entry->SerialNumber.pbData, entry->SerialNumber.cbData);
  }
  entry = (PCRL_ENTRY)1;
  ok = CertFindCertificateInCRL(ca, crl, 0, NULL, &entry);
  printf("; the CA: %d, an entry %d\n", ok, entry != NULL);
  printf("CertIsValidCRLForCertificate(the leaf): %d\n", CertIsValidCRLForCertificate(leaf, crl, 0, NULL));
  FILETIME before = {0, 0x01d00000}, within = crl->pCrlInfo->ThisUpdate, after = crl->pCrlInfo->NextUpdate;
  after.dwHighDateTime += 1;
  printf("CertVerifyCRLTimeValidity: before %ld, at its this update %ld, after %ld\n",
         CertVerifyCRLTimeValidity(&before, crl->pCrlInfo), CertVerifyCRLTimeValidity(&within, crl->pCrlInfo),
         CertVerifyCRLTimeValidity(&after, crl->pCrlInfo));
  PCRL_INFO list[1] = {crl->pCrlInfo};
  printf("CertVerifyCRLRevocation: the leaf %d, the CA %d\n", CertVerifyCRLRevocation(X509_ASN_ENCODING, leaf->pCertInfo, 1, list),
         CertVerifyCRLRevocation(X509_ASN_ENCODING, ca->pCertInfo, 1, list));

  PCCRL_CONTEXT first = CertEnumCRLsInStore(store, NULL);
  ok = CertDeleteCRLFromStore(first);
  printf("CertDeleteCRLFromStore: %d, CRLs left %d\n", ok, count_crls(store));
  CertFreeCRLContext(added);
  CertFreeCRLContext(crl);
  CertCloseStore(store, 0);
  CertFreeCertificateContext(ca);
  CertFreeCertificateContext(leaf);
}

static void show_ctl_info(const CTL_INFO* info) {
  printf("  version %lu, %lu usage(s):", (unsigned long)info->dwVersion, (unsigned long)info->SubjectUsage.cUsageIdentifier);
  for (DWORD i = 0; i < info->SubjectUsage.cUsageIdentifier; ++i) printf(" %s", info->SubjectUsage.rgpszUsageIdentifier[i]);
  printf(", list \"%.*s\", sequence ", (int)info->ListIdentifier.cbData, (const char*)info->ListIdentifier.pbData);
  hex(info->SequenceNumber.pbData, info->SequenceNumber.cbData);
  show_time(",", &info->ThisUpdate);
  printf(", next %lu, subject algorithm %s, %lu entries\n", (unsigned long)info->NextUpdate.dwHighDateTime,
         info->SubjectAlgorithm.pszObjId ? info->SubjectAlgorithm.pszObjId : "(none)", (unsigned long)info->cCTLEntry);
  for (DWORD i = 0; i < info->cCTLEntry; ++i) {
    printf("    subject ");
    hex(info->rgCTLEntry[i].SubjectIdentifier.pbData, info->rgCTLEntry[i].SubjectIdentifier.cbData);
    printf(", %lu attribute(s)", (unsigned long)info->rgCTLEntry[i].cAttribute);
    for (DWORD j = 0; j < info->rgCTLEntry[i].cAttribute; ++j)
      printf(" %s (%lu value(s))", info->rgCTLEntry[i].rgAttribute[j].pszObjId, (unsigned long)info->rgCTLEntry[i].rgAttribute[j].cValue);
    printf("\n");
  }
  show_extensions("  ", info->cExtension, info->rgExtension);
}

static void ctls(void) {
  printf("CTLs\n");
  PCCERT_CONTEXT leaf = CertCreateCertificateContext(X509_ASN_ENCODING, k_leaf_cert, sizeof k_leaf_cert);
  BYTE leaf_hash[20];
  DWORD size = sizeof leaf_hash;
  CertGetCertificateContextProperty(leaf, CERT_SHA1_HASH_PROP_ID, leaf_hash, &size);

  LPSTR usages[] = {szOID_PKIX_KP_CODE_SIGNING, "1.3.6.1.4.1.311.10.3.1"};
  static BYTE attr_value[] = {0x04, 0x02, 0xab, 0xcd};
  CRYPT_ATTR_BLOB value = {sizeof attr_value, attr_value};
  CRYPT_ATTRIBUTE attr = {"1.3.6.1.4.1.311.10.11.11", 1, &value};
  CTL_ENTRY entries[2];
  memset(entries, 0, sizeof entries);
  entries[0].SubjectIdentifier.cbData = sizeof leaf_hash;
  entries[0].SubjectIdentifier.pbData = leaf_hash;
  entries[0].cAttribute = 1;
  entries[0].rgAttribute = &attr;
  static BYTE other[20] = {1, 2, 3};
  entries[1].SubjectIdentifier.cbData = sizeof other;
  entries[1].SubjectIdentifier.pbData = other;
  static BYTE seq[] = {5};
  CTL_INFO info;
  memset(&info, 0, sizeof info);
  info.dwVersion = CTL_V1;
  info.SubjectUsage.cUsageIdentifier = 2;
  info.SubjectUsage.rgpszUsageIdentifier = usages;
  info.ListIdentifier.cbData = 7;
  info.ListIdentifier.pbData = (BYTE*)"polyrun";
  info.SequenceNumber.cbData = 1;
  info.SequenceNumber.pbData = seq;
  info.ThisUpdate.dwLowDateTime = 0x5ec6c000;
  info.ThisUpdate.dwHighDateTime = 0x01da3c00;
  info.SubjectAlgorithm.pszObjId = szOID_OIWSEC_sha1;
  info.cCTLEntry = 2;
  info.rgCTLEntry = entries;

  BYTE encoded[1024];
  DWORD n = sizeof encoded;
  BOOL ok = CryptEncodeObjectEx(X509_ASN_ENCODING, PKCS_CTL, &info, 0, NULL, encoded, &n);
  printf("PKCS_CTL encoded: %d, %lu bytes: ", ok, (unsigned long)n);
  hex(encoded, n);
  printf("\n");
  CTL_INFO* decoded = NULL;
  DWORD dn = 0;
  ok = CryptDecodeObjectEx(X509_ASN_ENCODING, PKCS_CTL, encoded, n, CRYPT_DECODE_ALLOC_FLAG, NULL, &decoded, &dn);
  printf("  decoded: %d\n", ok);
  if (ok) show_ctl_info(decoded);
  LocalFree(decoded);

  // Signed with the PFX's key.
  CRYPT_DATA_BLOB pfx = {sizeof k_pfx_plain, (BYTE*)k_pfx_plain};
  HCERTSTORE keys = PFXImportCertStore(&pfx, L"", 0);
  PCCERT_CONTEXT signer_cert = NULL;
  for (PCCERT_CONTEXT c = NULL; (c = CertEnumCertificatesInStore(keys, c));) {
    DWORD s = 0;
    if (CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &s)) signer_cert = CertDuplicateCertificateContext(c);
  }
  HCRYPTPROV prov = 0;
  DWORD spec = 0;
  BOOL free_it = FALSE;
  ok = signer_cert && CryptAcquireCertificatePrivateKey(signer_cert, 0, NULL, &prov, &spec, &free_it);
  printf("the signer's key: %d\n", ok);
  CMSG_SIGNER_ENCODE_INFO signer;
  memset(&signer, 0, sizeof signer);
  signer.cbSize = sizeof signer;
  signer.pCertInfo = signer_cert->pCertInfo;
  signer.hCryptProv = prov;
  signer.dwKeySpec = AT_KEYEXCHANGE;  // (the PFX's key, as crypt32_msg_encode signs with it)
  signer.HashAlgorithm.pszObjId = szOID_OIWSEC_sha1;
  CMSG_SIGNED_ENCODE_INFO sign;
  memset(&sign, 0, sizeof sign);
  sign.cbSize = sizeof sign;
  sign.cSigners = 1;
  sign.rgSigners = &signer;
  DWORD msg_size = 0;
  ok = CryptMsgEncodeAndSignCTL(PKCS_7_ASN_ENCODING | X509_ASN_ENCODING, &info, &sign, 0, NULL, &msg_size);
  BYTE* msg = malloc(msg_size);
  ok = ok && CryptMsgEncodeAndSignCTL(PKCS_7_ASN_ENCODING | X509_ASN_ENCODING, &info, &sign, 0, msg, &msg_size);
  DWORD sign_error = ok ? 0 : GetLastError();
  printf("CryptMsgEncodeAndSignCTL: %d, a DER SEQUENCE %d, error %08lx\n", ok, msg[0] == 0x30, (unsigned long)sign_error);
  SetLastError(0xdead);
  DWORD with_flags = 0;
  BOOL flagged = CryptMsgSignCTL(PKCS_7_ASN_ENCODING | X509_ASN_ENCODING, encoded, n, &sign, CMSG_ENCODE_SORTED_CTL_FLAG, NULL, &with_flags);
  printf("  CryptMsgSignCTL sorted: %d\n", flagged);
  DWORD signed_size = 0;
  ok = CryptMsgSignCTL(PKCS_7_ASN_ENCODING | X509_ASN_ENCODING, encoded, n, &sign, 0, NULL, &signed_size);
  printf("  CryptMsgSignCTL of the encoded CTL: %d, the same size %d\n", ok, signed_size == msg_size);

  PCCTL_CONTEXT ctl = CertCreateCTLContext(PKCS_7_ASN_ENCODING | X509_ASN_ENCODING, msg, msg_size);
  printf("CertCreateCTLContext: %d\n", ctl != NULL);
  if (!ctl) return;
  printf("  encoding %lx, the encoding's size %d, content %lu bytes (the encoded CTL's %d), a message %d\n",
         (unsigned long)ctl->dwMsgAndCertEncodingType, ctl->cbCtlEncoded == msg_size, (unsigned long)ctl->cbCtlContent,
         ctl->cbCtlContent == n && !memcmp(ctl->pbCtlContent, encoded, n), ctl->hCryptMsg != NULL);
  show_ctl_info(ctl->pCtlInfo);
  char inner[64] = {0};
  DWORD inner_size = sizeof inner;
  ok = CryptMsgGetParam(ctl->hCryptMsg, CMSG_INNER_CONTENT_TYPE_PARAM, 0, inner, &inner_size);
  DWORD signers = 0, sn = sizeof signers;
  CryptMsgGetParam(ctl->hCryptMsg, CMSG_SIGNER_COUNT_PARAM, 0, &signers, &sn);
  printf("  its message: inner content %d %s, %lu signer(s)\n", ok, inner, (unsigned long)signers);
  SetLastError(0xdead);
  PCCTL_CONTEXT bad = CertCreateCTLContext(PKCS_7_ASN_ENCODING | X509_ASN_ENCODING, encoded, n);
  printf("  of the bare CTL: %d error %08lx\n", bad != NULL, (unsigned long)GetLastError());
  SetLastError(0xdead);
  bad = CertCreateCTLContext(PKCS_7_ASN_ENCODING | X509_ASN_ENCODING, NULL, 0);
  printf("  of nothing: %d error %08lx\n", bad != NULL, (unsigned long)GetLastError());

  HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
  PCCTL_CONTEXT added = NULL;
  ok = CertAddCTLContextToStore(store, ctl, CERT_STORE_ADD_ALWAYS, &added);
  printf("CertAddCTLContextToStore: %d, its store %d\n", ok, added && added->hCertStore == store);
  SetLastError(0xdead);
  ok = CertAddEncodedCTLToStore(store, PKCS_7_ASN_ENCODING | X509_ASN_ENCODING, msg, msg_size, CERT_STORE_ADD_NEW, NULL);
  DWORD add_error = GetLastError();
  printf("  again, new: %d error %08lx; CTLs %d\n", ok, (unsigned long)add_error, count_ctls(store));
  BYTE h[20];
  DWORD hn = sizeof h;
  CertGetCTLContextProperty(ctl, CERT_SHA1_HASH_PROP_ID, h, &hn);
  CRYPT_HASH_BLOB hb = {hn, h};
  PCCTL_CONTEXT found = CertFindCTLInStore(store, X509_ASN_ENCODING, 0, CTL_FIND_SHA1_HASH, &hb, NULL);
  printf("  find by SHA-1: %d", found != NULL);
  CertFreeCTLContext(found);
  found = CertFindCTLInStore(store, X509_ASN_ENCODING, 0, CTL_FIND_EXISTING, ctl, NULL);
  printf(", existing: %d", found != NULL);
  CertFreeCTLContext(found);
  h[0] ^= 1;
  found = CertFindCTLInStore(store, X509_ASN_ENCODING, 0, CTL_FIND_SHA1_HASH, &hb, NULL);
  printf(", another hash: %d\n", found != NULL);
  CTL_FIND_USAGE_PARA usage = {sizeof usage};
  usage.SubjectUsage.cUsageIdentifier = 1;
  usage.SubjectUsage.rgpszUsageIdentifier = usages;
  found = CertFindCTLInStore(store, X509_ASN_ENCODING, 0, CTL_FIND_USAGE, &usage, NULL);
  printf("  find by usage: %d", found != NULL);
  CertFreeCTLContext(found);
  CTL_FIND_SUBJECT_PARA subject = {sizeof subject};
  subject.dwSubjectType = CTL_CERT_SUBJECT_TYPE;
  subject.pvSubject = (void*)leaf;
  found = CertFindCTLInStore(store, X509_ASN_ENCODING, 0, CTL_FIND_SUBJECT, &subject, NULL);
  printf(", by the leaf as a subject: %d\n", found != NULL);
  CertFreeCTLContext(found);
  PCCTL_CONTEXT first = CertEnumCTLsInStore(store, NULL);
  ok = CertDeleteCTLFromStore(first);
  printf("CertDeleteCTLFromStore: %d, CTLs left %d\n", ok, count_ctls(store));
  CertFreeCTLContext(added);
  CertFreeCTLContext(ctl);
  CertCloseStore(store, 0);

  // An entry of the leaf's properties.
  static WCHAR friendly[] = L"leaf";
  CRYPT_DATA_BLOB fname = {sizeof friendly, (BYTE*)friendly};
  CertSetCertificateContextProperty(leaf, CERT_FRIENDLY_NAME_PROP_ID, 0, &fname);
  // (looked up: wine 8.0's CRYPT32 has no such export)
  BOOL(WINAPI * create_entry)(PCCERT_CONTEXT, DWORD, PCRYPT_ATTRIBUTE, DWORD, void*, PCTL_ENTRY, DWORD*) =
      (void*)GetProcAddress(GetModuleHandleA("crypt32.dll"), "CertCreateCTLEntryFromCertificateContextProperties");
  DWORD en = 0;
  ok = create_entry && create_entry(leaf, 1, &attr, 0, NULL, NULL, &en);
  CTL_ENTRY* e = malloc(en ? en : 1);
  ok = ok && create_entry(leaf, 1, &attr, 0, NULL, e, &en);
  printf("CertCreateCTLEntryFromCertificateContextProperties: %d", ok);
  if (ok) {
    printf(", the SHA-1 hash %d, %lu attribute(s):", e->SubjectIdentifier.cbData == 20 && !memcmp(e->SubjectIdentifier.pbData, leaf_hash, 20),
           (unsigned long)e->cAttribute);
    for (DWORD i = 0; i < e->cAttribute; ++i) {
      printf(" %s ", e->rgAttribute[i].pszObjId);
      hex(e->rgAttribute[i].rgValue[0].pbData, e->rgAttribute[i].rgValue[0].cbData);
    }
  }
  printf("\n");
  CertFreeCertificateContext(leaf);
}

int main(void) {
  crls();
  ctls();
  return 0;
}
