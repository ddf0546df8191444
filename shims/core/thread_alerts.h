// Thread alerts (NTDLL's NtAlertThread): an alerted thread's next alertable wait, or the one it is
// in, ends with STATUS_ALERTED, and takes the alert (core/waitables.cpp keeps them, by thread id,
// under the execution lock; its alertable waits end so, and NTDLL's ask).
#pragma once

#include <cstdint>

namespace polyrun::shims {

// What an alertable wait of an alerted thread returns: STATUS_ALERTED.
constexpr uint32_t kWaitAlerted = 0x101;

// Alerts the thread `tid` (its waits are the caller's to wake).
void alert_thread(uint32_t tid);
// Whether the thread is alerted; `take`: the alert is taken.
bool thread_alerted(uint32_t tid, bool take);

}  // namespace polyrun::shims
