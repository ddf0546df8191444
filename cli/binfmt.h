// binfmt_misc: the registrations that make the kernel start foreign programs through polyrun, and
// how they stand beside the other interpreters registered on the host (qemu-user, wine …).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace polyrun::cli {

// One registration: either one of polyrun's lines (":name:M:offset:magic:mask:interpreter:flags")
// or what the kernel shows of an entry in /proc/sys/fs/binfmt_misc/NAME.
struct BinfmtEntry {
  std::string name;
  bool enabled = true;
  bool by_magic = true;  // M (else E: by file name extension)
  std::string interpreter, flags;
  unsigned offset = 0;
  std::vector<uint8_t> magic, mask;  // mask as long as magic (0xff where none was given)
  std::string extension;             // type E
  std::string what;                  // polyrun's own lines: "aarch64 Linux"
};

// polyrun's registrations for every foreign format, interpreter `polyrun`; flags F and P, and C
// (which implies O) when `credentials`.
std::vector<BinfmtEntry> binfmt_entries(const std::string& polyrun, bool credentials);
// The register line binfmt_misc takes for an entry of type M.
std::string binfmt_line(const BinfmtEntry& e);
// An entry's text as the kernel shows it in /proc/sys/fs/binfmt_misc/NAME ("enabled",
// "interpreter …", "flags: …", "offset …", "magic …", "mask …"); nothing where it is not one.
std::optional<BinfmtEntry> parse_binfmt_status(const std::string& name, const std::string& text);
// Whether some file would match both entries (both enabled, by magic, at the same offset, their
// magic bytes agreeing wherever both masks look).
bool binfmt_overlap(const BinfmtEntry& a, const BinfmtEntry& b);

struct BinfmtRequest {
  std::string action = "print";  // print, install or remove
  bool credentials = false;       // --credentials: flag C
  bool force = false;             // --force: register ahead of another interpreter's entry for a format
  std::string interpreter;        // the interpreter the lines name: this polyrun's path by default
};
// --binfmt: prints the lines, registers them (after any of polyrun's own, which they replace; not
// over another interpreter's entry for the same files unless forced) or removes polyrun's own
// entries, and says what it did; the exit status.
int binfmt_command(const BinfmtRequest& request, const std::string& dir = "/proc/sys/fs/binfmt_misc");

}  // namespace polyrun::cli
