// The GDB remote serial protocol's framing: `$data#cs` packets with a modulo-256 checksum, `}`
// escapes (the byte XOR 0x20) for `#`, `$`, `}` and `*` in binary data, `+`/`-` acknowledgements
// and the interrupt byte 0x03 outside packets; hexadecimal helpers for the packets' contents.
// No sockets here: the server feeds bytes in and takes frames out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace polyrun::gdb {

// The modulo-256 sum of the bytes.
uint8_t checksum(const std::string& data);

// `$data#cs`. Binary contents (memory, qXfer data) must be escaped first (escape_binary); text
// packets never hold `#`, `$`, `}` or `*`.
std::string frame(const std::string& data);

// Escapes binary data (memory in an X packet, qXfer contents).
std::string escape_binary(const std::string& raw);
// Undoes escape_binary.
std::string unescape_binary(const std::string& escaped);

// Bytes as two lowercase hex digits each, and back (false on an odd length or a non-hex digit).
std::string to_hex(const void* data, size_t len);
inline std::string to_hex(const std::string& s) { return to_hex(s.data(), s.size()); }
bool from_hex(const std::string& hex, std::vector<uint8_t>& out);
// A number in hex (as packets carry addresses, lengths, thread ids); false if empty or not hex.
bool parse_hex(const std::string& s, uint64_t& out);
std::string hex_number(uint64_t v);

// Splits incoming bytes into what the protocol says.
class PacketReader {
 public:
  struct Event {
    enum Kind { Packet, Interrupt, Ack, Nak, BadChecksum } kind;
    std::string data;  // Packet: the contents between `$` and `#` (still escaped)
  };
  // Feeds bytes; complete events come out of next().
  void feed(const char* bytes, size_t n);
  std::optional<Event> next();

 private:
  std::string buf_;
};

}  // namespace polyrun::gdb
