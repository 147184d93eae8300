#pragma once
// MessageRateLimit: what to do with each signaling message of one client, by a one-second
// window (docs/protocol.md, "Limits"). Up to kMaxPerSecond messages a window are handled; the
// first one past it is answered with one `rate_limited` error; the next ones are dropped
// unanswered, and past kMaxExcess of them in one window the client is disconnected. So a
// flooder costs at most one error frame and is gone within a bounded number of messages.
// One session's control-loop thread; the caller passes the time so tests need no clock.
#include <chrono>
#include <cstdint>

namespace meet::signal {

class MessageRateLimit {
 public:
  static constexpr int kMaxPerSecond = 50;
  static constexpr int kMaxExcess = 50;

  enum class Verdict : uint8_t { kHandle, kReject, kDrop, kDisconnect };

  Verdict on_message(std::chrono::steady_clock::time_point now) {
    if (now - window_start_ >= std::chrono::seconds(1)) {
      window_start_ = now;
      count_ = 0;
    }
    ++count_;
    const int excess = count_ - kMaxPerSecond;
    if (excess <= 0) return Verdict::kHandle;
    if (excess == 1) return Verdict::kReject;
    if (excess <= kMaxExcess) return Verdict::kDrop;
    return Verdict::kDisconnect;
  }

 private:
  std::chrono::steady_clock::time_point window_start_{};
  int count_ = 0;
};

}  // namespace meet::signal
