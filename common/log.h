// Logging for every layer: one spdlog logger named "polyrun" writing to stderr.
#pragma once
#include <spdlog/spdlog.h>
#include <string>

namespace polyrun {

// The process-wide logger; created on first use at level "warn".
spdlog::logger& log();

// Sets the level from a spdlog level name ("trace", "debug", "info", "warn", "error",
// "critical", "off"). Returns false for an unknown name.
bool set_log_level(const std::string& name);

}  // namespace polyrun
