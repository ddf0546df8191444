// Guest ↔ host translation of kernel ABI values, driven by the generated kernel ABI tables
// (kernel_abi/kernel_abi.h): syscall numbers by name, errno values, flag bits matched by name, and
// struct layouts converted field by field. This is the one place where guest and host layouts meet.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "syscall-translate/kernel_abi/kernel_abi.h"

namespace polyrun::linux_abi {

// Value of a named entry in a table, or `fallback`.
long long lookup(const pr_named_table& t, std::string_view name, long long fallback = -1);

// Translates a flags word bit by bit between two tables of named flags. Only single-bit entries
// take part; composite names (O_SYNC = __O_SYNC|O_DSYNC) follow from their bits. Bits with no name
// on the source side are dropped (the kernel ignores unknown bits too), unless keep_unknown.
class FlagMap {
 public:
  FlagMap() = default;
  FlagMap(const pr_named_table& from, const pr_named_table& to, bool keep_unknown = false);
  uint64_t operator()(uint64_t value) const;

 private:
  std::vector<std::pair<uint64_t, uint64_t>> bits_;  // (from bit, to bit)
  uint64_t known_ = 0;
  bool keep_unknown_ = false;
};

// Converts one struct between two layouts of the same canonical fields (sign- or zero-extending,
// truncating where the destination field is narrower). Fields the destination lacks are skipped;
// bytes the source lacks are zero.
void convert_struct(const pr_layout& from, const void* src, const pr_layout& to, void* dst);
// A field of a struct in a layout, of the field's size (zero- or sign-extended as it is signed), and
// the same written: the one place where fields are read and written by their layout.
uint64_t get_field(const void* base, const pr_field& f);
void put_field(void* base, const pr_field& f, uint64_t value);
// True when both layouts are byte-for-byte the same (conversion is a copy).
bool same_layout(const pr_layout& a, const pr_layout& b);

// Everything needed to speak one guest ISA's kernel ABI on this host.
class KernelAbiMap {
 public:
  KernelAbiMap(const pr_kernel_abi& guest, const pr_kernel_abi& host);

  const pr_kernel_abi& guest() const { return guest_; }
  const pr_kernel_abi& host() const { return host_; }

  int guest_errno(int host_errno) const;
  int host_errno(int guest_errno) const;
  uint64_t open_flags_to_host(uint64_t f) const { return open_to_host_(f); }
  uint64_t open_flags_to_guest(uint64_t f) const { return open_to_guest_(f); }
  uint64_t mmap_flags_to_host(uint64_t f) const { return mmap_to_host_(f); }
  // A guest signal set (bit N-1 for signal N) in host signal numbers, and back: signals match by
  // name, real-time signals by their distance from SIGRTMIN.
  uint64_t sigset_to_host(uint64_t set) const { return map_sigset(set, sig_to_host_); }
  uint64_t sigset_to_guest(uint64_t set) const { return map_sigset(set, sig_to_guest_); }
  // One signal's number on the other side (0: none).
  int signal_to_host(int guest_sig) const { return guest_sig > 0 && guest_sig <= 64 ? sig_to_host_[guest_sig] : 0; }
  int signal_to_guest(int host_sig) const { return host_sig > 0 && host_sig <= 64 ? sig_to_guest_[host_sig] : 0; }
  // True when every signal has the same number on both sides.
  bool same_signal_numbers() const {
    for (int s = 1; s <= 64; ++s)
      if (sig_to_host_[s] != s) return false;
    return true;
  }
  // The host's request number for a guest terminal/file ioctl request, or 0 if it has no name.
  uint64_t ioctl_to_host(uint64_t guest_request) const;
  // A field of `size` bytes at `offset` of a guest struct no table lays out (a word of an array,
  // of a frame), in the guest's byte order: what get_field and put_field take.
  pr_field field(unsigned offset, unsigned size, bool is_signed = false) const {
    return pr_field{offset, size, is_signed ? 1 : 0, static_cast<int>(guest_.big_endian)};
  }
  // A guest word (the guest's long) at `offset`.
  pr_field word(unsigned offset, bool is_signed = false) const { return field(offset, guest_.word_size, is_signed); }
  // Guest syscall number of a name, or -1.
  long sysno(std::string_view name) const;
  // The 64-bit timespec and itimerspec of the _time64 calls as the kernel reads them from the
  // guest: a 32-bit ISA's tv_nsec is the low half of its 64-bit field (Linux ignores the upper
  // half, which 32-bit C libraries leave as padding).
  const pr_layout& time64_timespec() const { return time64_ts_; }
  const pr_layout& time64_itimerspec() const { return time64_its_; }

 private:
  const pr_kernel_abi& guest_;
  const pr_kernel_abi& host_;
  std::vector<int> errno_to_guest_, errno_to_host_;
  FlagMap open_to_host_, open_to_guest_, mmap_to_host_;
  std::unordered_map<uint64_t, uint64_t> ioctl_to_host_;
  std::array<uint8_t, 65> sig_to_host_{}, sig_to_guest_{};  // 0: no counterpart
  pr_field time64_fields_[4]{};
  pr_layout time64_ts_{}, time64_its_{};

  static uint64_t map_sigset(uint64_t set, const std::array<uint8_t, 65>& to);
};

}  // namespace polyrun::linux_abi
