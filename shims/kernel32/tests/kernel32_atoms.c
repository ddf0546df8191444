// KERNEL32's atom tables, global and local: string atoms (0xC000 and up, names without case,
// counted references), integer atoms (MAKEINTATOM and "#n"), names read back with the buffer-size
// rules of each function, and the errors of empty, too long, absent and out-of-range names. Atom
// numbers of the global table are the session's on Windows, so only what they are relative to
// each other is printed.
#include <stdio.h>
#include <string.h>
#include <windows.h>

// A call's result and the last error it left.
#define CALL(what, expr)                                            \
  do {                                                              \
    SetLastError(0);                                                \
    unsigned r_ = (expr);                                           \
    DWORD e_ = GetLastError();                                      \
    printf("%s %s: %u last error %lu\n", t, what, r_, e_);          \
  } while (0)

static char unique[64];  // the name of the atoms added (with the process's number: the global table is shared)

static void name_a(const char* what, ATOM a, int global, int size) {
  char buf[300];
  memset(buf, '*', sizeof buf);
  SetLastError(0xdead);
  UINT n = global ? GlobalGetAtomNameA(a, buf, size) : GetAtomNameA(a, buf, size);
  DWORD err = GetLastError();
  if (n && !strcmp(buf, unique)) printf("%s: %u (the name) last error %lu\n", what, n, err == 0xdead ? 0 : err);
  else printf("%s: %u \"%.*s\" last error %lu\n", what, n, n < 12 ? (int)n : 12, buf, err == 0xdead ? 0 : err);
}

static void name_w(const char* what, ATOM a, int global, int size) {
  WCHAR buf[300];
  for (int i = 0; i < 300; ++i) buf[i] = L'*';
  SetLastError(0xdead);
  UINT n = global ? GlobalGetAtomNameW(a, buf, size) : GetAtomNameW(a, buf, size);
  DWORD err = GetLastError();
  printf("%s: %u \"", what, n);
  for (int i = 0; i < size && i < 12; ++i) putchar(buf[i] ? (char)buf[i] : '0');
  printf("\" last error %lu\n", err == 0xdead ? 0 : err);
}

static void tables(int global) {
  const char* t = global ? "global" : "local";
  snprintf(unique, sizeof unique, "PolyrunAtom-%s-%08lu", t, GetCurrentProcessId());
  ATOM (WINAPI *add)(LPCSTR) = global ? GlobalAddAtomA : AddAtomA;
  ATOM (WINAPI *find)(LPCSTR) = global ? GlobalFindAtomA : FindAtomA;
  ATOM (WINAPI *del)(ATOM) = global ? GlobalDeleteAtom : DeleteAtom;

  SetLastError(0);
  ATOM a = add(unique);
  printf("%s add: %s\n", t, a >= 0xc000 ? "a string atom" : "not a string atom");
  char upper[64];
  strcpy(upper, unique);
  for (char* c = upper; *c; ++c)
    if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
  printf("%s add again (other case): %s\n", t, add(upper) == a ? "same" : "different");
  printf("%s find: %s\n", t, find(unique) == a ? "same" : "different");
  WCHAR wide[64];
  MultiByteToWideChar(CP_ACP, 0, unique, -1, wide, 64);
  printf("%s wide find: %s\n", t, (global ? GlobalFindAtomW(wide) : FindAtomW(wide)) == a ? "same" : "different");
  char other[64];
  snprintf(other, sizeof other, "%s-other", unique);
  ATOM b = add(other);
  printf("%s other: %s\n", t, b != a && b >= 0xc000 ? "a new atom" : "wrong");
  name_a("name", a, global, 64);
  name_a("name (8)", a, global, 8);
  name_a("name (0)", a, global, 0);
  name_w("wide name (12)", a, global, 12);
  name_w("wide name (4)", a, global, 4);
  printf("%s delete: %u\n", t, del(a));
  printf("%s find after one delete: %s\n", t, find(unique) == a ? "still there" : "gone");
  printf("%s delete: %u\n", t, del(a));
  CALL("find after two deletes", find(unique));
  CALL("delete again (the atom if not there)", del(a) == a);
  del(b);

  printf("%s int add #123: %u\n", t, add("#123"));
  printf("%s int add MAKEINTATOM(77): %u\n", t, add((LPCSTR)MAKEINTATOM(77)));
  printf("%s int find #0x10: %s\n", t, find("#0x10") >= 0xc000 ? "a string atom" : "other");
  del(add("#0x10"));
  printf("%s int find #456: %u\n", t, find("#456"));
  name_a("int name", 456, global, 64);
  name_a("int name (3)", 456, global, 3);
  name_w("int wide name", 456, global, 8);
  printf("%s int delete: %u\n", t, del(123));
  CALL("add #49152", add("#49152"));
  CALL("add #0", add("#0"));
  CALL("add MAKEINTATOM(0xC001)", add((LPCSTR)MAKEINTATOM(0xc001)));
  char longname[300];
  memset(longname, 'x', 256);
  longname[256] = 0;
  CALL("add 256 characters", add(longname));
  longname[255] = 0;
  ATOM l = add(longname);
  printf("%s add 255 characters: %s\n", t, l >= 0xc000 ? "a string atom" : "refused");
  del(l);
  CALL("find absent", find("PolyrunAtom-never-added"));
  SetLastError(0);
  name_a("name of a freed atom", a, global, 64);
}

int main(void) {
  printf("InitAtomTable: %d\n", InitAtomTable(37));
  tables(1);
  tables(0);
  return 0;
}
