#include "loader/initial_stack.h"

#include <elf.h>
#include <gtest/gtest.h>

#include <cstring>

using namespace polyrun;
using namespace polyrun::loader;

namespace {

TEST(InitialStack, LinuxLayout) {
  mem::AddressSpace as(mem::Layout{4096, 0x1a0000000000ull, 0x1a0100000000ull});
  uint64_t top = 0x1a0000100000ull;
  mem::MapRequest req;
  req.fixed = true;
  ASSERT_GT(as.map(top - 65536, 65536, mem::kRead | mem::kWrite, req), 0);
  StackRequest sr;
  sr.argv = {"prog", "one", "two words"};
  sr.envp = {"A=1", "B=hello"};
  sr.execfn = "./prog";
  sr.platform = "aarch64";
  for (int i = 0; i < 16; ++i) sr.random[i] = static_cast<uint8_t>(i * 7);
  sr.auxv = {{AT_PAGESZ, 4096}, {AT_ENTRY, 0x401000}};
  InitialStack st = build_initial_stack(as, top, 65536, sr);

  EXPECT_EQ(st.sp % 16, 0u);
  auto* w = reinterpret_cast<const uint64_t*>(st.sp);
  ASSERT_EQ(w[0], 3u);
  EXPECT_STREQ(reinterpret_cast<const char*>(w[1]), "prog");
  EXPECT_STREQ(reinterpret_cast<const char*>(w[2]), "one");
  EXPECT_STREQ(reinterpret_cast<const char*>(w[3]), "two words");
  EXPECT_EQ(w[4], 0u);
  EXPECT_STREQ(reinterpret_cast<const char*>(w[5]), "A=1");
  EXPECT_STREQ(reinterpret_cast<const char*>(w[6]), "B=hello");
  EXPECT_EQ(w[7], 0u);
  EXPECT_EQ(st.auxv, st.sp + 8 * 8);
  std::map<uint64_t, uint64_t> aux;
  const uint64_t* a = w + 8;
  for (; a[0] != AT_NULL; a += 2) aux[a[0]] = a[1];
  EXPECT_EQ(st.auxv_size, (aux.size() + 1) * 16);
  EXPECT_EQ(aux[AT_PAGESZ], 4096u);
  EXPECT_EQ(aux[AT_ENTRY], 0x401000u);
  EXPECT_STREQ(reinterpret_cast<const char*>(aux[AT_EXECFN]), "./prog");
  EXPECT_STREQ(reinterpret_cast<const char*>(aux[AT_PLATFORM]), "aarch64");
  EXPECT_EQ(std::memcmp(reinterpret_cast<const void*>(aux[AT_RANDOM]), sr.random.data(), 16), 0);
  // Strings live above the vectors; argv strings are contiguous (for /proc/self/cmdline).
  EXPECT_GT(w[1], st.sp);
  EXPECT_EQ(st.argv_strings, w[1]);
  EXPECT_EQ(st.argv_strings_end, w[3] + sizeof("two words"));
  EXPECT_EQ(st.env_strings, w[5]);
  EXPECT_EQ(st.env_strings_end, w[6] + sizeof("B=hello"));
  EXPECT_EQ(aux[AT_EXECFN] + sizeof("./prog"), top - 8);
}

TEST(InitialStack, RefusesWhatDoesNotFit) {
  mem::AddressSpace as(mem::Layout{4096, 0x1a1000000000ull, 0x1a1100000000ull});
  uint64_t top = 0x1a1000100000ull;
  mem::MapRequest req;
  req.fixed = true;
  ASSERT_GT(as.map(top - 65536, 65536, mem::kRead | mem::kWrite, req), 0);
  StackRequest sr;
  sr.argv = {std::string(8000, 'x')};
  EXPECT_THROW(build_initial_stack(as, top, 4096, sr), std::exception);
}

}  // namespace
