/* NTDLL's RtlInterlockedPushListSList and KERNEL32's InterlockedPushListSList: a chain of entries
 * pushed at once (fastcall on i386: the head in ecx, the first entry in edx, the last and the count
 * on the stack), then popped one by one with the depth. Expected output: wine 8.0's (x64); the i686
 * build is held to the same file. */
#include <malloc.h>
#include <stdio.h>
#include <windows.h>

typedef PSLIST_ENTRY(__fastcall* PushList_fn)(PSLIST_HEADER, PSLIST_ENTRY, PSLIST_ENTRY, ULONG);

typedef struct {
  SLIST_ENTRY entry;
  int value;
} Item;

static void run(const char* dll, const char* name) {
  PushList_fn push_list = (PushList_fn)GetProcAddress(GetModuleHandleA(dll), name);
  printf("%s found: %d\n", name, push_list != NULL);
  if (!push_list) return;
  PSLIST_HEADER head = _aligned_malloc(sizeof(SLIST_HEADER), MEMORY_ALLOCATION_ALIGNMENT);
  InitializeSListHead(head);
  Item* items = _aligned_malloc(4 * sizeof(Item), MEMORY_ALLOCATION_ALIGNMENT);
  items[0].value = 100;
  InterlockedPushEntrySList(head, &items[0].entry);
  for (int i = 1; i < 4; ++i) items[i].value = i;
  items[1].entry.Next = &items[2].entry;
  items[2].entry.Next = &items[3].entry;
  PSLIST_ENTRY before = push_list(head, &items[1].entry, &items[3].entry, 3);
  printf("the first before: %d, depth %u\n", before == &items[0].entry, QueryDepthSList(head));
  PSLIST_ENTRY e;
  while ((e = InterlockedPopEntrySList(head))) printf(" %d", ((Item*)e)->value);
  printf("\ndepth after: %u\n", QueryDepthSList(head));
  _aligned_free(items);
  _aligned_free(head);
}

int main(void) {
  run("ntdll.dll", "RtlInterlockedPushListSList");
  run("kernel32.dll", "InterlockedPushListSList");
  return 0;
}
