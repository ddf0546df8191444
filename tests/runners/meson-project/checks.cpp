// One check per argument, for `meson test`: status 0 passes, 77 is a skip, anything else fails.
#include <cstdio>
#include <cstring>
#include <numeric>

#include "textkit.h"

static int fail(const char* what) {
  std::fprintf(stderr, "check failed: %s\n", what);
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) return fail("usage: checks NAME");
  const char* name = argv[1];
  if (!std::strcmp(name, "split")) {
    auto parts = textkit::split("a,,b", ',');
    return parts.size() == 3 && parts[1].empty() && textkit::join(parts, "+") == "a++b" ? 0 : fail("split");
  }
  if (!std::strcmp(name, "parse")) {
    auto v = textkit::parse_int("-9223372036854775808");
    return v && *v < 0 && !textkit::parse_int("12x") ? 0 : fail("parse_int");
  }
  if (!std::strcmp(name, "threads")) {
    std::vector<int64_t> values(50000);
    std::iota(values.begin(), values.end(), 1);
    return textkit::parallel_sum(values, 4) == 1250025000 ? 0 : fail("parallel_sum");
  }
  if (!std::strcmp(name, "file")) {
    auto c = textkit::count_file("data/words.txt");
    return c.words == 12 && c.lines == 3 ? 0 : fail("count_file");
  }
  if (!std::strcmp(name, "skip")) return 77;
  return fail("unknown check");
}
