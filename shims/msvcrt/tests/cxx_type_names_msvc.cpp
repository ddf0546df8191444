// type_info::name() of an MSVC-ABI program (vcruntime140's __std_type_info_name, as vcruntime's
// <typeinfo> calls it): built-in types, pointers and references with const and volatile (and
// __ptr64 on x64), enums, unions, structs and classes in namespaces, templates with type and
// integer arguments, nested templates, arrays, pointers to functions and to member data, and the
// dynamic type of a polymorphic object; the name is made once and kept.
#include "msvc.h"
extern "C" {
__declspec(dllimport) void* __stdcall GetModuleHandleA(const char*);
__declspec(dllimport) void* __stdcall GetProcAddress(void*, const char*);
}
extern "C" void* __cdecl __RTtypeid(void* o) {
  return reinterpret_cast<void* (*)(void*)>(GetProcAddress(GetModuleHandleA("ucrtbase.dll"), "__RTtypeid"))(o);
}
struct Data { const char* name; char decorated[1]; };
class type_info {
 public:
  virtual ~type_info() {}
  const char* name() const {
    static __declspec(align(16)) void* list[2] = {0, 0};
    auto f = reinterpret_cast<const char* (*)(Data*, void*)>(GetProcAddress(GetModuleHandleA("ucrtbase.dll"), "__std_type_info_name"));
    return f(&data_, list);
  }
 private:
  mutable Data data_;
};
namespace std { using ::type_info; }
namespace ns { struct Inner { int x; }; namespace deep { class Deeper {}; } template <typename T> struct Box {}; }
template <typename A, typename B> class Pair {};
template <int N> struct Num {};
enum Color { Red };
enum class Scoped : short { A };
union U { int a; float b; };
struct Poly { virtual ~Poly() {} };
struct Derived : Poly {};
namespace { struct Anon {}; }
#define SHOW(...) printf("%s\n", typeid(__VA_ARGS__).name())
int main() {
  SHOW(int); SHOW(unsigned int); SHOW(char); SHOW(signed char); SHOW(unsigned char); SHOW(short); SHOW(unsigned short);
  SHOW(long); SHOW(unsigned long); SHOW(long long); SHOW(unsigned long long); SHOW(float); SHOW(double); SHOW(long double);
  SHOW(bool); SHOW(wchar_t); SHOW(char16_t); SHOW(char32_t); SHOW(void);
  SHOW(int*); SHOW(const char*); SHOW(char* const); SHOW(int**); SHOW(int&); SHOW(volatile int*);
  SHOW(Color); SHOW(Scoped); SHOW(U); SHOW(Poly); SHOW(Derived); SHOW(ns::Inner); SHOW(ns::deep::Deeper);
  SHOW(ns::Box<int>); SHOW(Pair<int, ns::Inner>); SHOW(Pair<Pair<int, char>, Pair<bool, double> >); SHOW(Num<5>); SHOW(Num<-3>); SHOW(Num<0>); SHOW(Num<123456>);
  SHOW(ns::Box<ns::Box<int> >); SHOW(Pair<int*, const char*>); SHOW(Poly*); SHOW(int[3]);
  SHOW(void (*)(int)); SHOW(int (Poly::*));
  Poly* p = new Derived;
  printf("dynamic %s\n", typeid(*p).name());
  printf("cached same %d\n", typeid(int).name() == typeid(int).name());
  return 0;
}
