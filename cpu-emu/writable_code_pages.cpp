#include "cpu-emu/writable_code_pages.h"

#include "common/fault_report.h"

namespace polyrun::cpu {

void WritableCodePages::add(uint64_t lo, uint64_t hi) {
  for (uint64_t at = lo & ~(page_size_ - 1); at < hi; at += page_size_) {
    Page& page = pages_[at];
    if (!page.ran) ran_.push_back(at);
    page.ran = true;
  }
}

std::optional<bool> WritableCodePages::unchanged(uint64_t at, Page& page) {
  const size_t words = page_size_ / 8;
  uint64_t h = 0;
  FaultRecovery r;  // (a file's mapping past its end: SIGBUS)
  const bool read = run_recovering(r, [&] {
    // (Other threads may store there meanwhile: each word is read once, atomically.) Two chains,
    // the even words' and the odd words', each a multiply-rotate of the words into it.
    const auto* live = reinterpret_cast<const uint64_t*>(at);
    uint64_t a = 0x9e3779b97f4a7c15ull, b = 0xc2b2ae3d27d4eb4full;
    for (size_t i = 0; i + 1 < words; i += 2) {
      a = ((a ^ __atomic_load_n(live + i, __ATOMIC_RELAXED)) * 0xff51afd7ed558ccdull);
      a = a << 31 | a >> 33;
      b = ((b ^ __atomic_load_n(live + i + 1, __ATOMIC_RELAXED)) * 0xc4ceb9fe1a85ec53ull);
      b = b << 29 | b >> 35;
    }
    h = a ^ (b * 0x9e3779b97f4a7c15ull);
  });
  if (!read) return std::nullopt;
  const bool same = page.digest == h;
  page.digest = h;
  return same;
}

bool WritableCodePages::check_page(uint64_t at, const Readable& readable, const Drop& drop) {
  auto it = pages_.find(at);
  if (it == pages_.end()) return false;
  const std::optional<bool> same = readable(at) ? unchanged(at, it->second) : std::nullopt;
  if (!same) {  // (no longer mapped readable, or a fault reading it)
    drop(at, at + page_size_);
    pages_.erase(it);
    return true;
  }
  const bool trusted = it->second.trusted;
  it->second.trusted = true;
  if (*same && trusted) return false;
  drop(at, at + page_size_);
  return true;
}

bool WritableCodePages::check_all(const Readable& readable, const Drop& drop) {
  std::vector<uint64_t> all;
  all.reserve(pages_.size());
  for (auto& [at, page] : pages_) {
    all.push_back(at);
    page.ran = false;
  }
  ran_.clear();
  bool dropped = false;
  for (uint64_t at : all) dropped |= check_page(at, readable, drop);
  return dropped;
}

bool WritableCodePages::check_ran(const Readable& readable, const Drop& drop) {
  std::vector<uint64_t> ran = std::move(ran_);
  ran_.clear();
  bool dropped = false;
  for (uint64_t at : ran) {
    auto it = pages_.find(at);
    if (it == pages_.end() || !it->second.ran) continue;
    it->second.ran = false;
    dropped |= check_page(at, readable, drop);
  }
  return dropped;
}

}  // namespace polyrun::cpu
