// NTDLL's global atom table and the native API over it: NtAddAtom, NtFindAtom, NtDeleteAtom,
// NtQueryInformationAtom. On Windows the table is the window station's, shared by its processes
// (and by USER32's classes, messages and clipboard formats); polyrun's is the process's. KERNEL32's
// Global*Atom functions are made of it (kernel32/atoms.cpp). A name is given with its length in
// bytes (no terminator needed): MAKEINTATOM(n) (a pointer below 0x10000) or "#n" is the integer atom
// n, 1-0xBFFF, its own value; a string atom is 0xC000 and up, a name of 1 to 255 characters
// compared without case, with a count of references.
#include "shims/ntdll/global_atoms.h"

#include <cstring>
#include <mutex>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_global_atoms {

namespace {

constexpr uint16_t kFirstString = 0xc000;

struct Entry {
  std::u16string name;  // empty: a free number
  uint32_t references = 0;
};

struct Table {
  std::mutex m;
  std::vector<Entry> entries;  // atom 0xC000 + index

  int index_of(const std::u16string& name) const {
    for (size_t i = 0; i < entries.size(); ++i) {
      const Entry& e = entries[i];
      if (!e.references || e.name.size() != name.size()) continue;
      bool same = true;
      for (size_t c = 0; c < name.size() && same; ++c)
        same = ntdll_text::upcase(e.name[c]) == ntdll_text::upcase(name[c]);
      if (same) return static_cast<int>(i);
    }
    return -1;
  }
  Entry* entry(uint16_t atom) {
    if (atom < kFirstString || static_cast<size_t>(atom - kFirstString) >= entries.size()) return nullptr;
    Entry& e = entries[atom - kFirstString];
    return e.references ? &e : nullptr;
  }
};

Table& table() {
  static Table t;
  return t;
}

}  // namespace

uint32_t add(const std::u16string& name, uint16_t* atom) {
  Table& t = table();
  std::lock_guard<std::mutex> g(t.m);
  int i = t.index_of(name);
  if (i >= 0) {
    ++t.entries[i].references;
  } else {
    i = 0;
    while (static_cast<size_t>(i) < t.entries.size() && t.entries[i].references) ++i;
    if (static_cast<size_t>(i) == t.entries.size()) {
      if (t.entries.size() >= 0x10000 - kFirstString) return nt::kNoMemory;
      t.entries.emplace_back();
    }
    t.entries[i] = Entry{name, 1};
  }
  *atom = static_cast<uint16_t>(kFirstString + i);
  return nt::kSuccess;
}

uint32_t find(const std::u16string& name, uint16_t* atom) {
  Table& t = table();
  std::lock_guard<std::mutex> g(t.m);
  const int i = t.index_of(name);
  if (i < 0) return 0xc0000034;  // STATUS_OBJECT_NAME_NOT_FOUND
  *atom = static_cast<uint16_t>(kFirstString + i);
  return nt::kSuccess;
}

uint32_t remove(uint16_t atom) {
  Table& t = table();
  std::lock_guard<std::mutex> g(t.m);
  Entry* e = t.entry(atom);
  if (!e) return nt::kInvalidHandle;
  if (!--e->references) e->name.clear();
  return nt::kSuccess;
}

bool name(uint16_t atom, std::u16string* out, uint32_t* references) {
  Table& t = table();
  std::lock_guard<std::mutex> g(t.m);
  Entry* e = t.entry(atom);
  if (!e) return false;
  *out = e->name;
  if (references) *references = e->references;
  return true;
}

}  // namespace ntdll_global_atoms

namespace ntdll_nt_atoms_impl {

namespace atoms = ntdll_global_atoms;

constexpr uint32_t kObjectNameInvalid = 0xc0000033, kMoreEntries = 0x105;
constexpr size_t kMaxLength = 255;
constexpr uint32_t kAtomBasicInformation = 0, kAtomTableInformation = 1;

// The name argument: an integer atom (STATUS_SUCCESS, *atom set) or a string (kMoreEntries, *name
// set), else the status that refuses it.
uint32_t parse(uint64_t s, uint32_t bytes, std::u16string* name, uint16_t* atom) {
  uint32_t value = 0;
  if (s < 0x10000) {
    value = static_cast<uint32_t>(s);
  } else {
    if (bytes > kMaxLength * 2) return nt::kInvalidParameter;
    if (bytes < 2) return kObjectNameInvalid;
    name->assign(static_cast<const char16_t*>(guest_pointer(s)), bytes / 2);
    size_t i = 1;
    if ((*name)[0] == u'#')
      while (i < name->size() && (*name)[i] >= u'0' && (*name)[i] <= u'9' && value < 0x10000)
        value = value * 10 + ((*name)[i++] - u'0');
    if ((*name)[0] != u'#' || i == 1 || i != name->size()) return kMoreEntries;
  }
  if (!value || value >= 0xc000u) return nt::kInvalidParameter;
  *atom = static_cast<uint16_t>(value);
  return nt::kSuccess;
}

uint32_t NtAddAtom(WindowsProcess&, Ptr name, uint32_t bytes, Ptr out) {
  std::u16string n;
  uint16_t atom = 0;
  uint32_t s = parse(name.addr, bytes, &n, &atom);
  if (s == kMoreEntries) s = atoms::add(n, &atom);
  if (s == nt::kSuccess && out) put<uint16_t>(out.addr, atom);
  return s;
}

uint32_t NtFindAtom(WindowsProcess&, Ptr name, uint32_t bytes, Ptr out) {
  std::u16string n;
  uint16_t atom = 0;
  uint32_t s = parse(name.addr, bytes, &n, &atom);
  if (s == kMoreEntries) s = atoms::find(n, &atom);
  if (s == nt::kSuccess && out) put<uint16_t>(out.addr, atom);
  return s;
}

// An integer atom is no handle to delete.
uint32_t NtDeleteAtom(WindowsProcess&, uint16_t atom) { return atoms::remove(atom); }

// AtomBasicInformation: ATOM_BASIC_INFORMATION (UsageCount, Flags, NameLength, then the name with
// its NUL); an integer atom is "#n", used and pinned once. AtomTableInformation: the count of
// string atoms and the atoms (ATOM_TABLE_INFORMATION).
uint32_t NtQueryInformationAtom(WindowsProcess&, uint16_t atom, uint32_t cls, Ptr info, uint32_t size, Ptr returned) {
  if (cls == kAtomBasicInformation) {
    std::u16string n;
    uint32_t references = 1, pinned = 1;
    if (atom && atom < 0xc000u) {
      const std::string text = "#" + std::to_string(atom);
      n.assign(text.begin(), text.end());
    } else if (atoms::name(atom, &n, &references)) {
      pinned = 0;
    } else {
      return nt::kInvalidHandle;
    }
    const uint32_t need = 6 + static_cast<uint32_t>(n.size()) * 2 + 2;
    if (size < need) return nt::kBufferTooSmall;
    put<uint16_t>(info.addr, static_cast<uint16_t>(references));
    put<uint16_t>(info.addr + 2, static_cast<uint16_t>(pinned));
    put<uint16_t>(info.addr + 4, static_cast<uint16_t>(n.size() * 2));
    std::memcpy(guest_pointer(info.addr + 6), n.data(), n.size() * 2);
    put<char16_t>(info.addr + 6 + n.size() * 2, 0);
    if (returned) put<uint32_t>(returned.addr, need);
    return nt::kSuccess;
  }
  if (cls == kAtomTableInformation) {
    std::vector<uint16_t> all;
    std::u16string n;
    for (uint32_t a = 0xc000u; a <= 0xffff; ++a)
      if (atoms::name(static_cast<uint16_t>(a), &n, nullptr)) all.push_back(static_cast<uint16_t>(a));
    if (size < 4) return nt::kInfoLengthMismatch;
    const uint32_t need = 4 + static_cast<uint32_t>(all.size()) * 2;
    put<uint32_t>(info.addr, static_cast<uint32_t>(all.size()));
    if (size < need) return nt::kInfoLengthMismatch;
    for (size_t i = 0; i < all.size(); ++i) put<uint16_t>(info.addr + 4 + 2 * i, all[i]);
    if (returned) put<uint32_t>(returned.addr, need);
    return nt::kSuccess;
  }
  return nt::kInvalidInfoClass;
}

}  // namespace ntdll_nt_atoms_impl

const std::vector<Export>& ntdll_nt_atom_exports() {
  using namespace ntdll_nt_atoms_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtAddAtom", NtAddAtom),
      EXPORT("NtFindAtom", NtFindAtom),
      EXPORT("NtDeleteAtom", NtDeleteAtom),
      EXPORT("NtQueryInformationAtom", NtQueryInformationAtom),
  };
  return exports;
}

}  // namespace polyrun::shims
