// GDI32's font resources: AddFontResource(Ex)W/A and RemoveFontResource(Ex)W/A (font files a
// program brings, its own whatever FR_PRIVATE says: polyrun's processes share no font table),
// AddFontMemResourceEx/RemoveFontMemResourceEx (a font image in memory, private and never
// enumerated, as Windows documents). The faces join those CreateFont chooses from and, but for
// FR_NOT_ENUM and memory fonts, those EnumFontFamiliesEx lists (font_faces.h). A name may hold
// several files separated by '|' (a Type 1 font's .pfm|.pfb), each added; a relative one is found
// from the current directory.
#include <stdlib.h>
#include <unistd.h>

#include <map>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims::gdi32 {

namespace {

constexpr uint32_t FR_NOT_ENUM = 0x20;

std::vector<std::string> host_files(const std::u16string& name) {
  std::vector<std::string> out;
  std::string all = utf16_to_utf8(name);
  for (size_t start = 0; start <= all.size();) {
    const size_t bar = all.find('|', start);
    const std::string one = all.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    if (!one.empty()) out.push_back(windows_to_host_path(windows_full_path(one)));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

int32_t add_resource(const std::u16string& name, uint32_t flags) {
  int32_t faces = 0;
  for (const std::string& file : host_files(name)) faces += add_font_file(file, !(flags & FR_NOT_ENUM));
  return faces;
}
BOOL remove_resource(const std::u16string& name) {
  BOOL removed = FALSE;
  for (const std::string& file : host_files(name))
    if (remove_font_file(file)) removed = TRUE;
  return removed;
}

int32_t AddFontResourceExW(WindowsProcess&, WStr name, uint32_t flags, Ptr) {
  return name.addr ? add_resource(name.str(), flags) : 0;
}
int32_t AddFontResourceExA(WindowsProcess&, AStr name, uint32_t flags, Ptr) {
  return name.addr ? add_resource(ansi_to_utf16(name.bytes()), flags) : 0;
}
int32_t AddFontResourceW(WindowsProcess& p, WStr name) { return AddFontResourceExW(p, name, 0, Ptr(0)); }
int32_t AddFontResourceA(WindowsProcess& p, AStr name) { return AddFontResourceExA(p, name, 0, Ptr(0)); }
BOOL RemoveFontResourceExW(WindowsProcess&, WStr name, uint32_t, Ptr) { return name.addr ? remove_resource(name.str()) : FALSE; }
BOOL RemoveFontResourceExA(WindowsProcess&, AStr name, uint32_t, Ptr) {
  return name.addr ? remove_resource(ansi_to_utf16(name.bytes())) : FALSE;
}
BOOL RemoveFontResourceW(WindowsProcess& p, WStr name) { return RemoveFontResourceExW(p, name, 0, Ptr(0)); }
BOOL RemoveFontResourceA(WindowsProcess& p, AStr name) { return RemoveFontResourceExA(p, name, 0, Ptr(0)); }

// A memory font lies in a file of its own while it is added (FreeType and fontconfig read files).
std::map<uint64_t, std::string>& memory_fonts() {
  static std::map<uint64_t, std::string> fonts;
  return fonts;
}

// AddFontMemResourceEx(image, size, reserved, &fonts): a handle (0 on failure) and the number of
// faces.
Ptr AddFontMemResourceEx(WindowsProcess& p, Ptr image, uint32_t size, Ptr reserved, Ptr count) {
  if (!image || !size || reserved || !count) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  char path[] = "/tmp/polyrun-font-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) return Ptr(0);
  const bool written = ::write(fd, guest_pointer(image.addr), size) == static_cast<ssize_t>(size);
  ::close(fd);
  const int faces = written ? add_font_file(path, false) : 0;
  if (faces <= 0) {
    ::unlink(path);
    return Ptr(0);
  }
  put<uint32_t>(count.addr, static_cast<uint32_t>(faces));
  static uint64_t next = 0x4000;  // handles of their own kind, as Windows' are
  const uint64_t handle = next++;
  memory_fonts()[handle] = path;
  return Ptr(handle);
}
BOOL RemoveFontMemResourceEx(WindowsProcess& p, Ptr handle) {
  auto it = memory_fonts().find(handle.addr);
  if (it == memory_fonts().end()) return fail(p, ERROR_INVALID_PARAMETER);
  remove_font_file(it->second);
  ::unlink(it->second.c_str());
  memory_fonts().erase(it);
  return TRUE;
}

}  // namespace

const std::vector<Export>& font_resource_exports() {
  static const std::vector<Export> e = {
      EXPORT("AddFontResourceExW", AddFontResourceExW),
      EXPORT("AddFontResourceExA", AddFontResourceExA),
      EXPORT("AddFontResourceW", AddFontResourceW),
      EXPORT("AddFontResourceA", AddFontResourceA),
      EXPORT("RemoveFontResourceExW", RemoveFontResourceExW),
      EXPORT("RemoveFontResourceExA", RemoveFontResourceExA),
      EXPORT("RemoveFontResourceW", RemoveFontResourceW),
      EXPORT("RemoveFontResourceA", RemoveFontResourceA),
      EXPORT("AddFontMemResourceEx", AddFontMemResourceEx),
      EXPORT("RemoveFontMemResourceEx", RemoveFontMemResourceEx),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
