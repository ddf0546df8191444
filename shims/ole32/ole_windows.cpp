// OLE32.dll: OLE's helpers over USER32's windows, menus and keyboard (called by name): drop
// targets (RegisterDragDrop, RevokeDragDrop: the target kept in the window's
// "OleDropTargetInterface" property, as Windows keeps it) and the drag loop (DoDragDrop),
// accelerators (IsAccelerator,
// OleTranslateAccelerator) and in-place menu descriptors (OleCreateMenuDescriptor,
// OleDestroyMenuDescriptor: a global block of the group widths and the combined menu).
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr int32_t DRAGDROP_E_NOTREGISTERED = static_cast<int32_t>(0x80040100),
                  DRAGDROP_E_ALREADYREGISTERED = static_cast<int32_t>(0x80040101),
                  DRAGDROP_E_INVALIDHWND = static_cast<int32_t>(0x80040102);
constexpr char16_t kDropTargetProperty[] = u"OleDropTargetInterface";

// RegisterDragDrop(window, target): the window's drop target (held); E_OUTOFMEMORY outside COM
// (Windows' answer there), E_INVALIDARG without a target, DRAGDROP_E_INVALIDHWND for a window that
// is not one of the process's, DRAGDROP_E_ALREADYREGISTERED for a window that has one.
int32_t RegisterDragDrop(WindowsProcess& p, Ptr window, Ptr target) {
  if (!apartment_kind()) return com::E_OUTOFMEMORY;
  if (!target) return com::E_INVALIDARG;
  if (!user32(p, "IsWindow", {window.addr})) return DRAGDROP_E_INVALIDHWND;
  Scratch pid(p, 4);
  user32(p, "GetWindowThreadProcessId", {window.addr, pid.addr});
  if (get<uint32_t>(pid.addr) != static_cast<uint32_t>(kernel32(p, "GetCurrentProcessId", {}))) return DRAGDROP_E_INVALIDHWND;
  GuestText name(p, kDropTargetProperty);
  if (user32(p, "GetPropW", {window.addr, name.addr})) return DRAGDROP_E_ALREADYREGISTERED;
  call_method(p, target.addr, kAddRef);
  if (!user32(p, "SetPropW", {window.addr, name.addr, target.addr})) {
    call_method(p, target.addr, kRelease);
    return com::E_OUTOFMEMORY;
  }
  return com::S_OK;
}

// RevokeDragDrop(window): the target released; DRAGDROP_E_NOTREGISTERED without one.
int32_t RevokeDragDrop(WindowsProcess& p, Ptr window) {
  if (!user32(p, "IsWindow", {window.addr})) return DRAGDROP_E_INVALIDHWND;
  GuestText name(p, kDropTargetProperty);
  const uint64_t target = user32(p, "GetPropW", {window.addr, name.addr});
  if (!target) return DRAGDROP_E_NOTREGISTERED;
  user32(p, "RemovePropW", {window.addr, name.addr});
  call_method(p, target, kRelease);
  return com::S_OK;
}

// The mouse buttons and modifier keys down, as MK_* flags.
uint32_t key_state(WindowsProcess& p) {
  constexpr struct {
    uint32_t key, flag;
  } kKeys[] = {{0x01, 0x1}, {0x02, 0x2}, {0x10, 0x4}, {0x11, 0x8}, {0x04, 0x10}, {0x12, 0x20}};
  uint32_t state = 0;
  for (const auto& k : kKeys)
    if (user32(p, "GetAsyncKeyState", {k.key}) & 0x8000) state |= k.flag;
  return state;
}

// A POINT(L) by value: one slot on x64, two on i386.
std::vector<uint64_t> point_args(WindowsProcess& p, int32_t x, int32_t y) {
  const uint64_t ux = static_cast<uint32_t>(x), uy = static_cast<uint32_t>(y);
  if (p.isa->ptr == 8) return {ux | uy << 32};
  return {ux, uy};
}

// DoDragDrop(data, source, allowed, &effect): the drag loop. While the source's
// QueryContinueDrag says S_OK, the drop target under the cursor (the window's, or its nearest
// parent's) hears DragEnter, DragOver and DragLeave, its effect (within `allowed`) going to the
// source's GiveFeedback (DROPEFFECT_NONE with no target), and the thread's messages are
// dispatched. When the source says DRAGDROP_S_DROP the target, if any accepted, hears Drop (the
// effect it reports is the result); any other answer (DRAGDROP_S_CANCEL, a failure) ends it with
// DragLeave and DROPEFFECT_NONE. The source's answer is the result, or the Drop's failure.
int32_t DoDragDrop(WindowsProcess& p, Ptr data, Ptr source, uint32_t allowed, Ptr effect) {
  constexpr unsigned kQueryContinueDrag = 3, kGiveFeedback = 4, kDragEnter = 3, kDragOver = 4, kDragLeave = 5,
                     kDrop = 6;
  constexpr int32_t DRAGDROP_S_DROP = 0x00040100;
  constexpr uint32_t VK_ESCAPE = 0x1b, QS_ALLINPUT = 0x4ff, PM_REMOVE = 1, DROPEFFECT_NONE = 0;
  if (!data || !source || !effect) return com::E_INVALIDARG;
  GuestText property(p, kDropTargetProperty);
  Scratch cursor(p, 8), msg(p, 48);
  uint64_t current_window = 0, target = 0;
  for (;;) {
    user32(p, "GetCursorPos", {cursor.addr});
    const int32_t x = get<int32_t>(cursor.addr), y = get<int32_t>(cursor.addr + 4);
    const uint32_t keys = key_state(p);
    const bool escape = (user32(p, "GetAsyncKeyState", {VK_ESCAPE}) & 0x8000) != 0;
    const uint64_t window = user32(p, "WindowFromPoint", point_args(p, x, y));
    const int32_t answer = static_cast<int32_t>(call_method(p, source.addr, kQueryContinueDrag, {escape ? 1u : 0u, keys}));
    if (answer == com::S_OK) {
      if (window != current_window) {
        if (target) {
          call_method(p, target, kDragLeave);
          call_method(p, target, kRelease);
          target = 0;
        }
        current_window = window;
        for (uint64_t w = window; w && !target; w = user32(p, "GetParent", {w})) {
          target = user32(p, "GetPropW", {w, property.addr});
          if (target) call_method(p, target, kAddRef);
        }
        if (target) {
          put<uint32_t>(effect.addr, allowed);
          std::vector<uint64_t> args = {data.addr, keys};
          for (uint64_t a : point_args(p, x, y)) args.push_back(a);
          args.push_back(effect.addr);
          const int32_t hr = static_cast<int32_t>(call_method(p, target, kDragEnter, args));
          put<uint32_t>(effect.addr, get<uint32_t>(effect.addr) & allowed);
          if (hr != com::S_OK) {  // an invalid target
            call_method(p, target, kRelease);
            target = 0;
            current_window = 0;
          }
        }
      } else if (target) {
        put<uint32_t>(effect.addr, allowed);
        std::vector<uint64_t> args = {keys};
        for (uint64_t a : point_args(p, x, y)) args.push_back(a);
        args.push_back(effect.addr);
        call_method(p, target, kDragOver, args);
        put<uint32_t>(effect.addr, get<uint32_t>(effect.addr) & allowed);
      }
      if (!target) put<uint32_t>(effect.addr, DROPEFFECT_NONE);
      call_method(p, source.addr, kGiveFeedback, {get<uint32_t>(effect.addr)});
      user32(p, "MsgWaitForMultipleObjectsEx", {0, 0, 50, QS_ALLINPUT, 0});
      while (user32(p, "PeekMessageW", {msg.addr, 0, 0, 0, PM_REMOVE})) {
        user32(p, "TranslateMessage", {msg.addr});
        user32(p, "DispatchMessageW", {msg.addr});
      }
      continue;
    }
    int32_t result = answer;
    if (target) {
      if (answer == DRAGDROP_S_DROP && get<uint32_t>(effect.addr) != DROPEFFECT_NONE) {
        put<uint32_t>(effect.addr, allowed);
        std::vector<uint64_t> args = {data.addr, keys};
        for (uint64_t a : point_args(p, x, y)) args.push_back(a);
        args.push_back(effect.addr);
        const int32_t hr = static_cast<int32_t>(call_method(p, target, kDrop, args));
        put<uint32_t>(effect.addr, get<uint32_t>(effect.addr) & allowed);
        if (com::failed(hr)) result = hr;
      } else {
        call_method(p, target, kDragLeave);
        put<uint32_t>(effect.addr, DROPEFFECT_NONE);
      }
      call_method(p, target, kRelease);
    }
    return result;
  }
}

// IsAccelerator(table, count, message, &command): whether a key message (WM_KEYDOWN,
// WM_SYSKEYDOWN, WM_CHAR, WM_SYSCHAR) is one of the table's accelerators — a virtual key with the
// same Shift/Ctrl/Alt state, a character, or an Alt+character — and its command.
int32_t IsAccelerator(WindowsProcess& p, Ptr table, int32_t count, Ptr message, Ptr command) {
  constexpr uint32_t WM_KEYDOWN = 0x100, WM_CHAR = 0x102, WM_SYSKEYDOWN = 0x104, WM_SYSCHAR = 0x106;
  constexpr uint8_t FVIRTKEY = 1, FSHIFT = 4, FCONTROL = 8, FALT = 16;
  if (!message || !table || count <= 0) return 0;
  const unsigned ptr = p.isa->ptr;
  const uint32_t kind = get<uint32_t>(message.addr + ptr);
  if (kind != WM_KEYDOWN && kind != WM_SYSKEYDOWN && kind != WM_SYSCHAR && kind != WM_CHAR) return 0;
  const uint64_t wparam = p.get_ptr(message.addr + 2 * ptr), lparam = p.get_ptr(message.addr + 3 * ptr);
  Scratch entries(p, 6 * uint64_t(count));  // ACCEL: fVirt (BYTE, padded), key, cmd (WORDs)
  if (static_cast<int32_t>(user32(p, "CopyAcceleratorTableW", {table.addr, entries.addr, static_cast<uint32_t>(count)})) != count)
    return 0;
  for (int32_t i = 0; i < count; ++i) {
    const uint64_t at = entries.addr + 6 * uint64_t(i);
    const uint8_t flags = get<uint8_t>(at);
    if (get<uint16_t>(at + 2) != wparam) continue;
    bool found = false;
    if (kind == WM_CHAR) {
      found = !(flags & FALT) && !(flags & FVIRTKEY);
    } else if (flags & FVIRTKEY) {
      uint8_t mask = 0;
      if (user32(p, "GetKeyState", {0x10}) & 0x8000) mask |= FSHIFT;
      if (user32(p, "GetKeyState", {0x11}) & 0x8000) mask |= FCONTROL;
      if (user32(p, "GetKeyState", {0x12}) & 0x8000) mask |= FALT;
      found = mask == (flags & (FSHIFT | FCONTROL | FALT));
    } else {
      found = !(lparam & 0x01000000) && (flags & FALT) && (lparam & 0x20000000);
    }
    if (found) {
      if (command) put<uint16_t>(command.addr, get<uint16_t>(at + 4));
      return 1;
    }
  }
  return 0;
}

// OleTranslateAccelerator(frame, frame_info, message): a message that is one of the frame's
// accelerators goes to IOleInPlaceFrame::TranslateAccelerator; S_FALSE for any other.
int32_t OleTranslateAccelerator(WindowsProcess& p, Ptr frame, Ptr info, Ptr message) {
  constexpr unsigned kFrameTranslateAccelerator = 14;
  // OLEINPLACEFRAMEINFO: cb, fMDIApp, hwndFrame, haccel, cAccelEntries.
  const unsigned ptr = p.isa->ptr;
  const uint64_t accel = p.get_ptr(info.addr + 8 + ptr);
  const int32_t count = get<int32_t>(info.addr + 8 + 2 * ptr);
  Scratch command(p, 4);
  if (!IsAccelerator(p, Ptr(accel), count, message, Ptr(command.addr))) return com::S_FALSE;
  return static_cast<int32_t>(call_method(p, frame.addr, kFrameTranslateAccelerator, {message.addr, get<uint16_t>(command.addr)}));
}

// OleCreateMenuDescriptor(combined, widths): a global block holding the six group widths and the
// combined menu (NULL without either); OleDestroyMenuDescriptor frees it.
Ptr OleCreateMenuDescriptor(WindowsProcess& p, Ptr menu, Ptr widths) {
  if (!menu || !widths) return Ptr(0);
  const unsigned ptr = p.isa->ptr;
  constexpr uint32_t GMEM_ZEROINIT = 0x40;
  const uint64_t h = kernel32(p, "GlobalAlloc", {GMEM_MOVEABLE | GMEM_ZEROINIT, 24 + 2 * uint64_t{ptr} + 8});
  if (!h) return Ptr(0);
  const uint64_t at = kernel32(p, "GlobalLock", {h});
  std::memcpy(guest_pointer(at), guest_pointer(widths.addr), 24);
  p.put_ptr(at + 24 + ptr, menu.addr);  // after the owner window (none yet)
  kernel32(p, "GlobalUnlock", {h});
  return Ptr(h);
}
int32_t OleDestroyMenuDescriptor(WindowsProcess& p, Ptr descriptor) {
  if (descriptor) kernel32(p, "GlobalFree", {descriptor.addr});
  return com::S_OK;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_window_exports() {
  static const std::vector<Export> exports = {
      EXPORT("RegisterDragDrop", RegisterDragDrop),
      EXPORT("RevokeDragDrop", RevokeDragDrop),
      EXPORT("DoDragDrop", DoDragDrop),
      EXPORT("IsAccelerator", IsAccelerator),
      EXPORT("OleTranslateAccelerator", OleTranslateAccelerator),
      EXPORT("OleCreateMenuDescriptor", OleCreateMenuDescriptor),
      EXPORT("OleDestroyMenuDescriptor", OleDestroyMenuDescriptor),
  };
  return exports;
}

}  // namespace polyrun::shims
