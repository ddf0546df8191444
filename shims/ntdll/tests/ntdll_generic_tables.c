/* NTDLL's generic tables, the splay form (RTL_GENERIC_TABLE) and the AVL form (RTL_AVL_TABLE):
 * elements inserted, found, enumerated, taken by index and deleted, the caller's compare,
 * allocate and free routines called with the table, the tables' fields and links as ntddk.h lays
 * them out. Expected output: from Microsoft's pages of the functions (wine 8.0's are stubs). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct SPLAY {
  struct SPLAY *Parent, *LeftChild, *RightChild;
} SPLAY;
typedef struct GTABLE {
  SPLAY* TableRoot;
  LIST_ENTRY InsertOrderList;
  LIST_ENTRY* OrderedPointer;
  ULONG WhichOrderedElement;
  ULONG NumberGenericTableElements;
  void* CompareRoutine;
  void* AllocateRoutine;
  void* FreeRoutine;
  void* TableContext;
} GTABLE;
typedef struct BAL {
  struct BAL *Parent, *LeftChild, *RightChild;
  CHAR Balance;
  UCHAR Reserved[3];
} BAL;
typedef struct ATABLE {
  BAL BalancedRoot;
  void* OrderedPointer;
  ULONG WhichOrderedElement;
  ULONG NumberGenericTableElements;
  ULONG DepthOfTree;
  BAL* RestartKey;
  ULONG DeleteCount;
  void* CompareRoutine;
  void* AllocateRoutine;
  void* FreeRoutine;
  void* TableContext;
} ATABLE;
typedef struct {
  int key;
  int value;
} ITEM;
enum { LessThan, GreaterThan, Equal };
enum { EmptyTree, FoundNode, InsertAsLeft, InsertAsRight };

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)

static void* table_seen;
static int compares, allocs, frees;
static LONG last_alloc_size;
static void* last_block;
static int NTAPI compare(void* table, void* a, void* b) {
  table_seen = table;
  ++compares;
  int x = ((ITEM*)a)->key, y = ((ITEM*)b)->key;
  return x < y ? LessThan : x > y ? GreaterThan : Equal;
}
/* Compares tens only: 21 and 25 are equal. */
static int NTAPI compare_tens(void* table, void* a, void* b) {
  (void)table;
  int x = ((ITEM*)a)->key / 10, y = ((ITEM*)b)->key / 10;
  return x < y ? LessThan : x > y ? GreaterThan : Equal;
}
static void* NTAPI allocate(void* table, LONG size) {
  table_seen = table;
  ++allocs;
  last_alloc_size = size;
  last_block = HeapAlloc(GetProcessHeap(), 0, size);
  return last_block;
}
static void* NTAPI allocate_none(void* table, LONG size) {
  (void)table;
  (void)size;
  return NULL;
}
static void NTAPI release(void* table, void* block) {
  table_seen = table;
  ++frees;
  HeapFree(GetProcessHeap(), 0, block);
}

typedef void(NTAPI* init_fn)(void*, void*, void*, void*, void*);
typedef void*(NTAPI* insert_fn)(void*, void*, ULONG, BOOLEAN*);
typedef void*(NTAPI* lookup_fn)(void*, void*);
typedef void*(NTAPI* lookup_full_fn)(void*, void*, void**, int*);
typedef void*(NTAPI* insert_full_fn)(void*, void*, ULONG, BOOLEAN*, void*, int);
typedef BOOLEAN(NTAPI* delete_fn)(void*, void*);
typedef void*(NTAPI* enum_fn)(void*, BOOLEAN);
typedef void*(NTAPI* enum_ns_fn)(void*, void**);
typedef void*(NTAPI* get_fn)(void*, ULONG);
typedef ULONG(NTAPI* number_fn)(void*);
typedef BOOLEAN(NTAPI* empty_fn)(void*);

static const int keys[] = {50, 20, 80, 10, 30, 70, 90, 60, 25, 35, 5, 95, 65, 15, 85};
#define NKEYS (int)(sizeof keys / sizeof keys[0])

/* Height of an AVL subtree; -1000 when a balance or a parent link is wrong. */
static int avl_height(BAL* n, BAL* parent) {
  if (!n) return 0;
  if (n->Parent != parent) return -1000;
  int l = avl_height(n->LeftChild, n), r = avl_height(n->RightChild, n);
  if (l < 0 || r < 0 || r - l != n->Balance || r - l > 1 || l - r > 1) return -1000;
  return (l > r ? l : r) + 1;
}
/* Whether a splay subtree's parent links hold. */
static int splay_links(SPLAY* n, SPLAY* parent) {
  if (!n) return 1;
  if (n->Parent != parent) return 0;
  return splay_links(n->LeftChild, n) && splay_links(n->RightChild, n);
}

static void splay_table(void) {
  init_fn init = (init_fn)FN("RtlInitializeGenericTable");
  insert_fn insert = (insert_fn)FN("RtlInsertElementGenericTable");
  insert_full_fn insert_full = (insert_full_fn)FN("RtlInsertElementGenericTableFull");
  lookup_fn lookup = (lookup_fn)FN("RtlLookupElementGenericTable");
  lookup_full_fn lookup_full = (lookup_full_fn)FN("RtlLookupElementGenericTableFull");
  delete_fn del = (delete_fn)FN("RtlDeleteElementGenericTable");
  enum_fn enumerate = (enum_fn)FN("RtlEnumerateGenericTable");
  enum_ns_fn enum_ns = (enum_ns_fn)FN("RtlEnumerateGenericTableWithoutSplaying");
  get_fn get = (get_fn)FN("RtlGetElementGenericTable");
  number_fn number = (number_fn)FN("RtlNumberGenericTableElements");
  empty_fn empty = (empty_fn)FN("RtlIsGenericTableEmpty");
  printf("splay functions: %d\n", init && insert && insert_full && lookup && lookup_full && del && enumerate &&
                                      enum_ns && get && number && empty);
  if (!(init && insert && insert_full && lookup && lookup_full && del && enumerate && enum_ns && get && number &&
        empty))
    return;

  GTABLE t;
  memset(&t, 0xcc, sizeof t);
  init(&t, compare, allocate, release, (void*)0x1234);
  printf("init: root %p list %d ordered %d which %lu count %lu context %p\n", (void*)t.TableRoot,
         t.InsertOrderList.Flink == &t.InsertOrderList && t.InsertOrderList.Blink == &t.InsertOrderList,
         t.OrderedPointer == &t.InsertOrderList, t.WhichOrderedElement, t.NumberGenericTableElements,
         t.TableContext);
  printf("empty %d number %lu get(0) %p\n", empty(&t), number(&t), get(&t, 0));
  ITEM it = {0, 0};
  void* none = lookup(&t, &it);
  printf("lookup in empty %p compares %d\n", none, compares);
  for (int i = 0; i < NKEYS; ++i) {
    BOOLEAN isnew = 7;
    it.key = keys[i];
    it.value = keys[i] * 100;
    ITEM* got = insert(&t, &it, sizeof it, &isnew);
    if (i == 0)
      printf("first insert: new %d value %d table passed %d data after links and list %d\n", isnew, got->value,
             table_seen == &t, (char*)got - (char*)last_block == (int)((sizeof(SPLAY) + sizeof(LIST_ENTRY) + 7) & ~7));
    if (t.TableRoot == NULL || (ITEM*)((char*)t.TableRoot + ((char*)got - (char*)last_block)) != got)
      printf("insert %d: not at the root\n", keys[i]);
  }
  printf("extra == links+list rounded to 8: %d\n",
         last_alloc_size - (LONG)sizeof it == (LONG)((sizeof(SPLAY) + sizeof(LIST_ENTRY) + 7) & ~7));
  printf("allocs %d count %lu number %lu empty %d links %d\n", allocs, t.NumberGenericTableElements, number(&t),
         empty(&t), t.TableRoot->Parent == t.TableRoot && splay_links(t.TableRoot->LeftChild, t.TableRoot) &&
                        splay_links(t.TableRoot->RightChild, t.TableRoot));
  BOOLEAN isnew = 7;
  it.key = 30;
  it.value = -1;
  ITEM* dup = insert(&t, &it, sizeof it, &isnew);
  printf("insert again 30: new %d value %d allocs %d\n", isnew, dup->value, allocs);
  it.key = 70;
  ITEM* found = lookup(&t, &it);
  int off = (int)(((char*)found - (char*)0) - ((char*)t.TableRoot - (char*)0));
  printf("lookup 70: %d at root %d\n", found ? found->value : -1, found && off > 0 && off <= 48);
  it.key = 71;
  printf("lookup 71: %p\n", lookup(&t, &it));

  void* node = (void*)1;
  int result = -1;
  it.key = 60;
  found = lookup_full(&t, &it, &node, &result);
  printf("lookup full 60: %d result %d node is element %d\n", found ? found->value : -1, result,
         node && (char*)found > (char*)node && (char*)found - (char*)node <= 48);
  it.key = 61;
  found = lookup_full(&t, &it, &node, &result);
  printf("lookup full 61: %p result %d\n", (void*)found, result);
  it.value = 6100;
  isnew = 7;
  found = insert_full(&t, &it, sizeof it, &isnew, node, result);
  printf("insert full 61: new %d value %d count %lu\n", isnew, found ? found->value : -1, number(&t));

  printf("by insertion order:");
  for (ULONG i = 0; i < number(&t); ++i) printf(" %d", ((ITEM*)get(&t, i))->key);
  int third = ((ITEM*)get(&t, 3))->key;
  int first = ((ITEM*)get(&t, 1))->key;
  void* past = get(&t, number(&t));
  void* minus = get(&t, ~0u);
  printf("\nget(3) again %d get(1) %d get(%lu) %p get(-1) %p which %lu\n", third, first, number(&t), past, minus,
         t.WhichOrderedElement);

  printf("enumerate:");
  for (ITEM* e = enumerate(&t, TRUE); e; e = enumerate(&t, FALSE)) printf(" %d", e->key);
  printf("\nwithout splaying:");
  void* restart = NULL;
  SPLAY* root = t.TableRoot;
  for (ITEM* e = enum_ns(&t, &restart); e; e = enum_ns(&t, &restart)) printf(" %d", e->key);
  printf("\nroot unchanged %d restart is last node %d\n", root == t.TableRoot, restart != NULL);

  int before = frees;
  it.key = 30;
  table_seen = NULL;
  BOOLEAN deleted = del(&t, &it);
  printf("delete 30: %d frees %d table passed %d\n", deleted, frees - before, table_seen == &t);
  deleted = del(&t, &it);
  printf("delete 30 again: %d frees %d\n", deleted, frees - before);
  it.key = 50;
  deleted = del(&t, &it);
  printf("delete 50: %d count %lu which %lu ordered is head %d\n", deleted, number(&t), t.WhichOrderedElement,
         t.OrderedPointer == &t.InsertOrderList);
  printf("by insertion order:");
  for (ULONG i = 0; i < number(&t); ++i) printf(" %d", ((ITEM*)get(&t, i))->key);
  printf("\nenumerate:");
  for (ITEM* e = enumerate(&t, TRUE); e; e = enumerate(&t, FALSE)) printf(" %d", e->key);
  printf("\nlinks %d\n", t.TableRoot->Parent == t.TableRoot && splay_links(t.TableRoot->LeftChild, t.TableRoot) &&
                             splay_links(t.TableRoot->RightChild, t.TableRoot));
  while (!empty(&t)) {
    ITEM* e = get(&t, 0);
    it.key = e->key;
    del(&t, &it);
  }
  printf("all deleted: root %p count %lu list empty %d frees %d allocs %d\n", (void*)t.TableRoot, number(&t),
         t.InsertOrderList.Flink == &t.InsertOrderList, frees, allocs);

  GTABLE n;
  init(&n, compare, allocate_none, release, NULL);
  isnew = 7;
  it.key = 1;
  void* failed = insert(&n, &it, sizeof it, &isnew);
  printf("allocation fails: %p new %d count %lu\n", failed, isnew, number(&n));
}

static void avl_table(void) {
  init_fn init = (init_fn)FN("RtlInitializeGenericTableAvl");
  insert_fn insert = (insert_fn)FN("RtlInsertElementGenericTableAvl");
  insert_full_fn insert_full = (insert_full_fn)FN("RtlInsertElementGenericTableFullAvl");
  lookup_fn lookup = (lookup_fn)FN("RtlLookupElementGenericTableAvl");
  lookup_full_fn lookup_full = (lookup_full_fn)FN("RtlLookupElementGenericTableFullAvl");
  delete_fn del = (delete_fn)FN("RtlDeleteElementGenericTableAvl");
  enum_fn enumerate = (enum_fn)FN("RtlEnumerateGenericTableAvl");
  enum_ns_fn enum_ns = (enum_ns_fn)FN("RtlEnumerateGenericTableWithoutSplayingAvl");
  get_fn get = (get_fn)FN("RtlGetElementGenericTableAvl");
  number_fn number = (number_fn)FN("RtlNumberGenericTableElementsAvl");
  empty_fn empty = (empty_fn)FN("RtlIsGenericTableEmptyAvl");
  void*(NTAPI * first_match)(void*, void*, void**) = (void*)FN("RtlLookupFirstMatchingElementGenericTableAvl");
  printf("avl functions: %d\n", init && insert && insert_full && lookup && lookup_full && del && enumerate &&
                                    enum_ns && get && number && empty && first_match);
  if (!(init && insert && insert_full && lookup && lookup_full && del && enumerate && enum_ns && get && number &&
        empty && first_match))
    return;

  ATABLE t;
  memset(&t, 0xcc, sizeof t);
  init(&t, compare, allocate, release, (void*)0x5678);
  printf("init: parent is table %d children %p %p balance %d count %lu restart %p deletes %lu context %p\n",
         t.BalancedRoot.Parent == &t.BalancedRoot, (void*)t.BalancedRoot.LeftChild, (void*)t.BalancedRoot.RightChild,
         t.BalancedRoot.Balance, t.NumberGenericTableElements, (void*)t.RestartKey, t.DeleteCount, t.TableContext);
  printf("empty %d number %lu\n", empty(&t), number(&t));
  ITEM it;
  int a0 = allocs;
  for (int i = 0; i < NKEYS; ++i) {
    BOOLEAN isnew = 7;
    it.key = keys[i];
    it.value = keys[i] * 100;
    ITEM* got = insert(&t, &it, sizeof it, &isnew);
    if (i == 0)
      printf("first insert: new %d value %d table passed %d extra == balanced links %d data after links %d\n",
             isnew, got->value, table_seen == &t,
             last_alloc_size - (LONG)sizeof it == (LONG)((sizeof(BAL) + 7) & ~7),
             (char*)got - (char*)last_block == (int)((sizeof(BAL) + 7) & ~7));
    int h = avl_height(t.BalancedRoot.RightChild, &t.BalancedRoot);
    if (h < 0) printf("insert %d: not balanced\n", keys[i]);
  }
  printf("allocs %d count %lu empty %d height %d\n", allocs - a0, number(&t), empty(&t),
         avl_height(t.BalancedRoot.RightChild, &t.BalancedRoot));
  /* Ascending keys: each insert rebalances. */
  ATABLE s;
  init(&s, compare, allocate, release, NULL);
  for (int i = 1; i <= 100; ++i) {
    it.key = i;
    it.value = i;
    insert(&s, &it, sizeof it, NULL);
  }
  printf("100 ascending: count %lu height %d\n", number(&s), avl_height(s.BalancedRoot.RightChild, &s.BalancedRoot));
  int bad = 0;
  for (int i = 1; i <= 100; i += 3) {
    it.key = i;
    if (!del(&s, &it)) ++bad;
    if (avl_height(s.BalancedRoot.RightChild, &s.BalancedRoot) < 0) ++bad;
  }
  printf("every third deleted: count %lu balanced %d bad %d deletes %lu\n", number(&s),
         avl_height(s.BalancedRoot.RightChild, &s.BalancedRoot) > 0, bad, s.DeleteCount);
  for (int i = 100; i >= 1; --i) {
    it.key = i;
    del(&s, &it);
    if (avl_height(s.BalancedRoot.RightChild, &s.BalancedRoot) < 0) ++bad;
  }
  printf("all deleted: count %lu root %p bad %d empty %d\n", number(&s), (void*)s.BalancedRoot.RightChild, bad,
         empty(&s));

  BOOLEAN isnew = 7;
  it.key = 30;
  it.value = -1;
  ITEM* dup = insert(&t, &it, sizeof it, &isnew);
  printf("insert again 30: new %d value %d\n", isnew, dup->value);
  it.key = 70;
  ITEM* found = lookup(&t, &it);
  printf("lookup 70: %d\n", found ? found->value : -1);
  it.key = 71;
  printf("lookup 71: %p\n", lookup(&t, &it));
  void* node = NULL;
  int result = -1;
  found = lookup_full(&t, &it, &node, &result);
  printf("lookup full 71: %p result %d parent set %d\n", (void*)found, result, node != NULL);
  it.value = 7100;
  found = insert_full(&t, &it, sizeof it, &isnew, node, result);
  printf("insert full 71: new %d value %d count %lu height ok %d\n", isnew, found ? found->value : -1, number(&t),
         avl_height(t.BalancedRoot.RightChild, &t.BalancedRoot) > 0);

  printf("by index:");
  for (ULONG i = 0; i < number(&t); ++i) printf(" %d", ((ITEM*)get(&t, i))->key);
  int second = ((ITEM*)get(&t, 2))->key;
  void* past = get(&t, number(&t));
  printf("\nget(2) %d get(%lu) %p\n", second, number(&t), past);
  printf("enumerate:");
  for (ITEM* e = enumerate(&t, TRUE); e; e = enumerate(&t, FALSE)) printf(" %d", e->key);
  printf("\nrestart key at the end set %d\n", t.RestartKey != NULL);
  printf("without splaying:");
  void* restart = NULL;
  for (ITEM* e = enum_ns(&t, &restart); e; e = enum_ns(&t, &restart)) printf(" %d", e->key);
  printf("\n");

  it.key = 30;
  int before = frees;
  BOOLEAN deleted = del(&t, &it);
  printf("delete 30: %d frees %d deletes %lu\n", deleted, frees - before, t.DeleteCount);
  deleted = del(&t, &it);
  printf("delete 30 again: %d\n", deleted);
  it.key = 50;
  deleted = del(&t, &it);
  printf("delete 50: %d count %lu height ok %d\n", deleted, number(&t),
         avl_height(t.BalancedRoot.RightChild, &t.BalancedRoot) > 0);
  printf("by index:");
  for (ULONG i = 0; i < number(&t); ++i) printf(" %d", ((ITEM*)get(&t, i))->key);
  printf("\n");

  /* Tens compared only: the first of the 20s. */
  ATABLE m;
  init(&m, compare, allocate, release, NULL);
  for (int i = 0; i < NKEYS; ++i) {
    it.key = keys[i];
    it.value = 0;
    insert(&m, &it, sizeof it, NULL);
  }
  m.CompareRoutine = compare_tens;
  it.key = 29;
  restart = NULL;
  found = first_match(&m, &it, &restart);
  printf("first matching 2x: %d then", found ? found->key : -1);
  m.CompareRoutine = compare;
  for (ITEM* e = enum_ns(&m, &restart); e; e = enum_ns(&m, &restart)) printf(" %d", e->key);
  it.key = 40;
  m.CompareRoutine = compare_tens;
  printf("\nfirst matching 4x: %p\n", first_match(&m, &it, &restart));
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  splay_table();
  avl_table();
  return 0;
}
