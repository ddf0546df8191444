/* DLLs that hold only resources, as Windows loads them into a 64-bit process: of another machine
   (x86) when they have no code, refused when they are of a machine Windows here has not (ARM64),
   placed anywhere when they have no relocations, and any PE
   file mapped for its resources by LoadLibraryEx (LOAD_LIBRARY_AS_DATAFILE: the handle's low bit;
   LOAD_LIBRARY_AS_IMAGE_RESOURCE: its second bit), with FindResource, LoadResource, SizeofResource
   and LoadString on each, and what GetModuleHandle and FreeLibrary make of them. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void resources_of(const char *what, HMODULE h) {
  char text[64] = "";
  int n = LoadStringA(h, 7, text, sizeof text);
  HRSRC r = FindResourceA(h, MAKEINTRESOURCEA(42), (LPCSTR)RT_RCDATA);
  DWORD size = r ? SizeofResource(h, r) : 0;
  HGLOBAL g = r ? LoadResource(h, r) : NULL;
  const char *data = g ? (const char *)LockResource(g) : NULL;
  char missing[16] = "x";
  SetLastError(0);
  int none = LoadStringA(h, 3, missing, sizeof missing);
  printf("%s: string 7 (%d) \"%s\", rcdata 42 %lu bytes \"%.16s\", string 3: %d \"%s\"\n", what, n, text,
         (unsigned long)size, data ? data : "(none)", none, missing);
}

static void load(const char *name) {
  SetLastError(0);
  HMODULE h = LoadLibraryA(name);
  printf("LoadLibrary(%s): %s, error %lu\n", name, h ? "loaded" : "failed", (unsigned long)GetLastError());
  if (!h) return;
  printf("  low bits %d, GetModuleHandle finds it %d, GetProcAddress(DllMain) %d\n", (int)((ULONG_PTR)h & 3),
         GetModuleHandleA(name) == h, GetProcAddress(h, "DllMain") != NULL);
  resources_of("  resources", h);
  BOOL freed = FreeLibrary(h);
  printf("  FreeLibrary %d, then GetModuleHandle %d\n", freed, GetModuleHandleA(name) != NULL);
}

static void load_as(const char *name, DWORD flags, const char *how) {
  SetLastError(0);
  HMODULE h = LoadLibraryExA(name, NULL, flags);
  printf("LoadLibraryEx(%s, %s): %s, error %lu\n", name, how, h ? "loaded" : "failed", (unsigned long)GetLastError());
  if (!h) return;
  printf("  low bits %d, GetModuleHandle finds it %d\n", (int)((ULONG_PTR)h & 3), GetModuleHandleA(name) != NULL);
  resources_of("  resources", h);
  SetLastError(0);
  BOOL freed = FreeLibrary(h);
  printf("  FreeLibrary %d, error %lu\n", freed, (unsigned long)GetLastError());
}

int main(void) {
  /* Two DLLs of one preferred base without relocations: the second goes elsewhere, as it has no code. */
  HMODULE a = LoadLibraryA("res_only_x64.dll"), b = LoadLibraryA("res_only_x64b.dll");
  printf("two at one base without relocations: %d %d, apart %d\n", a != NULL, b != NULL, a != b);
  if (b) resources_of("  the second's", b);
  if (a) FreeLibrary(a);
  if (b) FreeLibrary(b);
  load("res_only_x86.dll");
  load("res_only_arm64.dll");
  load("res_only_x64.dll");
  load_as("res_only_x64.dll", LOAD_LIBRARY_AS_DATAFILE, "AS_DATAFILE");
  load_as("res_only_x64.dll", LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE, "AS_DATAFILE_EXCLUSIVE");
  load_as("res_only_x64.dll", LOAD_LIBRARY_AS_IMAGE_RESOURCE, "AS_IMAGE_RESOURCE");
  load_as("res_only_x64.dll", LOAD_LIBRARY_AS_IMAGE_RESOURCE | LOAD_LIBRARY_AS_DATAFILE, "AS_IMAGE_RESOURCE|AS_DATAFILE");
  load_as("res_only_x86.dll", LOAD_LIBRARY_AS_DATAFILE, "AS_DATAFILE");
  load_as("res_only_arm64.dll", LOAD_LIBRARY_AS_IMAGE_RESOURCE, "AS_IMAGE_RESOURCE");
  load_as("no_such_file.dll", LOAD_LIBRARY_AS_DATAFILE, "AS_DATAFILE");
  load_as("resource_dll.txt", LOAD_LIBRARY_AS_DATAFILE, "AS_DATAFILE");
  return 0;
}
