// textkit: a few text utilities, the library the runner project tests.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace textkit {

std::vector<std::string> split(std::string_view text, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// A decimal integer with an optional sign, nothing else around it; nullopt otherwise or on overflow.
std::optional<long long> parse_int(std::string_view text);

struct Counts {
  long words = 0;
  long lines = 0;
  std::string longest;
};
Counts count(std::string_view text);
// Throws std::runtime_error naming the file when it cannot be read.
Counts count_file(const std::string& path);

// The sum of values, computed by `threads` std::threads over slices.
int64_t parallel_sum(const std::vector<int64_t>& values, unsigned threads);

// a / b; a zero divisor is a programming error: a message on stderr and abort().
long checked_divide(long a, long b);

}  // namespace textkit
