// USER32.dll, the clipboard: one per user session, shared by every program polyrun runs for the
// user, as Windows' is by the programs of a session (a file of the session's directory,
// core/session_directory.h, holds its formats and their data; a lock file, held from OpenClipboard
// to CloseClipboard, makes one opener at a time across processes, and within a process one thread
// at a time). Text is synthesized as Windows does: CF_UNICODETEXT, CF_TEXT and CF_OEMTEXT each
// stand for the others, with CF_LOCALE beside them. Data handles are the process heap's blocks (GlobalAlloc's): the one a
// program gives SetClipboardData becomes the clipboard's, GetClipboardData's stays the clipboard's
// until the clipboard is emptied or the program ends. The display's clipboard joins it for text
// while the process shows windows there (X11's CLIPBOARD selection, through the display back end):
// text a program of the process puts on the clipboard is offered to the display's other clients,
// and text one of them holds is the clipboard's text when a program opens or asks about it.
// The owner (the window that had it open when a program of this process last emptied it, while no
// other process has changed it since), the viewer chain and the format listeners are this
// process's windows: when a program of the process closes the clipboard after changing it, each
// listener is posted WM_CLIPBOARDUPDATE and the first viewer is sent WM_DRAWCLIPBOARD, as Windows
// does.
#include <fcntl.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/session_directory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t ERROR_CLIPBOARD_NOT_OPEN = 1418;
constexpr uint32_t CF_TEXT = 1, CF_OEMTEXT = 7, CF_UNICODETEXT = 13, CF_LOCALE = 16;
constexpr uint32_t kFirstRegistered = 0xc000;

// The session's clipboard as stored: a sequence number, the registered format names (their ids
// from 0xC000 in order), the formats and their bytes.
struct Store {
  uint32_t sequence = 0;
  uint32_t synthesized = 0;  // 1 once closed after the last change: the text formats stand in for each other
  std::vector<std::string> names;
  std::vector<std::pair<uint32_t, std::string>> formats;  // in the order set
};

// In the session's directory of the clipboard (none when there is no private one: the clipboard is
// then empty and keeps nothing).
std::string store_path() {
  static const std::string dir = session_directory("clipboard");
  return dir.empty() ? std::string() : dir + "/store";
}

// Reads and writes the store under an exclusive lock of its file.
template <class F>
void with_store(bool write, F&& f) {
  const int fd = store_path().empty() ? -1 : ::open(store_path().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  Store s;
  if (fd >= 0) {
    ::flock(fd, LOCK_EX);
    std::string bytes;
    char buf[65536];
    for (ssize_t n; (n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(bytes.size()))) > 0;) bytes.append(buf, static_cast<size_t>(n));
    size_t at = 0;
    auto u32 = [&](uint32_t& v) {
      if (at + 4 > bytes.size()) return false;
      std::memcpy(&v, bytes.data() + at, 4);
      at += 4;
      return true;
    };
    auto str = [&](std::string& v) {
      uint32_t n = 0;
      if (!u32(n) || at + n > bytes.size()) return false;
      v.assign(bytes, at, n);
      at += n;
      return true;
    };
    uint32_t count = 0;
    if (u32(s.sequence) && u32(s.synthesized) && u32(count))
      for (uint32_t i = 0; i < count; ++i) {
        std::string name;
        if (!str(name)) break;
        s.names.push_back(name);
      }
    if (u32(count))
      for (uint32_t i = 0; i < count; ++i) {
        uint32_t format = 0;
        std::string data;
        if (!u32(format) || !str(data)) break;
        s.formats.emplace_back(format, data);
      }
  }
  f(s);
  if (fd >= 0 && write) {
    std::string out;
    auto u32 = [&](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
    auto str = [&](const std::string& v) {
      u32(static_cast<uint32_t>(v.size()));
      out += v;
    };
    u32(s.sequence);
    u32(s.synthesized);
    u32(static_cast<uint32_t>(s.names.size()));
    for (const auto& n : s.names) str(n);
    u32(static_cast<uint32_t>(s.formats.size()));
    for (const auto& [format, data] : s.formats) u32(format), str(data);
    if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, out.data(), out.size(), 0);
  }
  if (fd >= 0) ::close(fd);
}

// This process's side: who has the clipboard open (its thread and window), the lock file held
// meanwhile, the owner window EmptyClipboard made, the handles GetClipboardData gave.
struct Session {
  GuestCallMutex m;
  uint32_t opener = 0;  // thread id; 0: not open here
  uint64_t window = 0;
  int lock_fd = -1;
  bool changed = false;  // emptied or set since it was opened here
  std::vector<uint64_t> given;
  uint64_t owner = 0;          // the window EmptyClipboard made the owner
  uint32_t owned_sequence = 0;  // the store's sequence after this process's last change (0: none)
  uint64_t viewer = 0;         // the first window of the viewer chain
  std::vector<uint64_t> listeners;
};
Session& session() {
  static Session s;
  return s;
}

bool is_text(uint32_t f) { return f == CF_TEXT || f == CF_OEMTEXT || f == CF_UNICODETEXT; }

// A text format's characters: CF_UNICODETEXT's UTF-16, CF_TEXT's bytes in the ANSI code page,
// CF_OEMTEXT's in the OEM one (each up to its terminator).
std::u16string text_as_utf16(uint32_t format, const std::string& d) {
  if (format == CF_UNICODETEXT) {
    std::u16string u(reinterpret_cast<const char16_t*>(d.data()), d.size() / 2);
    return u.substr(0, u.find(u'\0'));
  }
  std::u16string u;
  multibyte_to_utf16(format == CF_OEMTEXT ? kOemCodePage : kAnsiCodePage, 0, std::string_view(d.c_str()), u);
  return u;
}

// The data of a format, as stored or synthesized from another text format (each converted
// through UTF-16 from its code page to the other's); false if there is none.
bool data_of(const Store& s, uint32_t format, std::string& out) {
  for (const auto& [f, d] : s.formats)
    if (f == format) return out = d, true;
  if (!s.synthesized) return false;
  if (format == CF_LOCALE) {
    for (const auto& [f, d] : s.formats)
      if (is_text(f)) {
        const uint32_t en_us = 0x0409;
        out.assign(reinterpret_cast<const char*>(&en_us), 4);
        return true;
      }
    return false;
  }
  if (!is_text(format)) return false;
  for (const auto& [f, d] : s.formats) {
    if (!is_text(f)) continue;
    const std::u16string u = text_as_utf16(f, d);
    if (format == CF_UNICODETEXT) {
      out.assign(reinterpret_cast<const char*>(u.c_str()), (u.size() + 1) * 2);
    } else {
      utf16_to_multibyte(format == CF_OEMTEXT ? kOemCodePage : kAnsiCodePage, 0, u, nullptr, nullptr, out);
      out.push_back('\0');
    }
    return true;
  }
  return false;
}

// The formats to enumerate: those set, then the synthesized ones not set.
std::vector<uint32_t> formats_of(const Store& s) {
  std::vector<uint32_t> all;
  bool text = false;
  for (const auto& [f, d] : s.formats) all.push_back(f), text |= is_text(f);
  if (text && s.synthesized)
    for (uint32_t f : {CF_UNICODETEXT, CF_LOCALE, CF_TEXT, CF_OEMTEXT})
      if (std::find(all.begin(), all.end(), f) == all.end()) all.push_back(f);
  return all;
}

uint32_t self(WindowsProcess& p) { return p.thread().id; }

// The text another client of the display holds becomes the clipboard's (unless it is that already).
void import_display_text(WindowsProcess& p) {
  std::string utf8;
  if (!user32::display_clipboard_text(p, utf8)) return;
  const std::u16string u = utf8_to_utf16(utf8);
  const std::string bytes(reinterpret_cast<const char*>(u.c_str()), (u.size() + 1) * 2);
  with_store(true, [&](Store& st) {
    std::string now;
    if (data_of(st, CF_UNICODETEXT, now) && now == bytes) return;
    st.formats.assign({{CF_UNICODETEXT, bytes}});
    st.synthesized = 1;
    ++st.sequence;
  });
}

BOOL OpenClipboard(WindowsProcess& p, Ptr window) {
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  if (s.opener) {
    if (s.opener != self(p)) return fail(p, ERROR_ACCESS_DENIED);
    s.window = window.addr;
    return TRUE;
  }
  const int fd = store_path().empty() ? -1 : ::open((store_path() + ".open").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0) {  // another process has it open (or no session directory)
    if (fd >= 0) ::close(fd);
    return fail(p, ERROR_ACCESS_DENIED);
  }
  s.lock_fd = fd;
  s.opener = self(p);
  s.window = window.addr;
  s.changed = false;
  import_display_text(p);
  return TRUE;
}

bool open_here(WindowsProcess& p) {
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  return s.opener == self(p);
}

// The owner while the clipboard holds what this process put there last; 0 once another process
// (or another client of the display) changed it.
uint64_t current_owner() {
  Session& s = session();
  uint32_t sequence = 0;
  with_store(false, [&](Store& st) { sequence = st.sequence; });
  return s.owned_sequence && s.owned_sequence == sequence ? s.owner : 0;
}

// SendNotifyMessage's way: the procedure at once for a window of the calling thread, queued for
// another thread's without waiting.
void notify_window(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam) {
  user32::Window* w = user32::find_window(p, hwnd);
  if (!w) return;
  if (w->thread_id == p.thread().id) {
    user32::send_message(p, hwnd, msg, wparam, lparam);
    return;
  }
  if (user32::ThreadQueue* q = user32::queue_of(p, w->thread_id)) user32::queue_sent(p, *q, *w, msg, wparam, lparam, true)->notify = true;
}

constexpr uint32_t WM_DRAWCLIPBOARD = 0x308, WM_CHANGECBCHAIN = 0x30d, WM_CLIPBOARDUPDATE = 0x31d;

// After a change: WM_CLIPBOARDUPDATE posted to each listener, WM_DRAWCLIPBOARD (the owner in
// wParam) sent to the first viewer, which passes it down its chain.
void notify_change(WindowsProcess& p) {
  Session& s = session();
  std::vector<uint64_t> listeners;
  uint64_t viewer = 0, owner = 0;
  {
    std::lock_guard<GuestCallMutex> g(s.m);
    listeners = s.listeners;
    viewer = s.viewer;
    owner = current_owner();
  }
  for (uint64_t w : listeners)
    if (user32::find_window(p, w)) user32::post_message(p, w, WM_CLIPBOARDUPDATE, 0, 0);
  if (viewer) notify_window(p, viewer, WM_DRAWCLIPBOARD, owner, 0);
}

BOOL CloseClipboard(WindowsProcess& p) {
  Session& s = session();
  std::string text;
  bool offer = false, changed = false;
  {
    std::lock_guard<GuestCallMutex> g(s.m);
    if (s.opener != self(p)) return fail(p, ERROR_CLIPBOARD_NOT_OPEN);
    changed = s.changed;
    s.opener = 0;
    s.window = 0;
    // The synthesized formats appear once the clipboard is closed (Windows' "Synthesized Clipboard
    // Formats": it converts when the data is asked for, after the owner closed the clipboard).
    with_store(true, [&](Store& st) {
      st.synthesized = 1;
      std::string u;
      if (s.changed && data_of(st, CF_UNICODETEXT, u)) {
        std::u16string w(reinterpret_cast<const char16_t*>(u.data()), u.size() / 2);
        text = utf16_to_utf8(w.substr(0, w.find(u'\0')));
        offer = true;
      }
    });
    s.changed = false;
    ::close(s.lock_fd);
    s.lock_fd = -1;
  }
  // Text put there by a program of this process: the display's clipboard's too.
  if (offer) user32::display_offer_clipboard_text(p, text);
  if (changed) notify_change(p);
  return TRUE;
}

void free_given(WindowsProcess& p) {
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  for (uint64_t h : s.given) p.heap.free(h);
  s.given.clear();
}

BOOL EmptyClipboard(WindowsProcess& p) {
  if (!open_here(p)) return fail(p, ERROR_CLIPBOARD_NOT_OPEN);
  free_given(p);
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  s.changed = true;
  s.owner = s.window;
  with_store(true, [&](Store& st) {
    st.formats.clear();
    st.synthesized = 0;
    s.owned_sequence = ++st.sequence;
  });
  return TRUE;
}

// SetClipboardData(format, data): the block's bytes become the format's; the block is the
// clipboard's (freed here). A null handle (delayed rendering) needs a window to render: refused.
Ptr SetClipboardData(WindowsProcess& p, uint32_t format, Ptr data) {
  if (!open_here(p)) return Ptr(fail(p, ERROR_CLIPBOARD_NOT_OPEN));
  if (!format || !data || !p.heap.owns(data.addr)) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const std::string bytes(reinterpret_cast<const char*>(guest_pointer(data.addr)), p.heap.size(data.addr));
  {
    Session& s = session();
    std::lock_guard<GuestCallMutex> g(s.m);
    s.changed = true;
    with_store(true, [&](Store& st) {
      for (auto it = st.formats.begin(); it != st.formats.end();)
        it = it->first == format ? st.formats.erase(it) : it + 1;
      st.formats.emplace_back(format, bytes);
      st.synthesized = 0;
      const bool owned = s.owned_sequence == st.sequence;
      ++st.sequence;
      if (owned) s.owned_sequence = st.sequence;
    });
  }
  p.heap.free(data.addr);
  // (the handle given back is the program's no more; Windows returns it all the same)
  return data;
}

Ptr GetClipboardData(WindowsProcess& p, uint32_t format) {
  if (!open_here(p)) return Ptr(fail(p, ERROR_CLIPBOARD_NOT_OPEN));
  std::string bytes;
  bool found = false;
  with_store(false, [&](Store& st) { found = data_of(st, format, bytes); });
  if (!found) return Ptr(0);
  const uint64_t h = p.heap.alloc(std::max<size_t>(bytes.size(), 1));
  if (!h) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  std::memcpy(guest_pointer(h), bytes.data(), bytes.size());
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  s.given.push_back(h);
  return Ptr(h);
}

BOOL IsClipboardFormatAvailable(WindowsProcess& p, uint32_t format) {
  if (!open_here(p)) import_display_text(p);
  std::string bytes;
  bool found = false;
  with_store(false, [&](Store& st) { found = data_of(st, format, bytes); });
  p.set_last_error(0);
  return found ? TRUE : FALSE;
}

int32_t CountClipboardFormats(WindowsProcess& p) {
  if (!open_here(p)) import_display_text(p);
  size_t n = 0;
  with_store(false, [&](Store& st) { n = formats_of(st).size(); });
  p.set_last_error(0);
  return static_cast<int32_t>(n);
}

// EnumClipboardFormats(previous): the format after `previous` (0: the first); 0 at the end, with
// no error.
uint32_t EnumClipboardFormats(WindowsProcess& p, uint32_t previous) {
  if (!open_here(p)) return fail(p, ERROR_CLIPBOARD_NOT_OPEN);
  std::vector<uint32_t> all;
  with_store(false, [&](Store& st) { all = formats_of(st); });
  p.set_last_error(0);
  if (!previous) return all.empty() ? 0 : all.front();
  for (size_t i = 0; i + 1 < all.size(); ++i)
    if (all[i] == previous) return all[i + 1];
  return 0;
}

uint32_t GetClipboardSequenceNumber(WindowsProcess&) {
  uint32_t n = 0;
  with_store(false, [&](Store& st) { n = st.sequence; });
  return n;
}

// RegisterClipboardFormat(name): the session's id for the name (case-insensitive), from 0xC000.
uint32_t register_format(WindowsProcess& p, const std::string& name) {
  if (name.empty()) return fail(p, ERROR_INVALID_NAME);
  uint32_t id = 0;
  with_store(true, [&](Store& st) {
    for (size_t i = 0; i < st.names.size() && !id; ++i)
      if (strcasecmp(st.names[i].c_str(), name.c_str()) == 0) id = kFirstRegistered + static_cast<uint32_t>(i);
    if (!id) {
      st.names.push_back(name);
      id = kFirstRegistered + static_cast<uint32_t>(st.names.size() - 1);
    }
  });
  return id;
}
uint32_t RegisterClipboardFormatW(WindowsProcess& p, WStr name) { return register_format(p, name.addr ? utf16_to_utf8(name.str()) : ""); }
uint32_t RegisterClipboardFormatA(WindowsProcess& p, AStr name) { return register_format(p, name.addr ? name.str() : ""); }

// GetClipboardFormatName(format, buffer, size): a registered format's name (the characters
// copied); 0 for a predefined or unknown format.
int32_t format_name(WindowsProcess& p, uint32_t format, Ptr buf, int32_t size, bool wide) {
  std::string name;
  with_store(false, [&](Store& st) {
    if (format >= kFirstRegistered && format - kFirstRegistered < st.names.size()) name = st.names[format - kFirstRegistered];
  });
  if (name.empty()) return fail(p, ERROR_INVALID_PARAMETER);
  if (size <= 0) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (wide) {
    std::u16string u = utf8_to_utf16(name).substr(0, static_cast<size_t>(size - 1));
    std::memcpy(buf.as<char16_t>(), u.c_str(), (u.size() + 1) * 2);
    return static_cast<int32_t>(u.size());
  }
  name = utf8_to_ansi(name).substr(0, static_cast<size_t>(size - 1));
  std::memcpy(buf.as<char>(), name.c_str(), name.size() + 1);
  return static_cast<int32_t>(name.size());
}
int32_t GetClipboardFormatNameW(WindowsProcess& p, uint32_t format, Ptr buf, int32_t size) { return format_name(p, format, buf, size, true); }
int32_t GetClipboardFormatNameA(WindowsProcess& p, uint32_t format, Ptr buf, int32_t size) { return format_name(p, format, buf, size, false); }

// The window that has the clipboard open in this process (none elsewhere: windows of other
// processes are not known here).
Ptr GetOpenClipboardWindow(WindowsProcess&) {
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  return Ptr(s.opener ? s.window : 0);
}

Ptr GetClipboardOwner(WindowsProcess&) {
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  return Ptr(current_owner());
}

Ptr GetClipboardViewer(WindowsProcess&) {
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  return Ptr(s.viewer);
}

// SetClipboardViewer(window): the window heads the viewer chain (null: the chain is emptied); the
// window it follows is returned (the program keeps it, to pass messages on), and the window is
// sent WM_DRAWCLIPBOARD with the owner at once.
Ptr SetClipboardViewer(WindowsProcess& p, Ptr window) {
  if (window && !user32::window_or_fail(p, window.addr)) return Ptr(0);
  Session& s = session();
  uint64_t previous = 0, owner = 0;
  {
    std::lock_guard<GuestCallMutex> g(s.m);
    previous = s.viewer;
    owner = current_owner();
    s.viewer = window.addr;
  }
  if (window) notify_window(p, window.addr, WM_DRAWCLIPBOARD, owner, 0);
  return Ptr(previous);
}

// ChangeClipboardChain(removed, next): the removed window leaves the chain. At its head, `next`
// takes its place; further down, the head is sent WM_CHANGECBCHAIN (removed, next) to pass along
// the chain, and the call succeeds when it answers 0. FALSE without an error for no window.
BOOL ChangeClipboardChain(WindowsProcess& p, Ptr removed, Ptr next) {
  if (!removed) return FALSE;
  if (!user32::window_or_fail(p, removed.addr)) return FALSE;
  if (next && !user32::window_or_fail(p, next.addr)) return FALSE;
  Session& s = session();
  uint64_t viewer = 0;
  {
    std::lock_guard<GuestCallMutex> g(s.m);
    if ((s.viewer & 0xffffffffu) == (removed.addr & 0xffffffffu)) {
      s.viewer = next.addr;
      return TRUE;
    }
    viewer = s.viewer;
  }
  if (!viewer) return TRUE;
  return user32::send_message(p, viewer, WM_CHANGECBCHAIN, removed.addr, next.addr) == 0;
}

// AddClipboardFormatListener(window): the window is posted WM_CLIPBOARDUPDATE at each change;
// ERROR_INVALID_PARAMETER when it is a listener already (or, for Remove, is none).
BOOL AddClipboardFormatListener(WindowsProcess& p, Ptr window) {
  if (!user32::window_or_fail(p, window.addr)) return FALSE;
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  for (uint64_t w : s.listeners)
    if ((w & 0xffffffffu) == (window.addr & 0xffffffffu)) return fail(p, ERROR_INVALID_PARAMETER);
  s.listeners.push_back(window.addr);
  return TRUE;
}

BOOL RemoveClipboardFormatListener(WindowsProcess& p, Ptr window) {
  if (!user32::window_or_fail(p, window.addr)) return FALSE;
  Session& s = session();
  std::lock_guard<GuestCallMutex> g(s.m);
  for (auto it = s.listeners.begin(); it != s.listeners.end(); ++it)
    if ((*it & 0xffffffffu) == (window.addr & 0xffffffffu)) {
      s.listeners.erase(it);
      return TRUE;
    }
  return fail(p, ERROR_INVALID_PARAMETER);
}

// GetUpdatedClipboardFormats(formats, size, *count): the clipboard's formats (synthesized ones
// included) whether it is open or not, their number in *count; ERROR_INSUFFICIENT_BUFFER (the
// number still given) when they do not fit, ERROR_NOACCESS without *count or, for formats to
// give, without the array.
BOOL GetUpdatedClipboardFormats(WindowsProcess& p, Ptr formats, uint32_t size, Ptr count) {
  if (!count) return fail(p, ERROR_NOACCESS);
  if (!open_here(p)) import_display_text(p);
  std::vector<uint32_t> all;
  with_store(false, [&](Store& st) { all = formats_of(st); });
  put<uint32_t>(count.addr, static_cast<uint32_t>(all.size()));
  if (all.empty()) return TRUE;
  if (!formats) return fail(p, ERROR_NOACCESS);
  if (all.size() > size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  for (size_t i = 0; i < all.size(); ++i) put<uint32_t>(formats.addr + 4 * i, all[i]);
  return TRUE;
}

// GetPriorityClipboardFormat(list, count): the first of the list the clipboard has; 0 when it is
// empty, -1 when it has none of them.
int32_t GetPriorityClipboardFormat(WindowsProcess& p, Ptr list, int32_t count) {
  if (CountClipboardFormats(p) == 0) return 0;
  for (int32_t i = 0; i < count; ++i) {
    const uint32_t f = get<uint32_t>(list.addr + 4u * static_cast<uint32_t>(i));
    std::string bytes;
    bool found = false;
    with_store(false, [&](Store& st) { found = data_of(st, f, bytes); });
    if (found) return static_cast<int32_t>(f);
  }
  return -1;
}

}  // namespace

// These join USER32's table (user32/user32.cpp).
const std::vector<Export>& user32_clipboard_exports() {
  static const std::vector<Export> exports = {
      EXPORT("OpenClipboard", OpenClipboard),
      EXPORT("CloseClipboard", CloseClipboard),
      EXPORT("EmptyClipboard", EmptyClipboard),
      EXPORT("SetClipboardData", SetClipboardData),
      EXPORT("GetClipboardData", GetClipboardData),
      EXPORT("IsClipboardFormatAvailable", IsClipboardFormatAvailable),
      EXPORT("CountClipboardFormats", CountClipboardFormats),
      EXPORT("EnumClipboardFormats", EnumClipboardFormats),
      EXPORT("GetClipboardSequenceNumber", GetClipboardSequenceNumber),
      EXPORT("RegisterClipboardFormatW", RegisterClipboardFormatW),
      EXPORT("RegisterClipboardFormatA", RegisterClipboardFormatA),
      EXPORT("GetClipboardFormatNameW", GetClipboardFormatNameW),
      EXPORT("GetClipboardFormatNameA", GetClipboardFormatNameA),
      EXPORT("GetOpenClipboardWindow", GetOpenClipboardWindow),
      EXPORT("GetClipboardOwner", GetClipboardOwner),
      EXPORT("GetClipboardViewer", GetClipboardViewer),
      EXPORT("SetClipboardViewer", SetClipboardViewer),
      EXPORT("ChangeClipboardChain", ChangeClipboardChain),
      EXPORT("AddClipboardFormatListener", AddClipboardFormatListener),
      EXPORT("RemoveClipboardFormatListener", RemoveClipboardFormatListener),
      EXPORT("GetUpdatedClipboardFormats", GetUpdatedClipboardFormats),
      EXPORT("GetPriorityClipboardFormat", GetPriorityClipboardFormat),
  };
  return exports;
}

}  // namespace polyrun::shims
