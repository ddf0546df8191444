/* What the CPU feature probes (cpu_features_<isa>.c) share: a probe per feature, run whatever
 * AT_HWCAP and AT_HWCAP2 say, with SIGILL (and SIGBUS: an access the CPU refuses) caught; a line
 * per probe, "FEATURE advertised yes|no runs yes|no [digest HEX]", which
 * tests/cpu-features/check.sh reads; and the mismatches between advertised and run. */
#pragma once
#ifndef _GNU_SOURCE
#error "define _GNU_SOURCE before any include"
#endif
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

typedef uint64_t u64;

struct probe {
  const char* feature;
  int word; /* 1: AT_HWCAP, 2: AT_HWCAP2 */
  int bit;
  u64 (*fn)(void);
};

static sigjmp_buf probe_env;
static void on_probe_signal(int sig) { siglongjmp(probe_env, sig); }

/* Runs every probe and prints its line; `ran` tells, from a probe's digest, whether the feature
 * really ran (null: it did if the probe returned). A feature that runs without being advertised,
 * or the other way round, is added to `mismatches` unless `exempt` says it may be (null: none
 * may). */
static void run_probes(const struct probe* probes, size_t n, int (*ran)(const struct probe*, u64),
                       int (*exempt)(const struct probe*), char* mismatches, size_t size) {
  const u64 hwcap = getauxval(AT_HWCAP), hwcap2 = getauxval(AT_HWCAP2);
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_probe_signal;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  mismatches[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    const struct probe* p = &probes[i];
    const int advertised = ((p->word == 1 ? hwcap : hwcap2) >> p->bit) & 1;
    u64 digest = 0;
    volatile int did = 0;
    if (sigsetjmp(probe_env, 1) == 0) {
      digest = p->fn();
      did = ran ? ran(p, digest) : 1;
    }
    if (did)
      printf("%-10s advertised %-3s runs yes digest %016llx\n", p->feature, advertised ? "yes" : "no",
             (unsigned long long)digest);
    else
      printf("%-10s advertised %-3s runs no\n", p->feature, advertised ? "yes" : "no");
    if (advertised != did && !(exempt && exempt(p)) && strlen(mismatches) + strlen(p->feature) + 2 < size) {
      strcat(mismatches, " ");
      strcat(mismatches, p->feature);
    }
  }
}
