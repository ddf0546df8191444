// Item ID lists (shell32/id_lists.h): ILFree, ILClone, ILGetSize, ILCreateFromPath,
// SHGetPathFromIDList, SHGetSpecialFolderLocation and SHGetFolderLocation; SHGetMalloc, the allocator
// they come from.
#include "shims/shell32/id_lists.h"

#include <sys/stat.h>

#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

int32_t shell32_folder_path(WindowsProcess& p, int32_t csidl, char16_t* out);  // shell32/shell32.cpp

namespace {

constexpr uint8_t kIdMark0 = 'P', kIdMark1 = 'R';
constexpr int32_t kIdInvalidArg = static_cast<int32_t>(0x80070057), kIdOutOfMemory = static_cast<int32_t>(0x8007000e);

}  // namespace

// (walking at most 64 KB)
uint32_t id_list_size(uint64_t pidl) {
  if (!pidl) return 0;
  uint32_t size = 0;
  for (int guard = 0; guard < 4096; ++guard) {
    const uint16_t cb = get<uint16_t>(pidl + size);
    if (cb == 0) return size + 2;
    size += cb;
    if (size > 0x10000) break;
  }
  return size + 2;
}

namespace {

void ILFree(WindowsProcess& p, Ptr pidl) {
  if (pidl) p.heap.free(pidl.addr);
}
uint32_t ILGetSize(WindowsProcess&, Ptr pidl) { return id_list_size(pidl.addr); }
Ptr ILClone(WindowsProcess& p, Ptr pidl) {
  const uint32_t size = id_list_size(pidl.addr);
  if (!size) return Ptr(0);
  const uint64_t copy = p.heap.alloc(size);
  if (copy) std::memcpy(reinterpret_cast<void*>(copy), pidl.as<const void>(), size);
  return Ptr(copy);
}

Ptr create_from_path(WindowsProcess& p, const std::u16string& path) {
  if (path.empty()) return Ptr(0);
  const std::string full = windows_full_path(utf16_to_utf8(path));
  struct stat st;
  if (::stat(windows_to_host_path(full).c_str(), &st) != 0) return Ptr(0);
  return Ptr(make_id_list(p, full));
}
Ptr ILCreateFromPathW(WindowsProcess& p, WStr path) { return create_from_path(p, path.str()); }
Ptr ILCreateFromPathA(WindowsProcess& p, Ptr path) {
  return path ? create_from_path(p, ansi_to_utf16(path.as<const char>())) : Ptr(0);
}

// SHGetPathFromIDList(pidl, path): the file system path in a MAX_PATH buffer; FALSE (and an empty
// string) for a list that names none.
BOOL SHGetPathFromIDListW(WindowsProcess& p, Ptr pidl, Ptr out) {
  if (!out) return FALSE;
  put<char16_t>(out.addr, 0);
  std::string path;
  if (!id_list_path(p, pidl.addr, path)) return FALSE;
  const std::u16string w = utf8_to_utf16(path);
  if (w.size() >= 260) return FALSE;
  std::memcpy(out.as<void>(), w.c_str(), 2 * (w.size() + 1));
  return TRUE;
}
BOOL SHGetPathFromIDListA(WindowsProcess& p, Ptr pidl, Ptr out) {
  if (!out) return FALSE;
  put<char>(out.addr, 0);
  std::string path;
  if (!id_list_path(p, pidl.addr, path)) return FALSE;
  path = utf8_to_ansi(path);
  if (path.size() >= 260) return FALSE;
  std::memcpy(out.as<void>(), path.c_str(), path.size() + 1);
  return TRUE;
}

// The list of a CSIDL's folder (the desktop: the empty list).
int32_t folder_location(WindowsProcess& p, int32_t csidl, uint64_t out) {
  if (!out) return kIdInvalidArg;
  p.put_ptr(out, 0);
  std::string path;
  if ((csidl & 0xff) != 0) {
    char16_t buf[260] = {};
    const int32_t hr = shell32_folder_path(p, csidl, buf);
    if (hr != 0) return hr;
    path = utf16_to_utf8(buf, std::char_traits<char16_t>::length(buf));
  }
  const uint64_t pidl = make_id_list(p, path);
  if (!pidl) return kIdOutOfMemory;
  p.put_ptr(out, pidl);
  return 0;
}
int32_t SHGetSpecialFolderLocation(WindowsProcess& p, Ptr, int32_t csidl, Ptr out) {
  return folder_location(p, csidl, out.addr);
}
int32_t SHGetFolderLocation(WindowsProcess& p, Ptr, int32_t csidl, Ptr, uint32_t, Ptr out) {
  return folder_location(p, csidl, out.addr);
}

// SHGetMalloc(&malloc): the shell's task allocator, which ID lists are allocated from: COM's
// (OLE32's CoGetMalloc).
int32_t SHGetMalloc(WindowsProcess& p, Ptr out) {
  return static_cast<int32_t>(p.call_export("ole32.dll", "CoGetMalloc", {1, out.addr}, 0x80004005u));
}

}  // namespace

uint64_t make_id_list(WindowsProcess& p, const std::string& windows_path) {
  if (windows_path.empty()) {
    const uint64_t empty = p.heap.alloc(2, true);
    return empty;
  }
  const std::u16string w = utf8_to_utf16(windows_path);
  const uint32_t cb = static_cast<uint32_t>(2 + 2 + 2 * (w.size() + 1));
  if (cb > 0xffff) return 0;
  const uint64_t pidl = p.heap.alloc(cb + 2, true);
  if (!pidl) return 0;
  put<uint16_t>(pidl, static_cast<uint16_t>(cb));
  put<uint8_t>(pidl + 2, kIdMark0);
  put<uint8_t>(pidl + 3, kIdMark1);
  std::memcpy(reinterpret_cast<void*>(pidl + 4), w.c_str(), 2 * (w.size() + 1));
  put<uint16_t>(pidl + cb, 0);
  return pidl;
}

bool id_list_path(WindowsProcess& p, uint64_t pidl, std::string& windows_path) {
  if (!pidl) return false;
  const uint16_t cb = get<uint16_t>(pidl);
  if (cb == 0) {
    char16_t buf[260] = {};
    if (shell32_folder_path(p, 0x10 /* CSIDL_DESKTOPDIRECTORY */, buf) != 0) return false;
    windows_path = utf16_to_utf8(buf, std::char_traits<char16_t>::length(buf));
    return true;
  }
  if (cb < 6 || get<uint8_t>(pidl + 2) != kIdMark0 || get<uint8_t>(pidl + 3) != kIdMark1) return false;
  const size_t chars = (cb - 4) / 2;
  std::u16string w(reinterpret_cast<const char16_t*>(pidl + 4), chars);
  w = w.substr(0, w.find(u'\0'));
  windows_path = utf16_to_utf8(w);
  return true;
}

const std::vector<Export>& shell32_id_list_exports() {
  static const std::vector<Export> e = {
      EXPORT("ILFree", ILFree),
      EXPORT("SHGetMalloc", SHGetMalloc),
      EXPORT("ILGetSize", ILGetSize),
      EXPORT("ILClone", ILClone),
      EXPORT("ILCreateFromPathW", ILCreateFromPathW),
      EXPORT("ILCreateFromPathA", ILCreateFromPathA),
      EXPORT("SHGetPathFromIDListW", SHGetPathFromIDListW),
      EXPORT("SHGetPathFromIDListA", SHGetPathFromIDListA),
      EXPORT("SHGetSpecialFolderLocation", SHGetSpecialFolderLocation),
      EXPORT("SHGetFolderLocation", SHGetFolderLocation),
  };
  return e;
}

}  // namespace polyrun::shims
