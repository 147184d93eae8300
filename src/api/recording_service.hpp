#pragma once
// RecordingService: the recordings' life cycle behind the REST routes, and the API's
// implementation of RecordingEvents (contract C of issue 14).
//
//   start  -> row `recording` -> RecordingControl::start      (webhook recording.started on
//                                                              the recorder's on_started)
//   stop   -> row `processing` -> RecordingControl::stop
//   on_composed -> size, duration, participants; upload queued (row stays `processing`)
//   upload confirmed -> `ready`, local copies removed (never the local store's own file),
//                       webhook recording.ready
//   on_failed / an upload error retrying cannot fix -> `failed`, webhook recording.failed
//
// Threads: the REST side runs on the control loop; RecordingEvents and the upload callbacks
// may come from any thread. Row updates are serialized by one mutex (read, change, write).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/api_context.hpp"
#include "api/recording_control.hpp"
#include "api/recording_json.hpp"
#include "api/recording_options.hpp"
#include "storage/blob_store.hpp"
#include "storage/upload_queue.hpp"

namespace meet::api {

class RecordingService final : public RecordingEvents {
 public:
  RecordingService(ApiContext& ctx, const RecordingOptions& options);
  ~RecordingService() override;  // stops the upload worker
  RecordingService(const RecordingService&) = delete;
  RecordingService& operator=(const RecordingService&) = delete;

  void set_control(RecordingControl& control) { control_ = &control; }

  // Errors: 403 feature_disabled (the meeting lacks `recording`), 409 meeting_ended,
  // 409 already_recording, 409 not_live (the recorder's answer), 503 recorder_unavailable.
  ApiResult<store::Recording> start(const store::Meeting& meeting);
  // 409 not_recording unless the row is `recording`.
  ApiResult<store::Recording> stop(store::Recording rec);
  // 409 not_ready unless `ready`; 503 storage_unavailable without a BlobStore.
  ApiResult<storage::DownloadUrl> download(const store::Recording& rec, int64_t ttl_seconds);
  // Removes the blob, the local folder and the row. 409 recording_busy while `recording` or
  // `processing`; 503 storage_unavailable when the blob cannot be deleted (row kept).
  ApiResult<void> remove(const store::Recording& rec);
  std::optional<RecordingProgress> progress(const std::string& recording_id) const;

  // Start-up: queues the upload of every `processing` recording whose MP4 is on disk.
  // Returns how many were queued.
  size_t resume_uploads();

  // The upload queue (tests watch it); nullptr without a BlobStore.
  storage::UploadQueue* uploads() { return uploads_.get(); }

  // RecordingEvents
  void on_started(const std::string& recording_id) override;
  void on_progress(const std::string& recording_id, std::string_view state,
                   double fraction) override;
  void on_composed(const std::string& recording_id, const std::filesystem::path& mp4,
                   int64_t duration_ms, const std::vector<std::string>& participants) override;
  void on_failed(const std::string& recording_id, const std::string& reason) override;

 private:
  static std::string blob_name_for(const std::string& recording_id);
  void queue_upload(const store::Recording& rec);
  void on_uploaded(const std::string& recording_id, const storage::BlobResult<void>& result);
  void fail(const std::string& recording_id, const std::string& reason);
  void publish(const store::Recording& rec, const char* event);
  bool valid_id(const std::string& recording_id) const;

  ApiContext& ctx_;
  const RecordingOptions& options_;
  RecordingControl* control_;
  NoRecorder no_recorder_;
  mutable std::mutex mutex_;  // serializes row read-modify-write and progress_
  std::map<std::string, RecordingProgress> progress_;
  std::unique_ptr<storage::UploadQueue> uploads_;  // last: its worker calls back into this
};

}  // namespace meet::api
