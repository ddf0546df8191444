// WLDAP32's controls: the simple paged results control (RFC 2696), server-side sorting (RFC 2891)
// and virtual list views made and read (narrow and wide), and the controls' frees.
#include "shims/core/guest_memory.h"
#include "shims/wldap32/wldap32.h"

namespace polyrun::shims::wldap {

namespace {

// The control of `oid` among the program's (null: none).
LDAPControl* find(Arena& a, uint64_t ctrls, const char* oid) {
  LDAPControl** c = a.controls(ctrls);
  return c ? ::ldap_control_find(oid, c, nullptr) : nullptr;
}

template <bool W>
uint32_t ldap_create_page_control(WindowsProcess& p, Ptr ld, uint32_t pagesize, Ptr cookie, uint8_t critical, Ptr out) {
  Session* s = session(p, ld.addr);
  if (!s || !out || pagesize > 0x7fffffff) return kParamError;
  Arena a(p, W);
  struct berval* c = a.berval_at(cookie.addr);
  struct berval empty{0, nullptr};
  LDAPControl* ctrl = nullptr;
  int rc = ::ldap_create_page_control(s->ld, static_cast<ber_int_t>(pagesize), c ? c : &empty, critical ? 1 : 0, &ctrl);
  if (rc != LDAP_SUCCESS) return map_error(rc);
  p.put_ptr(out.addr, out_control(p, ctrl, W));
  ::ldap_control_free(ctrl);
  return kSuccess;
}

template <bool W>
uint32_t ldap_parse_page_control(WindowsProcess& p, Ptr ld, Ptr ctrls, Ptr count, Ptr cookie) {
  Session* s = session(p, ld.addr);
  if (!s || !ctrls || !count || !cookie) return kParamError;
  Arena a(p, W);
  LDAPControl* c = find(a, ctrls.addr, LDAP_CONTROL_PAGEDRESULTS);
  if (!c) return kControlNotFound;
  ber_int_t estimate = 0;
  struct berval ck{0, nullptr};
  int rc = ::ldap_parse_pageresponse_control(s->ld, c, &estimate, &ck);
  if (rc != LDAP_SUCCESS) return map_error(rc);
  put<uint32_t>(count.addr, static_cast<uint32_t>(estimate));
  p.put_ptr(cookie.addr, out_berval(p, &ck));
  ::ber_memfree(ck.bv_val);
  return kSuccess;
}

template <bool W>
uint32_t ldap_create_sort_control(WindowsProcess& p, Ptr ld, Ptr keys, uint8_t critical, Ptr out) {
  Session* s = session(p, ld.addr);
  if (!s || !keys || !out) return kParamError;
  Arena a(p, W);
  LDAPControl* ctrl = nullptr;
  int rc = ::ldap_create_sort_control(s->ld, a.sort_keys(keys.addr), critical ? 1 : 0, &ctrl);
  if (rc != LDAP_SUCCESS) return map_error(rc);
  p.put_ptr(out.addr, out_control(p, ctrl, W));
  ::ldap_control_free(ctrl);
  return kSuccess;
}

// ldap_encode_sort_control: the sort control written into the caller's LDAPControl (its OID and
// value in blocks of WLDAP32's: ldap_memfree and ber_bvfree's memory).
template <bool W>
uint32_t ldap_encode_sort_control(WindowsProcess& p, Ptr ld, Ptr keys, Ptr control, uint8_t critical) {
  Session* s = session(p, ld.addr);
  if (!s || !keys || !control) return kParamError;
  Arena a(p, W);
  LDAPControl* ctrl = nullptr;
  int rc = ::ldap_create_sort_control(s->ld, a.sort_keys(keys.addr), critical ? 1 : 0, &ctrl);
  if (rc != LDAP_SUCCESS) return map_error(rc);
  const uint64_t ps = ptr_size(p);
  p.put_ptr(control.addr, out_str(p, ctrl->ldctl_oid, W));
  put<uint32_t>(control.addr + ps, static_cast<uint32_t>(ctrl->ldctl_value.bv_len));
  const uint64_t val = p.heap.alloc(ctrl->ldctl_value.bv_len + 1, true);
  if (ctrl->ldctl_value.bv_len)
    copy_guest(guest_pointer(val), ctrl->ldctl_value.bv_val, ctrl->ldctl_value.bv_len, val, true);
  p.put_ptr(control.addr + 2 * ps, val);
  put<uint8_t>(control.addr + 3 * ps, critical ? 1 : 0);
  ::ldap_control_free(ctrl);
  return kSuccess;
}

template <bool W>
uint32_t ldap_parse_sort_control(WindowsProcess& p, Ptr ld, Ptr ctrls, Ptr result, Ptr attr) {
  Session* s = session(p, ld.addr);
  if (!s || !ctrls || !result) return kParamError;
  Arena a(p, W);
  LDAPControl* c = find(a, ctrls.addr, LDAP_CONTROL_SORTRESPONSE);
  if (!c) return kControlNotFound;
  ber_int_t code = 0;
  char* at = nullptr;
  int rc = ::ldap_parse_sortresponse_control(s->ld, c, &code, attr ? &at : nullptr);
  if (rc != LDAP_SUCCESS) return map_error(rc);
  put<uint32_t>(result.addr, map_error(code));
  if (attr) p.put_ptr(attr.addr, at ? out_str(p, at, W) : 0);
  if (at) ::ldap_memfree(at);
  return kSuccess;
}

// LDAPVLVInfo: version, before and after counts, offset, count, then the attribute value, the
// context and extra data (pointers).
template <bool W>
int32_t ldap_create_vlv_control(WindowsProcess& p, Ptr ld, Ptr info, uint8_t critical, Ptr out) {
  Session* s = session(p, ld.addr);
  if (!s || !info || !out) return kParamError;
  const uint64_t ps = ptr_size(p);
  const uint64_t ptrs = info.addr + (ps == 8 ? 24 : 20);
  Arena a(p, W);
  LDAPVLVInfo v{};
  v.ldvlv_version = get<int32_t>(info.addr);
  v.ldvlv_before_count = static_cast<ber_int_t>(get<uint32_t>(info.addr + 4));
  v.ldvlv_after_count = static_cast<ber_int_t>(get<uint32_t>(info.addr + 8));
  v.ldvlv_offset = static_cast<ber_int_t>(get<uint32_t>(info.addr + 12));
  v.ldvlv_count = static_cast<ber_int_t>(get<uint32_t>(info.addr + 16));
  v.ldvlv_attrvalue = a.berval_at(p.get_ptr(ptrs));
  v.ldvlv_context = a.berval_at(p.get_ptr(ptrs + ps));
  LDAPControl* ctrl = nullptr;
  int rc = ::ldap_create_vlv_control(s->ld, &v, &ctrl);
  if (rc != LDAP_SUCCESS) return static_cast<int32_t>(map_error(rc));
  ctrl->ldctl_iscritical = critical ? 1 : 0;
  p.put_ptr(out.addr, out_control(p, ctrl, W));
  ::ldap_control_free(ctrl);
  return kSuccess;
}

template <bool W>
int32_t ldap_parse_vlv_control(WindowsProcess& p, Ptr ld, Ptr ctrls, Ptr target, Ptr list_count, Ptr context, Ptr errcode) {
  Session* s = session(p, ld.addr);
  if (!s || !ctrls) return kParamError;
  Arena a(p, W);
  LDAPControl* c = find(a, ctrls.addr, LDAP_CONTROL_VLVRESPONSE);
  if (!c) return kControlNotFound;
  ber_int_t pos = 0, count = 0;
  struct berval* ctx = nullptr;
  int err = 0;
  int rc = ::ldap_parse_vlvresponse_control(s->ld, c, &pos, &count, context ? &ctx : nullptr, &err);
  if (rc != LDAP_SUCCESS) return static_cast<int32_t>(map_error(rc));
  if (target) put<uint32_t>(target.addr, static_cast<uint32_t>(pos));
  if (list_count) put<uint32_t>(list_count.addr, static_cast<uint32_t>(count));
  if (context) p.put_ptr(context.addr, ctx ? out_berval(p, ctx) : 0);
  if (errcode) put<int32_t>(errcode.addr, static_cast<int32_t>(map_error(err)));
  if (ctx) ::ber_bvfree(ctx);
  return kSuccess;
}

uint32_t ldap_control_free(WindowsProcess& p, Ptr ctrl) {
  free_block(p, ctrl.addr);
  return kSuccess;
}
uint32_t ldap_controls_free(WindowsProcess& p, Ptr ctrls) {
  free_block(p, ctrls.addr);
  return kSuccess;
}

}  // namespace

#define WLDAP_AW(name) EXPORT(#name "A", name<false>), EXPORT(#name "W", name<true>), EXPORT(#name, name<false>)
#define WLDAP_AW_ONLY(name) EXPORT(#name "A", name<false>), EXPORT(#name "W", name<true>)

const std::vector<Export>& control_exports() {
  static const std::vector<Export> e = {
      WLDAP_AW(ldap_create_page_control), WLDAP_AW(ldap_parse_page_control), WLDAP_AW(ldap_create_sort_control),
      WLDAP_AW_ONLY(ldap_encode_sort_control), WLDAP_AW(ldap_parse_sort_control), WLDAP_AW_ONLY(ldap_create_vlv_control),
      WLDAP_AW_ONLY(ldap_parse_vlv_control),
      EXPORT("ldap_control_free", ldap_control_free), EXPORT("ldap_control_freeA", ldap_control_free),
      EXPORT("ldap_control_freeW", ldap_control_free), EXPORT("ldap_controls_free", ldap_controls_free),
      EXPORT("ldap_controls_freeA", ldap_controls_free), EXPORT("ldap_controls_freeW", ldap_controls_free),
      EXPORT("ldap_free_controls", ldap_controls_free), EXPORT("ldap_free_controlsA", ldap_controls_free),
      EXPORT("ldap_free_controlsW", ldap_controls_free),
  };
  return e;
}

}  // namespace polyrun::shims::wldap
