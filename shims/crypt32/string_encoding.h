// CRYPT32's text forms of binary data (CryptStringToBinary, CryptBinaryToString): base64 with or
// without a PEM header, and hexadecimal. No process state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace polyrun::shims::crypt32 {

// CRYPT_STRING_* formats (wincrypt.h).
enum : uint32_t {
  kStringBase64Header = 0, kStringBase64 = 1, kStringBinary = 2, kStringBase64RequestHeader = 3,
  kStringHex = 4, kStringHexAscii = 5, kStringBase64Any = 6, kStringAny = 7, kStringHexAny = 8,
  kStringBase64X509CrlHeader = 9, kStringHexAddr = 10, kStringHexAsciiAddr = 11, kStringHexRaw = 12,
  kStringNoCrlf = 0x40000000, kStringNoCr = 0x80000000,
};

struct Decoded {
  std::vector<uint8_t> bytes;
  uint32_t skipped = 0;  // characters before the PEM header (pdwSkip)
  uint32_t format = 0;   // the format it was read as (pdwFlags)
};

// CryptStringToBinary's reading of `text` (one byte a character; wide strings are narrowed first)
// in `format` (the low bits of dwFlags); nullopt when it is not in that format.
std::optional<Decoded> string_to_binary(const std::string& text, uint32_t format);

// CryptBinaryToString's text (without its NUL) in `flags`' format, with its line ends; nullopt for
// a format polyrun does not write.
std::optional<std::string> binary_to_string(const uint8_t* data, size_t size, uint32_t flags);

// Every certificate of a PEM file's text ("-----BEGIN CERTIFICATE-----" blocks), decoded.
std::vector<std::vector<uint8_t>> pem_certificates(const std::string& text);

}  // namespace polyrun::shims::crypt32
