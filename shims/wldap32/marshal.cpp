// WLDAP32's bookkeeping and marshalling (wldap32/wldap32.h): the sessions and their LDAP
// structures, the messages and BER elements handed to the program, the program's strings and
// structures read into OpenLDAP's, and the results allocated for the program.
#include "shims/wldap32/wldap32.h"

#include <sys/time.h>

#include <cstring>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"

namespace polyrun::shims::wldap {

namespace {

struct MessageRecord {
  LDAPMessage* host = nullptr;
  uint64_t head = 0;  // the first message of its chain (the one ldap_msgfree takes)
};

struct BerRecord {
  BerElement* host = nullptr;
  bool owns_buffer = false;  // made by ber_alloc_t or ber_init (not an attribute walk's)
};

struct WldapState : DllStateBase {
  std::map<uint64_t, std::unique_ptr<Session>> sessions;
  std::map<uint64_t, MessageRecord> messages;         // guest LDAPMessage → OpenLDAP's
  std::map<LDAPMessage*, uint64_t> guests;            // and back
  std::map<uint64_t, std::vector<uint64_t>> chains;   // a chain's first → all its blocks
  std::map<uint64_t, BerRecord> bers;
  ~WldapState() override {
    for (auto& [g, s] : sessions)
      if (s->ld) ::ldap_unbind_ext(s->ld, nullptr, nullptr);
    for (auto& [head, members] : chains) ::ldap_msgfree(messages[head].host);
    for (auto& [g, b] : bers) ::ber_free(b.host, b.owns_buffer ? 1 : 0);
  }
};

WldapState& state(WindowsProcess& p) { return dll_state<WldapState>(p); }

thread_local uint32_t t_last_error = 0;

}  // namespace

uint32_t map_error(int rc) {
  if (rc >= 0) return static_cast<uint32_t>(rc);
  if (rc >= -17) return static_cast<uint32_t>(0x50 - rc);  // LDAP_SERVER_DOWN (-1) … LDAP_REFERRAL_LIMIT_EXCEEDED (-17)
  return kLocalError;
}

void set_last(uint32_t err) { t_last_error = err; }
uint32_t last() { return t_last_error; }

uint64_t field_offset(WindowsProcess& p, Field f) {
  // ld_sb (a socket, 41 reserved bytes, a pointer-sized count, 24 reserved bytes): 88 bytes on
  // x64, 76 on i386; then the fields in order, each at its natural alignment.
  const bool w64 = ptr_size(p) == 8;
  switch (f) {
    case Field::host: return w64 ? 88 : 76;
    case Field::version: return w64 ? 96 : 80;
    case Field::deref: return w64 ? 104 : 88;
    case Field::timelimit: return w64 ? 108 : 92;
    case Field::sizelimit: return w64 ? 112 : 96;
    case Field::errno_: return w64 ? 116 : 100;
    case Field::matched: return w64 ? 120 : 104;
    case Field::error: return w64 ? 128 : 108;
    case Field::msgid: return w64 ? 136 : 112;
    case Field::refhoplimit: return w64 ? 176 : 152;
    case Field::options: return w64 ? 180 : 156;
  }
  return 0;
}

uint32_t ld_size(WindowsProcess& p) { return ptr_size(p) == 8 ? 184 : 160; }

Session* session(WindowsProcess& p, uint64_t guest_ld) {
  if (!guest_ld) return nullptr;
  auto& t = state(p).sessions;
  auto it = t.find(guest_ld);
  return it == t.end() ? nullptr : it->second.get();
}

Session* new_session(WindowsProcess& p, LDAP* ld, const std::string& url, const std::string& host) {
  const uint64_t g = p.heap.alloc(ld_size(p), true);
  if (!g) return nullptr;
  auto s = std::make_unique<Session>();
  s->ld = ld;
  s->guest = g;
  s->url = url;
  s->host = host;
  s->host_guest[0] = out_str(p, host, false);
  s->host_guest[1] = out_str(p, host, true);
  p.put_ptr(g + field_offset(p, Field::host), s->host_guest[0]);
  int version = LDAP_VERSION3;
  ::ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  put<uint32_t>(g + field_offset(p, Field::version), 3);
  put<uint32_t>(g + field_offset(p, Field::refhoplimit), s->hop_limit);
  Session* r = s.get();
  state(p).sessions[g] = std::move(s);
  return r;
}

void end_session(WindowsProcess& p, uint64_t guest_ld) {
  auto& t = state(p).sessions;
  auto it = t.find(guest_ld);
  if (it == t.end()) return;
  Session& s = *it->second;
  for (uint64_t b : {s.host_guest[0], s.host_guest[1], s.error_guest[0], s.error_guest[1], s.server_guest[0],
                     s.server_guest[1]})
    if (b) p.heap.free(b);
  p.heap.free(s.guest);
  t.erase(it);
}

void sync_limits(WindowsProcess& p, Session& s) {
  int deref = static_cast<int>(get<uint32_t>(s.guest + field_offset(p, Field::deref)));
  int timelimit = static_cast<int>(get<uint32_t>(s.guest + field_offset(p, Field::timelimit)));
  int sizelimit = static_cast<int>(get<uint32_t>(s.guest + field_offset(p, Field::sizelimit)));
  ::ldap_set_option(s.ld, LDAP_OPT_DEREF, &deref);
  ::ldap_set_option(s.ld, LDAP_OPT_TIMELIMIT, &timelimit);
  ::ldap_set_option(s.ld, LDAP_OPT_SIZELIMIT, &sizelimit);
}

uint32_t note(WindowsProcess& p, Session* s, uint32_t err) {
  if (s) put<uint32_t>(s->guest + field_offset(p, Field::errno_), err);
  set_last(err);
  return err;
}

uint32_t connect(WindowsProcess& p, Session& s, const struct timeval* timeout) {
  if (s.connected) return kSuccess;
  struct timeval tv{};
  if (timeout) {
    tv = *timeout;
  } else if (s.connect_timeout_sec || s.connect_timeout_usec) {
    tv.tv_sec = s.connect_timeout_sec;
    tv.tv_usec = s.connect_timeout_usec;
  }
  if (tv.tv_sec || tv.tv_usec) ::ldap_set_option(s.ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
  LDAP* ld = s.ld;
  int rc = blocking(p, [ld] { return ::ldap_connect(ld); });
  if (rc == LDAP_SUCCESS) s.connected = true;
  return map_error(rc);
}

uint64_t guest_message(WindowsProcess& p, Session* s, LDAPMessage* chain) {
  if (!chain) return 0;
  auto& st = state(p);
  const uint64_t ps = ptr_size(p);
  const uint64_t conn = (12 + 3 * ps + ps - 1) / ps * ps;  // Connection, after lm_time
  const uint64_t size = ps == 8 ? 72 : 44;
  std::vector<uint64_t> blocks;
  for (LDAPMessage* m = ::ldap_first_message(s ? s->ld : nullptr, chain); m; m = ::ldap_next_message(s ? s->ld : nullptr, m)) {
    const uint64_t g = p.heap.alloc(size, true);
    put<uint32_t>(g, static_cast<uint32_t>(::ldap_msgid(m)));
    put<uint32_t>(g + 4, static_cast<uint32_t>(::ldap_msgtype(m)));
    p.put_ptr(g + conn, s ? s->guest : 0);
    put<uint8_t>(g + conn + 2 * ps + 7, 1);  // lm_eom: the message is complete
    if (!blocks.empty()) p.put_ptr(blocks.back() + 8 + ps, g);  // the previous one's lm_chain
    blocks.push_back(g);
    st.messages[g] = {m, 0};
    st.guests[m] = g;
  }
  if (blocks.empty()) return 0;
  for (uint64_t g : blocks) st.messages[g].head = blocks.front();
  st.chains[blocks.front()] = blocks;
  return blocks.front();
}

LDAPMessage* host_message(WindowsProcess& p, uint64_t guest) {
  auto& t = state(p).messages;
  auto it = t.find(guest);
  return it == t.end() ? nullptr : it->second.host;
}

uint64_t guest_of(WindowsProcess& p, LDAPMessage* m) {
  if (!m) return 0;
  auto& t = state(p).guests;
  auto it = t.find(m);
  return it == t.end() ? 0 : it->second;
}

bool free_message(WindowsProcess& p, uint64_t guest) {
  auto& st = state(p);
  auto it = st.chains.find(guest);
  if (it == st.chains.end()) return false;
  LDAPMessage* host = st.messages[guest].host;
  for (uint64_t g : it->second) {
    st.guests.erase(st.messages[g].host);
    st.messages.erase(g);
    p.heap.free(g);
  }
  st.chains.erase(it);
  ::ldap_msgfree(host);
  return true;
}

uint64_t guest_ber(WindowsProcess& p, BerElement* ber, bool owns_buffer) {
  if (!ber) return 0;
  const uint64_t g = p.heap.alloc(ptr_size(p), true);
  if (!g) return 0;
  state(p).bers[g] = {ber, owns_buffer};
  return g;
}

BerElement* host_ber(WindowsProcess& p, uint64_t guest) {
  auto& t = state(p).bers;
  auto it = t.find(guest);
  return it == t.end() ? nullptr : it->second.host;
}

void free_ber(WindowsProcess& p, uint64_t guest, int free_buffer) {
  auto& t = state(p).bers;
  auto it = t.find(guest);
  if (it == t.end()) return;
  ::ber_free(it->second.host, it->second.owns_buffer ? free_buffer : 0);
  t.erase(it);
  p.heap.free(guest);
}

std::optional<std::string> in_str(uint64_t addr, bool wide) {
  if (!addr) return std::nullopt;
  if (!wide) return ansi_to_utf8(reinterpret_cast<const char*>(guest_pointer(addr)));
  return utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(addr))));
}

std::optional<std::vector<std::string>> in_strs(WindowsProcess& p, uint64_t arr, bool wide) {
  if (!arr) return std::nullopt;
  std::vector<std::string> v;
  for (uint64_t a = arr;; a += ptr_size(p)) {
    uint64_t s = p.get_ptr(a);
    if (!s) break;
    v.push_back(*in_str(s, wide));
  }
  return v;
}

namespace {

// Bytes of a string in the program's encoding (the A functions': the ANSI code page), with its
// terminator.
std::string encoded(const std::string& s, bool wide) {
  if (!wide) {
    const std::string a = utf8_to_ansi(s);
    return std::string(a.data(), a.size() + 1);
  }
  std::u16string u = utf8_to_utf16(s);
  return std::string(reinterpret_cast<const char*>(u.c_str()), (u.size() + 1) * 2);
}

void put_bytes(uint64_t addr, const void* data, size_t n) {
  if (n) copy_guest(guest_pointer(addr), data, n, addr, true);
}

}  // namespace

uint64_t out_str(WindowsProcess& p, const std::string& s, bool wide) {
  const std::string bytes = encoded(s, wide);
  const uint64_t b = p.heap.alloc(bytes.size());
  if (b) put_bytes(b, bytes.data(), bytes.size());
  return b;
}

uint64_t out_bytes(WindowsProcess& p, const std::string& s) {
  const uint64_t b = p.heap.alloc(s.size() + 1);
  if (b) put_bytes(b, s.c_str(), s.size() + 1);
  return b;
}

namespace {

uint64_t out_list(WindowsProcess& p, const std::vector<std::string>& bytes) {
  const uint64_t ps = ptr_size(p);
  uint64_t size = (bytes.size() + 1) * ps;
  for (const auto& b : bytes) size += (b.size() + 1) & ~1ull;
  const uint64_t b = p.heap.alloc(size, true);
  if (!b) return 0;
  uint64_t at = b + (bytes.size() + 1) * ps;
  for (size_t i = 0; i < bytes.size(); ++i) {
    p.put_ptr(b + i * ps, at);
    put_bytes(at, bytes[i].data(), bytes[i].size());
    at += (bytes[i].size() + 1) & ~1ull;
  }
  return b;
}

}  // namespace

uint64_t out_strs(WindowsProcess& p, const std::vector<std::string>& v, bool wide) {
  std::vector<std::string> bytes;
  for (const auto& s : v) bytes.push_back(encoded(s, wide));
  return out_list(p, bytes);
}

uint64_t out_bytes_list(WindowsProcess& p, const std::vector<std::string>& v) {
  std::vector<std::string> bytes;
  for (const auto& s : v) bytes.push_back(std::string(s.data(), s.size() + 1));
  return out_list(p, bytes);
}

uint64_t out_berval(WindowsProcess& p, const struct berval* bv) {
  if (!bv) return 0;
  const uint64_t ps = ptr_size(p);
  const uint64_t b = p.heap.alloc(2 * ps + bv->bv_len + 1, true);
  if (!b) return 0;
  put<uint32_t>(b, static_cast<uint32_t>(bv->bv_len));
  p.put_ptr(b + ps, bv->bv_val ? b + 2 * ps : 0);
  if (bv->bv_val) put_bytes(b + 2 * ps, bv->bv_val, bv->bv_len);
  return b;
}

uint64_t out_bervals(WindowsProcess& p, struct berval* const* bvs) {
  if (!bvs) return 0;
  const uint64_t ps = ptr_size(p);
  size_t n = 0;
  uint64_t data = 0;
  while (bvs[n]) data += bvs[n]->bv_len + 1, ++n;
  const uint64_t b = p.heap.alloc((n + 1) * ps + n * 2 * ps + data, true);
  if (!b) return 0;
  uint64_t rec = b + (n + 1) * ps, at = rec + n * 2 * ps;
  for (size_t i = 0; i < n; ++i, rec += 2 * ps) {
    p.put_ptr(b + i * ps, rec);
    put<uint32_t>(rec, static_cast<uint32_t>(bvs[i]->bv_len));
    p.put_ptr(rec + ps, at);
    put_bytes(at, bvs[i]->bv_val, bvs[i]->bv_len);
    at += bvs[i]->bv_len + 1;
  }
  return b;
}

namespace {

// One control's record at `rec`, its OID and value at `*at` onwards.
void put_control(WindowsProcess& p, uint64_t rec, uint64_t* at, const LDAPControl* c, bool wide) {
  const uint64_t ps = ptr_size(p);
  const std::string oid = encoded(c->ldctl_oid ? c->ldctl_oid : "", wide);
  p.put_ptr(rec, c->ldctl_oid ? *at : 0);
  if (c->ldctl_oid) put_bytes(*at, oid.data(), oid.size()), *at += (oid.size() + 1) & ~1ull;
  put<uint32_t>(rec + ps, static_cast<uint32_t>(c->ldctl_value.bv_len));
  p.put_ptr(rec + 2 * ps, c->ldctl_value.bv_val ? *at : 0);
  if (c->ldctl_value.bv_val) put_bytes(*at, c->ldctl_value.bv_val, c->ldctl_value.bv_len), *at += c->ldctl_value.bv_len + 1;
  put<uint8_t>(rec + 3 * ps, c->ldctl_iscritical ? 1 : 0);
}

uint64_t control_data(const LDAPControl* c, bool wide) {
  uint64_t n = c->ldctl_value.bv_len + 2;
  if (c->ldctl_oid) n += (encoded(c->ldctl_oid, wide).size() + 1) & ~1ull;
  return n;
}

}  // namespace

uint64_t out_controls(WindowsProcess& p, LDAPControl* const* ctrls, bool wide) {
  if (!ctrls) return 0;
  const uint64_t ps = ptr_size(p);
  size_t n = 0;
  uint64_t data = 0;
  while (ctrls[n]) data += control_data(ctrls[n], wide), ++n;
  const uint64_t b = p.heap.alloc((n + 1) * ps + n * control_size(p) + data, true);
  if (!b) return 0;
  uint64_t rec = b + (n + 1) * ps, at = rec + n * control_size(p);
  for (size_t i = 0; i < n; ++i, rec += control_size(p)) {
    p.put_ptr(b + i * ps, rec);
    put_control(p, rec, &at, ctrls[i], wide);
  }
  return b;
}

uint64_t out_control(WindowsProcess& p, const LDAPControl* ctrl, bool wide) {
  if (!ctrl) return 0;
  const uint64_t b = p.heap.alloc(control_size(p) + control_data(ctrl, wide), true);
  if (!b) return 0;
  uint64_t at = b + control_size(p);
  put_control(p, b, &at, ctrl, wide);
  return b;
}

bool free_block(WindowsProcess& p, uint64_t block) {
  if (!block || p.heap.size(block) == ~0ull) return false;
  p.heap.free(block);
  return true;
}

std::optional<struct timeval> in_timeval(uint64_t addr) {
  if (!addr) return std::nullopt;
  struct timeval tv{};
  tv.tv_sec = get<int32_t>(addr);
  tv.tv_usec = get<int32_t>(addr + 4);
  return tv;
}

char* Arena::keep(const std::string& s) {
  strings_.push_back(s);
  return strings_.back().data();
}

char* Arena::str(uint64_t addr) {
  auto s = in_str(addr, wide_);
  return s ? keep(*s) : nullptr;
}

char** Arena::strs(uint64_t arr) {
  if (!arr) return nullptr;
  auto& v = string_arrays_.emplace_back();
  for (uint64_t a = arr;; a += ptr_size(p_)) {
    uint64_t s = p_.get_ptr(a);
    if (!s) break;
    v.push_back(str(s));
  }
  v.push_back(nullptr);
  return v.data();
}

struct berval* Arena::berval_at(uint64_t addr) {
  if (!addr) return nullptr;
  auto& bv = bervals_.emplace_back();
  bv.bv_len = get<uint32_t>(addr);
  const uint64_t val = p_.get_ptr(addr + ptr_size(p_));
  if (val) {
    std::string& data = strings_.emplace_back(bv.bv_len, '\0');
    if (bv.bv_len) copy_guest(data.data(), guest_pointer(val), bv.bv_len, val, false);
    bv.bv_val = data.data();
  } else {
    bv.bv_val = nullptr;
  }
  return &bv;
}

struct berval** Arena::bervals(uint64_t arr) {
  if (!arr) return nullptr;
  auto& v = berval_arrays_.emplace_back();
  for (uint64_t a = arr;; a += ptr_size(p_)) {
    uint64_t b = p_.get_ptr(a);
    if (!b) break;
    v.push_back(berval_at(b));
  }
  v.push_back(nullptr);
  return v.data();
}

LDAPMod** Arena::mods(uint64_t arr) {
  if (!arr) return nullptr;
  const uint64_t ps = ptr_size(p_);
  auto& v = mod_arrays_.emplace_back();
  for (uint64_t a = arr;; a += ps) {
    uint64_t m = p_.get_ptr(a);
    if (!m) break;
    const uint32_t op = get<uint32_t>(m);
    LDAPMod& mod = mods_.emplace_back();
    mod.mod_op = static_cast<int>(op | LDAP_MOD_BVALUES);
    mod.mod_type = str(p_.get_ptr(m + ps));
    const uint64_t vals = p_.get_ptr(m + 2 * ps);
    if (op & LDAP_MOD_BVALUES) {
      mod.mod_bvalues = bervals(vals);
    } else if (vals) {
      // Text values become bervals of their UTF-8 bytes.
      auto& bv = berval_arrays_.emplace_back();
      for (uint64_t s = vals;; s += ps) {
        uint64_t sv = p_.get_ptr(s);
        if (!sv) break;
        std::string& text = strings_.emplace_back(*in_str(sv, wide_));
        auto& b = bervals_.emplace_back();
        b.bv_len = text.size();
        b.bv_val = text.data();
        bv.push_back(&b);
      }
      bv.push_back(nullptr);
      mod.mod_bvalues = bv.data();
    } else {
      mod.mod_bvalues = nullptr;
    }
    v.push_back(&mod);
  }
  v.push_back(nullptr);
  return v.data();
}

LDAPControl* Arena::control(uint64_t addr) {
  const uint64_t ps = ptr_size(p_);
  LDAPControl& c = controls_.emplace_back();
  c.ldctl_oid = str(p_.get_ptr(addr));
  struct berval* bv = berval_at(addr + ps);
  c.ldctl_value = *bv;
  c.ldctl_iscritical = get<uint8_t>(addr + 3 * ps) ? 1 : 0;
  return &c;
}

LDAPControl** Arena::controls(uint64_t arr) {
  if (!arr) return nullptr;
  auto& v = control_arrays_.emplace_back();
  for (uint64_t a = arr;; a += ptr_size(p_)) {
    uint64_t c = p_.get_ptr(a);
    if (!c) break;
    v.push_back(control(c));
  }
  v.push_back(nullptr);
  return v.data();
}

LDAPSortKey** Arena::sort_keys(uint64_t arr) {
  if (!arr) return nullptr;
  const uint64_t ps = ptr_size(p_);
  auto& v = key_arrays_.emplace_back();
  for (uint64_t a = arr;; a += ps) {
    uint64_t k = p_.get_ptr(a);
    if (!k) break;
    LDAPSortKey& key = keys_.emplace_back();
    key.attributeType = str(p_.get_ptr(k));
    key.orderingRule = str(p_.get_ptr(k + ps));
    key.reverseOrder = get<uint8_t>(k + 2 * ps) ? 1 : 0;
    v.push_back(&key);
  }
  v.push_back(nullptr);
  return v.data();
}

}  // namespace polyrun::shims::wldap
