// gdb's signal numbering (its GDB_SIGNAL_* values, which the remote protocol carries) for Linux's
// (the generic numbers, which every ISA polyrun runs shares).
#include <signal.h>

#include "gdbstub/gdb_server.h"

namespace polyrun::gdb {

namespace {

struct Pair {
  int linux_sig, gdb_sig;
};

constexpr Pair kTable[] = {
    {SIGHUP, 1},     {SIGINT, 2},   {SIGQUIT, 3},   {SIGILL, 4},     {SIGTRAP, 5},  {SIGABRT, 6},
    {SIGFPE, 8},     {SIGKILL, 9},  {SIGBUS, 10},   {SIGSEGV, 11},   {SIGSYS, 12},  {SIGPIPE, 13},
    {SIGALRM, 14},   {SIGTERM, 15}, {SIGURG, 16},   {SIGSTOP, 17},   {SIGTSTP, 18}, {SIGCONT, 19},
    {SIGCHLD, 20},   {SIGTTIN, 21}, {SIGTTOU, 22},  {SIGIO, 23},     {SIGXCPU, 24}, {SIGXFSZ, 25},
    {SIGVTALRM, 26}, {SIGPROF, 27}, {SIGWINCH, 28}, {SIGUSR1, 30},   {SIGUSR2, 31}, {SIGPWR, 32},
};

}  // namespace

int gdb_signal_from_linux(int sig) {
  for (const Pair& p : kTable)
    if (p.linux_sig == sig) return p.gdb_sig;
  if (sig == 32) return 77;                  // GDB_SIGNAL_REALTIME_32
  if (sig >= 33 && sig <= 63) return sig + 12;  // REALTIME_33 … 63 are 45 … 75
  if (sig == 64) return 78;                  // REALTIME_64
  return 0;
}

int linux_signal_from_gdb(int sig) {
  for (const Pair& p : kTable)
    if (p.gdb_sig == sig) return p.linux_sig;
  if (sig == 77) return 32;
  if (sig >= 45 && sig <= 75) return sig - 12;
  if (sig == 78) return 64;
  return 0;
}

}  // namespace polyrun::gdb
