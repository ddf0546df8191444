#include "common/log.h"

#include <spdlog/sinks/stdout_sinks.h>

namespace polyrun {

spdlog::logger& log() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_st("polyrun");
    l->set_pattern("polyrun[%l]: %v");
    l->set_level(spdlog::level::warn);
    return l;
  }();
  return *logger;
}

bool set_log_level(const std::string& name) {
  auto lvl = spdlog::level::from_str(name);
  if (lvl == spdlog::level::off && name != "off") return false;
  log().set_level(lvl);
  return true;
}

}  // namespace polyrun
