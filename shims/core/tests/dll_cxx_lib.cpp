// cxxthrow.dll: C++ exceptions thrown in a DLL and caught in the program that calls it, and thrown
// in the program through the DLL's frames; linked with the shared C++ runtime (libstdc++-6.dll and
// libgcc's DLL, shipped beside the program), as mingw-w64 builds C++ DLLs.
#include <cstdio>
#include <stdexcept>
#include <string>

namespace {
// Says when an exception unwinds through the DLL's frames.
struct Tracer {
  const char* where;
  ~Tracer() { std::printf("cxxthrow: unwound %s\n", where); }
};
}  // namespace

extern "C" __declspec(dllexport) int cxx_parse(const char* s) {
  Tracer t{"cxx_parse"};
  if (!s || !*s) throw std::invalid_argument("empty input");
  return std::stoi(s);  // std::invalid_argument from libstdc++ for "abc"
}

extern "C" __declspec(dllexport) int cxx_safe(const char* s) {
  try {
    return cxx_parse(s);
  } catch (const std::exception& e) {
    std::printf("cxxthrow: caught in the DLL: %s\n", e.what());
    return -1;
  }
}

extern "C" __declspec(dllexport) void cxx_throw_custom(int code) {
  Tracer t{"cxx_throw_custom"};
  throw std::runtime_error("custom error " + std::to_string(code));
}

// Calls back into the program, whose exception passes through this frame.
extern "C" __declspec(dllexport) void cxx_call_back(void (*fn)(int), int v) {
  Tracer t{"cxx_call_back"};
  fn(v);
}
