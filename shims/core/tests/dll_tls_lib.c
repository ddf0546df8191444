// modtls.dll: a thread-local variable in the DLL's static TLS (clang compiles __thread to Windows'
// own TLS for mingw-w64 targets: a TLS directory and _tls_index, which gcc's emulated TLS has not).
__thread int per_thread = 7;

__declspec(dllexport) int tls_get(void) { return per_thread; }
__declspec(dllexport) void tls_set(int v) { per_thread = v; }
