/* COMBASE's Windows Runtime strings (HSTRINGs: made, referenced, duplicated, compared, joined, cut,
 * trimmed, preallocated) and its activation (RoInitialize, RoGetActivationFactory and
 * RoActivateInstance of a class no one registered, before and after RoInitialize). */
// Links: -lole32 -lruntimeobject
#define _WIN32_WINNT 0x0A00
#include <windows.h>
#include <roapi.h>
#include <winstring.h>
#include <stdio.h>

/* (mingw-w64's i686 runtimeobject library lacks the buffer functions: looked up in combase.dll.) */
typedef HRESULT(WINAPI *preallocate_fn)(UINT32, WCHAR **, HSTRING_BUFFER *);
typedef HRESULT(WINAPI *promote_fn)(HSTRING_BUFFER, HSTRING *);
typedef HRESULT(WINAPI *delete_buffer_fn)(HSTRING_BUFFER);

static void show(const char *what, HSTRING h) {
  UINT32 n = 0;
  const WCHAR *s = WindowsGetStringRawBuffer(h, &n);
  printf("%s: length %u \"", what, n);
  for (UINT32 i = 0; i < n; i++) putchar(s[i] ? (char)s[i] : '0');
  printf("\"\n");
}

int main(void) {
  static const GUID iid_activation_factory = {0x00000035, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
  HSTRING h = NULL, e = (HSTRING)1, r = NULL, d = NULL, x = NULL;
  printf("WindowsCreateString: 0x%08lx\n", WindowsCreateString(L"hello", 5, &h));
  show("  it", h);
  printf("  empty: %d, raw buffer NUL-terminated: %d\n", WindowsIsStringEmpty(h), WindowsGetStringRawBuffer(h, NULL)[5] == 0);
  HRESULT hr = WindowsCreateString(NULL, 0, &e);
  printf("WindowsCreateString(NULL, 0): 0x%08lx, NULL: %d, empty: %d\n", hr, e == NULL, WindowsIsStringEmpty(e));
  printf("WindowsCreateString(NULL, 3): 0x%08lx\n", WindowsCreateString(NULL, 3, &x));
  printf("WindowsCreateString(no out): 0x%08lx\n", WindowsCreateString(L"a", 1, NULL));
  UINT32 n = 9;
  const WCHAR *empty = WindowsGetStringRawBuffer(NULL, &n);
  printf("raw buffer of NULL: length %u, \"\": %d\n", n, empty && empty[0] == 0);

  HSTRING_HEADER header;
  static const WCHAR literal[] = L"reference";
  hr = WindowsCreateStringReference(literal, 9, &header, &r);
  printf("WindowsCreateStringReference: 0x%08lx, the header: %d, the caller's characters: %d\n", hr,
         r == (HSTRING)&header, WindowsGetStringRawBuffer(r, NULL) == literal);
  printf("  not NUL-terminated at its length: 0x%08lx\n", WindowsCreateStringReference(literal, 4, &header, &x));
  hr = WindowsDuplicateString(r, &d);
  printf("WindowsDuplicateString(reference): 0x%08lx, another string: %d\n", hr, d != r);
  show("  it", d);
  WindowsDeleteString(d);
  hr = WindowsDuplicateString(h, &d);
  printf("WindowsDuplicateString(own): 0x%08lx, the same string: %d\n", hr, d == h);
  WindowsDeleteString(d);

  INT32 order = 9;
  HSTRING b = NULL;
  WindowsCreateString(L"help", 4, &b);
  hr = WindowsCompareStringOrdinal(h, b, &order);
  printf("WindowsCompareStringOrdinal(hello, help): 0x%08lx %d\n", hr, order);
  WindowsCompareStringOrdinal(b, h, &order);
  printf("  (help, hello): %d\n", order);
  WindowsCompareStringOrdinal(NULL, NULL, &order);
  printf("  (NULL, NULL): %d\n", order);
  printf("WindowsConcatString: 0x%08lx\n", WindowsConcatString(h, b, &x));
  show("  it", x);
  WindowsDeleteString(x);
  printf("WindowsSubstring(2): 0x%08lx\n", WindowsSubstring(h, 2, &x));
  show("  it", x);
  WindowsDeleteString(x);
  printf("WindowsSubstring(6): 0x%08lx\n", WindowsSubstring(h, 6, &x));
  printf("WindowsSubstringWithSpecifiedLength(1, 3): 0x%08lx\n", WindowsSubstringWithSpecifiedLength(h, 1, 3, &x));
  show("  it", x);
  WindowsDeleteString(x);
  printf("WindowsSubstringWithSpecifiedLength(3, 5): 0x%08lx\n", WindowsSubstringWithSpecifiedLength(h, 3, 5, &x));

  HSTRING padded = NULL, set = NULL;
  WindowsCreateString(L"  xhix  ", 8, &padded);
  WindowsCreateString(L" x", 2, &set);
  printf("WindowsTrimStringStart: 0x%08lx\n", WindowsTrimStringStart(padded, set, &x));
  show("  it", x);
  WindowsDeleteString(x);
  printf("WindowsTrimStringEnd: 0x%08lx\n", WindowsTrimStringEnd(padded, set, &x));
  show("  it", x);
  WindowsDeleteString(x);
  BOOL has = 9;
  HSTRING nul = NULL;
  WindowsCreateString(L"a\0b", 3, &nul);
  hr = WindowsStringHasEmbeddedNull(nul, &has);
  printf("WindowsStringHasEmbeddedNull: 0x%08lx %d\n", hr, has);
  WindowsStringHasEmbeddedNull(h, &has);
  printf("  (hello): %d\n", has);

  HMODULE combase = LoadLibraryA("combase.dll");
  preallocate_fn preallocate = (preallocate_fn)GetProcAddress(combase, "WindowsPreallocateStringBuffer");
  promote_fn promote = (promote_fn)GetProcAddress(combase, "WindowsPromoteStringBuffer");
  delete_buffer_fn delete_buffer = (delete_buffer_fn)GetProcAddress(combase, "WindowsDeleteStringBuffer");
  WCHAR *chars = NULL;
  HSTRING_BUFFER buffer = NULL;
  printf("WindowsPreallocateStringBuffer(4): 0x%08lx\n", preallocate(4, &chars, &buffer));
  memcpy(chars, L"abcd", 8);
  printf("WindowsPromoteStringBuffer: 0x%08lx\n", promote(buffer, &x));
  show("  it", x);
  WindowsDeleteString(x);
  preallocate(2, &chars, &buffer);
  printf("WindowsDeleteStringBuffer: 0x%08lx\n", delete_buffer(buffer));
  x = (HSTRING)1;
  hr = promote(NULL, &x);
  printf("WindowsPromoteStringBuffer(NULL): 0x%08lx, NULL: %d\n", hr, x == NULL);
  hr = WindowsDeleteString(h);
  printf("WindowsDeleteString: 0x%08lx", hr);
  hr = WindowsDeleteString(r);
  printf(" 0x%08lx", hr);
  hr = WindowsDeleteString(NULL);
  printf(" 0x%08lx\n", hr);

  HSTRING cls = NULL;
  WindowsCreateString(L"Polyrun.Test.NoSuchClass", 24, &cls);
  void *factory = (void *)1;
  hr = RoGetActivationFactory(cls, &iid_activation_factory, &factory);
  printf("RoGetActivationFactory before RoInitialize fails: %d\n", FAILED(hr));
  printf("RoInitialize(RO_INIT_MULTITHREADED): 0x%08lx\n", RoInitialize(RO_INIT_MULTITHREADED));
  factory = (void *)1;
  hr = RoGetActivationFactory(cls, &iid_activation_factory, &factory);
  printf("RoGetActivationFactory(no such class): 0x%08lx\n", hr);
  IInspectable *instance = (IInspectable *)1;
  hr = RoActivateInstance(cls, &instance);
  printf("RoActivateInstance(no such class): 0x%08lx\n", hr);
  RoUninitialize();
  WindowsDeleteString(cls);
  return 0;
}
