#pragma once
// One spdlog logger per folder: meet::logger("rtc"). Messages are constant and lower-case,
// fields follow as key=value. Nothing per packet above debug; never secrets.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace meet {

// Returns the named logger, creating it on first use (thread-safe).
std::shared_ptr<spdlog::logger> logger(const std::string& name);

// Sets the level ("trace".."off") and format ("text" or "json") of every logger.
void configure_logging(const std::string& level, const std::string& format);

}  // namespace meet
