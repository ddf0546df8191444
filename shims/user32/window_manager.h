// USER32's window manager, without a display: window classes, windows and their tree, a message
// queue per guest thread (posted and sent messages, WM_QUIT, timers, WM_PAINT from invalid
// windows), window procedures called with their ANSI or Unicode strings. Everything here is the
// process's own (windows of other processes are not seen) and is used under the execution lock,
// as every shim runs; a thread that waits for a message releases the lock (wait_until).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/windows_process.h"
#include "shims/gdi32/geometry.h"
#include "shims/gdi32/surface.h"

namespace polyrun::shims::gdi32 {
struct DeviceContext;
class Region;
}

namespace polyrun::shims::user32 {

// USER32's errors.
enum : uint32_t {
  ERROR_INVALID_WINDOW_HANDLE = 1400, ERROR_TLW_WITH_WSCHILD = 1406, ERROR_CANNOT_FIND_WND_CLASS = 1407,
  ERROR_CLASS_ALREADY_EXISTS = 1410, ERROR_CLASS_DOES_NOT_EXIST = 1411, ERROR_CLASS_HAS_WINDOWS = 1412,
  ERROR_INVALID_INDEX = 1413, ERROR_CONTROL_ID_NOT_FOUND = 1421, ERROR_INVALID_THREAD_ID = 1444,
};
// WM_SIZE's kinds.
enum : uint32_t { SIZE_RESTORED = 0, SIZE_MINIMIZED = 1, SIZE_MAXIMIZED = 2 };
// Two 16-bit values in one 32-bit parameter (MAKELONG).
inline uint32_t pack_words(int32_t lo, int32_t hi) {
  return (static_cast<uint32_t>(lo) & 0xffff) | (static_cast<uint32_t>(hi) << 16);
}

using gdi32::Rect;

// Window messages and flags the window manager itself uses.
enum : uint32_t {
  WM_NULL = 0x0000, WM_CREATE = 0x0001, WM_DESTROY = 0x0002, WM_MOVE = 0x0003, WM_SIZE = 0x0005,
  WM_ACTIVATE = 0x0006, WM_SETFOCUS = 0x0007, WM_KILLFOCUS = 0x0008, WM_ENABLE = 0x000a,
  WM_SETREDRAW = 0x000b, WM_SETTEXT = 0x000c, WM_GETTEXT = 0x000d, WM_GETTEXTLENGTH = 0x000e,
  WM_PAINT = 0x000f, WM_CLOSE = 0x0010, WM_QUERYENDSESSION = 0x0011, WM_QUIT = 0x0012,
  WM_QUERYOPEN = 0x0013, WM_ERASEBKGND = 0x0014, WM_ENDSESSION = 0x0016, WM_SHOWWINDOW = 0x0018,
  WM_SETTINGCHANGE = 0x001a, WM_ACTIVATEAPP = 0x001c, WM_SETCURSOR = 0x0020, WM_MOUSEACTIVATE = 0x0021,
  WM_CHILDACTIVATE = 0x0022,
  WM_GETMINMAXINFO = 0x0024, WM_SETFONT = 0x0030, WM_GETFONT = 0x0031, WM_WINDOWPOSCHANGING = 0x0046,
  WM_WINDOWPOSCHANGED = 0x0047, WM_NOTIFYFORMAT = 0x0055, WM_STYLECHANGING = 0x007c,
  WM_STYLECHANGED = 0x007d, WM_GETICON = 0x007f, WM_SETICON = 0x0080, WM_NCCREATE = 0x0081,
  WM_NCDESTROY = 0x0082, WM_NCCALCSIZE = 0x0083, WM_NCHITTEST = 0x0084, WM_NCPAINT = 0x0085,
  WM_NCACTIVATE = 0x0086, WM_GETDLGCODE = 0x0087, WM_KEYDOWN = 0x0100, WM_KEYUP = 0x0101,
  WM_CHAR = 0x0102, WM_DEADCHAR = 0x0103, WM_SYSKEYDOWN = 0x0104, WM_SYSKEYUP = 0x0105,
  WM_SYSCHAR = 0x0106, WM_SYSDEADCHAR = 0x0107, WM_COMMAND = 0x0111, WM_SYSCOMMAND = 0x0112,
  WM_TIMER = 0x0113, WM_SYSTIMER = 0x0118, WM_CTLCOLORMSGBOX = 0x0132, WM_CTLCOLORSTATIC = 0x0138,
  WM_MOUSEFIRST = 0x0200, WM_MOUSEMOVE = 0x0200, WM_MOUSEWHEEL = 0x020a, WM_MOUSELAST = 0x020e, WM_PARENTNOTIFY = 0x0210, WM_USER = 0x0400,
};
constexpr uint32_t SC_CLOSE = 0xf060;  // WM_SYSCOMMAND's close
constexpr uint32_t CW_USEDEFAULT = 0x80000000u;  // CreateWindowEx's default place or size

// Window styles.
enum : uint32_t {
  WS_OVERLAPPED = 0, WS_POPUP = 0x80000000u, WS_CHILD = 0x40000000u, WS_MINIMIZE = 0x20000000u,
  WS_VISIBLE = 0x10000000u, WS_DISABLED = 0x08000000u, WS_CLIPSIBLINGS = 0x04000000u,
  WS_CLIPCHILDREN = 0x02000000u, WS_MAXIMIZE = 0x01000000u, WS_CAPTION = 0x00c00000u,
  WS_BORDER = 0x00800000u, WS_DLGFRAME = 0x00400000u, WS_VSCROLL = 0x00200000u, WS_HSCROLL = 0x00100000u,
  WS_SYSMENU = 0x00080000u, WS_THICKFRAME = 0x00040000u, WS_MINIMIZEBOX = 0x00020000u, WS_MAXIMIZEBOX = 0x00010000u,
  WS_EX_DLGMODALFRAME = 0x1, WS_EX_NOPARENTNOTIFY = 0x4, WS_EX_TOPMOST = 0x8, WS_EX_TRANSPARENT = 0x20, WS_EX_MDICHILD = 0x40,
  WS_EX_TOOLWINDOW = 0x80, WS_EX_LAYERED = 0x80000,
  WS_EX_WINDOWEDGE = 0x100, WS_EX_CLIENTEDGE = 0x200, WS_EX_STATICEDGE = 0x20000, WS_EX_APPWINDOW = 0x40000,
  WS_EX_LAYOUTRTL = 0x400000,
};
// SetWindowPos flags.
enum : uint32_t {
  SWP_NOSIZE = 0x1, SWP_NOMOVE = 0x2, SWP_NOZORDER = 0x4, SWP_NOREDRAW = 0x8, SWP_NOACTIVATE = 0x10,
  SWP_FRAMECHANGED = 0x20, SWP_SHOWWINDOW = 0x40, SWP_HIDEWINDOW = 0x80, SWP_NOCOPYBITS = 0x100,
  SWP_NOOWNERZORDER = 0x200, SWP_NOSENDCHANGING = 0x400, SWP_DEFERERASE = 0x2000,
  SWP_ASYNCWINDOWPOS = 0x4000, SWP_NOCLIENTSIZE = 0x800, SWP_NOCLIENTMOVE = 0x1000,
  SWP_STATECHANGED = 0x8000,
};

struct WindowClass {
  std::u16string name;  // as registered; a class named by atom only: "#<atom>"
  uint16_t atom = 0;
  uint32_t style = 0;
  uint64_t wndproc = 0;
  bool unicode = true;  // registered with RegisterClass…W
  int32_t cls_extra = 0, wnd_extra = 0;
  uint64_t instance = 0, icon = 0, cursor = 0, background = 0, icon_small = 0;
  uint64_t menu_name = 0;  // the pointer or resource id RegisterClass got
  std::vector<uint8_t> extra;
  bool system = false;  // one of USER32's own (found whatever module asks)
  int windows = 0;      // windows of the class that exist
};

struct ControlState;  // a standard control's own state (user32/controls.h)

struct Window {
  uint64_t handle = 0;
  std::shared_ptr<WindowClass> cls;
  uint64_t parent = 0, owner = 0;
  std::vector<uint64_t> children;  // in z-order, the topmost first
  uint32_t style = 0, ex_style = 0;
  Rect window, client;  // in the parent's client coordinates (the screen's for top-level windows)
  std::u16string text;
  uint64_t wndproc = 0;
  bool unicode = true;
  uint64_t id = 0;  // a child's id (GWLP_ID), or a top-level window's menu
  uint64_t instance = 0, user_data = 0;
  std::vector<uint8_t> extra;
  uint32_t thread_id = 0;
  struct Property {
    std::u16string name;  // "#<atom>" for an atom
    uint64_t value;
  };
  std::vector<Property> properties;
  bool need_size = false;   // WM_SIZE/WM_MOVE wait for the first ShowWindow (top-level windows)
  // Maximized or minimized (WS_MAXIMIZE, WS_MINIMIZE): the rectangle it is restored to, and whether
  // a minimized window was maximized before (restored so).
  Rect normal;
  bool restore_maximized = false;
  int32_t max_x = 0, max_y = 0;  // a maximized window's place (WM_GETMINMAXINFO's ptMaxPosition for it)
  bool sizes_known = false;      // minimizing or restoring: SetWindowPos asks no WM_GETMINMAXINFO
  Rect update;              // what needs painting, in client coordinates (empty: nothing)
  bool erase = false;       // and whether its background needs erasing
  uint64_t icon_big = 0, icon_small = 0;  // WM_SETICON's
  // SetLayeredWindowAttributes: the colour key, the alpha and which of them apply (0: never set).
  uint32_t layered_key = 0, layered_flags = 0;
  uint8_t layered_alpha = 0;
  bool frame_dirty = false;  // the non-client area needs WM_NCPAINT
  // A top-level window's pixels (it and its children draw there: user32/window_dcs.cpp), made at
  // the first drawing and again when its size changes; a CS_OWNDC window's own DC.
  std::shared_ptr<gdi32::Surface> surface;
  uint64_t own_dc = 0;
  std::shared_ptr<ControlState> control;  // a standard control's or dialog's state
  // SetWindowRgn's region (window coordinates, as the program gave it; null: none), the window's
  // own copy (user32/window_regions.cpp).
  std::shared_ptr<const gdi32::Region> region;
};

struct Message {
  uint64_t hwnd = 0;
  uint32_t message = 0;
  uint64_t wparam = 0, lparam = 0;
  uint32_t time = 0;
  int32_t x = 0, y = 0;
  // A key message of the display's: the modifiers as they were (kShift …) with kKeyInput; the
  // thread's key state follows it when the message is taken (apply_key_input), as Windows' does.
  uint8_t input = 0;
};
// Modifier keys.
enum : uint32_t { VK_SHIFT = 0x10, VK_CONTROL = 0x11, VK_MENU = 0x12 };
enum : uint8_t { kKeyInput = 0x80, kShift = 1, kControl = 2, kAlt = 4, kCapsLock = 8 };
struct ThreadQueue;
// Brings the thread's key state to where it was when the key message `m` happened.
void apply_key_input(ThreadQueue& q, const Message& m);

// CREATESTRUCT: lpCreateParams, hInstance, hMenu, hwndParent, cy, cx, y, x, style (`ints`: the
// offset of cy), lpszName, lpszClass, dwExStyle; pointers as wide as the ISA's.
struct CreateStructLayout {
  unsigned ints, name, cls, ex_style, size;
};
CreateStructLayout create_struct_layout(WindowsProcess& p);

// A message one thread sent to another's window: the sender waits for `done` (unless it only
// notified), receiving messages sent to it meanwhile.
struct SentMessage {
  Message msg;
  bool unicode = true;  // the sender's strings (SendMessageW)
  bool notify = false;  // SendNotifyMessage: nobody waits
  bool done = false;
  uint64_t result = 0;
  uint64_t callback = 0, callback_data = 0;  // SendMessageCallback
  uint32_t sender = 0;
};

struct Timer {
  uint64_t hwnd = 0, id = 0, proc = 0;
  uint32_t elapse_ms = 0;
  std::chrono::steady_clock::time_point due;
  bool system = false;  // SetSystemTimer: WM_SYSTIMER
};

// A mouse event of the display, as it comes (screen coordinates): the thread whose top-level
// window it happened in turns it into a message when it looks for one (user32/mouse_input.cpp).
struct RawMouse {
  enum Kind { Move, Down, Up, Wheel } kind = Move;
  int button = 0;  // 1 left, 2 middle, 3 right, 4 X1, 5 X2
  int32_t x = 0, y = 0, wheel = 0;
  uint32_t time = 0;
  uint64_t top = 0;  // the top-level window it happened in
};

// A thread's input state: its focus, active window and capture, key state and mouse buttons held.
// Each thread has its own, and threads joined by AttachThreadInput share one (user32/attached_input.cpp),
// as Windows' threads share their input processing; the caret goes with it (user32/caret.cpp).
struct InputState {
  uint64_t id = 0;  // a number no other input state of the process has had (the key of its caret)
  uint64_t focus = 0, active = 0, capture = 0;
  std::array<uint8_t, 256> keys{};  // the key state (SetKeyboardState, and the display's keys)
  uint32_t buttons = 0;             // MK_ bits of the mouse buttons held (as taken)
};

struct ThreadQueue {
  uint32_t thread_id = 0;
  std::shared_ptr<InputState> input;  // its own (new_input_state), or one it shares
  std::deque<Message> posted;
  std::deque<std::shared_ptr<SentMessage>> sent;      // sent to this thread, not yet received
  std::vector<std::shared_ptr<SentMessage>> receiving;  // being handled, the innermost last
  std::deque<std::shared_ptr<SentMessage>> answered;    // SendMessageCallback's, for its callback
  std::vector<Timer> timers;
  bool quit = false;
  int32_t quit_code = 0;
  Message last;  // the last message GetMessage/PeekMessage returned (GetMessageTime, GetMessagePos)
  uint64_t extra_info = 0;
  uint32_t changed = 0;  // QS_* bits new since the last GetQueueStatus
  int64_t dpi_context = 0;  // SetThreadDpiAwarenessContext's (0: the process's)
  std::deque<RawMouse> mouse;       // the display's mouse events not yet taken
  // USER32's own calls owed to the thread, made as the messages sent to it are received: its
  // out-of-context WinEvent hooks (user32/win_events.cpp), the session's end (user32/session_end.cpp).
  std::deque<std::function<void(WindowsProcess&)>> owed;
};

// A hook SetWindowsHookEx set (user32/hooks.cpp).
struct Hook {
  uint64_t handle = 0;
  int32_t type = 0;
  uint64_t proc = 0;
  uint32_t thread = 0;  // 0: every thread of the process
  bool unicode = true;
  bool removed = false;  // unhooked while a chain was being walked
};
enum : int32_t {
  WH_GETMESSAGE = 3, WH_CALLWNDPROC = 4, WH_CBT = 5, WH_CALLWNDPROCRET = 12,
  HCBT_CREATEWND = 3, HCBT_DESTROYWND = 4, HCBT_ACTIVATE = 5, HCBT_SETFOCUS = 9,
};

struct WindowManager {
  std::map<uint64_t, std::shared_ptr<Window>> windows;
  std::vector<std::shared_ptr<WindowClass>> classes;  // the program's, then USER32's own
  std::map<uint32_t, std::shared_ptr<ThreadQueue>> queues;
  uint64_t desktop = 0, message_root = 0;
  uint64_t foreground = 0;  // the active window of the thread in the foreground
  uint32_t next_window = 0;
  std::vector<std::pair<std::u16string, uint16_t>> atoms;  // class and message names (from 0xC000)
  uint16_t next_atom = 0xc000;
  uint64_t next_thread_timer = 0x7fff;  // ids of timers without a window
  Rect screen{0, 0, 1024, 768};
  std::shared_ptr<gdi32::Surface> screen_surface;  // the desktop's pixels (GetDC(NULL))
  std::vector<Hook> hooks;  // the newest first
  int hook_depth = 0;       // hook procedures running (unhooked entries stay until none runs)
};

// The process's window manager (made with the desktop window at the first use), and a new window
// handle.
WindowManager& window_manager(WindowsProcess& p);
uint64_t new_window_handle(WindowManager& wm);
// The window a handle names (a 16-bit handle as a full one), or null.
Window* find_window(WindowsProcess& p, uint64_t hwnd);
// The same, setting ERROR_INVALID_WINDOW_HANDLE when there is none.
Window* window_or_fail(WindowsProcess& p, uint64_t hwnd);
// The calling thread's queue (made at its first use of USER32), or another thread's (null if it has none).
ThreadQueue& own_queue(WindowsProcess& p);
// A thread's input state as it starts: no focus, no active window, no capture, no key down.
std::shared_ptr<InputState> new_input_state();
ThreadQueue* queue_of(WindowsProcess& p, uint32_t thread_id);
// A handle as the program passes it, sign-extended from 32 bits (HWND_MESSAGE is -3).
int64_t signed_handle(WindowsProcess& p, uint64_t h);

// Calls a window procedure with a message; `caller_unicode` says whose strings its parameters hold
// (they are converted for a procedure of the other kind: WM_SETTEXT, WM_GETTEXT, WM_CREATE …).
uint64_t call_window_proc(WindowsProcess& p, uint64_t proc, bool proc_unicode, uint64_t hwnd, uint32_t msg,
                          uint64_t wparam, uint64_t lparam, bool caller_unicode);
// SendMessage: the window's procedure on its own thread, the caller waiting (and receiving what is
// sent to it meanwhile) when that is another thread. 0 for a window that does not exist.
uint64_t send_message(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam,
                      bool unicode = true);
// PostMessage to a window's thread (hwnd 0: the calling thread's own queue).
bool post_message(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam);
// PostMessage from outside the program's threads (a thread of polyrun's own, holding the execution
// lock: WS2_32's WSAAsyncSelect messages): no calling thread, no last error; false for a window
// that is no more.
bool post_message_from_outside(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam);
void post_to_queue(WindowsProcess& p, ThreadQueue& q, const Message& m);
// A message sent to another thread's window, queued for that thread (which `q` is) and its
// waiters woken; the caller waits for it or not.
std::shared_ptr<SentMessage> queue_sent(WindowsProcess& p, ThreadQueue& q, const Window& w, uint32_t msg,
                                        uint64_t wparam, uint64_t lparam, bool unicode);
// A modal loop's GetMessage, TranslateMessage and DispatchMessage (user32/messages.cpp): the
// calling thread's next message, waiting for one (false for WM_QUIT or the process's end); the
// character message a key press makes, queued next (false: not a key message); the message
// given to its window's procedure (a timer's procedure for WM_TIMER with one).
bool wait_message(WindowsProcess& p, Message& out);
// PeekMessage(PM_REMOVE) of any message: false when none is waiting.
bool poll_message(WindowsProcess& p, Message& out);
bool translate_message(WindowsProcess& p, const Message& m);
uint64_t dispatch_message(WindowsProcess& p, const Message& m, bool unicode);
// Receives the messages other threads sent the calling thread; true if there were any.
bool receive_sent_messages(WindowsProcess& p);

// Windows of the calling thread's (or every) window in the tree below `root`, depth first.
std::vector<uint64_t> descendants(WindowsProcess& p, uint64_t root);
bool is_descendant(WindowsProcess& p, uint64_t parent, uint64_t hwnd);
// A window's rectangles in screen coordinates.
Rect screen_rect(WindowsProcess& p, const Window& w);
Rect client_screen_rect(WindowsProcess& p, const Window& w);
// The origin of a window's client area on the screen (0, 0 for the desktop or none).
void client_origin(WindowsProcess& p, uint64_t hwnd, int32_t& x, int32_t& y);
// Whether a window and every ancestor up to the desktop have WS_VISIBLE.
bool visible(WindowsProcess& p, uint64_t hwnd);

// The window's shape on the screen (user32/window_regions.cpp): its window rectangle, less what its
// region (SetWindowRgn) leaves out, in screen coordinates; and whether a screen point is in it.
gdi32::Region window_shape(WindowsProcess& p, const Window& w);
bool in_window_shape(WindowsProcess& p, const Window& w, int32_t x, int32_t y);

// EnableWindow (user32/windows.cpp), which says whether the window was disabled.
bool enable_window(WindowsProcess& p, uint64_t hwnd, bool enable);
// SetWindowPos and ShowWindow (user32/windows.cpp): whether they did it, and whether the window was
// visible before.
bool set_window_position(WindowsProcess& p, uint64_t hwnd, uint64_t after, int32_t x, int32_t y, int32_t cx, int32_t cy,
                         uint32_t flags);
bool show_window_command(WindowsProcess& p, uint64_t hwnd, int32_t cmd);

// CreateWindowEx (user32/windows.cpp): `class_arg` a name (guest memory) or an atom, `name` a
// string or a resource id, `unicode` the kind of the strings; the new window or 0.
uint64_t create_window(WindowsProcess& p, uint32_t ex_style, uint64_t class_arg, uint64_t name, uint32_t style,
                       int32_t x, int32_t y, int32_t cx, int32_t cy, uint64_t parent_arg, uint64_t menu,
                       uint64_t instance, uint64_t params, bool unicode);

// Whether a thread shares the calling thread's input state: itself, or a thread attached to it
// by AttachThreadInput (user32/attached_input.cpp).
bool shares_input(WindowsProcess& p, uint32_t thread);
// Raises a WinEvent (EVENT_OBJECT_CREATE …) of a window's object (OBJID_WINDOW 0, OBJID_CLIENT -4
// …) and child (CHILDID_SELF 0): the in-context hooks that see it are called now, the
// out-of-context ones when their threads look for messages (user32/win_events.cpp).
void notify_win_event(WindowsProcess& p, uint32_t event, uint64_t hwnd, int32_t object = 0, int32_t child = 0);
enum : uint32_t {
  EVENT_SYSTEM_FOREGROUND = 0x0003, EVENT_SYSTEM_MENUSTART = 0x0004, EVENT_SYSTEM_MENUEND = 0x0005,
  EVENT_SYSTEM_CAPTURESTART = 0x0008, EVENT_SYSTEM_CAPTUREEND = 0x0009, EVENT_SYSTEM_MINIMIZESTART = 0x0016,
  EVENT_SYSTEM_MINIMIZEEND = 0x0017,
  EVENT_OBJECT_CREATE = 0x8000, EVENT_OBJECT_DESTROY = 0x8001, EVENT_OBJECT_SHOW = 0x8002, EVENT_OBJECT_HIDE = 0x8003,
  EVENT_OBJECT_FOCUS = 0x8005, EVENT_OBJECT_LOCATIONCHANGE = 0x800b, EVENT_OBJECT_NAMECHANGE = 0x800c,
};
// SetActiveWindow and SetFocus (user32/input_state.cpp) with their messages: the previous window.
uint64_t set_active_window(WindowsProcess& p, uint64_t hwnd);
uint64_t set_focus(WindowsProcess& p, uint64_t hwnd);
// SetCapture, or with 0 ReleaseCapture (WM_CAPTURECHANGED to the window losing it): the previous capture.
uint64_t set_capture(WindowsProcess& p, uint64_t hwnd);

// Whether a hook of `type` applies to the calling thread, and the chain of them called (the first
// hook's result; 0 without hooks).
bool has_hooks(WindowsProcess& p, int32_t type);
uint64_t call_hooks(WindowsProcess& p, int32_t type, int32_t code, uint64_t wparam, uint64_t lparam);

// DestroyWindow (user32/windows.cpp): WM_DESTROY down the tree, WM_NCDESTROY up it; false if the
// window is not one this thread may destroy.
bool destroy_window(WindowsProcess& p, uint64_t hwnd);
// A window gone without a word (after its WM_NCDESTROY, or refused, or its thread ended): out of
// the tree and the handle table, its timers and posted messages dropped, no thread's focus,
// active window or capture, nor the foreground window.
void forget_window(WindowsProcess& p, uint64_t hwnd);

// The export lists of the window manager's files, joined in USER32's table (user32/user32.cpp).
const std::vector<Export>& window_class_exports();
const std::vector<Export>& window_exports();
const std::vector<Export>& message_exports();
const std::vector<Export>& def_window_proc_exports();
const std::vector<Export>& window_property_exports();
const std::vector<Export>& screen_exports();
const std::vector<Export>& monitor_exports();
const std::vector<Export>& system_parameter_exports();
const std::vector<Export>& input_state_exports();
const std::vector<Export>& painting_exports();
const std::vector<Export>& hook_exports();
const std::vector<Export>& window_from_point_exports();
const std::vector<Export>& raw_input_exports();
const std::vector<Export>& dpi_exports();
const std::vector<Export>& window_placement_exports();
const std::vector<Export>& window_dc_exports();
const std::vector<Export>& drawing_exports();
const std::vector<Export>& draw_text_exports();
const std::vector<Export>& accelerator_exports();
const std::vector<Export>& icon_exports();
const std::vector<Export>& scroll_bar_exports();     // user32/scroll_bars.cpp
const std::vector<Export>& frame_control_exports();  // user32/frame_controls.cpp
const std::vector<Export>& menu_exports();
const std::vector<Export>& menu_tracking_exports();
const std::vector<Export>& combobox_exports();
const std::vector<Export>& window_region_exports();
const std::vector<Export>& attached_input_exports();
const std::vector<Export>& win_event_exports();
const std::vector<Export>& session_end_exports();
const std::vector<Export>& window_station_exports();  // user32/window_stations.cpp
const std::vector<Export>& window_info_exports();     // user32/window_info.cpp
const std::vector<Export>& synthetic_input_exports();  // user32/synthetic_input.cpp
// The asynchronous key state (bit 7: down, bit 0: toggled, bit 6: pressed since GetAsyncKeyState
// last asked), which the display's keys and synthesized input change (user32/synthetic_input.cpp).
std::array<uint8_t, 256>& async_key_state();
// A key press that is a registered hot key: WM_HOTKEY posted, and true (the key is not delivered).
bool hot_key_taken(WindowsProcess& p, uint32_t vk, bool down, bool repeat);
// The display's key as it changes the asynchronous key state.
void note_display_key(uint32_t vk, bool down);
// The cursor's position, and moving it (user32/input_state.cpp); the top-level window shown at a
// point of the screen (user32/window_from_point.cpp).
void cursor_position(WindowsProcess& p, int32_t& x, int32_t& y);
void set_cursor_position(WindowsProcess& p, int32_t x, int32_t y);
uint64_t top_level_at(WindowsProcess& p, int32_t x, int32_t y);

// DefWindowProc (user32/def_window_proc.cpp), `unicode`: the kind of the parameters' strings.
uint64_t def_window_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode);
// InvalidateRect (r null: the whole client area; children too unless WS_CLIPCHILDREN) and
// UpdateWindow (user32/painting.cpp).
void invalidate_rect(WindowsProcess& p, uint64_t hwnd, const Rect* r, bool erase);
void update_window(WindowsProcess& p, uint64_t hwnd);
// What a child no longer covers (r, in the parent's client coordinates): the parent's and its
// children's to paint there again, background first.
void invalidate_uncovered(WindowsProcess& p, uint64_t parent, const Rect& r);
// Marks a visible window and its visible descendants as needing all their painting (frame,
// background, client area), as being shown or resized does (user32/painting.cpp).
void invalidate_all(WindowsProcess& p, Window& w);
// DefWindowProc's painting: WM_PAINT's BeginPaint and EndPaint (the window becomes valid),
// WM_ERASEBKGND's fill with the class brush, WM_NCPAINT's frame and caption (user32/window_dcs.cpp).
void default_paint(WindowsProcess& p, uint64_t hwnd);
bool default_erase(WindowsProcess& p, uint64_t hwnd, uint64_t hdc);
void default_nc_paint(WindowsProcess& p, uint64_t hwnd);
// The display back end's part at the end of the program (user32/display.cpp): --screenshot's
// pictures of the visible top-level windows.
void display_at_exit(WindowsProcess& p);
// The display's clipboard, for USER32's (user32/clipboard.cpp): text the process puts there, and
// text another client of the display holds (false: none, or no display shows the process's
// windows).
void display_offer_clipboard_text(WindowsProcess& p, const std::string& utf8);
bool display_clipboard_text(WindowsProcess& p, std::string& utf8);
// Whether the windows go to a display a person sees (X11: DISPLAY set, no --headless), where a
// message box can be answered (user32/display.cpp).
bool interactive_display(WindowsProcess& p);
// A top-level window's region changed: the display's window takes its shape (user32/display.cpp).
void display_window_shape(WindowsProcess& p, const Window& w);
// A top-level window is going: the display forgets it, --screenshot writes its last picture.
void display_window_gone(WindowsProcess& p, const Window& w);
// A top-level window was shown, hidden, moved or resized: the display follows (the first window
// shown chooses the display; a program that cannot have one is ended).
void display_window_changed(WindowsProcess& p, uint64_t hwnd);
// Sends the non-client and background painting now due (WM_NCPAINT, WM_ERASEBKGND) to the window
// and its visible children, as Windows does when a window is shown (user32/window_dcs.cpp).
void erase_now(WindowsProcess& p, uint64_t hwnd);
// The desktop's pixels (GetDC(NULL)'s surface, under the windows in screen.png), made at the first
// use in the desktop's colour (user32/window_dcs.cpp).
std::shared_ptr<gdi32::Surface> screen_surface(WindowsProcess& p);
// A window DC's handle for the client area (or the whole window), as GetDC/GetWindowDC give, and
// its release.
uint64_t window_dc(WindowsProcess& p, uint64_t hwnd, bool whole_window);
void release_window_dc(WindowsProcess& p, uint64_t hwnd, uint64_t hdc);
// The character a key makes with the key state `keys` (256 bytes) on the US layout; 0 for none
// (user32/input_state.cpp).
char16_t key_char(uint32_t vk, const uint8_t* keys);
// The next of the thread's mouse events as the message Windows makes of it, hit-tested and (a
// button pressed in an inactive window) activating; false when there is none or it was eaten.
// (user32/mouse_input.cpp)
bool take_mouse_message(WindowsProcess& p, ThreadQueue& q, Message& out);
// The caption's close box of a window with WS_SYSMENU (screen coordinates): a square the
// caption's height at its right end (user32/window_dcs.cpp draws it, DefWindowProc hit-tests it).
Rect close_box(WindowsProcess& p, const Window& w);
// The caption's buttons (screen coordinates): 0 the close box, 1 maximize (restore), 2 minimize,
// the two where the window has WS_MINIMIZEBOX or WS_MAXIMIZEBOX (empty otherwise).
Rect caption_button(WindowsProcess& p, const Window& w, int which);
// Non-client hit-test codes of the frame and the caption's buttons.
enum : int32_t {
  HTMINBUTTON = 8, HTMAXBUTTON = 9, HTLEFT = 10, HTRIGHT = 11, HTTOP = 12, HTTOPLEFT = 13, HTTOPRIGHT = 14,
  HTBOTTOM = 15, HTBOTTOMLEFT = 16, HTBOTTOMRIGHT = 17,
};
// DefWindowProc's WM_NCLBUTTONDOWN: moving the window by its caption, sizing it by its frame, the
// caption's buttons.
void track_non_client_button(WindowsProcess& p, uint64_t hwnd, uint32_t hit, int32_t x, int32_t y);
// A system cursor (IDC_ARROW 32512 …) at the standard size, shared (user32/icons.cpp).
uint64_t system_cursor(WindowsProcess& p, uint32_t id);
uint64_t system_icon(WindowsProcess& p, uint32_t id);  // (IDI_HAND 32513 …)
// DrawIconEx of an icon or cursor (size 0: its own), its size, and LoadImage of a module's
// resource (IMAGE_BITMAP, IMAGE_ICON, IMAGE_CURSOR) shared at its default size.
enum : uint32_t { IMAGE_BITMAP = 0, IMAGE_ICON = 1, IMAGE_CURSOR = 2, IMAGE_ENHMETAFILE = 3 };
bool draw_icon(WindowsProcess& p, uint64_t hdc, int32_t x, int32_t y, uint64_t icon, int32_t width, int32_t height);
bool icon_size(uint64_t icon, int32_t& width, int32_t& height);
// A new icon (as CreateIconIndirect makes one) of a colour surface and a monochrome mask of its
// size (a set bit transparent); a 32-bit colour surface's alpha is kept.
uint64_t new_icon(WindowsProcess& p, const gdi32::Surface& color, const gdi32::Surface& mask);
uint64_t load_image_resource(WindowsProcess& p, uint64_t module, uint64_t name, bool wide, uint32_t type);
// The system colours (COLOR_*) and their brushes (user32/drawing.cpp).
uint32_t sys_color(int32_t index);
uint64_t sys_color_brush(WindowsProcess& p, int32_t index);
// A class background brush as a brush handle (COLOR_* + 1 names a system colour's).
uint64_t background_brush(WindowsProcess& p, uint64_t brush);
// A rectangle (logical units) of the DC filled with a system colour; DrawEdge's rings (BDR_*,
// BF_* as DrawEdge takes them) drawn inside `r`, and what they leave inside.
void fill_sys_color(WindowsProcess& p, gdi32::DeviceContext& dc, const Rect& r, int32_t color_index);
Rect draw_edge(WindowsProcess& p, gdi32::DeviceContext& dc, Rect r, uint32_t edge, uint32_t flags);

// GetSystemMetrics' values (user32/screen.cpp).
int32_t system_metric(WindowsProcess& p, int32_t index);
// AdjustWindowRectEx: the window rectangle around a client rectangle.
Rect window_rect_for_client(WindowsProcess& p, const Rect& client, uint32_t style, uint32_t ex_style, bool menu);

// Names of classes, messages and properties (user32/window_classes.cpp): compared without case, a
// string argument that may be an atom (below 0x10000) read as its name ("#<n>" for one the table
// lacks), the atom of a name (made at the first use), the class a name finds for a module, and
// text copied out to a buffer of `size` characters (cut to fit, NUL-ended; the characters copied).
bool same_name(const std::u16string& a, const std::u16string& b);
std::u16string string_or_atom(WindowsProcess& p, uint64_t s, bool unicode);
uint16_t atom_of(WindowsProcess& p, const std::u16string& name);
std::shared_ptr<WindowClass> find_class(WindowsProcess& p, const std::u16string& name, uint64_t instance, bool any_module);
int32_t copy_text_out(WindowsProcess& p, const std::u16string& text, Ptr buf, int32_t size, bool unicode);

// WM_CHAR, WM_DEADCHAR, WM_SYSCHAR and WM_SYSDEADCHAR: their wParam is a character, UTF-16 for a
// Unicode window and the ANSI code page's for an ANSI one. char_message_wparam converts it from
// the one kind to the other (UTF-16 to a byte, or '?' for a character the page has not).
bool is_char_message(uint32_t msg);
uint64_t char_message_wparam(uint64_t wparam, bool from_unicode);

// LoadStringW (user32/user32.cpp): a module's string `id` into `size` UTF-16 characters at `buf`.
int32_t load_string_resource(WindowsProcess& p, uint64_t module, uint32_t id, uint64_t buf, int32_t size);

// The milliseconds since boot, as GetTickCount says it (a message's time).
uint32_t message_time();

}  // namespace polyrun::shims::user32
