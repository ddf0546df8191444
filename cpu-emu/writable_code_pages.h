// The pages of writable and executable guest memory an engine translated code from, each with a
// digest of its bytes as the engine last saw it (64 bits of a multiply-rotate hash, not a copy: an
// engine per thread watches the same pages), for UnicornIsa::coherent_code in parallel (x86 code
// other threads may store to). When the engine's thread serializes (the pages it ran blocks from
// since), or other threads took the execution lock meanwhile (every page), only the pages whose
// bytes changed since their digest go from the engine's translations, not every block of writable
// memory: a JIT's code runs on translated until it is rewritten (Dart's i686 VM dropped and
// translated its whole code area again at nearly every call any thread made). A page first seen is
// not trusted (its digest, made after the engine translated from it, may take in another thread's
// later store): the next check drops it once; a digest made at a check comes before anything the
// engine translates from the page after it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace polyrun::cpu {

class WritableCodePages {
 public:
  explicit WritableCodePages(uint64_t page_size) : page_size_(page_size) {}
  // The engine translated a block from [lo, hi): its pages are watched (and count as run).
  void add(uint64_t lo, uint64_t hi);
  // The engine ran a block from the page at `at` (page-aligned), if it is watched.
  void note_run(uint64_t at) {
    auto it = pages_.find(at);
    if (it != pages_.end() && !it->second.ran) {
      it->second.ran = true;
      ran_.push_back(at);
    }
  }
  // Whether the address may be read (the guest map grants it): a page that may not is dropped and
  // forgotten.
  using Readable = std::function<bool(uint64_t)>;
  using Drop = std::function<void(uint64_t, uint64_t)>;
  // The watched pages that changed since their digest, are not trusted yet or can no longer be
  // read go (drop(lo, hi)); each one's digest is made anew, trusted from now. Returns whether any
  // page went.
  bool check_all(const Readable& readable, const Drop& drop);
  // The same for the watched pages run since the last check_ran (those of a thread that
  // serializes).
  bool check_ran(const Readable& readable, const Drop& drop);
  size_t pages() const { return pages_.size(); }

 private:
  struct Page {
    uint64_t digest = 0;  // of its bytes as last seen (none before the first check: not trusted)
    bool trusted = false;
    bool ran = false;  // run since the last check
  };
  // Whether the page's bytes have its digest (made anew); nullopt where reading them faulted.
  std::optional<bool> unchanged(uint64_t at, Page& page);
  bool check_page(uint64_t at, const Readable& readable, const Drop& drop);
  uint64_t page_size_;
  std::unordered_map<uint64_t, Page> pages_;
  std::vector<uint64_t> ran_;  // the pages whose `ran` is set
};

}  // namespace polyrun::cpu
