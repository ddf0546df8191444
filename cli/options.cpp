#include "cli/options.h"

#include <sys/auxv.h>

#include <cstdlib>
#include <cstring>

#include "common/error.h"
#include "cpu-emu/cpu.h"
#include "syscall-translate/linux_guest.h"

namespace polyrun::cli {

const char* usage_text() {
  return "usage: polyrun [OPTIONS] PROGRAM [ARGS...]\n"
         "Runs a program built for another CPU (aarch64, riscv64, armhf, i386 or s390x Linux) or for Windows\n"
         "on this machine.\n"
         "\n"
         "options:\n"
         "  -L DIR            guest root: absolute paths the program opens are looked up under DIR\n"
         "                    first (also POLYRUN_LD_PREFIX; default: the ISA's Debian cross sysroot,\n"
         "                    /usr/aarch64-linux-gnu, /usr/riscv64-linux-gnu, /usr/arm-linux-gnueabihf,\n"
         "                    /usr/i686-linux-gnu or /usr/s390x-linux-gnu; -L / for none)\n"
         "  -E VAR=VALUE      set a variable in the program's environment (repeatable; also VAR=V,VAR2=V2)\n"
         "  -U VAR            remove a variable from the program's environment (repeatable)\n"
         "  -0 ARGV0          pass ARGV0 as the program's argv[0]\n"
         "  --strace          print every guest syscall with its arguments and result on stderr\n"
         "  --log-level LVL   trace, debug, info, warn (default), error, critical, off (also POLYRUN_LOG)\n"
         "  -g PORT           wait for gdb on localhost TCP PORT before the program's first instruction and\n"
         "                    serve it as a remote target (gdb-multiarch: target remote :PORT); 0 takes a\n"
         "                    free port and prints it (also POLYRUN_GDB). x86-64 Windows programs then run\n"
         "                    on the CPU engine\n"
         "  --cpu NAME        Linux programs: the CPU model to emulate, as qemu names it (-cpu NAME; also\n"
         "                    POLYRUN_CPU): the default is each ISA's most capable, --cpu help lists them\n"
         "                    with what each implements. x86-64 Windows programs: native (on this\n"
         "                    machine's CPU, as wine does: the default on an x86-64 host) or emulate\n"
         "                    (through the CPU engine)\n"
         "  --headless        Windows programs: windows without a display (also POLYRUN_HEADLESS=1); a\n"
         "                    program that shows a window needs an X server in DISPLAY or this\n"
         "  --screenshot DIR  Windows programs: write each top-level window as a PNG file into DIR\n"
         "                    (window-HANDLE.png, when it is destroyed or the program ends) and the\n"
         "                    screen with the windows left (screen.png); without a DISPLAY, headless\n"
         "                    (also POLYRUN_SCREENSHOT)\n"
         "  --binfmt [ACTION] the binfmt_misc registrations that start foreign programs through this\n"
         "                    polyrun (flags F and P; C with --credentials): print (the default),\n"
         "                    install or remove (as root). install leaves a format another interpreter\n"
         "                    (qemu-user, wine) is registered for to it, unless --force; remove removes\n"
         "                    polyrun's own entries only. --interpreter PATH: the registrations name\n"
         "                    PATH instead of this polyrun\n"
         "  -h, --help        show this help\n"
         "  --version         show the version\n"
         "\n"
         "Named polyrun-aarch64, -riscv64, -arm, -i386, -s390x, -win64 or -win32 (links to polyrun), it\n"
         "runs only programs of that target, as a build system's test runner for one target expects.\n"
         "\n"
         "Exit status: the program's own (polyrun dies of the signal that kills it: 128+N in a shell);\n"
         "126 when the file cannot be run (unsupported or corrupt); 127 when it does not exist.\n";
}

// polyrun's own variables, not read when the kernel runs polyrun with raised credentials (AT_SECURE:
// a set-user-ID program started through binfmt_misc's flag C): as ld.so ignores LD_LIBRARY_PATH
// there, a caller's POLYRUN_LD_PREFIX must not choose what such a program loads.
static const char* polyrun_env(const char* name) { return ::getauxval(AT_SECURE) ? nullptr : std::getenv(name); }

static int parse_port(const std::string& v) {
  char* end = nullptr;
  long port = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end || port < 0 || port > 65535) throw UserError("-g takes a TCP port number, not " + v, 2);
  return static_cast<int>(port);
}

static void split_into(std::vector<std::string>& out, const std::string& v) {
  size_t start = 0;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    if (comma == std::string::npos) comma = v.size();
    if (comma > start) out.push_back(v.substr(start, comma - start));
    start = comma + 1;
  }
}

std::string cpu_models_text() {
  std::string out = "CPU models for Linux programs (--cpu NAME; the first of each is the default):\n";
  for (Isa isa : {Isa::Aarch64, Isa::Riscv64, Isa::Arm, Isa::I386, Isa::S390x}) {
    const auto models = cpu::cpu_models(isa);
    out += std::string(isa_name(isa)) + ":\n";
    if (models.empty()) out += "  (one model, no choice)\n";
    for (const auto& m : models) {
      out += "  " + m.name + ":";
      for (const auto& f : m.features) out += " " + f;
      out += "\n";
    }
    if (isa == Isa::Aarch64)
      out += "  (max runs SVE and SVE2 but shows them, as listed, only with max,sve=on; max,sve=off: none;\n"
             "   max,sve-default-vector-length=BYTES: SVE's vector length, a multiple of 16 from 16 to 256, 64 by default)\n";
  }
  return out;
}

Options parse_options(const std::vector<std::string>& argv) {
  Options o;
  if (const char* root = polyrun_env("POLYRUN_LD_PREFIX")) o.guest_root = root;
  if (const char* lvl = polyrun_env("POLYRUN_LOG")) o.log_level = lvl;
  if (const char* port = polyrun_env("POLYRUN_GDB"); port && *port) o.gdb_port = parse_port(port);
  if (const char* dir = polyrun_env("POLYRUN_SCREENSHOT"); dir && *dir) o.screenshot_dir = dir;
  if (const char* h = polyrun_env("POLYRUN_HEADLESS"); h && *h && *h != '0') o.headless = true;
  if (const char* c = polyrun_env("POLYRUN_CPU"); c && *c) o.cpu = c;
  size_t i = 1;
  auto value = [&](const std::string& opt) -> std::string {
    if (i + 1 >= argv.size()) throw UserError("option " + opt + " needs a value (see polyrun --help)", 2);
    return argv[++i];
  };
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.empty() || a[0] != '-') break;
    if (a == "-L") o.guest_root = value(a);
    else if (a == "-E") split_into(o.set_env, value(a));
    else if (a == "-U") split_into(o.unset_env, value(a));
    else if (a == "-0") o.argv0 = value(a), o.argv0_set = true;
    else if (a == "-g") o.gdb_port = parse_port(value(a));
    else if (a == "--strace" || a == "-strace") o.strace = true;
    else if (a == "--log-level") o.log_level = value(a);
    else if (a == "--screenshot") o.screenshot_dir = value(a);
    else if (a == "--headless") o.headless = true;
    else if (a.rfind("--screenshot=", 0) == 0) o.screenshot_dir = a.substr(13);
    else if (a.rfind("--log-level=", 0) == 0) o.log_level = a.substr(12);
    else if (a == "--cpu" || a == "-cpu") o.cpu = value(a);
    else if (a.rfind("--cpu=", 0) == 0) o.cpu = a.substr(6);
    else if (a == "--binfmt") {
      o.binfmt = "print";
      if (i + 1 < argv.size() && (argv[i + 1] == "print" || argv[i + 1] == "install" || argv[i + 1] == "remove"))
        o.binfmt = argv[++i];
    }
    else if (a == "--credentials") o.credentials = true;
    else if (a == "--force") o.force = true;
    else if (a == "--interpreter") o.interpreter = value(a);
    else if (a == "-h" || a == "--help" || a == "-help") o.help = true;
    else if (a == "--version" || a == "-version") o.version = true;
    else throw UserError("unknown option " + a + " (see polyrun --help)", 2);
  }
  if (o.help || o.version || !o.binfmt.empty() || o.cpu == "help") return o;
  if (i >= argv.size()) throw UserError("no program given (see polyrun --help)", 2);
  o.program = argv[i++];
  o.args.assign(argv.begin() + static_cast<long>(i), argv.end());
  for (const auto& e : o.set_env)
    if (e.find('=') == std::string::npos || e[0] == '=') throw UserError("-E needs VAR=VALUE, got " + e, 2);
  return o;
}

Options binfmt_options(const std::vector<std::string>& argv) {
  Options o;
  if (const char* root = polyrun_env("POLYRUN_LD_PREFIX")) o.guest_root = root;
  if (const char* lvl = polyrun_env("POLYRUN_LOG")) o.log_level = lvl;
  if (const char* c = polyrun_env("POLYRUN_CPU"); c && *c) o.cpu = c;
  if (argv.size() < 3) throw UserError("started by binfmt_misc without a program", 2);
  o.program = argv[1];
  o.argv0 = argv[2];
  o.argv0_set = true;
  o.args.assign(argv.begin() + 3, argv.end());
  return o;
}

std::vector<std::string> guest_environment(const Options& o, char** host_env) {
  std::vector<std::string> env;
  for (char** e = host_env; e && *e; ++e) env.emplace_back(*e);
  auto remove = [&](const std::string& name) {
    std::erase_if(env, [&](const std::string& kv) { return kv.compare(0, name.size() + 1, name + "=") == 0 || kv == name; });
  };
  // The program the debugged one executes runs without gdb (as under qemu-user, gdb follows the
  // first program only): POLYRUN_GDB is polyrun's, not the guest's.
  remove("POLYRUN_GDB");
  remove(linux_abi::kGuestAddressLimitVariable);  // (the executing guest's RLIMIT_AS: polyrun's too)
  for (const auto& name : o.unset_env) remove(name);
  for (const auto& kv : o.set_env) {
    remove(kv.substr(0, kv.find('=')));
    env.push_back(kv);
  }
  return env;
}

}  // namespace polyrun::cli
