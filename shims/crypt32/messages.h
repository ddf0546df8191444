// CRYPT32's messages (messages.cpp): the PKCS #7 messages CryptMsgOpenToDecode makes, as
// CryptQueryObject and WINTRUST hand them out too, and the structures of a signer laid out for the
// program.
#pragma once

#include <memory>
#include <optional>

#include <cstdint>
#include <optional>
#include <vector>

#include "shims/core/windows_process.h"
#include "shims/crypt32/guest_block.h"
#include "shims/crypt32/signed_data.h"

namespace polyrun::shims::crypt32 {

const std::vector<Export>& message_exports();

// A decoded message of these bytes (a ContentInfo) as an HCRYPTMSG with one reference; 0 when
// they are no message polyrun reads (signed or data) or memory runs out. CRYPT32's lock held.
uint64_t decoded_message(WindowsProcess& p, const Bytes& der);

// The DER (SubjectPublicKeyInfo) of a CERT_PUBLIC_KEY_INFO in the program's memory.
std::optional<Bytes> public_key_info_der(WindowsProcess& p, uint64_t info);

// A message being built (message_encoding.cpp, CryptMsgOpenToEncode): CryptMsgUpdate gives it its
// content, CryptMsgGetParam asks it for its encoding, its last reference's release lets it go.
class MessageEncoder {
 public:
  virtual ~MessageEncoder() = default;
  // 0, or the error.
  virtual uint32_t update(WindowsProcess& p, const uint8_t* data, size_t size, bool final) = 0;
  // A parameter's bytes (CMSG_*_PARAM), or nullopt with *error set.
  virtual std::optional<Bytes> param(uint32_t param, uint32_t index, uint32_t* error) const = 0;
  virtual void close(WindowsProcess&) {}
};
// A message handle (one reference) for an encoder; 0 when memory runs out. CRYPT32's lock held.
uint64_t encoding_message(WindowsProcess& p, std::shared_ptr<MessageEncoder> encoder);
const std::vector<Export>& message_encoding_exports();

// Drops a reference on a message (CryptMsgClose's work; CRYPT32's lock held).
void release_message(WindowsProcess& p, uint64_t msg);

// CMSG_SIGNER_INFO of a signer laid out in `b`: its offset.
size_t put_signer_info(stores::GuestBlock& b, const SignerInfo& s);
// CRYPT_ATTRIBUTES {cAttr, rgAttr} at `at`.
void put_attributes(stores::GuestBlock& b, size_t at, const std::vector<Attribute>& attrs);

}  // namespace polyrun::shims::crypt32
