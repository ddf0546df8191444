// ADVAPI32.dll, classic event tracing and WMI as a standard user meets them where no trace session
// runs: the provider side is NTDLL's (EtwRegisterTraceGuids … ntdll/etw.cpp), which ADVAPI32's names
// call; controlling sessions needs administrators' rights ("Only users with administrative
// privileges, users in the Performance Log Users group, and services running as LocalSystem,
// LocalService, NetworkService can control event tracing sessions": Microsoft's StartTrace page), so
// StartTrace is ERROR_ACCESS_DENIED and a session named is one that does not exist
// (ERROR_WMI_INSTANCE_NOT_FOUND); no session gives a handle, so the functions taking one meet an
// invalid one. No WMI data provider is registered: a GUID is ERROR_WMI_GUID_NOT_FOUND and no data
// block can be opened.
#include <cstring>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/advapi32/nt_calls.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_trace_sessions {

constexpr uint32_t kErrorWmiGuidNotFound = 4200, kErrorWmiInstanceNotFound = 4201, kErrorBadLength = 24;

// A 64-bit argument of an NTDLL call: one slot for 64-bit programs, two (low, high) for 32-bit ones.
void add64(std::vector<uint64_t>& args, WindowsProcess& p, uint64_t v) {
  if (p.isa->ptr == 8) {
    args.push_back(v);
  } else {
    args.push_back(static_cast<uint32_t>(v));
    args.push_back(v >> 32);
  }
}

// ---- the provider side: NTDLL's ----

uint32_t RegisterTraceGuidsW(WindowsProcess& p, Ptr callback, Ptr context, Ptr control, uint32_t count, Ptr regs, Ptr path,
                             Ptr resource, Ptr handle) {
  return advapi32_nt::status(p, "EtwRegisterTraceGuidsW", {callback.addr, context.addr, control.addr, count, regs.addr,
                                                           path.addr, resource.addr, handle.addr});
}
uint32_t RegisterTraceGuidsA(WindowsProcess& p, Ptr callback, Ptr context, Ptr control, uint32_t count, Ptr regs, Ptr path,
                             Ptr resource, Ptr handle) {
  return advapi32_nt::status(p, "EtwRegisterTraceGuidsA", {callback.addr, context.addr, control.addr, count, regs.addr,
                                                           path.addr, resource.addr, handle.addr});
}
uint32_t UnregisterTraceGuids(WindowsProcess& p, uint64_t handle) {
  std::vector<uint64_t> a;
  add64(a, p, handle);
  return advapi32_nt::status(p, "EtwUnregisterTraceGuids", a);
}
// (NTDLL answers no logger handle but INVALID_HANDLE_VALUE's 64 bits, whose low half is all a
// 32-bit call returns.)
uint64_t GetTraceLoggerHandle(WindowsProcess& p, Ptr buffer) {
  const uint64_t r = advapi32_nt::call(p, "EtwGetTraceLoggerHandle", {buffer.addr});
  return p.isa->ptr == 4 && r == 0xffffffffull ? ~0ull : r;
}
uint32_t GetTraceEnableFlags(WindowsProcess& p, uint64_t logger) {
  std::vector<uint64_t> a;
  add64(a, p, logger);
  return advapi32_nt::status(p, "EtwGetTraceEnableFlags", a);
}
uint8_t GetTraceEnableLevel(WindowsProcess& p, uint64_t logger) {
  std::vector<uint64_t> a;
  add64(a, p, logger);
  return static_cast<uint8_t>(advapi32_nt::call(p, "EtwGetTraceEnableLevel", a));
}
uint32_t TraceEvent(WindowsProcess& p, uint64_t session, Ptr header) {
  std::vector<uint64_t> a;
  add64(a, p, session);
  a.push_back(header.addr);
  return advapi32_nt::status(p, "EtwLogTraceEvent", a);
}
uint32_t TraceMessageVa(WindowsProcess& p, uint64_t session, uint32_t flags, Ptr guid, uint32_t number, Ptr args) {
  std::vector<uint64_t> a;
  add64(a, p, session);
  a.insert(a.end(), {flags, guid.addr, number, args.addr});
  return advapi32_nt::status(p, "EtwTraceMessageVa", a);
}
// TraceMessage: TraceMessageVa's message (its arguments are read only for a session's handle, and
// no session gives one).
uint32_t TraceMessage(WindowsProcess& p, uint64_t session, uint32_t flags, Ptr guid, uint32_t number, VarArgs) {
  return TraceMessageVa(p, session, flags, guid, number, Ptr(0));
}

// ---- sessions ----

uint32_t StartTrace(WindowsProcess&, Ptr handle, Ptr name, Ptr properties) {
  if (!handle || !name || !properties) return ERROR_INVALID_PARAMETER;
  return ERROR_ACCESS_DENIED;
}

// ControlTrace (and StopTrace, QueryTrace, FlushTrace: EVENT_TRACE_CONTROL_STOP 1, QUERY 0, FLUSH 3):
// a session by handle or name, which cannot exist.
uint32_t control(uint32_t code, Ptr properties) {
  if (!properties || code > 4) return ERROR_INVALID_PARAMETER;
  if (get<uint32_t>(properties.addr) < 120) return kErrorBadLength;  // EVENT_TRACE_PROPERTIES' Wnode.BufferSize
  return kErrorWmiInstanceNotFound;
}
uint32_t ControlTrace(WindowsProcess&, uint64_t, Ptr, Ptr properties, uint32_t code) { return control(code, properties); }
uint32_t StopTrace(WindowsProcess&, uint64_t, Ptr, Ptr properties) { return control(1, properties); }
uint32_t QueryTrace(WindowsProcess&, uint64_t, Ptr, Ptr properties) { return control(0, properties); }
uint32_t FlushTrace(WindowsProcess&, uint64_t, Ptr, Ptr properties) { return control(3, properties); }

// QueryAllTraces: the sessions running, none.
uint32_t QueryAllTraces(WindowsProcess&, Ptr properties, uint32_t count, Ptr found) {
  if (!properties || !count || !found) return ERROR_INVALID_PARAMETER;
  put<uint32_t>(found.addr, 0);
  return ERROR_SUCCESS;
}

// Enabling a provider in a session: the session's handle, which no session gave.
uint32_t EnableTrace(WindowsProcess&, uint32_t, uint32_t, uint32_t, Ptr guid, uint64_t) {
  return guid ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER;
}
uint32_t EnableTraceEx(WindowsProcess&, Ptr guid, Ptr, uint64_t, uint32_t, uint8_t, uint64_t, uint64_t, uint32_t, Ptr) {
  return guid ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER;
}
uint32_t EnableTraceEx2(WindowsProcess&, uint64_t, Ptr guid, uint32_t, uint8_t, uint64_t, uint64_t, uint32_t, Ptr) {
  return guid ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER;
}
// TraceSetInformation: a session's settings (its handle), or the system's (handle 0), which only
// administrators may change.
uint32_t TraceSetInformation(WindowsProcess&, uint64_t session, uint32_t, Ptr, uint32_t) {
  return session ? ERROR_INVALID_HANDLE : ERROR_ACCESS_DENIED;
}

// OpenTrace: a real-time session by name (none runs: ERROR_WMI_INSTANCE_NOT_FOUND) or a log file
// (one that is missing: ERROR_FILE_NOT_FOUND; reading an .etl file's events is not provided:
// ERROR_NOT_SUPPORTED).
uint64_t open_trace(WindowsProcess& p, Ptr logfile, bool wide) {
  const uint64_t invalid = ~0ull;  // (INVALID_HANDLE_VALUE widened as a pointer is: sign-extended)
  if (!logfile) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return invalid;
  }
  // EVENT_TRACE_LOGFILE: LogFileName, LoggerName, CurrentTime, BuffersRead, LogFileMode (a union with
  // ProcessTraceMode) …
  const unsigned ps = p.isa->ptr;
  const uint64_t file = p.get_ptr(logfile.addr);
  if (file) {
    const std::string path = wide ? utf16_to_utf8(reinterpret_cast<const char16_t*>(guest_pointer(file)))
                                  : ansi_to_utf8(reinterpret_cast<const char*>(guest_pointer(file)));
    const uint64_t attrs =
        wide ? p.call_export("kernel32.dll", "GetFileAttributesW", {file}) : p.call_export("kernel32.dll", "GetFileAttributesA", {file});
    if (static_cast<uint32_t>(attrs) == 0xffffffffu) {
      p.set_last_error(ERROR_FILE_NOT_FOUND);
      return invalid;
    }
    log().debug("OpenTrace: reading the events of {} is not provided", path);
    p.set_last_error(ERROR_NOT_SUPPORTED);
    return invalid;
  }
  (void)ps;
  p.set_last_error(kErrorWmiInstanceNotFound);
  return invalid;
}
uint64_t OpenTraceW(WindowsProcess& p, Ptr logfile) { return open_trace(p, logfile, true); }
uint64_t OpenTraceA(WindowsProcess& p, Ptr logfile) { return open_trace(p, logfile, false); }
uint32_t ProcessTrace(WindowsProcess&, Ptr handles, uint32_t count, Ptr, Ptr) {
  if (!handles || !count) return ERROR_INVALID_PARAMETER;
  return ERROR_INVALID_HANDLE;
}
uint32_t CloseTrace(WindowsProcess&, uint64_t) { return ERROR_INVALID_HANDLE; }

// ---- WMI: no data provider ----

uint32_t WmiOpenBlock(WindowsProcess& p, Ptr guid, uint32_t, Ptr handle) {
  if (!handle) return ERROR_INVALID_PARAMETER;
  p.put_ptr(handle.addr, 0);
  return guid ? kErrorWmiGuidNotFound : ERROR_INVALID_PARAMETER;
}
uint32_t WmiQueryAllData(WindowsProcess&, Ptr, Ptr, Ptr) { return ERROR_INVALID_HANDLE; }
uint32_t WmiQueryGuidInformation(WindowsProcess&, Ptr, Ptr) { return ERROR_INVALID_HANDLE; }
uint32_t WmiSetSingleInstance(WindowsProcess&, Ptr, Ptr, uint32_t, uint32_t, Ptr) { return ERROR_INVALID_HANDLE; }
uint32_t WmiSetSingleItem(WindowsProcess&, Ptr, Ptr, uint32_t, uint32_t, uint32_t, Ptr) { return ERROR_INVALID_HANDLE; }
uint32_t WmiExecuteMethod(WindowsProcess&, Ptr, Ptr, uint32_t, uint32_t, Ptr, Ptr, Ptr) { return ERROR_INVALID_HANDLE; }
uint32_t WmiNotificationRegistration(WindowsProcess&, Ptr guid, uint8_t, Ptr, uint64_t, uint32_t) {
  return guid ? kErrorWmiGuidNotFound : ERROR_INVALID_PARAMETER;
}
// WmiMofEnumerateResources: the MOF resources registered, none.
uint32_t WmiMofEnumerateResources(WindowsProcess& p, Ptr, Ptr count, Ptr resources) {
  if (!count || !resources) return ERROR_INVALID_PARAMETER;
  put<uint32_t>(count.addr, 0);
  p.put_ptr(resources.addr, 0);
  return ERROR_SUCCESS;
}
// WmiFreeBuffer: a buffer WMI gave (of the process heap).
void WmiFreeBuffer(WindowsProcess& p, Ptr buffer) {
  if (buffer) p.heap.free(buffer.addr);
}

}  // namespace advapi32_trace_sessions

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_trace_session_exports() {
  using namespace advapi32_trace_sessions;
  static const std::vector<Export> exports = {
      EXPORT("RegisterTraceGuidsW", RegisterTraceGuidsW),
      EXPORT("RegisterTraceGuidsA", RegisterTraceGuidsA),
      EXPORT("UnregisterTraceGuids", UnregisterTraceGuids),
      EXPORT("GetTraceLoggerHandle", GetTraceLoggerHandle),
      EXPORT("GetTraceEnableFlags", GetTraceEnableFlags),
      EXPORT("GetTraceEnableLevel", GetTraceEnableLevel),
      EXPORT("TraceEvent", TraceEvent),
      EXPORT("TraceMessage", TraceMessage),
      EXPORT("TraceMessageVa", TraceMessageVa),
      EXPORT("StartTraceW", StartTrace),
      EXPORT("StartTraceA", StartTrace),
      EXPORT("ControlTraceW", ControlTrace),
      EXPORT("ControlTraceA", ControlTrace),
      EXPORT("StopTraceW", StopTrace),
      EXPORT("StopTraceA", StopTrace),
      EXPORT("QueryTraceW", QueryTrace),
      EXPORT("QueryTraceA", QueryTrace),
      EXPORT("FlushTraceW", FlushTrace),
      EXPORT("FlushTraceA", FlushTrace),
      EXPORT("QueryAllTracesW", QueryAllTraces),
      EXPORT("QueryAllTracesA", QueryAllTraces),
      EXPORT("EnableTrace", EnableTrace),
      EXPORT("EnableTraceEx", EnableTraceEx),
      EXPORT("EnableTraceEx2", EnableTraceEx2),
      EXPORT("TraceSetInformation", TraceSetInformation),
      EXPORT("OpenTraceW", OpenTraceW),
      EXPORT("OpenTraceA", OpenTraceA),
      EXPORT("ProcessTrace", ProcessTrace),
      EXPORT("CloseTrace", CloseTrace),
      EXPORT("WmiOpenBlock", WmiOpenBlock),
      EXPORT("WmiQueryAllDataW", WmiQueryAllData),
      EXPORT("WmiQueryAllDataA", WmiQueryAllData),
      EXPORT("WmiQueryGuidInformation", WmiQueryGuidInformation),
      EXPORT("WmiSetSingleInstanceW", WmiSetSingleInstance),
      EXPORT("WmiSetSingleInstanceA", WmiSetSingleInstance),
      EXPORT("WmiSetSingleItemW", WmiSetSingleItem),
      EXPORT("WmiSetSingleItemA", WmiSetSingleItem),
      EXPORT("WmiExecuteMethodW", WmiExecuteMethod),
      EXPORT("WmiExecuteMethodA", WmiExecuteMethod),
      EXPORT("WmiNotificationRegistrationW", WmiNotificationRegistration),
      EXPORT("WmiNotificationRegistrationA", WmiNotificationRegistration),
      EXPORT("WmiMofEnumerateResourcesW", WmiMofEnumerateResources),
      EXPORT("WmiMofEnumerateResourcesA", WmiMofEnumerateResources),
      EXPORT("WmiFreeBuffer", WmiFreeBuffer),
  };
  return exports;
}

}  // namespace polyrun::shims
