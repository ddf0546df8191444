// Reporting host faults that guest code causes.
#pragma once

namespace polyrun {

// From now on a host SIGSEGV/SIGBUS is reported as the guest's: "polyrun: guest terminated by
// SIGSEGV (fault address …)", and polyrun dies of that signal. It happens when guest code touches memory whose host
// protection refuses the access where the engine's coarser view allowed it. Called by the
// personalities just before guest code first runs, so faults of polyrun's own are not disguised.
void report_host_faults_as_guest_faults();

// Ends polyrun by the signal the guest died of, so that its parent sees what a native program's
// would (WIFSIGNALED; a shell shows 128+N): default action, no core file. Async-signal-safe.
[[noreturn]] void die_of_signal(int sig);

}  // namespace polyrun
