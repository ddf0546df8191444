#include "common/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace polyrun {

static_assert(Logger::Trace == spdlog::level::trace && Logger::Warn == spdlog::level::warn &&
              Logger::Off == spdlog::level::off);

namespace {

spdlog::logger& sink() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_st("polyrun");
    l->set_pattern("polyrun[%l]: %v");
    l->set_level(spdlog::level::trace);  // Logger decides what is written
    return l;
  }();
  return *logger;
}

}  // namespace

void Logger::write(Level l, fmt::string_view f, fmt::format_args args) {
  sink().log(static_cast<spdlog::level::level_enum>(l), fmt::vformat(f, args));
}

Logger& log() {
  static Logger logger;
  return logger;
}

bool set_log_level(const std::string& name) {
  auto lvl = spdlog::level::from_str(name);
  if (lvl == spdlog::level::off && name != "off") return false;
  log().set_level(static_cast<Logger::Level>(lvl));
  return true;
}

}  // namespace polyrun
