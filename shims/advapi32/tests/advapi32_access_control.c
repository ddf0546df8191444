/* Access control by the book: SIDs (InitializeSid, GetSidLengthRequired, EqualPrefixSid,
 * EqualDomainSid, GetWindowsAccountDomainSid), ACLs (AddAce, DeleteAce, FindFirstFreeAce, audit,
 * label and object ACEs, SetAclInformation), descriptors (MakeSelfRelativeSD, MakeAbsoluteSD, the
 * SACL, the control bits), SDDL both ways, MapGenericMask and AreAll/AnyAccessesGranted,
 * AccessCheck over a DACL with an impersonation token, PrivilegeCheck, trustees and explicit
 * entries, private object security and a kernel object's security, the audit alarms. The user's
 * own SID is never printed (it is the machine's). */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
#include <string.h>

static BYTE user[SECURITY_MAX_SID_SIZE];

static const char *sid_name(PSID sid) {
  static char buf[8][128];
  static int next;
  char *out = buf[next++ % 8];
  if (!sid) return "(null)";
  if (EqualSid(sid, (PSID)user)) return "the user";
  char *text = NULL;
  if (!ConvertSidToStringSidA(sid, &text)) return "?";
  snprintf(out, 128, "%s", text);
  LocalFree(text);
  return out;
}

static void print_acl(const char *what, PACL acl) {
  if (!acl) {
    printf("%s: NULL\n", what);
    return;
  }
  printf("%s: rev %d, %d ACEs:", what, acl->AclRevision, acl->AceCount);
  for (int i = 0; i < acl->AceCount; i++) {
    ACE_HEADER *h;
    if (!GetAce(acl, i, (void **)&h)) break;
    if (h->AceType >= ACCESS_ALLOWED_OBJECT_ACE_TYPE && h->AceType <= SYSTEM_ALARM_OBJECT_ACE_TYPE) {
      ACCESS_ALLOWED_OBJECT_ACE *o = (ACCESS_ALLOWED_OBJECT_ACE *)h;
      printf(" [type %d flags 0x%x size %d mask 0x%lx objflags %lu]", h->AceType, h->AceFlags, h->AceSize, o->Mask, o->Flags);
    } else {
      ACCESS_ALLOWED_ACE *a = (ACCESS_ALLOWED_ACE *)h;
      printf(" [type %d flags 0x%x mask 0x%lx %s]", h->AceType, h->AceFlags, a->Mask, sid_name(&a->SidStart));
    }
  }
  printf("\n");
}

static PSID well_known(WELL_KNOWN_SID_TYPE t) {
  static BYTE store[16][SECURITY_MAX_SID_SIZE];
  static int next;
  DWORD n = SECURITY_MAX_SID_SIZE;
  PSID s = store[next++ % 16];
  CreateWellKnownSid(t, NULL, s, &n);
  return s;
}

static void sids(void) {
  BYTE buf[64];
  SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
  printf("GetSidLengthRequired(0/2/15): %lu %lu %lu\n", GetSidLengthRequired(0), GetSidLengthRequired(2),
         GetSidLengthRequired(15));
  BOOL r = InitializeSid(buf, &nt, 2);
  *GetSidSubAuthority(buf, 0) = 32;
  *GetSidSubAuthority(buf, 1) = 544;
  printf("InitializeSid: %d %s valid %d\n", r, sid_name(buf), IsValidSid(buf));
  printf("EqualPrefixSid(BA, BU): %d\n", EqualPrefixSid(buf, well_known(WinBuiltinUsersSid)));
  printf("EqualPrefixSid(BA, SYSTEM): %d\n", EqualPrefixSid(buf, well_known(WinLocalSystemSid)));
  BOOL eq = -1;
  r = EqualDomainSid(buf, well_known(WinBuiltinUsersSid), &eq);
  printf("EqualDomainSid(BA, BU): %d equal %d\n", r, eq);
  PSID a = NULL, b = NULL;
  ConvertStringSidToSidA("S-1-5-21-1-2-3-500", &a);
  ConvertStringSidToSidA("S-1-5-21-1-2-3-1001", &b);
  eq = -1;
  r = EqualDomainSid(a, b, &eq);
  printf("EqualDomainSid(two of one domain): %d equal %d\n", r, eq);
  BYTE dom[SECURITY_MAX_SID_SIZE];
  DWORD n = sizeof dom;
  r = GetWindowsAccountDomainSid(a, dom, &n);
  printf("GetWindowsAccountDomainSid: %d %s size %lu\n", r, sid_name(dom), n);
  n = 4;
  SetLastError(0);
  r = GetWindowsAccountDomainSid(a, dom, &n);
  printf("GetWindowsAccountDomainSid(4 bytes): %d error %lu size %lu\n", r, GetLastError(), n);
  LocalFree(a);
  LocalFree(b);
  PSID alias = NULL;
  r = ConvertStringSidToSidA("BA", &alias);
  printf("ConvertStringSidToSid(\"BA\"): %d %s\n", r, r ? sid_name(alias) : "-");
  LocalFree(alias);
  SetLastError(0);
  r = ConvertStringSidToSidA("S-1-5-x", &alias);
  printf("ConvertStringSidToSid(\"S-1-5-x\"): %d error %lu\n", r, GetLastError());
}

static void acls(void) {
  BYTE buf[512];
  PACL acl = (PACL)buf;
  InitializeAcl(acl, sizeof buf, ACL_REVISION);
  AddAccessAllowedAce(acl, ACL_REVISION, GENERIC_READ, well_known(WinWorldSid));
  AddAccessDeniedAce(acl, ACL_REVISION, GENERIC_WRITE, well_known(WinAnonymousSid));
  BOOL r = AddAuditAccessAce(acl, ACL_REVISION, FILE_ALL_ACCESS, well_known(WinWorldSid), TRUE, FALSE);
  printf("AddAuditAccessAce: %d\n", r);
  r = AddAuditAccessAceEx(acl, ACL_REVISION, CONTAINER_INHERIT_ACE, DELETE, well_known(WinLocalSystemSid), FALSE, TRUE);
  printf("AddAuditAccessAceEx: %d\n", r);
  SetLastError(0);
  print_acl("four ACEs", acl);
  void *free_ace = NULL;
  r = FindFirstFreeAce(acl, &free_ace);
  printf("FindFirstFreeAce: %d at offset %d\n", r, (int)((BYTE *)free_ace - buf));
  ACE_HEADER *first;
  GetAce(acl, 0, (void **)&first);
  BYTE copy[64];
  memcpy(copy, first, first->AceSize);
  r = AddAce(acl, ACL_REVISION, MAXDWORD, copy, ((ACE_HEADER *)copy)->AceSize);
  printf("AddAce: %d\n", r);
  r = DeleteAce(acl, 1);
  printf("DeleteAce(1): %d\n", r);
  SetLastError(0);
  r = DeleteAce(acl, 9);
  printf("DeleteAce(9): %d error %lu\n", r, GetLastError());
  print_acl("after", acl);
  ACL_REVISION_INFORMATION rev = {ACL_REVISION_DS};
  r = SetAclInformation(acl, &rev, sizeof rev, AclRevisionInformation);
  printf("SetAclInformation(revision 4): %d revision %d\n", r, acl->AclRevision);

  BYTE obuf[256];
  PACL oacl = (PACL)obuf;
  InitializeAcl(oacl, sizeof obuf, ACL_REVISION_DS);
  GUID type = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
  r = AddAccessAllowedObjectAce(oacl, ACL_REVISION_DS, 0, 0x10, &type, NULL, well_known(WinWorldSid));
  printf("AddAccessAllowedObjectAce: %d\n", r);
  r = AddAccessDeniedObjectAce(oacl, ACL_REVISION_DS, 0, 0x20, NULL, NULL, well_known(WinWorldSid));
  printf("AddAccessDeniedObjectAce: %d\n", r);
  r = AddAuditAccessObjectAce(oacl, ACL_REVISION_DS, 0, 0x20, &type, &type, well_known(WinWorldSid),
                              TRUE, TRUE);
  printf("AddAuditAccessObjectAce: %d\n", r);
  print_acl("object ACEs", oacl);

  BYTE lbuf[64];
  PACL label = (PACL)lbuf;
  InitializeAcl(label, sizeof lbuf, ACL_REVISION);
  r = AddMandatoryAce(label, ACL_REVISION, 0, SYSTEM_MANDATORY_LABEL_NO_WRITE_UP, well_known(WinLowLabelSid));
  printf("AddMandatoryAce: %d\n", r);
  print_acl("label", label);
}

static void descriptors(void) {
  SECURITY_DESCRIPTOR sd;
  BYTE dbuf[128], sbuf[128];
  PACL dacl = (PACL)dbuf, sacl = (PACL)sbuf;
  InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  InitializeAcl(dacl, sizeof dbuf, ACL_REVISION);
  AddAccessAllowedAce(dacl, ACL_REVISION, FILE_GENERIC_READ, well_known(WinWorldSid));
  InitializeAcl(sacl, sizeof sbuf, ACL_REVISION);
  AddAuditAccessAce(sacl, ACL_REVISION, FILE_ALL_ACCESS, well_known(WinWorldSid), TRUE, TRUE);
  SetSecurityDescriptorOwner(&sd, well_known(WinBuiltinAdministratorsSid), FALSE);
  SetSecurityDescriptorGroup(&sd, well_known(WinBuiltinUsersSid), TRUE);
  SetSecurityDescriptorDacl(&sd, TRUE, dacl, FALSE);
  BOOL r = SetSecurityDescriptorSacl(&sd, TRUE, sacl, TRUE);
  printf("SetSecurityDescriptorSacl: %d\n", r);
  BOOL present = -1, defaulted = -1;
  PACL got = NULL;
  r = GetSecurityDescriptorSacl(&sd, &present, &got, &defaulted);
  printf("GetSecurityDescriptorSacl: %d present %d defaulted %d same %d\n", r, present, defaulted, got == sacl);
  r = SetSecurityDescriptorControl(&sd, SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED, SE_DACL_PROTECTED);
  SECURITY_DESCRIPTOR_CONTROL control;
  DWORD revision;
  GetSecurityDescriptorControl(&sd, &control, &revision);
  printf("SetSecurityDescriptorControl: %d control 0x%x\n", r, control);
  SetLastError(0);
  r = SetSecurityDescriptorControl(&sd, SE_DACL_PRESENT, 0);
  printf("SetSecurityDescriptorControl(DACL_PRESENT): %d error %lu\n", r, GetLastError());

  DWORD len = 0;
  SetLastError(0);
  r = MakeSelfRelativeSD(&sd, NULL, &len);
  printf("MakeSelfRelativeSD(no buffer): %d error %lu length %lu\n", r, GetLastError(), len);
  BYTE rel[512];
  len = sizeof rel;
  r = MakeSelfRelativeSD(&sd, rel, &len);
  GetSecurityDescriptorControl(rel, &control, &revision);
  printf("MakeSelfRelativeSD: %d control 0x%x length %lu valid %d\n", r, control, GetSecurityDescriptorLength(rel),
         IsValidSecurityDescriptor(rel));

  SECURITY_DESCRIPTOR abs;
  BYTE d2[128], s2[128], o2[68], g2[68];
  DWORD abs_size = 0, dsize = 0, ssize = 0, osize = 0, gsize = 0;
  SetLastError(0);
  r = MakeAbsoluteSD(rel, &abs, &abs_size, (PACL)d2, &dsize, (PACL)s2, &ssize, o2, &osize, g2, &gsize);
  printf("MakeAbsoluteSD(sizes): %d error %lu sizes %s %lu %lu %lu %lu\n", r, GetLastError(),
         abs_size == sizeof(SECURITY_DESCRIPTOR) ? "SECURITY_DESCRIPTOR" : "?", dsize, ssize, osize, gsize);
  r = MakeAbsoluteSD(rel, &abs, &abs_size, (PACL)d2, &dsize, (PACL)s2, &ssize, o2, &osize, g2, &gsize);
  PSID owner, group;
  BOOL od, gd;
  GetSecurityDescriptorOwner(&abs, &owner, &od);
  GetSecurityDescriptorGroup(&abs, &group, &gd);
  GetSecurityDescriptorDacl(&abs, &present, &got, &defaulted);
  printf("MakeAbsoluteSD: %d owner %s (%d) group %s (%d) dacl %d\n", r, sid_name(owner), od, sid_name(group), gd,
         got ? got->AceCount : -1);

  char *text = NULL;
  ULONG tlen = 0;
  r = ConvertSecurityDescriptorToStringSecurityDescriptorA(rel, SDDL_REVISION_1,
                                                           OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
                                                               DACL_SECURITY_INFORMATION | SACL_SECURITY_INFORMATION,
                                                           &text, &tlen);
  printf("to SDDL: %d \"%s\" length %lu\n", r, text ? text : "", tlen);
  LocalFree(text);
  const char *strings[] = {
      "O:BAG:SYD:(A;;GA;;;WD)(D;OICI;0x1200a9;;;AN)",
      "D:P(A;CIOI;FRFX;;;BU)(A;;KA;;;SY)(A;ID;RCSD;;;S-1-5-21-1-2-3-1000)",
      "O:SYD:AI(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)",
      "G:DUD:(A;;0x3;;;WD)",
      "D:(X;;GA;;;WD)",
      "D:(A;;GA;;;ZZ)",
      "Q:BA",
  };
  for (int i = 0; i < (int)(sizeof strings / sizeof *strings); i++) {
    PSECURITY_DESCRIPTOR made = NULL;
    ULONG size = 0;
    SetLastError(0);
    r = ConvertStringSecurityDescriptorToSecurityDescriptorA(strings[i], SDDL_REVISION_1, &made, &size);
    printf("from SDDL \"%s\": %d", strings[i], r);
    if (!r) {
      printf(" error %lu\n", GetLastError());
      continue;
    }
    text = NULL;
    ConvertSecurityDescriptorToStringSecurityDescriptorA(made, SDDL_REVISION_1,
                                                         OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
                                                             DACL_SECURITY_INFORMATION,
                                                         &text, NULL);
    if (strstr(strings[i], "DU")) printf(" size %lu, back: (a domain group)\n", size);
    else printf(" size %lu, back \"%s\"\n", size, text);
    LocalFree(text);
    LocalFree(made);
  }
}

static GENERIC_MAPPING file_mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS};

static void checks(void) {
  DWORD mask = GENERIC_READ | GENERIC_EXECUTE | DELETE;
  MapGenericMask(&mask, &file_mapping);
  printf("MapGenericMask: 0x%lx\n", mask);
  printf("AreAllAccessesGranted: %d %d\n", AreAllAccessesGranted(0x7, 0x3), AreAllAccessesGranted(0x3, 0x7));
  printf("AreAnyAccessesGranted: %d %d\n", AreAnyAccessesGranted(0x7, 0x8), AreAnyAccessesGranted(0x3, 0x6));

  HANDLE process, imp;
  OpenProcessToken(GetCurrentProcess(), TOKEN_ALL_ACCESS, &process);
  PSECURITY_DESCRIPTOR sd = NULL;
  ConvertStringSecurityDescriptorToSecurityDescriptorA("O:SYG:SYD:(D;;FW;;;AN)(A;;FR;;;WD)(A;;FX;;;BU)(D;;FX;;;WD)",
                                                       SDDL_REVISION_1, &sd, NULL);
  BYTE privs[64];
  DWORD plen = sizeof privs, granted = 0xdead;
  BOOL status = -1;
  SetLastError(0);
  BOOL r = AccessCheck(sd, process, FILE_GENERIC_READ, &file_mapping, (PPRIVILEGE_SET)privs, &plen, &granted, &status);
  printf("AccessCheck(primary token): %d error %lu\n", r, GetLastError());
  DuplicateToken(process, SecurityImpersonation, &imp);
  struct {
    const char *what;
    DWORD want;
  } cases[] = {
      {"read", FILE_GENERIC_READ},
      {"execute", FILE_GENERIC_EXECUTE},
      {"write", FILE_GENERIC_WRITE},
      {"read+execute", FILE_GENERIC_READ | FILE_GENERIC_EXECUTE},
      {"maximum", MAXIMUM_ALLOWED},
      {"generic", GENERIC_READ},
      {"system security", ACCESS_SYSTEM_SECURITY},
  };
  for (int i = 0; i < (int)(sizeof cases / sizeof *cases); i++) {
    plen = sizeof privs;
    granted = 0xdead;
    status = -1;
    SetLastError(0);
    r = AccessCheck(sd, imp, cases[i].want, &file_mapping, (PPRIVILEGE_SET)privs, &plen, &granted, &status);
    printf("AccessCheck(%s): %d granted 0x%lx status %d error %lu\n", cases[i].what, r, granted, status, GetLastError());
  }
  plen = 4;
  SetLastError(0);
  r = AccessCheck(sd, imp, FILE_GENERIC_READ, &file_mapping, (PPRIVILEGE_SET)privs, &plen, &granted, &status);
  printf("AccessCheck(4-byte privilege set): %d error %lu length %lu\n", r, GetLastError(), plen);
  LocalFree(sd);
  ConvertStringSecurityDescriptorToSecurityDescriptorA("O:SYG:SY", SDDL_REVISION_1, &sd, NULL);
  plen = sizeof privs;
  r = AccessCheck(sd, imp, FILE_ALL_ACCESS, &file_mapping, (PPRIVILEGE_SET)privs, &plen, &granted, &status);
  printf("AccessCheck(no DACL): %d granted 0x%lx status %d\n", r, granted, status);
  LocalFree(sd);
  ConvertStringSecurityDescriptorToSecurityDescriptorA("D:(A;;FA;;;WD)", SDDL_REVISION_1, &sd, NULL);
  SetLastError(0);
  r = AccessCheck(sd, imp, FILE_GENERIC_READ, &file_mapping, (PPRIVILEGE_SET)privs, &plen, &granted, &status);
  printf("AccessCheck(no owner): %d error %lu\n", r, GetLastError());
  LocalFree(sd);

  PRIVILEGE_SET set = {1, PRIVILEGE_SET_ALL_NECESSARY};
  LookupPrivilegeValueA(NULL, SE_CHANGE_NOTIFY_NAME, &set.Privilege[0].Luid);
  BOOL has = -1;
  r = PrivilegeCheck(imp, &set, &has);
  printf("PrivilegeCheck(SeChangeNotify): %d has %d attributes 0x%lx\n", r, has, set.Privilege[0].Attributes);
  LookupPrivilegeValueA(NULL, SE_BACKUP_NAME, &set.Privilege[0].Luid);
  set.Privilege[0].Attributes = 0;
  r = PrivilegeCheck(imp, &set, &has);
  printf("PrivilegeCheck(SeBackup): %d has %d attributes 0x%lx\n", r, has, set.Privilege[0].Attributes);
  SetLastError(0);
  r = PrivilegeCheck(process, &set, &has);
  printf("PrivilegeCheck(primary token): %d error %lu\n", r, GetLastError());
  CloseHandle(imp);
  CloseHandle(process);
}

static void trustees(void) {
  TRUSTEE_A t;
  BuildTrusteeWithSidA(&t, well_known(WinWorldSid));
  printf("BuildTrusteeWithSid: form %d type %d name is sid %d\n", GetTrusteeFormA(&t), GetTrusteeTypeA(&t),
         GetTrusteeNameA(&t) == (LPSTR)well_known(WinWorldSid) || EqualSid((PSID)GetTrusteeNameA(&t), well_known(WinWorldSid)));
  BuildTrusteeWithNameA(&t, "Everyone");
  printf("BuildTrusteeWithName: form %d type %d name %s\n", GetTrusteeFormA(&t), GetTrusteeTypeA(&t), GetTrusteeNameA(&t));
  OBJECTS_AND_SID oas;
  GUID g = {1, 2, 3, {4, 5, 6, 7, 8, 9, 10, 11}};
  BuildTrusteeWithObjectsAndSidA(&t, &oas, &g, NULL, well_known(WinWorldSid));
  printf("BuildTrusteeWithObjectsAndSid: form %d present %lu same guid %d\n", GetTrusteeFormA(&t), oas.ObjectsPresent,
         !memcmp(&oas.ObjectTypeGuid, &g, sizeof g));
  OBJECTS_AND_NAME_A oan;
  BuildTrusteeWithObjectsAndNameA(&t, &oan, SE_FILE_OBJECT, NULL, "inherited", "Everyone");
  printf("BuildTrusteeWithObjectsAndName: form %d present %lu type %d name %s\n", GetTrusteeFormA(&t), oan.ObjectsPresent,
         oan.ObjectType, oan.ptstrName);
  EXPLICIT_ACCESS_A ea[2];
  BuildExplicitAccessWithNameA(&ea[0], "Everyone", GENERIC_READ, GRANT_ACCESS, SUB_CONTAINERS_AND_OBJECTS_INHERIT);
  printf("BuildExplicitAccessWithName: 0x%lx mode %d inherit 0x%lx form %d\n", ea[0].grfAccessPermissions,
         ea[0].grfAccessMode, ea[0].grfInheritance, ea[0].Trustee.TrusteeForm);
  BuildExplicitAccessWithNameA(&ea[1], "ANONYMOUS LOGON", GENERIC_WRITE, DENY_ACCESS, NO_INHERITANCE);
  PACL acl = NULL;
  DWORD e = SetEntriesInAclA(2, ea, NULL, &acl);
  printf("SetEntriesInAcl: %lu\n", e);
  ULONG count = 0;
  EXPLICIT_ACCESS_A *list = NULL;
  e = GetExplicitEntriesFromAclA(acl, &count, &list);
  printf("GetExplicitEntriesFromAcl: %lu count %lu\n", e, count);
  for (ULONG i = 0; i < count; i++)
    printf("  0x%lx mode %d inherit 0x%lx form %d %s\n", list[i].grfAccessPermissions, list[i].grfAccessMode,
           list[i].grfInheritance, list[i].Trustee.TrusteeForm, sid_name((PSID)list[i].Trustee.ptstrName));
  LocalFree(list);
  ACCESS_MASK rights = 0xdead;
  BuildTrusteeWithSidA(&t, well_known(WinWorldSid));
  e = GetEffectiveRightsFromAclA(acl, &t, &rights);
  printf("GetEffectiveRightsFromAcl(Everyone): %lu 0x%lx\n", e, rights);
  BuildTrusteeWithSidA(&t, well_known(WinAnonymousSid));
  e = GetEffectiveRightsFromAclA(acl, &t, &rights);
  printf("GetEffectiveRightsFromAcl(ANONYMOUS LOGON): %lu 0x%lx\n", e, rights);
  LocalFree(acl);
}

static void private_security(void) {
  PSECURITY_DESCRIPTOR parent = NULL, creator = NULL, child = NULL;
  ConvertStringSecurityDescriptorToSecurityDescriptorA(
      "O:BAG:BAD:(A;OICI;GA;;;SY)(A;CIIO;GR;;;CO)(A;OI;GX;;;WD)(A;;GW;;;AN)", SDDL_REVISION_1, &parent, NULL);
  ConvertStringSecurityDescriptorToSecurityDescriptorA("O:SYG:SYD:(A;;GA;;;BA)", SDDL_REVISION_1, &creator, NULL);
  HANDLE token;
  OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
  BOOL r = CreatePrivateObjectSecurity(parent, NULL, &child, TRUE, token, &file_mapping);
  char *text = NULL;
  ConvertSecurityDescriptorToStringSecurityDescriptorA(child, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, NULL);
  printf("private: CreatePrivateObjectSecurity(container from parent): %d %s\n", r, text);
  LocalFree(text);
  PSID owner;
  BOOL d;
  GetSecurityDescriptorOwner(child, &owner, &d);
  printf("private: owner %s\n", sid_name(owner));
  DestroyPrivateObjectSecurity(&child);
  r = CreatePrivateObjectSecurityEx(parent, NULL, &child, NULL, FALSE, SEF_DACL_AUTO_INHERIT, token, &file_mapping);
  ConvertSecurityDescriptorToStringSecurityDescriptorA(child, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, NULL);
  printf("private: CreatePrivateObjectSecurityEx(object, auto inherit): %d %s\n", r, text);
  LocalFree(text);
  DestroyPrivateObjectSecurity(&child);
  SetLastError(0);
  r = CreatePrivateObjectSecurity(parent, creator, &child, FALSE, token, &file_mapping);
  printf("private: CreatePrivateObjectSecurity(owner SYSTEM): %d error %lu\n", r, GetLastError());
  LocalFree(creator);
  ConvertStringSecurityDescriptorToSecurityDescriptorA("D:(A;;GA;;;BA)", SDDL_REVISION_1, &creator, NULL);
  r = CreatePrivateObjectSecurity(parent, creator, &child, FALSE, token, &file_mapping);
  ConvertSecurityDescriptorToStringSecurityDescriptorA(child, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, NULL);
  printf("private: CreatePrivateObjectSecurity(creator DACL): %d %s\n", r, text);
  LocalFree(text);
  BYTE got[512];
  DWORD need = 0;
  SetLastError(0);
  r = GetPrivateObjectSecurity(child, DACL_SECURITY_INFORMATION, got, 8, &need);
  printf("private: GetPrivateObjectSecurity(8 bytes): %d error %lu\n", r, GetLastError());
  r = GetPrivateObjectSecurity(child, DACL_SECURITY_INFORMATION, got, sizeof got, &need);
  ConvertSecurityDescriptorToStringSecurityDescriptorA(got, SDDL_REVISION_1, OWNER_SECURITY_INFORMATION |
                                                           DACL_SECURITY_INFORMATION, &text, NULL);
  printf("private: GetPrivateObjectSecurity(DACL): %d %s\n", r, text);
  LocalFree(text);
  PSECURITY_DESCRIPTOR mod = NULL;
  ConvertStringSecurityDescriptorToSecurityDescriptorA("D:(A;;GR;;;WD)", SDDL_REVISION_1, &mod, NULL);
  r = SetPrivateObjectSecurity(DACL_SECURITY_INFORMATION, mod, &child, &file_mapping, token);
  ConvertSecurityDescriptorToStringSecurityDescriptorA(child, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, NULL);
  printf("private: SetPrivateObjectSecurity: %d %s\n", r, text);
  LocalFree(text);
  r = DestroyPrivateObjectSecurity(&child);
  printf("private: DestroyPrivateObjectSecurity: %d\n", r);
  LocalFree(mod);
  LocalFree(creator);
  LocalFree(parent);
  CloseHandle(token);

  HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
  BYTE ksd[512];
  need = 0;
  r = GetKernelObjectSecurity(ev, OWNER_SECURITY_INFORMATION, ksd, sizeof ksd, &need);
  GetSecurityDescriptorOwner(ksd, &owner, &d);
  printf("GetKernelObjectSecurity(event owner): %d owner %s\n", r, sid_name(owner));
  SetLastError(0);
  r = GetKernelObjectSecurity(ev, SACL_SECURITY_INFORMATION, ksd, sizeof ksd, &need);
  printf("GetKernelObjectSecurity(event SACL): %d error %lu\n", r, GetLastError());
  PSECURITY_DESCRIPTOR nd = NULL;
  ConvertStringSecurityDescriptorToSecurityDescriptorA("D:(A;;GA;;;WD)", SDDL_REVISION_1, &nd, NULL);
  r = SetKernelObjectSecurity(ev, DACL_SECURITY_INFORMATION, nd);
  printf("SetKernelObjectSecurity(event DACL): %d\n", r);
  r = GetKernelObjectSecurity(ev, DACL_SECURITY_INFORMATION, ksd, sizeof ksd, &need);
  BOOL present;
  PACL dacl;
  GetSecurityDescriptorDacl(ksd, &present, &dacl, &d);
  printf("GetKernelObjectSecurity(event DACL): %d ", r);
  print_acl("DACL", dacl);
  LocalFree(nd);
  CloseHandle(ev);
  SetLastError(0);
  r = GetKernelObjectSecurity((HANDLE)(ULONG_PTR)0x7fff0, OWNER_SECURITY_INFORMATION, ksd, sizeof ksd, &need);
  printf("GetKernelObjectSecurity(bad handle): %d error %lu\n", r, GetLastError());
}

static void audits(void) {
  BOOL on_close = -1, status;
  DWORD granted;
  SetLastError(0);
  BOOL r = ObjectOpenAuditAlarmA("Test", NULL, "File", "name", NULL, NULL, 0, 0, NULL, FALSE, TRUE, &on_close);
  printf("audit: ObjectOpenAuditAlarm: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = ObjectCloseAuditAlarmA("Test", NULL, FALSE);
  printf("audit: ObjectCloseAuditAlarm: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = AccessCheckAndAuditAlarmA("Test", NULL, "File", "name", NULL, 0, &file_mapping, FALSE, &granted, &status, &on_close);
  printf("audit: AccessCheckAndAuditAlarm: %d error %lu\n", r, GetLastError());
  BOOLEAN(WINAPI * query_policy)(const GUID *, ULONG, void **) =
      (void *)GetProcAddress(GetModuleHandleA("advapi32.dll"), "AuditQuerySystemPolicy");
  GUID logon = {0x0cce9215, 0x69ae, 0x11d9, {0xbe, 0xd3, 0x50, 0x50, 0x54, 0x50, 0x30, 0x30}};
  void *policy = NULL;
  SetLastError(0);
  BOOLEAN b = query_policy(&logon, 1, &policy);
  printf("audit: AuditQuerySystemPolicy: %d error %lu\n", b, GetLastError());
}

int main(void) {
  HANDLE token;
  DWORD n;
  BYTE info[256];
  OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
  GetTokenInformation(token, TokenUser, info, sizeof info, &n);
  CopySid(sizeof user, user, ((TOKEN_USER *)info)->User.Sid);
  CloseHandle(token);
  sids();
  acls();
  descriptors();
  checks();
  trustees();
  private_security();
  audits();
  return 0;
}
