// Code replaced under a program's feet: the kernel reading into it (read, pread, readv, preadv),
// mprotect around a rewrite, a file mapped over it with MAP_FIXED, a new mapping at the same
// address, and the program's own stores — also another thread's, made coherent with the cache
// maintenance the ISA asks for. Every call must run the new code, never a translation of the old.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

typedef int (*fn_t)(void);

#define PAGE 4096

// A function returning n: aarch64 mov w0, #n; ret — riscv64 li a0, n; ret — arm (ARM state, which
// an indirect call to an even address enters) mov r0, #n; bx lr — i386 mov eax, n; ret — s390x
// lghi %r2, n; br %r14.
static void code_returning(int n, uint32_t out[2]) {
#if defined(__aarch64__)
  out[0] = 0x52800000u | ((uint32_t)n << 5);
  out[1] = 0xd65f03c0u;
#elif defined(__riscv)
  out[0] = 0x00000513u | ((uint32_t)n << 20);
  out[1] = 0x00008067u;
#elif defined(__arm__)
  out[0] = 0xe3a00000u | (uint32_t)n;
  out[1] = 0xe12fff1eu;
#elif defined(__i386__)
  out[0] = 0xb8u | ((uint32_t)n << 8);  // b8 and the imm32's low three bytes (n < 2^24)
  out[1] = 0xc300u;                     // its high byte 0, then c3
#elif defined(__s390x__)
  out[0] = 0xa7290000u | (uint32_t)n;  // lghi %r2, n (big-endian words: the bytes in order)
  out[1] = 0x07fe0000u;                // br %r14
#endif
}

static int call(void* page) {
  __builtin___clear_cache((char*)page, (char*)page + 8);
  return ((fn_t)page)();
}

static void check(const char* what, int got, int want) {
  printf("%s: %d%s\n", what, got, got == want ? "" : " (stale code)");
}

// A pipe that holds the code for n.
static int pipe_with(int n) {
  int fds[2];
  uint32_t code[2];
  code_returning(n, code);
  if (pipe(fds) != 0 || write(fds[1], code, sizeof code) != sizeof code) exit(1);
  close(fds[1]);
  return fds[0];
}

// Another thread runs the code, the main thread rewrites it with plain stores and the cache
// maintenance the ISA requires (__builtin___clear_cache), and the other thread runs it again.
static pthread_barrier_t rewritten;
static void* run_twice(void* page) {
  int first = ((fn_t)page)();
  pthread_barrier_wait(&rewritten);  // the main thread rewrites the code
  pthread_barrier_wait(&rewritten);
  return (void*)(intptr_t)(first * 100 + ((fn_t)page)());
}

static int rewritten_by_another_thread(void* page) {
  uint32_t code[2];
  code_returning(6, code);
  memcpy(page, code, sizeof code);
  __builtin___clear_cache((char*)page, (char*)page + 8);
  pthread_barrier_init(&rewritten, NULL, 2);
  pthread_t t;
  if (pthread_create(&t, NULL, run_twice, page) != 0) return -1;
  pthread_barrier_wait(&rewritten);
  code_returning(7, code);
  memcpy(page, code, sizeof code);
  __builtin___clear_cache((char*)page, (char*)page + 8);
  pthread_barrier_wait(&rewritten);
  void* r;
  pthread_join(t, &r);
  return (int)(intptr_t)r;
}

int main(void) {
  char path[] = "/tmp/code_rewrite-XXXXXX";
  int file = mkstemp(path);
  if (file < 0) return 1;
  unlink(path);
  // The file: code for 3 in its first page, code for 6 at offset 8192, code for 10 at 12288.
  static uint8_t contents[4 * PAGE];
  code_returning(3, (uint32_t*)contents);
  code_returning(6, (uint32_t*)(contents + 2 * PAGE));
  code_returning(10, (uint32_t*)(contents + 3 * PAGE));
  if (write(file, contents, sizeof contents) != sizeof contents) return 1;

  uint8_t* page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return 1;
  uint32_t code[2];
  code_returning(1, code);
  memcpy(page, code, sizeof code);
  check("stored", call(page), 1);

  int fd = pipe_with(2);
  if (read(fd, page, 8) != 8) return 1;
  close(fd);
  check("read", call(page), 2);

  if (pread(file, page, 8, 2 * PAGE) != 8) return 1;
  check("pread", call(page), 6);

  fd = pipe_with(7);
  struct iovec iov[2] = {{page, 4}, {page + 4, 4}};
  if (readv(fd, iov, 2) != 8) return 1;
  close(fd);
  check("readv", call(page), 7);

  if (preadv(file, iov, 2, 3 * PAGE) != 8) return 1;
  check("preadv", call(page), 10);

  // The program's own stores over code it has run.
  code_returning(8, code);
  memcpy(page, code, sizeof code);
  check("stored again", call(page), 8);

  // Write-xor-execute: executable, then writable for the rewrite, then executable again.
  if (mprotect(page, PAGE, PROT_READ | PROT_EXEC) != 0) return 1;
  check("read-only code", call(page), 8);
  if (mprotect(page, PAGE, PROT_READ | PROT_WRITE) != 0) return 1;
  fd = pipe_with(9);
  if (read(fd, page, 8) != 8) return 1;
  close(fd);
  if (mprotect(page, PAGE, PROT_READ | PROT_EXEC) != 0) return 1;
  check("mprotect around a read", call(page), 9);

  if (mmap(page, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, file, 0) != page) return 1;
  check("file mapped over it", call(page), 3);

  if (munmap(page, PAGE) != 0) return 1;
  if (mmap(page, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != page)
    return 1;
  code_returning(4, code);
  memcpy(page, code, sizeof code);
  if (mprotect(page, PAGE, PROT_READ | PROT_EXEC) != 0) return 1;
  check("unmapped and mapped again", call(page), 4);

  if (munmap(page, PAGE) != 0) return 1;
  if (mmap(page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) !=
      page)
    return 1;
  code_returning(5, code);
  memcpy(page, code, sizeof code);
  check("mapped again writable and executable", call(page), 5);
  check("run by a thread before and after another thread's rewrite", rewritten_by_another_thread(page), 607);
  return 0;
}
