// C++ exceptions through MSVC's runtime (_CxxThrowException, __CxxFrameHandler3): matching by
// type, base classes, references, pointers and catch (...), copies into catch parameters,
// destructors of locals and of exception objects, rethrow, throws from catch blocks, try blocks
// inside catch blocks, deep unwinding, global constructors and destructors, the current exception
// (__current_exception, __current_exception_context), and a throw from a qsort comparator that the
// C runtime's qsort passes on to the caller.
#include "msvc.h"

extern "C" __declspec(dllimport) int __cdecl __uncaught_exceptions(void);
extern "C" __declspec(dllimport) void** __cdecl __current_exception(void);
extern "C" __declspec(dllimport) void** __cdecl __current_exception_context(void);
extern "C" __declspec(dllimport) int __cdecl _get_fmode(int* mode);
extern "C" __declspec(dllimport) wchar_t** __cdecl _get_initial_wide_environment(void);

// Reports whether it is destroyed by an exception on its way out.
struct Witness {
  ~Witness() { printf("  witness destroyed with %d uncaught exception(s)\n", __uncaught_exceptions()); }
};

struct Tracer {
  const char* name;
  explicit Tracer(const char* n) : name(n) { printf("  construct %s\n", name); }
  ~Tracer() { printf("  destroy %s\n", name); }
};

struct Base {
  int code;
  explicit Base(int c) : code(c) {}
  Base(const Base& o) : code(o.code) { printf("  copy Base %d\n", code); }
  virtual ~Base() { printf("  ~Base %d\n", code); }
  virtual const char* what() const { return "Base"; }
};

struct Derived : Base {
  explicit Derived(int c) : Base(c) {}
  Derived(const Derived& o) : Base(o) { printf("  copy Derived %d\n", code); }
  ~Derived() override { printf("  ~Derived %d\n", code); }
  const char* what() const override { return "Derived"; }
};

struct Left {
  int l = 11;
  virtual ~Left() {}
};
struct Right {
  int r = 22;
  virtual ~Right() {}
};
struct Both : Left, Right {
  int b = 33;
};

Tracer global_tracer("global");

__declspec(noinline) void throw_kind(int k) {
  Tracer t("in throw_kind");
  switch (k) {
    case 0: throw Derived(1);
    case 1: throw 42;
    case 2: throw "a string";
    case 3: throw 2.5;
    case 4: throw Both();
    case 5: throw new Derived(5);
  }
}

void by_type() {
  puts("-- by type");
  for (int k = 0; k <= 5; ++k) {
    try {
      throw_kind(k);
    } catch (Base& b) {
      printf("caught Base& %s %d\n", b.what(), b.code);
    } catch (int i) {
      printf("caught int %d\n", i);
    } catch (const char* s) {
      printf("caught const char* %s\n", s);
    } catch (Right& r) {
      printf("caught Right& %d (adjusted to the Right part)\n", r.r);
    } catch (Base* b) {
      printf("caught Base* %s %d\n", b->what(), b->code);
      delete b;
    } catch (...) {
      puts("caught ...");
    }
  }
}

void by_value() {
  puts("-- by value");
  try {
    throw Derived(2);
  } catch (Base b) {  // sliced copy
    printf("caught Base by value: %s %d\n", b.what(), b.code);
  }
}

__declspec(noinline) int recurse(int depth) {
  Tracer t(depth % 10 == 0 ? "every tenth frame" : "frame");
  if (depth == 0) throw depth;
  return recurse(depth - 1) + 1;
}

void deep() {
  puts("-- deep");
  try {
    recurse(20);
  } catch (int d) {
    printf("caught at depth %d\n", d);
  }
}

void rethrow() {
  puts("-- rethrow");
  try {
    try {
      throw Derived(3);
    } catch (Base& b) {
      printf("inner caught %d, rethrowing\n", b.code);
      throw;
    }
  } catch (Derived& d) {
    printf("outer caught the same object %d\n", d.code);
  }
}

void throw_from_catch() {
  puts("-- throw from catch");
  try {
    Tracer t("outer try");
    try {
      throw 7;
    } catch (int i) {
      Tracer in("inside catch");
      printf("caught %d, throwing another\n", i);
      throw Derived(8);
    }
  } catch (Base& b) {
    printf("outer caught %s %d\n", b.what(), b.code);
  }
}

void try_in_catch() {
  puts("-- try inside catch");
  try {
    throw 1;
  } catch (int a) {
    try {
      throw 2;
    } catch (int b) {
      printf("nested catch %d inside catch %d\n", b, a);
    }
    printf("back in the catch of %d\n", a);
  }
}

__declspec(noinline) void pass_through() {
  Tracer t("pass_through");
  Witness w;
  throw_kind(1);
}

// The exception a catch block handles, as vcruntime gives it to std::current_exception: its record
// (the C++ exception code, the magic number, the object, the ThrowInfo), and its context.
void describe_current(const char* where, const void* object) {
  const EXCEPTION_RECORD* rec = static_cast<const EXCEPTION_RECORD*>(*__current_exception());
  const unsigned expected_params = sizeof(void*) == 8 ? 4 : 3;  // x64 adds the image base
  printf("%s: code %#lx, %s parameters, magic %#lx, object %s, context %s\n", where, rec->ExceptionCode,
         rec->NumberParameters == expected_params ? "the expected" : "unexpected", (unsigned long)rec->ExceptionInformation[0],
         (const void*)rec->ExceptionInformation[1] == object ? "the caught one" : "another",
         *__current_exception_context() ? "set" : "null");
}

void current_exception() {
  puts("-- current exception");
  printf("before: %s\n", *__current_exception() == nullptr && *__current_exception_context() == nullptr ? "none" : "set");
  try {
    throw Derived(21);
  } catch (Derived& outer) {
    describe_current("outer", &outer);
    try {
      throw 22;
    } catch (int& inner) {
      describe_current("inner", &inner);
    }
    describe_current("outer again", &outer);
  }
  printf("after: %s\n", *__current_exception() == nullptr && *__current_exception_context() == nullptr ? "none" : "set");
}

void loop() {
  puts("-- loop");
  int caught = 0;
  for (int i = 0; i < 1000; ++i) {
    try {
      if (i % 2) throw i;
      throw Both();
    } catch (int) {
      ++caught;
    } catch (Left&) {
      ++caught;
    }
  }
  printf("caught %d of 1000\n", caught);
}

int compare_calls = 0;
int __cdecl compare_or_throw(const void* a, const void* b) {
  ++compare_calls;
  int x = *static_cast<const int*>(a), y = *static_cast<const int*>(b);
  if (x == 13 || y == 13) throw Derived(13);
  return x - y;
}

void through_qsort() {
  puts("-- through qsort");
  int v[] = {5, 3, 13, 1, 4};
  try {
    Tracer t("around qsort");
    qsort(v, 5, sizeof v[0], compare_or_throw);
    puts("sorted (not expected)");
  } catch (Base& b) {
    printf("caught %s %d from the comparator, %s\n", b.what(), b.code, compare_calls > 0 ? "after some calls" : "before any call");
  }
  int w[] = {3, 1, 2};
  qsort(w, 3, sizeof w[0], compare_or_throw);
  printf("then sorted: %d %d %d\n", w[0], w[1], w[2]);
}

int main(int argc, char** argv, char**) {
  printf("argc %d, argv[0] set: %d\n", argc, argv[0] != nullptr);
  int mode = 0;
  int got = _get_fmode(&mode);
  printf("file mode %#x (%d), wide environment: %d\n", mode, got, _get_initial_wide_environment() != nullptr);
  {
    Witness quiet;
  }
  by_type();
  by_value();
  deep();
  rethrow();
  throw_from_catch();
  try_in_catch();
  puts("-- through a frame without handlers");
  try {
    pass_through();
  } catch (int i) {
    printf("caught %d\n", i);
  }
  current_exception();
  loop();
  through_qsort();
  puts("-- done");
  return 3;
}
