// IsBadStringPtrA/W beside IsBadReadPtr: a string is good up to its terminator or the length
// given, whichever comes first, so one that runs into an inaccessible page is bad only when the
// length lets the check reach it; a null pointer is bad whatever the length.
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(void) {
  char* page = VirtualAlloc(NULL, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  DWORD old;
  VirtualProtect(page + 0x1000, 0x1000, PAGE_NOACCESS, &old);
  char* ended = page + 0x1000 - 3;
  memcpy(ended, "xy", 3);  // "xy" and its terminator, the page's last byte
  printf("IsBadStringPtrA(terminated at the edge, 100): %d\n", IsBadStringPtrA(ended, 100));
  char* tail = page + 0x1000 - 4;  // "abcd" with no terminator before the inaccessible page
  memcpy(tail, "abcd", 4);

  printf("IsBadStringPtrA(null, 0): %d\n", IsBadStringPtrA(NULL, 0));
  printf("IsBadStringPtrA(null, 5): %d\n", IsBadStringPtrA(NULL, 5));
  printf("IsBadStringPtrA(\"hello\", 100): %d\n", IsBadStringPtrA("hello", 100));
  printf("IsBadStringPtrA(\"hello\", -1): %d\n", IsBadStringPtrA("hello", (UINT_PTR)-1));
  printf("IsBadStringPtrA(unterminated, 4): %d\n", IsBadStringPtrA(tail, 4));
  printf("IsBadStringPtrA(unterminated, 5): %d\n", IsBadStringPtrA(tail, 5));
  printf("IsBadStringPtrA(unterminated, 0): %d\n", IsBadStringPtrA(tail, 0));
  printf("IsBadStringPtrA(inaccessible, 1): %d\n", IsBadStringPtrA(page + 0x1000, 1));
  printf("IsBadStringPtrA(inaccessible, 0): %d\n", IsBadStringPtrA(page + 0x1000, 0));
  printf("IsBadReadPtr(unterminated, 4): %d, 5: %d\n", IsBadReadPtr(tail, 4), IsBadReadPtr(tail, 5));
  WCHAR* wtail = (WCHAR*)(page + 0x1000 - 8);
  memcpy(wtail, L"wxyz", 8);
  printf("IsBadStringPtrW(L\"hi\", 10): %d\n", IsBadStringPtrW(L"hi", 10));
  printf("IsBadStringPtrW(unterminated, 4): %d\n", IsBadStringPtrW(wtail, 4));
  printf("IsBadStringPtrW(unterminated, 5): %d\n", IsBadStringPtrW(wtail, 5));
  printf("IsBadStringPtrW(null, 1): %d\n", IsBadStringPtrW(NULL, 1));
  return 0;
}
