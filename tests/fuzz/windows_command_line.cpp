// Windows command lines as polyrun's processes build and split them (shims/core/command_line.cpp:
// CreateProcess's line from an argv, and the Microsoft C runtime's rules for splitting one): a
// line split and joined again splits the same, and an argv joined splits back into itself.
#include "shims/core/command_line.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  if (line.find('\0') != std::string::npos) return 0;  // a command line is a C string
  std::vector<std::string> argv = shims::split_command_line(line);
  std::string joined = shims::windows_command_line(argv);
  std::vector<std::string> again = shims::split_command_line(joined);
  POLYRUN_FUZZ_CHECK(again == argv, "\"%s\" split into %zu arguments, joined as \"%s\" into %zu", line.c_str(),
                     argv.size(), joined.c_str(), again.size());
  // The input as an argv of its own: its lines are arguments.
  std::vector<std::string> args;
  for (size_t start = 0; start <= line.size();) {
    size_t end = line.find('\n', start);
    if (end == std::string::npos) end = line.size();
    args.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  std::vector<std::string> back = shims::split_command_line(shims::windows_command_line(args));
  POLYRUN_FUZZ_CHECK(back == args, "an argv of %zu arguments came back as %zu", args.size(), back.size());
  return 0;
}
