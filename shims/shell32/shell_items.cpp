// SHELL32's shell items over the file system: IShellItem of a folder or file (made from an ID list
// with SHCreateItemFromIDList or SHCreateShellItem, from a path with SHCreateItemFromParsingName),
// its ID list back (SHGetIDListFromObject), and IShellItemArray of several
// (SHCreateShellItemArray, SHCreateShellItemArrayFromIDLists, SHCreateShellItemArrayFromShellItem)
// with IEnumShellItems over them. An item gives its names (GetDisplayName: the path, the file's
// name, a file: URL), its parent folder, its attributes (SFGAO_FILESYSTEM, _FOLDER,
// _FILESYSANCESTOR, _STREAM, _HIDDEN, _READONLY as the file system has them) and its order against
// another item (by path, without case). Binding an item to a handler (IShellFolder, IStream …) and
// the arrays' property stores need the shell namespace's folders, which polyrun has not: those
// methods stop the program with their names.
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/ole32/com_object.h"
#include "shims/shell32/exports.h"
#include "shims/shell32/id_lists.h"

namespace polyrun::shims::shell_items {

namespace {

constexpr GuidBytes kIidShellItem = make_guid(0x43826d1e, 0xe718, 0x42ee, {0xbc, 0x55, 0xa1, 0xe2, 0x61, 0xc3, 0x7b, 0xfe});
constexpr GuidBytes kIidShellItemArray = make_guid(0xb63ea76d, 0x1f85, 0x456f, {0xa1, 0x9c, 0x48, 0x15, 0x9e, 0xfa, 0x85, 0x8b});
constexpr GuidBytes kIidEnumShellItems = make_guid(0x70629033, 0xe363, 0x4a28, {0xa5, 0x67, 0x0d, 0xb7, 0x80, 0x06, 0xe6, 0xd7});
constexpr HRESULT kMkENoObject = static_cast<HRESULT>(0x800401e5), kFileNotFound = static_cast<HRESULT>(0x80070002);
constexpr uint32_t kSfgaoReadOnly = 0x40000, kSfgaoStream = 0x400000, kSfgaoHidden = 0x80000,
                   kSfgaoFileSysAncestor = 0x10000000, kSfgaoFolder = 0x20000000, kSfgaoFileSystem = 0x40000000,
                   kSfgaoHasSubfolder = 0x80000000u;

struct Item {
  uint32_t refs = 1;
  std::string path;  // its Windows path ("" for the desktop)
};
struct ItemArray {
  uint32_t refs = 1;
  std::vector<std::string> paths;
};
struct Enumerator {
  uint32_t refs = 1;
  std::vector<std::string> paths;
  size_t at = 0;
};
std::map<uint64_t, Item>& items() {
  static std::map<uint64_t, Item> m;
  return m;
}
std::map<uint64_t, ItemArray>& arrays() {
  static std::map<uint64_t, ItemArray> m;
  return m;
}
std::map<uint64_t, Enumerator>& enumerators() {
  static std::map<uint64_t, Enumerator> m;
  return m;
}
// A method called on an object that is no more: the access violation of a freed object's use.
template <typename T>
T& object_of(std::map<uint64_t, T>& m, uint64_t self) {
  auto it = m.find(self);
  if (it == m.end()) touch_guest_byte(0);
  return it->second;
}

// IUnknown's three methods over a table of objects of one interface (`own`).
template <typename T>
HRESULT query(WindowsProcess& p, std::map<uint64_t, T>& table, uint64_t self, uint64_t iid, uint64_t out, const GuidBytes& own) {
  if (guid_is(iid, kIidIUnknown) || guid_is(iid, own)) {
    ++object_of(table, self).refs;
    p.put_ptr(out, self);
    return S_OK;
  }
  p.put_ptr(out, 0);
  return E_NOINTERFACE;
}
template <typename T>
uint32_t add_ref(std::map<uint64_t, T>& table, uint64_t self) {
  return ++object_of(table, self).refs;
}
template <typename T>
uint32_t release(WindowsProcess& p, std::map<uint64_t, T>& table, uint64_t self) {
  T& o = object_of(table, self);
  if (--o.refs) return o.refs;
  table.erase(self);
  p.heap.free(self);
  return 0;
}
// A new object of the table with the vtable of `methods`: its interface pointer, 0 when out of memory.
template <typename T>
uint64_t new_object(WindowsProcess& p, std::map<uint64_t, T>& table, const std::vector<Export>& methods, T value) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kShell32, methods));
  table[self] = std::move(value);
  return self;
}

uint64_t new_item(WindowsProcess& p, const std::string& path);
uint64_t new_array(WindowsProcess& p, std::vector<std::string> paths);
uint64_t new_enumerator(WindowsProcess& p, std::vector<std::string> paths, size_t at);

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The item's attributes as the file system has them.
uint32_t attributes_of(WindowsProcess& p, const std::string& path) {
  const std::string host = windows_to_host_path(path);
  struct stat st {};
  if (::stat(host.c_str(), &st) != 0) return 0;
  uint32_t a = kSfgaoFileSystem;
  if (S_ISDIR(st.st_mode)) a |= kSfgaoFolder | kSfgaoFileSysAncestor | kSfgaoHasSubfolder;
  else a |= kSfgaoStream;
  if (!(st.st_mode & 0200)) a |= kSfgaoReadOnly;
  const size_t slash = path.find_last_of('\\');
  if (slash != std::string::npos && slash + 1 < path.size() && path[slash + 1] == '.') a |= kSfgaoHidden;
  return a;
}

// The parent of a path ("C:\a\b" → "C:\a", "C:\a" → "C:\"), or "" for a drive's root.
std::string parent_of(const std::string& path) {
  std::string p = path;
  while (p.size() > 3 && p.back() == '\\') p.pop_back();
  if (p.size() <= 3) return "";
  const size_t slash = p.find_last_of('\\');
  if (slash == std::string::npos) return "";
  return slash <= 2 ? p.substr(0, 3) : p.substr(0, slash);
}

// A string for the caller in the task allocator's memory (CoTaskMemFree frees it).
uint64_t task_string(WindowsProcess& p, const std::u16string& s) {
  const uint64_t at = p.heap.alloc(2 * (s.size() + 1));
  if (at) std::memcpy(guest_pointer(at), s.c_str(), 2 * (s.size() + 1));
  return at;
}

// ---- IShellItem ----

HRESULT Item_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query(p, items(), self.addr, iid.addr, out.addr, kIidShellItem);
}
uint32_t Item_AddRef(WindowsProcess&, Ptr self) { return add_ref(items(), self.addr); }
uint32_t Item_Release(WindowsProcess& p, Ptr self) { return release(p, items(), self.addr); }
HRESULT Item_GetParent(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  const std::string parent = parent_of(object_of(items(), self.addr).path);
  if (parent.empty()) return kMkENoObject;
  const uint64_t item = new_item(p, parent);
  if (!item) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, item);
  return S_OK;
}
// GetDisplayName(sigdn, &name): SIGDN_NORMALDISPLAY (0) and _PARENTRELATIVE… the last part of the
// path; SIGDN_FILESYSPATH, _DESKTOPABSOLUTEPARSING and _EDITING the path; SIGDN_URL a file: URL.
HRESULT Item_GetDisplayName(WindowsProcess& p, Ptr self, uint32_t sigdn, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  const std::string& path = object_of(items(), self.addr).path;
  std::string name;
  const size_t slash = path.find_last_of('\\');
  const std::string last = path.size() <= 3 ? path : slash == std::string::npos ? path : path.substr(slash + 1);
  switch (sigdn) {
    case 0x00000000:  // SIGDN_NORMALDISPLAY
    case 0x80018001:  // SIGDN_PARENTRELATIVEPARSING
    case 0x8001c001:  // SIGDN_PARENTRELATIVEEDITING
    case 0x80031001:  // SIGDN_PARENTRELATIVEFORADDRESSBAR
    case 0x80058001:  // SIGDN_PARENTRELATIVE
    case 0x80094001:  // SIGDN_PARENTRELATIVEFORUI
      name = last;
      break;
    case 0x80028000:  // SIGDN_DESKTOPABSOLUTEPARSING
    case 0x8004c000:  // SIGDN_DESKTOPABSOLUTEEDITING
    case 0x80058000:  // SIGDN_FILESYSPATH
      name = path;
      break;
    case 0x80068000: {  // SIGDN_URL
      std::string url = "file:///";
      for (char c : path) url += c == '\\' ? '/' : c;
      name = url;
      break;
    }
    default:
      return E_INVALIDARG;
  }
  const uint64_t s = task_string(p, utf8_to_utf16(name));
  if (!s) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, s);
  return S_OK;
}
// GetAttributes(mask, &attributes): those of the mask the item has; S_OK when it has them all.
HRESULT Item_GetAttributes(WindowsProcess& p, Ptr self, uint32_t mask, Ptr out) {
  if (!out) return E_POINTER;
  const uint32_t a = attributes_of(p, object_of(items(), self.addr).path) & mask;
  put<uint32_t>(out.addr, a);
  return a == mask ? S_OK : S_FALSE;
}
// Compare(other, hint, &order): the paths' order without case; S_OK when they are the same item.
HRESULT Item_Compare(WindowsProcess& p, Ptr self, Ptr other, uint32_t, Ptr out) {
  if (!other || !out) return E_INVALIDARG;
  auto it = items().find(other.addr);
  if (it == items().end()) return E_INVALIDARG;
  const std::string a = lower(object_of(items(), self.addr).path), b = lower(it->second.path);
  const int order = a < b ? -1 : a > b ? 1 : 0;
  put<int32_t>(out.addr, order);
  (void)p;
  return order == 0 ? S_OK : S_FALSE;
}

const std::vector<Export>& item_methods() {
  static const std::vector<Export> m = {
      EXPORT("IShellItem::QueryInterface", Item_QueryInterface),
      EXPORT("IShellItem::AddRef", Item_AddRef),
      EXPORT("IShellItem::Release", Item_Release),
      missing_method("IShellItem::BindToHandler"),
      EXPORT("IShellItem::GetParent", Item_GetParent),
      EXPORT("IShellItem::GetDisplayName", Item_GetDisplayName),
      EXPORT("IShellItem::GetAttributes", Item_GetAttributes),
      EXPORT("IShellItem::Compare", Item_Compare),
  };
  return m;
}

uint64_t new_item(WindowsProcess& p, const std::string& path) { return new_object(p, items(), item_methods(), Item{1, path}); }

// ---- IShellItemArray ----

HRESULT Array_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query(p, arrays(), self.addr, iid.addr, out.addr, kIidShellItemArray);
}
uint32_t Array_AddRef(WindowsProcess&, Ptr self) { return add_ref(arrays(), self.addr); }
uint32_t Array_Release(WindowsProcess& p, Ptr self) { return release(p, arrays(), self.addr); }
// GetAttributes(SIATTRIBFLAGS_AND 1 / _OR 2, mask, &attributes): the items' attributes combined.
HRESULT Array_GetAttributes(WindowsProcess& p, Ptr self, uint32_t flags, uint32_t mask, Ptr out) {
  if (!out) return E_POINTER;
  const ItemArray& a = object_of(arrays(), self.addr);
  const uint32_t how = flags & 3;
  if (how != 1 && how != 2) return E_INVALIDARG;
  uint32_t combined = how == 1 ? mask : 0;
  for (const std::string& path : a.paths) {
    const uint32_t v = attributes_of(p, path) & mask;
    combined = how == 1 ? combined & v : combined | v;
  }
  if (a.paths.empty()) combined = 0;
  put<uint32_t>(out.addr, combined);
  return combined == mask ? S_OK : S_FALSE;
}
HRESULT Array_GetCount(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  put<uint32_t>(out.addr, static_cast<uint32_t>(object_of(arrays(), self.addr).paths.size()));
  return S_OK;
}
HRESULT Array_GetItemAt(WindowsProcess& p, Ptr self, uint32_t index, Ptr out) {
  if (!out) return E_POINTER;
  const ItemArray& a = object_of(arrays(), self.addr);
  if (index >= a.paths.size()) return E_FAIL;  // (*out left as it was)
  const uint64_t item = new_item(p, a.paths[index]);
  if (!item) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, item);
  return S_OK;
}
HRESULT Array_EnumItems(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  const uint64_t e = new_enumerator(p, object_of(arrays(), self.addr).paths, 0);
  p.put_ptr(out.addr, e);
  return e ? S_OK : E_OUTOFMEMORY;
}

const std::vector<Export>& array_methods() {
  static const std::vector<Export> m = {
      EXPORT("IShellItemArray::QueryInterface", Array_QueryInterface),
      EXPORT("IShellItemArray::AddRef", Array_AddRef),
      EXPORT("IShellItemArray::Release", Array_Release),
      missing_method("IShellItemArray::BindToHandler"),
      missing_method("IShellItemArray::GetPropertyStore"),
      missing_method("IShellItemArray::GetPropertyDescriptionList"),
      EXPORT("IShellItemArray::GetAttributes", Array_GetAttributes),
      EXPORT("IShellItemArray::GetCount", Array_GetCount),
      EXPORT("IShellItemArray::GetItemAt", Array_GetItemAt),
      EXPORT("IShellItemArray::EnumItems", Array_EnumItems),
  };
  return m;
}

uint64_t new_array(WindowsProcess& p, std::vector<std::string> paths) {
  return new_object(p, arrays(), array_methods(), ItemArray{1, std::move(paths)});
}

// ---- IEnumShellItems ----

HRESULT Enum_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  return query(p, enumerators(), self.addr, iid.addr, out.addr, kIidEnumShellItems);
}
uint32_t Enum_AddRef(WindowsProcess&, Ptr self) { return add_ref(enumerators(), self.addr); }
uint32_t Enum_Release(WindowsProcess& p, Ptr self) { return release(p, enumerators(), self.addr); }
// Next(count, items, &fetched): up to `count` new items; S_FALSE when fewer were left, as an
// enumerator's Next gives (Microsoft Learn, "IEnumUnknown::Next"); Skip likewise.
HRESULT Enum_Next(WindowsProcess& p, Ptr self, uint32_t count, Ptr out, Ptr fetched) {
  if (!out) return E_POINTER;
  Enumerator& e = object_of(enumerators(), self.addr);
  uint32_t n = 0;
  while (n < count && e.at < e.paths.size()) {
    const std::string path = e.paths[e.at++];
    const uint64_t item = new_item(p, path);
    if (!item) return E_OUTOFMEMORY;
    p.put_ptr(out.addr + n * p.isa->ptr, item);
    ++n;
  }
  if (fetched) put<uint32_t>(fetched.addr, n);
  return n == count ? S_OK : S_FALSE;
}
HRESULT Enum_Skip(WindowsProcess&, Ptr self, uint32_t count) {
  Enumerator& e = object_of(enumerators(), self.addr);
  const size_t left = e.paths.size() - e.at;
  e.at += std::min<size_t>(count, left);
  return count <= left ? S_OK : S_FALSE;
}
HRESULT Enum_Reset(WindowsProcess&, Ptr self) {
  object_of(enumerators(), self.addr).at = 0;
  return S_OK;
}
HRESULT Enum_Clone(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_POINTER;
  const Enumerator& e = object_of(enumerators(), self.addr);
  const uint64_t c = new_enumerator(p, e.paths, e.at);
  p.put_ptr(out.addr, c);
  return c ? S_OK : E_OUTOFMEMORY;
}

const std::vector<Export>& enum_methods() {
  static const std::vector<Export> m = {
      EXPORT("IEnumShellItems::QueryInterface", Enum_QueryInterface),
      EXPORT("IEnumShellItems::AddRef", Enum_AddRef),
      EXPORT("IEnumShellItems::Release", Enum_Release),
      EXPORT("IEnumShellItems::Next", Enum_Next),
      EXPORT("IEnumShellItems::Skip", Enum_Skip),
      EXPORT("IEnumShellItems::Reset", Enum_Reset),
      EXPORT("IEnumShellItems::Clone", Enum_Clone),
  };
  return m;
}

uint64_t new_enumerator(WindowsProcess& p, std::vector<std::string> paths, size_t at) {
  return new_object(p, enumerators(), enum_methods(), Enumerator{1, std::move(paths), at});
}

// ---- the functions ----

// An interface of a new item for `riid` (IShellItem or IUnknown), in *out.
HRESULT hand_item(WindowsProcess& p, const std::string& path, uint64_t riid, uint64_t out) {
  if (!out) return E_POINTER;
  p.put_ptr(out, 0);
  if (riid && !guid_is(riid, kIidShellItem) && !guid_is(riid, kIidIUnknown)) return E_NOINTERFACE;
  const uint64_t item = new_item(p, path);
  if (!item) return E_OUTOFMEMORY;
  p.put_ptr(out, item);
  return S_OK;
}

// The path of an ID list (the desktop's folder for the empty one); false for one not of ours.
bool list_path(WindowsProcess& p, uint64_t pidl, std::string& path) { return pidl && id_list_path(p, pidl, path); }

HRESULT SHCreateItemFromIDList(WindowsProcess& p, Ptr pidl, Ptr riid, Ptr out) {
  std::string path;
  if (!list_path(p, pidl.addr, path)) return E_INVALIDARG;
  return hand_item(p, path, riid.addr, out.addr);
}
// SHCreateItemFromParsingName(path, bind context, riid, out): an item of an existing file or
// folder (ERROR_FILE_NOT_FOUND's HRESULT for another).
HRESULT SHCreateItemFromParsingName(WindowsProcess& p, WStr name, Ptr, Ptr riid, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  if (!name.addr) return E_INVALIDARG;
  std::string path = utf16_to_utf8(name.str());
  while (path.size() > 3 && path.back() == '\\') path.pop_back();
  if (!attributes_of(p, path)) return kFileNotFound;
  return hand_item(p, path, riid.addr, out.addr);
}
// SHCreateShellItem(parent list, parent folder, list, out): the item of `pidl` under the parent's
// list (an absolute list here; a parent folder object is the namespace's, which polyrun has not).
HRESULT SHCreateShellItem(WindowsProcess& p, Ptr parent, Ptr folder, Ptr pidl, Ptr out) {
  if (folder) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: SHELL32.dll!SHCreateShellItem with a parent IShellFolder\n");
    p.terminate(127);
    return E_NOTIMPL;
  }
  std::string path;
  if (!list_path(p, pidl.addr, path) && !(parent && list_path(p, parent.addr, path))) return E_INVALIDARG;
  return hand_item(p, path, 0, out.addr);
}
// SHGetIDListFromObject(object, &pidl): an item's (or an array's first item's) ID list.
HRESULT SHGetIDListFromObject(WindowsProcess& p, Ptr object, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  std::string path;
  if (auto it = items().find(object.addr); it != items().end()) path = it->second.path;
  else return E_NOINTERFACE;
  const uint64_t pidl = make_id_list(p, path);
  if (!pidl) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, pidl);
  return S_OK;
}
// SHCreateShellItemArrayFromIDLists(count, lists, &array).
HRESULT SHCreateShellItemArrayFromIDLists(WindowsProcess& p, uint32_t count, Ptr lists, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!count || !lists) return E_INVALIDARG;
  std::vector<std::string> paths;
  for (uint32_t i = 0; i < count; ++i) {
    std::string path;
    if (!list_path(p, p.get_ptr(lists.addr + i * p.isa->ptr), path)) return E_INVALIDARG;
    paths.push_back(path);
  }
  const uint64_t a = new_array(p, std::move(paths));
  if (!a) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, a);
  return S_OK;
}
// SHCreateShellItemArray(parent list, parent folder, count, lists, &array): the lists relative to
// the parent's (absolute here); a parent folder object is the namespace's.
HRESULT SHCreateShellItemArray(WindowsProcess& p, Ptr, Ptr folder, uint32_t count, Ptr lists, Ptr out) {
  if (folder) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: SHELL32.dll!SHCreateShellItemArray with a parent IShellFolder\n");
    p.terminate(127);
    return E_NOTIMPL;
  }
  return SHCreateShellItemArrayFromIDLists(p, count, lists, out);
}
// SHCreateShellItemArrayFromShellItem(item, riid, out): an array of the one item.
HRESULT SHCreateShellItemArrayFromShellItem(WindowsProcess& p, Ptr item, Ptr riid, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  auto it = items().find(item.addr);
  if (it == items().end()) return E_INVALIDARG;
  if (riid && !guid_is(riid.addr, kIidShellItemArray) && !guid_is(riid.addr, kIidIUnknown)) return E_NOINTERFACE;
  const uint64_t a = new_array(p, {it->second.path});
  if (!a) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, a);
  return S_OK;
}

}  // namespace

}  // namespace polyrun::shims::shell_items

namespace polyrun::shims {
const std::vector<Export>& shell32_shell_item_exports() {
  using namespace shell_items;
  static const std::vector<Export> e = {
      EXPORT("SHCreateItemFromIDList", SHCreateItemFromIDList),
      EXPORT("SHCreateItemFromParsingName", SHCreateItemFromParsingName),
      EXPORT("SHCreateShellItem", SHCreateShellItem),
      EXPORT("SHGetIDListFromObject", SHGetIDListFromObject),
      EXPORT("SHCreateShellItemArray", SHCreateShellItemArray),
      EXPORT("SHCreateShellItemArrayFromIDLists", SHCreateShellItemArrayFromIDLists),
      EXPORT("SHCreateShellItemArrayFromShellItem", SHCreateShellItemArrayFromShellItem),
  };
  return e;
}
}  // namespace polyrun::shims
