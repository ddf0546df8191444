// What the samples that call the C++ runtimes' stream functions by name share (msvcp140_streams,
// shims/msvcp120/tests/msvcp120_runtime): the lookup by name (msvcp_names.h), and the objects laid
// out as MSVC's headers lay them out (ios_base, basic_ios, the streams with their virtual base
// after a vtordisp, basic_streambuf).
#pragma once

#include <stdio.h>
#include <windows.h>

#include "msvcp_names.h"

typedef struct ios_base {
  void* vtable;
  _Alignas(8) size_t stdstr;
  int state, except, fmtfl;
  long long prec, wide;
  void *arr, *calls, *loc;
} ios_base;
typedef struct {
  ios_base base;
  void *strbuf, *tie;
  char fill;
} basic_ios;
// (the virtual base basic_ios after the class's fields and an int, the vtordisp, 8-aligned)
typedef struct {
  const int* vbtable;
#ifdef _WIN64
  int pad;
#endif
  int vtordisp;
  basic_ios ios;
} ostream;
typedef struct {
  const int* vbtable;
  _Alignas(8) long long count;
  int pad, vtordisp;
  basic_ios ios;
} istream;
typedef struct {
  void* vtable;
  char *gfirst, *pfirst, **igfirst, **ipfirst, *gnext, *pnext, **ignext, **ipnext;
  int gcount, pcount;
  int *igcount, *ipcount;
  void* loc;
} streambuf;

// The char instantiations' decorated class names.
#define SB "?$basic_streambuf@DU?$char_traits@D@std@@@std@@"
#define OS "?$basic_ostream@DU?$char_traits@D@std@@@std@@"
#define IS "?$basic_istream@DU?$char_traits@D@std@@@std@@"
