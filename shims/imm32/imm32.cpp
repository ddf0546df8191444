// IMM32.dll as on a Windows with no input method editor installed (a keyboard layout only): every
// thread's windows share an input context (ImmGetContext gives the one a window is associated
// with, ImmAssociateContext changes it, ImmCreateContext makes more), which holds the composition
// and candidate windows' forms a program sets; no composition ever starts, so composition strings
// and candidate lists are empty, ImmNotifyIME and ImmSetCompositionString have no IME to act, and
// no keyboard layout is an IME (ImmIsIME, ImmGetIMEFileName). What SDL and other toolkits call
// when they make a window or start text input.
#include <cstring>
#include <map>
#include <mutex>

#include "shims/imm32/exports.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
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
