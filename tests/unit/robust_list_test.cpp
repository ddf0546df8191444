// The robust futex list a dying guest thread leaves (set_robust_list), walked as Linux walks it:
// struct robust_list_head and its links in words of the guest's width.
#include <gtest/gtest.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "memory/address_space.h"
#include "syscall-translate/linux_threads.h"

using namespace polyrun;
using namespace polyrun::mem;

namespace {

struct RobustList : ::testing::TestWithParam<unsigned> {  // the guest's word size
  // Below 4 GiB, so that one layout serves 32-bit and 64-bit words alike.
  AddressSpace as{Layout{4096, 0x10000000, 0x20000000}};
  uint64_t page = 0;
  unsigned w = GetParam();
  const pid_t tid = 4242;

  void SetUp() override {
    page = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
    ASSERT_GT(page, 0u);
    std::memset(reinterpret_cast<void*>(page), 0xa5, 4096);  // what a wrong-width read would pick up
  }
  void put_word(uint64_t at, uint64_t v) { std::memcpy(reinterpret_cast<void*>(at), &v, w); }
  uint32_t& futex(uint64_t at) { return *reinterpret_cast<uint32_t*>(at); }
  // The head at `head`: list.next, futex_offset, list_op_pending.
  void put_head(uint64_t head, uint64_t next, int64_t offset, uint64_t pending) {
    put_word(head, next);
    put_word(head + w, static_cast<uint64_t>(offset));
    put_word(head + 2 * w, pending);
  }
};

// Each lock: its futex word 8 bytes before the list entry (a negative futex_offset, as glibc's).
constexpr int64_t kOffset = -8;

TEST_P(RobustList, OwnedFutexesGetOwnerDiedOthersAreLeft) {
  const uint64_t head = page, a = page + 0x100, b = page + 0x200, c = page + 0x300;
  put_head(head, a, kOffset, 0);
  put_word(a, b);
  put_word(b, c | 1);  // c's futex is a PI futex
  put_word(c, head);
  futex(a - 8) = tid;
  futex(b - 8) = 777 | FUTEX_WAITERS;  // someone else's
  futex(c - 8) = tid | FUTEX_WAITERS;
  linux_abi::release_robust_list(as, head, w, tid, false);
  EXPECT_EQ(futex(a - 8), static_cast<uint32_t>(FUTEX_OWNER_DIED));
  EXPECT_EQ(futex(b - 8), 777u | FUTEX_WAITERS);
  EXPECT_EQ(futex(c - 8), static_cast<uint32_t>(FUTEX_OWNER_DIED | FUTEX_WAITERS));
}

TEST_P(RobustList, APendingEntryOnTheListIsReleased) {
  const uint64_t head = page, a = page + 0x100, b = page + 0x200;
  put_head(head, a, kOffset, b);
  put_word(a, b);
  put_word(b, head);
  futex(a - 8) = tid;
  futex(b - 8) = tid | FUTEX_WAITERS;
  linux_abi::release_robust_list(as, head, w, tid, false);
  EXPECT_EQ(futex(a - 8), static_cast<uint32_t>(FUTEX_OWNER_DIED));
  EXPECT_EQ(futex(b - 8), static_cast<uint32_t>(FUTEX_OWNER_DIED | FUTEX_WAITERS));
}

TEST_P(RobustList, AnEntryOutsideGuestMemoryEndsTheWalk) {
  const uint64_t head = page, a = page + 0x100, c = page + 0x300;
  put_head(head, a, kOffset, c);
  put_word(a, 0x30000000);  // not mapped
  futex(a - 8) = tid;
  futex(c - 8) = tid;
  linux_abi::release_robust_list(as, head, w, tid, false);
  EXPECT_EQ(futex(a - 8), static_cast<uint32_t>(FUTEX_OWNER_DIED));
  EXPECT_EQ(futex(c - 8), static_cast<uint32_t>(tid));  // list_op_pending is not reached either
}

TEST_P(RobustList, NoHeadOrAnUnreadableOneIsNothing) {
  futex(page + 0x100 - 8) = tid;
  put_head(page, page + 0x100, kOffset, 0);
  put_word(page + 0x100, page);
  linux_abi::release_robust_list(as, 0, w, tid, false);
  linux_abi::release_robust_list(as, 0x30000000, w, tid, false);
  EXPECT_EQ(futex(page + 0x100 - 8), static_cast<uint32_t>(tid));
}

// A host thread blocked in FUTEX_WAIT on `word` until woken (true) or 5 s have passed.
struct Waiter {
  std::atomic<pid_t> id{0};
  std::atomic<int> result{-1};
  std::thread t;
  Waiter(uint32_t* word, uint32_t expected) {
    t = std::thread([this, word, expected] {
      id = static_cast<pid_t>(::syscall(SYS_gettid));
      struct timespec limit = {5, 0};
      long r = ::syscall(SYS_futex, word, FUTEX_WAIT, expected, &limit, nullptr, 0);
      result = r == 0 ? 0 : errno;
    });
    // Asleep in the kernel (it makes no other call that sleeps).
    while (id == 0) std::this_thread::yield();
    for (;;) {
      std::ifstream stat("/proc/self/task/" + std::to_string(id.load()) + "/stat");
      std::string s((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
      size_t paren = s.rfind(')');
      if (paren != std::string::npos && paren + 2 < s.size() && s[paren + 2] == 'S') break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  bool woken() {
    t.join();
    return result == 0;
  }
};

TEST_P(RobustList, AWaiterOnAnOwnedFutexIsWoken) {
  const uint64_t head = page, a = page + 0x100;
  put_head(head, a, kOffset, 0);
  put_word(a, head);
  futex(a - 8) = tid | FUTEX_WAITERS;
  Waiter waiter(&futex(a - 8), tid | FUTEX_WAITERS);
  linux_abi::release_robust_list(as, head, w, tid, false);
  EXPECT_TRUE(waiter.woken());
  EXPECT_EQ(futex(a - 8), static_cast<uint32_t>(FUTEX_OWNER_DIED | FUTEX_WAITERS));
}

TEST_P(RobustList, AnUnownedPendingFutexWakesAWaiterAndStaysAsItIs) {
  const uint64_t head = page, a = page + 0x100;
  put_head(head, head, kOffset, a);  // an empty list, a lock cut short between unlock and wake
  futex(a - 8) = 0;
  Waiter waiter(&futex(a - 8), 0);
  linux_abi::release_robust_list(as, head, w, tid, false);
  EXPECT_TRUE(waiter.woken());
  EXPECT_EQ(futex(a - 8), 0u);
}

INSTANTIATE_TEST_SUITE_P(WordSizes, RobustList, ::testing::Values(4u, 8u),
                         [](const ::testing::TestParamInfo<unsigned>& i) { return i.param == 4 ? "Words32" : "Words64"; });

}  // namespace
