// NTDLL's per-thread facts of the TEB and the thread's start: the active frames (RtlPushFrame,
// RtlPopFrame, RtlGetFrame: a list of TEB_ACTIVE_FRAME {Flags, Previous, Context} the caller
// keeps, its head in the TEB's ActiveFrame, x64 0x17c0, i386 0xfb0), the placeholder compatibility
// modes (the process's, which nothing sets but RtlSetProcessPlaceholderCompatibilityMode, and the
// thread's in the TEB's PlaceholderCompatibilityMode, x64 0x280, i386 0x174), the package identity
// of a process outside any package, and RtlUserThreadStart (a thread's function run and the thread
// ended with its result).
#include <cstdint>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_thread_frames_impl {

uint64_t active_frame_field(WindowsProcess& p) { return p.teb() + (p.isa->ptr == 8 ? 0x17c0 : 0xfb0); }
uint64_t placeholder_field(WindowsProcess& p) { return p.teb() + (p.isa->ptr == 8 ? 0x280 : 0x174); }

void RtlPushFrame(WindowsProcess& p, Ptr frame) {
  p.put_ptr(frame.addr + p.isa->ptr, p.get_ptr(active_frame_field(p)));
  p.put_ptr(active_frame_field(p), frame.addr);
}

// The frame's Previous becomes the latest (whichever frame was).
void RtlPopFrame(WindowsProcess& p, Ptr frame) {
  p.put_ptr(active_frame_field(p), p.get_ptr(frame.addr + p.isa->ptr));
}

Ptr RtlGetFrame(WindowsProcess& p) { return p.get_ptr(active_frame_field(p)); }

// PHCM_APPLICATION_DEFAULT 0, PHCM_DISGUISE_PLACEHOLDER 1, PHCM_EXPOSE_PLACEHOLDERS 2;
// PHCM_ERROR_INVALID_PARAMETER -1.
constexpr int8_t kModeMax = 2, kInvalidMode = -1;
int8_t& process_mode() {
  static int8_t mode = 0;
  return mode;
}
int8_t RtlQueryProcessPlaceholderCompatibilityMode(WindowsProcess&) { return process_mode(); }
// The mode before.
int8_t RtlSetProcessPlaceholderCompatibilityMode(WindowsProcess&, int8_t mode) {
  if (mode < 0 || mode > kModeMax) return kInvalidMode;
  const int8_t before = process_mode();
  process_mode() = mode;
  return before;
}
int8_t RtlQueryThreadPlaceholderCompatibilityMode(WindowsProcess& p) { return get<int8_t>(placeholder_field(p)); }
int8_t RtlSetThreadPlaceholderCompatibilityMode(WindowsProcess& p, int8_t mode) {
  if (mode < 0 || mode > kModeMax) return kInvalidMode;
  const int8_t before = get<int8_t>(placeholder_field(p));
  put<int8_t>(placeholder_field(p), mode);
  return before;
}

// RtlQueryPackageIdentity(token, full name, size, app id, size, *packaged): the process is in no
// package (a packaged application's identity comes from its AppX manifest, which polyrun's
// processes have not): STATUS_NOT_FOUND, as Windows answers for a desktop application.
uint32_t RtlQueryPackageIdentity(WindowsProcess&, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr) { return 0xc0000225; }

// RtlUserThreadStart(function, argument): a thread's first frame; the thread ends with what the
// function returns.
void RtlUserThreadStart(WindowsProcess& p, Ptr function, Ptr argument) {
  const uint32_t code = static_cast<uint32_t>(p.call_guest(function.addr, {argument.addr}));
  if (!p.stopping()) exit_thread(p, code);
}

}  // namespace ntdll_thread_frames_impl

const std::vector<Export>& ntdll_thread_frame_exports() {
  using namespace ntdll_thread_frames_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlPushFrame", RtlPushFrame),
      EXPORT("RtlPopFrame", RtlPopFrame),
      EXPORT("RtlGetFrame", RtlGetFrame),
      EXPORT("RtlQueryProcessPlaceholderCompatibilityMode", RtlQueryProcessPlaceholderCompatibilityMode),
      EXPORT("RtlSetProcessPlaceholderCompatibilityMode", RtlSetProcessPlaceholderCompatibilityMode),
      EXPORT("RtlQueryThreadPlaceholderCompatibilityMode", RtlQueryThreadPlaceholderCompatibilityMode),
      EXPORT("RtlSetThreadPlaceholderCompatibilityMode", RtlSetThreadPlaceholderCompatibilityMode),
      EXPORT("RtlQueryPackageIdentity", RtlQueryPackageIdentity),
      EXPORT("RtlUserThreadStart", RtlUserThreadStart),
  };
  return exports;
}

}  // namespace polyrun::shims
