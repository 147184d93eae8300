#pragma once
// The recorder seen from the REST API (issue 14, contract C in the recording brief).
//
// RecordingControl: what the API asks of the recorder (implemented in app/). Called on the
// control loop.
// RecordingEvents: what the recorder reports back (implemented in api/ by RecordingService).
// May be called from any thread. Updates the recording's store row, fires the webhooks
// recording.started / recording.ready / recording.failed and queues the upload.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meet::api {

class RecordingControl {
 public:
  virtual ~RecordingControl() = default;
  // Start capturing `room` for the already-stored recording row `recording_id`; the
  // recording's time 0 is `started_at_ms` (unix ms), the start the API reported.
  // Returns an error code string on failure ("already_recording", "not_live", ...); the API
  // answers 409 for "already_recording" and "not_live", 503 for "recorder_unavailable" and
  // anything else, and marks the row failed.
  virtual std::optional<std::string> start(const std::string& recording_id,
                                           const std::string& meeting_id, const std::string& room,
                                           int64_t started_at_ms) = 0;
  // Stop capturing; composing and uploading follow; RecordingEvents reports the outcome.
  virtual void stop(const std::string& recording_id) = 0;
};

class RecordingEvents {
 public:
  virtual ~RecordingEvents() = default;
  // Capture has begun (first track subscribed or the capture folder written).
  virtual void on_started(const std::string& recording_id) = 0;
  // state: "processing" (composing) or "uploading"; fraction 0..1.
  virtual void on_progress(const std::string& recording_id, std::string_view state,
                           double fraction) = 0;
  // The MP4 is composed at `mp4` (<RECORDING_DIR_PATH>/<id>/recording.mp4): the upload is
  // queued; the row becomes `ready` once the BlobStore confirms it.
  virtual void on_composed(const std::string& recording_id, const std::filesystem::path& mp4,
                           int64_t duration_ms, const std::vector<std::string>& participants) = 0;
  virtual void on_failed(const std::string& recording_id, const std::string& reason) = 0;
};

// A RecordingControl for servers without a recorder: start answers "recorder_unavailable".
class NoRecorder final : public RecordingControl {
 public:
  std::optional<std::string> start(const std::string&, const std::string&, const std::string&,
                                   int64_t) override {
    return std::string("recorder_unavailable");
  }
  void stop(const std::string&) override {}
};

}  // namespace meet::api
