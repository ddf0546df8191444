// WINSPOOL on a machine with no printer installed: no default printer, no printer or driver
// enumerated, a printer's name naming none, the local print server opened and closed, the
// functions of a printer's handle without one.
// Links: -lwinspool
#include <stdio.h>
#include <windows.h>
#include <winspool.h>

int main(void) {
  char name[256] = "unchanged";
  DWORD size = sizeof name;
  SetLastError(0xdeadbeef);
  BOOL ok = GetDefaultPrinterA(name, &size);
  printf("GetDefaultPrinterA: %d error %lu size %lu [%s]\n", ok, GetLastError(), size, name);
  DWORD needed = 99, returned = 99;
  ok = EnumPrintersA(PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS, NULL, 2, NULL, 0, &needed, &returned);
  printf("EnumPrintersA local level 2: %d needed %lu returned %lu\n", ok, needed, returned);
  needed = 99, returned = 99;
  ok = EnumPrintersW(PRINTER_ENUM_LOCAL, NULL, 4, NULL, 0, &needed, &returned);
  printf("EnumPrintersW local level 4: %d needed %lu returned %lu\n", ok, needed, returned);
  SetLastError(0xdeadbeef);
  ok = EnumPrintersA(PRINTER_ENUM_LOCAL, NULL, 3, NULL, 0, &needed, &returned);
  printf("EnumPrintersA level 3: %d error %lu\n", ok, GetLastError());
  HANDLE h = (HANDLE)1;
  SetLastError(0xdeadbeef);
  ok = OpenPrinterA("No Such Printer", &h, NULL);
  printf("OpenPrinterA(no such printer): %d error %lu handle %s\n", ok, GetLastError(), h ? "set" : "NULL");
  SetLastError(0xdeadbeef);
  LONG r = DocumentPropertiesA(NULL, NULL, "No Such Printer", NULL, NULL, 0);
  printf("DocumentPropertiesA(no such printer): %s\n", r < 0 ? "negative" : "not negative");
  r = DeviceCapabilitiesA("No Such Printer", "LPT1:", DC_PAPERS, NULL, NULL);
  printf("DeviceCapabilitiesA(no such printer): %ld\n", r);
  ok = OpenPrinterA(NULL, &h, NULL);
  printf("OpenPrinterA(NULL): %d handle %s\n", ok, h ? "set" : "NULL");
  printf("ClosePrinter: %d\n", ClosePrinter(h));
  return 0;
}
