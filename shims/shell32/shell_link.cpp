// SHELL32's shell links (CLSID_ShellLink): the object behind .lnk files, with IShellLinkA,
// IShellLinkW, IPersistFile, IPersistStream and IShellLinkDataList, and SHELL32's class object
// for it (DllGetClassObject; CoCreateInstance finds SHELL32 for the class through OLE32's built-in
// servers). A link holds its target's path, arguments, working directory, description, relative
// path, icon location, show command and hot key, and the data blocks added to it (environment
// variable, icon environment, console properties …), and is saved in the Shell Link Binary File
// Format ([MS-SHLLINK]): the header, the target's ID list when the program set one, the link
// information (the target's volume and local path), the strings in UTF-16 and the extra data
// blocks; it reads back what Windows and wine write (the local path from the link information, or
// from the target's ID list of Windows' file system items when there is none). Resolve finds the
// target where it is; a link never searches for a moved target.
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/file_sizes.h"
#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/ole32/com_object.h"
#include "shims/shell32/exports.h"
#include "shims/shell32/id_lists.h"
#include "shims/shell32/shell_link.h"

namespace polyrun::shims::shell_link {

namespace {

constexpr GuidBytes kIidShellLinkA = make_guid(0x000214ee, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                    kIidShellLinkW = make_guid(0x000214f9, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                    kIidPersistFile = make_guid(0x0000010b, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                    kIidPersistStream = make_guid(0x00000109, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                    kIidPersist = make_guid(0x0000010c, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}),
                    kIidShellLinkDataList = make_guid(0x45e2b4ae, 0xb1c3, 0x11d0, {0xb9, 0x2f, 0x00, 0xa0, 0xc9, 0x03, 0x12, 0xe1}),
                    kIidClassFactory = make_guid(0x00000001, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr HRESULT CLASS_E_NOAGGREGATION = static_cast<HRESULT>(0x80040110), CLASS_E_CLASSNOTAVAILABLE = static_cast<HRESULT>(0x80040111),
                  STG_E_FILENOTFOUND = static_cast<HRESULT>(0x80030002), kFileNotFound = static_cast<HRESULT>(0x80070002);

// Places of the interfaces in the object (pointer-sized slots).
constexpr unsigned kLinkA = 0, kLinkW = 1, kPersistFile = 2, kPersistStream = 3, kDataList = 4, kSlots = 5;

// [MS-SHLLINK] LinkFlags.
constexpr uint32_t kHasIdList = 0x1, kHasLinkInfo = 0x2, kHasName = 0x4, kHasRelativePath = 0x8, kHasWorkingDir = 0x10,
                   kHasArguments = 0x20, kHasIconLocation = 0x40, kIsUnicode = 0x80, kForceNoLinkInfo = 0x100;

struct Link {
  uint32_t refs = 1;
  std::u16string path, arguments, working_dir, description, relative_path, icon_path;
  int32_t icon_index = 0, show = 1 /* SW_SHOWNORMAL */;
  uint16_t hotkey = 0;
  uint32_t flags = 0;        // IShellLinkDataList's SHELL_LINK_DATA_FLAGS (as loaded, or set)
  std::vector<uint8_t> id_list;  // the target's ID list as the program set it (SetIDList), or as loaded
  std::vector<std::vector<uint8_t>> blocks;  // the extra data blocks, each whole (size, signature, data)
  std::u16string file;       // IPersistFile's current file
  bool dirty = false;
};
std::map<uint64_t, Link>& links() {
  static std::map<uint64_t, Link> m;
  return m;
}
Link& link_at(uint64_t base) {
  auto it = links().find(base);
  if (it == links().end()) touch_guest_byte(0);  // a freed object's use: the access violation it is
  return it->second;
}
uint64_t base_of(WindowsProcess& p, Ptr iface, unsigned slot) { return iface.addr - slot * p.isa->ptr; }

// ---- IUnknown ----

HRESULT query(WindowsProcess& p, uint64_t base, uint64_t iid, uint64_t out) {
  if (!out) return E_POINTER;
  int slot = -1;
  if (guid_is(iid, kIidIUnknown) || guid_is(iid, kIidShellLinkA)) slot = kLinkA;
  else if (guid_is(iid, kIidShellLinkW)) slot = kLinkW;
  else if (guid_is(iid, kIidPersistFile) || guid_is(iid, kIidPersist)) slot = kPersistFile;
  else if (guid_is(iid, kIidPersistStream)) slot = kPersistStream;
  else if (guid_is(iid, kIidShellLinkDataList)) slot = kDataList;
  if (slot < 0) {
    p.put_ptr(out, 0);
    return E_NOINTERFACE;
  }
  ++link_at(base).refs;
  p.put_ptr(out, base + static_cast<unsigned>(slot) * p.isa->ptr);
  return S_OK;
}
uint32_t release(WindowsProcess& p, uint64_t base) {
  Link& l = link_at(base);
  if (--l.refs) return l.refs;
  links().erase(base);
  p.heap.free(base);
  return 0;
}
template <unsigned Slot>
HRESULT QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) { return query(p, base_of(p, self, Slot), iid.addr, out.addr); }
template <unsigned Slot>
uint32_t AddRef(WindowsProcess& p, Ptr self) { return ++link_at(base_of(p, self, Slot)).refs; }
template <unsigned Slot>
uint32_t Release(WindowsProcess& p, Ptr self) { return release(p, base_of(p, self, Slot)); }

// ---- strings in and out, in either width ----

template <typename C>
std::u16string in(Ptr s) {
  if (!s) return {};
  if constexpr (sizeof(C) == 1) return ansi_to_utf16(s.as<const char>());
  else return std::u16string(s.as<const char16_t>());
}
// Into the caller's buffer of `room` characters, cut to fit.
template <typename C>
void out(const std::u16string& s, Ptr buffer, int32_t room) {
  if (!buffer || room <= 0) return;
  std::basic_string<C> t;
  if constexpr (sizeof(C) == 1) t = utf16_to_ansi(s);
  else t = s;
  if (t.size() >= static_cast<size_t>(room)) t.resize(static_cast<size_t>(room) - 1);
  C* d = buffer.as<C>();
  std::memcpy(d, t.c_str(), (t.size() + 1) * sizeof(C));
}

// ---- IShellLinkA / IShellLinkW ----

// GetPath(buffer, room, WIN32_FIND_DATA*, flags): the target's path (S_FALSE and "" for none); the
// find data describes the target as the file system has it.
template <typename C, unsigned Slot>
HRESULT GetPath(WindowsProcess& p, Ptr self, Ptr buffer, int32_t room, Ptr find_data, uint32_t) {
  const Link& l = link_at(base_of(p, self, Slot));
  out<C>(l.path, buffer, room);
  if (find_data) {
    const size_t bytes = sizeof(C) == 1 ? 320 : 592;  // WIN32_FIND_DATAA / W
    std::memset(find_data.as<void>(), 0, bytes);
    struct stat st;
    if (!l.path.empty() && ::stat(windows_to_host_path(utf16_to_utf8(l.path)).c_str(), &st) == 0) {
      put<uint32_t>(find_data.addr, S_ISDIR(st.st_mode) ? 0x10 : 0x20);
      put<uint64_t>(find_data.addr + 4, filetime_of(st.st_mtim));
      put<uint64_t>(find_data.addr + 12, filetime_of(st.st_atim));
      put<uint64_t>(find_data.addr + 20, filetime_of(st.st_mtim));
      put<uint32_t>(find_data.addr + 28, static_cast<uint32_t>(windows_file_size(st) >> 32));
      put<uint32_t>(find_data.addr + 32, static_cast<uint32_t>(windows_file_size(st)));
      const size_t slash = l.path.find_last_of(u"\\/");
      out<C>(slash == std::u16string::npos ? l.path : l.path.substr(slash + 1), Ptr(find_data.addr + 44), 260);
    }
  }
  return l.path.empty() ? S_FALSE : S_OK;
}
template <unsigned Slot>
HRESULT GetIDList(WindowsProcess& p, Ptr self, Ptr out_list) {
  if (!out_list) return E_POINTER;
  const Link& l = link_at(base_of(p, self, Slot));
  p.put_ptr(out_list.addr, 0);
  if (!l.id_list.empty()) {
    const uint64_t block = p.call_export("ole32.dll", "CoTaskMemAlloc", {l.id_list.size()});
    if (!block) return E_OUTOFMEMORY;
    std::memcpy(reinterpret_cast<void*>(block), l.id_list.data(), l.id_list.size());
    p.put_ptr(out_list.addr, block);
    return S_OK;
  }
  if (l.path.empty()) return S_FALSE;
  const uint64_t list = make_id_list(p, utf16_to_utf8(l.path));
  if (!list) return E_OUTOFMEMORY;
  p.put_ptr(out_list.addr, list);
  return S_OK;
}
template <unsigned Slot>
HRESULT SetIDList(WindowsProcess& p, Ptr self, Ptr pidl) {
  Link& l = link_at(base_of(p, self, Slot));
  std::string path;
  if (!pidl) return E_INVALIDARG;
  const auto* bytes = pidl.as<const uint8_t>();
  l.id_list.assign(bytes, bytes + id_list_size(pidl.addr));
  l.path = id_list_path(p, pidl.addr, path) ? utf8_to_utf16(path) : std::u16string();
  l.dirty = true;
  return S_OK;
}
// The link's strings (description, working directory, arguments): Get into the caller's buffer of
// `room` characters, Set from the caller's string (null: empty).
template <typename C, unsigned Slot, std::u16string Link::*Field>
HRESULT GetText(WindowsProcess& p, Ptr self, Ptr buffer, int32_t room) {
  out<C>(link_at(base_of(p, self, Slot)).*Field, buffer, room);
  return S_OK;
}
template <typename C, unsigned Slot, std::u16string Link::*Field>
HRESULT SetText(WindowsProcess& p, Ptr self, Ptr text) {
  Link& l = link_at(base_of(p, self, Slot));
  l.*Field = in<C>(text), l.dirty = true;
  return S_OK;
}
template <unsigned Slot>
HRESULT GetHotkey(WindowsProcess& p, Ptr self, Ptr key) {
  if (!key) return E_POINTER;
  put<uint16_t>(key.addr, link_at(base_of(p, self, Slot)).hotkey);
  return S_OK;
}
template <unsigned Slot>
HRESULT SetHotkey(WindowsProcess& p, Ptr self, uint16_t key) {
  Link& l = link_at(base_of(p, self, Slot));
  l.hotkey = key, l.dirty = true;
  return S_OK;
}
template <unsigned Slot>
HRESULT GetShowCmd(WindowsProcess& p, Ptr self, Ptr show) {
  if (!show) return E_POINTER;
  put<int32_t>(show.addr, link_at(base_of(p, self, Slot)).show);
  return S_OK;
}
template <unsigned Slot>
HRESULT SetShowCmd(WindowsProcess& p, Ptr self, int32_t show) {
  Link& l = link_at(base_of(p, self, Slot));
  l.show = show, l.dirty = true;
  return S_OK;
}
template <typename C, unsigned Slot>
HRESULT GetIconLocation(WindowsProcess& p, Ptr self, Ptr buffer, int32_t room, Ptr index) {
  const Link& l = link_at(base_of(p, self, Slot));
  out<C>(l.icon_path, buffer, room);
  if (index) put<int32_t>(index.addr, l.icon_index);
  return S_OK;
}
template <typename C, unsigned Slot>
HRESULT SetIconLocation(WindowsProcess& p, Ptr self, Ptr text, int32_t index) {
  Link& l = link_at(base_of(p, self, Slot));
  l.icon_path = in<C>(text), l.icon_index = index, l.dirty = true;
  return S_OK;
}
template <typename C, unsigned Slot>
HRESULT SetRelativePath(WindowsProcess& p, Ptr self, Ptr text, uint32_t) {
  Link& l = link_at(base_of(p, self, Slot));
  l.relative_path = in<C>(text), l.dirty = true;
  return S_OK;
}
// Resolve(window, flags): the target is where the link says, or the link cannot be resolved
// (S_FALSE with SLR_NO_UI, as when the user cancels the search Windows would offer).
template <unsigned Slot>
HRESULT Resolve(WindowsProcess& p, Ptr self, Ptr, uint32_t flags) {
  const Link& l = link_at(base_of(p, self, Slot));
  if (l.path.empty()) return S_OK;
  struct stat st;
  if (::stat(windows_to_host_path(utf16_to_utf8(l.path)).c_str(), &st) == 0) return S_OK;
  return (flags & 1 /* SLR_NO_UI */) ? S_FALSE : kFileNotFound;
}
// SetPath(path): the target, made a full path (an empty one clears it).
template <typename C, unsigned Slot>
HRESULT SetPath(WindowsProcess& p, Ptr self, Ptr text) {
  if (!text) return E_INVALIDARG;
  Link& l = link_at(base_of(p, self, Slot));
  std::u16string s = in<C>(text);
  if (s.size() >= 2 && s.front() == u'"' && s.back() == u'"') s = s.substr(1, s.size() - 2);
  l.path = s.empty() ? s : utf8_to_utf16(windows_full_path(utf16_to_utf8(s)));
  l.id_list.clear();
  l.dirty = true;
  return S_OK;
}

template <typename C, unsigned Slot>
std::vector<Export> link_methods() {
// Each method named for its interface: a thunk is found by its name.
#define NAME(n) (Slot == kLinkA ? "IShellLinkA::" n : "IShellLinkW::" n)
  return {
      EXPORT(NAME("QueryInterface"), QueryInterface<Slot>),
      EXPORT(NAME("AddRef"), AddRef<Slot>),
      EXPORT(NAME("Release"), Release<Slot>),
      EXPORT(NAME("GetPath"), (GetPath<C, Slot>)),
      EXPORT(NAME("GetIDList"), GetIDList<Slot>),
      EXPORT(NAME("SetIDList"), SetIDList<Slot>),
      EXPORT(NAME("GetDescription"), (GetText<C, Slot, &Link::description>)),
      EXPORT(NAME("SetDescription"), (SetText<C, Slot, &Link::description>)),
      EXPORT(NAME("GetWorkingDirectory"), (GetText<C, Slot, &Link::working_dir>)),
      EXPORT(NAME("SetWorkingDirectory"), (SetText<C, Slot, &Link::working_dir>)),
      EXPORT(NAME("GetArguments"), (GetText<C, Slot, &Link::arguments>)),
      EXPORT(NAME("SetArguments"), (SetText<C, Slot, &Link::arguments>)),
      EXPORT(NAME("GetHotkey"), GetHotkey<Slot>),
      EXPORT(NAME("SetHotkey"), SetHotkey<Slot>),
      EXPORT(NAME("GetShowCmd"), GetShowCmd<Slot>),
      EXPORT(NAME("SetShowCmd"), SetShowCmd<Slot>),
      EXPORT(NAME("GetIconLocation"), (GetIconLocation<C, Slot>)),
      EXPORT(NAME("SetIconLocation"), (SetIconLocation<C, Slot>)),
      EXPORT(NAME("SetRelativePath"), (SetRelativePath<C, Slot>)),
      EXPORT(NAME("Resolve"), Resolve<Slot>),
      EXPORT(NAME("SetPath"), (SetPath<C, Slot>)),
  };
#undef NAME
}

// ---- the file format ----

void put16(std::vector<uint8_t>& b, uint16_t v) { b.push_back(static_cast<uint8_t>(v)), b.push_back(static_cast<uint8_t>(v >> 8)); }
void put32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put64(std::vector<uint8_t>& b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_counted(std::vector<uint8_t>& b, const std::u16string& s) {
  put16(b, static_cast<uint16_t>(s.size()));
  for (char16_t c : s) put16(b, c);
}

// The link in the Shell Link Binary File Format.
std::vector<uint8_t> serialize(const Link& l) {
  uint32_t flags = kIsUnicode | (l.flags & ~(kHasIdList | kHasLinkInfo | kHasName | kHasRelativePath | kHasWorkingDir |
                                              kHasArguments | kHasIconLocation | kIsUnicode));
  const bool link_info = !l.path.empty() && !(l.flags & kForceNoLinkInfo) && l.path.size() > 1 && l.path[1] == u':';
  if (!l.id_list.empty()) flags |= kHasIdList;
  if (link_info) flags |= kHasLinkInfo;
  if (!l.description.empty()) flags |= kHasName;
  if (!l.relative_path.empty()) flags |= kHasRelativePath;
  if (!l.working_dir.empty()) flags |= kHasWorkingDir;
  if (!l.arguments.empty()) flags |= kHasArguments;
  if (!l.icon_path.empty()) flags |= kHasIconLocation;
  std::vector<uint8_t> b;
  put32(b, 0x4c);
  const GuidBytes clsid = kClsidShellLink;
  b.insert(b.end(), clsid.begin(), clsid.end());
  put32(b, flags);
  struct stat st {};
  const bool there = !l.path.empty() && ::stat(windows_to_host_path(utf16_to_utf8(l.path)).c_str(), &st) == 0;
  put32(b, there ? (S_ISDIR(st.st_mode) ? 0x10 : 0x20) : 0);
  put64(b, there ? filetime_of(st.st_mtim) : 0);
  put64(b, there ? filetime_of(st.st_atim) : 0);
  put64(b, there ? filetime_of(st.st_mtim) : 0);
  put32(b, there && !S_ISDIR(st.st_mode) ? static_cast<uint32_t>(st.st_size) : 0);
  put32(b, static_cast<uint32_t>(l.icon_index));
  put32(b, static_cast<uint32_t>(l.show));
  put16(b, l.hotkey);
  put16(b, 0), put32(b, 0), put32(b, 0);
  if (!l.id_list.empty()) {
    put16(b, static_cast<uint16_t>(l.id_list.size()));
    b.insert(b.end(), l.id_list.begin(), l.id_list.end());
  }
  if (link_info) {
    // LinkInfo: the header (28 bytes), VolumeID (a fixed drive, its serial number, an empty
    // label), LocalBasePath and CommonPathSuffix in the ANSI code page.
    const std::string base = utf16_to_ansi(l.path);
    const uint32_t volume_size = 16 + 1, header = 28;
    const uint32_t local_at = header + volume_size, suffix_at = local_at + static_cast<uint32_t>(base.size()) + 1;
    const uint32_t size = suffix_at + 1;
    put32(b, size), put32(b, header), put32(b, 1 /* VolumeIDAndLocalBasePath */);
    put32(b, header), put32(b, local_at), put32(b, 0), put32(b, suffix_at);
    put32(b, volume_size), put32(b, 3 /* DRIVE_FIXED */), put32(b, 0x504f4c59 /* the volume's serial number */), put32(b, 0x10);
    b.push_back(0);
    b.insert(b.end(), base.begin(), base.end());
    b.push_back(0);
    b.push_back(0);
  }
  if (flags & kHasName) put_counted(b, l.description);
  if (flags & kHasRelativePath) put_counted(b, l.relative_path);
  if (flags & kHasWorkingDir) put_counted(b, l.working_dir);
  if (flags & kHasArguments) put_counted(b, l.arguments);
  if (flags & kHasIconLocation) put_counted(b, l.icon_path);
  for (const auto& block : l.blocks) b.insert(b.end(), block.begin(), block.end());
  put32(b, 0);  // the terminal block
  return b;
}

struct Reader {
  const std::vector<uint8_t>& b;
  size_t at = 0;
  bool ok = true;
  bool have(size_t n) { return ok = ok && at + n <= b.size(); }
  uint16_t u16() {
    if (!have(2)) return 0;
    const uint16_t v = static_cast<uint16_t>(b[at] | b[at + 1] << 8);
    at += 2;
    return v;
  }
  uint32_t u32() {
    if (!have(4)) return 0;
    const uint32_t v = b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
    at += 4;
    return v;
  }
  std::u16string counted(bool unicode) {
    const uint16_t n = u16();
    std::u16string s;
    if (unicode) {
      if (!have(2u * n)) return s;
      for (uint16_t i = 0; i < n; ++i) s += static_cast<char16_t>(b[at + 2 * i] | b[at + 2 * i + 1] << 8);
      at += 2u * n;
    } else {
      if (!have(n)) return s;
      s = ansi_to_utf16(std::string(reinterpret_cast<const char*>(b.data() + at), n));
      at += n;
    }
    return s;
  }
};

// The path an ID list of Windows' file system items names: a drive item ("C:\"), then folder and
// file items (their long names in their 0xbeef0004 extension, else their short ones); empty for
// another list.
std::u16string windows_id_list_path(const std::vector<uint8_t>& list) {
  std::u16string path;
  for (size_t at = 0; at + 2 <= list.size();) {
    const size_t cb = list[at] | list[at + 1] << 8;
    if (cb == 0 || at + cb > list.size()) break;
    const uint8_t* item = list.data() + at;
    const uint8_t type = cb > 2 ? item[2] : 0;
    if ((type & 0x70) == 0x20 && cb >= 6) {  // a drive: "C:\"
      path = std::u16string(1, static_cast<char16_t>(item[3])) + u":\\";
    } else if ((type & 0x70) == 0x30 && cb > 14 && !path.empty()) {  // a folder or file
      std::string short_name(reinterpret_cast<const char*>(item + 14));
      std::u16string name = ansi_to_utf16(short_name);
      // The extension block after the name (word-aligned): size, version, signature 0xbeef0004 … long name.
      size_t ext = 14 + short_name.size() + 1;
      ext += ext & 1;
      if (ext + 8 <= cb && (item[ext + 4] | item[ext + 5] << 8 | item[ext + 6] << 16 | static_cast<uint32_t>(item[ext + 7]) << 24) == 0xbeef0004u) {
        const uint16_t version = static_cast<uint16_t>(item[ext + 2] | item[ext + 3] << 8);
        size_t name_at = ext + (version >= 9 ? 46 : version >= 7 ? 42 : version >= 3 ? 18 : 0);
        if (name_at && name_at + 2 <= cb) {
          std::u16string longer;
          for (; name_at + 1 < cb && (item[name_at] | item[name_at + 1]); name_at += 2)
            longer += static_cast<char16_t>(item[name_at] | item[name_at + 1] << 8);
          if (!longer.empty()) name = longer;
        }
      }
      if (path.back() != u'\\') path += u'\\';
      path += name;
    }
    at += cb;
  }
  return path;
}

// A link read from the file format: E_FAIL for what is no shell link.
HRESULT deserialize(WindowsProcess& p, const std::vector<uint8_t>& bytes, Link& l) {
  Reader r{bytes};
  if (r.u32() != 0x4c || !r.have(16)) return E_FAIL;
  if (std::memcmp(bytes.data() + 4, kClsidShellLink.data(), 16) != 0) return E_FAIL;
  r.at = 20;
  const uint32_t flags = r.u32();
  r.at = 56;
  l.icon_index = static_cast<int32_t>(r.u32());
  l.show = static_cast<int32_t>(r.u32());
  l.hotkey = r.u16();
  r.at = 76;
  l.flags = flags;
  l.path.clear();
  l.id_list.clear();
  std::u16string from_list;
  if (flags & kHasIdList) {
    const uint16_t size = r.u16();
    if (!r.have(size)) return E_FAIL;
    l.id_list.assign(bytes.begin() + static_cast<long>(r.at), bytes.begin() + static_cast<long>(r.at + size));
    r.at += size;
    from_list = windows_id_list_path(l.id_list);
    if (from_list.empty()) {  // one of polyrun's own lists
      const uint64_t block = p.heap.alloc(l.id_list.size() + 2, true);
      std::memcpy(reinterpret_cast<void*>(block), l.id_list.data(), l.id_list.size());
      std::string path;
      if (id_list_path(p, block, path)) from_list = utf8_to_utf16(path);
      p.heap.free(block);
    }
  }
  if (flags & kHasLinkInfo) {
    const size_t start = r.at;
    const uint32_t size = r.u32(), header = r.u32(), info_flags = r.u32();
    r.u32();  // VolumeIDOffset
    const uint32_t local_at = r.u32();
    r.u32();  // CommonNetworkRelativeLinkOffset
    const uint32_t suffix_at = r.u32();
    uint32_t local_unicode_at = 0, suffix_unicode_at = 0;
    if (header >= 0x24) local_unicode_at = r.u32(), suffix_unicode_at = r.u32();
    if (!r.have(size - (r.at - start))) return E_FAIL;
    auto ansi_at = [&](uint32_t off) {
      return off && start + off < bytes.size() ? ansi_to_utf16(reinterpret_cast<const char*>(bytes.data() + start + off)) : std::u16string();
    };
    auto wide_at = [&](uint32_t off) {
      std::u16string s;
      for (size_t i = start + off; off && i + 1 < start + size && (bytes[i] | bytes[i + 1]); i += 2)
        s += static_cast<char16_t>(bytes[i] | bytes[i + 1] << 8);
      return s;
    };
    if (info_flags & 1) {
      l.path = local_unicode_at ? wide_at(local_unicode_at) : ansi_at(local_at);
      const std::u16string suffix = suffix_unicode_at ? wide_at(suffix_unicode_at) : ansi_at(suffix_at);
      if (!suffix.empty()) {
        if (!l.path.empty() && l.path.back() != u'\\') l.path += u'\\';
        l.path += suffix;
      }
    }
    r.at = start + size;
  }
  if (l.path.empty()) l.path = from_list;
  const bool unicode = flags & kIsUnicode;
  l.description = (flags & kHasName) ? r.counted(unicode) : std::u16string();
  l.relative_path = (flags & kHasRelativePath) ? r.counted(unicode) : std::u16string();
  l.working_dir = (flags & kHasWorkingDir) ? r.counted(unicode) : std::u16string();
  l.arguments = (flags & kHasArguments) ? r.counted(unicode) : std::u16string();
  l.icon_path = (flags & kHasIconLocation) ? r.counted(unicode) : std::u16string();
  l.blocks.clear();
  while (r.ok && r.at + 4 <= bytes.size()) {
    const size_t start = r.at;
    const uint32_t size = r.u32();
    if (size < 4 || start + size > bytes.size()) break;
    l.blocks.emplace_back(bytes.begin() + static_cast<long>(start), bytes.begin() + static_cast<long>(start + size));
    r.at = start + size;
  }
  if (!r.ok) return E_FAIL;
  l.dirty = false;
  return S_OK;
}

// ---- IPersistFile ----

template <unsigned Slot>
HRESULT GetClassID(WindowsProcess&, Ptr, Ptr clsid) {
  if (!clsid) return E_POINTER;
  ole32::write_guid(clsid.addr, kClsidShellLink);
  return S_OK;
}
template <unsigned Slot>
HRESULT IsDirty(WindowsProcess& p, Ptr self) { return link_at(base_of(p, self, Slot)).dirty ? S_OK : S_FALSE; }

std::vector<uint8_t> read_all(const std::string& host, bool& ok) {
  std::vector<uint8_t> b;
  FILE* f = std::fopen(host.c_str(), "rb");
  ok = f != nullptr;
  if (!f) return b;
  uint8_t chunk[4096];
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;) b.insert(b.end(), chunk, chunk + n);
  std::fclose(f);
  return b;
}
HRESULT Load(WindowsProcess& p, Ptr self, WStr name, uint32_t) {
  if (!name.addr) return E_INVALIDARG;
  Link& l = link_at(base_of(p, self, kPersistFile));
  const std::u16string file = name.str();
  bool ok = false;
  const std::vector<uint8_t> bytes = read_all(windows_to_host_path(utf16_to_utf8(file)), ok);
  if (!ok) return STG_E_FILENOTFOUND;
  Link loaded;
  const HRESULT hr = deserialize(p, bytes, loaded);
  if (hr != S_OK) return hr;
  loaded.refs = l.refs;
  loaded.file = file;
  l = std::move(loaded);
  return S_OK;
}
HRESULT Save(WindowsProcess& p, Ptr self, Ptr name, BOOL remember) {
  Link& l = link_at(base_of(p, self, kPersistFile));
  const std::u16string file = name ? std::u16string(name.as<const char16_t>()) : l.file;
  if (file.empty()) return E_INVALIDARG;
  const std::vector<uint8_t> bytes = serialize(l);
  FILE* f = std::fopen(windows_to_host_path(utf16_to_utf8(file)).c_str(), "wb");
  if (!f) return hresult_from_win32(3 /* ERROR_PATH_NOT_FOUND */);
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  std::fclose(f);
  if (!written) return E_FAIL;
  if (!name || remember) l.file = file, l.dirty = false;
  return S_OK;
}
HRESULT SaveCompleted(WindowsProcess&, Ptr, Ptr) { return S_OK; }
HRESULT GetCurFile(WindowsProcess& p, Ptr self, Ptr out_name) {
  if (!out_name) return E_POINTER;
  const Link& l = link_at(base_of(p, self, kPersistFile));
  p.put_ptr(out_name.addr, 0);
  if (l.file.empty()) return S_FALSE;
  const uint64_t block = p.call_export("ole32.dll", "CoTaskMemAlloc", {(l.file.size() + 1) * 2});
  if (!block) return E_OUTOFMEMORY;
  std::memcpy(reinterpret_cast<void*>(block), l.file.c_str(), (l.file.size() + 1) * 2);
  p.put_ptr(out_name.addr, block);
  return S_OK;
}

// ---- IPersistStream ----

HRESULT StreamLoad(WindowsProcess& p, Ptr self, Ptr stream) {
  if (!stream) return E_POINTER;
  Link& l = link_at(base_of(p, self, kPersistStream));
  std::vector<uint8_t> bytes;
  const uint64_t chunk = p.heap.alloc(4096);
  for (;;) {
    uint32_t got = 0;
    const int32_t hr = ole32::stream_read(p, stream.addr, chunk, 4096, got);
    if (hr < 0) {
      p.heap.free(chunk);
      return hr;
    }
    bytes.insert(bytes.end(), reinterpret_cast<const uint8_t*>(chunk), reinterpret_cast<const uint8_t*>(chunk) + got);
    if (got < 4096) break;
  }
  p.heap.free(chunk);
  Link loaded;
  const HRESULT hr = deserialize(p, bytes, loaded);
  if (hr != S_OK) return hr;
  loaded.refs = l.refs;
  loaded.file = l.file;
  l = std::move(loaded);
  return S_OK;
}
HRESULT StreamSave(WindowsProcess& p, Ptr self, Ptr stream, BOOL clear_dirty) {
  if (!stream) return E_POINTER;
  Link& l = link_at(base_of(p, self, kPersistStream));
  const std::vector<uint8_t> bytes = serialize(l);
  const uint64_t block = p.heap.alloc(bytes.size());
  std::memcpy(reinterpret_cast<void*>(block), bytes.data(), bytes.size());
  uint32_t done = 0;
  const int32_t hr = ole32::stream_write(p, stream.addr, block, static_cast<uint32_t>(bytes.size()), done);
  p.heap.free(block);
  if (hr < 0) return hr;
  if (clear_dirty) l.dirty = false;
  return S_OK;
}
HRESULT GetSizeMax(WindowsProcess& p, Ptr self, Ptr size) {
  if (!size) return E_POINTER;
  put<uint64_t>(size.addr, serialize(link_at(base_of(p, self, kPersistStream))).size());
  return S_OK;
}

// ---- IShellLinkDataList ----

// The data block of a signature (each block: its size, its signature, its data).
std::vector<std::vector<uint8_t>>::iterator find_block(Link& l, uint32_t signature) {
  return std::find_if(l.blocks.begin(), l.blocks.end(), [signature](const std::vector<uint8_t>& b) {
    return b.size() >= 8 && (b[4] | b[5] << 8 | b[6] << 16 | static_cast<uint32_t>(b[7]) << 24) == signature;
  });
}

HRESULT AddDataBlock(WindowsProcess& p, Ptr self, Ptr block) {
  if (!block) return E_INVALIDARG;
  Link& l = link_at(base_of(p, self, kDataList));
  const uint32_t size = get<uint32_t>(block.addr), signature = get<uint32_t>(block.addr + 4);
  if (size < 8) return E_INVALIDARG;
  if (find_block(l, signature) != l.blocks.end()) return E_FAIL;
  l.blocks.emplace_back(block.as<const uint8_t>(), block.as<const uint8_t>() + size);
  l.dirty = true;
  return S_OK;
}
HRESULT CopyDataBlock(WindowsProcess& p, Ptr self, uint32_t signature, Ptr out_block) {
  if (!out_block) return E_POINTER;
  Link& l = link_at(base_of(p, self, kDataList));
  p.put_ptr(out_block.addr, 0);
  const auto b = find_block(l, signature);
  if (b == l.blocks.end()) return E_FAIL;
  const uint64_t copy = p.call_export("kernel32.dll", "LocalAlloc", {0x40, b->size()});
  if (!copy) return E_OUTOFMEMORY;
  std::memcpy(reinterpret_cast<void*>(copy), b->data(), b->size());
  p.put_ptr(out_block.addr, copy);
  return S_OK;
}
HRESULT RemoveDataBlock(WindowsProcess& p, Ptr self, uint32_t signature) {
  Link& l = link_at(base_of(p, self, kDataList));
  const auto b = find_block(l, signature);
  if (b == l.blocks.end()) return E_FAIL;
  l.blocks.erase(b);
  l.dirty = true;
  return S_OK;
}
HRESULT GetFlags(WindowsProcess& p, Ptr self, Ptr flags) {
  if (!flags) return E_POINTER;
  const Link& l = link_at(base_of(p, self, kDataList));
  uint32_t f = l.flags | kIsUnicode;
  if (!l.description.empty()) f |= kHasName;
  if (!l.relative_path.empty()) f |= kHasRelativePath;
  if (!l.working_dir.empty()) f |= kHasWorkingDir;
  if (!l.arguments.empty()) f |= kHasArguments;
  if (!l.icon_path.empty()) f |= kHasIconLocation;
  put<uint32_t>(flags.addr, f);
  return S_OK;
}
HRESULT SetFlags(WindowsProcess& p, Ptr self, uint32_t flags) {
  Link& l = link_at(base_of(p, self, kDataList));
  l.flags = flags, l.dirty = true;
  return S_OK;
}

// ---- the object and its class object ----

uint64_t new_link(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  const uint64_t base = p.heap.alloc(kSlots * w, true);
  if (!base) return 0;
  static const std::vector<Export> persist_file = {
      EXPORT("IPersistFile::QueryInterface", QueryInterface<kPersistFile>), EXPORT("IPersistFile::AddRef", AddRef<kPersistFile>),
      EXPORT("IPersistFile::Release", Release<kPersistFile>), EXPORT("IPersistFile::GetClassID", GetClassID<kPersistFile>),
      EXPORT("IPersistFile::IsDirty", IsDirty<kPersistFile>), EXPORT("IPersistFile::Load", Load), EXPORT("IPersistFile::Save", Save),
      EXPORT("IPersistFile::SaveCompleted", SaveCompleted), EXPORT("IPersistFile::GetCurFile", GetCurFile)};
  static const std::vector<Export> persist_stream = {
      EXPORT("IPersistStream::QueryInterface", QueryInterface<kPersistStream>), EXPORT("IPersistStream::AddRef", AddRef<kPersistStream>),
      EXPORT("IPersistStream::Release", Release<kPersistStream>), EXPORT("IPersistStream::GetClassID", GetClassID<kPersistStream>),
      EXPORT("IPersistStream::IsDirty", IsDirty<kPersistStream>), EXPORT("IPersistStream::Load", StreamLoad), EXPORT("IPersistStream::Save", StreamSave),
      EXPORT("IPersistStream::GetSizeMax", GetSizeMax)};
  static const std::vector<Export> data_list = {
      EXPORT("IShellLinkDataList::QueryInterface", QueryInterface<kDataList>), EXPORT("IShellLinkDataList::AddRef", AddRef<kDataList>),
      EXPORT("IShellLinkDataList::Release", Release<kDataList>), EXPORT("IShellLinkDataList::AddDataBlock", AddDataBlock), EXPORT("IShellLinkDataList::CopyDataBlock", CopyDataBlock),
      EXPORT("IShellLinkDataList::RemoveDataBlock", RemoveDataBlock), EXPORT("IShellLinkDataList::GetFlags", GetFlags), EXPORT("IShellLinkDataList::SetFlags", SetFlags)};
  static const std::vector<Export> link_a = link_methods<char, kLinkA>();
  static const std::vector<Export> link_w = link_methods<char16_t, kLinkW>();
  p.put_ptr(base + kLinkA * w, com_vtable(p, kShell32, link_a));
  p.put_ptr(base + kLinkW * w, com_vtable(p, kShell32, link_w));
  p.put_ptr(base + kPersistFile * w, com_vtable(p, kShell32, persist_file));
  p.put_ptr(base + kPersistStream * w, com_vtable(p, kShell32, persist_stream));
  p.put_ptr(base + kDataList * w, com_vtable(p, kShell32, data_list));
  links()[base] = Link{};
  return base;
}

// The class object: IClassFactory, one per process, never freed.
HRESULT FactoryQueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidClassFactory)) {
    p.put_ptr(out.addr, self.addr);
    return S_OK;
  }
  p.put_ptr(out.addr, 0);
  return E_NOINTERFACE;
}
uint32_t FactoryAddRef(WindowsProcess&, Ptr) { return 2; }
uint32_t FactoryRelease(WindowsProcess&, Ptr) { return 1; }
HRESULT CreateInstance(WindowsProcess& p, Ptr, Ptr outer, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  if (outer) return CLASS_E_NOAGGREGATION;
  const uint64_t base = new_link(p);
  if (!base) return E_OUTOFMEMORY;
  const HRESULT hr = query(p, base, iid.addr, out.addr);
  release(p, base);
  return hr;
}
HRESULT LockServer(WindowsProcess&, Ptr, BOOL) { return S_OK; }

uint64_t class_factory(WindowsProcess& p) {
  static uint64_t factory = 0;
  if (!factory) {
    static const std::vector<Export> methods = {
        EXPORT("IClassFactory::QueryInterface", FactoryQueryInterface), EXPORT("IClassFactory::AddRef", FactoryAddRef), EXPORT("IClassFactory::Release", FactoryRelease),
        EXPORT("IClassFactory::CreateInstance", CreateInstance), EXPORT("IClassFactory::LockServer", LockServer)};
    factory = p.heap.alloc(p.isa->ptr);
    p.put_ptr(factory, com_vtable(p, kShell32, methods));
  }
  return factory;
}

// DllGetClassObject(clsid, iid, &object): CLSID_ShellLink's class object.
HRESULT DllGetClassObject(WindowsProcess& p, Ptr clsid, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!guid_is(clsid.addr, kClsidShellLink)) return CLASS_E_CLASSNOTAVAILABLE;
  return FactoryQueryInterface(p, Ptr(class_factory(p)), iid, out);
}
HRESULT DllCanUnloadNow(WindowsProcess&) { return S_FALSE; }

}  // namespace

const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      EXPORT("DllGetClassObject", DllGetClassObject),
      EXPORT("DllCanUnloadNow", DllCanUnloadNow),
  };
  return exports;
}

}  // namespace polyrun::shims::shell_link
