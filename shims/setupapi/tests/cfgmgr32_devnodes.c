// The configuration manager's device tree (CFGMGR32, and SETUPAPI's CM_* functions): the root
// device found, its ID, its relatives, the device ID list, interface lists, registry properties,
// and the errors of unknown devices, bad flags and short buffers.
// Links: -lcfgmgr32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <cfgmgr32.h>
#include <devpropdef.h>

static const GUID kInterface = {0x5e6f7a8b, 0x4321, 0x4cba, {0x8e, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17}};

int main(void) {
  DEVINST root = 99, dn = 99;
  printf("CM_Locate_DevNodeA(NULL): %#lx\n", CM_Locate_DevNodeA(&root, NULL, CM_LOCATE_DEVNODE_NORMAL));
  DEVINST root2 = 99;
  CONFIGRET cr = CM_Locate_DevNodeW(&root2, L"", 0);
  printf("CM_Locate_DevNodeW(\"\"): %#lx, the same: %d\n", cr, root2 == root);
  root2 = 99;
  cr = CM_Locate_DevNodeA(&root2, "htree\\root\\0", 0);
  printf("CM_Locate_DevNodeA(HTREE\\ROOT\\0): %#lx, the same: %d\n", cr, root2 == root);
  cr = CM_Locate_DevNodeA(&dn, "ROOT\\NOSUCHDEVICE\\0000", 0);
  printf("CM_Locate_DevNodeA(no such): %#lx\n", cr);
  printf("CM_Locate_DevNodeA bad flags: %#lx\n", CM_Locate_DevNodeA(&dn, NULL, 0x100));
  printf("CM_Locate_DevNodeA no out: %#lx\n", CM_Locate_DevNodeA(NULL, NULL, 0));

  char id[64];
  WCHAR idw[64];
  ULONG len = 0;
  cr = CM_Get_Device_ID_Size(&len, root, 0);
  printf("CM_Get_Device_ID_Size: %#lx len %lu\n", cr, len);
  memset(id, 'x', sizeof id);
  id[63] = 0;
  cr = CM_Get_Device_IDA(root, id, sizeof id, 0);
  printf("CM_Get_Device_IDA: %#lx [%s]\n", cr, id);
  memset(id, 'x', sizeof id);
  cr = CM_Get_Device_IDA(root, id, 4, 0);
  printf("CM_Get_Device_IDA short: %#lx\n", cr);
  idw[0] = 0;
  cr = CM_Get_Device_IDW(root, idw, 64, 0);
  printf("CM_Get_Device_IDW: %#lx [%ls]\n", cr, idw);
  printf("CM_Get_Device_IDA of a bad devnode: %#lx\n", CM_Get_Device_IDA(12345, id, sizeof id, 0));

  dn = 99;
  cr = CM_Get_Parent(&dn, root, 0);
  printf("CM_Get_Parent(root): %#lx\n", cr);
  dn = 99;
  cr = CM_Get_Child(&dn, root, 0);
  printf("CM_Get_Child(root): %#lx\n", cr);
  dn = 99;
  cr = CM_Get_Sibling(&dn, root, 0);
  printf("CM_Get_Sibling(root): %#lx\n", cr);
  printf("CM_Get_Parent(bad): %#lx\n", CM_Get_Parent(&dn, 12345, 0));

  cr = CM_Get_Device_ID_List_SizeA(&len, NULL, 0);
  printf("CM_Get_Device_ID_List_SizeA: %#lx len %lu\n", cr, len);
  char list[64];
  memset(list, 'x', sizeof list);
  list[63] = 0;
  cr = CM_Get_Device_ID_ListA(NULL, list, sizeof list, 0);
  printf("CM_Get_Device_ID_ListA: %#lx [%s] then [%s]\n", cr, list, list + strlen(list) + 1);
  printf("CM_Get_Device_ID_ListA short: %#lx\n", CM_Get_Device_ID_ListA(NULL, list, 5, 0));

  cr = CM_Get_Device_Interface_List_SizeW(&len, (GUID*)&kInterface, NULL, 0);
  printf("CM_Get_Device_Interface_List_SizeW: %#lx len %lu\n", cr, len);
  idw[0] = 'x';
  cr = CM_Get_Device_Interface_ListW((GUID*)&kInterface, NULL, idw, 64, CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
  printf("CM_Get_Device_Interface_ListW: %#lx first %u\n", cr, idw[0]);

  ULONG type = 0, size = sizeof id;
  printf("CM_Get_DevNode_Registry_PropertyA(root, DEVICEDESC): %#lx\n",
         CM_Get_DevNode_Registry_PropertyA(root, CM_DRP_DEVICEDESC, &type, id, &size, 0));
  printf("CM_Get_DevNode_Registry_PropertyA(bad): %#lx\n", CM_Get_DevNode_Registry_PropertyA(12345, CM_DRP_DEVICEDESC, &type, id, &size, 0));
  ULONG st = 0, problem = 99;
  cr = CM_Get_DevNode_Status(&st, &problem, root, 0);
  printf("CM_Get_DevNode_Status(root): %#lx status %#lx problem %lu\n", cr, st, problem);
  printf("CM_Get_DevNode_Status(bad): %#lx\n", CM_Get_DevNode_Status(&st, &problem, 12345, 0));
  HKEY key = (HKEY)1;
  cr = CM_Open_DevNode_Key(root, KEY_READ, 0, RegDisposition_OpenExisting, &key, CM_REGISTRY_SOFTWARE);
  printf("CM_Open_DevNode_Key(root, software): %#lx key %s\n", cr, key ? "set" : "NULL");
  printf("CM_Open_DevNode_Key(bad): %#lx\n", CM_Open_DevNode_Key(12345, KEY_READ, 0, RegDisposition_OpenExisting, &key, 0));
  printf("CMP_WaitNoPendingInstallEvents: %lu\n", (unsigned long)CMP_WaitNoPendingInstallEvents(0));
  printf("CM_Reenumerate_DevNode(root): %#lx\n", CM_Reenumerate_DevNode(root, 0));
  printf("CM_Reenumerate_DevNode(bad): %#lx\n", CM_Reenumerate_DevNode(12345, 0));
  GUID alias_guid = kInterface;
  ULONG alias_len = 64;
  printf("CM_Get_Device_Interface_AliasW: %#lx\n",
         CM_Get_Device_Interface_AliasW(L"\\\\?\\ROOT#NOSUCH#0000#{5e6f7a8b-4321-4cba-8e11-121314151617}", &alias_guid, idw, &alias_len, 0));
  // DEVPKEY_Device_InstanceId
  static const DEVPROPKEY instance_id = {{0x78c34fc8, 0x104a, 0x4aca, {0x9e, 0xa4, 0x52, 0x4d, 0x52, 0x99, 0x6e, 0x57}}, 256};
  DEVPROPTYPE ptype = 0;
  ULONG psize = 4;
  cr = CM_Get_DevNode_PropertyW(root, &instance_id, &ptype, (PBYTE)idw, &psize, 0);
  printf("CM_Get_DevNode_PropertyW(InstanceId) short: %#lx size %lu\n", cr, psize);
  psize = sizeof idw;
  cr = CM_Get_DevNode_PropertyW(root, &instance_id, &ptype, (PBYTE)idw, &psize, 0);
  printf("CM_Get_DevNode_PropertyW(InstanceId): %#lx type %#lx size %lu [%ls]\n", cr, ptype, psize, idw);
  printf("CM_Get_Version: %#x\n", CM_Get_Version());
  return 0;
}
