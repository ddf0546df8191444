// SHLWAPI's SHCreateThread: the callback runs on the new thread before SHCreateThread returns, the
// procedure after it; CTF_COINIT initializes COM on the new thread; CTF_THREAD_REF hands the
// creator's thread reference (SHSetThreadRef) to the new thread, released when it ends or by
// SHReleaseThreadRef. Found by name and by its number (16).
// Links: -lole32
#define COBJMACROS
#include <stdio.h>
#include <windows.h>
#include <objbase.h>
#include <shlwapi.h>

typedef BOOL(WINAPI* create_fn)(LPTHREAD_START_ROUTINE, void*, DWORD, LPTHREAD_START_ROUTINE);
typedef HRESULT(WINAPI* set_ref_fn)(IUnknown*);
typedef HRESULT(WINAPI* release_ref_fn)(void);

static volatile LONG step;
static DWORD callback_thread, proc_thread;
static LONG callback_step, proc_step;
static HRESULT coinit;
static HANDLE done;
static release_ref_fn release_ref;
static LONG refs_in_proc, refs_after_release;

// A reference-counted object of the program's own.
static LONG refs = 1;
static HRESULT WINAPI obj_qi(IUnknown* self, REFIID iid, void** out) {
  (void)iid;
  *out = self;
  InterlockedIncrement(&refs);
  return S_OK;
}
static ULONG WINAPI obj_addref(IUnknown* self) {
  (void)self;
  return InterlockedIncrement(&refs);
}
static ULONG WINAPI obj_release(IUnknown* self) {
  (void)self;
  return InterlockedDecrement(&refs);
}
static IUnknownVtbl obj_vtbl = {obj_qi, obj_addref, obj_release};
static IUnknown obj = {&obj_vtbl};

static DWORD WINAPI callback(void* data) {
  callback_thread = GetCurrentThreadId();
  callback_step = InterlockedIncrement(&step);
  (void)data;
  return 0;
}
static DWORD WINAPI proc(void* data) {
  proc_thread = GetCurrentThreadId();
  // CoInitialize again answers S_FALSE where CTF_COINIT initialized COM on this thread.
  coinit = CoInitialize(NULL);
  if (SUCCEEDED(coinit)) CoUninitialize();
  Sleep(50);
  proc_step = InterlockedIncrement(&step);
  refs_in_proc = refs;
  release_ref();
  refs_after_release = refs;
  SetEvent((HANDLE)data);
  return 7;
}

int main(void) {
  HMODULE dll = LoadLibraryA("shlwapi.dll");
  create_fn create = (create_fn)GetProcAddress(dll, "SHCreateThread");
  release_ref = (release_ref_fn)GetProcAddress(dll, "SHReleaseThreadRef");
  printf("by number %d\n", (FARPROC)create == GetProcAddress(dll, (LPCSTR)16));
  ((set_ref_fn)GetProcAddress(dll, "SHSetThreadRef"))(&obj);
  done = CreateEventA(NULL, TRUE, FALSE, NULL);
  BOOL ok = create(proc, done, CTF_COINIT | CTF_THREAD_REF, callback);
  LONG after_create = InterlockedIncrement(&step);
  LONG refs_after_create = refs;
  WaitForSingleObject(done, 5000);
  Sleep(100);
  printf("created %d callback first %d on another thread %d, creator went on %d before the procedure %d\n", ok, callback_step == 1,
         callback_thread != GetCurrentThreadId(), after_create == 2, proc_step == 3);
  printf("same thread %d coinit %#lx\n", callback_thread == proc_thread, (unsigned long)coinit);
  // The object's count: after SHCreateThread, in the procedure, after its SHReleaseThreadRef, at the end.
  printf("refs %ld/%ld/%ld/%ld\n", refs_after_create, refs_in_proc, refs_after_release, refs);
  printf("release on this thread %#lx refs %ld\n", (unsigned long)release_ref(), refs);
  return 0;
}
