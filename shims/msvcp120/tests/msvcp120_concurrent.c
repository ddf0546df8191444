// MSVCP120.dll's concurrent containers' bases, driven as <concurrent_queue.h> and
// <concurrent_vector.h> drive them for int elements: a queue (a derived class's vtable of
// thiscall item and page functions) pushed, popped, moved into and cleared, with the pages it
// asks for; a vector (its allocator and the element callbacks, cdecl) grown by push_back, swapped,
// cleared and compacted; with the argument "growth", grown by grow_by, grow_to_at_least and
// resize, assigned, copied and compacted. Elements are read through the segment table as the
// header's operator[] reads them.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "../../msvcp140/tests/msvcp_stream_objects.h"

#define QB "_Concurrent_queue_base_v4@details@Concurrency@@"
#define VB "_Concurrent_vector_base_v4@details@Concurrency@@"

// ---- the queue ----

typedef struct {
  void** vtable;
  void* data;
  size_t per_page, item_size;
} queue_base;
typedef struct page {
  struct page* next;
  size_t mask;
  int items[1];
} page;

static int pages_alive, pages_made;
static void THISCALL q_move(queue_base* q, page* p, size_t i, void* src) { p->items[i] = *(int*)src + 1000; }
static void THISCALL q_copy(queue_base* q, page* p, size_t i, const void* src) { p->items[i] = *(const int*)src; }
static void THISCALL q_assign(queue_base* q, void* dst, page* p, size_t i) { *(int*)dst = p->items[i]; }
static void* THISCALL q_dtor(queue_base* q, unsigned flags) { return q; }
static page* THISCALL q_alloc(queue_base* q) {
  ++pages_alive;
  ++pages_made;
  return malloc(2 * sizeof(void*) + q->per_page * q->item_size);
}
static void THISCALL q_free(queue_base* q, page* p) {
  --pages_alive;
  free(p);
}
static void* q_vtable[6] = {(void*)q_move, (void*)q_copy, (void*)q_assign, (void*)q_dtor, (void*)q_alloc, (void*)q_free};

static void show_queue(void) {
  queue_base* (THISCALL * ctor)(queue_base*, size_t) = fn(NAME("??0" QB "IAE@I@Z", "??0" QB "IEAA@_K@Z"));
  void(THISCALL * dtor)(queue_base*) = fn(NAME("??1" QB "MAE@XZ", "??1" QB "MEAA@XZ"));
  void(THISCALL * push)(queue_base*, const void*) = fn(NAME("?_Internal_push@" QB "IAEXPBX@Z", "?_Internal_push@" QB "IEAAXPEBX@Z"));
  void(THISCALL * move_push)(queue_base*, void*) = fn(NAME("?_Internal_move_push@" QB "IAEXPAX@Z", "?_Internal_move_push@" QB "IEAAXPEAX@Z"));
  unsigned char(THISCALL * pop)(queue_base*, void*) =
      fn(NAME("?_Internal_pop_if_present@" QB "IAE_NPAX@Z", "?_Internal_pop_if_present@" QB "IEAA_NPEAX@Z"));
  size_t(THISCALL * size)(queue_base*) = fn(NAME("?_Internal_size@" QB "IBEIXZ", "?_Internal_size@" QB "IEBA_KXZ"));
  unsigned char(THISCALL * empty)(queue_base*) = fn(NAME("?_Internal_empty@" QB "IBE_NXZ", "?_Internal_empty@" QB "IEBA_NXZ"));
  void(THISCALL * finish_clear)(queue_base*) = fn(NAME("?_Internal_finish_clear@" QB "IAEXXZ", "?_Internal_finish_clear@" QB "IEAAXXZ"));

  queue_base q;
  memset(&q, 0, sizeof q);
  ctor(&q, sizeof(int));
  printf("queue: a vtable %d, data %d, %d items a page of %d bytes\n", q.vtable != NULL, q.data != NULL, (int)q.per_page, (int)q.item_size);
  queue_base big;
  memset(&big, 0, sizeof big);
  ctor(&big, 24);
  printf("  items a page for 24 bytes: %d; ", (int)big.per_page);
  dtor(&big);
  ctor(&big, 200);
  printf("for 200: %d\n", (int)big.per_page);
  dtor(&big);

  q.vtable = q_vtable;
  printf("  empty %d, size %d\n", empty(&q), (int)size(&q));
  for (int i = 0; i < 300; ++i) {
    int v = i * 3;
    push(&q, &v);
  }
  printf("  300 pushed: size %d, empty %d, pages asked for %d\n", (int)size(&q), empty(&q), pages_made);
  int in_order = 1, got = 0, v = 0;
  for (int i = 0; i < 290; ++i) {
    if (!pop(&q, &v)) break;
    ++got;
    if (v != i * 3) in_order = 0;
  }
  printf("  290 popped in order %d (%d); size %d; pages alive %d\n", in_order, got, (int)size(&q), pages_alive);
  int m = 5;
  move_push(&q, &m);
  while (pop(&q, &v)) ++got;
  int none = pop(&q, &v);
  printf("  the rest and a moved one popped: %d, the last %d; pop of none %d, size %d\n", got, v, none, (int)size(&q));
  printf("  pages alive before finish_clear %d", pages_alive);
  finish_clear(&q);
  printf(", after %d\n", pages_alive);
  dtor(&q);
}

// ---- the vector ----

typedef struct {
  void* (__cdecl* allocator)(void*, size_t);
  void* storage[3];
  size_t first_block, early_size;
  void** segment;
} vector_base;

static int destroyed, allocations;
static void* __cdecl v_alloc(void* v, size_t bytes) {
  ++allocations;
  return calloc(1, bytes);
}
static void __cdecl v_copy(void* dst, const void* src, size_t n) {
  for (size_t i = 0; i < n; ++i) ((int*)dst)[i] = src ? *(const int*)src : 0;
}
static void __cdecl v_copy_array(void* dst, const void* src, size_t n) { memcpy(dst, src, n * sizeof(int)); }
static void __cdecl v_assign(void* dst, const void* src, size_t n) {
  for (size_t i = 0; i < n; ++i) ((int*)dst)[i] = ((const int*)src)[i] + 100;
}
static void __cdecl v_clear(void* p, size_t n) {
  destroyed += (int)n;
  memset(p, 0xee, n * sizeof(int));
}

static size_t(__cdecl* index_of)(size_t);
static int element(vector_base* v, size_t i) {
  size_t k = index_of(i);
  size_t base = ((size_t)1 << k) & ~(size_t)1;
  return ((int*)v->segment[k])[i - base];
}
static void show_elements(const char* what, vector_base* v) {
  printf("  %s: size %d [", what, (int)v->early_size);
  for (size_t i = 0; i < v->early_size; ++i) printf(i ? " %d" : "%d", element(v, i));
  printf("]\n");
}
static void init_vector(vector_base* v) {
  memset(v, 0, sizeof *v);
  v->segment = v->storage;
  v->allocator = v_alloc;
}

// The vector base's functions, looked up once.
static void(THISCALL* v_dtor)(vector_base*);
static size_t(THISCALL* capacity)(vector_base*);
static void*(THISCALL* push_back)(vector_base*, size_t, size_t*);
static size_t(THISCALL* grow_by)(vector_base*, size_t, size_t, void(__cdecl*)(void*, const void*, size_t), const void*);
static size_t(THISCALL* grow_to)(vector_base*, size_t, size_t, void(__cdecl*)(void*, const void*, size_t), const void*);
static void(THISCALL* resize)(vector_base*, size_t, size_t, size_t, void(__cdecl*)(void*, size_t), void(__cdecl*)(void*, const void*, size_t),
                              const void*);
static void(THISCALL* copy)(vector_base*, const vector_base*, size_t, void(__cdecl*)(void*, const void*, size_t));
static void(THISCALL* assign)(vector_base*, const vector_base*, size_t, void(__cdecl*)(void*, size_t), void(__cdecl*)(void*, const void*, size_t),
                              void(__cdecl*)(void*, const void*, size_t));
static size_t(THISCALL* clear)(vector_base*, void(__cdecl*)(void*, size_t));
static void*(THISCALL* compact)(vector_base*, size_t, void*, void(__cdecl*)(void*, size_t), void(__cdecl*)(void*, const void*, size_t));
static void(THISCALL* swap)(vector_base*, vector_base*);

static void find_vector_functions(void) {
  v_dtor = fn(NAME("??1" VB "IAE@XZ", "??1" VB "IEAA@XZ"));
  capacity = fn(NAME("?_Internal_capacity@" VB "IBEIXZ", "?_Internal_capacity@" VB "IEBA_KXZ"));
  push_back = fn(NAME("?_Internal_push_back@" VB "IAEPAXIAAI@Z", "?_Internal_push_back@" VB "IEAAPEAX_KAEA_K@Z"));
  grow_by = fn(NAME("?_Internal_grow_by@" VB "IAEIIIP6AXPAXPBXI@Z1@Z", "?_Internal_grow_by@" VB "IEAA_K_K0P6AXPEAXPEBX0@Z2@Z"));
  grow_to = fn(NAME("?_Internal_grow_to_at_least_with_result@" VB "IAEIIIP6AXPAXPBXI@Z1@Z",
                    "?_Internal_grow_to_at_least_with_result@" VB "IEAA_K_K0P6AXPEAXPEBX0@Z2@Z"));
  resize = fn(NAME("?_Internal_resize@" VB "IAEXIIIP6AXPAXI@ZP6AX0PBXI@Z2@Z", "?_Internal_resize@" VB "IEAAX_K00P6AXPEAX0@ZP6AX1PEBX0@Z3@Z"));
  copy = fn(NAME("?_Internal_copy@" VB "IAEXABV123@IP6AXPAXPBXI@Z@Z", "?_Internal_copy@" VB "IEAAXAEBV123@_KP6AXPEAXPEBX1@Z@Z"));
  assign = fn(NAME("?_Internal_assign@" VB "IAEXABV123@IP6AXPAXI@ZP6AX1PBXI@Z4@Z", "?_Internal_assign@" VB "IEAAXAEBV123@_KP6AXPEAX1@ZP6AX2PEBX1@Z5@Z"));
  clear = fn(NAME("?_Internal_clear@" VB "IAEIP6AXPAXI@Z@Z", "?_Internal_clear@" VB "IEAA_KP6AXPEAX_K@Z@Z"));
  compact = fn(NAME("?_Internal_compact@" VB "IAEPAXIPAXP6AX0I@ZP6AX0PBXI@Z@Z", "?_Internal_compact@" VB "IEAAPEAX_KPEAXP6AX10@ZP6AX1PEBX0@Z@Z"));
  swap = fn(NAME("?_Internal_swap@" VB "IAEXAAV123@@Z", "?_Internal_swap@" VB "IEAAXAEAV123@@Z"));
  index_of = fn(NAME("?_Segment_index_of@" VB "KAII@Z", "?_Segment_index_of@" VB "KA_K_K@Z"));
}

// A vector of n push_backs of first, first + 1 ….
static void push_backs(vector_base* v, int n, int first) {
  for (int i = 0; i < n; ++i) {
    size_t idx = 99;
    *(int*)push_back(v, sizeof(int), &idx) = first + i;
  }
}

// What wine 8.0 does as Windows does: growth by push_back, the table, clear, compact, swap.
static void show_vector(void) {
  printf("vector: _Segment_index_of 0..9:");
  for (size_t i = 0; i < 10; ++i) printf(" %d", (int)index_of(i));
  printf("; 1000: %d\n", (int)index_of(1000));

  vector_base a;
  init_vector(&a);
  printf("  empty: capacity %d\n", (int)capacity(&a));
  int wrong_index = 0;
  for (int i = 0; i < 10; ++i) {
    size_t idx = 99;
    int* at = push_back(&a, sizeof(int), &idx);
    *at = i * i;
    if (idx != (size_t)i) wrong_index = 1;
  }
  printf("  10 push_backs: indexes in turn %d, capacity %d, first block %d, the table its own %d, allocations %d\n", !wrong_index,
         (int)capacity(&a), (int)a.first_block, a.segment != a.storage, allocations);
  show_elements("elements", &a);

  vector_base b;
  init_vector(&b);
  push_backs(&b, 3, -2);
  swap(&a, &b);
  show_elements("swapped: a", &a);
  show_elements("swapped: b", &b);
  printf("  a's table its own storage %d, b's its own table %d\n", a.segment == a.storage, b.segment != b.storage && b.segment != a.storage);

  void* blocks[1 + 64 + 2];
  memset(blocks, 0, sizeof blocks);
  vector_base empty_one;
  init_vector(&empty_one);
  printf("  compact of an empty vector: %d\n", compact(&empty_one, sizeof(int), blocks, v_clear, v_copy_array) != NULL);
  destroyed = 0;
  size_t segs = clear(&b, v_clear);
  printf("  clear: %d segments, %d destroyed, size %d\n", (int)segs, destroyed, (int)b.early_size);
  void* r = compact(&b, sizeof(int), blocks, v_clear, v_copy_array);
  printf("  compact of a cleared one: %d, first block %d, segments handed back %d %d %d %d %d, the vector's %d\n", r == blocks,
         (int)(size_t)blocks[0], blocks[1] != NULL, blocks[2] != NULL, blocks[3] != NULL, blocks[4] != NULL, blocks[5] != NULL,
         b.segment[0] != NULL);
  v_dtor(&a);
  v_dtor(&b);
}

// Growth by more than one element, resizing, copies and assignments, compaction: wine 8.0 puts
// these elements at offsets multiplied by a pointer's size (and overruns its segments); the
// results here are the ones Microsoft's concurrent_vector pages describe (cases.txt).
static void show_vector_growth(void) {
  vector_base a;
  init_vector(&a);
  push_backs(&a, 10, 0);
  int seven = 7;
  size_t at = grow_by(&a, 5, sizeof(int), v_copy, &seven);
  printf("vector growth: grow_by(5, 7): from %d; ", (int)at);
  at = grow_to(&a, 20, sizeof(int), v_copy, NULL);
  printf("grow_to_at_least(20): from %d; ", (int)at);
  at = grow_to(&a, 3, sizeof(int), v_copy, NULL);
  printf("(3): %d; capacity %d\n", (int)at, (int)capacity(&a));
  show_elements("grown", &a);
  destroyed = 0;
  resize(&a, 12, sizeof(int), 1000, v_clear, v_copy, NULL);
  printf("  resize(12): %d destroyed\n", destroyed);
  show_elements("resized", &a);
  resize(&a, 14, sizeof(int), 1000, v_clear, v_copy, &seven);
  show_elements("resize(14, 7)", &a);

  vector_base b;
  init_vector(&b);
  push_backs(&b, 3, -2);
  assign(&b, &a, sizeof(int), v_clear, v_assign, v_copy_array);
  show_elements("assigned 14 to 3 (+100 where one was)", &b);
  destroyed = 0;
  vector_base c;
  init_vector(&c);
  push_backs(&c, 20, 50);
  assign(&c, &a, sizeof(int), v_clear, v_assign, v_copy_array);
  printf("  assigned 14 to 20: %d destroyed\n", destroyed);
  show_elements("assigned", &c);
  vector_base d;
  init_vector(&d);
  copy(&d, &a, sizeof(int), v_copy_array);
  printf("  copied into an empty one: first block %d (one block)\n", (int)d.first_block);
  show_elements("copied", &d);

  void* blocks[1 + 64 + 2];
  memset(blocks, 0, sizeof blocks);
  destroyed = 0;
  void* r = compact(&a, sizeof(int), blocks, v_clear, v_copy_array);
  printf("  compact of 14 in 4 segments: %d, the old first block %d, %d destroyed, now first block %d\n", r == blocks, (int)(size_t)blocks[0],
         destroyed, (int)a.first_block);
  show_elements("compacted", &a);
  r = compact(&d, sizeof(int), blocks, v_clear, v_copy_array);
  printf("  compact of one block: %d\n", r != NULL);
  v_dtor(&a);
  v_dtor(&b);
  v_dtor(&c);
  v_dtor(&d);
}

int main(int argc, char** argv) {
  dll = LoadLibraryA("msvcp120.dll");
  printf("msvcp120: loaded %d\n", dll != NULL);
  find_vector_functions();
  if (argc > 1 && strcmp(argv[1], "growth") == 0) {
    show_vector_growth();
    return 0;
  }
  show_queue();
  show_vector();
  return 0;
}
