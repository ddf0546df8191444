/* NTDLL's object ACEs: RtlAddAccessAllowedObjectAce, RtlAddAccessDeniedObjectAce and
 * RtlAddAuditAccessObjectAce with both GUIDs, one and none, their layout in the ACL (header, mask,
 * flags, the GUIDs present, the SID), the ACL's revision and size, and the failures (bad flags, a
 * bad SID, a revision past ACL_REVISION4, an ACL too small). Expected output: from Microsoft's
 * pages of ACCESS_ALLOWED_OBJECT_ACE and the functions (wine 8.0's are stubs: wine-differences.txt);
 * the i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)

static void dump(ACL* acl) {
  NTSTATUS(NTAPI * get_ace)(ACL*, ULONG, void**) = (void*)FN("RtlGetAce");
  printf("  acl revision %u size %u count %u\n", acl->AclRevision, acl->AclSize, acl->AceCount);
  for (ULONG i = 0; i < acl->AceCount; ++i) {
    BYTE* ace = NULL;
    get_ace(acl, i, (void**)&ace);
    ULONG mask = *(ULONG*)(ace + 4), flags = *(ULONG*)(ace + 8);
    printf("  ace %lu: type %u flags %02x size %u mask %08lx object flags %lu", i, ace[0], ace[1], *(USHORT*)(ace + 2),
           mask, flags);
    BYTE* at = ace + 12;
    if (flags & 1) {
      printf(" type %02x%02x..", at[0], at[1]);
      at += 16;
    }
    if (flags & 2) {
      printf(" inherited %02x%02x..", at[0], at[1]);
      at += 16;
    }
    printf(" sid revision %u count %u authority %u end %d\n", at[0], at[1], at[7],
           (int)(at + 8 + 4 * at[1] - ace) == *(USHORT*)(ace + 2));
  }
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * create_acl)(ACL*, ULONG, ULONG) = (void*)FN("RtlCreateAcl");
  NTSTATUS(NTAPI * allowed)(ACL*, ULONG, ULONG, ULONG, GUID*, GUID*, PSID) = (void*)FN("RtlAddAccessAllowedObjectAce");
  NTSTATUS(NTAPI * denied)(ACL*, ULONG, ULONG, ULONG, GUID*, GUID*, PSID) = (void*)FN("RtlAddAccessDeniedObjectAce");
  NTSTATUS(NTAPI * audit)(ACL*, ULONG, ULONG, ULONG, GUID*, GUID*, PSID, BOOL, BOOL) =
      (void*)FN("RtlAddAuditAccessObjectAce");
  BOOLEAN(NTAPI * valid_acl)(ACL*) = (void*)FN("RtlValidAcl");
  printf("functions: %d %d %d\n", !!allowed, !!denied, !!audit);
  if (!allowed || !denied || !audit) return 1;

  SID_IDENTIFIER_AUTHORITY world = {SECURITY_WORLD_SID_AUTHORITY};
  PSID everyone = NULL;
  AllocateAndInitializeSid(&world, 1, SECURITY_WORLD_RID, 0, 0, 0, 0, 0, 0, 0, &everyone);
  GUID type = {0x11223344, 0x5566, 0x7788, {0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00}};
  GUID inherited = {0xa1a2a3a4, 0xb1b2, 0xc1c2, {1, 2, 3, 4, 5, 6, 7, 8}};
  union {
    ACL acl;
    BYTE bytes[256];
  } u;
  create_acl(&u.acl, sizeof u, ACL_REVISION);
  NTSTATUS st = allowed(&u.acl, ACL_REVISION_DS, CONTAINER_INHERIT_ACE, 0x10, &type, &inherited, everyone);
  printf("allowed, both GUIDs: %08lx\n", st);
  st = denied(&u.acl, ACL_REVISION_DS, 0, 0x20, &type, NULL, everyone);
  printf("denied, the type: %08lx\n", st);
  st = allowed(&u.acl, ACL_REVISION_DS, 0, 0x40, NULL, &inherited, everyone);
  printf("allowed, the inherited type: %08lx\n", st);
  st = audit(&u.acl, ACL_REVISION_DS, 0, 0x80, NULL, NULL, everyone, TRUE, FALSE);
  printf("audit, no GUID, successes: %08lx\n", st);
  st = audit(&u.acl, ACL_REVISION_DS, OBJECT_INHERIT_ACE, 0x100, &type, NULL, everyone, TRUE, TRUE);
  printf("audit, the type, both: %08lx\n", st);
  dump(&u.acl);
  printf("  valid %d\n", valid_acl(&u.acl));

  union {
    ACL acl;
    BYTE bytes[40];
  } small;
  create_acl(&small.acl, sizeof small, ACL_REVISION_DS);
  printf("too small: %08lx\n", allowed(&small.acl, ACL_REVISION_DS, 0, 1, &type, &inherited, everyone));
  printf("fits without GUIDs: %08lx\n", allowed(&small.acl, ACL_REVISION_DS, 0, 1, NULL, NULL, everyone));
  printf("bad flags: %08lx\n", allowed(&u.acl, ACL_REVISION_DS, 0x100, 1, NULL, NULL, everyone));
  BYTE bad_sid[12] = {9, 1};
  printf("bad sid: %08lx\n", allowed(&u.acl, ACL_REVISION_DS, 0, 1, NULL, NULL, (PSID)bad_sid));
  printf("revision 5: %08lx\n", allowed(&u.acl, 5, 0, 1, NULL, NULL, everyone));
  printf("count after the failures: %u\n", u.acl.AceCount);
  FreeSid(everyone);
  return 0;
}
