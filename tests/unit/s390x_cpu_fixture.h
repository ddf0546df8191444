// What the s390x CPU tests share: instruction bytes joined into code, and a CPU over a small
// address space with a page of code and one of data.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

#include "cpu-emu/cpu.h"
#include "memory/address_space.h"

namespace polyrun::test {

using Code = std::vector<uint8_t>;

inline Code seq(std::initializer_list<Code> parts) {
  Code c;
  for (const Code& p : parts) c.insert(c.end(), p.begin(), p.end());
  return c;
}

struct S390xCpu : ::testing::Test {
  mem::AddressSpace as{mem::Layout{4096, 0x10000000, 0x20000000}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::S390x, as);
  uint64_t code = 0, data = 0;

  void SetUp() override {
    code = static_cast<uint64_t>(as.map(0, 4096, mem::kRead | mem::kExec, {}));
    data = static_cast<uint64_t>(as.map(0, 4096, mem::kRead | mem::kWrite, {}));
  }
  void load(const Code& c) {
    ASSERT_TRUE(as.poke(code, c.data(), c.size()));
    cpu->set_pc(code);
  }
  void stop_at_syscall() {
    cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  }
};

}  // namespace polyrun::test
