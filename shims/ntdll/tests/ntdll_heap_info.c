/* NTDLL's heap walk and heap information: RtlWalkHeap over a heap of three blocks (each found busy,
 * with its size; the walk's end), RtlCompactHeap, RtlQueryHeapInformation and RtlSetHeapInformation
 * (the low-fragmentation heap), and a block's user value and flags (RtlSetUserValueHeap,
 * RtlSetUserFlagsHeap, RtlGetUserInfoHeap). Expected output: wine 8.0's (x64); the i686 build is
 * held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  void* DataAddress;
  SIZE_T DataSize;
  UCHAR OverheadBytes;
  UCHAR SegmentIndex;
  USHORT Flags;
  union {
    struct {
      SIZE_T Settable;
      USHORT TagIndex;
      USHORT AllocatorBackTraceIndex;
      ULONG Reserved[2];
    } Block;
    struct {
      ULONG CommittedSize;
      ULONG UnCommittedSize;
      void* FirstEntry;
      void* LastEntry;
    } Segment;
  };
} WALK_ENTRY;

typedef LONG(NTAPI* Walk_fn)(HANDLE, WALK_ENTRY*);
typedef SIZE_T(NTAPI* Compact_fn)(HANDLE, ULONG);
typedef LONG(NTAPI* QueryInfo_fn)(HANDLE, ULONG, void*, SIZE_T, SIZE_T*);
typedef LONG(NTAPI* SetInfo_fn)(HANDLE, ULONG, void*, SIZE_T);
typedef BOOLEAN(NTAPI* SetValue_fn)(HANDLE, ULONG, void*, void*);
typedef BOOLEAN(NTAPI* SetFlags_fn)(HANDLE, ULONG, void*, ULONG, ULONG);
typedef BOOLEAN(NTAPI* GetInfo_fn)(HANDLE, ULONG, void*, void**, ULONG*);

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Walk_fn walk = (Walk_fn)GetProcAddress(ntdll, "RtlWalkHeap");
  Compact_fn compact = (Compact_fn)GetProcAddress(ntdll, "RtlCompactHeap");
  QueryInfo_fn query = (QueryInfo_fn)GetProcAddress(ntdll, "RtlQueryHeapInformation");
  SetInfo_fn set = (SetInfo_fn)GetProcAddress(ntdll, "RtlSetHeapInformation");
  SetValue_fn set_value = (SetValue_fn)GetProcAddress(ntdll, "RtlSetUserValueHeap");
  SetFlags_fn set_flags = (SetFlags_fn)GetProcAddress(ntdll, "RtlSetUserFlagsHeap");
  GetInfo_fn get_info = (GetInfo_fn)GetProcAddress(ntdll, "RtlGetUserInfoHeap");
  printf("found: %d %d %d %d %d %d %d\n", walk != NULL, compact != NULL, query != NULL, set != NULL,
         set_value != NULL, set_flags != NULL, get_info != NULL);

  HANDLE heap = HeapCreate(0, 0, 0);
  char* blocks[3];
  SIZE_T sizes[3] = {16, 100, 1000};
  /* The first with HEAP_SETTABLE_USER_VALUE: its user value and flags may be set. */
  for (int i = 0; i < 3; ++i) blocks[i] = HeapAlloc(heap, i == 0 ? 0x100 : 0, sizes[i]);

  WALK_ENTRY e;
  memset(&e, 0, sizeof e);
  int found[3] = {0, 0, 0}, segments = 0, busy = 0, steps = 0;
  LONG s;
  while ((s = walk(heap, &e)) == 0 && steps < 10000) {
    ++steps;
    if (e.Flags & 2) ++segments;
    if (e.Flags & 1) {
      ++busy;
      for (int i = 0; i < 3; ++i)
        if (e.DataAddress == blocks[i]) found[i] = e.DataSize == sizes[i] ? 1 : 2;
    }
  }
  printf("walk: ended with 0x%lx, a segment %d, busy entries %d, the blocks found with their sizes %d %d %d\n",
         (unsigned long)s, segments > 0, busy, found[0], found[1], found[2]);

  /* HeapWalk sees the same blocks. */
  PROCESS_HEAP_ENTRY pe;
  memset(&pe, 0, sizeof pe);
  int k32_found = 0;
  while (HeapWalk(heap, &pe))
    if ((pe.wFlags & PROCESS_HEAP_ENTRY_BUSY) && pe.lpData == blocks[1] && pe.cbData == 100) k32_found = 1;
  printf("HeapWalk: the second block %d, ended with %lu\n", k32_found, GetLastError());

  printf("compact: some free %d\n", compact(heap, 0) > 0);

  ULONG value = 0xcccc;
  SIZE_T needed = 0;
  s = query(heap, 0 /* HeapCompatibilityInformation */, &value, sizeof value, &needed);
  printf("query: 0x%lx, value %lu, needed %lu\n", (unsigned long)s, value, (unsigned long)needed);
  s = query(heap, 0, &value, 2, &needed);
  printf("query into 2 bytes: 0x%lx, needed %lu\n", (unsigned long)s, (unsigned long)needed);
  s = query(heap, 5, &value, sizeof value, &needed);
  printf("query class 5: 0x%lx\n", (unsigned long)s);
  value = 2;
  s = set(heap, 0, &value, sizeof value);
  printf("set the low-fragmentation heap: 0x%lx\n", (unsigned long)s);
  value = 0xcccc;
  s = query(heap, 0, &value, sizeof value, &needed);
  printf("query: 0x%lx, value %lu\n", (unsigned long)s, value);
  value = 0;
  s = set(heap, 0, &value, sizeof value);
  printf("set it off again: 0x%lx\n", (unsigned long)s);
  value = 7;
  s = set(heap, 0, &value, sizeof value);
  printf("set 7: 0x%lx\n", (unsigned long)s);

  void* user = NULL;
  ULONG flags = 0xcccc;
  printf("get a new block's: %d", get_info(heap, 0, blocks[0], &user, &flags));
  printf(", value 0x%lx flags 0x%lx\n", (unsigned long)(ULONG_PTR)user, flags);
  printf("set its value: %d\n", set_value(heap, 0, blocks[0], (void*)0x1234));
  printf("set its flags: %d\n", set_flags(heap, 0, blocks[0], 0, 0x200));
  user = NULL;
  flags = 0xcccc;
  printf("get: %d", get_info(heap, 0, blocks[0], &user, &flags));
  printf(", value 0x%lx flags 0x%lx\n", (unsigned long)(ULONG_PTR)user, flags);
  printf("clear the flag: %d\n", set_flags(heap, 0, blocks[0], 0x200, 0));
  printf("a flag not settable: %d\n", set_flags(heap, 0, blocks[0], 0, 0x1));
  flags = 0xcccc;
  get_info(heap, 0, blocks[0], &user, &flags);
  printf("flags now 0x%lx\n", flags);
  user = NULL;
  printf("set the second block's (no HEAP_SETTABLE_USER_VALUE): %d\n", set_value(heap, 0, blocks[1], (void*)0x1234));
  user = NULL;
  get_info(heap, 0, blocks[1], &user, &flags);
  printf("the second block's value 0x%lx\n", (unsigned long)(ULONG_PTR)user);
  HeapFree(heap, 0, blocks[2]);
  printf("a freed block's: %d\n", get_info(heap, 0, blocks[2], &user, &flags));
  printf("set a freed block's value: %d\n", set_value(heap, 0, blocks[2], (void*)1));
  HeapDestroy(heap);
  return 0;
}
