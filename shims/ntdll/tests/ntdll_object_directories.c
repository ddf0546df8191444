/* NTDLL's object directories and symbolic links: the session's BaseNamedObjects opened and listed
 * (a named event and section of the program's among its entries), a directory and a link made in
 * it, the MS-DOS device C: as a link (\??\C: and \GLOBAL??\C:), relative names under a directory
 * handle, their types as NtQueryObject tells them, and the failures. Expected output: wine 8.0's
 * (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;
typedef struct {
  ULONG Length;
  HANDLE RootDirectory;
  USTR* ObjectName;
  ULONG Attributes;
  PVOID SecurityDescriptor, SecurityQualityOfService;
} OA;
typedef struct {
  USTR Name, TypeName;
} DIRINFO;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))
#define DIRECTORY_QUERY 0x1
#define DIRECTORY_TRAVERSE 0x2
#define DIRECTORY_ALL_ACCESS 0xf000f
#define SYMBOLIC_LINK_QUERY 0x1
#define SYMBOLIC_LINK_ALL_ACCESS 0xf0001

static void init(USTR* u, const WCHAR* s) {
  u->Buffer = (PWSTR)s;
  u->Length = (USHORT)(wcslen(s) * 2);
  u->MaximumLength = u->Length + 2;
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * open_dir)(HANDLE*, ACCESS_MASK, OA*) = (void*)FN("NtOpenDirectoryObject");
  NTSTATUS(NTAPI * create_dir)(HANDLE*, ACCESS_MASK, OA*) = (void*)FN("NtCreateDirectoryObject");
  NTSTATUS(NTAPI * query_dir)(HANDLE, void*, ULONG, BOOLEAN, BOOLEAN, ULONG*, ULONG*) = (void*)FN("NtQueryDirectoryObject");
  NTSTATUS(NTAPI * open_link)(HANDLE*, ACCESS_MASK, OA*) = (void*)FN("NtOpenSymbolicLinkObject");
  NTSTATUS(NTAPI * create_link)(HANDLE*, ACCESS_MASK, OA*, USTR*) = (void*)FN("NtCreateSymbolicLinkObject");
  NTSTATUS(NTAPI * query_link)(HANDLE, USTR*, ULONG*) = (void*)FN("NtQuerySymbolicLinkObject");
  NTSTATUS(NTAPI * query_object)(HANDLE, ULONG, void*, ULONG, ULONG*) = (void*)FN("NtQueryObject");
  NTSTATUS(NTAPI * close)(HANDLE) = (void*)FN("NtClose");
  printf("found: %d %d %d %d %d %d, Zw: %d\n", open_dir != NULL, create_dir != NULL, query_dir != NULL, open_link != NULL,
         create_link != NULL, query_link != NULL, FN("ZwOpenSymbolicLinkObject") != NULL);

  DWORD session = 0;
  session = 1; /* (the interactive session) */
  WCHAR bno[64];
  swprintf(bno, 64, L"\\Sessions\\%lu\\BaseNamedObjects", session);
  WCHAR event_name[64], section_name[64];
  swprintf(event_name, 64, L"polyrun_dir_event_%lu", GetCurrentProcessId());
  swprintf(section_name, 64, L"polyrun_dir_section_%lu", GetCurrentProcessId());
  HANDLE ev = CreateEventW(NULL, FALSE, FALSE, event_name);
  HANDLE section = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x1000, section_name);

  USTR name;
  init(&name, bno);
  OA oa = {sizeof oa, NULL, &name, 0x40};
  HANDLE dir = NULL;
  NTSTATUS s = open_dir(&dir, DIRECTORY_QUERY | DIRECTORY_TRAVERSE | 0xc /* CREATE_OBJECT | CREATE_SUBDIRECTORY */, &oa);
  printf("open the session's BaseNamedObjects: 0x%lx\n", S(s));

  /* Every entry, one at a time: ours are there with their types. */
  ULONG context = 0, len = 0;
  BYTE buf[4096];
  int saw_event = 0, saw_section = 0, entries = 0;
  for (BOOLEAN restart = TRUE;; restart = FALSE) {
    s = query_dir(dir, buf, sizeof buf, TRUE, restart, &context, &len);
    if (s) break;
    DIRINFO* d = (DIRINFO*)buf;
    ++entries;
    if (d->Name.Length == wcslen(event_name) * 2 && !wcsncmp(d->Name.Buffer, event_name, wcslen(event_name)))
      saw_event = d->TypeName.Length == 10 && !wcsncmp(d->TypeName.Buffer, L"Event", 5);
    if (d->Name.Length == wcslen(section_name) * 2 && !wcsncmp(d->Name.Buffer, section_name, wcslen(section_name)))
      saw_section = d->TypeName.Length == 14 && !wcsncmp(d->TypeName.Buffer, L"Section", 7);
  }
  printf("one at a time: ends 0x%lx, entries found: %d, the event: %d, the section: %d\n", S(s), entries > 0, saw_event,
         saw_section);
  context = 0;
  s = query_dir(dir, buf, sizeof buf, FALSE, TRUE, &context, &len);
  printf("all at once: done or more to come: %d\n", s == 0 || s == 0x105);
  s = query_dir(dir, buf, 8, TRUE, TRUE, &context, &len);
  printf("into 8 bytes: 0x%lx\n", S(s));

  /* A directory of our own in it, and a link in that. */
  WCHAR mine[64];
  swprintf(mine, 64, L"polyrun_dir_%lu", GetCurrentProcessId());
  init(&name, mine);
  OA rel = {sizeof rel, dir, &name, 0x40};
  HANDLE sub = NULL, again = NULL;
  s = create_dir(&sub, DIRECTORY_ALL_ACCESS, &rel);
  printf("create a directory: 0x%lx\n", S(s));
  s = create_dir(&again, DIRECTORY_ALL_ACCESS, &rel);
  printf("create it again: 0x%lx\n", S(s));
  rel.Attributes |= 0x80; /* OBJ_OPENIF */
  s = create_dir(&again, DIRECTORY_ALL_ACCESS, &rel);
  printf("create it again, open if there: 0x%lx\n", S(s));
  close(again);
  s = open_dir(&again, DIRECTORY_QUERY, &rel);
  printf("open it: 0x%lx\n", S(s));
  close(again);
  USTR link_name, target;
  init(&link_name, L"link");
  init(&target, L"\\Device\\Somewhere");
  OA in_sub = {sizeof in_sub, sub, &link_name, 0x40};
  HANDLE link = NULL;
  s = create_link(&link, SYMBOLIC_LINK_ALL_ACCESS, &in_sub, &target);
  printf("create a link: 0x%lx\n", S(s));
  HANDLE link2 = NULL;
  s = open_link(&link2, SYMBOLIC_LINK_QUERY, &in_sub);
  printf("open it: 0x%lx\n", S(s));
  WCHAR tbuf[64];
  USTR got = {0, sizeof tbuf, tbuf};
  ULONG rlen = 0;
  s = query_link(link2, &got, &rlen);
  printf("its target: 0x%lx, \"%.*ls\", %lu bytes\n", S(s), got.Length / 2, got.Buffer, rlen);
  USTR small = {0, 4, tbuf};
  s = query_link(link2, &small, &rlen);
  printf("into 4 bytes: 0x%lx, needs %lu\n", S(s), rlen);
  context = 0;
  s = query_dir(sub, buf, sizeof buf, FALSE, TRUE, &context, &len);
  DIRINFO* d = (DIRINFO*)buf;
  printf("our directory holds: 0x%lx, \"%.*ls\" (%.*ls), then a null entry: %d\n", S(s), d[0].Name.Length / 2,
         d[0].Name.Buffer, d[0].TypeName.Length / 2, d[0].TypeName.Buffer, d[1].Name.Length == 0);
  BYTE tinfo[256];
  s = query_object(link2, 2 /* ObjectTypeInformation */, tinfo, sizeof tinfo, &len);
  printf("the link's type: 0x%lx, %.*ls\n", S(s), ((USTR*)tinfo)->Length / 2, ((USTR*)tinfo)->Buffer);
  s = query_object(sub, 2, tinfo, sizeof tinfo, &len);
  printf("the directory's type: 0x%lx, %.*ls\n", S(s), ((USTR*)tinfo)->Length / 2, ((USTR*)tinfo)->Buffer);
  close(link2);
  close(link);

  /* The MS-DOS devices. */
  const WCHAR* drives[] = {L"\\??\\C:", L"\\GLOBAL??\\C:"};
  for (int i = 0; i < 2; ++i) {
    init(&name, drives[i]);
    OA doa = {sizeof doa, NULL, &name, 0x40};
    HANDLE c = NULL;
    s = open_link(&c, SYMBOLIC_LINK_QUERY, &doa);
    got.Length = 0;
    got.MaximumLength = sizeof tbuf;
    NTSTATUS q = c ? query_link(c, &got, &rlen) : 0;
    printf("%ls: 0x%lx, query 0x%lx, a device: %d\n", drives[i], S(s), S(q), !wcsncmp(got.Buffer, L"\\Device\\", 8));
    if (c) close(c);
  }

  /* Failures. */
  init(&name, L"\\NoSuchDirectory");
  OA bad = {sizeof bad, NULL, &name, 0x40};
  HANDLE h = NULL;
  printf("open a missing directory: 0x%lx\n", S(open_dir(&h, DIRECTORY_QUERY, &bad)));
  init(&name, L"NoSlash");
  printf("open a relative name with no root: 0x%lx\n", S(open_dir(&h, DIRECTORY_QUERY, &bad)));
  init(&name, L"\\??\\C:");
  printf("open a link as a directory: 0x%lx\n", S(open_dir(&h, DIRECTORY_QUERY, &bad)));
  printf("open a directory as a link: 0x%lx\n", S(open_link(&h, SYMBOLIC_LINK_QUERY, &oa)));
  init(&name, L"\\??\\NOSUCHDEVICE9");
  printf("open a missing link: 0x%lx\n", S(open_link(&h, SYMBOLIC_LINK_QUERY, &bad)));
  printf("query an event as a directory: 0x%lx\n", S(query_dir(ev, buf, sizeof buf, TRUE, TRUE, &context, &len)));
  printf("query an event as a link: 0x%lx\n", S(query_link(ev, &got, &rlen)));

  close(sub);
  close(dir);
  CloseHandle(section);
  CloseHandle(ev);
  return 0;
}
