// SET /A: 32-bit signed integer expressions. Precedence, lowest first: the comma, the assignments
// (= *= /= %= += -= &= ^= |= <<= >>=), | ^ &, << >>, + -, * / %, and the unary ! ~ -; numbers in
// decimal, 0x hexadecimal or 0 octal; a name is its variable's value (0 when unset). Quotes are
// ignored. Outside a batch file the last value is written, without a line end.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "programs/cmd/cmd.h"

namespace polyrun::cmd {

namespace {

struct ArithError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Arith {
  std::string s;
  size_t i = 0;

  void skip() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '"')) ++i;
  }
  bool take(const char* op) {
    skip();
    size_t n = std::char_traits<char>::length(op);
    if (s.compare(i, n, op) != 0) return false;
    // "<" must not be "<<", "|" not "|=" and so on.
    if (i + n < s.size() && s[i + n] == '=' && op[n - 1] != '=') return false;
    i += n;
    return true;
  }
  bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '#'; }

  int32_t var(const std::string& name) {
    const std::string* v = get_var(name);
    if (!v) return 0;
    return static_cast<int32_t>(std::strtoll(v->c_str(), nullptr, 0));
  }

  int32_t comma() {
    int32_t v = assign();
    while (take(",")) v = assign();
    return v;
  }

  int32_t assign() {
    skip();
    size_t save = i;
    if (i < s.size() && is_name_start(s[i])) {
      size_t b = i;
      while (i < s.size() && (is_name_start(s[i]) || std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      std::string name = s.substr(b, i - b);
      skip();
      static const char* const kOps[] = {"<<=", ">>=", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "="};
      for (const char* op : kOps) {
        size_t n = std::char_traits<char>::length(op);
        if (s.compare(i, n, op) == 0 && !(n == 1 && i + 1 < s.size() && s[i + 1] == '=')) {
          i += n;
          int32_t rhs = assign();
          int64_t cur = var(name), r = rhs;
          int64_t v;
          std::string o = op;
          if (o == "=") v = r;
          else if (o == "*=") v = cur * r;
          else if (o == "/=" || o == "%=") {
            if (r == 0) throw ArithError("Divide by zero error.");
            v = o == "/=" ? cur / r : cur % r;
          } else if (o == "+=") v = cur + r;
          else if (o == "-=") v = cur - r;
          else if (o == "&=") v = cur & r;
          else if (o == "^=") v = cur ^ r;
          else if (o == "|=") v = cur | r;
          else if (o == "<<=") v = static_cast<int64_t>(static_cast<uint32_t>(cur) << (r & 31));
          else v = static_cast<int32_t>(cur) >> (r & 31);
          int32_t result = static_cast<int32_t>(v);
          std::string text = std::to_string(result);
          set_var(name, &text);
          return result;
        }
      }
    }
    i = save;
    return bit_or();
  }

  int32_t bit_or() {
    int32_t v = bit_xor();
    while (take("|")) v |= bit_xor();
    return v;
  }
  int32_t bit_xor() {
    int32_t v = bit_and();
    while (take("^")) v ^= bit_and();
    return v;
  }
  int32_t bit_and() {
    int32_t v = shift();
    while (take("&")) v &= shift();
    return v;
  }
  int32_t shift() {
    int32_t v = additive();
    for (;;) {
      if (take("<<")) v = static_cast<int32_t>(static_cast<uint32_t>(v) << (additive() & 31));
      else if (take(">>")) v = v >> (additive() & 31);
      else return v;
    }
  }
  int32_t additive() {
    int32_t v = multiplicative();
    for (;;) {
      if (take("+")) v = static_cast<int32_t>(static_cast<int64_t>(v) + multiplicative());
      else if (take("-")) v = static_cast<int32_t>(static_cast<int64_t>(v) - multiplicative());
      else return v;
    }
  }
  int32_t multiplicative() {
    int32_t v = unary();
    for (;;) {
      if (take("*")) {
        v = static_cast<int32_t>(static_cast<int64_t>(v) * unary());
      } else if (take("/") || take("%")) {
        char op = s[i - 1];
        int32_t r = unary();
        if (r == 0) throw ArithError("Divide by zero error.");
        v = op == '/' ? v / r : v % r;
      } else {
        return v;
      }
    }
  }
  int32_t unary() {
    skip();
    if (i < s.size() && s[i] == '!') {
      ++i;
      return unary() == 0 ? 1 : 0;
    }
    if (i < s.size() && s[i] == '~') {
      ++i;
      return ~unary();
    }
    if (i < s.size() && s[i] == '-') {
      ++i;
      return static_cast<int32_t>(-static_cast<int64_t>(unary()));
    }
    if (i < s.size() && s[i] == '+') {
      ++i;
      return unary();
    }
    return primary();
  }
  int32_t primary() {
    skip();
    if (i >= s.size()) throw ArithError("Missing operand.");
    if (s[i] == '(') {
      ++i;
      int32_t v = comma();
      skip();
      if (i >= s.size() || s[i] != ')') throw ArithError("Unbalanced parenthesis.");
      ++i;
      return v;
    }
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      char* end = nullptr;
      long long v = std::strtoll(s.c_str() + i, &end, 0);
      size_t used = static_cast<size_t>(end - (s.c_str() + i));
      if (used == 0) used = 1;
      i += used;
      if (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])))
        throw ArithError("Invalid number.  Numbers are limited to 32-bits of precision.");
      return static_cast<int32_t>(v);
    }
    if (is_name_start(s[i])) {
      size_t b = i;
      while (i < s.size() && (is_name_start(s[i]) || std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      return var(s.substr(b, i - b));
    }
    throw ArithError("Missing operand.");
  }
};

}  // namespace

int set_arithmetic(const std::string& expression) {
  Arith a;
  a.s = expression;
  State& st = state();
  try {
    int32_t v = a.comma();
    a.skip();
    if (a.i < a.s.size()) throw ArithError("Missing operator.");
    if (st.batches.empty()) write_out(std::to_string(v));
    return 0;
  } catch (const ArithError& e) {
    write_err(std::string(e.what()) + "\r\n");
    st.errorlevel = 1073750988;  // (what cmd sets for an expression it cannot evaluate)
    return st.errorlevel;
  }
}

}  // namespace polyrun::cmd
