// The guest address space: guest memory is host memory at the same address.
//
// AddressSpace owns the guest's map (the list of guest mappings with their protections) and the
// host mappings behind it. It never touches a host mapping it did not make: new guest memory is
// mapped with MAP_FIXED_NOREPLACE, so polyrun's own mappings cannot be clobbered. Observers (the CPU
// engines) are told which range changed after every map, unmap or protect, so that they can update
// their view and drop translated code.
//
// It knows nothing of any OS personality: brk, mmap flags and errno conventions of a guest OS are
// built on top of it (see syscall-translate/memory_syscalls.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace polyrun::mem {

enum Prot : uint32_t { kNone = 0, kRead = 1, kWrite = 2, kExec = 4 };

struct Vma {
  uint64_t start = 0;
  uint64_t end = 0;  // exclusive
  uint32_t prot = kNone;
  bool shared = false;
  std::string name;     // file path, "[stack]", "[heap]", or empty for anonymous memory
  uint64_t offset = 0;  // file offset of `start` for file mappings
  uint64_t inode = 0;   // 0 for anonymous memory
  uint64_t dev = 0;
};

// Something that mirrors the guest map (a CPU engine). Called after every change.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_map_change(uint64_t lo, uint64_t hi) = 0;
  // Bytes in [lo, hi) were written by the host (not by guest code): translated code is stale.
  virtual void on_code_write(uint64_t lo, uint64_t hi) = 0;
};

// Where the guest's placements go, chosen by the guest ISA's pointer width and the host's own layout.
struct Layout {
  uint64_t page_size = 4096;
  uint64_t mmap_bottom = 0;  // lowest address handed out for placements without MAP_FIXED
  uint64_t mmap_top = 0;     // placements go top-down from here
  // The end of the guest's address space: nothing is mapped at or past it (a 32-bit guest's
  // 4 GiB, which its engine cannot address beyond). A hint past it is not taken.
  uint64_t end = ~0ull;
};

struct MapRequest {
  bool fixed = false;    // place exactly at the address (else the address is a hint)
  bool replace = false;  // with fixed: existing guest mappings in the range are replaced
  bool shared = false;   // MAP_SHARED (file or anonymous)
  bool noreserve = false;
  uint64_t align = 0;    // without fixed: place on this boundary (a power of two above a page)
  int fd = -1;           // file to map, or -1 for zero-filled memory
  uint64_t offset = 0;
  std::string name;
};

class AddressSpace {
 public:
  explicit AddressSpace(const Layout& layout);
  ~AddressSpace();
  AddressSpace(const AddressSpace&) = delete;
  AddressSpace& operator=(const AddressSpace&) = delete;

  const Layout& layout() const { return layout_; }
  uint64_t page_size() const { return layout_.page_size; }
  uint64_t page_down(uint64_t a) const { return a & ~(layout_.page_size - 1); }
  uint64_t page_up(uint64_t a) const { return (a + layout_.page_size - 1) & ~(layout_.page_size - 1); }

  // Maps len bytes (rounded up to pages). Returns the address, or -errno.
  int64_t map(uint64_t addr, uint64_t len, uint32_t prot, const MapRequest& req);
  // Unmaps every guest page in the range (holes are fine). Returns 0 or -errno.
  int unmap(uint64_t addr, uint64_t len);
  // Resizes or moves a mapping (Linux mremap semantics; the range must lie in one mapping).
  // Returns the new address, or -errno.
  int64_t remap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, bool may_move, bool fixed,
                uint64_t new_addr);
  // Changes the protection of a fully mapped range. Returns 0 or -errno (-ENOMEM if not mapped).
  int protect(uint64_t addr, uint64_t len, uint32_t prot);
  // A free range of len bytes, at hint if free there, else top-down from the layout's top; 0 if none.
  uint64_t find_free(uint64_t len, uint64_t hint = 0) const;

  // True when every byte of the range is mapped with at least `prot`.
  bool accessible(uint64_t addr, uint64_t len, uint32_t prot) const;
  // How many bytes from addr on are mapped with at least `prot` (at most len).
  uint64_t accessible_prefix(uint64_t addr, uint64_t len, uint32_t prot) const;
  // True when no byte of the range is mapped by the guest.
  bool is_free(uint64_t addr, uint64_t len) const;
  const Vma* find(uint64_t addr) const;
  const std::map<uint64_t, Vma>& vmas() const { return vmas_; }
  // Visits the guest mappings that intersect [lo, hi), in address order.
  template <typename F>
  void for_each_in(uint64_t lo, uint64_t hi, F&& f) const {
    auto it = vmas_.upper_bound(lo);
    if (it != vmas_.begin() && std::prev(it)->second.end > lo) --it;
    for (; it != vmas_.end() && it->first < hi; ++it) f(it->second);
  }

  void add_observer(Observer* o) { observers_.push_back(o); }
  void remove_observer(Observer* o);

  // Writes into guest memory regardless of its protection (loader, signal frames) and tells the
  // observers that code there may have changed. Returns false if the range is not mapped.
  bool poke(uint64_t addr, const void* data, uint64_t len);

  // The host kernel wrote into [addr, addr + len) of guest memory on the guest's behalf (a
  // syscall's output buffer). Tells the observers about the parts that lie in executable guest
  // mappings, whose translated code is stale now; elsewhere it costs one lookup in the map.
  void host_wrote(uint64_t addr, uint64_t len);

  // The host protection that backs a guest protection: the host never executes guest code, but
  // the engine reads it to translate it — unless the guest's code runs natively on the host CPU
  // (set before anything is mapped), where executable guest memory is executable host memory.
  int host_prot(uint32_t prot) const;
  void set_native_execution(bool on) { native_exec_ = on; }

 private:
  // The highest free range of len page-rounded bytes ending at or below top, or 0.
  uint64_t find_free_below(uint64_t len, uint64_t top) const;
  void split_at(uint64_t addr);
  void merge_around(uint64_t lo, uint64_t hi);
  void notify(uint64_t lo, uint64_t hi);

  Layout layout_;
  bool native_exec_ = false;
  std::map<uint64_t, Vma> vmas_;
  std::vector<Observer*> observers_;
};

}  // namespace polyrun::mem
