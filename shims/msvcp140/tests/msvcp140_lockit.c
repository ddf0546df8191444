// MSVCP140.dll's library-wide locks and start-up counts, called by name: std::_Lockit (its
// constructors record the kind and take that kind's lock, which is recursive and excludes other
// threads; the static forms), std::_Init_locks, and the counts std::ios_base::Init and
// std::_Winit keep in their exported _Init_cnt.
#include <stdint.h>
#include <stdio.h>
#include <windows.h>

#include "msvcp_names.h"

static void*(THISCALL* lockit_ctor_kind)(void*, int);
static void*(THISCALL* lockit_ctor)(void*);
static void(THISCALL* lockit_dtor)(void*);
static void(__cdecl* lockit_lock)(int);
static void(__cdecl* lockit_unlock)(int);
static void(__cdecl* lockit_ctor_static)(void*);
static void(__cdecl* lockit_ctor_kind_static)(void*, int);
static void(__cdecl* lockit_dtor_static)(void*);

static volatile LONG got_it;
static DWORD WINAPI take_kind(void* kind) {
  int lk = -1;
  lockit_ctor_kind(&lk, (int)(intptr_t)kind);
  InterlockedExchange(&got_it, 1);
  lockit_dtor(&lk);
  return 0;
}

// Whether another thread must wait for the kind while this one holds it as `hold` does.
static void other_thread_waits(int kind) {
  got_it = 0;
  HANDLE h = CreateThread(NULL, 0, take_kind, (void*)(intptr_t)kind, 0, NULL);
  DWORD r = WaitForSingleObject(h, 100);
  printf("    other thread held off: %d\n", r == WAIT_TIMEOUT && !got_it);
  lockit_unlock(kind);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  printf("    other thread had it once released: %d\n", (int)got_it);
}

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  lockit_ctor_kind = fn(NAME("??0_Lockit@std@@QAE@H@Z", "??0_Lockit@std@@QEAA@H@Z"));
  lockit_ctor = fn(NAME("??0_Lockit@std@@QAE@XZ", "??0_Lockit@std@@QEAA@XZ"));
  lockit_dtor = fn(NAME("??1_Lockit@std@@QAE@XZ", "??1_Lockit@std@@QEAA@XZ"));
  lockit_lock = fn("?_Lockit_ctor@_Lockit@std@@SAXH@Z");
  lockit_unlock = fn("?_Lockit_dtor@_Lockit@std@@SAXH@Z");
  lockit_ctor_static = fn(NAME("?_Lockit_ctor@_Lockit@std@@CAXPAV12@@Z", "?_Lockit_ctor@_Lockit@std@@CAXPEAV12@@Z"));
  lockit_ctor_kind_static =
      fn(NAME("?_Lockit_ctor@_Lockit@std@@CAXPAV12@H@Z", "?_Lockit_ctor@_Lockit@std@@CAXPEAV12@H@Z"));
  lockit_dtor_static = fn(NAME("?_Lockit_dtor@_Lockit@std@@CAXPAV12@@Z", "?_Lockit_dtor@_Lockit@std@@CAXPEAV12@@Z"));

  printf("_Lockit:\n");
  int a = -1, b = -1;
  void* r = lockit_ctor(&a);
  printf("  default: returns this %d, kind %d\n", r == &a, a);
  r = lockit_ctor_kind(&b, 3);
  printf("  of kind 3: returns this %d, kind %d\n", r == &b, b);
  int c = -1;
  lockit_ctor_kind(&c, 3);
  printf("  kind 3 again on the same thread: kind %d (recursive)\n", c);
  lockit_dtor(&c);
  lockit_dtor(&b);
  lockit_dtor(&a);
  printf("  released all three\n");

  printf("  holding kind 2 (static _Lockit_ctor(int)):\n");
  lockit_lock(2);
  other_thread_waits(2);
  printf("  holding kind 1 (_Lockit_ctor(_Lockit*, int)):\n");
  int d = -1;
  lockit_ctor_kind_static(&d, 1);
  printf("    kind %d\n", d);
  other_thread_waits(1);
  printf("  holding kind 0 (_Lockit_ctor(_Lockit*)), then a thread takes kind 3:\n");
  int e = -1;
  lockit_ctor_static(&e);
  printf("    kind %d\n", e);
  got_it = 0;
  HANDLE h = CreateThread(NULL, 0, take_kind, (void*)3, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  printf("    the other kind was free: %d\n", (int)got_it);
  lockit_dtor_static(&e);

  printf("_Init_locks:\n");
  void*(THISCALL * init_locks_ctor)(void*) = fn(NAME("??0_Init_locks@std@@QAE@XZ", "??0_Init_locks@std@@QEAA@XZ"));
  void(THISCALL * init_locks_dtor)(void*) = fn(NAME("??1_Init_locks@std@@QAE@XZ", "??1_Init_locks@std@@QEAA@XZ"));
  void(__cdecl * init_locks_ctor_s)(void*) =
      fn(NAME("?_Init_locks_ctor@_Init_locks@std@@CAXPAV12@@Z", "?_Init_locks_ctor@_Init_locks@std@@CAXPEAV12@@Z"));
  void(__cdecl * init_locks_dtor_s)(void*) =
      fn(NAME("?_Init_locks_dtor@_Init_locks@std@@CAXPAV12@@Z", "?_Init_locks_dtor@_Init_locks@std@@CAXPEAV12@@Z"));
  char il;
  r = init_locks_ctor(&il);
  printf("  constructor returns this: %d\n", r == &il);
  init_locks_ctor_s(&il);
  init_locks_dtor_s(&il);
  init_locks_dtor(&il);
  lockit_lock(2);
  lockit_unlock(2);
  printf("  the locks still work after\n");

  printf("ios_base::Init:\n");
  int* cnt = fn("?_Init_cnt@Init@ios_base@std@@0HA");
  int*(__cdecl * cnt_func)(void) =
      fn(NAME("?_Init_cnt_func@Init@ios_base@std@@CAAAHXZ", "?_Init_cnt_func@Init@ios_base@std@@CAAEAHXZ"));
  void*(THISCALL * init_ctor)(void*) = fn(NAME("??0Init@ios_base@std@@QAE@XZ", "??0Init@ios_base@std@@QEAA@XZ"));
  void(THISCALL * init_dtor)(void*) = fn(NAME("??1Init@ios_base@std@@QAE@XZ", "??1Init@ios_base@std@@QEAA@XZ"));
  void*(THISCALL * init_assign)(void*, const void*) =
      fn(NAME("??4Init@ios_base@std@@QAEAAV012@ABV012@@Z", "??4Init@ios_base@std@@QEAAAEAV012@AEBV012@@Z"));
  void(__cdecl * init_ctor_s)(void*) =
      fn(NAME("?_Init_ctor@Init@ios_base@std@@CAXPAV123@@Z", "?_Init_ctor@Init@ios_base@std@@CAXPEAV123@@Z"));
  void(__cdecl * init_dtor_s)(void*) =
      fn(NAME("?_Init_dtor@Init@ios_base@std@@CAXPAV123@@Z", "?_Init_dtor@Init@ios_base@std@@CAXPEAV123@@Z"));
  char i1, i2;
  printf("  _Init_cnt_func is the exported count: %d\n", cnt_func() == cnt);
  int start = *cnt;
  printf("  count at the start is -1 or more: %d\n", start >= -1);
  r = init_ctor(&i1);
  printf("  constructor returns this %d; count %d\n", r == &i1, *cnt - (start < 0 ? 0 : start));
  init_ctor_s(&i2);
  printf("  static constructor: count %d\n", *cnt - (start < 0 ? 0 : start));
  r = init_assign(&i1, &i2);
  printf("  assignment returns this %d; count %d\n", r == &i1, *cnt - (start < 0 ? 0 : start));
  init_dtor_s(&i2);
  printf("  static destructor: count %d\n", *cnt - (start < 0 ? 0 : start));
  init_dtor(&i1);
  printf("  destructor: count %d\n", *cnt - (start < 0 ? 0 : start));

  printf("_Winit:\n");
  int* wcnt = fn("?_Init_cnt@_Winit@std@@0HA");
  void*(THISCALL * winit_ctor)(void*) = fn(NAME("??0_Winit@std@@QAE@XZ", "??0_Winit@std@@QEAA@XZ"));
  void(THISCALL * winit_dtor)(void*) = fn(NAME("??1_Winit@std@@QAE@XZ", "??1_Winit@std@@QEAA@XZ"));
  void*(THISCALL * winit_assign)(void*, const void*) =
      fn(NAME("??4_Winit@std@@QAEAAV01@ABV01@@Z", "??4_Winit@std@@QEAAAEAV01@AEBV01@@Z"));
  int wstart = *wcnt;
  printf("  count at the start: %d\n", wstart);
  r = winit_ctor(&i1);
  printf("  constructor returns this %d; count %d\n", r == &i1, *wcnt);
  winit_ctor(&i2);
  printf("  again: count %d\n", *wcnt);
  r = winit_assign(&i1, &i2);
  printf("  assignment returns this %d; count %d\n", r == &i1, *wcnt);
  winit_dtor(&i2);
  winit_dtor(&i1);
  printf("  after both destructors: count %d\n", *wcnt);
  fflush(stdout);
  return 0;
}
