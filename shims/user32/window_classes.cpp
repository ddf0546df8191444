// USER32's window classes: RegisterClass(Ex), UnregisterClass, GetClassInfo(Ex), GetClassName,
// Get/SetClassLong(Ptr), and RegisterWindowMessage, whose names share the classes' atom table.
// A class is found as Windows finds it: the module's own (a NULL instance is the program's), then a
// global one (CS_GLOBALCLASS), then USER32's; names without case.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr uint32_t CS_GLOBALCLASS = 0x4000;

// WNDCLASS and WNDCLASSEX, whose fields after the first are those of WNDCLASS (and hIconSm).
struct ClassLayout {
  unsigned style, proc, cls_extra, wnd_extra, instance, icon, cursor, background, menu, name, icon_small, size;
};
ClassLayout class_layout(WindowsProcess& p, bool ex) {
  const unsigned w = p.isa->ptr, base = ex ? 4 : 0;
  ClassLayout l{};
  l.style = base;
  l.proc = (base + 4 + w - 1) / w * w;
  l.cls_extra = l.proc + w;
  l.wnd_extra = l.cls_extra + 4;
  l.instance = (l.wnd_extra + 4 + w - 1) / w * w;
  l.icon = l.instance + w;
  l.cursor = l.icon + w;
  l.background = l.cursor + w;
  l.menu = l.background + w;
  l.name = l.menu + w;
  l.icon_small = l.name + w;
  l.size = (ex ? l.icon_small : l.name) + w;
  return l;
}

uint16_t register_class(WindowsProcess& p, Ptr wc, bool ex, bool unicode) {
  if (!wc) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const ClassLayout l = class_layout(p, ex);
  if (ex && get<uint32_t>(wc.addr) != l.size) return fail(p, ERROR_INVALID_PARAMETER), 0;
  WindowManager& wm = window_manager(p);
  auto c = std::make_shared<WindowClass>();
  c->style = get<uint32_t>(wc.addr + l.style);
  c->wndproc = p.get_ptr(wc.addr + l.proc);
  c->cls_extra = get<int32_t>(wc.addr + l.cls_extra);
  c->wnd_extra = get<int32_t>(wc.addr + l.wnd_extra);
  c->instance = p.get_ptr(wc.addr + l.instance);
  c->icon = p.get_ptr(wc.addr + l.icon);
  c->cursor = p.get_ptr(wc.addr + l.cursor);
  c->background = p.get_ptr(wc.addr + l.background);
  c->menu_name = p.get_ptr(wc.addr + l.menu);
  c->icon_small = ex ? p.get_ptr(wc.addr + l.icon_small) : 0;
  c->unicode = unicode;
  if (c->cls_extra < 0 || c->wnd_extra < 0 || c->cls_extra > 40000 || c->wnd_extra > 40000)
    return fail(p, ERROR_INVALID_PARAMETER), 0;
  c->name = string_or_atom(p, p.get_ptr(wc.addr + l.name), unicode);
  if (c->name.empty()) return fail(p, ERROR_INVALID_PARAMETER), 0;
  if (!c->instance) c->instance = p.image.base;
  if (const auto old = find_class(p, c->name, c->instance, false);
      old && !old->system && (old->instance == c->instance || (old->style & CS_GLOBALCLASS))) {
    return fail(p, ERROR_CLASS_ALREADY_EXISTS), 0;
  }
  c->atom = atom_of(p, c->name);
  c->extra.assign(static_cast<size_t>(c->cls_extra), 0);
  const uint16_t atom = c->atom;
  wm.classes.insert(wm.classes.begin(), std::move(c));
  return atom;
}

uint16_t RegisterClassA(WindowsProcess& p, Ptr wc) { return register_class(p, wc, false, false); }
uint16_t RegisterClassW(WindowsProcess& p, Ptr wc) { return register_class(p, wc, false, true); }
uint16_t RegisterClassExA(WindowsProcess& p, Ptr wc) { return register_class(p, wc, true, false); }
uint16_t RegisterClassExW(WindowsProcess& p, Ptr wc) { return register_class(p, wc, true, true); }

BOOL unregister_class(WindowsProcess& p, Ptr name, Ptr instance, bool unicode) {
  WindowManager& wm = window_manager(p);
  const std::u16string n = string_or_atom(p, name.addr, unicode);
  const uint64_t inst = instance ? instance.addr : p.image.base;
  auto it = std::find_if(wm.classes.begin(), wm.classes.end(), [&](const std::shared_ptr<WindowClass>& c) {
    return !c->system && c->instance == inst && same_name(c->name, n);
  });
  if (it == wm.classes.end()) return fail(p, ERROR_CLASS_DOES_NOT_EXIST);
  if ((*it)->windows > 0) return fail(p, ERROR_CLASS_HAS_WINDOWS);
  wm.classes.erase(it);
  return TRUE;
}
BOOL UnregisterClassA(WindowsProcess& p, Ptr name, Ptr instance) { return unregister_class(p, name, instance, false); }
BOOL UnregisterClassW(WindowsProcess& p, Ptr name, Ptr instance) { return unregister_class(p, name, instance, true); }

// GetClassInfo(Ex): the class's WNDCLASS(EX); the name and menu name pointers are the ones given.
BOOL get_class_info(WindowsProcess& p, Ptr instance, Ptr name, Ptr out, bool ex, bool unicode) {
  const auto c = find_class(p, string_or_atom(p, name.addr, unicode), instance.addr, true);
  if (!c) return fail(p, ERROR_CLASS_DOES_NOT_EXIST);
  if (!out) return fail(p, ERROR_NOACCESS);
  const ClassLayout l = class_layout(p, ex);
  put<uint32_t>(out.addr + l.style, c->style);
  p.put_ptr(out.addr + l.proc, c->wndproc);
  put<int32_t>(out.addr + l.cls_extra, c->cls_extra);
  put<int32_t>(out.addr + l.wnd_extra, c->wnd_extra);
  p.put_ptr(out.addr + l.instance, c->system ? 0 : c->instance);
  p.put_ptr(out.addr + l.icon, c->icon);
  p.put_ptr(out.addr + l.cursor, c->cursor);
  p.put_ptr(out.addr + l.background, c->background);
  p.put_ptr(out.addr + l.menu, c->menu_name);
  p.put_ptr(out.addr + l.name, name.addr);
  if (ex) p.put_ptr(out.addr + l.icon_small, c->icon_small);
  return ex ? c->atom : TRUE;  // (GetClassInfoEx answers the atom)
}
BOOL GetClassInfoA(WindowsProcess& p, Ptr inst, Ptr name, Ptr out) { return get_class_info(p, inst, name, out, false, false); }
BOOL GetClassInfoW(WindowsProcess& p, Ptr inst, Ptr name, Ptr out) { return get_class_info(p, inst, name, out, false, true); }
BOOL GetClassInfoExA(WindowsProcess& p, Ptr inst, Ptr name, Ptr out) { return get_class_info(p, inst, name, out, true, false); }
BOOL GetClassInfoExW(WindowsProcess& p, Ptr inst, Ptr name, Ptr out) { return get_class_info(p, inst, name, out, true, true); }

int32_t GetClassNameA(WindowsProcess& p, Ptr hwnd, Ptr buf, int32_t size) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  return copy_text_out(p, w->cls->name, buf, size, false);
}
int32_t GetClassNameW(WindowsProcess& p, Ptr hwnd, Ptr buf, int32_t size) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  return copy_text_out(p, w->cls->name, buf, size, true);
}

// Get/SetClassLong(Ptr): negative indexes name the class's fields, others its extra bytes.
constexpr int32_t GCL_MENUNAME = -8, GCL_HBRBACKGROUND = -10, GCL_HCURSOR = -12, GCL_HICON = -14,
                  GCL_HMODULE = -16, GCL_CBWNDEXTRA = -18, GCL_CBCLSEXTRA = -20, GCL_WNDPROC = -24,
                  GCL_STYLE = -26, GCW_ATOM = -32, GCL_HICONSM = -34;

uint64_t* class_field(WindowClass& c, int32_t index) {
  switch (index) {
    case GCL_MENUNAME: return &c.menu_name;
    case GCL_HBRBACKGROUND: return &c.background;
    case GCL_HCURSOR: return &c.cursor;
    case GCL_HICON: return &c.icon;
    case GCL_HMODULE: return &c.instance;
    case GCL_WNDPROC: return &c.wndproc;
    case GCL_HICONSM: return &c.icon_small;
    default: return nullptr;
  }
}

uint64_t get_class_long(WindowsProcess& p, Ptr hwnd, int32_t index, unsigned size) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  WindowClass& c = *w->cls;
  if (index >= 0) {
    if (static_cast<size_t>(index) + size > c.extra.size()) return fail(p, ERROR_INVALID_INDEX), 0;
    uint64_t v = 0;
    std::memcpy(&v, c.extra.data() + index, size);
    return v;
  }
  switch (index) {
    case GCL_CBWNDEXTRA: return static_cast<uint32_t>(c.wnd_extra);
    case GCL_CBCLSEXTRA: return static_cast<uint32_t>(c.cls_extra);
    case GCL_STYLE: return c.style;
    case GCW_ATOM: return c.atom;
    default: break;
  }
  if (uint64_t* f = class_field(c, index)) return *f;
  return fail(p, ERROR_INVALID_INDEX), 0;
}

uint64_t set_class_long(WindowsProcess& p, Ptr hwnd, int32_t index, uint64_t value, unsigned size) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  WindowClass& c = *w->cls;
  if (index >= 0) {
    if (static_cast<size_t>(index) + size > c.extra.size()) return fail(p, ERROR_INVALID_INDEX), 0;
    uint64_t old = 0;
    std::memcpy(&old, c.extra.data() + index, size);
    std::memcpy(c.extra.data() + index, &value, size);
    return old;
  }
  uint64_t old = 0;
  switch (index) {
    case GCL_STYLE: old = c.style; c.style = static_cast<uint32_t>(value); return old;
    case GCL_CBWNDEXTRA: old = static_cast<uint32_t>(c.wnd_extra); c.wnd_extra = static_cast<int32_t>(value); return old;
    case GCL_CBCLSEXTRA: return fail(p, ERROR_INVALID_PARAMETER), 0;
    case GCW_ATOM: return fail(p, ERROR_INVALID_INDEX), 0;
    default: break;
  }
  if (uint64_t* f = class_field(c, index)) {
    old = *f;
    *f = value;
    return old;
  }
  return fail(p, ERROR_INVALID_INDEX), 0;
}

// GetClassWord/SetClassWord: a word of the class's extra bytes; a negative index is
// GetClassLong's (GCW_ATOM the atom), its low word, as wine 8.0 answers.
uint32_t GetClassWord(WindowsProcess& p, Ptr hwnd, int32_t index) {
  return static_cast<uint16_t>(get_class_long(p, hwnd, index, index < 0 ? 4 : 2));
}
uint32_t SetClassWord(WindowsProcess& p, Ptr hwnd, int32_t index, uint32_t value) {
  return static_cast<uint16_t>(set_class_long(p, hwnd, index, index < 0 ? value : value & 0xffff, index < 0 ? 4 : 2));
}
uint32_t GetClassLongA(WindowsProcess& p, Ptr hwnd, int32_t index) { return static_cast<uint32_t>(get_class_long(p, hwnd, index, 4)); }
uint32_t GetClassLongW(WindowsProcess& p, Ptr hwnd, int32_t index) { return static_cast<uint32_t>(get_class_long(p, hwnd, index, 4)); }
USize GetClassLongPtrA(WindowsProcess& p, Ptr hwnd, int32_t index) { return get_class_long(p, hwnd, index, p.isa->ptr); }
USize GetClassLongPtrW(WindowsProcess& p, Ptr hwnd, int32_t index) { return get_class_long(p, hwnd, index, p.isa->ptr); }
uint32_t SetClassLongA(WindowsProcess& p, Ptr hwnd, int32_t index, int32_t v) {
  return static_cast<uint32_t>(set_class_long(p, hwnd, index, static_cast<uint32_t>(v), 4));
}
uint32_t SetClassLongW(WindowsProcess& p, Ptr hwnd, int32_t index, int32_t v) {
  return static_cast<uint32_t>(set_class_long(p, hwnd, index, static_cast<uint32_t>(v), 4));
}
USize SetClassLongPtrA(WindowsProcess& p, Ptr hwnd, int32_t index, USize v) { return set_class_long(p, hwnd, index, v, p.isa->ptr); }
USize SetClassLongPtrW(WindowsProcess& p, Ptr hwnd, int32_t index, USize v) { return set_class_long(p, hwnd, index, v, p.isa->ptr); }

// RegisterWindowMessage: the same number for the same name (without case), from 0xC000.
uint32_t RegisterWindowMessageA(WindowsProcess& p, AStr name) {
  if (!name.addr || !*name.data()) return fail(p, ERROR_INVALID_PARAMETER), 0;
  return atom_of(p, ansi_to_utf16(name.bytes()));
}
uint32_t RegisterWindowMessageW(WindowsProcess& p, WStr name) {
  if (!name.addr || !*name.data()) return fail(p, ERROR_INVALID_PARAMETER), 0;
  return atom_of(p, name.str());
}

}  // namespace

bool same_name(const std::u16string& a, const std::u16string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char16_t x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char16_t>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char16_t>(y - 32);
    if (x != y) return false;
  }
  return true;
}

std::u16string string_or_atom(WindowsProcess& p, uint64_t s, bool unicode) {
  if (s && s < 0x10000) {
    // An atom: the class or message name it stands for, if the table has it.
    WindowManager& wm = window_manager(p);
    for (const auto& [name, atom] : wm.atoms)
      if (atom == s) return name;
    return u"#" + utf8_to_utf16(std::to_string(s));
  }
  if (!s) return {};
  return unicode ? std::u16string(reinterpret_cast<const char16_t*>(s)) : ansi_to_utf16(reinterpret_cast<const char*>(s));
}

uint16_t atom_of(WindowsProcess& p, const std::u16string& name) {
  WindowManager& wm = window_manager(p);
  for (const auto& [n, atom] : wm.atoms)
    if (same_name(n, name)) return atom;
  const uint16_t atom = wm.next_atom++;
  wm.atoms.emplace_back(name, atom);
  return atom;
}

std::shared_ptr<WindowClass> find_class(WindowsProcess& p, const std::u16string& name, uint64_t instance, bool any_module) {
  WindowManager& wm = window_manager(p);
  if (!instance) instance = p.image.base;
  std::shared_ptr<WindowClass> global, system, other;
  for (const auto& c : wm.classes) {
    if (!same_name(c->name, name)) continue;
    if (c->system) system = system ? system : c;
    else if (c->instance == instance) return c;
    else if (c->style & CS_GLOBALCLASS) global = global ? global : c;
    else other = other ? other : c;
  }
  if (global) return global;
  if (system) return system;
  return any_module ? other : nullptr;
}

int32_t copy_text_out(WindowsProcess& p, const std::u16string& text, Ptr buf, int32_t size, bool unicode) {
  if (!buf || size <= 0) return 0;
  (void)p;
  if (unicode) {
    const size_t n = std::min<size_t>(text.size(), static_cast<size_t>(size - 1));
    std::memcpy(buf.as<char16_t>(), text.data(), 2 * n);
    buf.as<char16_t>()[n] = 0;
    return static_cast<int32_t>(n);
  }
  std::string s = utf16_to_ansi(text);
  if (s.size() > static_cast<size_t>(size - 1)) s.resize(static_cast<size_t>(size - 1));
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<int32_t>(s.size());
}

const std::vector<Export>& window_class_exports() {
  static const std::vector<Export> e = {
      EXPORT("RegisterClassA", RegisterClassA),
      EXPORT("RegisterClassW", RegisterClassW),
      EXPORT("RegisterClassExA", RegisterClassExA),
      EXPORT("RegisterClassExW", RegisterClassExW),
      EXPORT("UnregisterClassA", UnregisterClassA),
      EXPORT("UnregisterClassW", UnregisterClassW),
      EXPORT("GetClassInfoA", GetClassInfoA),
      EXPORT("GetClassInfoW", GetClassInfoW),
      EXPORT("GetClassInfoExA", GetClassInfoExA),
      EXPORT("GetClassInfoExW", GetClassInfoExW),
      EXPORT("GetClassNameA", GetClassNameA),
      EXPORT("GetClassNameW", GetClassNameW),
      EXPORT("GetClassWord", GetClassWord),
      EXPORT("SetClassWord", SetClassWord),
      EXPORT("RealGetWindowClassA", GetClassNameA),
      EXPORT("RealGetWindowClassW", GetClassNameW),
      EXPORT("GetClassLongA", GetClassLongA),
      EXPORT("GetClassLongW", GetClassLongW),
      EXPORT("SetClassLongA", SetClassLongA),
      EXPORT("SetClassLongW", SetClassLongW),
      EXPORT("RegisterWindowMessageA", RegisterWindowMessageA),
      EXPORT("RegisterWindowMessageW", RegisterWindowMessageW),
      EXPORT("GetClassLongPtrA", GetClassLongPtrA),
      EXPORT("GetClassLongPtrW", GetClassLongPtrW),
      EXPORT("SetClassLongPtrA", SetClassLongPtrA),
      EXPORT("SetClassLongPtrW", SetClassLongPtrW),
  };
  return e;
}

}  // namespace polyrun::shims::user32
