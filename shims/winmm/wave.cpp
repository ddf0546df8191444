// WINMM.dll's waveform audio: waveOut* (playback) and waveIn* (recording) on the host's sound
// server (winmm/pulse_client.h). The devices are the server's: output device 0 is its default sink and
// input device 0 its default source, named by their descriptions; with no server there are none
// (waveOutGetNumDevs 0, and opening answers MMSYSERR_BADDEVICEID). The device list is read once,
// at the first call that needs it, as Windows' WINMM reads it when it loads.
//
// Each open device has a connection and a stream of its own and a guest thread that serves it:
// it sends queued buffers as the server asks for them, reads back how far the server has played
// (its read index less what still waits in the sink), and returns each buffer once its last sample
// has been played, at the format's real rate: WHDR_DONE set, WHDR_INQUEUE cleared, then WOM_DONE
// (CALLBACK_FUNCTION called on that thread, CALLBACK_EVENT's event set). WOM_OPEN and WOM_CLOSE are
// delivered on the calling thread before waveOutOpen and waveOutClose return, and waveOutReset
// returns the buffers it drops there too, as Windows does. The program's calls hand the thread
// what needs the server (a flush, a cork, a volume) and wait for it.
//
// Callbacks: CALLBACK_FUNCTION and CALLBACK_EVENT as above. CALLBACK_WINDOW needs a window, and
// polyrun's USER32 has none, so any non-null HWND is not a window (MMSYSERR_INVALPARAM, as
// Windows answers for one); a null one asks for no notification. CALLBACK_THREAD posts MM_WOM_*
// to the thread's message queue: no thread has one here (USER32 has no message queues), and a
// post to a thread without one is dropped, as Windows drops it.
#include <sys/eventfd.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/core/guest_memory.h"
#include "shims/winmm/pulse_client.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

namespace pa = pulse;

// mmsystem.h
constexpr uint32_t MMSYSERR_NOERROR = 0, MMSYSERR_ERROR = 1, MMSYSERR_BADDEVICEID = 2, MMSYSERR_INVALHANDLE = 5,
                   MMSYSERR_NOMEM = 7, MMSYSERR_BADERRNUM = 9, MMSYSERR_INVALPARAM = 11;
constexpr uint32_t WAVERR_BADFORMAT = 32, WAVERR_STILLPLAYING = 33, WAVERR_UNPREPARED = 34;
constexpr uint32_t kWaveMapper = 0xffffffff;
constexpr uint32_t WAVE_FORMAT_QUERY = 0x1;
constexpr uint32_t CALLBACK_TYPEMASK = 0x70000, CALLBACK_NULL = 0, CALLBACK_WINDOW = 0x10000, CALLBACK_THREAD = 0x20000,
                   CALLBACK_FUNCTION = 0x30000, CALLBACK_EVENT = 0x50000;
constexpr uint32_t WOM_OPEN = 0x3bb, WOM_CLOSE = 0x3bc, WOM_DONE = 0x3bd, WIM_OPEN = 0x3be, WIM_CLOSE = 0x3bf,
                   WIM_DATA = 0x3c0;
constexpr uint32_t WHDR_DONE = 0x1, WHDR_PREPARED = 0x2, WHDR_BEGINLOOP = 0x4, WHDR_ENDLOOP = 0x8, WHDR_INQUEUE = 0x10;
constexpr uint32_t TIME_SAMPLES = 2, TIME_BYTES = 4;
constexpr uint32_t WAVECAPS_VOLUME = 0x4, WAVECAPS_LRVOLUME = 0x8, WAVECAPS_SAMPLEACCURATE = 0x20;
constexpr uint16_t WAVE_FORMAT_PCM = 1, WAVE_FORMAT_IEEE_FLOAT = 3, WAVE_FORMAT_EXTENSIBLE = 0xfffe;
constexpr uint32_t kMmtimeSize = 12;

// How long the server keeps ahead of what is heard, and the smallest request it makes: a buffer as
// short as Windows' own shared-mode mixer keeps (wine asks its audio client for 100 ms too).
constexpr uint32_t kTargetMs = 100, kRequestMs = 10;
// How often the device thread asks the server how far it has played while buffers wait.
constexpr uint32_t kPollMs = 5;

// The server's devices, read once.
struct WaveHostDevices {
  bool read = false;
  std::optional<std::string> output, input;  // their names, where there is one
};
WaveHostDevices& wave_host_devices() {
  static WaveHostDevices d;
  return d;
}

const WaveHostDevices& host_devices(WindowsProcess& p) {
  WaveHostDevices& d = wave_host_devices();
  if (d.read) return d;
  d.read = true;
  blocking(p, [&] {
    pa::Connection c;
    if (!c.open("polyrun")) return 0;
    std::string name;
    if (c.default_device_description(true, &name)) d.output = name;
    if (c.default_device_description(false, &name)) d.input = name;
    return 0;
  });
  return d;
}

// A stream format from a WAVEFORMATEX as Windows' mapper takes it: PCM of 8, 16, 24 or 32 bits,
// IEEE float of 32, either also as WAVE_FORMAT_EXTENSIBLE (32-bit containers of 24 valid bits
// too), at most 32 channels and 384 kHz. Other encodings would need an ACM codec: none here.
struct WaveFormat {
  pa::StreamFormat stream;
  uint32_t block_align = 0, rate = 0;
};

std::optional<WaveFormat> parse_format(uint64_t fmt) {
  const uint16_t tag = get<uint16_t>(fmt), channels = get<uint16_t>(fmt + 2);
  const uint32_t rate = get<uint32_t>(fmt + 4);
  uint16_t bits = get<uint16_t>(fmt + 14);
  bool is_float = tag == WAVE_FORMAT_IEEE_FLOAT;
  uint16_t valid = bits;
  uint32_t mask = 0;
  if (tag == WAVE_FORMAT_EXTENSIBLE) {
    if (get<uint16_t>(fmt + 16) < 22) return std::nullopt;
    valid = get<uint16_t>(fmt + 18);
    mask = get<uint32_t>(fmt + 20);
    // KSDATAFORMAT_SUBTYPE_PCM and _IEEE_FLOAT: {0000000X-0000-0010-8000-00aa00389b71}.
    static const uint8_t tail[12] = {0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};
    const uint32_t first = get<uint32_t>(fmt + 24);
    if (std::memcmp(reinterpret_cast<const void*>(fmt + 28), tail, 12) != 0 || (first != 1 && first != 3)) return std::nullopt;
    is_float = first == 3;
    if (valid == 0) valid = bits;
  } else if (tag != WAVE_FORMAT_PCM && tag != WAVE_FORMAT_IEEE_FLOAT) {
    return std::nullopt;
  }
  if (channels == 0 || channels > pa::kMaxChannels || rate == 0 || rate > pa::kMaxRate) return std::nullopt;
  WaveFormat w;
  if (is_float) {
    if (bits != 32 || valid != 32) return std::nullopt;
    w.stream.format = pa::kFloat32LE;
  } else if (bits == 8 && valid == 8) {
    w.stream.format = pa::kU8;
  } else if (bits == 16 && valid == 16) {
    w.stream.format = pa::kS16LE;
  } else if (bits == 24 && valid == 24) {
    w.stream.format = pa::kS24LE;
  } else if (bits == 32 && valid == 32) {
    w.stream.format = pa::kS32LE;
  } else if (bits == 32 && valid == 24) {
    w.stream.format = pa::kS24_32LE;
  } else {
    return std::nullopt;
  }
  w.stream.rate = rate;
  // Speakers: the channel mask's, in its bit order (SPEAKER_FRONT_LEFT …); without one, Windows'
  // defaults for the count (KSAUDIO_SPEAKER_MONO, STEREO, QUAD, 5POINT1, 7POINT1); channels beyond
  // the positions named are auxiliary ones.
  static const uint8_t kSpeakers[18] = {pa::kFrontLeft, pa::kFrontRight, pa::kFrontCenter, pa::kLfe,
                                        pa::kRearLeft, pa::kRearRight, pa::kFrontLeftOfCenter,
                                        pa::kFrontRightOfCenter, pa::kRearCenter, pa::kSideLeft, pa::kSideRight,
                                        pa::kTopCenter, pa::kTopFrontLeft, pa::kTopFrontCenter,
                                        pa::kTopFrontRight, pa::kTopRearLeft, pa::kTopRearCenter,
                                        pa::kTopRearRight};
  if (!mask) {
    switch (channels) {
      case 1: w.stream.positions = {pa::kMono}; break;
      case 2: mask = 0x3; break;
      case 4: mask = 0x33; break;
      case 6: mask = 0x3f; break;
      case 8: mask = 0x63f; break;
      default: break;
    }
  }
  for (unsigned bit = 0; bit < 18 && w.stream.positions.size() < channels; ++bit)
    if (mask & (1u << bit)) w.stream.positions.push_back(kSpeakers[bit]);
  for (uint8_t aux = 0; w.stream.positions.size() < channels; ++aux)
    w.stream.positions.push_back(static_cast<uint8_t>(pa::kAux0 + aux));
  w.block_align = channels * (bits / 8);
  w.rate = rate;
  return w;
}

// WAVEHDR: lpData, dwBufferLength, dwBytesRecorded, dwUser, dwFlags, dwLoops, lpNext, reserved.
struct WaveHeaderLayout {
  uint32_t ps;
  uint64_t data(uint64_t h) const { return h; }
  uint64_t length(uint64_t h) const { return h + ps; }
  uint64_t recorded(uint64_t h) const { return h + ps + 4; }
  uint64_t flags(uint64_t h) const { return h + 2 * ps + 8; }
  uint64_t loops(uint64_t h) const { return h + 2 * ps + 12; }
  uint64_t next(uint64_t h) const { return h + 2 * ps + 16; }
  uint32_t size() const { return 4 * ps + 16; }
};

struct WaveDevice {
  bool output = true;
  uint64_t handle = 0;
  WaveFormat format;
  // Notification.
  uint32_t callback_type = CALLBACK_NULL;
  uint64_t callback = 0, instance = 0;
  std::shared_ptr<Waitable> event;
  // The server: owned by the device thread once that runs.
  std::unique_ptr<pa::Connection> conn;
  int wake = -1;  // eventfd: the thread looks again
  uint32_t thread_id = 0;
  bool thread_done = false;
  bool closing = false;
  bool broken = false;  // the server went: nothing more plays or records

  // Buffers in the queue (WHDR_INQUEUE), oldest first.
  std::deque<uint64_t> queue;

  // Playback: where sending stands (a header of the queue by index, and the bytes of it sent),
  // loops (the header where the running loop starts and how many more times it plays), the
  // stream offsets (bytes since the stream began) at which each header's last play ends, and what
  // has been sent and played.
  size_t send_index = 0;
  uint32_t send_offset = 0;
  std::optional<size_t> loop_start;
  uint32_t loops_left = 0;
  std::deque<std::pair<uint64_t, uint64_t>> ends;  // (header, stream offset after it)
  uint64_t sent = 0;         // stream offset of the next byte sent
  uint64_t epoch = 0;        // stream offset where position 0 is (open, or the last reset)
  uint64_t played = 0;       // stream offset played up to, as last measured
  bool paused = false;
  uint32_t volume = 0xffffffff;

  // Recording: started (waveInStart) and the bytes captured since the last reset.
  bool started = false;
  uint64_t captured = 0;

  // What the program's calls ask of the thread, and a count of what it has done.
  bool want_flush = false, want_volume = false;
  std::optional<bool> want_cork;
  uint64_t requests = 0, served = 0;
};

std::map<uint64_t, std::shared_ptr<WaveDevice>>& wave_devices() {
  static std::map<uint64_t, std::shared_ptr<WaveDevice>> all;
  return all;
}

std::shared_ptr<WaveDevice> find_device(uint64_t handle, bool output) {
  auto it = wave_devices().find(handle);
  if (it == wave_devices().end() || it->second->output != output || it->second->closing) return nullptr;
  return it->second;
}

void wake_device(WaveDevice& d) {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t w = ::write(d.wake, &one, sizeof one);
}

// Tells the program: a callback function's call (hwo, uMsg, dwInstance, dwParam1, dwParam2) on
// the calling thread, or its event set.
void notify_program(WindowsProcess& p, WaveDevice& d, uint32_t msg, uint64_t param1) {
  switch (d.callback_type) {
    case CALLBACK_FUNCTION:
      if (d.callback) p.call_guest(d.callback, {d.handle, msg, d.instance, param1, 0});
      break;
    case CALLBACK_EVENT:
      if (d.event) set_waitable_level(p, *d.event, 1);
      break;
    case CALLBACK_THREAD: {
      static bool said = false;
      if (!said) log().debug("WINMM: MM_WOM/WIM messages to a thread: no thread has a message queue, nothing posted");
      said = true;
      break;
    }
    default: break;
  }
}

// A header leaves the queue: WHDR_DONE and not WHDR_INQUEUE, then the program hears of it.
void return_header(WindowsProcess& p, WaveDevice& d, uint64_t h) {
  const WaveHeaderLayout L{p.isa->ptr};
  put<uint32_t>(L.flags(h), (get<uint32_t>(L.flags(h)) & ~WHDR_INQUEUE) | WHDR_DONE);
  notify_program(p, d, d.output ? WOM_DONE : WIM_DATA, h);
}

// Asks the device thread for what the server must do, and waits until it has.
// (From the device thread itself, a callback asking, it is done at once.)
void serve_requests(WindowsProcess& p, WaveDevice& d);
void ask_thread(WindowsProcess& p, WaveDevice& d) {
  const uint64_t ticket = ++d.requests;
  if (p.thread().id == d.thread_id) return serve_requests(p, d);
  wake_device(d);
  wait_until(p, kInfinite, [&] { return d.served >= ticket || d.thread_done; });
}

// Playback: the next bytes to send (at most `limit`), copied from the program's buffers, moving
// through loops as WHDR_BEGINLOOP/WHDR_ENDLOOP and dwLoops say. The end of a header's last play is
// remembered for its return.
std::vector<uint8_t> take_output(WindowsProcess& p, WaveDevice& d, uint64_t limit) {
  const WaveHeaderLayout L{p.isa->ptr};
  std::vector<uint8_t> out;
  while (out.size() < limit && d.send_index < d.queue.size()) {
    const uint64_t h = d.queue[d.send_index];
    const uint32_t flags = get<uint32_t>(L.flags(h));
    if (d.send_offset == 0 && (flags & WHDR_BEGINLOOP) && !d.loop_start) {
      d.loop_start = d.send_index;
      d.loops_left = std::max<uint32_t>(get<uint32_t>(L.loops(h)), 1);
    }
    const uint32_t length = get<uint32_t>(L.length(h)) / d.format.block_align * d.format.block_align;
    const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(length - d.send_offset, limit - out.size()));
    if (n) {
      const auto* src = reinterpret_cast<const uint8_t*>(p.get_ptr(L.data(h)));
      out.insert(out.end(), src + d.send_offset, src + d.send_offset + n);
      d.send_offset += n;
    }
    if (d.send_offset < length) break;
    // The header is sent whole: again from the loop's start if the loop plays once more.
    d.send_offset = 0;
    const bool last_play = !d.loop_start || d.loops_left <= 1;
    if (last_play) d.ends.emplace_back(h, d.sent + out.size());
    if ((flags & WHDR_ENDLOOP) && d.loop_start) {
      if (--d.loops_left > 0) {
        d.send_index = *d.loop_start;
        continue;
      }
      d.loop_start.reset();
    }
    ++d.send_index;
  }
  return out;
}

// Playback: the headers whose last sample has been played leave the queue.
void finish_played(WindowsProcess& p, WaveDevice& d) {
  while (!d.ends.empty() && d.ends.front().second <= d.played && !d.queue.empty() && d.queue.front() == d.ends.front().first) {
    const uint64_t h = d.queue.front();
    d.queue.pop_front();
    d.ends.pop_front();
    if (d.send_index > 0) --d.send_index;
    if (d.loop_start) {
      if (*d.loop_start > 0) --*d.loop_start;
    }
    return_header(p, d, h);
    if (d.closing || p.stopping()) return;
  }
}

// Recording: what the server sent goes into the queued headers; a full one is returned.
void fill_recorded(WindowsProcess& p, WaveDevice& d) {
  const WaveHeaderLayout L{p.isa->ptr};
  std::deque<uint8_t>& in = d.conn->recorded();
  while (!in.empty() && !d.queue.empty()) {
    const uint64_t h = d.queue.front();
    const uint32_t length = get<uint32_t>(L.length(h)), have = get<uint32_t>(L.recorded(h));
    const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(length - have, in.size()));
    auto* dst = reinterpret_cast<uint8_t*>(p.get_ptr(L.data(h)));
    std::copy(in.begin(), in.begin() + n, dst + have);
    in.erase(in.begin(), in.begin() + n);
    put<uint32_t>(L.recorded(h), have + n);
    d.captured += n;
    if (length - (have + n) < d.format.block_align) {
      d.queue.pop_front();
      return_header(p, d, h);
      if (d.closing || p.stopping()) return;
    }
  }
  // With no buffer to take it, what was recorded is lost, as on Windows.
  if (d.queue.empty()) {
    d.captured += in.size();
    in.clear();
  }
}

// Server volumes from WINMM's 16-bit left/right amplitudes (PulseAudio's volume is cubic).
std::vector<uint32_t> server_volumes(const WaveDevice& d) {
  auto vol = [](uint32_t v) { return static_cast<uint32_t>(std::lround(std::cbrt(v / 65535.0) * 0x10000)); };
  const size_t n = d.format.stream.positions.size();
  std::vector<uint32_t> out(n, vol(d.volume & 0xffff));
  if (n > 1) {
    for (size_t i = 0; i < n; ++i) {
      const uint8_t pos = d.format.stream.positions[i];
      const bool right = pos == pa::kFrontRight || pos == pa::kRearRight || pos == pa::kSideRight ||
                         pos == pa::kFrontRightOfCenter || pos == pa::kTopFrontRight || pos == pa::kTopRearRight;
      if (right) out[i] = vol(d.volume >> 16);
    }
  }
  return out;
}

// The server is gone: what is queued can never play or fill, so it is returned.
void lose_server(WindowsProcess& p, WaveDevice& d) {
  if (!d.broken) log().warn("WINMM: the sound server went away; the device's buffers are returned unplayed");
  d.broken = true;
  while (!d.queue.empty() && !d.closing && !p.stopping()) {
    const uint64_t h = d.queue.front();
    d.queue.pop_front();
    return_header(p, d, h);
  }
  d.ends.clear();
  d.send_index = d.send_offset = 0;
}

// Does what the program's calls asked of the server (a cork, a flush, a volume).
void serve_requests(WindowsProcess& p, WaveDevice& d) {
  pa::Connection& c = *d.conn;
  const uint64_t upto = d.requests;
  const bool flush = d.want_flush, volume = d.want_volume;
  const std::optional<bool> cork = d.want_cork;
  d.want_flush = d.want_volume = false;
  d.want_cork.reset();
  const std::vector<uint32_t> volumes = server_volumes(d);
  pa::PlaybackTiming t;
  bool timed = false;
  const bool output = d.output;
  const bool ok = d.broken || blocking(p, [&] {
    if (cork && !c.cork(*cork)) return false;
    if (flush && !c.flush()) return false;
    if (flush && output) timed = c.playback_timing(&t);
    if (volume && !c.set_volume(volumes)) return false;
    return true;
  });
  if (flush && output) {
    // The server drops what it had not played and goes on writing where it stopped reading.
    const uint64_t at = timed ? static_cast<uint64_t>(std::max<int64_t>(t.read_index, 0)) : d.sent;
    d.sent = d.epoch = d.played = at;
  }
  d.served = upto;
  if (!ok) lose_server(p, d);
  p.wake_waiters();
}

// The device thread.
void serve_device(WindowsProcess& p, std::shared_ptr<WaveDevice> d) {
  pa::Connection& c = *d->conn;
  const uint64_t bytes_per_second = static_cast<uint64_t>(d->format.rate) * d->format.block_align;
  while (!d->closing && !p.stopping()) {
    if (d->served < d->requests) {
      serve_requests(p, *d);
      continue;
    }
    if (d->broken) {
      blocking(p, [&] {
        pollfd w{d->wake, POLLIN, 0};
        uint64_t v;
        if (::poll(&w, 1, -1) > 0) [[maybe_unused]] ssize_t r = ::read(d->wake, &v, sizeof v);
        return 0;
      });
      continue;
    }
    bool ok = true;
    if (d->output) {
      // Send what the server asked for, then see how far it has played.
      const uint64_t requested = c.requested();
      std::vector<uint8_t> chunk = requested ? take_output(p, *d, requested) : std::vector<uint8_t>();
      d->sent += chunk.size();
      const bool waiting = !d->queue.empty();
      pa::PlaybackTiming t;
      bool timed = false;
      ok = blocking(p, [&] {
        if (!chunk.empty() && !c.write(chunk.data(), chunk.size())) return false;
        if (waiting) timed = c.playback_timing(&t);
        return c.is_open();
      });
      if (ok && timed) {
        // Played: what the server has read less what still waits in the sink before it is heard.
        // While the stream has run dry, the sink's latency is partly the silence played since.
        uint64_t ahead = t.latency_usec * bytes_per_second / 1000000;
        if (!t.playing) ahead = t.underrun_for >= ahead ? 0 : ahead - t.underrun_for;
        ahead = ahead / d->format.block_align * d->format.block_align;
        const uint64_t read = static_cast<uint64_t>(std::max<int64_t>(t.read_index, 0));
        const uint64_t heard = read > ahead ? read - ahead : 0;
        d->played = std::min(std::max(d->played, heard), d->sent);
        finish_played(p, *d);
      }
    } else {
      ok = blocking(p, [&] { return c.pump(); });
      if (ok) fill_recorded(p, *d);
    }
    if (!ok || c.stream_killed()) {
      lose_server(p, *d);
      continue;
    }
    if (d->closing || p.stopping()) break;
    // Wait for the server, the program, or (while buffers play) the next look at the position.
    const bool playing = d->output && !d->queue.empty() && !d->paused;
    const int fd = c.fd();
    blocking(p, [&] {
      pollfd fds[2] = {{d->wake, POLLIN, 0}, {fd, POLLIN, 0}};
      if (::poll(fds, 2, playing ? static_cast<int>(kPollMs) : -1) > 0 && (fds[0].revents & POLLIN)) {
        uint64_t v;
        [[maybe_unused]] ssize_t r = ::read(d->wake, &v, sizeof v);
      }
      if (d->output) c.pump();
      return 0;
    });
  }
  // The thread ends the stream (closing, or the process ending).
  blocking(p, [&] {
    d->conn.reset();
    return 0;
  });
  ::close(d->wake);
  d->wake = -1;
  d->thread_done = true;
  p.wake_waiters();
}

uint32_t check_wave_callback(uint64_t callback, uint32_t flags) {
  // CALLBACK_WINDOW: no HWND is a window here.
  if ((flags & CALLBACK_TYPEMASK) == CALLBACK_WINDOW && callback) return MMSYSERR_INVALPARAM;
  return MMSYSERR_NOERROR;
}

uint32_t open_device(WindowsProcess& p, bool output, Ptr out, uint32_t id, Ptr format, uint64_t callback,
                     uint64_t instance, uint32_t flags) {
  if (!out && !(flags & WAVE_FORMAT_QUERY)) return MMSYSERR_INVALPARAM;
  if (const uint32_t r = check_wave_callback(callback, flags)) return r;
  if (!format) return MMSYSERR_INVALPARAM;
  const WaveHostDevices& devs = host_devices(p);
  const bool have = output ? devs.output.has_value() : devs.input.has_value();
  const bool mapper = id == kWaveMapper || id == 0xffff;
  if (!have || (!mapper && id != 0)) return MMSYSERR_BADDEVICEID;
  const std::optional<WaveFormat> f = parse_format(format.addr);
  if (!f) return WAVERR_BADFORMAT;
  if (flags & WAVE_FORMAT_QUERY) return MMSYSERR_NOERROR;

  auto d = std::make_shared<WaveDevice>();
  d->output = output;
  d->format = *f;
  d->callback_type = flags & CALLBACK_TYPEMASK;
  d->callback = callback;
  d->instance = instance;
  if (d->callback_type == CALLBACK_EVENT) d->event = waitable_object(p, callback);
  d->conn = std::make_unique<pa::Connection>();
  const uint64_t bytes_per_second = static_cast<uint64_t>(f->rate) * f->block_align;
  const auto round = [&](uint64_t ms) {
    return static_cast<uint32_t>(std::max<uint64_t>(bytes_per_second * ms / 1000 / f->block_align, 1) * f->block_align);
  };
  const std::string name = output ? "waveOut" : "waveIn";
  const bool made = blocking(p, [&] {
    if (!d->conn->open("polyrun")) return false;
    // Playback starts with the first frame written and stops where the data runs out (a prebuffer
    // of one frame), as a waveform device plays what it is given; recording starts corked, until
    // waveInStart.
    return output ? d->conn->create_playback(f->stream, name, round(kTargetMs), f->block_align, round(kRequestMs), false)
                  : d->conn->create_record(f->stream, name, round(kRequestMs), true);
  });
  if (!made) return MMSYSERR_ERROR;  // (the server is there, and did not give a stream)
  d->wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  d->handle = p.heap.alloc(16, true);
  if (d->wake < 0 || !d->handle) {
    if (d->wake >= 0) ::close(d->wake);
    if (d->handle) p.heap.free(d->handle);
    return MMSYSERR_NOMEM;
  }
  uint32_t tid = 0;
  const uint64_t h = create_thread(p, 0, 0, 0, false, &tid, [d](WindowsProcess& q) {
    serve_device(q, d);
    return 0u;
  });
  if (!h) {
    ::close(d->wake);
    p.heap.free(d->handle);
    return MMSYSERR_NOMEM;
  }
  p.waitables.erase(h);  // (the thread's handle is not the program's)
  d->thread_id = tid;
  wave_devices()[d->handle] = d;
  p.put_ptr(out.addr, d->handle);
  notify_program(p, *d, output ? WOM_OPEN : WIM_OPEN, 0);
  return MMSYSERR_NOERROR;
}

uint32_t close_device(WindowsProcess& p, uint64_t handle, bool output) {
  std::shared_ptr<WaveDevice> d = find_device(handle, output);
  if (!d) return MMSYSERR_INVALHANDLE;
  // "If there are input buffers that have been sent with waveInAddBuffer and that haven't been
  // returned to the application, the close operation will fail"; so for output buffers playing.
  if (!d->queue.empty()) return WAVERR_STILLPLAYING;
  d->closing = true;
  wake_device(*d);
  if (p.thread().id != d->thread_id) wait_until(p, kInfinite, [&] { return d->thread_done; });
  // (Called from the device's own thread, a callback closing, the thread ends once it returns.)
  wave_devices().erase(handle);
  notify_program(p, *d, output ? WOM_CLOSE : WIM_CLOSE, 0);
  p.heap.free(handle);
  return MMSYSERR_NOERROR;
}

uint32_t prepare_header(WindowsProcess& p, uint64_t handle, Ptr header, uint32_t size, bool output) {
  const WaveHeaderLayout L{p.isa->ptr};
  if (!header || size < L.size()) return MMSYSERR_INVALPARAM;
  if (get<uint32_t>(L.flags(header.addr)) & WHDR_INQUEUE) return WAVERR_STILLPLAYING;
  if (!find_device(handle, output)) return MMSYSERR_INVALHANDLE;
  put<uint32_t>(L.flags(header.addr), (get<uint32_t>(L.flags(header.addr)) | WHDR_PREPARED) & ~WHDR_DONE);
  return MMSYSERR_NOERROR;
}

uint32_t unprepare_header(WindowsProcess& p, uint64_t handle, Ptr header, uint32_t size, bool output) {
  const WaveHeaderLayout L{p.isa->ptr};
  if (!header || size < L.size()) return MMSYSERR_INVALPARAM;
  const uint32_t flags = get<uint32_t>(L.flags(header.addr));
  if (!(flags & WHDR_PREPARED)) return MMSYSERR_NOERROR;
  if (flags & WHDR_INQUEUE) return WAVERR_STILLPLAYING;
  if (!find_device(handle, output)) return MMSYSERR_INVALHANDLE;
  put<uint32_t>(L.flags(header.addr), (flags & ~WHDR_PREPARED) | WHDR_DONE);
  return MMSYSERR_NOERROR;
}

// Queues a prepared header (playback: to play; recording: to fill).
uint32_t queue_header(WindowsProcess& p, uint64_t handle, Ptr header, uint32_t size, bool output) {
  const WaveHeaderLayout L{p.isa->ptr};
  if (!header || size < L.size()) return MMSYSERR_INVALPARAM;
  std::shared_ptr<WaveDevice> d = find_device(handle, output);
  if (!d) return MMSYSERR_INVALHANDLE;
  const uint32_t flags = get<uint32_t>(L.flags(header.addr));
  if (!(flags & WHDR_PREPARED) || !p.get_ptr(L.data(header.addr))) return WAVERR_UNPREPARED;
  if (flags & WHDR_INQUEUE) return WAVERR_STILLPLAYING;
  p.put_ptr(L.next(header.addr), 0);
  if (!output) put<uint32_t>(L.recorded(header.addr), 0);
  put<uint32_t>(L.flags(header.addr), (flags & ~WHDR_DONE) | WHDR_INQUEUE);
  d->queue.push_back(header.addr);
  if (d->broken) lose_server(p, *d);
  else wake_device(*d);
  return MMSYSERR_NOERROR;
}

// Drops what is queued (the server's too) and returns it, on the calling thread.
uint32_t reset_device(WindowsProcess& p, uint64_t handle, bool output) {
  std::shared_ptr<WaveDevice> d = find_device(handle, output);
  if (!d) return MMSYSERR_INVALHANDLE;
  std::deque<uint64_t> dropped;
  dropped.swap(d->queue);
  d->ends.clear();
  d->send_index = d->send_offset = 0;
  d->loop_start.reset();
  if (output) {
    d->paused = false;  // "waveOutReset … stops playback"; a paused device plays what comes next
    d->want_cork = false;
  } else {
    d->started = false;
    d->want_cork = true;
    d->captured = 0;
  }
  d->want_flush = true;
  ask_thread(p, *d);
  for (uint64_t h : dropped) {
    return_header(p, *d, h);
    if (p.stopping()) break;
  }
  return MMSYSERR_NOERROR;
}

const char* const kMmErrorTexts[] = {
    "The specified command was carried out.",
    "Undefined external error.",
    "A device ID has been used that is out of range for your system.",
    "The driver was not enabled.",
    "The specified device is already in use. Wait until it is free, and then try again.",
    "The specified device handle is invalid.",
    "There is no driver installed on your system!",
    "Not enough memory available for this task. Quit one or more applications to increase available memory, and then try again.",
    "This function is not supported. Use the Capabilities function to determine which functions and messages the driver supports.",
    "An error number was specified that is not defined in the system.",
    "An invalid flag was passed to a system function.",
    "An invalid parameter was passed to a system function.",
};
const char* const kWaveErrorTexts[] = {
    "The specified format is not supported or cannot be translated. Use the Capabilities function to determine the supported formats.",
    "Cannot perform this operation while media data is still playing. Reset the device, or wait until the data is finished playing.",
    "The wave header was not prepared. Use the Prepare function to prepare the header, and then try again.",
    "Cannot open the device without using the WAVE_ALLOWSYNC flag. Use the flag, and then try again.",
};

const char* mm_error_text(uint32_t error) {
  if (error < std::size(kMmErrorTexts)) return kMmErrorTexts[error];
  if (error >= WAVERR_BADFORMAT && error < WAVERR_BADFORMAT + std::size(kWaveErrorTexts)) return kWaveErrorTexts[error - WAVERR_BADFORMAT];
  return nullptr;
}

// The text of an MMRESULT, cut to `size` characters with its NUL (MMSYSERR_BADERRNUM for a code
// with none).
uint32_t waveOutGetErrorTextW(WindowsProcess&, uint32_t error, Ptr text, uint32_t size) {
  if (!text) return MMSYSERR_INVALPARAM;
  if (size == 0) return MMSYSERR_NOERROR;
  const char* s = mm_error_text(error);
  if (!s) return MMSYSERR_BADERRNUM;
  const std::u16string w = utf8_to_utf16(s);
  const size_t n = std::min<size_t>(w.size(), size - 1);
  std::memcpy(text.as<char16_t>(), w.data(), 2 * n);
  text.as<char16_t>()[n] = 0;
  return MMSYSERR_NOERROR;
}
uint32_t waveOutGetErrorTextA(WindowsProcess&, uint32_t error, Ptr text, uint32_t size) {
  if (!text) return MMSYSERR_INVALPARAM;
  if (size == 0) return MMSYSERR_NOERROR;
  const char* s = mm_error_text(error);
  if (!s) return MMSYSERR_BADERRNUM;
  const size_t n = std::min<size_t>(std::strlen(s), size - 1);
  std::memcpy(text.as<char>(), s, n);
  text.as<char>()[n] = 0;
  return MMSYSERR_NOERROR;
}

// WAVEOUTCAPS / WAVEINCAPS: wMid, wPid, vDriverVersion, szPname[32], dwFormats, wChannels,
// wReserved1 and (output) dwSupport. The mapper answers too, whatever the devices; a device as
// the server's sink or source: every standard PCM format (WAVE_FORMAT_1M08 … WAVE_FORMAT_96S16),
// two channels, volume per channel and sample-accurate positions.
uint32_t get_caps(WindowsProcess& p, uint64_t id, Ptr caps, uint32_t size, bool output, bool wide) {
  if (!caps) return MMSYSERR_INVALPARAM;
  const WaveHostDevices& devs = host_devices(p);
  const bool mapper = id == kWaveMapper || id == 0xffff || (p.isa->ptr == 8 && id == ~0ull);
  std::string name;
  uint32_t formats;
  if (mapper) {
    name = "Microsoft Sound Mapper";
    formats = 0xffffffff;
  } else {
    const std::optional<std::string>& dev = output ? devs.output : devs.input;
    if (id != 0 || !dev) return MMSYSERR_BADDEVICEID;
    name = *dev;
    formats = 0xfffff;
  }
  std::vector<uint8_t> c(wide ? (output ? 84 : 80) : (output ? 52 : 48), 0);
  const uint16_t mid = 0xff, pid = 0xff;
  const uint32_t version = 0x00010001;
  std::memcpy(&c[0], &mid, 2);
  std::memcpy(&c[2], &pid, 2);
  std::memcpy(&c[4], &version, 4);
  size_t at = 8;
  if (wide) {
    std::u16string w = utf8_to_utf16(name).substr(0, 31);
    std::memcpy(&c[at], w.data(), 2 * w.size());
    at += 64;
  } else {
    name = utf8_to_ansi(name).substr(0, 31);  // (a host device's name, in the ANSI code page)
    std::memcpy(&c[at], name.data(), name.size());
    at += 32;
  }
  const uint16_t channels = 2;
  const uint32_t support = WAVECAPS_LRVOLUME | WAVECAPS_VOLUME | WAVECAPS_SAMPLEACCURATE;
  std::memcpy(&c[at], &formats, 4);
  std::memcpy(&c[at + 4], &channels, 2);
  if (output) std::memcpy(&c[at + 8], &support, 4);
  std::memcpy(caps.as<uint8_t>(), c.data(), std::min<size_t>(size, c.size()));
  return MMSYSERR_NOERROR;
}

// MMTIME {wType, union}: the position in samples or, for any other form asked for, in bytes
// with wType saying so (the forms the device keeps, as wine 8.0's mapper keeps them).
void put_position(uint64_t mmt, uint64_t bytes, const WaveFormat& f) {
  const uint32_t samples = static_cast<uint32_t>(bytes / f.block_align);
  if (get<uint32_t>(mmt) == TIME_SAMPLES) {
    put<uint32_t>(mmt + 4, samples);
    return;
  }
  put<uint32_t>(mmt, TIME_BYTES);
  put<uint32_t>(mmt + 4, static_cast<uint32_t>(samples * static_cast<uint64_t>(f.block_align)));
}

// An MMTIME argument: none (or no size) is MMSYSERR_INVALPARAM, one too small MMSYSERR_ERROR.
uint32_t check_mmtime(Ptr mmt, uint32_t size) {
  if (!mmt || !size) return MMSYSERR_INVALPARAM;
  return size < kMmtimeSize ? MMSYSERR_ERROR : MMSYSERR_NOERROR;
}

// --- waveOut ---

uint32_t waveOutGetNumDevs(WindowsProcess& p) { return host_devices(p).output ? 1 : 0; }
uint32_t waveOutGetDevCapsW(WindowsProcess& p, Ptr id, Ptr caps, uint32_t size) { return get_caps(p, id.addr, caps, size, true, true); }
uint32_t waveOutGetDevCapsA(WindowsProcess& p, Ptr id, Ptr caps, uint32_t size) { return get_caps(p, id.addr, caps, size, true, false); }

uint32_t waveOutOpen(WindowsProcess& p, Ptr out, uint32_t id, Ptr format, Ptr callback, Ptr instance, uint32_t flags) {
  return open_device(p, true, out, id, format, callback.addr, instance.addr, flags);
}
uint32_t waveOutClose(WindowsProcess& p, Ptr h) { return close_device(p, h.addr, true); }
uint32_t waveOutPrepareHeader(WindowsProcess& p, Ptr h, Ptr hdr, uint32_t size) { return prepare_header(p, h.addr, hdr, size, true); }
uint32_t waveOutUnprepareHeader(WindowsProcess& p, Ptr h, Ptr hdr, uint32_t size) { return unprepare_header(p, h.addr, hdr, size, true); }
uint32_t waveOutWrite(WindowsProcess& p, Ptr h, Ptr hdr, uint32_t size) { return queue_header(p, h.addr, hdr, size, true); }
uint32_t waveOutReset(WindowsProcess& p, Ptr h) { return reset_device(p, h.addr, true); }

uint32_t waveOutPause(WindowsProcess& p, Ptr h) {
  std::shared_ptr<WaveDevice> d = find_device(h.addr, true);
  if (!d) return MMSYSERR_INVALHANDLE;
  if (!d->paused) {
    d->paused = true;
    d->want_cork = true;
    ask_thread(p, *d);
  }
  return MMSYSERR_NOERROR;
}

uint32_t waveOutRestart(WindowsProcess& p, Ptr h) {
  std::shared_ptr<WaveDevice> d = find_device(h.addr, true);
  if (!d) return MMSYSERR_INVALHANDLE;
  if (d->paused) {
    d->paused = false;
    d->want_cork = false;
    ask_thread(p, *d);
  }
  return MMSYSERR_NOERROR;
}

// The position: bytes played since the device was opened or last reset.
uint32_t waveOutGetPosition(WindowsProcess&, Ptr h, Ptr mmt, uint32_t size) {
  if (const uint32_t r = check_mmtime(mmt, size)) return r;
  std::shared_ptr<WaveDevice> d = find_device(h.addr, true);
  if (!d) return MMSYSERR_INVALHANDLE;
  put_position(mmt.addr, d->played - d->epoch, d->format);
  return MMSYSERR_NOERROR;
}

// The volume: the left channel's in the low word, the right one's in the high word (a mono
// stream has the low word only).
uint32_t waveOutGetVolume(WindowsProcess&, Ptr h, Ptr out) {
  if (!out) return MMSYSERR_INVALPARAM;
  std::shared_ptr<WaveDevice> d = find_device(h.addr, true);
  if (!d) return MMSYSERR_INVALHANDLE;
  put<uint32_t>(out.addr, d->format.stream.positions.size() > 1 ? d->volume : d->volume & 0xffff);
  return MMSYSERR_NOERROR;
}

uint32_t waveOutSetVolume(WindowsProcess& p, Ptr h, uint32_t volume) {
  std::shared_ptr<WaveDevice> d = find_device(h.addr, true);
  if (!d) return MMSYSERR_INVALHANDLE;
  d->volume = volume;
  d->want_volume = true;
  ask_thread(p, *d);
  return MMSYSERR_NOERROR;
}

// --- waveIn ---

uint32_t waveInGetNumDevs(WindowsProcess& p) { return host_devices(p).input ? 1 : 0; }
uint32_t waveInGetDevCapsW(WindowsProcess& p, Ptr id, Ptr caps, uint32_t size) { return get_caps(p, id.addr, caps, size, false, true); }
uint32_t waveInGetDevCapsA(WindowsProcess& p, Ptr id, Ptr caps, uint32_t size) { return get_caps(p, id.addr, caps, size, false, false); }

uint32_t waveInOpen(WindowsProcess& p, Ptr out, uint32_t id, Ptr format, Ptr callback, Ptr instance, uint32_t flags) {
  return open_device(p, false, out, id, format, callback.addr, instance.addr, flags);
}
uint32_t waveInClose(WindowsProcess& p, Ptr h) { return close_device(p, h.addr, false); }
uint32_t waveInPrepareHeader(WindowsProcess& p, Ptr h, Ptr hdr, uint32_t size) { return prepare_header(p, h.addr, hdr, size, false); }
uint32_t waveInUnprepareHeader(WindowsProcess& p, Ptr h, Ptr hdr, uint32_t size) { return unprepare_header(p, h.addr, hdr, size, false); }
uint32_t waveInAddBuffer(WindowsProcess& p, Ptr h, Ptr hdr, uint32_t size) { return queue_header(p, h.addr, hdr, size, false); }
uint32_t waveInReset(WindowsProcess& p, Ptr h) { return reset_device(p, h.addr, false); }

uint32_t waveInStart(WindowsProcess& p, Ptr h) {
  std::shared_ptr<WaveDevice> d = find_device(h.addr, false);
  if (!d) return MMSYSERR_INVALHANDLE;
  if (!d->started) {
    d->started = true;
    d->want_cork = false;
    ask_thread(p, *d);
  }
  return MMSYSERR_NOERROR;
}

// Stops recording; the buffer being filled, if it holds anything, is returned.
uint32_t waveInStop(WindowsProcess& p, Ptr h) {
  std::shared_ptr<WaveDevice> d = find_device(h.addr, false);
  if (!d) return MMSYSERR_INVALHANDLE;
  if (d->started) {
    d->started = false;
    d->want_cork = true;
    ask_thread(p, *d);
  }
  const WaveHeaderLayout L{p.isa->ptr};
  if (!d->queue.empty() && get<uint32_t>(L.recorded(d->queue.front())) > 0) {
    const uint64_t hdr = d->queue.front();
    d->queue.pop_front();
    return_header(p, *d, hdr);
  }
  return MMSYSERR_NOERROR;
}

uint32_t waveInGetPosition(WindowsProcess&, Ptr h, Ptr mmt, uint32_t size) {
  if (const uint32_t r = check_mmtime(mmt, size)) return r;
  std::shared_ptr<WaveDevice> d = find_device(h.addr, false);
  if (!d) return MMSYSERR_INVALHANDLE;
  put_position(mmt.addr, d->captured, d->format);
  return MMSYSERR_NOERROR;
}

}  // namespace

// These join WINMM's table (winmm/winmm.cpp).
const std::vector<Export>& winmm_wave_exports() {
  static const std::vector<Export> exports = {
        EXPORT("waveOutGetNumDevs", waveOutGetNumDevs),
        EXPORT("waveOutGetDevCapsW", waveOutGetDevCapsW),
        EXPORT("waveOutGetDevCapsA", waveOutGetDevCapsA),
        EXPORT("waveOutGetErrorTextW", waveOutGetErrorTextW),
        EXPORT("waveOutGetErrorTextA", waveOutGetErrorTextA),
        EXPORT("waveOutOpen", waveOutOpen),
        EXPORT("waveOutClose", waveOutClose),
        EXPORT("waveOutPrepareHeader", waveOutPrepareHeader),
        EXPORT("waveOutUnprepareHeader", waveOutUnprepareHeader),
        EXPORT("waveOutWrite", waveOutWrite),
        EXPORT("waveOutReset", waveOutReset),
        EXPORT("waveOutPause", waveOutPause),
        EXPORT("waveOutRestart", waveOutRestart),
        EXPORT("waveOutGetPosition", waveOutGetPosition),
        EXPORT("waveOutGetVolume", waveOutGetVolume),
        EXPORT("waveOutSetVolume", waveOutSetVolume),
        EXPORT("waveInGetNumDevs", waveInGetNumDevs),
        EXPORT("waveInGetDevCapsW", waveInGetDevCapsW),
        EXPORT("waveInGetDevCapsA", waveInGetDevCapsA),
        EXPORT("waveInGetErrorTextW", waveOutGetErrorTextW),
        EXPORT("waveInGetErrorTextA", waveOutGetErrorTextA),
        EXPORT("waveInOpen", waveInOpen),
        EXPORT("waveInClose", waveInClose),
        EXPORT("waveInPrepareHeader", waveInPrepareHeader),
        EXPORT("waveInUnprepareHeader", waveInUnprepareHeader),
        EXPORT("waveInAddBuffer", waveInAddBuffer),
        EXPORT("waveInStart", waveInStart),
        EXPORT("waveInStop", waveInStop),
        EXPORT("waveInReset", waveInReset),
        EXPORT("waveInGetPosition", waveInGetPosition),
  };
  return exports;
}

}  // namespace polyrun::shims
