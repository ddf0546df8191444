// SETUPAPI's device information sets (SetupDi*): sets made (SetupDiCreateDeviceInfoList(Ex),
// SetupDiGetClassDevs(Ex), narrow and wide), walked (SetupDiEnumDeviceInfo,
// SetupDiEnumDeviceInterfaces), asked about (interface details, registry properties, instance IDs,
// the set's class) and destroyed. polyrun presents a machine whose device tree is its root alone
// (config_manager.cpp): no device of any class or interface is installed, so every set a query
// makes is empty, as Windows' is where no device of the class is present, and a device or interface
// the caller names is none of the set's.
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/win_errors.h"
#include "shims/setupapi/setupapi.h"

namespace polyrun::shims::setupapi {

Guid read_guid(uint64_t addr) {
  Guid g{};
  copy_guest(g.data(), guest_pointer(addr), 16, addr, false);
  return g;
}
void write_guid(uint64_t addr, const Guid& g) { copy_guest(guest_pointer(addr), g.data(), 16, addr, true); }

namespace {

constexpr uint32_t DIGCF_ALLCLASSES = 0x4, DIGCF_DEVICEINTERFACE = 0x10;
constexpr uint32_t ERROR_NO_MORE_ITEMS = 259, ERROR_INVALID_USER_BUFFER = 1784;
constexpr uint64_t kInvalidHandle = ~0ull;

struct DeviceSet {
  Guid class_guid{};  // zeros: the set has no class
};

std::map<uint64_t, DeviceSet>& sets() {
  static std::map<uint64_t, DeviceSet> t;
  return t;
}

Ptr invalid(WindowsProcess& p) { return p.isa->ptr == 4 ? 0xffffffffull : kInvalidHandle; }

// The set of a handle; ERROR_INVALID_HANDLE for another.
DeviceSet* find_set(WindowsProcess& p, uint64_t h) {
  auto it = sets().find(h);
  if (it == sets().end()) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  return &it->second;
}

// SP_DEVINFO_DATA and SP_DEVICE_INTERFACE_DATA: a DWORD, a GUID, a DWORD and a ULONG_PTR.
uint32_t record_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 32 : 28; }

bool remote(uint64_t machine, bool wide) {
  if (!machine) return false;
  return wide ? get<uint16_t>(machine) != 0 : get<uint8_t>(machine) != 0;
}

// A new, empty set: its handle, or INVALID_HANDLE_VALUE with the error. Another machine's device
// tree cannot be reached (remote access to it has gone since Windows 8): ERROR_INVALID_MACHINENAME.
Ptr new_set(WindowsProcess& p, uint64_t class_guid, uint64_t machine, uint64_t reserved, bool wide) {
  if (reserved) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return invalid(p);
  }
  if (remote(machine, wide)) {
    p.set_last_error(ERROR_INVALID_MACHINENAME);
    return invalid(p);
  }
  DeviceSet s;
  if (class_guid) s.class_guid = read_guid(class_guid);
  const uint64_t h = p.heap.alloc(16, true);
  sets()[h] = s;
  return h;
}

Ptr SetupDiCreateDeviceInfoList(WindowsProcess& p, Ptr class_guid, Ptr) { return new_set(p, class_guid.addr, 0, 0, true); }
Ptr SetupDiCreateDeviceInfoListExA(WindowsProcess& p, Ptr class_guid, Ptr, AStr machine, Ptr reserved) {
  return new_set(p, class_guid.addr, machine.addr, reserved.addr, false);
}
Ptr SetupDiCreateDeviceInfoListExW(WindowsProcess& p, Ptr class_guid, Ptr, WStr machine, Ptr reserved) {
  return new_set(p, class_guid.addr, machine.addr, reserved.addr, true);
}

// The devices (or, with DIGCF_DEVICEINTERFACE, the interfaces) of a class, or of every class with
// DIGCF_ALLCLASSES, added to `existing` or to a new set: none are installed.
Ptr class_devs(WindowsProcess& p, uint64_t class_guid, uint32_t flags, uint64_t existing, uint64_t machine,
               uint64_t reserved, bool wide) {
  if (!(flags & DIGCF_ALLCLASSES) && !class_guid) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return invalid(p);
  }
  if (existing) {
    if (!find_set(p, existing)) return invalid(p);
    return existing;
  }
  const uint64_t set_class = (flags & (DIGCF_ALLCLASSES | DIGCF_DEVICEINTERFACE)) ? 0 : class_guid;
  return new_set(p, set_class, machine, reserved, wide);
}

Ptr SetupDiGetClassDevsA(WindowsProcess& p, Ptr class_guid, AStr, Ptr, uint32_t flags) {
  return class_devs(p, class_guid.addr, flags, 0, 0, 0, false);
}
Ptr SetupDiGetClassDevsW(WindowsProcess& p, Ptr class_guid, WStr, Ptr, uint32_t flags) {
  return class_devs(p, class_guid.addr, flags, 0, 0, 0, true);
}
Ptr SetupDiGetClassDevsExA(WindowsProcess& p, Ptr class_guid, AStr, Ptr, uint32_t flags, Ptr set, AStr machine, Ptr reserved) {
  return class_devs(p, class_guid.addr, flags, set.addr, machine.addr, reserved.addr, false);
}
Ptr SetupDiGetClassDevsExW(WindowsProcess& p, Ptr class_guid, WStr, Ptr, uint32_t flags, Ptr set, WStr machine, Ptr reserved) {
  return class_devs(p, class_guid.addr, flags, set.addr, machine.addr, reserved.addr, true);
}

uint32_t SetupDiDestroyDeviceInfoList(WindowsProcess& p, Ptr set) {
  if (!find_set(p, set.addr)) return 0;
  sets().erase(set.addr);
  p.heap.free(set.addr);
  return 1;
}

uint32_t SetupDiEnumDeviceInfo(WindowsProcess& p, Ptr set, uint32_t, Ptr data) {
  if (!find_set(p, set.addr)) return 0;
  if (!data) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  if (get<uint32_t>(data.addr) != record_size(p)) return p.set_last_error(ERROR_INVALID_USER_BUFFER), 0;
  p.set_last_error(ERROR_NO_MORE_ITEMS);
  return 0;
}

// A device of the set named by an SP_DEVINFO_DATA: sets hold none, so the handle's error, or
// ERROR_INVALID_PARAMETER for the record.
uint32_t no_device(WindowsProcess& p, uint64_t set) {
  if (!find_set(p, set)) return 0;
  p.set_last_error(ERROR_INVALID_PARAMETER);
  return 0;
}

uint32_t SetupDiEnumDeviceInterfaces(WindowsProcess& p, Ptr set, Ptr device, Ptr, uint32_t, Ptr data) {
  if (!data || get<uint32_t>(data.addr) != record_size(p)) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  // The record is cleared (its size kept) before anything else can fail.
  std::vector<uint8_t> zeros(record_size(p) - 4, 0);
  copy_guest(guest_pointer(data.addr + 4), zeros.data(), zeros.size(), data.addr + 4, true);
  if (device) return no_device(p, set.addr);
  if (!find_set(p, set.addr)) return 0;
  p.set_last_error(ERROR_NO_MORE_ITEMS);
  return 0;
}

// SetupDiGetDeviceInterfaceDetail: the interface named is none of the set's.
uint32_t SetupDiGetDeviceInterfaceDetailA(WindowsProcess& p, Ptr set, Ptr, Ptr, uint32_t, Ptr, Ptr) {
  return no_device(p, set.addr);
}
uint32_t SetupDiGetDeviceInterfaceDetailW(WindowsProcess& p, Ptr set, Ptr, Ptr, uint32_t, Ptr, Ptr) {
  return no_device(p, set.addr);
}
uint32_t SetupDiGetDeviceRegistryPropertyA(WindowsProcess& p, Ptr set, Ptr, uint32_t, Ptr, Ptr, uint32_t, Ptr) {
  return no_device(p, set.addr);
}
uint32_t SetupDiGetDeviceRegistryPropertyW(WindowsProcess& p, Ptr set, Ptr, uint32_t, Ptr, Ptr, uint32_t, Ptr) {
  return no_device(p, set.addr);
}
uint32_t SetupDiGetDeviceInstanceIdA(WindowsProcess& p, Ptr set, Ptr, Ptr, uint32_t, Ptr) { return no_device(p, set.addr); }
uint32_t SetupDiGetDeviceInstanceIdW(WindowsProcess& p, Ptr set, Ptr, Ptr, uint32_t, Ptr) { return no_device(p, set.addr); }
uint32_t SetupDiDeleteDeviceInfo(WindowsProcess& p, Ptr set, Ptr) { return no_device(p, set.addr); }

// SetupDiOpenDeviceInfo: the instance ID names no device of this machine.
uint32_t open_device(WindowsProcess& p, uint64_t set, uint64_t id) {
  if (!find_set(p, set)) return 0;
  p.set_last_error(id ? ERROR_NO_SUCH_DEVINST : ERROR_INVALID_PARAMETER);
  return 0;
}
uint32_t SetupDiOpenDeviceInfoA(WindowsProcess& p, Ptr set, AStr id, Ptr, uint32_t, Ptr) { return open_device(p, set.addr, id.addr); }
uint32_t SetupDiOpenDeviceInfoW(WindowsProcess& p, Ptr set, WStr id, Ptr, uint32_t, Ptr) { return open_device(p, set.addr, id.addr); }

// SP_DEVINFO_LIST_DETAIL_DATA: cbSize, ClassGuid, RemoteMachineHandle, RemoteMachineName[263].
uint32_t list_detail(WindowsProcess& p, uint64_t set, uint64_t detail, bool wide) {
  DeviceSet* s = find_set(p, set);
  if (!s) return 0;
  const uint64_t ps = p.isa->ptr;
  const uint64_t name_at = 4 + 16 + (ps == 8 ? 4 : 0) + ps;
  // (setupapi.h packs its structures to 1 byte on i386, to 8 on x64.)
  const uint64_t end = name_at + 263 * (wide ? 2 : 1);
  const uint64_t size = ps == 8 ? (end + 7) / 8 * 8 : end;
  if (!detail || get<uint32_t>(detail) != size) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  write_guid(detail + 4, s->class_guid);
  p.put_ptr(detail + name_at - ps, 0);
  if (wide) put<uint16_t>(detail + name_at, 0);
  else put<uint8_t>(detail + name_at, 0);
  return 1;
}
uint32_t SetupDiGetDeviceInfoListDetailA(WindowsProcess& p, Ptr set, Ptr detail) { return list_detail(p, set.addr, detail.addr, false); }
uint32_t SetupDiGetDeviceInfoListDetailW(WindowsProcess& p, Ptr set, Ptr detail) { return list_detail(p, set.addr, detail.addr, true); }

}  // namespace

const std::vector<Export>& device_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetupDiCreateDeviceInfoList", SetupDiCreateDeviceInfoList),
      EXPORT("SetupDiCreateDeviceInfoListExA", SetupDiCreateDeviceInfoListExA),
      EXPORT("SetupDiCreateDeviceInfoListExW", SetupDiCreateDeviceInfoListExW),
      EXPORT("SetupDiGetClassDevsA", SetupDiGetClassDevsA),
      EXPORT("SetupDiGetClassDevsW", SetupDiGetClassDevsW),
      EXPORT("SetupDiGetClassDevsExA", SetupDiGetClassDevsExA),
      EXPORT("SetupDiGetClassDevsExW", SetupDiGetClassDevsExW),
      EXPORT("SetupDiDestroyDeviceInfoList", SetupDiDestroyDeviceInfoList),
      EXPORT("SetupDiEnumDeviceInfo", SetupDiEnumDeviceInfo),
      EXPORT("SetupDiEnumDeviceInterfaces", SetupDiEnumDeviceInterfaces),
      EXPORT("SetupDiGetDeviceInterfaceDetailA", SetupDiGetDeviceInterfaceDetailA),
      EXPORT("SetupDiGetDeviceInterfaceDetailW", SetupDiGetDeviceInterfaceDetailW),
      EXPORT("SetupDiGetDeviceRegistryPropertyA", SetupDiGetDeviceRegistryPropertyA),
      EXPORT("SetupDiGetDeviceRegistryPropertyW", SetupDiGetDeviceRegistryPropertyW),
      EXPORT("SetupDiGetDeviceInstanceIdA", SetupDiGetDeviceInstanceIdA),
      EXPORT("SetupDiGetDeviceInstanceIdW", SetupDiGetDeviceInstanceIdW),
      EXPORT("SetupDiDeleteDeviceInfo", SetupDiDeleteDeviceInfo),
      EXPORT("SetupDiOpenDeviceInfoA", SetupDiOpenDeviceInfoA),
      EXPORT("SetupDiOpenDeviceInfoW", SetupDiOpenDeviceInfoW),
      EXPORT("SetupDiGetDeviceInfoListDetailA", SetupDiGetDeviceInfoListDetailA),
      EXPORT("SetupDiGetDeviceInfoListDetailW", SetupDiGetDeviceInfoListDetailW),
  };
  return e;
}

}  // namespace polyrun::shims::setupapi
