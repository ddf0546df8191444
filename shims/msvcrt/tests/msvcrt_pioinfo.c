/* msvcrt.dll's descriptor table as programs read it directly: __pioinfo, an array of pointers to
 * blocks of 32 entries, each entry beginning with the descriptor's Win32 handle and its flag byte
 * (FOPEN 0x01, FPIPE 0x08, FAPPEND 0x20, FDEV 0x40, FTEXT 0x80), the entry size found as Python 2
 * and Ruby find it: _msize of block 0 divided by 32. Each step prints what the table says of a
 * descriptor next to what the C runtime's functions say of it. */
#include <fcntl.h>
#include <io.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>

__declspec(dllimport) extern char* __pioinfo[];

static size_t entry_size;

static unsigned char* entry(int fd) {
  char* block = __pioinfo[fd >> 5];
  return block ? (unsigned char*)block + (fd & 31) * entry_size : NULL;
}

static void show(const char* what, int fd) {
  unsigned char* e = entry(fd);
  if (!e) {
    printf("%s: no block\n", what);
    return;
  }
  intptr_t handle = *(intptr_t*)e;
  unsigned flags = e[sizeof(intptr_t)];
  printf("%s: open %d, text %d, append %d, pipe %d, device %d, handle is _get_osfhandle's %d\n",
         what, !!(flags & 0x01), !!(flags & 0x80), !!(flags & 0x20), !!(flags & 0x08), !!(flags & 0x40),
         handle == _get_osfhandle(fd));
}

static void show_closed(const char* what, int fd) {
  unsigned char* e = entry(fd);
  if (!e) {
    printf("%s: no block\n", what);
    return;
  }
  printf("%s: open %d, handle %s\n", what, e[sizeof(intptr_t)] & 0x01,
         *(intptr_t*)e == (intptr_t)INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "other");
}

int main(void) {
  if (!__pioinfo[0]) {
    printf("block 0 missing\n");
    return 1;
  }
  entry_size = _msize(__pioinfo[0]) / 32;
  printf("entry holds at least a handle and a flag byte: %d\n", entry_size >= sizeof(intptr_t) + 1);
  printf("block 1 before descriptor 32 exists: %s\n", __pioinfo[1] ? "present" : "absent");

  show("fd 0 (stdin, NUL)", 0);
  show_closed("fd 20, never opened", 20);

  const char* name = "crt_pioinfo.tmp";
  int fd = _open(name, _O_CREAT | _O_TRUNC | _O_WRONLY | _O_BINARY, _S_IREAD | _S_IWRITE);
  show("_open binary", fd);
  _setmode(fd, _O_TEXT);
  show("after _setmode text", fd);
  _close(fd);
  show_closed("after _close", fd);

  fd = _open(name, _O_WRONLY | _O_APPEND | _O_TEXT);
  show("_open append text", fd);
  int copy = _dup(fd);
  show("_dup", copy);
  if (_dup2(fd, 40) != 0) printf("_dup2 failed\n");
  show("_dup2 to 40", 40);
  _close(40);
  show_closed("40 after _close", 40);
  _close(copy);
  _close(fd);

  int ends[2];
  if (_pipe(ends, 256, _O_BINARY) != 0) printf("_pipe failed\n");
  show("_pipe read end", ends[0]);
  show("_pipe write end", ends[1]);
  _close(ends[0]);
  _close(ends[1]);

  FILE* f = fopen(name, "r");
  show("fopen r", _fileno(f));
  fclose(f);

  HANDLE h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  fd = _open_osfhandle((intptr_t)h, _O_RDONLY);
  show("_open_osfhandle", fd);
  printf("its handle is the one given: %d\n", *(intptr_t*)entry(fd) == (intptr_t)h);
  _close(fd);
  show_closed("after _close", fd);
  _unlink(name);
  return 0;
}
