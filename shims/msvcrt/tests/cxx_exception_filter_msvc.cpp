// __CxxExceptionFilter: the test a catch clause makes, asked from an __except filter (what code
// mixing structured and C++ exceptions calls): whether a C++ exception matches a type with the
// clause's adjectives, and the catch parameter built where the caller asks — a copy of the thrown
// object, or for a reference the object's address. Non-C++ exceptions and a null pointers argument
// do not match; a null type is catch (...).
#include "msvc.h"

extern "C" __declspec(dllimport) int __cdecl __CxxExceptionFilter(EXCEPTION_POINTERS* pointers, const void* type,
                                                                   int adjectives, void** copy);

struct Point {
  int x, y;
  Point(int a, int b) : x(a), y(b) {}
  Point(const Point& o) : x(o.x), y(o.y) { printf("  Point copied\n"); }
};
struct Other {
  int z;
};

// typeid's type_info is the TypeDescriptor in the MSVC ABI (a global class, std's by a using).
class type_info;
namespace std {
using ::type_info;
}
static const void* const type_int = &typeid(int);
static const void* const type_point = &typeid(Point);
static const void* const type_double = &typeid(double);

__declspec(noinline) static void throw_int() { throw 42; }
__declspec(noinline) static void throw_point() { throw Point(3, 4); }
__declspec(noinline) static void throw_double() { throw 2.5; }
__declspec(noinline) static void raise_seh() { RaiseException(0xE0001234, 0, 0, nullptr); }

static int copied_int;
static unsigned char copied_point[sizeof(Point)];
static void* referenced;

static int filter_int(EXCEPTION_POINTERS* ep) {
  int r = __CxxExceptionFilter(ep, type_int, 0, reinterpret_cast<void**>(&copied_int));
  printf("  int: %d, copied %d\n", r, copied_int);
  printf("  double: %d\n", __CxxExceptionFilter(ep, type_double, 0, nullptr));
  printf("  catch (...): %d\n", __CxxExceptionFilter(ep, nullptr, 0, nullptr));
  printf("  no pointers: %d\n", __CxxExceptionFilter(nullptr, type_int, 0, nullptr));
  return EXCEPTION_EXECUTE_HANDLER;
}
static int filter_point(EXCEPTION_POINTERS* ep) {
  int r = __CxxExceptionFilter(ep, type_point, 0, reinterpret_cast<void**>(copied_point));
  const Point* p = reinterpret_cast<const Point*>(copied_point);
  printf("  Point by value: %d, copy (%d, %d)\n", r, p->x, p->y);
  r = __CxxExceptionFilter(ep, type_point, 8 /* reference */, &referenced);
  const Point* q = static_cast<const Point*>(referenced);
  printf("  Point by reference: %d, object (%d, %d)\n", r, q->x, q->y);
  printf("  int: %d\n", __CxxExceptionFilter(ep, type_int, 0, nullptr));
  return EXCEPTION_EXECUTE_HANDLER;
}
static int filter_seh(EXCEPTION_POINTERS* ep) {
  printf("  int: %d, catch (...): %d\n", __CxxExceptionFilter(ep, type_int, 0, nullptr),
         __CxxExceptionFilter(ep, nullptr, 0, nullptr));
  return EXCEPTION_EXECUTE_HANDLER;
}

static void guard(void (*f)(), int (*filter)(EXCEPTION_POINTERS*)) {
  __try {
    f();
  } __except (filter(GetExceptionInformation())) {
    printf("  handled\n");
  }
}

int main() {
  printf("throw 42:\n");
  guard(throw_int, filter_int);
  printf("throw Point(3, 4):\n");
  guard(throw_point, filter_point);
  printf("RaiseException:\n");
  guard(raise_seh, filter_seh);
  try {
    throw_double();
  } catch (double d) {
    printf("a double caught as C++ catches it: %g\n", d);
  }
  return 0;
}
