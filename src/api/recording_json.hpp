#pragma once
// JSON shape of a recording (docs/api.md "Recordings"). Never shows local paths.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "store/recording.hpp"

namespace meet::api {

struct RecordingProgress {
  std::string stage;  // "processing" (composing) or "uploading"
  double fraction = 0;
};

nlohmann::json recording_json(const store::Recording& r,
                              const std::optional<RecordingProgress>& progress = std::nullopt);

}  // namespace meet::api
