// OLE32.dll: helpers over any storage or stream (the program's or ole32/storage.cpp's): the class
// of a storage (ReadClassStg, WriteClassStg: its Stat and SetClass) or at a stream's position
// (ReadClassStm, WriteClassStm), the "\1CompObj" stream's user type and clipboard format
// (ReadFmtUserTypeStg, WriteFmtUserTypeStg), the "\1Ole" stream's convert bit (GetConvertStg,
// SetConvertStg), a compound file's times (StgSetTimes), a file's class (GetClassFile), and
// property set names (FmtIdToPropStgName, PropStgNameToFmtId: "\5" and the FMTID's 128 bits, five
// at a time, as letters and digits).
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

// IStorage's methods after IUnknown's three.
constexpr unsigned kStgCreateStream = 3, kStgOpenStream = 4, kStgSetClass = 15, kStgStat = 17,
                   kStgSetElementTimes = 14;
constexpr int32_t MK_E_INVALIDEXTENSION = static_cast<int32_t>(0x800401e6);

uint64_t statstg_bytes(WindowsProcess& p) { return p.isa->ptr == 8 ? 80 : 72; }
uint64_t statstg_clsid(WindowsProcess& p) { return p.isa->ptr == 8 ? 56 : 48; }

int32_t WriteClassStg(WindowsProcess& p, Ptr storage, Ptr clsid) {
  if (!storage) return com::E_INVALIDARG;
  if (!clsid) return com::STG_E_INVALIDPOINTER;
  return static_cast<int32_t>(call_method(p, storage.addr, kStgSetClass, {clsid.addr}));
}

int32_t ReadClassStg(WindowsProcess& p, Ptr storage, Ptr clsid) {
  if (!storage || !clsid) return com::E_INVALIDARG;
  Scratch stat(p, statstg_bytes(p));
  const int32_t hr = static_cast<int32_t>(call_method(p, storage.addr, kStgStat, {stat.addr, STATFLAG_NONAME}));
  if (!com::failed(hr)) std::memcpy(guest_pointer(clsid.addr), guest_pointer(stat.addr + statstg_clsid(p)), 16);
  return hr;
}

int32_t WriteClassStm(WindowsProcess& p, Ptr stream, Ptr clsid) {
  if (!stream || !clsid) return com::E_INVALIDARG;
  return static_cast<int32_t>(call_method(p, stream.addr, kStreamWrite, {clsid.addr, 16, 0}));
}

// ReadClassStm: CLSID_NULL first; STG_E_READFAULT when fewer than 16 bytes were there.
int32_t ReadClassStm(WindowsProcess& p, Ptr stream, Ptr clsid) {
  if (!stream || !clsid) return com::E_INVALIDARG;
  std::memset(guest_pointer(clsid.addr), 0, 16);
  uint32_t done = 0;
  const int32_t hr = stream_read(p, stream.addr, clsid.addr, 16, done);
  if (com::failed(hr)) return hr;
  return done == 16 ? com::S_OK : com::STG_E_READFAULT;
}

// The CompObj stream's strings: a 32-bit length (with the NUL), then the ANSI text.
int32_t write_ansi(WindowsProcess& p, uint64_t stream, uint64_t text) {
  Scratch length(p, 4);
  uint32_t n = 0;
  if (text) n = static_cast<uint32_t>(kernel32(p, "WideCharToMultiByte", {0, 0, text, 0xffffffff, 0, 0, 0, 0}));
  put<uint32_t>(length.addr, n);
  uint32_t done = 0;
  int32_t hr = stream_write(p, stream, length.addr, 4, done);
  if (com::failed(hr) || !n) return hr;
  Scratch ansi(p, n);
  kernel32(p, "WideCharToMultiByte", {0, 0, text, 0xffffffff, ansi.addr, n, 0, 0});
  return stream_write(p, stream, ansi.addr, n, done);
}

// Reads one such string into a block of the task allocator (0 for an empty one).
int32_t read_ansi(WindowsProcess& p, uint64_t stream, uint64_t& out) {
  out = 0;
  Scratch length(p, 4);
  uint32_t done = 0;
  int32_t hr = stream_read(p, stream, length.addr, 4, done);
  if (com::failed(hr)) return hr;
  if (done != 4) return com::E_OUTOFMEMORY;
  const uint32_t n = get<uint32_t>(length.addr);
  if (!n) return com::S_OK;
  Scratch ansi(p, n);
  hr = stream_read(p, stream, ansi.addr, n, done);
  if (com::failed(hr)) return hr;
  if (done != n) return com::E_OUTOFMEMORY;
  const uint32_t chars = static_cast<uint32_t>(kernel32(p, "MultiByteToWideChar", {0, 0, ansi.addr, n, 0, 0}));
  out = p.heap.alloc((uint64_t{chars} + 1) * 2, true);
  if (!out) return com::E_OUTOFMEMORY;
  kernel32(p, "MultiByteToWideChar", {0, 0, ansi.addr, n, out, chars});
  return com::S_OK;
}

// WriteFmtUserTypeStg(storage, format, user_type): the "\1CompObj" stream made anew: its header,
// the storage's class, the user type, the clipboard format's name and the class's ProgID, then its
// trailer.
int32_t WriteFmtUserTypeStg(WindowsProcess& p, Ptr storage, uint16_t format, Ptr user_type) {
  static const uint8_t kHeader[12] = {0x01, 0x00, 0xfe, 0xff, 0x03, 0x0a, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
  static const uint8_t kTrailer[16] = {0xf4, 0x39, 0xb2, 0x71};
  Scratch clip_name(p, 2 * 0x41), stat(p, statstg_bytes(p)), progid(p, 8), out(p, 8), block(p, 16);
  uint64_t clip = 0;
  if (format) {
    const uint64_t n = user32(p, "GetClipboardFormatNameW", {format, clip_name.addr, 0x40});
    put<uint16_t>(clip_name.addr + 2 * n, 0);
    clip = clip_name.addr;
  }
  int32_t hr = static_cast<int32_t>(call_method(p, storage.addr, kStgStat, {stat.addr, STATFLAG_NONAME}));
  const uint64_t clsid = stat.addr + statstg_clsid(p);
  if (com::failed(hr)) std::memset(guest_pointer(clsid), 0, 16);
  p.call_export("ole32.dll", "ProgIDFromCLSID", {clsid, progid.addr});
  GuestText name(p, u"\1CompObj");
  hr = static_cast<int32_t>(call_method(p, storage.addr, kStgCreateStream,
                                        {name.addr, STGM_CREATE | STGM_WRITE | STGM_SHARE_EXCLUSIVE, 0, 0, out.addr}));
  if (!com::failed(hr)) {
    const uint64_t stream = p.get_ptr(out.addr);
    uint32_t done = 0;
    std::memcpy(guest_pointer(block.addr), kHeader, sizeof kHeader);
    hr = stream_write(p, stream, block.addr, sizeof kHeader, done);
    if (!com::failed(hr)) hr = stream_write(p, stream, clsid, 16, done);
    if (!com::failed(hr)) hr = write_ansi(p, stream, user_type.addr);
    if (!com::failed(hr)) hr = write_ansi(p, stream, clip);
    if (!com::failed(hr)) hr = write_ansi(p, stream, p.get_ptr(progid.addr));
    std::memset(guest_pointer(block.addr), 0, 16);
    std::memcpy(guest_pointer(block.addr), kTrailer, sizeof kTrailer);
    if (!com::failed(hr)) hr = stream_write(p, stream, block.addr, 16, done);
    call_method(p, stream, kRelease);
  }
  task_free(p, p.get_ptr(progid.addr));
  return hr;
}

// ReadFmtUserTypeStg(storage, &format, &user_type): the "\1CompObj" stream's clipboard format
// (registered by name) and user type (a block of the task allocator).
int32_t ReadFmtUserTypeStg(WindowsProcess& p, Ptr storage, Ptr format, Ptr user_type) {
  Scratch out(p, 8), skip(p, 16);
  GuestText name(p, u"\1CompObj");
  int32_t hr = static_cast<int32_t>(
      call_method(p, storage.addr, kStgOpenStream, {name.addr, 0, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, out.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t stream = p.get_ptr(out.addr);
  uint64_t type_name = 0, clip_name = 0, progid = 0;
  uint32_t done = 0;
  hr = stream_read(p, stream, skip.addr, 12, done);
  if (!com::failed(hr) && done == 12) {
    hr = static_cast<int32_t>(p.call_export("ole32.dll", "ReadClassStm", {stream, skip.addr}));
    if (!com::failed(hr)) hr = read_ansi(p, stream, type_name);
    if (!com::failed(hr)) hr = read_ansi(p, stream, clip_name);
    if (!com::failed(hr)) hr = read_ansi(p, stream, progid);
    if (!com::failed(hr)) hr = stream_read(p, stream, skip.addr, 16, done);
    if (!com::failed(hr) && done == 16) {
      if (format) put<uint16_t>(format.addr, static_cast<uint16_t>(clip_name ? user32(p, "RegisterClipboardFormatW", {clip_name}) : 0));
      if (user_type) {
        p.put_ptr(user_type.addr, type_name);
        type_name = 0;
      }
    }
  }
  task_free(p, type_name);
  task_free(p, clip_name);
  task_free(p, progid);
  call_method(p, stream, kRelease);
  return hr;
}

// The "\1Ole" stream: a version (0x02000001) and flags, of which bit 4 says "convert".
constexpr uint32_t kOleStreamVersion = 0x02000001, kOleStreamConvert = 0x4;

int32_t GetConvertStg(WindowsProcess& p, Ptr storage) {
  if (!storage) return com::E_INVALIDARG;
  Scratch out(p, 8), header(p, 8);
  GuestText name(p, u"\1Ole");
  int32_t hr = static_cast<int32_t>(
      call_method(p, storage.addr, kStgOpenStream, {name.addr, 0, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, out.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t stream = p.get_ptr(out.addr);
  uint32_t done = 0;
  hr = stream_read(p, stream, header.addr, 8, done);
  call_method(p, stream, kRelease);
  if (com::failed(hr)) return hr;
  if (get<uint32_t>(header.addr) != kOleStreamVersion) return com::E_FAIL;
  return (get<uint32_t>(header.addr + 4) & kOleStreamConvert) ? com::S_OK : com::S_FALSE;
}

// SetConvertStg(storage, convert): the convert bit of "\1Ole" set or cleared (the stream made,
// 20 bytes, when missing).
int32_t SetConvertStg(WindowsProcess& p, Ptr storage, int32_t convert) {
  if (!storage) return com::E_INVALIDARG;
  const uint32_t flag = convert ? kOleStreamConvert : 0;
  Scratch out(p, 8), header(p, 20);
  GuestText name(p, u"\1Ole");
  int32_t hr = static_cast<int32_t>(
      call_method(p, storage.addr, kStgOpenStream, {name.addr, 0, STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, out.addr}));
  uint32_t done = 0;
  if (hr == STG_E_FILENOTFOUND) {
    hr = static_cast<int32_t>(call_method(p, storage.addr, kStgCreateStream,
                                          {name.addr, STGM_WRITE | STGM_SHARE_EXCLUSIVE, 0, 0, out.addr}));
    if (com::failed(hr)) return hr;
    const uint64_t stream = p.get_ptr(out.addr);
    put<uint32_t>(header.addr, kOleStreamVersion);
    put<uint32_t>(header.addr + 4, flag);
    hr = stream_write(p, stream, header.addr, 20, done);
    call_method(p, stream, kRelease);
    return hr;
  }
  if (com::failed(hr)) return hr;
  const uint64_t stream = p.get_ptr(out.addr);
  hr = stream_read(p, stream, header.addr, 8, done);
  if (!com::failed(hr) && ((get<uint32_t>(header.addr + 4) ^ flag) & kOleStreamConvert)) {
    put<uint32_t>(header.addr + 4, get<uint32_t>(header.addr + 4) ^ kOleStreamConvert);
    uint64_t position = 0;
    hr = stream_seek(p, stream, 4, 0, position);
    if (!com::failed(hr)) hr = stream_write(p, stream, header.addr + 4, 4, done);
  }
  call_method(p, stream, kRelease);
  return hr;
}

// StgSetTimes(name, created, accessed, modified): the compound file's root times.
int32_t StgSetTimes(WindowsProcess& p, Ptr name, Ptr created, Ptr accessed, Ptr modified) {
  Scratch out(p, 8);
  int32_t hr = static_cast<int32_t>(
      p.call_export("ole32.dll", "StgOpenStorage", {name.addr, 0, STGM_READWRITE | STGM_SHARE_DENY_WRITE, 0, 0, out.addr}));
  if (com::failed(hr)) return hr;
  const uint64_t storage = p.get_ptr(out.addr);
  hr = static_cast<int32_t>(call_method(p, storage, kStgSetElementTimes, {0, created.addr, accessed.addr, modified.addr}));
  call_method(p, storage, kRelease);
  return hr;
}

// GetClassFile(path, &clsid): a compound file's root class; for another file, the class of the
// ProgID its extension names under HKEY_CLASSES_ROOT (MK_E_INVALIDEXTENSION without one).
int32_t GetClassFile(WindowsProcess& p, Ptr path, Ptr clsid) {
  if (static_cast<int32_t>(p.call_export("ole32.dll", "StgIsStorageFile", {path.addr})) == com::S_OK) {
    Scratch out(p, 8);
    int32_t hr = static_cast<int32_t>(
        p.call_export("ole32.dll", "StgOpenStorage", {path.addr, 0, STGM_READ | STGM_SHARE_DENY_WRITE, 0, 0, out.addr}));
    if (com::failed(hr)) return hr;
    const uint64_t storage = p.get_ptr(out.addr);
    hr = ReadClassStg(p, Ptr(storage), clsid);
    call_method(p, storage, kRelease);
    return hr;
  }
  const std::u16string name = read_wide(path.addr);
  const size_t dot = name.find_last_of(u'.');
  const size_t slash = name.find_last_of(u"\\/");
  if (dot == std::u16string::npos || (slash != std::u16string::npos && dot < slash) || dot + 1 == name.size())
    return MK_E_INVALIDEXTENSION;
  const auto progid = classes_string(p, name.substr(dot));
  if (!progid) return MK_E_INVALIDEXTENSION;
  GuestText text(p, *progid);
  const int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "CLSIDFromProgID", {text.addr, clsid.addr}));
  return hr != com::S_OK ? MK_E_INVALIDEXTENSION : hr;
}

// ---- property set names ----
constexpr GuidBytes kFmtidSummaryInformation =
    make_guid(0xf29f85e0, 0x4ff9, 0x1068, {0xab, 0x91, 0x08, 0x00, 0x2b, 0x27, 0xb3, 0xd9});
constexpr GuidBytes kFmtidDocSummaryInformation =
    make_guid(0xd5cdd502, 0x2e9c, 0x101b, {0x93, 0x97, 0x08, 0x00, 0x2b, 0x2c, 0xf9, 0xae});
constexpr GuidBytes kFmtidUserDefinedProperties =
    make_guid(0xd5cdd505, 0x2e9c, 0x101b, {0x93, 0x97, 0x08, 0x00, 0x2b, 0x2c, 0xf9, 0xae});
constexpr char kNameAlphabet[] = "abcdefghijklmnopqrstuvwxyz012345";

// FmtIdToPropStgName(fmtid, name): "\5SummaryInformation", "\5DocumentSummaryInformation" (also
// for the user-defined properties), else "\5" and 26 characters of the FMTID's bits, five at a time
// from the lowest, a letter that starts on a byte boundary in upper case.
int32_t FmtIdToPropStgName(WindowsProcess&, Ptr fmtid, Ptr out) {
  if (!fmtid || !out) return com::E_INVALIDARG;
  const GuidBytes id = read_guid(fmtid.addr);
  std::u16string name = u"\5";
  if (id == kFmtidSummaryInformation) {
    name += u"SummaryInformation";
  } else if (id == kFmtidDocSummaryInformation || id == kFmtidUserDefinedProperties) {
    name += u"DocumentSummaryInformation";
  } else {
    for (unsigned bit = 0; bit < 128; bit += 5) {
      unsigned value = 0;
      for (unsigned k = 0; k < 5 && bit + k < 128; ++k) value |= ((id[(bit + k) / 8] >> ((bit + k) % 8)) & 1u) << k;
      char16_t c = static_cast<char16_t>(kNameAlphabet[value]);
      if (bit % 8 == 0 && c >= 'a' && c <= 'z') c = static_cast<char16_t>(c - 'a' + 'A');
      name.push_back(c);
    }
  }
  std::memcpy(guest_pointer(out.addr), name.c_str(), (name.size() + 1) * 2);
  return com::S_OK;
}

// PropStgNameToFmtId(name, &fmtid): the reverse (without case); STG_E_INVALIDNAME for a name that is
// none of these.
int32_t PropStgNameToFmtId(WindowsProcess&, Ptr name, Ptr fmtid) {
  if (!fmtid) return com::E_INVALIDARG;
  if (!name) return STG_E_INVALIDNAME;
  const std::u16string text = read_wide(name.addr);
  auto same = [&](const std::u16string& b) {
    if (text.size() != b.size()) return false;
    for (size_t i = 0; i < b.size(); ++i) {
      char16_t x = text[i], y = b[i];
      if (x >= 'a' && x <= 'z') x = static_cast<char16_t>(x - 32);
      if (y >= 'a' && y <= 'z') y = static_cast<char16_t>(y - 32);
      if (x != y) return false;
    }
    return true;
  };
  if (same(u"\5DocumentSummaryInformation")) {
    write_guid(fmtid.addr, kFmtidDocSummaryInformation);
    return com::S_OK;
  }
  if (same(u"\5SummaryInformation")) {
    write_guid(fmtid.addr, kFmtidSummaryInformation);
    return com::S_OK;
  }
  GuidBytes id{};
  for (unsigned bit = 0, i = 1; bit < 128; bit += 5, ++i) {
    if (i >= text.size()) return STG_E_INVALIDNAME;
    const char16_t c = text[i];
    unsigned value;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a';
    else if (c >= '0' && c <= '5') value = 26 + (c - '0');
    else return STG_E_INVALIDNAME;
    for (unsigned k = 0; k < 5; ++k) {
      if (!((value >> k) & 1)) continue;
      if (bit + k >= 128) return STG_E_INVALIDNAME;  // bits past the FMTID's
      id[(bit + k) / 8] = static_cast<uint8_t>(id[(bit + k) / 8] | (1u << ((bit + k) % 8)));
    }
  }
  write_guid(fmtid.addr, id);
  return com::S_OK;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_storage_helper_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ReadClassStg", ReadClassStg),
      EXPORT("WriteClassStg", WriteClassStg),
      EXPORT("ReadClassStm", ReadClassStm),
      EXPORT("WriteClassStm", WriteClassStm),
      EXPORT("ReadFmtUserTypeStg", ReadFmtUserTypeStg),
      EXPORT("WriteFmtUserTypeStg", WriteFmtUserTypeStg),
      EXPORT("GetConvertStg", GetConvertStg),
      EXPORT("SetConvertStg", SetConvertStg),
      EXPORT("StgSetTimes", StgSetTimes),
      EXPORT("GetClassFile", GetClassFile),
      EXPORT("FmtIdToPropStgName", FmtIdToPropStgName),
      EXPORT("PropStgNameToFmtId", PropStgNameToFmtId),
  };
  return exports;
}

}  // namespace polyrun::shims
