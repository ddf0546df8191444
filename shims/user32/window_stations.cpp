// Window stations and desktops: the interactive window station WinSta0 with its desktop Default,
// which every thread starts on, and those the program creates itself (CreateWindowStation,
// CreateDesktop) — objects of this process's session, which no other process sees. Handles name
// objects: Open* and Create* give new ones, Close* end them (not the process's current window
// station: ERROR_ACCESS_DENIED; nor a desktop a thread of the process is on: ERROR_BUSY);
// GetProcessWindowStation and GetThreadDesktop give handles the system holds. A thread moves to
// another desktop with SetThreadDesktop until it has windows or hooks; the windows of a desktop
// are those of the threads on it (EnumDesktopWindows). GetUserObjectInformation tells names,
// types, flags, whether a desktop is the one taking input, its heap, and who is logged on.
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr uint32_t kErrorBusy = 170, kErrorAlreadyExists = 183, kErrorInvalidHandle = 6;
constexpr uint32_t CWF_CREATE_ONLY = 1;
enum : int32_t { UOI_FLAGS = 1, UOI_NAME = 2, UOI_TYPE = 3, UOI_USER_SID = 4, UOI_HEAPSIZE = 5, UOI_IO = 6,
                 UOI_TIMERPROC_EXCEPTION_SUPPRESSION = 7 };
constexpr uint32_t WSF_VISIBLE = 1, DF_ALLOWOTHERACCOUNTHOOK = 1;

// Object names compare without regard to case (ASCII letters, as the object manager's names here are).
std::u16string folded(const std::u16string& s) {
  std::u16string r = s;
  for (char16_t& c : r)
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  return r;
}

struct Station;
struct Desktop {
  std::u16string name;
  Station* station = nullptr;
  uint32_t flags = 0;  // USEROBJECTFLAGS' dwFlags
};
struct Station {
  std::u16string name;
  uint32_t flags = 0;
  std::vector<std::unique_ptr<Desktop>> desktops;
  Desktop* desktop(const std::u16string& n) {
    for (auto& d : desktops)
      if (folded(d->name) == folded(n)) return d.get();
    return nullptr;
  }
};
struct Handle {
  Station* station = nullptr;
  Desktop* desktop = nullptr;  // (one of the two)
  bool inherit = false;
};
struct Objects {
  std::vector<std::unique_ptr<Station>> stations;
  std::map<uint64_t, Handle> handles;
  uint64_t next = 0x2000;
  uint64_t process_station = 0;                  // the process's window station (a handle)
  std::map<uint32_t, uint64_t> thread_desktops;  // a thread's desktop (a handle), when it moved
  uint64_t system_desktop = 0;                   // the handle GetThreadDesktop gives for Default
  uint32_t made = 0;                             // unnamed window stations made
};
Objects& objects() {
  static Objects o;
  if (o.stations.empty()) {
    auto s = std::make_unique<Station>();
    s->name = u"WinSta0";
    s->flags = WSF_VISIBLE;
    auto d = std::make_unique<Desktop>();
    d->name = u"Default";
    d->station = s.get();
    s->desktops.push_back(std::move(d));
    o.process_station = o.next;
    o.handles[o.next] = Handle{s.get(), nullptr, false};
    o.next += 4;
    o.system_desktop = o.next;
    o.handles[o.next] = Handle{nullptr, s->desktops.front().get(), false};
    o.next += 4;
    o.stations.push_back(std::move(s));
  }
  return o;
}
uint64_t new_handle(Handle h) {
  Objects& o = objects();
  const uint64_t v = o.next;
  o.next += 4;
  o.handles[v] = h;
  return v;
}
Handle* handle_of(uint64_t h) {
  auto& all = objects().handles;
  auto it = all.find(h);
  return it == all.end() ? nullptr : &it->second;
}
Station* find_station(const std::u16string& name) {
  for (auto& s : objects().stations)
    if (folded(s->name) == folded(name)) return s.get();
  return nullptr;
}
Station* current_station() { return handle_of(objects().process_station)->station; }
uint64_t thread_desktop_handle(uint32_t tid) {
  auto& t = objects().thread_desktops;
  auto it = t.find(tid);
  return it == t.end() ? objects().system_desktop : it->second;
}

std::u16string text_arg(uint64_t at, bool wide) {
  if (!at) return {};
  if (wide) return std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(at)));
  return ansi_to_utf16(reinterpret_cast<const char*>(guest_pointer(at)));
}
bool inherit_of(uint64_t sa, WindowsProcess& p) { return sa && get<uint32_t>(sa + 2 * p.isa->ptr) != 0; }

// ---- window stations ----

Ptr create_station(WindowsProcess& p, uint64_t name_at, uint32_t flags, uint64_t sa, bool wide) {
  std::u16string name = text_arg(name_at, wide);
  if (name.find(u'\\') != std::u16string::npos) return p.set_last_error(ERROR_INVALID_NAME), Ptr(0);
  if (name.empty()) {  // a name of the system's choosing, as for a service's station
    char buf[40];
    std::snprintf(buf, sizeof buf, "Service-0x0-%x$", 0x3e7 + objects().made++);
    name = utf8_to_utf16(buf);
  }
  Station* s = find_station(name);
  if (s) {
    if (flags & CWF_CREATE_ONLY) return p.set_last_error(kErrorAlreadyExists), Ptr(0);
    p.set_last_error(kErrorAlreadyExists);
  } else {
    auto made = std::make_unique<Station>();
    made->name = name;
    s = made.get();
    objects().stations.push_back(std::move(made));
    p.set_last_error(0);
  }
  return Ptr(new_handle(Handle{s, nullptr, inherit_of(sa, p)}));
}
Ptr CreateWindowStationW(WindowsProcess& p, Ptr name, uint32_t flags, uint32_t, Ptr sa) { return create_station(p, name.addr, flags, sa.addr, true); }
Ptr CreateWindowStationA(WindowsProcess& p, Ptr name, uint32_t flags, uint32_t, Ptr sa) { return create_station(p, name.addr, flags, sa.addr, false); }

Ptr open_station(WindowsProcess& p, uint64_t name_at, int32_t inherit, bool wide) {
  Station* s = name_at ? find_station(text_arg(name_at, wide)) : nullptr;
  if (!s) return p.set_last_error(ERROR_FILE_NOT_FOUND), Ptr(0);
  return Ptr(new_handle(Handle{s, nullptr, inherit != 0}));
}
Ptr OpenWindowStationW(WindowsProcess& p, Ptr name, int32_t inherit, uint32_t) { return open_station(p, name.addr, inherit, true); }
Ptr OpenWindowStationA(WindowsProcess& p, Ptr name, int32_t inherit, uint32_t) { return open_station(p, name.addr, inherit, false); }

BOOL CloseWindowStation(WindowsProcess& p, Ptr h) {
  Handle* x = handle_of(h.addr);
  if (!x || !x->station) return fail(p, kErrorInvalidHandle);
  if (h.addr == objects().process_station) return fail(p, ERROR_ACCESS_DENIED);
  objects().handles.erase(h.addr);
  return TRUE;
}

Ptr GetProcessWindowStation(WindowsProcess&) { return Ptr(objects().process_station); }

BOOL SetProcessWindowStation(WindowsProcess& p, Ptr h) {
  Handle* x = handle_of(h.addr);
  if (!x || !x->station) return fail(p, kErrorInvalidHandle);
  objects().process_station = h.addr;
  return TRUE;
}

// The callback's FALSE (or another value) ends the walk and is the answer.
BOOL enum_names(WindowsProcess& p, const std::vector<std::u16string>& names, uint64_t proc, uint64_t param, bool wide) {
  if (!proc) return fail(p, ERROR_INVALID_PARAMETER);
  for (const std::u16string& n : names) {
    uint64_t at;
    if (wide) {
      at = p.heap.alloc((n.size() + 1) * 2);
      if (at) std::memcpy(guest_pointer(at), n.c_str(), (n.size() + 1) * 2);
    } else {
      const std::string a = utf16_to_ansi(n);
      at = p.heap.alloc(a.size() + 1);
      if (at) std::memcpy(guest_pointer(at), a.c_str(), a.size() + 1);
    }
    if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    const auto r = static_cast<int32_t>(p.call_guest(proc, {at, param}));
    p.heap.free(at);
    if (!r || p.stopping()) return r;
  }
  return TRUE;
}
BOOL enum_stations(WindowsProcess& p, uint64_t proc, uint64_t param, bool wide) {
  std::vector<std::u16string> names;
  for (auto& s : objects().stations) names.push_back(s->name);
  return enum_names(p, names, proc, param, wide);
}
BOOL EnumWindowStationsW(WindowsProcess& p, Ptr proc, USize param) { return enum_stations(p, proc.addr, param, true); }
BOOL EnumWindowStationsA(WindowsProcess& p, Ptr proc, USize param) { return enum_stations(p, proc.addr, param, false); }

// ---- desktops ----

Ptr create_desktop(WindowsProcess& p, uint64_t name_at, uint64_t device, uint64_t mode, uint32_t flags, uint64_t sa,
                   bool wide) {
  if (device || mode) return p.set_last_error(ERROR_INVALID_PARAMETER), Ptr(0);  // (both are reserved: NULL)
  const std::u16string name = text_arg(name_at, wide);
  if (name.empty() || name.find(u'\\') != std::u16string::npos) return p.set_last_error(ERROR_INVALID_NAME), Ptr(0);
  Station* s = current_station();
  Desktop* d = s->desktop(name);
  if (d) {
    p.set_last_error(kErrorAlreadyExists);
  } else {
    auto made = std::make_unique<Desktop>();
    made->name = name;
    made->station = s;
    made->flags = flags & DF_ALLOWOTHERACCOUNTHOOK;
    d = made.get();
    s->desktops.push_back(std::move(made));
    p.set_last_error(0);
  }
  return Ptr(new_handle(Handle{nullptr, d, inherit_of(sa, p)}));
}
Ptr CreateDesktopW(WindowsProcess& p, Ptr name, Ptr device, Ptr mode, uint32_t flags, uint32_t, Ptr sa) {
  return create_desktop(p, name.addr, device.addr, mode.addr, flags, sa.addr, true);
}
Ptr CreateDesktopA(WindowsProcess& p, Ptr name, Ptr device, Ptr mode, uint32_t flags, uint32_t, Ptr sa) {
  return create_desktop(p, name.addr, device.addr, mode.addr, flags, sa.addr, false);
}

Ptr open_desktop(WindowsProcess& p, uint64_t name_at, int32_t inherit, bool wide) {
  Desktop* d = name_at ? current_station()->desktop(text_arg(name_at, wide)) : nullptr;
  if (!d) return p.set_last_error(ERROR_FILE_NOT_FOUND), Ptr(0);
  return Ptr(new_handle(Handle{nullptr, d, inherit != 0}));
}
Ptr OpenDesktopW(WindowsProcess& p, Ptr name, uint32_t, int32_t inherit, uint32_t) { return open_desktop(p, name.addr, inherit, true); }
Ptr OpenDesktopA(WindowsProcess& p, Ptr name, uint32_t, int32_t inherit, uint32_t) { return open_desktop(p, name.addr, inherit, false); }
// The desktop that takes the user's input: WinSta0's Default.
Ptr OpenInputDesktop(WindowsProcess&, uint32_t, int32_t inherit, uint32_t) {
  return Ptr(new_handle(Handle{nullptr, objects().stations.front()->desktops.front().get(), inherit != 0}));
}

bool desktop_in_use(WindowsProcess& p, uint64_t h) {
  if (h == objects().system_desktop) return true;
  for (const auto& [tid, d] : objects().thread_desktops)
    if (d == h) return true;
  (void)p;
  return false;
}
BOOL CloseDesktop(WindowsProcess& p, Ptr h) {
  Handle* x = handle_of(h.addr);
  if (!x || !x->desktop) return fail(p, kErrorInvalidHandle);
  if (desktop_in_use(p, h.addr)) return fail(p, kErrorBusy);
  objects().handles.erase(h.addr);
  return TRUE;
}

Ptr GetThreadDesktop(WindowsProcess& p, uint32_t tid) {
  if (!tid) return p.set_last_error(ERROR_INVALID_PARAMETER), Ptr(0);
  return Ptr(thread_desktop_handle(tid));
}

// SetThreadDesktop: only a thread with no windows and no hooks moves (ERROR_BUSY otherwise).
BOOL SetThreadDesktop(WindowsProcess& p, Ptr h) {
  Handle* x = handle_of(h.addr);
  if (!x || !x->desktop) return fail(p, kErrorInvalidHandle);
  const uint32_t me = p.thread().id;
  if (h.addr == thread_desktop_handle(me)) return TRUE;
  WindowManager& wm = window_manager(p);
  for (uint64_t w : find_window(p, wm.desktop)->children)
    if (Window* win = find_window(p, w); win && win->thread_id == me) return fail(p, kErrorBusy);
  for (const Hook& hk : wm.hooks)
    if (!hk.removed && hk.thread == me) return fail(p, kErrorBusy);
  objects().thread_desktops[me] = h.addr;
  return TRUE;
}

// SwitchDesktop: only the interactive window station's desktops can take the input.
BOOL SwitchDesktop(WindowsProcess& p, Ptr h) {
  Handle* x = handle_of(h.addr);
  if (!x || !x->desktop) return fail(p, kErrorInvalidHandle);
  if (x->desktop->station != objects().stations.front().get()) return fail(p, ERROR_ACCESS_DENIED);
  return TRUE;
}

BOOL enum_desktops(WindowsProcess& p, uint64_t station, uint64_t proc, uint64_t param, bool wide) {
  Station* s = station ? (handle_of(station) ? handle_of(station)->station : nullptr) : current_station();
  if (!s) return fail(p, kErrorInvalidHandle);
  std::vector<std::u16string> names;
  for (auto& d : s->desktops) names.push_back(d->name);
  return enum_names(p, names, proc, param, wide);
}
BOOL EnumDesktopsW(WindowsProcess& p, Ptr station, Ptr proc, USize param) { return enum_desktops(p, station.addr, proc.addr, param, true); }
BOOL EnumDesktopsA(WindowsProcess& p, Ptr station, Ptr proc, USize param) { return enum_desktops(p, station.addr, proc.addr, param, false); }

// EnumDesktopWindows(desktop, proc, param): the top-level windows of the threads on the desktop
// (NULL: the calling thread's).
BOOL EnumDesktopWindows(WindowsProcess& p, Ptr desktop, Ptr proc, USize param) {
  const uint64_t h = desktop ? desktop.addr : thread_desktop_handle(p.thread().id);
  Handle* x = handle_of(h);
  if (!x || !x->desktop) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint64_t> list;
  for (uint64_t w : find_window(p, window_manager(p).desktop)->children) {
    Window* win = find_window(p, w);
    if (!win) continue;
    const Handle* on = handle_of(thread_desktop_handle(win->thread_id));
    if (on && on->desktop == x->desktop) list.push_back(w);
  }
  for (uint64_t w : list) {
    if (!find_window(p, w)) continue;
    if (!static_cast<int32_t>(p.call_guest(proc.addr, {w, param}))) return FALSE;
    if (p.stopping()) return FALSE;
  }
  return TRUE;
}

// ---- information ----

BOOL get_information(WindowsProcess& p, Ptr object, int32_t index, Ptr out, uint32_t size, Ptr needed, bool unicode) {
  Handle* x = handle_of(object.addr);
  if (!x) return fail(p, kErrorInvalidHandle);
  auto give = [&](const void* data, uint32_t bytes) {
    if (needed) put<uint32_t>(needed.addr, bytes);
    if (size < bytes || !out) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    std::memcpy(out.as<void>(), data, bytes);
    return TRUE;
  };
  const bool station = x->station != nullptr;
  switch (index) {
    case UOI_FLAGS: {  // USEROBJECTFLAGS: fInherit, fReserved, dwFlags
      const uint32_t flags[3] = {x->inherit ? 1u : 0u, 0, station ? x->station->flags : x->desktop->flags};
      return give(flags, sizeof flags);
    }
    case UOI_NAME:
    case UOI_TYPE: {
      const std::u16string s = index == UOI_NAME ? (station ? x->station->name : x->desktop->name)
                                                 : (station ? u"WindowStation" : u"Desktop");
      if (unicode) return give(s.c_str(), static_cast<uint32_t>(2 * (s.size() + 1)));
      // (The A form reports the size the name takes in UTF-16, as wine 8.0's does.)
      const std::string n = utf16_to_ansi(s);
      const uint32_t wide_bytes = static_cast<uint32_t>(2 * (s.size() + 1));
      if (needed) put<uint32_t>(needed.addr, wide_bytes);
      if (size < n.size() + 1 || !out) return fail(p, ERROR_INSUFFICIENT_BUFFER);
      std::memcpy(out.as<void>(), n.c_str(), n.size() + 1);
      return TRUE;
    }
    case UOI_USER_SID:  // no logon SID is associated with the object here: none (size 0)
      if (needed) put<uint32_t>(needed.addr, 0);
      return TRUE;
    case UOI_HEAPSIZE: {  // a desktop heap's size in KB (a window station has none)
      if (station) return fail(p, ERROR_INVALID_PARAMETER);
      const uint32_t kb = x->desktop == objects().stations.front()->desktops.front().get() ? 20480 : 12288;
      return give(&kb, 4);
    }
    case UOI_IO: {  // whether the desktop takes the user's input
      if (station) return fail(p, ERROR_INVALID_PARAMETER);
      const uint32_t io = x->desktop == objects().stations.front()->desktops.front().get() ? 1 : 0;
      return give(&io, 4);
    }
    default:
      return fail(p, ERROR_INVALID_PARAMETER);
  }
}
BOOL GetUserObjectInformationW(WindowsProcess& p, Ptr o, int32_t i, Ptr out, uint32_t size, Ptr needed) {
  return get_information(p, o, i, out, size, needed, true);
}
BOOL GetUserObjectInformationA(WindowsProcess& p, Ptr o, int32_t i, Ptr out, uint32_t size, Ptr needed) {
  return get_information(p, o, i, out, size, needed, false);
}

// SetUserObjectInformation: UOI_FLAGS (inheritance; a window station's WSF_VISIBLE, a desktop's
// DF_ALLOWOTHERACCOUNTHOOK) and UOI_TIMERPROC_EXCEPTION_SUPPRESSION (accepted: timer procedures'
// exceptions are not swallowed here either way).
BOOL set_information(WindowsProcess& p, Ptr object, int32_t index, Ptr in, uint32_t size) {
  Handle* x = handle_of(object.addr);
  if (!x) return fail(p, kErrorInvalidHandle);
  if (index == UOI_FLAGS) {
    if (size < 12 || !in) return fail(p, ERROR_INVALID_PARAMETER);
    x->inherit = get<uint32_t>(in.addr) != 0;
    const uint32_t f = get<uint32_t>(in.addr + 8);
    if (x->station) x->station->flags = f & WSF_VISIBLE;
    else x->desktop->flags = f & DF_ALLOWOTHERACCOUNTHOOK;
    return TRUE;
  }
  if (index == UOI_TIMERPROC_EXCEPTION_SUPPRESSION) {
    if (size < 4 || !in) return fail(p, ERROR_INVALID_PARAMETER);
    return TRUE;
  }
  return fail(p, ERROR_INVALID_PARAMETER);
}
BOOL SetUserObjectInformationW(WindowsProcess& p, Ptr o, int32_t i, Ptr in, uint32_t size) { return set_information(p, o, i, in, size); }
BOOL SetUserObjectInformationA(WindowsProcess& p, Ptr o, int32_t i, Ptr in, uint32_t size) { return set_information(p, o, i, in, size); }

}  // namespace

const std::vector<Export>& window_station_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateWindowStationW", CreateWindowStationW),
      EXPORT("CreateWindowStationA", CreateWindowStationA),
      EXPORT("OpenWindowStationW", OpenWindowStationW),
      EXPORT("OpenWindowStationA", OpenWindowStationA),
      EXPORT("CloseWindowStation", CloseWindowStation),
      EXPORT("GetProcessWindowStation", GetProcessWindowStation),
      EXPORT("SetProcessWindowStation", SetProcessWindowStation),
      EXPORT("EnumWindowStationsW", EnumWindowStationsW),
      EXPORT("EnumWindowStationsA", EnumWindowStationsA),
      EXPORT("CreateDesktopW", CreateDesktopW),
      EXPORT("CreateDesktopA", CreateDesktopA),
      EXPORT("OpenDesktopW", OpenDesktopW),
      EXPORT("OpenDesktopA", OpenDesktopA),
      EXPORT("OpenInputDesktop", OpenInputDesktop),
      EXPORT("CloseDesktop", CloseDesktop),
      EXPORT("GetThreadDesktop", GetThreadDesktop),
      EXPORT("SetThreadDesktop", SetThreadDesktop),
      EXPORT("SwitchDesktop", SwitchDesktop),
      EXPORT("EnumDesktopsW", EnumDesktopsW),
      EXPORT("EnumDesktopsA", EnumDesktopsA),
      EXPORT("EnumDesktopWindows", EnumDesktopWindows),
      EXPORT("GetUserObjectInformationW", GetUserObjectInformationW),
      EXPORT("GetUserObjectInformationA", GetUserObjectInformationA),
      EXPORT("SetUserObjectInformationW", SetUserObjectInformationW),
      EXPORT("SetUserObjectInformationA", SetUserObjectInformationA),
  };
  return e;
}

}  // namespace polyrun::shims::user32
