#include "api/recording_json.hpp"

namespace meet::api {
namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json recording_json(const store::Recording& r,
                              const std::optional<RecordingProgress>& progress) {
  nlohmann::json j = {{"id", r.id},
                      {"meeting_id", r.meeting_id},
                      {"state", store::to_string(r.state)},
                      {"started_at", r.started_at_ms},
                      {"stopped_at", or_null(r.stopped_at_ms)},
                      {"duration_ms", or_null(r.duration_ms)},
                      {"size_bytes", or_null(r.size_bytes)},
                      {"participants", r.participants},
                      {"error", or_null(r.error)},
                      {"created_at", r.created_at_ms}};
  if (progress && r.state == store::RecordingState::kProcessing) {
    j["progress"] = {{"stage", progress->stage}, {"fraction", progress->fraction}};
  } else {
    j["progress"] = nullptr;
  }
  return j;
}

}  // namespace meet::api
