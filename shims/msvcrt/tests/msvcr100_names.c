/* A program linked against Visual C++ 2010's runtime (msvcr100.dll), calling what that runtime has
 * beyond msvcrt.dll's names: _encoded_null (and msvcr90's _encode_pointer and _decode_pointer,
 * looked up), the runtime's heap names, the locale names with two underscores, the __p__ forms of
 * the time-zone variables, _getptd, __crt_debugger_hook and __clean_type_info_names_internal. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <windows.h>

void* __cdecl _encoded_null(void);
void* __cdecl _malloc_crt(size_t n);
void* __cdecl _calloc_crt(size_t n, size_t size);
void* __cdecl _realloc_crt(void* p, size_t n);
_locale_t __cdecl __create_locale(int category, const char* name);
void __cdecl __free_locale(_locale_t l);
_locale_t __cdecl __get_current_locale(void);
int* __cdecl __p__daylight(void);
long* __cdecl __p__timezone(void);
char** __cdecl __p__tzname(void);
void* __cdecl _getptd(void);
struct type_info_node {
  void* memory;
  struct type_info_node* next;
};
void __cdecl __clean_type_info_names_internal(struct type_info_node* root);

typedef void*(__cdecl* Coder)(void*);

int main(void) {
  int x = 0;
  void* null_encoded = _encoded_null();
  printf("_encoded_null is EncodePointer(NULL): %d\n", null_encoded == EncodePointer(NULL));
  HMODULE old = LoadLibraryA("msvcr90.dll");
  Coder encode = (Coder)GetProcAddress(old, "_encode_pointer"), decode = (Coder)GetProcAddress(old, "_decode_pointer");
  printf("msvcr90's coders found: %d\n", encode && decode);
  if (encode && decode) {
    void* e = encode(&x);
    printf("encoded as EncodePointer encodes: %d, decoded back: %d\n", e == EncodePointer(&x), decode(e) == &x);
  }
  char* m = _malloc_crt(16);
  m = _realloc_crt(m, 64);
  int* z = _calloc_crt(8, sizeof(int));
  printf("runtime heap: %d, zeroed: %d\n", m != NULL && z != NULL, z[7] == 0);
  free(m);
  free(z);
  _locale_t l = __create_locale(LC_ALL, "C");
  printf("__create_locale(\"C\"): %d, current locale: %d\n", l != NULL, __get_current_locale() != NULL);
  __free_locale(l);
  printf("__p__daylight is &_daylight: %d, __p__timezone is &_timezone: %d, __p__tzname is _tzname: %d\n",
         __p__daylight() == &_daylight, __p__timezone() == &_timezone, __p__tzname() == _tzname);
  const unsigned long* ptd = _getptd();
  printf("_getptd: the thread's id first: %d, the same block again: %d\n", ptd[0] == GetCurrentThreadId(),
         (const void*)ptd == _getptd());
  /* (looked up: mingw-w64's i686 import library lacks it) */
  void(__cdecl * hook)(int) = (void(__cdecl*)(int))GetProcAddress(GetModuleHandleA("msvcr100.dll"), "__crt_debugger_hook");
  printf("__crt_debugger_hook found: %d\n", hook != NULL);
  if (hook) hook(1);
  struct type_info_node root = {NULL, NULL};
  __clean_type_info_names_internal(&root);
  printf("empty name list cleaned: %d\n", root.next == NULL);
  return 0;
}
