#include "shims/crypt32/string_encoding.h"

#include <cstring>

namespace polyrun::shims::crypt32 {

namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Plain base64 (blanks between the characters ignored, '=' padding only at the end).
std::optional<std::vector<uint8_t>> base64(const std::string& s, size_t from, size_t to) {
  std::vector<uint8_t> out;
  uint32_t acc = 0;
  int bits = 0, pad = 0;
  for (size_t i = from; i < to; ++i) {
    const char c = s[i];
    if (blank(c)) continue;
    if (c == '=') {
      ++pad;
      continue;
    }
    const int v = base64_value(c);
    if (v < 0 || pad) return std::nullopt;
    acc = acc << 6 | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
    }
  }
  if (pad > 2) return std::nullopt;
  return out;
}

// "-----BEGIN X-----" … "-----END X-----": the base64 between, and where the header starts.
std::optional<Decoded> with_header(const std::string& s) {
  const size_t begin = s.find("-----BEGIN ");
  if (begin == std::string::npos) return std::nullopt;
  const size_t header_end = s.find("-----", begin + 11);
  if (header_end == std::string::npos) return std::nullopt;
  const size_t body = header_end + 5;
  const size_t end = s.find("-----END ", body);
  if (end == std::string::npos) return std::nullopt;
  auto bytes = base64(s, body, end);
  if (!bytes) return std::nullopt;
  Decoded d;
  d.bytes = std::move(*bytes);
  d.skipped = static_cast<uint32_t>(begin);
  d.format = kStringBase64Header;
  return d;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Hexadecimal pairs, blanks between pairs allowed (not inside one).
std::optional<std::vector<uint8_t>> hex(const std::string& s) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < s.size();) {
    if (blank(s[i])) {
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) return std::nullopt;
    const int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
    i += 2;
  }
  return out;
}

std::optional<Decoded> plain(std::optional<std::vector<uint8_t>> bytes, uint32_t format) {
  if (!bytes) return std::nullopt;
  Decoded d;
  d.bytes = std::move(*bytes);
  d.format = format;
  return d;
}

}  // namespace

std::optional<Decoded> string_to_binary(const std::string& text, uint32_t format) {
  switch (format) {
    case kStringBase64Header:
    case kStringBase64RequestHeader:
    case kStringBase64X509CrlHeader: {
      auto d = with_header(text);
      if (d) d->format = format;
      return d;
    }
    case kStringBase64: return plain(base64(text, 0, text.size()), kStringBase64);
    case kStringBinary: return plain(std::vector<uint8_t>(text.begin(), text.end()), kStringBinary);
    case kStringHex:
    case kStringHexRaw: return plain(hex(text), format);
    case kStringBase64Any:
    case kStringAny: {
      if (auto d = with_header(text)) return d;
      if (auto d = plain(base64(text, 0, text.size()), kStringBase64)) return d;
      if (format == kStringAny) return plain(std::vector<uint8_t>(text.begin(), text.end()), kStringBinary);
      return std::nullopt;
    }
    case kStringHexAny: return plain(hex(text), kStringHex);
    default: return std::nullopt;
  }
}

std::optional<std::string> binary_to_string(const uint8_t* data, size_t size, uint32_t flags) {
  const uint32_t format = flags & 0xffff;
  const std::string eol = flags & kStringNoCrlf ? "" : flags & kStringNoCr ? "\n" : "\r\n";
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static const char digits[] = "0123456789abcdef";
  auto encode64 = [&] {
    std::string out, line;
    for (size_t i = 0; i < size; i += 3) {
      const uint32_t n = static_cast<uint32_t>(data[i]) << 16 | (i + 1 < size ? data[i + 1] << 8 : 0) |
                         (i + 2 < size ? data[i + 2] : 0);
      line += b64[n >> 18 & 63];
      line += b64[n >> 12 & 63];
      line += i + 1 < size ? b64[n >> 6 & 63] : '=';
      line += i + 2 < size ? b64[n & 63] : '=';
      if (line.size() == 64) {
        out += line + eol;
        line.clear();
      }
    }
    if (!line.empty()) out += line + eol;
    return out;
  };
  switch (format) {
    case kStringBase64: return encode64();
    case kStringBase64Header:
      return "-----BEGIN CERTIFICATE-----" + eol + encode64() + "-----END CERTIFICATE-----" + eol;
    case kStringBase64RequestHeader:
      return "-----BEGIN NEW CERTIFICATE REQUEST-----" + eol + encode64() + "-----END NEW CERTIFICATE REQUEST-----" + eol;
    case kStringBase64X509CrlHeader:
      return "-----BEGIN X509 CRL-----" + eol + encode64() + "-----END X509 CRL-----" + eol;
    case kStringBinary: return std::string(reinterpret_cast<const char*>(data), size);
    case kStringHexRaw: {
      std::string out;
      for (size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
      }
      return out + eol;
    }
    default: return std::nullopt;
  }
}

std::vector<std::vector<uint8_t>> pem_certificates(const std::string& text) {
  std::vector<std::vector<uint8_t>> out;
  static const char kBegin[] = "-----BEGIN CERTIFICATE-----", kEnd[] = "-----END CERTIFICATE-----";
  for (size_t at = text.find(kBegin); at != std::string::npos; at = text.find(kBegin, at)) {
    const size_t body = at + std::strlen(kBegin);
    const size_t end = text.find(kEnd, body);
    if (end == std::string::npos) break;
    if (auto bytes = base64(text, body, end)) out.push_back(std::move(*bytes));
    at = end + std::strlen(kEnd);
  }
  return out;
}

}  // namespace polyrun::shims::crypt32
