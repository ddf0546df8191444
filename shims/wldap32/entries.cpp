// WLDAP32's reading of results: entries and references (first, next, count), distinguished names
// (ldap_get_dn, ldap_explode_dn, ldap_dn2ufn, ldap_ufn2dn), attributes and their values (narrow,
// wide and as bervals, with their counts and frees), ldap_memfree and ldap_msgfree, the parse
// functions (ldap_parse_result, ldap_parse_reference, ldap_parse_extended_result),
// ldap_conn_from_msg, ldap_check_filter and ldap_escape_filter_element.
#include "shims/core/guest_memory.h"
#include "shims/wldap32/wldap32.h"

extern "C" int ldap_pvt_put_filter(BerElement* ber, const char* str);  // libldap's filter encoder

namespace polyrun::shims::wldap {

template <bool W>
using Str = std::conditional_t<W, WStr, CStr>;

namespace {

// The session and message of a call (null ones make the call fail with LDAP_PARAM_ERROR).
struct Pair {
  Session* s;
  LDAPMessage* m;
};
Pair pair(WindowsProcess& p, Ptr ld, Ptr msg) { return {session(p, ld.addr), host_message(p, msg.addr)}; }

// ---- entries and references ----

Ptr ldap_first_entry(WindowsProcess& p, Ptr ld, Ptr res) {
  auto [s, m] = pair(p, ld, res);
  if (!s || !m) return 0;
  return guest_of(p, ::ldap_first_entry(s->ld, m));
}
Ptr ldap_next_entry(WindowsProcess& p, Ptr ld, Ptr entry) {
  auto [s, m] = pair(p, ld, entry);
  if (!s || !m) return 0;
  return guest_of(p, ::ldap_next_entry(s->ld, m));
}
Ptr ldap_first_reference(WindowsProcess& p, Ptr ld, Ptr res) {
  auto [s, m] = pair(p, ld, res);
  if (!s || !m) return 0;
  return guest_of(p, ::ldap_first_reference(s->ld, m));
}
Ptr ldap_next_reference(WindowsProcess& p, Ptr ld, Ptr entry) {
  auto [s, m] = pair(p, ld, entry);
  if (!s || !m) return 0;
  return guest_of(p, ::ldap_next_reference(s->ld, m));
}
uint32_t ldap_count_entries(WindowsProcess& p, Ptr ld, Ptr res) {
  auto [s, m] = pair(p, ld, res);
  if (!s) return kFail;
  if (!m) return 0;
  return static_cast<uint32_t>(::ldap_count_entries(s->ld, m));
}
uint32_t ldap_count_references(WindowsProcess& p, Ptr ld, Ptr res) {
  auto [s, m] = pair(p, ld, res);
  if (!s) return kFail;
  if (!m) return 0;
  return static_cast<uint32_t>(::ldap_count_references(s->ld, m));
}

uint32_t ldap_msgfree(WindowsProcess& p, Ptr res) {
  if (res) free_message(p, res.addr);
  return kSuccess;
}

Ptr ldap_conn_from_msg(WindowsProcess& p, Ptr ld, Ptr res) {
  if (!ld || !res) return 0;
  const uint64_t ps = ptr_size(p);
  if (host_message(p, res.addr)) return p.get_ptr(res.addr + (12 + 3 * ps + ps - 1) / ps * ps);  // its Connection
  return ld;
}

// ---- names ----

template <bool W>
Ptr ldap_get_dn(WindowsProcess& p, Ptr ld, Ptr entry) {
  auto [s, m] = pair(p, ld, entry);
  if (!s || !m) return note(p, s, kParamError), Ptr(0);
  char* dn = ::ldap_get_dn(s->ld, m);
  if (!dn) {
    int err = LDAP_DECODING_ERROR;
    ::ldap_get_option(s->ld, LDAP_OPT_RESULT_CODE, &err);
    note(p, s, map_error(err));
    return 0;
  }
  const uint64_t r = out_str(p, dn, W);
  ::ldap_memfree(dn);
  return r;
}

template <bool W>
Ptr ldap_explode_dn(WindowsProcess& p, Str<W> dn, uint32_t notypes) {
  auto d = in_str(dn.addr, W);
  if (!d) return 0;
  char** parts = ::ldap_explode_dn(d->c_str(), static_cast<int>(notypes));
  if (!parts) return 0;
  std::vector<std::string> v;
  for (char** x = parts; *x; ++x) v.push_back(*x);
  ::ldap_memvfree(reinterpret_cast<void**>(parts));
  return out_strs(p, v, W);
}

template <bool W>
Ptr ldap_dn2ufn(WindowsProcess& p, Str<W> dn) {
  auto d = in_str(dn.addr, W);
  if (!d) return 0;
  char* ufn = ::ldap_dn2ufn(d->c_str());
  if (!ufn) return 0;
  const uint64_t r = out_str(p, ufn, W);
  ::ldap_memfree(ufn);
  return r;
}

// ldap_ufn2dn: a user-friendly name ("Alice, people, example, com") as a DN. Each component
// without a type becomes a common name; components that are already attribute=value pairs, and a
// name that is already a DN, stay as they are.
template <bool W>
uint32_t ldap_ufn2dn(WindowsProcess& p, Str<W> ufn, Ptr dn) {
  if (!dn) return kParamError;
  p.put_ptr(dn.addr, 0);
  auto u = in_str(ufn.addr, W);
  if (!u) return kSuccess;
  std::string out, part;
  auto flush = [&] {
    size_t b = part.find_first_not_of(' '), e = part.find_last_not_of(' ');
    std::string t = b == std::string::npos ? "" : part.substr(b, e - b + 1);
    if (!out.empty()) out += ',';
    out += t.find('=') == std::string::npos && !t.empty() ? "cn=" + t : t;
    part.clear();
  };
  for (char c : *u) {
    if (c == ',') flush();
    else part += c;
  }
  flush();
  p.put_ptr(dn.addr, out_str(p, out, W));
  return kSuccess;
}

// ---- attributes and values ----

template <bool W>
Ptr ldap_first_attribute(WindowsProcess& p, Ptr ld, Ptr entry, Ptr ber_out) {
  auto [s, m] = pair(p, ld, entry);
  if (!s || !m || !ber_out) return 0;
  BerElement* ber = nullptr;
  char* a = ::ldap_first_attribute(s->ld, m, &ber);
  p.put_ptr(ber_out.addr, guest_ber(p, ber, false));
  if (!a) return 0;
  const uint64_t r = out_str(p, a, W);
  ::ldap_memfree(a);
  return r;
}

template <bool W>
Ptr ldap_next_attribute(WindowsProcess& p, Ptr ld, Ptr entry, Ptr ber) {
  auto [s, m] = pair(p, ld, entry);
  BerElement* b = host_ber(p, ber.addr);
  if (!s || !m || !b) return 0;
  char* a = ::ldap_next_attribute(s->ld, m, b);
  if (!a) return 0;
  const uint64_t r = out_str(p, a, W);
  ::ldap_memfree(a);
  return r;
}

// An attribute's values (null where it has none: ld_errno says why).
struct berval** values_of(WindowsProcess& p, Session* s, LDAPMessage* m, uint64_t attr, bool wide) {
  auto a = in_str(attr, wide);
  if (!s || !m || !a) {
    note(p, s, kParamError);
    return nullptr;
  }
  struct berval** v = ::ldap_get_values_len(s->ld, m, a->c_str());
  if (!v) {
    int err = LDAP_NO_SUCH_ATTRIBUTE;
    ::ldap_get_option(s->ld, LDAP_OPT_RESULT_CODE, &err);
    note(p, s, map_error(err ? err : LDAP_NO_SUCH_ATTRIBUTE));
  }
  return v;
}

template <bool W>
Ptr ldap_get_values(WindowsProcess& p, Ptr ld, Ptr entry, Str<W> attr) {
  auto [s, m] = pair(p, ld, entry);
  struct berval** v = values_of(p, s, m, attr.addr, W);
  if (!v) return 0;
  std::vector<std::string> texts;
  for (struct berval** x = v; *x; ++x) texts.emplace_back((*x)->bv_val, (*x)->bv_len);
  ::ber_bvecfree(v);
  return out_strs(p, texts, W);
}

template <bool W>
Ptr ldap_get_values_len(WindowsProcess& p, Ptr ld, Ptr entry, Str<W> attr) {
  auto [s, m] = pair(p, ld, entry);
  struct berval** v = values_of(p, s, m, attr.addr, W);
  if (!v) return 0;
  const uint64_t r = out_bervals(p, v);
  ::ber_bvecfree(v);
  return r;
}

uint32_t count_array(WindowsProcess& p, uint64_t arr) {
  if (!arr) return 0;
  uint32_t n = 0;
  while (p.get_ptr(arr + n * ptr_size(p))) ++n;
  return n;
}
uint32_t ldap_count_values(WindowsProcess& p, Ptr values) { return count_array(p, values.addr); }
uint32_t ldap_count_values_len(WindowsProcess& p, Ptr values) { return count_array(p, values.addr); }
uint32_t ldap_value_free(WindowsProcess& p, Ptr values) {
  free_block(p, values.addr);
  return kSuccess;
}
void ldap_memfree(WindowsProcess& p, Ptr block) { free_block(p, block.addr); }

// ---- parsing results ----

template <bool W>
uint32_t ldap_parse_result(WindowsProcess& p, Ptr ld, Ptr res, Ptr code, Ptr matched, Ptr error, Ptr referrals, Ptr ctrls,
                           uint8_t free_it) {
  auto [s, m] = pair(p, ld, res);
  if (!s || !m) return note(p, s, kParamError);
  int rc_code = 0;
  char *mdn = nullptr, *msg = nullptr, **refs = nullptr;
  LDAPControl** sc = nullptr;
  // The result among the messages given (a search's chain ends with it).
  LDAPMessage* result = m;
  for (LDAPMessage* x = m; x; x = ::ldap_next_message(s->ld, x)) {
    const int t = ::ldap_msgtype(x);
    if (t != LDAP_RES_SEARCH_ENTRY && t != LDAP_RES_SEARCH_REFERENCE && t != LDAP_RES_INTERMEDIATE) {
      result = x;
      break;
    }
  }
  int rc = ::ldap_parse_result(s->ld, result, &rc_code, matched ? &mdn : nullptr, error ? &msg : nullptr,
                             referrals ? &refs : nullptr, ctrls ? &sc : nullptr, 0);
  if (code) put<uint32_t>(code.addr, map_error(rc_code));
  if (matched) p.put_ptr(matched.addr, mdn ? out_str(p, mdn, W) : 0);
  if (error) p.put_ptr(error.addr, msg ? out_str(p, msg, W) : 0);
  if (referrals) {
    std::vector<std::string> v;
    for (char** x = refs; x && *x; ++x) v.push_back(*x);
    p.put_ptr(referrals.addr, refs ? out_strs(p, v, W) : 0);
  }
  if (ctrls) p.put_ptr(ctrls.addr, sc ? out_controls(p, sc, W) : 0);
  if (mdn) ::ldap_memfree(mdn);
  if (msg) ::ldap_memfree(msg);
  if (refs) ::ldap_memvfree(reinterpret_cast<void**>(refs));
  if (sc) ::ldap_controls_free(sc);
  if (free_it) free_message(p, res.addr);
  return note(p, s, map_error(rc));
}

template <bool W>
uint32_t ldap_parse_reference(WindowsProcess& p, Ptr ld, Ptr ref, Ptr referrals) {
  auto [s, m] = pair(p, ld, ref);
  if (!s || !m || !referrals) return note(p, s, kParamError);
  char** refs = nullptr;
  int rc = ::ldap_parse_reference(s->ld, m, &refs, nullptr, 0);
  std::vector<std::string> v;
  for (char** x = refs; x && *x; ++x) v.push_back(*x);
  p.put_ptr(referrals.addr, refs ? out_strs(p, v, W) : 0);
  if (refs) ::ldap_memvfree(reinterpret_cast<void**>(refs));
  return note(p, s, map_error(rc));
}

template <bool W>
uint32_t ldap_parse_extended_result(WindowsProcess& p, Ptr ld, Ptr res, Ptr oid, Ptr data, uint8_t free_it) {
  auto [s, m] = pair(p, ld, res);
  if (!s || !m) return note(p, s, kParamError);
  char* o = nullptr;
  struct berval* d = nullptr;
  int rc = ::ldap_parse_extended_result(s->ld, m, oid ? &o : nullptr, data ? &d : nullptr, 0);
  if (oid) p.put_ptr(oid.addr, o ? out_str(p, o, W) : 0);
  if (data) p.put_ptr(data.addr, d ? out_berval(p, d) : 0);
  if (o) ::ldap_memfree(o);
  if (d) ::ber_bvfree(d);
  if (free_it) free_message(p, res.addr);
  return note(p, s, map_error(rc));
}

// ---- filters ----

// ldap_check_filter: whether a search filter is well formed (RFC 4515), encoding it as a search
// would; LDAP_FILTER_ERROR if not.
template <bool W>
uint32_t ldap_check_filter(WindowsProcess& p, Ptr ld, Str<W> filter) {
  Session* s = session(p, ld.addr);
  auto f = in_str(filter.addr, W);
  if (!s || !f) return kParamError;
  BerElement* ber = ::ber_alloc_t(LBER_USE_DER);
  if (!ber) return kNoMemory;
  int rc = ::ldap_pvt_put_filter(ber, f->c_str());
  ::ber_free(ber, 1);
  return rc == -1 ? kFilterError : kSuccess;
}

// ldap_escape_filter_element: bytes as a filter's value, every byte but letters and digits written
// \XX. With no destination, the size needed (with the terminator).
bool plain(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

uint32_t escape_size(uint64_t src, uint32_t len) {
  uint32_t n = 1;
  for (uint32_t i = 0; src && i < len; ++i) n += plain(get<uint8_t>(src + i)) ? 1 : 3;
  return n;
}

uint32_t ldap_escape_filter_elementA(WindowsProcess&, Ptr src, uint32_t len, Ptr dst, uint32_t dstlen) {
  const uint32_t need = escape_size(src.addr, len);
  if (!dst) return need;
  if (!src || dstlen < need) return kParamError;
  std::string out;
  char hex[4];
  for (uint32_t i = 0; i < len; ++i) {
    const unsigned char c = get<uint8_t>(src.addr + i);
    if (plain(c)) {
      out += static_cast<char>(c);
    } else {
      std::snprintf(hex, sizeof hex, "\\%02X", c);
      out += hex;
    }
  }
  copy_guest(guest_pointer(dst.addr), out.c_str(), out.size() + 1, dst.addr, true);
  return kSuccess;
}

// The wide form takes bytes too; Windows answers every call with a destination LDAP_PARAM_ERROR
// (its size query works as the narrow one's).
uint32_t ldap_escape_filter_elementW(WindowsProcess&, Ptr src, uint32_t len, Ptr dst, uint32_t) {
  const uint32_t need = escape_size(src.addr, len);
  if (!dst) return need;
  return kParamError;
}

}  // namespace

#define WLDAP_AW(name) EXPORT(#name "A", name<false>), EXPORT(#name "W", name<true>), EXPORT(#name, name<false>)
#define WLDAP_AW_ONLY(name) EXPORT(#name "A", name<false>), EXPORT(#name "W", name<true>)

const std::vector<Export>& entry_exports() {
  static const std::vector<Export> e = {
      EXPORT("ldap_first_entry", ldap_first_entry), EXPORT("ldap_next_entry", ldap_next_entry),
      EXPORT("ldap_first_reference", ldap_first_reference), EXPORT("ldap_next_reference", ldap_next_reference),
      EXPORT("ldap_count_entries", ldap_count_entries), EXPORT("ldap_count_references", ldap_count_references),
      EXPORT("ldap_msgfree", ldap_msgfree), EXPORT("ldap_conn_from_msg", ldap_conn_from_msg),
      WLDAP_AW(ldap_get_dn), WLDAP_AW(ldap_explode_dn), WLDAP_AW(ldap_dn2ufn), WLDAP_AW(ldap_ufn2dn),
      WLDAP_AW(ldap_first_attribute), WLDAP_AW(ldap_next_attribute), WLDAP_AW(ldap_get_values),
      WLDAP_AW(ldap_get_values_len),
      EXPORT("ldap_count_values", ldap_count_values), EXPORT("ldap_count_valuesA", ldap_count_values),
      EXPORT("ldap_count_valuesW", ldap_count_values), EXPORT("ldap_count_values_len", ldap_count_values_len),
      EXPORT("ldap_value_free", ldap_value_free), EXPORT("ldap_value_freeA", ldap_value_free),
      EXPORT("ldap_value_freeW", ldap_value_free), EXPORT("ldap_value_free_len", ldap_value_free),
      EXPORT("ldap_memfree", ldap_memfree), EXPORT("ldap_memfreeA", ldap_memfree), EXPORT("ldap_memfreeW", ldap_memfree),
      WLDAP_AW(ldap_parse_result), WLDAP_AW(ldap_parse_reference), WLDAP_AW_ONLY(ldap_parse_extended_result),
      WLDAP_AW_ONLY(ldap_check_filter),
      EXPORT("ldap_escape_filter_elementA", ldap_escape_filter_elementA),
      EXPORT("ldap_escape_filter_elementW", ldap_escape_filter_elementW),
      EXPORT("ldap_escape_filter_element", ldap_escape_filter_elementA),
  };
  return e;
}

}  // namespace polyrun::shims::wldap
