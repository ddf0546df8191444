// MSVCP140.dll's support of the Parallel Patterns Library's tasks (<ppltasks.h>, which std::async
// builds on): chores run on the thread pool (_Schedule_chore, _Reschedule_chore, _Release_chore),
// the task event logger's methods, _Task_impl_base::_IsNonBlockingThread and
// task_continuation_context's constructor.
//
// A chore is {PTP_WORK work; void (__cdecl* callback)(void*); void* arg}: scheduling it makes a
// thread pool work item (KERNEL32's CreateThreadpoolWork, through its export, as MSVCP140 imports
// it) whose callback, a function of this DLL's, calls callback(arg); rescheduling submits it again;
// releasing closes it. The logger's methods report to Event Tracing for Windows, which has no
// session here to take them: as on Windows with the PPL's provider not enabled, they return at
// once. A thread here is never one the PPL must not block (Windows' are the UI threads of
// Windows Runtime applications' single-threaded apartments).
//
// _ContextCallback, the COM context a continuation runs in, and _ExceptionHolder's report of a
// task's exception no one observed belong to Windows Runtime applications: the desktop MSVCP140
// (the one desktop programs load) captures no context (_Capture, _Reset and _Assign leave it as it
// is), finds no single-threaded apartment of origin (_IsCurrentOriginSTA: false), runs a
// continuation where it is (_CallInContext calls the std::function, then destroys it: the
// callee's copy) and reports nothing (ReportUnhandledError returns; the application runtime's
// RoReportUnhandledError is what reports it there).
#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/kernel32/exports.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

// The work item's callback (PTP_WORK_CALLBACK: instance, context, work): the chore's function.
void chore_callback(WindowsProcess& p, Ptr, Ptr chore, Ptr) {
  const uint64_t fn = p.get_ptr(chore.addr + p.isa->ptr);
  if (fn) p.call_guest(fn, {p.get_ptr(chore.addr + 2ull * p.isa->ptr)});
}
const Export& chore_callback_export() {
  // (a WINAPI function: the thread pool is polyrun's, which calls it as the host does)
  static const Export e = EXPORT("Concurrency::details::_Threadpool_chore callback", chore_callback);
  return e;
}

int32_t _Reschedule_chore(WindowsProcess& p, Ptr chore) {
  call_kernel32(p, "SubmitThreadpoolWork", {p.get_ptr(chore.addr)});
  return 0;
}

// 0 scheduled; -1 when no work item could be made.
int32_t _Schedule_chore(WindowsProcess& p, Ptr chore) {
  const Export& cb = chore_callback_export();
  const uint64_t thunk = p.export_thunk(&this_dll(), this_dll().name, cb.name, &cb);
  const uint64_t work = call_kernel32(p, "CreateThreadpoolWork", {thunk, chore.addr, 0});
  p.put_ptr(chore.addr, work);
  if (!work) return -1;
  return _Reschedule_chore(p, chore);
}

void _Release_chore(WindowsProcess& p, Ptr chore) {
  const uint64_t work = p.get_ptr(chore.addr);
  if (!work) return;
  call_kernel32(p, "CloseThreadpoolWork", {work});
  p.put_ptr(chore.addr, 0);
}

// The event logger's methods: nothing listens (see above).
void log_event(WindowsProcess&, Ptr) {}
void log_schedule(WindowsProcess&, Ptr, uint8_t) {}

uint8_t _IsNonBlockingThread(WindowsProcess&) { return 0; }

// task_continuation_context(): {void* context; bool} zeroed (the default: no apartment captured).
Ptr task_continuation_context_ctor(WindowsProcess& p, Ptr self) {
  p.put_ptr(self.addr, 0);
  put<uint8_t>(self.addr + p.isa->ptr, 0);
  return self;
}

// ---- _ContextCallback, _ExceptionHolder ----

void context_unchanged(WindowsProcess&, Ptr) {}
void context_assign(WindowsProcess&, Ptr, Ptr) {}
uint8_t context_is_sta(WindowsProcess&) { return 0; }
void report_unhandled_error(WindowsProcess&, Ptr) {}

// The std::function {storage; _Func_base* _Impl (its last pointer)} at `func` called (its
// _Impl's _Do_call, vtable slot 2) and destroyed (_Delete_this(not stored in the function itself),
// slot 4): x64 passes a pointer to the callee's copy (64 bytes), i386 the 40 bytes on the stack
// (just after the return address: `this` is in ecx), the _Impl's methods thiscall there.
void call_function(WindowsProcess& p, uint64_t func, uint64_t size) {
  const uint32_t ptr = p.isa->ptr;
  const uint64_t impl = p.get_ptr(func + size - ptr);
  if (!impl) return;
  CallRegs regs;
  regs.this_reg = impl;
  const uint64_t vt = p.get_ptr(impl);
  if (ptr == 8) {
    p.call_guest(p.get_ptr(vt + 2 * 8), {impl});
    p.call_guest(p.get_ptr(vt + 4 * 8), {impl, impl != func});
  } else {
    p.call_guest(p.get_ptr(vt + 2 * 4), {}, regs);
    p.call_guest(p.get_ptr(vt + 4 * 4), {impl != func}, regs);
  }
}
void context_call_x64(WindowsProcess& p, Ptr, Ptr func, uint8_t) { call_function(p, func.addr, 64); }
void context_call_i386(WindowsProcess& p, Ptr, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t,
                       uint32_t, uint8_t) {
  call_function(p, (p.cpu().reg(cpu::x86::RSP) & 0xffffffffu) + 4, 40);
}

}  // namespace

const std::vector<Export>& task_exports() {
  static const std::vector<Export> e = {
      MSVCP_FUNCTION("?_Schedule_chore@details@Concurrency@@YAHPAU_Threadpool_chore@12@@Z",
                     "?_Schedule_chore@details@Concurrency@@YAHPEAU_Threadpool_chore@12@@Z", _Schedule_chore),
      MSVCP_FUNCTION("?_Reschedule_chore@details@Concurrency@@YAHPBU_Threadpool_chore@12@@Z",
                     "?_Reschedule_chore@details@Concurrency@@YAHPEBU_Threadpool_chore@12@@Z", _Reschedule_chore),
      MSVCP_FUNCTION("?_Release_chore@details@Concurrency@@YAXPAU_Threadpool_chore@12@@Z",
                     "?_Release_chore@details@Concurrency@@YAXPEAU_Threadpool_chore@12@@Z", _Release_chore),
      MSVCP_METHOD("?_LogCancelTask@_TaskEventLogger@details@Concurrency@@QAEXXZ",
                   "?_LogCancelTask@_TaskEventLogger@details@Concurrency@@QEAAXXZ", log_event),
      MSVCP_METHOD("?_LogScheduleTask@_TaskEventLogger@details@Concurrency@@QAEX_N@Z",
                   "?_LogScheduleTask@_TaskEventLogger@details@Concurrency@@QEAAX_N@Z", log_schedule),
      MSVCP_METHOD("?_LogTaskCompleted@_TaskEventLogger@details@Concurrency@@QAEXXZ",
                   "?_LogTaskCompleted@_TaskEventLogger@details@Concurrency@@QEAAXXZ", log_event),
      MSVCP_METHOD("?_LogTaskExecutionCompleted@_TaskEventLogger@details@Concurrency@@QAEXXZ",
                   "?_LogTaskExecutionCompleted@_TaskEventLogger@details@Concurrency@@QEAAXXZ", log_event),
      MSVCP_METHOD("?_LogWorkItemCompleted@_TaskEventLogger@details@Concurrency@@QAEXXZ",
                   "?_LogWorkItemCompleted@_TaskEventLogger@details@Concurrency@@QEAAXXZ", log_event),
      MSVCP_METHOD("?_LogWorkItemStarted@_TaskEventLogger@details@Concurrency@@QAEXXZ",
                   "?_LogWorkItemStarted@_TaskEventLogger@details@Concurrency@@QEAAXXZ", log_event),
      EXPORT("?_IsNonBlockingThread@_Task_impl_base@details@Concurrency@@SA_NXZ", _IsNonBlockingThread),
      MSVCP_METHOD("?_Capture@_ContextCallback@details@Concurrency@@AAEXXZ", "?_Capture@_ContextCallback@details@Concurrency@@AEAAXXZ",
                   context_unchanged),
      MSVCP_METHOD("?_Reset@_ContextCallback@details@Concurrency@@AAEXXZ", "?_Reset@_ContextCallback@details@Concurrency@@AEAAXXZ",
                   context_unchanged),
      MSVCP_METHOD("?_Assign@_ContextCallback@details@Concurrency@@AAEXPAX@Z",
                   "?_Assign@_ContextCallback@details@Concurrency@@AEAAXPEAX@Z", context_assign),
      EXPORT("?_IsCurrentOriginSTA@_ContextCallback@details@Concurrency@@CA_NXZ", context_is_sta),
      EXPORT_METHOD("?_CallInContext@_ContextCallback@details@Concurrency@@QEBAXV?$function@$$A6AXXZ@std@@_N@Z", context_call_x64),
      EXPORT_METHOD("?_CallInContext@_ContextCallback@details@Concurrency@@QBEXV?$function@$$A6AXXZ@std@@_N@Z", context_call_i386),
      MSVCP_METHOD("?ReportUnhandledError@_ExceptionHolder@details@Concurrency@@AAEXXZ",
                   "?ReportUnhandledError@_ExceptionHolder@details@Concurrency@@AEAAXXZ", report_unhandled_error),
      MSVCP_METHOD("??0task_continuation_context@Concurrency@@AAE@XZ", "??0task_continuation_context@Concurrency@@AEAA@XZ",
                   task_continuation_context_ctor),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
