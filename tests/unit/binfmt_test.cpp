// binfmt_misc entries: the kernel's text of an entry, and which registrations claim the same files.
// The entry texts are in the form fs/binfmt_misc.c prints (Documentation/admin-guide/binfmt-misc.rst):
// state, interpreter, "flags: " with P, O, C, F in that order, offset, magic and mask in hex. The
// qemu-aarch64 and qemu-riscv64 magic and mask are those of Debian 12's qemu-user-static
// (/usr/lib/binfmt.d/qemu-*.conf); wine's DOSWin entry is binfmt-support's for wine (magic "MZ").
#include "cli/binfmt.h"

#include <gtest/gtest.h>

using namespace polyrun::cli;

namespace {

const BinfmtEntry& ours(const std::vector<BinfmtEntry>& all, const std::string& name) {
  for (const auto& e : all)
    if (e.name == name) return e;
  throw std::runtime_error("no entry " + name);
}

const char kQemuAarch64[] =
    "enabled\n"
    "interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n"
    "flags: POF\n"
    "offset 0\n"
    "magic 7f454c460201010000000000000000000200b700\n"
    "mask ffffffffffffff00fffffffffffffffffeffffff\n";
const char kQemuRiscv64[] =
    "enabled\n"
    "interpreter /usr/libexec/qemu-binfmt/riscv64-binfmt-P\n"
    "flags: POF\n"
    "offset 0\n"
    "magic 7f454c460201010000000000000000000200f300\n"
    "mask ffffffffffffff00fffffffffffffffffeffffff\n";
const char kWine[] =
    "enabled\n"
    "interpreter /usr/bin/wine\n"
    "flags: \n"
    "offset 0\n"
    "magic 4d5a\n";

TEST(Binfmt, ParsesTheKernelsText) {
  auto e = parse_binfmt_status("qemu-aarch64", kQemuAarch64);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->enabled);
  EXPECT_TRUE(e->by_magic);
  EXPECT_EQ(e->interpreter, "/usr/libexec/qemu-binfmt/aarch64-binfmt-P");
  EXPECT_EQ(e->flags, "POF");
  EXPECT_EQ(e->magic.size(), 20u);
  EXPECT_EQ(e->magic[18], 0xb7);
  EXPECT_EQ(e->mask[7], 0x00);
  auto w = parse_binfmt_status("DOSWin", kWine);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->flags, "");
  EXPECT_EQ(w->mask, (std::vector<uint8_t>{0xff, 0xff}));  // no mask: every bit counts
  auto x = parse_binfmt_status("exe", "enabled\ninterpreter /usr/bin/mono\nflags: \nextension .exe\n");
  ASSERT_TRUE(x);
  EXPECT_FALSE(x->by_magic);
  EXPECT_EQ(x->extension, ".exe");
  EXPECT_FALSE(parse_binfmt_status("status", "enabled\n"));  // the directory's own status file
}

TEST(Binfmt, SameFilesSameFormat) {
  const auto all = binfmt_entries("/usr/bin/polyrun", false);
  const auto qemu_aarch64 = *parse_binfmt_status("qemu-aarch64", kQemuAarch64);
  const auto qemu_riscv64 = *parse_binfmt_status("qemu-riscv64", kQemuRiscv64);
  const auto wine = *parse_binfmt_status("DOSWin", kWine);
  EXPECT_TRUE(binfmt_overlap(ours(all, "polyrun-aarch64"), qemu_aarch64));
  EXPECT_TRUE(binfmt_overlap(qemu_aarch64, ours(all, "polyrun-aarch64")));
  EXPECT_FALSE(binfmt_overlap(ours(all, "polyrun-aarch64"), qemu_riscv64));
  EXPECT_TRUE(binfmt_overlap(ours(all, "polyrun-riscv64"), qemu_riscv64));
  EXPECT_FALSE(binfmt_overlap(ours(all, "polyrun-s390x"), qemu_aarch64));
  EXPECT_FALSE(binfmt_overlap(ours(all, "polyrun-arm"), qemu_aarch64));  // ELF32, not ELF64
  EXPECT_TRUE(binfmt_overlap(ours(all, "polyrun-windows"), wine));
  EXPECT_FALSE(binfmt_overlap(ours(all, "polyrun-aarch64"), wine));
  // A disabled entry claims nothing; nor does one by extension.
  auto disabled = *parse_binfmt_status("qemu-aarch64", std::string("disabled") + (kQemuAarch64 + 7));
  EXPECT_FALSE(disabled.enabled);
  EXPECT_FALSE(binfmt_overlap(ours(all, "polyrun-aarch64"), disabled));
  auto by_ext = *parse_binfmt_status("exe", "enabled\ninterpreter /usr/bin/mono\nflags: \nextension .exe\n");
  EXPECT_FALSE(binfmt_overlap(ours(all, "polyrun-windows"), by_ext));
  // A magic at another offset, looking at bytes neither the other looks at: both can match.
  BinfmtEntry later = wine;
  later.offset = 0x80;
  later.magic = {'P', 'E', 0, 0};
  later.mask.assign(4, 0xff);
  EXPECT_TRUE(binfmt_overlap(ours(all, "polyrun-windows"), later));
  later.offset = 1;
  later.magic = {'X'};  // where "MZ" has 'Z'
  later.mask = {0xff};
  EXPECT_FALSE(binfmt_overlap(ours(all, "polyrun-windows"), later));
}

TEST(Binfmt, LinesAsTheKernelTakesThem) {
  const auto all = binfmt_entries("/usr/bin/polyrun", true);
  EXPECT_EQ(binfmt_line(ours(all, "polyrun-windows")), ":polyrun-windows:M::MZ::/usr/bin/polyrun:FPC");
  // Debian's qemu-user-static matches aarch64 programs by the same bytes and mask.
  EXPECT_EQ(binfmt_line(ours(all, "polyrun-aarch64")),
            ":polyrun-aarch64:M::\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02"
            "\\x00\\xb7\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff"
            "\\xff\\xff:/usr/bin/polyrun:FPC");
}

}  // namespace
