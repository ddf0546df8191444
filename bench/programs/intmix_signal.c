/* intmix with a signal handler installed (one that never runs): what a program that catches a
 * signal pays for the engine's safe points between blocks, against plain intmix.
 * Usage: intmix_signal [scale]   (prints intmix's checksum) */
#define main intmix_main
#include "intmix.c"
#undef main
#include <signal.h>

static void on_usr1(int sig) { (void)sig; }

int main(int argc, char** argv) {
  signal(SIGUSR1, on_usr1);
  return intmix_main(argc, argv);
}
