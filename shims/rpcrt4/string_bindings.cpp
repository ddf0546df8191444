// RPCRT4.dll, string bindings and binding handles (rpcdce.h): RpcStringBindingCompose and
// RpcStringBindingParse ("uuid@protseq:address[endpoint,option=value,…]", the delimiters
// @ : [ ] \ of a component escaped by a backslash), binding handles made from a string binding and
// written back as one (RpcBindingFromStringBinding, RpcBindingToStringBinding, RpcBindingCopy,
// RpcBindingFree, RpcBindingReset, RpcBindingSet/InqObject), and the protocol sequences the runtime
// knows (RpcNetworkIsProtseqValid, RpcNetworkInqProtseqs, RpcProtseqVectorFree). A binding holds
// what its string names; no call goes over one here (the NDR engine and transports are absent, so
// a program that calls a remote procedure stops at NdrClientCall). The A functions' strings are in
// the ANSI code page; the strings they return are RpcStringFree's.
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/rpcrt4/uuids.h"

namespace polyrun::shims {

namespace rpcrt4_bindings {

using rpcrt4::Uuid;

constexpr int32_t RPC_S_OK = 0, RPC_S_OUT_OF_MEMORY = 14, RPC_S_INVALID_STRING_BINDING = 1700,
                  RPC_S_INVALID_BINDING = 1702, RPC_S_PROTSEQ_NOT_SUPPORTED = 1703,
                  RPC_S_INVALID_RPC_PROTSEQ = 1704, RPC_S_INVALID_STRING_UUID = 1705;

// The protocol sequences this runtime supports (those Windows' clients bind with), and the others
// RPC defines, which Windows no longer supports (RPC_S_PROTSEQ_NOT_SUPPORTED); any other string is
// no protocol sequence (RPC_S_INVALID_RPC_PROTSEQ).
const char16_t* const kProtseqs[] = {u"ncacn_np", u"ncacn_ip_tcp", u"ncalrpc", u"ncacn_http"};
const char16_t* const kUnsupportedProtseqs[] = {u"ncacn_nb_tcp", u"ncacn_nb_ipx", u"ncacn_nb_nb",   u"ncacn_spx",
                                                u"ncacn_dnet_nsp", u"ncacn_at_dsp", u"ncacn_vns_spp", u"ncadg_ip_udp",
                                                u"ncadg_ipx",    u"ncadg_mq",     u"ncacn_hvsocket"};

bool known_protseq(const std::u16string& s) {
  for (const char16_t* k : kProtseqs)
    if (s == k) return true;
  return false;
}
bool valid_protseq_form(const std::u16string& s) {
  if (known_protseq(s)) return true;
  for (const char16_t* k : kUnsupportedProtseqs)
    if (s == k) return true;
  return false;
}

// A string argument of the A (ANSI) or W form; `present` false for NULL.
struct Text {
  std::u16string s;
  bool present = false;
};
Text read_text(uint64_t at, bool wide) {
  Text t;
  if (!at) return t;
  t.present = true;
  if (wide) {
    for (uint64_t i = at;; i += 2) {
      const char16_t c = get<uint16_t>(i);
      if (!c) break;
      t.s.push_back(c);
    }
  } else {
    std::string n;
    for (uint64_t i = at;; ++i) {
      const char c = static_cast<char>(get<uint8_t>(i));
      if (!c) break;
      n.push_back(c);
    }
    t.s = ansi_to_utf16(n);
  }
  return t;
}
// A new RPC string (RpcStringFree frees it) in the A or W form; 0 when memory ran out.
uint64_t new_text(WindowsProcess& p, const std::u16string& s, bool wide) {
  if (wide) {
    const uint64_t at = p.heap.alloc((s.size() + 1) * 2, false);
    if (at) std::memcpy(guest_pointer(at), s.c_str(), (s.size() + 1) * 2);
    return at;
  }
  const std::string n = utf16_to_ansi(s);
  const uint64_t at = p.heap.alloc(n.size() + 1, false);
  if (at) std::memcpy(guest_pointer(at), n.c_str(), n.size() + 1);
  return at;
}

std::u16string escape(const std::u16string& s) {
  std::u16string out;
  for (char16_t c : s) {
    if (c == u'@' || c == u':' || c == u'[' || c == u']' || c == u'\\') out.push_back(u'\\');
    out.push_back(c);
  }
  return out;
}
std::u16string unescape(const std::u16string& s) {
  std::u16string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == u'\\' && i + 1 < s.size()) ++i;
    out.push_back(s[i]);
  }
  return out;
}
// The first `delim` not escaped, from `from`.
size_t find_delimiter(const std::u16string& s, char16_t delim, size_t from = 0) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == u'\\') {
      ++i;
      continue;
    }
    if (s[i] == delim) return i;
  }
  return std::u16string::npos;
}

struct Parts {
  std::u16string uuid, protseq, address, endpoint, options;
  // Which the string has (a string binding always has its address, perhaps empty).
  bool has_uuid = false, has_protseq = false, has_endpoint = false, has_options = false;
};

std::u16string compose(const Parts& b) {
  std::u16string s;
  if (!b.uuid.empty()) s += escape(b.uuid) + u"@";
  if (!b.protseq.empty()) s += escape(b.protseq) + u":";
  s += escape(b.address);
  if (!b.endpoint.empty() || !b.options.empty()) {
    s += u"[";
    if (!b.endpoint.empty()) s += escape(b.endpoint);
    if (!b.endpoint.empty() && !b.options.empty()) s += u",";
    s += escape(b.options);
    s += u"]";
  }
  return s;
}

// "uuid@protseq:address[endpoint,options]": each part but the address optional; in the brackets
// the first item is the endpoint unless it is an option, "endpoint=…" names it too, and the other
// options are kept joined by commas.
int32_t parse(const std::u16string& s, Parts& out) {
  out = Parts{};
  size_t at = 0;
  if (const size_t u = find_delimiter(s, u'@'); u != std::u16string::npos) {
    out.uuid = unescape(s.substr(0, u));
    out.has_uuid = true;
    Uuid check;
    if (!rpcrt4::parse_uuid(utf16_to_utf8(out.uuid), check)) return RPC_S_INVALID_STRING_UUID;
    at = u + 1;
  }
  if (const size_t c = find_delimiter(s, u':', at); c != std::u16string::npos) {
    out.protseq = unescape(s.substr(at, c - at));
    out.has_protseq = true;
    at = c + 1;
  }
  const size_t open = find_delimiter(s, u'[', at);
  if (open == std::u16string::npos) {
    out.address = unescape(s.substr(at));
    return RPC_S_OK;
  }
  out.address = unescape(s.substr(at, open - at));
  const size_t close = find_delimiter(s, u']', open + 1);
  if (close == std::u16string::npos || close + 1 != s.size()) return RPC_S_INVALID_STRING_BINDING;
  const std::u16string inside = s.substr(open + 1, close - open - 1);
  std::vector<std::u16string> items;
  for (size_t from = 0;;) {
    const size_t comma = inside.find(u',', from);
    items.push_back(inside.substr(from, comma == std::u16string::npos ? std::u16string::npos : comma - from));
    if (comma == std::u16string::npos) break;
    from = comma + 1;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const std::u16string& item = items[i];
    const size_t eq = item.find(u'=');
    if (eq == std::u16string::npos) {
      if (i == 0) {
        out.endpoint = unescape(item);
        out.has_endpoint = !item.empty();
        continue;
      }
      return RPC_S_INVALID_STRING_BINDING;
    }
    if (item.compare(0, eq, u"endpoint") == 0) {
      out.endpoint = unescape(item.substr(eq + 1));
      out.has_endpoint = true;
    } else {
      if (!out.options.empty()) out.options += u",";
      out.options += unescape(item);
      out.has_options = true;
    }
  }
  return RPC_S_OK;
}

int32_t compose_binding(WindowsProcess& p, uint64_t uuid, uint64_t protseq, uint64_t address, uint64_t endpoint,
                        uint64_t options, Ptr out, bool wide) {
  Parts b{read_text(uuid, wide).s, read_text(protseq, wide).s, read_text(address, wide).s,
          read_text(endpoint, wide).s, read_text(options, wide).s};
  const uint64_t s = new_text(p, compose(b), wide);
  if (!s) return RPC_S_OUT_OF_MEMORY;
  p.put_ptr(out.addr, s);
  return RPC_S_OK;
}
int32_t RpcStringBindingComposeA(WindowsProcess& p, Ptr uuid, Ptr protseq, Ptr address, Ptr endpoint, Ptr options, Ptr out) {
  return compose_binding(p, uuid.addr, protseq.addr, address.addr, endpoint.addr, options.addr, out, false);
}
int32_t RpcStringBindingComposeW(WindowsProcess& p, Ptr uuid, Ptr protseq, Ptr address, Ptr endpoint, Ptr options, Ptr out) {
  return compose_binding(p, uuid.addr, protseq.addr, address.addr, endpoint.addr, options.addr, out, true);
}

// RpcStringBindingParse(binding, &uuid, &protseq, &address, &endpoint, &options): each part asked
// for, an RPC string (NULL for a part the binding lacks; the address, perhaps empty, always).
int32_t parse_binding(WindowsProcess& p, Ptr binding, Ptr uuid, Ptr protseq, Ptr address, Ptr endpoint, Ptr options,
                      bool wide) {
  for (Ptr o : {uuid, protseq, address, endpoint, options})
    if (o) p.put_ptr(o.addr, 0);
  Parts b;
  if (const int32_t e = parse(read_text(binding.addr, wide).s, b)) return e;
  struct Out {
    Ptr to;
    const std::u16string* text;
    bool has;
  };
  const Out outs[] = {{uuid, &b.uuid, b.has_uuid},
                      {protseq, &b.protseq, b.has_protseq},
                      {address, &b.address, true},
                      {endpoint, &b.endpoint, b.has_endpoint},
                      {options, &b.options, b.has_options}};
  std::vector<uint64_t> made;
  for (const auto& [o, text, has] : outs) {
    if (!o || !has) continue;
    const uint64_t s = new_text(p, *text, wide);
    if (!s) {
      for (uint64_t m : made) p.heap.free(m);
      for (Ptr q : {uuid, protseq, address, endpoint, options})
        if (q) p.put_ptr(q.addr, 0);
      return RPC_S_OUT_OF_MEMORY;
    }
    made.push_back(s);
    p.put_ptr(o.addr, s);
  }
  return RPC_S_OK;
}
int32_t RpcStringBindingParseA(WindowsProcess& p, Ptr binding, Ptr uuid, Ptr protseq, Ptr address, Ptr endpoint, Ptr options) {
  return parse_binding(p, binding, uuid, protseq, address, endpoint, options, false);
}
int32_t RpcStringBindingParseW(WindowsProcess& p, Ptr binding, Ptr uuid, Ptr protseq, Ptr address, Ptr endpoint, Ptr options) {
  return parse_binding(p, binding, uuid, protseq, address, endpoint, options, true);
}

// ---- binding handles ----

struct Binding {
  Parts parts;
  Uuid object{};
};
std::map<uint64_t, Binding>& bindings() {
  static std::map<uint64_t, Binding> all;
  return all;
}
Binding* binding_of(uint64_t h) {
  auto it = bindings().find(h);
  return it == bindings().end() ? nullptr : &it->second;
}
int32_t new_binding(WindowsProcess& p, const Binding& b, Ptr out) {
  const uint64_t h = p.heap.alloc(16, true);  // (a unique value the program holds)
  if (!h) return RPC_S_OUT_OF_MEMORY;
  bindings()[h] = b;
  p.put_ptr(out.addr, h);
  return RPC_S_OK;
}

int32_t from_string_binding(WindowsProcess& p, Ptr text, Ptr out, bool wide) {
  if (out) p.put_ptr(out.addr, 0);
  Binding b;
  if (const int32_t e = parse(read_text(text.addr, wide).s, b.parts)) return e;
  if (b.parts.protseq.empty() || !valid_protseq_form(b.parts.protseq)) return RPC_S_INVALID_RPC_PROTSEQ;
  if (!known_protseq(b.parts.protseq)) return RPC_S_PROTSEQ_NOT_SUPPORTED;
  if (!b.parts.uuid.empty()) rpcrt4::parse_uuid(utf16_to_utf8(b.parts.uuid), b.object);
  return new_binding(p, b, out);
}
int32_t RpcBindingFromStringBindingA(WindowsProcess& p, Ptr text, Ptr out) { return from_string_binding(p, text, out, false); }
int32_t RpcBindingFromStringBindingW(WindowsProcess& p, Ptr text, Ptr out) { return from_string_binding(p, text, out, true); }

// The binding as a string binding: its object UUID (when not nil), protseq, address, endpoint and
// options.
int32_t to_string_binding(WindowsProcess& p, Ptr handle, Ptr out, bool wide) {
  const Binding* b = binding_of(handle.addr);
  if (!b) return RPC_S_INVALID_BINDING;
  Parts parts = b->parts;
  static const Uuid nil{};
  parts.uuid = std::memcmp(&b->object, &nil, 16) == 0 ? u"" : utf8_to_utf16(rpcrt4::uuid_text(b->object));
  const uint64_t s = new_text(p, compose(parts), wide);
  if (!s) return RPC_S_OUT_OF_MEMORY;
  p.put_ptr(out.addr, s);
  return RPC_S_OK;
}
int32_t RpcBindingToStringBindingA(WindowsProcess& p, Ptr handle, Ptr out) { return to_string_binding(p, handle, out, false); }
int32_t RpcBindingToStringBindingW(WindowsProcess& p, Ptr handle, Ptr out) { return to_string_binding(p, handle, out, true); }

int32_t RpcBindingFree(WindowsProcess& p, Ptr handle) {
  if (!handle) return RPC_S_INVALID_BINDING;
  const uint64_t h = p.get_ptr(handle.addr);
  if (!bindings().erase(h)) return RPC_S_INVALID_BINDING;
  p.heap.free(h);
  p.put_ptr(handle.addr, 0);
  return RPC_S_OK;
}
int32_t RpcBindingCopy(WindowsProcess& p, Ptr handle, Ptr out) {
  const Binding* b = binding_of(handle.addr);
  if (!b) return RPC_S_INVALID_BINDING;
  return new_binding(p, Binding(*b), out);
}
// RpcBindingReset: the endpoint is forgotten (the endpoint mapper would find one).
int32_t RpcBindingReset(WindowsProcess&, Ptr handle) {
  Binding* b = binding_of(handle.addr);
  if (!b) return RPC_S_INVALID_BINDING;
  b->parts.endpoint.clear();
  return RPC_S_OK;
}
int32_t RpcBindingSetObject(WindowsProcess&, Ptr handle, Ptr uuid) {
  Binding* b = binding_of(handle.addr);
  if (!b) return RPC_S_INVALID_BINDING;
  if (uuid) copy_guest(&b->object, guest_pointer(uuid.addr), 16, uuid.addr, false);
  else b->object = Uuid{};
  return RPC_S_OK;
}
int32_t RpcBindingInqObject(WindowsProcess&, Ptr handle, Ptr uuid) {
  const Binding* b = binding_of(handle.addr);
  if (!b) return RPC_S_INVALID_BINDING;
  copy_guest(guest_pointer(uuid.addr), &b->object, 16, uuid.addr, true);
  return RPC_S_OK;
}

int32_t protseq_valid(const Text& t) {
  if (!t.present || !valid_protseq_form(t.s)) return RPC_S_INVALID_RPC_PROTSEQ;
  return known_protseq(t.s) ? RPC_S_OK : RPC_S_PROTSEQ_NOT_SUPPORTED;
}
int32_t RpcNetworkIsProtseqValidA(WindowsProcess&, Ptr protseq) { return protseq_valid(read_text(protseq.addr, false)); }
int32_t RpcNetworkIsProtseqValidW(WindowsProcess&, Ptr protseq) { return protseq_valid(read_text(protseq.addr, true)); }

// RPC_PROTSEQ_VECTOR: Count, then a pointer to each protocol sequence's string.
int32_t inq_protseqs(WindowsProcess& p, Ptr out, bool wide) {
  const unsigned ps = p.isa->ptr;
  const size_t n = sizeof kProtseqs / sizeof *kProtseqs;
  const uint64_t v = p.heap.alloc(ps + n * ps, true);
  if (!v) return RPC_S_OUT_OF_MEMORY;
  put<uint32_t>(v, static_cast<uint32_t>(n));
  for (size_t i = 0; i < n; ++i) p.put_ptr(v + ps + i * ps, new_text(p, kProtseqs[i], wide));
  p.put_ptr(out.addr, v);
  return RPC_S_OK;
}
int32_t RpcNetworkInqProtseqsA(WindowsProcess& p, Ptr out) { return inq_protseqs(p, out, false); }
int32_t RpcNetworkInqProtseqsW(WindowsProcess& p, Ptr out) { return inq_protseqs(p, out, true); }
int32_t RpcProtseqVectorFree(WindowsProcess& p, Ptr vector) {
  if (!vector) return RPC_S_OK;
  const uint64_t v = p.get_ptr(vector.addr);
  if (v) {
    const unsigned ps = p.isa->ptr;
    const uint32_t n = get<uint32_t>(v);
    for (uint32_t i = 0; i < n; ++i)
      if (const uint64_t s = p.get_ptr(v + ps + i * ps)) p.heap.free(s);
    p.heap.free(v);
  }
  p.put_ptr(vector.addr, 0);
  return RPC_S_OK;
}

}  // namespace rpcrt4_bindings

const std::vector<Export>& rpcrt4_binding_exports() {
  using namespace rpcrt4_bindings;
  static const std::vector<Export> exports = {
      EXPORT("RpcStringBindingComposeA", RpcStringBindingComposeA),
      EXPORT("RpcStringBindingComposeW", RpcStringBindingComposeW),
      EXPORT("RpcStringBindingParseA", RpcStringBindingParseA),
      EXPORT("RpcStringBindingParseW", RpcStringBindingParseW),
      EXPORT("RpcBindingFromStringBindingA", RpcBindingFromStringBindingA),
      EXPORT("RpcBindingFromStringBindingW", RpcBindingFromStringBindingW),
      EXPORT("RpcBindingToStringBindingA", RpcBindingToStringBindingA),
      EXPORT("RpcBindingToStringBindingW", RpcBindingToStringBindingW),
      EXPORT("RpcBindingFree", RpcBindingFree),
      EXPORT("RpcBindingCopy", RpcBindingCopy),
      EXPORT("RpcBindingReset", RpcBindingReset),
      EXPORT("RpcBindingSetObject", RpcBindingSetObject),
      EXPORT("RpcBindingInqObject", RpcBindingInqObject),
      EXPORT("RpcNetworkIsProtseqValidA", RpcNetworkIsProtseqValidA),
      EXPORT("RpcNetworkIsProtseqValidW", RpcNetworkIsProtseqValidW),
      EXPORT("RpcNetworkInqProtseqsA", RpcNetworkInqProtseqsA),
      EXPORT("RpcNetworkInqProtseqsW", RpcNetworkInqProtseqsW),
      EXPORT("RpcProtseqVectorFreeA", RpcProtseqVectorFree),
      EXPORT("RpcProtseqVectorFreeW", RpcProtseqVectorFree),
  };
  return exports;
}

}  // namespace polyrun::shims
