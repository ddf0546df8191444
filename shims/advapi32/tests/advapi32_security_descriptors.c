/* Security descriptors, ACLs and well-known SIDs (InitializeSecurityDescriptor,
 * SetSecurityDescriptorDacl, CreateWellKnownSid/IsWellKnownSid, SetEntriesInAcl), the security
 * of a file (GetFileSecurity, SetFileSecurity, GetNamedSecurityInfo, Get/SetSecurityInfo: its owner
 * is the user, its DACL an ACL GetAce walks, setting a DACL changes who may write it) and the
 * impersonation of the anonymous logon. The user's own SID is never printed (it is the machine's). */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
#include <string.h>

static BYTE user[SECURITY_MAX_SID_SIZE];

static void print_sid(PSID sid) {
  if (EqualSid(sid, (PSID)user)) {
    printf("the user");
    return;
  }
  char *text = NULL;
  ConvertSidToStringSidA(sid, &text);
  printf("%s", text ? text : "?");
  LocalFree(text);
}

static void print_acl(const char *what, PACL acl) {
  if (!acl) {
    printf("%s: no ACL\n", what);
    return;
  }
  ACL_SIZE_INFORMATION size;
  GetAclInformation(acl, &size, sizeof size, AclSizeInformation);
  printf("%s: revision %d, %lu ACEs, %lu bytes used\n", what, acl->AclRevision, size.AceCount, size.AclBytesInUse);
  for (DWORD i = 0; i < size.AceCount; i++) {
    ACCESS_ALLOWED_ACE *ace;
    GetAce(acl, i, (void **)&ace);
    printf("  %s, flags %x, mask %08lx, ", ace->Header.AceType == ACCESS_ALLOWED_ACE_TYPE ? "allow" : "deny",
           ace->Header.AceFlags, ace->Mask);
    print_sid(&ace->SidStart);
    printf("\n");
  }
}

/* Whether the DACL's allow ACEs give the SID all of `rights`. */
static int allows(PACL acl, PSID sid, DWORD rights) {
  ACL_SIZE_INFORMATION size;
  GetAclInformation(acl, &size, sizeof size, AclSizeInformation);
  DWORD got = 0;
  for (DWORD i = 0; i < size.AceCount; i++) {
    ACCESS_ALLOWED_ACE *ace;
    GetAce(acl, i, (void **)&ace);
    if (ace->Header.AceType == ACCESS_ALLOWED_ACE_TYPE && EqualSid(&ace->SidStart, sid)) got |= ace->Mask;
  }
  return (got & rights) == rights;
}

static PSID everyone(void) {
  static BYTE sid[SECURITY_MAX_SID_SIZE];
  DWORD n = sizeof sid;
  CreateWellKnownSid(WinWorldSid, NULL, sid, &n);
  return sid;
}

/* Reads the file's DACL and says what its owner and Everyone may do. */
static void who_may(const WCHAR *name, const char *when) {
  BYTE buf[1024];
  DWORD needed = 0;
  BOOL r = GetFileSecurityW(name, DACL_SECURITY_INFORMATION, buf, sizeof buf, &needed);
  PACL dacl = NULL;
  BOOL present = FALSE, defaulted = FALSE;
  GetSecurityDescriptorDacl(buf, &present, &dacl, &defaulted);
  if (!r || !present || !dacl) {
    printf("%s: no DACL read\n", when);
    return;
  }
  printf("%s: the user may read %s, write %s; Everyone may read %s, write %s\n", when,
         allows(dacl, user, FILE_READ_DATA) ? "yes" : "no", allows(dacl, user, FILE_WRITE_DATA) ? "yes" : "no",
         allows(dacl, everyone(), FILE_READ_DATA) ? "yes" : "no", allows(dacl, everyone(), FILE_WRITE_DATA) ? "yes" : "no");
}

/* Sets a DACL of (SID, rights) pairs on the file. */
static BOOL set_dacl(const WCHAR *name, PSID a, DWORD a_rights, PSID b, DWORD b_rights) {
  BYTE acl_buf[256];
  PACL acl = (PACL)acl_buf;
  InitializeAcl(acl, sizeof acl_buf, ACL_REVISION);
  if (a) AddAccessAllowedAce(acl, ACL_REVISION, a_rights, a);
  if (b) AddAccessAllowedAce(acl, ACL_REVISION, b_rights, b);
  SECURITY_DESCRIPTOR sd;
  InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  SetSecurityDescriptorDacl(&sd, TRUE, acl, FALSE);
  return SetFileSecurityW(name, DACL_SECURITY_INFORMATION, &sd);
}

int main(void) {
  HANDLE token;
  DWORD n;
  OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
  BYTE token_user[256];
  GetTokenInformation(token, TokenUser, token_user, sizeof token_user, &n);
  CopySid(sizeof user, user, ((TOKEN_USER *)token_user)->User.Sid);
  CloseHandle(token);

  /* Security descriptors. */
  SECURITY_DESCRIPTOR sd;
  BOOL r = InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  printf("InitializeSecurityDescriptor: %d, revision %d, control %x\n", r, sd.Revision, sd.Control);
  SetLastError(0);
  r = InitializeSecurityDescriptor(&sd, 2);
  printf("InitializeSecurityDescriptor(revision 2): %d, error %lu\n", r, GetLastError());
  InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  r = SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE);
  BOOL present = 2, defaulted = 2;
  PACL dacl = (PACL)1;
  GetSecurityDescriptorDacl(&sd, &present, &dacl, &defaulted);
  printf("a NULL DACL: %d, control %x, valid %d, present %d, NULL %s, defaulted %d\n", r, sd.Control,
         IsValidSecurityDescriptor(&sd), present, dacl ? "no" : "yes", defaulted);
  BYTE acl_buf[64];
  PACL acl = (PACL)acl_buf;
  r = InitializeAcl(acl, sizeof acl_buf, ACL_REVISION);
  printf("InitializeAcl: %d, revision %d, size %d, count %d, valid %d\n", r, acl->AclRevision, acl->AclSize, acl->AceCount,
         IsValidAcl(acl));
  r = SetSecurityDescriptorDacl(&sd, TRUE, acl, TRUE);
  GetSecurityDescriptorDacl(&sd, &present, &dacl, &defaulted);
  printf("an empty DACL, defaulted: %d, control %x, present %d, the same ACL %s, defaulted %d\n", r, sd.Control, present,
         dacl == acl ? "yes" : "no", defaulted);
  r = SetSecurityDescriptorDacl(&sd, FALSE, NULL, FALSE);
  GetSecurityDescriptorDacl(&sd, &present, &dacl, &defaulted);
  printf("no DACL: %d, control %x, present %d\n", r, sd.Control, present);
  SECURITY_DESCRIPTOR zeroed;
  memset(&zeroed, 0, sizeof zeroed);
  SetLastError(0);
  r = SetSecurityDescriptorDacl(&zeroed, TRUE, NULL, FALSE);
  printf("SetSecurityDescriptorDacl on an uninitialized descriptor: %d, error %lu\n", r, GetLastError());
  SetLastError(0);
  r = InitializeAcl(acl, 4, ACL_REVISION);
  printf("InitializeAcl(4 bytes): %d, error %lu\n", r, GetLastError());
  SetLastError(0);
  r = InitializeAcl(acl, sizeof acl_buf, 7);
  printf("InitializeAcl(revision 7): %d, error %lu\n", r, GetLastError());
  InitializeAcl(acl, 30, ACL_REVISION);
  r = AddAccessAllowedAce(acl, ACL_REVISION, FILE_GENERIC_READ, everyone());
  SetLastError(0);
  BOOL again = AddAccessAllowedAce(acl, ACL_REVISION, FILE_GENERIC_READ, everyone());
  printf("AddAccessAllowedAce: %d; into a full ACL: %d, error %lu\n", r, again, GetLastError());
  void *ace;
  SetLastError(0);
  r = GetAce(acl, 1, &ace);
  printf("GetAce past the last: %d, error %lu\n", r, GetLastError());

  /* Well-known SIDs. */
  static const struct {
    WELL_KNOWN_SID_TYPE type;
    const char *name;
  } known[] = {
      {WinWorldSid, "WinWorldSid"},
      {WinLocalSid, "WinLocalSid"},
      {WinCreatorOwnerSid, "WinCreatorOwnerSid"},
      {WinInteractiveSid, "WinInteractiveSid"},
      {WinAuthenticatedUserSid, "WinAuthenticatedUserSid"},
      {WinLocalSystemSid, "WinLocalSystemSid"},
      {WinBuiltinAdministratorsSid, "WinBuiltinAdministratorsSid"},
      {WinBuiltinUsersSid, "WinBuiltinUsersSid"},
      {WinMediumLabelSid, "WinMediumLabelSid"},
      {WinHighLabelSid, "WinHighLabelSid"},
  };
  for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
    BYTE sid[SECURITY_MAX_SID_SIZE];
    n = sizeof sid;
    r = CreateWellKnownSid(known[i].type, NULL, sid, &n);
    printf("%s: %d, %lu bytes, ", known[i].name, r, n);
    print_sid(sid);
    printf(", is it: %d, is WinWorldSid: %d\n", IsWellKnownSid(sid, known[i].type), IsWellKnownSid(sid, WinWorldSid));
  }
  BYTE sid[SECURITY_MAX_SID_SIZE];
  n = 4;
  SetLastError(0);
  r = CreateWellKnownSid(WinWorldSid, NULL, sid, &n);
  printf("CreateWellKnownSid into 4 bytes: %d, error %lu, needed %lu\n", r, GetLastError(), n);
  n = sizeof sid;
  SetLastError(0);
  r = CreateWellKnownSid(WinAccountAdministratorSid, NULL, sid, &n);
  printf("CreateWellKnownSid of a domain's without the domain: %d, error %lu\n", r, GetLastError());
  PSID domain;
  ConvertStringSidToSidA("S-1-5-21-1-2-3", &domain);
  n = sizeof sid;
  r = CreateWellKnownSid(WinAccountAdministratorSid, domain, sid, &n);
  printf("CreateWellKnownSid(WinAccountAdministratorSid, S-1-5-21-1-2-3): %d, %lu bytes, ", r, n);
  print_sid(sid);
  printf("\n");
  LocalFree(domain);
  n = sizeof sid;
  SetLastError(0);
  r = CreateWellKnownSid((WELL_KNOWN_SID_TYPE)500, NULL, sid, &n);
  printf("CreateWellKnownSid(type 500): %d, error %lu\n", r, GetLastError());
  PSID other;
  ConvertStringSidToSidA("S-1-5-99", &other);
  printf("IsWellKnownSid(S-1-5-99, WinWorldSid): %d, (type 500): %d\n", IsWellKnownSid(other, WinWorldSid),
         IsWellKnownSid(other, (WELL_KNOWN_SID_TYPE)500));
  LocalFree(other);

  /* SetEntriesInAcl. */
  EXPLICIT_ACCESS_A ea[2];
  memset(ea, 0, sizeof ea);
  ea[0].grfAccessPermissions = GENERIC_READ;
  ea[0].grfAccessMode = SET_ACCESS;
  ea[0].grfInheritance = NO_INHERITANCE;
  ea[0].Trustee.TrusteeForm = TRUSTEE_IS_NAME;
  ea[0].Trustee.TrusteeType = TRUSTEE_IS_WELL_KNOWN_GROUP;
  ea[0].Trustee.ptstrName = "Everyone";
  ea[1].grfAccessPermissions = GENERIC_ALL;
  ea[1].grfAccessMode = SET_ACCESS;
  ea[1].grfInheritance = SUB_CONTAINERS_AND_OBJECTS_INHERIT;
  ea[1].Trustee.TrusteeForm = TRUSTEE_IS_NAME;
  ea[1].Trustee.ptstrName = "CURRENT_USER";
  PACL made = NULL, merged = NULL, revoked = NULL, none = (PACL)1;
  DWORD e = SetEntriesInAclA(2, ea, NULL, &made);
  printf("SetEntriesInAclA: %lu\n", e);
  print_acl("  made", made);
  ea[0].grfAccessMode = DENY_ACCESS;
  ea[0].grfAccessPermissions = FILE_WRITE_DATA;
  ea[0].Trustee.TrusteeForm = TRUSTEE_IS_SID;
  ea[0].Trustee.ptstrName = (char *)everyone();
  e = SetEntriesInAclA(1, ea, made, &merged);
  printf("SetEntriesInAclA(DENY_ACCESS, the old ACL): %lu\n", e);
  print_acl("  merged", merged);
  ea[0].grfAccessMode = REVOKE_ACCESS;
  e = SetEntriesInAclA(1, ea, made, &revoked);
  printf("SetEntriesInAclA(REVOKE_ACCESS): %lu\n", e);
  print_acl("  revoked", revoked);
  e = SetEntriesInAclA(0, NULL, NULL, &none);
  printf("SetEntriesInAclA(no entries, no old ACL): %lu, ACL %s\n", e, none ? "made" : "NULL");
  ea[0].Trustee.TrusteeForm = TRUSTEE_BAD_FORM;
  none = (PACL)1;
  e = SetEntriesInAclA(1, ea, NULL, &none);
  printf("SetEntriesInAclA(TRUSTEE_BAD_FORM): %lu, ACL %s\n", e, none ? "made" : "NULL");
  ea[0].Trustee.TrusteeForm = TRUSTEE_IS_SID;
  ea[0].grfAccessMode = 9;
  printf("SetEntriesInAclA(access mode 9): %lu\n", SetEntriesInAclA(1, ea, NULL, &none));
  LocalFree(made);
  LocalFree(merged);
  LocalFree(revoked);

  /* A file's security. */
  const WCHAR *name = L"security_descriptors.tmp";
  HANDLE f = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(f);
  const SECURITY_INFORMATION all = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
  DWORD needed = 0;
  SetLastError(0);
  r = GetFileSecurityW(name, all, NULL, 0, &needed);
  printf("GetFileSecurityW(no buffer): %d, error %lu, needs bytes: %s\n", r, GetLastError(), needed ? "yes" : "no");
  BYTE *buf = malloc(needed);
  r = GetFileSecurityW(name, all, buf, needed, &needed);
  SECURITY_DESCRIPTOR_CONTROL control;
  DWORD revision;
  GetSecurityDescriptorControl(buf, &control, &revision);
  printf("GetFileSecurityW: %d, revision %lu, self-relative %s, DACL present %s, length as needed %s\n", r, revision,
         control & SE_SELF_RELATIVE ? "yes" : "no", control & SE_DACL_PRESENT ? "yes" : "no",
         GetSecurityDescriptorLength(buf) == needed ? "yes" : "no");
  PSID owner = NULL, group = NULL;
  GetSecurityDescriptorOwner(buf, &owner, &defaulted);
  GetSecurityDescriptorGroup(buf, &group, &defaulted);
  GetSecurityDescriptorDacl(buf, &present, &dacl, &defaulted);
  printf("  owner: ");
  print_sid(owner);
  ACL_SIZE_INFORMATION size;
  GetAclInformation(dacl, &size, sizeof size, AclSizeInformation);
  printf(", group set: %s, DACL revision %d, ACEs: %s, the user may read and write: %s\n", group && IsValidSid(group) ? "yes" : "no",
         dacl->AclRevision, size.AceCount ? "yes" : "no",
         allows(dacl, user, FILE_READ_DATA | FILE_WRITE_DATA) ? "yes" : "no");
  free(buf);
  SetLastError(0);
  r = GetFileSecurityW(L"no_such_file.tmp", DACL_SECURITY_INFORMATION, NULL, 0, &needed);
  printf("GetFileSecurityW of a file that does not exist: %d, error %lu\n", r, GetLastError());

  PSECURITY_DESCRIPTOR psd = NULL;
  owner = NULL;
  dacl = NULL;
  e = GetNamedSecurityInfoW(name, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner, NULL,
                            &dacl, NULL, &psd);
  printf("GetNamedSecurityInfoW: %lu, owner: ", e);
  print_sid(owner);
  printf(", DACL valid: %s, in the descriptor: %s\n", IsValidAcl(dacl) ? "yes" : "no",
         (BYTE *)dacl > (BYTE *)psd && (BYTE *)dacl < (BYTE *)psd + GetSecurityDescriptorLength(psd) ? "yes" : "no");
  printf("  LocalFree of the descriptor: %s\n", LocalFree(psd) ? "failed" : "NULL");
  printf("GetNamedSecurityInfoW of a file that does not exist: %lu\n",
         GetNamedSecurityInfoW(L"no_such_file.tmp", SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, &dacl, NULL, &psd));
  printf("GetNamedSecurityInfoW with nowhere to put it: %lu\n",
         GetNamedSecurityInfoW(name, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, NULL, NULL, NULL));

  f = CreateFileW(name, READ_CONTROL | WRITE_DAC, 0, NULL, OPEN_EXISTING, 0, NULL);
  e = GetSecurityInfo(f, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner, NULL, &dacl, NULL, &psd);
  printf("GetSecurityInfo: %lu, owner: ", e);
  print_sid(owner);
  printf(", the user may read: %s\n", allows(dacl, user, FILE_READ_DATA) ? "yes" : "no");
  LocalFree(psd);
  printf("GetSecurityInfo(NULL handle): %lu\n",
         GetSecurityInfo(NULL, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, &dacl, NULL, &psd));
  BYTE new_acl_buf[128];
  PACL new_acl = (PACL)new_acl_buf;
  InitializeAcl(new_acl, sizeof new_acl_buf, ACL_REVISION);
  AddAccessAllowedAce(new_acl, ACL_REVISION, FILE_ALL_ACCESS, user);
  AddAccessAllowedAce(new_acl, ACL_REVISION, FILE_GENERIC_READ, everyone());
  printf("SetSecurityInfo(DACL): %lu\n", SetSecurityInfo(f, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, new_acl, NULL));
  CloseHandle(f);

  r = set_dacl(name, user, FILE_GENERIC_READ | FILE_GENERIC_WRITE, everyone(), FILE_GENERIC_READ);
  printf("SetFileSecurityW(the user reads and writes, Everyone reads): %d\n", r);
  who_may(name, "  then");
  r = set_dacl(name, everyone(), FILE_GENERIC_READ, NULL, 0);
  printf("SetFileSecurityW(Everyone reads): %d\n", r);
  who_may(name, "  then");
  SECURITY_DESCRIPTOR owner_sd;
  InitializeSecurityDescriptor(&owner_sd, SECURITY_DESCRIPTOR_REVISION);
  BYTE system[SECURITY_MAX_SID_SIZE];
  n = sizeof system;
  CreateWellKnownSid(WinLocalSystemSid, NULL, system, &n);
  SetSecurityDescriptorOwner(&owner_sd, system, FALSE);
  SetLastError(0);
  r = SetFileSecurityW(name, OWNER_SECURITY_INFORMATION, &owner_sd);
  printf("SetFileSecurityW(owner SYSTEM): %d, error %lu\n", r, GetLastError());
  SetLastError(0);
  r = set_dacl(L"no_such_file.tmp", everyone(), FILE_GENERIC_READ, NULL, 0);
  printf("SetFileSecurityW of a file that does not exist: %d, error %lu\n", r, GetLastError());
  r = set_dacl(name, user, FILE_ALL_ACCESS, NULL, 0);
  printf("SetFileSecurityW(the user has full control): %d\n", r);
  printf("DeleteFileW: %d\n", DeleteFileW(name));

  /* Impersonating the anonymous logon. */
  HANDLE thread_token;
  SetLastError(0);
  r = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_token);
  printf("OpenThreadToken (no impersonation): %d, error %lu\n", r, GetLastError());
  printf("RevertToSelf (no impersonation): %d\n", RevertToSelf());
  SetLastError(0);
  r = ImpersonateAnonymousToken(GetCurrentThread());
  printf("ImpersonateAnonymousToken: %d, error %lu\n", r, GetLastError());
  if (r) {
    r = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_token);
    BYTE info[256];
    GetTokenInformation(thread_token, TokenUser, info, sizeof info, &n);
    printf("while impersonating: OpenThreadToken %d, user ", r);
    print_sid(((TOKEN_USER *)info)->User.Sid);
    TOKEN_TYPE type;
    GetTokenInformation(thread_token, TokenType, &type, sizeof type, &n);
    BOOL member = FALSE;
    CheckTokenMembership(NULL, everyone(), &member);
    printf(", type %d, in Everyone: %d\n", type, member);
    CloseHandle(thread_token);
    printf("RevertToSelf: %d\n", RevertToSelf());
  }
  SetLastError(0);
  r = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_token);
  printf("OpenThreadToken (reverted): %d, error %lu\n", r, GetLastError());
  SetLastError(0);
  r = ImpersonateAnonymousToken(NULL);
  printf("ImpersonateAnonymousToken(NULL): %d, error %lu\n", r, GetLastError());
  return 0;
}
