// The /proc files that describe the running program: its arguments, auxv, memory map, stat line
// and executable. By default it prints what Linux and qemu-aarch64 agree on; "proc_self more"
// adds what qemu-user does not emulate: other spellings of the paths (a directory descriptor,
// /proc/thread-self, /proc/PID), stat's code and argument fields, stat and access of the exe
// link, /proc/cpuinfo, the process name, and the files' read-only descriptors. "proc_self cat
// FILE…" prints files as they are.
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

extern char** environ;

static const char* yes(int b) { return b ? "yes" : "no"; }

static const char* base(const char* path) {
  const char* s = strrchr(path, '/');
  return s ? s + 1 : path;
}

// The whole file (NUL-terminated for convenience); *len gets its size.
static char* slurp_at(int dirfd, const char* path, size_t* len) {
  int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  size_t cap = 4096, n = 0;
  char* buf = malloc(cap + 1);
  ssize_t r;
  while ((r = read(fd, buf + n, cap - n)) > 0) {
    n += (size_t)r;
    if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
  }
  close(fd);
  buf[n] = 0;
  if (len) *len = n;
  return buf;
}

static char* slurp(const char* path, size_t* len) { return slurp_at(AT_FDCWD, path, len); }

// The maps line covering addr: its perms, offset, device, inode and name.
struct map_line {
  unsigned long lo, hi, off, ino;
  unsigned maj, min;
  char perms[8], name[512];
};

static int find_map(const char* maps, unsigned long addr, struct map_line* m) {
  for (const char* line = maps; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    memset(m, 0, sizeof *m);
    int n = 0;
    if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu%n", &m->lo, &m->hi, m->perms, &m->off, &m->maj, &m->min, &m->ino, &n) < 7)
      continue;
    const char* name = line + n;
    while (*name == ' ') ++name;
    size_t len = strcspn(name, "\n");
    if (len >= sizeof m->name) len = sizeof m->name - 1;
    memcpy(m->name, name, len);
    m->name[len] = 0;
    if (m->lo <= addr && addr < m->hi) return 1;
  }
  return 0;
}

// Field n (from 1, as proc(5) numbers them) of a stat line, as a number; comm copied out.
static unsigned long long stat_field(const char* stat, int n, char* comm) {
  const char* open = strchr(stat, '('), *close = strrchr(stat, ')');
  if (!open || !close) return 0;
  if (comm) {
    memcpy(comm, open + 1, (size_t)(close - open - 1));
    comm[close - open - 1] = 0;
  }
  if (n == 1) return strtoull(stat, NULL, 10);
  const char* p = close + 2;
  for (int i = 3; i < n && p; ++i) {
    p = strchr(p, ' ');
    if (p) ++p;
  }
  return p ? strtoull(p, NULL, 10) : 0;
}

#if defined(__aarch64__)
static const int kOwnMachine = EM_AARCH64;
#elif defined(__riscv)
static const int kOwnMachine = EM_RISCV;
#elif defined(__arm__)
static const int kOwnMachine = EM_ARM;
#elif defined(__i386__)
static const int kOwnMachine = EM_386;
#elif defined(__s390x__)
static const int kOwnMachine = EM_S390;
#endif

static int elf_machine_of(int fd) {
  Elf64_Ehdr eh;
  if (fd < 0) return -1;
  int r = pread(fd, &eh, sizeof eh, 0) == sizeof eh && memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 ? eh.e_machine : -1;
  close(fd);
  return r;
}

static void auxv_facts(const char* label, const char* auxv, size_t len) {
  unsigned long pagesz = 0, entry = 0;
  const size_t w = sizeof(unsigned long);  // auxv words are the ISA's longs
  for (size_t i = 0; i + 2 * w <= len; i += 2 * w) {
    unsigned long type, val;
    memcpy(&type, auxv + i, w);
    memcpy(&val, auxv + i + w, w);
    if (type == AT_PAGESZ) pagesz = val;
    if (type == AT_ENTRY) entry = val;
  }
  printf("%s AT_PAGESZ: %lu\n", label, pagesz);
  printf("%s AT_ENTRY is getauxval(AT_ENTRY): %s\n", label, yes(entry && entry == getauxval(AT_ENTRY)));
}

static void more(int argc, char** argv) {
  char own[64];
  snprintf(own, sizeof own, "/proc/%d", getpid());
  size_t len, len2;
  char* cmdline = slurp("/proc/self/cmdline", &len);

  int dir = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  char* rel = slurp_at(dir, "cmdline", &len2);
  printf("cmdline through a descriptor of /proc/self: %s\n", yes(rel && len2 == len && memcmp(rel, cmdline, len) == 0));
  free(rel);
  rel = slurp_at(dir, "../self/./cmdline", &len2);
  printf("cmdline through ../self/./: %s\n", yes(rel && len2 == len && memcmp(rel, cmdline, len) == 0));
  free(rel);
  close(dir);
  char path[128];
  snprintf(path, sizeof path, "%s/task/%d/cmdline", own, getpid());
  rel = slurp(path, &len2);
  printf("cmdline of /proc/PID/task/TID: %s\n", yes(rel && len2 == len && memcmp(rel, cmdline, len) == 0));
  free(rel);
  char* auxv = slurp("/proc/thread-self/auxv", &len2);
  auxv_facts("thread-self auxv", auxv, len2);
  free(auxv);

  char* line = slurp("/proc/thread-self/stat", NULL);
  printf("thread-self stat pid is getpid(): %s\n", yes(stat_field(line, 1, NULL) == (unsigned long long)getpid()));
  free(line);
  snprintf(path, sizeof path, "%s/stat", own);
  line = slurp(path, NULL);
  char comm[64];
  unsigned long long pid = stat_field(line, 1, comm);
  printf("stat of /proc/PID: pid %s, comm %s\n", yes(pid == (unsigned long long)getpid()), comm);
  unsigned long main_addr = (unsigned long)&more;
  printf("startcode <= code < endcode: %s\n", yes(stat_field(line, 26, NULL) <= main_addr && main_addr < stat_field(line, 27, NULL)));
  printf("arg_start is argv[0]: %s\n", yes(stat_field(line, 48, NULL) == (unsigned long)argv[0]));
  printf("arg_end is after argv[argc - 1]: %s\n",
         yes(stat_field(line, 49, NULL) == (unsigned long)argv[argc - 1] + strlen(argv[argc - 1]) + 1));
  printf("env_start is environ[0]: %s\n", yes(environ[0] && stat_field(line, 50, NULL) == (unsigned long)environ[0]));
  unsigned long long vsize = stat_field(line, 23, NULL);
  printf("vsize below 1 GiB: %s\n", yes(vsize > 0 && vsize < (1ull << 30)));
  free(line);

  char name[17] = {0};
  prctl(PR_GET_NAME, name);
  char* c = slurp("/proc/self/comm", NULL);
  printf("PR_GET_NAME: %s\n", name);
  printf("/proc/self/comm: %s", c);
  free(c);

  char link[4096];
  ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
  link[n > 0 ? n : 0] = 0;
  struct stat a, b;
  printf("stat of the exe link is the program: %s\n",
         yes(stat("/proc/self/exe", &a) == 0 && stat(link, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev));
  printf("lstat of the exe link is a link: %s\n", yes(lstat("/proc/self/exe", &a) == 0 && S_ISLNK(a.st_mode)));
  printf("access(exe, X_OK): %s\n", yes(access("/proc/self/exe", X_OK) == 0));
  snprintf(path, sizeof path, "%s/exe", own);
  char link2[4096];
  n = readlink(path, link2, sizeof link2 - 1);
  link2[n > 0 ? n : 0] = 0;
  printf("readlink of /proc/PID/exe: %s\n", yes(strcmp(link, link2) == 0));
  // The running program: ETXTBSY, or EACCES for a user who may not write it anyway.
  printf("exe opened for writing: %s\n",
         open("/proc/self/exe", O_RDWR) < 0 && (errno == ETXTBSY || errno == EACCES) ? "refused" : "opened");
  printf("exe with O_NOFOLLOW: %s\n", open("/proc/self/exe", O_RDONLY | O_NOFOLLOW) < 0 && errno == ELOOP ? "ELOOP" : "opened");

  // Refused (EACCES), or for root a descriptor that cannot write (EINVAL).
  int w = open("/proc/self/maps", O_WRONLY);
  printf("maps not writable: %s\n", yes(w < 0 ? errno == EACCES : write(w, "x", 1) < 0 && errno == EINVAL));
  if (w >= 0) close(w);
  int fd = open("/proc/self/maps", O_RDONLY);
  printf("maps descriptor read-only: %s\n", yes(write(fd, "x", 1) < 0 && errno == EBADF));
  printf("maps descriptor's FD_CLOEXEC: %d\n", fcntl(fd, F_GETFD));
  close(fd);
  fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  printf("maps descriptor's FD_CLOEXEC with O_CLOEXEC: %d\n", fcntl(fd, F_GETFD));
  close(fd);

  char* cpuinfo = slurp("/proc/cpuinfo", NULL);
  int entries = 0;
  for (const char* p = cpuinfo; (p = strstr(p, "processor\t: ")); ++p) ++entries;
  printf("cpuinfo entries are the online CPUs: %s\n", yes(entries == sysconf(_SC_NPROCESSORS_ONLN)));
  const char* keys[] = {"BogoMIPS\t", "Features\t", "CPU implementer\t", "CPU architecture", "CPU variant\t", "CPU part\t",
                        "CPU revision\t"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; ++i) {
    const char* entry = strstr(cpuinfo, keys[i]);
    printf("%.*s\n", entry ? (int)strcspn(entry, "\n") : 0, entry ? entry : "");
  }
  free(cpuinfo);
  free(cmdline);

  // setproctitle: the arguments overwritten up to their last NUL run on into the environment,
  // and cmdline follows them to the next NUL.
  char* start = argv[0];
  char* end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
  size_t n_args = (size_t)(end - start);
  memset(start, 't', n_args);
  if (environ[0] == end) *end = 0;
  cmdline = slurp("/proc/self/cmdline", &len);
  printf("cmdline after a title over the arguments: %s\n",
         yes(len == n_args + (environ[0] == end) && strspn(cmdline, "t") == n_args));
  free(cmdline);
}

int main(int argc, char** argv) {
  if (argc > 2 && strcmp(argv[1], "cat") == 0) {  // the files themselves, for a test to read
    for (int i = 2; i < argc; ++i) {
      size_t len;
      char* s = slurp(argv[i], &len);
      if (!s) return 1;
      fwrite(s, 1, len, stdout);
      free(s);
    }
    return 0;
  }
  int extra = argc > 1 && strcmp(argv[argc - 1], "more") == 0;

  size_t len;
  char* cmdline = slurp("/proc/self/cmdline", &len);
  int count = 0;
  for (size_t i = 0; i < len; i += strlen(cmdline + i) + 1) {
    if (count == 0) {
      printf("cmdline argv[0]: %s (the same as argv[0]: %s)\n", base(cmdline), yes(strcmp(cmdline, argv[0]) == 0));
    } else {
      printf("cmdline argv[%d]: %s\n", count, cmdline + i);
    }
    ++count;
  }
  printf("cmdline arguments: %d (argc %d)\n", count, argc);
  free(cmdline);

  char* auxv = slurp("/proc/self/auxv", &len);
  auxv_facts("auxv", auxv, len);
  free(auxv);

  char link[4096];
  ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
  link[n > 0 ? n : 0] = 0;
  printf("exe link is absolute and ends in the program's name: %s\n",
         yes(link[0] == '/' && strcmp(base(link), base(argv[0])) == 0));
  printf("exe link names an ELF of this ISA: %s\n", yes(elf_machine_of(open(link, O_RDONLY)) == kOwnMachine));
  printf("exe opened is an ELF of this ISA: %s\n", yes(elf_machine_of(open("/proc/self/exe", O_RDONLY)) == kOwnMachine));

  // A fresh mapping with three protections, and the program file mapped at an offset.
  long page = sysconf(_SC_PAGESIZE);
  char* fresh = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(fresh + page, page, PROT_NONE);
  mprotect(fresh + 2 * page, page, PROT_READ | PROT_EXEC);
  int exe = open("/proc/self/exe", O_RDONLY);
  struct stat st;
  fstat(exe, &st);
  char* file = mmap(NULL, page, PROT_READ, MAP_SHARED, exe, page);
  close(exe);

  char* maps = slurp("/proc/self/maps", NULL);
  struct map_line m;
  int local = 0;
  printf("maps: code of main %s",
         find_map(maps, (unsigned long)&main, &m) ? m.perms : "missing");
  printf(", from the program: %s\n", yes(strcmp(m.name, link) == 0));
  printf("maps: a local variable in [stack]: %s\n", yes(find_map(maps, (unsigned long)&local, &m) && strcmp(m.name, "[stack]") == 0));
  for (int i = 0; i < 3; ++i)
    printf("maps: fresh page %d %s\n", i, find_map(maps, (unsigned long)(fresh + i * page), &m) ? m.perms : "missing");
  int found = find_map(maps, (unsigned long)file, &m);
  printf("maps: file mapping %s, offset %#lx, path %s, device %s, inode %s\n", found ? m.perms : "missing", m.off,
         yes(strcmp(m.name, link) == 0), yes(makedev(m.maj, m.min) == st.st_dev), yes(m.ino == st.st_ino));
  munmap(fresh + page, page);
  free(maps);
  maps = slurp("/proc/self/maps", NULL);
  printf("maps: unmapped page %s\n", find_map(maps, (unsigned long)(fresh + page), &m) ? "still there" : "gone");
  free(maps);

  char* line = slurp("/proc/self/stat", NULL);
  char comm[64];
  unsigned long long pid = stat_field(line, 1, comm);
  printf("stat: pid is getpid(): %s, comm %s\n", yes(pid == (unsigned long long)getpid()), comm);
  maps = slurp("/proc/self/maps", NULL);
  unsigned long long startstack = stat_field(line, 28, NULL);
  printf("stat: startstack in [stack], below argv: %s\n",
         yes(find_map(maps, startstack, &m) && strcmp(m.name, "[stack]") == 0 && startstack < (unsigned long)argv));
  free(maps);
  free(line);

  if (extra) more(argc, argv);
  return 0;
}
