// SHELL32's shell items over the file system: items of a folder and a file made in a scratch folder
// under the temporary directory (from a path, from an ID list, with SHCreateShellItem), their
// display names (the folder's part of the path given relative to the scratch folder), attributes,
// parents and order; their ID lists back; arrays of them from ID lists and from one item, their
// count, items, combined attributes and enumeration; a path that does not exist; known folders'
// ID lists.
// Expected output: wine 8.0's (x64).
// Links: -lshell32 -lole32 -luuid
#define COBJMACROS
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlobj.h>
#include <shobjidl.h>

static WCHAR base[MAX_PATH];

// A display name with the scratch folder's path (or its URL form) cut to "<base>".
static void show_name(const char* what, IShellItem* item, SIGDN sigdn) {
  WCHAR* name = NULL;
  HRESULT hr = IShellItem_GetDisplayName(item, sigdn, &name);
  if (FAILED(hr)) {
    printf("  %s: %#lx\n", what, hr);
    return;
  }
  WCHAR* at = wcsstr(name, base);
  WCHAR url_base[MAX_PATH];
  wcscpy(url_base, base);
  for (WCHAR* c = url_base; *c; c++)
    if (*c == '\\') *c = '/';
  WCHAR* url_at = wcsstr(name, url_base);
  if (at) printf("  %s: \"%.*ls<base>%ls\"\n", what, (int)(at - name), name, at + wcslen(base));
  else if (url_at) printf("  %s: \"%.*ls<base>%ls\"\n", what, (int)(url_at - name), name, url_at + wcslen(url_base));
  else printf("  %s: \"%ls\"\n", what, name);
  CoTaskMemFree(name);
}

static void show_item(const char* what, IShellItem* item) {
  printf("%s:\n", what);
  show_name("normal", item, SIGDN_NORMALDISPLAY);
  show_name("parent-relative parsing", item, SIGDN_PARENTRELATIVEPARSING);
  show_name("file system path", item, SIGDN_FILESYSPATH);
  show_name("desktop-absolute parsing", item, SIGDN_DESKTOPABSOLUTEPARSING);
  show_name("URL", item, SIGDN_URL);
  SFGAOF a = 0;
  HRESULT hr = IShellItem_GetAttributes(item, SFGAO_FOLDER | SFGAO_FILESYSTEM | SFGAO_STREAM, &a);
  printf("  attributes: %#lx, folder %d, file system %d, stream %d\n", hr, (a & SFGAO_FOLDER) != 0,
         (a & SFGAO_FILESYSTEM) != 0, (a & SFGAO_STREAM) != 0);
}

int main(void) {
  CoInitialize(NULL);
  WCHAR tmp[MAX_PATH];
  GetTempPathW(MAX_PATH, tmp);
  swprintf(base, MAX_PATH, L"%lsshell items %lu", tmp, GetCurrentProcessId());
  CreateDirectoryW(base, NULL);
  WCHAR file[MAX_PATH], sub[MAX_PATH];
  swprintf(file, MAX_PATH, L"%ls\\a file.txt", base);
  swprintf(sub, MAX_PATH, L"%ls\\a folder", base);
  CreateDirectoryW(sub, NULL);
  HANDLE h = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(h);

  IShellItem *folder = NULL, *text = NULL, *from_list = NULL, *parent = NULL, *made = NULL;
  HRESULT hr = SHCreateItemFromParsingName(sub, NULL, &IID_IShellItem, (void**)&folder);
  printf("the folder from its path: %#lx\n", hr);
  show_item("the folder", folder);
  hr = SHCreateItemFromParsingName(file, NULL, &IID_IShellItem, (void**)&text);
  printf("the file from its path: %#lx\n", hr);
  show_item("the file", text);

  hr = IShellItem_GetParent(text, &parent);
  printf("the file's parent: %#lx\n", hr);
  show_name("its path", parent, SIGDN_FILESYSPATH);
  int order = 7;
  hr = IShellItem_Compare(folder, text, SICHINT_DISPLAY, &order);
  printf("the folder against the file: %#lx, order %d\n", hr, order < 0 ? -1 : order > 0 ? 1 : 0);
  hr = IShellItem_Compare(text, text, SICHINT_DISPLAY, &order);
  printf("the file against itself: %#lx, order %d\n", hr, order);

  PIDLIST_ABSOLUTE list = NULL;
  hr = SHGetIDListFromObject((IUnknown*)text, &list);
  WCHAR path[MAX_PATH] = {0};
  SHGetPathFromIDListW(list, path);
  printf("the file's ID list: %#lx, its path the file's %d\n", hr, !wcscmp(path, file));
  hr = SHCreateItemFromIDList(list, &IID_IShellItem, (void**)&from_list);
  printf("an item from the list: %#lx\n", hr);
  show_name("its path", from_list, SIGDN_FILESYSPATH);
  hr = SHCreateShellItem(NULL, NULL, list, &made);
  printf("SHCreateShellItem of it: %#lx\n", hr);
  show_name("its name", made, SIGDN_NORMALDISPLAY);

  PIDLIST_ABSOLUTE lists[2];
  lists[0] = list;
  lists[1] = ILCreateFromPathW(sub);
  IShellItemArray* array = NULL;
  hr = SHCreateShellItemArrayFromIDLists(2, (PCIDLIST_ABSOLUTE_ARRAY)lists, &array);
  DWORD count = 0;
  IShellItemArray_GetCount(array, &count);
  printf("an array of the two: %#lx, %lu items\n", hr, count);
  IShellItem* second = NULL;
  hr = IShellItemArray_GetItemAt(array, 1, &second);
  printf("its second: %#lx\n", hr);
  show_name("its name", second, SIGDN_NORMALDISPLAY);
  IShellItem* none = (IShellItem*)1;
  hr = IShellItemArray_GetItemAt(array, 2, &none);
  printf("its third: %#lx, %d\n", hr, none == NULL);
  SFGAOF a = 0;
  hr = IShellItemArray_GetAttributes(array, SIATTRIBFLAGS_AND, SFGAO_FILESYSTEM | SFGAO_FOLDER, &a);
  printf("both have: %#lx, file system %d, folder %d\n", hr, (a & SFGAO_FILESYSTEM) != 0, (a & SFGAO_FOLDER) != 0);
  hr = IShellItemArray_GetAttributes(array, SIATTRIBFLAGS_OR, SFGAO_FILESYSTEM | SFGAO_FOLDER, &a);
  printf("either has: %#lx, file system %d, folder %d\n", hr, (a & SFGAO_FILESYSTEM) != 0, (a & SFGAO_FOLDER) != 0);
  IEnumShellItems* e = NULL;
  hr = IShellItemArray_EnumItems(array, &e);
  IShellItem* got[3] = {0};
  ULONG fetched = 0;
  HRESULT next = IEnumShellItems_Next(e, 3, got, &fetched);
  printf("enumerated: %#lx, Next %#lx, %lu fetched\n", hr, next, fetched);
  for (ULONG i = 0; i < fetched; i++) {
    show_name("an item", got[i], SIGDN_NORMALDISPLAY);
    IShellItem_Release(got[i]);
  }
  IEnumShellItems_Reset(e);
  hr = IEnumShellItems_Skip(e, 1);
  printf("after a reset, Skip(1): %#lx\n", hr);
  hr = IEnumShellItems_Skip(e, 5);
  printf("then Skip(5), one left: %#lx\n", hr);
  IEnumShellItems_Release(e);
  IShellItemArray_Release(array);

  IShellItemArray* one = NULL;
  hr = SHCreateShellItemArrayFromShellItem(folder, &IID_IShellItemArray, (void**)&one);
  IShellItemArray_GetCount(one, &count);
  printf("an array of the folder: %#lx, %lu item\n", hr, count);
  IShellItemArray_Release(one);

  WCHAR missing[MAX_PATH];
  swprintf(missing, MAX_PATH, L"%ls\\nothing here", base);
  IShellItem* nothing = (IShellItem*)1;
  hr = SHCreateItemFromParsingName(missing, NULL, &IID_IShellItem, (void**)&nothing);
  printf("a path that does not exist: %#lx, %d\n", hr, nothing == NULL);

  // Known folders as ID lists.
  PIDLIST_ABSOLUTE docs = NULL, desktop = NULL, unknown = (PIDLIST_ABSOLUTE)1;
  WCHAR* docs_path = NULL;
  hr = SHGetKnownFolderIDList(&FOLDERID_Documents, 0, NULL, &docs);
  SHGetKnownFolderPath(&FOLDERID_Documents, 0, NULL, &docs_path);
  path[0] = 0;
  SHGetPathFromIDListW(docs, path);
  // (wine 8.0 ends a folder's path with a backslash here; the comparison leaves it out)
  size_t n = wcslen(path);
  if (n > 3 && path[n - 1] == '\\') path[n - 1] = 0;
  printf("the documents' ID list: %#lx, its path the known folder's %d\n", hr, docs_path && !wcscmp(path, docs_path));
  hr = SHGetKnownFolderIDList(&FOLDERID_Desktop, 0, NULL, &desktop);
  printf("the desktop's ID list: %#lx, %u bytes\n", hr, desktop ? ILGetSize(desktop) : 0);
  static const GUID kNoFolder = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
  hr = SHGetKnownFolderIDList(&kNoFolder, 0, NULL, &unknown);
  printf("an unknown folder: %#lx, %d\n", hr, unknown == NULL);
  CoTaskMemFree(docs_path);
  ILFree(docs);
  ILFree(desktop);

  IShellItem_Release(second);
  IShellItem_Release(made);
  IShellItem_Release(from_list);
  IShellItem_Release(parent);
  IShellItem_Release(text);
  IShellItem_Release(folder);
  CoTaskMemFree(lists[0]);
  ILFree(lists[1]);
  DeleteFileW(file);
  RemoveDirectoryW(sub);
  RemoveDirectoryW(base);
  CoUninitialize();
  return 0;
}
