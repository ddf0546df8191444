/* The C++ exception runtime's bookkeeping exports (vcruntime140.dll's; msvcrt.dll's share of
 * them): frame records holding exception objects, an exception registered as the thread's current
 * one and unregistered, the object's destructor called, rethrows told apart, the throw
 * information's size, __processing_throw, and the type_info name list freed. Found with
 * GetProcAddress, as the names are the runtime's internals. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifdef _UCRT
#define RUNTIME "vcruntime140.dll"
#else
#define RUNTIME "msvcrt.dll"
#endif

typedef struct frame_info {
  void* object;
  struct frame_info* next;
} frame_info;
typedef struct {
  frame_info frame;
  void* saved_record;
  void* saved_context;
} cxx_frame;

static int destroyed;
static void* destroyed_object;
#ifdef _WIN64
static void destructor(void* object) {
#else
static void __fastcall destructor(void* object) { /* thiscall: the object in ecx */
#endif
  ++destroyed;
  destroyed_object = object;
}

static FARPROC fn(HMODULE m, const char* name) {
  FARPROC f = GetProcAddress(m, name);
  if (!f) printf("%s: not exported\n", name);
  return f;
}

int main(void) {
  HMODULE rt = LoadLibraryA(RUNTIME);
  int object = 7;
  EXCEPTION_RECORD rec;
  CONTEXT ctx;
  EXCEPTION_POINTERS ep = {&rec, &ctx};
  cxx_frame frame;
  unsigned info[4] = {0, 0, 0, 0};
  int r;

  unsigned(__cdecl * query_size)(void) = (void*)fn(rt, "__CxxQueryExceptionSize");
  BOOL(__cdecl * detect_rethrow)(EXCEPTION_POINTERS*) = (void*)fn(rt, "__CxxDetectRethrow");
  BOOL(__cdecl * register_object)(EXCEPTION_POINTERS*, cxx_frame*) = (void*)fn(rt, "__CxxRegisterExceptionObject");
  void(__cdecl * unregister_object)(cxx_frame*, BOOL) = (void*)fn(rt, "__CxxUnregisterExceptionObject");
  void(__cdecl * destruct)(EXCEPTION_RECORD*) = (void*)fn(rt, "__DestructExceptionObject");
  if (!query_size || !detect_rethrow || !register_object || !unregister_object || !destruct) return 1;

  printf("__CxxQueryExceptionSize %u\n", query_size());
  printf("__CxxDetectRethrow(NULL) %d\n", detect_rethrow(NULL));

  memset(&rec, 0, sizeof rec);
  rec.ExceptionCode = 0xc0000005;
  printf("__CxxDetectRethrow(access violation) %d\n", detect_rethrow(&ep));

  memset(&frame, 0x55, sizeof frame);
  r = register_object(NULL, &frame);
  printf("__CxxRegisterExceptionObject(NULL) %d, marked %d\n", r,
         frame.saved_record == (void*)-1 && frame.saved_context == (void*)-1);
  unregister_object(&frame, FALSE);
  printf("__CxxUnregisterExceptionObject of the marked frame returned\n");

  /* A C++ exception record of the runtime's form: magic, object, ThrowInfo (and the image base). */
  rec.ExceptionCode = 0xe06d7363;
  rec.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
  rec.ExceptionInformation[0] = 0x19930520;
  rec.ExceptionInformation[1] = (ULONG_PTR)&object;
  rec.ExceptionInformation[2] = (ULONG_PTR)info;
#ifdef _WIN64
  rec.NumberParameters = 4;
  rec.ExceptionInformation[3] = (ULONG_PTR)GetModuleHandleA(NULL);
  info[1] = (unsigned)((char*)destructor - (char*)GetModuleHandleA(NULL));
#else
  rec.NumberParameters = 3;
  info[1] = (unsigned)(ULONG_PTR)destructor;
#endif
  /* A rethrow's record (magic VC6 and a ThrowInfo) is replaced by the current exception's. */
  r = detect_rethrow(&ep);
  printf("__CxxDetectRethrow(C++ exception, nothing current) %d, record now the current %d\n", r,
         ep.ExceptionRecord == NULL);
  ep.ExceptionRecord = &rec;
  r = register_object(&ep, &frame);
  printf("__CxxRegisterExceptionObject %d, frame holds the object %d\n", r, frame.frame.object == &object);
  rec.ExceptionInformation[0] = 0x19930521;
  r = detect_rethrow(&ep);
  printf("__CxxDetectRethrow(the current one) %d\n", r);
  rec.ExceptionInformation[0] = 0x19930520;
  unregister_object(&frame, TRUE);
  printf("unregistered in use: destroyed %d\n", destroyed);
  register_object(&ep, &frame);
  unregister_object(&frame, FALSE);
  printf("unregistered not in use: destroyed %d, the object %d\n", destroyed, destroyed_object == &object);
  destruct(&rec);
  printf("__DestructExceptionObject: destroyed %d\n", destroyed);
  rec.ExceptionInformation[0] = 0x12345678;
  destruct(&rec);
  printf("__DestructExceptionObject (another magic): destroyed %d\n", destroyed);

#ifdef _UCRT
  {
    frame_info* (__cdecl * create)(frame_info*, void*) = (void*)fn(rt, "_CreateFrameInfo");
    void(__cdecl * unlink)(frame_info*) = (void*)fn(rt, "_FindAndUnlinkFrame");
    BOOL(__cdecl * to_destroy)(const void*) = (void*)fn(rt, "_IsExceptionObjectToBeDestroyed");
    int*(__cdecl * processing)(void) = (void*)fn(rt, "__processing_throw");
    const char*(__cdecl * type_name)(void*, SLIST_HEADER*) = (void*)fn(rt, "__std_type_info_name");
    void(__cdecl * destroy_list)(SLIST_HEADER*) = (void*)fn(rt, "__std_type_info_destroy_list");
    frame_info a, b;
    int other = 8;
    SLIST_HEADER list __attribute__((aligned(16)));
    struct {
      const char* name;
      char decorated[16];
    } ti1 = {NULL, ".H"}, ti2 = {NULL, ".?AVthing@@"};
    if (!create || !unlink || !to_destroy || !processing || !type_name || !destroy_list) return 1;
    printf("_CreateFrameInfo returns its record %d\n", create(&a, &object) == &a);
    create(&b, &other);
    printf("to be destroyed: object %d other %d unheld %d\n", to_destroy(&object), to_destroy(&other),
           to_destroy(&info));
    unlink(&a);
    printf("after unlinking the first: object %d other %d\n", to_destroy(&object), to_destroy(&other));
    unlink(&b);
    printf("after unlinking both: other %d\n", to_destroy(&other));
    printf("__processing_throw %d\n", *processing());
    InitializeSListHead(&list);
    printf("name [%s]", type_name(&ti1, &list));
    printf(" [%s]", type_name(&ti2, &list));
    printf(", cached %d\n", ti1.name == type_name(&ti1, &list));
    printf("list depth %u\n", QueryDepthSList(&list));
    destroy_list(&list);
    printf("after __std_type_info_destroy_list: depth %u\n", QueryDepthSList(&list));
  }
#endif
  return 0;
}
