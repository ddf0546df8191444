// What NCRYPT's key storage shares with the CryptoAPI's key containers
// (advapi32/crypt_containers.cpp): the user's store on disk, under $XDG_DATA_HOME/polyrun/crypto.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace polyrun::shims {

// The store's directory `under` (made, with its parents, readable by the user alone).
std::string crypto_store_directory(const std::string& under);
// A container's or key's file name: its name without case, what a file name cannot hold escaped.
std::string crypto_file_name(const std::string& name);
// The whole file, written anew (mode 0600) or read; false / nullopt when that fails.
bool crypto_write_file(const std::string& path, const std::vector<uint8_t>& data);
std::optional<std::vector<uint8_t>> crypto_read_file(const std::string& path);

}  // namespace polyrun::shims
