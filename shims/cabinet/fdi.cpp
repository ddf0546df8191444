// CABINET's File Decompression Interface (fdi.h): FDICreate, FDIIsCabinet, FDICopy, FDIDestroy,
// FDITruncateCabinet. The cabinet is read through the program's own file functions, each file it
// wants (fdintCOPY_FILE) written through them, stored and MSZIP folders decompressed; the program
// hears of the cabinet, each file and each file's end through its notification function, as
// Microsoft's FDI documentation describes.
#include <map>
#include <memory>

#include "shims/cabinet/cabinet.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims::cab {

namespace {

enum Notification : int32_t {
  fdintCABINET_INFO, fdintPARTIAL_FILE, fdintCOPY_FILE, fdintCLOSE_FILE_INFO, fdintNEXT_CABINET, fdintENUMERATE,
};
constexpr int32_t kOpenRead = 0x8000 | 0x0000 | 0x0020;  // _O_BINARY | _O_RDONLY | _O_SEQUENTIAL

struct Fdi {
  FileCallbacks cb;
  uint64_t erf = 0;
};

std::map<uint64_t, std::unique_ptr<Fdi>>& fdi_contexts() {
  static std::map<uint64_t, std::unique_ptr<Fdi>> t;
  return t;
}

Fdi* fdi_context(uint64_t h) {
  auto it = fdi_contexts().find(h);
  return it == fdi_contexts().end() ? nullptr : it->second.get();
}

// Reads the whole file at its current position through the program's read function.
std::vector<uint8_t> read_all(WindowsProcess& p, const FileCallbacks& cb, int64_t hf, size_t limit) {
  std::vector<uint8_t> data;
  const uint32_t chunk = 0x10000;
  const uint64_t buf = p.heap.alloc(chunk);
  while (data.size() < limit) {
    const uint32_t want = static_cast<uint32_t>(std::min<size_t>(chunk, limit - data.size()));
    const uint32_t got = cb.read_file(p, hf, buf, want);
    if (got == 0 || got == 0xffffffffu) break;
    const size_t at = data.size();
    data.resize(at + std::min(got, want));
    copy_guest(data.data() + at, guest_pointer(buf), data.size() - at, buf, false);
  }
  p.heap.free(buf);
  return data;
}

// FDINOTIFICATION on this width: cb, psz1, psz2, psz3, pv, hf, then date, time, attribs, setID,
// iCabinet, iFolder (USHORTs) and fdie.
struct Notice {
  int32_t cb = 0;
  uint64_t psz1 = 0, psz2 = 0, psz3 = 0, pv = 0;
  int64_t hf = 0;
  uint16_t date = 0, time = 0, attribs = 0, set_id = 0, cabinet = 0, folder = 0;
  int32_t fdie = 0;
};

int64_t notify(WindowsProcess& p, uint64_t fn, int32_t type, const Notice& n) {
  const uint64_t ps = p.isa->ptr;
  const uint64_t size = ps == 8 ? 64 : 40;
  const uint64_t b = p.heap.alloc(size, true);
  put<int32_t>(b, n.cb);
  p.put_ptr(b + ps, n.psz1);
  p.put_ptr(b + 2 * ps, n.psz2);
  p.put_ptr(b + 3 * ps, n.psz3);
  p.put_ptr(b + 4 * ps, n.pv);
  p.put_ptr(b + 5 * ps, static_cast<uint64_t>(n.hf));
  const uint64_t s = 6 * ps;
  put<uint16_t>(b + s, n.date);
  put<uint16_t>(b + s + 2, n.time);
  put<uint16_t>(b + s + 4, n.attribs);
  put<uint16_t>(b + s + 6, n.set_id);
  put<uint16_t>(b + s + 8, n.cabinet);
  put<uint16_t>(b + s + 10, n.folder);
  put<int32_t>(b + s + 12, n.fdie);
  const int64_t r = as_intptr(p, p.call_guest(fn, {static_cast<uint64_t>(type), b}));
  p.heap.free(b);
  return r;
}

Ptr FDICreate(WindowsProcess& p, Ptr alloc, Ptr free_fn, Ptr open, Ptr read, Ptr write, Ptr close, Ptr seek, int32_t,
              Ptr erf) {
  if (!alloc || !free_fn) {
    set_erf(erf.addr, FDIERROR_ALLOC_FAIL, 0);
    p.set_last_error(ERROR_BAD_ARGUMENTS);
    return 0;
  }
  auto f = std::make_unique<Fdi>();
  f->cb = {alloc.addr, free_fn.addr, open.addr, read.addr, write.addr, close.addr, seek.addr};
  f->erf = erf.addr;
  const uint64_t h = p.heap.alloc(16, true);
  fdi_contexts()[h] = std::move(f);
  return h;
}

uint32_t FDIDestroy(WindowsProcess& p, Ptr hfdi) {
  if (!fdi_context(hfdi.addr)) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  fdi_contexts().erase(hfdi.addr);
  p.heap.free(hfdi.addr);
  return 1;
}

// FDIIsCabinet: reads the header at the file's current position; FDICABINETINFO gets the
// cabinet's size, folder and file counts, set ID and number, and whether it has a reserve, a
// previous and a next cabinet.
uint32_t FDIIsCabinet(WindowsProcess& p, Ptr hfdi, Ptr hf, Ptr info) {
  Fdi* f = fdi_context(hfdi.addr);
  if (!f) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  if (!info) {
    set_erf(f->erf, FDIERROR_NONE, 0);
    p.set_last_error(ERROR_BAD_ARGUMENTS);
    return 0;
  }
  const int64_t h = as_intptr(p, hf.addr);
  std::vector<uint8_t> d = read_all(p, f->cb, h, 36);
  Cabinet c;
  int32_t error = FDIERROR_NONE;
  if (!read_header(d, &c, &error)) return 0;  // no cabinet: FALSE, the ERF left as it was
  put<int32_t>(info.addr, static_cast<int32_t>(c.size));
  put<uint16_t>(info.addr + 4, c.folders);
  put<uint16_t>(info.addr + 6, c.files);
  put<uint16_t>(info.addr + 8, c.set_id);
  put<uint16_t>(info.addr + 10, c.index);
  put<int32_t>(info.addr + 12, (c.flags & kFlagReserve) ? 1 : 0);
  put<int32_t>(info.addr + 16, (c.flags & kFlagPrev) ? 1 : 0);
  put<int32_t>(info.addr + 20, (c.flags & kFlagNext) ? 1 : 0);
  return 1;
}

uint32_t FDICopy(WindowsProcess& p, Ptr hfdi, CStr cabinet, CStr path, int32_t, Ptr notify_fn, Ptr, Ptr pv) {
  Fdi* f = fdi_context(hfdi.addr);
  if (!f) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  auto fail = [&](int32_t e) {
    set_erf(f->erf, e, 0);
    return 0u;
  };
  const std::string dir = path.str(), name = cabinet.str();
  GuestText full(p, dir + name);
  const int64_t hf = f->cb.open_file(p, full.addr(), kOpenRead, kCreateMode);
  if (hf == -1) return fail(FDIERROR_CABINET_NOT_FOUND);
  std::vector<uint8_t> d = read_all(p, f->cb, hf, 36);
  Cabinet c;
  int32_t error = FDIERROR_NONE;
  if (!read_header(d, &c, &error)) {
    f->cb.close_file(p, hf);
    return fail(error);
  }
  std::vector<uint8_t> rest = read_all(p, f->cb, hf, c.size > 36 ? c.size - 36 : 0);
  d.insert(d.end(), rest.begin(), rest.end());
  f->cb.close_file(p, hf);
  if (!read_tables(d, &c)) return fail(FDIERROR_CORRUPT_CABINET);

  GuestText next_cab(p, c.next_cab), next_disk(p, c.next_disk), dir_text(p, dir);
  Notice info;
  info.psz1 = next_cab.addr(), info.psz2 = next_disk.addr(), info.psz3 = dir_text.addr(), info.pv = pv.addr;
  info.set_id = c.set_id, info.cabinet = c.index;
  if (notify(p, notify_fn.addr, fdintCABINET_INFO, info) == -1) return fail(FDIERROR_USER_ABORT);

  std::vector<std::unique_ptr<FolderReader>> readers(c.folders);
  for (const File& file : c.file_list) {
    GuestText fname(p, file.name);
    if (file.folder == kContinuedFromPrev || file.folder == kContinuedPrevAndNext) {
      // A file begun in the previous cabinet: the program hears of it and opens that one first.
      GuestText prev_cab(p, c.prev_cab), prev_disk(p, c.prev_disk);
      Notice n;
      n.psz1 = fname.addr(), n.psz2 = prev_cab.addr(), n.psz3 = prev_disk.addr(), n.pv = pv.addr;
      if (notify(p, notify_fn.addr, fdintPARTIAL_FILE, n) == -1) return fail(FDIERROR_USER_ABORT);
      continue;
    }
    const uint16_t fi = file.folder == kContinuedToNext ? static_cast<uint16_t>(c.folders - 1) : file.folder;
    if (fi >= c.folders) return fail(FDIERROR_CORRUPT_CABINET);
    Notice n;
    n.cb = static_cast<int32_t>(file.size), n.psz1 = fname.addr(), n.pv = pv.addr;
    n.date = file.date, n.time = file.time, n.attribs = file.attribs, n.folder = fi;
    n.set_id = c.set_id, n.cabinet = c.index;
    const int64_t out = notify(p, notify_fn.addr, fdintCOPY_FILE, n);
    if (out == -1) return fail(FDIERROR_USER_ABORT);
    if (out == 0) continue;  // skipped
    if (!readers[fi]) readers[fi] = std::make_unique<FolderReader>(d, c, c.folder_list[fi]);
    std::vector<uint8_t> bytes;
    if (int32_t e = readers[fi]->read(file.offset, file.size, &bytes)) {
      f->cb.close_file(p, out);
      return fail(e);
    }
    const uint64_t buf = p.heap.alloc(kBlockSize);
    for (size_t at = 0; at < bytes.size(); at += kBlockSize) {
      const uint32_t chunk = static_cast<uint32_t>(std::min<size_t>(kBlockSize, bytes.size() - at));
      copy_guest(guest_pointer(buf), bytes.data() + at, chunk, buf, true);
      if (f->cb.write_file(p, out, buf, chunk) != chunk) {
        p.heap.free(buf);
        f->cb.close_file(p, out);
        return fail(FDIERROR_TARGET_FILE);
      }
    }
    p.heap.free(buf);
    Notice done = n;
    done.hf = out;
    done.cb = (file.attribs & kAttrExec) ? 1 : 0;
    if (!notify(p, notify_fn.addr, fdintCLOSE_FILE_INFO, done)) return fail(FDIERROR_USER_ABORT);
  }
  set_erf(f->erf, FDIERROR_NONE, 0);
  put<int32_t>(f->erf + 8, 0);
  return 1;
}

// FDITruncateCabinet: the folders from `folder` on are removed, with the files in them: the
// cabinet is rewritten through the program's functions (a write of 0 bytes truncates the file at
// its position, as the function's documentation asks of PFNWRITE).
uint32_t FDITruncateCabinet(WindowsProcess& p, Ptr hfdi, CStr cabinet, uint16_t folder) {
  Fdi* f = fdi_context(hfdi.addr);
  if (!f) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  GuestText name(p, cabinet.str());
  const int64_t hf = f->cb.open_file(p, name.addr(), 0x8000 | 0x0002, kCreateMode);  // _O_BINARY | _O_RDWR
  if (hf == -1) return set_erf(f->erf, FDIERROR_CABINET_NOT_FOUND, 0), 0;
  std::vector<uint8_t> d = read_all(p, f->cb, hf, 36);
  Cabinet c;
  int32_t error = FDIERROR_NONE;
  bool ok = read_header(d, &c, &error);
  if (ok) {
    std::vector<uint8_t> rest = read_all(p, f->cb, hf, c.size > 36 ? c.size - 36 : 0);
    d.insert(d.end(), rest.begin(), rest.end());
    ok = read_tables(d, &c);
    if (!ok) error = FDIERROR_CORRUPT_CABINET;
  }
  if (!ok || folder >= c.folders) {
    f->cb.close_file(p, hf);
    set_erf(f->erf, ok ? FDIERROR_CORRUPT_CABINET : error, 0);
    return 0;
  }
  // The data of the folders kept ends where the first removed folder's begins; the tables lose
  // the removed folders' entries and files.
  const uint32_t cut = c.folder_list[folder].data_offset;
  size_t at = 36 + ((c.flags & kFlagReserve) ? 4 + c.reserve_header : 0);
  if (c.flags & kFlagPrev) c_string(d, &at), c_string(d, &at);
  if (c.flags & kFlagNext) c_string(d, &at), c_string(d, &at);
  const size_t folders_at = at, folder_size = 8 + c.reserve_folder;
  std::vector<uint8_t> files;
  uint16_t kept = 0;
  for (const File& file : c.file_list) {
    if (file.folder < folder) {
      put32(files, file.size), put32(files, file.offset);
      put16(files, file.folder), put16(files, file.date), put16(files, file.time), put16(files, file.attribs);
      files.insert(files.end(), file.name.begin(), file.name.end());
      files.push_back(0);
      ++kept;
    }
  }
  std::vector<uint8_t> out(d.begin(), d.begin() + folders_at + folder * folder_size);
  const uint32_t new_files_at = static_cast<uint32_t>(out.size());
  out.insert(out.end(), files.begin(), files.end());
  // Data blocks of the kept folders, moved up behind the new tables.
  const uint32_t data_from = c.folder_list.empty() ? cut : c.folder_list[0].data_offset;
  const uint32_t new_data_from = static_cast<uint32_t>(out.size());
  out.insert(out.end(), d.begin() + data_from, d.begin() + cut);
  for (uint16_t i = 0; i < folder; ++i) {
    const size_t rec = folders_at + i * folder_size;
    const uint32_t off = u32(&d[rec]) - data_from + new_data_from;
    for (int b = 0; b < 4; ++b) out[rec + b] = static_cast<uint8_t>(off >> (8 * b));
  }
  const uint32_t size = static_cast<uint32_t>(out.size());
  for (int b = 0; b < 4; ++b) out[8 + b] = static_cast<uint8_t>(size >> (8 * b));
  for (int b = 0; b < 4; ++b) out[16 + b] = static_cast<uint8_t>(new_files_at >> (8 * b));
  out[26] = static_cast<uint8_t>(folder), out[27] = static_cast<uint8_t>(folder >> 8);
  out[28] = static_cast<uint8_t>(kept), out[29] = static_cast<uint8_t>(kept >> 8);
  f->cb.seek_file(p, hf, 0, 0);
  const uint64_t buf = p.heap.alloc(out.size());
  copy_guest(guest_pointer(buf), out.data(), out.size(), buf, true);
  const bool written = f->cb.write_file(p, hf, buf, size) == size;
  f->cb.write_file(p, hf, buf, 0);  // truncates here
  p.heap.free(buf);
  f->cb.close_file(p, hf);
  if (!written) return set_erf(f->erf, FDIERROR_TARGET_FILE, 0), 0;
  return 1;
}

}  // namespace

const std::vector<Export>& fdi_exports() {
  static const std::vector<Export> e = {
      cdecl_export(EXPORT("FDICreate", FDICreate)),   cdecl_export(EXPORT("FDIIsCabinet", FDIIsCabinet)),
      cdecl_export(EXPORT("FDICopy", FDICopy)),       cdecl_export(EXPORT("FDIDestroy", FDIDestroy)),
      cdecl_export(EXPORT("FDITruncateCabinet", FDITruncateCabinet)),
  };
  return e;
}

}  // namespace polyrun::shims::cab
