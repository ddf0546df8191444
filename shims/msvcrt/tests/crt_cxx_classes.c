/* msvcrt.dll's C++ exception classes by their decorated names: exception's constructors (default,
 * copying the message, borrowing it, copy), operator=, what(), bad_cast's, bad_typeid's and
 * __non_rtti_object's constructors and default constructor closures, the destructors, and the
 * vftables (the object's vftable is the class's exported one; its slots are the deleting
 * destructor and what). Found with GetProcAddress; i386's thiscall made as __fastcall with an
 * unused edx. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#ifdef _WIN64
#define D(name64, name32) name64
typedef void*(__cdecl* m0)(void*);
typedef void*(__cdecl* m1)(void*, const void*);
typedef void*(__cdecl* m2)(void*, const void*, int);
typedef void*(__cdecl* md)(void*, unsigned);
#define CALL0(f, s) ((m0)(f))(s)
#define CALL1(f, s, a) ((m1)(f))(s, a)
#define CALL2(f, s, a, b) ((m2)(f))(s, a, b)
#define CALLD(f, s, a) ((md)(f))(s, a)
#else
#define D(name64, name32) name32
typedef void*(__fastcall* m0)(void*, int);
typedef void*(__fastcall* m1)(void*, int, const void*);
typedef void*(__fastcall* m2)(void*, int, const void*, int);
typedef void*(__fastcall* md)(void*, int, unsigned);
#define CALL0(f, s) ((m0)(f))(s, 0)
#define CALL1(f, s, a) ((m1)(f))(s, 0, a)
#define CALL2(f, s, a, b) ((m2)(f))(s, 0, a, b)
#define CALLD(f, s, a) ((md)(f))(s, 0, a)
#endif

typedef struct {
  void** vftable;
  const char* name;
  int do_free;
} object;

static HMODULE crt;
static FARPROC fn(const char* name) {
  FARPROC f = GetProcAddress(crt, name);
  if (!f) {
    printf("%s: not exported\n", name);
    exit(1);
  }
  return f;
}

int main(void) {
  object a, b, c, d, e, f;
  object* heap;
  const char* boom = "boom";
  FARPROC what, ctor_default, ctor_ref, ctor_nocopy, ctor_copy, assign, dtor;
  void* vft_exception;
  crt = GetModuleHandleA("msvcrt.dll");
  what = fn(D("?what@exception@@UEBAPEBDXZ", "?what@exception@@UBEPBDXZ"));
  ctor_default = fn(D("??0exception@@QEAA@XZ", "??0exception@@QAE@XZ"));
  ctor_ref = fn(D("??0exception@@QEAA@AEBQEBD@Z", "??0exception@@QAE@ABQBD@Z"));
  ctor_nocopy = fn(D("??0exception@@QEAA@AEBQEBDH@Z", "??0exception@@QAE@ABQBDH@Z"));
  ctor_copy = fn(D("??0exception@@QEAA@AEBV0@@Z", "??0exception@@QAE@ABV0@@Z"));
  assign = fn(D("??4exception@@QEAAAEAV0@AEBV0@@Z", "??4exception@@QAEAAV0@ABV0@@Z"));
  dtor = fn(D("??1exception@@UEAA@XZ", "??1exception@@UAE@XZ"));
  vft_exception = (void*)fn("??_7exception@@6B@");

  CALL0(ctor_default, &a);
  printf("default: vftable %d, what [%s], owns %d\n", a.vftable == vft_exception, (char*)CALL0(what, &a), a.do_free);
  CALL1(ctor_ref, &b, &boom);
  printf("from a message: what [%s], copied %d, owns %d\n", (char*)CALL0(what, &b), b.name != boom, b.do_free);
  CALL2(ctor_nocopy, &c, &boom, 1);
  printf("borrowing: what [%s], the same text %d, owns %d\n", (char*)CALL0(what, &c), c.name == boom, c.do_free);
  CALL1(ctor_copy, &d, &b);
  printf("copy of an owner: what [%s], its own copy %d, owns %d\n", (char*)CALL0(what, &d), d.name != b.name, d.do_free);
  CALL1(ctor_copy, &e, &c);
  printf("copy of a borrower: the same text %d, owns %d\n", e.name == boom, e.do_free);
  printf("operator= returns the object %d", CALL1(assign, &a, &b) == &a);
  printf(", what [%s], owns %d\n", (char*)CALL0(what, &a), a.do_free);
  printf("the vftable's what: [%s]\n", (char*)CALL0(a.vftable[1], &b));
  CALL0(dtor, &a);
  CALL0(dtor, &b);
  CALL0(dtor, &d);

  {
    void* vft_cast = (void*)fn("??_7bad_cast@@6B@");
    void* vft_typeid = (void*)fn("??_7bad_typeid@@6B@");
    void* vft_rtti = (void*)fn("??_7__non_rtti_object@@6B@");
    const char* msg = "cast failed";
    CALL1(fn(D("??0bad_cast@@QEAA@PEBD@Z", "??0bad_cast@@QAE@PBD@Z")), &a, "no cast");
    printf("bad_cast(const char*): vftable %d, what [%s], owns %d\n", a.vftable == vft_cast, (char*)CALL0(what, &a), a.do_free);
    CALL1(fn(D("??0bad_cast@@QEAA@AEBQEBD@Z", "??0bad_cast@@QAE@ABQBD@Z")), &b, &msg);
    printf("bad_cast(const char* const&): what [%s]\n", (char*)CALL0(b.vftable[1], &b));
    CALL1(fn(D("??0bad_cast@@AEAA@PEBQEBD@Z", "??0bad_cast@@AAE@PBQBD@Z")), &c, &msg);
    printf("bad_cast(const char* const*): what [%s]\n", (char*)CALL0(what, &c));
    CALL1(fn(D("??0bad_cast@@QEAA@AEBV0@@Z", "??0bad_cast@@QAE@ABV0@@Z")), &d, &a);
    printf("bad_cast copy: vftable %d, what [%s]\n", d.vftable == vft_cast, (char*)CALL0(what, &d));
    CALL0(fn(D("??_Fbad_cast@@QEAAXXZ", "??_Fbad_cast@@QAEXXZ")), &e);
    printf("bad_cast closure: vftable %d, what [%s]\n", e.vftable == vft_cast, (char*)CALL0(what, &e));
    CALL0(fn(D("??_Fbad_typeid@@QEAAXXZ", "??_Fbad_typeid@@QAEXXZ")), &f);
    printf("bad_typeid closure: vftable %d, what [%s]\n", f.vftable == vft_typeid, (char*)CALL0(what, &f));
    CALL0(fn(D("??1bad_cast@@UEAA@XZ", "??1bad_cast@@UAE@XZ")), &a);
    CALL0(fn(D("??1bad_typeid@@UEAA@XZ", "??1bad_typeid@@UAE@XZ")), &f);
    CALL1(fn(D("??0bad_typeid@@QEAA@PEBD@Z", "??0bad_typeid@@QAE@PBD@Z")), &a, "no type");
    CALL1(fn(D("??0bad_typeid@@QEAA@AEBV0@@Z", "??0bad_typeid@@QAE@ABV0@@Z")), &f, &a);
    printf("bad_typeid copy: vftable %d, what [%s]\n", f.vftable == vft_typeid, (char*)CALL0(what, &f));
    CALL1(fn(D("??0__non_rtti_object@@QEAA@PEBD@Z", "??0__non_rtti_object@@QAE@PBD@Z")), &c, "not rtti");
    CALL1(fn(D("??0__non_rtti_object@@QEAA@AEBV0@@Z", "??0__non_rtti_object@@QAE@ABV0@@Z")), &d, &c);
    printf("__non_rtti_object: vftable %d, copy's what [%s]\n", c.vftable == vft_rtti, (char*)CALL0(what, &d));
    CALL1(fn(D("??4bad_cast@@QEAAAEAV0@AEBV0@@Z", "??4bad_cast@@QAEAAV0@ABV0@@Z")), &e, &b);
    printf("bad_cast operator=: what [%s]\n", (char*)CALL0(what, &e));
    CALL0(fn(D("??1__non_rtti_object@@UEAA@XZ", "??1__non_rtti_object@@UAE@XZ")), &d);
  }

  /* The deleting destructor through the vftable: destroyed and freed (flags 1). */
  heap = malloc(sizeof *heap);
  CALL1(ctor_ref, heap, &boom);
  printf("deleting destructor returns the object %d\n", CALLD(heap->vftable[0], heap, 1) == heap);
  return 0;
}
