#include "rtc/bwe/transport_feedback_adapter.hpp"

namespace meet::rtc {
namespace {

// The reference time is a 24-bit signed count of 64 ms ticks: it wraps every ~12 days.
constexpr int32_t kReferenceModulo = 1 << 24;

}  // namespace

TransportFeedbackAdapter::TransportFeedbackAdapter(size_t max_results)
    : results_(max_results == 0 ? 1 : max_results) {}

int64_t TransportFeedbackAdapter::unwrap_reference_us(int32_t ticks) {
  if (!last_reference_ticks_) {
    reference_ticks_ = ticks;
  } else {
    // Difference modulo 2^24, read as signed: a later (or reordered, earlier) feedback.
    int32_t diff = (ticks - *last_reference_ticks_) % kReferenceModulo;
    if (diff < 0) diff += kReferenceModulo;
    if (diff >= kReferenceModulo / 2) diff -= kReferenceModulo;
    reference_ticks_ += diff;
  }
  last_reference_ticks_ = ticks;
  return reference_ticks_ * RtcpTransportFeedback::kReferenceTickUs;
}

std::span<const PacketResult> TransportFeedbackAdapter::process(
    const RtcpTransportFeedback& feedback, SendHistory& history, int64_t now_us) {
  ++counters_.feedbacks;
  size_ = 0;
  // Statuses carry reference time + deltas; rebase them on the unwrapped reference.
  const int64_t offset_us =
      unwrap_reference_us(feedback.reference_time()) - feedback.reference_time_us();
  const int64_t base = history.unwrap(feedback.base_sequence_number());
  int64_t index = 0;
  feedback.for_each_packet([&](const TwccPacketStatus& s) {
    // Statuses run consecutively from the base, so unwrap by position: no 16-bit ambiguity
    // inside one feedback, however long.
    const int64_t seq = base < 0 ? -1 : base + index;
    ++index;
    SendHistory::Entry* e = history.find(seq, now_us);
    if (e == nullptr) {
      ++counters_.unknown;
      return;
    }
    if (e->state == FeedbackState::kReceived || (e->state == FeedbackState::kLost && !s.received)) {
      ++counters_.duplicates;
      return;
    }
    if (size_ == results_.size()) {
      ++counters_.overflow;
      return;
    }
    e->state = s.received ? FeedbackState::kReceived : FeedbackState::kLost;
    PacketResult& r = results_[size_++];
    r.sequence_number = seq;
    r.send_time_us = e->send_time_us;
    r.arrival_time_us = s.received ? s.arrival_time_us + offset_us : 0;
    r.size = e->size;
    r.probe_cluster = e->probe_cluster;
    r.received = s.received;
    r.is_padding = e->is_padding;
  });
  return {results_.data(), size_};
}

}  // namespace meet::rtc
