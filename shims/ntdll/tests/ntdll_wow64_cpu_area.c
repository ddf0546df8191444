/* NTDLL's RtlWow64GetCpuAreaInfo: where a WOW64 CPU area of each machine keeps its context, its
 * CONTEXT_EX pointer and its ContextFlags, and a machine without one. Expected output: wine 8.0's
 * (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  void* Context;
  void* ContextEx;
  void* ContextFlagsLocation;
  void* CpuReserved;
  ULONG ContextFlag;
  USHORT Machine;
} AREA_INFO;

int main(void) {
  NTSTATUS(NTAPI * info)(void*, ULONG, AREA_INFO*) =
      (void*)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlWow64GetCpuAreaInfo");
  printf("function: %d\n", !!info);
  if (!info) return 1;
  static USHORT area[1024] __attribute__((aligned(16)));
  const USHORT machines[] = {0x14c, 0x8664, 0x1c4, 0xaa64, 0x200};
  for (int i = 0; i < 5; ++i) {
    area[0] = 0;
    area[1] = machines[i];
    AREA_INFO a = {(void*)1, (void*)1, (void*)1, (void*)1, 7, 7};
    NTSTATUS st = info(area, 0, &a);
    printf("machine %04x: %08lx", machines[i], st);
    if (!st)
      printf(" context +%x context_ex +%x flags at +%x reserved is the area %d flag %lx machine %04x",
             (int)((char*)a.Context - (char*)area), (int)((char*)a.ContextEx - (char*)area),
             (int)((char*)a.ContextFlagsLocation - (char*)area), a.CpuReserved == area, a.ContextFlag, a.Machine);
    printf("\n");
  }
  return 0;
}
