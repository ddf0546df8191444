// KERNEL32.dll, CONTEXT records with extended processor state: InitializeContext(2),
// LocateXStateFeature, Get/SetXStateFeaturesMask and CopyContext, made of NTDLL's
// (ntdll/context_xstate.cpp: the record's layout, RtlInitializeExtendedContext …); the legacy
// features (0, the x87 state, and 1, the XMM registers) are found in the CONTEXT itself.
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/context_xstate.h"

namespace polyrun::shims {

namespace kernel32_context_xstate {

namespace xstate = ntdll_context_xstate;

// *length is the room the record needs, told whether or not the buffer holds it.
BOOL initialize(WindowsProcess& p, Ptr buffer, uint32_t flags, Ptr context, Ptr length, uint64_t compaction) {
  uint32_t need = 0;
  if (!length || xstate::context_length(p, flags, compaction, &need)) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t have = get<uint32_t>(length.addr);
  put<uint32_t>(length.addr, need);
  if (!buffer || have < need) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  uint64_t ctx = 0;
  if (const uint32_t s = xstate::initialize_context(p, buffer.addr, flags, compaction, &ctx))
    return fail(p, win_error_from_nt_status(s));
  p.put_ptr(context.addr, ctx);
  return TRUE;
}
BOOL InitializeContext(WindowsProcess& p, Ptr buffer, uint32_t flags, Ptr context, Ptr length) {
  return initialize(p, buffer, flags, context, length, ~0ull);
}
BOOL InitializeContext2(WindowsProcess& p, Ptr buffer, uint32_t flags, Ptr context, Ptr length, uint64_t compaction) {
  return initialize(p, buffer, flags, context, length, compaction);
}

Ptr LocateXStateFeature(WindowsProcess& p, Ptr context, uint32_t feature, Ptr length) {
  return Ptr(xstate::locate_feature(p, context.addr, feature, length.addr));
}

// Features 0 and 1 are the record's floating-point state (CONTEXT_FLOATING_POINT on AMD64,
// CONTEXT_EXTENDED_REGISTERS on i386); the others the XSAVE header's Mask.
BOOL SetXStateFeaturesMask(WindowsProcess& p, Ptr context, uint64_t mask) {
  return xstate::set_features_mask(p, context.addr, mask) ? TRUE : FALSE;
}
BOOL GetXStateFeaturesMask(WindowsProcess& p, Ptr context, Ptr mask) {
  uint64_t m = 0;
  if (!xstate::get_features_mask(p, context.addr, &m)) return FALSE;
  put<uint64_t>(mask.addr, m);
  return TRUE;
}

BOOL CopyContext(WindowsProcess& p, Ptr dst, uint32_t flags, Ptr src) {
  const uint32_t s = xstate::copy_context(p, dst.addr, flags, src.addr);
  return s ? fail(p, win_error_from_nt_status(s)) : TRUE;
}

}  // namespace kernel32_context_xstate

const std::vector<Export>& kernel32_context_xstate_exports() {
  using namespace kernel32_context_xstate;
  static const std::vector<Export> exports = {
      EXPORT("InitializeContext", InitializeContext),
      EXPORT("InitializeContext2", InitializeContext2),
      EXPORT("LocateXStateFeature", LocateXStateFeature),
      EXPORT("SetXStateFeaturesMask", SetXStateFeaturesMask),
      EXPORT("GetXStateFeaturesMask", GetXStateFeaturesMask),
      EXPORT("CopyContext", CopyContext),
  };
  return exports;
}

}  // namespace polyrun::shims
