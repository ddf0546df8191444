// SECUR32.dll, names in the directory's formats (EXTENDED_NAME_FORMAT): the user's
// (GetUserNameEx), the computer's (GetComputerObjectName) and another account's (TranslateName).
// This computer is in a workgroup, joined to no domain: the formats a workgroup computer has are
// NameSamCompatible ("COMPUTER\user") and NameDisplay (the account's full name); the directory's
// own (distinguished, canonical, principal and the rest) need a domain's directory, which there is
// none of: GetUserNameEx answers ERROR_NONE_MAPPED, GetComputerObjectName
// ERROR_CANT_ACCESS_DOMAIN_INFO, and TranslateName, which binds to a domain controller's directory
// to crack a name (Microsoft's page), the error of finding none, ERROR_NO_SUCH_DOMAIN.
#include <cstring>
#include <string>

#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kNameUnknown = 0, kNameSamCompatible = 2, kNameDisplay = 3, kNameDnsDomain = 12,
                   kNameSurname = 14;
constexpr uint32_t kErrorMoreData = 234, kErrorNoneMapped = 1332, kErrorCantAccessDomainInfo = 1351,
                   kErrorNoSuchDomain = 1355;

bool known_format(uint32_t format) { return format <= kNameSurname && format != 4 && format != 5 && format != 11; }

// GetUserNameEx(format, buffer, &size): a buffer too small gives ERROR_MORE_DATA with the size
// needed (NUL included); on success the size is the characters copied, without the NUL.
BOOL user_name_ex(WindowsProcess& p, uint32_t format, Ptr buf, Ptr size, bool wide) {
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  std::string name;
  if (format == kNameSamCompatible) {
    name = netbios_name() + "\\" + account_user_name();
  } else if (format == kNameDisplay) {
    name = account_full_name();
    if (name.empty()) return fail(p, kErrorNoneMapped);
  } else {
    return fail(p, kErrorNoneMapped);
  }
  const std::u16string w = utf8_to_utf16(name);
  if (!wide) name = utf8_to_ansi(name);
  const uint32_t need = static_cast<uint32_t>((wide ? w.size() : name.size()) + 1);
  const uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, need);
  if (have < need || !buf) return fail(p, kErrorMoreData);
  if (wide) std::memcpy(buf.as<char16_t>(), w.c_str(), need * 2);
  else std::memcpy(buf.as<char>(), name.c_str(), need);
  put<uint32_t>(size.addr, need - 1);
  return TRUE;
}
BOOL GetUserNameExW(WindowsProcess& p, uint32_t format, Ptr buf, Ptr size) { return user_name_ex(p, format, buf, size, true); }
BOOL GetUserNameExA(WindowsProcess& p, uint32_t format, Ptr buf, Ptr size) { return user_name_ex(p, format, buf, size, false); }

// GetComputerObjectName(format, buffer, &size): the computer account's name in the domain's
// directory — of a computer joined to none, no format.
BOOL computer_object_name(WindowsProcess& p, uint32_t format, Ptr size) {
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  (void)format;
  return fail(p, kErrorCantAccessDomainInfo);
}
BOOL GetComputerObjectNameW(WindowsProcess& p, uint32_t format, Ptr, Ptr size) { return computer_object_name(p, format, size); }
BOOL GetComputerObjectNameA(WindowsProcess& p, uint32_t format, Ptr, Ptr size) { return computer_object_name(p, format, size); }

// TranslateName(name, from, to, buffer, &size): "to" cannot be NameUnknown (Microsoft's page).
BOOL translate_name(WindowsProcess& p, bool has_name, uint32_t from, uint32_t to, Ptr size) {
  if (!has_name || !size || !known_format(from) || !known_format(to) || to == kNameUnknown)
    return fail(p, ERROR_INVALID_PARAMETER);
  return fail(p, kErrorNoSuchDomain);
}
BOOL TranslateNameW(WindowsProcess& p, WStr name, uint32_t from, uint32_t to, Ptr, Ptr size) {
  return translate_name(p, name.addr != 0, from, to, size);
}
BOOL TranslateNameA(WindowsProcess& p, AStr name, uint32_t from, uint32_t to, Ptr, Ptr size) {
  return translate_name(p, name.addr != 0, from, to, size);
}

}  // namespace

const std::vector<Export>& secur32_directory_name_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetUserNameExW", GetUserNameExW),
      EXPORT("GetUserNameExA", GetUserNameExA),
      EXPORT("GetComputerObjectNameW", GetComputerObjectNameW),
      EXPORT("GetComputerObjectNameA", GetComputerObjectNameA),
      EXPORT("TranslateNameW", TranslateNameW),
      EXPORT("TranslateNameA", TranslateNameA),
  };
  return e;
}

}  // namespace polyrun::shims
