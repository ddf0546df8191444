// SHELL32's Shell_NotifyIconW/A: the notification area's icons, kept per process as Windows' shell
// keeps them — each named by its window and ID (or by its GUID with NIF_GUID), added once
// (NIM_ADD), changed (NIM_MODIFY: the message, icon, tip, state and balloon the flags name),
// removed (NIM_DELETE), given the focus (NIM_SETFOCUS) and a behaviour version (NIM_SETVERSION:
// 0, 3 or 4); an icon that exists cannot be added again, one that does not cannot be changed,
// removed or focused (FALSE). The display has no notification area of its own: the icons are kept,
// not shown (said once).
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "common/log.h"
#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"

namespace polyrun::shims::notification_area {

namespace {

constexpr uint32_t kAdd = 0, kModify = 1, kDelete = 2, kSetFocus = 3, kSetVersion = 4;
constexpr uint32_t kMessage = 0x1, kIcon = 0x2, kTip = 0x4, kState = 0x8, kInfo = 0x10, kGuid = 0x20;

struct Icon {
  uint32_t callback_message = 0, state = 0, version = 0;
  uint64_t icon = 0;
  std::u16string tip, info, info_title;
};

// Keyed by (window, ID) or, with NIF_GUID, by the GUID's bytes.
using Key = std::tuple<uint64_t, uint32_t, std::string>;
std::map<Key, Icon>& icons() {
  static std::map<Key, Icon> m;
  return m;
}

// NOTIFYICONDATA's fields for the pointer width and the character size (x64 W: hWnd 8, uID 16,
// uFlags 20, uCallbackMessage 24, hIcon 32, szTip 40 (128 characters), dwState, dwStateMask,
// szInfo (256), uVersion, szInfoTitle (64), dwInfoFlags, guidItem; x86 from 4, 4-byte aligned; the
// A form's strings one byte a character). A structure too small for a field (an older cbSize)
// does not have it.
struct Layout {
  uint32_t window, id, flags, message, icon, tip, state, state_mask, info, version, info_title, info_flags, guid;
};
Layout layout(unsigned ptr, bool wide) {
  const uint32_t c = wide ? 2 : 1;
  Layout l{};
  l.window = ptr;
  l.id = 2 * ptr;
  l.flags = l.id + 4;
  l.message = l.flags + 4;
  l.icon = (l.message + 4 + ptr - 1) / ptr * ptr;
  l.tip = l.icon + ptr;
  l.state = l.tip + 128 * c;
  l.state_mask = l.state + 4;
  l.info = l.state_mask + 4;
  l.version = l.info + 256 * c;
  l.info_title = l.version + 4;
  l.info_flags = l.info_title + 64 * c;
  l.guid = l.info_flags + 4;
  return l;
}

// A NUL-ended string of at most `max_chars` characters (the A form's in the ANSI code page).
std::u16string text_at(uint64_t at, size_t max_chars, bool wide) {
  if (wide) {
    std::u16string s;
    for (size_t i = 0; i < max_chars && get<char16_t>(at + 2 * i); ++i) s += get<char16_t>(at + 2 * i);
    return s;
  }
  std::string bytes;
  for (size_t i = 0; i < max_chars && get<uint8_t>(at + i); ++i) bytes += static_cast<char>(get<uint8_t>(at + i));
  return utf8_to_utf16(ansi_to_utf8(bytes));
}

BOOL notify_icon(WindowsProcess& p, uint32_t message, uint64_t data, bool wide) {
  if (!data) return FALSE;
  const Layout l = layout(p.isa->ptr, wide);
  const uint32_t size = get<uint32_t>(data);
  auto has = [&](uint32_t offset, uint32_t bytes) { return offset + bytes <= size; };
  if (!has(l.message, 4)) return FALSE;
  const uint32_t flags = get<uint32_t>(data + l.flags);
  Key key{p.get_ptr(data + l.window), get<uint32_t>(data + l.id), std::string()};
  if ((flags & kGuid) && has(l.guid, 16)) {
    key = Key{0, 0, std::string(static_cast<const char*>(guest_pointer(data + l.guid)), 16)};
  }
  static std::once_flag said;
  std::call_once(said, [] {
    polyrun::log().info("SHELL32: notification area icons are kept (Shell_NotifyIcon), not shown: the display has no "
                        "notification area");
  });
  auto& all = icons();
  auto it = all.find(key);
  switch (message) {
    case kAdd:
      if (it != all.end()) return FALSE;
      it = all.emplace(key, Icon{}).first;
      [[fallthrough]];
    case kModify: {
      if (it == all.end()) return FALSE;
      Icon& icon = it->second;
      if (flags & kMessage) icon.callback_message = get<uint32_t>(data + l.message);
      if ((flags & kIcon) && has(l.icon, p.isa->ptr)) icon.icon = p.get_ptr(data + l.icon);
      if ((flags & kTip) && has(l.tip, 2)) icon.tip = text_at(data + l.tip, 128, wide);
      if ((flags & kState) && has(l.state_mask, 4)) {
        const uint32_t mask = get<uint32_t>(data + l.state_mask);
        icon.state = (icon.state & ~mask) | (get<uint32_t>(data + l.state) & mask);
      }
      if ((flags & kInfo) && has(l.info_title, 2)) {
        icon.info = text_at(data + l.info, 256, wide);
        icon.info_title = text_at(data + l.info_title, 64, wide);
      }
      return TRUE;
    }
    case kDelete:
      if (it == all.end()) return FALSE;
      all.erase(it);
      return TRUE;
    case kSetFocus:
      return it != all.end();
    case kSetVersion: {
      if (it == all.end() || !has(l.version, 4)) return FALSE;
      const uint32_t version = get<uint32_t>(data + l.version);
      if (version != 0 && version != 3 && version != 4) return FALSE;
      it->second.version = version;
      return TRUE;
    }
    default:
      return FALSE;
  }
}

BOOL Shell_NotifyIconW(WindowsProcess& p, uint32_t message, Ptr data) { return notify_icon(p, message, data.addr, true); }
BOOL Shell_NotifyIconA(WindowsProcess& p, uint32_t message, Ptr data) { return notify_icon(p, message, data.addr, false); }

}  // namespace

}  // namespace polyrun::shims::notification_area

namespace polyrun::shims {
const std::vector<Export>& shell32_notification_exports() {
  using namespace notification_area;
  static const std::vector<Export> e = {
      EXPORT("Shell_NotifyIconW", Shell_NotifyIconW),
      EXPORT("Shell_NotifyIconA", Shell_NotifyIconA),
      EXPORT("Shell_NotifyIcon", Shell_NotifyIconA),
  };
  return e;
}
}  // namespace polyrun::shims
