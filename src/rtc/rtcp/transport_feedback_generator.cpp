#include "rtc/rtcp/transport_feedback_generator.hpp"

#include <algorithm>

#include "rtc/rtcp/rtcp_transport_feedback.hpp"

namespace meet::rtc {
namespace {

// Arrivals gathered for one packet; a 1500-byte packet holds about a thousand at most, and the
// next call picks up whatever did not fit.
constexpr size_t kMaxArrivalsPerPacket = 512;

}  // namespace

void TransportFeedbackGenerator::reset(int64_t seq) {
  arrivals_.fill(kNotReceived);
  next_unreported_ = seq;
  highest_ = seq - 1;
  pending_ = 0;
}

bool TransportFeedbackGenerator::on_packet(uint16_t sequence_number, int64_t arrival_us) {
  if (!started_) {
    started_ = true;
    reset(sequence_number);
  }
  // Unwrap around the newest number seen (or the next to report when none is pending).
  const int64_t ref = std::max(highest_, next_unreported_);
  const auto delta = static_cast<int16_t>(static_cast<uint16_t>(sequence_number - ref));
  const int64_t seq = ref + delta;
  if (seq < next_unreported_) {
    ++dropped_;  // already reported as lost, or a duplicate of a reported one
    return false;
  }
  if (seq >= next_unreported_ + static_cast<int64_t>(kWindow)) reset(seq);
  int64_t& at = slot(seq);
  if (at != kNotReceived) {
    ++dropped_;
    return false;
  }
  at = arrival_us;
  highest_ = std::max(highest_, seq);
  ++pending_;
  return true;
}

bool TransportFeedbackGenerator::due(int64_t now_us) const {
  return pending_ > 0 && (pending_ >= kPacketsPerFeedback || now_us - last_sent_us_ >= kIntervalUs);
}

size_t TransportFeedbackGenerator::write(uint32_t media_ssrc, std::span<uint8_t> out,
                                         int64_t now_us) {
  if (pending_ == 0) return 0;
  std::array<TwccArrival, kMaxArrivalsPerPacket> batch;
  std::array<int64_t, kMaxArrivalsPerPacket> unwrapped;
  size_t n = 0;
  for (int64_t seq = next_unreported_; seq <= highest_ && n < batch.size(); ++seq) {
    const int64_t at = slot(seq);
    if (at == kNotReceived) continue;
    batch[n] = TwccArrival{static_cast<uint16_t>(seq), at};
    unwrapped[n] = seq;
    ++n;
  }
  TwccFeedbackHeader header;
  header.sender_ssrc = sender_ssrc_;
  header.media_ssrc = media_ssrc;
  header.base_sequence_number = static_cast<uint16_t>(next_unreported_);
  header.feedback_count = feedback_count_;
  auto written = RtcpTransportFeedback::write(header, std::span(batch.data(), n), out);
  if (!written) return 0;  // `out` cannot hold even one arrival: a caller bug, nothing lost
  const size_t count = written->arrivals_written;
  const int64_t last = unwrapped[count - 1];
  for (int64_t seq = next_unreported_; seq <= last; ++seq) slot(seq) = kNotReceived;
  next_unreported_ = last + 1;
  pending_ -= count;
  ++feedback_count_;
  ++feedback_sent_;
  last_sent_us_ = now_us;
  return written->bytes;
}

}  // namespace meet::rtc
