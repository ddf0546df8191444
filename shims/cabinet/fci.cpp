// CABINET's File Compression Interface (fci.h): FCICreate, FCIAddFile, FCIFlushFolder,
// FCIFlushCabinet, FCIDestroy. Files are read through the program's callbacks (its
// PFNFCIGETOPENINFO, then its read and close functions), stored or MSZIP-compressed in 32 KB data
// blocks, and the cabinet (MS-CAB) written through its open, write and close functions at the
// CCAB's path and name, the program told of each file placed and of the progress (PFNFCISTATUS)
// as Microsoft's FCI documentation describes. A cabinet holds what was added before its flush: the
// CCAB's size limit does not split the data over a set of cabinets (one cabinet, however large).
#include <map>
#include <memory>

#include "shims/cabinet/cabinet.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims::cab {

namespace {

enum FciError : int32_t {
  FCIERR_NONE, FCIERR_OPEN_SRC, FCIERR_READ_SRC, FCIERR_ALLOC_FAIL, FCIERR_TEMP_FILE, FCIERR_BAD_COMPR_TYPE,
  FCIERR_CAB_FILE, FCIERR_USER_ABORT, FCIERR_MCI_FAIL, FCIERR_CAB_FORMAT_LIMIT,
};
enum Status : uint32_t { statusFile, statusFolder, statusCabinet };
constexpr int32_t kOpenWrite = 0x8000 | 0x0002 | 0x0100 | 0x0200;  // _O_BINARY|_O_RDWR|_O_CREAT|_O_TRUNC

struct Block {
  std::vector<uint8_t> packed;
  uint16_t plain;
};
struct FolderData {
  uint16_t compression = kCompressNone;
  std::vector<Block> blocks;
  std::vector<uint8_t> pending;  // bytes not yet a full block
  uint32_t size = 0;             // uncompressed bytes so far
  std::unique_ptr<MszipDeflater> deflater = std::make_unique<MszipDeflater>();
};
struct FileEntry {
  std::string name;
  uint32_t size, offset;
  uint16_t folder, date, time, attribs;
};

struct Fci {
  FileCallbacks cb;
  uint64_t erf = 0, placed = 0, ccab = 0, pv = 0;
  std::vector<FolderData> folders;  // closed folders of the cabinet being made
  std::unique_ptr<FolderData> open;  // the folder files are added to
  std::vector<FileEntry> files;
};

std::map<uint64_t, std::unique_ptr<Fci>>& fci_contexts() {
  static std::map<uint64_t, std::unique_ptr<Fci>> t;
  return t;
}
Fci* fci_context(uint64_t h) {
  auto it = fci_contexts().find(h);
  return it == fci_contexts().end() ? nullptr : it->second.get();
}

uint32_t fail(Fci& f, int32_t oper, int32_t type = 0) {
  set_erf(f.erf, oper, type);
  return 0;
}

// One block of the open folder's pending bytes compressed (its status reported); false when the
// program's status function asks to stop.
bool emit_block(WindowsProcess& p, Fci& f, uint64_t status) {
  FolderData& d = *f.open;
  const size_t n = std::min<size_t>(d.pending.size(), kBlockSize);
  Block b;
  b.plain = static_cast<uint16_t>(n);
  if (d.compression == kCompressMszip) b.packed = d.deflater->block(d.pending.data(), n);
  else b.packed.assign(d.pending.begin(), d.pending.begin() + n);
  d.pending.erase(d.pending.begin(), d.pending.begin() + n);
  const uint32_t packed = static_cast<uint32_t>(b.packed.size());
  d.blocks.push_back(std::move(b));
  if (status && static_cast<int32_t>(p.call_guest(status, {statusFile, packed, n, f.pv})) == -1) return false;
  return true;
}

bool flush_folder(WindowsProcess& p, Fci& f, uint64_t status) {
  if (!f.open) return true;
  while (!f.open->pending.empty())
    if (!emit_block(p, f, status)) return false;
  if (status && static_cast<int32_t>(p.call_guest(status, {statusFolder, f.open->size, f.open->size, f.pv})) == -1)
    return false;
  // The folder's files are now placed in the cabinet being made: the program hears of each.
  const uint16_t index = static_cast<uint16_t>(f.folders.size());
  for (const FileEntry& e : f.files) {
    if (e.folder != index) continue;
    GuestText name(p, e.name);
    if (static_cast<int32_t>(p.call_guest(f.placed, {f.ccab, name.addr(), e.size, 0, f.pv})) == -1) return false;
  }
  f.folders.push_back(std::move(*f.open));
  f.open.reset();
  return true;
}

Ptr FCICreate(WindowsProcess& p, Ptr erf, Ptr placed, Ptr alloc, Ptr free_fn, Ptr open, Ptr read, Ptr write, Ptr close,
              Ptr seek, Ptr, Ptr temp, Ptr ccab, Ptr pv) {
  if (!erf) {
    p.set_last_error(ERROR_BAD_ARGUMENTS);
    return 0;
  }
  if (!placed || !alloc || !free_fn || !open || !read || !write || !close || !seek || !temp || !ccab) {
    set_erf(erf.addr, FCIERR_NONE, ERROR_BAD_ARGUMENTS);
    p.set_last_error(ERROR_BAD_ARGUMENTS);
    return 0;
  }
  auto f = std::make_unique<Fci>();
  f->erf = erf.addr, f->placed = placed.addr, f->ccab = ccab.addr, f->pv = pv.addr;
  f->cb = {alloc.addr, free_fn.addr, open.addr, read.addr, write.addr, close.addr, seek.addr, true, 0, pv.addr};
  const uint64_t h = p.heap.alloc(16, true);
  fci_contexts()[h] = std::move(f);
  return h;
}

uint32_t FCIAddFile(WindowsProcess& p, Ptr hfci, CStr source, CStr name, uint32_t execute, Ptr, Ptr status, Ptr open_info,
                    uint16_t compression) {
  Fci* f = fci_context(hfci.addr);
  if (!f) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  if (!source.addr || !name.addr || !open_info) return fail(*f, FCIERR_NONE, ERROR_BAD_ARGUMENTS);
  const uint16_t type = compression & 0x0f;
  if (type != kCompressNone && type != kCompressMszip) return fail(*f, FCIERR_BAD_COMPR_TYPE);
  if (name.str().size() >= 256) return fail(*f, FCIERR_NONE, ERROR_BAD_ARGUMENTS);
  // A file of another compression type starts a folder of its own.
  if (f->open && f->open->compression != type && !flush_folder(p, *f, status.addr)) return fail(*f, FCIERR_USER_ABORT);
  // The file's date, time and attributes, and a handle to read it, from the program.
  const uint64_t out = p.heap.alloc(16, true);  // date, time, attribs (USHORTs), err (int)
  const int64_t hf = as_intptr(p, p.call_guest(open_info.addr, {source.addr, out, out + 2, out + 4, out + 8, f->pv}));
  const uint16_t date = get<uint16_t>(out), time = get<uint16_t>(out + 2);
  uint16_t attribs = get<uint16_t>(out + 4);
  const int32_t err = get<int32_t>(out + 8);
  p.heap.free(out);
  if (hf == -1) return fail(*f, FCIERR_OPEN_SRC, err);
  std::vector<uint8_t> data;
  const uint64_t buf = p.heap.alloc(kBlockSize);
  const uint64_t errp = p.heap.alloc(4, true);
  FileCallbacks cb = f->cb;
  cb.err = errp;
  for (;;) {
    const uint32_t got = cb.read_file(p, hf, buf, kBlockSize);
    if (got == 0xffffffffu) {
      const int32_t e = get<int32_t>(errp);
      cb.close_file(p, hf);
      p.heap.free(buf), p.heap.free(errp);
      return fail(*f, FCIERR_READ_SRC, e);
    }
    if (got == 0) break;
    const size_t at = data.size();
    data.resize(at + got);
    copy_guest(data.data() + at, guest_pointer(buf), got, buf, false);
  }
  cb.close_file(p, hf);
  p.heap.free(buf), p.heap.free(errp);

  if (!f->open) {
    f->open = std::make_unique<FolderData>();
    f->open->compression = type;
  }
  if (execute) attribs |= kAttrExec;
  FileEntry e{name.str(), static_cast<uint32_t>(data.size()), f->open->size,
              static_cast<uint16_t>(f->folders.size()), date, time, attribs};
  f->files.push_back(e);
  f->open->size += static_cast<uint32_t>(data.size());
  f->open->pending.insert(f->open->pending.end(), data.begin(), data.end());
  while (f->open->pending.size() >= kBlockSize)
    if (!emit_block(p, *f, status.addr)) return fail(*f, FCIERR_USER_ABORT);
  // A folder past the CCAB's threshold is closed.
  const uint32_t threshold = get<uint32_t>(f->ccab + 4);
  if (threshold && f->open->size >= threshold && !flush_folder(p, *f, status.addr)) return fail(*f, FCIERR_USER_ABORT);
  return 1;
}

uint32_t FCIFlushFolder(WindowsProcess& p, Ptr hfci, Ptr, Ptr status) {
  Fci* f = fci_context(hfci.addr);
  if (!f) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  if (!flush_folder(p, *f, status.addr)) return fail(*f, FCIERR_USER_ABORT);
  return 1;
}

// The cabinet's bytes (MS-CAB): header, folders, files, data blocks with their checksums; the
// CCAB's reserve sizes give the reserved areas (zeros).
std::vector<uint8_t> layout(Fci& f) {
  const uint32_t rh = get<uint32_t>(f.ccab + 8), rf = get<uint32_t>(f.ccab + 12), rd = get<uint32_t>(f.ccab + 16);
  const bool reserve = rh || rf || rd;
  const uint16_t set_id = get<uint16_t>(f.ccab + 32);
  const uint16_t index = static_cast<uint16_t>(get<int32_t>(f.ccab + 20));
  size_t header = 36 + (reserve ? 4 + rh : 0);
  const size_t folders_size = f.folders.size() * (8 + (reserve ? rf : 0));
  size_t files_size = 0;
  for (const auto& e : f.files) files_size += 16 + e.name.size() + 1;
  size_t data_at = header + folders_size + files_size;
  std::vector<uint8_t> v;
  v.insert(v.end(), {'M', 'S', 'C', 'F'});
  put32(v, 0);
  put32(v, 0);  // cbCabinet, filled below
  put32(v, 0);
  put32(v, static_cast<uint32_t>(header + folders_size));  // coffFiles
  put32(v, 0);
  v.push_back(3), v.push_back(1);  // version 1.3
  put16(v, static_cast<uint16_t>(f.folders.size()));
  put16(v, static_cast<uint16_t>(f.files.size()));
  put16(v, reserve ? kFlagReserve : 0);
  put16(v, set_id);
  put16(v, index);
  if (reserve) {
    put16(v, static_cast<uint16_t>(rh));
    v.push_back(static_cast<uint8_t>(rf)), v.push_back(static_cast<uint8_t>(rd));
    v.insert(v.end(), rh, 0);
  }
  size_t at = data_at;
  for (const auto& d : f.folders) {
    put32(v, static_cast<uint32_t>(at));
    put16(v, static_cast<uint16_t>(d.blocks.size()));
    put16(v, d.compression);
    if (reserve) v.insert(v.end(), rf, 0);
    for (const auto& b : d.blocks) at += 8 + (reserve ? rd : 0) + b.packed.size();
  }
  for (const auto& e : f.files) {
    put32(v, e.size), put32(v, e.offset);
    put16(v, e.folder), put16(v, e.date), put16(v, e.time), put16(v, e.attribs);
    v.insert(v.end(), e.name.begin(), e.name.end());
    v.push_back(0);
  }
  for (const auto& d : f.folders) {
    for (const auto& b : d.blocks) {
      uint8_t sizes[4] = {static_cast<uint8_t>(b.packed.size()), static_cast<uint8_t>(b.packed.size() >> 8),
                          static_cast<uint8_t>(b.plain), static_cast<uint8_t>(b.plain >> 8)};
      const uint32_t sum = checksum(sizes, 4, checksum(b.packed.data(), b.packed.size(), 0));
      put32(v, sum);
      v.insert(v.end(), sizes, sizes + 4);
      if (reserve) v.insert(v.end(), rd, 0);
      v.insert(v.end(), b.packed.begin(), b.packed.end());
    }
  }
  const uint32_t size = static_cast<uint32_t>(v.size());
  for (int i = 0; i < 4; ++i) v[8 + i] = static_cast<uint8_t>(size >> (8 * i));
  return v;
}

uint32_t FCIFlushCabinet(WindowsProcess& p, Ptr hfci, uint32_t get_next, Ptr next_fn, Ptr status) {
  Fci* f = fci_context(hfci.addr);
  if (!f) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  if (!flush_folder(p, *f, status.addr)) return fail(*f, FCIERR_USER_ABORT);
  if (!f->files.empty()) {
    std::vector<uint8_t> bytes = layout(*f);
    const uint32_t size = static_cast<uint32_t>(bytes.size());
    if (status.addr && static_cast<int32_t>(p.call_guest(status.addr, {statusCabinet, size, size, f->pv})) == -1)
      return fail(*f, FCIERR_USER_ABORT);
    // CCAB: szCabPath at 546 and szCab at 290 (after cb … setID and szDisk).
    const std::string path = std::string(reinterpret_cast<const char*>(guest_pointer(f->ccab + 546))) +
                             reinterpret_cast<const char*>(guest_pointer(f->ccab + 290));
    GuestText name(p, path);
    const uint64_t errp = p.heap.alloc(4, true);
    FileCallbacks cb = f->cb;
    cb.err = errp;
    const int64_t hf = cb.open_file(p, name.addr(), kOpenWrite, kCreateMode);
    if (hf == -1) {
      const int32_t e = get<int32_t>(errp);
      p.heap.free(errp);
      return fail(*f, FCIERR_CAB_FILE, e);
    }
    const uint64_t buf = p.heap.alloc(bytes.size());
    copy_guest(guest_pointer(buf), bytes.data(), bytes.size(), buf, true);
    const bool ok = cb.write_file(p, hf, buf, size) == size;
    cb.close_file(p, hf);
    p.heap.free(buf), p.heap.free(errp);
    if (!ok) return fail(*f, FCIERR_CAB_FILE);
  }
  f->folders.clear();
  f->files.clear();
  // The next cabinet's names, when the program asks for one: iCab goes on.
  if (get_next && next_fn) {
    put<int32_t>(f->ccab + 20, get<int32_t>(f->ccab + 20) + 1);
    if (!p.call_guest(next_fn.addr, {f->ccab, 0, f->pv})) return fail(*f, FCIERR_USER_ABORT);
  }
  return 1;
}

uint32_t FCIDestroy(WindowsProcess& p, Ptr hfci) {
  if (!fci_context(hfci.addr)) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  fci_contexts().erase(hfci.addr);
  p.heap.free(hfci.addr);
  return 1;
}

}  // namespace

const std::vector<Export>& fci_exports() {
  static const std::vector<Export> e = {
      cdecl_export(EXPORT("FCICreate", FCICreate)),           cdecl_export(EXPORT("FCIAddFile", FCIAddFile)),
      cdecl_export(EXPORT("FCIFlushFolder", FCIFlushFolder)), cdecl_export(EXPORT("FCIFlushCabinet", FCIFlushCabinet)),
      cdecl_export(EXPORT("FCIDestroy", FCIDestroy)),
  };
  return e;
}

}  // namespace polyrun::shims::cab
