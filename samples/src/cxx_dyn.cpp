// C++ linked dynamically against libstdc++.so.6 and a library of its own (libcxx_dyn.so, found
// through the run path $ORIGIN): static constructors in both, a virtual call into the program
// from the library, exceptions thrown in one object and caught in another (the library's own
// type, libstdc++'s, and the program's passing through the library's frames), iostream,
// std::string and std::map.
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cxx_dyn.h"

namespace {

std::vector<std::string> program_log;

struct Startup {
  Startup() {
    // The library's constructors have run already: it is initialised before the program.
    for (const auto& line : dyn::library_log()) program_log.push_back("seen " + line);
    program_log.push_back("program constructor");
  }
} startup;

struct Counter : dyn::Visitor {
  std::map<std::string, int> words;
  long total = 0;
  void number(long value) override {
    if (value == 13) throw std::domain_error("unlucky number");
    total += value;
  }
  void word(const std::string& text) override { ++words[text]; }
};

void scan_and_report(const std::string& text) {
  Counter c;
  std::cout << "scan \"" << text << "\": ";
  try {
    dyn::scan(text, c);
    std::cout << "total " << c.total;
    for (const auto& [w, n] : c.words) std::cout << ' ' << w << '=' << n;
    std::cout << '\n';
  } catch (const dyn::ParseError& e) {
    std::cout << "ParseError at column " << e.column << ": " << e.what() << '\n';
  } catch (const std::domain_error& e) {
    std::cout << "domain_error from the program through the library: " << e.what() << '\n';
  } catch (const std::out_of_range&) {
    std::cout << "out_of_range from libstdc++ through the library\n";
  }
}

// A stream buffer whose overflow throws: libstdc++'s ostream code (in libstdc++.so) catches it,
// sets badbit and, since badbit is in exceptions(), rethrows it to the program.
struct FailingBuf : std::streambuf {
  int_type overflow(int_type) override { throw std::runtime_error("device full"); }
};

}  // namespace

int main() {
  for (const auto& line : program_log) std::cout << line << '\n';

  scan_and_report("apples 3 pears 4 apples 10");
  scan_and_report("one 2 three ; four");
  scan_and_report("12 13 14");
  scan_and_report("99999999999999999999999 bottles");

  try {
    std::vector<int> v(3);
    std::cout << v.at(7) << '\n';
  } catch (const std::out_of_range&) {
    std::cout << "vector::at threw out_of_range\n";
  }
  try {
    throw dyn::ParseError("thrown by the program", 5);
  } catch (const std::runtime_error& e) {
    std::cout << "caught as runtime_error: " << e.what() << '\n';
  }

  FailingBuf buf;
  std::ostream out(&buf);
  out.exceptions(std::ios::badbit);
  try {
    out << "some text" << std::flush;
    std::cout << "no exception\n";
  } catch (const std::runtime_error& e) {
    std::cout << "ostream rethrew: " << e.what() << ", bad=" << out.bad() << '\n';
  }

  std::ostringstream os;
  os << std::hex << 48879 << ' ' << std::string(3, 'x') << ' ' << 2.5;
  std::cout << os.str() << '\n';
  return 0;
}
