// The resource directory's walk and lookup keys (pe_resource_directory.h).
#include "loader/pe_resource_directory.h"

#include <cstring>

namespace polyrun::loader::resources {

namespace {

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::u16string upper(std::u16string s) {
  for (char16_t& c : s)
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  return s;
}

}  // namespace

std::vector<Entry> entries(const Directory& d, uint32_t dir_offset) {
  std::vector<Entry> out;
  dir_offset &= 0x7fffffffu;
  if (!d.root || uint64_t{dir_offset} + 16 > d.size) return out;
  const uint8_t* dir = d.root + dir_offset;
  const uint32_t n = uint32_t{load<uint16_t>(dir + 12)} + load<uint16_t>(dir + 14);
  for (uint32_t i = 0; i < n && uint64_t{dir_offset} + 16 + 8ull * (i + 1) <= d.size; ++i) {
    const uint8_t* e = dir + 16 + 8 * i;
    Entry x;
    const uint32_t name = load<uint32_t>(e), to = load<uint32_t>(e + 4);
    if ((to & 0x7fffffffu) + uint64_t{16} > d.size) continue;
    x.named = name & 0x80000000u;
    if (x.named) {
      const uint32_t at = name & 0x7fffffffu;
      if (uint64_t{at} + 2 > d.size) continue;
      const uint16_t len = load<uint16_t>(d.root + at);
      if (uint64_t{at} + 2 + 2ull * len > d.size) continue;
      x.name.resize(len);
      std::memcpy(x.name.data(), d.root + at + 2, 2ull * len);
    } else {
      x.id = name & 0xffff;
    }
    x.offset = to;
    out.push_back(std::move(x));
  }
  return out;
}

std::optional<Key> key_of_string(const std::u16string& s) {
  Key k;
  if (s.empty() || s[0] != u'#') {
    k.is_id = false;
    k.name = upper(s);
    return k;
  }
  size_t i = 1;
  while (i < s.size() && s[i] <= u' ') ++i;
  bool minus = false;
  if (i < s.size() && (s[i] == u'+' || s[i] == u'-')) minus = s[i++] == u'-';
  uint32_t value = 0;
  for (; i < s.size() && s[i] >= u'0' && s[i] <= u'9'; ++i) value = value * 10 + (s[i] - u'0');
  if (minus) value = 0u - value;
  if (value > 0xffff) return std::nullopt;
  k.id = value;
  return k;
}

Key key_of_entry(const Entry& e) {
  Key k;
  k.is_id = !e.named;
  k.id = e.id;
  if (e.named) k.name = upper(e.name);
  return k;
}

const Entry* find(const std::vector<Entry>& all, const Key& k) {
  for (const Entry& e : all)
    if (k.is_id ? !e.named && e.id == k.id : e.named && upper(e.name) == k.name) return &e;
  return nullptr;
}

const Entry* pick_language(const std::vector<Entry>& langs, int32_t language) {
  const Entry* l = nullptr;
  if (language >= 0) {
    for (const Entry& e : langs)
      if (!e.named && e.id == static_cast<uint32_t>(language)) return &e;
    for (uint32_t want : {uint32_t(language) & 0x3ff, 0u})
      for (const Entry& e : langs)
        if (!l && !e.named && e.id == want) l = &e;
    return l;
  }
  for (uint32_t want : {0u, 0x400u, 0x409u, 0x9u, 0x800u})
    for (const Entry& e : langs)
      if (!l && !e.named && (e.id == want || (want == 0x9 && (e.id & 0x3ff) == 0x9))) l = &e;
  if (!l && !langs.empty()) l = &langs.front();
  return l;
}

Found subdirectory(const Directory& d, const Key& type, const Key* name) {
  const std::vector<Entry> types = entries(d, 0);  // (find() points into these: they must live)
  const Entry* t = find(types, type);
  if (!t || !t->subdirectory()) return {0, kErrorResourceTypeNotFound};
  if (!name) return {t->offset, 0};
  const std::vector<Entry> names = entries(d, t->offset);
  const Entry* n = find(names, *name);
  if (!n || !n->subdirectory()) return {0, kErrorResourceNameNotFound};
  return {n->offset, 0};
}

Found lookup(const Directory& d, const Key& type, const Key& name, int32_t language) {
  const Found n = subdirectory(d, type, &name);
  if (n.error) return n;
  const std::vector<Entry> langs = entries(d, n.offset);  // (pick_language() points into these)
  const Entry* l = pick_language(langs, language);
  if (!l || l->subdirectory()) return {0, kErrorResourceLangNotFound};
  return {l->offset, 0};
}

}  // namespace polyrun::loader::resources
