#include "cli/targets.h"

#include <elf.h>

namespace polyrun::cli {

const std::vector<Target>& targets() {
  static const std::vector<Target> t = {
      {"aarch64", "aarch64 Linux", false, Isa::Aarch64, true, false, EM_AARCH64},
      {"riscv64", "riscv64 Linux", false, Isa::Riscv64, true, false, EM_RISCV},
      {"arm", "armhf Linux", false, Isa::Arm, false, false, EM_ARM},
      {"i386", "i386 Linux", false, Isa::I386, false, false, EM_386},
      {"s390x", "s390x Linux", false, Isa::S390x, true, true, EM_S390},
#if POLYRUN_WINDOWS  // a build without the Windows personality (setup.sh --linux) has no such targets
      {"win64", "x86-64 Windows", true, Isa::X86_64},
      {"win32", "i686 Windows", true, Isa::I386},
#endif
  };
  return t;
}

const Target* target_for_invocation(const std::string& argv0) {
  std::string base = argv0.substr(argv0.find_last_of('/') + 1);
  const std::string prefix = "polyrun-";
  if (base.compare(0, prefix.size(), prefix) != 0) return nullptr;
  std::string name = base.substr(prefix.size());
  if (name == "armhf") name = "arm";
  for (const auto& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

bool target_accepts(const Target& t, const loader::FileKind& kind) {
  const loader::Format want = t.windows ? loader::Format::Pe : loader::Format::Elf;
  return kind.format == want && kind.isa == t.isa;
}

}  // namespace polyrun::cli
