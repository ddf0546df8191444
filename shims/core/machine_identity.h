// The machine, as the Windows personality describes it in more than one DLL: the computer's names
// (GetComputerNameEx's), the processors the process may use (GetSystemInfo's), the machine's GUID
// and the account's SID (core/machine_identity.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims {

// COMPUTER_NAME_FORMAT: the NetBIOS name (0, 4: the host name's first label in capitals, at most 15
// characters), the DNS host name (1, 5), domain (2, 6) and fully qualified name (3, 7); false for
// another format.
bool computer_name(uint32_t format, std::string& out);
// The NetBIOS name (format 0): the computer's name in accounts' domains and NETAPI32's records.
std::string netbios_name();
// Whether a server's or machine's name (with or without leading backslashes; none: this computer)
// is this computer's NetBIOS, DNS host or fully qualified name, without case.
bool names_this_computer(std::string name);

// The account's user name (the host's: $USER, else the login name): USERNAME, GetUserName and the
// accounts' records.
std::string account_user_name();

// The account's SID, S-1-5-21-<machine>-1001 as for the first account made on a Windows machine
// (the token's user, the key of HKEY_CURRENT_USER under HKEY_USERS), and the machine's GUID
// (HKLM\SOFTWARE\Microsoft\Cryptography's MachineGuid: lower-case hex in 8-4-4-4-12 groups): both
// hashes of what identifies the host (systemd's machine id, else the host name), the same on every
// run on this machine.
std::string account_sid();
std::string machine_guid();

// The processors the process may use, as GetSystemInfo counts them (at most 64: one processor
// group), and their mask.
uint32_t processor_count();
uint64_t processor_mask();

}  // namespace polyrun::shims
