#include "api/recording_service.hpp"

#include <algorithm>
#include <system_error>

#include "common/log.hpp"

namespace meet::api {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMp4Name = "recording.mp4";

bool has_feature(const store::Meeting& m, const std::string& feature) {
  const auto& f = m.settings.features;
  return std::find(f.begin(), f.end(), feature) != f.end();
}

}  // namespace

RecordingService::RecordingService(ApiContext& ctx, const RecordingOptions& options)
    : ctx_(ctx), options_(options), control_(options.control ? options.control : &no_recorder_) {
  if (options_.blobs) {
    uploads_ = std::make_unique<storage::UploadQueue>(*options_.blobs, options_.upload);
  }
}

RecordingService::~RecordingService() {
  if (uploads_) uploads_->stop();
}

std::string RecordingService::blob_name_for(const std::string& recording_id) {
  return recording_id + "/" + kMp4Name;
}

bool RecordingService::valid_id(const std::string& recording_id) const {
  return plausible_id(recording_id) && storage::valid_blob_name(recording_id) &&
         recording_id.find('/') == std::string::npos;
}

void RecordingService::publish(const store::Recording& rec, const char* event) {
  ctx_.webhooks.publish(rec.tenant_id, event, {{"recording", recording_json(rec)}});
}

ApiResult<store::Recording> RecordingService::start(const store::Meeting& meeting) {
  if (!has_feature(meeting, "recording")) {
    return api_error(403, "feature_disabled", "the meeting does not have the recording feature");
  }
  if (meeting.status == store::MeetingStatus::kEnded) {
    return api_error(409, "meeting_ended", "the meeting has ended");
  }
  store::Recording rec;
  rec.tenant_id = meeting.tenant_id;
  rec.meeting_id = meeting.id;
  rec.room = meeting.id;
  rec.started_at_ms = rec.created_at_ms = ctx_.clock.now_unix_ms();
  auto created = ctx_.store.create_recording(rec);
  if (!created) {
    if (created.error().code == store::StoreErrorCode::kConflict) {
      return api_error(409, "already_recording", "the meeting is already being recorded");
    }
    return Err{from_store_error(created.error(), "recording")};
  }
  auto refused = control_->start(created->id, meeting.id, created->room, created->started_at_ms);
  if (refused) {
    // A start that never began leaves no recording behind.
    (void)ctx_.store.delete_recording(created->id);
    const bool conflict = *refused == "already_recording" || *refused == "not_live";
    return api_error(conflict ? 409 : 503, *refused, "the recorder did not start: " + *refused);
  }
  logger("api")->info("recording started id={} meeting={}", created->id, meeting.id);
  return std::move(created).value();
}

ApiResult<store::Recording> RecordingService::stop(store::Recording rec) {
  {
    std::lock_guard lock(mutex_);
    auto fresh = ctx_.store.get_recording(rec.id);
    if (!fresh) return Err{from_store_error(fresh.error(), "recording")};
    rec = std::move(fresh).value();
    if (rec.state != store::RecordingState::kRecording) {
      return api_error(409, "not_recording", "the recording is not running");
    }
    rec.state = store::RecordingState::kProcessing;
    rec.stopped_at_ms = ctx_.clock.now_unix_ms();
    auto updated = ctx_.store.update_recording(rec);
    if (!updated) return Err{from_store_error(updated.error(), "recording")};
    rec = std::move(updated).value();
    progress_[rec.id] = {"processing", 0.0};
  }
  // Outside the lock: the recorder may report back synchronously.
  control_->stop(rec.id);
  logger("api")->info("recording stopped id={} meeting={}", rec.id, rec.meeting_id);
  return rec;
}

ApiResult<storage::DownloadUrl> RecordingService::download(const store::Recording& rec,
                                                           int64_t ttl_seconds) {
  if (rec.state != store::RecordingState::kReady || !rec.blob_name) {
    return api_error(409, "not_ready", "the recording is not ready");
  }
  if (!options_.blobs) {
    return api_error(503, "storage_unavailable", "no recording storage is configured");
  }
  auto url =
      options_.blobs->download_url(*rec.blob_name, ctx_.clock.now_unix_ms() + ttl_seconds * 1000);
  if (!url) return api_error(503, "storage_unavailable", "cannot make a download link");
  return std::move(url).value();
}

ApiResult<void> RecordingService::remove(const store::Recording& rec) {
  if (rec.state == store::RecordingState::kRecording ||
      rec.state == store::RecordingState::kProcessing) {
    return api_error(409, "recording_busy", "stop the recording and wait until it is ready");
  }
  if (rec.blob_name && options_.blobs) {
    auto removed = options_.blobs->remove(*rec.blob_name);
    if (!removed && removed.error().code != storage::BlobErrorCode::kNotFound) {
      logger("api")->warn("recording blob not deleted id={} reason={}", rec.id,
                          removed.error().message);
      return api_error(503, "storage_unavailable", "the recording file could not be deleted");
    }
  }
  if (valid_id(rec.id)) {
    std::error_code ec;
    fs::remove_all(options_.dir / rec.id, ec);
  }
  auto r = ctx_.store.delete_recording(rec.id);
  if (!r) return Err{from_store_error(r.error(), "recording")};
  std::lock_guard lock(mutex_);
  progress_.erase(rec.id);
  return Ok{};
}

std::optional<RecordingProgress> RecordingService::progress(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = progress_.find(id);
  if (it == progress_.end()) return std::nullopt;
  return it->second;
}

size_t RecordingService::resume_uploads() {
  auto waiting = ctx_.store.list_recordings_in_state(store::RecordingState::kProcessing);
  if (!waiting) {
    logger("api")->warn("cannot list recordings to upload reason={}", waiting.error().message);
    return 0;
  }
  size_t queued = 0;
  for (const auto& rec : *waiting) {
    std::error_code ec;
    if (!rec.local_path || !rec.blob_name || !fs::is_regular_file(*rec.local_path, ec)) continue;
    queue_upload(rec);
    ++queued;
  }
  if (queued) logger("api")->info("recording uploads resumed count={}", queued);
  return queued;
}

void RecordingService::queue_upload(const store::Recording& rec) {
  if (!uploads_) {
    fail(rec.id, "storage_unavailable");
    return;
  }
  {
    std::lock_guard lock(mutex_);
    progress_[rec.id] = {"uploading", 0.0};
  }
  storage::UploadJob job;
  job.id = rec.id;
  job.file = *rec.local_path;
  job.blob_name = *rec.blob_name;
  // The capture folder goes once the blob is safe; on local disk the MP4 is the blob, so
  // only the tracks go (the queue spares what holds the blob itself).
  const fs::path folder = options_.dir / rec.id;
  if (options_.blobs->holds_file(job.file)) {
    job.remove_after = {folder / "tracks"};
  } else {
    job.remove_after = {folder, job.file};
  }
  const std::string id = rec.id;
  job.progress = [this, id](double f) { on_progress(id, "uploading", f); };
  job.done = [this, id](const storage::BlobResult<void>& r) { on_uploaded(id, r); };
  uploads_->submit(std::move(job));
}

void RecordingService::on_uploaded(const std::string& id, const storage::BlobResult<void>& r) {
  if (!r) {
    fail(id, std::string("upload_failed: ") + storage::to_string(r.error().code));
    return;
  }
  store::Recording rec;
  {
    std::lock_guard lock(mutex_);
    auto got = ctx_.store.get_recording(id);
    if (!got) return;  // deleted meanwhile
    rec = std::move(got).value();
    rec.state = store::RecordingState::kReady;
    std::error_code ec;
    if (rec.local_path && !fs::exists(*rec.local_path, ec)) rec.local_path.reset();
    auto updated = ctx_.store.update_recording(rec);
    if (!updated) {
      logger("api")->warn("recording not marked ready id={} reason={}", id,
                          updated.error().message);
      return;
    }
    rec = std::move(updated).value();
    progress_.erase(id);
  }
  logger("api")->info("recording ready id={} bytes={}", id, rec.size_bytes.value_or(0));
  publish(rec, "recording.ready");
}

void RecordingService::fail(const std::string& id, const std::string& reason) {
  store::Recording rec;
  {
    std::lock_guard lock(mutex_);
    auto got = ctx_.store.get_recording(id);
    if (!got) return;
    rec = std::move(got).value();
    if (rec.state == store::RecordingState::kReady || rec.state == store::RecordingState::kFailed) {
      return;
    }
    rec.state = store::RecordingState::kFailed;
    rec.error = reason;
    if (!rec.stopped_at_ms) rec.stopped_at_ms = ctx_.clock.now_unix_ms();
    auto updated = ctx_.store.update_recording(rec);
    if (!updated) return;
    rec = std::move(updated).value();
    progress_.erase(id);
  }
  logger("api")->warn("recording failed id={} reason={}", id, reason);
  publish(rec, "recording.failed");
}

void RecordingService::on_started(const std::string& id) {
  auto rec = ctx_.store.get_recording(id);
  if (!rec) return;
  publish(*rec, "recording.started");
}

void RecordingService::on_progress(const std::string& id, std::string_view state, double fraction) {
  std::lock_guard lock(mutex_);
  progress_[id] = {std::string(state), std::clamp(fraction, 0.0, 1.0)};
}

void RecordingService::on_composed(const std::string& id, const fs::path& mp4, int64_t duration_ms,
                                   const std::vector<std::string>& participants) {
  store::Recording rec;
  {
    std::lock_guard lock(mutex_);
    auto got = ctx_.store.get_recording(id);
    if (!got) return;
    rec = std::move(got).value();
    if (rec.state == store::RecordingState::kReady) return;
    std::error_code ec;
    const auto size = fs::file_size(mp4, ec);
    rec.state = store::RecordingState::kProcessing;
    if (!rec.stopped_at_ms) rec.stopped_at_ms = ctx_.clock.now_unix_ms();
    rec.duration_ms = duration_ms;
    rec.participants = participants;
    rec.size_bytes = ec ? std::optional<int64_t>() : static_cast<int64_t>(size);
    rec.local_path = mp4.string();
    rec.blob_name = blob_name_for(id);
    rec.error.reset();
    auto updated = ctx_.store.update_recording(rec);
    if (!updated) {
      logger("api")->warn("composed recording not stored id={} reason={}", id,
                          updated.error().message);
      return;
    }
    rec = std::move(updated).value();
  }
  queue_upload(rec);
}

void RecordingService::on_failed(const std::string& id, const std::string& reason) {
  fail(id, reason);
}

}  // namespace meet::api
