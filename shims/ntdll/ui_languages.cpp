// NTDLL's preferred UI languages: the user's and the system's (US English, as NtQueryDefaultUILanguage
// and KERNEL32's GetUserDefaultUILanguage say: "en-US", or "0409" by id), and the lists a process and
// a thread set for themselves (RtlSetProcessPreferredUILanguages, RtlSetThreadPreferredUILanguages),
// which their Get functions give back (the user's when none was set). A list is a multi-string:
// each language NUL-terminated, one more NUL after the last; sizes count characters.
#include <map>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_ui_languages_impl {

constexpr uint32_t kLanguageId = 0x4, kLanguageName = 0x8;

// The languages, each as its name.
using Languages = std::vector<std::u16string>;
Languages& process_languages() {
  static Languages all;
  return all;
}
std::map<uint32_t, Languages>& thread_languages() {
  static std::map<uint32_t, Languages> all;
  return all;
}
const Languages kUser = {u"en-US"};

std::u16string as_id(const std::u16string& name) { return name == u"en-US" ? u"0409" : name; }
std::u16string as_name(const std::u16string& id) { return id == u"0409" ? u"en-US" : id; }

// The list in the form `flags` asks (names unless MUI_LANGUAGE_ID), into `buffer` (null: its size
// only), its count and size.
uint32_t give(const Languages& langs, uint32_t flags, Ptr count, Ptr buffer, Ptr size) {
  if ((flags & kLanguageId) && (flags & kLanguageName)) return nt::kInvalidParameter;
  std::u16string text;
  for (const std::u16string& l : langs) text += ((flags & kLanguageId) ? as_id(l) : l) + u'\0';
  text += u'\0';
  const uint32_t need = static_cast<uint32_t>(text.size());
  if (buffer) {
    if (get<uint32_t>(size.addr) < need) {
      put<uint32_t>(size.addr, need);
      return nt::kBufferTooSmall;
    }
    for (size_t k = 0; k < text.size(); ++k) put<uint16_t>(buffer.addr + 2 * k, text[k]);
  }
  put<uint32_t>(size.addr, need);
  put<uint32_t>(count.addr, static_cast<uint32_t>(langs.size()));
  return nt::kSuccess;
}

uint32_t RtlGetUserPreferredUILanguages(WindowsProcess&, uint32_t flags, uint32_t, Ptr count, Ptr buffer, Ptr size) {
  if (flags & ~(kLanguageId | kLanguageName)) return nt::kInvalidParameter;
  if (!count || !size || (get<uint32_t>(size.addr) && !buffer)) return nt::kInvalidParameter;
  return give(kUser, flags, count, buffer, size);
}
// (MUI_MACHINE_LANGUAGE_SETTINGS, 0x400, is the same here: one machine, one language.)
uint32_t RtlGetSystemPreferredUILanguages(WindowsProcess&, uint32_t flags, uint32_t, Ptr count, Ptr buffer, Ptr size) {
  if (flags & ~(kLanguageId | kLanguageName | 0x400)) return nt::kInvalidParameter;
  if (!count || !size || (get<uint32_t>(size.addr) && !buffer)) return nt::kInvalidParameter;
  return give(kUser, flags, count, buffer, size);
}
uint32_t RtlGetProcessPreferredUILanguages(WindowsProcess&, uint32_t flags, Ptr count, Ptr buffer, Ptr size) {
  if (!count || !size) return nt::kInvalidParameter;
  return give(process_languages().empty() ? kUser : process_languages(), flags, count, buffer, size);
}
uint32_t RtlGetThreadPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr count, Ptr buffer, Ptr size) {
  if (!count || !size) return nt::kInvalidParameter;
  auto it = thread_languages().find(p.thread().id);
  const Languages& langs = it != thread_languages().end() && !it->second.empty() ? it->second
                           : !process_languages().empty()                    ? process_languages()
                                                                              : kUser;
  return give(langs, flags, count, buffer, size);
}

// The list a Set function is given (null: none, clearing it), as names; its count at *count.
uint32_t take(WindowsProcess& p, uint32_t flags, Ptr buffer, Ptr count, Languages* out) {
  if ((flags & kLanguageId) && (flags & kLanguageName)) return nt::kInvalidParameter;
  out->clear();
  if (buffer) {
    for (uint64_t at = buffer.addr;;) {
      std::u16string l;
      for (char16_t c; (c = get<uint16_t>(at)) != 0; at += 2) l += c;
      at += 2;
      if (l.empty()) break;
      out->push_back((flags & kLanguageId) ? as_name(l) : l);
    }
  }
  (void)p;
  if (count) put<uint32_t>(count.addr, static_cast<uint32_t>(out->size()));
  return nt::kSuccess;
}
uint32_t RtlSetProcessPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr buffer, Ptr count) {
  return take(p, flags, buffer, count, &process_languages());
}
uint32_t RtlSetThreadPreferredUILanguages(WindowsProcess& p, uint32_t flags, Ptr buffer, Ptr count) {
  return take(p, flags & (kLanguageId | kLanguageName), buffer, count, &thread_languages()[p.thread().id]);
}

}  // namespace ntdll_ui_languages_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_ui_language_exports() {
  using namespace ntdll_ui_languages_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlGetUserPreferredUILanguages", RtlGetUserPreferredUILanguages),
      EXPORT("RtlGetSystemPreferredUILanguages", RtlGetSystemPreferredUILanguages),
      EXPORT("RtlGetProcessPreferredUILanguages", RtlGetProcessPreferredUILanguages),
      EXPORT("RtlGetThreadPreferredUILanguages", RtlGetThreadPreferredUILanguages),
      EXPORT("RtlSetProcessPreferredUILanguages", RtlSetProcessPreferredUILanguages),
      EXPORT("RtlSetThreadPreferredUILanguages", RtlSetThreadPreferredUILanguages),
  };
  return exports;
}

}  // namespace polyrun::shims
