// Unicode normalization and internationalized domain names (ntdll/normalization.cpp): what
// RtlNormalizeString, RtlIsNormalizedString and RtlIdnTo* do, which KERNEL32's NormalizeString,
// IsNormalizedString and IdnTo* call (kernel32/normalization.cpp). Each gives the NTSTATUS.
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims::ntdll_normalization {

// NORM_FORM: NormalizationC 1, D 2, KC 5, KD 6 (another: STATUS_OBJECT_NAME_NOT_FOUND, no table).
uint32_t normalize(uint32_t form, const std::u16string& in, std::u16string* out);
uint32_t is_normalized(uint32_t form, const std::u16string& in, bool* result);
// IDN_ALLOW_UNASSIGNED 1, IDN_USE_STD3_ASCII_RULES 2; a name that cannot be converted:
// STATUS_INVALID_IDN_NORMALIZATION.
enum class Idn { kToAscii, kToUnicode, kNameprep };
uint32_t idn(Idn what, uint32_t flags, const std::u16string& in, std::u16string* out);

}  // namespace polyrun::shims::ntdll_normalization
