// Window properties: SetProp, GetProp, RemoveProp, EnumProps(Ex). A property is named by a string
// (without case) or an atom, as Windows names them.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

std::u16string property_name(WindowsProcess& p, uint64_t name, bool unicode) {
  if (name < 0x10000) return u"#" + utf8_to_utf16(std::to_string(name));
  return string_or_atom(p, name, unicode);
}

Window::Property* find_property(Window& w, const std::u16string& name) {
  for (auto& prop : w.properties)
    if (same_name(prop.name, name)) return &prop;
  return nullptr;
}

BOOL set_prop(WindowsProcess& p, Ptr hwnd, Ptr name, Ptr value, bool unicode) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (!name) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string n = property_name(p, name.addr, unicode);
  if (Window::Property* prop = find_property(*w, n)) prop->value = value.addr;
  else w->properties.push_back({n, value.addr});
  return TRUE;
}
BOOL SetPropA(WindowsProcess& p, Ptr hwnd, Ptr name, Ptr value) { return set_prop(p, hwnd, name, value, false); }
BOOL SetPropW(WindowsProcess& p, Ptr hwnd, Ptr name, Ptr value) { return set_prop(p, hwnd, name, value, true); }

Ptr get_prop(WindowsProcess& p, Ptr hwnd, Ptr name, bool unicode) {
  Window* w = find_window(p, hwnd.addr);
  if (!w || !name) return Ptr(0);
  Window::Property* prop = find_property(*w, property_name(p, name.addr, unicode));
  return prop ? prop->value : 0;
}
Ptr GetPropA(WindowsProcess& p, Ptr hwnd, Ptr name) { return get_prop(p, hwnd, name, false); }
Ptr GetPropW(WindowsProcess& p, Ptr hwnd, Ptr name) { return get_prop(p, hwnd, name, true); }

Ptr remove_prop(WindowsProcess& p, Ptr hwnd, Ptr name, bool unicode) {
  Window* w = find_window(p, hwnd.addr);
  if (!w || !name) return Ptr(0);
  const std::u16string n = property_name(p, name.addr, unicode);
  auto it = std::find_if(w->properties.begin(), w->properties.end(), [&](const Window::Property& prop) { return same_name(prop.name, n); });
  if (it == w->properties.end()) return Ptr(0);
  const uint64_t value = it->value;
  w->properties.erase(it);
  return value;
}
Ptr RemovePropA(WindowsProcess& p, Ptr hwnd, Ptr name) { return remove_prop(p, hwnd, name, false); }
Ptr RemovePropW(WindowsProcess& p, Ptr hwnd, Ptr name) { return remove_prop(p, hwnd, name, true); }

// EnumProps(Ex): the callback gets each property's name (its string in guest memory, or the atom)
// and value, the oldest first (as wine 8.0 goes); it returns FALSE to stop. The answer is the last
// callback's, -1 with no properties.
int32_t enum_props(WindowsProcess& p, Ptr hwnd, Ptr proc, bool ex, uint64_t param, bool unicode) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w || !proc) return -1;
  const std::vector<Window::Property> props = w->properties;
  int32_t result = -1;
  for (const auto& prop : props) {
    uint64_t name = 0, temp = 0;
    if (prop.name.size() > 1 && prop.name[0] == u'#' && std::all_of(prop.name.begin() + 1, prop.name.end(), [](char16_t c) { return c >= '0' && c <= '9'; })) {
      name = std::stoul(utf16_to_utf8(prop.name.substr(1)));
    } else if (unicode) {
      temp = name = p.heap.alloc(2 * (prop.name.size() + 1));
      std::memcpy(guest_pointer(name), prop.name.c_str(), 2 * (prop.name.size() + 1));
    } else {
      const std::string n = utf16_to_ansi(prop.name);
      temp = name = p.heap.alloc(n.size() + 1);
      std::memcpy(guest_pointer(name), n.c_str(), n.size() + 1);
    }
    std::vector<uint64_t> args{hwnd.addr, name, prop.value};
    if (ex) args.push_back(param);
    result = static_cast<int32_t>(p.call_guest(proc.addr, args));
    if (temp) p.heap.free(temp);
    if (!result || p.stopping()) break;
  }
  return result;
}
int32_t EnumPropsA(WindowsProcess& p, Ptr hwnd, Ptr proc) { return enum_props(p, hwnd, proc, false, 0, false); }
int32_t EnumPropsW(WindowsProcess& p, Ptr hwnd, Ptr proc) { return enum_props(p, hwnd, proc, false, 0, true); }
int32_t EnumPropsExA(WindowsProcess& p, Ptr hwnd, Ptr proc, USize param) { return enum_props(p, hwnd, proc, true, param, false); }
int32_t EnumPropsExW(WindowsProcess& p, Ptr hwnd, Ptr proc, USize param) { return enum_props(p, hwnd, proc, true, param, true); }

}  // namespace

const std::vector<Export>& window_property_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetPropA", SetPropA),       EXPORT("SetPropW", SetPropW),       EXPORT("GetPropA", GetPropA),
      EXPORT("GetPropW", GetPropW),       EXPORT("RemovePropA", RemovePropA), EXPORT("RemovePropW", RemovePropW),
      EXPORT("EnumPropsA", EnumPropsA),   EXPORT("EnumPropsW", EnumPropsW),   EXPORT("EnumPropsExA", EnumPropsExA),
      EXPORT("EnumPropsExW", EnumPropsExW),
  };
  return e;
}

}  // namespace polyrun::shims::user32
