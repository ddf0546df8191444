// A client of the PulseAudio native protocol, the host's sound server (PulseAudio itself, or
// PipeWire's pulse server, which speaks the same protocol): WINMM's waveform devices are its default
// sink and source. polyrun speaks the protocol over the server's socket itself rather than through
// libpulse: the Release polyrun is one static executable, and Debian ships libpulse (like libasound
// and SDL2's dependencies) as shared libraries only, which a static program cannot link, and whose
// threads crash when a static program loads them with dlopen.
//
// Everything here is host code with no part in the Windows process: a Connection belongs to one
// thread at a time, and its calls block (each reply waited for 5 seconds at most), so callers make
// them with the execution lock released.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace polyrun::shims::pulse {

// pa_sample_format_t values.
enum SampleFormat : uint8_t {
  kU8 = 0,
  kS16LE = 3,
  kFloat32LE = 5,
  kS32LE = 7,
  kS24LE = 9,
  kS24_32LE = 11,
};

// pa_channel_position_t values used for Windows' speaker positions.
enum Position : uint8_t {
  kMono = 0,
  kFrontLeft = 1,
  kFrontRight = 2,
  kFrontCenter = 3,
  kRearCenter = 4,
  kRearLeft = 5,
  kRearRight = 6,
  kLfe = 7,
  kFrontLeftOfCenter = 8,
  kFrontRightOfCenter = 9,
  kSideLeft = 10,
  kSideRight = 11,
  kAux0 = 12,
  kTopCenter = 44,
  kTopFrontLeft = 45,
  kTopFrontRight = 46,
  kTopFrontCenter = 47,
  kTopRearLeft = 48,
  kTopRearRight = 49,
  kTopRearCenter = 50,
};

constexpr unsigned kMaxChannels = 32;  // PA_CHANNELS_MAX
constexpr uint32_t kMaxRate = 384000;  // PA_RATE_MAX

struct StreamFormat {
  SampleFormat format = kS16LE;
  uint32_t rate = 44100;
  std::vector<uint8_t> positions;  // one per channel
};

// GET_PLAYBACK_LATENCY's answer (byte counts in the stream's format).
struct PlaybackTiming {
  uint64_t latency_usec = 0;  // the sink's latency and what waits for it
  bool playing = false;
  int64_t write_index = 0, read_index = 0;
  uint64_t underrun_for = 0;  // bytes of silence played since the stream ran dry
};

class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Connects to the server ($PULSE_SERVER's unix socket, else $XDG_RUNTIME_DIR/pulse/native, else
  // the system server's) and authenticates; false when no server answers.
  bool open(const std::string& client_name);
  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  void close();

  // The description of the server's default sink (`sink`) or source, as its device name.
  bool default_device_description(bool sink, std::string* description);

  // A stream on the default sink or source, started corked if `corked`. Sizes in bytes.
  bool create_playback(const StreamFormat& f, const std::string& name, uint32_t target_length, uint32_t prebuffer,
                       uint32_t min_request, bool corked);
  bool create_record(const StreamFormat& f, const std::string& name, uint32_t fragment, bool corked);
  uint32_t stream_frame_bytes() const { return frame_bytes_; }

  // Playback: the bytes the server asked for and not yet sent, and sending audio (at most that many
  // are useful: more waits in the server's queue, up to its maximum).
  uint64_t requested() const { return requested_; }
  bool write(const void* data, size_t n);
  bool playback_timing(PlaybackTiming* t);
  bool cork(bool corked);
  bool flush();
  bool set_volume(const std::vector<uint32_t>& volumes);  // pa_volume_t per channel

  // Record: audio the server sent and not yet taken.
  std::deque<uint8_t>& recorded() { return recorded_; }

  // Reads what the server sent (requests, recorded audio) without blocking; false once the
  // connection is lost.
  bool pump();
  // Whether the server ended the stream (its device went, or it was killed).
  bool stream_killed() const { return killed_; }

 private:
  struct Tags;
  uint32_t next_tag();
  bool send_packet(uint32_t channel, const std::vector<uint8_t>& payload, bool with_credentials = false);
  // Sends a command and waits for its reply (other packets handled meanwhile); false on an error
  // reply, a lost connection or a time-out.
  bool request(std::vector<uint8_t> command, std::vector<uint8_t>* reply, bool with_credentials = false);
  // Reads one whole packet (waiting at most `timeout_ms`); 0 none yet, -1 the connection is lost.
  int read_packet(int timeout_ms);
  void handle_packet(uint32_t channel, std::vector<uint8_t>& payload);

  int fd_ = -1;
  uint32_t tag_ = 0;
  bool playback_ = false;
  uint32_t channel_ = 0xffffffff, stream_index_ = 0xffffffff;  // the stream's channel and sink input
  uint32_t frame_bytes_ = 0;
  unsigned channels_ = 0;
  uint64_t requested_ = 0;
  bool killed_ = false;
  std::deque<uint8_t> recorded_;
  // The reply being waited for: its tag, and where it is put.
  uint32_t awaited_ = 0xffffffff;
  bool answered_ = false, answer_ok_ = false;
  std::vector<uint8_t> answer_;
  std::vector<uint8_t> in_;  // bytes read and not yet a whole packet
};

}  // namespace polyrun::shims::pulse
