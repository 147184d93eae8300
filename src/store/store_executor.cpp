#include "store/store_executor.hpp"

#include <utility>

namespace meet::store {

StoreExecutor::StoreExecutor(size_t max_queued)
    : max_queued_(max_queued), thread_([this] { run(); }) {}

StoreExecutor::~StoreExecutor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool StoreExecutor::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= max_queued_) return false;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

size_t StoreExecutor::queued() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

void StoreExecutor::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to run
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace meet::store
