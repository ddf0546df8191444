// _set_se_translator: a structured exception reaching a function's try block is first given to the
// thread's translator, and the C++ exception it throws is what the catch clauses see (here, and in
// a caller further up through a function with no try block); without a translator the structured
// exception passes the C++ catch clauses by, to an __except.
#include "msvc.h"

struct SehError {
  unsigned long code;
};
struct Other {};

typedef void(__cdecl* Translator)(unsigned int, EXCEPTION_POINTERS*);
extern "C" __declspec(dllimport) Translator __cdecl _set_se_translator(Translator);

static int translations;
static void __cdecl translate(unsigned int code, EXCEPTION_POINTERS* ep) {
  ++translations;
  printf("  translator: %x, record's code %x\n", code, (unsigned)ep->ExceptionRecord->ExceptionCode);
  throw SehError{code};
}

__declspec(noinline) static void raise(unsigned long code) { RaiseException(code, 0, 0, nullptr); }

// No try block: the structured exception goes on up to the caller's, where it is translated.
__declspec(noinline) static void middle(unsigned long code) {
  Other o;
  (void)o;
  raise(code);
}

static int seh_filter(unsigned long code) {
  printf("  __except filter sees %lx\n", code);
  return EXCEPTION_EXECUTE_HANDLER;
}
__declspec(noinline) static void without_translator() {
  try {
    raise(0xE0000003);
  } catch (SehError&) {
    printf("  wrongly translated\n");
  }
}

// (__try and C++ try cannot share a function.)
__declspec(noinline) static void guarded_without_translator() {
  __try {
    without_translator();
  } __except (seh_filter(GetExceptionCode())) {
    printf("handled by __except\n");
  }
}

int main() {
  Translator old = _set_se_translator(translate);
  printf("previous translator: %d\n", old == nullptr);
  try {
    raise(0xE0000001);
  } catch (SehError& e) {
    printf("caught SehError %lx\n", e.code);
  }
  try {
    middle(0xE0000002);
  } catch (SehError& e) {
    printf("caught SehError %lx from a function without a try block\n", e.code);
  }
  printf("translations: %d\n", translations);
  old = _set_se_translator(nullptr);
  printf("the translator set was returned: %d\n", old == translate);
  guarded_without_translator();
  return 0;
}
