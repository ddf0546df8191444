/* NTDLL's IPv6 addresses in text: RtlIpv6StringToAddress(Ex)A/W over full, compressed, dotted,
 * scoped and bracketed forms with ports, and malformed ones (where they stop), and
 * RtlIpv6AddressToString(Ex)A/W of the same (compressing zero runs, dotting IPv4-mapped and
 * compatible addresses, scope and port, too small a buffer). Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

typedef struct {
  BYTE b[16];
} ADDR6;

static void print_address(const ADDR6* a) {
  for (int i = 0; i < 16; i += 2) printf("%s%02x%02x", i ? ":" : "", a->b[i], a->b[i + 1]);
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * to_addr_a)(const char*, const char**, ADDR6*) = (void*)FN("RtlIpv6StringToAddressA");
  NTSTATUS(NTAPI * to_addr_w)(const WCHAR*, const WCHAR**, ADDR6*) = (void*)FN("RtlIpv6StringToAddressW");
  NTSTATUS(NTAPI * to_addr_ex_a)(const char*, ADDR6*, ULONG*, USHORT*) = (void*)FN("RtlIpv6StringToAddressExA");
  NTSTATUS(NTAPI * to_addr_ex_w)(const WCHAR*, ADDR6*, ULONG*, USHORT*) = (void*)FN("RtlIpv6StringToAddressExW");
  char*(NTAPI * to_str_a)(const ADDR6*, char*) = (void*)FN("RtlIpv6AddressToStringA");
  WCHAR*(NTAPI * to_str_w)(const ADDR6*, WCHAR*) = (void*)FN("RtlIpv6AddressToStringW");
  NTSTATUS(NTAPI * to_str_ex_a)(const ADDR6*, ULONG, USHORT, char*, ULONG*) = (void*)FN("RtlIpv6AddressToStringExA");
  NTSTATUS(NTAPI * to_str_ex_w)(const ADDR6*, ULONG, USHORT, WCHAR*, ULONG*) = (void*)FN("RtlIpv6AddressToStringExW");
  printf("found: %d %d %d %d %d %d %d %d\n", to_addr_a != NULL, to_addr_w != NULL, to_addr_ex_a != NULL,
         to_addr_ex_w != NULL, to_str_a != NULL, to_str_w != NULL, to_str_ex_a != NULL, to_str_ex_w != NULL);

  const char* inputs[] = {"::", "::1", "1::", "1:2:3:4:5:6:7:8", "fe80::1", "2001:db8::ff00:42:8329",
                          "::ffff:192.168.1.2", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1::2::3",
                          "1:2:3:4:5:6:7", ":1", "1:2:3:4:5:6:7:8:9", "::1 trailing", "1.2.3.4", "g::1",
                          "FE80::ABCD", "1:2:3:4:5:6:7::", "::1.2.3.256"};
  for (size_t i = 0; i < sizeof inputs / sizeof *inputs; ++i) {
    ADDR6 a;
    memset(&a, 0xab, sizeof a);
    const char* end = NULL;
    NTSTATUS s = to_addr_a(inputs[i], &end, &a);
    printf("\"%s\": 0x%lx, stopped at %d", inputs[i], S(s), (int)(end - inputs[i]));
    if (!s) {
      printf(", ");
      print_address(&a);
    }
    printf("\n");
  }
  ADDR6 w;
  const WCHAR* wend = NULL;
  NTSTATUS s = to_addr_w(L"fe80::2%3", &wend, &w);
  printf("wide with a scope: 0x%lx, stopped at %d\n", S(s), (int)(wend - L"fe80::2%3"));

  const char* ex_inputs[] = {"fe80::1%4", "[fe80::1%4]:8080", "[::1]:0", "[::1]:65536", "[::1]", "::1]", "[::1",
                             "::1%", "[1::2]:80x", "1::2%10 "};
  for (size_t i = 0; i < sizeof ex_inputs / sizeof *ex_inputs; ++i) {
    ADDR6 a;
    ULONG scope = 99;
    USHORT port = 99;
    s = to_addr_ex_a(ex_inputs[i], &a, &scope, &port);
    printf("ex \"%s\": 0x%lx", ex_inputs[i], S(s));
    if (!s) printf(", scope %lu, port 0x%x", scope, port);
    printf("\n");
  }
  ULONG scope = 0;
  USHORT port = 0;
  s = to_addr_ex_w(L"[2001:db8::1%2]:443", &w, &scope, &port);
  printf("ex wide: 0x%lx, scope %lu, port 0x%x\n", S(s), scope, port);

  const char* round[] = {"::", "::1", "1::", "2001:db8:0:0:1:0:0:1", "2001:db8:0:1:1:1:1:1", "::ffff:1.2.3.4",
                         "::1.2.3.4", "::ffff:0:1.2.3.4", "fe80::5efe:1.2.3.4", "1:0:0:2:0:0:0:3", "0:0:1::"};
  for (size_t i = 0; i < sizeof round / sizeof *round; ++i) {
    ADDR6 a;
    const char* end;
    to_addr_a(round[i], &end, &a);
    char buf[64];
    memset(buf, 'x', sizeof buf);
    char* e = to_str_a(&a, buf);
    printf("to text \"%s\": \"%s\", ends at %d\n", round[i], buf, (int)(e - buf));
  }
  ADDR6 a;
  const char* end;
  to_addr_a("fe80::1", &end, &a);
  char buf[64];
  ULONG size = sizeof buf;
  s = to_str_ex_a(&a, 5, 0x5000, buf, &size);
  printf("ex to text: 0x%lx, \"%s\", size %lu\n", S(s), buf, size);
  size = 4;
  s = to_str_ex_a(&a, 0, 0, buf, &size);
  printf("ex into 4: 0x%lx, size %lu\n", S(s), size);
  WCHAR wbuf[64];
  size = 64;
  s = to_str_ex_w(&a, 0, 0x1600, wbuf, &size);
  printf("ex wide to text: 0x%lx, \"%ls\", size %lu\n", S(s), wbuf, size);
  WCHAR* we = to_str_w(&a, wbuf);
  printf("wide to text: \"%ls\", ends at %d\n", wbuf, (int)(we - wbuf));
  return 0;
}
