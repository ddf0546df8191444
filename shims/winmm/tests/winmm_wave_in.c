// WINMM's waveform input: a device opened through the mapper (CALLBACK_FUNCTION), buffers added,
// filled at the format's rate once started and returned in order (WHDR_* flags, dwBytesRecorded,
// WIM_OPEN/WIM_DATA/WIM_CLOSE), waveInStop returning the buffer being filled, waveInReset the rest,
// closing with buffers still queued, and bad handles and headers. With no device, what opening
// answers instead. Timing is printed as whether filling took at least the audio's length.
// Links: -lwinmm
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <mmsystem.h>

static DWORD main_thread;
static struct {
  UINT msg;
  int header;
  DWORD flags, recorded;
  int on_main;
} events[64];
static volatile LONG n_events;
static WAVEHDR headers[4];
static short data[4][4000];

static void CALLBACK on_wave(HWAVEIN hwi, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2) {
  (void)hwi, (void)p2;
  LONG i = InterlockedIncrement(&n_events) - 1;
  if (i >= 64 || instance != 0x4321) return;
  events[i].msg = msg;
  events[i].header = -1;
  for (int k = 0; k < 4; ++k)
    if ((WAVEHDR*)p1 == &headers[k])
      events[i].header = k, events[i].flags = headers[k].dwFlags, events[i].recorded = headers[k].dwBytesRecorded;
  events[i].on_main = GetCurrentThreadId() == main_thread;
}

static const char* msg_name(UINT m) {
  return m == WIM_OPEN ? "WIM_OPEN" : m == WIM_DATA ? "WIM_DATA" : m == WIM_CLOSE ? "WIM_CLOSE" : "?";
}

static int wait_done(int from, int n) {
  for (int t = 0; t < 500; ++t) {
    int done = 1;
    for (int i = from; i < from + n; ++i) done &= (headers[i].dwFlags & WHDR_DONE) != 0;
    if (done) return 1;
    Sleep(10);
  }
  return 0;
}

int main(void) {
  main_thread = GetCurrentThreadId();
  WAVEFORMATEX f;
  memset(&f, 0, sizeof f);
  f.wFormatTag = WAVE_FORMAT_PCM;
  f.nChannels = 1;
  f.nSamplesPerSec = 8000;
  f.wBitsPerSample = 16;
  f.nBlockAlign = 2;
  f.nAvgBytesPerSec = 16000;
  HWAVEIN h = NULL;
  UINT n = waveInGetNumDevs();
  printf("input devices: %s\n", n ? "some" : "none");
  if (n == 0) {
    WAVEINCAPSW caps;
    printf("caps of device 0: %u\n", waveInGetDevCapsW(0, &caps, sizeof caps));
    printf("open device 0: %u\n", waveInOpen(&h, 0, &f, 0, 0, CALLBACK_NULL));
    printf("open the mapper: %u\n", waveInOpen(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL));
    return 0;
  }
  printf("query: %u\n", waveInOpen(NULL, WAVE_MAPPER, &f, 0, 0, WAVE_FORMAT_QUERY));
  printf("open without a handle: %u\n", waveInOpen(NULL, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL));
  UINT r = waveInOpen(&h, WAVE_MAPPER, &f, (DWORD_PTR)on_wave, 0x4321, CALLBACK_FUNCTION);
  printf("open: %u\n", r);
  if (r != MMSYSERR_NOERROR) return 1;
  for (int i = 0; i < 4; ++i) {
    memset(&headers[i], 0, sizeof headers[i]);
    headers[i].lpData = (LPSTR)data[i];
    headers[i].dwBufferLength = 1600;  // 100 ms
  }
  printf("add unprepared: %u\n", waveInAddBuffer(h, &headers[0], sizeof(WAVEHDR)));
  for (int i = 0; i < 4; ++i) {
    r = waveInPrepareHeader(h, &headers[i], sizeof(WAVEHDR));
    printf("prepare %d: %u flags %#lx\n", i, r, headers[i].dwFlags);
  }
  for (int i = 0; i < 3; ++i) {
    headers[i].dwBytesRecorded = 77;
    r = waveInAddBuffer(h, &headers[i], sizeof(WAVEHDR));
    printf("add %d: %u flags %#lx recorded %lu\n", i, r, headers[i].dwFlags, headers[i].dwBytesRecorded);
  }
  printf("unprepare while queued: %u\n", waveInUnprepareHeader(h, &headers[0], sizeof(WAVEHDR)));
  Sleep(200);
  printf("before start: flags %#lx recorded %lu\n", headers[0].dwFlags, headers[0].dwBytesRecorded);
  DWORD start = GetTickCount();
  printf("start: %u\n", waveInStart(h));
  printf("all filled: %d\n", wait_done(0, 3));
  DWORD took = GetTickCount() - start;
  printf("took the audio's length (300 ms): %s\n", took >= 250 ? "yes" : "no");
  for (int i = 0; i < 3; ++i) printf("buffer %d: flags %#lx recorded %lu\n", i, headers[i].dwFlags, headers[i].dwBytesRecorded);

  // A buffer being filled when recording stops comes back with what it holds.
  headers[3].dwBufferLength = 8000;  // 500 ms
  printf("add 3: %u\n", waveInAddBuffer(h, &headers[3], sizeof(WAVEHDR)));
  Sleep(150);
  printf("stop: %u\n", waveInStop(h));
  printf("after stop: flags %#lx, some recorded: %d, less than all: %d\n", headers[3].dwFlags,
         headers[3].dwBytesRecorded > 0, headers[3].dwBytesRecorded < 8000);

  // Buffers queued when the device resets come back, empty.
  for (int i = 0; i < 2; ++i) waveInAddBuffer(h, &headers[i], sizeof(WAVEHDR));
  r = waveInReset(h);
  printf("reset: %u flags %#lx %#lx recorded %lu %lu\n", r, headers[0].dwFlags, headers[1].dwFlags,
         headers[0].dwBytesRecorded, headers[1].dwBytesRecorded);
  for (int i = 0; i < 4; ++i) {
    r = waveInUnprepareHeader(h, &headers[i], sizeof(WAVEHDR));
    printf("unprepare %d: %u flags %#lx\n", i, r, headers[i].dwFlags);
  }
  printf("close: %u\n", waveInClose(h));
  printf("close again: %u\n", waveInClose(h));
  printf("start no device: %u\n", waveInStart(NULL));

  // Closing with a buffer queued (last: wine closes the device all the same).
  waveInOpen(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL);
  waveInPrepareHeader(h, &headers[0], sizeof(WAVEHDR));
  waveInAddBuffer(h, &headers[0], sizeof(WAVEHDR));
  r = waveInClose(h);
  printf("close with a buffer queued: %u\n", r);
  if (r == WAVERR_STILLPLAYING) {
    waveInReset(h);
    waveInUnprepareHeader(h, &headers[0], sizeof(WAVEHDR));
    waveInClose(h);
  }
  LONG got = n_events;
  for (LONG i = 0; i < got && i < 64; ++i) {
    if (events[i].header >= 0)
      printf("callback %s header %d flags %#lx %s%s\n", msg_name(events[i].msg), events[i].header, events[i].flags,
             events[i].recorded == headers[events[i].header].dwBufferLength ? "full"
             : events[i].recorded                                       ? "partly filled"
                                                                        : "empty",
             events[i].on_main ? " (main thread)" : "");
    else
      printf("callback %s%s\n", msg_name(events[i].msg), events[i].on_main ? " (main thread)" : "");
  }
  return 0;
}
