// Locale names and their LCIDs (ntdll/locale_names.cpp): what RtlLcidToLocaleName,
// RtlLocaleNameToLcid and RtlIsValidLocaleName know, which KERNEL32's LCIDToLocaleName,
// LocaleNameToLCID and IsValidLocaleName call. polyrun's one locale is US English (0x409, "en-US"),
// the user's and the system's default; the invariant locale is 0x7F, "".
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims::ntdll_locale_names {

constexpr uint32_t kUserLcid = 0x409, kInvariantLcid = 0x7f;

// The locale's name (the defaults, LOCALE_USER_DEFAULT 0x400, LOCALE_SYSTEM_DEFAULT 0x800 and 0,
// are US English's); false for an LCID of no locale.
bool name_of(uint32_t lcid, std::u16string* name);
// The name's LCID, compared without case ("" the invariant locale); false for no locale.
bool lcid_of(const std::u16string& name, uint32_t* lcid);

}  // namespace polyrun::shims::ntdll_locale_names
