// p11-kit as a static polyrun has it: no PKCS#11 modules. GnuTLS (secur32/schannel_tls.cpp) calls p11-kit
// for PKCS#11 tokens and URLs ("pkcs11:…"), which polyrun never hands it: its trust store is
// Debian's file of roots, and its sessions use no keys on tokens. Debian ships p11-kit as a shared
// library only, which a static program cannot link (and a static program cannot load modules, the
// shared objects p11-kit exists to load), so the static build links these in its place. They give
// the answers p11-kit gives on a machine with no modules configured: an empty module list, no
// module loadable, no PIN available, URIs that cannot be made.
#include <p11-kit/p11-kit.h>
#include <p11-kit/pin.h>
#include <p11-kit/uri.h>

#include <cstdlib>
#include <cstring>

extern "C" {

CK_FUNCTION_LIST** p11_kit_modules_load(const char*, int) {
  return static_cast<CK_FUNCTION_LIST**>(std::calloc(1, sizeof(CK_FUNCTION_LIST*)));  // none, null-terminated
}
CK_FUNCTION_LIST* p11_kit_module_load(const char*, int) { return nullptr; }
const char* p11_kit_message(void) { return "no PKCS#11 modules can be loaded into a static program"; }
// No module exists, so none of these is ever given one.
CK_RV p11_kit_module_finalize(CK_FUNCTION_LIST*) { return CKR_ARGUMENTS_BAD; }
int p11_kit_module_get_flags(CK_FUNCTION_LIST*) { return 0; }
char* p11_kit_module_get_name(CK_FUNCTION_LIST*) { return nullptr; }
void p11_kit_module_release(CK_FUNCTION_LIST*) {}
char* p11_kit_config_option(CK_FUNCTION_LIST*, const char*) { return nullptr; }
const char* p11_kit_strerror(CK_RV) { return "PKCS#11 is not available"; }

// PKCS#11's blank-padded strings (as p11-kit defines them).
size_t p11_kit_space_strlen(const unsigned char* string, size_t max_length) {
  size_t n = max_length;
  while (n > 0 && string[n - 1] == ' ') --n;
  return n;
}
char* p11_kit_space_strdup(const unsigned char* string, size_t max_length) {
  const size_t n = p11_kit_space_strlen(string, max_length);
  char* s = static_cast<char*>(std::malloc(n + 1));
  if (!s) return nullptr;
  std::memcpy(s, string, n);
  s[n] = 0;
  return s;
}

// PINs: no source gives one, and no callback can be registered.
P11KitPin* p11_kit_pin_new_for_string(const char*) { return nullptr; }
P11KitPin* p11_kit_pin_request(const char*, P11KitUri*, const char*, P11KitPinFlags) { return nullptr; }
P11KitPin* p11_kit_pin_file_callback(const char*, P11KitUri*, const char*, P11KitPinFlags, void*) { return nullptr; }
const unsigned char* p11_kit_pin_get_value(P11KitPin*, size_t* length) {
  if (length) *length = 0;
  return nullptr;
}
size_t p11_kit_pin_get_length(P11KitPin*) { return 0; }
void p11_kit_pin_unref(P11KitPin*) {}
int p11_kit_pin_register_callback(const char*, p11_kit_pin_callback, void*, p11_kit_pin_destroy_func) { return -1; }
void p11_kit_pin_unregister_callback(const char*, p11_kit_pin_callback, void*) {}

// URIs: none can be made, so none is ever parsed, queried or formatted.
P11KitUri* p11_kit_uri_new(void) { return nullptr; }
void p11_kit_uri_free(P11KitUri*) {}
int p11_kit_uri_parse(const char*, P11KitUriType, P11KitUri*) { return P11_KIT_URI_UNEXPECTED; }
int p11_kit_uri_format(P11KitUri*, P11KitUriType, char** string) {
  if (string) *string = nullptr;
  return P11_KIT_URI_UNEXPECTED;
}
CK_ATTRIBUTE_PTR p11_kit_uri_get_attribute(P11KitUri*, CK_ATTRIBUTE_TYPE) { return nullptr; }
CK_ATTRIBUTE_PTR p11_kit_uri_get_attributes(P11KitUri*, CK_ULONG* n_attrs) {
  if (n_attrs) *n_attrs = 0;
  return nullptr;
}
int p11_kit_uri_set_attribute(P11KitUri*, CK_ATTRIBUTE_PTR) { return P11_KIT_URI_UNEXPECTED; }
CK_INFO_PTR p11_kit_uri_get_module_info(P11KitUri*) { return nullptr; }
CK_TOKEN_INFO_PTR p11_kit_uri_get_token_info(P11KitUri*) { return nullptr; }
const char* p11_kit_uri_get_pin_source(const P11KitUri*) { return nullptr; }
const char* p11_kit_uri_get_pin_value(const P11KitUri*) { return nullptr; }
int p11_kit_uri_match_module_info(const P11KitUri*, const CK_INFO*) { return 0; }
int p11_kit_uri_match_token_info(const P11KitUri*, const CK_TOKEN_INFO*) { return 0; }

}  // extern "C"
