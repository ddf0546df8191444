/* The Local Security Authority's policy as a standard user meets it: LsaOpenPolicy with the rights
 * such a user has and without, LsaQueryInformationPolicy (the primary domain, the account domain),
 * names and SIDs translated (LsaLookupNames2, LsaLookupNames, LsaLookupSids), accounts' rights,
 * privilege names, LsaGetUserName, what needs more rights (private data, account rights),
 * LsaNtStatusToWinError. The user's own SID and name and the computer's name are not printed. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <ntsecapi.h>
#include <sddl.h>
#include <stdio.h>
#include <string.h>

static void init(LSA_UNICODE_STRING *s, const WCHAR *text) {
  s->Buffer = (WCHAR *)text;
  s->Length = (USHORT)(wcslen(text) * 2);
  s->MaximumLength = s->Length + 2;
}

static const char *sid_text(PSID sid) {
  static char buf[4][128];
  static int next;
  char *out = buf[next++ % 4];
  char *t = NULL;
  if (!sid) return "(null)";
  if (!ConvertSidToStringSidA(sid, &t)) return "?";
  snprintf(out, 128, "%s", t);
  LocalFree(t);
  return out;
}

int main(void) {
  LSA_OBJECT_ATTRIBUTES attr;
  memset(&attr, 0, sizeof attr);
  LSA_HANDLE policy = NULL;
  NTSTATUS st = LsaOpenPolicy(NULL, &attr, POLICY_VIEW_LOCAL_INFORMATION | POLICY_LOOKUP_NAMES, &policy);
  printf("LsaOpenPolicy(view, lookup): 0x%lx\n", st);
  LSA_HANDLE all = NULL;
  st = LsaOpenPolicy(NULL, &attr, POLICY_ALL_ACCESS, &all);
  printf("rights: LsaOpenPolicy(all access): 0x%lx -> %lu\n", st, LsaNtStatusToWinError(st));
  if (all) LsaClose(all);

  POLICY_PRIMARY_DOMAIN_INFO *primary = NULL;
  st = LsaQueryInformationPolicy(policy, PolicyPrimaryDomainInformation, (void **)&primary);
  printf("PolicyPrimaryDomainInformation: 0x%lx name %.*ls sid %s\n", st, primary ? primary->Name.Length / 2 : 0,
         primary ? primary->Name.Buffer : L"", primary ? sid_text(primary->Sid) : "-");
  LsaFreeMemory(primary);
  POLICY_ACCOUNT_DOMAIN_INFO *account = NULL;
  st = LsaQueryInformationPolicy(policy, PolicyAccountDomainInformation, (void **)&account);
  printf("PolicyAccountDomainInformation: 0x%lx name set %d sid S-1-5-21 %d count %d\n", st,
         account && account->DomainName.Length > 0,
         account && !strncmp(sid_text(account->DomainSid), "S-1-5-21-", 9),
         account ? *GetSidSubAuthorityCount(account->DomainSid) : -1);
  LsaFreeMemory(account);
  void *audit = NULL;
  st = LsaQueryInformationPolicy(policy, PolicyAuditEventsInformation, &audit);
  printf("rights: PolicyAuditEventsInformation: 0x%lx\n", st);

  const WCHAR *names[] = {L"Everyone", L"BUILTIN\\Administrators", L"SYSTEM", L"nosuchaccount"};
  LSA_UNICODE_STRING n[4];
  for (int i = 0; i < 4; i++) init(&n[i], names[i]);
  LSA_REFERENCED_DOMAIN_LIST *domains = NULL;
  LSA_TRANSLATED_SID2 *sids = NULL;
  st = LsaLookupNames2(policy, 0, 4, n, &domains, &sids);
  printf("LsaLookupNames2: 0x%lx domains %lu\n", st, domains ? domains->Entries : 0);
  for (int i = 0; sids && i < 4; i++)
    printf("  %ls: use %d sid %s domain %ld\n", names[i], sids[i].Use, sids[i].Use == SidTypeUnknown ? "-" : sid_text(sids[i].Sid),
           sids[i].DomainIndex);
  for (ULONG i = 0; domains && i < domains->Entries; i++)
    printf("  domain %lu: \"%.*ls\" %s\n", i, domains->Domains[i].Name.Length / 2, domains->Domains[i].Name.Buffer,
           sid_text(domains->Domains[i].Sid));
  LsaFreeMemory(domains);
  LsaFreeMemory(sids);
  LSA_TRANSLATED_SID *old = NULL;
  domains = NULL;
  st = LsaLookupNames(policy, 2, n + 2, &domains, &old);
  if (old)
    printf("LsaLookupNames: 0x%lx use %d rid %lu index %ld / use %d index %ld\n", st, old[0].Use, old[0].RelativeId,
           old[0].DomainIndex, old[1].Use, old[1].DomainIndex);
  else
    printf("LsaLookupNames: 0x%lx no SIDs\n", st);
  LsaFreeMemory(domains);
  LsaFreeMemory(old);

  PSID lookup[3];
  ConvertStringSidToSidA("S-1-1-0", &lookup[0]);
  ConvertStringSidToSidA("S-1-5-32-545", &lookup[1]);
  ConvertStringSidToSidA("S-1-5-21-1-2-3-4", &lookup[2]);
  LSA_TRANSLATED_NAME *tn = NULL;
  domains = NULL;
  st = LsaLookupSids(policy, 3, lookup, &domains, &tn);
  printf("LsaLookupSids: 0x%lx\n", st);
  for (int i = 0; tn && i < 3; i++)
    printf("  use %d name %.*ls index %ld\n", tn[i].Use, tn[i].Name.Length / 2, tn[i].Name.Buffer, tn[i].DomainIndex);
  LsaFreeMemory(domains);
  LsaFreeMemory(tn);

  LSA_UNICODE_STRING *rights = NULL;
  ULONG count = 0;
  st = LsaEnumerateAccountRights(policy, lookup[1], &rights, &count);
  printf("rights: LsaEnumerateAccountRights(Users): 0x%lx count %lu\n", st, count);
  for (ULONG i = 0; i < count; i++) printf("rights:   %.*ls\n", rights[i].Length / 2, rights[i].Buffer);
  LsaFreeMemory(rights);
  LSA_UNICODE_STRING right;
  init(&right, L"SeBackupPrivilege");
  st = LsaAddAccountRights(policy, lookup[0], &right, 1);
  printf("rights: LsaAddAccountRights: 0x%lx\n", st);
  LSA_UNICODE_STRING key, *data = NULL;
  init(&key, L"L$polyrun_test");
  st = LsaStorePrivateData(policy, &key, &key);
  printf("rights: LsaStorePrivateData: 0x%lx\n", st);
  st = LsaRetrievePrivateData(policy, &key, &data);
  printf("rights: LsaRetrievePrivateData: 0x%lx\n", st);
  for (int i = 0; i < 3; i++) LocalFree(lookup[i]);

  LUID luid = {19, 0};
  LSA_UNICODE_STRING *pname = NULL;
  NTSTATUS (NTAPI *lookup_privilege_name)(LSA_HANDLE, LUID *, LSA_UNICODE_STRING **) =
      (void *)GetProcAddress(GetModuleHandleA("advapi32.dll"), "LsaLookupPrivilegeName");
  st = lookup_privilege_name(policy, &luid, &pname);
  printf("LsaLookupPrivilegeName(19): 0x%lx %.*ls\n", st, pname ? pname->Length / 2 : 0, pname ? pname->Buffer : L"");
  LsaFreeMemory(pname);
  LSA_UNICODE_STRING *user = NULL, *dom = NULL;
  NTSTATUS (NTAPI *get_user_name)(LSA_UNICODE_STRING **, LSA_UNICODE_STRING **) =
      (void *)GetProcAddress(GetModuleHandleA("advapi32.dll"), "LsaGetUserName");
  st = get_user_name(&user, &dom);
  WCHAR uname[256];
  DWORD un = 256;
  GetUserNameW(uname, &un);
  printf("LsaGetUserName: 0x%lx the user %d\n", st,
         user && user->Length / 2 == un - 1 && !memcmp(user->Buffer, uname, user->Length));
  LsaFreeMemory(user);
  LsaFreeMemory(dom);
  printf("LsaNtStatusToWinError: %lu %lu %lu\n", LsaNtStatusToWinError(0xc0000022), LsaNtStatusToWinError(0xc0000073),
         LsaNtStatusToWinError(0x107));
  st = LsaClose(policy);
  printf("LsaClose: 0x%lx\n", st);
  return 0;
}
