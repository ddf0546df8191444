// Window subclassing, COMCTL32's way: SetWindowSubclass (#410), GetWindowSubclass (#411),
// RemoveWindowSubclass (#412) and DefSubclassProc (#413), and the controls' own subclassing of
// another window (comctl32.h's `subclass`). A subclassed window's procedure becomes one COMCTL32
// thunk for all of it: each message goes first to the controls' hooks, then down the window's
// chain of SUBCLASSPROCs, the newest first, each passing it on with DefSubclassProc, and at the
// chain's end to the window's own procedure. The thunk is of the window's kind (as under wine, an
// ANSI window stays ANSI): the hooks and the SUBCLASSPROCs get the strings of messages as the
// window's own procedure does. A procedure is one entry per pair of
// procedure and id: set again, it only takes the new reference data. An entry added while a
// message goes down the chain is not called for that message; one removed is skipped from then
// on. When the last entry goes (and no message is in the chain), or once WM_NCDESTROY has been
// through it, the window gets its procedure back (unless the program has set another since).
#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "shims/comctl32/comctl32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32 {

namespace {

struct SubclassEntry {
  uint64_t proc, id, ref;
  bool removed = false;
};

struct SubclassedWindow {
  uint64_t proc = 0;  // the window's own procedure, and the kind of its strings
  bool unicode = true;
  std::vector<std::pair<uint64_t, SubclassHook>> hooks;  // the controls' (owner, hook)
  std::vector<SubclassEntry> chain;                      // the program's, oldest first
  int running = 0;       // messages in the chain now (nested sends)
  int64_t position = -1; // the next entry DefSubclassProc calls (by index, going down); -1: the window's procedure
};

std::map<uint64_t, SubclassedWindow>& subclassed_windows_map() {
  static std::map<uint64_t, SubclassedWindow> m;
  return m;
}

bool chain_empty(const SubclassedWindow& s) {
  return std::none_of(s.chain.begin(), s.chain.end(), [](const SubclassEntry& e) { return !e.removed; });
}

USize subclass_thunk_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp);
const Export kSubclassThunk = EXPORT("CommonControlSubclassProc", subclass_thunk_proc);

uint64_t thunk_address(WindowsProcess& p) {
  return p.export_thunk(nullptr, "COMCTL32.dll", kSubclassThunk.name, &kSubclassThunk);
}

// The window's record, made (and its procedure taken over) on first use; null for no window.
SubclassedWindow* take_over(WindowsProcess& p, uint64_t hwnd) {
  user32::Window* w = user32::find_window(p, hwnd);
  if (!w) return nullptr;
  auto [it, fresh] = subclassed_windows_map().try_emplace(hwnd);
  if (fresh) {
    it->second.proc = w->wndproc, it->second.unicode = w->unicode;
    w->wndproc = thunk_address(p);  // (w->unicode stays: the thunk is of the window's kind)
  }
  return &it->second;
}

// Forgets what was removed and, with nothing left and no message in the chain, gives the window
// its procedure back (`always`: whatever is left, at WM_NCDESTROY's end).
void tidy(WindowsProcess& p, uint64_t hwnd, bool always) {
  auto it = subclassed_windows_map().find(hwnd);
  if (it == subclassed_windows_map().end()) return;
  SubclassedWindow& s = it->second;
  if (s.running) return;
  s.chain.erase(std::remove_if(s.chain.begin(), s.chain.end(), [](const SubclassEntry& e) { return e.removed; }),
                s.chain.end());
  if (!always && (!s.chain.empty() || !s.hooks.empty())) return;
  user32::Window* w = user32::find_window(p, hwnd);
  if (w && w->wndproc == thunk_address(p)) {
    w->wndproc = s.proc, w->unicode = s.unicode;
  } else if (w && !always) {
    return;  // the program set another procedure since: the thunk may still be called through it
  }
  subclassed_windows_map().erase(it);
}

// The next entry down the chain, or the window's own procedure.
uint64_t pass_on(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wp, uint64_t lp) {
  auto it = subclassed_windows_map().find(hwnd);
  if (it == subclassed_windows_map().end()) return 0;
  SubclassedWindow& s = it->second;
  int64_t i = std::min<int64_t>(s.position, static_cast<int64_t>(s.chain.size()) - 1);
  while (i >= 0 && s.chain[static_cast<size_t>(i)].removed) --i;
  if (i < 0) {
    s.position = -1;
    return user32::call_window_proc(p, s.proc, s.unicode, hwnd, msg, wp, lp, s.unicode);
  }
  const SubclassEntry e = s.chain[static_cast<size_t>(i)];
  s.position = i - 1;
  return p.call_guest(e.proc, {hwnd, msg, wp, lp, e.id, e.ref});
}

USize subclass_thunk_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  auto it = subclassed_windows_map().find(hwnd.addr);
  if (it == subclassed_windows_map().end()) return 0;
  const auto hooks = it->second.hooks;
  for (const auto& [owner, hook] : hooks) hook(p, owner, hwnd.addr, msg, wp, lp);
  it = subclassed_windows_map().find(hwnd.addr);
  if (it == subclassed_windows_map().end()) return 0;
  SubclassedWindow& s = it->second;
  const int64_t saved = s.position;
  s.position = static_cast<int64_t>(s.chain.size()) - 1;
  ++s.running;
  const uint64_t r = pass_on(p, hwnd.addr, msg, wp, lp);
  it = subclassed_windows_map().find(hwnd.addr);
  if (it == subclassed_windows_map().end()) return r;
  --it->second.running;
  it->second.position = saved;
  tidy(p, hwnd.addr, msg == user32::WM_NCDESTROY);
  return r;
}

BOOL SetWindowSubclass(WindowsProcess& p, Ptr hwnd, Ptr proc, USize id, USize ref) {
  if (!hwnd || !proc) return FALSE;
  SubclassedWindow* s = take_over(p, hwnd.addr);
  if (!s) return FALSE;
  for (SubclassEntry& e : s->chain)
    if (!e.removed && e.proc == proc.addr && e.id == id) {
      e.ref = ref;
      return TRUE;
    }
  s->chain.push_back({proc.addr, id, ref});
  return TRUE;
}

BOOL GetWindowSubclass(WindowsProcess& p, Ptr hwnd, Ptr proc, USize id, Ptr ref_out) {
  (void)p;
  uint64_t ref = 0;
  bool found = false;
  if (auto it = subclassed_windows_map().find(hwnd.addr); it != subclassed_windows_map().end())
    for (const SubclassEntry& e : it->second.chain)
      if (!e.removed && e.proc == proc.addr && e.id == id) ref = e.ref, found = true;
  if (ref_out) p.put_ptr(ref_out.addr, ref);
  return found ? TRUE : FALSE;
}

BOOL RemoveWindowSubclass(WindowsProcess& p, Ptr hwnd, Ptr proc, USize id) {
  auto it = subclassed_windows_map().find(hwnd.addr);
  if (it == subclassed_windows_map().end()) return FALSE;
  bool found = false;
  for (SubclassEntry& e : it->second.chain)
    if (!e.removed && e.proc == proc.addr && e.id == id) e.removed = true, found = true;
  tidy(p, hwnd.addr, false);
  return found ? TRUE : FALSE;
}

USize DefSubclassProc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return pass_on(p, hwnd.addr, msg, wp, lp);
}

}  // namespace

void subclass(WindowsProcess& p, uint64_t hwnd, uint64_t owner, SubclassHook hook) {
  SubclassedWindow* s = take_over(p, hwnd);
  if (!s) return;
  for (const auto& o : s->hooks)
    if (o.first == owner && o.second == hook) return;
  s->hooks.emplace_back(owner, hook);
}

void unsubclass(WindowsProcess& p, uint64_t hwnd, uint64_t owner) {
  auto it = subclassed_windows_map().find(hwnd);
  if (it == subclassed_windows_map().end()) return;
  auto& hooks = it->second.hooks;
  hooks.erase(std::remove_if(hooks.begin(), hooks.end(), [&](const auto& o) { return o.first == owner; }), hooks.end());
  tidy(p, hwnd, false);
}

const std::vector<Export>& subclass_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetWindowSubclass", SetWindowSubclass),
      EXPORT("GetWindowSubclass", GetWindowSubclass),
      EXPORT("RemoveWindowSubclass", RemoveWindowSubclass),
      EXPORT("DefSubclassProc", DefSubclassProc),
  };
  return e;
}

}  // namespace polyrun::shims::comctl32
