// Windows pieces without a CPU: command lines, paths, text, and signature-generated marshalling.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include "shims/core/command_line.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_time_zone.h"
#include "shims/dll_registry/dll_registry.h"

using namespace polyrun::shims;

namespace {

// The DLL table, as polyrun's executable installs it before running a Windows program.
const bool kDllsInstalled = (install_builtin_dlls(), true);

TEST(CommandLine, QuotingRoundTrips) {
  std::vector<std::string> argv = {"Z:\\bin\\prog.exe", "plain", "two words", "", "quote\"inside",
                                   "trailing\\", "back\\\\slashes \\\"q\\\"", "tab\there"};
  std::string cmd = windows_command_line(argv);
  EXPECT_EQ(split_command_line(cmd), argv) << cmd;
}

TEST(CommandLine, MicrosoftRulesForBackslashes) {
  // Examples from the Microsoft C runtime's documentation of argument parsing.
  EXPECT_EQ(split_command_line(R"("a b c" d e)"), (std::vector<std::string>{"a b c", "d", "e"}));
  EXPECT_EQ(split_command_line(R"("ab\"c" "\\" d)"), (std::vector<std::string>{"ab\"c", "\\", "d"}));
  EXPECT_EQ(split_command_line(R"(a\\\b d"e f"g h)"), (std::vector<std::string>{"a\\\\\\b", "de fg", "h"}));
  EXPECT_EQ(split_command_line(R"(a\\\"b c d)"), (std::vector<std::string>{"a\\\"b", "c", "d"}));
  EXPECT_EQ(split_command_line(R"(a\\\\"b c" d e)"), (std::vector<std::string>{"a\\\\b c", "d", "e"}));
}

// The names GetTimeZoneInformation reports are the zone's Time Zones key's Std and Dlt values
// (Windows' registry, as wine 8.0's prefix carries them: HKLM\SOFTWARE\Microsoft\Windows NT\
// CurrentVersion\Time Zones\<key>); a zone Windows does not name keeps the C library's.
TEST(TimeZone, WindowsNamesOfTheHostZone) {
  const char* saved = std::getenv("TZ");
  const std::string before = saved ? saved : "";
  struct Case {
    const char* tz;
    const char* key;
    const char* standard;
    const char* daylight;
  } cases[] = {
      {"Europe/Berlin", "W. Europe Standard Time", "W. Europe Standard Time", "W. Europe Daylight Time"},
      {"UTC", "UTC", "Coordinated Universal Time", "Coordinated Universal Time"},
      {"Asia/Shanghai", "China Standard Time", "China Standard Time", "China Daylight Time"},
      {"America/New_York", "Eastern Standard Time", "Eastern Standard Time", "Eastern Daylight Time"},
      {"CET-1CEST,M3.5.0,M10.5.0/3", "CET-1CEST,M3.5.0,M10.5.0/3", "CET", "CEST"},
  };
  for (const Case& c : cases) {
    ::setenv("TZ", c.tz, 1);
    const polyrun::shims::HostTimeZone z = polyrun::shims::host_time_zone();
    EXPECT_EQ(z.key_name, c.key) << c.tz;
    EXPECT_EQ(z.standard_name, c.standard) << c.tz;
    EXPECT_EQ(z.daylight_name, c.daylight) << c.tz;
  }
  if (saved) ::setenv("TZ", before.c_str(), 1);
  else ::unsetenv("TZ");
  ::tzset();
}

TEST(PathMapping, DrivesSeparatorsAndCase) {
  char tmpl[] = "/tmp/polyrun-path-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::string dir = tmpl;
  ASSERT_EQ(::mkdir((dir + "/MixedCase").c_str(), 0755), 0);
  std::ofstream(dir + "/MixedCase/File.TXT") << "x";
  std::string win = "Z:" + dir + "\\mixedcase\\file.txt";
  for (char& c : win)
    if (c == '/') c = '\\';
  EXPECT_EQ(windows_to_host_path(win), dir + "/MixedCase/File.TXT");
  EXPECT_EQ(windows_to_host_path("z:\\"), "/");
  EXPECT_EQ(windows_to_host_path("relative\\name.txt"), "relative/name.txt");
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  EXPECT_EQ(windows_to_host_path("C:\\"), std::string(cwd) + "/");
  std::string back = host_to_windows_path(dir + "/MixedCase");
  EXPECT_EQ(back.substr(0, 3), "Z:\\");
  EXPECT_EQ(back.substr(back.size() - 10), "\\MixedCase");
  ::unlink((dir + "/MixedCase/File.TXT").c_str());
  ::rmdir((dir + "/MixedCase").c_str());
  ::rmdir(dir.c_str());
}

TEST(Text, Utf8Utf16RoundTrip) {
  std::string s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";  // a é € 😀 z
  std::u16string w = utf8_to_utf16(s);
  ASSERT_EQ(w.size(), 6u);  // the emoji is a surrogate pair
  EXPECT_EQ(w[1], u'\u00e9');
  EXPECT_EQ(w[3], 0xd83d);
  EXPECT_EQ(utf16_to_utf8(w), s);
  EXPECT_EQ(utf8_to_utf16("\xff")[0], u'\ufffd');
}

// A frame with arguments in plain vectors: slots of 8 (Win64) or 4 (i386) bytes.
struct FakeFrame : polyrun::abi::CallFrame {
  std::vector<uint64_t> ints;
  std::vector<double> floats;
  std::vector<float> floats32;
  unsigned bytes;
  uint64_t ret = 0;
  double fret = 0;
  float fret32 = 0;
  explicit FakeFrame(unsigned b) : bytes(b) {}
  uint64_t int_arg(unsigned slot) override { return slot < ints.size() ? ints[slot] : 0; }
  double float_arg(unsigned slot) override { return slot < floats.size() ? floats[slot] : 0; }
  void return_int(uint64_t v) override { ret = v; }
  float float32_arg(unsigned slot) override { return slot < floats32.size() ? floats32[slot] : 0; }
  void return_float(double v) override { fret = v; }
  void return_float32(float v) override { fret32 = v; }
  uint64_t return_address() override { return 0x1234; }
  unsigned slot_bytes() const override { return bytes; }
};

struct Seen {
  uint32_t a;
  std::string s;
  double d;
  int64_t big;
} g_seen;

int32_t sample_shim(WindowsProcess&, uint32_t a, CStr s, double d, int64_t big) {
  g_seen = {a, s.str(), d, big};
  return -5;
}

float scale(WindowsProcess&, float x, uint32_t times, float y) { return x * static_cast<float>(times) + y; }

uint32_t sum_varargs(WindowsProcess&, int32_t count, VarArgs va) {
  uint32_t sum = 0;
  for (int i = 0; i < count; ++i) sum += static_cast<uint32_t>(va.next_int());
  return sum;
}

WindowsProcess& test_process() {
  static WindowsProcess proc(windows_isa_x64());
  return proc;
}

TEST(Marshalling, Win64SlotsFromTheSignature) {
  WindowsProcess* p = &test_process();
  const char* text = "hello";
  FakeFrame f(8);
  f.ints = {7, reinterpret_cast<uint64_t>(text), 0, static_cast<uint64_t>(-9000000000ll)};
  f.floats = {0, 0, 2.5, 0};
  invoke<&sample_shim>(*p, f);
  EXPECT_EQ(g_seen.a, 7u);
  EXPECT_EQ(g_seen.s, "hello");
  EXPECT_EQ(g_seen.d, 2.5);  // the third argument: xmm2
  EXPECT_EQ(g_seen.big, -9000000000ll);
  // A 32-bit result reaches rax zero-extended, as a Windows function's `mov eax, …` leaves it.
  EXPECT_EQ(f.ret, 0xfffffffbull);
  EXPECT_EQ(static_cast<int32_t>(f.ret), -5);

  FakeFrame v(8);
  v.ints = {3, 10, 20, 30};
  invoke<&sum_varargs>(*p, v);
  EXPECT_EQ(v.ret, 60u);
}

TEST(Marshalling, FloatArgumentsAndResultsTakeOneSlot) {
  FakeFrame f(8);
  f.floats32 = {1.5f, 0, 0.25f};
  f.ints = {0, 3, 0};
  invoke<&scale>(test_process(), f);
  EXPECT_EQ(f.fret32, 4.75f);  // returned as a float, not widened into the double result
  EXPECT_EQ(f.fret, 0.0);
  EXPECT_EQ(stack_bytes<&scale>(), 12);  // 4 bytes each on i386
}

TEST(Marshalling, I386StdcallPopsWhatTheArgumentsTake) {
  // uint32_t 4 + CStr 4 + double 8 + int64_t 8.
  EXPECT_EQ(stack_bytes<&sample_shim>(), 24);
  // A function with variable arguments is cdecl (wsprintf is declared WINAPIV): the caller pops
  // them all, the fixed ones too.
  EXPECT_EQ(stack_bytes<&sum_varargs>(), 0);
  const char* text = "x";
  FakeFrame f(4);
  double d = 1.25;
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  int64_t big = -2;
  f.ints = {9, reinterpret_cast<uint64_t>(text), 0, 0, static_cast<uint32_t>(big), static_cast<uint32_t>(static_cast<uint64_t>(big) >> 32)};
  f.floats = {0, 0, d};
  invoke<&sample_shim>(test_process(), f);
  EXPECT_EQ(g_seen.a, 9u);
  EXPECT_EQ(g_seen.d, 1.25);  // slot 2, two slots wide
  EXPECT_EQ(g_seen.big, -2);  // slots 4 and 5
}

TEST(BuiltinDlls, OrdinalsNameTheirFunctions) {
  const Dll* ole = find_dll("OLEAUT32.dll");
  ASSERT_NE(ole, nullptr);
  ASSERT_NE(ole->find(uint16_t{2}), nullptr);
  EXPECT_STREQ(ole->find(uint16_t{2})->name, "SysAllocString");
  EXPECT_STREQ(ole->find(uint16_t{9})->name, "VariantClear");
  EXPECT_STREQ(ole->find(uint16_t{150})->name, "SysAllocStringByteLen");
  EXPECT_EQ(ole->find(uint16_t{1}), nullptr);  // no function has that number
  const Dll* ws = find_dll("ws2_32");
  ASSERT_NE(ws, nullptr);
  EXPECT_STREQ(ws->find(uint16_t{115})->name, "WSAStartup");
  EXPECT_EQ(find_dll("kernel32.dll")->find(uint16_t{2}), nullptr);  // KERNEL32 is imported by name
}

TEST(BuiltinDlls, ForwardingNamesReachTheDllThatImplementsThem) {
  EXPECT_EQ(find_dll("combase.dll"), find_dll("ole32.dll"));
  // NCRYPT.dll is a DLL of its own (the key storage providers), no longer BCRYPT under its name.
  EXPECT_NE(find_dll("NCRYPT.DLL"), nullptr);
  EXPECT_NE(find_dll("NCRYPT.DLL"), find_dll("bcrypt.dll"));
  // KernelBase's SHLWAPI functions by their API sets' names.
  EXPECT_EQ(find_dll("api-ms-win-core-shlwapi-legacy-l1-1-0.dll"), find_dll("shlwapi.dll"));
  EXPECT_NE(find_dll("shlwapi.dll")->find("PathCombineW"), nullptr);
  EXPECT_NE(find_dll("psapi.dll")->find("EnumProcessModules"), nullptr);
  EXPECT_NE(find_dll("DBGHELP.dll")->find("SymSetOptions"), nullptr);
  EXPECT_EQ(find_dll("api-ms-win-core-synch-l1-2-0.dll"), find_dll("kernel32.dll"));
  // The Universal CRT: msvcrt.dll's functions, but its own where its rules differ (atoi saturates).
  EXPECT_EQ(find_dll("api-ms-win-crt-math-l1-1-0.dll"), find_dll("ucrtbase.dll"));
  EXPECT_EQ(find_dll("ucrtbase.dll")->find("_CIpow"), find_dll("msvcrt.dll")->find("_CIpow"));
  EXPECT_NE(find_dll("ucrtbase.dll")->find("atoi"), find_dll("msvcrt.dll")->find("atoi"));
  // setjmp's names of its own (x64 and i386's), which msvcrt.dll does not have.
  EXPECT_NE(find_dll("api-ms-win-crt-private-l1-1-0.dll")->find("__intrinsic_setjmpex"), nullptr);
  EXPECT_NE(find_dll("vcruntime140.dll")->find("__intrinsic_setjmp"), nullptr);
  EXPECT_EQ(find_dll("msvcrt.dll")->find("__intrinsic_setjmp"), nullptr);
  EXPECT_NE(find_dll("kernel32.dll")->find("WaitOnAddress"), nullptr);
  EXPECT_NE(find_dll("msvcrt.dll")->find("_CIpow"), nullptr);
  EXPECT_EQ(find_dll("d3d9.dll"), nullptr);
}

// Threads that look up forwarded names at once get one export per name.
TEST(BuiltinDlls, ForwardedExportsAreMadeOnceAcrossThreads) {
  const Dll* ntdll = find_dll("ntdll.dll");
  ASSERT_NE(ntdll, nullptr);
  const char* names[] = {"_snwprintf", "wcstoul", "_strnicmp", "towupper", "qsort", "_ui64toa"};
  std::vector<std::vector<const Export*>> seen(8);
  std::vector<std::thread> threads;
  for (auto& mine : seen)
    threads.emplace_back([&mine, &names, ntdll] {
      for (const char* n : names) mine.push_back(ntdll->find(n));
    });
  for (auto& t : threads) t.join();
  for (const auto& mine : seen) {
    ASSERT_EQ(mine.size(), std::size(names));
    for (size_t i = 0; i < mine.size(); ++i) {
      EXPECT_NE(mine[i], nullptr) << names[i];
      EXPECT_EQ(mine[i], seen[0][i]) << names[i];
    }
  }
}

// NTDLL's C runtime functions are msvcrt.dll's, forwarded: each becomes an export of NTDLL's own
// (its name, the C runtime's convention, a thunk rather than msvcrt.dll's leaf code), made once.
TEST(BuiltinDlls, ForwardedExportsAreTheTargetsFunctions) {
  const Dll* ntdll = find_dll("ntdll.dll");
  const Dll* msvcrt = find_dll("msvcrt.dll");
  ASSERT_NE(ntdll, nullptr);
  ASSERT_NE(msvcrt, nullptr);
  for (const char* name : {"_vsnprintf", "strtol", "_wcsicmp", "strlen", "memcpy"}) {
    SCOPED_TRACE(name);
    const Export* own = ntdll->find(name);
    const Export* target = msvcrt->find(name);
    ASSERT_NE(own, nullptr);
    ASSERT_NE(target, nullptr);
    EXPECT_NE(own, target);
    EXPECT_STREQ(own->name, name);
    EXPECT_EQ(own->call, target->call);
    EXPECT_EQ(own->direct, target->direct);
    EXPECT_EQ(own->stack_bytes, target->stack_bytes);
    EXPECT_TRUE(own->crt_call);
    EXPECT_EQ(own->leaf, nullptr);
    EXPECT_EQ(own->leaf_slow, nullptr);
    EXPECT_EQ(ntdll->find(name), own);  // the same export every time
  }
  // NTDLL's own functions are found as before; a name neither has is not.
  EXPECT_NE(ntdll->find("NtWaitForSingleObject"), nullptr);
  EXPECT_EQ(ntdll->find("printf"), nullptr);  // (msvcrt.dll's, not forwarded)
  EXPECT_EQ(ntdll->find("NoSuchFunction"), nullptr);
  size_t listed = 0;
  for (const Export* e : ntdll->listed_exports())
    if (std::strcmp(e->name, "_vsnprintf") == 0) {
      EXPECT_EQ(e, ntdll->find("_vsnprintf"));
      ++listed;
    }
  EXPECT_EQ(listed, 1u);
}

TEST(BuiltinDlls, NoDllExportsANameTwice) {
  for (const Dll* d : builtin_dlls()) {
    std::set<std::string> seen;
    for (const Export* e : d->listed_exports())
      EXPECT_TRUE(seen.insert(e->name).second) << d->name << " exports " << e->name << " twice";
  }
}

TEST(WinErrors, SystemMessagesAreWindowsOwnTexts) {
  EXPECT_STREQ(win_error_message(2), "The system cannot find the file specified.");
  EXPECT_STREQ(win_error_message(5), "Access is denied.");
  EXPECT_EQ(win_error_message(0x2345678), nullptr);
  for (uint32_t code : {1u, 2u, 3u, 5u, 6u, 8u, 18u, 32u, 80u, 87u, 112u, 122u, 123u, 145u, 183u})
    EXPECT_NE(win_error_message(code), nullptr) << code;  // every code win_error_from_errno gives
}

}  // namespace

// One table reads an NTSTATUS as a Win32 error for ntdll (RtlNtStatusToDosError) and for the
// completions of sockets, pipes and files: every status polyrun's calls end with has its error,
// and the statuses of the native API's failures read back as the errors kernel32 reports.
TEST(WinErrors, NtStatusesReadAsWin32Errors) {
  using namespace polyrun::shims;
  EXPECT_EQ(win_error_from_nt_status(0), 0u);
  EXPECT_EQ(win_error_from_nt_status(0x103), 997u);         // STATUS_PENDING, ERROR_IO_PENDING
  EXPECT_EQ(win_error_from_nt_status(0xc0000236), 1225u);   // STATUS_CONNECTION_REFUSED
  EXPECT_EQ(win_error_from_nt_status(0xc0000120), 995u);    // STATUS_CANCELLED, ERROR_OPERATION_ABORTED
  EXPECT_EQ(win_error_from_nt_status(0xc0000011), 38u);     // STATUS_END_OF_FILE, ERROR_HANDLE_EOF
  EXPECT_EQ(win_error_from_nt_status(0x12345678), 317u);    // ERROR_MR_MID_NOT_FOUND
  for (int err : {ENOENT, ENOTDIR, EEXIST, EACCES, EISDIR, ENOTEMPTY, EBADF, ENOSPC, EPIPE, EINVAL}) {
    SCOPED_TRACE(err);
    EXPECT_NE(win_error_from_nt_status(nt_status_from_errno(err)), 317u);
  }
  EXPECT_EQ(win_error_from_nt_status(nt_status_from_errno(ENOENT)), win_error_from_errno(ENOENT));
  EXPECT_EQ(win_error_from_nt_status(nt_status_from_errno(ENOTDIR)), win_error_from_errno(ENOTDIR));
  EXPECT_EQ(win_error_from_nt_status(nt_status_from_errno(EPIPE)), win_error_from_errno(EPIPE));
}
