// C++ exceptions across a DLL (cxxthrow.dll): thrown in the DLL and caught in the program, caught in
// the DLL, and thrown by the program through the DLL's frames back to the program.
#include <cstdio>
#include <stdexcept>
#include <windows.h>

extern "C" __declspec(dllimport) int cxx_parse(const char* s);
extern "C" __declspec(dllimport) int cxx_safe(const char* s);
extern "C" __declspec(dllimport) void cxx_throw_custom(int code);
extern "C" __declspec(dllimport) void cxx_call_back(void (*fn)(int), int v);

static void thrower(int v) {
  if (v > 0) throw v;
}

int main() {
  std::printf("cxx_parse(\"123\") = %d\n", cxx_parse("123"));
  try {
    cxx_parse("");
  } catch (const std::invalid_argument& e) {
    std::printf("caught std::invalid_argument from the DLL: %s\n", e.what());
  }
  try {
    cxx_parse("abc");
  } catch (const std::logic_error& e) {
    std::printf("caught a std::logic_error from libstdc++ through the DLL: %s\n", e.what());
  }
  try {
    cxx_throw_custom(7);
  } catch (const std::exception& e) {
    std::printf("caught std::exception: %s\n", e.what());
  }
  std::printf("cxx_safe(\"x\") = %d\n", cxx_safe("x"));
  try {
    cxx_call_back(thrower, 42);
    std::printf("not thrown\n");
  } catch (int v) {
    std::printf("caught the program's int %d through the DLL\n", v);
  }
  cxx_call_back(thrower, 0);
  std::printf("the C++ runtime is a DLL: %s\n", GetModuleHandleA("libstdc++-6.dll") ? "yes" : "no");
  return 0;
}
