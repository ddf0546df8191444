// A PE image's resource directory as KERNEL32 reads it (loader/pe_resource_directory.cpp):
// the type, name and language trees with named and numbered entries, FindResource's and
// FindResourceEx's lookups and their language choice, and the keys programs give ("#NUMBER",
// names without case). Input: a language (2 bytes), a key's length in UTF-16 units (1 byte) and
// the key, then the directory itself (the .rsrc data a sample's data directory 2 points to). Every
// entry the walk returns, and every data entry a lookup finds, lies inside the directory.
#include <algorithm>

#include "loader/pe_resource_directory.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;
namespace res = loader::resources;

namespace {

void check_inside(const res::Directory& d, const std::vector<res::Entry>& all) {
  for (const res::Entry& e : all)
    POLYRUN_FUZZ_CHECK((e.offset & 0x7fffffffu) + 16ull <= d.size, "entry at %#x past the directory's %#x bytes",
                       e.offset, d.size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InputReader in(data, size);
  const auto language = static_cast<int16_t>(in.take<uint16_t>());
  const size_t key_units = in.take<uint8_t>() % 40;
  const std::string key_bytes = in.take_string(2 * key_units);
  std::u16string key(key_bytes.size() / 2, u'\0');
  std::copy_n(key_bytes.data(), key.size() * 2, reinterpret_cast<char*>(key.data()));
  const std::string blob = in.rest();
  const res::Directory d{reinterpret_cast<const uint8_t*>(blob.data()), static_cast<uint32_t>(blob.size())};

  // The whole tree, as the enumerations walk it (a corrupt directory's loops end at the third level).
  std::vector<res::Entry> types = res::entries(d, 0);
  check_inside(d, types);
  for (size_t i = 0; i < types.size() && i < 64; ++i) {
    if (!types[i].subdirectory()) continue;
    std::vector<res::Entry> names = res::entries(d, types[i].offset);
    check_inside(d, names);
    for (size_t j = 0; j < names.size() && j < 64; ++j) {
      if (!names[j].subdirectory()) continue;
      std::vector<res::Entry> langs = res::entries(d, names[j].offset);
      check_inside(d, langs);
      for (int32_t want : {-1, int32_t{language} & 0xffff})
        if (const res::Entry* l = res::pick_language(langs, want))
          POLYRUN_FUZZ_CHECK(l >= langs.data() && l < langs.data() + langs.size(), "language entry outside the list");
      // A lookup by the entries' own keys finds them.
      const res::Found f = res::lookup(d, res::key_of_entry(types[i]), res::key_of_entry(names[j]), -1);
      if (!f.error) POLYRUN_FUZZ_CHECK(f.offset + 16ull <= d.size, "data entry %#x past the directory", f.offset);
    }
  }

  // The program's key, as a type and as a name.
  if (std::optional<res::Key> k = res::key_of_string(key)) {
    POLYRUN_FUZZ_CHECK(!k->is_id || k->id <= 0xffff, "id %#x past 16 bits", k->id);
    res::Key any;
    any.id = 1;
    for (const res::Found& f : {res::lookup(d, *k, any, language), res::lookup(d, any, *k, -1)})
      if (!f.error) POLYRUN_FUZZ_CHECK(f.offset + 16ull <= d.size, "data entry %#x past the directory", f.offset);
  } else {
    POLYRUN_FUZZ_CHECK(!key.empty() && key[0] == u'#', "a name refused as a key");
  }
  return 0;
}
