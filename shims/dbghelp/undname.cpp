// UnDecorateSymbolName's undecorator: MSVC's C++ name decoration read back into a declaration.
//
// A decorated name is "?" then the name (an identifier, a special name "?0" constructor, "?1"
// destructor, "?2" operator new … or a template "?$name@args@") and its scopes, innermost first,
// each ended by "@", the list by another; then what it is: a function (its access and kind — "Q"
// public member, "S" public static, "U" public virtual, "Y" global …; for a member its this
// qualifiers, "E" __ptr64 first; the calling convention; the return type, "@" for none; the
// arguments, "X" for void, ended by "@" or "Z" for "..."; the throw specification "Z"), or a
// variable ("0"-"2" static members, "3" global: its type and its storage's qualifiers). Types:
// letters for the built-in ones (H int, D char, N double, _N bool, _J __int64 …), P/Q/R/S pointers
// and A/B references (then E for __ptr64, then the pointee's qualifiers A-D), V/U/T/W4 class,
// struct, union and enum names; digits 0-9 refer back to names and to argument types seen before.
#include <string>
#include <vector>

#include "shims/dbghelp/dbghelp.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kNoLeadingUnderscores = 0x1, kNoMsKeywords = 0x2, kNoFunctionReturns = 0x4, kNoMsThisType = 0x20,
                   kNoCvThisType = 0x40, kNoAccessSpecifiers = 0x80, kNoMemberType = 0x200, kNameOnly = 0x1000,
                   kNoArguments = 0x2000, kNoPtr64 = 0x20000;

struct Fail {};

class Undecorator {
 public:
  Undecorator(const std::string& s, uint32_t flags) : s_(s), flags_(flags) {}

  std::string run() {
    expect('?');
    std::string name = qualified_name();
    if (flags_ & kNameOnly) return name;
    if (at_end()) return name;
    const char kind = next();
    if (kind >= '0' && kind <= '4') return variable(kind, name);
    return function(kind, name);
  }

 private:
  const std::string& s_;
  uint32_t flags_;
  size_t i_ = 0;
  std::vector<std::string> names_, args_;

  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  char next() {
    if (at_end()) throw Fail{};
    return s_[i_++];
  }
  void expect(char c) {
    if (next() != c) throw Fail{};
  }
  bool keywords() const { return !(flags_ & kNoMsKeywords); }
  std::string ptr64() const { return keywords() && !(flags_ & kNoPtr64) ? " __ptr64" : ""; }

  // An identifier up to "@", remembered for back references.
  std::string identifier() {
    std::string id;
    while (peek() != '@') id += next();
    expect('@');
    if (id.empty()) throw Fail{};
    names_.push_back(id);
    return id;
  }
  // One name fragment: a back reference, a template name, or an identifier.
  std::string fragment() {
    const char c = peek();
    if (c >= '0' && c <= '9') {
      ++i_;
      const size_t n = static_cast<size_t>(c - '0');
      if (n >= names_.size()) throw Fail{};
      return names_[n];
    }
    if (c == '?') {
      ++i_;
      if (peek() == '$') {
        ++i_;
        std::string t = template_name();
        names_.push_back(t);
        return t;
      }
      if (peek() == '?') {  // a nested decorated name as a scope (a function's local)
        std::string inner;
        const size_t start = i_;
        while (!at_end() && !(s_[i_] == '@' && i_ + 1 < s_.size() && s_[i_ + 1] == '@')) ++i_;
        inner = "`" + s_.substr(start, i_ - start) + "'";
        i_ += 2;
        return inner;
      }
      // "?N" a numbered anonymous scope: `N'
      std::string n = number_text();
      return "`" + n + "'";
    }
    return identifier();
  }
  // "?$name@args@": name<args>.
  std::string template_name() {
    std::vector<std::string> saved_names;
    saved_names.swap(names_);
    std::vector<std::string> saved_args;
    saved_args.swap(args_);
    std::string name = special_or_identifier();
    std::string list;
    while (peek() != '@') {
      if (!list.empty()) list += ",";
      list += template_argument();
    }
    expect('@');
    names_.swap(saved_names);
    args_.swap(saved_args);
    if (!list.empty() && list.back() == '>') list += " ";
    return name + "<" + list + ">";
  }
  std::string template_argument() {
    if (peek() == '$' && i_ + 1 < s_.size() && s_[i_ + 1] == '0') {
      i_ += 2;
      return signed_number();
    }
    return argument_type();
  }
  std::string special_or_identifier() {
    if (peek() == '?') {
      ++i_;
      return special_name(nullptr);
    }
    return identifier();
  }
  // A number: "0"-"9" are 1-10; else hex digits "A"-"P" up to "@"; "?" before it negates.
  std::string signed_number() {
    bool negative = false;
    if (peek() == '?') {
      ++i_;
      negative = true;
    }
    uint64_t v = number();
    return (negative ? "-" : "") + std::to_string(v);
  }
  uint64_t number() {
    const char c = next();
    if (c >= '0' && c <= '9') return static_cast<uint64_t>(c - '0') + 1;
    uint64_t v = 0;
    for (char d = c; d != '@'; d = next()) {
      if (d < 'A' || d > 'P') throw Fail{};
      v = v * 16 + static_cast<uint64_t>(d - 'A');
    }
    return v;
  }
  std::string number_text() { return std::to_string(number()); }

  // The operator and special names after "?": `conversion` receives a conversion operator's flag.
  std::string special_name(bool* conversion) {
    static const char* const kPlain[] = {nullptr,     nullptr,     "operator new", "operator delete", "operator=",
                                         "operator>>", "operator<<", "operator!",    "operator==",      "operator!="};
    static const char* const kLetters[] = {"operator[]", nullptr,      "operator->", "operator*",  "operator++",
                                           "operator--", "operator-",  "operator+",  "operator&",  "operator->*",
                                           "operator/",  "operator%",  "operator<",  "operator<=", "operator>",
                                           "operator>=", "operator,",  "operator()", "operator~",  "operator^",
                                           "operator|",  "operator&&", "operator||", "operator*=", "operator+=",
                                           "operator-="};
    static const char* const kUnderscore[] = {"operator/=",  "operator%=",  "operator>>=", "operator<<=",
                                              "operator&=",  "operator|=",  "operator^=",  "`vftable'",
                                              "`vbtable'",   "`vcall'",     "`typeof'",    "`local static guard'",
                                              "`string'",    "`vbase destructor'", "`vector deleting destructor'",
                                              "`default constructor closure'", "`scalar deleting destructor'",
                                              "`vector constructor iterator'", "`vector destructor iterator'",
                                              "`vector vbase constructor iterator'", "`virtual displacement map'",
                                              "`eh vector constructor iterator'", "`eh vector destructor iterator'",
                                              "`eh vector vbase constructor iterator'", "`copy constructor closure'"};
    const char c = next();
    if (c >= '0' && c <= '9') {
      if (c == '0' || c == '1') return c == '0' ? "\x01" : "\x02";  // constructor / destructor: the class's name
      return kPlain[c - '0'];
    }
    if (c >= 'A' && c <= 'Z') {
      if (c == 'B') {
        if (conversion) *conversion = true;
        return "operator ";
      }
      return kLetters[c - 'A'];
    }
    if (c == '_') {
      const char d = next();
      if (d >= '0' && d <= '9') return kUnderscore[d - '0'];
      if (d >= 'A' && d <= 'O') return kUnderscore[10 + (d - 'A')];
      if (d == 'U') return "operator new[]";
      if (d == 'V') return "operator delete[]";
    }
    throw Fail{};
  }

  // The qualified name: the name, then its scopes up to "@", written outermost first.
  bool conversion_ = false;
  std::string qualified_name() {
    std::string first;
    bool special = false;
    if (peek() == '?') {
      ++i_;
      if (peek() == '$') {
        ++i_;
        first = template_name();
        names_.push_back(first);
      } else {
        first = special_name(&conversion_);
        special = true;
      }
    } else {
      first = identifier();
    }
    std::vector<std::string> scopes;
    while (peek() != '@') scopes.push_back(fragment());
    expect('@');
    std::string out;
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) out += *it + "::";
    if (special && (first == "\x01" || first == "\x02")) {
      const std::string cls = scopes.empty() ? std::string() : scopes.front();
      first = (first == "\x02" ? "~" : "") + cls;
    }
    return out + first;
  }

  // The cv-qualifiers a letter A-D stands for.
  static std::string cv(char c) {
    switch (c) {
      case 'A': return "";
      case 'B': return "const";
      case 'C': return "volatile";
      case 'D': return "const volatile";
      default: throw Fail{};
    }
  }

  std::string calling_convention() {
    const char c = next();
    std::string n;
    switch (c) {
      case 'A': case 'B': n = "__cdecl"; break;
      case 'C': case 'D': n = "__pascal"; break;
      case 'E': case 'F': n = "__thiscall"; break;
      case 'G': case 'H': n = "__stdcall"; break;
      case 'I': case 'J': n = "__fastcall"; break;
      case 'Q': n = "__vectorcall"; break;
      default: throw Fail{};
    }
    return keywords() ? n : "";
  }

  // A type: its text before the declarator, and what goes after (for function pointers: none).
  std::string type(bool argument) {
    const size_t start = i_;
    const char c = next();
    std::string t;
    switch (c) {
      case 'C': t = "signed char"; break;
      case 'D': t = "char"; break;
      case 'E': t = "unsigned char"; break;
      case 'F': t = "short"; break;
      case 'G': t = "unsigned short"; break;
      case 'H': t = "int"; break;
      case 'I': t = "unsigned int"; break;
      case 'J': t = "long"; break;
      case 'K': t = "unsigned long"; break;
      case 'M': t = "float"; break;
      case 'N': t = "double"; break;
      case 'O': t = "long double"; break;
      case 'X': t = "void"; break;
      case '_': {
        const char d = next();
        switch (d) {
          case 'D': t = "__int8"; break;
          case 'E': t = "unsigned __int8"; break;
          case 'F': t = "__int16"; break;
          case 'G': t = "unsigned __int16"; break;
          case 'H': t = "__int32"; break;
          case 'I': t = "unsigned __int32"; break;
          case 'J': t = "__int64"; break;
          case 'K': t = "unsigned __int64"; break;
          case 'N': t = "bool"; break;
          case 'W': t = "wchar_t"; break;
          case 'S': t = "char16_t"; break;
          case 'U': t = "char32_t"; break;
          default: throw Fail{};
        }
        break;
      }
      case 'T': t = "union " + class_name(); break;
      case 'U': t = "struct " + class_name(); break;
      case 'V': t = "class " + class_name(); break;
      case 'W': {
        if (next() != '4') throw Fail{};
        t = "enum " + class_name();
        break;
      }
      case 'P': case 'Q': case 'R': case 'S': case 'A': case 'B': {
        const bool reference = c == 'A' || c == 'B';
        const std::string self_cv = reference ? (c == 'B' ? "volatile" : "") : cv(static_cast<char>('A' + (c - 'P')));
        std::string p64;
        if (peek() == 'E') {
          ++i_;
          p64 = ptr64();
        }
        const std::string pointee_cv = cv(next());
        std::string pointee;
        if (peek() == '6') {  // a pointer to a function
          ++i_;
          const std::string conv = calling_convention();
          const std::string ret = return_type();
          const std::string args = argument_list();
          pointee = ret + " (" + conv + (conv.empty() ? "" : " ") + (reference ? "&" : "*") + p64 + ")(" + args + ")";
          t = pointee;
          break;
        }
        pointee = type(false);
        if (!pointee_cv.empty()) pointee += " " + pointee_cv;
        t = pointee + " " + (reference ? "&" : "*") + p64;
        if (!self_cv.empty()) t += " " + self_cv;
        break;
      }
      case '$': {
        if (next() != '$') throw Fail{};
        const char d = next();
        if (d == 'Q' || d == 'R') {  // rvalue reference (R: volatile)
          std::string p64;
          if (peek() == 'E') {
            ++i_;
            p64 = ptr64();
          }
          const std::string pointee_cv = cv(next());
          std::string pointee = type(false);
          if (!pointee_cv.empty()) pointee += " " + pointee_cv;
          t = pointee + " &&" + p64;
          break;
        }
        if (d == 'T') {
          t = "std::nullptr_t";
          break;
        }
        if (d == 'A' || d == 'B' || d == 'C') {  // a function type, or a type with qualifiers
          if (d == 'C') {
            const std::string q = cv(next());
            t = type(false);
            if (!q.empty()) t += " " + q;
          } else {
            t = type(false);
          }
          break;
        }
        throw Fail{};
      }
      case '?': {  // a qualified (return or template) type: ?A…, ?B const …
        const std::string q = cv(next());
        t = type(argument);
        if (!q.empty()) t += " " + q;
        return t;
      }
      default:
        throw Fail{};
    }
    // Types longer than one letter can be referred back to in an argument list.
    if (argument && i_ - start > 1 && args_.size() < 10) args_.push_back(t);
    return t;
  }
  std::string class_name() {
    std::string first = fragment();
    std::vector<std::string> scopes;
    while (peek() != '@') scopes.push_back(fragment());
    expect('@');
    std::string out;
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) out += *it + "::";
    return out + first;
  }
  std::string argument_type() {
    const char c = peek();
    if (c >= '0' && c <= '9') {
      ++i_;
      const size_t n = static_cast<size_t>(c - '0');
      if (n >= args_.size()) throw Fail{};
      return args_[n];
    }
    return type(true);
  }
  std::string return_type() {
    if (peek() == '@') {
      ++i_;
      return "";
    }
    return type(false);
  }
  // The arguments: "X" void; else types up to "@", or "Z" (then "...").
  std::string argument_list() {
    if (peek() == 'X') {
      ++i_;
      return "void";
    }
    std::string out;
    while (true) {
      const char c = peek();
      if (c == '@') {
        ++i_;
        break;
      }
      if (c == 'Z') {
        ++i_;
        out += out.empty() ? "..." : ",...";
        break;
      }
      if (at_end()) throw Fail{};
      if (!out.empty()) out += ",";
      out += argument_type();
    }
    return out;
  }

  std::string function(char kind, const std::string& name) {
    std::string access, member;
    bool is_member = false;
    if (kind == 'Y' || kind == 'Z') {
      // a global function
    } else if (kind >= 'A' && kind <= 'X') {
      const int k = kind - 'A';
      const int group = k / 8, within = k % 8;  // private, protected, public; then the kind
      static const char* const kAccess[] = {"private: ", "protected: ", "public: "};
      if (group > 2) throw Fail{};
      access = kAccess[group];
      switch (within / 2) {
        case 0: is_member = true; break;                       // A/B: member
        case 1: member = "static "; break;                     // C/D: static
        case 2: member = "virtual "; is_member = true; break;  // E/F: virtual
        case 3: throw Fail{};                                  // thunks: not read here
      }
    } else {
      throw Fail{};
    }
    // A member function's this qualifiers follow its arguments: "(void)const ", "(char *) __ptr64",
    // "(void)const __ptr64", as MSVC's undecorator writes them.
    std::string this_cv;
    if (is_member) {
      bool p64 = false;
      if (peek() == 'E') {
        ++i_;
        p64 = !ptr64().empty();
      }
      const std::string q = (flags_ & kNoCvThisType) ? std::string() : cv(next());
      if (flags_ & kNoCvThisType) next();
      if (!q.empty()) this_cv = q + " ";
      if (p64 && !(flags_ & kNoMsThisType)) this_cv += (q.empty() ? " " : "") + std::string("__ptr64");
    }
    const std::string conv = calling_convention();
    std::string ret = return_type();
    const std::string args = argument_list();
    if (peek() == 'Z') ++i_;  // throw specification: none
    else if (!at_end() && peek() != '@') throw Fail{};
    std::string shown_name = name;
    if (conversion_) {
      shown_name += ret;
      ret.clear();
    }
    std::string out;
    if (!(flags_ & kNoAccessSpecifiers)) out += access;
    if (!(flags_ & kNoMemberType)) out += member;
    if (!(flags_ & kNoFunctionReturns) && !ret.empty()) out += ret + " ";
    if (!conv.empty()) out += conv + " ";
    out += shown_name;
    if (!(flags_ & kNoArguments)) {
      out += "(" + args + ")" + this_cv;
    }
    return out;
  }

  std::string variable(char kind, const std::string& name) {
    static const char* const kAccess[] = {"private: static ", "protected: static ", "public: static ", "", ""};
    std::string t = type(false);
    const char storage = next();
    std::string q;
    if (storage == 'E') {  // __ptr64 storage: its qualifiers follow, the keyword after them
      q = cv(next());
      const std::string p64 = ptr64();
      if (!p64.empty()) q += (q.empty() ? "" : " ") + p64.substr(1);
    } else {
      q = cv(storage);
    }
    std::string out = (flags_ & kNoAccessSpecifiers) ? std::string() : std::string(kAccess[kind - '0']);
    if (flags_ & kNoMemberType) {
      const size_t s = out.find("static ");
      if (s != std::string::npos) out.erase(s, 7);
    }
    out += t;
    if (!q.empty()) out += " " + q;
    return out + " " + name;
  }
};

}  // namespace

bool undecorate_symbol(const std::string& name, uint32_t flags, std::string& out) {
  if (name.size() < 2 || name[0] != '?') {
    // A C name: "_name" loses its underscore when UNDNAME_NO_LEADING_UNDERSCORES asks.
    if ((flags & kNoLeadingUnderscores) && !name.empty() && name[0] == '_') {
      out = name.substr(1);
      return true;
    }
    return false;
  }
  try {
    out = Undecorator(name, flags).run();
    return true;
  } catch (const Fail&) {
    return false;
  }
}

}  // namespace polyrun::shims
