// KERNEL32's registry (kernel32/registry.cpp, over the tree of ntdll/registry_tree.cpp): its
// functions' part of KERNEL32's table, which ADVAPI32 exports too, and the functions ADVAPI32's own
// older forms (RegOpenKey, RegCreateKey, RegEnumKey, RegDeleteKey: advapi32/registry.cpp) build on.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims {

// RegOpenKeyEx … RegNotifyChangeKeyValue: the registry functions KERNEL32 and ADVAPI32 both export.
const std::vector<Export>& kernel32_registry_exports();

namespace registry {

int32_t RegOpenKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t options, uint32_t sam, Ptr result);
int32_t RegOpenKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t options, uint32_t sam, Ptr result);
int32_t RegCreateKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t reserved, WStr cls, uint32_t options,
                        uint32_t sam, Ptr security, Ptr result, Ptr disposition);
int32_t RegCreateKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t reserved, CStr cls, uint32_t options,
                        uint32_t sam, Ptr security, Ptr result, Ptr disposition);
int32_t RegEnumKeyExW(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr cls,
                      Ptr cls_len, Ptr ft);
int32_t RegEnumKeyExA(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr cls,
                      Ptr cls_len, Ptr ft);
int32_t RegDeleteKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t sam, uint32_t reserved);
int32_t RegDeleteKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t sam, uint32_t reserved);

}  // namespace registry

}  // namespace polyrun::shims
