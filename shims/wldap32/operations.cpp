// WLDAP32's operations other than search: binds (simple, SASL), add, modify, delete, compare,
// modrdn and rename, extended operations, abandon, and ldap_result, which collects any
// operation's answer. Each in Windows' forms: asynchronous (the message number, or -1 with the
// error in ld_errno), _ext (the error, the message number through a pointer, with controls), _s
// and _ext_s (waiting for the server's result code); narrow and wide.
#include "shims/core/guest_memory.h"
#include "shims/wldap32/wldap32.h"

namespace polyrun::shims::wldap {

template <bool W>
using Str = std::conditional_t<W, WStr, CStr>;

namespace {

constexpr uint32_t kAuthSimple = 0x80;

// An OpenLDAP call that talks to the server, with the lock released; the structure's limits go to
// OpenLDAP first.
template <class F>
int talk(WindowsProcess& p, Session& s, F&& f) {
  sync_limits(p, s);
  int rc = blocking(p, std::forward<F>(f));
  if (rc == LDAP_SUCCESS) s.connected = true;
  return rc;
}

// The asynchronous forms' answer: the message number, or -1 (the error in ld_errno).
uint32_t sent(WindowsProcess& p, Session& s, int rc, int msgid) {
  if (rc != LDAP_SUCCESS) {
    note(p, &s, map_error(rc));
    return kFail;
  }
  note(p, &s, kSuccess);
  return static_cast<uint32_t>(msgid);
}

// The _ext forms' answer: the error, the message number through `out`.
uint32_t sent_ext(WindowsProcess& p, Session& s, int rc, int msgid, Ptr out) {
  if (rc == LDAP_SUCCESS && out) put<uint32_t>(out.addr, static_cast<uint32_t>(msgid));
  return note(p, &s, map_error(rc));
}

// ---- binds ----

template <bool W>
uint32_t simple_bind(WindowsProcess& p, Ptr ld, Ptr dn, Ptr password, bool wait) {
  Session* s = session(p, ld.addr);
  if (!s) return wait ? note(p, nullptr, kParamError) : kFail;
  Arena a(p, W);
  char* d = a.str(dn.addr);
  char* pw = a.str(password.addr);
  struct berval cred{pw ? std::strlen(pw) : 0, pw};
  int msgid = 0;
  LDAP* h = s->ld;
  if (wait) return note(p, s, map_error(talk(p, *s, [&] { return ::ldap_sasl_bind_s(h, d, LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, nullptr); })));
  return sent(p, *s, talk(p, *s, [&] { return ::ldap_sasl_bind(h, d, LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, &msgid); }), msgid);
}

template <bool W>
uint32_t ldap_simple_bind(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> password) { return simple_bind<W>(p, ld, dn.addr, password.addr, false); }
template <bool W>
uint32_t ldap_simple_bind_s(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> password) { return simple_bind<W>(p, ld, dn.addr, password.addr, true); }

// ::ldap_bind(_s): LDAP_AUTH_SIMPLE binds with the password given. The other methods
// (LDAP_AUTH_NEGOTIATE, NTLM, DIGEST, DPA, MSN, SICILY) authenticate through SSPI's Kerberos and
// NTLM packages, which this machine has not (it is in no domain): LDAP_AUTH_METHOD_NOT_SUPPORTED.
template <bool W>
uint32_t ldap_bind(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> cred, uint32_t method) {
  Session* s = session(p, ld.addr);
  if (!s) return kFail;
  if (method != kAuthSimple) {
    note(p, s, kAuthMethodNotSupported);
    return kFail;
  }
  return simple_bind<W>(p, ld, dn.addr, cred.addr, false);
}
template <bool W>
uint32_t ldap_bind_s(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> cred, uint32_t method) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  if (method != kAuthSimple) return note(p, s, kAuthMethodNotSupported);
  return simple_bind<W>(p, ld, dn.addr, cred.addr, true);
}

template <bool W>
uint32_t ldap_sasl_bind(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> mechanism, Ptr cred, Ptr sctrls, Ptr cctrls, Ptr msgid_out) {
  Session* s = session(p, ld.addr);
  if (!s || !msgid_out) return note(p, s, kParamError);
  Arena a(p, W);
  char* d = a.str(dn.addr);
  char* mech = a.str(mechanism.addr);
  struct berval* c = a.berval_at(cred.addr);
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  int msgid = 0;
  LDAP* h = s->ld;
  int rc = talk(p, *s, [&] { return ::ldap_sasl_bind(h, d, mech, c, sc, cc, &msgid); });
  return sent_ext(p, *s, rc, msgid, msgid_out);
}

template <bool W>
uint32_t ldap_sasl_bind_s(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> mechanism, Ptr cred, Ptr sctrls, Ptr cctrls, Ptr server_cred) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  Arena a(p, W);
  char* d = a.str(dn.addr);
  char* mech = a.str(mechanism.addr);
  struct berval* c = a.berval_at(cred.addr);
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  struct berval* back = nullptr;
  LDAP* h = s->ld;
  int rc = talk(p, *s, [&] { return ::ldap_sasl_bind_s(h, d, mech, c, sc, cc, &back); });
  if (server_cred) p.put_ptr(server_cred.addr, back ? out_berval(p, back) : 0);
  if (back) ::ber_bvfree(back);
  return note(p, s, map_error(rc));
}

// ---- add and modify ----

enum class Change { add, modify };

template <bool W>
uint32_t change(WindowsProcess& p, Change kind, Ptr ld, Ptr dn, Ptr mods, Ptr sctrls, Ptr cctrls, Ptr msgid_out,
                bool ext, bool wait) {
  Session* s = session(p, ld.addr);
  if (!s) return wait || ext ? note(p, nullptr, kParamError) : kFail;
  Arena a(p, W);
  char* d = a.str(dn.addr);
  LDAPMod** m = a.mods(mods.addr);
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  LDAP* h = s->ld;
  if (wait)
    return note(p, s, map_error(talk(p, *s, [&] {
                  return kind == Change::add ? ::ldap_add_ext_s(h, d, m, sc, cc) : ::ldap_modify_ext_s(h, d, m, sc, cc);
                })));
  int msgid = 0;
  int rc = talk(p, *s, [&] {
    return kind == Change::add ? ::ldap_add_ext(h, d, m, sc, cc, &msgid) : ::ldap_modify_ext(h, d, m, sc, cc, &msgid);
  });
  return ext ? sent_ext(p, *s, rc, msgid, msgid_out) : sent(p, *s, rc, msgid);
}

template <bool W> uint32_t ldap_add(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr mods) { return change<W>(p, Change::add, ld, dn.addr, mods, 0, 0, 0, false, false); }
template <bool W> uint32_t ldap_add_s(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr mods) { return change<W>(p, Change::add, ld, dn.addr, mods, 0, 0, 0, false, true); }
template <bool W> uint32_t ldap_add_ext(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr mods, Ptr sc, Ptr cc, Ptr msgid) { return change<W>(p, Change::add, ld, dn.addr, mods, sc, cc, msgid, true, false); }
template <bool W> uint32_t ldap_add_ext_s(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr mods, Ptr sc, Ptr cc) { return change<W>(p, Change::add, ld, dn.addr, mods, sc, cc, 0, true, true); }
template <bool W> uint32_t ldap_modify(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr mods) { return change<W>(p, Change::modify, ld, dn.addr, mods, 0, 0, 0, false, false); }
template <bool W> uint32_t ldap_modify_s(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr mods) { return change<W>(p, Change::modify, ld, dn.addr, mods, 0, 0, 0, false, true); }
template <bool W> uint32_t ldap_modify_ext(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr mods, Ptr sc, Ptr cc, Ptr msgid) { return change<W>(p, Change::modify, ld, dn.addr, mods, sc, cc, msgid, true, false); }
template <bool W> uint32_t ldap_modify_ext_s(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr mods, Ptr sc, Ptr cc) { return change<W>(p, Change::modify, ld, dn.addr, mods, sc, cc, 0, true, true); }

// ---- delete ----

template <bool W>
uint32_t remove(WindowsProcess& p, Ptr ld, Ptr dn, Ptr sctrls, Ptr cctrls, Ptr msgid_out, bool ext, bool wait) {
  Session* s = session(p, ld.addr);
  if (!s) return wait || ext ? note(p, nullptr, kParamError) : kFail;
  Arena a(p, W);
  char* d = a.str(dn.addr);
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  LDAP* h = s->ld;
  if (wait) return note(p, s, map_error(talk(p, *s, [&] { return ::ldap_delete_ext_s(h, d, sc, cc); })));
  int msgid = 0;
  int rc = talk(p, *s, [&] { return ::ldap_delete_ext(h, d, sc, cc, &msgid); });
  return ext ? sent_ext(p, *s, rc, msgid, msgid_out) : sent(p, *s, rc, msgid);
}

template <bool W> uint32_t ldap_delete(WindowsProcess& p, Ptr ld, Str<W> dn) { return remove<W>(p, ld, dn.addr, 0, 0, 0, false, false); }
template <bool W> uint32_t ldap_delete_s(WindowsProcess& p, Ptr ld, Str<W> dn) { return remove<W>(p, ld, dn.addr, 0, 0, 0, false, true); }
template <bool W> uint32_t ldap_delete_ext(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr sc, Ptr cc, Ptr msgid) { return remove<W>(p, ld, dn.addr, sc, cc, msgid, true, false); }
template <bool W> uint32_t ldap_delete_ext_s(WindowsProcess& p, Ptr ld, Str<W> dn, Ptr sc, Ptr cc) { return remove<W>(p, ld, dn.addr, sc, cc, 0, true, true); }

// ---- compare ----

// The value compared: the berval `data` where given (the _ext forms), else the text `value`.
template <bool W>
uint32_t compare(WindowsProcess& p, Ptr ld, Ptr dn, Ptr attr, Ptr value, Ptr data, Ptr sctrls, Ptr cctrls, Ptr msgid_out,
                 bool ext, bool wait) {
  Session* s = session(p, ld.addr);
  if (!s) return wait || ext ? note(p, nullptr, kParamError) : kFail;
  Arena a(p, W);
  char* d = a.str(dn.addr);
  char* at = a.str(attr.addr);
  struct berval bv{};
  if (data) {
    bv = *a.berval_at(data.addr);
  } else if (value) {
    char* v = a.str(value.addr);
    bv = {std::strlen(v), v};
  } else {
    return ext || wait ? note(p, s, kParamError) : (note(p, s, kParamError), kFail);
  }
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  LDAP* h = s->ld;
  if (wait) return note(p, s, map_error(talk(p, *s, [&] { return ::ldap_compare_ext_s(h, d, at, &bv, sc, cc); })));
  int msgid = 0;
  int rc = talk(p, *s, [&] { return ::ldap_compare_ext(h, d, at, &bv, sc, cc, &msgid); });
  return ext ? sent_ext(p, *s, rc, msgid, msgid_out) : sent(p, *s, rc, msgid);
}

template <bool W> uint32_t ldap_compare(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> attr, Str<W> value) { return compare<W>(p, ld, dn.addr, attr.addr, value.addr, 0, 0, 0, 0, false, false); }
template <bool W> uint32_t ldap_compare_s(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> attr, Str<W> value) { return compare<W>(p, ld, dn.addr, attr.addr, value.addr, 0, 0, 0, 0, false, true); }
template <bool W> uint32_t ldap_compare_ext(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> attr, Str<W> value, Ptr data, Ptr sc, Ptr cc, Ptr msgid) { return compare<W>(p, ld, dn.addr, attr.addr, value.addr, data, sc, cc, msgid, true, false); }
template <bool W> uint32_t ldap_compare_ext_s(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> attr, Str<W> value, Ptr data, Ptr sc, Ptr cc) { return compare<W>(p, ld, dn.addr, attr.addr, value.addr, data, sc, cc, 0, true, true); }

// ---- modrdn and rename ----

template <bool W>
uint32_t rename(WindowsProcess& p, Ptr ld, Ptr dn, Ptr newrdn, Ptr newparent, int32_t delete_old, Ptr sctrls, Ptr cctrls,
                Ptr msgid_out, bool ext, bool wait) {
  Session* s = session(p, ld.addr);
  if (!s) return wait || ext ? note(p, nullptr, kParamError) : kFail;
  Arena a(p, W);
  char* d = a.str(dn.addr);
  char* r = a.str(newrdn.addr);
  char* np = a.str(newparent.addr);
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  LDAP* h = s->ld;
  if (wait) return note(p, s, map_error(talk(p, *s, [&] { return ::ldap_rename_s(h, d, r, np, delete_old, sc, cc); })));
  int msgid = 0;
  int rc = talk(p, *s, [&] { return ::ldap_rename(h, d, r, np, delete_old, sc, cc, &msgid); });
  return ext ? sent_ext(p, *s, rc, msgid, msgid_out) : sent(p, *s, rc, msgid);
}

// ::ldap_modrdn(_s): the old RDN's value is removed from the entry, as ldap_modrdn2 with
// DeleteOldRdn TRUE.
template <bool W> uint32_t ldap_modrdn(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> newrdn) { return rename<W>(p, ld, dn.addr, newrdn.addr, 0, 1, 0, 0, 0, false, false); }
template <bool W> uint32_t ldap_modrdn_s(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> newrdn) { return rename<W>(p, ld, dn.addr, newrdn.addr, 0, 1, 0, 0, 0, false, true); }
template <bool W> uint32_t ldap_modrdn2(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> newrdn, int32_t del) { return rename<W>(p, ld, dn.addr, newrdn.addr, 0, del, 0, 0, 0, false, false); }
template <bool W> uint32_t ldap_modrdn2_s(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> newrdn, int32_t del) { return rename<W>(p, ld, dn.addr, newrdn.addr, 0, del, 0, 0, 0, false, true); }
template <bool W> uint32_t ldap_rename_ext(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> newrdn, Str<W> parent, int32_t del, Ptr sc, Ptr cc, Ptr msgid) { return rename<W>(p, ld, dn.addr, newrdn.addr, parent.addr, del, sc, cc, msgid, true, false); }
template <bool W> uint32_t ldap_rename_ext_s(WindowsProcess& p, Ptr ld, Str<W> dn, Str<W> newrdn, Str<W> parent, int32_t del, Ptr sc, Ptr cc) { return rename<W>(p, ld, dn.addr, newrdn.addr, parent.addr, del, sc, cc, 0, true, true); }

// ---- extended operations ----

template <bool W>
uint32_t ldap_extended_operation(WindowsProcess& p, Ptr ld, Str<W> oid, Ptr data, Ptr sctrls, Ptr cctrls, Ptr msgid_out) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  Arena a(p, W);
  char* o = a.str(oid.addr);
  if (!o) return note(p, s, kParamError);
  struct berval* d = a.berval_at(data.addr);
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  int msgid = 0;
  LDAP* h = s->ld;
  int rc = talk(p, *s, [&] { return ::ldap_extended_operation(h, o, d, sc, cc, &msgid); });
  return sent_ext(p, *s, rc, msgid, msgid_out);
}

template <bool W>
uint32_t ldap_extended_operation_s(WindowsProcess& p, Ptr ld, Str<W> oid, Ptr data, Ptr sctrls, Ptr cctrls, Ptr ret_oid,
                                   Ptr ret_data) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  Arena a(p, W);
  char* o = a.str(oid.addr);
  if (!o) return note(p, s, kParamError);
  struct berval* d = a.berval_at(data.addr);
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  char* back_oid = nullptr;
  struct berval* back = nullptr;
  LDAP* h = s->ld;
  int rc = talk(p, *s, [&] { return ::ldap_extended_operation_s(h, o, d, sc, cc, &back_oid, &back); });
  if (ret_oid) p.put_ptr(ret_oid.addr, back_oid ? out_str(p, back_oid, W) : 0);
  if (ret_data) p.put_ptr(ret_data.addr, back ? out_berval(p, back) : 0);
  if (back_oid) ::ldap_memfree(back_oid);
  if (back) ::ber_bvfree(back);
  return note(p, s, map_error(rc));
}

// ---- abandon and results ----

uint32_t ldap_abandon(WindowsProcess& p, Ptr ld, uint32_t msgid) {
  Session* s = session(p, ld.addr);
  if (!s) return kFail;
  LDAP* h = s->ld;
  int rc = blocking(p, [&] { return ::ldap_abandon_ext(h, static_cast<int>(msgid), nullptr, nullptr); });
  note(p, s, map_error(rc));
  return rc == LDAP_SUCCESS ? 0 : kFail;
}

// ldap_close_extended_op: the client forgets an extended operation's outstanding results (and
// asks the server to stop sending them).
uint32_t ldap_close_extended_op(WindowsProcess& p, Ptr ld, uint32_t msgid) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  LDAP* h = s->ld;
  int rc = blocking(p, [&] { return ::ldap_abandon_ext(h, static_cast<int>(msgid), nullptr, nullptr); });
  return note(p, s, map_error(rc));
}

// ldap_result: the message type of the answer received (0: none within the timeout, ld_errno
// LDAP_TIMEOUT; -1: an error in ld_errno). A null timeout waits as long as it takes.
uint32_t ldap_result(WindowsProcess& p, Ptr ld, uint32_t msgid, uint32_t all, Ptr timeout, Ptr res) {
  Session* s = session(p, ld.addr);
  if (!s) return kFail;
  if (res) p.put_ptr(res.addr, 0);
  auto tv = in_timeval(timeout.addr);
  LDAPMessage* m = nullptr;
  LDAP* h = s->ld;
  struct timeval* t = tv ? &*tv : nullptr;
  int rc = blocking(p, [&] { return ::ldap_result(h, static_cast<int>(msgid), static_cast<int>(all), t, &m); });
  if (rc == 0) {
    note(p, s, kTimeout);
    return 0;
  }
  if (rc < 0) {
    int err = LDAP_OTHER;
    ::ldap_get_option(h, LDAP_OPT_RESULT_CODE, &err);
    note(p, s, map_error(err));
    return kFail;
  }
  const uint64_t g = guest_message(p, s, m);
  if (res) p.put_ptr(res.addr, g);
  else free_message(p, g);
  note(p, s, kSuccess);
  return static_cast<uint32_t>(rc);
}

}  // namespace

#define WLDAP_AW(name) EXPORT(#name "A", name<false>), EXPORT(#name "W", name<true>), EXPORT(#name, name<false>)

const std::vector<Export>& operation_exports() {
  static const std::vector<Export> e = {
      WLDAP_AW(ldap_simple_bind), WLDAP_AW(ldap_simple_bind_s), WLDAP_AW(ldap_bind), WLDAP_AW(ldap_bind_s),
      EXPORT("ldap_sasl_bindA", ldap_sasl_bind<false>), EXPORT("ldap_sasl_bindW", ldap_sasl_bind<true>),
      EXPORT("ldap_sasl_bind_sA", ldap_sasl_bind_s<false>), EXPORT("ldap_sasl_bind_sW", ldap_sasl_bind_s<true>),
      WLDAP_AW(ldap_add), WLDAP_AW(ldap_add_s), WLDAP_AW(ldap_add_ext), WLDAP_AW(ldap_add_ext_s),
      WLDAP_AW(ldap_modify), WLDAP_AW(ldap_modify_s), WLDAP_AW(ldap_modify_ext), WLDAP_AW(ldap_modify_ext_s),
      WLDAP_AW(ldap_delete), WLDAP_AW(ldap_delete_s), WLDAP_AW(ldap_delete_ext), WLDAP_AW(ldap_delete_ext_s),
      WLDAP_AW(ldap_compare), WLDAP_AW(ldap_compare_s), WLDAP_AW(ldap_compare_ext), WLDAP_AW(ldap_compare_ext_s),
      WLDAP_AW(ldap_modrdn), WLDAP_AW(ldap_modrdn_s), WLDAP_AW(ldap_modrdn2), WLDAP_AW(ldap_modrdn2_s),
      WLDAP_AW(ldap_rename_ext), WLDAP_AW(ldap_rename_ext_s),
      WLDAP_AW(ldap_extended_operation),
      EXPORT("ldap_extended_operation_sA", ldap_extended_operation_s<false>),
      EXPORT("ldap_extended_operation_sW", ldap_extended_operation_s<true>),
      EXPORT("ldap_abandon", ldap_abandon), EXPORT("ldap_close_extended_op", ldap_close_extended_op),
      EXPORT("ldap_result", ldap_result),
  };
  return e;
}

}  // namespace polyrun::shims::wldap
