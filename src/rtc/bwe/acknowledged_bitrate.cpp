#include "rtc/bwe/acknowledged_bitrate.hpp"

#include <algorithm>

namespace meet::rtc {

AcknowledgedBitrate::AcknowledgedBitrate(size_t capacity, int64_t window_us)
    : ring_(capacity == 0 ? 1 : capacity), window_us_(window_us) {}

void AcknowledgedBitrate::pop_front() {
  bytes_ -= ring_[head_].size;
  head_ = (head_ + 1) % ring_.size();
  --size_;
}

void AcknowledgedBitrate::on_packet(int64_t arrival_time_us, uint32_t size) {
  if (!start_us_ || arrival_time_us - newest_us_ > window_us_) {
    while (size_ > 0) pop_front();
    start_us_ = arrival_time_us;
    newest_us_ = arrival_time_us;
  }
  newest_us_ = std::max(newest_us_, arrival_time_us);
  if (size_ == ring_.size()) pop_front();
  ring_[(head_ + size_) % ring_.size()] = Sample{arrival_time_us, size};
  ++size_;
  bytes_ += size;
  // Drop what slid out; a reordered sample behind the head just leaves with its neighbours.
  while (size_ > 0 && ring_[head_].arrival_time_us <= newest_us_ - window_us_) pop_front();
}

std::optional<int64_t> AcknowledgedBitrate::bitrate_bps() const {
  if (!start_us_) return std::nullopt;
  const int64_t span = std::min(window_us_, newest_us_ - *start_us_);
  if (span < kMinSpanUs) return std::nullopt;
  return bytes_ * 8 * 1'000'000 / span;
}

}  // namespace meet::rtc
