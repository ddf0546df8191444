// The resource directory of a PE image (.rsrc: IMAGE_RESOURCE_DIRECTORY trees of type, name and
// language), read where it lies in memory with every offset checked against the directory's size
// (a corrupt image's entries past it are left out), and the keys programs look resources up by.
// No process state: the PE loader (the application manifest), a PE file's resources read without
// mapping it (pe_file_resource.cpp, VERSION.dll's), KERNEL32's FindResource family
// (shims/kernel32/resources.cpp) and the fuzz targets use it alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace polyrun::loader::resources {

// The directory: its first byte in memory and its size (the data directory's).
struct Directory {
  const uint8_t* root = nullptr;
  uint32_t size = 0;
};

// A directory's entry: (name or id, what it points to).
struct Entry {
  bool named = false;
  uint32_t id = 0;       // when !named
  std::u16string name;   // when named
  uint32_t offset = 0;   // from the root: a subdirectory (high bit) or a data entry
  bool subdirectory() const { return offset & 0x80000000u; }
};

// The entries of the directory at `dir_offset` (high bit ignored): named ones first, as stored.
std::vector<Entry> entries(const Directory& d, uint32_t dir_offset);

// A type or name as a program gives it: an integer (MAKEINTRESOURCE), "#NUMBER", or a name
// (compared without case).
struct Key {
  bool is_id = true;
  uint32_t id = 0;
  std::u16string name;
};
// The key of a string: "#NUMBER" is read as Windows reads it (leading blanks, a sign, decimal
// digits up to the first other character, modulo 2^32: "#abc" is 0, "#7x" is 7) and must fit in
// 16 bits; nothing (ERROR_INVALID_PARAMETER) when it does not ("#-1", "#70000").
std::optional<Key> key_of_string(const std::u16string& s);

// The key that names an entry (its id, or its name in upper case).
Key key_of_entry(const Entry& e);

// The entry of `all` that `k` names, or null.
const Entry* find(const std::vector<Entry>& all, const Key& k);

// The language entry FindResourceEx (`language` >= 0: that language, its neutral form, then the
// neutral language) or FindResource (-1: the neutral language, the user's (en-US), English, then
// the first there is) takes among `langs`, or null.
const Entry* pick_language(const std::vector<Entry>& langs, int32_t language);

// A search's result: an offset from the root, or the Windows error that says what was not found.
struct Found {
  uint32_t offset = 0;
  uint32_t error = 0;  // ERROR_RESOURCE_{TYPE,NAME,LANG}_NOT_FOUND; 0 when found
};
// The subdirectory of a type's names (`name` null) or of a name's languages: what the
// enumerations walk.
Found subdirectory(const Directory& d, const Key& type, const Key* name);
// FindResource(Ex): the data entry (IMAGE_RESOURCE_DATA_ENTRY, 16 bytes inside the directory).
Found lookup(const Directory& d, const Key& type, const Key& name, int32_t language);

constexpr uint32_t kErrorResourceDataNotFound = 1812, kErrorResourceTypeNotFound = 1813,
                   kErrorResourceNameNotFound = 1814, kErrorResourceLangNotFound = 1815;

}  // namespace polyrun::loader::resources
