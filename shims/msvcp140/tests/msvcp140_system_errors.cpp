// MSVCP140.dll's throwers of the thread library's errors and of std::regex_error, caught by an
// MSVC-ABI program's own catch clauses: std::_Throw_Cpp_error (a system_error of the generic
// category for each of its seven conditions), std::_Throw_C_error (a C11 thread result as one of
// them), std::_XGetLastError (the thread's last error as a system_error of the system category) and
// std::_Xregex_error; the error code the object carries, what() through its vtable.
#include "msvc.h"

namespace std {
class exception {
 public:
  virtual ~exception() {}
  virtual const char* what() const { return what_; }

 private:
  const char* what_;
  bool do_free_;
};
class runtime_error : public exception {};
class _System_error : public runtime_error {
 public:
  int value;  // the error_code's (its category pointer after it)
  const void* category;
};
class system_error : public _System_error {};
namespace regex_constants {
enum error_type { error_collate, error_ctype, error_escape, error_backref, error_brack, error_paren, error_brace,
                  error_badbrace, error_range, error_space, error_badrepeat, error_complexity, error_stack };
}
class regex_error : public runtime_error {
 public:
  regex_constants::error_type code;
};
__declspec(dllimport) __declspec(noreturn) void __cdecl _Throw_Cpp_error(int);
__declspec(dllimport) __declspec(noreturn) void __cdecl _Throw_C_error(int);
__declspec(dllimport) __declspec(noreturn) void __cdecl _XGetLastError();
__declspec(dllimport) __declspec(noreturn) void __cdecl _Xregex_error(regex_constants::error_type);
}  // namespace std

extern "C" __declspec(dllimport) void __stdcall SetLastError(DWORD error);

__declspec(noinline) void throw_cpp(int code) { std::_Throw_Cpp_error(code); }
__declspec(noinline) void throw_c(int code) { std::_Throw_C_error(code); }
__declspec(noinline) void throw_last_error(DWORD e) {
  SetLastError(e);
  std::_XGetLastError();
}
__declspec(noinline) void throw_regex(int code) { std::_Xregex_error(static_cast<std::regex_constants::error_type>(code)); }

int main() {
  for (int code = 0; code < 7; ++code) {
    try {
      throw_cpp(code);
    } catch (std::system_error& e) {
      printf("_Throw_Cpp_error(%d): system_error %d: %s\n", code, e.value, e.what());
    }
  }
  for (int code = 1; code < 5; ++code) {
    try {
      throw_c(code);
    } catch (std::runtime_error& e) {
      printf("_Throw_C_error(%d): %d: %s\n", code, static_cast<std::system_error&>(e).value, e.what());
    }
  }
  try {
    throw_last_error(2);
  } catch (std::system_error& e) {
    printf("_XGetLastError after ERROR_FILE_NOT_FOUND: %d\n", e.value);
  }
  for (int code = 0; code < 13; ++code) {
    try {
      throw_regex(code);
    } catch (std::regex_error& e) {
      printf("_Xregex_error(%d): code %d: %s\n", code, e.code, e.what());
    }
  }
  try {
    throw_regex(4);
  } catch (std::regex_error e) {  // by value: the object copied
    printf("by value: code %d: %s\n", e.code, e.what());
  }
  fflush(stdout);
  return 0;
}
