// WTSAPI32.dll: the Remote Desktop Services API on a machine with its local sessions alone: the
// services' session 0 ("Services", disconnected, as Windows shows it) and the console session 1
// ("Console", active, the session the program runs in: its token's TokenSessionId), the user's.
// Sessions enumerated (WTSEnumerateSessions(Ex)) and queried (WTSQuerySessionInformation), their
// buffers freed (WTSFreeMemory(Ex)); servers opened (this computer's alone: another cannot be
// reached); session notifications registered (the sessions never change here, so none arrive);
// WTSQueryUserToken, which only a LocalSystem service may call.
#include <array>
#include <set>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/wtsapi32/exports.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kCurrentSession = 0xffffffffu, kConsoleSession = 1;
constexpr uint32_t WTSActive = 0, WTSDisconnected = 4;
constexpr uint32_t RPC_S_SERVER_UNAVAILABLE = 1722, ERROR_PRIVILEGE_NOT_HELD = 1314, ERROR_INVALID_USER_BUFFER = 1784;

struct Session {
  uint32_t id;
  const char* station;
  uint32_t state;
  bool user;  // the user is logged on in it
};
constexpr Session kSessions[] = {{0, "Services", WTSDisconnected, false}, {kConsoleSession, "Console", WTSActive, true}};

std::set<uint64_t>& servers() {
  static std::set<uint64_t> t;
  return t;
}

// WTS_CURRENT_SERVER_HANDLE (0) or a handle WTSOpenServer gave.
bool server_ok(uint64_t h) { return h == 0 || servers().count(h); }

const Session* find_session(uint32_t id) {
  if (id == kCurrentSession) id = kConsoleSession;
  for (const auto& s : kSessions)
    if (s.id == id) return &s;
  return nullptr;
}

// A string's bytes for the caller: UTF-16, or the ANSI code page's; with its NUL.
std::string encoded(const std::string& s, bool wide) {
  if (!wide) {
    const std::string a = utf8_to_ansi(s);
    return std::string(a.c_str(), a.size() + 1);
  }
  const std::u16string u = utf8_to_utf16(s);
  return std::string(reinterpret_cast<const char*>(u.c_str()), (u.size() + 1) * 2);
}

uint64_t out_bytes(WindowsProcess& p, const std::string& bytes) {
  const uint64_t b = p.heap.alloc(std::max<size_t>(bytes.size(), 1), true);
  if (!bytes.empty()) copy_guest(guest_pointer(b), bytes.data(), bytes.size(), b, true);
  return b;
}

// WTS_SESSION_INFO: SessionId, pWinStationName, State; the names after the records.
uint32_t enumerate(WindowsProcess& p, uint64_t server, uint32_t reserved, uint32_t version, uint64_t out, uint64_t count,
                   bool wide) {
  if (!out || !count || reserved || version != 1) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  if (!server_ok(server)) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
  const uint64_t ps = p.isa->ptr, rec = 3 * ps;
  const size_t n = sizeof kSessions / sizeof *kSessions;
  std::string names;
  std::vector<size_t> at;
  for (const auto& s : kSessions) at.push_back(names.size()), names += encoded(s.station, wide);
  const uint64_t b = p.heap.alloc(n * rec + names.size(), true);
  copy_guest(guest_pointer(b + n * rec), names.data(), names.size(), b + n * rec, true);
  for (size_t i = 0; i < n; ++i) {
    put<uint32_t>(b + i * rec, kSessions[i].id);
    p.put_ptr(b + i * rec + ps, b + n * rec + at[i]);
    put<uint32_t>(b + i * rec + 2 * ps, kSessions[i].state);
  }
  p.put_ptr(out, b);
  put<uint32_t>(count, static_cast<uint32_t>(n));
  return 1;
}
uint32_t WTSEnumerateSessionsA(WindowsProcess& p, Ptr server, uint32_t reserved, uint32_t version, Ptr out, Ptr count) {
  return enumerate(p, server.addr, reserved, version, out.addr, count.addr, false);
}
uint32_t WTSEnumerateSessionsW(WindowsProcess& p, Ptr server, uint32_t reserved, uint32_t version, Ptr out, Ptr count) {
  return enumerate(p, server.addr, reserved, version, out.addr, count.addr, true);
}

// WTS_SESSION_INFO_1: ExecEnvId, State, SessionId, then pSessionName, pHostName (none: this
// computer), pUserName, pDomainName, pFarmName (none).
uint32_t enumerate_ex(WindowsProcess& p, uint64_t server, uint64_t level, uint32_t filter, uint64_t out, uint64_t count,
                      bool wide) {
  if (!level || !out || !count || get<uint32_t>(level) != 1 || filter) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  if (!server_ok(server)) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
  const uint64_t ps = p.isa->ptr, ptrs = ps == 8 ? 16 : 12, rec = ptrs + 5 * ps;
  const size_t n = sizeof kSessions / sizeof *kSessions;
  std::string strings;
  std::vector<std::array<int64_t, 3>> at;  // session name, user, domain (-1: none)
  for (const auto& s : kSessions) {
    std::array<int64_t, 3> a{static_cast<int64_t>(strings.size()), -1, -1};
    strings += encoded(s.station, wide);
    if (s.user) {
      a[1] = static_cast<int64_t>(strings.size());
      strings += encoded(account_user_name(), wide);
      a[2] = static_cast<int64_t>(strings.size());
      strings += encoded(netbios_name(), wide);
    }
    at.push_back(a);
  }
  const uint64_t b = p.heap.alloc(n * rec + strings.size(), true);
  const uint64_t sb = b + n * rec;
  copy_guest(guest_pointer(sb), strings.data(), strings.size(), sb, true);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t r = b + i * rec;
    put<uint32_t>(r, kSessions[i].id);
    put<uint32_t>(r + 4, kSessions[i].state);
    put<uint32_t>(r + 8, kSessions[i].id);
    p.put_ptr(r + ptrs, sb + at[i][0]);
    if (at[i][1] >= 0) p.put_ptr(r + ptrs + 2 * ps, sb + at[i][1]);
    if (at[i][2] >= 0) p.put_ptr(r + ptrs + 3 * ps, sb + at[i][2]);
  }
  p.put_ptr(out, b);
  put<uint32_t>(count, static_cast<uint32_t>(n));
  return 1;
}
uint32_t WTSEnumerateSessionsExA(WindowsProcess& p, Ptr server, Ptr level, uint32_t filter, Ptr out, Ptr count) {
  return enumerate_ex(p, server.addr, level.addr, filter, out.addr, count.addr, false);
}
uint32_t WTSEnumerateSessionsExW(WindowsProcess& p, Ptr server, Ptr level, uint32_t filter, Ptr out, Ptr count) {
  return enumerate_ex(p, server.addr, level.addr, filter, out.addr, count.addr, true);
}

void WTSFreeMemory(WindowsProcess& p, Ptr mem) {
  if (mem && p.heap.size(mem.addr) != ~0ull) p.heap.free(mem.addr);
}
// WTSFreeMemoryEx: WTSTypeProcessInfoLevel0 (0), …Level1 (1), WTSTypeSessionInfoLevel1 (2).
uint32_t WTSFreeMemoryEx(WindowsProcess& p, uint32_t type, Ptr mem, uint32_t) {
  if (type > 2) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  WTSFreeMemory(p, mem);
  return 1;
}

// WTSQuerySessionInformation: the session's facts, in a buffer of WTSFreeMemory's, its size in
// bytes (a string's with its terminator).
uint32_t query(WindowsProcess& p, uint64_t server, uint32_t id, uint32_t cls, uint64_t out, uint64_t bytes, bool wide) {
  if (!out || !bytes) return p.set_last_error(ERROR_INVALID_USER_BUFFER), 0;
  if (!server_ok(server)) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
  const Session* s = find_session(id);
  if (!s) return p.set_last_error(ERROR_FILE_NOT_FOUND), 0;
  std::string data;
  auto dword = [&](uint32_t v) { data.assign(reinterpret_cast<const char*>(&v), 4); };
  auto word = [&](uint16_t v) { data.assign(reinterpret_cast<const char*>(&v), 2); };
  switch (cls) {
    case 0: case 1: case 2: case 3: case 10: case 11:  // initial program, application, directories, OEM id, client name and directory
      data = encoded("", wide);
      break;
    case 4: dword(s->id); break;                                        // WTSSessionId
    case 5: data = encoded(s->user ? account_user_name() : "", wide); break;  // WTSUserName
    case 6: data = encoded(s->station, wide); break;                    // WTSWinStationName
    case 7: data = encoded(s->user ? netbios_name() : "", wide); break; // WTSDomainName
    case 8: dword(s->state); break;                                     // WTSConnectState
    case 9: case 13: dword(0); break;                                   // client build number, hardware id: no client
    case 12: case 16: word(0); break;                                   // client product id; protocol 0: the console
    case 14: data.assign(24, '\0'); break;                              // WTSClientAddress: AF_UNSPEC, no address
    default: return p.set_last_error(ERROR_NOT_SUPPORTED), 0;
  }
  p.put_ptr(out, out_bytes(p, data));
  put<uint32_t>(bytes, static_cast<uint32_t>(data.size()));
  return 1;
}
uint32_t WTSQuerySessionInformationA(WindowsProcess& p, Ptr server, uint32_t id, uint32_t cls, Ptr out, Ptr bytes) {
  return query(p, server.addr, id, cls, out.addr, bytes.addr, false);
}
uint32_t WTSQuerySessionInformationW(WindowsProcess& p, Ptr server, uint32_t id, uint32_t cls, Ptr out, Ptr bytes) {
  return query(p, server.addr, id, cls, out.addr, bytes.addr, true);
}

// WTSOpenServer(Ex): this computer (by any of its names) gives a handle; another computer's
// Remote Desktop Services cannot be reached from this host.
uint64_t open_server(WindowsProcess& p, uint64_t name, bool wide) {
  std::string n;
  if (name) n = wide ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(name))))
                     : ansi_to_utf8(reinterpret_cast<const char*>(guest_pointer(name)));
  if (!n.empty() && !names_this_computer(n)) return p.set_last_error(RPC_S_SERVER_UNAVAILABLE), 0;
  const uint64_t h = p.heap.alloc(8, true);
  servers().insert(h);
  return h;
}
Ptr WTSOpenServerA(WindowsProcess& p, AStr name) { return open_server(p, name.addr, false); }
Ptr WTSOpenServerW(WindowsProcess& p, WStr name) { return open_server(p, name.addr, true); }
Ptr WTSOpenServerExA(WindowsProcess& p, AStr name) { return open_server(p, name.addr, false); }
Ptr WTSOpenServerExW(WindowsProcess& p, WStr name) { return open_server(p, name.addr, true); }
void WTSCloseServer(WindowsProcess& p, Ptr h) {
  if (servers().erase(h.addr)) p.heap.free(h.addr);
}

// Session change notifications (WM_WTSSESSION_CHANGE) for a window: NOTIFY_FOR_THIS_SESSION (0)
// or NOTIFY_FOR_ALL_SESSIONS (1).
uint32_t register_window(WindowsProcess& p, uint64_t server, uint64_t hwnd, uint32_t flags) {
  if (flags > 1) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  if (!server_ok(server)) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
  if (!hwnd || !p.call_export("user32.dll", "IsWindow", {hwnd})) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  return 1;
}
uint32_t WTSRegisterSessionNotification(WindowsProcess& p, Ptr hwnd, uint32_t flags) {
  return register_window(p, 0, hwnd.addr, flags);
}
uint32_t WTSRegisterSessionNotificationEx(WindowsProcess& p, Ptr server, Ptr hwnd, uint32_t flags) {
  return register_window(p, server.addr, hwnd.addr, flags);
}
uint32_t WTSUnRegisterSessionNotification(WindowsProcess&, Ptr) { return 1; }
uint32_t WTSUnRegisterSessionNotificationEx(WindowsProcess& p, Ptr server, Ptr) {
  if (!server_ok(server.addr)) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
  return 1;
}

// WTSQueryUserToken: for services running as LocalSystem (SE_TCB_NAME), which this program is not.
uint32_t WTSQueryUserToken(WindowsProcess& p, uint32_t, Ptr token) {
  if (!token) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  return p.set_last_error(ERROR_PRIVILEGE_NOT_HELD), 0;
}

}  // namespace

const Dll kWtsapi32{
    "wtsapi32.dll",
    false,
    {
        EXPORT("WTSEnumerateSessionsA", WTSEnumerateSessionsA),
        EXPORT("WTSEnumerateSessionsW", WTSEnumerateSessionsW),
        EXPORT("WTSEnumerateSessionsExA", WTSEnumerateSessionsExA),
        EXPORT("WTSEnumerateSessionsExW", WTSEnumerateSessionsExW),
        EXPORT("WTSFreeMemory", WTSFreeMemory),
        EXPORT("WTSFreeMemoryExA", WTSFreeMemoryEx),
        EXPORT("WTSFreeMemoryExW", WTSFreeMemoryEx),
        EXPORT("WTSQuerySessionInformationA", WTSQuerySessionInformationA),
        EXPORT("WTSQuerySessionInformationW", WTSQuerySessionInformationW),
        EXPORT("WTSOpenServerA", WTSOpenServerA),
        EXPORT("WTSOpenServerW", WTSOpenServerW),
        EXPORT("WTSOpenServerExA", WTSOpenServerExA),
        EXPORT("WTSOpenServerExW", WTSOpenServerExW),
        EXPORT("WTSCloseServer", WTSCloseServer),
        EXPORT("WTSRegisterSessionNotification", WTSRegisterSessionNotification),
        EXPORT("WTSRegisterSessionNotificationEx", WTSRegisterSessionNotificationEx),
        EXPORT("WTSUnRegisterSessionNotification", WTSUnRegisterSessionNotification),
        EXPORT("WTSUnRegisterSessionNotificationEx", WTSUnRegisterSessionNotificationEx),
        EXPORT("WTSQueryUserToken", WTSQueryUserToken),
    },
};

}  // namespace polyrun::shims
