// Mailslots as NT files (ntdll/mailslots.cpp): a server's handle (NtCreateMailslotFile) reads the
// messages clients write, one at a time, waiting up to its read timeout; a client's handle
// (NtCreateFile of \??\MAILSLOT\NAME or \Device\Mailslot\NAME) writes them. NTDLL's file functions
// ask these first of a handle or a name, as they ask the pipes'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_mailslots {

// NtCreateFile of a name under the mailslot device: a client's handle in `handle`, and the status;
// nullopt for a name that is not the device's.
std::optional<uint32_t> open_client(WindowsProcess& p, const std::string& nt_name, uint32_t access, uint32_t share,
                                    uint64_t& handle);
// A new mailslot's server end for an NT name under the mailslot device (NtCreateMailslotFile's
// work, CreateMailslot's): the status (STATUS_OBJECT_NAME_INVALID for a name outside the device,
// STATUS_OBJECT_NAME_COLLISION for one taken), the handle in `handle`. `timeout` is the read
// timeout in NT form: -1 waits forever, 0 not at all, another negative value that many 100 ns
// units.
uint32_t create_server(WindowsProcess& p, const std::string& nt_name, uint32_t max, int64_t timeout, bool inherit,
                       uint64_t& handle);
// NtReadFile of a server's handle and NtWriteFile of a client's: the status (the IO_STATUS_BLOCK
// filled in); nullopt for another handle.
std::optional<uint32_t> read(WindowsProcess& p, uint64_t h, uint64_t iosb, uint64_t buf, uint32_t len);
std::optional<uint32_t> write(WindowsProcess& p, uint64_t h, uint64_t iosb, uint64_t buf, uint32_t len);
// NtQueryInformationFile's FileMailslotQueryInformation of a server's handle
// (FILE_MAILSLOT_QUERY_INFORMATION, 24 bytes at `out`): the status; nullopt for another handle.
std::optional<uint32_t> query(WindowsProcess& p, uint64_t h, uint64_t out, uint32_t size);
// NtSetInformationFile's FileMailslotSetInformation of a server's handle: its read timeout (NT
// form, as above); nullopt for another handle.
std::optional<uint32_t> set_timeout(WindowsProcess& p, uint64_t h, int64_t timeout);

}  // namespace polyrun::shims::ntdll_mailslots
