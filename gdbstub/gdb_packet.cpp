#include "gdbstub/gdb_packet.h"

#include <cstdio>

namespace polyrun::gdb {

uint8_t checksum(const std::string& data) {
  unsigned sum = 0;
  for (unsigned char c : data) sum += c;
  return static_cast<uint8_t>(sum);
}

std::string escape_binary(const std::string& raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c == '#' || c == '$' || c == '}' || c == '*') {
      out += '}';
      out += static_cast<char>(c ^ 0x20);
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape_binary(const std::string& escaped) {
  std::string out;
  out.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '}' && i + 1 < escaped.size()) out += static_cast<char>(escaped[++i] ^ 0x20);
    else out += escaped[i];
  }
  return out;
}

std::string frame(const std::string& data) {
  char cs[4];
  std::snprintf(cs, sizeof cs, "%02x", checksum(data));
  return "$" + data + "#" + cs;
}

std::string to_hex(const void* data, size_t len) {
  static const char digits[] = "0123456789abcdef";
  const auto* p = static_cast<const uint8_t*>(data);
  std::string out(len * 2, '0');
  for (size_t i = 0; i < len; ++i) {
    out[2 * i] = digits[p[i] >> 4];
    out[2 * i + 1] = digits[p[i] & 15];
  }
  return out;
}

static int digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool from_hex(const std::string& hex, std::vector<uint8_t>& out) {
  if (hex.size() % 2) return false;
  out.clear();
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return true;
}

bool parse_hex(const std::string& s, uint64_t& out) {
  if (s.empty() || s.size() > 16) return false;
  uint64_t v = 0;
  for (char c : s) {
    int d = digit(c);
    if (d < 0) return false;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  out = v;
  return true;
}

std::string hex_number(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "%llx", static_cast<unsigned long long>(v));
  return b;
}

void PacketReader::feed(const char* bytes, size_t n) { buf_.append(bytes, n); }

std::optional<PacketReader::Event> PacketReader::next() {
  while (!buf_.empty()) {
    char c = buf_[0];
    if (c == '+') {
      buf_.erase(0, 1);
      return Event{Event::Ack, {}};
    }
    if (c == '-') {
      buf_.erase(0, 1);
      return Event{Event::Nak, {}};
    }
    if (c == 0x03) {
      buf_.erase(0, 1);
      return Event{Event::Interrupt, {}};
    }
    if (c != '$') {  // noise between packets
      buf_.erase(0, 1);
      continue;
    }
    // `$`, the data (where `}` escapes the next byte, which may be `#`), `#` and two digits.
    size_t i = 1;
    while (i < buf_.size() && buf_[i] != '#') i += buf_[i] == '}' ? 2 : 1;
    if (i + 2 >= buf_.size()) return std::nullopt;  // incomplete
    std::string data = buf_.substr(1, i - 1);
    uint64_t sum = 0;
    bool ok = parse_hex(buf_.substr(i + 1, 2), sum) && sum == checksum(data);
    buf_.erase(0, i + 3);
    return Event{ok ? Event::Packet : Event::BadChecksum, ok ? data : std::string()};
  }
  return std::nullopt;
}

}  // namespace polyrun::gdb
