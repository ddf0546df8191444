// NTDLL's locale names: RtlLcidToLocaleName (into the caller's UNICODE_STRING, or one it allocates),
// RtlLocaleNameToLcid and RtlIsValidLocaleName, over the locales polyrun has (`ntdll/locale_names.h`:
// US English and the invariant locale), which KERNEL32's LCIDToLocaleName, LocaleNameToLCID and
// IsValidLocaleName are made of (kernel32/locale.cpp). An LCID or name of no locale is
// STATUS_INVALID_PARAMETER_1, as Windows' tables answer one they lack.
#include "shims/ntdll/locale_names.h"

#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_locale_names {

bool name_of(uint32_t lcid, std::u16string* name) {
  if (lcid == kUserLcid || lcid == 0x400 || lcid == 0x800 || lcid == 0) {
    *name = u"en-US";
    return true;
  }
  if (lcid == kInvariantLcid) {
    name->clear();
    return true;
  }
  return false;
}

bool lcid_of(const std::u16string& name, uint32_t* lcid) {
  if (name.empty()) {
    *lcid = kInvariantLcid;
    return true;
  }
  static const char16_t kName[] = u"en-us";
  if (name.size() != 5) return false;
  for (size_t i = 0; i < 5; ++i)
    if (ntdll_text::downcase(name[i]) != kName[i]) return false;
  *lcid = kUserLcid;
  return true;
}

}  // namespace ntdll_locale_names

namespace ntdll_locale_names_impl {

using namespace ntdll_locale_names;

// RtlLcidToLocaleName(lcid, *string, flags, allocate): the name into the string's buffer (or a new
// one of the process heap with `allocate`), STATUS_BUFFER_TOO_SMALL where it does not fit with its
// NUL.
uint32_t RtlLcidToLocaleName(WindowsProcess& p, uint32_t lcid, Ptr string, uint32_t, uint8_t allocate) {
  if (!string) return nt::kInvalidParameter1;
  std::u16string name;
  if (!name_of(lcid, &name)) return nt::kInvalidParameter1;
  ntdll_text::Counted c = ntdll_text::read_counted(p, string.addr);
  const uint32_t bytes = static_cast<uint32_t>(name.size() * 2), need = bytes + 2;
  if (allocate) {
    c.buffer = ntdll_text::heap_alloc(p, need);
    if (!c.buffer) return nt::kNoMemory;
    c.max = static_cast<uint16_t>(need);
  } else if (c.max < need || !c.buffer) {
    return nt::kBufferTooSmall;
  }
  std::memcpy(guest_pointer(c.buffer), name.c_str(), need);
  c.length = static_cast<uint16_t>(bytes);
  ntdll_text::write_counted(p, string.addr, c);
  return nt::kSuccess;
}

uint32_t RtlLocaleNameToLcid(WindowsProcess&, WStr name, Ptr lcid, uint32_t) {
  if (!name.addr || !lcid) return nt::kInvalidParameter1;
  uint32_t l = 0;
  if (!lcid_of(name.str(), &l)) return nt::kInvalidParameter1;
  put<uint32_t>(lcid.addr, l);
  return nt::kSuccess;
}

uint8_t RtlIsValidLocaleName(WindowsProcess&, WStr name, uint32_t) {
  uint32_t l = 0;
  return name.addr && lcid_of(name.str(), &l) ? 1 : 0;
}

}  // namespace ntdll_locale_names_impl

const std::vector<Export>& ntdll_locale_name_exports() {
  using namespace ntdll_locale_names_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlLcidToLocaleName", RtlLcidToLocaleName),
      EXPORT("RtlLocaleNameToLcid", RtlLocaleNameToLcid),
      EXPORT("RtlIsValidLocaleName", RtlIsValidLocaleName),
  };
  return exports;
}

}  // namespace polyrun::shims
