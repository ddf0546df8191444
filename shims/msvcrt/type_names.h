// MSVC's decorated names read back as C++ (msvcrt/type_names.cpp: type_info::name(); msvcrt/undname.cpp:
// __unDName): the reader of the types and qualified names both share.
//
// A type's code: a built-in type (H int, D char, _J __int64 …), a pointer or reference (P, Q, R, S,
// A, B; E for __ptr64; the pointee's const and volatile as A–D), a class, struct, union or enum (V,
// U, T, W4) with its qualified name, an array ($$BY), a pointer to function (P6) or to member data.
// A qualified name is its fragments from the innermost out, each "name@", a template
// "?$name@arguments@" (types, or $0 and an encoded integer), "?A0x…@" for an anonymous namespace,
// or a digit naming an earlier fragment, ended by '@'.
#pragma once

#include <cstring>
#include <string>
#include <vector>

namespace polyrun::shims::type_names {

struct Reader {
  const char* s;
  bool ok = true;
  std::vector<std::string> names;  // name fragments, for backreferences
  std::vector<std::string> types;  // template arguments, for backreferences

  char peek() const { return *s; }
  char next() { return *s ? *s++ : (ok = false, '\0'); }
  bool eat(const char* t) {
    size_t n = std::strlen(t);
    if (std::strncmp(s, t, n) != 0) return false;
    s += n;
    return true;
  }

  // An encoded number: a digit d is d + 1; otherwise hex digits A–P ended by '@'; '?' first negates.
  long long number() {
    bool negative = false;
    if (peek() == '?') {
      negative = true;
      next();
    }
    long long v = 0;
    char c = next();
    if (c >= '0' && c <= '9') {
      v = c - '0' + 1;
    } else {
      for (; c != '@' && ok; c = next()) {
        if (c < 'A' || c > 'P') {
          ok = false;
          break;
        }
        v = v * 16 + (c - 'A');
      }
    }
    return negative ? -v : v;
  }

  // One fragment of a qualified name.
  std::string fragment() {
    char c = peek();
    if (c >= '0' && c <= '9') {
      next();
      size_t i = static_cast<size_t>(c - '0');
      if (i >= names.size()) ok = false;
      return ok ? names[i] : "";
    }
    if (eat("?$")) {
      std::string name = simple_name();
      std::vector<std::string> saved_names, saved_types;
      saved_names.swap(names);
      saved_types.swap(types);
      std::string args;
      while (ok && peek() != '@') {
        if (!args.empty()) args += ',';
        args += template_argument();
      }
      next();  // '@'
      names.swap(saved_names);
      types.swap(saved_types);
      std::string r = name + "<" + args + (args.empty() || args.back() != '>' ? ">" : " >");
      if (names.size() < 10) names.push_back(r);
      return r;
    }
    if (eat("?A")) {  // an anonymous namespace: ?A0x<hash>@
      while (ok && peek() != '@') next();
      next();
      return "`anonymous namespace'";
    }
    std::string r = simple_name();
    if (names.size() < 10) names.push_back(r);
    return r;
  }
  std::string simple_name() {
    std::string r;
    for (char c = next(); ok && c != '@'; c = next()) r += c;
    return r;
  }
  // A qualified name: fragments innermost first, ended by '@'.
  std::string qualified_name() {
    std::vector<std::string> parts;
    while (ok && peek() != '@') parts.push_back(fragment());
    next();
    std::string r;
    for (size_t i = parts.size(); i-- > 0;) r += parts[i] + (i ? "::" : "");
    return r;
  }

  std::string template_argument() {
    if (eat("$0")) return std::to_string(number());
    char c = peek();
    if (c >= '0' && c <= '9') {
      next();
      size_t i = static_cast<size_t>(c - '0');
      if (i >= types.size()) ok = false;
      return ok ? types[i] : "";
    }
    const char* start = s;
    std::string t = type();
    if (s - start > 1 && types.size() < 10) types.push_back(t);
    return t;
  }

  static const char* cv_text(char c) {
    switch (c) {
      case 'B': return " const";
      case 'C': return " volatile";
      case 'D': return " const volatile";
      default: return "";
    }
  }

  // A type, as it reads alone ("int", "char const * __ptr64", "int [3]").
  std::string type() {
    std::string suffix;
    return type_with(suffix);
  }
  std::string type_with(std::string& suffix) {
    char c = next();
    switch (c) {
      case 'C': return "signed char";
      case 'D': return "char";
      case 'E': return "unsigned char";
      case 'F': return "short";
      case 'G': return "unsigned short";
      case 'H': return "int";
      case 'I': return "unsigned int";
      case 'J': return "long";
      case 'K': return "unsigned long";
      case 'M': return "float";
      case 'N': return "double";
      case 'O': return "long double";
      case 'X': return "void";
      case '_':
        switch (next()) {
          case 'J': return "__int64";
          case 'K': return "unsigned __int64";
          case 'N': return "bool";
          case 'W': return "wchar_t";
          case 'S': return "char16_t";
          case 'U': return "char32_t";
          case 'Q': return "char8_t";
          default: ok = false; return "";
        }
      case 'T': return "union " + qualified_name();
      case 'U': return "struct " + qualified_name();
      case 'V': return "class " + qualified_name();
      case 'W':
        next();  // the underlying type's code (4: int)
        return "enum " + qualified_name();
      case 'P': case 'Q': case 'R': case 'S': case 'A': case 'B': return indirect(c);
      case '$':
        if (eat("$BY")) {  // an array: dimensions, then the element type
          long long dims = number();
          std::string bounds;
          for (long long i = 0; i < dims && ok; ++i) bounds += "[" + std::to_string(number()) + "]";
          return type() + " " + bounds;
        }
        if (eat("$T")) return "std::nullptr_t";
        if (eat("$Q")) return indirect('Q' + 0x100);  // an rvalue reference
        if (eat("$R")) return indirect('R' + 0x100);  // a volatile rvalue reference
        ok = false;
        return "";
      default: ok = false; return "";
    }
  }

  // P (pointer), Q (const pointer), R (volatile pointer), S (const volatile pointer), A (reference),
  // B (volatile reference), $$Q and $$R (rvalue references, passed as the kind + 0x100): [E for __ptr64] then the pointee's own const/volatile and the pointee.
  std::string indirect(int kind_code) {
    const bool rvalue = kind_code > 0xff;
    const char kind = rvalue ? (kind_code == 'R' + 0x100 ? 'B' : 'A') : static_cast<char>(kind_code);
    const bool reference = kind == 'A' || kind == 'B';
    if (!reference && peek() == '6') {  // a pointer to function: convention, return type, arguments
      next();
      const char* convention = "__cdecl";
      switch (next()) {
        case 'A': convention = "__cdecl"; break;
        case 'C': convention = "__pascal"; break;
        case 'E': convention = "__thiscall"; break;
        case 'G': convention = "__stdcall"; break;
        case 'I': convention = "__fastcall"; break;
        case 'Q': convention = "__vectorcall"; break;
        default: ok = false; break;
      }
      std::string ret = type();
      std::string args;
      if (eat("X")) {
        args = "void";
      } else {
        while (ok && peek() != '@' && peek() != 'Z') {
          if (!args.empty()) args += ',';
          args += template_argument();
        }
        if (peek() == '@') next();
      }
      next();  // 'Z': no exception specification
      return ret + " (" + convention + "*)(" + args + ")";
    }
    bool ptr64 = false;
    if (peek() == 'E') {
      next();
      ptr64 = true;
    }
    char cv = next();
    std::string member_of;
    if (cv == 'Q' || cv == 'R' || cv == 'S' || cv == 'T') {  // a pointer to member data
      member_of = qualified_name() + "::";
      cv = cv == 'Q' ? 'A' : cv == 'R' ? 'B' : cv == 'S' ? 'C' : 'D';
    }
    std::string pointee = type();
    // A pointee that is itself a const (volatile) pointer carries that in its own code (Q, R, S):
    // the qualifier is written once.
    std::string cvs = cv_text(cv);
    if (!cvs.empty() && pointee.size() >= cvs.size() && pointee.compare(pointee.size() - cvs.size(), cvs.size(), cvs) == 0)
      cvs.clear();
    std::string r = pointee + cvs + " " + member_of + (rvalue ? "&&" : reference ? "&" : "*");
    if (ptr64) r += " __ptr64";
    if (kind == 'Q' || kind == 'S') r += " const";
    if (kind == 'R' || kind == 'S' || kind == 'B') r += " volatile";
    return r;
  }
};


}  // namespace polyrun::shims::type_names
