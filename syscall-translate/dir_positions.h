// Directory positions as Linux gives them to a 32-bit task, where the host has no 32-bit entry to
// ask (host_compat_entry.h). ext4 encodes a hashed directory's positions (getdents64's d_off, and
// what lseek takes and gives back on the directory) as the 31-bit major hash for a 32-bit task and
// as major hash << 32 | minor hash for a 64-bit one; a 32-bit C library's readdir without
// large-file support fails with EOVERFLOW on the latter. So, for a 32-bit guest, the 64-bit
// positions of an ext4 directory go to the guest shifted down to the 32-bit form, and the guest's
// positions come back shifted up: the same entries, since a 32-bit position means minor hash 0.
// Other file systems' positions pass unchanged (as under qemu-user).
#pragma once

#include <cstdint>

namespace polyrun::linux_abi {

// getdents64 into buf (n bytes, host byte order) read from fd: each record's d_off in the 32-bit
// form when fd is a hashed ext4 directory; fd is then remembered as one.
void dir_positions_to_guest32(int fd, uint8_t* buf, int64_t n);

// lseek on fd by a 32-bit guest: the host's offset for the guest's (SEEK_SET), and the guest's
// position for the host's result; both unchanged unless fd is a hashed ext4 directory.
int64_t dir_offset_to_host(int fd, int64_t offset, int whence);
int64_t dir_position_to_guest(int fd, int64_t position);

}  // namespace polyrun::linux_abi
