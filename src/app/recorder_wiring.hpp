#pragma once
// The recorder as the API sees it (api::RecordingControl, contract C of issue 14): wires
// record::Recorder to the engine (tap, keyframe requests), to the signaling rooms (who is
// there, the `recording` event) and to the compose queue, and reports every outcome to
// api::RecordingEvents. Control thread, except the compose callbacks (queue threads), which
// only call RecordingEvents (thread-safe by contract).
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "api/recording_control.hpp"
#include "engine/engine.hpp"
#include "record/compose_queue.hpp"
#include "record/recorder.hpp"
#include "signal/room_registry.hpp"

namespace meet::app {

struct RecorderWiringOptions {
  std::filesystem::path dir;  // RECORDING_DIR_PATH
  size_t compose_jobs = 1;    // RECORDING_COMPOSE_JOBS
  record::ComposeOptions compose;
};

class RecorderWiring final : public api::RecordingControl {
 public:
  RecorderWiring(RecorderWiringOptions options, engine::Engine& engine, signal::RoomRegistry& rooms,
                 api::RecordingEvents& events, boost::asio::io_context& control);
  ~RecorderWiring() override;

  // api::RecordingControl
  std::optional<std::string> start(const std::string& recording_id, const std::string& meeting_id,
                                   const std::string& room, int64_t started_at_ms) override;
  void stop(const std::string& recording_id) override;

  // Start-up: composes the capture folders a crash (or a shutdown) left uncomposed.
  size_t recover();
  // Server shutdown: stops every capture; recover() composes them at the next start.
  void shutdown();
  std::optional<std::string> recording_of(const std::string& room) const {
    return recorder_.recording_of(room);
  }

 private:
  void compose(const std::string& recording_id, const std::filesystem::path& folder);

  api::RecordingEvents& events_;
  signal::RoomRegistry& rooms_;
  record::ComposeQueue queue_;  // before recorder_: it outlives the captures handed to it
  record::Recorder recorder_;
};

}  // namespace meet::app
