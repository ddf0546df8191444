// The tree view (SysTreeView32): items under items, inserted first, last, after another or sorted,
// expanded and collapsed (TVN_ITEMEXPANDING/TVN_ITEMEXPANDED: always for the user's doing, for
// TVM_EXPAND until the item has been expanded once), one selected (TVN_SELCHANGING, which the
// parent may refuse, and TVN_SELCHANGED), drawn with lines and +/- buttons as the TVS_ styles ask;
// LPSTR_TEXTCALLBACK texts asked with TVN_GETDISPINFO, TVN_DELETEITEM for each item going.
#include <algorithm>
#include <map>

#include "shims/comctl32/views.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/scroll_bars.h"

namespace polyrun::shims::comctl32 {

namespace treeview_impl {

using namespace user32;
using namespace views;

enum : uint32_t {
  TVM_INSERTITEMA = 0x1100, TVM_DELETEITEM = 0x1101, TVM_EXPAND = 0x1102, TVM_GETITEMRECT = 0x1104,
  TVM_GETCOUNT = 0x1105, TVM_GETINDENT = 0x1106, TVM_SETINDENT = 0x1107, TVM_GETIMAGELIST = 0x1108,
  TVM_SETIMAGELIST = 0x1109, TVM_GETNEXTITEM = 0x110a, TVM_SELECTITEM = 0x110b, TVM_GETITEMA = 0x110c,
  TVM_SETITEMA = 0x110d, TVM_GETVISIBLECOUNT = 0x1110, TVM_HITTEST = 0x1111, TVM_SORTCHILDREN = 0x1113,
  TVM_ENSUREVISIBLE = 0x1114, TVM_SORTCHILDRENCB = 0x1115, TVM_GETITEMHEIGHT = 0x111c, TVM_SETBKCOLOR = 0x111d,
  TVM_SETTEXTCOLOR = 0x111e, TVM_GETBKCOLOR = 0x111f, TVM_GETTEXTCOLOR = 0x1120, TVM_GETITEMSTATE = 0x1127,
  TVM_INSERTITEMW = 0x1132, TVM_GETITEMW = 0x113e, TVM_SETITEMW = 0x113f,
};
enum : uint32_t {
  TVGN_ROOT = 0, TVGN_NEXT = 1, TVGN_PREVIOUS = 2, TVGN_PARENT = 3, TVGN_CHILD = 4, TVGN_FIRSTVISIBLE = 5,
  TVGN_NEXTVISIBLE = 6, TVGN_PREVIOUSVISIBLE = 7, TVGN_DROPHILITE = 8, TVGN_CARET = 9, TVGN_LASTVISIBLE = 10,
};
enum : uint32_t { TVE_COLLAPSE = 1, TVE_EXPAND = 2, TVE_TOGGLE = 3 };
enum : uint32_t {
  TVIF_TEXT = 1, TVIF_IMAGE = 2, TVIF_PARAM = 4, TVIF_STATE = 8, TVIF_HANDLE = 0x10, TVIF_SELECTEDIMAGE = 0x20,
  TVIF_CHILDREN = 0x40,
  TVIS_SELECTED = 2, TVIS_EXPANDED = 0x20, TVIS_EXPANDEDONCE = 0x40, TVIS_STATEIMAGEMASK = 0xf000,
  TVS_HASBUTTONS = 1, TVS_HASLINES = 2, TVS_LINESATROOT = 4, TVS_SHOWSELALWAYS = 0x20, TVS_CHECKBOXES = 0x100,
};
enum : int32_t {
  TVN_SELCHANGINGA = -401, TVN_SELCHANGEDA = -402, TVN_GETDISPINFOA = -403, TVN_ITEMEXPANDINGA = -405,
  TVN_ITEMEXPANDEDA = -406, TVN_DELETEITEMA = -409, TVN_KEYDOWN_TV = -412, TVN_SELCHANGINGW = -450,
  TVN_SELCHANGEDW = -451, TVN_GETDISPINFOW = -452, TVN_ITEMEXPANDINGW = -454, TVN_ITEMEXPANDEDW = -455,
  TVN_DELETEITEMW = -458,
};
enum : uint32_t { TVC_UNKNOWN = 0, TVC_BYMOUSE = 1, TVC_BYKEYBOARD = 2 };
enum : uint32_t {
  TVHT_NOWHERE = 1, TVHT_ONITEMICON = 2, TVHT_ONITEMLABEL = 4, TVHT_ONITEMINDENT = 8, TVHT_ONITEMBUTTON = 0x10,
  TVHT_ONITEMRIGHT = 0x20, TVHT_ONITEMSTATEICON = 0x40, TVHT_ABOVE = 0x100, TVHT_BELOW = 0x200,
};
constexpr uint32_t VK_ADD_TV = 0x6b, VK_SUBTRACT_TV = 0x6d, VK_MULTIPLY_TV = 0x6a;
constexpr int32_t kIndent = 19;

struct Node {
  uint64_t handle = 0, parent = 0;
  std::vector<uint64_t> children;
  std::u16string text;
  bool callback = false;
  uint32_t state = 0;
  uint64_t param = 0;
  int32_t image = 0, selected_image = 0, has_children = -2;  // -2: count them; -1: I_CHILDRENCALLBACK
};

struct TreeState : ControlState {
  bool created = false;
  uint64_t parent = 0;
  bool unicode_parent = true;
  std::map<uint64_t, Node> nodes;
  Node root;  // TVI_ROOT's children
  uint64_t next_handle = 0x10000, caret = 0;
  int32_t top = 0;  // the first visible row
  int32_t item_height = 16;
  bool in_focus = false, scrolling = false;
  uint64_t images[3] = {};
  uint32_t bk = 0xffffffff, fg = 0xffffffff;
};

TreeState* tree_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? &control_state<TreeState>(*w) : nullptr;
}
uint32_t style_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? w->style : 0;
}

// A handle as the program passes it (TVI_ROOT and friends sign-extended).
int64_t handle_arg(WindowsProcess& p, uint64_t h) {
  return p.isa->ptr == 4 ? static_cast<int64_t>(static_cast<int32_t>(h)) : static_cast<int64_t>(h);
}
constexpr int64_t TVI_ROOT = -0x10000, TVI_FIRST = -0xffff, TVI_LAST = -0xfffe, TVI_SORT = -0xfffd;

Node* node(TreeState& s, uint64_t h) {
  auto it = s.nodes.find(h);
  return it == s.nodes.end() ? nullptr : &it->second;
}
Node& parent_node(TreeState& s, const Node& n) {
  Node* par = n.parent ? node(s, n.parent) : nullptr;
  return par ? *par : s.root;
}

// TVITEM: mask, hItem, state, stateMask, pszText, cchTextMax, iImage, iSelectedImage, cChildren, lParam.
struct TvLayout {
  unsigned item, state, state_mask, text, text_max, image, sel_image, children, param, size;
};
TvLayout tv_layout(WindowsProcess& p) {
  return p.isa->ptr == 8 ? TvLayout{8, 16, 20, 24, 32, 36, 40, 44, 48, 56} : TvLayout{4, 8, 12, 16, 20, 24, 28, 32, 36, 40};
}

void put_tvitem(WindowsProcess& p, uint64_t at, const Node* n) {
  const TvLayout l = tv_layout(p);
  if (!n) return;
  put<uint32_t>(at, TVIF_HANDLE | TVIF_STATE | TVIF_PARAM | TVIF_TEXT);
  p.put_ptr(at + l.item, n->handle);
  put<uint32_t>(at + l.state, n->state);
  put<uint32_t>(at + l.state_mask, 0xffff);
  p.put_ptr(at + l.param, n->param);
}

// NMTREEVIEW: hdr, action, itemOld, itemNew, ptDrag.
uint64_t notify_tree(WindowsProcess& p, uint64_t hwnd, TreeState& s, int32_t code, uint32_t action, const Node* old_item,
                     const Node* new_item) {
  const unsigned h = nmhdr_size(p);
  const TvLayout l = tv_layout(p);
  const unsigned old_at = p.isa->ptr == 8 ? 32 : 16;
  const uint64_t at = new_notify(p, hwnd, code, old_at + 2 * l.size + 8);
  if (!at) return 0;
  put<uint32_t>(at + h, action);
  put_tvitem(p, at + old_at, old_item);
  put_tvitem(p, at + old_at + l.size, new_item);
  const uint64_t r = send_notify(p, hwnd, s.parent, at);
  p.heap.free(at);
  return r;
}
int32_t code_of(const TreeState& s, int32_t w, int32_t a) { return s.unicode_parent ? w : a; }

std::u16string text_of(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t h) {
  Node* n = node(s, h);
  if (!n) return {};
  if (!n->callback) return n->text;
  const unsigned hs = nmhdr_size(p);
  const TvLayout l = tv_layout(p);
  const uint64_t at = new_notify(p, hwnd, code_of(s, TVN_GETDISPINFOW, TVN_GETDISPINFOA), hs + l.size + 8);
  const int32_t max = 260;
  const uint64_t buf = p.heap.alloc(2 * max + 2, true);
  if (!at || !buf) {
    if (at) p.heap.free(at);
    if (buf) p.heap.free(buf);
    return {};
  }
  put<uint32_t>(at + hs, TVIF_TEXT);
  p.put_ptr(at + hs + l.item, h);
  put<uint32_t>(at + hs + l.state, n->state);
  p.put_ptr(at + hs + l.text, buf);
  put<int32_t>(at + hs + l.text_max, max);
  p.put_ptr(at + hs + l.param, n->param);
  send_notify(p, hwnd, s.parent, at);
  const uint64_t t = p.get_ptr(at + hs + l.text);
  std::u16string out = t && !is_text_callback(p, t) ? guest_string(t, s.unicode_parent) : std::u16string();
  p.heap.free(buf);
  p.heap.free(at);
  return out;
}

// The normal image list's images before the labels (TVSIL_NORMAL).
int32_t icon_width(const TreeState& s) {
  int32_t cx = 0, cy = 0;
  return s.images[0] && list_image_size(s.images[0], cx, cy) ? cx + 2 : 0;
}
// An item's state image (TVSIL_STATE, the index in bits 12-15 of its state: check boxes) comes
// first, where the item has one.
// TVS_CHECKBOXES without a state image list of the program's: the control's own check boxes (1
// unchecked, 2 checked), in a square cell of the item's height.
bool own_check_boxes(WindowsProcess& p, uint64_t hwnd, const TreeState& s) {
  return !s.images[2] && (style_of(p, hwnd) & TVS_CHECKBOXES);
}
int32_t state_index(const TreeState& s, uint32_t state, bool check_boxes) {
  return s.images[2] || check_boxes ? static_cast<int32_t>((state >> 12) & 0xf) : 0;
}
int32_t state_width(const TreeState& s, uint32_t state, bool check_boxes = false) {
  int32_t cx = 0, cy = 0;
  if (!state_index(s, state, check_boxes)) return 0;
  if (!s.images[2]) return s.item_height;
  return list_image_size(s.images[2], cx, cy) ? cx : 0;
}

bool expanded(const Node& n) { return (n.state & TVIS_EXPANDED) != 0; }
bool has_kids(const Node& n) { return n.has_children == -2 ? !n.children.empty() : n.has_children != 0; }

// The visible items in order, with their depths.
void visible_rows(TreeState& s, const Node& under, int depth, std::vector<std::pair<uint64_t, int>>& out) {
  for (uint64_t c : under.children) {
    out.push_back({c, depth});
    Node* n = node(s, c);
    if (n && expanded(*n)) visible_rows(s, *n, depth + 1, out);
  }
}
std::vector<std::pair<uint64_t, int>> rows_of(TreeState& s) {
  std::vector<std::pair<uint64_t, int>> out;
  visible_rows(s, s.root, 0, out);
  return out;
}
int32_t row_index(TreeState& s, uint64_t h) {
  const auto rows = rows_of(s);
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].first == h) return static_cast<int32_t>(i);
  return -1;
}
int32_t per_page(WindowsProcess& p, uint64_t hwnd, const TreeState& s) {
  Window* w = find_window(p, hwnd);
  return w ? std::max(w->client.height() / std::max(s.item_height, 1), 1) : 1;
}

// The control is to be painted again, its vertical scroll bar following the visible rows.
void update_scroll(WindowsProcess& p, uint64_t hwnd, TreeState& s) {
  if (style_of(p, hwnd) & 0x2000 /* TVS_NOSCROLL */) return;
  const int32_t rows = static_cast<int32_t>(rows_of(s).size());
  const int32_t page = per_page(p, hwnd, s);
  s.top = std::clamp(s.top, 0, std::max(rows - page, 0));
  set_scroll_info(p, hwnd, 1, 0x7 /* SIF_RANGE | SIF_PAGE | SIF_POS */, 0, std::max(rows - 1, 0),
                  static_cast<uint32_t>(page), s.top, true);
}
void redraw(WindowsProcess& p, uint64_t hwnd) {
  invalidate_rect(p, hwnd, nullptr, true);
  Window* w = find_window(p, hwnd);
  if (w && w->control) {
    TreeState& s = control_state<TreeState>(*w);
    if (s.created && !s.scrolling) {
      s.scrolling = true;
      update_scroll(p, hwnd, s);
      if (tree_of(p, hwnd) == &s) s.scrolling = false;
    }
  }
}
void scroll_to(WindowsProcess& p, uint64_t hwnd, TreeState& s, int32_t top) {
  if (top == s.top) return;
  s.top = std::max(top, 0);
  redraw(p, hwnd);
}

int32_t text_px(WindowsProcess& p, uint64_t hwnd, TreeState& s, const std::u16string& t, int32_t* height) {
  const uint64_t hdc = window_dc(p, hwnd, false);
  int32_t wd = 0, h = 0;
  if (gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc)) {
    const uint32_t old = dc->s.font;
    gdi32::select_object(p, *dc, static_cast<uint32_t>(s.font ? s.font : gdi32::gdi_table(p).stock(gdi32::DEFAULT_GUI_FONT)));
    wd = text_width(p, *dc, t);
    h = text_height(p, *dc);
    gdi32::select_object(p, *dc, old);
  }
  release_window_dc(p, hwnd, hdc);
  if (height) *height = h > 0 ? h : 13;
  return wd;
}

int32_t indent_of(WindowsProcess& p, uint64_t hwnd, int depth) {
  const uint32_t st = style_of(p, hwnd);
  const int lead = (st & TVS_LINESATROOT) && (st & (TVS_HASLINES | TVS_HASBUTTONS)) ? 1 : 0;
  return (depth + lead) * kIndent;
}

// The text rectangle of a visible item (false for one not visible).
bool label_rect(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t h, Rect& r, bool whole) {
  const auto rows = rows_of(s);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].first != h) continue;
    const int32_t y = (static_cast<int32_t>(i) - s.top) * s.item_height;
    Window* w = find_window(p, hwnd);
    if (whole) {
      r = {0, y, w ? w->client.width() : 0, y + s.item_height};
      return true;
    }
    const Node* n = node(s, h);
    const int32_t x = indent_of(p, hwnd, rows[i].second) + (n ? state_width(s, n->state, own_check_boxes(p, hwnd, s)) : 0) +
                      icon_width(s);
    const int32_t wd = text_px(p, hwnd, s, text_of(p, hwnd, s, h), nullptr) + 4;
    r = {x, y, x + wd, y + s.item_height};
    return true;
  }
  return false;
}

uint64_t hit_test(WindowsProcess& p, uint64_t hwnd, TreeState& s, int32_t x, int32_t y, uint32_t& flags) {
  Window* w = find_window(p, hwnd);
  flags = TVHT_NOWHERE;
  if (y < 0) {
    flags = TVHT_ABOVE;
    return 0;
  }
  if (w && y >= w->client.height()) {
    flags = TVHT_BELOW;
    return 0;
  }
  const auto rows = rows_of(s);
  const int32_t i = s.top + y / std::max(s.item_height, 1);
  if (i < 0 || i >= static_cast<int32_t>(rows.size())) return 0;
  const uint64_t h = rows[static_cast<size_t>(i)].first;
  const int32_t indent = indent_of(p, hwnd, rows[static_cast<size_t>(i)].second);
  Rect label;
  label_rect(p, hwnd, s, h, label, false);
  if (x < indent) {
    Node* n = node(s, h);
    const bool button = n && has_kids(*n) && (style_of(p, hwnd) & TVS_HASBUTTONS) && x >= indent - kIndent;
    flags = button ? TVHT_ONITEMBUTTON : TVHT_ONITEMINDENT;
  } else if (Node* n = node(s, h); n && x < indent + state_width(s, n->state, own_check_boxes(p, hwnd, s))) {
    flags = TVHT_ONITEMSTATEICON;
  } else if (x < label.left) {
    flags = TVHT_ONITEMICON;
  } else if (x < label.right) {
    flags = TVHT_ONITEMLABEL;
  } else {
    flags = TVHT_ONITEMRIGHT;
  }
  return h;
}

void ensure_row_visible(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t h) {
  const int32_t i = row_index(s, h);
  if (i < 0) return;
  const int32_t page = per_page(p, hwnd, s);
  if (i < s.top) scroll_to(p, hwnd, s, i);
  else if (i >= s.top + page) scroll_to(p, hwnd, s, i - page + 1);
}

bool select_item(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t h, uint32_t action);

// Expanding or collapsing (`how` TVE_*): false if nothing could be done or the parent refused.
bool expand(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t h, uint32_t how, bool user) {
  Node* n = node(s, h);
  if (!n) return false;
  how &= 3;
  if (how == TVE_TOGGLE) how = expanded(*n) ? TVE_COLLAPSE : TVE_EXPAND;
  if (how == TVE_COLLAPSE && !expanded(*n)) return false;
  if (how == TVE_EXPAND && expanded(*n)) return true;
  if (how != TVE_COLLAPSE && how != TVE_EXPAND) return false;
  if (how == TVE_EXPAND && !has_kids(*n)) return false;
  const bool tell = user || !(n->state & TVIS_EXPANDEDONCE);
  if (tell) {
    const Node copy = *n;
    if (notify_tree(p, hwnd, s, code_of(s, TVN_ITEMEXPANDINGW, TVN_ITEMEXPANDINGA), how, nullptr, &copy)) return false;
    if (tree_of(p, hwnd) != &s || !(n = node(s, h))) return false;
  }
  if (how == TVE_EXPAND) n->state |= TVIS_EXPANDED | TVIS_EXPANDEDONCE;
  else n->state &= ~TVIS_EXPANDED;
  if (how == TVE_COLLAPSE && s.caret) {
    // The caret inside a collapsed item goes to it.
    for (Node* c = node(s, s.caret); c && c->parent; c = node(s, c->parent))
      if (c->parent == h) {
        select_item(p, hwnd, s, h, TVC_UNKNOWN);
        break;
      }
    if (tree_of(p, hwnd) != &s || !(n = node(s, h))) return false;
  }
  const int32_t rows = static_cast<int32_t>(rows_of(s).size());
  s.top = std::clamp(s.top, 0, std::max(rows - 1, 0));
  redraw(p, hwnd);
  if (tell) {
    const Node copy = *n;
    notify_tree(p, hwnd, s, code_of(s, TVN_ITEMEXPANDEDW, TVN_ITEMEXPANDEDA), how, nullptr, &copy);
  }
  return true;
}

// The caret moved (TVGN_CARET): TVN_SELCHANGING (refused: false), the states, TVN_SELCHANGED.
bool select_item(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t h, uint32_t action) {
  if (h && !node(s, h)) return false;
  if (h == s.caret) return true;
  Node* old = node(s, s.caret);
  Node* now = node(s, h);
  const Node old_copy = old ? *old : Node{};
  const Node new_copy = now ? *now : Node{};
  if (notify_tree(p, hwnd, s, code_of(s, TVN_SELCHANGINGW, TVN_SELCHANGINGA), action, old ? &old_copy : nullptr,
                  now ? &new_copy : nullptr))
    return false;
  if (tree_of(p, hwnd) != &s) return false;
  if ((old = node(s, s.caret))) old->state &= ~TVIS_SELECTED;
  if ((now = node(s, h))) now->state |= TVIS_SELECTED;
  const uint64_t before = s.caret;
  s.caret = now ? h : 0;
  if (now) {
    for (Node* c = node(s, now->parent); c; c = node(s, c->parent))
      if (!expanded(*c)) expand(p, hwnd, s, c->handle, TVE_EXPAND, false);
    if (tree_of(p, hwnd) != &s) return false;
    ensure_row_visible(p, hwnd, s, h);
  }
  redraw(p, hwnd);
  Node* o2 = node(s, before);
  Node* n2 = node(s, s.caret);
  const Node oc = o2 ? *o2 : Node{}, nc = n2 ? *n2 : Node{};
  notify_tree(p, hwnd, s, code_of(s, TVN_SELCHANGEDW, TVN_SELCHANGEDA), action, o2 ? &oc : nullptr, n2 ? &nc : nullptr);
  return true;
}

void delete_tree(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t h) {
  Node* n = node(s, h);
  if (!n) return;
  const std::vector<uint64_t> kids = n->children;
  for (uint64_t c : kids) {
    delete_tree(p, hwnd, s, c);
    if (tree_of(p, hwnd) != &s) return;
  }
  if (!(n = node(s, h))) return;
  const Node copy = *n;
  notify_tree(p, hwnd, s, code_of(s, TVN_DELETEITEMW, TVN_DELETEITEMA), 0, &copy, nullptr);
  if (tree_of(p, hwnd) != &s || !(n = node(s, h))) return;
  Node& par = parent_node(s, *n);
  par.children.erase(std::remove(par.children.begin(), par.children.end(), h), par.children.end());
  if (par.children.empty() && &par != &s.root) par.state &= ~(TVIS_EXPANDED | TVIS_EXPANDEDONCE);
  if (s.caret == h) s.caret = 0;
  s.nodes.erase(h);
}

uint64_t insert_item(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t at, bool unicode) {
  if (!at) return 0;
  const unsigned w = p.isa->ptr;
  const int64_t parent_arg = handle_arg(p, p.get_ptr(at));
  const int64_t after = handle_arg(p, p.get_ptr(at + w));
  const uint64_t item = at + 2 * w;
  Node* par = nullptr;
  if (parent_arg != TVI_ROOT && parent_arg != 0) {
    par = node(s, static_cast<uint64_t>(parent_arg));
    if (!par) return 0;
  }
  Node& under = par ? *par : s.root;
  std::vector<uint64_t>& kids = under.children;
  size_t pos = kids.size();
  const TvLayout l = tv_layout(p);
  const uint32_t mask = get<uint32_t>(item);
  Node n;
  if (mask & TVIF_TEXT) {
    const uint64_t t = p.get_ptr(item + l.text);
    n.callback = is_text_callback(p, t);
    if (!n.callback) n.text = guest_string(t, unicode);
  }
  if (mask & TVIF_PARAM) n.param = p.get_ptr(item + l.param);
  if (mask & TVIF_IMAGE) n.image = get<int32_t>(item + l.image);
  if (mask & TVIF_SELECTEDIMAGE) n.selected_image = get<int32_t>(item + l.sel_image);
  if (mask & TVIF_CHILDREN) n.has_children = get<int32_t>(item + l.children);
  if (mask & TVIF_STATE) {
    const uint32_t m = get<uint32_t>(item + l.state_mask) & ~TVIS_SELECTED;
    n.state = get<uint32_t>(item + l.state) & m;
  }
  // (With TVS_CHECKBOXES an item comes unchecked.)
  if ((style_of(p, hwnd) & TVS_CHECKBOXES) && !(n.state & TVIS_STATEIMAGEMASK)) n.state |= 0x1000;
  if (after == TVI_FIRST) {
    pos = 0;
  } else if (after == TVI_LAST || after == TVI_ROOT || after == 0) {
    pos = kids.size();
  } else if (after == TVI_SORT) {
    const std::u16string mine = n.callback ? std::u16string() : n.text;
    pos = 0;
    while (pos < kids.size()) {
      Node* o = node(s, kids[pos]);
      if (o && compare_nocase(o->callback ? std::u16string() : o->text, mine) > 0) break;
      ++pos;
    }
  } else {
    auto it = std::find(kids.begin(), kids.end(), static_cast<uint64_t>(after));
    pos = it == kids.end() ? kids.size() : static_cast<size_t>(it - kids.begin()) + 1;
  }
  n.handle = s.next_handle;
  s.next_handle += 0x10;
  n.parent = par ? par->handle : 0;
  const uint64_t h = n.handle;
  kids.insert(kids.begin() + static_cast<std::ptrdiff_t>(pos), h);
  s.nodes[h] = std::move(n);
  redraw(p, hwnd);
  return h;
}

bool get_item(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t at, bool unicode) {
  if (!at) return false;
  const TvLayout l = tv_layout(p);
  const uint64_t h = p.get_ptr(at + l.item);
  Node* n = node(s, h);
  if (!n) return false;
  const uint32_t mask = get<uint32_t>(at);
  if (mask & TVIF_TEXT) {
    const std::u16string t = text_of(p, hwnd, s, h);
    if (tree_of(p, hwnd) != &s || !(n = node(s, h))) return false;
    put_text(p, t, p.get_ptr(at + l.text), get<int32_t>(at + l.text_max), unicode);
  }
  if (mask & TVIF_STATE) put<uint32_t>(at + l.state, n->state & get<uint32_t>(at + l.state_mask));
  if (mask & TVIF_PARAM) p.put_ptr(at + l.param, n->param);
  if (mask & TVIF_IMAGE) put<int32_t>(at + l.image, n->image);
  if (mask & TVIF_SELECTEDIMAGE) put<int32_t>(at + l.sel_image, n->selected_image);
  if (mask & TVIF_CHILDREN)
    put<int32_t>(at + l.children, n->has_children == -2 ? (n->children.empty() ? 0 : 1) : n->has_children);
  return true;
}

bool set_item(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t at, bool unicode) {
  if (!at) return false;
  const TvLayout l = tv_layout(p);
  Node* n = node(s, p.get_ptr(at + l.item));
  if (!n) return false;
  const uint32_t mask = get<uint32_t>(at);
  if (mask & TVIF_TEXT) {
    const uint64_t t = p.get_ptr(at + l.text);
    n->callback = is_text_callback(p, t);
    n->text = n->callback ? std::u16string() : guest_string(t, unicode);
  }
  if (mask & TVIF_PARAM) n->param = p.get_ptr(at + l.param);
  if (mask & TVIF_IMAGE) n->image = get<int32_t>(at + l.image);
  if (mask & TVIF_SELECTEDIMAGE) n->selected_image = get<int32_t>(at + l.sel_image);
  if (mask & TVIF_CHILDREN) n->has_children = get<int32_t>(at + l.children);
  if (mask & TVIF_STATE) {
    const uint32_t m = get<uint32_t>(at + l.state_mask) & ~(TVIS_SELECTED);
    n->state = (n->state & ~m) | (get<uint32_t>(at + l.state) & m);
  }
  redraw(p, hwnd);
  return true;
}

uint64_t next_item(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint32_t how, uint64_t h) {
  Node* n = node(s, h);
  switch (how) {
    case TVGN_ROOT: return s.root.children.empty() ? 0 : s.root.children[0];
    case TVGN_CARET: return s.caret;
    case TVGN_FIRSTVISIBLE: {
      const auto rows = rows_of(s);
      return s.top < static_cast<int32_t>(rows.size()) ? rows[static_cast<size_t>(s.top)].first : 0;
    }
    case TVGN_LASTVISIBLE: {
      const auto rows = rows_of(s);
      return rows.empty() ? 0 : rows.back().first;
    }
    case TVGN_DROPHILITE: return 0;
    default: break;
  }
  if (!n) return 0;
  switch (how) {
    case TVGN_NEXT:
    case TVGN_PREVIOUS: {
      const std::vector<uint64_t>& kids = parent_node(s, *n).children;
      auto it = std::find(kids.begin(), kids.end(), h);
      if (it == kids.end()) return 0;
      if (how == TVGN_NEXT) return it + 1 == kids.end() ? 0 : *(it + 1);
      return it == kids.begin() ? 0 : *(it - 1);
    }
    case TVGN_PARENT: return n->parent;
    case TVGN_CHILD: return n->children.empty() ? 0 : n->children[0];
    case TVGN_NEXTVISIBLE:
    case TVGN_PREVIOUSVISIBLE: {
      const auto rows = rows_of(s);
      const int32_t i = row_index(s, h);
      if (i < 0) return 0;
      const int32_t j = how == TVGN_NEXTVISIBLE ? i + 1 : i - 1;
      return j >= 0 && j < static_cast<int32_t>(rows.size()) ? rows[static_cast<size_t>(j)].first : 0;
    }
    default: (void)p, (void)hwnd; return 0;
  }
}

bool sort_children(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t parent, uint64_t fn, uint64_t data) {
  Node* par = (handle_arg(p, parent) == TVI_ROOT || parent == 0) ? &s.root : node(s, parent);
  if (!par) return false;
  std::vector<uint64_t> kids = par->children;
  std::map<uint64_t, std::u16string> texts;
  std::map<uint64_t, uint64_t> params;
  for (uint64_t k : kids) {
    if (!fn) texts[k] = text_of(p, hwnd, s, k);
    if (Node* n = node(s, k)) params[k] = n->param;
  }
  std::stable_sort(kids.begin(), kids.end(), [&](uint64_t a, uint64_t b) {
    if (!fn) return compare_nocase(texts[a], texts[b]) < 0;
    return static_cast<int32_t>(p.call_guest(fn, {params[a], params[b], data})) < 0;
  });
  if (tree_of(p, hwnd) != &s) return false;
  par = (handle_arg(p, parent) == TVI_ROOT || parent == 0) ? &s.root : node(s, parent);
  if (!par || par->children.size() != kids.size()) return false;
  par->children = kids;
  redraw(p, hwnd);
  return true;
}

// ---- painting ----
void dotted(WindowsProcess& p, gdi32::DeviceContext& dc, int32_t x0, int32_t y0, int32_t x1, int32_t y1) {
  for (int32_t x = x0, y = y0; x <= x1 && y <= y1; (x0 == x1 ? y : x) += 2)
    fill_sys_color(p, dc, {x, y, x + 1, y + 1}, 16 /* COLOR_BTNSHADOW */);
}

void paint(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t given_dc) {
  const auto rows = rows_of(s);
  const uint32_t style = style_of(p, hwnd);
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    gdi32::DeviceContext& dc = *cp.dc;
    fill_sys_color(p, dc, cp.client, 5 /* COLOR_WINDOW */);
    dc.s.bk_mode = 1;
    gdi32::dc_changed(dc);
    const int32_t half = s.item_height / 2;
    for (int32_t i = s.top; i < static_cast<int32_t>(rows.size()); ++i) {
      const int32_t y = (i - s.top) * s.item_height;
      if (y >= cp.client.bottom) break;
      const uint64_t h = rows[static_cast<size_t>(i)].first;
      const int depth = rows[static_cast<size_t>(i)].second;
      Node* n = node(s, h);
      if (!n) continue;
      const Node item = *n;
      const int32_t indent = indent_of(p, hwnd, depth);
      const int32_t cx = indent - kIndent / 2 - 1;
      const bool lead = indent > 0;
      if ((style & TVS_HASLINES) && lead) {
        // The line from the parent's and on to the next sibling's, and the branch to this item.
        const bool last = next_item(p, hwnd, s, TVGN_NEXT, h) == 0;
        const bool first_root = depth == 0 && next_item(p, hwnd, s, TVGN_PREVIOUS, h) == 0;
        dotted(p, dc, cx, first_root ? y + half : y, cx, last ? y + half : y + s.item_height - 1);
        dotted(p, dc, cx, y + half, indent - 2, y + half);
        // The ancestors' lines passing by.
        int32_t ax = cx - kIndent;
        for (Node* a = node(s, item.parent); a && ax > 0; a = node(s, a->parent), ax -= kIndent)
          if (next_item(p, hwnd, s, TVGN_NEXT, a->handle)) dotted(p, dc, ax, y, ax, y + s.item_height - 1);
      }
      if ((style & TVS_HASBUTTONS) && lead && has_kids(item)) {
        Rect box{cx - 4, y + half - 4, cx + 5, y + half + 5};
        fill_sys_color(p, dc, box, 16);
        fill_sys_color(p, dc, {box.left + 1, box.top + 1, box.right - 1, box.bottom - 1}, 5);
        fill_sys_color(p, dc, {cx - 2, y + half, cx + 3, y + half + 1}, 8 /* COLOR_WINDOWTEXT */);
        if (!expanded(item)) fill_sys_color(p, dc, {cx, y + half - 2, cx + 1, y + half + 3}, 8);
      }
      const std::u16string text = text_of(p, hwnd, s, h);
      if (tree_of(p, hwnd) != &s || !gdi32::find_dc(p, cp.hdc)) return;
      const bool checks = own_check_boxes(p, hwnd, s);
      const int32_t state_w = state_width(s, item.state, checks);
      if (state_w && checks) {
        draw_check_box(p, dc, {indent, y, indent + state_w, y + s.item_height}, state_index(s, item.state, true) == 2);
      } else if (state_w) {
        int32_t cx = 0, cy = 0;
        list_image_size(s.images[2], cx, cy);
        draw_list_image(p, s.images[2], state_index(s, item.state, false), cp.hdc, indent, y + (s.item_height - cy) / 2);
        if (!gdi32::find_dc(p, cp.hdc)) return;
      }
      if (icon_width(s)) {
        int32_t cx = 0, cy = 0;
        list_image_size(s.images[0], cx, cy);
        const int32_t img = (item.state & TVIS_SELECTED) ? item.selected_image : item.image;
        draw_list_image(p, s.images[0], img, cp.hdc, indent + state_w, y + (s.item_height - cy) / 2);
        if (!gdi32::find_dc(p, cp.hdc)) return;
      }
      const int32_t x = indent + state_w + icon_width(s);
      Rect label{x, y, x + text_width(p, dc, text) + 4, y + s.item_height};
      const bool sel = (item.state & TVIS_SELECTED) && (s.in_focus || (style & TVS_SHOWSELALWAYS));
      if (sel) fill_sys_color(p, dc, label, s.in_focus ? 13 /* COLOR_HIGHLIGHT */ : 15 /* COLOR_BTNFACE */);
      dc.s.text_color = sel && s.in_focus ? sys_color(14) : sys_color(8);
      gdi32::dc_changed(dc);
      Rect t{label.left + 2, label.top, label.right, label.bottom};
      draw_text_in(p, cp.hdc, text, t, DT_LEFT | DT_VCENTER | DT_SINGLELINE | DT_NOPREFIX);
      if (sel && s.in_focus) draw_focus_rect(p, dc, label);
    }
  });
}

// ---- input ----
// The control's own check box of an item: unchecked (1) and checked (2) in turn.
void toggle_check(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint64_t h) {
  Node* n = node(s, h);
  if (!n) return;
  const uint32_t index = (n->state >> 12) & 0xf;
  n->state = (n->state & ~TVIS_STATEIMAGEMASK) | (index == 2 ? 0x1000u : 0x2000u);
  redraw(p, hwnd);
}

void key_down(WindowsProcess& p, uint64_t hwnd, TreeState& s, uint32_t vk) {
  notify_key(p, hwnd, s.parent, TVN_KEYDOWN_TV, vk, 0);
  if (tree_of(p, hwnd) != &s) return;
  const auto rows = rows_of(s);
  if (rows.empty()) return;
  const int32_t page = per_page(p, hwnd, s);
  int32_t i = row_index(s, s.caret);
  Node* n = node(s, s.caret);
  uint64_t target = 0;
  switch (vk) {
    case VK_UP: target = i <= 0 ? rows[0].first : rows[static_cast<size_t>(i - 1)].first; break;
    case VK_DOWN:
      target = i < 0 ? rows[0].first : rows[static_cast<size_t>(std::min<int32_t>(i + 1, static_cast<int32_t>(rows.size()) - 1))].first;
      break;
    case VK_HOME: target = rows[0].first; break;
    case VK_END: target = rows.back().first; break;
    case VK_PRIOR: target = rows[static_cast<size_t>(std::max(i - page + 1, 0))].first; break;
    case VK_NEXT:
      target = rows[static_cast<size_t>(std::min<int32_t>(std::max(i, 0) + page - 1, static_cast<int32_t>(rows.size()) - 1))].first;
      break;
    case VK_LEFT:
      if (!n) return;
      if (expanded(*n) && has_kids(*n)) expand(p, hwnd, s, s.caret, TVE_COLLAPSE, true);
      else if (n->parent) target = n->parent;
      break;
    case VK_RIGHT:
      if (!n || !has_kids(*n)) return;
      if (!expanded(*n)) expand(p, hwnd, s, s.caret, TVE_EXPAND, true);
      else if (!n->children.empty()) target = n->children[0];
      break;
    case VK_ADD_TV:
      if (n && !expanded(*n)) expand(p, hwnd, s, s.caret, TVE_EXPAND, true);
      return;
    case VK_SUBTRACT_TV:
      if (n && expanded(*n)) expand(p, hwnd, s, s.caret, TVE_COLLAPSE, true);
      return;
    case VK_MULTIPLY_TV:
      if (n) expand(p, hwnd, s, s.caret, TVE_EXPAND, true);
      return;
    case 0x20:  // VK_SPACE: the caret item's check box
      if (n && own_check_boxes(p, hwnd, s)) toggle_check(p, hwnd, s, s.caret);
      return;
    default: return;
  }
  if (target && tree_of(p, hwnd) == &s) select_item(p, hwnd, s, target, TVC_BYKEYBOARD);
}

// A press: NM_CLICK (a parent answering non-zero has handled it), then the button toggled or the
// item selected, then the focus.
void click(WindowsProcess& p, uint64_t hwnd, TreeState& s, int32_t x, int32_t y, bool dbl) {
  if (!dbl && notify_simple(p, hwnd, s.parent, NM_CLICK_)) {
    if (tree_of(p, hwnd) == &s && !s.in_focus) set_focus(p, hwnd);
    return;
  }
  if (tree_of(p, hwnd) != &s) return;
  uint32_t flags = 0;
  const uint64_t h = hit_test(p, hwnd, s, x, y, flags);
  if (h && flags == TVHT_ONITEMSTATEICON && !dbl && own_check_boxes(p, hwnd, s)) toggle_check(p, hwnd, s, h);
  if (tree_of(p, hwnd) != &s) return;
  if (h && flags == TVHT_ONITEMBUTTON) {
    expand(p, hwnd, s, h, TVE_TOGGLE, true);
    if (tree_of(p, hwnd) == &s && !s.in_focus) set_focus(p, hwnd);
    return;
  }
  if (h && (flags & (TVHT_ONITEMLABEL | TVHT_ONITEMICON | TVHT_ONITEMSTATEICON))) {
    if (dbl) {
      if (!notify_simple(p, hwnd, s.parent, NM_DBLCLK_) && tree_of(p, hwnd) == &s)
        expand(p, hwnd, s, h, TVE_TOGGLE, true);
      return;
    }
    select_item(p, hwnd, s, h, TVC_BYMOUSE);
  }
  if (tree_of(p, hwnd) == &s && !s.in_focus) set_focus(p, hwnd);
}

uint64_t treeview_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  TreeState& s = control_state<TreeState>(*w);
  if (!s.created && msg != WM_CREATE) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  const int32_t mx = static_cast<int16_t>(lparam & 0xffff), my = static_cast<int16_t>((lparam >> 16) & 0xffff);
  switch (msg) {
    case WM_CREATE: {
      s.created = true;
      s.parent = w->parent ? w->parent : w->owner;
      s.unicode_parent = parent_wants_unicode(p, hwnd, s.parent);
      int32_t h = 0;
      text_px(p, hwnd, s, u"", &h);
      s.item_height = std::max(h + 3, 16);
      return 0;
    }
    case WM_DESTROY:
      for (const uint64_t k : std::vector<uint64_t>(s.root.children)) {
        delete_tree(p, hwnd, s, k);
        if (tree_of(p, hwnd) != &s) break;
      }
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_GETDLGCODE: return DLGC_WANTARROWS | DLGC_WANTCHARS;
    case WM_SETFONT: {
      s.font = wparam;
      int32_t h = 0;
      text_px(p, hwnd, s, u"", &h);
      s.item_height = std::max(h + 3, 16);
      if (lparam & 0xffff) redraw(p, hwnd);
      return 0;
    }
    case WM_GETFONT: return s.font;
    case WM_ERASEBKGND: return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, s, wparam);
      return 0;
    case WM_SETFOCUS:
    case WM_KILLFOCUS:
      s.in_focus = msg == WM_SETFOCUS;
      redraw(p, hwnd);
      notify_simple(p, hwnd, s.parent, msg == WM_SETFOCUS ? NM_SETFOCUS_ : NM_KILLFOCUS_);
      return 0;
    case WM_KEYDOWN:
      key_down(p, hwnd, s, static_cast<uint32_t>(wparam));
      return 0;
    case WM_LBUTTONDOWN:
      click(p, hwnd, s, mx, my, false);
      return 0;
    case WM_LBUTTONDBLCLK:
      click(p, hwnd, s, mx, my, true);
      return 0;
    case 0x204 /* WM_RBUTTONDOWN */:
      notify_simple(p, hwnd, s.parent, NM_RCLICK_);
      return 0;
    case 0x20a /* WM_MOUSEWHEEL */: {
      const int32_t delta = static_cast<int16_t>((wparam >> 16) & 0xffff);
      scroll_to(p, hwnd, s, s.top - delta / 120 * 3);
      return 0;
    }
    case WM_VSCROLL: {
      const int32_t page = per_page(p, hwnd, s);
      switch (wparam & 0xffff) {
        case 0: scroll_to(p, hwnd, s, s.top - 1); break;     // SB_LINEUP
        case 1: scroll_to(p, hwnd, s, s.top + 1); break;     // SB_LINEDOWN
        case 2: scroll_to(p, hwnd, s, s.top - page); break;  // SB_PAGEUP
        case 3: scroll_to(p, hwnd, s, s.top + page); break;  // SB_PAGEDOWN
        case 4:
        case 5: scroll_to(p, hwnd, s, static_cast<int32_t>((wparam >> 16) & 0xffff)); break;  // SB_THUMB*
        case 6: scroll_to(p, hwnd, s, 0); break;  // SB_TOP
        case 7: scroll_to(p, hwnd, s, static_cast<int32_t>(rows_of(s).size())); break;  // SB_BOTTOM
        default: break;
      }
      return 0;
    }
    case WM_SIZE:
      redraw(p, hwnd);
      return 0;

    case TVM_INSERTITEMA:
    case TVM_INSERTITEMW: return insert_item(p, hwnd, s, lparam, msg == TVM_INSERTITEMW);
    case TVM_DELETEITEM: {
      if (handle_arg(p, lparam) == TVI_ROOT || lparam == 0) {
        for (const uint64_t k : std::vector<uint64_t>(s.root.children)) {
          delete_tree(p, hwnd, s, k);
          if (tree_of(p, hwnd) != &s) return 0;
        }
        s.top = 0;
        redraw(p, hwnd);
        return 1;
      }
      if (!node(s, lparam)) return 0;
      delete_tree(p, hwnd, s, lparam);
      if (tree_of(p, hwnd) != &s) return 1;
      s.top = std::clamp(s.top, 0, std::max(static_cast<int32_t>(rows_of(s).size()) - 1, 0));
      redraw(p, hwnd);
      return 1;
    }
    case TVM_EXPAND: return expand(p, hwnd, s, lparam, static_cast<uint32_t>(wparam), false);
    case TVM_GETCOUNT: return s.nodes.size();
    case TVM_GETINDENT: return kIndent;
    case TVM_GETITEMHEIGHT: return static_cast<uint64_t>(s.item_height);
    case TVM_GETNEXTITEM: return next_item(p, hwnd, s, static_cast<uint32_t>(wparam), lparam);
    case TVM_SELECTITEM: {
      const uint32_t how = static_cast<uint32_t>(wparam) & 0xff;
      if (lparam && !node(s, lparam)) return 0;
      if (how == TVGN_CARET) return select_item(p, hwnd, s, lparam, TVC_UNKNOWN);
      if (how == TVGN_FIRSTVISIBLE) {
        const int32_t i = row_index(s, lparam);
        if (i < 0) return 0;
        s.top = i;
        redraw(p, hwnd);
        return 1;
      }
      return how == TVGN_DROPHILITE;
    }
    case TVM_GETITEMA:
    case TVM_GETITEMW: return get_item(p, hwnd, s, lparam, msg == TVM_GETITEMW);
    case TVM_SETITEMA:
    case TVM_SETITEMW: return set_item(p, hwnd, s, lparam, msg == TVM_SETITEMW);
    case TVM_GETITEMSTATE: {
      Node* n = node(s, wparam);
      return n ? (n->state & static_cast<uint32_t>(lparam)) : 0;
    }
    case TVM_GETITEMRECT: {
      if (!lparam) return 0;
      const uint64_t h = p.get_ptr(lparam);
      if (!node(s, h)) return 0;
      Rect r;
      if (!label_rect(p, hwnd, s, h, r, wparam == 0)) return 0;
      put<Rect>(lparam, r);
      return 1;
    }
    case TVM_HITTEST: {
      if (!lparam) return 0;
      uint32_t flags = 0;
      const uint64_t h = hit_test(p, hwnd, s, get<int32_t>(lparam), get<int32_t>(lparam + 4), flags);
      put<uint32_t>(lparam + 8, flags);
      p.put_ptr(lparam + (p.isa->ptr == 8 ? 16 : 12), h);
      return h;
    }
    case TVM_ENSUREVISIBLE: {
      Node* n = node(s, lparam);
      if (!n) return 0;
      bool changed = false;
      for (Node* c = node(s, n->parent); c; c = node(s, c->parent))
        if (!expanded(*c)) {
          expand(p, hwnd, s, c->handle, TVE_EXPAND, false);
          changed = true;
          if (tree_of(p, hwnd) != &s) return 0;
        }
      const int32_t top = s.top;
      ensure_row_visible(p, hwnd, s, lparam);
      return changed || top != s.top;
    }
    case TVM_SORTCHILDREN: return sort_children(p, hwnd, s, lparam, 0, 0);
    case TVM_SORTCHILDRENCB: {
      if (!lparam) return 0;
      const unsigned pw = p.isa->ptr;
      return sort_children(p, hwnd, s, p.get_ptr(lparam), p.get_ptr(lparam + pw), p.get_ptr(lparam + 2 * pw));
    }
    case TVM_SETIMAGELIST: {
      if (wparam > 2) return 0;
      const uint64_t old = s.images[wparam];
      s.images[wparam] = lparam;
      redraw(p, hwnd);
      return old;
    }
    case TVM_GETIMAGELIST: return wparam > 2 ? 0 : s.images[wparam];
    case TVM_GETVISIBLECOUNT: return static_cast<uint64_t>(per_page(p, hwnd, s));
    case TVM_SETBKCOLOR: {
      const uint32_t old = s.bk;
      s.bk = static_cast<uint32_t>(lparam);
      redraw(p, hwnd);
      return old;
    }
    case TVM_GETBKCOLOR: return s.bk;
    case TVM_SETTEXTCOLOR: {
      const uint32_t old = s.fg;
      s.fg = static_cast<uint32_t>(lparam);
      redraw(p, hwnd);
      return old;
    }
    case TVM_GETTEXTCOLOR: return s.fg;
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace treeview_impl

const user32::ControlClass& treeview_class() {
  using namespace treeview_impl;
  static const Export entry = EXPORT("TreeViewWndProcW", control_entry<treeview_proc>);
  static const user32::ControlClass c{u"SysTreeView32", 0x8 /* CS_DBLCLKS */ | 0x3 /* CS_HREDRAW | CS_VREDRAW */, 8, treeview_proc,
                              &entry, 32512, 0};
  return c;
}

}  // namespace polyrun::shims::comctl32
