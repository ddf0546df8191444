// NTDLL's generic tables, both kinds, laid out in the caller's memory as ntddk.h declares them:
// the splay tree (RTL_GENERIC_TABLE: RtlInitializeGenericTable, RtlInsertElementGenericTable(Full),
// RtlLookupElementGenericTable(Full), RtlDeleteElementGenericTable, RtlEnumerateGenericTable(
// WithoutSplaying), RtlGetElementGenericTable, RtlNumberGenericTableElements,
// RtlIsGenericTableEmpty) and the AVL tree (RTL_AVL_TABLE: the same functions with Avl, and
// RtlLookupFirstMatchingElementGenericTableAvl).
//
// Each element is one block from the caller's allocate routine: the tree's links (RTL_SPLAY_LINKS
// and the LIST_ENTRY of the insertion order; RTL_BALANCED_LINKS), then the caller's data at the
// next 8-byte boundary, the pointer the functions return. The compare, allocate and free routines
// are the caller's code, called with the table as their first argument. A splay table's root is
// the node whose Parent is itself; an AVL table's root is BalancedRoot.RightChild, under the
// table's own BalancedRoot (whose Parent is the table). A splay table's I'th element
// (RtlGetElementGenericTable) is in the order of insertion, an AVL table's in the collation order;
// both keep the last one found (OrderedPointer, WhichOrderedElement, 1-based) to go on from.
// The tables are not locked: as on Windows, the caller serialises its calls.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_generic_tables_impl {

// RTL_GENERIC_COMPARE_RESULTS and TABLE_SEARCH_RESULT.
constexpr uint32_t kLessThan = 0, kGreaterThan = 1, kEqual = 2;
constexpr uint32_t kEmptyTree = 0, kFoundNode = 1, kInsertAsLeft = 2, kInsertAsRight = 3;

// A tree of nodes in guest memory: Parent, LeftChild, RightChild pointers at a node's start.
struct Tree {
  WindowsProcess& p;
  uint64_t table;
  unsigned ps;  // pointer size
  explicit Tree(WindowsProcess& proc, uint64_t t) : p(proc), table(t), ps(proc.isa->ptr) {}

  uint64_t parent(uint64_t n) const { return p.get_ptr(n); }
  uint64_t left(uint64_t n) const { return p.get_ptr(n + ps); }
  uint64_t right(uint64_t n) const { return p.get_ptr(n + 2 * ps); }
  void set_parent(uint64_t n, uint64_t v) const { p.put_ptr(n, v); }
  void set_left(uint64_t n, uint64_t v) const { p.put_ptr(n + ps, v); }
  void set_right(uint64_t n, uint64_t v) const { p.put_ptr(n + 2 * ps, v); }
  static uint64_t align8(uint64_t v) { return (v + 7) & ~7ull; }
  uint64_t mask(uint64_t v) const { return ps == 4 ? v & 0xffffffffull : v; }

  // In `g`, the child `from` becomes `to`.
  void replace_child(uint64_t g, uint64_t from, uint64_t to) const {
    if (left(g) == from)
      set_left(g, to);
    else
      set_right(g, to);
  }
  uint64_t leftmost(uint64_t n) const {
    while (n && left(n)) n = left(n);
    return n;
  }
  uint64_t rightmost(uint64_t n) const {
    while (n && right(n)) n = right(n);
    return n;
  }
};

// ---- the splay table ----

struct SplayTable : Tree {
  using Tree::Tree;
  // RTL_GENERIC_TABLE's fields.
  uint64_t root_field() const { return table; }
  uint64_t list_head() const { return table + ps; }
  uint64_t ordered_field() const { return table + 3 * ps; }
  uint64_t which_field() const { return table + 4 * ps; }
  uint64_t count_field() const { return table + 4 * ps + 4; }
  uint64_t routines() const { return align_ptr(4 * ps + 8); }
  uint64_t align_ptr(uint64_t off) const { return table + ((off + ps - 1) & ~static_cast<uint64_t>(ps - 1)); }
  uint64_t compare_routine() const { return p.get_ptr(routines()); }
  uint64_t allocate_routine() const { return p.get_ptr(routines() + ps); }
  uint64_t free_routine() const { return p.get_ptr(routines() + 2 * ps); }
  uint64_t root() const { return p.get_ptr(root_field()); }
  // A node's insertion-order entry and its data.
  uint64_t entry(uint64_t n) const { return n + 3 * ps; }
  uint64_t data_offset() const { return align8(5 * ps); }
  uint64_t data(uint64_t n) const { return n ? n + data_offset() : 0; }
  bool is_root(uint64_t n) const { return parent(n) == n; }

  uint32_t compare(uint64_t buffer, uint64_t n) const {
    return static_cast<uint32_t>(p.call_guest(compare_routine(), {table, buffer, data(n)}));
  }

  // x goes up one level over its parent.
  void rotate(uint64_t x) const {
    const uint64_t up = parent(x);
    const bool up_is_root = is_root(up);
    const uint64_t g = parent(up);
    if (left(up) == x) {
      const uint64_t b = right(x);
      set_left(up, b);
      if (b) set_parent(b, up);
      set_right(x, up);
    } else {
      const uint64_t b = left(x);
      set_right(up, b);
      if (b) set_parent(b, up);
      set_left(x, up);
    }
    set_parent(up, x);
    if (up_is_root) {
      set_parent(x, x);
    } else {
      set_parent(x, g);
      replace_child(g, up, x);
    }
  }
  // x becomes the root of its tree (RtlSplay).
  uint64_t splay(uint64_t x) const {
    while (!is_root(x)) {
      const uint64_t up = parent(x);
      if (is_root(up)) {
        rotate(x);
      } else {
        const uint64_t g = parent(up);
        if ((left(g) == up) == (left(up) == x)) {
          rotate(up);
          rotate(x);
        } else {
          rotate(x);
          rotate(x);
        }
      }
    }
    return x;
  }
  uint64_t successor(uint64_t n) const {
    if (right(n)) return leftmost(right(n));
    while (!is_root(n)) {
      const uint64_t up = parent(n);
      if (left(up) == n) return up;
      n = up;
    }
    return 0;
  }
  // The tree without n (RtlDelete): its new root.
  uint64_t remove(uint64_t n) const {
    splay(n);
    const uint64_t l = left(n), r = right(n);
    if (!l) {
      if (r) set_parent(r, r);
      return r;
    }
    set_parent(l, l);
    const uint64_t m = splay(rightmost(l));
    set_right(m, r);
    if (r) set_parent(r, m);
    return m;
  }
  // Where the buffer's element is or would go (RtlLookupElementGenericTableFull's search).
  uint32_t search(uint64_t buffer, uint64_t* node) const {
    uint64_t n = root();
    *node = 0;
    if (!n) return kEmptyTree;
    for (;;) {
      const uint32_t c = compare(buffer, n);
      if (c == kEqual) {
        *node = n;
        return kFoundNode;
      }
      const uint64_t next = c == kLessThan ? left(n) : right(n);
      if (!next) {
        *node = n;
        return c == kLessThan ? kInsertAsLeft : kInsertAsRight;
      }
      n = next;
    }
  }
  void reset_order() const {
    p.put_ptr(ordered_field(), list_head());
    put<uint32_t>(which_field(), 0);
  }
};

void RtlInitializeGenericTable(WindowsProcess& p, Ptr table, Ptr compare, Ptr allocate, Ptr free_routine,
                               Ptr context) {
  SplayTable t(p, table.addr);
  p.put_ptr(t.root_field(), 0);
  p.put_ptr(t.list_head(), t.list_head());
  p.put_ptr(t.list_head() + t.ps, t.list_head());
  t.reset_order();
  put<uint32_t>(t.count_field(), 0);
  p.put_ptr(t.routines(), compare.addr);
  p.put_ptr(t.routines() + t.ps, allocate.addr);
  p.put_ptr(t.routines() + 2 * t.ps, free_routine.addr);
  p.put_ptr(t.routines() + 3 * t.ps, context.addr);
}

// Where the element is or would go (a node and TABLE_SEARCH_RESULT); one found becomes the root.
Ptr RtlLookupElementGenericTableFull(WindowsProcess& p, Ptr table, Ptr buffer, Ptr node_or_parent, Ptr result) {
  SplayTable t(p, table.addr);
  uint64_t n;
  const uint32_t r = t.search(buffer.addr, &n);
  p.put_ptr(node_or_parent.addr, n);
  put<uint32_t>(result.addr, r);
  if (r != kFoundNode) return Ptr{};
  p.put_ptr(t.root_field(), t.splay(n));
  return t.data(n);
}

// The element found becomes the root (the tree is splayed).
Ptr RtlLookupElementGenericTable(WindowsProcess& p, Ptr table, Ptr buffer) {
  SplayTable t(p, table.addr);
  uint64_t n;
  if (t.search(buffer.addr, &n) != kFoundNode) return Ptr{};
  p.put_ptr(t.root_field(), t.splay(n));
  return t.data(n);
}

// A new element where the search left off (node_or_parent, result), or the one there already.
Ptr RtlInsertElementGenericTableFull(WindowsProcess& p, Ptr table, Ptr buffer, uint32_t size, Ptr new_element,
                                     Ptr node_or_parent, uint32_t result) {
  SplayTable t(p, table.addr);
  uint64_t n = node_or_parent.addr;
  if (result == kFoundNode) {
    p.put_ptr(t.root_field(), t.splay(n));
    put<uint8_t>(new_element.addr, 0);
    return t.data(n);
  }
  const uint64_t node = t.mask(p.call_guest(t.allocate_routine(), {t.table, t.data_offset() + size}));
  if (!node) {
    put<uint8_t>(new_element.addr, 0);
    return Ptr{};
  }
  t.set_parent(node, node);
  t.set_left(node, 0);
  t.set_right(node, 0);
  // At the end of the insertion order.
  const uint64_t head = t.list_head(), e = t.entry(node), last = p.get_ptr(head + t.ps);
  p.put_ptr(e, head);
  p.put_ptr(e + t.ps, last);
  p.put_ptr(last, e);
  p.put_ptr(head + t.ps, e);
  put<uint32_t>(t.count_field(), get<uint32_t>(t.count_field()) + 1);
  if (result != kEmptyTree && n) {
    t.set_parent(node, n);
    if (result == kInsertAsLeft)
      t.set_left(n, node);
    else
      t.set_right(n, node);
  }
  if (size) std::memmove(guest_pointer(t.data(node)), guest_pointer(buffer.addr), size);
  p.put_ptr(t.root_field(), t.splay(node));
  put<uint8_t>(new_element.addr, 1);
  return t.data(node);
}

Ptr RtlInsertElementGenericTable(WindowsProcess& p, Ptr table, Ptr buffer, uint32_t size, Ptr new_element) {
  SplayTable t(p, table.addr);
  uint64_t n;
  const uint32_t r = t.search(buffer.addr, &n);
  return RtlInsertElementGenericTableFull(p, table, buffer, size, new_element, n, r);
}

uint8_t RtlDeleteElementGenericTable(WindowsProcess& p, Ptr table, Ptr buffer) {
  SplayTable t(p, table.addr);
  uint64_t n;
  if (t.search(buffer.addr, &n) != kFoundNode) return 0;
  const uint64_t e = t.entry(n), next = p.get_ptr(e), prev = p.get_ptr(e + t.ps);
  p.put_ptr(prev, next);
  p.put_ptr(next + t.ps, prev);
  p.put_ptr(t.root_field(), t.remove(n));
  put<uint32_t>(t.count_field(), get<uint32_t>(t.count_field()) - 1);
  t.reset_order();
  p.call_guest(t.free_routine(), {t.table, n});
  return 1;
}

// The elements in collation order: restart, the first (made the root); else the root's successor
// (made the root), which is the last one returned.
Ptr RtlEnumerateGenericTable(WindowsProcess& p, Ptr table, uint8_t restart) {
  SplayTable t(p, table.addr);
  const uint64_t root = t.root();
  if (!root) return Ptr{};
  const uint64_t n = restart ? t.leftmost(root) : t.successor(root);
  if (!n) return Ptr{};
  p.put_ptr(t.root_field(), t.splay(n));
  return t.data(n);
}

// The elements in collation order without changing the tree: *restart_key the last node returned
// (null: start at the first).
Ptr RtlEnumerateGenericTableWithoutSplaying(WindowsProcess& p, Ptr table, Ptr restart_key) {
  SplayTable t(p, table.addr);
  const uint64_t root = t.root();
  if (!root) return Ptr{};
  const uint64_t last = p.get_ptr(restart_key.addr);
  const uint64_t n = last ? t.successor(last) : t.leftmost(root);
  if (n) p.put_ptr(restart_key.addr, n);
  return t.data(n);
}

// The I'th element (0-based) in the order of insertion.
Ptr RtlGetElementGenericTable(WindowsProcess& p, Ptr table, uint32_t index) {
  SplayTable t(p, table.addr);
  const uint32_t count = get<uint32_t>(t.count_field());
  if (index >= count) return Ptr{};
  const uint32_t want = index + 1;
  uint32_t which = get<uint32_t>(t.which_field());
  uint64_t e = p.get_ptr(t.ordered_field());
  if (!which || !e) {
    which = 0;
    e = t.list_head();
  }
  // From the nearest of the list's head, its tail and the element found last.
  if (want < which && want <= which - want) {
    which = 0;
    e = t.list_head();
  } else if (want > which && count + 1 - want < want - which) {
    which = count + 1;
    e = t.list_head();
  }
  while (which < want) {
    e = p.get_ptr(e);
    ++which;
  }
  while (which > want) {
    e = p.get_ptr(e + t.ps);
    --which;
  }
  p.put_ptr(t.ordered_field(), e);
  put<uint32_t>(t.which_field(), which);
  return t.data(e - 3 * t.ps);
}

uint32_t RtlNumberGenericTableElements(WindowsProcess& p, Ptr table) {
  return get<uint32_t>(SplayTable(p, table.addr).count_field());
}

uint8_t RtlIsGenericTableEmpty(WindowsProcess& p, Ptr table) { return SplayTable(p, table.addr).root() ? 0 : 1; }

// ---- the AVL table ----

struct AvlTable : Tree {
  using Tree::Tree;
  // RTL_AVL_TABLE's fields after BalancedRoot.
  uint64_t links_size() const { return align_ptr_off(3 * ps + 4); }
  uint64_t align_ptr_off(uint64_t off) const { return (off + ps - 1) & ~static_cast<uint64_t>(ps - 1); }
  uint64_t ordered_field() const { return table + links_size(); }
  uint64_t which_field() const { return ordered_field() + ps; }
  uint64_t count_field() const { return which_field() + 4; }
  uint64_t depth_field() const { return which_field() + 8; }
  uint64_t restart_field() const { return table + align_ptr_off(links_size() + ps + 12); }
  uint64_t delete_count_field() const { return restart_field() + ps; }
  uint64_t routines() const { return table + align_ptr_off(restart_field() - table + ps + 4); }
  uint64_t compare_routine() const { return p.get_ptr(routines()); }
  uint64_t allocate_routine() const { return p.get_ptr(routines() + ps); }
  uint64_t free_routine() const { return p.get_ptr(routines() + 2 * ps); }
  uint64_t root() const { return right(table); }
  uint64_t data_offset() const { return align8(3 * ps + 4); }
  uint64_t data(uint64_t n) const { return n ? n + data_offset() : 0; }
  int8_t balance(uint64_t n) const { return get<int8_t>(n + 3 * ps); }
  void set_balance(uint64_t n, int b) const { put<int8_t>(n + 3 * ps, static_cast<int8_t>(b)); }

  uint32_t compare(uint64_t buffer, uint64_t n) const {
    return static_cast<uint32_t>(p.call_guest(compare_routine(), {table, buffer, data(n)}));
  }
  uint32_t search(uint64_t buffer, uint64_t* node) const {
    uint64_t n = root();
    *node = 0;
    if (!n) return kEmptyTree;
    for (;;) {
      const uint32_t c = compare(buffer, n);
      if (c == kEqual) {
        *node = n;
        return kFoundNode;
      }
      const uint64_t next = c == kLessThan ? left(n) : right(n);
      if (!next) {
        *node = n;
        return c == kLessThan ? kInsertAsLeft : kInsertAsRight;
      }
      n = next;
    }
  }
  uint64_t successor(uint64_t n) const {
    if (right(n)) return leftmost(right(n));
    for (;;) {
      const uint64_t up = parent(n);
      if (up == table) return 0;
      if (left(up) == n) return up;
      n = up;
    }
  }
  uint64_t predecessor(uint64_t n) const {
    if (left(n)) return rightmost(left(n));
    for (;;) {
      const uint64_t up = parent(n);
      if (up == table) return 0;
      if (right(up) == n) return up;
      n = up;
    }
  }
  // a's right child takes its place.
  void rotate_left(uint64_t a) const {
    const uint64_t b = right(a), g = parent(a), m = left(b);
    set_right(a, m);
    if (m) set_parent(m, a);
    set_left(b, a);
    set_parent(a, b);
    set_parent(b, g);
    replace_child(g, a, b);
  }
  void rotate_right(uint64_t a) const {
    const uint64_t b = left(a), g = parent(a), m = right(b);
    set_left(a, m);
    if (m) set_parent(m, a);
    set_right(b, a);
    set_parent(a, b);
    set_parent(b, g);
    replace_child(g, a, b);
  }
  // a is two deeper on the side `dir` (-1 left, +1 right): rotated back; the new top of the subtree.
  // `shorter`: whether the subtree is now lower than before the change that unbalanced it (always
  // after an insertion's rotation; after a deletion's unless the child was balanced).
  uint64_t rebalance(uint64_t a, int dir, bool* shorter) const {
    const uint64_t b = dir < 0 ? left(a) : right(a);
    const int bb = balance(b);
    if (bb == dir || bb == 0) {  // single rotation
      if (dir < 0)
        rotate_right(a);
      else
        rotate_left(a);
      if (bb == 0) {
        set_balance(a, dir);
        set_balance(b, -dir);
        *shorter = false;
      } else {
        set_balance(a, 0);
        set_balance(b, 0);
        *shorter = true;
      }
      return b;
    }
    const uint64_t c = dir < 0 ? right(b) : left(b);  // double rotation: c goes to the top
    const int cb = balance(c);
    if (dir < 0) {
      rotate_left(b);
      rotate_right(a);
    } else {
      rotate_right(b);
      rotate_left(a);
    }
    set_balance(a, cb == dir ? -dir : 0);
    set_balance(b, cb == -dir ? dir : 0);
    set_balance(c, 0);
    *shorter = true;
    return c;
  }
  // After n was added as a leaf: the balances above it.
  void after_insert(uint64_t n) const {
    while (parent(n) != table) {
      const uint64_t up = parent(n);
      const int dir = left(up) == n ? -1 : 1;
      const int b = balance(up);
      if (b == -dir) {
        set_balance(up, 0);
        return;
      }
      if (b == 0) {
        set_balance(up, dir);
        n = up;
        continue;
      }
      bool shorter;
      rebalance(up, dir, &shorter);
      return;
    }
  }
  // After the subtree on side `dir` of `up` became one lower.
  void after_remove(uint64_t up, int dir) const {
    while (up != table) {
      const int b = balance(up);
      uint64_t top = up;
      if (b == dir) {
        set_balance(up, 0);
      } else if (b == 0) {
        set_balance(up, -dir);
        return;
      } else {
        bool shorter;
        top = rebalance(up, -dir, &shorter);
        if (!shorter) return;
      }
      const uint64_t g = parent(top);
      if (g == table) return;
      dir = left(g) == top ? -1 : 1;
      up = g;
    }
  }
  // Takes n out of the tree.
  void remove(uint64_t n) const {
    if (left(n) && right(n)) {
      // Its successor s (no left child) takes its place and balance; n takes s's.
      const uint64_t s = leftmost(right(n));
      const uint64_t np = parent(n), nl = left(n), nr = right(n), sp = parent(s), sr = right(s);
      const int nb = balance(n), sb = balance(s);
      replace_child(np, n, s);
      set_parent(s, np);
      set_left(s, nl);
      set_parent(nl, s);
      set_balance(s, nb);
      if (s == nr) {
        set_right(s, n);
        set_parent(n, s);
      } else {
        set_right(s, nr);
        set_parent(nr, s);
        set_left(sp, n);
        set_parent(n, sp);
      }
      set_left(n, 0);
      set_right(n, sr);
      if (sr) set_parent(sr, n);
      set_balance(n, sb);
    }
    const uint64_t up = parent(n), child = left(n) ? left(n) : right(n);
    const int dir = left(up) == n ? -1 : 1;
    replace_child(up, n, child);
    if (child) set_parent(child, up);
    after_remove(up, dir);
  }
  void reset_order() const {
    p.put_ptr(ordered_field(), 0);
    put<uint32_t>(which_field(), 0);
  }
};

void RtlInitializeGenericTableAvl(WindowsProcess& p, Ptr table, Ptr compare, Ptr allocate, Ptr free_routine,
                                  Ptr context) {
  AvlTable t(p, table.addr);
  std::memset(guest_pointer(table.addr), 0, t.routines() + 4 * t.ps - table.addr);
  t.set_parent(table.addr, table.addr);
  p.put_ptr(t.routines(), compare.addr);
  p.put_ptr(t.routines() + t.ps, allocate.addr);
  p.put_ptr(t.routines() + 2 * t.ps, free_routine.addr);
  p.put_ptr(t.routines() + 3 * t.ps, context.addr);
}

Ptr RtlLookupElementGenericTableFullAvl(WindowsProcess& p, Ptr table, Ptr buffer, Ptr node_or_parent, Ptr result) {
  AvlTable t(p, table.addr);
  uint64_t n;
  const uint32_t r = t.search(buffer.addr, &n);
  p.put_ptr(node_or_parent.addr, n);
  put<uint32_t>(result.addr, r);
  return r == kFoundNode ? t.data(n) : 0;
}

Ptr RtlLookupElementGenericTableAvl(WindowsProcess& p, Ptr table, Ptr buffer) {
  AvlTable t(p, table.addr);
  uint64_t n;
  return t.search(buffer.addr, &n) == kFoundNode ? t.data(n) : 0;
}

Ptr RtlInsertElementGenericTableFullAvl(WindowsProcess& p, Ptr table, Ptr buffer, uint32_t size, Ptr new_element,
                                        Ptr node_or_parent, uint32_t result) {
  AvlTable t(p, table.addr);
  const uint64_t n = node_or_parent.addr;
  if (result == kFoundNode) {
    put<uint8_t>(new_element.addr, 0);
    return t.data(n);
  }
  const uint64_t node = t.mask(p.call_guest(t.allocate_routine(), {t.table, t.data_offset() + size}));
  if (!node) {
    put<uint8_t>(new_element.addr, 0);
    return Ptr{};
  }
  t.set_left(node, 0);
  t.set_right(node, 0);
  t.set_balance(node, 0);
  put<uint8_t>(node + 3 * t.ps + 1, 0);
  if (result == kEmptyTree || !n) {
    t.set_right(t.table, node);
    t.set_parent(node, t.table);
  } else {
    t.set_parent(node, n);
    if (result == kInsertAsLeft)
      t.set_left(n, node);
    else
      t.set_right(n, node);
  }
  if (size) std::memmove(guest_pointer(t.data(node)), guest_pointer(buffer.addr), size);
  put<uint32_t>(t.count_field(), get<uint32_t>(t.count_field()) + 1);
  t.reset_order();
  t.after_insert(node);
  put<uint8_t>(new_element.addr, 1);
  return t.data(node);
}

Ptr RtlInsertElementGenericTableAvl(WindowsProcess& p, Ptr table, Ptr buffer, uint32_t size, Ptr new_element) {
  AvlTable t(p, table.addr);
  uint64_t n;
  const uint32_t r = t.search(buffer.addr, &n);
  return RtlInsertElementGenericTableFullAvl(p, table, buffer, size, new_element, n, r);
}

uint8_t RtlDeleteElementGenericTableAvl(WindowsProcess& p, Ptr table, Ptr buffer) {
  AvlTable t(p, table.addr);
  uint64_t n;
  if (t.search(buffer.addr, &n) != kFoundNode) return 0;
  t.remove(n);
  put<uint32_t>(t.count_field(), get<uint32_t>(t.count_field()) - 1);
  put<uint32_t>(t.delete_count_field(), get<uint32_t>(t.delete_count_field()) + 1);
  t.reset_order();
  if (p.get_ptr(t.restart_field()) == n) p.put_ptr(t.restart_field(), 0);
  p.call_guest(t.free_routine(), {t.table, n});
  return 1;
}

Ptr RtlEnumerateGenericTableWithoutSplayingAvl(WindowsProcess& p, Ptr table, Ptr restart_key) {
  AvlTable t(p, table.addr);
  const uint64_t root = t.root();
  if (!root) return Ptr{};
  const uint64_t last = p.get_ptr(restart_key.addr);
  const uint64_t n = last ? t.successor(last) : t.leftmost(root);
  if (n) p.put_ptr(restart_key.addr, n);
  return t.data(n);
}

// The table's own RestartKey is where the enumeration stands.
Ptr RtlEnumerateGenericTableAvl(WindowsProcess& p, Ptr table, uint8_t restart) {
  AvlTable t(p, table.addr);
  if (restart) p.put_ptr(t.restart_field(), 0);
  return RtlEnumerateGenericTableWithoutSplayingAvl(p, table, t.restart_field());
}

// The first of the elements equal to the buffer in collation order; *restart_key its node, for
// RtlEnumerateGenericTableWithoutSplayingAvl to go on from.
Ptr RtlLookupFirstMatchingElementGenericTableAvl(WindowsProcess& p, Ptr table, Ptr buffer, Ptr restart_key) {
  AvlTable t(p, table.addr);
  uint64_t n;
  if (t.search(buffer.addr, &n) != kFoundNode) return Ptr{};
  for (uint64_t before = t.predecessor(n); before && t.compare(buffer.addr, before) == kEqual;
       before = t.predecessor(n))
    n = before;
  p.put_ptr(restart_key.addr, n);
  return t.data(n);
}

// The I'th element (0-based) in collation order.
Ptr RtlGetElementGenericTableAvl(WindowsProcess& p, Ptr table, uint32_t index) {
  AvlTable t(p, table.addr);
  const uint32_t count = get<uint32_t>(t.count_field());
  if (index >= count) return Ptr{};
  const uint32_t want = index + 1;
  uint32_t which = get<uint32_t>(t.which_field());
  uint64_t n = p.get_ptr(t.ordered_field());
  if (!which || !n || which > want) {
    which = 1;
    n = t.leftmost(t.root());
  }
  while (which < want) {
    n = t.successor(n);
    ++which;
  }
  p.put_ptr(t.ordered_field(), n);
  put<uint32_t>(t.which_field(), which);
  return t.data(n);
}

uint32_t RtlNumberGenericTableElementsAvl(WindowsProcess& p, Ptr table) {
  return get<uint32_t>(AvlTable(p, table.addr).count_field());
}

uint8_t RtlIsGenericTableEmptyAvl(WindowsProcess& p, Ptr table) { return AvlTable(p, table.addr).root() ? 0 : 1; }

}  // namespace ntdll_generic_tables_impl

const std::vector<Export>& ntdll_generic_table_exports() {
  using namespace ntdll_generic_tables_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlInitializeGenericTable", RtlInitializeGenericTable),
      EXPORT("RtlInsertElementGenericTable", RtlInsertElementGenericTable),
      EXPORT("RtlInsertElementGenericTableFull", RtlInsertElementGenericTableFull),
      EXPORT("RtlLookupElementGenericTable", RtlLookupElementGenericTable),
      EXPORT("RtlLookupElementGenericTableFull", RtlLookupElementGenericTableFull),
      EXPORT("RtlDeleteElementGenericTable", RtlDeleteElementGenericTable),
      EXPORT("RtlEnumerateGenericTable", RtlEnumerateGenericTable),
      EXPORT("RtlEnumerateGenericTableWithoutSplaying", RtlEnumerateGenericTableWithoutSplaying),
      EXPORT("RtlGetElementGenericTable", RtlGetElementGenericTable),
      EXPORT("RtlNumberGenericTableElements", RtlNumberGenericTableElements),
      EXPORT("RtlIsGenericTableEmpty", RtlIsGenericTableEmpty),
      EXPORT("RtlInitializeGenericTableAvl", RtlInitializeGenericTableAvl),
      EXPORT("RtlInsertElementGenericTableAvl", RtlInsertElementGenericTableAvl),
      EXPORT("RtlInsertElementGenericTableFullAvl", RtlInsertElementGenericTableFullAvl),
      EXPORT("RtlLookupElementGenericTableAvl", RtlLookupElementGenericTableAvl),
      EXPORT("RtlLookupElementGenericTableFullAvl", RtlLookupElementGenericTableFullAvl),
      EXPORT("RtlLookupFirstMatchingElementGenericTableAvl", RtlLookupFirstMatchingElementGenericTableAvl),
      EXPORT("RtlDeleteElementGenericTableAvl", RtlDeleteElementGenericTableAvl),
      EXPORT("RtlEnumerateGenericTableAvl", RtlEnumerateGenericTableAvl),
      EXPORT("RtlEnumerateGenericTableWithoutSplayingAvl", RtlEnumerateGenericTableWithoutSplayingAvl),
      EXPORT("RtlGetElementGenericTableAvl", RtlGetElementGenericTableAvl),
      EXPORT("RtlNumberGenericTableElementsAvl", RtlNumberGenericTableElementsAvl),
      EXPORT("RtlIsGenericTableEmptyAvl", RtlIsGenericTableEmptyAvl),
  };
  return exports;
}

}  // namespace polyrun::shims
