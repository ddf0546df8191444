// MSVCP140.dll's throwers (std::_Xbad_alloc, _Xlength_error, _Xout_of_range, _Xinvalid_argument,
// _Xruntime_error) caught by an MSVC-ABI program's own catch clauses: by the thrown class, by each
// of its bases and not by an unrelated one, with what() through the object's vtable, rethrown;
// and std::uncaught_exception(s) outside a throw and in a destructor that a throw's unwinding runs.
#include "msvc.h"

// The <stdexcept> classes as MSVC's STL declares them: std::exception's vtable is its scalar
// deleting destructor, then what().
namespace std {
class exception {
 public:
  virtual ~exception();
  virtual const char* what() const;

 private:
  const char* what_;
  bool do_free_;
};
class bad_alloc : public exception {};
class logic_error : public exception {};
class length_error : public logic_error {};
class out_of_range : public logic_error {};
class invalid_argument : public logic_error {};
class runtime_error : public exception {};
__declspec(dllimport) __declspec(noreturn) void __cdecl _Xbad_alloc();
__declspec(dllimport) __declspec(noreturn) void __cdecl _Xlength_error(const char*);
__declspec(dllimport) __declspec(noreturn) void __cdecl _Xout_of_range(const char*);
__declspec(dllimport) __declspec(noreturn) void __cdecl _Xinvalid_argument(const char*);
__declspec(dllimport) __declspec(noreturn) void __cdecl _Xruntime_error(const char*);
__declspec(dllimport) bool __cdecl uncaught_exception();
__declspec(dllimport) int __cdecl uncaught_exceptions();
}  // namespace std

static const char kTooLong[] = "string too long";

__declspec(noinline) void throw_kind(int k) {
  switch (k) {
    case 0: std::_Xlength_error(kTooLong);
    case 1: std::_Xout_of_range("invalid string position");
    case 2: std::_Xinvalid_argument("invalid stoi argument");
    case 3: std::_Xruntime_error("a runtime error");
    case 4: std::_Xbad_alloc();
  }
}

// Which clause of a list of the classes takes each throw: the most derived one listed first.
void by_most_derived(int k) {
  try {
    throw_kind(k);
  } catch (std::length_error& e) {
    printf("  %d: length_error: %s\n", k, e.what());
  } catch (std::out_of_range& e) {
    printf("  %d: out_of_range: %s\n", k, e.what());
  } catch (std::invalid_argument& e) {
    printf("  %d: invalid_argument: %s\n", k, e.what());
  } catch (std::bad_alloc& e) {
    printf("  %d: bad_alloc: %s\n", k, e.what());
  } catch (std::runtime_error& e) {
    printf("  %d: runtime_error: %s\n", k, e.what());
  } catch (...) {
    printf("  %d: caught by (...)\n", k);
  }
}

// The same throws against the bases alone: logic_error, then exception.
void by_base(int k) {
  try {
    throw_kind(k);
  } catch (const std::logic_error& e) {
    printf("  %d: logic_error: %s\n", k, e.what());
  } catch (const std::exception& e) {
    printf("  %d: exception: %s\n", k, e.what());
  }
}

// An unrelated class is passed by.
void unrelated(int k) {
  try {
    try {
      throw_kind(k);
    } catch (std::runtime_error&) {
      printf("  %d: wrongly caught as runtime_error\n", k);
    }
  } catch (std::exception& e) {
    printf("  %d: passed runtime_error by, then exception: %s\n", k, e.what());
  }
}

struct Witness {
  ~Witness() {
    printf("  witness destroyed: uncaught_exception %d, uncaught_exceptions %d\n", std::uncaught_exception() ? 1 : 0,
           std::uncaught_exceptions());
  }
};

__declspec(noinline) void throw_past_witness() {
  Witness w;
  std::_Xlength_error("past a witness");
}

int main() {
  printf("by the most derived class:\n");
  for (int k = 0; k < 5; ++k) by_most_derived(k);
  printf("by a base class:\n");
  for (int k = 0; k < 5; ++k) by_base(k);
  printf("not by an unrelated class:\n");
  unrelated(0);
  unrelated(4);

  printf("the message is the object's own copy:\n");
  try {
    std::_Xlength_error(kTooLong);
  } catch (std::length_error& e) {
    printf("  same text %d, same pointer %d\n", strlen(e.what()) == strlen(kTooLong), e.what() == kTooLong);
  }

  printf("rethrown from catch (...):\n");
  try {
    try {
      std::_Xout_of_range("rethrown");
    } catch (...) {
      printf("  inner catch (...)\n");
      throw;
    }
  } catch (std::out_of_range& e) {
    printf("  outer out_of_range: %s\n", e.what());
  }

  printf("uncaught exceptions:\n");
  printf("  outside a throw: uncaught_exception %d, uncaught_exceptions %d\n", std::uncaught_exception() ? 1 : 0,
         std::uncaught_exceptions());
  try {
    throw_past_witness();
  } catch (std::exception& e) {
    printf("  caught: %s; uncaught_exceptions %d\n", e.what(), std::uncaught_exceptions());
  }
  fflush(stdout);
  return 0;
}
