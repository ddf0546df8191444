// CRYPT32's object identifier information: every entry of each group through CryptEnumOIDInfo
// (OID, name, ALG_ID, ExtraInfo), an enumeration its callback stops, CryptFindOIDInfo by OID,
// name, ALG_ID and signature ALG_IDs (the first match, within a group or any), what it does not
// know, CertAlgIdToOID, CertOIDToAlgId and CryptFindLocalizedName (the system stores' names, in
// any case, and a name it has none for). Expected output: wine 8.0's (x64).
// Links: -lcrypt32
// (The CNG fields of CRYPT_OID_INFO are declared on request.)
#define CRYPT_OID_INFO_HAS_EXTRA_FIELDS
#include <stdio.h>
#include <windows.h>
#include <wincrypt.h>

static void show(const char *what, PCCRYPT_OID_INFO info) {
  if (!info) {
    printf("%s: not found\n", what);
    return;
  }
  printf("%s: %s \"%ls\" group %lu algid 0x%08lx", what, info->pszOID, info->pwszName, info->dwGroupId,
         (unsigned long)info->Algid);
  printf(" extra %lu:", info->ExtraInfo.cbData);
  for (DWORD i = 0; i + 4 <= info->ExtraInfo.cbData; i += 4) printf(" 0x%lx", *(const DWORD *)(info->ExtraInfo.pbData + i));
  if (info->pwszCNGAlgid) printf(" cng %ls", info->pwszCNGAlgid);
  if (info->pwszCNGExtraAlgid) printf(" cng-extra %ls", info->pwszCNGExtraAlgid);
  printf("\n");
}

static int listed;
static BOOL WINAPI list_entry(PCCRYPT_OID_INFO info, void *arg) {
  char what[32];
  snprintf(what, sizeof what, "  %d", ++listed);
  show(what, info);
  if (info->cbSize != sizeof(CRYPT_OID_INFO)) printf("  cbSize %lu\n", info->cbSize);
  return arg == NULL || listed < *(int *)arg;
}

int main(void) {
  for (DWORD group = 1; group <= 8; group++) {
    listed = 0;
    printf("group %lu:\n", group);
    BOOL ok = CryptEnumOIDInfo(group, 0, NULL, list_entry);
    printf("group %lu: %d entries, returned %d\n", group, listed, ok);
  }
  listed = 0;
  int stop = 3;
  printf("every group, stopped after %d:\n", stop);
  BOOL ok = CryptEnumOIDInfo(0, 0, &stop, list_entry);
  printf("returned %d after %d\n", ok, listed);

  show("OID sha1RSA", CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, szOID_RSA_SHA1RSA, 0));
  show("OID RSA", CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, szOID_RSA_RSA, 0));
  show("OID RSA, sign group", CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, szOID_RSA_RSA, CRYPT_SIGN_ALG_OID_GROUP_ID));
  show("OID CN", CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, szOID_COMMON_NAME, 0));
  show("OID CN, extension group", CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, szOID_COMMON_NAME, CRYPT_EXT_OR_ATTR_OID_GROUP_ID));
  show("OID server auth", CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, szOID_PKIX_KP_SERVER_AUTH, 0));
  show("OID 1.2.3.4", CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, "1.2.3.4", 0));
  show("name sha256", CryptFindOIDInfo(CRYPT_OID_INFO_NAME_KEY, L"sha256", 0));
  show("name E", CryptFindOIDInfo(CRYPT_OID_INFO_NAME_KEY, L"E", 0));
  show("name RSA, public key group", CryptFindOIDInfo(CRYPT_OID_INFO_NAME_KEY, L"RSA", CRYPT_PUBKEY_ALG_OID_GROUP_ID));
  show("name Code Signing", CryptFindOIDInfo(CRYPT_OID_INFO_NAME_KEY, L"Code Signing", 0));
  show("name nonesuch", CryptFindOIDInfo(CRYPT_OID_INFO_NAME_KEY, L"nonesuch", 0));
  ALG_ID algid = CALG_SHA1;
  show("ALG_ID SHA1", CryptFindOIDInfo(CRYPT_OID_INFO_ALGID_KEY, &algid, 0));
  show("ALG_ID SHA1, sign group", CryptFindOIDInfo(CRYPT_OID_INFO_ALGID_KEY, &algid, CRYPT_SIGN_ALG_OID_GROUP_ID));
  algid = CALG_RSA_SIGN;
  show("ALG_ID RSA_SIGN", CryptFindOIDInfo(CRYPT_OID_INFO_ALGID_KEY, &algid, 0));
  algid = CALG_AES_256;
  show("ALG_ID AES_256", CryptFindOIDInfo(CRYPT_OID_INFO_ALGID_KEY, &algid, 0));
  ALG_ID sign[2] = {CALG_SHA_256, CALG_RSA_SIGN};
  show("sign SHA256 RSA", CryptFindOIDInfo(CRYPT_OID_INFO_SIGN_KEY, sign, 0));
  sign[0] = CALG_SHA1, sign[1] = CALG_DSS_SIGN;
  show("sign SHA1 DSS", CryptFindOIDInfo(CRYPT_OID_INFO_SIGN_KEY, sign, 0));
  sign[0] = CALG_MD5, sign[1] = CALG_DSS_SIGN;
  show("sign MD5 DSS", CryptFindOIDInfo(CRYPT_OID_INFO_SIGN_KEY, sign, 0));
  PCCRYPT_OID_INFO a = CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, szOID_RSA_MD5, 0);
  PCCRYPT_OID_INFO b = CryptFindOIDInfo(CRYPT_OID_INFO_NAME_KEY, L"md5", 0);
  printf("the same entry both ways: %s\n", a && a == b ? "yes" : "no");

  LPCSTR oid = CertAlgIdToOID(CALG_SHA1);
  printf("CertAlgIdToOID(CALG_SHA1): %s\n", oid ? oid : "(null)");
  oid = CertAlgIdToOID(CALG_RSA_KEYX);
  printf("CertAlgIdToOID(CALG_RSA_KEYX): %s\n", oid ? oid : "(null)");
  oid = CertAlgIdToOID(CALG_3DES);
  printf("CertAlgIdToOID(CALG_3DES): %s\n", oid ? oid : "(null)");
  oid = CertAlgIdToOID(0x1234);
  printf("CertAlgIdToOID(0x1234): %s\n", oid ? oid : "(null)");
  DWORD id = CertOIDToAlgId(szOID_RSA_SHA256RSA);
  printf("CertOIDToAlgId(sha256RSA): 0x%lx\n", id);
  id = CertOIDToAlgId(szOID_RSA_RSA);
  printf("CertOIDToAlgId(RSA): 0x%lx\n", id);
  id = CertOIDToAlgId(szOID_COMMON_NAME);
  printf("CertOIDToAlgId(CN): 0x%lx\n", id);
  id = CertOIDToAlgId("1.2.3.4");
  printf("CertOIDToAlgId(1.2.3.4): 0x%lx\n", id);

  static const WCHAR *stores[] = {L"Root", L"MY", L"ca", L"AddressBook", L"TRUSTEDPUBLISHER", L"Disallowed", L"Trust", L""};
  for (int i = 0; i < 8; i++) {
    LPCWSTR name = CryptFindLocalizedName(stores[i]);
    printf("CryptFindLocalizedName(\"%ls\"): %ls\n", stores[i], name ? name : L"(null)");
  }
  return 0;
}
