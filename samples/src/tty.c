/* A pseudo-terminal: posix_openpt/grantpt/unlockpt/ptsname, the slave opened, termios in raw
 * mode and back, window size, data both ways with echo, FIONREAD, isatty, and the terminal made
 * the controlling terminal of a new session (the program must not lead a process group, as
 * under a test runner, for setsid to succeed). The master stays open until exit: closing it
 * would hang up the session. Every step prints a line; any unexpected result exits 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "sample_check.h"

static void show(const char* what, const char* s, long n) {
  printf("%s: %ld \"", what, n);
  for (long i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') printf("\\n");
    else if (c == '\r') printf("\\r");
    else if (c < 32 || c >= 127) printf("\\x%02x", c);
    else putchar(c);
  }
  printf("\"\n");
}

/* What the other side wrote, up to its line's end: the kernel may hand an echo or a line to the
 * reading side in more than one piece when the machine is busy, so the pieces are gathered. */
static long read_ready(int fd, char* buf, size_t len) {
  long n = 0;
  while (n == 0 || (buf[n - 1] != '\n' && (size_t)n < len)) {
    struct pollfd p = {fd, POLLIN, 0};
    check(poll(&p, 1, 5000) == 1, "poll");
    long got = read(fd, buf + n, len - n);
    check(got > 0, "read");
    n += got;
  }
  return n;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int show_sid = argc > 1 && strcmp(argv[1], "sid") == 0;
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  check(m >= 0, "posix_openpt");
  check(grantpt(m) == 0, "grantpt");
  check(unlockpt(m) == 0, "unlockpt");
  const char* name = ptsname(m);
  check(name != NULL, "ptsname");
  printf("ptsname in /dev/pts: %d\n", strncmp(name, "/dev/pts/", 9) == 0);
  unsigned ptn = 12345;
  check(ioctl(m, TIOCGPTN, &ptn) == 0, "TIOCGPTN");
  printf("TIOCGPTN matches the name: %d\n", (unsigned)atoi(name + 9) == ptn);

  int s = open(name, O_RDWR | O_NOCTTY);
  check(s >= 0, "open slave");
  int p[2];
  check(pipe(p) == 0, "pipe");
  errno = 0;
  int t = isatty(p[0]);
  printf("isatty(pipe): %d %s\n", t, strerrorname_np(errno));
  printf("isatty(slave): %d isatty(master): %d\n", isatty(s), isatty(m));

  struct termios orig, raw, now;
  check(tcgetattr(s, &orig) == 0, "tcgetattr");
  printf("default: ICANON=%d ECHO=%d ISIG=%d ICRNL=%d OPOST=%d ONLCR=%d CS8=%d VINTR=%d VEOF=%d\n",
         !!(orig.c_lflag & ICANON), !!(orig.c_lflag & ECHO), !!(orig.c_lflag & ISIG), !!(orig.c_iflag & ICRNL),
         !!(orig.c_oflag & OPOST), !!(orig.c_oflag & ONLCR), (orig.c_cflag & CSIZE) == CS8, orig.c_cc[VINTR],
         orig.c_cc[VEOF]);

  /* Canonical mode with echo: a line in, the echo out. */
  check(write(m, "hello\n", 6) == 6, "write master");
  struct pollfd ps = {s, POLLIN, 0};
  check(poll(&ps, 1, 5000) == 1, "poll slave");
  int avail = -1;
  check(ioctl(s, FIONREAD, &avail) == 0, "FIONREAD");
  printf("FIONREAD (canonical): %d\n", avail);
  char buf[64];
  show("slave read", buf, read(s, buf, sizeof buf));
  show("master got the echo", buf, read_ready(m, buf, sizeof buf));

  raw = orig;
  cfmakeraw(&raw);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  check(cfsetspeed(&raw, B38400) == 0, "cfsetspeed");
  check(tcsetattr(s, TCSANOW, &raw) == 0, "tcsetattr raw");
  check(tcgetattr(s, &now) == 0, "tcgetattr");
  printf("raw: ICANON=%d ECHO=%d ISIG=%d OPOST=%d CS8=%d VMIN=%d VTIME=%d speed 38400=%d same=%d\n",
         !!(now.c_lflag & ICANON), !!(now.c_lflag & ECHO), !!(now.c_lflag & ISIG), !!(now.c_oflag & OPOST),
         (now.c_cflag & CSIZE) == CS8, now.c_cc[VMIN], now.c_cc[VTIME], cfgetospeed(&now) == B38400,
         now.c_iflag == raw.c_iflag && now.c_oflag == raw.c_oflag && now.c_lflag == raw.c_lflag);
  check(write(m, "abc\r", 4) == 4, "write master");
  check(poll(&ps, 1, 5000) == 1, "poll slave");
  /* Raw input is readable from its first byte: wait (a bounded while) for all four. */
  for (int tries = 0; tries < 5000; ++tries) {
    check(ioctl(s, FIONREAD, &avail) == 0, "FIONREAD");
    if (avail >= 4) break;
    usleep(1000);
  }
  printf("FIONREAD (raw): %d\n", avail);
  show("slave read (raw)", buf, read(s, buf, sizeof buf));
  check(write(s, "out\n", 4) == 4, "write slave");
  show("master read (no OPOST)", buf, read_ready(m, buf, sizeof buf));
  check(tcsetattr(s, TCSADRAIN, &orig) == 0, "tcsetattr restore");
  check(tcgetattr(s, &now) == 0, "tcgetattr");
  printf("restored: ICANON=%d ECHO=%d\n", !!(now.c_lflag & ICANON), !!(now.c_lflag & ECHO));
  check(write(s, "out\n", 4) == 4, "write slave");
  show("master read (OPOST)", buf, read_ready(m, buf, sizeof buf));
  check(tcflush(s, TCIOFLUSH) == 0, "tcflush");

  struct winsize ws = {24, 80, 0, 0}, got = {0, 0, 0, 0};
  check(ioctl(m, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ");
  check(ioctl(s, TIOCGWINSZ, &got) == 0, "TIOCGWINSZ");
  printf("window: %d rows %d cols\n", got.ws_row, got.ws_col);
  printf("TIOCGWINSZ on a pipe: %s\n", err(ioctl(p[0], TIOCGWINSZ, &got)));
  printf("tcgetattr on a pipe: %s\n", err(tcgetattr(p[0], &now)));
  printf("TIOCGWINSZ to a bad pointer: %s\n", err(ioctl(s, TIOCGWINSZ, (void*)8)));
  printf("tcsetattr from a bad pointer: %s\n", err(ioctl(s, TCSETS, (void*)8)));

  /* The lock: while set, the slave cannot be opened. */
  int lock = 1;
  check(ioctl(m, TIOCSPTLCK, &lock) == 0, "TIOCSPTLCK");
  printf("open while locked: %s\n", err(open(name, O_RDWR | O_NOCTTY)));
  lock = 0;
  check(ioctl(m, TIOCSPTLCK, &lock) == 0, "TIOCSPTLCK");
  int peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  printf("TIOCGPTPEER: %s isatty=%d cloexec=%d\n", err(peer), isatty(peer), (fcntl(peer, F_GETFD) & FD_CLOEXEC) != 0);
  close(peer);

  /* A controlling terminal for a new session. */
  printf("TIOCGSID before: %s\n", err(ioctl(s, TIOCGSID, &(pid_t){0})));
  pid_t sid = setsid();
  printf("setsid: %s\n", err(sid));
  check(ioctl(s, TIOCSCTTY, 0) == 0, "TIOCSCTTY");
  pid_t got_sid = 0;
  check(ioctl(s, TIOCGSID, &got_sid) == 0, "TIOCGSID");
  /* qemu-aarch64 7.2 does not write TIOCGSID's result back: the value is shown only when asked
   * for (`tty sid`), which the end-to-end tests run under polyrun alone. */
  if (show_sid)
    printf("TIOCGSID is our session: %d\n", got_sid == getsid(0));
  else
    printf("TIOCGSID: ok\n");
  printf("foreground group is ours: %d\n", tcgetpgrp(s) == getpgrp());
  check(tcsetpgrp(s, getpgrp()) == 0, "tcsetpgrp");
  printf("done\n");
  return 0;
}
