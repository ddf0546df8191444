// libcxx_dyn.so for the cxx_dyn sample: throws its own exception type, calls back into the
// program through a virtual call, and runs static constructors before the program's.
#include <cctype>
#include <string>
#include <vector>

#include "cxx_dyn.h"

namespace dyn {

std::vector<std::string>& log_storage() {
  static std::vector<std::string> log;
  return log;
}

const std::vector<std::string>& library_log() { return log_storage(); }

namespace {
struct Registrar {
  explicit Registrar(const char* what) { log_storage().push_back(what); }
};
Registrar first("library constructor 1");
Registrar second("library constructor 2");
}  // namespace

void scan(const std::string& text, Visitor& visitor) {
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ') {
      ++i;
    } else if (std::isdigit(c)) {
      std::size_t used = 0;
      long v = std::stol(text.substr(i), &used);  // std::out_of_range from libstdc++ passes through
      visitor.number(v);
      i += used;
    } else if (std::isalpha(c)) {
      std::size_t j = i;
      while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
      visitor.word(text.substr(i, j - i));
      i = j;
    } else {
      throw ParseError(std::string("unexpected '") + text[i] + "'", static_cast<int>(i));
    }
  }
}

}  // namespace dyn
