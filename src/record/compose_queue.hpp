#pragma once
// ComposeQueue: runs compose jobs on a small pool of worker threads, at most `concurrency`
// at a time, in submission order.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "record/composer.hpp"

namespace meet::record {

class ComposeQueue {
 public:
  using Progress = std::function<void(double)>;
  using Done = std::function<void(Result<ComposeResult, std::string>)>;

  // concurrency 0 is taken as 1.
  ComposeQueue(ComposeOptions options, size_t concurrency);
  // Finishes the running jobs, drops the queued ones (their `done` is not called) and joins.
  ~ComposeQueue();
  ComposeQueue(const ComposeQueue&) = delete;
  ComposeQueue& operator=(const ComposeQueue&) = delete;

  // Queues a job. Thread-safe. progress and done are called on a queue thread.
  void submit(std::string recording_id, std::filesystem::path folder, Progress progress, Done done);

  // Jobs queued or running.
  size_t pending() const;

 private:
  struct Job {
    std::string recording_id;
    std::filesystem::path folder;
    Progress progress;
    Done done;
  };
  void run();

  ComposeOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace meet::record
