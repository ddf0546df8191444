#include "common/fault_report.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace {

TEST(FaultReport, HostFaultIsReportedAsTheGuests) {
  EXPECT_EXIT(
      {
        polyrun::report_host_faults_as_guest_faults();
        *static_cast<volatile int*>(reinterpret_cast<void*>(0x10)) = 1;
      },
      ::testing::KilledBySignal(SIGSEGV), "polyrun: guest terminated by SIGSEGV \\(fault address 0x10\\)");
}

}  // namespace
