// The system image list: the shell's icons of files at its five sizes (SHIL_LARGE 32 pixels,
// SHIL_SMALL 16, SHIL_EXTRALARGE 48, SHIL_SYSSMALL 16, SHIL_JUMBO 256), COMCTL32 image lists
// (ILC_COLOR32 | ILC_MASK) the process shares, an icon added to all five the first time a file's
// icon is asked for and found again by its file and index after that (the first two entries are
// SHELL32's file icon, as Windows begins them). SHGetImageList, Shell_GetImageLists,
// Shell_GetCachedImageIndex(A/W), SHMapPIDLToSystemImageListIndex, FileIconInit and
// SHGetStockIconInfo.
#include <sys/stat.h>

#include <map>
#include <mutex>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/ole32/com_object.h"
#include "shims/shell32/id_lists.h"
#include "shims/shell32/shell_icons.h"

namespace polyrun::shims::shell32 {

namespace {

constexpr int kLists = 5;
constexpr int32_t kSizes[kLists] = {32, 16, 48, 16, 256};
constexpr uint64_t ILC_COLOR32 = 0x20, ILC_MASK = 0x1, CLR_NONE = 0xffffffffu;

struct SystemLists {
  std::recursive_mutex lock;
  bool made = false;
  uint64_t lists[kLists] = {};
  std::map<std::pair<std::string, int32_t>, int32_t> index;  // (file, icon index) -> list index
};
SystemLists& state() {
  static SystemLists s;
  return s;
}

uint64_t comctl32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("comctl32.dll", name, args);
}

std::string key_of(WindowsProcess& p, const std::string& file) {
  return is_shell32(p, file) ? std::string("shell32") : ascii_lower(windows_full_path(file));
}

// The icon of `file` at `index` added to every list: its index, -1 when the file has no such icon.
int32_t add_icon(WindowsProcess& p, SystemLists& s, const std::string& file, int32_t index) {
  uint64_t icons[kLists] = {};
  for (int k = 0; k < kLists; ++k)
    if (!(icons[k] = file_icon(p, file, index, kSizes[k], nullptr))) {
      for (uint64_t icon : icons)
        if (icon) p.call_export("user32.dll", "DestroyIcon", {icon});
      return -1;
    }
  int32_t at = -1;
  for (int k = 0; k < kLists; ++k) {
    const int32_t i = static_cast<int32_t>(comctl32(p, "ImageList_ReplaceIcon", {s.lists[k], 0xffffffffu, icons[k]}));
    if (k == 0) at = i;
    p.call_export("user32.dll", "DestroyIcon", {icons[k]});
  }
  return at;
}

SystemLists& made(WindowsProcess& p) {
  SystemLists& s = state();
  std::lock_guard<std::recursive_mutex> g(s.lock);
  if (s.made) return s;
  s.made = true;
  for (int k = 0; k < kLists; ++k) {
    s.lists[k] = comctl32(p, "ImageList_Create", {static_cast<uint32_t>(kSizes[k]), static_cast<uint32_t>(kSizes[k]),
                                                  ILC_COLOR32 | ILC_MASK, 0, 0x20});
    comctl32(p, "ImageList_SetBkColor", {s.lists[k], CLR_NONE});
  }
  // SHELL32's file icon first, by its index and by its resource id.
  const std::string shell = shell32_path(p);
  s.index[{key_of(p, shell), 0}] = add_icon(p, s, shell, 0);
  s.index[{key_of(p, shell), -1}] = add_icon(p, s, shell, -1);
  return s;
}

}  // namespace

uint64_t system_image_list(WindowsProcess& p, int which) {
  if (which < 0 || which >= kLists) return 0;
  return made(p).lists[which];
}

int32_t system_icon_index(WindowsProcess& p, const std::string& file, int32_t index) {
  SystemLists& s = made(p);
  std::lock_guard<std::recursive_mutex> g(s.lock);
  const auto key = std::make_pair(key_of(p, file), index);
  if (auto it = s.index.find(key); it != s.index.end()) return it->second;
  const int32_t at = add_icon(p, s, file, index);
  if (at >= 0) s.index[key] = at;
  return at;
}

namespace {

int32_t SHGetImageList(WindowsProcess& p, int32_t which, Ptr iid, Ptr out) {
  if (which < 0 || which >= kLists) return com::E_FAIL;
  return static_cast<int32_t>(comctl32(p, "HIMAGELIST_QueryInterface", {system_image_list(p, which), iid.addr, out.addr}));
}

BOOL Shell_GetImageLists(WindowsProcess& p, Ptr large, Ptr small) {
  if (large) p.put_ptr(large.addr, system_image_list(p, 0));
  if (small) p.put_ptr(small.addr, system_image_list(p, 1));
  return 1;
}

BOOL FileIconInit(WindowsProcess& p, BOOL) { return made(p).made ? 1 : 0; }

int32_t Shell_GetCachedImageIndexW(WindowsProcess& p, WStr path, int32_t index, uint32_t) {
  return system_icon_index(p, utf16_to_utf8(path.str()), index);
}
int32_t Shell_GetCachedImageIndexA(WindowsProcess& p, AStr path, int32_t index, uint32_t) {
  return system_icon_index(p, path.str(), index);
}

// SHMapPIDLToSystemImageListIndex(folder, pidl, open index): the item's icon in the system image
// list (its open icon, the same for all but folders, through `open`); the file icon for an item
// whose icon cannot be had.
int32_t SHMapPIDLToSystemImageListIndex(WindowsProcess& p, Ptr, Ptr pidl, Ptr open) {
  std::string path;
  if (!id_list_path(p, pidl.addr, path)) {
    if (open) put<int32_t>(open.addr, -1);
    return -1;
  }
  struct stat st{};
  const bool folder = ::stat(windows_to_host_path(windows_full_path(path)).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  const IconLocation where = icon_location(p, path, folder);
  int32_t i = system_icon_index(p, where.file, where.index);
  if (i < 0) i = 0;
  if (open) {
    int32_t o = folder ? system_icon_index(p, shell32_path(p), 4) : i;
    put<int32_t>(open.addr, o < 0 ? i : o);
  }
  return i;
}

// SHSTOCKICONINFO: cbSize, hIcon, iSysImageIndex, iIcon, szPath[MAX_PATH].
enum : uint32_t {
  SHGSI_ICON = 0x100, SHGSI_SYSICONINDEX = 0x4000, SHGSI_LINKOVERLAY = 0x8000, SHGSI_SELECTED = 0x10000,
  SHGSI_SMALLICON = 0x1, SHGSI_SHELLICONSIZE = 0x4,
};
int32_t SHGetStockIconInfo(WindowsProcess& p, int32_t id, uint32_t flags, Ptr info) {
  const unsigned ptr = p.isa->ptr;
  const uint64_t icon_at = ptr, index_at = 2ull * ptr, path_at = index_at + 8, size = path_at + 520;
  if (id < 0 || id >= static_cast<int32_t>(kOwnIcons) || !info || get<uint32_t>(info.addr) != size) return com::E_INVALIDARG;
  const std::u16string path = utf8_to_utf16(shell32_path(p));
  std::memcpy(reinterpret_cast<void*>(info.addr + path_at), path.c_str(), 2 * (path.size() + 1));
  put<int32_t>(info.addr + index_at + 4, id);  // the icon's index in SHELL32.dll (resource id - 1)
  p.put_ptr(info.addr + icon_at, 0);
  put<int32_t>(info.addr + index_at, -1);
  if (flags & SHGSI_SYSICONINDEX) put<int32_t>(info.addr + index_at, system_icon_index(p, shell32_path(p), id));
  if (flags & SHGSI_ICON) {
    const int32_t px = (flags & SHGSI_SMALLICON) ? 16 : 32;
    uint32_t effects = 0;
    if (flags & SHGSI_LINKOVERLAY) effects |= kLinkOverlay;
    if (flags & SHGSI_SELECTED) effects |= kSelected;
    p.put_ptr(info.addr + icon_at, own_icon(p, static_cast<uint32_t>(id) + 1, px, effects));
  }
  return com::S_OK;
}

}  // namespace

}  // namespace polyrun::shims::shell32

namespace polyrun::shims {

const std::vector<Export>& shell32_image_list_exports() {
  using namespace shell32;
  static const std::vector<Export> e = {
      EXPORT("SHGetImageList", SHGetImageList),
      EXPORT("Shell_GetImageLists", Shell_GetImageLists),
      EXPORT("FileIconInit", FileIconInit),
      EXPORT("Shell_GetCachedImageIndexW", Shell_GetCachedImageIndexW),
      EXPORT("Shell_GetCachedImageIndexA", Shell_GetCachedImageIndexA),
      EXPORT("Shell_GetCachedImageIndex", Shell_GetCachedImageIndexW),
      EXPORT("SHMapPIDLToSystemImageListIndex", SHMapPIDLToSystemImageListIndex),
      EXPORT("SHGetStockIconInfo", SHGetStockIconInfo),
  };
  return e;
}

}  // namespace polyrun::shims
