// KERNEL32.dll, job objects: CreateJobObject, OpenJobObject, AssignProcessToJobObject,
// IsProcessInJob, TerminateJobObject, Set/QueryInformationJobObject, made of NTDLL's job objects
// (ntdll/jobs.cpp: NtCreateJobObject …, what they hold and how they differ from Windows'); a
// failure's NTSTATUS is the last error's Win32 code.
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/jobs.h"

namespace polyrun::shims {

namespace kernel32_jobs {

constexpr uint32_t kObjectNameExists = 0x40000000, kProcessNotInJob = 0x123, kProcessInJob = 0x124;

BOOL status_result(WindowsProcess& p, uint32_t status) {
  return status ? fail(p, win_error_from_nt_status(status)) : TRUE;
}

uint64_t create_job(WindowsProcess& p, uint64_t sa, const std::u16string& name) {
  uint64_t h = 0;
  const uint32_t s = ntdll_jobs::create(p, name, p.inherits(sa), true, &h);
  if (s && s != kObjectNameExists) return fail(p, win_error_from_nt_status(s)), 0;
  p.set_last_error(s == kObjectNameExists ? static_cast<uint32_t>(ERROR_ALREADY_EXISTS) : 0u);
  return h;
}
Ptr CreateJobObjectW(WindowsProcess& p, Ptr sa, WStr name) { return Ptr(create_job(p, sa.addr, name.str())); }
Ptr CreateJobObjectA(WindowsProcess& p, Ptr sa, AStr name) {
  return Ptr(create_job(p, sa.addr, utf8_to_utf16(name.str())));
}

uint64_t open_job(WindowsProcess& p, const std::u16string& name, BOOL inherit) {
  uint64_t h = 0;
  if (const uint32_t s = ntdll_jobs::open(p, name, inherit != 0, &h)) return fail(p, win_error_from_nt_status(s)), 0;
  return h;
}
Ptr OpenJobObjectW(WindowsProcess& p, uint32_t, BOOL inherit, WStr name) { return Ptr(open_job(p, name.str(), inherit)); }
Ptr OpenJobObjectA(WindowsProcess& p, uint32_t, BOOL inherit, AStr name) {
  return Ptr(open_job(p, utf8_to_utf16(name.str()), inherit));
}

BOOL AssignProcessToJobObject(WindowsProcess& p, Ptr job, Ptr process) {
  return status_result(p, ntdll_jobs::assign(p, job.addr, process.addr));
}

BOOL IsProcessInJob(WindowsProcess& p, Ptr process, Ptr job, Ptr result) {
  const uint32_t s = ntdll_jobs::in_job(p, process.addr, job.addr);
  if (s != kProcessInJob && s != kProcessNotInJob) return status_result(p, s);
  put<uint32_t>(result.addr, s == kProcessInJob ? 1 : 0);
  return TRUE;
}

BOOL TerminateJobObject(WindowsProcess& p, Ptr job, uint32_t code) {
  return status_result(p, ntdll_jobs::terminate(p, job.addr, code));
}

BOOL SetInformationJobObject(WindowsProcess& p, Ptr job, uint32_t cls, Ptr info, uint32_t len) {
  return status_result(p, ntdll_jobs::set_information(p, job.addr, cls, info.addr, len));
}

BOOL QueryInformationJobObject(WindowsProcess& p, Ptr job, uint32_t cls, Ptr info, uint32_t len, Ptr ret) {
  return status_result(p, ntdll_jobs::query_information(p, job.addr, cls, info.addr, len, ret.addr));
}

}  // namespace kernel32_jobs

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_job_exports() {
  using namespace kernel32_jobs;
  static const std::vector<Export> exports = {
      EXPORT("CreateJobObjectA", CreateJobObjectA),
      EXPORT("CreateJobObjectW", CreateJobObjectW),
      EXPORT("OpenJobObjectA", OpenJobObjectA),
      EXPORT("OpenJobObjectW", OpenJobObjectW),
      EXPORT("AssignProcessToJobObject", AssignProcessToJobObject),
      EXPORT("IsProcessInJob", IsProcessInJob),
      EXPORT("TerminateJobObject", TerminateJobObject),
      EXPORT("SetInformationJobObject", SetInformationJobObject),
      EXPORT("QueryInformationJobObject", QueryInformationJobObject),
  };
  return exports;
}

}  // namespace polyrun::shims
