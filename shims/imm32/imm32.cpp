// IMM32.dll as on a Windows with no input method editor installed (a keyboard layout only): every
// thread's windows share an input context (ImmGetContext gives the one a window is associated
// with, ImmAssociateContext changes it, ImmCreateContext makes more), which holds the composition
// and candidate windows' forms a program sets; no composition ever starts, so composition strings
// and candidate lists are empty, ImmNotifyIME and ImmSetCompositionString have no IME to act, and
// no keyboard layout is an IME (ImmIsIME, ImmGetIMEFileName). Each thread with windows has its
// default IME window (ImmGetDefaultIMEWnd): a hidden, disabled pop-up of the system class "IME",
// "Default IME", made when the thread first asks for it, which answers the IME messages with 0
// (there is no IME to pass them to). What SDL, Qt and other toolkits call when they make a window
// or start text input.
#include <cstring>
#include <map>
#include <mutex>

#include "shims/imm32/exports.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace imm32 {
namespace {

struct InputContext {
  bool open = false;
  uint32_t conversion = 0, sentence = 0;
};

struct Registry {
  GuestCallMutex lock;
  uint64_t default_context = 0;
  std::map<uint64_t, InputContext> contexts;
  std::map<uint64_t, uint64_t> associated;  // window → its context (absent: the default one)
  std::map<uint32_t, uint64_t> ime_windows;  // thread → its default IME window
};
Registry& registry() {
  static Registry r;
  return r;
}

uint64_t new_context(WindowsProcess& p) {
  const uint64_t h = p.heap.alloc(16, true);  // (a distinct address for the handle)
  if (h) registry().contexts[h] = InputContext{};
  return h;
}

uint64_t default_context(WindowsProcess& p) {
  Registry& r = registry();
  if (!r.default_context) r.default_context = new_context(p);
  return r.default_context;
}

bool known(uint64_t himc) { return himc && registry().contexts.count(himc); }

Ptr ImmGetContext(WindowsProcess& p, Ptr hwnd) {
  if (!user32::find_window(p, hwnd.addr)) return Ptr(0);  // (no last error, as wine 8.0)
  std::lock_guard<GuestCallMutex> g(registry().lock);
  auto it = registry().associated.find(hwnd.addr);
  return Ptr(it == registry().associated.end() ? default_context(p) : it->second);
}

BOOL ImmReleaseContext(WindowsProcess&, Ptr, Ptr) { return TRUE; }

Ptr ImmAssociateContext(WindowsProcess& p, Ptr hwnd, Ptr himc) {
  if (!user32::find_window(p, hwnd.addr)) return Ptr(0);
  std::lock_guard<GuestCallMutex> g(registry().lock);
  if (himc && !known(himc.addr)) return Ptr(0);
  auto it = registry().associated.find(hwnd.addr);
  const uint64_t previous = it == registry().associated.end() ? default_context(p) : it->second;
  registry().associated[hwnd.addr] = himc.addr;
  return Ptr(previous);
}

Ptr ImmCreateContext(WindowsProcess& p) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  return Ptr(new_context(p));
}

BOOL ImmDestroyContext(WindowsProcess& p, Ptr himc) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  if (!known(himc.addr) || himc.addr == registry().default_context) return FALSE;
  registry().contexts.erase(himc.addr);
  for (auto& [w, c] : registry().associated)
    if (c == himc.addr) c = 0;
  p.heap.free(himc.addr);
  return TRUE;
}

// No composition ever starts: every string is empty (0 bytes), every candidate list absent.
int32_t ImmGetCompositionStringA(WindowsProcess&, Ptr, uint32_t, Ptr, uint32_t) { return 0; }
int32_t ImmGetCompositionStringW(WindowsProcess&, Ptr, uint32_t, Ptr, uint32_t) { return 0; }
uint32_t ImmGetCandidateListA(WindowsProcess&, Ptr, uint32_t, Ptr, uint32_t) { return 0; }
uint32_t ImmGetCandidateListW(WindowsProcess&, Ptr, uint32_t, Ptr, uint32_t) { return 0; }

// No IME to act on a notification or to take a composition string.
BOOL ImmNotifyIME(WindowsProcess&, Ptr, uint32_t, uint32_t, uint32_t) { return FALSE; }
BOOL ImmSetCompositionStringA(WindowsProcess&, Ptr, uint32_t, Ptr, uint32_t, Ptr, uint32_t) { return FALSE; }
BOOL ImmSetCompositionStringW(WindowsProcess&, Ptr, uint32_t, Ptr, uint32_t, Ptr, uint32_t) { return FALSE; }

// The windows' forms are the context's to keep; with no IME there is nothing to show in them.
BOOL ImmSetCompositionWindow(WindowsProcess&, Ptr himc, Ptr form) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  return known(himc.addr) && form ? TRUE : FALSE;
}
BOOL ImmSetCandidateWindow(WindowsProcess&, Ptr himc, Ptr form) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  return known(himc.addr) && form ? TRUE : FALSE;
}

BOOL ImmGetOpenStatus(WindowsProcess&, Ptr himc) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  return known(himc.addr) && registry().contexts[himc.addr].open;
}
BOOL ImmSetOpenStatus(WindowsProcess&, Ptr himc, BOOL open) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  if (!known(himc.addr)) return FALSE;
  registry().contexts[himc.addr].open = open != 0;
  return TRUE;
}

// The "IME" class's procedure: the IME messages (WM_IME_STARTCOMPOSITION … WM_IME_COMPOSITION,
// WM_IME_SETCONTEXT … WM_IME_KEYUP) have no IME to go to and give 0; the rest is DefWindowProc's.
uint64_t ime_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  if ((msg >= 0x10d && msg <= 0x10f) || (msg >= 0x281 && msg <= 0x291)) return 0;
  return user32::def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
}

const user32::ControlClass& ime_class() {
  static const Export entry = EXPORT("ImeWndProcW", user32::control_entry<ime_proc>);
  static const user32::ControlClass c{u"IME", 0, 2 * 8, ime_proc, &entry, 32512 /* IDC_ARROW */, 0};
  return c;
}
std::vector<const user32::ControlClass*> ime_classes() { return {&ime_class()}; }
const user32::ExtraClasses kRegistered{ime_classes};

// ImmGetDefaultIMEWnd(hwnd): the default IME window of the thread of `hwnd` (of the calling thread
// with none), made now when that thread is the caller and has a window; 0 for a thread with no
// window or another thread's window that has none yet.
Ptr ImmGetDefaultIMEWnd(WindowsProcess& p, Ptr hwnd) {
  uint32_t thread = p.thread().id;
  if (hwnd) {
    const user32::Window* w = user32::find_window(p, hwnd.addr);
    if (!w) return Ptr(0);
    thread = w->thread_id;
  }
  {
    std::lock_guard<GuestCallMutex> g(registry().lock);
    auto it = registry().ime_windows.find(thread);
    if (it != registry().ime_windows.end() && user32::find_window(p, it->second)) return Ptr(it->second);
  }
  if (thread != p.thread().id) return Ptr(0);
  if (!hwnd) {
    bool has_window = false;
    for (const auto& [h, w] : user32::window_manager(p).windows) has_window = has_window || (w && w->thread_id == thread);
    if (!has_window) return Ptr(0);
  }
  constexpr uint32_t kPopupDisabled = 0x80000000u | 0x08000000u | 0x04000000u;  // WS_POPUP | WS_DISABLED | WS_CLIPSIBLINGS
  user32::GuestText cls(p, u"IME"), title(p, u"Default IME");
  const uint64_t ime = user32::create_window(p, 0, cls.at, title.at, kPopupDisabled, 0, 0, 1, 1, 0, 0, 0, 0, true);
  if (ime) {
    std::lock_guard<GuestCallMutex> g(registry().lock);
    registry().ime_windows[thread] = ime;
  }
  return Ptr(ime);
}

// ImmGetVirtualKey(hwnd): the virtual key an IME processed last into VK_PROCESSKEY; no IME ever
// processes one here: 0, as Windows NT gives for a window whose keys no IME took.
uint32_t ImmGetVirtualKey(WindowsProcess&, Ptr) { return 0; }

// No keyboard layout is an IME.
BOOL ImmIsIME(WindowsProcess&, Ptr) { return FALSE; }
uint32_t ImmGetIMEFileNameA(WindowsProcess&, Ptr, Ptr buffer, uint32_t length) {
  if (buffer && length) put<char>(buffer.addr, 0);
  return 0;
}
uint32_t ImmGetIMEFileNameW(WindowsProcess&, Ptr, Ptr buffer, uint32_t length) {
  if (buffer && length) put<char16_t>(buffer.addr, 0);
  return 0;
}

}  // namespace
}  // namespace imm32

const Dll kImm32{
    "imm32.dll",
    false,
    {
        EXPORT("ImmAssociateContext", imm32::ImmAssociateContext),
        EXPORT("ImmCreateContext", imm32::ImmCreateContext),
        EXPORT("ImmDestroyContext", imm32::ImmDestroyContext),
        EXPORT("ImmGetCandidateListA", imm32::ImmGetCandidateListA),
        EXPORT("ImmGetCandidateListW", imm32::ImmGetCandidateListW),
        EXPORT("ImmGetCompositionStringA", imm32::ImmGetCompositionStringA),
        EXPORT("ImmGetCompositionStringW", imm32::ImmGetCompositionStringW),
        EXPORT("ImmGetContext", imm32::ImmGetContext),
        EXPORT("ImmGetDefaultIMEWnd", imm32::ImmGetDefaultIMEWnd),
        EXPORT("ImmGetVirtualKey", imm32::ImmGetVirtualKey),
        EXPORT("ImmGetIMEFileNameA", imm32::ImmGetIMEFileNameA),
        EXPORT("ImmGetIMEFileNameW", imm32::ImmGetIMEFileNameW),
        EXPORT("ImmGetOpenStatus", imm32::ImmGetOpenStatus),
        EXPORT("ImmIsIME", imm32::ImmIsIME),
        EXPORT("ImmNotifyIME", imm32::ImmNotifyIME),
        EXPORT("ImmReleaseContext", imm32::ImmReleaseContext),
        EXPORT("ImmSetCandidateWindow", imm32::ImmSetCandidateWindow),
        EXPORT("ImmSetCompositionStringA", imm32::ImmSetCompositionStringA),
        EXPORT("ImmSetCompositionStringW", imm32::ImmSetCompositionStringW),
        EXPORT("ImmSetCompositionWindow", imm32::ImmSetCompositionWindow),
        EXPORT("ImmSetOpenStatus", imm32::ImmSetOpenStatus),
    },
};

}  // namespace polyrun::shims
