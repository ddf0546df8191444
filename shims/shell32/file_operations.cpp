// SHELL32.dll: SHFileOperationW/A (copy, move, delete and rename of files and folder trees, as
// Explorer does them for a program) and SHFreeNameMappings.
//
// SHFILEOPSTRUCT: hwnd, wFunc, pFrom, pTo (lists of names, each ended by a NUL, the list by a second
// one; a name may hold wildcards in its last part), fFlags (a WORD), fAnyOperationsAborted,
// hNameMappings, lpszProgressTitle; 32-bit programs' shellapi.h packs it to one byte. The results
// of a bad request are the codes wine 8.0 returns, its tests' reading of Windows': a missing source
// 0x402, several sources to one existing file or a pairing that does not fit ERROR_CANCELLED, a file
// copied onto itself ERROR_NO_MORE_SEARCH_HANDLES, a rename onto an existing name
// ERROR_ALREADY_EXISTS; a folder copied into a folder below it DE_DESTSUBTREE (0x76, in the return
// codes Microsoft's SHFileOperation page lists). A confirmation (an existing destination, a deletion) is asked with a message
// box unless FOF_NOCONFIRMATION; no display answers No. FOF_ALLOWUNDO moves what is deleted to the
// desktop's trash (the freedesktop.org Trash, where the file system allows it), the Recycle Bin's
// counterpart. FOF_RENAMEONCOLLISION gives a copy or move whose destination exists the name
// Explorer gives ("name - Copy.ext", then "name - Copy (2).ext"), and FOF_WANTMAPPINGHANDLE returns
// those renames (HANDLETOMAPPINGS: a count and an array of SHNAMEMAPPINGW), freed by
// SHFreeNameMappings. No progress window is shown (FOF_SILENT or not).
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "shims/comdlg32/comdlg32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/files.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t FO_MOVE = 1, FO_COPY = 2, FO_DELETE = 3, FO_RENAME = 4;
constexpr uint32_t FOF_MULTIDESTFILES = 0x1, FOF_RENAMEONCOLLISION = 0x8, FOF_NOCONFIRMATION = 0x10,
                   FOF_WANTMAPPINGHANDLE = 0x20, FOF_ALLOWUNDO = 0x40, FOF_FILESONLY = 0x80,
                   FOF_WANTNUKEWARNING = 0x4000;
constexpr int kCancelled = 1223;             // ERROR_CANCELLED
constexpr int kSourceMissing = 0x402;        // what wine returns for a source that does not exist
constexpr int kSameFile = 113;               // ERROR_NO_MORE_SEARCH_HANDLES: a file onto itself
constexpr int kGenFailure = 31;              // ERROR_GEN_FAILURE
constexpr int kDeSameFile = 0x71, kDeDestSameTree = 0x7d;  // DE_SAMEFILE, DE_DESTSAMETREE
constexpr int kDeDestSubtree = 0x76;         // DE_DESTSUBTREE: a folder copied into a folder of its own
constexpr uint32_t kDirectory = 0x10;        // FILE_ATTRIBUTE_DIRECTORY

// One name of a list: its full Windows path, the folder part (with no trailing \) and the name.
struct Entry {
  std::string full, dir, name;
  uint32_t attributes = kInvalidAttributes;
  bool from_wildcard = false, relative = false;
  bool exists() const { return attributes != kInvalidAttributes; }
  bool is_dir() const { return exists() && (attributes & kDirectory); }
  bool is_file() const { return !(attributes & kDirectory); }  // as Windows tests it: not for a missing one
};
struct List {
  std::vector<Entry> entries;
  bool any_wildcard = false, any_dir = false, any_missing = false;
};

bool same_name(const std::string& a, const std::string& b) { return ascii_lower(a) == ascii_lower(b); }

Entry make_entry(WindowsProcess& p, const std::string& full) {
  Entry e;
  e.full = full;
  const size_t slash = full.find_last_of('\\');
  e.dir = slash == std::string::npos ? std::string() : full.substr(0, slash);
  e.name = slash == std::string::npos ? full : full.substr(slash + 1);
  e.attributes = file_attributes(p, full);
  return e;
}

bool is_relative(const std::string& s) {
  return !(s.size() >= 2 && s[1] == ':') && !(s.size() >= 1 && (s[0] == '\\' || s[0] == '/'));
}

// A NUL-separated list ended by a second NUL, its relative names made absolute against the current
// directory and its wildcards expanded. Empty: ERROR_ACCESS_DENIED (what Windows returns for no names).
int parse_list(WindowsProcess& p, const std::vector<std::u16string>& names, List& out) {
  if (names.empty()) return ERROR_ACCESS_DENIED;
  for (const std::u16string& wname : names) {
    const std::string name = utf16_to_utf8(wname);
    const bool relative = is_relative(name);
    const std::string full = windows_full_path(name);
    if (name.find_first_of("*?") != std::string::npos) {
      out.any_wildcard = true;
      std::string host_dir;
      std::vector<std::string> matches;
      if (!list_matching(full, host_dir, matches)) continue;
      const std::string folder = full.substr(0, full.find_last_of('\\'));
      for (const std::string& m : matches) {
        if (m == "." || m == "..") continue;
        Entry e = make_entry(p, folder + "\\" + m);
        e.from_wildcard = true;
        e.relative = relative;
        if (e.is_dir()) out.any_dir = true;
        out.entries.push_back(std::move(e));
      }
      continue;
    }
    Entry e = make_entry(p, full);
    e.relative = relative;
    if (!e.exists()) out.any_missing = true;
    if (e.is_dir()) out.any_dir = true;
    out.entries.push_back(std::move(e));
  }
  return 0;
}

std::vector<std::u16string> read_names(uint64_t at, bool wide) {
  std::vector<std::u16string> out;
  if (!at) return out;
  if (wide) {
    for (const char16_t* s = reinterpret_cast<const char16_t*>(at); *s; s += std::char_traits<char16_t>::length(s) + 1)
      out.emplace_back(s);
  } else {
    for (const char* s = reinterpret_cast<const char*>(at); *s; s += std::strlen(s) + 1) out.push_back(ansi_to_utf16(s));
  }
  return out;
}

bool host_exists(const std::string& win) {
  struct stat st;
  return ::lstat(windows_to_host_path(win).c_str(), &st) == 0;
}
bool host_is_dir(const std::string& win) {
  struct stat st;
  return ::stat(windows_to_host_path(win).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '\\' ? dir + name : dir + "\\" + name;
}

// Every folder of `win_dir` that is not there yet (the destination's, as Explorer makes them).
void make_folders(const std::string& win_dir) {
  if (win_dir.empty()) return;
  for (size_t at = win_dir.find('\\', 3); ; at = win_dir.find('\\', at + 1)) {
    const std::string part = at == std::string::npos ? win_dir : win_dir.substr(0, at);
    if (!host_exists(part)) ::mkdir(windows_to_host_path(part).c_str(), 0777);
    if (at == std::string::npos) break;
  }
}

struct Operation {
  WindowsProcess& p;
  uint64_t hwnd;
  uint32_t flags;
  bool many;             // more than one source: a "No" skips one, not the whole operation
  bool cancelled = false;
  std::vector<std::pair<std::string, std::string>> renamed;  // FOF_RENAMEONCOLLISION's old and new names

  bool ask(const std::u16string& text) {
    if (flags & FOF_NOCONFIRMATION) return true;
    if (comdlg32::cancelled_without_display(p, "SHFileOperation")) return false;
    constexpr uint32_t MB_YESNO = 4, MB_ICONQUESTION = 0x20, IDYES = 6;
    return comdlg32::message_box(p, hwnd, text, u"Confirm", MB_YESNO | MB_ICONQUESTION) == IDYES;
  }

  // Where a copy or move to `target` goes when that name is taken and FOF_RENAMEONCOLLISION asks
  // for another: "name - Copy.ext", then "name - Copy (2).ext" and on.
  std::string free_name(const std::string& target) {
    const size_t slash = target.find_last_of('\\');
    const std::string folder = target.substr(0, slash + 1), name = target.substr(slash + 1);
    const size_t dot = name.find_last_of('.');
    const bool has_ext = dot != std::string::npos && dot > 0 && !host_is_dir(target);
    const std::string stem = has_ext ? name.substr(0, dot) : name, ext = has_ext ? name.substr(dot) : "";
    for (int n = 1;; ++n) {
      std::string candidate = folder + stem + " - Copy" + (n == 1 ? "" : " (" + std::to_string(n) + ")") + ext;
      if (!host_exists(candidate)) return candidate;
    }
  }
  // The destination to use for `target`, or "" when the user declined to replace it.
  std::string destination(const std::string& source, const std::string& target, bool folder) {
    if (!host_exists(target) || same_name(source, target)) return target;
    if (flags & FOF_RENAMEONCOLLISION) {
      std::string other = free_name(target);
      renamed.emplace_back(target, other);
      return other;
    }
    const std::u16string name = utf8_to_utf16(windows_file_part(target));
    if (!ask(folder ? u"This folder already contains a folder named '" + name + u"'. Merge the folders?"
                    : u"This folder already contains a file named '" + name + u"'. Replace it?"))
      return "";
    return target;
  }

  bool copy_file_to(const std::string& from, const std::string& to) {
    const std::string dest = destination(from, to, false);
    if (dest.empty()) return false;
    return kernel32_files::copy_file(p, from, dest, false, 0, nullptr) != 0;
  }

  // A folder and everything in it to `target` (which is made), or into it when it exists.
  void copy_folder(const Entry& from, const std::string& target) {
    std::string to = host_exists(target) ? join(target, from.name) : target;
    if (host_exists(to)) {
      const std::string dest = destination(from.full, to, true);
      if (dest.empty()) {
        if (!many) cancelled = true;
        return;
      }
      to = dest;
    }
    ::mkdir(windows_to_host_path(to).c_str(), 0777);
    copy_contents(from.full, to);
  }
  void copy_contents(const std::string& from_dir, const std::string& to_dir) {
    std::string host_dir;
    std::vector<std::string> names;
    if (!list_matching(join(from_dir, "*"), host_dir, names)) return;
    const uint32_t saved = flags;
    flags |= FOF_NOCONFIRMATION;  // the folder's merge was agreed to as a whole
    for (const std::string& n : names) {
      if (n == "." || n == "..") continue;
      const Entry e = make_entry(p, join(from_dir, n));
      if (e.is_dir()) {
        if (!(flags & FOF_FILESONLY)) copy_folder(e, to_dir);
      } else {
        copy_file_to(e.full, join(to_dir, n));
      }
    }
    flags = saved;
  }
  void copy_into(const Entry& from, const std::string& folder) {
    if (!host_exists(folder)) ::mkdir(windows_to_host_path(folder).c_str(), 0777);
    if (from.is_file()) {
      copy_file_to(from.full, join(folder, from.name));
    } else if (!((flags & FOF_FILESONLY) && from.from_wildcard)) {
      copy_folder(from, folder);
    }
  }

  // A move within one file system is a rename; across two, a copy and a deletion. A name that
  // cannot be moved is passed over, as Windows does.
  void move_path(const std::string& from, const std::string& to) {
    const std::string dest = destination(from, to, host_is_dir(from));
    if (dest.empty()) return;
    const std::string f = windows_to_host_path(from), t = windows_to_host_path(dest);
    if (::rename(f.c_str(), t.c_str()) == 0 || errno != EXDEV) return;
    if (host_is_dir(from)) {
      ::mkdir(t.c_str(), 0777);
      copy_contents(from, dest);
    } else if (!kernel32_files::copy_file(p, from, dest, false, 0, nullptr)) {
      return;
    }
    remove_tree(f);
  }

  static int remove_tree(const std::string& host) {
    struct stat st;
    if (::lstat(host.c_str(), &st) != 0) return static_cast<int>(path_error(host, errno));
    if (S_ISDIR(st.st_mode)) {
      std::vector<std::string> names;
      if (DIR* d = ::opendir(host.c_str())) {
        while (const dirent* e = ::readdir(d))
          if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, "..")) names.push_back(e->d_name);
        ::closedir(d);
      }
      for (const std::string& n : names)
        if (int r = remove_tree(host + "/" + n)) return r;
      return ::rmdir(host.c_str()) == 0 ? 0 : static_cast<int>(path_error(host, errno));
    }
    return ::unlink(host.c_str()) == 0 ? 0 : static_cast<int>(path_error(host, errno));
  }
};

// The desktop's trash (the freedesktop.org Trash specification): the file moved into
// $XDG_DATA_HOME/Trash/files (or ~/.local/share/Trash/files) beside a .trashinfo that says where it
// was and when. False where that cannot be done by a rename (another file system): the caller then
// deletes, as Windows does where a drive has no Recycle Bin.
bool move_to_trash(const std::string& host) {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const std::string base = (xdg && *xdg ? std::string(xdg) : host_home_directory() + "/.local/share") + "/Trash";
  ::mkdir(base.c_str(), 0700);
  ::mkdir((base + "/files").c_str(), 0700);
  ::mkdir((base + "/info").c_str(), 0700);
  const std::string leaf = host.substr(host.find_last_of('/') + 1);
  for (int n = 1; n < 1000; ++n) {
    const std::string name = n == 1 ? leaf : leaf + "." + std::to_string(n);
    const std::string info = base + "/info/" + name + ".trashinfo";
    FILE* f = std::fopen(info.c_str(), "wx");
    if (!f) {
      if (errno == EEXIST) continue;
      return false;
    }
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&now, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string path;
    for (unsigned char c : host) {  // percent-encoded, as the specification asks
      if (std::isalnum(c) || std::strchr("/-_.~", c)) {
        path += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        path += hex;
      }
    }
    std::fprintf(f, "[Trash Info]\nPath=%s\nDeletionDate=%s\n", path.c_str(), when);
    std::fclose(f);
    if (::rename(host.c_str(), (base + "/files/" + name).c_str()) == 0) return true;
    ::unlink(info.c_str());
    return false;
  }
  return false;
}

int copy_files(Operation& op, const List& from, List& to) {
  if (from.any_missing) return kSourceMissing;
  if (to.entries.empty()) {  // no destination: the current directory
    to = List();
    parse_list(op.p, {utf8_to_utf16(windows_current_directory())}, to);
  }
  const bool multi = (op.flags & FOF_MULTIDESTFILES) && to.entries.size() > 1;
  const Entry& first = to.entries[0];
  if (multi) {
    if (from.any_wildcard) return kCancelled;
    if (from.entries.size() != to.entries.size()) {
      if (from.entries.size() != 1 && !first.is_dir()) return kCancelled;
      to.entries.resize(1);
    } else if (first.is_dir()) {
      for (size_t i = 1; i < to.entries.size(); ++i)
        if (!to.entries[i].is_dir() || !from.entries[i].is_dir()) return kCancelled;
    }
  } else if (from.entries.size() != 1) {
    if (to.entries.size() != 1 && !first.is_dir()) return kCancelled;
    if (first.exists() && first.is_file()) return kCancelled;
    if (to.entries.size() == 1 && first.relative && !first.exists()) return kCancelled;
  }
  const bool pairwise = (op.flags & FOF_MULTIDESTFILES) && to.entries.size() > 1;
  for (size_t i = 0; i < from.entries.size(); ++i) {
    const Entry& src = from.entries[i];
    const Entry& dest = pairwise ? to.entries[i] : to.entries[0];
    if (src.is_dir() && same_name(src.full, dest.dir)) return 0;  // a folder into itself: nothing
    if (src.is_dir() && ascii_lower(dest.full).rfind(ascii_lower(src.full) + "\\", 0) == 0) return kDeDestSubtree;
    make_folders(dest.dir);
    if (same_name(src.full, dest.full)) return src.is_file() ? kSameFile : 0;
    if ((from.entries.size() > 1 && to.entries.size() == 1) || dest.is_dir()) {
      op.copy_into(src, dest.full);
    } else if (src.is_dir()) {
      op.copy_folder(src, dest.full);
    } else if (!op.copy_file_to(src.full, dest.full)) {
      return kCancelled;
    }
    if (op.cancelled) return kCancelled;
  }
  return 0;
}

int delete_files(Operation& op, const List& from) {
  if (from.entries.empty()) return 0;
  const bool trash = op.flags & FOF_ALLOWUNDO;
  if (!(op.flags & FOF_NOCONFIRMATION) || (!trash && (op.flags & FOF_WANTNUKEWARNING))) {
    const uint32_t saved = op.flags;
    op.flags &= ~FOF_NOCONFIRMATION;
    std::u16string what;
    if (from.entries.size() > 1)
      what = u"these " + utf8_to_utf16(std::to_string(from.entries.size())) + u" items";
    else
      what = u"'" + utf8_to_utf16(from.entries[0].full) + u"'";
    const bool yes = op.ask(std::u16string(trash ? u"Move " : u"Permanently delete ") + what +
                            (trash ? u" to the trash?" : u"?"));
    op.flags = saved;
    if (!yes) {
      op.cancelled = true;
      return 0;
    }
  }
  for (const Entry& e : from.entries) {
    if (!e.is_file() && (op.flags & FOF_FILESONLY) && e.from_wildcard) continue;
    const std::string host = windows_to_host_path(e.full);
    if (trash && e.exists() && move_to_trash(host)) continue;
    if (int r = Operation::remove_tree(host)) return r;
  }
  return 0;
}

int move_files(Operation& op, const List& from, List& to) {
  if (from.entries.empty()) return 0;
  if (to.entries.empty()) return ERROR_FILE_NOT_FOUND;
  const bool multi = op.flags & FOF_MULTIDESTFILES;
  if (!multi && to.entries.size() > 1 && from.entries.size() > 1) return kCancelled;
  if (!multi && !from.any_dir && from.entries.size() > to.entries.size()) return kCancelled;
  if (!host_exists(to.entries[0].dir)) return kCancelled;
  const long mismatched = multi ? static_cast<long>(from.entries.size()) - static_cast<long>(to.entries.size()) : 0;
  const Entry* dest = &to.entries[0];
  for (size_t i = 0; i < from.entries.size(); ++i) {
    const Entry& src = from.entries[i];
    if (!host_exists(dest->dir)) return kCancelled;
    if (multi) {
      if (i >= to.entries.size()) break;
      dest = &to.entries[i];
      if (mismatched && !dest->exists()) {
        make_folders(dest->full);
        to.entries[i].attributes = kDirectory;
      }
    }
    const std::string target = dest->is_dir() ? join(dest->full, src.name) : dest->full;
    op.move_path(src.full, target);
    if (op.cancelled) return kCancelled;
  }
  if (mismatched > 0) return from.any_dir ? kDeDestSameTree : kDeSameFile;
  return 0;
}

int rename_files(const List& from, const List& to) {
  if (from.entries.size() != 1) return kGenFailure;
  if (to.entries.size() != 1) return kCancelled;
  if (!from.entries[0].exists()) return kSourceMissing;
  if (to.entries[0].exists()) return ERROR_ALREADY_EXISTS;
  const std::string f = windows_to_host_path(from.entries[0].full), t = windows_to_host_path(to.entries[0].full);
  return ::rename(f.c_str(), t.c_str()) == 0 ? 0 : static_cast<int>(path_error(f, errno));
}

// HANDLETOMAPPINGS {UINT count; SHNAMEMAPPINGW* mappings} and its array and strings, one block of
// the process heap (SHFreeNameMappings frees it).
uint64_t name_mappings(WindowsProcess& p, const std::vector<std::pair<std::string, std::string>>& renamed) {
  const uint64_t w = p.isa->ptr, entry = 2 * w + 8;
  std::vector<std::pair<std::u16string, std::u16string>> texts;
  uint64_t bytes = 2 * w + renamed.size() * entry;
  for (const auto& [from, to] : renamed) {
    texts.emplace_back(utf8_to_utf16(from), utf8_to_utf16(to));
    bytes += 2 * (texts.back().first.size() + texts.back().second.size() + 2);
  }
  const uint64_t block = p.heap.alloc(bytes, true);
  if (!block) return 0;
  put<uint32_t>(block, static_cast<uint32_t>(renamed.size()));
  const uint64_t array = block + 2 * w;
  p.put_ptr(block + w, array);
  uint64_t text = array + renamed.size() * entry;
  for (size_t i = 0; i < texts.size(); ++i) {
    const uint64_t e = array + i * entry;
    for (int k = 0; k < 2; ++k) {
      const std::u16string& s = k == 0 ? texts[i].first : texts[i].second;
      std::memcpy(reinterpret_cast<void*>(text), s.c_str(), 2 * (s.size() + 1));
      p.put_ptr(e + k * w, text);
      put<int32_t>(e + 2 * w + 4 * k, static_cast<int32_t>(s.size()));
      text += 2 * (s.size() + 1);
    }
  }
  return block;
}

int file_operation(WindowsProcess& p, Ptr request, bool wide) {
  if (!request) return ERROR_INVALID_PARAMETER;
  const bool x64 = p.isa->ptr == 8;
  // Fields' offsets: natural alignment on x64, packed to one byte on x86.
  const uint64_t func_at = x64 ? 8 : 4, from_at = x64 ? 16 : 8, to_at = x64 ? 24 : 12, flags_at = x64 ? 32 : 16,
                 aborted_at = x64 ? 36 : 18, mappings_at = x64 ? 40 : 22;
  const uint64_t hwnd = p.get_ptr(request.addr), from_names = p.get_ptr(request.addr + from_at),
                 to_names = p.get_ptr(request.addr + to_at);
  const uint32_t func = get<uint32_t>(request.addr + func_at);
  Operation op{p, hwnd, get<uint16_t>(request.addr + flags_at), false, false, {}};
  if (!from_names) return ERROR_INVALID_PARAMETER;
  List from, to;
  if (int r = parse_list(p, read_names(from_names, wide), from)) return r;
  if (func != FO_DELETE) parse_list(p, read_names(to_names, wide), to);
  op.many = from.entries.size() > 1;
  put<uint32_t>(request.addr + aborted_at, 0);
  int r;
  switch (func) {
    case FO_COPY: r = copy_files(op, from, to); break;
    case FO_DELETE: r = delete_files(op, from); break;
    case FO_MOVE: r = move_files(op, from, to); break;
    case FO_RENAME: r = rename_files(from, to); break;
    default: r = ERROR_INVALID_PARAMETER; break;
  }
  if (r == kCancelled || op.cancelled) put<uint32_t>(request.addr + aborted_at, 1);
  if (op.flags & FOF_WANTMAPPINGHANDLE)
    p.put_ptr(request.addr + mappings_at, op.renamed.empty() ? 0 : name_mappings(p, op.renamed));
  p.set_last_error(0);
  return r;
}

int32_t SHFileOperationW(WindowsProcess& p, Ptr request) { return file_operation(p, request, true); }
int32_t SHFileOperationA(WindowsProcess& p, Ptr request) { return file_operation(p, request, false); }
void SHFreeNameMappings(WindowsProcess& p, Ptr mappings) {
  if (mappings) p.heap.free(mappings.addr);
}

}  // namespace

const std::vector<Export>& shell32_file_operation_exports() {
  static const std::vector<Export> e = {
      EXPORT("SHFileOperationW", SHFileOperationW),
      EXPORT("SHFileOperationA", SHFileOperationA),
      EXPORT("SHFileOperation", SHFileOperationA),
      EXPORT("SHFreeNameMappings", SHFreeNameMappings),
  };
  return e;
}

}  // namespace polyrun::shims
