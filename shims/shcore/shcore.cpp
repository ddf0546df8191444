// SHCORE.dll, where Windows 8 moved SHLWAPI's streams, registry, string and COM helpers and put the
// per-monitor DPI functions: the helpers are SHLWAPI's (and CommandLineToArgvW SHELL32's), served
// under this DLL's name; of its own, the monitors' DPI (GetDpiForMonitor: every monitor is USER32's
// 96-DPI screen, GetScaleFactorForMonitor and GetScaleFactorForDevice its 100 %), the process's DPI
// awareness (Set/GetProcessDpiAwareness over USER32's awareness contexts), the process reference
// (SetProcessReference/GetProcessReference), the explicit AppUserModelID, and the feature states
// (GetFeatureEnabledState: every feature in its default state, which never changes, so a
// subscription is never called).
#include <cstring>
#include <mutex>
#include <string>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/shcore/exports.h"

namespace polyrun::shims {

namespace shcore {
namespace {

constexpr HRESULT E_ACCESSDENIED = static_cast<HRESULT>(0x80070005);

struct ShcoreState : DllStateBase {
  std::mutex m;
  uint64_t process_reference = 0;  // an IUnknown*, AddRef'd
  std::u16string app_id;
  bool has_app_id = false;
};
ShcoreState& state(WindowsProcess& p) { return dll_state<ShcoreState>(p); }

uint64_t user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("user32.dll", name, args);
}
uint64_t sx(int64_t v) { return static_cast<uint64_t>(v); }

// GetDpiForMonitor(monitor, MDT_EFFECTIVE_DPI 0 / ANGULAR 1 / RAW 2, *x, *y): the screen's DPI.
HRESULT GetDpiForMonitor(WindowsProcess& p, Ptr monitor, int32_t type, Ptr x, Ptr y) {
  if (type < 0 || type > 2 || !x || !y) return E_INVALIDARG;
  if (!monitor) return E_INVALIDARG;
  const uint32_t dpi = static_cast<uint32_t>(user32(p, "GetDpiForSystem", {}));
  put<uint32_t>(x.addr, dpi);
  put<uint32_t>(y.addr, dpi);
  return S_OK;
}
// DEVICE_SCALE_FACTOR of a DPI: the nearest of Windows' scale steps at or below it.
uint32_t scale_of(uint32_t dpi) {
  static const uint32_t steps[] = {100, 120, 125, 140, 150, 160, 175, 180, 200, 225, 250, 300, 350, 400, 450, 500};
  const uint32_t percent = dpi * 100 / 96;
  uint32_t s = steps[0];
  for (uint32_t step : steps)
    if (step <= percent) s = step;
  return s;
}
HRESULT GetScaleFactorForMonitor(WindowsProcess& p, Ptr monitor, Ptr scale) {
  if (!monitor || !scale) return E_INVALIDARG;
  put<uint32_t>(scale.addr, scale_of(static_cast<uint32_t>(user32(p, "GetDpiForSystem", {}))));
  return S_OK;
}
// GetScaleFactorForDevice(DEVICE_PRIMARY 0 / DEVICE_IMMERSIVE 1): the scale, not an HRESULT.
uint32_t GetScaleFactorForDevice(WindowsProcess& p, int32_t) {
  return scale_of(static_cast<uint32_t>(user32(p, "GetDpiForSystem", {})));
}

// SetProcessDpiAwareness(PROCESS_DPI_UNAWARE 0 / SYSTEM_DPI_AWARE 1 / PER_MONITOR_DPI_AWARE 2):
// the process's awareness context, once (E_ACCESSDENIED after it was set, by a manifest or a call).
HRESULT SetProcessDpiAwareness(WindowsProcess& p, int32_t value) {
  if (value < 0 || value > 2) return E_INVALIDARG;
  const int64_t context = -1 - value;  // DPI_AWARENESS_CONTEXT_UNAWARE -1, SYSTEM_AWARE -2, PER_MONITOR_AWARE -3
  p.set_last_error(0);
  if (user32(p, "SetProcessDpiAwarenessContext", {sx(context)})) return S_OK;
  return p.last_error() == ERROR_ACCESS_DENIED ? E_ACCESSDENIED : hresult_from_win32(p.last_error());
}
HRESULT GetProcessDpiAwareness(WindowsProcess& p, Ptr process, Ptr value) {
  if (!value) return E_INVALIDARG;
  if (process && !p.is_current_process(process.addr)) {
    // Another process: its awareness is not known here; Windows' default for a program without
    // a manifest.
    put<int32_t>(value.addr, 0);
    return S_OK;
  }
  const uint64_t context = user32(p, "GetThreadDpiAwarenessContext", {});
  const int32_t awareness = static_cast<int32_t>(user32(p, "GetAwarenessFromDpiAwarenessContext", {context}));
  put<int32_t>(value.addr, awareness < 0 ? 0 : awareness);
  return S_OK;
}

// The process reference: an object whose reference the process's threads hold (SHELL32's
// threads and Explorer's), kept with a reference of its own.
void SetProcessReference(WindowsProcess& p, Ptr unknown) {
  uint64_t old;
  {
    std::lock_guard<std::mutex> g(state(p).m);
    old = state(p).process_reference;
    state(p).process_reference = unknown.addr;
  }
  const unsigned w = p.isa->ptr;
  if (unknown) p.call_guest(p.get_ptr(p.get_ptr(unknown.addr) + 1 * w), {unknown.addr});  // AddRef
  if (old) p.call_guest(p.get_ptr(p.get_ptr(old) + 2 * w), {old});                         // Release
}
HRESULT GetProcessReference(WindowsProcess& p, Ptr out) {
  if (!out) return E_INVALIDARG;
  uint64_t r;
  {
    std::lock_guard<std::mutex> g(state(p).m);
    r = state(p).process_reference;
  }
  p.put_ptr(out.addr, r);
  if (!r) return E_FAIL;
  p.call_guest(p.get_ptr(p.get_ptr(r) + p.isa->ptr), {r});  // AddRef
  return S_OK;
}

// The process's explicit AppUserModelID (at most 128 characters).
HRESULT SetCurrentProcessExplicitAppUserModelID(WindowsProcess& p, WStr id) {
  if (!id.addr) return E_INVALIDARG;
  const std::u16string s = id.str();
  if (s.size() > 128) return E_INVALIDARG;
  std::lock_guard<std::mutex> g(state(p).m);
  state(p).app_id = s;
  state(p).has_app_id = true;
  return S_OK;
}
HRESULT GetCurrentProcessExplicitAppUserModelID(WindowsProcess& p, Ptr out) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  std::u16string s;
  {
    std::lock_guard<std::mutex> g(state(p).m);
    if (!state(p).has_app_id) return E_FAIL;
    s = state(p).app_id;
  }
  const uint64_t block = p.call_export("ole32.dll", "CoTaskMemAlloc", {(s.size() + 1) * 2});
  if (!block) return E_OUTOFMEMORY;
  std::memcpy(reinterpret_cast<void*>(block), s.c_str(), (s.size() + 1) * 2);
  p.put_ptr(out.addr, block);
  return S_OK;
}

// Feature states (FEATURE_ENABLED_STATE): every feature is in its default state (0).
int32_t GetFeatureEnabledState(WindowsProcess&, uint32_t, int32_t) { return 0; }
void SubscribeFeatureStateChangeNotification(WindowsProcess& p, Ptr subscription, Ptr, Ptr) {
  if (subscription) p.put_ptr(subscription.addr, 0);
}

}  // namespace
}  // namespace shcore

const Dll kShcore{
    .name = "shcore.dll",
    .crt = false,
    .exports =
        {
            EXPORT("GetDpiForMonitor", shcore::GetDpiForMonitor),
            EXPORT("GetScaleFactorForMonitor", shcore::GetScaleFactorForMonitor),
            EXPORT("GetScaleFactorForDevice", shcore::GetScaleFactorForDevice),
            EXPORT("SetProcessDpiAwareness", shcore::SetProcessDpiAwareness),
            EXPORT("GetProcessDpiAwareness", shcore::GetProcessDpiAwareness),
            EXPORT("SetProcessReference", shcore::SetProcessReference),
            EXPORT("GetProcessReference", shcore::GetProcessReference),
            EXPORT("SetCurrentProcessExplicitAppUserModelID", shcore::SetCurrentProcessExplicitAppUserModelID),
            EXPORT("GetCurrentProcessExplicitAppUserModelID", shcore::GetCurrentProcessExplicitAppUserModelID),
            EXPORT("GetFeatureEnabledState", shcore::GetFeatureEnabledState),
            EXPORT("SubscribeFeatureStateChangeNotification", shcore::SubscribeFeatureStateChangeNotification),
        },
    .forwards =
        {
            {"shell32.dll", {"CommandLineToArgvW"}},
            {"shlwapi.dll",
             {"IStream_Copy",         "IStream_Read",         "IStream_ReadStr",      "IStream_Reset",
              "IStream_Size",         "IStream_Write",        "IStream_WriteStr",     "IUnknown_AtomicRelease",
              "IUnknown_GetSite",     "IUnknown_QueryService", "IUnknown_Set",        "IUnknown_SetSite",
              "IsOS",                 "SHAnsiToAnsi",         "SHAnsiToUnicode",      "SHCopyKeyA",
              "SHCopyKeyW",           "SHCreateMemStream",    "SHCreateStreamOnFileA", "SHCreateStreamOnFileEx",
              "SHCreateStreamOnFileW", "SHCreateThread",      "SHCreateThreadRef",    "SHCreateThreadWithHandle",
              "SHDeleteEmptyKeyA",    "SHDeleteEmptyKeyW",    "SHDeleteKeyA",         "SHDeleteKeyW",
              "SHDeleteValueA",       "SHDeleteValueW",       "SHEnumKeyExA",         "SHEnumKeyExW",
              "SHEnumValueA",         "SHEnumValueW",         "SHGetThreadRef",       "SHGetValueA",
              "SHGetValueW",          "SHOpenRegStream2A",    "SHOpenRegStream2W",    "SHOpenRegStreamA",
              "SHOpenRegStreamW",     "SHQueryInfoKeyA",      "SHQueryInfoKeyW",      "SHQueryValueExA",
              "SHQueryValueExW",      "SHRegDuplicateHKey",   "SHRegGetIntW",         "SHRegGetPathA",
              "SHRegGetPathW",        "SHRegGetValueA",       "SHRegGetValueW",       "SHRegSetPathA",
              "SHRegSetPathW",        "SHReleaseThreadRef",   "SHSetThreadRef",       "SHSetValueA",
              "SHSetValueW",          "SHStrDupA",            "SHStrDupW",            "SHUnicodeToAnsi",
              "SHUnicodeToUnicode"}},
        },
};

}  // namespace polyrun::shims
