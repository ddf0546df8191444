// MSVCP140.dll's std::exception_ptr functions as <exception> calls them: current_exception inside
// a catch block (a copy of the thrown object, made by its copy constructor), copies and
// assignments sharing it, comparison and truth, rethrow_exception caught by the program's own
// catch clause, make_exception_ptr from an object and its ThrowInfo, the copy destroyed with the
// last reference; a null exception_ptr rethrown is a std::exception. Whether rethrowing copies the
// object is unspecified (C++ [propagation]): the test counts the live objects, which the exception
// the exception_ptr refers to keeps at one as long as a reference remains.
#include "msvc.h"

extern "C" __declspec(dllimport) void** __cdecl __current_exception(void);

__declspec(dllimport) void __cdecl __ExceptionPtrCreate(void*);
__declspec(dllimport) void __cdecl __ExceptionPtrDestroy(void*);
__declspec(dllimport) void __cdecl __ExceptionPtrCopy(void*, const void*);
__declspec(dllimport) void __cdecl __ExceptionPtrAssign(void*, const void*);
__declspec(dllimport) bool __cdecl __ExceptionPtrToBool(const void*);
__declspec(dllimport) bool __cdecl __ExceptionPtrCompare(const void*, const void*);
__declspec(dllimport) void __cdecl __ExceptionPtrCurrentException(void*);
__declspec(dllimport) void __cdecl __ExceptionPtrCopyException(void*, const void*, const void*);
__declspec(noreturn) __declspec(dllimport) void __cdecl __ExceptionPtrRethrow(const void*);

namespace std {
class exception {
 public:
  virtual ~exception();
  virtual const char* what() const;

 private:
  const char* what_;
  bool do_free_;
};
}  // namespace std

static int live = 0, next_id = 1;
struct Payload {
  int value, id;
  explicit Payload(int v) : value(v), id(next_id++) { ++live; }
  Payload(const Payload& o) : value(o.value), id(next_id++) { ++live; }
  ~Payload() { --live; }
};

struct ExceptionPtr {
  void* a;
  void* b;
};

int main() {
  ExceptionPtr none, held, copy, other;
  __ExceptionPtrCreate(&none);
  __ExceptionPtrCreate(&held);
  __ExceptionPtrCreate(&copy);
  __ExceptionPtrCreate(&other);
  printf("created: true %d, equal to another null %d\n", __ExceptionPtrToBool(&none), __ExceptionPtrCompare(&none, &held));
  printf("current_exception outside a catch block:\n");
  __ExceptionPtrCurrentException(&held);
  printf("  true %d\n", __ExceptionPtrToBool(&held));

  printf("current_exception in a catch block:\n");
  const void* throw_info = nullptr;
  try {
    throw Payload(7);
  } catch (Payload& p) {
    printf("  caught Payload with value %d, live payloads %d\n", p.value, live);
    __ExceptionPtrCurrentException(&held);
    void** cur = __current_exception();
    throw_info = cur && *cur ? (const void*)((EXCEPTION_RECORD*)*cur)->ExceptionInformation[2] : nullptr;
  }
  printf("  after the catch block: true %d, live payloads %d\n", __ExceptionPtrToBool(&held), live);

  printf("copies:\n");
  __ExceptionPtrCopy(&copy, &held);
  printf("  copy true %d, equal %d\n", __ExceptionPtrToBool(&copy), __ExceptionPtrCompare(&copy, &held));
  __ExceptionPtrAssign(&other, &copy);
  printf("  assigned true %d, equal %d, equal to null %d\n", __ExceptionPtrToBool(&other),
         __ExceptionPtrCompare(&other, &held), __ExceptionPtrCompare(&other, &none));

  printf("rethrow_exception:\n");
  try {
    __ExceptionPtrRethrow(&copy);
  } catch (Payload& p) {
    printf("  caught Payload with value %d\n", p.value);
  }
  printf("  live payloads after %d\n", live);

  printf("destroying the references:\n");
  __ExceptionPtrDestroy(&other);
  printf("  one gone, live payloads %d\n", live);
  __ExceptionPtrDestroy(&copy);
  printf("  two gone, live payloads %d\n", live);
  __ExceptionPtrDestroy(&held);
  printf("  all gone, live payloads %d\n", live);

  printf("make_exception_ptr:\n");
  {
    Payload local(42);
    ExceptionPtr made;
    __ExceptionPtrCreate(&made);
    __ExceptionPtrCopyException(&made, &local, throw_info);
    printf("  true %d, live payloads %d\n", __ExceptionPtrToBool(&made), live);
    try {
      __ExceptionPtrRethrow(&made);
    } catch (const Payload& p) {
      printf("  caught Payload with value %d\n", p.value);
    }
    __ExceptionPtrDestroy(&made);
    printf("  destroyed, live payloads %d\n", live);
  }

  printf("rethrowing a null exception_ptr:\n");
  try {
    __ExceptionPtrRethrow(&none);
  } catch (std::exception& e) {
    printf("  std::exception: %s\n", e.what());
  }
  __ExceptionPtrDestroy(&none);
  fflush(stdout);
  return 0;
}
