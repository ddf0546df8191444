// Job objects (ntdll/jobs.cpp): what NtCreateJobObject … do, which KERNEL32's CreateJobObject …
// call (kernel32/jobs.cpp). Each gives the NTSTATUS; names are those KERNEL32 gives the job.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_jobs {

// A new job, or with `open_if` the job of that name (STATUS_OBJECT_NAME_EXISTS); *handle its handle.
uint32_t create(WindowsProcess& p, const std::u16string& name, bool inherit, bool open_if, uint64_t* handle);
// The job of that name (STATUS_OBJECT_NAME_NOT_FOUND: none).
uint32_t open(WindowsProcess& p, const std::u16string& name, bool inherit, uint64_t* handle);
uint32_t assign(WindowsProcess& p, uint64_t job, uint64_t process);
// STATUS_PROCESS_IN_JOB or STATUS_PROCESS_NOT_IN_JOB (a null job: any job), or a failure.
uint32_t in_job(WindowsProcess& p, uint64_t process, uint64_t job);
uint32_t terminate(WindowsProcess& p, uint64_t job, uint32_t code);
uint32_t set_information(WindowsProcess& p, uint64_t job, uint32_t cls, uint64_t info, uint32_t length);
uint32_t query_information(WindowsProcess& p, uint64_t job, uint32_t cls, uint64_t info, uint32_t length,
                           uint64_t returned);
// At the end of the process: the members of its jobs that end with their last handle
// (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) are ended (a process end hook KERNEL32 registers).
void end_closing_jobs(WindowsProcess& p);

}  // namespace polyrun::shims::ntdll_jobs
