// msvcrt.dll, vcruntime140.dll and ucrtbase.dll's undecorator: __unDName and __unDNameEx give the
// C++ declaration an MSVC decorated name stands for, as Microsoft's undecorator writes it.
//
// A decorated symbol is '?', its name (a plain fragment, a template "?$name@args@", or an
// operator's or special member's code: ?0 constructor, ?1 destructor, ?2 new … ?_7 `vftable'),
// the scopes it is in (a qualified name's fragments, innermost first, ended by '@'), then what it
// is: a function (its access and kind — A–Z; then, for a member that is not static, the cv of
// `this` after E for __ptr64 —, its calling convention, return type ('@' for none), arguments ('X'
// for void, ended by '@' or by 'Z' for "..."), 'Z'), a variable (0–4: access and storage, its type
// and cv), or a class's table (6 `vftable', 7 `vbtable'). Types are read as type_info::name()
// reads them (msvcrt/type_names.h). What the reader does not know is no name: null, as the
// undecorator gives for what it cannot read.
//
// Flags: UNDNAME_NO_MS_KEYWORDS (2: no calling conventions, no __ptr64), UNDNAME_NO_FUNCTION_RETURNS
// (4), UNDNAME_NO_ACCESS_SPECIFIERS (0x80), UNDNAME_NO_MEMBER_TYPE (0x200: no static or virtual),
// UNDNAME_NAME_ONLY (0x1000), UNDNAME_NO_ARGUMENTS (0x2000), UNDNAME_NO_PTR64 (0x20000).
#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/type_names.h"

namespace polyrun::shims {

namespace undname {
namespace {

constexpr uint32_t kNoMsKeywords = 0x2, kNoFunctionReturns = 0x4, kNoAccess = 0x80, kNoMemberType = 0x200,
                   kNameOnly = 0x1000, kNoArguments = 0x2000, kNoPtr64 = 0x20000;

// The operators' and special members' names by code after "?" ("_" codes after "?_").
const char* operator_name(char c) {
  switch (c) {
    case '2': return "operator new";
    case '3': return "operator delete";
    case '4': return "operator=";
    case '5': return "operator>>";
    case '6': return "operator<<";
    case '7': return "operator!";
    case '8': return "operator==";
    case '9': return "operator!=";
    case 'A': return "operator[]";
    case 'C': return "operator->";
    case 'D': return "operator*";
    case 'E': return "operator++";
    case 'F': return "operator--";
    case 'G': return "operator-";
    case 'H': return "operator+";
    case 'I': return "operator&";
    case 'J': return "operator->*";
    case 'K': return "operator/";
    case 'L': return "operator%";
    case 'M': return "operator<";
    case 'N': return "operator<=";
    case 'O': return "operator>";
    case 'P': return "operator>=";
    case 'Q': return "operator,";
    case 'R': return "operator()";
    case 'S': return "operator~";
    case 'T': return "operator^";
    case 'U': return "operator|";
    case 'V': return "operator&&";
    case 'W': return "operator||";
    case 'X': return "operator*=";
    case 'Y': return "operator+=";
    case 'Z': return "operator-=";
    default: return nullptr;
  }
}
const char* special_name(char c) {
  switch (c) {
    case '0': return "operator/=";
    case '1': return "operator%=";
    case '2': return "operator>>=";
    case '3': return "operator<<=";
    case '4': return "operator&=";
    case '5': return "operator|=";
    case '6': return "operator^=";
    case '7': return "`vftable'";
    case '8': return "`vbtable'";
    case '9': return "`vcall'";
    case 'A': return "`typeof'";
    case 'B': return "`local static guard'";
    case 'D': return "`vbase destructor'";
    case 'E': return "`vector deleting destructor'";
    case 'F': return "`default constructor closure'";
    case 'G': return "`scalar deleting destructor'";
    case 'H': return "`vector constructor iterator'";
    case 'I': return "`vector destructor iterator'";
    case 'J': return "`vector vbase constructor iterator'";
    case 'K': return "`virtual displacement map'";
    case 'L': return "`eh vector constructor iterator'";
    case 'M': return "`eh vector destructor iterator'";
    case 'N': return "`eh vector vbase constructor iterator'";
    case 'O': return "`copy constructor closure'";
    case 'S': return "`local vftable'";
    case 'T': return "`local vftable constructor closure'";
    case 'U': return "operator new[]";
    case 'V': return "operator delete[]";
    case 'X': return "`placement delete closure'";
    case 'Y': return "`placement delete[] closure'";
    default: return nullptr;
  }
}

const char* convention(char c) {
  switch (c) {
    case 'A': case 'B': return "__cdecl";
    case 'C': case 'D': return "__pascal";
    case 'E': case 'F': return "__thiscall";
    case 'G': case 'H': return "__stdcall";
    case 'I': case 'J': return "__fastcall";
    case 'Q': return "__vectorcall";
    default: return nullptr;
  }
}

// " __ptr64" taken out of a type's text (UNDNAME_NO_PTR64, UNDNAME_NO_MS_KEYWORDS).
std::string strip_ptr64(std::string s) {
  for (size_t at; (at = s.find(" __ptr64")) != std::string::npos;) s.erase(at, 8);
  return s;
}

struct Undecorator {
  type_names::Reader r;
  uint32_t flags;
  std::vector<std::string> arg_types;  // the argument backreferences

  std::string fix(std::string s) const { return (flags & (kNoPtr64 | kNoMsKeywords)) ? strip_ptr64(s) : s; }

  // One argument's type (a digit: an earlier argument's).
  std::string argument() {
    const char c = r.peek();
    if (c >= '0' && c <= '9') {
      r.next();
      const size_t i = static_cast<size_t>(c - '0');
      if (i >= arg_types.size()) r.ok = false;
      return r.ok ? arg_types[i] : "";
    }
    const char* start = r.s;
    std::string t = r.type();
    if (r.s - start > 1 && arg_types.size() < 10) arg_types.push_back(t);
    return t;
  }
  // The argument list: "void", the types, "..." (Z) after them.
  std::string arguments() {
    if (r.eat("X")) return "void";
    std::string out;
    for (;;) {
      if (r.peek() == '@') {
        r.next();
        break;
      }
      if (r.peek() == 'Z') {
        r.next();
        out += out.empty() ? "..." : ",...";
        break;
      }
      if (!r.ok || !*r.s) {
        r.ok = false;
        break;
      }
      if (!out.empty()) out += ',';
      out += fix(argument());
    }
    return out;
  }

  std::optional<std::string> symbol() {
    if (!r.eat("?")) return std::nullopt;
    // The name: an operator's or special member's code, a template, or a plain fragment.
    std::string name;
    int special = 0;  // 1 constructor, 2 destructor, 3 cast operator
    if (r.eat("?")) {
      const char c = r.next();
      if (c == '0') special = 1;
      else if (c == '1') special = 2;
      else if (c == 'B') special = 3;
      else if (c == '$') {
        r.s -= 2;  // "?$name@args@" is the template's own fragment, which no backreference names
        const size_t known = r.names.size();
        name = r.fragment();
        r.names.resize(known);
      } else if (c == '_') {
        const char* n = special_name(r.next());
        if (!n) return std::nullopt;
        name = n;
      } else {
        const char* n = operator_name(c);
        if (!n) return std::nullopt;
        name = n;
      }
    } else {
      name = r.fragment();
    }
    std::vector<std::string> scopes;
    while (r.ok && r.peek() != '@' && *r.s) scopes.push_back(r.fragment());
    if (!r.ok || !r.eat("@")) return std::nullopt;
    if (special == 1 || special == 2) {
      if (scopes.empty()) return std::nullopt;
      name = (special == 2 ? "~" : "") + scopes.front();
    }
    std::string qualified;
    for (size_t i = scopes.size(); i-- > 0;) qualified += scopes[i] + "::";
    std::string full = qualified + name;
    if (flags & kNameOnly) {
      if (special == 3) full = qualified + "operator ";
      // (a cast operator's name needs its type, read below)
      if (special != 3) return full;
    }

    const char kind = r.next();
    if (kind >= '0' && kind <= '4') {  // a variable
      std::string type = fix(r.type());
      const char cv = r.next();
      if (cv == 'E') r.next();
      std::string storage = cv == 'B' ? " const" : cv == 'C' ? " volatile" : cv == 'D' ? " const volatile" : "";
      if (!r.ok || *r.s) return std::nullopt;
      static const char* const access[] = {"private: static ", "protected: static ", "public: static ", "", ""};
      std::string out = (flags & kNoAccess) ? "" : access[kind - '0'];
      if (flags & kNoAccess && kind <= '2' && !(flags & kNoMemberType)) out = "static ";
      return out + type + storage + " " + full;
    }
    if (kind == '6' || kind == '7') {  // a class's virtual function or base table
      const char cv = r.next();
      std::string out = cv == 'B' ? "const " : "";
      out += full;
      if (r.peek() != '@') {
        std::string base = r.qualified_name();
        r.eat("@");
        out += "{for `" + base + "'}";
      } else {
        r.next();
      }
      if (!r.ok || *r.s) return std::nullopt;
      return out;
    }
    // A function.
    std::string access, member;
    bool is_member = true, is_static = false;
    if (kind >= 'A' && kind <= 'V') {
      const int group = (kind - 'A') / 8, sub = ((kind - 'A') % 8) / 2;
      access = group == 0 ? "private: " : group == 1 ? "protected: " : "public: ";
      if (sub == 1) member = "static ", is_static = true;
      if (sub == 2) member = "virtual ";
      if (sub == 3) return std::nullopt;  // thunks with adjustors
    } else if (kind == 'Y' || kind == 'Z') {
      is_member = false;
    } else {
      return std::nullopt;
    }
    std::string this_cv;
    if (is_member && !is_static) {
      bool ptr64 = false;
      if (r.eat("E")) ptr64 = true;
      const char cv = r.next();
      this_cv = cv == 'B' ? "const " : cv == 'C' ? "volatile " : cv == 'D' ? "const volatile " : "";
      if (ptr64 && !(flags & (kNoPtr64 | kNoMsKeywords))) this_cv += this_cv.empty() ? " __ptr64" : "__ptr64";
    }
    const char* conv = convention(r.next());
    if (!conv) return std::nullopt;
    std::string ret;
    if (r.peek() == '@') {
      r.next();
    } else {
      if (r.eat("?")) {  // the return value's cv
        const char cv = r.next();
        ret = fix(r.type());
        if (cv == 'B') ret += " const";
      } else {
        ret = fix(r.type());
      }
    }
    if (special == 3) {
      full = qualified + "operator " + ret;
      if (flags & kNameOnly) return full;
      ret.clear();
    }
    std::string args = arguments();
    if (!r.eat("Z") && !r.eat("_E")) r.ok = false;
    if (!r.ok || *r.s) return std::nullopt;
    // A function returning a pointer to function is written inside that type:
    // "int (__cdecl*__cdecl h(void))(int)".
    std::string ret_left = ret.empty() ? "" : ret + " ", ret_right;
    const size_t fp = ret.find("*)(");
    if (fp != std::string::npos) {
      ret_left = ret.substr(0, fp + 1);
      ret_right = ret.substr(fp + 1);
    }
    std::string out;
    if (!(flags & kNoAccess) && is_member) out += access;
    if (!(flags & kNoMemberType)) out += member;
    if (!ret.empty() && !(flags & kNoFunctionReturns)) out += ret_left;
    if (!(flags & kNoMsKeywords)) out += std::string(conv) + " ";
    out += full;
    if (!(flags & kNoArguments)) out += "(" + args + ")" + this_cv;
    if (!ret.empty() && !(flags & kNoFunctionReturns)) out += ret_right;
    return out;
  }
};

// The type keywords ("class ", "struct ", "union ", "enum ") taken out (UNDNAME_NO_COMPLEX_TYPE).
std::string strip_keywords(std::string s) {
  for (const char* k : {"class ", "struct ", "union ", "enum "}) {
    const size_t n = std::strlen(k);
    for (size_t at = 0; (at = s.find(k, at)) != std::string::npos;) {
      const bool word = at == 0 || !(std::isalnum(static_cast<unsigned char>(s[at - 1])) || s[at - 1] == '_');
      if (word) s.erase(at, n);
      else at += n;
    }
  }
  return s;
}

// __unDName(buffer, mangled, length, malloc, free, flags): the text, in `buffer` (at most length - 1
// characters and a NUL) or, without one, in a block of the program's allocator; the decorated name
// itself where it cannot be read. UNDNAME_NO_ARGUMENTS reads a type's code (type_info's names);
// UNDNAME_NAME_ONLY implies no returns, access, member types or type keywords. __unDNameEx has a
// callback for template parameters (unused here) before the flags.
constexpr uint32_t kNoComplexType = 0x8000;
Ptr undecorate(WindowsProcess& p, Ptr buffer, CStr mangled, int32_t length, Ptr alloc, uint32_t flags) {
  if (!mangled.addr) return Ptr(0);
  if (flags & kNameOnly) flags |= kNoFunctionReturns | kNoAccess | kNoMemberType | kNoComplexType;
  Undecorator u{type_names::Reader{mangled.c_str()}, flags, {}};
  std::optional<std::string> text;
  if (flags & kNoArguments) {
    std::string t = u.r.type();
    if (u.r.ok && !*u.r.s) text = u.fix(t);
  } else {
    text = u.symbol();
  }
  if (!text) text = mangled.str();
  else if (flags & kNoComplexType) text = strip_keywords(*text);
  if (buffer) {
    if (length <= 0) return Ptr(0);
    const size_t n = std::min<size_t>(text->size(), static_cast<size_t>(length) - 1);
    std::memcpy(buffer.as<char>(), text->data(), n);
    buffer.as<char>()[n] = 0;
    return buffer;
  }
  if (!alloc) return Ptr(0);
  const uint64_t b = p.call_guest(alloc.addr, {text->size() + 1});
  if (!b) return Ptr(0);
  std::memcpy(reinterpret_cast<void*>(b), text->c_str(), text->size() + 1);
  return Ptr(b);
}
Ptr __unDName_(WindowsProcess& p, Ptr buffer, CStr mangled, int32_t length, Ptr alloc, Ptr, uint32_t flags) {
  return undecorate(p, buffer, mangled, length, alloc, flags);
}
Ptr __unDNameEx_(WindowsProcess& p, Ptr buffer, CStr mangled, int32_t length, Ptr alloc, Ptr, Ptr, uint32_t flags) {
  return undecorate(p, buffer, mangled, length, alloc, flags);
}

}  // namespace
}  // namespace undname

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp), which vcruntime140.dll's shares.
const std::vector<Export>& msvcrt_undname_exports() {
  using namespace undname;
  static const std::vector<Export> exports = {
      EXPORT("__unDName", __unDName_),
      EXPORT("__unDNameEx", __unDNameEx_),
  };
  return exports;
}

}  // namespace polyrun::shims
