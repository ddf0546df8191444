#include "cli/options.h"

#include <gtest/gtest.h>

#include "common/error.h"

using namespace polyrun::cli;

namespace {

Options parse(std::vector<std::string> v) {
  v.insert(v.begin(), "polyrun");
  return parse_options(v);
}

TEST(Options, QemuStyleOptionsBeforeTheProgram) {
  Options o = parse({"-L", "/sysroot", "-E", "A=1,B=2", "-U", "HOME", "-0", "name", "--strace", "./prog", "-E", "x"});
  EXPECT_EQ(o.guest_root, "/sysroot");
  EXPECT_EQ(o.set_env, (std::vector<std::string>{"A=1", "B=2"}));
  EXPECT_EQ(o.unset_env, (std::vector<std::string>{"HOME"}));
  EXPECT_EQ(o.argv0, "name");
  EXPECT_TRUE(o.strace);
  EXPECT_EQ(o.program, "./prog");
  EXPECT_EQ(o.args, (std::vector<std::string>{"-E", "x"}));  // the program's own
}

TEST(Options, Errors) {
  EXPECT_THROW(parse({}), polyrun::UserError);
  EXPECT_THROW(parse({"--bogus", "x"}), polyrun::UserError);
  EXPECT_THROW(parse({"-L"}), polyrun::UserError);
  EXPECT_THROW(parse({"-E", "novalue", "x"}), polyrun::UserError);
  EXPECT_TRUE(parse({"--help"}).help);
}

// The CPU model as qemu-user takes it (-cpu NAME) and in polyrun's spellings; `--cpu help` needs
// no program; the list has each Linux ISA, the aarch64 models qemu-aarch64 has by those names.
TEST(Options, CpuModel) {
  EXPECT_EQ(parse({"-cpu", "cortex-a53", "prog"}).cpu, "cortex-a53");
  EXPECT_EQ(parse({"--cpu", "max", "prog"}).cpu, "max");
  EXPECT_EQ(parse({"--cpu=emulate", "prog.exe"}).cpu, "emulate");
  Options help = parse({"--cpu", "help"});
  EXPECT_EQ(help.cpu, "help");
  EXPECT_TRUE(help.program.empty());
  const std::string text = cpu_models_text();
  for (const char* s : {"aarch64:\n  max:", "  cortex-a72:", "  cortex-a57:", "  cortex-a53:", "riscv64:", "s390x:"})
    EXPECT_NE(text.find(s), std::string::npos) << s;
}

TEST(Options, GuestEnvironment) {
  Options o = parse({"-U", "B", "-E", "A=new", "-E", "C=3", "prog"});
  char a[] = "A=old", b[] = "B=2", d[] = "D=4";
  char* env[] = {a, b, d, nullptr};
  EXPECT_EQ(guest_environment(o, env), (std::vector<std::string>{"D=4", "A=new", "C=3"}));
}

}  // namespace

TEST(Options, GdbPort) {
  EXPECT_EQ(parse({"prog"}).gdb_port, -1);
  EXPECT_EQ(parse({"-g", "1234", "prog", "-g", "5"}).gdb_port, 1234);
  EXPECT_EQ(parse({"-g", "0", "prog"}).gdb_port, 0);
  EXPECT_THROW(parse({"-g", "port", "prog"}), polyrun::UserError);
  EXPECT_THROW(parse({"-g", "70000", "prog"}), polyrun::UserError);
  EXPECT_THROW(parse({"-g"}), polyrun::UserError);
  EXPECT_NE(std::string(usage_text()).find("-g PORT"), std::string::npos);
}

// POLYRUN_GDB is polyrun's: a program the debugged one executes runs without gdb.
TEST(Options, GdbVariableStaysOutOfTheGuestEnvironment) {
  Options o = parse({"prog"});
  char a[] = "POLYRUN_GDB=1234", b[] = "B=2";
  char* env[] = {a, b, nullptr};
  EXPECT_EQ(guest_environment(o, env), (std::vector<std::string>{"B=2"}));
}
