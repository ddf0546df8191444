// RPCRT4's UUIDs in memory and as text, shared by its files: the UUID functions (rpcrt4.cpp) and
// the string bindings, whose object UUID is one (string_bindings.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims::rpcrt4 {

struct Uuid {
  uint32_t data1;
  uint16_t data2, data3;
  uint8_t data4[8];
};
static_assert(sizeof(Uuid) == 16);

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", lower case.
std::string uuid_text(const Uuid& u);
// That form (either case); false for anything else.
bool parse_uuid(const std::string& s, Uuid& u);

}  // namespace polyrun::shims::rpcrt4
