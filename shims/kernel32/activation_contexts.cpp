// KERNEL32.dll, activation contexts: CreateActCtx, AddRefActCtx, ReleaseActCtx, ZombifyActCtx,
// ActivateActCtx, DeactivateActCtx, GetCurrentActCtx, QueryActCtxW and QueryActCtxSettingsW, made of
// NTDLL's (ntdll/activation_contexts.cpp: the manifests, the contexts, each thread's stack); a
// failure's NTSTATUS is the last error's Win32 code.
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/activation_contexts.h"

namespace polyrun::shims {

namespace kernel32_activation_contexts {

namespace actctx = ntdll_activation_contexts;

BOOL status_result(WindowsProcess& p, uint32_t status) {
  return status ? fail(p, win_error_from_nt_status(status)) : TRUE;
}

// INVALID_HANDLE_VALUE with the error where no context is made.
Ptr create(WindowsProcess& p, uint64_t address, bool wide) {
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  actctx::CreateArgs a;
  uint64_t h = 0;
  uint32_t s = actctx::read_args(p, address, wide, &a);
  if (!s) s = actctx::create(p, a, &h);
  if (s) {
    p.set_last_error(win_error_from_nt_status(s));
    return Ptr(invalid);
  }
  return Ptr(h);
}
Ptr CreateActCtxW(WindowsProcess& p, Ptr a) { return create(p, a.addr, true); }
Ptr CreateActCtxA(WindowsProcess& p, Ptr a) { return create(p, a.addr, false); }

void AddRefActCtx(WindowsProcess&, Ptr h) { actctx::add_ref(h.addr); }
void ReleaseActCtx(WindowsProcess& p, Ptr h) { actctx::release(p, h.addr); }
BOOL ZombifyActCtx(WindowsProcess& p, Ptr h) { return status_result(p, actctx::zombify(h.addr)); }

BOOL ActivateActCtx(WindowsProcess& p, Ptr h, Ptr cookie) {
  uint64_t k = 0;
  if (const uint32_t s = actctx::activate(p, h.addr, &k)) return status_result(p, s);
  if (cookie) p.put_ptr(cookie.addr, k);
  return TRUE;
}
// A cookie out of order or not on the thread's stack: the error set and the status raised,
// noncontinuable, as NTDLL's RtlDeactivateActivationContext raises it.
BOOL DeactivateActCtx(WindowsProcess& p, uint32_t flags, Ptr cookie) {
  const uint32_t s = actctx::deactivate(p, flags, cookie.addr);
  if (!s) return TRUE;
  p.set_last_error(win_error_from_nt_status(s));
  raise_from_call_of<&DeactivateActCtx>(p, s, kExceptionNoncontinuable);
  return FALSE;
}
// The active context, counted for the caller (null: none activated on the thread).
BOOL GetCurrentActCtx(WindowsProcess& p, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  p.put_ptr(out.addr, actctx::active_context(p));
  return TRUE;
}

// QUERY_ACTCTX_FLAG_USE_ACTIVE_ACTCTX (4), ACTCTX_IS_HMODULE (8), ACTCTX_IS_ADDRESS (0x10) are
// NTDLL's RTL_QUERY_ACTIVATION_CONTEXT_FLAG_* 1, 2 and 4; NO_ADDREF (0x80000000) the same.
uint32_t rtl_query_flags(uint32_t flags) {
  return ((flags & 4) ? 1 : 0) | ((flags & 8) ? 2 : 0) | ((flags & 0x10) ? 4 : 0) | (flags & 0x80000000u);
}
BOOL QueryActCtxW(WindowsProcess& p, uint32_t flags, Ptr h, Ptr, uint32_t cls, Ptr buf, USize size, Ptr written) {
  return status_result(p, actctx::query(p, rtl_query_flags(flags), h.addr, cls, buf.addr, size.v, written.addr));
}
BOOL QueryActCtxSettingsW(WindowsProcess& p, uint32_t flags, Ptr h, WStr, WStr setting, Ptr buf, USize size, Ptr written) {
  if (flags || !setting.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return status_result(p, actctx::query_setting(p, h.addr, setting.str(), buf.addr, size.v, written.addr));
}

// FindActCtxSectionString(W/A) and FindActCtxSectionGuid: the active context's entry (extension
// GUIDs are not taken: none is given).
BOOL FindActCtxSectionStringW(WindowsProcess& p, uint32_t flags, Ptr extension, uint32_t section, WStr name, Ptr data) {
  if (extension || !name.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return status_result(p, actctx::find_section_string(p, flags, section, name.str(), data.addr));
}
BOOL FindActCtxSectionStringA(WindowsProcess& p, uint32_t flags, Ptr extension, uint32_t section, AStr name, Ptr data) {
  if (extension || !name.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return status_result(p, actctx::find_section_string(p, flags, section, utf8_to_utf16(name.str()), data.addr));
}
BOOL FindActCtxSectionGuid(WindowsProcess& p, uint32_t flags, Ptr extension, uint32_t section, Ptr guid, Ptr data) {
  if (extension) return fail(p, ERROR_INVALID_PARAMETER);
  return status_result(p, actctx::find_section_guid(p, flags, section, guid.addr, data.addr));
}

}  // namespace kernel32_activation_contexts

const std::vector<Export>& kernel32_activation_context_exports() {
  using namespace kernel32_activation_contexts;
  static const std::vector<Export> exports = {
      EXPORT("CreateActCtxW", CreateActCtxW),
      EXPORT("CreateActCtxA", CreateActCtxA),
      EXPORT("AddRefActCtx", AddRefActCtx),
      EXPORT("ReleaseActCtx", ReleaseActCtx),
      EXPORT("ZombifyActCtx", ZombifyActCtx),
      EXPORT("ActivateActCtx", ActivateActCtx),
      EXPORT("DeactivateActCtx", DeactivateActCtx),
      EXPORT("GetCurrentActCtx", GetCurrentActCtx),
      EXPORT("QueryActCtxW", QueryActCtxW),
      EXPORT("QueryActCtxSettingsW", QueryActCtxSettingsW),
      EXPORT("FindActCtxSectionStringW", FindActCtxSectionStringW),
      EXPORT("FindActCtxSectionStringA", FindActCtxSectionStringA),
      EXPORT("FindActCtxSectionGuid", FindActCtxSectionGuid),
  };
  return exports;
}

}  // namespace polyrun::shims
