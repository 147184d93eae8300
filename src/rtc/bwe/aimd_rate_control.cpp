#include "rtc/bwe/aimd_rate_control.hpp"

#include <algorithm>
#include <cmath>

#include "common/assert.hpp"

namespace meet::rtc {
namespace {

constexpr double kCapacityAlpha = 0.05;        // weight of a new sample in the capacity estimate
constexpr int64_t kResponseExtraUs = 100'000;  // response time = rtt + this (section 5.5)
constexpr double kFramesPerSecond = 30;        // to guess the packet size for additive increase
constexpr double kMtuBits = 1200 * 8;
constexpr int64_t kMinDecreaseGapUs = 10'000;
constexpr int64_t kMaxDecreaseGapUs = 200'000;

}  // namespace

void LinkCapacityEstimate::on_overuse(double acked_kbps) {
  if (!estimate_kbps_) {
    estimate_kbps_ = acked_kbps;
  } else {
    *estimate_kbps_ = (1 - kCapacityAlpha) * *estimate_kbps_ + kCapacityAlpha * acked_kbps;
  }
  const double error = *estimate_kbps_ - acked_kbps;
  const double norm = std::max(*estimate_kbps_, 1.0);
  variance_ = (1 - kCapacityAlpha) * variance_ + kCapacityAlpha * error * error / norm;
  // Between 0.4 and 2.5 (kbit/s, normalised): roughly 1 % to 16 % of a 1 Mbit/s link.
  variance_ = std::clamp(variance_, 0.4, 2.5);
}

double LinkCapacityEstimate::deviation_kbps() const {
  return std::sqrt(variance_ * estimate_kbps());
}

double LinkCapacityEstimate::upper_bound_kbps() const {
  return estimate_kbps() + 3 * deviation_kbps();
}

double LinkCapacityEstimate::lower_bound_kbps() const {
  return std::max(0.0, estimate_kbps() - 3 * deviation_kbps());
}

AimdRateControl::AimdRateControl(int64_t start_bps, int64_t min_bps, int64_t max_bps)
    : min_bps_(min_bps), max_bps_(max_bps), estimate_bps_(0) {
  MEET_ASSERT(min_bps > 0 && min_bps <= max_bps, "bitrate bounds out of order");
  estimate_bps_ = clamp(start_bps);
}

int64_t AimdRateControl::clamp(int64_t bps) const {
  return std::clamp(bps, min_bps_, max_bps_);
}

void AimdRateControl::transition(BandwidthUsage usage) {
  switch (usage) {
    case BandwidthUsage::kOverusing:
      state_ = State::kDecrease;
      break;
    case BandwidthUsage::kUnderusing:
      // The queue is draining: hold until it is empty, or we would refill it at once.
      state_ = State::kHold;
      break;
    case BandwidthUsage::kNormal:
      if (state_ == State::kHold) state_ = State::kIncrease;
      break;
  }
}

int64_t AimdRateControl::additive_increase_bps(int64_t rtt_us, int64_t elapsed_us) const {
  // About one packet per response time, with the packet size guessed from a 30 fps stream
  // at the current rate cut into MTU-sized packets.
  const double bits_per_frame = static_cast<double>(estimate_bps_) / kFramesPerSecond;
  const double packets_per_frame = std::ceil(bits_per_frame / kMtuBits);
  const double packet_bits = bits_per_frame / packets_per_frame;
  const double response_s = static_cast<double>(rtt_us + kResponseExtraUs) / 1e6;
  const double rate =
      std::max(packet_bits / response_s, static_cast<double>(kMinNearMaxIncreaseBpsPerSecond));
  return static_cast<int64_t>(rate * static_cast<double>(elapsed_us) / 1e6);
}

int64_t AimdRateControl::increased(int64_t rtt_us, int64_t now_us) const {
  const int64_t elapsed_us =
      std::clamp<int64_t>(now_us - last_change_us_.value_or(now_us), 0, kMaxIncreaseStepUs);
  if (link_capacity_.known()) return estimate_bps_ + additive_increase_bps(rtt_us, elapsed_us);
  const double factor = std::pow(kIncreasePerSecond, static_cast<double>(elapsed_us) / 1e6);
  const auto step = static_cast<int64_t>(static_cast<double>(estimate_bps_) * (factor - 1));
  return estimate_bps_ + std::max(step, kMinIncreaseBps);
}

// Several overuse signals follow one congestion event while the queue drains; cut once per
// round trip unless the link has clearly collapsed (R_hat below half the estimate).
bool AimdRateControl::may_decrease_again(std::optional<int64_t> acked_bps, int64_t rtt_us,
                                         int64_t now_us) const {
  if (!last_decrease_us_) return true;
  if (acked_bps && *acked_bps < estimate_bps_ / 2) return true;
  const int64_t gap = std::clamp(rtt_us, kMinDecreaseGapUs, kMaxDecreaseGapUs);
  return now_us - *last_decrease_us_ >= gap;
}

int64_t AimdRateControl::update(BandwidthUsage usage, std::optional<int64_t> acked_bps,
                                int64_t rtt_us, int64_t now_us) {
  transition(usage);
  if (!last_change_us_) last_change_us_ = now_us;
  const std::optional<double> acked_kbps =
      acked_bps ? std::optional<double>(static_cast<double>(*acked_bps) / 1000.0) : std::nullopt;

  switch (state_) {
    case State::kHold:
      last_change_us_ = now_us;
      break;
    case State::kIncrease: {
      if (acked_kbps && *acked_kbps > link_capacity_.upper_bound_kbps()) link_capacity_.reset();
      int64_t next = increased(rtt_us, now_us);
      if (acked_bps) {
        // Never grow past 1.5 R_hat, but do not cut either: that is the decrease's job.
        const int64_t limit = *acked_bps * 3 / 2 + kAckHeadroomBps;
        next = std::max(estimate_bps_, std::min(next, limit));
      }
      estimate_bps_ = clamp(next);
      last_change_us_ = now_us;
      break;
    }
    case State::kDecrease: {
      if (!may_decrease_again(acked_bps, rtt_us, now_us)) break;
      const int64_t basis = acked_bps.value_or(estimate_bps_);
      auto next = static_cast<int64_t>(kBeta * static_cast<double>(basis));
      if (next > estimate_bps_ && link_capacity_.known()) {
        // R_hat above the estimate (a probe burst drained): fall back on the capacity seen.
        next = static_cast<int64_t>(kBeta * link_capacity_.estimate_kbps() * 1000);
      }
      if (next < estimate_bps_) estimate_bps_ = clamp(next);
      if (acked_kbps) {
        if (*acked_kbps < link_capacity_.lower_bound_kbps()) link_capacity_.reset();
        link_capacity_.on_overuse(*acked_kbps);
      }
      state_ = State::kHold;
      last_change_us_ = now_us;
      last_decrease_us_ = now_us;
      break;
    }
  }
  return estimate_bps_;
}

void AimdRateControl::set_estimate(int64_t bps, int64_t now_us) {
  estimate_bps_ = clamp(bps);
  if (link_capacity_.known() &&
      static_cast<double>(estimate_bps_) / 1000.0 > link_capacity_.upper_bound_kbps()) {
    link_capacity_.reset();
  }
  last_change_us_ = now_us;
}

}  // namespace meet::rtc
