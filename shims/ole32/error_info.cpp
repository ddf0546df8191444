// The thread's error object (an IErrorInfo of the program's), COM's: SetErrorInfo replaces it (the
// old one released, the new one AddRef'd; NULL clears it); GetErrorInfo hands it over and clears
// it, S_FALSE with NULL when there is none. Each thread has its own. OLE32 and OLEAUT32 both export
// them (ole32/ole32.cpp, oleaut32/oleaut32.cpp).
#include "shims/ole32/com_object.h"

namespace polyrun::shims {

namespace {

thread_local uint64_t error_object = 0;

// IUnknown::AddRef or Release of an interface pointer (none for NULL).
void call_unknown(WindowsProcess& p, uint64_t object, unsigned slot) {
  if (object) call_method(p, object, slot);
}

}  // namespace

int32_t SetErrorInfo(WindowsProcess& p, uint32_t reserved, Ptr info) {
  if (reserved) return com::E_INVALIDARG;
  const uint64_t old = error_object;
  error_object = info.addr;
  call_unknown(p, info.addr, kAddRef);
  call_unknown(p, old, kRelease);
  return com::S_OK;
}

// CreateErrorInfo(&object): a new error object, OLEAUT32's (ICreateErrorInfo over its IErrorInfo),
// which OLE32 exports too; called by name, as OLE32 links no folder above it.
int32_t ole32_CreateErrorInfo(WindowsProcess& p, Ptr out) {
  return static_cast<int32_t>(p.call_export("oleaut32.dll", "CreateErrorInfo", {out.addr}, 0x80004001));
}

int32_t GetErrorInfo(WindowsProcess& p, uint32_t reserved, Ptr out) {
  if (reserved || !out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, error_object);
  const bool had = error_object != 0;
  error_object = 0;
  return had ? com::S_OK : com::S_FALSE;
}

}  // namespace polyrun::shims
