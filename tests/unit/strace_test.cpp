#include "syscall-translate/strace.h"

#include <gtest/gtest.h>

using namespace polyrun::linux_abi;

namespace {

TEST(Strace, DecodesArgumentsTheGuestWay) {
  KernelAbiMap m(pr_kernel_abi_aarch64, pr_kernel_abi_host);
  Strace s(m);
  const char* path = "/etc/hosts";
  uint64_t a[6] = {static_cast<uint64_t>(-100), reinterpret_cast<uint64_t>(path), 02 | 0100 | 040000 | 02000000, 0644, 0, 0};
  EXPECT_EQ(s.format_call("openat", "d:fsOo", a, false, 0),
            "openat(AT_FDCWD,\"/etc/hosts\",O_RDWR|O_CREAT|O_DIRECTORY|O_CLOEXEC,0644)");
  const char* text = "hi\n";
  uint64_t w[6] = {1, reinterpret_cast<uint64_t>(text), 3, 0, 0, 0};
  EXPECT_EQ(s.format_call("write", "d:fbu", w, false, 0), "write(1,\"hi\\n\",3)");
  EXPECT_EQ(s.format_result("d:", -2), "-1 errno=2 (No such file or directory)");
  EXPECT_EQ(s.format_result("x:", 0x1000), "0x1000");
}

}  // namespace
