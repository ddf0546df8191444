// The interface between cxx_dyn and its shared library libcxx_dyn.so.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace dyn {

// Thrown inside the library, caught in the program by this type or by std::runtime_error.
struct ParseError : std::runtime_error {
  ParseError(const std::string& what, int column) : std::runtime_error(what), column(column) {}
  int column;
};

// Implemented in the program, called from the library (a virtual call across the boundary).
struct Visitor {
  virtual ~Visitor() = default;
  virtual void number(long value) = 0;
  virtual void word(const std::string& text) = 0;
};

// Splits text into numbers and words, calling the visitor for each; throws ParseError on a
// character that is neither. Exceptions the visitor throws pass through the library's frames.
void scan(const std::string& text, Visitor& visitor);

// Built by the library's static constructors (the program reads them in its own).
const std::vector<std::string>& library_log();

}  // namespace dyn
