// WINTRUST's subject interface packages, the functions CRYPT32's CryptSIPLoad hands out for PE
// images, cabinets and catalogs (their SIP_SUBJECTINFO's pgSubjectType):
//
// - CryptSIPGetSignedDataMsg: a PE image's index-th certificate table entry (IMAGEHLP's
//   ImageGetCertificateHeader/Data): its bytes without the WIN_CERTIFICATE header, X509 (and
//   PKCS #7 for a PKCS_SIGNED_DATA entry) the encoding; a cabinet's signature, where the CFHEADER's
//   reserved area {.., offset, size} says it is; a catalog's whole file. The usual size protocol,
//   ERROR_INSUFFICIENT_BUFFER when the buffer is short.
// - CryptSIPPutSignedDataMsg: a PKCS_SIGNED_DATA entry added to a PE image's table
//   (ImageAddCertificate), its index handed back; CryptSIPRemoveSignedDataMsg: one removed.
// - CryptSIPCreateIndirectData: a PE image's SIP_INDIRECT_DATA as Authenticode signs it:
//   SPC_PE_IMAGE_DATA (no flags, an empty file link) and the image's digest with the
//   subject's digest algorithm (SHA-1 when it names none); CryptSIPVerifyIndirectData: the image's
//   digest compared with one (TRUST_E_BAD_DIGEST when they differ).
//
// The subject is its hFile when that is a handle, else the file pwsFileName names.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/guest_block.h"
#include "shims/crypt32/signed_data.h"
#include "shims/wintrust/authenticode.h"
#include "shims/wintrust/wintrust.h"

namespace polyrun::shims::wintrust {

namespace {

constexpr uint32_t kX509 = 1, kPkcs7 = 0x10000;
constexpr uint32_t kTrustENoSignature = 0x800B0100, kTrustEBadDigest = 0x80096010, kTrustESubjectFormUnknown = 0x800B0003;
constexpr uint16_t kCertTypeX509 = 1, kCertTypePkcsSignedData = 2;
constexpr const char* kPeImageDataOid = "1.3.6.1.4.1.311.2.1.15";  // SPC_PE_IMAGE_DATA_OBJID

enum class Subject { PeImage, Cabinet, Catalog, Other };
Subject subject_kind(WindowsProcess& p, uint64_t info) {
  const uint64_t type = p.get_ptr(info + p.isa->ptr);
  if (!type) return Subject::Other;
  uint8_t g[16];
  copy_guest(g, guest_pointer(type), 16, type, false);
  // {C689AAB8/AABA-8E78-11D0-8C47-00C04FC295EE}, {DE351A43-8E59-11D0-8C47-00C04FC295EE}
  static const uint8_t tail[8] = {0x8C, 0x47, 0x00, 0xC0, 0x4F, 0xC2, 0x95, 0xEE};
  if (std::memcmp(g + 8, tail, 8) != 0) return Subject::Other;
  uint32_t d1;
  std::memcpy(&d1, g, 4);
  const uint16_t d2 = static_cast<uint16_t>(g[4] | g[5] << 8), d3 = static_cast<uint16_t>(g[6] | g[7] << 8);
  if (d2 == 0x8E78 && d3 == 0x11D0 && d1 == 0xC689AAB8) return Subject::PeImage;
  if (d2 == 0x8E78 && d3 == 0x11D0 && d1 == 0xC689AABA) return Subject::Cabinet;
  if (d2 == 0x8E59 && d3 == 0x11D0 && d1 == 0xDE351A43) return Subject::Catalog;
  return Subject::Other;
}

uint64_t k32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}
uint64_t imagehlp(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("imagehlp.dll", name, args);
}
bool is_handle(const WindowsProcess& p, uint64_t h) { return h && h != (p.isa->ptr == 8 ? ~0ull : 0xffffffffull); }

// The subject's handle: its own, or the named file opened (`opened` says so); INVALID_HANDLE_VALUE
// with the last error when it cannot be.
uint64_t subject_handle(WindowsProcess& p, uint64_t info, bool write, bool& opened) {
  const unsigned w = p.isa->ptr;
  const uint64_t h = p.get_ptr(info + 2 * w);
  opened = false;
  if (is_handle(p, h)) return h;
  opened = true;
  const uint32_t access = 0x80000000u | (write ? 0x40000000u : 0);  // GENERIC_READ (| GENERIC_WRITE)
  return k32(p, "CreateFileW", {p.get_ptr(info + 3 * w), access, 1 | 2, 0, 3, 0, 0});
}

// The subject's bytes (through a host descriptor, from its start).
std::optional<Bytes> subject_bytes(WindowsProcess& p, uint64_t info) {
  const unsigned w = p.isa->ptr;
  const uint64_t h = p.get_ptr(info + 2 * w);
  if (is_handle(p, h)) {
    const int fd = p.fd_for_handle(h);
    if (fd < 0) {
      p.set_last_error(ERROR_INVALID_HANDLE);
      return std::nullopt;
    }
    return read_whole(fd);
  }
  const uint64_t name = p.get_ptr(info + 3 * w);
  if (!name) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return std::nullopt;
  }
  const int fd = ::open(windows_to_host_path(windows_full_path(utf16_to_utf8(WStr{name}.str()))).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    p.set_last_error(win_error_from_errno(errno));
    return std::nullopt;
  }
  Bytes data = read_whole(fd);
  ::close(fd);
  return data;
}

// The size protocol of the signed data: the size alone without a buffer, else the bytes.
BOOL hand_over(WindowsProcess& p, const uint8_t* data, uint32_t n, uint32_t encoding, Ptr enc, Ptr size, Ptr out) {
  if (!out) {
    put<uint32_t>(size.addr, n);
    return TRUE;
  }
  if (get<uint32_t>(size.addr) < n) {
    put<uint32_t>(size.addr, n);
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  copy_guest(guest_pointer(out.addr), data, n, out.addr, true);
  put<uint32_t>(size.addr, n);
  if (enc) put<uint32_t>(enc.addr, encoding);
  return TRUE;
}

BOOL pe_signed_data(WindowsProcess& p, uint64_t info, Ptr enc, uint32_t index, Ptr size, Ptr out) {
  bool opened = false;
  const uint64_t h = subject_handle(p, info, false, opened);
  if (!is_handle(p, h)) return FALSE;
  BOOL ok = FALSE;
  const uint64_t header = p.heap.alloc(16, true), length = p.heap.alloc(4, true);
  if (static_cast<uint32_t>(imagehlp(p, "ImageGetCertificateHeader", {h, index, header}))) {
    const uint32_t total = get<uint32_t>(header);
    const uint16_t type = get<uint16_t>(header + 6);
    if (type != kCertTypeX509 && type != kCertTypePkcsSignedData) {
      p.set_last_error(ERROR_NOT_SUPPORTED);
    } else if (!out) {
      put<uint32_t>(size.addr, total);  // (the whole entry's length, as Windows' PE package answers)
      ok = TRUE;
    } else if (total >= 8) {
      put<uint32_t>(length, total);
      const uint64_t whole = p.heap.alloc(total, true);
      if (whole && static_cast<uint32_t>(imagehlp(p, "ImageGetCertificateData", {h, index, whole, length}))) {
        Bytes data(total - 8);
        copy_guest(data.data(), guest_pointer(whole + 8), data.size(), whole + 8, false);
        ok = hand_over(p, data.data(), static_cast<uint32_t>(data.size()), type == kCertTypeX509 ? kX509 : kX509 | kPkcs7,
                       enc, size, out);
      }
      if (whole) p.heap.free(whole);
    }
  }
  p.heap.free(header);
  p.heap.free(length);
  if (opened) k32(p, "CloseHandle", {h});
  return ok;
}

uint32_t le32(const Bytes& b, size_t at) {
  return uint32_t{b[at]} | uint32_t{b[at + 1]} << 8 | uint32_t{b[at + 2]} << 16 | uint32_t{b[at + 3]} << 24;
}

// A cabinet's signature: the CFHEADER (36 bytes; flags at 30, RESERVE_PRESENT 4), its reserved
// sizes (the header's at 36), and in the reserved area {.., offset at 4, size at 8}.
BOOL cabinet_signed_data(WindowsProcess& p, uint64_t info, Ptr enc, Ptr size, Ptr out) {
  auto file = subject_bytes(p, info);
  if (!file) return FALSE;
  const Bytes& b = *file;
  if (b.size() < 36 + 4 + 12 || std::memcmp(b.data(), "MSCF", 4) != 0) return fail(p, kTrustESubjectFormUnknown);
  if (b[25] > 1 || (b[25] == 1 && b[24] > 3)) return fail(p, kTrustESubjectFormUnknown);  // (a version after 1.3)
  if (!((b[30] | b[31] << 8) & 4)) return fail(p, kTrustENoSignature);
  const uint32_t reserved = b[36] | b[37] << 8;
  if (reserved < 12) return fail(p, kTrustENoSignature);
  const uint32_t offset = le32(b, 40 + 4), n = le32(b, 40 + 8);
  if (offset > b.size() || n > b.size() - offset) return fail(p, kTrustENoSignature);
  return hand_over(p, b.data() + offset, n, kX509 | kPkcs7, enc, size, out);
}

BOOL catalog_signed_data(WindowsProcess& p, uint64_t info, Ptr enc, Ptr size, Ptr out) {
  auto file = subject_bytes(p, info);
  if (!file) return FALSE;
  return hand_over(p, file->data(), static_cast<uint32_t>(file->size()), kX509 | kPkcs7, enc, size, out);
}

BOOL CryptSIPGetSignedDataMsg(WindowsProcess& p, Ptr info, Ptr enc, uint32_t index, Ptr size, Ptr out) {
  if (!info || !size) return fail(p, ERROR_INVALID_PARAMETER);
  switch (subject_kind(p, info.addr)) {
    case Subject::PeImage: return pe_signed_data(p, info.addr, enc, index, size, out);
    case Subject::Cabinet: return cabinet_signed_data(p, info.addr, enc, size, out);
    case Subject::Catalog: return catalog_signed_data(p, info.addr, enc, size, out);
    default: return fail(p, kTrustESubjectFormUnknown);
  }
}

BOOL CryptSIPPutSignedDataMsg(WindowsProcess& p, Ptr info, uint32_t, Ptr index, uint32_t n, Ptr data) {
  if (!info || (!data && n)) return fail(p, ERROR_INVALID_PARAMETER);
  if (subject_kind(p, info.addr) != Subject::PeImage) return fail(p, kTrustESubjectFormUnknown);
  bool opened = false;
  const uint64_t h = subject_handle(p, info.addr, true, opened);
  if (!is_handle(p, h)) return FALSE;
  // WIN_CERTIFICATE {dwLength, wRevision 0x200, wCertificateType PKCS_SIGNED_DATA, bytes}, padded to 8.
  const uint32_t length = (8 + n + 7) & ~7u;
  const uint64_t cert = p.heap.alloc(length, true);
  BOOL ok = FALSE;
  if (cert) {
    put<uint32_t>(cert, length);
    put<uint16_t>(cert + 4, 0x200);
    put<uint16_t>(cert + 6, kCertTypePkcsSignedData);
    if (n) std::memmove(guest_pointer(cert + 8), guest_pointer(data.addr), n);
    const uint64_t at = p.heap.alloc(4, true);
    ok = static_cast<BOOL>(imagehlp(p, "ImageAddCertificate", {h, cert, at}));
    if (ok && index) put<uint32_t>(index.addr, get<uint32_t>(at));
    p.heap.free(at);
    p.heap.free(cert);
  } else {
    p.set_last_error(ERROR_NOT_ENOUGH_MEMORY);
  }
  if (opened) k32(p, "CloseHandle", {h});
  return ok;
}

BOOL CryptSIPRemoveSignedDataMsg(WindowsProcess& p, Ptr info, uint32_t index) {
  if (!info) return fail(p, ERROR_INVALID_PARAMETER);
  if (subject_kind(p, info.addr) != Subject::PeImage) return fail(p, kTrustESubjectFormUnknown);
  bool opened = false;
  const uint64_t h = subject_handle(p, info.addr, true, opened);
  if (!is_handle(p, h)) return FALSE;
  const BOOL ok = static_cast<BOOL>(imagehlp(p, "ImageRemoveCertificate", {h, index}));
  if (opened) k32(p, "CloseHandle", {h});
  return ok;
}

// The subject's digest algorithm (SIP_SUBJECTINFO's DigestAlgorithm.pszObjId), SHA-1 by default.
std::string subject_digest_oid(WindowsProcess& p, uint64_t info) {
  const uint64_t oid = p.get_ptr(info + 6 * p.isa->ptr + 8);
  return oid ? CStr{oid}.str() : std::string(kSha1Oid);
}

// SpcPeImageData as Windows' PE package writes it (the images signtool signs carry these bytes):
// {flags: an empty BIT STRING, file [0] {SpcLink file [2] {unicode [0] ""}}}.
Bytes pe_image_data() { return {0x30, 0x09, 0x03, 0x01, 0x00, 0xA0, 0x04, 0xA2, 0x02, 0x80, 0x00}; }

BOOL CryptSIPCreateIndirectData(WindowsProcess& p, Ptr info, Ptr size, Ptr out) {
  if (!info || !size) return fail(p, ERROR_INVALID_PARAMETER);
  if (subject_kind(p, info.addr) != Subject::PeImage) return fail(p, kTrustESubjectFormUnknown);
  auto file = subject_bytes(p, info.addr);
  if (!file) return FALSE;
  const auto layout = crypt32::pe_layout(*file);
  if (!layout) return fail(p, kTrustESubjectFormUnknown);
  const std::string oid = subject_digest_oid(p, info.addr);
  const auto digest = pe_digest(*file, *layout, oid);
  if (!digest) return fail(p, 0x80091002);  // NTE_BAD_ALGID … CRYPT_E_UNKNOWN_ALGO
  // SIP_INDIRECT_DATA {Data {pszObjId, Value}, DigestAlgorithm {pszObjId, Parameters}, Digest}.
  const unsigned w = p.isa->ptr;
  crypt32::stores::GuestBlock b(w);
  const size_t top = b.reserve(8 * w);
  b.pointer(top, b.append_string(kPeImageDataOid));
  b.blob(top + w, pe_image_data());
  b.pointer(top + 3 * w, b.append_string(oid));
  b.blob(top + 6 * w, *digest);
  const uint32_t needed = static_cast<uint32_t>(b.size());
  if (!out) {
    put<uint32_t>(size.addr, needed);
    return TRUE;
  }
  if (get<uint32_t>(size.addr) < needed) {
    put<uint32_t>(size.addr, needed);
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  const Bytes laid = b.laid_out(out.addr);
  copy_guest(guest_pointer(out.addr), laid.data(), laid.size(), out.addr, true);
  put<uint32_t>(size.addr, needed);
  return TRUE;
}

BOOL CryptSIPVerifyIndirectData(WindowsProcess& p, Ptr info, Ptr indirect) {
  if (!info || !indirect) return fail(p, ERROR_INVALID_PARAMETER);
  if (subject_kind(p, info.addr) != Subject::PeImage) return fail(p, kTrustESubjectFormUnknown);
  auto file = subject_bytes(p, info.addr);
  if (!file) return FALSE;
  const auto layout = crypt32::pe_layout(*file);
  if (!layout) return fail(p, kTrustESubjectFormUnknown);
  const unsigned w = p.isa->ptr;
  const uint64_t oid = p.get_ptr(indirect.addr + 3 * w);
  const auto digest = pe_digest(*file, *layout, oid ? CStr{oid}.str() : std::string(kSha1Oid));
  if (!digest) return fail(p, 0x80091002);
  const uint32_t n = get<uint32_t>(indirect.addr + 6 * w);
  const uint64_t at = p.get_ptr(indirect.addr + 7 * w);
  Bytes given(at ? n : 0);
  if (!given.empty()) copy_guest(given.data(), guest_pointer(at), n, at, false);
  if (given != *digest) return fail(p, kTrustEBadDigest);
  return TRUE;
}

}  // namespace

const std::vector<Export>& subject_package_exports() {
  static const std::vector<Export> e = {
      EXPORT("CryptSIPGetSignedDataMsg", CryptSIPGetSignedDataMsg),
      EXPORT("CryptSIPPutSignedDataMsg", CryptSIPPutSignedDataMsg),
      EXPORT("CryptSIPRemoveSignedDataMsg", CryptSIPRemoveSignedDataMsg),
      EXPORT("CryptSIPCreateIndirectData", CryptSIPCreateIndirectData),
      EXPORT("CryptSIPVerifyIndirectData", CryptSIPVerifyIndirectData),
  };
  return e;
}

}  // namespace polyrun::shims::wintrust
