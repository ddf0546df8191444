// PLACEHOLDER (being written): ARM signal frames.
#include "syscall-translate/isa/linux_isa.h"

namespace polyrun::linux_abi {

namespace {
void siginfo_to_guest(const uint8_t*, int, uint8_t*) {}
void make_siginfo(int, int, uint64_t, uint8_t*) {}
bool enter_handler(cpu::Cpu&, const mem::AddressSpace&, const SignalEntry&) { return false; }
bool leave_handler(cpu::Cpu&, const mem::AddressSpace&, SignalReturn&) { return false; }
uint64_t fault_syndrome(const cpu::Trap&) { return 0; }
}  // namespace

const SignalAbi& signal_abi_arm() {
  static const SignalAbi abi{128, &siginfo_to_guest, &make_siginfo, &enter_handler, &leave_handler, &fault_syndrome, {}, 4};
  return abi;
}

}  // namespace polyrun::linux_abi
