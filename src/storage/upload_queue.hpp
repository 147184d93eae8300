#pragma once
// UploadQueue: uploads files to a BlobStore on its own worker thread, one at a time, in
// submission order, retrying a failed upload after a backoff that doubles up to a cap, for
// as long as the error is retryable (network down, 5xx). It never deletes the local file
// before the store confirmed the upload (put_file returned and stat shows the same size);
// then it removes each `remove_after` path (files or folders), sparing any that holds the
// uploaded file when the BlobStore keeps that very file as the blob (local disk).
//
// Nothing is persisted here: after a restart the owner resubmits what its rows say is still
// waiting (api/RecordingService does it from the recordings in state `processing`).
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/blob_store.hpp"

namespace meet::storage {

struct UploadOptions {
  std::chrono::milliseconds initial_backoff{1000};  // 1 s, 2 s, 4 s, ... after each failure
  std::chrono::milliseconds max_backoff{60'000};    // the interval stops growing here
};

struct UploadJob {
  std::string id;  // the caller's id (a recording id), for logs
  std::filesystem::path file;
  std::string blob_name;
  std::vector<std::filesystem::path> remove_after;  // deleted once the upload is confirmed
  std::function<void(double)> progress;             // 0..1, worker thread; may be empty
  // Worker thread. ok: the blob is committed (and remove_after deleted). error: a failure that
  // retrying cannot fix (missing file, refused credentials); nothing was deleted.
  std::function<void(const BlobResult<void>&)> done;
};

class UploadQueue {
 public:
  UploadQueue(BlobStore& blobs, UploadOptions options);
  ~UploadQueue();  // stop()
  UploadQueue(const UploadQueue&) = delete;
  UploadQueue& operator=(const UploadQueue&) = delete;

  // Any thread. Jobs with an id already queued or running are ignored (returns false).
  bool submit(UploadJob job);
  // Stops the worker: the running upload finishes its current attempt; queued jobs are dropped
  // without their done (their files stay on disk for the next start).
  void stop();
  // Jobs queued or running.
  size_t pending() const;
  // Failed attempts so far (all jobs), for tests and metrics.
  uint64_t failed_attempts() const;

 private:
  void run();
  void process(UploadJob& job);
  BlobResult<void> attempt(const UploadJob& job);
  bool sleep_for(std::chrono::milliseconds d);  // false when stopping

  BlobStore& blobs_;
  UploadOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<UploadJob> queue_;
  std::string running_id_;
  bool stopping_ = false;
  uint64_t failed_attempts_ = 0;
  std::thread worker_;  // last: starts after everything above exists
};

}  // namespace meet::storage
