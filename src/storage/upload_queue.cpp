#include "storage/upload_queue.hpp"

#include <algorithm>
#include <system_error>

#include "common/log.hpp"

namespace meet::storage {
namespace fs = std::filesystem;
namespace {

// True when `file` is `dir` or lies inside it (lexically, after making both absolute).
bool contains(const fs::path& dir, const fs::path& file) {
  std::error_code ec;
  auto rel = fs::weakly_canonical(file, ec).lexically_relative(fs::weakly_canonical(dir, ec));
  return !ec && !rel.empty() && *rel.begin() != "..";
}

}  // namespace

UploadQueue::UploadQueue(BlobStore& blobs, UploadOptions options)
    : blobs_(blobs), options_(options), worker_([this] { run(); }) {}

UploadQueue::~UploadQueue() {
  stop();
}

bool UploadQueue::submit(UploadJob job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (running_id_ == job.id) return false;
    for (const auto& q : queue_) {
      if (q.id == job.id) return false;
    }
    queue_.push_back(std::move(job));
  }
  cv_.notify_all();
  return true;
}

void UploadQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !worker_.joinable()) return;
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  if (worker_.joinable() && worker_.get_id() != std::this_thread::get_id()) worker_.join();
}

size_t UploadQueue::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + (running_id_.empty() ? 0 : 1);
}

uint64_t UploadQueue::failed_attempts() const {
  std::lock_guard lock(mutex_);
  return failed_attempts_;
}

void UploadQueue::run() {
  for (;;) {
    UploadJob job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      running_id_ = job.id;
    }
    process(job);
    std::lock_guard lock(mutex_);
    running_id_.clear();
  }
}

bool UploadQueue::sleep_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  return !cv_.wait_for(lock, d, [this] { return stopping_; });
}

BlobResult<void> UploadQueue::attempt(const UploadJob& job) {
  std::error_code ec;
  const auto local_size = fs::file_size(job.file, ec);
  if (ec) return blob_error(BlobErrorCode::kLocalIo, "cannot read " + job.file.string());
  auto put = blobs_.put_file(job.blob_name, job.file, job.progress);
  if (!put) return put;
  // Confirmed only when the store shows the whole file.
  auto info = blobs_.stat(job.blob_name);
  if (!info) {
    if (info.error().code == BlobErrorCode::kNotFound) {
      return blob_error(BlobErrorCode::kUnavailable, "blob missing after upload");
    }
    return Err{info.error()};
  }
  if (info->size_bytes != static_cast<int64_t>(local_size)) {
    return blob_error(BlobErrorCode::kUnavailable, "blob size differs after upload");
  }
  return Ok{};
}

void UploadQueue::process(UploadJob& job) {
  auto log = logger("storage");
  auto backoff = options_.initial_backoff;
  for (;;) {
    auto r = attempt(job);
    if (r) break;
    if (!r.error().retryable()) {
      log->warn("upload failed id={} blob={} reason={}", job.id, job.blob_name, r.error().message);
      if (job.done) job.done(r);
      return;
    }
    {
      std::lock_guard lock(mutex_);
      ++failed_attempts_;
    }
    log->warn("upload retry id={} blob={} in_ms={} reason={}", job.id, job.blob_name,
              backoff.count(), r.error().message);
    if (!sleep_for(backoff)) return;  // stopping: the file stays for the next start
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  const bool in_place = blobs_.holds_file(job.file);
  for (const auto& p : job.remove_after) {
    if (p.empty() || (in_place && contains(p, job.file))) continue;
    std::error_code ec;
    fs::remove_all(p, ec);
    if (ec)
      log->warn("cannot remove local copy id={} path={} reason={}", job.id, p.string(),
                ec.message());
  }
  log->info("upload done id={} blob={}", job.id, job.blob_name);
  if (job.done) job.done(Ok{});
}

}  // namespace meet::storage
