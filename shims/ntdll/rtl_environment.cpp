// NTDLL's environments: a block of UTF-16 "NAME=VALUE" strings ended by an empty one (names compared
// without case; a name may begin with '=' but hold none after), or with no block (null) the
// process's own, the variables KERNEL32's GetEnvironmentVariable reads (WindowsProcess::env).
// RtlCreateEnvironment, RtlDestroyEnvironment, RtlQueryEnvironmentVariable(_U),
// RtlSetEnvironmentVariable, RtlExpandEnvironmentStrings(_U), RtlSetCurrentEnvironment. Blocks
// these functions make are blocks of the process heap.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_guest.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_rtl_environment_impl {

using namespace ntdll_text;

constexpr uint32_t kVariableNotFound = 0xc0000100;

using Vars = std::vector<std::u16string>;

Vars block_vars(uint64_t env) {
  Vars v;
  for (uint64_t at = env;;) {
    const size_t n = wide_length(at);
    if (!n) break;
    v.emplace_back(static_cast<const char16_t*>(guest_pointer(at)), n);
    at += (n + 1) * 2;
  }
  return v;
}

// The variables of a block, or of the process.
Vars vars_of(WindowsProcess& p, uint64_t env) {
  if (env) return block_vars(env);
  Vars v;
  for (const std::string& kv : p.env) v.push_back(utf8_to_utf16(kv));
  return v;
}

bool same_name(const std::u16string& var, const std::u16string& name) {
  if (var.size() <= name.size() || var[name.size()] != u'=') return false;
  if (var.find(u'=', 1) != name.size()) return false;  // (an '=' within the variable's name)
  for (size_t i = 0; i < name.size(); ++i)
    if (upcase(var[i]) != upcase(name[i])) return false;
  return true;
}

std::optional<std::u16string> find_var(WindowsProcess& p, uint64_t env, const std::u16string& name) {
  if (name.empty()) return std::nullopt;
  for (const std::u16string& v : vars_of(p, env))
    if (same_name(v, name)) return v.substr(name.size() + 1);
  return std::nullopt;
}

uint64_t new_block(WindowsProcess& p, const Vars& vars) {
  std::u16string b;
  for (const std::u16string& v : vars) b += v + u'\0';
  b += u'\0';
  const uint64_t block = heap_alloc(p, b.size() * 2);
  if (block) std::memcpy(guest_pointer(block), b.data(), b.size() * 2);
  return block;
}

// inherit: a copy of the process's variables; else an empty block.
uint32_t RtlCreateEnvironment(WindowsProcess& p, uint8_t inherit, Ptr out) {
  const uint64_t b = new_block(p, inherit ? vars_of(p, 0) : Vars{});
  p.put_ptr(out.addr, b);
  return b ? nt::kSuccess : nt::kNoMemory;
}

uint32_t RtlDestroyEnvironment(WindowsProcess& p, Ptr env) {
  if (env) heap_free(p, env.addr);
  return nt::kSuccess;
}

// The value into the UNICODE_STRING's buffer (its NUL where it fits); STATUS_BUFFER_TOO_SMALL
// with the Length it needs where it does not.
uint32_t RtlQueryEnvironmentVariable_U(WindowsProcess& p, Ptr env, Ptr name, Ptr value) {
  set_length(value.addr, 0);
  const std::optional<std::u16string> v = find_var(p, env.addr, unicode_of(p, name.addr));
  if (!v) return kVariableNotFound;
  const Counted c = read_counted(p, value.addr);
  const uint32_t bytes = static_cast<uint32_t>(v->size() * 2);
  set_length(value.addr, static_cast<uint16_t>(bytes));
  if (bytes > c.max) return nt::kBufferTooSmall;
  std::memmove(guest_pointer(c.buffer), v->c_str(), std::min<uint32_t>(bytes + 2, c.max));
  return nt::kSuccess;
}

// The counted name (`name_length` characters) and a buffer of `size` characters: the value's
// length in *length, or the size it needs (with its NUL) and STATUS_BUFFER_TOO_SMALL.
uint32_t RtlQueryEnvironmentVariable(WindowsProcess& p, Ptr env, Ptr name, USize name_length, Ptr value, USize size,
                                     Ptr length) {
  if (!name_length) return kVariableNotFound;
  const std::u16string n(static_cast<const char16_t*>(guest_pointer(name.addr)), name_length);
  const std::optional<std::u16string> v = find_var(p, env.addr, n);
  uint64_t len = 0;
  uint32_t status = kVariableNotFound;
  if (v) {
    len = v->size();
    if (len <= size) {
      std::memcpy(guest_pointer(value.addr), v->c_str(), std::min<uint64_t>(len + 1, size) * 2);
      status = nt::kSuccess;
    } else {
      ++len;
      status = nt::kBufferTooSmall;
    }
  }
  p.put_ptr(length.addr, len);
  return status;
}

// Sets (value) or removes (null) a variable of the block *env (which may move: a new block of the
// process heap takes the old one's place) or of the process (env null).
uint32_t RtlSetEnvironmentVariable(WindowsProcess& p, Ptr env, Ptr name, Ptr value) {
  if (!name) return nt::kInvalidParameter1;
  const std::u16string n = unicode_of(p, name.addr);
  if (n.empty()) return nt::kInvalidParameter1;
  if (n.find(u'=', 1) != std::u16string::npos) return nt::kInvalidParameter;
  if (!env) {
    std::string v;
    if (value) v = utf16_to_utf8(unicode_of(p, value.addr));
    p.set_env(utf16_to_utf8(n), value ? &v : nullptr);
    return nt::kSuccess;
  }
  const uint64_t old = p.get_ptr(env.addr);
  Vars vars = block_vars(old);
  auto it = std::find_if(vars.begin(), vars.end(), [&](const std::u16string& v) { return same_name(v, n); });
  if (!value && it == vars.end()) return nt::kSuccess;
  if (value) {
    const std::u16string kv = n + u'=' + unicode_of(p, value.addr);
    if (it != vars.end()) *it = kv;
    else vars.push_back(kv);
  } else {
    vars.erase(it);
  }
  const uint64_t b = new_block(p, vars);
  if (!b) return nt::kNoMemory;
  heap_free(p, old);
  p.put_ptr(env.addr, b);
  return nt::kSuccess;
}

// Each %NAME% of a set variable becomes its value; an unset one and an unfinished one stay as they
// are. The result with its NUL into `count` characters (as much as fits, with STATUS_BUFFER_TOO_SMALL
// where the NUL has no room); *length: the characters the whole result takes with its NUL.
uint32_t expand(WindowsProcess& p, uint64_t env, const std::u16string& src, uint64_t dst, uint64_t count,
                uint64_t* length) {
  std::u16string out;
  for (size_t i = 0; i < src.size();) {
    if (src[i] != u'%') {
      const size_t j = std::min(src.find(u'%', i), src.size());
      out += src.substr(i, j - i);
      i = j;
      continue;
    }
    const size_t close = src.find(u'%', i + 1);
    if (close == std::u16string::npos) {
      out += src.substr(i);
      break;
    }
    if (const std::optional<std::u16string> v = find_var(p, env, src.substr(i + 1, close - i - 1))) {
      out += *v;
      i = close + 1;
    } else {
      out += src.substr(i, close - i + 1);  // "%NAME%" as it is
      i = close + 1;
    }
  }
  *length = out.size() + 1;
  uint64_t room = count;
  if (dst) {
    const uint64_t n = std::min<uint64_t>(out.size(), room);
    std::memcpy(guest_pointer(dst), out.data(), n * 2);
    room -= n;
    if (room) put<char16_t>(dst + n * 2, 0);
  }
  return room ? nt::kSuccess : nt::kBufferTooSmall;
}

uint32_t RtlExpandEnvironmentStrings(WindowsProcess& p, Ptr env, Ptr src, USize src_length, Ptr dst, USize count,
                                     Ptr length) {
  uint64_t len = 0;
  const std::u16string s(static_cast<const char16_t*>(guest_pointer(src.addr)), src_length);
  const uint32_t status = expand(p, env.addr, s, dst.addr, count, &len);
  if (length) p.put_ptr(length.addr, len);
  return status;
}

// The UNICODE_STRING form: *length in bytes; the destination's Length set on success.
uint32_t RtlExpandEnvironmentStrings_U(WindowsProcess& p, Ptr env, Ptr src, Ptr dst, Ptr length) {
  const Counted d = read_counted(p, dst.addr);
  uint64_t len = 0;
  uint32_t status = expand(p, env.addr, unicode_of(p, src.addr), d.buffer, d.max / 2, &len);
  put<uint32_t>(length.addr, static_cast<uint32_t>(len * 2));
  if (len > 0x7fff) status = nt::kBufferTooSmall;  // (past UNICODE_STRING_MAX_CHARS)
  if (!status) set_length(dst.addr, static_cast<uint16_t>((len - 1) * 2));
  return status;
}

// The process's variables become the block's (which the process keeps); *old, where asked, a block
// of the variables before (else they are gone).
void RtlSetCurrentEnvironment(WindowsProcess& p, Ptr env, Ptr old) {
  if (old) p.put_ptr(old.addr, new_block(p, vars_of(p, 0)));
  std::vector<std::string> vars;
  for (const std::u16string& v : block_vars(env.addr)) vars.push_back(utf16_to_utf8(v));
  p.env = vars;
  update_process_environment_block(p);
}

}  // namespace ntdll_rtl_environment_impl

const std::vector<Export>& ntdll_environment_exports() {
  using namespace ntdll_rtl_environment_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCreateEnvironment", RtlCreateEnvironment),
      EXPORT("RtlDestroyEnvironment", RtlDestroyEnvironment),
      EXPORT("RtlQueryEnvironmentVariable_U", RtlQueryEnvironmentVariable_U),
      EXPORT("RtlQueryEnvironmentVariable", RtlQueryEnvironmentVariable),
      EXPORT("RtlSetEnvironmentVariable", RtlSetEnvironmentVariable),
      EXPORT("RtlExpandEnvironmentStrings", RtlExpandEnvironmentStrings),
      EXPORT("RtlExpandEnvironmentStrings_U", RtlExpandEnvironmentStrings_U),
      EXPORT("RtlSetCurrentEnvironment", RtlSetCurrentEnvironment),
  };
  return exports;
}

}  // namespace polyrun::shims
