// What IMAGEHLP's files share: the image checksum (imagehlp/imagehlp.cpp) and each file's exports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims::imagehlp {

// The image checksum of `n` bytes, the CheckSum field at `skip_at` left out (npos: none).
uint32_t checksum(const uint8_t* data, size_t n, size_t skip_at);
// The CheckSum field's offset in a PE file's bytes, or npos.
size_t checksum_field(const uint8_t* data, size_t n);

const std::vector<Export>& certificate_exports();  // imagehlp/certificates.cpp

}  // namespace polyrun::shims::imagehlp
