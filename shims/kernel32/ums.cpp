// KERNEL32.dll, user-mode scheduling (UMS): Windows 11 no longer has it, and every call fails with
// ERROR_NOT_SUPPORTED (the user-mode scheduling pages: "As of Windows 11, user-mode scheduling is
// not supported. All calls fail with the error ERROR_NOT_SUPPORTED."); so it is here.
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

BOOL unsupported(WindowsProcess& p) { return fail(p, ERROR_NOT_SUPPORTED); }
BOOL CreateUmsCompletionList(WindowsProcess& p, Ptr) { return unsupported(p); }
BOOL CreateUmsThreadContext(WindowsProcess& p, Ptr) { return unsupported(p); }
BOOL DeleteUmsCompletionList(WindowsProcess& p, Ptr) { return unsupported(p); }
BOOL DeleteUmsThreadContext(WindowsProcess& p, Ptr) { return unsupported(p); }
BOOL DequeueUmsCompletionListItems(WindowsProcess& p, Ptr, uint32_t, Ptr) { return unsupported(p); }
BOOL EnterUmsSchedulingMode(WindowsProcess& p, Ptr) { return unsupported(p); }
BOOL ExecuteUmsThread(WindowsProcess& p, Ptr) { return unsupported(p); }
Ptr GetCurrentUmsThread(WindowsProcess& p) { return Ptr(unsupported(p)); }
Ptr GetNextUmsListItem(WindowsProcess& p, Ptr) { return Ptr(unsupported(p)); }
BOOL GetUmsCompletionListEvent(WindowsProcess& p, Ptr, Ptr) { return unsupported(p); }
BOOL QueryUmsThreadInformation(WindowsProcess& p, Ptr, uint32_t, Ptr, uint32_t, Ptr) { return unsupported(p); }
BOOL SetUmsThreadInformation(WindowsProcess& p, Ptr, uint32_t, Ptr, uint32_t) { return unsupported(p); }
BOOL UmsThreadYield(WindowsProcess& p, Ptr) { return unsupported(p); }

}  // namespace

const std::vector<Export>& kernel32_ums_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateUmsCompletionList", CreateUmsCompletionList),
      EXPORT("CreateUmsThreadContext", CreateUmsThreadContext),
      EXPORT("DeleteUmsCompletionList", DeleteUmsCompletionList),
      EXPORT("DeleteUmsThreadContext", DeleteUmsThreadContext),
      EXPORT("DequeueUmsCompletionListItems", DequeueUmsCompletionListItems),
      EXPORT("EnterUmsSchedulingMode", EnterUmsSchedulingMode),
      EXPORT("ExecuteUmsThread", ExecuteUmsThread),
      EXPORT("GetCurrentUmsThread", GetCurrentUmsThread),
      EXPORT("GetNextUmsListItem", GetNextUmsListItem),
      EXPORT("GetUmsCompletionListEvent", GetUmsCompletionListEvent),
      EXPORT("QueryUmsThreadInformation", QueryUmsThreadInformation),
      EXPORT("SetUmsThreadInformation", SetUmsThreadInformation),
      EXPORT("UmsThreadYield", UmsThreadYield),
  };
  return exports;
}

}  // namespace polyrun::shims
