// WINTRUST.dll's parts (one file each): WinVerifyTrust and the provider data it keeps
// (verify_trust.cpp), the catalog administrator (catalog_admin.cpp), and Authenticode over bytes
// (authenticode.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims::wintrust {

const std::vector<Export>& verify_trust_exports();
const std::vector<Export>& catalog_admin_exports();
const std::vector<Export>& subject_package_exports();  // subject_package.cpp: the CryptSIP* of PE images, cabinets, catalogs

// A file's bytes through a host descriptor, from its start.
std::vector<uint8_t> read_whole(int fd);

}  // namespace polyrun::shims::wintrust
