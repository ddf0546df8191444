// WINMM.dll's timer functions, which console programs call to ask for a finer scheduler tick
// (Go's runtime does at start-up) and to read the millisecond clock. Host timers and sleeps are
// already as fine as a millisecond, so a period asked for is granted as it is. The waveform audio
// functions are winmm/wave.cpp's, the multimedia timers (timeSetEvent) winmm/multimedia_timers.cpp's.
#include <time.h>

#include <vector>

#include "shims/winmm/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

const std::vector<Export>& winmm_wave_exports();  // winmm/wave.cpp
const std::vector<Export>& winmm_play_sound_exports();  // winmm/play_sound.cpp
const std::vector<Export>& winmm_timer_exports();  // winmm/multimedia_timers.cpp

namespace {

constexpr uint32_t TIMERR_NOERROR = 0, TIMERR_NOCANDO = 97;
constexpr uint32_t kMinPeriod = 1, kMaxPeriod = 1000000;  // ms, as timeGetDevCaps reports them

uint32_t timeBeginPeriod(WindowsProcess&, uint32_t period) {
  return period >= kMinPeriod && period <= kMaxPeriod ? TIMERR_NOERROR : TIMERR_NOCANDO;
}
uint32_t timeEndPeriod(WindowsProcess&, uint32_t period) {
  return period >= kMinPeriod && period <= kMaxPeriod ? TIMERR_NOERROR : TIMERR_NOCANDO;
}

// Milliseconds since the system started, wrapping at 2^32 as GetTickCount does.
uint32_t timeGetTime(WindowsProcess&) {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint32_t>(static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000);
}

// TIMECAPS {wPeriodMin, wPeriodMax} (two UINTs); a size too small for them is refused.
uint32_t timeGetDevCaps(WindowsProcess&, Ptr caps, uint32_t size) {
  if (!caps || size < 8) return TIMERR_NOCANDO;
  put<uint32_t>(caps.addr, kMinPeriod);
  put<uint32_t>(caps.addr + 4, kMaxPeriod);
  return TIMERR_NOERROR;
}

std::vector<Export> winmm_exports(std::vector<Export> own) {
  for (const Export& e : winmm_wave_exports()) own.push_back(e);
  for (const Export& e : winmm_play_sound_exports()) own.push_back(e);
  for (const Export& e : winmm_timer_exports()) own.push_back(e);
  return own;
}

}  // namespace

const Dll kWinmm{
    "winmm.dll",
    false,
    winmm_exports({
        EXPORT("timeBeginPeriod", timeBeginPeriod),
        EXPORT("timeEndPeriod", timeEndPeriod),
        EXPORT("timeGetTime", timeGetTime),
        EXPORT("timeGetDevCaps", timeGetDevCaps),
    }),
};

}  // namespace polyrun::shims
