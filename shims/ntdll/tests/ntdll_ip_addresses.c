/* NTDLL's IPv4 addresses in text: strict and loose parsing (fewer parts, octal, hexadecimal), where
 * the parse stopped, ports in the Ex forms, and the address back to text with and without a port,
 * narrow and wide. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(LONG, RtlIpv4StringToAddressA, (const char*, BOOLEAN, const char**, void*))
FN(LONG, RtlIpv4StringToAddressW, (const WCHAR*, BOOLEAN, const WCHAR**, void*))
FN(LONG, RtlIpv4StringToAddressExA, (const char*, BOOLEAN, void*, USHORT*))
FN(LONG, RtlIpv4StringToAddressExW, (const WCHAR*, BOOLEAN, void*, USHORT*))
FN(char*, RtlIpv4AddressToStringA, (const void*, char*))
FN(WCHAR*, RtlIpv4AddressToStringW, (const void*, WCHAR*))
FN(LONG, RtlIpv4AddressToStringExA, (const void*, USHORT, char*, ULONG*))
FN(LONG, RtlIpv4AddressToStringExW, (const void*, USHORT, WCHAR*, ULONG*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(RtlIpv4StringToAddressA); GET(RtlIpv4StringToAddressW); GET(RtlIpv4StringToAddressExA);
  GET(RtlIpv4StringToAddressExW); GET(RtlIpv4AddressToStringA); GET(RtlIpv4AddressToStringW);
  GET(RtlIpv4AddressToStringExA); GET(RtlIpv4AddressToStringExW);
  const char* texts[] = {"1.2.3.4", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2", "16909060", "0x7f.1", "010.0.0.1",
                         "1.2.3.4.5", "1..2.3", "", "1.2.3.4:80", "1.2.3.4 rest", "0xffffffff", "4294967296",
                         "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:0x50", " 1.2.3.4"};
  for (int i = 0; i < 19; ++i) {
    for (int strict = 1; strict >= 0; --strict) {
      unsigned char a[4] = {0xcc, 0xcc, 0xcc, 0xcc};
      const char* end = NULL;
      LONG st = pRtlIpv4StringToAddressA(texts[i], (BOOLEAN)strict, &end, a);
      printf("%-18s %s: 0x%08lx %u.%u.%u.%u end +%d", texts[i], strict ? "strict" : "loose ", st, a[0], a[1], a[2], a[3],
             end ? (int)(end - texts[i]) : -1);
      WCHAR w[64];
      MultiByteToWideChar(CP_ACP, 0, texts[i], -1, w, 64);
      unsigned char b[4] = {0xcc, 0xcc, 0xcc, 0xcc};
      const WCHAR* wend = NULL;
      LONG stw = pRtlIpv4StringToAddressW(w, (BOOLEAN)strict, &wend, b);
      printf(", W same %d", stw == st && memcmp(a, b, 4) == 0 && wend && wend - w == end - texts[i]);
      USHORT port = 0xcccc;
      memset(b, 0xcc, 4);
      LONG sx = pRtlIpv4StringToAddressExA(texts[i], (BOOLEAN)strict, b, &port);
      printf(", Ex 0x%08lx %u.%u.%u.%u port %u\n", sx, b[0], b[1], b[2], b[3], (unsigned)(((port & 0xff) << 8) | (port >> 8)));
    }
  }
  unsigned char addr[4] = {192, 168, 0, 10};
  char s[32];
  WCHAR ws[32];
  char* e = pRtlIpv4AddressToStringA(addr, s);
  printf("RtlIpv4AddressToStringA: \"%s\", end +%d\n", s, (int)(e - s));
  WCHAR* we = pRtlIpv4AddressToStringW(addr, ws);
  printf("RtlIpv4AddressToStringW: \"%ls\", end +%d\n", ws, (int)(we - ws));
  ULONG size = sizeof s;
  printf("RtlIpv4AddressToStringExA(port 8080): 0x%lx", pRtlIpv4AddressToStringExA(addr, 0x901f, s, &size));
  printf(" \"%s\" size %lu\n", s, size);
  size = 5;
  printf("RtlIpv4AddressToStringExW (small): 0x%lx", pRtlIpv4AddressToStringExW(addr, 0, ws, &size));
  printf(" size %lu\n", size);
  size = 32;
  printf("RtlIpv4AddressToStringExW: 0x%lx", pRtlIpv4AddressToStringExW(addr, 0, ws, &size));
  printf(" \"%ls\" size %lu\n", ws, size);
  printf("RtlIpv4StringToAddressExA (no port pointer): 0x%lx\n", pRtlIpv4StringToAddressExA("1.2.3.4", TRUE, addr, NULL));
  return 0;
}
