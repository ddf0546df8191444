#include "loader/initial_stack.h"

#include <elf.h>

#include <cstring>

#include "common/error.h"

namespace polyrun::loader {

InitialStack build_initial_stack(mem::AddressSpace& memory, uint64_t top, uint64_t limit,
                                 const StackRequest& req) {
  // Lay the block out in a host buffer that mirrors [top - size, top), then copy it in once.
  std::vector<uint8_t> strings;  // grows downward: we prepend by building in reverse order
  uint64_t cursor = top - req.word_size;  // Linux leaves the last word of the stack unused
  auto push_bytes = [&](const void* data, size_t len) {
    cursor -= len;
    strings.insert(strings.begin(), static_cast<const uint8_t*>(data), static_cast<const uint8_t*>(data) + len);
    return cursor;
  };
  auto push_string = [&](const std::string& s) { return push_bytes(s.c_str(), s.size() + 1); };

  InitialStack out;
  uint64_t execfn = push_string(req.execfn);
  out.env_strings_end = cursor;
  std::vector<uint64_t> envp(req.envp.size()), argv(req.argv.size());
  for (size_t i = req.envp.size(); i-- > 0;) envp[i] = push_string(req.envp[i]);
  out.argv_strings_end = out.env_strings = cursor;
  for (size_t i = req.argv.size(); i-- > 0;) argv[i] = push_string(req.argv[i]);
  out.argv_strings = cursor;
  uint64_t platform = req.platform.empty() ? 0 : push_string(req.platform);
  // Linux aligns before the random bytes; keep the same shape.
  uint64_t pad = cursor & 15;
  if (pad) {
    std::vector<uint8_t> zeros(pad, 0);
    push_bytes(zeros.data(), pad);
  }
  uint64_t random = push_bytes(req.random.data(), req.random.size());

  std::vector<AuxEntry> aux = req.auxv;
  if (platform) aux.push_back({AT_PLATFORM, platform});
  aux.push_back({AT_RANDOM, random});
  aux.push_back({AT_EXECFN, execfn});
  aux.push_back({AT_NULL, 0});

  std::vector<uint64_t> words;
  words.push_back(req.argv.size());
  words.insert(words.end(), argv.begin(), argv.end());
  words.push_back(0);
  words.insert(words.end(), envp.begin(), envp.end());
  words.push_back(0);
  size_t aux_index = words.size();
  for (const auto& a : aux) {
    words.push_back(a.type);
    words.push_back(a.value);
  }
  const unsigned w = req.word_size;
  uint64_t sp = (cursor - words.size() * w) & ~15ull;
  if (top - sp > limit) throw UserError("arguments and environment do not fit in the guest stack", 126);

  std::vector<uint8_t> block(cursor - sp, 0);
  for (size_t i = 0; i < words.size(); ++i)
    for (unsigned b = 0; b < w; ++b)  // each word in the guest's width and byte order
      block[i * w + (req.big_endian ? w - 1 - b : b)] = static_cast<uint8_t>(words[i] >> (8 * b));
  block.insert(block.end(), strings.begin(), strings.end());
  if (!memory.poke(sp, block.data(), block.size()))
    throw UserError("the guest stack is not mapped", 126);
  out.sp = sp;
  out.auxv = sp + aux_index * w;
  out.auxv_size = aux.size() * 2 * w;
  return out;
}

}  // namespace polyrun::loader
