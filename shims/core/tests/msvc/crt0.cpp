// The start-up code an MSVC console program links statically (vcruntime's mainCRTStartup), in
// the order it calls the Universal CRT: app type, file mode, argv and environment, C and C++
// initializers, main, exit. Also the pieces of the static runtime a C++ program needs: printf
// over __stdio_common_vfprintf, operator new/delete over malloc/free, atexit, the type_info vtable.
#include "msvc.h"

typedef void(__cdecl* PVFV)(void);
typedef int(__cdecl* PIFV)(void);
typedef char* va_list_;

extern "C" {
__declspec(dllimport) void __cdecl _set_app_type(int);
__declspec(dllimport) int __cdecl _set_fmode(int);
__declspec(dllimport) int* __cdecl __p__commode(void);
__declspec(dllimport) int __cdecl _configure_narrow_argv(int);
__declspec(dllimport) int __cdecl _initialize_narrow_environment(void);
__declspec(dllimport) char** __cdecl _get_initial_narrow_environment(void);
__declspec(dllimport) int __cdecl _initterm_e(PIFV*, PIFV*);
__declspec(dllimport) void __cdecl _initterm(PVFV*, PVFV*);
__declspec(dllimport) int* __cdecl __p___argc(void);
__declspec(dllimport) char*** __cdecl __p___argv(void);
__declspec(dllimport) int __cdecl _crt_atexit(PVFV);
__declspec(dllimport) struct FILE_* __cdecl __acrt_iob_func(unsigned);
__declspec(dllimport) int __cdecl __stdio_common_vfprintf(unsigned long long, struct FILE_*, const char*, void*, va_list_);

// The initializer tables: the linker sorts .CRT$X?? sections by name, so what the compiler puts
// in .CRT$XCU (C++ constructors) lies between these markers.
#pragma section(".CRT$XIA", read)
#pragma section(".CRT$XIZ", read)
#pragma section(".CRT$XCA", read)
#pragma section(".CRT$XCZ", read)
__declspec(allocate(".CRT$XIA")) PIFV xi_a[] = {nullptr};
__declspec(allocate(".CRT$XIZ")) PIFV xi_z[] = {nullptr};
__declspec(allocate(".CRT$XCA")) PVFV xc_a[] = {nullptr};
__declspec(allocate(".CRT$XCZ")) PVFV xc_z[] = {nullptr};

int __cdecl printf(const char* fmt, ...) {
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  int r = __stdio_common_vfprintf(0, __acrt_iob_func(1), fmt, nullptr, reinterpret_cast<va_list_>(ap));
  __builtin_va_end(ap);
  return r;
}

int __cdecl puts(const char* s) { return printf("%s\n", s); }

int __cdecl atexit(PVFV fn) { return _crt_atexit(fn); }

int main(int argc, char** argv, char** envp);

void mainCRTStartup() {
  _set_app_type(1);  // _crt_console_app
  _set_fmode(0x4000);  // _O_TEXT
  *__p__commode() = 0;
  _configure_narrow_argv(2);  // _crt_argv_unexpanded_arguments
  _initialize_narrow_environment();
  if (_initterm_e(xi_a, xi_z) != 0) exit(255);
  _initterm(xc_a, xc_z);
  exit(main(*__p___argc(), *__p___argv(), _get_initial_narrow_environment()));
}
}

void* operator new(size_t n) { return malloc(n ? n : 1); }
void* operator new[](size_t n) { return malloc(n ? n : 1); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }

// The vtable RTTI type descriptors point at; the exception runtime compares names only.
extern "C" const void* type_info_vftable[2] __asm__("??_7type_info@@6B@") = {nullptr, nullptr};

// Marks a program that uses floating point (the linker looks for it).
extern "C" int _fltused = 0x9875;

#if defined(_M_IX86)
// The load configuration (vcruntime's loadcfg.c): on i386 it points at the table of the image's
// exception handlers, SafeSEH, which the linker fills (__safe_se_handler_table and, as an
// address, __safe_se_handler_count). Without it lld-link marks the image NO_SEH, and Windows
// would call none of the handlers its frames register (the __ehhandler stubs of C++ functions).
extern "C" const void* __safe_se_handler_table[];
extern "C" const char __safe_se_handler_count;
struct LoadConfig32 {
  unsigned size, time_date_stamp;
  unsigned short major, minor;
  unsigned global_flags_clear, global_flags_set, critical_section_timeout, decommit_free_block,
      decommit_total_free, lock_prefix_table, maximum_allocation_size, virtual_memory_threshold,
      process_heap_flags, process_affinity_mask;
  unsigned short csd_version, dependent_load_flags;
  unsigned edit_list, security_cookie;
  const void* se_handler_table;  // at 0x40
  const void* se_handler_count;  // at 0x44
};
extern "C" const LoadConfig32 _load_config_used = {
    sizeof(LoadConfig32), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    __safe_se_handler_table, &__safe_se_handler_count};
#endif
