#pragma once
// One running recording of a room: the tap the engine feeds, the capture thread that drains
// it into one TrackCapture per track, and the manifest (recording contract A) with the room's
// participants, mutes and track ends as the control plane sees them.
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "engine/room_control.hpp"
#include "record/capture_tap.hpp"
#include "record/manifest_writer.hpp"
#include "record/track_capture.hpp"

namespace meet::record {

struct CaptureConfig {
  std::string recording_id;
  std::string room;
  std::optional<std::string> meeting_id;
  std::filesystem::path folder;  // <RECORDING_DIR_PATH>/<recording_id>
  int64_t started_at_ms = 0;     // the recording's time 0 (unix ms); 0: now
  size_t ring_slots = 2048;
};

class Capture {
 public:
  // Asks the publisher of a video track for a keyframe; called on the capture thread.
  using KeyframeRequest =
      std::function<void(const std::string& participant_id, const std::string& track_id)>;

  // Creates the folder and the manifest's first line and starts the capture thread.
  static Result<std::unique_ptr<Capture>, std::string> start(CaptureConfig config,
                                                             KeyframeRequest keyframes);
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  std::shared_ptr<CaptureTap> tap() const { return tap_; }
  // Control thread: who is in the room now. Writes participant, mute and track_end lines and
  // tells the capture thread which tracks to record under which names.
  void update(const std::vector<engine::ParticipantInfo>& participants);
  // Stops the thread, finishes every file and writes the "stopped" line. Idempotent.
  void stop();

  const CaptureConfig& config() const { return config_; }
  uint64_t dropped() const { return tap_->dropped(); }
  // Names of everyone seen, in order of arrival.
  std::vector<std::string> participant_names() const;

  struct Private {};
  Capture(Private, CaptureConfig config, KeyframeRequest keyframes,
          std::unique_ptr<ManifestWriter> manifest);

 private:
  void run();
  void handle(const TapSlot& slot);
  void tick(int64_t now_ns);

  CaptureConfig config_;
  KeyframeRequest keyframes_;
  std::unique_ptr<ManifestWriter> manifest_;
  std::shared_ptr<CaptureTap> tap_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  bool stopped_ = false;

  // Shared between the control thread (writer) and the capture thread (reader).
  mutable std::mutex mutex_;
  std::unordered_map<std::string, TrackMeta> metas_;  // by track id, tracks to record
  std::set<std::string> ended_;                       // track ids to finish
  std::vector<std::string> names_;

  // Control thread only: the last update, for the differences.
  std::map<std::string, engine::ParticipantInfo> present_;

  // Capture thread only.
  std::unordered_map<std::string, std::unique_ptr<TrackCapture>> tracks_;
  uint64_t unknown_track_packets_ = 0;
  uint64_t other_codec_packets_ = 0;
};

}  // namespace meet::record
