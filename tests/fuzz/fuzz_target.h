// What every fuzz target of tests/fuzz defines, and what they share. A target is one parser of
// polyrun driven the way polyrun drives it; under libFuzzer (a -DPOLYRUN_FUZZ=ON build with clang)
// libFuzzer's own main feeds it, elsewhere replay_main.cpp runs it once on each input file named
// (the committed regression inputs and seeds, under CTest).
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace polyrun::fuzz {

// The input as a file of its own (a memfd), as the loaders read programs: by path and descriptor.
class InputFile {
 public:
  InputFile(const uint8_t* data, size_t size) : fd_(::memfd_create("fuzz-input", MFD_CLOEXEC)) {
    if (fd_ < 0) std::abort();
    for (size_t done = 0; done < size;) {
      ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~InputFile() { ::close(fd_); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

// Reads the input from its front: numbers, then the rest as bytes.
class InputReader {
 public:
  InputReader(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  template <typename T>
  T take() {
    T v{};
    for (size_t i = 0; i < sizeof(T) && p_ < end_; ++i) v = static_cast<T>((static_cast<uint64_t>(v) << 8) | *p_++);
    return v;
  }
  std::string take_string(size_t max) {
    size_t n = std::min(max, static_cast<size_t>(end_ - p_));
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }
  std::string rest() { return take_string(static_cast<size_t>(end_ - p_)); }
  size_t left() const { return static_cast<size_t>(end_ - p_); }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

// A property of the parser that must hold (a round trip, a bound): breaks into the fuzzer as a
// crash would, with the message.
#define POLYRUN_FUZZ_CHECK(cond, ...)                                          \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::fprintf(stderr, "fuzz check failed: %s: ", #cond);                 \
      std::fprintf(stderr, __VA_ARGS__);                                       \
      std::fputc('\n', stderr);                                                \
      std::abort();                                                            \
    }                                                                          \
  } while (0)

}  // namespace polyrun::fuzz
