// SHFileOperationW/A without confirmations: a file copied to a new name in a folder that does not
// exist yet, a folder tree copied, several sources into a folder, FOF_MULTIDESTFILES' pairs, the
// codes of a missing source, of a file onto itself, of several files onto one file and of a rename
// onto an existing name; a move into a folder and to a new name, a rename, deletions (of files by
// a wildcard with FOF_FILESONLY, of a folder tree), an empty list; each step's tree listed. The
// same through SHFileOperationA. A copy onto an existing file with FOF_RENAMEONCOLLISION and
// FOF_WANTMAPPINGHANDLE. Expected output: wine 8.0's (x64), but for the last (wine-differences.txt).
// Links: -lshell32
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <shellapi.h>

static char top[64];
static const FILEOP_FLAGS quiet = FOF_NOCONFIRMATION | FOF_SILENT | FOF_NOERRORUI | FOF_NOCONFIRMMKDIR;

static int compare_names(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

// Every name below `dir`, relative to the top folder, sorted, with a file's size.
static void list_into(const char* dir, char** names, int* count) {
  char spec[MAX_PATH];
  WIN32_FIND_DATAA fd;
  snprintf(spec, sizeof spec, "%s\\*", dir);
  HANDLE h = FindFirstFileA(spec, &fd);
  if (h == INVALID_HANDLE_VALUE) return;
  do {
    if (!strcmp(fd.cFileName, ".") || !strcmp(fd.cFileName, "..")) continue;
    char path[MAX_PATH], line[MAX_PATH + 32];
    snprintf(path, sizeof path, "%s\\%s", dir, fd.cFileName);
    if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
      snprintf(line, sizeof line, "%s\\", path + strlen(top) + 1);
      names[(*count)++] = _strdup(line);
      list_into(path, names, count);
    } else {
      snprintf(line, sizeof line, "%s (%lu)", path + strlen(top) + 1, fd.nFileSizeLow);
      names[(*count)++] = _strdup(line);
    }
  } while (FindNextFileA(h, &fd));
  FindClose(h);
}

static void show_tree(void) {
  char* names[256];
  int count = 0;
  list_into(top, names, &count);
  qsort(names, count, sizeof names[0], compare_names);
  printf("  tree:");
  for (int i = 0; i < count; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

static void make_file(const char* name, const char* text) {
  char path[MAX_PATH];
  DWORD n;
  snprintf(path, sizeof path, "%s\\%s", top, name);
  HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
  CloseHandle(h);
}

// A double-NUL list of wide names from "a|b|c", each under the top folder.
static void wide_list(WCHAR* out, const char* names) {
  char buf[1024], *save = NULL;
  WCHAR* o = out;
  strcpy(buf, names);
  for (char* t = strtok_s(buf, "|", &save); t; t = strtok_s(NULL, "|", &save)) {
    char path[MAX_PATH];
    snprintf(path, sizeof path, "%s\\%s", top, t);
    o += MultiByteToWideChar(CP_ACP, 0, path, -1, o, MAX_PATH);
  }
  *o = 0;
}

static void op(const char* what, UINT func, const char* from, const char* to, FILEOP_FLAGS flags) {
  WCHAR wfrom[2048], wto[2048];
  SHFILEOPSTRUCTW s;
  memset(&s, 0, sizeof s);
  wide_list(wfrom, from);
  s.wFunc = func;
  s.pFrom = wfrom;
  if (to) {
    wide_list(wto, to);
    s.pTo = wto;
  }
  s.fFlags = flags;
  s.fAnyOperationsAborted = 7;
  int r = SHFileOperationW(&s);
  printf("%s: %d (0x%x), aborted %d\n", what, r, r, s.fAnyOperationsAborted);
  show_tree();
}

int main(void) {
  snprintf(top, sizeof top, "sfo_%lu", GetCurrentProcessId());
  CreateDirectoryA(top, NULL);
  char sub[MAX_PATH];
  snprintf(sub, sizeof sub, "%s\\src", top);
  CreateDirectoryA(sub, NULL);
  snprintf(sub, sizeof sub, "%s\\src\\deep", top);
  CreateDirectoryA(sub, NULL);
  make_file("src\\a.txt", "alpha");
  make_file("src\\b.txt", "bravo!");
  make_file("src\\deep\\c.dat", "charlie..");
  printf("start\n");
  show_tree();

  op("copy a file to a new folder", FO_COPY, "src\\a.txt", "new\\a2.txt", quiet);
  op("copy a folder tree", FO_COPY, "src", "tree", quiet);
  op("copy a folder tree into an existing folder", FO_COPY, "src", "tree", quiet);
  op("copy two files into a folder", FO_COPY, "src\\a.txt|src\\b.txt", "new", quiet);
  op("copy by a wildcard into a folder", FO_COPY, "src\\*.txt", "new", quiet);
  op("copy pairs", FO_COPY, "src\\a.txt|src\\b.txt", "p1.txt|p2.txt", quiet | FOF_MULTIDESTFILES);
  op("copy a missing file", FO_COPY, "src\\none.txt", "x.txt", quiet);
  op("copy a file onto itself", FO_COPY, "src\\a.txt", "src\\a.txt", quiet);
  op("copy two files onto one file", FO_COPY, "src\\a.txt|src\\b.txt", "p1.txt", quiet);
  op("copy over an existing file", FO_COPY, "src\\b.txt", "p1.txt", quiet);
  op("move a file into a folder", FO_MOVE, "p1.txt", "new", quiet);
  op("move a file to a new name", FO_MOVE, "p2.txt", "new\\moved.txt", quiet);
  op("move a folder", FO_MOVE, "tree\\src", "moved_tree", quiet);
  op("rename", FO_RENAME, "new\\moved.txt", "new\\renamed.txt", quiet);
  op("rename onto an existing name", FO_RENAME, "new\\renamed.txt", "new\\a.txt", quiet);
  op("rename two", FO_RENAME, "new\\a.txt|new\\b.txt", "new\\c.txt", quiet);
  op("delete files by a wildcard, files only", FO_DELETE, "moved_tree\\*", NULL, quiet | FOF_FILESONLY);
  op("delete a folder tree", FO_DELETE, "moved_tree", NULL, quiet);
  op("delete two names", FO_DELETE, "new\\a2.txt|new\\renamed.txt", NULL, quiet);

  SHFILEOPSTRUCTW empty;
  WCHAR nothing[2] = {0, 0};
  memset(&empty, 0, sizeof empty);
  empty.wFunc = FO_DELETE;
  empty.pFrom = nothing;
  empty.fFlags = quiet;
  const int empty_list = SHFileOperationW(&empty), no_request = SHFileOperationW(NULL);
  printf("an empty list: %d\nno request: %d\n", empty_list, no_request);

  // The ANSI form: a copy and the deletion of everything.
  char from[MAX_PATH * 2], to[MAX_PATH * 2];
  SHFILEOPSTRUCTA a;
  memset(&a, 0, sizeof a);
  memset(from, 0, sizeof from);
  memset(to, 0, sizeof to);
  snprintf(from, sizeof from, "%s\\src\\deep\\c.dat", top);
  snprintf(to, sizeof to, "%s\\ansi.dat", top);
  a.wFunc = FO_COPY;
  a.pFrom = from;
  a.pTo = to;
  a.fFlags = quiet;
  const int copied = SHFileOperationA(&a);
  printf("SHFileOperationA copy: %d\n", copied);
  show_tree();

  // FOF_RENAMEONCOLLISION with FOF_WANTMAPPINGHANDLE: the existing destination stays as it was, the
  // copy takes another name in the same folder, and the mapping names the two.
  {
    WCHAR wfrom[MAX_PATH], wto[MAX_PATH];
    SHFILEOPSTRUCTW s;
    memset(&s, 0, sizeof s);
    wide_list(wfrom, "src\\b.txt");
    wide_list(wto, "new\\a.txt");
    s.wFunc = FO_COPY;
    s.pFrom = wfrom;
    s.pTo = wto;
    s.fFlags = quiet | FOF_RENAMEONCOLLISION | FOF_WANTMAPPINGHANDLE;
    const int r = SHFileOperationW(&s);
    char spec[MAX_PATH];
    snprintf(spec, sizeof spec, "%s\\new\\*", top);
    WIN32_FIND_DATAA fd;
    int files = 0, sixes = 0;
    HANDLE h = FindFirstFileA(spec, &fd);
    do {
      if (!(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) files++, sixes += fd.nFileSizeLow == 6;
    } while (FindNextFileA(h, &fd));
    FindClose(h);
    printf("rename on collision: %d, files in new %d, of six bytes %d, mappings %s\n", r, files, sixes,
           s.hNameMappings ? "returned" : "none");
    if (s.hNameMappings) {
      struct {
        UINT count;
        SHNAMEMAPPINGW* mappings;
      }* m = s.hNameMappings;
      printf("  %u mapping, old name ends in new\\a.txt %d, new name in new\\ %d\n", m->count,
             m->count && wcsstr(m->mappings[0].pszOldPath, L"new\\a.txt") != NULL,
             m->count && wcsstr(m->mappings[0].pszNewPath, L"\\new\\") != NULL);
      SHFreeNameMappings(s.hNameMappings);
    }
  }

  memset(from, 0, sizeof from);
  strcpy(from, top);
  a.wFunc = FO_DELETE;
  a.pTo = NULL;
  const int deleted = SHFileOperationA(&a);
  printf("SHFileOperationA delete: %d, there after: %d\n", deleted, GetFileAttributesA(top) != INVALID_FILE_ATTRIBUTES);
  return 0;
}
