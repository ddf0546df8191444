/* NTDLL's SIDs, ACLs and security descriptors as data: made, compared, copied, converted to text,
 * ACEs added, found and deleted, descriptors filled, made self-relative and absolute again.
 * Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  WCHAR* Buffer;
} USTR;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(ULONG, RtlLengthRequiredSid, (ULONG))
FN(ULONG, RtlLengthSid, (PSID))
FN(BOOLEAN, RtlValidSid, (PSID))
FN(BOOLEAN, RtlInitializeSid, (PSID, PSID_IDENTIFIER_AUTHORITY, BYTE))
FN(LONG, RtlAllocateAndInitializeSid, (PSID_IDENTIFIER_AUTHORITY, BYTE, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD, PSID*))
FN(void*, RtlFreeSid, (PSID))
FN(BOOLEAN, RtlEqualSid, (PSID, PSID))
FN(BOOLEAN, RtlEqualPrefixSid, (PSID, PSID))
FN(BOOLEAN, RtlCopySid, (ULONG, PSID, PSID))
FN(DWORD*, RtlSubAuthoritySid, (PSID, ULONG))
FN(BYTE*, RtlSubAuthorityCountSid, (PSID))
FN(PSID_IDENTIFIER_AUTHORITY, RtlIdentifierAuthoritySid, (PSID))
FN(LONG, RtlConvertSidToUnicodeString, (USTR*, PSID, BOOLEAN))
FN(void, RtlFreeUnicodeString, (USTR*))
FN(LONG, RtlCreateAcl, (PACL, ULONG, ULONG))
FN(BOOLEAN, RtlValidAcl, (PACL))
FN(BOOLEAN, RtlFirstFreeAce, (PACL, void**))
FN(LONG, RtlGetAce, (PACL, ULONG, void**))
FN(LONG, RtlAddAce, (PACL, ULONG, ULONG, void*, ULONG))
FN(LONG, RtlDeleteAce, (PACL, ULONG))
FN(LONG, RtlAddAccessAllowedAce, (PACL, ULONG, ACCESS_MASK, PSID))
FN(LONG, RtlAddAccessAllowedAceEx, (PACL, ULONG, ULONG, ACCESS_MASK, PSID))
FN(LONG, RtlAddAccessDeniedAce, (PACL, ULONG, ACCESS_MASK, PSID))
FN(LONG, RtlAddAuditAccessAce, (PACL, ULONG, ACCESS_MASK, PSID, BOOL, BOOL))
FN(LONG, RtlAddMandatoryAce, (PACL, ULONG, ULONG, ULONG, ULONG, PSID))
FN(LONG, RtlQueryInformationAcl, (PACL, void*, ULONG, int))
FN(LONG, RtlCreateSecurityDescriptor, (void*, ULONG))
FN(LONG, RtlValidSecurityDescriptor, (void*))
FN(ULONG, RtlLengthSecurityDescriptor, (void*))
FN(LONG, RtlGetControlSecurityDescriptor, (void*, USHORT*, ULONG*))
FN(LONG, RtlSetControlSecurityDescriptor, (void*, USHORT, USHORT))
FN(LONG, RtlSetOwnerSecurityDescriptor, (void*, PSID, BOOLEAN))
FN(LONG, RtlGetOwnerSecurityDescriptor, (void*, PSID*, BOOLEAN*))
FN(LONG, RtlSetGroupSecurityDescriptor, (void*, PSID, BOOLEAN))
FN(LONG, RtlGetGroupSecurityDescriptor, (void*, PSID*, BOOLEAN*))
FN(LONG, RtlSetDaclSecurityDescriptor, (void*, BOOLEAN, PACL, BOOLEAN))
FN(LONG, RtlGetDaclSecurityDescriptor, (void*, BOOLEAN*, PACL*, BOOLEAN*))
FN(LONG, RtlSetSaclSecurityDescriptor, (void*, BOOLEAN, PACL, BOOLEAN))
FN(LONG, RtlGetSaclSecurityDescriptor, (void*, BOOLEAN*, PACL*, BOOLEAN*))
FN(LONG, RtlMakeSelfRelativeSD, (void*, void*, ULONG*))
FN(LONG, RtlAbsoluteToSelfRelativeSD, (void*, void*, ULONG*))
FN(LONG, RtlSelfRelativeToAbsoluteSD, (void*, void*, ULONG*, PACL, ULONG*, PACL, ULONG*, PSID, ULONG*, PSID, ULONG*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static void show_sid(const char* label, PSID sid) {
  USTR s;
  LONG st = pRtlConvertSidToUnicodeString(&s, sid, TRUE);
  printf("%s 0x%lx ", label, st);
  if (!st) {
    for (int i = 0; i < s.Length / 2; ++i) putchar(s.Buffer[i]);
    printf(" (len %u max %u)", s.Length, s.MaximumLength);
    pRtlFreeUnicodeString(&s);
  }
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlLengthRequiredSid); GET(RtlLengthSid); GET(RtlValidSid); GET(RtlInitializeSid); GET(RtlAllocateAndInitializeSid);
  GET(RtlFreeSid); GET(RtlEqualSid); GET(RtlEqualPrefixSid); GET(RtlCopySid); GET(RtlSubAuthoritySid);
  GET(RtlSubAuthorityCountSid); GET(RtlIdentifierAuthoritySid); GET(RtlConvertSidToUnicodeString);
  GET(RtlFreeUnicodeString); GET(RtlCreateAcl); GET(RtlValidAcl); GET(RtlFirstFreeAce); GET(RtlGetAce); GET(RtlAddAce);
  GET(RtlDeleteAce); GET(RtlAddAccessAllowedAce); GET(RtlAddAccessAllowedAceEx); GET(RtlAddAccessDeniedAce);
  GET(RtlAddAuditAccessAce); GET(RtlAddMandatoryAce); GET(RtlQueryInformationAcl); GET(RtlCreateSecurityDescriptor);
  GET(RtlValidSecurityDescriptor); GET(RtlLengthSecurityDescriptor); GET(RtlGetControlSecurityDescriptor);
  GET(RtlSetControlSecurityDescriptor); GET(RtlSetOwnerSecurityDescriptor); GET(RtlGetOwnerSecurityDescriptor);
  GET(RtlSetGroupSecurityDescriptor); GET(RtlGetGroupSecurityDescriptor); GET(RtlSetDaclSecurityDescriptor);
  GET(RtlGetDaclSecurityDescriptor); GET(RtlSetSaclSecurityDescriptor); GET(RtlGetSaclSecurityDescriptor);
  GET(RtlMakeSelfRelativeSD); GET(RtlAbsoluteToSelfRelativeSD); GET(RtlSelfRelativeToAbsoluteSD);

  /* SIDs */
  SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY}, world = {SECURITY_WORLD_SID_AUTHORITY};
  PSID admins = NULL, users = NULL, everyone = NULL;
  printf("RtlLengthRequiredSid: %lu %lu\n", pRtlLengthRequiredSid(0), pRtlLengthRequiredSid(2));
  printf("RtlAllocateAndInitializeSid: 0x%lx\n",
         pRtlAllocateAndInitializeSid(&nt, 2, 32, 544, 0, 0, 0, 0, 0, 0, &admins));
  pRtlAllocateAndInitializeSid(&nt, 2, 32, 545, 0, 0, 0, 0, 0, 0, &users);
  pRtlAllocateAndInitializeSid(&world, 1, 0, 0, 0, 0, 0, 0, 0, 0, &everyone);
  printf("RtlAllocateAndInitializeSid(9): 0x%lx\n", pRtlAllocateAndInitializeSid(&nt, 9, 0, 0, 0, 0, 0, 0, 0, 0, &users));
  show_sid("admins:", admins);
  show_sid("users:", users);
  show_sid("everyone:", everyone);
  printf("RtlLengthSid: %lu, valid %d, count %d, authority %d, sub[1] %lu\n", pRtlLengthSid(admins), pRtlValidSid(admins),
         *pRtlSubAuthorityCountSid(admins), pRtlIdentifierAuthoritySid(admins)->Value[5], *pRtlSubAuthoritySid(admins, 1));
  printf("RtlEqualSid: %d", pRtlEqualSid(admins, users));
  printf(" %d", pRtlEqualSid(admins, admins));
  printf(", prefix %d", pRtlEqualPrefixSid(admins, users));
  printf(" %d\n", pRtlEqualPrefixSid(admins, everyone));
  BYTE buf[64];
  memset(buf, 0xcc, sizeof buf);
  printf("RtlCopySid: %d", pRtlCopySid(8, buf, admins));
  printf(" %d", pRtlCopySid(sizeof buf, buf, admins));
  printf(", equal %d\n", pRtlEqualSid(buf, admins));
  memset(buf, 0xcc, sizeof buf);
  printf("RtlInitializeSid: %d", pRtlInitializeSid(buf, &nt, 3));
  printf(" %d", pRtlInitializeSid(buf + 32, &nt, 15));
  *pRtlSubAuthoritySid(buf, 0) = 21;
  *pRtlSubAuthoritySid(buf, 2) = 1000;
  show_sid("", buf);
  buf[0] = 2;
  printf("RtlValidSid(revision 2): %d\n", pRtlValidSid(buf));
  USTR small = {0, 8, (WCHAR*)(buf + 40)};
  printf("RtlConvertSidToUnicodeString (small): 0x%lx", pRtlConvertSidToUnicodeString(&small, admins, FALSE));
  printf(" len %u\n", small.Length);

  /* ACLs */
  BYTE aclbuf[256];
  PACL acl = (PACL)aclbuf;
  memset(aclbuf, 0xcc, sizeof aclbuf);
  printf("RtlCreateAcl(bad revision): 0x%lx", pRtlCreateAcl(acl, 64, 1));
  printf(", small 0x%lx", pRtlCreateAcl(acl, 4, 2));
  printf(", big 0x%lx\n", pRtlCreateAcl(acl, 0x10000, 2));
  printf("RtlCreateAcl: 0x%lx", pRtlCreateAcl(acl, 100, ACL_REVISION));
  printf(", valid %d, rev %d size %d count %d\n", pRtlValidAcl(acl), acl->AclRevision, acl->AclSize, acl->AceCount);
  printf("RtlAddAccessAllowedAce: 0x%lx\n", pRtlAddAccessAllowedAce(acl, ACL_REVISION, GENERIC_READ, admins));
  printf("RtlAddAccessDeniedAce: 0x%lx\n", pRtlAddAccessDeniedAce(acl, ACL_REVISION, GENERIC_WRITE, everyone));
  printf("RtlAddAccessAllowedAceEx: 0x%lx\n", pRtlAddAccessAllowedAceEx(acl, ACL_REVISION_DS, CONTAINER_INHERIT_ACE, 0x1f01ff, users));
  printf("RtlAddAccessAllowedAce (full): 0x%lx\n", pRtlAddAccessAllowedAce(acl, ACL_REVISION, 1, admins));
  printf("  rev %d count %d\n", acl->AclRevision, acl->AceCount);
  printf("RtlAddAccessAllowedAce (bad SID): 0x%lx\n", pRtlAddAccessAllowedAce(acl, ACL_REVISION, 1, buf));
  ACE_HEADER* ace = NULL;
  for (ULONG i = 0; i < 4; ++i) {
    LONG st = pRtlGetAce(acl, i, (void**)&ace);
    printf("RtlGetAce(%lu): 0x%lx", i, st);
    if (!st) printf(" type %d flags %02x size %d mask %08lx offset %d", ace->AceType, ace->AceFlags, ace->AceSize,
                    ((ACCESS_ALLOWED_ACE*)ace)->Mask, (int)((BYTE*)ace - aclbuf));
    printf("\n");
  }
  void* free_ace = NULL;
  BOOLEAN ok = pRtlFirstFreeAce(acl, &free_ace);
  printf("RtlFirstFreeAce: %d offset %d\n", ok, (int)((BYTE*)free_ace - aclbuf));
  ACL_SIZE_INFORMATION size_info;
  ACL_REVISION_INFORMATION rev_info;
  printf("RtlQueryInformationAcl(size): 0x%lx", pRtlQueryInformationAcl(acl, &size_info, sizeof size_info, AclSizeInformation));
  printf(" count %lu used %lu free %lu\n", size_info.AceCount, size_info.AclBytesInUse, size_info.AclBytesFree);
  printf("RtlQueryInformationAcl(revision): 0x%lx", pRtlQueryInformationAcl(acl, &rev_info, sizeof rev_info, AclRevisionInformation));
  printf(" %lu, bad class 0x%lx\n", rev_info.AclRevision, pRtlQueryInformationAcl(acl, &rev_info, sizeof rev_info, 3));
  printf("RtlDeleteAce(0): 0x%lx", pRtlDeleteAce(acl, 0));
  printf(", bad index 0x%lx\n", pRtlDeleteAce(acl, 5));
  pRtlGetAce(acl, 0, (void**)&ace);
  printf("  count %d, first now type %d mask %08lx\n", acl->AceCount, ace->AceType, ((ACCESS_ALLOWED_ACE*)ace)->Mask);
  BYTE acl2buf[128];
  PACL acl2 = (PACL)acl2buf;
  pRtlCreateAcl(acl2, sizeof acl2buf, ACL_REVISION);
  printf("RtlAddAce: 0x%lx", pRtlAddAce(acl2, ACL_REVISION, MAXDWORD, ace, ace->AceSize));
  printf(" count %d\n", acl2->AceCount);
  printf("RtlAddAuditAccessAce: 0x%lx", pRtlAddAuditAccessAce(acl2, ACL_REVISION, 0x10, everyone, TRUE, TRUE));
  pRtlGetAce(acl2, 1, (void**)&ace);
  printf(" type %d flags %02x\n", ace->AceType, ace->AceFlags);
  printf("RtlAddMandatoryAce: 0x%lx", pRtlAddMandatoryAce(acl2, ACL_REVISION, 0, 1, 0x11, everyone));
  printf(", bad type 0x%lx", pRtlAddMandatoryAce(acl2, ACL_REVISION, 0, 1, 0, everyone));
  printf(", bad policy 0x%lx, count %d\n", pRtlAddMandatoryAce(acl2, ACL_REVISION, 0, 8, 0x11, everyone), acl2->AceCount);

  /* security descriptors */
  SECURITY_DESCRIPTOR sd;
  memset(&sd, 0xcc, sizeof sd);
  printf("RtlCreateSecurityDescriptor: 0x%lx", pRtlCreateSecurityDescriptor(&sd, 1));
  printf(", bad revision 0x%lx\n", pRtlCreateSecurityDescriptor(buf, 2));
  printf("RtlValidSecurityDescriptor: 0x%lx 0x%lx\n", pRtlValidSecurityDescriptor(&sd), pRtlValidSecurityDescriptor(NULL));
  printf("RtlLengthSecurityDescriptor (empty): the header's %d\n", pRtlLengthSecurityDescriptor(&sd) == sizeof sd);
  printf("RtlSetOwnerSecurityDescriptor: 0x%lx\n", pRtlSetOwnerSecurityDescriptor(&sd, admins, FALSE));
  printf("RtlSetGroupSecurityDescriptor: 0x%lx\n", pRtlSetGroupSecurityDescriptor(&sd, users, TRUE));
  printf("RtlSetDaclSecurityDescriptor: 0x%lx\n", pRtlSetDaclSecurityDescriptor(&sd, TRUE, acl, FALSE));
  printf("RtlSetSaclSecurityDescriptor(absent): 0x%lx\n", pRtlSetSaclSecurityDescriptor(&sd, FALSE, acl2, FALSE));
  USHORT control = 0;
  ULONG revision = 0;
  printf("RtlGetControlSecurityDescriptor: 0x%lx", pRtlGetControlSecurityDescriptor(&sd, &control, &revision));
  printf(" control %04x revision %lu\n", control, revision);
  printf("RtlSetControlSecurityDescriptor: 0x%lx", pRtlSetControlSecurityDescriptor(&sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED));
  printf(", fixed bits 0x%lx\n", pRtlSetControlSecurityDescriptor(&sd, SE_DACL_PRESENT, 0));
  printf("RtlLengthSecurityDescriptor: the header and %lu\n", pRtlLengthSecurityDescriptor(&sd) - (ULONG)sizeof sd);
  PSID owner = NULL;
  BOOLEAN defaulted = 9, present = 9;
  PACL got = NULL;
  printf("RtlGetOwnerSecurityDescriptor: 0x%lx", pRtlGetOwnerSecurityDescriptor(&sd, &owner, &defaulted));
  printf(" same %d defaulted %d\n", owner == admins, defaulted);
  printf("RtlGetGroupSecurityDescriptor: 0x%lx", pRtlGetGroupSecurityDescriptor(&sd, &owner, &defaulted));
  printf(" same %d defaulted %d\n", owner == users, defaulted);
  printf("RtlGetDaclSecurityDescriptor: 0x%lx", pRtlGetDaclSecurityDescriptor(&sd, &present, &got, &defaulted));
  printf(" present %d same %d defaulted %d\n", present, got == acl, defaulted);
  printf("RtlGetSaclSecurityDescriptor: 0x%lx", pRtlGetSaclSecurityDescriptor(&sd, &present, &got, &defaulted));
  printf(" present %d\n", present);

  BYTE rel[512];
  ULONG len = 10;
  printf("RtlMakeSelfRelativeSD (small): 0x%lx", pRtlMakeSelfRelativeSD(&sd, rel, &len));
  printf(" needs %lu\n", len);
  memset(rel, 0xcc, sizeof rel);
  printf("RtlMakeSelfRelativeSD: 0x%lx", pRtlMakeSelfRelativeSD(&sd, rel, &len));
  SECURITY_DESCRIPTOR_RELATIVE* r = (SECURITY_DESCRIPTOR_RELATIVE*)rel;
  printf(" control %04x owner %lu group %lu sacl %lu dacl %lu, length %lu\n", r->Control, r->Owner, r->Group, r->Sacl,
         r->Dacl, pRtlLengthSecurityDescriptor(rel));
  printf("RtlGetOwnerSecurityDescriptor (relative): 0x%lx", pRtlGetOwnerSecurityDescriptor(rel, &owner, &defaulted));
  printf(" at %d, equal %d\n", (int)((BYTE*)owner - rel), pRtlEqualSid(owner, admins));
  printf("RtlGetDaclSecurityDescriptor (relative): 0x%lx", pRtlGetDaclSecurityDescriptor(rel, &present, &got, &defaulted));
  printf(" at %d\n", (int)((BYTE*)got - rel));
  printf("RtlSetOwnerSecurityDescriptor (relative): 0x%lx\n", pRtlSetOwnerSecurityDescriptor(rel, admins, FALSE));
  printf("RtlAbsoluteToSelfRelativeSD (relative): 0x%lx\n", pRtlAbsoluteToSelfRelativeSD(rel, buf, &len));
  BYTE relcopy[512];
  ULONG len2 = sizeof relcopy;
  printf("RtlMakeSelfRelativeSD (relative): 0x%lx", pRtlMakeSelfRelativeSD(rel, relcopy, &len2));
  printf(" same %d\n", memcmp(rel, relcopy, len) == 0);

  SECURITY_DESCRIPTOR abs;
  BYTE dacl[128], sacl[128], own[64], grp[64];
  ULONG abs_size = 0, dacl_size = 0, sacl_size = 0, own_size = 0, grp_size = 0;
  printf("RtlSelfRelativeToAbsoluteSD (sizes): 0x%lx",
         pRtlSelfRelativeToAbsoluteSD(rel, &abs, &abs_size, (PACL)dacl, &dacl_size, (PACL)sacl, &sacl_size, own, &own_size,
                                      grp, &grp_size));
  printf(" absolute's size %d, %lu %lu %lu %lu\n", abs_size == sizeof abs, dacl_size, sacl_size, own_size, grp_size);
  printf("RtlSelfRelativeToAbsoluteSD: 0x%lx",
         pRtlSelfRelativeToAbsoluteSD(rel, &abs, &abs_size, (PACL)dacl, &dacl_size, (PACL)sacl, &sacl_size, own, &own_size,
                                      grp, &grp_size));
  printf(" control %04x owner %d group %d dacl %d sacl %d\n", abs.Control, abs.Owner == own, abs.Group == grp,
         abs.Dacl == (PACL)dacl, abs.Sacl == NULL);
  printf("  owner equal %d, dacl count %d\n", pRtlEqualSid(abs.Owner, admins), abs.Dacl->AceCount);

  printf("RtlFreeSid: null %d\n", pRtlFreeSid(admins) == NULL);
  pRtlFreeSid(users);
  pRtlFreeSid(everyone);
  return 0;
}
