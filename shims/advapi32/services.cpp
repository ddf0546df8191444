// ADVAPI32.dll, services: the service control manager as a program sees it under polyrun, and the
// calls a service program makes. polyrun runs programs, not services: its service control manager
// (OpenSCManager) opens, lists no service and opens none (ERROR_SERVICE_DOES_NOT_EXIST), and
// refuses to install one (ERROR_ACCESS_DENIED, as to a caller without SC_MANAGER_CREATE_SERVICE).
// A program that tries to run as a service learns what a program started from a console learns on
// Windows: StartServiceCtrlDispatcher cannot connect to the service controller, and no service of
// this process can register a control handler. Go's golang.org/x/sys/windows/svc looks these
// functions up at start-up.
#include <strings.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t ERROR_INVALID_ADDRESS_ = 487, ERROR_SERVICE_DOES_NOT_EXIST = 1060,
                   ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063, ERROR_DATABASE_DOES_NOT_EXIST = 1065,
                   RPC_S_SERVER_UNAVAILABLE = 1722;

// The service control manager handles handed out (each the address of a block of the process
// heap, so no two are alike).
std::set<uint64_t>& managers() {
  static std::set<uint64_t> m;
  return m;
}

bool local_machine(const std::string* machine) {
  if (!machine) return true;
  std::string m = *machine;
  while (!m.empty() && m.front() == '\\') m.erase(0, 1);
  return m == "localhost" || m == "." || names_this_computer(m);
}

// OpenSCManager(machine, database, access): this machine's manager; the database is
// SERVICES_ACTIVE_DATABASE ("ServicesActive") or none (another name is ERROR_INVALID_NAME).
uint64_t open_manager(WindowsProcess& p, const std::string* machine, const std::string* database) {
  if (!local_machine(machine)) return fail(p, RPC_S_SERVER_UNAVAILABLE), 0;
  if (database && strcasecmp(database->c_str(), "ServicesActive") != 0)  // (SERVICES_FAILED_DATABASE exists, not here)
    return fail(p, strcasecmp(database->c_str(), "ServicesFailed") == 0 ? ERROR_DATABASE_DOES_NOT_EXIST : ERROR_INVALID_NAME), 0;
  const uint64_t h = p.heap.alloc(8, true);
  if (!h) return fail(p, ERROR_NOT_ENOUGH_MEMORY), 0;
  managers().insert(h);
  p.set_last_error(0);
  return h;
}
Ptr OpenSCManagerW(WindowsProcess& p, WStr machine, WStr database, uint32_t) {
  std::string m = machine.addr ? utf16_to_utf8(machine.str()) : "", d = database.addr ? utf16_to_utf8(database.str()) : "";
  return Ptr(open_manager(p, machine.addr ? &m : nullptr, database.addr ? &d : nullptr));
}
Ptr OpenSCManagerA(WindowsProcess& p, AStr machine, AStr database, uint32_t) {
  std::string m = machine.addr ? machine.str() : "", d = database.addr ? database.str() : "";
  return Ptr(open_manager(p, machine.addr ? &m : nullptr, database.addr ? &d : nullptr));
}

BOOL CloseServiceHandle(WindowsProcess& p, Ptr h) {
  if (!managers().erase(h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  p.heap.free(h.addr);
  return TRUE;
}

// OpenService(manager, name, access): no service exists.
Ptr OpenServiceW(WindowsProcess& p, Ptr manager, Ptr name, uint32_t) {
  if (!managers().count(manager.addr)) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  if (!name) return Ptr(fail(p, ERROR_INVALID_ADDRESS_));
  return Ptr(fail(p, ERROR_SERVICE_DOES_NOT_EXIST));
}

// CreateService(manager, name, display name, access, type, start, error control, path, group, tag,
// dependencies, account, password): refused.
Ptr CreateServiceW(WindowsProcess& p, Ptr manager, Ptr, Ptr, uint32_t, uint32_t, uint32_t, uint32_t, Ptr, Ptr, Ptr,
                   Ptr, Ptr, Ptr) {
  if (!managers().count(manager.addr)) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  return Ptr(fail(p, ERROR_ACCESS_DENIED));
}

// EnumServicesStatusEx(manager, level, type, state, buffer, size, &needed, &returned, &resume,
// group): none to list.
BOOL EnumServicesStatusEx(WindowsProcess& p, Ptr manager, uint32_t level, uint32_t, uint32_t, Ptr, uint32_t, Ptr needed,
                          Ptr returned, Ptr resume, Ptr) {
  if (!managers().count(manager.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (level != 0) return fail(p, 124);  // ERROR_INVALID_LEVEL (SC_ENUM_PROCESS_INFO is 0)
  if (!needed || !returned) return fail(p, ERROR_INVALID_ADDRESS_);
  put<uint32_t>(needed.addr, 0);
  put<uint32_t>(returned.addr, 0);
  if (resume) put<uint32_t>(resume.addr, 0);
  return TRUE;
}

// The calls on a service's handle: there is never one to call them on.
BOOL on_service2(WindowsProcess& p, Ptr, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL on_service1(WindowsProcess& p, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL on_service3(WindowsProcess& p, Ptr, uint32_t, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL on_service4(WindowsProcess& p, Ptr, uint32_t, Ptr, uint32_t) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL on_service5(WindowsProcess& p, Ptr, uint32_t, Ptr, uint32_t, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }

// StartServiceCtrlDispatcher(table): the process was not started by the service control manager.
BOOL StartServiceCtrlDispatcher(WindowsProcess& p, Ptr) { return fail(p, ERROR_FAILED_SERVICE_CONTROLLER_CONNECT); }

// RegisterServiceCtrlHandler(Ex)(name, handler[, context]): no service runs in this process.
Ptr RegisterServiceCtrlHandler(WindowsProcess& p, Ptr, Ptr) { return Ptr(fail(p, ERROR_SERVICE_DOES_NOT_EXIST)); }
Ptr RegisterServiceCtrlHandlerEx(WindowsProcess& p, Ptr, Ptr, Ptr) { return Ptr(fail(p, ERROR_SERVICE_DOES_NOT_EXIST)); }

}  // namespace

bool advapi32_is_service_manager(uint64_t handle) { return managers().count(handle) != 0; }

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_service_exports() {
  static const std::vector<Export> exports = {
      EXPORT("OpenSCManagerW", OpenSCManagerW),
      EXPORT("OpenSCManagerA", OpenSCManagerA),
      EXPORT("CloseServiceHandle", CloseServiceHandle),
      EXPORT("OpenServiceW", OpenServiceW),
      EXPORT("OpenServiceA", OpenServiceW),
      EXPORT("CreateServiceW", CreateServiceW),
      EXPORT("CreateServiceA", CreateServiceW),
      EXPORT("EnumServicesStatusExW", EnumServicesStatusEx),
      EXPORT("EnumServicesStatusExA", EnumServicesStatusEx),
      EXPORT("StartServiceCtrlDispatcherW", StartServiceCtrlDispatcher),
      EXPORT("StartServiceCtrlDispatcherA", StartServiceCtrlDispatcher),
      EXPORT("RegisterServiceCtrlHandlerW", RegisterServiceCtrlHandler),
      EXPORT("RegisterServiceCtrlHandlerA", RegisterServiceCtrlHandler),
      EXPORT("RegisterServiceCtrlHandlerExW", RegisterServiceCtrlHandlerEx),
      EXPORT("RegisterServiceCtrlHandlerExA", RegisterServiceCtrlHandlerEx),
      EXPORT("SetServiceStatus", on_service2),
      EXPORT("QueryServiceStatus", on_service2),
      EXPORT("DeleteService", on_service1),
      EXPORT("StartServiceW", on_service3),
      EXPORT("StartServiceA", on_service3),
      EXPORT("ControlService", on_service3),
      EXPORT("QueryServiceConfigW", on_service4),
      EXPORT("QueryServiceConfigA", on_service4),
      EXPORT("QueryServiceStatusEx", on_service5),
  };
  return exports;
}

}  // namespace polyrun::shims
