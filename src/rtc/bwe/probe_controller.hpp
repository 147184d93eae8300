#pragma once
// Decides when to probe for more bandwidth. Additive increase near a past congestion point
// and the 8 %/s multiplicative increase (draft-ietf-rmcat-gcc-02 sections 5.5, 6) take tens
// of seconds to climb back after a drop; a short burst at twice the estimate (padding or RTX)
// finds out in one round trip whether the link has room again. A probe that got through is
// followed by the next one soon (exponential search); after one that did not, the wait
// doubles from kMinIntervalUs up to kMaxIntervalUs: a probe into a full link briefly queues
// and costs a delay-based decrease, so a sender that already fills its link should rarely pay
// it. The exception is recovery: while the estimate sits below half of what it was within
// kDropMemoryUs, the link has dropped and may come back, and probing stays at kMinIntervalUs
// (at such a low rate a probe into a full link costs little).
#include <cstdint>
#include <optional>

namespace meet::rtc {

// A burst the sender should send now: `bytes()` in total at `target_bps`, over about
// `duration_us`, media first and padding/RTX to fill the rest.
struct ProbeRequest {
  uint16_t cluster_id = 0;
  int64_t target_bps = 0;
  int64_t duration_us = 0;
  int64_t bytes() const { return target_bps * duration_us / 8'000'000; }
};

class ProbeController {
 public:
  static constexpr double kProbeFactor = 2;
  static constexpr int64_t kMinDurationUs = 60'000;
  static constexpr int64_t kMinProbePackets = 6;  // the duration stretches to hold this many
  static constexpr int64_t kPacketBits = 1200 * 8;
  static constexpr int64_t kMinIntervalUs = 5'000'000;    // after a probe that did not help
  static constexpr int64_t kMaxIntervalUs = 30'000'000;   // ... after several in a row
  static constexpr int64_t kFollowUpGapUs = 500'000;      // after one that did
  static constexpr int64_t kResultTimeoutUs = 1'000'000;  // no feedback for it by then: failed
  static constexpr int64_t kDropMemoryUs = 60'000'000;
  static constexpr double kDropRatio = 0.5;
  static constexpr double kSuccessRatio = 0.7;  // of the target, for a probe to count as good
  static constexpr double kNearMaxRatio = 0.95;

  // A probe to send now, or nullopt: one at a time, none while the link shows loss
  // (`lossy`) or congestion, none when the estimate is already near `max_bps`.
  std::optional<ProbeRequest> poll(int64_t now_us, int64_t estimate_bps, int64_t max_bps,
                                   bool lossy, bool overusing);

  // Every change of the estimate, so a large drop is noticed.
  void on_estimate(int64_t estimate_bps, int64_t now_us);

  // What the sender would send with no limit (e.g. the simulcast layers its receiver's tiles
  // ask for). While that is more than the estimate the link may have room it has not shown,
  // as in recovery: a failed probe is retried after kMinIntervalUs, not a growing backoff,
  // so a link whose limit was lifted is found again within seconds. 0: not known.
  void set_wanted(int64_t wanted_bps) { wanted_bps_ = wanted_bps; }

  // The cluster a packet sent at `now_us` belongs to: the active probe while it is being
  // sent, else 0.
  uint16_t cluster_at(int64_t now_us) const;

  // The active probe, if any, and whether its result is due (sending is over).
  const std::optional<ProbeRequest>& active() const { return active_; }
  int64_t active_end_us() const { return active_start_us_ + (active_ ? active_->duration_us : 0); }
  bool timed_out(int64_t now_us) const {
    return active_ && now_us >= active_end_us() + kResultTimeoutUs;
  }

  // Ends the active probe with what it measured (nullopt: nothing usable).
  void on_result(std::optional<int64_t> result_bps, int64_t now_us);

  uint64_t probes_sent() const { return probes_sent_; }
  uint64_t probes_succeeded() const { return probes_succeeded_; }

 private:
  std::optional<ProbeRequest> active_;
  int64_t active_start_us_ = 0;
  std::optional<int64_t> next_probe_us_;  // unset: may probe at once
  int64_t interval_us_ = kMinIntervalUs;
  int64_t recent_max_bps_ = 0;
  int64_t recent_max_us_ = 0;
  bool recovering_ = false;
  int64_t wanted_bps_ = 0;
  int64_t estimate_bps_ = 0;
  uint16_t next_cluster_ = 1;
  uint64_t probes_sent_ = 0;
  uint64_t probes_succeeded_ = 0;
};

}  // namespace meet::rtc
