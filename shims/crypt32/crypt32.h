// CRYPT32.dll's parts (one file each): certificate stores and contexts (cert_stores.cpp),
// certificate chains and their policies (cert_chains.cpp) and the text forms of binary data
// (crypt32.cpp).
#pragma once

#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims::crypt32 {

const std::vector<Export>& certificate_exports();
const std::vector<Export>& chain_exports();

}  // namespace polyrun::shims::crypt32
