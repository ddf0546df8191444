// OLE32.dll: simple property sets ([MS-OLEPS]) in a storage: StgCreatePropSetStg's
// IPropertySetStorage (Create, Open, Delete) and the IPropertyStorage over one set's stream
// (StgCreatePropStg, StgOpenPropStg). The stream is named by FmtIdToPropStgName and holds the
// property set stream: its header (byte order 0xFFFE, version 0, the class, one set and its
// FMTID), then the set — its size, the properties' identifiers and offsets, and each property's
// type and value, 4-byte aligned. The code page (property 1) is 1200 (UTF-16) unless the set was
// made with PROPSETFLAG_ANSI; names live in the dictionary (property 0). Values of the types a
// simple set holds are kept: the integers, reals, booleans, errors, currency, dates, file times,
// strings (LPSTR in the set's code page, LPWSTR, BSTR), CLSIDs and blobs. A property set is read
// when opened and written back at Commit (and, in direct mode, at every change). Non-simple sets
// (PROPSETFLAG_NONSIMPLE, a storage per set) are not provided: STG_E_INVALIDFLAG, as for a flag
// the implementation does not take.
#include <algorithm>
#include <functional>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr GuidBytes kIidIPropertyStorage = make_guid(0x00000138, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr GuidBytes kIidIPropertySetStorage = make_guid(0x0000013a, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr uint32_t PROPSETFLAG_NONSIMPLE = 1, PROPSETFLAG_ANSI = 2, PRSPEC_LPWSTR = 0, PRSPEC_PROPID = 1;
constexpr uint32_t kCodePageUnicode = 1200;
// (a stream that is no property set stream)
constexpr int32_t STG_E_INVALIDHEADER = static_cast<int32_t>(0x800300fb);

struct Value {
  uint16_t vt = 0;
  std::vector<uint8_t> data;  // the value's serialized bytes (without type and padding)
};
struct PropertySet {
  uint32_t refs = 1;
  uint64_t stream = 0;  // held
  uint32_t mode = 0, flags = 0, code_page = kCodePageUnicode;
  GuidBytes fmtid{}, clsid{};
  std::map<uint32_t, Value> values;
  std::map<uint32_t, std::u16string> names;
};
std::map<uint64_t, PropertySet> property_sets;

PropertySet& set_of(uint64_t self) {
  auto it = property_sets.find(self);
  if (it == property_sets.end()) touch_guest_byte(0);
  return it->second;
}

void add32(std::vector<uint8_t>& b, uint32_t v) { b.insert(b.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 4); }
void pad4(std::vector<uint8_t>& b) { b.resize((b.size() + 3) & ~size_t{3}, 0); }
uint32_t at32(const std::vector<uint8_t>& b, size_t at) {
  uint32_t v = 0;
  if (at + 4 <= b.size()) std::memcpy(&v, b.data() + at, 4);
  return v;
}

size_t fixed_size(uint16_t vt) {
  switch (vt) {
    case VT_I1: case VT_UI1: return 1;
    case VT_I2: case VT_UI2: case VT_BOOL: return 2;
    case VT_I4: case VT_UI4: case VT_INT: case VT_UINT: case VT_R4: case VT_ERROR: return 4;
    case VT_I8: case VT_UI8: case VT_R8: case VT_CY: case VT_DATE: case VT_FILETIME: return 8;
    case VT_CLSID: return 16;
  }
  return 0;
}
bool counted(uint16_t vt) { return vt == VT_LPSTR || vt == VT_LPWSTR || vt == VT_BSTR || vt == VT_BLOB; }

// A string of a set's code page (not Unicode) as UTF-16, and back; a page polyrun has no table for
// is read as the ANSI code page.
std::u16string set_text(uint32_t code_page, const std::vector<uint8_t>& bytes) {
  const std::string_view in(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::u16string out;
  if (!is_valid_code_page(resolve_code_page(code_page)) || !multibyte_to_utf16(resolve_code_page(code_page), 0, in, out))
    out = ansi_to_utf16(in);
  return out;
}
std::string set_bytes(uint32_t code_page, const std::u16string& text) {
  std::string out;
  if (!is_valid_code_page(resolve_code_page(code_page)) ||
      !utf16_to_multibyte(resolve_code_page(code_page), 0, text, nullptr, nullptr, out))
    out = utf16_to_ansi(text);
  return out;
}

// The stream's bytes for the set.
std::vector<uint8_t> serialize(const PropertySet& s) {
  std::vector<uint8_t> body;  // the properties after the identifier/offset table
  std::vector<std::pair<uint32_t, uint32_t>> table;
  std::map<uint32_t, Value> all = s.values;
  Value cp;
  cp.vt = VT_I2;
  cp.data = {static_cast<uint8_t>(s.code_page), static_cast<uint8_t>(s.code_page >> 8)};
  all[1] = cp;
  const size_t count = all.size() + (s.names.empty() ? 0 : 1);
  const size_t table_end = 8 + 8 * count;
  if (!s.names.empty()) {
    table.emplace_back(0, static_cast<uint32_t>(table_end + body.size()));
    add32(body, static_cast<uint32_t>(s.names.size()));
    for (const auto& [id, name] : s.names) {
      add32(body, id);
      if (s.code_page == kCodePageUnicode) {
        add32(body, static_cast<uint32_t>(name.size() + 1));
        for (char16_t c : name) { body.push_back(static_cast<uint8_t>(c)); body.push_back(static_cast<uint8_t>(c >> 8)); }
        body.push_back(0);
        body.push_back(0);
        pad4(body);
      } else {
        add32(body, static_cast<uint32_t>(name.size() + 1));
        for (char16_t c : name) body.push_back(static_cast<uint8_t>(c));
        body.push_back(0);
      }
    }
    pad4(body);
  }
  for (const auto& [id, v] : all) {
    table.emplace_back(id, static_cast<uint32_t>(table_end + body.size()));
    add32(body, v.vt);
    if (counted(v.vt)) {
      const uint32_t n = v.vt == VT_LPWSTR ? static_cast<uint32_t>(v.data.size() / 2) : static_cast<uint32_t>(v.data.size());
      add32(body, n);
    }
    body.insert(body.end(), v.data.begin(), v.data.end());
    pad4(body);
  }
  std::vector<uint8_t> set;
  add32(set, static_cast<uint32_t>(table_end + body.size()));
  add32(set, static_cast<uint32_t>(table.size()));
  for (const auto& [id, offset] : table) {
    add32(set, id);
    add32(set, offset);
  }
  set.insert(set.end(), body.begin(), body.end());
  std::vector<uint8_t> out = {0xfe, 0xff, 0, 0};
  add32(out, 0x00020006);  // the system: Windows, version 6.2
  out.insert(out.end(), s.clsid.begin(), s.clsid.end());
  add32(out, 1);
  out.insert(out.end(), s.fmtid.begin(), s.fmtid.end());
  add32(out, 48);
  out.insert(out.end(), set.begin(), set.end());
  return out;
}

// Reads the stream's bytes into the set: false when they are no property set stream.
bool parse(PropertySet& s, const std::vector<uint8_t>& b) {
  if (b.size() < 48 || b[0] != 0xfe || b[1] != 0xff || at32(b, 24) < 1) return false;
  std::memcpy(s.clsid.data(), b.data() + 8, 16);
  std::memcpy(s.fmtid.data(), b.data() + 28, 16);
  const size_t base = at32(b, 44);
  const uint32_t count = at32(b, base + 4);
  if (base + 8 + 8ull * count > b.size()) return false;
  s.values.clear();
  s.names.clear();
  // The code page first: it says how strings are stored.
  for (uint32_t i = 0; i < count; ++i)
    if (at32(b, base + 8 + 8 * i) == 1) s.code_page = at32(b, base + at32(b, base + 12 + 8 * i) + 4) & 0xffff;
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t id = at32(b, base + 8 + 8 * i);
    size_t at = base + at32(b, base + 12 + 8 * i);
    if (at + 4 > b.size()) return false;
    if (id == 0) {
      const uint32_t entries = at32(b, at);
      at += 4;
      for (uint32_t e = 0; e < entries && at + 8 <= b.size(); ++e) {
        const uint32_t name_id = at32(b, at), length = at32(b, at + 4);
        at += 8;
        std::u16string name;
        if (s.code_page == kCodePageUnicode) {
          for (uint32_t k = 0; k + 1 < length && at + 2 * k + 1 < b.size(); ++k)
            name.push_back(static_cast<char16_t>(b[at + 2 * k] | b[at + 2 * k + 1] << 8));
          at += 2 * length;
          at = (at + 3) & ~size_t{3};
        } else {
          for (uint32_t k = 0; k + 1 < length && at + k < b.size(); ++k) name.push_back(b[at + k]);
          at += length;
        }
        s.names[name_id] = name;
      }
      continue;
    }
    if (id == 1) continue;
    Value v;
    v.vt = static_cast<uint16_t>(at32(b, at));
    at += 4;
    if (counted(v.vt)) {
      const uint32_t n = at32(b, at);
      const size_t bytes = v.vt == VT_LPWSTR ? 2ull * n : n;
      at += 4;
      if (at + bytes > b.size()) return false;
      v.data.assign(b.begin() + static_cast<ptrdiff_t>(at), b.begin() + static_cast<ptrdiff_t>(at + bytes));
    } else if (const size_t n = fixed_size(v.vt)) {
      if (at + n > b.size()) return false;
      v.data.assign(b.begin() + static_cast<ptrdiff_t>(at), b.begin() + static_cast<ptrdiff_t>(at + n));
    } else {
      continue;  // a type a simple set does not hold here
    }
    s.values[id] = std::move(v);
  }
  return true;
}

int32_t save(WindowsProcess& p, PropertySet& s) {
  const std::vector<uint8_t> bytes = serialize(s);
  uint64_t position = 0;
  int32_t hr = stream_seek(p, s.stream, 0, 0, position);
  if (com::failed(hr)) return hr;
  Scratch block(p, bytes.size());
  std::memcpy(guest_pointer(block.addr), bytes.data(), bytes.size());
  uint32_t done = 0;
  hr = stream_write(p, s.stream, block.addr, static_cast<uint32_t>(bytes.size()), done);
  if (com::failed(hr)) return hr;
  const std::vector<uint64_t> size = p.isa->ptr == 8 ? std::vector<uint64_t>{bytes.size()} : std::vector<uint64_t>{bytes.size(), 0};
  call_method(p, s.stream, kStreamSetSize, size);
  return com::S_OK;
}

int32_t load(WindowsProcess& p, PropertySet& s) {
  uint64_t position = 0;
  stream_seek(p, s.stream, 0, 2, position);
  const uint64_t size = position;
  stream_seek(p, s.stream, 0, 0, position);
  Scratch block(p, size);
  uint32_t done = 0;
  const int32_t hr = stream_read(p, s.stream, block.addr, static_cast<uint32_t>(size), done);
  if (com::failed(hr)) return hr;
  const uint8_t* bytes = static_cast<const uint8_t*>(guest_pointer(block.addr));
  return parse(s, std::vector<uint8_t>(bytes, bytes + done)) ? com::S_OK : STG_E_INVALIDHEADER;
}

int32_t changed(WindowsProcess& p, PropertySet& s) {
  return (s.mode & STGM_TRANSACTED) ? com::S_OK : save(p, s);
}

// PROPSPEC: ulKind, then the PROPID or the name at the pointer's alignment.
uint64_t propspec_size(WindowsProcess& p) { return 2 * uint64_t{p.isa->ptr}; }

// The identifier a PROPSPEC names (0 when a name is unknown).
uint32_t resolve(WindowsProcess& p, PropertySet& s, uint64_t spec) {
  if (get<uint32_t>(spec) == PRSPEC_PROPID) return get<uint32_t>(spec + p.isa->ptr);
  const std::u16string name = read_wide(p.get_ptr(spec + p.isa->ptr));
  std::u16string upper_name = name;
  for (char16_t& c : upper_name) if (c >= 'a' && c <= 'z') c = static_cast<char16_t>(c - 32);
  for (const auto& [id, n] : s.names) {
    std::u16string u = n;
    for (char16_t& c : u) if (c >= 'a' && c <= 'z') c = static_cast<char16_t>(c - 32);
    if (u == upper_name) return id;
  }
  return 0;
}

// A PROPVARIANT of the stored value (strings and blobs in new blocks: the task allocator's, or
// `allocate`'s).
void to_variant(WindowsProcess& p, const PropertySet& s, const Value& v, uint64_t out,
                const std::function<uint64_t(uint64_t)>& allocate_with = nullptr) {
  auto alloc = [&](uint64_t size, bool zero) {
    if (!allocate_with) return p.heap.alloc(size, zero);
    const uint64_t block = allocate_with(size);
    if (block && zero) std::memset(guest_pointer(block), 0, size);
    return block;
  };
  const unsigned ptr = p.isa->ptr;
  std::memset(guest_pointer(out), 0, ptr == 8 ? 24 : 16);
  put<uint16_t>(out, v.vt);
  if (const size_t n = fixed_size(v.vt); n && v.vt != VT_CLSID) {
    std::memcpy(guest_pointer(out + 8), v.data.data(), n);
    return;
  }
  switch (v.vt) {
    case VT_CLSID: {
      const uint64_t block = alloc(16, false);
      std::memcpy(guest_pointer(block), v.data.data(), 16);
      p.put_ptr(out + 8, block);
      break;
    }
    case VT_LPWSTR: {
      const uint64_t block = alloc(v.data.size() + 2, true);
      std::memcpy(guest_pointer(block), v.data.data(), v.data.size());
      p.put_ptr(out + 8, block);
      break;
    }
    case VT_LPSTR: case VT_BSTR: {
      if (s.code_page == kCodePageUnicode || v.vt == VT_BSTR) {
        std::u16string text;
        if (s.code_page == kCodePageUnicode)
          for (size_t i = 0; i + 1 < v.data.size(); i += 2) text.push_back(static_cast<char16_t>(v.data[i] | v.data[i + 1] << 8));
        else
          text = set_text(s.code_page, v.data);
        while (!text.empty() && text.back() == 0) text.pop_back();
        if (v.vt == VT_BSTR) {
          const uint64_t block = alloc(4 + text.size() * 2 + 2, true);
          put<uint32_t>(block, static_cast<uint32_t>(text.size() * 2));
          std::memcpy(guest_pointer(block + 4), text.data(), text.size() * 2);
          p.put_ptr(out + 8, block + 4);
        } else {
          // An LPSTR of a Unicode set comes back in the ANSI code page.
          const std::string narrow = utf16_to_ansi(text);
          const uint64_t block = alloc(narrow.size() + 1, true);
          std::memcpy(guest_pointer(block), narrow.data(), narrow.size());
          p.put_ptr(out + 8, block);
        }
      } else {
        const uint64_t block = alloc(v.data.size() + 1, true);
        std::memcpy(guest_pointer(block), v.data.data(), v.data.size());
        p.put_ptr(out + 8, block);
      }
      break;
    }
    case VT_BLOB: {
      put<uint32_t>(out + 8, static_cast<uint32_t>(v.data.size()));
      const uint64_t block = alloc(v.data.size() ? v.data.size() : 1, false);
      std::memcpy(guest_pointer(block), v.data.data(), v.data.size());
      p.put_ptr(out + 8 + ptr, block);
      break;
    }
  }
}

// The value of a PROPVARIANT to store (false for a type a simple set cannot hold).
bool from_variant(WindowsProcess& p, const PropertySet& s, uint64_t in, Value& v) {
  const unsigned ptr = p.isa->ptr;
  v.vt = get<uint16_t>(in);
  v.data.clear();
  if (const size_t n = fixed_size(v.vt); n && v.vt != VT_CLSID) {
    const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(in + 8));
    v.data.assign(b, b + n);
    return true;
  }
  const uint64_t value = p.get_ptr(in + 8);
  switch (v.vt) {
    case VT_CLSID: {
      if (!value) return false;
      const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(value));
      v.data.assign(b, b + 16);
      return true;
    }
    case VT_LPWSTR: {
      const std::u16string text = read_wide(value);
      for (char16_t c : text) { v.data.push_back(static_cast<uint8_t>(c)); v.data.push_back(static_cast<uint8_t>(c >> 8)); }
      v.data.push_back(0);
      v.data.push_back(0);
      return true;
    }
    case VT_LPSTR: case VT_BSTR: {
      std::u16string text;
      // (the caller's LPSTR is in the ANSI code page; a set of another code page keeps its own)
      if (v.vt == VT_BSTR) text = read_wide(value);
      else if (value) text = ansi_to_utf16(static_cast<const char*>(guest_pointer(value)));
      if (s.code_page == kCodePageUnicode) {
        for (char16_t c : text) { v.data.push_back(static_cast<uint8_t>(c)); v.data.push_back(static_cast<uint8_t>(c >> 8)); }
        v.data.push_back(0);
        v.data.push_back(0);
      } else if (v.vt == VT_LPSTR && resolve_code_page(s.code_page) == kAnsiCodePage) {
        const std::string bytes = static_cast<const char*>(guest_pointer(value));
        v.data.assign(bytes.begin(), bytes.end());
        v.data.push_back(0);
      } else {
        const std::string bytes = set_bytes(s.code_page, text);
        v.data.assign(bytes.begin(), bytes.end());
        v.data.push_back(0);
      }
      return true;
    }
    case VT_BLOB: {
      const uint32_t n = get<uint32_t>(in + 8);
      const uint64_t data = p.get_ptr(in + 8 + ptr);
      if (n && data) {
        const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(data));
        v.data.assign(b, b + n);
      }
      return true;
    }
  }
  return false;
}

// ---- IPropertyStorage ----
int32_t Ps_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIPropertyStorage)) {
    ++set_of(self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Ps_AddRef(WindowsProcess&, Ptr self) { return ++set_of(self.addr).refs; }
uint32_t Ps_Release(WindowsProcess& p, Ptr self) {
  PropertySet& s = set_of(self.addr);
  if (--s.refs) return s.refs;
  const uint64_t stream = s.stream;
  property_sets.erase(self.addr);
  p.heap.free(self.addr);
  call_method(p, stream, kRelease);
  return 0;
}

int32_t Ps_ReadMultiple(WindowsProcess& p, Ptr self, uint32_t count, Ptr specs, Ptr values) {
  if (!specs || !values) return com::E_INVALIDARG;
  PropertySet& s = set_of(self.addr);
  const uint64_t vsize = p.isa->ptr == 8 ? 24 : 16;
  bool any = false;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t out = values.addr + i * vsize;
    std::memset(guest_pointer(out), 0, vsize);
    const uint32_t id = resolve(p, s, specs.addr + i * propspec_size(p));
    if (id == 1) {
      put<uint16_t>(out, VT_I2);
      put<uint16_t>(out + 8, static_cast<uint16_t>(s.code_page));
      any = true;
      continue;
    }
    auto it = s.values.find(id);
    if (it == s.values.end()) continue;
    to_variant(p, s, it->second, out);
    any = true;
  }
  return any ? com::S_OK : com::S_FALSE;
}

int32_t Ps_WriteMultiple(WindowsProcess& p, Ptr self, uint32_t count, Ptr specs, Ptr values, uint32_t first_name_id) {
  if (!specs || !values) return com::E_INVALIDARG;
  PropertySet& s = set_of(self.addr);
  if (!(s.mode & (STGM_WRITE | STGM_READWRITE))) return STG_E_ACCESSDENIED;
  const uint64_t vsize = p.isa->ptr == 8 ? 24 : 16;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t spec = specs.addr + i * propspec_size(p);
    uint32_t id = resolve(p, s, spec);
    if (get<uint32_t>(spec) == PRSPEC_LPWSTR && !id) {
      if (first_name_id < 2) return com::STG_E_INVALIDPARAMETER;
      id = first_name_id;
      while (s.values.count(id) || s.names.count(id)) ++id;
      s.names[id] = read_wide(p.get_ptr(spec + p.isa->ptr));
    }
    if (id == 0 || id == 1 || id >= 0x80000000u) return com::STG_E_INVALIDPARAMETER;
    Value v;
    if (get<uint16_t>(values.addr + i * vsize) == VT_EMPTY) {
      s.values.erase(id);
      continue;
    }
    if (!from_variant(p, s, values.addr + i * vsize, v)) return com::STG_E_INVALIDPARAMETER;
    s.values[id] = std::move(v);
  }
  return changed(p, s);
}

int32_t Ps_DeleteMultiple(WindowsProcess& p, Ptr self, uint32_t count, Ptr specs) {
  PropertySet& s = set_of(self.addr);
  for (uint32_t i = 0; i < count; ++i) s.values.erase(resolve(p, s, specs.addr + i * propspec_size(p)));
  return changed(p, s);
}

int32_t Ps_ReadPropertyNames(WindowsProcess& p, Ptr self, uint32_t count, Ptr ids, Ptr names) {
  PropertySet& s = set_of(self.addr);
  bool any = false;
  for (uint32_t i = 0; i < count; ++i) {
    auto it = s.names.find(get<uint32_t>(ids.addr + 4 * i));
    p.put_ptr(names.addr + i * p.isa->ptr, it == s.names.end() ? 0 : task_wide(p, it->second));
    if (it != s.names.end()) any = true;
  }
  return any ? com::S_OK : com::S_FALSE;
}

int32_t Ps_WritePropertyNames(WindowsProcess& p, Ptr self, uint32_t count, Ptr ids, Ptr names) {
  PropertySet& s = set_of(self.addr);
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t id = get<uint32_t>(ids.addr + 4 * i);
    if (id < 2 || id >= 0x80000000u) return com::STG_E_INVALIDPARAMETER;
    s.names[id] = read_wide(p.get_ptr(names.addr + i * p.isa->ptr));
  }
  return changed(p, s);
}

int32_t Ps_DeletePropertyNames(WindowsProcess& p, Ptr self, uint32_t count, Ptr ids) {
  PropertySet& s = set_of(self.addr);
  for (uint32_t i = 0; i < count; ++i) s.names.erase(get<uint32_t>(ids.addr + 4 * i));
  return changed(p, s);
}

int32_t Ps_Commit(WindowsProcess& p, Ptr self, uint32_t) { return save(p, set_of(self.addr)); }
int32_t Ps_Revert(WindowsProcess& p, Ptr self) {
  PropertySet& s = set_of(self.addr);
  return (s.mode & STGM_TRANSACTED) ? load(p, s) : com::S_OK;
}
int32_t Ps_SetClass(WindowsProcess& p, Ptr self, Ptr clsid) {
  if (!clsid) return com::E_INVALIDARG;
  PropertySet& s = set_of(self.addr);
  s.clsid = read_guid(clsid.addr);
  return changed(p, s);
}

// Stat(&statpropsetstg): the FMTID, class, flags and (for a simple set, which keeps none) zero
// times, and the system the set was written by.
int32_t Ps_Stat(WindowsProcess&, Ptr self, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  PropertySet& s = set_of(self.addr);
  std::memset(guest_pointer(out.addr), 0, 64);
  write_guid(out.addr, s.fmtid);
  write_guid(out.addr + 16, s.clsid);
  put<uint32_t>(out.addr + 32, s.flags);
  put<uint32_t>(out.addr + 60, 0x00020006);
  return com::S_OK;
}

const std::vector<Export>& property_storage_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IPropertyStorage::QueryInterface", Ps_QueryInterface),
      EXPORT("IPropertyStorage::AddRef", Ps_AddRef),
      EXPORT("IPropertyStorage::Release", Ps_Release),
      EXPORT("IPropertyStorage::ReadMultiple", Ps_ReadMultiple),
      EXPORT("IPropertyStorage::WriteMultiple", Ps_WriteMultiple),
      EXPORT("IPropertyStorage::DeleteMultiple", Ps_DeleteMultiple),
      EXPORT("IPropertyStorage::ReadPropertyNames", Ps_ReadPropertyNames),
      EXPORT("IPropertyStorage::WritePropertyNames", Ps_WritePropertyNames),
      EXPORT("IPropertyStorage::DeletePropertyNames", Ps_DeletePropertyNames),
      EXPORT("IPropertyStorage::Commit", Ps_Commit),
      EXPORT("IPropertyStorage::Revert", Ps_Revert),
      missing_method("IPropertyStorage::Enum"),
      missing_method("IPropertyStorage::SetTimes"),
      EXPORT("IPropertyStorage::SetClass", Ps_SetClass),
      EXPORT("IPropertyStorage::Stat", Ps_Stat),
  };
  return methods;
}

uint64_t new_property_set(WindowsProcess& p, PropertySet s) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOle32, property_storage_methods()));
  property_sets[self] = std::move(s);
  return self;
}

// StgCreatePropStg(storage, fmtid, clsid, flags, reserved, &set): a new, empty set in its stream
// (made anew).
int32_t StgCreatePropStg(WindowsProcess& p, Ptr storage, Ptr fmtid, Ptr clsid, uint32_t flags, uint32_t, Ptr out) {
  constexpr unsigned kCreateStream = 3;
  if (!storage || !fmtid || !out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (flags & PROPSETFLAG_NONSIMPLE) return STG_E_INVALIDFLAG;
  Scratch name(p, 2 * 40), made(p, 8);
  p.call_export("ole32.dll", "FmtIdToPropStgName", {fmtid.addr, name.addr});
  const uint32_t mode = STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE;
  int32_t hr = static_cast<int32_t>(call_method(p, storage.addr, kCreateStream, {name.addr, mode, 0, 0, made.addr}));
  if (com::failed(hr)) return hr;
  PropertySet s;
  s.stream = p.get_ptr(made.addr);
  s.mode = STGM_READWRITE;
  s.flags = flags;
  s.code_page = (flags & PROPSETFLAG_ANSI) ? 1252 : kCodePageUnicode;
  s.fmtid = read_guid(fmtid.addr);
  if (clsid) s.clsid = read_guid(clsid.addr);
  hr = save(p, s);
  if (com::failed(hr)) {
    call_method(p, s.stream, kRelease);
    return hr;
  }
  const uint64_t made_set = new_property_set(p, std::move(s));
  p.put_ptr(out.addr, made_set);
  return made_set ? com::S_OK : com::E_OUTOFMEMORY;
}

// StgOpenPropStg(storage, fmtid, flags, reserved, &set): the set in its stream (STG_E_FILENOTFOUND
// without one).
int32_t StgOpenPropStg(WindowsProcess& p, Ptr storage, Ptr fmtid, uint32_t flags, uint32_t, Ptr out) {
  constexpr unsigned kOpenStream = 4;
  if (!storage || !fmtid || !out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (flags & PROPSETFLAG_NONSIMPLE) return STG_E_INVALIDFLAG;
  Scratch name(p, 2 * 40), made(p, 8);
  p.call_export("ole32.dll", "FmtIdToPropStgName", {fmtid.addr, name.addr});
  const uint32_t mode = STGM_READWRITE | STGM_SHARE_EXCLUSIVE;
  int32_t hr = static_cast<int32_t>(call_method(p, storage.addr, kOpenStream, {name.addr, 0, mode, 0, made.addr}));
  if (com::failed(hr)) return hr;
  PropertySet s;
  s.stream = p.get_ptr(made.addr);
  s.mode = STGM_READWRITE;
  s.flags = flags;
  hr = load(p, s);
  if (com::failed(hr)) {
    call_method(p, s.stream, kRelease);
    return hr;
  }
  const uint64_t made_set = new_property_set(p, std::move(s));
  p.put_ptr(out.addr, made_set);
  return made_set ? com::S_OK : com::E_OUTOFMEMORY;
}

// ---- IPropertySetStorage over a storage (held) ----
std::map<uint64_t, std::pair<uint32_t, uint64_t>> set_storages;  // refs, storage
int32_t Pss_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIPropertySetStorage)) {
    ++set_storages[self.addr].first;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Pss_AddRef(WindowsProcess&, Ptr self) { return ++set_storages[self.addr].first; }
uint32_t Pss_Release(WindowsProcess& p, Ptr self) {
  auto& entry = set_storages[self.addr];
  if (--entry.first) return entry.first;
  const uint64_t storage = entry.second;
  set_storages.erase(self.addr);
  p.heap.free(self.addr);
  call_method(p, storage, kRelease);
  return 0;
}
int32_t Pss_Create(WindowsProcess& p, Ptr self, Ptr fmtid, Ptr clsid, uint32_t flags, uint32_t, Ptr out) {
  return StgCreatePropStg(p, Ptr(set_storages[self.addr].second), fmtid, clsid, flags, 0, out);
}
int32_t Pss_Open(WindowsProcess& p, Ptr self, Ptr fmtid, uint32_t, Ptr out) {
  return StgOpenPropStg(p, Ptr(set_storages[self.addr].second), fmtid, 0, 0, out);
}
int32_t Pss_Delete(WindowsProcess& p, Ptr self, Ptr fmtid) {
  constexpr unsigned kDestroyElement = 12;
  Scratch name(p, 2 * 40);
  p.call_export("ole32.dll", "FmtIdToPropStgName", {fmtid.addr, name.addr});
  return static_cast<int32_t>(call_method(p, set_storages[self.addr].second, kDestroyElement, {name.addr}));
}
const std::vector<Export>& property_set_storage_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IPropertySetStorage::QueryInterface", Pss_QueryInterface),
      EXPORT("IPropertySetStorage::AddRef", Pss_AddRef),
      EXPORT("IPropertySetStorage::Release", Pss_Release),
      EXPORT("IPropertySetStorage::Create", Pss_Create),
      EXPORT("IPropertySetStorage::Open", Pss_Open),
      EXPORT("IPropertySetStorage::Delete", Pss_Delete),
      missing_method("IPropertySetStorage::Enum"),
  };
  return methods;
}

// StgCreatePropSetStg(storage, reserved, &sets): the storage's property sets.
int32_t StgCreatePropSetStg(WindowsProcess& p, Ptr storage, uint32_t reserved, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  if (reserved || !storage) return com::E_INVALIDARG;
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return com::E_OUTOFMEMORY;
  p.put_ptr(self, com_vtable(p, kOle32, property_set_storage_methods()));
  call_method(p, storage.addr, kAddRef);
  set_storages[self] = {1, storage.addr};
  p.put_ptr(out.addr, self);
  return com::S_OK;
}

// The serialized form of a property (SERIALIZEDPROPERTYVALUE): its type, then its value as a
// property set stores it.
std::vector<uint8_t> serialized(const Value& v) {
  std::vector<uint8_t> b;
  add32(b, v.vt);
  if (counted(v.vt)) add32(b, v.vt == VT_LPWSTR ? static_cast<uint32_t>(v.data.size() / 2) : static_cast<uint32_t>(v.data.size()));
  b.insert(b.end(), v.data.begin(), v.data.end());
  pad4(b);
  return b;
}

constexpr uint32_t STATUS_INVALID_PARAMETER = 0xc000000d;

// StgConvertVariantToProperty(variant, code_page, property, &size, pid, reserved, &indirect): the
// PROPVARIANT serialized into `property` (NULL: only the size asked for, or when *size is too
// small) and its size in *size; no indirect properties are made (the count stays 0). A type a
// property set does not hold raises STATUS_INVALID_PARAMETER, as Windows does.
Ptr StgConvertVariantToProperty(WindowsProcess& p, Ptr variant, uint16_t code_page, Ptr property, Ptr size, uint32_t,
                                uint8_t, Ptr indirect) {
  PropertySet s;
  s.code_page = code_page;
  Value v;
  if (!variant || !size || !from_variant(p, s, variant.addr, v)) {
    raise_from_call_of<&StgConvertVariantToProperty>(p, STATUS_INVALID_PARAMETER);
    return Ptr(0);
  }
  if (indirect) put<uint32_t>(indirect.addr, 0);
  const std::vector<uint8_t> bytes = serialized(v);
  const uint32_t room = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(bytes.size()));
  if (!property || room < bytes.size()) return Ptr(0);
  std::memcpy(guest_pointer(property.addr), bytes.data(), bytes.size());
  return property;
}

// StgConvertPropertyToVariant(property, code_page, &variant, allocator): the serialized property as
// a PROPVARIANT, its strings and blobs from the caller's PMemoryAllocator (Allocate, its first
// virtual method: thiscall on i386); FALSE (the property is no indirect one). A type a property
// set does not hold raises STATUS_INVALID_PARAMETER.
uint8_t StgConvertPropertyToVariant(WindowsProcess& p, Ptr property, uint16_t code_page, Ptr variant, Ptr allocator) {
  PropertySet s;
  s.code_page = code_page;
  Value v;
  v.vt = get<uint16_t>(property.addr);
  uint64_t at = property.addr + 4;
  bool ok = true;
  if (counted(v.vt)) {
    const uint32_t n = get<uint32_t>(at);
    const uint64_t bytes = v.vt == VT_LPWSTR ? 2ull * n : n;
    const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(at + 4));
    v.data.assign(b, b + bytes);
  } else if (const size_t n = fixed_size(v.vt)) {
    const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(at));
    v.data.assign(b, b + n);
  } else if (v.vt != VT_EMPTY && v.vt != VT_NULL) {
    ok = false;
  }
  if (!ok) {
    raise_from_call_of<&StgConvertPropertyToVariant>(p, STATUS_INVALID_PARAMETER);
    return 0;
  }
  const uint64_t allocate = p.get_ptr(p.get_ptr(allocator.addr));
  to_variant(p, s, v, variant.addr, [&](uint64_t bytes) -> uint64_t {
    if (p.isa->ptr == 8) return p.call_guest(allocate, {allocator.addr, bytes});
    CallRegs regs;
    regs.this_reg = allocator.addr;
    return p.call_guest(allocate, {bytes}, regs) & 0xffffffffull;
  });
  return 0;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_property_storage_exports() {
  static const std::vector<Export> exports = {
      EXPORT("StgCreatePropSetStg", StgCreatePropSetStg),
      EXPORT("StgCreatePropStg", StgCreatePropStg),
      EXPORT("StgOpenPropStg", StgOpenPropStg),
      EXPORT("StgConvertVariantToProperty", StgConvertVariantToProperty),
      EXPORT("StgConvertPropertyToVariant", StgConvertPropertyToVariant),
  };
  return exports;
}

}  // namespace polyrun::shims
