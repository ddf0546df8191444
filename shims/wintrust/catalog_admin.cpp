// WINTRUST.dll: the catalog administrator (CryptCATAdmin*) — contexts, a file's hash as catalogs
// list it (a PE image's Authenticode digest, any other file's digest whole, as Windows' subject
// interface packages make them), the catalogs that hold a hash (polyrun's system has none
// installed), and IsCatalogFile.
#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/wintrust/authenticode.h"
#include "shims/wintrust/wintrust.h"

namespace polyrun::shims::wintrust {

namespace {

// A context: the magic "CATA" and the hash algorithm's OID index (0 SHA-1, 1 SHA-256).
constexpr uint32_t kAdminMagic = 0x43415441;

bool is_admin(uint64_t h) { return h && get<uint32_t>(h) == kAdminMagic; }

BOOL acquire(WindowsProcess& p, uint64_t out, uint32_t algorithm) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  const uint64_t h = p.heap.alloc(16, true);
  if (!h) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  put<uint32_t>(h, kAdminMagic);
  put<uint32_t>(h + 4, algorithm);
  p.put_ptr(out, h);
  return TRUE;
}

// CryptCATAdminAcquireContext(out, subsystem, flags): SHA-1 hashes.
BOOL CryptCATAdminAcquireContext(WindowsProcess& p, Ptr out, Ptr, uint32_t) { return acquire(p, out.addr, 0); }

// CryptCATAdminAcquireContext2(out, subsystem, algorithm, policy, flags): L"SHA1" or L"SHA256"
// (NULL: SHA-1); another algorithm is NTE_BAD_ALGID.
BOOL CryptCATAdminAcquireContext2(WindowsProcess& p, Ptr out, Ptr, Ptr algorithm, Ptr, uint32_t) {
  uint32_t alg = 0;
  if (algorithm) {
    const std::u16string name(algorithm.as<const char16_t>());
    std::string a = utf16_to_utf8(name);
    for (char& c : a) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (a == "SHA256") alg = 1;
    else if (a != "SHA1") return fail(p, 0x80090008);  // NTE_BAD_ALGID
  }
  return acquire(p, out.addr, alg);
}

BOOL CryptCATAdminReleaseContext(WindowsProcess& p, Ptr admin, uint32_t) {
  if (!is_admin(admin.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint32_t>(admin.addr, 0);
  p.heap.free(admin.addr);
  return TRUE;
}

// The file's hash: its Authenticode digest when it is a PE image, else the digest of its bytes.
BOOL calc_hash(WindowsProcess& p, uint64_t file, uint64_t size_slot, uint64_t out, const char* oid) {
  if (!size_slot || !file || file == (p.isa->ptr == 4 ? 0xffffffffull : ~0ull)) return fail(p, ERROR_INVALID_PARAMETER);
  const int fd = p.fd_for_handle(file);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  Bytes data = read_whole(fd);
  std::optional<Bytes> digest;
  if (const auto layout = crypt32::pe_layout(data)) digest = pe_digest(data, *layout, oid);
  else digest = crypt32::digest_of(data.data(), data.size(), oid);
  if (!digest) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t room = get<uint32_t>(size_slot);
  put<uint32_t>(size_slot, static_cast<uint32_t>(digest->size()));
  if (!out) {  // the size alone: TRUE, with ERROR_INSUFFICIENT_BUFFER as the last error (as wine 8.0)
    p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return TRUE;
  }
  if (room < digest->size()) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(guest_pointer(out), digest->data(), digest->size());
  return TRUE;
}

BOOL CryptCATAdminCalcHashFromFileHandle(WindowsProcess& p, Ptr file, Ptr size, Ptr hash, uint32_t flags) {
  if (flags) return fail(p, ERROR_INVALID_PARAMETER);
  return calc_hash(p, file.addr, size.addr, hash.addr, kSha1Oid);
}
BOOL CryptCATAdminCalcHashFromFileHandle2(WindowsProcess& p, Ptr admin, Ptr file, Ptr size, Ptr hash, uint32_t flags) {
  if (!is_admin(admin.addr) || flags) return fail(p, ERROR_INVALID_PARAMETER);
  return calc_hash(p, file.addr, size.addr, hash.addr, get<uint32_t>(admin.addr + 4) ? kSha256Oid : kSha1Oid);
}

// CryptCATAdminEnumCatalogFromHash(admin, hash, size, flags, previous): the next catalog that lists
// the hash; none is installed, so NULL and ERROR_FILE_NOT_FOUND (no catalog file found, as wine 8.0
// answers on a system without catalogs).
Ptr CryptCATAdminEnumCatalogFromHash(WindowsProcess& p, Ptr admin, Ptr hash, uint32_t size, uint32_t flags, Ptr) {
  if (!is_admin(admin.addr) || !hash || !size || flags) {
    fail(p, ERROR_INVALID_PARAMETER);
    return Ptr(0);
  }
  fail(p, ERROR_FILE_NOT_FOUND);
  return Ptr(0);
}

// A catalog context is never handed out (EnumCatalogFromHash finds none): anything else is no
// context of this administrator's.
BOOL CryptCATAdminReleaseCatalogContext(WindowsProcess& p, Ptr admin, Ptr info, uint32_t) {
  if (!is_admin(admin.addr) || !info) return fail(p, ERROR_INVALID_PARAMETER);
  return fail(p, ERROR_INVALID_PARAMETER);
}

// IsCatalogFile(handle, name): whether the file is a PKCS #7 SignedData whose content is a
// certificate trust list (szOID_CTL), as a catalog is.
BOOL IsCatalogFile(WindowsProcess& p, Ptr handle, Ptr name) {
  int fd = -1;
  bool own = false;
  if (handle && handle.addr != (p.isa->ptr == 4 ? 0xffffffffull : ~0ull)) {
    fd = p.fd_for_handle(handle.addr);
  } else if (name) {
    const std::string path = utf16_to_utf8(std::u16string(name.as<const char16_t>()));
    fd = ::open(windows_to_host_path(windows_full_path(path)).c_str(), O_RDONLY | O_CLOEXEC);
    own = true;
  }
  if (fd < 0) return FALSE;
  Bytes data = read_whole(fd);
  if (own) ::close(fd);
  const auto message = crypt32::parse_signed_data(data);
  return message && message->content_type == "1.3.6.1.4.1.311.10.1" ? TRUE : FALSE;
}

}  // namespace

const std::vector<Export>& catalog_admin_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CryptCATAdminAcquireContext", CryptCATAdminAcquireContext),
      EXPORT("CryptCATAdminAcquireContext2", CryptCATAdminAcquireContext2),
      EXPORT("CryptCATAdminReleaseContext", CryptCATAdminReleaseContext),
      EXPORT("CryptCATAdminCalcHashFromFileHandle", CryptCATAdminCalcHashFromFileHandle),
      EXPORT("CryptCATAdminCalcHashFromFileHandle2", CryptCATAdminCalcHashFromFileHandle2),
      EXPORT("CryptCATAdminEnumCatalogFromHash", CryptCATAdminEnumCatalogFromHash),
      EXPORT("CryptCATAdminReleaseCatalogContext", CryptCATAdminReleaseCatalogContext),
      EXPORT("IsCatalogFile", IsCatalogFile),
  };
  return exports;
}

}  // namespace polyrun::shims::wintrust
