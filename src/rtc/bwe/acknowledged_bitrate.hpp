#pragma once
// R_hat of draft-ietf-rmcat-gcc-02 section 5.5: the bitrate the receiver actually got,
// measured from transport-wide feedback as bytes received over a sliding window of arrival
// time. A ring of the packets inside the window, allocated at construction.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace meet::rtc {

class AcknowledgedBitrate {
 public:
  static constexpr int64_t kWindowUs = 500'000;
  static constexpr int64_t kMinSpanUs = 150'000;  // no rate from less than this much data

  // Remembers up to `capacity` packets; at more packets per window the oldest fall out early
  // (the rate then covers a shorter span, still correct).
  explicit AcknowledgedBitrate(size_t capacity = 4096, int64_t window_us = kWindowUs);

  // One packet feedback reported received, with its arrival time (receiver clock) and size.
  // Arrival times may go back a little (reordered feedback): those count where they fall.
  // A gap longer than the window restarts the measurement.
  void on_packet(int64_t arrival_time_us, uint32_t size);

  // Bits per second over the window, or nullopt until kMinSpanUs of arrivals were seen
  // since the start or the last restart.
  std::optional<int64_t> bitrate_bps() const;

 private:
  struct Sample {
    int64_t arrival_time_us = 0;
    uint32_t size = 0;
  };
  void pop_front();

  std::vector<Sample> ring_;
  size_t head_ = 0;  // oldest
  size_t size_ = 0;
  int64_t window_us_;
  int64_t bytes_ = 0;
  int64_t newest_us_ = 0;
  std::optional<int64_t> start_us_;
};

}  // namespace meet::rtc
