// WINMM's waveform output: the devices (waveOutGetNumDevs, waveOutGetDevCaps), opening with
// WAVE_FORMAT_QUERY and for playback (PCM, IEEE float, WAVE_FORMAT_EXTENSIBLE; CALLBACK_FUNCTION
// and CALLBACK_EVENT), buffers played at the format's rate and returned in order (WHDR_* flags,
// WOM_OPEN/WOM_DONE/WOM_CLOSE), the position once all is played, waveOutPause/waveOutRestart,
// waveOutReset returning what was queued, the volume, closing while a buffer plays, bad handles
// and headers, and the error texts. With no device, what opening answers instead. Positions are
// printed only where they are exact (all played, or reset), and timing as whether playback took at
// least the audio's length.
// Links: -lwinmm
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <mmsystem.h>
#include <mmreg.h>

static DWORD main_thread;
// KSDATAFORMAT_SUBTYPE_PCM and KSDATAFORMAT_SUBTYPE_IEEE_FLOAT (ksmedia.h).
static const GUID kSubtypePcm = {0x00000001, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};
static const GUID kSubtypeFloat = {0x00000003, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};

// What the callback function heard, printed afterwards (a callback must not call much).
static struct {
  UINT msg;
  int header;  // index into the headers, -1 for none
  DWORD flags;
  int on_main;
} events[64];
static volatile LONG n_events;
static WAVEHDR headers[4];

static void CALLBACK on_wave(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2) {
  (void)hwo, (void)p2;
  LONG i = InterlockedIncrement(&n_events) - 1;
  if (i >= 64 || instance != 0x1234) return;
  events[i].msg = msg;
  events[i].header = -1;
  events[i].flags = 0;
  for (int k = 0; k < 4; ++k)
    if ((WAVEHDR*)p1 == &headers[k]) events[i].header = k, events[i].flags = headers[k].dwFlags;
  events[i].on_main = GetCurrentThreadId() == main_thread;
}

static const char* msg_name(UINT m) {
  return m == WOM_OPEN ? "WOM_OPEN" : m == WOM_DONE ? "WOM_DONE" : m == WOM_CLOSE ? "WOM_CLOSE" : "?";
}

static WAVEFORMATEX pcm(WORD channels, DWORD rate, WORD bits) {
  WAVEFORMATEX f;
  memset(&f, 0, sizeof f);
  f.wFormatTag = WAVE_FORMAT_PCM;
  f.nChannels = channels;
  f.nSamplesPerSec = rate;
  f.wBitsPerSample = bits;
  f.nBlockAlign = (WORD)(channels * bits / 8);
  f.nAvgBytesPerSec = rate * f.nBlockAlign;
  return f;
}

static void show_text(UINT code) {
  char a[256];
  WCHAR w[256];
  UINT ra = waveOutGetErrorTextA(code, a, sizeof a);
  UINT rw = waveOutGetErrorTextW(code, w, 256);
  if (ra == MMSYSERR_NOERROR && rw == MMSYSERR_NOERROR)
    printf("text %u: %s [%s]\n", code, a, (int)wcslen(w) == (int)strlen(a) ? "W agrees" : "W differs");
  else
    printf("text %u: A %u W %u\n", code, ra, rw);
}

static void error_texts(void) {
  for (UINT c = 0; c <= 11; ++c) show_text(c);
  for (UINT c = 32; c <= 35; ++c) show_text(c);
  show_text(999);
  char small[10];
  printf("short buffer: %u '%s'\n", waveOutGetErrorTextA(MMSYSERR_BADDEVICEID, small, sizeof small), small);
  printf("null buffer: %u\n", waveOutGetErrorTextA(0, NULL, 10));
  WCHAR wsmall[10];
  UINT r = waveOutGetErrorTextW(MMSYSERR_BADDEVICEID, wsmall, 10);
  printf("short wide buffer: %u %d\n", r, (int)wcslen(wsmall));
}

// Waits (at most 5 s) until every one of `n` headers is done.
static int wait_done(WAVEHDR* h, int n) {
  for (int t = 0; t < 500; ++t) {
    int done = 1;
    for (int i = 0; i < n; ++i) done &= (h[i].dwFlags & WHDR_DONE) != 0;
    if (done) return 1;
    Sleep(10);
  }
  return 0;
}

static void no_device(void) {
  WAVEOUTCAPSW caps;
  WAVEFORMATEX f = pcm(2, 44100, 16);
  HWAVEOUT h = NULL;
  printf("caps of device 0: %u\n", waveOutGetDevCapsW(0, &caps, sizeof caps));
  printf("open device 0: %u\n", waveOutOpen(&h, 0, &f, 0, 0, CALLBACK_NULL));
  printf("query device 0: %u\n", waveOutOpen(NULL, 0, &f, 0, 0, WAVE_FORMAT_QUERY));
  printf("open the mapper: %u\n", waveOutOpen(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL));
  printf("query the mapper: %u\n", waveOutOpen(NULL, WAVE_MAPPER, &f, 0, 0, WAVE_FORMAT_QUERY));
  memset(&caps, 0, sizeof caps);
  UINT r = waveOutGetDevCapsW(WAVE_MAPPER, &caps, sizeof caps);
  printf("caps mapper: %u channels %u support %#lx formats %#lx\n", r, caps.wChannels, caps.dwSupport, caps.dwFormats);
  printf("wave in devices: %u\n", waveInGetNumDevs());
  error_texts();
}

static short tone[8000 * 2];  // 8000 Hz mono 16-bit: at most 2 s, 1600 bytes a 100 ms

int main(void) {
  main_thread = GetCurrentThreadId();
  for (int i = 0; i < 8000 * 2; ++i) tone[i] = (short)((i % 40) * 800 - 16000);
  UINT n = waveOutGetNumDevs();
  printf("output devices: %u\n", n);
  if (n == 0) {
    no_device();
    return 0;
  }

  // The devices.
  WAVEOUTCAPSW caps;
  memset(&caps, 0, sizeof caps);
  UINT r = waveOutGetDevCapsW(0, &caps, sizeof caps);
  printf("caps 0: %u channels %u support %#lx formats %#lx named %d\n", r, caps.wChannels, caps.dwSupport,
         caps.dwFormats, caps.szPname[0] != 0);
  WAVEOUTCAPSA capsa;
  memset(&capsa, 0, sizeof capsa);
  r = waveOutGetDevCapsA(0, &capsa, sizeof capsa);
  printf("caps A 0: %u channels %u named %d\n", r, capsa.wChannels, capsa.szPname[0] != 0);
  memset(&caps, 0, sizeof caps);
  r = waveOutGetDevCapsW(WAVE_MAPPER, &caps, sizeof caps);
  printf("caps mapper: %u channels %u support %#lx formats %#lx\n", r, caps.wChannels, caps.dwSupport, caps.dwFormats);
  printf("caps of device %u: %u\n", n, waveOutGetDevCapsW(n, &caps, sizeof caps));
  printf("caps null: %u\n", waveOutGetDevCapsW(0, NULL, sizeof caps));

  // Formats asked about.
  WAVEFORMATEX f = pcm(2, 44100, 16);
  printf("query PCM 16-bit stereo 44100: %u\n", waveOutOpen(NULL, WAVE_MAPPER, &f, 0, 0, WAVE_FORMAT_QUERY));
  f = pcm(1, 11025, 8);
  printf("query PCM 8-bit mono 11025 on device 0: %u\n", waveOutOpen(NULL, 0, &f, 0, 0, WAVE_FORMAT_QUERY));
  f = pcm(2, 48000, 32);
  f.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
  printf("query float stereo 48000: %u\n", waveOutOpen(NULL, WAVE_MAPPER, &f, 0, 0, WAVE_FORMAT_QUERY));
  WAVEFORMATEXTENSIBLE x;
  memset(&x, 0, sizeof x);
  x.Format = pcm(2, 48000, 32);
  x.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
  x.Format.cbSize = 22;
  x.Samples.wValidBitsPerSample = 32;
  x.dwChannelMask = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT;
  x.SubFormat = kSubtypeFloat;
  printf("query extensible float: %u\n", waveOutOpen(NULL, WAVE_MAPPER, &x.Format, 0, 0, WAVE_FORMAT_QUERY));
  x.SubFormat = kSubtypePcm;
  x.Format.wBitsPerSample = 16;
  x.Samples.wValidBitsPerSample = 16;
  x.Format.nBlockAlign = 4;
  x.Format.nAvgBytesPerSec = 48000 * 4;
  printf("query extensible PCM: %u\n", waveOutOpen(NULL, 0, &x.Format, 0, 0, WAVE_FORMAT_QUERY));
  f = pcm(2, 44100, 16);
  f.wFormatTag = 0x1234;
  printf("query an unknown format: %u\n", waveOutOpen(NULL, WAVE_MAPPER, &f, 0, 0, WAVE_FORMAT_QUERY));

  // Opening wrongly.
  HWAVEOUT h = NULL;
  f = pcm(1, 8000, 16);
  printf("open without a handle: %u\n", waveOutOpen(NULL, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL));
  printf("open device %u: %u\n", n, waveOutOpen(&h, n, &f, 0, 0, CALLBACK_NULL));
  printf("open for a window that is none: %u\n", waveOutOpen(&h, WAVE_MAPPER, &f, 0x1234, 0, CALLBACK_WINDOW));

  // Four buffers of 100 ms, a callback function: the messages in order, the flags each time.
  r = waveOutOpen(&h, WAVE_MAPPER, &f, (DWORD_PTR)on_wave, 0x1234, CALLBACK_FUNCTION);
  printf("open with a function: %u\n", r);
  if (r != MMSYSERR_NOERROR) return 1;
  for (int i = 0; i < 4; ++i) {
    memset(&headers[i], 0, sizeof headers[i]);
    headers[i].lpData = (LPSTR)(tone + 800 * i);
    headers[i].dwBufferLength = 1600;
  }
  printf("write unprepared: %u\n", waveOutWrite(h, &headers[0], sizeof(WAVEHDR)));
  printf("prepare short: %u\n", waveOutPrepareHeader(h, &headers[0], sizeof(WAVEHDR) - 1));
  for (int i = 0; i < 4; ++i) {
    r = waveOutPrepareHeader(h, &headers[i], sizeof(WAVEHDR));
    printf("prepare %d: %u flags %#lx\n", i, r, headers[i].dwFlags);
  }
  DWORD start = GetTickCount();
  for (int i = 0; i < 4; ++i) {
    r = waveOutWrite(h, &headers[i], sizeof(WAVEHDR));
    printf("write %d: %u flags %#lx\n", i, r, headers[i].dwFlags);
  }
  printf("write again while queued: %u\n", waveOutWrite(h, &headers[3], sizeof(WAVEHDR)));
  printf("unprepare while queued: %u\n", waveOutUnprepareHeader(h, &headers[3], sizeof(WAVEHDR)));
  printf("all done: %d\n", wait_done(headers, 4));
  DWORD took = GetTickCount() - start;
  printf("took the audio's length (400 ms): %s\n", took >= 350 ? "yes" : "no");
  MMTIME t;
  t.wType = TIME_BYTES;
  r = waveOutGetPosition(h, &t, sizeof t);
  printf("position: %u type %u bytes %lu\n", r, t.wType, t.u.cb);
  t.wType = TIME_SAMPLES;
  waveOutGetPosition(h, &t, sizeof t);
  printf("position: type %u samples %lu\n", t.wType, t.u.sample);
  t.wType = TIME_MS;
  waveOutGetPosition(h, &t, sizeof t);
  printf("position: type %u ms %lu\n", t.wType, t.u.ms);
  t.wType = TIME_SMPTE;
  waveOutGetPosition(h, &t, sizeof t);
  printf("position: type %u\n", t.wType);
  printf("position with a short MMTIME: %u\n", waveOutGetPosition(h, &t, sizeof t - 1));
  printf("position with no MMTIME: %u\n", waveOutGetPosition(h, NULL, sizeof t));
  for (int i = 0; i < 4; ++i) {
    r = waveOutUnprepareHeader(h, &headers[i], sizeof(WAVEHDR));
    printf("unprepare %d: %u flags %#lx\n", i, r, headers[i].dwFlags);
  }
  printf("unprepare again: %u\n", waveOutUnprepareHeader(h, &headers[0], sizeof(WAVEHDR)));
  printf("close: %u\n", waveOutClose(h));
  printf("close again: %u\n", waveOutClose(h));
  LONG got = n_events;
  for (LONG i = 0; i < got && i < 64; ++i) {
    if (events[i].header >= 0)
      printf("callback %s header %d flags %#lx%s\n", msg_name(events[i].msg), events[i].header, events[i].flags,
             events[i].on_main ? " (main thread)" : "");
    else
      printf("callback %s%s\n", msg_name(events[i].msg), events[i].on_main ? " (main thread)" : "");
  }

  // An event for notification; three long buffers, reset while they play.
  HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
  r = waveOutOpen(&h, 0, &f, (DWORD_PTR)ev, 0, CALLBACK_EVENT);
  printf("open with an event: %u, event set: %d\n", r, WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
  for (int i = 0; i < 3; ++i) {
    memset(&headers[i], 0, sizeof headers[i]);
    headers[i].lpData = (LPSTR)tone;
    headers[i].dwBufferLength = 8000;  // 500 ms
    waveOutPrepareHeader(h, &headers[i], sizeof(WAVEHDR));
    waveOutWrite(h, &headers[i], sizeof(WAVEHDR));
  }
  Sleep(100);
  printf("playing: flags %#lx %#lx %#lx\n", headers[0].dwFlags, headers[1].dwFlags, headers[2].dwFlags);
  r = waveOutReset(h);
  printf("reset: %u flags %#lx %#lx %#lx, event set: %d\n", r, headers[0].dwFlags, headers[1].dwFlags,
         headers[2].dwFlags, WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
  t.wType = TIME_BYTES;
  waveOutGetPosition(h, &t, sizeof t);
  printf("position after reset: %lu\n", t.u.cb);
  for (int i = 0; i < 3; ++i) waveOutUnprepareHeader(h, &headers[i], sizeof(WAVEHDR));

  // Paused before anything is written: nothing plays until waveOutRestart.
  printf("pause: %u\n", waveOutPause(h));
  memset(&headers[0], 0, sizeof headers[0]);
  headers[0].lpData = (LPSTR)tone;
  headers[0].dwBufferLength = 1600;
  waveOutPrepareHeader(h, &headers[0], sizeof(WAVEHDR));
  waveOutWrite(h, &headers[0], sizeof(WAVEHDR));
  Sleep(300);
  printf("paused: flags %#lx\n", headers[0].dwFlags);
  printf("restart: %u\n", waveOutRestart(h));
  printf("done after restart: %d\n", wait_done(headers, 1));
  t.wType = TIME_BYTES;
  waveOutGetPosition(h, &t, sizeof t);
  printf("position: %lu\n", t.u.cb);
  waveOutUnprepareHeader(h, &headers[0], sizeof(WAVEHDR));
  WaitForSingleObject(ev, 0);
  r = waveOutClose(h);
  printf("close: %u, event set: %d\n", r, WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
  CloseHandle(ev);

  // Volume: both channels' of a stereo stream.
  f = pcm(2, 8000, 16);
  r = waveOutOpen(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL);
  DWORD vol = 0;
  UINT rv = waveOutGetVolume(h, &vol);
  printf("open stereo: %u, volume: %u %#lx\n", r, rv, vol);
  printf("set volume: %u\n", waveOutSetVolume(h, 0x0000ffff));
  rv = waveOutGetVolume(h, &vol);
  printf("volume: %u %#lx\n", rv, vol);
  printf("volume to null: %u\n", waveOutGetVolume(h, NULL));
  printf("close: %u\n", waveOutClose(h));

  // Handles that are none.
  printf("write to no device: %u\n", waveOutWrite(NULL, &headers[0], sizeof(WAVEHDR)));
  printf("reset no device: %u\n", waveOutReset(NULL));
  printf("pause no device: %u\n", waveOutPause(NULL));

  error_texts();

  // Closing while a buffer plays (last: wine closes the device all the same).
  f = pcm(1, 8000, 16);
  waveOutOpen(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL);
  memset(&headers[0], 0, sizeof headers[0]);
  headers[0].lpData = (LPSTR)tone;
  headers[0].dwBufferLength = 8000;
  waveOutPrepareHeader(h, &headers[0], sizeof(WAVEHDR));
  waveOutWrite(h, &headers[0], sizeof(WAVEHDR));
  r = waveOutClose(h);
  printf("close while playing: %u\n", r);
  if (r == WAVERR_STILLPLAYING) {
    waveOutReset(h);
    waveOutUnprepareHeader(h, &headers[0], sizeof(WAVEHDR));
    waveOutClose(h);
  }
  return 0;
}
