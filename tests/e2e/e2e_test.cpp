// End to end: every case of samples/cases.txt runs under polyrun and must print exactly the
// expected stdout and exit with the expected status; where qemu-<isa> is installed, polyrun's
// stdout and status must equal qemu's, and where wine is installed an x64 Windows sample's must
// equal wine's (but for what the wine-differences.txt beside its cases.txt masks, and why). The
// Windows cases are each DLL's, in shims/NAME/tests/cases.txt (and polyrun's own programs', in
// programs/NAME/tests/cases.txt), with their expected output beside them. Plus the
// command's own behaviour on bad input. With POLYRUN_TEST_REFERENCES=stored (run-tests.sh's
// sanitizer stages: the Release stage before them ran every reference live on the same sample
// programs) a case is compared with its stored expectation only.
#include <algorithm>
#include <fcntl.h>
#include <sys/file.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kPolyrun = POLYRUN_BINARY;
const std::string kSource = POLYRUN_SOURCE_DIR;
const std::string kSamples = POLYRUN_SAMPLES_DIR;
const std::string kLinuxSamplesRoot = POLYRUN_LINUX_SAMPLES_ROOT;  // samples/<isa>/
const std::string kWin64Samples = POLYRUN_WIN64_SAMPLES_DIR;
const std::string kWin32Samples = POLYRUN_WIN32_SAMPLES_DIR;
const std::string kWinePrefix = POLYRUN_WINE_PREFIX;

struct Result {
  int status = -1;  // exit status, or 128+signal
  std::string out, err;
};

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// In a forked child: argv with the extra environment entries (status 255 when it cannot start).
[[noreturn]] void exec_with(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  for (const auto& e : extra_env) ::putenv(const_cast<char*>(e.c_str()));
  std::vector<char*> av;
  for (const auto& a : argv) av.push_back(const_cast<char*>(a.c_str()));
  av.push_back(nullptr);
  ::execv(av[0], av.data());
  ::_exit(255);
}

// Runs argv with stdin from a file (or /dev/null) and extra environment entries.
Result run(const std::vector<std::string>& argv, const std::string& stdin_path = "/dev/null",
           const std::vector<std::string>& extra_env = {}) {
  int out[2], err[2];
  EXPECT_EQ(::pipe(out), 0);
  EXPECT_EQ(::pipe(err), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    int in = ::open(stdin_path.c_str(), O_RDONLY);
    ::dup2(in, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close(out[0]), ::close(err[0]), ::close(out[1]), ::close(err[1]), ::close(in);
    exec_with(argv, extra_env);
  }
  ::close(out[1]);
  ::close(err[1]);
  Result r;
  // Drain both pipes without blocking either side.
  std::vector<pollfd> fds = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  // A program that hangs (a deadlock between guest threads, say) is killed after kTimeout; its
  // status is then 128 + SIGKILL, before ctest's own limit ends the whole test binary.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool killed = false;
  while (open_fds > 0) {
    if (!killed && std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
    ::poll(fds.data(), fds.size(), 1000);
    for (size_t i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return r;
}

struct Case {
  std::string name, binary;  // binary: full path
  bool linux_guest = true;
  std::vector<std::string> args;
  std::string stdin_file;
  int status = 0;
  std::string stdout_file;
  std::vector<std::string> env;
  bool compare_with_qemu = true;
  std::string isa = "aarch64";            // a Linux guest's: qemu-<isa> and /usr/<triple> for it
  std::vector<std::string> polyrun_args;  // before the program
  std::string skip;                       // why this case does not run yet, if it does not
  std::string wine_case;                  // an x64 Windows case: its name in cases.txt (compared with wine)
  std::string dir;                        // the folder of its cases.txt (a Windows case's wine-differences.txt)
  bool emulated_too = true;               // an x64 case: run again with --cpu emulate
  bool unhandled = false;                 // a Windows case that ends by an unhandled exception
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

// One manifest: `dir`/cases.txt, binaries in `bin_dir`, names prefixed.
// An expected-output file may have a variant for one flavour: NAME.<flavour>.stdout.
std::string expected_file(const std::string& path, const std::string& flavour) {
  if (flavour.empty() || path.size() < 7) return path;
  std::string variant = path.substr(0, path.size() - 7) + "." + flavour + ".stdout";
  return ::access(variant.c_str(), R_OK) == 0 ? variant : path;
}

// `only`: the flavour or ISA name the manifest is loaded for (win64, win32, aarch64, riscv64 …),
// which a case's eighth column may name as the only one it is built for.
void load_manifest(std::vector<Case>& cases, const std::string& dir, const std::string& bin_dir,
                   const std::string& prefix, bool linux_guest, const std::string& flavour,
                   const std::string& only) {
  std::ifstream f(dir + "/cases.txt");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> col;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) col.push_back(c);
    if (col.size() < 6) continue;
    Case k;
    k.name = prefix + col[0];
    k.binary = bin_dir + "/" + col[1];
    k.linux_guest = linux_guest;
    if (linux_guest) k.isa = only;
    if (col[2] != "-") k.args = split(col[2], ' ');
    k.dir = dir;
    k.stdin_file = col[3] == "-" ? "/dev/null" : dir + "/" + col[3];
    k.status = std::stoi(col[4]);
    k.stdout_file = col[5] == "-" ? "" : expected_file(dir + "/" + col[5], flavour);
    if (col.size() > 6 && col[6] != "-") k.env = split(col[6], ' ');
    // The eighth column: "-", or comma-separated "no-qemu" (or "no-qemu-<isa>": not compared with
    // that ISA's qemu, which gets it wrong), "no-emulated" (an x64 case not run again on the CPU
    // engine: what it measures takes minutes there), "unhandled" (a Windows program that ends by
    // an unhandled exception: polyrun's one line on stderr says so, as wine's does) and the names
    // of the only flavours or ISAs the case is built for.
    bool restricted = false, ours = false;
    if (col.size() > 7 && col[7] != "-") {
      for (const std::string& t : split(col[7], ',')) {
        if (t == "no-qemu" || t == "no-qemu-" + only) {
          k.compare_with_qemu = false;
        } else if (t == "no-emulated") {
          k.emulated_too = false;
        } else if (t == "unhandled") {
          k.unhandled = true;
        } else if (t.rfind("no-qemu-", 0) == 0) {
          // another ISA's qemu: compared with this one's
        } else {
          restricted = true;
          ours = ours || t == only;
        }
      }
    }
    if (restricted && !ours) continue;
    if (only == "win64") k.wine_case = col[0];
    cases.push_back(k);
  }
}

// The folders of the Windows cases: shims/*/tests/ and programs/*/tests/ that have a cases.txt.
std::vector<std::string> windows_case_dirs() {
  std::vector<std::string> dirs;
  for (const char* top : {"shims", "programs"}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(kSource + "/" + top, ec)) {
      const std::string dir = entry.path().string() + "/tests";
      if (::access((dir + "/cases.txt").c_str(), R_OK) == 0) dirs.push_back(dir);
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  // aarch64's cases keep their plain names; other ISAs' are prefixed (riscv64_hello …), with
  // NAME.<isa>.stdout where the output is the ISA's own.
  const std::string linux_dir = kSource + "/samples";
  load_manifest(cases, linux_dir, kSamples, "", true, "", "aarch64");
  for (const char* isa : {"riscv64", "arm", "i386", "s390x"}) load_manifest(cases, linux_dir, kLinuxSamplesRoot + "/" + isa, std::string(isa) + "_", true, isa, isa);
  for (const std::string& dir : windows_case_dirs()) {
    load_manifest(cases, dir, kWin64Samples, "win64_", false, "", "win64");
    load_manifest(cases, dir, kWin32Samples, "win32_", false, "i686", "win32");
  }
  // Every x64 sample again with its code running on the CPU engine (natively by default, on an
  // x86-64 host): the same expectations.
  std::vector<Case> emulated;
  for (Case& c : cases) {
    if (c.name.rfind("win64_", 0) != 0 || !c.emulated_too) continue;
    Case e = c;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // A sanitizer build links libc as a shared library, outside the one region Syscall User
    // Dispatch lets make system calls: natively its program's own system calls reach the kernel
    // (shims/core/README.md). On the engine they do not (win64emulated_system_calls runs).
    if (c.name == "win64_system_calls") c.skip = "natively, a sanitizer build lets a program's own system calls through";
#endif
    e.name = "win64emulated_" + c.name.substr(6);
    e.polyrun_args = {"--cpu", "emulate"};
    // wine runs the same program once, for the native case, which holds the stored expectation to
    // it; this case is held to that expectation (a wine run of a program with windows takes ten
    // seconds, most of it the prefix's services starting and ending).
    e.wine_case.clear();
#if defined(__SANITIZE_THREAD__)
    // Suspending a computing thread takes a signal to it, which ThreadSanitizer holds until the
    // thread runs instrumented code: natively running guest code never does.
    if (c.name == "win64_kernel32_threads_control") c.skip = "ThreadSanitizer defers the signal that interrupts native code";
#endif
    emulated.push_back(e);
  }
  cases.insert(cases.end(), emulated.begin(), emulated.end());
  return cases;
}

bool have_samples() { return !kSamples.empty() && ::access((kSamples + "/hello").c_str(), X_OK) == 0; }

// Debian's cross sysroot of a Linux ISA, polyrun's default guest root for it.
std::string cross_sysroot(const std::string& isa) {
  return isa == "arm" ? "/usr/arm-linux-gnueabihf" : isa == "i386" ? "/usr/i686-linux-gnu" : "/usr/" + isa + "-linux-gnu";
}

std::string qemu(const std::string& isa = "aarch64") {
  for (const std::string& p : {"/usr/bin/qemu-" + isa, "/usr/bin/qemu-" + isa + "-static"})
    if (::access(p.c_str(), X_OK) == 0) return p;
  return "";
}

// Whether the references (qemu, wine) run live: not when POLYRUN_TEST_REFERENCES=stored.
bool live_references() {
  const char* v = std::getenv("POLYRUN_TEST_REFERENCES");
  return !(v && std::string(v) == "stored");
}

// wine for x64 Windows programs (Debian's wine64), or "".
std::string wine() {
  for (const char* p : {"/usr/lib/wine/wine64", "/usr/bin/wine64"})
    if (::access(p, X_OK) == 0) return p;
  return "";
}

// The wineserver beside wine `w` ("" if none is found).
std::string wineserver(const std::string& w) {
  for (const std::string& server : {w.substr(0, w.rfind('/')) + "/wineserver64", std::string("/usr/lib/wine/wineserver64")})
    if (::access(server.c_str(), X_OK) == 0) return server;
  return "";
}

// What the wine-differences.txt beside a case's cases.txt says of it: "" (nothing: compared whole),
// "all", or the regular expression of the lines left out of both outputs.
std::string wine_difference(const std::string& dir, const std::string& name) {
  std::ifstream f(dir + "/wine-differences.txt");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab != std::string::npos && line.substr(0, tab) == name) return line.substr(tab + 1);
  }
  return "";
}

std::string without_lines(const std::string& text, const std::string& mask) {
  if (mask.empty()) return text;
  const std::regex re(mask);
  std::string out, line;
  std::istringstream in(text);
  while (std::getline(in, line))
    if (!std::regex_search(line, re)) out += line + "\n";
  return out;
}

// The wine prefix of this build (made once, by whichever test gets here first). Cases with a
// display of their own (DISPLAY=@xvfb) use a second prefix, one at a time (`display_lock`): a
// wineserver serves every program of a prefix with the display its first one had, so programs of
// one prefix on different displays, or with and without one, wait for each other forever.
void ensure_wine_prefix(const std::string& wine_path, const std::string& prefix) {
  const std::string ready = prefix + "/.polyrun-ready";
  if (::access(ready.c_str(), F_OK) == 0) return;
  int fd = ::open((prefix + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ::flock(fd, LOCK_EX);
  if (::access(ready.c_str(), F_OK) != 0) {
    // wineboot now and then fails to make a new prefix ("could not load kernel32.dll, status
    // c0000135", seen once in CI with many programs starting beside it); the prefix's server is
    // ended and the making tried again before the reference is given up.
    std::string errors;
    bool made = false;
    for (int attempt = 0; attempt < 3 && !made; ++attempt) {
      Result r = run({wine_path, "wineboot", "--init"}, "/dev/null", {"WINEPREFIX=" + prefix, "WINEDEBUG=-all"});
      made = r.status == 0;
      if (made) break;
      errors += "attempt " + std::to_string(attempt + 1) + " exited " + std::to_string(r.status) + ": " + r.err;
      const std::string server = wineserver(wine_path);
      if (!server.empty()) {
        run({server, "-k"}, "/dev/null", {"WINEPREFIX=" + prefix});
        run({server, "-w"}, "/dev/null", {"WINEPREFIX=" + prefix});
      }
    }
    EXPECT_TRUE(made) << "wineboot: " << errors;
    std::ofstream(ready) << "made by polyrun_e2e_tests\n";
  }
  ::flock(fd, LOCK_UN);
  ::close(fd);
}

// Runs argv with every standard stream on /dev/null and waits for it alone (not for what it
// leaves running); its exit status, or -1.
int run_detached(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0), ::dup2(null, 1), ::dup2(null, 2);
    if (null > 2) ::close(null);
    exec_with(argv, extra_env);
  }
  int st = 0;
  if (pid < 0 || ::waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// The prefix's wineserver, started unless it runs, with the services wine starts beside a new
// server (services.exe, winedevice.exe, plugplay.exe…), so that none of them is started by a
// reference run: they inherit the standard streams of the process that starts them and keep them
// open as long as the server lives, and run() reads a reference's output until its pipes close.
// The server stays a minute after its last program (the cases come one after another).
void ensure_wine_server(const std::string& wine_path, const std::string& prefix) {
  const std::string server = wineserver(wine_path);
  if (server.empty()) return;
  int fd = ::open((prefix + ".server-lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ::flock(fd, LOCK_EX);
  const std::vector<std::string> env = {"WINEPREFIX=" + prefix, "WINEDEBUG=-all"};
  // Status 0: a server was started (2: one runs already).
  if (run_detached({server, "-p60"}, env) == 0) run_detached({wine_path, "cmd", "/c", "exit"}, env);
  ::flock(fd, LOCK_UN);
  ::close(fd);
}

// polyrun's result `r` for an x64 Windows case against wine's.
void compare_with_wine(const Case& c, const Result& r) {
  const std::string difference = wine_difference(c.dir, c.wine_case);
  if (difference == "all") return;
  const std::string w = wine();
  if (w.empty()) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") ADD_FAILURE() << "wine64 is not installed (setup.sh --all installs it)";
    return;  // the stored expectation alone
  }
  const bool display = std::any_of(c.env.begin(), c.env.end(), [](const std::string& e) { return e.rfind("DISPLAY=", 0) == 0; });
  const std::string prefix = display ? kWinePrefix + "-display" : kWinePrefix;
  ensure_wine_prefix(w, prefix);
  if (!display) ensure_wine_server(w, prefix);
  int display_lock = -1;
  if (display) {
    display_lock = ::open((prefix + ".display-lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    ASSERT_GE(display_lock, 0);
    ::flock(display_lock, LOCK_EX);
  }
  std::vector<std::string> argv = {w, c.binary};
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  std::vector<std::string> env = c.env;
  env.insert(env.end(), {"WINEPREFIX=" + prefix, "WINEDEBUG=-all"});
  Result ref = run(argv, c.stdin_file, env);
  auto agrees = [&] { return r.status == ref.status && without_lines(r.out, difference) == without_lines(ref.out, difference); };
  // wine itself sometimes fails to start a program when many start at once (status 1, no output):
  // a reference that disagrees is run once more before polyrun is judged by it.
  if (!agrees()) ref = run(argv, c.stdin_file, env);
  if (display) {
    // The prefix's wineserver ends (with the display it had) before the next display case runs.
    const std::string server = wineserver(w);
    if (!server.empty()) run({server, "-w"}, "/dev/null", {"WINEPREFIX=" + prefix});
    ::flock(display_lock, LOCK_UN);
    ::close(display_lock);
  }
  EXPECT_EQ(r.status, ref.status) << "wine exited " << ref.status << "; its stderr: " << ref.err;
  EXPECT_EQ(without_lines(r.out, difference), without_lines(ref.out, difference)) << "polyrun's output differs from wine's";
}

// A server a case asks for by a marker in its environment (VAR=@name), started for the case: its
// process and directory, and what replaces the marker; the server ends, and its directory goes,
// with the object.
class CaseServer {
 protected:
  std::vector<std::string> replaced(const std::vector<std::string>& env, const char* marker) const {
    std::vector<std::string> out;
    for (const std::string& e : env) out.push_back(e == marker ? env_ : e);
    return out;
  }
  // The first line a server writes to `fd` (its port, its display), waiting up to 10 s for each
  // byte; `fd` is closed.
  static std::string first_line(int fd) {
    std::string line;
    pollfd pfd{fd, POLLIN, 0};
    char c;
    while (line.find('\n') == std::string::npos && ::poll(&pfd, 1, 10000) == 1 && ::read(fd, &c, 1) == 1) line += c;
    ::close(fd);
    return line;
  }
  ~CaseServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (!dir_.empty()) std::system(("rm -rf " + dir_).c_str());
  }
  pid_t pid_ = -1;
  std::string dir_, env_;
};

// A sound server for a case that plays or records (its environment names PULSE_SERVER=@null-sink):
// a PulseAudio of the test's own, in a directory of its own, with one sink that plays nowhere at
// the real rate (module-null-sink; norewinds keeps its buffer at 50 ms, as a sound card's) and its
// monitor as the one source. The case's environment gets its socket; the server goes with the object.
class NullSinkServer : public CaseServer {
 public:
  static constexpr const char* kMarker = "PULSE_SERVER=@null-sink";
  static constexpr const char* kTool = "pulseaudio";
  static bool wanted(const std::vector<std::string>& env) {
    return std::find(env.begin(), env.end(), kMarker) != env.end();
  }
  static bool available() { return !program().empty(); }
  static std::string program() {
    for (const char* p : {"/usr/bin/pulseaudio"})
      if (::access(p, X_OK) == 0) return p;
    return "";
  }
  // Starts the server; false (and why) if it cannot.
  bool start(std::string* why) {
    char dir[] = "/tmp/polyrun-pulse-XXXXXX";
    if (!::mkdtemp(dir)) return *why = "mkdtemp failed", false;
    dir_ = dir;
    const std::string socket = dir_ + "/native";
    pid_ = ::fork();
    if (pid_ == 0) {
      int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0), ::dup2(null, 1), ::dup2(null, 2);
      const std::string home = "HOME=" + dir_, runtime = "XDG_RUNTIME_DIR=" + dir_;
      ::putenv(const_cast<char*>(home.c_str()));
      ::putenv(const_cast<char*>(runtime.c_str()));
      const std::string load = "--load=module-native-protocol-unix auth-anonymous=1 socket=" + socket;
      const std::string bin = program();
      ::execl(bin.c_str(), bin.c_str(), "-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes",
              "--use-pid-file=no", "--system=no", "--load=module-null-sink sink_name=null norewinds=1", load.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {  // up to 10 s for its socket
      if (::access(socket.c_str(), F_OK) == 0) {
        ::usleep(100000);  // (listening once the file is there; a moment for its modules)
        env_ = "PULSE_SERVER=unix:" + socket;
        return true;
      }
      int st;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) return pid_ = -1, *why = "pulseaudio exited at start", false;
      ::usleep(50000);
    }
    return *why = "pulseaudio's socket did not appear", false;
  }
  // The case's environment with the marker replaced by the server's socket.
  std::vector<std::string> environment(const std::vector<std::string>& env) const { return replaced(env, kMarker); }
};

// A TLS server for a case that speaks TLS (its environment names POLYRUN_TLS_PORT=@tls-server):
// tests/windows/tls_server.py on 127.0.0.1 with a self-signed certificate for "localhost" that
// openssl makes for the run, in a directory of its own. The case's environment gets its port; the
// server goes with the object.
class TlsServer : public CaseServer {
 public:
  static constexpr const char* kMarker = "POLYRUN_TLS_PORT=@tls-server";
  static constexpr const char* kTool = "openssl or python3";
  static bool wanted(const std::vector<std::string>& env) {
    return std::find(env.begin(), env.end(), kMarker) != env.end();
  }
  static bool available() { return ::access("/usr/bin/openssl", X_OK) == 0 && ::access("/usr/bin/python3", X_OK) == 0; }
  // Starts the server; false (and why) if it cannot.
  bool start(std::string* why) {
    char dir[] = "/tmp/polyrun-tls-XXXXXX";
    if (!::mkdtemp(dir)) return *why = "mkdtemp failed", false;
    dir_ = dir;
    const std::string cert = dir_ + "/cert.pem", key = dir_ + "/key.pem";
    Result made = run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                       "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"});
    if (made.status != 0) return *why = "openssl req failed: " + made.err, false;
    int out[2];
    if (::pipe(out) != 0) return *why = "pipe failed", false;
    pid_ = ::fork();
    if (pid_ == 0) {
      int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0), ::dup2(out[1], 1), ::dup2(null, 2);
      ::close(out[0]), ::close(out[1]);
      const std::string script = kSource + "/tests/windows/tls_server.py";
      ::execl("/usr/bin/python3", "python3", script.c_str(), cert.c_str(), key.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    const std::string line = first_line(out[0]);
    const int port = std::atoi(line.c_str());
    if (port <= 0) return *why = "tls_server.py printed no port", false;
    env_ = "POLYRUN_TLS_PORT=" + std::to_string(port);
    return true;
  }
  // The case's environment with the marker replaced by the server's port.
  std::vector<std::string> environment(const std::vector<std::string>& env) const { return replaced(env, kMarker); }
};

// An LDAP server for a case that speaks LDAP (its environment names POLYRUN_LDAP_PORT=@slapd):
// tests/windows/slapd_server.py, Debian's slapd on 127.0.0.1 with a configuration and a database of
// the test's own in a directory of its own (removed when it stops). The case's environment gets
// its port; the server goes with the object.
class SlapdServer : public CaseServer {
 public:
  static constexpr const char* kMarker = "POLYRUN_LDAP_PORT=@slapd";
  static constexpr const char* kTool = "slapd";
  static bool wanted(const std::vector<std::string>& env) {
    return std::find(env.begin(), env.end(), kMarker) != env.end();
  }
  static bool available() { return ::access("/usr/sbin/slapd", X_OK) == 0 && ::access("/usr/bin/python3", X_OK) == 0; }
  // Starts the server; false (and why) if it cannot.
  bool start(std::string* why) {
    int out[2];
    if (::pipe(out) != 0) return *why = "pipe failed", false;
    pid_ = ::fork();
    if (pid_ == 0) {
      int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0), ::dup2(out[1], 1), ::dup2(null, 2);
      ::close(out[0]), ::close(out[1]);
      const std::string script = kSource + "/tests/windows/slapd_server.py";
      ::execl("/usr/bin/python3", "python3", script.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    const std::string line = first_line(out[0]);
    const int port = std::atoi(line.c_str());
    if (port <= 0) return *why = "slapd_server.py printed no port", false;
    env_ = "POLYRUN_LDAP_PORT=" + std::to_string(port);
    return true;
  }
  // The case's environment with the marker replaced by the server's port.
  std::vector<std::string> environment(const std::vector<std::string>& env) const { return replaced(env, kMarker); }
};

// A display for a case that makes windows (its environment names DISPLAY=@xvfb): an Xvfb of the
// test's own, 1024 x 768 at 24 bits (the screen polyrun's headless back end reports), on a display
// number it picks itself (-displayfd). wine, the reference, needs one to make windows at all; the
// case's environment gets DISPLAY=:N for both runs. The server goes with the object.
class XvfbServer : public CaseServer {
 public:
  static constexpr const char* kMarker = "DISPLAY=@xvfb";
  static constexpr const char* kTool = "Xvfb";
  static bool wanted(const std::vector<std::string>& env) {
    return std::find(env.begin(), env.end(), kMarker) != env.end();
  }
  static bool available() { return ::access("/usr/bin/Xvfb", X_OK) == 0; }
  // Starts the server; false (and why) if it cannot.
  bool start(std::string* why) {
    int out[2];
    if (::pipe(out) != 0) return *why = "pipe failed", false;
    pid_ = ::fork();
    if (pid_ == 0) {
      int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0), ::dup2(null, 1), ::dup2(null, 2);
      ::close(out[0]);
      const std::string fd = std::to_string(out[1]);
      ::execl("/usr/bin/Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1024x768x24", "-nolisten", "tcp",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    const std::string line = first_line(out[0]);
    if (line.empty() || line[0] < '0' || line[0] > '9') return *why = "Xvfb printed no display number", false;
    env_ = "DISPLAY=:" + std::to_string(std::atoi(line.c_str()));
    return true;
  }
  // The case's environment with the marker replaced by the display.
  std::vector<std::string> environment(const std::vector<std::string>& env) const { return replaced(env, kMarker); }
};

// Starts the server a case's environment asks for (nothing when it asks for none) and puts its
// address in the environment; otherwise why not: the tool is missing (a failure under CI=true,
// else a skip, `*skip` set) or the server did not start.
template <class Server>
std::string start_server(Server& server, Case& c, bool* skip) {
  if (!Server::wanted(c.env)) return "";
  if (!Server::available()) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") return std::string(Server::kTool) + " is not installed (setup.sh --all installs it)";
    *skip = true;
    return std::string("no ") + Server::kTool + " here";
  }
  std::string why;
  if (!server.start(&why)) return why;
  c.env = server.environment(c.env);
  return "";
}

class Sample : public ::testing::TestWithParam<Case> {};

TEST_P(Sample, MatchesExpectedOutputAndStatus) {
  Case c = GetParam();
  if (::access(c.binary.c_str(), R_OK) != 0) GTEST_SKIP() << c.binary << " not built (no cross compiler)";
  if (!c.skip.empty()) GTEST_SKIP() << c.skip;
  // The servers the case asks for by markers in its environment, started for it.
  NullSinkServer sound;
  TlsServer tls;
  XvfbServer display;
  SlapdServer ldap;
  bool skip = false;
  std::string why = start_server(sound, c, &skip);
  if (why.empty()) why = start_server(tls, c, &skip);
  if (why.empty()) why = start_server(display, c, &skip);
  if (why.empty()) why = start_server(ldap, c, &skip);
  if (skip) GTEST_SKIP() << why;
  ASSERT_TRUE(why.empty()) << why;
  std::vector<std::string> argv = {kPolyrun};
  argv.insert(argv.end(), c.polyrun_args.begin(), c.polyrun_args.end());
  argv.push_back(c.binary);
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  Result r = run(argv, c.stdin_file, c.env);
  EXPECT_EQ(r.status, c.status) << "stderr: " << r.err;
  if (!c.stdout_file.empty()) {
    EXPECT_EQ(r.out, read_file(c.stdout_file)) << "stderr: " << r.err;
  }
  if (c.status >= 128) {
    EXPECT_NE(r.err.find("polyrun: guest terminated by SIG"), std::string::npos) << r.err;
  } else if (c.status == 127 && !c.linux_guest) {
    EXPECT_NE(r.err.find("polyrun: unimplemented: "), std::string::npos) << r.err;
  } else if (c.unhandled) {
    EXPECT_EQ(r.err.rfind("polyrun: unhandled exception 0x", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  } else {
    EXPECT_EQ(r.err.find("polyrun"), std::string::npos) << "polyrun complained: " << r.err;
  }

  if (!live_references()) return;
  if (!c.wine_case.empty()) compare_with_wine(c, r);

  std::string q = qemu(c.isa);
  if (q.empty() || c.status >= 128 || !c.linux_guest || !c.compare_with_qemu) return;
  // polyrun's default guest root is the cross sysroot, where dynamic samples find their
  // ld-linux-<isa>.so.1 and libraries: qemu gets the same root.
  std::vector<std::string> qargv = {q};
  const std::string root = cross_sysroot(c.isa);
  if (::access(root.c_str(), X_OK) == 0) qargv.insert(qargv.end(), {"-L", root});
  qargv.push_back(c.binary);
  qargv.insert(qargv.end(), c.args.begin(), c.args.end());
  Result ref = run(qargv, c.stdin_file, c.env);
  EXPECT_EQ(r.status, ref.status) << "qemu-" << c.isa << " exited " << ref.status;
  EXPECT_EQ(r.out, ref.out) << "polyrun's output differs from qemu-" << c.isa << "'s";
}

INSTANTIATE_TEST_SUITE_P(Samples, Sample, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Sample);

TEST(Command, CaseListIsNotEmpty) { EXPECT_GE(load_cases().size(), 10u); }

// Every case a wine-differences.txt names is an x64 case of the cases.txt beside it, and every mask
// is a valid regular expression: a stale line would quietly stop comparing nothing.
TEST(Command, WineDifferencesNameWindowsCases) {
  std::vector<Case> cases = load_cases();
  int lines = 0;
  for (const std::string& dir : windows_case_dirs()) {
    std::ifstream f(dir + "/wine-differences.txt");
    std::string line;
    while (std::getline(f, line)) {
      if (line.empty() || line[0] == '#') continue;
      ++lines;
      size_t tab = line.find('\t');
      ASSERT_NE(tab, std::string::npos) << dir << ": " << line;
      const std::string name = line.substr(0, tab), mask = line.substr(tab + 1);
      EXPECT_TRUE(std::any_of(cases.begin(), cases.end(), [&](const Case& c) { return c.wine_case == name && c.dir == dir; }))
          << name << " is no x64 Windows case of " << dir << "/cases.txt";
      if (mask != "all") {
        EXPECT_NO_THROW(std::regex{mask}) << mask;
      }
    }
  }
  EXPECT_GT(lines, 0);
}

TEST(Command, HelpAndVersion) {
  Result h = run({kPolyrun, "--help"});
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("usage: polyrun"), std::string::npos);
  Result v = run({kPolyrun, "--version"});
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("polyrun ", 0), 0u);
  Result bad = run({kPolyrun, "--no-such-option", "x"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("unknown option --no-such-option"), std::string::npos);
}

std::string temp_file(const std::string& contents) {
  char path[] = "/tmp/polyrun-e2e-XXXXXX";
  int fd = ::mkstemp(path);
  (void)!::write(fd, contents.data(), contents.size());
  ::fchmod(fd, 0755);
  ::close(fd);
  return path;
}

TEST(Command, BadInputGetsOneLineAndStatus) {
  Result missing = run({kPolyrun, "/nonexistent/program"});
  EXPECT_EQ(missing.status, 127);
  EXPECT_EQ(missing.err, "polyrun: /nonexistent/program: No such file or directory\n");

  std::string junk = temp_file("this is text\n");
  Result r = run({kPolyrun, junk});
  EXPECT_EQ(r.status, 126);
  EXPECT_EQ(r.err, "polyrun: " + junk + ": not a program polyrun knows (ELF or PE)\n");

  std::string mips(64, '\0');
  mips.replace(0, 7, "\x7f" "ELF\x01\x01\x01");
  mips[16] = 2;
  mips[18] = 8;  // EM_MIPS
  std::string m = temp_file(mips);
  r = run({kPolyrun, m});
  EXPECT_EQ(r.status, 126);
  EXPECT_EQ(r.err, "polyrun: " + m + ": ELF 32-bit MIPS is not supported\n");

  std::string empty = temp_file("");
  r = run({kPolyrun, empty});
  EXPECT_EQ(r.status, 126);
  EXPECT_EQ(r.err, "polyrun: " + empty + ": empty file\n");
  ::unlink(junk.c_str()), ::unlink(m.c_str()), ::unlink(empty.c_str());
}

const char* const kLinuxIsas[] = {"aarch64", "riscv64", "arm", "i386", "s390x"};

// Per ISA: truncated copies of a real program, and copies with corrupt program headers (offset
// past the end, an entry size that is not the ISA's, a count running past the file, a segment
// beyond the file): one line and status 126, never a crash.
TEST(Command, TruncatedAndCorruptProgramsOfEveryIsaGetOneLine) {
  int tried = 0;
  for (const char* isa : kLinuxIsas) {
    const std::string path = kLinuxSamplesRoot + "/" + isa + "/hello";
    if (::access(path.c_str(), R_OK) != 0) continue;
    ++tried;
    const std::string full = read_file(path);
    std::vector<std::pair<std::string, std::string>> bad;
    for (size_t len : {size_t{20}, size_t{64}, size_t{100}, size_t{300}, size_t{5000}, full.size() / 2})
      bad.emplace_back("truncated to " + std::to_string(len), full.substr(0, len));
    // Fields in the file's byte order (s390x's programs are big-endian).
    const bool big = full.size() > 5 && full[5] == 2;
    auto patched = [&](size_t off, const void* v, size_t n) {
      std::string c = full;
      c.replace(off, n, static_cast<const char*>(v), n);
      if (big) std::reverse(c.begin() + static_cast<long>(off), c.begin() + static_cast<long>(off + n));
      return c;
    };
    auto field = [&](size_t off, size_t n) {
      uint64_t v = 0;
      for (size_t i = 0; i < n; ++i)
        v |= static_cast<uint64_t>(static_cast<uint8_t>(full[off + (big ? n - 1 - i : i)])) << (8 * i);
      return v;
    };
    // The ELF header's and program headers' fields where the file's class puts them.
    const bool is64 = full.size() > 4 && full[4] == 2;
    const size_t phoff_at = is64 ? 32 : 28, word = is64 ? 8 : 4, entsize_at = is64 ? 54 : 42, phnum_at = is64 ? 56 : 44;
    const size_t p_offset_at = is64 ? 8 : 4;
    const uint64_t far = is64 ? uint64_t{1} << 40 : uint64_t{0xfff00000};
    const uint16_t phentsize = 20, phnum = 0xffff;
    bad.emplace_back("e_phoff past the end", patched(phoff_at, &far, word));
    bad.emplace_back("e_phentsize 20", patched(entsize_at, &phentsize, 2));
    bad.emplace_back("e_phnum 65535", patched(phnum_at, &phnum, 2));
    const uint64_t phoff = field(phoff_at, word);
    const uint64_t entsize = field(entsize_at, 2), count = field(phnum_at, 2);
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t type = field(phoff + i * entsize, 4);
      if (type != 1) continue;  // the first PT_LOAD
      bad.emplace_back("a loaded segment's p_offset past the end", patched(phoff + i * entsize + p_offset_at, &far, word));
      break;
    }
    for (const auto& [what, bytes] : bad) {
      std::string t = temp_file(bytes);
      Result r = run({kPolyrun, t});
      EXPECT_EQ(r.status, 126) << isa << ", " << what << ": " << r.err;
      EXPECT_EQ(r.err.rfind("polyrun: " + t + ": ", 0), 0u) << isa << ", " << what << ": " << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << isa << ", " << what << ": " << r.err;
      ::unlink(t.c_str());
    }
  }
  if (!tried) GTEST_SKIP() << "no Linux samples built";
}

// What qemu-user does not emulate, so that no case can compare it with qemu-aarch64: other
// spellings of the paths, stat's code and argument fields, the exe link under stat and access, the
// process name, the emulated files' descriptors, /proc/cpuinfo. A native run on Linux prints the
// same lines, but for the ELF machine and the cpuinfo lines, which are those of the CPU model the
// run asks for: a Cortex-A72, as qemu-aarch64 11.1 -cpu cortex-a72 shows it (see
// ProcCpuinfoIsTheEmulatedCpus).
TEST(Command, ProcFilesDescribeTheGuest) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, "--cpu", "cortex-a72", kSamples + "/proc_self", "more"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, read_file(kSource + "/samples/expected/proc_self_more.stdout")) << r.err;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

// /proc/self/maps in Linux's format (fs/proc/task_mmu.c): addresses and offset in at least 8 hex
// digits, major:minor in at least 2, the name from column 73; the guest's mappings only.
TEST(Command, ProcMapsIsLinuxsFormatWithTheGuestsMappingsOnly) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, kSamples + "/proc_self", "cat", "/proc/self/maps"});
  ASSERT_EQ(r.status, 0) << r.err;
  char real[PATH_MAX];
  std::string program = ::realpath((kSamples + "/proc_self").c_str(), real) ? real : "";
  std::string polyrun = ::realpath(kPolyrun.c_str(), real) ? real : kPolyrun;
  const std::regex line_re("[0-9a-f]{8,}-[0-9a-f]{8,} [r-][w-][x-][ps] [0-9a-f]{8,} [0-9a-f]{2,}:[0-9a-f]{2,} [0-9]+ ( *)(.*)");
  bool code = false, stack = false;
  for (const std::string& line : lines_of(r.out)) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, line_re)) << line;
    std::string name = m[2];
    if (name.empty()) {  // anonymous: the line ends after the inode and one space
      EXPECT_EQ(m[1].length(), 0) << line;
      continue;
    }
    EXPECT_EQ(line.size() - name.size(), 73u) << line;
    EXPECT_EQ(name.find(polyrun), std::string::npos) << line;
    EXPECT_EQ(name.find("x86_64-linux-gnu"), std::string::npos) << line;
    code = code || (name == program && line.find(" r-xp 00000000 ") != std::string::npos);
    stack = stack || name == "[stack]";
  }
  EXPECT_TRUE(code) << r.out;
  EXPECT_TRUE(stack) << r.out;
}

// /proc/cpuinfo: arm64 Linux's entry for a Cortex-A72 with the features of AT_HWCAP, once per
// online CPU.
// A CPU model's /proc/cpuinfo: its features and identity as qemu-aarch64 11.1 -cpu cortex-a72
// shows them (Features and the MIDR fields; qemu adds a "model name" line, which arm64 Linux does
// not print), in arm64 Linux's format; and the default model's identity, qemu's max (implementer
// 0, part 0x051, as qemu 7.2 and 11.1 give it), with every feature it advertises.
TEST(Command, ProcCpuinfoIsTheEmulatedCpus) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, "--cpu", "cortex-a72", kSamples + "/proc_self", "cat", "/proc/cpuinfo"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string want;
  for (long n = 0; n < ::sysconf(_SC_NPROCESSORS_ONLN); ++n)
    want += "processor\t: " + std::to_string(n) +
            "\nBogoMIPS\t: 125.00\nFeatures\t: fp asimd aes pmull sha1 sha2 crc32 cpuid\nCPU implementer\t: 0x41\n"
            "CPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n\n";
  EXPECT_EQ(r.out, want);
  r = run({kPolyrun, kSamples + "/proc_self", "cat", "/proc/cpuinfo"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nFeatures\t: fp asimd aes pmull sha1 sha2 crc32 atomics "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nCPU implementer\t: 0x00\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0x051\n"),
            std::string::npos)
      << r.out;
}

// A program of one ISA runs a program of another (execve of a foreign ELF starts it under polyrun
// again): every pair of Linux ISAs with samples, both ways.
TEST(Command, ProgramsOfOneIsaRunProgramsOfAnother) {
  int pairs = 0;
  for (const char* parent : kLinuxIsas) {
    for (const char* child : kLinuxIsas) {
      const std::string runner = kLinuxSamplesRoot + "/" + parent + "/fork_exec";
      const std::string hello = kLinuxSamplesRoot + "/" + child + "/hello";
      if (std::string(parent) == child || ::access(runner.c_str(), R_OK) != 0 || ::access(hello.c_str(), R_OK) != 0) continue;
      ++pairs;
      Result r = run({kPolyrun, runner, "run", hello});
      EXPECT_EQ(r.status, 0) << parent << " -> " << child << ": " << r.err;
      EXPECT_EQ(r.out, std::string("the program output: Hello from ") + child + "!\nthe program: exited 0\n")
          << parent << " -> " << child << ": " << r.err;
    }
  }
  if (!pairs) GTEST_SKIP() << "samples of two Linux ISAs not built";
}

// i386 Linux 6.1's entry for the engine's CPU (its CPUID: Unicorn 2.1.1's Skylake-Client model as
// polyrun's i386 CPU advertises it, cpu-emu/x86_unicorn.cpp), once per online CPU.
TEST(Command, ProcCpuinfoIsTheEmulatedCpusI386) {
  const std::string program = kLinuxSamplesRoot + "/i386/proc_self";
  if (::access(program.c_str(), R_OK) != 0) GTEST_SKIP() << "i386 samples not built";
  Result r = run({kPolyrun, program, "cat", "/proc/cpuinfo"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string want;
  for (long n = 0; n < ::sysconf(_SC_NPROCESSORS_ONLN); ++n)
    want += "processor\t: " + std::to_string(n) +
            "\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 94\n"
            "model name\t: Intel Core Processor (Skylake)\nstepping\t: 3\n"
            "fdiv_bug\t: no\nf00f_bug\t: no\ncoma_bug\t: no\nfpu\t\t: yes\nfpu_exception\t: yes\n"
            "cpuid level\t: 13\nwp\t\t: yes\n"
            "flags\t\t: fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse "
            "sse2 nx rdtscp lm pni pclmulqdq ssse3 cx16 sse4_1 sse4_2 movbe popcnt aes xsave rdrand hypervisor "
            "lahf_lm abm fsgsbase smep bmi2 erms rdseed adx smap\n"
            "clflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: 40 bits physical, 32 bits virtual\n"
            "power management:\n\n";
  EXPECT_EQ(r.out, want);
}

// riscv64 Linux 6.1's entry for the engine's SiFive U54, once per online CPU, with the
// bit-manipulation extensions polyrun executes (multi-letter extensions after underscores, as
// riscv Linux prints them).
TEST(Command, ProcCpuinfoIsTheEmulatedCpusRiscv64) {
  const std::string program = kLinuxSamplesRoot + "/riscv64/proc_self";
  if (::access(program.c_str(), R_OK) != 0) GTEST_SKIP() << "riscv64 samples not built";
  Result r = run({kPolyrun, program, "cat", "/proc/cpuinfo"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string want;
  for (long n = 0; n < ::sysconf(_SC_NPROCESSORS_ONLN); ++n)
    want += "processor\t: " + std::to_string(n) + "\nhart\t\t: " + std::to_string(n) +
            "\nisa\t\t: rv64imafdc_zba_zbb_zbs\nmmu\t\t: sv39\nuarch\t\t: sifive,u54\n\n";
  EXPECT_EQ(r.out, want);
  // The engine's model alone: RV64GC, rv64imafdc as qemu-riscv64 11.1 -cpu sifive-u54 begins its
  // isa line (the rest of qemu's names extensions Linux 6.1 does not list).
  r = run({kPolyrun, "--cpu", "sifive-u54", program, "cat", "/proc/cpuinfo"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nisa\t\t: rv64imafdc\n"), std::string::npos) << r.out;
}

// s390 Linux 6.1's summary and per-CPU entries for a z13 machine with the features of AT_HWCAP
// and the facilities STFLE stores (its show_facilities line), those the cpu_features.s390x test
// finds running as qemu-s390x runs them (z14's MIE2, 58, and VXE1, 135, among them).
TEST(Command, ProcCpuinfoIsTheEmulatedCpusS390x) {
  const std::string program = kLinuxSamplesRoot + "/s390x/proc_self";
  if (::access(program.c_str(), R_OK) != 0) GTEST_SKIP() << "s390x samples not built";
  Result r = run({kPolyrun, program, "cat", "/proc/cpuinfo"});
  ASSERT_EQ(r.status, 0) << r.err;
  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  std::string want = "vendor_id       : IBM/S390\n# processors    : " + std::to_string(cpus) +
                     "\nbogomips per cpu: 20325.00\nmax thread id   : 0\n"
                     "features\t: esan3 zarch stfle msa ldisp eimm etf3eh highgprs vx vxe \n"
                     "facilities      : 0 1 2 7 17 18 19 21 22 25 30 34 35 37 41 45 49 53 57 58 129 135\n";
  char line[128];
  for (long n = 0; n < cpus; ++n) {
    std::snprintf(line, sizeof line, "processor %ld: version = FF,  identification = %06lX,  machine = 2964\n", n, n);
    want += line;
  }
  for (long n = 0; n < cpus; ++n) {
    std::snprintf(line, sizeof line, "\ncpu number      : %ld\nversion         : FF\nidentification  : %06lX\nmachine         : 2964\n", n, n);
    want += line;
  }
  EXPECT_EQ(r.out, want);
}

TEST(Command, StraceShowsTheRun) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, "--strace", kSamples + "/hello"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.err.find(" write(1,\"Hello from aarch64!\\n\",20) = 20\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" exit_group(0)\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" brk(NULL) = 0x"), std::string::npos) << r.err;
}

// The trace follows forked and executed children and survives the program closing every
// descriptor from 3 on and taking fd 100 for itself.
TEST(Command, StraceFollowsChildrenAndKeepsItsOwnDescriptor) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, "--strace", kSamples + "/fd_hygiene"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "written through fd 100\nafter close_range\nchild ran\n");
  size_t closed = r.err.find(" close_range(3,4294967295,0x0) = 0\n");
  ASSERT_NE(closed, std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" getppid() = ", closed), std::string::npos) << r.err;
  size_t exec = r.err.find(" execve(\"" + kSamples + "/fd_hygiene\",[\"" + kSamples + "/fd_hygiene\",\"child\"],0x", closed);
  ASSERT_NE(exec, std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" write(1,\"child ran\\n\",10) = 10\n", exec), std::string::npos) << r.err;
}

TEST(Command, StraceShowsDescriptorsAndFlags) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, "--strace", kSamples + "/events"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.err.find(" epoll_create1(0x80000) = "), std::string::npos) << r.err;  // EPOLL_CLOEXEC
  EXPECT_NE(r.err.find(" eventfd2(3,0x80000) = "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" ppoll(0x8,1,"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(") = -1 errno=14 (Bad address)\n"), std::string::npos) << r.err;
  r = run({kPolyrun, "--strace", kSamples + "/sockets"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.err.find(" socketpair(1,0x80001,0,0x"), std::string::npos) << r.err;  // SOCK_STREAM|SOCK_CLOEXEC
  EXPECT_NE(r.err.find(",\"peek\",4,0x0,NULL,0) = 4\n"), std::string::npos) << r.err;  // sendto(fd,…)
}

// qemu-aarch64 does not write TIOCGSID's result back, so this part of the tty sample is checked
// under polyrun alone.
TEST(Command, TtySessionIdIsWrittenBack) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, kSamples + "/tty", "sid"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nTIOCGSID is our session: 1\n"), std::string::npos) << r.out;
}

TEST(Command, Argv0AndEnvironmentOptions) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, "-0", "renamed", "-E", "POLYRUN_SAMPLE=from-option", "-U", "HOME", kSamples + "/args_env", "5"});
  EXPECT_EQ(r.status, 5);
  EXPECT_NE(r.out.find("renamed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("from-option"), std::string::npos) << r.out;
}

TEST(Command, UnimplementedSyscallIsENOSYSAndLoggedOnce) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, kSamples + "/enosys"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "io_setup -> -1 errno=ENOSYS\nio_setup -> -1 errno=ENOSYS\n");
  const std::string line = "unimplemented syscall io_setup (number 0) returns ENOSYS";
  size_t first = r.err.find(line);
  EXPECT_NE(first, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(line, first + 1), std::string::npos) << "logged more than once: " << r.err;
  Result quiet = run({kPolyrun, "--log-level", "error", kSamples + "/enosys"});
  EXPECT_EQ(quiet.err, "");
}

TEST(Command, WindowsStraceShowsApiCalls) {
  std::string exe = kWin64Samples + "/hello.exe";
  if (::access(exe.c_str(), R_OK) != 0) GTEST_SKIP() << "mingw-w64 samples not built";
  Result r = run({kPolyrun, "--strace", exe});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "Hello from Windows!\r\n");
  EXPECT_NE(r.err.find(" msvcrt.dll!__getmainargs("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" msvcrt.dll!exit(0)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" (from 0x"), std::string::npos) << r.err;
}

// A GUI-subsystem program runs as a console one does, its standard handles the terminal's (as wine
// gives a GUI program started from a shell: hello.exe marked GUI prints its line); a program of
// another subsystem (1, native) is refused in one line.
TEST(Command, WindowsGuiProgramRunsOtherSubsystemsAreRefused) {
  std::string exe = kWin64Samples + "/hello.exe";
  if (::access(exe.c_str(), R_OK) != 0) GTEST_SKIP() << "mingw-w64 samples not built";
  std::string bytes = read_file(exe);
  uint32_t pe;
  std::memcpy(&pe, bytes.data() + 0x3c, 4);
  bytes[pe + 24 + 68] = 2;  // IMAGE_SUBSYSTEM_WINDOWS_GUI
  std::string gui = temp_file(bytes);
  Result r = run({kPolyrun, gui});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "Hello from Windows!\r\n");
  ::unlink(gui.c_str());
  bytes[pe + 24 + 68] = 1;  // IMAGE_SUBSYSTEM_NATIVE
  std::string native = temp_file(bytes);
  r = run({kPolyrun, native});
  EXPECT_EQ(r.status, 126);
  EXPECT_EQ(r.err, "polyrun: " + native +
                       ": PE32+ x86-64 Windows program for subsystem 1: only Windows GUI and console programs are supported\n");
  ::unlink(native.c_str());
}

// polyrun's cmd.exe from the command line: `polyrun cmd /c …` and `polyrun script.bat ARGS`, as
// Windows runs a batch file (cmd.exe /c "script.bat ARGS"); a host process's status is the exit
// code's low 8 bits (9009 for a command cmd cannot find: 49).
TEST(Command, CmdRunsCommandsAndBatchFiles) {
  Result joined = run({kPolyrun, "cmd", "/c", "echo one& echo two&& exit 7"});
  EXPECT_EQ(joined.status, 7);
  EXPECT_EQ(joined.out, "one\r\ntwo\r\n");
  Result missing = run({kPolyrun, "cmd.exe", "/c", "no-such-program-here"});
  EXPECT_EQ(missing.status, 9009 & 0xff);
  EXPECT_EQ(missing.err, "'no-such-program-here' is not recognized as an internal or external command,\r\n"
                         "operable program or batch file.\r\n");
  std::string bat = temp_file("@echo off\r\nsetlocal enabledelayedexpansion\r\nset N=0\r\n"
                              "for %%a in (%*) do set /a N+=1 >nul\r\necho %~x0 [%1] [%~2] !N!\r\nexit /b 4\r\n") +
                    ".bat";
  ::rename(bat.substr(0, bat.size() - 4).c_str(), bat.c_str());
  Result script = run({kPolyrun, bat, "a", "b c"});
  EXPECT_EQ(script.status, 4);
  EXPECT_EQ(script.out, ".bat [a] [b c] 2\r\n");
  ::unlink(bat.c_str());
}

TEST(Command, FatalSignalReport) {
  if (!have_samples()) GTEST_SKIP() << "aarch64 samples not built";
  Result r = run({kPolyrun, kSamples + "/segv"});
  EXPECT_EQ(r.status, 139);
  EXPECT_NE(r.err.find("polyrun: guest terminated by SIGSEGV at pc=0x"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(fault address 0x0)"), std::string::npos) << r.err;
}

}  // namespace
