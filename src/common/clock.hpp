#pragma once
// Time source that tests can drive. Code that needs "now" takes a Clock& instead of calling
// std::chrono directly, so engine and token tests run on a ManualClock.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace meet {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time for timeouts and rates.
  virtual std::chrono::steady_clock::time_point now_steady() const = 0;
  // Wall clock, milliseconds since the Unix epoch (token expiry, timestamps in the API).
  virtual int64_t now_unix_ms() const = 0;
  int64_t now_unix_seconds() const { return now_unix_ms() / 1000; }
};

// The real clocks. Stateless; any thread.
class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now_steady() const override {
    return std::chrono::steady_clock::now();
  }
  int64_t now_unix_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  // A process-wide instance for production wiring.
  static SystemClock& instance() {
    static SystemClock clock;
    return clock;
  }
};

// Time stands still until the test calls advance() or set_*(). Reads and writes are atomic,
// so a test thread may drive it while another thread reads.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t unix_ms = 1'700'000'000'000) : unix_ms_(unix_ms) {}

  std::chrono::steady_clock::time_point now_steady() const override {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(steady_ns_.load()));
  }
  int64_t now_unix_ms() const override { return unix_ms_.load(); }

  // Moves both clocks forward by d.
  void advance(std::chrono::nanoseconds d) {
    steady_ns_ += d.count();
    unix_ms_ += std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  }
  // Sets the wall clock only (steady time never goes back).
  void set_unix_ms(int64_t ms) { unix_ms_ = ms; }

 private:
  std::atomic<int64_t> steady_ns_{1'000'000'000};
  std::atomic<int64_t> unix_ms_;
};

}  // namespace meet
