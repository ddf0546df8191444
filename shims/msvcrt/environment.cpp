// msvcrt.dll and the Universal CRT, the environment's bounds-checked readers: getenv_s and
// _wgetenv_s (into the caller's buffer) and _dupenv_s and _wdupenv_s (into a heap copy the caller
// frees). A variable that is not set is no error: an empty result and 0, as Microsoft's
// documentation of each says (wine 8.0 gives EINVAL). A missing out-parameter or name is an invalid
// parameter (EINVAL).
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace environment {
namespace {

// The narrow forms read the runtime's environment as getenv does; the wide ones the process's, as
// _wgetenv does.
template <typename C>
std::optional<std::string> lookup(WindowsProcess& p, const std::string& name) {
  if constexpr (sizeof(C) == 1) {
    uint64_t v = crt_getenv(p, name);
    if (!v) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(v));
  } else {
    return p.find_env(name);
  }
}

template <bool Ucrt>
int32_t invalid(WindowsProcess& p) {
  *msvcrt_errno(p) = EINVAL;
  crt_invalid_parameter(p, Ucrt);
  return EINVAL;
}

// getenv_s(&needed, buf, count, name): `needed` is the value's length with its NUL (0 if not set);
// ERANGE if the buffer is smaller.
template <bool Ucrt, typename C>
int32_t getenv_s_(WindowsProcess& p, Ptr needed, Ptr buf, USize count, Ptr name) {
  if (!needed || (!buf && count) || !name) return invalid<Ucrt>(p);
  const std::string n = sizeof(C) == 1 ? std::string(name.as<const char>())
                                       : utf16_to_utf8(std::u16string(name.as<const char16_t>()));
  std::optional<std::string> v = lookup<C>(p, n);
  if (!v) {
    p.put_ptr(needed.addr, 0);
    if (buf && count) *buf.as<C>() = 0;
    return 0;
  }
  std::basic_string<C> value;
  if constexpr (sizeof(C) == 1) value = *v;
  else value = utf8_to_utf16(*v);
  p.put_ptr(needed.addr, value.size() + 1);
  if (count < value.size() + 1) return *msvcrt_errno(p) = ERANGE;
  std::memcpy(buf.as<C>(), value.c_str(), (value.size() + 1) * sizeof(C));
  return 0;
}

// _dupenv_s(&copy, &count, name): a heap copy of the value (null and 0 if not set).
template <bool Ucrt, typename C>
int32_t _dupenv_s_(WindowsProcess& p, Ptr out, Ptr count, Ptr name) {
  if (!out || !name) return invalid<Ucrt>(p);
  const std::string n = sizeof(C) == 1 ? std::string(name.as<const char>())
                                       : utf16_to_utf8(std::u16string(name.as<const char16_t>()));
  std::optional<std::string> v = lookup<C>(p, n);
  if (!v) {
    p.put_ptr(out.addr, 0);
    if (count) p.put_ptr(count.addr, 0);
    return 0;
  }
  std::basic_string<C> value;
  if constexpr (sizeof(C) == 1) value = *v;
  else value = utf8_to_utf16(*v);
  const uint64_t bytes = (value.size() + 1) * sizeof(C);
  uint64_t copy = p.heap.alloc(bytes);
  if (!copy) {
    p.put_ptr(out.addr, 0);
    if (count) p.put_ptr(count.addr, 0);
    return *msvcrt_errno(p) = ENOMEM;
  }
  std::memcpy(reinterpret_cast<void*>(copy), value.c_str(), bytes);
  p.put_ptr(out.addr, copy);
  if (count) p.put_ptr(count.addr, value.size() + 1);
  return 0;
}

template <bool Ucrt>
int32_t narrow_getenv_s(WindowsProcess& p, Ptr needed, Ptr buf, USize count, Ptr name) {
  return getenv_s_<Ucrt, char>(p, needed, buf, count, name);
}
template <bool Ucrt>
int32_t wide_getenv_s(WindowsProcess& p, Ptr needed, Ptr buf, USize count, Ptr name) {
  return getenv_s_<Ucrt, char16_t>(p, needed, buf, count, name);
}
template <bool Ucrt>
int32_t narrow_dupenv_s(WindowsProcess& p, Ptr out, Ptr count, Ptr name) { return _dupenv_s_<Ucrt, char>(p, out, count, name); }
template <bool Ucrt>
int32_t wide_dupenv_s(WindowsProcess& p, Ptr out, Ptr count, Ptr name) { return _dupenv_s_<Ucrt, char16_t>(p, out, count, name); }

template <bool Ucrt>
std::vector<Export> env_exports() {
  return {
      EXPORT("getenv_s", narrow_getenv_s<Ucrt>),
      EXPORT("_wgetenv_s", wide_getenv_s<Ucrt>),
      EXPORT("_dupenv_s", narrow_dupenv_s<Ucrt>),
      EXPORT("_wdupenv_s", wide_dupenv_s<Ucrt>),
  };
}

}  // namespace
}  // namespace environment

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp); the Universal CRT's forms, ucrtbase.dll's.
const std::vector<Export>& msvcrt_environment_exports() {
  static const std::vector<Export> exports = environment::env_exports<false>();
  return exports;
}
const std::vector<Export>& ucrtbase_environment_exports() {
  static const std::vector<Export> exports = environment::env_exports<true>();
  return exports;
}

}  // namespace polyrun::shims
