#include "rtc/bwe/send_history.hpp"

#include <bit>

namespace meet::rtc {
namespace {

// The first number sent is placed this far above zero, so feedback for a slightly earlier
// number (a reordered first packet) still unwraps to a non-negative value.
constexpr int64_t kUnwrapBase = int64_t{1} << 16;

}  // namespace

SendHistory::SendHistory(size_t capacity)
    : ring_(std::bit_ceil(capacity < 64 ? size_t{64} : capacity)), mask_(ring_.size() - 1) {}

int64_t SendHistory::unwrap(uint16_t seq) const {
  if (newest_ < 0) return -1;
  const auto diff =
      static_cast<int16_t>(static_cast<uint16_t>(seq - static_cast<uint16_t>(newest_)));
  return newest_ + diff;
}

int64_t SendHistory::record(uint16_t seq, uint32_t size, int64_t send_time_us,
                            uint16_t probe_cluster, bool is_padding) {
  const int64_t unwrapped = newest_ < 0 ? kUnwrapBase + seq : unwrap(seq);
  if (unwrapped > newest_) newest_ = unwrapped;
  Entry& e = ring_[static_cast<size_t>(unwrapped) & mask_];
  e.sequence_number = unwrapped;
  e.send_time_us = send_time_us;
  e.size = size;
  e.probe_cluster = probe_cluster;
  e.is_padding = is_padding;
  e.state = FeedbackState::kNone;
  return unwrapped;
}

SendHistory::Entry* SendHistory::find(int64_t seq, int64_t now_us) {
  if (seq < 0 || seq > newest_) return nullptr;
  Entry& e = ring_[static_cast<size_t>(seq) & mask_];
  if (e.sequence_number != seq) return nullptr;
  if (now_us - e.send_time_us > kMaxAgeUs) return nullptr;
  return &e;
}

}  // namespace meet::rtc
