#include "shims/crypt32/certificate_der.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>

namespace polyrun::shims::crypt32 {

namespace {

constexpr uint8_t kInteger = 0x02, kBitString = 0x03, kOctetString = 0x04, kOid = 0x06, kSequence = 0x30,
                  kSet = 0x31, kUtcTime = 0x17, kGeneralizedTime = 0x18, kBoolean = 0x01;

Bytes bytes_of(const uint8_t* p, size_t n) { return Bytes(p, p + n); }

bool read_algorithm(const DerElement& e, AlgorithmId& out) {
  if (e.tag != kSequence) return false;
  DerReader r(e);
  DerElement oid;
  if (!r.next(oid) || oid.tag != kOid) return false;
  auto text = oid_text(oid.value, oid.size);
  if (!text) return false;
  out.oid = *text;
  DerElement params;
  if (!r.at_end()) {
    if (!r.next(params)) return false;
    out.parameters = bytes_of(params.whole, params.whole_size);
  }
  return r.at_end();
}

bool read_bits(const DerElement& e, BitString& out) {
  if (e.size < 1 || e.value[0] > 7 || (e.size == 1 && e.value[0] != 0)) return false;
  out.unused_bits = e.value[0];
  out.bits = bytes_of(e.value + 1, e.size - 1);
  return true;
}

bool read_time(const DerElement& e, uint64_t& out) {
  auto t = der_time(e.tag, e.value, e.size);
  if (!t) return false;
  out = *t;
  return true;
}

// (days from 1970-01-01 of a proleptic Gregorian date)
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(const uint8_t* p, size_t n, unsigned& out) {
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] < '0' || p[i] > '9') return false;
    out = out * 10 + (p[i] - '0');
  }
  return true;
}

void append_utf16(std::u16string& out, uint32_t cp) {
  if (cp >= 0x10000 && cp <= 0x10ffff) {
    cp -= 0x10000;
    out.push_back(static_cast<char16_t>(0xd800 + (cp >> 10)));
    out.push_back(static_cast<char16_t>(0xdc00 + (cp & 0x3ff)));
  } else {
    out.push_back(cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000) ? u'\xfffd' : static_cast<char16_t>(cp));
  }
}

std::u16string utf8_text(const uint8_t* p, size_t n) {
  std::u16string out;
  for (size_t i = 0; i < n;) {
    const uint8_t c = p[i];
    unsigned len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > n) {
      out.push_back(u'\xfffd');
      ++i;
      continue;
    }
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    bool ok = true;
    for (unsigned k = 1; k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) ok = false;
      cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    if (!ok) {
      out.push_back(u'\xfffd');
      ++i;
      continue;
    }
    append_utf16(out, cp);
    i += len;
  }
  return out;
}

bool read_attribute(const DerElement& e, NameAttribute& out) {
  if (e.tag != kSequence) return false;
  DerReader r(e);
  DerElement oid, value;
  if (!r.next(oid) || oid.tag != kOid || !r.next(value) || !r.at_end()) return false;
  auto text = oid_text(oid.value, oid.size);
  if (!text) return false;
  out.oid = *text;
  switch (value.tag) {
    case 0x0c: out.type = kRdnUtf8String; break;
    case 0x12: out.type = kRdnNumericString; break;
    case 0x13: out.type = kRdnPrintableString; break;
    case 0x14: out.type = kRdnTeletexString; break;
    case 0x15: out.type = kRdnVideotexString; break;
    case 0x16: out.type = kRdnIa5String; break;
    case 0x19: out.type = kRdnGraphicString; break;
    case 0x1a: out.type = kRdnVisibleString; break;
    case 0x1b: out.type = kRdnGeneralString; break;
    case 0x1c: out.type = kRdnUniversalString; break;
    case 0x1e: out.type = kRdnBmpString; break;
    case kOctetString: out.type = kRdnOctetString; break;
    default: out.type = kRdnEncodedBlob; break;
  }
  if (out.type == kRdnEncodedBlob) {
    out.raw = bytes_of(value.whole, value.whole_size);
    return true;
  }
  out.raw = bytes_of(value.value, value.size);
  switch (out.type) {
    case kRdnUtf8String: out.text = utf8_text(value.value, value.size); break;
    case kRdnBmpString:
      if (value.size % 2) return false;
      for (size_t i = 0; i + 1 < value.size; i += 2)
        out.text.push_back(static_cast<char16_t>(value.value[i] << 8 | value.value[i + 1]));
      break;
    case kRdnUniversalString:
      if (value.size % 4) return false;
      for (size_t i = 0; i + 3 < value.size; i += 4)
        append_utf16(out.text, static_cast<uint32_t>(value.value[i]) << 24 | value.value[i + 1] << 16 |
                                   value.value[i + 2] << 8 | value.value[i + 3]);
      break;
    case kRdnOctetString: break;
    default:
      for (size_t i = 0; i < value.size; ++i) out.text.push_back(value.value[i]);
  }
  return true;
}

bool is_space(char16_t c) { return c == u' ' || (c >= u'\t' && c <= u'\r'); }

bool quotable(char16_t c) {
  switch (c) {
    case u'+': case u',': case u'"': case u'=': case u'<': case u'>': case u';': case u'#': case u'\n': return true;
    default: return false;
  }
}

std::u16string hex_text(const Bytes& b) {
  static const char digits[] = "0123456789ABCDEF";
  std::u16string out;
  for (uint8_t c : b) {
    out.push_back(static_cast<char16_t>(digits[c >> 4]));
    out.push_back(static_cast<char16_t>(digits[c & 15]));
  }
  return out;
}

std::u16string ascii16(const std::string& s) { return std::u16string(s.begin(), s.end()); }

}  // namespace

bool DerReader::peek_tag(uint8_t& tag) const {
  if (at_ >= end_) return false;
  tag = *at_;
  return true;
}

bool DerReader::next(DerElement& out) {
  if (at_ >= end_) return false;
  const uint8_t* p = at_;
  const size_t left = static_cast<size_t>(end_ - p);
  if (left < 2) return false;
  const uint8_t tag = p[0];
  if ((tag & 0x1f) == 0x1f) return false;  // (multi-byte tags: none in what CRYPT32 reads)
  size_t len = p[1], header = 2;
  if (len & 0x80) {
    const size_t n = len & 0x7f;
    if (n == 0 || n > 4 || left < 2 + n) return false;  // (0: an indefinite length, not DER)
    len = 0;
    for (size_t i = 0; i < n; ++i) len = len << 8 | p[2 + i];
    header = 2 + n;
  }
  if (len > left - header) return false;
  out.tag = tag;
  out.whole = p;
  out.whole_size = header + len;
  out.value = p + header;
  out.size = len;
  at_ = p + header + len;
  return true;
}

Bytes der_element(uint8_t tag, const Bytes& value) {
  Bytes out{tag};
  if (value.size() < 0x80) {
    out.push_back(static_cast<uint8_t>(value.size()));
  } else {
    Bytes len;
    for (size_t v = value.size(); v; v >>= 8) len.insert(len.begin(), static_cast<uint8_t>(v));
    out.push_back(static_cast<uint8_t>(0x80 | len.size()));
    out.insert(out.end(), len.begin(), len.end());
  }
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

std::optional<Bytes> oid_element(const std::string& text) {
  std::vector<uint64_t> arcs;
  for (size_t at = 0;;) {
    const size_t dot = text.find('.', at);
    const std::string part = text.substr(at, dot == std::string::npos ? std::string::npos : dot - at);
    if (part.empty() || part.size() > 18 || part.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    arcs.push_back(std::stoull(part));
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  if (arcs.size() < 2 || arcs[0] > 2) return std::nullopt;
  Bytes value;
  auto push = [&](uint64_t v) {
    Bytes b{static_cast<uint8_t>(v & 0x7f)};
    for (v >>= 7; v; v >>= 7) b.insert(b.begin(), static_cast<uint8_t>(0x80 | (v & 0x7f)));
    value.insert(value.end(), b.begin(), b.end());
  };
  push(arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); ++i) push(arcs[i]);
  return der_element(0x06, value);
}

std::optional<std::string> oid_text(const uint8_t* value, size_t size) {
  if (size == 0 || (value[size - 1] & 0x80)) return std::nullopt;
  std::string out;
  uint64_t arc = 0;
  bool first = true;
  for (size_t i = 0; i < size; ++i) {
    if (arc > (UINT64_MAX >> 7)) return std::nullopt;
    arc = arc << 7 | (value[i] & 0x7f);
    if (value[i] & 0x80) continue;
    if (first) {
      const uint64_t top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
      out = std::to_string(top) + "." + std::to_string(arc - 40 * top);
      first = false;
    } else {
      out += "." + std::to_string(arc);
    }
    arc = 0;
  }
  return out;
}

std::optional<uint64_t> der_time(uint8_t tag, const uint8_t* v, size_t n) {
  unsigned year = 0, mon, day, hour, min, sec = 0;
  size_t at;
  if (tag == kUtcTime) {
    if (n < 11 || !digits(v, 2, year)) return std::nullopt;
    year += year < 50 ? 2000 : 1900;
    at = 2;
  } else if (tag == kGeneralizedTime) {
    if (n < 13 || !digits(v, 4, year)) return std::nullopt;
    at = 4;
  } else {
    return std::nullopt;
  }
  if (!digits(v + at, 2, mon) || !digits(v + at + 2, 2, day) || !digits(v + at + 4, 2, hour) ||
      !digits(v + at + 6, 2, min))
    return std::nullopt;
  at += 8;
  if (at + 2 <= n && v[at] >= '0' && v[at] <= '9') {
    if (!digits(v + at, 2, sec)) return std::nullopt;
    at += 2;
  }
  uint64_t fraction = 0;  // 100 ns units
  if (at < n && (v[at] == '.' || v[at] == ',')) {
    ++at;
    uint64_t scale = 1000000;
    while (at < n && v[at] >= '0' && v[at] <= '9') {
      fraction += (v[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
  }
  int64_t offset = 0;  // seconds east of UTC
  if (at < n && (v[at] == '+' || v[at] == '-') && at + 5 <= n) {
    unsigned oh, om;
    if (!digits(v + at + 1, 2, oh) || !digits(v + at + 3, 2, om)) return std::nullopt;
    offset = (v[at] == '+' ? 1 : -1) * static_cast<int64_t>(oh * 3600 + om * 60);
    at += 5;
  } else if (at < n && v[at] == 'Z') {
    ++at;
  }
  if (at != n || mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return std::nullopt;
  const int64_t unix_seconds =
      days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec - offset;
  const int64_t ticks = (unix_seconds + 11644473600ll) * 10000000ll + static_cast<int64_t>(fraction);
  if (ticks < 0) return std::nullopt;
  return static_cast<uint64_t>(ticks);
}

std::optional<Certificate> parse_certificate(const uint8_t* data, size_t size) {
  DerReader outer(data, size);
  DerElement cert;
  if (!outer.next(cert) || cert.tag != kSequence) return std::nullopt;
  Certificate c;
  c.encoded_size = cert.whole_size;
  DerReader parts(cert);
  DerElement tbs, sig_alg, sig;
  if (!parts.next(tbs) || tbs.tag != kSequence || !parts.next(sig_alg) || !parts.next(sig) ||
      sig.tag != kBitString || !parts.at_end())
    return std::nullopt;
  if (!read_algorithm(sig_alg, c.signature_algorithm) || !read_bits(sig, c.signature_value)) return std::nullopt;
  c.tbs = bytes_of(tbs.whole, tbs.whole_size);

  DerReader r(tbs);
  DerElement e;
  if (!r.next(e)) return std::nullopt;
  if (e.tag == 0xa0) {  // version [0] EXPLICIT INTEGER
    DerReader v(e);
    DerElement n;
    if (!v.next(n) || n.tag != kInteger || n.size != 1 || n.value[0] > 2 || !v.at_end()) return std::nullopt;
    c.version = n.value[0];
    if (!r.next(e)) return std::nullopt;
  }
  if (e.tag != kInteger || e.size == 0) return std::nullopt;
  c.serial = bytes_of(e.value, e.size);
  DerElement alg, issuer, validity, subject, spki;
  if (!r.next(alg) || !read_algorithm(alg, c.signature)) return std::nullopt;
  if (!r.next(issuer) || issuer.tag != kSequence) return std::nullopt;
  c.issuer = bytes_of(issuer.whole, issuer.whole_size);
  if (!r.next(validity) || validity.tag != kSequence) return std::nullopt;
  {
    DerReader v(validity);
    DerElement from, to;
    if (!v.next(from) || !v.next(to) || !v.at_end() || !read_time(from, c.not_before) || !read_time(to, c.not_after))
      return std::nullopt;
  }
  if (!r.next(subject) || subject.tag != kSequence) return std::nullopt;
  c.subject = bytes_of(subject.whole, subject.whole_size);
  if (!r.next(spki) || spki.tag != kSequence) return std::nullopt;
  {
    DerReader k(spki);
    DerElement a, bits;
    if (!k.next(a) || !read_algorithm(a, c.key_algorithm) || !k.next(bits) || bits.tag != kBitString ||
        !read_bits(bits, c.public_key) || !k.at_end())
      return std::nullopt;
  }
  while (!r.at_end()) {
    if (!r.next(e)) return std::nullopt;
    if (e.tag == 0x81 || e.tag == 0x82) {  // issuerUniqueID [1], subjectUniqueID [2] IMPLICIT BIT STRING
      BitString b;
      if (!read_bits(e, b)) return std::nullopt;
      (e.tag == 0x81 ? c.issuer_unique_id : c.subject_unique_id) = b;
    } else if (e.tag == 0xa3) {  // extensions [3] EXPLICIT SEQUENCE OF Extension
      DerReader x(e);
      DerElement list;
      if (!x.next(list) || list.tag != kSequence || !x.at_end()) return std::nullopt;
      DerReader items(list);
      while (!items.at_end()) {
        DerElement ext, oid, v;
        if (!items.next(ext) || ext.tag != kSequence) return std::nullopt;
        DerReader f(ext);
        if (!f.next(oid) || oid.tag != kOid || !f.next(v)) return std::nullopt;
        Extension out;
        auto text = oid_text(oid.value, oid.size);
        if (!text) return std::nullopt;
        out.oid = *text;
        if (v.tag == kBoolean) {
          if (v.size != 1) return std::nullopt;
          out.critical = v.value[0] != 0;
          if (!f.next(v)) return std::nullopt;
        }
        if (v.tag != kOctetString || !f.at_end()) return std::nullopt;
        out.value = bytes_of(v.value, v.size);
        c.extensions.push_back(std::move(out));
      }
    } else {
      return std::nullopt;
    }
  }
  return c;
}

std::optional<std::vector<Rdn>> parse_name(const uint8_t* data, size_t size) {
  DerReader outer(data, size);
  DerElement name;
  if (!outer.next(name) || name.tag != kSequence || !outer.at_end()) return std::nullopt;
  std::vector<Rdn> out;
  DerReader rdns(name);
  while (!rdns.at_end()) {
    DerElement set;
    if (!rdns.next(set) || set.tag != kSet) return std::nullopt;
    Rdn rdn;
    DerReader attrs(set);
    while (!attrs.at_end()) {
      DerElement a;
      NameAttribute attr;
      if (!attrs.next(a) || !read_attribute(a, attr)) return std::nullopt;
      rdn.push_back(std::move(attr));
    }
    out.push_back(std::move(rdn));
  }
  return out;
}

namespace {

// The X.500 string keys of the names' attributes (CertNameToStr's and CertStrToName's).
const struct {
  const char* oid;
  const char* key;
} kX500Keys[] = {
      {"2.5.4.3", "CN"},       {"2.5.4.4", "SN"},         {"2.5.4.5", "SERIALNUMBER"},
      {"2.5.4.6", "C"},        {"2.5.4.7", "L"},          {"2.5.4.8", "S"},
      {"2.5.4.9", "STREET"},   {"2.5.4.10", "O"},         {"2.5.4.11", "OU"},
      {"2.5.4.12", "T"},       {"2.5.4.42", "G"},         {"2.5.4.43", "I"},
      {"1.2.840.113549.1.9.1", "E"}, {"0.9.2342.19200300.100.1.25", "DC"},
      {"2.5.4.13", "Description"}, {"2.5.4.17", "PostalCode"},
      {"2.5.4.18", "POBox"}, {"2.5.4.20", "Phone"}, {"2.5.4.46", "dnQualifier"},
      {"1.2.840.113549.1.9.2", "unstructuredName"}, {"1.2.840.113549.1.9.8", "unstructuredAddress"},
};

}  // namespace

const char* x500_key(const std::string& oid) {
  for (const auto& k : kX500Keys)
    if (oid == k.oid) return k.key;
  return "";
}

std::string x500_oid(const std::string& key) {
  for (const auto& k : kX500Keys)
    if (std::strlen(k.key) == key.size() &&
        std::equal(key.begin(), key.end(), k.key, [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b)); }))
      return k.oid;
  return "";
}

const NameAttribute* find_attribute(const std::vector<Rdn>& name, const std::string& oid) {
  for (const Rdn& rdn : name)
    for (const NameAttribute& a : rdn)
      if (a.oid == oid) return &a;
  return nullptr;
}

std::u16string name_to_string(const std::vector<Rdn>& name, uint32_t str_type, std::u16string_view attribute_prefix) {
  constexpr uint32_t kSimple = 1, kOidName = 2, kX500 = 3;
  constexpr uint32_t kSemicolon = 0x40000000, kNoPlus = 0x20000000, kNoQuoting = 0x10000000, kCrlf = 0x08000000,
                     kReverse = 0x02000000;
  const uint32_t kind = str_type & 0xff;
  const std::u16string sep = str_type & kSemicolon ? u"; " : str_type & kCrlf ? u"\r\n" : u", ";
  const std::u16string plus = str_type & kNoPlus ? u" " : u" + ";
  std::u16string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const Rdn& rdn = name[str_type & kReverse ? name.size() - 1 - i : i];
    if (i) out += sep;
    for (size_t j = 0; j < rdn.size(); ++j) {
      const NameAttribute& a = rdn[j];
      if (j) out += plus;
      out += attribute_prefix;
      if (kind == kOidName || (kind == kX500 && !*x500_key(a.oid))) out += ascii16(a.oid) + u"=";
      else if (kind == kX500) out += ascii16(x500_key(a.oid)) + u"=";
      else if (kind != kSimple) continue;
      if (a.type == kRdnEncodedBlob || a.type == kRdnOctetString) {
        out += u"#" + hex_text(a.raw);
        continue;
      }
      const std::u16string& v = a.text;
      bool quote = false;
      if (!(str_type & kNoQuoting)) {
        quote = !v.empty() && (is_space(v.front()) || is_space(v.back()));
        for (char16_t c : v) quote = quote || quotable(c);
      }
      if (quote) out += u'"';
      for (char16_t c : v) {
        out += c;
        if (quote && c == u'"') out += u'"';
      }
      if (quote) out += u'"';
    }
  }
  return out;
}

std::vector<std::u16string> alt_names(const Bytes& extension_value, int kind) {
  std::vector<std::u16string> out;
  DerReader outer(extension_value.data(), extension_value.size());
  DerElement seq;
  if (!outer.next(seq) || seq.tag != kSequence) return out;
  DerReader r(seq);
  DerElement e;
  const uint8_t want = static_cast<uint8_t>(0x80 | (kind - 1));
  while (r.next(e))
    if (e.tag == want) {
      std::u16string text;
      for (size_t i = 0; i < e.size; ++i) text.push_back(e.value[i]);
      out.push_back(std::move(text));
    }
  return out;
}

std::optional<std::vector<std::string>> key_usage_oids(const Bytes& extension_value) {
  DerReader outer(extension_value.data(), extension_value.size());
  DerElement seq;
  if (!outer.next(seq) || seq.tag != kSequence || !outer.at_end()) return std::nullopt;
  std::vector<std::string> out;
  DerReader r(seq);
  while (!r.at_end()) {
    DerElement e;
    if (!r.next(e) || e.tag != kOid) return std::nullopt;
    auto text = oid_text(e.value, e.size);
    if (!text) return std::nullopt;
    out.push_back(*text);
  }
  return out;
}

bool read_algorithm_id(const DerElement& e, AlgorithmId& out) { return read_algorithm(e, out); }
bool read_bit_string(const DerElement& e, BitString& out) { return e.tag == kBitString && read_bits(e, out); }

const Extension* find_extension(const Certificate& c, const std::string& oid) {
  for (const Extension& e : c.extensions)
    if (e.oid == oid) return &e;
  return nullptr;
}

std::optional<AuthorityKeyId> authority_key_id(const Bytes& extension_value) {
  DerReader outer(extension_value.data(), extension_value.size());
  DerElement seq;
  if (!outer.next(seq) || seq.tag != kSequence || !outer.at_end()) return std::nullopt;
  AuthorityKeyId out;
  DerReader r(seq);
  while (!r.at_end()) {
    DerElement e;
    if (!r.next(e)) return std::nullopt;
    if (e.tag == 0x80) {  // [0] keyIdentifier
      out.key_id = bytes_of(e.value, e.size);
    } else if (e.tag == 0xa1) {  // [1] authorityCertIssuer: GeneralNames
      DerReader names(e);
      DerElement n;
      while (names.next(n))
        if (n.tag == 0xa4 && out.issuer_name.empty()) {  // [4] directoryName: an explicit Name
          DerReader inner(n);
          DerElement name;
          if (!inner.next(name) || name.tag != kSequence) return std::nullopt;
          out.issuer_name = bytes_of(name.whole, name.whole_size);
        }
    } else if (e.tag == 0x82) {  // [2] authorityCertSerialNumber
      out.serial = bytes_of(e.value, e.size);
    }
  }
  return out;
}

std::optional<BasicConstraints> basic_constraints(const Bytes& extension_value) {
  DerReader outer(extension_value.data(), extension_value.size());
  DerElement seq;
  if (!outer.next(seq) || seq.tag != kSequence || !outer.at_end()) return std::nullopt;
  BasicConstraints out;
  DerReader r(seq);
  DerElement e;
  uint8_t tag = 0;
  if (r.peek_tag(tag) && tag == 0x01) {  // cA BOOLEAN
    if (!r.next(e) || e.size != 1) return std::nullopt;
    out.ca = e.value[0] != 0;
  }
  if (r.peek_tag(tag) && tag == 0x02) {  // pathLenConstraint INTEGER
    if (!r.next(e) || e.size == 0 || e.size > 4 || (e.value[0] & 0x80)) return std::nullopt;
    uint32_t v = 0;
    for (size_t i = 0; i < e.size; ++i) v = v << 8 | e.value[i];
    out.has_path_length = true;
    out.path_length = v;
  }
  if (!r.at_end()) return std::nullopt;
  return out;
}

std::optional<BitString> key_usage_bits(const Bytes& extension_value) {
  DerReader outer(extension_value.data(), extension_value.size());
  DerElement e;
  BitString out;
  if (!outer.next(e) || e.tag != kBitString || !outer.at_end() || !read_bits(e, out)) return std::nullopt;
  return out;
}

}  // namespace polyrun::shims::crypt32
