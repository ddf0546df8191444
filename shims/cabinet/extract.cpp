// CABINET's Extract: a cabinet's file list filled in and its files extracted under a directory,
// as the SESSION structure asks (the structure and its operation flags are those Windows' own
// extraction tools pass: EXTRACT_FILLFILELIST lists every file of the cabinet at the head of
// FileList, EXTRACT_EXTRACTFILES extracts the files the list marks, and a file FilterList names is
// extracted whatever the flags). The cabinet is read and the files written on the host directly.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <fstream>
#include <strings.h>

#include "shims/cabinet/cabinet.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/path_mapping.h"

namespace polyrun::shims::cab {

namespace {

constexpr uint32_t kFillFileList = 1, kExtractFiles = 2;

// SESSION's fields on this width: FileSize, Error (ERF), FileList, FileCount, Operation,
// Destination, CurrentFile, Reserved (MAX_PATH each), FilterList.
struct Session {
  uint64_t base, ps;
  uint64_t error() const { return base + 4; }
  uint64_t file_list() const { return base + 16; }
  uint64_t file_count() const { return base + 16 + ps; }
  uint64_t operation() const { return base + 20 + ps; }
  uint64_t destination() const { return base + 24 + ps; }
  uint64_t current_file() const { return destination() + 260; }
  uint64_t filter_list() const { return (current_file() + 520 + ps - 1) / ps * ps; }
};

// The node of FILELIST (FileName, next, DoExtract) naming `name` (case-insensitively), or 0.
uint64_t find_node(WindowsProcess& p, uint64_t node, const std::string& name) {
  for (; node; node = p.get_ptr(node + p.isa->ptr)) {
    const uint64_t n = p.get_ptr(node);
    if (n && strcasecmp(reinterpret_cast<const char*>(guest_pointer(n)), name.c_str()) == 0) return node;
  }
  return 0;
}

// A DOS date and time (local time) as the file's modification time.
void set_time(const std::string& host, uint16_t date, uint16_t time) {
  struct tm t{};
  t.tm_year = (date >> 9) + 80;
  t.tm_mon = ((date >> 5) & 15) - 1;
  t.tm_mday = date & 31;
  t.tm_hour = time >> 11;
  t.tm_min = (time >> 5) & 63;
  t.tm_sec = (time & 31) * 2;
  t.tm_isdst = -1;
  const time_t when = mktime(&t);
  struct timeval tv[2] = {{when, 0}, {when, 0}};
  ::utimes(host.c_str(), tv);
}

// The cabinet's path, Destination and the names FileList holds are in the ANSI code page; a name in
// the cabinet is its bytes, in that code page unless the file's attributes say UTF-8
// (_A_NAME_IS_UTF).
constexpr uint16_t kNameIsUtf = 0x80;

HRESULT Extract(WindowsProcess& p, Ptr session, AStr cabinet) {
  Session s{session.addr, p.isa->ptr};
  const std::string dest(reinterpret_cast<const char*>(guest_pointer(s.destination())));
  const std::string dest_utf8 = ansi_to_utf8(dest);
  struct stat st{};
  if (::stat(windows_to_host_path(windows_full_path(dest_utf8)).c_str(), &st) != 0) return S_OK;  // no destination: nothing to do
  const std::string cab_host = windows_to_host_path(windows_full_path(cabinet.str()));
  std::ifstream in(cab_host, std::ios::binary);
  if (!in) {
    set_erf(s.error(), FDIERROR_CABINET_NOT_FOUND, 0);
    return static_cast<HRESULT>(0x80070002);  // HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
  }
  std::vector<uint8_t> d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Cabinet c;
  int32_t error = FDIERROR_NONE;
  if (!read_header(d, &c, &error) || !read_tables(d, &c)) {
    set_erf(s.error(), error ? error : FDIERROR_CORRUPT_CABINET, 0);
    return E_FAIL;
  }
  put<int32_t>(s.base, 0);  // FileSize
  const uint32_t op = get<uint32_t>(s.operation());
  std::vector<std::unique_ptr<FolderReader>> readers(c.folders);
  for (const File& file : c.file_list) {
    if (file.folder >= c.folders) continue;  // a file of another cabinet of the set
    const std::string full = dest + "\\" + file.name;
    const std::string full_utf8 = dest_utf8 + "\\" + (file.attribs & kNameIsUtf ? file.name : ansi_to_utf8(file.name));
    put<int32_t>(s.base, get<int32_t>(s.base) + static_cast<int32_t>(file.size));
    if (op & kFillFileList) {
      const uint64_t ps = s.ps;
      const uint64_t node = p.heap.alloc(3 * ps, true);
      const uint64_t name = p.heap.alloc(file.name.size() + 1);
      copy_guest(guest_pointer(name), file.name.c_str(), file.name.size() + 1, name, true);
      p.put_ptr(node, name);
      p.put_ptr(node + ps, p.get_ptr(s.file_list()));
      put<int32_t>(node + 2 * ps, 1);
      p.put_ptr(s.file_list(), node);
      const std::string current = full.substr(0, 259);
      copy_guest(guest_pointer(s.current_file()), current.c_str(), current.size() + 1, s.current_file(), true);
      put<int32_t>(s.file_count(), get<int32_t>(s.file_count()) + 1);
    }
    if (!(op & kExtractFiles) && !find_node(p, p.get_ptr(s.filter_list()), file.name)) continue;
    const uint64_t node = find_node(p, p.get_ptr(s.file_list()), file.name);
    if (node && !get<int32_t>(node + 2 * s.ps)) continue;  // marked not to extract
    // The file's directories, then the file.
    const std::string host = windows_to_host_path(windows_full_path(full_utf8));
    for (size_t slash = host.find('/', 1); slash != std::string::npos; slash = host.find('/', slash + 1))
      ::mkdir(host.substr(0, slash).c_str(), 0777);
    if (!readers[file.folder]) readers[file.folder] = std::make_unique<FolderReader>(d, c, c.folder_list[file.folder]);
    std::vector<uint8_t> bytes;
    if (int32_t e = readers[file.folder]->read(file.offset, file.size, &bytes)) {
      set_erf(s.error(), e, 0);
      return E_FAIL;
    }
    std::ofstream out(host, std::ios::binary | std::ios::trunc);
    if (!out) {
      set_erf(s.error(), FDIERROR_TARGET_FILE, 0);
      return E_FAIL;
    }
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    set_time(host, file.date, file.time);
    if (node) put<int32_t>(node + 2 * s.ps, 0);
  }
  return S_OK;
}

}  // namespace

const std::vector<Export>& extract_exports() {
  static const std::vector<Export> e = {EXPORT("Extract", Extract)};
  return e;
}

}  // namespace polyrun::shims::cab
