#include "record/compose_queue.hpp"

#include <chrono>

#include "common/log.hpp"

namespace meet::record {

ComposeQueue::ComposeQueue(ComposeOptions options, size_t concurrency)
    : options_(std::move(options)) {
  if (concurrency == 0) concurrency = 1;
  for (size_t i = 0; i < concurrency; ++i) threads_.emplace_back([this] { run(); });
}

ComposeQueue::~ComposeQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (!jobs_.empty()) {
      logger("record")->warn("compose queue stopping jobs_dropped={}", jobs_.size());
    }
    jobs_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void ComposeQueue::submit(std::string recording_id, std::filesystem::path folder, Progress progress,
                          Done done) {
  size_t waiting = 0;
  std::string id = recording_id;
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(
        {std::move(recording_id), std::move(folder), std::move(progress), std::move(done)});
    waiting = jobs_.size();
  }
  logger("record")->info("compose queued recording={} waiting={}", id, waiting);
  cv_.notify_one();
}

size_t ComposeQueue::pending() const {
  std::lock_guard lock(mutex_);
  return jobs_.size() + running_;
}

void ComposeQueue::run() {
  auto log = logger("record");
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
    }
    auto started = std::chrono::steady_clock::now();
    log->info("compose job started recording={}", job.recording_id);
    int last_tenth = -1;
    auto result = compose(job.folder, options_, [&](double f) {
      // Logs every 10 %; the caller hears every step.
      int tenth = static_cast<int>(f * 10);
      if (tenth != last_tenth) {
        last_tenth = tenth;
        log->info("compose progress recording={} percent={}", job.recording_id, tenth * 10);
      }
      if (job.progress) job.progress(f);
    });
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    if (result) {
      log->info("compose job done recording={} elapsed_ms={} duration_ms={}", job.recording_id, ms,
                result->duration_ms);
    } else {
      log->warn("compose job failed recording={} elapsed_ms={} reason={}", job.recording_id, ms,
                result.error());
    }
    if (job.done) job.done(std::move(result));
    std::lock_guard lock(mutex_);
    --running_;
  }
}

}  // namespace meet::record
