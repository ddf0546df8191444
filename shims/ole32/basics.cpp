// OLE32.dll's small facts and conversions: the build versions (CoBuildVersion, OleBuildVersion:
// OLE 2's version 23, build 824), file times (CoFileTimeNow, and
// the MS-DOS date and time forms through KERNEL32's FileTimeToDosDateTime and
// DosDateTimeToFileTime), the thread's numbers (CoGetCurrentProcess, CoGetCurrentLogicalThreadId),
// its state object (CoGetState, CoSetState), HRESULTs in streams (CoMarshalHresult,
// CoUnmarshalHresult), IsValidInterface and CoIsOle1Class.
#include <atomic>
#include <cstring>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr uint32_t kOleVersion = 23, kOleBuild = 824;

uint32_t CoBuildVersion(WindowsProcess&) { return kOleVersion << 16 | kOleBuild; }
uint32_t OleBuildVersion(WindowsProcess&) { return kOleVersion << 16 | kOleBuild; }

// CoFileTimeNow(&filetime): the current time in UTC, as GetSystemTimeAsFileTime gives it.
int32_t CoFileTimeNow(WindowsProcess&, Ptr out) {
  put<uint64_t>(out.addr, filetime_now());
  return com::S_OK;
}

// CoFileTimeToDosDateTime(filetime, &date, &time) and CoDosDateTimeToFileTime(date, time,
// &filetime): KERNEL32's conversions (TRUE, or FALSE for a time MS-DOS cannot hold).
int32_t CoFileTimeToDosDateTime(WindowsProcess& p, Ptr filetime, Ptr date, Ptr time) {
  return static_cast<int32_t>(kernel32(p, "FileTimeToDosDateTime", {filetime.addr, date.addr, time.addr}));
}
int32_t CoDosDateTimeToFileTime(WindowsProcess& p, uint16_t date, uint16_t time, Ptr filetime) {
  return static_cast<int32_t>(kernel32(p, "DosDateTimeToFileTime", {date, time, filetime.addr}));
}

// CoGetCurrentProcess: a number unique to the calling thread among the process's threads (COM's
// sequence number, the same at each call), never 0.
std::atomic<uint32_t> next_thread_number{1};
thread_local uint32_t thread_number = 0;
uint32_t CoGetCurrentProcess(WindowsProcess&) {
  if (!thread_number) thread_number = next_thread_number++;
  return thread_number;
}

// CoGetCurrentLogicalThreadId(&id): the thread's causality GUID, made (CoCreateGuid's way) at the
// first call and the same afterwards; E_INVALIDARG without the out-parameter.
thread_local GuidBytes logical_thread{};
int32_t CoGetCurrentLogicalThreadId(WindowsProcess& p, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (logical_thread == kGuidNull) {
    Scratch g(p, 16);
    p.call_export("ole32.dll", "CoCreateGuid", {g.addr});
    logical_thread = read_guid(g.addr);
  }
  write_guid(out.addr, logical_thread);
  return com::S_OK;
}

// CoSetState(object): the thread's state object (AddRef'd; the old one released; NULL clears it).
// CoGetState(&object): it, AddRef'd, or NULL; S_OK either way.
thread_local uint64_t state_object = 0;
int32_t CoSetState(WindowsProcess& p, Ptr object) {
  if (object) call_method(p, object.addr, kAddRef);
  const uint64_t old = state_object;
  state_object = object.addr;
  if (old) call_method(p, old, kRelease);
  return com::S_OK;
}
int32_t CoGetState(WindowsProcess& p, Ptr out) {
  p.put_ptr(out.addr, 0);
  if (state_object) {
    call_method(p, state_object, kAddRef);
    p.put_ptr(out.addr, state_object);
  }
  return com::S_OK;
}

// CoMarshalHresult(stream, hr) writes the 4 bytes of the HRESULT at the stream's position;
// CoUnmarshalHresult(stream, &hr) reads them back. The stream's Write or Read result.
int32_t CoMarshalHresult(WindowsProcess& p, Ptr stream, int32_t hr) {
  Scratch value(p, 4);
  put<int32_t>(value.addr, hr);
  return static_cast<int32_t>(call_method(p, stream.addr, kStreamWrite, {value.addr, 4, 0}));
}
int32_t CoUnmarshalHresult(WindowsProcess& p, Ptr stream, Ptr out) {
  return static_cast<int32_t>(call_method(p, stream.addr, kStreamRead, {out.addr, 4, 0}));
}

// IsValidInterface(object): TRUE when the pointer, its vtable and the code of its first method are
// readable memory of the process.
int32_t IsValidInterface(WindowsProcess& p, Ptr object) {
  const unsigned ptr = p.isa->ptr;
  if (!object || !p.memory.accessible(object.addr, ptr, mem::kRead)) return 0;
  const uint64_t vtable = p.get_ptr(object.addr);
  if (!vtable || !p.memory.accessible(vtable, ptr, mem::kRead)) return 0;
  const uint64_t method = p.get_ptr(vtable);
  return method && p.memory.accessible(method, 1, mem::kRead) ? 1 : 0;
}

// CoIsOle1Class(clsid): FALSE. OLE 1 classes are those registered by the OLE 1 registration
// database (HKCR\CLSID\{clsid}\Ole1Class); none is here, and Windows answers FALSE for every
// class that is not one.
int32_t CoIsOle1Class(WindowsProcess& p, Ptr clsid) {
  uint64_t key = 0;
  if (com::failed(open_clsid_key(p, read_guid(clsid.addr), u"Ole1Class", key))) return 0;
  reg_close(p, key);
  return 1;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_basics_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CoBuildVersion", CoBuildVersion),
      EXPORT("OleBuildVersion", OleBuildVersion),
      EXPORT("CoFileTimeNow", CoFileTimeNow),
      EXPORT("CoFileTimeToDosDateTime", CoFileTimeToDosDateTime),
      EXPORT("CoDosDateTimeToFileTime", CoDosDateTimeToFileTime),
      EXPORT("CoGetCurrentProcess", CoGetCurrentProcess),
      EXPORT("CoGetCurrentLogicalThreadId", CoGetCurrentLogicalThreadId),
      EXPORT("CoSetState", CoSetState),
      EXPORT("CoGetState", CoGetState),
      EXPORT("CoMarshalHresult", CoMarshalHresult),
      EXPORT("CoUnmarshalHresult", CoUnmarshalHresult),
      EXPORT("IsValidInterface", IsValidInterface),
      EXPORT("CoIsOle1Class", CoIsOle1Class),
  };
  return exports;
}

}  // namespace polyrun::shims
