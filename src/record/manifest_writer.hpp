#pragma once
// Appends the capture folder's manifest.jsonl (recording contract A): one JSON object per
// line, written with one write(2) each (whole lines survive a crash), fsynced by sync().
// Thread-safe: the capture thread and the control thread both append.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace meet::record {

class ManifestWriter {
 public:
  static Result<std::unique_ptr<ManifestWriter>, std::string> open(
      const std::filesystem::path& path);
  ~ManifestWriter();
  ManifestWriter(const ManifestWriter&) = delete;
  ManifestWriter& operator=(const ManifestWriter&) = delete;

  void append(const nlohmann::json& line);
  // fsync when something was appended since the last one.
  void sync();

  struct Private {};
  ManifestWriter(Private, int fd) : fd_(fd) {}

 private:
  std::mutex mutex_;
  int fd_ = -1;
  bool dirty_ = false;
};

// Unix time in milliseconds.
int64_t unix_ms_now();

}  // namespace meet::record
