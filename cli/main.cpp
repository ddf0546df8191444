// polyrun: runs one foreign program on this host.
#include <linux/binfmts.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <exception>

#include "cli/binfmt.h"
#include "cli/options.h"
#include "cli/targets.h"
#include "common/error.h"
#include "common/host_heap.h"
#include "common/log.h"
#include "common/own_executable.h"
#include "loader/format.h"
#if POLYRUN_WINDOWS
#include "programs/cmd/cmd.h"
#include "shims/core/command_line.h"
#include "shims/core/path_mapping.h"
#include "shims/core/windows_guest.h"
#include "shims/dll_registry/dll_registry.h"
#endif
#include "syscall-translate/linux_guest.h"

extern char** environ;

namespace {

#if !POLYRUN_WINDOWS
// A polyrun built with the Linux personality alone (setup.sh --linux, -DPOLYRUN_WINDOWS=OFF),
// given a Windows program, batch file or cmd.exe.
[[noreturn]] void no_windows_personality(const std::string& program, const std::string& what) {
  throw polyrun::UserError(program + ": " + what + "; this polyrun was built without its Windows personality " +
                               "(setup.sh --linux): ./setup.sh builds both",
                           126);
}
#endif

int run(int argc, char** argv) {
  using namespace polyrun;
  const std::vector<std::string> args(argv, argv + argc);
  // Started by binfmt_misc with flag P: the program's path, then its own argv[0] and arguments.
  const bool from_binfmt = (::getauxval(AT_FLAGS) & AT_FLAGS_PRESERVE_ARGV0) != 0;
  // With its flag O or C, binfmt_misc opens the program itself and gives the descriptor.
  errno = 0;
  const unsigned long exec_fd = ::getauxval(AT_EXECFD);
  const int program_fd = errno == 0 ? static_cast<int>(exec_fd) : -1;
  own_executable();  // read now: a forked child that starts polyrun again must not allocate
  // polyrun's cmd.exe, as CreateProcess of cmd.exe, system() and _popen() start it.
#if POLYRUN_WINDOWS
  if (args.size() >= 2 && args[1] == "--windows-cmd") return cmd::windows_cmd_main(args);
#endif
  cli::Options o = from_binfmt ? cli::binfmt_options(args) : cli::parse_options(args);
  const cli::Target* target = cli::target_for_invocation(args[0]);
  if (o.help) {
    std::fputs(cli::usage_text(), stdout);
    return 0;
  }
  if (o.version) {
    std::printf("polyrun %s\n", POLYRUN_VERSION);
    return 0;
  }
  if (o.cpu == "help") {
    std::fputs(cli::cpu_models_text().c_str(), stdout);
    return 0;
  }
  if (!o.binfmt.empty()) {
    cli::BinfmtRequest r{o.binfmt, o.credentials, o.force, o.interpreter.empty() ? own_executable() : o.interpreter};
    if (r.interpreter.empty()) throw UserError("cannot find polyrun's own path in /proc/self/exe", 1);
    return cli::binfmt_command(r);
  }
  prepare_host_heap();
  if (!o.log_level.empty() && !set_log_level(o.log_level))
    throw UserError("unknown log level " + o.log_level + " (see polyrun --help)", 2);

  // `polyrun cmd /c …` (or cmd.exe) where no such file is here: polyrun's cmd.exe. `polyrun
  // script.bat args`: the batch file, as Windows runs one (cmd.exe /c "script.bat args").
  {
    std::string base = o.program.substr(o.program.find_last_of('/') + 1), l = base;
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool cmd_exe = (l == "cmd" || l == "cmd.exe") && ::access(o.program.c_str(), F_OK) != 0;
    const bool batch_file = l.size() > 4 &&
                            (l.compare(l.size() - 4, 4, ".bat") == 0 || l.compare(l.size() - 4, 4, ".cmd") == 0) &&
                            ::access(o.program.c_str(), F_OK) == 0;
#if POLYRUN_WINDOWS
    std::vector<std::string> cmd_options;
    if (o.cpu == "native" || o.cpu == "emulate") cmd_options = {"--cpu", o.cpu};
    if (cmd_exe) {
      std::vector<std::string> a = {"cmd.exe"};
      a.insert(a.end(), o.args.begin(), o.args.end());
      return cmd::run_interpreter(cmd_options, shims::windows_command_line(a), -1);
    }
    if (batch_file) {
      std::vector<std::string> a = {o.program[0] == '/' ? shims::host_to_windows_path(o.program) : o.program};
      a.insert(a.end(), o.args.begin(), o.args.end());
      return cmd::run_interpreter(cmd_options, "cmd.exe /c \"" + shims::windows_command_line(a) + "\"", -1);
    }
#else
    if (cmd_exe) no_windows_personality(o.program, "Windows' command interpreter");
    if (batch_file) no_windows_personality(o.program, "a Windows batch file");
#endif
  }
  loader::FileKind kind = loader::identify(o.program, program_fd);
  if (program_fd >= 0 && !(kind.format == loader::Format::Elf && kind.isa != Isa::X86_64)) ::close(program_fd);
  if (target && !cli::target_accepts(*target, kind))
    throw UserError(std::string("polyrun-") + target->name + " runs " + target->description + " programs only; " +
                        o.program + " is " + kind.description, 126);
  std::vector<std::string> guest_argv;
  guest_argv.push_back(o.argv0_set ? o.argv0 : o.program);
  guest_argv.insert(guest_argv.end(), o.args.begin(), o.args.end());
  std::vector<std::string> env = cli::guest_environment(o, environ);

  if (kind.format == loader::Format::Elf && kind.isa == Isa::X86_64) {
    // The host's own kind of program: run it directly.
    std::vector<char*> av, ev;
    for (auto& s : guest_argv) av.push_back(s.data());
    av.push_back(nullptr);
    for (auto& s : env) ev.push_back(s.data());
    ev.push_back(nullptr);
    ::execve(o.program.c_str(), av.data(), ev.data());
    throw UserError(o.program + ": " + std::strerror(errno), 126);
  }
  if (o.gdb_port >= 0 && kind.format == loader::Format::Elf && kind.isa == Isa::X86_64)
    throw UserError("-g: this is a program of this machine's own: debug it with gdb itself", 2);
  if (kind.format == loader::Format::Elf) {
    linux_abi::GuestOptions g;
    g.program = o.program;
    g.argv = std::move(guest_argv);
    g.env = std::move(env);
    g.guest_root = o.guest_root;
    g.strace = o.strace;
    g.log_level = o.log_level;
    g.gdb_port = o.gdb_port;
    g.from_binfmt = from_binfmt;
    g.program_fd = program_fd;
    if (o.cpu != "native" && o.cpu != "emulate") g.cpu_model = o.cpu;
    return linux_abi::run_linux_guest(g, kind);
  }
  if (kind.format == loader::Format::Pe) {
#if !POLYRUN_WINDOWS
    no_windows_personality(o.program, kind.description);
#else
    if (!o.cpu.empty() && o.cpu != "native" && o.cpu != "emulate")
      throw UserError("--cpu takes native or emulate for Windows programs, not " + o.cpu, 2);
    shims::WindowsOptions w;
    w.program = o.program;
    w.argv = std::move(guest_argv);
    w.env = std::move(env);
    w.strace = o.strace;
    w.gdb_port = o.gdb_port;
    w.screenshot_dir = o.screenshot_dir;
    w.headless = o.headless;
    w.cpu = o.cpu == "native"    ? shims::WindowsOptions::Cpu::Native
            : o.cpu == "emulate" ? shims::WindowsOptions::Cpu::Emulate
                                 : shims::WindowsOptions::Cpu::Default;
    shims::install_builtin_dlls();
    return shims::run_windows_guest(w);
#endif
  }
  if (kind.format == loader::Format::Script)
    throw cannot_run(o.program, "a script, not a program: run its interpreter under polyrun");
  throw cannot_run(o.program, kind.description);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    int status = run(argc, argv);
    std::fflush(stdout);
    return status;
  } catch (const polyrun::UserError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: %s\n", e.what());
    return e.exit_status();
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: internal error: %s\n", e.what());
    return 125;
  }
}
