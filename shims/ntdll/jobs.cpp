// NTDLL's job objects: NtCreateJobObject, NtOpenJobObject, NtAssignProcessToJobObject,
// NtIsProcessInJob, NtTerminateJobObject, NtQueryInformationJobObject, NtSetInformationJobObject;
// KERNEL32's CreateJobObject … are made of them (kernel32/jobs.cpp, `ntdll/jobs.h`). A job holds
// processes (this one or others, through their process handles); NtTerminateJobObject ends them all
// with one exit code, and a job with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE ends them when its last
// handle is closed — here, when the process that made it ends (libuv puts every child in such a job,
// so that the children die with their parent). The limits are kept and told back; of them, the
// processor affinity and the priority class are applied to the members; the time, memory and
// working-set limits are not enforced (said once at warn level). Differences from Windows: the
// processes a member starts do not join its job by themselves, a job is known to the process that
// made it only (a name is found by NtOpenJobObject in this process), and closing the last handle
// does not yet end the members before the process ends.
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/core/child_process.h"
#include "shims/core/guest_memory.h"
#include "shims/core/handle_objects.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/nt_status.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/jobs.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/object_attributes.h"

namespace polyrun::shims {

namespace ntdll_jobs {

namespace {

// JOBOBJECTINFOCLASS values and JOB_OBJECT_LIMIT_* flags.
constexpr uint32_t kBasicAccounting = 1, kBasicLimit = 2, kBasicProcessIdList = 3, kBasicUiRestrictions = 4,
                   kExtendedLimit = 9;
constexpr uint32_t kLimitActiveProcess = 0x8, kLimitAffinity = 0x10, kLimitPriorityClass = 0x20,
                   kLimitKillOnJobClose = 0x2000, kLimitValid = 0x7fff;
// What is kept without being enforced: working set, process and job time, memory.
constexpr uint32_t kLimitNotEnforced = 0x1 | 0x2 | 0x4 | 0x40 | 0x80 | 0x100 | 0x200;
constexpr uint32_t kQuotaExceeded = 0xc0000044, kProcessIsTerminating = 0xc000010a, kObjectNameExists = 0x40000000,
                   kObjectNameNotFound = 0xc0000034, kObjectNameCollision = 0xc0000035, kProcessNotInJob = 0x123,
                   kProcessInJob = 0x124;

struct Member {
  uint32_t pid = 0;
  std::shared_ptr<Waitable> process;  // null: this process
};

struct Job {
  std::u16string name;
  std::vector<Member> members;
  // (terminated: the processes a limit's violation ended, TotalTerminatedProcesses; no limit that
  // ends one is enforced, and NtTerminateJobObject's are not counted there.)
  uint32_t total_processes = 0, terminated = 0;
  // The basic and extended limits as set (the structure's bytes, in the guest's layout).
  uint32_t flags = 0, active_limit = 0, priority_class = 0, scheduling_class = 0;
  uint64_t affinity = 0, min_working_set = 0, max_working_set = 0, process_memory = 0, job_memory = 0;
  int64_t process_time = 0, job_time = 0;
  uint32_t ui_restrictions = 0;
};

// A handle of a job: an eventfd of its own (CloseHandle closes it), and the job (shared by the
// handles CreateJobObject and OpenJobObject of the same name give).
struct JobHandle {
  int fd = -1;
  std::shared_ptr<Job> job;
};
std::map<uint64_t, std::shared_ptr<JobHandle>>& jobs() {
  static std::map<uint64_t, std::shared_ptr<JobHandle>> all;
  return all;
}

std::shared_ptr<Job> job_of(WindowsProcess& p, uint64_t h) {
  auto handle = find_handle_object(p, jobs(), h);
  return handle ? handle->job : nullptr;
}

// The job of that name with a handle still open, or null.
std::shared_ptr<Job> named_job(WindowsProcess& p, const std::u16string& name) {
  if (name.empty()) return nullptr;
  std::vector<uint64_t> handles;
  for (const auto& [h, jh] : jobs()) handles.push_back(h);
  for (uint64_t h : handles)
    if (auto j = job_of(p, h); j && j->name == name) return j;
  return nullptr;
}

uint64_t new_job_handle(WindowsProcess& p, std::shared_ptr<Job> j) {
  auto jh = std::make_shared<JobHandle>();
  jh->job = std::move(j);
  return new_handle_object(p, jobs(), jh, "Job");
}

// Jobs that end their members with the process (KILL_ON_JOB_CLOSE), registered once.
std::vector<std::weak_ptr<Job>>& closing_jobs() {
  static std::vector<std::weak_ptr<Job>> all;
  return all;
}

bool running(const Member& m) { return !m.process || !m.process->count; }

// A member still running is ended with `code`, as TerminateProcess ends it.
void end_member(WindowsProcess& p, const Member& m, uint32_t code) {
  if (!m.process) {
    p.onexit.clear();
    p.terminate(static_cast<int>(code));
    return;
  }
  end_other_process(*m.process, code);
}

// The limits that act on a member: its processor affinity and its priority.
void apply_limits(const Job& j, const Member& m) {
  const pid_t pid = m.process ? static_cast<pid_t>(m.pid) : 0;
  if ((j.flags & kLimitAffinity) && j.affinity) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int i = 0; i < 64 && i < CPU_SETSIZE; ++i)
      if (j.affinity >> i & 1) CPU_SET(i, &set);
    ::sched_setaffinity(pid, sizeof set, &set);
  }
  if (j.flags & kLimitPriorityClass) {
    // IDLE, BELOW_NORMAL, NORMAL, ABOVE_NORMAL, HIGH (REALTIME is HIGH without privileges).
    const int nice = j.priority_class == 0x40 ? 19 : j.priority_class == 0x4000 ? 10 : j.priority_class == 0x8000 ? -5
                     : (j.priority_class == 0x80 || j.priority_class == 0x100) ? -10 : 0;
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(pid), nice);
  }
}

}  // namespace

uint32_t create(WindowsProcess& p, const std::u16string& name, bool inherit, bool open_if, uint64_t* out) {
  std::shared_ptr<Job> j = named_job(p, name);
  const bool existed = j != nullptr;
  if (existed && !open_if) return kObjectNameCollision;
  if (!j) {
    j = std::make_shared<Job>();
    j->name = name;
  }
  const uint64_t h = new_job_handle(p, j);
  if (!h) return nt::kNoMemory;
  p.mark_inheritable(h, inherit);
  *out = h;
  return existed ? kObjectNameExists : nt::kSuccess;
}

uint32_t open(WindowsProcess& p, const std::u16string& name, bool inherit, uint64_t* out) {
  std::shared_ptr<Job> j = named_job(p, name);
  if (!j) return kObjectNameNotFound;
  const uint64_t h = new_job_handle(p, j);
  if (!h) return nt::kNoMemory;
  p.mark_inheritable(h, inherit);
  *out = h;
  return nt::kSuccess;
}

namespace {

// The process a handle names as a member (this process for its pseudo-handle or its own id).
std::optional<Member> member_of(WindowsProcess& p, uint64_t h) {
  if (p.is_current_process(h)) return Member{static_cast<uint32_t>(::getpid()), nullptr};
  std::shared_ptr<Waitable> w = waitable_object(p, h);
  if (!w || w->kind != Waitable::Kind::Process) return std::nullopt;
  if (w->id == static_cast<uint32_t>(::getpid())) return Member{w->id, nullptr};
  return Member{w->id, w};
}

}  // namespace

uint32_t assign(WindowsProcess& p, uint64_t job, uint64_t process) {
  auto j = job_of(p, job);
  if (!j) return nt::kInvalidHandle;
  std::optional<Member> m = member_of(p, process);
  if (!m) return nt::kInvalidHandle;
  if (m->process && m->process->count) return kProcessIsTerminating;  // it has ended
  for (const Member& x : j->members)
    if (x.pid == m->pid && running(x)) return nt::kSuccess;
  if (j->flags & kLimitActiveProcess) {
    uint32_t active = 0;
    for (const Member& x : j->members) active += running(x);
    if (active >= j->active_limit) return kQuotaExceeded;
  }
  j->members.push_back(*m);
  ++j->total_processes;
  apply_limits(*j, *m);
  return nt::kSuccess;
}

// STATUS_PROCESS_IN_JOB or STATUS_PROCESS_NOT_IN_JOB (a null job: in any job). A process stays in
// its job once it has ended.
uint32_t in_job(WindowsProcess& p, uint64_t process, uint64_t job) {
  std::optional<Member> m = member_of(p, process);
  if (!m) return nt::kInvalidHandle;
  bool in = false;
  if (job) {
    auto j = job_of(p, job);
    if (!j) return nt::kInvalidHandle;
    for (const Member& x : j->members) in |= x.pid == m->pid;
  } else {
    for (const auto& [h, jh] : jobs())
      for (const Member& x : jh->job->members) in |= x.pid == m->pid;
  }
  return in ? kProcessInJob : kProcessNotInJob;
}

uint32_t terminate(WindowsProcess& p, uint64_t job, uint32_t code) {
  auto j = job_of(p, job);
  if (!j) return nt::kInvalidHandle;
  bool self = false;
  for (const Member& m : j->members) {
    if (!running(m)) continue;
    if (m.process) end_member(p, m, code);
    else self = true;
  }
  if (self) end_member(p, Member{}, code);  // this process last
  return nt::kSuccess;
}

namespace {

// JOBOBJECT_BASIC_LIMIT_INFORMATION's fields and size, in the guest's layout; the extended one
// follows it with IO_COUNTERS (six 64-bit counts) and four sizes.
struct LimitLayout {
  uint32_t ps, min_ws, max_ws, active, affinity, priority, scheduling, size, extended_size;
  explicit LimitLayout(uint32_t ptr) : ps(ptr) {
    min_ws = ptr == 8 ? 24 : 20;
    max_ws = min_ws + ptr;
    active = max_ws + ptr;
    affinity = (active + 4 + ptr - 1) / ptr * ptr;
    priority = affinity + ptr;
    scheduling = priority + 4;
    size = (scheduling + 4 + 7) / 8 * 8;
    extended_size = size + 48 + 4 * ptr;
  }
};

uint64_t get_size(WindowsProcess& p, uint64_t addr) { return p.isa->ptr == 8 ? get<uint64_t>(addr) : get<uint32_t>(addr); }

}  // namespace

uint32_t set_information(WindowsProcess& p, uint64_t job, uint32_t cls, uint64_t info, uint32_t len) {
  auto j = job_of(p, job);
  if (!j) return nt::kInvalidHandle;
  const LimitLayout l(p.isa->ptr);
  if (cls == kBasicUiRestrictions) {
    if (len != 4) return nt::kInvalidParameter;
    j->ui_restrictions = get<uint32_t>(info);  // (no desktop, clipboard or user objects to restrict)
    return nt::kSuccess;
  }
  if (cls != kBasicLimit && cls != kExtendedLimit) return nt::kInvalidParameter;
  if (len != (cls == kBasicLimit ? l.size : l.extended_size)) return nt::kInvalidParameter;
  const uint64_t a = info;
  const uint32_t flags = get<uint32_t>(a + 16);
  if (flags & ~kLimitValid) return nt::kInvalidParameter;
  if (cls == kBasicLimit && (flags & ~0xff)) return nt::kInvalidParameter;  // extended-only flags
  j->flags = flags;
  j->process_time = get<int64_t>(a);
  j->job_time = get<int64_t>(a + 8);
  j->min_working_set = get_size(p, a + l.min_ws);
  j->max_working_set = get_size(p, a + l.max_ws);
  j->active_limit = get<uint32_t>(a + l.active);
  j->affinity = get_size(p, a + l.affinity);
  j->priority_class = get<uint32_t>(a + l.priority);
  j->scheduling_class = get<uint32_t>(a + l.scheduling);
  if (cls == kExtendedLimit) {
    j->process_memory = get_size(p, a + l.size + 48);
    j->job_memory = get_size(p, a + l.size + 48 + l.ps);
  }
  if (flags & kLimitNotEnforced) {
    static bool said = false;
    if (!said) log().warn("job objects: limits of time, memory and working set (flags {:#x}) are kept, not enforced", flags & kLimitNotEnforced);
    said = true;
  }
  if (flags & kLimitKillOnJobClose) {
    bool known = false;
    for (const auto& w : closing_jobs()) known |= w.lock() == j;
    if (!known) closing_jobs().push_back(j);
  }
  for (const Member& m : j->members)
    if (running(m)) apply_limits(*j, m);
  return nt::kSuccess;
}

namespace {

void put_size(WindowsProcess& p, uint64_t addr, uint64_t v) {
  if (p.isa->ptr == 8) put<uint64_t>(addr, v);
  else put<uint32_t>(addr, static_cast<uint32_t>(v));
}

}  // namespace

uint32_t query_information(WindowsProcess& p, uint64_t job, uint32_t cls, uint64_t info_addr, uint32_t len,
                           uint64_t ret) {
  const Ptr info(info_addr);
  std::shared_ptr<Job> j;
  if (!job) {  // the job of this process
    for (const auto& [h, jh] : jobs())
      for (const Member& m : jh->job->members)
        if (!m.process) j = jh->job;
    if (!j) return nt::kInvalidHandle;
  } else if (!(j = job_of(p, job))) {
    return nt::kInvalidHandle;
  }
  const LimitLayout l(p.isa->ptr);
  uint32_t active = 0;
  for (const Member& m : j->members) active += running(m);
  uint32_t need = 0;
  switch (cls) {
    case kBasicAccounting: need = 48; break;
    case kBasicLimit: need = l.size; break;
    case kExtendedLimit: need = l.extended_size; break;
    case kBasicUiRestrictions: need = 4; break;
    case kBasicProcessIdList: need = 8 + l.ps; break;  // the header and room for one id at least
    default: return nt::kInvalidParameter;
  }
  if (len < need) return nt::kInfoLengthMismatch;
  const uint64_t a = info.addr;
  uint32_t wrote = need;
  if (cls == kBasicAccounting) {
    std::memset(info.as<char>(), 0, 48);  // (times: not counted per job)
    put<uint32_t>(a + 36, j->total_processes);
    put<uint32_t>(a + 40, active);
    put<uint32_t>(a + 44, j->terminated);
  } else if (cls == kBasicLimit || cls == kExtendedLimit) {
    std::memset(info.as<char>(), 0, need);
    put<int64_t>(a, j->process_time);
    put<int64_t>(a + 8, j->job_time);
    put<uint32_t>(a + 16, j->flags);
    put_size(p, a + l.min_ws, j->min_working_set);
    put_size(p, a + l.max_ws, j->max_working_set);
    put<uint32_t>(a + l.active, j->active_limit);
    put_size(p, a + l.affinity, j->affinity);
    put<uint32_t>(a + l.priority, j->priority_class);
    put<uint32_t>(a + l.scheduling, j->scheduling_class);
    if (cls == kExtendedLimit) {
      put_size(p, a + l.size + 48, j->process_memory);
      put_size(p, a + l.size + 48 + l.ps, j->job_memory);
    }
  } else if (cls == kBasicUiRestrictions) {
    put<uint32_t>(a, j->ui_restrictions);
  } else {
    const uint32_t room = (len - 8) / l.ps;
    uint32_t listed = 0;
    for (const Member& m : j->members)
      if (running(m) && listed < room) put_size(p, a + 8 + l.ps * listed++, m.pid);
    put<uint32_t>(a, active);
    put<uint32_t>(a + 4, listed);
    wrote = 8 + l.ps * listed;
    if (listed < active) {
      if (ret) put<uint32_t>(ret, wrote);
      return nt::kBufferOverflow;
    }
  }
  if (ret) put<uint32_t>(ret, wrote);
  return nt::kSuccess;
}

void end_closing_jobs(WindowsProcess& p) {
  for (const auto& w : closing_jobs())
    if (auto j = w.lock(); j && (j->flags & kLimitKillOnJobClose))
      for (const Member& m : j->members)
        if (m.process && running(m)) end_member(p, m, 0);
  closing_jobs().clear();
}

}  // namespace ntdll_jobs

namespace ntdll_nt_jobs_impl {

namespace oa = ntdll_object_attributes;

// The job's name as KERNEL32 gives it, from OBJECT_ATTRIBUTES.
uint32_t job_name(WindowsProcess& p, uint64_t attributes, std::u16string* name, bool* inherit, bool* open_if) {
  const oa::Attributes a = oa::attributes_of(p, attributes);
  std::string n;
  if (const uint32_t s = oa::kernel32_name(a, &n)) return s;
  *name = utf8_to_utf16(n);
  *inherit = a.flags & oa::kObjInherit;
  if (open_if) *open_if = a.flags & oa::kObjOpenIf;
  return nt::kSuccess;
}

uint32_t NtCreateJobObject(WindowsProcess& p, Ptr out, uint32_t, Ptr attributes) {
  std::u16string name;
  bool inherit = false, open_if = false;
  if (const uint32_t s = job_name(p, attributes.addr, &name, &inherit, &open_if)) return s;
  uint64_t h = 0;
  const uint32_t s = ntdll_jobs::create(p, name, inherit, open_if, &h);
  if (h) p.put_ptr(out.addr, h);
  return s;
}

uint32_t NtOpenJobObject(WindowsProcess& p, Ptr out, uint32_t, Ptr attributes) {
  std::u16string name;
  bool inherit = false;
  if (const uint32_t s = job_name(p, attributes.addr, &name, &inherit, nullptr)) return s;
  if (name.empty()) return 0xc000003b;  // STATUS_OBJECT_PATH_SYNTAX_BAD
  uint64_t h = 0;
  const uint32_t s = ntdll_jobs::open(p, name, inherit, &h);
  if (!s) p.put_ptr(out.addr, h);
  return s;
}

uint32_t NtAssignProcessToJobObject(WindowsProcess& p, Ptr job, Ptr process) {
  return ntdll_jobs::assign(p, job.addr, process.addr);
}
uint32_t NtIsProcessInJob(WindowsProcess& p, Ptr process, Ptr job) { return ntdll_jobs::in_job(p, process.addr, job.addr); }
uint32_t NtTerminateJobObject(WindowsProcess& p, Ptr job, uint32_t status) {
  return ntdll_jobs::terminate(p, job.addr, status);
}
uint32_t NtQueryInformationJobObject(WindowsProcess& p, Ptr job, uint32_t cls, Ptr info, uint32_t len, Ptr ret) {
  return ntdll_jobs::query_information(p, job.addr, cls, info.addr, len, ret.addr);
}
uint32_t NtSetInformationJobObject(WindowsProcess& p, Ptr job, uint32_t cls, Ptr info, uint32_t len) {
  return ntdll_jobs::set_information(p, job.addr, cls, info.addr, len);
}

}  // namespace ntdll_nt_jobs_impl

const std::vector<Export>& ntdll_job_exports() {
  using namespace ntdll_nt_jobs_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateJobObject", NtCreateJobObject),
      EXPORT("NtOpenJobObject", NtOpenJobObject),
      EXPORT("NtAssignProcessToJobObject", NtAssignProcessToJobObject),
      EXPORT("NtIsProcessInJob", NtIsProcessInJob),
      EXPORT("NtTerminateJobObject", NtTerminateJobObject),
      EXPORT("NtQueryInformationJobObject", NtQueryInformationJobObject),
      EXPORT("NtSetInformationJobObject", NtSetInformationJobObject),
  };
  return exports;
}

}  // namespace polyrun::shims
