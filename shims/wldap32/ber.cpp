// WLDAP32's Basic Encoding Rules functions (winber.h) over OpenLDAP's liblber: BER elements made
// (ber_alloc_t, ber_init), written and read by format (ber_printf, ber_scanf), walked (ber_peek_tag,
// ber_skip_tag, ber_first_element, ber_next_element), flattened and freed; and the bervals'
// duplicates and frees.
#include "shims/core/guest_memory.h"
#include "shims/wldap32/wldap32.h"

namespace polyrun::shims::wldap {

namespace {

constexpr uint32_t kLberError = 0xffffffffu;  // LBER_ERROR and LBER_DEFAULT as a ULONG

uint32_t tag32(ber_tag_t t) { return t == LBER_DEFAULT ? kLberError : static_cast<uint32_t>(t); }

// Where ber_first_element and ber_next_element are in each element's walk (the program holds an
// opaque cookie; the position is kept here).
std::map<uint64_t, char*>& walks() {
  static std::map<uint64_t, char*> t;
  return t;
}

Ptr ber_alloc_t(WindowsProcess& p, int32_t options) { return guest_ber(p, ::ber_alloc_t(options), true); }

Ptr ber_init(WindowsProcess& p, Ptr bv) {
  if (!bv) return 0;
  Arena a(p, false);
  struct berval* b = a.berval_at(bv.addr);
  return guest_ber(p, ::ber_init(b), true);
}

void ber_free(WindowsProcess& p, Ptr ber, int32_t free_buffer) {
  walks().erase(ber.addr);
  free_ber(p, ber.addr, free_buffer);
}

void ber_bvfree(WindowsProcess& p, Ptr bv) { free_block(p, bv.addr); }
void ber_bvecfree(WindowsProcess& p, Ptr bvs) { free_block(p, bvs.addr); }

Ptr ber_bvdup(WindowsProcess& p, Ptr bv) {
  if (!bv) return 0;
  Arena a(p, false);
  return out_berval(p, a.berval_at(bv.addr));
}

int32_t ber_flatten(WindowsProcess& p, Ptr ber, Ptr out) {
  BerElement* b = host_ber(p, ber.addr);
  if (!b || !out) return -1;
  struct berval* bv = nullptr;
  if (::ber_flatten(b, &bv) != 0) return -1;
  p.put_ptr(out.addr, out_berval(p, bv));
  ::ber_bvfree(bv);
  return 0;
}

uint32_t ber_peek_tag(WindowsProcess& p, Ptr ber, Ptr len) {
  BerElement* b = host_ber(p, ber.addr);
  if (!b) return kLberError;
  ber_len_t n = 0;
  const ber_tag_t t = ::ber_peek_tag(b, &n);
  if (len) put<uint32_t>(len.addr, static_cast<uint32_t>(n));
  return tag32(t);
}

uint32_t ber_skip_tag(WindowsProcess& p, Ptr ber, Ptr len) {
  BerElement* b = host_ber(p, ber.addr);
  if (!b) return kLberError;
  ber_len_t n = 0;
  const ber_tag_t t = ::ber_skip_tag(b, &n);
  if (len) put<uint32_t>(len.addr, static_cast<uint32_t>(n));
  return tag32(t);
}

uint32_t ber_first_element(WindowsProcess& p, Ptr ber, Ptr len, Ptr cookie) {
  BerElement* b = host_ber(p, ber.addr);
  if (!b) return kLberError;
  ber_len_t n = 0;
  char* last = nullptr;
  const ber_tag_t t = ::ber_first_element(b, &n, &last);
  walks()[ber.addr] = last;
  if (len) put<uint32_t>(len.addr, static_cast<uint32_t>(n));
  if (cookie) p.put_ptr(cookie.addr, ber.addr);
  return tag32(t);
}

uint32_t ber_next_element(WindowsProcess& p, Ptr ber, Ptr len, Ptr) {
  BerElement* b = host_ber(p, ber.addr);
  auto it = walks().find(ber.addr);
  if (!b || it == walks().end()) return kLberError;
  ber_len_t n = 0;
  const ber_tag_t t = ::ber_next_element(b, &n, it->second);
  if (len) put<uint32_t>(len.addr, static_cast<uint32_t>(n));
  return tag32(t);
}

// ber_printf: each format character takes its arguments as Windows' winber.h says — t, b, e and i
// an int; n none; o a char* and its int length; s a string; v a NULL-terminated char* array; V a
// NULL-terminated berval* array; X a bit string (char* and its length in bits); { } [ ] open and
// close a sequence or a set.
int32_t ber_printf(WindowsProcess& p, Ptr ber, CStr format, VarArgs args) {
  BerElement* b = host_ber(p, ber.addr);
  if (!b || !format.addr) return -1;
  const std::string fmt = format.str();
  ber_tag_t tag = LBER_DEFAULT;  // a 't' sets the next element's tag
  Arena a(p, false);
  for (char c : fmt) {
    int rc = 0;
    char one[3] = {'t', c, 0};
    switch (c) {
      case 't': tag = static_cast<uint32_t>(args.next_int()); continue;
      case 'b': case 'e': case 'i': {
        const ber_int_t v = static_cast<int32_t>(args.next_int());
        rc = tag == LBER_DEFAULT ? ::ber_printf(b, one + 1, v) : ::ber_printf(b, one, tag, v);
        break;
      }
      case 'n': rc = tag == LBER_DEFAULT ? ::ber_printf(b, "n") : ::ber_printf(b, "tn", tag); break;
      case 'o': {
        const uint64_t s = args.next_int();
        const ber_len_t n = static_cast<uint32_t>(args.next_int());
        std::string data(n, '\0');
        if (n) copy_guest(data.data(), guest_pointer(s), n, s, false);
        rc = tag == LBER_DEFAULT ? ::ber_printf(b, "o", data.data(), n) : ::ber_printf(b, "to", tag, data.data(), n);
        break;
      }
      case 'X': {
        const uint64_t s = args.next_int();
        const ber_len_t bits = static_cast<uint32_t>(args.next_int());
        std::string data((bits + 7) / 8, '\0');
        if (!data.empty()) copy_guest(data.data(), guest_pointer(s), data.size(), s, false);
        rc = tag == LBER_DEFAULT ? ::ber_printf(b, "B", data.data(), bits) : ::ber_printf(b, "tB", tag, data.data(), bits);
        break;
      }
      case 's': {
        char* s = a.str(args.next_int());
        rc = tag == LBER_DEFAULT ? ::ber_printf(b, "s", s) : ::ber_printf(b, "ts", tag, s);
        break;
      }
      case 'v': {
        char** v = a.strs(args.next_int());
        rc = tag == LBER_DEFAULT ? ::ber_printf(b, "v", v) : ::ber_printf(b, "tv", tag, v);
        break;
      }
      case 'V': {
        struct berval** v = a.bervals(args.next_int());
        rc = tag == LBER_DEFAULT ? ::ber_printf(b, "V", v) : ::ber_printf(b, "tV", tag, v);
        break;
      }
      case '{': case '[':
        rc = tag == LBER_DEFAULT ? ::ber_printf(b, one + 1) : ::ber_printf(b, one, tag);
        break;
      case '}': case ']': rc = ::ber_printf(b, one + 1); break;
      default: return -1;
    }
    tag = LBER_DEFAULT;
    if (rc == -1) return -1;
  }
  return 0;
}

// ber_scanf: a reads a string (char**, ldap_memfree's), O an octet string (berval**, ber_bvfree's),
// b, e and i an int, B a bit string (char** and its bit count at an int*), n a NULL, t the next
// tag (an int*, not consumed), v strings (char***, ldap_value_free's), V octet strings
// (berval***, ber_bvecfree's), x skips an element; { } [ ] enter and leave a sequence or set.
uint32_t ber_scanf(WindowsProcess& p, Ptr ber, CStr format, VarArgs args) {
  BerElement* b = host_ber(p, ber.addr);
  if (!b || !format.addr) return kLberError;
  const std::string fmt = format.str();
  for (char c : fmt) {
    ber_tag_t rc = 0;
    switch (c) {
      case 'a': {
        char* s = nullptr;
        rc = ::ber_scanf(b, "a", &s);
        p.put_ptr(args.next_int(), rc == LBER_ERROR || !s ? 0 : out_bytes(p, s));
        if (s) ::ber_memfree(s);
        break;
      }
      case 'O': {
        struct berval* bv = nullptr;
        rc = ::ber_scanf(b, "O", &bv);
        p.put_ptr(args.next_int(), rc == LBER_ERROR || !bv ? 0 : out_berval(p, bv));
        if (bv) ::ber_bvfree(bv);
        break;
      }
      case 'b': case 'e': case 'i': {
        ber_int_t v = 0;
        const char one[2] = {c, 0};
        rc = ::ber_scanf(b, one, &v);
        put<int32_t>(args.next_int(), v);
        break;
      }
      case 'B': {
        char* s = nullptr;
        ber_len_t bits = 0;
        rc = ::ber_scanf(b, "B", &s, &bits);
        const uint64_t out = args.next_int(), nbits = args.next_int();
        uint64_t copy = 0;
        if (rc != LBER_ERROR && s) {
          copy = p.heap.alloc((bits + 7) / 8 + 1, true);
          if (bits) copy_guest(guest_pointer(copy), s, (bits + 7) / 8, copy, true);
        }
        p.put_ptr(out, copy);
        put<int32_t>(nbits, static_cast<int32_t>(bits));
        if (s) ::ber_memfree(s);
        break;
      }
      case 'n': rc = ::ber_scanf(b, "n"); break;
      case 't': {
        ber_len_t n = 0;
        rc = ::ber_peek_tag(b, &n);
        put<int32_t>(args.next_int(), static_cast<int32_t>(tag32(rc)));
        break;
      }
      case 'v': {
        char** v = nullptr;
        rc = ::ber_scanf(b, "v", &v);
        std::vector<std::string> texts;
        for (char** x = v; x && *x; ++x) texts.push_back(*x);
        p.put_ptr(args.next_int(), rc == LBER_ERROR || !v ? 0 : out_bytes_list(p, texts));
        if (v) ::ber_memvfree(reinterpret_cast<void**>(v));
        break;
      }
      case 'V': {
        struct berval** v = nullptr;
        rc = ::ber_scanf(b, "V", &v);
        p.put_ptr(args.next_int(), rc == LBER_ERROR || !v ? 0 : out_bervals(p, v));
        if (v) ::ber_bvecfree(v);
        break;
      }
      case 'x': rc = ::ber_scanf(b, "x"); break;
      case '{': case '[': case '}': case ']': {
        const char one[2] = {c, 0};
        rc = ::ber_scanf(b, one);
        break;
      }
      default: return kLberError;
    }
    if (rc == LBER_ERROR) return kLberError;
  }
  return 0;
}

}  // namespace

const std::vector<Export>& ber_exports() {
  static const std::vector<Export> e = {
      EXPORT("ber_alloc_t", ber_alloc_t),           EXPORT("ber_init", ber_init),
      EXPORT("ber_free", ber_free),                 EXPORT("ber_bvfree", ber_bvfree),
      EXPORT("ber_bvecfree", ber_bvecfree),         EXPORT("ber_bvdup", ber_bvdup),
      EXPORT("ber_flatten", ber_flatten),           EXPORT("ber_peek_tag", ber_peek_tag),
      EXPORT("ber_skip_tag", ber_skip_tag),         EXPORT("ber_first_element", ber_first_element),
      EXPORT("ber_next_element", ber_next_element), EXPORT("ber_printf", ber_printf),
      EXPORT("ber_scanf", ber_scanf),
  };
  return e;
}

}  // namespace polyrun::shims::wldap
