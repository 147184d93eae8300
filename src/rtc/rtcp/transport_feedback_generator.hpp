#pragma once
// The receiving half of transport-wide congestion control
// (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 2): records when each
// transport-wide sequence number arrived and turns the arrivals into feedback packets
// (RtcpTransportFeedback::write) for the sender's bandwidth estimator.
//
// A sender's congestion controller that negotiated transport-cc waits for this feedback; without
// it Chrome's estimate falls to tens of kbit/s. Feedback is due every kInterval, or sooner when
// kPacketsPerFeedback arrivals are pending, so a high-rate sender hears about bursts quickly.
//
// Fixed memory (a ring of kWindow arrivals), no allocation after construction. Time comes from
// the caller in microseconds of any monotonic clock. One thread.
#include <array>
#include <cstdint>
#include <span>

namespace meet::rtc {

class TransportFeedbackGenerator {
 public:
  static constexpr int64_t kIntervalUs = 50'000;
  static constexpr size_t kPacketsPerFeedback = 100;
  // Sequence numbers kept; a jump further ahead than this starts over.
  static constexpr size_t kWindow = 4096;

  explicit TransportFeedbackGenerator(uint32_t sender_ssrc) : sender_ssrc_(sender_ssrc) {}

  // Records the arrival of `sequence_number` at `arrival_us`. A packet older than what was
  // already reported, or a duplicate, is ignored (returns false).
  bool on_packet(uint16_t sequence_number, int64_t arrival_us);

  // True when a feedback packet should go out at `now_us`.
  bool due(int64_t now_us) const;

  // Writes one feedback packet for the pending arrivals into `out` and returns its size; 0 when
  // nothing is pending. Call again while it returns non-zero: a long burst may need several
  // packets. `media_ssrc` fills the (unused by receivers of it) media source field.
  size_t write(uint32_t media_ssrc, std::span<uint8_t> out, int64_t now_us);

  uint64_t feedback_sent() const { return feedback_sent_; }
  uint64_t late_or_duplicate() const { return dropped_; }

 private:
  static constexpr int64_t kNotReceived = INT64_MIN;
  int64_t& slot(int64_t seq) { return arrivals_[static_cast<size_t>(seq) % kWindow]; }
  void reset(int64_t seq);

  uint32_t sender_ssrc_;
  bool started_ = false;
  int64_t next_unreported_ = 0;  // unwrapped sequence number
  int64_t highest_ = -1;         // unwrapped; < next_unreported_ when nothing is pending
  size_t pending_ = 0;           // arrivals not reported yet
  int64_t last_sent_us_ = 0;
  uint8_t feedback_count_ = 0;
  uint64_t feedback_sent_ = 0;
  uint64_t dropped_ = 0;
  std::array<int64_t, kWindow> arrivals_{};
};

}  // namespace meet::rtc
