// MSVCP140.dll's std::_Yarn<char>, _Yarn<wchar_t> and std::_Timevec, called by name: empty yarns
// and their "" text, copies of C strings, assignment from another yarn and from its own text,
// _Tidy; a _Timevec's pointer handed on by copying and assignment, and freed by its destructor.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "msvcp_names.h"

typedef struct {
  char* str;
  char nul;
} yarn;
typedef struct {
  wchar_t* str;
  wchar_t nul;
} wyarn;

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  yarn*(THISCALL * ctor)(yarn*) = fn(NAME("??0?$_Yarn@D@std@@QAE@XZ", "??0?$_Yarn@D@std@@QEAA@XZ"));
  yarn*(THISCALL * ctor_cstr)(yarn*, const char*) = fn(NAME("??0?$_Yarn@D@std@@QAE@PBD@Z", "??0?$_Yarn@D@std@@QEAA@PEBD@Z"));
  yarn*(THISCALL * copy_ctor)(yarn*, const yarn*) =
      fn(NAME("??0?$_Yarn@D@std@@QAE@ABV01@@Z", "??0?$_Yarn@D@std@@QEAA@AEBV01@@Z"));
  void(THISCALL * dtor)(yarn*) = fn(NAME("??1?$_Yarn@D@std@@QAE@XZ", "??1?$_Yarn@D@std@@QEAA@XZ"));
  yarn*(THISCALL * assign)(yarn*, const yarn*) =
      fn(NAME("??4?$_Yarn@D@std@@QAEAAV01@ABV01@@Z", "??4?$_Yarn@D@std@@QEAAAEAV01@AEBV01@@Z"));
  yarn*(THISCALL * assign_cstr)(yarn*, const char*) =
      fn(NAME("??4?$_Yarn@D@std@@QAEAAV01@PBD@Z", "??4?$_Yarn@D@std@@QEAAAEAV01@PEBD@Z"));
  const char*(THISCALL * c_str)(const yarn*) = fn(NAME("?c_str@?$_Yarn@D@std@@QBEPBDXZ", "?c_str@?$_Yarn@D@std@@QEBAPEBDXZ"));
  const char*(THISCALL * c_str2)(const yarn*) =
      fn(NAME("?_C_str@?$_Yarn@D@std@@QBEPBDXZ", "?_C_str@?$_Yarn@D@std@@QEBAPEBDXZ"));
  unsigned char(THISCALL * empty)(const yarn*) = fn(NAME("?empty@?$_Yarn@D@std@@QBE_NXZ", "?empty@?$_Yarn@D@std@@QEBA_NXZ"));
  unsigned char(THISCALL * empty2)(const yarn*) =
      fn(NAME("?_Empty@?$_Yarn@D@std@@QBE_NXZ", "?_Empty@?$_Yarn@D@std@@QEBA_NXZ"));
  void(THISCALL * tidy)(yarn*) = fn(NAME("?_Tidy@?$_Yarn@D@std@@AAEXXZ", "?_Tidy@?$_Yarn@D@std@@AEAAXXZ"));

  yarn a, b, c;
  memset(&a, 0x5a, sizeof a);
  void* r = ctor(&a);
  printf("_Yarn<char>(): returns this %d, empty %d %d, text \"%s\" (its own nul %d)\n", r == &a, empty(&a), empty2(&a),
         c_str(&a), c_str(&a) == &a.nul);
  const char* text = "locale name";
  ctor_cstr(&b, text);
  printf("from a C string: \"%s\" \"%s\", a copy %d, empty %d\n", c_str(&b), c_str2(&b), b.str != text, empty(&b));
  copy_ctor(&c, &b);
  printf("copied: \"%s\", its own copy %d\n", c_str(&c), c.str != b.str);
  r = assign_cstr(&a, "other");
  printf("assigned a C string: returns this %d, \"%s\"\n", r == &a, c_str(&a));
  char* before = a.str;
  assign_cstr(&a, a.str);
  printf("assigned its own text: kept %d, \"%s\"\n", a.str == before, c_str(&a));
  r = assign(&a, &b);
  printf("assigned a yarn: returns this %d, \"%s\"\n", r == &a, c_str(&a));
  assign_cstr(&a, NULL);
  printf("assigned null: empty %d, text \"%s\"\n", empty(&a), c_str(&a));
  tidy(&b);
  printf("_Tidy: empty %d\n", empty(&b));
  dtor(&a);
  dtor(&b);
  dtor(&c);

  wyarn*(THISCALL * wctor)(wyarn*) = fn(NAME("??0?$_Yarn@_W@std@@QAE@XZ", "??0?$_Yarn@_W@std@@QEAA@XZ"));
  void(THISCALL * wdtor)(wyarn*) = fn(NAME("??1?$_Yarn@_W@std@@QAE@XZ", "??1?$_Yarn@_W@std@@QEAA@XZ"));
  wyarn*(THISCALL * wassign)(wyarn*, const wchar_t*) =
      fn(NAME("??4?$_Yarn@_W@std@@QAEAAV01@PB_W@Z", "??4?$_Yarn@_W@std@@QEAAAEAV01@PEB_W@Z"));
  const wchar_t*(THISCALL * wc_str)(const wyarn*) =
      fn(NAME("?_C_str@?$_Yarn@_W@std@@QBEPB_WXZ", "?_C_str@?$_Yarn@_W@std@@QEBAPEB_WXZ"));
  unsigned char(THISCALL * wempty)(const wyarn*) =
      fn(NAME("?_Empty@?$_Yarn@_W@std@@QBE_NXZ", "?_Empty@?$_Yarn@_W@std@@QEBA_NXZ"));
  void(THISCALL * wtidy)(wyarn*) = fn(NAME("?_Tidy@?$_Yarn@_W@std@@AAEXXZ", "?_Tidy@?$_Yarn@_W@std@@AEAAXXZ"));
  wyarn w;
  wctor(&w);
  printf("_Yarn<wchar_t>(): empty %d, text empty %d\n", wempty(&w), wc_str(&w)[0] == 0);
  wassign(&w, L"wide text");
  printf("assigned: \"%ls\", empty %d\n", wc_str(&w), wempty(&w));
  wtidy(&w);
  printf("_Tidy: empty %d\n", wempty(&w));
  wassign(&w, L"again");
  wdtor(&w);
  printf("destroyed\n");

  void*(THISCALL * tv_ctor)(void**) = fn(NAME("??_F_Timevec@std@@QAEXXZ", "??_F_Timevec@std@@QEAAXXZ"));
  void*(THISCALL * tv_ctor_ptr)(void**, void*) = fn(NAME("??0_Timevec@std@@QAE@PAX@Z", "??0_Timevec@std@@QEAA@PEAX@Z"));
  void*(THISCALL * tv_copy)(void**, void**) = fn(NAME("??0_Timevec@std@@QAE@ABV01@@Z", "??0_Timevec@std@@QEAA@AEBV01@@Z"));
  void*(THISCALL * tv_assign)(void**, void**) =
      fn(NAME("??4_Timevec@std@@QAEAAV01@ABV01@@Z", "??4_Timevec@std@@QEAAAEAV01@AEBV01@@Z"));
  void(THISCALL * tv_dtor)(void**) = fn(NAME("??1_Timevec@std@@QAE@XZ", "??1_Timevec@std@@QEAA@XZ"));
  void*(THISCALL * tv_getptr)(void**) = fn(NAME("?_Getptr@_Timevec@std@@QBEPAXXZ", "?_Getptr@_Timevec@std@@QEBAPEAXXZ"));
  void* (__cdecl * crt_malloc)(size_t) = (void* (__cdecl*)(size_t))GetProcAddress(LoadLibraryA("ucrtbase.dll"), "malloc");
  void *t1 = (void*)1, *t2 = (void*)1, *t3 = (void*)1;
  tv_ctor(&t1);
  printf("_Timevec(): null %d\n", t1 == NULL && tv_getptr(&t1) == NULL);
  void* names = crt_malloc(64);
  tv_ctor_ptr(&t1, names);
  printf("_Timevec(ptr): holds it %d\n", tv_getptr(&t1) == names);
  r = tv_copy(&t2, &t1);
  printf("copied: returns this %d, the copy holds it %d, the source emptied %d\n", r == &t2, t2 == names, t1 == NULL);
  tv_ctor(&t3);
  r = tv_assign(&t3, &t2);
  printf("assigned: returns this %d, holds it %d, the source emptied %d\n", r == &t3, t3 == names, t2 == NULL);
  tv_dtor(&t1);
  tv_dtor(&t2);
  tv_dtor(&t3);
  printf("destroyed (the names freed once)\n");
  fflush(stdout);
  return 0;
}
