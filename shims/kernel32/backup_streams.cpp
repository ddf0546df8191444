// KERNEL32.dll: backup streams (BackupRead, BackupSeek, BackupWrite): a file's contents as the
// sequence of WIN32_STREAM_ID records a backup program saves and restores, each a 20-byte header
// (dwStreamId, dwStreamAttributes, the 64-bit Size, dwStreamNameSize) and a name of that many bytes,
// then Size bytes of the stream. A file here has one stream to give, its data (BACKUP_DATA); a
// directory none. No security stream is given (the host's files carry no Windows security
// descriptor), nor alternate data streams (the host's file systems have none). BackupWrite takes
// the data stream back into the file and passes over the others. The caller's context (*lpContext,
// null at first) is kept here until a call with bAbort frees it.
//
// wine 8.0 has these functions fail (ERROR_NOT_SUPPORTED); this follows Microsoft's pages.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace kernel32_backup {

constexpr uint32_t kBackupData = 1;  // BACKUP_DATA
constexpr uint32_t kHeader = 20;     // offsetof(WIN32_STREAM_ID, cStreamName)
constexpr uint32_t kErrorSeek = 25;  // ERROR_SEEK

// Where a BackupRead or BackupWrite has got to: in a stream's header (`at` of `header` bytes, the
// name included) or in its body (`at` of `size` bytes), and where the data stream's next byte is
// in the file.
struct Context {
  bool started = false, done = false, in_body = false;
  uint8_t header[kHeader + 512] = {};
  uint32_t header_size = kHeader;
  uint32_t stream = 0;
  uint64_t size = 0, at = 0, file_offset = 0;
};
std::mutex& lock() {
  static std::mutex m;
  return m;
}
std::map<uint64_t, std::unique_ptr<Context>>& contexts() {
  static std::map<uint64_t, std::unique_ptr<Context>> all;
  return all;
}

// The context *lpContext names (a new one for null, its id stored there); null if it names none.
Context* context_of(WindowsProcess& p, uint64_t slot) {
  static uint64_t next = 0x4b500000;
  const uint64_t id = p.get_ptr(slot);
  if (!id) {
    const uint64_t made = next += 0x10;
    contexts()[made] = std::make_unique<Context>();
    p.put_ptr(slot, made);
    return contexts()[made].get();
  }
  auto it = contexts().find(id);
  return it == contexts().end() ? nullptr : it->second.get();
}
void forget(WindowsProcess& p, uint64_t slot) {
  contexts().erase(p.get_ptr(slot));
  p.put_ptr(slot, 0);
}

// The data stream's header, for a regular file (a directory has no stream: the backup is done).
void start_read(Context& c, int fd) {
  c.started = true;
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    c.done = true;
    return;
  }
  std::memset(c.header, 0, kHeader);
  put<uint32_t>(reinterpret_cast<uint64_t>(c.header), kBackupData);
  put<uint64_t>(reinterpret_cast<uint64_t>(c.header) + 8, static_cast<uint64_t>(st.st_size));
  c.header_size = kHeader;
  c.stream = kBackupData;
  c.size = static_cast<uint64_t>(st.st_size);
  c.at = 0;
  c.in_body = false;
}

// What BackupRead and BackupWrite do first: with `abort`, the context freed (TRUE); a handle that
// names no file or a context that is none of ours fails; else the file and the context.
std::optional<BOOL> open_context(WindowsProcess& p, Ptr h, int32_t abort, Ptr slot, int& fd, Context*& c) {
  if (abort) {
    forget(p, slot.addr);
    return TRUE;
  }
  fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  c = context_of(p, slot.addr);
  if (!c) return fail(p, ERROR_INVALID_PARAMETER);
  return std::nullopt;
}

// BackupRead(file, buffer, n, &read, abort, process security, &context): up to n bytes of the
// streams from where the last call stopped; 0 bytes read once they are all given.
BOOL BackupRead(WindowsProcess& p, Ptr h, Ptr buf, uint32_t n, Ptr read, int32_t abort, int32_t, Ptr slot) {
  if (!slot) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(lock());
  int fd = -1;
  Context* c = nullptr;
  if (const std::optional<BOOL> done = open_context(p, h, abort, slot, fd, c)) return *done;
  if (!c->started) start_read(*c, fd);
  uint32_t given = 0;
  while (given < n && !c->done) {
    if (!c->in_body) {
      const uint32_t k = std::min<uint64_t>(n - given, c->header_size - c->at);
      std::memcpy(buf.as<uint8_t>() + given, c->header + c->at, k);
      given += k;
      c->at += k;
      if (c->at == c->header_size) c->in_body = true, c->at = 0;
    } else if (c->at < c->size) {
      const size_t want = std::min<uint64_t>(n - given, c->size - c->at);
      const ssize_t got = ::pread(fd, buf.as<uint8_t>() + given, want, static_cast<off_t>(c->at));
      if (got < 0) {
        if (read) put<uint32_t>(read.addr, given);
        return fail(p, win_error_from_errno(errno));
      }
      if (got == 0) {  // the file grew shorter than its header said: the stream ends here
        c->done = true;
        break;
      }
      given += static_cast<uint32_t>(got);
      c->at += static_cast<uint64_t>(got);
    }
    if (c->in_body && c->at >= c->size) c->done = true;  // the one stream given
  }
  if (read) put<uint32_t>(read.addr, given);
  return TRUE;
}

// BackupSeek(file, low, high, &low seeked, &high seeked, &context): forward within the body of the
// stream BackupRead is in, never past its end nor over a header; short of the amount asked, FALSE
// (ERROR_SEEK) with how far it went.
BOOL BackupSeek(WindowsProcess& p, Ptr, uint32_t low, uint32_t high, Ptr low_done, Ptr high_done, Ptr slot) {
  if (!slot) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(lock());
  Context* c = p.get_ptr(slot.addr) ? context_of(p, slot.addr) : nullptr;
  const uint64_t want = static_cast<uint64_t>(high) << 32 | low;
  uint64_t moved = 0;
  if (c && c->in_body && !c->done) {
    moved = std::min(want, c->size - c->at);
    c->at += moved;
    if (c->at >= c->size) c->done = true;
  }
  if (low_done) put<uint32_t>(low_done.addr, static_cast<uint32_t>(moved));
  if (high_done) put<uint32_t>(high_done.addr, static_cast<uint32_t>(moved >> 32));
  return moved == want ? TRUE : fail(p, kErrorSeek);
}

// BackupWrite(file, buffer, n, &written, abort, process security, &context): the streams read back:
// the data stream's bytes written into the file from its start, the other streams' passed over.
BOOL BackupWrite(WindowsProcess& p, Ptr h, Ptr buf, uint32_t n, Ptr written, int32_t abort, int32_t, Ptr slot) {
  if (!slot) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(lock());
  int fd = -1;
  Context* c = nullptr;
  if (const std::optional<BOOL> done = open_context(p, h, abort, slot, fd, c)) return *done;
  uint32_t taken = 0;
  while (taken < n) {
    if (!c->in_body) {
      // The fixed part of the header, then its name (dwStreamNameSize bytes).
      const uint32_t need = c->at < kHeader ? kHeader : c->header_size;
      const uint32_t k = std::min(n - taken, need - static_cast<uint32_t>(c->at));
      if (c->at + k <= sizeof c->header) std::memcpy(c->header + c->at, buf.as<uint8_t>() + taken, k);
      taken += k;
      c->at += k;
      if (c->at == kHeader && need == kHeader) {
        const uint64_t base = reinterpret_cast<uint64_t>(c->header);
        c->stream = get<uint32_t>(base);
        c->size = get<uint64_t>(base + 8);
        const uint32_t name = get<uint32_t>(base + 16);
        if (name > sizeof c->header - kHeader) return fail(p, 13);  // ERROR_INVALID_DATA
        c->header_size = kHeader + name;
      }
      if (c->at >= kHeader && c->at == c->header_size) {
        c->in_body = true;
        c->at = 0;
      }
      if (c->in_body && c->size == 0) c->in_body = false, c->at = 0, c->header_size = kHeader;
      continue;
    }
    const uint32_t k = static_cast<uint32_t>(std::min<uint64_t>(n - taken, c->size - c->at));
    if (c->stream == kBackupData) {
      uint32_t done = 0;
      while (done < k) {
        const ssize_t w = ::pwrite(fd, buf.as<uint8_t>() + taken + done, k - done,
                                   static_cast<off_t>(c->file_offset + done));
        if (w < 0) {
          if (written) put<uint32_t>(written.addr, taken + done);
          return fail(p, win_error_from_errno(errno));
        }
        done += static_cast<uint32_t>(w);
      }
      c->file_offset += k;
    }
    taken += k;
    c->at += k;
    if (c->at == c->size) c->in_body = false, c->at = 0, c->header_size = kHeader;
  }
  if (written) put<uint32_t>(written.addr, taken);
  return TRUE;
}

}  // namespace kernel32_backup

const std::vector<Export>& kernel32_backup_exports() {
  using namespace kernel32_backup;
  static const std::vector<Export> exports = {
      EXPORT("BackupRead", BackupRead),
      EXPORT("BackupSeek", BackupSeek),
      EXPORT("BackupWrite", BackupWrite),
  };
  return exports;
}

}  // namespace polyrun::shims
