// Reporting host faults that guest code causes.
#pragma once

namespace polyrun {

// From now on a host SIGSEGV/SIGBUS is reported as the guest's: "polyrun: guest terminated by
// SIGSEGV (fault address …)" and exit 128+N. It happens when guest code touches memory whose host
// protection refuses the access where the engine's coarser view allowed it. Called by the
// personalities just before guest code first runs, so faults of polyrun's own are not disguised.
void report_host_faults_as_guest_faults();

}  // namespace polyrun
