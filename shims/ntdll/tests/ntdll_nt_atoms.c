/* NTDLL's global atom table: NtAddAtom, NtFindAtom, NtDeleteAtom and NtQueryInformationAtom, the
 * table KERNEL32's GlobalAddAtom … use (a name added by one is found by the other), string and
 * integer atoms, reference counts, and what a bad name or atom is told. Expected output: wine
 * 8.0's (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG(NTAPI* AddFind_fn)(const WCHAR*, ULONG, USHORT*);
typedef LONG(NTAPI* Delete_fn)(USHORT);
typedef LONG(NTAPI* Query_fn)(USHORT, ULONG, void*, ULONG, ULONG*);

static AddFind_fn add, find;
static Delete_fn del;
static Query_fn query;

static void show_basic(const char* what, USHORT atom, int show_returned) {
  union {
    struct {
      USHORT refs, pinned, length;
      WCHAR name[64];
    } info;
    char bytes[256];
  } u;
  ULONG len = 0xdead;
  memset(&u, 0xcc, sizeof u);
  LONG s = query(atom, 0, &u, sizeof u, &len);
  printf("%s: 0x%lx", what, (unsigned long)s);
  if (s == 0) {
    printf(" refs %u pinned %u length %u name %.*ls", u.info.refs, u.info.pinned, u.info.length,
           (int)(u.info.length / 2), u.info.name);
    /* (wine gives an integer atom's length as the buffer's: not compared) */
    if (show_returned) printf(" returned %lu", len);
  }
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  add = (AddFind_fn)GetProcAddress(ntdll, "NtAddAtom");
  find = (AddFind_fn)GetProcAddress(ntdll, "NtFindAtom");
  del = (Delete_fn)GetProcAddress(ntdll, "NtDeleteAtom");
  query = (Query_fn)GetProcAddress(ntdll, "NtQueryInformationAtom");
  printf("found: %d %d %d %d\n", add != NULL, find != NULL, del != NULL, query != NULL);

  static const WCHAR name[] = L"polyrun nt atom";
  static const WCHAR upper[] = L"POLYRUN NT ATOM";
  USHORT a = 0, b = 0, c = 0;
  LONG s = add(name, sizeof name - 2, &a);
  printf("add: 0x%lx, a string atom %d\n", (unsigned long)s, a >= 0xc000);
  s = add(name, sizeof name - 2, &b);
  printf("add again: 0x%lx, the same %d\n", (unsigned long)s, a == b);
  s = find(upper, sizeof upper - 2, &c);
  printf("find in capitals: 0x%lx, the same %d\n", (unsigned long)s, a == c);
  printf("KERNEL32 finds it: %d\n", GlobalFindAtomW(name) == a);
  show_basic("query", a, 1);

  ATOM k = GlobalAddAtomW(L"polyrun kernel32 atom");
  c = 0;
  s = find(L"polyrun kernel32 atom", 21 * 2, &c);
  printf("KERNEL32's found by NtFindAtom: 0x%lx, the same %d\n", (unsigned long)s, c == k);
  GlobalDeleteAtom(k);

  /* A length shorter than the string: only that much is the name. */
  c = 0;
  s = find(name, 7 * 2, &c);
  printf("find a prefix: 0x%lx\n", (unsigned long)s);

  /* Integer atoms: "#n" and their own values. */
  c = 0;
  s = add(L"#1234", 5 * 2, &c);
  printf("add #1234: 0x%lx, atom %u\n", (unsigned long)s, c);
  show_basic("query 1234", 1234, 0);
  c = 0;
  s = add(L"#49152", 6 * 2, &c);
  printf("add #49152: 0x%lx, atom %u\n", (unsigned long)s, c);
  c = 0;
  s = add(L"", 0, &c);
  printf("add an empty name: 0x%lx\n", (unsigned long)s);
  WCHAR long_name[300];
  for (int i = 0; i < 299; ++i) long_name[i] = L'x';
  long_name[299] = 0;
  s = add(long_name, 256 * 2, &c);
  printf("add 256 characters: 0x%lx\n", (unsigned long)s);
  s = add(long_name, 255 * 2, &c);
  printf("add 255 characters: 0x%lx\n", (unsigned long)s);
  if (s == 0) del(c);

  /* A buffer too small for the name. */
  char small[8];
  ULONG len = 0;
  s = query(a, 0, small, sizeof small, &len);
  printf("query into 8 bytes: 0x%lx\n", (unsigned long)s);
  s = query(a, 7, small, sizeof small, &len);
  printf("query class 7: 0x%lx\n", (unsigned long)s);

  /* Two references: two deletions. */
  printf("delete: 0x%lx\n", (unsigned long)del(a));
  show_basic("query after one delete", a, 1);
  printf("delete again: 0x%lx\n", (unsigned long)del(a));
  c = 0;
  s = find(name, sizeof name - 2, &c);
  printf("find after both: 0x%lx\n", (unsigned long)s);
  printf("delete a third time: 0x%lx\n", (unsigned long)del(a));
  printf("delete an integer atom: 0x%lx\n", (unsigned long)del(1234));
  show_basic("query an atom not there", a, 1);
  return 0;
}
