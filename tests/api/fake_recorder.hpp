#pragma once
// FakeRecorder: an api::RecordingControl for API tests that records start/stop calls and
// answers start with `refuse` (nullopt: started). Mutex-guarded (server and test threads).
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/recording_control.hpp"

namespace meet::testing {

class FakeRecorder final : public api::RecordingControl {
 public:
  std::optional<std::string> start(const std::string& recording_id, const std::string& meeting_id,
                                   const std::string& room, int64_t) override {
    std::lock_guard lock(mutex_);
    starts_.push_back({recording_id, meeting_id, room});
    return refuse_;
  }
  void stop(const std::string& recording_id) override {
    std::lock_guard lock(mutex_);
    stops_.push_back(recording_id);
  }
  void refuse_with(std::optional<std::string> code) {
    std::lock_guard lock(mutex_);
    refuse_ = std::move(code);
  }
  std::vector<std::vector<std::string>> starts() const {
    std::lock_guard lock(mutex_);
    return starts_;
  }
  std::vector<std::string> stops() const {
    std::lock_guard lock(mutex_);
    return stops_;
  }

 private:
  mutable std::mutex mutex_;
  std::optional<std::string> refuse_;
  std::vector<std::vector<std::string>> starts_;
  std::vector<std::string> stops_;
};

}  // namespace meet::testing
