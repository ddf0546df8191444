// SHLWAPI's helpers over USER32's windows and menus and GDI32's palettes: SHIsChildOrSelf (whether a
// window is another or one of its descendants), GetMenuPosFromID (a menu item's position from its
// command ID), SHSendMessageBroadcastA/W (a message to every top-level window) and
// SHCreateShellPalette (the halftone palette).
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_windows {

namespace {

using shlwapi_calls::GuestBlock;

uint64_t user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return shlwapi_calls::call(p, "user32.dll", name, args);
}

// SHIsChildOrSelf: S_OK where the child is the parent or a descendant of it (USER32's IsChild),
// S_FALSE otherwise or where either window is missing.
HRESULT SHIsChildOrSelf(WindowsProcess& p, Ptr parent, Ptr child) {
  if (!parent || !child) return S_FALSE;
  if (parent.addr == child.addr) return S_OK;
  return user32(p, "IsChild", {parent.addr, child.addr}) ? S_OK : S_FALSE;
}

// GetMenuPosFromID: the position of the item with command ID `id` among the menu's items
// (GetMenuItemInfoW by position, MIIM_ID), -1 where none has it.
int32_t GetMenuPosFromID(WindowsProcess& p, Ptr menu, uint32_t id) {
  const int32_t count = static_cast<int32_t>(user32(p, "GetMenuItemCount", {menu.addr}));
  const uint64_t size = p.isa->ptr == 8 ? 80 : 48;  // MENUITEMINFOW
  constexpr uint32_t kMiimId = 2;
  GuestBlock info(p, size);
  for (int32_t i = 0; i < count; ++i) {
    put<uint32_t>(info.addr(), static_cast<uint32_t>(size));
    put<uint32_t>(info.addr() + 4, kMiimId);
    if (user32(p, "GetMenuItemInfoW", {menu.addr, static_cast<uint32_t>(i), 1, info.addr()}) &&
        get<uint32_t>(info.addr() + 16) == id)  // wID
      return i;
  }
  return -1;
}

// SHSendMessageBroadcast: the message sent to every top-level window (SendMessageTimeout to
// HWND_BROADCAST, giving up on a hung window, two seconds at most): SendMessageTimeout's result.
template <bool Wide>
uint64_t SHSendMessageBroadcast(WindowsProcess& p, uint32_t msg, Ptr wparam, Ptr lparam) {
  constexpr uint64_t broadcast = 0xffff;  // HWND_BROADCAST
  constexpr uint64_t kAbortIfHung = 2;
  return user32(p, Wide ? "SendMessageTimeoutW" : "SendMessageTimeoutA",
                {broadcast, msg, wparam.addr, lparam.addr, kAbortIfHung, 2000, 0});
}

// SHCreateShellPalette: GDI32's halftone palette for the device context (the screen's for none).
Ptr SHCreateShellPalette(WindowsProcess& p, Ptr dc) {
  uint64_t hdc = dc.addr;
  if (!hdc) hdc = user32(p, "GetDC", {0});
  const uint64_t palette = shlwapi_calls::call(p, "gdi32.dll", "CreateHalftonePalette", {hdc});
  if (!dc) user32(p, "ReleaseDC", {0, hdc});
  return Ptr(palette);
}

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      EXPORT("SHIsChildOrSelf", SHIsChildOrSelf),
      EXPORT("GetMenuPosFromID", GetMenuPosFromID),
      EXPORT("SHSendMessageBroadcastA", SHSendMessageBroadcast<false>),
      EXPORT("SHSendMessageBroadcastW", SHSendMessageBroadcast<true>),
      EXPORT("SHCreateShellPalette", SHCreateShellPalette),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_windows
