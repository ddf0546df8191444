// OLE32.dll: what the registry says a class can do, as enumerators: its verbs (OleRegEnumVerbs:
// HKCR\CLSID\{clsid}\Verb\<number> = "name,menu flags,attributes", an IEnumOLEVERB whose names are
// blocks of the task allocator the caller frees) and its data formats (OleRegEnumFormatEtc:
// HKCR\CLSID\{clsid}\DataFormats\GetSet\<n> = "format,aspect,tymed,direction", an
// IEnumFORMATETC of those in the direction asked; a format is a clipboard format's number or name).
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr GuidBytes kIidIEnumOLEVERB = ole_iid(0x00000104), kIidIEnumFORMATETC = ole_iid(0x00000103);

// One entry: its bytes, and (verbs) the name to hand out in a new block at `name_at`.
struct Entry {
  std::vector<uint8_t> bytes;
  std::u16string name;
  bool has_name = false;
  uint64_t name_at = 0;
};
struct ListEnum {
  uint32_t refs = 1;
  bool verbs = false;
  std::vector<Entry> items;
  size_t next = 0;
};
std::map<uint64_t, ListEnum> list_enums;

ListEnum& list_of(uint64_t self) {
  auto it = list_enums.find(self);
  if (it == list_enums.end()) touch_guest_byte(0);
  return it->second;
}

const std::vector<Export>& verb_enum_methods();
const std::vector<Export>& format_enum_methods();

uint64_t new_list(WindowsProcess& p, ListEnum e) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOle32, e.verbs ? verb_enum_methods() : format_enum_methods()));
  list_enums[self] = std::move(e);
  return self;
}

int32_t Le_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  ListEnum& e = list_of(self.addr);
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, e.verbs ? kIidIEnumOLEVERB : kIidIEnumFORMATETC)) {
    ++e.refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Le_AddRef(WindowsProcess&, Ptr self) { return ++list_of(self.addr).refs; }
uint32_t Le_Release(WindowsProcess& p, Ptr self) {
  ListEnum& e = list_of(self.addr);
  if (--e.refs) return e.refs;
  list_enums.erase(self.addr);
  p.heap.free(self.addr);
  return 0;
}
int32_t Le_Next(WindowsProcess& p, Ptr self, uint32_t count, Ptr out, Ptr fetched) {
  ListEnum& e = list_of(self.addr);
  if (fetched) put<uint32_t>(fetched.addr, 0);
  if (!out) return com::E_INVALIDARG;
  uint32_t n = 0;
  uint64_t at = out.addr;
  while (n < count && e.next < e.items.size()) {
    const Entry& item = e.items[e.next++];
    std::memcpy(guest_pointer(at), item.bytes.data(), item.bytes.size());
    if (item.has_name) {
      const uint64_t name = task_wide(p, item.name);
      if (!name) return com::E_OUTOFMEMORY;
      p.put_ptr(at + item.name_at, name);
    }
    at += item.bytes.size();
    ++n;
  }
  if (fetched) put<uint32_t>(fetched.addr, n);
  return n == count ? com::S_OK : com::S_FALSE;
}
int32_t Le_Skip(WindowsProcess&, Ptr self, uint32_t count) {
  ListEnum& e = list_of(self.addr);
  const size_t left = e.items.size() - e.next;
  e.next += count < left ? count : left;
  return count <= left ? com::S_OK : com::S_FALSE;
}
int32_t Le_Reset(WindowsProcess&, Ptr self) {
  list_of(self.addr).next = 0;
  return com::S_OK;
}
int32_t Le_Clone(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return com::E_POINTER;
  ListEnum copy = list_of(self.addr);
  copy.refs = 1;
  const uint64_t made = new_list(p, std::move(copy));
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : com::E_OUTOFMEMORY;
}
const std::vector<Export>& verb_enum_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IEnumOLEVERB::QueryInterface", Le_QueryInterface), EXPORT("IEnumOLEVERB::AddRef", Le_AddRef),
      EXPORT("IEnumOLEVERB::Release", Le_Release),               EXPORT("IEnumOLEVERB::Next", Le_Next),
      EXPORT("IEnumOLEVERB::Skip", Le_Skip),                     EXPORT("IEnumOLEVERB::Reset", Le_Reset),
      EXPORT("IEnumOLEVERB::Clone", Le_Clone),
  };
  return methods;
}
const std::vector<Export>& format_enum_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IEnumFORMATETC::QueryInterface", Le_QueryInterface), EXPORT("IEnumFORMATETC::AddRef", Le_AddRef),
      EXPORT("IEnumFORMATETC::Release", Le_Release),               EXPORT("IEnumFORMATETC::Next", Le_Next),
      EXPORT("IEnumFORMATETC::Skip", Le_Skip),                     EXPORT("IEnumFORMATETC::Reset", Le_Reset),
      EXPORT("IEnumFORMATETC::Clone", Le_Clone),
  };
  return methods;
}

int32_t to_number(const std::u16string& s) {
  int32_t sign = 1, value = 0;
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) sign = s[i++] == '-' ? -1 : 1;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') value = value * 10 + (s[i++] - '0');
  return sign * value;
}

std::vector<std::u16string> split(const std::u16string& s) {
  std::vector<std::u16string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != ',') continue;
    parts.push_back(s.substr(start, i - start));
    start = i + 1;
  }
  return parts;
}

// OleRegEnumVerbs(clsid, &enum): REGDB_E_CLASSNOTREG for an unregistered class, REGDB_E_KEYMISSING
// without its Verb key, OLEOBJ_E_NOVERBS when that has no verbs, OLEOBJ_E_INVALIDVERB for one not
// in the "name,flags,attributes" form.
int32_t OleRegEnumVerbs(WindowsProcess& p, Ptr clsid, Ptr out) {
  constexpr int32_t OLEOBJ_E_INVALIDVERB = static_cast<int32_t>(0x80040181);
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  uint64_t key = 0;
  const int32_t hr = open_clsid_key(p, read_guid(clsid.addr), u"Verb", key);
  if (com::failed(hr)) return hr;
  ListEnum e;
  e.verbs = true;
  const unsigned ptr = p.isa->ptr;
  const size_t size = ptr == 8 ? 24 : 16;  // OLEVERB: lVerb, lpszVerbName, fuFlags, grfAttribs
  int32_t result = com::S_OK;
  std::u16string sub;
  for (uint32_t i = 0; reg_enum_key(p, key, i, sub) == 0; ++i) {
    uint64_t verb = 0;
    std::u16string text;
    if (reg_open(p, key, sub, verb) == 0) {
      reg_string(p, verb, u"", text);
      reg_close(p, verb);
    }
    const std::vector<std::u16string> parts = split(text);
    if (parts.size() < 3) {
      result = OLEOBJ_E_INVALIDVERB;
      break;
    }
    Entry item;
    item.bytes.assign(size, 0);
    const int32_t number = to_number(sub), flags = to_number(parts[1]), attributes = to_number(parts[2]);
    std::memcpy(item.bytes.data(), &number, 4);
    std::memcpy(item.bytes.data() + 2 * ptr, &flags, 4);
    std::memcpy(item.bytes.data() + 2 * ptr + 4, &attributes, 4);
    item.has_name = true;
    item.name = parts[0];
    item.name_at = ptr;
    e.items.push_back(std::move(item));
  }
  reg_close(p, key);
  if (com::failed(result)) return result;
  if (e.items.empty()) return OLEOBJ_E_NOVERBS;
  const uint64_t made = new_list(p, std::move(e));
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : com::E_OUTOFMEMORY;
}

// OleRegEnumFormatEtc(clsid, direction, &enum): the class's DataFormats\GetSet entries whose
// direction includes the one asked for (DATADIR_GET 1, DATADIR_SET 2).
int32_t OleRegEnumFormatEtc(WindowsProcess& p, Ptr clsid, uint32_t direction, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  uint64_t key = 0;
  const int32_t hr = open_clsid_key(p, read_guid(clsid.addr), u"DataFormats\\GetSet", key);
  if (com::failed(hr)) return hr;
  ListEnum e;
  const unsigned ptr = p.isa->ptr;
  const size_t size = ptr == 8 ? 32 : 20;  // FORMATETC: cfFormat, ptd, dwAspect, lindex, tymed
  std::u16string sub;
  for (uint32_t i = 0; reg_enum_key(p, key, i, sub) == 0; ++i) {
    uint64_t entry = 0;
    std::u16string text;
    if (reg_open(p, key, sub, entry) == 0) {
      reg_string(p, entry, u"", text);
      reg_close(p, entry);
    }
    const std::vector<std::u16string> parts = split(text);
    if (parts.size() < 4 || !(static_cast<uint32_t>(to_number(parts[3])) & direction)) continue;
    uint16_t format;
    if (!parts[0].empty() && parts[0][0] >= '0' && parts[0][0] <= '9') {
      format = static_cast<uint16_t>(to_number(parts[0]));
    } else {
      GuestText name(p, parts[0]);
      format = static_cast<uint16_t>(user32(p, "RegisterClipboardFormatW", {name.addr}));
    }
    Entry item;
    item.bytes.assign(size, 0);
    const int32_t aspect = to_number(parts[1]), lindex = -1, tymed = to_number(parts[2]);
    std::memcpy(item.bytes.data(), &format, 2);
    std::memcpy(item.bytes.data() + 2 * ptr, &aspect, 4);
    std::memcpy(item.bytes.data() + 2 * ptr + 4, &lindex, 4);
    std::memcpy(item.bytes.data() + 2 * ptr + 8, &tymed, 4);
    e.items.push_back(std::move(item));
  }
  reg_close(p, key);
  const uint64_t made = new_list(p, std::move(e));
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : com::E_OUTOFMEMORY;
}

}  // namespace

uint64_t ole32::format_enumerator(WindowsProcess& p, const std::vector<std::vector<uint8_t>>& formats) {
  ListEnum e;
  for (const auto& bytes : formats) {
    Entry item;
    item.bytes = bytes;
    e.items.push_back(std::move(item));
  }
  return new_list(p, std::move(e));
}

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_registry_enum_exports() {
  static const std::vector<Export> exports = {
      EXPORT("OleRegEnumVerbs", OleRegEnumVerbs),
      EXPORT("OleRegEnumFormatEtc", OleRegEnumFormatEtc),
  };
  return exports;
}

}  // namespace polyrun::shims
