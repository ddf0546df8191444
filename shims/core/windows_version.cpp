#include "shims/core/windows_version.h"

#include <cctype>

#include "shims/core/guest_memory.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

const WindowsVersion& reported_version(const std::string& manifest) {
  static const std::string kWindows10 = "8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a";
  std::string lower = manifest;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(kWindows10) != std::string::npos ? kRealVersion : kManifestlessVersion;
}

uint64_t ver_set_condition_mask(uint64_t mask, uint32_t type, uint8_t condition) {
  if (type == 0) return mask;
  int index = 31 - __builtin_clz(type & 0xff ? type & 0xff : 1);
  return mask | static_cast<uint64_t>(condition & 7) << (index * 3);
}

uint32_t version_mismatch(uint64_t info, uint32_t type, uint64_t conditions, uint32_t char_size, const WindowsVersion& v) {
  constexpr uint32_t VER_MINORVERSION = 1, VER_MAJORVERSION = 2, VER_BUILDNUMBER = 4, VER_PLATFORMID = 8,
                     VER_SERVICEPACKMINOR = 0x10, VER_SERVICEPACKMAJOR = 0x20, VER_SUITENAME = 0x40,
                     VER_PRODUCT_TYPE = 0x80;
  if (type == 0 || conditions == 0) return ERROR_BAD_ARGUMENTS;
  const uint64_t tail = info + 20 + 128 * char_size;  // wServicePackMajor and what follows
  auto condition = [&](uint32_t bit) { return static_cast<unsigned>(conditions >> ((31 - __builtin_clz(bit)) * 3)) & 7; };
  auto holds = [](uint64_t have, uint64_t want, unsigned c) {
    switch (c) {
      case 1: return have == want;
      case 2: return have > want;
      case 3: return have >= want;
      case 4: return have < want;
      case 5: return have <= want;
      default: return false;
    }
  };
  bool ok = true;
  if (type & VER_BUILDNUMBER) ok &= holds(v.build, get<uint32_t>(info + 12), condition(VER_BUILDNUMBER));
  if (type & VER_PLATFORMID) ok &= holds(2, get<uint32_t>(info + 16), condition(VER_PLATFORMID));
  if (type & VER_PRODUCT_TYPE) ok &= holds(1, get<uint8_t>(tail + 6), condition(VER_PRODUCT_TYPE));
  if (type & VER_SUITENAME) {
    const uint16_t have = 0x100, want = get<uint16_t>(tail + 4);  // VER_SUITE_SINGLEUSERTS
    const unsigned c = condition(VER_SUITENAME);
    ok &= c == 6 ? (have & want) == want : c == 7 ? (have & want) != 0 : false;
  }
  // Major, minor and service pack compare as one version: each lower part only decides while the
  // parts above it are equal, under the condition given for the first part asked about.
  const uint32_t parts[4] = {VER_MAJORVERSION, VER_MINORVERSION, VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR};
  const uint64_t have[4] = {v.major, v.minor, 0, 0};
  const uint64_t want[4] = {get<uint32_t>(info + 4), get<uint32_t>(info + 8), get<uint16_t>(tail), get<uint16_t>(tail + 2)};
  for (int i = 0; i < 4; ++i) {
    if (!(type & parts[i])) continue;
    const unsigned c = condition(parts[i]);
    if (have[i] != want[i] || i == 3) {
      ok &= holds(have[i], want[i], c);
      break;
    }
    bool later = false;
    for (int j = i + 1; j < 4; ++j) later |= (type & parts[j]) != 0;
    if (!later) ok &= holds(have[i], want[i], c);
  }
  return ok ? 0u : static_cast<uint32_t>(ERROR_OLD_WIN_VERSION);
}

}  // namespace polyrun::shims
