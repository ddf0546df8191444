// ADVAPI32.dll's event log for programs that report to it (RegisterEventSource, ReportEvent,
// DeregisterEventSource). Each event reported is recorded in this user's Application log, which
// ReadEventLog reads back (advapi32/event_log_read.cpp), and shown where the host's user sees it. An event source is a handle (a small block of the process heap, so a
// unique value, as Windows' are RPC context handles, not kernel ones); each event it reports goes
// where a user of this machine looks for such things: the host's system log (syslog, facility
// LOG_USER, at the priority of the event's type), one line with the source's name, the type, the
// event id and category and the event's strings, as Event Viewer shows an event whose source has no
// message file. Where the host has no system log to take it (no /dev/log socket, as in most
// containers), the same line goes to the process's standard error instead, so the event is seen
// rather than lost. Either way the program goes on as on Windows, where reporting an event does not
// fail for want of a message file.
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/advapi32/event_log.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

// The sources registered, by handle: their names.
std::map<uint64_t, std::string>& event_sources() {
  static std::map<uint64_t, std::string> s;
  return s;
}

// Whether the host's system log takes messages (its socket accepts a connection).
bool system_log_present() {
  static const bool present = [] {
    const int s = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return false;
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strcpy(a.sun_path, "/dev/log");
    const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    return ok;
  }();
  return present;
}

// RegisterEventSource: a source on this machine (a server named must be this one: polyrun reaches
// no other machine's event log, which Windows reports as RPC_S_SERVER_UNAVAILABLE for a server it
// cannot reach).
uint64_t register_source(WindowsProcess& p, const std::string* server, const std::string* name) {
  if (server && !server->empty()) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    std::string s = *server;
    while (!s.empty() && s[0] == '\\') s.erase(0, 1);
    const std::string short_host = std::string(host).substr(0, std::string(host).find('.'));
    if (::strcasecmp(s.c_str(), host) != 0 && ::strcasecmp(s.c_str(), short_host.c_str()) != 0 && s != "." &&
        ::strcasecmp(s.c_str(), "localhost") != 0)
      return fail(p, 1722), 0;  // RPC_S_SERVER_UNAVAILABLE
  }
  if (!name || name->empty()) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const uint64_t h = p.heap.alloc(16, true);
  if (!h) return fail(p, ERROR_NOT_ENOUGH_MEMORY), 0;
  event_sources()[h] = *name;
  return h;
}
Ptr RegisterEventSourceW(WindowsProcess& p, WStr server, WStr name) {
  const std::string s = utf16_to_utf8(server.str()), n = utf16_to_utf8(name.str());
  return Ptr(register_source(p, server.addr ? &s : nullptr, name.addr ? &n : nullptr));
}
Ptr RegisterEventSourceA(WindowsProcess& p, AStr server, AStr name) {
  const std::string s = server.str(), n = name.str();
  return Ptr(register_source(p, server.addr ? &s : nullptr, name.addr ? &n : nullptr));
}

BOOL DeregisterEventSource(WindowsProcess& p, Ptr h) {
  auto it = event_sources().find(h.addr);
  if (it == event_sources().end()) return fail(p, ERROR_INVALID_HANDLE);
  event_sources().erase(it);
  p.heap.free(h.addr);
  return TRUE;
}

// Event types (EVENTLOG_*) and the syslog priorities they are logged at.
struct EventType {
  uint16_t type;
  const char* name;
  int priority;
};
constexpr EventType kEventTypes[] = {
    {0x0000, "success", LOG_INFO},         {0x0001, "error", LOG_ERR},
    {0x0002, "warning", LOG_WARNING},      {0x0004, "information", LOG_INFO},
    {0x0008, "audit success", LOG_NOTICE}, {0x0010, "audit failure", LOG_WARNING},
};

// ReportEvent: (handle, type, category, event id, user SID, string count, data size, strings,
// data). The line names the event by its id without the severity and facility bits (what Event
// Viewer shows as the Event ID).
BOOL report_event(WindowsProcess& p, uint64_t h, uint16_t type, uint16_t category, uint32_t id, uint64_t sid, uint16_t count,
                  uint32_t data_size, uint64_t strings, uint64_t data, bool wide) {
  auto it = event_sources().find(h);
  if (it == event_sources().end()) return fail(p, ERROR_INVALID_HANDLE);
  const EventType* t = nullptr;
  for (const EventType& e : kEventTypes)
    if (e.type == type) t = &e;
  if (!t || (count && !strings) || (data_size && !data)) return fail(p, ERROR_INVALID_PARAMETER);
  std::string line = it->second + ": " + t->name + " event " + std::to_string(id & 0xffff);
  if (category) line += " (category " + std::to_string(category) + ")";
  advapi32_event_log::Event event;
  event.source = it->second;
  event.type = type;
  event.category = category;
  event.id = id;
  if (sid && valid_sid(sid)) event.user_sid = sid_at(sid);
  if (data_size) event.data.assign(static_cast<const uint8_t*>(guest_pointer(data)), static_cast<const uint8_t*>(guest_pointer(data)) + data_size);
  for (uint16_t i = 0; i < count; ++i) {
    const uint64_t s = p.get_ptr(strings + i * p.isa->ptr);
    line += i == 0 ? ": " : "; ";
    std::string text;
    if (s) text = wide ? utf16_to_utf8(reinterpret_cast<const char16_t*>(s)) : ansi_to_utf8(reinterpret_cast<const char*>(s));
    line += text;
    event.strings.push_back(text);
  }
  advapi32_event_log::append_event(p, event);
  if (data_size) line += " [" + std::to_string(data_size) + " bytes of data]";
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  if (system_log_present()) {
    ::syslog(LOG_USER | t->priority, "%s", line.c_str());
  } else {
    line = "event log: " + line + "\n";
    [[maybe_unused]] ssize_t n = ::write(2, line.data(), line.size());
  }
  return TRUE;
}
BOOL ReportEventW(WindowsProcess& p, Ptr h, uint16_t type, uint16_t category, uint32_t id, Ptr sid, uint16_t count,
                  uint32_t data_size, Ptr strings, Ptr data) {
  return report_event(p, h.addr, type, category, id, sid.addr, count, data_size, strings.addr, data.addr, true);
}
BOOL ReportEventA(WindowsProcess& p, Ptr h, uint16_t type, uint16_t category, uint32_t id, Ptr sid, uint16_t count,
                  uint32_t data_size, Ptr strings, Ptr data) {
  return report_event(p, h.addr, type, category, id, sid.addr, count, data_size, strings.addr, data.addr, false);
}

}  // namespace

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_event_log_exports() {
  static const std::vector<Export> exports = {
      EXPORT("RegisterEventSourceW", RegisterEventSourceW),
      EXPORT("RegisterEventSourceA", RegisterEventSourceA),
      EXPORT("DeregisterEventSource", DeregisterEventSource),
      EXPORT("ReportEventW", ReportEventW),
      EXPORT("ReportEventA", ReportEventA),
  };
  return exports;
}

}  // namespace polyrun::shims
