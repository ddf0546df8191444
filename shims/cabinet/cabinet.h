// What CABINET's files share: the cabinet format (MS-CAB: the CFHEADER, CFFOLDER, CFFILE and
// CFDATA records, the data blocks' checksum), the MSZIP codec over zlib (each 32 KB block a deflate
// stream whose window goes on from the block before), the program's callbacks (its allocator and
// file functions, cdecl) and the ERF error record.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims::cab {

constexpr uint16_t kCompressNone = 0, kCompressMszip = 1, kCompressQuantum = 2, kCompressLzx = 3;
constexpr uint32_t kBlockSize = 0x8000;  // the uncompressed size of a full data block
constexpr uint16_t kFlagPrev = 1, kFlagNext = 2, kFlagReserve = 4;
constexpr int32_t kCreateMode = 0x0100 | 0x0080;  // _S_IREAD | _S_IWRITE
constexpr uint16_t kAttrExec = 0x40;               // _A_EXEC
constexpr uint16_t kContinuedFromPrev = 0xfffd, kContinuedToNext = 0xfffe, kContinuedPrevAndNext = 0xffff;

// The MS-CAB checksum of `n` bytes, started from `seed`.
uint32_t checksum(const uint8_t* data, size_t n, uint32_t seed);

// MSZIP: one block compressed ("CK" and a deflate stream, with the previous block's data as its
// window) and decompressed.
class MszipInflater {
 public:
  MszipInflater();
  ~MszipInflater();
  MszipInflater(const MszipInflater&) = delete;
  MszipInflater& operator=(const MszipInflater&) = delete;
  // The block's `expected` bytes; false for a corrupt block.
  bool block(const uint8_t* in, size_t n, size_t expected, std::vector<uint8_t>* out);

 private:
  void* z_;
  std::vector<uint8_t> window_;
};

class MszipDeflater {
 public:
  MszipDeflater();
  ~MszipDeflater();
  MszipDeflater(const MszipDeflater&) = delete;
  MszipDeflater& operator=(const MszipDeflater&) = delete;
  std::vector<uint8_t> block(const uint8_t* in, size_t n);

 private:
  void* z_;
  std::vector<uint8_t> window_;
};

// FDI's error numbers (fdi.h's FDIERROR), which the reading functions answer with.
enum FdiError : int32_t {
  FDIERROR_NONE, FDIERROR_CABINET_NOT_FOUND, FDIERROR_NOT_A_CABINET, FDIERROR_UNKNOWN_CABINET_VERSION,
  FDIERROR_CORRUPT_CABINET, FDIERROR_ALLOC_FAIL, FDIERROR_BAD_COMPR_TYPE, FDIERROR_MDI_FAIL, FDIERROR_TARGET_FILE,
  FDIERROR_RESERVE_MISMATCH, FDIERROR_WRONG_CABINET, FDIERROR_USER_ABORT,
};

// A cabinet as read: its header's fields, folders and files.
struct Folder {
  uint32_t data_offset;
  uint16_t blocks;
  uint16_t compression;
};
struct File {
  uint32_t size, offset;
  uint16_t folder, date, time, attribs;
  std::string name;
};
struct Cabinet {
  uint32_t size = 0;
  uint16_t folders = 0, files = 0, flags = 0, set_id = 0, index = 0;
  uint16_t reserve_header = 0;
  uint8_t reserve_folder = 0, reserve_data = 0;
  std::string prev_cab, prev_disk, next_cab, next_disk;
  std::vector<Folder> folder_list;
  std::vector<File> file_list;
};

// A NUL-terminated string of the cabinet at *at, which moves past it.
std::string c_string(const std::vector<uint8_t>& d, size_t* at);
// The header's fields from the first 36 bytes (false: no cabinet; *error says which FDIERROR).
bool read_header(const std::vector<uint8_t>& d, Cabinet* c, int32_t* error);
// The folders and files after the header (false: the cabinet is cut short).
bool read_tables(const std::vector<uint8_t>& d, Cabinet* c);

// A folder's uncompressed bytes, produced block by block (stored and MSZIP folders; Quantum and LZX
// ones are FDIERROR_BAD_COMPR_TYPE).
class FolderReader {
 public:
  FolderReader(const std::vector<uint8_t>& cab, const Cabinet& c, const Folder& f) : cab_(cab), c_(c), f_(f) {}
  // The folder's bytes [offset, offset + n) appended to `out`; an FDIERROR when they cannot be had.
  int32_t read(uint32_t offset, uint32_t n, std::vector<uint8_t>* out);

 private:
  void restart();
  int32_t next_block();

  const std::vector<uint8_t>& cab_;
  const Cabinet& c_;
  const Folder& f_;
  uint32_t block_start_ = 0;
  std::vector<uint8_t> block_;
  uint16_t next_ = 0;
  size_t at_ = 0;
  std::unique_ptr<MszipInflater> inflater_ = std::make_unique<MszipInflater>();
};

// Little-endian fields.
inline uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
inline uint32_t u32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24; }
inline void put16(std::vector<uint8_t>& v, uint16_t x) { v.push_back(x & 0xff), v.push_back(x >> 8); }
inline void put32(std::vector<uint8_t>& v, uint32_t x) {
  for (int i = 0; i < 4; ++i) v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}

// The program's callbacks (fdi.h, fci.h: PFNALLOC, PFNFREE, PFNOPEN, PFNREAD, PFNWRITE, PFNCLOSE,
// PFNSEEK; FCI's take an error pointer and the context's pv after), called as cdecl functions.
struct FileCallbacks {
  uint64_t alloc = 0, free = 0, open = 0, read = 0, write = 0, close = 0, seek = 0;
  bool fci = false;       // FCI's forms: every file function takes (…, int* err, void* pv)
  uint64_t err = 0, pv = 0;  // FCI's: where the callbacks put errno, and the context's pv
  int64_t open_file(WindowsProcess& p, uint64_t path, int32_t flags, int32_t mode) const;
  uint32_t read_file(WindowsProcess& p, int64_t hf, uint64_t buf, uint32_t n) const;
  uint32_t write_file(WindowsProcess& p, int64_t hf, uint64_t buf, uint32_t n) const;
  int32_t close_file(WindowsProcess& p, int64_t hf) const;
  int32_t seek_file(WindowsProcess& p, int64_t hf, int32_t dist, int32_t whence) const;
};

// A value the program's cdecl function returned: an int (sign-extended) or a pointer-sized one.
int64_t as_int(WindowsProcess& p, uint64_t r);
int64_t as_intptr(WindowsProcess& p, uint64_t r);

// ERF: erfOper, erfType, fError.
void set_erf(uint64_t erf, int32_t oper, int32_t type);

// A string in guest memory for a callback (the process heap; freed with the object).
class GuestText {
 public:
  GuestText(WindowsProcess& p, const std::string& s);
  ~GuestText();
  uint64_t addr() const { return a_; }

 private:
  WindowsProcess& p_;
  uint64_t a_;
};

// The FDI and FCI functions are cdecl on i386 (DIAMONDAPI), where the DLL's others are stdcall.
inline Export cdecl_export(Export e) {
  e.crt_call = true;
  return e;
}

// Exports of each file.
const std::vector<Export>& fdi_exports();  // cabinet/fdi.cpp
const std::vector<Export>& fci_exports();  // cabinet/fci.cpp
const std::vector<Export>& extract_exports();  // cabinet/extract.cpp

}  // namespace polyrun::shims::cab
