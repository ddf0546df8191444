/* NTDLL's process debug information: RtlCreateQueryDebugBuffer, RtlQueryProcessDebugInformation of
 * this process's modules (PDI_MODULES: RTL_PROCESS_MODULES, the program first) and heaps (PDI_HEAPS:
 * RTL_PROCESS_HEAPS, the process heap first, as many as GetProcessHeaps tells), and
 * RtlDestroyQueryDebugBuffer. Expected output: what Microsoft's RTL_PROCESS_MODULES and
 * RTL_PROCESS_HEAPS hold; wine 8.0's query leaves them empty (wine-differences.txt). The i686 build
 * is held to the same file. */
#include <stdio.h>
#include <windows.h>

typedef struct {
  HANDLE SectionHandle;
  void *SectionBase, *RemoteSectionBase;
  ULONG SectionBaseDelta;
  HANDLE EventPairHandle;
  ULONG Unknown[2];
  HANDLE RemoteThreadHandle;
  ULONG InfoClassMask, SizeOfInfo, AllocatedSize, SectionSize;
  void *ModuleInformation, *BackTraceInformation, *HeapInformation, *LockInformation;
  void* Reserved[8];
} DEBUG_BUFFER;
typedef struct {
  HANDLE Section;
  void *MappedBase, *ImageBase;
  ULONG ImageSize, Flags;
  USHORT LoadOrderIndex, InitOrderIndex, LoadCount, OffsetToFileName;
  char FullPathName[256];
} MODULE;
typedef struct {
  ULONG NumberOfModules;
  MODULE Modules[1];
} MODULES;
typedef struct {
  void* BaseAddress;
  ULONG Flags;
  USHORT EntryOverhead, CreatorBackTraceIndex;
  SIZE_T BytesAllocated, BytesCommitted;
  ULONG NumberOfTags, NumberOfEntries, NumberOfPseudoTags, PseudoTagGranularity, Reserved[5];
  void *Tags, *Entries;
} HEAP_INFO;
typedef struct {
  ULONG NumberOfHeaps;
  HEAP_INFO Heaps[1];
} HEAPS;

typedef DEBUG_BUFFER*(NTAPI* Create_fn)(ULONG, BOOLEAN);
typedef LONG(NTAPI* Query_fn)(ULONG, ULONG, DEBUG_BUFFER*);
typedef LONG(NTAPI* Destroy_fn)(DEBUG_BUFFER*);

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Create_fn create = (Create_fn)GetProcAddress(ntdll, "RtlCreateQueryDebugBuffer");
  Query_fn query = (Query_fn)GetProcAddress(ntdll, "RtlQueryProcessDebugInformation");
  Destroy_fn destroy = (Destroy_fn)GetProcAddress(ntdll, "RtlDestroyQueryDebugBuffer");
  printf("found: %d %d %d\n", create != NULL, query != NULL, destroy != NULL);

  DEBUG_BUFFER* b = create(0, FALSE);
  printf("a buffer: %d, zeroed %d\n", b != NULL, b && !b->ModuleInformation && !b->HeapInformation && !b->InfoClassMask);
  LONG s = query(GetCurrentProcessId(), 0x1 /* PDI_MODULES */, b);
  const MODULES* m = (const MODULES*)b->ModuleInformation;
  printf("modules: 0x%lx, the mask %lu, some %d\n", (unsigned long)s, b->InfoClassMask, m && m->NumberOfModules > 0);
  if (m && m->NumberOfModules)
    printf("the program first %d, ntdll.dll among them %d\n", m->Modules[0].ImageBase == (void*)GetModuleHandleA(NULL),
           m->NumberOfModules > 1);
  HANDLE heaps[64];
  DWORD count = GetProcessHeaps(64, heaps);
  s = query(GetCurrentProcessId(), 0x4 /* PDI_HEAPS */, b);
  const HEAPS* h = (const HEAPS*)b->HeapInformation;
  printf("heaps: 0x%lx, as many as GetProcessHeaps tells %d\n", (unsigned long)s, h && h->NumberOfHeaps == count);
  if (h && h->NumberOfHeaps)
    printf("the process heap first %d, some bytes allocated %d\n", h->Heaps[0].BaseAddress == GetProcessHeap(),
           h->Heaps[0].BytesAllocated > 0);
  printf("destroy: 0x%lx\n", (unsigned long)destroy(b));
  return 0;
}
