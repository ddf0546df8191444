// SETUPAPI's device information sets for classes and interfaces no device of this machine has:
// sets made and destroyed, walked (no devices, no interfaces), asked about a device or interface
// that is none of theirs, their class; the errors of bad handles, records and arguments.
// Links: -lsetupapi
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <setupapi.h>

static const GUID kClass = {0x8a2b4c1d, 0x1234, 0x4abc, {0x9d, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07}};
static const GUID kInterface = {0x5e6f7a8b, 0x4321, 0x4cba, {0x8e, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17}};

static void show(const char* what, BOOL ok) { printf("%s: %d error %lu\n", what, ok, ok ? 0 : GetLastError()); }

int main(void) {
  SetLastError(0xdeadbeef);
  HDEVINFO set = SetupDiGetClassDevsA(NULL, NULL, NULL, DIGCF_PRESENT);
  printf("GetClassDevsA without a class: %s error %lu\n", set == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "a set", GetLastError());

  set = SetupDiGetClassDevsA(&kClass, NULL, NULL, DIGCF_PRESENT);
  printf("GetClassDevsA: %s\n", set == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "a set");
  SP_DEVINFO_DATA dev;
  memset(&dev, 0, sizeof dev);
  dev.cbSize = sizeof dev;
  show("EnumDeviceInfo 0", SetupDiEnumDeviceInfo(set, 0, &dev));
  dev.cbSize = 3;
  show("EnumDeviceInfo with a bad size", SetupDiEnumDeviceInfo(set, 0, &dev));
  show("EnumDeviceInfo without a record", SetupDiEnumDeviceInfo(set, 0, NULL));
  show("EnumDeviceInfo of a bad set", SetupDiEnumDeviceInfo(INVALID_HANDLE_VALUE, 0, &dev));

  SP_DEVICE_INTERFACE_DATA iface;
  memset(&iface, 0xcc, sizeof iface);
  iface.cbSize = sizeof iface;
  show("EnumDeviceInterfaces", SetupDiEnumDeviceInterfaces(set, NULL, &kInterface, 0, &iface));
  printf("  record cleared: flags %lu size %lu\n", iface.Flags, iface.cbSize);
  iface.cbSize = 5;
  show("EnumDeviceInterfaces with a bad size", SetupDiEnumDeviceInterfaces(set, NULL, &kInterface, 0, &iface));
  iface.cbSize = sizeof iface;
  dev.cbSize = sizeof dev;
  dev.Reserved = 0;
  show("EnumDeviceInterfaces of a device not in the set", SetupDiEnumDeviceInterfaces(set, &dev, &kInterface, 0, &iface));

  BYTE buffer[512];
  DWORD need = 77, type = 77;
  SP_DEVICE_INTERFACE_DETAIL_DATA_A* detail = (void*)buffer;
  detail->cbSize = sizeof *detail;
  show("GetDeviceInterfaceDetailA of no interface", SetupDiGetDeviceInterfaceDetailA(set, &iface, detail, sizeof buffer, &need, NULL));
  show("GetDeviceRegistryPropertyA of no device",
       SetupDiGetDeviceRegistryPropertyA(set, &dev, SPDRP_DEVICEDESC, &type, buffer, sizeof buffer, &need));
  show("GetDeviceRegistryPropertyW of no device",
       SetupDiGetDeviceRegistryPropertyW(set, &dev, SPDRP_HARDWAREID, &type, buffer, sizeof buffer, &need));
  show("GetDeviceInstanceIdA of no device", SetupDiGetDeviceInstanceIdA(set, &dev, (char*)buffer, sizeof buffer, &need));
  show("GetDeviceRegistryPropertyA of a bad set",
       SetupDiGetDeviceRegistryPropertyA(INVALID_HANDLE_VALUE, &dev, SPDRP_DEVICEDESC, &type, buffer, sizeof buffer, &need));

  SP_DEVINFO_LIST_DETAIL_DATA_A list;
  memset(&list, 0xcc, sizeof list);
  list.cbSize = sizeof list;
  show("GetDeviceInfoListDetailA", SetupDiGetDeviceInfoListDetailA(set, &list));
  printf("  class %s machine handle %p name [%s]\n", IsEqualGUID(&list.ClassGuid, &kClass) ? "the set's" : "another",
         list.RemoteMachineHandle, list.RemoteMachineName);
  list.cbSize = 4;
  show("GetDeviceInfoListDetailA with a bad size", SetupDiGetDeviceInfoListDetailA(set, &list));
  show("DestroyDeviceInfoList", SetupDiDestroyDeviceInfoList(set));
  show("DestroyDeviceInfoList again", SetupDiDestroyDeviceInfoList(set));

  set = SetupDiGetClassDevsW(&kInterface, NULL, NULL, DIGCF_DEVICEINTERFACE | DIGCF_PRESENT);
  printf("GetClassDevsW (interfaces): %s\n", set == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "a set");
  SP_DEVINFO_LIST_DETAIL_DATA_W listw;
  memset(&listw, 0xcc, sizeof listw);
  listw.cbSize = sizeof listw;
  show("GetDeviceInfoListDetailW", SetupDiGetDeviceInfoListDetailW(set, &listw));
  static const GUID zero;
  printf("  class %s\n", IsEqualGUID(&listw.ClassGuid, &zero) ? "none" : "some");
  show("EnumDeviceInterfaces", SetupDiEnumDeviceInterfaces(set, NULL, &kInterface, 0, &iface));
  show("EnumDeviceInfo", SetupDiEnumDeviceInfo(set, 0, &dev));
  HDEVINFO same = SetupDiGetClassDevsExW(&kInterface, NULL, NULL, DIGCF_DEVICEINTERFACE, set, NULL, NULL);
  printf("GetClassDevsExW into the set: %s\n", same == set ? "the same set" : "another");
  show("DestroyDeviceInfoList", SetupDiDestroyDeviceInfoList(set));

  set = SetupDiCreateDeviceInfoList(&kClass, NULL);
  printf("CreateDeviceInfoList: %s\n", set == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "a set");
  show("EnumDeviceInfo", SetupDiEnumDeviceInfo(set, 0, &dev));
  show("DestroyDeviceInfoList", SetupDiDestroyDeviceInfoList(set));
  set = SetupDiCreateDeviceInfoListExW(NULL, NULL, NULL, NULL);
  printf("CreateDeviceInfoListExW: %s\n", set == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "a set");
  show("DestroyDeviceInfoList", SetupDiDestroyDeviceInfoList(set));
  return 0;
}
