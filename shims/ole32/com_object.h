// COM across the boundary between the program and polyrun: interfaces polyrun implements (the
// program calls their methods through a vtable of thunks) and the program's own interfaces, whose
// methods polyrun calls. Shared by OLE32.dll and OLEAUT32.dll.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

// HRESULTs, named as the SDK names them (qualified, com::S_OK): the common ones are core/hresult.h's.
namespace com {
using shims::E_FAIL;
using shims::E_INVALIDARG;
using shims::E_NOINTERFACE;
using shims::E_NOTIMPL;
using shims::E_OUTOFMEMORY;
using shims::E_POINTER;
using shims::S_FALSE;
using shims::S_OK;
inline constexpr int32_t DISP_E_BADVARTYPE = static_cast<int32_t>(0x80020008);
inline constexpr int32_t STG_E_INVALIDPARAMETER = static_cast<int32_t>(0x80030057),
                         STG_E_READFAULT = static_cast<int32_t>(0x8003001e),
                         STG_E_INVALIDPOINTER = static_cast<int32_t>(0x80030009);
inline constexpr int32_t OLE_E_BLANK = static_cast<int32_t>(0x80040007),
                         REGDB_E_CLASSNOTREG = static_cast<int32_t>(0x80040154);
inline constexpr int32_t CO_E_NOTINITIALIZED = static_cast<int32_t>(0x800401f0),
                         CO_E_CLASSSTRING = static_cast<int32_t>(0x800401f3);
inline constexpr int32_t RPC_E_CHANGED_MODE = static_cast<int32_t>(0x80010106),
                         RPC_E_TOO_LATE = static_cast<int32_t>(0x80010119);
inline bool failed(int32_t hr) { return hr < 0; }
}  // namespace com

// VARTYPEs: what a VARIANT or PROPVARIANT holds (its first 16 bits).
inline constexpr uint16_t VT_EMPTY = 0, VT_NULL = 1, VT_I2 = 2, VT_I4 = 3, VT_R4 = 4, VT_R8 = 5, VT_CY = 6,
                          VT_DATE = 7, VT_BSTR = 8, VT_DISPATCH = 9, VT_ERROR = 10, VT_BOOL = 11, VT_VARIANT = 12,
                          VT_UNKNOWN = 13, VT_DECIMAL = 14, VT_I1 = 16, VT_UI1 = 17, VT_UI2 = 18, VT_UI4 = 19,
                          VT_I8 = 20, VT_UI8 = 21, VT_INT = 22, VT_UINT = 23, VT_LPSTR = 30, VT_LPWSTR = 31,
                          VT_FILETIME = 64, VT_BLOB = 65, VT_STREAM = 66, VT_STORAGE = 67, VT_STREAMED_OBJECT = 68,
                          VT_STORED_OBJECT = 69, VT_BLOB_OBJECT = 70, VT_CF = 71, VT_CLSID = 72, VT_VECTOR = 0x1000,
                          VT_ARRAY = 0x2000, VT_BYREF = 0x4000;

// A GUID as its 16 bytes in memory (Data1, Data2, Data3 little-endian, then Data4).
using GuidBytes = std::array<uint8_t, 16>;
constexpr GuidBytes make_guid(uint32_t d1, uint16_t d2, uint16_t d3, std::array<uint8_t, 8> d4) {
  return {static_cast<uint8_t>(d1), static_cast<uint8_t>(d1 >> 8), static_cast<uint8_t>(d1 >> 16),
          static_cast<uint8_t>(d1 >> 24), static_cast<uint8_t>(d2), static_cast<uint8_t>(d2 >> 8),
          static_cast<uint8_t>(d3), static_cast<uint8_t>(d3 >> 8), d4[0], d4[1], d4[2], d4[3], d4[4], d4[5], d4[6], d4[7]};
}
// Whether the GUID at `addr` (guest memory) is `g`.
bool guid_is(uint64_t addr, const GuidBytes& g);
inline constexpr GuidBytes kIidIUnknown = make_guid(0x00000000, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

// IUnknown's methods, the first three of every interface's vtable.
inline constexpr unsigned kQueryInterface = 0, kAddRef = 1, kRelease = 2;

// The vtable of an interface whose methods are polyrun's functions `methods` (in the interface's
// order, IUnknown's first), as `dll` exports them: an array of their thunks in guest memory, each
// called as the system's functions are (stdcall on i386, the interface pointer the first
// argument). A method polyrun lacks is an Export with its name alone (`missing_method`): calling it
// stops the program with that name, as calling a function polyrun lacks does. Made once per
// process for each method list.
uint64_t com_vtable(WindowsProcess& p, const Dll& dll, const std::vector<Export>& methods);

inline Export missing_method(const char* name) { return Export{name, nullptr, 0, nullptr}; }

// Calls method `slot` of the interface `object` with `args` after the interface pointer: the
// 32-bit result (an HRESULT, or a reference count).
uint32_t call_method(WindowsProcess& p, uint64_t object, unsigned slot, const std::vector<uint64_t>& args = {});

// IUnknown::QueryInterface of `object` for the interface `iid`: its HRESULT, and the interface
// pointer in `out` (0 when it failed).
int32_t query_interface(WindowsProcess& p, uint64_t object, const GuidBytes& iid, uint64_t& out);

// The task allocator's free (CoTaskMemFree, ole32/ole32.cpp).
void task_free(WindowsProcess& p, uint64_t block);

// BSTRs (ole32/bstr.cpp), which OLEAUT32's Sys* functions make and free and PropVariantClear frees:
// a new one of `bytes` bytes, its text copied from `text` when that is not null (0 when the heap
// has no room), and a BSTR freed (none for 0).
uint64_t alloc_bstr(WindowsProcess& p, uint64_t text, uint32_t bytes);
void free_bstr(WindowsProcess& p, uint64_t bstr);

// The thread's error object: GetErrorInfo and SetErrorInfo, COM's, which OLE32 and OLEAUT32 both
// export (ole32/error_info.cpp).
int32_t GetErrorInfo(WindowsProcess& p, uint32_t reserved, Ptr out);
int32_t SetErrorInfo(WindowsProcess& p, uint32_t reserved, Ptr info);

// OLEAUT32's OleCreatePropertyFrame and OleCreatePropertyFrameIndirect (oleaut32/property_frame.cpp).
const std::vector<Export>& property_frame_exports();

// Whether the calling thread may use COM: it called CoInitialize(Ex), or another thread made the
// process's multithreaded apartment, which every thread of the process is then in (ole32/apartments.cpp).
bool com_initialized();

// What OLE32's files share with OLEAUT32's (defined in ole32/system_calls.cpp and ole32/guid.cpp).
namespace ole32 {

// Guest GUIDs.
GuidBytes read_guid(uint64_t at);
void write_guid(uint64_t at, const GuidBytes& g);

// The braced text of the GUID at `guid` (ole32/guid.cpp), and the braced text read back into 16
// bytes (false when `s` is not exactly that form).
std::u16string guid_text(uint64_t guid);
std::u16string guid_text(const GuidBytes& g);
bool parse_guid(const char16_t* s, uint8_t out[16]);

// A heap block of the process holding `s` and its NUL (0 when the heap has no room); the caller
// frees it (p.heap.free).
uint64_t guest_wide(WindowsProcess& p, const std::u16string& s);
// A block of `size` zeroed bytes freed when this goes.
struct Scratch {
  WindowsProcess& p;
  uint64_t addr;
  Scratch(WindowsProcess& process, uint64_t size) : p(process), addr(process.heap.alloc(size ? size : 1, true)) {}
  ~Scratch() { if (addr) p.heap.free(addr); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};
// A guest string freed when this goes.
struct GuestText {
  WindowsProcess& p;
  uint64_t addr;
  GuestText(WindowsProcess& process, const std::u16string& s) : p(process), addr(guest_wide(process, s)) {}
  ~GuestText() { if (addr) p.heap.free(addr); }
  GuestText(const GuestText&) = delete;
  GuestText& operator=(const GuestText&) = delete;
};
// A block of the task allocator holding `s` and its NUL (0 when there is no room).
uint64_t task_wide(WindowsProcess& p, const std::u16string& s);
// The UTF-16 text at `addr` (empty for 0).
std::u16string read_wide(uint64_t addr);

// The registry (HKEY_CLASSES_ROOT unless a key is given), through ADVAPI32's functions: a key
// opened for reading or writing (`parent` 0: HKEY_CLASSES_ROOT itself), created (`disposition`:
// REG_CREATED_NEW_KEY 1 or REG_OPENED_EXISTING_KEY 2) and closed, a string value read (`name`
// empty: the default value) and written, a subkey without subkeys deleted. Win32 error codes.
uint64_t classes_root(WindowsProcess& p);
uint32_t reg_open(WindowsProcess& p, uint64_t parent, const std::u16string& path, uint64_t& key, bool write = false);
uint32_t reg_create(WindowsProcess& p, uint64_t parent, const std::u16string& path, uint64_t& key,
                    uint32_t* disposition = nullptr);
void reg_close(WindowsProcess& p, uint64_t key);
uint32_t reg_string(WindowsProcess& p, uint64_t key, const std::u16string& name, std::u16string& value);
uint32_t reg_dword(WindowsProcess& p, uint64_t key, const std::u16string& name, uint32_t& value);
uint32_t reg_set_string(WindowsProcess& p, uint64_t key, const std::u16string& name, const std::u16string& value);
uint32_t reg_delete_tree_value(WindowsProcess& p, uint64_t key, const std::u16string& subkey);
// A DLL's own classes under HKCR\CLSID ({clsid} with its name, InprocServer32 `dll` with the
// threading model "Both"), written and removed: DllRegisterServer's and DllUnregisterServer's work.
struct OwnClass {
  const char16_t* clsid;
  const char16_t* name;
};
int32_t register_classes(WindowsProcess& p, const char16_t* dll, const std::vector<OwnClass>& classes);
// A class a built-in DLL serves (SHELL32's CLSID_ShellLink …), as Windows' registry has it under
// HKCR\CLSID: CoGetClassObject asks `dll`'s DllGetClassObject for it where the registry names no
// server (ole32/activation.cpp). Called by the DLL as the process starts.
void add_builtin_server(const GuidBytes& clsid, const char16_t* dll);
int32_t unregister_classes(WindowsProcess& p, const std::vector<OwnClass>& classes);
// A guest IStream's Read/Write of `size` bytes at/from `buffer` (guest memory): its HRESULT and the
// count moved (ole32/system_calls.cpp).
int32_t stream_read(WindowsProcess& p, uint64_t stream, uint64_t buffer, uint32_t size, uint32_t& done);
int32_t stream_write(WindowsProcess& p, uint64_t stream, uint64_t buffer, uint32_t size, uint32_t& done);
// The name of subkey `index` of `key` (ERROR_NO_MORE_ITEMS past the end).
uint32_t reg_enum_key(WindowsProcess& p, uint64_t key, uint32_t index, std::u16string& name);

}  // namespace ole32

}  // namespace polyrun::shims
