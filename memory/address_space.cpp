#include "memory/address_space.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace polyrun::mem {

AddressSpace::AddressSpace(const Layout& layout) : layout_(layout) {}

AddressSpace::~AddressSpace() {
  for (auto& [start, v] : vmas_) ::munmap(reinterpret_cast<void*>(start), v.end - start);
}

int AddressSpace::host_prot(uint32_t prot) const {
  int p = PROT_NONE;
  if (prot & kRead) p |= PROT_READ;
  if (prot & kWrite) p |= PROT_WRITE;
  if (prot & kExec) p |= native_exec_ ? PROT_READ | PROT_EXEC : PROT_READ;
  return p;
}

void AddressSpace::remove_observer(Observer* o) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), o), observers_.end());
}

void AddressSpace::notify(uint64_t lo, uint64_t hi) {
  for (Observer* o : observers_) o->on_map_change(lo, hi);
}

const Vma* AddressSpace::find(uint64_t addr) const {
  auto it = vmas_.upper_bound(addr);
  if (it == vmas_.begin()) return nullptr;
  --it;
  return addr < it->second.end ? &it->second : nullptr;
}

bool AddressSpace::is_free(uint64_t addr, uint64_t len) const {
  bool free = true;
  for_each_in(addr, addr + len, [&](const Vma&) { free = false; });
  return free;
}

bool AddressSpace::accessible(uint64_t addr, uint64_t len, uint32_t prot) const {
  if (len == 0) return true;
  uint64_t end = addr + len;
  if (end < addr) return false;
  uint64_t cursor = addr;
  bool ok = true;
  for_each_in(addr, end, [&](const Vma& v) {
    if (!ok) return;
    if (v.start > cursor || (v.prot & prot) != prot) ok = false;
    cursor = v.end;
  });
  return ok && cursor >= end;
}

uint64_t AddressSpace::accessible_prefix(uint64_t addr, uint64_t len, uint32_t prot) const {
  uint64_t end = addr + len < addr ? ~0ull : addr + len;
  uint64_t cursor = addr;
  bool stop = false;
  for_each_in(addr, end, [&](const Vma& v) {
    if (stop) return;
    if (v.start > cursor || (v.prot & prot) != prot) {
      stop = true;
      return;
    }
    cursor = v.end;
  });
  return std::min(cursor, end) - addr;
}

void AddressSpace::split_at(uint64_t addr) {
  auto it = vmas_.upper_bound(addr);
  if (it == vmas_.begin()) return;
  --it;
  Vma& v = it->second;
  if (addr <= v.start || addr >= v.end) return;
  Vma tail = v;
  tail.start = addr;
  if (tail.inode) tail.offset += addr - v.start;
  v.end = addr;
  vmas_.emplace(addr, std::move(tail));
}

static bool mergeable(const Vma& a, const Vma& b) {
  if (a.end != b.start || a.prot != b.prot || a.shared != b.shared || a.name != b.name) return false;
  if (a.inode != b.inode || a.dev != b.dev) return false;
  return a.inode == 0 || a.offset + (a.end - a.start) == b.offset;
}

void AddressSpace::merge_around(uint64_t lo, uint64_t hi) {
  auto it = vmas_.lower_bound(lo);
  if (it != vmas_.begin()) --it;
  while (it != vmas_.end() && it->first <= hi) {
    auto next = std::next(it);
    if (next != vmas_.end() && mergeable(it->second, next->second)) {
      it->second.end = next->second.end;
      vmas_.erase(next);
    } else {
      it = next;
    }
  }
}

namespace {
// The lowest page of [lo, hi) that the host has mapped (msync fails with ENOMEM on a hole), or lo.
uint64_t lowest_host_page(uint64_t lo, uint64_t hi) {
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  for (uint64_t p = lo & ~(page - 1); p < hi; p += page)
    if (::msync(reinterpret_cast<void*>(p), page, MS_ASYNC) == 0) return p;
  return lo;
}
}  // namespace

uint64_t AddressSpace::find_free(uint64_t len, uint64_t hint) const {
  len = page_up(len);
  if (len == 0) return 0;
  hint = page_down(hint);
  if (hint >= 16 * layout_.page_size && hint + len > hint && hint + len <= layout_.end && is_free(hint, len))
    return hint;
  return find_free_below(len, layout_.mmap_top);
}

uint64_t AddressSpace::find_free_below(uint64_t len, uint64_t top) const {
  uint64_t gap_end = top;
  auto it = vmas_.lower_bound(gap_end);
  while (true) {
    uint64_t gap_start = layout_.mmap_bottom;
    if (it != vmas_.begin()) {
      auto prev = std::prev(it);
      gap_start = std::max(gap_start, prev->second.end);
      if (prev->second.end > gap_end) {  // a mapping straddles the current top
        gap_end = prev->first;
        it = prev;
        continue;
      }
    }
    if (gap_end >= gap_start + len && gap_end - len >= layout_.mmap_bottom) return gap_end - len;
    if (it == vmas_.begin()) return 0;
    --it;
    gap_end = it->first;
    if (gap_end <= layout_.mmap_bottom) return 0;
  }
}

int64_t AddressSpace::map(uint64_t addr, uint64_t len, uint32_t prot, const MapRequest& req) {
  len = page_up(len);
  if (len == 0) return -EINVAL;
  // Nothing past the end of the address space, nor wrapping around it: Linux's ENOMEM, checked
  // before the alignment of a fixed address as Linux does.
  if (len > layout_.end || (req.fixed && addr > layout_.end - len)) return -ENOMEM;
  if (addr & (layout_.page_size - 1)) {
    if (req.fixed) return -EINVAL;
    addr = page_down(addr);
  }
  int flags = (req.shared ? MAP_SHARED : MAP_PRIVATE) | (req.fd < 0 ? MAP_ANONYMOUS : 0);
  if (req.noreserve) flags |= MAP_NORESERVE;
  const int hprot = host_prot(prot);

  if (!req.fixed) {
    // Top-down placement; a range the host already uses (polyrun's own memory) is skipped. An
    // alignment asks for room to slide up to the next boundary.
    const uint64_t slack = req.align > layout_.page_size ? req.align - layout_.page_size : 0;
    auto aligned = [&](uint64_t c) { return c == 0 || slack == 0 ? c : (c + req.align - 1) & ~(req.align - 1); };
    uint64_t candidate = aligned(find_free(len + slack, addr));
    for (int tries = 0; candidate != 0 && tries < 64; ++tries) {
      void* p = ::mmap(reinterpret_cast<void*>(candidate), len, hprot, flags | MAP_FIXED_NOREPLACE,
                       req.fd, static_cast<off_t>(req.offset));
      if (p != MAP_FAILED) {
        addr = candidate;
        goto mapped;
      }
      if (errno != EEXIST) return -errno;
      candidate = aligned(find_free_below(len + slack, page_down(lowest_host_page(candidate, candidate + len))));
    }
    return -ENOMEM;
  }

  {
    if (!req.replace && !is_free(addr, len)) return -EEXIST;
    // Reserve every part of the range the guest does not own yet; fail if the host owns it.
    std::vector<std::pair<uint64_t, uint64_t>> reserved;
    uint64_t cursor = addr;
    auto reserve_gap = [&](uint64_t lo, uint64_t hi) {
      if (lo >= hi) return true;
      void* p = ::mmap(reinterpret_cast<void*>(lo), hi - lo, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
      if (p == MAP_FAILED) return false;
      reserved.emplace_back(lo, hi);
      return true;
    };
    bool ok = true;
    for_each_in(addr, addr + len, [&](const Vma& v) {
      if (ok) ok = reserve_gap(cursor, std::max(cursor, v.start));
      cursor = std::max(cursor, v.end);
    });
    if (ok) ok = reserve_gap(cursor, addr + len);
    if (ok) {
      void* p = ::mmap(reinterpret_cast<void*>(addr), len, hprot, flags | MAP_FIXED, req.fd,
                       static_cast<off_t>(req.offset));
      if (p == MAP_FAILED) {
        int e = errno;
        for (auto& [lo, hi] : reserved) ::munmap(reinterpret_cast<void*>(lo), hi - lo);
        return -e;
      }
    } else {
      for (auto& [lo, hi] : reserved) ::munmap(reinterpret_cast<void*>(lo), hi - lo);
      return -ENOMEM;
    }
  }

mapped:
  split_at(addr);
  split_at(addr + len);
  for (auto it = vmas_.lower_bound(addr); it != vmas_.end() && it->first < addr + len;)
    it = vmas_.erase(it);
  Vma v;
  v.start = addr;
  v.end = addr + len;
  v.prot = prot;
  v.shared = req.shared;
  v.name = req.name;
  v.offset = req.fd >= 0 ? req.offset : 0;
  if (req.fd >= 0) {
    struct stat st;
    if (::fstat(req.fd, &st) == 0) {
      v.inode = st.st_ino;
      v.dev = st.st_dev;
    }
  }
  vmas_.emplace(addr, std::move(v));
  merge_around(addr, addr + len);
  notify(addr, addr + len);
  return static_cast<int64_t>(addr);
}

int AddressSpace::unmap(uint64_t addr, uint64_t len) {
  if (addr & (layout_.page_size - 1)) return -EINVAL;
  len = page_up(len);
  if (len == 0 || addr + len < addr) return -EINVAL;
  uint64_t end = addr + len;
  bool any = false;
  for_each_in(addr, end, [&](const Vma& v) {
    uint64_t lo = std::max(addr, v.start), hi = std::min(end, v.end);
    ::munmap(reinterpret_cast<void*>(lo), hi - lo);
    any = true;
  });
  if (!any) return 0;
  split_at(addr);
  split_at(end);
  for (auto it = vmas_.lower_bound(addr); it != vmas_.end() && it->first < end;) it = vmas_.erase(it);
  notify(addr, end);
  return 0;
}

int64_t AddressSpace::remap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, bool may_move,
                            bool fixed, uint64_t new_addr) {
  if (old_addr & (layout_.page_size - 1)) return -EINVAL;
  old_len = page_up(old_len);
  new_len = page_up(new_len);
  if (new_len == 0 || old_len == 0) return -EINVAL;
  const Vma* v = find(old_addr);
  if (!v || old_addr + old_len > v->end) return -EFAULT;
  Vma tmpl = *v;
  if (tmpl.inode) tmpl.offset += old_addr - v->start;
  if (!fixed && new_len <= old_len) {
    if (new_len < old_len) unmap(old_addr + new_len, old_len - new_len);
    return static_cast<int64_t>(old_addr);
  }
  auto insert = [&](uint64_t at, uint64_t len) {
    Vma n = tmpl;
    n.start = at;
    n.end = at + len;
    split_at(at);
    split_at(at + len);
    for (auto it = vmas_.lower_bound(at); it != vmas_.end() && it->first < at + len;) it = vmas_.erase(it);
    vmas_.emplace(at, std::move(n));
    merge_around(at, at + len);
  };
  // Grow in place when the guest owns nothing after the mapping and the host agrees.
  if (!fixed && old_addr + new_len > old_addr && old_addr + new_len <= layout_.end &&
      is_free(old_addr + old_len, new_len - old_len)) {
    void* p = ::mremap(reinterpret_cast<void*>(old_addr), old_len, new_len, 0);
    if (p != MAP_FAILED) {
      insert(old_addr, new_len);
      notify(old_addr, old_addr + new_len);
      return static_cast<int64_t>(old_addr);
    }
  }
  if (!may_move) return -ENOMEM;
  uint64_t target;
  if (fixed) {
    if (new_addr & (layout_.page_size - 1)) return -EINVAL;
    if (new_addr < old_addr + old_len && old_addr < new_addr + new_len) return -EINVAL;
    if (new_addr + new_len < new_addr || new_addr + new_len > layout_.end) return -EINVAL;
    target = new_addr;
    unmap(target, new_len);
  } else {
    target = find_free(new_len, 0);
    if (target == 0) return -ENOMEM;
  }
  // Claim the target range from the host first, so a host mapping is never replaced.
  void* r = ::mmap(reinterpret_cast<void*>(target), new_len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (r == MAP_FAILED) return -ENOMEM;
  void* p = ::mremap(reinterpret_cast<void*>(old_addr), old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED,
                     reinterpret_cast<void*>(target));
  if (p == MAP_FAILED) {
    int e = errno;
    ::munmap(reinterpret_cast<void*>(target), new_len);
    return -e;
  }
  split_at(old_addr);
  split_at(old_addr + old_len);
  for (auto it = vmas_.lower_bound(old_addr); it != vmas_.end() && it->first < old_addr + old_len;)
    it = vmas_.erase(it);
  notify(old_addr, old_addr + old_len);
  insert(target, new_len);
  notify(target, target + new_len);
  return static_cast<int64_t>(target);
}

int AddressSpace::protect(uint64_t addr, uint64_t len, uint32_t prot) {
  if (addr & (layout_.page_size - 1)) return -EINVAL;
  len = page_up(len);
  if (len == 0) return 0;
  uint64_t end = addr + len;
  if (end < addr || !accessible(addr, len, kNone)) return -ENOMEM;
  if (::mprotect(reinterpret_cast<void*>(addr), len, host_prot(prot)) != 0) return -errno;
  split_at(addr);
  split_at(end);
  for (auto it = vmas_.lower_bound(addr); it != vmas_.end() && it->first < end; ++it)
    it->second.prot = prot;
  merge_around(addr, end);
  notify(addr, end);
  return 0;
}

bool AddressSpace::poke(uint64_t addr, const void* data, uint64_t len) {
  if (!accessible(addr, len, kNone)) return false;
  uint64_t end = addr + len;
  const auto* src = static_cast<const uint8_t*>(data);
  for_each_in(addr, end, [&](const Vma& v) {
    uint64_t lo = std::max(addr, v.start), hi = std::min(end, v.end);
    bool writable = v.prot & kWrite;
    uint64_t plo = page_down(lo), phi = page_up(hi);
    // (Natively running code of another thread may be executing there meanwhile: it stays executable.)
    if (!writable) ::mprotect(reinterpret_cast<void*>(plo), phi - plo, host_prot(v.prot) | PROT_READ | PROT_WRITE);
    std::memcpy(reinterpret_cast<void*>(lo), src + (lo - addr), hi - lo);
    if (!writable) ::mprotect(reinterpret_cast<void*>(plo), phi - plo, host_prot(v.prot));
  });
  for (Observer* o : observers_) o->on_code_write(addr, end);
  return true;
}

void AddressSpace::host_wrote(uint64_t addr, uint64_t len) {
  if (len == 0) return;
  uint64_t end = addr + len < addr ? ~0ull : addr + len;
  for_each_in(addr, end, [&](const Vma& v) {
    if (!(v.prot & kExec)) return;
    uint64_t lo = std::max(addr, v.start), hi = std::min(end, v.end);
    for (Observer* o : observers_) o->on_code_write(lo, hi);
  });
}

}  // namespace polyrun::mem
