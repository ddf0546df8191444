/* A PE file's resources written anew: the program copies itself, adds, replaces and deletes
 * resources with BeginUpdateResource, UpdateResource and EndUpdateResource, and reads the copy's
 * resources back (LoadLibraryEx as a data file, EnumResourceTypes/Names/Languages, FindResourceEx,
 * SizeofResource, LoadResource); then starts anew with bDeleteExisting, and discards an update.
 * Bytes appended to the copy (an installer's payload) stay in it through every update. */
#include <windows.h>

#include <stdio.h>
#include <string.h>

static BOOL CALLBACK lang_cb(HMODULE m, LPCSTR type, LPCSTR name, WORD lang, LONG_PTR l) {
  HRSRC r = FindResourceExA(m, type, name, lang);
  DWORD size = SizeofResource(m, r);
  const char* data = (const char*)LockResource(LoadResource(m, r));
  printf("      lang %04x size %lu [%.*s]\n", lang, size, (int)(size > 20 ? 20 : size), data ? data : "");
  return TRUE;
}
static BOOL CALLBACK name_cb(HMODULE m, LPCSTR type, LPSTR name, LONG_PTR l) {
  if (IS_INTRESOURCE(name)) printf("    name #%u\n", (unsigned)(ULONG_PTR)name);
  else printf("    name %s\n", name);
  EnumResourceLanguagesA(m, type, name, lang_cb, 0);
  return TRUE;
}
static BOOL CALLBACK type_cb(HMODULE m, LPSTR type, LONG_PTR l) {
  if (IS_INTRESOURCE(type)) {
    if ((ULONG_PTR)type == 16 || (ULONG_PTR)type == 24) return TRUE; /* the toolchain's version and manifest */
    printf("  type #%u\n", (unsigned)(ULONG_PTR)type);
  } else {
    printf("  type %s\n", type);
  }
  EnumResourceNamesA(m, type, name_cb, 0);
  return TRUE;
}

static void show(const char* file) {
  HMODULE m = LoadLibraryExA(file, NULL, LOAD_LIBRARY_AS_DATAFILE);
  if (!m) {
    printf("  cannot load: %lu\n", GetLastError());
    return;
  }
  SetLastError(0);
  BOOL r = EnumResourceTypesA(m, type_cb, 0);
  printf("  enumerated %d (err %lu)\n", r, r ? 0 : GetLastError());
  FreeLibrary(m);
}

/* (Made when the program starts, from its reverse: the program's own bytes do not hold it.) */
static const char reversed[] = "DAOLYAP-DEDNEPPA-NURYLOP";
static char trailer[sizeof reversed];
static int trailer_kept(const char* file) {
  HANDLE f = CreateFileA(file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  DWORD size = GetFileSize(f, NULL), got = 0;
  char* b = HeapAlloc(GetProcessHeap(), 0, size);
  ReadFile(f, b, size, &got, NULL);
  CloseHandle(f);
  int found = 0;
  for (DWORD i = 0; i + sizeof trailer - 1 <= got && !found; i++) found = memcmp(b + i, trailer, sizeof trailer - 1) == 0;
  HeapFree(GetProcessHeap(), 0, b);
  return found;
}

int main(void) {
  char self[MAX_PATH], copy[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  GetTempPathA(sizeof copy, copy);
  strcat(copy, "k32_update_resource.exe");
  for (size_t i = 0; i + 1 < sizeof reversed; i++) trailer[i] = reversed[sizeof reversed - 2 - i];
  printf("CopyFile %d\n", CopyFileA(self, copy, FALSE));
  HANDLE a = CreateFileA(copy, FILE_APPEND_DATA, 0, NULL, OPEN_EXISTING, 0, NULL);
  DWORD written = 0;
  WriteFile(a, trailer, sizeof trailer - 1, &written, NULL);
  CloseHandle(a);
  printf("appended %lu, found %d\n", written, trailer_kept(copy));

  HANDLE h = BeginUpdateResourceA(copy, FALSE);
  printf("BeginUpdateResourceA %d\n", h != NULL);
  printf("add RCDATA 7 %d\n", UpdateResourceA(h, RT_RCDATA, MAKEINTRESOURCEA(7), 0x409, "seven", 5));
  printf("add RCDATA 7 german %d\n", UpdateResourceA(h, RT_RCDATA, MAKEINTRESOURCEA(7), 0x407, "sieben", 6));
  printf("add MYTYPE Hello %d\n", UpdateResourceA(h, "MYTYPE", "Hello", 0x409, "hello data", 10));
  printf("add MYTYPE #12 %d\n", UpdateResourceA(h, "MYTYPE", "#12", 0, "twelve", 6));
  printf("EndUpdateResourceA %d\n", EndUpdateResourceA(h, FALSE));
  printf("appended bytes kept %d\n", trailer_kept(copy));
  printf("after adding:\n");
  show(copy);

  HANDLE hw = BeginUpdateResourceW((const WCHAR*)L"", FALSE);
  printf("BeginUpdateResourceW(\"\") %d\n", hw != NULL);
  WCHAR wcopy[MAX_PATH];
  MultiByteToWideChar(CP_ACP, 0, copy, -1, wcopy, MAX_PATH);
  hw = BeginUpdateResourceW(wcopy, FALSE);
  printf("replace RCDATA 7 %d\n", UpdateResourceW(hw, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(7), 0x409, (void*)"SEVEN!!", 7));
  printf("delete german %d\n", UpdateResourceW(hw, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(7), 0x407, NULL, 0));
  printf("delete MYTYPE #12 %d\n", UpdateResourceW(hw, L"MYTYPE", MAKEINTRESOURCEW(12), 0, NULL, 0));
  printf("EndUpdateResourceW %d\n", EndUpdateResourceW(hw, FALSE));
  printf("appended bytes kept %d\n", trailer_kept(copy));
  printf("after replacing and deleting:\n");
  show(copy);

  h = BeginUpdateResourceA(copy, FALSE);
  UpdateResourceA(h, RT_RCDATA, MAKEINTRESOURCEA(99), 0x409, "discarded", 9);
  printf("EndUpdateResourceA discard %d\n", EndUpdateResourceA(h, TRUE));
  SetLastError(0);
  printf("UpdateResourceA after End %d err %lu\n", UpdateResourceA(h, RT_RCDATA, MAKEINTRESOURCEA(1), 0, "x", 1), GetLastError());
  printf("after discarding:\n");
  show(copy);

  h = BeginUpdateResourceA(copy, TRUE);
  printf("BeginUpdateResourceA(delete existing) %d\n", h != NULL);
  UpdateResourceA(h, RT_RCDATA, MAKEINTRESOURCEA(1), 0x409, "only one", 8);
  /* A null name is the integer ID 0 (MAKEINTRESOURCE(0)). */
  printf("UpdateResourceA(name NULL) %d\n", UpdateResourceA(h, RT_RCDATA, NULL, 0x409, "zero", 4));
  printf("EndUpdateResourceA %d\n", EndUpdateResourceA(h, FALSE));
  printf("appended bytes kept %d\n", trailer_kept(copy));
  printf("after starting anew:\n");
  show(copy);
  SetLastError(0);
  h = BeginUpdateResourceA("k32_no_such_file.exe", FALSE);
  printf("BeginUpdateResourceA missing %d err %lu\n", h != NULL, GetLastError());
  DeleteFileA(copy);
  return 0;
}
