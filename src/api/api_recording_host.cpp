// Api: recording started or stopped by a host over signaling or by auto-start, on the same
// path as POST /api/v1/meetings/{id}/recordings and POST /api/v1/recordings/{id}/stop.
#include "api/api.hpp"
#include "api/api_parts.hpp"

namespace meet::api {

std::optional<std::string> Api::start_meeting_recording(const std::string& meeting_id) {
  auto m = parts_->ctx.store.get_meeting(meeting_id);
  if (!m) return std::string("not_found");
  auto rec = parts_->recordings.start(*m);
  if (!rec) return rec.error().code;
  return std::nullopt;
}

std::optional<std::string> Api::stop_meeting_recording(const std::string& meeting_id) {
  // At most one recording of a meeting runs (the store enforces it); it is among the newest.
  auto page = parts_->ctx.store.list_meeting_recordings(meeting_id, store::PageRequest{0, 20});
  if (!page) return std::string("internal");
  for (const auto& r : page->items) {
    if (r.state != store::RecordingState::kRecording) continue;
    auto stopped = parts_->recordings.stop(r);
    if (!stopped) return stopped.error().code;
    return std::nullopt;
  }
  return std::string("not_recording");
}

}  // namespace meet::api
