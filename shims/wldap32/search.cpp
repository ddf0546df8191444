// WLDAP32's searches: ldap_search (asynchronous), ldap_search_s, ldap_search_st (with a time
// limit), ldap_search_ext and ldap_search_ext_s (controls, limits), narrow and wide; and Windows'
// paged searches (ldap_search_init_page, ::ldap_get_next_page(_s), ldap_get_paged_count,
// ldap_search_abandon_page) over the simple paged results control (RFC 2696).
#include "shims/core/guest_memory.h"
#include "shims/wldap32/wldap32.h"

namespace polyrun::shims::wldap {

template <bool W>
using Str = std::conditional_t<W, WStr, CStr>;

namespace {

struct Query {
  char* base;
  int scope;
  char* filter;
  char** attrs;
};

// Starts a search; the message number or an error.
int start(WindowsProcess& p, Session& s, const Query& q, uint32_t attrsonly, LDAPControl** sc, LDAPControl** cc,
          struct timeval* tv, int sizelimit, int* msgid) {
  sync_limits(p, s);
  LDAP* h = s.ld;
  int rc = blocking(p, [&] {
    return ::ldap_search_ext(h, q.base, q.scope, q.filter, q.attrs, static_cast<int>(attrsonly), sc, cc, tv, sizelimit, msgid);
  });
  if (rc == LDAP_SUCCESS) s.connected = true;
  return rc;
}

// Waits for a search's whole answer: the result code, the messages at `res` (even for an error,
// as Windows leaves them for the caller to free).
uint32_t finish(WindowsProcess& p, Session& s, int msgid, struct timeval* tv, Ptr res) {
  LDAPMessage* m = nullptr;
  LDAP* h = s.ld;
  int rc = blocking(p, [&] { return ::ldap_result(h, msgid, LDAP_MSG_ALL, tv, &m); });
  if (rc == 0) {
    ::ldap_abandon_ext(h, msgid, nullptr, nullptr);
    if (res) p.put_ptr(res.addr, 0);
    return note(p, &s, kTimeout);
  }
  if (rc < 0) {
    int err = LDAP_OTHER;
    ::ldap_get_option(h, LDAP_OPT_RESULT_CODE, &err);
    if (res) p.put_ptr(res.addr, 0);
    return note(p, &s, map_error(err));
  }
  int code = LDAP_SUCCESS;
  ::ldap_parse_result(h, m, &code, nullptr, nullptr, nullptr, nullptr, 0);
  const uint64_t g = guest_message(p, &s, m);
  if (res) p.put_ptr(res.addr, g);
  else free_message(p, g);
  return note(p, &s, map_error(code));
}

template <bool W>
uint32_t search_sync(WindowsProcess& p, Ptr ld, Ptr base, uint32_t scope, Ptr filter, Ptr attrs, uint32_t attrsonly,
                     Ptr sctrls, Ptr cctrls, Ptr timeout, uint32_t sizelimit, Ptr res) {
  if (res) p.put_ptr(res.addr, 0);
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  Arena a(p, W);
  Query q{a.str(base.addr), static_cast<int>(scope), a.str(filter.addr), a.strs(attrs.addr)};
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  auto tv = in_timeval(timeout.addr);
  if (tv && !tv->tv_sec && !tv->tv_usec) tv.reset();  // a zero timeout: no limit
  int msgid = 0;
  int rc = start(p, *s, q, attrsonly, sc, cc, tv ? &*tv : nullptr,
                 sizelimit ? static_cast<int>(sizelimit) : static_cast<int>(get<uint32_t>(s->guest + field_offset(p, Field::sizelimit))),
                 &msgid);
  if (rc != LDAP_SUCCESS) return note(p, s, map_error(rc));
  return finish(p, *s, msgid, tv ? &*tv : nullptr, res);
}

template <bool W>
uint32_t ldap_search(WindowsProcess& p, Ptr ld, Str<W> base, uint32_t scope, Str<W> filter, Ptr attrs, uint32_t attrsonly) {
  Session* s = session(p, ld.addr);
  if (!s) return kFail;
  Arena a(p, W);
  Query q{a.str(base.addr), static_cast<int>(scope), a.str(filter.addr), a.strs(attrs.addr)};
  int msgid = 0;
  int rc = start(p, *s, q, attrsonly, nullptr, nullptr, nullptr,
                 static_cast<int>(get<uint32_t>(s->guest + field_offset(p, Field::sizelimit))), &msgid);
  if (rc != LDAP_SUCCESS) {
    note(p, s, map_error(rc));
    return kFail;
  }
  note(p, s, kSuccess);
  return static_cast<uint32_t>(msgid);
}

template <bool W>
uint32_t ldap_search_s(WindowsProcess& p, Ptr ld, Str<W> base, uint32_t scope, Str<W> filter, Ptr attrs, uint32_t attrsonly, Ptr res) {
  return search_sync<W>(p, ld, base.addr, scope, filter.addr, attrs, attrsonly, 0, 0, 0, 0, res);
}

template <bool W>
uint32_t ldap_search_st(WindowsProcess& p, Ptr ld, Str<W> base, uint32_t scope, Str<W> filter, Ptr attrs, uint32_t attrsonly,
                        Ptr timeout, Ptr res) {
  return search_sync<W>(p, ld, base.addr, scope, filter.addr, attrs, attrsonly, 0, 0, timeout, 0, res);
}

// ldap_search_ext: TimeLimit is in seconds (the server's limit and the client's wait), SizeLimit
// entries (0: the session's).
template <bool W>
uint32_t ldap_search_ext(WindowsProcess& p, Ptr ld, Str<W> base, uint32_t scope, Str<W> filter, Ptr attrs, uint32_t attrsonly,
                         Ptr sctrls, Ptr cctrls, uint32_t timelimit, uint32_t sizelimit, Ptr msgid_out) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  Arena a(p, W);
  Query q{a.str(base.addr), static_cast<int>(scope), a.str(filter.addr), a.strs(attrs.addr)};
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  struct timeval tv{static_cast<time_t>(timelimit), 0};
  int msgid = 0;
  int rc = start(p, *s, q, attrsonly, sc, cc, timelimit ? &tv : nullptr,
                 sizelimit ? static_cast<int>(sizelimit) : static_cast<int>(get<uint32_t>(s->guest + field_offset(p, Field::sizelimit))),
                 &msgid);
  if (rc == LDAP_SUCCESS && msgid_out) put<uint32_t>(msgid_out.addr, static_cast<uint32_t>(msgid));
  return note(p, s, map_error(rc));
}

template <bool W>
uint32_t ldap_search_ext_s(WindowsProcess& p, Ptr ld, Str<W> base, uint32_t scope, Str<W> filter, Ptr attrs, uint32_t attrsonly,
                           Ptr sctrls, Ptr cctrls, Ptr timeout, uint32_t sizelimit, Ptr res) {
  return search_sync<W>(p, ld, base.addr, scope, filter.addr, attrs, attrsonly, sctrls, cctrls, timeout, sizelimit, res);
}

// ---- paged searches ----

// What an LDAPSearch (a block the program holds) stands for: the search's terms in UTF-8, its
// controls, and the server's cookie for the next page (absent before the first page; empty once
// the last page came).
struct PagedSearch {
  bool wide = false;
  std::optional<std::string> base, filter;
  int scope = 0;
  std::optional<std::vector<std::string>> attrs;
  uint32_t attrsonly = 0;
  std::vector<LDAPControl*> sctrls, cctrls;  // copies of the program's (ldap_control_dup)
  uint32_t timelimit = 0, sizelimit = 0;
  std::optional<std::string> cookie;
  bool done = false;
  ~PagedSearch() {
    for (auto* c : sctrls) ::ldap_control_free(c);
    for (auto* c : cctrls) ::ldap_control_free(c);
  }
};

std::map<uint64_t, std::unique_ptr<PagedSearch>>& searches() {
  static std::map<uint64_t, std::unique_ptr<PagedSearch>> t;
  return t;
}

PagedSearch* paged(uint64_t g) {
  auto it = searches().find(g);
  return it == searches().end() ? nullptr : it->second.get();
}

template <bool W>
Ptr ldap_search_init_page(WindowsProcess& p, Ptr ld, Str<W> base, uint32_t scope, Str<W> filter, Ptr attrs, uint32_t attrsonly,
                          Ptr sctrls, Ptr cctrls, uint32_t timelimit, uint32_t sizelimit, Ptr sortkeys) {
  Session* s = session(p, ld.addr);
  if (!s) {
    set_last(kParamError);
    return 0;
  }
  auto ps = std::make_unique<PagedSearch>();
  ps->wide = W;
  ps->base = in_str(base.addr, W);
  ps->filter = in_str(filter.addr, W);
  ps->scope = static_cast<int>(scope);
  ps->attrs = in_strs(p, attrs.addr, W);
  ps->attrsonly = attrsonly;
  ps->timelimit = timelimit;
  ps->sizelimit = sizelimit;
  Arena a(p, W);
  for (auto [arr, out] : {std::pair{sctrls.addr, &ps->sctrls}, std::pair{cctrls.addr, &ps->cctrls}}) {
    LDAPControl** c = a.controls(arr);
    for (; c && *c; ++c) out->push_back(::ldap_control_dup(*c));
  }
  if (sortkeys) {
    LDAPControl* sort = nullptr;
    int rc = ::ldap_create_sort_control(s->ld, a.sort_keys(sortkeys.addr), 1, &sort);
    if (rc != LDAP_SUCCESS) {
      note(p, s, map_error(rc));
      return 0;
    }
    ps->sctrls.push_back(sort);
  }
  const uint64_t g = p.heap.alloc(ptr_size(p), true);
  searches()[g] = std::move(ps);
  note(p, s, kSuccess);
  return g;
}

// The page control for the next request, with the session's controls; `pagesize` entries.
std::vector<LDAPControl*> page_controls(Session& s, PagedSearch& ps, uint32_t pagesize, LDAPControl** page) {
  struct berval cookie{ps.cookie ? ps.cookie->size() : 0, ps.cookie ? ps.cookie->data() : nullptr};
  *page = nullptr;
  ::ldap_create_page_control(s.ld, static_cast<ber_int_t>(pagesize), &cookie, 1, page);
  std::vector<LDAPControl*> v = ps.sctrls;
  if (*page) v.push_back(*page);
  v.push_back(nullptr);
  return v;
}

// The server's page response in a result: the total estimate and the cookie for the next page.
uint32_t read_page_response(Session& s, PagedSearch& ps, LDAPMessage* m, uint32_t* count) {
  *count = 0;
  LDAPControl** ctrls = nullptr;
  int code = 0;
  LDAPMessage* result = ::ldap_msgtype(m) == LDAP_RES_SEARCH_RESULT ? m : nullptr;
  for (LDAPMessage* x = m; !result && x; x = ::ldap_next_message(s.ld, x))
    if (::ldap_msgtype(x) == LDAP_RES_SEARCH_RESULT) result = x;
  if (!result) return kParamError;
  int rc = ::ldap_parse_result(s.ld, result, &code, nullptr, nullptr, nullptr, &ctrls, 0);
  if (rc != LDAP_SUCCESS) return map_error(rc);
  LDAPControl* resp = ctrls ? ::ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, ctrls, nullptr) : nullptr;
  if (!resp) {
    // No page response: the search is over.
    ps.cookie = std::string();
    ps.done = true;
  } else {
    ber_int_t estimate = 0;
    struct berval cookie{0, nullptr};
    rc = ::ldap_parse_pageresponse_control(s.ld, resp, &estimate, &cookie);
    if (rc == LDAP_SUCCESS) {
      *count = static_cast<uint32_t>(estimate);
      ps.cookie = std::string(cookie.bv_val ? cookie.bv_val : "", cookie.bv_len);
      ps.done = cookie.bv_len == 0;
      ::ber_memfree(cookie.bv_val);
    }
  }
  if (ctrls) ::ldap_controls_free(ctrls);
  return map_error(rc);
}

uint32_t ldap_get_next_page_s(WindowsProcess& p, Ptr ld, Ptr search, Ptr timeout, uint32_t pagesize, Ptr count, Ptr res) {
  Session* s = session(p, ld.addr);
  PagedSearch* ps = paged(search.addr);
  if (!s || !ps || !count || !res) return note(p, s, kParamError);
  p.put_ptr(res.addr, 0);
  put<uint32_t>(count.addr, 0);
  if (ps->done) return note(p, s, kNoResultsReturned);
  LDAPControl* page = nullptr;
  std::vector<LDAPControl*> sc = page_controls(*s, *ps, pagesize, &page);
  std::vector<const char*> attrs;
  if (ps->attrs) {
    for (auto& a : *ps->attrs) attrs.push_back(a.c_str());
    attrs.push_back(nullptr);
  }
  std::vector<LDAPControl*> cc = ps->cctrls;
  cc.push_back(nullptr);
  auto tv = in_timeval(timeout.addr);
  if (tv && !tv->tv_sec && !tv->tv_usec) tv.reset();
  Query q{ps->base ? ps->base->data() : nullptr, ps->scope, ps->filter ? ps->filter->data() : nullptr,
          ps->attrs ? const_cast<char**>(attrs.data()) : nullptr};
  int msgid = 0;
  int rc = start(p, *s, q, ps->attrsonly, sc.data(), cc.size() > 1 ? cc.data() : nullptr, tv ? &*tv : nullptr,
                 static_cast<int>(ps->sizelimit), &msgid);
  if (page) ::ldap_control_free(page);
  if (rc != LDAP_SUCCESS) return note(p, s, map_error(rc));
  const uint32_t err = finish(p, *s, msgid, tv ? &*tv : nullptr, res);
  const uint64_t g = p.get_ptr(res.addr);
  if (!g) return err;
  uint32_t n = 0;
  const uint32_t perr = read_page_response(*s, *ps, host_message(p, g), &n);
  put<uint32_t>(count.addr, n);
  return note(p, s, err != kSuccess ? err : perr);
}

// ldap_get_next_page: the next page's request, answered through ldap_result (and its count and
// cookie read by ldap_get_paged_count).
uint32_t ldap_get_next_page(WindowsProcess& p, Ptr ld, Ptr search, uint32_t pagesize, Ptr msgid_out) {
  Session* s = session(p, ld.addr);
  PagedSearch* ps = paged(search.addr);
  if (!s || !ps || !msgid_out) return note(p, s, kParamError);
  if (ps->done) return note(p, s, kNoResultsReturned);
  LDAPControl* page = nullptr;
  std::vector<LDAPControl*> sc = page_controls(*s, *ps, pagesize, &page);
  std::vector<const char*> attrs;
  if (ps->attrs) {
    for (auto& a : *ps->attrs) attrs.push_back(a.c_str());
    attrs.push_back(nullptr);
  }
  std::vector<LDAPControl*> cc = ps->cctrls;
  cc.push_back(nullptr);
  Query q{ps->base ? ps->base->data() : nullptr, ps->scope, ps->filter ? ps->filter->data() : nullptr,
          ps->attrs ? const_cast<char**>(attrs.data()) : nullptr};
  struct timeval tv{static_cast<time_t>(ps->timelimit), 0};
  int msgid = 0;
  int rc = start(p, *s, q, ps->attrsonly, sc.data(), cc.size() > 1 ? cc.data() : nullptr, ps->timelimit ? &tv : nullptr,
                 static_cast<int>(ps->sizelimit), &msgid);
  if (page) ::ldap_control_free(page);
  if (rc == LDAP_SUCCESS) put<uint32_t>(msgid_out.addr, static_cast<uint32_t>(msgid));
  return note(p, s, map_error(rc));
}

uint32_t ldap_get_paged_count(WindowsProcess& p, Ptr ld, Ptr search, Ptr count, Ptr results) {
  Session* s = session(p, ld.addr);
  PagedSearch* ps = paged(search.addr);
  LDAPMessage* m = host_message(p, results.addr);
  if (!s || !ps || !count || !m) return note(p, s, kParamError);
  uint32_t n = 0;
  const uint32_t err = read_page_response(*s, *ps, m, &n);
  put<uint32_t>(count.addr, n);
  return note(p, s, err);
}

// ldap_search_abandon_page: the search is given up; a server still holding its state is told so by
// a request for no more entries (page size 0 with the cookie, RFC 2696).
uint32_t ldap_search_abandon_page(WindowsProcess& p, Ptr ld, Ptr search) {
  Session* s = session(p, ld.addr);
  PagedSearch* ps = paged(search.addr);
  if (!s || !ps) return note(p, s, kParamError);
  if (ps->cookie && !ps->done) {
    LDAPControl* page = nullptr;
    std::vector<LDAPControl*> sc = page_controls(*s, *ps, 0, &page);
    Query q{ps->base ? ps->base->data() : nullptr, ps->scope, ps->filter ? ps->filter->data() : nullptr, nullptr};
    int msgid = 0;
    if (start(p, *s, q, ps->attrsonly, sc.data(), nullptr, nullptr, 0, &msgid) == LDAP_SUCCESS) {
      LDAPMessage* m = nullptr;
      LDAP* h = s->ld;
      blocking(p, [&] { return ::ldap_result(h, msgid, LDAP_MSG_ALL, nullptr, &m); });
      if (m) ::ldap_msgfree(m);
    }
    if (page) ::ldap_control_free(page);
  }
  searches().erase(search.addr);
  p.heap.free(search.addr);
  return note(p, s, kSuccess);
}

}  // namespace

#define WLDAP_AW(name) EXPORT(#name "A", name<false>), EXPORT(#name "W", name<true>), EXPORT(#name, name<false>)

const std::vector<Export>& search_exports() {
  static const std::vector<Export> e = {
      WLDAP_AW(ldap_search), WLDAP_AW(ldap_search_s), WLDAP_AW(ldap_search_st), WLDAP_AW(ldap_search_ext),
      WLDAP_AW(ldap_search_ext_s), WLDAP_AW(ldap_search_init_page),
      EXPORT("ldap_get_next_page", ldap_get_next_page), EXPORT("ldap_get_next_page_s", ldap_get_next_page_s),
      EXPORT("ldap_get_paged_count", ldap_get_paged_count), EXPORT("ldap_search_abandon_page", ldap_search_abandon_page),
  };
  return e;
}

}  // namespace polyrun::shims::wldap
