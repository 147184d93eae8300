#pragma once
// Recorder control (control thread): starts and stops one Capture per recording, keeps each
// capture told who is in its room, hands a stopped capture folder on to be composed, and at
// start-up finds the folders a crash left uncomposed. What it needs from the engine and the
// composer comes in as hooks, so app/ wires the concrete parts and tests can watch the calls.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/recording_tap.hpp"
#include "engine/room_control.hpp"
#include "record/capture.hpp"

namespace meet::record {

struct RecorderHooks {
  // Engine::set_recording_tap and Engine::request_keyframe (thread-safe posts).
  std::function<void(const std::string& room, std::shared_ptr<engine::RecordingTap>)> set_tap;
  std::function<void(const std::string& room, const std::string& pid, const std::string& tid)>
      request_keyframe;
  // Queues the compose job of a finished (or crash-cut) capture folder.
  std::function<void(const std::string& recording_id, const std::filesystem::path& folder)> compose;
  // The recording state of a room changed (for the signaling event); control thread.
  std::function<void(const std::string& room, bool active, const std::string& recording_id)>
      state_changed;
};

struct RecorderOptions {
  std::filesystem::path dir = ".data/recordings";  // RECORDING_DIR_PATH
  std::chrono::milliseconds poll = std::chrono::milliseconds(250);
};

class Recorder {
 public:
  Recorder(RecorderOptions options, const engine::RoomControl& rooms, RecorderHooks hooks,
           boost::asio::io_context& control);
  ~Recorder();

  // Starts capturing `room` into <dir>/<recording_id>. Error codes: "already_recording"
  // (this room or this id is being recorded), "not_live" (nobody is in the room), "bad_id",
  // "io_error". The recording's time 0 is `started_at_ms` (unix ms; what the API reported).
  std::optional<std::string> start(const std::string& recording_id, const std::string& meeting_id,
                                   const std::string& room, int64_t started_at_ms);
  // Stops capturing and queues the compose job; false when the id is not recording.
  bool stop(const std::string& recording_id);
  // Stops every capture without composing (server shutdown): the folders are recovered at the
  // next start like after a crash.
  void shutdown();
  // Start-up: queues the compose job of every capture folder not yet composed. Returns the
  // recording ids queued.
  std::vector<std::string> recover();

  std::optional<std::string> recording_of(const std::string& room) const;
  std::filesystem::path folder(const std::string& recording_id) const {
    return options_.dir / recording_id;
  }
  // The marker a finished compose job leaves in the folder (recover() skips such folders).
  static void mark_composed(const std::filesystem::path& folder);
  static bool is_composed(const std::filesystem::path& folder);

 private:
  void poll();
  void schedule_poll();

  RecorderOptions options_;
  const engine::RoomControl& rooms_;
  RecorderHooks hooks_;
  boost::asio::steady_timer timer_;
  bool polling_ = false;
  std::map<std::string, std::unique_ptr<Capture>> captures_;  // by recording id
};

}  // namespace meet::record
