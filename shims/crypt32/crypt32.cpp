// CRYPT32.dll: certificate stores and contexts (cert_stores.cpp), and here CryptStringToBinary and
// CryptBinaryToString over crypt32/string_encoding.h.
#include "shims/crypt32/exports.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/messages.h"

#include <cstring>

#include "common/log.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/string_encoding.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace strings {
namespace {

constexpr uint32_t kErrorInvalidData = 13, kErrorMoreData = 234;  // (ERROR_INVALID_DATA, ERROR_MORE_DATA)

// The string argument: `length` characters, or up to the NUL when 0.
template <typename Char>
std::string narrow_text(Ptr text, uint32_t length) {
  std::string out;
  for (uint32_t i = 0; length == 0 || i < length; ++i) {
    const Char c = get<Char>(text.addr + i * sizeof(Char));
    if (length == 0 && c == 0) break;
    out.push_back(static_cast<char>(c));  // (every format's characters are ASCII)
  }
  return out;
}

template <typename Char>
BOOL to_binary(WindowsProcess& p, Ptr text, uint32_t length, uint32_t flags, Ptr out, Ptr size, Ptr skip,
                      Ptr used) {
  if (!text || !size) return fail(p, ERROR_INVALID_PARAMETER);
  auto d = crypt32::string_to_binary(narrow_text<Char>(text, length), flags & 0xffff);
  if (!d) return fail(p, kErrorInvalidData);
  // (too small a buffer: ERROR_INSUFFICIENT_BUFFER, the size left as it was, as wine's tests
  // against Windows have it)
  if (out && get<uint32_t>(size.addr) < d->bytes.size()) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  put<uint32_t>(size.addr, static_cast<uint32_t>(d->bytes.size()));
  if (out && !d->bytes.empty()) copy_guest(guest_pointer(out.addr), d->bytes.data(), d->bytes.size(), out.addr, true);
  put<uint32_t>(skip.addr, d->skipped);
  put<uint32_t>(used.addr, d->format);
  return TRUE;
}

BOOL CryptStringToBinaryA(WindowsProcess& p, Ptr text, uint32_t length, uint32_t flags, Ptr out, Ptr size, Ptr skip,
                          Ptr used) {
  return to_binary<char>(p, text, length, flags, out, size, skip, used);
}
BOOL CryptStringToBinaryW(WindowsProcess& p, Ptr text, uint32_t length, uint32_t flags, Ptr out, Ptr size, Ptr skip,
                          Ptr used) {
  return to_binary<char16_t>(p, text, length, flags, out, size, skip, used);
}

// CryptBinaryToString's sizes: without a buffer, the characters with the NUL; with one, those
// written without it (and ERROR_MORE_DATA when it is too small). BINARY has no NUL at all.
template <typename Char>
BOOL to_text(WindowsProcess& p, Ptr data, uint32_t n, uint32_t flags, Ptr out, Ptr size) {
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint8_t> bytes(n);
  if (n) copy_guest(bytes.data(), guest_pointer(data.addr), n, data.addr, false);
  auto text = crypt32::binary_to_string(bytes.data(), bytes.size(), flags);
  if (!text) {
    polyrun::log().warn("CRYPT32: CryptBinaryToString format {} is not supported", flags & 0xffff);
    return fail(p, ERROR_INVALID_PARAMETER);
  }
  const bool binary = (flags & 0xffff) == crypt32::kStringBinary;
  const uint32_t needed = static_cast<uint32_t>(text->size() + (binary ? 0 : 1));
  if (!out) {
    put<uint32_t>(size.addr, needed);
    return TRUE;
  }
  const uint32_t room = get<uint32_t>(size.addr);
  if (room < needed) {
    put<uint32_t>(size.addr, needed);
    return fail(p, kErrorMoreData);
  }
  for (size_t i = 0; i < text->size(); ++i)
    put<Char>(out.addr + i * sizeof(Char), static_cast<Char>(static_cast<unsigned char>((*text)[i])));
  if (!binary) put<Char>(out.addr + text->size() * sizeof(Char), 0);
  put<uint32_t>(size.addr, static_cast<uint32_t>(text->size()));
  return TRUE;
}

BOOL CryptBinaryToStringA(WindowsProcess& p, Ptr data, uint32_t n, uint32_t flags, Ptr out, Ptr size) {
  return to_text<char>(p, data, n, flags, out, size);
}
BOOL CryptBinaryToStringW(WindowsProcess& p, Ptr data, uint32_t n, uint32_t flags, Ptr out, Ptr size) {
  return to_text<char16_t>(p, data, n, flags, out, size);
}

std::vector<Export> all_exports() {
  std::vector<Export> out = {
      EXPORT("CryptBinaryToStringA", CryptBinaryToStringA),
      EXPORT("CryptBinaryToStringW", CryptBinaryToStringW),
      EXPORT("CryptStringToBinaryA", CryptStringToBinaryA),
      EXPORT("CryptStringToBinaryW", CryptStringToBinaryW),
  };
  for (const auto* part : {&certificate_exports(), &chain_exports(), &decoding_exports(), &query_exports(), &pfx_exports(),
                           &message_exports(), &helper_exports(), &dpapi_exports(),
                           &str_to_name_exports(), &oid_info_exports(), &encoding_exports(), &store_location_exports(), &formatting_exports(), &public_key_exports(), &certificate_key_exports(), &pfx_export_exports(), &message_encoding_exports(), &subject_package_exports(), &list_context_exports(), &revocation_list_exports(), &trust_list_exports()}) out.insert(out.end(), part->begin(), part->end());
  return out;
}

}  // namespace
}  // namespace strings
}  // namespace polyrun::shims::crypt32

namespace polyrun::shims {

const Dll kCrypt32{"crypt32.dll", false, crypt32::strings::all_exports()};

}  // namespace polyrun::shims
