// COMBASE.dll's Windows Runtime strings (api-ms-win-core-winrt-string-l1-1-0): HSTRINGs made,
// shared, compared, joined, cut and trimmed. An HSTRING is the address of its header, laid out as
// Windows lays it out and as the languages' projections that make their own strings lay theirs
// (flags, length, two reserved words, the pointer to the characters; a string of combase's own then
// has its reference count and its characters, NUL-terminated). A reference string
// (WindowsCreateStringReference, flag 1) is a header of the caller's over the caller's characters,
// never freed; the empty string is NULL. A preallocated buffer (WindowsPreallocateStringBuffer)
// is a string of combase's own, flag 2, until WindowsPromoteStringBuffer makes it an HSTRING.
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/ole32/com_object.h"

namespace polyrun::shims {

namespace ole32_winrt_strings {

constexpr int32_t E_BOUNDS = static_cast<int32_t>(0x8000000B);
constexpr uint32_t kReference = 1, kPreallocated = 2;

struct Layout {
  unsigned ps;
  uint64_t flags(uint64_t h) const { return h; }
  uint64_t length(uint64_t h) const { return h + 4; }
  uint64_t chars(uint64_t h) const { return h + 16; }
  uint64_t refs(uint64_t h) const { return h + 16 + ps; }
  uint64_t buffer(uint64_t h) const { return h + 20 + ps; }
};

uint32_t length_of(uint64_t h) { return h ? get<uint32_t>(h + 4) : 0; }
std::u16string text_of(WindowsProcess& p, uint64_t h) {
  if (!h) return {};
  const uint32_t n = length_of(h);
  std::u16string s(n, u'\0');
  const uint64_t at = p.get_ptr(h + 16);
  if (n) copy_guest(s.data(), guest_pointer(at), n * 2ull, at, false);
  return s;
}

// A new string of combase's own holding `s` (NULL for the empty string); 0 when memory ran out.
bool make(WindowsProcess& p, const std::u16string& s, uint64_t& out, uint32_t flags = 0) {
  out = 0;
  if (s.empty() && !flags) return true;
  const Layout L{p.isa->ptr};
  const uint64_t h = p.heap.alloc(20 + L.ps + (s.size() + 1) * 2, true);
  if (!h) return false;
  put<uint32_t>(L.flags(h), flags);
  put<uint32_t>(L.length(h), static_cast<uint32_t>(s.size()));
  p.put_ptr(L.chars(h), L.buffer(h));
  put<int32_t>(L.refs(h), 1);
  if (!s.empty()) std::memcpy(guest_pointer(L.buffer(h)), s.data(), s.size() * 2);
  out = h;
  return true;
}
int32_t give(WindowsProcess& p, const std::u16string& s, Ptr out) {
  uint64_t h;
  if (!make(p, s, h)) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, h);
  return com::S_OK;
}

int32_t WindowsCreateString(WindowsProcess& p, Ptr chars, uint32_t length, Ptr out) {
  if (!out) return E_INVALIDARG;
  if (!chars && length) return E_POINTER;
  std::u16string s(length, u'\0');
  if (length) copy_guest(s.data(), guest_pointer(chars.addr), length * 2ull, chars.addr, false);
  return give(p, s, out);
}

// A reference string: the caller's characters (NUL-terminated at `length`) under the caller's
// HSTRING_HEADER.
int32_t WindowsCreateStringReference(WindowsProcess& p, Ptr chars, uint32_t length, Ptr header, Ptr out) {
  if (!out || !header) return E_INVALIDARG;
  if (!chars && length) return E_POINTER;
  if (chars && get<uint16_t>(chars.addr + length * 2ull) != 0) return E_INVALIDARG;
  if (!length) {
    p.put_ptr(out.addr, 0);
    return com::S_OK;
  }
  const Layout L{p.isa->ptr};
  std::vector<uint8_t> zero(16 + L.ps, 0);
  copy_guest(guest_pointer(header.addr), zero.data(), zero.size(), header.addr, true);
  put<uint32_t>(L.flags(header.addr), kReference);
  put<uint32_t>(L.length(header.addr), length);
  p.put_ptr(L.chars(header.addr), chars.addr);
  p.put_ptr(out.addr, header.addr);
  return com::S_OK;
}

int32_t WindowsDeleteString(WindowsProcess& p, Ptr h) {
  if (!h) return com::S_OK;
  const Layout L{p.isa->ptr};
  if (get<uint32_t>(L.flags(h.addr)) & kReference) return com::S_OK;
  const int32_t left = get<int32_t>(L.refs(h.addr)) - 1;
  put<int32_t>(L.refs(h.addr), left);
  if (left <= 0) p.heap.free(h.addr);
  return com::S_OK;
}

// A reference string is copied into one of combase's own; one of combase's own gains a reference.
int32_t WindowsDuplicateString(WindowsProcess& p, Ptr h, Ptr out) {
  if (!out) return E_INVALIDARG;
  if (!h) {
    p.put_ptr(out.addr, 0);
    return com::S_OK;
  }
  const Layout L{p.isa->ptr};
  if (get<uint32_t>(L.flags(h.addr)) & kReference) return give(p, text_of(p, h.addr), out);
  put<int32_t>(L.refs(h.addr), get<int32_t>(L.refs(h.addr)) + 1);
  p.put_ptr(out.addr, h.addr);
  return com::S_OK;
}

uint32_t WindowsGetStringLen(WindowsProcess&, Ptr h) { return length_of(h.addr); }

// The characters (of the empty string: an empty string of the process's).
Ptr WindowsGetStringRawBuffer(WindowsProcess& p, Ptr h, Ptr length) {
  if (length) put<uint32_t>(length.addr, length_of(h.addr));
  if (h) return Ptr(p.get_ptr(h.addr + 16));
  static uint64_t empty = 0;
  if (!empty) empty = p.heap.alloc(2, true);
  return Ptr(empty);
}

BOOL WindowsIsStringEmpty(WindowsProcess&, Ptr h) { return length_of(h.addr) == 0; }

int32_t WindowsStringHasEmbeddedNull(WindowsProcess& p, Ptr h, Ptr out) {
  if (!out) return E_INVALIDARG;
  const std::u16string s = text_of(p, h.addr);
  put<uint32_t>(out.addr, s.find(u'\0') != std::u16string::npos);
  return com::S_OK;
}

int32_t WindowsCompareStringOrdinal(WindowsProcess& p, Ptr a, Ptr b, Ptr result) {
  if (!result) return E_INVALIDARG;
  const int c = text_of(p, a.addr).compare(text_of(p, b.addr));
  put<int32_t>(result.addr, c < 0 ? -1 : c > 0 ? 1 : 0);
  return com::S_OK;
}

int32_t WindowsConcatString(WindowsProcess& p, Ptr a, Ptr b, Ptr out) {
  if (!out) return E_INVALIDARG;
  return give(p, text_of(p, a.addr) + text_of(p, b.addr), out);
}

int32_t WindowsSubstring(WindowsProcess& p, Ptr h, uint32_t start, Ptr out) {
  if (!out) return E_INVALIDARG;
  const std::u16string s = text_of(p, h.addr);
  if (start > s.size()) return E_BOUNDS;
  return give(p, s.substr(start), out);
}

int32_t WindowsSubstringWithSpecifiedLength(WindowsProcess& p, Ptr h, uint32_t start, uint32_t length, Ptr out) {
  if (!out) return E_INVALIDARG;
  const std::u16string s = text_of(p, h.addr);
  if (start > s.size() || length > s.size() - start) return E_BOUNDS;
  return give(p, s.substr(start, length), out);
}

// Trims from the start or the end every character the trim string holds.
int32_t trim(WindowsProcess& p, Ptr h, Ptr chars, Ptr out, bool at_start) {
  if (!out || !chars) return E_INVALIDARG;
  const std::u16string s = text_of(p, h.addr), set = text_of(p, chars.addr);
  size_t from = 0, to = s.size();
  if (at_start)
    while (from < to && set.find(s[from]) != std::u16string::npos) ++from;
  else
    while (to > from && set.find(s[to - 1]) != std::u16string::npos) --to;
  if (from == 0 && to == s.size()) return WindowsDuplicateString(p, h, out);
  return give(p, s.substr(from, to - from), out);
}
int32_t WindowsTrimStringStart(WindowsProcess& p, Ptr h, Ptr chars, Ptr out) { return trim(p, h, chars, out, true); }
int32_t WindowsTrimStringEnd(WindowsProcess& p, Ptr h, Ptr chars, Ptr out) { return trim(p, h, chars, out, false); }

// Every occurrence of a non-empty string replaced.
int32_t WindowsReplaceString(WindowsProcess& p, Ptr h, Ptr find, Ptr with, Ptr out) {
  if (!out || !find || length_of(find.addr) == 0) return E_INVALIDARG;
  const std::u16string s = text_of(p, h.addr), f = text_of(p, find.addr), w = text_of(p, with.addr);
  std::u16string r;
  size_t at = 0;
  for (size_t hit; (hit = s.find(f, at)) != std::u16string::npos; at = hit + f.size()) r += s.substr(at, hit - at) + w;
  r += s.substr(at);
  return give(p, r, out);
}

// A buffer of `length` characters (and a NUL) the caller fills, then promotes or deletes.
int32_t WindowsPreallocateStringBuffer(WindowsProcess& p, uint32_t length, Ptr chars, Ptr buffer) {
  if (!chars || !buffer) return E_POINTER;
  if (!length) {
    p.put_ptr(chars.addr, WindowsGetStringRawBuffer(p, Ptr(0), Ptr(0)).addr);
    p.put_ptr(buffer.addr, 0);
    return com::S_OK;
  }
  uint64_t h;
  if (!make(p, std::u16string(length, u'\0'), h, kPreallocated)) return E_OUTOFMEMORY;
  p.put_ptr(chars.addr, p.get_ptr(h + 16));
  p.put_ptr(buffer.addr, h);
  return com::S_OK;
}
int32_t WindowsDeleteStringBuffer(WindowsProcess& p, Ptr buffer) {
  if (buffer) p.heap.free(buffer.addr);
  return com::S_OK;
}
int32_t WindowsPromoteStringBuffer(WindowsProcess& p, Ptr buffer, Ptr out) {
  if (!out) return E_POINTER;
  if (!buffer) {
    p.put_ptr(out.addr, 0);
    return com::S_OK;
  }
  const Layout L{p.isa->ptr};
  if (!(get<uint32_t>(L.flags(buffer.addr)) & kPreallocated) ||
      get<uint16_t>(p.get_ptr(L.chars(buffer.addr)) + length_of(buffer.addr) * 2ull) != 0)
    return E_INVALIDARG;
  put<uint32_t>(L.flags(buffer.addr), 0);
  p.put_ptr(out.addr, buffer.addr);
  return com::S_OK;
}

}  // namespace ole32_winrt_strings

const std::vector<Export>& ole32_winrt_string_exports() {
  using namespace ole32_winrt_strings;
  static const std::vector<Export> exports = {
      EXPORT("WindowsCreateString", WindowsCreateString),
      EXPORT("WindowsCreateStringReference", WindowsCreateStringReference),
      EXPORT("WindowsDeleteString", WindowsDeleteString),
      EXPORT("WindowsDuplicateString", WindowsDuplicateString),
      EXPORT("WindowsGetStringLen", WindowsGetStringLen),
      EXPORT("WindowsGetStringRawBuffer", WindowsGetStringRawBuffer),
      EXPORT("WindowsIsStringEmpty", WindowsIsStringEmpty),
      EXPORT("WindowsStringHasEmbeddedNull", WindowsStringHasEmbeddedNull),
      EXPORT("WindowsCompareStringOrdinal", WindowsCompareStringOrdinal),
      EXPORT("WindowsConcatString", WindowsConcatString),
      EXPORT("WindowsSubstring", WindowsSubstring),
      EXPORT("WindowsSubstringWithSpecifiedLength", WindowsSubstringWithSpecifiedLength),
      EXPORT("WindowsTrimStringStart", WindowsTrimStringStart),
      EXPORT("WindowsTrimStringEnd", WindowsTrimStringEnd),
      EXPORT("WindowsReplaceString", WindowsReplaceString),
      EXPORT("WindowsPreallocateStringBuffer", WindowsPreallocateStringBuffer),
      EXPORT("WindowsDeleteStringBuffer", WindowsDeleteStringBuffer),
      EXPORT("WindowsPromoteStringBuffer", WindowsPromoteStringBuffer),
  };
  return exports;
}

}  // namespace polyrun::shims
