// MSVCP90.dll (Visual C++ 2008's C++ runtime), called by name: std::string and std::wstring
// (constructors, assignment, append, insert, erase, replace, the searches, comparisons, substr,
// copy, resize, reserve, swap, the iterator forms; their fields read as Visual C++ 2008 lays them
// out: the capacity's growth is the ABI), the free operators (+, ==, <), and the string inserter and extractors
// (operator<< with a width and fill, operator>>, getline) on std::cout and std::cin (standard
// input: a few lines).
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "../../msvcp140/tests/msvcp_names.h"

// basic_string as Visual C++ 2008 lays it out: the allocator's slot, the characters or a pointer
// to them, the size, the capacity.
typedef struct {
  void* alloc;
  union {
    char buf[16];
    char* ptr;
  } data;
  size_t size, res;
} string;
typedef struct {
  void* alloc;
  union {
    wchar_t buf[8];
    wchar_t* ptr;
  } data;
  size_t size, res;
} wstring;

#define BS "?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@"
#define WS "?$basic_string@_WU?$char_traits@_W@std@@V?$allocator@_W@2@@std@@"
#define IS "?$basic_istream@DU?$char_traits@D@std@@@"
#define OS "?$basic_ostream@DU?$char_traits@D@std@@@"

static const char* text(const string* s) { return s->res < 16 ? s->data.buf : s->data.ptr; }
static void show(const char* what, const string* s) {
  printf("%-22s \"%s\" size %u capacity %u\n", what, text(s), (unsigned)s->size, (unsigned)s->res);
}
static const char* found(size_t v) {
  static char b[4][24];
  static int k;
  k = (k + 1) % 4;
  if (v == (size_t)-1) return "npos";
  snprintf(b[k], sizeof b[k], "%u", (unsigned)v);
  return b[k];
}
static int sign(int v) { return v < 0 ? -1 : v > 0; }

int main(void) {
  dll = LoadLibraryA("msvcp90.dll");
  printf("loaded: %d\n", dll != NULL);

  string* (THISCALL * ctor)(string*) = fn(NAME("??0" BS "QAE@XZ", "??0" BS "QEAA@XZ"));
  string* (THISCALL * ctor_cstr)(string*, const char*) = fn(NAME("??0" BS "QAE@PBD@Z", "??0" BS "QEAA@PEBD@Z"));
  string* (THISCALL * ctor_ch)(string*, size_t, char) = fn(NAME("??0" BS "QAE@ID@Z", "??0" BS "QEAA@_KD@Z"));
  string* (THISCALL * copy_ctor)(string*, const string*) = fn(NAME("??0" BS "QAE@ABV01@@Z", "??0" BS "QEAA@AEBV01@@Z"));
  string* (THISCALL * ctor_substr)(string*, const string*, size_t, size_t) =
      fn(NAME("??0" BS "QAE@ABV01@II@Z", "??0" BS "QEAA@AEBV01@_K1@Z"));
  void(THISCALL * dtor)(string*) = fn(NAME("??1" BS "QAE@XZ", "??1" BS "QEAA@XZ"));
  string* (THISCALL * assign_cstr)(string*, const char*) = fn(NAME("??4" BS "QAEAAV01@PBD@Z", "??4" BS "QEAAAEAV01@PEBD@Z"));
  string* (THISCALL * append_cstr)(string*, const char*) = fn(NAME("?append@" BS "QAEAAV12@PBD@Z", "?append@" BS "QEAAAEAV12@PEBD@Z"));
  string* (THISCALL * append_n)(string*, size_t, char) = fn(NAME("?append@" BS "QAEAAV12@ID@Z", "?append@" BS "QEAAAEAV12@_KD@Z"));
  string* (THISCALL * append_str)(string*, const string*) = fn(NAME("?append@" BS "QAEAAV12@ABV12@@Z", "?append@" BS "QEAAAEAV12@AEBV12@@Z"));
  string* (THISCALL * insert_cstr)(string*, size_t, const char*) =
      fn(NAME("?insert@" BS "QAEAAV12@IPBD@Z", "?insert@" BS "QEAAAEAV12@_KPEBD@Z"));
  string* (THISCALL * erase)(string*, size_t, size_t) = fn(NAME("?erase@" BS "QAEAAV12@II@Z", "?erase@" BS "QEAAAEAV12@_K0@Z"));
  string* (THISCALL * replace_cstr)(string*, size_t, size_t, const char*) =
      fn(NAME("?replace@" BS "QAEAAV12@IIPBD@Z", "?replace@" BS "QEAAAEAV12@_K0PEBD@Z"));
  size_t(THISCALL * find_cstr)(const string*, const char*, size_t) = fn(NAME("?find@" BS "QBEIPBDI@Z", "?find@" BS "QEBA_KPEBD_K@Z"));
  size_t(THISCALL * find_ch)(const string*, char, size_t) = fn(NAME("?find@" BS "QBEIDI@Z", "?find@" BS "QEBA_KD_K@Z"));
  size_t(THISCALL * rfind_ch)(const string*, char, size_t) = fn(NAME("?rfind@" BS "QBEIDI@Z", "?rfind@" BS "QEBA_KD_K@Z"));
  size_t(THISCALL * find_first_of)(const string*, const char*, size_t) =
      fn(NAME("?find_first_of@" BS "QBEIPBDI@Z", "?find_first_of@" BS "QEBA_KPEBD_K@Z"));
  size_t(THISCALL * find_last_not_of)(const string*, const char*, size_t) =
      fn(NAME("?find_last_not_of@" BS "QBEIPBDI@Z", "?find_last_not_of@" BS "QEBA_KPEBD_K@Z"));
  int(THISCALL * compare_cstr)(const string*, const char*) = fn(NAME("?compare@" BS "QBEHPBD@Z", "?compare@" BS "QEBAHPEBD@Z"));
  int(THISCALL * compare_sub)(const string*, size_t, size_t, const string*) =
      fn(NAME("?compare@" BS "QBEHIIABV12@@Z", "?compare@" BS "QEBAH_K0AEBV12@@Z"));
  string* (THISCALL * substr)(const string*, string*, size_t, size_t) =
      fn(NAME("?substr@" BS "QBE?AV12@II@Z", "?substr@" BS "QEBA?AV12@_K0@Z"));
  size_t(THISCALL * copy)(const string*, char*, size_t, size_t) = fn(NAME("?copy@" BS "QBEIPADII@Z", "?copy@" BS "QEBA_KPEAD_K1@Z"));
  void(THISCALL * resize)(string*, size_t, char) = fn(NAME("?resize@" BS "QAEXID@Z", "?resize@" BS "QEAAX_KD@Z"));
  void(THISCALL * reserve)(string*, size_t) = fn(NAME("?reserve@" BS "QAEXI@Z", "?reserve@" BS "QEAAX_K@Z"));
  void(THISCALL * swap)(string*, string*) = fn(NAME("?swap@" BS "QAEXAAV12@@Z", "?swap@" BS "QEAAXAEAV12@@Z"));
  const char* (THISCALL * c_str)(const string*) = fn(NAME("?c_str@" BS "QBEPBDXZ", "?c_str@" BS "QEBAPEBDXZ"));
  size_t(THISCALL * max_size)(const string*) = fn(NAME("?max_size@" BS "QBEIXZ", "?max_size@" BS "QEBA_KXZ"));
  char* (THISCALL * at)(string*, size_t) = fn(NAME("?at@" BS "QAEAADI@Z", "?at@" BS "QEAAAEAD_K@Z"));
  const size_t* npos = fn(NAME("?npos@" BS "2IB", "?npos@" BS "2_KB"));

  printf("-- std::string\n");
  printf("npos is -1: %d\n", *npos == (size_t)-1);
  string a, b, c, d;
  ctor(&a);
  show("default", &a);
  ctor_cstr(&b, "hello");
  show("from \"hello\"", &b);
  printf("c_str is the union: %d\n", c_str(&b) == b.data.buf);
  append_cstr(&b, ", world");
  show("append", &b);
  append_cstr(&b, " and more text");
  show("append to the heap", &b);
  printf("c_str is the pointer: %d\n", c_str(&b) == b.data.ptr);
  for (int i = 0; i < 4; i++) {
    append_n(&b, 10, 'a' + i);
    printf("append 10: size %u capacity %u\n", (unsigned)b.size, (unsigned)b.res);
  }
  assign_cstr(&b, "The quick brown fox jumps over the lazy dog");
  show("assign", &b);
  printf("find \"fox\" %s, find 'o' %s, from 15 %s, rfind 'o' %s, find \"cat\" %s\n", found(find_cstr(&b, "fox", 0)),
         found(find_ch(&b, 'o', 0)), found(find_ch(&b, 'o', 15)), found(rfind_ch(&b, 'o', (size_t)-1)),
         found(find_cstr(&b, "cat", 0)));
  printf("find_first_of \"aeiou\" %s, find_last_not_of \"dog\" %s\n", found(find_first_of(&b, "aeiou", 0)),
         found(find_last_not_of(&b, "dog", (size_t)-1)));
  substr(&b, &c, 4, 5);
  show("substr(4, 5)", &c);
  printf("compare \"quick\" %d, \"quicker\" %d, \"apple\" %d, substring 4..9 with it %d\n", sign(compare_cstr(&c, "quick")),
         sign(compare_cstr(&c, "quicker")), sign(compare_cstr(&c, "apple")), sign(compare_sub(&b, 4, 5, &c)));
  insert_cstr(&c, 0, "very ");
  show("insert at 0", &c);
  erase(&c, 4, 1);
  show("erase(4, 1)", &c);
  replace_cstr(&c, 0, 4, "so");
  show("replace(0, 4)", &c);
  char buf[8] = {0};
  printf("copy(buf, 5, 2): %u \"%s\"\n", (unsigned)copy(&c, buf, 5, 2), buf);
  resize(&c, 10, '!');
  show("resize(10, '!')", &c);
  resize(&c, 3, '?');
  show("resize(3)", &c);
  reserve(&c, 40);
  show("reserve(40)", &c);
  reserve(&c, 0);
  show("reserve(0)", &c);
  *at(&c, 1) = 'O';
  show("at(1) = 'O'", &c);
  copy_ctor(&d, &b);
  show("copy", &d);
  swap(&c, &d);
  show("swapped: c", &c);
  show("swapped: d", &d);
  string e;
  ctor_substr(&e, &b, 40, 100);
  show("from b at 40", &e);
  string f;
  ctor_ch(&f, 20, 'z');
  show("20 'z'", &f);
  append_str(&f, &f);
  show("appended to itself", &f);
  printf("max_size at least 2^31 - 2: %d\n", max_size(&a) >= 0x7ffffffe);

  printf("-- iterators\n");
  typedef struct {
    string* str;
    char* pos;
  } iter;
#define IT "?$_String_iterator@DU?$char_traits@D@std@@V?$allocator@D@2@@"
#define CIT "?$_String_const_iterator@DU?$char_traits@D@std@@V?$allocator@D@2@@"
  iter* (THISCALL * begin)(string*, iter*) = fn(NAME("?begin@" BS "QAE?AV" IT "2@XZ", "?begin@" BS "QEAA?AV" IT "2@XZ"));
  iter* (THISCALL * end)(string*, iter*) = fn(NAME("?end@" BS "QAE?AV" IT "2@XZ", "?end@" BS "QEAA?AV" IT "2@XZ"));
  iter* (THISCALL * erase_it)(string*, iter*, iter) =
      fn(NAME("?erase@" BS "QAE?AV" IT "2@V" CIT "2@@Z", "?erase@" BS "QEAA?AV" IT "2@V" CIT "2@@Z"));
  iter* (THISCALL * insert_it)(string*, iter*, iter, char) =
      fn(NAME("?insert@" BS "QAE?AV" IT "2@V" CIT "2@D@Z", "?insert@" BS "QEAA?AV" IT "2@V" CIT "2@D@Z"));
  string* (THISCALL * replace_it)(string*, iter, iter, const char*) =
      fn(NAME("?replace@" BS "QAEAAV12@V" CIT "2@0PBD@Z", "?replace@" BS "QEAAAEAV12@V" CIT "2@0PEBD@Z"));
  string* (THISCALL * ctor_it)(string*, iter, iter) = fn(NAME("??0" BS "QAE@V" CIT "1@0@Z", "??0" BS "QEAA@V" CIT "1@0@Z"));
  string it_s, it_t;
  ctor_cstr(&it_s, "iterators");
  iter first, last, r;
  begin(&it_s, &first);
  end(&it_s, &last);
  printf("begin is the string's: %d, end - begin %d\n", first.str == &it_s && first.pos == text(&it_s), (int)(last.pos - first.pos));
  iter at4 = first;
  at4.pos += 4;
  erase_it(&it_s, &r, at4);
  show("erase(begin + 4)", &it_s);
  printf("  returned: index %d\n", (int)(r.pos - text(&it_s)));
  begin(&it_s, &first);
  insert_it(&it_s, &r, first, '>');
  show("insert(begin, '>')", &it_s);
  begin(&it_s, &first);
  iter third = first;
  third.pos += 3;
  replace_it(&it_s, first, third, "ITE");
  show("replace(begin, begin + 3)", &it_s);
  begin(&it_s, &first);
  end(&it_s, &last);
  first.pos += 1;
  last.pos -= 2;
  ctor_it(&it_t, first, last);
  show("from begin + 1 to end - 2", &it_t);
  dtor(&it_s), dtor(&it_t);

  printf("-- operators\n");
  string* (__cdecl * plus_cstr)(string*, const string*, const char*) =
      fn(NAME("??$?HDU?$char_traits@D@std@@V?$allocator@D@1@@std@@YA?AV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@ABV10@PBD@Z",
              "??$?HDU?$char_traits@D@std@@V?$allocator@D@1@@std@@YA?AV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@AEBV10@PEBD@Z"));
  string* (__cdecl * plus_ch)(string*, char, const string*) =
      fn(NAME("??$?HDU?$char_traits@D@std@@V?$allocator@D@1@@std@@YA?AV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@DABV10@@Z",
              "??$?HDU?$char_traits@D@std@@V?$allocator@D@1@@std@@YA?AV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@DAEBV10@@Z"));
  _Bool(__cdecl * equal)(const string*, const string*) =
      fn(NAME("??$?8DU?$char_traits@D@std@@V?$allocator@D@1@@std@@YA_NABV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@0@Z",
              "??$?8DU?$char_traits@D@std@@V?$allocator@D@1@@std@@YA_NAEBV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@0@Z"));
  _Bool(__cdecl * less_cstr)(const string*, const char*) =
      fn(NAME("??$?MDU?$char_traits@D@std@@V?$allocator@D@1@@std@@YA_NABV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@PBD@Z",
              "??$?MDU?$char_traits@D@std@@V?$allocator@D@1@@std@@YA_NAEBV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@PEBD@Z"));
  string g, h;
  plus_cstr(&g, &c, " + text");
  show("c + \" + text\"", &g);
  plus_ch(&h, '>', &g);
  show("'>' + that", &h);
  printf("c (b's copy) == b: %d, d == b: %d, c < \"zzz\": %d, c < \"A\": %d\n", equal(&c, &b), equal(&d, &b),
         less_cstr(&c, "zzz"), less_cstr(&c, "A"));

  printf("-- std::wstring\n");
  wstring* (THISCALL * wctor_cstr)(wstring*, const wchar_t*) = fn(NAME("??0" WS "QAE@PB_W@Z", "??0" WS "QEAA@PEB_W@Z"));
  wstring* (THISCALL * wappend)(wstring*, const wchar_t*) = fn(NAME("?append@" WS "QAEAAV12@PB_W@Z", "?append@" WS "QEAAAEAV12@PEB_W@Z"));
  size_t(THISCALL * wfind)(const wstring*, wchar_t, size_t) = fn(NAME("?find@" WS "QBEI_WI@Z", "?find@" WS "QEBA_K_W_K@Z"));
  void(THISCALL * wdtor)(wstring*) = fn(NAME("??1" WS "QAE@XZ", "??1" WS "QEAA@XZ"));
  wstring w;
  wctor_cstr(&w, L"wide");
  printf("L\"wide\": size %u capacity %u\n", (unsigned)w.size, (unsigned)w.res);
  wappend(&w, L" strings grow");
  printf("appended: size %u capacity %u, find 'g' %s, \"%ls\"\n", (unsigned)w.size, (unsigned)w.res, found(wfind(&w, L'g', 0)),
         w.res < 8 ? w.data.buf : w.data.ptr);
  wdtor(&w);

  printf("-- streams\n");
  void* cout = fn(NAME("?cout@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A", "?cout@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A"));
  void* cin = fn(NAME("?cin@std@@3V?$basic_istream@DU?$char_traits@D@std@@@1@A", "?cin@std@@3V?$basic_istream@DU?$char_traits@D@std@@@1@A"));
  void* (__cdecl * print)(void*, const string*) =
      fn(NAME("??$?6DU?$char_traits@D@std@@V?$allocator@D@1@@std@@YAAAV?$basic_ostream@DU?$char_traits@D@std@@@0@AAV10@ABV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@@Z",
              "??$?6DU?$char_traits@D@std@@V?$allocator@D@1@@std@@YAAEAV?$basic_ostream@DU?$char_traits@D@std@@@0@AEAV10@AEBV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@@Z"));
  void* (__cdecl * read)(void*, string*) =
      fn(NAME("??$?5DU?$char_traits@D@std@@V?$allocator@D@1@@std@@YAAAV?$basic_istream@DU?$char_traits@D@std@@@0@AAV10@AAV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@@Z",
              "??$?5DU?$char_traits@D@std@@V?$allocator@D@1@@std@@YAAEAV?$basic_istream@DU?$char_traits@D@std@@@0@AEAV10@AEAV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@@Z"));
  void* (__cdecl * getline)(void*, string*) =
      fn(NAME("??$getline@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@YAAAV?$basic_istream@DU?$char_traits@D@std@@@0@AAV10@AAV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@@Z",
              "??$getline@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@YAAEAV?$basic_istream@DU?$char_traits@D@std@@@0@AEAV10@AEAV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@@Z"));
  void* (__cdecl * getline_delim)(void*, string*, char) =
      fn(NAME("??$getline@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@YAAAV?$basic_istream@DU?$char_traits@D@std@@@0@AAV10@AAV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@D@Z",
              "??$getline@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@YAAEAV?$basic_istream@DU?$char_traits@D@std@@@0@AEAV10@AEAV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@D@Z"));
  void* (__cdecl * endl)(void*) = fn(NAME("?endl@std@@YAAAV?$basic_ostream@DU?$char_traits@D@std@@@1@AAV21@@Z",
                                          "?endl@std@@YAAEAV?$basic_ostream@DU?$char_traits@D@std@@@1@AEAV21@@Z"));
  void* (THISCALL * put_fn)(void*, void* (__cdecl*)(void*)) =
      fn(NAME("??6" OS "std@@QAEAAV01@P6AAAV01@AAV01@@Z@Z", "??6" OS "std@@QEAAAEAV01@P6AAEAV01@AEAV01@@Z@Z"));
  void* (THISCALL * ios_of_cout)(void*);  // (the basic_ios part: through the vbtable)
  (void)ios_of_cout;
  char (THISCALL * fill)(void*, char) = fn(NAME("?fill@?$basic_ios@DU?$char_traits@D@std@@@std@@QAEDD@Z", "?fill@?$basic_ios@DU?$char_traits@D@std@@@std@@QEAADD@Z"));
  void* ios = (char*)cout + ((const int*)*(void**)cout)[1];
#ifdef _WIN64
  long long (THISCALL * width)(void*, long long) = fn("?width@ios_base@std@@QEAA_J_J@Z");
#else
  int (THISCALL * width)(void*, int) = fn("?width@ios_base@std@@QAEHH@Z");
#endif
  int (THISCALL * setf)(void*, int, int) = fn(NAME("?setf@ios_base@std@@QAEHHH@Z", "?setf@ios_base@std@@QEAAHHH@Z"));
  fflush(stdout);
  print(cout, &c);
  put_fn(cout, endl);
  width(ios, 12);
  fill(ios, '.');
  print(cout, &d);
  put_fn(cout, endl);
  setf(ios, 0x40 /* left */, 0x1c0);
  width(ios, 12);
  print(cout, &d);
  put_fn(cout, endl);
  printf("width after: %d\n", (int)width(ios, 0));
  fflush(stdout);
  string line, word;
  ctor(&line);
  ctor(&word);
  for (int i = 0; i < 2; i++) {
    getline(cin, &line);
    show("getline", &line);
  }
  read(cin, &word);
  show(">> word", &word);
  read(cin, &word);
  show(">> word", &word);
  getline_delim(cin, &line, ';');
  show("getline to ';'", &line);
  getline(cin, &line);
  show("getline rest", &line);
  getline(cin, &line);
  show("getline at the end", &line);
  dtor(&a), dtor(&b), dtor(&c), dtor(&d), dtor(&e), dtor(&f), dtor(&g), dtor(&h), dtor(&line), dtor(&word);
  return 0;
}
