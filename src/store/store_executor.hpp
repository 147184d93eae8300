#pragma once
// StoreExecutor: one thread that runs store calls the control loop must not wait for (a chat
// line's insert). Jobs run in the order posted. The queue is bounded (README "Limits"): past
// `max_queued` waiting jobs, post() refuses the job and the caller decides (the chat line is
// then not stored and a warning logged), so a stuck database costs bounded memory, never a
// stalled control loop. A job that needs its result on the control loop posts it back there.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace meet::store {

class StoreExecutor {
 public:
  static constexpr size_t kDefaultMaxQueued = 1024;

  explicit StoreExecutor(size_t max_queued = kDefaultMaxQueued);
  // Runs the jobs already queued, then stops the thread.
  ~StoreExecutor();
  StoreExecutor(const StoreExecutor&) = delete;
  StoreExecutor& operator=(const StoreExecutor&) = delete;

  // Queues `job`; false (job dropped) when `max_queued` jobs already wait. Any thread.
  bool post(std::function<void()> job);
  // Jobs waiting (not counting the one running).
  size_t queued() const;

 private:
  void run();

  const size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace meet::store
