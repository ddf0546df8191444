// MSVC's run-time type information through vcruntime140 (an MSVC-ABI program): dynamic_cast down,
// across and through virtual bases (__RTDynamicCast), dynamic_cast<void*> (__RTCastToVoid),
// typeid of polymorphic objects (__RTtypeid) compared and hashed (__std_type_info_compare,
// __std_type_info_hash, as vcruntime's <typeinfo> does), the runtime's std::bad_cast and
// std::bad_typeid caught by reference and by value, std::exception's message copies
// (__std_exception_copy, __std_exception_destroy), and set_terminate/_get_terminate,
// set_unexpected/_get_unexpected, _set_purecall_handler/_get_purecall_handler.
#include "msvc.h"

extern "C" {
struct __std_type_info_data {
  const char* undecorated;
  const char decorated[1];
};
struct __std_exception_data {
  const char* what;
  bool dofree;
};
typedef void(__cdecl* handler_fn)(void);
__declspec(dllimport) void* __stdcall GetModuleHandleA(const char*);
__declspec(dllimport) void* __stdcall GetProcAddress(void*, const char*);
}

// The runtime's functions, found by name (the MSVC-ABI import libraries do not list them): those
// the compiler calls for dynamic_cast and typeid are defined here to forward to vcruntime140's.
template <typename F>
static F crt_fn(const char* dll, const char* name) {
  return reinterpret_cast<F>(GetProcAddress(GetModuleHandleA(dll), name));
}
#define VCRT(type, name) crt_fn<type>("vcruntime140.dll", name)
#define UCRT(type, name) crt_fn<type>("ucrtbase.dll", name)
extern "C" void* __cdecl __RTDynamicCast(void* o, long d, void* s, void* t, int r) {
  return VCRT(void* (*)(void*, long, void*, void*, int), "__RTDynamicCast")(o, d, s, t, r);
}
extern "C" void* __cdecl __RTtypeid(void* o) { return VCRT(void* (*)(void*), "__RTtypeid")(o); }
extern "C" void* __cdecl __RTCastToVoid(void* o) { return VCRT(void* (*)(void*), "__RTCastToVoid")(o); }
static int __std_type_info_compare(const __std_type_info_data* a, const __std_type_info_data* b) {
  return VCRT(int (*)(const __std_type_info_data*, const __std_type_info_data*), "__std_type_info_compare")(a, b);
}
static size_t __std_type_info_hash(const __std_type_info_data* a) {
  return VCRT(size_t (*)(const __std_type_info_data*), "__std_type_info_hash")(a);
}
static void __std_exception_copy(const __std_exception_data* a, __std_exception_data* b) {
  VCRT(void (*)(const __std_exception_data*, __std_exception_data*), "__std_exception_copy")(a, b);
}
static void __std_exception_destroy(__std_exception_data* a) {
  VCRT(void (*)(__std_exception_data*), "__std_exception_destroy")(a);
}
static handler_fn set_terminate(handler_fn f) { return UCRT(handler_fn (*)(handler_fn), "set_terminate")(f); }
static handler_fn _get_terminate(void) { return UCRT(handler_fn (*)(void), "_get_terminate")(); }
static handler_fn set_unexpected(handler_fn f) { return VCRT(handler_fn (*)(handler_fn), "set_unexpected")(f); }
static handler_fn _get_unexpected(void) { return VCRT(handler_fn (*)(void), "_get_unexpected")(); }
static handler_fn _set_purecall_handler(handler_fn f) { return VCRT(handler_fn (*)(handler_fn), "_set_purecall_handler")(f); }
static handler_fn _get_purecall_handler(void) { return VCRT(handler_fn (*)(void), "_get_purecall_handler")(); }
static char* _strdup(const char* s) { return UCRT(char* (*)(const char*), "_strdup")(s); }

// vcruntime's type_info, as its header declares it.
class type_info {
 public:
  virtual ~type_info() {}
  bool operator==(const type_info& o) const { return __std_type_info_compare(&data_, &o.data_) == 0; }
  size_t hash_code() const { return __std_type_info_hash(&data_); }
  const char* raw_name() const { return data_.decorated; }

 private:
  mutable __std_type_info_data data_;
};

namespace std {
using ::type_info;
class exception {
 public:
  exception() : data_{nullptr, false} {}
  explicit exception(const char* m) : data_{m, false} {}
  exception(const exception& o) : data_{nullptr, false} { __std_exception_copy(&o.data_, &data_); }
  virtual ~exception() { __std_exception_destroy(&data_); }
  virtual const char* what() const { return data_.what ? data_.what : "Unknown exception"; }

 private:
  __std_exception_data data_;
};
class bad_cast : public exception {};
class bad_typeid : public exception {};
class __non_rtti_object : public bad_typeid {};
}  // namespace std

struct A {
  int a = 1;
  virtual ~A() {}
};
struct B {
  int b = 2;
  virtual ~B() {}
};
struct C : A, B {
  int c = 3;
};
struct V {
  int v = 7;
  virtual ~V() {}
};
struct D1 : virtual V {
  int d1 = 8;
};
struct D2 : virtual V {
  int d2 = 9;
};
struct DD : D1, D2 {
  int dd = 10;
};

static void on_terminate(void) {}
static void on_unexpected(void) {}
static void on_purecall(void) {}

int main() {
  C* c = new C;
  A* pa = c;
  B* pb = c;
  printf("downcast %d\n", dynamic_cast<C*>(pa) == c);
  B* cross = dynamic_cast<B*>(pa);
  printf("cross-cast %d b %d\n", cross == pb, cross ? cross->b : -1);
  printf("to void %d %d\n", dynamic_cast<void*>(pb) == (void*)c, dynamic_cast<void*>(pa) == (void*)c);
  A* plain = new A;
  printf("failed downcast null %d\n", dynamic_cast<C*>(plain) == nullptr);
  A* none = nullptr;
  printf("null stays null %d\n", dynamic_cast<C*>(none) == nullptr);

  V* pv = new DD;
  DD* dd = dynamic_cast<DD*>(pv);
  printf("from virtual base dd %d\n", dd ? dd->dd : -1);
  D2* d2 = dynamic_cast<D2*>(pv);
  printf("to second base d2 %d v %d\n", d2 ? d2->d2 : -1, d2 ? d2->v : -1);
  printf("void from virtual base %d\n", dynamic_cast<void*>(pv) == (void*)dd);

  const type_info& t = typeid(*pa);
  printf("typeid %s equal %d %d hash equal %d\n", t.raw_name(), t == typeid(C), t == typeid(A),
         t.hash_code() == typeid(C).hash_code());
  printf("typeid of virtual base %s\n", typeid(*pv).raw_name());

  try {
    C& r = dynamic_cast<C&>(*plain);
    printf("no throw %d\n", r.c);
  } catch (std::bad_cast& e) {
    printf("bad_cast: %s\n", e.what());
  }
  try {
    (void)dynamic_cast<C&>(*plain);
  } catch (std::exception e) {
    printf("by value as std::exception: %s\n", e.what());
  }
  try {
    printf("%s\n", typeid(*none).raw_name());
  } catch (std::bad_typeid& e) {
    printf("bad_typeid: %s\n", e.what());
  }

  __std_exception_data owned = {_strdup("owned message"), true}, copy = {nullptr, false};
  __std_exception_copy(&owned, &copy);
  printf("copy owned: %s %d distinct %d\n", copy.what, copy.dofree, copy.what != owned.what);
  __std_exception_data shared = {"shared", false}, copy2 = {nullptr, true};
  __std_exception_copy(&shared, &copy2);
  printf("copy shared: same %d dofree %d\n", copy2.what == shared.what, copy2.dofree);
  __std_exception_destroy(&copy);
  printf("destroyed: null %d dofree %d\n", copy.what == nullptr, copy.dofree);

  printf("set_terminate had none %d", set_terminate(on_terminate) == nullptr);
  printf(" now ours %d\n", _get_terminate() == on_terminate);
  printf("set_unexpected had none %d", set_unexpected(on_unexpected) == nullptr);
  printf(" now ours %d\n", _get_unexpected() == on_unexpected);
  printf("_set_purecall_handler had none %d", _set_purecall_handler(on_purecall) == nullptr);
  printf(" now ours %d\n", _get_purecall_handler() == on_purecall);
  return 0;
}
