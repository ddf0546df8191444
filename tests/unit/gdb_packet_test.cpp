// The gdb stub's packet layer: checksums, framing, binary escapes, hex, and splitting a byte
// stream into packets, acknowledgements and the interrupt byte; gdb's signal numbers.
#include <gtest/gtest.h>

#include <csignal>

#include "gdbstub/gdb_packet.h"
#include "gdbstub/gdb_server.h"

using namespace polyrun::gdb;

TEST(GdbPacket, ChecksumIsTheByteSumModulo256) {
  EXPECT_EQ(checksum(""), 0);
  EXPECT_EQ(checksum("OK"), 0x9a);
  EXPECT_EQ(checksum(std::string(300, '\xff')), (300 * 0xff) % 256);
}

TEST(GdbPacket, Frame) {
  EXPECT_EQ(frame("OK"), "$OK#9a");
  EXPECT_EQ(frame(""), "$#00");
  EXPECT_EQ(frame("qSupported"), "$qSupported#37");
}

TEST(GdbPacket, BinaryEscapes) {
  const std::string raw = std::string("a#b$c}d*e\x00\x7d", 11);
  const std::string esc = escape_binary(raw);
  EXPECT_EQ(esc, std::string("a}\x03" "b}\x04" "c}]d}\x0a" "e\x00}]", 16));
  EXPECT_EQ(unescape_binary(esc), raw);
  for (char c : {'#', '$', '*'}) EXPECT_EQ(escape_binary(esc).find(c), std::string::npos);
}

TEST(GdbPacket, Hex) {
  const uint8_t bytes[] = {0x00, 0x1f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(bytes, 4), "001fa0ff");
  std::vector<uint8_t> back;
  ASSERT_TRUE(from_hex("001FA0ff", back));
  EXPECT_EQ(back, std::vector<uint8_t>(bytes, bytes + 4));
  EXPECT_FALSE(from_hex("abc", back));
  EXPECT_FALSE(from_hex("zz", back));
  uint64_t v = 0;
  ASSERT_TRUE(parse_hex("1ffffffff7c8", v));
  EXPECT_EQ(v, 0x1ffffffff7c8u);
  EXPECT_FALSE(parse_hex("", v));
  EXPECT_FALSE(parse_hex("12g", v));
  EXPECT_FALSE(parse_hex("11112222333344445", v));  // 65 bits
  EXPECT_EQ(hex_number(0x4006dc), "4006dc");
}

TEST(GdbPacket, ReaderSplitsPacketsAcksAndInterrupts) {
  PacketReader r;
  const std::string in = "+$qSupported:multiprocess+#c6-\x03$g#67";
  // Byte by byte: nothing comes out before a packet is complete.
  std::vector<PacketReader::Event> events;
  for (char c : in) {
    r.feed(&c, 1);
    while (auto e = r.next()) events.push_back(*e);
  }
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].kind, PacketReader::Event::Ack);
  EXPECT_EQ(events[1].kind, PacketReader::Event::Packet);
  EXPECT_EQ(events[1].data, "qSupported:multiprocess+");
  EXPECT_EQ(events[2].kind, PacketReader::Event::Nak);
  EXPECT_EQ(events[3].kind, PacketReader::Event::Interrupt);
  EXPECT_EQ(events[4].kind, PacketReader::Event::Packet);
  EXPECT_EQ(events[4].data, "g");
}

TEST(GdbPacket, ReaderKeepsEscapedHashInsidePacket) {
  // X packet data holding `#` escaped as `}` 0x03: the packet ends at the unescaped `#`.
  const std::string data = std::string("X1000,1:}") + char('#' ^ 0x20);
  PacketReader r;
  const std::string f = frame(data);
  r.feed(f.data(), f.size());
  auto e = r.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, PacketReader::Event::Packet);
  EXPECT_EQ(e->data, data);
  EXPECT_EQ(unescape_binary(e->data.substr(8)), "#");
  EXPECT_FALSE(r.next());
}

TEST(GdbPacket, ReaderRejectsBadChecksum) {
  PacketReader r;
  const std::string in = "$OK#00$OK#9a";
  r.feed(in.data(), in.size());
  auto bad = r.next();
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->kind, PacketReader::Event::BadChecksum);
  auto good = r.next();
  ASSERT_TRUE(good);
  EXPECT_EQ(good->kind, PacketReader::Event::Packet);
  EXPECT_EQ(good->data, "OK");
}

TEST(GdbPacket, IncompletePacketWaits) {
  PacketReader r;
  r.feed("$m4006dc,4#", 11);
  EXPECT_FALSE(r.next());
  r.feed("8", 1);
  EXPECT_FALSE(r.next());
  r.feed("b", 1);
  auto e = r.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, PacketReader::Event::BadChecksum);  // (the sum is 0x7b)
}

TEST(GdbSignals, LinuxNumbersToGdbs) {
  EXPECT_EQ(gdb_signal_from_linux(SIGINT), 2);
  EXPECT_EQ(gdb_signal_from_linux(SIGTRAP), 5);
  EXPECT_EQ(gdb_signal_from_linux(SIGBUS), 10);
  EXPECT_EQ(gdb_signal_from_linux(SIGSEGV), 11);
  EXPECT_EQ(gdb_signal_from_linux(SIGUSR1), 30);
  EXPECT_EQ(gdb_signal_from_linux(SIGCHLD), 20);
  EXPECT_EQ(gdb_signal_from_linux(32), 77);
  EXPECT_EQ(gdb_signal_from_linux(34), 46);
  EXPECT_EQ(gdb_signal_from_linux(64), 78);
  for (int sig = 1; sig <= 64; ++sig)
    if (int g = gdb_signal_from_linux(sig)) {
      EXPECT_EQ(linux_signal_from_gdb(g), sig) << sig;
    }
}
