// ADVAPI32.dll, the event logs this user keeps and reads: each log a file of EVENTLOGRECORDs under
// the user's data directory ($XDG_DATA_HOME/polyrun/eventlog/<log>.evt), which ReportEvent appends
// to (its Application log: advapi32/event_log.cpp) and OpenEventLog, ReadEventLog,
// GetNumberOfEventLogRecords, GetOldestEventLogRecord, GetEventLogInformation and
// NotifyChangeEventLog read and watch; BackupEventLog copies a log to a file OpenBackupEventLog
// reads. The Security log is the auditors' (SeSecurityPrivilege: ERROR_PRIVILEGE_NOT_HELD), a log
// of another name is the Application log (as Windows opens it for a name it has no log of), and
// clearing a log is the administrators' (ERROR_ACCESS_DENIED for a standard user). A log keeps its
// newest 20,000 events.
#include "shims/advapi32/event_log.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_event_log {

constexpr uint32_t kSignature = 0x654c664c;  // "LfLe"

std::string log_directory() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const std::string dir = (xdg && *xdg == '/' ? std::string(xdg) : host_home_directory() + "/.local/share") +
                          "/polyrun/eventlog";
  for (size_t slash = dir.find('/', 1); slash != std::string::npos; slash = dir.find('/', slash + 1))
    ::mkdir(dir.substr(0, slash).c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  return dir;
}
std::string log_path(const std::string& log) { return log_directory() + "/" + log + ".evt"; }

uint32_t u32(const Record& r, size_t at) {
  uint32_t v = 0;
  if (at + 4 <= r.size()) std::memcpy(&v, r.data() + at, 4);
  return v;
}
uint16_t u16(const Record& r, size_t at) {
  uint16_t v = 0;
  if (at + 2 <= r.size()) std::memcpy(&v, r.data() + at, 2);
  return v;
}
uint32_t record_number(const Record& r) { return u32(r, 8); }

std::vector<Record> read_records(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  const std::string b = s.str();
  std::vector<Record> out;
  for (size_t at = 0; at + 60 <= b.size();) {
    uint32_t len;
    std::memcpy(&len, b.data() + at, 4);
    uint32_t sig;
    std::memcpy(&sig, b.data() + at + 4, 4);
    if (len < 60 || at + len > b.size() || sig != kSignature) break;
    out.emplace_back(b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at + len));
    at += len;
  }
  return out;
}

bool write_records(const std::string& path, const std::vector<Record>& records) {
  const std::string tmp = path + ".new";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = true;
  for (const Record& r : records) {
    size_t done = 0;
    while (ok && done < r.size()) {
      const ssize_t n = ::write(fd, r.data() + done, r.size() - done);
      if (n <= 0) ok = false;
      else done += static_cast<size_t>(n);
    }
  }
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

// An EVENTLOGRECORD: the fixed part, the source and computer names, the user's SID, the strings,
// the data, and its length again at its end; names and strings wide or narrow.
struct Fields {
  uint32_t number = 0, generated = 0, written = 0, id = 0;
  uint16_t type = 0, category = 0;
  std::string source, computer;
  std::vector<std::string> strings;
  std::vector<uint8_t> data, sid;
};
Record build(const Fields& f, bool wide) {
  Record r(56, 0);
  auto text = [&](const std::string& s) {
    if (wide) {
      const std::u16string w = utf8_to_utf16(s);
      const uint8_t* b = reinterpret_cast<const uint8_t*>(w.c_str());
      r.insert(r.end(), b, b + (w.size() + 1) * 2);
    } else {
      const std::string a = utf8_to_ansi(s);  // (the ANSI code page's)
      r.insert(r.end(), a.begin(), a.end());
      r.push_back(0);
    }
  };
  auto set = [&](size_t at, uint32_t v) { std::memcpy(r.data() + at, &v, 4); };
  auto set16 = [&](size_t at, uint16_t v) { std::memcpy(r.data() + at, &v, 2); };
  text(f.source);
  text(f.computer);
  while (r.size() % 4) r.push_back(0);
  set(40, static_cast<uint32_t>(f.sid.size()));
  set(44, static_cast<uint32_t>(r.size()));
  r.insert(r.end(), f.sid.begin(), f.sid.end());
  set(36, static_cast<uint32_t>(r.size()));
  for (const std::string& s : f.strings) text(s);
  set(48, static_cast<uint32_t>(f.data.size()));
  set(52, static_cast<uint32_t>(r.size()));
  r.insert(r.end(), f.data.begin(), f.data.end());
  while (r.size() % 4) r.push_back(0);
  r.resize(r.size() + 4);
  const uint32_t len = static_cast<uint32_t>(r.size());
  set(0, len);
  set(4, kSignature);
  set(8, f.number);
  set(12, f.generated);
  set(16, f.written);
  set(20, f.id);
  set16(24, f.type);
  set16(26, static_cast<uint16_t>(f.strings.size()));
  set16(28, f.category);
  set(len - 4, len);
  return r;
}
Fields parse(const Record& r) {
  Fields f;
  f.number = u32(r, 8);
  f.generated = u32(r, 12);
  f.written = u32(r, 16);
  f.id = u32(r, 20);
  f.type = u16(r, 24);
  f.category = u16(r, 28);
  auto wide_at = [&](size_t& at) {
    std::u16string w;
    while (at + 2 <= r.size() && u16(r, at)) {
      w.push_back(static_cast<char16_t>(u16(r, at)));
      at += 2;
    }
    at += 2;
    return utf16_to_utf8(w);
  };
  size_t at = 56;
  f.source = wide_at(at);
  f.computer = wide_at(at);
  const uint32_t sid_at = u32(r, 44), sid_len = u32(r, 40), strings_at = u32(r, 36), data_at = u32(r, 52),
                 data_len = u32(r, 48);
  if (sid_at + sid_len <= r.size()) f.sid.assign(r.begin() + sid_at, r.begin() + sid_at + sid_len);
  at = strings_at;
  for (uint16_t i = 0; i < u16(r, 26); ++i) f.strings.push_back(wide_at(at));
  if (data_at + data_len <= r.size()) f.data.assign(r.begin() + data_at, r.begin() + data_at + data_len);
  return f;
}
Record narrow_record(const Record& r) { return build(parse(r), false); }

// NotifyChangeEventLog's events, set when a record is written.
std::set<uint64_t>& change_events() {
  static std::set<uint64_t> e;
  return e;
}

// Appending is a read, a change and a write of the log's file: other processes of the user append
// too, so each holds the log's lock (an flock of <log>.lock) meanwhile.
struct LogLock {
  int fd;
  explicit LogLock(const std::string& path) : fd(::open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd >= 0) ::flock(fd, LOCK_EX);
  }
  ~LogLock() {
    if (fd >= 0) ::close(fd);  // (the lock goes with the descriptor)
  }
  LogLock(const LogLock&) = delete;
  LogLock& operator=(const LogLock&) = delete;
};

bool append_event(WindowsProcess& p, const Event& e) {
  const std::string path = log_path("Application");
  LogLock lock(path);
  std::vector<Record> records = read_records(path);
  Fields f;
  f.number = records.empty() ? 1 : record_number(records.back()) + 1;
  f.generated = f.written = static_cast<uint32_t>(std::time(nullptr));
  f.id = e.id;
  f.type = e.type;
  f.category = e.category;
  f.source = e.source;
  f.computer = netbios_name();
  f.strings = e.strings;
  f.data = e.data;
  f.sid = e.user_sid;
  records.push_back(build(f, true));
  // A full log overwrites its oldest events, as Windows' logs do by default ("Overwrite events as
  // needed"): it keeps the newest kMaxRecords.
  constexpr size_t kMaxRecords = 20000;
  if (records.size() > kMaxRecords) records.erase(records.begin(), records.end() - kMaxRecords);
  if (!write_records(path, records)) return false;
  for (uint64_t ev : change_events()) p.call_export("kernel32.dll", "SetEvent", {ev});
  return true;
}

namespace {

// An open log: the file it reads and where sequential reading is (the next record's index; -1: not
// begun).
struct OpenLog {
  std::string path;
  bool backup = false;
  long next = -1;
};
std::map<uint64_t, OpenLog>& open_logs() {
  static std::map<uint64_t, OpenLog> l;
  return l;
}

bool this_machine(const std::string& server) {
  std::string s = server;
  while (!s.empty() && s[0] == '\\') s.erase(0, 1);
  return s.empty() || s == "." || ::strcasecmp(s.c_str(), netbios_name().c_str()) == 0 ||
         ::strcasecmp(s.c_str(), "localhost") == 0;
}

uint64_t open_log(WindowsProcess& p, const std::string& server, const std::string& name, bool backup) {
  if (!this_machine(server)) return fail(p, 1722), 0;  // RPC_S_SERVER_UNAVAILABLE
  if (name.empty()) return fail(p, ERROR_INVALID_PARAMETER), 0;
  OpenLog l;
  if (backup) {
    l.path = windows_to_host_path(name);
    l.backup = true;
    if (::access(l.path.c_str(), R_OK) != 0) return fail(p, ERROR_FILE_NOT_FOUND), 0;
  } else {
    if (::strcasecmp(name.c_str(), "Security") == 0) return fail(p, 1314), 0;  // ERROR_PRIVILEGE_NOT_HELD
    std::string log = "Application";
    if (::strcasecmp(name.c_str(), "System") == 0) log = "System";
    l.path = log_path(log);
  }
  const uint64_t h = p.heap.alloc(16, true);  // (a unique value, as Windows' RPC context handles are)
  if (!h) return fail(p, ERROR_NOT_ENOUGH_MEMORY), 0;
  open_logs()[h] = l;
  return h;
}
Ptr OpenEventLogW(WindowsProcess& p, WStr server, WStr name) {
  return Ptr(open_log(p, utf16_to_utf8(server.str()), utf16_to_utf8(name.str()), false));
}
Ptr OpenEventLogA(WindowsProcess& p, AStr server, AStr name) { return Ptr(open_log(p, server.str(), name.str(), false)); }
Ptr OpenBackupEventLogW(WindowsProcess& p, WStr server, WStr file) {
  return Ptr(open_log(p, utf16_to_utf8(server.str()), utf16_to_utf8(file.str()), true));
}
Ptr OpenBackupEventLogA(WindowsProcess& p, AStr server, AStr file) { return Ptr(open_log(p, server.str(), file.str(), true)); }

OpenLog* log_of(uint64_t h) {
  auto it = open_logs().find(h);
  return it == open_logs().end() ? nullptr : &it->second;
}

BOOL CloseEventLog(WindowsProcess& p, Ptr h) {
  if (!open_logs().erase(h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  p.heap.free(h.addr);
  return TRUE;
}

BOOL GetNumberOfEventLogRecords(WindowsProcess& p, Ptr h, Ptr count) {
  OpenLog* l = log_of(h.addr);
  if (!l) return fail(p, ERROR_INVALID_HANDLE);
  if (!count) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint32_t>(count.addr, static_cast<uint32_t>(read_records(l->path).size()));
  return TRUE;
}
BOOL GetOldestEventLogRecord(WindowsProcess& p, Ptr h, Ptr oldest) {
  OpenLog* l = log_of(h.addr);
  if (!l) return fail(p, ERROR_INVALID_HANDLE);
  if (!oldest) return fail(p, ERROR_INVALID_PARAMETER);
  const std::vector<Record> r = read_records(l->path);
  put<uint32_t>(oldest.addr, r.empty() ? 0 : record_number(r.front()));
  return TRUE;
}
// GetEventLogInformation: EVENTLOG_FULL_INFO (0), dwFull: a log here is never full.
BOOL GetEventLogInformation(WindowsProcess& p, Ptr h, uint32_t level, Ptr buf, uint32_t size, Ptr needed) {
  if (!log_of(h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (level != 0) return fail(p, 124);  // ERROR_INVALID_LEVEL
  if (!needed) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint32_t>(needed.addr, 4);
  if (size < 4 || !buf) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  put<uint32_t>(buf.addr, 0);
  return TRUE;
}
BOOL NotifyChangeEventLog(WindowsProcess& p, Ptr h, Ptr event) {
  OpenLog* l = log_of(h.addr);
  if (!l) return fail(p, ERROR_INVALID_HANDLE);
  if (l->backup) return fail(p, ERROR_INVALID_HANDLE);
  change_events().insert(event.addr);
  return TRUE;
}

// ReadEventLog: EVENTLOG_SEQUENTIAL_READ 1 or EVENTLOG_SEEK_READ 2 (from record number `offset`),
// with EVENTLOG_FORWARDS_READ 4 or EVENTLOG_BACKWARDS_READ 8: as many whole records as fit;
// none fits: ERROR_INSUFFICIENT_BUFFER and the next one's size; none left: ERROR_HANDLE_EOF.
BOOL read_log(WindowsProcess& p, uint64_t h, uint32_t flags, uint32_t offset, Ptr buf, uint32_t size, Ptr read, Ptr needed,
              bool wide) {
  OpenLog* l = log_of(h);
  if (!l) return fail(p, ERROR_INVALID_HANDLE);
  const bool seq = flags & 1, seek = flags & 2, fwd = flags & 4, back = flags & 8;
  if (seq == seek || fwd == back || !read || !needed) return fail(p, ERROR_INVALID_PARAMETER);
  const std::vector<Record> records = read_records(l->path);
  long at;
  if (seek) {
    at = -1;
    for (size_t i = 0; i < records.size(); ++i)
      if (record_number(records[i]) == offset) at = static_cast<long>(i);
    if (at < 0) return fail(p, ERROR_INVALID_PARAMETER);
  } else {
    at = l->next >= 0 ? l->next : (fwd ? 0 : static_cast<long>(records.size()) - 1);
  }
  put<uint32_t>(read.addr, 0);
  put<uint32_t>(needed.addr, 0);
  uint32_t used = 0;
  while (at >= 0 && at < static_cast<long>(records.size())) {
    const Record r = wide ? records[static_cast<size_t>(at)] : narrow_record(records[static_cast<size_t>(at)]);
    if (used + r.size() > size || !buf) {
      if (!used) {
        put<uint32_t>(needed.addr, static_cast<uint32_t>(r.size()));
        return fail(p, ERROR_INSUFFICIENT_BUFFER);
      }
      break;
    }
    std::memcpy(guest_pointer(buf.addr + used), r.data(), r.size());
    used += static_cast<uint32_t>(r.size());
    at += fwd ? 1 : -1;
  }
  if (!used) return fail(p, 38);  // ERROR_HANDLE_EOF
  l->next = at;
  put<uint32_t>(read.addr, used);
  return TRUE;
}
BOOL ReadEventLogW(WindowsProcess& p, Ptr h, uint32_t flags, uint32_t offset, Ptr buf, uint32_t size, Ptr read, Ptr needed) {
  return read_log(p, h.addr, flags, offset, buf, size, read, needed, true);
}
BOOL ReadEventLogA(WindowsProcess& p, Ptr h, uint32_t flags, uint32_t offset, Ptr buf, uint32_t size, Ptr read, Ptr needed) {
  return read_log(p, h.addr, flags, offset, buf, size, read, needed, false);
}

// BackupEventLog: the log's records into a new file (one that exists: ERROR_ALREADY_EXISTS).
BOOL backup(WindowsProcess& p, uint64_t h, const std::string& file, bool given) {
  OpenLog* l = log_of(h);
  if (!l) return fail(p, ERROR_INVALID_HANDLE);
  if (!given || file.empty()) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string path = windows_to_host_path(file);
  if (::access(path.c_str(), F_OK) == 0) return fail(p, 183);  // ERROR_ALREADY_EXISTS
  if (!write_records(path, read_records(l->path))) return fail_errno(p);
  return TRUE;
}
BOOL BackupEventLogW(WindowsProcess& p, Ptr h, WStr file) { return backup(p, h.addr, utf16_to_utf8(file.str()), file.addr); }
BOOL BackupEventLogA(WindowsProcess& p, Ptr h, AStr file) { return backup(p, h.addr, file.str(), file.addr); }

// ClearEventLog: clearing a log is the administrators' (its backup, when asked for, made first).
BOOL clear(WindowsProcess& p, uint64_t h, const std::string& file, bool given) {
  OpenLog* l = log_of(h);
  if (!l) return fail(p, ERROR_INVALID_HANDLE);
  if (given && !file.empty() && !backup(p, h, file, true)) return FALSE;
  return fail(p, ERROR_ACCESS_DENIED);
}
BOOL ClearEventLogW(WindowsProcess& p, Ptr h, WStr file) { return clear(p, h.addr, utf16_to_utf8(file.str()), file.addr); }
BOOL ClearEventLogA(WindowsProcess& p, Ptr h, AStr file) { return clear(p, h.addr, file.str(), file.addr); }

}  // namespace

}  // namespace advapi32_event_log

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_event_log_read_exports() {
  using namespace advapi32_event_log;
  static const std::vector<Export> exports = {
      EXPORT("OpenEventLogW", OpenEventLogW),
      EXPORT("OpenEventLogA", OpenEventLogA),
      EXPORT("OpenBackupEventLogW", OpenBackupEventLogW),
      EXPORT("OpenBackupEventLogA", OpenBackupEventLogA),
      EXPORT("CloseEventLog", CloseEventLog),
      EXPORT("GetNumberOfEventLogRecords", GetNumberOfEventLogRecords),
      EXPORT("GetOldestEventLogRecord", GetOldestEventLogRecord),
      EXPORT("GetEventLogInformation", GetEventLogInformation),
      EXPORT("NotifyChangeEventLog", NotifyChangeEventLog),
      EXPORT("ReadEventLogW", ReadEventLogW),
      EXPORT("ReadEventLogA", ReadEventLogA),
      EXPORT("BackupEventLogW", BackupEventLogW),
      EXPORT("BackupEventLogA", BackupEventLogA),
      EXPORT("ClearEventLogW", ClearEventLogW),
      EXPORT("ClearEventLogA", ClearEventLogA),
  };
  return exports;
}

}  // namespace polyrun::shims
