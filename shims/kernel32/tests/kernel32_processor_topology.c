/* GetLogicalProcessorInformationEx (each relationship alone and all of them: records' kinds and
 * sizes, the cores' and packages' masks against the old GetLogicalProcessorInformation's, the
 * group), and GetSystemCpuSetInformation (one set for each processor). */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>

/* (Declared here: the toolchain's headers have it only for newer Windows targets.) */
typedef BOOL(WINAPI* GetSystemCpuSetInformation_t)(void*, ULONG, ULONG*, HANDLE, ULONG);

static int count_old(LOGICAL_PROCESSOR_RELATIONSHIP kind, ULONG_PTR* all) {
  DWORD len = 0;
  GetLogicalProcessorInformation(NULL, &len);
  SYSTEM_LOGICAL_PROCESSOR_INFORMATION* info = malloc(len);
  GetLogicalProcessorInformation(info, &len);
  int n = 0;
  *all = 0;
  for (DWORD i = 0; i < len / sizeof *info; ++i)
    if (info[i].Relationship == kind) {
      ++n;
      *all |= info[i].ProcessorMask;
    }
  free(info);
  return n;
}

int main(void) {
  DWORD len = 0;
  SetLastError(0);
  BOOL r = GetLogicalProcessorInformationEx(RelationAll, NULL, &len);
  printf("size query %d err %lu some %d\n", r, GetLastError(), len > 0);
  BYTE* buf = malloc(len);
  r = GetLogicalProcessorInformationEx(RelationAll, (void*)buf, &len);
  printf("RelationAll %d\n", r);
  int counts[5] = {0}, sizes_ok = 1;
  ULONG_PTR masks[5] = {0};
  DWORD active = 0;
  for (DWORD at = 0; at < len;) {
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX* e = (void*)(buf + at);
    if (e->Relationship <= 4) ++counts[e->Relationship];
    if (e->Relationship == RelationProcessorCore || e->Relationship == RelationProcessorPackage) {
      masks[e->Relationship] |= e->Processor.GroupMask[0].Mask;
      if (e->Processor.GroupCount != 1) sizes_ok = 0;
    } else if (e->Relationship == RelationNumaNode) {
      masks[1] |= e->NumaNode.GroupMask.Mask;
    } else if (e->Relationship == RelationCache) {
      masks[2] |= e->Cache.GroupMask.Mask;
    } else if (e->Relationship == RelationGroup) {
      active = e->Group.GroupInfo[0].ActiveProcessorCount;
      if (e->Group.ActiveGroupCount != 1) sizes_ok = 0;
    }
    if (!e->Size) break;
    at += e->Size;
  }
  ULONG_PTR old_cores, old_packages, old_nodes, old_caches;
  printf("cores match %d\n", counts[0] == count_old(RelationProcessorCore, &old_cores) && masks[0] == old_cores);
  printf("packages match %d\n", counts[3] == count_old(RelationProcessorPackage, &old_packages) && masks[3] == old_packages);
  printf("nodes match %d\n", counts[1] == count_old(RelationNumaNode, &old_nodes) && masks[1] == old_nodes);
  printf("caches match %d\n", counts[2] == count_old(RelationCache, &old_caches) && masks[2] == old_caches);
  printf("one group %d active processors match %d structure %d\n", counts[4], active == GetActiveProcessorCount(0), sizes_ok);
  len = 0;
  GetLogicalProcessorInformationEx(RelationGroup, NULL, &len);
  printf("RelationGroup size %lu\n", len);
  SetLastError(0);
  r = GetLogicalProcessorInformationEx(99, (void*)buf, &len);
  printf("relationship 99 %d err %lu\n", r, GetLastError());

  ULONG need = 0;
  GetSystemCpuSetInformation_t cpu_sets =
      (GetSystemCpuSetInformation_t)GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetSystemCpuSetInformation");
  SetLastError(0);
  r = cpu_sets(NULL, 0, &need, GetCurrentProcess(), 0);
  printf("GetSystemCpuSetInformation size %d err %lu per processor %d\n", r, GetLastError(),
         need == 32 * GetActiveProcessorCount(0));
  DWORD* sets = malloc(need);
  r = cpu_sets(sets, need, &need, GetCurrentProcess(), 0);
  printf("GetSystemCpuSetInformation %d first id %lx size %lu\n", r, sets[2], sets[0]);
  return 0;
}
