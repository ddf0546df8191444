// IMAGEHLP's certificates: the WIN_CERTIFICATE entries of an image's certificate table (the
// security data directory: a file offset and a size; entries of dwLength bytes, each padded to 8)
// listed, read, added at the table's end and removed, through the file's handle; after a change
// the directory and the image's checksum are written again.
#include <unistd.h>

#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/win_errors.h"
#include "shims/imagehlp/imagehlp.h"

namespace polyrun::shims::imagehlp {

namespace {

constexpr uint16_t kAnyType = 0xff;  // CERT_SECTION_TYPE_ANY
constexpr uint32_t ERROR_WRITE_FAULT = 29;

// The file behind a handle, its bytes read and written at offsets.
struct File {
  int fd;
  bool read(uint64_t at, void* buf, size_t n) const { return ::pread(fd, buf, n, static_cast<off_t>(at)) == static_cast<ssize_t>(n); }
  bool write(uint64_t at, const void* buf, size_t n) const {
    return ::pwrite(fd, buf, n, static_cast<off_t>(at)) == static_cast<ssize_t>(n);
  }
  uint64_t size() const { return static_cast<uint64_t>(::lseek(fd, 0, SEEK_END)); }
};

// Where the security directory's entry is (its offset in the file), and what it says.
struct Directory {
  uint64_t entry = 0;
  uint32_t offset = 0, size = 0;
};

bool security_directory(const File& f, Directory* d) {
  uint8_t dos[0x40];
  if (!f.read(0, dos, sizeof dos) || dos[0] != 'M' || dos[1] != 'Z') return false;
  uint32_t lfanew;
  std::memcpy(&lfanew, dos + 0x3c, 4);
  uint8_t nt[0x18 + 2];
  if (!f.read(lfanew, nt, sizeof nt) || std::memcmp(nt, "PE\0\0", 4) != 0) return false;
  const uint16_t magic = static_cast<uint16_t>(nt[0x18] | nt[0x19] << 8);
  // The data directories follow the optional header's fixed part: 96 bytes in PE32, 112 in PE32+.
  const uint64_t dirs = lfanew + 0x18 + (magic == 0x20b ? 112 : 96);
  d->entry = dirs + 4 * 8;  // IMAGE_DIRECTORY_ENTRY_SECURITY
  uint32_t v[2];
  if (!f.read(d->entry, v, 8)) return false;
  d->offset = v[0], d->size = v[1];
  return true;
}

struct Entry {
  uint32_t offset, length;
  uint16_t revision, type;
};

// The table's entries (false: a table that runs past its size).
bool entries(const File& f, const Directory& d, std::vector<Entry>* out) {
  uint32_t at = 0;
  while (at < d.size) {
    uint8_t h[8];
    if (!f.read(d.offset + at, h, 8)) return false;
    Entry e{d.offset + at, 0, 0, 0};
    std::memcpy(&e.length, h, 4);
    std::memcpy(&e.revision, h + 4, 2);
    std::memcpy(&e.type, h + 6, 2);
    if (e.length < 8 || e.length > d.size - at) return false;
    out->push_back(e);
    at += (e.length + 7) & ~7u;
  }
  return true;
}

// The checksum written again over the whole file (CheckSumMappedFile's sum).
void rewrite_checksum(const File& f) {
  std::vector<uint8_t> data(f.size());
  if (data.empty() || !f.read(0, data.data(), data.size())) return;
  const size_t field = checksum_field(data.data(), data.size());
  if (field == std::string::npos) return;
  const uint32_t sum = checksum(data.data(), data.size(), field);
  f.write(field, &sum, 4);
}

bool file_of(WindowsProcess& p, uint64_t h, File* f) {
  f->fd = p.fd_for_handle(h);
  if (f->fd < 0) return p.set_last_error(ERROR_INVALID_HANDLE), false;
  return true;
}

uint32_t ImageEnumerateCertificates(WindowsProcess& p, Ptr h, uint16_t type, Ptr count, Ptr indices, uint32_t index_count) {
  File f;
  Directory d;
  std::vector<Entry> list;
  if (!file_of(p, h.addr, &f) || !security_directory(f, &d) || !entries(f, d, &list)) return 0;
  uint32_t n = 0;
  for (uint32_t i = 0; i < list.size(); ++i) {
    if (type != kAnyType && list[i].type != type) continue;
    if (indices && n < index_count) put<uint32_t>(indices.addr + 4 * n, i);
    ++n;
  }
  if (count) put<uint32_t>(count.addr, n);
  return 1;
}

bool entry_at(WindowsProcess& p, uint64_t h, uint32_t index, File* f, Entry* e) {
  Directory d;
  std::vector<Entry> list;
  if (!file_of(p, h, f) || !security_directory(*f, &d) || !entries(*f, d, &list)) return false;
  if (index >= list.size()) return p.set_last_error(ERROR_INVALID_PARAMETER), false;
  *e = list[index];
  return true;
}

uint32_t ImageGetCertificateHeader(WindowsProcess& p, Ptr h, uint32_t index, Ptr header) {
  File f;
  Entry e;
  if (!header || !entry_at(p, h.addr, index, &f, &e)) return 0;
  uint8_t b[8];
  if (!f.read(e.offset, b, 8)) return 0;
  copy_guest(guest_pointer(header.addr), b, 8, header.addr, true);
  return 1;
}

uint32_t ImageGetCertificateData(WindowsProcess& p, Ptr h, uint32_t index, Ptr cert, Ptr required) {
  File f;
  Entry e;
  if (!required || !entry_at(p, h.addr, index, &f, &e)) return 0;
  if (!cert || get<uint32_t>(required.addr) < e.length) {
    put<uint32_t>(required.addr, e.length);
    return p.set_last_error(ERROR_INSUFFICIENT_BUFFER), 0;
  }
  std::vector<uint8_t> b(e.length);
  if (!f.read(e.offset, b.data(), b.size())) return 0;
  copy_guest(guest_pointer(cert.addr), b.data(), b.size(), cert.addr, true);
  put<uint32_t>(required.addr, e.length);
  return 1;
}

// ImageAddCertificate: the entry written at the table's end (a new table at the file's end), the
// directory and checksum updated; its index. A table that is not at the end of the file cannot
// grow: ERROR_NOT_SUPPORTED.
uint32_t ImageAddCertificate(WindowsProcess& p, Ptr h, Ptr cert, Ptr index) {
  File f;
  Directory d;
  std::vector<Entry> list;
  if (!cert || !file_of(p, h.addr, &f) || !security_directory(f, &d) || !entries(f, d, &list)) return 0;
  const uint32_t length = get<uint32_t>(cert.addr);
  if (length < 8) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  if (d.offset && f.size() != static_cast<uint64_t>(d.offset) + d.size) return p.set_last_error(ERROR_NOT_SUPPORTED), 0;
  if (!d.offset) d.offset = static_cast<uint32_t>(f.size()), d.size = 0;
  std::vector<uint8_t> b((length + 7) & ~7u, 0);
  copy_guest(b.data(), guest_pointer(cert.addr), length, cert.addr, false);
  if (!f.write(d.offset + d.size, b.data(), b.size())) return p.set_last_error(ERROR_WRITE_FAULT), 0;
  d.size += static_cast<uint32_t>(b.size());
  const uint32_t v[2] = {d.offset, d.size};
  f.write(d.entry, v, 8);
  rewrite_checksum(f);
  if (index) put<uint32_t>(index.addr, static_cast<uint32_t>(list.size()));
  return 1;
}

// ImageRemoveCertificate: the entry taken out, the ones after it moved back, the file cut where
// the table now ends; the directory and checksum updated.
uint32_t ImageRemoveCertificate(WindowsProcess& p, Ptr h, uint32_t index) {
  File f;
  Directory d;
  std::vector<Entry> list;
  if (!file_of(p, h.addr, &f) || !security_directory(f, &d) || !entries(f, d, &list)) return 0;
  if (index >= list.size()) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  const uint32_t start = list[index].offset, padded = (list[index].length + 7) & ~7u;
  const uint32_t after = d.offset + d.size - (start + padded);
  std::vector<uint8_t> rest(after);
  if (after && !f.read(start + padded, rest.data(), after)) return 0;
  if (after) f.write(start, rest.data(), after);
  d.size -= padded;
  if (::ftruncate(f.fd, static_cast<off_t>(d.offset + d.size)) != 0) return p.set_last_error(ERROR_WRITE_FAULT), 0;
  const uint32_t v[2] = {d.size ? d.offset : 0, d.size};
  f.write(d.entry, v, 8);
  rewrite_checksum(f);
  return 1;
}

}  // namespace

const std::vector<Export>& certificate_exports() {
  static const std::vector<Export> e = {
      EXPORT("ImageEnumerateCertificates", ImageEnumerateCertificates),
      EXPORT("ImageGetCertificateHeader", ImageGetCertificateHeader),
      EXPORT("ImageGetCertificateData", ImageGetCertificateData),
      EXPORT("ImageAddCertificate", ImageAddCertificate),
      EXPORT("ImageRemoveCertificate", ImageRemoveCertificate),
  };
  return e;
}

}  // namespace polyrun::shims::imagehlp
