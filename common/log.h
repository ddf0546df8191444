// Logging for every layer: one logger named "polyrun" writing to stderr (spdlog's, in log.cpp).
// Callers format with fmt's syntax; this header needs only fmt's core (its declarations), so that
// the many files that log do not each compile spdlog and fmt's implementation (with the static
// build's header-only fmt and spdlog, some 12 s per file).
#pragma once
#include <fmt/core.h>

#include <string>
#include <utility>

namespace polyrun {

class Logger {
 public:
  enum Level { Trace, Debug, Info, Warn, Error, Critical, Off };

  template <typename... A>
  void trace(fmt::format_string<A...> f, A&&... a) { emit(Trace, f, std::forward<A>(a)...); }
  template <typename... A>
  void debug(fmt::format_string<A...> f, A&&... a) { emit(Debug, f, std::forward<A>(a)...); }
  template <typename... A>
  void info(fmt::format_string<A...> f, A&&... a) { emit(Info, f, std::forward<A>(a)...); }
  template <typename... A>
  void warn(fmt::format_string<A...> f, A&&... a) { emit(Warn, f, std::forward<A>(a)...); }
  template <typename... A>
  void error(fmt::format_string<A...> f, A&&... a) { emit(Error, f, std::forward<A>(a)...); }

  bool should_log(Level l) const { return l >= level_ && l != Off; }
  void set_level(Level l) { level_ = l; }

 private:
  template <typename... A>
  void emit(Level l, fmt::format_string<A...> f, A&&... a) {
    if (should_log(l)) write(l, f, fmt::make_format_args(a...));
  }
  void write(Level l, fmt::string_view f, fmt::format_args args);
  Level level_ = Warn;
};

// The process-wide logger, at level "warn" until set_log_level.
Logger& log();

// Sets the level from a spdlog level name ("trace", "debug", "info", "warn", "error",
// "critical", "off"). Returns false for an unknown name.
bool set_log_level(const std::string& name);

}  // namespace polyrun
