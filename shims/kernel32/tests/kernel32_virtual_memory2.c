// Virtual memory beyond VirtualAlloc: VirtualAlloc2 with address requirements (a range, an
// alignment) and placeholders — reserved, split, replaced by an allocation and by a file mapping's
// view (MapViewOfFile3), given back (UnmapViewOfFile2, VirtualFree with MEM_PRESERVE_PLACEHOLDER),
// joined and released — the *Ex forms on this process, and NtAllocateVirtualMemoryEx. The
// functions are looked up in KernelBase and NTDLL, where Windows has them. Addresses are printed
// only as facts about them (inside the range asked for, aligned, equal to another).
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef MEM_RESERVE_PLACEHOLDER
#define MEM_RESERVE_PLACEHOLDER 0x00040000
#define MEM_REPLACE_PLACEHOLDER 0x00004000
#define MEM_PRESERVE_PLACEHOLDER 0x00000002
#define MEM_COALESCE_PLACEHOLDERS 0x00000001
#endif

typedef struct {
  DWORD64 Type;  // the type in the low 8 bits
  union {
    DWORD64 ULong64;
    PVOID Pointer;
  };
} ext_param;
typedef struct {
  PVOID LowestStartingAddress, HighestEndingAddress;
  SIZE_T Alignment;
} address_requirements;

typedef PVOID(WINAPI* virtual_alloc2_fn)(HANDLE, PVOID, SIZE_T, ULONG, ULONG, ext_param*, ULONG);
typedef PVOID(WINAPI* map_view3_fn)(HANDLE, HANDLE, PVOID, ULONG64, SIZE_T, ULONG, ULONG, ext_param*, ULONG);
typedef BOOL(WINAPI* unmap_view2_fn)(HANDLE, PVOID, ULONG);
typedef LONG(NTAPI* nt_alloc_ex_fn)(HANDLE, PVOID*, SIZE_T*, ULONG, ULONG, ext_param*, ULONG);
typedef LONG(NTAPI* nt_free_fn)(HANDLE, PVOID*, SIZE_T*, ULONG);

#define GRANULE 0x10000

static void show(const char* what, BOOL ok) { printf("%s: %d error %lu\n", what, ok, ok ? 0ul : GetLastError()); }

int main(void) {
  HMODULE kb = GetModuleHandleA("kernelbase.dll"), nt = GetModuleHandleA("ntdll.dll");
  virtual_alloc2_fn alloc2 = (virtual_alloc2_fn)GetProcAddress(kb, "VirtualAlloc2");
  map_view3_fn map3 = (map_view3_fn)GetProcAddress(kb, "MapViewOfFile3");
  unmap_view2_fn unmap2 = (unmap_view2_fn)GetProcAddress(kb, "UnmapViewOfFile2");
  nt_alloc_ex_fn nt_alloc_ex = (nt_alloc_ex_fn)GetProcAddress(nt, "NtAllocateVirtualMemoryEx");
  nt_free_fn nt_free = (nt_free_fn)GetProcAddress(nt, "NtFreeVirtualMemory");
  printf("found: %d %d %d %d %d\n", alloc2 != NULL, map3 != NULL, unmap2 != NULL, nt_alloc_ex != NULL, nt_free != NULL);
  if (!alloc2 || !map3 || !unmap2 || !nt_alloc_ex || !nt_free) return 1;

  // Address requirements: within [lowest, highest], on a 1 MiB boundary.
  address_requirements req = {(PVOID)(ULONG_PTR)0x20000000, (PVOID)(ULONG_PTR)0x3fffffff, 0x100000};
  ext_param param = {1, {0}};
  param.Pointer = &req;
  char* p = alloc2(GetCurrentProcess(), NULL, 3 * GRANULE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, &param, 1);
  printf("VirtualAlloc2 with requirements: %d inside %d aligned %d\n", p != NULL,
         p && (ULONG_PTR)p >= 0x20000000 && (ULONG_PTR)p + 3 * GRANULE - 1 <= 0x3fffffff, p && ((ULONG_PTR)p & 0xfffff) == 0);
  if (p) {
    p[0] = 1, p[3 * GRANULE - 1] = 2;
    show("  freed", VirtualFree(p, 0, MEM_RELEASE));
  }
  req.Alignment = 0x1234;
  SetLastError(0);
  p = alloc2(NULL, NULL, GRANULE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, &param, 1);
  printf("VirtualAlloc2, alignment not a power of two: %d error %lu\n", p != NULL, GetLastError());
  req.Alignment = 0;
  req.HighestEndingAddress = (PVOID)(ULONG_PTR)0x2000ffff;
  p = alloc2(NULL, NULL, 2 * GRANULE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, &param, 1);
  printf("VirtualAlloc2, range too small: %d\n", p != NULL);
  ext_param bad = {99, {0}};
  p = alloc2(NULL, NULL, GRANULE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, &bad, 1);
  printf("VirtualAlloc2, unknown parameter: %d error %lu\n", p != NULL, GetLastError());
  p = alloc2(NULL, NULL, GRANULE, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE, NULL, 0);
  printf("VirtualAlloc2, plain: %d\n", p != NULL);
  if (p) VirtualFree(p, 0, MEM_RELEASE);

  // Placeholders: four granules, split in two, each replaced, given back, joined, released.
  char* ph = alloc2(NULL, NULL, 4 * GRANULE, MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS, NULL, 0);
  printf("placeholder: %d\n", ph != NULL);
  SetLastError(0);
  p = alloc2(NULL, NULL, GRANULE, MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
  printf("placeholder, not PAGE_NOACCESS: %d error %lu\n", p != NULL, GetLastError());
  p = alloc2(NULL, ph, 4 * GRANULE, MEM_RESERVE | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
  printf("replace the whole placeholder: %d at it %d\n", p != NULL, p == ph);
  show("give it back", VirtualFree(ph, 0, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER));
  // With a base address, address requirements must be all zeroes (a reservation's runtime passes
  // the same zeroed ones to every call).
  address_requirements none = {NULL, NULL, 0};
  ext_param zero = {1, {0}};
  zero.Pointer = &none;
  req.LowestStartingAddress = NULL, req.HighestEndingAddress = NULL, req.Alignment = 0x100000;
  p = alloc2(NULL, ph, 4 * GRANULE, MEM_RESERVE | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, &param, 1);
  printf("replace, a base and requirements: %d\n", p != NULL);
  p = alloc2(NULL, ph, 4 * GRANULE, MEM_RESERVE | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, &zero, 1);
  printf("replace, a base and zero requirements: %d at it %d\n", p != NULL, p == ph);
  show("give it back again", VirtualFree(ph, 0, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER));
  show("split off the first two granules", VirtualFree(ph, 2 * GRANULE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER));
  SetLastError(0);
  p = alloc2(NULL, ph, 4 * GRANULE, MEM_RESERVE | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
  printf("replace with the old size: %d error %lu\n", p != NULL, GetLastError());
  p = alloc2(NULL, ph, 2 * GRANULE, MEM_RESERVE | MEM_COMMIT | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
  printf("replace the first: %d at it %d\n", p != NULL, p == ph);
  if (p) strcpy(p, "in the first placeholder");

  HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 2 * GRANULE, NULL);
  char* view = map3(mapping, GetCurrentProcess(), ph + 2 * GRANULE, 0, 2 * GRANULE, MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
  printf("MapViewOfFile3 into the second: %d at it %d\n", view != NULL, view == ph + 2 * GRANULE);
  if (view) {
    strcpy(view, "in the view");
    char* other = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    printf("  another view reads: [%s]\n", other ? other : "");
    if (other) UnmapViewOfFile(other);
  }
  SetLastError(0);
  char* again = map3(mapping, GetCurrentProcess(), ph + 2 * GRANULE, 0, 2 * GRANULE, MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
  printf("MapViewOfFile3 over a view: %d\n", again != NULL);
  show("UnmapViewOfFile2 keeping the placeholder", unmap2(GetCurrentProcess(), view, MEM_PRESERVE_PLACEHOLDER));
  show("the allocation back to a placeholder", VirtualFree(ph, 0, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER));
  show("join them", VirtualFree(ph, 4 * GRANULE, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS));
  printf("join one: %d\n", VirtualFree(ph, 4 * GRANULE, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS));
  show("release it", VirtualFree(ph, 0, MEM_RELEASE));
  CloseHandle(mapping);

  // A placeholder of three pages (not a whole granule) is replaced whole by three pages.
  ph = alloc2(NULL, NULL, 3 * 4096 - 100, MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS, NULL, 0);
  printf("placeholder of three pages: %d\n", ph != NULL);
  SetLastError(0);
  p = alloc2(NULL, ph, 4 * 4096, MEM_RESERVE | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
  printf("  replaced by four pages: %d error %lu\n", p != NULL, GetLastError());
  p = alloc2(NULL, ph, 3 * 4096, MEM_RESERVE | MEM_COMMIT | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL, 0);
  printf("  replaced by three pages: %d at it %d\n", p != NULL, p == ph);
  if (p) show("  release it", VirtualFree(p, 0, MEM_RELEASE));

  // The Ex forms on this process.
  p = VirtualAllocEx(GetCurrentProcess(), NULL, GRANULE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  printf("VirtualAllocEx: %d\n", p != NULL);
  DWORD old = 0;
  show("VirtualProtectEx", VirtualProtectEx(GetCurrentProcess(), p, GRANULE, PAGE_READONLY, &old));
  printf("  old protection %lx\n", old);
  show("VirtualFreeEx", VirtualFreeEx(GetCurrentProcess(), p, 0, MEM_RELEASE));
  p = VirtualAllocExNuma(GetCurrentProcess(), NULL, GRANULE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, 0);
  printf("VirtualAllocExNuma(node 0): %d\n", p != NULL);
  if (p) VirtualFree(p, 0, MEM_RELEASE);

  // NTDLL.
  PVOID base = NULL;
  SIZE_T size = 5000;
  LONG status = nt_alloc_ex(GetCurrentProcess(), &base, &size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, NULL, 0);
  printf("NtAllocateVirtualMemoryEx: %08lx size rounded to %lu\n", (unsigned long)status, (unsigned long)size);
  size = 0;
  status = nt_free(GetCurrentProcess(), &base, &size, MEM_RELEASE);
  printf("NtFreeVirtualMemory: %08lx\n", (unsigned long)status);
  base = NULL;
  size = 4096;
  status = nt_alloc_ex(GetCurrentProcess(), &base, &size, MEM_RESERVE | MEM_COMMIT, 0x1234, NULL, 0);
  printf("NtAllocateVirtualMemoryEx, bad protection: %08lx\n", (unsigned long)status);
  return 0;
}
