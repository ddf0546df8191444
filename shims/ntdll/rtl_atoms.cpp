// NTDLL's atom tables (RtlCreateAtomTable … RtlQueryAtomInAtomTable): a table is a block of the
// process heap (its signature, then nothing the program reads) standing for polyrun's table of
// names. Integer atoms are their own values, 1-0xBFFF, given as MAKEINTATOM(n) or "#n"; string
// atoms are 0xC000 and up, names of up to 255 characters compared without case, each with a
// reference count (adding again counts one more, deleting one less; at none the atom is gone) and
// a pin (a pinned atom is not deleted).
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_rtl_atoms_impl {

using namespace ntdll_text;

constexpr uint32_t kSignature = 0x6d6f7441;  // "Atom"
constexpr uint16_t kMaxIntAtom = 0xc000;
constexpr size_t kMaxAtomLength = 255;
constexpr uint32_t kObjectNameInvalid = 0xc0000033, kObjectNameNotFound = 0xc0000034, kMoreEntries = 0x105,
                   kWasLocked = 0x40000019;

struct Entry {
  std::u16string name;  // empty: a free number
  uint32_t references = 0;
  bool pinned = false;
};

struct Table {
  std::vector<Entry> entries;  // atom 0xC000 + index

  static bool same(const std::u16string& a, const std::u16string& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (upcase(a[i]) != upcase(b[i])) return false;
    return true;
  }
  Entry* entry(uint16_t atom) {
    if (atom < kMaxIntAtom || static_cast<size_t>(atom - kMaxIntAtom) >= entries.size()) return nullptr;
    Entry& e = entries[atom - kMaxIntAtom];
    return e.references ? &e : nullptr;
  }
  int find(const std::u16string& name) const {
    for (size_t i = 0; i < entries.size(); ++i)
      if (entries[i].references && same(entries[i].name, name)) return static_cast<int>(i);
    return -1;
  }
};

std::mutex& tables_lock() {
  static std::mutex m;
  return m;
}
std::map<uint64_t, Table>& tables() {
  static std::map<uint64_t, Table> all;
  return all;
}

// The table a handle names, or null.
Table* table_of(uint64_t h) {
  if (!h) return nullptr;
  auto it = tables().find(h);
  return it != tables().end() && get<uint32_t>(h) == kSignature ? &it->second : nullptr;
}

// A name as the functions take it: MAKEINTATOM(n) or "#n" (an integer atom: STATUS_SUCCESS with it),
// or a string (kMoreEntries, the name in *name).
uint32_t parse(uint64_t arg, std::u16string* name, uint16_t* atom) {
  uint32_t value;
  if (arg < 0x10000) {
    value = static_cast<uint32_t>(arg);
  } else {
    *name = std::u16string(static_cast<const char16_t*>(guest_pointer(arg)), wide_length(arg));
    if (name->empty()) return kObjectNameInvalid;
    size_t i = 1;
    value = 0;
    if ((*name)[0] == u'#') {
      while (i < name->size() && (*name)[i] >= u'0' && (*name)[i] <= u'9' && value < 0x10000)
        value = value * 10 + ((*name)[i++] - u'0');
    }
    if ((*name)[0] != u'#' || i == 1 || i != name->size()) {
      if (name->size() > kMaxAtomLength) return nt::kInvalidParameter;
      return kMoreEntries;
    }
  }
  if (!value || value >= kMaxIntAtom) return nt::kInvalidParameter;
  *atom = static_cast<uint16_t>(value);
  return nt::kSuccess;
}

// *table already set: the table is there (STATUS_SUCCESS), unless a size is asked.
uint32_t RtlCreateAtomTable(WindowsProcess& p, uint32_t size, Ptr out) {
  if (p.get_ptr(out.addr)) return size ? nt::kInvalidParameter : nt::kSuccess;
  const uint64_t h = heap_alloc(p, 16);
  if (!h) return nt::kNoMemory;
  std::memset(guest_pointer(h), 0, 16);
  put<uint32_t>(h, kSignature);
  {
    std::lock_guard<std::mutex> g(tables_lock());
    tables()[h] = Table{};
  }
  p.put_ptr(out.addr, h);
  return nt::kSuccess;
}

uint32_t RtlDestroyAtomTable(WindowsProcess& p, Ptr h) {
  std::lock_guard<std::mutex> g(tables_lock());
  if (!table_of(h.addr)) return nt::kInvalidParameter;
  tables().erase(h.addr);
  put<uint32_t>(h.addr, 0);
  heap_free(p, h.addr);
  return nt::kSuccess;
}

uint32_t RtlAddAtomToAtomTable(WindowsProcess&, Ptr h, Ptr name, Ptr out) {
  std::lock_guard<std::mutex> g(tables_lock());
  Table* t = table_of(h.addr);
  if (!t) return nt::kInvalidParameter;
  std::u16string n;
  uint16_t atom = 0;
  const uint32_t status = parse(name.addr, &n, &atom);
  if (status == nt::kSuccess) put<uint16_t>(out.addr, atom);
  if (status != kMoreEntries) return status;
  int i = t->find(n);
  if (i >= 0) {
    ++t->entries[i].references;
  } else {
    i = 0;
    while (static_cast<size_t>(i) < t->entries.size() && t->entries[i].references) ++i;
    if (static_cast<size_t>(i) == t->entries.size()) {
      if (t->entries.size() >= 0x10000 - kMaxIntAtom) return nt::kNoMemory;
      t->entries.emplace_back();
    }
    t->entries[i] = Entry{n, 1, false};
  }
  put<uint16_t>(out.addr, static_cast<uint16_t>(kMaxIntAtom + i));
  return nt::kSuccess;
}

uint32_t RtlLookupAtomInAtomTable(WindowsProcess&, Ptr h, Ptr name, Ptr out) {
  std::lock_guard<std::mutex> g(tables_lock());
  Table* t = table_of(h.addr);
  if (!t) return nt::kInvalidParameter;
  std::u16string n;
  uint16_t atom = 0;
  const uint32_t status = parse(name.addr, &n, &atom);
  if (status == nt::kSuccess) put<uint16_t>(out.addr, atom);
  if (status != kMoreEntries) return status;
  const int i = t->find(n);
  if (i < 0) return kObjectNameNotFound;
  put<uint16_t>(out.addr, static_cast<uint16_t>(kMaxIntAtom + i));
  return nt::kSuccess;
}

// One reference less (an integer atom is no handle to delete); a pinned atom stays.
uint32_t RtlDeleteAtomFromAtomTable(WindowsProcess&, Ptr h, uint16_t atom) {
  std::lock_guard<std::mutex> g(tables_lock());
  Table* t = table_of(h.addr);
  if (!t) return nt::kInvalidParameter;
  Entry* e = t->entry(atom);
  if (!e) return nt::kInvalidHandle;
  if (e->pinned) return kWasLocked;
  if (!--e->references) e->name.clear();
  return nt::kSuccess;
}

uint32_t RtlPinAtomInAtomTable(WindowsProcess&, Ptr h, uint16_t atom) {
  std::lock_guard<std::mutex> g(tables_lock());
  Table* t = table_of(h.addr);
  if (!t) return nt::kInvalidParameter;
  if (Entry* e = t->entry(atom)) e->pinned = true;
  return nt::kSuccess;
}

// Every atom gone (the pinned ones too with `delete_pinned`).
uint32_t RtlEmptyAtomTable(WindowsProcess&, Ptr h, uint8_t delete_pinned) {
  std::lock_guard<std::mutex> g(tables_lock());
  Table* t = table_of(h.addr);
  if (!t) return nt::kInvalidParameter;
  for (Entry& e : t->entries)
    if (e.references && (delete_pinned || !e.pinned)) e = Entry{};
  return nt::kSuccess;
}

// Its references and pin, and its name into `*length` bytes (cut to fit with its NUL; *length
// then the name's bytes); an integer atom is "#n", referenced and pinned once. A length of 0:
// STATUS_BUFFER_TOO_SMALL with the bytes the name takes.
uint32_t RtlQueryAtomInAtomTable(WindowsProcess&, Ptr h, uint16_t atom, Ptr refs, Ptr pin, Ptr name, Ptr length) {
  if (!atom) return nt::kInvalidParameter;
  std::lock_guard<std::mutex> g(tables_lock());
  Table* t = table_of(h.addr);
  if (!t) return nt::kInvalidParameter;
  std::u16string n;
  uint32_t r = 1, pinned = 1;
  if (atom < kMaxIntAtom) {
    char text[16];
    std::snprintf(text, sizeof text, "#%u", atom);
    for (const char* c = text; *c; ++c) n += static_cast<char16_t>(*c);
  } else if (Entry* e = t->entry(atom)) {
    n = e->name;
    r = e->references;
    pinned = e->pinned;
  } else {
    return nt::kInvalidHandle;
  }
  put<uint32_t>(refs.addr, r);
  put<uint32_t>(pin.addr, pinned);
  if (!length) return nt::kSuccess;
  const uint32_t room = get<uint32_t>(length.addr);
  uint32_t bytes = static_cast<uint32_t>(n.size() * 2);
  if (!room) {
    put<uint32_t>(length.addr, bytes);
    return nt::kBufferTooSmall;
  }
  if (bytes + 2 > room) bytes = (room - 2) & ~1u;
  if (name) {
    std::memcpy(guest_pointer(name.addr), n.data(), bytes);
    put<char16_t>(name.addr + bytes, 0);
  }
  put<uint32_t>(length.addr, bytes);
  return nt::kSuccess;
}

}  // namespace ntdll_rtl_atoms_impl

const std::vector<Export>& ntdll_atom_exports() {
  using namespace ntdll_rtl_atoms_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCreateAtomTable", RtlCreateAtomTable),
      EXPORT("RtlDestroyAtomTable", RtlDestroyAtomTable),
      EXPORT("RtlAddAtomToAtomTable", RtlAddAtomToAtomTable),
      EXPORT("RtlLookupAtomInAtomTable", RtlLookupAtomInAtomTable),
      EXPORT("RtlDeleteAtomFromAtomTable", RtlDeleteAtomFromAtomTable),
      EXPORT("RtlPinAtomInAtomTable", RtlPinAtomInAtomTable),
      EXPORT("RtlEmptyAtomTable", RtlEmptyAtomTable),
      EXPORT("RtlQueryAtomInAtomTable", RtlQueryAtomInAtomTable),
  };
  return exports;
}

}  // namespace polyrun::shims
