// WINMM.dll, PlaySound and sndPlaySound: a waveform sound (a RIFF WAVE image) from a file, from
// memory, from a module's "WAVE" resource or named by a system-event alias, played on WINMM's own
// waveform output (waveOut*, winmm/wave.cpp) — synchronously, or on a thread of its own with
// SND_ASYNC (SND_LOOP repeating it until the next PlaySound). One sound plays at a time: a new one
// stops the one playing, unless SND_NOSTOP, which then fails; PlaySound(NULL) stops it. An alias is
// the file its scheme names in the registry (HKCU\AppEvents\Schemes\Apps\.Default\ALIAS\.Current);
// a sound that cannot be found plays the default sound (the ".Default" alias) unless
// SND_NODEFAULT. With no output device nothing can play: PlaySound fails, but for an asynchronous
// sound, which has been found when the call returns and then plays nowhere.
#include <atomic>
#include <cstring>
#include <iterator>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ldr_resources.h"

namespace polyrun::shims {

namespace winmm_play_sound {

constexpr uint32_t SND_ASYNC = 0x1, SND_NODEFAULT = 0x2, SND_MEMORY = 0x4, SND_LOOP = 0x8, SND_NOSTOP = 0x10,
                   SND_ALIAS = 0x10000, SND_FILENAME = 0x20000, SND_RESOURCE = 0x40004, SND_ALIAS_ID = 0x110000;
constexpr uint32_t WHDR_DONE = 0x1;
constexpr uint32_t kRrfRtRegSz = 0x2, kRrfRtRegExpandSz = 0x4;

// A RIFF WAVE image's format (WAVEFORMATEX, as the "fmt " chunk holds it) and samples.
struct Wave {
  std::vector<uint8_t> format, samples;
};
std::optional<Wave> parse_wave(const uint8_t* b, size_t n) {
  if (n < 12 || std::memcmp(b, "RIFF", 4) != 0 || std::memcmp(b + 8, "WAVE", 4) != 0) return std::nullopt;
  uint32_t riff;
  std::memcpy(&riff, b + 4, 4);
  if (riff + 8ull < n) n = riff + 8ull;
  Wave w;
  bool have_format = false, have_data = false;
  for (size_t at = 12; at + 8 <= n;) {
    uint32_t size;
    std::memcpy(&size, b + at + 4, 4);
    const size_t body = at + 8, len = std::min<size_t>(size, n - body);
    if (std::memcmp(b + at, "fmt ", 4) == 0 && len >= 16) {
      w.format.assign(b + body, b + body + len);
      if (w.format.size() < 18) w.format.resize(18, 0);  // (a PCMWAVEFORMAT: cbSize 0)
      have_format = true;
    } else if (std::memcmp(b + at, "data", 4) == 0) {
      w.samples.assign(b + body, b + body + len);
      have_data = true;
    }
    at = body + size + (size & 1);
  }
  if (!have_format || !have_data) return std::nullopt;
  return w;
}

// An image in guest memory, copied out first (a bad pointer is the guest's fault, not polyrun's).
std::optional<Wave> parse_guest_wave(uint64_t at, uint64_t size) {
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  copy_guest(bytes.data(), guest_pointer(at), bytes.size(), at, false);
  return parse_wave(bytes.data(), bytes.size());
}

std::optional<Wave> wave_of_file(const std::string& windows_path) {
  std::ifstream f(windows_to_host_path(windows_path), std::ios::binary);
  if (!f) return std::nullopt;
  std::vector<uint8_t> all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return parse_wave(all.data(), all.size());
}

// The predefined aliases of SND_ALIAS_ID: sndAlias('S', c), their names.
const char16_t* alias_of_id(uint64_t id) {
  switch (id) {
    case 'S' | ('*' << 8): return u"SystemAsterisk";
    case 'S' | ('?' << 8): return u"SystemQuestion";
    case 'S' | ('H' << 8): return u"SystemHand";
    case 'S' | ('E' << 8): return u"SystemExit";
    case 'S' | ('S' << 8): return u"SystemStart";
    case 'S' | ('W' << 8): return u"SystemWelcome";
    case 'S' | ('!' << 8): return u"SystemExclamation";
    case 'S' | ('D' << 8): return u"SystemDefault";
    default: return nullptr;
  }
}

// A guest copy of a UTF-16 string (freed by the caller).
uint64_t guest_text(WindowsProcess& p, const std::u16string& s) {
  const uint64_t at = p.heap.alloc((s.size() + 1) * 2);
  if (at) std::memcpy(guest_pointer(at), s.c_str(), (s.size() + 1) * 2);
  return at;
}

// The file an alias's scheme names, if the registry has one.
std::optional<std::string> alias_file(WindowsProcess& p, const std::u16string& alias) {
  const uint64_t hkcu = p.isa->ptr == 8 ? 0xffffffff80000001ull : 0x80000001ull;
  const uint64_t key = guest_text(p, u"AppEvents\\Schemes\\Apps\\.Default\\" + alias + u"\\.Current");
  const uint64_t size = p.heap.alloc(4, true), data = p.heap.alloc(2 * 1024, true);
  std::optional<std::string> out;
  if (key && size && data) {
    put<uint32_t>(size, 2 * 1024);
    const uint64_t rc =
        p.call_export("advapi32.dll", "RegGetValueW", {key, 0, 0, kRrfRtRegSz | kRrfRtRegExpandSz, 0, data, size}, 2);
    if (static_cast<uint32_t>(rc) == 0) {
      const std::u16string file(reinterpret_cast<const char16_t*>(guest_pointer(data)));
      if (!file.empty()) out = utf16_to_utf8(file);
    }
  }
  for (uint64_t b : {key, size, data})
    if (b) p.heap.free(b);
  return out;
}

// What the sound names, by its flags (none of SND_ALIAS, SND_FILENAME, SND_RESOURCE, SND_MEMORY: an
// alias if the registry knows it, else a file).
std::optional<Wave> find_sound(WindowsProcess& p, uint64_t sound, uint64_t module, uint32_t flags, bool wide) {
  auto text = [&]() -> std::u16string {
    if (wide) return std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(sound)));
    return ansi_to_utf16(reinterpret_cast<const char*>(guest_pointer(sound)));
  };
  if ((flags & SND_RESOURCE) == SND_RESOURCE) {
    if (!module) module = module_handle(p, nullptr);
    const uint64_t type = guest_text(p, u"WAVE");
    uint64_t name = sound;
    if (!wide && sound >= 0x10000) name = guest_text(p, text());
    uint32_t size = 0;
    const uint64_t at = type && name ? ldr_resource_data(p, module, type, name, 0, &size) : 0;
    std::optional<Wave> w;
    if (at) w = parse_guest_wave(at, size);
    if (type) p.heap.free(type);
    if (name != sound) p.heap.free(name);
    return w;
  }
  if (flags & SND_MEMORY) {
    return parse_guest_wave(sound, get<uint32_t>(sound + 4) + 8ull);
  }
  if ((flags & SND_ALIAS_ID) == SND_ALIAS_ID) {
    const char16_t* alias = alias_of_id(sound);
    if (!alias) return std::nullopt;
    if (auto file = alias_file(p, alias)) return wave_of_file(*file);
    return std::nullopt;
  }
  const std::u16string name = text();
  if (name.empty()) return std::nullopt;
  if (!(flags & SND_FILENAME))
    if (auto file = alias_file(p, name)) return wave_of_file(*file);
  if (flags & SND_ALIAS) return std::nullopt;
  return wave_of_file(utf16_to_utf8(name));
}

// The sound playing: its output device and whether it should stop.
struct Playing {
  std::atomic<bool> stop{false};
  bool done = false;
  uint32_t thread = 0;
};
struct State {
  std::mutex m;
  std::shared_ptr<Playing> now;
};
State& state() {
  static State s;
  return s;
}

// Plays the sound on a waveOut device of its own, once or until stopped (`loop`): false if no
// device would take it.
bool play(WindowsProcess& p, const Wave& w, bool loop, Playing& me) {
  const unsigned ps = p.isa->ptr;
  const uint32_t header_size = 4 * ps + 16;
  const uint64_t handle = p.heap.alloc(8, true), format = p.heap.alloc(w.format.size(), true),
                 header = p.heap.alloc(header_size, true), data = p.heap.alloc(w.samples.size() + 1, true);
  bool ok = false;
  if (handle && format && header && data) {
    std::memcpy(guest_pointer(format), w.format.data(), w.format.size());
    std::memcpy(guest_pointer(data), w.samples.data(), w.samples.size());
    const uint32_t opened =
        static_cast<uint32_t>(p.call_export("winmm.dll", "waveOutOpen", {handle, 0xffffffffu, format, 0, 0, 0}, 1));
    if (opened == 0) {
      ok = true;
      const uint64_t h = p.get_ptr(handle);
      do {
        std::memset(guest_pointer(header), 0, header_size);
        p.put_ptr(header, data);
        put<uint32_t>(header + ps, static_cast<uint32_t>(w.samples.size()));
        p.call_export("winmm.dll", "waveOutPrepareHeader", {h, header, header_size}, 1);
        p.call_export("winmm.dll", "waveOutWrite", {h, header, header_size}, 1);
        while (!(get<uint32_t>(header + 2 * ps + 8) & WHDR_DONE) && !me.stop && !p.stopping())
          wait_until(p, 20, [&] { return me.stop.load(); });
        if (me.stop || p.stopping()) p.call_export("winmm.dll", "waveOutReset", {h}, 1);
        p.call_export("winmm.dll", "waveOutUnprepareHeader", {h, header, header_size}, 1);
      } while (loop && !me.stop && !p.stopping());
      p.call_export("winmm.dll", "waveOutClose", {h}, 1);
    }
  }
  for (uint64_t b : {handle, format, header, data})
    if (b) p.heap.free(b);
  return ok;
}

// Stops the sound playing, if any, and waits until it has.
void stop_playing(WindowsProcess& p) {
  std::shared_ptr<Playing> old;
  {
    std::lock_guard<std::mutex> g(state().m);
    old = std::move(state().now);
  }
  if (!old) return;
  old->stop = true;
  if (p.thread().id != old->thread) wait_until(p, kInfinite, [&] { return old->done; });
}

BOOL play_sound(WindowsProcess& p, uint64_t sound, uint64_t module, uint32_t flags, bool wide) {
  if (!sound) {
    stop_playing(p);
    return TRUE;
  }
  if (flags & SND_NOSTOP) {
    std::lock_guard<std::mutex> g(state().m);
    if (state().now && !state().now->done) return FALSE;
  }
  std::optional<Wave> w;
  try {
    w = find_sound(p, sound, module, flags, wide);
  } catch (const GuestMemoryFault&) {
    return FALSE;
  }
  if (!w && !(flags & SND_NODEFAULT))
    if (auto file = alias_file(p, u".Default")) w = wave_of_file(*file);
  stop_playing(p);
  if (!w) return FALSE;
  auto me = std::make_shared<Playing>();
  const bool loop = (flags & SND_LOOP) && (flags & SND_ASYNC);
  if (!(flags & SND_ASYNC)) {
    me->thread = p.thread().id;
    {
      std::lock_guard<std::mutex> g(state().m);
      state().now = me;
    }
    const bool ok = play(p, *w, false, *me);
    me->done = true;
    std::lock_guard<std::mutex> g(state().m);
    if (state().now == me) state().now.reset();
    return ok ? TRUE : FALSE;
  }
  // Asynchronously: the call returns once the sound is found; its thread plays it if a device
  // takes it.
  auto wave = std::make_shared<Wave>(std::move(*w));
  uint32_t tid = 0;
  {
    std::lock_guard<std::mutex> g(state().m);
    state().now = me;
  }
  const uint64_t h = create_thread(p, 0, 0, 0, false, &tid, [me, wave, loop](WindowsProcess& q) {
    play(q, *wave, loop, *me);
    me->done = true;
    q.wake_waiters();
    return 0u;
  });
  if (!h) {
    std::lock_guard<std::mutex> g(state().m);
    state().now.reset();
    return FALSE;
  }
  me->thread = tid;
  p.waitables.erase(h);  // (the thread's handle is not the program's)
  return TRUE;
}

BOOL PlaySoundW(WindowsProcess& p, Ptr sound, Ptr module, uint32_t flags) { return play_sound(p, sound.addr, module.addr, flags, true); }
BOOL PlaySoundA(WindowsProcess& p, Ptr sound, Ptr module, uint32_t flags) { return play_sound(p, sound.addr, module.addr, flags, false); }
// sndPlaySound(sound, flags): PlaySound without a module, its flags the low ones (SND_ASYNC,
// SND_NODEFAULT, SND_MEMORY, SND_LOOP, SND_NOSTOP).
BOOL sndPlaySoundW(WindowsProcess& p, Ptr sound, uint32_t flags) { return play_sound(p, sound.addr, 0, flags & 0x1f, true); }
BOOL sndPlaySoundA(WindowsProcess& p, Ptr sound, uint32_t flags) { return play_sound(p, sound.addr, 0, flags & 0x1f, false); }

}  // namespace winmm_play_sound

const std::vector<Export>& winmm_play_sound_exports() {
  using namespace winmm_play_sound;
  static const std::vector<Export> exports = {
      EXPORT("PlaySoundW", PlaySoundW),
      EXPORT("PlaySoundA", PlaySoundA),
      EXPORT("PlaySound", PlaySoundA),
      EXPORT("sndPlaySoundW", sndPlaySoundW),
      EXPORT("sndPlaySoundA", sndPlaySoundA),
  };
  return exports;
}

}  // namespace polyrun::shims
