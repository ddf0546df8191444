// Menu objects: menus and their items (CreateMenu, AppendMenu, InsertMenuItem, ModifyMenu,
// DeleteMenu, RemoveMenu …), what they say of themselves (GetMenuItemCount, GetMenuState,
// GetMenuString, GetMenuItemInfo with MENUITEMINFO of either size and pointer width), their
// marks (check marks, radio checks, grey, the default item), MENUINFO, and menus from MENU and
// MENUEX resources or templates in memory (LoadMenu, LoadMenuIndirect). An item named by command
// is looked for in the submenus too, as Windows does; a bad handle gives
// ERROR_INVALID_MENU_HANDLE, a missing item ERROR_MENU_ITEM_NOT_FOUND where Windows sets it.
#include "shims/user32/menus.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/kernel32/resources.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims::user32 {

namespace {

// MENUITEMINFO's fMask bits, MFS_/MFT_ values the API adds, MENUINFO's.
enum : uint32_t {
  MIIM_STATE = 0x1, MIIM_ID = 0x2, MIIM_SUBMENU = 0x4, MIIM_CHECKMARKS = 0x8, MIIM_TYPE = 0x10, MIIM_DATA = 0x20,
  MIIM_STRING = 0x40, MIIM_BITMAP = 0x80, MIIM_FTYPE = 0x100,
  MIM_MAXHEIGHT = 0x1, MIM_BACKGROUND = 0x2, MIM_HELPID = 0x4, MIM_MENUDATA = 0x8, MIM_STYLE = 0x10,
  MIM_APPLYTOSUBMENUS = 0x80000000u, GMDI_USEDISABLED = 0x1, GMDI_GOINTOPOPUPS = 0x2,
};
// The item type bits (kept in MenuItem::type) and state bits (MenuItem::state) of MF_ flags.
constexpr uint32_t kTypeBits = MF_BITMAP | MF_MENUBARBREAK | MF_MENUBREAK | MF_OWNERDRAW | MFT_RADIOCHECK |
                               MF_SEPARATOR | MFT_RIGHTORDER | MF_RIGHTJUSTIFY;
constexpr uint32_t kStateBits = MF_GRAYED | MF_DISABLED | MF_CHECKED | MF_HILITE | MF_DEFAULT;

struct Menus {
  std::map<uint64_t, Menu> menus;
  uint32_t next = 0;
};
Menus& menus() {
  static Menus m;
  return m;
}

std::u16string guest_string(uint64_t s, bool unicode) {
  if (!s) return {};
  return unicode ? std::u16string(reinterpret_cast<const char16_t*>(s)) : ansi_to_utf16(reinterpret_cast<const char*>(s));
}

// An item made from MF_ flags and AppendMenu's id and content arguments.
bool item_from_flags(WindowsProcess& p, MenuItem& it, uint32_t flags, uint64_t id, uint64_t content, bool unicode) {
  it = MenuItem{};
  it.type = flags & kTypeBits;
  it.state = flags & kStateBits;
  if (flags & MF_POPUP) {
    if (!find_menu(p, id)) return fail(p, ERROR_INVALID_MENU_HANDLE), false;
    it.submenu = id & 0xffffffffu;
    find_menu(p, id)->popup = true;
  }
  it.id = static_cast<uint32_t>(id);
  if (flags & MF_SEPARATOR) {
    it.state |= MF_GRAYED | MF_DISABLED;
  } else if (flags & MF_BITMAP) {
    it.bitmap = content;
  } else if (flags & MF_OWNERDRAW) {
    it.data = content;
  } else if (content) {
    it.has_text = true;
    it.text = guest_string(content, unicode);
  }
  return true;
}

// MENUITEMINFO's layout: cbSize, fMask, fType, fState, wID, hSubMenu, hbmpChecked, hbmpUnchecked,
// dwItemData, dwTypeData, cch, hbmpItem (the last missing in the older, smaller structure).
struct ItemInfoLayout {
  unsigned submenu, checked, unchecked, data, type_data, cch, bitmap, size, old_size;
};
ItemInfoLayout item_info_layout(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  ItemInfoLayout l;
  l.submenu = (20 + w - 1) / w * w;
  l.checked = l.submenu + w;
  l.unchecked = l.checked + w;
  l.data = l.unchecked + w;
  l.type_data = l.data + w;
  l.cch = l.type_data + w;
  l.bitmap = (l.cch + 4 + w - 1) / w * w;
  l.size = l.bitmap + w;
  l.old_size = l.bitmap;
  return l;
}
bool item_info_size_ok(WindowsProcess& p, uint64_t info) {
  if (!info) return false;
  const ItemInfoLayout l = item_info_layout(p);
  const uint32_t size = get<uint32_t>(info);
  return size == l.size || size == l.old_size;
}

// SetMenuItemInfo's and InsertMenuItem's changes to an item.
bool apply_item_info(WindowsProcess& p, MenuItem& it, uint64_t info, bool unicode) {
  const ItemInfoLayout l = item_info_layout(p);
  const uint32_t size = get<uint32_t>(info), mask = get<uint32_t>(info + 4);
  if (mask & MIIM_SUBMENU) {
    const uint64_t sub = p.get_ptr(info + l.submenu) & 0xffffffffu;
    if (sub && !find_menu(p, sub)) return fail(p, ERROR_INVALID_PARAMETER), false;
    it.submenu = sub;
    if (Menu* s = find_menu(p, sub)) s->popup = true;
  }
  if (mask & MIIM_TYPE) {
    // The type with its content: a string, a bitmap (its handle in dwTypeData) or owner-drawn.
    const uint32_t type = get<uint32_t>(info + 8);
    const uint64_t content = p.get_ptr(info + l.type_data);
    it.type = type & ~static_cast<uint32_t>(MF_POPUP);
    it.has_text = false;
    it.text.clear();
    if (type & MF_BITMAP) it.bitmap = content & 0xffffffffu;
    else if (!(type & (MF_SEPARATOR | MF_OWNERDRAW)) && content) it.has_text = true, it.text = guest_string(content, unicode);
  }
  if (mask & MIIM_FTYPE) it.type = get<uint32_t>(info + 8) & ~static_cast<uint32_t>(MF_POPUP);
  if (mask & MIIM_STRING) {
    const uint64_t s = p.get_ptr(info + l.type_data);
    it.has_text = s != 0;
    it.text = guest_string(s, unicode);
  }
  if (mask & MIIM_STATE) it.state = get<uint32_t>(info + 12) & kStateBits;
  if (mask & MIIM_ID) it.id = get<uint32_t>(info + 16);
  if (mask & MIIM_CHECKMARKS) {
    it.checked = p.get_ptr(info + l.checked) & 0xffffffffu;
    it.unchecked = p.get_ptr(info + l.unchecked) & 0xffffffffu;
  }
  if (mask & MIIM_DATA) it.data = p.get_ptr(info + l.data);
  if ((mask & MIIM_BITMAP) && size >= l.size) it.bitmap = p.get_ptr(info + l.bitmap) & 0xffffffffu;
  return true;
}

// A position in `items` for an insertion before `item` (MF_BYPOSITION: past the end appends).
Menu* insertion_point(WindowsProcess& p, uint64_t menu, uint32_t item, bool by_position, size_t& at) {
  Menu* m = menu_or_fail(p, menu);
  if (!m) return nullptr;
  if (by_position) {
    at = std::min<size_t>(item, m->items.size());
    return m;
  }
  Menu* holder = nullptr;
  int32_t pos = 0;
  if (!find_item(p, menu, item, MF_BYCOMMAND, &holder, &pos)) {
    // (an unknown command appends, as Windows does for InsertMenu by command)
    at = m->items.size();
    return m;
  }
  at = static_cast<size_t>(pos);
  return holder;
}

}  // namespace

Menu* find_menu(WindowsProcess&, uint64_t handle) {
  auto& all = menus().menus;
  auto it = all.find(handle & 0xffffffffu);
  return it == all.end() ? nullptr : &it->second;
}
Menu* menu_or_fail(WindowsProcess& p, uint64_t handle) {
  Menu* m = find_menu(p, handle);
  if (!m) fail(p, ERROR_INVALID_MENU_HANDLE);
  return m;
}

uint64_t new_menu(WindowsProcess&, bool popup) {
  Menus& all = menus();
  uint64_t h;
  do h = 0x40000 + 4 * (all.next++ % 0x3fff0000u);
  while (all.menus.count(h));
  Menu& m = all.menus[h];
  m.handle = h;
  m.popup = popup;
  return h;
}

void destroy_menu(WindowsProcess& p, uint64_t handle) {
  Menu* m = find_menu(p, handle);
  if (!m) return;
  std::vector<uint64_t> subs;
  for (const MenuItem& it : m->items)
    if (it.submenu) subs.push_back(it.submenu);
  const uint64_t window = m->window;
  menus().menus.erase(handle & 0xffffffffu);
  for (uint64_t s : subs)
    if (s != (handle & 0xffffffffu)) destroy_menu(p, s);
  if (window && find_window(p, window)) destroy_window(p, window);
}

MenuItem* find_item(WindowsProcess& p, uint64_t menu, uint32_t item, uint32_t flags, Menu** holder, int32_t* position) {
  Menu* m = find_menu(p, menu);
  if (!m) return nullptr;
  if (flags & MF_BYPOSITION) {
    if (item >= m->items.size()) return nullptr;
    if (holder) *holder = m;
    if (position) *position = static_cast<int32_t>(item);
    return &m->items[item];
  }
  // By command: the items in order, a popup's submenu searched before the popup's own id matches.
  MenuItem* fallback = nullptr;
  Menu* fallback_holder = nullptr;
  int32_t fallback_pos = -1;
  for (size_t i = 0; i < m->items.size(); ++i) {
    MenuItem& it = m->items[i];
    if (it.submenu && it.submenu != m->handle) {
      if (MenuItem* found = find_item(p, it.submenu, item, flags, holder, position)) return found;
      if (it.id == item && !fallback) fallback = &it, fallback_holder = m, fallback_pos = static_cast<int32_t>(i);
      m = find_menu(p, menu);
      if (!m) return nullptr;
    } else if (it.id == item) {
      if (holder) *holder = m;
      if (position) *position = static_cast<int32_t>(i);
      return &it;
    }
  }
  if (fallback) {
    if (holder) *holder = fallback_holder;
    if (position) *position = fallback_pos;
  }
  return fallback;
}

std::u16string menu_item_label(const std::u16string& text) {
  std::u16string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == u'&' && i + 1 < text.size()) ++i;
    else if (text[i] == u'&') continue;
    out += text[i];
  }
  return out;
}

char16_t menu_mnemonic(const std::u16string& text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != u'&') continue;
    if (text[i + 1] == u'&') {
      ++i;
      continue;
    }
    char16_t c = text[i + 1];
    if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c - u'A' + u'a');
    return c;
  }
  return 0;
}

// MENUTEMPLATE (version 0): items of a WORD of flags (MF_POPUP: a submenu follows; MF_END: the
// level's last), a WORD id (not for a popup) and a NUL-ended UTF-16 text. MENUEX_TEMPLATE
// (version 1): a DWORD type, state and id, a WORD of resource flags (1: a submenu with its help
// id follows; 0x80: the last), the text, DWORD-aligned.
namespace {

uint64_t read_text(uint64_t& at, std::u16string& out) {
  out.clear();
  while (char16_t c = get<uint16_t>(at)) out += c, at += 2;
  at += 2;
  return at;
}

bool parse_menu(WindowsProcess& p, uint64_t& at, uint64_t menu, int depth, int& budget) {
  if (depth > 32) return false;
  for (;;) {
    if (--budget < 0) return false;  // (no end mark in sight: not a template)
    const uint16_t flags = get<uint16_t>(at);
    at += 2;
    MenuItem it;
    std::u16string text;
    if (flags & MF_POPUP) {
      read_text(at, text);
      const uint64_t sub = new_menu(p, true);
      if (!parse_menu(p, at, sub, depth + 1, budget)) {
        destroy_menu(p, sub);
        return false;
      }
      it.submenu = sub;
      it.id = static_cast<uint32_t>(sub);
    } else {
      it.id = get<uint16_t>(at);
      at += 2;
      read_text(at, text);
    }
    it.type = flags & kTypeBits & ~static_cast<uint32_t>(MF_END);
    it.state = flags & kStateBits & ~static_cast<uint32_t>(MF_END);
    if (!(flags & MF_POPUP) && !it.id && !(flags & ~static_cast<uint32_t>(MF_END)) && text.empty()) {
      it.type |= MF_SEPARATOR;  // (MENUITEM SEPARATOR: no flags, no id, no text)
      it.state |= MF_GRAYED | MF_DISABLED;
    } else if (!(it.type & (MF_BITMAP | MF_OWNERDRAW | MF_SEPARATOR))) {
      it.has_text = true;
      it.text = text;
    }
    Menu* m = find_menu(p, menu);
    if (!m) return false;
    m->items.push_back(std::move(it));
    if (flags & MF_END) return true;
  }
}

bool parse_menu_ex(WindowsProcess& p, uint64_t& at, uint64_t menu, int depth, int& budget) {
  if (depth > 32) return false;
  for (;;) {
    if (--budget < 0) return false;
    MenuItem it;
    const uint32_t type = get<uint32_t>(at), state = get<uint32_t>(at + 4);
    it.id = get<uint32_t>(at + 8);
    const uint16_t res = get<uint16_t>(at + 12);
    at += 14;
    std::u16string text;
    read_text(at, text);
    at = (at + 3) & ~uint64_t{3};
    it.type = type & ~static_cast<uint32_t>(MF_POPUP);
    it.state = state & kStateBits;
    if (!(it.type & (MF_BITMAP | MF_OWNERDRAW | MF_SEPARATOR))) {
      it.has_text = true;
      it.text = text;
    }
    if (res & 1) {
      // The submenu's help id (MENUEX_TEMPLATE_ITEM's dwHelpId: GetMenuContextHelpId's answer).
      const uint64_t sub = new_menu(p, true);
      find_menu(p, sub)->help_id = get<uint32_t>(at);
      at += 4;
      if (!parse_menu_ex(p, at, sub, depth + 1, budget)) {
        destroy_menu(p, sub);
        return false;
      }
      it.submenu = sub;
    }
    Menu* m = find_menu(p, menu);
    if (!m) return false;
    m->items.push_back(std::move(it));
    if (res & 0x80) return true;
  }
}

}  // namespace

uint64_t load_menu_template(WindowsProcess& p, uint64_t at) {
  if (!at) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const uint16_t version = get<uint16_t>(at), offset = get<uint16_t>(at + 2);
  const uint64_t menu = new_menu(p, false);
  bool ok = false;
  int budget = 0x10000;
  if (version == 0) {
    uint64_t items = at + 4 + offset;
    ok = parse_menu(p, items, menu, 0, budget);
  } else if (version == 1) {
    // (the offset counts from itself; the menu's help id comes first)
    find_menu(p, menu)->help_id = get<uint32_t>(at + 4);
    uint64_t items = at + 4 + offset;
    ok = parse_menu_ex(p, items, menu, 0, budget);
  }
  if (!ok) {
    destroy_menu(p, menu);
    return fail(p, ERROR_INVALID_PARAMETER), 0;
  }
  return menu;
}

uint64_t load_menu(WindowsProcess& p, uint64_t module, uint64_t name, bool wide) {
  const uint64_t res = find_resource(p, module, 4 /* RT_MENU */, name, -1, wide);
  if (!res) return 0;
  const uint64_t data = resource_data(p, module, res, nullptr);
  if (!data) return 0;
  return load_menu_template(p, data);
}

uint64_t class_menu(WindowsProcess& p, const WindowClass& cls) {
  if (!cls.menu_name) return 0;
  return load_menu(p, cls.instance, cls.menu_name, cls.unicode);
}

namespace {

Ptr CreateMenu(WindowsProcess& p) { return Ptr(new_menu(p, false)); }
Ptr CreatePopupMenu(WindowsProcess& p) { return Ptr(new_menu(p, true)); }

BOOL DestroyMenu(WindowsProcess& p, Ptr menu) {
  if (!menu_or_fail(p, menu.addr)) return FALSE;
  destroy_menu(p, menu.addr);
  return TRUE;
}
BOOL IsMenu(WindowsProcess& p, Ptr menu) { return find_menu(p, menu.addr) ? TRUE : FALSE; }

BOOL insert_menu(WindowsProcess& p, uint64_t menu, uint32_t item, uint32_t flags, uint64_t id, uint64_t content, bool unicode) {
  size_t at = 0;
  Menu* m = insertion_point(p, menu, item, (flags & MF_BYPOSITION) != 0, at);
  if (!m) return FALSE;
  const uint64_t handle = m->handle;
  MenuItem it;
  if (!item_from_flags(p, it, flags, id, content, unicode)) return FALSE;
  m = find_menu(p, handle);
  m->items.insert(m->items.begin() + static_cast<ptrdiff_t>(at), std::move(it));
  return TRUE;
}
BOOL AppendMenuA(WindowsProcess& p, Ptr menu, uint32_t flags, USize id, Ptr content) {
  return insert_menu(p, menu.addr, 0xffffffffu, flags | MF_BYPOSITION, id, content.addr, false);
}
BOOL AppendMenuW(WindowsProcess& p, Ptr menu, uint32_t flags, USize id, Ptr content) {
  return insert_menu(p, menu.addr, 0xffffffffu, flags | MF_BYPOSITION, id, content.addr, true);
}
BOOL InsertMenuA(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags, USize id, Ptr content) {
  return insert_menu(p, menu.addr, item, flags, id, content.addr, false);
}
BOOL InsertMenuW(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags, USize id, Ptr content) {
  return insert_menu(p, menu.addr, item, flags, id, content.addr, true);
}

BOOL insert_item(WindowsProcess& p, uint64_t menu, uint32_t item, BOOL by_position, uint64_t info, bool unicode) {
  if (!item_info_size_ok(p, info)) return fail(p, ERROR_INVALID_PARAMETER);
  size_t at = 0;
  Menu* m = insertion_point(p, menu, item, by_position != 0, at);
  if (!m) return FALSE;
  const uint64_t handle = m->handle;
  MenuItem it;
  if (!apply_item_info(p, it, info, unicode)) return FALSE;
  m = find_menu(p, handle);
  m->items.insert(m->items.begin() + static_cast<ptrdiff_t>(at), std::move(it));
  return TRUE;
}
BOOL InsertMenuItemA(WindowsProcess& p, Ptr menu, uint32_t item, BOOL by_pos, Ptr info) {
  return insert_item(p, menu.addr, item, by_pos, info.addr, false);
}
BOOL InsertMenuItemW(WindowsProcess& p, Ptr menu, uint32_t item, BOOL by_pos, Ptr info) {
  return insert_item(p, menu.addr, item, by_pos, info.addr, true);
}

BOOL modify_menu(WindowsProcess& p, uint64_t menu, uint32_t item, uint32_t flags, uint64_t id, uint64_t content, bool unicode) {
  if (!menu_or_fail(p, menu)) return FALSE;
  MenuItem* it = find_item(p, menu, item, flags);
  if (!it) return fail(p, ERROR_MENU_ITEM_NOT_FOUND);
  MenuItem made;
  if (!item_from_flags(p, made, flags, id, content, unicode)) return FALSE;
  it = find_item(p, menu, item, flags);
  if (!it) return FALSE;
  // (a popup replaced by a plain item keeps no submenu; the old one is not destroyed)
  made.checked = it->checked, made.unchecked = it->unchecked;
  *it = std::move(made);
  return TRUE;
}
BOOL ModifyMenuA(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags, USize id, Ptr content) {
  return modify_menu(p, menu.addr, item, flags, id, content.addr, false);
}
BOOL ModifyMenuW(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags, USize id, Ptr content) {
  return modify_menu(p, menu.addr, item, flags, id, content.addr, true);
}

BOOL remove_item(WindowsProcess& p, uint64_t menu, uint32_t item, uint32_t flags, bool destroy) {
  if (!menu_or_fail(p, menu)) return FALSE;
  Menu* holder = nullptr;
  int32_t pos = -1;
  MenuItem* it = find_item(p, menu, item, flags, &holder, &pos);
  if (!it) return fail(p, ERROR_MENU_ITEM_NOT_FOUND);
  const uint64_t sub = it->submenu;
  holder->items.erase(holder->items.begin() + pos);
  if (destroy && sub) destroy_menu(p, sub);
  return TRUE;
}
BOOL DeleteMenu(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags) { return remove_item(p, menu.addr, item, flags, true); }
BOOL RemoveMenu(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags) { return remove_item(p, menu.addr, item, flags, false); }

int32_t GetMenuItemCount(WindowsProcess& p, Ptr menu) {
  Menu* m = menu_or_fail(p, menu.addr);
  return m ? static_cast<int32_t>(m->items.size()) : -1;
}

uint32_t GetMenuItemID(WindowsProcess& p, Ptr menu, int32_t pos) {
  if (!menu_or_fail(p, menu.addr) || pos < 0) return 0xffffffffu;
  MenuItem* it = find_item(p, menu.addr, static_cast<uint32_t>(pos), MF_BYPOSITION);
  if (!it || it->submenu) return 0xffffffffu;
  return it->id;
}

// GetMenuState: a popup's item count in the high byte with its flags; an item's type and state.
uint32_t GetMenuState(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags) {
  if (!menu_or_fail(p, menu.addr)) return 0xffffffffu;
  MenuItem* it = find_item(p, menu.addr, item, flags);
  if (!it) return 0xffffffffu;
  if (it->submenu) {
    Menu* sub = find_menu(p, it->submenu);
    const uint32_t count = sub ? static_cast<uint32_t>(sub->items.size()) : 0;
    return (count << 8) | ((it->type | it->state | MF_POPUP) & 0xff);
  }
  return it->type | it->state;
}

int32_t get_menu_string(WindowsProcess& p, uint64_t menu, uint32_t item, Ptr buf, int32_t size, uint32_t flags, bool unicode) {
  if (!menu_or_fail(p, menu)) return 0;
  MenuItem* it = find_item(p, menu, item, flags);
  if (!it) return fail(p, ERROR_MENU_ITEM_NOT_FOUND), 0;
  if (!it->has_text) {
    if (buf && size > 0) copy_text_out(p, u"", buf, size, unicode);
    return 0;
  }
  if (!buf || size <= 0) return static_cast<int32_t>(unicode ? it->text.size() : utf16_to_ansi(it->text).size());
  return copy_text_out(p, it->text, buf, size, unicode);
}
int32_t GetMenuStringA(WindowsProcess& p, Ptr menu, uint32_t item, Ptr buf, int32_t size, uint32_t flags) {
  return get_menu_string(p, menu.addr, item, buf, size, flags, false);
}
int32_t GetMenuStringW(WindowsProcess& p, Ptr menu, uint32_t item, Ptr buf, int32_t size, uint32_t flags) {
  return get_menu_string(p, menu.addr, item, buf, size, flags, true);
}

BOOL get_item_info(WindowsProcess& p, uint64_t menu, uint32_t item, BOOL by_position, uint64_t info, bool unicode) {
  if (!item_info_size_ok(p, info)) return fail(p, ERROR_INVALID_PARAMETER);
  if (!menu_or_fail(p, menu)) return FALSE;
  MenuItem* it = find_item(p, menu, item, by_position ? MF_BYPOSITION : MF_BYCOMMAND);
  if (!it) return fail(p, ERROR_MENU_ITEM_NOT_FOUND);
  const ItemInfoLayout l = item_info_layout(p);
  const uint32_t size = get<uint32_t>(info), mask = get<uint32_t>(info + 4);
  if (mask & (MIIM_TYPE | MIIM_FTYPE)) put<uint32_t>(info + 8, it->type);
  if ((mask & MIIM_TYPE) && (it->type & MF_BITMAP)) {
    p.put_ptr(info + l.type_data, it->bitmap);
  } else if ((mask & MIIM_STRING) || ((mask & MIIM_TYPE) && !(it->type & (MF_SEPARATOR | MF_OWNERDRAW)))) {
    // The text into dwTypeData's cch characters (cch then the characters copied), or only its
    // length without a buffer.
    const uint64_t buf = p.get_ptr(info + l.type_data);
    const uint32_t cch = get<uint32_t>(info + l.cch);
    const std::u16string& text = it->has_text ? it->text : std::u16string();
    const uint32_t length = static_cast<uint32_t>(unicode ? text.size() : utf16_to_ansi(text).size());
    if (buf && cch) {
      const int32_t copied = copy_text_out(p, text, Ptr(buf), static_cast<int32_t>(cch), unicode);
      put<uint32_t>(info + l.cch, static_cast<uint32_t>(copied));
    } else {
      put<uint32_t>(info + l.cch, length);
    }
  } else if (mask & MIIM_TYPE) {
    put<uint32_t>(info + l.cch, 0);
  }
  if (mask & MIIM_STATE) put<uint32_t>(info + 12, it->state);
  if (mask & MIIM_ID) put<uint32_t>(info + 16, it->id);
  if (mask & MIIM_SUBMENU) p.put_ptr(info + l.submenu, it->submenu);
  if (mask & MIIM_CHECKMARKS) {
    p.put_ptr(info + l.checked, it->checked);
    p.put_ptr(info + l.unchecked, it->unchecked);
  }
  if (mask & MIIM_DATA) p.put_ptr(info + l.data, it->data);
  if ((mask & MIIM_BITMAP) && size >= l.size) p.put_ptr(info + l.bitmap, it->bitmap);
  return TRUE;
}
BOOL GetMenuItemInfoA(WindowsProcess& p, Ptr menu, uint32_t item, BOOL by_pos, Ptr info) {
  return get_item_info(p, menu.addr, item, by_pos, info.addr, false);
}
BOOL GetMenuItemInfoW(WindowsProcess& p, Ptr menu, uint32_t item, BOOL by_pos, Ptr info) {
  return get_item_info(p, menu.addr, item, by_pos, info.addr, true);
}

BOOL set_item_info(WindowsProcess& p, uint64_t menu, uint32_t item, BOOL by_position, uint64_t info, bool unicode) {
  if (!item_info_size_ok(p, info)) return fail(p, ERROR_INVALID_PARAMETER);
  if (!menu_or_fail(p, menu)) return FALSE;
  const uint32_t flags = by_position ? MF_BYPOSITION : MF_BYCOMMAND;
  MenuItem* it = find_item(p, menu, item, flags);
  if (!it) return fail(p, ERROR_MENU_ITEM_NOT_FOUND);
  MenuItem changed = *it;
  if (!apply_item_info(p, changed, info, unicode)) return FALSE;
  if (!(it = find_item(p, menu, item, flags))) return FALSE;
  *it = std::move(changed);
  return TRUE;
}
BOOL SetMenuItemInfoA(WindowsProcess& p, Ptr menu, uint32_t item, BOOL by_pos, Ptr info) {
  return set_item_info(p, menu.addr, item, by_pos, info.addr, false);
}
BOOL SetMenuItemInfoW(WindowsProcess& p, Ptr menu, uint32_t item, BOOL by_pos, Ptr info) {
  return set_item_info(p, menu.addr, item, by_pos, info.addr, true);
}

Ptr GetSubMenu(WindowsProcess& p, Ptr menu, int32_t pos) {
  if (!menu_or_fail(p, menu.addr) || pos < 0) return Ptr();
  MenuItem* it = find_item(p, menu.addr, static_cast<uint32_t>(pos), MF_BYPOSITION);
  return Ptr(it ? it->submenu : 0);
}

// CheckMenuItem and EnableMenuItem: the item's previous check or enabled state, -1 without one.
uint32_t CheckMenuItem(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags) {
  MenuItem* it = find_item(p, menu.addr, item, flags);
  if (!it) return 0xffffffffu;
  const uint32_t old = it->state & MF_CHECKED;
  it->state = (it->state & ~static_cast<uint32_t>(MF_CHECKED)) | (flags & MF_CHECKED);
  return old;
}
BOOL EnableMenuItem(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags) {
  MenuItem* it = find_item(p, menu.addr, item, flags);
  if (!it) return -1;
  const uint32_t old = it->state & (MF_GRAYED | MF_DISABLED);
  it->state = (it->state & ~static_cast<uint32_t>(MF_GRAYED | MF_DISABLED)) | (flags & (MF_GRAYED | MF_DISABLED));
  return static_cast<BOOL>(old);
}

// CheckMenuRadioItem: the items first to last (of one menu) unchecked but `check`, which gets a
// radio check mark.
BOOL CheckMenuRadioItem(WindowsProcess& p, Ptr menu, uint32_t first, uint32_t last, uint32_t check, uint32_t flags) {
  if (!menu_or_fail(p, menu.addr)) return FALSE;
  Menu* m = nullptr;
  int32_t from = 0, to = 0, at = 0;
  Menu* m2 = nullptr;
  if (!find_item(p, menu.addr, first, flags, &m, &from) || !find_item(p, menu.addr, last, flags, &m2, &to) || m != m2)
    return fail(p, ERROR_MENU_ITEM_NOT_FOUND);
  Menu* m3 = nullptr;
  if (!find_item(p, menu.addr, check, flags, &m3, &at) || m3 != m || at < std::min(from, to) || at > std::max(from, to))
    return fail(p, ERROR_MENU_ITEM_NOT_FOUND);
  for (int32_t i = std::min(from, to); i <= std::max(from, to); ++i) {
    MenuItem& it = m->items[static_cast<size_t>(i)];
    if (i == at) {
      it.type |= MFT_RADIOCHECK;
      it.state |= MF_CHECKED;
    } else {
      it.state &= ~static_cast<uint32_t>(MF_CHECKED);
    }
  }
  return TRUE;
}

BOOL SetMenuDefaultItem(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t by_position) {
  Menu* m = menu_or_fail(p, menu.addr);
  if (!m) return FALSE;
  for (MenuItem& it : m->items) it.state &= ~static_cast<uint32_t>(MF_DEFAULT);
  if (item == 0xffffffffu) return TRUE;
  for (size_t i = 0; i < m->items.size(); ++i) {
    if (by_position ? i == item : m->items[i].id == item) {
      m->items[i].state |= MF_DEFAULT;
      return TRUE;
    }
  }
  return FALSE;
}
uint32_t get_default_item(WindowsProcess& p, uint64_t menu, uint32_t by_position, uint32_t flags, int depth) {
  Menu* m = find_menu(p, menu);
  if (!m || depth > 16) return 0xffffffffu;
  for (size_t i = 0; i < m->items.size(); ++i) {
    const MenuItem& it = m->items[i];
    if (!(it.state & MF_DEFAULT)) continue;
    if ((it.state & (MF_GRAYED | MF_DISABLED)) && !(flags & GMDI_USEDISABLED)) return 0xffffffffu;
    if (it.submenu && (flags & GMDI_GOINTOPOPUPS)) {
      const uint32_t inner = get_default_item(p, it.submenu, by_position, flags, depth + 1);
      if (inner != 0xffffffffu) return inner;
    }
    return by_position ? static_cast<uint32_t>(i) : it.id;
  }
  return 0xffffffffu;
}
uint32_t GetMenuDefaultItem(WindowsProcess& p, Ptr menu, uint32_t by_position, uint32_t flags) {
  if (!menu_or_fail(p, menu.addr)) return 0xffffffffu;
  return get_default_item(p, menu.addr, by_position, flags, 0);
}

// MENUINFO: cbSize, fMask, dwStyle, cyMax, hbrBack, dwContextHelpID, dwMenuData.
struct MenuInfoLayout {
  unsigned brush, help, data, size;
};
MenuInfoLayout menu_info_layout(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  MenuInfoLayout l;
  l.brush = 16;
  l.help = 16 + w;
  l.data = (l.help + 4 + w - 1) / w * w;
  l.size = l.data + w;
  return l;
}
void set_menu_info(WindowsProcess& p, Menu& m, uint64_t info, uint32_t mask, int depth) {
  const MenuInfoLayout l = menu_info_layout(p);
  if (mask & MIM_STYLE) m.style = get<uint32_t>(info + 8);
  if (mask & MIM_MAXHEIGHT) m.max_height = get<uint32_t>(info + 12);
  if (mask & MIM_BACKGROUND) m.background = p.get_ptr(info + l.brush) & 0xffffffffu;
  if (mask & MIM_HELPID) m.help_id = get<uint32_t>(info + l.help);
  if (mask & MIM_MENUDATA) m.data = p.get_ptr(info + l.data);
  if (!(mask & MIM_APPLYTOSUBMENUS) || depth > 16) return;
  std::vector<uint64_t> subs;
  for (const MenuItem& it : m.items)
    if (it.submenu) subs.push_back(it.submenu);
  for (uint64_t s : subs)
    if (Menu* sm = find_menu(p, s)) set_menu_info(p, *sm, info, mask, depth + 1);
}
BOOL SetMenuInfo(WindowsProcess& p, Ptr menu, Ptr info) {
  if (!info || get<uint32_t>(info.addr) != menu_info_layout(p).size) return fail(p, ERROR_INVALID_PARAMETER);
  Menu* m = menu_or_fail(p, menu.addr);
  if (!m) return FALSE;
  set_menu_info(p, *m, info.addr, get<uint32_t>(info.addr + 4), 0);
  return TRUE;
}
BOOL GetMenuInfo(WindowsProcess& p, Ptr menu, Ptr info) {
  if (!info || get<uint32_t>(info.addr) != menu_info_layout(p).size) return fail(p, ERROR_INVALID_PARAMETER);
  Menu* m = menu_or_fail(p, menu.addr);
  if (!m) return FALSE;
  const MenuInfoLayout l = menu_info_layout(p);
  const uint32_t mask = get<uint32_t>(info.addr + 4);
  if (mask & MIM_STYLE) put<uint32_t>(info.addr + 8, m->style);
  if (mask & MIM_MAXHEIGHT) put<uint32_t>(info.addr + 12, m->max_height);
  if (mask & MIM_BACKGROUND) p.put_ptr(info.addr + l.brush, m->background);
  if (mask & MIM_HELPID) put<uint32_t>(info.addr + l.help, m->help_id);
  if (mask & MIM_MENUDATA) p.put_ptr(info.addr + l.data, m->data);
  return TRUE;
}

uint32_t GetMenuContextHelpId(WindowsProcess& p, Ptr menu) {
  Menu* m = menu_or_fail(p, menu.addr);
  return m ? m->help_id : 0;
}
BOOL SetMenuContextHelpId(WindowsProcess& p, Ptr menu, uint32_t id) {
  Menu* m = menu_or_fail(p, menu.addr);
  if (!m) return FALSE;
  m->help_id = id;
  return TRUE;
}

BOOL SetMenuItemBitmaps(WindowsProcess& p, Ptr menu, uint32_t item, uint32_t flags, Ptr unchecked, Ptr checked) {
  if (!menu_or_fail(p, menu.addr)) return FALSE;
  MenuItem* it = find_item(p, menu.addr, item, flags);
  if (!it) return fail(p, ERROR_MENU_ITEM_NOT_FOUND);
  it->checked = checked.addr & 0xffffffffu;
  it->unchecked = unchecked.addr & 0xffffffffu;
  return TRUE;
}

// The check mark's size: SM_CXMENUCHECK by SM_CYMENUCHECK.
int32_t GetMenuCheckMarkDimensions(WindowsProcess& p) {
  return static_cast<int32_t>(pack_words(system_metric(p, 71), system_metric(p, 72)));
}

Ptr LoadMenuA(WindowsProcess& p, Ptr module, Ptr name) { return Ptr(load_menu(p, module.addr, name.addr, false)); }
Ptr LoadMenuW(WindowsProcess& p, Ptr module, Ptr name) { return Ptr(load_menu(p, module.addr, name.addr, true)); }
Ptr LoadMenuIndirectA(WindowsProcess& p, Ptr tmpl) { return Ptr(load_menu_template(p, tmpl.addr)); }
Ptr LoadMenuIndirectW(WindowsProcess& p, Ptr tmpl) { return Ptr(load_menu_template(p, tmpl.addr)); }

}  // namespace

const std::vector<Export>& menu_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateMenu", CreateMenu),
      EXPORT("CreatePopupMenu", CreatePopupMenu),
      EXPORT("DestroyMenu", DestroyMenu),
      EXPORT("IsMenu", IsMenu),
      EXPORT("AppendMenuA", AppendMenuA),
      EXPORT("AppendMenuW", AppendMenuW),
      EXPORT("InsertMenuA", InsertMenuA),
      EXPORT("InsertMenuW", InsertMenuW),
      EXPORT("InsertMenuItemA", InsertMenuItemA),
      EXPORT("InsertMenuItemW", InsertMenuItemW),
      EXPORT("ModifyMenuA", ModifyMenuA),
      EXPORT("ModifyMenuW", ModifyMenuW),
      EXPORT("DeleteMenu", DeleteMenu),
      EXPORT("RemoveMenu", RemoveMenu),
      EXPORT("GetMenuItemCount", GetMenuItemCount),
      EXPORT("GetMenuItemID", GetMenuItemID),
      EXPORT("GetMenuState", GetMenuState),
      EXPORT("GetMenuStringA", GetMenuStringA),
      EXPORT("GetMenuStringW", GetMenuStringW),
      EXPORT("GetMenuItemInfoA", GetMenuItemInfoA),
      EXPORT("GetMenuItemInfoW", GetMenuItemInfoW),
      EXPORT("SetMenuItemInfoA", SetMenuItemInfoA),
      EXPORT("SetMenuItemInfoW", SetMenuItemInfoW),
      EXPORT("GetSubMenu", GetSubMenu),
      EXPORT("CheckMenuItem", CheckMenuItem),
      EXPORT("CheckMenuRadioItem", CheckMenuRadioItem),
      EXPORT("EnableMenuItem", EnableMenuItem),
      EXPORT("SetMenuDefaultItem", SetMenuDefaultItem),
      EXPORT("GetMenuDefaultItem", GetMenuDefaultItem),
      EXPORT("GetMenuInfo", GetMenuInfo),
      EXPORT("SetMenuInfo", SetMenuInfo),
      EXPORT("GetMenuContextHelpId", GetMenuContextHelpId),
      EXPORT("SetMenuContextHelpId", SetMenuContextHelpId),
      EXPORT("SetMenuItemBitmaps", SetMenuItemBitmaps),
      EXPORT("GetMenuCheckMarkDimensions", GetMenuCheckMarkDimensions),
      EXPORT("LoadMenuA", LoadMenuA),
      EXPORT("LoadMenuW", LoadMenuW),
      EXPORT("LoadMenuIndirectA", LoadMenuIndirectA),
      EXPORT("LoadMenuIndirectW", LoadMenuIndirectW),
  };
  return e;
}

}  // namespace polyrun::shims::user32
