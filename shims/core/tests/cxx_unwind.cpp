// C++ exceptions leaving frames that have destructors to run: each frame's cleanup runs (a landing
// pad that resumes the unwind) before the catch that matches the exception's type is entered.
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>

static int destroyed;
struct Guard {
  int id;
  explicit Guard(int i) : id(i) {}
  ~Guard() {
    ++destroyed;
    std::printf("  ~Guard %d\n", id);
  }
};

__attribute__((noinline)) static void deep(int level) {
  Guard g(level);
  if (level == 0) throw std::runtime_error("from the bottom");
  deep(level - 1);
  std::printf("not reached %d\n", level);
}

__attribute__((noinline)) static void open_missing(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
}

__attribute__((noinline)) static void rethrower() {
  Guard g(100);
  try {
    deep(1);
  } catch (const std::exception& e) {
    std::printf("  rethrowing '%s'\n", e.what());
    throw;
  }
}

int main() {
  try {
    deep(3);
  } catch (const std::logic_error&) {
    std::printf("wrong handler\n");
  } catch (const std::runtime_error& e) {
    std::printf("caught runtime_error '%s' after %d destructors\n", e.what(), destroyed);
  } catch (...) {
    std::printf("caught something else\n");
  }
  try {
    open_missing("no-such-file.txt");
  } catch (const std::runtime_error& e) {
    std::printf("caught runtime_error '%s'\n", e.what());
  } catch (...) {
    std::printf("caught something else\n");
  }
  destroyed = 0;
  try {
    rethrower();
  } catch (const std::exception& e) {
    std::printf("caught again '%s' after %d destructors\n", e.what(), destroyed);
  }
  std::exception_ptr saved;
  try {
    std::function<void()> f = [] { Guard g(7); throw std::out_of_range("through std::function"); };
    f();
  } catch (...) {
    saved = std::current_exception();
  }
  try {
    std::rethrow_exception(saved);
  } catch (const std::out_of_range& e) {
    std::printf("rethrown exception_ptr: out_of_range '%s'\n", e.what());
  }
  try {
    try {
      deep(0);
    } catch (const std::runtime_error&) {
      Guard inner(50);
      throw std::invalid_argument("thrown from a catch block");
    }
  } catch (const std::invalid_argument& e) {
    std::printf("nested: invalid_argument '%s'\n", e.what());
  }
  return 0;
}
