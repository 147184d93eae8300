#pragma once
// Joins transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section
// 3.1) with the SendHistory: for each reported packet we still know, its send time, size and
// arrival time, or that it was lost. This is the input of draft-ietf-rmcat-gcc-02 section 4
// ("the feedback ... from which the sender computes the delay gradients and the loss ratio").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "rtc/bwe/packet_result.hpp"
#include "rtc/bwe/send_history.hpp"
#include "rtc/rtcp/rtcp_transport_feedback.hpp"

namespace meet::rtc {

class TransportFeedbackAdapter {
 public:
  // Counters of what was ignored, for stats; they only grow.
  struct Counters {
    uint64_t feedbacks = 0;
    uint64_t unknown = 0;     // never sent, overwritten, or stale (SendHistory::find)
    uint64_t duplicates = 0;  // already reported by an earlier (or repeated) feedback
    uint64_t overflow = 0;    // more packets in one feedback than the result buffer holds
  };

  // Holds at most `max_results` per feedback (allocated here); size it like the SendHistory,
  // since a feedback cannot match more packets than the history remembers.
  explicit TransportFeedbackAdapter(size_t max_results = 4096);

  // Matches every status in `feedback` against `history` (marking them reported there) and
  // returns one result per packet newly learned about, in sequence order. A packet reported
  // lost and later received is returned again as received; anything else seen before is
  // skipped, so duplicated and reordered feedback is harmless. Arrival times are on one
  // receiver timeline across feedbacks (the 24-bit reference time is unwrapped). The span is
  // valid until the next call. No allocation.
  std::span<const PacketResult> process(const RtcpTransportFeedback& feedback, SendHistory& history,
                                        int64_t now_us);

  const Counters& counters() const { return counters_; }

 private:
  int64_t unwrap_reference_us(int32_t reference_ticks);

  std::vector<PacketResult> results_;
  size_t size_ = 0;
  std::optional<int32_t> last_reference_ticks_;
  int64_t reference_ticks_ = 0;  // unwrapped
  Counters counters_;
};

}  // namespace meet::rtc
