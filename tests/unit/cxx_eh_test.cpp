// Decoding __CxxFrameHandler4's compressed tables (the format MSVC 2019 and later emit on x64):
// tables are encoded here by the rules of that format and must decode to what was encoded.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "shims/msvcrt/cxx_eh.h"

namespace polyrun::shims::cxx {
namespace {

// An image: tables at chosen offsets (RVAs) in one buffer.
struct Image {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(0x1000, 0);
  uint64_t base() const { return reinterpret_cast<uint64_t>(bytes.data()); }
  uint32_t at = 0;  // where the next put goes
  void put8(uint32_t v) { bytes[at++] = static_cast<uint8_t>(v); }
  void put32(int32_t v) {
    std::memcpy(&bytes[at], &v, 4);
    at += 4;
  }
  // 1 to 5 bytes; the count of low one bits of the first byte is the length minus one.
  void compressed(uint32_t v) {
    if (v < (1u << 7)) {
      put8(v << 1);
    } else if (v < (1u << 14)) {
      put8((v << 2) | 1);
      put8(v >> 6);
    } else if (v < (1u << 21)) {
      put8((v << 3) | 3);
      put8(v >> 5);
      put8(v >> 13);
    } else if (v < (1u << 28)) {
      put8((v << 4) | 7);
      put8(v >> 4);
      put8(v >> 12);
      put8(v >> 20);
    } else {
      put8(15);
      put32(static_cast<int32_t>(v));
    }
  }
};

TEST(CxxFrameHandler4, DecodesEveryTable) {
  Image img;
  constexpr uint32_t kFunc = 0x100, kUnwind = 0x200, kTry = 0x300, kHandlers = 0x380, kIp = 0x400;
  // FuncInfo4: catch funclet tables with an unwind map and a try block map.
  img.at = 0x10;
  img.put8(0x01 | 0x08 | 0x10);
  img.put32(kUnwind);
  img.put32(kTry);
  img.put32(kIp);
  img.compressed(0x30);  // dispFrame
  // Unwind map: state 0 runs a funclet and leads to -1; state 1 destroys an object at frame+0x28
  // and leads to 0; state 2 destroys the object frame+300 points to and leads to 1.
  img.at = kUnwind;
  img.compressed(3);
  uint32_t e0 = img.at;
  img.compressed((1u << 2) | 3);  // back 1 byte: before the first entry
  img.put32(0x1000);
  uint32_t e1 = img.at;
  img.compressed(((e1 - e0) << 2) | 1);
  img.put32(0x1100);
  img.compressed(0x28);
  uint32_t e2 = img.at;
  img.compressed(((e2 - e1) << 2) | 2);
  img.put32(0x1200);
  img.compressed(300);
  // One try block (state 1, catches up to state 2) with two clauses.
  img.at = kTry;
  img.compressed(1);
  img.compressed(1);
  img.compressed(1);
  img.compressed(2);
  img.put32(kHandlers);
  img.at = kHandlers;
  img.compressed(2);
  img.put8(0x01 | 0x02 | 0x04 | 0x10);  // adjectives, type, catch object, one continuation
  img.compressed(8);
  img.put32(0x2000);
  img.compressed(0x40);
  img.put32(0x1300);
  img.compressed(0x50);
  img.put8(0);  // catch (...)
  img.put32(0x1400);
  // IP-to-state map: deltas of every encoded length; states stored plus one.
  img.at = kIp;
  const uint32_t deltas[] = {4, 0x10, 0x4000, 0x300000, 0x10000000};
  const int32_t states[] = {-1, 1, 2, 0, 2};
  img.compressed(5);
  for (int i = 0; i < 5; ++i) {
    img.compressed(deltas[i]);
    img.compressed(static_cast<uint32_t>(states[i] + 1));
  }

  FuncInfo f;
  ASSERT_TRUE(read_func_info4(img.base() + 0x10, img.base(), kFunc, &f));
  EXPECT_TRUE(f.is_catch);
  EXPECT_EQ(f.disp_frame, 0x30u);

  ASSERT_EQ(f.unwind.size(), 3u);
  EXPECT_EQ(f.unwind[0].kind, UnwindEntry::Funclet);
  EXPECT_EQ(f.unwind[0].action, img.base() + 0x1000);
  EXPECT_EQ(f.unwind[0].to_state, -1);
  EXPECT_EQ(f.unwind[1].kind, UnwindEntry::DtorOfObject);
  EXPECT_EQ(f.unwind[1].object, 0x28u);
  EXPECT_EQ(f.unwind[1].to_state, 0);
  EXPECT_EQ(f.unwind[2].kind, UnwindEntry::DtorOfPointer);
  EXPECT_EQ(f.unwind[2].action, img.base() + 0x1200);
  EXPECT_EQ(f.unwind[2].object, 300u);
  EXPECT_EQ(f.unwind[2].to_state, 1);

  ASSERT_EQ(f.tries.size(), 1u);
  EXPECT_EQ(f.tries[0].low, 1);
  EXPECT_EQ(f.tries[0].high, 1);
  EXPECT_EQ(f.tries[0].catch_high, 2);
  ASSERT_EQ(f.tries[0].handlers.size(), 2u);
  const Handler& h = f.tries[0].handlers[0];
  EXPECT_EQ(h.adjectives, 8u);
  EXPECT_EQ(h.type, img.base() + 0x2000);
  EXPECT_EQ(h.disp_catch, 0x40);
  EXPECT_EQ(h.address, img.base() + 0x1300);
  ASSERT_EQ(h.ncont, 1u);
  EXPECT_EQ(h.cont[0], img.base() + kFunc + 0x50);
  EXPECT_EQ(f.tries[0].handlers[1].type, 0u);
  EXPECT_EQ(f.tries[0].handlers[1].address, img.base() + 0x1400);

  ASSERT_EQ(f.ip_states.size(), 5u);
  uint64_t ip = img.base() + kFunc;
  for (int i = 0; i < 5; ++i) {
    ip += deltas[i];
    EXPECT_EQ(f.ip_states[i].first, ip) << i;
    EXPECT_EQ(f.ip_states[i].second, states[i]) << i;
  }
  EXPECT_EQ(state_at(f, img.base() + kFunc), -1);
  EXPECT_EQ(state_at(f, img.base() + kFunc + 0x14), 1);
  EXPECT_EQ(state_at(f, img.base() + kFunc + 0x4013), 1);
  EXPECT_EQ(state_at(f, img.base() + kFunc + 0x4014), 2);
}

TEST(CxxFrameHandler4, RefusesTheReservedHeaderBit) {
  Image img;
  img.put8(0x80);
  img.put32(0);
  FuncInfo f;
  EXPECT_FALSE(read_func_info4(img.base(), img.base(), 0, &f));
}

}  // namespace
}  // namespace polyrun::shims::cxx
