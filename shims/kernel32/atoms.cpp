// KERNEL32.dll, atoms: Add/Find/Delete/GetAtomName, global and local, narrow and wide, and
// InitAtomTable.
//
// An atom stands for a string. Integer atoms are their own values, 1-0xBFFF, given as
// MAKEINTATOM(n) (a "string" pointer below 0x10000) or as "#n" in decimal; adding, finding or
// deleting one changes nothing, and its name is "#n". String atoms are 0xC000-0xFFFF, names of 1 to
// 255 characters compared without case, each with a reference count: adding a name again counts
// one more, deleting counts one less and frees the atom at none. Each table gives a new name the
// lowest free number. The global table is NTDLL's (ntdll/global_atoms.cpp: NtAddAtom's), as
// Windows' Global*Atom functions are NtAddAtom's …; the local table is the process's own, here. Errors as Windows': an empty name ERROR_INVALID_NAME, a name too
// long or an integer out of range ERROR_INVALID_PARAMETER, a name not there ERROR_FILE_NOT_FOUND,
// an atom not there ERROR_INVALID_HANDLE, a buffer of no size ERROR_MORE_DATA.
#include "shims/kernel32/atoms.h"

#include <cwctype>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/global_atoms.h"

namespace polyrun::shims {

namespace {

constexpr uint16_t kMaxIntAtom = 0xc000;
constexpr size_t kMaxAtomLength = 255;

struct AtomEntry {
  std::u16string name;  // empty: a free number
  uint32_t references = 0;
};

struct AtomTable {
  std::vector<AtomEntry> entries;  // atom 0xC000 + index

  static bool same(const std::u16string& a, const std::u16string& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (std::towupper(a[i]) != std::towupper(b[i])) return false;
    return true;
  }
  std::optional<size_t> find(const std::u16string& name) const {
    for (size_t i = 0; i < entries.size(); ++i)
      if (entries[i].references && same(entries[i].name, name)) return i;
    return std::nullopt;
  }
  uint16_t add(const std::u16string& name) {
    if (auto i = find(name)) {
      ++entries[*i].references;
      return static_cast<uint16_t>(kMaxIntAtom + *i);
    }
    size_t i = 0;
    while (i < entries.size() && entries[i].references) ++i;
    if (i >= 0x4000) return 0;
    if (i == entries.size()) entries.emplace_back();
    entries[i] = {name, 1};
    return static_cast<uint16_t>(kMaxIntAtom + i);
  }
  AtomEntry* at(uint16_t atom) {
    if (atom < kMaxIntAtom) return nullptr;
    const size_t i = atom - kMaxIntAtom;
    return i < entries.size() && entries[i].references ? &entries[i] : nullptr;
  }
};

GuestCallMutex& atoms_mutex() {
  static GuestCallMutex m;
  return m;
}
AtomTable& local_atom_table() {
  static AtomTable local_table;
  return local_table;
}

// A name argument: an integer atom (a pointer below 0x10000), or a string read narrow or wide.
struct AtomName {
  bool integer = false;
  uint16_t atom = 0;
  std::u16string name;
};
AtomName read_atom_name(uint64_t s, bool wide) {
  AtomName n;
  if (s < 0x10000) {
    n.integer = true;
    n.atom = static_cast<uint16_t>(s);
    return n;
  }
  if (wide) {
    n.name = WStr{s}.str();
  } else {
    n.name = ansi_to_utf16(reinterpret_cast<const char*>(s));  // the ANSI code page's
  }
  return n;
}

// What a string names: an integer atom ("#n", digits only), or a string atom's name; 0 with the
// error set when neither.
enum class AtomKind { kInteger, kString, kBad };
AtomKind classify_atom(WindowsProcess& p, AtomName& n) {
  if (n.integer) {
    if (n.atom >= kMaxIntAtom) {
      p.set_last_error(ERROR_INVALID_PARAMETER);
      n.atom = 0;
    }
    return AtomKind::kInteger;
  }
  if (n.name.empty()) {
    p.set_last_error(ERROR_INVALID_NAME);
    return AtomKind::kBad;
  }
  if (n.name[0] == u'#' && n.name.size() > 1) {
    uint32_t v = 0;
    size_t i = 1;
    while (i < n.name.size() && n.name[i] >= u'0' && n.name[i] <= u'9') v = (v * 10 + (n.name[i++] - u'0')) & 0xffff;
    if (i == n.name.size()) {
      if (!v || v >= kMaxIntAtom) {
        p.set_last_error(ERROR_INVALID_PARAMETER);
        return AtomKind::kBad;
      }
      n.integer = true;
      n.atom = static_cast<uint16_t>(v);
      return AtomKind::kInteger;
    }
  }
  if (n.name.size() > kMaxAtomLength) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return AtomKind::kBad;
  }
  return AtomKind::kString;
}

uint16_t add_atom(WindowsProcess& p, bool global, uint64_t s, bool wide) {
  AtomName n = read_atom_name(s, wide);
  switch (classify_atom(p, n)) {
    case AtomKind::kInteger: return n.atom;
    case AtomKind::kBad: return 0;
    case AtomKind::kString: break;
  }
  uint16_t atom = 0;
  if (global) {
    if (ntdll_global_atoms::add(n.name, &atom)) atom = 0;
  } else {
    std::lock_guard<GuestCallMutex> lock(atoms_mutex());
    atom = local_atom_table().add(n.name);
  }
  if (!atom) p.set_last_error(ERROR_NOT_ENOUGH_MEMORY);
  return atom;
}

uint16_t find_atom(WindowsProcess& p, bool global, uint64_t s, bool wide) {
  AtomName n = read_atom_name(s, wide);
  switch (classify_atom(p, n)) {
    case AtomKind::kInteger: return n.atom;
    case AtomKind::kBad: return 0;
    case AtomKind::kString: break;
  }
  if (global) {
    uint16_t atom = 0;
    if (ntdll_global_atoms::find(n.name, &atom) == 0) return atom;
  } else {
    std::lock_guard<GuestCallMutex> lock(atoms_mutex());
    if (auto i = local_atom_table().find(n.name)) return static_cast<uint16_t>(kMaxIntAtom + *i);
  }
  p.set_last_error(ERROR_FILE_NOT_FOUND);
  return 0;
}

// DeleteAtom: 0 when done (an integer atom: nothing to do), the atom itself when it is not there.
uint16_t delete_atom(WindowsProcess& p, bool global, uint16_t atom) {
  if (atom < kMaxIntAtom) return 0;
  if (global) {
    if (ntdll_global_atoms::remove(atom) == 0) return 0;
    p.set_last_error(ERROR_INVALID_HANDLE);
    return atom;
  }
  std::lock_guard<GuestCallMutex> lock(atoms_mutex());
  AtomEntry* e = local_atom_table().at(atom);
  if (!e) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return atom;
  }
  if (--e->references == 0) e->name.clear();
  return 0;
}

// An atom's name: "#n" for an integer atom; false (the error set) for 0 or an atom not there.
bool atom_name(WindowsProcess& p, bool global, uint16_t atom, std::u16string& out) {
  if (!atom) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return false;
  }
  if (atom < kMaxIntAtom) {
    out = utf8_to_utf16("#" + std::to_string(atom));
    return true;
  }
  if (global) {
    if (ntdll_global_atoms::name(atom, &out, nullptr)) return true;
    p.set_last_error(ERROR_INVALID_HANDLE);
    return false;
  }
  std::lock_guard<GuestCallMutex> lock(atoms_mutex());
  AtomEntry* e = local_atom_table().at(atom);
  if (!e) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return false;
  }
  out = e->name;
  return true;
}

void put_atom_wide(uint64_t buf, const std::u16string& s, size_t n) {
  for (size_t i = 0; i < n; ++i) put<char16_t>(buf + 2 * i, s[i]);
}

// GlobalGetAtomNameW: as many characters as fit; a name that fits exactly has no terminator (not an
// error); one too long fills the buffer and is ERROR_MORE_DATA.
uint32_t GlobalGetAtomNameW(WindowsProcess& p, uint16_t atom, Ptr buf, int32_t count) {
  if (count <= 0) return p.set_last_error(ERROR_MORE_DATA), 0;
  std::u16string name;
  if (!atom_name(p, true, atom, name)) return 0;
  size_t n = std::min<size_t>(name.size(), count);
  put_atom_wide(buf.addr, name, n);
  if (n < name.size()) {
    p.set_last_error(ERROR_MORE_DATA);
    return static_cast<uint32_t>(count);
  }
  if (n < static_cast<size_t>(count)) put<char16_t>(buf.addr + 2 * n, 0);
  return static_cast<uint32_t>(n);
}

// GetAtomNameW: what fits with its terminator; nothing fitting is ERROR_INSUFFICIENT_BUFFER.
uint32_t GetAtomNameW(WindowsProcess& p, uint16_t atom, Ptr buf, int32_t count) {
  if (count <= 0) return p.set_last_error(ERROR_MORE_DATA), 0;
  std::u16string name;
  if (!atom_name(p, false, atom, name)) return 0;
  const size_t n = std::min<size_t>(name.size(), count - 1);
  if (!n) p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
  put_atom_wide(buf.addr, name, n);
  put<char16_t>(buf.addr + 2 * n, 0);
  return static_cast<uint32_t>(n);
}

// The narrow forms: what fits with its terminator, in bytes of the ANSI code page. A name too long is ERROR_MORE_DATA, with 0
// from the global form and the bytes copied from the local one.
uint32_t get_atom_name_narrow(WindowsProcess& p, bool global, uint16_t atom, Ptr buf, int32_t count) {
  if (count <= 0) return p.set_last_error(ERROR_MORE_DATA), 0;
  std::u16string wide;
  if (!atom_name(p, global, atom, wide)) return 0;
  const std::string name = utf16_to_ansi(wide);
  const size_t c = std::min<size_t>(name.size(), count - 1);
  for (size_t i = 0; i < c; ++i) put<char>(buf.addr + i, name[i]);
  put<char>(buf.addr + c, 0);
  if (name.size() >= static_cast<size_t>(count)) {
    p.set_last_error(ERROR_MORE_DATA);
    return global ? 0 : static_cast<uint32_t>(c);
  }
  return static_cast<uint32_t>(name.size());
}

uint16_t GlobalAddAtomA(WindowsProcess& p, Ptr s) { return add_atom(p, true, s.addr, false); }
uint16_t GlobalAddAtomW(WindowsProcess& p, Ptr s) { return add_atom(p, true, s.addr, true); }
uint16_t AddAtomA(WindowsProcess& p, Ptr s) { return add_atom(p, false, s.addr, false); }
uint16_t AddAtomW(WindowsProcess& p, Ptr s) { return add_atom(p, false, s.addr, true); }
uint16_t GlobalFindAtomA(WindowsProcess& p, Ptr s) { return find_atom(p, true, s.addr, false); }
uint16_t GlobalFindAtomW(WindowsProcess& p, Ptr s) { return find_atom(p, true, s.addr, true); }
uint16_t FindAtomA(WindowsProcess& p, Ptr s) { return find_atom(p, false, s.addr, false); }
uint16_t FindAtomW(WindowsProcess& p, Ptr s) { return find_atom(p, false, s.addr, true); }
uint16_t GlobalDeleteAtom(WindowsProcess& p, uint16_t atom) { return delete_atom(p, true, atom); }
uint16_t DeleteAtom(WindowsProcess& p, uint16_t atom) { return delete_atom(p, false, atom); }
uint32_t GlobalGetAtomNameA(WindowsProcess& p, uint16_t atom, Ptr buf, int32_t count) {
  return get_atom_name_narrow(p, true, atom, buf, count);
}
uint32_t GetAtomNameA(WindowsProcess& p, uint16_t atom, Ptr buf, int32_t count) {
  return get_atom_name_narrow(p, false, atom, buf, count);
}
// InitAtomTable: the local table's size is a hint; polyrun's grows as needed.
BOOL InitAtomTable(WindowsProcess&, uint32_t) { return TRUE; }

}  // namespace

uint16_t global_atom_add(WindowsProcess&, const std::u16string& name) {
  uint16_t atom = 0;
  return ntdll_global_atoms::add(name, &atom) ? 0 : atom;
}
uint16_t global_atom_find(WindowsProcess&, const std::u16string& name) {
  uint16_t atom = 0;
  return ntdll_global_atoms::find(name, &atom) ? 0 : atom;
}
bool global_atom_name(WindowsProcess& p, uint16_t atom, std::u16string& name) { return atom_name(p, true, atom, name); }

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_atom_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GlobalAddAtomA", GlobalAddAtomA),
      EXPORT("GlobalAddAtomW", GlobalAddAtomW),
      EXPORT("AddAtomA", AddAtomA),
      EXPORT("AddAtomW", AddAtomW),
      EXPORT("GlobalFindAtomA", GlobalFindAtomA),
      EXPORT("GlobalFindAtomW", GlobalFindAtomW),
      EXPORT("FindAtomA", FindAtomA),
      EXPORT("FindAtomW", FindAtomW),
      EXPORT("GlobalDeleteAtom", GlobalDeleteAtom),
      EXPORT("DeleteAtom", DeleteAtom),
      EXPORT("GlobalGetAtomNameA", GlobalGetAtomNameA),
      EXPORT("GlobalGetAtomNameW", GlobalGetAtomNameW),
      EXPORT("GetAtomNameA", GetAtomNameA),
      EXPORT("GetAtomNameW", GetAtomNameW),
      EXPORT("InitAtomTable", InitAtomTable),
  };
  return exports;
}

}  // namespace polyrun::shims
