// The polyrun command line: options follow qemu-user's where it has one.
#pragma once

#include <string>
#include <vector>

namespace polyrun::cli {

struct Options {
  std::string guest_root;                 // -L DIR / POLYRUN_LD_PREFIX
  std::vector<std::string> set_env;       // -E VAR=VALUE
  std::vector<std::string> unset_env;     // -U VAR
  std::string argv0;                      // -0 ARGV0
  bool argv0_set = false;
  bool strace = false;                    // --strace
  std::string log_level;                  // --log-level / POLYRUN_LOG
  std::string cpu;                        // --cpu / POLYRUN_CPU: native|emulate (x86-64 Windows programs), a CPU
                                          // model (Linux programs), help; empty: the default
  int gdb_port = -1;                      // -g PORT / POLYRUN_GDB (0: any free port); -1: none
  std::string screenshot_dir;             // --screenshot DIR / POLYRUN_SCREENSHOT (Windows programs' windows)
  bool headless = false;                  // --headless / POLYRUN_HEADLESS=1: Windows programs' windows without a display
  bool help = false, version = false;
  std::string binfmt;                     // --binfmt [print|install|remove]: the action
  bool credentials = false;               // --credentials (binfmt_misc flag C)
  bool force = false;                     // --force: register over another interpreter's format
  std::string interpreter;                // --interpreter PATH: what the registrations name
  std::string program;
  std::vector<std::string> args;          // after the program
};

// Parses argv (argv[0] is polyrun itself) and the POLYRUN_* environment. Throws UserError
// (exit 2) for bad usage.
Options parse_options(const std::vector<std::string>& argv);
// What binfmt_misc passes its interpreter with flag P (preserve argv[0]), seen in AT_FLAGS:
// polyrun FULL-PATH ARGV0 ARGS…, no options.
Options binfmt_options(const std::vector<std::string>& argv);

// The guest's environment: the host's, with -U and -E applied in order.
std::vector<std::string> guest_environment(const Options& o, char** host_env);

const char* usage_text();
// What `--cpu help` prints: each Linux ISA's CPU models, the default first, with what each implements.
std::string cpu_models_text();

}  // namespace polyrun::cli
