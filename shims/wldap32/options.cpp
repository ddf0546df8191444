// WLDAP32's session options: ldap_get_option and ldap_set_option (narrow and wide), Windows'
// option numbers and value types (ULONG*, LDAP_OPT_ON/OFF given as the pointer itself, strings the
// caller frees with ldap_memfree, controls with ldap_controls_free) over OpenLDAP's options and the
// LDAP structure's fields.
#include <cstdlib>

#include "shims/core/guest_memory.h"
#include "shims/wldap32/wldap32.h"

namespace polyrun::shims::wldap {

namespace {

enum : int32_t {
  OPT_API_INFO = 0x00, OPT_DESC = 0x01, OPT_DEREF = 0x02, OPT_SIZELIMIT = 0x03, OPT_TIMELIMIT = 0x04,
  OPT_THREAD_FN_PTRS = 0x05, OPT_REBIND_FN = 0x06, OPT_REBIND_ARG = 0x07, OPT_REFERRALS = 0x08, OPT_RESTART = 0x09,
  OPT_SSL = 0x0a, OPT_IO_FN_PTRS = 0x0b, OPT_CACHE_FN_PTRS = 0x0d, OPT_CACHE_STRATEGY = 0x0e,
  OPT_CACHE_ENABLE = 0x0f, OPT_REFERRAL_HOP_LIMIT = 0x10, OPT_PROTOCOL_VERSION = 0x11, OPT_SERVER_CONTROLS = 0x12,
  OPT_API_FEATURE_INFO = 0x15, OPT_HOST_NAME = 0x30, OPT_ERROR_NUMBER = 0x31, OPT_ERROR_STRING = 0x32,
  OPT_SERVER_ERROR = 0x33, OPT_SERVER_EXT_ERROR = 0x34, OPT_SIGN = 0x95, OPT_ENCRYPT = 0x96,
};

// LDAP_OPT_ON and LDAP_OPT_OFF are the pointers 1 and 0 themselves; any other value points to a ULONG.
uint32_t on_off_or_ulong(uint64_t value) {
  if (value <= 1) return static_cast<uint32_t>(value);
  return get<uint32_t>(value);
}

// The server's diagnostic message of the session's last operation ("" for none).
std::string diagnostic(Session& s) {
  char* msg = nullptr;
  ::ldap_get_option(s.ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg);
  std::string r = msg ? msg : "";
  if (msg) ::ldap_memfree(msg);
  return r;
}

uint32_t get_option(WindowsProcess& p, Ptr ld, int32_t option, Ptr value, bool wide) {
  Session* s = session(p, ld.addr);
  if (!s || !value) return kParamError;
  const uint64_t v = value.addr;
  const uint64_t ps = ptr_size(p);
  switch (option) {
    case OPT_API_INFO: {
      // LDAPAPIInfo: info_version, api_version, protocol_version, extensions, vendor name, vendor
      // version; Windows' API is version 2004 of the C API draft, Microsoft's vendor version 510.
      if (get<int32_t>(v) != 1) {
        put<int32_t>(v, 1);
        return kParamError;
      }
      put<int32_t>(v + 4, 2004);
      put<int32_t>(v + 8, 3);
      p.put_ptr(v + 16 - (ps == 4 ? 4 : 0), 0);
      p.put_ptr(v + (ps == 8 ? 24 : 16), out_str(p, "Microsoft Corporation.", wide));
      put<int32_t>(v + (ps == 8 ? 32 : 20), 510);
      return kSuccess;
    }
    case OPT_DEREF: put<uint32_t>(v, get<uint32_t>(s->guest + field_offset(p, Field::deref))); return kSuccess;
    case OPT_SIZELIMIT: put<uint32_t>(v, get<uint32_t>(s->guest + field_offset(p, Field::sizelimit))); return kSuccess;
    case OPT_TIMELIMIT: put<uint32_t>(v, get<uint32_t>(s->guest + field_offset(p, Field::timelimit))); return kSuccess;
    case OPT_REFERRALS: put<uint32_t>(v, s->referrals); return kSuccess;
    case OPT_SSL: put<uint32_t>(v, s->ssl ? 1 : 0); return kSuccess;
    case OPT_REFERRAL_HOP_LIMIT: put<uint32_t>(v, s->hop_limit); return kSuccess;
    case OPT_PROTOCOL_VERSION: {
      int version = 0;
      ::ldap_get_option(s->ld, LDAP_OPT_PROTOCOL_VERSION, &version);
      put<uint32_t>(v, static_cast<uint32_t>(version));
      return kSuccess;
    }
    case OPT_SERVER_CONTROLS: {
      LDAPControl** ctrls = nullptr;
      int rc = ::ldap_get_option(s->ld, LDAP_OPT_SERVER_CONTROLS, &ctrls);
      if (rc != LDAP_SUCCESS) return map_error(rc);
      p.put_ptr(v, out_controls(p, ctrls, wide));
      ::ldap_controls_free(ctrls);
      return kSuccess;
    }
    case OPT_HOST_NAME: p.put_ptr(v, s->host_guest[wide ? 1 : 0]); return kSuccess;
    case OPT_ERROR_NUMBER: put<uint32_t>(v, get<uint32_t>(s->guest + field_offset(p, Field::errno_))); return kSuccess;
    case OPT_ERROR_STRING:
    case OPT_SERVER_ERROR: {
      // The server's message of the last operation; for LDAP_OPT_ERROR_STRING without one, the
      // text of the last result code. A string of the caller's (ldap_memfree).
      std::string msg = diagnostic(*s);
      if (msg.empty()) {
        if (option == OPT_SERVER_ERROR) {
          p.put_ptr(v, 0);
          return kSuccess;
        }
        msg = err_text(get<uint32_t>(s->guest + field_offset(p, Field::errno_)));
      }
      p.put_ptr(v, out_str(p, msg, wide));
      return kSuccess;
    }
    case OPT_SERVER_EXT_ERROR: {
      // Active Directory's messages start with the Win32 error in hex ("0000052E: …").
      const std::string msg = diagnostic(*s);
      put<uint32_t>(v, static_cast<uint32_t>(std::strtoul(msg.c_str(), nullptr, 16)));
      return kSuccess;
    }
    case OPT_SIGN:
    case OPT_ENCRYPT: put<uint32_t>(v, 0); return kSuccess;  // no SASL security layer is ever negotiated
    case OPT_THREAD_FN_PTRS: case OPT_REBIND_FN: case OPT_REBIND_ARG: case OPT_RESTART: case OPT_IO_FN_PTRS:
    case OPT_CACHE_FN_PTRS: case OPT_CACHE_STRATEGY: case OPT_CACHE_ENABLE:
      return kLocalError;  // options of the C API draft Windows never had
    default:
      // The socket (LDAP_OPT_DESC: OpenLDAP's descriptor is no Winsock handle of the program's),
      // SSPI, Active Directory's and the keep-alive options: not available.
      return kNotSupported;
  }
}

uint32_t set_option(WindowsProcess& p, Ptr ld, int32_t option, Ptr value, bool wide) {
  Session* s = session(p, ld.addr);
  if (!s) return kParamError;
  const uint64_t v = value.addr;
  auto need = [&] { return v != 0; };
  switch (option) {
    case OPT_DEREF:
    case OPT_SIZELIMIT:
    case OPT_TIMELIMIT: {
      if (!need()) return kParamError;
      const Field f = option == OPT_DEREF ? Field::deref : option == OPT_SIZELIMIT ? Field::sizelimit : Field::timelimit;
      put<uint32_t>(s->guest + field_offset(p, f), get<uint32_t>(v));
      sync_limits(p, *s);
      return kSuccess;
    }
    case OPT_REFERRALS: {
      s->referrals = on_off_or_ulong(v);
      ::ldap_set_option(s->ld, LDAP_OPT_REFERRALS, s->referrals ? LDAP_OPT_ON : LDAP_OPT_OFF);
      return kSuccess;
    }
    case OPT_SSL: {
      const bool on = on_off_or_ulong(v) != 0;
      if (s->connected && on != s->ssl) return kUnwillingToPerform;
      int mode = on ? LDAP_OPT_X_TLS_HARD : LDAP_OPT_X_TLS_NEVER;
      int rc = ::ldap_set_option(s->ld, LDAP_OPT_X_TLS, &mode);
      if (rc != LDAP_SUCCESS) return map_error(rc);
      s->ssl = on;
      return kSuccess;
    }
    case OPT_REFERRAL_HOP_LIMIT: {
      if (!need()) return kParamError;
      s->hop_limit = get<uint32_t>(v);
      int n = static_cast<int>(s->hop_limit);
      ::ldap_set_option(s->ld, LDAP_OPT_REFHOPLIMIT, &n);
      put<uint32_t>(s->guest + field_offset(p, Field::refhoplimit), s->hop_limit);
      return kSuccess;
    }
    case OPT_PROTOCOL_VERSION: {
      if (!need()) return kParamError;
      int version = static_cast<int>(get<uint32_t>(v));
      int rc = ::ldap_set_option(s->ld, LDAP_OPT_PROTOCOL_VERSION, &version);
      if (rc != LDAP_SUCCESS) return map_error(rc);
      put<uint32_t>(s->guest + field_offset(p, Field::version), static_cast<uint32_t>(version));
      return kSuccess;
    }
    case OPT_SERVER_CONTROLS: {
      Arena a(p, wide);
      LDAPControl** ctrls = a.controls(v);
      return map_error(::ldap_set_option(s->ld, LDAP_OPT_SERVER_CONTROLS, ctrls));
    }
    case OPT_ERROR_NUMBER:
      if (!need()) return kParamError;
      put<uint32_t>(s->guest + field_offset(p, Field::errno_), get<uint32_t>(v));
      return kSuccess;
    case OPT_SIGN:
    case OPT_ENCRYPT:
      // Signing and sealing are SASL security layers (Kerberos through SSPI) this host does not
      // negotiate: off is what there is.
      return on_off_or_ulong(v) ? kNotSupported : kSuccess;
    case OPT_API_INFO:
    case OPT_API_FEATURE_INFO:
      return kUnwillingToPerform;  // read-only
    case OPT_THREAD_FN_PTRS: case OPT_REBIND_FN: case OPT_REBIND_ARG: case OPT_RESTART: case OPT_IO_FN_PTRS:
    case OPT_CACHE_FN_PTRS: case OPT_CACHE_STRATEGY: case OPT_CACHE_ENABLE:
      return kLocalError;
    default:
      return kNotSupported;
  }
}

uint32_t ldap_get_optionA(WindowsProcess& p, Ptr ld, int32_t option, Ptr value) {
  return get_option(p, ld, option, value, false);
}
uint32_t ldap_get_optionW(WindowsProcess& p, Ptr ld, int32_t option, Ptr value) {
  return get_option(p, ld, option, value, true);
}
uint32_t ldap_set_optionA(WindowsProcess& p, Ptr ld, int32_t option, Ptr value) {
  return set_option(p, ld, option, value, false);
}
uint32_t ldap_set_optionW(WindowsProcess& p, Ptr ld, int32_t option, Ptr value) {
  return set_option(p, ld, option, value, true);
}

}  // namespace

const std::vector<Export>& option_exports() {
  static const std::vector<Export> e = {
      EXPORT("ldap_get_optionA", ldap_get_optionA), EXPORT("ldap_get_optionW", ldap_get_optionW),
      EXPORT("ldap_get_option", ldap_get_optionA),  EXPORT("ldap_set_optionA", ldap_set_optionA),
      EXPORT("ldap_set_optionW", ldap_set_optionW), EXPORT("ldap_set_option", ldap_set_optionA),
  };
  return e;
}

}  // namespace polyrun::shims::wldap
