// CRYPT32's PKCS #12 (PFX) import: PFXIsPFXBlob, PFXVerifyPassword and PFXImportCertStore, over
// GnuTLS's PKCS #12 reader (as wine's CRYPT32 reads PFX with GnuTLS).
//
// PFXImportCertStore gives a memory store with the certificates of the PFX, in the order its bags
// hold them. Its RSA private key goes into a new key container of Microsoft's enhanced provider
// (ADVAPI32's CryptAcquireContextW and CryptImportKey of a PRIVATEKEYBLOB, exportable with
// CRYPT_EXPORTABLE, the machine's with CRYPT_MACHINE_KEYSET) named by a new GUID, as Windows names
// it, and the certificate whose public key it is gets CERT_KEY_PROV_INFO_PROP_ID naming it
// (AT_KEYEXCHANGE). With PKCS12_NO_PERSIST_KEY the key goes into an ephemeral provider instead,
// kept in CERT_KEY_CONTEXT_PROP_ID. A key of another algorithm (elliptic curves) is not imported:
// that is said once, and its certificate comes without a key. The CNG flags
// (PKCS12_PREFER_CNG_KSP, PKCS12_ALWAYS_CNG_KSP) take the CryptoAPI provider too.
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypto/algorithms.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace pfx {
namespace {

using namespace stores;

constexpr uint32_t kErrorInvalidPassword = 86;

struct Pkcs12 {
  gnutls_pkcs12_t p12 = nullptr;
  explicit Pkcs12(const Bytes& der) {
    const gnutls_datum_t d{const_cast<unsigned char*>(der.data()), static_cast<unsigned>(der.size())};
    if (gnutls_pkcs12_init(&p12) < 0) p12 = nullptr;
    else if (gnutls_pkcs12_import(p12, &d, GNUTLS_X509_FMT_DER, 0) < 0) {
      gnutls_pkcs12_deinit(p12);
      p12 = nullptr;
    }
  }
  ~Pkcs12() {
    if (p12) gnutls_pkcs12_deinit(p12);
  }
  Pkcs12(const Pkcs12&) = delete;
  Pkcs12& operator=(const Pkcs12&) = delete;
};

// The password as GnuTLS takes it (UTF-8); a null one is the empty one.
std::vector<std::string> passwords(Ptr password) {
  if (!password) return {""};
  return {utf16_to_utf8(WStr{password.addr}.str())};
}

// The password that opens the PFX: the one its MAC verifies with (one without a MAC opens with
// any), or none.
std::optional<std::string> open_with(const Pkcs12& p12, Ptr password) {
  for (const std::string& pw : passwords(password))
    if (gnutls_pkcs12_verify_mac(p12.p12, pw.c_str()) != GNUTLS_E_MAC_VERIFY_FAILED) return pw;
  return std::nullopt;
}

BOOL PFXIsPFXBlob(WindowsProcess& p, Ptr blob) { return blob && is_pkcs12(blob_bytes(blob.addr, p.isa->ptr)); }

BOOL PFXVerifyPassword(WindowsProcess& p, Ptr blob, Ptr password, uint32_t) {
  if (!blob) return FALSE;
  Pkcs12 p12(blob_bytes(blob.addr, p.isa->ptr));
  return p12.p12 && open_with(p12, password).has_value();
}

// A private key bag: PKCS #8, encrypted (with the PFX's password) or not.
struct KeyBag {
  Bytes der;
  bool encrypted = false;
};

// The PFX's certificates (DER) in the order its bags hold them, and its private keys; false when
// a bag cannot be read or decrypted with the password.
bool read_bags(const Pkcs12& p12, const std::string& password, std::vector<Bytes>& certs, std::vector<KeyBag>& keys) {
  for (int i = 0;; ++i) {
    gnutls_pkcs12_bag_t bag;
    if (gnutls_pkcs12_bag_init(&bag) < 0) return false;
    const int got = gnutls_pkcs12_get_bag(p12.p12, i, bag);
    if (got == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
      gnutls_pkcs12_bag_deinit(bag);
      return true;
    }
    bool ok = got >= 0;
    if (ok && gnutls_pkcs12_bag_get_type(bag, 0) == GNUTLS_BAG_ENCRYPTED)
      ok = gnutls_pkcs12_bag_decrypt(bag, password.c_str()) >= 0;
    const int count = ok ? gnutls_pkcs12_bag_get_count(bag) : 0;
    for (int e = 0; ok && e < count; ++e) {
      const int type = gnutls_pkcs12_bag_get_type(bag, e);
      gnutls_datum_t d{};
      if (gnutls_pkcs12_bag_get_data(bag, e, &d) < 0 || !d.data) continue;
      if (type == GNUTLS_BAG_PKCS8_KEY || type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY)
        keys.push_back({Bytes(d.data, d.data + d.size), type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY});
      else if (type == GNUTLS_BAG_CERTIFICATE)
        certs.emplace_back(d.data, d.data + d.size);
    }
    gnutls_pkcs12_bag_deinit(bag);
    if (!ok) return false;
  }
}

// An RSA private key as CryptoAPI's PRIVATEKEYBLOB (BLOBHEADER {7, 2, 0, CALG_RSA_KEYX}, RSAPUBKEY
// {"RSA2", bits, public exponent}, then the modulus, the primes, the CRT exponents, the
// coefficient and the private exponent, least significant byte first, each padded to its share of
// the key's size), and its modulus (most significant byte first); nullopt for another algorithm
// or a key that does not decode.
struct PrivateKey {
  Bytes blob, modulus;
};
std::optional<PrivateKey> rsa_private_key(const KeyBag& bag, const std::string& password) {
  gnutls_x509_privkey_t key;
  if (gnutls_x509_privkey_init(&key) < 0) return std::nullopt;
  const gnutls_datum_t d{const_cast<unsigned char*>(bag.der.data()), static_cast<unsigned>(bag.der.size())};
  std::optional<PrivateKey> out;
  if (gnutls_x509_privkey_import_pkcs8(key, &d, GNUTLS_X509_FMT_DER, bag.encrypted ? password.c_str() : nullptr,
                                       bag.encrypted ? 0 : GNUTLS_PKCS_PLAIN) >= 0 &&
      gnutls_x509_privkey_get_pk_algorithm(key) == GNUTLS_PK_RSA) {
    gnutls_datum_t m{}, e{}, dd{}, p1{}, p2{}, u{}, e1{}, e2{};
    if (gnutls_x509_privkey_export_rsa_raw2(key, &m, &e, &dd, &p1, &p2, &u, &e1, &e2) >= 0) {
      auto value = [](const gnutls_datum_t& v) {
        Bytes b(v.data, v.data + v.size);
        size_t i = 0;
        while (i + 1 < b.size() && b[i] == 0) ++i;
        return Bytes(b.begin() + static_cast<long>(i), b.end());
      };
      const Bytes modulus = value(m), exponent = value(e);
      const uint32_t bits = static_cast<uint32_t>(modulus.size() * 8);
      if (exponent.size() <= 4 && bits >= 256) {
        PrivateKey k;
        k.modulus = modulus;
        auto put32 = [&](uint32_t v) {
          for (int i = 0; i < 4; ++i) k.blob.push_back(static_cast<uint8_t>(v >> (8 * i)));
        };
        k.blob = {7, 2, 0, 0};
        put32(0xa400);      // CALG_RSA_KEYX
        put32(0x32415352);  // "RSA2"
        put32(bits);
        uint32_t pub = 0;
        for (uint8_t b : exponent) pub = pub << 8 | b;
        put32(pub);
        auto little = [&](const Bytes& big, size_t size) {
          Bytes v(size, 0);
          for (size_t i = 0; i < big.size() && i < size; ++i) v[i] = big[big.size() - 1 - i];
          k.blob.insert(k.blob.end(), v.begin(), v.end());
        };
        little(modulus, bits / 8);
        for (const gnutls_datum_t* part : {&p1, &p2, &e1, &e2, &u}) little(value(*part), bits / 16);
        little(value(dd), bits / 8);
        out = k;
      }
      for (gnutls_datum_t* v : {&m, &e, &dd, &p1, &p2, &u, &e1, &e2}) gnutls_free(v->data);
    }
  }
  gnutls_x509_privkey_deinit(key);
  return out;
}

// Where an imported key went: the container CERT_KEY_PROV_INFO_PROP_ID names, or (ephemeral) the
// provider CERT_KEY_CONTEXT_PROP_ID holds.
struct ImportedKey {
  Bytes modulus;
  std::optional<KeyProvInfo> info;
  uint64_t ephemeral = 0;
};

constexpr uint32_t kExportable = 0x1, kMachineKeyset = 0x20, kNoPersistKey = 0x8000;
const char16_t kEnhancedProvider[] = u"Microsoft Enhanced Cryptographic Provider v1.0";

std::u16string new_container_name() {
  uint8_t g[16];
  crypto::random_fill(g, sizeof g);
  g[6] = (g[6] & 0x0f) | 0x40, g[8] = (g[8] & 0x3f) | 0x80;  // (a version 4 GUID)
  static const char kHex[] = "0123456789abcdef";
  std::u16string s = u"{";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += u'-';
    s += static_cast<char16_t>(kHex[g[i] >> 4]);
    s += static_cast<char16_t>(kHex[g[i] & 15]);
  }
  return s + u"}";
}

// The key put into a container (or an ephemeral provider) through ADVAPI32's exports; nullopt with
// its last error when that fails.
std::optional<ImportedKey> import_key(WindowsProcess& p, const PrivateKey& key, uint32_t flags) {
  ImportedKey out;
  out.modulus = key.modulus;
  const bool persist = !(flags & kNoPersistKey);
  const std::u16string container = persist ? new_container_name() : std::u16string();
  GuestScratch prov_out(p, 8), name(p, container), provider(p, std::u16string(kEnhancedProvider)), blob(p, key.blob.size()),
      key_out(p, 8);
  if (!prov_out.at || !name.at || !provider.at || !blob.at || !key_out.at) return std::nullopt;
  constexpr uint32_t kNewKeyset = 0x8, kVerifyContext = 0xf0000000u;
  const uint32_t acquire = persist ? kNewKeyset | (flags & kMachineKeyset) : kVerifyContext;
  if (!static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptAcquireContextW",
                                           {prov_out.at, persist ? name.at : 0, provider.at, 1 /* PROV_RSA_FULL */, acquire})))
    return std::nullopt;
  const uint64_t prov = p.get_ptr(prov_out.at);
  std::memcpy(guest_pointer(blob.at), key.blob.data(), key.blob.size());
  if (!static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptImportKey",
                                           {prov, blob.at, key.blob.size(), 0, flags & kExportable, key_out.at}))) {
    p.call_export("advapi32.dll", "CryptReleaseContext", {prov, 0});
    return std::nullopt;
  }
  p.call_export("advapi32.dll", "CryptDestroyKey", {p.get_ptr(key_out.at)});
  if (persist) {
    KeyProvInfo info;
    info.container = container;
    info.provider = kEnhancedProvider;
    info.type = 1;  // PROV_RSA_FULL
    info.flags = flags & kMachineKeyset;
    info.spec = 1;  // AT_KEYEXCHANGE
    out.info = info;
    p.call_export("advapi32.dll", "CryptReleaseContext", {prov, 0});
  } else {
    out.ephemeral = prov;
  }
  return out;
}

// The modulus of a certificate's RSA public key (PKCS #1's RSAPublicKey in its bit string).
Bytes certificate_modulus(const Certificate& c) {
  DerReader r(c.public_key.bits.data(), c.public_key.bits.size());
  DerElement seq, n;
  if (!r.next(seq) || seq.tag != 0x30) return {};
  DerReader s(seq);
  if (!s.next(n) || n.tag != 0x02) return {};
  Bytes m(n.value, n.value + n.size);
  size_t i = 0;
  while (i + 1 < m.size() && m[i] == 0) ++i;
  return Bytes(m.begin() + static_cast<long>(i), m.end());
}

Ptr PFXImportCertStore(WindowsProcess& p, Ptr blob, Ptr password, uint32_t flags) {
  if (!blob) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  Pkcs12 p12(blob_bytes(blob.addr, p.isa->ptr));
  if (!p12.p12) return Ptr(fail(p, stores::kCryptEAsn1Corrupt));
  auto pw = open_with(p12, password);
  if (!pw) return Ptr(fail(p, kErrorInvalidPassword));
  std::vector<Bytes> ders;
  std::vector<KeyBag> bags;
  if (!read_bags(p12, *pw, ders, bags)) return Ptr(fail(p, kErrorInvalidPassword));
  std::vector<ImportedKey> keys;
  for (const KeyBag& bag : bags) {
    const std::optional<PrivateKey> key = rsa_private_key(bag, *pw);
    if (!key) {
      static std::once_flag said;
      std::call_once(said, [] {
        polyrun::log().info("CRYPT32: PFXImportCertStore imports RSA private keys; a PFX's key of another algorithm "
                            "is left out (its certificate comes without a key)");
      });
      continue;
    }
    auto imported = import_key(p, *key, flags);
    if (!imported) return Ptr(0);  // (ADVAPI32's error)
    keys.push_back(std::move(*imported));
  }
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = new_store(p);
  if (!s) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  for (const Bytes& der : ders) {
    auto c = parse_certificate(der.data(), der.size());
    if (!c) continue;
    std::map<uint32_t, Bytes> properties;
    const Bytes modulus = certificate_modulus(*c);
    for (const ImportedKey& k : keys) {
      if (k.modulus != modulus) continue;
      if (k.info) properties[kPropKeyProvInfo] = key_prov_info_bytes(*k.info);
      else {
        Bytes kept;
        for (int i = 0; i < 8; ++i) kept.push_back(static_cast<uint8_t>(k.ephemeral >> (8 * i)));
        kept.insert(kept.end(), {1, 0, 0, 0});  // AT_KEYEXCHANGE
        properties[kPropKeyContext] = kept;
      }
    }
    add_to_store(p, s, std::make_shared<const Certificate>(std::move(*c)), der, properties.empty() ? nullptr : &properties,
                 2 /* USE_EXISTING */, Ptr(0));
  }
  return Ptr(s->handle);
}

}  // namespace
}  // namespace pfx

bool is_pkcs12(const std::vector<uint8_t>& der) { return pfx::Pkcs12(der).p12 != nullptr; }

const std::vector<Export>& pfx_exports() {
  using namespace pfx;
  static const std::vector<Export> exports = {
      EXPORT("PFXImportCertStore", PFXImportCertStore),
      EXPORT("PFXIsPFXBlob", PFXIsPFXBlob),
      EXPORT("PFXVerifyPassword", PFXVerifyPassword),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
