// cmd's second phase: a line, after its %-expansion, into commands. & runs in turn, && on success,
// || on failure, | pipes; ( ) groups commands over several lines of a batch file (a newline inside
// them separates like &); ^ takes the next character as it is (at the end of a line, it joins the
// next one); quotes make everything up to the next quote plain text. IF and FOR take the rest of
// the line (or a parenthesised block, which IF's ELSE may follow); REM takes the rest of the line.
#include <cctype>
#include <cstring>

#include "programs/cmd/cmd.h"

namespace polyrun::cmd {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r'; }

struct Parser {
  std::string s;
  size_t i = 0;
  int depth = 0;
  bool (*more)(std::string&, void*) = nullptr;
  void* ctx = nullptr;
  bool error = false;

  // Whether the text has ended; inside parentheses another line of the batch file is read.
  bool at_end() {
    if (i < s.size()) return false;
    if (depth > 0 && more) {
      std::string next;
      if (more(next, ctx)) {
        s += "\n" + next;
        return false;
      }
    }
    return true;
  }
  char peek() { return at_end() ? '\0' : s[i]; }
  void skip_blanks() {
    while (!at_end() && blank(s[i])) ++i;
  }
  // The next word (up to a blank or a special character), without consuming it.
  std::string peek_word() {
    size_t j = i;
    std::string w;
    while (j < s.size() && !blank(s[j]) && !std::strchr("&|<>()\n", s[j])) w += s[j++];
    return w;
  }
  bool keyword(const char* k) {
    std::string w = peek_word();
    return lower(w) == k;
  }

  NodePtr join(Node::Kind k, NodePtr a, NodePtr b) {
    auto n = std::make_shared<Node>();
    n->kind = k;
    n->left = std::move(a);
    n->right = std::move(b);
    return n;
  }

  NodePtr sequence() {
    NodePtr left = and_or();
    for (;;) {
      skip_blanks();
      if (error || at_end()) break;
      char c = s[i];
      if (c == '&' && !(i + 1 < s.size() && s[i + 1] == '&')) {
        ++i;
      } else if (c == '\n' && depth > 0) {
        ++i;
      } else {
        break;
      }
      NodePtr right = and_or();
      if (!left) left = right;
      else if (right) left = join(Node::Kind::Sequence, left, right);
    }
    return left;
  }

  NodePtr and_or() {
    NodePtr left = pipeline();
    for (;;) {
      skip_blanks();
      if (error || at_end() || i + 1 >= s.size()) break;
      bool both_and = s[i] == '&' && s[i + 1] == '&', both_or = s[i] == '|' && s[i + 1] == '|';
      if (!both_and && !both_or) break;
      i += 2;
      NodePtr right = pipeline();
      if (!left || !right) {
        error = true;
        return nullptr;
      }
      left = join(both_and ? Node::Kind::And : Node::Kind::Or, left, right);
    }
    return left;
  }

  NodePtr pipeline() {
    NodePtr left = command();
    for (;;) {
      skip_blanks();
      if (error || at_end()) break;
      if (s[i] != '|' || (i + 1 < s.size() && s[i + 1] == '|')) break;
      ++i;
      NodePtr right = command();
      if (!left || !right) {
        error = true;
        return nullptr;
      }
      left = join(Node::Kind::Pipe, left, right);
    }
    return left;
  }

  // A redirection at s[i] ('<' or '>'); `text` loses a descriptor digit standing before it.
  bool redirection(std::string& text, std::vector<Redirection>& out) {
    Redirection r;
    r.fd = s[i] == '<' ? 0 : 1;
    if (!text.empty() && std::isdigit(static_cast<unsigned char>(text.back())) &&
        (text.size() == 1 || blank(text[text.size() - 2]))) {
      r.fd = text.back() - '0';
      text.pop_back();
    }
    bool input = s[i] == '<';
    ++i;
    if (!input && i < s.size() && s[i] == '>') {
      r.append = true;
      ++i;
    }
    if (i < s.size() && s[i] == '&' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      r.to_fd = s[i + 1] - '0';
      i += 2;
      out.push_back(r);
      return true;
    }
    while (i < s.size() && blank(s[i])) ++i;
    bool q = false;
    while (i < s.size() && (q || (!blank(s[i]) && !std::strchr("&|<>()\n", s[i])))) {
      if (s[i] == '"') q = !q;
      if (s[i] == '^' && !q && i + 1 < s.size()) ++i;
      r.target += s[i++];
    }
    if (r.target.empty()) return false;
    out.push_back(r);
    return true;
  }

  // Redirections after a block.
  bool trailing_redirections(std::vector<Redirection>& out) {
    for (;;) {
      skip_blanks();
      if (at_end()) return true;
      std::string none;
      if (s[i] == '<' || s[i] == '>') {
        if (!redirection(none, out)) return false;
      } else if (std::isdigit(static_cast<unsigned char>(s[i])) && i + 1 < s.size() && (s[i + 1] == '>' || s[i + 1] == '<')) {
        none = s.substr(i, 1);
        ++i;
        if (!redirection(none, out)) return false;
      } else {
        return true;
      }
    }
  }

  NodePtr command() {
    bool quiet = false;
    for (;;) {
      skip_blanks();
      if (at_end()) return nullptr;
      if (s[i] == '@') {
        quiet = true;
        ++i;
      } else if (s[i] == '\n' && depth > 0) {
        ++i;
      } else {
        break;
      }
    }
    char c = s[i];
    if (c == ')' && depth > 0) return nullptr;
    if (c == '&' || c == '|') return nullptr;
    NodePtr n;
    if (c == '(') {
      ++i;
      ++depth;
      n = std::make_shared<Node>();
      n->kind = Node::Kind::Block;
      n->left = sequence();
      if (error) return nullptr;
      skip_blanks();
      while (!at_end() && s[i] == '\n') {
        ++i;
        skip_blanks();
      }
      if (at_end() || s[i] != ')') {
        error = true;
        return nullptr;
      }
      ++i;
      --depth;
      if (!trailing_redirections(n->redirections)) {
        error = true;
        return nullptr;
      }
    } else if (keyword("if")) {
      n = if_command();
    } else if (keyword("for")) {
      n = for_command();
    } else if (keyword("rem") || (s.compare(i, 2, "::") == 0)) {
      n = std::make_shared<Node>();
      size_t end = s.find('\n', i);
      if (end == std::string::npos) end = s.size();
      n->text = s.substr(i, end - i);
      i = end;
    } else {
      n = simple();
    }
    if (n) n->quiet = quiet;
    return n;
  }

  NodePtr simple() {
    auto n = std::make_shared<Node>();
    std::string& text = n->text;
    bool q = false;
    while (!at_end()) {
      char c = s[i];
      if (c == '\n') break;
      if (c == '"') {
        q = !q;
        text += c;
        ++i;
        continue;
      }
      if (q) {
        text += c;
        ++i;
        continue;
      }
      if (c == '^') {
        ++i;
        if (i >= s.size()) {
          // At the end of the line: the next line joins this one.
          std::string next;
          if (more && more(next, ctx)) s += next;
          continue;
        }
        if (s[i] == '\n') {
          ++i;
          if (i < s.size()) text += s[i++];
          continue;
        }
        text += s[i++];
        continue;
      }
      if (c == '&' || c == '|' || (c == ')' && depth > 0)) break;
      if (c == '<' || c == '>') {
        if (!redirection(text, n->redirections)) {
          error = true;
          return nullptr;
        }
        continue;
      }
      text += c;
      ++i;
    }
    // (trailing blanks stay: ECHO writes them)
    if (text.find_first_not_of(" \t\r") == std::string::npos && n->redirections.empty()) return nullptr;
    return n;
  }

  // A word of a condition: quoted parts kept, up to a blank (or "==" when `stop_eq`).
  std::string condition_word(bool stop_eq) {
    skip_blanks();
    std::string w;
    bool q = false;
    while (!at_end()) {
      char c = s[i];
      if (c == '\n') break;
      if (c == '"') q = !q;
      if (!q && (blank(c) || (stop_eq && c == '=' && i + 1 < s.size() && s[i + 1] == '='))) break;
      if (!q && c == '^' && i + 1 < s.size()) {
        ++i;
        w += s[i++];
        continue;
      }
      if (!q && (c == '&' || c == '|' || c == '(' || c == ')') && !w.empty() && c != '(') break;
      w += c;
      ++i;
    }
    return w;
  }

  // The command IF, FOR's DO or ELSE runs: the rest of the line (a block, and what & && || join
  // to it, so that `if 1==2 (echo a) & echo b` runs neither). ELSE may follow only a block.
  NodePtr body(bool& was_block) {
    skip_blanks();
    was_block = !at_end() && s[i] == '(';
    if (!was_block) return sequence();
    NodePtr block = command();
    skip_blanks();
    if (error || at_end() || keyword("else")) return block;
    was_block = false;
    NodePtr rest = block;
    for (;;) {
      skip_blanks();
      if (error || at_end()) break;
      bool both = i + 1 < s.size() && s[i + 1] == s[i];
      if (s[i] == '&' && !both) {
        ++i;
        NodePtr right = sequence();
        if (right) rest = join(Node::Kind::Sequence, rest, right);
      } else if ((s[i] == '&' || s[i] == '|') && both) {
        Node::Kind k = s[i] == '&' ? Node::Kind::And : Node::Kind::Or;
        i += 2;
        NodePtr right = pipeline();
        if (!right) {
          error = true;
          return nullptr;
        }
        rest = join(k, rest, right);
      } else {
        break;
      }
    }
    return rest;
  }

  NodePtr if_command() {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::If;
    i += 2;
    for (;;) {
      skip_blanks();
      std::string w = lower(peek_word());
      if (w == "/i") {
        n->if_icase = true;
        i += 2;
      } else if (w == "not") {
        n->if_not = true;
        i += 3;
      } else {
        break;
      }
    }
    std::string w = lower(peek_word());
    if (w == "exist" || w == "defined" || w == "errorlevel" || w == "cmdextversion") {
      i += w.size();
      n->condition = {w, condition_word(false)};
    } else {
      std::string a = condition_word(true);
      skip_blanks();
      std::string op;
      if (s.compare(i, 2, "==") == 0) {
        i += 2;
        while (i < s.size() && s[i] == '=') ++i;
        op = "==";
      } else {
        op = lower(condition_word(false));
        static const char* const kOps[] = {"equ", "neq", "lss", "leq", "gtr", "geq"};
        bool known = false;
        for (const char* k : kOps) known |= op == k;
        if (!known) {
          error = true;
          return nullptr;
        }
      }
      std::string b = condition_word(false);
      n->condition = {a, op, b};
    }
    if (n->condition.back().empty()) {
      error = true;
      return nullptr;
    }
    bool block = false;
    n->left = body(block);
    if (!n->left || error) {
      error = true;
      return nullptr;
    }
    if (block) {
      // ELSE after the block, on the line of its closing parenthesis.
      size_t save = i;
      skip_blanks();
      if (keyword("else")) {
        i += 4;
        bool b2 = false;
        n->right = body(b2);
        if (!n->right || error) {
          error = true;
          return nullptr;
        }
      } else {
        i = save;
      }
    }
    return n;
  }

  NodePtr for_command() {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::For;
    i += 3;
    skip_blanks();
    std::string w = lower(peek_word());
    if (w == "/d" || w == "/l" || w == "/r" || w == "/f") {
      n->for_switch = w;
      i += 2;
      skip_blanks();
      if (w == "/f" && peek() != '%') {
        n->for_options = unquote(condition_word(false));
      } else if (w == "/r" && peek() != '%') {
        n->for_root = unquote(condition_word(false));
      }
      skip_blanks();
    }
    if (peek() != '%' || i + 1 >= s.size()) {
      error = true;
      return nullptr;
    }
    n->for_var = s[i + 1];
    i += 2;
    skip_blanks();
    if (!keyword("in")) {
      error = true;
      return nullptr;
    }
    i += 2;
    skip_blanks();
    if (peek() != '(') {
      error = true;
      return nullptr;
    }
    ++i;
    int level = 1;
    bool q = false;
    std::string set;
    while (true) {
      if (i >= s.size()) {
        std::string next;
        if (!(more && more(next, ctx))) {
          error = true;
          return nullptr;
        }
        s += "\n" + next;
      }
      char c = s[i++];
      if (c == '"') q = !q;
      if (!q && c == '(') ++level;
      if (!q && c == ')' && --level == 0) break;
      if (c == '\n') c = ' ';
      set += c;
    }
    n->for_set = set;
    skip_blanks();
    if (!keyword("do")) {
      error = true;
      return nullptr;
    }
    i += 2;
    // DO's command: a block (what & joins after it follows the loop), or the rest of the line.
    skip_blanks();
    n->left = !at_end() && s[i] == '(' ? command() : sequence();
    if (!n->left || error) {
      error = true;
      return nullptr;
    }
    return n;
  }
};

}  // namespace

NodePtr parse_line(std::string text, bool (*more)(std::string&, void*), void* ctx, bool& error) {
  Parser p;
  p.s = std::move(text);
  p.more = more;
  p.ctx = ctx;
  NodePtr n = p.sequence();
  // (what is left, a closing parenthesis with none open, is ignored as cmd ignores it)
  error = p.error;
  if (error) {
    write_err("The syntax of the command is incorrect.\r\n");
    return nullptr;
  }
  return n;
}

}  // namespace polyrun::cmd
