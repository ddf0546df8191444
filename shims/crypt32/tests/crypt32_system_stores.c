// CRYPT32's CertEnumSystemStore: the system stores of the current user's and of the machine's
// location, seen through what does not depend on the machine: MY among them (and Root among the
// machine's), every name one that CertOpenStore opens with CERT_STORE_OPEN_EXISTING_FLAG, the
// flags and the CERT_SYSTEM_STORE_INFO each callback gets, a callback that stops the enumeration, and a location
// with no stores (the services'). Expected output: wine 8.0's (x64).
// Links: -lcrypt32
#include <stdio.h>
#include <windows.h>
#include <wincrypt.h>

struct Seen {
  int count, my, root, all_open, flags_right, info_right;
  DWORD location;
};

static BOOL WINAPI note(const void* store, DWORD flags, PCERT_SYSTEM_STORE_INFO info, void* reserved, void* arg) {
  struct Seen* s = arg;
  const WCHAR* name = store;
  s->count++;
  if (!lstrcmpiW(name, L"MY")) s->my = 1;
  if (!lstrcmpiW(name, L"Root")) s->root = 1;
  HCERTSTORE h = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, s->location | CERT_STORE_OPEN_EXISTING_FLAG |
                                                           CERT_STORE_READONLY_FLAG, name);
  if (!h) s->all_open = 0;
  else CertCloseStore(h, 0);
  if ((flags & CERT_SYSTEM_STORE_LOCATION_MASK) != s->location) s->flags_right = 0;
  if (!info || info->cbSize != sizeof *info || reserved) s->info_right = 0;
  return TRUE;
}

static BOOL WINAPI stop(const void* store, DWORD flags, PCERT_SYSTEM_STORE_INFO info, void* reserved, void* arg) {
  (void)store, (void)flags, (void)info, (void)reserved;
  ++*(int*)arg;
  SetLastError(ERROR_CANCELLED);
  return FALSE;
}

int main(void) {
  const DWORD locations[] = {CERT_SYSTEM_STORE_CURRENT_USER, CERT_SYSTEM_STORE_LOCAL_MACHINE};
  const char* names[] = {"the current user", "the machine"};
  for (int i = 0; i < 2; i++) {
    struct Seen s = {0, 0, 0, 1, 1, 1, locations[i]};
    BOOL ok = CertEnumSystemStore(locations[i], NULL, &s, note);
    printf("%s: %d; some stores %d, MY %d, every one opens %d, flags %d, info %d\n", names[i], ok, s.count > 0, s.my,
           s.all_open, s.flags_right, s.info_right);
    if (i == 1) printf("  the machine's Root %d\n", s.root);
  }
  int calls = 0;
  SetLastError(0);
  BOOL ok = CertEnumSystemStore(CERT_SYSTEM_STORE_LOCAL_MACHINE, NULL, &calls, stop);
  printf("a callback that stops: %d, after %d call, error %lu\n", ok, calls, GetLastError());
  struct Seen none = {0, 0, 0, 1, 1, 1, CERT_SYSTEM_STORE_SERVICES};
  SetLastError(0xdeadbeef);
  ok = CertEnumSystemStore(CERT_SYSTEM_STORE_SERVICES, NULL, &none, note);
  printf("the services: %d, %d stores, error %lu\n", ok, none.count, GetLastError());
  return 0;
}
