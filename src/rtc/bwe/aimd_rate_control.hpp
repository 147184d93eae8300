#pragma once
// Delay-based rate controller: draft-ietf-rmcat-gcc-02 section 5.5. A three-state machine
// driven by the over-use signal (overuse -> decrease, underuse -> hold, normal -> increase):
//  - increase multiplicatively (8 %/s, eta) while far from the last congestion point, and
//    additively (about one packet per response time) near it, so the rate hovers close to
//    the link without repeatedly overshooting it;
//  - decrease to beta = 0.85 times the acknowledged (received) bitrate R_hat on overuse;
//  - never increase past 1.5 R_hat (section 5.5: A_hat(i) < 1.5 R_hat(i)), so an application-
//    limited sender does not claim bandwidth it never tried.
// "Near" is judged by a running mean and variance of R_hat at past decreases (the link
// capacity estimate below).
#include <cstdint>
#include <optional>

#include "rtc/bwe/overuse_detector.hpp"

namespace meet::rtc {

// The acknowledged bitrate at past overuse events: a mean with a normalised variance, in
// kbit/s. Empty until the first overuse, and reset when the rate moves outside mean +- 3 sd.
class LinkCapacityEstimate {
 public:
  void on_overuse(double acked_kbps);
  void reset() { estimate_kbps_.reset(); }
  bool known() const { return estimate_kbps_.has_value(); }
  double estimate_kbps() const { return estimate_kbps_.value_or(0); }
  double upper_bound_kbps() const;
  double lower_bound_kbps() const;

 private:
  double deviation_kbps() const;
  std::optional<double> estimate_kbps_;
  double variance_ = 0.4;  // normalised by the estimate
};

class AimdRateControl {
 public:
  enum class State : uint8_t { kHold, kIncrease, kDecrease };

  static constexpr double kBeta = 0.85;
  static constexpr double kIncreasePerSecond = 1.08;  // eta
  static constexpr int64_t kMinIncreaseBps = 1'000;
  static constexpr int64_t kMinNearMaxIncreaseBpsPerSecond = 4'000;
  static constexpr int64_t kMaxIncreaseStepUs = 1'000'000;
  static constexpr int64_t kAckHeadroomBps = 10'000;  // added to 1.5 R_hat

  AimdRateControl(int64_t start_bps, int64_t min_bps, int64_t max_bps);

  // Applies one over-use signal, usually once per feedback. `acked_bps` is R_hat when known,
  // `rtt_us` the round-trip time. Returns the new estimate.
  int64_t update(BandwidthUsage usage, std::optional<int64_t> acked_bps, int64_t rtt_us,
                 int64_t now_us);

  // Jumps to `bps` (a probe result), clamped; forgets a capacity estimate it exceeds.
  void set_estimate(int64_t bps, int64_t now_us);

  int64_t estimate_bps() const { return estimate_bps_; }
  State state() const { return state_; }
  const LinkCapacityEstimate& link_capacity() const { return link_capacity_; }

 private:
  void transition(BandwidthUsage usage);
  int64_t increased(int64_t rtt_us, int64_t now_us) const;
  int64_t additive_increase_bps(int64_t rtt_us, int64_t elapsed_us) const;
  bool may_decrease_again(std::optional<int64_t> acked_bps, int64_t rtt_us, int64_t now_us) const;
  int64_t clamp(int64_t bps) const;

  int64_t min_bps_;
  int64_t max_bps_;
  int64_t estimate_bps_;
  State state_ = State::kHold;
  LinkCapacityEstimate link_capacity_;
  std::optional<int64_t> last_change_us_;
  std::optional<int64_t> last_decrease_us_;
};

}  // namespace meet::rtc
