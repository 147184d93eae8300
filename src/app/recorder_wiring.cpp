#include "app/recorder_wiring.hpp"

#include <nlohmann/json.hpp>

#include "common/log.hpp"

namespace meet::app {

RecorderWiring::RecorderWiring(RecorderWiringOptions options, engine::Engine& engine,
                               signal::RoomRegistry& rooms, api::RecordingEvents& events,
                               boost::asio::io_context& control)
    : events_(events),
      rooms_(rooms),
      queue_(options.compose, options.compose_jobs),
      recorder_(record::RecorderOptions{options.dir}, rooms,
                record::RecorderHooks{
                    [&engine](const std::string& room, std::shared_ptr<engine::RecordingTap> tap) {
                      engine.set_recording_tap(room, std::move(tap));
                    },
                    [&engine](const std::string& room, const std::string& pid,
                              const std::string& tid) { engine.request_keyframe(room, pid, tid); },
                    [this](const std::string& id, const std::filesystem::path& folder) {
                      compose(id, folder);
                    },
                    [&rooms](const std::string& room, bool active, const std::string& id) {
                      nlohmann::json event = {{"type", "recording"}, {"active", active}};
                      if (active) event["recording_id"] = id;
                      rooms.broadcast(room, event);
                    }},
                control) {}

RecorderWiring::~RecorderWiring() {
  recorder_.shutdown();
}

std::optional<std::string> RecorderWiring::start(const std::string& recording_id,
                                                 const std::string& meeting_id,
                                                 const std::string& room, int64_t started_at_ms) {
  if (auto error = recorder_.start(recording_id, meeting_id, room, started_at_ms)) return error;
  events_.on_started(recording_id);
  return std::nullopt;
}

void RecorderWiring::stop(const std::string& recording_id) {
  if (!recorder_.stop(recording_id)) {
    // Not capturing here (e.g. the server restarted since): compose what a folder holds.
    auto folder = recorder_.folder(recording_id);
    if (std::filesystem::exists(folder / "manifest.jsonl") &&
        !record::Recorder::is_composed(folder)) {
      compose(recording_id, folder);
    } else {
      events_.on_failed(recording_id, "not capturing");
    }
  }
}

size_t RecorderWiring::recover() {
  return recorder_.recover().size();
}

void RecorderWiring::shutdown() {
  recorder_.shutdown();
}

void RecorderWiring::compose(const std::string& recording_id, const std::filesystem::path& folder) {
  queue_.submit(
      recording_id, folder,
      [this, recording_id](double fraction) {
        events_.on_progress(recording_id, "processing", fraction);
      },
      [this, recording_id, folder](Result<record::ComposeResult, std::string> result) {
        if (!result) {
          logger("record")->error("compose failed recording={} reason={}", recording_id,
                                  result.error());
          record::Recorder::mark_composed(folder);
          events_.on_failed(recording_id, result.error());
          return;
        }
        record::Recorder::mark_composed(folder);
        events_.on_composed(recording_id, result->mp4, result->duration_ms, result->participants);
      });
}

}  // namespace meet::app
