// MSVCP140.dll's throwers of Visual Studio 2017 and later, std::_Xoverflow_error and
// std::_Xbad_function_call (an empty std::function called), caught by an MSVC-ABI program's own
// catch clauses: by the thrown class, by each base and not by an unrelated one, what() through
// the object's vtable.
#include "msvc.h"

namespace std {
class exception {
 public:
  virtual ~exception();
  virtual const char* what() const;

 private:
  const char* what_;
  bool do_free_;
};
class logic_error : public exception {};
class runtime_error : public exception {};
class overflow_error : public runtime_error {};
class bad_function_call : public exception {};
__declspec(dllimport) __declspec(noreturn) void __cdecl _Xoverflow_error(const char*);
__declspec(dllimport) __declspec(noreturn) void __cdecl _Xbad_function_call();
}  // namespace std

__declspec(noinline) void throw_kind(int k) {
  if (k == 0) std::_Xoverflow_error("arithmetic overflow");
  std::_Xbad_function_call();
}

int main() {
  for (int k = 0; k < 2; ++k) {
    try {
      throw_kind(k);
    } catch (std::overflow_error& e) {
      printf("%d: overflow_error: %s\n", k, e.what());
    } catch (std::bad_function_call& e) {
      printf("%d: bad_function_call: %s\n", k, e.what());
    }
    try {
      throw_kind(k);
    } catch (std::logic_error&) {
      printf("%d: wrongly a logic_error\n", k);
    } catch (std::runtime_error& e) {
      printf("%d: runtime_error: %s\n", k, e.what());
    } catch (std::exception& e) {
      printf("%d: exception: %s\n", k, e.what());
    }
  }
  fflush(stdout);
  return 0;
}
