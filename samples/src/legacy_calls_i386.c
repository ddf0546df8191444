// What only i386 Linux has, made with syscall() so that the C library's choices do not hide it:
// set_thread_area (a free GDT entry found and written back, a segment loaded into %fs and read
// through, the refusals) and get_thread_area, socketcall (socketpair, send and recv through it,
// unknown calls), the old struct-taking mmap and select, time, waitpid, alarm and pause.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sample_check.h"

// struct user_desc (asm/ldt.h).
struct user_desc {
  unsigned int entry_number, base_addr, limit;
  unsigned int seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1, seg_not_present : 1,
      useable : 1;
};

static struct user_desc data_segment(unsigned entry, const void* base) {
  struct user_desc d;
  memset(&d, 0, sizeof d);
  d.entry_number = entry;
  d.base_addr = (unsigned)(uintptr_t)base;
  d.limit = 0xfffff;
  d.seg_32bit = 1;
  d.limit_in_pages = 1;
  d.useable = 1;
  return d;
}

static const char* result(long r) { return r == 0 ? "ok" : strerrorname_np(errno); }

static void thread_areas(void) {
  static uint32_t words[4] = {11, 22, 33, 44};
  struct user_desc d = data_segment((unsigned)-1, words);
  long r = syscall(__NR_set_thread_area, &d);
  printf("set_thread_area with entry -1: %s, entry %u (glibc's TLS has 6)\n", result(r), d.entry_number);
  const unsigned mine = d.entry_number;
  uint32_t via_fs = 0;
  __asm__ volatile("mov %1, %%fs\n\tmovl %%fs:8, %0" : "=r"(via_fs) : "r"((mine << 3) | 3) : "memory");
  printf("a word read through %%fs: %u\n", via_fs);
  __asm__ volatile("mov %0, %%fs" : : "r"(0));
  struct user_desc back;
  memset(&back, 0xff, sizeof back);
  back.entry_number = mine;
  r = syscall(__NR_get_thread_area, &back);
  printf("get_thread_area: %s, base is ours %d, limit %#x, 32-bit %u, contents %u, read-exec-only %u, "
         "pages %u, not present %u, useable %u\n",
         result(r), back.base_addr == (unsigned)(uintptr_t)words, back.limit, back.seg_32bit, back.contents,
         back.read_exec_only, back.limit_in_pages, back.seg_not_present, back.useable);
  struct user_desc more = data_segment((unsigned)-1, words);
  r = syscall(__NR_set_thread_area, &more);
  printf("another: %s, entry %u\n", result(r), more.entry_number);
  struct user_desc full = data_segment((unsigned)-1, words);
  r = syscall(__NR_set_thread_area, &full);
  printf("with every entry taken: %s\n", result(r));
  struct user_desc bad = data_segment(5, words);
  printf("entry 5: %s\n", result(syscall(__NR_set_thread_area, &bad)));
  bad = data_segment(mine, words);
  bad.contents = 2;  // code
  printf("a code segment: %s\n", result(syscall(__NR_set_thread_area, &bad)));
  bad = data_segment(mine, words);
  bad.seg_32bit = 0;
  printf("a 16-bit segment: %s\n", result(syscall(__NR_set_thread_area, &bad)));
  struct user_desc empty;
  memset(&empty, 0, sizeof empty);
  empty.entry_number = more.entry_number;
  empty.read_exec_only = 1;
  empty.seg_not_present = 1;
  r = syscall(__NR_set_thread_area, &empty);
  memset(&back, 0xff, sizeof back);
  back.entry_number = more.entry_number;
  syscall(__NR_get_thread_area, &back);
  printf("emptied: %s, reads back as zero: %d\n", result(r), back.base_addr == 0 && back.limit == 0 && back.seg_32bit == 0);
  printf("get_thread_area of entry 9: %s\n", result(syscall(__NR_get_thread_area, &(struct user_desc){.entry_number = 9})));
  printf("set_thread_area with a bad pointer: %s\n", result(syscall(__NR_set_thread_area, BAD)));
}

// socketcall's call numbers (linux/net.h).
enum { kSocketpair = 8, kSend = 9, kRecv = 10 };

static void socketcalls(void) {
  int sv[2] = {-1, -1};
  unsigned long pair[4] = {AF_UNIX, SOCK_STREAM, 0, (unsigned long)(uintptr_t)sv};
  long r = syscall(__NR_socketcall, kSocketpair, pair);
  printf("socketcall socketpair: %s, two descriptors %d\n", result(r), sv[0] > 2 && sv[1] > 2);
  unsigned long send_args[4] = {(unsigned long)sv[0], (unsigned long)(uintptr_t)"ping", 4, 0};
  printf("socketcall send: %ld\n", syscall(__NR_socketcall, kSend, send_args));
  char buf[8] = {0};
  unsigned long recv_args[4] = {(unsigned long)sv[1], (unsigned long)(uintptr_t)buf, sizeof buf, 0};
  r = syscall(__NR_socketcall, kRecv, recv_args);
  printf("socketcall recv: %ld \"%s\"\n", r, buf);
  printf("socketcall 0: %s, 21: %s, args unreadable: %s\n", result(syscall(__NR_socketcall, 0, pair)),
         result(syscall(__NR_socketcall, 21, pair)), result(syscall(__NR_socketcall, kSend, BAD)));
  close(sv[0]);
  close(sv[1]);
}

static void on_alarm(int sig) { (void)sig; }

static void old_calls(void) {
  unsigned long args[6] = {0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, (unsigned long)-1, 0};
  unsigned long m = (unsigned long)syscall(__NR_mmap, args);
  int ok = m < 0xfffff000ul && m % 4096 == 0;
  if (ok) ((volatile char*)m)[5000] = 7;
  printf("old mmap: %s, writable %d\n", ok ? "a page" : strerrorname_np(errno), ok ? ((volatile char*)m)[5000] : 0);
  args[5] = 100;
  long r = syscall(__NR_mmap, args);
  printf("old mmap, an offset off the page: %s\n", result(r));
  struct timeval tv = {0, 20000};
  unsigned long sel[5] = {0, 0, 0, 0, (unsigned long)(uintptr_t)&tv};
  printf("old select, a timeout alone: %ld\n", syscall(__NR_select, sel));
  long t = 0;
  r = syscall(__NR_time, &t);
  long now = (long)time(NULL);
  printf("time: returned and stored the same: %d, within a second of time(): %d\n", r == t, r - now <= 1 && now - r <= 1);
  pid_t child = fork();
  if (child == 0) _exit(7);
  int status = 0;
  r = syscall(__NR_waitpid, child, &status, 0);
  printf("waitpid: the child %d, exit status %d\n", r == child, WEXITSTATUS(status));
  signal(SIGALRM, on_alarm);
  printf("alarm: %ld (none pending)\n", syscall(__NR_alarm, 1));
  r = syscall(__NR_pause);
  printf("pause: %ld %s\n", r, strerrorname_np(errno));
}

int main(void) {
  thread_areas();
  socketcalls();
  old_calls();
  puts("done");
  return 0;
}
