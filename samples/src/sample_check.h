/* What the step-by-step samples share: a check that ends the sample with the failing step and
 * errno, the errno name of a failed call ("ok" otherwise), and a pointer that is never mapped. */
#pragma once
#ifndef _GNU_SOURCE
#error "define _GNU_SOURCE before any include (strerrorname_np)"
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAD ((void*)8)

static inline void check(int ok, const char* what) {
  if (!ok) {
    printf("FAILED: %s: %s\n", what, strerror(errno));
    exit(1);
  }
}

static inline const char* err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }
