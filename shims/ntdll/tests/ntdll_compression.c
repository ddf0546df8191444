/* NTDLL's LZNT1 compression: a known compressed buffer ([MS-XCA]'s format: a literal run and a back
 * reference) decompressed, whole and from an offset (RtlDecompressFragment), a stored chunk,
 * malformed data, text compressed and back (RtlCompressBuffer, RtlDecompressBuffer) across chunks,
 * too small an output, the formats refused, and thread contexts and NtSetInformationProcess.
 * Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
#define S(x) ((unsigned long)(x))

static volatile LONG spinning = 1;
static DWORD WINAPI spinner(void* arg) {
  (void)arg;
  while (spinning) Sleep(1);
  return 0;
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  NTSTATUS(NTAPI * compress)(USHORT, UCHAR*, ULONG, UCHAR*, ULONG, ULONG, ULONG*, void*) = (void*)FN("RtlCompressBuffer");
  NTSTATUS(NTAPI * decompress)(USHORT, UCHAR*, ULONG, UCHAR*, ULONG, ULONG*) = (void*)FN("RtlDecompressBuffer");
  NTSTATUS(NTAPI * fragment)(USHORT, UCHAR*, ULONG, UCHAR*, ULONG, ULONG, ULONG*, void*) = (void*)FN("RtlDecompressFragment");
  NTSTATUS(NTAPI * workspace)(USHORT, ULONG*, ULONG*) = (void*)FN("RtlGetCompressionWorkSpaceSize");
  printf("found: %d %d %d %d\n", compress != NULL, decompress != NULL, fragment != NULL, workspace != NULL);

  UCHAR known[] = {0x05, 0xb0, 0x08, 'a', 'b', 'c', 0x06, 0x20};
  UCHAR out[0x3000];
  ULONG size = 0;
  memset(out, 0, sizeof out);
  NTSTATUS s = decompress(2, out, sizeof out, known, sizeof known, &size);
  printf("known: 0x%lx, %lu bytes, \"%.*s\"\n", S(s), size, (int)size, out);
  memset(out, 0, sizeof out);
  static UCHAR work[0x10000];
  s = fragment(2, out, sizeof out, known, sizeof known, 5, &size, work);
  printf("from 5: 0x%lx, %lu bytes, \"%.*s\"\n", S(s), size, (int)size, out);
  s = decompress(2, out, 4, known, sizeof known, &size);
  printf("into 4 bytes: 0x%lx, %lu bytes, \"%.*s\"\n", S(s), size, (int)size, out);
  UCHAR stored[] = {0x04, 0x30, 'h', 'e', 'l', 'l', 'o'};
  s = decompress(2, out, sizeof out, stored, sizeof stored, &size);
  printf("stored: 0x%lx, %lu bytes, \"%.*s\"\n", S(s), size, (int)size, out);
  UCHAR bad[] = {0x05, 0xb0, 0x01, 0x06, 0x20, 'x', 'y', 'z'};
  s = decompress(2, out, sizeof out, bad, sizeof bad, &size);
  printf("a reference before any byte: 0x%lx\n", S(s));

  /* Text over two chunks, compressed and back. */
  static UCHAR text[0x1800], packed[0x2000], back[0x1800];
  for (int i = 0; i < (int)sizeof text; ++i) text[i] = "the quick brown fox jumps over the lazy dog. "[i % 45];
  ULONG packed_size = 0;
  s = compress(2, text, sizeof text, packed, sizeof packed, 4096, &packed_size, NULL);
  printf("compress: 0x%lx, no larger than the text: %d\n", S(s), packed_size <= sizeof text + 4);
  s = decompress(2, back, sizeof back, packed, packed_size, &size);
  printf("and back: 0x%lx, %lu bytes, the same: %d\n", S(s), size, size == sizeof text && !memcmp(back, text, size));
  s = compress(2, text, sizeof text, packed, 10, 4096, &packed_size, NULL);
  printf("into 10 bytes: 0x%lx\n", S(s));
  printf("format none: 0x%lx, default: 0x%lx, xpress huffman: 0x%lx\n",
         S(compress(0, text, 10, packed, sizeof packed, 4096, &packed_size, NULL)),
         S(compress(1, text, 10, packed, sizeof packed, 4096, &packed_size, NULL)),
         S(decompress(4, out, sizeof out, known, sizeof known, &size)));
  ULONG ws1 = 0, ws2 = 0;
  printf("workspace of LZNT1: 0x%lx, of format none: 0x%lx\n", S(workspace(2, &ws1, &ws2)), S(workspace(0, &ws1, &ws2)));

  /* A suspended thread's context, and NtSetInformationProcess. */
  NTSTATUS(NTAPI * get_context)(HANDLE, CONTEXT*) = (void*)FN("NtGetContextThread");
  NTSTATUS(NTAPI * set_context)(HANDLE, CONTEXT*) = (void*)FN("NtSetContextThread");
  NTSTATUS(NTAPI * set_info)(HANDLE, ULONG, void*, ULONG) = (void*)FN("NtSetInformationProcess");
  HANDLE t = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
  Sleep(20);
  SuspendThread(t);
  CONTEXT ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.ContextFlags = CONTEXT_FULL;
  s = get_context(t, &ctx);
#ifdef _WIN64
  printf("get context: 0x%lx, a stack pointer: %d\n", S(s), ctx.Rsp != 0);
#else
  printf("get context: 0x%lx, a stack pointer: %d\n", S(s), ctx.Esp != 0);
#endif
  printf("set it back: 0x%lx\n", S(set_context(t, &ctx)));
  ResumeThread(t);
  spinning = 0;
  WaitForSingleObject(t, INFINITE);
  printf("get context of a bad handle: 0x%lx\n", S(get_context((HANDLE)0x7ff0, &ctx)));
  ULONG mode = SEM_FAILCRITICALERRORS;
  s = set_info(GetCurrentProcess(), 12 /* ProcessDefaultHardErrorMode */, &mode, sizeof mode);
  printf("hard error mode: 0x%lx, GetErrorMode has it: %d\n", S(s), (GetErrorMode() & SEM_FAILCRITICALERRORS) != 0);
  UCHAR priority[2] = {0, 3 /* high */};
  s = set_info(GetCurrentProcess(), 18 /* ProcessPriorityClass */, priority, sizeof priority);
  printf("priority class: 0x%lx, GetPriorityClass: 0x%lx\n", S(s), GetPriorityClass(GetCurrentProcess()));
  priority[1] = 2;
  set_info(GetCurrentProcess(), 18, priority, sizeof priority);
  printf("a bad length: 0x%lx\n", S(set_info(GetCurrentProcess(), 18, priority, 1)));

  /* A user stack made and freed. */
  NTSTATUS(NTAPI * create_stack)(SIZE_T, SIZE_T, ULONG, SIZE_T, SIZE_T, void**) = (void*)FN("RtlCreateUserStack");
  void(NTAPI * free_stack)(void*) = (void*)FN("RtlFreeUserStack");
  void* initial[5] = {0};
  s = create_stack(0x4000, 0x100000, 0, 0x1000, 0x10000, initial);
  MEMORY_BASIC_INFORMATION mbi;
  VirtualQuery((char*)initial[2] - 16, &mbi, sizeof mbi);
  printf("user stack: 0x%lx, base above limit: %d, the top is writable: %d\n", S(s), initial[2] > initial[3],
         (mbi.Protect & (PAGE_READWRITE | PAGE_EXECUTE_READWRITE)) != 0);
  free_stack(initial[4]);
  return 0;
}
