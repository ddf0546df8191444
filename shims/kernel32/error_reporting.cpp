// KERNEL32.dll, what a process registers for Windows Error Reporting and restarts: the files and
// memory blocks a report of its crash would carry (WerRegisterFile, WerRegisterMemoryBlock), its
// runtime exception modules, and the command line it would be restarted with
// (RegisterApplicationRestart, GetApplicationRestartSettings), and the callback that would save
// its data before a restart (RegisterApplicationRecoveryCallback). The registrations are kept for
// the process as Windows keeps them; no report is made here, nor a restart or a recovery (no
// Windows Error Reporting runs on this host), so they are only read back, and no recovery is ever
// in progress (ApplicationRecoveryInProgress fails as Windows' does outside the callback).
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kOk = 0, kInvalidArg = 0x80070057;
uint32_t hresult_of(uint32_t error) { return 0x80070000u | error; }
constexpr uint32_t kErrorNotFound = 1168;
constexpr size_t kMaxEntries = 512;                  // WER_MAX_REGISTERED_ENTRIES
constexpr uint64_t kMaxMemoryBlock = 64 * 1024;      // WER_MAX_MEMORY_BLOCK_SIZE
constexpr size_t kMaxRestartCommandLine = 1024;      // RESTART_MAX_CMD_LINE

struct Registrations {
  std::mutex m;
  std::map<std::u16string, std::pair<uint32_t, uint32_t>> files;  // path → type, flags
  std::map<uint64_t, uint64_t> blocks;                             // address → size
  std::set<std::pair<std::u16string, uint64_t>> exception_modules;
  bool restart = false;
  std::u16string restart_command;
  uint32_t restart_flags = 0;
  bool recovery = false;
  uint64_t recovery_callback = 0, recovery_parameter = 0;
  uint32_t recovery_ping = 0, recovery_flags = 0;
  size_t count() const { return files.size() + blocks.size() + exception_modules.size(); }
};
Registrations& registrations() {
  static Registrations r;
  return r;
}

// WER_REGFILE_TYPE: WerRegFileTypeUserDocument 1, WerRegFileTypeOther 2.
uint32_t WerRegisterFile(WindowsProcess&, WStr path, uint32_t type, uint32_t flags) {
  if (!path.addr || type < 1 || type > 2) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  const std::u16string name = path.str();
  if (!r.files.count(name) && r.count() >= kMaxEntries) return hresult_of(ERROR_INSUFFICIENT_BUFFER);
  r.files[name] = {type, flags};
  return kOk;
}
uint32_t WerUnregisterFile(WindowsProcess&, WStr path) {
  if (!path.addr) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  return r.files.erase(path.str()) ? kOk : hresult_of(kErrorNotFound);
}
uint32_t WerRegisterMemoryBlock(WindowsProcess&, Ptr address, uint32_t size) {
  if (!address || size == 0 || size > kMaxMemoryBlock) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  if (r.blocks.count(address.addr)) return hresult_of(183);  // ERROR_ALREADY_EXISTS
  if (r.count() >= kMaxEntries) return hresult_of(ERROR_INSUFFICIENT_BUFFER);
  r.blocks[address.addr] = size;
  return kOk;
}
uint32_t WerUnregisterMemoryBlock(WindowsProcess&, Ptr address) {
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  return r.blocks.erase(address.addr) ? kOk : hresult_of(kErrorNotFound);
}
uint32_t WerRegisterRuntimeExceptionModule(WindowsProcess&, WStr dll, Ptr context) {
  if (!dll.addr) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  if (r.count() >= kMaxEntries) return hresult_of(ERROR_INSUFFICIENT_BUFFER);
  r.exception_modules.insert({dll.str(), context.addr});
  return kOk;
}
uint32_t WerUnregisterRuntimeExceptionModule(WindowsProcess&, WStr dll, Ptr context) {
  if (!dll.addr) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  return r.exception_modules.erase({dll.str(), context.addr}) ? kOk : hresult_of(kErrorNotFound);
}

// RESTART_NO_CRASH 1, RESTART_NO_HANG 2, RESTART_NO_PATCH 4, RESTART_NO_REBOOT 8.
uint32_t RegisterApplicationRestart(WindowsProcess&, Ptr command, uint32_t flags) {
  const std::u16string c = command ? std::u16string(command.as<const char16_t>()) : std::u16string();
  if (c.size() >= kMaxRestartCommandLine || (flags & ~15u)) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  r.restart = true;
  r.restart_command = c;
  r.restart_flags = flags;
  return kOk;
}
uint32_t UnregisterApplicationRestart(WindowsProcess&) {
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  r.restart = false;
  r.restart_command.clear();
  r.restart_flags = 0;
  return kOk;
}
// This process's registration: the command line (its size in characters with the NUL in *size;
// too small: ERROR_INSUFFICIENT_BUFFER's HRESULT) and the flags; none: ERROR_NOT_FOUND's. Another
// process's registrations are not known here (E_INVALIDARG, as for a handle Windows cannot read).
uint32_t GetApplicationRestartSettings(WindowsProcess& p, Ptr process, Ptr command, Ptr size, Ptr flags) {
  if (!p.is_current_process(process.addr) || !size) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  if (!r.restart) return hresult_of(kErrorNotFound);
  const uint32_t need = static_cast<uint32_t>(r.restart_command.size() + 1);
  const uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, need);
  if (!command || have < need) return hresult_of(ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(command.as<char16_t>(), r.restart_command.c_str(), need * 2);
  if (flags) put<uint32_t>(flags.addr, r.restart_flags);
  return kOk;
}

constexpr uint32_t kDefaultPing = 5000, kMaxPing = 5 * 60 * 1000;  // RECOVERY_DEFAULT/MAX_PING_INTERVAL
constexpr uint32_t kEFail = 0x80004005;

// RegisterApplicationRecoveryCallback(callback, parameter, ping interval in ms (0: the default),
// flags (reserved: 0)).
uint32_t RegisterApplicationRecoveryCallback(WindowsProcess&, Ptr callback, Ptr parameter, uint32_t ping,
                                             uint32_t flags) {
  if (!callback || ping > kMaxPing || flags) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  r.recovery = true;
  r.recovery_callback = callback.addr;
  r.recovery_parameter = parameter.addr;
  r.recovery_ping = ping ? ping : kDefaultPing;
  r.recovery_flags = flags;
  return kOk;
}
uint32_t UnregisterApplicationRecoveryCallback(WindowsProcess&) {
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  r.recovery = false;
  return kOk;
}
// This process's registration (another's is not known here: E_INVALIDARG); none: ERROR_NOT_FOUND's
// HRESULT.
uint32_t GetApplicationRecoveryCallback(WindowsProcess& p, Ptr process, Ptr callback, Ptr parameter, Ptr ping,
                                        Ptr flags) {
  if (!p.is_current_process(process.addr) || !callback) return kInvalidArg;
  Registrations& r = registrations();
  std::lock_guard<std::mutex> g(r.m);
  if (!r.recovery) return hresult_of(kErrorNotFound);
  p.put_ptr(callback.addr, r.recovery_callback);
  if (parameter) p.put_ptr(parameter.addr, r.recovery_parameter);
  if (ping) put<uint32_t>(ping.addr, r.recovery_ping);
  if (flags) put<uint32_t>(flags.addr, r.recovery_flags);
  return kOk;
}
// Only a recovery callback that Windows Error Reporting called may say it is still at work or
// done; none runs here, so the first fails (E_FAIL) and the second has nothing to end.
uint32_t ApplicationRecoveryInProgress(WindowsProcess&, Ptr) { return kEFail; }
void ApplicationRecoveryFinished(WindowsProcess&, uint32_t) {}

}  // namespace

const std::vector<Export>& kernel32_error_reporting_exports() {
  static const std::vector<Export> exports = {
      EXPORT("WerRegisterFile", WerRegisterFile),
      EXPORT("WerUnregisterFile", WerUnregisterFile),
      EXPORT("WerRegisterMemoryBlock", WerRegisterMemoryBlock),
      EXPORT("WerUnregisterMemoryBlock", WerUnregisterMemoryBlock),
      EXPORT("WerRegisterRuntimeExceptionModule", WerRegisterRuntimeExceptionModule),
      EXPORT("WerUnregisterRuntimeExceptionModule", WerUnregisterRuntimeExceptionModule),
      EXPORT("RegisterApplicationRestart", RegisterApplicationRestart),
      EXPORT("UnregisterApplicationRestart", UnregisterApplicationRestart),
      EXPORT("GetApplicationRestartSettings", GetApplicationRestartSettings),
      EXPORT("RegisterApplicationRecoveryCallback", RegisterApplicationRecoveryCallback),
      EXPORT("UnregisterApplicationRecoveryCallback", UnregisterApplicationRecoveryCallback),
      EXPORT("GetApplicationRecoveryCallback", GetApplicationRecoveryCallback),
      EXPORT("ApplicationRecoveryInProgress", ApplicationRecoveryInProgress),
      EXPORT("ApplicationRecoveryFinished", ApplicationRecoveryFinished),
  };
  return exports;
}

}  // namespace polyrun::shims
