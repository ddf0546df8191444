#include "textkit.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace textkit {

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = text.find(sep, start);
    out.emplace_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::optional<long long> parse_int(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  size_t i = 0;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return std::nullopt;
  unsigned long long value = 0;
  const unsigned long long limit =
      negative ? 1ull + static_cast<unsigned long long>(std::numeric_limits<long long>::max())
               : static_cast<unsigned long long>(std::numeric_limits<long long>::max());
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    unsigned digit = text[i] - '0';
    if (value > (limit - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (negative) return value == limit ? std::numeric_limits<long long>::min() : -static_cast<long long>(value);
  return static_cast<long long>(value);
}

Counts count(std::string_view text) {
  Counts c;
  std::string word;
  auto end_word = [&] {
    if (word.empty()) return;
    ++c.words;
    if (word.size() > c.longest.size()) c.longest = word;
    word.clear();
  };
  for (char ch : text) {
    if (ch == '\n') ++c.lines;
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r')
      end_word();
    else
      word += ch;
  }
  end_word();
  return c;
}

Counts count_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return count(s.str());
}

int64_t parallel_sum(const std::vector<int64_t>& values, unsigned threads) {
  if (threads == 0) threads = 1;
  std::vector<int64_t> partial(threads, 0);
  std::vector<std::thread> workers;
  const size_t slice = (values.size() + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const size_t from = t * slice, to = std::min(values.size(), from + slice);
      for (size_t i = from; i < to; ++i) partial[t] += values[i];
    });
  }
  for (auto& w : workers) w.join();
  int64_t sum = 0;
  for (int64_t p : partial) sum += p;
  return sum;
}

long checked_divide(long a, long b) {
  if (b == 0) {
    std::fprintf(stderr, "checked_divide: division by zero (%ld / 0)\n", a);
    std::abort();
  }
  return a / b;
}

}  // namespace textkit
