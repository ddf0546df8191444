/* NTDLL's environments (a block of its own and the process's, with KERNEL32's view of the latter),
 * DOS paths (kinds, device names, full paths, NT forms, the current directory, 8.3 names) and atom
 * tables. Paths are printed relative to the current directory, which differs between systems.
 * Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  USHORT Length, MaximumLength;
  WCHAR* Buffer;
} USTR;
typedef struct {
  USHORT Length, MaximumLength;
  char* Buffer;
} STR;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(LONG, RtlCreateEnvironment, (BOOLEAN, WCHAR**))
FN(LONG, RtlDestroyEnvironment, (WCHAR*))
FN(LONG, RtlQueryEnvironmentVariable_U, (WCHAR*, USTR*, USTR*))
FN(LONG, RtlQueryEnvironmentVariable, (WCHAR*, const WCHAR*, SIZE_T, WCHAR*, SIZE_T, SIZE_T*))
FN(LONG, RtlSetEnvironmentVariable, (WCHAR**, USTR*, USTR*))
FN(LONG, RtlExpandEnvironmentStrings, (WCHAR*, const WCHAR*, SIZE_T, WCHAR*, SIZE_T, SIZE_T*))
FN(LONG, RtlExpandEnvironmentStrings_U, (WCHAR*, USTR*, USTR*, ULONG*))
FN(ULONG, RtlDetermineDosPathNameType_U, (const WCHAR*))
FN(ULONG, RtlIsDosDeviceName_U, (const WCHAR*))
FN(ULONG, RtlGetFullPathName_U, (const WCHAR*, ULONG, WCHAR*, WCHAR**))
FN(BOOLEAN, RtlDosPathNameToNtPathName_U, (const WCHAR*, USTR*, WCHAR**, void*))
FN(LONG, RtlDosPathNameToNtPathName_U_WithStatus, (const WCHAR*, USTR*, WCHAR**, void*))
FN(ULONG, RtlGetCurrentDirectory_U, (ULONG, WCHAR*))
FN(LONG, RtlSetCurrentDirectory_U, (USTR*))
FN(BOOLEAN, RtlDoesFileExists_U, (const WCHAR*))
FN(ULONG, RtlGetLongestNtPathLength, (void))
FN(BOOLEAN, RtlIsNameLegalDOS8Dot3, (USTR*, STR*, BOOLEAN*))
FN(void, RtlInitUnicodeString, (USTR*, const WCHAR*))
FN(void, RtlFreeUnicodeString, (USTR*))
FN(LONG, RtlCreateAtomTable, (ULONG, void**))
FN(LONG, RtlDestroyAtomTable, (void*))
FN(LONG, RtlAddAtomToAtomTable, (void*, const WCHAR*, USHORT*))
FN(LONG, RtlLookupAtomInAtomTable, (void*, const WCHAR*, USHORT*))
FN(LONG, RtlDeleteAtomFromAtomTable, (void*, USHORT))
FN(LONG, RtlPinAtomInAtomTable, (void*, USHORT))
FN(LONG, RtlEmptyAtomTable, (void*, BOOLEAN))
FN(LONG, RtlQueryAtomInAtomTable, (void*, USHORT, ULONG*, ULONG*, WCHAR*, ULONG*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static void show_w(const char* label, const WCHAR* s, int n) {
  printf("%s \"", label);
  for (int i = 0; i < n; ++i) putchar(s[i] < 0x80 ? s[i] : '?');
  printf("\"\n");
}

/* A path with the current directory's text replaced by "<cwd>". */
static WCHAR cwd[MAX_PATH];
static void show_path(const char* label, const WCHAR* s) {
  size_t n = wcslen(cwd);
  const WCHAR* at = wcsstr(s, cwd);
  printf("%s ", label);
  if (at) {
    for (const WCHAR* c = s; c < at; ++c) putchar(*c);
    printf("<cwd>");
    s = at + n;
  }
  for (; *s; ++s) putchar(*s < 0x80 ? *s : '?');
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlCreateEnvironment); GET(RtlDestroyEnvironment); GET(RtlQueryEnvironmentVariable_U);
  GET(RtlQueryEnvironmentVariable); GET(RtlSetEnvironmentVariable); GET(RtlExpandEnvironmentStrings);
  GET(RtlExpandEnvironmentStrings_U); GET(RtlDetermineDosPathNameType_U); GET(RtlIsDosDeviceName_U);
  GET(RtlGetFullPathName_U); GET(RtlDosPathNameToNtPathName_U); GET(RtlDosPathNameToNtPathName_U_WithStatus);
  GET(RtlGetCurrentDirectory_U); GET(RtlSetCurrentDirectory_U); GET(RtlDoesFileExists_U); GET(RtlGetLongestNtPathLength);
  GET(RtlIsNameLegalDOS8Dot3); GET(RtlInitUnicodeString); GET(RtlFreeUnicodeString); GET(RtlCreateAtomTable);
  GET(RtlDestroyAtomTable); GET(RtlAddAtomToAtomTable); GET(RtlLookupAtomInAtomTable); GET(RtlDeleteAtomFromAtomTable);
  GET(RtlPinAtomInAtomTable); GET(RtlEmptyAtomTable); GET(RtlQueryAtomInAtomTable);

  /* an environment block of its own */
  WCHAR* env = NULL;
  USTR name, value, got;
  WCHAR buf[64];
  printf("RtlCreateEnvironment(empty): 0x%lx", pRtlCreateEnvironment(FALSE, &env));
  printf(", first %d\n", env[0]);
  pRtlInitUnicodeString(&name, L"Color");
  pRtlInitUnicodeString(&value, L"blue");
  printf("RtlSetEnvironmentVariable: 0x%lx\n", pRtlSetEnvironmentVariable(&env, &name, &value));
  pRtlInitUnicodeString(&name, L"SHAPE");
  pRtlInitUnicodeString(&value, L"round");
  pRtlSetEnvironmentVariable(&env, &name, &value);
  pRtlInitUnicodeString(&name, L"color");
  pRtlInitUnicodeString(&value, L"green");
  printf("RtlSetEnvironmentVariable (again, other case): 0x%lx\n", pRtlSetEnvironmentVariable(&env, &name, &value));
  printf("block:");
  for (WCHAR* v = env; *v; v += wcslen(v) + 1) show_w("", v, (int)wcslen(v));
  got.Buffer = buf, got.Length = 0, got.MaximumLength = sizeof buf;
  pRtlInitUnicodeString(&name, L"COLOR");
  printf("RtlQueryEnvironmentVariable_U: 0x%lx", pRtlQueryEnvironmentVariable_U(env, &name, &got));
  show_w("", got.Buffer, got.Length / 2);
  got.MaximumLength = 4;
  printf("RtlQueryEnvironmentVariable_U (small): 0x%lx", pRtlQueryEnvironmentVariable_U(env, &name, &got));
  printf(" len %u\n", got.Length);
  got.MaximumLength = sizeof buf;
  pRtlInitUnicodeString(&name, L"NONE");
  printf("RtlQueryEnvironmentVariable_U (unset): 0x%lx", pRtlQueryEnvironmentVariable_U(env, &name, &got));
  printf(" len %u\n", got.Length);
  SIZE_T len = 77;
  printf("RtlQueryEnvironmentVariable: 0x%lx", pRtlQueryEnvironmentVariable(env, L"shape", 5, buf, 64, &len));
  printf(" %lu", (unsigned long)len);
  show_w("", buf, (int)len);
  printf("RtlQueryEnvironmentVariable (small): 0x%lx", pRtlQueryEnvironmentVariable(env, L"shape", 5, buf, 3, &len));
  printf(" %lu\n", (unsigned long)len);
  len = 0;
  printf("RtlExpandEnvironmentStrings: 0x%lx",
         pRtlExpandEnvironmentStrings(env, L"a %COLOR% %SHAPE% %NOPE% 100%", 30, buf, 64, &len));
  printf(" %lu", (unsigned long)len);
  show_w("", buf, (int)wcslen(buf));
  printf("RtlExpandEnvironmentStrings (small): 0x%lx", pRtlExpandEnvironmentStrings(env, L"%COLOR%", 7, buf, 3, &len));
  printf(" %lu\n", (unsigned long)len);
  pRtlInitUnicodeString(&name, L"[%shape%]");
  got.Buffer = buf, got.Length = 0, got.MaximumLength = sizeof buf;
  ULONG ulen = 0;
  printf("RtlExpandEnvironmentStrings_U: 0x%lx", pRtlExpandEnvironmentStrings_U(env, &name, &got, &ulen));
  printf(" %lu len %u", ulen, got.Length);
  show_w("", got.Buffer, got.Length / 2);
  pRtlInitUnicodeString(&name, L"Color");
  printf("RtlSetEnvironmentVariable (remove): 0x%lx\n", pRtlSetEnvironmentVariable(&env, &name, NULL));
  printf("block:");
  for (WCHAR* v = env; *v; v += wcslen(v) + 1) show_w("", v, (int)wcslen(v));
  pRtlInitUnicodeString(&name, L"A=B");
  printf("RtlSetEnvironmentVariable (bad name): 0x%lx\n", pRtlSetEnvironmentVariable(&env, &name, &value));
  printf("RtlDestroyEnvironment: 0x%lx\n", pRtlDestroyEnvironment(env));

  /* the process's */
  pRtlInitUnicodeString(&name, L"POLYRUN_NT_ENV");
  pRtlInitUnicodeString(&value, L"from ntdll");
  printf("RtlSetEnvironmentVariable (process): 0x%lx\n", pRtlSetEnvironmentVariable(NULL, &name, &value));
  DWORD n = GetEnvironmentVariableW(L"POLYRUN_NT_ENV", buf, 64);
  show_w("GetEnvironmentVariableW:", buf, (int)n);
  SetEnvironmentVariableW(L"POLYRUN_NT_ENV2", L"from kernel32");
  pRtlInitUnicodeString(&name, L"polyrun_nt_env2");
  got.Buffer = buf, got.Length = 0, got.MaximumLength = sizeof buf;
  printf("RtlQueryEnvironmentVariable_U (process): 0x%lx", pRtlQueryEnvironmentVariable_U(NULL, &name, &got));
  show_w("", got.Buffer, got.Length / 2);
  WCHAR* copy = NULL;
  pRtlCreateEnvironment(TRUE, &copy);
  printf("RtlCreateEnvironment(inherit) has it: %d\n", pRtlQueryEnvironmentVariable_U(copy, &name, &got) == 0);
  pRtlDestroyEnvironment(copy);
  pRtlInitUnicodeString(&name, L"POLYRUN_NT_ENV");
  pRtlSetEnvironmentVariable(NULL, &name, NULL);
  printf("removed: GetEnvironmentVariableW %lu\n", GetEnvironmentVariableW(L"POLYRUN_NT_ENV", buf, 64));

  /* paths */
  const WCHAR* paths[] = {L"\\\\server\\share", L"C:\\dir", L"c:file", L"\\rooted", L"relative", L"\\\\.\\device",
                          L"\\\\?\\C:\\x", L"\\\\.", L"\\\\?", L"//server/share", L""};
  printf("RtlDetermineDosPathNameType_U:");
  for (int i = 0; i < 11; ++i) printf(" %lu", pRtlDetermineDosPathNameType_U(paths[i]));
  printf("\n");
  const WCHAR* devices[] = {L"CON", L"c:\\dir\\nul.txt", L"lpt1:", L"COM0", L"com9", L"aux  .x", L"conin$",
                            L"CONOUT$", L"\\\\.\\CON", L"\\\\server\\share\\nul", L"file.txt", L"PRNx"};
  printf("RtlIsDosDeviceName_U:");
  for (int i = 0; i < 12; ++i) printf(" %08lx", pRtlIsDosDeviceName_U(devices[i]));
  printf("\n");
  printf("RtlGetLongestNtPathLength: %lu\n", pRtlGetLongestNtPathLength());
  ULONG size = pRtlGetCurrentDirectory_U(0, NULL);
  ULONG got_len = pRtlGetCurrentDirectory_U(sizeof cwd, cwd);
  printf("RtlGetCurrentDirectory_U: needs %s, returns %s\n", size == got_len + 2 ? "length + 2" : "?",
         got_len == wcslen(cwd) * 2 ? "its length" : "?");
  WCHAR full[MAX_PATH], *file = NULL;
  ULONG r = pRtlGetFullPathName_U(L"sub\\.\\dir\\..\\name.txt", sizeof full, full, &file);
  show_path("RtlGetFullPathName_U:", full);
  printf("  bytes = length %d, file part %ls\n", r == wcslen(full) * 2, file);
  r = pRtlGetFullPathName_U(L"C:\\a\\b\\..\\c\\", sizeof full, full, &file);
  printf("RtlGetFullPathName_U(C:\\a\\b\\..\\c\\): %lu %ls, file part null %d\n", r, full, file == NULL);
  r = pRtlGetFullPathName_U(L"\\\\srv\\share\\..\\..\\x/y", sizeof full, full, &file);
  printf("RtlGetFullPathName_U(\\\\srv\\share\\..\\..\\x/y): %lu %ls, file part %ls\n", r, full, file);
  r = pRtlGetFullPathName_U(L"C:\\a\\nul.txt", sizeof full, full, &file);
  printf("RtlGetFullPathName_U(a device): %lu %ls, file part null %d\n", r, full, file == NULL);
  printf("RtlGetFullPathName_U (small): %lu\n", pRtlGetFullPathName_U(L"C:\\abc", 8, full, &file));
  USTR nt;
  printf("RtlDosPathNameToNtPathName_U: %d", pRtlDosPathNameToNtPathName_U(L"C:\\x\\y.txt", &nt, &file, NULL));
  show_w("", nt.Buffer, nt.Length / 2);
  printf("  file part %ls\n", file);
  pRtlFreeUnicodeString(&nt);
  printf("RtlDosPathNameToNtPathName_U (UNC): %d", pRtlDosPathNameToNtPathName_U(L"\\\\srv\\share\\f", &nt, NULL, NULL));
  show_w("", nt.Buffer, nt.Length / 2);
  pRtlFreeUnicodeString(&nt);
  printf("RtlDosPathNameToNtPathName_U (\\\\?\\): %d", pRtlDosPathNameToNtPathName_U(L"\\\\?\\C:\\a\\..\\b", &nt, NULL, NULL));
  show_w("", nt.Buffer, nt.Length / 2);
  pRtlFreeUnicodeString(&nt);
  printf("RtlDosPathNameToNtPathName_U (\\\\.\\): %d", pRtlDosPathNameToNtPathName_U(L"\\\\.\\pipe\\x", &nt, NULL, NULL));
  show_w("", nt.Buffer, nt.Length / 2);
  pRtlFreeUnicodeString(&nt);
  printf("RtlDosPathNameToNtPathName_U (rooted, relative to a drive): %d", pRtlDosPathNameToNtPathName_U(L"C:x\\..\\y", &nt, NULL, NULL));
  show_w("", nt.Buffer, nt.Length / 2);
  pRtlFreeUnicodeString(&nt);
  printf("RtlDosPathNameToNtPathName_U_WithStatus (empty): 0x%lx\n",
         pRtlDosPathNameToNtPathName_U_WithStatus(L"", &nt, NULL, NULL));
  CreateDirectoryW(L"ntdll_env_paths_dir", NULL);
  HANDLE h = CreateFileW(L"ntdll_env_paths_dir\\f.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(h);
  printf("RtlDoesFileExists_U: %d %d %d\n", pRtlDoesFileExists_U(L"ntdll_env_paths_dir\\f.txt"),
         pRtlDoesFileExists_U(L"ntdll_env_paths_dir"), pRtlDoesFileExists_U(L"ntdll_env_paths_dir\\none"));
  pRtlInitUnicodeString(&name, L"ntdll_env_paths_dir");
  printf("RtlSetCurrentDirectory_U: 0x%lx", pRtlSetCurrentDirectory_U(&name));
  WCHAR now[MAX_PATH];
  GetCurrentDirectoryW(MAX_PATH, now);
  show_path(", now", now);
  pRtlInitUnicodeString(&name, L"f.txt");
  printf("RtlSetCurrentDirectory_U (a file): 0x%lx\n", pRtlSetCurrentDirectory_U(&name));
  pRtlInitUnicodeString(&name, L"missing");
  printf("RtlSetCurrentDirectory_U (missing): 0x%lx\n", pRtlSetCurrentDirectory_U(&name));
  pRtlInitUnicodeString(&name, L"..");
  pRtlSetCurrentDirectory_U(&name);
  DeleteFileW(L"ntdll_env_paths_dir\\f.txt");
  RemoveDirectoryW(L"ntdll_env_paths_dir");
  const WCHAR* names[] = {L"FILE.TXT", L"file.txt", L"LONGNAME1.TXT", L"A.TEXT", L"A B.C", L"A .C", L".", L"..", L".x",
                          L"A+B", L"NAME.", L"12345678.123"};
  printf("RtlIsNameLegalDOS8Dot3:");
  for (int i = 0; i < 12; ++i) {
    BOOLEAN spaces = 9;
    pRtlInitUnicodeString(&name, names[i]);
    BOOLEAN ok = pRtlIsNameLegalDOS8Dot3(&name, NULL, &spaces);
    printf(" %d", ok);
    if (ok) printf("/%d", spaces);
  }
  printf("\n");

  /* atom tables */
  void* table = NULL;
  USHORT a1 = 0, a2 = 0, a3 = 0, found = 0;
  printf("RtlCreateAtomTable: 0x%lx", pRtlCreateAtomTable(0, &table));
  printf(", again 0x%lx, with a size 0x%lx\n", pRtlCreateAtomTable(0, &table), pRtlCreateAtomTable(37, &table));
  printf("RtlAddAtomToAtomTable: 0x%lx", pRtlAddAtomToAtomTable(table, L"First", &a1));
  printf(" 0x%lx", pRtlAddAtomToAtomTable(table, L"second", &a2));
  printf(" 0x%lx, string atoms %d %d, different %d\n", pRtlAddAtomToAtomTable(table, L"FIRST", &a3), a1 >= 0xc000,
         a2 >= 0xc000, a1 != a2);
  printf("  same name, same atom %d\n", a1 == a3);
  printf("RtlAddAtomToAtomTable(#123, MAKEINTATOM(7), #0, #49152, empty): ");
  printf("0x%lx", pRtlAddAtomToAtomTable(table, L"#123", &found));
  printf(" %u", found);
  printf(" 0x%lx", pRtlAddAtomToAtomTable(table, (const WCHAR*)MAKEINTATOM(7), &found));
  printf(" %u", found);
  printf(" 0x%lx", pRtlAddAtomToAtomTable(table, L"#0", &found));
  printf(" 0x%lx", pRtlAddAtomToAtomTable(table, L"#49152", &found));
  printf(" 0x%lx\n", pRtlAddAtomToAtomTable(table, L"", &found));
  printf("RtlLookupAtomInAtomTable: 0x%lx", pRtlLookupAtomInAtomTable(table, L"Second", &found));
  printf(" same %d", found == a2);
  printf(", missing 0x%lx\n", pRtlLookupAtomInAtomTable(table, L"third", &found));
  ULONG refs = 0, pin = 9, qlen = sizeof buf;
  printf("RtlQueryAtomInAtomTable: 0x%lx", pRtlQueryAtomInAtomTable(table, a1, &refs, &pin, buf, &qlen));
  printf(" refs %lu pin %lu len %lu", refs, pin, qlen);
  show_w("", buf, (int)qlen / 2);
  qlen = sizeof buf;
  printf("RtlQueryAtomInAtomTable(42): 0x%lx", pRtlQueryAtomInAtomTable(table, 42, &refs, &pin, buf, &qlen));
  printf(" refs %lu pin %lu len %lu", refs, pin, qlen);
  show_w("", buf, (int)qlen / 2);
  qlen = 6;
  printf("RtlQueryAtomInAtomTable (small): 0x%lx", pRtlQueryAtomInAtomTable(table, a2, NULL, NULL, buf, &qlen));
  printf(" len %lu", qlen);
  show_w("", buf, (int)qlen / 2);
  printf("RtlDeleteAtomFromAtomTable: 0x%lx", pRtlDeleteAtomFromAtomTable(table, a1));
  printf(", still there 0x%lx", pRtlLookupAtomInAtomTable(table, L"first", &found));
  printf(", again 0x%lx", pRtlDeleteAtomFromAtomTable(table, a1));
  printf(", gone 0x%lx, an integer atom 0x%lx\n", pRtlLookupAtomInAtomTable(table, L"first", &found),
         pRtlDeleteAtomFromAtomTable(table, 7));
  printf("RtlPinAtomInAtomTable: 0x%lx", pRtlPinAtomInAtomTable(table, a2));
  printf(", delete 0x%lx", pRtlDeleteAtomFromAtomTable(table, a2));
  pRtlQueryAtomInAtomTable(table, a2, &refs, &pin, NULL, NULL);
  printf(", refs %lu pin %lu\n", refs, pin);
  printf("RtlEmptyAtomTable: 0x%lx", pRtlEmptyAtomTable(table, FALSE));
  printf(", pinned stays 0x%lx", pRtlLookupAtomInAtomTable(table, L"second", &found));
  printf(", all 0x%lx", pRtlEmptyAtomTable(table, TRUE));
  printf(", gone 0x%lx\n", pRtlLookupAtomInAtomTable(table, L"second", &found));
  printf("RtlDestroyAtomTable: 0x%lx, null 0x%lx\n", pRtlDestroyAtomTable(table), pRtlDestroyAtomTable(NULL));
  return 0;
}
