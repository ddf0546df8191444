// CRYPT32's CryptDecodeObjectEx and CryptDecodeObject: DER into CryptoAPI's structures, laid out in
// the program's memory for its pointer width.
//
// der_structures.cpp's table names each structure type polyrun decodes (by its X509_* / PKCS_*
// number and by the OIDs that name the same structure) with its decoder. A type outside the table stops the program
// with the unimplemented line (its name or number in it), as an unimplemented function does.
// Blobs point into the caller's encoded bytes under CRYPT_DECODE_NOCOPY_FLAG, as on Windows, and
// are copied after the structure otherwise; integers are little-endian, as CryptoAPI keeps them.
// The result goes to the caller's buffer with the usual size protocol, or, under
// CRYPT_DECODE_ALLOC_FLAG, to a block of LocalAlloc's (or the CRYPT_DECODE_PARA's allocator).
#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/der_structures.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace decoding {
namespace {

using stores::GuestBlock;

constexpr uint32_t kDecodeNoCopy = 0x1, kDecodeAlloc = 0x8000;

const StructureType* find_type(uint64_t type_arg, std::string& shown) {
  if (type_arg < 0x10000) {
    shown = std::to_string(type_arg);
    return type_arg ? find_structure_type(type_arg, "") : nullptr;
  }
  shown = CStr{type_arg}.str();
  return find_structure_type(0, shown);
}

BOOL decode(WindowsProcess& p, uint32_t encoding, Ptr type, Ptr encoded, uint32_t size, uint32_t flags, Ptr para,
            Ptr out, Ptr out_size) {
  if (!out_size) return fail(p, ERROR_INVALID_PARAMETER);
  if (!(encoding & (stores::kX509Encoding | stores::kPkcs7Encoding)) && encoding != 0)
    return fail(p, ERROR_FILE_NOT_FOUND);  // (no decoder for that encoding, as Windows says)
  if (!encoded || !size) return fail(p, kAsn1Eod);
  std::string shown;
  const StructureType* t = find_type(type.addr, shown);
  if (!t) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: CRYPT32.dll!CryptDecodeObjectEx of structure type %s\n",
                 shown.c_str());
    p.terminate(127);
    return FALSE;
  }
  Bytes bytes(size);
  copy_guest(bytes.data(), guest_pointer(encoded.addr), size, encoded.addr, false);
  GuestBlock b(p.isa->ptr);
  const DerInput in{bytes.data(), bytes.size(), encoded.addr, (flags & kDecodeNoCopy) != 0};
  if (uint32_t err = t->decode(b, in)) return fail(p, err);
  return stores::hand_out(p, flags & kDecodeAlloc, para, out, out_size, b);
}

BOOL CryptDecodeObjectEx(WindowsProcess& p, uint32_t encoding, Ptr type, Ptr encoded, uint32_t size, uint32_t flags,
                         Ptr para, Ptr out, Ptr out_size) {
  return decode(p, encoding, type, encoded, size, flags, para, out, out_size);
}

BOOL CryptDecodeObject(WindowsProcess& p, uint32_t encoding, Ptr type, Ptr encoded, uint32_t size, uint32_t flags,
                       Ptr out, Ptr out_size) {
  return decode(p, encoding, type, encoded, size, flags & ~kDecodeAlloc, Ptr(0), out, out_size);
}

}  // namespace
}  // namespace decoding

const std::vector<Export>& decoding_exports() {
  using namespace decoding;
  static const std::vector<Export> exports = {
      EXPORT("CryptDecodeObject", CryptDecodeObject),
      EXPORT("CryptDecodeObjectEx", CryptDecodeObjectEx),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
