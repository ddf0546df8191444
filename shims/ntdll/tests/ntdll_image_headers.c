/* RtlImageNtHeaderEx: an image's NT headers with the checks Windows makes of the arguments and of
 * the image against its size (RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK leaves the size out). */
#include <stdio.h>
#include <windows.h>

typedef LONG(NTAPI* HeaderEx)(ULONG flags, PVOID base, ULONG64 size, PIMAGE_NT_HEADERS* out);
typedef PIMAGE_NT_HEADERS(NTAPI* Header)(PVOID base);

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  HeaderEx ex = (HeaderEx)GetProcAddress(ntdll, "RtlImageNtHeaderEx");
  Header plain = (Header)GetProcAddress(ntdll, "RtlImageNtHeader");
  BYTE* base = (BYTE*)GetModuleHandleW(NULL);
  const LONG lfanew = ((IMAGE_DOS_HEADER*)base)->e_lfanew;
  PIMAGE_NT_HEADERS nt = (PIMAGE_NT_HEADERS)1;
  LONG s = ex(0, base, 0x1000, &nt);
  printf("own image: %08lx, the headers RtlImageNtHeader finds: %d\n", (unsigned long)s, nt == plain(base));
  s = ex(0, base, 0x20, &nt);
  printf("size shorter than a DOS header: %08lx, result null: %d\n", (unsigned long)s, nt == NULL);
  s = ex(0, base, (ULONG64)lfanew, &nt);
  printf("size ending at the PE header: %08lx\n", (unsigned long)s);
  s = ex(0, base, (ULONG64)lfanew + 24, &nt);
  printf("size holding the file header: %08lx, found: %d\n", (unsigned long)s, nt != NULL);
  s = ex(1, base, 0, &nt);
  printf("no range check, size 0: %08lx, found: %d\n", (unsigned long)s, nt != NULL);
  printf("no result pointer: %08lx\n", (unsigned long)ex(0, base, 0x1000, NULL));
  printf("other flags: %08lx\n", (unsigned long)ex(2, base, 0x1000, &nt));
  printf("null base: %08lx, base -1: %08lx\n", (unsigned long)ex(0, NULL, 0x1000, &nt),
         (unsigned long)ex(0, (PVOID)-1, 0x1000, &nt));
  static BYTE not_pe[512] = {'M', 'Z'};
  *(LONG*)(not_pe + 0x3c) = 0x80;
  printf("MZ without PE: %08lx\n", (unsigned long)ex(0, not_pe, sizeof not_pe, &nt));
  return 0;
}
