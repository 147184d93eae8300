#include "rtc/bwe/loss_based_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "common/assert.hpp"

namespace meet::rtc {

LossBasedEstimate::LossBasedEstimate(int64_t start_bps, int64_t min_bps, int64_t max_bps)
    : min_bps_(min_bps), max_bps_(max_bps), estimate_bps_(std::clamp(start_bps, min_bps, max_bps)) {
  MEET_ASSERT(min_bps > 0 && min_bps <= max_bps, "bitrate bounds out of order");
}

void LossBasedEstimate::raise_to(int64_t bps) {
  estimate_bps_ = std::max(estimate_bps_, std::min(bps, max_bps_));
}

void LossBasedEstimate::on_feedback(size_t lost, size_t reported, int64_t target_bps,
                                    std::optional<int64_t> acked_bps, int64_t rtt_us,
                                    int64_t now_us) {
  lost_ += lost;
  reported_ += reported;
  if (reported_ < kMinPackets) return;
  loss_fraction_ = static_cast<double>(lost_) / static_cast<double>(reported_);
  lost_ = 0;
  reported_ = 0;
  const int64_t elapsed_us =
      std::clamp<int64_t>(now_us - last_update_us_.value_or(now_us), 0, kMaxIncreaseStepUs);
  last_update_us_ = now_us;
  if (loss_fraction_ >= kLowLoss) last_lossy_us_ = now_us;
  if (loss_fraction_ > kHighLoss) last_congested_us_ = now_us;

  if (loss_fraction_ < kLowLoss) {
    const double factor = std::pow(kIncreasePerSecond, static_cast<double>(elapsed_us) / 1e6);
    int64_t next = static_cast<int64_t>(static_cast<double>(estimate_bps_) * factor) + 1000;
    if (acked_bps)
      next = std::max(estimate_bps_, std::min(next, *acked_bps * 3 / 2 + kAckHeadroomBps));
    estimate_bps_ = std::min(next, max_bps_);
  } else if (loss_fraction_ > kHighLoss) {
    if (last_decrease_us_ && now_us - *last_decrease_us_ < rtt_us + kDecreaseGapExtraUs) return;
    const double basis = static_cast<double>(std::min(estimate_bps_, target_bps));
    estimate_bps_ = std::max(min_bps_, static_cast<int64_t>(basis * (1 - 0.5 * loss_fraction_)));
    last_decrease_us_ = now_us;
  }
}

}  // namespace meet::rtc
