// The configuration manager's device tree (CM_*, which SETUPAPI and CFGMGR32 both export): the
// tree polyrun presents holds its root alone, "HTREE\ROOT\0", which CM_Locate_DevNode finds for
// an empty device ID (Microsoft's documentation: the root device's handle), with no parent, child or
// sibling, no registry properties and no device interfaces: no device is installed on this machine.
// Other device IDs name no device (CR_NO_SUCH_DEVNODE).
#include <strings.h>

#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/setupapi/setupapi.h"

namespace polyrun::shims::setupapi {

namespace {

constexpr uint32_t CR_SUCCESS = 0, CR_INVALID_POINTER = 3, CR_INVALID_FLAG = 4, CR_INVALID_DEVNODE = 5,
                   CR_NO_SUCH_DEVNODE = 0x0d, CR_BUFFER_SMALL = 0x1a, CR_INVALID_DEVICE_ID = 0x1e,
                   CR_NO_SUCH_VALUE = 0x25, CR_INVALID_MACHINENAME = 0x2f;
constexpr uint32_t kRoot = 1;  // the root device's DEVINST
constexpr const char* kRootId = "HTREE\\ROOT\\0";

bool remote(uint64_t machine) { return machine != 0; }  // an HMACHINE of another computer

std::string id_text(uint64_t id, bool wide) {
  if (!id) return "";
  if (!wide) return ansi_to_utf8(reinterpret_cast<const char*>(guest_pointer(id)));
  return utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(id))));
}

// CM_Locate_DevNode(_Ex): flags CM_LOCATE_DEVNODE_NORMAL, _PHANTOM, _CANCELREMOVE, _NOVALIDATION.
uint32_t locate(WindowsProcess&, uint64_t out, uint64_t id, uint32_t flags, uint64_t machine, bool wide) {
  if (!out) return CR_INVALID_POINTER;
  if (flags & ~7u) return CR_INVALID_FLAG;
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  const std::string s = id_text(id, wide);
  if (s.empty() || strcasecmp(s.c_str(), kRootId) == 0) {
    put<uint32_t>(out, kRoot);
    return CR_SUCCESS;
  }
  if (s.size() > 199 || s.find('\\') == std::string::npos) return CR_INVALID_DEVICE_ID;  // no enumerator\ID form
  return CR_NO_SUCH_DEVNODE;
}
uint32_t CM_Locate_DevNodeA(WindowsProcess& p, Ptr out, AStr id, uint32_t flags) { return locate(p, out.addr, id.addr, flags, 0, false); }
uint32_t CM_Locate_DevNodeW(WindowsProcess& p, Ptr out, WStr id, uint32_t flags) { return locate(p, out.addr, id.addr, flags, 0, true); }
uint32_t CM_Locate_DevNode_ExA(WindowsProcess& p, Ptr out, AStr id, uint32_t flags, Ptr machine) {
  return locate(p, out.addr, id.addr, flags, machine.addr, false);
}
uint32_t CM_Locate_DevNode_ExW(WindowsProcess& p, Ptr out, WStr id, uint32_t flags, Ptr machine) {
  return locate(p, out.addr, id.addr, flags, machine.addr, true);
}

// CM_Get_Device_ID(_Ex): the device's ID, truncated with CR_BUFFER_SMALL where the buffer is
// shorter; with no room for the terminator alone, the ID unterminated.
uint32_t device_id(WindowsProcess&, uint32_t dn, uint64_t buf, uint32_t len, uint32_t flags, uint64_t machine, bool wide) {
  if (dn != kRoot) return CR_INVALID_DEVNODE;
  if (!buf) return CR_INVALID_POINTER;
  if (flags) return CR_INVALID_FLAG;
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  const std::string id = kRootId;
  const uint32_t n = static_cast<uint32_t>(id.size());
  const uint32_t copy = std::min(n, len);
  for (uint32_t i = 0; i < copy; ++i) {
    if (wide) put<uint16_t>(buf + 2 * i, static_cast<uint8_t>(id[i]));
    else put<uint8_t>(buf + i, static_cast<uint8_t>(id[i]));
  }
  if (len > n) {
    if (wide) put<uint16_t>(buf + 2 * n, 0);
    else put<uint8_t>(buf + n, 0);
  }
  return len < n ? CR_BUFFER_SMALL : CR_SUCCESS;
}
uint32_t CM_Get_Device_IDA(WindowsProcess& p, uint32_t dn, Ptr buf, uint32_t len, uint32_t flags) {
  return device_id(p, dn, buf.addr, len, flags, 0, false);
}
uint32_t CM_Get_Device_IDW(WindowsProcess& p, uint32_t dn, Ptr buf, uint32_t len, uint32_t flags) {
  return device_id(p, dn, buf.addr, len, flags, 0, true);
}
uint32_t CM_Get_Device_ID_ExA(WindowsProcess& p, uint32_t dn, Ptr buf, uint32_t len, uint32_t flags, Ptr machine) {
  return device_id(p, dn, buf.addr, len, flags, machine.addr, false);
}
uint32_t CM_Get_Device_ID_ExW(WindowsProcess& p, uint32_t dn, Ptr buf, uint32_t len, uint32_t flags, Ptr machine) {
  return device_id(p, dn, buf.addr, len, flags, machine.addr, true);
}

// CM_Get_Device_ID_Size: the ID's length without its terminator.
uint32_t CM_Get_Device_ID_Size(WindowsProcess&, Ptr len, uint32_t dn, uint32_t flags) {
  if (!len) return CR_INVALID_POINTER;
  if (dn != kRoot) return CR_INVALID_DEVNODE;
  if (flags) return CR_INVALID_FLAG;
  put<uint32_t>(len.addr, static_cast<uint32_t>(std::string(kRootId).size()));
  return CR_SUCCESS;
}

// The root's relatives: none.
uint32_t relative(uint64_t out, uint32_t dn, uint32_t flags, uint64_t machine) {
  if (!out) return CR_INVALID_POINTER;
  put<uint32_t>(out, 0);
  if (flags) return CR_INVALID_FLAG;
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  if (dn != kRoot) return CR_INVALID_DEVNODE;
  return CR_NO_SUCH_DEVNODE;
}
uint32_t CM_Get_Parent(WindowsProcess&, Ptr out, uint32_t dn, uint32_t flags) { return relative(out.addr, dn, flags, 0); }
uint32_t CM_Get_Child(WindowsProcess&, Ptr out, uint32_t dn, uint32_t flags) { return relative(out.addr, dn, flags, 0); }
uint32_t CM_Get_Sibling(WindowsProcess&, Ptr out, uint32_t dn, uint32_t flags) { return relative(out.addr, dn, flags, 0); }
uint32_t CM_Get_Child_Ex(WindowsProcess&, Ptr out, uint32_t dn, uint32_t flags, Ptr m) { return relative(out.addr, dn, flags, m.addr); }
uint32_t CM_Get_Sibling_Ex(WindowsProcess&, Ptr out, uint32_t dn, uint32_t flags, Ptr m) { return relative(out.addr, dn, flags, m.addr); }

// CM_Get_Device_ID_List(_Size): every device's ID (the root's alone) as a list of strings ending
// with an empty one; a filter (an enumerator, a service, a device's relations …) matches none.
std::string id_list(uint64_t filter, uint32_t flags) {
  if (flags == 0 && !filter) return std::string(kRootId) + std::string(1, '\0') + std::string(1, '\0');
  return std::string(1, '\0');
}
uint32_t list_size(uint64_t len, uint64_t filter, uint32_t flags) {
  if (!len) return CR_INVALID_POINTER;
  put<uint32_t>(len, static_cast<uint32_t>(id_list(filter, flags).size()));
  return CR_SUCCESS;
}
uint32_t CM_Get_Device_ID_List_SizeA(WindowsProcess&, Ptr len, AStr filter, uint32_t flags) { return list_size(len.addr, filter.addr, flags); }
uint32_t CM_Get_Device_ID_List_SizeW(WindowsProcess&, Ptr len, WStr filter, uint32_t flags) { return list_size(len.addr, filter.addr, flags); }

uint32_t put_list(const std::string& list, uint64_t buf, uint32_t len, bool wide) {
  if (!buf || !len) return CR_INVALID_POINTER;
  if (len < list.size()) return CR_BUFFER_SMALL;
  for (size_t i = 0; i < list.size(); ++i) {
    if (wide) put<uint16_t>(buf + 2 * i, static_cast<uint8_t>(list[i]));
    else put<uint8_t>(buf + i, static_cast<uint8_t>(list[i]));
  }
  return CR_SUCCESS;
}
uint32_t CM_Get_Device_ID_ListA(WindowsProcess&, AStr filter, Ptr buf, uint32_t len, uint32_t flags) {
  return put_list(id_list(filter.addr, flags), buf.addr, len, false);
}
uint32_t CM_Get_Device_ID_ListW(WindowsProcess&, WStr filter, Ptr buf, uint32_t len, uint32_t flags) {
  return put_list(id_list(filter.addr, flags), buf.addr, len, true);
}

// CM_Get_Device_Interface_List(_Size): no device has an interface: the empty list (a single
// terminator). A device ID other than the root's names no device.
uint32_t interfaces(uint64_t guid, uint64_t id, bool wide, std::string* list) {
  if (!guid) return CR_INVALID_POINTER;
  const std::string s = id_text(id, wide);
  if (!s.empty() && strcasecmp(s.c_str(), kRootId) != 0) return CR_NO_SUCH_DEVNODE;
  *list = std::string(1, '\0');
  return CR_SUCCESS;
}
uint32_t interface_size(uint64_t len, uint64_t guid, uint64_t id, uint32_t flags, uint64_t machine, bool wide) {
  if (!len) return CR_INVALID_POINTER;
  put<uint32_t>(len, 0);
  if (flags & ~1u) return CR_INVALID_FLAG;
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  std::string list;
  if (uint32_t r = interfaces(guid, id, wide, &list)) return r;
  put<uint32_t>(len, static_cast<uint32_t>(list.size()));
  return CR_SUCCESS;
}
uint32_t CM_Get_Device_Interface_List_SizeA(WindowsProcess&, Ptr len, Ptr guid, AStr id, uint32_t flags) {
  return interface_size(len.addr, guid.addr, id.addr, flags, 0, false);
}
uint32_t CM_Get_Device_Interface_List_SizeW(WindowsProcess&, Ptr len, Ptr guid, WStr id, uint32_t flags) {
  return interface_size(len.addr, guid.addr, id.addr, flags, 0, true);
}
uint32_t CM_Get_Device_Interface_List_Size_ExA(WindowsProcess&, Ptr len, Ptr guid, AStr id, uint32_t flags, Ptr m) {
  return interface_size(len.addr, guid.addr, id.addr, flags, m.addr, false);
}
uint32_t CM_Get_Device_Interface_List_Size_ExW(WindowsProcess&, Ptr len, Ptr guid, WStr id, uint32_t flags, Ptr m) {
  return interface_size(len.addr, guid.addr, id.addr, flags, m.addr, true);
}
uint32_t interface_list(uint64_t guid, uint64_t id, uint64_t buf, uint32_t len, uint32_t flags, bool wide) {
  if (flags & ~1u) return CR_INVALID_FLAG;
  std::string list;
  if (uint32_t r = interfaces(guid, id, wide, &list)) return r;
  return put_list(list, buf, len, wide);
}
uint32_t CM_Get_Device_Interface_ListA(WindowsProcess&, Ptr guid, AStr id, Ptr buf, uint32_t len, uint32_t flags) {
  return interface_list(guid.addr, id.addr, buf.addr, len, flags, false);
}
uint32_t CM_Get_Device_Interface_ListW(WindowsProcess&, Ptr guid, WStr id, Ptr buf, uint32_t len, uint32_t flags) {
  return interface_list(guid.addr, id.addr, buf.addr, len, flags, true);
}

// CM_Get_DevNode_Registry_Property(_Ex): the root device has none of the properties.
uint32_t registry_property(uint32_t dn, uint32_t prop, uint64_t len, uint32_t flags, uint64_t machine) {
  if (dn != kRoot) return CR_INVALID_DEVNODE;
  if (flags) return CR_INVALID_FLAG;
  if (!len) return CR_INVALID_POINTER;
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  if (prop < 1 || prop > 0x25) return 0x1f;  // CR_INVALID_PROPERTY (CM_DRP_MIN … CM_DRP_MAX)
  put<uint32_t>(len, 0);
  return CR_NO_SUCH_VALUE;
}
uint32_t CM_Get_DevNode_Registry_PropertyA(WindowsProcess&, uint32_t dn, uint32_t prop, Ptr, Ptr, Ptr len, uint32_t flags) {
  return registry_property(dn, prop, len.addr, flags, 0);
}
uint32_t CM_Get_DevNode_Registry_PropertyW(WindowsProcess&, uint32_t dn, uint32_t prop, Ptr, Ptr, Ptr len, uint32_t flags) {
  return registry_property(dn, prop, len.addr, flags, 0);
}
uint32_t CM_Get_DevNode_Registry_Property_ExA(WindowsProcess&, uint32_t dn, uint32_t prop, Ptr, Ptr, Ptr len, uint32_t flags, Ptr m) {
  return registry_property(dn, prop, len.addr, flags, m.addr);
}
uint32_t CM_Get_DevNode_Registry_Property_ExW(WindowsProcess&, uint32_t dn, uint32_t prop, Ptr, Ptr, Ptr len, uint32_t flags, Ptr m) {
  return registry_property(dn, prop, len.addr, flags, m.addr);
}

// CM_Get_DevNode_Status(_Ex): the root device is started, its driver loaded, enumerated and
// driven by the system (DN_DRIVER_LOADED | DN_STARTED | DN_NT_ENUMERATOR | DN_NT_DRIVER), with no
// problem.
uint32_t status(uint64_t st, uint64_t problem, uint32_t dn, uint32_t flags, uint64_t machine) {
  if (!st || !problem) return CR_INVALID_POINTER;
  if (flags) return CR_INVALID_FLAG;
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  if (dn != kRoot) return CR_INVALID_DEVNODE;
  put<uint32_t>(st, 0x2 | 0x8 | 0x800000 | 0x1000000);
  put<uint32_t>(problem, 0);
  return CR_SUCCESS;
}
uint32_t CM_Get_DevNode_Status(WindowsProcess&, Ptr st, Ptr problem, uint32_t dn, uint32_t flags) {
  return status(st.addr, problem.addr, dn, flags, 0);
}
uint32_t CM_Get_DevNode_Status_Ex(WindowsProcess&, Ptr st, Ptr problem, uint32_t dn, uint32_t flags, Ptr machine) {
  return status(st.addr, problem.addr, dn, flags, machine.addr);
}

// CM_Open_DevNode_Key(_Ex): the device's hardware key (CM_REGISTRY_HARDWARE: its instance's
// "Device Parameters" under HKLM\SYSTEM\CurrentControlSet\Enum), opened or, with
// RegDisposition_OpenAlways, made; the root has no driver, so no software key
// (CM_REGISTRY_SOFTWARE: CR_NO_SUCH_REGISTRY_KEY).
uint32_t open_key(WindowsProcess& p, uint32_t dn, uint32_t sam, uint32_t disposition, uint64_t out, uint32_t flags,
                  uint64_t machine) {
  constexpr uint32_t CR_NO_SUCH_REGISTRY_KEY = 0x2e, CR_REGISTRY_ERROR = 0x2d;
  if (!out) return CR_INVALID_POINTER;
  if (flags & ~0x301u) return CR_INVALID_FLAG;
  if (disposition > 1) return 0x1f;  // CR_INVALID_DATA
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  if (dn != kRoot) return CR_INVALID_DEVNODE;
  p.put_ptr(out, 0);
  if (flags & 1) return CR_NO_SUCH_REGISTRY_KEY;
  const std::u16string path = u"SYSTEM\\CurrentControlSet\\Enum\\HTREE\\ROOT\\0\\Device Parameters";
  const uint64_t name = p.heap.alloc((path.size() + 1) * 2);
  copy_guest(guest_pointer(name), path.c_str(), (path.size() + 1) * 2, name, true);
  const uint64_t hklm = p.isa->ptr == 8 ? 0xffffffff80000002ull : 0x80000002ull;
  uint64_t r;
  if (disposition == 1) {  // RegDisposition_OpenExisting
    r = p.call_export("advapi32.dll", "RegOpenKeyExW", {hklm, name, 0, sam, out}, 1);
  } else {  // RegDisposition_OpenAlways
    r = p.call_export("advapi32.dll", "RegCreateKeyExW", {hklm, name, 0, 0, 0, sam, 0, out, 0}, 1);
  }
  p.heap.free(name);
  if (static_cast<uint32_t>(r) == 0) return CR_SUCCESS;
  return static_cast<uint32_t>(r) == 2 ? CR_NO_SUCH_REGISTRY_KEY : CR_REGISTRY_ERROR;
}
uint32_t CM_Open_DevNode_Key(WindowsProcess& p, uint32_t dn, uint32_t sam, uint32_t, uint32_t disposition, Ptr out, uint32_t flags) {
  return open_key(p, dn, sam, disposition, out.addr, flags, 0);
}
uint32_t CM_Open_DevNode_Key_Ex(WindowsProcess& p, uint32_t dn, uint32_t sam, uint32_t, uint32_t disposition, Ptr out,
                                uint32_t flags, Ptr machine) {
  return open_key(p, dn, sam, disposition, out.addr, flags, machine.addr);
}

// CMP_WaitNoPendingInstallEvents: no device installation is ever pending here: WAIT_OBJECT_0 at once.
uint32_t CMP_WaitNoPendingInstallEvents(WindowsProcess&, uint32_t) { return 0; }

// CM_Reenumerate_DevNode(_Ex): the root's children enumerated again, which finds none.
uint32_t reenumerate(uint32_t dn, uint32_t flags, uint64_t machine) {
  if (flags & ~0xfu) return CR_INVALID_FLAG;
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  return dn == kRoot ? CR_SUCCESS : CR_INVALID_DEVNODE;
}
uint32_t CM_Reenumerate_DevNode(WindowsProcess&, uint32_t dn, uint32_t flags) { return reenumerate(dn, flags, 0); }
uint32_t CM_Reenumerate_DevNode_Ex(WindowsProcess&, uint32_t dn, uint32_t flags, Ptr m) { return reenumerate(dn, flags, m.addr); }

// CM_Get_Device_Interface_Alias: no device interface exists to have an alias.
uint32_t interface_alias(uint64_t iface, uint64_t guid, uint64_t len, uint32_t flags) {
  constexpr uint32_t CR_NO_SUCH_DEVICE_INTERFACE = 0x37;
  if (!iface || !guid || !len) return CR_INVALID_POINTER;
  if (flags) return CR_INVALID_FLAG;
  return CR_NO_SUCH_DEVICE_INTERFACE;
}
uint32_t CM_Get_Device_Interface_AliasA(WindowsProcess&, AStr iface, Ptr guid, Ptr, Ptr len, uint32_t flags) {
  return interface_alias(iface.addr, guid.addr, len.addr, flags);
}
uint32_t CM_Get_Device_Interface_AliasW(WindowsProcess&, WStr iface, Ptr guid, Ptr, Ptr len, uint32_t flags) {
  return interface_alias(iface.addr, guid.addr, len.addr, flags);
}

// CM_Get_DevNode_Property(_Ex)W: the root's unified properties; the one it has is its instance ID
// (DEVPKEY_Device_InstanceId, a DEVPROP_TYPE_STRING); sizes in bytes.
uint32_t devnode_property(WindowsProcess&, uint32_t dn, uint64_t key, uint64_t type, uint64_t buf, uint64_t size,
                          uint32_t flags, uint64_t machine) {
  static const Guid kInstanceId = {0xc8, 0x4f, 0xc3, 0x78, 0x4a, 0x10, 0xca, 0x4a,
                                   0x9e, 0xa4, 0x52, 0x4d, 0x52, 0x99, 0x6e, 0x57};
  if (!key || !type || !size) return CR_INVALID_POINTER;
  if (flags) return CR_INVALID_FLAG;
  if (remote(machine)) return CR_INVALID_MACHINENAME;
  if (dn != kRoot) return CR_INVALID_DEVNODE;
  if (read_guid(key) != kInstanceId || get<uint32_t>(key + 16) != 256) return CR_NO_SUCH_VALUE;
  const std::u16string id = u"HTREE\\ROOT\\0";
  const uint32_t bytes = static_cast<uint32_t>((id.size() + 1) * 2);
  put<uint32_t>(type, 0x12);  // DEVPROP_TYPE_STRING
  const uint32_t have = get<uint32_t>(size);
  put<uint32_t>(size, bytes);
  if (!buf || have < bytes) return CR_BUFFER_SMALL;
  copy_guest(guest_pointer(buf), id.c_str(), bytes, buf, true);
  return CR_SUCCESS;
}
uint32_t CM_Get_DevNode_PropertyW(WindowsProcess& p, uint32_t dn, Ptr key, Ptr type, Ptr buf, Ptr size, uint32_t flags) {
  return devnode_property(p, dn, key.addr, type.addr, buf.addr, size.addr, flags, 0);
}
uint32_t CM_Get_DevNode_Property_ExW(WindowsProcess& p, uint32_t dn, Ptr key, Ptr type, Ptr buf, Ptr size, uint32_t flags,
                                     Ptr m) {
  return devnode_property(p, dn, key.addr, type.addr, buf.addr, size.addr, flags, m.addr);
}

// CM_Get_Version: the configuration manager's version, 4.0 (Microsoft's documentation).
uint32_t CM_Get_Version(WindowsProcess&) { return 0x0400; }

// CM_Connect_Machine: the local machine (a null or empty name) is the default machine, whose
// handle is NULL; another computer's device tree cannot be reached (Windows 8 and later).
uint32_t connect(uint64_t name, uint64_t out, bool wide) {
  if (!out) return CR_INVALID_POINTER;
  if (name && (wide ? get<uint16_t>(name) : get<uint8_t>(name))) return CR_INVALID_MACHINENAME;
  return CR_SUCCESS;
}
uint32_t CM_Connect_MachineA(WindowsProcess& p, AStr name, Ptr out) {
  const uint32_t r = connect(name.addr, out.addr, false);
  if (out) p.put_ptr(out.addr, 0);
  return r;
}
uint32_t CM_Connect_MachineW(WindowsProcess& p, WStr name, Ptr out) {
  const uint32_t r = connect(name.addr, out.addr, true);
  if (out) p.put_ptr(out.addr, 0);
  return r;
}
uint32_t CM_Disconnect_Machine(WindowsProcess&, Ptr) { return CR_SUCCESS; }

}  // namespace

const std::vector<Export>& config_manager_exports() {
  static const std::vector<Export> e = {
      EXPORT("CM_Locate_DevNodeA", CM_Locate_DevNodeA),
      EXPORT("CM_Locate_DevNodeW", CM_Locate_DevNodeW),
      EXPORT("CM_Locate_DevNode_ExA", CM_Locate_DevNode_ExA),
      EXPORT("CM_Locate_DevNode_ExW", CM_Locate_DevNode_ExW),
      EXPORT("CM_Get_Device_IDA", CM_Get_Device_IDA),
      EXPORT("CM_Get_Device_IDW", CM_Get_Device_IDW),
      EXPORT("CM_Get_Device_ID_ExA", CM_Get_Device_ID_ExA),
      EXPORT("CM_Get_Device_ID_ExW", CM_Get_Device_ID_ExW),
      EXPORT("CM_Get_Device_ID_Size", CM_Get_Device_ID_Size),
      EXPORT("CM_Get_Parent", CM_Get_Parent),
      EXPORT("CM_Get_Child", CM_Get_Child),
      EXPORT("CM_Get_Child_Ex", CM_Get_Child_Ex),
      EXPORT("CM_Get_Sibling", CM_Get_Sibling),
      EXPORT("CM_Get_Sibling_Ex", CM_Get_Sibling_Ex),
      EXPORT("CM_Get_Device_ID_List_SizeA", CM_Get_Device_ID_List_SizeA),
      EXPORT("CM_Get_Device_ID_List_SizeW", CM_Get_Device_ID_List_SizeW),
      EXPORT("CM_Get_Device_ID_ListA", CM_Get_Device_ID_ListA),
      EXPORT("CM_Get_Device_ID_ListW", CM_Get_Device_ID_ListW),
      EXPORT("CM_Get_Device_Interface_List_SizeA", CM_Get_Device_Interface_List_SizeA),
      EXPORT("CM_Get_Device_Interface_List_SizeW", CM_Get_Device_Interface_List_SizeW),
      EXPORT("CM_Get_Device_Interface_List_Size_ExA", CM_Get_Device_Interface_List_Size_ExA),
      EXPORT("CM_Get_Device_Interface_List_Size_ExW", CM_Get_Device_Interface_List_Size_ExW),
      EXPORT("CM_Get_Device_Interface_ListA", CM_Get_Device_Interface_ListA),
      EXPORT("CM_Get_Device_Interface_ListW", CM_Get_Device_Interface_ListW),
      EXPORT("CM_Get_DevNode_Registry_PropertyA", CM_Get_DevNode_Registry_PropertyA),
      EXPORT("CM_Get_DevNode_Registry_PropertyW", CM_Get_DevNode_Registry_PropertyW),
      EXPORT("CM_Get_DevNode_Registry_Property_ExA", CM_Get_DevNode_Registry_Property_ExA),
      EXPORT("CM_Get_DevNode_Registry_Property_ExW", CM_Get_DevNode_Registry_Property_ExW),
      EXPORT("CM_Get_Version", CM_Get_Version),
      EXPORT("CMP_WaitNoPendingInstallEvents", CMP_WaitNoPendingInstallEvents),
      EXPORT("CM_Reenumerate_DevNode", CM_Reenumerate_DevNode),
      EXPORT("CM_Reenumerate_DevNode_Ex", CM_Reenumerate_DevNode_Ex),
      EXPORT("CM_Get_Device_Interface_AliasA", CM_Get_Device_Interface_AliasA),
      EXPORT("CM_Get_Device_Interface_AliasW", CM_Get_Device_Interface_AliasW),
      EXPORT("CM_Get_DevNode_PropertyW", CM_Get_DevNode_PropertyW),
      EXPORT("CM_Get_DevNode_Property_ExW", CM_Get_DevNode_Property_ExW),
      EXPORT("CM_Get_DevNode_Status", CM_Get_DevNode_Status),
      EXPORT("CM_Get_DevNode_Status_Ex", CM_Get_DevNode_Status_Ex),
      EXPORT("CM_Open_DevNode_Key", CM_Open_DevNode_Key),
      EXPORT("CM_Open_DevNode_Key_Ex", CM_Open_DevNode_Key_Ex),
      EXPORT("CM_Connect_MachineA", CM_Connect_MachineA),
      EXPORT("CM_Connect_MachineW", CM_Connect_MachineW),
      EXPORT("CM_Disconnect_Machine", CM_Disconnect_Machine),
  };
  return e;
}

}  // namespace polyrun::shims::setupapi
