// ADVAPI32.dll, the rest of the service control manager over the table services.cpp keeps, which
// holds no service (advapi32/services.cpp): listing finds none, a service's name or display name is
// ERROR_SERVICE_DOES_NOT_EXIST, the calls on a service's handle meet no such handle; the manager's
// database is never locked, and locking it needs SC_MANAGER_LOCK, an administrator's right
// (ERROR_ACCESS_DENIED); the manager's security descriptor is Windows' default one, which a
// standard user may read but not change (WRITE_DAC: ERROR_ACCESS_DENIED); a notification of
// services created or deleted is registered, and never fires, as no service is created here.
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "shims/advapi32/acl.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

bool advapi32_is_service_manager(uint64_t handle);  // advapi32/services.cpp

namespace advapi32_services_more {

constexpr uint32_t kErrorInvalidAddress = 487, kErrorServiceDoesNotExist = 1060, kErrorInvalidServiceLock = 1071;

bool manager(Ptr h) { return advapi32_is_service_manager(h.addr); }

// EnumServicesStatus: SERVICE_WIN32 | SERVICE_DRIVER types (0x3b at most), SERVICE_ACTIVE 1,
// INACTIVE 2, STATE_ALL 3; none to list.
BOOL EnumServicesStatus(WindowsProcess& p, Ptr h, uint32_t type, uint32_t state, Ptr, uint32_t, Ptr needed, Ptr returned,
                        Ptr resume) {
  if (!manager(h)) return fail(p, ERROR_INVALID_HANDLE);
  if (!type || (type & ~0x13fu) || !state || state > 3) return fail(p, ERROR_INVALID_PARAMETER);
  if (!needed || !returned) return fail(p, kErrorInvalidAddress);
  put<uint32_t>(needed.addr, 0);
  put<uint32_t>(returned.addr, 0);
  if (resume) put<uint32_t>(resume.addr, 0);
  return TRUE;
}

// The calls on a service's handle (OpenService never gives one).
BOOL EnumDependentServices(WindowsProcess& p, Ptr, uint32_t, Ptr, uint32_t, Ptr, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL QueryServiceConfig2(WindowsProcess& p, Ptr, uint32_t, Ptr, uint32_t, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL ChangeServiceConfig(WindowsProcess& p, Ptr, uint32_t, uint32_t, uint32_t, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr) {
  return fail(p, ERROR_INVALID_HANDLE);
}
BOOL ChangeServiceConfig2(WindowsProcess& p, Ptr, uint32_t, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL SetServiceBits(WindowsProcess& p, Ptr, uint32_t, int32_t, int32_t) { return fail(p, ERROR_INVALID_HANDLE); }

// GetServiceDisplayName, GetServiceKeyName: of a service that does not exist.
BOOL service_name(WindowsProcess& p, Ptr h, Ptr name, Ptr out, Ptr size, bool wide) {
  if (!manager(h)) return fail(p, ERROR_INVALID_HANDLE);
  if (!name || !size) return fail(p, kErrorInvalidAddress);
  if (out && get<uint32_t>(size.addr)) {
    if (wide) put<uint16_t>(out.addr, 0);
    else put<uint8_t>(out.addr, 0);
  }
  put<uint32_t>(size.addr, 0);
  return fail(p, kErrorServiceDoesNotExist);
}
BOOL GetServiceDisplayNameW(WindowsProcess& p, Ptr h, Ptr name, Ptr out, Ptr size) { return service_name(p, h, name, out, size, true); }
BOOL GetServiceDisplayNameA(WindowsProcess& p, Ptr h, Ptr name, Ptr out, Ptr size) { return service_name(p, h, name, out, size, false); }
BOOL GetServiceKeyNameW(WindowsProcess& p, Ptr h, Ptr name, Ptr out, Ptr size) { return service_name(p, h, name, out, size, true); }
BOOL GetServiceKeyNameA(WindowsProcess& p, Ptr h, Ptr name, Ptr out, Ptr size) { return service_name(p, h, name, out, size, false); }

// LockServiceDatabase: SC_MANAGER_LOCK is granted to administrators alone.
Ptr LockServiceDatabase(WindowsProcess& p, Ptr h) {
  if (!manager(h)) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  return Ptr(fail(p, ERROR_ACCESS_DENIED));
}
BOOL UnlockServiceDatabase(WindowsProcess& p, Ptr) { return fail(p, kErrorInvalidServiceLock); }

// QueryServiceLockStatus: QUERY_SERVICE_LOCK_STATUS (fIsLocked, lpLockOwner, dwLockDuration) and
// the owner's name after it: never locked, no owner ("").
BOOL query_lock(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size, Ptr needed, bool wide) {
  if (!manager(h)) return fail(p, ERROR_INVALID_HANDLE);
  if (!needed) return fail(p, kErrorInvalidAddress);
  const unsigned ps = p.isa->ptr;
  const uint32_t head = ps == 8 ? 24 : 12, need = head + (wide ? 2 : 1);
  put<uint32_t>(needed.addr, need);
  if (size < need || !buf) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memset(buf.as<void>(), 0, need);
  p.put_ptr(buf.addr + ps, buf.addr + head);
  return TRUE;
}
BOOL QueryServiceLockStatusW(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size, Ptr needed) {
  return query_lock(p, h, buf, size, needed, true);
}
BOOL QueryServiceLockStatusA(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size, Ptr needed) {
  return query_lock(p, h, buf, size, needed, false);
}

// The manager's descriptor (Windows' default): owner and group SYSTEM; Authenticated Users may
// connect, INTERACTIVE and SERVICE users also enumerate, query the lock status and read, SYSTEM
// also modify the boot configuration, Administrators everything.
std::vector<uint8_t> manager_descriptor(uint32_t info) {
  auto ace = [](uint32_t mask, const char* sid) {
    advapi32_acl::Ace a;
    a.mask = mask;
    a.sid = sid_bytes(sid);
    return a;
  };
  const std::vector<advapi32_acl::Ace> aces = {ace(0x1, "S-1-5-11"), ace(0x20015, "S-1-5-4"), ace(0x20015, "S-1-5-6"),
                                               ace(0x20035, "S-1-5-18"), ace(0xf003f, "S-1-5-32-544")};
  const std::vector<uint8_t> dacl = advapi32_acl::acl_bytes(aces, 2);
  return advapi32_acl::self_relative_sd(0, (info & 1) ? sid_bytes("S-1-5-18") : std::vector<uint8_t>{},
                                        (info & 2) ? sid_bytes("S-1-5-18") : std::vector<uint8_t>{}, nullptr,
                                        (info & 4) ? &dacl : nullptr);
}
BOOL QueryServiceObjectSecurity(WindowsProcess& p, Ptr h, uint32_t info, Ptr sd, uint32_t size, Ptr needed) {
  if (!manager(h)) return fail(p, ERROR_INVALID_HANDLE);
  if (info & 0x8) return fail(p, 1314);  // the SACL: ERROR_PRIVILEGE_NOT_HELD
  if (!needed) return fail(p, kErrorInvalidAddress);
  const std::vector<uint8_t> b = manager_descriptor(info);
  put<uint32_t>(needed.addr, static_cast<uint32_t>(b.size()));
  if (size < b.size() || !sd) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(sd.as<void>(), b.data(), b.size());
  return TRUE;
}
BOOL SetServiceObjectSecurity(WindowsProcess& p, Ptr h, uint32_t, Ptr sd) {
  if (!manager(h)) return fail(p, ERROR_INVALID_HANDLE);
  if (!sd) return fail(p, ERROR_INVALID_PARAMETER);
  return fail(p, ERROR_ACCESS_DENIED);
}

// NotifyServiceStatusChange on the manager: SERVICE_NOTIFY_CREATED 0x80, SERVICE_NOTIFY_DELETED
// 0x100 alone; the notification waits for a change that never comes.
std::set<uint64_t>& waiting_notifications() {
  static std::set<uint64_t> n;
  return n;
}
uint32_t NotifyServiceStatusChangeW(WindowsProcess&, Ptr h, uint32_t mask, Ptr notify) {
  if (!manager(h)) return ERROR_INVALID_HANDLE;
  if (!notify || !mask || (mask & ~0x180u)) return ERROR_INVALID_PARAMETER;
  waiting_notifications().insert(notify.addr);
  return ERROR_SUCCESS;
}

// NotifyBootConfigStatus: the boot's verdict, which the manager takes from a caller with
// SC_MANAGER_MODIFY_BOOT_CONFIG, SYSTEM's and administrators' (ERROR_ACCESS_DENIED).
BOOL NotifyBootConfigStatus(WindowsProcess& p, int32_t) { return fail(p, ERROR_ACCESS_DENIED); }

}  // namespace advapi32_services_more

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_service_more_exports() {
  using namespace advapi32_services_more;
  static const std::vector<Export> exports = {
      EXPORT("EnumServicesStatusW", EnumServicesStatus),
      EXPORT("EnumServicesStatusA", EnumServicesStatus),
      EXPORT("EnumDependentServicesW", EnumDependentServices),
      EXPORT("EnumDependentServicesA", EnumDependentServices),
      EXPORT("QueryServiceConfig2W", QueryServiceConfig2),
      EXPORT("QueryServiceConfig2A", QueryServiceConfig2),
      EXPORT("ChangeServiceConfigW", ChangeServiceConfig),
      EXPORT("ChangeServiceConfigA", ChangeServiceConfig),
      EXPORT("ChangeServiceConfig2W", ChangeServiceConfig2),
      EXPORT("ChangeServiceConfig2A", ChangeServiceConfig2),
      EXPORT("SetServiceBits", SetServiceBits),
      EXPORT("GetServiceDisplayNameW", GetServiceDisplayNameW),
      EXPORT("GetServiceDisplayNameA", GetServiceDisplayNameA),
      EXPORT("GetServiceKeyNameW", GetServiceKeyNameW),
      EXPORT("GetServiceKeyNameA", GetServiceKeyNameA),
      EXPORT("LockServiceDatabase", LockServiceDatabase),
      EXPORT("UnlockServiceDatabase", UnlockServiceDatabase),
      EXPORT("QueryServiceLockStatusW", QueryServiceLockStatusW),
      EXPORT("QueryServiceLockStatusA", QueryServiceLockStatusA),
      EXPORT("QueryServiceObjectSecurity", QueryServiceObjectSecurity),
      EXPORT("SetServiceObjectSecurity", SetServiceObjectSecurity),
      EXPORT("NotifyServiceStatusChangeW", NotifyServiceStatusChangeW),
      EXPORT("NotifyBootConfigStatus", NotifyBootConfigStatus),
  };
  return exports;
}

}  // namespace polyrun::shims
